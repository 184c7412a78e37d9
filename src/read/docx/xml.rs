//! A thin pull reader over quick-xml for the parts of a .docx.
//!
//! WordprocessingML is read by local names (`w:p` is `p`): producers all
//! bind the main namespace, and the few foreign elements that share a local
//! name (DrawingML's `a:p` inside drawings) live in subtrees that are skipped
//! whole. Empty elements come as a start and an end, text comes with its
//! entity and character references resolved, and nesting deeper than
//! [`MAX_DEPTH`] stops the read, so that the recursive walks over these
//! events stay bounded.

use super::{Limit, fail, limit};
use crate::read::ReadError;
use quick_xml::XmlVersion;
use quick_xml::events::{BytesStart, Event as XmlEvent};
use std::borrow::Cow;

/// Deepest element nesting read in any part.
pub const MAX_DEPTH: usize = 256;

/// One event of a part.
pub enum Event<'a> {
    /// An element opens, with its name and attributes.
    Start(BytesStart<'a>),
    /// The element opened last closes.
    End,
    /// Character data.
    Text(Cow<'a, str>),
}

pub struct Xml<'a> {
    reader: quick_xml::Reader<&'a [u8]>,
    /// The input file, for errors.
    file: &'a str,
    /// The part's name in the package, for errors.
    part: &'a str,
    depth: usize,
}

impl<'a> Xml<'a> {
    pub fn new(file: &'a str, part: &'a str, text: &'a str) -> Xml<'a> {
        let mut reader = quick_xml::Reader::from_str(text);
        reader.config_mut().expand_empty_elements = true;
        Xml {
            reader,
            file,
            part,
            depth: 0,
        }
    }

    /// The next event, or `None` at the end of the part.
    pub fn next(&mut self) -> Result<Option<Event<'a>>, ReadError> {
        loop {
            let event = self.reader.read_event().map_err(|e| {
                let at = self.reader.error_position();
                fail(
                    self.file,
                    format!("{}: ill-formed XML at byte {at}: {e}", self.part),
                )
            })?;
            match event {
                XmlEvent::Start(e) => {
                    self.depth += 1;
                    if self.depth > MAX_DEPTH {
                        return Err(limit(
                            self.file,
                            Limit::Depth {
                                part: self.part.to_string(),
                            },
                        ));
                    }
                    return Ok(Some(Event::Start(e)));
                }
                XmlEvent::End(_) => {
                    self.depth = self.depth.saturating_sub(1);
                    return Ok(Some(Event::End));
                }
                XmlEvent::Text(t) => return Ok(Some(Event::Text(t.xml10_content()))),
                XmlEvent::CData(t) => return Ok(Some(Event::Text(t.xml10_content()))),
                XmlEvent::GeneralRef(r) => {
                    let resolved = match r.resolve_char_ref() {
                        Ok(Some(c)) => c.to_string(),
                        Ok(None) => predefined(&r).unwrap_or_default().to_string(),
                        Err(_) => String::new(),
                    };
                    return Ok(Some(Event::Text(Cow::Owned(resolved))));
                }
                XmlEvent::Eof if self.depth > 0 => {
                    return Err(fail(
                        self.file,
                        format!("{}: the XML ends inside an element (truncated?)", self.part),
                    ));
                }
                XmlEvent::Eof => return Ok(None),
                XmlEvent::Empty(_)
                | XmlEvent::Comment(_)
                | XmlEvent::Decl(_)
                | XmlEvent::PI(_)
                | XmlEvent::DocType(_) => {}
            }
        }
    }

    /// Read past the end of the element whose start was just read.
    pub fn skip(&mut self) -> Result<(), ReadError> {
        let mut open = 1usize;
        while open > 0 {
            match self.next()? {
                Some(Event::Start(_)) => open += 1,
                Some(Event::End) => open -= 1,
                Some(Event::Text(_)) => {}
                None => return Ok(()),
            }
        }
        Ok(())
    }

    /// The text inside the element whose start was just read, up to its
    /// end; elements inside it are skipped.
    pub fn text(&mut self) -> Result<String, ReadError> {
        let mut out = String::new();
        loop {
            match self.next()? {
                Some(Event::Text(t)) => out.push_str(&t),
                Some(Event::Start(_)) => self.skip()?,
                Some(Event::End) | None => return Ok(out),
            }
        }
    }
}

/// The local name of an element (`w:p` → `p`).
pub fn name<'e>(e: &'e BytesStart<'_>) -> &'e str {
    let full: &str = e.name().into_inner();
    full.rsplit_once(':').map_or(full, |(_, local)| local)
}

/// The value of an attribute by its local name (`w:val` → `val`).
pub fn attr(e: &BytesStart<'_>, local: &str) -> Option<String> {
    e.attributes().flatten().find_map(|a| {
        let key: &str = a.key.into_inner();
        let key = key.rsplit_once(':').map_or(key, |(_, k)| k);
        (key == local)
            .then(|| a.normalized_value(XmlVersion::Implicit1_0).ok())
            .flatten()
            .map(Cow::into_owned)
    })
}

/// A switch attribute (`w:val` of `w:vanish`, `w:pageBreakBefore`, …):
/// on when absent, off for `0`, `false` and `off`.
pub fn on(e: &BytesStart<'_>) -> bool {
    !matches!(attr(e, "val").as_deref(), Some("0" | "false" | "off"))
}

/// A number attribute.
pub fn number(e: &BytesStart<'_>, local: &str) -> Option<i64> {
    attr(e, local).and_then(|v| v.trim().parse().ok())
}

fn predefined(r: &str) -> Option<&'static str> {
    Some(match r {
        "amp" => "&",
        "lt" => "<",
        "gt" => ">",
        "quot" => "\"",
        "apos" => "'",
        _ => return None,
    })
}
