//! Sentence embeddings: a pure-Rust all-MiniLM-L6-v2 (sentence-transformers;
//! 6-layer BERT, width 384, mean pooling, unit length).
//!
//! The converted model (`assets/all-MiniLM-L6-v2/`, made by
//! `tools/convert_minilm.py`) is embedded with `include_bytes!` and loaded
//! once on first use ([`Encoder::embedded`]). The tokenizer reproduces the
//! HF BERT tokenizer exactly ([`wordpiece`]); the encoder runs int8 linear
//! layers (AVX-512 VNNI where the CPU has it, else a portable kernel with
//! the same integer sums) and f32 everywhere else ([`bert`]).
//!
//! Texts longer than the model's 256-token window are split into windows of
//! balanced size (each `[CLS] … [SEP]`) and the token vectors of all
//! windows are mean-pooled together: nothing is truncated. A text without
//! any word (no letter or digit, e.g. empty or only symbols) has no
//! embedding.
//!
//! ```no_run
//! use newsdesk::nlp::embed::Encoder;
//! let enc = Encoder::embedded();
//! let v = enc.embed(&["The council approved the budget.", "Budget passed by council."]);
//! let (a, b) = (v[0].as_ref().unwrap(), v[1].as_ref().unwrap());
//! assert!(a.cosine(b) > 0.5);
//! ```

pub mod bert;
pub mod qgemm;
pub mod weights;
pub mod wordpiece;

use std::cell::RefCell;
use std::sync::OnceLock;

use rayon::prelude::*;

pub use bert::HIDDEN as DIM;
pub use qgemm::Kernel;

static MODEL_BIN: &[u8] = include_bytes!("../../../assets/all-MiniLM-L6-v2/model.bin");
static VOCAB_TXT: &str = include_str!("../../../assets/all-MiniLM-L6-v2/vocab.txt");
static CHARS_JSON: &str = include_str!("../../../assets/all-MiniLM-L6-v2/chars.json");

/// A hash of the encoder's weights and vocabulary built into the binary:
/// what the cached embeddings are keyed by.
pub fn weights_fingerprint() -> u64 {
    static F: std::sync::OnceLock<u64> = std::sync::OnceLock::new();
    *F.get_or_init(|| {
        let mut h = xxhash_rust::xxh3::Xxh3::new();
        for part in [MODEL_BIN, VOCAB_TXT.as_bytes(), CHARS_JSON.as_bytes()] {
            h.update(&(part.len() as u64).to_le_bytes());
            h.update(part);
        }
        h.digest()
    })
}

/// A sentence embedding of [`DIM`] dimensions and unit length, kept as
/// 8-bit integers with one scale (384 bytes, not 1,536: the dashboard keeps
/// the embeddings of every sentence it compared). The scale makes the
/// stored vector exactly unit length, so the cosine of two embeddings is
/// the scaled integer dot product. Against the floats the encoder computes,
/// the cosine moves by well under 0.01 (`tests/embed_parity.rs` checks the
/// stored vectors against sentence-transformers' own).
#[derive(Clone, Debug, PartialEq)]
pub struct Embedding {
    q: Box<[i8]>,
    /// 1 / the norm of `q`.
    scale: f32,
}

impl Embedding {
    /// The vector as floats (unit length).
    pub fn to_vec(&self) -> Vec<f32> {
        self.q.iter().map(|&x| x as f32 * self.scale).collect()
    }

    /// Quantises a vector (from the encoder, or read back from the cache);
    /// its direction is what counts, not its length.
    pub fn from_vec(v: Vec<f32>) -> Embedding {
        let max = v
            .iter()
            .filter(|x| x.is_finite())
            .fold(0f32, |m, x| m.max(x.abs()));
        let q: Box<[i8]> = v
            .iter()
            .map(|x| {
                if max > 0.0 && x.is_finite() {
                    (x / max * 127.0).round().clamp(-127.0, 127.0) as i8
                } else {
                    0
                }
            })
            .collect();
        let norm = (q.iter().map(|&x| x as i32 * x as i32).sum::<i32>() as f32).sqrt();
        Embedding {
            q,
            scale: if norm > 0.0 { 1.0 / norm } else { 0.0 },
        }
    }

    /// Cosine similarity (the dot product: both have unit length).
    pub fn cosine(&self, other: &Embedding) -> f32 {
        let dot: i32 = self
            .q
            .iter()
            .zip(other.q.iter())
            .map(|(&a, &b)| a as i32 * b as i32)
            .sum();
        dot as f32 * self.scale * other.scale
    }
}

/// The tokenizer and encoder; immutable and shared between threads.
pub struct Encoder {
    pub tokenizer: wordpiece::WordPiece,
    model: bert::Bert,
    kernel: Kernel,
    /// Content tokens per window (the window less `[CLS]` and `[SEP]`).
    window: usize,
}

/// Tokens per batch of windows run together (stacked without padding).
const BATCH_TOKENS: usize = 1024;

thread_local! {
    static SCRATCH: RefCell<bert::Scratch> = RefCell::new(bert::Scratch::default());
}

impl Encoder {
    /// The bundled model, loaded on first use.
    pub fn embedded() -> &'static Encoder {
        static ENC: OnceLock<Encoder> = OnceLock::new();
        ENC.get_or_init(|| {
            Encoder::from_parts(MODEL_BIN, VOCAB_TXT, CHARS_JSON, Kernel::detect())
                .expect("bundled all-MiniLM-L6-v2 assets are valid")
        })
    }

    /// A separate copy of the bundled model with a chosen kernel (to compare
    /// kernels; [`Kernel::Vnni`] falls back to portable on CPUs without it).
    pub fn bundled_with(kernel: Kernel) -> Encoder {
        Encoder::from_parts(MODEL_BIN, VOCAB_TXT, CHARS_JSON, kernel)
            .expect("bundled all-MiniLM-L6-v2 assets are valid")
    }

    /// Loads a converted model (`model.bin`, `vocab.txt`, `chars.json`).
    pub fn from_parts(
        model_bin: &[u8],
        vocab_txt: &str,
        chars_json: &str,
        kernel: Kernel,
    ) -> Result<Encoder, String> {
        let w = weights::Weights::parse(model_bin)?;
        let tokenizer = wordpiece::WordPiece::new(
            vocab_txt,
            chars_json,
            &w.meta.unk,
            w.meta.max_input_chars_per_word,
        )?;
        let model = bert::Bert::load(&w)?;
        let window = model.meta.max_seq_length - 2;
        Ok(Encoder {
            tokenizer,
            model,
            kernel,
            window,
        })
    }

    pub fn kernel(&self) -> Kernel {
        self.kernel
    }

    /// Bytes of the loaded weights in memory.
    pub fn weight_bytes(&self) -> usize {
        self.model.bytes()
    }

    /// Where the bundled weights came from (the converter's note).
    pub fn source(&self) -> &str {
        &self.model.meta.source
    }

    /// Embeds each text; `None` for a text with no word.
    pub fn embed(&self, texts: &[&str]) -> Vec<Option<Embedding>> {
        let toks: Vec<wordpiece::Tokens> = if texts.len() > 64 {
            texts
                .par_iter()
                .map(|t| self.tokenizer.tokenize(t))
                .collect()
        } else {
            texts.iter().map(|t| self.tokenizer.tokenize(t)).collect()
        };
        self.embed_tokens(&toks)
    }

    /// Embeds already tokenized texts ([`wordpiece::WordPiece::tokenize`]).
    pub fn embed_tokens(&self, toks: &[wordpiece::Tokens]) -> Vec<Option<Embedding>> {
        // windows: (text index, ids with [CLS] … [SEP])
        let mut windows: Vec<(usize, Vec<u32>)> = Vec::new();
        for (i, t) in toks.iter().enumerate() {
            if !t.has_word {
                continue;
            }
            let n = t.ids.len().div_ceil(self.window).max(1);
            let mut start = 0;
            for w in 0..n {
                let size = t.ids.len() / n + usize::from(w < t.ids.len() % n);
                let mut ids = Vec::with_capacity(size + 2);
                ids.push(self.tokenizer.cls);
                ids.extend_from_slice(&t.ids[start..start + size]);
                ids.push(self.tokenizer.sep);
                start += size;
                windows.push((i, ids));
            }
        }
        // length-sorted batches of about BATCH_TOKENS tokens, at least one
        // per thread when there is enough work
        windows.sort_by_key(|(_, ids)| ids.len());
        let total: usize = windows.iter().map(|(_, w)| w.len()).sum();
        let threads = rayon::current_num_threads().max(1);
        let budget = BATCH_TOKENS.min(total.div_ceil(threads)).max(64);
        let mut batches: Vec<&[(usize, Vec<u32>)]> = Vec::new();
        let mut b0 = 0;
        let mut acc = 0;
        for (i, (_, w)) in windows.iter().enumerate() {
            if acc > 0 && acc + w.len() > budget {
                batches.push(&windows[b0..i]);
                b0 = i;
                acc = 0;
            }
            acc += w.len();
        }
        if b0 < windows.len() {
            batches.push(&windows[b0..]);
        }
        let run = |batch: &&[(usize, Vec<u32>)]| -> Vec<f32> {
            let seqs: Vec<&[u32]> = batch.iter().map(|(_, w)| w.as_slice()).collect();
            SCRATCH.with(|s| {
                self.model
                    .forward_sums(self.kernel, &seqs, &mut s.borrow_mut())
            })
        };
        let sums: Vec<Vec<f32>> = if batches.len() > 1 {
            batches.par_iter().map(run).collect()
        } else {
            batches.iter().map(run).collect()
        };
        // pool per text across its windows
        let mut pooled = vec![vec![0f64; DIM]; toks.len()];
        let mut count = vec![0usize; toks.len()];
        for (batch, s) in batches.iter().zip(&sums) {
            for (j, (i, w)) in batch.iter().enumerate() {
                for (p, &v) in pooled[*i].iter_mut().zip(&s[j * DIM..(j + 1) * DIM]) {
                    *p += v as f64;
                }
                count[*i] += w.len();
            }
        }
        pooled
            .into_iter()
            .zip(count)
            .map(|(p, n)| {
                if n == 0 {
                    return None;
                }
                let norm = p.iter().map(|v| v * v).sum::<f64>().sqrt();
                if !(norm > 0.0 && norm.is_finite()) {
                    return None;
                }
                Some(Embedding::from_vec(
                    p.iter().map(|v| (v / norm) as f32).collect(),
                ))
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn similar_sentences_are_closer() {
        let enc = Encoder::embedded();
        let v = enc.embed(&[
            "The city council approved the new budget on Tuesday.",
            "On Tuesday the council passed the city's budget.",
            "A volcano erupted in Iceland, grounding flights.",
            "",
            "?!",
        ]);
        let (a, b, c) = (
            v[0].as_ref().unwrap(),
            v[1].as_ref().unwrap(),
            v[2].as_ref().unwrap(),
        );
        assert!(
            a.cosine(b) > a.cosine(c) + 0.3,
            "{} {}",
            a.cosine(b),
            a.cosine(c)
        );
        assert!(v[3].is_none() && v[4].is_none());
        assert!((a.cosine(a) - 1.0).abs() < 1e-5);
    }
}
