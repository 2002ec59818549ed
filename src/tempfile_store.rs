//! An unnamed temporary file that slant appends to and reads back, for what would otherwise
//! grow in memory with the corpus (the per-article values of `groups.csv`, the wire-copy
//! signatures). It lives in the system's temporary folder (`TMPDIR`), is created at the first
//! write, and is deleted by the system when slant exits, however it exits. Every failure is
//! an error naming the folder and what the file holds.

use std::fs::File;
use std::io::{self, Read, Seek, SeekFrom, Write};
use std::path::PathBuf;

use crate::{Error, Result};

#[derive(Debug)]
pub struct TempStore {
    file: Option<File>,
    /// The folder it is in, for messages (the file itself has no name).
    dir: PathBuf,
    /// What it holds, for messages: "the wire-copy signatures".
    holds: &'static str,
}

impl TempStore {
    /// A store for `holds`; no file exists until the first [`TempStore::append`].
    pub fn new(holds: &'static str) -> Self {
        TempStore {
            file: None,
            dir: std::env::temp_dir(),
            holds,
        }
    }

    /// The error for a failed `action` (create, write, read back).
    pub fn error(&self, action: &str, e: &io::Error) -> Error {
        Error::temp_file(&self.dir, action, self.holds, e)
    }

    /// Appends `bytes` at the end of the file, creating it the first time.
    pub fn append(&mut self, bytes: &[u8]) -> Result<()> {
        let file = match &mut self.file {
            Some(file) => file,
            None => {
                let file =
                    tempfile::tempfile_in(&self.dir).map_err(|e| self.error("create", &e))?;
                self.file.insert(file)
            }
        };
        // At the end, wherever a read left the shared offset.
        let written = file
            .seek(SeekFrom::End(0))
            .and_then(|_| file.write_all(bytes));
        written.map_err(|e| self.error("write", &e))
    }

    /// Fills `buf` with the bytes from `offset` on.
    pub fn read_at(&self, offset: u64, buf: &mut [u8]) -> Result<()> {
        let read = match &self.file {
            Some(file) => {
                let mut file = file;
                file.seek(SeekFrom::Start(offset))
                    .and_then(|_| file.read_exact(buf))
            }
            None => Err(io::ErrorKind::NotFound.into()),
        };
        read.map_err(|e| self.error("read back", &e))
    }
}
