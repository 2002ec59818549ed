//! Encoding an article's rows of `articles.csv`, `matches.csv` and `quotations.csv` into
//! bytes, on the scoring threads.

use crate::input::Article;
use crate::lexicon::Lexicon;
use crate::report::Cell;
use crate::report::csv::{encode_cells, int_cell, text_cell};
use crate::score::{ArticleScore, CategoryCount, ScoredMatch};

use super::context::{context_after, context_before, context_cell};
use super::{EncodedArticle, LateMatches, MatchRows, Omitted, Placement, QUOTE_TEXT_CHARS};

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
        let (device, not_device) = match q.device {
            Ok(d) => (d.name(), ""),
            Err(why) => ("", why.name()),
        };
        text_cell(line, device);
        text_cell(line, not_device);
        context_cell(line, context_after(inner, 0, QUOTE_TEXT_CHARS), scratch);
        line.pop();
        line.push(b'\n');
    }
}

/// Append the `matches.csv` rows of `matches`, each beginning with `prefix` (`id`, groups,
/// `period` and a comma).
pub(super) fn push_match_rows(
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
