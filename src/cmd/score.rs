//! `slant score`: read the corpus, score every article, write the reports. Wiring only: a
//! reader thread streams records in batches; each batch is scored in parallel (rayon, input
//! order kept); one consumer writes rows and diagnostics in input order, so the reports are
//! byte-identical whatever the thread count.

use std::ops::ControlFlow;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::sync_channel;
use std::time::Instant;

use rayon::prelude::*;

use crate::aggregate::groups::{CellKey, GroupTable};
use crate::aggregate::period;
use crate::aggregate::targets::TargetTable;
use crate::aggregate::terms::TermTable;
use crate::cancel::Cancel;
use crate::config::ScoreConfig;
use crate::diag::{Diagnostics, Skip, Warning};
use crate::ids::Ids;
use crate::input::{self, Article, Item};
use crate::progress::Progress;
use crate::report::rows::{EncodedArticle, Placement, RowWriter, encode_article};
use crate::report::run::{LexiconRecord, MAX_LISTED_WARNINGS, RunRecord};
use crate::report::{Reports, tables};
use crate::score::targets::Targets;
use crate::score::{ArticleScore, Scorer, Workspace};
use crate::wire::DuplicateIndex;
use crate::{Error, Result};

/// Records per batch handed to the scorers; big enough to keep every core busy, small enough
/// to keep memory flat.
const BATCH_RECORDS: usize = 256;
/// Or fewer, once a batch holds this many bytes of text.
const BATCH_BYTES: usize = 8 << 20;

/// What a finished run tells the user.
#[derive(Debug)]
pub struct Summary {
    pub articles: u64,
    pub skipped: u64,
    pub warnings: usize,
    pub matches: u64,
    pub seconds: f64,
    /// Stored bytes read (compressed size for `.gz`).
    pub bytes: u64,
    /// Bytes of article text (titles and bodies) scored.
    pub text_bytes: u64,
}

/// How articles are grouped, decided from the first article read.
#[derive(Debug)]
struct Grouping {
    /// Fields to read; empty means the single group `all` (column `group`).
    fields: Vec<String>,
}

impl Grouping {
    /// The report columns for the group: the fields, or `group` when there are none.
    fn columns(&self) -> Vec<String> {
        if self.fields.is_empty() {
            vec!["group".into()]
        } else {
            self.fields.clone()
        }
    }

    fn decide(cfg: &ScoreConfig, first: &Article) -> Result<Self> {
        let has = |name: &str| first.field(name).is_some() || name == cfg.input.date_field;
        match &cfg.group_by {
            Some(fields) => {
                if let Some(missing) = fields.iter().find(|f| !has(f)) {
                    let mut available: Vec<&str> =
                        first.fields.iter().map(|(k, _)| k.as_str()).collect();
                    if first.date.is_some() {
                        available.push(&cfg.input.date_field);
                    }
                    return Err(Error::usage(format!(
                        "--group-by: unknown field '{missing}' (the first record, {}:{}, has: {})",
                        first.file,
                        first.record,
                        if available.is_empty() {
                            "no metadata fields".to_string()
                        } else {
                            available.join(", ")
                        }
                    )));
                }
                Ok(Grouping {
                    fields: fields.clone(),
                })
            }
            None => {
                for default in ["outlet", "source"] {
                    if first.field(default).is_some() {
                        return Ok(Grouping {
                            fields: vec![default.into()],
                        });
                    }
                }
                Ok(Grouping { fields: Vec::new() })
            }
        }
    }

    fn values(&self, a: &Article, date_field: &str) -> Vec<String> {
        if self.fields.is_empty() {
            return vec!["all".into()];
        }
        self.fields
            .iter()
            .map(|f| {
                a.field(f)
                    .map(str::to_string)
                    .or_else(|| {
                        if f == date_field {
                            a.date.clone()
                        } else {
                            None
                        }
                    })
                    .unwrap_or_default()
            })
            .collect()
    }
}

/// The consumer's state: writes rows, keeps the diagnostics.
struct Consumer<'a> {
    cfg: &'a ScoreConfig,
    scorer: &'a Scorer,
    reports: &'a Reports,
    writer: Option<RowWriter>,
    grouping: Option<Grouping>,
    diag: Diagnostics,
    /// Every article's id by input number, and where each id was first seen.
    ids: Ids,
    groups: GroupTable,
    terms: TermTable,
    targets: TargetTable,
    /// Wire-copy detection: the index, copies found.
    copies: DuplicateIndex,
    duplicates: u64,
    missing_group_field: u64,
    articles: u64,
    records: u64,
    matches: u64,
    text_bytes: u64,
}

impl Consumer<'_> {
    /// The error that ends an interrupted run: how far it got, and that nothing was written.
    fn interrupted(&self, signal: i32, read: u64) -> Error {
        let name = match signal {
            2 => "Ctrl-C (SIGINT)".to_string(),
            15 => "SIGTERM".to_string(),
            n => format!("signal {n}"),
        };
        Error::interrupted(
            signal,
            format!(
                "interrupted by {name} after reading {read} records and scoring {} articles; no \
                 report was written, the reports already in {} are unchanged",
                self.articles,
                self.cfg.out.display()
            ),
        )
    }

    fn skip(&mut self, skip: Skip) -> Result<()> {
        // Record 0 stands for a whole file that could not be read: not a record.
        if skip.record > 0 {
            self.records += 1;
        }
        if self.cfg.strict {
            return Err(Error::failure(format!(
                "{}:{}: {} (--strict stops at the first record that cannot be read)",
                skip.file, skip.record, skip.reason
            )));
        }
        if let Some(w) = self.writer.as_mut() {
            w.skip(&skip)?;
        }
        self.diag.skip(skip);
        Ok(())
    }

    /// Decide the grouping from the first article read and open the row writer.
    fn start(&mut self, first: &Article) -> Result<()> {
        if self.grouping.is_some() {
            return Ok(());
        }
        let grouping = Grouping::decide(self.cfg, first)?;
        self.open(grouping)
    }

    /// Open the row writer for a grouping, writing the records skipped so far.
    fn open(&mut self, grouping: Grouping) -> Result<()> {
        let mut writer =
            RowWriter::new(self.reports, &grouping.columns(), &self.scorer.categories)?;
        for skip in &self.diag.skips {
            writer.skip(skip)?;
        }
        self.writer = Some(writer);
        self.grouping = Some(grouping);
        Ok(())
    }

    /// The in-order part of handling an article: diagnostics, wire-copy detection, writing
    /// its (already encoded) rows, and aggregation.
    fn article(&mut self, article: &Article, prepared: Prepared) -> Result<()> {
        self.records += 1;
        let Prepared {
            score,
            place,
            encoded,
            date_problem,
            missing_group_field,
        } = prepared;
        let Some(writer) = self.writer.as_mut() else {
            return Ok(());
        };
        self.missing_group_field += u64::from(missing_group_field);
        if let Some(problem) = date_problem {
            self.diag.warn(at(article, problem));
        }
        if article.invalid_utf8 {
            self.diag.warn(at(
                article,
                "invalid UTF-8 bytes were replaced with U+FFFD".into(),
            ));
        }
        if let Some((file, record)) = self.ids.insert(&article.id, &article.file, article.record) {
            self.diag.warn(at(
                article,
                format!(
                    "duplicate id '{}' (first seen at {file}:{record}); both are kept",
                    article.id
                ),
            ));
        }
        let index = u32::try_from(self.articles).unwrap_or(u32::MAX);
        let first = match &score.fingerprint {
            Some(fp) => self.copies.insert(index, fp)?,
            None => None,
        };
        let duplicate_of = first
            .and_then(|i| self.ids.get(i as usize))
            .map(|id| id.to_string());
        let copy = duplicate_of.is_some();
        self.duplicates += u64::from(copy);
        writer.article(&encoded, duplicate_of.as_deref())?;
        if !(copy && self.cfg.dedupe) {
            self.terms.add(&place.groups, &score);
            let key = CellKey {
                groups: place.groups,
                period: place.period,
            };
            self.targets.add(&key, &score.mentions);
            self.groups.add(key, &score);
        }
        self.articles += 1;
        self.matches += score.matches.len() as u64;
        self.text_bytes += (article.title.len() + article.text.len()) as u64;
        Ok(())
    }
}

/// What the scoring threads hand the consumer for one article.
struct Prepared {
    score: ArticleScore,
    place: Placement,
    encoded: EncodedArticle,
    /// Why the period is empty, when `--period` was asked for and the date did not serve.
    date_problem: Option<String>,
    missing_group_field: bool,
}

/// Score an article and encode its rows: the parallel, pure part of the pipeline.
fn prepare(
    cfg: &ScoreConfig,
    scorer: &Scorer,
    grouping: &Grouping,
    article: &Article,
    ws: &mut Workspace,
) -> Prepared {
    let score = scorer.score(article, ws);
    let groups = grouping.values(article, &cfg.input.date_field);
    let missing_group_field = grouping
        .fields
        .iter()
        .any(|f| article.field(f).is_none() && *f != cfg.input.date_field);
    let (period, date_problem) = match cfg.period {
        None => (String::new(), None),
        Some(p) => match article.date.as_deref().map(|d| (d, period::parse_date(d))) {
            Some((_, Some(date))) => (period::period_label(date, p), None),
            Some((raw, None)) => (
                String::new(),
                Some(format!("date '{raw}' could not be read; period left empty")),
            ),
            None => (
                String::new(),
                Some("no date; period left empty".to_string()),
            ),
        },
    };
    let place = Placement { groups, period };
    let encoded = encode_article(article, &place, &score, &scorer.lexicons, cfg.context);
    Prepared {
        score,
        place,
        encoded,
        date_problem,
        missing_group_field,
    }
}

fn at(article: &Article, message: String) -> Warning {
    Warning {
        file: article.file.to_string(),
        record: Some(article.record),
        id: Some(article.id.clone()),
        message,
    }
}

/// Run `slant score`. When `cancel` is raised, reading and writing stop at the next record and
/// the run ends with an [`Error::interrupted`] before any report is committed.
pub fn run(cfg: &ScoreConfig, command_line: Vec<String>, cancel: &Cancel) -> Result<Summary> {
    let started = Instant::now();
    let mut scorer = Scorer::new(cfg.lexicons.lexicons.clone())?;
    if let Some((lexicons, window)) = &cfg.targets {
        scorer.targets = Some(Targets::new(lexicons.clone(), *window)?);
    }
    let scorer = scorer;
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(cfg.threads)
        .build()
        .map_err(|e| Error::failure(format!("cannot start worker threads: {e}")))?;
    let mut reports = Reports::create(&cfg.out)?;
    let stale = reports.stale_temp_files();
    let progress_bytes = AtomicU64::new(0);
    let progress = Progress::new(input::total_size(&cfg.inputs), cfg.quiet);
    let mut consumer = Consumer {
        cfg,
        scorer: &scorer,
        reports: &reports,
        writer: None,
        grouping: None,
        diag: Diagnostics::default(),
        groups: GroupTable::new(scorer.categories.names.len()),
        terms: TermTable::default(),
        targets: TargetTable::default(),
        copies: DuplicateIndex::new(cfg.dup_threshold),
        ids: Ids::default(),
        duplicates: 0,
        missing_group_field: 0,
        articles: 0,
        records: 0,
        matches: 0,
        text_bytes: 0,
    };
    for w in &cfg.lexicons.warnings {
        consumer.diag.warn(w.clone());
    }
    if let Some(first) = stale.first() {
        consumer.diag.warn(Warning::new(
            cfg.out.display().to_string(),
            None,
            format!(
                "{} temporary files of an earlier run that was killed are in this folder \
                 (such as {first}); they are safe to delete once no other slant run writes here",
                stale.len()
            ),
        ));
    }
    let read_count = AtomicU64::new(0);

    let (tx, rx) = sync_channel::<Vec<Item>>(4);
    let scoped = std::thread::scope(|s| -> Result<_> {
        let reader = s.spawn(|| {
            let mut batch = Vec::with_capacity(BATCH_RECORDS);
            let mut bytes = 0usize;
            let mut send = |item: Item| {
                if cancel.requested().is_some() {
                    return ControlFlow::Break(());
                }
                match &item {
                    Item::Article(a) => {
                        bytes += a.text.len() + a.title.len();
                        read_count.fetch_add(1, Ordering::Relaxed);
                    }
                    Item::Skip(skip) if skip.record > 0 => {
                        read_count.fetch_add(1, Ordering::Relaxed);
                    }
                    _ => {}
                }
                batch.push(item);
                if batch.len() >= BATCH_RECORDS || bytes >= BATCH_BYTES {
                    bytes = 0;
                    let full = std::mem::replace(&mut batch, Vec::with_capacity(BATCH_RECORDS));
                    if tx.send(full).is_err() {
                        return ControlFlow::Break(());
                    }
                }
                ControlFlow::Continue(())
            };
            let files = input::read_inputs(&cfg.inputs, &cfg.input, &progress_bytes, &mut send);
            if !batch.is_empty() && cancel.requested().is_none() {
                let _ = tx.send(batch);
            }
            drop(tx);
            files
        });
        let consumed = consume(
            &rx,
            &pool,
            &scorer,
            &mut consumer,
            &progress,
            &progress_bytes,
            cancel,
        );
        drop(rx);
        let files = reader
            .join()
            .map_err(|_| Error::failure("the reader thread panicked"))?;
        consumed?;
        files
    });
    progress.finish();
    if let Some(signal) = cancel.requested() {
        return Err(consumer.interrupted(signal, read_count.load(Ordering::Relaxed)));
    }
    let files = scoped?;

    if consumer.missing_group_field > 0 {
        let fields = consumer
            .grouping
            .as_ref()
            .map(|g| g.fields.join(", "))
            .unwrap_or_default();
        consumer.diag.warn(Warning::new(
            "",
            None,
            format!(
                "{} articles lack a --group-by field ({fields}); their group value is empty",
                consumer.missing_group_field
            ),
        ));
    }
    if consumer.writer.is_none() {
        // No article at all: still write every report, with its header.
        let fields = cfg.group_by.clone().unwrap_or_default();
        consumer.open(Grouping { fields })?;
    }
    let Consumer {
        writer,
        grouping,
        diag,
        articles,
        records,
        matches,
        text_bytes,
        groups,
        terms,
        targets,
        duplicates,
        ..
    } = consumer;
    if let Some(writer) = writer {
        writer.finish(&mut reports)?;
    }
    let columns = grouping.as_ref().map(Grouping::columns).unwrap_or_default();
    let names = &scorer.categories.names;
    tables::write_groups(&mut reports, &columns, &groups, names)?;
    // The keyness tests run on the worker pool, so `-j` bounds them too.
    pool.install(|| tables::write_terms(&mut reports, &columns, &terms, &scorer.lexicons))?;
    tables::write_choices(&mut reports, &columns, &groups, names)?;
    if let Some(t) = &scorer.targets {
        tables::write_targets(&mut reports, &columns, &targets, &t.names.names, names)?;
    }
    let seconds = started.elapsed().as_secs_f64();
    let bytes = files.iter().map(|f| f.bytes).sum();
    let skipped = diag.skips.iter().filter(|s| s.record > 0).count() as u64;
    let files_unreadable = diag.skips.iter().filter(|s| s.record == 0).count() as u64;
    let warnings_total = diag.warnings_total();
    let record = RunRecord {
        tool: "slant",
        version: env!("CARGO_PKG_VERSION"),
        command_line,
        inputs: files,
        lexicons: scorer
            .lexicons
            .iter()
            .map(|l| LexiconRecord {
                name: l.name.clone(),
                version: l.version.clone(),
                origin: l.origin.clone(),
                sha256: l.sha256.clone(),
                entries: l.entries.len(),
            })
            .collect(),
        group_by: grouping.map(|g| g.fields).unwrap_or_default(),
        period: cfg.period.map(|p| format!("{p:?}").to_lowercase()),
        records_read: records,
        articles_scored: articles,
        records_skipped: skipped,
        duplicates,
        deduped: cfg.dedupe,
        files_unreadable,
        matches,
        warnings_total,
        warnings: diag
            .warnings
            .into_iter()
            .take(MAX_LISTED_WARNINGS)
            .collect(),
        seconds,
    };
    reports.json("run.json", &record)?;
    if let Some(signal) = cancel.requested() {
        let read = record.records_read;
        return Err(Error::interrupted(
            signal,
            format!(
                "interrupted after reading and scoring all {read} records, before the reports \
                 were put in place; no report was written, the reports already in {} are \
                 unchanged",
                cfg.out.display()
            ),
        ));
    }
    reports.commit()?;
    Ok(Summary {
        articles,
        skipped,
        warnings: warnings_total,
        matches,
        seconds,
        bytes,
        text_bytes,
    })
}

fn consume(
    rx: &std::sync::mpsc::Receiver<Vec<Item>>,
    pool: &rayon::ThreadPool,
    scorer: &Scorer,
    consumer: &mut Consumer<'_>,
    progress: &Progress,
    progress_bytes: &AtomicU64,
    cancel: &Cancel,
) -> Result<()> {
    let cfg = consumer.cfg;
    for batch in rx {
        if cancel.requested().is_some() {
            return Ok(());
        }
        if let Some(first) = batch.iter().find_map(|item| match item {
            Item::Article(a) => Some(a),
            _ => None,
        }) {
            consumer.start(first)?;
        }
        let prepared: Vec<Option<Prepared>> = match consumer.grouping.as_ref() {
            None => batch.iter().map(|_| None).collect(),
            Some(grouping) => pool.install(|| {
                batch
                    .par_iter()
                    .map_init(Workspace::default, |ws, item| match item {
                        Item::Article(_) if cancel.requested().is_some() => None,
                        Item::Article(a) => Some(prepare(cfg, scorer, grouping, a, ws)),
                        _ => None,
                    })
                    .collect()
            }),
        };
        for (item, prepared) in batch.into_iter().zip(prepared) {
            if cancel.requested().is_some() {
                return Ok(());
            }
            match (item, prepared) {
                (Item::Article(a), Some(p)) => consumer.article(&a, p)?,
                (Item::Skip(skip), _) => consumer.skip(skip)?,
                (Item::Warning(w), _) => consumer.diag.warn(w),
                (Item::Article(_), None) => {}
            }
        }
        progress.update(progress_bytes.load(Ordering::Relaxed), consumer.articles);
    }
    Ok(())
}
