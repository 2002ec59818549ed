//! End-to-end tests of the corpus readers through `read_inputs`: usage errors, file order,
//! digests, early stop, sniffing.

#![allow(clippy::unwrap_used)] // a test that cannot unwrap has failed

use super::testutil::{articles, gzip, run, run_one, skips, texts, warnings, write};
use super::*;
use std::sync::atomic::Ordering;
use walk::FileUnit;

#[test]
fn a_missing_input_is_a_usage_error() {
    let missing = PathBuf::from("no/such/corpus.csv");
    let err = validate_inputs(&[PathBuf::from("-"), missing.clone()]).unwrap_err();
    assert_eq!(err.exit_code(), 2);
    assert_eq!(
        err.to_string(),
        "no/such/corpus.csv: no such file or directory"
    );
    let progress = AtomicU64::new(0);
    let mut sink = |_| ControlFlow::Continue(());
    let err = read_inputs(&[missing], &InputOptions::default(), &progress, &mut sink);
    assert_eq!(err.unwrap_err().exit_code(), 2);
}

#[test]
fn a_file_named_directly_must_tell_its_format() {
    let dir = tempfile::tempdir().unwrap();
    let good = write(dir.path(), "a.csv", b"id,text\n1,x\n");
    let odd = write(dir.path(), "notes.dat", b"id,text\n1,y\n");
    let progress = AtomicU64::new(0);
    let mut seen = 0;
    let mut sink = |_| {
        seen += 1;
        ControlFlow::Continue(())
    };
    let inputs = [good, odd.clone()];
    let err = read_inputs(&inputs, &InputOptions::default(), &progress, &mut sink).unwrap_err();
    assert_eq!(err.exit_code(), 2);
    assert!(
        err.to_string()
            .starts_with(&format!("{}: cannot tell the format", odd.display()))
    );
    assert_eq!(seen, 0, "nothing is read before the inputs are checked");
    let opts = InputOptions {
        format: Some(Format::Csv),
        ..InputOptions::default()
    };
    let (items, _) = run(&inputs, &opts);
    assert_eq!(
        texts(&items),
        vec![("1".into(), "x".into()), ("1".into(), "y".into())]
    );
}

#[test]
fn input_files_carry_stored_size_and_sha256() {
    let (_, files) = run_one("abc.txt", b"abc");
    assert_eq!(
        files,
        vec![InputFile {
            path: "abc.txt".into(),
            bytes: 3,
            sha256: "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad".into(),
            records: 1,
        }]
    );
    let gz = gzip(b"abc");
    let (_, files) = run_one("abc.txt.gz", &gz);
    assert_eq!(files[0].bytes, gz.len() as u64);
    assert_ne!(
        files[0].sha256,
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
    );
}

#[test]
fn the_digest_covers_the_whole_file_even_when_parsing_stopped() {
    let json = b"[{\"text\": \"a\"}, {oops}, {\"text\": \"c\"}]";
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "f.json", json);
    let progress = AtomicU64::new(0);
    let mut sink = |_| ControlFlow::Continue(());
    let files = read_inputs(&[path], &InputOptions::default(), &progress, &mut sink).unwrap();
    assert_eq!(files[0].bytes, json.len() as u64);
    assert_eq!(progress.load(Ordering::Relaxed), json.len() as u64);
    let (_, expected) = {
        let mut r = HashingReader::new(Box::new(&json[..]), &progress);
        r.drain().unwrap();
        r.finish()
    };
    assert_eq!(files[0].sha256, expected);
}

#[test]
fn inputs_are_read_in_the_order_given_with_walk_warnings_in_place() {
    let dir = tempfile::tempdir().unwrap();
    let first = write(dir.path(), "z.jsonl", b"{\"id\": \"z\", \"text\": \"z\"}\n");
    let corpus = dir.path().join("corpus");
    write(&corpus, "b.csv", b"id,text\nb,b\n");
    write(&corpus, "a/a.json", b"[{\"id\": \"a\", \"text\": \"a\"}]");
    write(&corpus, "a/readme.md", b"# notes");
    write(&corpus, "c/empty.txt", b"");
    let (items, files) = run(&[first, corpus.clone()], &InputOptions::default());
    let order: Vec<String> = items
        .iter()
        .map(|i| match i {
            Item::Article(a) => format!("article {}", a.id),
            Item::Skip(s) => format!("skip {}", s.reason),
            Item::Warning(w) => format!("warning {}: {}", w.file, w.message),
        })
        .collect();
    let readme = corpus.join("a/readme.md").display().to_string();
    let empty = corpus.join("c/empty.txt").display().to_string();
    assert_eq!(order[0], "article z");
    assert_eq!(order[1], "article a");
    assert!(order[2].starts_with(&format!("warning {readme}: skipped: not a corpus file")));
    assert_eq!(order[3], "article b");
    assert_eq!(order[4], format!("warning {empty}: empty file"));
    assert_eq!(order.len(), 5);
    let names: Vec<&str> = files.iter().map(|f| f.path.as_str()).collect();
    let expected: Vec<String> = ["a/a.json", "b.csv", "c/empty.txt"]
        .iter()
        .map(|p| corpus.join(p).display().to_string())
        .collect();
    assert_eq!(
        names[1..],
        expected.iter().map(String::as_str).collect::<Vec<_>>()[..]
    );
}

#[test]
fn break_stops_at_once_and_returns_the_files_so_far() {
    let dir = tempfile::tempdir().unwrap();
    let a = write(dir.path(), "a.csv", b"id,text\n1,x\n2,y\n3,z\n");
    let b = write(dir.path(), "b.csv", b"id,text\n4,w\n");
    let progress = AtomicU64::new(0);
    let mut seen = Vec::new();
    let mut sink = |item: Item| {
        seen.push(item);
        if seen.len() == 2 {
            ControlFlow::Break(())
        } else {
            ControlFlow::Continue(())
        }
    };
    let files = read_inputs(&[a, b], &InputOptions::default(), &progress, &mut sink).unwrap();
    assert_eq!(
        texts(&seen),
        vec![("1".into(), "x".into()), ("2".into(), "y".into())]
    );
    assert_eq!(files.len(), 1);
    assert_eq!(files[0].records, 2);
}

#[test]
fn total_size_counts_files_and_gives_up_on_stdin() {
    let dir = tempfile::tempdir().unwrap();
    let file = write(dir.path(), "x.csv", b"12345");
    write(&dir.path().join("d"), "a.txt", b"123");
    write(&dir.path().join("d"), "skip.md", b"123456789");
    write(&dir.path().join("d"), ".hidden.txt", b"123456789");
    assert_eq!(
        total_size(&[file.clone(), dir.path().join("d")], None),
        Some(8)
    );
    assert_eq!(total_size(&[file, PathBuf::from("-")], None), None);
}

#[test]
fn content_without_a_format_is_sniffed() {
    let dir = tempfile::tempdir().unwrap();
    let cases: [(&str, &[u8], &str); 4] = [
        ("a", b"  [{\"text\": \"json\"}]", "json"),
        (
            "b",
            b"{\"text\": \"jsonl\"}\n{\"text\": \"two\"}\n",
            "jsonl",
        ),
        ("c", b"id,text\n1,csv\n", "csv"),
        (
            "d",
            &gzip(b"{\"text\": \"zipped jsonl\"}\n"),
            "zipped jsonl",
        ),
    ];
    for (name, bytes, first_text) in cases {
        let path = write(dir.path(), name, bytes);
        let unit = FileUnit {
            format: None,
            ..walk::named_file(&path, None)
        };
        let progress = AtomicU64::new(0);
        let mut items = Vec::new();
        let mut sink = |item| {
            items.push(item);
            ControlFlow::Continue(())
        };
        let mut files = Vec::new();
        let _ = read_file(
            &unit,
            &InputOptions::default(),
            &progress,
            &mut sink,
            &mut files,
        );
        assert_eq!(articles(&items)[0].text, first_text, "{name}: {items:?}");
    }
}

#[test]
fn a_gz_name_on_plain_bytes_is_read_with_a_warning_and_damaged_gzip_is_a_file_skip() {
    let (items, files) = run_one("f.csv.gz", b"id,text\n1,x\n");
    assert_eq!(articles(&items)[0].text, "x");
    assert_eq!(
        warnings(&items),
        ["named .gz but not gzip-compressed; read as it is"]
    );
    assert_eq!((files[0].records, files[0].bytes), (1, 12));
    let (items, files) = run_one("f.csv.gz", b"\x1f\x8b damaged");
    assert_eq!(
        skips(&items),
        vec![(
            0,
            "cannot decompress, not a readable gzip file: invalid gzip header".to_string()
        )]
    );
    assert_eq!((files[0].records, files[0].bytes), (0, 10));
}

#[test]
fn utf32_is_refused_by_name_not_read_as_utf16() {
    let mut bytes = vec![0xFF, 0xFE, 0, 0];
    bytes.extend(
        "id,text\n1,x\n"
            .chars()
            .flat_map(|c| (c as u32).to_le_bytes()),
    );
    // The same inside gzip: not a decompression failure.
    for (name, bytes) in [("f.csv", bytes.clone()), ("f.csv.gz", gzip(&bytes))] {
        let (items, _) = run_one(name, &bytes);
        let skips = skips(&items);
        assert_eq!(skips.len(), 1, "{name}");
        assert!(
            skips[0].1.starts_with("cannot read: the file is UTF-32"),
            "{name}: {skips:?}"
        );
    }
}

#[test]
fn utf16_starting_with_u0000_is_read_not_refused_as_utf32() {
    // FF FE 00 00 is both the UTF-32LE mark and the UTF-16LE mark followed by U+0000: the
    // bytes after it decide.
    let mut bytes = vec![0xFF, 0xFE];
    bytes.extend("\0id,text\n1,x\n".encode_utf16().flat_map(u16::to_le_bytes));
    let (items, _) = run_one("f.csv", &bytes);
    assert_eq!(skips(&items), vec![]);
    // Read as UTF-16: the first column is named "\0id", not "id", so the id is the place.
    assert_eq!(texts(&items), vec![("f.csv:1".into(), "x".into())]);
    // The mark alone is still UTF-32 (an empty UTF-32 file), and so is a UTF-32LE character
    // after it.
    for bytes in [
        vec![0xFF, 0xFE, 0, 0],
        vec![0xFF, 0xFE, 0, 0, 0x41, 0xF6, 0x01, 0],
    ] {
        let (items, _) = run_one("f.csv", &bytes);
        let skips = skips(&items);
        assert_eq!(skips.len(), 1, "{bytes:?}");
        assert!(skips[0].1.contains("UTF-32"), "{skips:?}");
    }
}

#[test]
fn gzip_content_is_found_by_its_magic_whatever_the_name() {
    let (items, _) = run_one("f.csv", &gzip(b"id,text\n1,x\n"));
    assert_eq!(texts(&items), vec![("1".into(), "x".into())]);
}

#[test]
fn a_file_that_cannot_be_opened_is_a_file_skip_and_the_rest_goes_on() {
    let dir = tempfile::tempdir().unwrap();
    let gone = walk::named_file(&dir.path().join("gone.csv"), None);
    let progress = AtomicU64::new(0);
    let mut items = Vec::new();
    let mut sink = |item| {
        items.push(item);
        ControlFlow::Continue(())
    };
    let mut files = Vec::new();
    let flow = read_file(
        &gone,
        &InputOptions::default(),
        &progress,
        &mut sink,
        &mut files,
    );
    assert!(flow.is_continue());
    assert!(files.is_empty());
    let reasons = skips(&items);
    assert_eq!(reasons.len(), 1);
    assert_eq!(reasons[0].0, 0);
    assert!(reasons[0].1.starts_with("cannot open: "), "{reasons:?}");
}

/// Bytes drawn mostly from the characters that steer the parsers, plus invalid UTF-8.
fn structural_bytes() -> impl proptest::strategy::Strategy<Value = Vec<u8>> {
    let alphabet: Vec<u8> = b"[]{}\",:\\\n\r tex'<>&#;/pu8d0a"
        .iter()
        .copied()
        .chain([0xff, 0xc3, 0xa9, 0xef, 0xbb, 0xbf, 0xfe])
        .collect();
    proptest::collection::vec(proptest::sample::select(alphabet), 0..300)
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(64))]

    /// Whatever the bytes, no reader panics, every article has text, and the file's record
    /// count is its articles plus its record skips.
    #[test]
    fn readers_never_panic_and_account_for_every_record(bytes in structural_bytes()) {
        let opts = InputOptions { strip_html: true, text_field: "t".into(), ..InputOptions::default() };
        for name in ["f.csv", "f.tsv", "f.jsonl", "f.json", "f.txt"] {
            let (items, files) = testutil::run_one_with(name, &bytes, &opts);
            let articles = articles(&items);
            proptest::prop_assert!(articles.iter().all(|a| !a.text.trim().is_empty()));
            let record_skips = skips(&items).iter().filter(|(r, _)| *r > 0).count();
            proptest::prop_assert_eq!(files[0].records, (articles.len() + record_skips) as u64);
            proptest::prop_assert_eq!(files[0].bytes, bytes.len() as u64);
        }
    }

    /// Damaged gzip never panics either.
    #[test]
    fn damaged_gzip_never_panics(cut in 0usize..200, flip in 0usize..200) {
        let mut gz = gzip(b"{\"t\": \"one\"}\n{\"t\": \"two\"}\n{\"t\": \"three\"}\n");
        if flip < gz.len() {
            gz[flip] ^= 0x55;
        }
        gz.truncate(cut.min(gz.len()));
        let _ = testutil::run_one("f.jsonl.gz", &gz);
    }

    #[test]
    fn html_strip_never_panics(text in "[<>&#;a-z/!\"'= \\-\n]{0,200}") {
        let out = html::strip(&text);
        proptest::prop_assert!(!out.starts_with(char::is_whitespace));
        proptest::prop_assert!(!out.ends_with(char::is_whitespace));
    }
}

#[test]
fn a_file_reached_twice_is_read_once() {
    let dir = tempfile::tempdir().unwrap();
    let a = write(dir.path(), "fox/a.txt", b"The regime fell.");
    let b = write(dir.path(), "b.jsonl", b"{\"id\":\"b\",\"text\":\"x\"}\n");
    let folder = dir.path().to_path_buf();
    // The folder holds both; then each is named again, one through another spelling.
    let again = dir.path().join("fox/../fox/a.txt");
    let (items, files) = run(
        &[folder, a.clone(), b.clone(), again],
        &InputOptions::default(),
    );
    assert_eq!(articles(&items).len(), 2);
    assert_eq!(files.len(), 2);
    let name = |p: &Path| p.display().to_string();
    let first_a = name(&dir.path().join("fox/a.txt"));
    assert_eq!(
        warnings(&items),
        vec![
            format!("the same file as {first_a}, which was read already; not read again"),
            format!(
                "the same file as {}, which was read already; not read again",
                name(&dir.path().join("b.jsonl"))
            ),
            format!("the same file as {first_a}, which was read already; not read again"),
        ]
    );
}

#[test]
fn a_repeated_json_key_warns_and_keeps_the_last_value_in_every_json_format() {
    let object = br#"{"id":"a","text":"first","text":"second","n":1,"n":2}"#;
    let mut array = b"[".to_vec();
    array.extend_from_slice(object);
    array.push(b']');
    for (name, bytes) in [
        ("f.jsonl", object.to_vec()),
        ("f.json", array),
        ("g.json", object.to_vec()),
    ] {
        let (items, _) = run_one(name, &bytes);
        assert_eq!(articles(&items)[0].text, "second", "{name}");
        for item in &items {
            if let Item::Warning(w) = item {
                assert_eq!((w.record, w.id.as_deref()), (Some(1), Some("a")), "{name}");
            }
        }
        assert_eq!(
            warnings(&items),
            [
                "key 'text' appears more than once; its last value is used",
                "key 'n' appears more than once; its last value is used"
            ],
            "{name}"
        );
    }
}
