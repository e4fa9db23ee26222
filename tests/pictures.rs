//! Pictures (issue 14), through the real binary: a site whose articles show a photograph (a
//! JPEG with EXIF orientation and GPS tags, made here) and a drawing (a PNG), the copies a
//! build makes (read back by a decoder and by an EXIF reader), the markup, the cache, and
//! each kind of bad picture.

mod common;

use std::io::Cursor;
use std::path::Path;
use std::time::{Duration, Instant};

use common::pictures::{jpeg_with_exif, line_art, photo_pixels, png_claiming};
use common::{build, build_ok, read, read_tree, tempdir, write};
use image::{GenericImageView, ImageFormat};

const SITE_YAML: &str = "title: 图片测试\nbase_url: https://example.org/opinion/\nlanguage: zh-CN\ndefaults:\n  date: 2026-03-27\n";

const CARTOON: &str = "---\ntitle: 漫画一则\nauthor: 易蓉\nsection: 评漫画\nimage:\n  file: manhua.png\n  caption: 图说：春秋假来了\n  credit: 漫画/易蓉\n---\n\n春秋假落地，需要各方携手。\n\n![街头的一张照片](photo.jpg \"图说：街头\")\n\n正文最后一段。\n";

/// A site with the cartoon article as a folder, its PNG lead picture and a JPEG in its body.
fn picture_site() -> tempfile::TempDir {
    let site = tempdir();
    write(site.path(), "site.yaml", SITE_YAML);
    write(site.path(), "articles/cartoon/index.md", CARTOON);
    write(site.path(), "articles/cartoon/manhua.png", line_art());
    // 1200 × 800 as stored, orientation 6: shown turned a quarter clockwise, 800 × 1200.
    write(
        site.path(),
        "articles/cartoon/photo.jpg",
        jpeg_with_exif(&photo_pixels(1200, 800), 6),
    );
    site
}

fn pictures_in(dist: &Path) -> Vec<(String, Vec<u8>)> {
    read_tree(&dist.join("pictures"))
        .into_iter()
        .collect::<Vec<_>>()
}

fn has_exif(bytes: &[u8]) -> bool {
    exif::Reader::new()
        .read_from_container(&mut Cursor::new(bytes))
        .is_ok()
}

#[test]
fn the_test_photograph_carries_orientation_and_gps() {
    let jpeg = jpeg_with_exif(&photo_pixels(120, 80), 6);
    let exif = exif::Reader::new()
        .read_from_container(&mut Cursor::new(&jpeg))
        .expect("the spliced EXIF reads back");
    let orientation = exif
        .get_field(exif::Tag::Orientation, exif::In::PRIMARY)
        .expect("orientation");
    assert_eq!(orientation.value.get_uint(0), Some(6));
    assert!(
        exif.get_field(exif::Tag::GPSLatitude, exif::In::PRIMARY)
            .is_some()
    );
}

#[test]
fn every_picture_is_made_at_each_width_in_webp_and_its_own_format_upright_and_without_metadata() {
    let site = picture_site();
    let run = build_ok(site.path(), &[]);
    assert!(
        run.stdout
            .contains("Pictures: 2 (2 processed, 0 from the cache; 2 read)"),
        "{}",
        run.stdout
    );
    let dist = site.path().join("dist");
    let copies = pictures_in(&dist);
    let mut seen = Vec::new();
    for (name, bytes) in &copies {
        assert!(!has_exif(bytes), "{name} holds EXIF data");
        assert!(
            !bytes.windows(4).any(|w| w == b"Exif"),
            "{name} holds an Exif block"
        );
        let format = image::guess_format(bytes).unwrap();
        let decoded = image::load_from_memory(bytes).unwrap();
        let expected = match name.rsplit_once('.').unwrap().1 {
            "webp" => ImageFormat::WebP,
            "jpg" => ImageFormat::Jpeg,
            "png" => ImageFormat::Png,
            other => panic!("unexpected copy {name} ({other})"),
        };
        assert_eq!(format, expected, "{name}");
        let width: u32 = name
            .rsplit_once('-')
            .unwrap()
            .1
            .split('.')
            .next()
            .unwrap()
            .parse()
            .unwrap();
        assert_eq!(decoded.width(), width, "{name}");
        seen.push((name.clone(), decoded));
    }
    let names: Vec<&str> = seen.iter().map(|(n, _)| n.as_str()).collect();
    // The drawing, 1000 wide: 480, 960 and its own 1000, in WebP and PNG, and its share card.
    for width in [480, 960, 1000] {
        for ext in ["webp", "png"] {
            assert!(
                names
                    .iter()
                    .any(|n| n.starts_with("manhua-") && n.ends_with(&format!("-{width}.{ext}"))),
                "no {width}.{ext} of the drawing in {names:?}"
            );
        }
    }
    // The photograph, 800 wide once upright: 480 and its own 800, never wider.
    for width in [480, 800] {
        for ext in ["webp", "jpg"] {
            assert!(
                names
                    .iter()
                    .any(|n| n.starts_with("photo-") && n.ends_with(&format!("-{width}.{ext}"))),
                "no {width}.{ext} of the photo in {names:?}"
            );
        }
    }
    assert!(
        !names
            .iter()
            .any(|n| n.contains("-960.jpg") || n.contains("-1600"))
    );
    for (name, decoded) in &seen {
        if name.starts_with("photo-") {
            // Upright: 2 : 3, the camera's left (red) now at the top.
            assert_eq!(decoded.width() * 3, decoded.height() * 2, "{name}");
            let top = decoded.get_pixel(decoded.width() / 2, decoded.height() / 8);
            let bottom = decoded.get_pixel(decoded.width() / 2, decoded.height() * 7 / 8);
            assert!(top[0] > 150 && top[2] < 100, "{name}: top is {top:?}");
            assert!(
                bottom[2] > 150 && bottom[0] < 100,
                "{name}: bottom is {bottom:?}"
            );
        }
    }
    // The drawing's WebP is lossless: pixel for pixel its PNG.
    let webp = &seen
        .iter()
        .find(|(n, _)| n.starts_with("manhua-") && n.ends_with("-1000.webp"))
        .unwrap()
        .1;
    let png = &seen
        .iter()
        .find(|(n, _)| n.starts_with("manhua-") && n.ends_with("-1000.png"))
        .unwrap()
        .1;
    assert_eq!(webp.to_rgb8().as_raw(), png.to_rgb8().as_raw());
    // The source files themselves are not published.
    assert!(
        !read_tree(&dist)
            .keys()
            .any(|p| p.ends_with("photo.jpg") || p.ends_with("manhua.png"))
    );
}

#[test]
fn pages_carry_srcset_sizes_dimensions_lazy_loading_captions_and_share_cards() {
    let site = picture_site();
    build_ok(site.path(), &[]);
    let dist = site.path().join("dist");
    let page = read(&dist, "articles/cartoon/index.html");
    // The lead picture: in a figure with its caption and credit, loaded at once.
    let lead = common::between(&page, "<figure class=\"lead-picture\">", "</figure>")
        .expect("a lead figure");
    assert!(
        lead.contains("<source type=\"image/webp\" srcset=\"../../pictures/manhua-"),
        "{lead}"
    );
    assert!(lead.contains("-480.webp 480w, "), "{lead}");
    assert!(lead.contains("-1000.png 1000w\""), "{lead}");
    assert!(lead.contains("sizes=\""), "{lead}");
    assert!(lead.contains("width=\"960\" height=\"576\""), "{lead}");
    assert!(lead.contains("alt=\"图说：春秋假来了\""), "{lead}");
    assert!(!lead.contains("loading=\"lazy\""), "{lead}");
    assert!(lead.contains("fetchpriority=\"high\""), "{lead}");
    assert!(lead.contains("decoding=\"async\""), "{lead}");
    assert!(
        lead.contains(
            "<span class=\"caption\">图说：春秋假来了</span><span class=\"credit\">漫画/易蓉</span>"
        ),
        "{lead}"
    );
    // The body's picture: a figure with the title as its caption, loaded lazily.
    let body = common::between(&page, "<div class=\"article-body\">", "</div>").unwrap();
    let figure =
        common::between(body, "<figure class=\"figure\">", "</figure>").expect("a body figure");
    assert!(
        figure.contains("<picture><source type=\"image/webp\" srcset=\"../../pictures/photo-"),
        "{figure}"
    );
    assert!(figure.contains("alt=\"街头的一张照片\""), "{figure}");
    assert!(figure.contains("width=\"800\" height=\"1200\""), "{figure}");
    assert!(
        figure.contains("loading=\"lazy\" decoding=\"async\""),
        "{figure}"
    );
    assert!(
        figure.contains("<figcaption>图说：街头</figcaption>"),
        "{figure}"
    );
    assert!(!body.contains("<p><figure"), "{body}");
    // Share cards: absolute, 1000 wide (the drawing is narrower than 1200), large.
    assert!(
        page.contains(
            "<meta property=\"og:image\" content=\"https://example.org/opinion/pictures/manhua-"
        ),
        "{page}"
    );
    assert!(page.contains("<meta property=\"og:image:width\" content=\"1000\">"));
    assert!(page.contains("<meta name=\"twitter:card\" content=\"summary_large_image\">"));
    let json_ld =
        common::between(&page, "<script type=\"application/ld+json\">", "</script>").unwrap();
    let json: serde_json::Value = serde_json::from_str(json_ld).unwrap();
    assert_eq!(json["image"]["@type"], "ImageObject");
    assert!(
        json["image"]["url"]
            .as_str()
            .unwrap()
            .starts_with("https://example.org/opinion/pictures/manhua-")
    );
    assert_eq!(json["image"]["width"], 1000);
    assert_eq!(json["image"]["creditText"], "漫画/易蓉");
    // Every URL the page names exists.
    for name in page.split("pictures/").skip(1) {
        let file: String = name
            .chars()
            .take_while(|c| !matches!(c, ' ' | '"' | ','))
            .collect();
        assert!(
            dist.join("pictures").join(&file).is_file(),
            "{file} is named but not written"
        );
    }
    // The listings show the lead picture as the card's, lazily.
    let home = read(&dist, "index.html");
    assert!(home.contains("class=\"card-picture\""), "{home}");
    assert!(home.contains("loading=\"lazy\""));
}

#[test]
fn a_build_in_which_no_picture_changed_decodes_none_and_a_replaced_one_alone_is_made_again() {
    let site = picture_site();
    build_ok(site.path(), &[]);
    let before = read_tree(&site.path().join("dist"));
    let again = build_ok(site.path(), &[]);
    assert!(
        again
            .stdout
            .contains("Pictures: 2 (0 processed, 2 from the cache; 0 read)"),
        "{}",
        again.stdout
    );
    assert_eq!(read_tree(&site.path().join("dist")), before);
    // Only the replaced picture is decoded again; its copies get new names.
    write(
        site.path(),
        "articles/cartoon/photo.jpg",
        jpeg_with_exif(&photo_pixels(900, 600), 1),
    );
    let changed = build_ok(site.path(), &[]);
    assert!(
        changed
            .stdout
            .contains("Pictures: 2 (1 processed, 1 from the cache; 1 read)"),
        "{}",
        changed.stdout
    );
    let page = read(&site.path().join("dist"), "articles/cartoon/index.html");
    assert!(page.contains("width=\"900\" height=\"600\""), "{page}");
    // The cache keeps the two pictures shown and its index, not the replaced one.
    let cached = std::fs::read_dir(site.path().join(".dist.pictures"))
        .unwrap()
        .count();
    assert_eq!(cached, 3);
    // The cache is safe to delete: the next build makes everything again.
    std::fs::remove_dir_all(site.path().join(".dist.pictures")).unwrap();
    let fresh = build_ok(site.path(), &[]);
    assert!(
        fresh.stdout.contains("Pictures: 2 (2 processed"),
        "{}",
        fresh.stdout
    );
}

/// Builds the picture site with `articles/cartoon/photo.jpg` replaced by `file` holding
/// `bytes` (the body names `file`), and returns stderr; the build must fail and leave dist/
/// as it was.
fn fails_with(file: &str, bytes: &[u8]) -> String {
    let site = picture_site();
    build_ok(site.path(), &[]);
    let before = read_tree(&site.path().join("dist"));
    std::fs::remove_file(site.path().join("articles/cartoon/photo.jpg")).unwrap();
    write(site.path(), &format!("articles/cartoon/{file}"), bytes);
    write(
        site.path(),
        "articles/cartoon/index.md",
        CARTOON.replace("(photo.jpg ", &format!("({file} ")),
    );
    let started = Instant::now();
    let run = build(site.path(), &[]);
    assert!(
        started.elapsed() < Duration::from_secs(20),
        "took {:?}",
        started.elapsed()
    );
    assert!(!run.success, "{}", run.stdout);
    assert_eq!(
        read_tree(&site.path().join("dist")),
        before,
        "dist/ changed"
    );
    run.stderr
}

#[test]
fn each_bad_picture_is_an_error_at_the_line_that_shows_it_and_dist_stays_as_it_was() {
    // The body's picture is on line 13 of the article, at column 1.
    let at = "articles/cartoon/index.md:13:1: articles/cartoon/";
    let corrupt = {
        // A JPEG's first marker, then nothing a decoder can read.
        let mut bytes = jpeg_with_exif(&photo_pixels(300, 200), 1);
        for b in &mut bytes[4..] {
            *b = 0x5A;
        }
        bytes
    };
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        ("photo.jpg", corrupt, "cannot be read"),
        (
            "photo.jpg",
            line_art(),
            "holds a PNG picture: rename it with .png",
        ),
        (
            "photo.gif",
            b"GIF89a\x01\x00\x01\x00".to_vec(),
            "`.gif` pictures are not supported",
        ),
        ("photo.jpg", Vec::new(), "the file is empty (0 bytes)"),
        (
            "photo.png",
            png_claiming(50_000, 50_000),
            "50000 × 50000 pixels",
        ),
        (
            "photo.png",
            png_claiming(10_000, 10_000),
            "10000 × 10000 pixels (100 MP)",
        ),
        (
            "photo.svg",
            br#"<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>"#.to_vec(),
            "this SVG holds a script",
        ),
    ];
    for (file, bytes, message) in cases {
        eprintln!("case {file} {message} {}", bytes.len());
        let stderr = fails_with(file, &bytes);
        assert!(
            stderr.contains(&format!("{at}{file}: ")) && stderr.contains(message),
            "{file} ({message}):\n{stderr}"
        );
        assert!(
            stderr.contains("the output folder was left as it was"),
            "{stderr}"
        );
    }
}

#[test]
fn a_missing_picture_or_one_outside_the_site_is_an_error_at_its_key() {
    let site = picture_site();
    write(
        site.path(),
        "articles/cartoon/index.md",
        CARTOON.replace("file: manhua.png", "file: missing.png"),
    );
    let run = build(site.path(), &[]);
    assert!(!run.success);
    assert!(
        run.stderr.contains(
            "articles/cartoon/index.md:6:9: articles/cartoon/missing.png: there is no such file"
        ),
        "{}",
        run.stderr
    );
    write(
        site.path(),
        "articles/cartoon/index.md",
        CARTOON.replace("file: manhua.png", "file: ../../../etc/passwd"),
    );
    let run = build(site.path(), &[]);
    assert!(
        run.stderr.contains("articles/cartoon/index.md:6:9: `../../../etc/passwd` leads outside the site's articles/ and static/ folders"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_picture_in_static_is_shown_by_its_copies_and_never_published_as_it_is() {
    let site = picture_site();
    write(
        site.path(),
        "articles/cartoon/index.md",
        CARTOON.replace("(photo.jpg ", "(/photos/street.jpg "),
    );
    std::fs::remove_file(site.path().join("articles/cartoon/photo.jpg")).unwrap();
    write(
        site.path(),
        "static/photos/street.jpg",
        jpeg_with_exif(&photo_pixels(640, 480), 1),
    );
    write(site.path(), "static/robots-extra.txt", "kept");
    build_ok(site.path(), &[]);
    let dist = site.path().join("dist");
    assert!(
        !dist.join("photos/street.jpg").exists(),
        "the original, with its GPS, was published"
    );
    assert!(dist.join("robots-extra.txt").is_file());
    let page = read(&dist, "articles/cartoon/index.html");
    assert!(page.contains("pictures/street-"), "{page}");
}

#[test]
fn an_svg_without_script_is_copied_as_it_is() {
    let site = picture_site();
    let svg = r#"<svg xmlns="http://www.w3.org/2000/svg" width="400" height="300"><rect width="400" height="300"/></svg>"#;
    write(site.path(), "articles/cartoon/chart.svg", svg);
    write(
        site.path(),
        "articles/cartoon/index.md",
        CARTOON.replace("(photo.jpg ", "(chart.svg "),
    );
    build_ok(site.path(), &[]);
    let dist = site.path().join("dist");
    let copies = pictures_in(&dist);
    let (_, bytes) = copies
        .iter()
        .find(|(n, _)| n.ends_with(".svg"))
        .expect("the SVG copied");
    assert_eq!(bytes, svg.as_bytes());
    let page = read(&dist, "articles/cartoon/index.html");
    assert!(
        page.contains("width=\"400\" height=\"300\" loading=\"lazy\" decoding=\"async\""),
        "{page}"
    );
}

#[test]
fn an_authors_photo_from_site_yaml_shows_on_their_page_and_in_the_byline() {
    let site = picture_site();
    let yaml = format!("{SITE_YAML}authors:\n  易蓉:\n    photo: /authors/yi-rong.jpg\n");
    write(site.path(), "site.yaml", &yaml);
    write(
        site.path(),
        "static/authors/yi-rong.jpg",
        jpeg_with_exif(&photo_pixels(300, 300), 1),
    );
    let run = build_ok(site.path(), &[]);
    assert!(
        run.stdout.contains("Pictures: 3 (3 processed"),
        "{}",
        run.stdout
    );
    let dist = site.path().join("dist");
    let page = read(&dist, "authors/yi-rong/index.html");
    let photo = common::between(&page, "<div class=\"author-photo\">", "</div>").expect("a photo");
    assert!(photo.contains("pictures/yi-rong-"), "{photo}");
    assert!(
        photo.contains("alt=\"易蓉\" width=\"300\" height=\"300\""),
        "{photo}"
    );
    assert!(photo.contains("sizes=\"6rem\""), "{photo}");
    assert!(!photo.contains("fetchpriority"), "{photo}");
    let article = read(&dist, "articles/cartoon/index.html");
    assert!(
        article.contains("<span class=\"byline-photo\">"),
        "{article}"
    );
    assert!(!dist.join("authors/yi-rong.jpg").exists());
    // A photo that is not there is an error at its line of site.yaml.
    std::fs::remove_file(site.path().join("static/authors/yi-rong.jpg")).unwrap();
    let run = build(site.path(), &[]);
    assert!(
        run.stderr
            .contains("site.yaml:8:12: static/authors/yi-rong.jpg: there is no such file"),
        "{}",
        run.stderr
    );
}

#[test]
fn check_finds_nothing_wrong_with_the_sites_pictures() {
    let site = picture_site();
    let run = common::run_command(site.path(), &["check", "--source", "."]);
    assert!(run.success, "{}\n{}", run.stdout, run.stderr);
}

#[test]
fn the_same_picture_in_two_folders_is_written_once() {
    let site = picture_site();
    let photo = std::fs::read(site.path().join("articles/cartoon/photo.jpg")).unwrap();
    write(
        site.path(),
        "articles/second/index.md",
        "---\ntitle: 第二篇\nauthor: 李宏\nimage:\n  file: photo.jpg\n---\n\n正文。\n",
    );
    write(site.path(), "articles/second/photo.jpg", &photo);
    // Made once or twice (the two may be made at the same moment), written once.
    let run = build_ok(site.path(), &[]);
    assert!(run.stdout.contains("Pictures: 3 ("), "{}", run.stdout);
    let second = read(&site.path().join("dist"), "articles/second/index.html");
    let first = read(&site.path().join("dist"), "articles/cartoon/index.html");
    let src = |html: &str| common::between(html, "pictures/photo-", "-").map(str::to_owned);
    assert_eq!(src(&first), src(&second));
}
