//! Line building: placed glyphs to lines of text.
//!
//! Glyphs are grouped by baseline (raised or lowered small glyphs, such as
//! footnote marks, join the line they belong to), ordered left to right, and
//! joined with a space wherever the gap between two glyphs is wider than a
//! fraction of the font size, so that producers that draw no space
//! characters still yield words. A gap of several ems splits a line into
//! cells (a hanging paragraph number, masthead columns, footer fields).
//! Ligature characters are expanded here.

use super::content::PlacedGlyph;
use crate::read::{Cell, Line, Note};

/// Baselines closer than this share a line (in font sizes).
const SAME_BASELINE: f32 = 0.3;
/// A gap wider than this is a word space (in font sizes).
pub(super) const WORD_GAP: f32 = 0.13;
/// A gap wider than this starts a new cell (in font sizes).
pub(super) const CELL_GAP: f32 = 1.5;
/// A hyphen that ends a line this close (in font sizes) to the word before
/// it belongs to that word.
const FLUSH_HYPHEN_GAP: f32 = 0.5;
/// A glyph smaller than this (in line sizes) and raised by more than
/// `RAISED_SHIFT` (in line sizes) is a superscript.
const RAISED_SIZE: f32 = 0.8;
const RAISED_SHIFT: f32 = 0.2;
/// Most glyphs a raised or lowered mark (a footnote reference) has.
const MAX_MARK_GLYPHS: usize = 4;
/// A raised mark stands at most this far (in font sizes) after its word.
const NOTE_GAP: f32 = 0.3;

/// Glyphs on one baseline: what a line is made of.
pub(super) struct Row {
    pub(super) baseline: f32,
    pub(super) size: f32,
    /// Sorted by `x` once the page's rows are complete.
    pub(super) glyphs: Vec<PlacedGlyph>,
}

/// Build a page's lines, top to bottom, numbered from 1. `pitch` is filled
/// with a nominal value; the reader sets the measured one.
pub fn build(mut glyphs: Vec<PlacedGlyph>) -> Vec<Line> {
    glyphs.retain(|g| g.size > 0.1 && g.x.is_finite() && g.y.is_finite());
    glyphs.sort_by(|a, b| a.y.total_cmp(&b.y).then(a.x.total_cmp(&b.x)));
    let mut rows: Vec<Row> = Vec::new();
    for glyph in glyphs {
        // The smaller size sets the tolerance: a large initial beside a
        // line of text is not on that line's baseline.
        let found = rows
            .iter_mut()
            .rev()
            .take(4)
            .find(|r| (glyph.y - r.baseline).abs() <= SAME_BASELINE * r.size.min(glyph.size));
        match found {
            Some(row) => {
                if glyph.size > row.size {
                    row.size = glyph.size;
                    row.baseline = glyph.y;
                }
                row.glyphs.push(glyph);
            }
            None => rows.push(Row {
                baseline: glyph.y,
                size: glyph.size,
                glyphs: vec![glyph],
            }),
        }
    }
    let mut rows = merge_small_rows(rows);
    rows.sort_by(|a, b| a.baseline.total_cmp(&b.baseline));
    for row in &mut rows {
        row.glyphs.sort_by(|a, b| a.x.total_cmp(&b.x));
    }
    let mut lines: Vec<Line> = match super::columns::read_columns(rows) {
        // Column by column: the order is the reading order.
        Ok(rows) => rows.into_iter().filter_map(row_to_line).collect(),
        Err(rows) => {
            let mut lines: Vec<Line> = rows.into_iter().filter_map(row_to_line).collect();
            lines.sort_by(|a, b| a.y.total_cmp(&b.y).then(a.x.total_cmp(&b.x)));
            lines
        }
    };
    for (i, line) in lines.iter_mut().enumerate() {
        line.number = u32::try_from(i + 1).unwrap_or(u32::MAX);
    }
    lines
}

impl Row {
    /// The row's glyphs left of `at` and right of it, as two rows.
    pub(super) fn split_at(self, at: f32) -> (Row, Row) {
        let (left, right): (Vec<PlacedGlyph>, Vec<PlacedGlyph>) =
            self.glyphs.into_iter().partition(|g| g.x < at);
        let part = |glyphs| Row {
            baseline: self.baseline,
            size: self.size,
            glyphs,
        };
        (part(left), part(right))
    }
}

/// A row of small glyphs (superscript marks) within the band of a row of
/// larger text beside it joins that row.
fn merge_small_rows(mut rows: Vec<Row>) -> Vec<Row> {
    let mut out: Vec<Row> = Vec::with_capacity(rows.len());
    // Rows of nothing but spaces carry no text.
    rows.retain(|r| r.glyphs.iter().any(|g| !g.text.chars().all(char::is_whitespace)));
    let is_small_near = |r: &Row, big: &Row| {
        r.glyphs.len() <= MAX_MARK_GLYPHS
            && r.size < 0.85 * big.size
            && r.baseline >= big.baseline - 0.75 * big.size
            && r.baseline <= big.baseline + 0.3 * big.size
            && horizontally_near(r, big)
    };
    // Big rows first, then attach small ones.
    rows.sort_by(|a, b| b.size.total_cmp(&a.size));
    for row in rows {
        match out.iter_mut().find(|big| is_small_near(&row, big)) {
            Some(big) => big.glyphs.extend(row.glyphs),
            None => out.push(row),
        }
    }
    out
}

fn horizontally_near(small: &Row, big: &Row) -> bool {
    let span = |r: &Row| {
        r.glyphs.iter().fold((f32::MAX, f32::MIN), |(lo, hi), g| {
            (lo.min(g.x), hi.max(g.x + g.width))
        })
    };
    let (s0, s1) = span(small);
    let (b0, b1) = span(big);
    s0 <= b1 + big.size && s1 >= b0 - big.size
}

/// A row's line; its glyphs come sorted by `x` from [`build`].
fn row_to_line(row: Row) -> Option<Line> {
    let size = dominant_size(&row.glyphs);
    let mut cells: Vec<Cell> = Vec::new();
    let mut current = String::new();
    let mut start = 0.0f32;
    // Right end of the last visible glyph.
    let mut end: Option<f32> = None;
    let mut spaced = false;
    let mut last: Option<&PlacedGlyph> = None;
    let mut previous_raised = false;
    let mut notes: Vec<Note> = Vec::new();
    // The notes of the cell being read.
    let mut cell_notes: Vec<Note> = Vec::new();
    let is_raised = |g: &PlacedGlyph| g.size < RAISED_SIZE * size && g.y < row.baseline - RAISED_SHIFT * size;
    // Whether the glyph before was part of the last of `cell_notes`.
    let mut in_note = false;
    // The last visible glyph: a hyphen there belongs to the word before it
    // even across a small gap (LibreOffice sets it flush right).
    let final_glyph = row
        .glyphs
        .iter()
        .rposition(|g| !g.text.chars().all(char::is_whitespace));
    for (index, glyph) in row.glyphs.iter().enumerate() {
        // The same glyph drawn twice at one place (fake bold, shadows).
        if let Some(prev) = last
            && prev.text == glyph.text
            && (glyph.x - prev.x).abs() < 0.1 * glyph.width.max(0.5)
        {
            continue;
        }
        last = Some(glyph);
        if glyph.text.chars().all(char::is_whitespace) {
            // A space character counts where it stands after the text
            // before it, not where it hides under other glyphs.
            if end.is_some_and(|right| glyph.x >= right - 0.25 * size) {
                spaced = true;
            }
            continue;
        }
        // A letter set raised and smaller than the line, close after a word
        // (`Board` then a raised `b`), is a footnote mark: a token of its
        // own, and one of the line's notes. Raised letters after a digit are
        // an ordinal's suffix (`108th`, `1er`), and raised digits stay as
        // they are: the clean stage reads `agenda1` as a numbered note's mark.
        let raised = is_raised(glyph);
        // Raised digits after a number are a mark too (`2028` then a raised
        // `15`): no number goes on in a smaller, raised size.
        let letters = || glyph.text.chars().all(char::is_alphabetic);
        let digits = || glyph.text.chars().all(|c| c.is_ascii_digit());
        let opens_mark = raised
            && !previous_raised
            && ((letters() && takes_note_after(&current))
                || (digits() && current.ends_with(|c: char| c.is_ascii_digit())))
            && end.is_some_and(|right| glyph.x - right <= NOTE_GAP * size)
            && row
                .glyphs
                .get(index..)
                .is_some_and(|rest| rest.iter().take_while(|g| is_raised(g)).count() <= MAX_MARK_GLYPHS);
        previous_raised = raised;
        // The mark's own punctuation (`b,c`) continues it.
        let continues_mark = in_note && raised && end.is_some_and(|right| glyph.x - right <= WORD_GAP * size);
        if opens_mark || continues_mark {
            match cell_notes.last_mut() {
                Some(note) if continues_mark => note.text.push_str(&glyph.text),
                _ => {
                    current.push(' ');
                    cell_notes.push(Note {
                        x: glyph.x,
                        text: glyph.text.to_string(),
                        cell: cells.len(),
                        at: current.len(),
                    });
                }
            }
            current.push_str(&glyph.text);
            in_note = true;
            end = Some(glyph.x + glyph.width);
            spaced = false;
            continue;
        }
        in_note = false;
        if let Some(right) = end {
            let gap = glyph.x - right;
            // A combining mark belongs to the letter it is drawn on,
            // whatever the gap.
            let mark = glyph.text.chars().all(super::bidi::is_mark);
            if gap > CELL_GAP * size && !mark {
                close_cell(
                    &mut cells,
                    &mut notes,
                    &mut cell_notes,
                    start,
                    std::mem::take(&mut current),
                );
            } else if !mark {
                let closing_hyphen = Some(index) == final_glyph
                    && matches!(&*glyph.text, "-" | "\u{2010}" | "\u{ad}")
                    && !spaced
                    && gap < FLUSH_HYPHEN_GAP * size;
                if (spaced || gap > WORD_GAP * size) && !closing_hyphen {
                    current.push(' ');
                }
            }
        }
        if current.is_empty() {
            start = glyph.x;
        }
        super::super::push_expanded(&mut current, &glyph.text);
        end = Some(glyph.x + glyph.width);
        spaced = false;
    }
    if !current.is_empty() {
        close_cell(&mut cells, &mut notes, &mut cell_notes, start, current);
    }
    // A right-to-left line's cells are read from the right, as its words
    // are (a table row of an Arabic document, a number set in the right
    // margin); each keeps its place on the page.
    if cells.len() > 1 && super::bidi::reads_from_right(cells.iter().map(|c| c.text.as_str())) {
        cells.reverse();
        let count = cells.len();
        for note in &mut notes {
            note.cell = count.saturating_sub(note.cell + 1);
        }
    }
    let mut line = Line::from_cells(cells, end.unwrap_or(start), row.baseline, size * 1.2, size, 0)?;
    line.notes = notes;
    Some(line)
}

/// A cell read: its text in reading order, its notes kept. A right-to-left
/// cell's text is reordered, so its marks stay in it as text only.
fn close_cell(
    cells: &mut Vec<Cell>,
    notes: &mut Vec<Note>,
    cell_notes: &mut Vec<Note>,
    x: f32,
    text: String,
) {
    // Glyphs were joined left to right, which right-to-left text reads the
    // other way.
    let text = if super::bidi::has_right_to_left(&text) {
        cell_notes.clear();
        super::bidi::logical_order(&text)
    } else {
        notes.append(cell_notes);
        text
    };
    cells.push(Cell { x, text });
}

/// Whether a raised letter after `text` is a footnote mark: after a word or
/// the punctuation closing one (`(observed)` then a raised `a`). Not after a
/// digit, whose raised letters are an ordinal's suffix (`108th`, `1er`), nor
/// after a lone letter or a roman numeral, whose raised letters are an
/// abbreviation's (`Mme`, `nº`, `St`, `XXe siècle`).
fn takes_note_after(text: &str) -> bool {
    let closes = |c: char| {
        c.is_alphabetic() || matches!(c, ')' | ']' | '.' | ',' | ';' | ':' | '”' | '’' | '"' | '\'')
    };
    if !text.ends_with(closes) {
        return false;
    }
    let word = text.rsplit(' ').next().unwrap_or_default();
    let word = word.trim_start_matches(['(', '[', '“', '"']);
    let numeral = word
        .chars()
        .all(|c| matches!(c, 'I' | 'V' | 'X' | 'L' | 'C' | 'D' | 'M'));
    let mut letters = word.chars();
    let single = letters.next().is_some_and(char::is_alphabetic) && letters.next().is_none();
    !numeral && !single
}

/// The size most of a line's characters have.
fn dominant_size(glyphs: &[PlacedGlyph]) -> f32 {
    let mut counts: Vec<(f32, usize)> = Vec::new();
    for g in glyphs {
        match counts.iter_mut().find(|(s, _)| (s - g.size).abs() < 0.25) {
            Some(entry) => entry.1 += 1,
            None => counts.push((g.size, 1)),
        }
    }
    counts
        .into_iter()
        .max_by(|a, b| a.1.cmp(&b.1).then(a.0.total_cmp(&b.0)))
        .map(|(s, _)| s)
        .unwrap_or(1.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn glyphs(text: &str, x: f32, y: f32, size: f32, advance: f32) -> Vec<PlacedGlyph> {
        text.chars()
            .enumerate()
            .map(|(i, c)| PlacedGlyph {
                text: c.to_string().into(),
                x: x + i as f32 * advance,
                y,
                width: advance,
                size,
                bold: false,
            })
            .collect()
    }

    #[test]
    fn words_from_gaps_without_space_characters() {
        let mut g = glyphs("States", 72.0, 100.0, 10.0, 5.0);
        g.extend(glyphs("parties", 72.0 + 30.0 + 2.5, 100.0, 10.0, 5.0));
        let lines = build(g);
        assert_eq!(lines.len(), 1);
        assert_eq!(lines[0].text, "States parties");
    }

    #[test]
    fn hanging_number_is_a_cell_of_its_line() {
        let mut g = glyphs("1.", 56.0, 100.0, 10.0, 4.0);
        g.extend(glyphs("States", 85.0, 100.0, 10.0, 5.0));
        let lines = build(g);
        assert_eq!(lines[0].text, "1. States");
        assert_eq!(lines[0].cells.len(), 2);
    }

    #[test]
    fn lines_ordered_top_down_and_numbered() {
        let mut g = glyphs("second", 72.0, 120.0, 10.0, 5.0);
        g.extend(glyphs("first", 72.0, 100.0, 10.0, 5.0));
        let lines = build(g);
        let texts: Vec<&str> = lines.iter().map(|l| l.text.as_str()).collect();
        assert_eq!(texts, ["first", "second"]);
        assert_eq!((lines[0].number, lines[1].number), (1, 2));
    }

    #[test]
    fn superscript_mark_joins_its_line() {
        let mut g = glyphs("agenda", 72.0, 100.0, 10.0, 5.0);
        g.extend(glyphs("*", 102.0, 96.0, 6.0, 3.0));
        let lines = build(g);
        assert_eq!(lines.len(), 1);
        assert_eq!(lines[0].text, "agenda*");
    }

    #[test]
    fn large_initial_stays_off_the_line_beside_it() {
        // Regression: a 36 pt letter beside a 14 pt line took that line and
        // the line above it into one.
        let mut g = glyphs("UNITED", 76.0, 70.0, 14.0, 9.0);
        g.extend(glyphs("NATIONS", 76.0, 86.0, 14.0, 9.0));
        g.extend(glyphs("A", 519.0, 90.6, 36.0, 26.0));
        let texts: Vec<String> = build(g).into_iter().map(|l| l.text).collect();
        assert_eq!(texts, ["UNITED", "NATIONS", "A"]);
    }

    #[test]
    fn space_hidden_under_a_glyph_is_no_word_break() {
        // Regression: a space of another size drawn at the same x as a
        // cell's first letter split `A/HRC/43/1` into `A /HRC/43/1`.
        let mut g = glyphs("A/HRC", 113.4, 185.4, 10.0, 5.0);
        g.push(PlacedGlyph {
            text: " ".into(),
            x: 113.4,
            y: 181.2,
            width: 2.0,
            size: 8.0,
            bold: false,
        });
        assert_eq!(build(g)[0].text, "A/HRC");
    }

    #[test]
    fn hyphen_set_flush_right_belongs_to_its_word() {
        // Regression: LibreOffice puts the hyphenation hyphen 1.6 pt after
        // the letters, which read as `le -`.
        let mut g = glyphs("strengthen le", 72.0, 100.0, 10.0, 5.0);
        g.extend(glyphs("-", 72.0 + 13.0 * 5.0 + 1.6, 100.0, 10.0, 3.3));
        assert_eq!(build(g)[0].text, "strengthen le-");
        // A dash standing apart is another matter.
        let mut g = glyphs("word", 72.0, 100.0, 10.0, 5.0);
        g.extend(glyphs("-", 72.0 + 20.0 + 6.0, 100.0, 10.0, 3.3));
        assert_eq!(build(g)[0].text, "word -");
    }

    #[test]
    fn ligatures_expand_and_duplicates_vanish() {
        let mut g = glyphs("e\u{fb01}", 72.0, 100.0, 10.0, 5.0);
        g.extend(glyphs("e\u{fb01}", 72.0, 100.0, 10.0, 5.0));
        assert_eq!(build(g)[0].text, "efi");
    }

    /// A line of `word` at 10 pt with `mark` set after it, raised and at
    /// 6 pt, as one line's text.
    fn raised_after(word: &str, mark: &str) -> String {
        build_one(word, mark).text
    }

    fn build_one(word: &str, mark: &str) -> Line {
        let mut g = glyphs(word, 72.0, 700.0, 10.0, 5.0);
        g.extend(glyphs(
            mark,
            72.0 + 5.0 * word.chars().count() as f32,
            696.0,
            6.0,
            3.0,
        ));
        build(g).into_iter().next().expect("a line")
    }

    /// Regression: `Board` then a raised, smaller `b` read `Boardb`. The
    /// mark is the line's note, out of its text.
    #[test]
    fn a_raised_letter_after_a_word_is_a_note_out_of_the_text() {
        let mut g = glyphs("Board", 72.0, 700.0, 10.0, 5.0);
        g.extend(glyphs("b", 97.0, 696.0, 6.0, 3.0));
        g.extend(glyphs(" met", 100.0, 700.0, 10.0, 5.0));
        let line = &build(g)[0];
        assert_eq!(line.text, "Board b met");
        assert_eq!((line.notes[0].x, line.notes[0].text.as_str()), (97.0, "b"));
        assert_eq!(
            line.without_notes(),
            Some(("Board met".into(), vec!["Board met".into()]))
        );
        // Punctuation after the mark stays on the word.
        let mut g = glyphs("Board", 72.0, 700.0, 10.0, 5.0);
        g.extend(glyphs("b", 97.0, 696.0, 6.0, 3.0));
        g.extend(glyphs(", and", 100.0, 700.0, 10.0, 5.0));
        let line = &build(g)[0];
        assert_eq!(line.text, "Board b, and");
        assert_eq!(line.without_notes().map(|l| l.0), Some("Board, and".into()));
        // Regression: after a closing parenthesis, `(observed)a`.
        assert_eq!(raised_after("(observed)", "a"), "(observed) a");
        // A smaller word set apart, or more than a mark's few letters, is
        // text.
        let mut g = glyphs("ECONOMIQUE", 72.0, 700.0, 10.0, 5.0);
        g.extend(glyphs("FRENCH", 200.0, 696.0, 6.0, 3.0));
        assert!(build(g)[0].notes.is_empty());
        assert!(build_one("Systems", "baker").notes.is_empty());
        // Two marks with a raised comma between them are one note.
        let mut g = glyphs("Systems", 72.0, 700.0, 10.0, 5.0);
        g.extend(glyphs("b,c", 107.0, 696.0, 6.0, 3.0));
        let line = &build(g)[0];
        assert_eq!(
            (line.text.as_str(), line.notes[0].text.as_str()),
            ("Systems b,c", "b,c")
        );
        // An ordinal's raised suffix stays on its number, an abbreviation's
        // on its capital or numeral, and a raised digit on its word (a
        // numbered note's mark, read as such later).
        assert_eq!(raised_after("108", "th"), "108th");
        assert_eq!(raised_after("M", "me"), "Mme");
        assert_eq!(raised_after("n", "o"), "no");
        assert_eq!(raised_after("XX", "e"), "XXe");
        assert_eq!(raised_after("agenda", "1"), "agenda1");
        // Regression: raised digits after a number read `202815`.
        let line = build_one("2028", "15");
        assert_eq!((line.text.as_str(), line.notes.len()), ("2028 15", 1));
    }

    /// A right-to-left table row: two cells, read from the right, the line
    /// still starting at its left edge.
    #[test]
    fn a_right_to_left_line_reads_its_cells_from_the_right() {
        // Visual order, left to right: `بل` then, far to the right, `يف`.
        let mut g = glyphs("بل", 72.0, 700.0, 10.0, 5.0);
        g.extend(glyphs("يف", 300.0, 700.0, 10.0, 5.0));
        let line = &build(g)[0];
        assert_eq!(line.text, "في لب");
        assert_eq!(line.x, 72.0);
        let xs: Vec<f32> = line.cells.iter().map(|c| c.x).collect();
        assert_eq!(xs, [300.0, 72.0]);
        // A left-to-right row keeps its order.
        let mut g = glyphs("one", 72.0, 700.0, 10.0, 5.0);
        g.extend(glyphs("two", 300.0, 700.0, 10.0, 5.0));
        assert_eq!(build(g)[0].text, "one two");
    }
}
