//! Fuzz target `read_csv`: see `slant_fuzz::read_csv` for what it runs and checks.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| slant_fuzz::read_csv(data));
