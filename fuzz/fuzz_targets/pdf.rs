//! The PDF reader and the whole pipeline after it: bytes in, a document or
//! an error out, never a panic.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let mut bytes = b"%PDF-1.7\n".to_vec();
    bytes.extend_from_slice(data);
    let _ = unrec::extract("f.pdf", &bytes, &unrec::Config::default());
    // The input as given too, so that mutated real PDFs are read whole.
    let _ = unrec::extract("f.pdf", data, &unrec::Config::default());
});
