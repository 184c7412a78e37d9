//! PDF input: bytes to a [`Layout`].
//!
//! lopdf parses the file structure (cross-reference tables and streams,
//! object streams, incremental updates, the standard security handler with
//! an empty user password). Our own interpreter ([`content`]) places the
//! glyphs, decoded by [`font`], on each page, and [`lines`] builds lines from
//! them. Whatever goes wrong inside a page becomes a diagnostic for that
//! page; only a file that cannot be opened at all is an error.

pub mod cmap;
pub mod content;
pub mod encoding;
pub mod font;
pub mod lexer;
pub mod lines;
pub mod metrics;

use super::{Layout, Page, ReadError, ReadErrorKind, Rule, Source, SourceFormat};
use crate::diagnostic::{Code, Diagnostic, Location};
use content::{FontCache, Limits, Matrix};
use lopdf::{Document, ObjectId};
use std::collections::HashMap;

/// Most pages read from one file.
const MAX_PAGES: usize = 20_000;

/// Read a PDF into a layout. With `repair`, a file whose cross-reference
/// data leads to no pages is rebuilt from the objects it holds.
pub fn read(file: &str, bytes: &[u8], repair: bool) -> Result<Layout, ReadError> {
    let error = |page: Option<u32>, kind| ReadError {
        file: file.to_string(),
        page,
        kind,
    };
    let mut doc = Document::load_mem(bytes).map_err(|e| match e {
        lopdf::Error::InvalidPassword | lopdf::Error::Decryption(_) => {
            error(None, ReadErrorKind::PasswordRequired)
        }
        other => error(None, ReadErrorKind::MalformedPdf(other.to_string())),
    })?;
    if doc.is_encrypted() && doc.authenticate_password("").is_err() {
        return Err(error(None, ReadErrorKind::PasswordRequired));
    }
    let mut diagnostics = Vec::new();
    if doc.get_pages().is_empty()
        && repair
        && let Some(rebuilt) = rebuild(bytes)
    {
        diagnostics.push(Diagnostic::new(Code::PdfRebuilt,
            Location::new(file, Some(1), 1),
            format!(
                "the cross-reference data leads to no pages; the document was rebuilt from its {} objects ({} pages)",
                rebuilt.objects.len(),
                rebuilt.get_pages().len()
            ),
        ));
        doc = rebuilt;
    }
    let pages = doc.get_pages();
    if pages.is_empty() {
        return Err(error(None, ReadErrorKind::NoPages));
    }
    if pages.len() > MAX_PAGES {
        diagnostics.push(Diagnostic::new(
            Code::PdfTooManyPages,
            Location::new(file, Some(1), 1),
            format!(
                "the PDF has {} pages; only the first {MAX_PAGES} are read",
                pages.len()
            ),
        ));
    }
    let limits = Limits::default();
    let mut fonts = FontCache::default();
    let mut out_pages = Vec::with_capacity(pages.len().min(MAX_PAGES));
    let mut lost_content: Vec<u32> = Vec::new();
    for (&number, &page_id) in pages.iter().take(MAX_PAGES) {
        let (device, width, height) = device_matrix(&doc, page_id);
        let content = content::interpret_page(&doc, page_id, device, &mut fonts, limits);
        // A page whose content the file no longer holds (cut short): lost.
        if content.glyphs.is_empty() && content_missing(&doc, page_id) {
            lost_content.push(number);
        }
        let at = Location::new(file, Some(number), 1);
        if content.unmapped > 0 {
            diagnostics.push(Diagnostic::new(
                Code::UnmappedGlyphs,
                at.clone(),
                format!(
                    "{} glyph(s) on page {number} have no Unicode mapping in their font and read as U+FFFD",
                    content.unmapped
                ),
            ));
        }
        let mut seen = Vec::new();
        for problem in content.problems {
            if !seen.contains(&problem) && seen.len() < 20 {
                diagnostics.push(Diagnostic::new(
                    Code::PdfContent,
                    at.clone(),
                    format!("page {number}: {problem}"),
                ));
                seen.push(problem);
            }
        }
        let lines = lines::build(content.glyphs);
        let rules = content
            .rules
            .iter()
            .map(|r| Rule {
                x0: r.x0,
                x1: r.x1,
                y: r.y,
            })
            .collect();
        out_pages.push(Page {
            number,
            width,
            height,
            lines,
            rules,
        });
    }
    if out_pages.iter().all(|p| p.lines.is_empty()) {
        return Err(error(None, ReadErrorKind::NoText));
    }
    lost_pages(&doc, &pages, &lost_content, file, &mut diagnostics);
    set_pitch(&mut out_pages);
    Ok(Layout {
        source: Source {
            file: file.to_string(),
            format: SourceFormat::Pdf,
        },
        pages: out_pages,
        diagnostics,
    })
}

/// Whether a page's dictionary or a content stream it names is not in the
/// file.
fn content_missing(doc: &Document, page_id: lopdf::ObjectId) -> bool {
    let Ok(page) = doc.get_dictionary(page_id) else {
        return true;
    };
    let missing = |o: &lopdf::Object| o.as_reference().is_ok_and(|id| doc.get_object(id).is_err());
    match page.get(b"Contents") {
        Ok(lopdf::Object::Array(parts)) => parts.iter().any(missing),
        Ok(contents) => missing(contents),
        Err(_) => false,
    }
}

/// Pages the page tree declares (`/Count` of its root) that could not be
/// read, or whose content is missing: a warning per run of them, so that a
/// file cut short says what it lost.
fn lost_pages(
    doc: &Document,
    pages: &std::collections::BTreeMap<u32, lopdf::ObjectId>,
    lost_content: &[u32],
    file: &str,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let declared = doc
        .catalog()
        .ok()
        .and_then(|c| c.get(b"Pages").ok())
        .and_then(|p| p.as_reference().ok())
        .and_then(|id| doc.get_dictionary(id).ok())
        .and_then(|d| d.get(b"Count").ok())
        .and_then(|c| c.as_i64().ok())
        .and_then(|n| u32::try_from(n).ok())
        .unwrap_or(0)
        .min(MAX_PAGES as u32);
    let last = declared.max(pages.keys().next_back().copied().unwrap_or(0));
    let lost: Vec<u32> = (1..=last)
        .filter(|n| !pages.contains_key(n) || lost_content.contains(n))
        .collect();
    let mut runs: Vec<(u32, u32)> = Vec::new();
    for n in lost.iter().copied() {
        match runs.last_mut() {
            Some((_, end)) if *end + 1 == n => *end = n,
            _ => runs.push((n, n)),
        }
    }
    for (start, end) in runs {
        let which = if start == end {
            format!("page {start}")
        } else {
            format!("pages {start} to {end}")
        };
        diagnostics.push(Diagnostic::new(
            Code::PdfPagesLost,
            Location::new(file, Some(start), 1),
            format!(
                "{which} of the {last} the document declares could not be read (the file is cut short or damaged): {} page(s) lost",
                end - start + 1
            ),
        ));
    }
}

/// The document as its objects give it: the cross-reference table rebuilt
/// by scanning the file, and the catalog found by its type when the
/// trailer names another object. `None` when no pages come of it.
fn rebuild(bytes: &[u8]) -> Option<Document> {
    let options = lopdf::LoadOptions {
        force_reconstruct: true,
        ..lopdf::LoadOptions::default()
    };
    let mut doc = Document::load_mem_with_options(bytes, options).ok()?;
    if doc.get_pages().is_empty() {
        let catalog = doc
            .objects
            .iter()
            .find(|(_, object)| {
                object
                    .as_dict()
                    .ok()
                    .and_then(|d| d.get(b"Type").ok())
                    .and_then(|t| t.as_name().ok())
                    == Some(b"Catalog".as_slice())
            })
            .map(|(id, _)| *id)?;
        doc.trailer.set("Root", catalog);
    }
    (!doc.get_pages().is_empty()).then_some(doc)
}

/// The matrix from user space to the page as seen: origin at the top left
/// of the crop box, `y` down, `/Rotate` applied. Also the seen width and
/// height.
fn device_matrix(doc: &Document, page: ObjectId) -> (Matrix, f32, f32) {
    let rect = |key: &[u8]| {
        content::inherited(doc, page, key)
            .and_then(|o| content::resolve(doc, o))
            .and_then(|o| o.as_array().ok())
            .map(|a| a.iter().filter_map(content::number).collect::<Vec<f32>>())
            .filter(|v| v.len() == 4)
    };
    let b = rect(b"CropBox")
        .or_else(|| rect(b"MediaBox"))
        .unwrap_or_else(|| vec![0.0, 0.0, 612.0, 792.0]);
    let (llx, lly, urx, ury) = match b.as_slice() {
        [a, b, c, d] => (a.min(*c), b.min(*d), a.max(*c), b.max(*d)),
        _ => (0.0, 0.0, 612.0, 792.0),
    };
    let rotate = content::inherited(doc, page, b"Rotate")
        .and_then(|o| content::resolve(doc, o))
        .and_then(|o| o.as_i64().ok())
        .unwrap_or(0)
        .rem_euclid(360);
    let (w, h) = (urx - llx, ury - lly);
    match rotate {
        90 => (Matrix::new(0.0, 1.0, 1.0, 0.0, -lly, -llx), h, w),
        180 => (Matrix::new(-1.0, 0.0, 0.0, 1.0, urx, -lly), w, h),
        270 => (Matrix::new(0.0, -1.0, -1.0, 0.0, ury, urx), h, w),
        _ => (Matrix::new(1.0, 0.0, 0.0, -1.0, -llx, ury), w, h),
    }
}

/// Set each line's pitch to the usual baseline distance of its font size in
/// the document (consecutive lines of one size on one page), so that the
/// clean stage can tell a paragraph gap from line spacing.
fn set_pitch(pages: &mut [Page]) {
    let key = |size: f32| (size * 2.0).round() as i32;
    let mut distances: HashMap<i32, HashMap<i32, usize>> = HashMap::new();
    for page in pages.iter() {
        for pair in page.lines.windows(2) {
            if let [a, b] = pair
                && key(a.size) == key(b.size)
            {
                // Line spacing rarely passes 1.6 times the size; wider
                // distances are paragraph or section gaps.
                let d = b.y - a.y;
                if d > 0.5 * a.size && d < 1.6 * a.size {
                    *distances
                        .entry(key(a.size))
                        .or_default()
                        .entry((d * 4.0).round() as i32)
                        .or_default() += 1;
                }
            }
        }
    }
    let pitch: HashMap<i32, f32> = distances
        .into_iter()
        .filter_map(|(size, hist)| {
            hist.into_iter()
                .max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(&a.0)))
                .map(|(d, _)| (size, d as f32 / 4.0))
        })
        .collect();
    for line in pages.iter_mut().flat_map(|p| p.lines.iter_mut()) {
        if let Some(p) = pitch.get(&key(line.size)) {
            line.pitch = *p;
        }
    }
}
