//! The `parser` component of en_core_web_sm: the `TransitionBasedParser.v2`
//! step model (8 state features; see `nn.rs`) over the shared tok2vec, greedy
//! arc-eager decoding as in `spacy/pipeline/_parser_internals/arc_eager.pyx`
//! and `_state.pxd` (non-monotonic Reduce/unshift, Break for sentence
//! boundaries), `ArcEager.set_annotations`, `nonproj.deprojectivize` and
//! `set_children_from_heads` (which decides the sentence starts).
//!
//! Reproduced quirks of spaCy:
//! * `StateC.del_arc` only really deletes an arc that is the last one of its
//!   head (for any other it clears a copy); `L`/`R` count from the back.
//! * `set_children_from_heads` accumulates left/right edges over up to 11
//!   passes and checks heads against sentences with its own boundary rule.
//! * `deprojectivize` looks for children inside the *stale* left/right edges
//!   while it moves heads.
//! * Unseen classes get the minimum score of the batch; `nlp(text)` parses
//!   one document, so that is the state's own minimum (no class of this
//!   model is unseen, so this does not arise).

// The loops over token indices mirror spaCy's C loops one for one.
#![allow(clippy::needless_range_loop)]

use super::model::Weights;
use super::nn::{StepBuf, StepModel};

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Move {
    Shift,
    Reduce,
    Left,
    Right,
    Break,
}

/// Deprojectivisation label `X||Y`: the arc's label X and the label Y of the
/// head to search for.
struct Decorated {
    label: u16,
    head_label: &'static str,
}

pub struct Parser {
    sm: StepModel,
    /// (move, label index into `labels`)
    pub classes: Vec<(Move, u16)>,
    /// label strings as the model has them (some decorated `X||Y`)
    pub labels: Vec<&'static str>,
    /// for each label: the undecorated label index, and the head label if decorated
    decorated: Vec<Option<Decorated>>,
    pub root_label: u16,
}

fn intern(labels: &mut Vec<&'static str>, s: &str) -> u16 {
    if let Some(p) = labels.iter().position(|x| *x == s) {
        return p as u16;
    }
    labels.push(super::intern(s));
    (labels.len() - 1) as u16
}

#[derive(Clone, Copy)]
struct ArcC {
    head: i32,
    child: i32,
    label: u16,
}

/// `StateC` of `_state.pxd` for the arc-eager system (no preset sentence
/// starts or heads: the pipeline runs the parser on fresh documents).
struct State {
    length: i32,
    heads: Vec<i32>,
    stack: Vec<i32>,
    rebuffer: Vec<i32>,
    b_i: i32,
    /// arcs by head (C++ `unordered_map[int, vector[ArcC]]`)
    left_arcs: Vec<Vec<ArcC>>,
    right_arcs: Vec<Vec<ArcC>>,
    unshiftable: Vec<bool>,
    sent_starts: Vec<bool>,
}

impl State {
    fn new(n: usize) -> State {
        State {
            length: n as i32,
            heads: vec![-1; n],
            stack: Vec::new(),
            rebuffer: Vec::new(),
            b_i: 0,
            left_arcs: vec![Vec::new(); n],
            right_arcs: vec![Vec::new(); n],
            unshiftable: vec![false; n],
            sent_starts: vec![false; n],
        }
    }
    #[inline]
    fn s(&self, i: usize) -> i32 {
        if i >= self.stack.len() {
            -1
        } else {
            self.stack[self.stack.len() - (i + 1)]
        }
    }
    #[inline]
    fn b(&self, i: usize) -> i32 {
        if i < self.rebuffer.len() {
            self.rebuffer[self.rebuffer.len() - (i + 1)]
        } else {
            let b_i = self.b_i + (i - self.rebuffer.len()) as i32;
            if b_i >= self.length { -1 } else { b_i }
        }
    }
    #[inline]
    fn nth_child(arcs: &[Vec<ArcC>], head: i32, idx: usize) -> i32 {
        if head < 0 || head as usize >= arcs.len() {
            return -1;
        }
        let mut k = 0;
        for arc in arcs[head as usize].iter().rev() {
            if arc.child != -1 {
                k += 1;
                if k == idx {
                    return arc.child;
                }
            }
        }
        -1
    }
    #[inline]
    fn l(&self, head: i32, idx: usize) -> i32 {
        Self::nth_child(&self.left_arcs, head, idx)
    }
    #[inline]
    fn r(&self, head: i32, idx: usize) -> i32 {
        Self::nth_child(&self.right_arcs, head, idx)
    }
    #[inline]
    fn stack_depth(&self) -> usize {
        self.stack.len()
    }
    #[inline]
    fn buffer_length(&self) -> usize {
        (self.length - self.b_i) as usize + self.rebuffer.len()
    }
    #[inline]
    fn is_final(&self) -> bool {
        self.stack.is_empty() && self.buffer_length() == 0
    }
    #[inline]
    fn is_sent_start(&self, w: i32) -> bool {
        w >= 0 && w < self.length && self.sent_starts[w as usize]
    }
    #[inline]
    fn has_head(&self, w: i32) -> bool {
        self.heads[w as usize] >= 0
    }
    #[inline]
    fn is_unshiftable(&self, w: i32) -> bool {
        w >= 0 && (w as usize) < self.unshiftable.len() && self.unshiftable[w as usize]
    }
    fn push(&mut self) {
        let b0 = if let Some(b) = self.rebuffer.pop() {
            b
        } else {
            self.b_i += 1;
            self.b_i - 1
        };
        self.stack.push(b0);
    }
    fn pop(&mut self) {
        self.stack.pop();
    }
    fn unshift(&mut self) {
        let s0 = self.stack.pop().expect("unshift on an empty stack");
        self.unshiftable[s0 as usize] = true;
        self.rebuffer.push(s0);
    }
    fn force_final(&mut self) {
        self.stack.clear();
        self.rebuffer.clear();
        self.b_i = self.length;
    }
    fn add_arc(&mut self, head: i32, child: i32, label: u16) {
        if self.has_head(child) {
            self.del_arc(self.heads[child as usize], child);
        }
        let arc = ArcC { head, child, label };
        if head > child {
            self.left_arcs[head as usize].push(arc);
        } else {
            self.right_arcs[head as usize].push(arc);
        }
        self.heads[child as usize] = head;
    }
    fn del_arc(&mut self, h: i32, c: i32) {
        let arcs = if h > c {
            &mut self.left_arcs[h as usize]
        } else {
            &mut self.right_arcs[h as usize]
        };
        if let Some(last) = arcs.last()
            && last.head == h
            && last.child == c
        {
            arcs.pop();
        }
        // spaCy's `map_del_arc` clears a *copy* of any other matching arc,
        // so nothing else changes.
    }

    /// `set_context_tokens` with 8 features.
    #[inline]
    fn context(&self, ids: &mut [i64; 8]) {
        let b0 = self.b(0);
        let s0 = self.s(0);
        let v = [
            b0,
            self.b(1),
            s0,
            self.s(1),
            self.s(2),
            self.l(b0, 1),
            self.l(s0, 1),
            self.r(s0, 1),
        ];
        for (d, x) in ids.iter_mut().zip(v) {
            *d = if x >= 0 { x as i64 } else { -1 };
        }
    }

    /// `ArcEager.set_valid` (no subtok label in this model).
    #[inline]
    fn valid(&self) -> [bool; 5] {
        let depth = self.stack_depth();
        let blen = self.buffer_length();
        let b0 = self.b(0);
        let shift = if depth == 0 {
            true
        } else {
            !(blen < 2 || self.is_sent_start(b0) || self.is_unshiftable(b0))
        };
        // cannot_sent_start is never set on a fresh document
        let reduce = depth != 0;
        let arc = depth != 0 && blen != 0 && !self.is_sent_start(b0);
        let brk = blen >= 2 && self.b(1) == b0 + 1 && !self.is_sent_start(self.b(1));
        [shift, reduce, arc, arc, brk]
    }

    fn apply(&mut self, mv: Move, label: u16) {
        match mv {
            Move::Shift => self.push(),
            Move::Reduce => {
                let s0 = self.s(0);
                if self.has_head(s0) || self.stack_depth() == 1 {
                    self.pop();
                } else {
                    self.unshift();
                }
            }
            Move::Left => {
                let (b0, s0) = (self.b(0), self.s(0));
                self.add_arc(b0, s0, label);
                if b0 >= 0 && (b0 as usize) < self.unshiftable.len() {
                    self.unshiftable[b0 as usize] = false;
                }
                self.pop();
            }
            Move::Right => {
                let (b0, s0) = (self.b(0), self.s(0));
                self.add_arc(s0, b0, label);
                self.push();
            }
            Move::Break => {
                let b1 = self.b(1);
                self.sent_starts[b1 as usize] = true;
            }
        }
    }
}

/// The parse of one document: per token the head (absolute index), the
/// label index and whether it starts a sentence.
pub struct Parse {
    pub heads: Vec<usize>,
    pub labels: Vec<u16>,
    pub sent_starts: Vec<bool>,
}

impl Parser {
    pub fn load(w: &mut Weights) -> Result<Parser, String> {
        let sm = StepModel::load(w)?;
        if sm.nf != 8 {
            return Err("parser expects 8 state features".into());
        }
        let mut labels: Vec<&'static str> = vec![""];
        let mut classes = Vec::new();
        for (mv, label) in &w.meta.classes {
            let m = match mv.as_str() {
                "S" => Move::Shift,
                "D" => Move::Reduce,
                "L" => Move::Left,
                "R" => Move::Right,
                "B" => Move::Break,
                other => return Err(format!("unknown parser move {other}")),
            };
            classes.push((m, intern(&mut labels, label)));
        }
        let root = w
            .meta
            .root_label
            .clone()
            .ok_or("parser.bin: no root label")?;
        let root_label = intern(&mut labels, &root);
        let n0 = labels.len();
        let mut decorated = Vec::new();
        for i in 0..n0 {
            let l = labels[i];
            decorated.push(match l.split_once("||") {
                Some((a, b)) => {
                    let label = intern(&mut labels, a);
                    Some(Decorated {
                        label,
                        head_label: super::intern(b),
                    })
                }
                None => None,
            });
        }
        decorated.resize_with(labels.len(), || None);
        Ok(Parser {
            sm,
            classes,
            labels,
            decorated,
            root_label,
        })
    }

    /// The step model (for the precomputed lower layer).
    pub fn step_model(&self) -> &StepModel {
        &self.sm
    }

    /// Greedy arc-eager parse from the precomputed lower-layer vectors
    /// (`cached`, `n × nF·nP·nO`), then spaCy's annotation steps.
    /// `is_space`: the lexeme IS_SPACE flag of each token.
    #[inline(always)]
    pub fn parse(&self, cached: &[f32], is_space: &[bool]) -> Parse {
        let n = is_space.len();
        if n == 0 {
            return Parse {
                heads: Vec::new(),
                labels: Vec::new(),
                sent_starts: Vec::new(),
            };
        }
        let mut st = State::new(n);
        let mut buf: StepBuf = self.sm.buf();
        let mut ids = [0i64; 8];
        // Every transition sequence spaCy takes here ends well within this;
        // it only guards against a loop (spaCy itself has no such guard).
        let max_steps = 16 * n + 64;
        let mut steps = 0;
        while !st.is_final() {
            steps += 1;
            if steps > max_steps {
                st.force_final();
                break;
            }
            st.context(&mut ids);
            self.sm.scores(cached, &ids, &mut buf);
            let valid = st.valid();
            let mut best: Option<usize> = None;
            for (c, &(mv, _)) in self.classes.iter().enumerate() {
                if valid[mv as usize] {
                    match best {
                        None => best = Some(c),
                        Some(b) if buf.scores[c] > buf.scores[b] => best = Some(c),
                        _ => {}
                    }
                }
            }
            match best {
                Some(c) => {
                    let (mv, label) = self.classes[c];
                    st.apply(mv, label);
                }
                None => st.force_final(),
            }
        }
        self.annotate(&st, is_space)
    }

    /// `ArcEager.set_annotations` + `deprojectivize`.
    fn annotate(&self, st: &State, is_space: &[bool]) -> Parse {
        let n = is_space.len();
        // relative heads as in TokenC (0 = root / no head)
        let mut head: Vec<i64> = vec![0; n];
        let mut dep: Vec<u16> = vec![0; n];
        for arcs in st.left_arcs.iter().chain(st.right_arcs.iter()) {
            for arc in arcs {
                if arc.head != -1 && arc.child != -1 {
                    head[arc.child as usize] = (arc.head - arc.child) as i64;
                    dep[arc.child as usize] = arc.label;
                }
            }
        }
        for i in 0..n {
            if head[i] == 0 {
                dep[i] = self.root_label;
            }
        }
        let mut tree = Tree::new(n);
        tree.set_children_from_heads(&head, &dep);
        // deprojectivize: children found within the edges computed above
        for i in 0..n {
            if let Some(d) = &self.decorated[dep[i] as usize] {
                let new_head = self.find_new_head(i, d.head_label, &head, &dep, &tree, is_space);
                head[i] = new_head as i64 - i as i64;
                dep[i] = d.label;
            }
        }
        tree.set_children_from_heads(&head, &dep);
        Parse {
            heads: (0..n).map(|i| (i as i64 + head[i]) as usize).collect(),
            labels: dep,
            sent_starts: tree.sent_start,
        }
    }

    /// `nonproj._find_new_head`: breadth-first from the token's head, children
    /// in `Token.children` order (lefts then rights, by `l_edge`/`r_edge`).
    fn find_new_head(
        &self,
        i: usize,
        head_label: &str,
        head: &[i64],
        dep: &[u16],
        tree: &Tree,
        is_space: &[bool],
    ) -> usize {
        let h0 = (i as i64 + head[i]) as usize;
        let mut queue = vec![h0];
        let mut next = Vec::new();
        while !queue.is_empty() {
            next.clear();
            for &q in &queue {
                let lo = tree.l_edge[q];
                let hi = tree.r_edge[q];
                for c in (lo..q).chain(q + 1..=hi) {
                    if c as i64 + head[c] != q as i64 {
                        continue;
                    }
                    if is_space[c] || c == i {
                        continue;
                    }
                    if self.labels[dep[c] as usize] == head_label {
                        return c;
                    }
                    next.push(c);
                }
            }
            std::mem::swap(&mut queue, &mut next);
        }
        h0
    }
}

/// The left/right edges and sentence starts `set_children_from_heads` sets.
struct Tree {
    l_edge: Vec<usize>,
    r_edge: Vec<usize>,
    sent_start: Vec<bool>,
}

impl Tree {
    fn new(n: usize) -> Tree {
        Tree {
            l_edge: vec![0; n],
            r_edge: vec![0; n],
            sent_start: vec![false; n],
        }
    }

    /// `spacy.tokens.doc.set_children_from_heads` over the whole document.
    fn set_children_from_heads(&mut self, head: &[i64], dep: &[u16]) {
        let n = head.len();
        for i in 0..n {
            self.l_edge[i] = i;
            self.r_edge[i] = i;
        }
        let mut loop_count = 0;
        loop {
            let ok = self.set_lr_edges(head);
            if ok {
                break;
            }
            if loop_count > 10 {
                break;
            }
            loop_count += 1;
        }
        for i in 0..n {
            self.sent_start[i] = false;
        }
        for i in 0..n {
            // `missing_head` is `dep == 0`; every token has a label here
            if head[i] == 0 && dep[i] != 0 {
                self.sent_start[self.l_edge[i]] = true;
            }
        }
    }

    /// `_set_lr_kids_and_edges`; returns whether all heads are within
    /// their sentences.
    fn set_lr_edges(&mut self, head: &[i64]) -> bool {
        let n = head.len();
        for i in 0..n {
            let h = (i as i64 + head[i]) as usize;
            if self.l_edge[i] < self.l_edge[h] {
                self.l_edge[h] = self.l_edge[i];
            }
            if self.r_edge[i] > self.r_edge[h] {
                self.r_edge[h] = self.r_edge[i];
            }
        }
        for i in (0..n).rev() {
            let h = (i as i64 + head[i]) as usize;
            if self.r_edge[i] > self.r_edge[h] {
                self.r_edge[h] = self.r_edge[i];
            }
            if self.l_edge[i] < self.l_edge[h] {
                self.l_edge[h] = self.l_edge[i];
            }
        }
        let mut starts = vec![false; n];
        for i in 0..n {
            if head[i] == 0 {
                starts[self.l_edge[i]] = true;
            }
        }
        let mut cur_start = 0usize;
        for i in 0..n {
            if (i > 0 && starts[i]) || i == n - 1 {
                let cur_end = i;
                for j in cur_start..cur_end {
                    let h = j as i64 + head[j];
                    if h < cur_start as i64 || h > cur_end as i64 {
                        return false;
                    }
                }
                cur_start = i;
            }
        }
        true
    }
}
