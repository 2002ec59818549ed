//! Replays the fuzz targets' inputs through the same harness the fuzzer runs
//! (`fuzz/src/lib.rs`): every seed in `fuzz/seeds/TARGET/`, and every input that once made a
//! target fail, kept in `tests/fixtures/fuzz/TARGET/` so that the bug stays fixed.

use std::path::Path;

use crate::harness;

/// Runs every file under `dir/TARGET/` through its target; fails listing each file that
/// panicked.
fn replay(dir: &str) -> usize {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join(dir);
    let mut ran = 0;
    let mut failed = Vec::new();
    for (target, run) in harness::TARGETS {
        let Ok(entries) = std::fs::read_dir(root.join(target)) else {
            continue;
        };
        let mut files: Vec<_> = entries.map(|e| e.unwrap().path()).collect();
        files.sort();
        for file in files.iter().filter(|f| f.is_file()) {
            let name = file.file_name().unwrap().to_string_lossy();
            if name.starts_with('.') || name.ends_with(".md") {
                continue;
            }
            let bytes = std::fs::read(file).unwrap();
            ran += 1;
            if std::panic::catch_unwind(|| run(&bytes)).is_err() {
                failed.push(format!("{target}/{name}"));
            }
        }
    }
    assert!(
        failed.is_empty(),
        "inputs that fail their target: {failed:?}"
    );
    ran
}

#[test]
fn every_fuzz_seed_passes_its_target() {
    assert!(replay("fuzz/seeds") >= 40);
}

#[test]
fn every_input_that_once_failed_a_fuzz_target_passes_now() {
    replay("tests/fixtures/fuzz");
}
