//! The one error type of slant. Every error says where it happened (`path:line:col:`) and
//! carries the exit code class it maps to (usage = 2, anything else = 1).

use std::fmt;
use std::path::Path;

/// Where something happened: a file (or `<stdin>`, `builtin:NAME`), optionally a line and column.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Location {
    pub path: String,
    pub line: Option<u64>,
    pub col: Option<u64>,
}

impl Location {
    pub fn file(path: impl Into<String>) -> Self {
        Location {
            path: path.into(),
            line: None,
            col: None,
        }
    }

    pub fn line(path: impl Into<String>, line: u64) -> Self {
        Location {
            path: path.into(),
            line: Some(line),
            col: None,
        }
    }

    pub fn at(path: impl Into<String>, line: u64, col: u64) -> Self {
        Location {
            path: path.into(),
            line: Some(line),
            col: Some(col),
        }
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.path)?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
            if let Some(col) = self.col {
                write!(f, ":{col}")?;
            }
        }
        Ok(())
    }
}

/// Whether an error is the user's command line (exit 2) or anything else (exit 1).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Bad flags, an unreadable or invalid lexicon, an unknown field: exit status 2.
    Usage,
    /// Input, output or data failures: exit status 1.
    Failure,
    /// Standard output was closed by its reader: the program ends quietly with status 0.
    BrokenPipe,
    /// The run was stopped by this signal (Ctrl-C is 2): exit status 128 + signal.
    Interrupted(i32),
}

/// A slant error: a message, optionally tagged with the place it is about.
#[derive(Debug, thiserror::Error)]
pub struct Error {
    pub kind: Kind,
    pub location: Option<Location>,
    pub message: String,
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.location {
            Some(loc) => write!(f, "{loc}: {}", self.message),
            None => write!(f, "{}", self.message),
        }
    }
}

impl Error {
    /// A usage error (exit 2) with no particular place.
    pub fn usage(message: impl Into<String>) -> Self {
        Error {
            kind: Kind::Usage,
            location: None,
            message: message.into(),
        }
    }

    /// A failure (exit 1) with no particular place.
    pub fn failure(message: impl Into<String>) -> Self {
        Error {
            kind: Kind::Failure,
            location: None,
            message: message.into(),
        }
    }

    /// The run was stopped by signal `signal` before it finished (exit status 128 + signal).
    pub fn interrupted(signal: i32, message: impl Into<String>) -> Self {
        Error {
            kind: Kind::Interrupted(signal),
            location: None,
            message: message.into(),
        }
    }

    /// A failure about a place in a file.
    pub fn tagged(location: Location, message: impl Into<String>) -> Self {
        Error {
            kind: Kind::Failure,
            location: Some(location),
            message: message.into(),
        }
    }

    /// An I/O failure on a path, with the OS reason.
    pub fn io(path: &Path, err: &std::io::Error) -> Self {
        Error::tagged(Location::file(path.display().to_string()), err.to_string())
    }

    /// A failure with a temporary file that holds `what` (slant's own, unnamed, in the
    /// system's temporary folder `dir`): `action` is what failed (create, write, read back).
    pub fn temp_file(dir: &Path, action: &str, what: &str, err: &std::io::Error) -> Self {
        Error::failure(format!(
            "{}: cannot {action} the temporary file that holds {what}: {err} (set TMPDIR to \
             choose another folder); no report was written, earlier reports are unchanged",
            dir.display()
        ))
    }

    /// The same error, re-classed as a usage error (exit 2).
    pub fn into_usage(mut self) -> Self {
        self.kind = Kind::Usage;
        self
    }

    /// An error writing to stdout; a closed pipe is recognised by [`Error::is_broken_pipe`].
    pub fn stdout(err: &std::io::Error) -> Self {
        let kind = if err.kind() == std::io::ErrorKind::BrokenPipe {
            Kind::BrokenPipe
        } else {
            Kind::Failure
        };
        Error {
            kind,
            location: None,
            message: format!("cannot write to standard output: {err}"),
        }
    }

    /// True when the reader of our output went away (`slant … | head`): not a failure.
    pub fn is_broken_pipe(&self) -> bool {
        self.kind == Kind::BrokenPipe
    }

    /// The exit status this error ends the process with.
    pub fn exit_code(&self) -> i32 {
        match self.kind {
            Kind::Usage => 2,
            Kind::Failure => 1,
            Kind::BrokenPipe => 0,
            Kind::Interrupted(signal) => 128 + signal,
        }
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;
