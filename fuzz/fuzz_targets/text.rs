//! The text reader, the clean stage, every profile and every check.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(x) = unrec::extract("f.txt", data, &unrec::Config::default()) {
        let _ = unrec::emit::to_bytes(unrec::emit::Format::Json, &x);
        let _ = unrec::emit::to_bytes(unrec::emit::Format::Csv, &x);
    }
});
