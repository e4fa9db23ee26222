//! `broadsheet deploy s3://bucket/prefix`: the built site into object storage (S3, or any store
//! that speaks its protocol: OSS, COS, R2, MinIO…), sending only what changed since the last
//! deploy and deleting only what this tool sent and the site no longer has.
//!
//! What changed is known without listing or hashing the remote objects: the output's manifest
//! gives each file's fingerprint, and the store holds one small object, the deploy's state
//! (`<prefix>/.broadsheet-deployed`: the fingerprint of each file sent). Files go up in an order
//! that never shows a reader a page whose stylesheet or pictures are missing: everything else
//! first, pages (`.html`) after, deletions last. A deploy that stops half-way is resumed: each
//! file sent is written at once to a journal beside the output, which the next deploy to the
//! same place reads. [`plan`] is pure; [`deploy`] reads the output and talks to the store.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

/// Where to deploy, and how.
#[derive(Debug, Clone)]
pub struct DeployOptions {
    /// The built site (`dist/`).
    pub output: PathBuf,
    /// `s3://bucket` or `s3://bucket/prefix`.
    pub target: String,
    /// The store's address when it is not AWS (`http://127.0.0.1:9000`, an OSS or COS
    /// endpoint); else `AWS_ENDPOINT_URL`, else AWS's for the region.
    pub endpoint: Option<String>,
    /// Say what would be sent and deleted, and send nothing.
    pub dry_run: bool,
    /// Files sent at once.
    pub jobs: usize,
}

/// One file to send.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Upload {
    /// Below the site's root, `/`-separated.
    pub path: String,
    pub fingerprint: u64,
    /// A hash of its bytes, when the plan read them (0 when it did not: the upload hashes the
    /// bytes it sends).
    pub content: u64,
    pub size: u64,
}

/// What a deploy sent of a file: the build's fingerprint and a hash of the bytes.
pub type Sent = (u64, u64);

/// What a deploy does: files to send (in order) and objects to delete.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Plan {
    pub uploads: Vec<Upload>,
    pub deletes: Vec<String>,
    /// Files already there as they are.
    pub unchanged: usize,
}

/// What a deploy did.
#[derive(Debug, Clone, Default)]
pub struct DeployReport {
    pub plan: Plan,
    /// Bytes sent.
    pub bytes: u64,
    /// Files of the plan found sent already by a deploy that stopped half-way.
    pub resumed: usize,
    pub dry_run: bool,
}

/// The files to send and the objects to delete, from the site's files (path → the build's
/// fingerprint and size) and what the last deploy sent (path → fingerprint and content hash):
/// a file whose fingerprint is the one sent is there as it is, unread; one whose fingerprint
/// changed, and that a deploy sent before, is read (`content` gives a hash of its bytes) and
/// sent only when its bytes changed (a page whose inputs changed may render the same); a new
/// one is sent without being read here. An object is deleted when the last deploy
/// sent it and the site no longer has it. Pages go after every other file. Also gives the
/// files found unchanged by their bytes, whose new fingerprints the state should record.
pub fn plan(
    local: &BTreeMap<String, (u64, u64)>,
    deployed: &BTreeMap<String, Sent>,
    content: &dyn Fn(&str) -> Option<u64>,
) -> (Plan, Vec<(String, Sent)>) {
    let mut result = Plan::default();
    let mut same_bytes = Vec::new();
    for (path, &(fingerprint, size)) in local {
        let sent = deployed.get(path);
        if sent.is_some_and(|(f, _)| *f == fingerprint) {
            result.unchanged += 1;
            continue;
        }
        // Read only when there is something to compare with; a new file's hash is taken from
        // the bytes sent.
        let hash = match sent {
            Some(&(_, sent_content)) => {
                let hash = content(path).unwrap_or(0);
                if hash == sent_content {
                    result.unchanged += 1;
                    same_bytes.push((path.clone(), (fingerprint, hash)));
                    continue;
                }
                hash
            }
            None => 0,
        };
        result.uploads.push(Upload {
            path: path.clone(),
            fingerprint,
            content: hash,
            size,
        });
    }
    result
        .uploads
        .sort_by_key(|u| (is_page(&u.path), u.path.clone()));
    result.deletes = deployed
        .keys()
        .filter(|path| !local.contains_key(*path))
        .cloned()
        .collect();
    (result, same_bytes)
}

/// A page: what readers open, which links to the other files.
fn is_page(path: &str) -> bool {
    path.ends_with(".html")
}

/// The `Content-Type` of a file, by its name: text types say UTF-8.
pub fn content_type(path: &str) -> &'static str {
    let extension = path.rsplit_once('.').map_or("", |(_, e)| e);
    match extension.to_ascii_lowercase().as_str() {
        "html" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" => "application/json; charset=utf-8",
        "xml" => {
            if path.ends_with("atom.xml") {
                "application/atom+xml; charset=utf-8"
            } else {
                "application/xml; charset=utf-8"
            }
        }
        "txt" => "text/plain; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "webp" => "image/webp",
        "avif" => "image/avif",
        "gif" => "image/gif",
        "ico" => "image/x-icon",
        "woff2" => "font/woff2",
        "woff" => "font/woff",
        "pdf" => "application/pdf",
        "bin" => "application/octet-stream",
        _ => "application/octet-stream",
    }
}

/// The `Cache-Control` of a file: a year for a file whose name holds its content's hash (it
/// never changes at that name), an hour for the theme's and site's static files, five minutes
/// for pages, feeds and the search index, which change with every edition.
pub fn cache_control(path: &str) -> &'static str {
    let name = path.rsplit('/').next().unwrap_or(path);
    let hashed = name.split('.').any(|part| {
        part.len() >= 16 && part.len() <= 64 && part.chars().all(|c| c.is_ascii_hexdigit())
    });
    if hashed {
        "public, max-age=31536000, immutable"
    } else if path.starts_with("static/") {
        "public, max-age=3600"
    } else {
        "public, max-age=300"
    }
}

/// The bucket and the prefix (empty, or ending in `/`) of `s3://bucket/prefix`.
pub fn parse_target(target: &str) -> std::result::Result<(String, String), String> {
    let rest = target.strip_prefix("s3://").ok_or_else(|| {
        format!("`{target}` is not an s3:// address: write s3://bucket or s3://bucket/prefix")
    })?;
    let (bucket, prefix) = rest.split_once('/').unwrap_or((rest, ""));
    if bucket.is_empty() {
        return Err(format!(
            "`{target}` names no bucket: write s3://bucket/prefix"
        ));
    }
    let prefix = prefix.trim_matches('/');
    let prefix = if prefix.is_empty() {
        String::new()
    } else {
        format!("{prefix}/")
    };
    Ok((bucket.to_owned(), prefix))
}

/// The name of the state object below the prefix.
const STATE: &str = ".broadsheet-deployed";

/// Reads a state or journal's lines: `fingerprint content path`.
fn read_state(text: &str) -> BTreeMap<String, Sent> {
    text.lines()
        .filter_map(|line| {
            let mut parts = line.splitn(3, ' ');
            let fingerprint = u64::from_str_radix(parts.next()?, 16).ok()?;
            let content = u64::from_str_radix(parts.next()?, 16).ok()?;
            Some((parts.next()?.to_owned(), (fingerprint, content)))
        })
        .collect()
}

fn state_line((path, (fingerprint, content)): (&String, &Sent)) -> String {
    format!("{fingerprint:016x} {content:016x} {path}\n")
}

fn write_state(state: &BTreeMap<String, Sent>) -> String {
    state.iter().map(state_line).collect()
}

/// The site's files: those the manifest records, and those kept in the output that this tool
/// did not write (a host's `CNAME`), fingerprinted by their bytes.
fn local_files(output: &Path) -> Result<BTreeMap<String, (u64, u64)>> {
    let Some((files, kept)) = crate::output::live_files(output) else {
        return Err(Error::content(vec![crate::error::Diagnostic::new(
            output,
            0,
            0,
            "is not a site built by broadsheet (it has no manifest beside it): run `broadsheet build` first",
        )]));
    };
    let mut local: BTreeMap<String, (u64, u64)> = files
        .into_iter()
        .map(|(path, fingerprint, size)| (path, (fingerprint, size)))
        .collect();
    for path in kept {
        let full = output.join(&path);
        let bytes = std::fs::read(&full).map_err(Error::io("read", &full))?;
        let fingerprint = fnv1a64(&bytes);
        local.insert(path, (fingerprint, bytes.len() as u64));
    }
    Ok(local)
}

/// FNV-1a (the model's hasher): a hash of a file's bytes, and a short name for a target.
fn fnv1a64(bytes: &[u8]) -> u64 {
    use std::hash::Hasher as _;
    let mut hasher = crate::model::Fnv::default();
    hasher.write(bytes);
    hasher.finish()
}

/// The journal beside the output of a deploy to `target`: the files it sent, as they were.
fn journal_path(output: &Path, target: &str) -> PathBuf {
    let key = fnv1a64(target.as_bytes());
    crate::output::beside(output, &format!("deploy-{key:016x}"))
}

/// Deploys `options.output` to `options.target`.
pub fn deploy(options: &DeployOptions) -> Result<DeployReport> {
    let (bucket, prefix) = parse_target(&options.target).map_err(|message| {
        Error::content(vec![crate::error::Diagnostic::new(
            &options.target,
            0,
            0,
            message,
        )])
    })?;
    let local = local_files(&options.output)?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|e| Error::io("start", Path::new("the deploy's runtime"))(e))?;
    runtime.block_on(store::run(options, &bucket, &prefix, &local))
}

mod store {
    //! The talking to the store: object_store's S3 client (credentials, region and endpoint
    //! from the usual `AWS_*` variables), with its retries.

    use std::collections::BTreeMap;
    use std::io::Write as _;

    use futures_util::StreamExt as _;
    use object_store::aws::AmazonS3Builder;
    use object_store::path::Path as ObjectPath;
    use object_store::{
        Attribute, Attributes, ObjectStore, ObjectStoreExt, PutOptions, PutPayload,
    };

    use super::{
        DeployOptions, DeployReport, STATE, cache_control, content_type, journal_path, plan,
        read_state, write_state,
    };
    use crate::error::{Diagnostic, Error, Result};

    fn store_error(what: &str, error: object_store::Error) -> Error {
        Error::content(vec![Diagnostic::new(
            what,
            0,
            0,
            format!("the store said: {error}"),
        )])
    }

    pub(super) async fn run(
        options: &DeployOptions,
        bucket: &str,
        prefix: &str,
        local: &BTreeMap<String, (u64, u64)>,
    ) -> Result<DeployReport> {
        let mut builder = AmazonS3Builder::from_env().with_bucket_name(bucket);
        if let Some(endpoint) = &options.endpoint {
            builder = builder.with_endpoint(endpoint);
        }
        let endpoint_is_http = options
            .endpoint
            .clone()
            .or_else(|| std::env::var("AWS_ENDPOINT_URL").ok())
            .is_some_and(|e| e.starts_with("http://"));
        if endpoint_is_http {
            builder = builder.with_allow_http(true);
        }
        let store = builder
            .build()
            .map_err(|e| store_error(&options.target, e))?;
        let state_path = ObjectPath::from(format!("{prefix}{STATE}"));
        let mut deployed = match store.get(&state_path).await {
            Ok(found) => {
                let bytes = found
                    .bytes()
                    .await
                    .map_err(|e| store_error(&options.target, e))?;
                read_state(&String::from_utf8_lossy(&bytes))
            }
            Err(object_store::Error::NotFound { .. }) => BTreeMap::new(),
            Err(error) => return Err(store_error(&options.target, error)),
        };
        // A deploy to the same place that stopped half-way: what it sent counts as sent.
        let journal = journal_path(&options.output, &options.target);
        let journaled = std::fs::read_to_string(&journal)
            .map(|text| read_state(&text))
            .unwrap_or_default();
        let mut report = DeployReport {
            dry_run: options.dry_run,
            ..DeployReport::default()
        };
        for (path, sent) in &journaled {
            if local.get(path).is_some_and(|(f, _)| *f == sent.0)
                && deployed.get(path) != Some(sent)
            {
                deployed.insert(path.clone(), *sent);
                report.resumed += 1;
            }
        }
        let hash = |path: &str| {
            std::fs::read(options.output.join(path))
                .ok()
                .map(|b| super::fnv1a64(&b))
        };
        let (made, same_bytes) = plan(local, &deployed, &hash);
        report.plan = made;
        deployed.extend(same_bytes);
        if options.dry_run {
            return Ok(report);
        }

        let mut journal_file = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(&journal)
            .map_err(Error::io("write", &journal))?;
        // Everything but the pages, then the pages: each group sent at once, `jobs` at a time.
        let (others, pages): (Vec<_>, Vec<_>) = report
            .plan
            .uploads
            .iter()
            .partition(|u| !super::is_page(&u.path));
        for group in [others, pages] {
            let sent = futures_util::stream::iter(group)
                .map(|upload| {
                    let store = &store;
                    async move {
                        let file = options.output.join(&upload.path);
                        let bytes = tokio::fs::read(&file)
                            .await
                            .map_err(Error::io("read", &file))?;
                        let mut attributes = Attributes::new();
                        attributes
                            .insert(Attribute::ContentType, content_type(&upload.path).into());
                        attributes
                            .insert(Attribute::CacheControl, cache_control(&upload.path).into());
                        let put = PutOptions {
                            attributes,
                            ..PutOptions::default()
                        };
                        let size = bytes.len() as u64;
                        let content = super::fnv1a64(&bytes);
                        store
                            .put_opts(
                                &ObjectPath::from(format!("{prefix}{}", upload.path)),
                                PutPayload::from(bytes),
                                put,
                            )
                            .await
                            .map_err(|e| store_error(&upload.path, e))?;
                        Ok::<_, Error>((upload, size, content))
                    }
                })
                .buffer_unordered(options.jobs.max(1));
            futures_util::pin_mut!(sent);
            while let Some(done) = sent.next().await {
                let (upload, size, content) = done?;
                report.bytes += size;
                let sent = (upload.fingerprint, content);
                deployed.insert(upload.path.clone(), sent);
                journal_file
                    .write_all(super::state_line((&upload.path, &sent)).as_bytes())
                    .map_err(Error::io("write", &journal))?;
            }
        }
        journal_file.flush().map_err(Error::io("write", &journal))?;
        let save = |deployed: &BTreeMap<String, super::Sent>| {
            let state = PutPayload::from(write_state(deployed).into_bytes());
            let (store, state_path) = (&store, &state_path);
            async move {
                store
                    .put(state_path, state)
                    .await
                    .map(|_| ())
                    .map_err(|e| store_error(&options.target, e))
            }
        };
        // The new state before deleting: a deploy stopped now deletes them the next time.
        save(&deployed).await?;
        for path in &report.plan.deletes {
            match store
                .delete(&ObjectPath::from(format!("{prefix}{path}")))
                .await
            {
                Ok(()) | Err(object_store::Error::NotFound { .. }) => {}
                Err(error) => return Err(store_error(path, error)),
            }
            deployed.remove(path);
        }
        save(&deployed).await?;
        let _ = std::fs::remove_file(&journal);
        Ok(report)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sends_what_changed_pages_last_and_deletes_only_what_it_sent() {
        let local: BTreeMap<String, (u64, u64)> = [
            ("index.html", 1, 10),
            ("static/style.css", 2, 20),
            ("articles/a/index.html", 3, 30),
            ("atom.xml", 4, 40),
        ]
        .into_iter()
        .map(|(p, f, s)| (p.to_owned(), (f, s)))
        .collect();
        let deployed: BTreeMap<String, Sent> = [
            ("index.html", (1, 11)),
            ("atom.xml", (9, 44)),
            ("articles/a/index.html", (8, 33)),
            ("gone/index.html", (5, 55)),
        ]
        .into_iter()
        .map(|(p, f)| (p.to_owned(), f))
        .collect();
        // The article's page rendered the same bytes from new inputs; the feed did not.
        let content = |path: &str| {
            Some(if path == "articles/a/index.html" {
                33
            } else {
                99
            })
        };
        let (made, same) = plan(&local, &deployed, &content);
        assert_eq!(same, [("articles/a/index.html".to_owned(), (3, 33))]);
        let order: Vec<&str> = made.uploads.iter().map(|u| u.path.as_str()).collect();
        assert_eq!(order, ["atom.xml", "static/style.css"]);
        assert_eq!(made.deletes, ["gone/index.html"]);
        assert_eq!(made.unchanged, 2);
    }

    #[test]
    fn types_and_caching_by_name() {
        assert_eq!(
            content_type("articles/a/index.html"),
            "text/html; charset=utf-8"
        );
        assert_eq!(
            content_type("atom.xml"),
            "application/atom+xml; charset=utf-8"
        );
        assert_eq!(
            content_type("search/d/0.json"),
            "application/json; charset=utf-8"
        );
        assert_eq!(cache_control("index.html"), "public, max-age=300");
        assert_eq!(cache_control("static/style.css"), "public, max-age=3600");
        assert_eq!(
            cache_control("pictures/cartoon.0123456789abcdef.webp"),
            "public, max-age=31536000, immutable"
        );
        assert_eq!(
            parse_target("s3://b/x/y/").unwrap(),
            ("b".to_owned(), "x/y/".to_owned())
        );
        assert_eq!(
            parse_target("s3://b").unwrap(),
            ("b".to_owned(), String::new())
        );
        assert!(parse_target("https://b").is_err());
    }
}
