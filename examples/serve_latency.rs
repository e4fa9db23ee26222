//! Measures `broadsheet serve --watch` on a site: the time from an article file's save to its
//! new text being served, over a number of edits, and the server's peak memory.
//!
//! cargo build --release && cargo run --release --example serve_latency -- SITE [EDITS] [PAUSE_MS]
//!
//! SITE is a site folder (e.g. one made by `gen_corpus`); its files are edited and restored,
//! PAUSE_MS (300) apart. The server makes its search index after 500 ms without a save: a
//! pause of 2000 lets it make the index between edits, so that its cost shows if it has one.
//! Prints the median and worst latency and the server's peak RSS (VmHWM).

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn main() {
    let mut args = std::env::args().skip(1);
    let site = PathBuf::from(args.next().expect("usage: serve_latency SITE [EDITS]"));
    let edits: usize = args
        .next()
        .map_or(20, |n| n.parse().expect("EDITS is a number"));
    let pause = Duration::from_millis(
        args.next()
            .map_or(300, |n| n.parse().expect("PAUSE_MS is a number")),
    );
    let binary = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/release/broadsheet");
    assert!(
        binary.exists(),
        "build the release binary first: cargo build --release"
    );

    let started = Instant::now();
    let mut child = Command::new(&binary)
        .args(["serve", "--watch", "--port", "18999", "--source"])
        .arg(&site)
        .stdout(Stdio::piped())
        .spawn()
        .expect("start broadsheet serve");
    let stdout = child.stdout.take().expect("stdout");
    let server = Server(child);
    let mut lines = BufReader::new(stdout).lines();
    let url = loop {
        let line = lines
            .next()
            .expect("the server stopped")
            .expect("read stdout");
        if let Some(rest) = line.split(" at http://").nth(1) {
            break rest.to_owned();
        }
    };
    // Keep reading the server's output so that it never blocks on a full pipe.
    std::thread::spawn(move || for _ in lines {});
    println!(
        "server ready in {:.0} ms at http://{url}",
        started.elapsed().as_secs_f64() * 1000.0
    );
    let (address, base) = url.split_at(url.find('/').expect("a path"));

    let mut articles: Vec<PathBuf> = std::fs::read_dir(site.join("articles"))
        .expect("articles/")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .collect();
    articles.sort();
    let step = (articles.len() / edits.max(1)).max(1);

    let mut latencies = Vec::new();
    for (n, path) in articles.iter().step_by(step).take(edits).enumerate() {
        let original = std::fs::read_to_string(path).expect("read article");
        let slug = path
            .file_stem()
            .expect("stem")
            .to_string_lossy()
            .into_owned();
        let marker = format!("延迟测试{n}号");
        let edited = original.replacen("\ntitle: ", &format!("\ntitle: {marker}"), 1);
        assert_ne!(edited, original, "{} has no title line", path.display());
        let page = format!("{base}articles/{slug}/");
        let saved = Instant::now();
        std::fs::write(path, &edited).expect("save");
        loop {
            if get(address, &page).contains(&marker) {
                break;
            }
            assert!(
                saved.elapsed() < Duration::from_secs(10),
                "{page} never showed the edit"
            );
            std::thread::sleep(Duration::from_millis(2));
        }
        let latency = saved.elapsed();
        latencies.push(latency);
        println!("edit {n:2}: {:6.1} ms", latency.as_secs_f64() * 1000.0);
        std::fs::write(path, &original).expect("restore");
        // Let the restore's rebuild finish before the next edit.
        std::thread::sleep(pause);
    }
    latencies.sort();
    let median = latencies[latencies.len() / 2];
    let worst = latencies[latencies.len() - 1];
    let status =
        std::fs::read_to_string(format!("/proc/{}/status", server.0.id())).unwrap_or_default();
    let peak = status
        .lines()
        .find(|l| l.starts_with("VmHWM:"))
        .unwrap_or("VmHWM: ?")
        .to_owned();
    println!(
        "{} edits: median {:.1} ms, worst {:.1} ms; server peak RSS {}",
        latencies.len(),
        median.as_secs_f64() * 1000.0,
        worst.as_secs_f64() * 1000.0,
        peak.trim_start_matches("VmHWM:").trim()
    );
}

/// The body of `GET path`, or nothing when the request fails.
fn get(address: &str, path: &str) -> String {
    let Ok(mut stream) = TcpStream::connect(address) else {
        return String::new();
    };
    let request = format!("GET {path} HTTP/1.1\r\nHost: {address}\r\nConnection: close\r\n\r\n");
    if stream.write_all(request.as_bytes()).is_err() {
        return String::new();
    }
    let mut response = Vec::new();
    let _ = stream.read_to_end(&mut response);
    String::from_utf8_lossy(&response).into_owned()
}
