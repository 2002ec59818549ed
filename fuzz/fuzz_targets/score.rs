//! Fuzz target `score`: see `slant_fuzz::score` for what it runs and checks.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| slant_fuzz::score(data));
