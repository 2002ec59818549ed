//! `slant score`: read the corpus, score every article, write the reports. Wiring only: a
//! reader thread streams records in batches; each batch is scored in parallel (rayon, input
//! order kept); one consumer writes rows and diagnostics in input order, so the reports are
//! byte-identical whatever the thread count.

use std::ops::ControlFlow;
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::sync_channel;
use std::time::Instant;

use rayon::prelude::*;

use crate::aggregate::Tally;
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
use crate::report::rows::{
    EncodedArticle, LATE_MATCHES, LateSource, MatchRows, Placement, RowWriter, encode_article,
};
use crate::report::run::ShardRun;
use crate::report::run::{LexiconRecord, MAX_LISTED_WARNINGS, RunRecord};
use crate::report::space::SpaceCheck;
use crate::report::{CsvSink, Reports, tables};
use crate::score::targets::Targets;
use crate::score::{Scorer, Workspace};
use crate::shard::{self, Settings, Shard, ShardRecord, frame};
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
    /// Files (or folders) that could not be read at all: record 0 in `skipped.csv`.
    pub files_unreadable: u64,
    pub warnings: usize,
    pub matches: u64,
    pub seconds: f64,
    /// Stored bytes read (compressed size for `.gz`).
    pub bytes: u64,
    /// Bytes of article text (titles and bodies) scored.
    pub text_bytes: u64,
    /// Reports of an earlier run removed from the output folder, since this run did not
    /// write them (see [`RUN_REPORTS`]).
    pub removed: Vec<String>,
}

/// Every file `slant score` and `slant merge` may write in the output folder. A run removes
/// those of them it did not write, once its own are in place, so the folder never mixes two
/// runs: a `targets.csv` or `matches.csv` from a run with other options, a `summary.html`
/// drawn from earlier reports, the reports of a whole run in a folder that now holds a
/// shard's partial result, or that partial result in a folder that now holds reports.
/// `sample.csv` and `agreement.csv` are never touched: they hold a coder's work.
pub(crate) const RUN_REPORTS: [&str; 12] = [
    shard::RECORD_FILE,
    shard::FRAMES_FILE,
    "articles.csv",
    "matches.csv",
    "quotations.csv",
    "skipped.csv",
    "groups.csv",
    "terms.csv",
    "choices.csv",
    "targets.csv",
    "run.json",
    crate::html::FILE_NAME,
];

/// Whether the file `name` at `path` in the output folder was written by slant, so that a run
/// may remove it (see [`RUN_REPORTS`]): a CSV report's first line holds the columns slant
/// writes after the group columns, `run.json` and `shard.json` name slant as their tool,
/// `summary.html` has slant's generator tag, and `records.bin` goes with a `shard.json` of
/// slant's. A file of the same name that a user keeps there (a lexicon called `targets.csv`)
/// stays.
fn written_by_slant(name: &str, path: &Path) -> bool {
    use crate::report::rows::{ARTICLE_COLUMNS, MATCH_COLUMNS, QUOTATION_COLUMNS, SKIPPED_COLUMNS};
    use crate::report::tables::{CHOICE_COLUMNS, GROUP_COLUMNS, TARGET_COLUMNS, TERM_COLUMNS};
    let columns: &[&str] = match name {
        "articles.csv" => &ARTICLE_COLUMNS,
        "matches.csv" => &MATCH_COLUMNS,
        "quotations.csv" => &QUOTATION_COLUMNS,
        "skipped.csv" => &SKIPPED_COLUMNS,
        "groups.csv" => &GROUP_COLUMNS,
        "terms.csv" => &TERM_COLUMNS,
        "choices.csv" => &CHOICE_COLUMNS,
        "targets.csv" => &TARGET_COLUMNS,
        crate::html::FILE_NAME => return crate::html::is_slant_page(path),
        shard::FRAMES_FILE => {
            let record = path.with_file_name(shard::RECORD_FILE);
            return written_by_slant(shard::RECORD_FILE, &record);
        }
        // `run.json` and `shard.json`.
        _ => &[],
    };
    // A CSV header with hundreds of categories takes tens of kB.
    let Some(head) = crate::report::file_head(path, 1 << 16) else {
        return false;
    };
    if columns.is_empty() {
        return head.contains("\"tool\": \"slant\"");
    }
    let line = head.lines().next().unwrap_or("");
    let fixed = columns.join(",");
    line == fixed || line.contains(&format!(",{fixed}"))
}

/// How articles are grouped, decided from the first article read.
#[derive(Debug, Clone)]
pub(crate) struct Grouping {
    /// Fields to read; empty means the single group `all` (column `group`).
    pub fields: Vec<String>,
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
        check_role_fields(cfg, first)?;
        let has = |name: &str| first.field(name).is_some() || name == cfg.input.date_field;
        match &cfg.group_by {
            Some(fields) => {
                if let Some(missing) = fields.iter().find(|f| !has(f)) {
                    let mut available: Vec<&str> =
                        first.fields.iter().map(|(k, _)| k.as_str()).collect();
                    if first.date.is_some() {
                        available.push(&cfg.input.date_field);
                    }
                    return Err(unknown_field("--group-by", missing, first, &available));
                }
                Ok(Grouping {
                    fields: fields.clone(),
                })
            }
            None => {
                for default in DEFAULT_GROUP_FIELDS {
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

/// A field named with `--id-field`, `--title-field` or `--date-field` (other than its
/// default) that the first record lacks is taken for a misspelling, as `--group-by` is: a
/// missing id field would give every article a made-up id (`file:record`) that joins with
/// nothing. The defaults are left alone, since many corpora have no id, title or date.
fn check_role_fields(cfg: &ScoreConfig, first: &Article) -> Result<()> {
    let Some(roles) = first.roles else {
        return Ok(());
    };
    let defaults = crate::input::InputOptions::default();
    let input = &cfg.input;
    let named = [
        ("--id-field", &input.id_field, &defaults.id_field, roles.id),
        (
            "--title-field",
            &input.title_field,
            &defaults.title_field,
            roles.title,
        ),
        (
            "--date-field",
            &input.date_field,
            &defaults.date_field,
            roles.date,
        ),
    ];
    match named
        .into_iter()
        .find(|(_, field, default, present)| field != default && !present)
    {
        Some((flag, field, _, _)) => {
            // Every field the record has: the roles it fills, then its metadata.
            let filled = [
                (roles.id, &input.id_field),
                (true, &input.text_field),
                (roles.title, &input.title_field),
                (roles.date, &input.date_field),
            ];
            let available: Vec<&str> = filled
                .iter()
                .filter(|(has, _)| *has)
                .map(|(_, f)| f.as_str())
                .chain(first.fields.iter().map(|(k, _)| k.as_str()))
                .collect();
            Err(unknown_field(flag, field, first, &available))
        }
        None => Ok(()),
    }
}

/// The usage error for a field `flag` names that the first record does not have, with the
/// fields it could have named instead.
fn unknown_field(flag: &str, missing: &str, first: &Article, available: &[&str]) -> Error {
    let record = format!("the first record, {}:{}, has", first.file, first.record);
    unknown_field_in(flag, missing, &record, available)
}

fn unknown_field_in(flag: &str, missing: &str, record: &str, available: &[&str]) -> Error {
    Error::usage(format!(
        "{flag}: unknown field '{missing}' ({record}: {})",
        if available.is_empty() {
            "no metadata fields".to_string()
        } else {
            available.join(", ")
        }
    ))
}

/// A `--text-field` the user named that the first record of the run lacks is a usage error,
/// as a `--group-by` field is: a misspelt name would otherwise skip the whole corpus. Looks
/// at `batch` up to the first record; true once that record has been seen (then the check
/// is done).
fn check_text_field(cfg: &ScoreConfig, batch: &[Item]) -> Result<bool> {
    let field = &cfg.input.text_field;
    let named = *field != crate::input::InputOptions::default().text_field;
    for item in batch {
        match item {
            Item::Article(_) => return Ok(true),
            Item::Skip(skip) => match &skip.missing_text {
                Some(has) if named => {
                    let record = if skip.record == 0 {
                        format!("the columns of {} are", skip.file)
                    } else {
                        format!("the first record, {}:{}, has", skip.file, skip.record)
                    };
                    let has: Vec<&str> = has.iter().map(String::as_str).collect();
                    return Err(unknown_field_in("--text-field", field, &record, &has));
                }
                Some(_) => return Ok(true),
                // A file that could not be opened is not a record: look on.
                None if skip.record == 0 => {}
                None => return Ok(true),
            },
            Item::Warning(_) => {}
        }
    }
    Ok(false)
}

/// The fields grouped by when `--group-by` is not given: the first of them the first record
/// has.
const DEFAULT_GROUP_FIELDS: [&str; 2] = ["outlet", "source"];

/// The consumer's state: writes rows, keeps the diagnostics.
pub(crate) struct Consumer<'a> {
    cfg: &'a ScoreConfig,
    scorer: &'a Scorer,
    reports: Reports,
    writer: Option<RowWriter>,
    grouping: Option<Grouping>,
    pub(crate) diag: Diagnostics,
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
    pub(crate) fn skip(&mut self, skip: Skip) -> Result<()> {
        // Record 0 stands for a whole file that could not be read: not a record.
        if skip.record > 0 {
            self.records += 1;
        }
        if self.cfg.strict {
            return Err(strict_error(&skip));
        }
        // Once the writer is open a skip is written at once and only counted.
        match self.writer.as_mut() {
            Some(w) => {
                w.skip(&skip)?;
                self.diag.count_skip(&skip);
            }
            None => self.diag.skip(skip),
        }
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
    pub(crate) fn open(&mut self, grouping: Grouping) -> Result<()> {
        let mut writer = RowWriter::new(
            &self.reports,
            &grouping.columns(),
            &self.scorer.categories,
            self.cfg.omit,
        )?;
        for skip in std::mem::take(&mut self.diag.skips) {
            writer.skip(&skip)?;
        }
        self.writer = Some(writer);
        self.grouping = Some(grouping);
        Ok(())
    }

    /// The in-order part of handling an article: diagnostics, wire-copy detection, writing
    /// its (already encoded) rows, and aggregation. `article` is its text, which match rows
    /// left late need; `None` where every row is encoded (`slant merge`).
    pub(crate) fn article(&mut self, prepared: Prepared, article: Option<&Article>) -> Result<()> {
        self.records += 1;
        let Prepared {
            origin,
            tally,
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
            self.diag.warn(at(&origin, problem));
        }
        if origin.invalid_utf8 {
            self.diag.warn(at(
                &origin,
                "invalid UTF-8 bytes were replaced with U+FFFD".into(),
            ));
        }
        if let Some((file, record)) = self.ids.insert(&origin.id, &origin.file, origin.record) {
            self.diag.warn(at(
                &origin,
                format!(
                    "duplicate id '{}' (first seen at {file}:{record}); both are kept",
                    origin.id
                ),
            ));
        }
        let index = u32::try_from(self.articles).unwrap_or(u32::MAX);
        let first = match &tally.fingerprint {
            Some(fp) => self.copies.insert(index, fp)?,
            None => None,
        };
        let duplicate_of = first
            .and_then(|i| self.ids.get(i as usize))
            .map(|id| id.to_string());
        let copy = duplicate_of.is_some();
        self.duplicates += u64::from(copy);
        let source = article.map(|article| LateSource {
            article,
            entries: &self.scorer.entry_cells,
            context: self.cfg.context,
        });
        writer.article(&encoded, duplicate_of.as_deref(), source)?;
        if !(copy && self.cfg.dedupe) {
            self.terms.add(&place.groups, &tally);
            let key = CellKey {
                groups: place.groups,
                period: place.period,
            };
            self.targets.add(&key, &tally.mentions);
            self.groups.add(key, &tally);
        }
        self.articles += 1;
        self.matches += tally.hits.len() as u64;
        self.text_bytes += origin.text_bytes;
        Ok(())
    }
}

/// Where an article came from, as the in-order consumer needs it (warnings, ids).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Origin {
    pub id: String,
    pub file: Arc<str>,
    pub record: u64,
    /// Invalid UTF-8 bytes were replaced with U+FFFD.
    pub invalid_utf8: bool,
    /// Bytes of headline and body.
    pub text_bytes: u64,
}

/// What the scoring threads hand the consumer for one article.
#[derive(Debug)]
pub struct Prepared {
    pub origin: Origin,
    pub tally: Tally,
    pub place: Placement,
    pub encoded: EncodedArticle,
    /// Why the period is empty, when `--period` was asked for and the date did not serve.
    pub date_problem: Option<String>,
    pub missing_group_field: bool,
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
    // With the default grouping and no field to group by (the first record had neither
    // `outlet` nor `source`), an article that has one is noted instead: the one group `all`
    // was probably not what was meant.
    let missing_group_field = if grouping.fields.is_empty() {
        cfg.group_by.is_none()
            && DEFAULT_GROUP_FIELDS
                .iter()
                .any(|f| article.field(f).is_some())
    } else {
        grouping
            .fields
            .iter()
            .any(|f| article.field(f).is_none() && *f != cfg.input.date_field)
    };
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
    // A shard's partial file holds every row encoded, so a shard encodes them all now.
    let rows = if cfg.shard.is_none() && !cfg.omit.matches && score.matches.len() > LATE_MATCHES {
        MatchRows::Late
    } else {
        MatchRows::Now
    };
    let mut encoded = encode_article(
        article,
        &place,
        &score,
        &scorer.entry_cells,
        cfg.context,
        rows,
        cfg.omit,
    );
    let (tally, matches) = Tally::split(score);
    if let Some(late) = encoded.late.as_mut() {
        late.matches = matches;
    }
    Prepared {
        origin: Origin {
            id: article.id.clone(),
            file: article.file.clone(),
            record: article.record,
            invalid_utf8: article.invalid_utf8,
            text_bytes: (article.title.len() + article.text.len()) as u64,
        },
        tally,
        place,
        encoded,
        date_problem,
        missing_group_field,
    }
}

fn at(origin: &Origin, message: String) -> Warning {
    Warning {
        file: origin.file.to_string(),
        record: Some(origin.record),
        id: Some(origin.id.clone()),
        message,
    }
}

/// The compiled lexicons of a run: the scorer, with the `--targets` actors when given.
pub(crate) fn build_scorer(cfg: &ScoreConfig) -> Result<Scorer> {
    let mut scorer = Scorer::new(cfg.lexicons.lexicons.clone())?;
    if let Some((lexicons, window)) = &cfg.targets {
        scorer.targets = Some(Targets::new(lexicons.clone(), *window)?);
    }
    Ok(scorer)
}

/// The worker pool: `-j` threads.
pub(crate) fn worker_pool(threads: usize) -> Result<rayon::ThreadPool> {
    rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .map_err(|e| Error::failure(format!("cannot start worker threads: {e}")))
}

/// Run `slant score`. When `cancel` is raised, reading and writing stop at the next record and
/// the run ends with an [`Error::interrupted`] before any report is committed.
pub fn run(cfg: &ScoreConfig, command_line: Vec<String>, cancel: &Cancel) -> Result<Summary> {
    let started = Instant::now();
    let scorer = build_scorer(cfg)?;
    let pool = worker_pool(cfg.threads)?;
    let reports = Reports::create(&cfg.out)?;
    let stale = reports.stale_temp_files();
    if let Some(shard) = cfg.shard {
        let mut writer = ShardWriter::new(cfg, shard, &reports)?;
        let files = read_and_score(cfg, &pool, &scorer, &mut writer, cancel)?;
        return writer.finish(reports, files, command_line, started, cancel);
    }
    let mut consumer = Consumer::new(cfg, &scorer, reports, &stale);
    let files = read_and_score(cfg, &pool, &scorer, &mut consumer, cancel)?;
    let finished = Finished {
        inputs: files,
        command_line,
        shards: Vec::new(),
        started,
    };
    finish(consumer, &pool, finished, cancel)
}

impl<'a> Consumer<'a> {
    /// Articles handled so far.
    pub(crate) fn articles(&self) -> u64 {
        self.articles
    }

    /// Bytes of reports written so far.
    pub(crate) fn written(&self) -> u64 {
        self.writer.as_ref().map_or(0, RowWriter::written)
    }

    /// A consumer for a run writing to `reports`; `stale` are temporary files of earlier
    /// runs found in the output folder (a warning).
    pub(crate) fn new(
        cfg: &'a ScoreConfig,
        scorer: &'a Scorer,
        reports: Reports,
        stale: &[String],
    ) -> Self {
        let mut diag = Diagnostics::default();
        for w in &cfg.lexicons.warnings {
            diag.warn(w.clone());
        }
        if let Some(first) = stale.first() {
            diag.warn(Warning::new(
                cfg.out.display().to_string(),
                None,
                format!(
                    "{} temporary files of an earlier run that was killed are in this folder \
                     (such as {first}); they are safe to delete once no other slant run writes \
                     here",
                    stale.len()
                ),
            ));
        }
        Consumer {
            cfg,
            scorer,
            reports,
            writer: None,
            grouping: None,
            diag,
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
        }
    }
}

/// What a run knows besides its consumer when the reports are written.
pub(crate) struct Finished {
    pub inputs: Vec<crate::input::InputFile>,
    pub command_line: Vec<String>,
    /// For a merge: the shards it combined.
    pub shards: Vec<ShardRun>,
    pub started: Instant,
}

/// Write the aggregate tables and `run.json`, and commit every report.
pub(crate) fn finish(
    mut consumer: Consumer<'_>,
    pool: &rayon::ThreadPool,
    finished: Finished,
    cancel: &Cancel,
) -> Result<Summary> {
    let cfg = consumer.cfg;
    let scorer = consumer.scorer;
    let fields = consumer
        .grouping
        .as_ref()
        .map(|g| g.fields.join(", "))
        .unwrap_or_default();
    if consumer.missing_group_field > 0 && fields.is_empty() {
        consumer.diag.warn(Warning::new(
            "",
            None,
            format!(
                "{} an outlet or source field, but the first record has neither, so every \
                 article is in the one group 'all'; give --group-by to group them",
                crate::diag::counted(consumer.missing_group_field, "article has", "articles have"),
            ),
        ));
    } else if consumer.missing_group_field > 0 {
        consumer.diag.warn(Warning::new(
            "",
            None,
            format!(
                "{} a --group-by field ({fields}); {} group value is empty",
                crate::diag::counted(
                    consumer.missing_group_field,
                    "article lacks",
                    "articles lack"
                ),
                if consumer.missing_group_field == 1 {
                    "its"
                } else {
                    "their"
                }
            ),
        ));
    }
    if consumer.writer.is_none() {
        // No article at all: still write every report, with its header.
        let fields = cfg.group_by.clone().unwrap_or_default();
        consumer.open(Grouping { fields })?;
    }
    let Consumer {
        mut reports,
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
    // `groups.csv` (one thread) and `terms.csv` (the keyness tests, in parallel) are
    // computed side by side on the worker pool, so `-j` bounds them too.
    let (groups_csv, terms_csv) = pool.join(
        || tables::write_groups(&reports, &columns, &groups, names),
        || tables::write_terms(&reports, &columns, &terms, &scorer.lexicons),
    );
    reports.finish(groups_csv?)?;
    reports.finish(terms_csv?)?;
    tables::write_choices(&mut reports, &columns, &groups, names)?;
    if let Some(t) = &scorer.targets {
        tables::write_targets(&mut reports, &columns, &targets, &t.names.names, names)?;
    }
    let seconds = finished.started.elapsed().as_secs_f64();
    let bytes = finished.inputs.iter().map(|f| f.bytes).sum();
    let skipped = diag.records_skipped();
    let files_unreadable = diag.files_unreadable();
    let warnings_total = diag.warnings_total();
    let record = RunRecord {
        tool: "slant",
        version: env!("CARGO_PKG_VERSION"),
        command_line: finished.command_line,
        inputs: finished.inputs,
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
        omitted: cfg.omit.file_names(),
        shards: finished.shards,
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
    // With `--html` the page is written next, from these reports.
    let family: Vec<&str> = RUN_REPORTS
        .into_iter()
        .filter(|&name| !(cfg.html && name == crate::html::FILE_NAME))
        .collect();
    let removed = reports.commit_replacing(&family, written_by_slant)?;
    Ok(Summary {
        articles,
        skipped,
        files_unreadable,
        warnings: warnings_total,
        matches,
        seconds,
        bytes,
        text_bytes,
        removed,
    })
}

/// Where the pipeline hands records, in input order: the reports of a whole run
/// ([`Consumer`]) or a shard's partial result ([`ShardWriter`]).
trait Stage: Send {
    /// Called with the first article of each batch: decides the grouping the first time.
    fn start(&mut self, first: &Article) -> Result<()>;
    fn grouping(&self) -> Option<&Grouping>;
    /// The share of the records scored here; `None` for all of them.
    fn shard(&self) -> Option<Shard>;
    /// Take one record, with its scores when it is an article this stage owns.
    fn take(&mut self, seq: u64, item: Item, prepared: Option<Prepared>) -> Result<()>;
    /// Articles taken so far.
    fn articles(&self) -> u64;
    /// Bytes written to the output folder so far.
    fn written(&self) -> u64;
}

impl Stage for Consumer<'_> {
    fn start(&mut self, first: &Article) -> Result<()> {
        Consumer::start(self, first)
    }
    fn grouping(&self) -> Option<&Grouping> {
        self.grouping.as_ref()
    }
    fn shard(&self) -> Option<Shard> {
        None
    }
    fn take(&mut self, _seq: u64, item: Item, prepared: Option<Prepared>) -> Result<()> {
        match (item, prepared) {
            (Item::Article(a), Some(p)) => self.article(p, Some(&a)),
            (Item::Skip(skip), _) => self.skip(skip),
            (Item::Warning(w), _) => {
                self.diag.warn(w);
                Ok(())
            }
            (Item::Article(_), None) => Ok(()),
        }
    }
    fn articles(&self) -> u64 {
        Consumer::articles(self)
    }
    fn written(&self) -> u64 {
        Consumer::written(self)
    }
}

/// The error `--strict` stops at.
fn strict_error(skip: &Skip) -> Error {
    Error::failure(format!(
        "{}:{}: {} (--strict stops at the first record that cannot be read)",
        skip.file, skip.record, skip.reason
    ))
}

/// The stage of `score --shard K/N`: the records this shard owns go to `records.bin` as
/// frames; the others are read, not scored.
struct ShardWriter<'a> {
    cfg: &'a ScoreConfig,
    shard: Shard,
    sink: CsvSink,
    buf: Vec<u8>,
    grouping: Option<Grouping>,
    items: u64,
    frames: u64,
    articles: u64,
    skipped: u64,
    files_unreadable: u64,
    matches: u64,
    text_bytes: u64,
}

impl<'a> ShardWriter<'a> {
    fn new(cfg: &'a ScoreConfig, shard: Shard, reports: &Reports) -> Result<Self> {
        Ok(ShardWriter {
            cfg,
            shard,
            sink: reports.file(shard::FRAMES_FILE)?,
            buf: Vec::with_capacity(1 << 16),
            grouping: None,
            items: 0,
            frames: 0,
            articles: 0,
            skipped: 0,
            files_unreadable: 0,
            matches: 0,
            text_bytes: 0,
        })
    }

    fn finish(
        self,
        mut reports: Reports,
        inputs: Vec<crate::input::InputFile>,
        command_line: Vec<String>,
        started: Instant,
        cancel: &Cancel,
    ) -> Result<Summary> {
        let cfg = self.cfg;
        reports.finish(self.sink)?;
        let seconds = started.elapsed().as_secs_f64();
        let bytes = inputs.iter().map(|f| f.bytes).sum();
        let record = ShardRecord {
            tool: "slant".into(),
            version: env!("CARGO_PKG_VERSION").into(),
            format: shard::FORMAT,
            shard: self.shard,
            command_line,
            settings: Settings::of(cfg),
            grouping: self.grouping.map(|g| g.fields),
            inputs,
            lexicon_warnings: cfg.lexicons.warnings.clone(),
            items: self.items,
            frames: self.frames,
            seconds,
        };
        reports.json(shard::RECORD_FILE, &record)?;
        if let Some(signal) = cancel.requested() {
            return Err(Error::interrupted(
                signal,
                format!(
                    "interrupted before the partial result was put in place; nothing was \
                     written to {}",
                    cfg.out.display()
                ),
            ));
        }
        let removed = reports.commit_replacing(&RUN_REPORTS, written_by_slant)?;
        Ok(Summary {
            articles: self.articles,
            skipped: self.skipped,
            files_unreadable: self.files_unreadable,
            warnings: 0,
            matches: self.matches,
            seconds,
            bytes,
            text_bytes: self.text_bytes,
            removed,
        })
    }
}

impl Stage for ShardWriter<'_> {
    fn start(&mut self, first: &Article) -> Result<()> {
        if self.grouping.is_none() {
            self.grouping = Some(Grouping::decide(self.cfg, first)?);
        }
        Ok(())
    }
    fn grouping(&self) -> Option<&Grouping> {
        self.grouping.as_ref()
    }
    fn shard(&self) -> Option<Shard> {
        Some(self.shard)
    }
    fn take(&mut self, seq: u64, item: Item, prepared: Option<Prepared>) -> Result<()> {
        self.items = seq + 1;
        if let Item::Skip(skip) = &item {
            // Every shard stops where a whole run would.
            if self.cfg.strict {
                return Err(strict_error(skip));
            }
        }
        if !self.shard.owns(seq) {
            return Ok(());
        }
        self.buf.clear();
        match (&item, &prepared) {
            (Item::Article(_), Some(p)) => {
                if p.encoded.late.is_some() {
                    // `prepare` encodes every row in a shard: the frame must hold them.
                    return Err(Error::failure(
                        "internal error: a shard's article came with match rows not encoded; \
                         please report this",
                    ));
                }
                self.articles += 1;
                self.matches += p.tally.hits.len() as u64;
                self.text_bytes += p.origin.text_bytes;
                frame::push_article(&mut self.buf, seq, p);
            }
            (Item::Skip(skip), _) => {
                self.skipped += u64::from(skip.record > 0);
                self.files_unreadable += u64::from(skip.record == 0);
                frame::push_skip(&mut self.buf, seq, skip);
            }
            (Item::Warning(w), _) => frame::push_warning(&mut self.buf, seq, w),
            (Item::Article(_), None) => return Ok(()),
        }
        self.frames += 1;
        self.sink.bytes(&self.buf)
    }
    fn articles(&self) -> u64 {
        self.articles
    }
    fn written(&self) -> u64 {
        self.sink.written()
    }
}

/// Read every input on a reader thread and hand each record, scored in parallel when the
/// stage owns it, to `stage` in input order. Returns the input files read.
fn read_and_score(
    cfg: &ScoreConfig,
    pool: &rayon::ThreadPool,
    scorer: &Scorer,
    stage: &mut impl Stage,
    cancel: &Cancel,
) -> Result<Vec<crate::input::InputFile>> {
    let progress_bytes = AtomicU64::new(0);
    let total = input::total_size(&cfg.inputs, cfg.input.skip_dir.as_deref());
    let progress = Progress::new(total, cfg.quiet);
    let mut space = SpaceCheck::new(&cfg.out, total);
    let read_count = AtomicU64::new(0);
    // Each batch goes with the stored bytes read when it was complete (see [`Batch`]).
    let (tx, rx) = sync_channel::<Batch>(4);
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
                    let read = progress_bytes.load(Ordering::Relaxed);
                    if tx.send(Batch { items: full, read }).is_err() {
                        return ControlFlow::Break(());
                    }
                }
                ControlFlow::Continue(())
            };
            let files = input::read_inputs(&cfg.inputs, &cfg.input, &progress_bytes, &mut send);
            if !batch.is_empty() && cancel.requested().is_none() {
                let read = progress_bytes.load(Ordering::Relaxed);
                let _ = tx.send(Batch { items: batch, read });
            }
            drop(tx);
            files
        });
        let consumed = consume(
            cfg,
            &rx,
            pool,
            scorer,
            stage,
            &progress,
            &progress_bytes,
            &mut space,
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
        return Err(interrupted(
            cfg,
            signal,
            read_count.load(Ordering::Relaxed),
            stage.articles(),
        ));
    }
    scoped
}

/// The error that ends an interrupted run: how far it got, and that nothing was written.
fn interrupted(cfg: &ScoreConfig, signal: i32, read: u64, scored: u64) -> Error {
    let name = match signal {
        2 => "Ctrl-C (SIGINT)".to_string(),
        15 => "SIGTERM".to_string(),
        n => format!("signal {n}"),
    };
    Error::interrupted(
        signal,
        format!(
            "interrupted by {name} after reading {read} records and scoring {scored} articles; \
             no report was written, the reports already in {} are unchanged",
            cfg.out.display()
        ),
    )
}

/// Records as the reader hands them on.
struct Batch {
    items: Vec<Item>,
    /// Stored bytes of input read when the batch was complete: about as much as its records
    /// and all before them took (a little more, for what the reader buffered ahead).
    read: u64,
}

/// One batch, scored, waiting for its turn at the in-order stage.
struct Scored {
    /// The record number of its first item.
    base: u64,
    items: Vec<Item>,
    /// [`Batch::read`].
    read: u64,
    prepared: Vec<Option<Prepared>>,
}

/// Score the articles of a batch the stage owns, in parallel (`None` for everything else).
fn score_batch(
    cfg: &ScoreConfig,
    scorer: &Scorer,
    grouping: Option<&Grouping>,
    shard: Option<Shard>,
    base: u64,
    batch: &[Item],
    cancel: &Cancel,
) -> Vec<Option<Prepared>> {
    let Some(grouping) = grouping else {
        return batch.iter().map(|_| None).collect();
    };
    let owns = |i: usize| shard.is_none_or(|s| s.owns(base + i as u64));
    batch
        .par_iter()
        .enumerate()
        .map_init(Workspace::default, |ws, (i, item)| match item {
            Item::Article(_) if cancel.requested().is_some() => None,
            Item::Article(a) if owns(i) => Some(prepare(cfg, scorer, grouping, a, ws)),
            _ => None,
        })
        .collect()
}

/// Hand a scored batch to the stage, record by record, in input order.
fn hand_over(stage: &mut impl Stage, scored: Scored, cancel: &Cancel) -> Result<()> {
    for (seq, (item, prepared)) in
        (scored.base..).zip(scored.items.into_iter().zip(scored.prepared))
    {
        if cancel.requested().is_some() {
            return Ok(());
        }
        stage.take(seq, item, prepared)?;
    }
    Ok(())
}

/// Score each batch in parallel and hand it to the stage in order. The two overlap: while the
/// workers score batch n + 1, batch n is handed over (written, aggregated) on the pool too,
/// so the sequential part does not leave the workers idle.
#[allow(clippy::too_many_arguments)]
fn consume(
    cfg: &ScoreConfig,
    rx: &std::sync::mpsc::Receiver<Batch>,
    pool: &rayon::ThreadPool,
    scorer: &Scorer,
    stage: &mut impl Stage,
    progress: &Progress,
    progress_bytes: &AtomicU64,
    space: &mut SpaceCheck,
    cancel: &Cancel,
) -> Result<()> {
    let shard = stage.shard();
    let mut seq = 0u64;
    // The stage's grouping, copied once decided, so scoring can read it while the stage runs.
    let mut grouping: Option<Grouping> = None;
    let mut pending: Option<Scored> = None;
    let mut text_checked = false;
    // Stored bytes of input up to the end of the last batch handed over.
    let mut handed_read = 0u64;
    for Batch { items: batch, read } in rx {
        if cancel.requested().is_some() {
            return Ok(());
        }
        if !text_checked {
            text_checked = check_text_field(cfg, &batch)?;
        }
        if grouping.is_none() {
            // The grouping is decided in input order: what came before goes first.
            if let Some(before) = pending.take() {
                handed_read = before.read;
                hand_over(stage, before, cancel)?;
            }
            if let Some(first) = batch.iter().find_map(|item| match item {
                Item::Article(a) => Some(a),
                _ => None,
            }) {
                stage.start(first)?;
            }
            grouping = stage.grouping().cloned();
        }
        let base = seq;
        seq += batch.len() as u64;
        let (prepared, handed) = pool.install(|| {
            rayon::join(
                || score_batch(cfg, scorer, grouping.as_ref(), shard, base, &batch, cancel),
                || {
                    pending.take().map_or(Ok(None), |p| {
                        let read = p.read;
                        hand_over(stage, p, cancel).map(|()| Some(read))
                    })
                },
            )
        });
        if let Some(r) = handed? {
            handed_read = r;
        }
        pending = Some(Scored {
            base,
            items: batch,
            read,
            prepared,
        });
        progress.update(progress_bytes.load(Ordering::Relaxed), stage.articles());
        // What is written so far against the input it came from (not against what the reader
        // has read ahead).
        if let Some(warning) = space.after(handed_read, stage.written()) {
            progress.warn(&warning);
        }
    }
    if let Some(last) = pending {
        if cancel.requested().is_none() {
            hand_over(stage, last, cancel)?;
        }
    }
    Ok(())
}
