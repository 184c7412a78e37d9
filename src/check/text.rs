//! Text checks: every unit has text, ends as a sentence or list item ends
//! (`.`, `;`, `:`), and holds no numbering that suggests two units were read
//! as one.

use crate::diagnostic::{Code, Diagnostic, Location};
use crate::model::Document;
use regex::Regex;
use std::sync::LazyLock;

/// A sentence end followed by a paragraph number and a capital, or a clause
/// end followed by a sub-item letter: `... offence. 12. States parties`.
static MISSED_SPLIT: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(r"[.;:]\s+(?:(?P<number>[0-9]{1,3})\.|\((?P<letter>[a-z])\))\s+[A-Z\p{Lu}]").ok()
});

/// Check the text of every unit.
pub fn check(document: &Document) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for u in &document.units {
        unit(&document.describe(u), &u.text, &u.start, &mut out);
    }
    out
}

/// Check only that every unit has text.
pub fn check_empty(document: &Document) -> Vec<Diagnostic> {
    document
        .units
        .iter()
        .filter(|u| u.text.trim().is_empty())
        .map(|u| {
            Diagnostic::new(
                Code::EmptyText,
                u.start.clone(),
                format!("{} has no text", document.describe(u)),
            )
        })
        .collect()
}

fn unit(name: &str, text: &str, location: &Location, out: &mut Vec<Diagnostic>) {
    let trimmed = text.trim();
    if trimmed.is_empty() {
        out.push(Diagnostic::new(
            Code::EmptyText,
            location.clone(),
            format!("{name} has no text"),
        ));
        return;
    }
    if !matches!(crate::prose::closing_mark(trimmed), Some('.' | ';' | ':')) {
        out.push(Diagnostic::new(
            Code::UnterminatedText,
            location.clone(),
            format!("{name} does not end in `.`, `;` or `:`: it may be cut short"),
        ));
    }
    if let Some(c) = MISSED_SPLIT.as_ref().and_then(|re| re.captures(trimmed)) {
        let what = match (c.name("number"), c.name("letter")) {
            (Some(n), _) => format!("`{}.`", n.as_str()),
            (_, Some(l)) => format!("`({})`", l.as_str()),
            _ => String::new(),
        };
        out.push(Diagnostic::new(
            Code::PossibleMissedSplit,
            location.clone(),
            format!("{name} contains {what} after a sentence end: two units may have been read as one"),
        ));
    }
}

#[cfg(test)]
mod tests {
    use crate::{Config, extract};

    fn codes(body: &str) -> Vec<&'static str> {
        let text = format!("I. First meeting, Vienna, 4 and 5 July 2018\n{body}");
        let x = extract(
            "t.txt",
            text.as_bytes(),
            &Config::of_kind(crate::model::Kind::Compilation),
        )
        .unwrap();
        x.diagnostics.iter().map(|d| d.code.name()).collect()
    }

    #[test]
    fn text_findings() {
        assert_eq!(
            codes("1. Ends well.\n2. Lead:\n(a) item;\n(b) “quoted.”"),
            Vec::<&str>::new()
        );
        assert_eq!(codes("1. Cut short by a page"), ["unterminated_text"]);
        assert_eq!(
            codes("1. One ends. 2. States parties should act."),
            ["possible_missed_split"]
        );
        assert_eq!(
            codes("1. Lead: (a) Protecting migrants;"),
            ["possible_missed_split"]
        );
        // Numbers that are references, not splits.
        assert_eq!(
            codes("1. Bearing in mind recommendation 11, States act; see article 6, paragraph 3."),
            Vec::<&str>::new()
        );
    }

    #[test]
    fn a_number_with_no_text_is_empty() {
        // Regression: a bare `2.` took the next recommendation as its text.
        assert_eq!(codes("1. A.\n2.\n3. C."), ["empty_text"]);
    }

    #[test]
    fn empty_text_is_an_error() {
        let doc = {
            let text = "I. First meeting, Vienna, 4 and 5 July 2018\n1. A.";
            let mut x = extract(
                "t.txt",
                text.as_bytes(),
                &Config::of_kind(crate::model::Kind::Compilation),
            )
            .unwrap();
            if let Some(rec) = x.document.units.get_mut(0) {
                rec.text.clear();
            }
            x.document
        };
        let found: Vec<&str> = super::check(&doc).iter().map(|d| d.code.name()).collect();
        assert_eq!(found, ["empty_text"]);
    }
}
