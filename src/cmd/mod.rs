//! One file per subcommand: wiring from validated settings to the library, and the only
//! code (with `report/` and `progress`) that writes to stdout or stderr.

pub mod agreement;
pub mod compare;
pub mod explain;
pub mod lexicon;
pub mod merge;
pub mod report;
pub mod sample;
pub mod score;

use std::io::Write;

use crate::Result;
use crate::cli::{Cli, Command};
use crate::config::ScoreConfig;
use crate::diag::counted;
use crate::report::run::MAX_LISTED_WARNINGS;
use crate::shard::Shard;
use std::path::Path;

/// Run the command the user typed.
pub fn run(cli: Cli, command_line: Vec<String>) -> Result<()> {
    match cli.command {
        Command::Score(args) => {
            let cfg = ScoreConfig::from_args(&args)?;
            let cancel = crate::cancel::Cancel::on_signals();
            let summary = score::run(&cfg, command_line, &cancel)?;
            if !cfg.quiet {
                print_summary(&summary, &cfg.out, cfg.shard);
            }
            if args.html {
                report::summary(&cfg.out, None, &crate::html::Options::default(), cfg.quiet)?;
            }
            Ok(())
        }
        Command::Merge(args) => {
            let cancel = crate::cancel::Cancel::on_signals();
            let summary = merge::run(&args, command_line, &cancel)?;
            if !args.quiet {
                print_summary(&summary, &args.out, None);
            }
            if args.html {
                report::summary(
                    &args.out,
                    None,
                    &crate::html::Options::default(),
                    args.quiet,
                )?;
            }
            Ok(())
        }
        Command::Lexicon(args) => lexicon::run(args),
        Command::Explain(args) => explain::run(&args),
        Command::Compare(args) => compare::run(&args, command_line),
        Command::Report(args) => report::run(&args),
        Command::Sample(args) => sample::run(&args),
        Command::Agreement(args) => agreement::run(&args),
    }
}

/// The line `score` and `merge` end with on stderr.
fn print_summary(summary: &score::Summary, out: &Path, shard: Option<Shard>) {
    let mb = summary.text_bytes as f64 / 1e6;
    let rate = if summary.seconds > 0.0 {
        mb / summary.seconds
    } else {
        0.0
    };
    let mut err = std::io::stderr().lock();
    let what = match shard {
        Some(s) => format!("shard {s}: scored"),
        None => "scored".into(),
    };
    // A shard cannot count warnings: most (duplicate ids, say) are found by the merge.
    let warnings = match shard {
        Some(_) => String::new(),
        None => format!(
            ", {}",
            counted(summary.warnings as u64, "warning", "warnings")
        ),
    };
    // A file that could not be read at all holds records nobody counted: say so here, not
    // only in skipped.csv.
    let unread = match summary.files_unreadable {
        0 => String::new(),
        n => format!(
            " and {} not read (see skipped.csv)",
            counted(n, "file", "files")
        ),
    };
    let _ = writeln!(
        err,
        "slant: {what} {} ({}), skipped {}{unread}{warnings}, in {:.2} s \
         ({mb:.1} MB of text, {rate:.1} MB/s); {} in {}",
        counted(summary.articles, "article", "articles"),
        counted(summary.matches, "match", "matches"),
        summary.skipped,
        summary.seconds,
        if shard.is_some() {
            "partial result"
        } else {
            "reports"
        },
        out.display()
    );
    if !summary.removed.is_empty() {
        let _ = writeln!(
            err,
            "slant: removed {} of an earlier run from {}: this run did not write {}",
            summary.removed.join(", "),
            out.display(),
            if summary.removed.len() == 1 {
                "it"
            } else {
                "them"
            }
        );
    }
    if let Some(first) = &summary.first_warning {
        let _ = match summary.warnings {
            1 => writeln!(
                err,
                "slant: the warning is in {}/run.json: {first}",
                out.display()
            ),
            n if n <= MAX_LISTED_WARNINGS => writeln!(
                err,
                "slant: the {n} warnings are in {}/run.json; the first: {first}",
                out.display()
            ),
            n => writeln!(
                err,
                "slant: the first {MAX_LISTED_WARNINGS} of the {n} warnings are in {}/run.json; \
                 the first: {first}",
                out.display()
            ),
        };
    }
    if let Some(s) = shard {
        let _ = writeln!(
            err,
            "slant: when all {} shards are done, combine them with `slant merge DIR... --out DIR`",
            s.count
        );
    } else if summary.skipped > 0 {
        let _ = writeln!(
            err,
            "slant: see {}/skipped.csv for the skipped records",
            out.display()
        );
    }
}
