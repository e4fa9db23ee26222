//! The exact HTML of a few pages of the sample site, pinned with insta: a change to the theme,
//! the Markdown or the views shows up here as a diff to review (`cargo insta review`, or
//! `INSTA_UPDATE=always cargo test --test snapshots` and read the diff before committing).

mod common;

use common::{build_with_library, read, sample_site};

#[test]
fn an_article_page_renders_exactly() {
    let site = sample_site();
    build_with_library(site.path(), false);
    let page = read(
        &site.path().join("dist"),
        "articles/yi-jia-zhi-chuang-zao-wei-she-hui-gong-zuo-tian-cai/index.html",
    );
    insta::assert_snapshot!(page);
}

#[test]
fn a_section_page_renders_exactly() {
    let site = sample_site();
    build_with_library(site.path(), false);
    insta::assert_snapshot!(read(
        &site.path().join("dist"),
        "sections/ping-lun/index.html"
    ));
}
