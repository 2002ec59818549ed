//! `score --shard K/N`: the records this shard owns, scored and framed into `records.bin`.

use std::io::Write;
use std::time::Instant;

use sha2::{Digest, Sha256};

use crate::cancel::Cancel;
use crate::config::ScoreConfig;
use crate::diag::Warning;
use crate::input::{Article, Item};
use crate::report::{CsvSink, Reports};
use crate::shard::check::{WarningLog, leftovers_warning};
use crate::shard::{self, Settings, Shard, ShardRecord, frame};
use crate::{Error, Result};

use super::fields::Grouping;
use super::pipeline::{Stage, strict_error};
use super::prepare::Prepared;
use super::{RUN_REPORTS, Summary, written_by_slant};

/// The stage of `score --shard K/N`: the records this shard owns go to `records.bin` as
/// frames; the others are read, not scored.
pub(super) struct ShardWriter<'a> {
    cfg: &'a ScoreConfig,
    shard: Shard,
    sink: CsvSink,
    buf: Vec<u8>,
    grouping: Option<Grouping>,
    /// The warnings a whole run gives on meeting the first article, and the item before
    /// which it gives them (see [`ShardRecord::start_warnings`]).
    start_warnings: Option<(u64, Vec<Warning>)>,
    /// Every warning the reader gives, owned or not: all shards of a job must get the same.
    reader_warnings: WarningLog,
    /// The temporary files of a killed run found in the output folder, as a warning.
    warnings: Vec<Warning>,
    items: u64,
    frames: u64,
    /// Of the bytes written to `records.bin`, computed as they are written, so that a merge
    /// can tell this `records.bin` from any other without the shard reading it back.
    digest: Sha256,
    articles: u64,
    skipped: u64,
    files_unreadable: u64,
    matches: u64,
    text_bytes: u64,
}

impl<'a> ShardWriter<'a> {
    pub(super) fn new(cfg: &'a ScoreConfig, shard: Shard, reports: &Reports) -> Result<Self> {
        // Looked for before this run's own temporary file is created.
        let stale = reports.stale_temp_files();
        Ok(ShardWriter {
            cfg,
            shard,
            sink: reports.file(shard::FRAMES_FILE)?,
            buf: Vec::with_capacity(1 << 16),
            grouping: None,
            start_warnings: None,
            reader_warnings: WarningLog::default(),
            warnings: leftovers_warning(&cfg.out, &stale).into_iter().collect(),
            items: 0,
            frames: 0,
            digest: Sha256::new(),
            articles: 0,
            skipped: 0,
            files_unreadable: 0,
            matches: 0,
            text_bytes: 0,
        })
    }

    pub(super) fn finish(
        self,
        mut reports: Reports,
        inputs: Vec<crate::input::InputFile>,
        command_line: Vec<String>,
        started: Instant,
        cancel: &Cancel,
    ) -> Result<Summary> {
        let cfg = self.cfg;
        reports.finish(self.sink)?;
        let seconds = started.elapsed().as_secs_f64();
        let bytes = inputs.iter().map(|f| f.bytes).sum();
        let record = ShardRecord {
            tool: "slant".into(),
            version: env!("CARGO_PKG_VERSION").into(),
            build: Some(crate::build_info::Build::current()),
            format: shard::FORMAT,
            shard: self.shard,
            command_line,
            settings: Settings::of(cfg),
            grouping: self.grouping.map(|g| g.fields),
            start_warnings: self.start_warnings,
            inputs,
            lexicon_warnings: cfg.lexicons.warnings.clone(),
            reader_warnings: self.reader_warnings.finish(),
            items: self.items,
            frames: self.frames,
            records_sha256: shard::to_hex(&self.digest.finalize()),
            warnings: self.warnings,
            seconds,
        };
        reports.json(shard::RECORD_FILE, &record)?;
        if let Some(signal) = cancel.requested() {
            return Err(Error::interrupted(
                signal,
                format!(
                    "interrupted before the partial result was put in place; nothing was \
                     written to {}",
                    cfg.out.display()
                ),
            ));
        }
        let removed = reports.commit_replacing(&RUN_REPORTS, written_by_slant)?;
        if !cfg.quiet {
            tell(&record.warnings, cfg);
        }
        Ok(Summary {
            articles: self.articles,
            skipped: self.skipped,
            files_unreadable: self.files_unreadable,
            warnings: 0,
            first_warning: None,
            matches: self.matches,
            seconds,
            bytes,
            text_bytes: self.text_bytes,
            removed,
        })
    }
}

/// Prints the shard's own warnings on stderr, as a whole run's closing lines point to its
/// warnings in `run.json`: a shard's are in its `shard.json`.
fn tell(warnings: &[Warning], cfg: &ScoreConfig) {
    let mut err = std::io::stderr().lock();
    for w in warnings {
        let _ = writeln!(
            err,
            "slant: the warning is in {}/{}: {}",
            cfg.out.display(),
            shard::RECORD_FILE,
            w.describe()
        );
    }
}

impl Stage for ShardWriter<'_> {
    fn start(&mut self, first: &Article) -> Result<()> {
        if self.grouping.is_none() {
            let grouping = Grouping::decide(self.cfg, first)?;
            let warnings = super::fields::start_warnings(self.cfg, &grouping, first);
            self.start_warnings = Some((self.items, warnings));
            self.grouping = Some(grouping);
        }
        Ok(())
    }
    fn grouping(&self) -> Option<&Grouping> {
        self.grouping.as_ref()
    }
    fn shard(&self) -> Option<Shard> {
        Some(self.shard)
    }
    fn take(&mut self, seq: u64, item: Item, prepared: Option<Prepared>) -> Result<()> {
        self.items = seq + 1;
        match &item {
            // Every shard stops where a whole run would.
            Item::Skip(skip) if self.cfg.strict => return Err(strict_error(skip)),
            Item::Warning(w) => self.reader_warnings.add(seq, w),
            _ => {}
        }
        if !self.shard.owns(seq) {
            return Ok(());
        }
        self.buf.clear();
        match (&item, &prepared) {
            (Item::Article(_), Some(p)) => {
                if p.encoded.late.is_some() {
                    // `prepare` encodes every row in a shard: the frame must hold them.
                    return Err(Error::failure(
                        "internal error: a shard's article came with match rows not encoded; \
                         please report this",
                    ));
                }
                self.articles += 1;
                self.matches += p.tally.hits.len() as u64;
                self.text_bytes += p.origin.text_bytes;
                frame::push_article(&mut self.buf, seq, p);
            }
            (Item::Skip(skip), _) => {
                self.skipped += u64::from(skip.record > 0);
                self.files_unreadable += u64::from(skip.record == 0);
                frame::push_skip(&mut self.buf, seq, skip);
            }
            (Item::Warning(w), _) => frame::push_warning(&mut self.buf, seq, w),
            (Item::Article(_), None) => return Ok(()),
        }
        self.frames += 1;
        self.digest.update(&self.buf);
        self.sink.bytes(&self.buf)
    }
    fn articles(&self) -> u64 {
        self.articles
    }
    fn written(&self) -> u64 {
        self.sink.written()
    }
}
