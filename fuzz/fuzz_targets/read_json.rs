//! Fuzz target `read_json`: see `slant_fuzz::read_json` for what it runs and checks.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| slant_fuzz::read_json(data));
