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

/// Share of a document's words that are `the`, `and` or `of`, in percent,
/// above which it is taken for English: about twelve in an English report,
/// none in a French or Spanish one. Counting three words, not looking up
/// every word of the document, keeps the list out of memory.
pub const ENGLISH_FUNCTION_WORDS_PERCENT: u64 = 4;

/// Whether a document is in English, from its lowercase words and how
/// often it writes each.
pub fn is_english_document<'a>(words: impl Iterator<Item = (&'a str, u32)>) -> bool {
    let (mut all, mut function) = (0u64, 0u64);
    for (word, n) in words {
        all += u64::from(n);
        if matches!(word, "the" | "and" | "of") {
            function += u64::from(n);
        }
    }
    all > 0 && function * 100 >= all * ENGLISH_FUNCTION_WORDS_PERCENT
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

    fn counted(text: &str) -> Vec<(String, u32)> {
        let mut counts: std::collections::HashMap<String, u32> = Default::default();
        for w in text.split(' ') {
            *counts.entry(w.to_lowercase()).or_default() += 1;
        }
        counts.into_iter().collect()
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
        let is_english = |text: &str| {
            let counts = counted(text);
            is_english_document(counts.iter().map(|(w, n)| (w.as_str(), *n)))
        };
        assert!(is_english(english));
        assert!(!is_english(french));
        assert!(!is_english(spanish));
        assert!(!is_english(""));
    }
}
