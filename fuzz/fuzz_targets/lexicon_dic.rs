//! Fuzz target `lexicon_dic`: see `slant_fuzz::lexicon_dic` for what it runs and checks.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| slant_fuzz::lexicon_dic(data));
