//! Small .docx files built in memory, one feature each.

use super::*;
use std::io::Write;
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipWriter};

const NS: &str = r#"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006""#;

/// A ZIP package of the given parts, deflated.
fn package(parts: &[(&str, &str)]) -> Vec<u8> {
    let mut zip = ZipWriter::new(Cursor::new(Vec::new()));
    let options = SimpleFileOptions::default().compression_method(CompressionMethod::Deflated);
    for (name, text) in parts {
        zip.start_file(*name, options).unwrap();
        zip.write_all(text.as_bytes()).unwrap();
    }
    zip.finish().unwrap().into_inner()
}

fn document(body: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document {NS}><w:body>{body}<w:sectPr/></w:body></w:document>"#
    )
}

fn numbering(inner: &str) -> String {
    format!(r#"<?xml version="1.0" encoding="UTF-8"?><w:numbering {NS}>{inner}</w:numbering>"#)
}

fn styles(inner: &str) -> String {
    format!(r#"<?xml version="1.0" encoding="UTF-8"?><w:styles {NS}>{inner}</w:styles>"#)
}

/// A level of an abstract list.
fn lvl(ilvl: u8, start: u32, format: &str, text: &str, extra: &str) -> String {
    format!(
        r#"<w:lvl w:ilvl="{ilvl}"><w:start w:val="{start}"/><w:numFmt w:val="{format}"/>{extra}<w:lvlText w:val="{text}"/></w:lvl>"#
    )
}

/// A paragraph with its own numbering, or none.
fn p(num: Option<(u32, u8)>, text: &str) -> String {
    let num = num
        .map(|(id, level)| {
            format!(r#"<w:pPr><w:numPr><w:ilvl w:val="{level}"/><w:numId w:val="{id}"/></w:numPr></w:pPr>"#)
        })
        .unwrap_or_default();
    format!(r#"<w:p>{num}<w:r><w:t xml:space="preserve">{text}</w:t></w:r></w:p>"#)
}

fn styled(style: &str, text: &str) -> String {
    format!(r#"<w:p><w:pPr><w:pStyle w:val="{style}"/></w:pPr><w:r><w:t>{text}</w:t></w:r></w:p>"#)
}

fn layout(parts: &[(&str, &str)]) -> Layout {
    read("t.docx", &package(parts)).unwrap()
}

fn texts(layout: &Layout) -> Vec<Vec<String>> {
    layout
        .pages
        .iter()
        .map(|p| p.lines.iter().map(|l| l.text.clone()).collect())
        .collect()
}

fn body_texts(body: &str, numbering_xml: &str, styles_xml: &str) -> Vec<String> {
    let doc = document(body);
    let num = numbering(numbering_xml);
    let sty = styles(styles_xml);
    let l = layout(&[
        (MAIN, &doc),
        ("word/numbering.xml", &num),
        ("word/styles.xml", &sty),
    ]);
    texts(&l).concat()
}

#[test]
fn paragraphs_are_lines_with_gaps_between() {
    let body = format!(
        "{}<w:p><w:r><w:t>one</w:t><w:br/><w:t>two</w:t></w:r></w:p>{}",
        p(None, "First."),
        p(None, "Last.")
    );
    let l = layout(&[(MAIN, &document(&body))]);
    assert_eq!(l.source.format, SourceFormat::Docx);
    assert!(!l.has_pdf_pages());
    let lines = &l.pages[0].lines;
    let ys: Vec<f32> = lines.iter().map(|l| l.y).collect();
    assert_eq!(ys, [0.0, 2.0, 3.0, 5.0]);
    let numbers: Vec<u32> = lines.iter().map(|l| l.number).collect();
    assert_eq!(numbers, [1, 2, 3, 4]);
    assert!(
        lines
            .iter()
            .all(|l| l.x == 0.0 && l.pitch == 1.0 && l.size == 1.0)
    );
    assert_eq!(texts(&l), [["First.", "one", "two", "Last."]]);
}

#[test]
fn numbering_formats() {
    let abstracts = format!(
        r#"<w:abstractNum w:abstractNumId="0">{}{}{}</w:abstractNum>
           <w:abstractNum w:abstractNumId="1">{}{}</w:abstractNum>
           <w:abstractNum w:abstractNumId="2">{}{}</w:abstractNum>
           <w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>
           <w:num w:numId="2"><w:abstractNumId w:val="1"/></w:num>
           <w:num w:numId="3"><w:abstractNumId w:val="2"/></w:num>"#,
        lvl(0, 12, "decimal", "%1.", ""),
        lvl(1, 1, "lowerLetter", "(%2)", ""),
        lvl(2, 1, "lowerRoman", "(%3)", ""),
        lvl(0, 4, "upperRoman", "%1.", ""),
        lvl(1, 2, "upperLetter", "%2.", ""),
        lvl(0, 3, "decimal", "%1.", ""),
        lvl(1, 1, "decimal", "%1.%2.", ""),
    );
    let body = [
        p(Some((1, 0)), "States parties should act."),
        p(Some((1, 1)), "first;"),
        p(Some((1, 1)), "second;"),
        p(Some((1, 2)), "deeper;"),
        p(Some((1, 2)), "deeper still."),
        p(Some((2, 0)), "Fourth meeting"),
        p(Some((2, 1)), "Topic"),
        p(Some((3, 0)), "Three"),
        p(Some((3, 1)), "Three one"),
        p(Some((3, 1)), "Three two"),
    ]
    .concat();
    assert_eq!(
        body_texts(&body, &abstracts, ""),
        [
            "12. States parties should act.",
            "(a) first;",
            "(b) second;",
            "(i) deeper;",
            "(ii) deeper still.",
            "IV. Fourth meeting",
            "B. Topic",
            "3. Three",
            "3.1. Three one",
            "3.2. Three two",
        ]
    );
}

#[test]
fn the_label_is_a_cell_of_its_own() {
    let num = numbering(&format!(
        r#"<w:abstractNum w:abstractNumId="0">{}</w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>"#,
        lvl(0, 1, "decimal", "%1.", "")
    ));
    let doc = document(&format!(
        "{}<w:p><w:r><w:t>2.</w:t><w:tab/><w:t>Typed</w:t><w:tab/><w:t>label</w:t></w:r></w:p>",
        p(Some((1, 0)), "States parties should act.")
    ));
    let l = layout(&[(MAIN, &doc), ("word/numbering.xml", &num)]);
    let line = &l.pages[0].lines[0];
    assert_eq!(line.text, "1. States parties should act.");
    let cells: Vec<(f32, &str)> = line.cells().collect();
    assert_eq!(cells, [(0.0, "1."), (4.0, "States parties should act.")]);
    // A typed number and a tab: the first tab sets a cell apart, later
    // ones are spaces.
    let typed = &l.pages[0].lines[1];
    let cells: Vec<&str> = typed.cells().map(|(_, t)| t).collect();
    assert_eq!(cells, ["2.", "Typed label"]);
}

#[test]
fn restarts_and_overrides() {
    let abstracts = format!(
        r#"<w:abstractNum w:abstractNumId="0">{}{}</w:abstractNum>
           <w:abstractNum w:abstractNumId="1">{}{}</w:abstractNum>
           <w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>
           <w:num w:numId="2"><w:abstractNumId w:val="0"/></w:num>
           <w:num w:numId="3"><w:abstractNumId w:val="0"/><w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride></w:num>
           <w:num w:numId="4"><w:abstractNumId w:val="1"/></w:num>
           <w:num w:numId="5"><w:abstractNumId w:val="0"/><w:lvlOverride w:ilvl="0"><w:startOverride w:val="7"/>{}</w:lvlOverride></w:num>"#,
        lvl(0, 1, "decimal", "%1.", ""),
        lvl(1, 1, "lowerLetter", "(%2)", ""),
        lvl(0, 1, "decimal", "%1.", ""),
        lvl(1, 1, "lowerLetter", "(%2)", r#"<w:lvlRestart w:val="0"/>"#),
        lvl(0, 1, "upperRoman", "%1.", ""),
    );
    let body = [
        p(Some((1, 0)), "one"),
        p(Some((1, 1)), "a"),
        p(Some((1, 1)), "b"),
        p(Some((1, 0)), "two"),
        // The lower level restarts when the higher advances.
        p(Some((1, 1)), "a again"),
        // Another list of the same abstract list goes on counting.
        p(Some((2, 0)), "three"),
        // A start override restarts it.
        p(Some((3, 0)), "one again"),
        p(Some((3, 0)), "two again"),
        // `w:lvlRestart w:val="0"`: letters never restart.
        p(Some((4, 0)), "x"),
        p(Some((4, 1)), "a"),
        p(Some((4, 0)), "y"),
        p(Some((4, 1)), "b"),
        // A level replaced by an override, with its own start.
        p(Some((5, 0)), "seventh"),
    ]
    .concat();
    assert_eq!(
        body_texts(&body, &abstracts, ""),
        [
            "1. one",
            "(a) a",
            "(b) b",
            "2. two",
            "(a) a again",
            "3. three",
            "1. one again",
            "2. two again",
            "1. x",
            "(a) a",
            "2. y",
            "(b) b",
            "VII. seventh",
        ]
    );
}

#[test]
fn numbering_inherited_from_the_style() {
    let abstracts = format!(
        r#"<w:abstractNum w:abstractNumId="0">{}{}</w:abstractNum>
           <w:abstractNum w:abstractNumId="1">{}</w:abstractNum>
           <w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>
           <w:num w:numId="2"><w:abstractNumId w:val="1"/></w:num>"#,
        lvl(0, 1, "decimal", "%1.", ""),
        lvl(1, 1, "lowerLetter", "(%2)", r#"<w:pStyle w:val="SubItem"/>"#),
        lvl(0, 1, "upperRoman", "%1.", r#"<w:pStyle w:val="Meeting"/>"#),
    );
    let style_xml = r#"
        <w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/></w:style>
        <w:style w:type="paragraph" w:styleId="Numbered"><w:name w:val="Numbered"/><w:basedOn w:val="Normal"/><w:pPr><w:numPr><w:numId w:val="1"/></w:numPr></w:pPr></w:style>
        <w:style w:type="paragraph" w:styleId="Recommendation"><w:name w:val="Recommendation"/><w:basedOn w:val="Numbered"/></w:style>
        <w:style w:type="paragraph" w:styleId="SubItem"><w:name w:val="Sub Item"/><w:basedOn w:val="Numbered"/><w:pPr><w:numPr><w:ilvl w:val="1"/><w:numId w:val="1"/></w:numPr></w:pPr></w:style>
        <w:style w:type="paragraph" w:styleId="Meeting"><w:name w:val="Meeting Heading"/><w:pPr><w:numPr><w:numId w:val="2"/></w:numPr><w:outlineLvl w:val="0"/></w:pPr></w:style>
        <w:style w:type="paragraph" w:styleId="Loop1"><w:basedOn w:val="Loop2"/></w:style>
        <w:style w:type="paragraph" w:styleId="Loop2"><w:basedOn w:val="Loop1"/></w:style>"#;
    let body = [
        styled("Meeting", "First meeting"),
        styled("Recommendation", "States should act."),
        styled("SubItem", "first;"),
        styled("SubItem", "second."),
        // `w:numId="0"` takes the style's numbering away.
        r#"<w:p><w:pPr><w:pStyle w:val="Recommendation"/><w:numPr><w:numId w:val="0"/></w:numPr></w:pPr><w:r><w:t>Unnumbered.</w:t></w:r></w:p>"#.to_string(),
        styled("Recommendation", "Next."),
        styled("Meeting", "Second meeting"),
        styled("Loop1", "A style chain that loops."),
    ]
    .concat();
    let doc = document(&body);
    let num = numbering(&abstracts);
    let sty = styles(style_xml);
    let l = layout(&[
        (MAIN, &doc),
        ("word/numbering.xml", &num),
        ("word/styles.xml", &sty),
    ]);
    assert_eq!(
        texts(&l).concat(),
        [
            "I. First meeting",
            "1. States should act.",
            "(a) first;",
            "(b) second.",
            "Unnumbered.",
            "2. Next.",
            "II. Second meeting",
            "A style chain that loops.",
        ]
    );
    let sizes: Vec<f32> = l.pages[0].lines.iter().map(|l| l.size).collect();
    assert_eq!(sizes, [HEADING, BODY, BODY, BODY, BODY, BODY, HEADING, BODY]);
}

#[test]
fn headings_by_style_name_or_outline_level() {
    let style_xml = r#"<w:style w:type="paragraph" w:styleId="Heading2"><w:name w:val="heading 2"/></w:style>
        <w:style w:type="paragraph" w:styleId="Titre"><w:name w:val="Title"/></w:style>"#;
    let body = [
        styled("Heading2", "A. Topic"),
        styled("Titre", "The title"),
        r#"<w:p><w:pPr><w:outlineLvl w:val="1"/></w:pPr><w:r><w:t>Outlined</w:t></w:r></w:p>"#.to_string(),
        r#"<w:p><w:pPr><w:pStyle w:val="Heading2"/><w:outlineLvl w:val="9"/></w:pPr><w:r><w:t>Body text level</w:t></w:r></w:p>"#.to_string(),
        p(None, "Body."),
    ]
    .concat();
    let doc = document(&body);
    let sty = styles(style_xml);
    let l = layout(&[(MAIN, &doc), ("word/styles.xml", &sty)]);
    let sizes: Vec<f32> = l.pages[0].lines.iter().map(|l| l.size).collect();
    assert_eq!(sizes, [HEADING, HEADING, HEADING, BODY, BODY]);
    assert_eq!(l.pages[0].lines[0].text, "A. Topic");
}

#[test]
fn bullets_and_none_give_no_label() {
    let abstracts = format!(
        r#"<w:abstractNum w:abstractNumId="0">{}{}</w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>"#,
        lvl(0, 1, "bullet", "\u{2022}", ""),
        lvl(1, 1, "none", "", ""),
    );
    let body = [
        p(Some((1, 0)), "A bullet."),
        p(Some((1, 1)), "Nothing."),
        p(Some((9, 0)), "Unknown list."),
    ]
    .concat();
    assert_eq!(
        body_texts(&body, &abstracts, ""),
        ["A bullet.", "Nothing.", "Unknown list."]
    );
}

#[test]
fn text_as_a_reader_sees_it() {
    let body = r#"
    <w:p><w:r><w:t xml:space="preserve">A </w:t></w:r><w:del><w:r><w:delText>deleted </w:delText></w:r></w:del><w:ins><w:r><w:t>kept</w:t></w:r></w:ins><w:r><w:t xml:space="preserve"> text.</w:t></w:r></w:p>
    <w:p><w:r><w:t>well</w:t><w:noBreakHyphen/><w:t>being, hy</w:t><w:softHyphen/><w:t>phen </w:t><w:sym w:font="Symbol" w:char="F0B7"/><w:t xml:space="preserve"> &amp; &#8211; end</w:t></w:r></w:p>
    <w:p><w:r><w:t xml:space="preserve">Page </w:t></w:r><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText>PAGE \* MERGEFORMAT</w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>7</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r><w:fldSimple w:instr="NUMPAGES"><w:r><w:t xml:space="preserve"> of 9</w:t></w:r></w:fldSimple></w:p>
    <w:p><w:hyperlink r:id="rId9"><w:r><w:t>linked</w:t></w:r></w:hyperlink><w:smartTag w:element="place"><w:r><w:t xml:space="preserve"> Vienna</w:t></w:r></w:smartTag><w:sdt><w:sdtPr><w:alias w:val="x"/><w:placeholder><w:docPart w:val="y"/></w:placeholder></w:sdtPr><w:sdtContent><w:r><w:t xml:space="preserve"> control</w:t></w:r></w:sdtContent></w:sdt><w:r><w:drawing><wp:inline xmlns:wp="urn:x"><a:p xmlns:a="urn:y"><a:r><a:t>drawn</a:t></a:r></a:p></wp:inline></w:drawing></w:r><w:r><w:rPr><w:vanish/></w:rPr><w:t>hidden</w:t></w:r><w:r><w:rPr><w:vanish w:val="0"/></w:rPr><w:t xml:space="preserve"> shown</w:t></w:r></w:p>
    <w:p><w:r><w:t>line</w:t><w:cr/><w:t>another</w:t></w:r><w:moveFrom><w:r><w:t>moved away</w:t></w:r></w:moveFrom></w:p>
    <w:p><w:pPr><w:pPrChange><w:pPr><w:outlineLvl w:val="0"/></w:pPr></w:pPrChange></w:pPr><w:r><w:t>Not a heading.</w:t></w:r></w:p>
    <w:sdt><w:sdtContent><w:p><w:r><w:t>Block control.</w:t></w:r></w:p></w:sdtContent></w:sdt>
    <mc:AlternateContent><mc:Choice Requires="w14"><w:p><w:r><w:t>choice</w:t></w:r></w:p></mc:Choice><mc:Fallback><w:p><w:r><w:t>fallback</w:t></w:r></w:p></mc:Fallback></mc:AlternateContent>
    "#;
    let l = layout(&[(MAIN, &document(body))]);
    assert_eq!(
        texts(&l).concat(),
        [
            "A kept text.",
            "well-being, hy\u{ad}phen \u{b7} & – end",
            "Page 7 of 9",
            "linked Vienna control shown",
            "line",
            "another",
            "Not a heading.",
            "Block control.",
            "fallback",
        ]
    );
    assert_eq!(l.pages[0].lines[6].size, BODY);
}

#[test]
fn explicit_pages() {
    let body = [
        p(None, "One."),
        r#"<w:p><w:r><w:t>Two</w:t><w:br w:type="page"/><w:t>three.</w:t></w:r></w:p>"#.to_string(),
        r#"<w:p><w:pPr><w:pageBreakBefore/></w:pPr><w:r><w:t>Four.</w:t></w:r></w:p>"#.to_string(),
        // A section that ends here; the next starts on a new page.
        r#"<w:p><w:pPr><w:sectPr><w:type w:val="continuous"/></w:sectPr></w:pPr><w:r><w:t>Five.</w:t></w:r></w:p>"#.to_string(),
        p(None, "Six."),
        // The next section is continuous: no new page.
        r#"<w:p><w:pPr><w:sectPr/></w:pPr><w:r><w:t>Seven.</w:t></w:r></w:p>"#.to_string(),
        r#"<w:p><w:pPr><w:sectPr><w:type w:val="continuous"/></w:sectPr></w:pPr><w:r><w:t>Eight.</w:t></w:r></w:p>"#.to_string(),
        p(None, "Nine."),
    ]
    .concat();
    let doc = format!(
        r#"<w:document {NS}><w:body>{body}<w:sectPr><w:type w:val="nextPage"/></w:sectPr></w:body></w:document>"#
    );
    let l = layout(&[(MAIN, &doc)]);
    assert_eq!(
        texts(&l),
        vec![
            vec!["One.", "Two"],
            vec!["three."],
            vec!["Four.", "Five."],
            vec!["Six.", "Seven.", "Eight."],
            vec!["Nine."],
        ]
    );
    let page = &l.pages[1];
    assert_eq!((page.number, page.lines[0].number, page.lines[0].y), (2, 1, 0.0));

    // A break before the text of a numbered paragraph: the number goes with
    // the text, and the paragraph still opens a block.
    let num = numbering(&format!(
        r#"<w:abstractNum w:abstractNumId="0">{}</w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>"#,
        lvl(0, 1, "decimal", "%1.", "")
    ));
    let numbered = |inner: &str| {
        format!(
            r#"<w:p><w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr></w:pPr>{inner}</w:p>"#
        )
    };
    let body = [
        numbered("<w:r><w:t>One.</w:t></w:r>"),
        numbered(r#"<w:r><w:br w:type="page"/><w:t>Two.</w:t></w:r>"#),
        numbered("<w:r><w:br/><w:t>Three.</w:t></w:r>"),
        numbered(""),
    ]
    .concat();
    let l = layout(&[(MAIN, &document(&body)), ("word/numbering.xml", &num)]);
    assert_eq!(
        texts(&l),
        vec![vec!["1. One."], vec!["2. Two.", "3. Three.", "4."]]
    );
    let ys: Vec<f32> = l.pages[1].lines.iter().map(|l| l.y).collect();
    assert_eq!(ys, [0.0, 2.0, 4.0]);
}

#[test]
fn tables_as_cells() {
    let abstracts = format!(
        r#"<w:abstractNum w:abstractNumId="0">{}</w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>"#,
        lvl(0, 1, "decimal", "%1.", ""),
    );
    let body = format!(
        r#"{}<w:tbl><w:tblPr/><w:tblGrid><w:gridCol/><w:gridCol/></w:tblGrid>
        <w:tr><w:trPr/><w:tc><w:tcPr><w:gridSpan w:val="2"/></w:tcPr>{}{}</w:tc><w:tc>{}</w:tc></w:tr>
        <w:tr><w:tc><w:tcPr><w:vMerge/></w:tcPr><w:p/></w:tc><w:tc>{}</w:tc><w:tc><w:tbl><w:tr><w:tc>{}</w:tc><w:tc>{}</w:tc></w:tr></w:tbl></w:tc></w:tr>
        </w:tbl>{}"#,
        p(None, "Before."),
        p(None, "Symbol"),
        p(None, "A/HRC/43/2"),
        p(Some((1, 0)), "Numbered cell"),
        p(None, "Title"),
        p(None, "inner one"),
        p(None, "inner two"),
        p(None, "After."),
    );
    let doc = document(&body);
    let num = numbering(&abstracts);
    let l = layout(&[(MAIN, &doc), ("word/numbering.xml", &num)]);
    let lines = &l.pages[0].lines;
    let rows: Vec<Vec<(f32, &str)>> = lines.iter().map(|l| l.cells().collect()).collect();
    assert_eq!(
        rows,
        vec![
            vec![(0.0, "Before.")],
            // A cell's paragraphs stay a line each.
            vec![(0.0, "Symbol\nA/HRC/43/2"), (10.0, "1. Numbered cell")],
            vec![(10.0, "Title"), (20.0, "inner one inner two")],
            vec![(0.0, "After.")],
        ]
    );
    let ys: Vec<f32> = lines.iter().map(|l| l.y).collect();
    assert_eq!(ys, [0.0, 2.0, 4.0, 6.0]);
}

const BODY_TEXT: &str = "States parties should continue to review and, as appropriate, strengthen their relevant legislation, including criminal legislation.";

#[test]
fn footnotes_follow_the_body() {
    let notes = format!(
        r#"<w:footnotes {NS}>
        <w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>
        <w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/></w:r></w:p></w:footnote>
        <w:footnote w:id="1"><w:p><w:r><w:footnoteRef/></w:r><w:r><w:t>A/HRC/43/2.</w:t></w:r></w:p></w:footnote>
        <w:footnote w:id="2"><w:p><w:r><w:t>*</w:t></w:r><w:r><w:tab/><w:t>CTOC/COP/WG.7/2019/1.</w:t></w:r></w:p></w:footnote>
        <w:footnote w:id="3"><w:p><w:r><w:t>No mark,</w:t></w:r></w:p><w:p><w:r><w:t>two paragraphs.</w:t></w:r></w:p></w:footnote>
        </w:footnotes>"#
    );
    let endnotes = format!(
        r#"<w:endnotes {NS}><w:endnote w:id="1"><w:p><w:r><w:endnoteRef/></w:r><w:r><w:t xml:space="preserve"> An endnote.</w:t></w:r></w:p></w:endnote></w:endnotes>"#
    );
    let body = format!(
        r#"<w:p><w:r><w:t>Item 4</w:t></w:r><w:r><w:footnoteReference w:id="1"/></w:r></w:p>{}"#,
        p(None, BODY_TEXT)
    );
    let doc = document(&body);
    // The notes parts under other names, found through the relationships.
    let rels = r#"<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
        <Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes" Target="notes/foot.xml"/>
        <Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/endnotes" Target="/word/end.xml"/>
        <Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink" Target="http://example.org/" TargetMode="External"/>
        </Relationships>"#;
    let l = layout(&[
        (MAIN, &doc),
        (RELATIONSHIPS, rels),
        ("word/notes/foot.xml", &notes),
        ("word/end.xml", &endnotes),
    ]);
    assert_eq!(
        texts(&l),
        [[
            "Item 4",
            BODY_TEXT,
            "__________",
            "1 A/HRC/43/2.",
            "* CTOC/COP/WG.7/2019/1.",
            "3 No mark, two paragraphs.",
            "1 An endnote.",
        ]]
    );
    let sizes: Vec<f32> = l.pages[0].lines.iter().map(|l| l.size).collect();
    assert_eq!(sizes, [BODY, BODY, BODY, NOTE, NOTE, NOTE, NOTE]);
    // The clean stage sets them aside, by their smaller print.
    let blocks = crate::clean::clean(&l, &crate::limits::Limits::default());
    let kept: Vec<&str> = blocks.blocks.iter().map(|b| b.text.as_str()).collect();
    assert_eq!(kept, ["Item 4", BODY_TEXT]);
    assert_eq!(blocks.furniture.len(), 5);
}

#[test]
fn headers_and_footers_are_not_read() {
    let header = format!(r#"<w:hdr {NS}><w:p><w:r><w:t>A/HRC/43/2</w:t></w:r></w:p></w:hdr>"#);
    let l = layout(&[
        (MAIN, &document(&p(None, "Body."))),
        ("word/header1.xml", &header),
    ]);
    assert_eq!(texts(&l), [["Body."]]);
}

#[test]
fn the_unpacked_size_is_bounded() {
    // A part that inflates past the budget: a ZIP bomb in small.
    let body = p(None, &"x".repeat(200_000));
    let bytes = package(&[(MAIN, &document(&body))]);
    assert!(bytes.len() < 5_000);
    let limits = Limits {
        unpacked: 100_000,
        ..Limits::default()
    };
    let err = read_with("bomb.docx", &bytes, limits).unwrap_err();
    assert!(matches!(err.kind, ReadErrorKind::DocxLimit(_)), "{err:?}");
    let message = err.to_string();
    assert!(message.starts_with("bomb.docx: "), "{message}");
    assert!(
        message.contains("word/document.xml") && message.contains("ZIP bomb"),
        "{message}"
    );
    assert_eq!(message.lines().count(), 1);
    // The budget is the whole package's, not each part's.
    let half = p(None, &"y".repeat(60_000));
    let styles_xml = styles(&format!("<!-- {} -->", "z".repeat(60_000)));
    let bytes = package(&[("word/styles.xml", &styles_xml), (MAIN, &document(&half))]);
    let err = read_with("bomb.docx", &bytes, limits).unwrap_err();
    assert!(err.to_string().contains("word/document.xml"), "{err}");
}

#[test]
fn other_limits() {
    let many: Vec<(String, String)> = (0..6).map(|i| (format!("extra{i}.xml"), String::new())).collect();
    let mut parts: Vec<(&str, &str)> = many.iter().map(|(n, t)| (n.as_str(), t.as_str())).collect();
    let doc = document(&p(None, "Body."));
    parts.push((MAIN, &doc));
    let limits = Limits {
        entries: 5,
        ..Limits::default()
    };
    let err = read_with("many.docx", &package(&parts), limits).unwrap_err();
    assert!(err.to_string().contains("more than 5 entries"), "{err}");

    let deep = format!(
        "{}{}{}",
        "<w:sdt><w:sdtContent>".repeat(300),
        p(None, "deep"),
        "</w:sdtContent></w:sdt>".repeat(300)
    );
    let err = read("deep.docx", &package(&[(MAIN, &document(&deep))])).unwrap_err();
    assert!(err.to_string().contains("nests elements deeper"), "{err}");

    let lines = p(None, "x").repeat(20);
    let limits = Limits {
        lines: 10,
        ..Limits::default()
    };
    let err = read_with("long.docx", &package(&[(MAIN, &document(&lines))]), limits).unwrap_err();
    assert!(err.to_string().contains("more than 10 paragraphs"), "{err}");
}

#[test]
fn damaged_files_fail_with_one_line() {
    let bytes = package(&[(MAIN, &document(&p(None, &"Body text. ".repeat(50))))]);
    let check = |bytes: &[u8], words: &str| {
        let err = crate::read::read("bad.docx", bytes, crate::read::ReadOptions::default()).unwrap_err();
        let message = err.to_string();
        assert!(matches!(err.kind, ReadErrorKind::MalformedDocx(_)), "{message}");
        assert!(
            message.starts_with("bad.docx: not a readable Word document ("),
            "{message}"
        );
        assert!(message.contains(words), "{message}");
        assert_eq!(message.lines().count(), 1, "{message}");
    };
    // Cut short: no central directory any more.
    check(&bytes[..bytes.len() / 2], "damaged ZIP package");
    // The deflated data damaged.
    let mut corrupt = bytes.clone();
    let data = 30 + MAIN.len();
    for b in corrupt.iter_mut().skip(data + 10).take(40) {
        *b ^= 0x5a;
    }
    check(&corrupt, MAIN);
    // Ill-formed and cut-off XML.
    check(
        &package(&[(MAIN, "<w:document><w:body><w:p></w:body></w:document>")]),
        "word/document.xml: ill-formed XML",
    );
    check(&package(&[(MAIN, "<w:document><w:body><w:p>")]), "truncated");
    // A package without its main part is no Word document: not this reader's.
    let other = package(&[("mimetype", "application/vnd.oasis.opendocument.text")]);
    let err = crate::read::read("x.odt", &other, crate::read::ReadOptions::default()).unwrap_err();
    assert!(
        err.to_string().contains("ZIP archive but not a Word .docx"),
        "{err}"
    );
}

#[test]
fn an_empty_document_is_an_error() {
    let err = read(
        "e.docx",
        &package(&[(MAIN, &document("<w:p/><w:p><w:r><w:t> </w:t></w:r></w:p>"))]),
    )
    .unwrap_err();
    assert_eq!(err.kind, ReadErrorKind::Empty);
}

#[test]
fn read_dispatches_on_the_main_part() {
    let bytes = package(&[
        ("[Content_Types].xml", "<Types/>"),
        (MAIN, &document(&p(None, "Body."))),
    ]);
    assert!(looks_like_docx(&bytes));
    let l = crate::read::read("d.docx", &bytes, crate::read::ReadOptions::default()).unwrap();
    assert_eq!(l.source.format, SourceFormat::Docx);
    assert_eq!(serde_json::to_value(l.source.format).unwrap(), "docx");
}

#[test]
fn part_names_and_encodings() {
    assert_eq!(resolve("word", "styles.xml"), "word/styles.xml");
    assert_eq!(resolve("word", "../customXml/item.xml"), "customXml/item.xml");
    assert_eq!(resolve("word", "/word/notes.xml"), "word/notes.xml");
    let mut utf16 = vec![0xFF, 0xFE];
    utf16.extend("<a/>".encode_utf16().flat_map(u16::to_le_bytes));
    assert_eq!(decode(utf16), "<a/>");
    assert_eq!(decode(b"\xEF\xBB\xBF<a/>".to_vec()), "<a/>");
    // Part names compare without case.
    let l = layout(&[("Word/Document.xml", &document(&p(None, "Body.")))]);
    assert_eq!(texts(&l), [["Body."]]);
}

#[test]
fn a_level_text_repeating_a_number_50000_times_writes_a_bounded_label() {
    // Regression: every numbered paragraph wrote the whole level text out
    // (an 8 KB file took gigabytes).
    let abstracts = format!(
        r#"<w:abstractNum w:abstractNumId="0">{}</w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>"#,
        lvl(0, 1, "decimal", &"%1".repeat(50_000), ""),
    );
    let body = p(Some((1, 0)), "States should act.").repeat(300);
    let texts = body_texts(&body, &abstracts, "");
    assert_eq!(texts.len(), 300);
    let last = texts.last().unwrap();
    assert!(last.starts_with("300300300"), "{last}");
    assert!(last.len() <= 64 + " States should act.".len(), "{}", last.len());
    assert!(last.ends_with(" States should act."), "{last}");
}
