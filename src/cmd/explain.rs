//! `slant explain INPUT --id ID`: one article, its matches highlighted, a table of every match
//! with its lexicon entry, category, voice and negation, the negator of each match near one or
//! what stopped it, every quotation's device or why none, and the category counts. Wild text
//! is escaped before it reaches the terminal; a `\r\n` line end is shown as a line break.
//!
//! When several records have the id, the first that is an article is shown, and a note line
//! says how many records have it and where the others are; so the whole input is read.

use std::borrow::Cow;
use std::io::{IsTerminal, Write};
use std::ops::ControlFlow;
use std::path::PathBuf;
use std::sync::atomic::AtomicU64;

use crate::aggregate::groups::CellKey;
use crate::aggregate::targets::TargetTable;
use crate::cli::{ColorArg, ExplainArgs};
use crate::cmd::score::fields::{check_role_fields, check_text_field};
use crate::config::{input_options, load_lexicons, load_targets};
use crate::diag::{Skip, counted};
use crate::input::{self, Article, InputOptions, Item};
use crate::sanitize::{for_terminal, padded};
use crate::score::targets::Targets;
use crate::score::{ArticleScore, MentionTrace, Part, ScoredMatch, Scorer, Workspace};
use crate::{Error, Result};

const NARRATOR: &str = "\x1b[1;31m";
const QUOTED: &str = "\x1b[1;34m";
const DIM: &str = "\x1b[2m";
const RESET: &str = "\x1b[0m";

/// At most this many other places are named in the note on records that share the id.
const PLACES_NAMED: usize = 10;

pub fn run(args: &ExplainArgs) -> Result<()> {
    let inputs = [args.input.clone()];
    input::validate_inputs(&inputs)?;
    let lexicons = load_lexicons(&args.lexicon)?;
    let opts = input_options(&args.input_opts);
    let Found {
        article: found,
        first_skip: skipped,
        others,
        others_count,
        unread,
    } = find(&inputs, &opts, &args.id)?;
    if let (None, Some(s)) = (&found, skipped) {
        return Err(Error::failure(format!(
            "{}:{}: the record with id '{}' was skipped: {}",
            s.file, s.record, args.id, s.reason
        )));
    }
    let Some(article) = found else {
        return Err(Error::failure(format!(
            "{}: no article with id '{}'{}",
            args.input.display(),
            args.id,
            unread.note()
        )));
    };
    let mut scorer = Scorer::new(lexicons.lexicons)?;
    scorer.language = crate::text::Language::new(&args.input_opts.language);
    if let Some((targets, window)) = load_targets(&args.targets, &mut Vec::new())? {
        scorer.targets = Some(Targets::new(targets, window)?);
    }
    let mut ws = Workspace::default();
    let score = scorer.score(&article, &mut ws);
    let mentions = scorer.trace_mentions(&score, &mut ws);
    let color = match args.color {
        ColorArg::Always => true,
        ColorArg::Never => false,
        ColorArg::Auto => std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none(),
    };
    let mut out = std::io::stdout().lock();
    let note = duplicates_note(others_count, &others);
    print(
        &mut out,
        &article,
        note.as_deref(),
        &score,
        &scorer,
        &ws,
        color,
    )
    .and_then(|()| print_targets(&mut out, &article, &score, &mentions, &scorer))
    .map_err(|e| Error::stdout(&e))
}

/// A record with the asked id other than the one shown.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Place {
    file: String,
    record: u64,
    skipped: bool,
}

/// What reading the input found for one id.
#[derive(Debug, Default)]
struct Found {
    /// The first article with the id: the one shown.
    article: Option<Article>,
    /// The first skipped record with the id, for the error when no article has it.
    first_skip: Option<Skip>,
    /// The other records with the id, in the order read: the first [`PLACES_NAMED`] of them.
    others: Vec<Place>,
    /// How many other records have the id.
    others_count: u64,
    /// What was not read, where the id might have been.
    unread: Unread,
}

/// Files not read and records skipped before their id could be read: where an id that is not
/// found might be.
#[derive(Debug, Default)]
struct Unread {
    files: u64,
    first_file: Option<Skip>,
    records: u64,
    first_record: Option<Skip>,
}

impl Unread {
    fn add(&mut self, skip: Skip) {
        let (count, first) = if skip.record == 0 {
            (&mut self.files, &mut self.first_file)
        } else {
            (&mut self.records, &mut self.first_record)
        };
        *count += 1;
        first.get_or_insert(skip);
    }

    /// `; it may be in what was not read: …`, or nothing when everything was read.
    fn note(&self) -> String {
        let mut parts = Vec::new();
        if let Some(s) = &self.first_file {
            parts.push(format!(
                "{} not read (the first, {}: {})",
                counted(self.files, "file", "files"),
                for_terminal(&s.file, false),
                s.reason
            ));
        }
        if let Some(s) = &self.first_record {
            parts.push(format!(
                "{} skipped before an id could be read (the first, {}:{}: {})",
                counted(self.records, "record", "records"),
                for_terminal(&s.file, false),
                s.record,
                s.reason
            ));
        }
        if parts.is_empty() {
            String::new()
        } else {
            format!("; it may be in what was not read: {}", parts.join("; "))
        }
    }
}

impl Found {
    fn other(&mut self, place: Place) {
        self.others_count += 1;
        if self.others.len() < PLACES_NAMED {
            self.others.push(place);
        }
    }
}

/// Reads the whole input for the records whose id is `id`. A field flag that names a field the
/// first record lacks is a usage error, as in `slant score` (the id could never be found).
fn find(inputs: &[PathBuf], opts: &InputOptions, id: &str) -> Result<Found> {
    let mut found = Found::default();
    let bytes = AtomicU64::new(0);
    let (mut roles_checked, mut text_checked) = (false, false);
    let mut misnamed = None;
    // An id matches in either Unicode spelling (README): the one asked for is normalised once.
    let wanted = crate::text::nfc(id);
    let is_wanted = |other: &str| other == id || crate::text::nfc(other) == wanted;
    input::read_inputs(inputs, opts, &bytes, &mut |item| {
        let check = || -> Result<(bool, bool)> {
            let text = text_checked || check_text_field(opts, std::slice::from_ref(&item))?;
            let roles = match &item {
                Item::Article(a) if !roles_checked => check_role_fields(opts, a).map(|()| true)?,
                _ => roles_checked,
            };
            Ok((roles, text))
        };
        match check() {
            Ok(checked) => (roles_checked, text_checked) = checked,
            Err(e) => {
                misnamed = Some(e);
                return ControlFlow::Break(());
            }
        }
        match item {
            Item::Article(a) if is_wanted(&a.id) => match found.article {
                None => found.article = Some(a),
                Some(_) => found.other(Place {
                    file: a.file.to_string(),
                    record: a.record,
                    skipped: false,
                }),
            },
            Item::Skip(s) if s.id.as_deref().is_some_and(is_wanted) => {
                found.other(Place {
                    file: s.file.clone(),
                    record: s.record,
                    skipped: true,
                });
                found.first_skip.get_or_insert(s);
            }
            Item::Skip(s) if s.id.is_none() => found.unread.add(s),
            _ => {}
        }
        ControlFlow::Continue(())
    })?;
    match misnamed {
        Some(e) => Err(e),
        None => Ok(found),
    }
}

/// The note line when `count` other records have the shown article's id (`others` names the
/// first of them), escaped for the terminal.
fn duplicates_note(count: u64, others: &[Place]) -> Option<String> {
    if count == 0 {
        return None;
    }
    let mut places: Vec<String> = others
        .iter()
        .map(|p| {
            let skipped = if p.skipped { " (skipped)" } else { "" };
            format!("{}:{}{skipped}", for_terminal(&p.file, false), p.record)
        })
        .collect();
    let unnamed = count.saturating_sub(others.len() as u64);
    if unnamed > 0 {
        places.push(format!("and {unnamed} more"));
    }
    Some(format!(
        "note: {} records have this id; shown is the first article read, the others are at {}",
        count + 1,
        places.join(", ")
    ))
}

/// Article text for the terminal: a `\r\n` line end (a file saved on Windows) is a line break
/// like `\n`; every other control character, a lone `\r` included, is escaped.
fn text_for_terminal(text: &str) -> Cow<'_, str> {
    if !text.contains("\r\n") {
        return for_terminal(text, true);
    }
    let mut out = String::with_capacity(text.len());
    for (i, line) in text.split("\r\n").enumerate() {
        if i > 0 {
            out.push('\n');
        }
        out.push_str(&for_terminal(line, true));
    }
    Cow::Owned(out)
}

fn print(
    out: &mut impl Write,
    a: &Article,
    note: Option<&str>,
    score: &ArticleScore,
    scorer: &Scorer,
    ws: &Workspace,
    color: bool,
) -> std::io::Result<()> {
    writeln!(
        out,
        "id: {}  ({}:{})",
        for_terminal(&a.id, false),
        for_terminal(&a.file, false),
        a.record
    )?;
    if let Some(note) = note {
        writeln!(out, "{note}")?;
    }
    for (k, v) in &a.fields {
        writeln!(
            out,
            "{}: {}",
            for_terminal(k, false),
            for_terminal(v, false)
        )?;
    }
    writeln!(
        out,
        "words {} · narrator words {} · quoted words {} · sentences {} · quotations {}",
        score.words,
        score.narrator_words,
        score.quoted_words(),
        score.sentences,
        score.quotations
    )?;
    if color {
        writeln!(
            out,
            "{NARRATOR}narrator-voice match{RESET}  {QUOTED}quoted-voice match{RESET}  [n] = row below"
        )?;
    }
    for (is_title, label, text) in [(true, "title", &a.title), (false, "body", &a.text)] {
        if text.is_empty() {
            continue;
        }
        writeln!(out, "\n── {label} ──")?;
        let mut at = 0usize;
        let here: Vec<(usize, &ScoredMatch)> = score
            .matches
            .iter()
            .enumerate()
            .filter(|(_, m)| (m.part == Part::Title) == is_title)
            .collect();
        for (k, &(_, sm)) in here.iter().enumerate() {
            let (s, e) = (sm.m.start as usize, sm.m.end as usize);
            if s < at {
                continue; // numbered with the match it overlaps, below
            }
            // Matches of other lexicons that start inside this one's words share its label:
            // `[terrorists][14,15]`. Matches are in reading order, so they follow it.
            let numbers: Vec<String> = here[k..]
                .iter()
                .take_while(|(_, other)| (other.m.start as usize) < e)
                .map(|(j, _)| (j + 1).to_string())
                .collect();
            let numbers = numbers.join(",");
            // A match is a word, so it never splits a `\r\n` between two pieces.
            write!(out, "{}", text_for_terminal(text.get(at..s).unwrap_or("")))?;
            let word = for_terminal(text.get(s..e).unwrap_or(""), false);
            if color {
                let c = if sm.quoted { QUOTED } else { NARRATOR };
                write!(out, "{c}{word}{RESET}{DIM}[{numbers}]{RESET}")?;
            } else {
                write!(out, "[{word}][{numbers}]")?;
            }
            at = e;
        }
        writeln!(out, "{}", text_for_terminal(text.get(at..).unwrap_or("")))?;
    }
    writeln!(out, "\n── matches ──")?;
    writeln!(
        out,
        "{:>4}  {:<5}  {:>4}  {:<8}  {:<7}  {:<24}  {:<12}  {:<24}  category",
        "#", "part", "sent", "voice", "negated", "text", "lexicon", "entry"
    )?;
    for (i, sm) in score.matches.iter().enumerate() {
        let text = sm.part.text_of(a);
        let Some(lex) = scorer.lexicons.get(sm.m.lexicon as usize) else {
            continue;
        };
        let Some(entry) = lex.entries.get(sm.m.entry as usize) else {
            continue;
        };
        writeln!(
            out,
            "{:>4}  {:<5}  {:>4}  {:<8}  {:<7}  {}  {}  {}  {}",
            i + 1,
            sm.part.as_str(),
            sm.sentence,
            if sm.quoted { "quoted" } else { "narrator" },
            if sm.negated { "yes" } else { "" },
            padded(
                text.get(sm.m.start as usize..sm.m.end as usize)
                    .unwrap_or(""),
                24
            ),
            padded(&lex.name, 12),
            padded(&entry.term, 24),
            if entry.categories.is_empty() {
                "-".to_string()
            } else {
                entry.categories.join(";")
            }
        )?;
    }
    print_negation(out, a, score, scorer, ws)?;
    print_quotations(out, a, score)?;
    writeln!(out, "\n── categories ──")?;
    for (name, c) in scorer.categories.names.iter().zip(&score.counts) {
        if c.n > 0 {
            writeln!(
                out,
                "{name:<32} n {:<4} narrator {:<4} negated {}",
                c.n, c.narrator_n, c.negated_n
            )?;
        }
    }
    Ok(())
}

/// For each match with a negator's word among the three words before it, the negator that
/// negates it, or what stops it (README *Counting rules*, *Negation*).
fn print_negation(
    out: &mut impl Write,
    a: &Article,
    score: &ArticleScore,
    scorer: &Scorer,
    ws: &Workspace,
) -> std::io::Result<()> {
    let mut header = false;
    for (i, sm) in score.matches.iter().enumerate() {
        let analysis = if sm.part == Part::Title {
            &ws.title
        } else {
            &ws.body
        };
        let text = sm.part.text_of(a);
        let first = sm.m.first_token as usize;
        let Some(negation) = analysis.negation(first, text, &scorer.language) else {
            continue;
        };
        if !header {
            writeln!(out, "\n── negation ──")?;
            writeln!(
                out,
                "{:>4}  {:<24}  how the negation rules read it",
                "#", "text"
            )?;
            header = true;
        }
        writeln!(
            out,
            "{:>4}  {}  {}",
            i + 1,
            padded(
                text.get(sm.m.start as usize..sm.m.end as usize)
                    .unwrap_or(""),
                24
            ),
            for_terminal(&negation.describe(analysis, text), false)
        )?;
    }
    Ok(())
}

/// Every quotation with its device, or why it is none (`quotations.csv`'s `device` and
/// `not_device`), and the first characters of its text.
fn print_quotations(
    out: &mut impl Write,
    a: &Article,
    score: &ArticleScore,
) -> std::io::Result<()> {
    if score.quotes.is_empty() {
        return Ok(());
    }
    writeln!(out, "\n── quotations ──")?;
    writeln!(
        out,
        "{:>4}  {:<5}  {:>5}  {:<24}  text",
        "#", "part", "words", "device (or why none)"
    )?;
    for (i, q) in score.quotes.iter().enumerate() {
        let text = q.part.text_of(a);
        let quoted: String = text
            .get(q.start as usize..q.end as usize)
            .unwrap_or("")
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        let shown: String = quoted.chars().take(QUOTE_CHARS).collect();
        let cut = if shown.len() < quoted.len() {
            "…"
        } else {
            ""
        };
        let verdict = match q.device {
            Ok(d) => d.name().to_string(),
            Err(why) => format!("none: {}", why.name()),
        };
        writeln!(
            out,
            "{:>4}  {:<5}  {:>5}  {}  {}{cut}",
            i + 1,
            q.part.as_str(),
            q.words,
            padded(&verdict, 24),
            for_terminal(&shown, false)
        )?;
    }
    Ok(())
}

/// The most characters of a quotation `explain` shows.
const QUOTE_CHARS: usize = 60;

/// With `--targets`: every mention, the targets it counts for and the numbers of the matches
/// counted near it; then, per target and category, the counts this article adds to
/// `targets.csv` (computed by the same code).
fn print_targets(
    out: &mut impl Write,
    a: &Article,
    score: &ArticleScore,
    mentions: &[MentionTrace],
    scorer: &Scorer,
) -> std::io::Result<()> {
    let Some(targets) = &scorer.targets else {
        return Ok(());
    };
    writeln!(
        out,
        "\n── targets (window {}: matches in the sentence at most {} words away) ──",
        targets.window, targets.window
    )?;
    if mentions.is_empty() {
        return writeln!(out, "no mention of a target");
    }
    writeln!(
        out,
        "{:>4}  {:<5}  {:>4}  {:<8}  {:<24}  {:<24}  nearby matches",
        "#", "part", "sent", "voice", "text", "target"
    )?;
    for (i, t) in mentions.iter().enumerate() {
        let text = t.part.text_of(a);
        let names: Vec<&str> = t
            .targets
            .iter()
            .filter_map(|&n| targets.names.names.get(n as usize).map(String::as_str))
            .collect();
        let nearby: Vec<String> = t.nearby.iter().map(|n| format!("[{}]", n + 1)).collect();
        writeln!(
            out,
            "{:>4}  {:<5}  {:>4}  {:<8}  {}  {}  {}",
            format!("T{}", i + 1),
            t.part.as_str(),
            t.sentence,
            if t.quoted { "quoted" } else { "narrator" },
            padded(
                text.get(t.m.start as usize..t.m.end as usize).unwrap_or(""),
                24
            ),
            padded(&names.join(";"), 24),
            if nearby.is_empty() {
                "-".to_string()
            } else {
                nearby.join(" ")
            }
        )?;
    }
    let mut table = TargetTable::default();
    table.add(&CellKey::default(), &score.mentions);
    writeln!(
        out,
        "\n{:<24}  {:<32}  {:>8}  {:>6}  {:>8}  {:>6}",
        "target", "category nearby", "mentions", "with", "narrator", "with"
    )?;
    let name = |names: &[String], i: u32| names.get(i as usize).cloned().unwrap_or_default();
    let line = |target: u32, category: &str, counts: [u64; 4]| {
        format!(
            "{}  {}  {:>8}  {:>6}  {:>8}  {:>6}",
            padded(&name(&targets.names.names, target), 24),
            padded(category, 32),
            counts[0],
            counts[1],
            counts[2],
            counts[3]
        )
    };
    let mut lines: Vec<(u32, String)> = Vec::new();
    for row in table.rows() {
        let category = name(&scorer.categories.names, row.category);
        let counts = [
            row.mentions,
            row.co_occurrences,
            row.narrator_mentions,
            row.narrator_co_occurrences,
        ];
        lines.push((row.target, line(row.target, &category, counts)));
    }
    // A target mentioned with nothing near it has no row (targets.csv has none either, unless
    // something is near it elsewhere); it is listed with `-`, so every mention is accounted for.
    let mut alone: Vec<u32> = score
        .mentions
        .iter()
        .flat_map(|m| m.targets.clone())
        .collect();
    alone.sort_unstable();
    alone.dedup();
    alone.retain(|t| !lines.iter().any(|(target, _)| target == t));
    for t in alone {
        let with = |m: &&crate::score::targets::Mention| m.targets.contains(&t);
        let all = score.mentions.iter().filter(with).count() as u64;
        let narrator = score
            .mentions
            .iter()
            .filter(with)
            .filter(|m| m.narrator)
            .count() as u64;
        lines.push((t, line(t, "-", [all, 0, narrator, 0])));
    }
    lines.sort_by_key(|(target, _)| *target);
    for (_, l) in lines {
        writeln!(out, "{l}")?;
    }
    Ok(())
}

#[cfg(test)]
mod tests;
