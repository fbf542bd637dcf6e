//! Web pages, feeds and wire formats through the loader and `newsdesk list`:
//! what loads, what each format gives, and every kind of bad input the live
//! desk meets, each a warning naming the file, never a crash or a hang.

use assert_cmd::Command;
use newsdesk::corpus::{self, LoadOptions, LoadState, SourceFormat};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

fn write(dir: &Path, name: &str, bytes: impl AsRef<[u8]>) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, bytes).unwrap();
    p
}

fn load(dir: &Path) -> corpus::LoadReport {
    corpus::load_paths(
        &[dir.to_path_buf()],
        &LoadOptions {
            max_file_size: 1 << 20,
        },
    )
}

fn messages(r: &corpus::LoadReport) -> Vec<String> {
    r.warnings.iter().map(|w| w.to_string()).collect()
}

const PAGE: &str = r#"<!doctype html><html><head><title>Ferry capsizes off the coast | Harbour Times</title>
<script type="application/ld+json">{"@type":"NewsArticle","headline":"Ferry capsizes off the coast",
"datePublished":"2024-03-02T08:00:00Z","dateModified":"2024-03-03T09:00:00Z",
"author":{"@type":"Person","name":"Ana Ruiz"},"publisher":{"@type":"Organization","name":"Harbour Times"}}</script>
</head><body><nav><ul><li><a href="/">Home</a></li><li><a href="/world">World</a></li></ul></nav>
<div id="cookie-banner"><p>We use cookies to improve your experience.</p><button>OK</button></div>
<article><h1>Ferry capsizes off the coast</h1>
<p>A ferry carrying 140 people capsized off the northern coast on Saturday, killing at least 12, the coast guard said.</p>
<p>Rescue boats pulled 96 survivors from the water by nightfall, and the search went on through the night.</p>
<aside><h3>Related</h3><ul><li><a href="/a">Storm warnings issued for the weekend</a></li></ul></aside>
</article><section class="comments"><p><a href="/u/1">reader1</a>: so sad</p></section></body></html>"#;

fn newsml(guid: &str, version: u32, text: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<newsItem xmlns="http://iptc.org/std/nar/2006-10-01/" guid="{guid}" version="{version}" standard="NewsML-G2">
 <itemMeta><itemClass qcode="ninat:text"/><provider literal="Wire Agency"/>
  <versionCreated>2024-03-02T1{version}:00:00Z</versionCreated><firstCreated>2024-03-02T08:00:00Z</firstCreated></itemMeta>
 <contentMeta><headline>Ferry capsizes, {version}</headline><creator><name>Sam Lee</name></creator></contentMeta>
 <contentSet><inlineXML contenttype="application/xhtml+xml"><html xmlns="http://www.w3.org/1999/xhtml"><body>
  <p>{text}</p><p>The coast guard said the search would go on through the night.</p></body></html></inlineXML></contentSet>
</newsItem>"#
    )
}

#[test]
fn pages_feeds_and_wire_items_load_with_their_metadata() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "ferry.html", PAGE);
    write(
        dir.path(),
        "ferry.meta.json",
        r#"{"url": "https://harbour.example/ferry", "fetched": "2024-03-02T10:00:00Z"}"#,
    );
    write(
        dir.path(),
        "wire.ninjs.json",
        r#"{"uri": "urn:ninjs:1", "type": "text", "version": "3", "versioncreated": "2024-03-02T11:00:00Z",
            "firstcreated": "2024-03-02T08:30:00Z", "headline": "Ferry toll rises",
            "byline": "Kim Park", "copyrightholder": "Wire Agency",
            "body_html": "<p>The toll rose to 14.</p><p>Two people remain missing.</p>"}"#,
    );
    write(
        dir.path(),
        "wire2.json",
        r#"{"$schema": "https://www.iptc.org/std/ninjs/ninjs-schema_2.0.json", "uri": "urn:ninjs:2",
            "headlines": [{"role": "main", "value": "Search resumes"}],
            "bodies": [{"role": "main", "contenttype": "text/plain", "value": "The search resumed at dawn."}],
            "infosources": [{"name": "Other Agency"}], "versioncreated": "2024-03-03T06:00:00Z"}"#,
    );
    write(
        dir.path(),
        "item.xml",
        newsml("urn:x:ferry", 1, "A ferry capsized on Saturday."),
    );
    let r = load(dir.path());
    assert!(r.warnings.is_empty(), "{:?}", messages(&r));
    let by = |f: &str| {
        r.articles
            .iter()
            .find(|a| a.path.as_ref().unwrap().ends_with(f))
            .unwrap()
    };
    let page = by("ferry.html");
    assert_eq!(page.format, SourceFormat::Html);
    assert_eq!(page.title, "Ferry capsizes off the coast");
    assert_eq!(page.outlet.as_deref(), Some("Harbour Times"));
    assert_eq!(page.published, Some(jiff::civil::date(2024, 3, 2)));
    assert_eq!(page.updated, Some(jiff::civil::date(2024, 3, 3)));
    assert_eq!(page.authors, vec!["Ana Ruiz"]);
    assert_eq!(page.url.as_deref(), Some("https://harbour.example/ferry"));
    assert!(page.body.contains("killing at least 12"));
    for junk in ["cookies", "Storm warnings", "reader1", "Home"] {
        assert!(!page.body.contains(junk), "{junk} in {:?}", page.body);
    }
    assert!(page.paragraphs.len() >= 2);

    let ninjs = by("wire.ninjs.json");
    assert_eq!(ninjs.format, SourceFormat::Ninjs);
    assert_eq!(ninjs.title, "Ferry toll rises");
    assert_eq!(ninjs.outlet.as_deref(), Some("Wire Agency"));
    assert_eq!(ninjs.guid.as_deref(), Some("urn:ninjs:1"));
    assert_eq!(ninjs.version, Some(3));
    assert_eq!(
        ninjs.body,
        "The toll rose to 14.\n\nTwo people remain missing."
    );
    assert_eq!(ninjs.published, Some(jiff::civil::date(2024, 3, 2)));
    let ninjs2 = by("wire2.json");
    assert_eq!(ninjs2.format, SourceFormat::Ninjs);
    assert_eq!(ninjs2.title, "Search resumes");
    assert_eq!(ninjs2.outlet.as_deref(), Some("Other Agency"));
    assert_eq!(ninjs2.body, "The search resumed at dawn.");

    let item = by("item.xml");
    assert_eq!(item.format, SourceFormat::NewsmlG2);
    assert_eq!(item.guid.as_deref(), Some("urn:x:ferry"));
    assert_eq!(item.version, Some(1));
    assert_eq!(item.outlet.as_deref(), Some("Wire Agency"));
    assert_eq!(item.authors, vec!["Sam Lee"]);
}

#[test]
fn wire_versions_are_versions_and_feed_duplicates_are_one_article() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "a-v1.xml",
        newsml("urn:x:ferry", 1, "A ferry capsized on Saturday."),
    );
    write(
        dir.path(),
        "b-v2.xml",
        newsml(
            "urn:x:ferry",
            2,
            "A ferry capsized on Saturday, killing 12.",
        ),
    );
    // the same version again under another name: a duplicate
    write(
        dir.path(),
        "c-v2-copy.xml",
        newsml(
            "urn:x:ferry",
            2,
            "A ferry capsized on Saturday, killing 12.",
        ),
    );
    let feed = |title: &str, items: &[(&str, &str)]| {
        let mut s = format!("<rss version=\"2.0\"><channel><title>{title}</title>");
        for (g, t) in items {
            s.push_str(&format!(
                "<item><guid>{g}</guid><title>{g}</title><link>https://x.example/{g}</link><description>{t}</description></item>"
            ));
        }
        s + "</channel></rss>"
    };
    write(
        dir.path(),
        "feed1.rss",
        feed(
            "One",
            &[("g1", "Storm hits the coast."), ("g2", "Port closes.")],
        ),
    );
    write(
        dir.path(),
        "feed2.rss",
        feed(
            "Two",
            &[("g1", "Storm hits the coast."), ("g3", "Roads reopen.")],
        ),
    );
    let r = load(dir.path());
    let ids: Vec<&str> = r.articles.iter().map(|a| a.id.as_str()).collect();
    assert_eq!(r.articles.len(), 5, "{ids:?} {:?}", messages(&r));
    let v1 = &r.articles[0];
    let v2 = &r.articles[1];
    assert_eq!(v1.version_of, None);
    assert_eq!(v2.version_of.as_deref(), Some(v1.id.as_str()));
    assert_eq!(v2.version, Some(2));
    let msgs = messages(&r);
    assert!(
        msgs.iter().any(|m| m.contains("c-v2-copy.xml")
            && m.contains("duplicate of b-v2")
            && m.contains("same GUID")),
        "{msgs:?}"
    );
    assert!(
        msgs.iter()
            .any(|m| m.contains("feed2.rss") && m.contains("“g1” skipped: a duplicate")),
        "{msgs:?}"
    );
    // versions stay in one story, whatever their text
    let out = Command::cargo_bin("newsdesk")
        .unwrap()
        .args(["stories", "--json"])
        .arg(dir.path())
        .output()
        .unwrap();
    let stories: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let with_v1 = stories["stories"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| {
            s["articles"]
                .as_array()
                .unwrap()
                .iter()
                .any(|a| a == v1.id.as_str())
        })
        .unwrap();
    assert!(
        with_v1["articles"]
            .as_array()
            .unwrap()
            .iter()
            .any(|a| a == v2.id.as_str()),
        "{with_v1}"
    );
    // list --json says so
    let out = Command::cargo_bin("newsdesk")
        .unwrap()
        .args(["list", "--json"])
        .arg(dir.path())
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    let line: serde_json::Value = serde_json::from_str(text.lines().nth(1).unwrap()).unwrap();
    assert_eq!(line["version_of"], v1.id.as_str());
    assert_eq!(line["version"], 2);
    assert_eq!(line["guid"], "urn:x:ferry");
    assert_eq!(line["format"], "newsml_g2");
    assert!(line.get("body").is_none(), "no body without --body");
}

#[test]
fn bad_pages_feeds_and_xml_are_warnings_never_crashes_or_hangs() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "404.html",
        "<html><head><title>Page not found</title></head><body><h1>Sorry</h1></body></html>",
    );
    write(
        dir.path(),
        "index.html",
        format!(
            "<html><head><title>News</title></head><body><ul>{}</ul></body></html>",
            (0..40)
                .map(|i| format!("<li><a href=\"/s{i}\">Story number {i} of the day</a></li>"))
                .collect::<String>()
        ),
    );
    write(dir.path(), "broken.html", "<html><body><p>Unclosed <b>bold <i>text <div><table><tr><td>cell</p></span></html></body>\u{0}".replace('\u{0}', ""));
    write(
        dir.path(),
        "garbage.htm",
        [0xffu8, 0xfe, 0x00, 0x3c, 0x70, 0x3e].repeat(100),
    );
    write(
        dir.path(),
        "bottomless.html",
        format!("<html><body>{}<p>x</p>", "<div>".repeat(200_000)),
    );
    let mut deep = String::from("<html><body>");
    deep.push_str(&"<div>".repeat(1_000));
    deep.push_str("<p>Deep inside, a report of the ferry capsizing on Saturday, with many words so it reads as an article to the extractor, which wants forty of them at least before it believes a page that says nothing about itself is an article at all.</p>");
    write(dir.path(), "deep.html", deep);
    write(dir.path(), "huge.html", vec![b'a'; (1 << 20) + 10]);
    let mut bomb = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    for _ in 0..32 {
        bomb.write_all(&vec![b' '; 1 << 20]).unwrap();
    }
    write(dir.path(), "bomb.html.gz", bomb.finish().unwrap());
    let mut laughs = String::from("<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol \"lol\">");
    let mut prev = "lol".to_string();
    for i in 1..10 {
        laughs.push_str(&format!(
            "<!ENTITY lol{i} \"{}\">",
            format!("&{prev};").repeat(10)
        ));
        prev = format!("lol{i}");
    }
    laughs.push_str("]><rss version=\"2.0\"><channel><title>&lol9;</title><item><guid>x</guid><title>&lol9;</title><description>Laughs &lol9; here.</description></item></channel></rss>");
    write(dir.path(), "laughs.xml", &laughs);
    write(
        dir.path(),
        "laughs-wire.xml",
        laughs
            .replace("<rss version=\"2.0\"><channel><title>&lol9;</title><item><guid>x</guid><title>&lol9;</title><description>", "<newsItem guid=\"l\"><contentSet><inlineXML><p>")
            .replace("</description></item></channel></rss>", "</p></inlineXML></contentSet></newsItem>"),
    );
    write(
        dir.path(),
        "dates.rss",
        "<rss version=\"2.0\"><channel><title>T &amp; Co</title><item><guid>d1</guid><title>Caf&eacute; &#233; &amp;</title>\
         <pubDate>32 Foo 2024 99:99</pubDate><description>Text &lt;b&gt;bold&lt;/b&gt; here.</description></item>\
         <item><guid>d1</guid><title>again</title><description>Text &lt;b&gt;bold&lt;/b&gt; here.</description></item></channel></rss>",
    );
    write(
        dir.path(),
        "malformed.xml",
        "<rss version=\"2.0\"><channel><item><title>cut off",
    );
    write(
        dir.path(),
        "notfeed.xml",
        "<?xml version=\"1.0\"?><config><a>1</a></config>",
    );
    write(
        dir.path(),
        "empty-item.xml",
        "<newsItem guid=\"e\"><contentSet/></newsItem>",
    );
    let start = Instant::now();
    let r = load(dir.path());
    assert!(
        start.elapsed() < Duration::from_secs(20),
        "took {:?}",
        start.elapsed()
    );
    let msgs = messages(&r);
    let has = |file: &str, needle: &str| {
        assert!(
            msgs.iter().any(|m| m.contains(file) && m.contains(needle)),
            "{file}: {needle:?} not in {msgs:#?}"
        )
    };
    has("404.html", "an error page (“Page not found”)");
    has("bottomless.html", "nested more than 5000 deep");
    has("index.html", "no article text found");
    has("huge.html", "over the 1 MB limit");
    has("bomb.html.gz", "decompressed size is over the 1 MB limit");
    has(
        "dates.rss",
        "unreadable date(s) left out: “32 Foo 2024 99:99”",
    );
    has("dates.rss", "a duplicate of");
    has("malformed.xml", "not a readable feed");
    has("notfeed.xml", "not a readable feed");
    has("empty-item.xml", "no text in its contentSet");
    for a in &r.articles {
        assert!(a.body.len() < 10_000, "{}: entities expanded?", a.id);
        assert!(!a.body.contains("lollol"), "{}", a.id);
    }
    let ids: Vec<&str> = r.articles.iter().map(|a| a.id.as_str()).collect();
    assert!(ids.contains(&"deep"), "{ids:?} {msgs:#?}");
    let dates = r
        .articles
        .iter()
        .find(|a| a.path.as_ref().unwrap().ends_with("dates.rss"))
        .unwrap();
    assert_eq!(dates.title, "Café é &");
    assert_eq!(dates.body, "Text bold here.");
    assert_eq!(dates.outlet.as_deref(), Some("T & Co"));
}

#[test]
fn a_reloaded_file_keeps_ids_and_sends_only_what_changed() {
    let dir = tempfile::tempdir().unwrap();
    let feed = |items: &[(&str, &str)]| {
        let mut s = String::from("<rss version=\"2.0\"><channel><title>Feed</title>");
        for (g, t) in items {
            s.push_str(&format!(
                "<item><guid>{g}</guid><title>{g}</title><description>{t}</description></item>"
            ));
        }
        s + "</channel></rss>"
    };
    let f = write(dir.path(), "f.xml", feed(&[("g1", "One."), ("g2", "Two.")]));
    write(dir.path(), "a.txt", "A text report.");
    let mut state = LoadState::new();
    let opts = LoadOptions::default();
    let mut first = Vec::new();
    corpus::load_paths_with(&mut state, &[dir.path().to_path_buf()], &opts, &mut |e| {
        if let corpus::LoadEvent::Articles(a) = e {
            first.extend(a)
        }
    });
    assert_eq!(first.len(), 3);
    let g1_id = first
        .iter()
        .find(|a| a.guid.as_deref() == Some("g1"))
        .unwrap()
        .id
        .clone();
    // re-polled: g1 unchanged, g2 edited, g3 new, the text file untouched
    std::fs::write(
        &f,
        feed(&[("g3", "Three."), ("g1", "One."), ("g2", "Two, corrected.")]),
    )
    .unwrap();
    let (mut added, mut changed) = (Vec::new(), Vec::new());
    corpus::load_paths_with(
        &mut state,
        std::slice::from_ref(&f),
        &opts,
        &mut |e| match e {
            corpus::LoadEvent::Articles(a) => added.extend(a),
            corpus::LoadEvent::Changed(a) => changed.extend(a),
            corpus::LoadEvent::Warning(w) => panic!("{w}"),
            _ => {}
        },
    );
    assert_eq!(added.len(), 1);
    assert_eq!(added[0].guid.as_deref(), Some("g3"));
    assert_eq!(changed.len(), 1);
    assert_eq!(changed[0].body, "Two, corrected.");
    assert!(first.iter().any(|a| a.id == changed[0].id), "same id");
    assert!(!added.iter().chain(&changed).any(|a| a.id == g1_id));
    // a new file whose id would clash gets a fresh one
    let sub = dir.path().join("sub");
    std::fs::create_dir(&sub).unwrap();
    write(&sub, "a.txt", "Another report with the same file name.");
    let mut more = Vec::new();
    corpus::load_paths_with(&mut state, &[sub.join("a.txt")], &opts, &mut |e| {
        if let corpus::LoadEvent::Articles(a) = e {
            more.extend(a)
        }
    });
    assert_eq!(more[0].id, "a~2");
}

#[test]
fn the_desk_takes_live_articles_without_moving_anything() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "a.txt",
        "A ferry capsized off the coast on Saturday, killing 12 people.",
    );
    write(
        dir.path(),
        "b.txt",
        "Rescue boats pulled 96 survivors from the water on Saturday.",
    );
    let r = load(dir.path());
    let mut desk = newsdesk::desk::Desk::from_report(r);
    desk.compute_stories();
    let before: Vec<String> = desk.articles.iter().map(|a| a.id.clone()).collect();
    let mut v2 = (*desk.articles[0]).clone();
    v2.id = "a-v2".into();
    v2.version_of = Some("a".into());
    let mut c = (*desk.articles[1]).clone();
    c.id = "c".into();
    let change = desk.apply_live(corpus::LoadEvent::Articles(vec![v2, c]));
    assert_eq!(change.added, 2..4);
    let stories = desk.stories.as_ref().unwrap();
    assert_eq!(stories.story_of.len(), 4);
    assert_eq!(
        stories.story_of[2], stories.story_of[0],
        "a version joins its story"
    );
    assert!(desk.stories_stale);
    let mut changed = (*desk.articles[1]).clone();
    changed.body = "Rescue boats pulled 97 survivors from the water on Saturday.".into();
    let change = desk.apply_live(corpus::LoadEvent::Changed(vec![changed]));
    assert_eq!(change.replaced, vec![1]);
    assert!(desk.articles[1].body.contains("97"));
    let after: Vec<String> = desk.articles.iter().take(2).map(|a| a.id.clone()).collect();
    assert_eq!(before, after, "no index moved");
    desk.compute_stories();
    assert!(!desk.stories_stale);
    assert_eq!(desk.stories.as_ref().unwrap().story_of.len(), 4);
}
