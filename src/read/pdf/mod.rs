//! PDF input: bytes to a [`Layout`].
//!
//! lopdf parses the file structure (cross-reference tables and streams,
//! object streams, incremental updates, the standard security handler with
//! an empty user password). Our own interpreter ([`content`]) places the
//! glyphs, decoded by [`font`], on each page, and [`lines`] builds lines from
//! them. Whatever goes wrong inside a page becomes a diagnostic for that
//! page; only a file that cannot be opened at all is an error.
//!
//! Pages are read in parallel on the thread pool's workers (each with its
//! own font cache) and put together in page order, so that the layout and
//! its diagnostics are those of one reader going through the pages.

pub mod bidi;
pub mod cmap;
mod columns;
pub mod content;
pub mod encoding;
pub mod font;
pub mod lexer;
pub mod lines;
pub mod metrics;

use super::{Layout, Page, ReadError, ReadErrorKind, ReadOptions, Rotation, Rule, Source, SourceFormat};
use crate::diagnostic::{Code, Diagnostic, Location};
use crate::limits::Limit;
use content::{Matrix, ObjectCache};
use lopdf::{Document, ObjectId};
use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};

/// Read a PDF into a layout. Unless `options.repair` is off, a file whose
/// cross-reference data cannot be parsed, or leads to no pages or to fewer
/// than its page tree declares, is rebuilt from the objects it holds (as
/// poppler does), with a `pdf_rebuilt` warning.
pub fn read(file: &str, bytes: &[u8], options: ReadOptions) -> Result<Layout, ReadError> {
    let limits = options.limits;
    let mut diagnostics = Vec::new();
    let (doc, tree) = open(file, bytes, options, &mut diagnostics)?;
    let pages = tree.numbered();
    if pages.is_empty() {
        return Err(ReadError::new(
            file,
            None,
            ReadErrorKind::NoPages {
                repaired: options.repair,
            },
        ));
    }
    if tree.cut_short {
        diagnostics.push(Diagnostic::new(
            Code::LimitExceeded,
            Location::new(file, Some(limits.count(Limit::Pages) as u32), 1),
            format!(
                "the PDF has more than {} pages; only the first {} are read (`--limit pages=N` raises it)",
                limits.pages, limits.pages
            ),
        ));
    }
    let (mut out_pages, lost_content) = read_in_order(file, &doc, &pages, &limits, &mut diagnostics);
    if out_pages.iter().all(|p| p.lines.is_empty()) {
        // Say what kept the text from being read, when something did.
        let problem = diagnostics
            .iter()
            .find(|d| d.code == Code::PdfContent)
            .map(|d| d.message.clone());
        return Err(ReadError::new(file, None, ReadErrorKind::NoText { problem }));
    }
    lost_pages(tree.declared, &pages, &lost_content, file, &mut diagnostics);
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

/// The document and its page tree: loaded, checked against the object
/// limit, and rebuilt from its objects when its pages fall short of what its
/// page tree declares. Rebuilds and page-tree loops go to `diagnostics`.
fn open(
    file: &str,
    bytes: &[u8],
    options: ReadOptions,
    diagnostics: &mut Vec<Diagnostic>,
) -> Result<(Document, PageTree), ReadError> {
    let limits = options.limits;
    // Why the file was rebuilt as it was loaded, said once its pages are known.
    let (mut doc, rebuilt_on_load) = load(file, bytes, options.repair)?;
    if doc.objects.len() as u64 > limits.objects {
        return Err(ReadError::new(
            file,
            None,
            ReadErrorKind::LimitExceeded {
                limit: Limit::Objects,
                value: limits.objects,
                what: format!("the PDF holds {} objects", doc.objects.len()),
            },
        ));
    }
    let mut tree = page_tree(&doc, limits.count(Limit::Pages));
    if let Some(why) = rebuilt_on_load {
        diagnostics.push(rebuilt_warning(file, &doc, tree.pages.len(), &why));
    }
    if options.repair
        && (tree.pages.is_empty() || (tree.pages.len() as u64) < u64::from(tree.declared))
        && let Some(rebuilt) = rebuild(bytes)
    {
        let other = page_tree(&rebuilt, limits.count(Limit::Pages));
        if other.pages.len() > tree.pages.len() {
            let why = if tree.pages.is_empty() {
                "the cross-reference data leads to no pages".to_string()
            } else {
                format!(
                    "the cross-reference data leads to {} of the {} pages the page tree declares",
                    tree.pages.len(),
                    tree.declared
                )
            };
            diagnostics.push(rebuilt_warning(file, &rebuilt, other.pages.len(), &why));
            doc = rebuilt;
            tree = other;
        }
    }
    for at in &tree.loops {
        diagnostics.push(Diagnostic::new(
            Code::PdfPageTreeLoop,
            Location::new(file, None, 1),
            format!(
                "the page tree leads back to object {} {}; the loop is broken there",
                at.0, at.1
            ),
        ));
    }
    Ok((doc, tree))
}

/// The document as lopdf loads it, authenticated with the empty password,
/// and why it was rebuilt from its objects when its cross-reference data
/// cannot be read (and `repair` is on).
fn load(file: &str, bytes: &[u8], repair: bool) -> Result<(Document, Option<String>), ReadError> {
    let error = |kind| ReadError::new(file, None, kind);
    let (doc, rebuilt_on_load) = match Document::load_mem_with_options(bytes, load_options()) {
        Ok(doc) => (doc, None),
        Err(lopdf::Error::InvalidPassword | lopdf::Error::Decryption(_)) => {
            return Err(error(ReadErrorKind::PasswordRequired));
        }
        Err(other) => match repair.then(|| rebuild(bytes)).flatten() {
            Some(rebuilt) => {
                let why = format!("the cross-reference data cannot be read ({other})");
                (rebuilt, Some(why))
            }
            None if repair => {
                let why = format!(
                    "{other}; rebuilt from the objects it holds, it has no pages either (cut short before its page objects?)"
                );
                return Err(error(ReadErrorKind::MalformedPdf(why)).caused_by(other));
            }
            None => {
                let why = other.to_string();
                return Err(error(ReadErrorKind::MalformedPdf(why)).caused_by(other));
            }
        },
    };
    if doc.is_encrypted() && doc.authenticate_password("").is_err() {
        return Err(error(ReadErrorKind::PasswordRequired));
    }
    Ok((doc, rebuilt_on_load))
}

/// The `pdf_rebuilt` warning: why the document was rebuilt, and what came
/// of it.
fn rebuilt_warning(file: &str, doc: &Document, pages: usize, why: &str) -> Diagnostic {
    Diagnostic::new(
        Code::PdfRebuilt,
        Location::new(file, Some(1), 1),
        format!(
            "{why}; the document was rebuilt from its {} objects ({pages} pages)",
            doc.objects.len(),
        ),
    )
}

/// The work the pages read so far caused, against the document's budget.
#[derive(Debug, Default, Clone)]
struct Spent {
    /// Bytes their content streams inflated to, each form object's once.
    inflated: u64,
    /// Operations interpreted, forms included.
    operations: u64,
    /// The form objects counted in `inflated`.
    forms: HashSet<ObjectId>,
}

impl Spent {
    fn add(&mut self, read: &PageRead) {
        let forms = new_forms(&read.forms, &mut self.forms);
        self.inflated = self
            .inflated
            .saturating_add(read.inflated as u64)
            .saturating_add(forms);
        self.operations = self.operations.saturating_add(read.operations as u64);
    }

    /// The document limit the pages so far went past, and what they did.
    fn over(&self, limits: &crate::limits::Limits) -> Option<(Limit, u64, String)> {
        if self.inflated > limits.document_stream_bytes {
            let what = format!(
                "the content streams read so far, forms included, inflate to {} bytes",
                self.inflated
            );
            Some((Limit::DocumentStreamBytes, limits.document_stream_bytes, what))
        } else if self.operations > limits.document_operators {
            let what = format!(
                "the pages read so far ran {} content operations, forms included",
                self.operations
            );
            Some((Limit::DocumentOperators, limits.document_operators, what))
        } else {
            None
        }
    }
}

/// The bytes of the forms in `forms` not yet in `counted`, which now
/// holds them.
fn new_forms(forms: &HashMap<ObjectId, usize>, counted: &mut HashSet<ObjectId>) -> u64 {
    forms
        .iter()
        .filter(|(id, _)| counted.insert(**id))
        .fold(0u64, |sum, (_, &bytes)| sum.saturating_add(bytes as u64))
}

/// The pages read, in page order, up to where the work they cause
/// (content inflated, operations run) passes the document's budget, and
/// the numbers of those whose content is missing; what each page says goes
/// to `diagnostics`.
fn read_in_order(
    file: &str,
    doc: &Document,
    pages: &BTreeMap<u32, ObjectId>,
    limits: &crate::limits::Limits,
    diagnostics: &mut Vec<Diagnostic>,
) -> (Vec<Page>, Vec<u32>) {
    let page_limits = content::Limits::from(limits);
    let numbered: Vec<(u32, ObjectId)> = pages.iter().map(|(&n, &id)| (n, id)).collect();
    let mut reads = read_pages(doc, &numbered, page_limits, limits).into_iter();
    let mut out_pages = Vec::with_capacity(pages.len());
    let mut lost_content: Vec<u32> = Vec::new();
    let mut spent = Spent::default();
    // Fonts whose problems an earlier page said.
    let mut fonts_said: HashSet<ObjectId> = HashSet::new();
    let mut encoding_only: BTreeMap<String, FontUse> = BTreeMap::new();
    for &(number, page_id) in &numbered {
        if let Some((limit, value, what)) = spent.over(limits) {
            let last = pages.keys().next_back().copied().unwrap_or(number);
            diagnostics.push(
                Diagnostic::new(
                    Code::LimitExceeded,
                    Location::new(file, Some(number), 1),
                    format!(
                        "{what}, over the limit {limit}={value} (`--limit {limit}=N` raises it); pages {number} to {last} are not read",
                    ),
                )
                .with_related(Location::new(file, Some(last), 1)),
            );
            break;
        }
        // Every page before the cut was read (the workers stop only past it).
        let read = match reads.next().flatten() {
            Some(read) => read,
            None => read_page(doc, number, page_id, &mut ObjectCache::default(), page_limits),
        };
        spent.add(&read);
        for (name, letters) in &read.encoding_only {
            let font = encoding_only.entry(name.clone()).or_default();
            font.letters.add(*letters);
            if letters.accented > 0 {
                font.pages.push(number);
            }
        }
        if read.lost {
            lost_content.push(number);
        }
        let at = Location::new(file, Some(number), 1);
        glyph_counts(&read, &at, number, diagnostics);
        let fonts_here: HashSet<ObjectId> = read.problems.iter().filter_map(|p| p.font).collect();
        page_problems(read.problems, &at, number, &fonts_said, diagnostics);
        fonts_said.extend(fonts_here);
        out_pages.push(read.page);
    }
    undecodable_fonts(file, &encoding_only, diagnostics);
    (out_pages, lost_content)
}

/// What an encoding-only font showed in the document, and the pages where
/// it showed accented letters.
#[derive(Debug, Default)]
struct FontUse {
    letters: content::Letters,
    pages: Vec<u32>,
}

/// Accented letters a font must show before its text is taken for
/// another script's code page: a few words' worth.
const UNDECODABLE_MIN_LETTERS: usize = 20;

/// An `undecodable_font` warning for each font without a Unicode mapping
/// whose letters are mostly accented Latin ones: no language writes so
/// (French has a few in a hundred), but Arabic set in Windows-1256 through
/// a WinAnsi font does, every letter. The first page is the place, the
/// others are related places.
fn undecodable_fonts(file: &str, fonts: &BTreeMap<String, FontUse>, diagnostics: &mut Vec<Diagnostic>) {
    for (name, font) in fonts {
        let content::Letters { all, accented } = font.letters;
        let Some((&first, rest)) = font.pages.split_first() else {
            continue;
        };
        if accented < UNDECODABLE_MIN_LETTERS || accented * 2 <= all {
            continue;
        }
        let mut warning = Diagnostic::new(
            Code::UndecodableFont,
            Location::new(file, Some(first), 1),
            format!(
                "font {name} has no Unicode mapping (no ToUnicode, a one-byte encoding) and {accented} of the {all} letters it shows read as accented Latin letters: its text cannot be decoded (another script set with a legacy code page); {} {}",
                if font.pages.len() == 1 { "page" } else { "pages" },
                page_runs(&font.pages)
            ),
        );
        for &page in rest {
            warning = warning.with_related(Location::new(file, Some(page), 1));
        }
        diagnostics.push(warning);
    }
}

/// Page numbers in order as runs: `1, 3-5, 9`.
fn page_runs(pages: &[u32]) -> String {
    runs(pages.iter().copied())
        .iter()
        .map(|&(a, b)| if a == b { a.to_string() } else { format!("{a}-{b}") })
        .collect::<Vec<_>>()
        .join(", ")
}

/// Numbers in order as runs of consecutive ones, first and last.
fn runs(numbers: impl IntoIterator<Item = u32>) -> Vec<(u32, u32)> {
    let mut runs: Vec<(u32, u32)> = Vec::new();
    for n in numbers {
        match runs.last_mut() {
            Some((_, end)) if end.saturating_add(1) == n => *end = n,
            _ => runs.push((n, n)),
        }
    }
    runs
}

/// Glyphs read as U+FFFD, and glyphs not read at all, counted for a page.
fn glyph_counts(read: &PageRead, at: &Location, number: u32, diagnostics: &mut Vec<Diagnostic>) {
    for (count, code, what) in [
        (
            read.unmapped,
            Code::UnmappedGlyphs,
            "have no Unicode mapping in their font and read as U+FFFD",
        ),
        (
            read.mirrored,
            Code::MirroredGlyphs,
            "are set mirrored or with no size and are not read",
        ),
    ] {
        if count > 0 {
            diagnostics.push(Diagnostic::new(
                code,
                at.clone(),
                format!("{count} glyph(s) on page {number} {what}"),
            ));
        }
    }
}

/// What went wrong on a page, each problem said once and at most 20 of
/// them; a font's problems only on the first page that met them.
fn page_problems(
    problems: Vec<content::Problem>,
    at: &Location,
    number: u32,
    fonts_said: &HashSet<ObjectId>,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let mut seen = Vec::new();
    for problem in problems {
        if problem.font.is_some_and(|id| fonts_said.contains(&id)) {
            continue;
        }
        let problem = problem.message;
        if !seen.contains(&problem) && seen.len() < 20 {
            diagnostics.push(Diagnostic::new(
                Code::PdfContent,
                at.clone(),
                format!("page {number}: {problem}"),
            ));
            seen.push(problem);
        }
    }
}

/// One page read: its lines, and what the document-wide pass says of it.
struct PageRead {
    page: Page,
    /// Bytes its content streams inflated to.
    inflated: usize,
    /// The bytes each form object it drew inflates to.
    forms: HashMap<ObjectId, usize>,
    /// Operations interpreted, forms included.
    operations: usize,
    /// Letters each encoding-only font showed.
    encoding_only: HashMap<String, content::Letters>,
    /// Whether its content is missing from the file.
    lost: bool,
    unmapped: usize,
    /// Glyphs no line reads (mirrored, of no size).
    mirrored: usize,
    problems: Vec<content::Problem>,
}

fn read_page(
    doc: &Document,
    number: u32,
    page_id: lopdf::ObjectId,
    fonts: &mut ObjectCache,
    limits: content::Limits,
) -> PageRead {
    let (device, width, height) = device_matrix(doc, page_id);
    let content = content::interpret_page(doc, page_id, device, fonts, limits);
    // A page whose content the file no longer holds (cut short): lost.
    let lost = content.glyphs.is_empty() && content_missing(doc, page_id);
    let mut lines = lines::build(content.glyphs);
    turned_lines(content.turned, &mut lines);
    let rules = content
        .rules
        .iter()
        .map(|r| Rule {
            x0: r.x0,
            x1: r.x1,
            y: r.y,
        })
        .collect();
    PageRead {
        page: Page {
            number,
            width,
            height,
            lines,
            rules,
        },
        inflated: content.inflated,
        forms: content.forms,
        operations: content.operations,
        encoding_only: content.encoding_only,
        lost,
        unmapped: content.unmapped,
        mirrored: content.mirrored,
        problems: content.problems,
    }
}

/// Read the pages on as many workers as the thread pool has, each with an
/// object cache of its own, taking pages in order: a slot per page, `None`
/// for one no worker read. A worker starts no page once the pages finished
/// so far pass the document's budget, so every page before the place where
/// the caller cuts (in page order, as one reader would) is read.
fn read_pages(
    doc: &Document,
    pages: &[(u32, lopdf::ObjectId)],
    limits: content::Limits,
    document: &crate::limits::Limits,
) -> Vec<Option<PageRead>> {
    let next = AtomicUsize::new(0);
    let inflated = AtomicU64::new(0);
    let operations = AtomicU64::new(0);
    let slots: Mutex<Vec<Option<PageRead>>> = Mutex::new((0..pages.len()).map(|_| None).collect());
    let work = || {
        let mut fonts = ObjectCache::default();
        // The forms this worker's cache decoded: each cost it once.
        let mut decoded = HashSet::new();
        while inflated.load(Ordering::Relaxed) <= document.document_stream_bytes
            && operations.load(Ordering::Relaxed) <= document.document_operators
        {
            let i = next.fetch_add(1, Ordering::Relaxed);
            let Some(&(number, page_id)) = pages.get(i) else {
                break;
            };
            let read = read_page(doc, number, page_id, &mut fonts, limits);
            let forms = new_forms(&read.forms, &mut decoded);
            inflated.fetch_add((read.inflated as u64).saturating_add(forms), Ordering::Relaxed);
            operations.fetch_add(read.operations as u64, Ordering::Relaxed);
            if let Ok(mut slots) = slots.lock()
                && let Some(slot) = slots.get_mut(i)
            {
                *slot = Some(read);
            }
        }
    };
    let workers = rayon::current_num_threads().min(pages.len());
    if workers <= 1 {
        work();
    } else {
        rayon::scope(|scope| {
            for _ in 0..workers {
                scope.spawn(|_| work());
            }
        });
    }
    slots.into_inner().unwrap_or_default()
}

/// Lines of text set at a quarter or half turn (a landscape page's margin
/// header, a rotated table heading) or another angle (a diagonal
/// watermark), built in the text's own frame and put back on the page after
/// the upright lines, marked with their rotation.
fn turned_lines(mut turned: Vec<(Rotation, content::PlacedGlyph)>, lines: &mut Vec<super::Line>) {
    if turned.is_empty() {
        return;
    }
    // Grouped by direction in order (a stable sort keeps each group's
    // glyphs in drawing order): linear in the groups however many angles a
    // page's slanted labels or curved text have.
    turned.sort_by_key(|(r, _)| r.order());
    let mut by_turn: Vec<(Rotation, Vec<content::PlacedGlyph>)> = Vec::new();
    for (rotation, glyph) in turned {
        match by_turn.last_mut() {
            Some((r, glyphs)) if *r == rotation => glyphs.push(glyph),
            _ => by_turn.push((rotation, vec![glyph])),
        }
    }
    for (rotation, glyphs) in by_turn {
        if glyphs.is_empty() {
            continue;
        }
        for mut line in lines::build(glyphs) {
            let (x, y) = rotation.to_page(line.x, line.y);
            line.move_to(x);
            line.y = y;
            line.right = x;
            for note in &mut line.notes {
                note.x = x;
            }
            line.rotation = rotation;
            lines.push(line);
        }
    }
    for (i, line) in lines.iter_mut().enumerate() {
        line.number = u32::try_from(i + 1).unwrap_or(u32::MAX);
    }
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
    declared: u32,
    pages: &std::collections::BTreeMap<u32, lopdf::ObjectId>,
    lost_content: &[u32],
    file: &str,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let last = declared.max(pages.keys().next_back().copied().unwrap_or(0));
    let lost = (1..=last).filter(|n| !pages.contains_key(n) || lost_content.contains(n));
    for (start, end) in runs(lost) {
        let which = if start == end {
            format!("page {start}")
        } else {
            format!("pages {start} to {end}")
        };
        // The run's last page rides along as the related place, so that
        // counts of lost pages need not read the message.
        diagnostics.push(
            Diagnostic::new(
                Code::PdfPagesLost,
                Location::new(file, Some(start), 1),
                format!(
                    "{which} of the {last} the document declares could not be read (the file is cut short or damaged): {} page(s) lost",
                    end - start + 1
                ),
            )
            .with_related(Location::new(file, Some(end), 1)),
        );
    }
}

/// How lopdf loads a file: objects that text extraction never reads (the
/// structure tree's elements, often most of a tagged file's objects) are
/// dropped as they are read, so that they take no memory.
fn load_options() -> lopdf::LoadOptions {
    lopdf::LoadOptions {
        filter: Some(keep_object),
        ..lopdf::LoadOptions::default()
    }
}

fn keep_object(id: ObjectId, object: &mut lopdf::Object) -> Option<(ObjectId, lopdf::Object)> {
    let unread = object
        .as_dict()
        .ok()
        .and_then(|d| d.get(b"Type").ok())
        .and_then(|t| t.as_name().ok())
        .is_some_and(|t| t == b"StructElem" || t == b"MCR" || t == b"OBJR");
    // lopdf keeps a top-level object from the reference it passes and an
    // object stream's member from the value returned: both must hold it.
    (!unread).then(|| (id, object.clone()))
}

/// A catalog and an empty page tree appended to a file that has none, under
/// object numbers no real file of our size reaches.
const STAND_IN_CATALOG: &[u8] = b"\nendstream\nendobj\n999998 0 obj\n<< /Type /Catalog /Pages 999999 0 R >>\nendobj\n999999 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\n";

/// The document as its objects give it: the cross-reference table rebuilt
/// by scanning the file, and the catalog found by its type when the
/// trailer names another object. `None` when no pages come of it.
fn rebuild(bytes: &[u8]) -> Option<Document> {
    let options = lopdf::LoadOptions {
        force_reconstruct: true,
        ..load_options()
    };
    let mut doc = match Document::load_mem_with_options(bytes, options.clone()) {
        Ok(doc) => doc,
        // No catalog to be found (a file cut before it): give the scan one
        // to find, after closing a stream the cut may have left open; the
        // pages are then collected below.
        Err(_) => {
            let mut patched = bytes.to_vec();
            patched.extend_from_slice(STAND_IN_CATALOG);
            Document::load_mem_with_options(&patched, options).ok()?
        }
    };
    if page_tree(&doc, 1).pages.is_empty() {
        let of_type = |wanted: &[u8]| {
            doc.objects
                .iter()
                .filter(|(_, object)| {
                    object
                        .as_dict()
                        .ok()
                        .and_then(|d| d.get(b"Type").ok())
                        .and_then(|t| t.as_name().ok())
                        == Some(wanted)
                })
                .map(|(id, _)| *id)
                .collect::<Vec<_>>()
        };
        let catalog = of_type(b"Catalog")
            .into_iter()
            .find(|&id| !page_tree_from(&doc, Some(id), 1).pages.is_empty());
        match catalog {
            Some(catalog) => doc.trailer.set("Root", catalog),
            None => {
                // A file cut before its page tree (word processors write it
                // last): its pages, in the order of their object numbers,
                // under a page tree made for them.
                let pages = of_type(b"Page");
                if pages.is_empty() {
                    return None;
                }
                let kids: Vec<lopdf::Object> = pages.iter().map(|&id| lopdf::Object::Reference(id)).collect();
                let count = kids.len() as i64;
                let mut tree = lopdf::Dictionary::new();
                tree.set("Type", lopdf::Object::Name(b"Pages".to_vec()));
                tree.set("Kids", kids);
                tree.set("Count", count);
                let tree = doc.add_object(tree);
                let mut catalog = lopdf::Dictionary::new();
                catalog.set("Type", lopdf::Object::Name(b"Catalog".to_vec()));
                catalog.set("Pages", tree);
                let catalog = doc.add_object(catalog);
                doc.trailer.set("Root", catalog);
            }
        }
    }
    (!page_tree(&doc, 1).pages.is_empty()).then_some(doc)
}

/// The pages a page tree leads to, walked from the catalog's `/Pages` in
/// order; a node met a second time is a loop, broken there (poppler reads
/// such files the same way).
struct PageTree {
    pages: Vec<ObjectId>,
    /// The root's `/Count`: how many pages the document says it has.
    declared: u32,
    /// Nodes at which the tree led back to itself.
    loops: Vec<ObjectId>,
    /// More pages than the limit: the walk stopped.
    cut_short: bool,
}

impl PageTree {
    fn numbered(&self) -> std::collections::BTreeMap<u32, ObjectId> {
        (1u32..).zip(self.pages.iter().copied()).collect()
    }
}

/// Deepest page tree walked.
const MAX_TREE_DEPTH: usize = 256;

fn page_tree(doc: &Document, max_pages: usize) -> PageTree {
    let catalog = doc.trailer.get(b"Root").ok().and_then(|r| r.as_reference().ok());
    page_tree_from(doc, catalog, max_pages)
}

fn page_tree_from(doc: &Document, catalog: Option<ObjectId>, max_pages: usize) -> PageTree {
    let mut tree = PageTree {
        pages: Vec::new(),
        declared: 0,
        loops: Vec::new(),
        cut_short: false,
    };
    let Some(root) = catalog
        .and_then(|c| doc.get_dictionary(c).ok())
        .and_then(|c| c.get(b"Pages").ok())
        .and_then(|p| p.as_reference().ok())
    else {
        return tree;
    };
    tree.declared = doc
        .get_dictionary(root)
        .ok()
        .and_then(|d| d.get(b"Count").ok())
        .and_then(|c| content::resolve(doc, c))
        .and_then(|c| c.as_i64().ok())
        .and_then(|n| u32::try_from(n).ok())
        .unwrap_or(0)
        .min(u32::try_from(max_pages).unwrap_or(u32::MAX));
    let mut seen: std::collections::HashSet<ObjectId> = std::collections::HashSet::new();
    // Depth-first, in order: a stack of kids still to visit, reversed.
    let mut stack: Vec<(ObjectId, usize)> = vec![(root, 0)];
    while let Some((id, depth)) = stack.pop() {
        if !seen.insert(id) {
            if tree.loops.len() < 16 {
                tree.loops.push(id);
            }
            continue;
        }
        let Ok(node) = doc.get_dictionary(id) else {
            continue;
        };
        let kids = node
            .get(b"Kids")
            .ok()
            .and_then(|k| content::resolve(doc, k))
            .and_then(|k| k.as_array().ok());
        let kind = node.get(b"Type").and_then(lopdf::Object::as_name).ok();
        let is_page = kind == Some(b"Page".as_slice());
        match kids {
            // An intermediate node without kids holds no pages.
            None if kind == Some(b"Pages".as_slice()) => {}
            Some(kids) if !is_page => {
                if depth >= MAX_TREE_DEPTH {
                    continue;
                }
                for kid in kids.iter().rev() {
                    if let Ok(kid) = kid.as_reference() {
                        stack.push((kid, depth + 1));
                    }
                }
            }
            _ => {
                if tree.pages.len() >= max_pages {
                    tree.cut_short = true;
                    break;
                }
                tree.pages.push(id);
            }
        }
    }
    tree
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
                && a.rotation == Rotation::Upright
                && b.rotation == Rotation::Upright
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

#[cfg(test)]
mod parallel_tests {
    use crate::read::{ReadOptions, read};

    /// Read on `threads` workers, as JSON (layout and diagnostics).
    fn read_on(threads: usize, bytes: &[u8], options: ReadOptions) -> String {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap();
        let layout = pool.install(|| read("seed.pdf", bytes, options)).unwrap();
        serde_json::to_string(&layout).unwrap()
    }

    #[test]
    fn pages_read_in_parallel_are_those_of_one_reader() {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/fixtures/seed-pdf-libreoffice/seed-libreoffice.pdf"
        );
        let bytes = std::fs::read(path).unwrap();
        let one = read_on(1, &bytes, ReadOptions::default());
        assert!(one.len() > 10_000);
        for _ in 0..5 {
            assert_eq!(read_on(2, &bytes, ReadOptions::default()), one);
        }
        // Cut by the document's stream limit where one reader cuts.
        let mut options = ReadOptions::default();
        options.limits.document_stream_bytes = 20_000;
        let cut = read_on(1, &bytes, options);
        assert!(cut.contains("document-stream-bytes") && cut.len() < one.len());
        for _ in 0..5 {
            assert_eq!(read_on(2, &bytes, options), cut);
        }
    }

    #[test]
    fn pages_as_runs() {
        assert_eq!(super::page_runs(&[2]), "2");
        assert_eq!(super::page_runs(&[1, 3, 4, 5, 9]), "1, 3-5, 9");
        assert!(super::runs(std::iter::empty()).is_empty());
    }
}
