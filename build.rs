//! Embeds `themes/default` into the binary: writes a table of (relative path, bytes) into
//! `OUT_DIR/default_theme.rs`, included by `src/theme.rs`, so the tool works from any folder.
//!
//! Also fingerprints what the program is: a hash of `src/`, the default theme, `Cargo.lock`
//! and this file, given to the crate as `BROADSHEET_CODE`. Page and cache fingerprints include
//! it, so that a build by changed code (Markdown, JSON-LD, a view) never keeps pages or cached
//! bodies that an older program made; the crate's version alone changes too rarely for that.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

fn main() {
    let root =
        PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"));
    let theme = root.join("themes").join("default");
    println!("cargo:rerun-if-changed={}", theme.display());

    let mut files = Vec::new();
    collect(&theme, &theme, &mut files);
    files.sort();

    let mut table = String::from("&[\n");
    for (relative, absolute) in &files {
        println!("cargo:rerun-if-changed={}", absolute.display());
        writeln!(
            table,
            "    ({relative:?}, include_bytes!({:?}) as &[u8]),",
            absolute.display().to_string()
        )
        .expect("writing to a String cannot fail");
    }
    table.push(']');

    let out = PathBuf::from(std::env::var("OUT_DIR").expect("cargo sets OUT_DIR"));
    std::fs::write(out.join("default_theme.rs"), table).expect("OUT_DIR is writable");

    // The code's fingerprint: every file's path and bytes, in a fixed order, through FNV-1a
    // (fixed, so the same tree gives the same fingerprint on every machine).
    let src = root.join("src");
    println!("cargo:rerun-if-changed={}", src.display());
    println!(
        "cargo:rerun-if-changed={}",
        root.join("Cargo.lock").display()
    );
    let mut code = Vec::new();
    collect(&src, &src, &mut code);
    code.sort();
    let mut hash = Fnv(0xcbf2_9ce4_8422_2325);
    for (relative, absolute) in code.iter().chain(&files) {
        hash.write(relative.as_bytes());
        hash.write(&std::fs::read(absolute).expect("a source file is readable"));
    }
    for extra in ["Cargo.lock", "build.rs"] {
        hash.write(extra.as_bytes());
        hash.write(&std::fs::read(root.join(extra)).unwrap_or_default());
    }
    println!("cargo:rustc-env=BROADSHEET_CODE={:016x}", hash.0);
}

/// The 64-bit FNV-1a hash, with a separator after each piece.
struct Fnv(u64);

impl Fnv {
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes.iter().chain(&[0xff]) {
            self.0 = (self.0 ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
    }
}

/// Every regular file below `dir`, as (path relative to `base` with `/` separators, absolute path).
fn collect(base: &Path, dir: &Path, files: &mut Vec<(String, PathBuf)>) {
    let entries =
        std::fs::read_dir(dir).unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()));
    for entry in entries {
        let path = entry.expect("directory entry").path();
        // Directories are watched too, so that a new file triggers a rebuild.
        if path.is_dir() {
            println!("cargo:rerun-if-changed={}", path.display());
            collect(base, &path, files);
        } else {
            let relative = path
                .strip_prefix(base)
                .expect("below the theme folder")
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect::<Vec<_>>()
                .join("/");
            files.push((relative, path));
        }
    }
}
