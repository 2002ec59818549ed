//! Will the reports fit? A run writes about five bytes of reports per byte of input, so a large
//! corpus can fill the disk after hours of work. Once a small share of the input has been read,
//! [`SpaceCheck`] projects the reports' final size from what has been written so far and warns
//! when that is more than the output folder's disk has free, while there is still time to stop
//! and choose another `--out` or `--omit matches`.

use std::path::{Path, PathBuf};

/// The share of the input (stored bytes) read before the projection is made: 1 / 50.
const CHECK_AT: u64 = 50;

/// The projection of one run, once made.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Projection {
    /// Stored bytes of input read, and in all.
    pub read: u64,
    pub total: u64,
    /// Bytes of reports written so far, and the projected size once all is read.
    pub written: u64,
    pub projected: u64,
    /// Bytes free for this user on the output folder's file system.
    pub free: u64,
    pub source: Source,
}

/// What a run reads, to project its reports from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    /// The corpus (`slant score`).
    Input,
    /// The shards' partial results (`slant merge`), whose options decide the reports' size.
    Partials,
}

impl Source {
    fn name(self) -> &'static str {
        match self {
            Source::Input => "input",
            Source::Partials => "partial results",
        }
    }

    /// How to write less.
    fn hint(self) -> &'static str {
        match self {
            Source::Input => "--omit matches or --context 0 write less",
            Source::Partials => "give --out a folder on a disk with more room",
        }
    }
}

impl Projection {
    /// The projection when the reports grow with the input at the rate seen so far; `None`
    /// before anything is read or written.
    pub fn of(read: u64, total: u64, written: u64, free: u64) -> Option<Projection> {
        Self::of_source(read, total, written, free, Source::Input)
    }

    /// [`Projection::of`] for another source than the input.
    pub fn of_source(
        read: u64,
        total: u64,
        written: u64,
        free: u64,
        source: Source,
    ) -> Option<Projection> {
        if read == 0 || written == 0 || total == 0 {
            return None;
        }
        let projected = (u128::from(written) * u128::from(total.max(read)) / u128::from(read))
            .try_into()
            .unwrap_or(u64::MAX);
        Some(Projection {
            read,
            total,
            written,
            projected,
            free,
            source,
        })
    }

    /// Whether what is still to be written exceeds the space free.
    pub fn short(&self) -> bool {
        self.projected.saturating_sub(self.written) > self.free
    }

    /// The warning for an output folder `dir`.
    pub fn warning(&self, dir: &Path) -> String {
        format!(
            "{}: the disk may fill before the run ends: after {} of {} of {} the reports take \
             {}, about {} once all is read, and {} is free ({})",
            dir.display(),
            size(self.read),
            size(self.total),
            self.source.name(),
            size(self.written),
            size(self.projected),
            size(self.free),
            self.source.hint()
        )
    }
}

/// A size in decimal units, as the README gives them: `512 bytes`, `3.4 MB`, `12.0 GB`.
pub fn size(bytes: u64) -> String {
    let b = bytes as f64;
    if bytes >= 1_000_000_000_000 {
        format!("{:.1} TB", b / 1e12)
    } else if bytes >= 1_000_000_000 {
        format!("{:.1} GB", b / 1e9)
    } else if bytes >= 1_000_000 {
        format!("{:.1} MB", b / 1e6)
    } else if bytes >= 1_000 {
        format!("{:.1} kB", b / 1e3)
    } else {
        format!("{bytes} bytes")
    }
}

/// Looks once, early in a run, whether the reports will fit (see the module).
#[derive(Debug)]
pub struct SpaceCheck {
    dir: PathBuf,
    /// Stored bytes of all the inputs; `None` (no check) for standard input.
    total: Option<u64>,
    source: Source,
    done: bool,
}

impl SpaceCheck {
    /// A check for reports written to `dir` from `total` stored bytes of input.
    pub fn new(dir: &Path, total: Option<u64>) -> Self {
        Self::reading(dir, total, Source::Input)
    }

    /// A check for reports written from `total` bytes of `source`.
    pub fn reading(dir: &Path, total: Option<u64>, source: Source) -> Self {
        SpaceCheck {
            dir: dir.to_path_buf(),
            total,
            source,
            done: false,
        }
    }

    /// Called as the run goes, with the stored bytes of input read and the bytes of reports
    /// written so far. Once a fiftieth of the input is read and something is written, makes
    /// the projection (once) and returns the warning when the reports will not fit.
    pub fn after(&mut self, read: u64, written: u64) -> Option<String> {
        let total = self.total?;
        if self.done || written == 0 || read.saturating_mul(CHECK_AT) < total {
            return None;
        }
        self.done = true;
        let p = Projection::of_source(read, total, written, free_space(&self.dir)?, self.source)?;
        p.short().then(|| p.warning(&self.dir))
    }
}

/// Bytes an unprivileged user may still write on the file system holding `dir`; `None` where
/// that cannot be learned (then nothing is checked).
#[cfg(target_os = "linux")]
fn free_space(dir: &Path) -> Option<u64> {
    let s = rustix::fs::statvfs(dir).ok()?;
    s.f_bavail.checked_mul(s.f_frsize)
}

#[cfg(not(target_os = "linux"))]
fn free_space(_dir: &Path) -> Option<u64> {
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_projection_scales_what_is_written_by_the_input_left() {
        // 100 MB of 5 GB read, 480 MB written: 24 GB in all, 23.52 GB still to come.
        let p = Projection::of(100_000_000, 5_000_000_000, 480_000_000, 23_000_000_000).unwrap();
        assert_eq!(p.projected, 24_000_000_000);
        assert!(p.short());
        let roomy = Projection {
            free: 23_520_000_000,
            ..p
        };
        assert!(!roomy.short(), "exactly enough room is enough");
        assert_eq!(
            p.warning(Path::new("out")),
            "out: the disk may fill before the run ends: after 100.0 MB of 5.0 GB of input the \
             reports take 480.0 MB, about 24.0 GB once all is read, and 23.0 GB is free \
             (--omit matches or --context 0 write less)"
        );
        assert_eq!(Projection::of(0, 10, 5, 0), None);
        assert_eq!(Projection::of(5, 10, 0, 0), None);
        // Input that grew while it was read (a file still being appended to) is not a loss.
        assert_eq!(Projection::of(20, 10, 7, 0).unwrap().projected, 7);
    }

    #[test]
    fn sizes_are_decimal() {
        assert_eq!(size(999), "999 bytes");
        assert_eq!(size(1_500), "1.5 kB");
        assert_eq!(size(574_400_000), "574.4 MB");
        assert_eq!(size(23_800_000_000), "23.8 GB");
        assert_eq!(size(310_000_000_000_000), "310.0 TB");
    }

    #[test]
    fn the_check_waits_for_a_fiftieth_of_the_input_and_looks_once() {
        let dir = tempfile::tempdir().unwrap();
        let mut check = SpaceCheck::new(dir.path(), Some(5_000));
        assert_eq!(check.after(99, 1_000), None, "before a fiftieth");
        assert!(!check.done);
        assert_eq!(check.after(100, 0), None, "nothing written yet");
        assert!(!check.done);
        // A projection past the size of any disk.
        let warning = check.after(100, u64::MAX / 4);
        if cfg!(target_os = "linux") {
            let warning = warning.expect("a warning");
            assert!(
                warning.contains("the disk may fill before the run ends"),
                "{warning}"
            );
        }
        assert!(check.done);
        assert_eq!(check.after(5_000, u64::MAX / 4), None, "once only");
        let mut stdin = SpaceCheck::new(dir.path(), None);
        assert_eq!(stdin.after(1, 1), None);
    }
}
