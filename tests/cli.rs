//! The headless commands, run as a user would run them.

use assert_cmd::Command;
use predicates::prelude::*;
use serde_json::Value;
use std::path::{Path, PathBuf};

fn newsdesk() -> Command {
    let mut cmd = Command::cargo_bin("newsdesk").unwrap();
    // keep the user's config out of the tests
    cmd.env("XDG_CONFIG_HOME", "/nonexistent-newsdesk-test")
        // the analysis cache of the tests, not the user's
        .env(
            "NEWSDESK_CACHE_DIR",
            std::env::temp_dir().join("newsdesk-test-cache"),
        )
        .env_remove("NO_COLOR");
    cmd
}

/// Runs the command and asserts it succeeded (showing its stderr if not).
fn succeed(cmd: &mut Command) -> std::process::Output {
    let out = cmd.output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The seed articles (the `.txt` files of `seeds/`), copied once into a
/// temporary folder: whatever else `seeds/` holds (a review store the
/// dashboard left, an editor's notes) never reaches the tests.
fn seeds() -> PathBuf {
    static COPY: std::sync::OnceLock<tempfile::TempDir> = std::sync::OnceLock::new();
    COPY.get_or_init(seeds_copy).path().to_path_buf()
}

fn json_lines(out: &[u8]) -> Vec<Value> {
    String::from_utf8_lossy(out)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

#[test]
fn list_json_on_seeds() {
    let out = newsdesk()
        .args(["list", "--json"])
        .arg(seeds())
        .output()
        .unwrap();
    assert!(out.status.success());
    let arts = json_lines(&out.stdout);
    assert_eq!(arts.len(), 5);
    let by_id = |prefix: &str| {
        arts.iter()
            .find(|a| a["id"].as_str().unwrap().starts_with(prefix))
            .unwrap()
    };
    assert_eq!(by_id("002")["published"], "2025-02-24");
    assert_eq!(by_id("000")["outlet"], "Kenya Insights");
    assert!(
        by_id("000")["inferred"]
            .as_array()
            .unwrap()
            .contains(&Value::from("outlet"))
    );
    // the footer is marked, in Unicode scalar values into the body
    let footer = by_id("000")["boilerplate"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["kind"] == "footer")
        .cloned()
        .unwrap();
    assert!(footer["start"].as_u64().unwrap() < footer["end"].as_u64().unwrap());
    assert_eq!(by_id("000")["offsets"], "unicode_scalar_values");
    // related links and subheads of 001
    let kinds: Vec<&str> = by_id("001")["boilerplate"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds.iter().filter(|k| **k == "related").count(), 2);
    assert_eq!(kinds.iter().filter(|k| **k == "subhead").count(), 3);
    for a in &arts {
        for field in [
            "path",
            "id",
            "title",
            "outlet",
            "published",
            "url",
            "words",
            "boilerplate",
        ] {
            assert!(a.get(field).is_some(), "missing {field}");
        }
    }
}

#[test]
fn list_spans_index_the_body_in_scalar_values() {
    let out = newsdesk()
        .args(["list", "--json"])
        .arg(seeds())
        .output()
        .unwrap();
    for a in json_lines(&out.stdout) {
        let path = a["path"].as_str().unwrap();
        let text = std::fs::read_to_string(path).unwrap();
        let body = text.trim();
        let body = body.strip_prefix("date 2025-02-24 ").unwrap_or(body);
        let chars: Vec<char> = body.chars().collect();
        for m in a["boilerplate"].as_array().unwrap() {
            let (s, e) = (
                m["start"].as_u64().unwrap() as usize,
                m["end"].as_u64().unwrap() as usize,
            );
            let slice: String = chars[s..e].iter().collect();
            assert!(!slice.trim().is_empty());
            assert_eq!(
                slice.trim(),
                slice,
                "span {s}..{e} of {path} is not trimmed"
            );
        }
    }
}

#[test]
fn list_text_table() {
    newsdesk()
        .args(["list", "--text"])
        .arg(seeds())
        .assert()
        .success()
        .stdout(
            predicate::str::contains("2025-02-24").and(predicate::str::contains("Kenya Insights")),
        );
}

#[test]
fn default_corpus_is_embedded_when_no_seeds_folder() {
    let dir = tempfile::tempdir().unwrap();
    let out = newsdesk()
        .current_dir(dir.path())
        .args(["list", "--json"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let arts = json_lines(&out.stdout);
    assert_eq!(arts.len(), 5);
    assert!(arts.iter().all(|a| a["path"].is_null()));
}

#[test]
fn outlet_fixtures_load_with_their_metadata() {
    let out = succeed(
        newsdesk()
            .args(["list", "--json"])
            .arg(root().join("tests/fixtures/outlets")),
    );
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let arts = json_lines(&out.stdout);
    let get = |id: &str| {
        arts.iter()
            .find(|a| a["id"] == id)
            .unwrap_or_else(|| panic!("{id} missing"))
    };
    assert_eq!(arts.len(), 6);
    assert_eq!(get("harbour-gazette")["outlet"], "The Harbour Gazette");
    assert_eq!(get("wire-0412")["outlet"], "Metro Wire");
    assert_eq!(get("wire-0412")["published"], "2024-06-03");
    assert_eq!(get("feed-1")["published"], "2024-06-05");
    let blog = get("blog-post");
    assert_eq!(blog["outlet"], "Island Voice");
    assert_eq!(blog["published"], "2024-06-04", "sidecar date");
    assert_eq!(blog["title"], "Island ferry strike enters second day");
    assert_eq!(blog["authors"][0], "Priya Nand");
}

fn bad_inputs(dir: &Path) {
    std::fs::write(
        dir.join("binary.txt"),
        b"\x7fELF\x02\x01\x01\x00\x00\x00\x00\x00",
    )
    .unwrap();
    std::fs::write(dir.join("empty.txt"), b"").unwrap();
    std::fs::write(
        dir.join("latin1.txt"),
        b"Caf\xe9 owners protest new rules.\nThe protest lasted an hour.",
    )
    .unwrap();
    std::fs::write(
        dir.join("broken.jsonl"),
        b"{\"text\": \"Good one.\"}\n{\"text\": \"no closing\"\n{\"text\": \"Good three.\"}\n",
    )
    .unwrap();
    std::fs::write(dir.join("broken.json"), b"{\"title\": \"x\",\n\"text\": }").unwrap();
    std::fs::write(
        dir.join("escapes.txt"),
        "Evil \u{1b}]0;pwned\u{7} title \u{1b}[31mred\u{1b}[0m here\nBody with \u{202e}reversed\u{202c} text and a bell\u{7}.",
    )
    .unwrap();
    std::fs::write(dir.join("big.txt"), "word ".repeat(300_000)).unwrap();
}

#[test]
fn bad_inputs_warn_and_never_crash() {
    let dir = tempfile::tempdir().unwrap();
    bad_inputs(dir.path());
    let out = newsdesk()
        .args(["list", "--text", "--max-file-size", "1"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert!(out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    for needle in [
        "binary.txt: skipped: binary file",
        "empty.txt: skipped: empty file",
        "latin1.txt: invalid UTF-8",
        "broken.jsonl:2: record skipped: malformed JSON",
        "broken.json:2: malformed JSON",
        "big.txt: skipped: 1.4 MB is over the 1 MB limit",
    ] {
        assert!(err.contains(needle), "missing {needle:?} in:\n{err}");
    }
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(!text.contains('\u{1b}'), "escape reached the terminal");
    assert!(!text.contains('\u{7}'));
    assert!(!text.contains('\u{202e}'));
    assert!(text.contains("␛]0;pwned␇"), "{text}");
    assert!(text.contains("Caf\u{fffd}"));
    // the good records of the broken JSON Lines file still load
    assert_eq!(text.lines().filter(|l| l.contains("Good")).count(), 2);
}

#[test]
fn json_output_keeps_text_exact_but_escaped() {
    let dir = tempfile::tempdir().unwrap();
    bad_inputs(dir.path());
    let out = newsdesk()
        .args(["list", "--json"])
        .arg(dir.path().join("escapes.txt"))
        .output()
        .unwrap();
    // JSON escapes control characters itself, so no raw ESC reaches stdout
    assert!(!out.stdout.contains(&0x1b));
    let arts = json_lines(&out.stdout);
    assert!(arts[0]["title"].as_str().unwrap().contains('\u{1b}'));
}

#[test]
fn nothing_loadable_exits_non_zero() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("empty.txt"), b"").unwrap();
    newsdesk()
        .args(["list", "--json"])
        .arg(dir.path())
        .assert()
        .code(2)
        .stderr(predicate::str::contains("nothing loadable"))
        .stdout(predicate::str::is_empty());
    let empty = tempfile::tempdir().unwrap();
    newsdesk()
        .arg("list")
        .arg(empty.path())
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no article files"));
}

#[test]
fn bad_config_names_the_line() {
    let dir = tempfile::tempdir().unwrap();
    let cfg = dir.path().join("config.toml");
    std::fs::write(&cfg, "max_file_size_mb = 5\n[keys.list]\n\"x\" = \n").unwrap();
    newsdesk()
        .args(["list", "--config"])
        .arg(&cfg)
        .arg(seeds())
        .assert()
        .code(2)
        .stderr(predicate::str::contains("config.toml:3:"));
}

#[test]
fn dashboard_refuses_a_pipe_with_a_hint() {
    newsdesk().arg(seeds()).assert().failure().stderr(
        predicate::str::contains("needs a terminal").and(predicate::str::contains("newsdesk list")),
    );
}

#[test]
fn compare_json_contract() {
    let out = succeed(
        newsdesk()
            .args(["compare", "000", "004", "--json", "--in"])
            .arg(seeds()),
    );
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["left"], "000_d7aaabb21fde10c8");
    assert_eq!(v["right"], "004_e2742876c2a12d2b");
    let pairs = v["pairs"].as_array().unwrap();
    assert!(pairs.len() >= 5);
    for p in pairs {
        assert!(["same", "partial"].contains(&p["kind"].as_str().unwrap()));
        assert!(p["left"]["text"].is_string() && p["right"]["index"].is_u64());
        assert!(p["score"].as_f64().unwrap() > 0.0);
    }
    // the shared quote is found as the same fact, with a readable diff
    let quote = pairs
        .iter()
        .find(|p| {
            p["left"]["text"]
                .as_str()
                .unwrap()
                .starts_with("This is the price")
        })
        .expect("quote aligned");
    assert_eq!(quote["kind"], "same");
    assert!(
        quote["diff"]
            .as_array()
            .unwrap()
            .iter()
            .any(|d| d["op"] == "equal")
    );
    assert!(!v["left_only"].as_array().unwrap().is_empty());
    // sentence offsets are in scalar values into the body
    let body: Vec<char> = std::fs::read_to_string(seeds().join("000_d7aaabb21fde10c8.txt"))
        .unwrap()
        .trim()
        .chars()
        .collect();
    let s = &quote["left"];
    let slice: String = body
        [s["start"].as_u64().unwrap() as usize..s["end"].as_u64().unwrap() as usize]
        .iter()
        .collect();
    assert_eq!(slice, s["text"].as_str().unwrap());
}

#[test]
fn compare_files_directly_and_as_text() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("a.txt"),
        "Ferry crews went on strike on Monday. About 400 commuters were stranded.",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("b.txt"),
        "Roughly 450 commuters were stranded on Monday. The strike by ferry crews began at dawn.",
    )
    .unwrap();
    let out = succeed(
        newsdesk()
            .arg("compare")
            .arg(dir.path().join("a.txt"))
            .arg(dir.path().join("b.txt"))
            .args(["--text", "--width", "100"]),
    );
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("[-400-]") || text.contains("[-About 400-]"),
        "{text}"
    );
    assert!(text.contains("shared fact"));
}

#[test]
fn compare_unknown_article_is_a_clear_error() {
    newsdesk()
        .args(["compare", "000", "nope", "--in"])
        .arg(seeds())
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no article named \"nope\""));
}

#[test]
fn stories_json_contract() {
    let out = newsdesk()
        .args(["stories", "--json"])
        .arg(seeds())
        .output()
        .unwrap();
    assert!(out.status.success());
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let stories = v["stories"].as_array().unwrap();
    let total: usize = stories
        .iter()
        .map(|s| s["articles"].as_array().unwrap().len())
        .sum();
    assert_eq!(total, 5, "every article is in exactly one story");
    assert_eq!(stories.len(), 2);
    let big = stories
        .iter()
        .find(|s| s["articles"].as_array().unwrap().len() == 4)
        .unwrap();
    assert_eq!(big["related"], serde_json::json!(["003_fc2d50c79dbd4e70"]));
    for s in stories {
        assert!(s["id"].is_string() && s["label"].is_string() && s["related"].is_array());
    }
}

/// `stories` reads the articles as they load and lets their text go: from
/// a fresh cache (a second read groups them), from the stories it stored,
/// and with no cache at all (grouped in the one read), the stories are the
/// same.
#[test]
fn stories_are_the_same_from_a_fresh_cache_from_the_cache_and_without_one() {
    let cache = tempfile::tempdir().unwrap();
    let run = |extra: &[&str]| {
        let out = succeed(
            newsdesk()
                .env("NEWSDESK_CACHE_DIR", cache.path())
                .args(["stories", "--json"])
                .args(extra)
                .arg(root().join("tests/fixtures/stories")),
        );
        String::from_utf8(out.stdout).unwrap()
    };
    let fresh = run(&[]);
    let stored = std::fs::read_dir(cache.path()).unwrap().count();
    assert!(stored > 0, "the stories are stored in the cache");
    assert_eq!(run(&[]), fresh, "from the cache");
    assert_eq!(run(&["--no-cache"]), fresh, "without a cache");
    let v: Value = serde_json::from_str(&fresh).unwrap();
    assert!(
        v["stories"]
            .as_array()
            .unwrap()
            .iter()
            .any(|s| s["articles"].as_array().unwrap().len() > 1)
    );
}

#[test]
fn entities_json_lines_slice_the_body() {
    let out = succeed(newsdesk().args(["entities", "--json"]).arg(seeds()));
    let lines = json_lines(&out.stdout);
    assert!(lines.len() > 100);
    let bodies: std::collections::HashMap<String, Vec<char>> = json_lines(
        &newsdesk()
            .args(["list", "--json"])
            .arg(seeds())
            .output()
            .unwrap()
            .stdout,
    )
    .iter()
    .map(|a| {
        let text = std::fs::read_to_string(a["path"].as_str().unwrap()).unwrap();
        let body = text.trim();
        let body = body.strip_prefix("date 2025-02-24 ").unwrap_or(body);
        (
            a["id"].as_str().unwrap().to_string(),
            body.chars().collect(),
        )
    })
    .collect();
    for m in &lines {
        let body = &bodies[m["article"].as_str().unwrap()];
        let (s, e) = (
            m["start"].as_u64().unwrap() as usize,
            m["end"].as_u64().unwrap() as usize,
        );
        let slice: String = body[s..e].iter().collect();
        assert_eq!(slice, m["text"].as_str().unwrap());
        assert!(
            ["PERSON", "ORG", "PLACE", "NORP", "DATE", "NUMBER", "OTHER"]
                .contains(&m["group"].as_str().unwrap())
        );
        assert!(m["label"].is_string() && m["canonical"].is_string());
    }
    // people named in full, then by surname, share the canonical name
    let person = |t: &str| {
        lines
            .iter()
            .any(|m| m["text"] == t && m["label"] == "PERSON")
    };
    assert!(person("Godfrey Otunge"));
    assert!(lines.iter().any(|m| m["text"] == "Ombaka"
        && m["label"] == "PERSON"
        && m["canonical"] == "Jack Ombaka"));
}

#[test]
fn canonical_entities_list_outlets() {
    let out = newsdesk()
        .args(["entities", "--canonical", "--json"])
        .arg(seeds())
        .output()
        .unwrap();
    assert!(out.status.success());
    let rows = json_lines(&out.stdout);
    let haiti = rows
        .iter()
        .find(|r| r["key"] == "haiti" && r["group"] == "PLACE")
        .expect("Haiti");
    assert_eq!(haiti["articles"].as_array().unwrap().len(), 5);
    assert!(
        haiti["outlets"]
            .as_array()
            .unwrap()
            .contains(&Value::from("Kenya Insights"))
    );
}

#[test]
fn claims_json_contract_on_seeds() {
    let out = succeed(newsdesk().args(["claims", "--json"]).arg(seeds()));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let stories = v["stories"].as_array().unwrap();
    let main = stories
        .iter()
        .find(|s| s["articles"].as_array().unwrap().len() == 4)
        .unwrap();
    for field in ["id", "articles", "claims", "quotes", "discrepancies"] {
        assert!(main.get(field).is_some(), "missing {field}");
    }
    // the quote all four outlets carry, with its speaker
    let quote = main["quotes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|q| {
            q["text"]
                .as_str()
                .unwrap()
                .contains("the price our courageous officer paid")
        })
        .unwrap();
    assert_eq!(quote["speaker"], "Jack Ombaka");
    assert_eq!(quote["articles"].as_array().unwrap().len(), 4);
    // no conflict is claimed among the four reports, the deployment counts differ in precision only
    let d = main["discrepancies"].as_array().unwrap();
    assert!(d.iter().all(|x| x["severity"] != "conflict"), "{d:#?}");
    let deployment = d
        .iter()
        .find(|x| x["kind"] == "number" && x["severity"] == "differs")
        .expect("deployment sizes");
    for c in deployment["claims"].as_array().unwrap() {
        assert!(c["text"].is_string() && c["article"].is_string() && c["value"].is_string());
    }
    // every discrepancy severity is one of the four
    assert!(d.iter().all(|x| {
        ["conflict", "differs", "possible_variant", "unique"]
            .contains(&x["severity"].as_str().unwrap())
    }));
}

/// A fresh copy of the seed articles (only the `.txt` files of `seeds/`).
fn seeds_copy() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for e in std::fs::read_dir(root().join("seeds")).unwrap() {
        let p = e.unwrap().path();
        if p.is_file() && p.extension().is_some_and(|x| x == "txt") {
            std::fs::copy(&p, dir.path().join(p.file_name().unwrap())).unwrap();
        }
    }
    dir
}

fn first_discrepancy_key(dir: &Path) -> String {
    let out = newsdesk()
        .args(["claims", "--json"])
        .arg(dir)
        .output()
        .unwrap();
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    v["stories"][0]["discrepancies"][0]["key"]
        .as_str()
        .unwrap()
        .to_string()
}

#[test]
fn review_set_list_and_report_round_trip() {
    let dir = seeds_copy();
    let key = first_discrepancy_key(dir.path());
    newsdesk()
        .args(["review", "set"])
        .arg(dir.path())
        .args([
            "--item",
            &key,
            "--verdict",
            "disputed",
            "--note",
            "called the press office",
            "--editor",
            "alice",
        ])
        .assert()
        .success();
    assert!(
        dir.path().join(".newsdesk/review.db").is_file(),
        "store beside the corpus"
    );
    let out = newsdesk()
        .args(["review", "list", "--json"])
        .arg(dir.path())
        .output()
        .unwrap();
    let entries = json_lines(&out.stdout);
    assert_eq!(entries.len(), 1);
    assert_eq!(entries[0]["item"], key.as_str());
    assert_eq!(entries[0]["verdict"], "disputed");
    assert_eq!(entries[0]["note"], "called the press office");
    assert_eq!(entries[0]["editor"], "alice");
    assert_eq!(entries[0]["kind"], "discrepancy");
    // claims --json carries the verdict
    let out = newsdesk()
        .args(["claims", "--json"])
        .arg(dir.path())
        .output()
        .unwrap();
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["stories"][0]["discrepancies"][0]["verdict"], "disputed");
    // the report shows verdict and note
    let md = newsdesk().arg("report").arg(dir.path()).output().unwrap();
    let md = String::from_utf8_lossy(&md.stdout);
    assert!(
        md.contains("DISPUTED") && md.contains("called the press office"),
        "{md}"
    );
    let js = newsdesk()
        .args(["report", "--format", "json"])
        .arg(dir.path())
        .output()
        .unwrap();
    let r: Value = serde_json::from_slice(&js.stdout).unwrap();
    assert!(r["stories"][0]["outlets"].as_array().unwrap().len() == 4);
}

#[test]
fn verdicts_survive_rename_and_new_articles_and_mark_edits() {
    let dir = seeds_copy();
    let out = newsdesk()
        .args(["claims", "--json"])
        .arg(dir.path())
        .output()
        .unwrap();
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let quote = v["stories"][0]["quotes"][0]["key"]
        .as_str()
        .unwrap()
        .to_string();
    newsdesk()
        .args(["review", "set"])
        .arg(dir.path())
        .args(["--item", &quote, "--verdict", "verified"])
        .assert()
        .success();
    // rename every file and add an unrelated article
    for e in std::fs::read_dir(dir.path()).unwrap() {
        let p = e.unwrap().path();
        if p.extension().is_some_and(|x| x == "txt") {
            std::fs::rename(
                &p,
                p.with_file_name(format!(
                    "renamed-{}",
                    p.file_name().unwrap().to_string_lossy()
                )),
            )
            .unwrap();
        }
    }
    std::fs::write(
        dir.path().join("zz-new.txt"),
        "A new report about a council budget vote on Tuesday.\nThe vote passed.",
    )
    .unwrap();
    let out = newsdesk()
        .args(["claims", "--json"])
        .arg(dir.path())
        .output()
        .unwrap();
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let story = v["stories"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["articles"].as_array().unwrap().len() == 4)
        .unwrap();
    let q = story["quotes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|q| q["key"] == quote.as_str())
        .expect("same key after rename");
    assert_eq!(q["verdict"], "verified");
    // edit the article the quote came from: the verdict stays, marked text changed
    let entries = json_lines(
        &newsdesk()
            .args(["review", "list", "--json"])
            .arg(dir.path())
            .output()
            .unwrap()
            .stdout,
    );
    let article = entries[0]["article"].as_str().unwrap().to_string();
    let path = dir.path().join(format!("{article}.txt"));
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, text.replace("Haiti", "Haïti")).unwrap();
    let entries = json_lines(
        &newsdesk()
            .args(["review", "list", "--json"])
            .arg(dir.path())
            .output()
            .unwrap()
            .stdout,
    );
    assert_eq!(entries.len(), 1);
    assert_eq!(entries[0]["verdict"], "verified");
    assert_eq!(entries[0]["text_changed"], true, "{entries:?}");
}

#[test]
fn review_import_from_json_lines_and_bad_input() {
    let dir = seeds_copy();
    let key = first_discrepancy_key(dir.path());
    let elsewhere = tempfile::tempdir().unwrap();
    let file = elsewhere.path().join("import.jsonl");
    std::fs::write(
        &file,
        format!("{{\"item\": \"{key}\", \"verdict\": \"needs_source\", \"note\": \"ask AP\"}}\n"),
    )
    .unwrap();
    newsdesk()
        .args(["review", "set"])
        .arg(dir.path())
        .arg("--items-from")
        .arg(&file)
        .assert()
        .success();
    let entries = json_lines(
        &newsdesk()
            .args(["review", "list", "--json"])
            .arg(dir.path())
            .output()
            .unwrap()
            .stdout,
    );
    assert_eq!(entries[0]["verdict"], "needs_source");
    newsdesk()
        .args(["review", "set"])
        .arg(dir.path())
        .args([
            "--item",
            &format!("claim:{}:1-2", "0".repeat(32)),
            "--verdict",
            "verified",
        ])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no item"));
    newsdesk()
        .args(["review", "set"])
        .arg(dir.path())
        .args(["--item", &key, "--verdict", "maybe"])
        .assert()
        .code(2);
}

#[test]
fn a_foreign_store_is_refused_and_left_untouched() {
    let dir = seeds_copy();
    let store = dir.path().join("other.db");
    std::fs::write(&store, b"not a database at all, just text").unwrap();
    let key = first_discrepancy_key(dir.path());
    newsdesk()
        .args(["review", "set"])
        .arg(dir.path())
        .arg("--store")
        .arg(&store)
        .args(["--item", &key, "--verdict", "verified"])
        .assert()
        .code(2);
    assert_eq!(
        std::fs::read(&store).unwrap(),
        b"not a database at all, just text"
    );
}

// The command line's consistency (issue 13).

#[test]
fn a_mistyped_subcommand_is_an_error_with_a_hint() {
    newsdesk()
        .args(["lsit"])
        .arg(seeds())
        .assert()
        .code(2)
        .stderr(predicate::str::contains("did you mean 'list'"))
        .stdout(predicate::str::is_empty());
    newsdesk()
        .args(["storeis", "--json"])
        .arg(seeds())
        .assert()
        .code(2)
        .stderr(predicate::str::contains("did you mean 'stories'"));
}

#[test]
fn a_missing_path_is_an_error() {
    for cmd in [&["list"][..], &["report"], &["review", "list"], &[]] {
        newsdesk()
            .args(cmd)
            .arg("/nonexistent/newsdesk/corpus")
            .assert()
            .code(2)
            .stderr(predicate::str::contains(
                "no such file or folder: /nonexistent/newsdesk/corpus",
            ));
    }
}

#[test]
fn files_that_are_not_articles_are_skipped_with_a_warning() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("data.csv"), "a,b\n1,2\n").unwrap();
    std::fs::write(dir.path().join("Cargo.lock"), "version = 3\n").unwrap();
    let out = newsdesk()
        .args(["list", "--json"])
        .arg(dir.path().join("data.csv"))
        .arg(dir.path().join("Cargo.lock"))
        .arg("/etc/passwd")
        .arg(seeds().join("000_d7aaabb21fde10c8.txt"))
        .output()
        .unwrap();
    assert!(out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    for name in ["data.csv", "Cargo.lock", "/etc/passwd"] {
        assert!(
            err.contains(&format!("{name}: skipped: not an article file")),
            "{name}: {err}"
        );
    }
    assert_eq!(json_lines(&out.stdout).len(), 1, "only the article loads");
    // nothing but such files: nothing loadable, exit 2
    newsdesk()
        .args(["list"])
        .arg(dir.path().join("data.csv"))
        .assert()
        .code(2);
}

#[test]
fn a_bad_key_binding_stops_the_dashboard_with_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    let cfg = dir.path().join("config.toml");
    std::fs::write(&cfg, "[keys.list]\n\"x\" = \"fly\"\n").unwrap();
    newsdesk()
        .arg("--config")
        .arg(&cfg)
        .arg(seeds())
        .assert()
        .code(2)
        .stderr(predicate::str::contains("config.toml:2:"));
}

#[test]
fn every_flag_and_argument_is_documented() {
    use clap::CommandFactory;
    fn walk(cmd: &clap::Command, path: &str, missing: &mut Vec<String>) {
        for a in cmd.get_arguments() {
            let id = a.get_id().as_str();
            if matches!(id, "help" | "version") {
                continue;
            }
            let help = a.get_help().map(|h| h.to_string()).unwrap_or_default();
            if help.trim().is_empty() {
                missing.push(format!("{path} {id}"));
            }
        }
        for sub in cmd.get_subcommands() {
            if sub.get_about().is_none() {
                missing.push(format!("{path} {} (about)", sub.get_name()));
            }
            walk(sub, &format!("{path} {}", sub.get_name()), missing);
        }
    }
    let mut missing = Vec::new();
    walk(&newsdesk::cli::Cli::command(), "newsdesk", &mut missing);
    assert!(missing.is_empty(), "undocumented: {missing:?}");
}

#[test]
fn completions_and_man_page_come_from_the_command_line() {
    let out = succeed(newsdesk().args(["completions", "bash"]));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("newsdesk") && text.contains("stories") && text.contains("--quiet"));
    let out = succeed(newsdesk().args(["completions", "zsh"]));
    assert!(String::from_utf8_lossy(&out.stdout).contains("#compdef newsdesk"));
    let out = succeed(newsdesk().arg("man"));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.starts_with(".ie") || text.contains(".TH newsdesk"),
        "{}",
        &text[..200.min(text.len())]
    );
    assert!(text.contains("report"));
}

#[test]
fn an_empty_review_list_says_so() {
    let dir = seeds_copy();
    let out = succeed(newsdesk().args(["review", "list"]).arg(dir.path()));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.starts_with("no verdicts or notes yet"), "{text}");
    let out = succeed(
        newsdesk()
            .args(["review", "list", "--json"])
            .arg(dir.path()),
    );
    assert!(out.stdout.is_empty(), "JSON stays empty for scripts");
    assert!(String::from_utf8_lossy(&out.stderr).contains("no verdicts or notes yet"));
}

#[test]
fn stories_text_output_names_titles_and_outlets() {
    let out = succeed(newsdesk().args(["stories"]).arg(seeds()));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("4 reports · "), "{text}");
    assert!(text.contains("Kenya Insights"), "{text}");
    assert!(text.contains("related: "), "{text}");
    // titles, not only ids
    assert!(text.contains("Kenya suffered its first casualty"), "{text}");
}

#[test]
fn the_report_carries_every_kind_of_verdict_and_note() {
    let dir = seeds_copy();
    // a sentence verdict, a quote note, a discrepancy verdict
    let articles = newsdesk::corpus::load_paths(
        &[dir.path().to_path_buf()],
        &newsdesk::corpus::LoadOptions::default(),
    )
    .articles;
    let a = &articles[0];
    let an = newsdesk::nlp::analyze(a);
    let sentence = an.reporting_sentences().nth(1).unwrap().1.span;
    let s_key =
        newsdesk::workflow::span_item(a, newsdesk::review::ItemKind::Sentence, sentence).key;
    let quote =
        newsdesk::workflow::span_item(a, newsdesk::review::ItemKind::Quote, an.quotes[0].span).key;
    let disc = first_discrepancy_key(dir.path());
    let items = format!(
        "{}\n{}\n{}\n",
        serde_json::json!({"item": s_key.as_str(), "verdict": "needs_source", "note": "ask the mission"}),
        serde_json::json!({"item": quote.as_str(), "note": "said at the airport"}),
        serde_json::json!({"item": disc, "verdict": "disputed"}),
    );
    let elsewhere = tempfile::tempdir().unwrap();
    let file = elsewhere.path().join("items.jsonl");
    std::fs::write(&file, items).unwrap();
    succeed(
        newsdesk()
            .args(["review", "set", "--items-from"])
            .arg(&file)
            .arg(dir.path()),
    );
    let out = succeed(newsdesk().arg("report").arg(dir.path()));
    let md = String::from_utf8_lossy(&out.stdout);
    assert!(md.contains("### Marked in the text (1)"), "{md}");
    assert!(
        md.contains("**NEEDS SOURCE**") && md.contains("ask the mission"),
        "{md}"
    );
    assert!(md.contains("said at the airport"), "{md}");
    assert!(md.contains("**DISPUTED**"), "{md}");
    assert!(md.contains("2 verdicts, 2 notes"), "{md}");
    assert!(!md.contains("““"), "{md}");
    // --json is --format json, with the same content
    let out = succeed(newsdesk().args(["report", "--json"]).arg(dir.path()));
    let r: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(r["verdicts"], 2);
    assert_eq!(r["notes"], 2);
    let s1 = &r["stories"][0];
    assert_eq!(s1["marked"][0]["verdict"], "needs_source");
    assert_eq!(s1["marked"][0]["place"], "sentence 2");
    assert!(
        s1["quotes"]
            .as_array()
            .unwrap()
            .iter()
            .any(|q| q["note"] == "said at the airport")
    );
    // one story only
    let out = succeed(
        newsdesk()
            .args(["report", "--json", "--story", "s1"])
            .arg(dir.path()),
    );
    let r: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(r["stories"].as_array().unwrap().len(), 1);
    newsdesk()
        .args(["report", "--story", "s99"])
        .arg(dir.path())
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no story"));
}

#[test]
fn parse_json_tokens_heads_and_sentences() {
    let out = succeed(
        newsdesk()
            .args(["parse", "--json"])
            .arg(root().join("seeds")),
    );
    let lines = json_lines(&out.stdout);
    assert!(lines.len() > 1000);
    let bodies: std::collections::HashMap<String, Vec<char>> = json_lines(
        &newsdesk()
            .args(["list", "--json"])
            .arg(root().join("seeds"))
            .output()
            .unwrap()
            .stdout,
    )
    .iter()
    .map(|a| {
        let text = std::fs::read_to_string(a["path"].as_str().unwrap()).unwrap();
        let body = text.trim();
        let body = body.strip_prefix("date 2025-02-24 ").unwrap_or(body);
        (
            a["id"].as_str().unwrap().to_string(),
            body.chars().collect(),
        )
    })
    .collect();
    // group the tokens by article, in order
    let mut by_article: Vec<(String, Vec<&Value>)> = Vec::new();
    for t in &lines {
        for k in [
            "article", "i", "start", "end", "text", "tag", "pos", "lemma", "dep", "head",
        ] {
            assert!(!t[k].is_null(), "field {k} missing in {t}");
        }
        let a = t["article"].as_str().unwrap();
        if by_article.last().is_none_or(|(id, _)| id != a) {
            by_article.push((a.to_string(), Vec::new()));
        }
        by_article.last_mut().unwrap().1.push(t);
    }
    assert_eq!(by_article.len(), 5, "every seed article is parsed, once");
    let mut verbs = 0;
    for (id, toks) in &by_article {
        let body = &bodies[id];
        let n = toks.len() as u64;
        let mut sent_roots: std::collections::BTreeMap<u64, usize> = Default::default();
        let mut prev_end = 0;
        for (k, t) in toks.iter().enumerate() {
            assert_eq!(t["i"].as_u64().unwrap(), k as u64);
            let (s, e) = (
                t["start"].as_u64().unwrap() as usize,
                t["end"].as_u64().unwrap() as usize,
            );
            assert!(s >= prev_end && e > s, "tokens are in order and non-empty");
            prev_end = e;
            let slice: String = body[s..e].iter().collect();
            assert_eq!(slice, t["text"].as_str().unwrap());
            let head = t["head"].as_u64().unwrap();
            assert!(head < n, "head {head} out of range in {id}");
            let sent = t["sent"].as_u64().unwrap();
            let head_sent = toks[head as usize]["sent"].as_u64().unwrap();
            assert_eq!(sent, head_sent, "a head is in its token's sentence");
            let entry = sent_roots.entry(sent).or_default();
            if head == k as u64 {
                // (the attribute_ruler relabels whitespace tokens "dep")
                if t["pos"] != "SPACE" {
                    assert_eq!(t["dep"], "ROOT", "a root is labelled ROOT: {t}");
                }
                *entry += 1;
            } else {
                assert_ne!(t["dep"], "ROOT");
            }
            verbs += (t["pos"] == "VERB") as usize;
        }
        for (s, roots) in &sent_roots {
            assert_eq!(*roots, 1, "sentence {s} of {id} has {roots} roots");
        }
    }
    assert!(verbs > 100);
    // lemmas and tags as spaCy gives them
    assert!(
        lines
            .iter()
            .any(|t| t["text"] == "killed" && t["lemma"] == "kill" && t["tag"] == "VBN")
    );
}

#[test]
fn parse_text_is_conllu_like() {
    let out = succeed(newsdesk().args(["parse"]).arg(root().join("seeds")));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.starts_with("# article = "));
    assert!(text.contains("# sent = 0\n"));
    let row = text
        .lines()
        .find(|l| !l.starts_with('#') && !l.is_empty())
        .unwrap();
    let cols: Vec<&str> = row.split('\t').collect();
    assert_eq!(cols.len(), 9, "{row}");
    assert_eq!(cols[0], "0");
}

/// `list --filter` finds what the dashboard's `/` filter finds, best first:
/// title and outlet matches before body matches.
#[test]
fn list_filter_finds_what_the_dashboard_filter_finds() {
    let dir = tempfile::tempdir().unwrap();
    let files = [
        (
            "a.txt",
            "Harbour fire destroys warehouses\n\nA fire in the port district burned overnight.",
        ),
        (
            "b.txt",
            "Council votes on budget\n\nThe vote followed a debate about the harbour wall.",
        ),
        (
            "c.txt",
            "Rail strike called off\n\nUnions and the operator reached a deal on pay.",
        ),
    ];
    for (name, text) in files {
        std::fs::write(dir.path().join(name), text).unwrap();
    }
    let ids = |query: &str| -> Vec<String> {
        let out = succeed(
            newsdesk()
                .args(["list", "--json", "--filter", query])
                .arg(dir.path()),
        );
        json_lines(&out.stdout)
            .iter()
            .map(|v| v["id"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(ids("harbour"), vec!["a", "b"], "title first, then body");
    assert_eq!(ids("harbour wall"), vec!["b"]);
    assert_eq!(ids("zebra"), Vec::<String>::new());
    assert_eq!(ids("").len(), 3, "no query: every article");
}

/// `list --filter` on a corpus whose bodies the dashboard has indexed
/// answers from the index what reading the bodies answers.
#[test]
fn list_filter_uses_the_body_index_the_dashboard_left() {
    let corpus = tempfile::tempdir().unwrap();
    let cache = tempfile::tempdir().unwrap();
    let bodies = [
        ("a", "Storm", "Mayor Okoro spoke in Kunduz."),
        ("b", "Budget", "Nothing here about kunduzi food."),
        ("c", "Flood", "Rain; al-Qaeda blamed."),
    ];
    for (id, title, body) in bodies {
        let json = serde_json::json!({"id": id, "title": title, "outlet": "Herald", "body": body});
        std::fs::write(corpus.path().join(format!("{id}.json")), json.to_string()).unwrap();
    }
    let ids = |out: &std::process::Output| -> Vec<String> {
        String::from_utf8_lossy(&out.stdout)
            .lines()
            .map(|l| {
                serde_json::from_str::<Value>(l).unwrap()["id"]
                    .as_str()
                    .unwrap()
                    .to_string()
            })
            .collect()
    };
    let list = |filter: &str, from: &str, log: &Path| {
        succeed(
            newsdesk()
                .env("NEWSDESK_CACHE_DIR", cache.path())
                .env("NEWSDESK_BODY_INDEX_FROM", from)
                .args(["list", "--json", "--filter", filter, "--log"])
                .arg(log)
                .arg(corpus.path()),
        )
    };
    // the index the dashboard would have built for this folder
    let report = newsdesk::corpus::load_paths(
        &[corpus.path().to_path_buf()],
        &newsdesk::corpus::LoadOptions::default(),
    );
    let articles: Vec<_> = report
        .articles
        .into_iter()
        .map(std::sync::Arc::new)
        .collect();
    let dir = newsdesk::bodyindex::dir_for(cache.path(), &[corpus.path().to_path_buf()]);
    let (tx, rx) = std::sync::mpsc::channel();
    tx.send((
        1,
        newsdesk::search::ListChange::Articles { from: 0, articles },
    ))
    .unwrap();
    drop(tx);
    newsdesk::bodyindex::run_indexer(&dir, rx, |_| true);
    let logs = tempfile::tempdir().unwrap();
    // (the titles match none of them: every body is asked about)
    for filter in ["kunduz", "okoro", "zzz"] {
        let with = logs.path().join(format!("{filter}-with.log"));
        let without = logs.path().join(format!("{filter}-without.log"));
        let a = list(filter, "1", &with);
        let b = list(filter, "0", &without);
        assert_eq!(ids(&a), ids(&b), "{filter}");
        let used = |p: &Path| {
            std::fs::read_to_string(p)
                .unwrap_or_default()
                .contains("filter used the body index")
        };
        assert!(used(&with), "{filter}: index not used");
        assert!(!used(&without), "{filter}: index used when off");
    }
    // a term with other characters than letters and digits is read in
    // the bodies
    let log = logs.path().join("q.log");
    assert_eq!(ids(&list("al-qaeda", "1", &log)), vec!["c"]);
    assert!(
        !std::fs::read_to_string(&log)
            .unwrap_or_default()
            .contains("body index")
    );
    let found = ids(&list("kunduz", "1", &logs.path().join("k.log")));
    assert_eq!(found, vec!["a", "b"]);
}
