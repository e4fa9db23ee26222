//! `broadsheet check` through the real binary: the sample site passes and nothing is written;
//! links and pictures in article bodies that lead nowhere are errors at their line and column,
//! each with what to do; half-width punctuation in Chinese text and sections the site does not
//! list are warnings; the build's own problems are reported as `build` reports them.

mod common;

use std::path::Path;

use common::{read_tree, run_command, sample_site, write};

/// The sample's article about social work, with `tail` added to its body.
fn with_tail(site: &Path, tail: &str) -> usize {
    let path = site.join("articles/以价值创造为社会工作添彩.md");
    let text = std::fs::read_to_string(&path).unwrap();
    let first_line = text.lines().count() + 2;
    std::fs::write(&path, format!("{text}\n{tail}")).unwrap();
    first_line
}

#[test]
fn the_sample_site_passes_and_nothing_is_written() {
    let site = sample_site();
    let before = read_tree(site.path());
    let run = run_command(site.path(), &["check"]);
    assert!(run.success, "{}\n{}", run.stdout, run.stderr);
    assert!(
        run.stdout.starts_with("Checked 7 articles, ")
            && run.stdout.ends_with(" and 0 links: no errors\n"),
        "{}",
        run.stdout
    );
    assert_eq!(run.stderr, "");
    assert_eq!(read_tree(site.path()), before, "check wrote something");
}

#[test]
fn links_and_pictures_that_lead_nowhere_are_errors_at_their_place() {
    let site = sample_site();
    let line = with_tail(
        site.path(),
        "见[前文](../zai-shen-ru-qun-zhong-zhong-hou-zhi-zhi-zheng-gen-ji/)。\n\
         见[错字](../zai-shen-ru-qun-zhong-zhong-hou-zhi-zhi-zheng-gen-jj/)。\n\
         见[文件](在深入群众中厚植执政根基.md)。\n\
         见[锚点](#nowhere)。\n\
         见[根](/articles/zai-shen-ru-qun-zhong-zhong-hou-zhi-zhi-zheng-gen-ji/)。\n\
         见[外站](https://example.com/x)与[本站](https://example.org/opinion/sections/)。\n\
         \n\
         ![漫画](../../img/cartoon.png)\n",
    );
    let before = read_tree(site.path());
    let run = run_command(site.path(), &["check"]);
    assert_eq!(run.code, Some(1), "{}\n{}", run.stdout, run.stderr);
    let file = "articles/以价值创造为社会工作添彩.md";
    let expected = [
        format!(
            "{file}:{}:2: the link `../zai-shen-ru-qun-zhong-zhong-hou-zhi-zhi-zheng-gen-jj/` leads to /opinion/articles/zai-shen-ru-qun-zhong-zhong-hou-zhi-zhi-zheng-gen-jj/, which the site does not have: did you mean /opinion/articles/zai-shen-ru-qun-zhong-zhong-hou-zhi-zhi-zheng-gen-ji/?",
            line + 1
        ),
        format!(
            "{file}:{}:2: the link `在深入群众中厚植执政根基.md` names the article file articles/在深入群众中厚植执政根基.md: link to its page, /opinion/articles/zai-shen-ru-qun-zhong-zhong-hou-zhi-zhi-zheng-gen-ji/",
            line + 2
        ),
        format!(
            "{file}:{}:2: the link `#nowhere` leads to /opinion/articles/yi-jia-zhi-chuang-zao-wei-she-hui-gong-zuo-tian-cai/ but that page has no anchor `#nowhere` (no element with id=\"nowhere\"): link to the page alone, or to an anchor it has",
            line + 3
        ),
        format!(
            "{file}:{}:2: the link `/articles/zai-shen-ru-qun-zhong-zhong-hou-zhi-zhi-zheng-gen-ji/` leads outside the site, which is served at /opinion/: write it /opinion/articles/zai-shen-ru-qun-zhong-zhong-hou-zhi-zhi-zheng-gen-ji/",
            line + 4
        ),
        format!(
            "{file}:{}:1: the picture `../../img/cartoon.png` is no file of the site (it would be /opinion/img/cartoon.png): put it in static/, which is copied to the site's root, and write its path from there (static/img/a.png is /opinion/img/a.png)",
            line + 7
        ),
        "error: 5 problems found (nothing was written)".to_owned(),
    ];
    let printed: Vec<&str> = run.stderr.lines().collect();
    assert_eq!(printed, expected, "{}", run.stderr);
    assert_eq!(read_tree(site.path()), before, "check wrote something");

    // With the picture in static/ and the links mended, the site passes.
    write(site.path(), "static/img/cartoon.png", b"\x89PNG\r\n\x1a\n");
    let path = site.path().join(file);
    let text = std::fs::read_to_string(&path)
        .unwrap()
        .replace("gen-jj/", "gen-ji/")
        .replace(
            "(在深入群众中厚植执政根基.md)",
            "(../zai-shen-ru-qun-zhong-zhong-hou-zhi-zhi-zheng-gen-ji/)",
        )
        .replace("(#nowhere)", "(#main)")
        .replace("(/articles/", "(/opinion/articles/");
    std::fs::write(&path, text).unwrap();
    let run = run_command(site.path(), &["check"]);
    assert!(run.success, "{}", run.stderr);
    assert!(
        run.stdout.ends_with(" and 8 links: no errors\n"),
        "{}",
        run.stdout
    );
}

#[test]
fn half_width_punctuation_in_chinese_text_is_a_warning_at_its_place() {
    let site = sample_site();
    let line = with_tail(
        site.path(),
        "第一处,在这里;还有一处.\n\n英文 Hello, world 与数字 1,300 不算。\n\n第二处(括号)。\n\n第三处?\n\n第四处!\n\n第五处:\n",
    );
    let path = site.path().join("articles/身体是事业最重要的“合伙人”.md");
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, text.replacen("title: ", "title: 标题,", 1)).unwrap();
    let run = run_command(site.path(), &["check"]);
    assert!(run.success, "{}\n{}", run.stdout, run.stderr);
    let file = "articles/以价值创造为社会工作添彩.md";
    let expected = [
        format!("{file}:{line}:4: warning: a half-width `,` in Chinese text and 1 more on this line: print sets `，`, and on phones the half-width mark leaves a gap"),
        format!("{file}:{}:4: warning: a half-width `(` in Chinese text and 1 more on this line: print sets `（`, and on phones the half-width mark leaves a gap", line + 4),
        format!("{file}:{}:4: warning: a half-width `?` in Chinese text: print sets `？`, and on phones the half-width mark leaves a gap", line + 6),
        format!("{file}:{}:4: warning: and 2 more half-width marks on 2 more lines of this file", line + 6),
        "articles/身体是事业最重要的“合伙人”.md:2:10: warning: a half-width `,` in Chinese text: print sets `，`, and on phones the half-width mark leaves a gap".to_owned(),
    ];
    let printed: Vec<&str> = run.stderr.lines().collect();
    assert_eq!(printed, expected, "{}", run.stderr);
    assert!(
        run.stdout.ends_with("no errors, 5 warnings\n"),
        "{}",
        run.stdout
    );
}

#[test]
fn an_article_without_a_listed_section_is_a_warning() {
    let site = sample_site();
    let path = site.path().join("articles/以创意让传统产业焕发新生机.md");
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(
        &path,
        text.replace("section: 市场观察\n", "section: 市场观查\n"),
    )
    .unwrap();
    let path = site.path().join("articles/让“外脑”激活国企治理效能.md");
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, text.replace("section: 评漫画\n", "")).unwrap();
    let run = run_command(site.path(), &["check"]);
    assert!(run.success, "{}\n{}", run.stdout, run.stderr);
    let printed: Vec<&str> = run.stderr.lines().collect();
    assert_eq!(
        printed,
        [
            "articles/以创意让传统产业焕发新生机.md:4:10: warning: the section 市场观查 is not one the site lists (评论、基层治理、教育观察、全民健康、评漫画、市场观察) (did you mean 市场观察?): a new section gets a page of its own",
            "articles/让“外脑”激活国企治理效能.md:1:1: warning: no `section:`, so it goes under 评论 (default_section); the site lists its sections (评论、基层治理、教育观察、全民健康、评漫画、市场观察): give it one",
        ],
        "{}",
        run.stderr
    );
}

#[test]
fn the_builds_own_problems_are_reported_as_build_reports_them() {
    let site = sample_site();
    let path = site.path().join("articles/以创意让传统产业焕发新生机.md");
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, text.replacen("author:", "auther:", 1)).unwrap();
    let check = run_command(site.path(), &["check"]);
    let build = run_command(site.path(), &["build"]);
    assert_eq!(check.code, Some(1));
    assert_eq!(build.code, Some(1));
    let first = |stderr: &str| stderr.lines().next().unwrap_or_default().to_owned();
    assert_eq!(first(&check.stderr), first(&build.stderr));
    assert!(
        first(&check.stderr)
            .starts_with("articles/以创意让传统产业焕发新生机.md:3:1: unknown key `auther` (did you mean `author`?)"),
        "{}",
        check.stderr
    );
    assert!(!site.path().join("dist").exists());
}

/// A small web server on loopback for `--external`: `/ok` 200, `/gone` 404, `/busy` 503,
/// `/slow` after 5 s, `/no-head` 405 to HEAD and 200 to GET. It counts the requests it had at
/// once, the most of them, and every request line.
/// What the server saw: requests open now, the most open at once, every request line.
type Seen = std::sync::Arc<std::sync::Mutex<(usize, usize, Vec<String>)>>;

fn serve_links() -> (u16, Seen) {
    use std::io::{BufRead as _, BufReader, Write as _};
    use std::sync::{Arc, Mutex};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let seen = Arc::new(Mutex::new((0usize, 0usize, Vec::new())));
    let shared = Arc::clone(&seen);
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let seen = Arc::clone(&shared);
            std::thread::spawn(move || {
                let mut reader = BufReader::new(stream.try_clone().unwrap());
                let mut request = String::new();
                if reader.read_line(&mut request).is_err() {
                    return;
                }
                loop {
                    let mut header = String::new();
                    if reader.read_line(&mut header).unwrap_or(0) <= 2 {
                        break;
                    }
                }
                {
                    let mut s = seen.lock().unwrap();
                    s.0 += 1;
                    s.1 = s.1.max(s.0);
                    s.2.push(request.trim().to_owned());
                }
                let head = request.starts_with("HEAD");
                let path = request.split(' ').nth(1).unwrap_or("/").to_owned();
                let status = match path.as_str() {
                    "/ok" => "200 OK",
                    "/gone" => "404 Not Found",
                    "/busy" => "503 Service Unavailable",
                    "/no-head" if head => "405 Method Not Allowed",
                    "/no-head" => "200 OK",
                    "/slow" => {
                        std::thread::sleep(std::time::Duration::from_secs(5));
                        "200 OK"
                    }
                    _ => "404 Not Found",
                };
                std::thread::sleep(std::time::Duration::from_millis(50));
                // Counted as done before the answer goes, so that the client's next request
                // cannot be counted while this one still is.
                seen.lock().unwrap().0 -= 1;
                let mut stream = stream;
                let _ = write!(
                    stream,
                    "HTTP/1.1 {status}\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}",
                    if head { "" } else { "ok" }
                );
            });
        }
    });
    (port, seen)
}

#[test]
fn external_links_are_followed_only_when_asked_one_request_at_a_time_to_a_host() {
    let (port, seen) = serve_links();
    let site = sample_site();
    let base = format!("http://127.0.0.1:{port}");
    let line = with_tail(
        site.path(),
        &format!(
            "[好]({base}/ok)、[无]({base}/gone)、[忙]({base}/busy)、[慢]({base}/slow)、[头]({base}/no-head)、[又无]({base}/gone)。\n"
        ),
    );
    // Not followed by default.
    let run = run_command(site.path(), &["check"]);
    assert!(run.success, "{}", run.stderr);
    assert!(
        seen.lock().unwrap().2.is_empty(),
        "check asked the web without --external"
    );

    let run = run_command(site.path(), &["check", "--external", "--timeout", "2"]);
    assert_eq!(run.code, Some(1), "{}\n{}", run.stdout, run.stderr);
    let file = "articles/以价值创造为社会工作添彩.md";
    let printed: Vec<&str> = run.stderr.lines().collect();
    let column = |name: &str| {
        let text = std::fs::read_to_string(site.path().join(file)).unwrap();
        let line_text = text.lines().nth(line - 1).unwrap().to_owned();
        line_text[..line_text.find(&format!("[{name}]")).unwrap()]
            .chars()
            .count()
            + 1
    };
    assert_eq!(
        printed,
        [
            format!(
                "{file}:{line}:{}: the link `{base}/gone` answers 404: the page is gone; link to where it went, or take the link out",
                column("无")
            ),
            format!(
                "{file}:{line}:{}: the link `{base}/gone` answers 404: the page is gone; link to where it went, or take the link out",
                column("又无")
            ),
            format!(
                "{file}:{line}:{}: warning: the link `{base}/busy` answers 503, a server's error: it may pass later; look at it in a browser",
                column("忙")
            ),
            format!(
                "{file}:{line}:{}: warning: the link `{base}/slow` did not answer in time: it may pass later; look at it in a browser",
                column("慢")
            ),
            "error: 2 problems found, and 2 warnings (nothing was written)".to_owned(),
        ],
        "{}",
        run.stderr
    );
    let seen = seen.lock().unwrap();
    assert_eq!(
        seen.1, 1,
        "more than one request at once to one host: {:?}",
        seen.2
    );
    // Each address once (the page linked twice is asked once), HEAD first, GET where HEAD is
    // not allowed.
    let gone = seen.2.iter().filter(|r| r.contains("/gone")).count();
    assert_eq!(gone, 1, "{:?}", seen.2);
    assert!(
        seen.2.contains(&"GET /no-head HTTP/1.1".to_owned()),
        "{:?}",
        seen.2
    );
}

#[test]
fn a_page_of_the_last_build_that_would_be_gone_is_an_error_with_the_alias_to_add() {
    let site = sample_site();
    let build = run_command(site.path(), &["build"]);
    assert!(build.success, "{}", build.stderr);
    // The file renamed, and so its slug: its old address would be gone.
    let old = site.path().join("articles/以创意让传统产业焕发新生机.md");
    let text = std::fs::read_to_string(&old).unwrap();
    std::fs::remove_file(&old).unwrap();
    write(
        site.path(),
        "articles/以创意让传统产业焕发新生机.md",
        text.replacen("---\n", "---\nslug: chuang-yi\n", 1),
    );
    let run = run_command(site.path(), &["check"]);
    assert_eq!(run.code, Some(1), "{}\n{}", run.stdout, run.stderr);
    assert_eq!(
        run.stderr.lines().next(),
        Some(
            "dist: /opinion/articles/yi-chuang-yi-rang-chuan-tong-chan-ye-huan-fa-xin-sheng-ji/ was in the last build and is gone: add `aliases: [/articles/yi-chuang-yi-rang-chuan-tong-chan-ye-huan-fa-xin-sheng-ji/]` to the article that replaced it"
        ),
        "{}",
        run.stderr
    );
    // With the alias, it passes.
    let path = site.path().join("articles/以创意让传统产业焕发新生机.md");
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(
        &path,
        text.replacen(
            "slug: chuang-yi\n",
            "slug: chuang-yi\naliases: [/articles/yi-chuang-yi-rang-chuan-tong-chan-ye-huan-fa-xin-sheng-ji/]\n",
            1,
        ),
    )
    .unwrap();
    let run = run_command(site.path(), &["check"]);
    assert!(run.success, "{}", run.stderr);
}
