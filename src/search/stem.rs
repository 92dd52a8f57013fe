//! English stemming and the typo buckets of the search index: which words share a stem
//! (Snowball's English stemmer, "Porter2", through `rust-stemmers`), and under which
//! keys a word is listed so that the search box can find the words one edit away from
//! a misspelt one. `static/js/words.js` holds the same stemmer, written out; the
//! integration test `search_stem` runs both over the same words.

use std::borrow::Cow;

use rust_stemmers::{Algorithm, Stemmer};

use super::tokens::is_unspaced;

/// The stem of a search term. Only words of the letters `a`–`z` are stemmed (three
/// letters or more, as Snowball does); numbers, words with other letters and CJK
/// characters stay as they are, in the index and in the search box alike.
pub fn stem(word: &str) -> Cow<'_, str> {
    if word.len() < 3 || !word.bytes().all(|b| b.is_ascii_lowercase()) {
        return Cow::Borrowed(word);
    }
    Stemmer::create(Algorithm::English).stem(word)
}

/// How a variant of a stem is written in its stem's group: its ending after the stem
/// when it starts with the stem, else the number of the stem's last letters to drop
/// (1 to 9) followed by its ending. The word that is the stem itself is written "".
/// None if more than 9 letters would go, which Snowball's English rules never do.
pub(super) fn variant(stem: &str, word: &str) -> Option<String> {
    if let Some(rest) = word.strip_prefix(stem) {
        return Some(rest.to_string());
    }
    // Both are ASCII letters here.
    let common = stem
        .bytes()
        .zip(word.bytes())
        .take_while(|(a, b)| a == b)
        .count();
    let drop = stem.len() - common;
    (drop <= 9).then(|| format!("{drop}{}", &word[common..]))
}

/// Letters at either end of a word that name its typo buckets.
const KEY_CHARS: usize = 2;
/// The shortest query word that typo tolerance applies to; words one edit away are
/// one letter shorter at least.
pub const TYPO_MIN_CHARS: usize = 5;

/// The typo buckets of `word`, with what each lists of it: `^` and its first two
/// letters with the rest of the word, and `$` and its last two letters with the word
/// before them. None for words that a query of `TYPO_MIN_CHARS` letters cannot reach
/// in one edit, for numbers and for unspaced scripts.
///
/// A word one edit from a query of five letters or more keeps either the query's
/// first two letters (the edit is further on) or its last two (the edit is in the
/// first letters), so the two buckets of the query hold every candidate.
pub(super) fn typo_keys(word: &str) -> Option<[(String, &str); 2]> {
    let chars = word.chars().count();
    if chars < TYPO_MIN_CHARS - 1 || !word.chars().all(|c| c.is_alphabetic() && !is_unspaced(c)) {
        return None;
    }
    let head = word
        .char_indices()
        .nth(KEY_CHARS)
        .map_or(word.len(), |(i, _)| i);
    let tail = word
        .char_indices()
        .nth(chars - KEY_CHARS)
        .map_or(0, |(i, _)| i);
    Some([
        (format!("^{}", &word[..head]), &word[head..]),
        (format!("${}", &word[tail..]), &word[..tail]),
    ])
}

/// Which typo file holds `key` among `files`: a hash of its UTF-16 code units, as
/// the theme's `search.js` computes it.
pub(super) fn typo_file(key: &str, files: usize) -> usize {
    let h = key
        .encode_utf16()
        .fold(0u32, |h, u| h.wrapping_mul(31).wrapping_add(u32::from(u)));
    h as usize % files.max(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stems_english_words_only() {
        for (word, want) in [
            ("subsidies", "subsidi"),
            ("subsidy", "subsidi"),
            ("partnerships", "partnership"),
            ("running", "run"),
            ("generously", "generous"),
            ("skies", "sky"),
            ("naïve", "naïve"),
            ("2020s", "2020s"),
            ("合肥", "合肥"),
            ("is", "is"),
        ] {
            assert_eq!(stem(word), want, "{word}");
        }
    }

    #[test]
    fn variants_are_written_against_their_stem() {
        assert_eq!(variant("subsidi", "subsidies").unwrap(), "es");
        assert_eq!(variant("subsidi", "subsidy").unwrap(), "1y");
        assert_eq!(variant("car", "car").unwrap(), "");
        assert_eq!(variant("die", "dying").unwrap(), "2ying");
        assert_eq!(variant("abcdefghijk", "a"), None);
    }

    #[test]
    fn typo_keys_take_both_ends() {
        let [a, b] = typo_keys("volkswagen").unwrap();
        assert_eq!(a, ("^vo".to_string(), "lkswagen"));
        assert_eq!(b, ("$en".to_string(), "volkswag"));
        let [a, _] = typo_keys("écoles").unwrap();
        assert_eq!(a, ("^éc".to_string(), "oles"));
        assert!(typo_keys("car").is_none());
        assert!(typo_keys("v2020").is_none());
        assert!(typo_keys("合肥合肥合").is_none());
        assert_eq!(typo_file("^vo", 1), 0);
        assert!(typo_file("^vo", 7) < 7);
    }
}
