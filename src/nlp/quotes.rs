//! Direct quotes and who said them.
//!
//! Quotes open and close with curly or straight marks (double, or single
//! as British outlets use them); a quote may run over several sentences and
//! paragraphs (a paragraph that opens a quote without closing it continues
//! into the next one that closes it or reopens it); an unclosed quote ends
//! with its paragraph. Quotes of fewer than three words are scare quotes
//! and are skipped.
//!
//! The speaker comes from the attribution next to the quote — `“…,” X
//! said`, `“…,” said X`, `X said: “…”`, `X, the spokesman, said` — found as
//! a speech verb near a PERSON (or ORG) mention. A pronoun ("he said") or a
//! role ("the spokesman said") is resolved to the nearest PERSON named
//! before it (for a role, preferably one introduced with that role). A
//! quote without its own attribution continues the previous quote's speaker
//! in the same or the preceding paragraph.

use super::entities::{Entities, Group};
use crate::corpus::{Article, Span};
use regex::Regex;
use serde::{Deserialize, Serialize};
use std::sync::LazyLock;

/// How a speaker was found.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Attribution {
    /// Named next to the quote.
    Named,
    /// "he said", resolved to the nearest person named before.
    Pronoun,
    /// "the spokesman said", resolved to a person introduced in that role.
    Role,
    /// No attribution of its own: continues the previous quote's speaker.
    Continued,
}

/// Who said a quote.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Speaker {
    /// The speaker's canonical name ("Maria Okafor").
    pub name: String,
    /// Folded key of the canonical entity.
    pub key: String,
    pub how: Attribution,
}

/// A direct quote.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Quote {
    /// The words inside the marks (byte span into the body).
    pub span: Span,
    /// Quote marks included.
    pub outer: Span,
    pub speaker: Option<Speaker>,
}

fn is_word_char(c: Option<char>) -> bool {
    c.is_some_and(|c| c.is_alphanumeric())
}

/// Quote-mark events in a paragraph: (byte offset, is_open, is_double).
fn marks(text: &str, para: Span) -> Vec<(usize, bool, bool)> {
    let p = &text[para.start..para.end];
    let chars: Vec<(usize, char)> = p.char_indices().collect();
    let mut out = Vec::new();
    let mut skip = false;
    for (k, &(i, c)) in chars.iter().enumerate() {
        if std::mem::take(&mut skip) {
            continue;
        }
        let prev = k.checked_sub(1).map(|j| chars[j].1);
        let next = chars.get(k + 1).map(|x| x.1);
        let double = matches!(c, '“' | '”' | '"' | '«' | '»');
        // two apostrophes after a word close a double quote typed the old
        // way ("extremely careless'' but"), or a single quote whose second
        // mark closes an outer one ('he said 'over there?'' she went on)
        if c == '\'' && next == Some('\'') && prev.is_some_and(|p| !p.is_whitespace()) {
            out.push((para.start + i, false, true));
            out.push((para.start + i, false, false));
            skip = true;
            continue;
        }
        match c {
            '“' | '«' => out.push((para.start + i, true, true)),
            '”' | '»' => out.push((para.start + i, false, true)),
            '‘' => out.push((para.start + i, true, false)),
            '"' | '\'' | '’' => {
                let after_space =
                    prev.is_none_or(|p| p.is_whitespace() || matches!(p, '(' | '[' | '—' | '–'));
                // an apostrophe inside or at the end of a word is not a mark
                if c != '"'
                    && is_word_char(prev)
                    && (is_word_char(next) || matches!(next, Some('s')))
                {
                    continue;
                }
                // a possessive set apart from its name ("Trump 's
                // background") opens nothing
                let after_next = chars.get(k + 2).map(|x| x.1);
                if c != '"' && after_space && next == Some('s') && !is_word_char(after_next) {
                    continue;
                }
                if after_space && next.is_some_and(|n| !n.is_whitespace()) {
                    if c != '’' {
                        out.push((para.start + i, true, double));
                    }
                } else if !after_space {
                    // closing only after punctuation or a word end, and for
                    // single marks only when a word or punctuation precedes
                    if c == '"'
                        || matches!(prev, Some('.' | ',' | '!' | '?' | '…' | '-' | '—'))
                        || next.is_none_or(|n| !n.is_alphanumeric())
                    {
                        out.push((para.start + i, false, double));
                    }
                }
            }
            _ => {}
        }
    }
    out
}

/// Drops a single mark opened right before a double one ('"I look
/// forward," said Trump.) unless the double quote's close is followed
/// right away by a single close ('"…"'): a stray mark, whose quote would
/// otherwise swallow the double quotes and what is said between them. The
/// double mark after it opens (it follows no space, so it read as a close).
fn without_stray_singles(ms: Vec<(usize, bool, bool)>) -> Vec<(usize, bool, bool)> {
    // each mark's next double close, found from the end (linear)
    let mut next_close: Vec<Option<usize>> = vec![None; ms.len() + 1];
    for k in (0..ms.len()).rev() {
        let (_, open, double) = ms[k];
        next_close[k] = if !open && double {
            Some(k)
        } else {
            next_close[k + 1]
        };
    }
    let mut out: Vec<(usize, bool, bool)> = Vec::with_capacity(ms.len());
    let mut reopen = false;
    for (k, &(at, is_open, double)) in ms.iter().enumerate() {
        if std::mem::take(&mut reopen) {
            out.push((at, true, double));
            continue;
        }
        let stray = is_open
            && !double
            && ms
                .get(k + 1)
                .is_some_and(|&(next, _, next_double)| next_double && next == at + 1)
            // (k + 1 is a mark, so k + 2 is at most the end)
            && !next_close[k + 2].is_some_and(|c| {
                ms.get(c + 1)
                    .is_some_and(|&(at2, o2, d2)| !o2 && !d2 && at2 == ms[c].0 + 1)
            });
        if stray {
            reopen = true;
        } else {
            out.push((at, is_open, double));
        }
    }
    out
}

fn mark_len(text: &str, at: usize) -> usize {
    text[at..].chars().next().map(char::len_utf8).unwrap_or(1)
}

/// Finds the quotes of an article, with speakers where the text says.
pub fn find_quotes(article: &Article, entities: &Entities) -> Vec<Quote> {
    let text = &article.body;
    let mut spans: Vec<(Span, Span)> = Vec::new(); // (inner, outer)
    // a quote left open at the end of a paragraph: (open offset, double)
    let mut open: Option<(usize, bool)> = None;
    let reporting: Vec<Span> = article
        .paragraphs
        .iter()
        .copied()
        .filter(|p| !article.is_boilerplate(*p))
        .collect();
    for (pi, para) in reporting.iter().enumerate() {
        let ms = without_stray_singles(marks(text, *para));
        if let Some((start, double)) = open {
            // continues if this paragraph closes it before opening another,
            // or reopens it at its very start (the usual convention)
            let first = ms.first();
            let continues = match first {
                Some(&(at, is_open, d)) if is_open && d == double && at == para.start => true,
                Some(&(_, false, d)) if d == double => true,
                _ => false,
            };
            if !continues {
                let prev = reporting[pi - 1];
                spans.push((
                    Span::new(start + mark_len(text, start), prev.end),
                    Span::new(start, prev.end),
                ));
                open = None;
            }
        }
        let mut k = 0;
        while k < ms.len() {
            let (at, is_open, double) = ms[k];
            match open {
                None if is_open => open = Some((at, double)),
                Some((start, d)) if !is_open && d == double => {
                    let close_len = text[at..].chars().next().map(char::len_utf8).unwrap_or(1);
                    let first_len = text[start..]
                        .chars()
                        .next()
                        .map(char::len_utf8)
                        .unwrap_or(1);
                    spans.push((
                        Span::new(start + first_len, at),
                        Span::new(start, at + close_len),
                    ));
                    open = None;
                }
                Some((_, d)) if is_open && d == double && at == para.start => {} // reopened continuation
                _ => {}
            }
            k += 1;
        }
    }
    if let (Some((start, _)), Some(last)) = (open, reporting.last()) {
        spans.push((
            Span::new(start + mark_len(text, start), last.end),
            Span::new(start, last.end),
        ));
    }
    let mut quotes: Vec<Quote> = spans
        .into_iter()
        .filter(|(inner, _)| crate::corpus::count_words(&text[inner.start..inner.end]) >= 3)
        .map(|(span, outer)| Quote {
            span,
            outer,
            speaker: None,
        })
        .collect();
    let sexes = sexes(&article.body, entities);
    for i in 0..quotes.len() {
        let speaker = attribute(article, entities, &sexes, &quotes, i);
        quotes[i].speaker = speaker;
    }
    quotes
}

static VERB: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?-u:\b)(?:said|says|say|added|adds|told|tells|explained|stated|noted|confirmed|warned|wrote|writes|tweeted|insisted|declared|announced|recalled|remarked|argued|continued|asked|vowed|urged|claimed|acknowledged|admitted|replied|according to)(?-u:\b)").unwrap()
});
static PRONOUN: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?-u:\b)(?:he|she|He|She)(?-u:\b)").unwrap());
static ROLE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?-u:\b)the\s+((?:[a-z-]+\s+)?(?:spokesman|spokeswoman|spokesperson|nominee|candidate|commander|minister|president|official|chief|director|secretary|governor|mayor|officer|statement))(?-u:\b)").unwrap()
});

fn person_mentions(
    entities: &Entities,
    window: Span,
) -> impl Iterator<Item = &super::entities::Mention> {
    entities
        .mentions
        .iter()
        .filter(move |m| m.group == Group::Person && window.contains(m.span))
}

fn speaker_of(entities: &Entities, m: &super::entities::Mention, how: Attribution) -> Speaker {
    let c = &entities.canonical[m.canonical];
    Speaker {
        name: c.name.clone(),
        key: c.key.clone(),
        how,
    }
}

/// The attribution window after a quote (to the end of its sentence) and
/// before it (from the start of its paragraph).
fn attribute(
    article: &Article,
    entities: &Entities,
    sexes: &[Option<bool>],
    quotes: &[Quote],
    i: usize,
) -> Option<Speaker> {
    let text = &article.body;
    let q = &quotes[i];
    let para = article
        .paragraphs
        .iter()
        .find(|p| p.start <= q.outer.start && q.outer.start < p.end)?;
    let end_para = article
        .paragraphs
        .iter()
        .find(|p| p.start < q.outer.end && q.outer.end <= p.end)
        .unwrap_or(para);
    // after: up to the next quote or sentence end
    let next_quote = quotes
        .get(i + 1)
        .map(|n| n.outer.start)
        .unwrap_or(usize::MAX);
    let after_end = text[q.outer.end..end_para.end]
        .find(['.', '!', '?'])
        .map(|k| q.outer.end + k + 1)
        .unwrap_or(end_para.end)
        .min(next_quote.max(q.outer.end));
    // a quote that ends its own sentence ("…the difficulties." Image
    // caption … Josh Earnest said …) is not credited by what follows
    let inner = text[q.span.start..q.span.end].trim_end();
    let closed = inner.ends_with('.') && !inner.ends_with("..");
    let after = Span::new(q.outer.end, if closed { q.outer.end } else { after_end });
    let prev_quote = i.checked_sub(1).map(|p| quotes[p].outer.end).unwrap_or(0);
    let before_start = text[para.start..q.outer.start]
        .rfind(['.', '!', '?'])
        .map(|k| para.start + k + 1)
        .unwrap_or(para.start)
        .max(prev_quote.min(q.outer.start));
    let before = Span::new(before_start, q.outer.start);
    // "He said: «…»" introduces the quote: what follows it belongs to the
    // next sentence ("«…» London mayor Sadiq Khan warned…")
    let introduced = text[before.start..before.end].trim_end().ends_with(':');
    let windows = if introduced {
        [before, after]
    } else {
        [after, before]
    };
    for window in windows {
        let w = &text[window.start..window.end];
        if !VERB.is_match(w) {
            continue;
        }
        // the person nearest the speech verb ("As it became clear that
        // Donald Trump would win, Gaga tweeted:" is Gaga's), and a name
        // right at the verb that the model missed beats one further away
        let verbs: Vec<usize> = VERB
            .find_iter(w)
            .map(|m| window.start + m.start())
            .collect();
        let distance = |sp: Span| {
            verbs
                .iter()
                .map(|&v| {
                    if sp.end <= v {
                        v - sp.end
                    } else {
                        sp.start.saturating_sub(v)
                    }
                })
                .min()
                .unwrap_or(usize::MAX)
        };
        // (a name used as a modifier is not who speaks: "the Bad Romance
        // singer tweeted", "the Obama administration said")
        let nearest = person_mentions(entities, window)
            .filter(|m| {
                !is_modifier(text, m.span)
                    && !is_platform(entities, m)
                    && !is_possessor(text, m.span)
            })
            .min_by_key(|m| distance(m.span));
        // a pronoun at the verb beats a name further off ("he added,
        // calling Obama «a very good man»")
        if let Some(p) = PRONOUN_AT_VERB.find(w) {
            let p = Span::new(window.start + p.start(), window.start + p.end());
            if nearest.is_none_or(|m| distance(p) < distance(m.span)) {
                let she = text[p.start..p.end].to_lowercase().contains("she");
                // (named before the pronoun itself: "he added, calling
                // Obama «a very good man»" is not Obama's)
                let upto = p.start.min(q.outer.start);
                return antecedent(article, entities, sexes, quotes, upto, Some(she))
                    .map(|m| speaker_of(entities, m, Attribution::Pronoun));
            }
        }
        let at_verb = NAME_VERB.captures(w).and_then(|c| {
            let g = c.name("before").or_else(|| c.name("after"))?;
            Some(Span::new(window.start + g.start(), window.start + g.end()))
        });
        if let Some(m) = nearest {
            let elsewhere =
                at_verb.is_some_and(|n| !n.overlaps(m.span) && distance(n) < distance(m.span));
            if !elsewhere {
                return Some(speaker_of(entities, m, Attribution::Named));
            }
            if let Some(sp) = name_next_to_verb(entities, w) {
                return Some(sp);
            }
            return Some(speaker_of(entities, m, Attribution::Named));
        }
        // an organisation as speaker ("the mission said", "the United Nations said")
        // (not the platform it was said on: "took to Twitter and wrote")
        if let Some(m) = entities
            .mentions
            .iter()
            .find(|m| m.group == Group::Org && window.contains(m.span) && !is_platform(entities, m))
        {
            return Some(speaker_of(entities, m, Attribution::Named));
        }
        if let Some(sp) = name_next_to_verb(entities, w) {
            return Some(sp);
        }
        if let Some(p) = PRONOUN.find(w) {
            let she = p.as_str().eq_ignore_ascii_case("she");
            let upto = (window.start + p.start()).min(q.outer.start);
            return antecedent(article, entities, sexes, quotes, upto, Some(she))
                .map(|m| speaker_of(entities, m, Attribution::Pronoun));
        }
        if let Some(c) = ROLE.captures(w) {
            let role = c[1].split_whitespace().last().unwrap_or("").to_lowercase();
            return role_person(article, entities, &role, q.outer.start.min(window.start))
                .or_else(|| antecedent(article, entities, sexes, quotes, q.outer.start, None))
                .map(|m| speaker_of(entities, m, Attribution::Role));
        }
    }
    // no attribution: continue the previous quote's speaker when it is close
    let prev = i.checked_sub(1).map(|p| &quotes[p])?;
    let gap = &text[prev.outer.end..q.outer.start];
    (gap.matches('\n').count() <= 1 && gap.len() < 400)
        .then(|| prev.speaker.clone())
        .flatten()
        .map(|s| Speaker {
            how: Attribution::Continued,
            ..s
        })
}

static NAME_VERB: LazyLock<Regex> = LazyLock::new(|| {
    let name =
        |g: &str| format!(r"(?P<{g}>(?:\p{{Lu}}[\p{{L}}'’.-]+\s+){{0,3}}\p{{Lu}}[\p{{L}}'’.-]+)");
    let verb = r"(?:said|says|added|told|explained|stated|noted|confirmed|warned|wrote|tweeted|insisted|declared|announced)";
    Regex::new(&format!(
        r"{}\s*(?:,[^,“”\x22]{{1,60}},\s*)?{verb}(?-u:\b)|(?-u:\b){verb}\s+{}",
        name("before"),
        name("after")
    ))
    .unwrap()
});

/// A capitalised name right before or after a speech verb, for names the
/// model missed ("Mayor Ana Ruiz said"): titles are dropped and the name is
/// matched to a known person (in full or by surname) when there is one.
fn name_next_to_verb(entities: &Entities, window: &str) -> Option<Speaker> {
    let c = NAME_VERB.captures(window)?;
    let raw = c.name("before").or_else(|| c.name("after"))?.as_str();
    let words: Vec<&str> = raw
        .split_whitespace()
        .skip_while(|w| super::entities::is_title(w))
        .collect();
    let name = words.join(" ");
    if name.is_empty()
        || matches!(
            name.as_str(),
            "He" | "She" | "They" | "It" | "The" | "We" | "I"
        )
    {
        return None;
    }
    let key = super::fold::name_key(&name);
    // (the name itself, else the person of that surname named most)
    let known = entities
        .canonical
        .iter()
        .filter(|c| {
            c.group == Group::Person
                && (c.key == key
                    || c.key.ends_with(&format!(" {key}"))
                    || key.ends_with(&format!(" {}", c.key)))
        })
        .max_by_key(|c| (c.key == key, c.mentions.len()));
    Some(match known {
        Some(c) => Speaker {
            name: c.name.clone(),
            key: c.key.clone(),
            how: Attribution::Named,
        },
        None => Speaker {
            name,
            key,
            how: Attribution::Named,
        },
    })
}

/// Where words are posted, not who says them (entity keys).
const PLATFORMS: &[&str] = &[
    "twitter",
    "facebook",
    "instagram",
    "youtube",
    "snapchat",
    "tiktok",
    "reddit",
    "linkedin",
];

fn is_platform(entities: &Entities, m: &super::entities::Mention) -> bool {
    PLATFORMS.contains(&entities.canonical[m.canonical].key.as_str())
}

static PRONOUN_AT_VERB: LazyLock<Regex> = LazyLock::new(|| {
    let verb = r"(?:said|says|added|adds|told|explained|stated|noted|confirmed|warned|wrote|writes|tweeted|insisted|declared|announced|continued)";
    Regex::new(&format!(
        r"(?i)(?-u:\b)(?:(?:he|she)\s+(?:also\s+|later\s+)?{verb}|{verb}\s+(?:he|she))(?-u:\b)"
    ))
    .unwrap()
});

/// True when a name is used as a modifier ("the Bad Romance singer", "a
/// Trump supporter"): right after an article.
fn is_modifier(text: &str, span: Span) -> bool {
    let before = text[..span.start].trim_end_matches(' ').to_lowercase();
    ["the", "a", "an"].iter().any(|w| {
        before.ends_with(w)
            && before[..before.len() - w.len()]
                .chars()
                .last()
                .is_none_or(|c| !c.is_alphanumeric())
            && text[..span.start].ends_with(' ')
    })
}

/// How far after a name its sex clue ("as she takes the stage") may be
/// (bytes).
const SEX_CLUE_REACH: usize = 80;

/// The sex each canonical person's titles in the article give ("Mr
/// Trump": male, `Some(true)`; "Mrs", "Ms", "Miss": female), else the
/// pronoun that follows a mention in its sentence with no other person
/// between ("Hillary Clinton gestures as she takes the stage"); `None` when
/// nothing tells or the article's clues do not agree two to one; by
/// canonical index.
fn sexes(text: &str, entities: &Entities) -> Vec<Option<bool>> {
    let mut titled = vec![None; entities.canonical.len()];
    // (male clues, female clues) from pronouns
    let mut told = vec![(0usize, 0usize); entities.canonical.len()];
    for (k, m) in entities.mentions.iter().enumerate() {
        if m.group != Group::Person {
            continue;
        }
        if titled[m.canonical].is_none() {
            titled[m.canonical] = match word_before(text, m.span) {
                "Mr" | "Mister" | "Sir" => Some(true),
                "Mrs" | "Ms" | "Miss" | "Dame" => Some(false),
                _ => None,
            };
        }
        // the rest of the sentence, up to the next person named (mentions
        // are in text order: only those in the next 80 bytes are looked at)
        let reach = m.span.end + SEX_CLUE_REACH;
        let next_person = entities.mentions[k + 1..]
            .iter()
            .take_while(|n| n.span.start < reach)
            .find(|n| n.group == Group::Person && n.canonical != m.canonical)
            .map(|n| n.span.start)
            .unwrap_or(text.len());
        let rest = head(
            &text[m.span.end..],
            reach.min(next_person).saturating_sub(m.span.end),
        );
        let rest = &rest[..rest
            .find(['.', '!', '?', '\n', '"', '“', '”'])
            .unwrap_or(rest.len())];
        let words: Vec<&str> = rest
            .split(|c: char| !c.is_alphabetic())
            .filter(|w| !w.is_empty())
            .collect();
        let he = words.contains(&"he");
        let she = words.contains(&"she");
        match (he, she) {
            (true, false) => told[m.canonical].0 += 1,
            (false, true) => told[m.canonical].1 += 1,
            _ => {}
        }
    }
    titled
        .into_iter()
        .zip(told)
        .map(|(t, (male, female))| {
            // (scraped text runs captions into sentences: "the Clinton
            // email probe … But he also delivered", so one clue may be
            // wrong; the clues must agree two to one)
            t.or(if male > 0 && male >= 2 * female {
                Some(true)
            } else if female > 0 && female >= 2 * male {
                Some(false)
            } else {
                None
            })
        })
        .collect()
}

/// The first `n` bytes of a text at most, cut at a character boundary.
fn head(text: &str, n: usize) -> &str {
    let mut end = n.min(text.len());
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

/// The word right before a span ("Mr" of "Mr Trump", "about" of "about
/// Clinton"), empty when none.
fn word_before(text: &str, span: Span) -> &str {
    text[..span.start]
        .trim_end()
        .rsplit(|c: char| !c.is_alphabetic())
        .next()
        .unwrap_or("")
}

/// True when a name is a possessor ("despite Comey's actions"): the one
/// who owns a thing is rarely who speaks.
/// (the model's span may hold the "'s" itself)
fn is_possessor(text: &str, span: Span) -> bool {
    let name = &text[span.start..span.end];
    let after = &text[span.end..];
    name.ends_with("'s")
        || name.ends_with("’s")
        || after.starts_with("'s")
        || after.starts_with("’s")
        || (name.ends_with('s') && after.starts_with("' "))
}

/// How far before a quote its pronoun's person may be named (bytes).
const ANTECEDENT_REACH: usize = 3000;

/// Who "he" or "she" before a quote is: the last person named before
/// `before` outside every quote, not as a modifier, and of the pronoun's
/// sex where a title tells it (`she`: `Some(true)` for "she").
fn antecedent<'e>(
    article: &Article,
    entities: &'e Entities,
    sexes: &[Option<bool>],
    quotes: &[Quote],
    before: usize,
    she: Option<bool>,
) -> Option<&'e super::entities::Mention> {
    let text = &article.body;
    // (quotes and mentions are in text order: the quote a mention could be
    // inside is the last one starting before it)
    let in_quote = |sp: Span| {
        let k = quotes.partition_point(|q| q.span.start <= sp.start);
        k > 0 && quotes[k - 1].span.contains(sp)
    };
    let fits = |m: &&super::entities::Mention| {
        m.group == Group::Person
            && m.span.end <= before
            && !is_platform(entities, m)
            && !in_quote(m.span)
            && !is_modifier(text, m.span)
            && match (she, sexes.get(m.canonical).copied().flatten()) {
                (Some(she), Some(male)) => she != male,
                _ => true,
            }
    };
    // (one named as the object of a preposition is rarely who goes on to
    // speak: "Paul Ryan insisted … about Clinton. «…,» he said")
    let after_preposition = |m: &&super::entities::Mention| {
        let word = word_before(text, m.span).to_lowercase();
        matches!(
            word.as_str(),
            "about" | "with" | "to" | "for" | "against" | "of" | "on" | "at" | "from" | "than"
        )
    };
    let end = entities.mentions.partition_point(|m| m.span.start < before);
    let mut named = entities.mentions[..end]
        .iter()
        .rev()
        .take_while(|m| m.span.start + ANTECEDENT_REACH > before)
        .filter(fits);
    named
        .clone()
        .find(|m| !after_preposition(m) && !is_possessor(text, m.span))
        .or_else(|| named.next())
}

/// The last person named before `before` right next to the role word
/// ("spokeswoman Maria Okafor", "Maria Okafor, the authority's spokesperson").
fn role_person<'e>(
    article: &Article,
    entities: &'e Entities,
    role: &str,
    before: usize,
) -> Option<&'e super::entities::Mention> {
    let stem = role
        .trim_end_matches("man")
        .trim_end_matches("woman")
        .trim_end_matches("person");
    entities
        .mentions
        .iter()
        .filter(|m| m.group == Group::Person && m.span.end <= before)
        .rev()
        .find(|m| {
            // the role right before the name ("President-elect Tom Varga",
            // "spokeswoman Maria Okafor") or in apposition after it
            // ("Maria Okafor, the authority's spokesperson,")
            let body = &article.body;
            let before = body[..m.span.start]
                .split_whitespace()
                .rev()
                .take(3)
                .any(|w| w.to_lowercase().contains(stem));
            let after = body[m.span.end..]
                .strip_prefix(',')
                .map(|rest| {
                    // (the apposition: up to its comma, 80 bytes at most)
                    let rest = head(rest, 80);
                    let end = rest.find([',', '.', '(', '\n']).unwrap_or(rest.len());
                    rest[..end].to_lowercase().contains(stem)
                })
                .unwrap_or(false);
            before || after
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::{RawArticle, build_article};
    use crate::nlp::entities::recognize;

    fn quotes(body: &str) -> Vec<(String, Option<String>)> {
        let a = build_article(RawArticle {
            body: body.into(),
            ..Default::default()
        });
        let e = recognize(&a.body, &[]);
        find_quotes(&a, &e)
            .into_iter()
            .map(|q| (a.text(q.span).to_string(), q.speaker.map(|s| s.name)))
            .collect()
    }

    #[test]
    fn attribution_after_and_before() {
        let q = quotes(
            "“We will rebuild the bridge,” Mayor Ana Ruiz said on Monday.\nAna Ruiz added: \"The money is there already.\"",
        );
        assert_eq!(
            q[0],
            (
                "We will rebuild the bridge,".into(),
                Some("Ana Ruiz".into())
            )
        );
        assert_eq!(q[1].1.as_deref(), Some("Ana Ruiz"));
        let q = quotes("The council met. “It was a long night for all of us,” said Tom Reyes.");
        assert_eq!(q[0].1.as_deref(), Some("Tom Reyes"));
    }

    #[test]
    fn two_apostrophes_close_a_double_or_an_outer_single_quote() {
        // invented
        let q = quotes(
            "The review called the plan \"badly flawed and reckless'' but legal at the time. Nora Bell has said nothing since.",
        );
        assert_eq!(q[0].0, "badly flawed and reckless");
        assert_eq!(q.len(), 1, "{q:?}");
        let q = quotes(
            "Tom Reyes wrote: 'Who backs the man who says 'the river is mine?'' Nobody in this town does.",
        );
        assert!(q[0].0.ends_with("the river is mine?"), "{q:?}");
        assert!(!q.iter().any(|(t, _)| t.contains("Nobody")), "{q:?}");
    }

    #[test]
    fn a_possessive_apart_from_its_name_opens_no_quote() {
        // invented
        let q = quotes(
            "She hit out at Tom Reyes 's record as a landlord. \"She kept going and kept fighting,\" Nora Bell said.",
        );
        assert_eq!(q.len(), 1, "{q:?}");
        assert_eq!(q[0].0, "She kept going and kept fighting,");
    }

    #[test]
    fn a_stray_single_mark_before_a_double_quote_is_dropped() {
        // invented
        let q = quotes(
            "Nora Bell praised the mayor. '\"I look forward to working with him on the budget,\" said Tom Reyes. \"He explained the whole plan to me.\" The Correspondents' dinner went on.",
        );
        assert_eq!(
            q[0],
            (
                "I look forward to working with him on the budget,".into(),
                Some("Tom Reyes".into())
            ),
            "{q:?}"
        );
        assert_eq!(q[1].0, "He explained the whole plan to me.", "{q:?}");
        // a single quote around a double one is kept
        let q = quotes("Tom Reyes wrote: '\"We will be heard tonight,\"' and left the hall.");
        assert!(q[0].0.starts_with('"'), "{q:?}");
    }

    #[test]
    fn an_introduced_quote_is_not_credited_to_the_next_sentence() {
        let q = quotes(
            "Martin Bamford was on the tram. Asked about the driver, he said: \"I asked him if he was okay.\" London mayor Sadiq Khan, who visited the scene, warned the toll \"may well rise\".",
        );
        assert_eq!(q[0].1.as_deref(), Some("Martin Bamford"));
    }

    #[test]
    fn the_speaker_is_the_person_at_the_speech_verb() {
        let q = quotes(
            "As it became clear that Alan Brewer would win the vote, Mara Lindqvist tweeted: \"We will be heard tonight.\"",
        );
        assert_eq!(q[0].1.as_deref(), Some("Mara Lindqvist"));
    }

    #[test]
    fn pronouns_and_roles_resolve_to_named_people() {
        let q = quotes(
            "Jack Smith, the agency's spokesman, spoke to reporters.\n“We saw nothing unusual at all,” he said.\n“The line is safe again,” the spokesman said.",
        );
        assert_eq!(q[0].1.as_deref(), Some("Jack Smith"));
        assert_eq!(q[1].1.as_deref(), Some("Jack Smith"));
        // invented: the role beside a name, not any name near the word
        let q = quotes(
            "Spokesman Tom Varga met Ella Stroud on Monday. “The line is safe again,” the spokesman said.",
        );
        assert_eq!(q[0].1.as_deref(), Some("Tom Varga"), "{q:?}");
        // an organisation whose name begins with "The" still speaks
        let q = quotes("The Ledger said: “We stand by every word of the report.”");
        assert!(
            q[0].1.as_deref().is_some_and(|s| s.ends_with("Ledger")),
            "{q:?}"
        );
    }

    #[test]
    fn multi_sentence_multi_paragraph_and_unclosed_quotes() {
        let q = quotes(
            "“The water rose fast. We had no time to move the cars.\n“By midnight the street was a river,” said Lena Marsh.\nShe said “the town will need months",
        );
        assert_eq!(q.len(), 2, "{q:?}");
        assert!(q[0].0.contains("We had no time") && q[0].0.contains("street was a river"));
        assert_eq!(q[0].1.as_deref(), Some("Lena Marsh"));
        assert!(q[1].0.starts_with("the town will need months"));
    }

    #[test]
    fn a_quote_that_ends_its_sentence_is_not_credited_by_what_follows() {
        // invented
        let q = quotes(
            "“The talks went well,” the governor, Rosa Fenn, said. “We covered a lot of ground.” Image caption Aides wait outside. Spokesman Paul Dorne said the two sides would meet again.",
        );
        assert_eq!(q[1].1.as_deref(), Some("Rosa Fenn"), "{q:?}");
        let q = quotes(
            "Police Chief Ian Holt spoke at the scene. He said “It is not linked to the march at all. It was a private quarrel.” CITY TIMES Officers closed the street.",
        );
        assert_eq!(q[0].1.as_deref(), Some("Ian Holt"), "{q:?}");
    }

    #[test]
    fn a_pronoun_at_the_verb_is_the_speaker_and_agrees_in_sex() {
        // invented
        let q = quotes(
            "“It was a great honour being with you,” Tom Varga said, calling Ella Stroud “a very good leader.”",
        );
        assert_ne!(q[1].1.as_deref(), Some("Ella Stroud"), "{q:?}");
        let q = quotes(
            "“I look forward to working with you,” Tom Varga said. “It was an honour,” he added, calling Ella Stroud “a very good leader.”",
        );
        assert_eq!(q[1].1.as_deref(), Some("Tom Varga"), "{q:?}");
        // (and the words he calls her are his: "he" is named before "he")
        assert_eq!(q[2].1.as_deref(), Some("Tom Varga"), "{q:?}");
        // "she" is not the man named last, nor a name inside a quote
        let q = quotes(
            "Lena Hart voted early. She urged fans to back “the braver Anna Kole” as votes for Mr Ben Ross came in. “Stand up for kindness and hope, nothing will stop us,” she wrote.",
        );
        assert_eq!(q.last().unwrap().1.as_deref(), Some("Lena Hart"), "{q:?}");
    }

    #[test]
    fn a_pronoun_after_a_name_tells_its_sex() {
        // invented: no title tells who is a woman, "as she" after the name
        // does, so "he said" is not hers
        let q = quotes(
            "Tom Varga spoke first. Candidate Ella Stroud waves as she takes the stage. “The system is rigged against us,” he told supporters.",
        );
        assert_eq!(q[0].1.as_deref(), Some("Tom Varga"), "{q:?}");
    }

    #[test]
    fn a_possessor_is_not_the_speaker() {
        // invented
        let q = quotes(
            "Tom Varga spoke at a rally. The nominee also insisted that despite Ella Stroud's ruling, “the clerks will not let this pass unchallenged”.",
        );
        assert_eq!(q[0].1.as_deref(), Some("Tom Varga"), "{q:?}");
    }

    #[test]
    fn a_pronoun_is_not_the_object_of_a_preposition_before_it() {
        // invented
        let q = quotes(
            "Speaker Dan Ruel also insisted the ruling should not change minds about Vera Quist. “The finding stands and it is a serious one,” he said.",
        );
        assert_eq!(q[0].1.as_deref(), Some("Dan Ruel"), "{q:?}");
    }

    #[test]
    fn a_platform_is_not_a_speaker() {
        // invented
        let q = quotes(
            "Mara Lindqvist staged a protest outside the tower. At midnight, she had taken to Twitter and wrote: “Say a prayer for the town tonight.”",
        );
        assert_eq!(q[0].1.as_deref(), Some("Mara Lindqvist"), "{q:?}");
    }

    #[test]
    fn a_name_used_as_a_modifier_does_not_speak() {
        // invented
        let q = quotes(
            "As the results came in, the Silver Rain singer tweeted: “In a room full of hope, we will be heard.”",
        );
        assert_ne!(q[0].1.as_deref(), Some("Silver Rain"), "{q:?}");
    }

    #[test]
    fn scare_quotes_and_apostrophes_are_not_quotes() {
        let q = quotes("The union leader ‘Red Ken’ spoke. It's the workers' view that he left.");
        assert!(q.is_empty(), "{q:?}");
        let q = quotes("'We are not leaving this town,' the mayor, Jo Park, said.");
        assert_eq!(q.len(), 1, "{q:?}");
        assert_eq!(q[0].1.as_deref(), Some("Jo Park"));
    }
}
