//! The per-article reports: `articles.csv` (one row per article), `matches.csv` (one row per
//! match, with context) and `skipped.csv` (one row per skipped record). Columns are documented
//! in `reports/README.md`; keep the two in step (`tests/integration/docs.rs` checks).

mod context;
mod encode;

use encode::push_match_rows;
pub use encode::{EntryCells, encode_article};

use crate::diag::Skip;
use crate::input::Article;
use crate::score::{Categories, ScoredMatch};
use crate::{Error, Result};

use super::csv::{guard, push_text};
use super::{Cell, CsvSink, Reports};

/// The columns of each category in `articles.csv`, in order.
pub const CATEGORY_COLUMNS: [&str; 10] = [
    "n",
    "per_1k",
    "narrator_per_1k",
    "negated_n",
    "title_n",
    "title_per_1k",
    "lead_n",
    "lead_per_1k",
    "body_n",
    "body_per_1k",
];

/// The columns of `articles.csv` after `id` and the group columns, before the categories'.
pub const ARTICLE_COLUMNS: [&str; 14] = [
    "duplicate_of",
    "period",
    "words",
    "title_words",
    "lead_words",
    "body_words",
    "sentences",
    "paragraphs",
    "quoted_words",
    "quoted_share",
    "quotations",
    "slant",
    "narrator_slant",
    "slant_matches",
];

/// The columns of `matches.csv` after `id` and the group columns.
pub const MATCH_COLUMNS: [&str; 14] = [
    "period", "part", "sentence", "start", "end", "text", "lexicon", "entry", "category", "weight",
    "voice", "negated", "left", "right",
];

/// The columns of `quotations.csv` after `id` and the group columns.
pub const QUOTATION_COLUMNS: [&str; 11] = [
    "period",
    "part",
    "quotation",
    "start",
    "end",
    "words",
    "closed",
    "depth",
    "device",
    "not_device",
    "text",
];

/// The columns of `skipped.csv`.
pub const SKIPPED_COLUMNS: [&str; 4] = ["file", "record", "id", "reason"];

/// Longest quotation text written to `quotations.csv`, in characters.
const QUOTE_TEXT_CHARS: usize = 300;

/// Where an article belongs: its group values and period label.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Placement {
    pub groups: Vec<String>,
    /// Empty when no `--period` was asked for or the date could not be read.
    pub period: String,
}

/// A per-article report that `--omit` can leave out: the three whose size grows with the
/// corpus (together about 4.7 bytes per byte of input, most of it `matches.csv`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum RowReport {
    Articles,
    Matches,
    Quotations,
}

impl RowReport {
    pub const ALL: [RowReport; 3] = [
        RowReport::Articles,
        RowReport::Matches,
        RowReport::Quotations,
    ];

    pub fn file_name(self) -> &'static str {
        match self {
            RowReport::Articles => "articles.csv",
            RowReport::Matches => "matches.csv",
            RowReport::Quotations => "quotations.csv",
        }
    }
}

/// The per-article reports a run leaves out (`--omit`); none by default.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Omitted {
    pub articles: bool,
    pub matches: bool,
    pub quotations: bool,
}

impl Omitted {
    pub fn of(reports: &[RowReport]) -> Self {
        Omitted {
            articles: reports.contains(&RowReport::Articles),
            matches: reports.contains(&RowReport::Matches),
            quotations: reports.contains(&RowReport::Quotations),
        }
    }

    pub fn contains(self, report: RowReport) -> bool {
        match report {
            RowReport::Articles => self.articles,
            RowReport::Matches => self.matches,
            RowReport::Quotations => self.quotations,
        }
    }

    /// The file names left out, in the order of [`RowReport::ALL`].
    pub fn file_names(self) -> Vec<&'static str> {
        RowReport::ALL
            .into_iter()
            .filter(|&r| self.contains(r))
            .map(RowReport::file_name)
            .collect()
    }
}

/// Writes `articles.csv`, `matches.csv`, `quotations.csv` (those not omitted) and
/// `skipped.csv` as records arrive.
#[derive(Debug)]
pub struct RowWriter {
    articles: Option<CsvSink>,
    matches: Option<CsvSink>,
    quotations: Option<CsvSink>,
    skipped: CsvSink,
}

impl RowWriter {
    pub fn new(
        reports: &Reports,
        group_fields: &[String],
        categories: &Categories,
        omit: Omitted,
    ) -> Result<Self> {
        let open = |report: RowReport, header: &[&str]| -> Result<Option<CsvSink>> {
            if omit.contains(report) {
                Ok(None)
            } else {
                reports.csv(report.file_name(), header).map(Some)
            }
        };
        let mut header: Vec<String> = vec!["id".into()];
        header.extend(group_fields.iter().cloned());
        header.extend(ARTICLE_COLUMNS.map(String::from));
        for c in &categories.names {
            for suffix in CATEGORY_COLUMNS {
                header.push(format!("{c}.{suffix}"));
            }
        }
        let header_refs: Vec<&str> = header.iter().map(String::as_str).collect();
        let articles = open(RowReport::Articles, &header_refs)?;

        let mut mheader: Vec<&str> = vec!["id"];
        mheader.extend(group_fields.iter().map(String::as_str));
        mheader.extend(MATCH_COLUMNS);
        let matches = open(RowReport::Matches, &mheader)?;
        let mut qheader: Vec<&str> = vec!["id"];
        qheader.extend(group_fields.iter().map(String::as_str));
        qheader.extend(QUOTATION_COLUMNS);
        let quotations = open(RowReport::Quotations, &qheader)?;
        let skipped = reports.csv("skipped.csv", &SKIPPED_COLUMNS)?;
        Ok(RowWriter {
            articles,
            matches,
            quotations,
            skipped,
        })
    }

    /// Write one article's rows, encoded ahead by [`encode_article`], with the one cell only
    /// the in-order consumer can know: `duplicate_of`. Match rows left [late](LateMatches)
    /// are encoded here from `source`, a block at a time.
    pub fn article(
        &mut self,
        enc: &EncodedArticle,
        duplicate_of: Option<&str>,
        source: Option<LateSource<'_>>,
    ) -> Result<()> {
        if let Some(articles) = self.articles.as_mut() {
            let mut dup = Vec::new();
            // An id, guarded as the `id` column is, so that it is safe in a spreadsheet and
            // joins with the `id` it names.
            let id = guard(duplicate_of.unwrap_or(""));
            push_text(&mut dup, id.as_bytes(), false);
            articles.bytes(&enc.head)?;
            articles.bytes(b",")?;
            articles.bytes(&dup)?;
            articles.bytes(b",")?;
            articles.bytes(&enc.tail)?;
        }
        if let Some(q) = self.quotations.as_mut() {
            q.bytes(&enc.quotations)?;
        }
        let Some(matches) = self.matches.as_mut() else {
            return Ok(());
        };
        matches.bytes(&enc.matches)?;
        if let Some(late) = &enc.late {
            let Some(src) = source else {
                return Err(Error::failure(
                    "internal error: an article's match rows were left to the writer without \
                     its text; please report this",
                ));
            };
            let mut block = Vec::new();
            let mut scratch = String::new();
            for chunk in late.matches.chunks(LATE_BLOCK) {
                block.clear();
                push_match_rows(
                    &mut block,
                    src.article,
                    &late.prefix,
                    chunk,
                    src.entries,
                    src.context,
                    &mut scratch,
                );
                matches.bytes(&block)?;
            }
        }
        Ok(())
    }

    /// Bytes written so far, over all the reports.
    pub fn written(&self) -> u64 {
        [&self.articles, &self.matches, &self.quotations]
            .into_iter()
            .flatten()
            .map(CsvSink::written)
            .sum::<u64>()
            + self.skipped.written()
    }

    /// Write one skipped record.
    pub fn skip(&mut self, skip: &Skip) -> Result<()> {
        self.skipped.row(&[
            Cell::Text(&skip.file),
            Cell::Int(skip.record),
            Cell::Text(skip.id.as_deref().unwrap_or("")),
            Cell::Text(&skip.reason),
        ])
    }

    /// Flush the reports (they are renamed into place at commit).
    pub fn finish(self, reports: &mut Reports) -> Result<()> {
        for sink in [self.articles, self.matches, self.quotations]
            .into_iter()
            .flatten()
        {
            reports.finish(sink)?;
        }
        reports.finish(self.skipped)
    }
}

/// One article's report rows, encoded as CSV bytes by a scoring thread. The `articles.csv`
/// row is split around `duplicate_of`, which only the in-order consumer knows.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct EncodedArticle {
    /// `id` and the group columns (no trailing comma).
    pub head: Vec<u8>,
    /// From `period` to the last category column, with the line end.
    pub tail: Vec<u8>,
    /// Whole rows of `matches.csv` and `quotations.csv`.
    pub matches: Vec<u8>,
    pub quotations: Vec<u8>,
    /// The `matches.csv` rows of an article with very many matches, not encoded yet
    /// (`matches` is then empty).
    pub late: Option<LateMatches>,
}

/// An article with more matches than this has its `matches.csv` rows encoded by the
/// in-order writer, `LATE_BLOCK` at a time, instead of all at once by the scoring thread:
/// a row takes about 250 bytes against some 40 for the match itself, so a 200 MB page of
/// dense matches would otherwise hold gigabytes of rows until its turn to be written. A
/// news article has about a hundred matches; this many come from about a megabyte of text.
pub const LATE_MATCHES: usize = 1 << 14;

/// Matches encoded per block by the writer: about a megabyte of rows.
const LATE_BLOCK: usize = 1 << 12;

/// `matches.csv` rows left to the writer: the start every row shares (`id`, groups,
/// `period`) and the matches. The same bytes as [`encode_article`] writes for fewer matches.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct LateMatches {
    pub prefix: Vec<u8>,
    pub matches: Vec<ScoredMatch>,
}

/// What the writer needs to encode [`LateMatches`]: the article's text, the entries' cells
/// and the context width.
#[derive(Debug, Clone, Copy)]
pub struct LateSource<'a> {
    pub article: &'a Article,
    pub entries: &'a EntryCells,
    pub context: usize,
}

/// Whether [`encode_article`] encodes the match rows or leaves them to the writer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MatchRows {
    Now,
    /// Only the shared prefix is kept, in [`EncodedArticle::late`]; the caller moves the
    /// matches in.
    Late,
}
