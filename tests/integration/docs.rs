//! The docs must not drift from the code. These tests run what the documentation shows and
//! fail, naming the line of the doc, when slant no longer does what it says:
//!
//! - [`runs::shown_runs_print_what_the_docs_show`]: every code block of `README.md`,
//!   `examples/README.md` and `docs/*.md` that shows a run. Each `$ …` line of a block
//!   (`$ slant …`, and `$ head -3 …` after it) runs in `sh`, with the slant under test first on
//!   the `PATH`, in a temporary folder holding the repository files it names. The lines after
//!   it, up to the next `$`, must be lines of what it printed (stdout and stderr together), in
//!   order: `...` stands for lines left out, and a block may leave lines out without it too.
//!   Not compared: white space at the end of a line, and the two figures of the summary line
//!   that vary from run to run (`in 0.01 s`, `0.8 MB/s`). A block that shows output without
//!   its command is run with the command [`runs::UNSHOWN`] gives it; a block of a report's
//!   rows (a CSV header, some columns only) is compared with that report, cell by cell by
//!   column name. The blocks of a document run in its order, in one folder, as a reader would
//!   run them: `slant sample` draws from the reports of the `slant score` above it. A block of
//!   bare `slant …` lines (commands to try) must run without error.
//! - [`runs::the_synopsis_lists_the_flags_of_each_command`]: README *Commands* shows every
//!   flag of each command's `--help` (by its long or its short form), and no flag it lacks.
//! - [`codebook::the_codebook_lists_every_report_and_column_slant_writes`]: every file the
//!   commands write, each column of its CSV header and each key of its JSON has its section in
//!   `reports/README.md`, and every column the codebook lists for a file is one slant writes.
//!   The values of a few columns that hold names (`metric`, `statistic`, `part`, `voice`,
//!   `device`) are names the column's row gives.
//! - [`lexicons::every_builtin_category_is_defined_in_the_lexicon_codebook`] and
//!   [`lexicons::every_category_the_lexicon_codebook_names_exists`]: the categories of
//!   `slant lexicon list` against `lexicons/README.md`, with their lexicon, their number of
//!   entries and the weight of each word choice.
//!
//! The docs' commands are shell commands, so these tests run where `sh` does.

#![cfg(unix)]

use std::collections::BTreeSet;

use crate::util::repo;

fn read_repo(path: &str) -> String {
    std::fs::read_to_string(repo(path)).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// The words written between backticks in `text`.
fn backticked(text: &str) -> impl Iterator<Item = &str> {
    text.split('`').skip(1).step_by(2)
}

/// Fails with every problem found (each once), a blank line between them.
fn assert_none(problems: &[String]) {
    let mut seen = BTreeSet::new();
    let problems: Vec<&String> = problems.iter().filter(|p| seen.insert(*p)).collect();
    let text: Vec<&str> = problems.iter().map(|p| p.as_str()).collect();
    assert!(problems.is_empty(), "\n{}\n", text.join("\n\n"));
}

mod codebook;
mod lexicons;
mod runs;
