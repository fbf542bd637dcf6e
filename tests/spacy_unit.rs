//! Unit tests against values computed with spaCy 3.8 (en_core_web_sm 3.8.0)
//! in Python: word shapes, prefixes/suffixes, norms and tokenizer special cases.

use newsdesk::nlp::spacy::Model;
use newsdesk::nlp::spacy::features::{prefix, suffix};

// (word, shape, prefix, suffix, lexeme norm) from
// spacy.lang.lex_attrs.word_shape(w), w[0], w[-3:], nlp.vocab[w].norm_
const WORDS: &[(&str, &str, &str, &str, &str)] = &[
    ("Apple", "Xxxxx", "A", "ple", "apple"),
    ("U.S.", "X.X.", "U", ".S.", "u.s."),
    ("1,000,000", "d,ddd,ddd", "1", "000", "1,000,000"),
    ("Pont-Sondé", "Xxxx-Xxxxx", "P", "ndé", "pont-sondé"),
    ("iPhone", "xXxxxx", "i", "one", "iphone"),
    ("ÉCOLE", "XXXX", "É", "OLE", "école"),
    ("naïve", "xxxx", "n", "ïve", "naïve"),
    ("McDonald's", "XxXxxxx'x", "M", "d's", "mcdonald's"),
    ("2024", "dddd", "2", "024", "2024"),
    ("COVID-19", "XXXX-dd", "C", "-19", "covid-19"),
    ("Ⅻ", "Ⅻ", "Ⅻ", "Ⅻ", "ⅻ"),
    ("x²", "xd", "x", "x²", "x²"),
    ("aaaaaaa", "xxxx", "a", "aaa", "aaaaaaa"),
    ("ǅemal", "xxxx", "ǅ", "mal", "ǆemal"),
    ("İstanbul", "Xxxxx", "İ", "bul", "i̇stanbul"),
];

#[test]
fn word_shape_prefix_suffix_norm() {
    let m = Model::embedded();
    for &(w, shape, pre, suf, norm) in WORDS {
        assert_eq!(m.shape(w), shape, "shape of {w}");
        assert_eq!(prefix(w), pre, "prefix of {w}");
        assert_eq!(suffix(w), suf, "suffix of {w}");
        assert_eq!(m.lexeme_norm(w), norm, "norm of {w}");
    }
    assert_eq!(m.shape(&"a".repeat(100)), "LONG");
}

fn toks(m: &Model, text: &str) -> Vec<(String, String)> {
    let norms = m.norms(text);
    m.tokenize(text)
        .iter()
        .zip(norms)
        .map(|(t, n)| (text[t.start..t.end].to_string(), n))
        .collect()
}

fn pairs(v: &[(&str, &str)]) -> Vec<(String, String)> {
    v.iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect()
}

#[test]
fn tokenizer_special_cases_and_norms() {
    let m = Model::embedded();
    // [(t.text, t.norm_) for t in nlp.tokenizer(text)]
    assert_eq!(
        toks(m, "I can't believe it's 5:30pm in the U.S. now."),
        pairs(&[
            ("I", "i"),
            ("ca", "can"),
            ("n't", "not"),
            ("believe", "believe"),
            ("it", "it"),
            ("'s", "'s"),
            ("5:30pm", "5:30pm"),
            ("in", "in"),
            ("the", "the"),
            ("U.S.", "u.s."),
            ("now", "now"),
            (".", "."),
        ])
    );
    assert_eq!(
        toks(
            m,
            "Mr. Smith (aged 45) paid $1,000.50 -- e.g. \"quotes\"  here...\n\nNew para: https://www.example.com/a?b=c ok"
        ),
        pairs(&[
            ("Mr.", "mr."),
            ("Smith", "smith"),
            ("(", "("),
            ("aged", "aged"),
            ("45", "45"),
            (")", ")"),
            ("paid", "paid"),
            ("$", "$"),
            ("1,000.50", "1,000.50"),
            ("--", "-"),
            ("e.g.", "e.g."),
            ("\"", "\""),
            ("quotes", "quotes"),
            ("\"", "\""),
            (" ", " "),
            ("here", "here"),
            ("...", "..."),
            ("\n\n", "\n\n"),
            ("New", "new"),
            ("para", "para"),
            (":", ":"),
            (
                "https://www.example.com/a?b=c",
                "https://www.example.com/a?b=c"
            ),
            ("ok", "ok"),
        ])
    );
    assert_eq!(
        toks(
            m,
            "They're gonna visit N.Y.C. on Jan. 5th, 2024; don't worry :) 10km 5-6 years U.K.-based"
        ),
        pairs(&[
            ("They", "they"),
            ("'re", "are"),
            ("gon", "going"),
            ("na", "to"),
            ("visit", "visit"),
            ("N.Y.C.", "n.y.c."),
            ("on", "on"),
            ("Jan.", "January"),
            ("5th", "5th"),
            (",", ","),
            ("2024", "2024"),
            (";", ";"),
            ("do", "do"),
            ("n't", "not"),
            ("worry", "worry"),
            (":)", ":)"),
            ("10", "10"),
            ("km", "km"),
            ("5", "5"),
            ("-", "-"),
            ("6", "6"),
            ("years", "years"),
            ("U.K.-based", "u.k.-based"),
        ])
    );
}

#[test]
fn whitespace_tokens_and_flags() {
    let m = Model::embedded();
    let text = "  Hello  world \n\nBye ";
    let t = m.tokenize(text);
    let got: Vec<(&str, bool, bool)> = t
        .iter()
        .map(|t| (&text[t.start..t.end], t.whitespace, t.is_space))
        .collect();
    // spaCy: [(t.text, bool(t.whitespace_), t.is_space) for t in nlp.tokenizer(text)]
    assert_eq!(
        got,
        vec![
            ("  ", false, true),
            ("Hello", true, false),
            (" ", false, true),
            ("world", true, false),
            ("\n\n", false, true),
            ("Bye", true, false)
        ]
    );
    assert!(m.tokenize("").is_empty());
}

#[test]
fn entities_smoke() {
    let m = Model::embedded();
    let text = "Apple is looking at buying U.K. startup for $1 billion";
    let d = m.analyze(text);
    let ents: Vec<(&str, &str)> = d
        .entities
        .iter()
        .map(|e| (&text[e.start..e.end], e.label))
        .collect();
    // [(e.text, e.label_) for e in nlp(text).ents]
    assert_eq!(
        ents,
        vec![("Apple", "ORG"), ("U.K.", "GPE"), ("$1 billion", "MONEY")]
    );
    let e = &d.entities[1];
    assert_eq!((e.token_start, e.token_end), (5, 6));
}

#[test]
fn batch_equals_sequential() {
    let m = Model::embedded();
    let texts = [
        "Barack Obama visited Paris on Monday.",
        "",
        "  \n",
        "The U.N. met in New York in 2019.",
    ];
    let seq: Vec<_> = texts.iter().map(|t| m.analyze(t)).collect();
    assert_eq!(m.analyze_batch(&texts), seq);
}

#[test]
fn model_is_send_sync_and_loads_fast() {
    fn assert_send_sync<T: Send + Sync>() {}
    assert_send_sync::<Model>();
    let t = std::time::Instant::now();
    let _m = Model::embedded();
    let el = t.elapsed();
    println!("embedded model load: {el:?}");
    assert!(el.as_millis() < 1000);
}
