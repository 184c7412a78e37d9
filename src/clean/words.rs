//! English words, for the line-end hyphens a document cannot decide.
//!
//! The list is Wordnik's (about 200,000 English words with their
//! inflections, MIT-licensed, shipped as the `wordnik_list` crate): kept up
//! by a dictionary publisher, it holds `capacity` and `profile` but neither
//! `capac` nor `highprofile`. It is looked up in place (a binary search in
//! sorted fixed-width strings), so it costs nothing to load.

/// Whether `word` (lowercase) is an English word; a word with anything
/// but the letters a–z is none the list can tell.
pub fn is_english(word: &str) -> bool {
    word.bytes().all(|b| b.is_ascii_lowercase()) && wordnik_list::word_exists(word)
}

/// Shortest word the document-language measure counts: shorter ones are
/// shared by too many languages (`de`, `la`, `in`).
const MIN_MEASURED_LETTERS: usize = 4;

/// Share of English words above which a document is taken for English.
pub const ENGLISH_SHARE: f64 = 0.7;

/// Share of a document's distinct words of at least four letters a–z
/// that are English, from its lowercase words: near nine in ten for an
/// English report, under two for a French or Spanish one.
pub fn english_share<'a>(words: impl Iterator<Item = &'a str>) -> f64 {
    let (mut measured, mut english) = (0usize, 0usize);
    for word in words.filter(|w| w.len() >= MIN_MEASURED_LETTERS && w.bytes().all(|b| b.is_ascii_lowercase()))
    {
        measured += 1;
        english += usize::from(wordnik_list::word_exists(word));
    }
    if measured == 0 {
        0.0
    } else {
        english as f64 / measured as f64
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_and_fragments() {
        for word in [
            "capacity",
            "profile",
            "high",
            "building",
            "follow",
            "up",
            "cooperation",
        ] {
            assert!(is_english(word), "{word}");
        }
        for fragment in [
            "capac",
            "highprofile",
            "capacitybuilding",
            "ity",
            "Capacity",
            "développement",
        ] {
            assert!(!is_english(fragment), "{fragment}");
        }
    }

    #[test]
    fn english_is_told_from_french() {
        let english =
            "the working group adopted its report and decided that the recommendations should be implemented";
        let french = "le groupe de travail a adopté son rapport et décidé que les recommandations devraient \
                      être appliquées par les États parties dans leurs législations nationales avec le concours \
                      du secrétariat pendant la prochaine session";
        let spanish = "el grupo de trabajo aprobó su informe y decidió que las recomendaciones deberían aplicarse \
                       por los Estados partes en sus legislaciones nacionales con la ayuda de la secretaría";
        assert!(english_share(english.split(' ')) > ENGLISH_SHARE);
        assert!(
            english_share(french.split(' ')) < ENGLISH_SHARE,
            "{}",
            english_share(french.split(' '))
        );
        assert!(
            english_share(spanish.split(' ')) < ENGLISH_SHARE,
            "{}",
            english_share(spanish.split(' '))
        );
    }
}
