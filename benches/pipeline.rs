//! Pipeline timings: the reference document as text, and the large real PDF
//! when `../shared/corpus/real` is present. Run with `cargo bench` or
//! `scripts/bench.sh`; each case reports the median of its runs.

use std::path::Path;
use std::time::{Duration, Instant};
use unrec::{Config, emit};

fn median(mut runs: Vec<Duration>) -> Duration {
    runs.sort();
    runs.get(runs.len() / 2).copied().unwrap_or_default()
}

fn bench(name: &str, runs: usize, mut f: impl FnMut()) {
    f();
    let times: Vec<Duration> = (0..runs)
        .map(|_| {
            let start = Instant::now();
            f();
            start.elapsed()
        })
        .collect();
    println!(
        "{name:<40} median {:>10.3} ms over {runs} runs",
        median(times).as_secs_f64() * 1000.0
    );
}

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let config = Config::default();
    let cases = [
        ("seed.txt", root.join("fixtures/seed/seed.txt"), 50),
        (
            "seed-layout.txt",
            root.join("fixtures/seed-layout/seed-layout.txt"),
            50,
        ),
        (
            "seed-libreoffice.pdf",
            root.join("fixtures/seed-pdf-libreoffice/seed-libreoffice.pdf"),
            20,
        ),
        (
            "seed-pdflatex.pdf",
            root.join("fixtures/seed-pdf-pdflatex/seed-pdflatex.pdf"),
            20,
        ),
        (
            "A_HRC_43_2 (181 pages)",
            root.join("../shared/corpus/real/A_HRC_43_2__g2110341.pdf"),
            5,
        ),
    ];
    let pairs = [
        (
            "cross-check, text",
            "fixtures/seed/seed.txt",
            "fixtures/crosscheck-style-a/index-style-a.txt",
        ),
        (
            "cross-check, PDF",
            "fixtures/seed-pdf-libreoffice/seed-libreoffice.pdf",
            "fixtures/crosscheck-pdf/index-style-a.pdf",
        ),
    ];
    for (name, document, index) in pairs {
        let (Ok(doc), Ok(idx)) = (
            std::fs::read(root.join(document)),
            std::fs::read(root.join(index)),
        ) else {
            println!("{name:<40} skipped: fixtures not found");
            continue;
        };
        bench(name, 20, || {
            if let (Ok(mut x), Ok(index)) = (
                unrec::extract("d", &doc, &config),
                unrec::read_index("i", &idx, &config),
            ) {
                x.cross_check(&index);
            }
        });
    }
    for (name, path, runs) in cases {
        let Ok(bytes) = std::fs::read(&path) else {
            println!("{name:<40} skipped: {} not found", path.display());
            continue;
        };
        bench(&format!("extract {name}"), runs, || {
            let x = unrec::extract(name, &bytes, &config);
            if let Ok(x) = x {
                let _ = emit::to_bytes(emit::Format::Csv, &x);
            }
        });
        stages(name, runs, &bytes, &config);
    }
}

/// The median of each stage over the runs: read, clean, segment, check
/// (from `extract_timed`) and emit (CSV in memory).
fn stages(name: &str, runs: usize, bytes: &[u8], config: &Config) {
    let mut each: [Vec<Duration>; 5] = Default::default();
    for _ in 0..runs {
        let Ok((x, t)) = unrec::extract_timed(name, bytes, config) else {
            return;
        };
        let start = Instant::now();
        let _ = emit::to_bytes(emit::Format::Csv, &x);
        for (slot, d) in each
            .iter_mut()
            .zip([t.read, t.clean, t.segment, t.check, start.elapsed()])
        {
            slot.push(d);
        }
    }
    let ms = |runs: Vec<Duration>| median(runs).as_secs_f64() * 1000.0;
    let [read, clean, segment, check, emit] = each;
    println!(
        "  stages: read {:.3} ms, clean {:.3} ms, segment {:.3} ms, check {:.3} ms, emit {:.3} ms",
        ms(read),
        ms(clean),
        ms(segment),
        ms(check),
        ms(emit)
    );
}
