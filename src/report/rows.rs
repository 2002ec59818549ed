//! The per-article reports: `articles.csv` (one row per article), `matches.csv` (one row per
//! match, with context) and `skipped.csv` (one row per skipped record). Columns are documented
//! in `reports/README.md`; keep the two in step.

use crate::Result;
use crate::diag::Skip;
use crate::input::Article;
use crate::lexicon::Lexicon;
use crate::score::{ArticleScore, Categories};

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
    /// The id of the first article of this article's wire-copy cluster, when it is a copy.
    pub duplicate_of: Option<String>,
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
    context: usize,
    group_count: usize,
}

impl RowWriter {
    pub fn new(
        reports: &Reports,
        group_fields: &[String],
        categories: &Categories,
        context: usize,
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
            context,
            group_count: group_fields.len(),
        })
    }

    /// Write one scored article and its matches.
    pub fn article(
        &mut self,
        article: &Article,
        place: &Placement,
        score: &ArticleScore,
        lexicons: &[Lexicon],
    ) -> Result<()> {
        debug_assert_eq!(place.groups.len(), self.group_count);
        let mut row: Vec<Cell<'_>> =
            Vec::with_capacity(16 + place.groups.len() + 10 * score.counts.len());
        row.push(Cell::Text(&article.id));
        row.extend(place.groups.iter().map(|g| Cell::Text(g)));
        row.push(Cell::Text(place.duplicate_of.as_deref().unwrap_or("")));
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
        self.articles.row(&row)?;

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
            let left = context_before(text, start, self.context);
            let right = context_after(text, end, self.context);
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
            self.matches.row(&row)?;
        }
        self.quotations(article, place, score)
    }

    /// Write the article's quotations.
    fn quotations(
        &mut self,
        article: &Article,
        place: &Placement,
        score: &ArticleScore,
    ) -> Result<()> {
        for (i, q) in score.quotes.iter().enumerate() {
            let text = q.part.text_of(article);
            let inner = text.get(q.start as usize..q.end as usize).unwrap_or("");
            let shown = context_after(inner, 0, QUOTE_TEXT_CHARS);
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
            row.push(Cell::Text(&shown));
            self.quotations.row(&row)?;
        }
        Ok(())
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

/// count per 1,000 words; empty when there are no words.
fn rate(count: u32, words: u32) -> Cell<'static> {
    if words == 0 {
        Cell::Empty
    } else {
        Cell::Float(f64::from(count) * 1000.0 / f64::from(words))
    }
}

/// Up to `n` characters before byte `at`, with white space runs folded to one space.
pub fn context_before(text: &str, at: usize, n: usize) -> String {
    let head = text.get(..at).unwrap_or("");
    let start = head
        .char_indices()
        .rev()
        .nth(n.saturating_sub(1))
        .map_or(0, |(i, _)| i);
    let start = if n == 0 { at } else { start };
    fold_space(head.get(start..).unwrap_or(""))
}

/// Up to `n` characters after byte `at`, with white space runs folded to one space.
pub fn context_after(text: &str, at: usize, n: usize) -> String {
    let tail = text.get(at..).unwrap_or("");
    let end = tail.char_indices().nth(n).map_or(tail.len(), |(i, _)| i);
    fold_space(tail.get(..end).unwrap_or(""))
}

fn fold_space(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
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

#[cfg(test)]
mod tests {
    use super::*;

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
