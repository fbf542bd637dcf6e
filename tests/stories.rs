//! Story grouping on the seeds and on the story fixtures (fictional
//! incidents written for these tests, labels in `tests/fixtures/stories_meta`).

use newsdesk::corpus::{LoadOptions, load_paths};
use newsdesk::desk::Desk;
use std::path::PathBuf;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn desk(dir: &str) -> Desk {
    let mut d = Desk::from_report(load_paths(&[root().join(dir)], &LoadOptions::default()));
    d.compute_stories();
    d
}

fn story_of(d: &Desk, id_prefix: &str) -> usize {
    let i = d.find(id_prefix).unwrap();
    d.stories.as_ref().unwrap().story_of[i]
}

#[test]
fn seeds_four_reports_one_related() {
    let d = desk("seeds");
    let s = story_of(&d, "000");
    for other in ["001", "002", "004"] {
        assert_eq!(story_of(&d, other), s, "{other} reports the same killing");
    }
    let later = story_of(&d, "003");
    assert_ne!(later, s, "003 reports a later disappearance");
    let stories = &d.stories.as_ref().unwrap().stories;
    let i003 = d.find("003").unwrap();
    assert!(
        stories[s].related.iter().any(|(a, _)| *a == i003),
        "003 is listed as related"
    );
}

#[test]
fn fixtures_follow_up_and_shared_place_names_stay_apart() {
    let d = desk("tests/fixtures/stories");
    // the follow-up (charges weeks later) is not the explosion story
    for (a, b) in [
        ("art03", "art01"),
        ("art07", "art05"),
        ("art03", "art13"),
        ("art11", "art01"),
    ] {
        assert_ne!(
            story_of(&d, a),
            story_of(&d, b),
            "{a} and {b} report different incidents"
        );
    }
    // two incidents that share a town name are not merged
    for (a, b) in [("art02", "art04"), ("art06", "art08"), ("art10", "art12")] {
        assert_ne!(
            story_of(&d, a),
            story_of(&d, b),
            "{a} and {b} report different incidents"
        );
    }
    // reports of one incident are grouped
    for (a, b) in [
        ("art01", "art05"),
        ("art01", "art13"),
        ("art04", "art08"),
        ("art02", "art10"),
        ("art03", "art07"),
    ] {
        assert_eq!(
            story_of(&d, a),
            story_of(&d, b),
            "{a} and {b} report the same incident"
        );
    }
    // the follow-up story is listed as related to the first report's
    let all = d.stories.as_ref().unwrap();
    let follow_up = story_of(&d, "art03");
    assert!(
        all.stories[story_of(&d, "art01")]
            .related
            .iter()
            .any(|(a, _)| all.story_of[*a] == follow_up)
    );
}

/// Grouping reads sentences and words, never the entity model: a desk
/// groups its stories with no article analysed, into the same stories as
/// with every article analysed; a story's claims then analyse its own
/// reports (and follow-ups) only.
#[test]
fn stories_are_grouped_before_any_analysis_and_claims_analyse_their_story_only() {
    let load = || {
        Desk::from_report(load_paths(
            &[root().join("tests/fixtures/stories")],
            &LoadOptions::default(),
        ))
    };
    let mut quick = load();
    let grouped = quick.compute_stories().clone();
    assert!(
        quick.analyses.iter().all(Option::is_none),
        "no article analysed"
    );
    let mut full = load();
    full.analyze_all();
    let after = full.compute_stories().clone();
    assert_eq!(grouped.story_of, after.story_of);
    assert!(grouped.stories.len() > 1);

    let (s, story) = grouped
        .stories
        .iter()
        .enumerate()
        .find(|(_, st)| st.articles.len() > 1)
        .expect("a story with several reports");
    let claims = quick.claims_of(s);
    assert!(!claims.alignments.is_empty());
    for (i, a) in quick.analyses.iter().enumerate() {
        let read = story.articles.contains(&i) || story.followups.contains(&i);
        assert_eq!(a.is_some(), read, "article {i}");
    }
}

/// An archive grouped as it is read (batch by batch, each article's text
/// let go once reduced) gets the stories and IDF of the corpus held whole.
#[test]
fn streamed_grouping_equals_grouping_the_corpus_held_whole() {
    use newsdesk::desk::StreamingGrouper;
    for dir in ["tests/fixtures/stories", "seeds", "tests/fixtures/claims"] {
        // every article's sentences held at once, grouped in one go
        let whole: Vec<std::sync::Arc<newsdesk::corpus::Article>> =
            load_paths(&[root().join(dir)], &LoadOptions::default())
                .articles
                .into_iter()
                .map(std::sync::Arc::new)
                .collect();
        let sentences = newsdesk::desk::sentence_analyses(&whole, &[]);
        let arts: Vec<&newsdesk::corpus::Article> = whole.iter().map(|a| a.as_ref()).collect();
        let refs: Vec<&newsdesk::nlp::Analysis> = sentences.iter().map(|a| a.as_ref()).collect();
        let expected = newsdesk::compare::stories::stories_of(&arts, &refs);
        let expected_idf = newsdesk::desk::corpus_idf(&arts, &refs);
        for batch in [1, 3, 1000] {
            let mut articles = load_paths(&[root().join(dir)], &LoadOptions::default()).articles;
            let mut g = StreamingGrouper::default();
            for chunk in articles.chunks(batch) {
                g.add(chunk);
            }
            for a in &mut articles {
                a.shed_text();
            }
            assert!(articles.iter().all(|a| a.body.is_empty()));
            let light: Vec<std::sync::Arc<newsdesk::corpus::Article>> =
                articles.into_iter().map(std::sync::Arc::new).collect();
            let (stories, idf) = g.finish(&light);
            assert_eq!(stories, expected, "{dir}, batches of {batch}");
            assert!(
                stories.stories.iter().any(|s| s.articles.len() > 1),
                "{dir}"
            );
            let (n, df) = idf.local_counts();
            let (en, edf) = expected_idf.local_counts();
            assert_eq!((n, df), (en, edf), "{dir}: IDF counts");
        }
    }
}

/// A report whose file gives a date months before its text (it quotes
/// posts of the day of the story) is grouped by the text's date, on the
/// path the dashboard and `stories` take (the streaming grouper), as in
/// the features built whole.
#[test]
fn a_report_dated_by_its_embedded_posts_joins_its_story() {
    let dir = tempfile::tempdir().unwrap();
    let body = "Lindqvist Dairy has cut the size of its Nordstjerna cheese wheel from 900 grams \
                to 800 grams while keeping the box the same, and shoppers have called the change \
                sneaky. The company said rising costs of milk and packaging forced the cut to the \
                Nordstjerna wheel. Shoppers posted photographs of the smaller Nordstjerna wheel \
                beside the old one.";
    let reports = [
        ("a", "2024-03-10", body.to_string()),
        (
            "b",
            "2024-03-10",
            format!("{body} The dairy said the recipe stays the same."),
        ),
        (
            "c",
            // the file's date is wrong: the text quotes posts of 10 March
            "2023-06-10",
            format!(
                "{body} Cheese is cheese, but this is sneaky. -- Mia Berg (@miaberg) March 10, \
                 2024 The dairy did not answer questions."
            ),
        ),
    ];
    for (id, date, text) in &reports {
        let json = serde_json::json!({"title": "Nordstjerna wheel shrinks", "outlet": id,
            "published": date, "text": text});
        std::fs::write(dir.path().join(format!("{id}.json")), json.to_string()).unwrap();
    }
    let mut d = Desk::from_report(load_paths(
        &[dir.path().to_path_buf()],
        &LoadOptions::default(),
    ));
    let c = d.find("c").unwrap();
    assert_eq!(d.articles[c].dated(), Some(jiff::civil::date(2024, 3, 10)));
    d.compute_stories();
    let story_of = |id: &str| d.stories.as_ref().unwrap().story_of[d.find(id).unwrap()];
    assert_eq!(story_of("c"), story_of("a"), "c reports the same change");
    assert_eq!(story_of("b"), story_of("a"));
}
