//! Quotes as an editor reads them: one row per quote (the same words carried
//! twice by one article, "…hero," and "…hero.", are one quote), one speaker
//! per canonical name ("All Nippon Airways", "All-Nippon Airways" and
//! "Nippon" are one), and speakers that are organisations or outlets told
//! apart from people.
//!
//! Built over the story's quote groups (see
//! [`crate::compare::claims::StoryClaims`]) for the quotes screen and the
//! report alike, so both name the same quotes the same way.

use crate::compare::claims::StoryClaims;
use crate::corpus::Article;
use crate::nlp::Analysis;
use crate::nlp::entities::Group;
use crate::nlp::fold::name_key;
use std::collections::HashMap;

/// A quote of the story.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MergedQuote {
    /// The speaker's fullest name, when attributed.
    pub speaker: Option<String>,
    /// The speaker is an organisation or an outlet, not a person.
    pub speaker_is_org: bool,
    /// The fullest wording, without quote marks around it.
    pub text: String,
    /// (article, quote index in its analysis): one per article, in the
    /// order of the story's groups (the first is the one verdicts are kept on).
    pub carriers: Vec<(usize, usize)>,
}

/// Text without the quote marks around it, so a view that adds its own
/// never shows them doubled (`““ANA…”`).
pub fn unquoted(text: &str) -> &str {
    const MARKS: &[char] = &['“', '”', '"', '‘', '’', '«', '»', '„', '\''];
    text.trim()
        .trim_start_matches(MARKS)
        .trim_end_matches(MARKS)
        .trim()
}

/// The words of a quote, for telling two wordings of it apart: letters
/// and digits, folded.
fn words_key(text: &str) -> String {
    crate::nlp::fold::fold(text)
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Maps each speaker name to the fullest name it stands for: names whose
/// folded words are the same ("All-Nippon Airways"), or the trailing or
/// leading words of exactly one longer name ("Nippon Airways", "Nippon" in
/// "All Nippon Airways"), become that name. A short name two longer names
/// could stand for is left as it is.
pub fn speaker_forms<'a>(names: impl IntoIterator<Item = &'a str>) -> HashMap<String, String> {
    let mut by_key: HashMap<String, String> = HashMap::new();
    for n in names {
        let k = name_key(n);
        if k.is_empty() {
            continue;
        }
        let e = by_key.entry(k).or_insert_with(|| n.to_string());
        // the fullest spelling seen (the first of equal length)
        if n.chars().count() > e.chars().count() {
            *e = n.to_string();
        }
    }
    let keys: Vec<String> = by_key.keys().cloned().collect();
    let mut out = HashMap::new();
    for k in &keys {
        let words: Vec<&str> = k.split(' ').collect();
        let longer: Vec<&String> = keys
            .iter()
            .filter(|o| {
                let ow: Vec<&str> = o.split(' ').collect();
                ow.len() > words.len() && ow.windows(words.len()).any(|w| w == words.as_slice())
            })
            .collect();
        // the longest names containing it, when they are all one name
        let target = match longer.as_slice() {
            [] => k,
            many => {
                let longest = many.iter().max_by_key(|o| o.len()).expect("non-empty");
                let all_inside = many.iter().all(|o| {
                    let ow: Vec<&str> = o.split(' ').collect();
                    let lw: Vec<&str> = longest.split(' ').collect();
                    lw.windows(ow.len()).any(|w| w == ow.as_slice())
                });
                if all_inside { longest } else { k }
            }
        };
        out.insert(k.clone(), by_key[target].clone());
    }
    out
}

/// Whether a speaker is an organisation or an outlet: named like one of the
/// story's outlets, or known to an article naming it only as an
/// organisation, a group or a place.
fn is_org(key: &str, outlets: &[String], articles: &[usize], analyses: &[&Analysis]) -> bool {
    if outlets
        .iter()
        .any(|o| o == key || o.contains(key) || key.contains(o.as_str()))
    {
        return true;
    }
    let mut person = false;
    let mut other = false;
    for &a in articles {
        for c in &analyses[a].entities.canonical {
            if c.key == key || c.key.ends_with(&format!(" {key}")) {
                match c.group {
                    Group::Person => person = true,
                    Group::Org | Group::Norp | Group::Place | Group::Other => other = true,
                    _ => {}
                }
            }
        }
    }
    other && !person
}

/// The story's quotes, merged as described in the module doc.
pub fn merged_quotes(
    sc: &StoryClaims,
    articles: &[&Article],
    analyses: &[&Analysis],
    members: &[usize],
) -> Vec<MergedQuote> {
    let speaker_of =
        |a: usize, qi: usize| analyses[a].quotes.get(qi).and_then(|q| q.speaker.as_ref());
    let names: Vec<&str> = sc
        .quotes
        .iter()
        .flat_map(|g| g.carriers.iter().filter_map(|&(a, qi)| speaker_of(a, qi)))
        .map(|s| s.name.as_str())
        .chain(sc.quotes.iter().filter_map(|g| g.speaker.as_deref()))
        .collect();
    let forms = speaker_forms(names);
    let outlets: Vec<String> = members
        .iter()
        .filter_map(|&m| articles[m].outlet.as_deref().map(name_key))
        .collect();
    let mut out: Vec<MergedQuote> = Vec::new();
    let mut keys: Vec<String> = Vec::new();
    for g in &sc.quotes {
        let speaker = g.speaker.as_deref().map(|s| {
            forms
                .get(&name_key(s))
                .cloned()
                .unwrap_or_else(|| s.to_string())
        });
        let text = unquoted(&g.text).to_string();
        let key = words_key(&text);
        // one article carrying one quote twice: once
        let mut carriers: Vec<(usize, usize)> = Vec::new();
        for &(a, qi) in &g.carriers {
            if !carriers.iter().any(|c| c.0 == a) {
                carriers.push((a, qi));
            }
        }
        let same = keys.iter().position(|k| *k == key).filter(|&i| {
            let s = &out[i].speaker;
            s.is_none() || speaker.is_none() || *s == speaker
        });
        match same {
            Some(i) => {
                let q = &mut out[i];
                for c in carriers {
                    if !q.carriers.iter().any(|x| x.0 == c.0) {
                        q.carriers.push(c);
                    }
                }
                if q.speaker.is_none() {
                    q.speaker = speaker;
                }
                if text.chars().count() > q.text.chars().count() {
                    q.text = text;
                }
            }
            None => {
                keys.push(key);
                out.push(MergedQuote {
                    speaker,
                    speaker_is_org: false,
                    text,
                    carriers,
                });
            }
        }
    }
    for q in &mut out {
        if let Some(s) = &q.speaker {
            let arts: Vec<usize> = q.carriers.iter().map(|c| c.0).collect();
            q.speaker_is_org = is_org(&name_key(s), &outlets, &arts, analyses);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_speaker_per_name() {
        let f = speaker_forms([
            "All Nippon Airways",
            "All-Nippon Airways",
            "Nippon",
            "Maria Okafor",
            "Okafor",
        ]);
        assert_eq!(f["all nippon airways"], "All Nippon Airways");
        assert_eq!(f["nippon"], "All Nippon Airways");
        assert_eq!(f["okafor"], "Maria Okafor");
        // a surname two people share stays as it is
        let f = speaker_forms(["John Smith", "Jane Smith", "Smith"]);
        assert_eq!(f["smith"], "Smith");
    }

    #[test]
    fn the_same_words_twice_in_one_article_are_one_quote() {
        let p = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("seeds");
        let mut d = crate::desk::Desk::from_report(crate::corpus::load_paths(
            &[p],
            &crate::corpus::LoadOptions::default(),
        ));
        d.compute_stories();
        let s = d.stories.as_ref().unwrap().story_of[d.find("000").unwrap()];
        let sc = d.claims_of(s);
        let members = d.stories.as_ref().unwrap().stories[s].articles.clone();
        let (articles, analyses) = d.refs();
        let q = merged_quotes(&sc, &articles, &analyses, &members);
        let hero: Vec<&MergedQuote> = q
            .iter()
            .filter(|q| q.text.contains("fallen hero"))
            .collect();
        assert_eq!(hero.len(), 1, "{q:#?}");
        assert!(q.len() < sc.quotes.len());
        assert!(q.iter().all(|q| !q.text.starts_with('“')));
    }
}
