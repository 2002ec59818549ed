//! The per-article reports: `articles.csv` (one row per article), `matches.csv` (one row per
//! match, with context) and `skipped.csv` (one row per skipped record). Columns are documented
//! in `reports/README.md`; keep the two in step.

use crate::Result;
use crate::diag::Skip;
use crate::input::Article;
use crate::lexicon::Lexicon;
use crate::score::{ArticleScore, Categories};

use super::csv::encode_cells;
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

/// Longest quotation text written to `quotations.csv`, in characters.
const QUOTE_TEXT_CHARS: usize = 300;

/// Where an article belongs: its group values and period label.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Placement {
    pub groups: Vec<String>,
    /// Empty when no `--period` was asked for or the date could not be read.
    pub period: String,
}

/// Writes `articles.csv`, `matches.csv` and `skipped.csv` as records arrive.
#[derive(Debug)]
pub struct RowWriter {
    articles: CsvSink,
    matches: CsvSink,
    quotations: CsvSink,
    skipped: CsvSink,
}

impl RowWriter {
    pub fn new(
        reports: &Reports,
        group_fields: &[String],
        categories: &Categories,
    ) -> Result<Self> {
        let mut header: Vec<String> = vec!["id".into()];
        header.extend(group_fields.iter().cloned());
        header.extend(
            [
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
            ]
            .map(String::from),
        );
        for c in &categories.names {
            for suffix in CATEGORY_COLUMNS {
                header.push(format!("{c}.{suffix}"));
            }
        }
        let header_refs: Vec<&str> = header.iter().map(String::as_str).collect();
        let articles = reports.csv("articles.csv", &header_refs)?;

        let mut mheader: Vec<&str> = vec!["id"];
        mheader.extend(group_fields.iter().map(String::as_str));
        mheader.extend([
            "period", "part", "sentence", "start", "end", "text", "lexicon", "entry", "category",
            "weight", "voice", "negated", "left", "right",
        ]);
        let matches = reports.csv("matches.csv", &mheader)?;
        let mut qheader: Vec<&str> = vec!["id"];
        qheader.extend(group_fields.iter().map(String::as_str));
        qheader.extend([
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
        ]);
        let quotations = reports.csv("quotations.csv", &qheader)?;
        let skipped = reports.csv("skipped.csv", &["file", "record", "id", "reason"])?;
        Ok(RowWriter {
            articles,
            matches,
            quotations,
            skipped,
        })
    }

    /// Write one article's rows, encoded ahead by [`encode_article`], with the one cell only
    /// the in-order consumer can know: `duplicate_of`.
    pub fn article(&mut self, enc: &EncodedArticle, duplicate_of: Option<&str>) -> Result<()> {
        let mut dup = Vec::new();
        crate::report::csv::push_text(&mut dup, duplicate_of.unwrap_or("").as_bytes(), false);
        self.articles.bytes(&enc.head)?;
        self.articles.bytes(b",")?;
        self.articles.bytes(&dup)?;
        self.articles.bytes(b",")?;
        self.articles.bytes(&enc.tail)?;
        self.matches.bytes(&enc.matches)?;
        self.quotations.bytes(&enc.quotations)
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

    /// Flush all three reports (they are renamed into place at commit).
    pub fn finish(self, reports: &mut Reports) -> Result<()> {
        reports.finish(self.articles)?;
        reports.finish(self.matches)?;
        reports.finish(self.quotations)?;
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
}

/// Encode an article's rows for `articles.csv`, `matches.csv` and `quotations.csv`.
/// Pure: the scoring threads call it in parallel; the bytes do not depend on the thread.
pub fn encode_article(
    article: &Article,
    place: &Placement,
    score: &ArticleScore,
    lexicons: &[Lexicon],
    context: usize,
) -> EncodedArticle {
    let mut out = EncodedArticle::default();
    let mut fbuf = String::new();
    let mut row: Vec<Cell<'_>> =
        Vec::with_capacity(16 + place.groups.len() + 10 * score.counts.len());
    row.push(Cell::Text(&article.id));
    row.extend(place.groups.iter().map(|g| Cell::Text(g)));
    encode_cells(&mut out.head, &row, &mut fbuf);
    row.clear();
    row.push(Cell::Text(&place.period));
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
    for c in &score.counts {
        row.push(Cell::Int(u64::from(c.n)));
        row.push(rate(c.n, score.words));
        row.push(rate(c.narrator_n, score.narrator_words));
        row.push(Cell::Int(u64::from(c.negated_n)));
        for (n, words) in c.part_n.iter().zip(score.part_words) {
            row.push(Cell::Int(u64::from(*n)));
            row.push(rate(*n, words));
        }
    }
    encode_cells(&mut out.tail, &row, &mut fbuf);
    out.tail.push(b'\n');

    let (mut left, mut right) = (String::new(), String::new());
    for sm in &score.matches {
        let text = sm.part.text_of(article);
        let (start, end) = (sm.m.start as usize, sm.m.end as usize);
        let Some(lex) = lexicons.get(sm.m.lexicon as usize) else {
            continue;
        };
        let Some(entry) = lex.entries.get(sm.m.entry as usize) else {
            continue;
        };
        let category = entry.categories.join(";");
        context_before_into(text, start, context, &mut left);
        context_after_into(text, end, context, &mut right);
        let mut row: Vec<Cell<'_>> = Vec::with_capacity(16 + place.groups.len());
        row.push(Cell::Text(&article.id));
        row.extend(place.groups.iter().map(|g| Cell::Text(g)));
        row.push(Cell::Text(&place.period));
        row.push(Cell::Text(sm.part.as_str()));
        row.push(Cell::Int(u64::from(sm.sentence)));
        row.push(Cell::Int(start as u64));
        row.push(Cell::Int(end as u64));
        row.push(Cell::Text(text.get(start..end).unwrap_or("")));
        row.push(Cell::Text(&lex.name));
        row.push(Cell::Text(&entry.term));
        row.push(Cell::Text(&category));
        row.push(Cell::Float(entry.weight));
        row.push(Cell::Text(if sm.quoted { "quoted" } else { "narrator" }));
        row.push(Cell::Bool(sm.negated));
        row.push(Cell::Text(&left));
        row.push(Cell::Text(&right));
        encode_cells(&mut out.matches, &row, &mut fbuf);
        out.matches.push(b'\n');
    }

    for (i, q) in score.quotes.iter().enumerate() {
        let text = q.part.text_of(article);
        let inner = text.get(q.start as usize..q.end as usize).unwrap_or("");
        context_after_into(inner, 0, QUOTE_TEXT_CHARS, &mut right);
        let mut row: Vec<Cell<'_>> = Vec::with_capacity(12 + place.groups.len());
        row.push(Cell::Text(&article.id));
        row.extend(place.groups.iter().map(|g| Cell::Text(g)));
        row.push(Cell::Text(&place.period));
        row.push(Cell::Text(q.part.as_str()));
        row.push(Cell::Int(i as u64 + 1));
        row.push(Cell::Int(u64::from(q.start)));
        row.push(Cell::Int(u64::from(q.end)));
        row.push(Cell::Int(u64::from(q.words)));
        row.push(Cell::Bool(q.closed));
        row.push(Cell::Int(u64::from(q.depth)));
        row.push(Cell::Text(q.device.map_or("", |d| d.name())));
        row.push(Cell::Text(&right));
        encode_cells(&mut out.quotations, &row, &mut fbuf);
        out.quotations.push(b'\n');
    }
    out
}

/// count per 1,000 words; empty when there are no words.
fn rate(count: u32, words: u32) -> Cell<'static> {
    if words == 0 {
        Cell::Empty
    } else {
        Cell::Float(f64::from(count) * 1000.0 / f64::from(words))
    }
}

/// Up to `n` characters before byte `at` into `out`, white space runs folded to one space.
fn context_before_into(text: &str, at: usize, n: usize, out: &mut String) {
    let head = text.get(..at).unwrap_or("");
    let start = if n == 0 {
        at.min(head.len())
    } else {
        head.char_indices().rev().nth(n - 1).map_or(0, |(i, _)| i)
    };
    fold_space_into(head.get(start..).unwrap_or(""), out);
}

/// Up to `n` characters after byte `at` into `out`, white space runs folded to one space.
fn context_after_into(text: &str, at: usize, n: usize, out: &mut String) {
    let tail = text.get(at..).unwrap_or("");
    let end = tail.char_indices().nth(n).map_or(tail.len(), |(i, _)| i);
    fold_space_into(tail.get(..end).unwrap_or(""), out);
}

/// `s` with every run of white space (Unicode's definition) written as one space.
fn fold_space_into(s: &str, out: &mut String) {
    out.clear();
    // ASCII white space is 9 to 13 and 32 (`is_ascii_whitespace` leaves out 11, vertical tab).
    let folds = |b: u8| (9..=13).contains(&b);
    if !s.bytes().any(folds) && !s.contains("  ") && s.is_ascii() {
        out.push_str(s);
        return;
    }
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
}

#[cfg(test)]
mod tests {
    use super::*;

    fn context_before(text: &str, at: usize, n: usize) -> String {
        let mut out = String::new();
        context_before_into(text, at, n, &mut out);
        out
    }

    fn context_after(text: &str, at: usize, n: usize) -> String {
        let mut out = String::new();
        context_after_into(text, at, n, &mut out);
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
            s in "([ \t\n\r\u{b}\u{c}\u{85}\u{a0}\u{2009}\u{3000}]|[a-z\u{e9}\u{201c}\u{1f600}]){0,24}"
        ) {
            let mut out = String::new();
            fold_space_into(&s, &mut out);
            proptest::prop_assert_eq!(out, fold_reference(&s));
        }
    }

    #[test]
    fn context_is_char_safe_and_folds_space() {
        let t = "ab\u{e9}\n\ncd XYZ ef\tg";
        let at = t.find("XYZ").unwrap();
        assert_eq!(context_before(t, at, 4), " cd ");
        assert_eq!(context_before(t, at, 100), "ab\u{e9} cd ");
        assert_eq!(context_after(t, at + 3, 3), " ef");
        assert_eq!(context_after(t, at + 3, 0), "");
        assert_eq!(context_before(t, at, 0), "");
    }
}
