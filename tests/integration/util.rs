//! Helpers: a temporary work folder, running slant in it, reading reports back.

use std::ffi::OsStr;
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use assert_cmd::assert::Assert;

/// A path in the repository (the docs, the example corpus, the lexicons).
pub fn repo(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(path)
}

/// The ten invented articles of `examples/`.
pub fn examples() -> PathBuf {
    repo("examples/corpus.jsonl")
}

/// A temporary folder that holds a test's inputs and reports.
pub struct Workdir {
    pub dir: tempfile::TempDir,
}

impl Workdir {
    pub fn new() -> Self {
        Workdir {
            dir: tempfile::tempdir().expect("temp dir"),
        }
    }

    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// Write a file (creating folders) and return its path.
    pub fn write(&self, name: &str, contents: impl AsRef<[u8]>) -> PathBuf {
        let p = self.path(name);
        if let Some(parent) = p.parent() {
            std::fs::create_dir_all(parent).expect("mkdir");
        }
        std::fs::write(&p, contents).expect("write");
        p
    }

    /// `slant` with its working directory set here.
    pub fn slant(&self) -> Command {
        let mut cmd = Command::cargo_bin("slant").expect("binary");
        cmd.current_dir(self.dir.path());
        cmd
    }

    /// `slant lexicon check --no-default-lexicons --lexicon FILE`, run.
    pub fn lexicon_check(&self, file: &str) -> Assert {
        self.slant()
            .args([
                "lexicon",
                "check",
                "--no-default-lexicons",
                "--lexicon",
                file,
            ])
            .assert()
    }

    /// `slant score INPUTS… --no-default-lexicons --lexicon LEXICON --out out`: to add `-q`
    /// and other options to.
    pub fn score(&self, inputs: &[&str], lexicon: impl AsRef<OsStr>) -> Command {
        self.score_into("out", inputs, lexicon)
    }

    /// [`Workdir::score`] with the reports in `out`.
    pub fn score_into(&self, out: &str, inputs: &[&str], lexicon: impl AsRef<OsStr>) -> Command {
        let mut cmd = self.slant();
        cmd.arg("score")
            .args(inputs)
            .args(["--no-default-lexicons", "--lexicon"])
            .arg(lexicon)
            .args(["--out", out]);
        cmd
    }

    /// [`Workdir::score`] with `-q` and `extra`, asserting that it succeeds.
    pub fn score_ok(&self, inputs: &[&str], lexicon: impl AsRef<OsStr>, extra: &[&str]) -> Assert {
        self.score(inputs, lexicon)
            .arg("-q")
            .args(extra)
            .assert()
            .success()
    }

    /// The names of the files in a folder, sorted (hidden ones too).
    pub fn files(&self, dir: &str) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(self.path(dir))
            .unwrap_or_else(|e| panic!("{dir}: {e}"))
            .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    pub fn read(&self, name: &str) -> String {
        std::fs::read_to_string(self.path(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
    }

    /// One field (`message`, `file`) of every warning in `out/run.json`, in order.
    pub fn warnings(&self, field: &str) -> Vec<String> {
        let run: serde_json::Value = serde_json::from_str(&self.read("out/run.json")).unwrap();
        run["warnings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|x| x[field].as_str().unwrap().to_string())
            .collect()
    }
}

/// A CSV report as a header and rows of strings.
pub struct Table {
    pub header: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

impl Table {
    pub fn read(path: &Path) -> Table {
        let mut r =
            csv::Reader::from_path(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let header = r
            .headers()
            .expect("header")
            .iter()
            .map(String::from)
            .collect();
        let rows = r
            .records()
            .map(|rec| rec.expect("record").iter().map(String::from).collect())
            .collect();
        Table { header, rows }
    }

    pub fn col(&self, name: &str) -> usize {
        self.header
            .iter()
            .position(|h| h == name)
            .unwrap_or_else(|| panic!("no column '{name}' in {:?}", self.header))
    }

    /// The values of one column, in row order.
    pub fn column(&self, name: &str) -> Vec<String> {
        let i = self.col(name);
        self.rows.iter().map(|r| r[i].clone()).collect()
    }

    /// The first row with these values in these columns; a panic naming them when none has.
    pub fn find(&self, cells: &[(&str, &str)]) -> Vec<String> {
        self.row(cells).clone()
    }

    /// [`Table::find`]'s row, borrowed.
    pub fn row(&self, cells: &[(&str, &str)]) -> &Vec<String> {
        let at: Vec<(usize, &str)> = cells.iter().map(|&(c, v)| (self.col(c), v)).collect();
        self.rows
            .iter()
            .find(|r| at.iter().all(|&(i, v)| r[i] == v))
            .unwrap_or_else(|| panic!("no row with {cells:?}"))
    }

    /// The cells of `row` (one of this table's) in these columns.
    pub fn cells(&self, row: &[String], columns: &[&str]) -> Vec<String> {
        columns.iter().map(|c| row[self.col(c)].clone()).collect()
    }
}
