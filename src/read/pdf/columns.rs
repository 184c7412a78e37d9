//! Columns: a page whose rows split at a common gutter is read column by
//! column.
//!
//! Rows (glyphs on one baseline) are what the line builder makes lines of;
//! on a two-column page one row holds a line of each column, and read as
//! one line the columns interleave (`reduc- | Dalberg Global Development
//! Advisors`) and a word broken at a column's end cannot rejoin. A gutter is
//! a position in the middle of the text that several rows leave empty over
//! a gap of at least a cell gap, with text on both sides of it; a region is
//! a run of rows each split there or lying on one side of it, from the
//! first split row to the last (and the rows set close above and below).
//! The region's left parts are read first, then its right parts; rows that
//! cross the gutter (full-width headings, footnotes) stay where they are.
//! Tables keep their cells: a region needs rows whose both sides are text,
//! not a number column beside a column of words.

use super::content::PlacedGlyph;
use super::lines::Row;

/// A gap wider than a cell gap (in font sizes) may be a gutter.
use super::lines::{CELL_GAP as GUTTER_GAP, WORD_GAP};
/// Fewest rows split at the gutter for a region.
const MIN_SPLIT_ROWS: usize = 4;
/// Fewest glyphs on each side of the gutter for a row to count as split.
const MIN_SIDE_GLYPHS: usize = 12;
/// Fewest words on each side of the gutter for a row to count as split.
const MIN_SIDE_WORDS: usize = 3;
/// Most glyphs of a hanging enumerator (`124.35.`, `(iii)`) beside its text.
const MAX_HANG_GLYPHS: usize = 8;
/// Where a gutter may stand, as shares of the text's width from its left.
const GUTTER_BAND: (f32, f32) = (0.25, 0.75);
/// Rows set this close (in line pitches of the row above) above or below a
/// region's split rows belong to it.
const REGION_PITCHES: f32 = 1.6;

/// Where a row stands against a gutter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Side {
    Left,
    Right,
    /// Text on both sides, the gutter empty.
    Split,
    /// A glyph spans the gutter, or the row's gaps there are too narrow.
    Across,
}

/// Whether a row (glyphs sorted by `x`) has a gap as wide as a gutter
/// with enough glyphs on both sides of it: one pass, no allocation.
fn has_wide_gap(glyphs: &[PlacedGlyph], size: f32) -> bool {
    if glyphs.len() < 2 * MIN_SIDE_GLYPHS {
        return false;
    }
    let (mut seen, mut right_edge, mut first_wide) = (0usize, f32::MIN, None);
    for g in glyphs.iter().filter(|g| visible(g)) {
        if first_wide.is_none() && seen >= MIN_SIDE_GLYPHS && g.x - right_edge >= GUTTER_GAP * size {
            first_wide = Some(seen);
        }
        seen += 1;
        right_edge = right_edge.max(g.x + g.width);
    }
    // The first wide gap with enough glyphs before it; enough after it
    // too, or a later one would have fewer still.
    first_wide.is_some_and(|before| seen - before >= MIN_SIDE_GLYPHS)
}

fn visible(g: &PlacedGlyph) -> bool {
    match g.text.as_bytes() {
        [b] => !b.is_ascii_whitespace(),
        _ => !g.text.chars().all(char::is_whitespace),
    }
}

/// The empty stretches of a row at least `GUTTER_GAP` sizes wide between
/// visible glyphs, with how many glyphs stand left and right of each.
fn gaps(glyphs: &[&PlacedGlyph], size: f32) -> Vec<(f32, f32, usize, usize)> {
    let mut out = Vec::new();
    let mut right_edge = f32::MIN;
    for (i, g) in glyphs.iter().enumerate() {
        if i > 0 && g.x - right_edge >= GUTTER_GAP * size {
            out.push((right_edge, g.x, i, glyphs.len() - i));
        }
        right_edge = right_edge.max(g.x + g.width);
    }
    out
}

/// How many words a run of glyphs holds: one more than its word gaps.
fn words(glyphs: &[&PlacedGlyph], size: f32) -> usize {
    let gaps = glyphs
        .windows(2)
        .filter(|w| matches!(w, [a, b] if b.x - (a.x + a.width) > WORD_GAP * size))
        .count();
    usize::from(!glyphs.is_empty()) + gaps
}

fn side(row: &[&PlacedGlyph], size: f32, at: f32) -> Side {
    let (Some(first), Some(last)) = (row.first(), row.iter().map(|g| g.x + g.width).reduce(f32::max)) else {
        return Side::Across;
    };
    if last <= at {
        return Side::Left;
    }
    if first.x >= at {
        return Side::Right;
    }
    let gaps = gaps(row, size);
    let Some(&(_, _, at_left, _)) = gaps.iter().find(|&&(from, to, left, right)| {
        from < at && at < to && left >= MIN_SIDE_GLYPHS && right >= MIN_SIDE_GLYPHS
    }) else {
        return Side::Across;
    };
    // A table row: another wide gap with words on both of its sides within
    // one column (a hanging number, `12.` before its text, is no such gap).
    let table = gaps.iter().any(|&(_, _, left, right)| {
        let (within, beyond) = if left < at_left {
            (left, at_left - left)
        } else {
            (left - at_left, right)
        };
        left != at_left && within > MAX_HANG_GLYPHS && beyond > MAX_HANG_GLYPHS
    });
    // Columns hold running words on both sides; a label column (`TPNW/MSP/2025/1`
    // beside a title) is a table's.
    let (left, right) = row.split_at(at_left.min(row.len()));
    if table || words(left, size) < MIN_SIDE_WORDS || words(right, size) < MIN_SIDE_WORDS {
        Side::Across
    } else {
        Side::Split
    }
}

/// The rows of a page in reading order: each region of columns read left
/// column first. Rows come sorted by baseline; `Err` gives them back
/// unchanged when the page has no columns.
pub(super) fn read_columns(rows: Vec<Row>) -> Result<Vec<Row>, Vec<Row>> {
    // Most pages have no row with a wide gap in the middle: nothing to
    // gather for them.
    if rows.iter().filter(|r| has_wide_gap(&r.glyphs, r.size)).count() < MIN_SPLIT_ROWS {
        return Err(rows);
    }
    let visible_rows: Vec<Vec<&PlacedGlyph>> = rows
        .iter()
        .map(|r| r.glyphs.iter().filter(|g| visible(g)).collect())
        .collect();
    let Some(at) = gutter(&visible_rows, &rows) else {
        drop(visible_rows);
        return Err(rows);
    };
    let sides: Vec<Side> = visible_rows
        .iter()
        .zip(&rows)
        .map(|(v, r)| side(v, r.size, at))
        .collect();
    drop(visible_rows);
    let regions = regions(&sides, &rows);
    if regions.is_empty() {
        return Err(rows);
    }
    let mut out = Vec::with_capacity(rows.len() + 8);
    let mut rows = rows.into_iter().enumerate().peekable();
    for (start, end) in regions {
        while let Some((_, row)) = rows.next_if(|(i, _)| *i < start) {
            out.push(row);
        }
        let (mut left, mut right) = (Vec::new(), Vec::new());
        while let Some((i, row)) = rows.next_if(|(i, _)| *i <= end) {
            match sides.get(i) {
                Some(Side::Split) => {
                    let (l, r) = row.split_at(at);
                    left.push(l);
                    right.push(r);
                }
                Some(Side::Right) => right.push(row),
                _ => left.push(row),
            }
        }
        out.extend(left);
        out.extend(right);
    }
    out.extend(rows.map(|(_, row)| row));
    Ok(out)
}

/// The position most rows leave empty over a wide gap with text on both
/// sides, within the middle of the text; `None` when fewer than
/// `MIN_SPLIT_ROWS` rows share one.
fn gutter(visible_rows: &[Vec<&PlacedGlyph>], rows: &[Row]) -> Option<f32> {
    let left = visible_rows
        .iter()
        .filter_map(|v| v.first().map(|g| g.x))
        .reduce(f32::min)?;
    let right = visible_rows
        .iter()
        .flat_map(|v| v.iter().map(|g| g.x + g.width))
        .reduce(f32::max)?;
    let width = right - left;
    if width <= 0.0 {
        return None;
    }
    let band = (left + GUTTER_BAND.0 * width, left + GUTTER_BAND.1 * width);
    // Sweep over the gaps' ends: where the most gaps overlap.
    let mut events: Vec<(f32, i32)> = Vec::new();
    for (v, row) in visible_rows.iter().zip(rows) {
        for (from, to, l, r) in gaps(v, row.size) {
            if l >= MIN_SIDE_GLYPHS && r >= MIN_SIDE_GLYPHS && to > band.0 && from < band.1 {
                events.push((from.max(band.0), 1));
                events.push((to.min(band.1), -1));
            }
        }
    }
    events.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
    let (mut open, mut best, mut best_at) = (0i32, 0i32, None);
    for pair in events.windows(2) {
        let [(x, delta), (next, _)] = pair else { continue };
        open += delta;
        if open > best && next > x {
            best = open;
            best_at = Some((x + next) / 2.0);
        }
    }
    (usize::try_from(best).unwrap_or(0) >= MIN_SPLIT_ROWS)
        .then_some(best_at)
        .flatten()
}

/// Runs of rows read as columns: from the first split row to the last of
/// each run of rows not crossing the gutter, widened by the rows set
/// close above and below; as (first, last) indices.
fn regions(sides: &[Side], rows: &[Row]) -> Vec<(usize, usize)> {
    let close = |upper: usize, lower: usize| match (rows.get(upper), rows.get(lower)) {
        (Some(u), Some(l)) => l.baseline - u.baseline <= REGION_PITCHES * 1.2 * u.size,
        _ => false,
    };
    let mut out = Vec::new();
    let mut i = 0;
    while i < sides.len() {
        if sides.get(i) == Some(&Side::Across) {
            i += 1;
            continue;
        }
        // A run of rows that do not cross the gutter.
        let start = i;
        while sides.get(i).is_some_and(|s| *s != Side::Across) {
            i += 1;
        }
        let end = i - 1;
        let split: Vec<usize> = (start..=end)
            .filter(|&k| sides.get(k) == Some(&Side::Split))
            .collect();
        let (Some(&first), Some(&last)) = (split.first(), split.last()) else {
            continue;
        };
        // Columns of text wrap on both sides, so split rows follow one
        // another; a table of labels and wrapped titles has one split row a
        // label, the others wrapping on the right only.
        let adjacent = split
            .windows(2)
            .filter(|w| matches!(w, [a, b] if b - a == 1))
            .count();
        if split.len() < MIN_SPLIT_ROWS || adjacent + 1 < MIN_SPLIT_ROWS {
            continue;
        }
        let (mut from, mut to) = (first, last);
        while from > start && close(from - 1, from) {
            from -= 1;
        }
        while to < end && close(to, to + 1) {
            to += 1;
        }
        out.push((from, to));
    }
    out
}
