//! The progress bar on stderr (indicatif): shown only when stderr is a terminal and `-q` is
//! not given. Position is stored bytes read, so the ETA is right for compressed input too.

use std::io::{IsTerminal, Write};
use std::time::Duration;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// A progress bar, or nothing.
#[derive(Debug)]
pub struct Progress {
    bar: Option<ProgressBar>,
}

impl Progress {
    /// A bar over `total` bytes (a spinner when the size is unknown, e.g. stdin).
    pub fn new(total: Option<u64>, quiet: bool) -> Self {
        if quiet || !std::io::stderr().is_terminal() {
            return Progress { bar: None };
        }
        let bar = match total {
            Some(total) => {
                let bar = ProgressBar::with_draw_target(Some(total), ProgressDrawTarget::stderr());
                let style = ProgressStyle::with_template(
                    "{bar:20} {bytes}/{total_bytes} {bytes_per_sec} eta {eta} {msg}",
                )
                .unwrap_or_else(|_| ProgressStyle::default_bar());
                bar.set_style(style);
                bar
            }
            None => {
                let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
                let style =
                    ProgressStyle::with_template("{spinner} {bytes} {bytes_per_sec} · {msg}")
                        .unwrap_or_else(|_| ProgressStyle::default_spinner());
                bar.set_style(style);
                bar
            }
        };
        bar.enable_steady_tick(Duration::from_millis(200));
        Progress { bar: Some(bar) }
    }

    /// Report bytes read so far and articles scored.
    pub fn update(&self, bytes: u64, articles: u64) {
        if let Some(bar) = &self.bar {
            bar.set_position(bytes);
            bar.set_message(format!("{articles} articles"));
        }
    }

    /// Print a warning on stderr, above the bar when there is one. Printed even with `-q`:
    /// a warning is not progress, and the ones given this way are about the run's outcome.
    pub fn warn(&self, message: &str) {
        let print = || {
            let _ = writeln!(std::io::stderr().lock(), "slant: warning: {message}");
        };
        match &self.bar {
            Some(bar) => bar.suspend(print),
            None => print(),
        }
    }

    /// Remove the bar before the summary is printed.
    pub fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}
