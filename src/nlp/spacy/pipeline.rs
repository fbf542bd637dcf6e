//! The rest of en_core_web_sm's pipeline after the tokenizer: the shared
//! `tok2vec` component (NORM, PREFIX, SUFFIX, SHAPE, SPACY, IS_SPACE), the
//! `tagger` and `parser` that listen to it, the `attribute_ruler` and the
//! rule `lemmatizer` (the `ner` component, with its own tok2vec, is in
//! `ner.rs`). Weights come from `parser.bin` (see `model.rs`), the rules and
//! tables from `attribute_ruler.json` and `lemmatizer.json.gz`.

use super::attribute_ruler::Ruler;
use super::lemmatizer::Lemmatizer;
use super::model::Weights;
use super::nn::{Scratch, Tok2Vec};
use super::parser::{Parse, Parser};
use super::tagger::Tagger;

pub struct Pipeline {
    pub t2v: Tok2Vec,
    pub tagger: Tagger,
    pub parser: Parser,
    pub ruler: Ruler,
    pub lemmatizer: Lemmatizer,
}

/// Tagger and parser output of one document.
pub struct Tagged {
    pub tags: Vec<u16>,
    pub parse: Parse,
}

impl Pipeline {
    pub fn load(parser: &[u8], ruler: &[u8], lemmatizer: &[u8]) -> Result<Pipeline, String> {
        let mut w = Weights::from_bytes(parser)?;
        if w.meta.attrs != ["NORM", "PREFIX", "SUFFIX", "SHAPE", "SPACY", "IS_SPACE"] {
            return Err(format!("unsupported tok2vec features {:?}", w.meta.attrs));
        }
        let t2v = Tok2Vec::load(&mut w)?;
        let parser = Parser::load(&mut w)?;
        let tagger = Tagger::load(&mut w)?;
        Ok(Pipeline {
            t2v,
            tagger,
            parser,
            ruler: Ruler::from_json(ruler)?,
            lemmatizer: Lemmatizer::from_gz(lemmatizer)?,
        })
    }

    /// tok2vec → tagger and parser, from the mixed embeddings (`n × WIDTH`).
    pub fn tag_and_parse(
        &self,
        embedded: &[f32],
        is_space: &[bool],
        s: &mut Scratch,
        tag_scores: &mut Vec<f32>,
    ) -> Tagged {
        #[cfg(target_arch = "x86_64")]
        {
            if std::arch::is_x86_feature_detected!("avx2") {
                // SAFETY: AVX2 is available (checked above); the body is safe
                // Rust compiled with wider vectors, without FMA contraction or
                // reassociation, so results are unchanged.
                return unsafe { self.tag_and_parse_avx2(embedded, is_space, s, tag_scores) };
            }
        }
        self.tag_and_parse_impl(embedded, is_space, s, tag_scores)
    }

    #[cfg(target_arch = "x86_64")]
    #[target_feature(enable = "avx2")]
    fn tag_and_parse_avx2(
        &self,
        embedded: &[f32],
        is_space: &[bool],
        s: &mut Scratch,
        tag_scores: &mut Vec<f32>,
    ) -> Tagged {
        self.tag_and_parse_impl(embedded, is_space, s, tag_scores)
    }

    #[inline(always)]
    fn tag_and_parse_impl(
        &self,
        embedded: &[f32],
        is_space: &[bool],
        s: &mut Scratch,
        tag_scores: &mut Vec<f32>,
    ) -> Tagged {
        let n = is_space.len();
        if n == 0 {
            return Tagged {
                tags: Vec::new(),
                parse: self.parser.parse(&[], is_space),
            };
        }
        let mut proj = std::mem::take(&mut s.proj);
        let mut lower = std::mem::take(&mut s.lower);
        let tokvecs = self.t2v.encode(embedded, n, s);
        let tags = self.tagger.predict(tokvecs, n, tag_scores);
        self.parser
            .step_model()
            .precompute_tokvecs(tokvecs, n, &mut proj, &mut lower);
        let parse = self.parser.parse(&lower, is_space);
        s.proj = proj;
        s.lower = lower;
        Tagged { tags, parse }
    }
}
