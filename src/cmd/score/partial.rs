//! `score --shard K/N`: the records this shard owns, scored and framed into `records.bin`.

use std::time::Instant;

use crate::cancel::Cancel;
use crate::config::ScoreConfig;
use crate::input::{Article, Item};
use crate::report::{CsvSink, Reports};
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
    start_warnings: Option<(u64, Vec<crate::diag::Warning>)>,
    items: u64,
    frames: u64,
    articles: u64,
    skipped: u64,
    files_unreadable: u64,
    matches: u64,
    text_bytes: u64,
}

impl<'a> ShardWriter<'a> {
    pub(super) fn new(cfg: &'a ScoreConfig, shard: Shard, reports: &Reports) -> Result<Self> {
        Ok(ShardWriter {
            cfg,
            shard,
            sink: reports.file(shard::FRAMES_FILE)?,
            buf: Vec::with_capacity(1 << 16),
            grouping: None,
            start_warnings: None,
            items: 0,
            frames: 0,
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
            format: shard::FORMAT,
            shard: self.shard,
            command_line,
            settings: Settings::of(cfg),
            grouping: self.grouping.map(|g| g.fields),
            start_warnings: self.start_warnings,
            inputs,
            lexicon_warnings: cfg.lexicons.warnings.clone(),
            items: self.items,
            frames: self.frames,
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
        if let Item::Skip(skip) = &item {
            // Every shard stops where a whole run would.
            if self.cfg.strict {
                return Err(strict_error(skip));
            }
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
        self.sink.bytes(&self.buf)
    }
    fn articles(&self) -> u64 {
        self.articles
    }
    fn written(&self) -> u64 {
        self.sink.written()
    }
}
