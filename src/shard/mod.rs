//! Scoring on many machines: `slant score --shard K/N` scores a deterministic share of the
//! input and writes a partial result; `slant merge` combines the N partial results into the
//! reports one run over the whole input would write, byte for byte.
//!
//! Every shard reads the whole input (so every shard sees the same records in the same order,
//! checks the same files and computes the same input digests) and scores only the records it
//! owns: record number `i` (0-based over everything the reader hands on: articles, skipped
//! records and warnings) belongs to shard `i mod N + 1`. A shard writes, for each record it
//! owns, what the in-order part of a run needs: the article's encoded report rows, its tally
//! and fingerprint, or the skip or warning (see [`frame`]). Everything that depends on other
//! articles (wire copies, duplicate ids, the aggregate tables) is left to the merge, which
//! replays the frames of all shards in input order through the same code a single run uses.
//!
//! A merge trusts nothing it has not checked: the shards must be of one job (the settings,
//! the inputs and the reader's warnings alike, see [`check`]), and each `records.bin` must be
//! the one its `shard.json` was written with (its frame count and SHA-256, see [`verify`]),
//! since partial results gathered by hand from many machines are easily mixed.

pub mod check;
pub mod frame;
mod reader;

pub use reader::{FrameReader, verify};

use serde::{Deserialize, Serialize};

use crate::aggregate::period::{DateFormat, Period};
use crate::diag::Warning;
use crate::input::{Format, InputFile, InputOptions};
use crate::report::rows::Omitted;
use crate::text::Lang;

/// Version of the partial-result format (`shard.json` and `records.bin`). Format 3 added
/// `records_sha256`, `reader_warnings` and `warnings` to `shard.json`; a merge refuses the
/// partial results of any other format by this number.
pub const FORMAT: u32 = 3;
/// The partial result's two files in a shard's output folder.
pub const RECORD_FILE: &str = "shard.json";
pub const FRAMES_FILE: &str = "records.bin";

/// One share of the input: shard `index` of `count`, 1-based.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Shard {
    pub index: u32,
    pub count: u32,
}

impl Shard {
    /// Whether record number `seq` (0-based, over every item read) belongs to this shard.
    pub fn owns(self, seq: u64) -> bool {
        seq % u64::from(self.count) == u64::from(self.index - 1)
    }
}

impl std::fmt::Display for Shard {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}/{}", self.index, self.count)
    }
}

/// Parses `K/N` (`--shard`): 1 ≤ K ≤ N.
pub fn parse_shard(text: &str) -> std::result::Result<Shard, String> {
    let bad = || format!("'{text}': give K/N, shard K of N, such as 1/4 (1 ≤ K ≤ N)");
    let (k, n) = text.trim().split_once('/').ok_or_else(bad)?;
    let index: u32 = k.trim().parse().map_err(|_| bad())?;
    let count: u32 = n.trim().parse().map_err(|_| bad())?;
    if index == 0 || count == 0 || index > count {
        return Err(bad());
    }
    Ok(Shard { index, count })
}

/// The `--language` of a partial result that does not record one.
fn english() -> Vec<Lang> {
    vec![Lang::En]
}

/// A lexicon as a shard hands it on: its origin and its file's bytes, in hex.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LexiconFile {
    pub origin: String,
    pub sha256: String,
    pub hex: String,
}

/// How [`Settings::input`] writes one reader setting and reads it back.
type InputOption = (
    &'static str,
    fn(&InputOptions) -> String,
    fn(&mut InputOptions, &str),
);

/// The reader settings a shard hands on, by name, in order: one table, so that what is
/// written is what is read back.
const INPUT_OPTIONS: [InputOption; 7] = [
    (
        "format",
        |i| i.format.map(|f| format!("{f:?}")).unwrap_or_default(),
        |o, v| {
            o.format = [
                Format::Csv,
                Format::Tsv,
                Format::Jsonl,
                Format::Json,
                Format::Txt,
            ]
            .into_iter()
            .find(|f| format!("{f:?}") == v);
        },
    ),
    (
        "id_field",
        |i| i.id_field.clone(),
        |o, v| o.id_field = v.into(),
    ),
    (
        "text_field",
        |i| i.text_field.clone(),
        |o, v| o.text_field = v.into(),
    ),
    (
        "title_field",
        |i| i.title_field.clone(),
        |o, v| o.title_field = v.into(),
    ),
    (
        "date_field",
        |i| i.date_field.clone(),
        |o, v| o.date_field = v.into(),
    ),
    (
        "strip_html",
        |i| i.strip_html.to_string(),
        |o, v| o.strip_html = v == "true",
    ),
    (
        "max_article_bytes",
        |i| i.max_article_bytes.to_string(),
        |o, v| {
            if let Ok(bytes) = v.parse() {
                o.max_article_bytes = bytes;
            }
        },
    ),
];

/// The settings every shard of one job must share; `slant merge` refuses shards that differ.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Settings {
    pub lexicons: Vec<LexiconFile>,
    /// The `--targets` lexicons and `--window`, when given.
    pub targets: Option<(Vec<LexiconFile>, u32)>,
    pub group_by: Option<Vec<String>>,
    pub period: Option<Period>,
    /// `--date-format` (absent in partial results written before the option existed, which
    /// read dates as `auto` does).
    #[serde(default)]
    pub date_format: DateFormat,
    /// `--language`, sorted (absent in partial results written before the option existed,
    /// which read English).
    #[serde(default = "english")]
    pub language: Vec<Lang>,
    pub dedupe: bool,
    pub dup_threshold: f64,
    pub strict: bool,
    pub context: usize,
    /// `--omit`: the per-article reports left out (absent in partial results written
    /// before the option existed, which omitted none).
    #[serde(default)]
    pub omit: Omitted,
    /// How records were read: format, field names, `--strip-html`, `--max-article-bytes`.
    pub input: Vec<(String, String)>,
}

impl Settings {
    /// The options in which `other` differs from these, as the user gives them
    /// (`--context`, the lexicons, …), in the order of the fields.
    pub fn differences(&self, other: &Settings) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        let mut check = |differs: bool, what: &str| {
            if differs {
                out.push(what.to_string());
            }
        };
        check(self.lexicons != other.lexicons, "the lexicons");
        check(self.targets != other.targets, "--targets or --window");
        check(self.group_by != other.group_by, "--group-by");
        check(self.period != other.period, "--period");
        check(self.date_format != other.date_format, "--date-format");
        check(self.language != other.language, "--language");
        check(self.dedupe != other.dedupe, "--dedupe");
        check(
            self.dup_threshold.to_bits() != other.dup_threshold.to_bits(),
            "--dup-threshold",
        );
        check(self.strict != other.strict, "--strict");
        check(self.context != other.context, "--context");
        check(self.omit != other.omit, "--omit");
        for (a, b) in self.input.iter().zip(&other.input) {
            check(a != b, &format!("--{}", a.0.replace('_', "-")));
        }
        check(
            self.input.len() != other.input.len(),
            "the input options (from another slant version)",
        );
        out
    }

    /// The reader settings the shards used, back from [`Settings::input`], so that the
    /// merged `run.json` records them as a single run would. A name this version does not
    /// know (from another slant version, whose shards merge refuses anyway) keeps its default.
    pub fn input_options(&self) -> InputOptions {
        let mut options = InputOptions::default();
        for (name, value) in &self.input {
            if let Some((_, _, set)) = INPUT_OPTIONS.iter().find(|(known, ..)| known == name) {
                set(&mut options, value);
            }
        }
        options
    }

    pub fn of(cfg: &crate::config::ScoreConfig) -> Self {
        let files = |lexicons: &[crate::lexicon::Lexicon]| {
            lexicons
                .iter()
                .map(|l| LexiconFile {
                    origin: l.origin.clone(),
                    sha256: l.sha256.clone(),
                    hex: to_hex(&l.bytes),
                })
                .collect()
        };
        Settings {
            lexicons: files(&cfg.lexicons.lexicons),
            targets: cfg.targets.as_ref().map(|(l, w)| (files(l), *w)),
            group_by: cfg.group_by.clone(),
            period: cfg.period,
            date_format: cfg.date_format,
            language: cfg.language.clone(),
            dedupe: cfg.dedupe,
            dup_threshold: cfg.dup_threshold,
            strict: cfg.strict,
            context: cfg.context,
            omit: cfg.omit,
            input: INPUT_OPTIONS
                .iter()
                .map(|(name, get, _)| (name.to_string(), get(&cfg.input)))
                .collect(),
        }
    }
}

/// `shard.json`: what a shard did, and what `slant merge` needs besides the frames.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ShardRecord {
    pub tool: String,
    pub version: String,
    /// The commit and executable that scored the shard; absent in partial results written
    /// before slant recorded it.
    #[serde(default)]
    pub build: Option<crate::build_info::Build>,
    pub format: u32,
    pub shard: Shard,
    pub command_line: Vec<String>,
    pub settings: Settings,
    /// The group columns decided from the first article; `None` when there was no article.
    pub grouping: Option<Vec<String>>,
    /// The warnings a whole run gives when it meets the first article (a field name that
    /// differs only in case, a group field holding JSON objects), with the number of the
    /// item before which it gives them: `merge` gives them at the same place. Absent in
    /// partial results of versions that did not record them.
    #[serde(default)]
    pub start_warnings: Option<(u64, Vec<Warning>)>,
    pub inputs: Vec<InputFile>,
    /// Warnings about the lexicons, given before any record.
    pub lexicon_warnings: Vec<Warning>,
    /// The warnings the reader gave over the whole input, the same in every shard of one job.
    pub reader_warnings: check::ReaderWarnings,
    /// Records read in all (every shard reads them all) and frames this shard wrote.
    pub items: u64,
    pub frames: u64,
    /// The SHA-256 of `records.bin` (as `sha256sum` gives it), so that a merge uses no
    /// `records.bin` but the one written with this record.
    pub records_sha256: String,
    /// Warnings about the shard's own folder: temporary files a killed run left there.
    pub warnings: Vec<Warning>,
    pub seconds: f64,
}

/// The fields of `shard.json` that say which slant wrote it, read before the others, so that
/// a partial result of another format is refused by its version, not by a field it lacks.
#[derive(Debug, Deserialize)]
pub struct Written {
    pub version: String,
    pub format: u32,
}

/// Hex of bytes, lowercase.
pub fn to_hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut s = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        s.push(char::from(DIGITS[usize::from(b >> 4)]));
        s.push(char::from(DIGITS[usize::from(b & 15)]));
    }
    s
}

/// Bytes from lowercase or uppercase hex; `None` when it is not hex.
pub fn from_hex(hex: &str) -> Option<Vec<u8>> {
    let digit = |c: u8| char::from(c).to_digit(16).map(|d| d as u8);
    let b = hex.as_bytes();
    if b.len() % 2 != 0 {
        return None;
    }
    b.chunks_exact(2)
        .map(|p| Some(digit(p[0])? << 4 | digit(p[1])?))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shard_specs_parse_and_own_every_record_once() {
        assert_eq!(parse_shard("2/4"), Ok(Shard { index: 2, count: 4 }));
        assert_eq!(parse_shard(" 1 / 1 "), Ok(Shard { index: 1, count: 1 }));
        for bad in ["0/4", "5/4", "1/0", "4", "a/b", "1/2/3", ""] {
            let err = parse_shard(bad).unwrap_err();
            assert!(err.contains("give K/N"), "{bad}: {err}");
        }
        let shards: Vec<Shard> = (1..=3).map(|k| Shard { index: k, count: 3 }).collect();
        for seq in 0..100 {
            assert_eq!(shards.iter().filter(|s| s.owns(seq)).count(), 1);
        }
        assert!(shards[0].owns(0) && shards[1].owns(1) && shards[2].owns(5));
    }

    #[test]
    fn hex_round_trips_and_refuses_non_hex() {
        let bytes: Vec<u8> = (0..=255).collect();
        assert_eq!(from_hex(&to_hex(&bytes)), Some(bytes));
        assert_eq!(to_hex(b"\x00\xff"), "00ff");
        assert_eq!(from_hex("0"), None);
        assert_eq!(from_hex("zz"), None);
    }

    #[test]
    fn differing_settings_are_named_as_options() {
        let base = Settings {
            lexicons: Vec::new(),
            targets: None,
            group_by: None,
            period: None,
            date_format: DateFormat::Auto,
            language: english(),
            dedupe: false,
            dup_threshold: 0.8,
            strict: false,
            context: 60,
            omit: Omitted::default(),
            input: vec![
                ("id_field".into(), "id".into()),
                ("strip_html".into(), "false".into()),
            ],
        };
        assert!(base.differences(&base.clone()).is_empty());
        let mut other = base.clone();
        other.date_format = DateFormat::Dmy;
        other.language = vec![Lang::De];
        other.context = 0;
        other.omit.matches = true;
        other.input[1].1 = "true".into();
        assert_eq!(
            base.differences(&other),
            [
                "--date-format",
                "--language",
                "--context",
                "--omit",
                "--strip-html"
            ]
        );
        let mut older = base.clone();
        older.input.pop();
        older.dup_threshold = 0.9;
        assert_eq!(
            base.differences(&older),
            [
                "--dup-threshold",
                "the input options (from another slant version)"
            ]
        );
        // A partial result written before `--omit`, `--date-format` or `--language` existed
        // reads as omitting nothing, reading dates as `auto` does, and reading English.
        let mut json = serde_json::to_value(&base).unwrap();
        json.as_object_mut().unwrap().remove("omit");
        json.as_object_mut().unwrap().remove("date_format");
        json.as_object_mut().unwrap().remove("language");
        let read: Settings = serde_json::from_value(json).unwrap();
        assert_eq!(read, base);
    }
}
