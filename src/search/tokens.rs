//! Splitting text into search terms, the same way `static/js/search.js` splits queries:
//! lowercased runs of letters and digits, and every character and neighbouring pair of
//! characters in scripts written without spaces.

use super::MAX_WORD_CHARS;

/// The tokens of `text`, in order, as the index and the search box see them.
pub fn tokens(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut buf = String::new();
    each_token(text, &mut buf, &mut |t| out.push(t.to_string()));
    out
}

/// Scripts written without spaces between words, as ranges of code points: Thai, Lao,
/// Myanmar, Khmer, kana, CJK ideographs and Hangul. Their runs are indexed as characters
/// and character pairs. `meta.js` passes the list on to `search.js`.
pub(super) const UNSPACED: [(u32, u32); 9] = [
    (0x0E00, 0x0EFF),
    (0x1000, 0x109F),
    (0x1780, 0x17FF),
    (0x3040, 0x30FF),
    (0x3400, 0x4DBF),
    (0x4E00, 0x9FFF),
    (0xAC00, 0xD7AF),
    (0xF900, 0xFAFF),
    (0x20000, 0x2FA1F),
];

pub(super) fn is_unspaced(c: char) -> bool {
    let c = c as u32;
    c >= 0x0E00
        && UNSPACED
            .iter()
            .any(|&(first, last)| (first..=last).contains(&c))
}

/// `UNSPACED` as the inside of a JavaScript regular expression class.
pub(super) fn unspaced_class() -> String {
    UNSPACED
        .iter()
        .map(|(first, last)| format!("\\\\u{{{first:x}}}-\\\\u{{{last:x}}}"))
        .collect()
}

/// Byte classes for the tokenizer: ASCII separators, lowercase letters and digits,
/// uppercase letters, and the bytes of non-ASCII characters.
pub(super) const SEPARATOR: u8 = 0;
pub(super) const LOWER: u8 = 1;
pub(super) const UPPER: u8 = 2;
pub(super) const NON_ASCII: u8 = 3;
pub(super) const CLASS: [u8; 256] = {
    let mut t = [SEPARATOR; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        t[b] = if c >= 0x80 {
            NON_ASCII
        } else if c.is_ascii_uppercase() {
            UPPER
        } else if c.is_ascii_alphanumeric() {
            LOWER
        } else {
            SEPARATOR
        };
        b += 1;
    }
    t
};

/// Calls `f` with each token of `text`. `buf` is scratch space for lowercasing.
pub(super) fn each_token(text: &str, buf: &mut String, f: &mut impl FnMut(&str)) {
    let bytes = text.as_bytes();
    // Start of the previous character of the current unspaced run.
    let mut prev: Option<usize> = None;
    let mut i = 0;
    while i < bytes.len() {
        let class = CLASS[bytes[i] as usize];
        if class == LOWER || class == UPPER {
            prev = None;
            i = word(text, i, buf, f);
        } else if class == SEPARATOR {
            prev = None;
            i += 1;
        } else {
            let c = text[i..].chars().next().unwrap_or(' ');
            let end = i + c.len_utf8();
            if is_unspaced(c) {
                f(&text[i..end]);
                if let Some(p) = prev {
                    f(&text[p..end]);
                }
                prev = Some(i);
                i = end;
            } else if c.is_alphanumeric() {
                prev = None;
                i = word(text, i, buf, f);
            } else {
                prev = None;
                i = end;
            }
        }
    }
}

/// Passes the word that starts at `start` to `f`, lowercased, and returns its end.
pub(super) fn word(text: &str, start: usize, buf: &mut String, f: &mut impl FnMut(&str)) -> usize {
    let bytes = text.as_bytes();
    let mut end = start;
    let mut classes = 0;
    while let Some(&b) = bytes.get(end) {
        let class = CLASS[b as usize];
        if class == SEPARATOR || class == NON_ASCII {
            break;
        }
        classes |= class;
        end += 1;
    }
    let upper = classes & UPPER != 0;
    let mut ascii = true;
    if end < bytes.len() && bytes[end] >= 0x80 {
        for c in text[end..].chars() {
            if c.is_ascii_alphanumeric()
                || (!c.is_ascii() && !is_unspaced(c) && c.is_alphanumeric())
            {
                ascii &= c.is_ascii();
                end += c.len_utf8();
            } else {
                break;
            }
        }
    }
    let w = &text[start..end];
    if w.len() > MAX_WORD_CHARS && w.chars().count() > MAX_WORD_CHARS {
        return end;
    }
    if ascii && !upper {
        f(w);
    } else if ascii {
        buf.clear();
        buf.push_str(w);
        buf.make_ascii_lowercase();
        f(buf);
    } else {
        f(&w.to_lowercase());
    }
    end
}
