//! `Model::parse` on any input: no panic, a well-formed tree (heads inside
//! the document and inside their sentence, exactly one root per sentence),
//! offsets on char boundaries, and no blow-up on degenerate text.

use newsdesk::nlp::spacy::{Model, ParsedDoc};
use proptest::prelude::*;

/// The structural properties every parse must have.
fn check_doc(text: &str, doc: &ParsedDoc) -> Result<(), String> {
    let n = doc.tokens.len();
    let mut prev_end = 0;
    for (i, t) in doc.tokens.iter().enumerate() {
        if !(text.is_char_boundary(t.start) && text.is_char_boundary(t.end)) {
            return Err(format!("token {i} not on char boundaries"));
        }
        if t.start < prev_end || t.end <= t.start || t.end > text.len() {
            return Err(format!("token {i} out of order or empty"));
        }
        prev_end = t.end;
        if t.head >= n {
            return Err(format!("token {i}: head {} out of range {n}", t.head));
        }
        if t.tag.is_empty() || t.dep.is_empty() {
            return Err(format!("token {i}: no tag or label"));
        }
    }
    if n > 0 && !doc.tokens[0].sent_start {
        return Err("the first token does not start a sentence".into());
    }
    for s in doc.sentences() {
        let roots = s.clone().filter(|&i| doc.tokens[i].head == i).count();
        if roots != 1 {
            return Err(format!("sentence {s:?} has {roots} roots"));
        }
        for i in s.clone() {
            if !s.contains(&doc.tokens[i].head) {
                return Err(format!("token {i}: head outside its sentence {s:?}"));
            }
        }
    }
    for e in &doc.entities {
        if e.token_end > n || e.token_start >= e.token_end {
            return Err("bad entity span".into());
        }
    }
    Ok(())
}

fn words() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("the".to_string()),
        Just("Police".to_string()),
        Just("said".to_string()),
        Just("killed".to_string()),
        Just("in".to_string()),
        Just("Nairobi".to_string()),
        Just("3,200".to_string()),
        Just("$5m".to_string()),
        Just("U.S.".to_string()),
        Just("don't".to_string()),
        Just("gonna".to_string()),
        Just("“".to_string()),
        Just("”".to_string()),
        Just(".".to_string()),
        Just(",".to_string()),
        Just("--".to_string()),
        Just("|".to_string()),
        Just("😀".to_string()),
        Just("Ελλάδα".to_string()),
        "[a-zA-Z]{1,12}",
        "\\PC{1,4}",
    ];
    let sep = prop_oneof![
        Just(" ".to_string()),
        Just(" ".to_string()),
        Just("\n".to_string()),
        Just("\n\n".to_string()),
        Just("\t".to_string()),
        Just("\u{a0}".to_string()),
        Just("".to_string()),
    ];
    prop::collection::vec((piece, sep), 0..80)
        .prop_map(|v| v.into_iter().map(|(p, s)| p + &s).collect())
}

proptest! {
    // 200 cases each (PROPTEST_CASES=N for a longer search)
    #![proptest_config(ProptestConfig {
        cases: std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(200),
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    #[test]
    fn any_unicode_parses(s in "\\PC{0,200}|.{0,100}") {
        let doc = Model::embedded().parse(&s);
        prop_assert!(check_doc(&s, &doc).is_ok(), "{:?}: {:?}", s, check_doc(&s, &doc));
    }

    #[test]
    fn word_salad_parses(s in words()) {
        let doc = Model::embedded().parse(&s);
        prop_assert!(check_doc(&s, &doc).is_ok(), "{:?}: {:?}", s, check_doc(&s, &doc));
        // the syntax-only parse agrees with the full one
        let syn = Model::embedded().parse_syntax(&s);
        prop_assert_eq!(&syn.tokens, &doc.tokens);
    }
}

#[test]
fn empty_and_whitespace() {
    let m = Model::embedded();
    for s in ["", " ", "\n\n", "\u{a0}", " \t \n "] {
        let d = m.parse(s);
        check_doc(s, &d).unwrap();
    }
    assert!(m.parse("").tokens.is_empty());
}

/// Degenerate inputs finish, in time roughly linear in their length.
#[test]
fn degenerate_texts_are_not_quadratic() {
    let m = Model::embedded();
    m.parse("Warm up.");
    let words = [
        "the",
        "of",
        "officials",
        "said",
        "and",
        "a",
        "report",
        "in",
        "police",
        "were",
    ];
    let sentence = |n: usize| -> String {
        let mut s: Vec<&str> = (0..n)
            .map(|i| words[(i * 7 + i / 3) % words.len()])
            .collect();
        s.push(".");
        s.join(" ")
    };
    let table: String = (0..800)
        .map(|r| {
            let cells: Vec<String> = (0..8)
                .map(|c| ((r * 31 + c * 17) % 997).to_string())
                .collect();
            format!("| {} |\n", cells.join(" | "))
        })
        .collect();
    let punct = "!?.,;:-()\"' ".repeat(2000);
    let nonsense: String = (0..3000)
        .map(|i| format!("qz{}x{} ", i % 97, i % 13))
        .collect();
    for text in [&table, &punct, &nonsense] {
        let d = m.parse(text);
        check_doc(text, &d).unwrap();
    }
    // a 5,000-word sentence vs a 1,250-word one: time ratio far below 16
    let (short, long) = (sentence(1250), sentence(5000));
    let time = |t: &str| {
        let t0 = std::time::Instant::now();
        let d = m.parse(t);
        check_doc(t, &d).unwrap();
        t0.elapsed().as_secs_f64()
    };
    let ts = time(&short).min(time(&short));
    let tl = time(&long).min(time(&long));
    println!("1,250 words: {ts:.3}s, 5,000 words: {tl:.3}s");
    assert!(tl < 30.0, "5,000-word sentence took {tl:.1}s");
    assert!(
        tl / ts.max(1e-3) < 12.0,
        "time grows too fast: {ts:.3}s → {tl:.3}s"
    );
}

/// Parsing on many threads (per-thread caches) gives the sequential results.
#[test]
fn parallel_parse_equals_sequential() {
    let m = Model::embedded();
    let texts: Vec<String> = (0..24)
        .map(|i| {
            format!(
                "Officials in District {i} said {} people were hurt on Monday. \
                 The mayor, who arrived later, did not comment.\n\nA second report followed.",
                i * 7 + 3
            )
        })
        .collect();
    let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
    let seq: Vec<ParsedDoc> = refs.iter().map(|t| m.parse(t)).collect();
    assert_eq!(m.parse_batch(&refs), seq);
}
