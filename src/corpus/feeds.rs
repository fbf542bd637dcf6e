//! Feeds: RSS 0.9x, 1.0 and 2.0, Atom and JSON Feed, read with `feed-rs`.
//! Each item becomes an article: its title, link, dates and authors; the
//! feed's title as the outlet; the item's full content (`content:encoded`,
//! Atom `content`) or else its summary, as HTML turned into paragraphs by
//! the same code that reads web pages.
//!
//! XML entities declared in a DOCTYPE are never expanded (the parser has no
//! DTD support), so a billion-laughs file is an error, not a memory bomb.

use super::SourceFormat;
use super::formats::FormatIssue;
use super::infer::RawArticle;
use chrono::{DateTime, Utc};
use std::sync::{Arc, Mutex};

/// A feed's items, with the problems met.
#[derive(Debug, Default)]
pub struct ParsedFeed {
    pub title: Option<String>,
    pub items: Vec<RawArticle>,
    pub issues: Vec<FormatIssue>,
}

/// True when the start of a text looks like a feed (RSS, RDF, Atom or JSON
/// Feed) rather than another XML or JSON document.
pub fn looks_like_feed(head: &str) -> bool {
    let head = &head[..head.floor_char_boundary(head.len().min(4096))];
    head.contains("<rss")
        || head.contains("<rdf:RDF")
        || head.contains("<RDF")
        || (head.contains("<feed") && head.contains("http://www.w3.org/2005/Atom"))
        || head.contains("jsonfeed.org/version")
}

/// Parses a feed file's bytes.
pub fn parse_feed(bytes: &[u8]) -> ParsedFeed {
    let bad_dates: Arc<Mutex<Vec<String>>> = Arc::default();
    let seen = bad_dates.clone();
    let parser = feed_rs::parser::Builder::new()
        // No made-up ids: an item without a GUID is keyed by its link or text.
        .id_generator(|_, _, _| String::new())
        .sanitize_content(false)
        .timestamp_parser(move |text| {
            let parsed = parse_timestamp(text);
            if parsed.is_none()
                && let Ok(mut v) = seen.lock()
                && v.len() < 3
            {
                v.push(text.chars().take(40).collect());
            }
            parsed
        })
        .build();
    let mut out = ParsedFeed::default();
    let feed = match parser.parse(bytes) {
        Ok(f) => f,
        Err(e) => {
            out.issues.push(FormatIssue {
                line: None,
                message: format!("not a readable feed: {}", feed_error(&e)),
            });
            return out;
        }
    };
    let format = match feed.feed_type {
        feed_rs::model::FeedType::Atom => SourceFormat::Atom,
        feed_rs::model::FeedType::JSON => SourceFormat::JsonFeed,
        _ => SourceFormat::Rss,
    };
    let outlet = feed
        .title
        .as_ref()
        .map(|t| text_of(&t.content))
        .filter(|t| !t.is_empty());
    out.title = outlet.clone();
    for (n, entry) in feed.entries.into_iter().enumerate() {
        let title = entry
            .title
            .as_ref()
            .map(|t| text_of(&t.content))
            .filter(|t| !t.is_empty());
        let content = entry
            .content
            .as_ref()
            .and_then(|c| c.body.as_deref())
            .map(super::html::html_to_paragraphs)
            .unwrap_or_default();
        let summary = entry
            .summary
            .as_ref()
            .map(|s| super::html::html_to_paragraphs(&s.content))
            .unwrap_or_default();
        let body = if super::count_words(&content) >= super::count_words(&summary) {
            content
        } else {
            summary
        };
        let url = entry
            .links
            .iter()
            .find(|l| l.rel.as_deref().is_none_or(|r| r == "alternate"))
            .or(entry.links.first())
            .map(|l| l.href.trim().to_string())
            .filter(|h| !h.is_empty());
        if body.trim().is_empty() {
            out.issues.push(FormatIssue {
                line: None,
                message: format!(
                    "item {} ({}): skipped: no text",
                    n + 1,
                    title.as_deref().unwrap_or("untitled")
                ),
            });
            continue;
        }
        let guid = Some(entry.id.trim().to_string())
            .filter(|g| !g.is_empty())
            .or_else(|| url.clone());
        out.items.push(RawArticle {
            title,
            outlet: outlet.clone(),
            published: entry.published.or(entry.updated).map(|d| d.to_rfc3339()),
            updated: entry.updated.map(|d| d.to_rfc3339()),
            url,
            authors: entry
                .authors
                .iter()
                .filter_map(|p| p.name.as_deref().map(text_of))
                .filter(|n| !n.is_empty())
                .collect(),
            body,
            provenance: super::Provenance::File,
            format,
            guid,
            record: Some(n + 1),
            ..Default::default()
        });
    }
    if let Ok(bad) = bad_dates.lock()
        && !bad.is_empty()
    {
        out.issues.push(FormatIssue {
            line: None,
            message: format!(
                "unreadable date(s) left out: {}",
                bad.iter()
                    .map(|d| format!("\u{201c}{d}\u{201d}"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        });
    }
    if out.items.is_empty() && out.issues.is_empty() {
        out.issues.push(FormatIssue {
            line: None,
            message: "feed has no items".into(),
        });
    }
    out
}

fn feed_error(e: &feed_rs::parser::ParseFeedError) -> String {
    let s = e.to_string();
    let s = s.lines().next().unwrap_or("").trim().to_string();
    if s.is_empty() {
        "malformed feed".into()
    } else {
        s.chars().take(200).collect()
    }
}

/// Title text: markup removed, whitespace collapsed.
fn text_of(s: &str) -> String {
    if s.contains('<') || s.contains('&') {
        super::infer::collapse_spaces(&super::html::html_to_paragraphs(s))
    } else {
        super::infer::collapse_spaces(s)
    }
}

/// RFC 3339, RFC 2822 (with the usual variants), else a date alone.
fn parse_timestamp(text: &str) -> Option<DateTime<Utc>> {
    let t = text.trim();
    if let Ok(d) = DateTime::parse_from_rfc3339(t) {
        return Some(d.with_timezone(&Utc));
    }
    if let Ok(d) = DateTime::parse_from_rfc2822(t) {
        return Some(d.with_timezone(&Utc));
    }
    // "Mon, 02 Mar 2024 10:00:00 GMT" with a named zone chrono rejects, or
    // a date alone: keep the day.
    let date = super::infer::parse_date_loose(t)?;
    let naive = chrono::NaiveDate::from_ymd_opt(
        i32::from(date.year()),
        u32::try_from(date.month()).ok()?,
        u32::try_from(date.day()).ok()?,
    )?
    .and_hms_opt(0, 0, 0)?;
    Some(naive.and_utc())
}

#[cfg(test)]
mod tests {
    use super::*;

    const RSS: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel><title>Harbour Times</title><link>https://harbour.example/</link>
<item><title>Ferry capsizes off the coast</title><link>https://harbour.example/ferry</link>
<guid isPermaLink="false">ht-1001</guid><pubDate>Sat, 02 Mar 2024 08:00:00 GMT</pubDate>
<dc:creator>Ana Ruiz</dc:creator>
<description>Short summary.</description>
<content:encoded><![CDATA[<p>A ferry carrying 140 people capsized on Saturday.</p><p>Rescue boats pulled 96 survivors from the water.</p>]]></content:encoded>
</item>
<item><title>Dam breach</title><link>https://harbour.example/dam</link><pubDate>not a date</pubDate>
<description>&lt;p&gt;The dam gave way at dawn.&lt;/p&gt;</description></item>
<item><title>Empty</title><link>https://harbour.example/empty</link></item>
</channel></rss>"#;

    #[test]
    fn rss_items_become_articles() {
        let f = parse_feed(RSS.as_bytes());
        assert_eq!(f.title.as_deref(), Some("Harbour Times"));
        assert_eq!(f.items.len(), 2, "{:?}", f.issues);
        let a = &f.items[0];
        assert_eq!(a.title.as_deref(), Some("Ferry capsizes off the coast"));
        assert_eq!(a.outlet.as_deref(), Some("Harbour Times"));
        assert_eq!(a.guid.as_deref(), Some("ht-1001"));
        assert_eq!(a.url.as_deref(), Some("https://harbour.example/ferry"));
        assert_eq!(a.authors, vec!["Ana Ruiz"]);
        assert!(a.published.as_deref().unwrap().starts_with("2024-03-02"));
        assert_eq!(
            a.body,
            "A ferry carrying 140 people capsized on Saturday.\n\nRescue boats pulled 96 survivors from the water."
        );
        assert_eq!(a.format, SourceFormat::Rss);
        let b = &f.items[1];
        assert_eq!(b.body, "The dam gave way at dawn.");
        assert_eq!(b.guid.as_deref(), Some("https://harbour.example/dam"));
        assert!(b.published.is_none());
        let issues: Vec<&str> = f.issues.iter().map(|i| i.message.as_str()).collect();
        assert!(
            issues
                .iter()
                .any(|m| m.contains("item 3 (Empty): skipped: no text")),
            "{issues:?}"
        );
        assert!(
            issues
                .iter()
                .any(|m| m.contains("unreadable date(s)") && m.contains("not a date")),
            "{issues:?}"
        );
    }

    #[test]
    fn atom_and_json_feed() {
        let atom = r#"<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Wire Desk</title>
<id>urn:x</id><updated>2024-03-02T10:00:00Z</updated>
<entry><id>urn:wire:1</id><title type="html">Quake &amp;amp; aftershocks</title><updated>2024-03-02T10:00:00Z</updated>
<published>2024-03-01T22:00:00Z</published><author><name>Sam Okafor</name></author>
<link rel="alternate" href="https://wire.example/quake"/>
<content type="html">&lt;p&gt;A magnitude 6.1 quake struck.&lt;/p&gt;</content></entry></feed>"#;
        let f = parse_feed(atom.as_bytes());
        assert_eq!(f.items.len(), 1, "{:?}", f.issues);
        let a = &f.items[0];
        assert_eq!(a.format, SourceFormat::Atom);
        assert_eq!(a.title.as_deref(), Some("Quake & aftershocks"));
        assert_eq!(a.outlet.as_deref(), Some("Wire Desk"));
        assert!(a.published.as_deref().unwrap().starts_with("2024-03-01"));
        assert!(a.updated.as_deref().unwrap().starts_with("2024-03-02"));
        assert_eq!(a.body, "A magnitude 6.1 quake struck.");

        let json = r#"{"version":"https://jsonfeed.org/version/1.1","title":"JF News",
"items":[{"id":"jf-1","url":"https://jf.example/1","title":"Storm","content_html":"<p>Winds of 120 km/h.</p>",
"date_published":"2024-03-03T06:00:00Z","authors":[{"name":"Kim"}]}]}"#;
        assert!(looks_like_feed(json));
        let f = parse_feed(json.as_bytes());
        assert_eq!(f.items.len(), 1, "{:?}", f.issues);
        assert_eq!(f.items[0].format, SourceFormat::JsonFeed);
        assert_eq!(f.items[0].body, "Winds of 120 km/h.");
        assert_eq!(f.items[0].guid.as_deref(), Some("jf-1"));
    }

    #[test]
    fn billion_laughs_and_broken_xml_are_errors_not_bombs() {
        let mut bomb =
            String::from("<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [\n<!ENTITY lol \"lol\">\n");
        let mut prev = "lol".to_string();
        for i in 1..10 {
            let name = format!("lol{i}");
            bomb.push_str(&format!(
                "<!ENTITY {name} \"{}\">\n",
                format!("&{prev};").repeat(10)
            ));
            prev = name;
        }
        bomb.push_str("]>\n<rss version=\"2.0\"><channel><title>&lol9;</title><item><title>x</title><description>&lol9;</description></item></channel></rss>");
        let start = std::time::Instant::now();
        let f = parse_feed(bomb.as_bytes());
        assert!(start.elapsed().as_secs() < 2);
        for item in &f.items {
            assert!(item.body.len() < 1000, "entities expanded");
        }
        let f = parse_feed(b"<rss version=\"2.0\"><channel><item><title>unclosed");
        assert!(f.items.is_empty());
        assert!(!f.issues.is_empty());
        let f = parse_feed(b"just text");
        assert!(f.issues[0].message.starts_with("not a readable feed"));
    }
}
