//! Tests on eight bytes at once, in a `u64` ("SIMD within a register"), for the loops that
//! run over every byte of every word or every piece of context: a byte-by-byte loop pays a
//! mispredicted branch where each word ends, and most words are shorter than eight bytes.

/// 0x01 in every byte.
pub const ONES: u64 = 0x0101_0101_0101_0101;
/// The high bit of every byte.
pub const HIGH: u64 = 0x8080_8080_8080_8080;

/// The high bit of each byte of `v` is set when that byte is in `lo..=hi` (`hi` below 0x80).
/// Every byte of `v` must be below 0x80 (clear the high bits first), so that no addition
/// carries into the next byte; the other bits of the result mean nothing.
pub fn in_range(v: u64, lo: u8, hi: u8) -> u64 {
    v.wrapping_add(ONES * u64::from(128 - lo)) & !v.wrapping_add(ONES * u64::from(127 - hi))
}

/// Exactly the high bit of each byte of `v` that is in `lo..=hi`, for any bytes of `v`;
/// `lo` and `hi` must be both below 0x80 or both above.
pub fn bytes_in(v: u64, lo: u8, hi: u8) -> u64 {
    let high = if lo >= 0x80 { v } else { !v };
    in_range(v & !HIGH, lo & 0x7F, hi & 0x7F) & high & HIGH
}

/// Nonzero exactly when some byte of `v` is `b` (the high bit of the lowest such byte is set;
/// bytes above it may be marked too, so the result says whether, not where).
pub fn has_byte(v: u64, b: u8) -> u64 {
    let x = v ^ (ONES * u64::from(b));
    x.wrapping_sub(ONES) & !x & HIGH
}

/// The eight bytes at `at`, the first in the low byte; `None` when fewer than eight remain.
pub fn load(bytes: &[u8], at: usize) -> Option<u64> {
    let chunk = bytes.get(at..at.checked_add(8)?)?;
    <[u8; 8]>::try_from(chunk).ok().map(u64::from_le_bytes)
}

/// The `n` bytes at `at` (all eight when `n` is 8 or more), the first in the low byte and the
/// rest of the word zero: one load where eight bytes remain, else a copy of what does.
pub fn load_prefix(bytes: &[u8], at: usize, n: usize) -> u64 {
    let v = load(bytes, at).unwrap_or_else(|| {
        let mut word = [0u8; 8];
        let tail = bytes.get(at..).unwrap_or(&[]);
        let k = tail.len().min(8);
        word[..k].copy_from_slice(&tail[..k]);
        u64::from_le_bytes(word)
    });
    if n >= 8 {
        v
    } else {
        v & ((1u64 << (8 * n)) - 1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn in_range_marks_exactly_the_bytes_in_range() {
        for (lo, hi) in [(b'0', b'9'), (b'a', b'z'), (b'A', b'Z'), (0, 127), (5, 5)] {
            for b in 0..128u8 {
                let v = u64::from(b) << 24;
                let hit = in_range(v, lo, hi) & HIGH;
                let expected = if (lo..=hi).contains(&b) {
                    0x80 << 24
                } else {
                    0
                };
                // The other seven bytes are 0: in range only when lo is 0.
                let others = if lo == 0 { HIGH & !(0x80 << 24) } else { 0 };
                assert_eq!(hit, expected | others, "{b:#04x} in {lo}..={hi}");
            }
        }
    }

    #[test]
    fn bytes_in_marks_exactly_the_bytes_in_range_at_every_place() {
        for (lo, hi) in [(9, 13), (b' ', b' '), (0xC2, 0xC2), (0xE1, 0xE3), (0, 0x7F)] {
            for b in 0..=255u8 {
                for place in 0..8 {
                    // The other bytes alternate 0x80 and 0x20; their hits are checked too.
                    let others =
                        u64::from_le_bytes([0x80, 0x20, 0x80, 0x20, 0x80, 0x20, 0x80, 0x20]);
                    let v = others & !(0xFF << (8 * place)) | u64::from(b) << (8 * place);
                    let hits = bytes_in(v, lo, hi);
                    for i in 0..8 {
                        let byte = (v >> (8 * i)) as u8;
                        let hit = hits >> (8 * i) & 0xFF;
                        let expected = if (lo..=hi).contains(&byte) { 0x80 } else { 0 };
                        assert_eq!(hit, expected, "{byte:#04x} in {lo:#04x}..={hi:#04x}");
                    }
                }
            }
        }
    }

    #[test]
    fn load_prefix_keeps_n_bytes_and_zeroes_the_rest() {
        let bytes = b"abcdefghij";
        for at in 0..=bytes.len() {
            for n in 0..=8 {
                let mut expected = [0u8; 8];
                let have = bytes.len().saturating_sub(at).min(n);
                expected[..have].copy_from_slice(&bytes[at..at + have]);
                assert_eq!(
                    load_prefix(bytes, at, n),
                    u64::from_le_bytes(expected),
                    "{at} {n}"
                );
            }
        }
        assert_eq!(load_prefix(b"ab", 5, 3), 0);
        // More than eight asked for: all eight, or all there are.
        assert_eq!(load_prefix(bytes, 1, 20), load(bytes, 1).unwrap());
        assert_eq!(
            load_prefix(b"abc", 0, 9),
            u64::from_le_bytes(*b"abc\0\0\0\0\0")
        );
    }

    #[test]
    fn has_byte_is_nonzero_exactly_when_the_byte_is_there() {
        for wanted in [0u8, b',', b'\n', 0x80, 0xFF] {
            for b in 0..=255u8 {
                for place in 0..8 {
                    for others in [0x00u8, 0x01, 0x7F, 0x80, 0xFF] {
                        let mut bytes = [others; 8];
                        bytes[place] = b;
                        let v = u64::from_le_bytes(bytes);
                        let expected = bytes.contains(&wanted);
                        assert_eq!(has_byte(v, wanted) != 0, expected, "{wanted} in {bytes:?}");
                    }
                }
            }
        }
    }

    #[test]
    fn load_reads_little_endian_and_stops_short() {
        assert_eq!(
            load(b"abcdefghi", 1),
            Some(u64::from_le_bytes(*b"bcdefghi"))
        );
        assert_eq!(load(b"abcdefghi", 2), None);
        assert_eq!(load(b"", usize::MAX), None);
    }
}
