//! CSV: RFC 4180, UTF-8, a header row, one row per recommendation and one
//! per sub-item.

use super::{EmitError, Sink, columns, header};
use crate::Extraction;
use std::io::Write;

/// Writes rows of every document it is given under one header.
pub struct CsvSink<W: Write> {
    writer: csv::Writer<W>,
    header_written: bool,
    safe: bool,
}

impl<W: Write> CsvSink<W> {
    pub fn new(out: W) -> Self {
        CsvSink {
            writer: csv::WriterBuilder::new()
                .terminator(csv::Terminator::CRLF)
                .from_writer(out),
            header_written: false,
            safe: false,
        }
    }

    /// Prefix cells that a spreadsheet would run as a formula with `'`.
    pub fn spreadsheet_safe(mut self, safe: bool) -> Self {
        self.safe = safe;
        self
    }
}

/// A cell a spreadsheet would take for a formula (a leading `=`, `+`, `-`,
/// `@`, tab or carriage return) with `'` before it; other cells as they are.
pub fn spreadsheet_safe(cell: String) -> String {
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{cell}")
    } else {
        cell
    }
}

impl<W: Write> Sink for CsvSink<W> {
    fn write(&mut self, extraction: &Extraction) -> Result<(), EmitError> {
        if !self.header_written {
            self.writer.write_record(header())?;
            self.header_written = true;
        }
        for record in columns::records(&extraction.document) {
            let fields: Vec<String> = columns::values(record).map(|v| v.csv()).collect();
            if self.safe {
                self.writer
                    .write_record(fields.into_iter().map(spreadsheet_safe))?;
            } else {
                self.writer.write_record(fields)?;
            }
        }
        Ok(())
    }

    fn finish(&mut self) -> Result<(), EmitError> {
        if !self.header_written {
            self.writer.write_record(header())?;
            self.header_written = true;
        }
        self.writer.flush()?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::spreadsheet_safe;

    #[test]
    fn formula_leads_are_prefixed() {
        for lead in ['=', '+', '-', '@', '\t', '\r'] {
            let cell = format!("{lead}1+2");
            assert_eq!(spreadsheet_safe(cell.clone()), format!("'{cell}"), "{lead:?}");
        }
        assert_eq!(
            spreadsheet_safe("States should act.".into()),
            "States should act."
        );
        assert_eq!(spreadsheet_safe(String::new()), "");
    }
}
