//! Loading of the converted weights (`ner.bin`, `parser.bin`).
//!
//! Layout: `b"SPNER\0\0\x01"`, u32 LE header length, JSON header
//! `{"meta": {...}, "arrays": [{"name", "shape", "offset"}]}` (padded so the
//! data starts 4-byte aligned), then the little-endian f32 arrays.

use std::collections::HashMap;

use serde::Deserialize;

#[derive(Deserialize, Clone)]
pub struct HashEmbedMeta {
    pub column: usize,
    pub seed: u32,
    pub rows: usize,
    pub width: usize,
}

#[derive(Deserialize, Clone)]
pub struct LowerMeta {
    #[serde(rename = "nF")]
    pub nf: usize,
    #[serde(rename = "nO")]
    pub no: usize,
    #[serde(rename = "nP")]
    pub np: usize,
    #[serde(rename = "nI")]
    pub ni: usize,
}

#[derive(Deserialize, Clone)]
pub struct Meta {
    pub hash_embed: Vec<HashEmbedMeta>,
    pub attrs: Vec<String>,
    pub encoder_pad: usize,
    pub window_size: usize,
    pub maxout_pieces_embed: usize,
    pub maxout_pieces_encode: usize,
    pub lower: LowerMeta,
    pub unseen_classes: Vec<usize>,
    pub classes: Vec<(String, String)>,
    #[serde(default)]
    pub model: String,
    #[serde(default)]
    pub spacy_version: String,
    #[serde(default)]
    pub root_label: Option<String>,
    /// the tagger's labels (parser.bin only)
    #[serde(default)]
    pub tags: Vec<String>,
}

#[derive(Deserialize)]
struct ArrayIndex {
    name: String,
    shape: Vec<usize>,
    offset: usize,
}

#[derive(Deserialize)]
struct Header {
    meta: Meta,
    arrays: Vec<ArrayIndex>,
}

pub struct Array {
    pub shape: Vec<usize>,
    pub data: Vec<f32>,
}

pub struct Weights {
    pub meta: Meta,
    pub arrays: HashMap<String, Array>,
}

impl Weights {
    pub fn from_bytes(bytes: &[u8]) -> Result<Weights, String> {
        if bytes.len() < 12 || &bytes[..8] != b"SPNER\0\0\x01" {
            return Err("ner.bin: bad magic (expected SPNER v1)".into());
        }
        let hlen = u32::from_le_bytes([bytes[8], bytes[9], bytes[10], bytes[11]]) as usize;
        let hend = 12 + hlen;
        if bytes.len() < hend {
            return Err("ner.bin: truncated header".into());
        }
        let header: Header =
            serde_json::from_slice(&bytes[12..hend]).map_err(|e| format!("ner.bin header: {e}"))?;
        let data = &bytes[hend..];
        let mut arrays = HashMap::new();
        for a in header.arrays {
            let n: usize = a.shape.iter().product();
            let start = a.offset;
            let end = start + n * 4;
            if end > data.len() {
                return Err(format!("ner.bin: array {} out of bounds", a.name));
            }
            let v: Vec<f32> = data[start..end]
                .chunks_exact(4)
                .map(|c| f32::from_le_bytes([c[0], c[1], c[2], c[3]]))
                .collect();
            arrays.insert(
                a.name,
                Array {
                    shape: a.shape,
                    data: v,
                },
            );
        }
        Ok(Weights {
            meta: header.meta,
            arrays,
        })
    }

    pub fn take(&mut self, name: &str, shape: &[usize]) -> Result<Vec<f32>, String> {
        let a = self
            .arrays
            .remove(name)
            .ok_or_else(|| format!("ner.bin: missing array {name}"))?;
        if a.shape != shape {
            return Err(format!(
                "ner.bin: array {name} has shape {:?}, expected {:?}",
                a.shape, shape
            ));
        }
        Ok(a.data)
    }
}
