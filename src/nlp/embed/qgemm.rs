//! int8 matrix products for the encoder's linear layers:
//! `out = dequant(u8 activations · i8 weightsᵀ) + bias`.
//!
//! Weights are int8 with one scale per output column (symmetric, as stored
//! in `model.bin`); activations are quantized per row to u8 with a zero
//! point ([`quantize`]). The products are exact integer sums, so the
//! AVX-512 VNNI kernel (`vpdpbusd`) and the portable kernel give
//! bit-identical results: both then apply the same float epilogue
//! `(acc − z·colsum) · (s_row · s_col) + bias` with separate multiply and add.

use super::bert::round_even;

/// Output columns per packed block (4 × 16 i32 lanes).
pub const NB: usize = 64;
/// Rows per register tile of the VNNI kernel (6 × 4 accumulators).
const MR: usize = 6;
/// Rows per L2 chunk.
const MC: usize = 96;

/// Which kernel runs the products.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kernel {
    /// AVX-512 VNNI (`vpdpbusd`), 64 multiply-adds per instruction.
    Vnni,
    /// Plain Rust (AVX2-compiled where the CPU has it); same integer sums.
    Portable,
}

impl Kernel {
    /// The fastest kernel this CPU runs.
    pub fn detect() -> Kernel {
        #[cfg(target_arch = "x86_64")]
        {
            if std::arch::is_x86_feature_detected!("avx512f")
                && std::arch::is_x86_feature_detected!("avx512bw")
                && std::arch::is_x86_feature_detected!("avx512vnni")
            {
                return Kernel::Vnni;
            }
        }
        Kernel::Portable
    }
}

/// A weight matrix `n × k` (PyTorch `Linear` layout) packed for the kernels:
/// `[block of 64 columns][k/4][64 columns][4 consecutive k]`.
pub struct PackedI8 {
    pub n: usize,
    pub k: usize,
    data: Vec<i8>,
    scale: Vec<f32>,
    colsum: Vec<i32>,
    bias: Vec<f32>,
}

impl PackedI8 {
    pub fn new(q: &[i8], scale: &[f32], bias: &[f32], n: usize, k: usize) -> PackedI8 {
        assert_eq!(q.len(), n * k);
        assert!(
            n.is_multiple_of(NB) && k.is_multiple_of(4),
            "packed int8 gemm needs n % {NB} == 0 and k % 4 == 0 (n={n}, k={k})"
        );
        assert!(scale.len() == n && bias.len() == n);
        let mut data = Vec::with_capacity(n * k);
        for blk in 0..n / NB {
            for g in 0..k / 4 {
                for c in 0..NB {
                    let row = &q[(blk * NB + c) * k..(blk * NB + c + 1) * k];
                    data.extend_from_slice(&row[4 * g..4 * g + 4]);
                }
            }
        }
        let colsum = (0..n)
            .map(|c| q[c * k..(c + 1) * k].iter().map(|&v| v as i32).sum())
            .collect();
        PackedI8 {
            n,
            k,
            data,
            scale: scale.to_vec(),
            colsum,
            bias: bias.to_vec(),
        }
    }

    pub fn bytes(&self) -> usize {
        self.data.len() + 12 * self.n
    }
}

/// Rows of activations quantized to u8: `x ≈ scale · (u − zero)`.
#[derive(Default)]
pub struct QRows {
    pub k: usize,
    pub u: Vec<u8>,
    pub scale: Vec<f32>,
    pub zero: Vec<i32>,
}

/// Quantizes `m` rows of `x` (`m × k`): per row, the range `[min(lo, 0),
/// max(hi, 0)]` is mapped onto 0..=255.
#[inline(always)]
pub fn quantize(x: &[f32], m: usize, k: usize, q: &mut QRows) {
    q.k = k;
    q.u.resize(m * k, 0);
    q.scale.resize(m, 0.0);
    q.zero.resize(m, 0);
    for r in 0..m {
        let row = &x[r * k..(r + 1) * k];
        let (mut lo, mut hi) = ([0f32; 16], [0f32; 16]);
        for ch in row.chunks_exact(16) {
            for l in 0..16 {
                lo[l] = lo[l].min(ch[l]);
                hi[l] = hi[l].max(ch[l]);
            }
        }
        for &v in row.chunks_exact(16).remainder() {
            lo[0] = lo[0].min(v);
            hi[0] = hi[0].max(v);
        }
        let lo = lo.iter().fold(0f32, |a, &b| a.min(b));
        let hi = hi.iter().fold(0f32, |a, &b| a.max(b));
        let mut s = (hi - lo) / 255.0;
        if !(s > 0.0 && s.is_finite()) {
            s = 1.0;
        }
        let z = round_even((-lo / s).clamp(0.0, 255.0));
        let inv = 1.0 / s;
        for (d, &v) in q.u[r * k..(r + 1) * k].iter_mut().zip(row) {
            *d = round_even((v * inv + z).clamp(0.0, 255.0)) as u8;
        }
        q.scale[r] = s;
        q.zero[r] = z as i32;
    }
}

/// `out[m × n] = dequant(a · wᵀ) + bias` (overwrites `out`).
pub fn qgemm(kernel: Kernel, a: &QRows, m: usize, w: &PackedI8, out: &mut [f32]) {
    assert_eq!(a.k, w.k);
    assert!(a.u.len() >= m * w.k && out.len() >= m * w.n);
    #[cfg(target_arch = "x86_64")]
    {
        if kernel == Kernel::Vnni && Kernel::detect() == Kernel::Vnni {
            // SAFETY: the CPU has AVX-512F/BW/VNNI (checked just above).
            unsafe { qgemm_vnni(a, m, w, out) };
            return;
        }
        if std::arch::is_x86_feature_detected!("avx2") {
            // SAFETY: the CPU has AVX2 (checked just above); the body is
            // ordinary safe Rust compiled with 256-bit vectors.
            unsafe { qgemm_portable_avx2(a, m, w, out) };
            return;
        }
    }
    let _ = kernel;
    qgemm_portable(a, m, w, out);
}

/// The float epilogue of one output row segment, shared by both kernels'
/// scalar forms: `(acc − z·colsum) · (s_row · s_col) + bias`.
#[inline(always)]
fn epilogue(acc: &[i32], a: &QRows, row: usize, w: &PackedI8, col0: usize, out: &mut [f32]) {
    let (sa, z) = (a.scale[row], a.zero[row]);
    for (c, (&v, o)) in acc.iter().zip(out.iter_mut()).enumerate() {
        let n = col0 + c;
        let s = sa * w.scale[n];
        *o = (v - z * w.colsum[n]) as f32 * s + w.bias[n];
    }
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2")]
fn qgemm_portable_avx2(a: &QRows, m: usize, w: &PackedI8, out: &mut [f32]) {
    qgemm_portable(a, m, w, out)
}

#[inline(always)]
fn qgemm_portable(a: &QRows, m: usize, w: &PackedI8, out: &mut [f32]) {
    let (n, k) = (w.n, w.k);
    let kg = k / 4;
    for r in 0..m {
        let ar = &a.u[r * k..(r + 1) * k];
        for blk in 0..n / NB {
            let b = &w.data[blk * kg * NB * 4..(blk + 1) * kg * NB * 4];
            let mut acc = [0i32; NB];
            for (g, bg) in b.chunks_exact(NB * 4).enumerate() {
                let av = [
                    ar[4 * g] as i32,
                    ar[4 * g + 1] as i32,
                    ar[4 * g + 2] as i32,
                    ar[4 * g + 3] as i32,
                ];
                for (c, bc) in bg.chunks_exact(4).enumerate() {
                    acc[c] += av[0] * bc[0] as i32
                        + av[1] * bc[1] as i32
                        + av[2] * bc[2] as i32
                        + av[3] * bc[3] as i32;
                }
            }
            epilogue(
                &acc,
                a,
                r,
                w,
                blk * NB,
                &mut out[r * n + blk * NB..r * n + (blk + 1) * NB],
            );
        }
    }
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx512f,avx512bw,avx512vnni")]
fn qgemm_vnni(a: &QRows, m: usize, w: &PackedI8, out: &mut [f32]) {
    let mut c0 = 0;
    while c0 < m {
        let c1 = (c0 + MC).min(m);
        for blk in 0..w.n / NB {
            let mut r = c0;
            while r < c1 {
                match c1 - r {
                    1 => tile_vnni::<1>(a, r, w, blk, out),
                    2 => tile_vnni::<2>(a, r, w, blk, out),
                    3 => tile_vnni::<3>(a, r, w, blk, out),
                    4 => tile_vnni::<4>(a, r, w, blk, out),
                    5 => tile_vnni::<5>(a, r, w, blk, out),
                    _ => tile_vnni::<MR>(a, r, w, blk, out),
                }
                r += MR.min(c1 - r);
            }
        }
        c0 = c1;
    }
}

/// `R` rows × 64 columns: 4·R zmm accumulators, one `vpdpbusd` per row and
/// 16 columns per 4 k.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx512f,avx512bw,avx512vnni")]
#[inline]
fn tile_vnni<const R: usize>(a: &QRows, row0: usize, w: &PackedI8, blk: usize, out: &mut [f32]) {
    use std::arch::x86_64::*;
    let (n, k) = (w.n, w.k);
    let kg = k / 4;
    let b = &w.data[blk * kg * NB * 4..(blk + 1) * kg * NB * 4];
    let rows: [&[u8]; R] = std::array::from_fn(|i| &a.u[(row0 + i) * k..(row0 + i + 1) * k]);
    let mut acc = [[_mm512_setzero_si512(); 4]; R];
    for g in 0..kg {
        let bg = &b[g * NB * 4..(g + 1) * NB * 4];
        // SAFETY: `bg` holds 256 bytes: four unaligned 64-byte loads.
        let bv: [__m512i; 4] = std::array::from_fn(|j| unsafe {
            _mm512_loadu_si512(bg.as_ptr().add(64 * j) as *const _)
        });
        for i in 0..R {
            let q = &rows[i][4 * g..4 * g + 4];
            let av = _mm512_set1_epi32(i32::from_le_bytes([q[0], q[1], q[2], q[3]]));
            for j in 0..4 {
                acc[i][j] = _mm512_dpbusd_epi32(acc[i][j], av, bv[j]);
            }
        }
    }
    let c0 = blk * NB;
    for (i, acci) in acc.iter().enumerate() {
        let row = row0 + i;
        let sa = _mm512_set1_ps(a.scale[row]);
        let z = _mm512_set1_epi32(a.zero[row]);
        for (j, &accj) in acci.iter().enumerate() {
            let c = c0 + 16 * j;
            // SAFETY: columns c..c+16 are inside the n-long vectors and the
            // output row (n % 64 == 0).
            unsafe {
                let cs = _mm512_loadu_si512(w.colsum.as_ptr().add(c) as *const _);
                let sw = _mm512_loadu_ps(w.scale.as_ptr().add(c));
                let bias = _mm512_loadu_ps(w.bias.as_ptr().add(c));
                let v = _mm512_cvtepi32_ps(_mm512_sub_epi32(accj, _mm512_mullo_epi32(z, cs)));
                let s = _mm512_mul_ps(sa, sw);
                let o = _mm512_add_ps(_mm512_mul_ps(v, s), bias);
                _mm512_storeu_ps(out.as_mut_ptr().add(row * n + c), o);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn case(m: usize, n: usize, k: usize) -> (Vec<f32>, Vec<i8>, Vec<f32>, Vec<f32>) {
        let x: Vec<f32> = (0..m * k)
            .map(|i| ((i * 37 % 101) as f32 - 50.0) / 13.0)
            .collect();
        let q: Vec<i8> = (0..n * k)
            .map(|i| ((i * 53 % 255) as i32 - 127) as i8)
            .collect();
        let s: Vec<f32> = (0..n).map(|i| 0.001 + i as f32 * 1e-5).collect();
        let b: Vec<f32> = (0..n).map(|i| (i as f32 - 20.0) / 50.0).collect();
        (x, q, s, b)
    }

    #[test]
    fn kernels_agree_bitwise_and_match_float_product() {
        for m in [1, 5, 6, 7, 13, 100] {
            let (n, k) = (128, 96);
            let (x, q, s, b) = case(m, n, k);
            let w = PackedI8::new(&q, &s, &b, n, k);
            let mut qa = QRows::default();
            quantize(&x, m, k, &mut qa);
            let mut o1 = vec![0f32; m * n];
            let mut o2 = vec![0f32; m * n];
            qgemm(Kernel::Vnni, &qa, m, &w, &mut o1);
            qgemm_portable(&qa, m, &w, &mut o2);
            assert!(o1.iter().zip(&o2).all(|(a, b)| a.to_bits() == b.to_bits()));
            // within the quantization bound of the float product
            for r in 0..m {
                for c in 0..n {
                    let exact: f32 = (0..k)
                        .map(|i| x[r * k + i] * q[c * k + i] as f32 * s[c])
                        .sum::<f32>()
                        + b[c];
                    // each activation is off by at most half a step
                    let bound: f32 = (0..k)
                        .map(|i| (q[c * k + i] as f32 * s[c]).abs())
                        .sum::<f32>()
                        * qa.scale[r]
                        * 0.5;
                    let tol = bound * 1.001 + 1e-4 * (1.0 + exact.abs());
                    assert!((o1[r * n + c] - exact).abs() < tol, "{r} {c}");
                }
            }
        }
    }

    #[test]
    fn quantize_zero_row_and_constant_row() {
        let mut q = QRows::default();
        quantize(&[0.0; 8], 1, 8, &mut q);
        assert_eq!(q.scale[0], 1.0);
        assert!(q.u.iter().all(|&u| u == 0));
        quantize(&[2.0; 8], 1, 8, &mut q);
        assert!(q.u.iter().all(|&u| u == 255));
        assert_eq!(q.zero[0], 0);
    }
}
