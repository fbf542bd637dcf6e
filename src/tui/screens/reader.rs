//! The reader: one article with entities highlighted by type, boilerplate
//! dimmed, a cursor on one sentence (verdicts and notes apply to it, its
//! marker shows in the gutter), the current mention of `n`/`N` emphasised
//! and, when opened from a claim or quote, the evidence marked.
//!
//! [`ReaderPane`] is the component (the list screen shows one beside the
//! list); [`ReaderScreen`] shows one full screen, pushed from the claims,
//! quotes, story, compare and entity screens.

use super::entities::EntityPane;
use crate::corpus::{Article, MarkKind, Provenance, Span};
use crate::nlp::Analysis;
use crate::nlp::entities::{Group, Mention};
use crate::review::ItemKey;
use crate::sanitize::sanitize_line;
use crate::tui::action::Action;
use crate::tui::keymap::Context;
use crate::tui::review::{Target, outlet_label, sentence_target};
use crate::tui::screen::{Command, Ctx, EntityChoice, Out, Screen, Transition};
use crate::tui::theme::Theme;
use crate::tui::widgets::{pane_block, verdict_marker};
use crate::tui::wrap::{NO_TAG, Segment, wrap};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span as TSpan};
use ratatui::widgets::Paragraph;
use std::cell::{Cell, RefCell};
use std::rc::Rc;

/// Columns left of the text for the verdict markers.
pub const GUTTER: u16 = 2;

fn mark_style(theme: &Theme, kind: MarkKind) -> Style {
    match kind {
        MarkKind::Subhead => theme.subhead,
        MarkKind::Headline => theme.headline,
        _ => theme.boilerplate,
    }
}

/// A piece of the body as laid out: its bytes and the sentence it is in.
#[derive(Clone, Copy, Debug)]
struct Piece {
    span: Span,
    sentence: Option<usize>,
}

/// The reader's lines for one article at one width.
#[derive(Debug, Default)]
pub struct ReaderLayout {
    pub lines: Vec<Line<'static>>,
    /// The tag of each span (an index into `pieces`, or [`NO_TAG`]).
    tags: Vec<Vec<u32>>,
    pieces: Vec<Piece>,
    /// (mention index, line) for every highlighted mention.
    pub mention_lines: Vec<(usize, usize)>,
    /// First and last line of each sentence (by analysis index).
    pub sentence_lines: Vec<Option<(usize, usize)>>,
    /// The sentence starting on each line, for the gutter.
    starts: Vec<Option<usize>>,
    /// The line of the title (the article's marker goes beside it).
    title_line: usize,
}

/// What a layout depends on.
#[derive(Clone, Debug, PartialEq, Eq)]
struct LayoutKey {
    article: usize,
    /// The desk's revision: live articles and regroupings change the text
    /// or the story line.
    revision: u64,
    stories: bool,
    width: usize,
    analysed: bool,
    hidden: [bool; 7],
    chosen: Option<EntityChoice>,
    evidence: Option<Span>,
}

/// "story s1 · 4 reports (…) · related: “Title” (Outlet)" for the header.
fn story_line(ctx: &Ctx, article: usize) -> Option<String> {
    let stories = ctx.desk.stories.as_ref()?;
    let s = *stories.story_of.get(article)?;
    let story = &stories.stories[s];
    let n = story.articles.len();
    let mut line = format!(
        "story s{} · {n} report{}",
        s + 1,
        if n == 1 { "" } else { "s" }
    );
    if n > 1 {
        line.push_str(" (c compare · v overview · C claims · Q quotes)");
    } else {
        line.push_str(" (c compare with any article)");
    }
    if !story.related.is_empty() {
        let names: Vec<String> = story
            .related
            .iter()
            .take(3)
            .map(|&(a, _)| {
                let r = &ctx.desk.articles[a];
                format!(
                    "“{}” ({})",
                    crate::tui::wrap::truncate(&r.title, 50),
                    outlet_label(r)
                )
            })
            .collect();
        let more = story.related.len().saturating_sub(3);
        line.push_str(&format!(" · related: {}", names.join(", ")));
        if more > 0 {
            line.push_str(&format!(" and {more} more"));
        }
    }
    Some(line)
}

/// Lays out an article: header, then paragraphs with marks dimmed or
/// styled, entity mentions coloured by type (types in `hidden` plain; the
/// chosen entity's mentions emphasised), the evidence marked, every piece
/// tagged with its sentence so the cursor can be drawn without relaying.
fn build_layout(
    ctx: &Ctx,
    article: &Article,
    analysis: Option<&Analysis>,
    width: usize,
    chosen: Option<&EntityChoice>,
    evidence: Option<Span>,
    story: Option<&str>,
) -> ReaderLayout {
    let theme = ctx.theme;
    let hidden = &ctx.hidden;
    let mut out = ReaderLayout::default();
    let title = wrap(&[Segment::new(&article.title, theme.title)], width, "");
    out.title_line = 0;
    push_wrapped(&mut out, title);
    if let Some(story) = story {
        push_wrapped(
            &mut out,
            wrap(&[Segment::new(story, theme.story)], width, "  "),
        );
    }

    let mut meta: Vec<TSpan<'static>> = Vec::new();
    let sep = || TSpan::styled(" · ", theme.meta);
    meta.push(TSpan::styled(
        sanitize_line(article.outlet.as_deref().unwrap_or("unknown outlet")).into_owned(),
        theme.outlet,
    ));
    meta.push(sep());
    meta.push(TSpan::styled(
        article
            .published
            .map(|d| d.to_string())
            .unwrap_or_else(|| "undated".into()),
        theme.date,
    ));
    if let Some(d) = article.text_date {
        // the given date is earlier than posts the text embeds
        meta.push(TSpan::styled(
            format!(" (text of {d}: embeds later posts)"),
            theme.status,
        ));
    }
    meta.push(sep());
    meta.push(TSpan::styled(
        format!("{} words", article.words()),
        theme.words,
    ));
    if !article.authors.is_empty() {
        meta.push(sep());
        meta.push(TSpan::styled(
            format!("by {}", sanitize_line(&article.authors.join(", "))),
            theme.meta,
        ));
    }
    if analysis.is_none() {
        meta.push(sep());
        meta.push(TSpan::styled("analysing…", theme.status));
    }
    out.lines.push(Line::from(meta));
    out.tags.push(Vec::new());
    let inferred: Vec<&str> = [
        ("title", article.sources.title),
        ("outlet", article.sources.outlet),
        ("date", article.sources.published),
    ]
    .iter()
    .filter(|(_, p)| *p == Provenance::Inferred)
    .map(|(n, _)| *n)
    .collect();
    let mut source = article.file_name();
    if let Some(url) = &article.url {
        source = format!("{url}  ({source})");
    }
    if !inferred.is_empty() {
        source.push_str(&format!("  · inferred: {}", inferred.join(", ")));
    }
    push_wrapped(
        &mut out,
        wrap(&[Segment::new(&source, theme.meta)], width, "  "),
    );
    out.lines.push(Line::default());
    out.tags.push(Vec::new());

    let mentions: Vec<(usize, &Mention, bool)> = analysis
        .map(|an| {
            an.entities
                .mentions
                .iter()
                .enumerate()
                .filter(|(_, m)| {
                    !hidden[Group::ALL.iter().position(|g| *g == m.group).unwrap_or(0)]
                })
                .map(|(i, m)| {
                    let chosen = chosen.is_some_and(|c| {
                        c.group == m.group && an.entities.canonical[m.canonical].key == c.key
                    });
                    (i, m, chosen)
                })
                .collect()
        })
        .unwrap_or_default();
    let sentences: Vec<Span> = analysis
        .map(|an| an.sentences.iter().map(|s| s.span).collect())
        .unwrap_or_default();
    out.sentence_lines = vec![None; sentences.len()];

    for p in &article.paragraphs {
        // cut points: marks, mentions, sentences and the evidence inside the paragraph
        let mut cuts = vec![p.start, p.end];
        let marks: Vec<&crate::corpus::Mark> = article
            .marks
            .iter()
            .filter(|m| m.span.overlaps(*p))
            .collect();
        for m in &marks {
            cuts.push(m.span.start.clamp(p.start, p.end));
            cuts.push(m.span.end.clamp(p.start, p.end));
        }
        let in_para: Vec<&(usize, &Mention, bool)> = mentions
            .iter()
            .filter(|(_, m, _)| p.contains(m.span))
            .collect();
        for (_, m, _) in &in_para {
            cuts.push(m.span.start);
            cuts.push(m.span.end);
        }
        let first_sentence = sentences.partition_point(|s| s.end <= p.start);
        for s in sentences[first_sentence..]
            .iter()
            .take_while(|s| s.start < p.end)
        {
            cuts.push(s.start.clamp(p.start, p.end));
            cuts.push(s.end.clamp(p.start, p.end));
        }
        if let Some(e) = evidence
            && e.overlaps(*p)
        {
            cuts.push(e.start.clamp(p.start, p.end));
            cuts.push(e.end.clamp(p.start, p.end));
        }
        cuts.sort_unstable();
        cuts.dedup();
        let mut segments = Vec::new();
        let mut tag = None;
        for w in cuts.windows(2) {
            let (a, b) = (w[0], w[1]);
            if a == b {
                continue;
            }
            let mut style = theme.text;
            if let Some(m) = marks.iter().find(|m| m.span.start <= a && b <= m.span.end) {
                style = mark_style(theme, m.kind);
                if m.span.contains(*p) && m.kind.is_boilerplate() {
                    tag = Some(m.kind);
                }
            }
            let mention = in_para
                .iter()
                .find(|(_, m, _)| m.span.start <= a && b <= m.span.end);
            let mut anchor = None;
            if let Some((i, m, is_chosen)) = mention {
                style = style.patch(theme.entity(m.group));
                if *is_chosen {
                    style = style.patch(theme.entity_selected);
                }
                if m.span.start == a {
                    anchor = Some(*i);
                }
            }
            if evidence.is_some_and(|e| e.start <= a && b <= e.end) {
                style = style.patch(theme.evidence);
            }
            let si = sentences.partition_point(|s| s.end <= a);
            let sentence = sentences.get(si).filter(|s| s.start <= a).map(|_| si);
            let piece = out.pieces.len() as u32;
            out.pieces.push(Piece {
                span: Span::new(a, b),
                sentence,
            });
            let text = &article.body[a..b];
            let seg = match anchor {
                Some(i) => Segment::anchored(text, style, i),
                None => Segment::new(text, style),
            };
            segments.push(seg.tagged(piece));
        }
        let label;
        if let Some(kind) = tag {
            label = format!("[{}]", kind.as_str().replace('_', " "));
            segments.insert(0, Segment::new(&label, theme.boilerplate));
        }
        let base = out.lines.len();
        let wrapped = wrap(&segments, width, "");
        out.mention_lines
            .extend(wrapped.anchors.iter().map(|&(i, l)| (i, base + l)));
        push_wrapped(&mut out, wrapped);
        out.lines.push(Line::default());
        out.tags.push(Vec::new());
    }
    out.lines.pop();
    out.tags.pop();
    // where each sentence ends, and where each starts (for the gutter)
    for (line, tags) in out.tags.iter().enumerate() {
        for &t in tags {
            if t == NO_TAG {
                continue;
            }
            if let Some(s) = out.pieces[t as usize].sentence {
                let slot = &mut out.sentence_lines[s];
                match slot {
                    Some((first, last)) => {
                        *first = (*first).min(line);
                        *last = (*last).max(line);
                    }
                    None => *slot = Some((line, line)),
                }
            }
        }
    }
    out.starts = vec![None; out.lines.len()];
    for (s, l) in out.sentence_lines.iter().enumerate() {
        if let Some((first, _)) = l
            && out.starts[*first].is_none()
        {
            out.starts[*first] = Some(s);
        }
    }
    out
}

fn push_wrapped(out: &mut ReaderLayout, w: crate::tui::wrap::Wrapped) {
    out.lines.extend(w.lines);
    out.tags.extend(w.tags);
}

/// Where the view should move at the next draw (it knows the layout then).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Follow {
    None,
    /// Keep the cursor's sentence in view.
    Cursor,
    /// Put the cursor's sentence a third of the way down.
    Centre,
    /// Put the current mention a third of the way down.
    Mention,
}

/// An article being read.
pub struct ReaderPane {
    pub article: Option<usize>,
    /// The sentence under the cursor (index into the analysis's sentences).
    pub cursor: Option<usize>,
    /// The mention `n`/`N` went to last.
    pub mention: Option<usize>,
    /// The entity whose mentions are emphasised and `n`/`N` go through.
    pub chosen: Option<EntityChoice>,
    /// A span to mark (the evidence the reader was opened for).
    pub evidence: Option<Span>,
    scroll: Cell<usize>,
    follow: Cell<Follow>,
    layout: RefCell<Option<(LayoutKey, Rc<ReaderLayout>)>>,
    /// The item keys of the article's sentences (computed once per article;
    /// [`ReaderPane::reload`] drops them).
    keys: RefCell<Option<(usize, Rc<ItemKeys>)>>,
    pub area: Cell<Rect>,
}

/// The item keys of an article's sentences, and of its quotes with the
/// sentence each starts in: what the gutter shows markers for.
#[derive(Debug, Default)]
struct ItemKeys {
    sentences: Vec<ItemKey>,
    quotes: Vec<(usize, ItemKey)>,
}

impl Default for ReaderPane {
    fn default() -> Self {
        ReaderPane {
            article: None,
            cursor: None,
            mention: None,
            chosen: None,
            evidence: None,
            scroll: Cell::new(0),
            follow: Cell::new(Follow::None),
            layout: RefCell::new(None),
            keys: RefCell::new(None),
            area: Cell::new(Rect::default()),
        }
    }
}

impl ReaderPane {
    pub fn new(article: usize) -> ReaderPane {
        ReaderPane {
            article: Some(article),
            ..Default::default()
        }
    }

    /// Shows another article (from the top, no cursor yet).
    pub fn set_article(&mut self, article: Option<usize>) {
        if self.article != article {
            self.article = article;
            self.cursor = None;
            self.mention = None;
            self.evidence = None;
            self.scroll.set(0);
            self.follow.set(Follow::None);
        }
    }

    /// The article was replaced by a new version of its file: back to its
    /// top, no cursor, nothing cached (sentences and spans have changed).
    pub fn reload(&mut self) {
        self.cursor = None;
        self.mention = None;
        self.evidence = None;
        self.scroll.set(0);
        self.follow.set(Follow::None);
        self.layout.borrow_mut().take();
        self.keys.borrow_mut().take();
    }

    /// Puts the cursor on a sentence and scrolls it to a third of the view.
    pub fn focus_sentence(&mut self, sentence: usize, evidence: Option<Span>) {
        self.cursor = Some(sentence);
        self.evidence = evidence;
        self.follow.set(Follow::Centre);
    }

    pub fn scroll(&self) -> usize {
        self.scroll.get()
    }

    fn analysis<'a>(&self, ctx: &'a Ctx) -> Option<&'a Analysis> {
        ctx.desk.analyses.get(self.article?)?.as_deref()
    }

    /// The layout at a width (cached).
    fn layout(&self, ctx: &Ctx, width: usize) -> Option<Rc<ReaderLayout>> {
        let article = self.article?;
        let analysis = self.analysis(ctx);
        let key = LayoutKey {
            article,
            revision: ctx.desk.revision,
            stories: ctx.desk.stories.is_some(),
            width,
            analysed: analysis.is_some(),
            hidden: ctx.hidden,
            chosen: self.chosen.clone(),
            evidence: self.evidence,
        };
        if let Some((k, layout)) = self.layout.borrow().as_ref()
            && *k == key
        {
            return Some(layout.clone());
        }
        let story = story_line(ctx, article);
        let layout = Rc::new(build_layout(
            ctx,
            &ctx.desk.articles[article],
            analysis,
            width,
            self.chosen.as_ref(),
            self.evidence,
            story.as_deref(),
        ));
        *self.layout.borrow_mut() = Some((key, layout.clone()));
        Some(layout)
    }

    /// The layout drawn last (for paging between draws).
    fn last_layout(&self) -> Option<Rc<ReaderLayout>> {
        self.layout.borrow().as_ref().map(|(_, l)| l.clone())
    }

    /// The item keys of the article's sentences and quotes.
    fn sentence_keys(&self, ctx: &Ctx) -> Option<Rc<ItemKeys>> {
        let article = self.article?;
        if let Some((a, keys)) = self.keys.borrow().as_ref()
            && *a == article
        {
            return Some(keys.clone());
        }
        let an = self.analysis(ctx)?;
        let art = &ctx.desk.articles[article];
        let hash = crate::workflow::article_hash(art);
        let key = |kind, span| {
            let c = art.char_span(span);
            ItemKey::span(kind, &hash, c.start, c.end)
        };
        let sentences = an
            .sentences
            .iter()
            .map(|s| key(crate::review::ItemKind::Sentence, s.span))
            .collect();
        let quotes = an
            .quotes
            .iter()
            .filter_map(|q| {
                let s = an.sentences.iter().position(|s| s.span.overlaps(q.span))?;
                Some((s, key(crate::review::ItemKind::Quote, q.span)))
            })
            .collect();
        let keys = Rc::new(ItemKeys { sentences, quotes });
        *self.keys.borrow_mut() = Some((article, keys.clone()));
        Some(keys)
    }

    /// The reporting sentences, by analysis index.
    fn reporting(&self, ctx: &Ctx) -> Vec<usize> {
        self.analysis(ctx)
            .map(|an| an.reporting_sentences().map(|(i, _)| i).collect())
            .unwrap_or_default()
    }

    /// What a verdict applies to: the sentence under the cursor.
    pub fn target(&self, ctx: &Ctx) -> Option<Target> {
        sentence_target(ctx.desk, self.article?, self.cursor?)
    }

    /// Puts the cursor on the first sentence in view if it has none.
    pub fn ensure_cursor(&mut self, ctx: &Ctx) {
        if self.cursor.is_some() {
            return;
        }
        let list = self.reporting(ctx);
        let first = self
            .first_in_view()
            .and_then(|s| list.iter().find(|&&r| r >= s).copied())
            .or_else(|| list.first().copied());
        self.cursor = first;
    }

    fn page(&self) -> usize {
        (self.area.get().height as usize).saturating_sub(2).max(1)
    }

    /// Moves the cursor by `delta` sentences (or scrolls when there are none yet).
    fn move_cursor(&mut self, ctx: &Ctx, delta: isize) {
        let list = self.reporting(ctx);
        if list.is_empty() {
            self.scroll_by(delta * 3);
            return;
        }
        let at = match self.cursor.and_then(|c| list.iter().position(|&s| s >= c)) {
            Some(p) => crate::tui::widgets::add_clamped(p, delta, list.len() - 1),
            // no cursor yet: the first sentence in view
            None => self
                .first_in_view()
                .and_then(|s| list.iter().position(|&x| x >= s))
                .unwrap_or(0),
        };
        self.cursor = Some(list[at]);
        self.follow.set(Follow::Cursor);
    }

    /// The first sentence that starts at or below the top of the view.
    fn first_in_view(&self) -> Option<usize> {
        let layout = self.last_layout()?;
        let top = self.scroll.get();
        layout
            .sentence_lines
            .iter()
            .enumerate()
            .filter_map(|(s, l)| l.map(|(first, _)| (s, first)))
            .find(|&(_, first)| first >= top)
            .map(|(s, _)| s)
    }

    fn scroll_by(&mut self, delta: isize) {
        let max = self
            .last_layout()
            .map(|l| {
                l.lines
                    .len()
                    .saturating_sub(self.area.get().height as usize)
            })
            .unwrap_or(0);
        self.scroll.set(crate::tui::widgets::add_clamped(
            self.scroll.get(),
            delta,
            max,
        ));
        self.follow.set(Follow::None);
    }

    /// Pages, then puts the cursor on the first sentence in view.
    fn page_by(&mut self, ctx: &Ctx, pages: isize) {
        self.scroll_by(pages * self.page() as isize);
        let list = self.reporting(ctx);
        if let Some(s) = self.first_in_view()
            && let Some(&r) = list.iter().find(|&&r| r >= s)
        {
            self.cursor = Some(r);
        }
    }

    /// Mentions `n`/`N` move through: the chosen entity's, else every
    /// highlighted mention.
    fn navigable_mentions(&self, ctx: &Ctx) -> Vec<usize> {
        let Some(an) = self.analysis(ctx) else {
            return Vec::new();
        };
        an.entities
            .mentions
            .iter()
            .enumerate()
            .filter(|(_, m)| match &self.chosen {
                Some(c) => m.group == c.group && an.entities.canonical[m.canonical].key == c.key,
                None => !ctx.hidden[Group::ALL.iter().position(|g| *g == m.group).unwrap_or(0)],
            })
            .map(|(i, _)| i)
            .collect()
    }

    /// Goes to the next (or previous) mention: emphasised, in view, the
    /// cursor on its sentence.
    pub fn jump_mention(&mut self, ctx: &Ctx, forward: bool, out: &mut Out) {
        let list = self.navigable_mentions(ctx);
        if list.is_empty() {
            out.say(match (&self.chosen, self.analysis(ctx)) {
                (_, None) => "the article is being analysed…".to_string(),
                (Some(c), _) => format!("{} is not named in this article", c.name),
                (None, _) => "no entity mention here".to_string(),
            });
            return;
        }
        let pos = match self.mention.and_then(|m| list.iter().position(|x| *x == m)) {
            Some(p) if forward => (p + 1) % list.len(),
            Some(p) => (p + list.len() - 1) % list.len(),
            None if forward => 0,
            None => list.len() - 1,
        };
        let mention = list[pos];
        self.mention = Some(mention);
        let an = self.analysis(ctx).expect("mentions come from the analysis");
        let span = an.entities.mentions[mention].span;
        self.cursor = an
            .sentences
            .iter()
            .position(|s| s.span.start <= span.start && span.start < s.span.end);
        self.follow.set(Follow::Mention);
        let name = &an.entities.canonical[an.entities.mentions[mention].canonical].name;
        out.say(format!(
            "mention {} of {} · {}",
            pos + 1,
            list.len(),
            sanitize_line(name)
        ));
    }

    /// Carries out a reader action; Ignored for the rest.
    pub fn update(&mut self, action: Action, ctx: &Ctx, out: &mut Out) -> Transition {
        match action {
            Action::Down => self.move_cursor(ctx, 1),
            Action::Up => self.move_cursor(ctx, -1),
            Action::PageDown => self.page_by(ctx, 1),
            Action::PageUp => self.page_by(ctx, -1),
            Action::Top => {
                self.scroll.set(0);
                self.cursor = self.reporting(ctx).first().copied();
                self.follow.set(Follow::None);
            }
            Action::Bottom => {
                self.scroll_by(isize::MAX / 2);
                self.cursor = self.reporting(ctx).last().copied();
            }
            Action::NextMention => self.jump_mention(ctx, true, out),
            Action::PrevMention => self.jump_mention(ctx, false, out),
            _ => return Transition::Ignored,
        }
        Transition::Stay
    }

    /// Draws the reader into `area` (framed; focused or not).
    pub fn draw(&self, frame: &mut Frame, area: Rect, ctx: &Ctx, focused: bool) {
        let theme = ctx.theme;
        let block = pane_block(theme, " Reader ", focused);
        let inner = block.inner(area);
        frame.render_widget(block, area);
        self.area.set(inner);
        let width = inner.width.saturating_sub(GUTTER + 1).max(1) as usize;
        let Some(layout) = self.layout(ctx, width) else {
            frame.render_widget(
                Paragraph::new(TSpan::styled("no article selected", theme.status)),
                inner,
            );
            return;
        };
        let height = inner.height as usize;
        let max_scroll = layout.lines.len().saturating_sub(height);
        let mut scroll = self.scroll.get().min(max_scroll);
        let cursor_lines = self
            .cursor
            .and_then(|c| layout.sentence_lines.get(c).copied().flatten());
        match self.follow.replace(Follow::None) {
            Follow::Cursor => {
                if let Some((first, last)) = cursor_lines {
                    if first < scroll {
                        scroll = first;
                    } else if last >= scroll + height {
                        scroll = (last + 1).saturating_sub(height).min(first);
                    }
                }
            }
            Follow::Centre => {
                if let Some((first, _)) = cursor_lines {
                    scroll = first.saturating_sub(height / 3);
                }
            }
            Follow::Mention => {
                if let Some(&(_, line)) = layout
                    .mention_lines
                    .iter()
                    .find(|(m, _)| Some(*m) == self.mention)
                {
                    scroll = line.saturating_sub(height / 3);
                }
            }
            Follow::None => {}
        }
        scroll = scroll.min(max_scroll);
        self.scroll.set(scroll);

        let mention_span = self.mention.and_then(|m| {
            let an = self.analysis(ctx)?;
            an.entities.mentions.get(m).map(|m| m.span)
        });
        let keys = self.sentence_keys(ctx);
        let article_key = self
            .article
            .map(|a| crate::workflow::article_item(&ctx.desk.articles[a]).key);
        let mut lines = Vec::with_capacity(height);
        for (i, line) in layout.lines.iter().enumerate().skip(scroll).take(height) {
            let mut spans: Vec<TSpan> = Vec::with_capacity(line.spans.len() + 2);
            // the gutter: the article's marker by its title, each sentence's by its first line
            let marker = if i == layout.title_line {
                article_key.as_ref().map(|k| verdict_marker(ctx, k))
            } else {
                layout.starts[i].and_then(|s| {
                    let keys = keys.as_ref()?;
                    let shown = |k: &ItemKey| ctx.review.is_reviewed(k) || ctx.review.is_pending(k);
                    // the sentence's own verdict, else that of a quote in it
                    let k = keys.sentences.get(s).filter(|k| shown(k)).or_else(|| {
                        keys.quotes
                            .iter()
                            .find(|(qs, k)| *qs == s && shown(k))
                            .map(|(_, k)| k)
                    })?;
                    Some(verdict_marker(ctx, k))
                })
            };
            spans.push(marker.unwrap_or_else(|| TSpan::raw("  ")));
            let tags = &layout.tags[i];
            for (k, span) in line.spans.iter().enumerate() {
                let tag = tags.get(k).copied().unwrap_or(NO_TAG);
                let mut span = span.clone();
                if tag != NO_TAG {
                    let piece = layout.pieces[tag as usize];
                    if piece.sentence.is_some() && piece.sentence == self.cursor {
                        span.style = span.style.patch(theme.cursor);
                        // the evidence stays marked under the cursor
                        if self.evidence.is_some_and(|e| e.contains(piece.span)) {
                            span.style = span.style.patch(theme.evidence);
                        }
                    }
                    if mention_span.is_some_and(|m| m.contains(piece.span)) {
                        span.style = span.style.patch(theme.mention_current);
                    }
                }
                spans.push(span);
            }
            lines.push(Line::from(spans));
        }
        frame.render_widget(Paragraph::new(lines), inner);
        if let Some(pct) = (scroll * 100).checked_div(max_scroll) {
            let label = format!(" {pct}% ");
            let x = area.right().saturating_sub(label.len() as u16 + 2);
            frame.render_widget(
                TSpan::styled(label, theme.meta),
                Rect::new(x, area.bottom().saturating_sub(1), 6, 1),
            );
        }
    }

    /// The keys of the reader.
    pub fn commands() -> Vec<Command> {
        vec![
            Command::labelled(Action::Down, "next sentence"),
            Command::help(Action::Up),
            Command::bar(Action::PageDown),
            Command::bar(Action::NextMention),
            Command::labelled(Action::Disputed, "verdict on the sentence"),
            Command::help(Action::Verified),
            Command::help(Action::MarkFalse),
            Command::help(Action::NeedsSource),
            Command::help(Action::Unchecked),
            Command::labelled(Action::EditNote, "note on the sentence"),
            Command::bar(Action::ToggleEntities),
            Command::help(Action::PrevMention),
            Command::help(Action::Top),
            Command::help(Action::Bottom),
            Command::help(Action::Copy),
            Command::help(Action::OpenUrl),
        ]
    }

    pub fn status(&self, ctx: &Ctx) -> Option<String> {
        let a = self.article?;
        let art = &ctx.desk.articles[a];
        let mut s = String::new();
        if let Some(c) = self.cursor {
            let total = self.reporting(ctx).len();
            s.push_str(&format!(
                "sentence {} of {total} · ",
                crate::tui::review::sentence_number(ctx.desk, a, c)
            ));
        }
        s.push_str(&format!(
            "{} · {}",
            outlet_label(art),
            crate::tui::wrap::truncate(&art.title, 60)
        ));
        Some(s)
    }
}

/// An article full screen, with its entity pane on demand.
pub struct ReaderScreen {
    pub reader: ReaderPane,
    pub entities: EntityPane,
    entities_focused: bool,
}

impl ReaderScreen {
    pub fn new(
        article: usize,
        sentence: Option<usize>,
        evidence: Option<Span>,
        entity: Option<EntityChoice>,
    ) -> ReaderScreen {
        let mut reader = ReaderPane::new(article);
        reader.chosen = entity;
        if let Some(s) = sentence {
            reader.focus_sentence(s, evidence);
        }
        ReaderScreen {
            reader,
            entities: EntityPane::default(),
            entities_focused: false,
        }
    }
}

impl Screen for ReaderScreen {
    fn name(&self) -> &'static str {
        "reader"
    }

    fn context(&self) -> Context {
        if self.entities_focused && self.entities.visible {
            Context::Entities
        } else {
            Context::Reader
        }
    }

    fn commands(&self, ctx: &Ctx) -> Vec<Command> {
        if self.context() == Context::Entities {
            return EntityPane::commands();
        }
        let mut c = ReaderPane::commands();
        let in_story = self
            .reader
            .article
            .and_then(|a| super::story_of(ctx.desk, a))
            .is_some();
        if in_story {
            c.push(Command::bar(Action::OpenCompare));
            c.push(Command::help(Action::OpenClaims));
            c.push(Command::help(Action::OpenQuotes));
            c.push(Command::help(Action::OpenStory));
        }
        c
    }

    fn update(&mut self, action: Action, ctx: &Ctx, out: &mut Out) -> Transition {
        if self.context() == Context::Entities {
            match self.entities.update(action, ctx, &mut self.reader, out) {
                Transition::Ignored => {}
                Transition::Pop => {
                    self.entities_focused = false;
                    return Transition::Stay;
                }
                t => return t,
            }
        }
        match action {
            Action::ToggleEntities => {
                self.entities.visible = !self.entities.visible;
                self.entities_focused = self.entities.visible;
                if self.entities.visible {
                    self.entities.refresh(ctx, self.reader.article);
                }
                return Transition::Stay;
            }
            Action::FocusNext | Action::FocusPrev if self.entities.visible => {
                self.entities_focused = !self.entities_focused;
                return Transition::Stay;
            }
            Action::Back => return Transition::Pop,
            Action::OpenCompare | Action::OpenClaims | Action::OpenQuotes | Action::OpenStory => {
                let Some(a) = self.reader.article else {
                    return Transition::Stay;
                };
                return super::open_for_article(action, ctx, a, self.reader.cursor, out);
            }
            _ => {}
        }
        self.reader.update(action, ctx, out)
    }

    fn draw(&self, frame: &mut Frame, area: Rect, ctx: &Ctx) {
        if self.entities.visible && area.width >= 80 {
            let [r, e] =
                Layout::horizontal([Constraint::Percentage(70), Constraint::Percentage(30)])
                    .areas(area);
            self.reader.draw(frame, r, ctx, !self.entities_focused);
            self.entities
                .draw(frame, e, ctx, self.entities_focused, &self.reader);
        } else if self.entities.visible && self.entities_focused {
            self.entities.draw(frame, area, ctx, true, &self.reader);
        } else {
            self.reader.draw(frame, area, ctx, true);
        }
    }

    fn opened(&mut self, ctx: &Ctx, out: &mut Out) {
        if self.reader.chosen.is_some() && self.reader.cursor.is_none() {
            // opened for an entity: on its first mention
            self.reader.jump_mention(ctx, true, out);
        }
        self.reader.ensure_cursor(ctx);
    }

    fn on_event(&mut self, event: &crate::tui::screen::Event, ctx: &Ctx) {
        match event {
            crate::tui::screen::Event::Analysed(i)
                if Some(*i) == self.reader.article && self.entities.visible =>
            {
                self.entities.refresh(ctx, self.reader.article);
            }
            crate::tui::screen::Event::ArticlesChanged(changed)
                if self.reader.article.is_some_and(|a| changed.contains(&a)) =>
            {
                self.reader.reload();
                if self.entities.visible {
                    self.entities.refresh(ctx, self.reader.article);
                }
            }
            _ => {}
        }
    }

    fn target(&self, ctx: &Ctx) -> Option<Target> {
        self.reader.target(ctx)
    }

    fn article(&self) -> Option<usize> {
        self.reader.article
    }

    fn shows_article(&self, _article: usize) -> bool {
        false // it reloads the new version instead (see on_event)
    }

    fn story(&self, ctx: &Ctx) -> Option<usize> {
        super::story_of(ctx.desk, self.reader.article?)
    }

    fn status(&self, ctx: &Ctx) -> Option<String> {
        self.reader.status(ctx)
    }

    fn as_any(&self) -> &dyn std::any::Any {
        self
    }
}
