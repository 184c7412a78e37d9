//! A UPR report joined with its State's addendum: responses from the
//! report's own blocks where the report decided them, from the addendum
//! where it left them pending; another review's documents refused.

use std::process::Command;
use unrec::diagnostic::Code;
use unrec::model::Response;
use unrec::{Companion, Config};

/// A report of `symbol` whose block 120 is supported and block 121 pending.
fn report(symbol: &str, state: &str) -> String {
    format!(
        "United Nations\n\n{symbol}\n\nGeneral Assembly\n\nDistr.: General\n7 July 2031\n\nOriginal: English\n\n\
         Human Rights Council\nNinety-ninth session\n\nReport of the Working Group on the Universal Periodic Review\n\n{state}\n\n\
         Introduction\n\n1. The Working Group held its session.\n\nII. Conclusions and/or recommendations\n\n\
         120. The following recommendations enjoy the support of {state}:\n\n\
         120.1 Ratify the Convention (France);\n\n120.2 Adopt a plan (Spain).\n\n\
         121. The following recommendations will be examined by {state}, which will provide responses in due time:\n\n\
         121.1 Consider acceding (Italy);\n\n121.2 Abolish the law (Japan);\n\n121.3 Set up an institution (Kenya).\n\n\
         122. All conclusions and/or recommendations contained in the present report reflect the position of the submitting State(s) and/or the State under review. They should not be construed as endorsed by the Working Group as a whole.\n"
    )
}

/// The addendum: it answers only the pending block, and says so.
fn addendum(symbol: &str, state: &str) -> String {
    format!(
        "United Nations\n\n{symbol}/Add.1\n\nGeneral Assembly\n\nDistr.: General\n2 September 2031\n\nOriginal: English\n\n\
         Human Rights Council\nNinety-ninth session\n\nReport of the Working Group on the Universal Periodic Review\n\n{state}\n\n\
         Addendum\n\nViews on conclusions and/or recommendations, voluntary commitments and replies presented by the State under review\n\n\
         1. {state} received 5 recommendations, of which 2 were immediately supported; the remaining 3 are answered below.\n\n\
         I. Supported recommendations\n\n2. The Government supports recommendations 121.1 and 121.3.\n\n\
         II. Noted recommendations\n\n3. The Government takes note of recommendation 121.2.\n"
    )
}

fn companion(name: &str, text: &str) -> Companion {
    Companion::read(name, text.as_bytes(), &Config::default()).unwrap()
}

/// Regression: units the report had already decided kept no response and
/// were each a `response_missing` error when the addendum answered the rest.
#[test]
fn an_addendum_of_the_pending_ones_leaves_no_unit_without_response() {
    let text = report("A/HRC/99/9", "Atlantis Republic");
    let mut x = unrec::extract("report.txt", text.as_bytes(), &Config::default()).unwrap();
    x.attach(&companion(
        "add.txt",
        &addendum("A/HRC/99/9", "Atlantis Republic"),
    ));
    let got: Vec<(String, Option<Response>, String)> = x
        .document
        .units
        .iter()
        .map(|u| {
            let r = u.review().unwrap();
            (
                u.id.clone(),
                r.response,
                r.response_source.clone().unwrap_or_default(),
            )
        })
        .collect();
    let want = [
        (
            "a-hrc-99-9-120-1",
            Some(Response::Supported),
            "A/HRC/99/9 - Para.120",
        ),
        (
            "a-hrc-99-9-120-2",
            Some(Response::Supported),
            "A/HRC/99/9 - Para.120",
        ),
        (
            "a-hrc-99-9-121-1",
            Some(Response::Supported),
            "A/HRC/99/9/Add.1 - Para.2",
        ),
        (
            "a-hrc-99-9-121-2",
            Some(Response::Noted),
            "A/HRC/99/9/Add.1 - Para.3",
        ),
        (
            "a-hrc-99-9-121-3",
            Some(Response::Supported),
            "A/HRC/99/9/Add.1 - Para.2",
        ),
    ];
    let want: Vec<(String, Option<Response>, String)> = want
        .iter()
        .map(|(i, r, s)| (i.to_string(), *r, s.to_string()))
        .collect();
    assert_eq!(got, want);
    let missing = x
        .diagnostics
        .iter()
        .filter(|d| d.code == Code::ResponseMissing)
        .count();
    assert_eq!(missing, 0, "{:#?}", x.diagnostics);
    // Reconcile over the pair: the counts hold, no finding of responses.
    let inputs = vec![
        ("report.txt".to_string(), text.into_bytes()),
        (
            "add.txt".to_string(),
            addendum("A/HRC/99/9", "Atlantis Republic").into_bytes(),
        ),
    ];
    let session = unrec::reconcile(&inputs, &Config::default()).unwrap();
    let codes: Vec<Code> = session.reconciliation.findings.iter().map(|d| d.code).collect();
    assert!(
        !codes.iter().any(|c| matches!(
            c,
            Code::ResponseMissing | Code::ResponseConflict | Code::CountMismatch
        )),
        "{codes:?}"
    );
}

/// A pending unit the addendum leaves out is still missing.
#[test]
fn a_pending_unit_no_document_answers_is_missing() {
    let text = report("A/HRC/99/9", "Atlantis Republic");
    let mut x = unrec::extract("report.txt", text.as_bytes(), &Config::default()).unwrap();
    let partial = addendum("A/HRC/99/9", "Atlantis Republic").replace(" and 121.3", "");
    x.attach(&companion("add.txt", &partial));
    let missing: Vec<&str> = x
        .diagnostics
        .iter()
        .filter(|d| d.code == Code::ResponseMissing)
        .map(|d| d.message.as_str())
        .collect();
    assert_eq!(missing.len(), 1, "{missing:?}");
    assert!(missing.iter().all(|m| m.contains("121.3")), "{missing:?}");
}

/// Regression: another review's addendum filled units and exited 0.
#[test]
fn another_review_s_addendum_is_refused() {
    let text = report("A/HRC/99/9", "Atlantis Republic");
    let mut x = unrec::extract("report.txt", text.as_bytes(), &Config::default()).unwrap();
    x.attach(&companion(
        "add.txt",
        &addendum("A/HRC/98/7", "Atlantis Republic"),
    ));
    assert!(x.refused_review());
    let finding = x
        .diagnostics
        .iter()
        .find(|d| d.code == Code::WrongReview)
        .unwrap();
    assert!(
        finding.message.contains("A/HRC/98/7") && finding.message.contains("A/HRC/99/9"),
        "{}",
        finding.message
    );
    let pending = x
        .document
        .units
        .iter()
        .filter(|u| u.review().unwrap().response.is_none())
        .count();
    assert_eq!(pending, 3, "nothing is taken from it");

    // On the command line: exit 2, nothing written; `--force-join` joins.
    let dir = std::env::temp_dir().join(format!("unrec-wrong-review-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("report.txt"), &text).unwrap();
    std::fs::write(dir.join("add.txt"), addendum("A/HRC/98/7", "Atlantis Republic")).unwrap();
    let run = |force: bool| {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_unrec"));
        cmd.current_dir(&dir).args([
            "extract",
            "report.txt",
            "--responses",
            "add.txt",
            "-o",
            "out.csv",
            "-q",
        ]);
        if force {
            cmd.arg("--force-join");
        }
        cmd.status().unwrap().code()
    };
    assert_eq!(run(false), Some(2));
    assert!(!dir.join("out.csv").exists());
    assert_eq!(run(true), Some(0));
    let csv = std::fs::read_to_string(dir.join("out.csv")).unwrap();
    assert_eq!(csv.matches("A/HRC/98/7/Add.1 - Para.").count(), 3, "{csv}");
    std::fs::remove_dir_all(&dir).unwrap();
}

/// The same review named by State when no symbol is stated: another
/// State's list is refused.
#[test]
fn another_state_s_addendum_is_refused_by_name() {
    let text = report("A/HRC/99/9", "Atlantis Republic").replace("A/HRC/99/9\n\n", "");
    let mut x = unrec::extract("report.txt", text.as_bytes(), &Config::default()).unwrap();
    let other = addendum("A/HRC/99/9", "Utopia").replace("A/HRC/99/9/Add.1\n\n", "");
    x.attach(&companion("add.txt", &other));
    assert!(x.refused_review(), "{:#?}", x.diagnostics);
}

/// Regression: an addendum that numbers recommendations without their
/// paragraph (`1–5`) gave ids (`a-hrc-99-9-1`) that join no report record;
/// held against its report they are the report's (`a-hrc-99-9-121-1`).
#[test]
fn an_addendum_s_bare_numbers_take_the_report_s_ids() {
    let full = report("A/HRC/99/9", "Atlantis Republic");
    let (start, end) = (full.find("120. ").unwrap(), full.find("121. ").unwrap());
    let text = format!("{}{}", &full[..start], &full[end..]);
    let report_x = unrec::extract("report.txt", text.as_bytes(), &Config::default()).unwrap();
    let ids: Vec<&str> = report_x.document.units.iter().map(|u| u.id.as_str()).collect();
    assert!(ids.iter().all(|i| i.starts_with("a-hrc-99-9-121-")), "{ids:?}");
    let bare = addendum("A/HRC/99/9", "Atlantis Republic").replace("121.", "");
    let mut add = unrec::extract("add.txt", bare.as_bytes(), &Config::default())
        .unwrap()
        .document;
    let before: Vec<String> = add.units.iter().map(|u| u.id.clone()).collect();
    assert!(before.iter().all(|i| !i.contains("-121-")), "{before:?}");
    unrec::check::responses::rekey(&mut add, &report_x.document);
    for unit in &add.units {
        assert!(
            ids.contains(&unit.id.as_str()),
            "{} joins no report record",
            unit.id
        );
    }
    assert_eq!(add.units.len(), 3);
}

/// A batch over a report and its addendum of bare numbers writes the
/// addendum's records under the report's ids, with and without
/// `--reconcile`.
#[test]
fn a_batch_gives_an_addendum_s_records_the_report_s_ids() {
    let full = report("A/HRC/99/9", "Atlantis Republic");
    let (start, end) = (full.find("120. ").unwrap(), full.find("121. ").unwrap());
    let text = format!("{}{}", &full[..start], &full[end..]);
    let bare = addendum("A/HRC/99/9", "Atlantis Republic").replace("121.", "");
    let dir = std::env::temp_dir().join(format!("unrec-batch-rekey-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("in")).unwrap();
    std::fs::write(dir.join("in/report.txt"), &text).unwrap();
    std::fs::write(dir.join("in/add.txt"), &bare).unwrap();
    for (out, extra) in [("out", None), ("out-reconciled", Some("--reconcile"))] {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_unrec"));
        cmd.current_dir(&dir).args(["batch", "in", "-o", out, "-q"]);
        cmd.args(extra);
        let status = cmd.status().unwrap();
        assert!(status.code().is_some_and(|c| c < 2), "{out}: {status:?}");
        let csv = std::fs::read_to_string(dir.join(out).join("documents/in/add.txt.csv")).unwrap();
        let ids: Vec<&str> = csv.lines().skip(1).filter_map(|l| l.split(',').next()).collect();
        assert_eq!(
            ids,
            ["a-hrc-99-9-121-1", "a-hrc-99-9-121-2", "a-hrc-99-9-121-3"],
            "{out}"
        );
    }
    std::fs::remove_dir_all(&dir).unwrap();
}
