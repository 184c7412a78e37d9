//! A small PDF builder for targeted reader tests: pages of raw content
//! streams over a few kinds of font.

use lopdf::{Dictionary, Document, Object, ObjectId, Stream, dictionary};

pub struct Builder {
    doc: Document,
    pages_id: ObjectId,
    kids: Vec<Object>,
    fonts: Dictionary,
    xobjects: Dictionary,
}

impl Builder {
    pub fn new() -> Builder {
        let mut doc = Document::with_version("1.5");
        let pages_id = doc.new_object_id();
        Builder {
            doc,
            pages_id,
            kids: Vec::new(),
            fonts: Dictionary::new(),
            xobjects: Dictionary::new(),
        }
    }

    /// A standard-14 font with no `/Widths`: metrics are built in.
    pub fn standard_font(&mut self, resource: &str, base: &str) {
        let id = self.doc.add_object(dictionary! {
            "Type" => "Font",
            "Subtype" => "Type1",
            "BaseFont" => base,
            "Encoding" => "WinAnsiEncoding",
        });
        self.fonts.set(resource, id);
    }

    /// Any font dictionary.
    pub fn font(&mut self, resource: &str, dict: Dictionary) {
        let id = self.doc.add_object(dict);
        self.fonts.set(resource, id);
    }

    /// A Type0 font with Identity-H codes 1, 2, … for the characters of
    /// `alphabet`, a ToUnicode map, and `width` for every glyph.
    pub fn identity_font(&mut self, resource: &str, alphabet: &str, width: i64) {
        let mut cmap = String::from(
            "/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n1 begincodespacerange <0000> <FFFF> endcodespacerange\n",
        );
        let chars: Vec<char> = alphabet.chars().collect();
        cmap.push_str(&format!("{} beginbfchar\n", chars.len()));
        for (i, c) in chars.iter().enumerate() {
            let mut units = [0u16; 2];
            let hex: String = c
                .encode_utf16(&mut units)
                .iter()
                .map(|u| format!("{u:04X}"))
                .collect();
            cmap.push_str(&format!("<{:04X}> <{hex}>\n", i + 1));
        }
        cmap.push_str("endbfchar\nendcmap CMapName currentdict /CMap defineresource pop end end\n");
        let to_unicode = self
            .doc
            .add_object(Stream::new(Dictionary::new(), cmap.into_bytes()));
        let descendant = self.doc.add_object(dictionary! {
            "Type" => "Font",
            "Subtype" => "CIDFontType2",
            "BaseFont" => "ABCDEF+TestSans",
            "CIDSystemInfo" => dictionary! { "Registry" => Object::string_literal("Adobe"), "Ordering" => Object::string_literal("Identity"), "Supplement" => 0 },
            "DW" => width,
        });
        self.font(
            resource,
            dictionary! {
                "Type" => "Font",
                "Subtype" => "Type0",
                "BaseFont" => "ABCDEF+TestSans",
                "Encoding" => "Identity-H",
                "DescendantFonts" => vec![descendant.into()],
                "ToUnicode" => to_unicode,
            },
        );
    }

    /// A form XObject drawing this content, with the pages' fonts, for
    /// `/NAME Do`; compressed (`/FlateDecode`) when asked.
    pub fn form(&mut self, resource: &str, content: &[u8], compress: bool) {
        let mut stream = Stream::new(
            dictionary! { "Type" => "XObject", "Subtype" => "Form", "BBox" => vec![0.into(), 0.into(), 595.into(), 842.into()] },
            content.to_vec(),
        );
        if compress {
            stream.compress().unwrap();
        }
        let id = self.doc.add_object(stream);
        self.xobjects.set(resource, id);
    }

    /// Add a page (A4) with this content stream.
    pub fn page(&mut self, content: &str) {
        self.page_with(content, Dictionary::new());
    }

    /// Add a page with more entries in its dictionary (`/Rotate`, boxes).
    pub fn page_with(&mut self, content: &str, extra: Dictionary) {
        let content_id = self
            .doc
            .add_object(Stream::new(Dictionary::new(), content.as_bytes().to_vec()));
        let mut page = dictionary! {
            "Type" => "Page",
            "Parent" => self.pages_id,
            "Contents" => content_id,
        };
        page.extend(&extra);
        let page = self.doc.add_object(page);
        self.kids.push(page.into());
    }

    pub fn finish(mut self) -> Vec<u8> {
        let count = self.kids.len() as i64;
        let pages = dictionary! {
            "Type" => "Pages",
            "Kids" => self.kids,
            "Count" => count,
            "MediaBox" => vec![0.into(), 0.into(), 595.into(), 842.into()],
            "Resources" => dictionary! { "Font" => self.fonts, "XObject" => self.xobjects },
        };
        self.doc.objects.insert(self.pages_id, Object::Dictionary(pages));
        let catalog = self
            .doc
            .add_object(dictionary! { "Type" => "Catalog", "Pages" => self.pages_id });
        self.doc.trailer.set("Root", catalog);
        let mut out = Vec::new();
        self.doc.save_to(&mut out).unwrap();
        out
    }
}

/// Identity-H hex string for `text` over `alphabet`.
pub fn identity_hex(alphabet: &str, text: &str) -> String {
    let chars: Vec<char> = alphabet.chars().collect();
    let codes: String = text
        .chars()
        .map(|c| format!("{:04X}", chars.iter().position(|a| *a == c).unwrap() + 1))
        .collect();
    format!("<{codes}>")
}

/// A line of text in font F1 at (x, y) from the bottom, `size` points.
pub fn text_at(font: &str, size: f32, x: f32, y: f32, text: &str) -> String {
    let escaped = text.replace('\\', "\\\\").replace('(', "\\(").replace(')', "\\)");
    format!("BT /{font} {size} Tf {x} {y} Td ({escaped}) Tj ET\n")
}
