//! Reading a shard's `records.bin` back: frame by frame, each checked against its CRC-32, and
//! the whole file checked against the `shard.json` it was written with before `slant merge`
//! uses any of it.
//!
//! Everything wrong with a partial result is a usage error (exit 2), like a missing or invalid
//! lexicon: the folders given to `merge` cannot be used as they are, and the fix is to give
//! others (copy the shard's folder again, or score that shard again). Only an error of the
//! system while reading (an I/O error) is a failure (exit 1).

use std::fs::File;
use std::io::{BufReader, Read};
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use super::{FRAMES_FILE, ShardRecord, frame, to_hex};
use crate::cancel::Cancel;
use crate::error::Location;
use crate::{Error, Result};

/// Reads the frames of one shard's `records.bin` in order, one at a time.
pub struct FrameReader {
    path: PathBuf,
    r: BufReader<File>,
    offset: u64,
    size: u64,
    buf: Vec<u8>,
}

impl FrameReader {
    pub fn open(dir: &Path) -> Result<Self> {
        let path = dir.join(FRAMES_FILE);
        let file = File::open(&path).map_err(|e| {
            Error::usage(format!(
                "{}: cannot read the shard's records: {e}",
                path.display()
            ))
        })?;
        let size = file.metadata().map(|m| m.len()).unwrap_or(u64::MAX);
        Ok(FrameReader {
            path,
            r: BufReader::with_capacity(1 << 17, file),
            offset: 0,
            size,
            buf: Vec::new(),
        })
    }

    /// The file's size in bytes.
    pub fn size(&self) -> u64 {
        self.size
    }

    /// Bytes read so far.
    pub fn offset(&self) -> u64 {
        self.offset
    }

    /// An error about this file.
    fn error(&self, message: String) -> Error {
        Error::tagged(Location::file(self.path.display().to_string()), message).into_usage()
    }

    fn damaged(&self, what: &str) -> Error {
        self.error(format!(
            "the record at byte {} is damaged ({what}); run that shard again",
            self.offset
        ))
    }

    /// The system could not read the file: a failure of the machine, not of the shard.
    fn unreadable(&self, e: &std::io::Error) -> Error {
        Error::io(&self.path, e)
    }

    /// The next frame with its record number, or `None` at the end of the file.
    pub fn read(&mut self) -> Result<Option<(u64, frame::Frame)>> {
        if !self.next_payload(None)? {
            return Ok(None);
        }
        let decoded = frame::decode(&self.buf).map_err(|e| self.damaged(&e))?;
        self.step();
        Ok(Some(decoded))
    }

    /// Reads the next frame's payload into `buf`, checked against its CRC-32, and adds the
    /// frame's bytes to `digest` when given; `false` at the end of the file. `offset` is left
    /// at the frame's start, so that an error in its payload names where the frame begins.
    fn next_payload(&mut self, digest: Option<&mut Sha256>) -> Result<bool> {
        let mut header = [0u8; frame::HEADER];
        match read_full(&mut self.r, &mut header) {
            Ok(0) => return Ok(false),
            Ok(frame::HEADER) => {}
            Ok(_) => return Err(self.damaged("the file ends inside a frame's header")),
            Err(e) => return Err(self.unreadable(&e)),
        }
        let (len, crc) = header.split_at(8);
        let len = u64::from_le_bytes(len.try_into().unwrap_or_default());
        let crc = u32::from_le_bytes(crc.try_into().unwrap_or_default());
        let header_len = frame::HEADER as u64;
        if len > self.size.saturating_sub(self.offset + header_len) {
            return Err(self.damaged(&format!("a length of {len} runs past the end of the file")));
        }
        self.buf.resize(len as usize, 0);
        match self.r.read_exact(&mut self.buf) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::UnexpectedEof => {
                return Err(self.damaged("the file ends inside the frame"));
            }
            Err(e) => return Err(self.unreadable(&e)),
        }
        if frame::checksum(&self.buf) != crc {
            return Err(self.damaged("its checksum does not match its bytes"));
        }
        if let Some(digest) = digest {
            digest.update(header);
            digest.update(&self.buf);
        }
        Ok(true)
    }

    /// Moves `offset` past the frame [`FrameReader::next_payload`] read.
    fn step(&mut self) {
        self.offset += (frame::HEADER + self.buf.len()) as u64;
    }
}

/// Checks that the `records.bin` in `dir` is the one its `shard.json` (`record`) was written
/// with, before `merge` uses any of it: every frame whole and matching its checksum, as many
/// frames as `record` says, and the file's SHA-256 the one `record` holds. A file cut at a
/// frame's end (or emptied) is found by its count; one from another job (another
/// `--group-by`, lexicon or input), whose frames are all sound, by its digest: without the
/// check its rows went into the reports under the settings of another job.
pub fn verify(dir: &Path, record: &ShardRecord, cancel: &Cancel) -> Result<()> {
    let mut reader = FrameReader::open(dir)?;
    let mut digest = Sha256::new();
    let mut frames = 0u64;
    while reader.next_payload(Some(&mut digest))? {
        reader.step();
        frames += 1;
        if frames % 4096 == 0 {
            if let Some(signal) = cancel.requested() {
                return Err(Error::interrupted(
                    signal,
                    "merge interrupted while checking the shards' records; no report was \
                     written",
                ));
            }
        }
    }
    if frames != record.frames {
        return Err(reader.error(format!(
            "holds {frames} records, but its {} says {}: the file was cut short or replaced \
             after the shard was scored; copy that shard's folder again, or score that shard \
             again",
            super::RECORD_FILE,
            record.frames
        )));
    }
    if to_hex(&digest.finalize()) != record.records_sha256 {
        return Err(reader.error(format!(
            "not the {FRAMES_FILE} its {} was written with (their SHA-256 differ): it comes \
             from another run or was changed since; copy that shard's folder whole, or score \
             that shard again",
            super::RECORD_FILE
        )));
    }
    Ok(())
}

/// Reads until `buf` is full or the file ends; returns the bytes read.
fn read_full(r: &mut impl Read, buf: &mut [u8]) -> std::io::Result<usize> {
    let mut got = 0;
    while got < buf.len() {
        match r.read(&mut buf[got..]) {
            Ok(0) => break,
            Ok(n) => got += n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(got)
}
