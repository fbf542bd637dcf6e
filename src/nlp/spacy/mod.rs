//! A pure-Rust port of spaCy's `en_core_web_sm` 3.8.0 pipeline: tokenizer,
//! `tok2vec`, `tagger`, `parser`, `attribute_ruler`, rule `lemmatizer` and
//! `ner`, producing the same tokens, tags, parses, lemmas and entities.
//!
//! The model data lives in `assets/en_core_web_sm/` (made by
//! `tools/spacy_convert.py`) and is embedded in the binary; see
//! [`Model::embedded`]. Offsets are byte offsets into the analysed `&str`.
//!
//! * [`Model::analyze`] runs the `ner` component alone, exactly as spaCy runs
//!   it with `spacy.load(.., exclude=[everything but "ner"])`. It is the fast
//!   path (the NER has its own tok2vec and needs nothing else).
//! * [`Model::parse`] runs the whole pipeline as `nlp(text)` does: fine tags,
//!   UPOS and morphology, lemmas, dependency labels and heads, sentence starts
//!   from the parser, and the entities of the full pipeline (where NER may not
//!   continue an entity across a sentence start the parser found; that changes
//!   about 0.1% of entities compared with `analyze`). It costs about three
//!   times `analyze`; its weights (`parser.bin`, the ruler and lemma tables)
//!   are loaded on the first call.

pub mod attribute_ruler;
pub mod features;
pub mod gemm;
pub mod hash;
pub mod lemmatizer;
pub mod model;
pub mod ner;
pub mod nn;
pub mod parser;
pub mod pipeline;
pub mod tagger;
pub mod tokenizer;

use std::cell::RefCell;
use std::collections::{HashMap, HashSet};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, OnceLock};

use features::Vocab;
use ner::Ner;
use nn::{Scratch, Tok2Vec, WIDTH};
use pipeline::Pipeline;
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

/// One token of [`Model::parse`]: byte offsets into the text and the
/// annotations of spaCy's full pipeline.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParsedToken {
    pub start: usize,
    pub end: usize,
    /// Followed by a single space character that spaCy attaches to the token.
    pub whitespace: bool,
    /// Whitespace-only token (lexeme IS_SPACE).
    pub is_space: bool,
    /// Fine-grained tag (`token.tag_`, Penn Treebank: "NNP", "VBD", "_SP" ...).
    pub tag: &'static str,
    /// Universal POS (`token.pos_`: "PROPN", "VERB" ...; "" if no rule set one).
    pub pos: &'static str,
    /// Morphological features (`str(token.morph)`, e.g. "Number=Sing").
    pub morph: &'static str,
    /// `token.lemma_`.
    pub lemma: String,
    /// Dependency label (`token.dep_`, ClearNLP labels: "nsubj", "ROOT" ...).
    pub dep: &'static str,
    /// Index of the head token in the document (a root is its own head).
    pub head: usize,
    /// The parser starts a sentence here (`token.is_sent_start`).
    pub sent_start: bool,
}

/// The output of [`Model::parse`].
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ParsedDoc {
    pub tokens: Vec<ParsedToken>,
    /// Entities as the full pipeline gives them (`nlp(text).ents`).
    pub entities: Vec<Entity>,
}

impl ParsedDoc {
    /// Token ranges of the sentences (`doc.sents`).
    pub fn sentences(&self) -> Vec<std::ops::Range<usize>> {
        let mut out = Vec::new();
        let mut start = 0;
        for (i, t) in self.tokens.iter().enumerate() {
            if i > 0 && t.sent_start {
                out.push(start..i);
                start = i;
            }
        }
        if !self.tokens.is_empty() {
            out.push(start..self.tokens.len());
        }
        out
    }

    /// The immediate children of token `i`, left to right (`token.children`).
    pub fn children(&self, i: usize) -> impl Iterator<Item = usize> + '_ {
        self.tokens
            .iter()
            .enumerate()
            .filter(move |&(j, t)| j != i && t.head == i)
            .map(|(j, _)| j)
    }

    /// Whether token `i` is the root of its sentence (its own head).
    pub fn is_root(&self, i: usize) -> bool {
        self.tokens[i].head == i
    }

    /// Token `i`'s ancestors, nearest first (`token.ancestors`).
    pub fn ancestors(&self, i: usize) -> impl Iterator<Item = usize> + '_ {
        let mut cur = i;
        let mut steps = 0;
        std::iter::from_fn(move || {
            let h = self.tokens[cur].head;
            if h == cur || steps > self.tokens.len() {
                return None;
            }
            steps += 1;
            cur = h;
            Some(h)
        })
    }
}

/// A `&'static str` for a label string (model labels are interned once, so
/// loading models repeatedly does not grow memory).
pub(crate) fn intern(s: &str) -> &'static str {
    static SET: OnceLock<Mutex<HashSet<&'static str>>> = OnceLock::new();
    let mut set = SET
        .get_or_init(|| Mutex::new(HashSet::new()))
        .lock()
        .unwrap_or_else(|e| e.into_inner());
    if let Some(v) = set.get(s) {
        return v;
    }
    let v: &'static str = Box::leak(s.to_string().into_boxed_str());
    set.insert(v);
    v
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
    /// The tok2vec/tagger/parser, attribute_ruler and lemmatizer assets,
    /// needed by [`Model::parse`] only.
    pub pipeline: Option<PipelineBytes<'a>>,
}

/// `parser.bin`, `attribute_ruler.json` and `lemmatizer.json.gz`.
#[derive(Clone, Copy)]
pub struct PipelineBytes<'a> {
    pub parser: &'a [u8],
    pub attribute_ruler: &'a [u8],
    pub lemmatizer: &'a [u8],
}

static EMBEDDED_PARSER: &[u8] = include_bytes!("../../../assets/en_core_web_sm/parser.bin");
static EMBEDDED_RULER: &[u8] =
    include_bytes!("../../../assets/en_core_web_sm/attribute_ruler.json");
static EMBEDDED_LEMMAS: &[u8] = include_bytes!("../../../assets/en_core_web_sm/lemmatizer.json.gz");

static EMBEDDED_NER: &[u8] = include_bytes!("../../../assets/en_core_web_sm/ner.bin");
static EMBEDDED_TOKENIZER: &[u8] = include_bytes!("../../../assets/en_core_web_sm/tokenizer.json");
static EMBEDDED_VOCAB: &[u8] = include_bytes!("../../../assets/en_core_web_sm/vocab.json");
static EMBEDDED_UNICODE: &[u8] = include_bytes!("../../../assets/en_core_web_sm/unicode.json");

/// A hash of every weight and table built into the binary: what the
/// analysis cache keys carry, so new weights never read old analyses.
pub fn weights_fingerprint() -> u64 {
    static F: std::sync::OnceLock<u64> = std::sync::OnceLock::new();
    *F.get_or_init(|| {
        let mut h = xxhash_rust::xxh3::Xxh3::new();
        for part in [
            EMBEDDED_PARSER,
            EMBEDDED_RULER,
            EMBEDDED_LEMMAS,
            EMBEDDED_NER,
            EMBEDDED_TOKENIZER,
            EMBEDDED_VOCAB,
            EMBEDDED_UNICODE,
        ] {
            h.update(&(part.len() as u64).to_le_bytes());
            h.update(part);
        }
        h.digest()
    })
}

static NEXT_ID: AtomicUsize = AtomicUsize::new(1);
/// Per-thread cache sizes (entries); caches are cleared when exceeded.
const WORD_CACHE_LIMIT: usize = 50_000;

struct ThreadCache {
    model_id: usize,
    /// NER tok2vec embedding output by [NORM, PREFIX, SUFFIX, SHAPE]
    words: HashMap<[u64; 4], Box<[f32; WIDTH]>>,
    /// shared tok2vec embedding output by [.., SPACY, IS_SPACE]
    words6: HashMap<[u64; 6], Box<[f32; WIDTH]>>,
    lex: HashMap<Box<str>, ([u64; 4], bool)>,
    chunks: ChunkCache,
    scratch: Scratch,
    tag_scores: Vec<f32>,
}

thread_local! {
    static CACHE: RefCell<ThreadCache> = RefCell::new(ThreadCache {
        model_id: 0,
        words: HashMap::new(),
        words6: HashMap::new(),
        lex: HashMap::new(),
        chunks: ChunkCache::default(),
        scratch: Scratch::default(),
        tag_scores: Vec::new(),
    });
}

/// Fill `out` (`WIDTH` floats) with the embedding output of a token's
/// features, from or into a per-thread cache.
fn cached_embed<const N: usize>(
    cache: &mut HashMap<[u64; N], Box<[f32; WIDTH]>>,
    t2v: &Tok2Vec,
    feats: [u64; N],
    out: &mut [f32],
) {
    match cache.get(&feats) {
        Some(v) => out.copy_from_slice(&v[..]),
        None => {
            let mut v = Box::new([0f32; WIDTH]);
            t2v.embed_word(&feats, &mut v[..]);
            out.copy_from_slice(&v[..]);
            cache.insert(feats, v);
        }
    }
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
    /// loaded on first use from `pipeline_src` (or at construction)
    pipeline: OnceLock<Result<Pipeline, String>>,
    pipeline_src: Option<PipelineBytes<'static>>,
}

impl Model {
    /// Build a model from the converted asset bytes.
    pub fn from_bytes(assets: AssetBytes<'_>) -> Result<Model, Error> {
        let vocab = Vocab::from_json(assets.vocab, assets.unicode)
            .map_err(|e| Error(format!("vocab: {e}")))?;
        let tokenizer = Tokenizer::from_json(assets.tokenizer).map_err(|e| Error(e.0))?;
        let mut w = model::Weights::from_bytes(assets.ner).map_err(Error)?;
        let ner = Ner::load(&mut w).map_err(Error)?;
        let pipeline = OnceLock::new();
        if let Some(p) = assets.pipeline {
            let loaded =
                Pipeline::load(p.parser, p.attribute_ruler, p.lemmatizer).map_err(Error)?;
            let _ = pipeline.set(Ok(loaded));
        }
        Ok(Model {
            id: NEXT_ID.fetch_add(1, Ordering::Relaxed),
            vocab,
            tokenizer,
            ner,
            pipeline,
            pipeline_src: None,
        })
    }

    /// The tagger/parser/ruler/lemmatizer, loading the embedded assets on
    /// first use.
    fn pipeline(&self) -> Result<&Pipeline, Error> {
        self.pipeline
            .get_or_init(|| match self.pipeline_src {
                Some(p) => Pipeline::load(p.parser, p.attribute_ruler, p.lemmatizer),
                None => Err("the model was built without the parser assets".into()),
            })
            .as_ref()
            .map_err(|e| Error(e.clone()))
    }

    /// Whether [`Model::parse`] is available (always for the embedded model).
    pub fn has_parser(&self) -> bool {
        self.pipeline().is_ok()
    }

    /// The model compiled into the binary, parsed once on first use.
    pub fn embedded() -> &'static Model {
        static MODEL: OnceLock<Model> = OnceLock::new();
        MODEL.get_or_init(|| {
            let mut m = Model::from_bytes(AssetBytes {
                ner: EMBEDDED_NER,
                tokenizer: EMBEDDED_TOKENIZER,
                vocab: EMBEDDED_VOCAB,
                unicode: EMBEDDED_UNICODE,
                pipeline: None,
            })
            .expect("embedded spaCy assets are valid");
            m.pipeline_src = Some(PipelineBytes {
                parser: EMBEDDED_PARSER,
                attribute_ruler: EMBEDDED_RULER,
                lemmatizer: EMBEDDED_LEMMAS,
            });
            m
        })
    }

    fn raw_tokens(&self, text: &str) -> Vec<RawToken> {
        CACHE.with(|c| {
            let mut c = c.borrow_mut();
            let c = &mut *c;
            if c.model_id != self.id || c.chunks.len() > WORD_CACHE_LIMIT {
                c.model_id = self.id;
                c.words.clear();
                c.words6.clear();
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

    /// Lexical features of each token ([NORM, PREFIX, SUFFIX, SHAPE] ids)
    /// and its IS_SPACE flag, through the per-thread lexeme cache.
    fn lex_features(
        &self,
        text: &str,
        raw: &[RawToken],
        c: &mut ThreadCache,
    ) -> (Vec<[u64; 4]>, Vec<bool>) {
        if c.words.len() > WORD_CACHE_LIMIT
            || c.words6.len() > WORD_CACHE_LIMIT
            || c.lex.len() > WORD_CACHE_LIMIT
        {
            c.words.clear();
            c.words6.clear();
            c.lex.clear();
        }
        let mut feats = Vec::with_capacity(raw.len());
        let mut is_space = Vec::with_capacity(raw.len());
        for t in raw {
            let orth = &text[t.start..t.end];
            let (f, sp) = match c.lex.get(orth) {
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
            let f = match t.norm {
                Some(ni) => {
                    let mut f = f;
                    f[0] = self.vocab.string_id(&self.tokenizer.norms[ni as usize]);
                    f
                }
                None => f,
            };
            feats.push(f);
            is_space.push(sp);
        }
        (feats, is_space)
    }

    /// The NER component over lexical features; `sent_start` constrains it
    /// as the parser's sentence starts do in the full pipeline.
    fn run_ner(
        &self,
        feats: &[[u64; 4]],
        is_space: &[bool],
        sent_start: Option<&[bool]>,
        c: &mut ThreadCache,
    ) -> Vec<(usize, usize, usize)> {
        let n = feats.len();
        let mut emb = vec![0f32; n * WIDTH];
        for (i, f) in feats.iter().enumerate() {
            cached_embed(
                &mut c.words,
                &self.ner.t2v,
                *f,
                &mut emb[i * WIDTH..(i + 1) * WIDTH],
            );
        }
        self.ner.predict(&emb, is_space, sent_start, &mut c.scratch)
    }

    fn entities(&self, tokens: &[Token], ents: Vec<(usize, usize, usize)>) -> Vec<Entity> {
        ents.into_iter()
            .map(|(a, b, l)| Entity {
                start: tokens[a].start,
                end: tokens[b - 1].end,
                token_start: a,
                token_end: b,
                label: self.ner.labels[l],
            })
            .collect()
    }

    /// Tokenize and find named entities with the `ner` component alone
    /// (spaCy's pipeline loaded with everything but `ner` excluded).
    pub fn analyze(&self, text: &str) -> Doc {
        let raw = self.raw_tokens(text);
        let tokens = self.to_tokens(text, &raw);
        let ents = CACHE.with(|c| {
            let mut c = c.borrow_mut();
            let c = &mut *c;
            let (feats, is_space) = self.lex_features(text, &raw, c);
            self.run_ner(&feats, &is_space, None, c)
        });
        let entities = self.entities(&tokens, ents);
        Doc { tokens, entities }
    }

    /// The full pipeline, as spaCy's `nlp(text)`: tokens with tags, UPOS,
    /// morphology, lemmas, dependency labels and heads, sentence starts, and
    /// the entities (NER constrained by the parser's sentence starts).
    ///
    /// Panics only if the model was built by [`Model::from_bytes`] without
    /// the pipeline assets (see [`Model::has_parser`]).
    pub fn parse(&self, text: &str) -> ParsedDoc {
        self.parse_impl(text, true)
    }

    /// [`Model::parse`] without the `ner` component (`entities` left empty):
    /// tags, lemmas, dependencies and sentences only, about a third faster.
    pub fn parse_syntax(&self, text: &str) -> ParsedDoc {
        self.parse_impl(text, false)
    }

    fn parse_impl(&self, text: &str, with_ner: bool) -> ParsedDoc {
        let pipe = match self.pipeline() {
            Ok(p) => p,
            Err(e) => panic!("Model::parse: {e}"),
        };
        let raw = self.raw_tokens(text);
        let tokens = self.to_tokens(text, &raw);
        let n = raw.len();
        let (tagged, ents, is_space) = CACHE.with(|c| {
            let mut c = c.borrow_mut();
            let c = &mut *c;
            let (feats, is_space) = self.lex_features(text, &raw, c);
            let mut emb = vec![0f32; n * WIDTH];
            for (i, (f, t)) in feats.iter().zip(&raw).enumerate() {
                let f6 = [
                    f[0],
                    f[1],
                    f[2],
                    f[3],
                    t.whitespace as u64,
                    is_space[i] as u64,
                ];
                cached_embed(
                    &mut c.words6,
                    &pipe.t2v,
                    f6,
                    &mut emb[i * WIDTH..(i + 1) * WIDTH],
                );
            }
            let mut tag_scores = std::mem::take(&mut c.tag_scores);
            let tagged = pipe.tag_and_parse(&emb, &is_space, &mut c.scratch, &mut tag_scores);
            c.tag_scores = tag_scores;
            let ents = if with_ner {
                self.run_ner(&feats, &is_space, Some(&tagged.parse.sent_starts), c)
            } else {
                Vec::new()
            };
            (tagged, ents, is_space)
        });
        // attribute_ruler
        let lowers: Vec<String> = raw
            .iter()
            .map(|t| self.vocab.unicode.lower(&text[t.start..t.end]))
            .collect();
        let parse = &tagged.parse;
        let mut attrs: Vec<attribute_ruler::TokenAttrs<'_>> = (0..n)
            .map(|i| attribute_ruler::TokenAttrs {
                tag: pipe.tagger.labels[tagged.tags[i] as usize],
                pos: "",
                morph: "",
                lemma: None,
                dep: pipe.parser.labels[parse.labels[i] as usize],
                lower: &lowers[i],
                is_space: is_space[i],
            })
            .collect();
        pipe.ruler.apply(&mut attrs);
        let out: Vec<ParsedToken> = attrs
            .iter()
            .enumerate()
            .map(|(i, a)| {
                let t = &raw[i];
                let word = &text[t.start..t.end];
                ParsedToken {
                    start: t.start,
                    end: t.end,
                    whitespace: t.whitespace,
                    is_space: is_space[i],
                    tag: a.tag,
                    pos: a.pos,
                    morph: a.morph,
                    lemma: match a.lemma {
                        Some(l) => l.to_string(),
                        None => {
                            pipe.lemmatizer
                                .lemmatize(&self.vocab.unicode, word, a.pos, a.morph)
                        }
                    },
                    dep: a.dep,
                    head: parse.heads[i],
                    sent_start: parse.sent_starts[i],
                }
            })
            .collect();
        let entities = self.entities(&tokens, ents);
        ParsedDoc {
            tokens: out,
            entities,
        }
    }

    /// [`Model::parse`] over many texts on all cores (rayon).
    pub fn parse_batch(&self, texts: &[&str]) -> Vec<ParsedDoc> {
        use rayon::prelude::*;
        texts.par_iter().map(|t| self.parse(t)).collect()
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

    /// Python's `str.lower()` of a string (CPython's Unicode tables).
    pub fn lower(&self, s: &str) -> String {
        self.vocab.unicode.lower(s)
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
