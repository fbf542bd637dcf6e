//! The analysis cache: what it gives back is what the analysis computes;
//! damaged, foreign and newer entries are never trusted; the CLI reuses it
//! across runs.

use assert_cmd::Command;
use newsdesk::cache::{AnalysisCache, analysis_key};
use newsdesk::corpus::{Article, LoadOptions, load_paths};
use newsdesk::nlp::{Analysis, analyze};
use std::path::PathBuf;

fn seeds() -> Vec<Article> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("seeds");
    load_paths(&[dir], &LoadOptions::default()).articles
}

/// Every part of two analyses equal (embeddings apart).
fn assert_same(a: &Analysis, b: &Analysis) {
    assert_eq!(a.sentences, b.sentences);
    assert_eq!(a.entities, b.entities);
    assert_eq!(a.quotes, b.quotes);
    assert_eq!(a.quantities, b.quantities);
    assert_eq!(a.dates, b.dates);
    assert_eq!(a.frames, b.frames);
    assert_eq!(a.failure, b.failure);
}

#[test]
fn an_analysis_comes_back_exactly_as_computed() {
    let dir = tempfile::tempdir().unwrap();
    let cache = AnalysisCache::open_in(dir.path()).unwrap();
    for article in seeds() {
        assert!(cache.analysis(&article).is_none(), "empty at first");
        let computed = analyze(&article);
        assert!(!computed.frames.is_empty() || computed.entities.mentions.is_empty());
        cache.store_analysis(&article, &computed);
        let back = cache.analysis(&article).expect("stored");
        assert_same(&computed, &back);
        // labels read back are the analysis's own static strings
        for (m, n) in computed
            .entities
            .mentions
            .iter()
            .zip(&back.entities.mentions)
        {
            assert_eq!(m.label, n.label);
        }
    }
    let s = cache.stats();
    assert_eq!((s.hits, s.misses, s.writes, s.damaged), (5, 5, 5, 0));
}

#[test]
fn a_damaged_entry_is_dropped_and_computed_again() {
    let dir = tempfile::tempdir().unwrap();
    let cache = AnalysisCache::open_in(dir.path()).unwrap();
    let article = seeds().remove(0);
    cache.store_analysis(&article, &analyze(&article));
    assert!(cache.damage_for_test(&article));
    assert!(cache.analysis(&article).is_none(), "never trusted");
    assert_eq!(cache.stats().damaged, 1);
    // the entry is gone: the next read is a plain miss, the next write heals it
    assert!(cache.analysis(&article).is_none());
    assert_eq!(cache.stats().damaged, 1);
    cache.store_analysis(&article, &analyze(&article));
    assert!(cache.analysis(&article).is_some());
}

#[test]
fn an_entry_of_a_newer_format_is_ignored() {
    let dir = tempfile::tempdir().unwrap();
    let cache = AnalysisCache::open_in(dir.path()).unwrap();
    let article = seeds().remove(1);
    cache.store_analysis(&article, &analyze(&article));
    assert!(cache.make_newer_for_test(&article));
    assert!(cache.analysis(&article).is_none());
    assert_eq!(cache.stats().damaged, 0, "not ours to judge, not deleted");
}

#[test]
fn what_the_analysis_reads_is_in_the_key() {
    let article = seeds().remove(2);
    let key = analysis_key(&article);
    let mut edited = article.clone();
    edited.body = format!("{} One more sentence.", edited.body).into();
    assert_ne!(analysis_key(&edited), key);
    let mut redated = article.clone();
    redated.published = Some(jiff::civil::date(2001, 2, 3));
    assert_ne!(analysis_key(&redated), key);
    let mut renamed = article.clone();
    renamed.id = "elsewhere".into();
    renamed.path = Some(PathBuf::from("/another/folder/copy.txt"));
    assert_eq!(
        analysis_key(&renamed),
        key,
        "the same text anywhere is one entry"
    );
}

#[test]
fn sentence_embeddings_come_back_exactly() {
    let dir = tempfile::tempdir().unwrap();
    let cache = AnalysisCache::open_in(dir.path()).unwrap();
    let texts = [
        "The bridge was closed on Monday.",
        "",
        "Officials said repairs would take a week.",
    ];
    assert!(cache.vectors(&texts).is_none());
    let computed = newsdesk::nlp::embed::Encoder::embedded().embed(&texts);
    cache.store_vectors(&texts, &computed);
    assert_eq!(cache.vectors(&texts).unwrap(), computed);
    assert!(
        cache.vectors(&texts[..2]).is_none(),
        "other sentences, other key"
    );
}

#[test]
fn two_handles_on_one_file_share_it() {
    let dir = tempfile::tempdir().unwrap();
    let articles = seeds();
    let writers: Vec<_> = (0..2)
        .map(|k| {
            let dir = dir.path().to_path_buf();
            let mine: Vec<Article> = articles.iter().skip(k).step_by(2).cloned().collect();
            std::thread::spawn(move || {
                let cache = AnalysisCache::open_in(&dir).unwrap();
                for a in &mine {
                    cache.store_analysis(a, &analyze(a));
                }
                cache.stats().failed_writes
            })
        })
        .collect();
    for w in writers {
        assert_eq!(w.join().unwrap(), 0);
    }
    let reader = AnalysisCache::open_in(dir.path()).unwrap();
    for a in &articles {
        assert_same(
            &analyze(a),
            &reader.analysis(a).expect("written by the other handle"),
        );
    }
}

#[test]
fn a_cache_that_cannot_be_created_is_an_error_not_a_panic() {
    let file = tempfile::NamedTempFile::new().unwrap();
    // a plain file where the folder should be
    let err = AnalysisCache::open_in(file.path()).unwrap_err();
    assert!(err.contains("cache"), "{err}");
}

/// The CLI fills the cache on the first run and reads it on the second:
/// `--stats` counts the hits; `--no-cache` leaves it alone.
#[test]
fn the_cli_reuses_analyses_across_runs() {
    let cache = tempfile::tempdir().unwrap();
    let seeds = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("seeds");
    let run = |extra: &[&str]| {
        let out = Command::cargo_bin("newsdesk")
            .unwrap()
            .env("XDG_CONFIG_HOME", "/nonexistent-newsdesk-test")
            .env("NEWSDESK_CACHE_DIR", cache.path())
            .args(["entities", "--json", "--stats"])
            .args(extra)
            .arg(&seeds)
            .output()
            .unwrap();
        assert!(out.status.success());
        (
            String::from_utf8(out.stdout).unwrap(),
            String::from_utf8(out.stderr).unwrap(),
        )
    };
    let (first, stats) = run(&[]);
    assert!(stats.contains("0 hits, 5 misses, 5 writes"), "{stats}");
    let (second, stats) = run(&[]);
    assert!(stats.contains("5 hits, 0 misses, 0 writes"), "{stats}");
    assert_eq!(first, second, "the same output from the cache");
    let (third, stats) = run(&["--no-cache"]);
    assert!(!stats.contains("analysis cache"), "{stats}");
    assert_eq!(first, third);
    assert!(cache.path().join("analyses.sqlite").exists());
}

/// Dashboards started together on a new cache: every one gets in (the
/// switch to WAL is retried while another process holds the lock).
#[test]
fn many_openers_of_a_new_cache_all_get_in() {
    for _ in 0..10 {
        let dir = tempfile::tempdir().unwrap();
        let openers: Vec<_> = (0..6)
            .map(|_| {
                let dir = dir.path().to_path_buf();
                std::thread::spawn(move || AnalysisCache::open_in(&dir).map(|_| ()))
            })
            .collect();
        for o in openers {
            assert_eq!(o.join().unwrap(), Ok(()));
        }
    }
}
