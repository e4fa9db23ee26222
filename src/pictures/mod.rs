//! Pictures: one source file's bytes → the copies a page shows, resized to a few widths,
//! turned upright (EXIF orientation), re-encoded from their pixels (so that no EXIF, XMP or
//! GPS data survives), in WebP and in the original's kind of format. No file system here: the
//! load stage reads the bytes, `store` keeps what was made between builds, output writes it.
//!
//! Photographs (JPEG, WebP sources) are encoded lossy: WebP by libwebp (the `webp` crate) at
//! quality 80 and JPEG at 82. Drawings (PNG: cartoons, line art, charts) are encoded lossless:
//! WebP by the `image` crate's lossless encoder and PNG, so that their lines and flat colours
//! never blur or ring. An SVG is copied as it is, and only when it holds no script.

pub mod store;

use std::io::Cursor;
use std::path::{Path, PathBuf};

use fast_image_resize::{FilterType, ResizeAlg, ResizeOptions, Resizer};
use image::{DynamicImage, ImageDecoder, ImageFormat, ImageReader, Limits};

/// The widths every picture is made at (never wider than the original).
pub const WIDTHS: [u32; 3] = [480, 960, 1600];
/// The width of the copy for share cards (`og:image`, JSON-LD), in the fallback format.
pub const SHARE_WIDTH: u32 = 1200;
/// The largest picture accepted, in pixels (50 MP; 4000 × 3000 is 12 MP).
pub const MAX_PIXELS: u64 = 50_000_000;
/// The longest side accepted, in pixels.
pub const MAX_SIDE: u32 = 20_000;
/// The most memory a decoder may take for one picture (the `image` crate's `Limits`).
pub const MAX_DECODE_ALLOC: u64 = 256 * 1024 * 1024;
/// The largest picture file read, in bytes.
pub const MAX_FILE: u64 = 64 * 1024 * 1024;
const WEBP_QUALITY: f32 = 80.0;
const JPEG_QUALITY: u8 = 82;

/// Everything that decides what `process` makes of a file's bytes: part of every cache key,
/// so that a change of settings (or of this code) makes every picture again.
const SETTINGS: &str = concat!(
    "pictures 1; widths 480 960 1600; share 1200; webp 80 lossless-for-png; jpeg 82; lanczos3; ",
    env!("CARGO_PKG_VERSION")
);

/// What a source picture is, which decides how it is encoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    /// JPEG or WebP: lossy WebP, JPEG fallback.
    Photo,
    /// PNG: lossless WebP, PNG fallback.
    Drawing,
    /// SVG, copied as it is.
    Svg,
}

/// The format of one copy.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    Webp,
    Jpeg,
    Png,
    Svg,
}

impl Format {
    pub fn extension(self) -> &'static str {
        match self {
            Format::Webp => "webp",
            Format::Jpeg => "jpg",
            Format::Png => "png",
            Format::Svg => "svg",
        }
    }

    /// The MIME type, for `<source type>`.
    pub fn mime(self) -> &'static str {
        match self {
            Format::Webp => "image/webp",
            Format::Jpeg => "image/jpeg",
            Format::Png => "image/png",
            Format::Svg => "image/svg+xml",
        }
    }

    pub(crate) fn code(self) -> u8 {
        self as u8
    }

    pub(crate) fn of_code(code: u8) -> Option<Format> {
        [Format::Webp, Format::Jpeg, Format::Png, Format::Svg]
            .into_iter()
            .find(|f| f.code() == code)
    }
}

/// One copy of a picture: its size and format (its bytes are kept apart, see `Processed`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Variant {
    pub width: u32,
    pub height: u32,
    pub format: Format,
    /// Whether it is the share card's copy (`SHARE_WIDTH` wide, or the original's width).
    pub share: bool,
}

/// What a picture gave: its upright size, its kind, and its copies, without their bytes.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Picture {
    /// The cache key: the source's bytes hashed with the settings.
    pub key: u64,
    pub width: u32,
    pub height: u32,
    pub kind: Kind,
    pub variants: Vec<Variant>,
}

/// A picture with the bytes of each of its copies (in the order of `picture.variants`).
#[derive(Debug)]
pub struct Processed {
    pub picture: Picture,
    pub bytes: Vec<Vec<u8>>,
}

/// The cache key of a source file's bytes, in a file called `name`: its extension is part of
/// it, since it decides whether the bytes are accepted (a PNG named `.jpg` is refused, though
/// the same bytes named `.png` are not).
pub fn key(name: &str, bytes: &[u8]) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut hasher = std::hash::DefaultHasher::new();
    SETTINGS.hash(&mut hasher);
    extension(name).hash(&mut hasher);
    bytes.hash(&mut hasher);
    hasher.finish()
}

fn extension(name: &str) -> String {
    name.rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default()
}

/// The format a file's name says it has, or why it is refused.
fn named_format(name: &str) -> Result<Option<ImageFormat>, String> {
    match extension(name).as_str() {
        "jpg" | "jpeg" => Ok(Some(ImageFormat::Jpeg)),
        "png" => Ok(Some(ImageFormat::Png)),
        "webp" => Ok(Some(ImageFormat::WebP)),
        "svg" => Ok(None),
        "" => Err(
            "the file name has no extension: name it .jpg (a photograph) or .png (a drawing)"
                .to_owned(),
        ),
        other => Err(format!(
            "`.{other}` pictures are not supported: save it as JPEG (a photograph), PNG (a drawing, a cartoon) or WebP"
        )),
    }
}

fn format_name(format: ImageFormat) -> &'static str {
    match format {
        ImageFormat::Jpeg => "JPEG",
        ImageFormat::Png => "PNG",
        ImageFormat::WebP => "WebP",
        ImageFormat::Gif => "GIF",
        ImageFormat::Tiff => "TIFF",
        ImageFormat::Bmp => "BMP",
        ImageFormat::Avif => "AVIF",
        _ => "another kind of",
    }
}

fn extension_of(format: ImageFormat) -> &'static str {
    match format {
        ImageFormat::Jpeg => ".jpg",
        ImageFormat::Png => ".png",
        ImageFormat::WebP => ".webp",
        ImageFormat::Gif => ".gif",
        ImageFormat::Tiff => ".tif",
        ImageFormat::Bmp => ".bmp",
        ImageFormat::Avif => ".avif",
        _ => "its own extension",
    }
}

/// Makes the copies of the picture in the file `name` (only its extension is looked at),
/// whose bytes are `bytes`; or says, in a sentence for the editor, why it cannot be used.
/// Time and memory are bounded whatever the bytes: the size a file claims is checked before
/// any pixel is decoded (`MAX_SIDE`, `MAX_PIXELS`), and the decoder runs under `Limits`.
pub fn process(name: &str, bytes: &[u8]) -> Result<Processed, String> {
    if bytes.is_empty() {
        return Err("the file is empty (0 bytes): save the picture again".to_owned());
    }
    let key = key(name, bytes);
    let Some(named) = named_format(name)? else {
        return svg(key, bytes);
    };
    match image::guess_format(bytes) {
        Ok(found) if found == named => {}
        Ok(found) => {
            return Err(format!(
                "the file is named as a {} picture but holds a {} picture: rename it with {}",
                format_name(named),
                format_name(found),
                extension_of(found)
            ));
        }
        Err(_) => {
            return Err(format!(
                "this is not a {} picture (its first bytes are not a picture's): the file is damaged or of another kind",
                format_name(named)
            ));
        }
    }
    let damaged = |e: image::ImageError| {
        format!(
            "the {} picture cannot be read ({e}): the file is damaged; save it again",
            format_name(named)
        )
    };
    // Only the header is read here, so no limit is needed; the size it claims is checked
    // before a single pixel is decoded.
    let mut probe = ImageReader::with_format(Cursor::new(bytes), named);
    probe.no_limits();
    let (width, height) = probe.into_dimensions().map_err(damaged)?;
    let pixels = u64::from(width) * u64::from(height);
    if width > MAX_SIDE || height > MAX_SIDE || pixels > MAX_PIXELS {
        return Err(format!(
            "the picture is {width} × {height} pixels ({:.0} MP), more than a picture may be ({} MP, at most {MAX_SIDE} pixels a side): make it smaller",
            pixels as f64 / 1e6,
            MAX_PIXELS / 1_000_000
        ));
    }
    if width == 0 || height == 0 {
        return Err("the picture has no pixels (a width or height of 0)".to_owned());
    }
    let mut reader = ImageReader::with_format(Cursor::new(bytes), named);
    let mut limits = Limits::default();
    limits.max_image_width = Some(MAX_SIDE);
    limits.max_image_height = Some(MAX_SIDE);
    limits.max_alloc = Some(MAX_DECODE_ALLOC);
    reader.limits(limits);
    let mut decoder = reader.into_decoder().map_err(damaged)?;
    let orientation = decoder
        .orientation()
        .unwrap_or(image::metadata::Orientation::NoTransforms);
    let decoded = DynamicImage::from_decoder(decoder).map_err(damaged)?;
    let kind = if named == ImageFormat::Png {
        Kind::Drawing
    } else {
        Kind::Photo
    };
    Ok(copies(key, kind, decoded, orientation))
}

/// Whether the orientation turns the picture a quarter (width and height swap).
fn turns(orientation: image::metadata::Orientation) -> bool {
    use image::metadata::Orientation::*;
    matches!(
        orientation,
        Rotate90 | Rotate270 | Rotate90FlipH | Rotate270FlipH
    )
}

/// The widths a picture `width` pixels wide is made at: those of `WIDTHS` below its own, and
/// its own when it is not wider than the largest.
pub fn widths(width: u32) -> Vec<u32> {
    let mut widths: Vec<u32> = WIDTHS.into_iter().filter(|&w| w < width).collect();
    if width <= WIDTHS[WIDTHS.len() - 1] {
        widths.push(width);
    }
    widths
}

fn resize(resizer: &mut Resizer, from: &DynamicImage, width: u32, height: u32) -> DynamicImage {
    if from.width() == width && from.height() == height {
        return from.clone();
    }
    let mut to = DynamicImage::new(width, height, from.color());
    let options = ResizeOptions::new().resize_alg(ResizeAlg::Convolution(FilterType::Lanczos3));
    resizer
        .resize(from, &mut to, &options)
        .expect("same pixel type, sizes above 0");
    to
}

/// The copies of a decoded picture. The largest copy is made from the original (turned
/// upright after resizing, which moves fewer pixels), and each smaller one from the largest.
fn copies(
    key: u64,
    kind: Kind,
    decoded: DynamicImage,
    orientation: image::metadata::Orientation,
) -> Processed {
    // Eight bits a channel; alpha kept only where the source has it.
    let decoded = match (kind, decoded.color().has_alpha()) {
        (Kind::Drawing, true) => DynamicImage::ImageRgba8(decoded.into_rgba8()),
        _ => DynamicImage::ImageRgb8(decoded.into_rgb8()),
    };
    let (mut width, mut height) = (decoded.width(), decoded.height());
    if turns(orientation) {
        (width, height) = (height, width);
    }
    let height_at = |w: u32| {
        ((u64::from(height) * u64::from(w) + u64::from(width) / 2) / u64::from(width)).max(1) as u32
    };
    let mut sizes = widths(width);
    let share_width = SHARE_WIDTH.min(width);
    let mut resizer = Resizer::new();
    let largest = *sizes.last().expect("at least one width");
    let top = {
        let (w, h) = (largest, height_at(largest));
        let (sw, sh) = if turns(orientation) { (h, w) } else { (w, h) };
        let mut top = resize(&mut resizer, &decoded, sw, sh);
        drop(decoded);
        top.apply_orientation(orientation);
        top
    };
    let mut variants = Vec::new();
    let mut bytes = Vec::new();
    if !sizes.contains(&share_width) {
        sizes.push(share_width);
    }
    sizes.sort_unstable();
    for &w in &sizes {
        let h = height_at(w);
        let image = resize(&mut resizer, &top, w, h);
        let share = w == share_width;
        let listed = w != share_width || widths(width).contains(&w);
        if listed {
            bytes.push(encode_webp(kind, &image));
            variants.push(Variant {
                width: w,
                height: h,
                format: Format::Webp,
                share: false,
            });
        }
        let fallback = match kind {
            Kind::Drawing => Format::Png,
            _ => Format::Jpeg,
        };
        bytes.push(encode_fallback(fallback, &image));
        variants.push(Variant {
            width: w,
            height: h,
            format: fallback,
            share,
        });
    }
    Processed {
        picture: Picture {
            key,
            width,
            height,
            kind,
            variants,
        },
        bytes,
    }
}

fn encode_webp(kind: Kind, image: &DynamicImage) -> Vec<u8> {
    match kind {
        Kind::Drawing => {
            let mut out = Vec::new();
            image
                .write_with_encoder(image::codecs::webp::WebPEncoder::new_lossless(&mut out))
                .expect("encoding into memory");
            out
        }
        _ => {
            let rgb = image.as_rgb8().expect("photos are RGB");
            webp::Encoder::from_rgb(rgb.as_raw(), rgb.width(), rgb.height())
                .encode(WEBP_QUALITY)
                .to_vec()
        }
    }
}

fn encode_fallback(format: Format, image: &DynamicImage) -> Vec<u8> {
    let mut out = Vec::new();
    match format {
        Format::Png => image.write_with_encoder(image::codecs::png::PngEncoder::new(&mut out)),
        _ => image.write_with_encoder(image::codecs::jpeg::JpegEncoder::new_with_quality(
            &mut out,
            JPEG_QUALITY,
        )),
    }
    .expect("encoding into memory");
    out
}

/// What in an SVG could run code when the file is opened from the site's own origin.
const SVG_SCRIPTING: [&str; 5] = [
    "<script",
    "javascript:",
    "<foreignobject",
    "<!entity",
    "<iframe",
];

/// An SVG, copied as it is when it holds no script; its size from its `width`/`height` or
/// its `viewBox`, 0 when it gives neither.
fn svg(key: u64, bytes: &[u8]) -> Result<Processed, String> {
    let text = std::str::from_utf8(bytes)
        .map_err(|_| "this SVG is not UTF-8 text: the file is damaged or not an SVG".to_owned())?;
    let lower = text.to_ascii_lowercase();
    if !lower.contains("<svg") {
        return Err("this is not an SVG picture (no `<svg` element): the file is damaged or of another kind".to_owned());
    }
    let handler = lower
        .match_indices(" on")
        .chain(lower.match_indices("\non"))
        .chain(lower.match_indices("\ton"))
        .find(|(i, _)| {
            let rest = &lower[i + 3..];
            let name_len = rest.chars().take_while(|c| c.is_ascii_alphabetic()).count();
            name_len > 0 && rest[name_len..].trim_start().starts_with('=')
        })
        .map(|_| "an event handler (`on…=`)");
    if let Some(found) = SVG_SCRIPTING
        .iter()
        .find(|s| lower.contains(*s))
        .map(|s| format!("`{s}`"))
        .or(handler.map(str::to_owned))
    {
        return Err(format!(
            "this SVG holds a script ({found}), and pictures are served from the site's own address, where a script could act for the site: remove it, or export the drawing as PNG"
        ));
    }
    let (width, height) = svg_size(text);
    Ok(Processed {
        picture: Picture {
            key,
            width,
            height,
            kind: Kind::Svg,
            variants: vec![Variant {
                width,
                height,
                format: Format::Svg,
                share: false,
            }],
        },
        bytes: vec![bytes.to_vec()],
    })
}

fn svg_size(text: &str) -> (u32, u32) {
    let Some(start) = text.find("<svg") else {
        return (0, 0);
    };
    let tag = &text[start..text[start..].find('>').map_or(text.len(), |e| start + e)];
    let attribute = |name: &str| -> Option<&str> {
        let at = tag
            .find(&format!(" {name}="))
            .or_else(|| tag.find(&format!("\n{name}=")))?;
        let rest = &tag[at + name.len() + 2..];
        let quote = rest.chars().next()?;
        let rest = &rest[1..];
        Some(&rest[..rest.find(quote)?])
    };
    let number = |value: &str| -> Option<u32> {
        let digits: String = value
            .trim()
            .chars()
            .take_while(|c| c.is_ascii_digit() || *c == '.')
            .collect();
        let rest = value.trim()[digits.len()..].trim();
        (rest.is_empty() || rest == "px")
            .then(|| digits.parse::<f64>().ok())
            .flatten()
            .map(|n| n.round() as u32)
    };
    if let (Some(w), Some(h)) = (
        attribute("width").and_then(number),
        attribute("height").and_then(number),
    ) {
        return (w, h);
    }
    if let Some(view_box) = attribute("viewBox") {
        let parts: Vec<f64> = view_box
            .split([' ', ','])
            .filter(|p| !p.is_empty())
            .filter_map(|p| p.parse().ok())
            .collect();
        if let [_, _, w, h] = parts[..] {
            return (w.round() as u32, h.round() as u32);
        }
    }
    (0, 0)
}

/// The start of its copies' names that a source file `name` (`漫画.png`) gives: its stem made
/// a slug (`man-hua`), or `picture`.
pub fn stem_of(name: &Path) -> String {
    let stem = crate::slug::slugify(&name.file_stem().unwrap_or_default().to_string_lossy());
    if stem.is_empty() {
        "picture".to_owned()
    } else {
        stem
    }
}

/// The name of a copy in the site (below `pictures/`): the source's name made a slug
/// (`stem`, see [`stem_of`]), the key (so that a changed picture gets new names, which
/// browsers and CDNs may cache for ever), its width and its format's extension.
pub fn file_name(stem: &str, picture: &Picture, variant: &Variant) -> String {
    if variant.format == Format::Svg {
        return format!("{stem}-{:016x}.svg", picture.key);
    }
    format!(
        "{stem}-{:016x}-{}.{}",
        picture.key,
        variant.width,
        variant.format.extension()
    )
}

/// The file of the site that a file at `article` (`articles/x/index.md`, `site.yaml`) means
/// by the picture address `written`: relative to the article's folder, or, starting with `/`, to the
/// site's `static/` folder. Only files below `articles/` and `static/` may be shown; anything
/// else (`../../etc/passwd`, `/../site.yaml`) is refused.
pub fn site_file(article: &Path, written: &str) -> Result<PathBuf, String> {
    let written = written.trim();
    if !crate::markdown::is_site_file(written) {
        return Err(format!(
            "`{written}` is an address, not a file of the site: put the picture beside the article or in static/"
        ));
    }
    let (base, rest) = match written.strip_prefix('/') {
        Some(rest) => (PathBuf::from(crate::STATIC_DIR), rest),
        None => (
            article.parent().map(Path::to_path_buf).unwrap_or_default(),
            written,
        ),
    };
    let mut parts: Vec<std::ffi::OsString> = base.iter().map(|p| p.to_owned()).collect();
    for part in Path::new(rest).components() {
        match part {
            std::path::Component::Normal(name) => parts.push(name.to_owned()),
            std::path::Component::CurDir => {}
            std::path::Component::ParentDir if parts.len() > 1 => {
                parts.pop();
            }
            _ => {
                return Err(format!(
                    "`{written}` leads outside the site's articles/ and static/ folders: pictures must be inside them"
                ));
            }
        }
    }
    let file: PathBuf = parts.iter().collect();
    let inside = [crate::load::ARTICLES_DIR, crate::STATIC_DIR]
        .iter()
        .any(|dir| file.starts_with(dir) && file != Path::new(dir));
    if !inside {
        return Err(format!(
            "`{written}` leads outside the site's articles/ and static/ folders: pictures must be inside them"
        ));
    }
    Ok(file)
}

/// A picture file of the site that a page shows, and where it is named (an article, site.yaml).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct PictureUse {
    /// Below the site's folder: `articles/x/漫画.png`, `static/photos/a.jpg`.
    pub file: PathBuf,
    /// The line and column where it is written.
    pub at: (usize, usize),
}

/// The folder of the site the copies are written to.
pub const FOLDER: &str = "pictures";

/// A picture as a page shows it: what was made of it, and the start of its copies' names
/// (see [`stem_of`]).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Shown {
    pub picture: Picture,
    pub stem: String,
    /// Each copy's path (see [`Shown::path`]), in the order of `picture.variants`: made once,
    /// since every page that shows the picture names them.
    paths: Vec<String>,
}

impl Shown {
    pub fn new(picture: Picture, stem: String) -> Shown {
        let paths = picture
            .variants
            .iter()
            .map(|variant| format!("{FOLDER}/{}", file_name(&stem, &picture, variant)))
            .collect();
        Shown {
            picture,
            stem,
            paths,
        }
    }

    /// The path of a copy below the site's root: `pictures/manhua-0123456789abcdef-960.webp`.
    pub fn path(&self, variant: &Variant) -> String {
        match self.picture.variants.iter().position(|v| v == variant) {
            Some(i) => self.paths[i].clone(),
            None => format!("{FOLDER}/{}", file_name(&self.stem, &self.picture, variant)),
        }
    }

    /// The paths of all its copies, in the order of `picture.variants`.
    pub fn paths(&self) -> &[String] {
        &self.paths
    }

    /// The copies listed in `srcset`s (all but a share card's own), in `format`, narrowest
    /// first.
    pub fn listed(&self, format: Format) -> impl Iterator<Item = &Variant> + '_ {
        let listed = widths(self.picture.width);
        self.picture.variants.iter().filter(move |v| {
            v.format == format && (format == Format::Svg || listed.contains(&v.width))
        })
    }

    /// The copy for share cards (`og:image`).
    pub fn share(&self) -> Option<&Variant> {
        self.picture
            .variants
            .iter()
            .find(|v| v.share || v.format == Format::Svg)
    }

    /// The fallback format of its copies (JPEG, PNG or SVG).
    pub fn fallback(&self) -> Format {
        match self.picture.kind {
            Kind::Photo => Format::Jpeg,
            Kind::Drawing => Format::Png,
            Kind::Svg => Format::Svg,
        }
    }
}

/// Every picture a build shows, by its file below the site's folder
/// (`articles/x/漫画.png`).
#[derive(Debug, Default)]
pub struct Pictures {
    pub by_file: std::collections::HashMap<std::path::PathBuf, Shown>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn png(width: u32, height: u32) -> Vec<u8> {
        let mut out = Vec::new();
        DynamicImage::new_rgb8(width, height)
            .write_to(&mut Cursor::new(&mut out), ImageFormat::Png)
            .unwrap();
        out
    }

    #[test]
    fn never_makes_a_copy_wider_than_the_original() {
        assert_eq!(widths(4000), vec![480, 960, 1600]);
        assert_eq!(widths(1000), vec![480, 960, 1000]);
        assert_eq!(widths(300), vec![300]);
        let made = process("a.png", &png(1000, 500)).unwrap();
        let sizes: Vec<(u32, u32, Format)> = made
            .picture
            .variants
            .iter()
            .map(|v| (v.width, v.height, v.format))
            .collect();
        assert!(sizes.contains(&(1000, 500, Format::Png)), "{sizes:?}");
        assert!(sizes.iter().all(|(w, _, _)| *w <= 1000));
    }

    #[test]
    fn refuses_what_it_cannot_read() {
        assert!(process("a.png", b"").unwrap_err().contains("empty"));
        assert!(
            process("a.jpg", &png(10, 10))
                .unwrap_err()
                .contains("rename it with .png")
        );
        assert!(
            process("a.gif", b"GIF89a")
                .unwrap_err()
                .contains("not supported")
        );
        assert!(
            process("a.png", b"not a picture")
                .unwrap_err()
                .contains("not a PNG")
        );
        let svg = br#"<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"></svg>"#;
        assert!(process("a.svg", svg).unwrap_err().contains("script"));
        let ok = br#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 40 30"></svg>"#;
        assert_eq!(process("a.svg", ok).unwrap().picture.width, 40);
    }
}
