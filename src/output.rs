//! Writes the site into a temporary folder beside the output folder, and swaps it in only
//! when every file was written: a failed or interrupted build leaves the old site as it was.

use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

/// A folder being filled, to become the output folder on `commit`.
pub struct Staging {
    folder: PathBuf,
    target: PathBuf,
    committed: bool,
}

impl Staging {
    /// Starts an empty staging folder beside `target`.
    pub fn new(target: &Path) -> Result<Staging> {
        let name = target
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "dist".to_owned());
        let parent = target
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        std::fs::create_dir_all(parent).map_err(Error::io("create the folder", parent))?;
        let folder = parent.join(format!(".{name}.building-{}", std::process::id()));
        if folder.exists() {
            std::fs::remove_dir_all(&folder)
                .map_err(Error::io("remove the leftover folder", &folder))?;
        }
        std::fs::create_dir(&folder).map_err(Error::io("create the folder", &folder))?;
        Ok(Staging {
            folder,
            target: target.to_path_buf(),
            committed: false,
        })
    }

    /// Writes one file, `relative` being a `/`-separated path below the site's root.
    pub fn write(&self, relative: &str, bytes: &[u8]) -> std::io::Result<()> {
        let path = self.folder.join(relative);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::write(path, bytes)
    }

    /// Swaps the staged site in for the target folder and removes the old one.
    pub fn commit(mut self) -> Result<()> {
        let old = self.target.with_file_name(format!(
            ".{}.old-{}",
            self.target
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default(),
            std::process::id()
        ));
        let had_old = match std::fs::symlink_metadata(&self.target) {
            Ok(meta) if meta.is_dir() => {
                std::fs::rename(&self.target, &old)
                    .map_err(Error::io("move aside the old output folder", &self.target))?;
                true
            }
            Ok(_) => {
                return Err(Error::Io {
                    action: "replace (it is not a folder)",
                    path: self.target.clone(),
                    source: std::io::Error::other("the output path must be a folder"),
                });
            }
            Err(_) => false,
        };
        if let Err(e) = std::fs::rename(&self.folder, &self.target) {
            if had_old {
                let _ = std::fs::rename(&old, &self.target);
            }
            return Err(Error::io("put the new site in place at", &self.target)(e));
        }
        self.committed = true;
        if had_old {
            std::fs::remove_dir_all(&old)
                .map_err(Error::io("remove the old output folder", &old))?;
        }
        Ok(())
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            let _ = std::fs::remove_dir_all(&self.folder);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_the_old_site_only_on_commit() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("dist");
        std::fs::create_dir(&target).unwrap();
        std::fs::write(target.join("old.html"), "old").unwrap();

        let staging = Staging::new(&target).unwrap();
        staging.write("articles/x/index.html", b"new").unwrap();
        assert!(target.join("old.html").exists());
        staging.commit().unwrap();

        assert!(!target.join("old.html").exists());
        assert_eq!(
            std::fs::read_to_string(target.join("articles/x/index.html")).unwrap(),
            "new"
        );
        let leftovers: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(leftovers, ["dist"]);
    }

    #[test]
    fn an_abandoned_build_leaves_nothing_behind() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("dist");
        let staging = Staging::new(&target).unwrap();
        staging.write("index.html", b"half").unwrap();
        drop(staging);
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
    }
}
