//! The `ner` component of en_core_web_sm: its own `Tok2Vec.v2`, the
//! `TransitionBasedParser.v2` step model (see `nn.rs`) and greedy BILUO
//! decoding with the validity rules of
//! `spacy/pipeline/_parser_internals/ner.pyx` (`BiluoPushDown`).

use super::model::Weights;
use super::nn::{Scratch, StepModel, Tok2Vec};

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Move {
    Begin,
    In,
    Last,
    Unit,
    Out,
}

pub struct Ner {
    pub t2v: Tok2Vec,
    sm: StepModel,
    pub classes: Vec<(Move, usize)>,
    pub labels: Vec<&'static str>,
}

fn static_label(s: &str) -> &'static str {
    const KNOWN: [&str; 18] = [
        "ORG",
        "DATE",
        "PERSON",
        "GPE",
        "MONEY",
        "CARDINAL",
        "NORP",
        "PERCENT",
        "WORK_OF_ART",
        "LOC",
        "TIME",
        "QUANTITY",
        "FAC",
        "EVENT",
        "ORDINAL",
        "PRODUCT",
        "LAW",
        "LANGUAGE",
    ];
    for k in KNOWN {
        if k == s {
            return k;
        }
    }
    Box::leak(s.to_string().into_boxed_str())
}

impl Ner {
    pub fn load(w: &mut Weights) -> Result<Ner, String> {
        if w.meta.attrs != ["NORM", "PREFIX", "SUFFIX", "SHAPE"] {
            return Err(format!("unsupported NER features {:?}", w.meta.attrs));
        }
        let t2v = Tok2Vec::load(w)?;
        let sm = StepModel::load(w)?;
        if sm.nf != 3 {
            return Err("NER expects 3 state features".into());
        }
        let mut labels: Vec<&'static str> = vec![""];
        let mut classes = Vec::new();
        for (mv, label) in &w.meta.classes {
            let m = match mv.as_str() {
                "B" => Move::Begin,
                "I" => Move::In,
                "L" => Move::Last,
                "U" => Move::Unit,
                "O" => Move::Out,
                other => return Err(format!("unknown NER move {other}")),
            };
            let li = if label.is_empty() {
                0
            } else if let Some(p) = labels.iter().position(|x| x == label) {
                p
            } else {
                labels.push(static_label(label));
                labels.len() - 1
            };
            classes.push((m, li));
        }
        Ok(Ner {
            t2v,
            sm,
            classes,
            labels,
        })
    }

    /// Run the network and the greedy decoder. `embedded` holds the mixed
    /// embedding of each token (`n × WIDTH`), `is_space` the lexeme IS_SPACE
    /// flag, `sent_start` the parser's sentence starts if available.
    /// Returns entities as (start token, end token, label index).
    pub fn predict(
        &self,
        embedded: &[f32],
        is_space: &[bool],
        sent_start: Option<&[bool]>,
        s: &mut Scratch,
    ) -> Vec<(usize, usize, usize)> {
        #[cfg(target_arch = "x86_64")]
        {
            if std::arch::is_x86_feature_detected!("avx2") {
                // SAFETY: AVX2 is available (checked above); the body is safe
                // Rust, only compiled with wider vectors (no FMA contraction,
                // no reassociation), so results are unchanged.
                return unsafe { self.predict_avx2(embedded, is_space, sent_start, s) };
            }
        }
        self.predict_impl(embedded, is_space, sent_start, s)
    }

    #[cfg(target_arch = "x86_64")]
    #[target_feature(enable = "avx2")]
    fn predict_avx2(
        &self,
        embedded: &[f32],
        is_space: &[bool],
        sent_start: Option<&[bool]>,
        s: &mut Scratch,
    ) -> Vec<(usize, usize, usize)> {
        self.predict_impl(embedded, is_space, sent_start, s)
    }

    #[inline(always)]
    fn predict_impl(
        &self,
        embedded: &[f32],
        is_space: &[bool],
        sent_start: Option<&[bool]>,
        s: &mut Scratch,
    ) -> Vec<(usize, usize, usize)> {
        let n = is_space.len();
        if n == 0 {
            return Vec::new();
        }
        self.sm.precompute(&self.t2v, embedded, n, s);
        self.decode(&s.lower, is_space, sent_start)
    }

    #[inline(always)]
    fn decode(
        &self,
        cached: &[f32],
        is_space: &[bool],
        sent_start: Option<&[bool]>,
    ) -> Vec<(usize, usize, usize)> {
        let n = is_space.len();
        let mut buf = self.sm.buf();
        let mut ents: Vec<(usize, usize, usize)> = Vec::new();
        let mut open: Option<(usize, usize)> = None; // (start, label)
        let ss =
            |i: usize| -> bool { sent_start.is_some_and(|v| v.get(i).copied().unwrap_or(false)) };
        let mut b0 = 0usize;
        while b0 < n {
            // context tokens (StateC.set_context_tokens, n=3):
            // B(0), E(0) if an entity is open, B(0)-1 if an entity is open
            let ids: [i64; 3] = match open {
                Some((st, _)) => [b0 as i64, st as i64, b0 as i64 - 1],
                None => [b0 as i64, -1, -1],
            };
            self.sm.scores(cached, &ids, &mut buf);
            let scores = &buf.scores;
            // validity (ner.pyx; no preset entities in this pipeline)
            let buffer_len = n - b0;
            let next_sent_start = b0 + 1 < n && ss(b0 + 1);
            let mut best: Option<usize> = None;
            for (c, &(mv, label)) in self.classes.iter().enumerate() {
                let valid = match mv {
                    Move::Begin => {
                        open.is_none()
                            && buffer_len >= 2
                            && label != 0
                            && !next_sent_start
                            && !is_space[b0]
                    }
                    Move::In => match open {
                        Some((_, l)) => {
                            buffer_len >= 2 && label != 0 && l == label && !next_sent_start
                        }
                        None => false,
                    },
                    Move::Last => match open {
                        Some((_, l)) => label != 0 && l == label,
                        None => false,
                    },
                    Move::Unit => label != 0 && open.is_none() && !is_space[b0],
                    Move::Out => open.is_none(),
                };
                // arg_max_if_valid: first strictly greater score wins
                if valid {
                    match best {
                        None => best = Some(c),
                        Some(bc) if scores[c] > scores[bc] => best = Some(c),
                        _ => {}
                    }
                }
            }
            let Some(guess) = best else { break }; // spaCy: force_final
            let (mv, label) = self.classes[guess];
            match mv {
                Move::Begin => open = Some((b0, label)),
                Move::In | Move::Out => {}
                Move::Last => {
                    if let Some((st, l)) = open.take() {
                        ents.push((st, b0 + 1, l));
                    }
                }
                Move::Unit => ents.push((b0, b0 + 1, label)),
            }
            b0 += 1;
        }
        ents
    }
}
