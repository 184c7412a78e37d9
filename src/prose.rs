//! Facts about running text that more than one stage needs: what mark ends
//! a text. Stages share them here rather than reaching into each other.

/// The last character of a text before any closing quotes and brackets:
/// the mark that ends it (`.` in `… offence.”`).
pub fn closing_mark(text: &str) -> Option<char> {
    text.trim_end()
        .trim_end_matches(['”', '’', '"', '\'', ')', ']'])
        .chars()
        .last()
}

#[cfg(test)]
mod tests {
    #[test]
    fn closing_marks() {
        assert_eq!(super::closing_mark("an offence.”"), Some('.'));
        assert_eq!(super::closing_mark("(see above)"), Some('e'));
        assert_eq!(super::closing_mark(""), None);
    }
}
