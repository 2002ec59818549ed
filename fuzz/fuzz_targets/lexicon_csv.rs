//! Fuzz target `lexicon_csv`: see `slant_fuzz::lexicon_csv` for what it runs and checks.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| slant_fuzz::lexicon_csv(data));
