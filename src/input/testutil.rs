//! Test helpers: write small inputs into a temporary directory, run the reader over them and
//! look at what came out.

#![allow(clippy::unwrap_used)] // helpers for tests: a failed unwrap is a failed test

use std::io::Write;
use std::ops::ControlFlow;
use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicU64;

use super::{Article, InputFile, InputOptions, Item, read_inputs};

/// Writes `bytes` to `dir/name` (creating folders) and returns the path.
pub fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let path = dir.join(name);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(&path, bytes).unwrap();
    path
}

pub fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    enc.write_all(bytes).unwrap();
    enc.finish().unwrap()
}

/// Runs the reader over `inputs` and returns every item and the files read.
pub fn run(inputs: &[PathBuf], opts: &InputOptions) -> (Vec<Item>, Vec<InputFile>) {
    let progress = AtomicU64::new(0);
    let mut items = Vec::new();
    let mut sink = |item| {
        items.push(item);
        ControlFlow::Continue(())
    };
    let files = read_inputs(inputs, opts, &progress, &mut sink).unwrap();
    (items, files)
}

/// Writes one file named `name` and reads it with default options.
pub fn run_one(name: &str, bytes: &[u8]) -> (Vec<Item>, Vec<InputFile>) {
    run_one_with(name, bytes, &InputOptions::default())
}

pub fn run_one_with(name: &str, bytes: &[u8], opts: &InputOptions) -> (Vec<Item>, Vec<InputFile>) {
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), name, bytes);
    let (mut items, mut files) = run(&[path], opts);
    // Name files by their base name so expectations do not depend on the temp dir.
    let prefix = format!("{}/", dir.path().display());
    for item in &mut items {
        match item {
            Item::Article(a) => {
                a.file = a.file.replace(&prefix, "").into();
                a.id = a.id.replace(&prefix, "");
            }
            Item::Skip(s) => s.file = s.file.replace(&prefix, ""),
            Item::Warning(w) => w.file = w.file.replace(&prefix, ""),
        }
    }
    for file in &mut files {
        file.path = file.path.replace(&prefix, "");
    }
    (items, files)
}

pub fn articles(items: &[Item]) -> Vec<&Article> {
    items
        .iter()
        .filter_map(|i| match i {
            Item::Article(a) => Some(a),
            _ => None,
        })
        .collect()
}

/// `(record, reason)` of every skip.
pub fn skips(items: &[Item]) -> Vec<(u64, String)> {
    items
        .iter()
        .filter_map(|i| match i {
            Item::Skip(s) => Some((s.record, s.reason.clone())),
            _ => None,
        })
        .collect()
}

pub fn warnings(items: &[Item]) -> Vec<String> {
    items
        .iter()
        .filter_map(|i| match i {
            Item::Warning(w) => Some(w.message.clone()),
            _ => None,
        })
        .collect()
}

/// `(id, text)` of every article.
pub fn texts(items: &[Item]) -> Vec<(String, String)> {
    articles(items)
        .into_iter()
        .map(|a| (a.id.clone(), a.text.clone()))
        .collect()
}
