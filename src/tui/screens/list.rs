//! The article list: its rows, the filter (fuzzy over titles and outlets,
//! literal over bodies, `story:` and `outlet:` prefixes), the sort, and
//! drawing the table with columns that give way by priority on narrow
//! terminals (the outlet shrinks first, the title keeps its room).

use crate::search::{
    Candidates, Hit, HitOrder, MetaMatch, OrderBy, Query, SearchJob, SearchResult, Searcher,
};
use crate::tui::screen::Ctx;
use crate::tui::widgets::{highlighted, pane_block, verdict_marker, visible_offset};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell as TCell, Paragraph, Row as TRow, Table, TableState};
use rayon::prelude::*;
use std::cell::Cell;
use std::sync::Arc;

/// Candidate bodies up to this many bytes are searched on the UI thread;
/// more go to the background thread.
const SYNC_BODY_BYTES: usize = 2 * 1024 * 1024;

/// Title matching is spread over all cores from this many articles on.
const PARALLEL_MATCH_FROM: usize = 1024;

/// With a background thread, at most this many articles are matched on the
/// UI thread per keystroke; the rest follow from the thread.
pub const SYNC_MATCH_LIMIT: usize = 2000;

/// The orders the article list can take.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SortKey {
    /// Load order (or relevance while filtering).
    Corpus,
    Date,
    Outlet,
    Title,
    /// Grouped by story, the most central report first.
    Story,
}

impl SortKey {
    fn next(self) -> SortKey {
        match self {
            SortKey::Corpus => SortKey::Story,
            SortKey::Story => SortKey::Date,
            SortKey::Date => SortKey::Outlet,
            SortKey::Outlet => SortKey::Title,
            SortKey::Title => SortKey::Corpus,
        }
    }
    pub fn label(self, filtering: bool) -> &'static str {
        match self {
            SortKey::Corpus if filtering => "relevance",
            SortKey::Corpus => "file order",
            SortKey::Date => "date",
            SortKey::Outlet => "outlet",
            SortKey::Title => "title",
            SortKey::Story => "story",
        }
    }
}

/// One line of the article list.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Row {
    pub article: usize,
    pub hit: Option<Hit>,
}

/// The filter being typed or applied.
#[derive(Debug, Default)]
pub struct Filter {
    pub editing: bool,
    pub query: String,
    /// Background search jobs still running for the current query.
    pub pending: usize,
}

/// The part of a query that restricts by story and outlet: `story:s3`
/// (or `story:3`), `outlet:bbc` (any of several).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Scope {
    /// Story indexes (0-based) asked for.
    pub stories: Vec<usize>,
    /// Folded outlet substrings asked for.
    pub outlets: Vec<String>,
    /// A `story:` term that names no story ("story:x").
    pub bad: Option<String>,
}

impl Scope {
    pub fn is_empty(&self) -> bool {
        self.stories.is_empty() && self.outlets.is_empty() && self.bad.is_none()
    }
}

/// Splits `story:`/`outlet:` terms off a query: (scope, the rest).
pub fn parse_scope(query: &str) -> (Scope, String) {
    let mut scope = Scope::default();
    let mut rest = Vec::new();
    for term in query.split_whitespace() {
        let lower = term.to_lowercase();
        if let Some(s) = lower.strip_prefix("story:") {
            let digits = s.trim_start_matches('s');
            match digits.parse::<usize>() {
                Ok(n) if n > 0 => scope.stories.push(n - 1),
                _ if s.is_empty() => {}
                _ => scope.bad = Some(term.to_string()),
            }
        } else if let Some(o) = lower.strip_prefix("outlet:") {
            if !o.is_empty() {
                scope.outlets.push(crate::nlp::fold::fold(o));
            }
        } else {
            rest.push(term);
        }
    }
    (scope, rest.join(" "))
}

/// What a placing was computed for: the sort key, how many articles,
/// the desk's revision and replacements, how many stories.
type PlacingStamp = (SortKey, usize, u64, usize, Option<usize>);

/// The article list's state.
pub struct ListPane {
    pub filter: Filter,
    pub rows: Vec<Row>,
    pub selected: usize,
    pub sort: SortKey,
    pub reverse: bool,
    searcher: Searcher,
    query: Query,
    scope: Scope,
    generation: u64,
    /// The articles that may still match extensions of the last query
    /// (its hits and those not yet checked), with that query and scope.
    narrow: Option<(Scope, Query, Candidates)>,
    /// Each article's place under the sort key, and what it was computed for.
    placing: Option<(PlacingStamp, Arc<[u32]>)>,
    /// Where the rows were drawn and the first row shown.
    pub area: Cell<Rect>,
    pub offset: Cell<usize>,
}

impl Default for ListPane {
    fn default() -> Self {
        ListPane {
            filter: Filter::default(),
            rows: Vec::new(),
            selected: 0,
            sort: SortKey::Corpus,
            reverse: false,
            searcher: Searcher::default(),
            query: Query::parse(""),
            scope: Scope::default(),
            generation: 0,
            narrow: None,
            placing: None,
            area: Cell::new(Rect::default()),
            offset: Cell::new(0),
        }
    }
}

impl ListPane {
    /// The article under the cursor.
    pub fn article(&self) -> Option<usize> {
        self.rows.get(self.selected).map(|r| r.article)
    }

    pub fn filtering(&self) -> bool {
        !self.filter.query.trim().is_empty()
    }

    /// Moves the cursor; true when it moved.
    pub fn step(&mut self, delta: isize) -> bool {
        let before = self.selected;
        self.selected = crate::tui::widgets::add_clamped(
            self.selected,
            delta,
            self.rows.len().saturating_sub(1),
        );
        self.selected != before
    }

    /// Puts the cursor on an article if it is listed; true when it is.
    pub fn select_article(&mut self, article: usize) -> bool {
        match self.rows.iter().position(|r| r.article == article) {
            Some(p) => {
                self.selected = p;
                true
            }
            None => false,
        }
    }

    /// Rebuilds the rows after the filter changed. A query that only adds
    /// characters to the previous one is tried on that one's matches only.
    pub fn refresh(&mut self, ctx: &Ctx) {
        let keep = self.article();
        let (scope, rest) = parse_scope(&self.filter.query);
        let query = Query::parse(&rest);
        let indices = match self.narrow.take() {
            Some((s, previous, alive)) if s == scope && previous.is_narrowed_by(&query) => alive,
            _ => in_scope_of(&scope, ctx, 0..ctx.desk.articles.len()),
        };
        self.generation += 1;
        self.query = query;
        self.scope = scope;
        self.rows.clear();
        self.filter.pending = 0;
        let started = std::time::Instant::now();
        self.match_articles(indices, ctx);
        let matched = started.elapsed();
        self.sort_rows(ctx);
        self.reselect(keep);
        tracing::debug!(
            match_us = matched.as_micros() as u64,
            sort_us = (started.elapsed() - matched).as_micros() as u64,
            rows = self.rows.len(),
            "filter refreshed"
        );
    }

    /// Adds rows for newly loaded articles, keeping the selection.
    pub fn add_rows(&mut self, range: std::ops::Range<usize>, ctx: &Ctx) {
        let keep = self.article();
        let indices = in_scope_of(&self.scope, ctx, range);
        self.match_articles(indices, ctx);
        self.sort_rows(ctx);
        self.reselect(keep);
    }

    /// Takes the background thread's hits for the current query.
    pub fn on_search(&mut self, result: &SearchResult, ctx: &Ctx) {
        if result.generation != self.generation {
            return;
        }
        self.filter.pending = self.filter.pending.saturating_sub(1);
        tracing::debug!(
            hits = result.hits.len(),
            checked = result.checked.len(),
            looked_up = result.looked_up,
            "filter answer from the search thread"
        );
        let keep = self.article();
        if let Some((_, _, alive)) = &mut self.narrow {
            // what the thread checked and did not find is out (a mask: a
            // million checked indexes would make slow sets)
            let n = ctx.desk.articles.len();
            let mut out = vec![false; n];
            for &i in &result.checked.list {
                if let Some(o) = out.get_mut(i) {
                    *o = true;
                }
            }
            let tail = &result.checked.tail;
            out[tail.start.min(n)..tail.end.min(n)].fill(true);
            for h in &result.hits {
                if let Some(o) = out.get_mut(h.article) {
                    *o = false;
                }
            }
            alive.retain(|i| !out.get(i).copied().unwrap_or(false));
        }
        let found = result.hits.iter().cloned().map(|h| Row {
            article: h.article,
            hit: Some(h),
        });
        // the hits come in the list's order: merged, the rows need no sort
        // (and the rows keep their buffer: at a million rows a fresh one
        // costs more in page faults than the merge)
        let order = self.order(ctx);
        if result.order.same(&order) {
            let before: Vec<Row> = self.rows.drain(..).collect();
            self.rows.reserve(before.len() + result.hits.len());
            order.merge_into(&mut self.rows, before, found, |r| {
                (r.article, r.hit.as_ref())
            });
        } else {
            self.rows.extend(found);
            self.sort_rows(ctx);
        }
        self.reselect(keep);
    }

    /// Matches articles against the query. Titles and outlets of the first
    /// [`SYNC_MATCH_LIMIT`] articles are matched here (in parallel when
    /// many); the rest, and bodies beyond [`SYNC_BODY_BYTES`], go to the
    /// background thread when there is one, so a keystroke never waits.
    fn match_articles(&mut self, mut candidates: Candidates, ctx: &Ctx) {
        if self.query.is_empty() {
            self.rows
                .extend(candidates.iter().map(|article| Row { article, hit: None }));
            match &mut self.narrow {
                Some((s, q, list)) if *s == self.scope && q.is_empty() => list.append(candidates),
                _ => self.narrow = Some((self.scope.clone(), self.query.clone(), candidates)),
            }
            return;
        }
        let later = match ctx.search {
            Some(_) if candidates.len() > SYNC_MATCH_LIMIT => {
                candidates.split_off(SYNC_MATCH_LIMIT)
            }
            _ => Candidates::default(),
        };
        let indices: Vec<usize> = candidates.iter().collect();
        let order = self.order(ctx);
        let (searcher, query, articles) = (&self.searcher, &self.query, &ctx.desk.articles);
        let matched: Vec<MetaMatch> = if indices.len() >= PARALLEL_MATCH_FROM {
            crate::tui::ui_pool().install(|| {
                indices
                    .par_iter()
                    .map(|&i| searcher.match_meta(i, &articles[i], query))
                    .collect()
            })
        } else {
            indices
                .iter()
                .map(|&i| searcher.match_meta(i, &articles[i], query))
                .collect()
        };
        let mut alive = Vec::new();
        let mut body = Vec::new();
        let mut body_bytes = 0;
        for m in matched {
            match m {
                MetaMatch::Full(hit) => {
                    alive.push(hit.article);
                    self.rows.push(Row {
                        article: hit.article,
                        hit: Some(hit),
                    });
                }
                MetaMatch::NeedsBody(missing, hit) => {
                    body_bytes += ctx.desk.articles[hit.article].body.len();
                    body.push((missing, hit));
                }
                MetaMatch::No => {}
            }
        }
        let background =
            ctx.search.is_some() && (body_bytes > SYNC_BODY_BYTES || !later.is_empty());
        if !background && !body.is_empty() {
            let hits = SearchJob {
                generation: self.generation,
                query: self.query.clone(),
                meta: Candidates::default(),
                body: std::mem::take(&mut body),
                order: order.clone(),
            }
            .run(&self.searcher, &ctx.desk.articles)
            .hits;
            for hit in hits {
                alive.push(hit.article);
                self.rows.push(Row {
                    article: hit.article,
                    hit: Some(hit),
                });
            }
        }
        let mut alive = Candidates::list(alive);
        if background {
            // Until the thread answers, everything it checks may still match.
            alive.list.extend(body.iter().map(|(_, h)| h.article));
            alive.append(later.clone());
            let job = SearchJob {
                generation: self.generation,
                query: self.query.clone(),
                meta: later,
                body,
                order,
            };
            if let Some(link) = ctx.search
                && link.send(job, &ctx.desk.articles, &ctx.desk.replaced)
            {
                self.filter.pending += 1;
            }
        }
        match &mut self.narrow {
            Some((s, q, list)) if *s == self.scope && q.text == self.query.text => {
                list.append(alive)
            }
            _ => self.narrow = Some((self.scope.clone(), self.query.clone(), alive)),
        }
    }

    /// Character positions of the filter's match in an article's title and
    /// outlet, for highlighting the rows on screen.
    pub fn highlight(&self, ctx: &Ctx, article: usize) -> (Vec<usize>, Vec<usize>) {
        if self.query.is_empty() {
            return (Vec::new(), Vec::new());
        }
        self.searcher
            .highlight(&ctx.desk.articles[article], &self.query)
    }

    /// The next sort order (or the reverse of this one).
    pub fn cycle_sort(&mut self, ctx: &Ctx, reverse: bool) {
        if reverse {
            self.reverse = !self.reverse;
        } else {
            self.sort = self.sort.next();
        }
        let keep = self.article();
        self.sort_rows(ctx);
        self.reselect(keep);
    }

    /// Sorts again, keeping the selection (an article's title or date changed).
    pub fn resort(&mut self, ctx: &Ctx) {
        let keep = self.article();
        self.placing = None;
        self.sort_rows(ctx);
        self.reselect(keep);
    }

    /// Re-sorts after the stories changed (story sort and `story:` filter).
    pub fn stories_changed(&mut self, ctx: &Ctx) {
        self.placing = None;
        if !self.scope.stories.is_empty() {
            self.narrow = None;
            self.refresh(ctx);
        } else if self.sort == SortKey::Story {
            let keep = self.article();
            self.sort_rows(ctx);
            self.reselect(keep);
        }
    }

    fn sort_rows(&mut self, ctx: &Ctx) {
        let order = self.order(ctx);
        order.sort(&mut self.rows, |r| (r.article, r.hit.as_ref()));
    }

    /// The rows' order: relevance or file order, else each article's place
    /// in the whole list sorted by the key, computed once per sort key,
    /// corpus and stories (a filter's rows, on either thread, then sort by
    /// a number, and the background search's hits merge into them).
    fn order(&mut self, ctx: &Ctx) -> HitOrder {
        let by = match self.sort {
            SortKey::Corpus if !self.query.is_empty() => OrderBy::Rank,
            SortKey::Corpus => OrderBy::Index,
            SortKey::Story if ctx.desk.stories.is_none() => OrderBy::Index,
            key => {
                let desk = ctx.desk;
                let stamp = (
                    key,
                    desk.articles.len(),
                    desk.revision,
                    desk.replaced.len(),
                    desk.stories.as_ref().map(|s| s.stories.len()),
                );
                match &self.placing {
                    Some((s, place)) if *s == stamp => OrderBy::Placed(place.clone()),
                    _ => {
                        let place = placing(key, ctx);
                        self.placing = Some((stamp, place.clone()));
                        OrderBy::Placed(place)
                    }
                }
            }
        };
        HitOrder {
            by,
            reverse: self.reverse,
        }
    }

    fn reselect(&mut self, keep: Option<usize>) {
        let found = keep.and_then(|a| self.rows.iter().position(|r| r.article == a));
        self.selected = found.unwrap_or(0).min(self.rows.len().saturating_sub(1));
    }

    /// "4 of 5 articles" / "5 articles", and the order.
    pub fn counts(&self, ctx: &Ctx) -> String {
        let total = ctx.desk.articles.len();
        let plural = if total == 1 { "" } else { "s" };
        if self.filtering() {
            format!("{} of {total} article{plural}", self.rows.len())
        } else {
            format!("{total} article{plural}")
        }
    }

    /// Why a `story:` filter shows nothing yet, if it does.
    pub fn scope_note(&self, ctx: &Ctx) -> Option<String> {
        if let Some(bad) = &self.scope.bad {
            return Some(format!("{bad}: stories are named s1, s2… (see t)"));
        }
        if !self.scope.stories.is_empty() && ctx.desk.stories.is_none() {
            return Some("story: waits for the stories to be grouped…".into());
        }
        None
    }

    pub fn draw(&self, frame: &mut Frame, area: Rect, ctx: &Ctx, focused: bool) {
        let theme = ctx.theme;
        let total = ctx.desk.articles.len();
        let title = if self.filtering() {
            format!(" Articles ({} of {total}) ", self.rows.len())
        } else {
            format!(" Articles ({total}) ")
        };
        let block = pane_block(theme, title, focused);
        let inner = block.inner(area);
        frame.render_widget(block, area);

        let show_filter = self.filter.editing || self.filtering();
        let [filter_area, table_area] = Layout::vertical([
            Constraint::Length(u16::from(show_filter)),
            Constraint::Min(0),
        ])
        .areas(inner);
        if show_filter {
            let mut spans = vec![
                Span::styled("/ ", theme.key),
                Span::styled(
                    crate::sanitize::sanitize_line(&self.filter.query).into_owned(),
                    theme.filter,
                ),
            ];
            if self.filter.editing {
                spans.push(Span::styled("▏", theme.filter));
            }
            if self.filter.pending > 0 {
                spans.push(Span::styled("  searching bodies…", theme.status));
            }
            frame.render_widget(Paragraph::new(Line::from(spans)), filter_area);
        }

        // Header row takes one line; rows start below it.
        let rows_area = Rect {
            y: table_area.y + 1,
            height: table_area.height.saturating_sub(1),
            ..table_area
        };
        self.area.set(rows_area);
        let cols = columns(table_area.width);
        // Only the rows on screen are built: the list may hold 100k articles.
        let height = rows_area.height as usize;
        let offset = visible_offset(self.offset.get(), self.selected, height, self.rows.len());
        let end = (offset + height).min(self.rows.len());
        let stories = ctx.desk.stories.as_ref();
        let rows = self.rows[offset..end].iter().map(|row| {
            let a = &ctx.desk.articles[row.article];
            let (tmarks, omarks) = self.highlight(ctx, row.article);
            let in_body = row.hit.as_ref().is_some_and(|h| h.in_body);
            let mut title = highlighted(&a.title, &tmarks, theme.text, theme.filter_match);
            if in_body {
                title
                    .spans
                    .insert(0, Span::styled("≈ ", theme.filter_match));
            }
            // arrived live, not opened yet
            if let Some(fresh) = ctx.desk.fresh.get(&row.article) {
                let tag = match fresh {
                    crate::desk::Fresh::New => "new ",
                    crate::desk::Fresh::Updated => "upd ",
                };
                title.spans.insert(0, Span::styled(tag, theme.fresh));
            }
            let item = crate::workflow::article_item(a);
            let mut marker = vec![verdict_marker(ctx, &item.key)];
            let tag = stories
                .and_then(|st| {
                    let s = *st.story_of.get(row.article)?;
                    let story = &st.stories[s];
                    Some(if story.articles.len() > 1 {
                        format!("s{}", s + 1)
                    } else if !story.related.is_empty() {
                        format!("s{}~", s + 1)
                    } else {
                        String::new()
                    })
                })
                .unwrap_or_default();
            let w = cols.story.saturating_sub(2) as usize;
            marker.push(if tag.is_empty() {
                Span::raw(" ".repeat(w))
            } else {
                Span::styled(format!("{tag:<w$}"), theme.story)
            });
            let mut cells = vec![TCell::from(Line::from(marker)), TCell::from(title)];
            if cols.outlet > 0 {
                cells.push(TCell::from(highlighted(
                    a.outlet.as_deref().unwrap_or("—"),
                    &omarks,
                    theme.outlet,
                    theme.filter_match,
                )));
            }
            if cols.date > 0 {
                // the day the text speaks from: a date the text shows to be
                // later than the file's (the posts it embeds) is the one
                // shown, in italics; the reader gives both
                let date = a
                    .dated()
                    .map(|d| d.to_string())
                    .unwrap_or_else(|| "—".into());
                let style = if a.text_date.is_some() {
                    theme.date.add_modifier(ratatui::style::Modifier::ITALIC)
                } else {
                    theme.date
                };
                cells.push(TCell::from(Span::styled(date, style)));
            }
            if cols.words > 0 {
                cells.push(TCell::from(
                    Line::from(Span::styled(a.words().to_string(), theme.words)).right_aligned(),
                ));
            }
            TRow::new(cells)
        });
        let mut widths = vec![Constraint::Length(cols.story), Constraint::Fill(1)];
        let mut header = vec![
            format!("{:<w$}", "  St", w = cols.story as usize),
            "Title".into(),
        ];
        if cols.outlet > 0 {
            widths.push(Constraint::Length(cols.outlet));
            header.push("Outlet".into());
        }
        if cols.date > 0 {
            widths.push(Constraint::Length(cols.date));
            header.push("Date".into());
        }
        if cols.words > 0 {
            widths.push(Constraint::Length(cols.words));
            header.push(" Words".into());
        }
        let table = Table::new(rows, widths)
            .header(TRow::new(header).style(theme.meta))
            .column_spacing(1)
            .row_highlight_style(if focused {
                theme.selected
            } else {
                theme.selected_unfocused
            });
        let mut state = TableState::default();
        if !self.rows.is_empty() {
            state.select(Some(self.selected - offset));
        }
        frame.render_stateful_widget(table, table_area, &mut state);
        self.offset.set(offset);

        if self.rows.is_empty() {
            let msg = if let Some(note) = self.scope_note(ctx) {
                note
            } else if ctx.desk.is_loading() {
                "loading…".into()
            } else if self.filter.pending > 0 {
                "searching…".into()
            } else if total == 0 {
                "no articles".into()
            } else {
                "no match — Esc clears the filter".into()
            };
            frame.render_widget(Paragraph::new(Span::styled(msg, theme.status)), rows_area);
        }
    }
}

/// Each article's place in the whole corpus sorted by `key` (not file
/// order): by story (stories with more reports first, members most
/// central first), by date (newest first, undated last), by outlet (then
/// newest first), by title; ties in file order.
fn placing(key: SortKey, ctx: &Ctx) -> Arc<[u32]> {
    let articles = &ctx.desk.articles;
    let mut order: Vec<usize> = (0..articles.len()).collect();
    match key {
        SortKey::Story => {
            let mut place = vec![(0usize, usize::MAX, 0usize); articles.len()];
            if let Some(st) = &ctx.desk.stories {
                for (si, s) in st.stories.iter().enumerate() {
                    for (pos, &a) in s.articles.iter().enumerate() {
                        if let Some(p) = place.get_mut(a) {
                            *p = (usize::MAX - s.articles.len(), si, pos);
                        }
                    }
                }
            }
            order.sort_by_key(|&i| (place[i], i));
        }
        SortKey::Date => order.sort_by(|&a, &b| {
            let (x, y) = (&articles[a], &articles[b]);
            y.dated()
                .is_some()
                .cmp(&x.dated().is_some())
                .then(y.dated().cmp(&x.dated()))
                .then(a.cmp(&b))
        }),
        SortKey::Outlet => {
            let key = |i: usize| articles[i].outlet.as_deref().map(str::to_lowercase);
            let keys: Vec<Option<String>> = (0..articles.len()).map(key).collect();
            order.sort_by(|&a, &b| {
                keys[a]
                    .is_none()
                    .cmp(&keys[b].is_none())
                    .then(keys[a].cmp(&keys[b]))
                    .then(articles[b].dated().cmp(&articles[a].dated()))
                    .then(a.cmp(&b))
            })
        }
        SortKey::Title => {
            order.sort_by_cached_key(|&i| (articles[i].title.to_lowercase(), i));
        }
        SortKey::Corpus => {}
    }
    let mut place = vec![0u32; articles.len()];
    for (p, &i) in order.iter().enumerate() {
        place[i] = p as u32;
    }
    place.into()
}

/// The articles of `range` within the scope (a range while there is no scope).
fn in_scope_of(scope: &Scope, ctx: &Ctx, range: std::ops::Range<usize>) -> Candidates {
    if scope.is_empty() {
        return Candidates::range(range);
    }
    Candidates::list(range.filter(|&i| in_scope(scope, ctx, i)).collect())
}

/// Whether article `i` is within the `story:`/`outlet:` scope.
fn in_scope(scope: &Scope, ctx: &Ctx, i: usize) -> bool {
    if scope.bad.is_some() {
        return false;
    }
    if !scope.stories.is_empty() {
        let Some(st) = &ctx.desk.stories else {
            return false;
        };
        if !st
            .story_of
            .get(i)
            .is_some_and(|s| scope.stories.contains(s))
        {
            return false;
        }
    }
    if !scope.outlets.is_empty() {
        let outlet = ctx.desk.articles[i]
            .outlet
            .as_deref()
            .map(crate::nlp::fold::fold)
            .unwrap_or_default();
        if !scope.outlets.iter().any(|o| outlet.contains(o.as_str())) {
            return false;
        }
    }
    true
}

/// Column widths of the list for a table width: the title keeps at least
/// half the room; the words column goes first, then the date, and the
/// outlet shrinks (to nothing) before the title gives way.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Columns {
    pub story: u16,
    pub outlet: u16,
    pub date: u16,
    pub words: u16,
}

pub fn columns(width: u16) -> Columns {
    let story = if width >= 40 { 7 } else { 6 };
    let mut c = Columns {
        story,
        outlet: 16,
        date: 10,
        words: 6,
    };
    // spacing: one column between each pair of cells
    let used = |c: &Columns| {
        let cells = [c.outlet, c.date, c.words]
            .iter()
            .filter(|w| **w > 0)
            .count() as u16;
        c.story + c.outlet + c.date + c.words + cells + 1
    };
    let title_min = |w: u16| if w < 50 { w / 2 } else { w * 2 / 5 }.max(12);
    if width < 56 || width.saturating_sub(used(&c)) < title_min(width) {
        c.words = 0;
    }
    if width.saturating_sub(used(&c)) < title_min(width) {
        c.date = 0;
    }
    while c.outlet > 0 && width.saturating_sub(used(&c)) < title_min(width) {
        c.outlet = if c.outlet > 6 { c.outlet - 1 } else { 0 };
    }
    c
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scope_prefixes() {
        let (s, rest) = parse_scope("story:s12 harbour outlet:BBC");
        assert_eq!(s.stories, vec![11]);
        assert_eq!(s.outlets, vec!["bbc"]);
        assert_eq!(rest, "harbour");
        let (s, rest) = parse_scope("story:3");
        assert_eq!((s.stories, rest.as_str()), (vec![2], ""));
        assert!(parse_scope("story:x").0.bad.is_some());
        assert!(
            parse_scope("s12").0.is_empty(),
            "a bare s12 is a title term"
        );
    }

    #[test]
    fn columns_give_way_by_priority() {
        let wide = columns(120);
        assert_eq!((wide.outlet, wide.date, wide.words), (16, 10, 6));
        let mid = columns(58);
        assert_eq!(mid.words, 0);
        let narrow = columns(38);
        assert_eq!(narrow.date, 0);
        assert!(narrow.outlet < 16);
        let tiny = columns(20);
        assert_eq!(tiny.outlet, 0, "the outlet goes before the title");
    }
}
