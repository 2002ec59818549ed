//! Typed rows -> CSV and JSON files in the output folder, written atomically: every file goes
//! to a temporary name in the same folder and is renamed into place only when the whole run
//! has succeeded, so a failed run never leaves a half-written report and never replaces an
//! existing one.

pub mod csv;
pub mod rows;
pub mod run;
pub mod tables;
mod text;

use std::fs;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use tempfile::{NamedTempFile, TempPath};

use crate::{Error, Result};

pub use self::csv::{Cell, CsvSink};

/// The set of reports of one run, pending until [`Reports::commit`].
#[derive(Debug)]
pub struct Reports {
    dir: PathBuf,
    done: Vec<(TempPath, PathBuf)>,
}

impl Reports {
    /// Prepare the output folder (created if missing).
    pub fn create(dir: &Path) -> Result<Self> {
        fs::create_dir_all(dir).map_err(|e| {
            Error::failure(format!(
                "{}: cannot create the output folder: {e}",
                dir.display()
            ))
        })?;
        Ok(Reports {
            dir: dir.to_path_buf(),
            done: Vec::new(),
        })
    }

    fn temp(&self, name: &str) -> Result<NamedTempFile> {
        tempfile::Builder::new()
            .prefix(&format!(".{name}."))
            .suffix(".tmp")
            .tempfile_in(&self.dir)
            .map_err(|e| {
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

    /// Finish a CSV report: flushed now, renamed into place at commit.
    pub fn finish(&mut self, sink: CsvSink) -> Result<()> {
        let (temp, target) = sink.finish()?;
        self.done.push((temp, target));
        Ok(())
    }

    /// Write a JSON report (pretty-printed, with a final newline).
    pub fn json<T: serde::Serialize>(&mut self, name: &str, value: &T) -> Result<()> {
        let target = self.dir.join(name);
        let file = self.temp(name)?;
        let write_err = |e: &dyn std::fmt::Display| {
            Error::failure(format!("{}: cannot write: {e}", target.display()))
        };
        let mut w = BufWriter::new(file);
        serde_json::to_writer_pretty(&mut w, value).map_err(|e| write_err(&e))?;
        w.write_all(b"\n").map_err(|e| write_err(&e))?;
        let file = w
            .into_inner()
            .map_err(|e| write_err(&e.error().to_string()))?;
        file.as_file().sync_all().map_err(|e| write_err(&e))?;
        self.done.push((file.into_temp_path(), target));
        Ok(())
    }

    /// Rename every finished report into place.
    pub fn commit(self) -> Result<Vec<PathBuf>> {
        let mut written = Vec::new();
        for (temp, target) in self.done {
            temp.persist(&target).map_err(|e| {
                Error::failure(format!(
                    "{}: cannot replace the report: {}",
                    target.display(),
                    e.error
                ))
            })?;
            written.push(target);
        }
        Ok(written)
    }
}
