//! `slant merge`: combine the partial results of `slant score --shard K/N` into the reports
//! one run over the whole input writes. The shards' frames are replayed in input order
//! through the same consumer a single run uses, so wire copies, duplicate ids, warnings and
//! every aggregate table come out byte for byte as a single run would write them.

use std::path::{Path, PathBuf};
use std::time::Instant;

use crate::cancel::Cancel;
use crate::cli::MergeArgs;
use crate::cmd::score::{self, Consumer, Finished, Grouping, Summary};
use crate::config::{LoadedLexicons, ScoreConfig};
use crate::lexicon::{self, Lexicon};
use crate::progress::Progress;
use crate::report::Reports;
use crate::report::run::ShardRun;
use crate::report::space::{Source, SpaceCheck};
use crate::shard::check::{inputs_difference, leftovers, leftovers_warning};
use crate::shard::{self, FrameReader, LexiconFile, ShardRecord, Written, frame::Frame};
use crate::{Error, Result};

/// Run `slant merge`.
pub fn run(args: &MergeArgs, command_line: Vec<String>, cancel: &Cancel) -> Result<Summary> {
    let started = Instant::now();
    crate::build_info::Build::prefetch();
    let threads = crate::config::thread_count(args.threads)?;
    let shards = read_records(&args.partials)?;
    let (_, first) = &shards[0];
    let settings = &first.settings;
    let targets = match &settings.targets {
        None => None,
        Some((files, window)) => Some((rebuild(files)?.0, *window)),
    };
    let (lexicons, _) = rebuild(&settings.lexicons)?;
    let cfg = ScoreConfig {
        inputs: Vec::new(),
        lexicons: LoadedLexicons {
            lexicons,
            warnings: first.lexicon_warnings.clone(),
        },
        input: settings.input_options(),
        out: args.out.clone(),
        group_by: settings.group_by.clone(),
        period: settings.period,
        date_format: settings.date_format,
        language: settings.language.clone(),
        targets,
        dedupe: settings.dedupe,
        dup_threshold: settings.dup_threshold,
        strict: settings.strict,
        context: settings.context,
        omit: settings.omit,
        threads,
        quiet: args.quiet,
        html: args.html,
        shard: None,
    };
    if args
        .partials
        .iter()
        .any(|p| crate::config::same_file(p, &cfg.out))
    {
        return Err(Error::usage(format!(
            "--out {}: is one of the shard folders; name another folder for the reports",
            cfg.out.display()
        )));
    }
    if args.html {
        crate::html::check_target(&cfg.out.join(crate::html::FILE_NAME))?;
    }
    let scorer = score::build_scorer(&cfg)?;
    let pool = score::worker_pool(cfg.threads)?;
    verify_frames(&shards, &pool, cancel)?;
    let reports = Reports::create(&cfg.out)?;
    let stale = reports.stale_temp_files();
    let mut consumer = Consumer::new(&cfg, &scorer, reports, &stale);
    // What a killed shard left in its folder, as a whole run says it of its own folder.
    for (dir, _) in &shards {
        if let Some(warning) = leftovers_warning(dir, &leftovers(dir)) {
            consumer.diag.warn(warning);
        }
    }
    let builds: Vec<(String, Option<&crate::build_info::Build>)> = shards
        .iter()
        .map(|(_, r)| (r.shard.to_string(), r.build.as_ref()))
        .collect();
    let own = crate::build_info::Build::current();
    if let Some(warning) = shard::check::builds_warning(&own, &builds) {
        consumer.diag.warn(warning);
    }
    // A single run opens its reports at its first article; opening them before the first
    // frame writes the same bytes, since skipped records before it are written at opening.
    let fields = first
        .grouping
        .clone()
        .or_else(|| cfg.group_by.clone())
        .unwrap_or_default();
    consumer.open(Grouping { fields })?;
    replay(&shards, &mut consumer, &cfg, cancel)?;
    let finished = Finished {
        inputs: first.inputs.clone(),
        command_line,
        shards: shards
            .iter()
            .map(|(dir, r)| ShardRun {
                folder: dir.display().to_string(),
                shard: r.shard.to_string(),
                build: r.build.clone(),
                command_line: r.command_line.clone(),
                seconds: r.seconds,
            })
            .collect(),
        started,
    };
    score::finish(consumer, &pool, finished, cancel)
}

/// Read every shard's `shard.json`, check that together they are the N shards of one job, and
/// return them in shard order.
fn read_records(dirs: &[PathBuf]) -> Result<Vec<(PathBuf, ShardRecord)>> {
    let mut shards = Vec::with_capacity(dirs.len());
    for dir in dirs {
        let path = dir.join(shard::RECORD_FILE);
        let text = std::fs::read_to_string(&path).map_err(|e| {
            Error::usage(format!(
                "{}: cannot read: {e} (is {} the --out folder of a `slant score --shard` run?)",
                path.display(),
                dir.display()
            ))
        })?;
        let not_slants = |e: serde_json::Error| {
            Error::usage(format!(
                "{}: not a shard record written by slant: {e}",
                path.display()
            ))
        };
        // The version first: another format may lack fields this one has.
        let written: Written = serde_json::from_str(&text).map_err(not_slants)?;
        if written.format != shard::FORMAT || written.version != env!("CARGO_PKG_VERSION") {
            return Err(Error::usage(format!(
                "{}: written by slant {} (partial format {}); this is slant {} (format {}): \
                 score every shard and merge with the same version",
                path.display(),
                written.version,
                written.format,
                env!("CARGO_PKG_VERSION"),
                shard::FORMAT
            )));
        }
        let record: ShardRecord = serde_json::from_str(&text).map_err(not_slants)?;
        shards.push((dir.clone(), record));
    }
    shards.sort_by_key(|(_, r)| r.shard.index);
    let Some((first_dir, first)) = shards.first() else {
        return Err(Error::usage("give the folders of the shards to merge"));
    };
    let n = first.shard.count;
    for (dir, r) in &shards {
        if let Some(what) = job_difference(first, r, first_dir, dir) {
            return Err(Error::usage(format!(
                "{} and {} are not shards of one job: their {what}",
                first_dir.display(),
                dir.display()
            )));
        }
    }
    for pair in shards.windows(2) {
        if pair[0].1.shard.index == pair[1].1.shard.index {
            return Err(Error::usage(format!(
                "{} and {} are both shard {}",
                pair[0].0.display(),
                pair[1].0.display(),
                pair[0].1.shard
            )));
        }
    }
    if shards.len() as u64 != u64::from(n) {
        let have: Vec<u32> = shards.iter().map(|(_, r)| r.shard.index).collect();
        let missing: Vec<u32> = (1..=n).filter(|k| !have.contains(k)).collect();
        return Err(Error::usage(format!(
            "{} missing: a merge needs all {n} shards",
            name_missing(&missing, n)
        )));
    }
    Ok(shards)
}

/// What differs between shard `r` (in folder `dir`) and the first shard, whose folder is
/// `first_dir`, that makes them shards of different jobs: `settings (--period) differ`,
/// `inputs differ: …`; `None` when nothing does. Every shard reads the whole input, so even
/// the reader's warnings must be the same: shards whose `--out` folders are inside an input
/// folder do not read the same files.
fn job_difference(
    first: &ShardRecord,
    r: &ShardRecord,
    first_dir: &Path,
    dir: &Path,
) -> Option<String> {
    let (a, b) = (first_dir.display().to_string(), dir.display().to_string());
    if r.shard.count != first.shard.count {
        return Some("shard counts (N of --shard K/N) differ".into());
    }
    if r.settings != first.settings {
        let options = first.settings.differences(&r.settings);
        return Some(if options.is_empty() {
            "settings differ".to_string()
        } else {
            format!("settings ({}) differ", options.join(", "))
        });
    }
    if let Some(what) = inputs_difference(&first.inputs, &r.inputs, &a, &b) {
        return Some(format!("inputs differ: {what}"));
    }
    let warnings = first.reader_warnings.difference(&r.reader_warnings, &a, &b);
    if let Some(what) = warnings {
        return Some(format!(
            "warnings from the reader differ: {what} (every shard reads the whole input, so \
             all get the same warnings unless they read different files: keep the shards' \
             --out folders outside the input folders)"
        ));
    }
    if r.items != first.items {
        return Some(format!(
            "records read differ: {a} read {} in all, {b} read {}",
            first.items, r.items
        ));
    }
    if r.grouping != first.grouping {
        return Some("group columns differ".into());
    }
    None
}

/// Checks every shard's `records.bin` against its `shard.json` (see [`shard::verify`]) before
/// any record is used, the shards side by side on the worker pool. The error given is that
/// of the first shard (in shard order) with one.
fn verify_frames(
    shards: &[(PathBuf, ShardRecord)],
    pool: &rayon::ThreadPool,
    cancel: &Cancel,
) -> Result<()> {
    use rayon::prelude::*;
    let outcomes: Vec<Result<()>> = pool.install(|| {
        shards
            .par_iter()
            .map(|(dir, record)| shard::verify(dir, record, cancel))
            .collect()
    });
    outcomes.into_iter().collect()
}

/// `shard 2/3`, or `shards 2-4, 7 of 10`: runs of missing shard numbers as ranges, so that
/// one shard of a thousand merged alone is not a list of 999.
fn name_missing(missing: &[u32], n: u32) -> String {
    if let [one] = missing {
        return format!("shard {one}/{n}");
    }
    let mut runs: Vec<(u32, u32)> = Vec::new();
    for &k in missing {
        match runs.last_mut() {
            Some((_, end)) if *end + 1 == k => *end = k,
            _ => runs.push((k, k)),
        }
    }
    let runs: Vec<String> = runs
        .into_iter()
        .map(|(a, b)| {
            if a == b {
                a.to_string()
            } else {
                format!("{a}-{b}")
            }
        })
        .collect();
    format!("shards {} of {n}", runs.join(", "))
}

/// Parse the lexicons a shard handed on, as they were parsed when it loaded them.
fn rebuild(files: &[LexiconFile]) -> Result<(Vec<Lexicon>, Vec<crate::diag::Warning>)> {
    let mut lexicons = Vec::with_capacity(files.len());
    let mut warnings = Vec::new();
    for f in files {
        let bytes = shard::from_hex(&f.hex).ok_or_else(|| {
            Error::usage(format!(
                "the shard record's copy of {} is damaged",
                f.origin
            ))
        })?;
        let (l, w) = lexicon::reparse(&f.origin, &bytes)?;
        if l.sha256 != f.sha256 {
            return Err(Error::usage(format!(
                "the shard record's copy of {} does not match its SHA-256",
                f.origin
            )));
        }
        lexicons.push(l);
        warnings.extend(w);
    }
    Ok((lexicons, warnings))
}

/// Feed every shard's frames to the consumer in input order (a k-way merge on the record
/// number), checking that they account for every record read exactly once.
fn replay(
    shards: &[(PathBuf, ShardRecord)],
    consumer: &mut Consumer<'_>,
    cfg: &ScoreConfig,
    cancel: &Cancel,
) -> Result<()> {
    let mut readers = Vec::with_capacity(shards.len());
    let mut total = 0u64;
    for (dir, _) in shards {
        let r = FrameReader::open(dir)?;
        total += r.size();
        readers.push(r);
    }
    let progress = Progress::new(Some(total), cfg.quiet);
    // The partial files hold the rows encoded: they grow with the reports as the input does.
    let mut space = SpaceCheck::reading(&cfg.out, Some(total), Source::Partials);
    let mut heads = Vec::with_capacity(readers.len());
    for r in &mut readers {
        heads.push(r.read()?);
    }
    let mut counts = vec![0u64; readers.len()];
    let mut expected = 0u64;
    // Every shard met the same first article: the first shard's record says what to add.
    let start = shards[0].1.start_warnings.as_ref();
    let mut done = 0u64;
    loop {
        if let Some(signal) = cancel.requested() {
            return Err(Error::interrupted(
                signal,
                format!(
                    "merge interrupted after {expected} records; no report was written, the \
                     reports already in {} are unchanged",
                    cfg.out.display()
                ),
            ));
        }
        let next = heads
            .iter()
            .enumerate()
            .filter_map(|(i, h)| h.as_ref().map(|(seq, _)| (*seq, i)))
            .min();
        let Some((seq, i)) = next else { break };
        if seq != expected {
            return Err(Error::usage(format!(
                "record {expected} of the input is in no shard (the next one, {seq}, is in {}): \
                 the shards do not come from one job, or one is damaged; score the shards again",
                shards[i].0.display()
            )));
        }
        if let Some((_, warnings)) = start.filter(|(at, _)| *at == expected) {
            for warning in warnings {
                consumer.diag.warn(warning.clone());
            }
        }
        let head = std::mem::replace(&mut heads[i], readers[i].read()?);
        if let Some((_, frame)) = head {
            match frame {
                Frame::Article(p) => consumer.article(*p, None)?,
                Frame::Skip(s) => consumer.skip(s)?,
                Frame::Warning(w) => consumer.diag.warn(w),
            }
        }
        counts[i] += 1;
        expected += 1;
        if expected % 256 == 0 {
            done = readers.iter().map(FrameReader::offset).sum();
            if let Some(warning) = space.after(done, consumer.written()) {
                progress.warn(&warning);
            }
            if expected % 4096 == 0 {
                progress.update(done, consumer.articles());
            }
        }
    }
    progress.update(done, consumer.articles());
    progress.finish();
    for ((dir, record), n) in shards.iter().zip(&counts) {
        if *n != record.frames {
            return Err(Error::usage(format!(
                "{}: {n} records, but its shard.json says {}: the file is incomplete; score \
                 that shard again",
                dir.join(shard::FRAMES_FILE).display(),
                record.frames
            )));
        }
    }
    if expected != shards[0].1.items {
        return Err(Error::usage(format!(
            "the shards hold {expected} records, but the input had {}",
            shards[0].1.items
        )));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::name_missing;

    #[test]
    fn missing_shards_are_named_as_ranges() {
        assert_eq!(name_missing(&[2], 3), "shard 2/3");
        assert_eq!(name_missing(&[2, 4, 5], 5), "shards 2, 4-5 of 5");
        let all_but_one: Vec<u32> = (2..=1000).collect();
        assert_eq!(name_missing(&all_but_one, 1000), "shards 2-1000 of 1000");
    }
}
