//! The per-article reports: `articles.csv` (one row per article), `matches.csv` (one row per
//! match, with context) and `skipped.csv` (one row per skipped record). Columns are documented
//! in `reports/README.md`; keep the two in step.

use crate::diag::Skip;
use crate::input::Article;
use crate::lexicon::Lexicon;
use crate::score::{ArticleScore, Categories, CategoryCount, ScoredMatch};
use crate::swar;
use crate::{Error, Result};

use super::csv::{encode_cells, guard, int_cell, push_text, text_cell};
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
pub const QUOTATION_COLUMNS: [&str; 10] = [
    "period",
    "part",
    "quotation",
    "start",
    "end",
    "words",
    "closed",
    "depth",
    "device",
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
            push_text(&mut dup, duplicate_of.unwrap_or("").as_bytes(), false);
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

/// The cells of a `matches.csv` row that depend on its entry alone (`lexicon`, `entry`,
/// `category`, `weight`), encoded once per run rather than once per match.
#[derive(Debug, Default)]
pub struct EntryCells {
    /// Per lexicon, per entry.
    cells: Vec<Vec<Box<[u8]>>>,
}

impl EntryCells {
    pub fn new(lexicons: &[Lexicon]) -> Self {
        let cells = lexicons
            .iter()
            .map(|lex| {
                lex.entries
                    .iter()
                    .map(|entry| {
                        let category = entry.categories.join(";");
                        let mut out = Vec::new();
                        encode_cells(
                            &mut out,
                            &[
                                Cell::Text(&lex.name),
                                Cell::Text(&entry.term),
                                Cell::Text(&category),
                                Cell::Float(entry.weight),
                            ],
                        );
                        out.into_boxed_slice()
                    })
                    .collect()
            })
            .collect();
        EntryCells { cells }
    }

    /// `lexicon,entry,category,weight`.
    fn get(&self, lexicon: u32, entry: u32) -> Option<&[u8]> {
        self.cells
            .get(lexicon as usize)?
            .get(entry as usize)
            .map(|c| &c[..])
    }

    /// `lexicon,entry,category`: the same without the weight (a number, so the last comma
    /// is the one before it).
    pub fn names(&self, lexicon: u32, entry: u32) -> Option<&[u8]> {
        let cells = self.get(lexicon, entry)?;
        cells
            .iter()
            .rposition(|&b| b == b',')
            .and_then(|at| cells.get(..at))
    }
}

/// Append a piece of context as a text cell (white space folded as [`fold_space_into`] does)
/// and a comma. Most context needs no folding and no formula guard: it is copied as it is.
fn context_cell(line: &mut Vec<u8>, text: &str, scratch: &mut String) {
    if folds_to_itself(text) && !matches!(text.as_bytes().first(), Some(b'=' | b'+' | b'-' | b'@'))
    {
        push_text(line, text.as_bytes(), false);
    } else {
        fold_space_into(text, scratch);
        push_text(line, guard(scratch).as_bytes(), false);
    }
    line.push(b',');
}

/// True when [`fold_space_into`] would return `s` unchanged: its only white space is single
/// ASCII spaces. Context is short and this runs twice per match, so [`next_fold`] does the
/// looking, eight bytes at a time; only a byte that may start non-ASCII white space is
/// decoded (E2 also starts curly quotes and dashes, a few per context).
fn folds_to_itself(s: &str) -> bool {
    let b = s.as_bytes();
    let mut at = 0;
    loop {
        at = next_fold(b, at);
        match b.get(at) {
            None => return true,
            Some(_) if space_width(s, at) == 0 => at += 1,
            Some(_) => return false,
        }
    }
}

/// The first byte at or after `at` where folding may change something (`b.len()` when there
/// is none): ASCII white space other than a space (9 to 13), a space right after a space, or
/// a byte that may start non-ASCII white space. Eight bytes at a time: in news text a space
/// comes every six bytes or so, and a byte-by-byte loop mispredicts a branch at each.
fn next_fold(b: &[u8], mut at: usize) -> usize {
    let space_at = |i: Option<usize>| i.and_then(|i| b.get(i)) == Some(&b' ');
    while at < b.len() {
        // The last step's missing bytes read as zero, which none of the tests marks.
        let v = swar::load_prefix(b, at, b.len() - at);
        let space = swar::bytes_in(v, b' ', b' ');
        let before = if space_at(at.checked_sub(1)) { 0x80 } else { 0 };
        let hits = swar::bytes_in(v, 9, 13)
            | swar::bytes_in(v, 0xC2, 0xC2)
            | swar::bytes_in(v, 0xE1, 0xE3)
            | (space & (space << 8 | before));
        if hits != 0 {
            return at + (hits.trailing_zeros() / 8) as usize;
        }
        at += 8;
    }
    b.len()
}

/// The width in bytes of the white-space character starting at byte `at` of `s` (ASCII or
/// not), or 0 when none starts there.
fn space_width(s: &str, at: usize) -> usize {
    match s.as_bytes().get(at) {
        Some(9..=13 | b' ') => 1,
        Some(&x) if may_start_unicode_space(x) => unicode_space_width(s, at),
        _ => 0,
    }
}

/// True when `b` can be the first byte of a non-ASCII white-space character: U+0085 and
/// U+00A0 start with C2, U+1680 with E1, U+2000 to U+200A, U+2028, U+2029, U+202F and U+205F
/// with E2, U+3000 with E3.
fn may_start_unicode_space(b: u8) -> bool {
    b == 0xC2 || (0xE1..=0xE3).contains(&b)
}

/// The width in bytes of the white-space character starting at byte `at` of `s`, or 0 when
/// none starts there.
fn unicode_space_width(s: &str, at: usize) -> usize {
    s.get(at..)
        .and_then(|rest| rest.chars().next())
        .filter(|c| c.is_whitespace())
        .map_or(0, char::len_utf8)
}

/// Encode an article's rows for `articles.csv`, `matches.csv` and `quotations.csv`, leaving
/// empty those of the reports in `omit` (and `late` unset when `matches.csv` is omitted).
/// Pure: the scoring threads call it in parallel; the bytes do not depend on the thread.
///
/// The cells are written straight into the lines (the same bytes [`encode_cells`] gives):
/// an article has hundreds of cells and a hundred matches, so the cells its rows share (the
/// id, group and period columns; an entry's columns; a category with no match) are encoded
/// once.
pub fn encode_article(
    article: &Article,
    place: &Placement,
    score: &ArticleScore,
    entries: &EntryCells,
    context: usize,
    rows: MatchRows,
    omit: Omitted,
) -> EncodedArticle {
    let mut out = EncodedArticle::default();
    let mut row: Vec<Cell<'_>> = Vec::with_capacity(1 + place.groups.len());
    row.push(Cell::Text(&article.id));
    row.extend(place.groups.iter().map(|g| Cell::Text(g)));
    encode_cells(&mut out.head, &row);
    // `id`, the groups and `period`, with a comma: the start of every match and quotation row.
    let mut prefix = out.head.clone();
    prefix.push(b',');
    text_cell(&mut prefix, &place.period);
    if !omit.articles {
        encode_article_tail(&mut out.tail, &place.period, score, &mut row);
    }
    let mut scratch = String::new();
    if !omit.matches {
        match rows {
            MatchRows::Now => {
                out.matches
                    .reserve(score.matches.len() * (prefix.len() + 2 * context + 96));
                push_match_rows(
                    &mut out.matches,
                    article,
                    &prefix,
                    &score.matches,
                    entries,
                    context,
                    &mut scratch,
                );
            }
            MatchRows::Late => {
                out.late = Some(LateMatches {
                    prefix: prefix.clone(),
                    matches: Vec::new(),
                });
            }
        }
    }
    if !omit.quotations {
        push_quotation_rows(&mut out.quotations, article, &prefix, score, &mut scratch);
    }
    out
}

/// The `articles.csv` row from `period` to the last category column, with the line end.
fn encode_article_tail<'a>(
    tail: &mut Vec<u8>,
    period: &'a str,
    score: &ArticleScore,
    row: &mut Vec<Cell<'a>>,
) {
    row.clear();
    row.push(Cell::Text(period));
    let [title_words, lead_words, body_words] = score.part_words;
    for n in [
        score.words,
        title_words,
        lead_words,
        body_words,
        score.sentences,
        score.paragraphs,
    ] {
        row.push(Cell::Int(u64::from(n)));
    }
    row.push(Cell::Int(u64::from(score.quoted_words())));
    row.push(if score.words == 0 {
        Cell::Empty
    } else {
        Cell::Float(f64::from(score.quoted_words()) / f64::from(score.words))
    });
    row.push(Cell::Int(u64::from(score.quotations)));
    row.push(score.slant.ratio().map_or(Cell::Empty, Cell::Float));
    row.push(
        score
            .narrator_slant
            .ratio()
            .map_or(Cell::Empty, Cell::Float),
    );
    row.push(Cell::Int(u64::from(score.slant.matches)));
    encode_cells(tail, row);
    // Most categories have no match in most articles: their ten cells are the same.
    let mut unmatched = Vec::new();
    category_cells(&mut unmatched, &CategoryCount::default(), score, row);
    // The buffers are sized once from what the article has, rather than grown (and copied)
    // several times: a row of `articles.csv` is several kilobytes, and an article has about a
    // hundred matches of some 250 bytes each.
    tail.reserve(score.counts.len() * (unmatched.len() + 8) + 1);
    for c in &score.counts {
        if *c == CategoryCount::default() {
            tail.extend_from_slice(&unmatched);
        } else {
            category_cells(tail, c, score, row);
        }
    }
    tail.push(b'\n');
}

/// Append the `quotations.csv` rows of an article, each beginning with `prefix`.
fn push_quotation_rows(
    line: &mut Vec<u8>,
    article: &Article,
    prefix: &[u8],
    score: &ArticleScore,
    scratch: &mut String,
) {
    line.reserve(score.quotes.len() * (prefix.len() + QUOTE_TEXT_CHARS + 48));
    for (i, q) in score.quotes.iter().enumerate() {
        let text = q.part.text_of(article);
        let inner = text.get(q.start as usize..q.end as usize).unwrap_or("");
        line.extend_from_slice(prefix);
        text_cell(line, q.part.as_str());
        int_cell(line, i as u64 + 1);
        int_cell(line, u64::from(q.start));
        int_cell(line, u64::from(q.end));
        int_cell(line, u64::from(q.words));
        line.extend_from_slice(if q.closed { b"true," } else { b"false," });
        int_cell(line, u64::from(q.depth));
        text_cell(line, q.device.map_or("", |d| d.name()));
        context_cell(line, context_after(inner, 0, QUOTE_TEXT_CHARS), scratch);
        line.pop();
        line.push(b'\n');
    }
}

/// Append the `matches.csv` rows of `matches`, each beginning with `prefix` (`id`, groups,
/// `period` and a comma).
fn push_match_rows(
    line: &mut Vec<u8>,
    article: &Article,
    prefix: &[u8],
    matches: &[ScoredMatch],
    entries: &EntryCells,
    context: usize,
    scratch: &mut String,
) {
    for sm in matches {
        let text = sm.part.text_of(article);
        let (start, end) = (sm.m.start as usize, sm.m.end as usize);
        let Some(entry) = entries.get(sm.m.lexicon, sm.m.entry) else {
            continue;
        };
        line.extend_from_slice(prefix);
        text_cell(line, sm.part.as_str());
        int_cell(line, u64::from(sm.sentence));
        int_cell(line, start as u64);
        int_cell(line, end as u64);
        text_cell(line, text.get(start..end).unwrap_or(""));
        line.extend_from_slice(entry);
        line.push(b',');
        text_cell(line, if sm.quoted { "quoted" } else { "narrator" });
        line.extend_from_slice(if sm.negated { b"true," } else { b"false," });
        context_cell(line, context_before(text, start, context), scratch);
        context_cell(line, context_after(text, end, context), scratch);
        // The last cell's comma becomes the line end.
        line.pop();
        line.push(b'\n');
    }
}

/// Append a category's ten `articles.csv` cells, each after a comma.
fn category_cells<'a>(
    out: &mut Vec<u8>,
    c: &CategoryCount,
    score: &ArticleScore,
    row: &mut Vec<Cell<'a>>,
) {
    row.clear();
    row.push(Cell::Int(u64::from(c.n)));
    row.push(rate(c.n, score.words));
    row.push(rate(c.narrator_n, score.narrator_words));
    row.push(Cell::Int(u64::from(c.negated_n)));
    for (n, words) in c.part_n.iter().zip(score.part_words) {
        row.push(Cell::Int(u64::from(*n)));
        row.push(rate(*n, words));
    }
    out.push(b',');
    encode_cells(out, row);
}

/// count per 1,000 words; empty when there are no words.
fn rate(count: u32, words: u32) -> Cell<'static> {
    if words == 0 {
        Cell::Empty
    } else {
        Cell::Float(f64::from(count) * 1000.0 / f64::from(words))
    }
}

/// Up to `n` characters before byte `at`.
fn context_before(text: &str, at: usize, n: usize) -> &str {
    let head = text.get(..at).unwrap_or("");
    // When the last `n` bytes are ASCII they are the last `n` characters.
    if let Some(last) = head.len().checked_sub(n).and_then(|s| head.get(s..)) {
        if last.is_ascii() {
            return last;
        }
    }
    let start = if n == 0 {
        at.min(head.len())
    } else {
        head.char_indices().rev().nth(n - 1).map_or(0, |(i, _)| i)
    };
    head.get(start..).unwrap_or("")
}

/// Up to `n` characters after byte `at`.
fn context_after(text: &str, at: usize, n: usize) -> &str {
    let tail = text.get(at..).unwrap_or("");
    // When the first `n` bytes are ASCII they are the first `n` characters.
    if let Some(first) = tail.get(..n) {
        if first.is_ascii() {
            return first;
        }
    }
    let end = tail.char_indices().nth(n).map_or(tail.len(), |(i, _)| i);
    tail.get(..end).unwrap_or("")
}

/// `s` with every run of white space (Unicode's definition) written as one space.
fn fold_space_into(s: &str, out: &mut String) {
    out.clear();
    let b = s.as_bytes();
    // The text between the places [`next_fold`] finds is copied whole, single spaces and all.
    let (mut copied, mut at) = (0, 0);
    loop {
        at = next_fold(b, at);
        if at >= b.len() {
            break;
        }
        let width = space_width(s, at);
        if width == 0 {
            at += 1;
            continue;
        }
        // A run of white space starts here, or at the space just before (copied with the
        // text before it): the run is written as that space, or as one space of its own.
        out.push_str(s.get(copied..at).unwrap_or(""));
        if at == 0 || b.get(at - 1) != Some(&b' ') {
            out.push(' ');
        }
        at += width;
        loop {
            let width = space_width(s, at);
            if width == 0 {
                break;
            }
            at += width;
        }
        copied = at;
    }
    out.push_str(s.get(copied..).unwrap_or(""));
}

#[cfg(test)]
mod tests {
    use super::*;

    fn folded(s: &str) -> String {
        let mut out = String::new();
        fold_space_into(s, &mut out);
        out
    }

    /// The plain definition `fold_space_into` must match.
    fn fold_reference(s: &str) -> String {
        let mut out = String::new();
        let mut space = false;
        for c in s.chars() {
            if c.is_whitespace() {
                if !space {
                    out.push(' ');
                }
                space = true;
            } else {
                out.push(c);
                space = false;
            }
        }
        out
    }

    #[test]
    fn a_vertical_tab_is_white_space_too() {
        let mut out = String::new();
        fold_space_into("a\u{b}b", &mut out);
        assert_eq!(out, "a b");
    }

    proptest::proptest! {
        #[test]
        fn folding_space_matches_its_definition(
            s in "([ \t\n\r\u{b}\u{c}\u{85}\u{a0}\u{1680}\u{2000}\u{2009}\u{200a}\u{2028}\u{2029}\u{202f}\u{205f}\u{3000}]|[a-z\u{e9}\u{201c}\u{200b}\u{2014}\u{2060}\u{3001}\u{1f600}]){0,24}"
        ) {
            let mut out = String::new();
            fold_space_into(&s, &mut out);
            proptest::prop_assert_eq!(out, fold_reference(&s));
        }
    }

    proptest::proptest! {
        #[test]
        fn a_context_cell_is_its_folded_guarded_text(
            s in "([ \t\n\u{b}\u{85}\u{a0}\u{1680}\u{2000}\u{2009}\u{200a}\u{200b}\u{2028}\u{2029}\u{202f}\u{205f}\u{3000},\"=+@-]|[a-z\u{e9}\u{201c}\u{2014}\u{2060}\u{3001}\u{1f600}]){0,16}"
        ) {
            let mut ours = Vec::new();
            context_cell(&mut ours, &s, &mut String::new());
            let mut theirs = Vec::new();
            push_text(&mut theirs, guard(&folded(&s)).as_bytes(), false);
            theirs.push(b',');
            proptest::prop_assert_eq!(ours, theirs);
        }
    }

    proptest::proptest! {
        #[test]
        fn context_is_the_nearest_n_characters(
            s in "[a-c \u{e9}\u{201c}\u{1f600}]{0,12}", cut in 0usize..13, n in 0usize..6
        ) {
            let at = s.char_indices().map(|(i, _)| i).chain([s.len()]).nth(cut).unwrap_or(s.len());
            let chars: Vec<char> = s[..at].chars().collect();
            let before: String = chars[chars.len().saturating_sub(n)..].iter().collect();
            let after: String = s[at..].chars().take(n).collect();
            proptest::prop_assert_eq!(context_before(&s, at, n), before);
            proptest::prop_assert_eq!(context_after(&s, at, n), after);
        }
    }

    #[test]
    fn every_white_space_character_is_seen_and_no_other() {
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            let lone = c.to_string();
            let expected = !c.is_whitespace() || c == ' ';
            assert_eq!(folds_to_itself(&lone), expected, "U+{:04X}", c as u32);
            let framed = format!("a{c}b");
            assert_eq!(folds_to_itself(&framed), expected, "U+{:04X}", c as u32);
        }
    }

    /// Past eight bytes the search goes eight bytes at a time: each character below U+3100
    /// (every white-space character is among them) at each place of such a step, and
    /// straddling two, alone and after a space.
    #[test]
    fn white_space_is_seen_at_every_place_of_a_long_context() {
        for c in (0..0x3100).filter_map(char::from_u32) {
            for lead in 0..10 {
                for space in ["", " "] {
                    let s = format!("{}{space}{c}-and-some-more-text", "x".repeat(lead));
                    let expected = !c.is_whitespace() || (c == ' ' && space.is_empty());
                    assert_eq!(folds_to_itself(&s), expected, "{s:?}");
                    assert_eq!(folded(&s), fold_reference(&s), "{s:?}");
                }
            }
        }
    }

    proptest::proptest! {
        #[test]
        fn a_text_folds_to_itself_when_folding_leaves_it_alone(
            s in "([ \t\n\u{b}\u{85}\u{a0}\u{2009}\u{2028}\u{3000}]|[a-z\u{e9}\u{201c}\u{2014}\u{3001}]){0,40}"
        ) {
            proptest::prop_assert_eq!(folds_to_itself(&s), fold_reference(&s) == s);
        }
    }

    #[test]
    fn context_is_char_safe_and_folds_space() {
        let t = "ab\u{e9}\n\ncd XYZ ef\tg";
        let at = t.find("XYZ").unwrap();
        assert_eq!(folded(context_before(t, at, 4)), " cd ");
        assert_eq!(folded(context_before(t, at, 100)), "ab\u{e9} cd ");
        assert_eq!(folded(context_after(t, at + 3, 3)), " ef");
        assert_eq!(context_after(t, at + 3, 0), "");
        assert_eq!(context_before(t, at, 0), "");
    }
}
