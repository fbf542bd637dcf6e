//! A pure-Rust port of spaCy's `en_core_web_sm` 3.8.0 tokenizer and
//! named-entity recogniser, producing the same tokens and entity spans.
//!
//! The model data lives in `assets/en_core_web_sm/` (made by
//! `tools/spacy_convert.py`) and is embedded in the binary; see
//! [`Model::embedded`]. Offsets are byte offsets into the analysed `&str`.
//!
//! [`Model::analyze`] runs the `ner` component exactly as spaCy runs it with
//! `spacy.load(.., exclude=[everything but "ner"])`. In the full shipped
//! pipeline (`nlp(text)`) the dependency parser runs first and NER may not
//! continue an entity across a sentence start the parser found; that changes
//! about 0.1% of entities. Porting the parser too (done once, measured: it
//! doubles the cost and adds 6.6 MB) was not worth it for newsdesk; the parity
//! test reports both figures.

pub mod features;
pub mod gemm;
pub mod hash;
pub mod model;
pub mod ner;
pub mod nn;
pub mod tokenizer;

use std::cell::RefCell;
use std::collections::HashMap;
use std::sync::OnceLock;
use std::sync::atomic::{AtomicUsize, Ordering};

use features::Vocab;
use ner::Ner;
use nn::{Scratch, WIDTH};
use tokenizer::{ChunkCache, RawToken, Tokenizer};

/// One token (byte offsets into the text).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Token {
    pub start: usize,
    pub end: usize,
    /// Followed by a single space character that spaCy attaches to the token.
    pub whitespace: bool,
    /// Whitespace-only token (spaCy keeps runs such as "\n\n" as tokens).
    pub is_space: bool,
}

/// One named entity (byte offsets and token range).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entity {
    pub start: usize,
    pub end: usize,
    pub token_start: usize,
    pub token_end: usize,
    /// OntoNotes label, e.g. "PERSON", "GPE".
    pub label: &'static str,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Doc {
    pub tokens: Vec<Token>,
    pub entities: Vec<Entity>,
}

#[derive(Debug)]
pub struct Error(pub String);

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "spaCy model: {}", self.0)
    }
}

impl std::error::Error for Error {}

/// The converted asset files.
pub struct AssetBytes<'a> {
    pub ner: &'a [u8],
    pub tokenizer: &'a [u8],
    pub vocab: &'a [u8],
    pub unicode: &'a [u8],
}

static EMBEDDED_NER: &[u8] = include_bytes!("../../../assets/en_core_web_sm/ner.bin");
static EMBEDDED_TOKENIZER: &[u8] = include_bytes!("../../../assets/en_core_web_sm/tokenizer.json");
static EMBEDDED_VOCAB: &[u8] = include_bytes!("../../../assets/en_core_web_sm/vocab.json");
static EMBEDDED_UNICODE: &[u8] = include_bytes!("../../../assets/en_core_web_sm/unicode.json");

static NEXT_ID: AtomicUsize = AtomicUsize::new(1);
/// Per-thread cache sizes (entries); caches are cleared when exceeded.
const WORD_CACHE_LIMIT: usize = 50_000;

struct ThreadCache {
    model_id: usize,
    words: HashMap<[u64; 4], Box<[f32; WIDTH]>>,
    lex: HashMap<Box<str>, ([u64; 4], bool)>,
    chunks: ChunkCache,
    scratch: Scratch,
}

thread_local! {
    static CACHE: RefCell<ThreadCache> = RefCell::new(ThreadCache {
        model_id: 0,
        words: HashMap::new(),
        lex: HashMap::new(),
        chunks: ChunkCache::default(),
        scratch: Scratch::default(),
    });
}

/// The tokenizer + NER model. `Send + Sync`; share it with `Arc` or use
/// [`Model::embedded`].
///
/// Each thread that analyses text keeps caches (chunk tokenizations, lexical
/// features, per-word embedding outputs; at most 50,000 entries each, cleared
/// when full: a few tens of MB per thread at worst). They only save work;
/// results never depend on them.
pub struct Model {
    id: usize,
    vocab: Vocab,
    tokenizer: Tokenizer,
    ner: Ner,
}

impl Model {
    /// Build a model from the converted asset bytes.
    pub fn from_bytes(assets: AssetBytes<'_>) -> Result<Model, Error> {
        let vocab = Vocab::from_json(assets.vocab, assets.unicode)
            .map_err(|e| Error(format!("vocab: {e}")))?;
        let tokenizer = Tokenizer::from_json(assets.tokenizer).map_err(|e| Error(e.0))?;
        let mut w = model::Weights::from_bytes(assets.ner).map_err(Error)?;
        let ner = Ner::load(&mut w).map_err(Error)?;
        Ok(Model {
            id: NEXT_ID.fetch_add(1, Ordering::Relaxed),
            vocab,
            tokenizer,
            ner,
        })
    }

    /// The model compiled into the binary, parsed once on first use.
    pub fn embedded() -> &'static Model {
        static MODEL: OnceLock<Model> = OnceLock::new();
        MODEL.get_or_init(|| {
            Model::from_bytes(AssetBytes {
                ner: EMBEDDED_NER,
                tokenizer: EMBEDDED_TOKENIZER,
                vocab: EMBEDDED_VOCAB,
                unicode: EMBEDDED_UNICODE,
            })
            .expect("embedded spaCy assets are valid")
        })
    }

    fn raw_tokens(&self, text: &str) -> Vec<RawToken> {
        CACHE.with(|c| {
            let mut c = c.borrow_mut();
            let c = &mut *c;
            if c.model_id != self.id || c.chunks.len() > WORD_CACHE_LIMIT {
                c.model_id = self.id;
                c.words.clear();
                c.lex.clear();
                c.chunks.clear();
            }
            self.tokenizer
                .tokenize_cached(&self.vocab.unicode, text, &mut c.chunks)
        })
    }

    fn to_tokens(&self, text: &str, raw: &[RawToken]) -> Vec<Token> {
        raw.iter()
            .map(|t| Token {
                start: t.start,
                end: t.end,
                whitespace: t.whitespace,
                is_space: self.vocab.unicode.is_space(&text[t.start..t.end]),
            })
            .collect()
    }

    /// Tokenize like spaCy's `nlp.tokenizer(text)`.
    pub fn tokenize(&self, text: &str) -> Vec<Token> {
        let raw = self.raw_tokens(text);
        self.to_tokens(text, &raw)
    }

    /// Tokenize and find named entities with the `ner` component alone
    /// (spaCy's pipeline loaded with everything but `ner` excluded).
    pub fn analyze(&self, text: &str) -> Doc {
        let raw = self.raw_tokens(text);
        let tokens = self.to_tokens(text, &raw);
        let n = raw.len();
        let ents = CACHE.with(|c| {
            let mut c = c.borrow_mut();
            let c = &mut *c;
            if c.words.len() > WORD_CACHE_LIMIT || c.lex.len() > WORD_CACHE_LIMIT {
                c.words.clear();
                c.lex.clear();
            }
            let mut emb = vec![0f32; n * WIDTH];
            let mut is_space = vec![false; n];
            for (i, t) in raw.iter().enumerate() {
                let orth = &text[t.start..t.end];
                let (feats, sp) = match c.lex.get(orth) {
                    Some(v) => *v,
                    None => {
                        let v = (
                            self.vocab.features(orth, None),
                            self.vocab.unicode.is_space(orth),
                        );
                        c.lex.insert(orth.into(), v);
                        v
                    }
                };
                let feats = match t.norm {
                    Some(ni) => {
                        let mut f = feats;
                        f[0] = self.vocab.string_id(&self.tokenizer.norms[ni as usize]);
                        f
                    }
                    None => feats,
                };
                is_space[i] = sp;
                let dst = &mut emb[i * WIDTH..(i + 1) * WIDTH];
                match c.words.get(&feats) {
                    Some(v) => dst.copy_from_slice(&v[..]),
                    None => {
                        let mut v = Box::new([0f32; WIDTH]);
                        self.ner.t2v.embed_word(&feats, &mut v[..]);
                        dst.copy_from_slice(&v[..]);
                        c.words.insert(feats, v);
                    }
                }
            }
            self.ner.predict(&emb, &is_space, None, &mut c.scratch)
        });
        let entities = ents
            .into_iter()
            .map(|(a, b, l)| Entity {
                start: tokens[a].start,
                end: tokens[b - 1].end,
                token_start: a,
                token_end: b,
                label: self.ner.labels[l],
            })
            .collect();
        Doc { tokens, entities }
    }

    /// Analyze many texts on all cores (rayon).
    pub fn analyze_batch(&self, texts: &[&str]) -> Vec<Doc> {
        use rayon::prelude::*;
        texts.par_iter().map(|t| self.analyze(t)).collect()
    }

    /// spaCy's NORM of each token (`token.norm_`): the tokenizer special
    /// case's norm if it set one, else the lexeme norm.
    pub fn norms(&self, text: &str) -> Vec<String> {
        self.raw_tokens(text)
            .iter()
            .map(|t| match t.norm {
                Some(i) => self.tokenizer.norms[i as usize].clone(),
                None => self.vocab.lex_norm(&text[t.start..t.end]),
            })
            .collect()
    }

    /// The lexeme NORM of a string (`nlp.vocab[word].norm_`).
    pub fn lexeme_norm(&self, word: &str) -> String {
        self.vocab.lex_norm(word)
    }

    /// spaCy's word shape (`token.shape_`) of a string.
    pub fn shape(&self, word: &str) -> String {
        features::word_shape(&self.vocab.unicode, word)
    }

    /// The entity labels the model predicts.
    pub fn labels(&self) -> &[&'static str] {
        &self.ner.labels[1..]
    }
}
