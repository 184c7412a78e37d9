//! Dates and ordinals as UN documents write them.
//!
//! Date ranges: `30 May to 1 June 2012`, `11 to 13 November 2013`,
//! `4 and 5 July 2018`, `11–13 September 2019`, `24 February–20 March 2020`,
//! `30 December 2012 to 2 January 2013`, or one date, `21 June 2019`.
//! Ordinals: `first` … `ninety-ninth`, and `1st`, `2nd`, `23rd`.

use regex::Regex;
use std::sync::LazyLock;

/// A calendar date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Date {
    pub year: u16,
    pub month: u8,
    pub day: u8,
}

impl Date {
    /// A date, if it exists in the calendar.
    pub fn new(year: u16, month: u8, day: u8) -> Option<Date> {
        let leap = year.is_multiple_of(4) && (!year.is_multiple_of(100) || year.is_multiple_of(400));
        let days = match month {
            1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
            4 | 6 | 9 | 11 => 30,
            2 if leap => 29,
            2 => 28,
            _ => return None,
        };
        (1..=days).contains(&day).then_some(Date { year, month, day })
    }

    /// ISO 8601 (`2012-05-30`).
    pub fn iso(&self) -> String {
        format!("{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

/// A span of days; `start == end` for a single day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DateRange {
    pub start: Date,
    pub end: Date,
}

const MONTHS: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

fn month(name: &str) -> Option<u8> {
    let name = name.to_lowercase();
    MONTHS
        .iter()
        .position(|m| *m == name)
        .and_then(|i| u8::try_from(i + 1).ok())
}

const MONTH_ALTERNATION: &str =
    "January|February|March|April|May|June|July|August|September|October|November|December";

static RANGE: LazyLock<Option<Regex>> = LazyLock::new(|| {
    let m = MONTH_ALTERNATION;
    let sep = r"\s*(?:to|and|–|—|-|until)\s*";
    Regex::new(&format!(
        r"(?i)\b(?P<d1>[0-9]{{1,2}})(?:\s+(?P<m1>{m})(?:,?\s+(?P<y1>[0-9]{{4}}))?)?{sep}(?P<d2>[0-9]{{1,2}})\s+(?P<m2>{m}),?\s+(?P<y2>[0-9]{{4}})\b|\b(?P<d>[0-9]{{1,2}})\s+(?P<m>{m}),?\s+(?P<y>[0-9]{{4}})\b"
    ))
    .ok()
});

/// Find the first date or date range in a text; returns the range and the
/// byte span it covers.
pub fn find_range(text: &str) -> Option<(DateRange, std::ops::Range<usize>)> {
    let caps = RANGE.as_ref()?.captures(text)?;
    let whole = caps.get(0)?;
    let num = |name: &str| caps.name(name).and_then(|m| m.as_str().parse::<u16>().ok());
    let mon = |name: &str| caps.name(name).and_then(|m| month(m.as_str()));
    let range = if caps.name("d2").is_some() {
        let (d2, m2, y2) = (num("d2")?, mon("m2")?, num("y2")?);
        let m1 = mon("m1").unwrap_or(m2);
        let y1 = num("y1").unwrap_or(y2);
        DateRange {
            start: Date::new(y1, m1, u8::try_from(num("d1")?).ok()?)?,
            end: Date::new(y2, m2, u8::try_from(d2).ok()?)?,
        }
    } else {
        let day = Date::new(num("y")?, mon("m")?, u8::try_from(num("d")?).ok()?)?;
        DateRange { start: day, end: day }
    };
    Some((range, whole.range()))
}

const UNITS: [&str; 19] = [
    "first",
    "second",
    "third",
    "fourth",
    "fifth",
    "sixth",
    "seventh",
    "eighth",
    "ninth",
    "tenth",
    "eleventh",
    "twelfth",
    "thirteenth",
    "fourteenth",
    "fifteenth",
    "sixteenth",
    "seventeenth",
    "eighteenth",
    "nineteenth",
];
const TENS_ORDINAL: [&str; 8] = [
    "twentieth",
    "thirtieth",
    "fortieth",
    "fiftieth",
    "sixtieth",
    "seventieth",
    "eightieth",
    "ninetieth",
];
const TENS: [&str; 8] = [
    "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety",
];

/// `fifth` → 5, `twenty-first` → 21, `3rd` → 3.
pub fn ordinal(word: &str) -> Option<u32> {
    let word = word.trim().to_lowercase().replace(['–', ' '], "-");
    let position = |list: &[&str], w: &str| {
        list.iter()
            .position(|x| *x == w)
            .and_then(|i| u32::try_from(i).ok())
    };
    if let Some(digits) = word
        .strip_suffix("st")
        .or_else(|| word.strip_suffix("nd"))
        .or_else(|| word.strip_suffix("rd"))
        .or_else(|| word.strip_suffix("th"))
        && let Ok(n) = digits.parse::<u32>()
    {
        return Some(n);
    }
    if let Some(i) = position(&UNITS, &word) {
        return Some(i + 1);
    }
    if let Some(i) = position(&TENS_ORDINAL, &word) {
        return Some(20 + 10 * i);
    }
    let (tens, unit) = word.split_once('-')?;
    let tens = position(&TENS, tens)?;
    let unit = position(UNITS.get(..9)?, unit)?;
    Some(20 + 10 * tens + unit + 1)
}

/// Whether a whole text is an ordinal as [`ORDINAL_PATTERN`] reads one, in
/// any letter case (`Fifth`, `twenty-first`, `Twenty first`, `43rd`):
/// code, not a pattern, for the masthead's `Forty-third session` that every
/// document has.
pub fn is_ordinal(text: &str) -> bool {
    // Case-insensitive as the pattern is: `ſ` and the Kelvin sign fold too.
    let folded: String = text
        .chars()
        .map(|c| match c {
            'ſ' => 's',
            '\u{212A}' => 'k',
            c => c.to_ascii_lowercase(),
        })
        .collect();
    let word = folded.as_str();
    let (digits, suffix) = word.split_at(word.bytes().take_while(u8::is_ascii_digit).count());
    if (1..=3).contains(&digits.len()) {
        return ["st", "nd", "rd", "th"].contains(&suffix);
    }
    if UNITS.contains(&word) || TENS_ORDINAL.contains(&word) {
        return true;
    }
    TENS.iter().any(|tens| {
        word.strip_prefix(tens).is_some_and(|rest| {
            let mut chars = rest.chars();
            chars
                .next()
                .is_some_and(|c| c == '-' || c == '–' || c.is_whitespace())
                && UNITS
                    .get(..9)
                    .is_some_and(|units| units.contains(&chars.as_str()))
        })
    })
}

/// The pattern of an ordinal word, for use inside larger patterns.
pub const ORDINAL_PATTERN: &str = r"(?:(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)[-–\s](?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth)|first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth|thirteenth|fourteenth|fifteenth|sixteenth|seventeenth|eighteenth|nineteenth|twentieth|thirtieth|fortieth|fiftieth|sixtieth|seventieth|eightieth|ninetieth|[0-9]{1,3}(?:st|nd|rd|th))";

/// `IV` → 4.
pub fn roman(numeral: &str) -> Option<u32> {
    let mut total = 0u32;
    let mut previous = 0u32;
    for c in numeral.chars().rev() {
        let v = match c.to_ascii_uppercase() {
            'I' => 1,
            'V' => 5,
            'X' => 10,
            'L' => 50,
            'C' => 100,
            _ => return None,
        };
        if v < previous {
            total = total.checked_sub(v)?;
        } else {
            total += v;
            previous = v;
        }
    }
    (total > 0).then_some(total)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ordinals_read_as_the_pattern_does() {
        let re = Regex::new(&format!("(?i)^{ORDINAL_PATTERN}$")).unwrap();
        let mut words: Vec<String> = UNITS
            .iter()
            .chain(&TENS_ORDINAL)
            .chain(&TENS)
            .map(|w| w.to_string())
            .collect();
        for tens in TENS {
            for unit in UNITS {
                for sep in ["-", "–", " ", "\u{a0}", "  ", "", "_"] {
                    words.push(format!("{tens}{sep}{unit}"));
                }
            }
        }
        for n in ["1", "12", "123", "1234", "", "x"] {
            for suffix in ["st", "ND", "rd", "th", "", "s", "sth"] {
                words.push(format!("{n}{suffix}"));
            }
        }
        let more: Vec<String> = words
            .iter()
            .flat_map(|w| {
                [
                    w.to_uppercase(),
                    format!("{w} "),
                    w.replace('s', "ſ"),
                    format!("x{w}"),
                ]
            })
            .collect();
        words.extend(more);
        for w in &words {
            assert_eq!(is_ordinal(w), re.is_match(w), "{w:?}");
        }
        assert_eq!(words.len(), 5 * (19 + 8 + 8 + 8 * 19 * 7 + 6 * 7));
    }

    fn iso(text: &str) -> Option<(String, String)> {
        find_range(text).map(|(r, _)| (r.start.iso(), r.end.iso()))
    }
    fn pair(a: &str, b: &str) -> Option<(String, String)> {
        Some((a.to_string(), b.to_string()))
    }

    #[test]
    fn date_forms() {
        assert_eq!(
            iso("Vienna, 30 May to 1 June 2012"),
            pair("2012-05-30", "2012-06-01")
        );
        assert_eq!(iso("11 to 13 November 2013"), pair("2013-11-11", "2013-11-13"));
        assert_eq!(iso("4 and 5 July 2018"), pair("2018-07-04", "2018-07-05"));
        assert_eq!(
            iso("Vienna, 11–13 September 2019"),
            pair("2019-09-11", "2019-09-13")
        );
        assert_eq!(iso("24 February–20 March 2020"), pair("2020-02-24", "2020-03-20"));
        assert_eq!(
            iso("30 December 2012 to 2 January 2013"),
            pair("2012-12-30", "2013-01-02")
        );
        assert_eq!(iso("Distributed 21 June 2019."), pair("2019-06-21", "2019-06-21"));
        assert_eq!(iso("30 May - 1 June, 2012"), pair("2012-05-30", "2012-06-01"));
        assert_eq!(iso("31 June 2019"), None);
        assert_eq!(iso("no date here"), None);
    }

    #[test]
    fn ordinals() {
        assert_eq!(ordinal("First"), Some(1));
        assert_eq!(ordinal("twelfth"), Some(12));
        assert_eq!(ordinal("Twenty-first"), Some(21));
        assert_eq!(ordinal("forty-third"), Some(43));
        assert_eq!(ordinal("thirtieth"), Some(30));
        assert_eq!(ordinal("23rd"), Some(23));
        assert_eq!(ordinal("firsts"), None);
    }

    #[test]
    fn roman_numerals() {
        assert_eq!(roman("I"), Some(1));
        assert_eq!(roman("IV"), Some(4));
        assert_eq!(roman("XIX"), Some(19));
        assert_eq!(roman("Q"), None);
    }
}
