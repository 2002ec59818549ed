//! What `slant merge` compares between shards besides their settings: every shard reads the
//! whole input, so all shards of one job list the same inputs and get the same warnings from
//! the reader. When they do not, the first difference is named, so that the cause (a path
//! spelt otherwise, a file changed between shards, a shard's `--out` folder inside an input
//! folder) can be seen from the message.

use std::path::Path;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::{frame, to_hex};
use crate::build_info::Build;
use crate::diag::{KEPT_WARNINGS, Warning};
use crate::input::InputFile;

/// The warnings the reader gave over the whole input, as a shard records them: the first
/// [`KEPT_WARNINGS`] in full, each with its record number, so that a merge can name the first
/// that differs between two shards; and the count and SHA-256 of all of them, so that those
/// past the first are compared too without `shard.json` growing with the corpus.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct ReaderWarnings {
    pub total: u64,
    pub first: Vec<(u64, Warning)>,
    /// Of the warnings framed as `records.bin` frames them, one after another.
    pub sha256: String,
}

/// Collects [`ReaderWarnings`] as the reader gives them.
#[derive(Default)]
pub struct WarningLog {
    total: u64,
    first: Vec<(u64, Warning)>,
    digest: Sha256,
    buf: Vec<u8>,
}

impl WarningLog {
    /// Adds the warning that is record `seq` of the input.
    pub fn add(&mut self, seq: u64, warning: &Warning) {
        self.total += 1;
        if self.first.len() < KEPT_WARNINGS {
            self.first.push((seq, warning.clone()));
        }
        self.buf.clear();
        frame::push_warning(&mut self.buf, seq, warning);
        self.digest.update(&self.buf);
    }

    pub fn finish(self) -> ReaderWarnings {
        ReaderWarnings {
            total: self.total,
            first: self.first,
            sha256: to_hex(&self.digest.finalize()),
        }
    }
}

/// `'file:record: message' (record N)`: a reader warning as a difference names it.
fn quote((seq, w): &(u64, Warning)) -> String {
    format!("'{}' (record {seq})", w.describe())
}

impl ReaderWarnings {
    /// How the warnings of shard `b` differ from those of shard `a` (each named by its
    /// folder), from the first that differs; `None` when they are the same.
    pub fn difference(&self, other: &ReaderWarnings, a: &str, b: &str) -> Option<String> {
        if self == other {
            return None;
        }
        let pairs = self.first.iter().zip(&other.first);
        if let Some((i, (x, y))) = pairs.enumerate().find(|(_, (x, y))| x != y) {
            return Some(format!(
                "warning {} is {} in {a} but {} in {b}",
                i + 1,
                quote(x),
                quote(y)
            ));
        }
        let kept = self.first.len().min(other.first.len());
        let (more, fewer, extra) = if self.first.len() > kept {
            (a, b, &self.first[kept])
        } else if other.first.len() > kept {
            (b, a, &other.first[kept])
        } else if self.total != other.total {
            return Some(format!(
                "{a} has {} and {b} has {}, the first {kept} alike",
                self.total, other.total
            ));
        } else {
            return Some(format!("those after the first {kept} differ"));
        };
        Some(format!(
            "{more} has {} that {fewer} lacks ({a} has {} in all, {b} has {})",
            quote(extra),
            self.total,
            other.total
        ))
    }
}

/// How the inputs shard `b` read differ from those shard `a` read (each named by its folder):
/// the first input that differs and in what; `None` when they are the same.
pub fn inputs_difference(x: &[InputFile], y: &[InputFile], a: &str, b: &str) -> Option<String> {
    for (i, (p, q)) in x.iter().zip(y).enumerate() {
        let name = &p.path;
        if p.path != q.path {
            return Some(format!(
                "input {} is '{name}' in {a} but '{}' in {b} (a path spelt otherwise is another \
                 input: give every shard the same paths, in the same order)",
                i + 1,
                q.path
            ));
        }
        if p.bytes != q.bytes {
            return Some(format!(
                "'{name}' has {} bytes in {a} but {} in {b}",
                p.bytes, q.bytes
            ));
        }
        if p.sha256 != q.sha256 {
            return Some(format!(
                "'{name}' has another SHA-256 in {a} than in {b} (was it changed between the \
                 shards?)"
            ));
        }
        if p.records != q.records {
            return Some(format!(
                "'{name}' gave {} records in {a} but {} in {b}",
                p.records, q.records
            ));
        }
    }
    let (more, fewer, extra) = match x.len().cmp(&y.len()) {
        std::cmp::Ordering::Greater => (a, b, &x[y.len()]),
        std::cmp::Ordering::Less => (b, a, &y[x.len()]),
        std::cmp::Ordering::Equal => return None,
    };
    let files = |n: usize| crate::diag::counted(n as u64, "input file", "input files");
    Some(format!(
        "{more} read '{}', which {fewer} did not ({a} read {}, {b} read {})",
        extra.path,
        files(x.len()),
        files(y.len())
    ))
}

/// The warning for temporary files that a killed run left in `folder` (`names`, sorted), in
/// the words a whole run uses for those in its output folder; `None` when there are none.
pub fn leftovers_warning(folder: &Path, names: &[String]) -> Option<Warning> {
    let first = names.first()?;
    Some(Warning::new(
        folder.display().to_string(),
        None,
        format!(
            "{} of an earlier run that was killed {} in this folder (such as {first}); {} safe \
             to delete once no other slant run writes here",
            crate::diag::counted(names.len() as u64, "temporary file", "temporary files"),
            if names.len() == 1 { "is" } else { "are" },
            if names.len() == 1 {
                "it is"
            } else {
                "they are"
            },
        ),
    ))
}

/// The warning for shards scored by another build of slant than the merge's own (`own`), by
/// their executables' SHA-256: the version is the same (the merge refuses others), but a
/// build of another commit may count differently, and another build of the same source may
/// round a last digit differently. `None` when every shard names the same executable, or
/// names none (written before slant recorded it).
pub fn builds_warning(own: &Build, shards: &[(String, Option<&Build>)]) -> Option<Warning> {
    let mine = own.executable_sha256.as_deref()?;
    let other: Vec<(&String, &str)> = shards
        .iter()
        .filter_map(|(name, build)| {
            let theirs = (*build)?.executable_sha256.as_deref()?;
            (theirs != mine).then_some((name, theirs))
        })
        .collect();
    let (first, theirs) = other.first()?;
    let short = |h: &str| h.get(..12).unwrap_or(h).to_string();
    Some(Warning::new(
        String::new(),
        None,
        format!(
            "{} of {} {} scored by another build of slant than this merge (shard {first}: \
             executable SHA-256 {}… against {}…): each shard's rows are used as it wrote them, \
             so the reports are those of one run only if the builds count and round alike; \
             score every shard and merge with one build",
            crate::diag::counted(other.len() as u64, "shard", "shards"),
            shards.len(),
            if other.len() == 1 { "was" } else { "were" },
            short(theirs),
            short(mine),
        ),
    ))
}

/// The temporary files a killed `score --shard` run leaves in its folder
/// (`.records.bin.XXXXXX.tmp`, `.shard.json.XXXXXX.tmp`), by name, sorted: what a merge can
/// see of a shard that was killed before it was scored again.
pub fn leftovers(folder: &Path) -> Vec<String> {
    crate::report::names_in(folder, is_partial_temp)
}

/// `.records.bin.XXXXXX.tmp` or `.shard.json.XXXXXX.tmp`, `XXXXXX` letters and digits.
fn is_partial_temp(name: &str) -> bool {
    [super::FRAMES_FILE, super::RECORD_FILE].iter().any(|file| {
        name.strip_prefix('.')
            .and_then(|n| n.strip_prefix(file))
            .and_then(|n| n.strip_prefix('.'))
            .and_then(|n| n.strip_suffix(".tmp"))
            .is_some_and(|random| {
                !random.is_empty() && random.chars().all(|c| c.is_ascii_alphanumeric())
            })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn warning(file: &str, message: &str) -> Warning {
        Warning::new(file, None, message)
    }

    fn log(warnings: &[(u64, Warning)]) -> ReaderWarnings {
        let mut log = WarningLog::default();
        for (seq, w) in warnings {
            log.add(*seq, w);
        }
        log.finish()
    }

    #[test]
    fn the_first_differing_reader_warning_is_named() {
        let own = warning("in/p1", "skipped: the output folder of this run (--out)");
        let other = warning("in/p1/records.bin", "skipped: not a corpus file");
        let a = log(&[(0, warning("in/x.csv", "empty file")), (3, own.clone())]);
        let b = log(&[(0, warning("in/x.csv", "empty file")), (3, other)]);
        assert_eq!(a.difference(&a.clone(), "p1", "p2"), None);
        assert_eq!(
            a.difference(&b, "p1", "p2").unwrap(),
            "warning 2 is 'in/p1: skipped: the output folder of this run (--out)' (record 3) \
             in p1 but 'in/p1/records.bin: skipped: not a corpus file' (record 3) in p2"
        );
        let fewer = log(&[(0, warning("in/x.csv", "empty file"))]);
        assert_eq!(
            fewer.difference(&a, "p1", "p2").unwrap(),
            "p2 has 'in/p1: skipped: the output folder of this run (--out)' (record 3) that p1 \
             lacks (p1 has 1 in all, p2 has 2)"
        );
        // Past the warnings kept in full, the count and then the digest tell them apart.
        let mut many = a.clone();
        many.total = 5;
        assert_eq!(
            a.difference(&many, "p1", "p2").unwrap(),
            "p1 has 2 and p2 has 5, the first 2 alike"
        );
        let mut changed = a.clone();
        changed.sha256 = "0".repeat(64);
        assert_eq!(
            a.difference(&changed, "p1", "p2").unwrap(),
            "those after the first 2 differ"
        );
    }

    #[test]
    fn only_the_first_warnings_are_kept_but_all_are_digested() {
        let warnings: Vec<(u64, Warning)> = (0..KEPT_WARNINGS as u64 + 2)
            .map(|seq| (seq, warning("c.csv", &format!("odd row {seq}"))))
            .collect();
        let all = log(&warnings);
        assert_eq!(all.total, KEPT_WARNINGS as u64 + 2);
        assert_eq!(all.first.len(), KEPT_WARNINGS);
        let mut last_changed = warnings.clone();
        last_changed.last_mut().unwrap().1.message = "odd".into();
        let other = log(&last_changed);
        assert_eq!(other.first, all.first);
        assert_ne!(other.sha256, all.sha256);
        assert_eq!(
            log(&warnings),
            all,
            "the same warnings give the same record"
        );
    }

    fn input(path: &str, sha: &str, records: u64) -> InputFile {
        InputFile {
            path: path.into(),
            bytes: 10,
            sha256: sha.into(),
            records,
        }
    }

    #[test]
    fn the_first_differing_input_and_field_are_named() {
        let a = [input("in/a.jsonl", "aa", 3), input("in/b.jsonl", "bb", 4)];
        assert_eq!(inputs_difference(&a, &a, "p1", "p2"), None);
        let respelt = [input("./in/a.jsonl", "aa", 3), input("in/b.jsonl", "bb", 4)];
        let said = inputs_difference(&a, &respelt, "p1", "p2").unwrap();
        assert!(
            said.starts_with("input 1 is 'in/a.jsonl' in p1 but './in/a.jsonl' in p2 (a path"),
            "{said}"
        );
        let mut bigger = a.clone();
        bigger[1].bytes = 11;
        assert_eq!(
            inputs_difference(&a, &bigger, "p1", "p2").unwrap(),
            "'in/b.jsonl' has 10 bytes in p1 but 11 in p2"
        );
        let edited = [input("in/a.jsonl", "aa", 3), input("in/b.jsonl", "cc", 4)];
        assert_eq!(
            inputs_difference(&a, &edited, "p1", "p2").unwrap(),
            "'in/b.jsonl' has another SHA-256 in p1 than in p2 (was it changed between the \
             shards?)"
        );
        let fewer_records = [input("in/a.jsonl", "aa", 2), input("in/b.jsonl", "bb", 4)];
        assert_eq!(
            inputs_difference(&a, &fewer_records, "p1", "p2").unwrap(),
            "'in/a.jsonl' gave 3 records in p1 but 2 in p2"
        );
        assert_eq!(
            inputs_difference(&a[..1], &a, "p1", "p2").unwrap(),
            "p2 read 'in/b.jsonl', which p1 did not (p1 read 1 input file, p2 read 2 input files)"
        );
    }

    #[test]
    fn shards_of_another_build_are_named() {
        let build = |hash: Option<&str>| Build {
            commit: None,
            modified: None,
            executable_sha256: hash.map(str::to_string),
        };
        let own = build(Some("aaaaaaaaaaaaaaaa"));
        let same = build(Some("aaaaaaaaaaaaaaaa"));
        let other = build(Some("bbbbbbbbbbbbbbbb"));
        let older = build(None);
        fn shards<'a>(list: &[Option<&'a Build>]) -> Vec<(String, Option<&'a Build>)> {
            let n = list.len();
            list.iter()
                .enumerate()
                .map(|(i, b)| (format!("{}/{n}", i + 1), *b))
                .collect()
        }
        // Shard records without a build (written before slant recorded it) warn of nothing.
        assert!(builds_warning(&own, &shards(&[Some(&same), None, Some(&older)])).is_none());
        let w = builds_warning(&own, &shards(&[Some(&same), Some(&other), Some(&other)]));
        assert_eq!(
            w.unwrap().message,
            "2 shards of 3 were scored by another build of slant than this merge (shard 2/3: \
             executable SHA-256 bbbbbbbbbbbb… against aaaaaaaaaaaa…): each shard's rows are \
             used as it wrote them, so the reports are those of one run only if the builds \
             count and round alike; score every shard and merge with one build"
        );
        let one = builds_warning(&own, &shards(&[Some(&other), Some(&same)])).unwrap();
        assert!(
            one.message.starts_with("1 shard of 2 was scored"),
            "{}",
            one.message
        );
        // A merge that cannot read its own executable compares nothing.
        assert!(builds_warning(&older, &shards(&[Some(&other)])).is_none());
    }

    #[test]
    fn a_killed_shards_temporary_files_are_recognised() {
        assert!(is_partial_temp(".records.bin.AbC123.tmp"));
        assert!(is_partial_temp(".shard.json.x9Y8z7.tmp"));
        assert!(!is_partial_temp("records.bin"));
        assert!(!is_partial_temp(".records.bin..tmp"));
        assert!(!is_partial_temp(".articles.csv.AbC123.tmp"));
        assert!(!is_partial_temp(".records.bin.Ab-C.tmp"));
        assert_eq!(leftovers_warning(Path::new("p1"), &[]), None);
        let w = leftovers_warning(Path::new("p1"), &[".records.bin.AbC123.tmp".into()]).unwrap();
        assert_eq!(
            w.describe(),
            "p1: 1 temporary file of an earlier run that was killed is in this folder (such \
             as .records.bin.AbC123.tmp); it is safe to delete once no other slant run writes \
             here"
        );
        let two = [".a.tmp".to_string(), ".b.tmp".to_string()];
        assert_eq!(
            leftovers_warning(Path::new("p1"), &two).unwrap().describe(),
            "p1: 2 temporary files of an earlier run that was killed are in this folder (such \
             as .a.tmp); they are safe to delete once no other slant run writes here"
        );
    }
}
