//! Properties of `nlp::embed` on arbitrary Unicode: no panic, an embedding
//! of unit length or None, the same answer every time and whatever the
//! batch it is in.

use newsdesk::nlp::embed::Encoder;
use proptest::prelude::*;

fn check(texts: &[String]) {
    let enc = Encoder::embedded();
    let refs: Vec<&str> = texts.iter().map(|s| s.as_str()).collect();
    let all = enc.embed(&refs);
    assert_eq!(all.len(), refs.len());
    for (t, e) in refs.iter().zip(&all) {
        let toks = enc.tokenizer.tokenize(t);
        match e {
            Some(e) => {
                assert!(toks.has_word, "{t:?}");
                let n: f32 = e.to_vec().iter().map(|v| v * v).sum::<f32>().sqrt();
                assert!((n - 1.0).abs() < 1e-4, "{t:?}: norm {n}");
                assert!(e.to_vec().iter().all(|v| v.is_finite()));
            }
            None => assert!(!toks.has_word, "{t:?}"),
        }
        // alone, and again: the same vector bit for bit
        assert_eq!(&enc.embed(&[t])[0], e, "{t:?}");
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn arbitrary_unicode(texts in proptest::collection::vec(any::<String>(), 1..6)) {
        check(&texts);
    }

    #[test]
    fn words_symbols_and_controls(
        texts in proptest::collection::vec(
            "[a-zA-Z0-9 \\t\\n.,;:!?'\"()\\-–—…€$%&@#*/\\\\\u{0}-\u{1f}\u{7f}-\u{9f}\u{300}-\u{36f}\u{4e00}-\u{4e20}\u{ac00}-\u{ac20}\u{1f600}-\u{1f64f}\u{200b}-\u{200f}\u{fe0f}\u{e000}]{0,80}",
            1..6,
        )
    ) {
        check(&texts);
    }
}

#[test]
fn long_inputs_are_windowed_not_truncated() {
    let enc = Encoder::embedded();
    let a = "The council met and voted on the budget. ".repeat(40);
    let b = format!("{a}Then a volcano erupted and flights were grounded across Europe. ");
    assert!(enc.tokenizer.tokenize(&a).ids.len() > 300);
    let v = enc.embed(&[&a, &b]);
    let (x, y) = (v[0].as_ref().unwrap(), v[1].as_ref().unwrap());
    // the tail past the first window changes the embedding
    assert!(x.cosine(y) < 0.9999, "{}", x.cosine(y));
    // a very long text (many windows) still embeds
    let big = "Word ".repeat(5000);
    assert!(enc.embed(&[&big])[0].is_some());
}
