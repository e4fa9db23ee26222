//! The processed pictures kept between builds, outside the output folder
//! (`.dist.pictures/`, safe to delete): one file per picture, named by its cache key (the
//! source's bytes hashed with the settings), holding what `process` made. A build in which no
//! picture changed decodes none: it knows each picture from the file's size, time and inode
//! (the index, `index`, which holds what each picture gave, so that a build in which nothing
//! changed opens no file of the cache), else from its bytes, and reads back only what it
//! must write.

use std::collections::HashMap;
use std::io::{Read as _, Write as _};
use std::path::{Path, PathBuf};

use super::{Format, Kind, Picture, Processed, Variant};
use crate::load::FileKey;

const MAGIC: &[u8] = b"broadsheet picture 1\n";
const INDEX_HEADER: &str = "broadsheet picture index 1\n";

/// The folder of the cache, and what its index said when it was opened.
pub struct Store {
    dir: PathBuf,
    index: HashMap<PathBuf, (FileKey, Picture)>,
    /// The index as read, so that an unchanged one is not written again.
    index_text: String,
}

impl Store {
    /// Opens the cache in `dir` (made when first written to); an index that cannot be read is
    /// an empty one.
    pub fn open(dir: &Path) -> Store {
        let index_text = std::fs::read_to_string(dir.join("index")).unwrap_or_default();
        Store {
            dir: dir.to_path_buf(),
            index: parse_index(&index_text).unwrap_or_default(),
            index_text,
        }
    }

    /// What the index knows of the file `shown` in the version `file`.
    pub fn known(&self, shown: &Path, file: &FileKey) -> Option<Picture> {
        self.index
            .get(shown)
            .filter(|(known, _)| known == file)
            .map(|(_, picture)| picture.clone())
    }

    fn path(&self, key: u64) -> PathBuf {
        self.dir.join(format!("{key:016x}"))
    }

    /// What the cache holds for `key`, without the copies' bytes.
    pub fn picture(&self, key: u64) -> Option<Picture> {
        let mut head = vec![0; 4096];
        let mut file = std::fs::File::open(self.path(key)).ok()?;
        let mut filled = 0;
        while filled < head.len() {
            match file.read(&mut head[filled..]).ok()? {
                0 => break,
                n => filled += n,
            }
        }
        head.truncate(filled);
        decode(key, &head).map(|(picture, _)| picture)
    }

    /// The bytes of every copy of `key`, in order.
    pub fn bytes(&self, key: u64) -> Option<Vec<Vec<u8>>> {
        let all = std::fs::read(self.path(key)).ok()?;
        let (picture, mut at) = decode(key, &all)?;
        let mut copies = Vec::with_capacity(picture.variants.len());
        for _ in &picture.variants {
            let len =
                usize::try_from(u64::from_le_bytes(all.get(at..at + 8)?.try_into().ok()?)).ok()?;
            at += 8;
            copies.push(all.get(at..at + len)?.to_vec());
            at += len;
        }
        Some(copies)
    }

    /// Keeps what was made. A failure only costs the next build time.
    pub fn put(&self, processed: &Processed) {
        let _ = std::fs::create_dir_all(&self.dir);
        let picture = &processed.picture;
        let mut out = encode(picture);
        for bytes in &processed.bytes {
            out.extend_from_slice(&(bytes.len() as u64).to_le_bytes());
            out.extend_from_slice(bytes);
        }
        let path = self.path(picture.key);
        let temporary = path.with_extension("new");
        let written = std::fs::File::create(&temporary).and_then(|mut f| f.write_all(&out));
        if written.is_ok() {
            let _ = std::fs::rename(&temporary, &path);
        }
    }

    /// Writes the index: each picture file used by this build, its version and its key; and,
    /// with `prune`, deletes what the cache holds of pictures this build did not show (a
    /// replaced picture's old copies), so that it does not grow for ever. (The dev server does
    /// not prune: pictures it makes in the background are not shown yet.)
    pub fn write_index(&self, entries: &[(PathBuf, FileKey, Picture)], prune: bool) {
        // The index as read, entry for entry (a build in which no picture changed): nothing
        // to write, nothing to prune.
        let same = entries.len() == self.index.len()
            && entries.iter().all(|(shown, file, picture)| {
                self.index
                    .get(shown)
                    .is_some_and(|(known, was)| known == file && was == picture)
            });
        if same && !self.index_text.is_empty() {
            return;
        }
        let mut text = String::from(INDEX_HEADER);
        for (shown, file, picture) in entries {
            let variants: Vec<String> = picture
                .variants
                .iter()
                .map(|v| {
                    format!(
                        "{}:{}:{}:{}",
                        v.width,
                        v.height,
                        v.format.code(),
                        u8::from(v.share)
                    )
                })
                .collect();
            text.push_str(&format!(
                "{}\t{}\t{}\t{:016x}\t{}\t{}\t{}\t{}\t{}\n",
                file.size,
                file.modified,
                file.inode,
                picture.key,
                picture.width,
                picture.height,
                picture.kind as u8,
                variants.join(","),
                shown.to_string_lossy()
            ));
        }
        if text == self.index_text {
            return;
        }
        let used: std::collections::HashSet<String> = entries
            .iter()
            .map(|(_, _, picture)| format!("{:016x}", picture.key))
            .collect();
        if let Some(files) = std::fs::read_dir(&self.dir).ok().filter(|_| prune) {
            for file in files.flatten() {
                let name = file.file_name().to_string_lossy().into_owned();
                let is_picture = name.len() == 16 && name.bytes().all(|b| b.is_ascii_hexdigit());
                if is_picture && !used.contains(&name) {
                    let _ = std::fs::remove_file(file.path());
                }
            }
        }
        let _ = std::fs::create_dir_all(&self.dir);
        let path = self.dir.join("index");
        let temporary = self.dir.join("index.new");
        if std::fs::write(&temporary, text).is_ok() {
            let _ = std::fs::rename(temporary, path);
        }
    }
}

fn parse_index(text: &str) -> Option<HashMap<PathBuf, (FileKey, Picture)>> {
    let rest = text.strip_prefix(INDEX_HEADER)?;
    let mut index = HashMap::new();
    for line in rest.lines() {
        let mut parts = line.splitn(9, '\t');
        let size = parts.next()?.parse().ok()?;
        let modified = parts.next()?.parse().ok()?;
        let inode = parts.next()?.parse().ok()?;
        let key = u64::from_str_radix(parts.next()?, 16).ok()?;
        let width = parts.next()?.parse().ok()?;
        let height = parts.next()?.parse().ok()?;
        let kind = kind_of(parts.next()?.parse().ok()?)?;
        let variants = parts
            .next()?
            .split(',')
            .map(|v| {
                let mut fields = v.split(':').map(str::parse::<u32>);
                let mut next = || fields.next()?.ok();
                Some(Variant {
                    width: next()?,
                    height: next()?,
                    format: Format::of_code(u8::try_from(next()?).ok()?)?,
                    share: next()? == 1,
                })
            })
            .collect::<Option<Vec<Variant>>>()?;
        let shown = PathBuf::from(parts.next()?);
        let picture = Picture {
            key,
            width,
            height,
            kind,
            variants,
        };
        index.insert(
            shown,
            (
                FileKey {
                    size,
                    modified,
                    inode,
                },
                picture,
            ),
        );
    }
    Some(index)
}

fn kind_of(code: u8) -> Option<Kind> {
    match code {
        0 => Some(Kind::Photo),
        1 => Some(Kind::Drawing),
        2 => Some(Kind::Svg),
        _ => None,
    }
}

fn encode(picture: &Picture) -> Vec<u8> {
    let mut out = MAGIC.to_vec();
    out.extend_from_slice(&picture.width.to_le_bytes());
    out.extend_from_slice(&picture.height.to_le_bytes());
    out.push(picture.kind as u8);
    out.extend_from_slice(&(picture.variants.len() as u32).to_le_bytes());
    for v in &picture.variants {
        out.extend_from_slice(&v.width.to_le_bytes());
        out.extend_from_slice(&v.height.to_le_bytes());
        out.push(v.format.code());
        out.push(u8::from(v.share));
    }
    out
}

/// The picture described at the start of `bytes`, and where its copies start.
fn decode(key: u64, bytes: &[u8]) -> Option<(Picture, usize)> {
    let rest = bytes.strip_prefix(MAGIC)?;
    let mut at = MAGIC.len();
    let u32_at = |i: usize| -> Option<u32> {
        Some(u32::from_le_bytes(bytes.get(i..i + 4)?.try_into().ok()?))
    };
    let _ = rest;
    let width = u32_at(at)?;
    let height = u32_at(at + 4)?;
    let kind = kind_of(*bytes.get(at + 8)?)?;
    let count = u32_at(at + 9)? as usize;
    at += 13;
    let mut variants = Vec::with_capacity(count.min(16));
    for _ in 0..count {
        variants.push(Variant {
            width: u32_at(at)?,
            height: u32_at(at + 4)?,
            format: Format::of_code(*bytes.get(at + 8)?)?,
            share: *bytes.get(at + 9)? == 1,
        });
        at += 10;
    }
    Some((
        Picture {
            key,
            width,
            height,
            kind,
            variants,
        },
        at,
    ))
}
