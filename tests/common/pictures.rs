//! Pictures made for the tests and the benchmark (which includes this file): photographs
//! with EXIF orientation and GPS tags spliced in by hand (the `image` crate's JPEG encoder
//! writes none), line art, and PNG headers that claim huge sizes.

use std::io::Cursor;

use image::{DynamicImage, ImageFormat, Rgb, RgbImage};

/// A photograph `width` × `height` as the camera stored it: its left half red, its right half
/// blue, so that turning it shows.
pub fn photo_pixels(width: u32, height: u32) -> RgbImage {
    RgbImage::from_fn(width, height, |x, _| {
        if x < width / 2 {
            Rgb([220, 20, 20])
        } else {
            Rgb([20, 20, 220])
        }
    })
}

/// An EXIF block (APP1 payload) with Orientation `orientation` and a GPS latitude.
pub fn exif_block(orientation: u16) -> Vec<u8> {
    let mut tiff = Vec::new();
    tiff.extend_from_slice(b"II*\0");
    tiff.extend_from_slice(&8u32.to_le_bytes());
    // IFD0 at 8: Orientation and the GPS IFD's offset (38).
    tiff.extend_from_slice(&2u16.to_le_bytes());
    tiff.extend_from_slice(&0x0112u16.to_le_bytes());
    tiff.extend_from_slice(&3u16.to_le_bytes());
    tiff.extend_from_slice(&1u32.to_le_bytes());
    tiff.extend_from_slice(&u32::from(orientation).to_le_bytes());
    tiff.extend_from_slice(&0x8825u16.to_le_bytes());
    tiff.extend_from_slice(&4u16.to_le_bytes());
    tiff.extend_from_slice(&1u32.to_le_bytes());
    tiff.extend_from_slice(&38u32.to_le_bytes());
    tiff.extend_from_slice(&0u32.to_le_bytes());
    // The GPS IFD at 38: GPSLatitudeRef `N`, GPSLatitude at 68 (three rationals).
    tiff.extend_from_slice(&2u16.to_le_bytes());
    tiff.extend_from_slice(&0x0001u16.to_le_bytes());
    tiff.extend_from_slice(&2u16.to_le_bytes());
    tiff.extend_from_slice(&2u32.to_le_bytes());
    tiff.extend_from_slice(b"N\0\0\0");
    tiff.extend_from_slice(&0x0002u16.to_le_bytes());
    tiff.extend_from_slice(&5u16.to_le_bytes());
    tiff.extend_from_slice(&3u32.to_le_bytes());
    tiff.extend_from_slice(&68u32.to_le_bytes());
    tiff.extend_from_slice(&0u32.to_le_bytes());
    for (n, d) in [(27u32, 1u32), (50, 1), (1234, 100)] {
        tiff.extend_from_slice(&n.to_le_bytes());
        tiff.extend_from_slice(&d.to_le_bytes());
    }
    let mut block = b"Exif\0\0".to_vec();
    block.extend_from_slice(&tiff);
    block
}

/// A JPEG of `pixels` with an APP1 EXIF segment spliced in after its SOI marker (the `image`
/// crate's encoder writes none).
pub fn jpeg_with_exif(pixels: &RgbImage, orientation: u16) -> Vec<u8> {
    let mut plain = Vec::new();
    DynamicImage::ImageRgb8(pixels.clone())
        .write_to(&mut Cursor::new(&mut plain), ImageFormat::Jpeg)
        .unwrap();
    let block = exif_block(orientation);
    let mut jpeg = plain[..2].to_vec();
    jpeg.extend_from_slice(&[0xFF, 0xE1]);
    jpeg.extend_from_slice(&((block.len() + 2) as u16).to_be_bytes());
    jpeg.extend_from_slice(&block);
    jpeg.extend_from_slice(&plain[2..]);
    jpeg
}

/// A drawing: black lines on white, 1000 × 600.
pub fn line_art() -> Vec<u8> {
    let image = RgbImage::from_fn(1000, 600, |x, y| {
        if x % 50 < 2 || y % 40 < 2 {
            Rgb([0, 0, 0])
        } else {
            Rgb([255, 255, 255])
        }
    });
    let mut out = Vec::new();
    DynamicImage::ImageRgb8(image)
        .write_to(&mut Cursor::new(&mut out), ImageFormat::Png)
        .unwrap();
    out
}

pub fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = 0xFFFF_FFFFu32;
    for &b in bytes {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

/// A PNG that says it is `width` × `height` (a decompression bomb, when large), in a few
/// bytes: its header and a tiny compressed stream.
pub fn png_claiming(width: u32, height: u32) -> Vec<u8> {
    let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
    let mut chunk = |kind: &[u8], data: &[u8]| {
        png.extend_from_slice(&(data.len() as u32).to_be_bytes());
        let mut body = kind.to_vec();
        body.extend_from_slice(data);
        png.extend_from_slice(&body);
        png.extend_from_slice(&crc32(&body).to_be_bytes());
    };
    let mut ihdr = Vec::new();
    ihdr.extend_from_slice(&width.to_be_bytes());
    ihdr.extend_from_slice(&height.to_be_bytes());
    ihdr.extend_from_slice(&[8, 2, 0, 0, 0]);
    chunk(b"IHDR", &ihdr);
    // zlib: a stored empty block would do; a run of zeros compresses to this.
    chunk(
        b"IDAT",
        &[0x78, 0x9C, 0x63, 0x00, 0x00, 0x00, 0x01, 0x00, 0x01],
    );
    chunk(b"IEND", &[]);
    png
}
