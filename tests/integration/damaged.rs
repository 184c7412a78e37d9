//! Damaged input: mutated and truncated copies of fixture files must give a
//! result or an error naming the file, never a panic.

use std::path::Path;
use unrec::Config;

/// A small deterministic generator, so that a failure can be replayed.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        self.0 >> 33
    }
}

fn fixture(case: &str, file: &str) -> Vec<u8> {
    std::fs::read(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("fixtures")
            .join(case)
            .join(file),
    )
    .unwrap()
}

fn survives(name: &str, bytes: &[u8]) {
    match unrec::extract(name, bytes, &Config::default()) {
        Ok(x) => {
            let _ = unrec::emit::to_bytes(unrec::emit::Format::Json, &x).unwrap();
        }
        Err(e) => assert!(e.to_string().starts_with(&format!("{name}: ")), "{e}"),
    }
}

#[test]
fn mutated_pdfs_never_panic() {
    let original = fixture("seed-pdf-pdflatex", "seed-pdflatex.pdf");
    let mut rng = Lcg(20190621);
    for round in 0..24 {
        let mut bytes = original.clone();
        for _ in 0..(1 + round % 8) {
            let at = rng.next() as usize % bytes.len();
            bytes[at] = rng.next() as u8;
        }
        survives(&format!("mutated-{round}.pdf"), &bytes);
    }
    for cut in [10, 400, 5_000, 40_000, original.len() - 10] {
        survives(&format!("truncated-{cut}.pdf"), &original[..cut]);
    }
}

#[test]
fn mutated_docx_never_panics() {
    let original = fixture("seed-docx-numbered", "seed-numbered.docx");
    let mut rng = Lcg(20190621);
    for round in 0..24 {
        let mut bytes = original.clone();
        for _ in 0..(1 + round % 8) {
            let at = rng.next() as usize % bytes.len();
            bytes[at] = rng.next() as u8;
        }
        survives(&format!("mutated-{round}.docx"), &bytes);
    }
    for cut in [10, 400, 5_000, original.len() - 10] {
        survives(&format!("truncated-{cut}.docx"), &original[..cut]);
    }
    // A .docx cut short after its main part's name is a damaged Word
    // document, not some other ZIP.
    for cut in [2_000, 5_000, original.len() - 10] {
        let name = format!("truncated-{cut}.docx");
        let err = unrec::extract(&name, &original[..cut], &Config::default()).unwrap_err();
        assert!(
            err.to_string()
                .starts_with(&format!("{name}: not a readable Word document (")),
            "{err}"
        );
    }
}

#[test]
fn arbitrary_bytes_as_text_never_panic() {
    let mut rng = Lcg(7);
    for round in 0..50 {
        let len = (rng.next() % 4000) as usize;
        let bytes: Vec<u8> = (0..len).map(|_| rng.next() as u8).collect();
        survives(&format!("noise-{round}.txt"), &bytes);
    }
    let seed = fixture("seed", "seed.txt");
    for cut in [1, 100, 3_000, 20_000] {
        survives("cut.txt", &seed[..cut]);
    }
}

#[test]
fn files_that_are_not_text_say_what_they_look_like() {
    let cases: [(&[u8], &str); 4] = [
        (
            b"PK\x03\x04\x14\x00\x00\x00mimetypeapplication/vnd.oasis.opendocument.text",
            "ZIP archive",
        ),
        (b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1\x00\x00", "Word .doc"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "PNG image"),
        (b"ab\x00\x01\x02cd\xff\x00\x10text", "binary data"),
    ];
    for (bytes, words) in cases {
        let err = unrec::extract("wrong.docx", bytes, &Config::default()).unwrap_err();
        let message = err.to_string();
        assert!(
            message.starts_with("wrong.docx: not a text or PDF file"),
            "{message}"
        );
        assert!(message.contains(words), "{message}");
    }
}

#[test]
fn a_pdf_without_text_is_an_error() {
    let mut b = crate::pdfbuild::Builder::new();
    b.page("0 0 1 rg 72 72 200 200 re f");
    let err = unrec::extract("scan.pdf", b.finish(), &Config::default()).unwrap_err();
    assert_eq!(
        err.to_string(),
        "scan.pdf: the PDF has no text on its pages (a scan without a text layer?)"
    );
}
