//! Analysis of one article: sentences, comparison tokens, entities, values.
//!
//! Pure functions of the text (and, for dates, the publication date): no
//! I/O, no UI. [`analyze`] produces an [`Analysis`] whose spans are byte
//! offsets into the article body, like the corpus's.

pub mod dates;
pub mod entities;
pub mod fold;
pub mod numbers;
pub mod quotes;
pub mod sentences;
pub mod terms;
pub mod tokens;

use crate::corpus::{Article, Span};

/// One sentence of an article.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Sentence {
    pub span: Span,
    /// Index into the article's paragraphs.
    pub paragraph: usize,
    /// Inside boilerplate, a subhead or the headline: shown, never compared.
    pub marked: bool,
}

/// Everything known about one article's text.
#[derive(Clone, Debug, Default)]
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
}

impl Analysis {
    /// The sentences that report (not boilerplate, subheads or headline).
    pub fn reporting_sentences(&self) -> impl Iterator<Item = (usize, &Sentence)> {
        self.sentences.iter().enumerate().filter(|(_, s)| !s.marked)
    }

    /// The entity mentions inside a span.
    pub fn mentions_in(&self, span: Span) -> impl Iterator<Item = &entities::Mention> {
        self.entities
            .mentions
            .iter()
            .filter(move |m| span.contains(m.span))
    }
}

/// Splits an article into sentences only, without entities or values: the
/// cheap part of [`analyze`] (used to measure story grouping at scale on
/// its own).
pub fn analyze_sentences(article: &Article) -> Analysis {
    let mut sentences = Vec::new();
    for (pi, p) in article.paragraphs.iter().enumerate() {
        let marked = article.is_marked(*p);
        for span in sentences::split_sentences(&article.body, std::slice::from_ref(p)) {
            sentences.push(Sentence {
                span,
                paragraph: pi,
                marked,
            });
        }
    }
    Analysis {
        sentences,
        ..Default::default()
    }
}

/// Analyses one article.
pub fn analyze(article: &Article) -> Analysis {
    let sentences = analyze_sentences(article).sentences;
    let boilerplate: Vec<Span> = article
        .marks
        .iter()
        .filter(|m| m.kind.is_boilerplate())
        .map(|m| m.span)
        .collect();
    let entities = entities::recognize(&article.body, &boilerplate);
    let quotes = quotes::find_quotes(article, &entities);
    let mut quantities = Vec::new();
    let mut date_values = Vec::new();
    for (i, s) in sentences.iter().enumerate().filter(|(_, s)| !s.marked) {
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
            numbers::find_quantities(&article.body, s.span)
                .into_iter()
                .filter(|q| !in_time(q))
                .map(|q| (i, q)),
        );
        for m in entities
            .mentions
            .iter()
            .filter(|m| m.label == "DATE" && s.span.contains(m.span))
        {
            if let Some(v) = dates::resolve(article.text(m.span), article.published) {
                date_values.push((i, m.span, v));
            }
        }
    }
    Analysis {
        sentences,
        entities,
        quotes,
        quantities,
        dates: date_values,
    }
}
pub mod spacy;
