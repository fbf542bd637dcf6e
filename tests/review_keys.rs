//! Keys: grammar round-trip, composite order independence, hash stability,
//! and finding verdicts again after an article is edited or renamed.

mod common;

use newsdesk::review::*;

fn span(kind: ItemKind, body: &str, text: &str) -> ItemKey {
    let byte = body.find(text).expect("text in body");
    let start = body[..byte].chars().count();
    ItemKey::span(
        kind,
        &content_hash(body),
        start,
        start + text.chars().count(),
    )
}

#[test]
fn keys_round_trip_through_display_fromstr_and_serde() {
    let h = content_hash("Le ministre a démenti.");
    let keys = [
        ItemKey::article(&h),
        ItemKey::span(ItemKind::Sentence, &h, 0, 22),
        ItemKey::span(ItemKind::Claim, &h, 3, 3),
        ItemKey::span(ItemKind::Quote, &h, 10, 1_000_000),
        ItemKey::composite(ItemKind::Discrepancy, &[ItemKey::article(&h)]),
    ];
    for k in keys {
        let s = k.to_string();
        assert_eq!(s.parse::<ItemKey>().unwrap(), k, "{s}");
        let json = serde_json::to_string(&k).unwrap();
        assert_eq!(json, format!("\"{s}\""));
        assert_eq!(serde_json::from_str::<ItemKey>(&json).unwrap(), k);
        assert!(!s.contains(char::is_whitespace));
    }
    let k = ItemKey::span(ItemKind::Sentence, &h, 5, 9);
    assert_eq!(k.to_string(), format!("sentence:{h}:5-9"));
    assert_eq!(k.kind(), ItemKind::Sentence);
    assert_eq!(k.article_hash(), Some(h.as_str()));
    assert_eq!(k.span_range(), Some((5, 9)));
    assert!(serde_json::from_str::<ItemKey>("\"sentence:nothex:1-2\"").is_err());
    let err = "claim:abc".parse::<ItemKey>().unwrap_err();
    assert!(err.to_string().contains("32 lowercase hex"), "{err}");
}

#[test]
fn composite_keys_ignore_order_and_repetition() {
    let a = ItemKey::span(ItemKind::Claim, &content_hash("a"), 0, 5);
    let b = ItemKey::span(ItemKind::Claim, &content_hash("b"), 3, 9);
    let c = ItemKey::span(ItemKind::Claim, &content_hash("c"), 1, 2);
    let ab = ItemKey::composite(ItemKind::Discrepancy, &[a.clone(), b.clone()]);
    assert_eq!(
        ab,
        ItemKey::composite(ItemKind::Discrepancy, &[b.clone(), a.clone()])
    );
    assert_eq!(
        ab,
        ItemKey::composite(ItemKind::Discrepancy, &[b.clone(), a.clone(), b.clone()])
    );
    assert_ne!(
        ab,
        ItemKey::composite(ItemKind::Discrepancy, &[a.clone(), c.clone()])
    );
    assert_ne!(ab, ItemKey::composite(ItemKind::Discrepancy, &[a, b, c]));
    assert!(ab.is_composite());
    assert_eq!(ab.article_hash(), None);
    // fixed value: the id must never change between versions or platforms
    assert_eq!(ab.to_string(), "discrepancy:set:94806be22c271b96");
}

#[test]
fn content_hash_is_stable() {
    // XXH3-128 reference value for empty input (xxHash test vectors)
    assert_eq!(content_hash(""), "99aa06d3014798d86001c324468d497f");
    assert_eq!(
        content_hash("Hello, newsroom."),
        "e3a7b7a2ec178f758087705998e799b0"
    );
    assert_ne!(
        content_hash("Hello, newsroom."),
        content_hash("Hello, newsroom!")
    );
    assert_eq!(content_hash("x").len(), 32);
}

const BODY_V1: &str = "Le gouvernement a annoncé une hausse de 3 %.\n\n\
    Selon le ministre, « rien ne change ».\n\n\
    Les syndicats contestent ce chiffre.\n\n\
    L'opposition parle de   mensonge.";

const BODY_V2: &str = "Mise à jour : précisions ajoutées.\n\n\
    Le gouvernement a annoncé une hausse de 3 %.\n\n\
    Selon le ministre, « presque rien ne change ».\n\n\
    Les syndicats contestent ce chiffre.\n\n\
    L'OPPOSITION parle de mensonge.";

fn seed(store: &Store, id: &str) -> [ItemKey; 5] {
    let keys = [
        span(
            ItemKind::Sentence,
            BODY_V1,
            "Le gouvernement a annoncé une hausse de 3 %.",
        ),
        span(ItemKind::Quote, BODY_V1, "« rien ne change »"),
        span(
            ItemKind::Claim,
            BODY_V1,
            "Les syndicats contestent ce chiffre.",
        ),
        span(
            ItemKind::Sentence,
            BODY_V1,
            "L'opposition parle de   mensonge.",
        ),
        ItemKey::article(&content_hash(BODY_V1)),
    ];
    let texts = [
        "Le gouvernement a annoncé une hausse de 3 %.",
        "« rien ne change »",
        "Les syndicats contestent ce chiffre.",
        "L'opposition parle de   mensonge.",
        "Hausse de 3 %",
    ];
    let verdicts = [
        Verdict::Verified,
        Verdict::Disputed,
        Verdict::NeedsSource,
        Verdict::False,
        Verdict::Verified,
    ];
    for ((k, t), v) in keys.iter().zip(texts).zip(verdicts) {
        store
            .set(
                Change::new(k.clone(), id, t)
                    .verdict(v)
                    .note(format!("note on {t}")),
            )
            .unwrap();
    }
    keys
}

#[test]
fn verdicts_follow_an_edited_article() {
    let dir = common::tempdir();
    let path = dir.path().join("review.db");
    let store = Store::open(&path, "ana").unwrap();
    let [moved, gone, claim, loose, article] = seed(&store, "budget.md");
    let h2 = content_hash(BODY_V2);

    // read-only lookup first: nothing written
    let before = store.current_version().unwrap();
    let found = store.find_relocated("budget.md", &h2, BODY_V2).unwrap();
    assert_eq!(found.len(), 5);
    assert_eq!(store.current_version().unwrap(), before);

    let corpus = [ArticleRef {
        id: "budget.md",
        hash: &h2,
        body: BODY_V2,
    }];
    let rec = store.reconcile(&corpus).unwrap();
    assert_eq!(
        rec.relocated, found,
        "reconcile applies what find_relocated plans"
    );
    assert!(rec.orphans.is_empty());
    let by_old = |k: &ItemKey| {
        rec.relocated
            .iter()
            .find(|r| &r.old_key == k)
            .unwrap()
            .clone()
    };

    // moved by a paragraph inserted before it: exact text, new offsets
    let r = by_old(&moved);
    assert!(r.anchored && !r.entry.text_changed);
    assert_eq!(
        r.entry.key,
        span(
            ItemKind::Sentence,
            BODY_V2,
            "Le gouvernement a annoncé une hausse de 3 %."
        )
    );
    let e = store.get(&r.entry.key).unwrap().unwrap();
    assert_eq!((e.verdict, e.text_changed), (Verdict::Verified, false));
    assert!(store.get(&moved).unwrap().is_none());
    let hist = store.history(&r.entry.key).unwrap();
    assert_eq!(
        hist.len(),
        2,
        "the set row followed the item, plus the relocate row"
    );
    assert_eq!(hist[1].action, HistoryAction::Relocate);
    assert_eq!(hist[1].old_key.as_ref(), Some(&moved));
    assert_eq!(
        store
            .check_text(&r.entry.key, "Le gouvernement a annoncé une hausse de 3 %.")
            .unwrap(),
        TextStatus::Same
    );

    // the quote was reworded: kept on its old key, flagged
    let r = by_old(&gone);
    assert!(!r.anchored && r.entry.text_changed);
    assert_eq!(r.entry.key, gone);
    let e = store.get(&gone).unwrap().unwrap();
    assert_eq!((e.verdict, e.text_changed), (Verdict::Disputed, true));
    assert_eq!(
        store
            .check_text(&gone, "« presque rien ne change »")
            .unwrap(),
        TextStatus::Changed {
            was: "« rien ne change »".into()
        }
    );

    // unchanged text, new position
    let r = by_old(&claim);
    assert!(r.anchored && !r.entry.text_changed);
    assert_eq!(
        r.entry.key,
        span(
            ItemKind::Claim,
            BODY_V2,
            "Les syndicats contestent ce chiffre."
        )
    );

    // case and spacing changed: anchored loosely, flagged
    let r = by_old(&loose);
    assert!(r.anchored && r.entry.text_changed);
    assert_eq!(
        r.entry.key,
        span(
            ItemKind::Sentence,
            BODY_V2,
            "L'OPPOSITION parle de mensonge."
        )
    );
    assert_eq!(
        store
            .check_text(&r.entry.key, "L'OPPOSITION parle de mensonge.")
            .unwrap(),
        TextStatus::Changed {
            was: "L'opposition parle de   mensonge.".into()
        }
    );

    // the article-level verdict moves to the new article key, flagged
    let r = by_old(&article);
    assert_eq!(r.entry.key, ItemKey::article(&h2));
    assert!(r.entry.text_changed);
    assert_eq!(
        store.get(&ItemKey::article(&h2)).unwrap().unwrap().verdict,
        Verdict::Verified
    );

    // idempotent: a second load moves nothing and writes nothing
    let v = store.current_version().unwrap();
    let again = store.reconcile(&corpus).unwrap();
    assert_eq!(
        again.relocated.len(),
        1,
        "only the detached quote is looked for again"
    );
    assert_eq!(store.current_version().unwrap(), v);
    assert_eq!(store.all().unwrap().len(), 5);

    // a reader sees the same after reopening
    drop(store);
    let ro = Store::open_read_only(&path).unwrap();
    assert_eq!(
        ro.get(&ItemKey::article(&h2)).unwrap().unwrap().verdict,
        Verdict::Verified
    );
}

#[test]
fn verdicts_survive_a_rename_then_an_edit() {
    let dir = common::tempdir();
    let store = Store::open(&dir.path().join("review.db"), "ben").unwrap();
    let [moved, ..] = seed(&store, "old-name.md");
    let h1 = content_hash(BODY_V1);

    // renamed, content unchanged: the key still matches
    let e = store.get(&moved).unwrap().unwrap();
    assert_eq!(e.verdict, Verdict::Verified);
    let rec = store
        .reconcile(&[ArticleRef {
            id: "new-name.md",
            hash: &h1,
            body: BODY_V1,
        }])
        .unwrap();
    assert_eq!(rec.renamed, 5);
    assert!(rec.relocated.is_empty() && rec.orphans.is_empty());
    assert_eq!(
        store.get(&moved).unwrap().unwrap().article_id,
        "new-name.md"
    );

    // later edited under the new name: found by the updated id
    let h2 = content_hash(BODY_V2);
    let rec = store
        .reconcile(&[ArticleRef {
            id: "new-name.md",
            hash: &h2,
            body: BODY_V2,
        }])
        .unwrap();
    assert_eq!(rec.relocated.iter().filter(|r| r.anchored).count(), 4);
    let new_key = span(
        ItemKind::Sentence,
        BODY_V2,
        "Le gouvernement a annoncé une hausse de 3 %.",
    );
    assert_eq!(
        store.get(&new_key).unwrap().unwrap().verdict,
        Verdict::Verified
    );

    // the article is removed: its entries become orphans, and are kept
    let rec = store
        .reconcile(&[ArticleRef {
            id: "other.md",
            hash: &content_hash("other"),
            body: "other",
        }])
        .unwrap();
    assert_eq!(rec.orphans.len(), 5);
    assert_eq!(store.all().unwrap().len(), 5);
}

#[test]
fn composites_are_rekeyed_by_the_app() {
    let dir = common::tempdir();
    let store = Store::open(&dir.path().join("review.db"), "ana").unwrap();
    let c1 = ItemKey::span(ItemKind::Claim, &content_hash(BODY_V1), 0, 10);
    let c2 = ItemKey::span(ItemKind::Claim, &content_hash("autre"), 0, 5);
    let d = ItemKey::composite(ItemKind::Discrepancy, &[c1, c2.clone()]);
    store
        .set(Change::new(d.clone(), "budget.md", "3 % vs 4 %").verdict(Verdict::Disputed))
        .unwrap();
    // reconcile leaves composites alone
    let h2 = content_hash(BODY_V2);
    let rec = store
        .reconcile(&[ArticleRef {
            id: "budget.md",
            hash: &h2,
            body: BODY_V2,
        }])
        .unwrap();
    assert!(rec.relocated.is_empty());
    // the app relocates the claim and rebuilds the discrepancy key
    let c1_new = ItemKey::span(ItemKind::Claim, &h2, 36, 46);
    let d_new = ItemKey::composite(ItemKind::Discrepancy, &[c2, c1_new]);
    let e = store.rekey(&d, &d_new, false).unwrap().unwrap();
    assert_eq!(
        (e.key.clone(), e.verdict),
        (d_new.clone(), Verdict::Disputed)
    );
    assert!(store.get(&d).unwrap().is_none());
    assert_eq!(store.history(&d_new).unwrap().len(), 2);
    // moving onto an existing entry is refused
    store
        .set(Change::new(d.clone(), "budget.md", "x").note("new"))
        .unwrap();
    let err = store.rekey(&d, &d_new, false).unwrap_err();
    assert!(err.to_string().contains("already has an entry"), "{err}");
}
