//! The index's citation parser and the cross-check against a fixed document.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let _ = unrec::segment::citation::find(text);
    let doc = "I. First meeting, Vienna, 30 May to 1 June 2012\n1. States should act.\n2. States should share:\n(a) Data;\n(b) Practices.\n";
    if let (Ok(mut x), Ok(index)) = (
        unrec::extract("d.txt", doc.as_bytes(), &unrec::Config::default()),
        unrec::read_index("i.txt", data, &unrec::Config::default()),
    ) {
        x.cross_check(&index);
    }
});
