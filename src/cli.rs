//! What the user can type: clap derive structs. Doc comments here are the `--help` text.
//! Nothing here is validated beyond what clap checks; `config` turns these into settings.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

/// Media bias and framing analyzer: score news articles against lexicons of loaded terms and
/// framing cues, per outlet, with every count traceable to the words matched.
#[derive(Debug, Parser)]
#[command(
    name = "slant",
    version = crate::build_info::LONG_VERSION,
    about,
    max_term_width = 100
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Score every article of a corpus and write the reports.
    Score(ScoreArgs),
    /// List, check or show lexicons.
    Lexicon(LexiconArgs),
    /// Show one article with its matches highlighted and explained (voice, negation, devices).
    Explain(ExplainArgs),
    /// Compare groups of articles on the metrics of an articles.csv (tests, effect sizes).
    Compare(CompareArgs),
    /// Combine the partial results of `slant score --shard K/N` runs into the reports one run
    /// over the whole input writes.
    Merge(MergeArgs),
    /// Draw summary.html from a folder of reports: charts, tables, key terms, keyword in
    /// context and the run record, in one self-contained page.
    Report(ReportArgs),
    /// Draw a stratified random sample of matches as a coding sheet (sample.csv) for
    /// validating the lexicons against human judgement.
    Sample(SampleArgs),
    /// Read coded sheets back: precision per category and group with Wilson intervals, and
    /// agreement between coders (Cohen's kappa, Krippendorff's alpha).
    Agreement(AgreementArgs),
}

/// Input formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FormatArg {
    Csv,
    Tsv,
    Jsonl,
    Json,
    Txt,
}

/// Options shared by every command that reads lexicons.
#[derive(Debug, Clone, Args)]
pub struct LexiconOpts {
    /// Add a lexicon file (.csv or LIWC .dic) or a folder of them (read recursively); may be
    /// repeated.
    #[arg(long = "lexicon", value_name = "PATH")]
    pub lexicons: Vec<PathBuf>,
    /// Do not load the built-in lexicons.
    #[arg(long)]
    pub no_default_lexicons: bool,
}

/// The actors of `--targets` and the window around each mention (score and explain).
#[derive(Debug, Clone, Args)]
pub struct TargetOpts {
    /// A lexicon (file or folder) whose categories are actors (`hamas`, `police`, …): for
    /// each mention, the categories matched nearby go to targets.csv (explain: are listed).
    #[arg(long, value_name = "PATH")]
    pub targets: Option<PathBuf>,
    /// Words on each side of a target mention that count as nearby (same sentence only; 1:
    /// only the words right next to it).
    #[arg(long, default_value_t = 10, value_name = "N")]
    pub window: u32,
}

/// Options shared by every command that reads a corpus.
#[derive(Debug, Clone, Args)]
pub struct InputOpts {
    /// Input format, instead of guessing from the file extension.
    #[arg(long, value_enum)]
    pub format: Option<FormatArg>,
    /// Field holding the article id.
    #[arg(long, default_value = "id", value_name = "FIELD")]
    pub id_field: String,
    /// Field holding the article body.
    #[arg(long, default_value = "text", value_name = "FIELD")]
    pub text_field: String,
    /// Field holding the headline.
    #[arg(long, default_value = "title", value_name = "FIELD")]
    pub title_field: String,
    /// Field holding the publication date.
    #[arg(long, default_value = "date", value_name = "FIELD")]
    pub date_field: String,
    /// Remove HTML tags and decode entities before analysis.
    #[arg(long)]
    pub strip_html: bool,
    /// Skip (never cut) an article whose headline and body exceed this size, saying why
    /// (score: in skipped.csv): bytes, or with a K, M or G suffix (powers of 1024) [default: 64M].
    #[arg(long, value_name = "BYTES", value_parser = parse_size)]
    pub max_article_bytes: Option<u64>,
    /// Languages of the corpus, comma-separated: their negators, speech verbs, distancing
    /// words and sentence openers replace the English ones (README, Languages).
    #[arg(
        long,
        value_enum,
        value_delimiter = ',',
        default_value = "en",
        value_name = "LANG[,LANG]"
    )]
    pub language: Vec<crate::text::Lang>,
}

/// A size in bytes: `1000`, `512K`, `64M`, `2G` (also `64MiB`, `64mb`: powers of 1024),
/// from 1 byte to 4 GiB − 1 (offsets into a text are 32-bit).
pub fn parse_size(text: &str) -> Result<u64, String> {
    let t = text.trim();
    let digits = t.find(|c: char| !c.is_ascii_digit()).unwrap_or(t.len());
    let (number, unit) = t.split_at(digits);
    let shift = match unit.trim().to_ascii_lowercase().as_str() {
        "" | "b" => 0,
        "k" | "kb" | "kib" => 10,
        "m" | "mb" | "mib" => 20,
        "g" | "gb" | "gib" => 30,
        _ => return Err(format!("'{text}': give bytes, or a number with K, M or G")),
    };
    let n: u64 = number
        .parse()
        .map_err(|_| format!("'{text}': give bytes, or a number with K, M or G"))?;
    let bytes = n.saturating_mul(1 << shift);
    if bytes == 0 || bytes > crate::input::MAX_ARTICLE_BYTES_LIMIT {
        return Err(format!(
            "'{text}': give a size from 1 byte to {} bytes (4G − 1)",
            crate::input::MAX_ARTICLE_BYTES_LIMIT
        ));
    }
    Ok(bytes)
}

#[derive(Debug, Args)]
pub struct ScoreArgs {
    /// Corpus files or folders (walked recursively); `-` reads standard input.
    #[arg(required = true, value_name = "INPUT")]
    pub inputs: Vec<PathBuf>,
    #[command(flatten)]
    pub lexicon: LexiconOpts,
    #[command(flatten)]
    pub input: InputOpts,
    /// Folder for the reports.
    #[arg(long, short = 'o', default_value = "reports", value_name = "DIR")]
    pub out: PathBuf,
    /// Field(s) to group articles by, comma-separated [default: outlet, else source, else
    /// one group `all`].
    #[arg(long, value_name = "FIELD[,FIELD]")]
    pub group_by: Option<String>,
    /// Also split groups by period of the date field.
    #[arg(long, value_enum)]
    pub period: Option<crate::aggregate::period::Period>,
    /// How to read numeric dates the default cannot: dmy, mdy or ymd fixes the order of
    /// `05/06/2013`-like dates; unix or unix-ms reads digits as seconds or milliseconds since
    /// 1970 (UTC day).
    #[arg(long, value_enum, default_value_t, value_name = "FORMAT")]
    pub date_format: crate::aggregate::period::DateFormat,
    #[command(flatten)]
    pub targets: TargetOpts,
    /// Leave near-duplicate copies (wire copy) out of groups.csv, terms.csv, choices.csv and
    /// targets.csv; they stay in articles.csv and matches.csv, marked in `duplicate_of`.
    #[arg(long)]
    pub dedupe: bool,
    /// Estimated share of shared 3-word shingles (Jaccard) at which two articles are copies.
    #[arg(long, default_value_t = slant_wire_default(), value_name = "J")]
    pub dup_threshold: f64,
    /// Stop at the first record that cannot be read, instead of skipping it.
    #[arg(long)]
    pub strict: bool,
    /// Characters of context on each side of a match in matches.csv.
    #[arg(long, default_value_t = 60, value_name = "N")]
    pub context: usize,
    /// Leave out per-article reports, comma-separated: matches (matches.csv, most of the
    /// reports' size), quotations, articles. The aggregate tables are the same without them.
    #[arg(
        long,
        value_enum,
        value_delimiter = ',',
        value_name = "REPORT[,REPORT]"
    )]
    pub omit: Vec<crate::report::rows::RowReport>,
    /// Worker threads [default: all cores].
    #[arg(long, short = 'j', value_name = "N")]
    pub threads: Option<usize>,
    /// No progress bar and no summary on stderr; a warning that the disk may fill is still
    /// printed.
    #[arg(long, short = 'q')]
    pub quiet: bool,
    /// Also write summary.html into the output folder (as `slant report` does) once the
    /// reports are written.
    #[arg(long)]
    pub html: bool,
    /// Score only shard K of N (record i goes to shard i mod N + 1) and write a partial
    /// result to --out; `slant merge` combines the N folders into the full reports.
    #[arg(long, value_name = "K/N", value_parser = crate::shard::parse_shard)]
    pub shard: Option<crate::shard::Shard>,
}

#[derive(Debug, Args)]
pub struct MergeArgs {
    /// The --out folders of the N shards of one job (any order; all N are needed).
    #[arg(required = true, value_name = "PARTIAL_DIR")]
    pub partials: Vec<PathBuf>,
    /// Folder for the reports.
    #[arg(long, short = 'o', default_value = "reports", value_name = "DIR")]
    pub out: PathBuf,
    /// Worker threads for the keyness tests [default: all cores].
    #[arg(long, short = 'j', value_name = "N")]
    pub threads: Option<usize>,
    /// No progress bar and no summary on stderr; a warning that the disk may fill is still
    /// printed.
    #[arg(long, short = 'q')]
    pub quiet: bool,
    /// Also write summary.html into the output folder.
    #[arg(long)]
    pub html: bool,
}

#[derive(Debug, Args)]
pub struct LexiconArgs {
    #[command(subcommand)]
    pub action: LexiconAction,
}

#[derive(Debug, Subcommand)]
pub enum LexiconAction {
    /// List the lexicons that would be loaded, with their categories.
    List {
        #[command(flatten)]
        lexicon: LexiconOpts,
    },
    /// Check lexicons for errors, duplicate entries and terms that can never match.
    Check {
        #[command(flatten)]
        lexicon: LexiconOpts,
    },
    /// Show the entries of one lexicon.
    Show {
        /// The lexicon's name (see `slant lexicon list`).
        name: String,
        /// Under each entry with a `~` word, list the texts it matches (`fight~`: fight,
        /// fights, fought, fighting).
        #[arg(long)]
        forms: bool,
        #[command(flatten)]
        lexicon: LexiconOpts,
    },
}

#[derive(Debug, Args)]
pub struct ExplainArgs {
    /// The corpus file or folder holding the article; `-` reads standard input.
    #[arg(value_name = "INPUT")]
    pub input: PathBuf,
    /// The id of the article to show.
    #[arg(long)]
    pub id: String,
    #[command(flatten)]
    pub lexicon: LexiconOpts,
    #[command(flatten)]
    pub input_opts: InputOpts,
    #[command(flatten)]
    pub targets: TargetOpts,
    /// When to colour the output.
    #[arg(long, value_enum, default_value_t = ColorArg::Auto)]
    pub color: ColorArg,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorArg {
    Auto,
    Always,
    Never,
}

#[derive(Debug, Args)]
pub struct CompareArgs {
    /// An articles.csv written by `slant score`; `-` reads standard input.
    #[arg(value_name = "ARTICLES.csv")]
    pub articles: PathBuf,
    /// The column whose values form the groups (e.g. outlet).
    #[arg(long, value_name = "FIELD")]
    pub by: String,
    /// Which pairs to compare: `all` (every pair of groups), `rest` (each group against all
    /// other articles) or `A,B` (that one pair, as A minus B).
    #[arg(long, default_value = "all", value_name = "all|rest|A,B")]
    pub pairs: String,
    /// Metric columns, comma-separated; a trailing `*` matches every metric column starting
    /// with what precedes it (`label.*`) [default: every *.per_1k and *.narrator_per_1k
    /// column, words and quoted_words].
    #[arg(long, value_name = "M1,M2,…")]
    pub metrics: Option<String>,
    /// Folder for comparisons.csv.
    #[arg(long, short = 'o', default_value = "reports", value_name = "DIR")]
    pub out: PathBuf,
    /// Seed of the bootstrap's and the permutation test's random numbers; the same seed gives
    /// the same intervals and p values.
    #[arg(long, default_value_t = 1, value_name = "N")]
    pub seed: u64,
    /// Bootstrap replicates per row; 0 skips the bootstrap.
    #[arg(long, default_value_t = 2000, value_name = "N")]
    pub bootstrap: usize,
    /// Most permutations per row for perm_p, Welch's t by permutation: a row stops after 200
    /// permutations as extreme as its own, so only rows with small p values take all N, and
    /// the smallest p value is 1/(N + 1); 0 skips the test.
    #[arg(long, default_value_t = 10000, value_name = "N")]
    pub permutations: usize,
    /// Leave out articles marked as wire copies (a non-empty `duplicate_of` column).
    #[arg(long)]
    pub dedupe: bool,
    /// Worker threads [default: all cores].
    #[arg(long, short = 'j', value_name = "N")]
    pub threads: Option<usize>,
    /// No summary on stderr.
    #[arg(long, short = 'q')]
    pub quiet: bool,
}

#[derive(Debug, Args)]
pub struct ReportArgs {
    /// A folder of reports written by `slant score`.
    #[arg(value_name = "REPORTS_DIR")]
    pub reports: PathBuf,
    /// Where to write the page [default: REPORTS_DIR/summary.html].
    #[arg(long, short = 'o', value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// Chart and tabulate at most this many groups (those with the most articles); the CSV
    /// files keep them all.
    #[arg(long, default_value_t = 20, value_name = "N")]
    pub max_groups: usize,
    /// Key terms shown per group.
    #[arg(long, default_value_t = 6, value_name = "N")]
    pub terms: usize,
    /// Keyword-in-context lines shown per category.
    #[arg(long, default_value_t = 3, value_name = "N")]
    pub kwic: usize,
    /// No summary or notes on stderr.
    #[arg(long, short = 'q')]
    pub quiet: bool,
}

#[derive(Debug, Args)]
pub struct SampleArgs {
    /// A folder of reports written by `slant score` (its matches.csv is sampled).
    #[arg(value_name = "REPORTS_DIR")]
    pub reports: PathBuf,
    /// Columns of matches.csv that define the strata, comma-separated: any of category,
    /// lexicon, entry, part, voice, negated, period and the group columns (e.g. outlet).
    #[arg(long, default_value = "category", value_name = "COL[,COL]")]
    pub per: String,
    /// Matches drawn per stratum (all of them when a stratum has fewer).
    #[arg(long, short = 'n', default_value_t = 20, value_name = "N")]
    pub n: usize,
    /// Seed of the random draw; the same seed and reports give the same sheet.
    #[arg(long, default_value_t = 1, value_name = "S")]
    pub seed: u64,
    /// Where to write the coding sheet [default: REPORTS_DIR/sample.csv].
    #[arg(long, short = 'o', value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// Replace the file at --out even when it is a sheet with coding in it, or no sheet.
    #[arg(long)]
    pub force: bool,
    /// No summary on stderr.
    #[arg(long, short = 'q')]
    pub quiet: bool,
}

#[derive(Debug, Args)]
pub struct AgreementArgs {
    /// Coded sheets (sample.csv files with the judgement column filled in), one per coder.
    #[arg(required = true, value_name = "CODED.csv")]
    pub coded: Vec<PathBuf>,
    /// Where to write the results [default: agreement.csv beside the first coded sheet].
    #[arg(long, short = 'o', value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// Replace the file at --out even when it is not an agreement table slant wrote (a coding
    /// sheet named on the command line is never replaced).
    #[arg(long)]
    pub force: bool,
    /// No summary on stdout or stderr; warnings about the sheets (missing rows, a likely
    /// copy, no judgements, no identity columns) are still printed.
    #[arg(long, short = 'q')]
    pub quiet: bool,
}

/// The default `--dup-threshold`.
const fn slant_wire_default() -> f64 {
    crate::wire::DEFAULT_THRESHOLD
}
