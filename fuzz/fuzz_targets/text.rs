//! Fuzz target `text`: see `slant_fuzz::text_pipeline` for what it runs and checks.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| slant_fuzz::text_pipeline(data));
