//! Which slant wrote a report: the commit it was built from (recorded by `build.rs`) and the
//! SHA-256 of the running executable, for `run.json`, `comparisons.json` and `shard.json`.
//!
//! The version alone does not say which code ran: slant is built from any commit between two
//! versions. The commit says where the source is; the executable's hash says which build ran,
//! which is what the same-bytes promise is made for (README *Reproducibility*: another build
//! of the same source may round a last digit of `ln` or `exp` differently).

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// `slant --version`: the version, then the commit's first 12 digits and whether a compiled-in
/// file differed from it, when slant was built from a git checkout.
pub const LONG_VERSION: &str = env!("SLANT_LONG_VERSION");

/// The build of a slant that wrote a report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Build {
    /// The commit slant was built from (40 hex digits); `None` when it was not built from a
    /// git checkout of its own.
    pub commit: Option<String>,
    /// Whether a file compiled into slant (`src`, `lexicons`, `Cargo.toml`, `Cargo.lock`,
    /// `build.rs`) differed from that commit; `None` without a commit.
    pub modified: Option<bool>,
    /// SHA-256 of the executable that ran, as `sha256sum` gives it; `None` when it could not be
    /// read.
    pub executable_sha256: Option<String>,
}

impl Build {
    /// The build of the running slant. The first call reads the whole executable (about 25
    /// MB, some 20 ms; unless [`Build::prefetch`] began it) and later ones reuse its hash.
    pub fn current() -> Build {
        let commit = env!("SLANT_COMMIT");
        Build {
            commit: (!commit.is_empty()).then(|| commit.to_string()),
            modified: match env!("SLANT_MODIFIED") {
                "true" => Some(true),
                "false" => Some(false),
                _ => None,
            },
            executable_sha256: HASH.get_or_init(executable_sha256).clone(),
        }
    }
}

/// The executable's hash, computed once per process.
static HASH: std::sync::OnceLock<Option<String>> = std::sync::OnceLock::new();

impl Build {
    /// Begins hashing the executable on a thread of its own, so that [`Build::current`] at the
    /// end of a run finds it done: a command that writes a record calls this first.
    pub fn prefetch() {
        std::thread::spawn(|| HASH.get_or_init(executable_sha256));
    }
}

/// SHA-256 of the running executable's bytes. On Linux `/proc/self/exe` opens the file that
/// was started even when it has been replaced or removed since (a rebuild during a long run).
fn executable_sha256() -> Option<String> {
    let path = if cfg!(target_os = "linux") {
        std::path::PathBuf::from("/proc/self/exe")
    } else {
        std::env::current_exe().ok()?
    };
    let mut file = std::fs::File::open(path).ok()?;
    let mut digest = Sha256::new();
    let mut buf = vec![0u8; 1 << 20];
    loop {
        match std::io::Read::read(&mut file, &mut buf) {
            Ok(0) => break,
            Ok(n) => digest.update(&buf[..n]),
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(_) => return None,
        }
    }
    Some(crate::shard::to_hex(&digest.finalize()))
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn the_running_build_is_described() {
        let build = Build::current();
        let hash = build.executable_sha256.unwrap();
        assert_eq!(hash.len(), 64);
        assert!(
            hash.bytes()
                .all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase())
        );
        // Built from this repository's checkout, or from none.
        match &build.commit {
            Some(c) => {
                assert_eq!(c.len(), 40);
                assert!(build.modified.is_some());
                assert!(LONG_VERSION.contains(&c[..12]));
            }
            None => {
                assert_eq!(build.modified, None);
                assert_eq!(LONG_VERSION, env!("CARGO_PKG_VERSION"));
            }
        }
        assert!(LONG_VERSION.starts_with(env!("CARGO_PKG_VERSION")));
    }
}
