//! TeX math to MathML at build time: pulldown-cmark's `$…$` and `$$…$$` events
//! (`[markdown] math = true`) become `<math>` elements through math-core, so pages need
//! no script and no web font, and screen readers read the formulas.
//!
//! This module converts one formula and finds where in the file an error lies; the
//! Markdown stage decides where the MathML goes and what reaches the search index.

use std::sync::LazyLock;

use math_core::{LatexToMathML, MathCoreConfig, MathDisplay};

/// One converter for the whole run: it holds no state between formulas.
static CONVERTER: LazyLock<LatexToMathML> = LazyLock::new(|| {
    LatexToMathML::new(MathCoreConfig::default()).expect("the default config defines no macros")
});

/// Invalid TeX: the converter's message and the byte offset in the TeX where it lies.
#[derive(Debug, Clone, PartialEq)]
pub struct MathError {
    pub offset: usize,
    pub message: String,
}

/// The MathML of `tex`: `<math display="block">` for display math, `<math>` inline.
pub fn to_mathml(tex: &str, display: bool) -> Result<String, MathError> {
    let mode = if display {
        MathDisplay::Block
    } else {
        MathDisplay::Inline
    };
    CONVERTER
        .convert_with_local_state(tex, mode)
        .map(|r| scriptlevel_as_style(&r.mathml))
        .map_err(|e| MathError {
            offset: tex.floor_char_boundary(e.0.start),
            message: e.error_message(),
        })
}

/// MathML with each `scriptlevel` attribute written as the CSS it stands for
/// (`math-depth`, as MathML Core defines it): HTML's MathML allows `scriptlevel` only
/// on `<mstyle>`, and math-core puts it on tables and rows too, which the Nu checker
/// rejects. Browsers draw both the same.
fn scriptlevel_as_style(mathml: &str) -> String {
    const ATTR: &str = " scriptlevel=\"";
    if !mathml.contains(ATTR) {
        return mathml.to_string();
    }
    let mut out = String::with_capacity(mathml.len() + 32);
    let mut rest = mathml;
    while let Some(at) = rest.find(ATTR) {
        let value_start = at + ATTR.len();
        let Some(value_len) = rest[value_start..].find('"') else {
            break;
        };
        let value = &rest[value_start..value_start + value_len];
        let after = &rest[value_start + value_len + 1..];
        let tag_end = after.find('>').unwrap_or(after.len());
        let (tag_rest, tail) = after.split_at(tag_end);
        let tag_rest = tag_rest.trim_end_matches('/');
        let closes_itself = after[..tag_end].ends_with('/');
        out.push_str(&rest[..at]);
        match tag_rest.find(" style=\"") {
            Some(style) => {
                let insert = style + " style=\"".len();
                out.push_str(&tag_rest[..insert]);
                out.push_str(&format!("math-depth: {value};"));
                out.push_str(&tag_rest[insert..]);
            }
            None => {
                out.push_str(tag_rest);
                out.push_str(&format!(" style=\"math-depth: {value}\""));
            }
        }
        if closes_itself {
            out.push('/');
        }
        rest = tail;
    }
    out.push_str(rest);
    out
}

/// The offset in `source` (the Markdown of the whole `$…$` or `$$…$$`, starting at
/// `start` in the text) of byte `offset` of its TeX `tex`. pulldown-cmark hands the TeX
/// over as written unless it crosses a line in a quote or list, where the prefixes are
/// stripped; then the start of the math is as near as can be said.
pub fn offset_in_source(source: &str, start: usize, tex: &str, offset: usize) -> usize {
    match source.find(tex) {
        Some(at) => start + at + offset,
        None => start,
    }
}

/// The error message the build reports for invalid TeX at its line.
pub fn problem(tex: &str, display: bool, error: &MathError) -> String {
    let (open, close) = if display { ("$$", "$$") } else { ("$", "$") };
    let near: String = tex[error.offset..]
        .chars()
        .take_while(|c| *c != '\n')
        .take(30)
        .collect();
    let near = near.trim_end();
    if near.is_empty() {
        format!(
            "invalid TeX in {open}{}{close}: {}",
            short(tex),
            error.message
        )
    } else {
        format!(
            "invalid TeX in {open}{}{close}: {} (at `{near}`)",
            short(tex),
            error.message
        )
    }
}

/// The TeX on one line, cut short for a message.
fn short(tex: &str) -> String {
    let one_line = tex.split_whitespace().collect::<Vec<_>>().join(" ");
    if one_line.chars().count() > 60 {
        format!("{}…", one_line.chars().take(60).collect::<String>())
    } else {
        one_line
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inline_and_display() {
        let inline = to_mathml("x^2", false).unwrap();
        assert_eq!(inline, "<math><msup><mi>x</mi><mn>2</mn></msup></math>");
        let block = to_mathml(r"\frac{a}{b}", true).unwrap();
        assert!(block.starts_with("<math display=\"block\">"), "{block}");
        assert!(block.contains("<mfrac>"), "{block}");
    }

    #[test]
    fn scriptlevel_becomes_math_depth() {
        assert_eq!(
            scriptlevel_as_style(
                "<mtable displaystyle=\"false\" scriptlevel=\"0\"><mtr></mtr></mtable>"
            ),
            "<mtable displaystyle=\"false\" style=\"math-depth: 0\"><mtr></mtr></mtable>"
        );
        assert_eq!(
            scriptlevel_as_style(
                "<mtable displaystyle=\"true\" scriptlevel=\"0\" style=\"width: 100%\"><a scriptlevel=\"1\"/>"
            ),
            "<mtable displaystyle=\"true\" style=\"math-depth: 0;width: 100%\"><a style=\"math-depth: 1\"/>"
        );
        let cases = to_mathml(r"\begin{cases} 0 & x \\ 1 & y \end{cases}", true).unwrap();
        assert!(!cases.contains("scriptlevel"), "{cases}");
        assert!(cases.contains("math-depth: 0"), "{cases}");
    }

    #[test]
    fn errors_say_where() {
        let tex = r"a + \nosuch{b}";
        let e = to_mathml(tex, false).unwrap_err();
        assert_eq!(e.offset, 4, "{e:?}");
        assert!(e.message.contains("nosuch"), "{e:?}");
        let message = problem(tex, false, &e);
        assert!(
            message.starts_with(r"invalid TeX in $a + \nosuch{b}$: "),
            "{message}"
        );
        assert!(message.ends_with(r"(at `\nosuch{b}`)"), "{message}");
    }

    #[test]
    fn offsets_map_into_the_source() {
        let source = "$$\na +\n\\bad\n$$";
        let tex = "\na +\n\\bad\n";
        assert_eq!(offset_in_source(source, 100, tex, 5), 107);
        assert_eq!(offset_in_source("$$\n> a\n> b$$", 7, "\na\nb", 3), 7);
    }
}
