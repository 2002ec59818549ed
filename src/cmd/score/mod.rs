//! `slant score`: read the corpus, score every article, write the reports. Wiring only: a
//! reader thread streams records in batches; each batch is scored in parallel (rayon, input
//! order kept); one consumer writes rows and diagnostics in input order, so the reports are
//! byte-identical whatever the thread count.

mod consumer;
pub(crate) mod fields;
mod finish;
mod partial;
mod pipeline;
mod prepare;

pub(crate) use consumer::Consumer;
pub(crate) use fields::Grouping;
pub(crate) use finish::{Finished, finish};
pub use prepare::{Origin, Prepared};

use std::path::Path;
use std::time::Instant;

use crate::cancel::Cancel;
use crate::config::ScoreConfig;
use crate::report::{self, Reports};
use crate::score::Scorer;
use crate::score::targets::Targets;
use crate::shard;
use crate::{Error, Result};

use partial::ShardWriter;
use pipeline::read_and_score;

/// What a finished run tells the user.
#[derive(Debug)]
pub struct Summary {
    pub articles: u64,
    pub skipped: u64,
    /// Files (or folders) that could not be read at all: record 0 in `skipped.csv`.
    pub files_unreadable: u64,
    pub warnings: usize,
    /// The first warning, described ([`crate::diag::Warning::describe`]), for the summary.
    pub first_warning: Option<String>,
    pub matches: u64,
    pub seconds: f64,
    /// Stored bytes read (compressed size for `.gz`).
    pub bytes: u64,
    /// Bytes of article text (titles and bodies) scored.
    pub text_bytes: u64,
    /// Reports of an earlier run removed from the output folder, since this run did not
    /// write them (see `RUN_REPORTS`).
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
    match name {
        crate::html::FILE_NAME => crate::html::is_slant_page(path),
        shard::FRAMES_FILE => {
            let record = path.with_file_name(shard::RECORD_FILE);
            written_by_slant(shard::RECORD_FILE, &record)
        }
        _ if name.ends_with(".json") => report::known::is_slant_json(path),
        _ => report::known::is_run_csv(name, path),
    }
}

/// The compiled lexicons of a run: the scorer, with the `--targets` actors when given.
pub(crate) fn build_scorer(cfg: &ScoreConfig) -> Result<Scorer> {
    let mut scorer = Scorer::new(cfg.lexicons.lexicons.clone())?;
    scorer.language = crate::text::Language::new(&cfg.language);
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
    crate::build_info::Build::prefetch();
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
