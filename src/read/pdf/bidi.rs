//! Right-to-left text: a line's glyphs, placed left to right on the page, in
//! the order they are read.
//!
//! A PDF places glyphs; it does not say in which order a reader reads them.
//! Sorting by position gives visual order, which for Arabic or Hebrew is the
//! reverse of reading order (`يف` for `في`). Each run of right-to-left text
//! is turned back into logical order (a letter keeps the combining marks
//! drawn over it), digits and left-to-right words inside it keep their own
//! order, and in a line that is mostly right-to-left the runs themselves are
//! read from the right. Arabic presentation forms (the shaped glyph codes
//! some fonts map to) are normalised to the letters they show.

use unicode_bidi::{BidiClass, bidi_class};
use unicode_normalization::UnicodeNormalization;

/// What a character does for direction.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Strength {
    Right,
    Left,
    /// Digits: written left to right, also inside right-to-left text, but
    /// no evidence of the line's direction.
    Number,
    /// Spaces and punctuation: they take the direction around them.
    Neutral,
    /// A mark drawn over the letter before it (visually).
    Mark,
}

fn strength(c: char) -> Strength {
    match bidi_class(c) {
        BidiClass::R | BidiClass::AL => Strength::Right,
        BidiClass::L => Strength::Left,
        BidiClass::NSM => Strength::Mark,
        BidiClass::EN | BidiClass::AN => Strength::Number,
        _ => Strength::Neutral,
    }
}

/// Whether a text holds any right-to-left letter (the common case, none,
/// costs one scan).
pub fn has_right_to_left(text: &str) -> bool {
    // Nothing below U+0590 (Hebrew) is right to left.
    text.chars()
        .any(|c| c >= '\u{0590}' && strength(c) == Strength::Right)
}

/// Whether the character is a combining mark, drawn on the glyph before it.
pub fn is_mark(c: char) -> bool {
    // Nothing below U+0300 is a combining mark.
    c >= '\u{0300}' && strength(c) == Strength::Mark
}

/// Whether a text reads from the right: its right-to-left letters outnumber
/// the others by far (an English line quoting an Arabic phrase does not, an
/// Arabic line citing `A/79/1` does).
pub fn reads_from_right<'t>(texts: impl Iterator<Item = &'t str> + Clone) -> bool {
    // The common line has no right-to-left letter: one cheap scan.
    if !texts.clone().any(has_right_to_left) {
        return false;
    }
    let (mut rights, mut lefts) = (0usize, 0usize);
    for c in texts.flat_map(str::chars) {
        if c.is_ascii() {
            lefts += usize::from(c.is_ascii_alphabetic());
            continue;
        }
        match strength(c) {
            Strength::Right => rights += 1,
            Strength::Left => lefts += 1,
            _ => {}
        }
    }
    rights > 2 * lefts
}

/// A line's text from visual to logical order. Text without right-to-left
/// letters is returned as it is.
pub fn logical_order(visual: &str) -> String {
    if !has_right_to_left(visual) {
        return visual.to_string();
    }
    let visual = without_presentation_forms(visual);
    let clusters = clusters(&visual);
    let paragraph = if reads_from_right(std::iter::once(visual.as_str())) {
        Strength::Right
    } else {
        Strength::Left
    };
    let resolved = resolved_directions(&clusters, paragraph);
    // Runs of one direction, each in reading order.
    let mut runs: Vec<(Strength, Vec<&str>)> = Vec::new();
    for ((_, text), direction) in clusters.iter().zip(&resolved) {
        match runs.last_mut() {
            Some((d, items)) if d == direction => items.push(text),
            _ => runs.push((*direction, vec![text])),
        }
    }
    for (direction, items) in &mut runs {
        if *direction == Strength::Right {
            items.reverse();
        }
    }
    if paragraph == Strength::Right {
        runs.reverse();
    }
    runs.into_iter().flat_map(|(_, items)| items).collect()
}

/// Arabic presentation forms normalised to the letters they show. Only
/// they are: NFKC elsewhere would change characters the document means
/// (`²`, `½`).
fn without_presentation_forms(visual: &str) -> String {
    visual
        .chars()
        .flat_map(|c| match c {
            '\u{FB50}'..='\u{FDFF}' | '\u{FE70}'..='\u{FEFF}' => std::iter::once(c).nfkc().collect(),
            _ => vec![c],
        })
        .collect()
}

/// Clusters: a character with the marks that follow it visually.
fn clusters(visual: &str) -> Vec<(Strength, String)> {
    let mut clusters: Vec<(Strength, String)> = Vec::new();
    for c in visual.chars() {
        match (strength(c), clusters.last_mut()) {
            (Strength::Mark, Some((_, text))) => text.push(c),
            (s, _) => clusters.push((s, c.to_string())),
        }
    }
    clusters
}

/// Each cluster's direction: digits run left to right; each neutral takes
/// the direction of its strong neighbours when they agree, else the
/// `paragraph`'s.
fn resolved_directions(clusters: &[(Strength, String)], paragraph: Strength) -> Vec<Strength> {
    let strong: Vec<Strength> = clusters
        .iter()
        .map(|(s, _)| match s {
            Strength::Mark => Strength::Neutral,
            Strength::Number => Strength::Left,
            other => *other,
        })
        .collect();
    // The nearest strong direction on each side, found in one pass each
    // way: the line is read in linear time however many neutrals it has.
    let mut before: Vec<Option<Strength>> = Vec::with_capacity(strong.len());
    let mut last = None;
    for s in &strong {
        before.push(last);
        if *s != Strength::Neutral {
            last = Some(*s);
        }
    }
    let mut after: Vec<Option<Strength>> = vec![None; strong.len()];
    let mut next = None;
    for (slot, s) in after.iter_mut().zip(&strong).rev() {
        *slot = next;
        if *s != Strength::Neutral {
            next = Some(*s);
        }
    }
    strong
        .iter()
        .zip(before.iter().zip(&after))
        .map(|(s, sides)| match (s, sides) {
            (Strength::Neutral, (Some(a), Some(b))) if a == b => *a,
            (Strength::Neutral, _) => paragraph,
            (s, _) => *s,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn visual(logical: &str) -> String {
        logical.chars().rev().collect()
    }

    #[test]
    fn left_to_right_text_is_untouched() {
        assert_eq!(
            logical_order("States should act (2019)."),
            "States should act (2019)."
        );
    }

    #[test]
    fn arabic_words_come_back_in_reading_order() {
        // `في` and `من` as placed on the page: reversed.
        assert_eq!(logical_order("يف"), "في");
        let sentence = "المجموعة العربية في القانون الدولي";
        assert_eq!(logical_order(&visual(sentence)), sentence);
    }

    #[test]
    fn digits_and_latin_inside_arabic_keep_their_order() {
        // Logical: `المادة 12 من A/79/1` read right to left; on the page
        // the Latin and the digits run left to right.
        let on_page = "A/79/1 نم 12 ةداملا";
        assert_eq!(logical_order(on_page), "المادة 12 من A/79/1");
    }

    #[test]
    fn an_arabic_phrase_in_an_english_line_is_reversed_alone() {
        let on_page = "the group (ةيبرعلا ةعومجملا) met";
        assert_eq!(logical_order(on_page), "the group (المجموعة العربية) met");
    }

    #[test]
    fn marks_stay_on_their_letter() {
        // `مُ` (mīm with a ḍamma) then `ن`, placed left to right as `ن` `مُ`.
        let on_page = "نمُ";
        assert_eq!(logical_order(on_page), "مُن");
    }

    #[test]
    fn presentation_forms_are_normalised() {
        // U+FEE3 U+FEE6: mīm and nūn in their shaped forms, on the page
        // as nūn then mīm.
        assert_eq!(logical_order("\u{FEE6}\u{FEE3}"), "من");
    }

    /// Regression: each neutral searched the whole line for its strong
    /// neighbours, quadratic in the line's length.
    #[test]
    fn a_long_line_is_read_in_linear_time() {
        let logical = ["في", "من"].repeat(10_000).join(" ");
        assert_eq!(logical_order(&visual(&logical)), logical);
    }
}
