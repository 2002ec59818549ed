//! The in-order stage of a whole run: writes each article's rows, aggregates, keeps the
//! diagnostics.

use crate::Result;
use crate::aggregate::groups::{CellKey, GroupTable};
use crate::aggregate::targets::TargetTable;
use crate::aggregate::terms::TermTable;
use crate::config::ScoreConfig;
use crate::diag::{Diagnostics, Skip};
use crate::ids::Ids;
use crate::input::Article;
use crate::report::Reports;
use crate::report::rows::{LateSource, RowWriter};
use crate::score::Scorer;
use crate::wire::DuplicateIndex;

use super::fields::Grouping;
use super::pipeline::strict_error;
use super::prepare::{NO_DATE, Prepared, at};

/// The warning for an article whose invalid UTF-8 bytes were replaced: most such files are
/// in another encoding, and the replacement loses curly quotes and apostrophes with them.
const INVALID_UTF8: &str = "invalid UTF-8 bytes were replaced with U+FFFD; if the file is in \
                            another encoding (exports are often Windows-1252), convert it \
                            first: iconv -f WINDOWS-1252 -t UTF-8";

/// The consumer's state: writes rows, keeps the diagnostics.
pub(crate) struct Consumer<'a> {
    pub(super) cfg: &'a ScoreConfig,
    pub(super) scorer: &'a Scorer,
    pub(super) reports: Reports,
    pub(super) writer: Option<RowWriter>,
    pub(super) grouping: Option<Grouping>,
    pub(crate) diag: Diagnostics,
    /// Every article's id by input number, and where each id was first seen.
    pub(super) ids: Ids,
    pub(super) groups: GroupTable,
    pub(super) terms: TermTable,
    pub(super) targets: TargetTable,
    /// Wire-copy detection: the index, copies found.
    pub(super) copies: DuplicateIndex,
    pub(super) duplicates: u64,
    pub(super) missing_group_field: u64,
    /// Articles without a date under `--period` (one warning at the end says how many).
    pub(super) undated: u64,
    pub(super) articles: u64,
    pub(super) records: u64,
    pub(super) matches: u64,
    pub(super) text_bytes: u64,
}

impl Consumer<'_> {
    pub(crate) fn skip(&mut self, skip: Skip) -> Result<()> {
        // Record 0 stands for a whole file that could not be read: not a record.
        if skip.record > 0 {
            self.records += 1;
        }
        if self.cfg.strict {
            return Err(strict_error(&skip));
        }
        // Once the writer is open a skip is written at once and only counted.
        match self.writer.as_mut() {
            Some(w) => {
                w.skip(&skip)?;
                self.diag.count_skip(&skip);
            }
            None => self.diag.skip(skip),
        }
        Ok(())
    }

    /// Decide the grouping from the first article read and open the row writer.
    pub(super) fn start(&mut self, first: &Article) -> Result<()> {
        if self.grouping.is_some() {
            return Ok(());
        }
        let grouping = Grouping::decide(self.cfg, first)?;
        for warning in super::fields::start_warnings(self.cfg, &grouping, first) {
            self.diag.warn(warning);
        }
        self.open(grouping)
    }

    /// Open the row writer for a grouping, writing the records skipped so far.
    pub(crate) fn open(&mut self, grouping: Grouping) -> Result<()> {
        let mut writer = RowWriter::new(
            &self.reports,
            &grouping.columns(),
            &self.scorer.categories,
            self.cfg.omit,
        )?;
        for skip in std::mem::take(&mut self.diag.skips) {
            writer.skip(&skip)?;
        }
        self.writer = Some(writer);
        self.grouping = Some(grouping);
        Ok(())
    }

    /// The in-order part of handling an article: diagnostics, wire-copy detection, writing
    /// its (already encoded) rows, and aggregation. `article` is its text, which match rows
    /// left late need; `None` where every row is encoded (`slant merge`).
    pub(crate) fn article(&mut self, prepared: Prepared, article: Option<&Article>) -> Result<()> {
        self.records += 1;
        let Prepared {
            origin,
            tally,
            place,
            encoded,
            date_problem,
            missing_group_field,
        } = prepared;
        let Some(writer) = self.writer.as_mut() else {
            return Ok(());
        };
        self.missing_group_field += u64::from(missing_group_field);
        match date_problem {
            Some(problem) if problem == NO_DATE => self.undated += 1,
            Some(problem) => self.diag.warn(at(&origin, problem)),
            None => {}
        }
        if origin.invalid_utf8 {
            self.diag.warn(at(&origin, INVALID_UTF8.into()));
        }
        if let Some((file, record)) = self.ids.insert(&origin.id, &origin.file, origin.record) {
            self.diag.warn(at(
                &origin,
                format!(
                    "duplicate id '{}' (first seen at {file}:{record}); both are kept",
                    origin.id
                ),
            ));
        }
        let index = u32::try_from(self.articles).unwrap_or(u32::MAX);
        let first = match &tally.fingerprint {
            Some(fp) => self.copies.insert(index, fp)?,
            None => None,
        };
        let duplicate_of = first
            .and_then(|i| self.ids.get(i as usize))
            .map(|id| id.to_string());
        let copy = duplicate_of.is_some();
        self.duplicates += u64::from(copy);
        let source = article.map(|article| LateSource {
            article,
            entries: &self.scorer.entry_cells,
            context: self.cfg.context,
        });
        writer.article(&encoded, duplicate_of.as_deref(), source)?;
        if !(copy && self.cfg.dedupe) {
            self.terms.add(&place.groups, &tally);
            let key = CellKey {
                groups: place.groups,
                period: place.period,
            };
            self.targets.add(&key, &tally.mentions);
            self.groups.add(key, &tally);
        }
        self.articles += 1;
        self.matches += tally.hits.len() as u64;
        self.text_bytes += origin.text_bytes;
        Ok(())
    }
}

impl<'a> Consumer<'a> {
    /// Articles handled so far.
    pub(crate) fn articles(&self) -> u64 {
        self.articles
    }

    /// Bytes of reports written so far.
    pub(crate) fn written(&self) -> u64 {
        self.writer.as_ref().map_or(0, RowWriter::written)
    }

    /// A consumer for a run writing to `reports`; `stale` are temporary files of earlier
    /// runs found in the output folder (a warning).
    pub(crate) fn new(
        cfg: &'a ScoreConfig,
        scorer: &'a Scorer,
        reports: Reports,
        stale: &[String],
    ) -> Self {
        let mut diag = Diagnostics::default();
        for w in &cfg.lexicons.warnings {
            diag.warn(w.clone());
        }
        if let Some(w) = crate::shard::check::leftovers_warning(&cfg.out, stale) {
            diag.warn(w);
        }
        Consumer {
            cfg,
            scorer,
            reports,
            writer: None,
            grouping: None,
            diag,
            groups: GroupTable::new(scorer.categories.names.len()),
            terms: TermTable::default(),
            targets: TargetTable::default(),
            copies: DuplicateIndex::new(cfg.dup_threshold),
            ids: Ids::default(),
            duplicates: 0,
            missing_group_field: 0,
            undated: 0,
            articles: 0,
            records: 0,
            matches: 0,
            text_bytes: 0,
        }
    }
}
