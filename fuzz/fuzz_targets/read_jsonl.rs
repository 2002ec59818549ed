//! Fuzz target `read_jsonl`: see `slant_fuzz::read_jsonl` for what it runs and checks.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| slant_fuzz::read_jsonl(data));
