//! The pipeline: a reader thread streams records in batches, each batch is scored in
//! parallel, and a [`Stage`] takes the records in input order.

use std::ops::ControlFlow;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::sync_channel;

use rayon::prelude::*;

use crate::cancel::Cancel;
use crate::config::ScoreConfig;
use crate::diag::Skip;
use crate::input::{self, Article, Item};
use crate::progress::Progress;
use crate::report::space::SpaceCheck;
use crate::score::{Scorer, Workspace};
use crate::shard::Shard;
use crate::{Error, Result};

use super::consumer::Consumer;
use super::fields::{Grouping, check_text_field};
use super::prepare::{Prepared, prepare};

/// Records per batch handed to the scorers; big enough to keep every core busy, small enough
/// to keep memory flat.
const BATCH_RECORDS: usize = 256;
/// Or fewer, once a batch holds this many bytes of text.
const BATCH_BYTES: usize = 8 << 20;

/// Where the pipeline hands records, in input order: the reports of a whole run
/// ([`Consumer`]) or a shard's partial result ([`ShardWriter`](super::partial::ShardWriter)).
pub(super) trait Stage: Send {
    /// Called with the first article of each batch: decides the grouping the first time.
    fn start(&mut self, first: &Article) -> Result<()>;
    fn grouping(&self) -> Option<&Grouping>;
    /// The share of the records scored here; `None` for all of them.
    fn shard(&self) -> Option<Shard>;
    /// Take one record, with its scores when it is an article this stage owns.
    fn take(&mut self, seq: u64, item: Item, prepared: Option<Prepared>) -> Result<()>;
    /// Articles taken so far.
    fn articles(&self) -> u64;
    /// Bytes written to the output folder so far.
    fn written(&self) -> u64;
}

impl Stage for Consumer<'_> {
    fn start(&mut self, first: &Article) -> Result<()> {
        Consumer::start(self, first)
    }
    fn grouping(&self) -> Option<&Grouping> {
        self.grouping.as_ref()
    }
    fn shard(&self) -> Option<Shard> {
        None
    }
    fn take(&mut self, _seq: u64, item: Item, prepared: Option<Prepared>) -> Result<()> {
        match (item, prepared) {
            (Item::Article(a), Some(p)) => self.article(p, Some(&a)),
            (Item::Skip(skip), _) => self.skip(skip),
            (Item::Warning(w), _) => {
                self.diag.warn(w);
                Ok(())
            }
            (Item::Article(_), None) => Ok(()),
        }
    }
    fn articles(&self) -> u64 {
        Consumer::articles(self)
    }
    fn written(&self) -> u64 {
        Consumer::written(self)
    }
}

/// The error `--strict` stops at.
pub(super) fn strict_error(skip: &Skip) -> Error {
    Error::failure(format!(
        "{}:{}: {} (--strict stops at the first record that cannot be read)",
        skip.file, skip.record, skip.reason
    ))
}

/// Read every input on a reader thread and hand each record, scored in parallel when the
/// stage owns it, to `stage` in input order. Returns the input files read.
pub(super) fn read_and_score(
    cfg: &ScoreConfig,
    pool: &rayon::ThreadPool,
    scorer: &Scorer,
    stage: &mut impl Stage,
    cancel: &Cancel,
) -> Result<Vec<crate::input::InputFile>> {
    let progress_bytes = AtomicU64::new(0);
    let total = input::total_size(&cfg.inputs, cfg.input.skip_dir.as_deref());
    let progress = Progress::new(total, cfg.quiet);
    let mut space = SpaceCheck::new(&cfg.out, total);
    let read_count = AtomicU64::new(0);
    // Each batch goes with the stored bytes read when it was complete (see [`Batch`]).
    let (tx, rx) = sync_channel::<Batch>(4);
    let scoped = std::thread::scope(|s| -> Result<_> {
        let reader = s.spawn(|| {
            let mut batch = Vec::with_capacity(BATCH_RECORDS);
            let mut bytes = 0usize;
            let mut send = |item: Item| {
                if cancel.requested().is_some() {
                    return ControlFlow::Break(());
                }
                match &item {
                    Item::Article(a) => {
                        bytes += a.text.len() + a.title.len();
                        read_count.fetch_add(1, Ordering::Relaxed);
                    }
                    Item::Skip(skip) if skip.record > 0 => {
                        read_count.fetch_add(1, Ordering::Relaxed);
                    }
                    _ => {}
                }
                batch.push(item);
                if batch.len() >= BATCH_RECORDS || bytes >= BATCH_BYTES {
                    bytes = 0;
                    let full = std::mem::replace(&mut batch, Vec::with_capacity(BATCH_RECORDS));
                    let read = progress_bytes.load(Ordering::Relaxed);
                    if tx.send(Batch { items: full, read }).is_err() {
                        return ControlFlow::Break(());
                    }
                }
                ControlFlow::Continue(())
            };
            let files = input::read_inputs(&cfg.inputs, &cfg.input, &progress_bytes, &mut send);
            if !batch.is_empty() && cancel.requested().is_none() {
                let read = progress_bytes.load(Ordering::Relaxed);
                let _ = tx.send(Batch { items: batch, read });
            }
            drop(tx);
            files
        });
        let consumed = consume(
            cfg,
            &rx,
            pool,
            scorer,
            stage,
            &progress,
            &progress_bytes,
            &mut space,
            cancel,
        );
        drop(rx);
        let files = reader
            .join()
            .map_err(|_| Error::failure("the reader thread panicked"))?;
        consumed?;
        files
    });
    progress.finish();
    if let Some(signal) = cancel.requested() {
        return Err(interrupted(
            cfg,
            signal,
            read_count.load(Ordering::Relaxed),
            stage.articles(),
        ));
    }
    scoped
}

/// The error that ends an interrupted run: how far it got, and that nothing was written.
fn interrupted(cfg: &ScoreConfig, signal: i32, read: u64, scored: u64) -> Error {
    let name = match signal {
        2 => "Ctrl-C (SIGINT)".to_string(),
        15 => "SIGTERM".to_string(),
        n => format!("signal {n}"),
    };
    Error::interrupted(
        signal,
        format!(
            "interrupted by {name} after reading {read} records and scoring {scored} articles; \
             no report was written, the reports already in {} are unchanged",
            cfg.out.display()
        ),
    )
}

/// Records as the reader hands them on.
pub(super) struct Batch {
    items: Vec<Item>,
    /// Stored bytes of input read when the batch was complete: about as much as its records
    /// and all before them took (a little more, for what the reader buffered ahead).
    read: u64,
}

/// One batch, scored, waiting for its turn at the in-order stage.
pub(super) struct Scored {
    /// The record number of its first item.
    base: u64,
    items: Vec<Item>,
    /// [`Batch::read`].
    read: u64,
    prepared: Vec<Option<Prepared>>,
}

/// Score the articles of a batch the stage owns, in parallel (`None` for everything else).
fn score_batch(
    cfg: &ScoreConfig,
    scorer: &Scorer,
    grouping: Option<&Grouping>,
    shard: Option<Shard>,
    base: u64,
    batch: &[Item],
    cancel: &Cancel,
) -> Vec<Option<Prepared>> {
    let Some(grouping) = grouping else {
        return batch.iter().map(|_| None).collect();
    };
    let owns = |i: usize| shard.is_none_or(|s| s.owns(base + i as u64));
    batch
        .par_iter()
        .enumerate()
        .map_init(Workspace::default, |ws, (i, item)| match item {
            Item::Article(_) if cancel.requested().is_some() => None,
            Item::Article(a) if owns(i) => Some(prepare(cfg, scorer, grouping, a, ws)),
            _ => None,
        })
        .collect()
}

/// Hand a scored batch to the stage, record by record, in input order.
fn hand_over(stage: &mut impl Stage, scored: Scored, cancel: &Cancel) -> Result<()> {
    for (seq, (item, prepared)) in
        (scored.base..).zip(scored.items.into_iter().zip(scored.prepared))
    {
        if cancel.requested().is_some() {
            return Ok(());
        }
        stage.take(seq, item, prepared)?;
    }
    Ok(())
}

/// Score each batch in parallel and hand it to the stage in order. The two overlap: while the
/// workers score batch n + 1, batch n is handed over (written, aggregated) on the pool too,
/// so the sequential part does not leave the workers idle.
#[allow(clippy::too_many_arguments)]
fn consume(
    cfg: &ScoreConfig,
    rx: &std::sync::mpsc::Receiver<Batch>,
    pool: &rayon::ThreadPool,
    scorer: &Scorer,
    stage: &mut impl Stage,
    progress: &Progress,
    progress_bytes: &AtomicU64,
    space: &mut SpaceCheck,
    cancel: &Cancel,
) -> Result<()> {
    let shard = stage.shard();
    let mut seq = 0u64;
    // The stage's grouping, copied once decided, so scoring can read it while the stage runs.
    let mut grouping: Option<Grouping> = None;
    let mut pending: Option<Scored> = None;
    let mut text_checked = false;
    // Stored bytes of input up to the end of the last batch handed over.
    let mut handed_read = 0u64;
    for Batch { items: batch, read } in rx {
        if cancel.requested().is_some() {
            return Ok(());
        }
        if !text_checked {
            text_checked = check_text_field(&cfg.input, &batch)?;
        }
        if grouping.is_none() {
            // The grouping is decided in input order: what came before goes first.
            if let Some(before) = pending.take() {
                handed_read = before.read;
                hand_over(stage, before, cancel)?;
            }
            if let Some(first) = batch.iter().find_map(|item| match item {
                Item::Article(a) => Some(a),
                _ => None,
            }) {
                stage.start(first)?;
            }
            grouping = stage.grouping().cloned();
        }
        let base = seq;
        seq += batch.len() as u64;
        let (prepared, handed) = pool.install(|| {
            rayon::join(
                || score_batch(cfg, scorer, grouping.as_ref(), shard, base, &batch, cancel),
                || {
                    pending.take().map_or(Ok(None), |p| {
                        let read = p.read;
                        hand_over(stage, p, cancel).map(|()| Some(read))
                    })
                },
            )
        });
        if let Some(r) = handed? {
            handed_read = r;
        }
        pending = Some(Scored {
            base,
            items: batch,
            read,
            prepared,
        });
        progress.update(progress_bytes.load(Ordering::Relaxed), stage.articles());
        // What is written so far against the input it came from (not against what the reader
        // has read ahead).
        if let Some(warning) = space.after(handed_read, stage.written()) {
            progress.warn(&warning);
        }
    }
    if let Some(last) = pending {
        if cancel.requested().is_none() {
            hand_over(stage, last, cancel)?;
        }
    }
    Ok(())
}
