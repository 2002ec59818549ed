use crate::input::testutil::{articles, gzip, run_one, run_one_with, skips, texts, warnings};
use crate::input::{Format, InputOptions};

fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
    list.iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

#[test]
fn reads_rows_with_roles_and_metadata_in_header_order() {
    let csv = b"outlet,id,title,text,date,topic\nCNN,a1,Head,Body text,2020-01-02,war\n";
    let (items, files) = run_one("f.csv", csv);
    let a = articles(&items);
    assert_eq!(a.len(), 1);
    assert_eq!(
        (a[0].id.as_str(), a[0].title.as_str(), a[0].text.as_str()),
        ("a1", "Head", "Body text")
    );
    assert_eq!(a[0].date.as_deref(), Some("2020-01-02"));
    assert_eq!(a[0].fields, pairs(&[("outlet", "CNN"), ("topic", "war")]));
    assert_eq!(
        (a[0].file.as_ref(), a[0].record, a[0].invalid_utf8),
        ("f.csv", 1, false)
    );
    assert_eq!(files[0].records, 1);
    assert!(warnings(&items).is_empty());
}

#[test]
fn crlf_quoted_newlines_and_bom() {
    let csv = b"\xEF\xBB\xBFid,text\r\n1,\"line one\r\nline \"\"two\"\"\"\r\n2,plain\r\n";
    let (items, _) = run_one("f.csv", csv);
    assert_eq!(
        texts(&items),
        vec![
            ("1".to_string(), "line one\r\nline \"two\"".to_string()),
            ("2".to_string(), "plain".to_string()),
        ]
    );
}

#[test]
fn invalid_utf8_in_one_cell_flags_the_record_and_keeps_it() {
    let (items, _) = run_one("f.csv", b"id,text\n1,caf\xe9 au lait\n2,fine\n");
    let a = articles(&items);
    assert_eq!(a[0].text, "caf\u{FFFD} au lait");
    assert_eq!((a[0].invalid_utf8, a[1].invalid_utf8), (true, false));
}

#[test]
fn ragged_row_is_skipped_with_its_line_and_the_rest_kept() {
    let csv = b"id,text,x\n1,a,b\n2,c\n\n3,d,e\n4,f,g,h\n";
    let (items, files) = run_one("f.csv", csv);
    assert_eq!(texts(&items).len(), 2);
    assert_eq!(
        skips(&items),
        vec![
            (2, "row has 2 fields, header has 3 (line 3)".to_string()),
            (4, "row has 4 fields, header has 3 (line 6)".to_string()),
        ]
    );
    let Some(crate::input::Item::Skip(skip)) = items.get(1) else {
        panic!("{items:?}")
    };
    assert_eq!(skip.id.as_deref(), Some("2"));
    assert_eq!(files[0].records, 4);
}

#[test]
fn line_numbers_count_crlf_and_cr_line_ends_once() {
    for end in ["\n", "\r\n", "\r"] {
        let csv = ["id,text,x", "1,a,b", "2,\"c", "d\"", "", "3,e,f,g", ""].join(end);
        let (items, _) = run_one("f.csv", csv.as_bytes());
        assert_eq!(
            skips(&items),
            vec![
                (
                    2,
                    "row has 2 fields, header has 3 (line 3); it runs over 2 lines, so a \
                     quote may be left open"
                        .to_string()
                ),
                (3, "row has 4 fields, header has 3 (line 6)".to_string()),
            ],
            "{end:?}"
        );
    }
}

#[test]
fn an_unclosed_quote_in_the_last_column_is_caught_at_the_end() {
    let (items, files) = run_one("f.csv", b"id,text\n1,\"hello\n2,world\n3,fine\n");
    assert!(articles(&items).is_empty());
    assert_eq!(
        skips(&items),
        vec![(
            1,
            "a quote opened in the row on line 2 is never closed, \
        so the row runs to the end of the file (line 4) and holds the lines after it"
                .to_string()
        )]
    );
    assert_eq!(files[0].records, 1);
}

#[test]
fn an_unclosed_quote_in_an_earlier_column_makes_a_ragged_row() {
    let (items, _) = run_one("f.csv", b"id,text,x\n0,ok,ok\n1,\"oops,a\n2,b,c\n");
    assert_eq!(texts(&items), vec![("0".to_string(), "ok".to_string())]);
    assert_eq!(
        skips(&items),
        vec![(
            2,
            "row has 2 fields, header has 3 (line 3); it runs over \
        2 lines, so a quote may be left open"
                .to_string()
        )]
    );
}

#[test]
fn text_after_a_closing_quote_is_read_without_the_quotes_and_warned() {
    let csv = b"id,text\r\n1,\"Stop,\" he said.\r\n2,\"fine \"\"quoted\"\" cell\"\r\n\
        3,plain \"quoted\" words\r\n\"4\"x,\"two\nlines\"\r\n";
    for (name, bytes) in [("f.csv", csv.to_vec()), ("f.csv.gz", gzip(csv))] {
        let (items, _) = run_one(name, &bytes);
        assert_eq!(
            texts(&items),
            vec![
                ("1".to_string(), "Stop, he said.".to_string()),
                ("2".to_string(), "fine \"quoted\" cell".to_string()),
                ("3".to_string(), "plain \"quoted\" words".to_string()),
                ("4x".to_string(), "two\nlines".to_string()),
            ]
        );
        let warned: Vec<_> = items
            .iter()
            .filter_map(|item| match item {
                crate::input::Item::Warning(w) => Some((w.record, w.message.clone())),
                _ => None,
            })
            .collect();
        assert_eq!(
            warned,
            vec![
                (
                    Some(1),
                    "column 'text' (line 2): text follows the closing quote of a quoted \
                     cell, so its quotation marks were dropped and it reads `Stop, he \
                     said.`; to keep them, put the whole cell in quotes and double each \
                     quote inside it"
                        .to_string()
                ),
                (
                    Some(4),
                    "column 'id' (line 5): text follows the closing quote of a quoted \
                     cell, so its quotation marks were dropped and it reads `4x`; to keep \
                     them, put the whole cell in quotes and double each quote inside it"
                        .to_string()
                ),
            ],
            "{name}"
        );
    }
    // TSV is read with the same quoting.
    let (items, _) = run_one("f.tsv", b"id\ttext\nt1\t\"Stop,\" he said.\n");
    assert_eq!(
        texts(&items),
        vec![("t1".to_string(), "Stop, he said.".to_string())]
    );
    assert_eq!(warnings(&items).len(), 1);
}

#[test]
fn a_file_separated_otherwise_is_named_as_such() {
    let (items, _) = run_one("f.csv", b"id;outlet;text\n1;X;a\n");
    assert_eq!(
        skips(&items)[0].1,
        "no 'text' column (columns: id;outlet;text); its columns are separated by \
         semicolons; slant reads commas (CSV) and tabs (TSV): save the file again as \
         comma-separated CSV; 1 row not scored"
    );
    let (items, _) = run_one("f.csv", b"id\ttext\n1\ta\n");
    assert!(
        skips(&items)[0].1.contains("; give --format tsv;"),
        "{items:?}"
    );
    let (items, _) = run_one("f.tsv", b"id,text\n1,a\n");
    assert!(
        skips(&items)[0].1.contains("; give --format csv;"),
        "{items:?}"
    );
}

#[test]
fn missing_text_column_skips_the_file_once() {
    let (items, files) = run_one("f.csv", b"id,body,outlet\n1,a,x\n2,b,y\n");
    assert_eq!(
        skips(&items),
        vec![(
            0,
            "no 'text' column (columns: id, body, outlet); use \
        --text-field; 2 rows not scored"
                .to_string()
        )]
    );
    assert!(warnings(&items).is_empty());
    assert_eq!(files[0].records, 0);
    let opts = InputOptions {
        text_field: "body".into(),
        ..InputOptions::default()
    };
    let (items, _) = run_one_with("f.csv", b"id,body,outlet\n1,a,x\n", &opts);
    assert_eq!(texts(&items), vec![("1".to_string(), "a".to_string())]);
}

#[test]
fn empty_text_is_skipped_and_missing_id_is_file_and_record() {
    let (items, _) = run_one("f.csv", b"id, text\n1,\n,kept\n3,  \n");
    assert_eq!(
        texts(&items),
        vec![("f.csv:2".to_string(), "kept".to_string())]
    );
    assert_eq!(
        skips(&items),
        vec![(1, "empty text".to_string()), (3, "empty text".to_string())]
    );
}

#[test]
fn tsv_and_forced_format() {
    let (items, _) = run_one("f.tsv", b"id\ttext\tnote\n1\tsays \"no\" twice\t,\n");
    assert_eq!(
        texts(&items),
        vec![("1".to_string(), "says \"no\" twice".to_string())]
    );
    assert_eq!(articles(&items)[0].fields, pairs(&[("note", ",")]));
    let opts = InputOptions {
        format: Some(Format::Tsv),
        ..InputOptions::default()
    };
    let (items, _) = run_one_with("f.dat", b"id\ttext\n1\thi\n", &opts);
    assert_eq!(texts(&items), vec![("1".to_string(), "hi".to_string())]);
}

#[test]
fn gzipped_csv_and_tsv() {
    let (items, files) = run_one("f.csv.gz", &gzip(b"id,text\n1,hello\n"));
    assert_eq!(texts(&items), vec![("1".to_string(), "hello".to_string())]);
    assert_eq!(files[0].bytes, gzip(b"id,text\n1,hello\n").len() as u64);
    let (items, _) = run_one("f.TSV.GZ", &gzip(b"id\ttext\n1\thello\n"));
    assert_eq!(texts(&items), vec![("1".to_string(), "hello".to_string())]);
}

#[test]
fn truncated_gzip_keeps_the_rows_before_the_cut() {
    let mut csv = String::from("id,text\n");
    for i in 0..5000 {
        csv.push_str(&format!("{i},row {i} says {} things\n", i * 7919 % 10007));
    }
    let gz = gzip(csv.as_bytes());
    let (items, files) = run_one("f.csv.gz", &gz[..gz.len() / 2]);
    let kept = articles(&items).len() as u64;
    assert!(kept > 100 && kept < 5000, "kept {kept}");
    let skipped = skips(&items);
    assert_eq!(skipped.len(), 1);
    assert_eq!(skipped[0].0, kept + 1);
    assert!(
        skipped[0]
            .1
            .starts_with("file ends early (truncated gzip?): "),
        "{skipped:?}"
    );
    assert_eq!(files[0].records, kept + 1);
    assert_eq!(files[0].bytes, (gz.len() / 2) as u64);
}

#[test]
fn header_only_and_duplicate_columns_are_warnings() {
    let (items, files) = run_one("f.csv", b"id,text\n");
    assert_eq!(warnings(&items), vec!["no records".to_string()]);
    assert_eq!(files[0].records, 0);
    let (items, _) = run_one("f.csv", b"text,id,text\nfirst,1,second\n");
    assert_eq!(
        warnings(&items),
        vec!["column 'text' appears more than once; the first one is used".to_string()]
    );
    assert_eq!(texts(&items), vec![("1".to_string(), "first".to_string())]);
    assert_eq!(articles(&items)[0].fields, pairs(&[("text", "second")]));
}
