//! UPR Working Group reports: the five real reports with truth files (every
//! recommendation's text and States), and the real reports of the kind
//! without truth (counts as their own numbering gives them). The files are
//! not part of the project: the tests are ignored unless asked for
//! (`.ci/run` runs them when `../shared/corpus` is there).

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use unrec::diagnostic::{Code, Severity};
use unrec::model::Kind;
use unrec::{Config, Extraction, emit};

use crate::shared;

fn extract(path: &Path) -> Extraction {
    let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    unrec::extract(&unrec::read::file_name(path), &bytes, &Config::default()).unwrap()
}

/// Whitespace collapsed, typographic quotes and dashes folded.
fn fold(text: &str) -> String {
    let folded: String = text
        .chars()
        .map(|c| match c {
            '“' | '”' | '„' => '"',
            '‘' | '’' => '\'',
            '–' | '—' => '-',
            c => c,
        })
        .collect();
    folded.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Where the truth itself is wrong, by (file, paragraph): the PDF prints a
/// State list followed by a footnote marker, or a former State name, and
/// the data set the truth comes from kept the list in the text with no
/// State. Each must still differ, so that the list cannot go stale.
const TRUTH_ERRORS: [(&str, &str, &str); 3] = [
    (
        "A_HRC_14_12__iran2010.pdf",
        "90.35",
        "`(Mexico)1;`: a footnote marker after the list",
    ),
    (
        "A_HRC_14_12__iran2010.pdf",
        "91.3",
        "`(Spain)3;`: a footnote marker after the list",
    ),
    (
        "A_HRC_27_3__norway2014.pdf",
        "131.180",
        "`(the former Yugoslav Republic of Macedonia)`: a former State name",
    ),
];

struct Score {
    truth: usize,
    found: usize,
    extra: usize,
    exact: usize,
    states: usize,
    /// (paragraph, what differs).
    differences: Vec<(String, String)>,
}

fn score(truth_file: &Path, x: &Extraction) -> Score {
    let mut reader = csv::Reader::from_path(truth_file).unwrap();
    let headers = reader.headers().unwrap().clone();
    let col = |name: &str| headers.iter().position(|h| h == name).unwrap();
    let (p, t, s) = (col("paragraph"), col("text"), col("recommending_states"));
    let rows: Vec<_> = emit::rows(x).collect();
    let got: HashMap<String, (String, String)> = rows
        .iter()
        .filter_map(|r| {
            let text = r.text("text").unwrap_or_default().to_string();
            let states = r.list("recommending_states").join(";");
            r.text("label").map(|p| (p.to_string(), (text, states)))
        })
        .collect();
    let mut out = Score {
        truth: 0,
        found: 0,
        extra: 0,
        exact: 0,
        states: 0,
        differences: Vec::new(),
    };
    let mut seen = Vec::new();
    for record in reader.records() {
        let record = record.unwrap();
        out.truth += 1;
        let paragraph = record[p].to_string();
        seen.push(paragraph.clone());
        let Some((text, states)) = got.get(&paragraph) else {
            out.differences.push((paragraph, "not found".to_string()));
            continue;
        };
        out.found += 1;
        if fold(text) == fold(&record[t]) {
            out.exact += 1;
        } else {
            out.differences.push((
                paragraph.clone(),
                format!("text {text:?}, truth {:?}", &record[t]),
            ));
        }
        if *states == record[s] {
            out.states += 1;
        } else {
            out.differences.push((
                paragraph.clone(),
                format!("States {states:?}, truth {:?}", &record[s]),
            ));
        }
    }
    out.extra = got.keys().filter(|k| !seen.contains(k)).count();
    out
}

#[test]
#[ignore = "needs ../shared/corpus (run by .ci/run when present)"]
fn the_five_reports_match_their_truth() {
    let dir = shared("upr");
    let mut truths: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.to_string_lossy().ends_with(".truth.csv"))
        .collect();
    truths.sort();
    assert_eq!(truths.len(), 5, "truth files in {}", dir.display());
    let (mut units, mut exact, mut states) = (0, 0, 0);
    for truth in &truths {
        let pdf = PathBuf::from(truth.to_string_lossy().replace(".truth.csv", ".pdf"));
        let x = extract(&pdf);
        assert_eq!(x.document.kind, Kind::UprReport, "{}", pdf.display());
        let s = score(truth, &x);
        println!(
            "{}: {} units, {} found, {} extra, {} texts exact, {} State lists equal",
            pdf.file_name().unwrap().to_string_lossy(),
            s.truth,
            s.found,
            s.extra,
            s.exact,
            s.states
        );
        let file = pdf.file_name().unwrap().to_string_lossy().to_string();
        let known = |p: &str| TRUTH_ERRORS.iter().any(|(f, q, _)| *f == file && *q == p);
        for (paragraph, what) in &s.differences {
            println!("  {paragraph}: {what}");
        }
        let unexplained: Vec<&(String, String)> = s.differences.iter().filter(|(p, _)| !known(p)).collect();
        assert!(unexplained.is_empty(), "{file}: {unexplained:#?}");
        for (f, paragraph, why) in TRUTH_ERRORS.iter().filter(|(f, _, _)| *f == file) {
            assert!(
                s.differences.iter().any(|(p, _)| p == paragraph),
                "{f} {paragraph} now agrees with the truth ({why}): take it off TRUTH_ERRORS"
            );
        }
        assert_eq!(s.found, s.truth, "{}: every recommendation found", pdf.display());
        assert_eq!(s.extra, 0, "{}: no extra unit", pdf.display());
        units += s.truth;
        exact += s.exact;
        states += s.states;
    }
    println!("all: {units} units, {exact} texts exact, {states} State lists equal");
    assert_eq!(units, 648);
    // 99.5 %: the differences left are the truth's (see the note).
    assert!(exact * 1000 >= units * 995, "{exact} of {units} texts exact");
    assert!(
        states * 1000 >= units * 995,
        "{states} of {units} State lists equal"
    );
}

/// Regression: five of the UPR report files gave a language line, a
/// session line or both as the body (`ENGLISH Original: ENGLISH/FRENCH`,
/// `English`, `HUMAN RIGHTS COUNCIL Eight session`), one no session, and
/// none a date. Every report and addendum now gives the body, the session's
/// number as its symbol has it and the document's date; a report the day
/// of its review.
#[test]
#[ignore = "needs ../shared/corpus (run by .ci/run when present)"]
fn upr_mastheads_give_body_session_number_and_dates() {
    let cases = [
        (
            "upr/A_HRC_8_45__ukraine2008.pdf",
            8,
            "2008-06-03",
            Some("2008-05-13"),
        ),
        (
            "upr/A_HRC_12_6__congo2009.pdf",
            12,
            "2009-06-05",
            Some("2009-05-06"),
        ),
        (
            "upr/A_HRC_14_12__iran2010.pdf",
            14,
            "2010-03-15",
            Some("2010-02-15"),
        ),
        (
            "upr/A_HRC_21_10__india2012.pdf",
            21,
            "2012-07-09",
            Some("2012-05-24"),
        ),
        (
            "upr/A_HRC_27_3__norway2014.pdf",
            27,
            "2014-07-07",
            Some("2014-04-28"),
        ),
        (
            "real/A_HRC_8_34__argentina2008.pdf",
            8,
            "2008-05-13",
            Some("2008-04-16"),
        ),
        (
            "real/A_HRC_14_15__g1012049.pdf",
            14,
            "2010-03-15",
            Some("2010-02-16"),
        ),
        (
            "real/A_HRC_18_3__belgium2011.pdf",
            18,
            "2011-07-11",
            Some("2011-05-02"),
        ),
        (
            "real/A_HRC_28_15__g1423930.pdf",
            28,
            "2014-12-10",
            Some("2014-11-04"),
        ),
        (
            "real/A_HRC_43_15__g1934994.pdf",
            43,
            "2019-12-19",
            Some("2019-11-12"),
        ),
        (
            "upr-thematic/A_HRC_59_15__g2502644.pdf",
            59,
            "2025-03-24",
            Some("2025-01-28"),
        ),
        (
            "upr-thematic/A_HRC_59_15_Add.1__g2505828.pdf",
            59,
            "2025-04-08",
            None,
        ),
        (
            "upr-thematic/A_HRC_28_15_Add.1__g1504261.pdf",
            28,
            "2015-03-04",
            None,
        ),
    ];
    let mut wrong = Vec::new();
    for (file, session, date, review_date) in cases {
        let (dir, name) = file.split_once('/').unwrap();
        let x = extract(&shared(dir).join(name));
        let row = emit::rows(&x).next().unwrap();
        let got = (
            row.text("body"),
            row.integer("session"),
            row.text("date"),
            row.text("review_date"),
        );
        let want = (
            Some("Human Rights Council"),
            Some(session),
            Some(date),
            review_date,
        );
        println!("{name}: {got:?}");
        if got != want {
            wrong.push(format!("{name}: {got:?}, want {want:?}"));
        }
    }
    assert!(wrong.is_empty(), "{wrong:#?}");
}

#[test]
#[ignore = "needs ../shared/corpus (run by .ci/run when present)"]
fn real_reports_without_truth_give_their_own_numbering() {
    let dir = shared("real");
    // The count each report's own numbering gives (its last item of each block).
    let cases = [
        ("A_HRC_8_34__argentina2008.pdf", 21),
        ("A_HRC_14_15__g1012049.pdf", 97),
        ("A_HRC_18_3__belgium2011.pdf", 121),
        ("A_HRC_28_15__g1423930.pdf", 163),
        ("A_HRC_43_15__g1934994.pdf", 215),
    ];
    let mut checked = 0;
    // Each as PDF, and as the text poppler's `pdftotext` gives of it.
    let forms = cases.iter().flat_map(|&(file, count)| {
        [
            (file.to_string(), count),
            (file.replace(".pdf", ".pdftotext.txt"), count),
        ]
    });
    for (file, count) in forms {
        let x = extract(&dir.join(&file));
        assert_eq!(x.document.kind, Kind::UprReport, "{file}");
        assert_eq!(x.document.unit_count(), count, "{file}");
        let numbering: Vec<String> = x
            .diagnostics
            .iter()
            .filter(|d| d.severity >= Severity::Warning)
            .map(|d| d.to_string())
            .collect();
        assert!(numbering.is_empty(), "{file}: {numbering:#?}");
        assert!(
            x.document
                .metadata
                .review()
                .and_then(|r| r.state_under_review.as_ref())
                .is_some(),
            "{file}"
        );
        checked += 1;
    }
    assert_eq!(checked, 10);
    // The plenary report of a session is no UPR report, and says what it was taken for.
    let x = extract(&dir.join("A_HRC_43_2__g2110341.pdf"));
    assert_eq!(x.document.kind, Kind::Unknown);
    assert_eq!(x.document.unit_count(), 0);
    assert!(x.diagnostics.iter().any(|d| d.code == Code::UnknownKind));
}

/// Texts the thematic list gives otherwise than the report, by (list,
/// paragraph): typing errors of one document or the other.
const REAL_DISAGREEMENTS: [(&str, &str, &str); 5] = [
    (
        "UPR20_SVN_thematic-list__A_HRC_28_15.docx",
        "115.2",
        "the list writes `toarticle8`",
    ),
    (
        "UPR20_SVN_thematic-list__A_HRC_28_15.docx",
        "115.81",
        "`health care` in the report, `healthcare` in the list",
    ),
    (
        "UPR20_SVN_thematic-list__A_HRC_28_15.docx",
        "115.104",
        "the report writes `childre,`",
    ),
    (
        "UPR20_SVN_thematic-list__A_HRC_28_15.docx",
        "115.106",
        "the report writes `(netherlands)`",
    ),
    (
        "UPR20_SVN_thematic-list__A_HRC_28_15.docx",
        "115.158",
        "the list writes `oftenancy`",
    ),
];

/// A review's report, the State's addendum and OHCHR's thematic list.
fn review(dir: &Path, report: &Path, addendum: &str, list: &str) -> (unrec::Session, Extraction) {
    let inputs: Vec<(String, Vec<u8>)> = [report.to_path_buf(), dir.join(addendum), dir.join(list)]
        .iter()
        .map(|p| (unrec::read::file_name(p), std::fs::read(p).unwrap()))
        .collect();
    let session = unrec::reconcile(&inputs, &Config::default()).unwrap();
    // The report joined with both, as `extract --responses --index` does.
    let mut x = extract(report);
    for (name, bytes) in inputs.iter().skip(1) {
        let other = unrec::extract(name, bytes, &Config::default()).unwrap();
        let mut document = other.document;
        document.diagnostics = other.diagnostics;
        x.join(&document);
    }
    (session, x)
}

#[test]
#[ignore = "needs ../shared/corpus (run by .ci/run when present)"]
fn reviews_agree_across_report_addendum_and_thematic_list() {
    let (dir, real) = (shared("upr-thematic"), shared("real"));
    let cases = [
        (
            real.join("A_HRC_28_15__g1423930.pdf"),
            "A_HRC_28_15_Add.1__g1504261.pdf",
            "UPR20_SVN_thematic-list__A_HRC_28_15.docx",
            163,
            false,
        ),
        (
            dir.join("A_HRC_59_15__g2502644.pdf"),
            "A_HRC_59_15_Add.1__g2505828.pdf",
            "UPR48_SVN_thematic-list__A_HRC_59_15.docx",
            254,
            true,
        ),
    ];
    for (report, addendum, list, count, with_sdgs) in cases {
        let (session, x) = review(&dir, &report, addendum, list);
        let kinds: Vec<Kind> = session.documents.iter().map(|d| d.kind).collect();
        assert_eq!(
            kinds,
            [Kind::UprReport, Kind::UprAddendum, Kind::UprThematicList],
            "{list}"
        );
        let r = &session.reconciliation;
        let row = r.reviews.first().unwrap();
        println!(
            "{}: {} recommendations, {} in the addendum, {} in the list, {} supported, {} noted (stated {:?}/{:?}); {} finding(s)",
            row.report,
            row.recommendations,
            row.in_addendum,
            row.in_thematic_list,
            row.supported,
            row.noted,
            row.stated_supported,
            row.stated_noted,
            r.findings.len()
        );
        for f in &r.findings {
            println!("  {f}");
        }
        assert_eq!(row.recommendations, count);
        assert_eq!(
            (row.in_addendum, row.in_thematic_list, row.responded),
            (count, count, count)
        );
        assert_eq!(Some(row.supported), row.stated_supported);
        assert_eq!(Some(row.noted), row.stated_noted);
        for unit in &x.document.units {
            let review = unit.review().unwrap();
            assert!(review.response.is_some(), "{}", unit.id);
            assert!(!unit.themes.is_empty(), "{}: no theme", unit.id);
            if with_sdgs {
                assert!(!review.sdgs.is_empty(), "{}: no SDG", unit.id);
            }
        }
        // What the two documents really disagree on, checked against both
        // PDFs and the lists' own XML: each must still be found.
        let known: Vec<&str> = REAL_DISAGREEMENTS
            .iter()
            .filter(|(f, _, _)| *f == list)
            .map(|(_, p, _)| *p)
            .collect();
        let unexplained: Vec<String> = r
            .findings
            .iter()
            .filter(|d| d.severity >= Severity::Warning)
            .filter(|d| {
                !known
                    .iter()
                    .any(|p| d.message.contains(&format!("recommendation {p} ")))
            })
            .map(|d| d.to_string())
            .collect();
        assert!(unexplained.is_empty(), "{unexplained:#?}");
        for p in known {
            assert!(
                r.findings
                    .iter()
                    .any(|d| d.message.contains(&format!("recommendation {p} "))),
                "{list} {p} agrees now: take it off REAL_DISAGREEMENTS"
            );
        }
    }
}

/// A list of the third cycle (2017–2022) gives the SDGs and the groups of
/// persons as labelled sub-lists of the themes cell: `SDGs:` and the goals
/// were read as themes, and no entry had an SDG.
#[test]
fn sdgs_listed_in_the_themes_cell_were_read_as_themes() {
    let case = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/upr-thematic-third-cycle");
    let x = extract(&case.join("upr-thematic-third-cycle.docx"));
    assert_eq!(x.document.kind, Kind::UprThematicList);
    assert_eq!(x.document.unit_count(), 7);
    let label = |v: &String| {
        let v = v.trim_end_matches([':', ' ']).to_lowercase();
        [
            "sdgs",
            "sdg",
            "sustainable development goals",
            "affected persons",
            "groups of persons",
        ]
        .contains(&v.as_str())
    };
    for unit in &x.document.units {
        let review = unit.review().unwrap();
        let values = unit
            .themes
            .iter()
            .chain(&review.sdgs)
            .chain(&review.affected_persons);
        for value in values {
            assert!(!label(value), "{}: label {value:?} as a value", unit.id);
            assert!(!value.starts_with(['-', '•', '–']), "{}: {value:?}", unit.id);
        }
        // Goals are numbered `16 - PEACE …`; no theme is.
        assert!(
            unit.themes
                .iter()
                .all(|t| !t.starts_with(|c: char| c.is_ascii_digit())),
            "{}: {:?}",
            unit.id,
            unit.themes
        );
        assert!(!review.affected_persons.is_empty(), "{}", unit.id);
    }
    let with_sdgs = x
        .document
        .units
        .iter()
        .filter(|u| u.review().is_some_and(|r| !r.sdgs.is_empty()))
        .count();
    // Every entry but 99.6, which the list relates to no goal.
    assert_eq!(with_sdgs, 6);
    let first = x.document.units.first().unwrap();
    assert_eq!(
        first.review().unwrap().sdgs,
        ["16 - PEACE, JUSTICE AND STRONG INSTITUTIONS"]
    );
    assert_eq!(
        first.themes,
        [
            "D51 Administration of justice & fair trial",
            "Enforced disappearances"
        ]
    );
}
