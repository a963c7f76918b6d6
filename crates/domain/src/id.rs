//! The Algoritme-ID ("LARS"): seven random digits 1–9 and a check digit.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// A valid Algoritme-ID. Can only be made by [`AlgorithmId::parse`] or [`AlgorithmId::generate`], so a
/// value of this type always has a correct check digit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct AlgorithmId([u8; 8]);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AlgorithmIdError {
    #[error("an Algoritme-ID has exactly 8 digits")]
    Length,
    #[error("an Algoritme-ID has only digits")]
    NotDigits,
    #[error("the first seven digits of an Algoritme-ID are 1 to 9")]
    Zero,
    #[error("the check digit does not match: this is not a valid Algoritme-ID")]
    CheckDigit,
}

/// `(3·(d1+d3+d5+d7) + (d2+d4+d6)) mod 10`, as the standard defines it.
pub fn check_digit(d: &[u8; 7]) -> u8 {
    let odd = u32::from(d[0]) + u32::from(d[2]) + u32::from(d[4]) + u32::from(d[6]);
    let even = u32::from(d[1]) + u32::from(d[3]) + u32::from(d[5]);
    ((3 * odd + even) % 10) as u8
}

impl AlgorithmId {
    pub fn parse(s: &str) -> Result<Self, AlgorithmIdError> {
        let s = s.trim();
        if !s.bytes().all(|b| b.is_ascii_digit()) {
            return Err(AlgorithmIdError::NotDigits);
        }
        if s.len() != 8 {
            return Err(AlgorithmIdError::Length);
        }
        let mut d = [0u8; 8];
        for (i, b) in s.bytes().enumerate() {
            d[i] = b - b'0';
        }
        if d[..7].contains(&0) {
            return Err(AlgorithmIdError::Zero);
        }
        let first: [u8; 7] = [d[0], d[1], d[2], d[3], d[4], d[5], d[6]];
        if check_digit(&first) != d[7] {
            return Err(AlgorithmIdError::CheckDigit);
        }
        Ok(Self(d))
    }

    /// Builds the ID from seven digits 1–9, adding the check digit.
    pub fn from_digits(first: [u8; 7]) -> Option<Self> {
        if first.iter().any(|&x| !(1..=9).contains(&x)) {
            return None;
        }
        let mut d = [0u8; 8];
        d[..7].copy_from_slice(&first);
        d[7] = check_digit(&first);
        Some(Self(d))
    }

    /// A random ID. Uniqueness is the store's job (a unique key; the service draws again on a clash).
    pub fn generate<R: rand::Rng + ?Sized>(rng: &mut R) -> Self {
        let mut first = [0u8; 7];
        for x in &mut first {
            *x = rng.random_range(1..=9);
        }
        Self::from_digits(first).expect("digits are 1-9")
    }

    pub fn as_string(&self) -> String {
        self.0.iter().map(|d| char::from(b'0' + d)).collect()
    }
}

impl fmt::Display for AlgorithmId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.as_string())
    }
}

impl FromStr for AlgorithmId {
    type Err = AlgorithmIdError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::parse(s)
    }
}

impl TryFrom<String> for AlgorithmId {
    type Error = AlgorithmIdError;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        Self::parse(&s)
    }
}

impl From<AlgorithmId> for String {
    fn from(id: AlgorithmId) -> String {
        id.as_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_ids_from_the_register_are_valid() {
        for s in ["15888639", "16752463", "16812651"] {
            assert!(AlgorithmId::parse(s).is_ok(), "{s}");
        }
    }

    #[test]
    fn every_single_digit_typo_and_adjacent_swap_fails() {
        let mut rng = rand::rng();
        for _ in 0..200 {
            let id = AlgorithmId::generate(&mut rng).as_string();
            assert_eq!(
                AlgorithmId::parse(&id).map(|i| i.as_string()),
                Ok(id.clone())
            );
            let b = id.as_bytes();
            for i in 0..8 {
                for d in b'0'..=b'9' {
                    if d == b[i] {
                        continue;
                    }
                    let mut t = b.to_vec();
                    t[i] = d;
                    let t = String::from_utf8(t).unwrap();
                    assert!(AlgorithmId::parse(&t).is_err(), "typo {t} of {id} passed");
                }
            }
            // Swaps among the seven weighted digits (a swap with the check digit is a different case).
            for i in 0..6 {
                if b[i] == b[i + 1] {
                    continue;
                }
                let mut t = b.to_vec();
                t.swap(i, i + 1);
                let t = String::from_utf8(t).unwrap();
                // Weights 3 and 1 change the sum by 2·(a−b): only a difference of 5 goes unnoticed.
                let diff = (i32::from(b[i]) - i32::from(b[i + 1])).abs();
                if diff != 5 {
                    assert!(AlgorithmId::parse(&t).is_err(), "swap {t} of {id} passed");
                }
            }
        }
    }

    #[test]
    fn errors_name_what_is_wrong() {
        assert_eq!(AlgorithmId::parse("1234"), Err(AlgorithmIdError::Length));
        assert_eq!(
            AlgorithmId::parse("1234567a"),
            Err(AlgorithmIdError::NotDigits)
        );
        assert_eq!(AlgorithmId::parse("10000000"), Err(AlgorithmIdError::Zero));
        assert_eq!(
            AlgorithmId::parse("15888638"),
            Err(AlgorithmIdError::CheckDigit)
        );
    }
}
