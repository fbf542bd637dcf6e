//! The two hash functions the spaCy NER model depends on.
//!
//! * [`murmurhash64a`]: spaCy's string hash (`spacy.strings.hash_utf8` →
//!   `murmurhash.mrmr.hash64` → `MurmurHash64A(key, len, seed=1)`), used for
//!   every lexical attribute value (NORM, PREFIX, SUFFIX, SHAPE strings).
//! * [`thinc_hash_u64`]: thinc's `NumpyOps.hash` (`MurmurHash3_x86_128_uint64`
//!   in `thinc/backends/numpy_ops.pyx`), which is MurmurHash3 x64-128 applied
//!   to one 8-byte key and returned as four u32 words; `HashEmbed` sums the
//!   four table rows `E[word % nV]`.

/// MurmurHash64A (Austin Appleby), as compiled into the `murmurhash` package.
pub fn murmurhash64a(key: &[u8], seed: u64) -> u64 {
    const M: u64 = 0xc6a4_a793_5bd1_e995;
    const R: u32 = 47;
    let len = key.len();
    let mut h: u64 = seed ^ (len as u64).wrapping_mul(M);
    let mut chunks = key.chunks_exact(8);
    for c in &mut chunks {
        let mut k = u64::from_le_bytes([c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]]);
        k = k.wrapping_mul(M);
        k ^= k >> R;
        k = k.wrapping_mul(M);
        h ^= k;
        h = h.wrapping_mul(M);
    }
    let tail = chunks.remainder();
    let rem = tail.len();
    if rem > 0 {
        for i in (0..rem).rev() {
            h ^= (tail[i] as u64) << (8 * i);
        }
        h = h.wrapping_mul(M);
    }
    h ^= h >> R;
    h = h.wrapping_mul(M);
    h ^= h >> R;
    h
}

/// spaCy's `hash_string`: MurmurHash64A of the UTF-8 bytes with seed 1.
pub fn hash_string(s: &str) -> u64 {
    murmurhash64a(s.as_bytes(), 1)
}

#[inline]
fn fmix64(mut k: u64) -> u64 {
    k ^= k >> 33;
    k = k.wrapping_mul(0xff51_afd7_ed55_8ccd);
    k ^= k >> 33;
    k = k.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    k ^= k >> 33;
    k
}

/// thinc's `MurmurHash3_x86_128_uint64(val, seed)`: four 32-bit keys.
pub fn thinc_hash_u64(val: u64, seed: u32) -> [u32; 4] {
    let mut h1 = val;
    h1 = h1.wrapping_mul(0x87c3_7b91_1142_53d5);
    h1 = h1.rotate_left(31);
    h1 = h1.wrapping_mul(0x4cf5_ad43_2745_937f);
    h1 ^= seed as u64;
    h1 ^= 8;
    let mut h2 = seed as u64;
    h2 ^= 8;
    h1 = h1.wrapping_add(h2);
    h2 = h2.wrapping_add(h1);
    h1 = fmix64(h1);
    h2 = fmix64(h2);
    h1 = h1.wrapping_add(h2);
    h2 = h2.wrapping_add(h1);
    [h1 as u32, (h1 >> 32) as u32, h2 as u32, (h2 >> 32) as u32]
}

#[cfg(test)]
mod tests {
    use super::*;

    // Expected values computed with spaCy 3.8 / thinc 8.3 in Python:
    //   spacy.strings.hash_string(s) and NumpyOps().hash(numpy.array([v], "uint64"), seed)
    #[test]
    fn spacy_string_hash() {
        assert_eq!(hash_string("apple"), 8566208034543834098);
        assert_eq!(hash_string("Xxxxx"), 16072095006890171862);
        assert_eq!(hash_string("the"), 7425985699627899538);
        assert_eq!(hash_string("Saint-Étienne"), 224732345185481231);
        assert_eq!(hash_string("a"), 11901859001352538922);
        assert_eq!(hash_string("abcdefgh"), 17751780907874141760);
    }

    #[test]
    fn thinc_hash() {
        assert_eq!(
            thinc_hash_u64(8566208034543834098, 8),
            [2653853934, 3922826080, 3980780901, 3736755472]
        );
        assert_eq!(
            thinc_hash_u64(1, 11),
            [1634411200, 575644854, 1340576912, 386683953]
        );
    }
}
