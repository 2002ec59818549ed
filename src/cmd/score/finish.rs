//! The end of a run: the aggregate tables, `run.json`, and every report committed.

use std::time::Instant;

use crate::cancel::Cancel;
use crate::diag::{Skip, Warning};
use crate::report::run::ShardRun;
use crate::report::run::{LexiconRecord, MAX_LISTED_WARNINGS, RunRecord, RunSettings};
use crate::report::tables;
use crate::{Error, Result};

use super::consumer::Consumer;
use super::fields::Grouping;
use super::{RUN_REPORTS, Summary, written_by_slant};

/// What a run knows besides its consumer when the reports are written.
pub(crate) struct Finished {
    pub inputs: Vec<crate::input::InputFile>,
    pub command_line: Vec<String>,
    /// For a merge: the shards it combined.
    pub shards: Vec<ShardRun>,
    pub started: Instant,
}

/// Write the aggregate tables and `run.json`, and commit every report.
pub(crate) fn finish(
    mut consumer: Consumer<'_>,
    pool: &rayon::ThreadPool,
    finished: Finished,
    cancel: &Cancel,
) -> Result<Summary> {
    let cfg = consumer.cfg;
    let scorer = consumer.scorer;
    let fields = consumer
        .grouping
        .as_ref()
        .map(|g| g.fields.join(", "))
        .unwrap_or_default();
    if consumer.undated > 0 {
        consumer.diag.warn(Warning::new(
            "",
            None,
            format!(
                "{} no date (field '{}'); {} period is empty",
                crate::diag::counted(consumer.undated, "article has", "articles have"),
                cfg.input.date_field,
                if consumer.undated == 1 {
                    "its"
                } else {
                    "their"
                }
            ),
        ));
    }
    if consumer.missing_group_field > 0 && fields.is_empty() {
        consumer.diag.warn(Warning::new(
            "",
            None,
            format!(
                "{} an outlet or source field, but the first record has neither, so every \
                 article is in the one group 'all'; give --group-by to group them",
                crate::diag::counted(consumer.missing_group_field, "article has", "articles have"),
            ),
        ));
    } else if consumer.missing_group_field > 0 {
        consumer.diag.warn(Warning::new(
            "",
            None,
            format!(
                "{} no value for a group field ({fields}: missing, null or empty); {} group \
                 value is empty",
                crate::diag::counted(consumer.missing_group_field, "article has", "articles have"),
                if consumer.missing_group_field == 1 {
                    "its"
                } else {
                    "their"
                }
            ),
        ));
    }
    // Not one article, but records or files that could not be scored: a mistake (a text
    // column named otherwise, a damaged file), not a corpus, and it must not replace earlier
    // reports with empty ones. (A merge has its writer open from the start.)
    if consumer.articles == 0 {
        if let Some(first) = consumer.diag.first_skip() {
            return Err(nothing_scored(cfg, &consumer.diag, first));
        }
    }
    if consumer.writer.is_none() {
        // An empty input: still write every report, with its header.
        let fields = cfg.group_by.clone().unwrap_or_default();
        consumer.open(Grouping { fields })?;
    }
    let Consumer {
        mut reports,
        writer,
        grouping,
        diag,
        articles,
        records,
        matches,
        text_bytes,
        groups,
        terms,
        targets,
        duplicates,
        ids,
        copies,
        ..
    } = consumer;
    // The id index and the wire-copy tables grow with the articles and serve only while they
    // are read: freed here, before the tables below take their memory (the end of a run is
    // where its memory peaks), not when the run returns.
    drop((ids, copies));
    if let Some(writer) = writer {
        writer.finish(&mut reports)?;
    }
    let columns = grouping.as_ref().map(Grouping::columns).unwrap_or_default();
    let names = &scorer.categories.names;
    // `groups.csv` (one thread) and `terms.csv` (the keyness tests, in parallel) are
    // computed side by side on the worker pool, so `-j` bounds them too.
    let (groups_csv, terms_csv) = pool.join(
        || tables::write_groups(&reports, &columns, &groups, names),
        || tables::write_terms(&reports, &columns, &terms, &scorer.lexicons),
    );
    reports.finish(groups_csv?)?;
    reports.finish(terms_csv?)?;
    tables::write_choices(&mut reports, &columns, &groups, names)?;
    if let Some(t) = &scorer.targets {
        tables::write_targets(&mut reports, &columns, &targets, &t.names.names, names)?;
    }
    let seconds = finished.started.elapsed().as_secs_f64();
    let bytes = finished.inputs.iter().map(|f| f.bytes).sum();
    let skipped = diag.records_skipped();
    let files_unreadable = diag.files_unreadable();
    let warnings_total = diag.warnings_total();
    let first_warning = diag.warnings.first().map(crate::diag::Warning::describe);
    let record = RunRecord {
        tool: "slant",
        version: env!("CARGO_PKG_VERSION"),
        build: crate::build_info::Build::current(),
        command_line: finished.command_line,
        inputs: finished.inputs,
        lexicons: scorer.lexicons.iter().map(LexiconRecord::of).collect(),
        targets: cfg
            .targets
            .iter()
            .flat_map(|(lexicons, _)| lexicons.iter().map(LexiconRecord::of))
            .collect(),
        group_by: grouping.map(|g| g.fields).unwrap_or_default(),
        period: cfg.period.map(|p| format!("{p:?}").to_lowercase()),
        settings: RunSettings::of(cfg),
        records_read: records,
        articles_scored: articles,
        records_skipped: skipped,
        duplicates,
        deduped: cfg.dedupe,
        files_unreadable,
        matches,
        warnings_total,
        warnings: diag
            .warnings
            .into_iter()
            .take(MAX_LISTED_WARNINGS)
            .collect(),
        seconds,
        omitted: cfg.omit.file_names(),
        shards: finished.shards,
    };
    reports.json("run.json", &record)?;
    if let Some(signal) = cancel.requested() {
        let read = record.records_read;
        return Err(Error::interrupted(
            signal,
            format!(
                "interrupted after reading and scoring all {read} records, before the reports \
                 were put in place; no report was written, the reports already in {} are \
                 unchanged",
                cfg.out.display()
            ),
        ));
    }
    // With `--html` the page is written next, from these reports.
    let family: Vec<&str> = RUN_REPORTS
        .into_iter()
        .filter(|&name| !(cfg.html && name == crate::html::FILE_NAME))
        .collect();
    let removed = reports.commit_replacing(&family, written_by_slant)?;
    Ok(Summary {
        articles,
        skipped,
        files_unreadable,
        warnings: warnings_total,
        first_warning,
        matches,
        seconds,
        bytes,
        text_bytes,
        removed,
    })
}

/// The error of a run in which every record or file was skipped: how many, and the first
/// reason, which is usually the reason for all.
fn nothing_scored(
    cfg: &crate::config::ScoreConfig,
    diag: &crate::diag::Diagnostics,
    first: &Skip,
) -> Error {
    use crate::diag::counted;
    let (records, files) = (diag.records_skipped(), diag.files_unreadable());
    let what = match (records, files) {
        (0, f) => format!("{} not read", counted(f, "file was", "files were")),
        (r, 0) => format!("{} skipped", counted(r, "record was", "records were")),
        (r, f) => format!(
            "{} skipped and {} not read",
            counted(r, "record was", "records were"),
            counted(f, "file", "files")
        ),
    };
    let place = if first.record == 0 {
        first.file.clone()
    } else {
        format!("{}:{}", first.file, first.record)
    };
    Error::failure(format!(
        "no article was scored: {what} (the first, {place}: {}); no report was written, the \
         reports already in {} are unchanged",
        first.reason,
        cfg.out.display()
    ))
}
