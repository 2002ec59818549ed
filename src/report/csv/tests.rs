use super::*;

#[test]
fn letting_cached_pages_go_never_loses_bytes() {
    use std::io::{Read, Seek, Write};
    let mut file = tempfile::tempfile().unwrap();
    let bytes: Vec<u8> = (0..3_000_000u32).map(|i| (i % 251) as u8).collect();
    file.write_all(&bytes[..1_000_000]).unwrap();
    file.sync_data().unwrap();
    file.write_all(&bytes[1_000_000..]).unwrap();
    // Synced and unsynced pages alike, and a range past the end.
    release_cached(&file, 0, 4_000_000);
    release_cached(&file, 5, 5);
    release_cached(&file, 9, 2);
    let mut back = Vec::new();
    file.rewind().unwrap();
    file.read_to_end(&mut back).unwrap();
    assert!(back == bytes, "the file changed");
}

#[test]
fn guard_prefixes_formulas_but_not_numbers() {
    assert_eq!(guard("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
    assert_eq!(guard("+cmd"), "'+cmd");
    assert_eq!(guard("-2+3"), "'-2+3");
    assert_eq!(guard("@SUM(A1)"), "'@SUM(A1)");
    assert_eq!(guard("\tx"), "'\tx");
    // LibreOffice drops a leading NUL and runs the rest.
    assert_eq!(guard("\0=1+1"), "'\0=1+1");
    assert_eq!(guard("\0"), "'\0");
    assert_eq!(guard("\x005"), "'\x005");
    assert_eq!(guard("a\0=1"), "a\0=1");
    assert_eq!(guard("-1.5"), "-1.5");
    assert_eq!(guard("+3"), "+3");
    assert_eq!(guard("plain"), "plain");
    assert_eq!(guard(""), "");
}

#[test]
fn guard_treats_infinity_and_nan_as_text() {
    for word in [
        "-inf",
        "+NaN",
        "-Infinity",
        "+infinity",
        "-nan",
        "+INF",
        "-x",
    ] {
        assert_eq!(guard(word), format!("'{word}"), "{word}");
    }
    for number in ["-1.5e3", "+.5", "-5.", "-0", "+1E+10", "-2.5e-7", "-5 "] {
        assert_eq!(guard(number), number, "{number}");
    }
    for not_number in [
        "-", "+.", "-.e1", "-1e", "-1e+", "-1.2.3", "-1_000", "-0x1f",
    ] {
        assert_eq!(guard(not_number), format!("'{not_number}"), "{not_number}");
    }
    // What the reverse reader strips is exactly the guard's `'`: also from a cell that had a
    // `'` of its own before a risky character.
    assert_eq!(guard("'=x"), "''=x");
    assert_eq!(guard("'plain"), "'plain");
    assert_eq!(guard("''+a"), "'''+a");
    assert_eq!(guard("'\0=x"), "''\0=x");
    for cell in [
        "-inf", "+NaN", "-1.5e3", "=1+1", "\tx", "\rx", "@a", "plain", "'=x", "'-1.5", "''+a", "'",
        "'plain", "\0=x", "'\0=x",
    ] {
        assert_eq!(crate::aggregate::compare::unguard(&guard(cell)), cell);
    }
}

#[test]
fn is_decimal_is_the_float_parser_without_inf_and_nan() {
    // Every string of up to 5 bytes over the bytes that matter agrees with the std parser,
    // except the words the std parser also takes.
    let alphabet = b"+-.eE05naif";
    let mut checked = 0;
    let mut word = Vec::new();
    for len in 0..=5u32 {
        for mut n in 0..alphabet.len().pow(len) {
            word.clear();
            for _ in 0..len {
                word.push(alphabet[n % alphabet.len()]);
                n /= alphabet.len();
            }
            let text = std::str::from_utf8(&word).unwrap();
            let std = text.parse::<f64>().is_ok() && !text.contains(['n', 'a', 'i', 'f']);
            assert_eq!(is_decimal(&word), std, "{text}");
            checked += 1;
        }
    }
    assert_eq!(checked, 177_156);
}

proptest::proptest! {
    #[test]
    fn text_encoding_matches_the_csv_crate(fields in proptest::collection::vec(proptest::prop_oneof![".{0,12}", "[a-c,\" \\r\\n]{0,8}", "[a-z ]{0,70}", "[a-z ]{0,40}[,\"\\r\\n][a-z ]{0,40}"], 1..5)) {
        let mut ours = Vec::new();
        for (i, f) in fields.iter().enumerate() {
            if i > 0 {
                ours.push(b',');
            }
            push_text(&mut ours, f.as_bytes(), fields.len() == 1);
        }
        ours.push(b'\n');
        let mut theirs = csv::Writer::from_writer(Vec::new());
        theirs.write_record(&fields).unwrap();
        proptest::prop_assert_eq!(ours, theirs.into_inner().unwrap());
    }
}

#[test]
fn needs_quotes_finds_each_special_byte_at_every_place() {
    for len in 0..30 {
        for place in 0..len.max(1) {
            for b in 0..=255u8 {
                let mut text = vec![b'a'; len];
                if let Some(slot) = text.get_mut(place) {
                    *slot = b;
                }
                let expected = text.iter().any(|c| b",\"\r\n".contains(c));
                assert_eq!(needs_quotes(&text), expected, "{text:?}");
            }
        }
    }
}

fn format_float(x: f64, b: &mut String) {
    let mut line = Vec::new();
    push_float(&mut line, x);
    *b = String::from_utf8(line).unwrap();
}

proptest::proptest! {
    /// The text is Ryū's, byte for byte, whatever the value: reports written before the
    /// switch to Żmij compare equal.
    #[test]
    fn floats_are_written_as_ryu_writes_them(bits in proptest::num::u64::ANY, unit in 0.0f64..1.0, scale in -30i32..30) {
        for x in [f64::from_bits(bits), unit, unit * 10f64.powi(scale)] {
            if x.is_finite() && x.fract() != 0.0 {
                let mut ours = Vec::new();
                push_float(&mut ours, x);
                let mut theirs = ryu::Buffer::new();
                proptest::prop_assert_eq!(ours, theirs.format_finite(x).as_bytes());
            }
        }
    }
}

proptest::proptest! {
    /// Whole numbers below 2^53 are written as integers, as `{x}` writes them (but `0`
    /// for -0); every other value goes to the shortest-digits path.
    #[test]
    fn whole_numbers_as_integers_and_the_rest_as_ryu_writes_them(n in -(1i64 << 53) + 1..(1i64 << 53), bits in proptest::num::u64::ANY, big in 1e15f64..1e17) {
        let mut ours = Vec::new();
        push_float(&mut ours, n as f64);
        proptest::prop_assert_eq!(ours, n.to_string().into_bytes());
        for x in [f64::from_bits(bits), big, -big] {
            if !x.is_finite() {
                continue;
            }
            let whole = x.fract() == 0.0 && x.abs() < 9_007_199_254_740_992.0;
            let mut ours = Vec::new();
            push_float(&mut ours, x);
            let expected = if whole {
                format!("{}", x as i64).into_bytes()
            } else {
                let mut theirs = ryu::Buffer::new();
                theirs.format_finite(x).replace("e+", "e").into_bytes()
            };
            proptest::prop_assert_eq!(ours, expected);
        }
    }
}

#[test]
fn whole_number_edges() {
    let text = |x: f64| {
        let mut line = Vec::new();
        push_float(&mut line, x);
        String::from_utf8(line).unwrap()
    };
    assert_eq!(text(0.0), "0");
    assert_eq!(text(-0.0), "0");
    assert_eq!(text(-3.0), "-3");
    assert_eq!(text(9_007_199_254_740_991.0), "9007199254740991");
    // 2^53 and beyond: Ryū's text without the exponent's `+`.
    assert_eq!(text(9_007_199_254_740_992.0), "9007199254740992.0");
    assert_eq!(text(1e300), "1e300");
    // Whole, and exact as an i64, but past 2^53: still Ryū's text.
    assert_eq!(text(2f64.powi(60)), "1.152921504606847e18");
    // Either side of 1e16, where the exponent begins.
    assert_eq!(text(9_999_999_999_999_998.0), "9999999999999998.0");
    assert_eq!(text(-1e16), "-1e16");
    assert_eq!(text(1.5e16), "1.5e16");
    assert_eq!(text(0.000_01), "0.00001");
    assert_eq!(text(0.000_001), "1e-6");
    assert_eq!(text(0.5), "0.5");
    assert_eq!(text(-1e-7), "-1e-7");
}

#[test]
fn floats_round_trip() {
    let mut b = String::new();
    for x in [0.1, 1.0 / 3.0, 1e-300, 123456.789, -2.5] {
        format_float(x, &mut b);
        assert_eq!(b.parse::<f64>().unwrap(), x);
    }
    format_float(f64::NAN, &mut b);
    assert_eq!(b, "");
    format_float(-0.0, &mut b);
    assert_eq!(b, "0");
    format_float(2.0, &mut b);
    assert_eq!(b, "2");
    format_float(1e-300, &mut b);
    assert_eq!(b, "1e-300");
    format_float(2000.0 / 11.0, &mut b);
    assert_eq!(b, "181.8181818181818");
    format_float(1e20, &mut b);
    assert_eq!(b, "1e20");
    format_float(1.5e300, &mut b);
    assert_eq!(b, "1.5e300");
    format_float(-1.5e-7, &mut b);
    assert_eq!(b, "-1.5e-7");
}
