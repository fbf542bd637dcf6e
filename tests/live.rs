//! The live desk: fetching over HTTP from a server on 127.0.0.1 started by
//! each test (stalls, trickles, redirect loops, wrong content types,
//! oversize bodies, gzip bombs), polling feeds into a folder, and the
//! headless `newsdesk watch`.

use assert_cmd::Command;
use newsdesk::fetch::{self, FetchError, FetchOptions};
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::thread;
use std::time::{Duration, Instant};

/// What the test server answers.
#[derive(Clone)]
enum Reply {
    Ok {
        content_type: &'static str,
        body: Vec<u8>,
        extra: Vec<(String, String)>,
    },
    Status(u16, Vec<(String, String)>),
    /// Read the request, then say nothing.
    Stall,
    /// Headers, then one byte every 100 ms.
    Trickle,
}

fn ok(content_type: &'static str, body: impl Into<Vec<u8>>) -> Reply {
    Reply::Ok {
        content_type,
        body: body.into(),
        extra: Vec::new(),
    }
}

/// A server on 127.0.0.1 answering by path; it stops by itself after 30 s.
fn serve(route: impl Fn(&str, usize) -> Reply + Send + Sync + 'static) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    listener.set_nonblocking(true).unwrap();
    let route = Arc::new(route);
    let hits = Arc::new(AtomicUsize::new(0));
    thread::spawn(move || {
        let end = Instant::now() + Duration::from_secs(30);
        while Instant::now() < end {
            match listener.accept() {
                Ok((stream, _)) => {
                    let route = route.clone();
                    let n = hits.fetch_add(1, Ordering::Relaxed);
                    thread::spawn(move || handle(stream, &*route, n));
                }
                Err(_) => thread::sleep(Duration::from_millis(10)),
            }
        }
    });
    format!("http://{addr}")
}

fn handle(mut stream: TcpStream, route: &(dyn Fn(&str, usize) -> Reply + Send + Sync), n: usize) {
    stream.set_nonblocking(false).ok();
    stream.set_read_timeout(Some(Duration::from_secs(5))).ok();
    let mut req = Vec::new();
    let mut buf = [0u8; 1024];
    while !req.windows(4).any(|w| w == b"\r\n\r\n") {
        match stream.read(&mut buf) {
            Ok(0) | Err(_) => return,
            Ok(k) => req.extend_from_slice(&buf[..k]),
        }
        if req.len() > 64 * 1024 {
            return;
        }
    }
    let text = String::from_utf8_lossy(&req);
    let path = text.split_whitespace().nth(1).unwrap_or("/").to_string();
    match route(&path, n) {
        Reply::Ok {
            content_type,
            body,
            extra,
        } => {
            let mut head = format!(
                "HTTP/1.1 200 OK\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\nConnection: close\r\n",
                body.len()
            );
            for (k, v) in extra {
                head.push_str(&format!("{k}: {v}\r\n"));
            }
            head.push_str("\r\n");
            let _ = stream.write_all(head.as_bytes());
            let _ = stream.write_all(&body);
        }
        Reply::Status(code, headers) => {
            let mut head =
                format!("HTTP/1.1 {code} X\r\nContent-Length: 0\r\nConnection: close\r\n");
            for (k, v) in headers {
                head.push_str(&format!("{k}: {v}\r\n"));
            }
            head.push_str("\r\n");
            let _ = stream.write_all(head.as_bytes());
        }
        Reply::Stall => thread::sleep(Duration::from_secs(8)),
        Reply::Trickle => {
            let _ = stream.write_all(
                b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 100000\r\n\r\n",
            );
            for _ in 0..80 {
                if stream.write_all(b"a").is_err() {
                    return;
                }
                thread::sleep(Duration::from_millis(100));
            }
        }
    }
}

const PAGE: &str = r#"<!doctype html><html><head><title>Ferry capsizes off the coast | Harbour Times</title>
<meta property="og:site_name" content="Harbour Times">
<meta property="article:published_time" content="2024-03-02T08:00:00Z"></head>
<body><nav><a href="/">Home</a></nav><article><h1>Ferry capsizes off the coast</h1>
<p>A ferry carrying 140 people capsized off the northern coast on Saturday, killing at least 12, the coast guard said.</p>
<p>Rescue boats pulled 96 survivors from the water by nightfall, and the search went on through the night.</p>
</article></body></html>"#;

fn rss(items: &[(&str, &str)]) -> String {
    let mut s = String::from(
        "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Wire Feed</title>",
    );
    for (guid, text) in items {
        s.push_str(&format!(
            "<item><title>Item {guid}</title><guid>{guid}</guid><link>https://wire.example/{guid}</link>\
             <pubDate>Sat, 02 Mar 2024 08:00:00 GMT</pubDate><description>{text}</description></item>"
        ));
    }
    s.push_str("</channel></rss>");
    s
}

fn quick() -> FetchOptions {
    FetchOptions {
        max_bytes: 1 << 20,
        timeout: Duration::from_secs(1),
        connect_timeout: Duration::from_secs(1),
        ..FetchOptions::default()
    }
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    e.write_all(bytes).unwrap();
    e.finish().unwrap()
}

#[test]
fn fetch_saves_pages_with_sidecars_and_refuses_what_is_not_one() {
    let base = serve(|path, _| match path {
        "/article" => ok("text/html; charset=utf-8", PAGE),
        "/feed" => ok(
            "text/html",
            rss(&[("a1", "The dam gave way at dawn on Monday.")]),
        ),
        "/moved" => Reply::Status(301, vec![("Location".into(), "/article".into())]),
        "/loop" => Reply::Status(302, vec![("Location".into(), "/loop2".into())]),
        "/loop2" => Reply::Status(302, vec![("Location".into(), "/loop".into())]),
        "/image" => ok("image/png", vec![0x89, b'P', b'N', b'G', 0, 0, 0]),
        "/pdf" => ok("application/pdf", "%PDF-1.4"),
        "/big" => ok("text/html", vec![b'a'; 3 << 20]),
        "/bomb" => Reply::Ok {
            content_type: "text/html",
            body: gzip(&vec![b' '; 64 << 20]),
            extra: vec![("Content-Encoding".into(), "gzip".into())],
        },
        "/gz" => Reply::Ok {
            content_type: "text/html",
            body: gzip(PAGE.as_bytes()),
            extra: vec![("Content-Encoding".into(), "gzip".into())],
        },
        "/stall" => Reply::Stall,
        "/trickle" => Reply::Trickle,
        _ => Reply::Status(404, Vec::new()),
    });
    let opts = quick();
    let dir = tempfile::tempdir().unwrap();

    let page = fetch::fetch(&format!("{base}/article"), &opts).unwrap();
    assert_eq!(page.kind, fetch::DocKind::Html);
    let saved = fetch::save(&page, dir.path(), None).unwrap();
    assert!(saved.to_string_lossy().ends_with(".html"));
    let side = saved.with_file_name(format!(
        "{}.meta.json",
        saved.file_stem().unwrap().to_string_lossy()
    ));
    let meta: serde_json::Value = serde_json::from_slice(&std::fs::read(&side).unwrap()).unwrap();
    assert_eq!(meta["url"], format!("{base}/article"));
    assert!(meta["fetched"].as_str().unwrap().starts_with("20"));
    // saved again from the same URL: the same file, not a copy
    assert_eq!(fetch::save(&page, dir.path(), None).unwrap(), saved);

    let feed = fetch::fetch(&format!("{base}/feed"), &opts).unwrap();
    assert_eq!(
        feed.kind,
        fetch::DocKind::Xml,
        "sniffed, whatever the type says"
    );
    let moved = fetch::fetch(&format!("{base}/moved"), &opts).unwrap();
    assert_eq!(moved.final_url, format!("{base}/article"));
    let gz = fetch::fetch(&format!("{base}/gz"), &opts).unwrap();
    assert_eq!(gz.bytes, PAGE.as_bytes(), "gzip decoded");

    let err = |path: &str| fetch::fetch(&format!("{base}{path}"), &opts).unwrap_err();
    assert_eq!(err("/loop"), FetchError::Redirects);
    assert!(matches!(err("/image"), FetchError::ContentType(t) if t == "image/png"));
    assert!(matches!(err("/pdf"), FetchError::ContentType(_)));
    assert!(matches!(err("/big"), FetchError::TooLarge(_)));
    assert_eq!(err("/nope"), FetchError::Status(404));
    let start = Instant::now();
    assert!(
        matches!(err("/bomb"), FetchError::TooLarge(_)),
        "gzip bomb stops at the cap"
    );
    assert!(start.elapsed() < Duration::from_secs(5));
    for slow in ["/stall", "/trickle"] {
        let start = Instant::now();
        let e = err(slow);
        assert!(matches!(e, FetchError::Timeout(_)), "{slow}: {e:?}");
        assert!(
            start.elapsed() < Duration::from_secs(4),
            "{slow} took {:?}",
            start.elapsed()
        );
    }
    assert_eq!(
        fetch::fetch("file:///etc/passwd", &opts).unwrap_err(),
        FetchError::BadUrl
    );
}

#[test]
fn fetch_command_reports_what_loaded_and_warns_per_url() {
    let base = serve(|path, _| match path {
        "/article" => ok("text/html", PAGE),
        "/feed.xml" => ok(
            "application/rss+xml",
            rss(&[
                ("a1", "The dam gave way at dawn on Monday."),
                ("a2", "Two people were missing by the evening."),
            ]),
        ),
        "/image" => ok("image/jpeg", "JFIF"),
        _ => Reply::Status(404, Vec::new()),
    });
    let dir = tempfile::tempdir().unwrap();
    let out = Command::cargo_bin("newsdesk")
        .unwrap()
        .args([
            "fetch",
            &format!("{base}/article"),
            &format!("{base}/feed.xml"),
            &format!("{base}/image"),
            "--timeout",
            "2",
            "--into",
        ])
        .arg(dir.path())
        .timeout(Duration::from_secs(30))
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "one URL failed: {stderr}");
    assert!(
        stdout.contains("html: “Ferry capsizes off the coast”"),
        "{stdout}"
    );
    assert!(stdout.contains("rss: 2 articles"), "{stdout}");
    assert!(
        stderr.contains("/image: not a page or a feed (content type image/jpeg)"),
        "{stderr}"
    );
    // and the folder now loads, with the fetch's URL and the feed's items
    let out = Command::cargo_bin("newsdesk")
        .unwrap()
        .args(["list", "--json", "--body"])
        .arg(dir.path())
        .output()
        .unwrap();
    let lines: Vec<serde_json::Value> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 3, "{lines:?}");
    let page = lines.iter().find(|l| l["format"] == "html").unwrap();
    assert_eq!(page["outlet"], "Harbour Times");
    assert_eq!(page["published"], "2024-03-02");
    assert!(
        page["body"]
            .as_str()
            .unwrap()
            .starts_with("A ferry carrying 140 people")
    );
    let items: Vec<_> = lines.iter().filter(|l| l["format"] == "rss").collect();
    assert_eq!(items.len(), 2);
    assert_eq!(items[0]["outlet"], "Wire Feed");
    assert_eq!(items[0]["guid"], "a1");
}

#[test]
fn watch_prints_new_articles_and_polls_config_feeds() {
    // The feed grows by one item on each poll.
    let base = serve(|path, n| match path {
        "/feed" => {
            let mut items = vec![("w1", "A magnitude 6.1 quake struck the coast at dawn.")];
            if n >= 1 {
                items.push((
                    "w2",
                    "Aftershocks followed through the morning, officials said.",
                ));
            }
            ok("application/rss+xml", rss(&items))
        }
        _ => Reply::Status(404, Vec::new()),
    });
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("old.txt"),
        "An earlier report, already here.",
    )
    .unwrap();
    let config = dir.path().join("config.toml");
    std::fs::write(
        &config,
        format!("[[feeds]]\nurl = \"{base}/feed\"\nevery = \"1s\"\nname = \"quake-wire\"\n"),
    )
    .unwrap();
    let folder = dir.path().join("desk");
    std::fs::create_dir(&folder).unwrap();
    std::fs::write(folder.join("old.txt"), "An earlier report, already here.").unwrap();
    let drop_in = folder.clone();
    let writer = thread::spawn(move || {
        thread::sleep(Duration::from_millis(1500));
        std::fs::write(
            drop_in.join("late.txt"),
            "A late report lands in the folder.",
        )
        .unwrap();
    });
    let out = Command::cargo_bin("newsdesk")
        .unwrap()
        .args(["watch", "--for", "5", "--config"])
        .arg(&config)
        .arg(&folder)
        .timeout(Duration::from_secs(30))
        .output()
        .unwrap();
    writer.join().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let lines: Vec<serde_json::Value> = stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let ids: Vec<&str> = lines.iter().map(|l| l["id"].as_str().unwrap()).collect();
    assert!(
        !ids.contains(&"old"),
        "existing articles are not printed: {ids:?}"
    );
    assert!(ids.contains(&"late"), "{stdout}");
    let guids: Vec<&str> = lines.iter().filter_map(|l| l["guid"].as_str()).collect();
    assert!(guids.contains(&"w1") && guids.contains(&"w2"), "{stdout}");
    assert_eq!(
        guids.iter().filter(|g| **g == "w1").count(),
        1,
        "a re-polled item is printed once: {stdout}"
    );
    assert!(lines.iter().all(|l| l["event"] == "new"), "{stdout}");
    assert!(folder.join("quake-wire.xml").exists());
}
