//! Typed rows -> CSV and JSON files in the output folder, written atomically: every file goes
//! to a temporary name in the same folder and is renamed into place only when the whole run
//! has succeeded, so a failed run never leaves a half-written report and never replaces an
//! existing one. A run killed outright (SIGKILL, power loss) leaves its temporary files,
//! named `.NAME.XXXXXX.tmp`, next to the untouched reports; the next run says so in a warning
//! and never deletes them itself, since another run may be writing them.

pub mod csv;
pub mod known;
pub mod rows;
pub mod run;
pub mod space;
pub mod tables;
mod text;

use std::fs;
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

use tempfile::{NamedTempFile, TempPath};

use crate::{Error, Result};

use self::csv::EarlyWriteback;
pub use self::csv::{Cell, CsvSink};

/// The reports that have a column named `name` of their own, besides the group columns (in
/// the order they are written). A group field of such a name would give those reports two
/// columns of one name.
pub fn reports_with_column(name: &str) -> Vec<&'static str> {
    let has = |columns: &[&str]| columns.contains(&name);
    [
        ("articles.csv", has(&rows::ARTICLE_COLUMNS) || name == "id"),
        ("matches.csv", has(&rows::MATCH_COLUMNS) || name == "id"),
        (
            "quotations.csv",
            has(&rows::QUOTATION_COLUMNS) || name == "id",
        ),
        ("targets.csv", has(&tables::TARGET_COLUMNS)),
        ("groups.csv", has(&tables::GROUP_COLUMNS)),
        ("terms.csv", has(&tables::TERM_COLUMNS)),
        ("choices.csv", has(&tables::CHOICE_COLUMNS)),
        (
            "sample.csv",
            has(&crate::cmd::sample::OWN) || has(&crate::cmd::sample::COPIED) || name == "id",
        ),
        (
            "agreement.csv",
            has(&crate::cmd::agreement::TAIL) || has(&crate::cmd::agreement::HEAD),
        ),
    ]
    .into_iter()
    .filter_map(|(report, clash)| clash.then_some(report))
    .collect()
}

/// The set of reports of one run, pending until [`Reports::commit`].
#[derive(Debug)]
pub struct Reports {
    dir: PathBuf,
    done: Vec<Pending>,
}

/// A finished report in its temporary file, being made durable by a thread of its own: the
/// `fsync` of hundreds of megabytes of rows waits on the disk, not the processor, so it runs
/// while the run goes on computing the next table. [`Reports::commit`] waits for every one.
#[derive(Debug)]
struct Pending {
    temp: TempPath,
    target: PathBuf,
    sync: Sync,
}

#[derive(Debug)]
enum Sync {
    Running(std::thread::JoinHandle<io::Result<()>>),
    /// No thread could be started: synced in place, with this outcome.
    Done(io::Result<()>),
}

impl Sync {
    /// Sync `file` on a thread of its own, after the early writeback of a CSV report (see
    /// [`EarlyWriteback`]) has finished, keeping the first error of either.
    fn start(file: fs::File, early: Option<EarlyWriteback>) -> Sync {
        type Slot = std::sync::Mutex<Option<(fs::File, Option<EarlyWriteback>)>>;
        let run = |slot: &Slot| -> io::Result<()> {
            let Some((file, early)) = slot.lock().ok().and_then(|mut s| s.take()) else {
                return Err(io::Error::other("the report's sync was lost"));
            };
            early.map_or(Ok(()), EarlyWriteback::finish)?;
            file.sync_all()
        };
        // The work goes to the thread through a slot, from which the fallback takes it back
        // and syncs in place when no thread can be started.
        let slot = std::sync::Arc::new(Slot::new(Some((file, early))));
        let theirs = std::sync::Arc::clone(&slot);
        match std::thread::Builder::new()
            .name("slant-sync".into())
            .spawn(move || run(&theirs))
        {
            Ok(handle) => Sync::Running(handle),
            Err(_) => Sync::Done(run(&slot)),
        }
    }

    fn wait(self) -> io::Result<()> {
        match self {
            Sync::Running(handle) => handle
                .join()
                .unwrap_or_else(|_| Err(io::Error::other("the sync thread panicked"))),
            Sync::Done(outcome) => outcome,
        }
    }
}

/// A write to `target` failed: name the file, say what the system said, and what to do when
/// the cause is a full disk or a file-size limit. Nothing was committed, so the reports of an
/// earlier run are still in place.
pub(crate) fn write_error(target: &Path, e: &io::Error) -> Error {
    let hint = match e.kind() {
        io::ErrorKind::StorageFull | io::ErrorKind::QuotaExceeded => {
            " (the disk is full: free some space or give another --out)"
        }
        io::ErrorKind::FileTooLarge => " (over the system's file-size limit, see `ulimit -f`)",
        _ => "",
    };
    Error::failure(format!(
        "{}: cannot write: {e}{hint}; no report was written, earlier reports are unchanged",
        target.display()
    ))
}

/// The first `limit` bytes of a file, as text (invalid UTF-8 replaced); `None` when it cannot
/// be read. Enough to tell from its header or first lines who wrote a file.
pub fn file_head(path: &Path, limit: u64) -> Option<String> {
    use std::io::Read;
    let mut head = Vec::new();
    fs::File::open(path)
        .and_then(|f| f.take(limit).read_to_end(&mut head))
        .ok()?;
    Some(String::from_utf8_lossy(&head).into_owned())
}

/// A command that writes one file needs a file path for `--out`, not a folder.
pub fn check_file_target(target: &Path) -> Result<()> {
    if target.is_dir() {
        return Err(Error::usage(format!(
            "--out {}: is a folder; name the file to write",
            target.display()
        )));
    }
    Ok(())
}

/// True for a name this module gives its temporary files: `.NAME.csv.XXXXXX.tmp` or
/// `.NAME.json.XXXXXX.tmp`.
fn is_temp_name(name: &str) -> bool {
    let Some(inner) = name.strip_prefix('.').and_then(|n| n.strip_suffix(".tmp")) else {
        return false;
    };
    let Some((report, random)) = inner.rsplit_once('.') else {
        return false;
    };
    !random.is_empty()
        && random.chars().all(|c| c.is_ascii_alphanumeric())
        && [".csv", ".json", ".bin"]
            .iter()
            .any(|ext| report.ends_with(ext))
        && report.len() > ".csv".len()
}

/// Why `dir`, which exists, cannot be an output folder: a file, a device such as
/// `/dev/null`, or a link to nothing. `None` for a folder or a path that does not exist yet.
pub(crate) fn not_a_folder(dir: &Path) -> Option<String> {
    let link = fs::symlink_metadata(dir).ok()?;
    match fs::metadata(dir) {
        Ok(m) if m.is_dir() => None,
        Ok(m) if m.is_file() => Some("is a file, not a folder".into()),
        Ok(_) => Some("is a device or other special file, not a folder".into()),
        Err(_) if link.file_type().is_symlink() => {
            let to = fs::read_link(dir).map_or_else(|_| "?".into(), |t| t.display().to_string());
            Some(format!("is a link to {to}, which leads to no folder"))
        }
        Err(_) => None,
    }
}

impl Reports {
    /// Prepare the output folder (created if missing) and make sure a file can be created in
    /// it, so that an unwritable folder is found before the corpus is read, not after.
    pub fn create(dir: &Path) -> Result<Self> {
        if let Some(what) = not_a_folder(dir) {
            return Err(Error::usage(format!(
                "{}: {what}; name a folder for the reports",
                dir.display()
            )));
        }
        fs::create_dir_all(dir).map_err(|e| {
            Error::failure(format!(
                "{}: cannot create the output folder: {e}",
                dir.display()
            ))
        })?;
        let reports = Reports {
            dir: dir.to_path_buf(),
            done: Vec::new(),
        };
        drop(reports.temp("probe")?);
        Ok(reports)
    }

    /// [`Reports::create`] for a command that writes one file, `target` (a path the user
    /// named): the reports of the folder it is in (the working folder for a bare name), and
    /// the name to write there (`default_name` when the path has none, as for `..`).
    pub fn for_file(target: &Path, default_name: &str) -> Result<(Self, String)> {
        let folder = match target.parent() {
            Some(p) if !p.as_os_str().is_empty() => p,
            _ => Path::new("."),
        };
        let name = target
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| default_name.to_string());
        Ok((Self::create(folder)?, name))
    }

    /// Temporary files of earlier runs in the output folder (names only, sorted): left by a
    /// run that was killed, or being written by another run right now.
    pub fn stale_temp_files(&self) -> Vec<String> {
        names_in(&self.dir, is_temp_name)
    }

    fn temp(&self, name: &str) -> Result<NamedTempFile> {
        let prefix = format!(".{name}.");
        let mut builder = tempfile::Builder::new();
        builder.prefix(&prefix).suffix(".tmp");
        // Temporary files are private (0600) by default; a report is an ordinary file, so it
        // gets the mode any new file gets (0666 less the umask: 0644 usually), readable by
        // the collaborators the folder is shared with.
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            builder.permissions(fs::Permissions::from_mode(0o666));
        }
        builder.tempfile_in(&self.dir).map_err(|e| {
            Error::failure(format!(
                "{}: cannot write in the output folder: {e}",
                self.dir.display()
            ))
        })
    }

    /// Start a CSV report named `name` (e.g. `articles.csv`) with its header.
    pub fn csv(&self, name: &str, header: &[&str]) -> Result<CsvSink> {
        let file = self.temp(name)?;
        let mut sink = CsvSink::new(file, self.dir.join(name));
        sink.header(header)?;
        Ok(sink)
    }

    /// Start a file of bytes the caller encodes (a shard's `records.bin`).
    pub fn file(&self, name: &str) -> Result<CsvSink> {
        Ok(CsvSink::new(self.temp(name)?, self.dir.join(name)))
    }

    /// Finish a CSV report: flushed now, made durable in the background, renamed into place
    /// at commit.
    pub fn finish(&mut self, sink: CsvSink) -> Result<()> {
        let (file, temp, target, early) = sink.finish()?;
        self.pending(file, temp, target, Some(early));
        Ok(())
    }

    /// Start syncing a written temporary file, to be renamed to `target` at commit.
    fn pending(
        &mut self,
        file: fs::File,
        temp: TempPath,
        target: PathBuf,
        early: Option<EarlyWriteback>,
    ) {
        self.done.push(Pending {
            temp,
            target,
            sync: Sync::start(file, early),
        });
    }

    /// Write a JSON report (pretty-printed, with a final newline).
    pub fn json<T: serde::Serialize>(&mut self, name: &str, value: &T) -> Result<()> {
        let target = self.dir.join(name);
        // Written through the plain file, so errors are the system's own (see `CsvSink`).
        let (file, temp) = self.temp(name)?.into_parts();
        let write_err = |e: &io::Error| write_error(&target, e);
        let mut w = BufWriter::new(file);
        serde_json::to_writer_pretty(&mut w, value).map_err(|e| write_err(&e.into()))?;
        w.write_all(b"\n").map_err(|e| write_err(&e))?;
        let file = w.into_inner().map_err(|e| write_err(e.error()))?;
        self.pending(file, temp, target, None);
        Ok(())
    }

    /// Wait until every finished report is on disk, then rename each into place and make the
    /// renames durable. A report that could not be synced fails the run before any rename.
    pub fn commit(self) -> Result<Vec<PathBuf>> {
        let mut synced = Vec::with_capacity(self.done.len());
        let mut failed = None;
        for p in self.done {
            match p.sync.wait() {
                Ok(()) => synced.push((p.temp, p.target)),
                Err(e) => failed = failed.or(Some(write_error(&p.target, &e))),
            }
        }
        if let Some(e) = failed {
            return Err(e);
        }
        let mut written = Vec::new();
        for (temp, target) in synced {
            temp.persist(&target).map_err(|e| {
                Error::failure(format!(
                    "{}: cannot replace the report: {} ({} reports were already replaced)",
                    target.display(),
                    e.error,
                    written.len()
                ))
            })?;
            written.push(target);
        }
        sync_dir(&self.dir);
        Ok(written)
    }

    /// [`Reports::commit`] for a command whose reports are a set, `family`: once this run's
    /// reports are in place, a file of the family that this run did not write (left by an
    /// earlier run with other options, such as `targets.csv` without `--targets`) is
    /// removed, so that every report in the folder is of one run. Only a file `ours` vouches
    /// for (by its name and path) is removed: never a user's own file of the same name.
    /// Returns the names removed.
    pub fn commit_replacing(
        self,
        family: &[&str],
        ours: impl Fn(&str, &Path) -> bool,
    ) -> Result<Vec<String>> {
        let dir = self.dir.clone();
        let written = self.commit()?;
        // Decided before any is removed, as one file can vouch for another.
        let stale: Vec<(&str, PathBuf)> = family
            .iter()
            .map(|name| (*name, dir.join(name)))
            .filter(|(name, path)| !written.contains(path) && path.is_file() && ours(name, path))
            .collect();
        let mut removed = Vec::new();
        for (name, path) in stale {
            fs::remove_file(&path).map_err(|e| {
                Error::failure(format!(
                    "{}: cannot remove this report of an earlier run, which this run did not \
                     write: {e}; every other report in the folder is this run's",
                    path.display()
                ))
            })?;
            removed.push(name.to_string());
        }
        if !removed.is_empty() {
            sync_dir(&dir);
        }
        Ok(removed)
    }
}

/// Best effort: on Unix a folder can be synced, so renames and removals survive a power cut.
fn sync_dir(dir: &Path) {
    #[cfg(unix)]
    if let Ok(dir) = fs::File::open(dir) {
        let _ = dir.sync_all();
    }
    #[cfg(not(unix))]
    let _ = dir;
}

/// The names of the entries of `dir` that `keep` picks, sorted; none when it cannot be read.
pub fn names_in(dir: &Path, keep: impl Fn(&str) -> bool) -> Vec<String> {
    let Ok(entries) = fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut names: Vec<String> = entries
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| keep(n))
        .collect();
    names.sort();
    names
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn temp_names_are_recognised() {
        assert!(is_temp_name(".articles.csv.AbC123.tmp"));
        assert!(is_temp_name(".run.json.x9Y8z7.tmp"));
        assert!(!is_temp_name("articles.csv"));
        assert!(!is_temp_name(".csv.AbC123.tmp"));
        assert!(!is_temp_name(".notes.txt.AbC123.tmp"));
        assert!(is_temp_name(".records.bin.AbC123.tmp"));
        assert!(!is_temp_name(".articles.csv..tmp"));
    }

    #[test]
    fn a_full_disk_is_named_as_such() {
        let e = io::Error::from(io::ErrorKind::StorageFull);
        let msg = write_error(Path::new("out/articles.csv"), &e).to_string();
        assert!(msg.starts_with("out/articles.csv: cannot write: "), "{msg}");
        assert!(msg.contains("the disk is full"), "{msg}");
        assert!(msg.contains("no report was written"), "{msg}");
    }

    #[test]
    fn a_long_report_is_synced_while_it_is_written_and_committed_whole() {
        let dir = tempfile::tempdir().unwrap();
        let mut reports = Reports::create(dir.path()).unwrap();
        let mut sink = reports.csv("big.csv", &["n"]).unwrap();
        sink.writeback_step(32 << 10);
        for n in 0..100_000u64 {
            sink.row(&[Cell::Int(n)]).unwrap();
        }
        // 588,892 bytes: a sync every 32 KB at most, fewer while one is still running; the
        // syncs past the first 128 KB also let the synced pages leave the cache.
        let started = sink.writeback_step(32 << 10);
        assert!((1..=17).contains(&started), "{started} syncs started");
        reports.finish(sink).unwrap();
        reports.commit().unwrap();
        let text = fs::read_to_string(dir.path().join("big.csv")).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), 100_001);
        assert_eq!((lines[0], lines[1], lines[100_000]), ("n", "0", "99999"));
        assert!(
            lines
                .iter()
                .skip(1)
                .enumerate()
                .all(|(i, l)| *l == i.to_string())
        );
    }

    #[test]
    fn a_failed_early_sync_fails_the_commit_naming_the_report() {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join("big.csv"), "earlier run\n").unwrap();
        let mut reports = Reports::create(dir.path()).unwrap();
        let mut sink = reports.csv("big.csv", &["n"]).unwrap();
        sink.row(&[Cell::Int(1)]).unwrap();
        sink.fail_writeback(io::Error::other("injected I/O error"));
        reports.finish(sink).unwrap();
        let msg = reports.commit().unwrap_err().to_string();
        assert!(
            msg.contains("big.csv: cannot write: injected I/O error"),
            "{msg}"
        );
        assert!(msg.contains("earlier reports are unchanged"), "{msg}");
        let kept = fs::read_to_string(dir.path().join("big.csv")).unwrap();
        assert_eq!(kept, "earlier run\n");
    }
}
