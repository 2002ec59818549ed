//! Stopping a run cleanly on Ctrl-C (SIGINT) or SIGTERM.
//!
//! The first signal only raises a flag: the reader and the consumer of `slant score` look at
//! it before each record, stop there, and the run ends without committing a report, so the
//! reports already in the output folder stay as they were. A second signal ends the process at
//! once (status 128 + signal number), for when the user really means it; the temporary files
//! of that run may then remain (`.NAME.XXXX.tmp`, safe to delete).
//!
//! `signal-hook` rather than `ctrlc`: its handlers only store to atomics (async-signal-safe,
//! no extra thread), it covers SIGTERM as well as SIGINT (a batch scheduler's way of asking a
//! job to stop), and the "second signal exits at once" rule is one documented call
//! (`register_conditional_shutdown`) instead of hand-written state.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

/// A shared stop request: which signal asked for it, if any.
#[derive(Debug, Clone, Default)]
pub struct Cancel {
    signal: Arc<AtomicUsize>,
}

impl Cancel {
    /// A request that nothing raises (library use, tests).
    pub fn never() -> Self {
        Cancel::default()
    }

    /// Installs the handlers for SIGINT and SIGTERM. Where that is not possible (not Unix, or
    /// the registration fails) the default behaviour stays: the signal ends the process, and
    /// the atomic report writing still leaves the old reports in place.
    pub fn on_signals() -> Self {
        let cancel = Cancel::default();
        #[cfg(unix)]
        {
            use signal_hook::consts::{SIGINT, SIGTERM};
            use signal_hook::flag;
            let armed = Arc::new(AtomicBool::new(false));
            for signal in [SIGINT, SIGTERM] {
                let Ok(number) = usize::try_from(signal) else {
                    continue;
                };
                // Order matters: the exit is checked before the flag is armed, so only a
                // second signal finds it armed.
                let _ = flag::register_conditional_shutdown(signal, 128 + signal, armed.clone());
                let _ = flag::register_usize(signal, cancel.signal.clone(), number);
                let _ = flag::register(signal, armed.clone());
            }
        }
        cancel
    }

    /// Raise the request by hand, as signal `signal` would.
    pub fn request(&self, signal: i32) {
        let number = usize::try_from(signal).unwrap_or(2);
        self.signal.store(number, Ordering::SeqCst);
    }

    /// The signal that asked the run to stop, if one did.
    pub fn requested(&self) -> Option<i32> {
        match self.signal.load(Ordering::Relaxed) {
            0 => None,
            n => Some(i32::try_from(n).unwrap_or(2)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_request_is_seen_by_every_clone() {
        let cancel = Cancel::never();
        let seen_by_reader = cancel.clone();
        assert_eq!(seen_by_reader.requested(), None);
        cancel.request(15);
        assert_eq!(seen_by_reader.requested(), Some(15));
    }
}
