//! Plain-text files (`.txt`): one article per file, the whole file its text.
//!
//! Invariants: the article's id is the file's path relative to the directory the user named
//! (`/`-separated), or its file name when the file was named itself; `outlet` is the name of
//! its folder (see `walk`); the title is empty; the text is kept exactly as stored (CRLF
//! included) apart from the byte-order mark and invalid UTF-8.

use std::io::Read;
use std::ops::ControlFlow;

use super::decode::lossy;
use super::record::{Ctx, Parts, Value};
use super::walk::FileUnit;

/// Reads the one article of a `.txt` file. At most one byte more than `--max-article-bytes`
/// is read into memory: a longer file is skipped with its size (the rest is only counted).
pub fn read(stream: impl Read, unit: &FileUnit, ctx: &mut Ctx<'_>) -> ControlFlow<()> {
    let limit = ctx.opts.max_article_bytes;
    let mut bytes = Vec::new();
    let mut stream = stream.take(limit.saturating_add(1));
    if let Err(err) = stream.read_to_end(&mut bytes) {
        return ctx.read_failed(1, &err);
    }
    if bytes.len() as u64 > limit {
        let rest = std::io::copy(&mut stream.into_inner(), &mut std::io::sink());
        return match rest {
            Ok(rest) => {
                let id = Some(unit.txt_id.clone());
                ctx.too_large(1, id, bytes.len() as u64 + rest)
            }
            Err(err) => ctx.read_failed(1, &err),
        };
    }
    let (text, invalid_utf8) = lossy(bytes);
    let parts = Parts {
        id: Some(Value::Str(unit.txt_id.clone())),
        text: Some(Value::Str(text)),
        title: None,
        date: None,
        fields: unit
            .outlet
            .iter()
            .map(|o| ("outlet".to_string(), o.clone()))
            .collect(),
        named: false,
    };
    ctx.emit(1, parts, invalid_utf8)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // a test that cannot unwrap has failed
mod tests {
    use crate::input::InputOptions;
    use crate::input::testutil::{articles, run, run_one, run_one_with, warnings, write};

    fn outlet(a: &crate::input::Article) -> Option<&str> {
        a.field("outlet")
    }

    #[test]
    fn a_directory_of_txt_files_gives_relative_ids_and_folder_outlets() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("news");
        write(&root, "cnn/2020/a.txt", b"Deep.");
        write(&root, "fox/b.txt", b"Fox text.");
        write(&root, "top.txt", b"Top text.");
        let (items, files) = run(std::slice::from_ref(&root), &InputOptions::default());
        let got: Vec<(&str, Option<&str>, &str)> = articles(&items)
            .iter()
            .map(|a| (a.id.as_str(), outlet(a), a.text.as_str()))
            .collect();
        assert_eq!(
            got,
            vec![
                ("cnn/2020/a.txt", Some("2020"), "Deep."),
                ("fox/b.txt", Some("fox"), "Fox text."),
                ("top.txt", Some("news"), "Top text."),
            ]
        );
        let a = articles(&items);
        assert_eq!(
            (a[0].record, a[0].title.as_str(), a[0].date.clone()),
            (1, "", None)
        );
        assert_eq!(
            a[0].file.as_ref(),
            root.join("cnn/2020/a.txt").display().to_string()
        );
        assert_eq!(files.len(), 3);
    }

    #[test]
    fn a_txt_file_named_directly_is_its_file_name_in_its_folder() {
        let dir = tempfile::tempdir().unwrap();
        let path = write(dir.path(), "bbc/story.txt", b"Story.");
        let (items, _) = run(&[path], &InputOptions::default());
        let a = articles(&items);
        assert_eq!((a[0].id.as_str(), outlet(a[0])), ("story.txt", Some("bbc")));
    }

    #[test]
    fn text_is_kept_as_stored_apart_from_bom_and_bad_bytes() {
        let (items, _) = run_one("a.txt", b"\xEF\xBB\xBFOne.\r\n\r\nTwo \xff.\r\n");
        let a = articles(&items);
        assert_eq!(
            (a[0].text.as_str(), a[0].invalid_utf8),
            ("One.\r\n\r\nTwo \u{FFFD}.\r\n", true)
        );
    }

    #[test]
    fn whitespace_only_is_an_empty_file() {
        let (items, files) = run_one("a.txt", b"\xEF\xBB\xBF  \n\n");
        assert_eq!(warnings(&items), vec!["empty file".to_string()]);
        assert!(articles(&items).is_empty());
        assert_eq!((files[0].records, files[0].bytes), (0, 7));
    }

    #[test]
    fn utf16_text_is_decoded_with_a_warning() {
        let mut be = vec![0xFE, 0xFF];
        be.extend("Ça va “bien”.".encode_utf16().flat_map(u16::to_be_bytes));
        let (items, _) = run_one("a.txt", &be);
        assert_eq!(
            warnings(&items),
            vec!["decoded as UTF-16 (big-endian)".to_string()]
        );
        assert_eq!(articles(&items)[0].text, "Ça va “bien”.");
        assert!(!articles(&items)[0].invalid_utf8);
    }

    #[test]
    fn strip_html_applies_to_txt() {
        let opts = InputOptions {
            strip_html: true,
            ..InputOptions::default()
        };
        let (items, _) = run_one_with(
            "a.txt.gz",
            &crate::input::testutil::gzip(b"<p>A</p><p>B</p>"),
            &opts,
        );
        assert_eq!(articles(&items)[0].text, "A\n\nB");
    }
}
