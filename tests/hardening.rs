//! Regressions for real and hostile input (the hardening issue): each test
//! reproduces one way newsdesk used to crash, hang, exhaust memory, inject
//! into an output channel or lose work, and checks it no longer does.

use assert_cmd::Command;
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

fn newsdesk() -> Command {
    let mut cmd = Command::cargo_bin("newsdesk").unwrap();
    cmd.env("XDG_CONFIG_HOME", "/nonexistent-newsdesk-test")
        // the analysis cache of the tests, not the user's
        .env(
            "NEWSDESK_CACHE_DIR",
            std::env::temp_dir().join("newsdesk-test-cache"),
        )
        .env_remove("NO_COLOR");
    cmd
}

fn bin() -> PathBuf {
    assert_cmd::cargo::cargo_bin("newsdesk")
}

fn write_json(dir: &Path, name: &str, v: Value) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, v.to_string()).unwrap();
    p
}

/// Runs the binary with `--stats`, waiting at most `limit`; returns (exit
/// code, stdout, stderr, peak RSS in KB as the program measured it) or fails
/// the test if it hangs.
fn run_bounded(args: &[&std::ffi::OsStr], limit: Duration) -> (i32, String, String, i64) {
    use std::process::Stdio;
    let dir = tempfile::tempdir().unwrap();
    let (out, err) = (dir.path().join("out"), dir.path().join("err"));
    let mut child = std::process::Command::new(bin())
        .args(args)
        .arg("--stats")
        .env("XDG_CONFIG_HOME", "/nonexistent-newsdesk-test")
        .stdin(Stdio::null())
        .stdout(std::fs::File::create(&out).unwrap())
        .stderr(std::fs::File::create(&err).unwrap())
        .spawn()
        .unwrap();
    let started = Instant::now();
    let status = loop {
        if let Some(s) = child.try_wait().unwrap() {
            break s;
        }
        if started.elapsed() > limit {
            let _ = child.kill();
            panic!("newsdesk {args:?} hung for more than {limit:?}");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let stderr = std::fs::read_to_string(err).unwrap_or_default();
    let rss_kb = stderr
        .lines()
        .find_map(|l| l.split("peak RSS ").nth(1))
        .and_then(|v| v.trim_end_matches(" MB").parse::<f64>().ok())
        .map_or(-1, |mb| (mb * 1024.0) as i64);
    (
        status.code().unwrap_or(-1),
        std::fs::read_to_string(out).unwrap_or_default(),
        stderr,
        rss_kb,
    )
}

fn os(s: &str) -> &std::ffi::OsStr {
    std::ffi::OsStr::new(s)
}

// 1. The README's two commands in order: opening a folder leaves nothing.

#[test]
fn opening_a_folder_creates_no_store_until_something_is_saved() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join(".newsdesk/review.db");
    let mut review = newsdesk::workflow::Review::open(&db, "tester").unwrap();
    assert!(
        !dir.path().join(".newsdesk").exists(),
        "opened, nothing saved"
    );
    assert!(!review.exists());
    let key = newsdesk::review::ItemKey::article("0123456789abcdef0123456789abcdef");
    review
        .set(
            newsdesk::review::Change::new(key, "a", "A title")
                .verdict(newsdesk::review::Verdict::Verified),
        )
        .unwrap();
    assert!(db.exists(), "the first save creates it");
    // headless commands on a folder leave nothing either
    let corpus = tempfile::tempdir().unwrap();
    for (name, text) in newsdesk::corpus::embedded_seeds() {
        std::fs::write(corpus.path().join(name), text).unwrap();
    }
    for cmd in [&["list", "--json"][..], &["claims", "--json"], &["report"]] {
        newsdesk().args(cmd).arg(corpus.path()).assert().success();
    }
    let names: Vec<_> = std::fs::read_dir(corpus.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names.len(), 5, "only the articles: {names:?}");
}

#[test]
fn what_the_dashboard_leaves_beside_articles_is_not_loaded() {
    let corpus = tempfile::tempdir().unwrap();
    for (name, text) in newsdesk::corpus::embedded_seeds() {
        std::fs::write(corpus.path().join(name), text).unwrap();
    }
    std::fs::create_dir(corpus.path().join(".newsdesk")).unwrap();
    std::fs::write(
        corpus.path().join(".newsdesk/review.db"),
        b"SQLite format 3\0",
    )
    .unwrap();
    let out = newsdesk()
        .args(["list", "--json"])
        .arg(corpus.path())
        .output()
        .unwrap();
    assert!(out.status.success());
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(String::from_utf8_lossy(&out.stdout).lines().count(), 5);
}

// 2. Ordinary text that used to panic.

#[test]
fn deep_time_is_not_a_date_and_never_a_panic() {
    let dir = tempfile::tempdir().unwrap();
    let body = "The asteroid struck 66 million years ago, scientists said on Monday. \
                At least 12 people were killed when the museum roof fell on Sunday, police said.";
    for (i, outlet) in ["North Post", "South Herald"].iter().enumerate() {
        write_json(
            dir.path(),
            &format!("a{i}.json"),
            serde_json::json!({"title": "Museum roof falls", "outlet": outlet,
                               "published": "2024-03-11", "text": body}),
        );
    }
    for cmd in ["entities", "stories", "claims", "report"] {
        let out = newsdesk()
            .args(
                [cmd, "--json"]
                    .iter()
                    .filter(|a| cmd != "report" || **a != "--json"),
            )
            .arg(dir.path())
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{cmd}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

// 3. Bounded memory, no hangs.

#[test]
fn a_json_lines_record_without_newline_is_skipped_in_bounded_memory() {
    use std::io::Write;
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("big.jsonl");
    let mut f = std::io::BufWriter::new(std::fs::File::create(&p).unwrap());
    writeln!(f, "{{\"text\": \"A first article. It is short.\"}}").unwrap();
    f.write_all(b"{\"text\": \"").unwrap();
    let block = vec![b'a'; 1 << 20];
    for _ in 0..300 {
        f.write_all(&block).unwrap();
    }
    drop(f);
    let (code, stdout, stderr, rss_kb) = run_bounded(
        &[
            os("list"),
            os("--json"),
            os("--max-file-size"),
            os("1"),
            p.as_os_str(),
        ],
        Duration::from_secs(120),
    );
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(stdout.lines().count(), 1);
    assert!(
        stderr.contains("big.jsonl:2: record skipped: 300 MB is over the 1 MB limit"),
        "{stderr}"
    );
    // before: the whole 300 MB line was held (and 4 GB for a 4 GB line)
    assert!(
        rss_kb > 0 && rss_kb < 80 * 1024,
        "peak RSS {} MB",
        rss_kb / 1024
    );
}

#[cfg(unix)]
#[test]
fn devices_and_fifos_are_refused_at_once() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.txt"), "An article. With two sentences.").unwrap();
    std::os::unix::fs::symlink("/dev/zero", dir.path().join("a.meta.json")).unwrap();
    std::fs::write(dir.path().join("b.txt"), "Another article. Also short.").unwrap();
    let fifo = dir.path().join("b.meta.toml");
    let fifo2 = dir.path().join("c.txt");
    for f in [&fifo, &fifo2] {
        assert!(
            std::process::Command::new("mkfifo")
                .arg(f)
                .status()
                .unwrap()
                .success()
        );
    }
    std::os::unix::fs::symlink("/dev/zero", dir.path().join("d.txt")).unwrap();
    let (code, stdout, stderr, rss_kb) = run_bounded(
        &[os("list"), os("--json"), dir.path().as_os_str()],
        Duration::from_secs(30),
    );
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(stdout.lines().count(), 2, "{stdout}");
    assert!(
        stderr.contains("a.meta.json: sidecar ignored: not a regular file (a device)"),
        "{stderr}"
    );
    assert!(
        stderr.contains("b.meta.toml: sidecar ignored: not a regular file (a FIFO)"),
        "{stderr}"
    );
    assert!(
        stderr.contains("c.txt: skipped: not a regular file (a FIFO)"),
        "{stderr}"
    );
    assert!(
        stderr.contains("d.txt: skipped: not a regular file (a device)"),
        "{stderr}"
    );
    assert!(
        rss_kb > 0 && rss_kb < 80 * 1024,
        "peak RSS {} MB",
        rss_kb / 1024
    );
    // given by name too
    let (code, _, stderr, _) = run_bounded(
        &[
            os("list"),
            os("--json"),
            fifo2.as_os_str(),
            dir.path().join("a.txt").as_os_str(),
        ],
        Duration::from_secs(30),
    );
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stderr.contains("skipped: not a regular file (a FIFO)"),
        "{stderr}"
    );
}

// 4. Injection.

fn hostile_story(dir: &Path) {
    let evil = "<script>alert(1)</script> <img src=x onerror=alert(2)> \
                [click](javascript:alert(3)) ![t](https://tracker.example/p.png) \u{1b}]52;c;ZXZpbA==\u{7}";
    for (i, outlet) in ["North Post", "South Herald"].iter().enumerate() {
        write_json(
            dir,
            &format!("h{i}.json"),
            serde_json::json!({
                "title": format!("Bridge collapse {evil}"),
                "outlet": format!("{outlet} {evil}"),
                "url": if i == 0 { "javascript:alert(4)" } else { "https://example.org/bridge" },
                "published": "2024-05-02",
                "text": format!("At least 4 people were killed when the Elm Street bridge collapsed on Tuesday, \
                                 police said. {evil} Officials said 3 people were killed. \
                                 \u{1b}]52;c;aGk=\u{7} rescue teams searched the river.")
            }),
        );
    }
}

#[test]
fn the_markdown_report_renders_article_text_as_text() {
    let dir = tempfile::tempdir().unwrap();
    hostile_story(dir.path());
    let out = newsdesk().arg("report").arg(dir.path()).output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let md = String::from_utf8(out.stdout).unwrap();
    assert!(md.contains("Bridge collapse"), "{md}");
    for bad in ["<script", "<img", "![", "\u{1b}", "\u{7}"] {
        assert!(!md.contains(bad), "{bad:?} in\n{md}");
    }
    // every "](" that could make a link is escaped, but the one to the URL
    let links = md
        .match_indices("](")
        .filter(|(i, _)| !md[..*i].ends_with('\\'));
    assert_eq!(links.count(), 1, "{md}");
    // links only to http(s) URLs from metadata
    assert!(md.contains("](https://example.org/bridge)"), "{md}");
    assert!(!md.contains("javascript:alert(4))"), "{md}");
    // the JSON report is valid and carries escapes, not raw controls
    let out = newsdesk()
        .args(["report", "--format", "json"])
        .arg(dir.path())
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(!text.contains('\u{1b}'));
    serde_json::from_str::<Value>(&text).unwrap();
}

#[test]
fn escape_sequences_are_never_read_as_figures() {
    let dir = tempfile::tempdir().unwrap();
    hostile_story(dir.path());
    let out = newsdesk()
        .args(["claims", "--json"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    let v: Value = serde_json::from_str(&text).unwrap();
    let values: Vec<String> = v["stories"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|s| s["claims"].as_array().cloned().unwrap_or_default())
        .map(|c| c["value"].as_str().unwrap_or("").to_string())
        .collect();
    assert!(
        values.iter().any(|v| v == "4" || v.contains('4')),
        "{values:?}"
    );
    assert!(!values.iter().any(|v| v.contains("52")), "{values:?}");
}

// 5. Writes that could lose work.

#[cfg(target_os = "linux")]
#[test]
fn a_report_that_cannot_be_written_whole_leaves_the_previous_one() {
    let corpus = tempfile::tempdir().unwrap();
    for (name, text) in newsdesk::corpus::embedded_seeds() {
        std::fs::write(corpus.path().join(name), text).unwrap();
    }
    let out_dir = tempfile::tempdir().unwrap();
    let report = out_dir.path().join("report.md");
    std::fs::write(&report, "the previous report\n").unwrap();
    // a 1 KB file-size limit: the write fails part-way, as on a full disk
    let script = format!(
        "trap '' XFSZ; ulimit -f 1; exec '{}' report -o '{}' '{}'",
        bin().display(),
        report.display(),
        corpus.path().display()
    );
    let out = std::process::Command::new("sh")
        .arg("-c")
        .arg(script)
        .env("XDG_CONFIG_HOME", "/nonexistent-newsdesk-test")
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("cannot write the report to"), "{err}");
    assert!(err.contains("nothing was changed there"), "{err}");
    assert_eq!(
        std::fs::read_to_string(&report).unwrap(),
        "the previous report\n"
    );
    let left: Vec<_> = std::fs::read_dir(out_dir.path()).unwrap().collect();
    assert_eq!(left.len(), 1, "no temporary file left behind");
    // and it works when there is room
    newsdesk()
        .args(["report", "-o"])
        .arg(&report)
        .arg(corpus.path())
        .assert()
        .success();
    assert!(
        std::fs::read_to_string(&report)
            .unwrap()
            .starts_with("# Fact-check report")
    );
}

#[test]
fn a_store_folder_that_cannot_be_made_says_why() {
    let dir = tempfile::tempdir().unwrap();
    let blocker = dir.path().join("file");
    std::fs::write(&blocker, "not a folder").unwrap();
    let corpus = tempfile::tempdir().unwrap();
    for (name, text) in newsdesk::corpus::embedded_seeds() {
        std::fs::write(corpus.path().join(name), text).unwrap();
    }
    let articles = newsdesk::corpus::load_paths(
        &[corpus.path().to_path_buf()],
        &newsdesk::corpus::LoadOptions::default(),
    )
    .articles;
    let key = newsdesk::workflow::article_item(&articles[0]).key;
    let out = newsdesk()
        .args(["review", "set", "--verdict", "verified", "--item"])
        .arg(key.as_str())
        .arg("--store")
        .arg(blocker.join("review.db"))
        .arg(corpus.path())
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!err.contains("no such file"), "{err}");
    assert!(err.contains("cannot create its directory"), "{err}");
}

#[test]
fn report_file_names_are_new_files_in_the_given_folder() {
    let dir = tempfile::tempdir().unwrap();
    let first = newsdesk::tui::default_report_path(dir.path());
    assert_eq!(first.parent(), Some(dir.path()));
    let name = first.file_name().unwrap().to_string_lossy().into_owned();
    assert!(
        name.starts_with("newsdesk-report-") && name.ends_with(".md"),
        "{name}"
    );
    std::fs::write(&first, "x").unwrap();
    let second = newsdesk::tui::default_report_path(dir.path());
    assert_ne!(first, second);
    assert!(second.to_string_lossy().ends_with("-2.md"));
}

// 4b. The dashboard's own channels: opener, clipboard, screen.

fn hostile_app() -> newsdesk::tui::app::App {
    let dir = tempfile::tempdir().unwrap();
    hostile_story(dir.path());
    write_json(
        dir.path(),
        "z.json",
        serde_json::json!({
            "title": "Family 👨\u{200d}👩\u{200d}👧 reunited\u{200b}\u{feff}\u{e0041} at last",
            "outlet": "Zero\u{200d}Width",
            "url": "https://example.org/ok",
            "text": "A family 👨\u{200d}👩\u{200d}👧 was reunited. Joiners\u{200d}\u{200c} everywhere."
        }),
    );
    let mut desk = newsdesk::desk::Desk::from_report(newsdesk::corpus::load_paths(
        &[dir.path().to_path_buf()],
        &newsdesk::corpus::LoadOptions::default(),
    ));
    desk.analyze_all();
    let s = newsdesk::config::default_settings();
    newsdesk::tui::app::App::new(
        desk,
        newsdesk::tui::keymap::Keymap::from_settings(&s).unwrap(),
        newsdesk::tui::theme::Theme::from_settings(&s, false).unwrap(),
    )
}

fn press(app: &mut newsdesk::tui::app::App, key: &str) {
    app.handle_key(newsdesk::tui::keymap::Key::parse(key).unwrap());
}

#[test]
fn only_web_links_reach_the_opener() {
    let mut app = hostile_app();
    // the first article's URL is javascript:
    press(&mut app, "o");
    assert!(app.effects.is_empty(), "{:?}", app.effects);
    let msg = app.message.as_ref().unwrap().text.clone();
    assert!(msg.contains("not opened") && msg.contains("http"), "{msg}");
    // the second's is https
    press(&mut app, "j");
    press(&mut app, "o");
    assert!(matches!(
        app.effects.last(),
        Some(newsdesk::tui::app::Effect::OpenUrl(u)) if u == "https://example.org/bridge"
    ));
}

#[test]
fn the_clipboard_never_receives_an_escape_sequence() {
    let mut app = hostile_app();
    press(&mut app, "y");
    let copied = app.effects.iter().find_map(|e| match e {
        newsdesk::tui::app::Effect::Copy(t) => Some(t.clone()),
        _ => None,
    });
    let copied = copied.expect("something was copied");
    assert!(
        copied.contains("Bridge collapse") || copied.contains("killed"),
        "{copied}"
    );
    assert!(
        !copied.chars().any(|c| c.is_control() && c != '\n'),
        "{copied:?}"
    );
}

#[test]
fn invisible_characters_never_reach_the_screen() {
    let mut app = hostile_app();
    press(&mut app, "G");
    press(&mut app, "enter");
    let mut terminal = ratatui::Terminal::new(ratatui::backend::TestBackend::new(120, 30)).unwrap();
    terminal
        .draw(|f| newsdesk::tui::views::draw(f, &app))
        .unwrap();
    let cells: Vec<String> = terminal
        .backend()
        .buffer()
        .content()
        .iter()
        .map(|c| c.symbol().to_string())
        .collect();
    let screen = cells.concat();
    assert!(screen.contains("reunited"), "{screen}");
    for bad in [
        '\u{200d}',
        '\u{200b}',
        '\u{200c}',
        '\u{feff}',
        '\u{e0041}',
        '\u{1b}',
        '\u{7}',
    ] {
        assert!(!screen.contains(bad), "{bad:?} on screen");
    }
}
