//! Analysis of one article: sentences, comparison tokens, entities, values.
//!
//! Pure functions of the text (and, for dates, the publication date): no
//! I/O, no UI. [`analyze`] produces an [`Analysis`] whose spans are byte
//! offsets into the article body, like the corpus's.

pub mod dates;
pub mod embed;
pub mod entities;
pub mod fold;
pub mod frames;
pub mod numbers;
pub mod quotes;
pub mod sentences;
pub mod spacy;
pub mod terms;
pub mod tokens;

use crate::corpus::{Article, Span};

/// One sentence of an article.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Sentence {
    pub span: Span,
    /// Index into the article's paragraphs.
    pub paragraph: usize,
    /// Inside boilerplate, a subhead or the headline: shown, never aligned
    /// (a headline's facts are still read: see `states_facts`).
    pub marked: bool,
}

/// Everything known about one article's text.
#[derive(Clone, Debug, Default, serde::Serialize, serde::Deserialize)]
pub struct Analysis {
    pub sentences: Vec<Sentence>,
    /// Named entities (model + consistency layer), sorted by position.
    pub entities: entities::Entities,
    /// Direct quotes with their speakers.
    pub quotes: Vec<quotes::Quote>,
    /// Quantities in reporting sentences: (sentence index, quantity).
    pub quantities: Vec<(usize, numbers::Quantity)>,
    /// Dates in reporting sentences: (sentence index, span, value).
    pub dates: Vec<(usize, Span, dates::DateValue)>,
    /// What each figure, date, time and place is about (see [`frames`]).
    #[serde(with = "frames::stored")]
    pub frames: Vec<frames::Frame>,
    /// Sentence embeddings, one per sentence (`None` for a sentence with no
    /// word), computed on first use by [`Analysis::sentence_vectors`]: only
    /// articles that are compared pay for them.
    #[serde(skip)]
    pub vectors: std::sync::OnceLock<Vec<Option<embed::Embedding>>>,
    /// Why the full analysis failed, when it did (see [`analyze_guarded`]):
    /// the article then has its sentences (or nothing) and no findings.
    pub failure: Option<String>,
}

impl Analysis {
    /// Gives back the spare capacity the analysis grew into: every list and
    /// string is cut to its length. An analysis read from the cache is
    /// already exact; one just computed held about 1.4× its size (86 MB
    /// against 62 MB for 3,000 articles, `examples/memory_profile.rs`).
    pub fn shrink_to_fit(&mut self) {
        fn opt(s: &mut Option<String>) {
            if let Some(s) = s {
                s.shrink_to_fit();
            }
        }
        self.sentences.shrink_to_fit();
        self.entities.mentions.shrink_to_fit();
        self.entities.canonical.shrink_to_fit();
        for c in &mut self.entities.canonical {
            c.key.shrink_to_fit();
            c.name.shrink_to_fit();
            c.mentions.shrink_to_fit();
        }
        self.quotes.shrink_to_fit();
        for q in &mut self.quotes {
            if let Some(s) = &mut q.speaker {
                s.name.shrink_to_fit();
                s.key.shrink_to_fit();
            }
        }
        self.quantities.shrink_to_fit();
        for (_, q) in &mut self.quantities {
            opt(&mut q.head);
        }
        self.dates.shrink_to_fit();
        self.frames.shrink_to_fit();
        for f in &mut self.frames {
            for s in [
                &mut f.event,
                &mut f.predicate,
                &mut f.counted,
                &mut f.subset,
                &mut f.holder,
                &mut f.modality,
                &mut f.source,
            ] {
                opt(s);
            }
        }
    }

    /// The sentences that report (not boilerplate, subheads or headline).
    pub fn reporting_sentences(&self) -> impl Iterator<Item = (usize, &Sentence)> {
        self.sentences.iter().enumerate().filter(|(_, s)| !s.marked)
    }

    /// The embedding of each sentence (see [`embed`]), computed once.
    ///
    /// Computed outside the `OnceLock`: the encoder runs on rayon, and a
    /// rayon worker waiting inside `get_or_init` can steal a job that asks
    /// for the same article's vectors and block on the lock it holds itself
    /// (a deadlock seen when the dashboard computed a story's claims while
    /// its stories thread did too). Two threads racing both compute; the
    /// first result is kept.
    pub fn sentence_vectors(&self, article: &Article) -> &[Option<embed::Embedding>] {
        if let Some(v) = self.vectors.get() {
            return v;
        }
        let texts: Vec<&str> = self
            .sentences
            .iter()
            .map(|s| article.text(s.span))
            .collect();
        let cache = crate::cache::global();
        let computed = match cache.and_then(|c| c.vectors(&texts)) {
            Some(stored) => stored,
            None => {
                let computed = crate::guard::catch("embedding sentences", || {
                    embed::Encoder::embedded().embed(&texts)
                });
                match computed {
                    Ok(v) => {
                        if let Some(c) = cache {
                            c.store_vectors(&texts, &v);
                        }
                        v
                    }
                    Err(_) => vec![None; texts.len()],
                }
            }
        };
        let _ = self.vectors.set(computed);
        self.vectors.get().expect("just set")
    }

    /// True once the sentence embeddings exist.
    pub fn has_vectors(&self) -> bool {
        self.vectors.get().is_some()
    }

    /// The entity mentions inside a span.
    pub fn mentions_in(&self, span: Span) -> impl Iterator<Item = &entities::Mention> {
        self.entities
            .mentions
            .iter()
            .filter(move |m| span.contains(m.span))
    }
}

/// The one `&'static str` equal to `s`: labels read back from the analysis
/// cache ("PERSON", "length") become the same static strings the analysis
/// uses. Each distinct string is leaked once; the set is small (labels and
/// dimensions), and a cache entry is checked before it is read.
pub fn intern(s: &str) -> &'static str {
    static SEEN: std::sync::Mutex<Vec<&'static str>> = std::sync::Mutex::new(Vec::new());
    let mut seen = SEEN.lock().unwrap_or_else(|e| e.into_inner());
    if let Some(&x) = seen.iter().find(|&&x| x == s) {
        return x;
    }
    let x: &'static str = Box::leak(s.to_string().into_boxed_str());
    seen.push(x);
    x
}

/// A label from a fixed set ("PERSON"); an alias so that serde's derive
/// reads it with [`interned`] instead of borrowing from its input.
pub type Label = &'static str;

/// [`intern`] for serde's `deserialize_with`.
pub fn interned<'de, D: serde::Deserializer<'de>>(d: D) -> Result<&'static str, D::Error> {
    let s: std::borrow::Cow<'de, str> = serde::Deserialize::deserialize(d)?;
    if s.len() > 64 {
        return Err(serde::de::Error::custom("label too long"));
    }
    Ok(intern(&s))
}

/// Splits an article into sentences only, without entities or values: the
/// cheap part of [`analyze`] (used to measure story grouping at scale on
/// its own).
pub fn analyze_sentences(article: &Article) -> Analysis {
    let masked = masked_copy(article);
    let article = masked.as_ref().unwrap_or(article);
    let mut sentences = Vec::new();
    for (pi, p) in article.paragraphs.iter().enumerate() {
        let marked = article.is_marked(*p);
        for span in sentences::split_sentences(&article.body, std::slice::from_ref(p)) {
            sentences.push(Sentence {
                span,
                paragraph: pi,
                marked: marked || sentences::is_embedded_post(article.text(span)),
            });
        }
    }
    sentences.shrink_to_fit();
    Analysis {
        sentences,
        ..Default::default()
    }
}

/// Parses an article paragraph by paragraph, so no sentence runs across a
/// paragraph break (a headline read as the subject of the first sentence:
/// "…crews battle 4,000-hectare blaze / A wildfire that broke out…" made
/// "wildfire" the object of "battle"). Token and entity offsets are the
/// body's; a body without paragraphs is parsed whole.
pub fn parse_paragraphs(article: &Article) -> spacy::ParsedDoc {
    let model = spacy::Model::embedded();
    if article.paragraphs.len() < 2 {
        return model.parse(&article.body);
    }
    let mut out = spacy::ParsedDoc {
        tokens: Vec::new(),
        entities: Vec::new(),
    };
    for p in &article.paragraphs {
        // (paragraphs are char-aligned spans of the body; one that is not
        // falls back to the whole body rather than losing its text)
        let Some(text) = article.body.get(p.start..p.end) else {
            return model.parse(&article.body);
        };
        if text.trim().is_empty() {
            continue;
        }
        let doc = model.parse(text);
        let first = out.tokens.len();
        out.tokens
            .extend(doc.tokens.into_iter().enumerate().map(|(k, mut t)| {
                t.start += p.start;
                t.end += p.start;
                t.head += first;
                // a paragraph starts a sentence
                t.sent_start |= k == 0;
                t
            }));
        out.entities.extend(doc.entities.into_iter().map(|mut e| {
            e.start += p.start;
            e.end += p.start;
            e.token_start += first;
            e.token_end += first;
            e
        }));
    }
    out
}

/// Analyses one article.
pub fn analyze(article: &Article) -> Analysis {
    let masked = masked_copy(article);
    let article = masked.as_ref().unwrap_or(article);
    let sentences = analyze_sentences(article).sentences;
    let boilerplate: Vec<Span> = article
        .marks
        .iter()
        .filter(|m| m.kind.is_boilerplate())
        .map(|m| m.span)
        .collect();
    let doc = parse_paragraphs(article);
    let entities = entities::recognize_parsed(&article.body, &boilerplate, &doc);
    let quotes = quotes::find_quotes(article, &entities);
    let mut quantities = Vec::new();
    let mut date_values = Vec::new();
    // the parse read as a tree, once, for the dates and the frames
    let syn = frames::Syntax::new(&doc.tokens);
    // the sentences whose facts are read, chosen once for the values and
    // the frames
    let stating: Vec<(usize, Span)> = sentences
        .iter()
        .enumerate()
        .filter(|(_, s)| states_facts(article, s))
        .map(|(i, s)| (i, s.span))
        .collect();
    for &(i, span) in &stating {
        // a figure inside a date or a time ("31 October", "6.10am") is
        // not a count (ages, "a 42-year-old", are kept)
        let in_time = |q: &numbers::Quantity| {
            q.unit != numbers::Unit::Age
                && entities
                    .mentions
                    .iter()
                    .any(|m| (m.label == "DATE" || m.label == "TIME") && m.span.overlaps(q.span))
        };
        quantities.extend(
            numbers::find_quantities(&article.body, span)
                .into_iter()
                .filter(|q| !in_time(q))
                .map(|q| (i, q)),
        );
        for m in entities
            .mentions
            .iter()
            .filter(|m| matches!(m.label, "DATE" | "TIME") && span.contains(m.span))
        {
            // ("will be sworn in on 20 January": the next 20 January)
            let ahead = frames::clause_ahead(&syn, m.span);
            let text = article.text(m.span);
            // (a time of day that names its day dates it too: "on Wednesday
            // morning", "late last night")
            let value = if m.label == "DATE" {
                dates::resolve_toward(text, article.dated(), ahead)
            } else {
                dates::day_of_time(text, article.dated(), ahead)
            };
            if let Some(v) = value {
                date_values.push((i, m.span, v));
            }
        }
    }
    let frames = article_frames(
        article,
        &stating,
        &syn,
        &entities,
        &quantities,
        &date_values,
    );
    let mut analysis = Analysis {
        sentences,
        entities,
        quotes,
        quantities,
        dates: date_values,
        frames,
        vectors: std::sync::OnceLock::new(),
        failure: None,
    };
    analysis.shrink_to_fit();
    analysis
}

/// True for a sentence whose facts are the outlet's: a reporting sentence,
/// or the headline ("Seven killed as tram derails" states a toll as the
/// lead does; boilerplate, subheads and captions state none).
fn states_facts(article: &Article, s: &Sentence) -> bool {
    !s.marked
        || article.marks.iter().any(|m| {
            m.kind == crate::corpus::MarkKind::Headline
                && m.span.contains(s.span)
                && !sentences::is_embedded_post(article.text(s.span))
        })
}

/// The fact frames of an article's sentences that state facts (its
/// reporting sentences and headline, see [`states_facts`]).
fn article_frames(
    article: &Article,
    stating: &[(usize, Span)],
    syn: &frames::Syntax,
    entities: &entities::Entities,
    quantities: &[(usize, numbers::Quantity)],
    dates: &[(usize, Span, dates::DateValue)],
) -> Vec<frames::Frame> {
    let mentions: Vec<(Span, &str, String)> = entities
        .mentions
        .iter()
        .map(|m| {
            let group = match (m.group, m.label) {
                (_, "TIME") => "TIME",
                (entities::Group::Place, _) => "PLACE",
                (entities::Group::Person, _) => "PERSON",
                (entities::Group::Norp, _) => "NORP",
                (entities::Group::Org, _) => "ORG",
                (entities::Group::Date, _) => "DATE",
                _ => "OTHER",
            };
            (m.span, group, entities.canonical[m.canonical].key.clone())
        })
        .collect();
    frames::extract(
        syn,
        &frames::FrameInput {
            body: &article.body,
            sentences: stating,
            quantities,
            dates,
            entities: &mentions,
            published: article.dated(),
        },
    )
}

/// The article with escape sequences and control characters blanked byte
/// for byte (see [`crate::sanitize::mask_controls`]), when it has any: the
/// analysis reads the blanked text, so offsets stay those of the body, and
/// "ESC ]52;c" is never a figure nor "ESC [31m" a word.
///
/// A double hyphen typed as a dash and glued to one word ("the new emails
/// --which totaled some 650,000") is detached from it the same way, byte
/// for byte ("- which"): the tokenizer, as spaCy's, keeps "--which" as one
/// punctuation token and the clause it opens is lost.
fn masked_copy(article: &Article) -> Option<Article> {
    let masked = crate::sanitize::mask_controls(&article.body);
    let text = masked.as_deref().unwrap_or(&article.body);
    let detached = detach_double_hyphens(text);
    let text = detached.as_deref().unwrap_or(text);
    let body = match (break_datelines(text), detached) {
        (Some(broken), _) => broken,
        (None, Some(detached)) => detached,
        (None, None) => masked?,
    };
    let mut copy = article.clone();
    copy.body = body.into();
    copy.word_count = std::sync::OnceLock::new();
    Some(copy)
}

/// A dateline before a report's first sentence ("KUNDUZ, Afghanistan --
/// Taliban insurgents struck…", "WASHINGTON (Reuters) - The FBI said…",
/// "…Getty Images) NASHVILLE — Police…"): a place in capitals, perhaps its
/// region and an agency, then a spaced dash and a capital.
static DATELINE: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
    regex::Regex::new(
        r#"(?m)(?:^[ \t]*|\)[ \t]+|(?-u:\b)Photo[ \t]+)[A-Z][A-Z'’.-]{2,}(?:[ \t][A-Z][A-Z'’.-]+){0,3}(?:,[ \t][A-Z][A-Za-z.]+(?:[ \t][A-Z][A-Za-z.]+){0,2})?(?:[ \t]\([A-Z][A-Za-z ]{1,24}\))?[ \t]+(--|—|–|-)[ \t]+[A-Z"“‘']"#,
    )
    .unwrap()
});

/// `text` with the dash after each dateline turned into a full stop of the
/// same length ("KUNDUZ, Afghanistan -- Taliban" → "KUNDUZ, Afghanistan .
/// Taliban"), or `None` when there is none: the parse otherwise reads the
/// dateline as the first sentence's subject ("Kunduz struck…").
fn break_datelines(text: &str) -> Option<String> {
    let mut out: Option<Vec<u8>> = None;
    for c in DATELINE.captures_iter(text) {
        let dash = c.get(1)?;
        let b = out.get_or_insert_with(|| text.as_bytes().to_vec());
        // one token where the dash was: a token may not end inside a
        // character of the body ("—" is three bytes: "...")
        let stop: &[u8] = match dash.len() {
            1 => b".",
            2 => b". ",
            _ => b"...",
        };
        b[dash.start()..dash.end()].copy_from_slice(stop);
    }
    // (whole characters were replaced by as many ASCII bytes: always UTF-8)
    out.and_then(|v| String::from_utf8(v).ok())
}

/// `text` with each "--" that is glued to a word on one side only and
/// spaced on the other turned into a spaced single hyphen of the same
/// length (" --which" → " - which", "emails-- which" → "emails - which"),
/// or `None` when there is none. A run of three or more hyphens, or "--"
/// between two words ("emails--which"), is left alone.
fn detach_double_hyphens(text: &str) -> Option<String> {
    let b = text.as_bytes();
    let word = |i: Option<usize>| {
        i.and_then(|i| b.get(i))
            .is_some_and(|c| c.is_ascii_alphanumeric() || *c >= 0x80)
    };
    let space = |i: Option<usize>| {
        i.and_then(|i| b.get(i))
            .is_none_or(|c| c.is_ascii_whitespace())
    };
    let mut out: Option<Vec<u8>> = None;
    let mut i = 0;
    while i + 1 < b.len() {
        if b[i] == b'-' && b[i + 1] == b'-' {
            let before = i.checked_sub(1);
            let after = Some(i + 2);
            let lone = before.is_none_or(|k| b[k] != b'-') && b.get(i + 2) != Some(&b'-');
            if lone && space(before) && word(after) {
                out.get_or_insert_with(|| b.to_vec())[i + 1] = b' ';
            } else if lone && word(before) && space(after) {
                out.get_or_insert_with(|| b.to_vec())[i] = b' ';
            }
            i += 2;
        } else {
            i += 1;
        }
    }
    // (only ASCII bytes were replaced by ASCII bytes: always UTF-8)
    out.and_then(|v| String::from_utf8(v).ok())
}

/// [`analyze`], never unwinding into the caller: a panic (a bug, on some
/// text we did not foresee) is caught and logged with its backtrace, and the
/// article gets its sentences only (or nothing), with [`Analysis::failure`]
/// saying why, so one article can never stop the analysis of the others.
pub fn analyze_guarded(article: &Article) -> Analysis {
    guard_analysis(article, analyze)
}

/// Runs `analyse` on the article as [`analyze_guarded`] runs [`analyze`].
pub fn guard_analysis(article: &Article, analyse: impl FnOnce(&Article) -> Analysis) -> Analysis {
    match crate::guard::catch(&format!("analysing {}", article.id), || analyse(article)) {
        Ok(a) => a,
        Err(why) => {
            let mut a = crate::guard::catch("splitting sentences", || analyze_sentences(article))
                .unwrap_or_default();
            a.failure = Some(why);
            a
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::{RawArticle, build_article};

    /// Checks a rewrite of the parse copy against its cases: the text it
    /// gives, of the same length as the original.
    fn rewrites_byte_for_byte(rewrite: fn(&str) -> Option<String>, cases: &[(&str, Option<&str>)]) {
        for &(text, want) in cases {
            let got = rewrite(text);
            assert_eq!(got.as_deref(), want, "{text}");
            if let Some(g) = got {
                assert_eq!(g.len(), text.len());
            }
        }
    }

    /// An article of `body`, its parse copy (as long as the body) and the
    /// copy's parse.
    fn parsed_copy(body: &str) -> (Article, Article, spacy::ParsedDoc) {
        let a = build_article(RawArticle {
            body: body.into(),
            ..Default::default()
        });
        let masked = masked_copy(&a).expect("a copy");
        assert_eq!(masked.body.len(), a.body.len());
        let doc = parse_paragraphs(&masked);
        (a, masked, doc)
    }

    #[test]
    fn a_double_hyphen_glued_to_one_word_is_detached_byte_for_byte() {
        let cases: &[(&str, Option<&str>)] = &[
            (
                "the emails --which totaled",
                Some("the emails - which totaled"),
            ),
            (
                "the emails-- which totaled",
                Some("the emails - which totaled"),
            ),
            ("--which", Some("- which")),
            ("WASHINGTON -- In a", None),
            ("emails--which", None),
            ("a --- b ---c", None),
            ("élan --été", Some("élan - été")),
        ];
        rewrites_byte_for_byte(detach_double_hyphens, cases);
    }

    #[test]
    fn a_dateline_is_broken_from_the_first_sentence_byte_for_byte() {
        let cases: &[(&str, Option<&str>)] = &[
            (
                "KUNDUZ, Afghanistan -- Taliban insurgents struck",
                Some("KUNDUZ, Afghanistan .  Taliban insurgents struck"),
            ),
            (
                "WASHINGTON (Reuters) - The FBI said",
                Some("WASHINGTON (Reuters) . The FBI said"),
            ),
            (
                "Photo LONDON -- At least seven",
                Some("Photo LONDON .  At least seven"),
            ),
            (
                "(Photo: Getty Images) NASHVILLE — Police said",
                Some("(Photo: Getty Images) NASHVILLE ... Police said"),
            ),
            (
                "DES MOINES, Iowa – Voters",
                Some("DES MOINES, Iowa ... Voters"),
            ),
            // no dateline: an acronym inside a sentence, a lower-case word
            // after the dash, a capitalised word that is no dateline
            ("He said the FBI -- The agency", None),
            ("WASHINGTON -- which", None),
            ("Washington - The city", None),
            ("a NATO - The", None),
        ];
        rewrites_byte_for_byte(break_datelines, cases);
    }

    #[test]
    fn the_first_sentence_after_a_dateline_has_its_own_subject() {
        // invented
        let (a, masked, doc) = parsed_copy(
            "BRANTMOOR, Calder -- Rebels struck the consulate late Thursday, officials said.\n\n\
             PELLHAM — Rebels struck the consulate late Thursday, officials said.",
        );
        // every token sits on characters of the body as written
        for t in &doc.tokens {
            assert!(a.body.get(t.start..t.end).is_some(), "{t:?}");
        }
        let words = |w: &str| -> Vec<usize> {
            (0..doc.tokens.len())
                .filter(|&i| &masked.body[doc.tokens[i].start..doc.tokens[i].end] == w)
                .collect()
        };
        let (rebels, struck) = (words("Rebels"), words("struck"));
        assert_eq!(rebels.len(), 2);
        for (r, s) in rebels.into_iter().zip(struck) {
            assert_eq!(doc.tokens[r].head, s, "{:?}", doc.tokens);
            assert_eq!(doc.tokens[r].dep, "nsubj", "{:?}", doc.tokens);
            assert!(doc.tokens[r].sent_start, "{:?}", doc.tokens);
        }
    }

    #[test]
    fn a_relative_clause_after_a_glued_double_hyphen_is_read() {
        // invented
        let (_, masked, doc) =
            parsed_copy("He said the new emails --which totaled some 650,000 -- were reviewed.");
        let totaled = doc
            .tokens
            .iter()
            .position(|t| &masked.body[t.start..t.end] == "totaled");
        let t = &doc.tokens[totaled.expect("totaled")];
        assert_eq!(t.dep, "relcl", "{:?}", doc.tokens);
    }

    #[test]
    fn paragraphs_are_parsed_apart_at_the_bodys_offsets() {
        let a = build_article(RawArticle {
            body: "Crews battle 4,000-hectare blaze\n\nA wildfire that broke out on Tuesday has burned about 4,000 hectares, officials in Cawder Falls said."
                .into(),
            ..Default::default()
        });
        assert!(a.paragraphs.len() >= 2, "{:?}", a.paragraphs);
        let doc = parse_paragraphs(&a);
        let words: Vec<&spacy::ParsedToken> = doc.tokens.iter().filter(|t| !t.is_space).collect();
        // every token and entity sits at its own text in the body
        for t in &doc.tokens {
            assert!(a.body.get(t.start..t.end).is_some());
        }
        for e in &doc.entities {
            let text = &a.body[e.start..e.end];
            assert_eq!(
                text,
                &a.body[doc.tokens[e.token_start].start..doc.tokens[e.token_end - 1].end]
            );
        }
        // no head crosses the paragraph break, and the body starts a sentence
        let brk = a.body.find("\n\n").unwrap();
        for t in &doc.tokens {
            let h = &doc.tokens[t.head];
            assert_eq!(t.start < brk, h.start < brk, "{:?} -> {:?}", t, h);
        }
        let wildfire = words
            .iter()
            .find(|t| &a.body[t.start..t.end] == "A")
            .unwrap();
        assert!(wildfire.sent_start);
    }
}
