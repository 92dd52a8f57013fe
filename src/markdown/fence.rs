//! Code-fence options: Zola 0.22's `linenos`, `linenostart=N`, `hl_lines=…`,
//! `hide_lines=…` and `name=…`, and MkDocs Material's `title="…"` and `linenums="N"`,
//! read from the info string after the language
//! (```` ```rust,linenos,hl_lines=2 4-5 ````).
//!
//! `parse` reads the options and names each bad value; `Fence::check_lines` names the
//! ranges past the end of the block. `decorate` applies the options to the HTML of a
//! block that `highlight` made (highlighted or plain), so the highlight cache never
//! depends on them. Line numbers are `data-ln` attributes that the theme draws with
//! CSS: they are not in the text, so they are never selected, copied, read by screen
//! readers, indexed or put in summaries. Hidden lines are left out of the HTML.
//!
//! Where Zola quietly ignores a bad value, folio reports it with the fence's line.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::ops::RangeInclusive;

/// The options every fence may carry, by Zola's names (and `title`).
const KNOWN: [&str; 7] = [
    "linenos",
    "linenums",
    "linenostart",
    "hl_lines",
    "hide_lines",
    "name",
    "title",
];

/// How alike an unknown option must be to a known one to be called a typo. High,
/// since other tools put their own words in info strings (rustdoc's `ignore`,
/// `no_run`, mdBook's `editable`).
const TYPO: f64 = 0.9;

/// The options of one fenced code block.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fence {
    /// The language, empty for none.
    pub lang: String,
    pub linenos: bool,
    /// The number of the first line (Zola's `linenostart`, 1 unless given).
    pub linenostart: usize,
    /// 1-based lines to highlight, as written (a reversed range is turned around).
    pub hl_lines: Vec<RangeInclusive<usize>>,
    /// 1-based lines to leave out; they still count for numbering.
    pub hide_lines: Vec<RangeInclusive<usize>>,
    /// A caption shown above the block.
    pub title: Option<String>,
    /// `key=value` options folio does not know, Zola's `name` among them: `data-key`
    /// attributes on `<code>`, as Zola writes them.
    pub data: BTreeMap<String, String>,
}

impl Default for Fence {
    fn default() -> Self {
        Fence {
            lang: String::new(),
            linenos: false,
            linenostart: 1,
            hl_lines: Vec::new(),
            hide_lines: Vec::new(),
            title: None,
            data: BTreeMap::new(),
        }
    }
}

impl Fence {
    /// Whether the options change the markup of the block at all.
    pub fn is_plain(&self) -> bool {
        !self.linenos
            && self.hl_lines.is_empty()
            && self.hide_lines.is_empty()
            && self.title.is_none()
            && self.data.is_empty()
    }

    /// Problems with line ranges that reach past the last of the block's `lines`.
    pub fn check_lines(&self, lines: usize) -> Vec<String> {
        let mut out = Vec::new();
        for (key, ranges) in [
            ("hl_lines", &self.hl_lines),
            ("hide_lines", &self.hide_lines),
        ] {
            for r in ranges {
                if *r.end() > lines {
                    let plural = if lines == 1 { "" } else { "s" };
                    out.push(format!(
                        "`{key}` names line {} but this code block has {lines} line{plural}",
                        r.end()
                    ));
                }
            }
        }
        out
    }
}

/// Reads a fence's info string into its options, with a message for each bad one.
///
/// Options are separated by commas, as in Zola; the first word that is not an
/// option is the language. After the language, options may also be separated by
/// spaces, as in MkDocs (```` ```py title="a.py" linenos ````), where a value with
/// spaces needs quotes. A value may always be quoted.
pub fn parse(info: &str) -> (Fence, Vec<String>) {
    let mut fence = Fence::default();
    let mut problems = Vec::new();
    let info = info.trim();
    // The language ends where the first option starts, at a space, or at a `{` (an
    // attribute block some tools write), as it always has.
    let lang_end = info.find([',', ' ', '\t', '{']).unwrap_or(info.len());
    let lang = &info[..lang_end];
    if lang.contains('=') || KNOWN.contains(&lang) {
        // No language: every comma-separated piece is an option, as in Zola.
        for segment in split_outside_quotes(info, |c| c == ',') {
            let segment = segment.trim();
            // Zola: the first bare word that is not an option is the language.
            let bare = !segment.contains('=') && !KNOWN.contains(&segment);
            if bare && fence.lang.is_empty() && typo_of(segment).is_none() {
                fence.lang = segment.to_string();
            } else {
                option(segment, true, &mut fence, &mut problems);
            }
        }
        return (fence, problems);
    }
    fence.lang = lang.to_string();
    let mut rest = info[lang_end..].trim_start();
    if rest.starts_with('{') {
        rest = rest.split_once('}').map_or("", |(_, after)| after);
    }
    let mut segments = split_outside_quotes(rest, |c| c == ',').into_iter();
    // Words between the language and the first comma are often other tools' own;
    // only known options count there.
    for word in split_outside_quotes(&segments.next().unwrap_or_default(), char::is_whitespace) {
        option(&word, false, &mut fence, &mut problems);
    }
    for segment in segments {
        option(segment.trim(), true, &mut fence, &mut problems);
    }
    (fence, problems)
}

/// Applies one option. `zola` is true for a comma-separated option, where unknown
/// `key=value` pairs become data attributes as in Zola.
fn option(token: &str, zola: bool, fence: &mut Fence, problems: &mut Vec<String>) {
    if token.is_empty() {
        return;
    }
    let (key, value) = match token.split_once('=') {
        Some((k, v)) => (k.trim(), Some(unquote(v.trim()))),
        None => (token, None),
    };
    match (key, value) {
        ("linenos", _) => fence.linenos = true,
        // MkDocs' `linenums="N"` is `linenos` starting at N.
        ("linenostart" | "linenums", Some(v)) => match v.parse::<usize>() {
            Ok(n) => {
                fence.linenostart = n;
                fence.linenos |= key == "linenums";
            }
            Err(_) => problems.push(format!(
                "`{key}={v}`: the first line number must be a whole number from 0"
            )),
        },
        ("hl_lines", Some(v)) => ranges(key, v, &mut fence.hl_lines, problems),
        ("hide_lines", Some(v)) => ranges(key, v, &mut fence.hide_lines, problems),
        ("title", Some(v)) if !v.is_empty() => fence.title = Some(v.to_string()),
        ("name", Some(v)) if !v.is_empty() => {
            fence.data.insert("name".into(), v.to_string());
        }
        ("linenostart" | "linenums" | "hl_lines" | "hide_lines" | "title" | "name", _) => {
            problems.push(format!("`{key}` needs a value (`{key}=…`)"));
        }
        (_, value) if zola => {
            if let Some(known) = typo_of(key) {
                problems.push(format!(
                    "unknown code block option `{key}`, did you mean `{known}`?"
                ));
            } else if let Some(v) = value {
                let name = data_name(key);
                // `data-lang` is the language's.
                if !name.is_empty() && name != "lang" {
                    fence.data.insert(name, v.to_string());
                }
            }
            // Other bare words belong to other tools (rustdoc's `ignore`): Zola ignores
            // them too.
        }
        _ => {}
    }
}

/// Reads Zola's list of 1-based inclusive ranges separated by spaces: `1 3-5 9`.
fn ranges(
    key: &str,
    value: &str,
    out: &mut Vec<RangeInclusive<usize>>,
    problems: &mut Vec<String>,
) {
    if value.trim().is_empty() {
        problems.push(format!(
            "`{key}` needs line numbers or ranges (`{key}=1 3-5`)"
        ));
        return;
    }
    for word in value.split_whitespace() {
        let parsed = match word.split_once('-') {
            Some((a, b)) => a.parse::<usize>().ok().zip(b.parse::<usize>().ok()),
            None => word.parse::<usize>().ok().map(|n| (n, n)),
        };
        match parsed {
            Some((0, _) | (_, 0)) => problems.push(format!(
                "`{key}={value}`: lines count from 1, so `{word}` names no line"
            )),
            // Zola turns a reversed range around.
            Some((a, b)) => out.push(a.min(b)..=a.max(b)),
            None => problems.push(format!(
                "`{key}={value}`: `{word}` is not a line number or range (write `{key}=1 3-5`)"
            )),
        }
    }
}

/// The known option an unknown one is probably a misspelling of.
fn typo_of(key: &str) -> Option<&'static str> {
    KNOWN
        .iter()
        .copied()
        .find(|k| strsim::jaro_winkler(key, k) >= TYPO)
}

/// Zola's attribute name for an unknown key: lower case, anything but letters,
/// digits and `-` as `-` (ASCII only, so the attribute is valid HTML).
fn data_name(key: &str) -> String {
    key.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect()
}

/// `"x"` → `x`; anything else as it is.
fn unquote(v: &str) -> &str {
    v.strip_prefix('"')
        .and_then(|v| v.strip_suffix('"'))
        .unwrap_or(v)
}

/// Splits `s` at the characters `sep` accepts outside double quotes, dropping empty
/// pieces when splitting on spaces.
fn split_outside_quotes(s: &str, sep: impl Fn(char) -> bool) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut quoted = false;
    for c in s.chars() {
        if c == '"' {
            quoted = !quoted;
            cur.push(c);
        } else if !quoted && sep(c) {
            out.push(std::mem::take(&mut cur));
        } else {
            cur.push(c);
        }
    }
    out.push(cur);
    out
}

/// Adds to `langs` the languages that the fenced code blocks of `body` name, found
/// without parsing the Markdown: a run of three backticks or tildes with nothing but
/// spaces and `>` before it on its line. Good enough to prepare grammars ahead of
/// the blocks (`Highlighter::prepare`); the Markdown parser has the last word.
pub fn languages(body: &str, langs: &mut BTreeSet<String>) {
    for (marker, c) in [("```", '`'), ("~~~", '~')] {
        for at in memchr::memmem::find_iter(body.as_bytes(), marker) {
            let line = body[..at].rfind('\n').map_or(0, |i| i + 1);
            if !body[line..at]
                .bytes()
                .all(|b| matches!(b, b' ' | b'\t' | b'>'))
            {
                continue;
            }
            let rest = body[at..].trim_start_matches(c);
            let info = rest.split('\n').next().unwrap_or("");
            if info.trim().is_empty() {
                continue;
            }
            let (fence, _) = parse(info);
            if !fence.lang.is_empty() {
                langs.insert(fence.lang);
            }
        }
    }
}

/// The number of lines of `code` as highlighting sees them: a final newline ends the
/// last line rather than starting another.
pub fn line_count(code: &str) -> usize {
    // Both highlighters read `\r\n` and a lone `\r` as line ends too.
    let ends =
        code.matches('\n').count() + code.matches('\r').count() - code.matches("\r\n").count();
    let last_open = !code.is_empty() && !code.ends_with(['\n', '\r']);
    ends + usize::from(last_open)
}

/// Applies `fence`'s options to `html`, a `<pre …><code …>…</code></pre>` block made
/// by `highlight` (lines of `giallo-l` spans from either engine, each line's spans
/// closed on it, or escaped text). HTML of any other shape is returned as it is.
pub fn decorate(html: &str, fence: &Fence) -> String {
    if fence.is_plain() {
        return html.to_string();
    }
    let Some(pre_end) = html
        .find("<code")
        .and_then(|i| html[i..].find('>').map(|j| i + j))
    else {
        return html.to_string();
    };
    let Some(code_end) = html.rfind("</code>").filter(|&e| e > pre_end) else {
        return html.to_string();
    };
    let (open, body, close) = (
        &html[..pre_end],
        &html[pre_end + 1..code_end],
        &html[code_end..],
    );
    let Some(open) = open.strip_prefix("<pre class=\"") else {
        return html.to_string();
    };
    let body = body.strip_suffix('\n').unwrap_or(body);
    let lines: Vec<&str> = if body.is_empty() {
        Vec::new()
    } else {
        body.split('\n').collect()
    };

    let mut out = String::with_capacity(html.len() + lines.len() * 32 + 128);
    if let Some(title) = &fence.title {
        out.push_str("<figure class=\"code-block\">\n<figcaption class=\"code-title\">");
        pulldown_cmark_escape::escape_html_body_text(&mut out, title).ok();
        out.push_str("</figcaption>\n");
    }
    out.push_str("<pre class=\"code-lines ");
    if fence.linenos {
        out.push_str("linenos ");
    }
    // `open` is now the rest of the `<pre` tag's class and the `<code` tag.
    let (pre_rest, code_tag) = match open.find("<code") {
        Some(i) => (&open[..i], &open[i..]),
        None => (open, "<code"),
    };
    let last = fence
        .linenostart
        .saturating_add(lines.len().saturating_sub(1));
    if fence.linenos {
        // The gutter is as wide as the widest number.
        let digits = last.to_string().len();
        let pre_rest = pre_rest.trim_end_matches(['>', ' ']);
        let _ = write!(out, "{pre_rest} style=\"--ln-digits:{digits}\">");
    } else {
        out.push_str(pre_rest);
    }
    out.push_str(code_tag);
    for (k, v) in &fence.data {
        let _ = write!(out, " data-{k}=\"");
        pulldown_cmark_escape::escape_html(&mut out, v).ok();
        out.push('"');
    }
    out.push('>');
    let mut first = true;
    for (i, line) in lines.iter().enumerate() {
        let n = i + 1;
        if fence.hide_lines.iter().any(|r| r.contains(&n)) {
            continue;
        }
        if !first {
            out.push('\n');
        }
        first = false;
        // A highlighted line is a span of its own; plain code is bare text.
        let inner = line
            .strip_prefix("<span class=\"giallo-l\">")
            .and_then(|l| l.strip_suffix("</span>"))
            .unwrap_or(line);
        let tag = if fence.hl_lines.iter().any(|r| r.contains(&n)) {
            "mark"
        } else {
            "span"
        };
        let _ = write!(out, "<{tag} class=\"giallo-l\"");
        if fence.linenos {
            let _ = write!(out, " data-ln=\"{}\"", fence.linenostart.saturating_add(i));
        }
        let _ = write!(out, ">{inner}</{tag}>");
    }
    out.push_str(close);
    if fence.title.is_some() {
        out.push_str("\n</figure>");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn languages_are_found_on_fence_lines_only() {
        let body = "Intro with ```ruby inline``` code.\n\
            ```rust,linenos\nfn a() {}\n```\n\
            > ```python\n> x = 1\n> ```\n\
            - item\n\n   ~~~~ toml {.wide}\n   a = 1\n   ~~~~\n\
            ````\nno language\n````\n\
            ``` linenos, js\nlet a;\n```\n";
        let mut langs = BTreeSet::new();
        languages(body, &mut langs);
        assert_eq!(
            langs.into_iter().collect::<Vec<_>>(),
            ["js", "python", "rust", "toml"]
        );
    }

    fn parsed(info: &str) -> Fence {
        let (fence, problems) = parse(info);
        assert!(problems.is_empty(), "{info}: {problems:?}");
        fence
    }

    fn problems(info: &str) -> Vec<String> {
        parse(info).1
    }

    #[test]
    fn zola_options_in_any_order() {
        // Zola's documented example: `scss, linenos, linenostart=10, hl_lines=3-4 8-9, hide_lines=2 7`.
        let f = parsed("scss, linenos, linenostart=10, hl_lines=3-4 8-9, hide_lines=2 7");
        assert_eq!(f.lang, "scss");
        assert!(f.linenos);
        assert_eq!(f.linenostart, 10);
        assert_eq!(f.hl_lines, vec![3..=4, 8..=9]);
        assert_eq!(f.hide_lines, vec![2..=2, 7..=7]);
        let g = parsed("hide_lines=2 7,linenostart=10,scss,hl_lines=8-9 3-4,linenos");
        assert_eq!(g.lang, "scss");
        assert_eq!(g.linenostart, 10);
        assert_eq!(g.hide_lines, f.hide_lines);
    }

    #[test]
    fn no_language_then_options() {
        // Zola: the first bare word that is not an option is the language.
        let f = parsed("linenos,hl_lines=1");
        assert_eq!(f.lang, "");
        assert!(f.linenos);
        assert_eq!(f.hl_lines, vec![1..=1]);
        assert_eq!(parsed(",linenos").lang, "");
    }

    #[test]
    fn plain_fences_stay_plain() {
        for info in [
            "",
            "rust",
            "rust,ignore",
            "rust no_run",
            "ruby startline=3 $%@#$",
            "js{1,3}",
        ] {
            let f = parsed(info);
            assert!(f.is_plain(), "{info}: {f:?}");
        }
        assert_eq!(parsed("js{1,3}").lang, "js");
    }

    #[test]
    fn name_and_unknown_values_become_data_attributes() {
        // Zola (giallo) writes `name=mod.rs` and any other `key=value` as `data-key`.
        let f = parsed("rust,name=mod.rs,Copy_Me=\"yes\"");
        assert_eq!(f.data.get("name").map(String::as_str), Some("mod.rs"));
        assert_eq!(f.data.get("copy-me").map(String::as_str), Some("yes"));
        assert!(f.title.is_none());
    }

    #[test]
    fn mkdocs_title_and_linenums_comma_or_space_separated_and_quoted() {
        assert_eq!(
            parsed("rust,title=\"src/a, b.rs\"").title.as_deref(),
            Some("src/a, b.rs")
        );
        let f = parsed("py title=\"bubble sort.py\" linenums=\"5\" hl_lines=\"2 3\"");
        assert_eq!(f.lang, "py");
        assert_eq!(f.title.as_deref(), Some("bubble sort.py"));
        assert!(f.linenos);
        assert_eq!(f.linenostart, 5);
        assert_eq!(f.hl_lines, vec![2..=2, 3..=3]);
    }

    #[test]
    fn other_tools_words_are_not_typos() {
        for word in [
            "ignore",
            "no_run",
            "should_panic",
            "compile_fail",
            "edition2021",
            "editable",
            "noplayground",
            "hidden",
            "text",
            "console",
            "numbered",
        ] {
            assert_eq!(typo_of(word), None, "{word}");
        }
    }

    #[test]
    fn bad_values_are_named_and_never_panic() {
        for (info, says) in [
            ("rust,hl_lines=abc", "`abc` is not a line number"),
            ("rust,hl_lines=1-x", "`1-x` is not a line number"),
            ("rust,hide_lines=0", "lines count from 1"),
            ("rust,hl_lines=", "needs line numbers"),
            ("rust,linenostart=-1", "`linenostart=-1`"),
            ("rust,linenostart=99999999999999999999999", "whole number"),
            ("rust,linenostart", "needs a value"),
            ("rust,hl_line=2", "did you mean `hl_lines`?"),
            ("rust,lineno", "did you mean `linenos`?"),
        ] {
            let p = problems(info);
            assert!(p.iter().any(|m| m.contains(says)), "{info}: {p:?}");
        }
        // Reversed ranges are turned around, as in Zola.
        assert_eq!(parsed("rust,hl_lines=5-3").hl_lines, vec![3..=5]);
    }

    #[test]
    fn ranges_past_the_end_are_named() {
        let f = parsed("rust,hl_lines=2 4-6,hide_lines=3");
        assert!(f.check_lines(6).is_empty());
        assert_eq!(
            f.check_lines(5),
            vec!["`hl_lines` names line 6 but this code block has 5 lines"]
        );
        assert_eq!(line_count("a\nb\n"), 2);
        assert_eq!(line_count("a\r\nb\r\n"), 2);
        assert_eq!(line_count("a\n\n"), 2);
        assert_eq!(line_count(""), 0);
        assert_eq!(line_count("a\rb"), 2);
        assert_eq!(line_count("a"), 1);
    }

    #[test]
    fn decorate_numbers_highlights_and_hides() {
        // Zola: hidden lines still count, and `linenostart` shifts the numbers only.
        let html = "<pre class=\"code\" data-lang=\"x\"><code>a\nb &amp;\nc\nd\n</code></pre>";
        let f = parsed("x,linenos,linenostart=9,hl_lines=3,hide_lines=2");
        assert_eq!(
            decorate(html, &f),
            "<pre class=\"code-lines linenos code\" data-lang=\"x\" style=\"--ln-digits:2\"><code>\
             <span class=\"giallo-l\" data-ln=\"9\">a</span>\n\
             <mark class=\"giallo-l\" data-ln=\"11\">c</mark>\n\
             <span class=\"giallo-l\" data-ln=\"12\">d</span></code></pre>"
        );
    }

    #[test]
    fn decorate_reuses_giallo_lines_and_adds_caption_and_data() {
        let html = "<pre class=\"giallo hl-l-code\" ><code data-lang=\"rust\"><span class=\"giallo-l\"><span class=\"hl-l-1\">fn</span></span>\n<span class=\"giallo-l\"></span></code></pre>";
        let f = parsed("rust,hl_lines=1,title=\"<a>.rs\",name=m\"x");
        assert_eq!(
            decorate(html, &f),
            "<figure class=\"code-block\">\n<figcaption class=\"code-title\">&lt;a&gt;.rs</figcaption>\n\
             <pre class=\"code-lines giallo hl-l-code\" ><code data-lang=\"rust\" data-name=\"m&quot;x\">\
             <mark class=\"giallo-l\"><span class=\"hl-l-1\">fn</span></mark>\n\
             <span class=\"giallo-l\"></span></code></pre>\n</figure>"
        );
        // Without options the HTML is untouched.
        assert_eq!(decorate(html, &parsed("rust")), html);
        // Markup of another shape is left alone.
        assert_eq!(decorate("<p>x</p>", &f), "<p>x</p>");
    }
}
