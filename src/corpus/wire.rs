//! Wire formats from news agencies: IPTC NewsML-G2 here (`newsItem`s, alone
//! or in a `newsMessage`), read with `quick-xml`; IPTC ninjs (JSON, 1.x and
//! 2.x) is read by the JSON loader, which knows its fields.
//!
//! From a `newsItem`: its `guid` and `version` (so a later version of an
//! item is known as such), `itemMeta` (`versionCreated`, `firstCreated`,
//! the provider), `contentMeta` (`headline`, `creator`/`contributor` names,
//! `contentCreated`, `infoSource`) and the text of the first `contentSet`
//! body: inline XHTML (`inlineXML`) as paragraphs, or plain `inlineData`.
//!
//! Entity references other than XML's five, character references and the
//! HTML named characters are dropped, never expanded: a DOCTYPE's entity
//! declarations are ignored, so a billion-laughs file stays small.

use super::SourceFormat;
use super::formats::FormatIssue;
use super::infer::RawArticle;
use quick_xml::events::{BytesStart, Event};

/// True when the start of an XML text is NewsML-G2.
pub fn looks_like_newsml(head: &str) -> bool {
    let head = &head[..head.floor_char_boundary(head.len().min(4096))];
    head.contains("<newsItem") || head.contains("<newsMessage") || head.contains(":newsItem")
}

#[derive(Default)]
struct Item {
    raw: RawArticle,
    headline: Option<String>,
    first_created: Option<String>,
    version_created: Option<String>,
    content_created: Option<String>,
    provider: Option<String>,
    info_source: Option<String>,
    body: String,
    has_body: bool,
}

/// Where the reader is inside a `newsItem`.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Field {
    None,
    Headline,
    VersionCreated,
    FirstCreated,
    ContentCreated,
    CreatorName,
    InfoSourceName,
    ProviderName,
}

fn attr(start: &BytesStart, name: &str) -> Option<String> {
    start.attributes().flatten().find_map(|a| {
        (a.key.local_name().as_ref() == name)
            .then(|| {
                a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
                    .ok()
                    .map(|v| v.trim().to_string())
            })
            .flatten()
    })
}

fn is_block(name: &str) -> bool {
    matches!(
        name,
        "p" | "div"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "li"
            | "blockquote"
            | "pre"
            | "br"
            | "tr"
            | "table"
            | "ul"
            | "ol"
            | "section"
            | "body"
    )
}

/// Parses a NewsML-G2 document: one article per `newsItem` with text.
pub fn parse_newsml(text: &str) -> (Vec<RawArticle>, Vec<FormatIssue>) {
    let mut reader = quick_xml::Reader::from_str(text);
    reader.config_mut().allow_dangling_amp = true;
    reader.config_mut().check_end_names = false;
    let mut items = Vec::new();
    let mut issues = Vec::new();
    let mut item: Option<Item> = None;
    let mut field = Field::None;
    // inside contentMeta (headline, creator) / itemMeta
    let mut in_content_meta = false;
    let mut in_item_meta = false;
    let mut in_creator = false;
    let mut in_info_source = false;
    let mut in_provider = false;
    // depth inside the first inlineXML / inlineData; skipping <head> etc.
    let mut in_body = false;
    let mut body_done = false;
    let mut skip_depth = 0usize;
    let mut plain = false;
    let mut creators: Vec<String> = Vec::new();
    let mut text_buf = String::new();
    loop {
        let event = match reader.read_event() {
            Ok(e) => e,
            Err(e) => {
                issues.push(FormatIssue {
                    line: Some(line_at(text, reader.buffer_position() as usize)),
                    message: format!("malformed XML: {e}"),
                });
                break;
            }
        };
        match event {
            Event::Eof => break,
            Event::Start(_) if skip_depth > 0 => skip_depth += 1,
            Event::Empty(_) if skip_depth > 0 => {}
            Event::End(_) if skip_depth > 0 => skip_depth -= 1,
            Event::Text(_) | Event::CData(_) | Event::GeneralRef(_) if skip_depth > 0 => {}
            Event::Start(ref s) | Event::Empty(ref s) => {
                let empty = matches!(event, Event::Empty(_));
                let name = s.local_name().as_ref().to_string();
                if name == "newsItem" {
                    let mut it = Item::default();
                    it.raw.guid = attr(s, "guid");
                    it.raw.version = attr(s, "version").and_then(|v| v.parse().ok());
                    item = Some(it);
                    in_body = false;
                    body_done = false;
                    creators.clear();
                    continue;
                }
                let Some(it) = item.as_mut() else { continue };
                if in_body {
                    if matches!(
                        name.as_str(),
                        "head" | "script" | "style" | "title" | "object" | "figcaption"
                    ) {
                        if !empty {
                            skip_depth = 1;
                        }
                    } else if is_block(&name) {
                        push_break(&mut it.body);
                    }
                    continue;
                }
                match name.as_str() {
                    "contentMeta" => in_content_meta = true,
                    "itemMeta" => in_item_meta = true,
                    "creator" | "contributor" if in_content_meta => {
                        in_creator = true;
                        if let Some(n) = attr(s, "literal").filter(|_| empty) {
                            creators.push(n);
                        }
                    }
                    "infoSource" if in_content_meta => {
                        in_info_source = true;
                        if let Some(n) = attr(s, "literal") {
                            it.info_source.get_or_insert(n);
                        }
                    }
                    "provider" if in_item_meta => {
                        in_provider = true;
                        if let Some(n) = attr(s, "literal").or_else(|| {
                            attr(s, "qcode").map(|q| {
                                q.split_once(':').map_or(q.clone(), |(_, v)| v.to_string())
                            })
                        }) {
                            it.provider.get_or_insert(n);
                        }
                    }
                    "headline" if in_content_meta && it.headline.is_none() => {
                        field = Field::Headline
                    }
                    "versionCreated" if in_item_meta => field = Field::VersionCreated,
                    "firstCreated" if in_item_meta => field = Field::FirstCreated,
                    "contentCreated" if in_content_meta => field = Field::ContentCreated,
                    "name" if in_creator => field = Field::CreatorName,
                    "name" if in_info_source => field = Field::InfoSourceName,
                    "name" if in_provider => field = Field::ProviderName,
                    "inlineXML" | "inlineData" if !body_done && !empty => {
                        in_body = true;
                        plain = name == "inlineData"
                            && !attr(s, "contenttype").is_some_and(|c| c.contains("html"));
                    }
                    _ => {}
                }
                if empty {
                    match name.as_str() {
                        "creator" | "contributor" => in_creator = false,
                        "infoSource" => in_info_source = false,
                        "provider" => in_provider = false,
                        _ => {}
                    }
                    field = Field::None;
                }
                text_buf.clear();
            }
            Event::End(ref e) => {
                let name = e.local_name().as_ref().to_string();
                if name == "newsItem" {
                    if let Some(it) = item.take() {
                        finish(it, &creators, &mut items, &mut issues);
                    }
                    continue;
                }
                let Some(it) = item.as_mut() else { continue };
                if in_body {
                    if name == "inlineXML" || name == "inlineData" {
                        in_body = false;
                        body_done = true;
                        it.has_body = true;
                    } else if is_block(&name) {
                        push_break(&mut it.body);
                    }
                    continue;
                }
                let value = super::infer::collapse_spaces(&text_buf);
                let value = (!value.is_empty()).then_some(value);
                match field {
                    Field::Headline => it.headline = value,
                    Field::VersionCreated => it.version_created = value,
                    Field::FirstCreated => it.first_created = value,
                    Field::ContentCreated => it.content_created = value,
                    Field::CreatorName => creators.extend(value),
                    Field::InfoSourceName => {
                        if it.info_source.is_none() {
                            it.info_source = value
                        }
                    }
                    Field::ProviderName => {
                        if let Some(v) = value {
                            it.provider = Some(v)
                        }
                    }
                    Field::None => {}
                }
                field = Field::None;
                text_buf.clear();
                match name.as_str() {
                    "contentMeta" => in_content_meta = false,
                    "itemMeta" => in_item_meta = false,
                    "creator" | "contributor" => in_creator = false,
                    "infoSource" => in_info_source = false,
                    "provider" => in_provider = false,
                    _ => {}
                }
            }
            Event::Text(t) => {
                let s = t.xml10_content();
                if in_body {
                    if let Some(it) = item.as_mut() {
                        if plain {
                            for (i, para) in s.split("\n\n").enumerate() {
                                if i > 0 {
                                    push_break(&mut it.body);
                                }
                                push_text(&mut it.body, para);
                            }
                        } else {
                            push_text(&mut it.body, &s);
                        }
                    }
                } else if field != Field::None {
                    text_buf.push_str(&s);
                }
            }
            Event::CData(t) => {
                let s = t.xml10_content();
                if in_body {
                    if let Some(it) = item.as_mut() {
                        // CDATA inside a body is usually escaped HTML
                        let text = super::html::html_to_paragraphs(&s);
                        push_break(&mut it.body);
                        push_text(&mut it.body, &text);
                        push_break(&mut it.body);
                    }
                } else if field != Field::None {
                    text_buf.push_str(&s);
                }
            }
            Event::GeneralRef(r) => {
                let resolved: Option<String> = if r.is_char_ref() {
                    r.resolve_char_ref().ok().flatten().map(String::from)
                } else {
                    let name: &str = &r;
                    quick_xml::escape::resolve_predefined_entity(name)
                        .or_else(|| quick_xml::escape::resolve_html5_entity(name))
                        .map(str::to_string)
                };
                if let Some(s) = resolved {
                    if in_body {
                        if let Some(it) = item.as_mut() {
                            push_text(&mut it.body, &s);
                        }
                    } else if field != Field::None {
                        text_buf.push_str(&s);
                    }
                }
            }
            _ => {}
        }
    }
    if let Some(it) = item.take() {
        issues.push(FormatIssue {
            line: None,
            message: "the last newsItem is not closed".into(),
        });
        finish(it, &creators, &mut items, &mut issues);
    }
    if items.is_empty() && issues.is_empty() {
        issues.push(FormatIssue {
            line: None,
            message: "no newsItem with text found".into(),
        });
    }
    (items, issues)
}

fn finish(
    it: Item,
    creators: &[String],
    items: &mut Vec<RawArticle>,
    issues: &mut Vec<FormatIssue>,
) {
    let body = tidy_body(&it.body);
    if body.is_empty() {
        issues.push(FormatIssue {
            line: None,
            message: format!(
                "newsItem {}: skipped: no text in its contentSet",
                it.raw.guid.as_deref().unwrap_or("without guid")
            ),
        });
        return;
    }
    let mut raw = it.raw;
    raw.title = it.headline;
    raw.body = body;
    raw.published = it
        .first_created
        .or(it.content_created)
        .or(it.version_created.clone());
    raw.updated = it.version_created;
    raw.outlet = it.info_source.or(it.provider);
    raw.authors = creators.to_vec();
    raw.format = SourceFormat::NewsmlG2;
    raw.provenance = super::Provenance::File;
    raw.record = Some(items.len() + 1);
    items.push(raw);
}

fn push_break(body: &mut String) {
    let trimmed = body.trim_end_matches(' ').len();
    body.truncate(trimmed);
    if !body.is_empty() && !body.ends_with("\n\n") {
        body.push_str(if body.ends_with('\n') { "\n" } else { "\n\n" });
    }
}

fn push_text(body: &mut String, text: &str) {
    let starts_space = text.starts_with(char::is_whitespace);
    let ends_space = text.ends_with(char::is_whitespace);
    let mut words = text.split_whitespace().peekable();
    if words.peek().is_none() {
        if (starts_space || ends_space) && !body.is_empty() && !body.ends_with([' ', '\n']) {
            body.push(' ');
        }
        return;
    }
    if starts_space && !body.is_empty() && !body.ends_with([' ', '\n']) {
        body.push(' ');
    }
    let mut first = true;
    for w in words {
        if !first {
            body.push(' ');
        }
        body.push_str(w);
        first = false;
    }
    if ends_space {
        body.push(' ');
    }
}

/// Paragraphs trimmed, at most one blank line between them.
fn tidy_body(body: &str) -> String {
    body.split("\n\n")
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join("\n\n")
}

fn line_at(text: &str, pos: usize) -> usize {
    let pos = pos.min(text.len());
    memchr::memchr_iter(b'\n', &text.as_bytes()[..pos]).count() + 1
}

#[cfg(test)]
mod tests {
    use super::*;

    pub const ITEM: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<newsMessage xmlns="http://iptc.org/std/nar/2006-10-01/">
 <header><sent>2024-03-02T10:00:00Z</sent></header>
 <itemSet>
  <newsItem guid="urn:newsml:wire.example:20240302:ferry" version="2" standard="NewsML-G2" standardversion="2.29">
   <catalogRef href="http://www.iptc.org/std/catalog/catalog.IPTC-G2-Standards_38.xml"/>
   <itemMeta>
    <itemClass qcode="ninat:text"/>
    <provider qcode="nprov:WIRE"><name>Wire Agency</name></provider>
    <versionCreated>2024-03-02T09:45:00Z</versionCreated>
    <firstCreated>2024-03-02T08:10:00Z</firstCreated>
    <pubStatus qcode="stat:usable"/>
   </itemMeta>
   <contentMeta>
    <contentCreated>2024-03-02T08:00:00Z</contentCreated>
    <creator><name>Ana Ruiz</name></creator>
    <headline>Ferry capsizes off coast, 12 dead</headline>
   </contentMeta>
   <contentSet>
    <inlineXML contenttype="application/xhtml+xml">
     <html xmlns="http://www.w3.org/1999/xhtml"><head><title>Ferry</title></head>
      <body><p>A ferry carrying 140 people capsized on Saturday, killing at least 12 &amp; injuring 30.</p>
      <p>Rescue boats pulled 96 survivors from the water.&#160;Search goes on.</p></body></html>
    </inlineXML>
   </contentSet>
  </newsItem>
 </itemSet>
</newsMessage>"#;

    #[test]
    fn news_item_fields() {
        assert!(looks_like_newsml(ITEM));
        let (items, issues) = parse_newsml(ITEM);
        assert!(issues.is_empty(), "{issues:?}");
        assert_eq!(items.len(), 1);
        let a = &items[0];
        assert_eq!(
            a.guid.as_deref(),
            Some("urn:newsml:wire.example:20240302:ferry")
        );
        assert_eq!(a.version, Some(2));
        assert_eq!(
            a.title.as_deref(),
            Some("Ferry capsizes off coast, 12 dead")
        );
        assert_eq!(a.outlet.as_deref(), Some("Wire Agency"));
        assert_eq!(a.authors, vec!["Ana Ruiz"]);
        assert_eq!(a.published.as_deref(), Some("2024-03-02T08:10:00Z"));
        assert_eq!(a.updated.as_deref(), Some("2024-03-02T09:45:00Z"));
        assert_eq!(
            a.body,
            "A ferry carrying 140 people capsized on Saturday, killing at least 12 & injuring 30.\n\nRescue boats pulled 96 survivors from the water. Search goes on."
        );
        assert_eq!(a.format, SourceFormat::NewsmlG2);
    }

    #[test]
    fn plain_inline_data_and_bad_xml() {
        let xml = r#"<newsItem guid="g1" version="1"><contentMeta><headline>H</headline></contentMeta>
<contentSet><inlineData contenttype="text/plain">Line one of the story.

Second paragraph.</inlineData></contentSet></newsItem>"#;
        let (items, issues) = parse_newsml(xml);
        assert!(issues.is_empty(), "{issues:?}");
        assert_eq!(items[0].body, "Line one of the story.\n\nSecond paragraph.");
        let (items, issues) = parse_newsml("<newsItem guid=\"x\"><contentSet><inlineXML><p>Text");
        assert!(items.len() <= 1);
        assert!(!issues.is_empty());
        let (items, issues) = parse_newsml("<newsItem guid=\"x\"></newsItem>");
        assert!(items.is_empty());
        assert!(issues[0].message.contains("no text"), "{issues:?}");
    }

    #[test]
    fn billion_laughs_is_not_expanded() {
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
        bomb.push_str("]>\n<newsItem guid=\"b\"><contentMeta><headline>&lol9;</headline></contentMeta><contentSet><inlineXML><p>Text &lol9; here.</p></inlineXML></contentSet></newsItem>");
        let (items, _) = parse_newsml(&bomb);
        assert_eq!(items.len(), 1);
        assert_eq!(items[0].body, "Text here.");
        assert!(items[0].title.is_none());
    }
}
