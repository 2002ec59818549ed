//! Per group × period accumulators and the rows of `groups.csv`.
//!
//! Medians and standard deviations are exact, so every article's values are kept: per cell,
//! one compact record per article (see `spill`: about 100–150 bytes for a news article).
//! Past a memory budget the records move to a temporary file, so memory stays flat however
//! large the corpus. The rows are computed at the end a few cells at a time: the records of
//! those cells are decoded (from the file, then from memory) into per-article columns, in
//! input order, so the numbers are the same bit for bit wherever the records were. A cell
//! too large for the budget is decoded once per block of categories.

use std::collections::BTreeMap;
use std::ops::Range;

use rayon::prelude::*;

use super::stats::{self, Summary};
use super::{Tally, join_note};
use crate::Result;
use crate::score::SlantSums;

mod spill;
#[cfg(test)]
mod tests;

use spill::{Spill, Values};

/// Bytes of records held in memory before they move to the temporary file.
const HELD_BUDGET: usize = 2 << 20;
/// Roughly what the decoded cells may take while the rows are computed. Each pass reads only
/// its cells' blocks, so the file is read about once whatever the budget (a cell decoded a
/// block of categories at a time is read once per block).
const DECODE_BUDGET: usize = 4 << 20;
/// The rows of `groups.csv` are computed in parallel, in tasks of about this many article
/// values (a row of a cell of n articles reads n values, and sorts them for the median), so
/// that one large cell is shared out as evenly as many small ones; a task has at most
/// [`ROWS_PER_TASK`] rows.
const VALUES_PER_TASK: usize = 1 << 16;
const ROWS_PER_TASK: usize = 256;
/// Tasks run before their rows are handed on in order: at most this many, and at most this
/// many values in all (at least one task), so that the rows held and the values in flight stay
/// a few megabytes; a cell whose rows read more than that runs one row at a time, as the
/// rows of one thread would.
const TASKS_PER_BATCH: usize = 64;
const VALUES_PER_BATCH: usize = 1 << 22;

/// Where an article is counted: its group values and period label.
#[derive(Debug, Clone, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct CellKey {
    pub groups: Vec<String>,
    pub period: String,
}

/// The records of one cell, and their tally.
#[derive(Debug, Default)]
struct Records {
    articles: u64,
    /// Non-zero category counts, and articles with weighted word choices, over all records.
    entries: u64,
    slants: u64,
    /// The records not yet moved to the file, in input order.
    held: Vec<u8>,
}

impl Records {
    /// Roughly the bytes the cell takes decoded, while its rows are computed.
    fn decoded_size(&self) -> u64 {
        32 * self.articles + 16 * self.entries + 56 * self.slants
    }
}

/// The articles of one cell, decoded: per-article columns in input order.
#[derive(Debug, Default)]
struct Cell {
    words: Vec<u32>,
    narrator_words: Vec<u32>,
    sentences: Vec<u32>,
    paragraphs: Vec<u32>,
    quotations: Vec<u32>,
    /// (category, article index in this cell, n, narrator n) for non-zero counts only,
    /// sorted (see [`Cell::counts_of`]).
    counts: Vec<(u32, u32, u32, u32)>,
    /// Articles with weighted word choices: (article index, all voices, narrator voice).
    slants: Vec<(u32, SlantSums, SlantSums)>,
}

impl Cell {
    /// An empty cell with room for the records of `r`, all of whose counts are kept.
    fn for_records(r: &Records) -> Self {
        let n = usize::try_from(r.articles).unwrap_or(0);
        let column = || Vec::with_capacity(n);
        Cell {
            words: column(),
            narrator_words: column(),
            sentences: column(),
            paragraphs: column(),
            quotations: column(),
            counts: Vec::with_capacity(usize::try_from(r.entries).unwrap_or(0)),
            slants: Vec::with_capacity(usize::try_from(r.slants).unwrap_or(0)),
        }
    }

    /// The non-zero counts of one category, as (category, article index, n, narrator n) in
    /// article order; the counts must be sorted.
    fn counts_of(&self, category: usize) -> &[(u32, u32, u32, u32)] {
        let c = category as u32;
        let start = self.counts.partition_point(|e| e.0 < c);
        let end = self.counts.partition_point(|e| e.0 <= c);
        self.counts.get(start..end).unwrap_or(&[])
    }

    /// Appends one article, keeping the counts of `categories` only.
    fn push(&mut self, v: &Values, categories: &Range<usize>) {
        let index = self.words.len() as u32;
        self.words.push(v.words);
        self.narrator_words.push(v.narrator_words);
        self.sentences.push(v.sentences);
        self.paragraphs.push(v.paragraphs);
        self.quotations.push(v.quotations);
        if let Some((all, narrator)) = v.slant {
            self.slants.push((index, all, narrator));
        }
        for &(c, n, narrator_n) in &v.counts {
            if categories.contains(&(c as usize)) {
                self.counts.push((c, index, n, narrator_n));
            }
        }
    }
}

/// Everything `groups.csv` says about one metric in one cell.
#[derive(Debug, Clone, PartialEq)]
pub struct GroupRow<'a> {
    pub key: &'a CellKey,
    pub metric: String,
    /// Articles whose value is defined (a rate needs at least one word).
    pub articles: usize,
    pub words: u64,
    pub total: u64,
    /// total / words × 1000 for rate metrics; `None` for plain article metrics.
    pub pooled_per_1k: Option<f64>,
    /// A pooled ratio: Σ weight ⁄ Σ |weight| for `slant`, quoted words ⁄ words for
    /// `quoted_words`; `None` elsewhere.
    pub pooled_ratio: Option<f64>,
    pub summary: Summary,
    /// Why some cells are empty.
    pub note: String,
}

/// Reads one plain per-article value from a cell.
type Getter = fn(&Cell, usize) -> u32;

/// How a metric's per-article value is computed.
#[derive(Clone, Copy)]
enum Metric {
    Plain(Getter),
    Slant { narrator: bool },
    Rate { category: usize, narrator: bool },
}

const PLAIN: [(&str, Getter); 6] = [
    ("words", |c, i| c.words[i]),
    ("narrator_words", |c, i| c.narrator_words[i]),
    ("quoted_words", |c, i| c.words[i] - c.narrator_words[i]),
    ("sentences", |c, i| c.sentences[i]),
    ("paragraphs", |c, i| c.paragraphs[i]),
    ("quotations", |c, i| c.quotations[i]),
];

/// Accumulates article scores by group × period.
#[derive(Debug)]
pub struct GroupTable {
    categories: usize,
    /// See [`HELD_BUDGET`] and [`DECODE_BUDGET`].
    held_budget: usize,
    decode_budget: usize,
    /// Cell key -> cell number (an index into `cells`).
    keys: BTreeMap<CellKey, usize>,
    cells: Vec<Records>,
    /// Bytes the cells' in-memory records take (their buffers' capacity).
    held: usize,
    /// Where records go past the budget, once they have.
    spill: Option<Spill>,
    /// Why the file could not be written: reported with the rows, since [`GroupTable::add`]
    /// cannot fail. Records after the failure are dropped (the run fails anyway).
    failed: Option<String>,
}

/// A share of the rows computed together: some cells (positions in key order), and which of
/// their metrics — the article and slant metrics or not, and a range of categories.
#[derive(Debug, Clone, PartialEq)]
struct Unit {
    cells: Range<usize>,
    plain: bool,
    categories: Range<usize>,
}

impl GroupTable {
    pub fn new(categories: usize) -> Self {
        GroupTable::with_budgets(categories, HELD_BUDGET, DECODE_BUDGET)
    }

    /// A table that keeps at most about `held` bytes of records in memory and decodes about
    /// `decode` bytes of cells at a time.
    fn with_budgets(categories: usize, held: usize, decode: usize) -> Self {
        GroupTable {
            categories,
            held_budget: held.max(1),
            decode_budget: decode.max(1),
            keys: BTreeMap::new(),
            cells: Vec::new(),
            held: 0,
            spill: None,
            failed: None,
        }
    }

    /// Count one article in its cell.
    pub fn add(&mut self, key: CellKey, score: &Tally) {
        if self.failed.is_some() {
            return;
        }
        let number = match self.keys.get(&key) {
            Some(&n) => n,
            None => {
                self.keys.insert(key, self.cells.len());
                self.cells.push(Records::default());
                self.cells.len() - 1
            }
        };
        let Some(cell) = self.cells.get_mut(number) else {
            return;
        };
        let before = cell.held.capacity();
        let encoded = spill::encode(score, self.categories, &mut cell.held);
        cell.articles += 1;
        cell.entries += encoded.entries;
        cell.slants += u64::from(encoded.slant);
        self.held += cell.held.capacity() - before;
        if self.held > self.held_budget {
            if let Err(e) = self.move_to_file() {
                self.failed = Some(e.message);
            }
        }
    }

    /// Moves every cell's held records to the temporary file, as one block per cell.
    fn move_to_file(&mut self) -> Result<()> {
        let spill = match &mut self.spill {
            Some(spill) => spill,
            None => self.spill.insert(Spill::new()),
        };
        for (number, cell) in self.cells.iter_mut().enumerate() {
            if !cell.held.is_empty() {
                spill.block(number, &cell.held)?;
                cell.held = Vec::new();
            }
        }
        self.held = 0;
        Ok(())
    }

    /// The cells in key order: (key, cell number).
    fn sorted(&self) -> Vec<(&CellKey, usize)> {
        self.keys.iter().map(|(k, &n)| (k, n)).collect()
    }

    /// Cuts the rows into units whose decoded cells fit the budget: consecutive whole cells,
    /// or one cell's categories in blocks when the cell alone is over it.
    fn units(&self, sorted: &[(&CellKey, usize)]) -> Vec<Unit> {
        let budget = self.decode_budget as u64;
        let all = 0..self.categories;
        let mut units: Vec<Unit> = Vec::new();
        // The decoded size of the last unit, when more whole cells may join it.
        let mut open: Option<u64> = None;
        for (position, &(_, number)) in sorted.iter().enumerate() {
            let cell_size = self.cells.get(number).map_or(0, Records::decoded_size);
            if cell_size > budget {
                let blocks = cell_size
                    .div_ceil(budget)
                    .min(self.categories.max(1) as u64);
                let per_block = self.categories.div_ceil(blocks as usize).max(1);
                let mut start = 0;
                loop {
                    let end = (start + per_block).min(self.categories);
                    units.push(Unit {
                        cells: position..position + 1,
                        plain: start == 0,
                        categories: start..end,
                    });
                    if end >= self.categories {
                        break;
                    }
                    start = end;
                }
                open = None;
                continue;
            }
            match (units.last_mut(), open) {
                (Some(unit), Some(size)) if size + cell_size <= budget => {
                    unit.cells.end = position + 1;
                    open = Some(size + cell_size);
                }
                _ => {
                    units.push(Unit {
                        cells: position..position + 1,
                        plain: true,
                        categories: all.clone(),
                    });
                    open = Some(cell_size);
                }
            }
        }
        units
    }

    /// Hands `visit` every record of the cells `wanted` maps to a slot (cell number -> slot),
    /// each cell's records in input order: first those in the file, then those in memory.
    fn scan(&self, wanted: &[Option<usize>], mut visit: impl FnMut(usize, &Values)) -> Result<()> {
        if let Some(message) = &self.failed {
            return Err(crate::Error::failure(message.clone()));
        }
        let slot_of = |number: usize| wanted.get(number).copied().flatten();
        let mut values = Values::default();
        let mut records = |slot: usize, mut bytes: &[u8], corrupt: &dyn Fn() -> crate::Error| {
            while !bytes.is_empty() {
                spill::decode(&mut bytes, &mut values).ok_or_else(corrupt)?;
                visit(slot, &values);
            }
            Ok::<(), crate::Error>(())
        };
        if let Some(spill) = &self.spill {
            spill.read(
                |number| slot_of(number).is_some(),
                |number, bytes| match slot_of(number) {
                    Some(slot) => records(slot, bytes, &|| spill.corrupt()),
                    None => Ok(()),
                },
            )?;
        }
        for (number, cell) in self.cells.iter().enumerate() {
            if let Some(slot) = slot_of(number) {
                records(slot, &cell.held, &|| {
                    crate::Error::failure("groups.csv: a record in memory does not decode")
                })?;
            }
        }
        Ok(())
    }

    /// For the cells at `positions` of `sorted`, which cell number goes to which slot.
    fn slots(&self, sorted: &[(&CellKey, usize)], positions: Range<usize>) -> Vec<Option<usize>> {
        let mut wanted = vec![None; self.cells.len()];
        for (slot, &(_, number)) in sorted.get(positions).unwrap_or(&[]).iter().enumerate() {
            if let Some(w) = wanted.get_mut(number) {
                *w = Some(slot);
            }
        }
        wanted
    }

    /// Every row of `groups.csv`, in order: cells sorted by key, then the plain article
    /// metrics, then `<cat>.per_1k` and `<cat>.narrator_per_1k` for each category in order.
    /// Rows are computed in parallel, in tasks of a few rows (see `VALUES_PER_TASK`): each
    /// task folds its rows, in order, into a value `start` makes, and `take` gets the values
    /// in row order, so the output is the same for any number of threads. Fails when the
    /// temporary file could not be written or read.
    pub fn fold_rows<T: Send>(
        &self,
        category_names: &[String],
        start: impl Fn() -> T + Sync,
        fold: impl Fn(&mut T, GroupRow<'_>) + Sync,
        mut take: impl FnMut(T) -> Result<()> + Send,
    ) -> Result<()> {
        let metrics = metrics(category_names);
        let sorted = self.sorted();
        for unit in self.units(&sorted) {
            let unit_cells = sorted.get(unit.cells.clone()).unwrap_or(&[]);
            let mut cells: Vec<Cell> = unit_cells
                .iter()
                .map(|&(_, number)| {
                    let mut cell = self
                        .cells
                        .get(number)
                        .map_or_else(Cell::default, Cell::for_records);
                    if unit.categories != (0..self.categories) {
                        cell.counts = Vec::new(); // room for some categories only
                    }
                    cell
                })
                .collect();
            self.scan(&self.slots(&sorted, unit.cells.clone()), |slot, values| {
                if let Some(cell) = cells.get_mut(slot) {
                    cell.push(values, &unit.categories);
                }
            })?;
            // (category, article) pairs are unique, so any sort gives this order. By radix
            // (two or three passes: categories and a cell's article numbers are small), as
            // the comparison sort took a sixth of `groups.csv`'s samples at 1 GB.
            cells
                .par_iter_mut()
                .for_each(|c| radsort::sort_by_key(&mut c.counts, |&(c, a, _, _)| (c, a)));
            let plain = if unit.plain { 0..PLAIN.len() + 2 } else { 0..0 };
            let rates = PLAIN.len() + 2 + 2 * unit.categories.start
                ..PLAIN.len() + 2 + 2 * unit.categories.end;
            // The unit's rows in order, as (cell slot, metric), cut into tasks.
            let jobs: Vec<(usize, usize)> = (0..cells.len())
                .flat_map(|slot| plain.clone().chain(rates.clone()).map(move |m| (slot, m)))
                .collect();
            let tasks = tasks(&jobs, |slot| cells.get(slot).map_or(0, |c| c.words.len()));
            let batches = batches(&tasks);
            crate::ordered::for_each_in_order(
                batches.iter().map(|b| tasks.get(b.clone()).unwrap_or(&[])),
                |(task, _)| {
                    let mut value = start();
                    for &(slot, m) in jobs.get(task.clone()).unwrap_or(&[]) {
                        if let (Some((key, _)), Some(cell), Some((name, how))) =
                            (unit_cells.get(slot), cells.get(slot), metrics.get(m))
                        {
                            fold(&mut value, row(key, cell, name.clone(), *how));
                        }
                    }
                    value
                },
                &mut take,
            )?;
        }
        Ok(())
    }

    /// Folds each cell's articles, in input order, into a value `start` makes, and hands
    /// `visit` each cell's key and value in key order (for `choices.csv`). `add` sees one
    /// article's non-zero category counts, as (category, n, narrator n) in category order.
    /// `size` is about the bytes a value takes: a pass folds as many cells as fit the budget.
    pub fn fold_cells<A>(
        &self,
        size: usize,
        mut start: impl FnMut() -> A,
        mut add: impl FnMut(&mut A, &[(u32, u32, u32)]),
        mut visit: impl FnMut(&CellKey, A) -> Result<()>,
    ) -> Result<()> {
        let sorted = self.sorted();
        let per_pass = (self.decode_budget / size.max(1)).max(1);
        let mut first = 0;
        while first < sorted.len() {
            let end = (first + per_pass).min(sorted.len());
            let mut values: Vec<A> = (first..end).map(|_| start()).collect();
            self.scan(&self.slots(&sorted, first..end), |slot, article| {
                if let Some(value) = values.get_mut(slot) {
                    add(value, &article.counts);
                }
            })?;
            for (&(key, _), value) in sorted.get(first..end).unwrap_or(&[]).iter().zip(values) {
                visit(key, value)?;
            }
            first = end;
        }
        Ok(())
    }
}

/// Cuts `jobs` (rows, as (cell slot, metric)) into consecutive tasks of about
/// [`VALUES_PER_TASK`] values each, a row of cell `slot` reading `articles(slot)` of them (at
/// least 1): each task's rows, and its values.
fn tasks(jobs: &[(usize, usize)], articles: impl Fn(usize) -> usize) -> Vec<(Range<usize>, usize)> {
    let mut tasks = Vec::new();
    let (mut start, mut values) = (0, 0);
    for (i, &(slot, _)) in jobs.iter().enumerate() {
        values += articles(slot).max(1);
        if values >= VALUES_PER_TASK || i + 1 - start >= ROWS_PER_TASK {
            tasks.push((start..i + 1, values));
            (start, values) = (i + 1, 0);
        }
    }
    if start < jobs.len() {
        tasks.push((start..jobs.len(), values));
    }
    tasks
}

/// Cuts `tasks` into consecutive batches of at most [`TASKS_PER_BATCH`] tasks and
/// [`VALUES_PER_BATCH`] values, each of at least one task.
fn batches(tasks: &[(Range<usize>, usize)]) -> Vec<Range<usize>> {
    let mut batches = Vec::new();
    let (mut start, mut values) = (0, 0);
    for (i, &(_, v)) in tasks.iter().enumerate() {
        if i > start && (i - start >= TASKS_PER_BATCH || values + v > VALUES_PER_BATCH) {
            batches.push(start..i);
            (start, values) = (i, 0);
        }
        values += v;
    }
    if start < tasks.len() {
        batches.push(start..tasks.len());
    }
    batches
}

/// Every metric of a cell, in row order: the plain article metrics, the two slants, then two
/// rates per category.
fn metrics(category_names: &[String]) -> Vec<(String, Metric)> {
    PLAIN
        .iter()
        .map(|(name, f)| (name.to_string(), Metric::Plain(*f)))
        .chain([
            ("slant".to_string(), Metric::Slant { narrator: false }),
            (
                "narrator_slant".to_string(),
                Metric::Slant { narrator: true },
            ),
        ])
        .chain(category_names.iter().enumerate().flat_map(|(c, name)| {
            [
                (
                    format!("{name}.per_1k"),
                    Metric::Rate {
                        category: c,
                        narrator: false,
                    },
                ),
                (
                    format!("{name}.narrator_per_1k"),
                    Metric::Rate {
                        category: c,
                        narrator: true,
                    },
                ),
            ]
        }))
        .collect()
}

fn row<'a>(key: &'a CellKey, cell: &Cell, metric: String, how: Metric) -> GroupRow<'a> {
    let n = cell.words.len();
    match how {
        Metric::Plain(f) => {
            let mut values: Vec<f64> = (0..n).map(|i| f64::from(f(cell, i))).collect();
            let total = (0..n).map(|i| u64::from(f(cell, i))).sum();
            let summary = stats::summarize(&mut values);
            let words: u64 = cell.words.iter().map(|&w| u64::from(w)).sum();
            let pooled_ratio =
                (metric == "quoted_words" && words > 0).then(|| total as f64 / words as f64);
            GroupRow {
                key,
                metric,
                articles: n,
                words,
                total,
                pooled_per_1k: None,
                pooled_ratio,
                note: summary_note(&summary),
                summary,
            }
        }
        Metric::Slant { narrator } => {
            let mut pooled = SlantSums::default();
            let mut values = Vec::with_capacity(cell.slants.len());
            let mut words = 0u64;
            for (i, all, narr) in &cell.slants {
                let sums = if narrator { narr } else { all };
                if let Some(r) = sums.ratio() {
                    values.push(r);
                    pooled.merge(sums);
                    words += u64::from(cell.words.get(*i as usize).copied().unwrap_or(0));
                }
            }
            let summary = stats::summarize(&mut values);
            let mut note = summary_note(&summary);
            if values.len() < n {
                join_note(
                    &mut note,
                    &format!(
                        "{} articles without weighted word choices left out",
                        n - values.len()
                    ),
                );
            }
            GroupRow {
                key,
                metric,
                articles: values.len(),
                words,
                total: u64::from(pooled.matches),
                pooled_per_1k: None,
                pooled_ratio: pooled.ratio(),
                summary,
                note,
            }
        }
        Metric::Rate { category, narrator } => {
            let words_of = |i: usize| {
                if narrator {
                    cell.narrator_words[i]
                } else {
                    cell.words[i]
                }
            };
            let mut counts = vec![0u32; n];
            for &(_, i, all, narr) in cell.counts_of(category) {
                counts[i as usize] = if narrator { narr } else { all };
            }
            let mut values = Vec::with_capacity(n);
            let (mut words, mut total) = (0u64, 0u64);
            for (i, &k) in counts.iter().enumerate() {
                let w = words_of(i);
                if w > 0 {
                    values.push(f64::from(k) * 1000.0 / f64::from(w));
                    words += u64::from(w);
                    total += u64::from(k);
                }
            }
            let summary = stats::summarize(&mut values);
            let mut note = summary_note(&summary);
            if values.len() < n {
                let missing = n - values.len();
                let what = if narrator {
                    "no narrator words"
                } else {
                    "no words"
                };
                join_note(
                    &mut note,
                    &format!("{missing} articles with {what} left out"),
                );
            }
            let pooled = (words > 0).then(|| total as f64 * 1000.0 / words as f64);
            if words == 0 {
                join_note(&mut note, "pooled rate undefined: no words");
            }
            GroupRow {
                key,
                metric,
                articles: values.len(),
                words,
                total,
                pooled_per_1k: pooled,
                pooled_ratio: None,
                summary,
                note,
            }
        }
    }
}

fn summary_note(s: &Summary) -> String {
    match s.n {
        0 => "no articles with a defined value".into(),
        1 => "sd, se and CI need at least 2 articles".into(),
        _ if s.ci95.is_some() => String::new(),
        _ if s.sd == Some(0.0) => "every article has the same value: no CI".into(),
        _ => "CI: a value too large or too small to compute".into(),
    }
}
