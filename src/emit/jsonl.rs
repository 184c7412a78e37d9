//! JSONL: one recommendation or sub-item per line, with the CSV's fields
//! (`themes` as an array, empty fields as `null`).

use super::{EmitError, Sink, rows};
use crate::Extraction;
use std::io::Write;

pub struct JsonlSink<W: Write> {
    out: W,
}

impl<W: Write> JsonlSink<W> {
    pub fn new(out: W) -> Self {
        JsonlSink { out }
    }
}

impl<W: Write> Sink for JsonlSink<W> {
    fn write(&mut self, extraction: &Extraction) -> Result<(), EmitError> {
        for row in rows(extraction) {
            self.out.write_all(row.json().as_bytes())?;
            self.out.write_all(b"\n")?;
        }
        Ok(())
    }

    fn finish(&mut self) -> Result<(), EmitError> {
        self.out.flush()?;
        Ok(())
    }
}
