//! One file per subcommand: wiring from validated settings to the library, and the only
//! code (with `report/` and `progress`) that writes to stdout or stderr.

pub mod agreement;
pub mod compare;
pub mod explain;
pub mod lexicon;
pub mod report;
pub mod sample;
pub mod score;

use std::io::Write;

use crate::Result;
use crate::cli::{Cli, Command};
use crate::config::ScoreConfig;

/// Run the command the user typed.
pub fn run(cli: Cli, command_line: Vec<String>) -> Result<()> {
    match cli.command {
        Command::Score(args) => {
            let cfg = ScoreConfig::from_args(&args)?;
            let cancel = crate::cancel::Cancel::on_signals();
            let summary = score::run(&cfg, command_line, &cancel)?;
            if !cfg.quiet {
                let mb = summary.text_bytes as f64 / 1e6;
                let mut err = std::io::stderr().lock();
                let _ = writeln!(
                    err,
                    "slant: scored {} articles ({} matches), skipped {}, {} warnings, in {:.2} s \
                     ({:.1} MB of text, {:.1} MB/s); reports in {}",
                    summary.articles,
                    summary.matches,
                    summary.skipped,
                    summary.warnings,
                    summary.seconds,
                    mb,
                    if summary.seconds > 0.0 {
                        mb / summary.seconds
                    } else {
                        0.0
                    },
                    cfg.out.display()
                );
                if summary.skipped > 0 {
                    let _ = writeln!(
                        err,
                        "slant: see {}/skipped.csv for the skipped records",
                        cfg.out.display()
                    );
                }
            }
            if args.html {
                report::summary(&cfg.out, None, &crate::html::Options::default(), cfg.quiet)?;
            }
            Ok(())
        }
        Command::Lexicon(args) => lexicon::run(args),
        Command::Explain(args) => explain::run(&args),
        Command::Compare(args) => compare::run(&args),
        Command::Report(args) => report::run(&args),
        Command::Sample(args) => sample::run(&args),
        Command::Agreement(args) => agreement::run(&args),
    }
}
