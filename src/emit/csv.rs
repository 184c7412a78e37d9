//! CSV: RFC 4180, UTF-8, a header row, one row per recommendation and one
//! per sub-item.

use super::{COLUMNS, EmitError, Sink, rows};
use crate::Extraction;
use std::io::Write;

/// Writes rows of every document it is given under one header.
pub struct CsvSink<W: Write> {
    writer: csv::Writer<W>,
    header_written: bool,
}

impl<W: Write> CsvSink<W> {
    pub fn new(out: W) -> Self {
        CsvSink {
            writer: csv::WriterBuilder::new()
                .terminator(csv::Terminator::CRLF)
                .from_writer(out),
            header_written: false,
        }
    }
}

impl<W: Write> Sink for CsvSink<W> {
    fn write(&mut self, extraction: &Extraction) -> Result<(), EmitError> {
        if !self.header_written {
            self.writer.write_record(COLUMNS.iter().map(|c| c.name))?;
            self.header_written = true;
        }
        for row in rows(extraction) {
            self.writer.write_record(row.fields())?;
        }
        Ok(())
    }

    fn finish(&mut self) -> Result<(), EmitError> {
        if !self.header_written {
            self.writer.write_record(COLUMNS.iter().map(|c| c.name))?;
            self.header_written = true;
        }
        self.writer.flush()?;
        Ok(())
    }
}
