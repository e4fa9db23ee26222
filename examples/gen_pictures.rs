//! Gives every article of a generated site (`gen_corpus`) a lead picture:
//! `cargo run --release --example gen_pictures -- DIR WIDTH HEIGHT [photos]`.
//!
//! With `photos`, every picture is a JPEG (the benchmark's setting); else every seventh is a
//! PNG drawing.
//!
//! Each article `articles/aNNNNNNN.md` gets `articles/aNNNNNNN.jpg`, a WIDTH × HEIGHT JPEG
//! with EXIF orientation (1, 3, 6 or 8 in turn) and GPS tags, and an `image:` block with a
//! caption and a credit; every seventh (the cartoon column's share) gets a PNG drawing
//! instead, and every fifth also shows its picture again in its body, as a figure. The
//! pixels are noise over gradients (so that they cost what a photograph costs to encode),
//! from ten bases; each file differs from every other (its EXIF block and a comment
//! segment), so that no two pictures share a cache key. For the benchmark (bench/pictures.sh)
//! and for CI, whose Nu HTML Checker reads the pages' picture markup.

#[path = "../tests/common/pictures.rs"]
#[allow(dead_code)]
mod pictures;

use std::io::Cursor;
use std::path::Path;
use std::process::ExitCode;

use image::{DynamicImage, ImageFormat, Rgb, RgbImage};

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (dir, width, height, drawings) = match args.as_slice() {
        [dir, width, height] => (dir, width, height, true),
        [dir, width, height, photos] if photos == "photos" => (dir, width, height, false),
        _ => {
            eprintln!(
                "usage: cargo run --release --example gen_pictures -- DIR WIDTH HEIGHT [photos]"
            );
            return ExitCode::from(2);
        }
    };
    let (Ok(width), Ok(height)) = (width.parse::<u32>(), height.parse::<u32>()) else {
        eprintln!("gen_pictures: WIDTH and HEIGHT are numbers of pixels");
        return ExitCode::from(2);
    };
    match run(Path::new(dir), width, height, drawings) {
        Ok(count) => {
            println!("gen_pictures: {count} pictures of {width} × {height} in {dir}");
            ExitCode::SUCCESS
        }
        Err(message) => {
            eprintln!("gen_pictures: {message}");
            ExitCode::FAILURE
        }
    }
}

/// Noise over gradients, seeded by `seed`.
fn base(width: u32, height: u32, seed: u64) -> RgbImage {
    let mut state = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
    RgbImage::from_fn(width, height, |x, y| {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        let noise = (state & 0x0F) as u32;
        let r = (x * 200 / width.max(1) + noise) as u8;
        let g = (y * 200 / height.max(1) + noise / 2) as u8;
        let b = ((x + y) * 100 / (width + height).max(1) + noise + (seed as u32 * 20)) as u8;
        Rgb([r, g, b])
    })
}

/// `jpeg` with a comment segment (COM) saying `text` spliced in after its SOI marker.
fn with_comment(jpeg: &[u8], text: &str) -> Vec<u8> {
    let mut out = jpeg[..2].to_vec();
    out.extend_from_slice(&[0xFF, 0xFE]);
    out.extend_from_slice(&((text.len() + 2) as u16).to_be_bytes());
    out.extend_from_slice(text.as_bytes());
    out.extend_from_slice(&jpeg[2..]);
    out
}

fn run(dir: &Path, width: u32, height: u32, drawings: bool) -> Result<usize, String> {
    let articles = dir.join("articles");
    let mut files: Vec<_> = std::fs::read_dir(&articles)
        .map_err(|e| format!("cannot read {}: {e}", articles.display()))?
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|path| path.extension().is_some_and(|e| e == "md"))
        .collect();
    files.sort();
    let orientations = [1u16, 3, 6, 8];
    let bases: Vec<Vec<Vec<u8>>> = (0..10)
        .map(|seed| {
            let pixels = base(width, height, seed);
            orientations
                .iter()
                .map(|&o| pictures::jpeg_with_exif(&pixels, o))
                .collect()
        })
        .collect();
    let drawing = {
        let image = RgbImage::from_fn(width.min(1600), height.min(1200), |x, y| {
            if (x / 3) % 40 == 0 || (y / 3) % 30 == 0 || (x + y) % 97 < 2 {
                Rgb([20, 20, 20])
            } else {
                Rgb([250, 248, 240])
            }
        });
        let mut out = Vec::new();
        DynamicImage::ImageRgb8(image)
            .write_to(&mut Cursor::new(&mut out), ImageFormat::Png)
            .map_err(|e| e.to_string())?;
        out
    };
    for (i, path) in files.iter().enumerate() {
        let stem = path.file_stem().unwrap().to_string_lossy().into_owned();
        let text = std::fs::read_to_string(path).map_err(|e| e.to_string())?;
        let Some(rest) = text.strip_prefix("---\n") else {
            return Err(format!("{} has no front matter", path.display()));
        };
        let (file, credit) = if drawings && i % 7 == 6 {
            // A drawing: a PNG whose bytes differ by a text chunk before IEND.
            let mut png = drawing.clone();
            let end = png.len() - 12;
            let keyword = format!("Comment\0picture {i}");
            let mut chunk = (keyword.len() as u32).to_be_bytes().to_vec();
            let mut body = b"tEXt".to_vec();
            body.extend_from_slice(keyword.as_bytes());
            chunk.extend_from_slice(&body);
            chunk.extend_from_slice(&pictures::crc32(&body).to_be_bytes());
            png.splice(end..end, chunk);
            let name = format!("{stem}.png");
            std::fs::write(articles.join(&name), png).map_err(|e| e.to_string())?;
            (name, "漫画/易蓉")
        } else {
            let jpeg = &bases[i % 10][i % 4];
            let name = format!("{stem}.jpg");
            std::fs::write(
                articles.join(&name),
                with_comment(jpeg, &format!("picture {i}")),
            )
            .map_err(|e| e.to_string())?;
            (name, "摄影/本报记者")
        };
        let mut out = format!(
            "---\nimage:\n  file: {file}\n  caption: 图说：第{}张图片\n  credit: {credit}\n{rest}",
            i + 1
        );
        if i % 5 == 0 {
            out.push_str(&format!(
                "\n![第{}张图片](./{file} \"图说：正文中的图片\")\n",
                i + 1
            ));
        }
        std::fs::write(path, out).map_err(|e| e.to_string())?;
    }
    Ok(files.len())
}
