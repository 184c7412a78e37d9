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
    let mut reader = RowReader::new(&row);
    let mut last: Option<&PlacedGlyph> = None;
    for (index, glyph) in row.glyphs.iter().enumerate() {
        // The same glyph drawn twice at one place (fake bold, shadows).
        if let Some(prev) = last
            && prev.text == glyph.text
            && (glyph.x - prev.x).abs() < 0.1 * glyph.width.max(0.5)
        {
            continue;
        }
        last = Some(glyph);
        reader.glyph(index, glyph);
    }
    reader.into_line()
}

/// A row being read into cells, glyph by glyph from the left.
struct RowReader<'r> {
    glyphs: &'r [PlacedGlyph],
    baseline: f32,
    /// The size most of the row's glyphs have.
    size: f32,
    /// The last visible glyph: a hyphen there belongs to the word before it
    /// even across a small gap (LibreOffice sets it flush right).
    final_glyph: Option<usize>,
    cells: Vec<Cell>,
    /// The text of the cell being read, and its left end.
    current: String,
    start: f32,
    /// Right end of the last visible glyph.
    end: Option<f32>,
    /// Whether a space character stands after the last visible glyph.
    spaced: bool,
    previous_raised: bool,
    notes: Vec<Note>,
    /// The notes of the cell being read.
    cell_notes: Vec<Note>,
    /// Whether the glyph before was part of the last of `cell_notes`.
    in_note: bool,
}

impl<'r> RowReader<'r> {
    fn new(row: &'r Row) -> RowReader<'r> {
        RowReader {
            glyphs: &row.glyphs,
            baseline: row.baseline,
            size: dominant_size(&row.glyphs),
            final_glyph: row
                .glyphs
                .iter()
                .rposition(|g| !g.text.chars().all(char::is_whitespace)),
            cells: Vec::new(),
            current: String::new(),
            start: 0.0,
            end: None,
            spaced: false,
            previous_raised: false,
            notes: Vec::new(),
            cell_notes: Vec::new(),
            in_note: false,
        }
    }

    fn is_raised(&self, g: &PlacedGlyph) -> bool {
        g.size < RAISED_SIZE * self.size && g.y < self.baseline - RAISED_SHIFT * self.size
    }

    /// Read the glyph at `index`, a space, a footnote mark's or text.
    fn glyph(&mut self, index: usize, glyph: &PlacedGlyph) {
        if glyph.text.chars().all(char::is_whitespace) {
            // A space character counts where it stands after the text
            // before it, not where it hides under other glyphs.
            if self.end.is_some_and(|right| glyph.x >= right - 0.25 * self.size) {
                self.spaced = true;
            }
            return;
        }
        let raised = self.is_raised(glyph);
        let opens_mark = self.opens_mark(index, glyph, raised);
        let glued = !opens_mark && self.opens_glued_mark(index, glyph, raised);
        self.previous_raised = raised;
        // The mark's own punctuation (`b,c`) continues it.
        let continues_mark = self.in_note
            && raised
            && self
                .end
                .is_some_and(|right| glyph.x - right <= WORD_GAP * self.size);
        if opens_mark || continues_mark || glued {
            self.mark(glyph, continues_mark, glued);
        } else {
            self.in_note = false;
            self.text(index, glyph);
        }
    }

    /// Whether a visible glyph, raised or not, opens a footnote mark.
    ///
    /// A letter set raised and smaller than the line, close after a word
    /// (`Board` then a raised `b`), is a footnote mark: a token of its own,
    /// and one of the line's notes. Raised letters after a digit are an
    /// ordinal's suffix (`108th`, `1er`), and raised digits stay as they
    /// are: the clean stage reads `agenda1` as a numbered note's mark.
    /// Raised digits after a number are a mark too (`2028` then a raised
    /// `15`): no number goes on in a smaller, raised size.
    fn opens_mark(&self, index: usize, glyph: &PlacedGlyph, raised: bool) -> bool {
        let letters = || glyph.text.chars().all(char::is_alphabetic);
        let digits = || glyph.text.chars().all(|c| c.is_ascii_digit());
        raised
            && !self.previous_raised
            && ((letters() && takes_note_after(&self.current))
                || (digits() && self.current.ends_with(|c: char| c.is_ascii_digit())))
            && self
                .end
                .is_some_and(|right| glyph.x - right <= NOTE_GAP * self.size)
            && self
                .glyphs
                .get(index..)
                .is_some_and(|rest| rest.iter().take_while(|g| self.is_raised(g)).count() <= MAX_MARK_GLYPHS)
    }

    /// Whether raised digits open a mark glued to the word before them
    /// (`courts` then a raised `1`, `Protocol.` then a raised `12`): they
    /// stay glued, as the page shows them, and become a note that the clean
    /// stage takes out where the page has a footnote of that number.
    fn opens_glued_mark(&self, index: usize, glyph: &PlacedGlyph, raised: bool) -> bool {
        let word_end =
            |c: char| c.is_alphabetic() || matches!(c, ')' | '.' | ',' | ';' | ':' | '”' | '’' | '"');
        raised
            && !self.previous_raised
            && glyph.text.chars().all(|c| c.is_ascii_digit())
            && self.current.ends_with(word_end)
            // Glued as the text was read: no space between.
            && !self.spaced
            && self.end.is_some_and(|right| glyph.x - right <= WORD_GAP * self.size)
            && self
                .glyphs
                .get(index..)
                .is_some_and(|rest| rest.iter().take_while(|g| self.is_raised(g)).count() <= MAX_MARK_GLYPHS)
    }

    /// A glyph of a footnote mark: a token of its own in the text (or
    /// glued to its word), opening a note or continuing the last.
    fn mark(&mut self, glyph: &PlacedGlyph, continues: bool, glued: bool) {
        match self.cell_notes.last_mut() {
            Some(note) if continues => note.text.push_str(&glyph.text),
            _ => {
                if !glued {
                    self.current.push(' ');
                }
                self.cell_notes.push(Note {
                    x: glyph.x,
                    text: glyph.text.to_string(),
                    cell: self.cells.len(),
                    at: self.current.len(),
                    glued,
                });
            }
        }
        self.current.push_str(&glyph.text);
        self.in_note = true;
        self.end = Some(glyph.x + glyph.width);
        self.spaced = false;
    }

    /// A glyph of text: after a space when the gap says so, in a new cell
    /// after a wide gap.
    fn text(&mut self, index: usize, glyph: &PlacedGlyph) {
        if let Some(right) = self.end {
            let gap = glyph.x - right;
            // A combining mark belongs to the letter it is drawn on,
            // whatever the gap.
            let mark = glyph.text.chars().all(super::bidi::is_mark);
            if gap > CELL_GAP * self.size && !mark {
                self.close_cell();
            } else if !mark {
                let closing_hyphen = Some(index) == self.final_glyph
                    && matches!(&*glyph.text, "-" | "\u{2010}" | "\u{ad}")
                    && !self.spaced
                    && gap < FLUSH_HYPHEN_GAP * self.size;
                if (self.spaced || gap > WORD_GAP * self.size) && !closing_hyphen {
                    self.current.push(' ');
                }
            }
        }
        if self.current.is_empty() {
            self.start = glyph.x;
        }
        super::super::push_expanded(&mut self.current, &glyph.text);
        self.end = Some(glyph.x + glyph.width);
        self.spaced = false;
    }

    /// A cell read: its text in reading order, its notes kept. A
    /// right-to-left cell's text is reordered, so its marks stay in it as
    /// text only.
    fn close_cell(&mut self) {
        let text = std::mem::take(&mut self.current);
        // Glyphs were joined left to right, which right-to-left text reads
        // the other way.
        let text = if super::bidi::has_right_to_left(&text) {
            self.cell_notes.clear();
            super::bidi::logical_order(&text)
        } else {
            self.notes.append(&mut self.cell_notes);
            text
        };
        self.cells.push(Cell { x: self.start, text });
    }

    /// The line of the cells read.
    fn into_line(mut self) -> Option<Line> {
        if !self.current.is_empty() {
            self.close_cell();
        }
        // A right-to-left line's cells are read from the right, as its
        // words are (a table row of an Arabic document, a number set in the
        // right margin); each keeps its place on the page.
        if self.cells.len() > 1 && super::bidi::reads_from_right(self.cells.iter().map(|c| c.text.as_str())) {
            self.cells.reverse();
            let count = self.cells.len();
            for note in &mut self.notes {
                note.cell = count.saturating_sub(note.cell + 1);
            }
        }
        let (size, start) = (self.size, self.start);
        let mut line = Line::from_cells(
            self.cells,
            self.end.unwrap_or(start),
            self.baseline,
            size * 1.2,
            size,
            0,
        )?;
        line.notes = self.notes;
        Some(line)
    }
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
        assert_eq!(lines[0].cell_count(), 2);
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

    /// Raised digits glued to a word (`courts` then a raised `1`) stay
    /// glued in the line, as the page shows them, and are a glued note that
    /// leaves the running text only where the page has that footnote:
    /// `km2` keeps its `2`.
    #[test]
    fn raised_digits_after_a_word_are_a_glued_note() {
        let line = build_one("courts", "12");
        assert_eq!(line.text, "courts12");
        let note = &line.notes[0];
        assert_eq!((note.text.as_str(), note.glued, note.at), ("12", true, 6));
        assert_eq!(
            line.without_notes(|n| n == "12").map(|l| l.0),
            Some("courts".into())
        );
        assert_eq!(
            line.without_notes(|_| false).map(|l| l.0),
            Some("courts12".into())
        );
        assert_eq!(raised_after("Protocol.", "3"), "Protocol.3");
        assert!(build_one("Protocol.", "3").notes[0].glued);
        // After a number, raised digits are a mark of their own.
        assert!(!build_one("2028", "15").notes[0].glued);
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
            line.without_notes(|_| false),
            Some(("Board met".into(), vec!["Board met".into()]))
        );
        // Punctuation after the mark stays on the word.
        let mut g = glyphs("Board", 72.0, 700.0, 10.0, 5.0);
        g.extend(glyphs("b", 97.0, 696.0, 6.0, 3.0));
        g.extend(glyphs(", and", 100.0, 700.0, 10.0, 5.0));
        let line = &build(g)[0];
        assert_eq!(line.text, "Board b, and");
        assert_eq!(
            line.without_notes(|_| false).map(|l| l.0),
            Some("Board, and".into())
        );
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
        let xs: Vec<f32> = line.cells().map(|(x, _)| x).collect();
        assert_eq!(xs, [300.0, 72.0]);
        // A left-to-right row keeps its order.
        let mut g = glyphs("one", 72.0, 700.0, 10.0, 5.0);
        g.extend(glyphs("two", 300.0, 700.0, 10.0, 5.0));
        assert_eq!(build(g)[0].text, "one two");
    }
}
