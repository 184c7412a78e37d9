//! The names of the States: the 193 Member States of the United Nations and
//! the two Observer States, as the UN prints them, with the older and
//! alternative names its documents use.
//!
//! Universal Periodic Review reports end each recommendation with the
//! recommending States in parentheses, `(Austria, Mexico, Portugal)`;
//! [`canonical`] tells whether a string names one of them and gives the
//! name the UN uses now. The names are data, in `states.txt`.

use std::collections::HashMap;
use std::sync::LazyLock;

const DATA: &str = include_str!("states.txt");

/// A longer string (in characters) is never a State's name.
const MAX_CHARS: usize = 120;
/// The most characters a trailing footnote marker holds.
const MAX_MARKER: usize = 3;

struct Table {
    /// Canonical names, in file order.
    names: Vec<&'static str>,
    /// Normalised name or variant to canonical name.
    keys: HashMap<String, &'static str>,
}

static TABLE: LazyLock<Table> = LazyLock::new(|| {
    let (names, variants) = entries();
    let mut keys = HashMap::with_capacity(names.len() + variants.len());
    for &name in &names {
        keys.entry(normalise(name)).or_insert(name);
    }
    for (variant, target) in variants {
        if names.contains(&target) {
            keys.entry(normalise(variant)).or_insert(target);
        }
    }
    Table { names, keys }
});

/// The data file's canonical names and `(variant, canonical)` pairs.
fn entries() -> (Vec<&'static str>, Vec<(&'static str, &'static str)>) {
    let mut names = Vec::new();
    let mut variants = Vec::new();
    for line in DATA.lines().map(str::trim) {
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        match line.split_once('\t') {
            Some((variant, target)) => variants.push((variant.trim(), target.trim())),
            None => names.push(line),
        }
    }
    (names, variants)
}

/// The key a name is stored and looked up by: lower case, Latin accents
/// dropped, one kind of apostrophe and hyphen, single spaces (none inside
/// parentheses or around hyphens), no leading `the `.
fn normalise(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut space = false;
    for c in name.chars().flat_map(char::to_lowercase) {
        let c = match c {
            '\u{2018}' | '\u{2019}' | '\u{02BC}' | '\u{2032}' | '\u{00B4}' | '`' => '\'',
            '\u{2010}'..='\u{2015}' | '\u{2212}' | '\u{FE63}' | '\u{FF0D}' => '-',
            '\u{00AD}' | '\u{200B}'..='\u{200D}' | '\u{2060}' | '\u{FEFF}' => continue,
            '\u{0300}'..='\u{036F}' => continue,
            c if c.is_whitespace() => {
                space = true;
                continue;
            }
            c => fold(c),
        };
        if space && !out.is_empty() && !out.ends_with(['(', '-']) && !matches!(c, ')' | '-') {
            out.push(' ');
        }
        space = false;
        out.push(c);
    }
    match out.strip_prefix("the ") {
        Some(rest) => rest.to_owned(),
        None => out,
    }
}

/// A lower-case Latin letter without its accent.
fn fold(c: char) -> char {
    match c {
        'à'..='å' => 'a',
        'ç' => 'c',
        'è'..='ë' => 'e',
        'ì'..='ï' => 'i',
        'ñ' => 'n',
        'ò'..='ö' | 'ø' => 'o',
        'ù'..='ü' => 'u',
        'ý' | 'ÿ' => 'y',
        c => c,
    }
}

fn too_long(name: &str) -> bool {
    name.trim().chars().nth(MAX_CHARS).is_some()
}

/// The canonical name for exactly this name or variant.
fn lookup(name: &str) -> Option<&'static str> {
    if too_long(name) {
        return None;
    }
    TABLE.keys.get(&normalise(name)).copied()
}

fn is_marker(c: char) -> bool {
    c.is_ascii_digit() || matches!(c, '*' | '†' | '‡' | '¹' | '²' | '³' | '\u{2070}'..='\u{2079}')
}

/// The name before a trailing footnote marker, and the marker.
fn split_marker(name: &str) -> Option<(&str, &str)> {
    let name = name.trim_end();
    let mut start = name.len();
    let mut count = 0;
    for (i, c) in name.char_indices().rev().take(MAX_MARKER + 1) {
        if !is_marker(c) {
            break;
        }
        start = i;
        count += 1;
    }
    let head = name[..start].trim();
    if count == 0 || count > MAX_MARKER || head.is_empty() {
        return None;
    }
    Some((head, &name[start..]))
}

/// The canonical name of the State that `name` names, or `None`.
///
/// Case, whitespace, apostrophe and hyphen variants, Latin accents, a
/// leading `the` and a trailing footnote marker (`Belgium1`) do not
/// matter; [`split_footnote`] tells the marker apart.
pub fn canonical(name: &str) -> Option<&'static str> {
    if too_long(name) {
        return None;
    }
    lookup(name).or_else(|| split_marker(name).and_then(|(head, _)| lookup(head)))
}

/// `name` split into a State's name and the footnote marker after it
/// (digits, `*`, `†`): `Czech Republic 4` gives (`Czech Republic`,
/// `Some("4")`). Without a marker, or when what is left names no State,
/// the name as given and `None`.
pub fn split_footnote(name: &str) -> (&str, Option<&str>) {
    if too_long(name) {
        return (name, None);
    }
    match split_marker(name) {
        Some((head, marker)) if lookup(head).is_some() => (head, Some(marker)),
        _ => (name, None),
    }
}

/// Whether `name` names a State (see [`canonical`]).
pub fn is_state(name: &str) -> bool {
    canonical(name).is_some()
}

/// The canonical names of the 195 States, in the data file's order.
pub fn all() -> impl Iterator<Item = &'static str> {
    TABLE.names.iter().copied()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn the_list_holds_195_states_once_each() {
        let names: Vec<_> = all().collect();
        assert_eq!(names.len(), 195);
        assert_eq!(names.iter().collect::<HashSet<_>>().len(), 195);
        let keys: HashSet<_> = names.iter().map(|n| normalise(n)).collect();
        assert_eq!(keys.len(), 195);
        for name in [
            "Holy See",
            "State of Palestine",
            "Netherlands (Kingdom of the)",
            "Türkiye",
        ] {
            assert!(names.contains(&name), "{name}");
        }
        for name in names {
            assert_eq!(canonical(name), Some(name));
        }
    }

    #[test]
    fn every_variant_names_one_canonical_state() {
        let (names, variants) = entries();
        assert!(variants.len() >= 60);
        let mut seen: HashMap<String, &str> = names.iter().map(|n| (normalise(n), *n)).collect();
        for (variant, target) in variants {
            assert!(names.contains(&target), "{variant} -> {target}");
            let previous = seen.insert(normalise(variant), target);
            assert!(
                previous.is_none_or(|p| p == target),
                "{variant}: {previous:?} or {target}"
            );
            assert_eq!(canonical(variant), Some(target), "{variant}");
        }
    }

    #[test]
    fn variants_resolve() {
        for (variant, name) in [
            ("Czech Republic", "Czechia"),
            ("Turkey", "Türkiye"),
            ("Swaziland", "Eswatini"),
            ("The former Yugoslav Republic of Macedonia", "North Macedonia"),
            ("Netherlands", "Netherlands (Kingdom of the)"),
            ("Cape Verde", "Cabo Verde"),
            ("Vietnam", "Viet Nam"),
            ("Cote d'Ivoire", "Côte d'Ivoire"),
            ("Côte d’Ivoire", "Côte d'Ivoire"),
            ("Ivory Coast", "Côte d'Ivoire"),
            ("UK", "United Kingdom of Great Britain and Northern Ireland"),
            ("USA", "United States of America"),
            ("Iran", "Iran (Islamic Republic of)"),
            ("Libyan Arab Jamahiriya", "Libya"),
            ("Holy See (Vatican)", "Holy See"),
            ("Palestine", "State of Palestine"),
            ("Democratic Republic of Congo", "Democratic Republic of the Congo"),
            ("Republic of the Congo", "Congo"),
            ("Congo", "Congo"),
            ("Timor Leste", "Timor-Leste"),
            ("Brunei", "Brunei Darussalam"),
        ] {
            assert_eq!(canonical(variant), Some(name), "{variant}");
        }
    }

    #[test]
    fn lookups_tolerate_print_differences() {
        for (text, name) in [
            ("  Viet   Nam \n", "Viet Nam"),
            (
                "United\nKingdom of Great\u{a0}Britain and Northern Ireland",
                "United Kingdom of Great Britain and Northern Ireland",
            ),
            (
                "UNITED KINGDOM OF GREAT BRITAIN AND NORTHERN IRELAND",
                "United Kingdom of Great Britain and Northern Ireland",
            ),
            ("Iran (Islamic Republic of )", "Iran (Islamic Republic of)"),
            (
                "Lao People’s Democratic Republic",
                "Lao People's Democratic Republic",
            ),
            (
                "Democratic Peopleʼs Republic of Korea",
                "Democratic People's Republic of Korea",
            ),
            ("Guinea‐Bissau", "Guinea-Bissau"),
            ("Timor‑Leste", "Timor-Leste"),
            ("Timor – Leste", "Timor-Leste"),
            ("TÜRKIYE", "Türkiye"),
            ("Sao Tomé and Principe", "Sao Tome and Principe"),
            ("the Netherlands", "Netherlands (Kingdom of the)"),
            ("the Sudan", "Sudan"),
            ("the Niger", "Niger"),
            ("The Gambia", "Gambia"),
            ("the Philippines", "Philippines"),
            ("Belgium1", "Belgium"),
            ("Czech Republic 4", "Czechia"),
            ("Mexico*", "Mexico"),
        ] {
            assert_eq!(canonical(text), Some(name), "{text:?}");
        }
    }

    #[test]
    fn footnotes_split_off_state_names() {
        assert_eq!(split_footnote("Czech Republic 4"), ("Czech Republic", Some("4")));
        assert_eq!(split_footnote("Belgium1"), ("Belgium", Some("1")));
        assert_eq!(split_footnote("Portugal†"), ("Portugal", Some("†")));
        assert_eq!(split_footnote("Austria"), ("Austria", None));
        assert_eq!(split_footnote("CRPD 12"), ("CRPD 12", None));
        assert_eq!(split_footnote("Belgium 12345"), ("Belgium 12345", None));
        assert_eq!(split_footnote("12"), ("12", None));
        assert_eq!(split_footnote(""), ("", None));
    }

    #[test]
    fn non_states_are_not_states() {
        for text in [
            "CRPD",
            "ICCPR",
            "Council of Europe",
            "European Union",
            "the Committee",
            "",
            "   ",
            "the",
            "Korea",
            "4",
            "Austria, Mexico, Portugal",
        ] {
            assert!(!is_state(text), "{text:?}");
        }
        let long = format!("{}Belgium", " x".repeat(100));
        assert!(!is_state(&long));
        assert!(!is_state(&"9".repeat(10_000)));
    }
}
