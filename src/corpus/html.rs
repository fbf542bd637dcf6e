//! Saved web pages: the article's text out of the page's boilerplate, and
//! its metadata out of the page's markup.
//!
//! The main content is chosen by `dom_smoothie` (a Readability port: it
//! scores the page's blocks and keeps the best candidate with its
//! siblings). Its HTML is then turned into paragraphs by
//! [`html_to_paragraphs`], which drops what is still not reporting: blocks
//! made mostly of links (related stories, tag lists), share buttons,
//! captions and advertising labels. Metadata comes from JSON-LD
//! (`NewsArticle` and kin, also inside `@graph`), Open Graph and
//! `article:*` meta tags, `<link rel=canonical>`, `<time>` elements and the
//! `<title>`, in that order of trust.
//!
//! Every step is linear in the page's size and none recurses on the
//! document's depth, so a hostile page (a million nested `<div>`s) costs
//! time in proportion to its bytes, which the loader has capped.

use dom_query::{Document, NodeRef};
use serde_json::Value;

/// What a page gave.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Page {
    pub title: Option<String>,
    pub outlet: Option<String>,
    pub published: Option<String>,
    pub modified: Option<String>,
    /// The canonical URL (`<link rel=canonical>`, `og:url`, JSON-LD `url`).
    pub url: Option<String>,
    pub authors: Vec<String>,
    /// Paragraphs separated by blank lines, none with a line break inside.
    pub body: String,
    /// True when the page says it is an article (JSON-LD article type,
    /// `og:type` article, `article:published_time`, an `<article>` element).
    pub says_article: bool,
}

/// Why a page is not loaded as an article.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum NotArticle {
    /// An error page ("404", "Page not found").
    ErrorPage(String),
    /// No text that reads as an article (an index page, a login wall).
    NoArticleText,
    /// Elements nested deeper than any page a browser shows.
    TooDeep,
}

impl std::fmt::Display for NotArticle {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            NotArticle::ErrorPage(title) => {
                write!(f, "an error page (\u{201c}{title}\u{201d}), not an article")
            }
            NotArticle::NoArticleText => f.write_str(
                "no article text found (an index page, a list of links or an empty page?)",
            ),
            NotArticle::TooDeep => write!(
                f,
                "elements nested more than {MAX_NESTING} deep: not a page anyone reads"
            ),
        }
    }
}

/// Pages with more elements than this are not scored (the extractor's work
/// grows with the element count); their text is still read.
const MAX_ELEMENTS: usize = 300_000;

/// Fewer words than this in the extracted text, on a page that does not say
/// it is an article, is not an article.
const MIN_WORDS: usize = 40;
/// Even a page that says it is an article needs this many.
const MIN_WORDS_ARTICLE: usize = 12;

/// Extracts the article of a saved page. `url` is where the page came from,
/// if known (a sidecar, the fetcher); the page's own canonical URL wins.
pub fn extract_page(html: &str, url: Option<&str>) -> Result<Page, NotArticle> {
    if nesting_estimate(html) > MAX_NESTING {
        return Err(NotArticle::TooDeep);
    }
    let doc = Document::from(html);
    let mut page = Page::default();
    read_metadata(&doc, &mut page);
    if let Some(t) = page.title.as_deref()
        && is_error_title(t)
    {
        return Err(NotArticle::ErrorPage(t.to_string()));
    }
    let base = page
        .url
        .clone()
        .or_else(|| url.map(str::to_string))
        .filter(|u| u.starts_with("http://") || u.starts_with("https://"));
    let cfg = dom_smoothie::Config {
        max_elements_to_parse: MAX_ELEMENTS,
        text_mode: dom_smoothie::TextMode::Raw,
        ..Default::default()
    };
    let json_body = json_ld_body(&doc);
    // The extractor's work grows with depth times size: a page nested
    // deeper than any real one is read whole, with the same block filters.
    if max_depth(&doc) > MAX_DEPTH {
        let body = paragraphs_of(doc.root());
        return finish(page, body, json_body, None);
    }
    remove_widgets(&doc);
    let extracted = dom_smoothie::Readability::with_document(doc, base.as_deref(), Some(cfg))
        .or_else(|_| dom_smoothie::Readability::with_document(Document::from(html), None, None))
        .ok()
        .and_then(|mut r| r.parse().ok());
    let body = match &extracted {
        Some(a) => html_to_paragraphs(&a.content),
        None => String::new(),
    };
    let title = extracted
        .as_ref()
        .map(|a| a.title.to_string())
        .filter(|t| !t.trim().is_empty());
    finish(page, body, json_body, title)
}

/// The element depth beyond which the extractor is not run.
const MAX_DEPTH: usize = 400;

/// The deepest element nesting of a document, in one pass.
fn max_depth(doc: &Document) -> usize {
    let mut deepest = 0;
    let mut stack = vec![(doc.root(), 0usize)];
    while let Some((node, depth)) = stack.pop() {
        deepest = deepest.max(depth);
        if deepest > MAX_DEPTH {
            break;
        }
        for child in node.children_it(false) {
            if child.is_element() {
                stack.push((child, depth + 1));
            }
        }
    }
    deepest
}

fn finish(
    mut page: Page,
    mut body: String,
    json_body: Option<String>,
    title: Option<String>,
) -> Result<Page, NotArticle> {
    if page.title.is_none() {
        page.title = title;
    }
    // The extractor found little but the page carries its text as data.
    let words = crate::corpus::count_words(&body);
    if let Some(jb) = json_body
        && crate::corpus::count_words(&jb) > words.max(MIN_WORDS)
    {
        body = jb;
    }
    let words = crate::corpus::count_words(&body);
    if words < MIN_WORDS_ARTICLE || (!page.says_article && words < MIN_WORDS) {
        return Err(NotArticle::NoArticleText);
    }
    // A headline repeated as the first paragraph is kept: the loader marks it.
    page.body = body;
    Ok(page)
}

fn is_error_title(title: &str) -> bool {
    let t = title.to_lowercase();
    let t = t.trim();
    // Only the phrases error pages use: "Missing hiker not found" is news.
    t.starts_with("404 ")
        || t == "404"
        || t.starts_with("410 ")
        || t == "not found"
        || t.contains("page not found")
        || t.contains("file not found")
        || t.contains("page cannot be found")
        || t.contains("page could not be found")
        || t.contains("seite nicht gefunden")
        || t.contains("page introuvable")
        || t.contains("página no encontrada")
        || t == "error"
        || t.starts_with("error 404")
}

// ---------------------------------------------------------------------------
// Metadata

/// JSON-LD types that are articles.
fn is_article_type(t: &str) -> bool {
    matches!(
        t,
        "NewsArticle"
            | "Article"
            | "ReportageNewsArticle"
            | "AnalysisNewsArticle"
            | "OpinionNewsArticle"
            | "BackgroundNewsArticle"
            | "ReviewNewsArticle"
            | "AskPublicNewsArticle"
            | "BlogPosting"
            | "LiveBlogPosting"
            | "SocialMediaPosting"
            | "Report"
            | "ScholarlyArticle"
            | "TechArticle"
    )
}

fn types_of(v: &Value) -> Vec<&str> {
    match v.get("@type") {
        Some(Value::String(s)) => vec![s.trim_start_matches("schema:")],
        Some(Value::Array(a)) => a
            .iter()
            .filter_map(Value::as_str)
            .map(|s| s.trim_start_matches("schema:"))
            .collect(),
        _ => Vec::new(),
    }
}

/// Every object in the page's JSON-LD blocks (top level, arrays, `@graph`).
fn json_ld_objects(doc: &Document) -> Vec<Value> {
    let mut out = Vec::new();
    for script in doc.select("script").nodes() {
        let ty = script.attr("type").map(|t| t.to_ascii_lowercase());
        if ty.as_deref().map(str::trim) != Some("application/ld+json") {
            continue;
        }
        let text = script.text();
        // Some sites put raw newlines inside strings: JSON forbids them.
        let Ok(value) = serde_json::from_str::<Value>(text.trim())
            .or_else(|_| serde_json::from_str::<Value>(&text.replace(['\n', '\r', '\t'], " ")))
        else {
            continue;
        };
        let mut stack = vec![value];
        while let Some(v) = stack.pop() {
            match v {
                Value::Array(items) => stack.extend(items.into_iter().rev()),
                Value::Object(mut map) => {
                    if let Some(graph) = map.remove("@graph") {
                        stack.push(graph);
                    }
                    out.push(Value::Object(map));
                }
                _ => {}
            }
            if out.len() > 256 {
                return out;
            }
        }
    }
    out
}

fn the_article_object(objects: &[Value]) -> Option<&Value> {
    objects
        .iter()
        .find(|o| types_of(o).iter().any(|t| is_article_type(t)))
        .or_else(|| {
            // A WebPage whose mainEntity is the article.
            objects.iter().find_map(|o| {
                o.get("mainEntity")
                    .filter(|m| types_of(m).iter().any(|t| is_article_type(t)))
            })
        })
}

fn json_ld_body(doc: &Document) -> Option<String> {
    let objects = json_ld_objects(doc);
    let article = the_article_object(&objects)?;
    let body = article.get("articleBody")?.as_str()?;
    let text = html_to_paragraphs(body);
    (!text.trim().is_empty()).then_some(text)
}

fn str_field(v: &Value, key: &str) -> Option<String> {
    match v.get(key)? {
        Value::String(s) => clean(s),
        Value::Array(a) => a.iter().find_map(|x| x.as_str().and_then(clean)),
        Value::Object(o) => o
            .get("name")
            .or_else(|| o.get("@id"))
            .and_then(Value::as_str)
            .and_then(clean),
        _ => None,
    }
}

fn names(v: Option<&Value>) -> Vec<String> {
    match v {
        None => Vec::new(),
        Some(Value::String(s)) => clean(s).into_iter().collect(),
        Some(Value::Array(items)) => items.iter().flat_map(|i| names(Some(i))).collect(),
        Some(Value::Object(o)) => o
            .get("name")
            .and_then(Value::as_str)
            .and_then(clean)
            .into_iter()
            .collect(),
        _ => Vec::new(),
    }
}

/// Trims, decodes the entities some sites double-escape, collapses spaces.
fn clean(s: &str) -> Option<String> {
    let s = if s.contains('&') {
        decode_entities(s)
    } else {
        s.to_string()
    };
    let s = crate::corpus::infer::collapse_spaces(&s);
    (!s.is_empty()).then_some(s)
}

/// Decodes the few entities found double-escaped in metadata.
fn decode_entities(s: &str) -> String {
    s.replace("&amp;", "&")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&#039;", "'")
        .replace("&apos;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&nbsp;", " ")
}

/// The page's `<meta>` tags: (property, name or itemprop in lower case, content).
struct Metas(Vec<(String, String)>);

impl Metas {
    fn of(doc: &Document) -> Metas {
        let mut out = Vec::new();
        for node in doc.select("meta").nodes() {
            let Some(content) = node.attr("content") else {
                continue;
            };
            for attr in ["property", "name", "itemprop"] {
                if let Some(k) = node.attr(attr) {
                    out.push((k.trim().to_ascii_lowercase(), content.to_string()));
                }
            }
        }
        Metas(out)
    }

    /// The first non-empty content for the first key present, in key order.
    fn get(&self, keys: &[&str]) -> Option<String> {
        keys.iter().find_map(|key| {
            self.0
                .iter()
                .filter(|(k, _)| k.as_str() == key.to_ascii_lowercase())
                .find_map(|(_, c)| clean(c))
        })
    }
}

fn read_metadata(doc: &Document, page: &mut Page) {
    let metas = Metas::of(doc);
    let meta = |_: &Document, keys: &[&str]| metas.get(keys);
    let objects = json_ld_objects(doc);
    let article = the_article_object(&objects);
    if let Some(a) = article {
        page.says_article = true;
        page.title = str_field(a, "headline").or_else(|| str_field(a, "name"));
        page.published = str_field(a, "datePublished").or_else(|| str_field(a, "dateCreated"));
        page.modified = str_field(a, "dateModified");
        page.authors = names(a.get("author").or_else(|| a.get("creator")));
        page.outlet = a
            .get("publisher")
            .and_then(|p| names(Some(p)).into_iter().next())
            .or_else(|| {
                a.get("isPartOf")
                    .and_then(|p| names(Some(p)).into_iter().next())
            });
        page.url = a
            .get("url")
            .and_then(Value::as_str)
            .and_then(clean)
            .or_else(|| str_field(a, "mainEntityOfPage"))
            .filter(|u| u.starts_with("http"));
    }
    if page.outlet.is_none() {
        // The site's own Organization / WebSite object.
        page.outlet = objects
            .iter()
            .find(|o| {
                types_of(o)
                    .iter()
                    .any(|t| matches!(*t, "NewsMediaOrganization" | "Organization" | "WebSite"))
            })
            .and_then(|o| str_field(o, "name"));
    }
    let og_type = meta(doc, &["og:type"]);
    if og_type
        .as_deref()
        .is_some_and(|t| t.eq_ignore_ascii_case("article"))
        || meta(doc, &["article:published_time"]).is_some()
        || !doc.select("article").is_empty()
    {
        page.says_article = true;
    }
    let title_tag = doc
        .select("title")
        .nodes()
        .first()
        .and_then(|t| clean(&t.text()));
    if page.title.is_none() {
        // og:title set to the site's name says nothing about the page
        let site = meta(doc, &["og:site_name", "application-name"]);
        let og = meta(doc, &["og:title", "twitter:title", "dc.title", "headline"])
            .filter(|o| site.as_deref().is_none_or(|s| !o.eq_ignore_ascii_case(s)));
        page.title = choose_title(doc, og.as_deref(), title_tag.as_deref());
    }
    if page.published.is_none() {
        page.published = meta(
            doc,
            &[
                "article:published_time",
                "og:article:published_time",
                "datePublished",
                "pubdate",
                "publishdate",
                "publish-date",
                "date",
                "dc.date",
                "dc.date.issued",
                "dcterms.created",
                "sailthru.date",
                "parsely-pub-date",
                "article.published",
            ],
        );
    }
    if page.published.is_none() {
        page.published = doc
            .select("time[datetime]")
            .nodes()
            .first()
            .and_then(|t| t.attr("datetime"))
            .and_then(|d| clean(&d));
    }
    if page.published.is_none() {
        page.published = date_in_markup(doc);
    }
    if page.modified.is_none() {
        page.modified = meta(
            doc,
            &["article:modified_time", "og:updated_time", "dateModified"],
        );
    }
    if page.authors.is_empty() {
        // article:author is often a profile URL: only names are kept.
        page.authors = meta(doc, &["author", "article:author", "dc.creator", "byl"])
            .filter(|a| !a.starts_with("http"))
            .map(|a| {
                let a = a.strip_prefix("By ").unwrap_or(&a).to_string();
                vec![a]
            })
            .unwrap_or_default();
    }
    if page.outlet.is_none() {
        page.outlet = meta(doc, &["og:site_name", "application-name", "publisher"]);
    }
    if page.outlet.is_none() {
        page.outlet = title_tag.as_deref().and_then(site_from_title);
    }
    let canonical = doc
        .select("link[rel][href]")
        .nodes()
        .iter()
        .find(|l| {
            l.attr("rel").is_some_and(|r| {
                r.to_ascii_lowercase()
                    .split_whitespace()
                    .any(|w| w == "canonical")
            })
        })
        .and_then(|l| l.attr("href"))
        .and_then(|h| clean(&h))
        .filter(|u| u.starts_with("http"));
    if let Some(c) = canonical {
        page.url = Some(c);
    } else if page.url.is_none() {
        page.url = meta(doc, &["og:url"]).filter(|u| u.starts_with("http"));
    }
}

/// The headline when the page has no JSON-LD: the first `<h1>` when the
/// `<title>` or `og:title` repeats it (sites decorate both with their name),
/// else `og:title`, else the longest part of the `<title>` between
/// separators ("Site | Section | Headline"), else the `<h1>`.
fn choose_title(doc: &Document, og: Option<&str>, title_tag: Option<&str>) -> Option<String> {
    let h1 = doc
        .select("h1")
        .nodes()
        .iter()
        .take(3)
        .find_map(|h| clean(&h.text()).filter(|t| t.chars().count() >= 4));
    let fold = |s: &str| -> String {
        s.chars()
            .filter(|c| c.is_alphanumeric())
            .flat_map(char::to_lowercase)
            .collect()
    };
    if let Some(h) = &h1 {
        let fh = fold(h);
        let repeated = [og, title_tag]
            .into_iter()
            .flatten()
            .any(|t| !fh.is_empty() && fold(t).contains(&fh));
        if repeated {
            return h1;
        }
    }
    if let Some(o) = og {
        return Some(strip_site_suffix(o));
    }
    if let Some(t) = title_tag {
        return Some(longest_title_part(t));
    }
    h1
}

/// "Site | Section | Headline" → "Headline": the longest part.
fn longest_title_part(title: &str) -> String {
    let mut parts = vec![title.to_string()];
    for sep in TITLE_SEPARATORS {
        parts = parts
            .iter()
            .flat_map(|p| p.split(sep).map(str::to_string).collect::<Vec<_>>())
            .collect();
    }
    parts
        .into_iter()
        .map(|p| p.trim().to_string())
        .max_by_key(|p| p.chars().count())
        .filter(|p| !p.is_empty())
        .unwrap_or_else(|| title.to_string())
}

/// A publication date written in the page's markup: an element whose class,
/// id or itemprop speaks of a date ("date", "published", "posted", "time"),
/// or a `<time>` element's text, the first that reads as a date.
fn date_in_markup(doc: &Document) -> Option<String> {
    let mut seen = 0;
    for node in doc.select("time, [class], [id], [itemprop]").nodes() {
        seen += 1;
        if seen > 5_000 {
            break;
        }
        let name = node.node_name().map(|n| n.to_ascii_lowercase());
        let label = ["class", "id", "itemprop"]
            .iter()
            .filter_map(|a| node.attr(a))
            .map(|v| v.to_ascii_lowercase())
            .collect::<Vec<_>>()
            .join(" ");
        let datey = name.as_deref() == Some("time")
            || [
                "date",
                "published",
                "posted",
                "pubdate",
                "entry-meta",
                "byline",
            ]
            .iter()
            .any(|k| label.contains(k));
        if !datey
            || label.contains("update")
            || label.contains("modified")
            || label.contains("comment")
        {
            continue;
        }
        if let Some(c) = node.attr("content").or_else(|| node.attr("datetime"))
            && crate::corpus::infer::parse_date_loose(&c).is_some()
        {
            return clean(&c);
        }
        let text = node.text();
        if text.len() > 200 {
            continue;
        }
        if let Some(d) = crate::corpus::infer::parse_date_loose(&text) {
            return Some(d.to_string());
        }
    }
    None
}

const TITLE_SEPARATORS: [&str; 6] = [" | ", " - ", " – ", " — ", " :: ", " » "];

/// "Headline | Site" → "Headline".
fn strip_site_suffix(title: &str) -> String {
    for sep in TITLE_SEPARATORS {
        if let Some((head, tail)) = title.rsplit_once(sep)
            && head.len() > tail.len()
        {
            return head.trim().to_string();
        }
    }
    title.to_string()
}

/// "Headline | Site" → "Site", when the tail is short enough to be a name.
fn site_from_title(title: &str) -> Option<String> {
    for sep in TITLE_SEPARATORS {
        if let Some((head, tail)) = title.rsplit_once(sep) {
            let tail = tail.trim();
            if head.len() > tail.len() && !tail.is_empty() && tail.split_whitespace().count() <= 4 {
                return Some(tail.to_string());
            }
        }
    }
    None
}

// ---------------------------------------------------------------------------
// Text

/// Elements whose text is never article text.
fn is_skipped(name: &str) -> bool {
    matches!(
        name,
        "script"
            | "style"
            | "noscript"
            | "template"
            | "svg"
            | "math"
            | "iframe"
            | "object"
            | "embed"
            | "canvas"
            | "video"
            | "audio"
            | "form"
            | "button"
            | "select"
            | "textarea"
            | "input"
            | "nav"
            | "figcaption"
            | "head"
            | "title"
    )
}

/// Elements that end a paragraph.
fn is_block(name: &str) -> bool {
    matches!(
        name,
        "p" | "div"
            | "section"
            | "article"
            | "main"
            | "header"
            | "footer"
            | "aside"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "ul"
            | "ol"
            | "li"
            | "dl"
            | "dt"
            | "dd"
            | "blockquote"
            | "pre"
            | "table"
            | "tr"
            | "td"
            | "th"
            | "figure"
            | "hr"
            | "br"
            | "address"
            | "details"
            | "summary"
            | "center"
    )
}

#[derive(Default)]
struct Block {
    text: String,
    link_chars: usize,
    heading: bool,
}

/// Words that make up share bars and other widgets.
fn is_widget_text(text: &str) -> bool {
    const WORDS: &[&str] = &[
        "share",
        "tweet",
        "facebook",
        "twitter",
        "whatsapp",
        "linkedin",
        "pinterest",
        "pint",
        "email",
        "e-mail",
        "print",
        "reddit",
        "copy",
        "link",
        "comments",
        "comment",
        "save",
        "flipboard",
        "messenger",
        "telegram",
        "this",
        "article",
        "story",
        "on",
        "via",
        "x",
        "baixar",
    ];
    let lower = text.to_lowercase();
    let words: Vec<&str> = lower
        .split(|c: char| !c.is_alphanumeric() && c != '-')
        .filter(|w| !w.is_empty())
        .collect();
    !words.is_empty() && words.len() <= 12 && words.iter().all(|w| WORDS.contains(w))
}

fn is_label(text: &str) -> bool {
    let t = text.trim().trim_end_matches(':').to_lowercase();
    matches!(
        t.as_str(),
        "advertisement"
            | "advertising"
            | "ad"
            | "sponsored"
            | "sponsored content"
            | "story continues below advertisement"
            | "article continues below advertisement"
            | "continue reading below"
            | "scroll to continue with content"
            | "skip advertisement"
            | "related"
            | "related articles"
            | "related stories"
            | "read more"
            | "more on this story"
            | "recommended"
            | "most popular"
            | "most read"
            | "anzeige"
            | "werbung"
            | "publicidad"
            | "publicité"
    )
}

/// Turns an HTML fragment (an extracted article, a feed item's content, a
/// NewsML body) into paragraphs separated by blank lines: block elements
/// end paragraphs, inline whitespace collapses, scripts, forms, navigation
/// and captions go, and so do blocks that are mostly links (related
/// stories, tag lists), share bars and advertising labels.
pub fn html_to_paragraphs(html: &str) -> String {
    if nesting_estimate(html) > MAX_NESTING {
        // The parser's work grows with depth times size: tags are dropped
        // by a plain scan instead.
        return strip_tags(html);
    }
    let doc = Document::fragment(html);
    paragraphs_of(doc.root())
}

/// Pages nested deeper than this (by [`nesting_estimate`]) are refused:
/// parsing costs grow with depth times size.
const MAX_NESTING: usize = 5_000;

/// An upper bound on the element nesting of an HTML text, in one pass over
/// its tags: start tags open, end tags close; void elements, self-closed
/// tags and the elements HTML closes implicitly (`p`, `li`, table cells…)
/// are not counted.
pub fn nesting_estimate(html: &str) -> usize {
    let bytes = html.as_bytes();
    let (mut depth, mut deepest) = (0usize, 0usize);
    for i in memchr::memchr_iter(b'<', bytes) {
        let rest = &bytes[i + 1..];
        match rest.first() {
            Some(b'/') => depth = depth.saturating_sub(1),
            Some(c) if c.is_ascii_alphabetic() => {
                let name_len = rest
                    .iter()
                    .take_while(|b| b.is_ascii_alphanumeric())
                    .count();
                let name = rest[..name_len].to_ascii_lowercase();
                let void = matches!(
                    name.as_slice(),
                    b"br"
                        | b"img"
                        | b"meta"
                        | b"link"
                        | b"input"
                        | b"hr"
                        | b"area"
                        | b"base"
                        | b"col"
                        | b"embed"
                        | b"source"
                        | b"track"
                        | b"wbr"
                        | b"param"
                        | b"p"
                        | b"li"
                        | b"option"
                        | b"td"
                        | b"th"
                        | b"tr"
                        | b"dt"
                        | b"dd"
                );
                let end = memchr::memchr(b'>', rest).unwrap_or(rest.len());
                let self_closed = end > 0 && rest[end - 1] == b'/';
                if !void && !self_closed {
                    depth += 1;
                    deepest = deepest.max(depth);
                }
            }
            _ => {}
        }
    }
    deepest
}

/// Text with tags removed, for fragments too deep to parse.
fn strip_tags(html: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => {
                in_tag = false;
                out.push(' ');
            }
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    crate::corpus::infer::collapse_spaces(&out)
}

/// [`html_to_paragraphs`] for a parsed node and what is below it.
fn paragraphs_of(root: NodeRef) -> String {
    let mut blocks: Vec<Block> = Vec::new();
    let mut current = Block::default();
    // Iterative walk: (node, entering). Depth never touches the call stack.
    let mut stack: Vec<(NodeRef, bool, bool)> = vec![(root, true, false)];
    let mut link_depth = 0usize;
    while let Some((node, entering, is_link)) = stack.pop() {
        if !entering {
            if is_link {
                link_depth = link_depth.saturating_sub(1);
            }
            let name = node.node_name().map(|n| n.to_ascii_lowercase());
            if name.as_deref().is_some_and(is_block) {
                flush(&mut current, &mut blocks);
            }
            continue;
        }
        if node.is_text() {
            push_text(&mut current, &node.text(), link_depth > 0);
            continue;
        }
        if !(node.is_element() || node.is_document() || node.is_fragment()) {
            continue;
        }
        let name = node
            .node_name()
            .map(|n| n.to_ascii_lowercase())
            .unwrap_or_default();
        if is_skipped(&name)
            || node.attr("hidden").is_some()
            || is_hidden_style(&node)
            || is_widget_container(&node)
        {
            continue;
        }
        if is_block(&name) {
            flush(&mut current, &mut blocks);
        }
        if matches!(name.as_str(), "h1" | "h2" | "h3" | "h4" | "h5" | "h6") {
            current.heading = true;
        }
        let link = name == "a";
        if link {
            link_depth += 1;
        }
        stack.push((node, false, link));
        let children: Vec<NodeRef> = node.children_it(true).collect();
        for child in children {
            stack.push((child, true, false));
        }
    }
    flush(&mut current, &mut blocks);
    let mut out = String::new();
    for b in blocks {
        if !out.is_empty() {
            out.push_str("\n\n");
        }
        out.push_str(&b.text);
    }
    out
}

/// Removes the widgets named by their class or id (cookie banners, share
/// bars, newsletter boxes, related links, comments, ads) before the
/// extractor scores the page.
fn remove_widgets(doc: &Document) {
    let doomed: Vec<NodeRef> = doc
        // no descendant combinator: matching one walks the ancestors
        .select("[class], [id]")
        .nodes()
        .iter()
        .filter(|n| {
            is_banner(n)
                && !matches!(
                    n.node_name()
                        .as_deref()
                        .map(str::to_ascii_lowercase)
                        .as_deref(),
                    Some("body" | "html" | "head" | "main" | "article")
                )
        })
        .copied()
        .collect();
    for n in doomed {
        n.remove_from_parent();
    }
}

/// Cookie and consent banners, newsletter and paywall boxes, comment
/// sections and recommendation widgets: removed from the page before
/// scoring (a wider list — share bars, related links, comments — cost
/// recall on the evaluation pages, measured).
fn is_banner(node: &NodeRef) -> bool {
    const PREFIXES: &[&str] = &["cookie", "consent", "gdpr", "outbrain", "taboola"];
    ["class", "id"]
        .iter()
        .filter_map(|a| node.attr(a))
        .any(|v| {
            v.split_whitespace()
                .map(str::to_ascii_lowercase)
                .any(|t| PREFIXES.iter().any(|p| t.starts_with(p)))
        })
}

/// An element whose class or id names a widget: cookie and consent
/// banners, share bars, newsletter boxes, related links, comments, ads.
fn is_widget_container(node: &NodeRef) -> bool {
    const PREFIXES: &[&str] = &[
        "cookie",
        "consent",
        "gdpr",
        "newsletter",
        "subscribe",
        "paywall",
        "share",
        "sharing",
        "social",
        "related",
        "recommend",
        "comments",
        "comment-",
        "advert",
        "ad-slot",
        "ad-container",
        "sponsor",
        "promo",
        "outbrain",
        "taboola",
        "breadcrumb",
        "skip-link",
    ];
    let mut tokens = Vec::new();
    for attr in ["class", "id"] {
        if let Some(v) = node.attr(attr) {
            tokens.extend(v.split_whitespace().map(str::to_ascii_lowercase));
        }
    }
    tokens.iter().any(|t| {
        t == "ad" || t == "ads" || t == "comment" || PREFIXES.iter().any(|p| t.starts_with(p))
    })
}

fn is_hidden_style(node: &NodeRef) -> bool {
    node.attr("style").is_some_and(|s| {
        let s: String = s
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect::<String>()
            .to_ascii_lowercase();
        s.contains("display:none") || s.contains("visibility:hidden")
    }) || node
        .attr("aria-hidden")
        .is_some_and(|v| v.eq_ignore_ascii_case("true"))
}

fn push_text(block: &mut Block, text: &str, in_link: bool) {
    for (i, word) in text.split_whitespace().enumerate() {
        let starts_with_space = i > 0 || text.starts_with(char::is_whitespace);
        if !block.text.is_empty() && starts_with_space && !block.text.ends_with(' ') {
            block.text.push(' ');
        }
        block.text.push_str(word);
        if in_link {
            block.link_chars += word.chars().count();
        }
    }
    if text.ends_with(char::is_whitespace) && !block.text.is_empty() && !block.text.ends_with(' ') {
        block.text.push(' ');
    }
}

fn flush(block: &mut Block, blocks: &mut Vec<Block>) {
    let mut b = std::mem::take(block);
    let trimmed = b.text.trim();
    if trimmed.len() != b.text.len() {
        b.text = trimmed.to_string();
    }
    if b.text.is_empty() {
        return;
    }
    let chars = b.text.chars().count();
    let link_share = b.link_chars as f64 / chars.max(1) as f64;
    let words = b.text.split_whitespace().count();
    // Link lists: related stories, tags, "more from". A short linked line
    // inside a paragraph run (a linked name) stays.
    if link_share > 0.6 && (words >= 2 || !b.heading) && !ends_sentence(&b.text) {
        return;
    }
    if link_share > 0.85 && words < 25 {
        return;
    }
    if is_widget_text(&b.text) || is_label(&b.text) {
        return;
    }
    blocks.push(b);
}

fn ends_sentence(text: &str) -> bool {
    text.trim_end_matches(['"', '\'', '\u{201d}', '\u{2019}', ')'])
        .ends_with(['.', '!', '?', '\u{2026}'])
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: &str = r##"<!doctype html><html><head>
<title>Ferry capsizes off coast, 12 dead | The Harbour Times</title>
<link rel="canonical" href="https://harbour.example/2024/03/02/ferry">
<meta property="og:site_name" content="Harbour Times">
<script type="application/ld+json">{"@context":"https://schema.org","@graph":[
 {"@type":"WebSite","name":"Harbour Times"},
 {"@type":"NewsArticle","headline":"Ferry capsizes off the coast","datePublished":"2024-03-02T08:00:00Z",
  "dateModified":"2024-03-02T10:30:00Z","author":[{"@type":"Person","name":"Ana Ruiz"},{"name":"Tom Lee"}],
  "publisher":{"@type":"NewsMediaOrganization","name":"The Harbour Times"}}]}</script>
</head><body>
<nav><a href="/">Home</a> <a href="/world">World</a> <a href="/sport">Sport</a></nav>
<div class="cookie">We use cookies. <button>Accept</button></div>
<article><h1>Ferry capsizes off the coast</h1>
<div class="share"><a href="#">Facebook</a> <a href="#">Twitter</a> <a href="#">Email</a></div>
<p>A ferry carrying 140 people capsized off the northern coast on Saturday, killing at least 12, the coast guard said.</p>
<figure><img src="x.jpg"><figcaption>Rescuers at the pier. Photo: Agency</figcaption></figure>
<p>Rescue boats pulled 96 survivors from the water by nightfall, and the search for the missing went on through the night with
 helicopters from the navy.</p>
<p>Advertisement</p>
<p>The operator said the vessel had passed its inspection in January, and that it would cooperate with investigators.</p>
<ul class="related"><li><a href="/a">Storm warnings issued for the weekend</a></li><li><a href="/b">Port strike ends after talks</a></li></ul>
</article>
<footer><p>© 2024 The Harbour Times. All rights reserved.</p></footer>
<div class="comments"><h3>Comments</h3><p><a href="/u">joe</a> said: sad news</p></div>
</body></html>"##;

    #[test]
    fn extracts_body_and_metadata_from_a_news_page() {
        let page = extract_page(PAGE, None).unwrap();
        assert_eq!(page.title.as_deref(), Some("Ferry capsizes off the coast"));
        assert_eq!(page.outlet.as_deref(), Some("The Harbour Times"));
        assert_eq!(page.published.as_deref(), Some("2024-03-02T08:00:00Z"));
        assert_eq!(page.modified.as_deref(), Some("2024-03-02T10:30:00Z"));
        assert_eq!(page.authors, vec!["Ana Ruiz", "Tom Lee"]);
        assert_eq!(
            page.url.as_deref(),
            Some("https://harbour.example/2024/03/02/ferry")
        );
        let body = &page.body;
        assert!(body.contains("A ferry carrying 140 people"), "{body}");
        assert!(body.contains("cooperate with investigators."), "{body}");
        for junk in [
            "Facebook",
            "Advertisement",
            "Storm warnings",
            "cookies",
            "Rescuers at the pier",
            "Home",
        ] {
            assert!(!body.contains(junk), "{junk:?} left in {body}");
        }
        // paragraphs kept, each on one line
        let paras: Vec<&str> = body.split("\n\n").collect();
        assert!(paras.len() >= 3, "{paras:?}");
        assert!(paras.iter().all(|p| !p.contains('\n')));
        assert!(
            paras
                .iter()
                .any(|p| p.contains("helicopters from the navy."))
        );
    }

    #[test]
    fn meta_tags_and_title_when_there_is_no_json_ld() {
        let html = r#"<html><head><title>Dam breach floods valley - Valley Post</title>
<meta property="og:title" content="Dam breach floods valley">
<meta property="article:published_time" content="2023-06-12T09:00:00+02:00">
<meta name="author" content="By Lena Park">
</head><body><p>The dam above the village gave way at dawn on Monday, sending water through three villages and forcing hundreds of families from their homes, officials said.</p>
<p>No deaths were reported by the evening, but two people were missing.</p></body></html>"#;
        let page = extract_page(html, Some("https://valleypost.example/x")).unwrap();
        assert_eq!(page.title.as_deref(), Some("Dam breach floods valley"));
        assert_eq!(page.outlet.as_deref(), Some("Valley Post"));
        assert_eq!(page.published.as_deref(), Some("2023-06-12T09:00:00+02:00"));
        assert_eq!(page.authors, vec!["Lena Park"]);
        assert!(page.says_article);
        assert!(page.body.contains("two people were missing."));
    }

    #[test]
    fn error_and_index_pages_are_not_articles() {
        let e = extract_page(
            "<html><head><title>404 Not Found</title></head><body><h1>Not Found</h1></body></html>",
            None,
        )
        .unwrap_err();
        assert!(matches!(e, NotArticle::ErrorPage(_)));
        let index = "<html><head><title>News</title></head><body><ul>\
            <li><a href=/1>Ferry capsizes</a></li><li><a href=/2>Dam breach</a></li>\
            <li><a href=/3>Storm</a></li></ul></body></html>";
        assert_eq!(
            extract_page(index, None).unwrap_err(),
            NotArticle::NoArticleText
        );
    }

    #[test]
    fn fragments_become_paragraphs() {
        let t = html_to_paragraphs(
            "<p>One <b>bold</b>  move.</p><p>Two<br>three</p><script>x()</script><div><a href=#>Share</a></div>",
        );
        assert_eq!(t, "One bold move.\n\nTwo\n\nthree");
        assert_eq!(html_to_paragraphs("plain &amp; simple"), "plain & simple");
        assert_eq!(html_to_paragraphs(""), "");
    }

    #[test]
    fn deep_nesting_does_not_overflow_the_stack() {
        let depth = 4_000;
        let html = format!(
            "{}<p>Deep text here.</p>{}",
            "<div>".repeat(depth),
            "</div>".repeat(depth)
        );
        let t = html_to_paragraphs(&html);
        assert!(t.contains("Deep text here."));
        // deeper than any page: refused or stripped at once, never parsed
        let bottomless = format!("{}<p>Deep text here.</p>", "<div>".repeat(1_000_000));
        let start = std::time::Instant::now();
        assert_eq!(extract_page(&bottomless, None), Err(NotArticle::TooDeep));
        assert_eq!(html_to_paragraphs(&bottomless), "Deep text here.");
        assert!(start.elapsed().as_secs() < 5);
        assert_eq!(
            nesting_estimate("<div><p>a<p>b<br><img/></div><div></div>"),
            1
        );
    }
}
