//! Why photographs are encoded by libwebp (the `webp` crate, lossy) and drawings by the `image`
//! crate's own lossless WebP encoder: both encoders on a generated photograph-like picture and
//! on line art, 1600 × 1200, with their sizes and times (the README quotes the figures).
//! `cargo run --release --example webp_choice`

use std::io::Cursor;
use std::time::Instant;

use image::{DynamicImage, ImageFormat, Rgb, RgbImage};

fn photo() -> RgbImage {
    let mut state = 0x9E37_79B9_7F4A_7C15u64;
    RgbImage::from_fn(1600, 1200, |x, y| {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        let noise = (state & 0x1F) as u32;
        Rgb([
            (x * 200 / 1600 + noise) as u8,
            (y * 200 / 1200 + noise / 2) as u8,
            ((x + y) * 100 / 2800 + noise) as u8,
        ])
    })
}

fn line_art() -> RgbImage {
    RgbImage::from_fn(1600, 1200, |x, y| {
        if (x / 3) % 40 == 0 || (y / 3) % 30 == 0 || (x + y) % 97 < 2 {
            Rgb([20, 20, 20])
        } else {
            Rgb([250, 248, 240])
        }
    })
}

fn main() {
    println!("| picture | encoder | bytes | ms |");
    println!("|---|---|---:|---:|");
    for (name, pixels) in [("photograph", photo()), ("line art", line_art())] {
        let started = Instant::now();
        let lossy = webp::Encoder::from_rgb(pixels.as_raw(), pixels.width(), pixels.height())
            .encode(80.0)
            .to_vec();
        let lossy_ms = started.elapsed().as_secs_f64() * 1000.0;
        let started = Instant::now();
        let mut lossless = Vec::new();
        DynamicImage::ImageRgb8(pixels.clone())
            .write_with_encoder(image::codecs::webp::WebPEncoder::new_lossless(
                &mut lossless,
            ))
            .unwrap();
        let lossless_ms = started.elapsed().as_secs_f64() * 1000.0;
        let started = Instant::now();
        let mut jpeg = Vec::new();
        image::codecs::jpeg::JpegEncoder::new_with_quality(&mut jpeg, 82)
            .encode_image(&pixels)
            .unwrap();
        let jpeg_ms = started.elapsed().as_secs_f64() * 1000.0;
        let mut png = Vec::new();
        DynamicImage::ImageRgb8(pixels.clone())
            .write_to(&mut Cursor::new(&mut png), ImageFormat::Png)
            .unwrap();
        println!(
            "| {name} | libwebp lossy q80 (`webp` crate) | {} | {lossy_ms:.0} |",
            lossy.len()
        );
        println!(
            "| {name} | `image` lossless WebP | {} | {lossless_ms:.0} |",
            lossless.len()
        );
        println!(
            "| {name} | `image` JPEG q82 | {} | {jpeg_ms:.0} |",
            jpeg.len()
        );
        println!("| {name} | `image` PNG | {} | |", png.len());
    }
}
