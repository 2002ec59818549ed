//! `run.json`: the run record — what was run, on what inputs (sizes and SHA-256), with which
//! lexicons (versions and SHA-256), and what happened (records read, scored, skipped,
//! warnings, seconds). `comparisons.json`: the same for `slant compare`.

use serde::Serialize;

use crate::diag::Warning;
use crate::input::InputFile;

/// At most this many warnings are listed in `run.json` (all the diagnostics keep);
/// `warnings_total` counts them all.
pub const MAX_LISTED_WARNINGS: usize = crate::diag::KEPT_WARNINGS;

#[derive(Debug, Serialize)]
pub struct LexiconRecord {
    pub name: String,
    pub version: String,
    pub origin: String,
    pub sha256: String,
    pub entries: usize,
}

impl LexiconRecord {
    pub fn of(l: &crate::lexicon::Lexicon) -> Self {
        LexiconRecord {
            name: l.name.clone(),
            version: l.version.clone(),
            origin: l.origin.clone(),
            sha256: l.sha256.clone(),
            entries: l.entries.len(),
        }
    }
}

/// The options of a run that change its numbers, besides the lexicons, `group_by` and
/// `period`: with `command_line` a reader could work them out, but not without slant's
/// defaults.
#[derive(Debug, Serialize)]
pub struct RunSettings {
    pub format: Option<String>,
    pub id_field: String,
    pub text_field: String,
    pub title_field: String,
    pub date_field: String,
    /// `--date-format`: `auto`, `dmy`, `mdy`, `ymd`, `unix` or `unix-ms`.
    pub date_format: &'static str,
    /// `--language`: the codes, comma-separated (`en`, `de,en`).
    pub language: String,
    pub strip_html: bool,
    pub max_article_bytes: u64,
    pub context: usize,
    pub dedupe: bool,
    pub dup_threshold: f64,
    pub strict: bool,
    /// `--window` with `--targets`; `null` without.
    pub window: Option<u32>,
}

impl RunSettings {
    pub fn of(cfg: &crate::config::ScoreConfig) -> Self {
        let i = &cfg.input;
        RunSettings {
            format: i.format.map(|f| format!("{f:?}").to_lowercase()),
            id_field: i.id_field.clone(),
            text_field: i.text_field.clone(),
            title_field: i.title_field.clone(),
            date_field: i.date_field.clone(),
            date_format: cfg.date_format.name(),
            language: crate::text::Lang::codes(&cfg.language),
            strip_html: i.strip_html,
            max_article_bytes: i.max_article_bytes,
            context: cfg.context,
            dedupe: cfg.dedupe,
            dup_threshold: cfg.dup_threshold,
            strict: cfg.strict,
            window: cfg.targets.as_ref().map(|(_, window)| *window),
        }
    }
}

#[derive(Debug, Serialize)]
pub struct RunRecord {
    pub tool: &'static str,
    pub version: &'static str,
    /// The commit and executable that wrote the reports.
    pub build: crate::build_info::Build,
    pub command_line: Vec<String>,
    pub inputs: Vec<InputFile>,
    pub lexicons: Vec<LexiconRecord>,
    /// The `--targets` lexicons (empty without `--targets`).
    pub targets: Vec<LexiconRecord>,
    pub group_by: Vec<String>,
    pub period: Option<String>,
    pub settings: RunSettings,
    pub records_read: u64,
    pub articles_scored: u64,
    pub records_skipped: u64,
    /// Articles found to be near-duplicate copies of an earlier article (wire copy).
    pub duplicates: u64,
    /// Whether those copies were left out of the aggregate reports (`--dedupe`).
    pub deduped: bool,
    /// Inputs (or the rest of an input) that could not be read at all: rows with record 0 in
    /// `skipped.csv`.
    pub files_unreadable: u64,
    pub matches: u64,
    pub warnings_total: usize,
    pub warnings: Vec<Warning>,
    pub seconds: f64,
    /// The per-article reports left out with `--omit` (file names; empty: none).
    pub omitted: Vec<&'static str>,
    /// For reports written by `slant merge`: the shards combined, in order.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub shards: Vec<ShardRun>,
}

/// One shard combined by `slant merge`, as `run.json` lists it.
#[derive(Debug, Serialize)]
pub struct ShardRun {
    /// The shard's output folder, as given to `slant merge`.
    pub folder: String,
    /// `K/N`.
    pub shard: String,
    /// The build that scored the shard (`None` for a shard record written before slant
    /// recorded it).
    pub build: Option<crate::build_info::Build>,
    pub command_line: Vec<String>,
    pub seconds: f64,
}

/// `comparisons.json`: what `slant compare` was run on (the `articles.csv`'s size and
/// SHA-256), with which settings (seed and replicates among them), and what it wrote.
#[derive(Debug, Serialize)]
pub struct CompareRecord {
    pub tool: &'static str,
    pub version: &'static str,
    /// The commit and executable that wrote the table.
    pub build: crate::build_info::Build,
    pub command_line: Vec<String>,
    /// The table read; `records` counts its data rows.
    pub input: InputFile,
    pub by: String,
    /// `all`, `rest`, or the two groups compared, as `A,B`.
    pub pairs: String,
    pub metrics: Vec<String>,
    pub seed: u64,
    pub bootstrap: usize,
    pub permutations: usize,
    pub dedupe: bool,
    pub groups: usize,
    /// Rows of the table in some group, and those left out (empty group cell; wire copies
    /// under `--dedupe`).
    pub articles_compared: usize,
    pub left_out_without_group: usize,
    pub left_out_as_copies: usize,
    /// Rows of `comparisons.csv`.
    pub rows: usize,
    pub seconds: f64,
}
