//! JSONL: one unit per line, an object with the CSV's columns as keys in
//! their order (lists as arrays, numbers as numbers, empty fields `null`).

use super::{EmitError, Fields, Sink, columns};
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
        for record in columns::records(&extraction.document) {
            serde_json::to_writer(&mut self.out, &Fields(record))?;
            self.out.write_all(b"\n")?;
        }
        Ok(())
    }

    fn finish(&mut self) -> Result<(), EmitError> {
        self.out.flush()?;
        Ok(())
    }
}
