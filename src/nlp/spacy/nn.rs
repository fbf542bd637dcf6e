//! The network layers shared by spaCy's `ner` and `parser` components:
//! `Tok2Vec.v2` (MultiHashEmbed → MaxoutWindowEncoder) and the
//! `TransitionBasedParser.v2` step model (Linear projection,
//! PrecomputableAffine lower layer with padding, maxout hidden, upper Linear).
//!
//! Float operations follow thinc's order exactly (see `gemm.rs` for the
//! matrix products and [`np_sum`] for numpy's pairwise sums in LayerNorm), so
//! scores are bit-identical to spaCy's.

use super::gemm::{A, PackedB, gemm, gemm_a, transpose};
use super::hash::thinc_hash_u64;
use super::model::Weights;

pub const WIDTH: usize = 96;
/// Most lexical attributes a Tok2Vec here embeds (NORM, PREFIX, SUFFIX,
/// SHAPE, SPACY, IS_SPACE).
pub const MAX_ATTRS: usize = 6;

/// Reorder rows `(o, p)` of a maxout weight matrix `(nO·nP) × nI` and its
/// bias to `(p, o)`, so the maxout reads contiguous vectors. Each output is
/// still its own dot product, so results do not change.
pub fn piece_major(w: &[f32], b: &[f32], no: usize, np: usize, ni: usize) -> (Vec<f32>, Vec<f32>) {
    let mut w2 = vec![0f32; w.len()];
    let mut b2 = vec![0f32; b.len()];
    for o in 0..no {
        for p in 0..np {
            let src = o * np + p;
            let dst = p * no + o;
            w2[dst * ni..(dst + 1) * ni].copy_from_slice(&w[src * ni..(src + 1) * ni]);
            b2[dst] = b[src];
        }
    }
    (w2, b2)
}

/// numpy's pairwise float32 sum (`pairwise_sum` for n ≤ 128), as used by
/// `ndarray.mean`/`var` over the last axis, starting from the identity 0.
#[inline(always)]
pub fn np_sum(a: &[f32]) -> f32 {
    let n = a.len();
    let res = if n < 8 {
        let mut r = 0f32;
        for &v in a {
            r += v;
        }
        r
    } else {
        debug_assert!(n <= 128);
        let mut r = [0f32; 8];
        r.copy_from_slice(&a[..8]);
        let mut i = 8;
        while i < n - (n % 8) {
            for j in 0..8 {
                r[j] += a[i + j];
            }
            i += 8;
        }
        let mut res = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]));
        while i < n {
            res += a[i];
            i += 1;
        }
        res
    };
    0f32 + res
}

/// thinc `LayerNorm.forward` on one row, in place:
/// `(x - mean) * (var + 1e-8) ** -0.5 * G + b`.
#[inline(always)]
pub fn layer_norm(x: &mut [f32; WIDTH], g: &[f32], b: &[f32]) {
    let n = WIDTH as f32;
    let mu = np_sum(x) / n;
    let mut d = [0f32; WIDTH];
    for (dv, &xv) in d.iter_mut().zip(x.iter()) {
        let t = xv - mu;
        *dv = t * t;
    }
    let var = np_sum(&d) / n + 1e-8f32;
    let rs = var.powf(-0.5f32);
    for ((xv, &gv), &bv) in x.iter_mut().zip(g).zip(b) {
        let xhat = (*xv - mu) * rs;
        *xv = xhat * gv + bv;
    }
}

/// thinc `Maxout(normalize=True)`: `LayerNorm(max_p(x·Wᵀ + b))`.
pub struct MaxoutLn {
    /// transposed, packed weights, `nI × (nP·nO)` (piece-major columns)
    wt: PackedB,
    b: Vec<f32>,
    g: Vec<f32>,
    ln_b: Vec<f32>,
    ni: usize,
    np: usize,
}

impl MaxoutLn {
    fn load(w: &mut Weights, name: &str, ni: usize, np: usize) -> Result<Self, String> {
        let wm = w.take(&format!("{name}.maxout.W"), &[WIDTH, np, ni])?;
        let b = w.take(&format!("{name}.maxout.b"), &[WIDTH, np])?;
        let g = w.take(&format!("{name}.ln.G"), &[WIDTH])?;
        let ln_b = w.take(&format!("{name}.ln.b"), &[WIDTH])?;
        let (wm, b) = piece_major(&wm, &b, WIDTH, np, ni);
        Ok(MaxoutLn {
            wt: PackedB::new(&transpose(&wm, WIDTH * np, ni), ni, WIDTH * np),
            b,
            g,
            ln_b,
            ni,
            np,
        })
    }

    /// Forward `m` rows of `x` (`m × nI`) into `out` (`m × WIDTH`).
    #[inline(always)]
    fn forward(&self, x: A<'_>, m: usize, out: &mut [f32], scratch: &mut Vec<f32>) {
        let no = WIDTH * self.np;
        debug_assert_eq!(self.wt.k, self.ni);
        scratch.resize(m * no, 0.0);
        gemm_a(x, &self.wt, m, scratch);
        for r in 0..m {
            let y = &mut scratch[r * no..(r + 1) * no];
            for (v, b) in y.iter_mut().zip(&self.b) {
                *v += *b;
            }
            let o: &mut [f32; WIDTH] = (&mut out[r * WIDTH..(r + 1) * WIDTH]).try_into().unwrap();
            o.copy_from_slice(&y[..WIDTH]);
            for p in 1..self.np {
                let piece: &[f32; WIDTH] = y[p * WIDTH..(p + 1) * WIDTH].try_into().unwrap();
                for c in 0..WIDTH {
                    // thinc's maxout keeps the first piece on ties
                    o[c] = if piece[c] > o[c] { piece[c] } else { o[c] };
                }
            }
            layer_norm(o, &self.g, &self.ln_b);
        }
    }
}

/// Per-thread working memory, reused across documents.
#[derive(Default)]
pub struct Scratch {
    x: Vec<f32>,
    y: Vec<f32>,
    tmp: Vec<f32>,
    pub proj: Vec<f32>,
    pub lower: Vec<f32>,
}

/// `spacy.Tok2Vec.v2` with `MultiHashEmbed.v2` and `MaxoutWindowEncoder.v2`.
pub struct Tok2Vec {
    pub attrs: Vec<String>,
    embed_e: Vec<Vec<f32>>,
    embed_seed: Vec<u32>,
    embed_rows: Vec<usize>,
    mix: MaxoutLn,
    enc: Vec<MaxoutLn>,
    pad: usize,
}

impl Tok2Vec {
    pub fn load(w: &mut Weights) -> Result<Tok2Vec, String> {
        let meta = w.meta.clone();
        if meta.window_size != 1 {
            return Err("unsupported window size".into());
        }
        if meta.hash_embed.len() > MAX_ATTRS || meta.hash_embed.len() != meta.attrs.len() {
            return Err("unsupported hash embed layout".into());
        }
        let mut embed_e = Vec::new();
        let mut embed_seed = Vec::new();
        let mut embed_rows = Vec::new();
        for (i, h) in meta.hash_embed.iter().enumerate() {
            if h.width != WIDTH || h.column != i {
                return Err("unsupported hash embed layout".into());
            }
            embed_e.push(w.take(&format!("embed.{i}.E"), &[h.rows, WIDTH])?);
            embed_seed.push(h.seed);
            embed_rows.push(h.rows);
        }
        let nattr = embed_e.len();
        let mix = MaxoutLn::load(w, "mix", WIDTH * nattr, meta.maxout_pieces_embed)?;
        let mut enc = Vec::new();
        for i in 0..4 {
            enc.push(MaxoutLn::load(
                w,
                &format!("enc.{i}"),
                WIDTH * 3,
                meta.maxout_pieces_encode,
            )?);
        }
        Ok(Tok2Vec {
            attrs: meta.attrs,
            embed_e,
            embed_seed,
            embed_rows,
            mix,
            enc,
            pad: meta.encoder_pad,
        })
    }

    /// Embedding + mixing output of one token from its attribute ids (it
    /// depends only on those, so callers cache it).
    pub fn embed_word(&self, feats: &[u64], out: &mut [f32]) {
        let nattr = self.embed_e.len();
        let mut cat = [0f32; WIDTH * MAX_ATTRS];
        for t in 0..nattr {
            let keys = thinc_hash_u64(feats[t], self.embed_seed[t]);
            let dst = &mut cat[t * WIDTH..(t + 1) * WIDTH];
            for key in keys {
                let row = (key as usize) % self.embed_rows[t];
                let src = &self.embed_e[t][row * WIDTH..(row + 1) * WIDTH];
                for (d, s) in dst.iter_mut().zip(src) {
                    *d += *s;
                }
            }
        }
        let mut scratch = Vec::with_capacity(WIDTH * 3);
        self.mix
            .forward(A::Dense(&cat[..WIDTH * nattr]), 1, out, &mut scratch);
    }

    /// MaxoutWindowEncoder over `[pad zeros, tokens, pad zeros]` (thinc's
    /// `with_array(pad=4)`); returns the rows of the real tokens.
    #[inline(always)]
    pub fn encode<'s>(&self, embedded: &[f32], n: usize, s: &'s mut Scratch) -> &'s [f32] {
        let p = self.pad;
        let rows = n + 2 * p;
        s.x.clear();
        s.x.resize(rows * WIDTH, 0.0);
        s.x[p * WIDTH..(p + n) * WIDTH].copy_from_slice(&embedded[..n * WIDTH]);
        s.y.resize(rows * WIDTH, 0.0);
        for layer in &self.enc {
            // expand_window (seq2col, window 1) is done while packing A
            layer.forward(
                A::Window {
                    x: &s.x,
                    width: WIDTH,
                },
                rows,
                &mut s.y,
                &mut s.tmp,
            );
            for (xv, yv) in s.x.iter_mut().zip(&s.y) {
                *xv += *yv;
            }
        }
        &s.x[p * WIDTH..(p + n) * WIDTH]
    }
}

/// The step model of `TransitionBasedParser.v2`.
pub struct StepModel {
    proj_wt: PackedB,
    proj_b: Vec<f32>,
    nh: usize,
    /// lower: transposed, packed `nI × (nF·nP·nO)`
    lower_wt: PackedB,
    lower_b: Vec<f32>,
    lower_pad: Vec<f32>,
    pub nf: usize,
    no: usize,
    np: usize,
    /// transposed upper weights `nO × ncls_pad` (zero columns past `ncls`,
    /// so the per-class loop vectorises; each class score is independent)
    upper_wt: Vec<f32>,
    upper_b: Vec<f32>,
    pub ncls: usize,
    ncls_pad: usize,
    seen: Vec<bool>,
    any_unseen: bool,
}

/// Buffers for [`StepModel::scores`].
pub struct StepBuf {
    unmaxed: Vec<f32>,
    hidden: Vec<f32>,
    pub scores: Vec<f32>,
}

impl StepModel {
    pub fn load(w: &mut Weights) -> Result<StepModel, String> {
        let meta = w.meta.clone();
        let l = &meta.lower;
        let nh = l.ni;
        let proj_w = w.take("proj.W", &[nh, WIDTH])?;
        let proj_b = w.take("proj.b", &[nh])?;
        let lower_w = w.take("lower.W", &[l.nf, l.no, l.np, l.ni])?;
        let lower_b = w.take("lower.b", &[l.no, l.np])?;
        let lower_pad = w.take("lower.pad", &[1, l.nf, l.no, l.np])?;
        // (f, o, p) → (f, p, o) so the hidden maxout reads contiguous vectors
        let blk = l.no * l.np;
        let mut lower_w2 = vec![0f32; lower_w.len()];
        let mut lower_pad2 = vec![0f32; lower_pad.len()];
        for f in 0..l.nf {
            let (wf, padf) = piece_major(
                &lower_w[f * blk * l.ni..(f + 1) * blk * l.ni],
                &lower_pad[f * blk..(f + 1) * blk],
                l.no,
                l.np,
                l.ni,
            );
            lower_w2[f * blk * l.ni..(f + 1) * blk * l.ni].copy_from_slice(&wf);
            lower_pad2[f * blk..(f + 1) * blk].copy_from_slice(&padf);
        }
        let (_, lower_b) = piece_major(&vec![0f32; blk], &lower_b, l.no, l.np, 1);
        let ncls = meta.classes.len();
        let upper_w = w.take("upper.W", &[ncls, l.no])?;
        let upper_b = w.take("upper.b", &[ncls])?;
        let ncls_pad = ncls.div_ceil(16) * 16;
        let upper_t = transpose(&upper_w, ncls, l.no);
        let mut upper_wt = vec![0f32; l.no * ncls_pad];
        for k in 0..l.no {
            upper_wt[k * ncls_pad..k * ncls_pad + ncls]
                .copy_from_slice(&upper_t[k * ncls..(k + 1) * ncls]);
        }
        let mut upper_b_pad = upper_b.clone();
        upper_b_pad.resize(ncls_pad, 0.0);
        let mut seen = vec![true; ncls];
        for &c in &meta.unseen_classes {
            if c < ncls {
                seen[c] = false;
            }
        }
        Ok(StepModel {
            proj_wt: PackedB::new(&transpose(&proj_w, nh, WIDTH), WIDTH, nh),
            proj_b,
            nh,
            lower_wt: PackedB::new(&transpose(&lower_w2, l.nf * blk, l.ni), l.ni, l.nf * blk),
            lower_b,
            lower_pad: lower_pad2,
            nf: l.nf,
            no: l.no,
            np: l.np,
            upper_wt,
            upper_b: upper_b_pad,
            ncls,
            ncls_pad,
            any_unseen: seen.iter().any(|s| !s),
            seen,
        })
    }

    pub fn buf(&self) -> StepBuf {
        StepBuf {
            unmaxed: vec![0f32; self.no * self.np],
            hidden: vec![0f32; self.no],
            scores: vec![0f32; self.ncls_pad],
        }
    }

    /// Tok2vec → projection → all (token, feature) lower-layer vectors,
    /// left in `s.lower` (`n × nF·nP·nO`).
    #[inline(always)]
    pub fn precompute(&self, t2v: &Tok2Vec, embedded: &[f32], n: usize, s: &mut Scratch) {
        let mut proj = std::mem::take(&mut s.proj);
        let mut lower = std::mem::take(&mut s.lower);
        let tokvecs = t2v.encode(embedded, n, s);
        self.precompute_tokvecs(tokvecs, n, &mut proj, &mut lower);
        s.proj = proj;
        s.lower = lower;
    }

    /// Projection → lower-layer vectors from tok2vec rows (`n × WIDTH`),
    /// into `lower` (`n × nF·nP·nO`); `proj` is working memory.
    #[inline(always)]
    pub fn precompute_tokvecs(
        &self,
        tokvecs: &[f32],
        n: usize,
        proj: &mut Vec<f32>,
        lower: &mut Vec<f32>,
    ) {
        let nh = self.nh;
        proj.resize(n * nh, 0.0);
        gemm(tokvecs, &self.proj_wt, n, proj);
        for r in 0..n {
            for (v, b) in proj[r * nh..(r + 1) * nh].iter_mut().zip(&self.proj_b) {
                *v += *b;
            }
        }
        let fo = self.nf * self.no * self.np;
        lower.resize(n * fo, 0.0);
        gemm(proj, &self.lower_wt, n, lower);
    }

    /// `predict_states` for one state: sum the precomputed vectors of the
    /// context tokens `ids` (-1 → padding) in order, add the bias, maxout,
    /// then the upper layer. Scores are left in `b.scores`.
    #[inline(always)]
    pub fn scores(&self, cached: &[f32], ids: &[i64], b: &mut StepBuf) {
        let hp = self.no * self.np;
        let fo = self.nf * hp;
        b.unmaxed.iter_mut().for_each(|v| *v = 0.0);
        for (f, &id) in ids.iter().enumerate().take(self.nf) {
            let src = if id < 0 {
                &self.lower_pad[f * hp..(f + 1) * hp]
            } else {
                let base = id as usize * fo + f * hp;
                &cached[base..base + hp]
            };
            for (u, v) in b.unmaxed.iter_mut().zip(src) {
                *u += *v;
            }
        }
        for (u, bias) in b.unmaxed.iter_mut().zip(&self.lower_b) {
            *u += *bias;
        }
        b.hidden.copy_from_slice(&b.unmaxed[..self.no]);
        for p in 1..self.np {
            let piece = &b.unmaxed[p * self.no..(p + 1) * self.no];
            for (h, &v) in b.hidden.iter_mut().zip(piece) {
                *h = if v > *h { v } else { *h };
            }
        }
        let ncls = self.ncls_pad;
        b.scores.iter_mut().for_each(|v| *v = 0.0);
        for (k, &h) in b.hidden.iter().enumerate() {
            let w = &self.upper_wt[k * ncls..(k + 1) * ncls];
            for (sv, &wv) in b.scores.iter_mut().zip(w) {
                *sv += h * wv;
            }
        }
        for (sv, bias) in b.scores.iter_mut().zip(&self.upper_b) {
            *sv += *bias;
        }
        if self.any_unseen {
            // spaCy sets unseen classes to the minimum score of the batch;
            // one document at a time (`nlp(text)`) that is this state's minimum.
            let min = b.scores[..self.ncls]
                .iter()
                .cloned()
                .fold(f32::INFINITY, f32::min);
            for (c, sv) in b.scores[..self.ncls].iter_mut().enumerate() {
                if !self.seen[c] {
                    *sv = min;
                }
            }
        }
    }
}
