//! `--lexicon` paths -> lexicon files -> the set of lexicons a command uses.
//!
//! Invariants: a folder is walked recursively in tree order, each folder's entries sorted by
//! name byte for byte (as input folders are), skipping names that start with `.` and files
//! whose name ends in neither `.csv` nor `.dic`; a file is known by where it really is, so one
//! reached twice (named twice, or named and inside a folder named) is loaded once, with a
//! warning; no two lexicons of a set share a name, and none is named `device` or has a
//! category under `device` (any letter case), which slant's own device rows use. [`load_set`]
//! stops at the first problem (a usage error); [`check_set`] keeps the first error of every
//! file and reads on, so that `slant lexicon check` can show them all. Every lexicon loaded
//! is also warned about when it has no entries, names a category beside its own sub-category,
//! or carries weights outside `choice.*`; a set from [`load_set`] also carries the warnings of
//! [`check_all`], which `lexicon check` reports itself.

use std::fs;
use std::path::{Path, PathBuf};

use super::lint::{Lint, check_all, double_counts, unused_weights};
use super::{Lexicon, builtin, parse_csv_warning, parse_dic};
use crate::diag::Warning;
use crate::error::{Error, Location};
use crate::input::walk::{Reached, list_sorted};

/// The lexicons a command uses, in order (built-ins first, then each `--lexicon` path), and
/// the warnings loading them gave.
#[derive(Debug, Default)]
pub struct LexiconSet {
    pub lexicons: Vec<Lexicon>,
    pub warnings: Vec<Warning>,
}

/// What [`check_set`] found: the lexicons that loaded, and the first error of each file that
/// did not (plus name clashes and reserved names), in the order met. Its warnings are those of
/// each file; the findings across files are the caller's to get ([`check_all`]).
#[derive(Debug, Default)]
pub struct CheckedSet {
    pub set: LexiconSet,
    pub errors: Vec<Error>,
    /// Lexicon files read, whether they loaded or not (built-ins included).
    pub files: usize,
}

/// Load the built-in lexicons (unless `builtins` is false) and the lexicons at every path, in
/// that order. Any problem is a usage error: an unreadable or invalid lexicon, a path that
/// holds none, two lexicons with one name, a reserved name or category, or no lexicon at all.
/// The warnings include those across files ([`check_all`]), so that a run records them.
pub fn load_set(builtins: bool, paths: &[PathBuf]) -> crate::Result<LexiconSet> {
    let mut loader = Loader::new(false);
    loader.all(builtins, paths)?;
    let mut set = loader.checked.set;
    let mut errors = name_clashes(&set.lexicons)
        .into_iter()
        .chain(reserved(&set.lexicons));
    if let Some(error) = errors.next() {
        return Err(error);
    }
    let across = check_all(&set.lexicons);
    set.warnings.extend(
        across
            .into_iter()
            .map(|(origin, lint)| warning(&origin, lint)),
    );
    Ok(set)
}

/// Read the same lexicons as [`load_set`], but keep going past a broken file: each file's
/// first error is kept (a parser stops at the first error in a file) and the next file is
/// read; name clashes and reserved names and categories are errors too. `Err` only when
/// there is nothing to check (no built-ins and no path), a usage error.
pub fn check_set(builtins: bool, paths: &[PathBuf]) -> crate::Result<CheckedSet> {
    let mut loader = Loader::new(true);
    loader.all(builtins, paths)?;
    let mut checked = loader.checked;
    let clashes = name_clashes(&checked.set.lexicons);
    checked.errors.extend(clashes);
    let reserved = reserved(&checked.set.lexicons);
    checked.errors.extend(reserved);
    Ok(checked)
}

/// Load the lexicons at `path`: a `.csv` or `.dic` file, or a folder walked as the module
/// says. Each lexicon's origin is its path as given (joined with the path inside the folder).
/// A path that is neither, a folder with no lexicon in it, an unreadable file or an invalid
/// lexicon is a usage error naming the path. Names are not compared (see [`load_set`]).
pub fn load_path(path: &Path) -> crate::Result<(Vec<Lexicon>, Vec<Warning>)> {
    let mut loader = Loader::new(false);
    loader.path(path)?;
    let set = loader.checked.set;
    Ok((set.lexicons, set.warnings))
}

/// Reads lexicons into a [`CheckedSet`], either stopping at the first error or keeping it.
struct Loader {
    checked: CheckedSet,
    keep_going: bool,
    /// The files read so far, by where they really are.
    reached: Reached,
}

impl Loader {
    fn new(keep_going: bool) -> Self {
        Loader {
            checked: CheckedSet::default(),
            keep_going,
            reached: Reached::default(),
        }
    }

    /// An error: kept when going on, else returned to stop the loading.
    fn fail(&mut self, error: Error) -> crate::Result<()> {
        let error = error.into_usage();
        if self.keep_going {
            self.checked.errors.push(error);
            Ok(())
        } else {
            Err(error)
        }
    }

    fn all(&mut self, builtins: bool, paths: &[PathBuf]) -> crate::Result<()> {
        if !builtins && paths.is_empty() {
            return Err(Error::usage(
                "no lexicons: --no-default-lexicons needs at least one --lexicon PATH",
            ));
        }
        if builtins {
            for lexicon in builtin()? {
                self.checked.files += 1;
                self.add(lexicon, Vec::new());
            }
        }
        for path in paths {
            self.path(path)?;
        }
        Ok(())
    }

    fn path(&mut self, path: &Path) -> crate::Result<()> {
        for found in lexicon_files(path, &mut self.checked.set.warnings) {
            match found {
                Ok(file) => self.file(&file)?,
                Err(error) => self.fail(error)?,
            }
        }
        Ok(())
    }

    fn file(&mut self, file: &Path) -> crate::Result<()> {
        let origin = crate::input::escaped(file.as_os_str());
        if let Some(first) = self.reached.again(file, &origin) {
            let message =
                format!("the same file as {first}, which was loaded already; not loaded again");
            self.checked
                .set
                .warnings
                .push(Warning::new(origin, None, message));
            return Ok(());
        }
        self.checked.files += 1;
        match read_file(file, &origin) {
            Ok((lexicon, warnings)) => {
                self.add(lexicon, warnings);
                Ok(())
            }
            Err(error) => self.fail(error),
        }
    }

    fn add(&mut self, lexicon: Lexicon, warnings: Vec<Warning>) {
        let set = &mut self.checked.set;
        set.warnings.extend(warnings);
        if lexicon.entries.is_empty() {
            set.warnings.push(Warning::new(
                &lexicon.origin,
                None,
                format!(
                    "lexicon `{}` has no entries, so it counts nothing and adds no columns to \
                     the reports",
                    lexicon.name
                ),
            ));
        }
        let lints = double_counts(&lexicon)
            .into_iter()
            .chain(unused_weights(&lexicon));
        set.warnings
            .extend(lints.map(|lint| warning(&lexicon.origin, lint)));
        set.lexicons.push(lexicon);
    }
}

/// A lint as a warning of loading (a line of 0, about the whole file, is no line).
fn warning(origin: &str, lint: Lint) -> Warning {
    Warning::new(origin, Some(lint.line).filter(|&l| l > 0), lint.message)
}

/// The name and category that slant's own rows use: the scare-quote and distancing-quote
/// devices are the lexicon `device`, with categories `device.*`. A lexicon of that name would
/// be two lexicons in one in the reports, and a category under `device` would add its matches
/// to the devices' counts; both are refused, in any letter case (`Device.csv` would be told
/// from `device` by letter case alone).
fn reserved(lexicons: &[Lexicon]) -> Vec<Error> {
    const DEVICE: &str = "device";
    let mut errors = Vec::new();
    for lex in lexicons {
        if lex.name.to_lowercase() == DEVICE {
            let how = if format_of(Path::new(&lex.origin)) == Some(Format::Dic) {
                "rename the file"
            } else {
                "name the lexicon otherwise with a `# name:` line"
            };
            errors.push(
                Error::tagged(
                    Location::file(&lex.origin),
                    format!(
                        "the lexicon name `{}` is reserved: the reports use `device` for slant's \
                         own rows (scare quotes, quotations after a distancing marker); {how}",
                        lex.name
                    ),
                )
                .into_usage(),
            );
        }
        let device = lex.entries.iter().find_map(|e| {
            let c = e.categories.iter().find(|c| {
                c.split('.')
                    .next()
                    .is_some_and(|top| top.to_lowercase() == DEVICE)
            })?;
            Some((e.line, c))
        });
        if let Some((line, category)) = device {
            errors.push(
                Error::tagged(
                    Location::line(&lex.origin, line),
                    format!(
                        "category `{category}` is reserved: `device` and `device.*` count slant's \
                         own scare quotes and quotations after a distancing marker, and this \
                         lexicon's matches would be added to them; choose another name"
                    ),
                )
                .into_usage(),
            );
        }
    }
    errors
}

/// Reads and parses one lexicon file, by its extension.
fn read_file(file: &Path, origin: &str) -> crate::Result<(Lexicon, Vec<Warning>)> {
    let Some(format) = format_of(file) else {
        return Err(Error::tagged(
            Location::file(origin),
            "not a lexicon: give a `.csv` or `.dic` file, or a folder of them",
        )
        .into_usage());
    };
    let bytes = fs::read(file).map_err(|e| unreadable(file, &e))?;
    match format {
        Format::Csv => parse_csv_warning(origin, &bytes),
        Format::Dic => parse_dic(origin, &bytes),
    }
}

/// Two lexicons with one name, each as a usage error naming both origins: reports name
/// lexicons, so names must tell them apart. Dropping the built-ins is suggested only when
/// one of the two is a built-in.
fn name_clashes(lexicons: &[Lexicon]) -> Vec<Error> {
    let mut errors = Vec::new();
    for (i, later) in lexicons.iter().enumerate() {
        let Some(first) = lexicons[..i].iter().find(|l| l.name == later.name) else {
            continue;
        };
        let builtin = [first, later]
            .iter()
            .any(|l| l.origin.starts_with("builtin:"));
        let hint = if builtin {
            "give one another `# name:` or drop the built-ins with --no-default-lexicons"
        } else {
            "give one another `# name:`"
        };
        errors.push(Error::usage(format!(
            "two lexicons are named '{}' ({} and {}); {hint}",
            later.name, first.origin, later.origin
        )));
    }
    errors
}

fn unreadable(path: &Path, error: &std::io::Error) -> Error {
    Error::tagged(
        Location::file(path.display().to_string()),
        format!("cannot read lexicon: {error}"),
    )
    .into_usage()
}

/// The lexicon files `path` names, in order, each or the error that stands in its place.
/// Warnings (a symbolic link back into a folder being walked) go to `warnings`.
fn lexicon_files(path: &Path, warnings: &mut Vec<Warning>) -> Vec<crate::Result<PathBuf>> {
    let meta = match fs::metadata(path) {
        Ok(meta) => meta,
        Err(e) => return vec![Err(unreadable(path, &e))],
    };
    if !meta.is_dir() {
        return vec![Ok(path.to_path_buf())];
    }
    let mut found = Vec::new();
    let mut ancestors: Vec<PathBuf> = fs::canonicalize(path).into_iter().collect();
    walk(path, &mut ancestors, &mut found, warnings);
    if found.is_empty() {
        found.push(Err(Error::tagged(
            Location::file(path.display().to_string()),
            "this folder has no `.csv` or `.dic` lexicon files, in it or in its subfolders \
             (names starting with `.` are skipped)",
        )
        .into_usage()));
    }
    found
}

/// Walks `dir` in tree order; `ancestors` holds where the folders being walked really are,
/// so that a symbolic link back into one of them is not followed.
fn walk(
    dir: &Path,
    ancestors: &mut Vec<PathBuf>,
    found: &mut Vec<crate::Result<PathBuf>>,
    warnings: &mut Vec<Warning>,
) {
    let names = match list_sorted(dir) {
        Ok(names) => names,
        Err(e) => {
            found.push(Err(unreadable(dir, &e)));
            return;
        }
    };
    for name in names {
        if name.to_string_lossy().starts_with('.') {
            continue;
        }
        let path = dir.join(&name);
        // `metadata` follows symbolic links: a link is what it points to.
        match fs::metadata(&path) {
            Ok(meta) if meta.is_dir() => {
                let real = fs::canonicalize(&path).ok();
                if real.as_ref().is_some_and(|r| ancestors.contains(r)) {
                    warnings.push(Warning::new(
                        path.display().to_string(),
                        None,
                        "skipped: a symbolic link back into a folder being read",
                    ));
                    continue;
                }
                let pushed = real.map(|r| ancestors.push(r)).is_some();
                walk(&path, ancestors, found, warnings);
                if pushed {
                    ancestors.pop();
                }
            }
            Ok(meta) if meta.is_file() && format_of(&path).is_some() => found.push(Ok(path)),
            // A lexicon file that cannot be looked at (a broken link) is not silently left out.
            Err(e) if format_of(&path).is_some() => found.push(Err(unreadable(&path, &e))),
            _ => {}
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Format {
    Csv,
    Dic,
}

/// The lexicon format a file name says (extension, any case).
pub(crate) fn format_of(path: &Path) -> Option<Format> {
    let ext = path.extension()?.to_str()?;
    if ext.eq_ignore_ascii_case("csv") {
        Some(Format::Csv)
    } else if ext.eq_ignore_ascii_case("dic") {
        Some(Format::Dic)
    } else {
        None
    }
}

#[cfg(test)]
mod tests;
