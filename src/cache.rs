//! What the previous build learnt of each article file, so that a file that did not change is
//! neither read nor parsed as Markdown again: its front matter (re-checked every build, since
//! the site's settings may have changed) and what its body gave (the hash of its HTML, the
//! excerpt, the word count, the sketch related reading compares). The HTML itself is made again only for pages that are rendered.
//!
//! A file counts as unchanged when its size, modification time and inode are as recorded.
//! The cache lives beside the output folder (`.dist.sources`); a missing, unreadable or older
//! cache only makes the build read every file.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::load::FileKey;
use crate::markdown::BodyDigest;

#[derive(Debug, Clone)]
pub struct CacheEntry {
    pub key: FileKey,
    /// The YAML between the `---` lines.
    pub front_matter: String,
    pub body: BodyDigest,
    /// The body's sketch for related reading (see `related::sketch`), if it was made.
    pub pairs: Option<Arc<[(u32, u8)]>>,
}

/// What one article file gave, to be written into the cache.
#[derive(Debug, Clone, Copy)]
pub struct Record<'a> {
    /// The path as shown in messages (`articles/x.md`).
    pub shown: &'a Path,
    pub key: FileKey,
    /// The YAML between the `---` lines.
    pub front_matter: &'a str,
    pub body: &'a BodyDigest,
    pub pairs: Option<&'a [(u32, u8)]>,
}

/// The previous build's knowledge, by the file's shown path (`articles/x.md`).
#[derive(Debug, Default)]
pub struct SourceCache {
    entries: HashMap<PathBuf, CacheEntry>,
}

/// Changes whenever the format, or what the HTML of a body would be, may change: with the
/// program's code (see build.rs).
const HEADER: &str = concat!(
    "broadsheet source cache 3 ",
    env!("CARGO_PKG_VERSION"),
    " ",
    env!("BROADSHEET_CODE"),
    "\n"
);

impl SourceCache {
    /// The entry for `shown` if the file on disk is still the one recorded.
    pub fn get(&self, shown: &Path, key: &FileKey) -> Option<&CacheEntry> {
        self.entries.get(shown).filter(|entry| entry.key == *key)
    }

    /// How many files it knows.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    #[cfg(test)]
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Reads the cache at `path`; empty when it is missing or not of this version.
    pub fn read(path: &Path) -> SourceCache {
        let Ok(bytes) = std::fs::read(path) else {
            return SourceCache::default();
        };
        let Some(mut rest) = bytes.strip_prefix(HEADER.as_bytes()) else {
            return SourceCache::default();
        };
        let mut entries = HashMap::new();
        while !rest.is_empty() {
            match Self::entry(&mut rest) {
                Some((shown, entry)) => {
                    entries.insert(shown, entry);
                }
                None => return SourceCache::default(),
            }
        }
        SourceCache { entries }
    }

    fn entry(rest: &mut &[u8]) -> Option<(PathBuf, CacheEntry)> {
        let shown = PathBuf::from(text(rest)?);
        let key = FileKey {
            size: number(rest)?,
            modified: i128::from(number(rest)?) << 64 | i128::from(number(rest)?),
            inode: number(rest)?,
        };
        let front_matter = text(rest)?;
        let body = BodyDigest {
            html_hash: number(rest)?,
            excerpt: text(rest)?,
            word_count: number(rest)? as usize,
            cjk_count: number(rest)? as usize,
            pictures: {
                let count = number(rest)? as usize;
                let mut pictures = Vec::with_capacity(count.min(64));
                for _ in 0..count {
                    pictures.push((text(rest)?, number(rest)? as usize, number(rest)? as usize));
                }
                pictures
            },
        };
        let pairs = match number(rest)? {
            NO_PAIRS => None,
            count => {
                let count = usize::try_from(count).ok()?;
                if rest.len() < count.checked_mul(5)? {
                    return None;
                }
                let (head, tail) = rest.split_at(count * 5);
                *rest = tail;
                Some(
                    head.chunks_exact(5)
                        .map(|c| (u32::from_le_bytes([c[0], c[1], c[2], c[3]]), c[4]))
                        .collect(),
                )
            }
        };
        Some((
            shown,
            CacheEntry {
                key,
                front_matter,
                body,
                pairs,
            },
        ))
    }

    /// Writes what each file of the build (every article, drafts too) gave.
    pub fn write<'a>(
        path: &Path,
        records: impl IntoIterator<Item = Record<'a>>,
    ) -> std::io::Result<()> {
        use std::io::Write as _;
        // Written as it is made, through a buffer: made whole first, its 6 MB at 10,000
        // articles (and the copies of a growing Vec) were the build's peak of memory.
        let temporary = path.with_extension("sources.new");
        let mut out =
            std::io::BufWriter::with_capacity(1 << 16, std::fs::File::create(&temporary)?);
        out.write_all(HEADER.as_bytes())?;
        for record in records {
            put_text(&mut out, &record.shown.to_string_lossy())?;
            let key = &record.key;
            for value in [
                key.size,
                (key.modified >> 64) as u64,
                key.modified as u64,
                key.inode,
            ] {
                out.write_all(&value.to_le_bytes())?;
            }
            put_text(&mut out, record.front_matter)?;
            out.write_all(&record.body.html_hash.to_le_bytes())?;
            put_text(&mut out, &record.body.excerpt)?;
            out.write_all(&(record.body.word_count as u64).to_le_bytes())?;
            out.write_all(&(record.body.cjk_count as u64).to_le_bytes())?;
            out.write_all(&(record.body.pictures.len() as u64).to_le_bytes())?;
            for (written, line, column) in &record.body.pictures {
                put_text(&mut out, written)?;
                out.write_all(&(*line as u64).to_le_bytes())?;
                out.write_all(&(*column as u64).to_le_bytes())?;
            }
            match record.pairs {
                None => out.write_all(&NO_PAIRS.to_le_bytes())?,
                Some(pairs) => {
                    out.write_all(&(pairs.len() as u64).to_le_bytes())?;
                    for &(key, count) in pairs {
                        out.write_all(&key.to_le_bytes())?;
                        out.write_all(&[count])?;
                    }
                }
            }
        }
        out.into_inner().map_err(|e| e.into_error())?;
        std::fs::rename(temporary, path)
    }
}

/// The count of pairs written for an article whose body has no sketch.
const NO_PAIRS: u64 = u64::MAX;

fn put_text(out: &mut impl std::io::Write, text: &str) -> std::io::Result<()> {
    out.write_all(&(text.len() as u64).to_le_bytes())?;
    out.write_all(text.as_bytes())
}

fn number(rest: &mut &[u8]) -> Option<u64> {
    let (head, tail) = rest.split_first_chunk::<8>()?;
    *rest = tail;
    Some(u64::from_le_bytes(*head))
}

fn text(rest: &mut &[u8]) -> Option<String> {
    let len = usize::try_from(number(rest)?).ok()?;
    if rest.len() < len {
        return None;
    }
    let (head, tail) = rest.split_at(len);
    *rest = tail;
    String::from_utf8(head.to_vec()).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    const FRONT_MATTER: &str = "title: 标题\nauthor: 李宏\ndate: 2026-03-27\n";

    fn digest() -> BodyDigest {
        BodyDigest {
            html_hash: 0x0123_4567_89ab_cdef,
            excerpt: "第一段。".to_owned(),
            word_count: 4,
            cjk_count: 4,
            pictures: vec![("漫画.png".to_owned(), 3, 1)],
        }
    }

    fn record(key: FileKey, body: &BodyDigest) -> Record<'_> {
        Record {
            shown: Path::new("articles/a.md"),
            key,
            front_matter: FRONT_MATTER,
            body,
            pairs: Some(&[(0x4e2d_6587, 3), (0x7fa4_4f17, 1)]),
        }
    }

    #[test]
    fn remembers_what_each_file_gave() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(".dist.sources");
        let key = FileKey {
            size: 80,
            modified: 1_795_676_564_257_319_077,
            inode: 42,
        };
        let body = digest();
        SourceCache::write(&path, [record(key, &body)]).unwrap();

        let cache = SourceCache::read(&path);
        let entry = cache.get(Path::new("articles/a.md"), &key).unwrap();
        assert_eq!(entry.front_matter, FRONT_MATTER);
        assert_eq!(entry.body, body);
        assert_eq!(entry.body.excerpt, "第一段。");
        assert_eq!(
            entry.pairs.as_deref(),
            Some(&[(0x4e2d_6587, 3), (0x7fa4_4f17, 1)][..])
        );
        // Another version of the file is not known.
        assert!(
            cache
                .get(Path::new("articles/a.md"), &FileKey { modified: 1, ..key })
                .is_none()
        );
    }

    #[test]
    fn a_damaged_cache_is_ignored() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(".dist.sources");
        std::fs::write(&path, format!("{HEADER}\u{1}\u{2}")).unwrap();
        assert!(SourceCache::read(&path).is_empty());
        std::fs::write(&path, "broadsheet source cache 0\n").unwrap();
        assert!(SourceCache::read(&path).is_empty());
    }

    #[test]
    fn a_cache_written_by_other_code_is_ignored() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(".dist.sources");
        let key = FileKey {
            size: 80,
            modified: 1,
            inode: 42,
        };
        let body = digest();
        SourceCache::write(&path, [record(key, &body)]).unwrap();
        let bytes = std::fs::read(&path).unwrap();
        let code = env!("BROADSHEET_CODE");
        assert_eq!(
            code.len(),
            16,
            "the code's fingerprint is 16 hexadecimal digits"
        );
        assert!(bytes.starts_with(HEADER.as_bytes()) && HEADER.contains(code));
        assert_eq!(SourceCache::read(&path).len(), 1);
        // The same cache as a program with other code would have written it.
        let other = String::from_utf8_lossy(&bytes).replacen(code, "0123456789abcdef", 1);
        std::fs::write(&path, other.as_bytes()).unwrap();
        assert!(SourceCache::read(&path).is_empty());
    }
}
