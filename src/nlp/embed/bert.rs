//! The BERT encoder of all-MiniLM-L6-v2 (post-LayerNorm, GELU, absolute
//! positions) over a packed batch: the token rows of all sequences are
//! stacked without padding for the linear layers; attention runs per
//! sequence and head.
//!
//! The linear layers are int8 ([`super::qgemm`]); embeddings, LayerNorm,
//! attention and GELU are f32. The float code is written with explicit
//! 16-lane partial sums so its results do not depend on the vector width
//! the compiler picks.

use super::qgemm::{Kernel, PackedI8, QRows, qgemm, quantize};
use super::weights::{Meta, Weights};

pub const HIDDEN: usize = 384;
const HEAD: usize = 32;

struct Layer {
    qkv: PackedI8,
    ao: PackedI8,
    ln1: (Vec<f32>, Vec<f32>),
    ff1: PackedI8,
    ff2: PackedI8,
    ln2: (Vec<f32>, Vec<f32>),
}

pub struct Bert {
    pub meta: Meta,
    word_q: Vec<i8>,
    word_scale: Vec<f32>,
    /// position + token-type-0 embeddings, `max_seq_length × HIDDEN`
    pos: Vec<f32>,
    emb_ln: (Vec<f32>, Vec<f32>),
    layers: Vec<Layer>,
    eps: f32,
}

/// Reusable buffers of one forward pass.
#[derive(Default)]
pub struct Scratch {
    x: Vec<f32>,
    qkv: Vec<f32>,
    ctx: Vec<f32>,
    tmp: Vec<f32>,
    ff: Vec<f32>,
    qa: QRows,
    kt: Vec<f32>,
    sc: Vec<f32>,
}

impl Bert {
    pub fn load(w: &Weights<'_>) -> Result<Bert, String> {
        let m = w.meta.clone();
        if m.hidden != HIDDEN || m.heads * HEAD != HIDDEN {
            return Err(format!(
                "model.bin: hidden {} / heads {} not supported",
                m.hidden, m.heads
            ));
        }
        if m.pooling != "mean" || !m.normalize {
            return Err("model.bin: only mean pooling + normalize is supported".into());
        }
        let (h, ff) = (m.hidden, m.intermediate);
        let word = w.matrix_i8("word_emb", m.vocab_size, h)?;
        let pos = w.matrix_f32("pos_emb", m.max_seq_length, h)?;
        let ln = |name: &str| -> Result<(Vec<f32>, Vec<f32>), String> {
            Ok((
                w.vector(&format!("{name}.g"), h)?,
                w.vector(&format!("{name}.b"), h)?,
            ))
        };
        let lin = |name: &str, n: usize, k: usize| -> Result<PackedI8, String> {
            let q = w.matrix_i8(&format!("{name}.w"), n, k)?;
            let b = w.vector(&format!("{name}.b"), n)?;
            Ok(PackedI8::new(&q.q, &q.scale, &b, n, k))
        };
        let mut layers = Vec::new();
        for l in 0..m.layers {
            layers.push(Layer {
                qkv: lin(&format!("l{l}.qkv"), 3 * h, h)?,
                ao: lin(&format!("l{l}.ao"), h, h)?,
                ln1: ln(&format!("l{l}.ln1"))?,
                ff1: lin(&format!("l{l}.ff1"), ff, h)?,
                ff2: lin(&format!("l{l}.ff2"), h, ff)?,
                ln2: ln(&format!("l{l}.ln2"))?,
            });
        }
        Ok(Bert {
            eps: m.layer_norm_eps as f32,
            word_q: word.q,
            word_scale: word.scale,
            pos,
            emb_ln: ln("emb_ln")?,
            layers,
            meta: m,
        })
    }

    /// Bytes held by the loaded weights.
    pub fn bytes(&self) -> usize {
        let lin: usize = self
            .layers
            .iter()
            .map(|l| l.qkv.bytes() + l.ao.bytes() + l.ff1.bytes() + l.ff2.bytes())
            .sum();
        lin + self.word_q.len() + 4 * (self.word_scale.len() + self.pos.len())
    }

    /// Runs the encoder on `seqs` (token ids with `[CLS]`/`[SEP]`, each at
    /// most `max_seq_length` long) and returns, for each sequence, the sum
    /// of its output token vectors (`HIDDEN` floats each).
    ///
    /// The float code is compiled for the widest vectors the CPU has; it
    /// has no fused multiply-adds and no reassociation, so every variant
    /// gives the same bits.
    pub fn forward_sums(&self, kernel: Kernel, seqs: &[&[u32]], s: &mut Scratch) -> Vec<f32> {
        #[cfg(target_arch = "x86_64")]
        {
            if kernel == Kernel::Vnni && Kernel::detect() == Kernel::Vnni {
                // SAFETY: the CPU has AVX-512F/BW/VNNI (checked just above).
                return unsafe { self.forward_avx512(kernel, seqs, s) };
            }
            if std::arch::is_x86_feature_detected!("avx2") {
                // SAFETY: the CPU has AVX2 (checked just above).
                return unsafe { self.forward_avx2(kernel, seqs, s) };
            }
        }
        self.forward_impl(kernel, seqs, s)
    }

    #[cfg(target_arch = "x86_64")]
    #[target_feature(enable = "avx512f,avx512bw,avx512vnni,avx2")]
    fn forward_avx512(&self, kernel: Kernel, seqs: &[&[u32]], s: &mut Scratch) -> Vec<f32> {
        self.forward_impl(kernel, seqs, s)
    }

    #[cfg(target_arch = "x86_64")]
    #[target_feature(enable = "avx2")]
    fn forward_avx2(&self, kernel: Kernel, seqs: &[&[u32]], s: &mut Scratch) -> Vec<f32> {
        self.forward_impl(kernel, seqs, s)
    }

    #[inline(always)]
    fn forward_impl(&self, kernel: Kernel, seqs: &[&[u32]], s: &mut Scratch) -> Vec<f32> {
        let h = HIDDEN;
        let t: usize = seqs.iter().map(|q| q.len()).sum();
        let ffw = self.meta.intermediate;
        s.x.resize(t * h, 0.0);
        s.qkv.resize(t * 3 * h, 0.0);
        s.ctx.resize(t * h, 0.0);
        s.tmp.resize(t * h, 0.0);
        s.ff.resize(t * ffw, 0.0);
        // embeddings
        let mut row = 0;
        for q in seqs {
            assert!(q.len() <= self.meta.max_seq_length);
            for (p, &id) in q.iter().enumerate() {
                let id = (id as usize).min(self.meta.vocab_size - 1);
                let sc = self.word_scale[id];
                let wq = &self.word_q[id * h..(id + 1) * h];
                let pe = &self.pos[p * h..(p + 1) * h];
                let x = &mut s.x[row * h..(row + 1) * h];
                for i in 0..h {
                    x[i] = wq[i] as f32 * sc + pe[i];
                }
                layer_norm(x, &self.emb_ln.0, &self.emb_ln.1, self.eps);
                row += 1;
            }
        }
        for l in &self.layers {
            quantize(&s.x, t, h, &mut s.qa);
            qgemm(kernel, &s.qa, t, &l.qkv, &mut s.qkv);
            let mut r0 = 0;
            for q in seqs {
                attention(
                    &s.qkv[r0 * 3 * h..(r0 + q.len()) * 3 * h],
                    q.len(),
                    &mut s.ctx[r0 * h..(r0 + q.len()) * h],
                    &mut s.kt,
                    &mut s.sc,
                );
                r0 += q.len();
            }
            quantize(&s.ctx, t, h, &mut s.qa);
            qgemm(kernel, &s.qa, t, &l.ao, &mut s.tmp);
            for r in 0..t {
                let x = &mut s.x[r * h..(r + 1) * h];
                for (a, &b) in x.iter_mut().zip(&s.tmp[r * h..(r + 1) * h]) {
                    *a += b;
                }
                layer_norm(x, &l.ln1.0, &l.ln1.1, self.eps);
            }
            quantize(&s.x, t, h, &mut s.qa);
            qgemm(kernel, &s.qa, t, &l.ff1, &mut s.ff);
            gelu(&mut s.ff[..t * ffw]);
            quantize(&s.ff, t, ffw, &mut s.qa);
            qgemm(kernel, &s.qa, t, &l.ff2, &mut s.tmp);
            for r in 0..t {
                let x = &mut s.x[r * h..(r + 1) * h];
                for (a, &b) in x.iter_mut().zip(&s.tmp[r * h..(r + 1) * h]) {
                    *a += b;
                }
                layer_norm(x, &l.ln2.0, &l.ln2.1, self.eps);
            }
        }
        let mut sums = vec![0f32; seqs.len() * h];
        let mut r = 0;
        for (i, q) in seqs.iter().enumerate() {
            let acc = &mut sums[i * h..(i + 1) * h];
            for _ in 0..q.len() {
                for (a, &v) in acc.iter_mut().zip(&s.x[r * h..(r + 1) * h]) {
                    *a += v;
                }
                r += 1;
            }
        }
        sums
    }
}

/// Sum with 16 partial sums (a fixed order, whatever the vector width).
#[inline(always)]
fn sum16(x: &[f32]) -> f32 {
    let mut acc = [0f32; 16];
    let chunks = x.chunks_exact(16);
    let rem = chunks.remainder();
    for c in chunks {
        for l in 0..16 {
            acc[l] += c[l];
        }
    }
    for (l, &v) in rem.iter().enumerate() {
        acc[l] += v;
    }
    let mut w = 16;
    while w > 1 {
        w /= 2;
        for l in 0..w {
            acc[l] += acc[l + w];
        }
    }
    acc[0]
}

/// BERT LayerNorm (biased variance, `eps` inside the square root), in place.
#[inline(always)]
fn layer_norm(x: &mut [f32], g: &[f32], b: &[f32], eps: f32) {
    let n = x.len() as f32;
    let mu = sum16(x) / n;
    let mut d = [0f32; HIDDEN];
    for (dv, &xv) in d.iter_mut().zip(x.iter()) {
        let t = xv - mu;
        *dv = t * t;
    }
    let var = sum16(&d[..x.len()]) / n;
    let rs = 1.0 / (var + eps).sqrt();
    for ((xv, &gv), &bv) in x.iter_mut().zip(g).zip(b) {
        *xv = (*xv - mu) * rs * gv + bv;
    }
}

/// Round to nearest, ties to even, for `|x| < 2^22` (plain adds, so it
/// vectorises without SSE4.1).
#[inline(always)]
pub fn round_even(x: f32) -> f32 {
    const M: f32 = 12_582_912.0; // 1.5 · 2^23
    (x + M) - M
}

/// `e^x` for `x ≤ ~88`, accurate to a few ulp (a polynomial on
/// `[-ln2/2, ln2/2]` and an exponent shift), written to vectorise.
#[inline(always)]
pub fn exp(x: f32) -> f32 {
    let x = x.clamp(-87.0, 88.0);
    let n = round_even(x * std::f32::consts::LOG2_E);
    let r = x - n * 0.693_145_75 - n * 1.428_606_8e-6;
    let p = 1.0
        + r * (1.0
            + r * (0.5
                + r * (0.166_666_67 + r * (0.041_666_5 + r * (0.008_333_45 + r * 0.001_388_9)))));
    f32::from_bits(((n as i32 + 127) << 23) as u32) * p
}

/// erf with absolute error < 1.5e-7 (Abramowitz–Stegun 7.1.26 form).
#[inline(always)]
fn erf(x: f32) -> f32 {
    let a = x.abs();
    let t = 1.0 / (1.0 + 0.327_591_1 * a);
    let y = 1.0
        - t * (0.254_829_6
            + t * (-0.284_496_74 + t * (1.421_413_7 + t * (-1.453_152_1 + t * 1.061_405_4))))
            * exp(-a * a);
    if x < 0.0 { -y } else { y }
}

/// Exact (erf) GELU, in place.
#[inline(always)]
fn gelu(x: &mut [f32]) {
    for v in x.iter_mut() {
        *v = 0.5 * *v * (1.0 + erf(*v * std::f32::consts::FRAC_1_SQRT_2));
    }
}

/// Multi-head self-attention of one sequence: `qkv` is `n × 3·HIDDEN`
/// (Q | K | V), `ctx` receives `n × HIDDEN`.
#[inline(always)]
fn attention(qkv: &[f32], n: usize, ctx: &mut [f32], kt: &mut Vec<f32>, sc: &mut Vec<f32>) {
    let h = HIDDEN;
    let scale = 1.0 / (HEAD as f32).sqrt();
    kt.resize(HEAD * n, 0.0);
    sc.resize(n, 0.0);
    for head in 0..h / HEAD {
        let (qo, ko, vo) = (head * HEAD, h + head * HEAD, 2 * h + head * HEAD);
        // Kᵀ of this head: HEAD × n
        for j in 0..n {
            for d in 0..HEAD {
                kt[d * n + j] = qkv[j * 3 * h + ko + d];
            }
        }
        for i in 0..n {
            let q = &qkv[i * 3 * h + qo..i * 3 * h + qo + HEAD];
            let s = &mut sc[..n];
            s.fill(0.0);
            for d in 0..HEAD {
                let qd = q[d];
                for (sv, &k) in s.iter_mut().zip(&kt[d * n..(d + 1) * n]) {
                    *sv += qd * k;
                }
            }
            let mut mx = f32::NEG_INFINITY;
            for v in s.iter_mut() {
                *v *= scale;
                mx = mx.max(*v);
            }
            for v in s.iter_mut() {
                *v = exp(*v - mx);
            }
            let inv = 1.0 / sum16(s);
            let mut o = [0f32; HEAD];
            for (j, &p) in s.iter().enumerate() {
                let v = &qkv[j * 3 * h + vo..j * 3 * h + vo + HEAD];
                for d in 0..HEAD {
                    o[d] += p * v[d];
                }
            }
            for (c, ov) in ctx[i * h + qo..i * h + qo + HEAD].iter_mut().zip(o) {
                *c = ov * inv;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exp_and_erf_are_accurate() {
        for i in -800..=100 {
            let x = i as f32 / 10.0;
            let (a, b) = (exp(x), x.exp());
            assert!((a - b).abs() <= 4e-7 * b.max(1e-30), "exp({x}): {a} vs {b}");
        }
        // erf(1), erf(0.5), erf(-2) from tables
        for (x, e) in [
            (1.0f32, 0.842_700_8),
            (0.5, 0.520_499_9),
            (-2.0, -0.995_322_3),
        ] {
            assert!((erf(x) - e).abs() < 3e-7, "erf({x})");
        }
    }

    #[test]
    fn sum16_is_a_sum() {
        let v: Vec<f32> = (0..37).map(|i| i as f32).collect();
        assert_eq!(sum16(&v), 666.0);
    }
}
