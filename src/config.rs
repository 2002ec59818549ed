//! Validated settings built from the command line. Every usage error (exit status 2) is born
//! here: missing inputs, unreadable or invalid lexicons, bad flag values, clashing names.

use std::path::{Path, PathBuf};

use crate::aggregate::period::{DateFormat, Period};
use crate::cli::{FormatArg, InputOpts, LexiconOpts, ScoreArgs, TargetOpts};
use crate::diag::Warning;
use crate::input::{self, Format, InputOptions};
use crate::lexicon::{self, Lexicon};
use crate::report::rows::Omitted;
use crate::text::Lang;
use crate::{Error, Result};

/// Lexicons to use, with the warnings loading them produced.
pub use crate::lexicon::LexiconSet as LoadedLexicons;

/// Load the built-in lexicons (unless dropped) and every `--lexicon` path, in that order
/// ([`lexicon::load_set`]): a file reached twice loads once, with a warning; any problem,
/// two lexicons with one name included, is a usage error.
pub fn load_lexicons(opts: &LexiconOpts) -> Result<LoadedLexicons> {
    lexicon::load_set(!opts.no_default_lexicons, &opts.lexicons)
}

/// The `--targets` lexicons and `--window`, when targets are given; the targets files' load
/// warnings are added to `warnings`. `--window 0` is refused.
pub fn load_targets(
    opts: &TargetOpts,
    warnings: &mut Vec<Warning>,
) -> Result<Option<(Vec<Lexicon>, u32)>> {
    let Some(path) = &opts.targets else {
        return Ok(None);
    };
    if opts.window == 0 {
        return Err(Error::usage(
            "--window 0: a match on the mention's own words is never nearby, so nothing could \
             count; give at least 1 (1: the words right next to it)",
        ));
    }
    let (targets, more) = lexicon::load_path(path).map_err(Error::into_usage)?;
    warnings.extend(more);
    Ok(Some((targets, opts.window)))
}

/// The reader settings from the input flags.
pub fn input_options(opts: &InputOpts) -> InputOptions {
    InputOptions {
        format: opts.format.map(|f| match f {
            FormatArg::Csv => Format::Csv,
            FormatArg::Tsv => Format::Tsv,
            FormatArg::Jsonl => Format::Jsonl,
            FormatArg::Json => Format::Json,
            FormatArg::Txt => Format::Txt,
        }),
        id_field: opts.id_field.clone(),
        text_field: opts.text_field.clone(),
        title_field: opts.title_field.clone(),
        date_field: opts.date_field.clone(),
        strip_html: opts.strip_html,
        max_article_bytes: opts
            .max_article_bytes
            .unwrap_or(input::DEFAULT_MAX_ARTICLE_BYTES),
        skip_dir: None,
        paths: dotted([
            &opts.id_field,
            &opts.text_field,
            &opts.title_field,
            &opts.date_field,
        ]),
    }
}

/// The names among `names` that hold a `.`: paths into JSON objects, unless a record has a
/// field of that very name ([`InputOptions::paths`]).
fn dotted<'a>(names: impl IntoIterator<Item = &'a String>) -> Vec<String> {
    let mut paths: Vec<String> = Vec::new();
    for name in names {
        if name.contains('.') && !paths.contains(name) {
            paths.push(name.clone());
        }
    }
    paths
}

/// Everything `slant score` needs, validated.
#[derive(Debug)]
pub struct ScoreConfig {
    pub inputs: Vec<PathBuf>,
    pub lexicons: LoadedLexicons,
    pub input: InputOptions,
    pub out: PathBuf,
    /// `None`: the default grouping (outlet, else source, else `all`).
    pub group_by: Option<Vec<String>>,
    pub period: Option<Period>,
    /// `--date-format`: how the date field's numeric forms are read.
    pub date_format: DateFormat,
    /// `--language`: whose negators, speech verbs, distancers and openers (sorted, no repeats).
    pub language: Vec<Lang>,
    /// The `--targets` lexicons and the window around each mention.
    pub targets: Option<(Vec<Lexicon>, u32)>,
    pub dedupe: bool,
    pub dup_threshold: f64,
    pub strict: bool,
    pub context: usize,
    /// `--omit`: the per-article reports left out.
    pub omit: Omitted,
    pub threads: usize,
    pub quiet: bool,
    /// `--html`: summary.html is written after the reports (so an earlier one is not stale).
    pub html: bool,
    /// `--shard K/N`: score this share and write a partial result.
    pub shard: Option<crate::shard::Shard>,
}

impl ScoreConfig {
    pub fn from_args(args: &ScoreArgs) -> Result<Self> {
        input::validate_inputs(&args.inputs)?;
        check_out_dir(&args.out, &args.inputs)?;
        let mut reads: Vec<&Path> = args.inputs.iter().map(PathBuf::as_path).collect();
        reads.extend(args.lexicon.lexicons.iter().map(PathBuf::as_path));
        reads.extend(args.targets.targets.as_deref());
        check_reads_survive(&args.out, &reads)?;
        if args.html {
            // Found now rather than after the whole run.
            crate::html::check_target(&args.out.join(crate::html::FILE_NAME))?;
        }
        let group_by = match &args.group_by {
            None => None,
            Some(list) => {
                let fields: Vec<String> = list.split(',').map(|f| f.trim().to_string()).collect();
                if fields.iter().any(String::is_empty) {
                    return Err(Error::usage(format!(
                        "--group-by '{list}': a field name is empty; give names separated by commas"
                    )));
                }
                if let Some(twice) = fields
                    .iter()
                    .enumerate()
                    .find_map(|(i, f)| fields[..i].contains(f).then_some(f))
                {
                    return Err(Error::usage(format!(
                        "--group-by '{list}': '{twice}' is named twice; name each field once"
                    )));
                }
                if let Some((field, reports)) = fields.iter().find_map(|f| {
                    let reports = crate::report::reports_with_column(f);
                    (!reports.is_empty()).then_some((f, reports))
                }) {
                    return Err(Error::usage(format!(
                        "--group-by '{list}': '{field}' is also a column of {}, which would \
                         then have two columns of that name (and slant sample, report and \
                         agreement would read the wrong one); give the field another name in \
                         the input",
                        reports.join(", ")
                    )));
                }
                Some(fields)
            }
        };
        let mut lexicons = load_lexicons(&args.lexicon)?;
        // The targets files' own warnings go to run.json with the lexicons'.
        let targets = load_targets(&args.targets, &mut lexicons.warnings)?;
        let threads = thread_count(args.threads)?;
        if !(args.dup_threshold > 0.0 && args.dup_threshold <= 1.0) {
            return Err(Error::usage(format!(
                "--dup-threshold {}: give a similarity above 0 and at most 1",
                args.dup_threshold
            )));
        }
        if args.shard.is_some() && args.html {
            return Err(Error::usage(
                "--html draws the whole corpus: give it to `slant merge`, not to a --shard run",
            ));
        }
        if args.context > 10_000 {
            return Err(Error::usage("--context is at most 10000 characters"));
        }
        Ok(ScoreConfig {
            inputs: args.inputs.clone(),
            lexicons,
            input: {
                let mut input = input_options(&args.input);
                input.skip_dir = Some(args.out.clone());
                input.paths = dotted(input.paths.iter().chain(group_by.iter().flatten()));
                input
            },
            out: args.out.clone(),
            group_by,
            period: args.period,
            date_format: args.date_format,
            language: Lang::setting(&args.input.language),
            targets,
            dedupe: args.dedupe,
            dup_threshold: args.dup_threshold,
            strict: args.strict,
            context: args.context,
            omit: Omitted::of(&args.omit),
            threads,
            quiet: args.quiet,
            html: args.html,
            shard: args.shard,
        })
    }
}

/// The output folder must not be an existing file (least of all one of the inputs), a device
/// or a link to nothing.
fn check_out_dir(out: &Path, inputs: &[PathBuf]) -> Result<()> {
    if let Some(not_folder) = crate::report::not_a_folder(out) {
        let is_input = inputs.iter().any(|i| same_file(i, out));
        let what = if is_input {
            "is one of the inputs"
        } else {
            &not_folder
        };
        return Err(Error::usage(format!(
            "--out {}: {what}; name a folder for the reports",
            out.display()
        )));
    }
    Ok(())
}

/// No report may replace a file the run reads (an input, a lexicon, the targets), and the
/// output folder may not be a folder it reads: the next run would read the reports back as
/// corpus. (An output folder inside an input folder is skipped by the walk instead.)
fn check_reads_survive(out: &Path, reads: &[&Path]) -> Result<()> {
    for read in reads {
        if read.is_dir() && same_file(read, out) {
            return Err(Error::usage(format!(
                "--out {}: is a folder this run reads ({}); its reports would be read as \
                 corpus or lexicons next time; name another folder for the reports",
                out.display(),
                read.display()
            )));
        }
    }
    check_not_replaced(out, &crate::cmd::score::RUN_REPORTS, reads)
}

/// None of the reports `names` written to `out` may replace one of `reads`, the files the run
/// reads.
pub(crate) fn check_not_replaced(out: &Path, names: &[&str], reads: &[&Path]) -> Result<()> {
    for read in reads {
        if let Some(name) = names.iter().find(|name| same_file(read, &out.join(name))) {
            return Err(Error::usage(format!(
                "--out {}: the report {name} would replace {}, which this run reads; name \
                 another folder for the reports",
                out.display(),
                read.display()
            )));
        }
    }
    Ok(())
}

/// `-j`: the threads asked for, at least 1 and at most [`max_threads`]; all cores when not
/// given.
pub(crate) fn thread_count(asked: Option<usize>) -> Result<usize> {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    match asked {
        Some(0) => Err(Error::usage("--threads must be at least 1")),
        Some(n) if n > max_threads(cores) => Err(Error::usage(format!(
            "--threads {n}: at most {} here (4 per core on this machine's {cores}, or 64); \
             threads beyond the cores only add overhead, and tens of thousands take minutes to \
             start",
            max_threads(cores)
        ))),
        Some(n) => Ok(n),
        None => Ok(cores),
    }
}

/// The most threads `-j` may ask for on a machine with `cores` cores: 4 per core, and never
/// fewer than 64, so that a job script written for a larger machine still runs.
pub(crate) fn max_threads(cores: usize) -> usize {
    cores.saturating_mul(4).max(64)
}

/// Whether two paths name the same existing file or folder.
pub(crate) fn same_file(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}
