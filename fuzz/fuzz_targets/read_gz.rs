//! Fuzz target `read_gz`: see `slant_fuzz::read_gz` for what it runs and checks.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| slant_fuzz::read_gz(data));
