//! Expands what the user named into the files to read: stdin, a file, or a directory walked
//! recursively; and tells each file's format from its name.
//!
//! Invariants: a directory yields its files in tree order, each directory's entries sorted by
//! name byte for byte, so a folder's files stay together (`B.tsv`, `a/z.csv`, `a.json`,
//! `b/10.txt`, `b/2.txt`); names starting with `.` are skipped; a symbolic link is
//! followed unless it points back into a directory being walked; the walk is lazy (one
//! directory listing in memory per level), so a corpus of a million files costs no more.

use std::ffi::OsString;
use std::fs;
use std::path::{Path, PathBuf};

use super::Format;
use crate::diag::{Skip, Warning};

/// The name `-` (standard input) is shown as.
pub const STDIN_NAME: &str = "<stdin>";

/// One file to read, with everything needed to name it and its records.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileUnit {
    /// What to open; ignored for stdin.
    pub path: PathBuf,
    pub stdin: bool,
    /// The file as named to the user (`<stdin>` for `-`).
    pub name: String,
    /// The format to read it as; `None` means sniff it from the content (stdin, pipes).
    pub format: Option<Format>,
    /// The name ends in `.gz` (content starting with the gzip magic is decompressed anyway).
    pub gz: bool,
    /// The id a `.txt` file's article gets: its path relative to the named directory.
    pub txt_id: String,
    /// The `outlet` a `.txt` file's article gets: the name of its folder.
    pub outlet: Option<String>,
}

/// What the walk hands back, in order: a file to read, or a problem to report.
#[derive(Debug)]
pub enum Unit {
    File(FileUnit),
    Warning(Warning),
    Skip(Skip),
}

/// The format a file name implies (case-insensitive), and whether it ends in `.gz`.
pub fn format_from_name(name: &str) -> (Option<Format>, bool) {
    let lower = name.to_ascii_lowercase();
    let (stem, gz) = match lower.strip_suffix(".gz") {
        Some(stem) => (stem, true),
        None => (lower.as_str(), false),
    };
    let format = match Path::new(stem).extension().and_then(|e| e.to_str()) {
        Some("csv") => Some(Format::Csv),
        Some("tsv") => Some(Format::Tsv),
        Some("jsonl" | "ndjson") => Some(Format::Jsonl),
        Some("json") => Some(Format::Json),
        Some("txt") => Some(Format::Txt),
        _ => None,
    };
    (format, gz)
}

/// Standard input: read as `format`, or sniffed when `None`.
pub fn stdin_unit(format: Option<Format>) -> FileUnit {
    FileUnit {
        path: PathBuf::from("-"),
        stdin: true,
        name: STDIN_NAME.to_string(),
        format,
        gz: false,
        txt_id: format!("{STDIN_NAME}:1"),
        outlet: None,
    }
}

/// A file the user named directly. `None` for the format means the name does not tell it
/// (the caller decides whether that is an error or a reason to sniff).
pub fn named_file(path: &Path, forced: Option<Format>) -> FileUnit {
    let file_name = path.file_name().map(escaped);
    let (by_name, gz) = format_from_name(file_name.as_deref().unwrap_or_default());
    // The folder the file is in, as for a file found in a walk: `a.txt` and `./a.txt` are in
    // the current folder, whose name is where it really is (as for `slant score .`).
    let outlet = path
        .parent()
        .map(|dir| {
            if dir.as_os_str().is_empty() {
                Path::new(".")
            } else {
                dir
            }
        })
        .and_then(folder_name);
    FileUnit {
        path: path.to_path_buf(),
        stdin: false,
        name: escaped(path.as_os_str()),
        format: forced.or(by_name),
        gz,
        txt_id: file_name.unwrap_or_else(|| escaped(path.as_os_str())),
        outlet,
    }
}

/// The name a directory goes by: its last component, or for `.`, `..` and the like the last
/// component of where it really is; `None` for the file-system root.
fn folder_name(dir: &Path) -> Option<String> {
    let name = match dir.file_name() {
        Some(name) => name.to_os_string(),
        None => fs::canonicalize(dir).ok()?.file_name()?.to_os_string(),
    };
    Some(escaped(&name))
}

struct Frame {
    /// Entries still to visit, in reverse order (popped from the end).
    entries: Vec<OsString>,
    /// This directory relative to the root (empty for the root).
    rel: PathBuf,
    /// Where it really is, to stop symbolic link loops.
    canonical: Option<PathBuf>,
    /// The `outlet` of `.txt` files directly inside it.
    outlet: Option<String>,
}

/// A lazy, sorted, recursive walk of one named directory.
pub struct Walker {
    root: PathBuf,
    forced: Option<Format>,
    /// A folder not to enter (where it really is): the run's output folder.
    skip: Option<PathBuf>,
    stack: Vec<Frame>,
    found: u64,
    started: bool,
}

impl Walker {
    /// Walks `root`; with `forced` set, every (non-hidden) file is read in that format.
    pub fn new(root: &Path, forced: Option<Format>) -> Self {
        Walker {
            root: root.to_path_buf(),
            forced,
            skip: None,
            stack: Vec::new(),
            found: 0,
            started: false,
        }
    }

    /// Do not enter `dir` (the run's output folder), with a warning when it is met: its
    /// reports (`matches.csv` has a `text` column) would otherwise be read back as corpus,
    /// and a second run would count the first one's matches.
    pub fn skipping(mut self, dir: Option<&Path>) -> Self {
        self.skip = dir.and_then(|d| fs::canonicalize(d).ok());
        self
    }

    /// Where `path` leads, relative to the walked folder, when it is a symbolic link to a
    /// place inside that folder that the walk reaches on its own (no hidden folder on the
    /// way): the file is read there, under its own folder's outlet, and not again through
    /// the link (which, met first, would have taken it from its outlet).
    fn link_within(&self, path: &Path) -> Option<PathBuf> {
        let is_link = fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink());
        if !is_link {
            return None;
        }
        let canonical = fs::canonicalize(path).ok()?;
        let root = self.stack.first()?.canonical.as_deref()?;
        let rel = canonical.strip_prefix(root).ok()?;
        let hidden = rel
            .iter()
            .any(|c| c.as_encoded_bytes().first() == Some(&b'.'));
        let inside_skip = self
            .skip
            .as_deref()
            .is_some_and(|skip| canonical.starts_with(skip));
        (!hidden && !inside_skip && !rel.as_os_str().is_empty()).then(|| rel.to_path_buf())
    }

    fn display(&self, rel: &Path) -> String {
        escaped(self.root.join(rel).as_os_str())
    }

    /// Lists a directory and pushes it on the stack, or says why it cannot be read.
    fn enter(&mut self, rel: PathBuf, outlet: Option<String>) -> Option<Unit> {
        let dir = self.root.join(&rel);
        match list_sorted(&dir) {
            Ok(mut entries) => {
                entries.reverse();
                let canonical = fs::canonicalize(&dir).ok();
                self.stack.push(Frame {
                    entries,
                    rel,
                    canonical,
                    outlet,
                });
                None
            }
            Err(err) => Some(Unit::Skip(Skip::new(
                escaped(dir.as_os_str()),
                0,
                None,
                format!("cannot read directory: {err}"),
            ))),
        }
    }

    /// Decides what one directory entry is: a file to read, a directory to enter, or a warning.
    fn visit(&mut self, rel: PathBuf, name: &str, outlet: Option<String>) -> Option<Unit> {
        let path = self.root.join(&rel);
        let warn = |message: &str| {
            Some(Unit::Warning(Warning::new(
                self.display(&rel),
                None,
                message,
            )))
        };
        // `metadata` follows symbolic links, so a link is treated as what it points to.
        let meta = match fs::metadata(&path) {
            Ok(meta) => meta,
            Err(err) => return warn(&format!("skipped: cannot read it ({err})")),
        };
        if meta.is_dir() {
            let canonical = fs::canonicalize(&path).ok();
            let is_loop = canonical
                .as_ref()
                .is_some_and(|c| self.stack.iter().any(|f| f.canonical.as_ref() == Some(c)));
            if is_loop {
                return warn("skipped: a symbolic link back into a directory being read");
            }
            if canonical.is_some() && canonical == self.skip {
                return warn(
                    "skipped: the output folder of this run (--out); its reports are not read \
                     as corpus",
                );
            }
            if let Some(target) = self.link_within(&path) {
                return warn(&link_message(&target, "folder"));
            }
            return self.enter(rel, Some(name.to_string()));
        }
        if !meta.is_file() {
            return warn("skipped: not a regular file");
        }
        if let Some(target) = self.link_within(&path) {
            return warn(&link_message(&target, "file"));
        }
        let (by_name, gz) = format_from_name(name);
        let Some(format) = self.forced.or(by_name) else {
            return warn(
                "skipped: not a corpus file (the name does not end in .csv, .tsv, .jsonl, \
                 .ndjson, .json or .txt, optionally with .gz); use --format to read it anyway",
            );
        };
        // Reports of an earlier run kept beside the corpus: matches.csv would be read as one
        // article per match. Named on the command line, such a file is read.
        // JSON records only by their own names: a corpus of one article per .json file is
        // not opened twice.
        let json_record = matches!(name, "run.json" | "shard.json" | "comparisons.json");
        if !gz && (format == Format::Csv || (format == Format::Json && json_record)) {
            if let Some(report) = crate::report::known::slant_file(&path) {
                let how = if format == Format::Json {
                    "\"tool\": \"slant\"".to_string()
                } else {
                    format!("the columns of {report}")
                };
                return warn(&format!(
                    "skipped: a report slant wrote ({how}), not corpus; name the file on the \
                     command line to read it anyway"
                ));
            }
        }
        self.found += 1;
        Some(Unit::File(FileUnit {
            name: self.display(&rel),
            txt_id: relative_id(&rel),
            path,
            stdin: false,
            format: Some(format),
            gz,
            outlet,
        }))
    }
}

impl Iterator for Walker {
    type Item = Unit;

    fn next(&mut self) -> Option<Unit> {
        if !self.started {
            self.started = true;
            if let Some(unit) = self.enter(PathBuf::new(), folder_name(&self.root)) {
                return Some(unit);
            }
        }
        loop {
            let frame = self.stack.last_mut()?;
            let Some(name) = frame.entries.pop() else {
                self.stack.pop();
                if self.stack.is_empty() && self.found == 0 {
                    let message = "no corpus files found in this directory";
                    return Some(Unit::Warning(Warning::new(
                        self.display(Path::new("")),
                        None,
                        message,
                    )));
                }
                continue;
            };
            let name_text = escaped(&name);
            if name_text.starts_with('.') {
                continue;
            }
            let rel = frame.rel.join(&name);
            let outlet = frame.outlet.clone();
            if let Some(unit) = self.visit(rel, &name_text, outlet) {
                return Some(unit);
            }
        }
    }
}

/// The warning for a symbolic link skipped by [`Walker::link_within`].
fn link_message(target: &Path, what: &str) -> String {
    format!(
        "skipped: a symbolic link to the {what} {} in this folder, which is read where it \
         is (under its own folder's outlet), not again through the link",
        relative_id(target)
    )
}

/// A directory's entry names, sorted byte for byte.
pub(crate) fn list_sorted(dir: &Path) -> std::io::Result<Vec<OsString>> {
    let mut names = Vec::new();
    for entry in fs::read_dir(dir)? {
        names.push(entry?.file_name());
    }
    names.sort_unstable_by(|a, b| a.as_encoded_bytes().cmp(b.as_encoded_bytes()));
    Ok(names)
}

/// The files a command has reached, by where they really are, so that a file named twice (or
/// named and inside a folder named) is used once.
#[derive(Debug, Default)]
pub(crate) struct Reached(std::collections::HashMap<PathBuf, String>);

impl Reached {
    /// `None` the first time the file at `path` is reached (it is remembered by `name`); after
    /// that, the name it was first reached by. A file whose real path cannot be found counts
    /// as new every time.
    pub(crate) fn again(&mut self, path: &Path, name: &str) -> Option<String> {
        let real = fs::canonicalize(path).ok()?;
        match self.0.get(&real) {
            Some(first) => Some(first.clone()),
            None => {
                self.0.insert(real, name.to_string());
                None
            }
        }
    }
}

/// A relative path as an id: components joined with `/` whatever the platform.
fn relative_id(rel: &Path) -> String {
    let parts: Vec<String> = rel.iter().map(escaped).collect();
    parts.join("/")
}

/// A file or folder name (or a whole path, or a command-line argument) as text for an id, an
/// outlet, a report or `run.json`. Bytes that are not UTF-8 (names from Latin-1 systems and
/// old zip files) are written as `\xE4`, not replaced with U+FFFD: two names that differ only
/// there (`Artikel_\xE4.txt`, `Artikel_\xF6.txt`) keep two ids, and each id still spells the
/// file's name.
pub fn escaped(name: &std::ffi::OsStr) -> String {
    if let Some(text) = name.to_str() {
        return text.to_string();
    }
    let mut out = String::new();
    for chunk in name.as_encoded_bytes().utf8_chunks() {
        out.push_str(chunk.valid());
        for byte in chunk.invalid() {
            out.push_str(&format!("\\x{byte:02X}"));
        }
    }
    out
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // a test that cannot unwrap has failed
mod tests {
    use super::*;

    fn files(units: Vec<Unit>) -> Vec<(String, String, Option<String>)> {
        units
            .into_iter()
            .filter_map(|u| match u {
                Unit::File(f) => Some((f.txt_id, f.name, f.outlet)),
                _ => None,
            })
            .collect()
    }

    fn warnings(units: &[Unit]) -> impl Iterator<Item = &Warning> {
        units.iter().filter_map(|u| match u {
            Unit::Warning(w) => Some(w),
            _ => None,
        })
    }

    #[test]
    fn formats_by_extension_case_insensitive_with_gz() {
        assert_eq!(format_from_name("a.csv"), (Some(Format::Csv), false));
        assert_eq!(format_from_name("A.TSV.GZ"), (Some(Format::Tsv), true));
        assert_eq!(format_from_name("x.ndjson"), (Some(Format::Jsonl), false));
        assert_eq!(format_from_name("x.jsonl.gz"), (Some(Format::Jsonl), true));
        assert_eq!(format_from_name("x.Json"), (Some(Format::Json), false));
        assert_eq!(format_from_name("notes.txt"), (Some(Format::Txt), false));
        assert_eq!(format_from_name("data.gz"), (None, true));
        assert_eq!(format_from_name("README"), (None, false));
        assert_eq!(format_from_name("archive.tar.gz"), (None, true));
    }

    #[test]
    fn walks_nested_directories_in_sorted_order_skipping_hidden_and_unknown() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("corpus");
        for file in [
            "b/2.txt",
            "b/10.txt",
            "a/z.csv",
            "a.json",
            "c.txt",
            "B.tsv",
            ".hidden/x.txt",
            "b/.secret.txt",
            "b/notes.md",
        ] {
            let path = root.join(file);
            fs::create_dir_all(path.parent().unwrap()).unwrap();
            fs::write(path, "x").unwrap();
        }
        let units: Vec<Unit> = Walker::new(&root, None).collect();
        let warnings: Vec<String> = warnings(&units).map(|w| w.file.clone()).collect();
        assert_eq!(
            warnings,
            vec![root.join("b/notes.md").display().to_string()]
        );
        let r = |p: &str| root.join(p).display().to_string();
        let s = |p: &str| Some(p.to_string());
        assert_eq!(
            files(units),
            vec![
                ("B.tsv".into(), r("B.tsv"), s("corpus")),
                ("a/z.csv".into(), r("a/z.csv"), s("a")),
                ("a.json".into(), r("a.json"), s("corpus")),
                ("b/10.txt".into(), r("b/10.txt"), s("b")),
                ("b/2.txt".into(), r("b/2.txt"), s("b")),
                ("c.txt".into(), r("c.txt"), s("corpus")),
            ]
        );
    }

    #[cfg(unix)]
    #[test]
    fn links_within_the_folder_leave_files_to_their_own_outlet() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("corpus");
        let outside = dir.path().join("elsewhere");
        for d in ["AP", "NYT", ".raw"] {
            fs::create_dir_all(root.join(d)).unwrap();
        }
        fs::create_dir_all(&outside).unwrap();
        fs::write(root.join("NYT/story.txt"), "x").unwrap();
        fs::write(root.join(".raw/hidden.txt"), "x").unwrap();
        fs::write(outside.join("far.txt"), "x").unwrap();
        let link = |target: &Path, at: &str| {
            std::os::unix::fs::symlink(target, root.join(at)).unwrap();
        };
        // Sorted first, these links were read and the real files skipped as read already.
        link(&root.join("NYT/story.txt"), "AP/story.txt");
        link(&root.join("NYT"), "AP/nyt");
        // A link to a place the walk does not reach on its own is read.
        link(&outside.join("far.txt"), "AP/far.txt");
        link(&root.join(".raw/hidden.txt"), "AP/hidden.txt");
        let units: Vec<Unit> = Walker::new(&root, None).collect();
        let warnings: Vec<String> = warnings(&units).map(|w| w.message.clone()).collect();
        assert_eq!(
            warnings,
            [
                "skipped: a symbolic link to the folder NYT in this folder, which is read \
                 where it is (under its own folder's outlet), not again through the link",
                "skipped: a symbolic link to the file NYT/story.txt in this folder, which is \
                 read where it is (under its own folder's outlet), not again through the link",
            ]
        );
        let ids: Vec<(String, Option<String>)> =
            files(units).into_iter().map(|(id, _, o)| (id, o)).collect();
        let s = |p: &str| Some(p.to_string());
        assert_eq!(
            ids,
            [
                ("AP/far.txt".into(), s("AP")),
                ("AP/hidden.txt".into(), s("AP")),
                ("NYT/story.txt".into(), s("NYT")),
            ]
        );
    }

    #[cfg(unix)]
    #[test]
    fn names_that_are_not_utf8_keep_their_bytes_in_ids_and_outlets() {
        use std::os::unix::ffi::OsStrExt;
        let dir = tempfile::tempdir().unwrap();
        let folder = dir
            .path()
            .join(std::ffi::OsStr::from_bytes(b"S\xfcddeutsche"));
        fs::create_dir_all(&folder).unwrap();
        for name in [&b"Artikel_\xe4.txt"[..], b"Artikel_\xf6.txt"] {
            fs::write(folder.join(std::ffi::OsStr::from_bytes(name)), "x").unwrap();
        }
        let ids: Vec<(String, Option<String>)> = files(Walker::new(dir.path(), None).collect())
            .into_iter()
            .map(|(id, _, outlet)| (id, outlet))
            .collect();
        let outlet = Some("S\\xFCddeutsche".to_string());
        assert_eq!(
            ids,
            [
                ("S\\xFCddeutsche/Artikel_\\xE4.txt".into(), outlet.clone()),
                ("S\\xFCddeutsche/Artikel_\\xF6.txt".into(), outlet),
            ]
        );
    }

    #[test]
    fn forced_format_reads_every_visible_file() {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join("data.dat"), "x").unwrap();
        let units: Vec<Unit> = Walker::new(dir.path(), Some(Format::Csv)).collect();
        assert!(matches!(&units[..], [Unit::File(f)] if f.format == Some(Format::Csv)));
    }

    #[test]
    fn an_empty_directory_is_a_warning() {
        let dir = tempfile::tempdir().unwrap();
        let units: Vec<Unit> = Walker::new(dir.path(), None).collect();
        assert!(matches!(&units[..], [Unit::Warning(w)] if w.message.contains("no corpus files")));
    }

    #[cfg(unix)]
    #[test]
    fn symbolic_link_loops_are_not_followed() {
        let dir = tempfile::tempdir().unwrap();
        let sub = dir.path().join("sub");
        fs::create_dir(&sub).unwrap();
        fs::write(sub.join("a.txt"), "x").unwrap();
        std::os::unix::fs::symlink(dir.path(), sub.join("loop")).unwrap();
        let units: Vec<Unit> = Walker::new(dir.path(), None).collect();
        assert_eq!(units.len(), 2);
        assert!(matches!(&units[0], Unit::File(f) if f.txt_id == "sub/a.txt"));
        assert!(matches!(&units[1], Unit::Warning(w) if w.message.contains("symbolic link")));
    }

    #[test]
    fn named_file_id_and_outlet() {
        let unit = named_file(Path::new("corpus/cnn/a.TXT"), None);
        assert_eq!(
            (unit.txt_id.as_str(), unit.outlet.as_deref()),
            ("a.TXT", Some("cnn"))
        );
        assert_eq!(unit.format, Some(Format::Txt));
        // In the current folder: its real name, however the path is written.
        let here = std::env::current_dir().unwrap();
        let here = here.file_name().map(|n| n.to_string_lossy().into_owned());
        for name in ["a.txt", "./a.txt"] {
            assert_eq!(named_file(Path::new(name), None).outlet, here, "{name}");
        }
        let unit = named_file(Path::new("../a.txt"), None);
        let up = std::env::current_dir().unwrap();
        let up = up.parent().and_then(Path::file_name).unwrap();
        assert_eq!(unit.outlet.as_deref(), Some(&*up.to_string_lossy()));
        let unit = named_file(Path::new("data.bin"), Some(Format::Json));
        assert_eq!(unit.format, Some(Format::Json));
        assert_eq!(named_file(Path::new("data.bin"), None).format, None);
    }
}
