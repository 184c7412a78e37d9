//! The PDF reader on small PDFs built for one feature each.

use crate::pdfbuild::{Builder, identity_hex, text_at};
use lopdf::dictionary;
use unrec::read::{self, Layout, ReadErrorKind};
use unrec::{Config, clean};

fn layout(bytes: &[u8]) -> Layout {
    read::read("t.pdf", bytes, Default::default()).unwrap()
}

fn page_texts(layout: &Layout, page: usize) -> Vec<String> {
    layout.pages[page].lines.iter().map(|l| l.text.clone()).collect()
}

#[test]
fn tj_displacements_without_space_characters_make_words() {
    let mut b = Builder::new();
    b.standard_font("F1", "Times-Roman");
    b.page("BT /F1 10 Tf 72 700 Td [(States)-250(parties)-250(should)-20(,)] TJ ET");
    let l = layout(&b.finish());
    assert_eq!(page_texts(&l, 0), ["States parties should,"]);
}

#[test]
fn standard_14_widths_place_words() {
    // "Migrants" is 38.34 pt wide in Helvetica 10 pt and a space 2.78 pt:
    // the second string starts a word space after the first, or right at
    // its end.
    for (offset, expected) in [(41.12, "Migrants Protocol"), (38.34, "MigrantsProtocol")] {
        let mut b = Builder::new();
        b.standard_font("F1", "Helvetica");
        b.page(&format!(
            "BT /F1 10 Tf 72 700 Td (Migrants) Tj {offset} 0 Td (Protocol) Tj ET"
        ));
        assert_eq!(page_texts(&layout(&b.finish()), 0), [expected]);
    }
}

#[test]
fn identity_h_with_to_unicode() {
    let alphabet = "Prtocl –“”p";
    let mut b = Builder::new();
    b.identity_font("F2", alphabet, 500);
    let content = format!(
        "BT /F2 10 Tf 72 700 Td {} Tj ET",
        identity_hex(alphabet, "Protocol – “loop”")
    );
    b.page(&content);
    let l = layout(&b.finish());
    assert_eq!(page_texts(&l, 0), ["Protocol – “loop”"]);
    assert!(l.diagnostics.is_empty(), "{:?}", l.diagnostics);
}

#[test]
fn differences_with_glyph_names() {
    let mut b = Builder::new();
    b.font(
        "F3",
        dictionary! {
            "Type" => "Font", "Subtype" => "Type1", "BaseFont" => "Times-Roman",
            "Encoding" => dictionary! {
                "Type" => "Encoding", "BaseEncoding" => "WinAnsiEncoding",
                "Differences" => vec![1.into(), "quotedblleft".into(), "uni00E9".into(), "f_i".into(), "quotedblright".into()],
            },
        },
    );
    b.page("BT /F3 10 Tf 72 700 Td (\\001caf\\002 \\003ve\\004) Tj ET");
    let l = layout(&b.finish());
    assert_eq!(page_texts(&l, 0), ["“café five”"]);
}

#[test]
fn hanging_number_joins_its_paragraph() {
    let mut b = Builder::new();
    b.standard_font("F1", "Times-Roman");
    let mut content = text_at("F1", 10.0, 56.7, 700.0, "1.");
    content.push_str(&text_at("F1", 10.0, 85.0, 700.0, "States parties should act"));
    content.push_str(&text_at("F1", 10.0, 85.0, 688.0, "together."));
    b.page(&content);
    let blocks = clean::clean(&layout(&b.finish()), &unrec::limits::Limits::default());
    let texts: Vec<&str> = blocks.blocks.iter().map(|b| b.text.as_str()).collect();
    assert_eq!(texts, ["1. States parties should act together."]);
}

#[test]
fn line_end_hyphens_on_evidence() {
    let mut b = Builder::new();
    b.standard_font("F1", "Times-Roman");
    let lines = [
        "1. Capacity-building and cooperation matter.",
        "2. More coopera-",
        "tion and capacity-",
        "building.",
    ];
    let mut content = String::new();
    for (i, line) in lines.iter().enumerate() {
        content.push_str(&text_at("F1", 10.0, 72.0, 700.0 - 12.0 * i as f32, line));
    }
    b.page(&content);
    let blocks = clean::clean(&layout(&b.finish()), &unrec::limits::Limits::default());
    assert_eq!(
        blocks.blocks[1].text,
        "2. More cooperation and capacity-building."
    );
}

#[test]
fn headers_footers_and_footnotes_are_furniture() {
    let mut b = Builder::new();
    b.standard_font("F1", "Times-Roman");
    for page in 1..=3 {
        let mut content = text_at("F1", 10.0, 72.0, 800.0, "CTOC/COP/WG.7/2019/9");
        content.push_str(&text_at(
            "F1",
            10.0,
            72.0,
            700.0,
            &format!("{page}. Body text of page {page}."),
        ));
        if page == 1 {
            content.push_str("0.5 w 72 120 m 216 120 l S\n");
            content.push_str(&text_at("F1", 8.0, 72.0, 108.0, "* A footnote in small print."));
        }
        content.push_str(&text_at(
            "F1",
            8.0,
            72.0,
            40.0,
            &format!("V.19-04998    {page}/3"),
        ));
        b.page(&content);
    }
    let blocks = clean::clean(&layout(&b.finish()), &unrec::limits::Limits::default());
    let texts: Vec<&str> = blocks.blocks.iter().map(|b| b.text.as_str()).collect();
    assert_eq!(
        texts,
        [
            "1. Body text of page 1.",
            "2. Body text of page 2.",
            "3. Body text of page 3."
        ]
    );
    assert_eq!(blocks.furniture.len(), 7, "{:#?}", blocks.furniture);
    assert_eq!(blocks.blocks[1].start.page, Some(2));
}

#[test]
fn a_compilation_across_pages_keeps_page_numbers() {
    let mut b = Builder::new();
    b.standard_font("F1", "Times-Roman");
    let mut one = text_at(
        "F1",
        10.0,
        72.0,
        760.0,
        "I. First meeting, Vienna, 4 and 5 July 2018",
    );
    one.push_str(&text_at("F1", 10.0, 72.0, 730.0, "1. States parties should act."));
    one.push_str(&text_at(
        "F1",
        10.0,
        72.0,
        712.0,
        "2. States parties should continue to review their",
    ));
    b.page(&one);
    let two = text_at("F1", 10.0, 72.0, 760.0, "legislation and practice.");
    b.page(&two);
    let bytes = b.finish();
    let x = unrec::extract("t.pdf", &bytes, &Config::of_kind(unrec::model::Kind::Compilation)).unwrap();
    let recs = &x.document.units;
    assert_eq!(recs.len(), 2);
    assert_eq!(
        recs[1].text,
        "States parties should continue to review their legislation and practice."
    );
    assert_eq!((recs[1].start.page, recs[1].end.page), (Some(1), Some(2)));
    let rows: Vec<_> = unrec::emit::rows(&x).collect();
    assert_eq!(
        (rows[1].integer("page_start"), rows[1].integer("page_end")),
        (Some(1), Some(2))
    );
    assert_eq!(rows[1].text("source"), Some("t.pdf:p1:3"));
}

#[test]
fn not_a_pdf_and_no_pages_are_errors() {
    let err = read::read("bad.pdf", b"%PDF-1.4\n garbage", Default::default()).unwrap_err();
    assert!(
        matches!(
            err.kind,
            ReadErrorKind::MalformedPdf(_) | ReadErrorKind::NoPages { .. }
        ),
        "{err}"
    );
    assert!(err.to_string().starts_with("bad.pdf: "), "{err}");
}

#[test]
fn form_xobjects_are_drawn_and_cycles_stopped() {
    use lopdf::{Object, Stream};
    let mut doc = lopdf::Document::with_version("1.5");
    let font =
        doc.add_object(dictionary! { "Type" => "Font", "Subtype" => "Type1", "BaseFont" => "Helvetica" });
    let form_id = doc.new_object_id();
    let form = Stream::new(
        dictionary! {
            "Type" => "XObject", "Subtype" => "Form", "BBox" => vec![0.into(), 0.into(), 595.into(), 842.into()],
            "Matrix" => vec![1.into(), 0.into(), 0.into(), 1.into(), 0.into(), (-100).into()],
            "Resources" => dictionary! { "Font" => dictionary! { "F1" => font }, "XObject" => dictionary! { "X1" => form_id } },
        },
        b"BT /F1 10 Tf 72 700 Td (Inside the form) Tj ET /X1 Do".to_vec(),
    );
    doc.objects.insert(form_id, Object::Stream(form));
    let content = doc.add_object(Stream::new(
        dictionary! {},
        b"q /X1 Do Q BT /F1 10 Tf 72 700 Td (On the page) Tj ET".to_vec(),
    ));
    let pages_id = doc.new_object_id();
    let page = doc.add_object(dictionary! { "Type" => "Page", "Parent" => pages_id, "Contents" => content,
        "Resources" => dictionary! { "Font" => dictionary! { "F1" => font }, "XObject" => dictionary! { "X1" => form_id } } });
    doc.objects.insert(
        pages_id,
        Object::Dictionary(
            dictionary! { "Type" => "Pages", "Kids" => vec![page.into()], "Count" => 1,
            "MediaBox" => vec![0.into(), 0.into(), 595.into(), 842.into()] },
        ),
    );
    let catalog = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages_id });
    doc.trailer.set("Root", catalog);
    let mut bytes = Vec::new();
    doc.save_to(&mut bytes).unwrap();
    let l = layout(&bytes);
    assert_eq!(page_texts(&l, 0), ["On the page", "Inside the form"]);
    assert!(
        l.diagnostics
            .iter()
            .any(|d| d.message.contains("contains itself")),
        "{:?}",
        l.diagnostics
    );
}

#[test]
fn text_state_operators_move_and_space_text() {
    let mut b = Builder::new();
    b.standard_font("F1", "Times-Roman");
    // TL and T*, the ' and " operators, TD, Tz and Tc, and Tw on spaces.
    b.page(concat!(
        "BT /F1 10 Tf 14 TL 72 700 Td (First line) Tj T* (Second line) Tj ",
        "(Third line) ' 2 0 (Fourth line) \" 0 -14 TD 0 Tw ",
        "50 Tz (Narrow) Tj 100 Tz 0 -14 Td 5 Tc (Wide) Tj 0 Tc ET"
    ));
    let l = layout(&b.finish());
    assert_eq!(
        page_texts(&l, 0),
        [
            "First line",
            "Second line",
            "Third line",
            "Fourth line",
            "Narrow",
            "W i d e"
        ]
    );
    let ys: Vec<f32> = l.pages[0].lines.iter().map(|l| l.y).collect();
    assert!(ys.windows(2).all(|w| (w[1] - w[0] - 14.0).abs() < 0.01), "{ys:?}");
}

#[test]
fn unmapped_glyphs_are_counted_per_page() {
    let mut b = Builder::new();
    // A composite font with a predefined CMap and no ToUnicode: codes read,
    // text does not.
    let descendant = lopdf::Object::Dictionary(dictionary! {
        "Type" => "Font", "Subtype" => "CIDFontType0", "BaseFont" => "Unknown",
        "CIDSystemInfo" => dictionary! { "Registry" => lopdf::Object::string_literal("Adobe"), "Ordering" => lopdf::Object::string_literal("Japan1"), "Supplement" => 2 },
    });
    b.font(
        "F9",
        dictionary! { "Type" => "Font", "Subtype" => "Type0", "BaseFont" => "Unknown", "Encoding" => "90ms-RKSJ-H", "DescendantFonts" => vec![descendant] },
    );
    b.standard_font("F1", "Helvetica");
    b.page("BT /F1 10 Tf 72 720 Td (Readable) Tj ET BT /F9 10 Tf 72 700 Td <00410042> Tj ET");
    let l = layout(&b.finish());
    assert_eq!(page_texts(&l, 0)[0], "Readable");
    assert!(page_texts(&l, 0)[1].contains('\u{FFFD}'));
    let unmapped: Vec<_> = l
        .diagnostics
        .iter()
        .filter(|d| d.code.name() == "unmapped_glyphs")
        .collect();
    assert_eq!(unmapped.len(), 1, "{:?}", l.diagnostics);
    assert_eq!(unmapped[0].location.page, Some(1));
    assert!(
        unmapped[0].message.starts_with("2 glyph(s)"),
        "{}",
        unmapped[0].message
    );
}

#[test]
fn incremental_updates_and_cross_reference_streams() {
    let mut b = Builder::new();
    b.standard_font("F1", "Helvetica");
    b.page("BT /F1 10 Tf 72 700 Td (Old text) Tj ET");
    let original = b.finish();
    // A later revision appended to the file replaces the page's content.
    let doc = lopdf::Document::load_mem(&original).unwrap();
    let page = *doc.get_pages().get(&1).unwrap();
    let content_id = doc.get_page_contents(page)[0];
    let mut update = lopdf::IncrementalDocument::create_from(original.clone(), doc);
    update.new_document.objects.insert(
        content_id,
        lopdf::Object::Stream(lopdf::Stream::new(
            dictionary! {},
            b"BT /F1 10 Tf 72 700 Td (New text) Tj ET".to_vec(),
        )),
    );
    let mut updated = Vec::new();
    update.save_to(&mut updated).unwrap();
    assert!(updated.starts_with(&original));
    assert_eq!(page_texts(&layout(&updated), 0), ["New text"]);
    // The same document written with a cross-reference stream and object streams.
    let mut doc = lopdf::Document::load_mem(&original).unwrap();
    let mut modern = Vec::new();
    doc.save_modern(&mut modern).unwrap();
    assert!(String::from_utf8_lossy(&modern).contains("/XRef"));
    assert_eq!(page_texts(&layout(&modern), 0), ["Old text"]);
}

#[test]
fn rotated_pages_read_as_displayed() {
    let mut b = Builder::new();
    b.standard_font("F1", "Helvetica");
    // Landscape by /Rotate 90: text drawn turned a quarter left in user
    // space stands upright on the page as shown.
    b.page_with(
        "BT /F1 10 Tf 0 1 -1 0 300 100 Tm (Landscape text) Tj 0 1 -1 0 315 100 Tm (Second line) Tj ET",
        dictionary! { "Rotate" => 90 },
    );
    // Text at a slant on an upright page is a line of its own, after the
    // upright ones (it was left out).
    b.page("BT /F1 10 Tf 0.7 0.7 -0.7 0.7 100 100 Tm (Slanted) Tj 1 0 0 1 72 700 Tm (Upright) Tj ET");
    let l = layout(&b.finish());
    assert_eq!(page_texts(&l, 0), ["Landscape text", "Second line"]);
    assert_eq!((l.pages[0].width, l.pages[0].height), (842.0, 595.0));
    assert_eq!(page_texts(&l, 1), ["Upright", "Slanted"]);
    assert_eq!(
        l.pages[1].lines[1].rotation,
        unrec::read::Rotation::Slanted { tenths: -450 }
    );
}

#[test]
fn actual_text_and_cancelled_spaces() {
    let mut b = Builder::new();
    b.standard_font("F1", "Helvetica");
    // A soft hyphen drawn as a space, with its meaning in /ActualText
    // (Skia); a space whose advance word spacing cancels (Ghostscript).
    b.page(concat!(
        "BT /F1 10 Tf 72 700 Td (meet) Tj /Span <</ActualText <FEFF00AD>>> BDC ( ) Tj EMC (ing) Tj ET\n",
        "BT /F1 10 Tf 72 680 Td (dev) Tj -2.6 Tw ( ) Tj 0 Tw (elopment and) Tj ( ) Tj (more) Tj ET\n",
        "BT /F1 10 Tf 72 660 Td /Span <</ActualText (fi)>> BDC (X) Tj EMC (nal) Tj ET"
    ));
    let l = layout(&b.finish());
    assert_eq!(
        page_texts(&l, 0),
        ["meet\u{ad}ing", "development and more", "final"]
    );
    let blocks = clean::clean(&l, &unrec::limits::Limits::default());
    assert_eq!(blocks.blocks[0].text, "meeting development and more final");
}

/// A page with the line `1. States should act.` and `text` set at the text
/// matrix `matrix`, read.
fn body_and_text_at(matrix: &str, text: &str) -> Layout {
    let mut b = Builder::new();
    b.standard_font("F1", "Helvetica");
    let content = format!(
        "{}BT /F1 9 Tf {matrix} Tm ({text}) Tj ET",
        text_at("F1", 10.0, 72.0, 700.0, "1. States should act.")
    );
    b.page(&content);
    layout(&b.finish())
}

/// Text turned by a quarter (either way), a half or another angle: a line
/// of its own, read along its direction, marked with its rotation and set
/// aside as furniture; the upright body text is read as before.
#[test]
fn turned_text_reads_along_its_direction() {
    use unrec::read::Rotation;
    let cases = [
        // Reads down the page (Word's margin header on a landscape page).
        ("0 -1 1 0 560 700", Rotation::Down),
        // Reads up the page.
        ("0 1 -1 0 40 100", Rotation::Up),
        ("-1 0 0 -1 500 40", Rotation::UpsideDown),
        // A diagonal watermark, rising at 45°, and a label falling at 30°
        // (angles clockwise on the page, `y` down).
        (
            "0.7071 0.7071 -0.7071 0.7071 150 200",
            Rotation::Slanted { tenths: -450 },
        ),
        ("0.866 -0.5 0.5 0.866 150 600", Rotation::Slanted { tenths: 300 }),
    ];
    let mut checked = 0;
    for (matrix, rotation) in cases {
        let l = body_and_text_at(matrix, "A/79/940 turned");
        let lines = &l.pages[0].lines;
        assert_eq!(lines.len(), 2, "{rotation:?}: {:?}", page_texts(&l, 0));
        assert_eq!(lines[0].text, "1. States should act.");
        assert_eq!(lines[0].rotation, Rotation::Upright);
        assert_eq!(lines[1].text, "A/79/940 turned", "{rotation:?}");
        assert_eq!(lines[1].rotation, rotation);
        let blocks = clean::clean(&l, &unrec::limits::Limits::default());
        assert!(blocks.furniture.iter().any(|f| f.text == "A/79/940 turned"));
        assert_eq!(blocks.blocks.len(), 1);
        checked += 1;
    }
    assert_eq!(checked, 5);
}

/// Regression: glyphs at angles other than quarter turns were dropped
/// without a word. Mirrored ones, which no line reads, are now counted in
/// a warning for their page.
#[test]
fn mirrored_glyphs_are_counted_not_dropped_silently() {
    let l = body_and_text_at("-1 0 0 1 300 300", "mirror");
    assert_eq!(page_texts(&l, 0), ["1. States should act."]);
    let warned: Vec<&str> = l
        .diagnostics
        .iter()
        .filter(|d| d.code == unrec::diagnostic::Code::MirroredGlyphs)
        .map(|d| d.message.as_str())
        .collect();
    assert_eq!(
        warned,
        ["6 glyph(s) on page 1 are set mirrored or with no size and are not read"]
    );
}

/// A page of `rows` lines set in two columns under a full-width heading,
/// with a full-width footnote below.
fn two_column_page(rows: usize, left: &str, right: &str) -> Vec<u8> {
    let mut b = Builder::new();
    b.standard_font("F1", "Helvetica");
    let heading = "A heading across both of the columns";
    let mut content = text_at("F1", 12.0, 72.0, 740.0, heading);
    for i in 0..rows {
        let y = 710.0 - 12.0 * i as f32;
        content.push_str(&text_at("F1", 10.0, 72.0, y, &format!("{left} {i}")));
        content.push_str(&text_at("F1", 10.0, 320.0, y, &format!("{right} {i}")));
    }
    content.push_str(&text_at(
        "F1",
        8.0,
        72.0,
        60.0,
        "1 A footnote set across the whole width of the page, below both of the columns above it.",
    ));
    b.page(&content);
    b.finish()
}

/// The lines of a two-column page's first page.
fn two_column_texts(rows: usize, left: &str, right: &str) -> (Vec<String>, Vec<u32>) {
    let l = layout(&two_column_page(rows, left, right));
    let numbers = l.pages[0].lines.iter().map(|line| line.number).collect();
    (page_texts(&l, 0), numbers)
}

#[test]
fn two_columns_read_column_by_column() {
    let (left, right) = ("left column words in a row", "right column words in a row");
    let (texts, numbers) = two_column_texts(6, left, right);
    assert_eq!(texts.len(), 14, "{texts:?}");
    assert!(texts[0].starts_with("A heading"));
    for i in 0..6 {
        assert_eq!(texts[1 + i], format!("{left} {i}"));
        assert_eq!(texts[7 + i], format!("{right} {i}"));
    }
    assert!(texts[13].starts_with("1 A footnote"));
    // Line numbers follow the reading order.
    assert_eq!(numbers, (1..=14).collect::<Vec<u32>>());
    // Too few rows side by side for columns: read across.
    assert_eq!(
        two_column_texts(3, left, right).0[1],
        format!("{left} 0 {right} 0")
    );
}

#[test]
fn a_table_of_labels_keeps_its_rows() {
    // Symbols beside titles: a table, not columns.
    let (texts, _) = two_column_texts(6, "TPNW/MSP/2025/1", "Report of the working group");
    assert_eq!(texts.len(), 8, "{texts:?}");
    assert_eq!(texts[1], "TPNW/MSP/2025/1 0 Report of the working group 0");
}

/// Two lines, `the Board` with a raised `b` after it, `, and` / `the
/// Council.`
pub fn raised_mark_pdf() -> Vec<u8> {
    let mut b = Builder::new();
    b.standard_font("F1", "Courier");
    // Courier advances 0.6 em: `the Board` ends at 85 + 9 * 6 = 139.
    let mut content = text_at("F1", 10.0, 85.0, 700.0, "the Board");
    content.push_str(&text_at("F1", 6.0, 139.2, 704.0, "b"));
    content.push_str(&text_at("F1", 10.0, 142.8, 700.0, ", and"));
    content.push_str(&text_at("F1", 10.0, 85.0, 688.0, "the Council."));
    b.page(&content);
    b.finish()
}

/// Regression: `Board` then a raised, smaller `b` read `Boardb`, in the
/// line and in the paragraph. The mark is the line's note and no part of
/// the running text.
#[test]
fn a_raised_footnote_mark_is_a_note_out_of_the_text() {
    let layout = layout(&raised_mark_pdf());
    let line = &layout.pages[0].lines[0];
    assert_eq!(line.text, "the Board b, and");
    assert_eq!(line.notes.len(), 1);
    assert_eq!(line.notes[0].text, "b");
    let blocks = clean::clean(&layout, &unrec::limits::Limits::default());
    let texts: Vec<&str> = blocks.blocks.iter().map(|b| b.text.as_str()).collect();
    assert_eq!(texts, ["the Board, and the Council."]);
}

/// Regression: `No. 169` then a raised `5` (a footnote's mark) read
/// `No. 1695`. The mark after a number is a note, out of the text.
#[test]
fn a_raised_mark_after_a_number_is_a_note_out_of_the_text() {
    let mut b = Builder::new();
    b.standard_font("F1", "Courier");
    // Courier advances 0.6 em: `ILO Convention No. 169` ends at 85 + 22 * 6 = 217.
    let mut content = text_at("F1", 10.0, 85.0, 700.0, "ILO Convention No. 169");
    content.push_str(&text_at("F1", 6.0, 217.2, 704.0, "5"));
    content.push_str(&text_at("F1", 10.0, 220.8, 700.0, "; and"));
    content.push_str(&text_at("F1", 10.0, 85.0, 688.0, "the Council."));
    b.page(&content);
    let layout = layout(&b.finish());
    let line = &layout.pages[0].lines[0];
    assert_eq!(line.notes.len(), 1);
    assert_eq!(line.notes[0].text, "5");
    let blocks = clean::clean(&layout, &unrec::limits::Limits::default());
    let texts: Vec<&str> = blocks.blocks.iter().map(|b| b.text.as_str()).collect();
    assert_eq!(texts, ["ILO Convention No. 169; and the Council."]);
}

/// A PDF whose forms (each inflating to 30,000 bytes: a line of text and
/// spaces, compressed) are drawn one a page as `draws` says, then a last
/// page of text of its own.
fn pages_drawing(forms: &[&str], draws: &[&str]) -> Vec<u8> {
    let mut b = Builder::new();
    b.standard_font("F1", "Helvetica");
    for name in forms {
        let mut content = text_at("F1", 10.0, 72.0, 700.0, &format!("Form {name} text."));
        content.push_str(&" ".repeat(30_000 - content.len()));
        b.form(name, content.as_bytes(), true);
    }
    for name in draws {
        b.page(&format!("/{name} Do"));
    }
    b.page(&text_at("F1", 10.0, 72.0, 700.0, "The last page."));
    b.finish()
}

/// The text of every page read, and the `limit_exceeded` messages, read
/// with `document-stream-bytes` at `limit` on `threads` workers.
fn read_within(bytes: &[u8], limit: u64, threads: usize) -> (Vec<String>, Vec<String>) {
    let mut options = read::ReadOptions::default();
    options.limits.document_stream_bytes = limit;
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .unwrap();
    let l = pool.install(|| read::read("forms.pdf", bytes, options)).unwrap();
    let texts = l
        .pages
        .iter()
        .flat_map(|p| p.lines.iter().map(|l| l.text.clone()))
        .collect();
    let said = l
        .diagnostics
        .iter()
        .filter(|d| d.code.name() == "limit_exceeded")
        .map(|d| d.message.clone())
        .collect();
    (texts, said)
}

/// Regression: bytes inflated from form streams did not count towards
/// `document-stream-bytes`, only the pages' own content streams did. Each
/// form object counts once, on the first page that draws it, for any
/// number of workers.
#[test]
fn form_streams_count_towards_the_document_stream_limit_once_each() {
    let one = pages_drawing(&["X0"], &["X0"]);
    for threads in [1, 2] {
        let (texts, said) = read_within(&one, 20_000, threads);
        assert_eq!(texts, ["Form X0 text."]);
        assert_eq!(said.len(), 1, "{said:?}");
        assert!(said[0].contains("document-stream-bytes=20000"), "{}", said[0]);
        assert!(said[0].contains("forms included, inflate to 300"), "{}", said[0]);
    }
    // Drawn on three pages, one form counts once: all pages are read.
    let shared = pages_drawing(&["X0"], &["X0", "X0", "X0"]);
    for threads in [1, 2] {
        let (texts, said) = read_within(&shared, 40_000, threads);
        assert_eq!(texts.len(), 4, "{texts:?}");
        assert!(said.is_empty(), "{said:?}");
    }
    // Two forms of 30,000 bytes pass 40,000: the last page is not read.
    let two = pages_drawing(&["X0", "X1"], &["X0", "X1"]);
    for threads in [1, 2] {
        let (texts, said) = read_within(&two, 40_000, threads);
        assert_eq!(texts, ["Form X0 text.", "Form X1 text."]);
        assert_eq!(said.len(), 1, "{said:?}");
    }
}
