//! The `tagger` component of en_core_web_sm (`spacy.Tagger.v2`,
//! `normalize=false`): an affine layer over the shared tok2vec output whose
//! arg-max is the fine-grained (PTB) tag. At inference thinc's `Softmax_v2`
//! without normalisation returns the affine scores themselves, so no
//! softmax is computed; `argmax` keeps the first maximum like numpy.

use super::gemm::{PackedB, gemm, transpose};
use super::model::Weights;
use super::nn::WIDTH;

pub struct Tagger {
    wt: PackedB,
    b: Vec<f32>,
    pub labels: Vec<&'static str>,
}

impl Tagger {
    pub fn load(w: &mut Weights) -> Result<Tagger, String> {
        let tags = w.meta.tags.clone();
        let n = tags.len();
        if n == 0 {
            return Err("parser.bin: no tag labels".into());
        }
        let wm = w.take("tagger.W", &[n, WIDTH])?;
        let b = w.take("tagger.b", &[n])?;
        // pad the output columns to the packed-gemm width with zero weights;
        // every output is its own dot product, so results do not change
        let npad = n.div_ceil(16) * 16;
        let t = transpose(&wm, n, WIDTH);
        let mut tp = vec![0f32; WIDTH * npad];
        for k in 0..WIDTH {
            tp[k * npad..k * npad + n].copy_from_slice(&t[k * n..(k + 1) * n]);
        }
        Ok(Tagger {
            wt: PackedB::new(&tp, WIDTH, npad),
            b,
            labels: tags.iter().map(|s| super::intern(s)).collect(),
        })
    }

    /// Tag indices of `n` tokens from their tok2vec rows (`n × WIDTH`).
    pub fn predict(&self, tokvecs: &[f32], n: usize, scores: &mut Vec<f32>) -> Vec<u16> {
        let npad = self.wt.n;
        let nt = self.b.len();
        scores.resize(n * npad, 0.0);
        if n == 0 {
            return Vec::new();
        }
        gemm(tokvecs, &self.wt, n, scores);
        let mut out = Vec::with_capacity(n);
        for r in 0..n {
            let row = &mut scores[r * npad..r * npad + nt];
            let mut best = 0usize;
            let mut best_v = f32::NEG_INFINITY;
            for (c, (v, bias)) in row.iter_mut().zip(&self.b).enumerate() {
                *v += *bias;
                if c == 0 || *v > best_v {
                    best = c;
                    best_v = *v;
                }
            }
            out.push(best as u16);
        }
        out
    }
}
