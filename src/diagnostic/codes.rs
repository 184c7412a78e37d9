//! Every diagnostic code unrec emits, with its severity and a one-line
//! description: one table, so that the code, what it means and how serious
//! it is cannot drift apart (README's table is checked against it).

use serde::{Serialize, Serializer};
use std::fmt;

use super::Severity;

macro_rules! codes {
    ($( $(#[$doc:meta])* $variant:ident = $name:literal, $severity:ident, $description:literal; )*) => {
        /// A diagnostic code.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        #[non_exhaustive]
        pub enum Code {
            $( $(#[$doc])* $variant, )*
        }

        impl Code {
            /// Every code, in the order of the table.
            pub const ALL: &'static [Code] = &[$(Code::$variant),*];

            /// The stable machine-readable name: `numbering_gap`.
            pub fn name(self) -> &'static str {
                match self { $(Code::$variant => $name,)* }
            }

            /// How serious a finding with this code is.
            pub fn severity(self) -> Severity {
                match self { $(Code::$variant => Severity::$severity,)* }
            }

            /// What the code means, in one line.
            pub fn description(self) -> &'static str {
                match self { $(Code::$variant => $description,)* }
            }
        }
    };
}

codes! {
    // Reading.
    DecodedAsWindows1252 = "decoded_as_windows_1252", Warning, "the input was not UTF-8 (its invalid sequences outnumber its UTF-8 characters beyond ASCII) and was read as Windows-1252";
    InvalidUtf8 = "invalid_utf8", Warning, "a UTF-8 input holds a sequence that is not UTF-8; it is replaced by U+FFFD and its line, column and byte said (the first ten, then how many more)";
    UnmappedGlyphs = "unmapped_glyphs", Warning,
        "glyphs on a PDF page that no font mapping turns into text (read as U+FFFD)";
    MirroredGlyphs = "mirrored_glyphs", Warning,
        "glyphs on a PDF page set mirrored (or with no size), which no line reads: left out and counted";
    UndecodableFont = "undecodable_font", Warning,
        "a PDF font without a Unicode mapping (no ToUnicode, a one-byte encoding) whose codes read as accented Latin letters: text in another script set with a legacy code page, which no reader can decode; the message names the font and its pages";
    UndecodableText = "undecodable_text", Note,
        "a unit whose text comes from pages set in an undecodable font (`undecodable_font`): its text may be garbage";
    LabelCut = "label_cut", Warning,
        "a Word list label longer than 64 bytes (a level text that repeats its numbers) was cut there";
    PdfContent = "pdf_content", Warning,
        "something on a PDF page could not be read (a damaged stream, a missing font, a form that contains itself)";
    LimitExceeded = "limit_exceeded", Error, "a named limit was reached and what lies past it is not read; the message names the limit, the place and what was left (`--limit NAME=N` raises it)";
    LimitSplit = "limit_split", Warning, "a paragraph reached the `lines-per-paragraph` limit and goes on as a new one; nothing is lost";
    PdfPageTreeLoop = "pdf_page_tree_loop", Warning, "the page tree leads back to a node it passed; the loop is broken there and the pages met before it are read";
    PdfPagesLost = "pdf_pages_lost", Warning,
        "pages the PDF declares that could not be read (a file cut short or damaged), per run of pages";
    PdfRebuilt = "pdf_rebuilt", Warning, "the cross-reference data could not be read, or led to no pages or to fewer than the page tree declares: the document was rebuilt from its objects (`--no-repair` refuses instead)";

    // Kinds and units.
    UnknownKind = "unknown_kind", Error,
        "no profile recognised the document: nothing extracted (`--kind` names one)";
    NoUnits = "no_units", Error, "the document, of a known kind, yields no unit: nothing extracted";
    MeetingOrdinalUnknown = "meeting_ordinal_unknown", Warning,
        "a meeting report does not say which meeting it reports: ids carry the year until `reconcile` matches it by its dates";

    // Segmenting.
    IdRepeated = "id_repeated", Note,
        "a unit's id is taken by an earlier unit (its number repeats): a suffix `-2` keeps ids unique";
    OrphanSubItem = "orphan_sub_item", Error, "a sub-item before any recommendation";
    ParagraphJoined = "paragraph_joined", Note, "an unnumbered paragraph was joined to the unit before it";
    SubheadingSkipped = "subheading_skipped", Note, "a subheading inside a meeting that belongs to no unit";
    TextBeforeFirstRecommendation = "text_before_first_recommendation", Note,
        "text before the first recommendation of a meeting, not part of any unit";
    UnattachedParagraph = "unattached_paragraph", Note, "a paragraph after a subheading that belongs to no unit";
    CitationOutsideTheme = "citation_outside_theme", Note, "an index citation before any theme heading";
    IndexTextWithoutCitation = "index_text_without_citation", Note, "index text that cites no recommendation";

    // UPR reports.
    NoRecommendingState = "no_recommending_state", Warning, "a recommendation that names no recommending State";
    StateListUnclosed = "state_list_unclosed", Warning,
        "a recommendation ends inside a parenthesis that never closes: its State list may be cut";
    UnknownState = "unknown_state", Warning,
        "a State list names something that is no UN Member or Observer State name (kept as written)";
    ParagraphMistyped = "paragraph_mistyped", Warning,
        "an item's paragraph number differs from its block's (`214.60` among `124.x`): read as the block's";
    NumberForm = "number_form", Note,
        "an item's number glued to its text (`101.100.Continue`) or without its dot: read all the same";
    StateComment = "state_comment", Note, "the State's comment on a recommendation, numbered in the section: no unit";
    PositionUnstated = "position_unstated", Note, "a block's lead-in states no position the profile knows";

    // Numbering.
    NumberingStart = "numbering_start", Error, "a run of numbered units does not start at 1";
    NumberingContinues = "numbering_continues", Note,
        "a meeting's numbers run on from the meeting before: the document numbers throughout";
    NumberingGap = "numbering_gap", Error, "one or more numbers are missing";
    NumberingDuplicate = "numbering_duplicate", Error,
        "a number appears twice (and, when the next number skips, which one it probably is)";
    NumberingOrder = "numbering_order", Error, "numbers go backwards";
    SubitemGap = "subitem_gap", Error, "sub-item letters skip one: (a), (c)";
    SubitemOrder = "subitem_order", Error, "sub-item letters go backwards";
    SubitemDuplicate = "subitem_duplicate", Error, "a sub-item letter appears twice";
    MeetingOrdinal = "meeting_ordinal", Error, "meetings are not first, second, third …";
    MeetingDates = "meeting_dates", Error,
        "a meeting ends before it starts, or starts before the previous one ended";
    MeetingNumeral = "meeting_numeral", Warning, "the heading's roman numeral disagrees with its ordinal word";
    MeetingEmpty = "meeting_empty", Warning, "a meeting heading with no recommendations under it";

    // Text.
    EmptyText = "empty_text", Error, "a unit with no text";
    UnterminatedText = "unterminated_text", Warning, "a unit not ending in `.`, `;` or `:`";
    PossibleMissedSplit = "possible_missed_split", Warning, "a unit holds `N.` or `(x)` after a sentence end";

    // Cross-check and reconcile.
    UnknownReference = "unknown_reference", Error,
        "a reference to a meeting, recommendation, paragraph or sub-item the document does not have (an index's citation, a follow-up paragraph's)";
    MissingFromIndex = "missing_from_index", Error, "a unit that the index never cites";
    MissingFromCompilation = "missing_from_compilation", Error,
        "a unit of a meeting report that the compilation does not have";
    MissingFromReport = "missing_from_report", Error,
        "a unit of the compilation that the meeting's report does not have";
    DuplicateCitation = "duplicate_citation", Warning, "the same unit cited twice under one theme";
    CountMismatch = "count_mismatch", Warning,
        "a meeting's number of recommendations differs between two documents";
    TextDifferent = "text_different", Error,
        "two documents give a unit in other words (diff and similarity in the message)";
    TextWhitespacePunctuation = "text_whitespace_punctuation", Note,
        "two documents give a unit with other spacing or punctuation";
    AmbiguousYear = "ambiguous_year", Error, "the index cites a year in which the document holds two meetings";
    ResponseConflict = "response_conflict", Error,
        "two documents (or two places of one) give a recommendation different responses";
    ResponseMissing = "response_missing", Error, "a recommendation of the report that no response covers";
    MeetingUnmatched = "meeting_unmatched", Error,
        "a meeting report whose meeting no compilation of the session holds (by ordinal or dates)";
    DuplicateDocument = "duplicate_document", Warning,
        "two documents of the session give the same meeting's report: the first is used";
    WrongReview = "wrong_review", Error,
        "a UPR addendum or thematic list of another review than the report's (by symbol, else by State): nothing was taken from it";
    CompanionUnused = "companion_unused", Warning,
        "a document given to hold this one against (`--index`, `--responses`) is of a kind that does not fit it: nothing was taken from it";
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl Serialize for Code {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.name())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn names_are_unique_snake_case() {
        let mut seen = HashSet::new();
        for code in Code::ALL {
            assert!(seen.insert(code.name()), "{} twice", code.name());
            assert!(
                code.name()
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_'),
                "{}",
                code.name()
            );
            assert!(!code.description().is_empty());
        }
        assert_eq!(seen.len(), Code::ALL.len());
    }
}
