//! The processed pictures kept between builds, outside the output folder
//! (`.dist.pictures/`, safe to delete): one file per picture, named by its cache key (the
//! source's bytes hashed with the settings), holding what `process` made. A build in which no
//! picture changed decodes none: it finds each picture's key from the file's size, time and
//! inode (the index, `index`), else from its bytes, and reads back only what it must write.

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
    index: HashMap<PathBuf, (FileKey, u64)>,
}

impl Store {
    /// Opens the cache in `dir` (made when first written to); an index that cannot be read is
    /// an empty one.
    pub fn open(dir: &Path) -> Store {
        let index = std::fs::read_to_string(dir.join("index"))
            .ok()
            .and_then(|text| parse_index(&text))
            .unwrap_or_default();
        Store {
            dir: dir.to_path_buf(),
            index,
        }
    }

    /// The key the index knows for the file `shown` in the version `file`.
    pub fn known_key(&self, shown: &Path, file: &FileKey) -> Option<u64> {
        self.index
            .get(shown)
            .filter(|(known, _)| known == file)
            .map(|(_, key)| *key)
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

    /// Writes the index: each picture file used by this build, its version and its key.
    pub fn write_index(&self, entries: &[(PathBuf, FileKey, u64)]) {
        let mut text = String::from(INDEX_HEADER);
        for (shown, file, key) in entries {
            text.push_str(&format!(
                "{}\t{}\t{}\t{}\t{key:016x}\n",
                file.size,
                file.modified,
                file.inode,
                shown.to_string_lossy()
            ));
        }
        let _ = std::fs::create_dir_all(&self.dir);
        let path = self.dir.join("index");
        let temporary = self.dir.join("index.new");
        if std::fs::write(&temporary, text).is_ok() {
            let _ = std::fs::rename(temporary, path);
        }
    }
}

fn parse_index(text: &str) -> Option<HashMap<PathBuf, (FileKey, u64)>> {
    let rest = text.strip_prefix(INDEX_HEADER)?;
    let mut index = HashMap::new();
    for line in rest.lines() {
        let mut parts = line.splitn(5, '\t');
        let size = parts.next()?.parse().ok()?;
        let modified = parts.next()?.parse().ok()?;
        let inode = parts.next()?.parse().ok()?;
        let shown = PathBuf::from(parts.next()?);
        let key = u64::from_str_radix(parts.next()?, 16).ok()?;
        index.insert(
            shown,
            (
                FileKey {
                    size,
                    modified,
                    inode,
                },
                key,
            ),
        );
    }
    Some(index)
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
    let kind = match *bytes.get(at + 8)? {
        0 => Kind::Photo,
        1 => Kind::Drawing,
        2 => Kind::Svg,
        _ => return None,
    };
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
