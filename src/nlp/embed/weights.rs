//! Reading `model.bin` as `tools/convert_minilm.py` writes it:
//! `b"MINILM\0\x01"`, u32 LE header length, JSON header
//! `{"meta": {...}, "arrays": [{"name", "dtype", "shape", "offset"}]}`,
//! then the arrays (little endian; offsets relative to the data start).
//! Matrices are `i8` with an f32 scale per row (`<name>.scale`) or `f16`;
//! vectors are `f32`.

use std::collections::HashMap;

use serde::Deserialize;

#[derive(Deserialize, Clone, Debug)]
pub struct Meta {
    pub dtype: String,
    pub hidden: usize,
    pub layers: usize,
    pub heads: usize,
    pub intermediate: usize,
    pub max_seq_length: usize,
    pub layer_norm_eps: f64,
    pub vocab_size: usize,
    pub pooling: String,
    pub normalize: bool,
    pub max_input_chars_per_word: usize,
    pub unk: String,
    #[serde(default)]
    pub source: String,
}

#[derive(Deserialize)]
struct ArrayIndex {
    name: String,
    dtype: String,
    shape: Vec<usize>,
    offset: usize,
}

#[derive(Deserialize)]
struct Header {
    meta: Meta,
    arrays: Vec<ArrayIndex>,
}

pub struct Weights<'a> {
    pub meta: Meta,
    data: &'a [u8],
    arrays: HashMap<String, ArrayIndex>,
}

/// A weight matrix as int8 rows with one scale per row.
pub struct MatI8 {
    pub rows: usize,
    pub cols: usize,
    pub q: Vec<i8>,
    pub scale: Vec<f32>,
}

/// IEEE half → single.
pub fn f16_to_f32(h: u16) -> f32 {
    let sign = ((h as u32) & 0x8000) << 16;
    let exp = ((h >> 10) & 0x1f) as u32;
    let man = (h & 0x3ff) as u32;
    let bits = match (exp, man) {
        (0, 0) => sign,
        (0, m) => {
            // subnormal: m · 2^-24
            let v = m as f32 * f32::from_bits(0x3380_0000);
            return if sign != 0 { -v } else { v };
        }
        (0x1f, 0) => sign | 0x7f80_0000,
        (0x1f, m) => sign | 0x7fc0_0000 | (m << 13),
        (e, m) => sign | ((e + 112) << 23) | (m << 13),
    };
    f32::from_bits(bits)
}

impl<'a> Weights<'a> {
    pub fn parse(bytes: &'a [u8]) -> Result<Weights<'a>, String> {
        if bytes.len() < 12 || &bytes[..8] != b"MINILM\0\x01" {
            return Err("model.bin: bad magic (expected MINILM v1)".into());
        }
        let hlen = u32::from_le_bytes([bytes[8], bytes[9], bytes[10], bytes[11]]) as usize;
        let hend = 12 + hlen;
        if bytes.len() < hend {
            return Err("model.bin: truncated header".into());
        }
        let h: Header = serde_json::from_slice(&bytes[12..hend])
            .map_err(|e| format!("model.bin header: {e}"))?;
        Ok(Weights {
            meta: h.meta,
            data: &bytes[hend..],
            arrays: h.arrays.into_iter().map(|a| (a.name.clone(), a)).collect(),
        })
    }

    fn raw(&self, name: &str, dtype: &str, shape: &[usize]) -> Result<&'a [u8], String> {
        let a = self
            .arrays
            .get(name)
            .ok_or_else(|| format!("model.bin: no array {name}"))?;
        if a.dtype != dtype || a.shape != shape {
            return Err(format!(
                "model.bin: {name} is {} {:?}, expected {dtype} {shape:?}",
                a.dtype, a.shape
            ));
        }
        let size = match dtype {
            "i8" => 1,
            "f16" => 2,
            _ => 4,
        };
        let n: usize = shape.iter().product::<usize>() * size;
        self.data
            .get(a.offset..a.offset + n)
            .ok_or_else(|| format!("model.bin: {name} out of bounds"))
    }

    pub fn vector(&self, name: &str, len: usize) -> Result<Vec<f32>, String> {
        Ok(self
            .raw(name, "f32", &[len])?
            .chunks_exact(4)
            .map(|b| f32::from_le_bytes([b[0], b[1], b[2], b[3]]))
            .collect())
    }

    /// A matrix as int8 rows; f16 matrices are quantized here the way the
    /// converter quantizes (symmetric, max|row|/127).
    pub fn matrix_i8(&self, name: &str, rows: usize, cols: usize) -> Result<MatI8, String> {
        match self.meta.dtype.as_str() {
            "int8" => {
                let q = self
                    .raw(name, "i8", &[rows, cols])?
                    .iter()
                    .map(|&b| b as i8)
                    .collect();
                let scale = self.vector(&format!("{name}.scale"), rows)?;
                Ok(MatI8 {
                    rows,
                    cols,
                    q,
                    scale,
                })
            }
            "f16" => {
                let f = self.matrix_f32(name, rows, cols)?;
                let mut q = vec![0i8; rows * cols];
                let mut scale = vec![1f32; rows];
                for r in 0..rows {
                    let row = &f[r * cols..(r + 1) * cols];
                    let m = row.iter().fold(0f32, |m, v| m.max(v.abs()));
                    let s = if m > 0.0 { m / 127.0 } else { 1.0 };
                    scale[r] = s;
                    for (d, &v) in q[r * cols..(r + 1) * cols].iter_mut().zip(row) {
                        *d = (v / s).round_ties_even().clamp(-127.0, 127.0) as i8;
                    }
                }
                Ok(MatI8 {
                    rows,
                    cols,
                    q,
                    scale,
                })
            }
            d => Err(format!("model.bin: unknown dtype {d}")),
        }
    }

    /// A matrix as f32 (dequantized when stored as int8).
    pub fn matrix_f32(&self, name: &str, rows: usize, cols: usize) -> Result<Vec<f32>, String> {
        match self.meta.dtype.as_str() {
            "f16" => Ok(self
                .raw(name, "f16", &[rows, cols])?
                .chunks_exact(2)
                .map(|b| f16_to_f32(u16::from_le_bytes([b[0], b[1]])))
                .collect()),
            _ => {
                let m = self.matrix_i8(name, rows, cols)?;
                let mut out = vec![0f32; rows * cols];
                for r in 0..rows {
                    for c in 0..cols {
                        out[r * cols + c] = m.q[r * cols + c] as f32 * m.scale[r];
                    }
                }
                Ok(out)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::f16_to_f32;

    #[test]
    fn half_conversion() {
        assert_eq!(f16_to_f32(0x3c00), 1.0);
        assert_eq!(f16_to_f32(0xc000), -2.0);
        assert_eq!(f16_to_f32(0x7bff), 65504.0);
        assert_eq!(f16_to_f32(0x0001), 2f32.powi(-24));
        assert_eq!(f16_to_f32(0x3555), 0.333_251_95);
        assert!(f16_to_f32(0x7c00).is_infinite());
    }
}
