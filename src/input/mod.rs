//! Corpus readers: bytes -> [`Article`] (with its origin) or [`Skip`] (with reason and place).
//!
//! Invariants: records are delivered in input order (inputs in the order given, directories
//! walked recursively in sorted path order, records in file order); nothing that was read is
//! dropped silently: every record becomes an `Article` or a `Skip`; reading streams, so a
//! corpus larger than memory works (a `.json` array is streamed element by element).

pub mod html;

mod csv;
mod decode;
mod entities;
mod json;
mod jsonl;
mod jsonvalue;
mod path;
mod record;
pub mod rowwatch;
mod source;
#[cfg(test)]
mod tests;
#[cfg(test)]
mod testutil;
mod txt;
pub(crate) mod walk;

use std::fs;
use std::io;
use std::ops::ControlFlow;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::AtomicU64;

use crate::diag::{Skip, Warning};
use crate::error::{Error, Location};
use record::Ctx;
pub(crate) use source::HashingReader;
use walk::{FileUnit, Unit, Walker};

pub use csv::misread_delimiter;
pub use path::{first_string_path, object_keys};
pub use source::{open_table, sniff_format};
pub use walk::escaped;

/// One article as read from the corpus, before any analysis. Text is the original (after
/// invalid-UTF-8 replacement, BOM removal and, with `--strip-html`, tag stripping).
#[derive(Debug, Clone, PartialEq)]
pub struct Article {
    /// The id field, or `<file>:<record>` when the record has none.
    pub id: String,
    /// The headline; empty when the record has none.
    pub title: String,
    /// The body text.
    pub text: String,
    /// The raw date text, when the record has a date field.
    pub date: Option<String>,
    /// Every other field (metadata), as text, in the order the record gives them.
    /// JSON numbers keep the text written in the file (`1e400`, `0.1e1`); booleans are written
    /// as JSON writes them; `null` is empty.
    pub fields: Vec<(String, String)>,
    /// The file the record came from, as named to the user (`<stdin>` for standard input).
    pub file: Arc<str>,
    /// 1-based record number within its file.
    pub record: u64,
    /// True when invalid UTF-8 bytes were replaced with U+FFFD.
    pub invalid_utf8: bool,
    /// Which of the id, title and date fields the record has (even empty); `None` for a
    /// `.txt` file, whose fields have no names.
    pub roles: Option<Roles>,
}

/// Whether a record has the fields `--id-field`, `--title-field` and `--date-field` name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Roles {
    pub id: bool,
    pub title: bool,
    pub date: bool,
}

impl Roles {
    /// The names of the role fields the record has, in the order id, text (when `text`),
    /// title, date: for messages that list a record's fields.
    pub fn names<'o>(&self, text: bool, opts: &'o InputOptions) -> impl Iterator<Item = &'o str> {
        [
            (self.id, &opts.id_field),
            (text, &opts.text_field),
            (self.title, &opts.title_field),
            (self.date, &opts.date_field),
        ]
        .into_iter()
        .filter(|(has, _)| *has)
        .map(|(_, name)| name.as_str())
    }
}

impl Article {
    /// The value of a metadata field, if the record has it.
    pub fn field(&self, name: &str) -> Option<&str> {
        self.fields
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }
}

/// Input formats (SPEC §2), chosen by extension unless `--format` says otherwise.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Csv,
    Tsv,
    Jsonl,
    Json,
    Txt,
}

/// How to read the corpus: the validated form of the input flags.
#[derive(Debug, Clone)]
pub struct InputOptions {
    /// Forced format; `None` means by extension (stdin: sniffed from the first byte).
    pub format: Option<Format>,
    pub id_field: String,
    pub text_field: String,
    pub title_field: String,
    pub date_field: String,
    /// Remove HTML tags and decode entities before analysis.
    pub strip_html: bool,
    /// An article whose headline and body together exceed this many bytes is skipped with
    /// its size as the reason, never cut (see [`DEFAULT_MAX_ARTICLE_BYTES`]).
    pub max_article_bytes: u64,
    /// A folder a directory walk does not enter: the run's output folder.
    pub skip_dir: Option<PathBuf>,
    /// The field names with a `.` that options name (`--title-field title.rendered`,
    /// `--group-by source.name`): in a JSON record without a field of that very name, each
    /// is looked up inside objects (see `path`).
    pub paths: Vec<String>,
}

/// The default `--max-article-bytes`: 64 MiB. The longest real news articles are a few
/// hundred kilobytes, so this is hundreds of times more than any article needs; scoring costs
/// about 17 bytes of memory per byte of news text, so one article at the limit peaks near
/// 1.1 GB, which a laptop survives, where a 200 MiB scraped page (4.1 GiB) may not.
pub const DEFAULT_MAX_ARTICLE_BYTES: u64 = 64 << 20;

/// The largest `--max-article-bytes` there can be: offsets into a text are 32-bit.
pub const MAX_ARTICLE_BYTES_LIMIT: u64 = u32::MAX as u64;

impl Default for InputOptions {
    fn default() -> Self {
        InputOptions {
            format: None,
            id_field: "id".into(),
            text_field: "text".into(),
            title_field: "title".into(),
            date_field: "date".into(),
            strip_html: false,
            max_article_bytes: DEFAULT_MAX_ARTICLE_BYTES,
            skip_dir: None,
            paths: Vec::new(),
        }
    }
}

/// What the reader hands to its consumer, in input order.
#[derive(Debug, Clone, PartialEq)]
pub enum Item {
    Article(Article),
    Skip(Skip),
    Warning(Warning),
}

/// One input file as recorded in `run.json`.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct InputFile {
    /// The path as the user named it (or as found under a named directory); `<stdin>` for `-`.
    pub path: String,
    /// Size in bytes as stored (compressed size for `.gz`).
    pub bytes: u64,
    /// SHA-256 of the stored bytes, lowercase hex.
    pub sha256: String,
    /// Records read from this file: articles plus skips of a record (record number ≥ 1).
    /// A skip with record 0 is about the whole file (it has no text column, or cannot be read
    /// past some point) and is not counted here.
    pub records: u64,
}

/// The inputs a user named, expanded: `-` for stdin, files, and directories walked recursively.
#[derive(Debug, Clone)]
pub struct InputSpec {
    pub paths: Vec<PathBuf>,
}

/// Reads every input in order and hands each record to `sink` as an [`Item`]; returns the
/// input files read (for `run.json`) once done. `sink` returning `ControlFlow::Break` stops
/// reading at once: the files so far are returned, the last one with the bytes, digest and
/// records read up to that point.
///
/// Before anything is read, a missing input or a file named directly whose format its name
/// does not tell (and no `--format`) is a usage error. After that nothing is an error: a file
/// that cannot be opened or read is a [`Skip`] with record 0, a bad record a `Skip` with its
/// number, and every file that was opened gets an [`InputFile`] whose size and SHA-256 cover
/// the whole stored file (it is read to the end for the digest even when parsing stopped).
pub fn read_inputs(
    inputs: &[PathBuf],
    opts: &InputOptions,
    progress: &AtomicU64,
    sink: &mut dyn FnMut(Item) -> ControlFlow<()>,
) -> crate::Result<Vec<InputFile>> {
    validate_inputs(inputs)?;
    check_formats(inputs, opts)?;
    let mut files = Vec::new();
    let mut reached = walk::Reached::default();
    for input in inputs {
        let flow = if is_stdin(input) {
            read_file(
                &walk::stdin_unit(opts.format),
                opts,
                progress,
                sink,
                &mut files,
            )
        } else if input.is_dir() {
            read_directory(input, opts, progress, sink, &mut files, &mut reached)
        } else {
            let unit = walk::named_file(input, opts.format);
            match reached_again(&mut reached, &unit) {
                Some(warning) => sink(Item::Warning(warning)),
                None => read_file(&unit, opts, progress, sink, &mut files),
            }
        };
        if flow.is_break() {
            break;
        }
    }
    Ok(files)
}

/// The warning for a file reached again (see [`walk::Reached`]): it is not read twice, so that
/// no article counts twice.
fn reached_again(reached: &mut walk::Reached, unit: &FileUnit) -> Option<Warning> {
    let first = reached.again(&unit.path, &unit.name)?;
    Some(Warning::new(
        unit.name.clone(),
        None,
        format!("the same file as {first}, which was read already; not read again"),
    ))
}

/// Total stored size of all inputs, for a progress bar's ETA; `None` when stdin (or another
/// pipe) is among them. Directories count the files a walk without `--format` reads.
pub fn total_size(inputs: &[PathBuf], skip_dir: Option<&Path>) -> Option<u64> {
    let mut total = 0;
    for input in inputs {
        if is_stdin(input) {
            return None;
        }
        match fs::metadata(input) {
            Ok(meta) if meta.is_dir() => {
                for unit in Walker::new(input, None).skipping(skip_dir) {
                    if let Unit::File(file) = unit {
                        total += fs::metadata(&file.path).map_or(0, |m| m.len());
                    }
                }
            }
            Ok(meta) if meta.is_file() => total += meta.len(),
            Ok(_) => return None,
            Err(_) => {}
        }
    }
    Some(total)
}

/// Checks the inputs exist before any work starts: a missing path is a usage error (exit 2)
/// `PATH: no such file or directory`. Directories are fine; `-` is standard input.
pub fn validate_inputs(inputs: &[PathBuf]) -> crate::Result<()> {
    for input in inputs.iter().filter(|i| !is_stdin(i)) {
        match fs::metadata(input) {
            Ok(_) => {}
            Err(err) if err.kind() == io::ErrorKind::NotFound => {
                let location = Location::file(input.display().to_string());
                return Err(Error::tagged(location, "no such file or directory").into_usage());
            }
            Err(err) => return Err(Error::io(input, &err).into_usage()),
        }
    }
    Ok(())
}

/// A regular file named directly must have a name that tells its format, or `--format`.
/// (Pipes such as `<(zcat …)` have no such name and are sniffed like stdin.)
fn check_formats(inputs: &[PathBuf], opts: &InputOptions) -> crate::Result<()> {
    if opts.format.is_some() {
        return Ok(());
    }
    for input in inputs.iter().filter(|i| !is_stdin(i)) {
        let is_file = fs::metadata(input).is_ok_and(|m| m.is_file());
        if is_file && walk::named_file(input, None).format.is_none() {
            let location = Location::file(input.display().to_string());
            let message = "cannot tell the format from the file name: name it .csv, .tsv, \
                           .jsonl, .ndjson, .json or .txt (optionally with .gz), or use --format";
            return Err(Error::tagged(location, message).into_usage());
        }
    }
    Ok(())
}

fn is_stdin(input: &Path) -> bool {
    input.as_os_str() == "-"
}

fn read_directory(
    dir: &Path,
    opts: &InputOptions,
    progress: &AtomicU64,
    sink: &mut dyn FnMut(Item) -> ControlFlow<()>,
    files: &mut Vec<InputFile>,
    reached: &mut walk::Reached,
) -> ControlFlow<()> {
    for unit in Walker::new(dir, opts.format).skipping(opts.skip_dir.as_deref()) {
        match unit {
            Unit::File(file) => match reached_again(reached, &file) {
                Some(warning) => sink(Item::Warning(warning))?,
                None => read_file(&file, opts, progress, sink, files)?,
            },
            Unit::Warning(warning) => sink(Item::Warning(warning))?,
            Unit::Skip(skip) => sink(Item::Skip(skip))?,
        }
    }
    ControlFlow::Continue(())
}

/// Reads one file (or stdin) and records it in `files` once it could be opened.
fn read_file(
    unit: &FileUnit,
    opts: &InputOptions,
    progress: &AtomicU64,
    sink: &mut dyn FnMut(Item) -> ControlFlow<()>,
    files: &mut Vec<InputFile>,
) -> ControlFlow<()> {
    let raw = match source::open(unit) {
        Ok(raw) => raw,
        Err(err) => {
            let reason = format!("cannot open: {err}");
            return sink(Item::Skip(Skip::new(unit.name.clone(), 0, None, reason)));
        }
    };
    read_opened(unit, raw, opts, progress, sink, files)
}

/// Reads stored bytes from any reader as if they were a file named `name`: its format comes
/// from `opts.format` or the name's extension (sniffed from the content when neither tells),
/// `.gz` is undone, and every record goes to `sink` exactly as [`read_inputs`] would hand it
/// over. Returns what `run.json` would record for the file. The same code path as a file on
/// disk, without one: for fuzzing, and for callers that hold a corpus in memory.
pub fn read_reader(
    name: &str,
    stored: Box<dyn io::Read>,
    opts: &InputOptions,
    sink: &mut dyn FnMut(Item) -> ControlFlow<()>,
) -> InputFile {
    let unit = walk::named_file(Path::new(name), opts.format);
    let progress = AtomicU64::new(0);
    let mut files = Vec::with_capacity(1);
    let _ = read_opened(&unit, stored, opts, &progress, sink, &mut files);
    files.pop().unwrap_or(InputFile {
        path: unit.name,
        bytes: 0,
        sha256: String::new(),
        records: 0,
    })
}

/// Reads one opened file and records it in `files`.
fn read_opened(
    unit: &FileUnit,
    raw: Box<dyn io::Read>,
    opts: &InputOptions,
    progress: &AtomicU64,
    sink: &mut dyn FnMut(Item) -> ControlFlow<()>,
    files: &mut Vec<InputFile>,
) -> ControlFlow<()> {
    let mut stored = HashingReader::new(raw, progress);
    let mut ctx = Ctx::new(&unit.name, opts, sink);
    let mut flow = read_content(&mut stored, unit, &mut ctx);
    if flow.is_continue() {
        if let Err(err) = stored.drain() {
            let message = format!("could not read to the end of the file for its checksum: {err}");
            flow = ctx.warn(None, message);
        }
    }
    let records = ctx.records;
    let (bytes, sha256) = stored.finish();
    files.push(InputFile {
        path: unit.name.clone(),
        bytes,
        sha256,
        records,
    });
    flow
}

/// Decodes the stored bytes and runs the format's reader over them.
fn read_content(
    stored: &mut HashingReader<'_>,
    unit: &FileUnit,
    ctx: &mut Ctx<'_>,
) -> ControlFlow<()> {
    let prepared = match source::prepare(stored, unit.gz) {
        Ok(prepared) => prepared,
        Err(err) => return ctx.skip(0, None, err.reason()),
    };
    ctx.gzip = prepared.gzip;
    if prepared.misnamed_gz {
        ctx.warn(None, "named .gz but not gzip-compressed; read as it is")?;
    }
    if let Some(order) = prepared.utf16 {
        let order = match order {
            source::Utf16::Little => "little-endian",
            source::Utf16::Big => "big-endian",
        };
        let how = if prepared.utf16_guessed {
            ", without a byte-order mark: its zero bytes tell the order"
        } else {
            ""
        };
        ctx.warn(None, format!("decoded as UTF-16 ({order}{how})"))?;
    }
    let Some(first) = prepared.first else {
        return ctx.warn(None, "empty file");
    };
    let format = unit
        .format
        .or_else(|| sniff_format(&[first]))
        .unwrap_or(Format::Csv);
    let stream = prepared.stream;
    match format {
        Format::Csv => self::csv::read(stream, b',', ctx)?,
        Format::Tsv => self::csv::read(stream, b'\t', ctx)?,
        Format::Jsonl => jsonl::read(stream, ctx)?,
        Format::Json => json::read(stream, ctx)?,
        Format::Txt => txt::read(stream, unit, ctx)?,
    }
    let replaced = prepared.utf16_replaced.get();
    if replaced > 0 {
        ctx.warn(
            None,
            format!("{replaced} invalid UTF-16 code units replaced with U+FFFD"),
        )?;
    }
    if ctx.records == 0 && ctx.file_skips == 0 {
        ctx.warn(None, "no records")?;
    }
    ControlFlow::Continue(())
}
