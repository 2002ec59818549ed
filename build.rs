//! Records which commit slant is built from, for `run.json`, `comparisons.json` and
//! `slant --version`: `SLANT_COMMIT` (40 hex digits, or empty when the source is not a git
//! checkout of slant itself, such as a tarball or a folder inside another repository) and
//! `SLANT_MODIFIED` (`true` when a file compiled into slant differs from that commit, `false`,
//! or empty without a commit), and `SLANT_LONG_VERSION`, what `--version` prints after `slant`.
//!
//! The script runs again when the checked-out commit moves (`HEAD`, the branch it names,
//! `packed-refs`) and when a compiled-in file changes (`src`, `lexicons`, `Cargo.toml`,
//! `Cargo.lock`, this file), so the two values describe the binary, not a stale checkout.

use std::path::{Path, PathBuf};
use std::process::Command;

/// The files and folders whose contents go into the binary.
const COMPILED_IN: [&str; 5] = ["src", "lexicons", "Cargo.toml", "Cargo.lock", "build.rs"];

fn main() {
    let root = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").unwrap_or_default());
    for path in COMPILED_IN {
        println!("cargo:rerun-if-changed={path}");
    }
    let (commit, modified) = match own_checkout(&root) {
        Some(git_dir) => {
            for watched in head_files(&git_dir) {
                println!("cargo:rerun-if-changed={}", watched.display());
            }
            let commit = git(&root, &["rev-parse", "--verify", "HEAD"]).unwrap_or_default();
            let modified = if commit.is_empty() {
                String::new()
            } else {
                let mut args = vec!["status", "--porcelain", "--untracked-files=no", "--"];
                args.extend(COMPILED_IN);
                git(&root, &args).map_or_else(String::new, |out| (!out.is_empty()).to_string())
            };
            (commit, modified)
        }
        None => (String::new(), String::new()),
    };
    println!("cargo:rustc-env=SLANT_COMMIT={commit}");
    println!("cargo:rustc-env=SLANT_MODIFIED={modified}");
    let version = std::env::var("CARGO_PKG_VERSION").unwrap_or_default();
    let long = match (commit.get(..12), modified.as_str()) {
        (Some(short), "true") => format!("{version} (commit {short}, modified)"),
        (Some(short), _) => format!("{version} (commit {short})"),
        (None, _) => version,
    };
    println!("cargo:rustc-env=SLANT_LONG_VERSION={long}");
}

/// The git folder of `root` when `root` is the top of a git checkout (not a folder inside
/// another repository, whose commit says nothing about slant).
fn own_checkout(root: &Path) -> Option<PathBuf> {
    let top = git(root, &["rev-parse", "--show-toplevel"])?;
    let same = std::fs::canonicalize(&top).ok()? == std::fs::canonicalize(root).ok()?;
    if !same {
        return None;
    }
    let git_dir = git(root, &["rev-parse", "--absolute-git-dir"])?;
    Some(PathBuf::from(git_dir))
}

/// `HEAD`, the ref it points to, and `packed-refs`: what moves when the commit does. A ref of
/// a worktree lives in the common folder.
fn head_files(git_dir: &Path) -> Vec<PathBuf> {
    let mut files = vec![git_dir.join("HEAD")];
    let common = std::fs::read_to_string(git_dir.join("commondir"))
        .map(|c| git_dir.join(c.trim()))
        .unwrap_or_else(|_| git_dir.to_path_buf());
    if let Ok(head) = std::fs::read_to_string(git_dir.join("HEAD")) {
        if let Some(name) = head.trim().strip_prefix("ref: ") {
            files.push(common.join(name));
        }
    }
    files.push(common.join("packed-refs"));
    // Cargo runs a script that watches a missing file at every build.
    files.retain(|f| f.exists());
    files
}

/// The trimmed output of `git ARGS` run in `dir`, or `None` when git is missing or fails.
/// Optional locks are off, so that `git status` never rewrites the index (which would make a
/// build that watches it run again).
fn git(dir: &Path, args: &[&str]) -> Option<String> {
    let out = Command::new("git")
        .args(args)
        .current_dir(dir)
        .env("GIT_OPTIONAL_LOCKS", "0")
        .output()
        .ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).trim().to_string())
}
