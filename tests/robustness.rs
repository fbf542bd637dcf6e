//! No panic on any input, by test: every analysis entry point (loaders,
//! nlp, compare, claims, report) run on arbitrary bytes, arbitrary Unicode
//! and random texts built from the pieces real and hostile articles are
//! made of. `cargo run --release --example soak -- --minutes 30` runs the
//! same checks for as long as asked.

use newsdesk::fuzzing::{PIECES, exercise_loader, exercise_pipeline};
use proptest::prelude::*;

fn news_like() -> impl Strategy<Value = String> {
    proptest::collection::vec(
        prop_oneof![
            3 => proptest::sample::select(PIECES).prop_map(str::to_string),
            1 => "[A-Za-z]{1,9}",
            1 => "[0-9]{1,7}",
            1 => Just(" ".to_string()),
            1 => Just(". ".to_string()),
        ],
        0..80,
    )
    .prop_map(|parts| parts.join(" "))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn loaders_take_arbitrary_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..600)) {
        let dir = tempfile::tempdir().unwrap();
        prop_assert!(exercise_loader(dir.path(), &bytes).is_ok());
    }

    #[test]
    fn loaders_take_arbitrary_text(text in news_like()) {
        let dir = tempfile::tempdir().unwrap();
        let wrapped = format!("---\ntitle: {text}\n---\n{text}\n");
        prop_assert!(exercise_loader(dir.path(), wrapped.as_bytes()).is_ok());
        let json = serde_json::json!({"title": text, "text": text, "date": text, "url": text}).to_string();
        prop_assert!(exercise_loader(dir.path(), json.as_bytes()).is_ok());
    }

    #[test]
    fn the_pipeline_takes_arbitrary_unicode(texts in proptest::collection::vec(any::<String>(), 1..4)) {
        let r = exercise_pipeline(&texts);
        prop_assert!(r.is_ok(), "{:?}", r);
    }

    #[test]
    fn the_pipeline_takes_news_like_text(texts in proptest::collection::vec(news_like(), 1..5)) {
        let r = exercise_pipeline(&texts);
        prop_assert!(r.is_ok(), "{:?}", r);
    }
}
