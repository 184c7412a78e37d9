//! Dates and ordinals as UN documents write them.
//!
//! Date ranges: `30 May to 1 June 2012`, `11 to 13 November 2013`,
//! `4 and 5 July 2018`, `11–13 September 2019`, `24 February–20 March 2020`,
//! `30 December 2012 to 2 January 2013`, or one date, `21 June 2019`.
//! Ordinals: `first` … `ninety-ninth`, and `1st`, `2nd`, `23rd`.

use crate::clean;
#[cfg(test)]
use regex::Regex;
#[cfg(test)]
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

    /// The date [`Date::iso`] wrote, if `text` is one.
    pub fn from_iso(text: &str) -> Option<Date> {
        let mut parts = text.splitn(3, '-');
        let year = parts.next().filter(|p| p.len() == 4)?.parse().ok()?;
        let month = parts.next().filter(|p| p.len() == 2)?.parse().ok()?;
        let day = parts.next().filter(|p| p.len() == 2)?.parse().ok()?;
        Date::new(year, month, day)
    }

    /// Days since 1970-01-01 (negative before it).
    pub fn unix_days(&self) -> i64 {
        // Years counted from March, so that the leap day ends a year.
        let y = i64::from(self.year) - i64::from(self.month <= 2);
        let era = y.div_euclid(400);
        let year_of_era = y - era * 400;
        let m = i64::from(self.month);
        let day_of_year = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(self.day) - 1;
        let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
        era * 146_097 + day_of_era - 719_468
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

/// The pattern dates were read by, kept for the test that holds the code
/// reading them now to it.
#[cfg(test)]
const MONTH_ALTERNATION: &str =
    "January|February|March|April|May|June|July|August|September|October|November|December";

#[cfg(test)]
static RANGE: LazyLock<Option<Regex>> = LazyLock::new(|| {
    let m = MONTH_ALTERNATION;
    let sep = r"\s*(?:to|and|–|—|-|until)\s*";
    Regex::new(&format!(
        r"(?i)\b(?P<d1>[0-9]{{1,2}})(?:\s+(?P<m1>{m})(?:,?\s+(?P<y1>[0-9]{{4}}))?)?{sep}(?P<d2>[0-9]{{1,2}})\s+(?P<m2>{m}),?\s+(?P<y2>[0-9]{{4}})\b|\b(?P<d>[0-9]{{1,2}})\s+(?P<m>{m}),?\s+(?P<y>[0-9]{{4}})\b"
    ))
    .ok()
});

/// The parts of a written date or range, as the text has them: the first
/// day with its month and year when written, the last day with both.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Written<'t> {
    first: (&'t str, Option<&'t str>, Option<&'t str>),
    last: Option<(&'t str, &'t str, &'t str)>,
    span: (usize, usize),
}

/// Reading a date from a position of a text: each step takes a part and
/// gives the rest, or `None`.
pub(crate) mod read_date {
    use super::MONTHS;

    /// One or two digits, not three.
    pub fn day(s: &str) -> Option<(&str, &str)> {
        crate::segment::leading_number(s, 2)
    }

    /// Four digits.
    pub fn year(s: &str) -> Option<(&str, &str)> {
        let n = s.bytes().take_while(u8::is_ascii_digit).count();
        (n == 4).then(|| s.split_at(n))
    }

    /// A run of white space, at least one char.
    pub fn spaces(s: &str) -> Option<&str> {
        let rest = s.trim_start_matches(char::is_whitespace);
        (rest.len() < s.len()).then_some(rest)
    }

    /// A word in any letter case (`ſ` for `s` too).
    pub fn word<'t>(s: &'t str, word: &str) -> Option<&'t str> {
        let mut rest = s.chars();
        for expected in word.chars() {
            let c = rest.next()?;
            let folded = match c {
                'ſ' => 's',
                '\u{212A}' => 'k',
                c => c.to_ascii_lowercase(),
            };
            if folded != expected {
                return None;
            }
        }
        Some(rest.as_str())
    }

    /// A month's name.
    pub fn month(s: &str) -> Option<(&str, &str)> {
        MONTHS
            .iter()
            .find_map(|m| word(s, m))
            .map(|rest| s.split_at(s.len() - rest.len()))
    }

    /// `, 2019` or ` 2019`.
    pub fn comma_year(s: &str) -> Option<(&str, &str)> {
        year(spaces(s.strip_prefix(',').unwrap_or(s))?)
    }

    /// `to`, `and`, `until` or a dash, with any space around.
    pub fn separator(s: &str) -> Option<&str> {
        let s = s.trim_start_matches(char::is_whitespace);
        let rest = ["to", "and", "–", "—", "-", "until"]
            .iter()
            .find_map(|w| word(s, w))?;
        Some(rest.trim_start_matches(char::is_whitespace))
    }

    /// Day, space, month, then `, year` or ` year`: the last day of a
    /// range, or a single date.
    pub fn full(s: &str) -> Option<((&str, &str, &str), &str)> {
        let (d, rest) = day(s)?;
        let (m, rest) = month(spaces(rest)?)?;
        let (y, rest) = comma_year(rest)?;
        Some(((d, m, y), rest))
    }
}

/// The first date or range in `text`, read as the pattern `RANGE` reads it:
/// at the first place where one starts after no word character, a range
/// (`30 May to 1 June 2012`, `11–13 November 2013`, `5 December 2019 and
/// 3 January 2020`) before a single date, the longest form of the first day
/// first; each ending where no word character follows.
fn written(text: &str) -> Option<Written<'_>> {
    use read_date::*;
    let ends_word = |rest: &str| !rest.chars().next().is_some_and(clean::is_word_char);
    let mut previous: Option<char> = None;
    for (at, c) in text.char_indices() {
        let starts = c.is_ascii_digit() && !previous.is_some_and(clean::is_word_char);
        previous = Some(c);
        if !starts {
            continue;
        }
        let s = text.get(at..).unwrap_or_default();
        let end = |rest: &str| (at, text.len() - rest.len());
        let Some((d1, after_day)) = day(s) else { continue };
        // The first day with its month and year, with its month, alone.
        let with_month = spaces(after_day).and_then(month);
        let firsts = [
            with_month.and_then(|(m, rest)| comma_year(rest).map(|(y, rest)| ((Some(m), Some(y)), rest))),
            with_month.map(|(m, rest)| ((Some(m), None), rest)),
            Some(((None, None), after_day)),
        ];
        for ((m1, y1), rest) in firsts.into_iter().flatten() {
            if let Some((last, rest)) = separator(rest).and_then(full).filter(|(_, rest)| ends_word(rest)) {
                return Some(Written {
                    first: (d1, m1, y1),
                    last: Some(last),
                    span: end(rest),
                });
            }
        }
        if let Some(((d, m, y), rest)) = full(s).filter(|(_, rest)| ends_word(rest)) {
            return Some(Written {
                first: (d, Some(m), Some(y)),
                last: None,
                span: end(rest),
            });
        }
    }
    None
}

/// Find the first date or date range in a text; returns the range and the
/// byte span it covers.
pub fn find_range(text: &str) -> Option<(DateRange, std::ops::Range<usize>)> {
    let w = written(text)?;
    let num = |s: &str| s.parse::<u16>().ok();
    let (d1, m1, y1) = w.first;
    let range = match w.last {
        Some((d2, m2, y2)) => {
            let (m2, y2) = (month(m2)?, num(y2)?);
            let m1 = m1.and_then(month).unwrap_or(m2);
            let y1 = y1.and_then(num).unwrap_or(y2);
            DateRange {
                start: Date::new(y1, m1, u8::try_from(num(d1)?).ok()?)?,
                end: Date::new(y2, m2, u8::try_from(num(d2)?).ok()?)?,
            }
        }
        None => {
            let day = Date::new(num(y1?)?, month(m1?)?, u8::try_from(num(d1)?).ok()?)?;
            DateRange { start: day, end: day }
        }
    };
    Some((range, w.span.0..w.span.1))
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
    if let Some(digits) = word
        .strip_suffix("st")
        .or_else(|| word.strip_suffix("nd"))
        .or_else(|| word.strip_suffix("rd"))
        .or_else(|| word.strip_suffix("th"))
        && let Ok(n) = digits.parse::<u32>()
    {
        return Some(n);
    }
    number_word(&word, &UNITS, &TENS_ORDINAL)
}

/// A number of words, lowercase with hyphens: one of `units` (1 to 19),
/// one of `tens` (20, 30 … 90), or a tens word, a hyphen and one of the
/// first nine `units` (`forty-third`, `forty-three`).
fn number_word(word: &str, units: &[&str], tens: &[&str]) -> Option<u32> {
    let position = |list: &[&str], w: &str| {
        list.iter()
            .position(|x| *x == w)
            .and_then(|i| u32::try_from(i).ok())
    };
    if let Some(i) = position(units, word) {
        return Some(i + 1);
    }
    if let Some(i) = position(tens, word) {
        return Some(20 + 10 * i);
    }
    let (ten, unit) = word.split_once('-')?;
    let ten = position(&TENS, ten)?;
    let unit = position(units.get(..9)?, unit)?;
    Some(20 + 10 * ten + unit + 1)
}

/// The cardinals one to nineteen, for a session line that writes its
/// ordinal as a cardinal (`Eight session` in a 2008 masthead).
const CARDINALS: [&str; 19] = [
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
];

/// A cardinal written where an ordinal belongs: `Eight` → 8,
/// `Forty-three` → 43 (one to ninety-nine).
pub fn cardinal(word: &str) -> Option<u32> {
    let word = word.trim().to_lowercase().replace(['–', ' '], "-");
    number_word(&word, &CARDINALS, &TENS)
}

/// The number a session line's first words give: an ordinal
/// (`Forty-third` → 43, `twenty first` → 21, `140th` → 140), or a
/// cardinal written in its place (`Eight` → 8).
pub fn session_number(words: &str) -> Option<u32> {
    ordinal(words).or_else(|| cardinal(words))
}

/// Whether a whole text is an ordinal as [`ORDINAL_PATTERN`] reads one, in
/// any letter case (`Fifth`, `twenty-first`, `Twenty first`, `43rd`):
/// code, not a pattern, for the masthead's `Forty-third session` that every
/// document has.
pub fn is_ordinal(text: &str) -> bool {
    ordinal_prefix(text).is_some_and(|ordinal| ordinal.len() == text.len())
}

/// The first year 1900–2099 standing as a word of its own in `text`.
pub fn first_year(text: &str) -> Option<u16> {
    let bytes = text.as_bytes();
    let mut previous: Option<char> = None;
    for (at, c) in text.char_indices() {
        let after_word = previous.is_some_and(clean::is_word_char);
        previous = Some(c);
        if after_word || !(c == '1' || c == '2') {
            continue;
        }
        let Some(year) = bytes.get(at..at + 4) else { break };
        let century = matches!(year, [b'1', b'9', ..] | [b'2', b'0', ..]);
        let ends = !text
            .get(at + 4..)
            .and_then(|r| r.chars().next())
            .is_some_and(clean::is_word_char);
        if century && year.iter().all(u8::is_ascii_digit) && ends {
            return std::str::from_utf8(year).ok()?.parse().ok();
        }
    }
    None
}

/// The ordinal a text opens with, as [`ORDINAL_PATTERN`] reads it in any
/// letter case: `Twenty-first` of `Twenty-first meeting`.
pub fn ordinal_prefix(text: &str) -> Option<&str> {
    use read_date::word;
    let taken = |rest: &str| text.get(..text.len() - rest.len());
    for tens in TENS {
        let Some(rest) = word(text, tens) else { continue };
        let mut chars = rest.chars();
        if !chars
            .next()
            .is_some_and(|c| c == '-' || c == '–' || c.is_whitespace())
        {
            continue;
        }
        let after = chars.as_str();
        if let Some(rest) = UNITS.iter().take(9).find_map(|unit| word(after, unit)) {
            return taken(rest);
        }
    }
    if let Some(rest) = UNITS.iter().chain(&TENS_ORDINAL).find_map(|w| word(text, w)) {
        return taken(rest);
    }
    let digits = text.bytes().take_while(u8::is_ascii_digit).count();
    let rest = text.get(digits..)?;
    let rest = ["st", "nd", "rd", "th"]
        .iter()
        .find_map(|suffix| word(rest, suffix))?;
    (1..=3).contains(&digits).then(|| taken(rest)).flatten()
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
    fn session_numbers_from_ordinals_and_cardinals() {
        for (words, n) in [
            ("Forty-third", Some(43)),
            ("Twenty-eighth", Some(28)),
            ("twenty first", Some(21)),
            ("First", Some(1)),
            ("Eighth", Some(8)),
            // A 2008 masthead's `Eight session`.
            ("Eight", Some(8)),
            ("Forty-three", Some(43)),
            ("Sixty", Some(60)),
            ("140th", Some(140)),
            ("Fortieth", Some(40)),
            ("session", None),
            ("", None),
            ("Forty-", None),
        ] {
            assert_eq!(session_number(words), n, "{words:?}");
        }
    }

    #[test]
    fn dates_read_as_the_pattern_did() {
        let pieces = [
            "1",
            "30",
            "123",
            " ",
            ",",
            "May",
            "SEPTEMBER",
            "ſeptember",
            "2012",
            "20121",
            " to ",
            "–",
            "and",
            "x",
            "é",
            "_",
        ];
        let mut texts = crate::pattern::generated_texts(&pieces, 5);
        // Coarser pieces, for whole ranges: `30 May to 1 May, 2012`.
        let coarse = [
            "1", "30", " May", " 2012", ", 2012", " to ", "–", "x", "20121", "é", "1 May", " ",
        ];
        texts.extend(crate::pattern::generated_texts(&coarse, 5));
        let mut checked = 0;
        let re = RANGE.as_ref().unwrap();
        for text in texts.iter().chain(&[
            "30 May to 1 June 2012".to_string(),
            "11–13 November 2013, Vienna".to_string(),
            "5 December 2019 and 3 January 2020".to_string(),
            "x1 May 2012".to_string(),
            "1 May 20121 and 2 May 2012".to_string(),
            "Held on 1 May, 2012 until 3 June 2013_".to_string(),
        ]) {
            let by_pattern = re.captures(text).map(|c| {
                let s = |n: &str| c.name(n).map(|m| m.as_str());
                let whole = c.get(0).map(|m| (m.start(), m.end())).unwrap_or_default();
                match s("d2") {
                    Some(d2) => (s("d1"), s("m1"), s("y1"), Some((d2, s("m2"), s("y2"))), whole),
                    None => (s("d"), s("m"), s("y"), None, whole),
                }
            });
            let ours = written(text).map(|w| {
                let (d, m, y) = w.first;
                (
                    Some(d),
                    m,
                    y,
                    w.last.map(|(d2, m2, y2)| (d2, Some(m2), Some(y2))),
                    w.span,
                )
            });
            assert_eq!(ours, by_pattern, "{text:?}");
            checked += 1;
        }
        assert_eq!(checked, 1_118_481 + 271_453 + 6);
    }

    #[test]
    fn years_read_as_the_pattern_did() {
        let re = Regex::new(r"\b(?:19|20)[0-9][0-9]\b").unwrap();
        let texts =
            crate::pattern::generated_texts(&["19", "20", "21", "99", "0", " ", "x", "é", "_", "-"], 5);
        for text in &texts {
            let by_pattern = re.find(text).and_then(|m| m.as_str().parse::<u16>().ok());
            assert_eq!(first_year(text), by_pattern, "{text:?}");
        }
        assert_eq!(texts.len(), 111_111);
    }

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
    fn iso_dates_read_back_and_count_days_from_1970() {
        let days = |t: &str| Date::from_iso(t).map(|d| d.unix_days());
        assert_eq!(days("1970-01-01"), Some(0));
        assert_eq!(days("1970-03-01"), Some(59));
        assert_eq!(days("2000-03-01"), Some(11_017));
        assert_eq!(days("2019-06-21"), Some(18_068));
        assert_eq!(days("1969-12-31"), Some(-1));
        assert_eq!(days("2019-02-29"), None);
        assert_eq!(days("21 June 2019"), None);
        assert_eq!(days("2019-06"), None);
        assert_eq!(days("2019-6-21"), None);
        let date = Date::new(2012, 5, 30).unwrap();
        assert_eq!(Date::from_iso(&date.iso()), Some(date));
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
