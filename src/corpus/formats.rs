//! The file formats: plain text, Markdown with YAML or TOML front matter,
//! JSON (one article or an array, or `{"articles": [...]}`; IPTC ninjs items
//! are recognised by their fields) and JSON Lines. Each turns text into
//! [`RawArticle`]s and warnings; inference happens later. Web pages, feeds
//! and NewsML-G2 have modules of their own (`html`, `feeds`, `wire`).

use super::infer::RawArticle;
use super::{Provenance, SourceFormat};
use serde::Deserialize;

/// The kinds of file newsdesk reads, chosen by file extension (after
/// `.gz`); the content then decides between the formats a kind holds
/// (a `.json` file may be an article, ninjs or a JSON Feed; an `.xml` file
/// RSS, Atom or NewsML-G2).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Text,
    Markdown,
    Json,
    JsonLines,
    /// A saved web page.
    Html,
    /// XML: an RSS or Atom feed, or NewsML-G2.
    Xml,
}

impl Format {
    /// The format for a file name, looking through a `.gz` suffix.
    pub fn from_name(name: &str) -> Option<Format> {
        let lower = name.to_ascii_lowercase();
        let lower = lower.strip_suffix(".gz").unwrap_or(&lower);
        let ext = lower.rsplit_once('.').map(|(_, e)| e)?;
        Some(match ext {
            "txt" | "text" => Format::Text,
            "md" | "markdown" => Format::Markdown,
            "json" => Format::Json,
            "jsonl" | "ndjson" => Format::JsonLines,
            "html" | "htm" | "xhtml" => Format::Html,
            "xml" | "rss" | "atom" | "rdf" => Format::Xml,
            _ => return None,
        })
    }
}

/// A problem inside one file, with the 1-based line it is on if known.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FormatIssue {
    pub line: Option<usize>,
    pub message: String,
}

/// One string or number, as ids and dates come in JSON.
#[derive(Deserialize, Debug, Clone)]
#[serde(untagged)]
enum Scalar {
    Str(String),
    Int(i64),
    Float(f64),
}

impl Scalar {
    fn into_string(self) -> String {
        match self {
            Scalar::Str(s) => s,
            Scalar::Int(i) => i.to_string(),
            Scalar::Float(f) => f.to_string(),
        }
    }
}

/// A name given as a string or as an object with a `name` (schema.org style).
#[derive(Deserialize, Debug, Clone)]
#[serde(untagged)]
enum Named {
    Str(String),
    Obj { name: Option<String> },
}

impl Named {
    fn into_name(self) -> Option<String> {
        match self {
            Named::Str(s) => Some(s),
            Named::Obj { name } => name,
        }
    }
}

#[derive(Deserialize, Debug, Clone)]
#[serde(untagged)]
enum Authors {
    One(Named),
    Many(Vec<Named>),
}

/// A ninjs 2.x `headlines` / `bodies` entry.
#[derive(Deserialize, Debug, Clone)]
struct NinjsValue {
    value: Option<String>,
    role: Option<String>,
    contenttype: Option<String>,
}

/// The entry with role "main" (or none), else the first.
fn main_value(items: Vec<NinjsValue>) -> Option<NinjsValue> {
    let main = items
        .iter()
        .position(|v| v.role.as_deref().is_none_or(|r| r == "main"))
        .unwrap_or(0);
    items.into_iter().nth(main).filter(|v| v.value.is_some())
}

/// The fields newsdesk understands in a JSON article or front matter. Each
/// accepted name is its own field (so a record holding both `text` and
/// `body` is not an error); the first present in priority order wins.
#[derive(Deserialize, Debug, Default)]
#[allow(non_snake_case)]
struct Fields {
    id: Option<Scalar>,
    _id: Option<Scalar>,
    uuid: Option<Scalar>,
    guid: Option<Scalar>,
    title: Option<String>,
    headline: Option<String>,
    outlet: Option<Named>,
    source: Option<Named>,
    publisher: Option<Named>,
    site_name: Option<Named>,
    publication: Option<Named>,
    published: Option<Scalar>,
    date: Option<Scalar>,
    published_at: Option<Scalar>,
    publishedAt: Option<Scalar>,
    pubDate: Option<Scalar>,
    datePublished: Option<Scalar>,
    date_published: Option<Scalar>,
    url: Option<String>,
    link: Option<String>,
    permalink: Option<String>,
    canonical_url: Option<String>,
    authors: Option<Authors>,
    author: Option<Authors>,
    byline: Option<Authors>,
    creator: Option<Authors>,
    body: Option<String>,
    text: Option<String>,
    content: Option<String>,
    articleBody: Option<String>,
    article_body: Option<String>,
    full_text: Option<String>,
    maintext: Option<String>,
    description: Option<String>,
    summary: Option<String>,
    // IPTC ninjs (1.x and 2.x)
    uri: Option<String>,
    #[serde(rename = "$schema")]
    schema: Option<String>,
    body_text: Option<String>,
    body_html: Option<String>,
    bodies: Option<Vec<NinjsValue>>,
    headlines: Option<Vec<NinjsValue>>,
    versioncreated: Option<Scalar>,
    firstcreated: Option<Scalar>,
    version: Option<Scalar>,
    by: Option<Authors>,
    copyrightholder: Option<Named>,
    infosources: Option<Vec<Named>>,
    dateModified: Option<Scalar>,
    updated: Option<Scalar>,
}

fn first<T>(options: impl IntoIterator<Item = Option<T>>) -> Option<T> {
    options.into_iter().flatten().next()
}

fn non_empty(s: Option<String>) -> Option<String> {
    s.filter(|s| !s.trim().is_empty())
}

fn split_author_string(s: &str) -> Vec<String> {
    s.split([',', ';', '&'])
        .flat_map(|p| p.split(" and "))
        .map(|p| p.trim().to_string())
        .filter(|p| !p.is_empty())
        .collect()
}

impl Fields {
    /// True for an IPTC ninjs item: a `uri` and ninjs's own fields.
    fn is_ninjs(&self) -> bool {
        self.schema.as_deref().is_some_and(|s| s.contains("ninjs"))
            || self.uri.is_some()
                && (self.body_text.is_some()
                    || self.body_html.is_some()
                    || self.bodies.is_some()
                    || self.headlines.is_some()
                    || self.versioncreated.is_some())
    }

    /// Moves ninjs's fields where the common ones are read from.
    fn fold_ninjs(&mut self) -> Option<(String, Option<u32>, Option<String>)> {
        if !self.is_ninjs() {
            return None;
        }
        let html_body = self
            .body_html
            .take()
            .map(|h| super::html::html_to_paragraphs(&h));
        let main_body = self.bodies.take().and_then(main_value).and_then(|b| {
            let v = b.value?;
            Some(
                if b.contenttype.as_deref().is_some_and(|c| c.contains("html")) {
                    super::html::html_to_paragraphs(&v)
                } else {
                    v
                },
            )
        });
        let body = non_empty(self.body_text.take())
            .or(non_empty(html_body))
            .or(non_empty(main_body));
        if self.body.is_none() {
            self.body = body;
        }
        if self.headline.is_none() {
            self.headline = self
                .headlines
                .take()
                .and_then(main_value)
                .and_then(|h| h.value);
        }
        if self.published.is_none() {
            self.published = self.firstcreated.take().or(self.versioncreated.clone());
        }
        if self.byline.is_none() {
            self.byline = self.by.take();
        }
        if self.publisher.is_none() {
            self.publisher = self
                .copyrightholder
                .take()
                .or_else(|| self.infosources.take().and_then(|s| s.into_iter().next()));
        }
        let version = self
            .version
            .take()
            .and_then(|v| v.into_string().trim().parse::<u32>().ok());
        let updated = self.versioncreated.take().map(Scalar::into_string);
        Some((self.uri.take().unwrap_or_default(), version, updated))
    }

    /// Moves the understood fields into a raw article (body left as given).
    fn into_raw(mut self, body_required: bool) -> Result<RawArticle, String> {
        let ninjs = self.fold_ninjs();
        let updated =
            first([self.dateModified.take(), self.updated.take()]).map(Scalar::into_string);
        let body = non_empty(first([
            self.body,
            self.text,
            self.content,
            self.articleBody,
            self.article_body,
            self.full_text,
            self.maintext,
            self.description,
            self.summary,
        ]));
        if body_required && body.is_none() {
            return Err(
                "no article text (expected a \"body\", \"text\" or \"content\" field)".into(),
            );
        }
        let authors = match first([self.authors, self.author, self.byline, self.creator]) {
            None => Vec::new(),
            Some(Authors::One(n)) => n
                .into_name()
                .map(|s| split_author_string(&s))
                .unwrap_or_default(),
            Some(Authors::Many(v)) => v.into_iter().filter_map(Named::into_name).collect(),
        };
        Ok(RawArticle {
            id: first([self.id, self._id, self.uuid, self.guid]).map(Scalar::into_string),
            title: non_empty(first([self.title, self.headline])),
            outlet: non_empty(
                first([
                    self.outlet,
                    self.source,
                    self.publisher,
                    self.site_name,
                    self.publication,
                ])
                .and_then(Named::into_name),
            ),
            published: first([
                self.published,
                self.date,
                self.published_at,
                self.publishedAt,
                self.pubDate,
                self.datePublished,
                self.date_published,
            ])
            .map(Scalar::into_string),
            url: non_empty(first([
                self.url,
                self.link,
                self.permalink,
                self.canonical_url,
            ])),
            authors,
            body: body.unwrap_or_default(),
            provenance: Provenance::File,
            format: if ninjs.is_some() {
                SourceFormat::Ninjs
            } else {
                SourceFormat::Json
            },
            updated: ninjs.as_ref().and_then(|(_, _, u)| u.clone()).or(updated),
            version: ninjs.as_ref().and_then(|(_, v, _)| *v),
            guid: ninjs.map(|(uri, _, _)| uri),
            ..Default::default()
        })
    }
}

/// Parses one JSON article object from a byte slice (a JSON Lines record).
pub fn parse_json_record(bytes: &[u8]) -> Result<RawArticle, String> {
    let fields: Fields = match serde_json::from_slice(bytes) {
        Ok(f) => f,
        Err(e) if e.is_data() && bytes.first().is_some_and(|b| *b != b'{') => {
            return Err("not a JSON object".into());
        }
        Err(e) => return Err(format!("malformed JSON: {e}")),
    };
    fields.into_raw(true)
}

/// Parses a `.json` file: one article, an array of articles, or an object
/// with an `articles` array. Bad elements become issues; good ones load.
pub fn parse_json_document(text: &str) -> (Vec<RawArticle>, Vec<FormatIssue>) {
    let value: serde_json::Value = match serde_json::from_str(text) {
        Ok(v) => v,
        Err(e) => {
            return (
                Vec::new(),
                vec![FormatIssue {
                    line: Some(e.line()),
                    message: format!("malformed JSON: {e}"),
                }],
            );
        }
    };
    let items = match value {
        serde_json::Value::Array(items) => items,
        serde_json::Value::Object(mut map) => match map.remove("articles") {
            Some(serde_json::Value::Array(items)) => items,
            Some(other) => {
                map.insert("articles".into(), other);
                vec![serde_json::Value::Object(map)]
            }
            None => vec![serde_json::Value::Object(map)],
        },
        _ => {
            return (
                Vec::new(),
                vec![FormatIssue {
                    line: None,
                    message: "expected a JSON object or array of objects".into(),
                }],
            );
        }
    };
    let many = items.len() > 1;
    let mut out = Vec::new();
    let mut issues = Vec::new();
    for (i, item) in items.into_iter().enumerate() {
        let result = serde_json::from_value::<Fields>(item)
            .map_err(|e| format!("malformed article: {e}"))
            .and_then(|f| f.into_raw(true));
        match result {
            Ok(mut raw) => {
                if many {
                    raw.record = Some(i + 1);
                }
                out.push(raw);
            }
            Err(message) => issues.push(FormatIssue {
                line: None,
                message: if many {
                    format!("article {}: {message}", i + 1)
                } else {
                    message
                },
            }),
        }
    }
    (out, issues)
}

/// Parses a Markdown file: optional `---` YAML or `+++` TOML front matter,
/// then the body.
pub fn parse_markdown(text: &str) -> (RawArticle, Vec<FormatIssue>) {
    let mut issues = Vec::new();
    let (front, body) = split_front_matter(text);
    let mut raw = match front {
        Some((_, block, first_line)) if block.len() > FRONT_MATTER_LIMIT => {
            issues.push(FormatIssue {
                line: Some(first_line),
                message: format!(
                    "front matter ignored: over {} KB (metadata is a few lines)",
                    FRONT_MATTER_LIMIT / 1024
                ),
            });
            RawArticle::default()
        }
        Some((_, block, first_line)) if nesting_depth(block) > MAX_NESTING => {
            issues.push(FormatIssue {
                line: Some(first_line),
                message: format!("front matter ignored: nested deeper than {MAX_NESTING} levels"),
            });
            RawArticle::default()
        }
        Some((kind, block, first_line)) => {
            let value = match kind {
                FrontMatter::Yaml => {
                    serde_norway::from_str::<serde_json::Value>(block).map_err(|e| {
                        let line = e.location().map(|l| l.line() + first_line);
                        (line, format!("bad YAML front matter: {e}"))
                    })
                }
                FrontMatter::Toml => toml::from_str::<toml::Table>(block)
                    .map(|t| toml_to_json(toml::Value::Table(t)))
                    .map_err(|e| {
                        let line = e
                            .span()
                            .map(|s| block[..s.start].lines().count().max(1) + first_line);
                        (line, format!("bad TOML front matter: {}", e.message()))
                    }),
            };
            match value.map(|v| {
                if v.is_null() {
                    serde_json::json!({})
                } else {
                    v
                }
            }) {
                Ok(v) => match serde_json::from_value::<Fields>(v) {
                    Ok(f) => f.into_raw(false).unwrap_or_default(),
                    Err(e) => {
                        issues.push(FormatIssue {
                            line: Some(first_line),
                            message: format!("front matter ignored: {e}"),
                        });
                        RawArticle::default()
                    }
                },
                Err((line, message)) => {
                    issues.push(FormatIssue {
                        line,
                        message: format!("{message}; front matter ignored"),
                    });
                    RawArticle::default()
                }
            }
        }
        None => RawArticle::default(),
    };
    raw.body = body.to_string();
    raw.markdown = true;
    if raw.title.is_none() && raw.outlet.is_none() && raw.published.is_none() && raw.url.is_none() {
        raw.provenance = Provenance::None;
    } else {
        raw.provenance = Provenance::File;
    }
    (raw, issues)
}

enum FrontMatter {
    Yaml,
    Toml,
}

/// Front matter is a few lines of metadata; a larger block is not one.
const FRONT_MATTER_LIMIT: usize = 256 * 1024;

/// Metadata is flat; nesting beyond this (or more than four times as many
/// brackets) is refused before parsing: the YAML parser is quadratic in
/// depth and TOML values are recursive.
const MAX_NESTING: usize = 64;

/// An upper bound on the nesting depth of a YAML or TOML text, in one
/// linear pass: every opening bracket or brace counts (closing ones do not,
/// so no quoting trick can hide depth), and so does block indentation
/// (leading spaces, tabs and sequence dashes, two per level).
fn nesting_depth(text: &str) -> usize {
    let mut opens = 0usize;
    let mut deepest_block = 0usize;
    for line in text.lines() {
        let lead = line
            .chars()
            .take_while(|c| matches!(c, ' ' | '\t' | '-' | '?'))
            .count();
        deepest_block = deepest_block.max(lead.div_ceil(2));
        opens += line.bytes().filter(|b| matches!(b, b'[' | b'{')).count();
    }
    deepest_block.max(opens / 4)
}

/// Splits `---`/`+++` front matter from the body. Returns the block, its
/// kind and the 1-based line number of its first line.
fn split_front_matter(text: &str) -> (Option<(FrontMatter, &str, usize)>, &str) {
    let text_nb = text.strip_prefix('\u{feff}').unwrap_or(text);
    for (fence, kind) in [("---", FrontMatter::Yaml), ("+++", FrontMatter::Toml)] {
        let Some(rest) = text_nb.strip_prefix(fence) else {
            continue;
        };
        let Some(rest) = rest
            .strip_prefix('\n')
            .or_else(|| rest.strip_prefix("\r\n"))
        else {
            continue;
        };
        let mut offset = 0;
        for line in rest.split_inclusive('\n') {
            if line.trim_end() == fence {
                let block = &rest[..offset];
                let body = &rest[offset + line.len()..];
                return (Some((kind, block, 2)), body);
            }
            offset += line.len();
        }
    }
    (None, text)
}

/// Converts TOML to JSON, turning dates into their text form.
fn toml_to_json(v: toml::Value) -> serde_json::Value {
    use serde_json::Value as J;
    match v {
        toml::Value::String(s) => J::String(s),
        toml::Value::Integer(i) => J::from(i),
        toml::Value::Float(f) => serde_json::Number::from_f64(f)
            .map(J::Number)
            .unwrap_or(J::Null),
        toml::Value::Boolean(b) => J::Bool(b),
        toml::Value::Datetime(d) => J::String(d.to_string()),
        toml::Value::Array(a) => J::Array(a.into_iter().map(toml_to_json).collect()),
        toml::Value::Table(t) => {
            J::Object(t.into_iter().map(|(k, v)| (k, toml_to_json(v))).collect())
        }
    }
}

/// Parses sidecar metadata (`NAME.meta.json` or `NAME.meta.toml`). Only
/// metadata fields are taken; a body in a sidecar is ignored.
pub fn parse_sidecar(text: &str, toml_format: bool) -> Result<RawArticle, FormatIssue> {
    if toml_format && nesting_depth(text) > MAX_NESTING {
        return Err(FormatIssue {
            line: None,
            message: format!("sidecar nested deeper than {MAX_NESTING} levels"),
        });
    }
    let value = if toml_format {
        toml::from_str::<toml::Table>(text)
            .map(|t| toml_to_json(toml::Value::Table(t)))
            .map_err(|e| FormatIssue {
                line: e.span().map(|s| text[..s.start].lines().count().max(1)),
                message: format!("bad sidecar TOML: {}", e.message()),
            })?
    } else {
        serde_json::from_str::<serde_json::Value>(text).map_err(|e| FormatIssue {
            line: Some(e.line()),
            message: format!("bad sidecar JSON: {e}"),
        })?
    };
    let fields: Fields = serde_json::from_value(value).map_err(|e| FormatIssue {
        line: None,
        message: format!("bad sidecar: {e}"),
    })?;
    let mut raw = fields.into_raw(false).map_err(|m| FormatIssue {
        line: None,
        message: m,
    })?;
    raw.body.clear();
    raw.provenance = Provenance::Sidecar;
    Ok(raw)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn format_from_name() {
        assert_eq!(Format::from_name("a.TXT"), Some(Format::Text));
        assert_eq!(Format::from_name("a.jsonl.gz"), Some(Format::JsonLines));
        assert_eq!(Format::from_name("a.md"), Some(Format::Markdown));
        assert_eq!(Format::from_name("a.png"), None);
        assert_eq!(Format::from_name("README"), None);
    }

    #[test]
    fn json_record_aliases() {
        let raw = parse_json_record(
            br#"{"id": 7, "headline": "H", "source": {"name": "Wire"}, "publishedAt": "2024-01-02T03:04:05Z", "link": "http://x.org/a", "author": "A. One and B. Two", "content": "Body."}"#,
        )
        .unwrap();
        assert_eq!(raw.id.as_deref(), Some("7"));
        assert_eq!(raw.title.as_deref(), Some("H"));
        assert_eq!(raw.outlet.as_deref(), Some("Wire"));
        assert_eq!(raw.published.as_deref(), Some("2024-01-02T03:04:05Z"));
        assert_eq!(raw.url.as_deref(), Some("http://x.org/a"));
        assert_eq!(raw.authors, vec!["A. One", "B. Two"]);
        assert_eq!(raw.body, "Body.");
    }

    #[test]
    fn json_record_with_two_body_fields_prefers_body() {
        let raw = parse_json_record(br#"{"text": "T", "body": "B", "summary": "S"}"#).unwrap();
        assert_eq!(raw.body, "B");
    }

    #[test]
    fn deep_front_matter_is_refused_in_linear_time() {
        let t = std::time::Instant::now();
        for depth in [100usize, 100_000, 200_000] {
            let flow = format!(
                "---\ntitle: {}x{}\n---\nBody.\n",
                "[".repeat(depth),
                "]".repeat(depth)
            );
            let block = format!("---\n{}x: 1\n---\nBody.\n", "- ".repeat(depth));
            let toml = format!(
                "+++\na = {}1{}\n+++\nBody.\n",
                "[".repeat(depth),
                "]".repeat(depth)
            );
            for text in [flow, block, toml] {
                let (raw, issues) = parse_markdown(&text);
                assert_eq!(raw.body, "Body.\n");
                assert!(issues[0].message.contains("ignored"), "{issues:?}");
                if depth > 1000 {
                    assert!(
                        issues[0].message.contains("nested deeper")
                            || issues[0].message.contains("over 256 KB"),
                        "{issues:?}"
                    );
                }
            }
        }
        // generous: the point is that it is not 21 s (quadratic), but milliseconds
        assert!(t.elapsed().as_secs() < 5, "{:?}", t.elapsed());
        let sidecar = format!("a = {}1{}", "[".repeat(1000), "]".repeat(1000));
        assert!(parse_sidecar(&sidecar, true).is_err());
        // ordinary metadata passes
        let (raw, issues) = parse_markdown(
            "---\ntitle: A [b] {c}\ntags: [x, y]\nauthors:\n  - A\n  - B\n---\nBody.\n",
        );
        assert!(issues.is_empty(), "{issues:?}");
        assert_eq!(raw.title.as_deref(), Some("A [b] {c}"));
    }

    #[test]
    fn yaml_alias_bombs_do_not_expand() {
        let mut y = String::from(
            "---\na: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n",
        );
        let mut prev = 'a';
        for name in "bcdefghi".chars() {
            y.push_str(&format!("{name}: &{name} [*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev}]\n"));
            prev = name;
        }
        y.push_str("title: T\n---\nBody.\n");
        let t = std::time::Instant::now();
        let (raw, _issues) = parse_markdown(&y);
        assert_eq!(raw.body, "Body.\n");
        assert!(t.elapsed().as_secs() < 5, "{:?}", t.elapsed());
    }

    #[test]
    fn json_record_errors() {
        assert!(
            parse_json_record(b"{not json")
                .unwrap_err()
                .contains("malformed JSON")
        );
        assert!(
            parse_json_record(b"[1,2]")
                .unwrap_err()
                .contains("not a JSON object")
        );
        assert!(
            parse_json_record(br#"{"title": "x"}"#)
                .unwrap_err()
                .contains("no article text")
        );
    }

    #[test]
    fn json_document_array_and_wrapper() {
        let (arts, issues) =
            parse_json_document(r#"[{"text": "One."}, {"title": "no body"}, {"text": "Three."}]"#);
        assert_eq!(arts.len(), 2);
        assert_eq!(arts[1].record, Some(3));
        assert_eq!(issues.len(), 1);
        assert!(issues[0].message.starts_with("article 2:"));
        let (arts, _) = parse_json_document(r#"{"articles": [{"text": "One."}]}"#);
        assert_eq!(arts.len(), 1);
        let (arts, issues) = parse_json_document("{\n\"text\": \"x\",\n oops}");
        assert!(arts.is_empty());
        assert_eq!(issues[0].line, Some(3));
    }

    #[test]
    fn markdown_yaml_front_matter() {
        let (raw, issues) = parse_markdown(
            "---\ntitle: Storm\noutlet: Coast News\ndate: 2024-05-01\nauthors: [A, B]\n---\n# Storm\n\nText.\n",
        );
        assert!(issues.is_empty(), "{issues:?}");
        assert_eq!(raw.title.as_deref(), Some("Storm"));
        assert_eq!(raw.outlet.as_deref(), Some("Coast News"));
        assert_eq!(raw.published.as_deref(), Some("2024-05-01"));
        assert_eq!(raw.authors, vec!["A", "B"]);
        assert_eq!(raw.body, "# Storm\n\nText.\n");
        assert!(raw.markdown);
    }

    #[test]
    fn markdown_toml_front_matter_with_native_date() {
        let (raw, issues) =
            parse_markdown("+++\ntitle = \"Storm\"\ndate = 2024-05-01\n+++\nText.\n");
        assert!(issues.is_empty(), "{issues:?}");
        assert_eq!(raw.published.as_deref(), Some("2024-05-01"));
        assert_eq!(raw.body, "Text.\n");
    }

    #[test]
    fn markdown_bad_front_matter_names_line_and_keeps_body() {
        let (raw, issues) = parse_markdown("---\ntitle: [unclosed\n---\nText.\n");
        assert_eq!(issues.len(), 1);
        assert!(issues[0].message.contains("YAML"), "{:?}", issues[0]);
        assert!(issues[0].line.is_some());
        assert_eq!(raw.body, "Text.\n");
    }

    #[test]
    fn markdown_without_front_matter() {
        let (raw, issues) = parse_markdown("Just text.\n---\nnot front matter\n");
        assert!(issues.is_empty());
        assert_eq!(raw.body, "Just text.\n---\nnot front matter\n");
    }

    #[test]
    fn sidecar_json_and_toml() {
        let raw = parse_sidecar(
            r#"{"outlet": "Wire", "date": "2024-01-01", "body": "ignored"}"#,
            false,
        )
        .unwrap();
        assert_eq!(raw.outlet.as_deref(), Some("Wire"));
        assert!(raw.body.is_empty());
        assert_eq!(raw.provenance, Provenance::Sidecar);
        let raw = parse_sidecar("title = \"T\"\npublished = 2024-01-01\n", true).unwrap();
        assert_eq!(raw.title.as_deref(), Some("T"));
        assert_eq!(raw.published.as_deref(), Some("2024-01-01"));
        let err = parse_sidecar("title = \n", true).unwrap_err();
        assert_eq!(err.line, Some(1));
    }
}
