//! `slant report REPORTS_DIR`: draw `summary.html` from a folder of reports (also run by
//! `slant score --html` once its reports are written). Wiring only: the page is built by
//! `html`, written atomically by `report`.

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::cli::ReportArgs;
use crate::html::{self, Options};
use crate::{Error, Result};

pub fn run(args: &ReportArgs) -> Result<()> {
    if !args.reports.is_dir() {
        return Err(Error::usage(format!(
            "{}: not a folder; name the folder of reports written by `slant score --out`",
            args.reports.display()
        )));
    }
    for (flag, value) in [("--max-groups", args.max_groups), ("--kwic", args.kwic)] {
        if value == 0 {
            return Err(Error::usage(format!("{flag} must be at least 1")));
        }
    }
    let opts = Options {
        max_groups: args.max_groups,
        terms: args.terms,
        kwic: args.kwic,
    };
    summary(&args.reports, args.out.as_deref(), &opts, args.quiet)
}

/// Write the page for the reports in `dir` to `out` (default `dir/summary.html`).
pub fn summary(dir: &Path, out: Option<&Path>, opts: &Options, quiet: bool) -> Result<()> {
    let target: PathBuf = out.map_or_else(|| dir.join(html::FILE_NAME), Path::to_path_buf);
    html::check_target(&target)?;
    let notes = html::write(dir, &target, opts)?;
    if !quiet {
        let mut err = std::io::stderr().lock();
        for note in &notes {
            let _ = writeln!(err, "slant: note: {note}");
        }
        let _ = writeln!(err, "slant: wrote {}", target.display());
    }
    Ok(())
}
