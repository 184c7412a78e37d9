//! The Word reader: a ZIP package in, a document or an error out.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = unrec::extract("f.docx", data, &unrec::Config::default());
});
