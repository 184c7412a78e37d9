//! The masthead of a UN document: symbol, issuing bodies, distribution, date,
//! original language, session, agenda item and title.
//!
//! The front matter is read as a sequence of items (a block, or each column
//! of a block set in columns), each recognised by its form (`Distr.: General`,
//! `Original: English`, `Item 4 of the provisional agenda`, a place and
//! dates); the items between them are bodies and titles by their position.

use super::dates;
use super::dates::read_date::word;
use crate::clean::{self, Block, Furniture, FurnitureKind};
use regex::Regex;
use std::collections::HashMap;
use std::sync::LazyLock;

pub use crate::model::{Metadata, slug};

/// The series of a symbol: its parts up to the first that starts with a
/// digit (a year or a session number). `A/HRC/43/15` → `A/HRC`.
pub fn series_of(symbol: &str) -> Option<String> {
    let parts: Vec<&str> = symbol
        .split('/')
        .take_while(|p| !p.starts_with(|c: char| c.is_ascii_digit()))
        .collect();
    (!parts.is_empty() && parts.len() < symbol.split('/').count()).then(|| parts.join("/"))
}

/// Whether no word character opens `rest`: a word ends before it.
fn ends_word(rest: &str) -> bool {
    !rest.chars().next().is_some_and(clean::is_word_char)
}

/// `Distr.: General`, `Distr. LIMITED`: the distribution, as written.
fn distribution(item: &str) -> Option<&str> {
    let rest = word(item, "distr")?;
    let rest = rest
        .strip_prefix('.')
        .unwrap_or(rest)
        .trim_start_matches(char::is_whitespace);
    let rest = rest
        .strip_prefix(':')
        .unwrap_or(rest)
        .trim_start_matches(char::is_whitespace);
    let after = ["general", "limited", "restricted"]
        .iter()
        .find_map(|w| word(rest, w))?;
    ends_word(after)
        .then(|| rest.get(..rest.len() - after.len()))
        .flatten()
}

/// An agenda item's number as `(?i)[0-9]{1,3}(\s*\([a-z]\))?` reads it,
/// each way it can end (with its letter first), and the rest after each.
fn item_numbers(s: &str) -> impl Iterator<Item = (&str, &str)> {
    let bare = super::leading_number(s, 3);
    let lettered = bare.and_then(|(_, rest)| {
        let inner = rest.trim_start_matches(char::is_whitespace).strip_prefix('(')?;
        let mut chars = inner.chars();
        chars
            .next()
            .filter(|c| c.is_ascii_alphabetic() || *c == 'ſ' || *c == '\u{212A}')?;
        let after = chars.as_str().strip_prefix(')')?;
        Some(s.split_at(s.len() - after.len()))
    });
    lettered.into_iter().chain(bare)
}

/// `Item 4 of the provisional agenda`, `Provisional agenda item 3 (b)`:
/// the item's number as written.
fn agenda_item(item: &str) -> Option<&str> {
    use dates::read_date::spaces as spaced;
    fn then_word<'t>(s: Option<&'t str>, w: &str) -> Option<&'t str> {
        s.and_then(|s| word(s, w))
    }
    fn provisional(s: &str) -> Option<&str> {
        spaced(word(s, "provisional")?)
    }
    // `Item N of the [provisional] agenda`.
    if let Some(after_item) = word(item, "item").and_then(spaced) {
        for (number, rest) in item_numbers(after_item) {
            let the = then_word(then_word(spaced(rest), "of").and_then(spaced), "the").and_then(spaced);
            let agenda = the.and_then(|s| {
                provisional(s)
                    .and_then(|p| word(p, "agenda"))
                    .or_else(|| word(s, "agenda"))
            });
            if agenda.is_some_and(ends_word) {
                return Some(number);
            }
        }
    }
    // `[Provisional] agenda item N`.
    let agenda = provisional(item)
        .and_then(|p| word(p, "agenda"))
        .or_else(|| word(item, "agenda"));
    let after = then_word(agenda.and_then(spaced), "item").and_then(spaced)?;
    item_numbers(after)
        .find(|(number, rest)| {
            let ends = ends_word(rest);
            // After `(b)` a word must begin for a word to end there.
            if number.ends_with(')') { !ends } else { ends }
        })
        .map(|(number, _)| number)
}
/// The languages of `Original: English`, `Original: Arabic, French` or
/// `Original: ENGLISH/FRENCH`: letters, spaces, commas and slashes after
/// the colon.
fn original_language(item: &str) -> Option<&str> {
    let head = item.get(..8).filter(|h| h.eq_ignore_ascii_case("original"))?;
    let rest = item.get(head.len()..)?.trim_start_matches(char::is_whitespace);
    let after = rest.strip_prefix(':')?;
    let languages = after.trim_matches(char::is_whitespace);
    if languages.is_empty() {
        // Nothing but spaces: the pattern took one of them for the list.
        return after.contains(' ').then_some(" ");
    }
    let letters = |c: char| c == ' ' || c == ',' || c == '/' || clean::is_letter(c);
    languages.chars().all(letters).then_some(languages)
}

/// `Forty-third session`, `Fifth meeting`: an ordinal, a space, the word;
/// or a cardinal in the ordinal's place before `session` (`Eight session`
/// in a 2008 masthead), or a year (`2025 session`, the Economic and Social
/// Council's).
fn is_session(item: &str) -> bool {
    let Some((ordinal, word)) = item.rsplit_once(char::is_whitespace) else {
        return false;
    };
    let ordinal = ordinal.trim_end_matches(char::is_whitespace);
    let word = word.replace('ſ', "s");
    let session = word.eq_ignore_ascii_case("session");
    let year = ordinal.len() == 4 && dates::first_year(ordinal).is_some();
    (session || word.eq_ignore_ascii_case("meeting"))
        && (dates::is_ordinal(ordinal) || session && (dates::cardinal(ordinal).is_some() || year))
}

/// The number of a session as its words give it: 43 of `Forty-third
/// session`, 8 of `Eight session`, 140 of `140th session`; none for a
/// meeting (`Fifth meeting`) or words of no number.
pub fn session_number(words: &str) -> Option<u32> {
    let (ordinal, word) = words
        .trim_end_matches(['*', ' '])
        .rsplit_once(char::is_whitespace)?;
    word.replace('ſ', "s")
        .eq_ignore_ascii_case("session")
        .then(|| dates::session_number(ordinal.trim_end_matches(char::is_whitespace)))
        .flatten()
}

/// Set the session from its words, keeping them and their number.
pub fn set_session(meta: &mut Metadata, words: &str) {
    let words = words.trim_end_matches(['*', ' ']);
    meta.session_number = session_number(words);
    meta.session = Some(words.to_string());
}

/// The official languages, in a masthead's language lines.
const LANGUAGES: [&str; 6] = ["arabic", "chinese", "english", "french", "russian", "spanish"];

/// A line of nothing but language names (`English`, `ENGLISH`,
/// `Arabic/English`, `and Spanish`): the language the copy is in, or the
/// end of an original-language list wrapped over two lines; never a body.
fn is_language_line(item: &str) -> bool {
    let mut languages = 0;
    for word in item
        .split(|c: char| c == ',' || c == '/' || c.is_whitespace())
        .filter(|w| !w.is_empty())
    {
        let word = word.to_lowercase();
        if LANGUAGES.contains(&word.as_str()) {
            languages += 1;
        } else if word != "and" {
            return false;
        }
    }
    languages > 0
}

/// A body's name in the common form: a name printed in capitals
/// (`HUMAN RIGHTS COUNCIL`, a 2008 masthead's) in title case, `Human
/// Rights Council`, as later mastheads print it; the small words of a name
/// lower case (`Conference of the Parties`); a word no dictionary holds
/// (`UNICEF`) and a name in mixed case as printed.
pub fn body_name(name: &str) -> String {
    let letters = || name.chars().filter(|c| c.is_alphabetic());
    if letters().count() < 2 || letters().any(char::is_lowercase) {
        return name.to_string();
    }
    const SMALL: [&str; 9] = ["of", "the", "on", "and", "for", "to", "in", "a", "an"];
    let mut out = String::with_capacity(name.len());
    for (i, word) in name.split(' ').enumerate() {
        if i > 0 {
            out.push(' ');
        }
        let lower = word.to_lowercase();
        let dictionary = lower
            .split(['-', '’', '\''])
            .all(|part| part.is_empty() || clean::is_english_word(part));
        if i > 0 && SMALL.contains(&lower.as_str()) {
            out.push_str(&lower);
        } else if dictionary
            && word
                .chars()
                .all(|c| c.is_alphabetic() || c == '-' || c == '’' || c == '\'')
        {
            out.push_str(&capitalised(&lower));
        } else {
            out.push_str(word);
        }
    }
    out
}

/// `human-rights` → `Human-Rights`: each part after a hyphen capitalised.
fn capitalised(word: &str) -> String {
    let mut out = String::with_capacity(word.len());
    let mut start = true;
    for c in word.chars() {
        if start {
            out.extend(c.to_uppercase());
        } else {
            out.push(c);
        }
        start = c == '-';
    }
    out
}

static SYMBOL_IN_TEXT: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(r"\b[A-Z]{1,8}(?:/[A-Z0-9][A-Za-z0-9.\-]*)*/[A-Z0-9][A-Za-z0-9\-]*(?:\.[0-9]+)?").ok()
});

/// Front-matter items in reading order: each column of a line set in
/// columns, each line otherwise; consecutive lines of one block that no form
/// recognises are one item (a title wrapped over two lines).
fn items(front: &[Block]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for block in front {
        let mut previous_open = false;
        for line in block.lines().iter() {
            if line.cells().len() > 1 {
                out.extend(line.cells().iter().map(|c| clean::collapse(c)));
                previous_open = false;
                continue;
            }
            let text = clean::collapse(&line.text);
            let open = !recognised(&text);
            match out.last_mut() {
                Some(last) if open && previous_open => {
                    last.push(' ');
                    last.push_str(&text);
                }
                _ => out.push(text),
            }
            previous_open = open;
        }
    }
    // `Distr.` and `GENERAL` set on two lines are one item.
    let mut merged: Vec<String> = Vec::with_capacity(out.len());
    for item in out {
        match merged.last_mut() {
            Some(last)
                if last.trim_end_matches([':', ' ']).eq_ignore_ascii_case("Distr.")
                    && ["general", "limited", "restricted"].contains(&item.to_lowercase().as_str()) =>
            {
                last.push(' ');
                last.push_str(&item);
            }
            _ => merged.push(item),
        }
    }
    merged
}

/// Whether an item has one of the masthead's fixed forms.
fn recognised(item: &str) -> bool {
    distribution(item).is_some()
        || agenda_item(item).is_some()
        || original_language(item).is_some()
        || is_session(item)
        || is_language_line(item)
        || dates::find_range(item).is_some_and(|(_, span)| span.start == 0 && span.end == item.len())
        || venue_and_dates(item).is_some()
        || clean::is_symbol(item)
        || item.eq_ignore_ascii_case("United Nations")
}

/// Read the masthead from the blocks before the first meeting.
pub fn read_masthead(front: &[Block], furniture: &[Furniture]) -> Metadata {
    let mut meta = Metadata::default();
    let items = items(front);

    // The symbol: a header or a masthead item that is nothing but a symbol.
    meta.symbol = furniture
        .iter()
        .filter(|f| f.kind == FurnitureKind::Header)
        .map(|f| f.text.as_str())
        .chain(items.iter().map(String::as_str))
        .find(|t| clean::is_symbol(t))
        .map(str::to_string);

    let layout = Layout::read(&items, &mut meta);
    layout.name_items(&items, &mut meta);
    meta.series = meta
        .symbol
        .as_deref()
        .and_then(series_of)
        .or_else(|| cited_series(front, furniture));
    meta
}

/// Where the masthead's items of a fixed form stand, and which items have
/// none: bodies and titles, told by their position.
struct Layout {
    /// Whether each item, in order, has no fixed form.
    unknown: Vec<bool>,
    distribution: Option<usize>,
    original_language: Option<usize>,
    agenda_item: Option<usize>,
    session: Option<usize>,
}

impl Layout {
    /// Read the items of a fixed form into `meta`, noting where they stand.
    fn read(items: &[String], meta: &mut Metadata) -> Layout {
        let is_whole_date = |item: &str| {
            dates::find_range(item).is_some_and(|(_, span)| span.start == 0 && span.end == item.len())
        };
        let mut layout = Layout {
            unknown: Vec::with_capacity(items.len()),
            distribution: None,
            original_language: None,
            agenda_item: None,
            session: None,
        };
        for (i, item) in items.iter().enumerate() {
            let mut unknown = false;
            if let Some(distribution) = distribution(item) {
                meta.distribution = Some(distribution.to_string());
                layout.distribution = Some(i);
                // `Distr.: General 21 June 2019` in one line.
                if let Some((range, _)) = dates::find_range(item) {
                    meta.date = Some(range.start.iso());
                }
            } else if let Some(language) = original_language(item) {
                meta.original_language = Some(language.to_string());
                layout.original_language = Some(i);
            } else if let Some(number) = agenda_item(item) {
                meta.agenda_item = Some(number.to_string());
                layout.agenda_item = Some(i);
            } else if meta.date.is_none() && layout.distribution.is_some() && is_whole_date(item) {
                meta.date = dates::find_range(item).map(|(r, _)| r.start.iso());
            } else if is_session(item) {
                // A joint document's first body's session is its own
                // (`Eightieth session` before the Council's `2025 session`).
                if meta.session.is_none() {
                    set_session(meta, item);
                    layout.session = Some(i);
                }
            } else if is_language_line(item) {
                // The end of an original-language list wrapped over two
                // lines; else the language of the copy.
                if let Some(languages) = meta
                    .original_language
                    .as_mut()
                    .filter(|l| l.ends_with(',') || l.to_lowercase().ends_with(" and"))
                {
                    languages.push(' ');
                    languages.push_str(item);
                }
            } else if let Some(venue) = venue_and_dates(item).filter(|_| meta.session_start.is_none()) {
                let (place, range) = venue;
                meta.session_venue = place;
                meta.session_start = Some(range.start.iso());
                meta.session_end = Some(range.end.iso());
            } else if clean::is_symbol(item) || item.eq_ignore_ascii_case("United Nations") {
            } else {
                unknown = true;
            }
            layout.unknown.push(unknown);
        }
        layout
    }

    /// The first item of no fixed form after `start`, or from the first
    /// item without one.
    fn unknown_after(&self, start: Option<usize>) -> Option<usize> {
        let from = start.map(|s| s + 1).unwrap_or(0);
        (from..self.unknown.len()).find(|&i| self.unknown.get(i) == Some(&true))
    }

    /// Name the items of no fixed form by their position: the parent body
    /// before the distribution, the body after the original language (or
    /// the distribution) and before the session line and the agenda item
    /// (the body's line stands above the session's: a masthead with no
    /// item between has no body of its own), and after the agenda
    /// item its title, then the document's title and subtitle.
    fn name_items(&self, items: &[String], meta: &mut Metadata) {
        let text_of = |i: Option<usize>| {
            i.and_then(|i| items.get(i))
                .map(|t| t.trim_end_matches('*').trim().to_string())
        };
        let body_of = |i: Option<usize>| text_of(i).map(|t| body_name(&t));
        if let Some(d) = self.distribution {
            meta.parent_body = body_of((0..d).find(|&i| self.unknown.get(i) == Some(&true)));
        }
        let body_at = self
            .unknown_after(self.original_language.or(self.distribution))
            .filter(|&b| self.agenda_item.is_none_or(|a| b < a) && self.session.is_none_or(|s| b < s));
        meta.body = body_of(body_at);
        if let Some(a) = self.agenda_item {
            let title_of_item = self.unknown_after(Some(a));
            meta.agenda_title = text_of(title_of_item);
            let title_at = self.unknown_after(title_of_item);
            meta.title = text_of(title_at);
            let subtitle_at = self.unknown_after(title_at).filter(|&s| {
                items
                    .get(s)
                    .is_some_and(|t| t.chars().count() < 150 && !t.ends_with('.'))
            });
            meta.subtitle = text_of(subtitle_at);
        }
    }
}

/// `Vienna, 11–13 September 2019` (or only the dates) as a whole item.
pub fn venue_and_dates(item: &str) -> Option<(Option<String>, dates::DateRange)> {
    let (range, span) = dates::find_range(item)?;
    let after = item
        .get(span.end..)?
        .trim_matches(|c: char| c == '.' || c == '*' || c.is_whitespace());
    if !after.is_empty() || range.start == range.end && span.start == 0 {
        return None;
    }
    let place = item.get(..span.start)?.trim().trim_end_matches([',', ':']).trim();
    if place.chars().count() > 60 || place.ends_with(" from") {
        return None;
    }
    Some(((!place.is_empty()).then(|| place.to_string()), range))
}

/// The series most cited in the front matter and its footnotes: a document
/// without a symbol of its own still cites its session's agenda.
fn cited_series(front: &[Block], furniture: &[Furniture]) -> Option<String> {
    let re = SYMBOL_IN_TEXT.as_ref()?;
    let mut counts: HashMap<String, usize> = HashMap::new();
    let texts = front.iter().map(|b| b.text.as_str()).chain(
        furniture
            .iter()
            .filter(|f| f.kind == FurnitureKind::Footnote)
            .map(|f| f.text.as_str()),
    );
    for text in texts {
        for m in re.find_iter(text) {
            if let Some(series) = series_of(m.as_str().trim_end_matches('.')) {
                *counts.entry(series).or_default() += 1;
            }
        }
    }
    let mut ranked: Vec<(String, usize)> = counts.into_iter().collect();
    ranked.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    ranked.into_iter().next().map(|(s, _)| s)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The first group of a match, owned.
    fn group(c: Option<regex::Captures<'_>>, i: usize) -> Option<String> {
        c.and_then(|c| c.get(i).map(|m| m.as_str().to_string()))
    }

    #[test]
    fn distribution_agenda_and_original_read_as_the_patterns_did() {
        let owned = |s: Option<&str>| s.map(str::to_string);
        let n = crate::pattern::assert_reads_as(
            &["Distr", "DISTR", ".", ":", " ", "General", "limited", "x", "é"],
            5,
            r"(?i)^Distr\.?\s*:?\s*(General|Limited|Restricted)\b",
            |c| group(c, 1),
            |t| owned(distribution(t)),
        );
        let pieces = [
            "Item ",
            "4",
            "1234",
            " ",
            "(a)",
            "(é)",
            " of the ",
            "provisional ",
            "agenda",
            " item ",
            "Provisional ",
            "x",
        ];
        let m = crate::pattern::assert_reads_as(
            &pieces,
            5,
            r"(?i)^(?:Item\s+([0-9]{1,3}(?:\s*\([a-z]\))?)\s+of\s+the\s+(?:provisional\s+)?agenda|(?:Provisional\s+)?agenda\s+item\s+([0-9]{1,3}(?:\s*\([a-z]\))?))\b",
            |c| c.and_then(|c| c.get(1).or(c.get(2)).map(|m| m.as_str().to_string())),
            |t| owned(agenda_item(t)),
        );
        let pieces = [
            "Original",
            "ORIGINAL",
            ":",
            " ",
            "\u{a0}",
            "English",
            "Français",
            ",",
            "1",
            "/",
            "Original:",
        ];
        let o = crate::pattern::assert_reads_as(
            &pieces,
            5,
            r"(?i)^Original\s*:\s*((?-i:[\p{L} ,/])+?)\s*$",
            |c| group(c, 1),
            |t| owned(original_language(t)),
        );
        assert_eq!((n, m, o), (66_430, 271_453, 177_156));
    }

    #[test]
    fn session_lines_read_as_the_pattern_did() {
        let re = Regex::new(&format!(
            r"(?i)^{}\s+(?:session|meeting)$",
            dates::ORDINAL_PATTERN
        ))
        .unwrap();
        let mut n = 0;
        for ordinal in [
            "Forty-third",
            "forty third",
            "FIFTH",
            "43rd",
            "1234th",
            "Third ",
            "",
            "x",
            "Forty–Third",
        ] {
            for gap in [" ", "  ", "\u{a0}", "", "\n"] {
                for word in [
                    "session",
                    "Meeting",
                    "SESSION",
                    "seſſion",
                    "sessions",
                    "session ",
                    "meet",
                ] {
                    let item = format!("{ordinal}{gap}{word}");
                    assert_eq!(is_session(&item), re.is_match(&item), "{item:?}");
                    n += 1;
                }
            }
        }
        assert_eq!(n, 9 * 5 * 7);
    }
    use crate::{clean, read::text};

    fn masthead(input: &str) -> Metadata {
        let blocks = clean::clean(
            &text::read("m.txt", input.as_bytes()).unwrap(),
            &crate::limits::Limits::default(),
        );
        read_masthead(&blocks.blocks, &blocks.furniture)
    }

    #[test]
    fn series_and_slug() {
        assert_eq!(
            series_of("CTOC/COP/WG.7/2019/4").as_deref(),
            Some("CTOC/COP/WG.7")
        );
        assert_eq!(series_of("A/HRC/WG.6/48/SVN/1").as_deref(), Some("A/HRC/WG.6"));
        assert_eq!(series_of("A/HRC/43/15").as_deref(), Some("A/HRC"));
        assert_eq!(series_of("HRC"), None);
        assert_eq!(slug("CTOC/COP/WG.7"), "ctoc-cop-wg7");
        assert_eq!(slug("Working Group on X"), "working-group-on-x");
    }

    #[test]
    fn seed_style_masthead() {
        let m = masthead(
            "Conference of the Parties to the Convention\n\nDistr.: General\n21 June 2019\n\nOriginal: English\n\nWorking Group on the Smuggling of Migrants\n\nVienna, 11–13 September 2019\n\nItem 4 of the provisional agenda*\n\nOther matters\n\nRecommendations adopted at five meetings\n\nBackground paper prepared by the Secretariat\n\nThe present paper is a complement (CTOC/COP/WG.7/2019/4).\n\n* CTOC/COP/WG.7/2019/1.\n",
        );
        assert_eq!(m.symbol, None);
        assert_eq!(m.series.as_deref(), Some("CTOC/COP/WG.7"));
        assert_eq!(
            m.parent_body.as_deref(),
            Some("Conference of the Parties to the Convention")
        );
        assert_eq!(
            m.body.as_deref(),
            Some("Working Group on the Smuggling of Migrants")
        );
        assert_eq!(m.distribution.as_deref(), Some("General"));
        assert_eq!(m.date.as_deref(), Some("2019-06-21"));
        assert_eq!(m.original_language.as_deref(), Some("English"));
        assert_eq!(m.session_venue.as_deref(), Some("Vienna"));
        assert_eq!(m.session_start.as_deref(), Some("2019-09-11"));
        assert_eq!(m.session_end.as_deref(), Some("2019-09-13"));
        assert_eq!(m.agenda_item.as_deref(), Some("4"));
        assert_eq!(m.agenda_title.as_deref(), Some("Other matters"));
        assert_eq!(
            m.title.as_deref(),
            Some("Recommendations adopted at five meetings")
        );
        assert_eq!(
            m.subtitle.as_deref(),
            Some("Background paper prepared by the Secretariat")
        );
    }

    #[test]
    fn columned_masthead() {
        let m = masthead(
            "United Nations                                   A/HRC/43/15\n\nGeneral Assembly                  Distr.: General\n                                  19 December 2019\n                                  Original: English\n\nHuman Rights Council\nForty-third session\n24 February–20 March 2020\nAgenda item 6\nUniversal periodic review\n\nReport of the Working Group\n",
        );
        assert_eq!(m.symbol.as_deref(), Some("A/HRC/43/15"));
        assert_eq!(m.series.as_deref(), Some("A/HRC"));
        assert_eq!(m.parent_body.as_deref(), Some("General Assembly"));
        assert_eq!(m.date.as_deref(), Some("2019-12-19"));
        assert_eq!(m.agenda_item.as_deref(), Some("6"));
    }

    /// Regression: in 2008–2011 mastheads a language line (`ENGLISH`,
    /// `English`), an `Original: ENGLISH/FRENCH` and a session line written
    /// `Eight session` were taken for the body or joined to it.
    #[test]
    fn body_is_never_a_language_or_session_line() {
        let m = masthead(
            "General Assembly      Distr.\n                      GENERAL\n\n                      A/HRC/8/34\n                      13 May 2008\n\n                      Original: ENGLISH\n\nHUMAN RIGHTS COUNCIL\nEight session\nAgenda item 6\n\nUNIVERSAL PERIODIC REVIEW\n",
        );
        assert_eq!(m.body.as_deref(), Some("Human Rights Council"));
        assert_eq!(m.session.as_deref(), Some("Eight session"));
        assert_eq!(m.session_number, Some(8));
        assert_eq!(m.date.as_deref(), Some("2008-05-13"));
        let m = masthead(
            "General Assembly\n\nDistr.: General\n11 July 2011\nEnglish\nOriginal: English/French\n\nHuman Rights Council\nEighteenth session\nAgenda item 6\nUniversal Periodic Review\n",
        );
        assert_eq!(m.body.as_deref(), Some("Human Rights Council"));
        assert_eq!(m.original_language.as_deref(), Some("English/French"));
        assert_eq!(m.session_number, Some(18));
        let m = masthead(
            "GENERAL ASSEMBLY\n\nDistr.\nGENERAL\n\n3 June 2009\n\nENGLISH\nOriginal: ENGLISH/FRENCH\n\nHUMAN RIGHTS COUNCIL\nTwelfth session\nAgenda item 6\n",
        );
        assert_eq!(m.body.as_deref(), Some("Human Rights Council"));
        assert_eq!(m.parent_body.as_deref(), Some("General Assembly"));
        assert_eq!(m.original_language.as_deref(), Some("ENGLISH/FRENCH"));
        assert_eq!(m.session_number, Some(12));
    }

    #[test]
    fn a_masthead_with_no_body_line_above_its_session_has_no_body() {
        let m = masthead(
            "United Nations\n\nE/2031/45\n\nEconomic and Social Council\n\nDistr.: General\n3 June 2031\n\nOriginal: English\n\n2031 session\n\nExpert Mechanism on Coastal Communities: report on the fourth session\n",
        );
        assert_eq!(m.body, None);
        assert_eq!(m.parent_body.as_deref(), Some("Economic and Social Council"));
        assert_eq!(m.session.as_deref(), Some("2031 session"));
        assert_eq!(m.session_number, None);
    }

    #[test]
    fn a_wrapped_language_list_is_no_body() {
        let m = masthead(
            "Economic and Social Council\n\nDistr.: General\n2 May 2025\n\nOriginal: Arabic, English, French and\nSpanish\n\nHigh-level political forum\n",
        );
        assert_eq!(
            m.original_language.as_deref(),
            Some("Arabic, English, French and Spanish")
        );
        assert_eq!(m.body.as_deref(), Some("High-level political forum"));
    }

    #[test]
    fn language_and_session_lines_by_form() {
        for line in [
            "English",
            "ENGLISH",
            "Arabic/English",
            "and Spanish",
            "French, Spanish",
        ] {
            assert!(is_language_line(line), "{line}");
        }
        for line in ["Human Rights Council", "and", "", "English Council"] {
            assert!(!is_language_line(line), "{line}");
        }
        for (line, n) in [
            ("Forty-third session", Some(43)),
            ("Twenty-eighth session", Some(28)),
            ("First session", Some(1)),
            ("Eight session", Some(8)),
            ("EIGHTH SESSION", Some(8)),
            ("152nd session*", Some(152)),
            ("Fifth meeting", None),
            ("2025 session", None),
        ] {
            assert_eq!(session_number(line), n, "{line}");
        }
        assert!(is_session("Eight session"));
        assert!(is_session("2025 session"));
        assert!(!is_session("1234 session"));
        assert!(!is_session("Eight meeting"));
    }

    #[test]
    fn bodies_in_capitals_take_the_common_form() {
        assert_eq!(body_name("HUMAN RIGHTS COUNCIL"), "Human Rights Council");
        assert_eq!(
            body_name("CONFERENCE OF THE PARTIES"),
            "Conference of the Parties"
        );
        assert_eq!(body_name("Human Rights Council"), "Human Rights Council");
        assert_eq!(body_name("UNICEF EXECUTIVE BOARD"), "UNICEF Executive Board");
        assert_eq!(
            body_name("Committee on the Rights of the Child"),
            "Committee on the Rights of the Child"
        );
    }

    #[test]
    fn distribution_on_two_lines() {
        let m = masthead(
            "General Assembly      Distr.\n                      GENERAL\n\n                      13 May 2008\n",
        );
        assert_eq!(m.distribution.as_deref(), Some("GENERAL"));
        assert_eq!(m.date.as_deref(), Some("2008-05-13"));
    }
}
