//! A tiny seeded PRNG (SplitMix64), so that demo data is identical on every platform and does not change
//! when a dependency is upgraded. Only integer arithmetic and IEEE-exact float operations are used.

/// The SplitMix64 finaliser: a good 64-bit mixing function.
pub(crate) fn mix64(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// FNV-1a, to turn a short string (an organisation code) into a stable number.
pub(crate) fn hash_str(s: &str) -> u64 {
    let mut h: u64 = 0xCBF2_9CE4_8422_2325;
    for b in s.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01B3);
    }
    mix64(h)
}

/// A number in [0, 1) from a hash.
pub(crate) fn unit_from(h: u64) -> f64 {
    (h >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
}

#[derive(Debug, Clone)]
pub(crate) struct Rng(u64);

impl Rng {
    #[cfg(test)]
    pub(crate) fn new(seed: u64) -> Self {
        Self(seed)
    }

    /// An independent stream for item `i` of a run with `seed`.
    pub(crate) fn for_item(seed: u64, i: u64) -> Self {
        Self(mix64(
            seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ mix64(i.wrapping_add(0x632B_E59B_D9B4_E019)),
        ))
    }

    pub(crate) fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        mix64(self.0)
    }

    /// Uniform in [0, n); n > 0. (Multiply-shift; the bias is far below anything visible.)
    pub(crate) fn below(&mut self, n: usize) -> usize {
        debug_assert!(n > 0);
        ((u128::from(self.next_u64()) * n as u128) >> 64) as usize
    }

    /// Uniform in [lo, hi], inclusive.
    pub(crate) fn range(&mut self, lo: i64, hi: i64) -> i64 {
        if hi <= lo {
            return lo;
        }
        let span = (hi - lo) as u64 + 1;
        lo + ((u128::from(self.next_u64()) * u128::from(span)) >> 64) as i64
    }

    /// Uniform in [0, 1).
    pub(crate) fn unit(&mut self) -> f64 {
        unit_from(self.next_u64())
    }

    pub(crate) fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }

    pub(crate) fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.below(items.len())]
    }

    /// An index chosen with the given (integer) weights; at least one weight must be positive.
    pub(crate) fn weighted(&mut self, weights: &[u32]) -> usize {
        let total: u64 = weights.iter().map(|&w| u64::from(w)).sum();
        let mut x = ((u128::from(self.next_u64()) * u128::from(total)) >> 64) as u64;
        for (i, &w) in weights.iter().enumerate() {
            if x < u64::from(w) {
                return i;
            }
            x -= u64::from(w);
        }
        weights.len() - 1
    }

    /// `k` distinct indices from `0..n`, in increasing order (keeps the source order of texts).
    pub(crate) fn subset(&mut self, n: usize, k: usize) -> Vec<usize> {
        let k = k.min(n);
        let mut chosen: Vec<usize> = Vec::with_capacity(k);
        // Selection sampling (Knuth's algorithm S): ordered, no allocation beyond the result.
        let mut needed = k;
        for i in 0..n {
            if needed == 0 {
                break;
            }
            let left = n - i;
            if self.below(left) < needed {
                chosen.push(i);
                needed -= 1;
            }
        }
        chosen
    }
}

/// The number of Algoritme-IDs: seven digits 1–9.
pub(crate) const ID_SPACE: u64 = 4_782_969; // 9^7 = 3^14 = 2187²
const HALF: u64 = 2187;

/// A keyed bijection of `0..ID_SPACE`: a Feistel network over Z₂₁₈₇ × Z₂₁₈₇ with modular addition.
/// Different items can never get the same ID, and the IDs look random.
pub(crate) fn scramble_id(seed: u64, i: u64) -> [u8; 7] {
    debug_assert!(i < ID_SPACE);
    let mut l = i / HALF;
    let mut r = i % HALF;
    for round in 0..6u64 {
        let key = mix64(seed ^ round.wrapping_mul(0xD6E8_FEB8_6659_FD93));
        let f = mix64(r ^ key) % HALF;
        let nl = r;
        r = (l + f) % HALF;
        l = nl;
    }
    let mut x = l * HALF + r;
    let mut d = [0u8; 7];
    for slot in d.iter_mut().rev() {
        *slot = (x % 9) as u8 + 1;
        x /= 9;
    }
    d
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splitmix_is_stable() {
        // Fixed values: if these change, every demo data set changes.
        let mut r = Rng::new(0);
        assert_eq!(r.next_u64(), 0xE220_A839_7B1D_CDAF);
        assert_eq!(r.next_u64(), 0x6E78_9E6A_A1B9_65F4);
    }

    #[test]
    fn scramble_is_a_bijection_on_a_sample() {
        let mut seen = std::collections::HashSet::new();
        for i in 0..200_000 {
            assert!(seen.insert(scramble_id(42, i)));
        }
    }

    #[test]
    fn subset_is_ordered_and_distinct() {
        let mut r = Rng::new(7);
        for n in 0..10 {
            for k in 0..=n {
                let s = r.subset(n, k);
                assert_eq!(s.len(), k);
                assert!(s.windows(2).all(|w| w[0] < w[1]));
            }
        }
    }
}
