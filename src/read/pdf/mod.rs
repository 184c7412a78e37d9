//! PDF input. Not yet supported: PDF files get a clear error.

pub mod cmap;
pub mod encoding;
pub mod font;
pub mod metrics;

use super::{Layout, ReadError, ReadErrorKind};

/// Read a PDF into a layout.
pub fn read(file: &str, _bytes: &[u8]) -> Result<Layout, ReadError> {
    Err(ReadError {
        file: file.to_string(),
        page: None,
        kind: ReadErrorKind::Unsupported("PDF input is not supported yet; convert it to text first".into()),
    })
}
