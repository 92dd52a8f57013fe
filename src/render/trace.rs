//! Templates that say when they run: before Tera compiles a template, a call to
//! `__folio_reached` is put where rendering enters it (the end of a template that
//! extends nothing, the start of each block of one that does, the start of each
//! component body). The call prints nothing and records the template, with the
//! chain of templates it extends, as a read of the output being made (`deps`).
//!
//! So an output depends on exactly the templates its render reached, through
//! `extends`, `include`, components or shortcodes, with names decided at run time
//! too; nothing searches template text for relations. The markers go after the tag
//! that opens their place, on its line, so line numbers in Tera's errors stay right.

use std::collections::HashMap;

/// The name of the recording function the markers call.
pub const FUNCTION: &str = "__folio_reached";

/// A template's source with markers, and the template it extends.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Traced {
    pub source: String,
    pub extends: Option<String>,
}

/// Puts the markers into `source`, the template `name`.
pub fn instrument(name: &str, source: &str) -> Traced {
    let marker = |trim: bool| {
        let name = name.replace('\\', "\\\\").replace('"', "\\\"");
        if trim {
            format!("{{{{- {FUNCTION}(t=\"{name}\") -}}}}")
        } else {
            format!("{{{{ {FUNCTION}(t=\"{name}\") }}}}")
        }
    };
    let tags = scan(source);
    let extends = tags.iter().find_map(|t| match t {
        Tag::Extends(target) => Some(target.clone()),
        _ => None,
    });
    let mut out = String::with_capacity(source.len() + 64);
    let mut at = 0;
    for tag in &tags {
        if let Tag::Opens { end, trim, block } = tag
            && (!block || extends.is_some())
        {
            out.push_str(&source[at..*end]);
            out.push_str(&marker(*trim));
            at = *end;
        }
    }
    out.push_str(&source[at..]);
    if extends.is_none() {
        out.push_str(&marker(false));
    }
    Traced {
        source: out,
        extends,
    }
}

/// Takes the markers back out of a Tera error report, so that its source lines, its
/// carets and its `--> file:line:column` show the template as its author wrote it.
pub fn clean_error(report: &str) -> String {
    let lines: Vec<&str> = report.lines().collect();
    let mut out: Vec<String> = lines.iter().map(|l| l.to_string()).collect();
    for (i, line) in lines.iter().enumerate() {
        // A source line: `<number> | <text>`.
        let Some((number, text_at)) = snippet_line(line) else {
            continue;
        };
        let spans = marker_spans(&line[text_at..]);
        if spans.is_empty() {
            continue;
        }
        let strip = |s: &str, offset: usize| -> String {
            let mut kept = String::new();
            for (k, ch) in s.char_indices() {
                let col = k + offset;
                if !spans.iter().any(|(a, b)| col >= *a && col < *b) {
                    kept.push(ch);
                }
            }
            kept
        };
        out[i] = format!("{}{}", &line[..text_at], strip(&line[text_at..], 0));
        // The caret line below has the same layout.
        if let Some(next) = lines.get(i + 1)
            && next.trim_start().starts_with('|')
            && next.len() > text_at
        {
            out[i + 1] = format!("{}{}", &next[..text_at], strip(&next[text_at..], 0));
        }
        // The location above names this line and a column counted with the markers.
        for j in (0..i).rev() {
            let Some(at) = lines[j].find("--> ") else {
                continue;
            };
            let loc = &lines[j][at + 4..];
            let mut parts = loc.rsplitn(3, ':');
            let (Some(col), Some(ln), Some(file)) = (parts.next(), parts.next(), parts.next())
            else {
                break;
            };
            if let (Ok(col), Ok(ln)) = (col.parse::<usize>(), ln.parse::<usize>())
                && ln == number
            {
                let before: usize = spans
                    .iter()
                    .filter(|(a, _)| *a < col.saturating_sub(1))
                    .map(|(a, b)| b - a)
                    .sum();
                out[j] = format!("{}--> {file}:{ln}:{}", &lines[j][..at], col - before);
            }
            break;
        }
    }
    let mut joined = out.join("\n");
    if report.ends_with('\n') {
        joined.push('\n');
    }
    joined
}

/// The line number and the byte where the text starts, for a source line of a report.
fn snippet_line(line: &str) -> Option<(usize, usize)> {
    let bar = line.find(" | ")?;
    let number = line[..bar].trim().parse().ok()?;
    Some((number, bar + 3))
}

/// The byte ranges of the markers in `text`.
fn marker_spans(text: &str) -> Vec<(usize, usize)> {
    let mut spans = Vec::new();
    let mut from = 0;
    while let Some(k) = text[from..].find(FUNCTION) {
        let at = from + k;
        let start = text[..at].rfind("{{").unwrap_or(at);
        let end = text[at..].find("}}").map_or(text.len(), |e| at + e + 2);
        spans.push((start, end));
        from = end;
    }
    spans
}

/// The templates `name` extends, nearest first.
pub fn parents<'a>(extends: &'a HashMap<String, String>, name: &str) -> Vec<&'a str> {
    let mut out: Vec<&str> = Vec::new();
    let mut at = extends.get(name);
    while let Some(p) = at {
        if out.contains(&p.as_str()) || p == name {
            break;
        }
        out.push(p);
        at = extends.get(p);
    }
    out
}

#[derive(Debug, PartialEq)]
enum Tag {
    /// `{% extends "x" %}`.
    Extends(String),
    /// A `{% block %}` (`block`) or `{% component %}` tag ending at byte `end`, with
    /// `-%}` (`trim`).
    Opens { end: usize, trim: bool, block: bool },
}

/// The tags of `source` that matter here, skipping comments, `{% raw %}` sections and
/// string literals inside tags.
fn scan(source: &str) -> Vec<Tag> {
    let bytes = source.as_bytes();
    let mut tags = Vec::new();
    let mut i = 0;
    while i + 1 < bytes.len() {
        if bytes[i] != b'{' {
            i += 1;
            continue;
        }
        match bytes[i + 1] {
            b'#' => i = find(source, i + 2, "#}").map_or(bytes.len(), |j| j + 2),
            b'{' => i = tag_end(source, i + 2, "}}"),
            b'%' => {
                let end = tag_end(source, i + 2, "%}");
                let inner = inside(source, i + 2, end);
                let word = inner.split_whitespace().next().unwrap_or("");
                let trim = source[..end].ends_with("-%}");
                match word {
                    "raw" => {
                        i = end;
                        // Up to the matching `{% endraw %}`.
                        loop {
                            let Some(j) = find(source, i, "{%") else {
                                i = bytes.len();
                                break;
                            };
                            let e = tag_end(source, j + 2, "%}");
                            i = e;
                            if inside(source, j + 2, e) == "endraw" {
                                break;
                            }
                        }
                        continue;
                    }
                    "extends" => {
                        let rest = inner["extends".len()..].trim();
                        let target = rest
                            .strip_prefix(['"', '\'', '`'])
                            .and_then(|r| r.find(['"', '\'', '`']).map(|e| r[..e].to_string()));
                        if let Some(t) = target {
                            tags.push(Tag::Extends(t));
                        }
                    }
                    "block" | "component" => tags.push(Tag::Opens {
                        end,
                        trim,
                        block: word == "block",
                    }),
                    _ => {}
                }
                i = end;
            }
            _ => i += 1,
        }
    }
    tags
}

/// The words of a tag between `{%` (ending at `from`) and the `%}` ending at `end`,
/// without whitespace-control dashes.
fn inside(source: &str, from: usize, end: usize) -> &str {
    let close = if source[..end].ends_with("%}") { 2 } else { 0 };
    source[from..(end - close).max(from)].trim_matches(|c: char| c == '-' || c.is_whitespace())
}

fn find(source: &str, from: usize, needle: &str) -> Option<usize> {
    source.get(from..)?.find(needle).map(|j| from + j)
}

/// The byte just past the `close` that ends a tag whose inside starts at `from`,
/// stepping over string literals.
fn tag_end(source: &str, from: usize, close: &str) -> usize {
    let bytes = source.as_bytes();
    let mut i = from;
    while i < bytes.len() {
        match bytes[i] {
            q @ (b'"' | b'\'' | b'`') => {
                i += 1;
                while i < bytes.len() && bytes[i] != q {
                    i += 1;
                }
                i += 1;
            }
            _ if source[i..].starts_with(close) => return i + close.len(),
            _ => i += 1,
        }
    }
    bytes.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(name: &str) -> String {
        format!("{{{{ {FUNCTION}(t=\"{name}\") }}}}")
    }

    #[test]
    fn marks_where_rendering_enters() {
        let base = instrument("base.html", "<p>{% block body %}x{% endblock %}</p>\n");
        assert_eq!(base.extends, None);
        assert_eq!(
            base.source,
            format!(
                "<p>{{% block body %}}x{{% endblock %}}</p>\n{}",
                m("base.html")
            )
        );
        let child = instrument(
            "page.html",
            "{% extends \"base.html\" %}\n{% block body -%}\n  y{% endblock %}",
        );
        assert_eq!(child.extends.as_deref(), Some("base.html"));
        assert_eq!(
            child.source,
            format!(
                "{{% extends \"base.html\" %}}\n{{% block body -%}}{{{{- {FUNCTION}(t=\"page.html\") -}}}}\n  y{{% endblock %}}"
            )
        );
        let comp = instrument(
            "c.html",
            "{% component note(kind=\"a%}\") %}z{% endcomponent %}",
        );
        assert!(comp.source.starts_with(&format!(
            "{{% component note(kind=\"a%}}\") %}}{}z",
            m("c.html")
        )));
    }

    #[test]
    fn skips_comments_raw_and_strings() {
        let src = "{# {% block a %} #}{% raw %}{% block b %}{% endraw %}{{ \"{% block c %}\" }}";
        let t = instrument("x.html", src);
        assert_eq!(t.source, format!("{src}{}", m("x.html")));
    }

    #[test]
    fn error_reports_show_the_template_as_written() {
        let source = format!("{{% block content %}}{} {{{{ x | nope }}}}", m("page.html"));
        let col = source.find("nope").unwrap() + 1;
        let report = format!(
            "error: Unknown filter `nope`\n --> page.html:2:{col}\n  |\n2 | {source}\n  | {}^^^^\n",
            " ".repeat(col - 1)
        );
        let clean = clean_error(&report);
        let written = "{% block content %} {{ x | nope }}";
        let want_col = written.find("nope").unwrap() + 1;
        assert!(!clean.contains(FUNCTION), "{clean}");
        assert!(
            clean.contains(&format!("--> page.html:2:{want_col}")),
            "{clean}"
        );
        assert!(clean.contains(&format!("2 | {written}\n")), "{clean}");
        assert!(
            clean.contains(&format!("  | {}^^^^", " ".repeat(want_col - 1))),
            "{clean}"
        );
    }

    #[test]
    fn follows_extends_chains_without_looping() {
        let extends = HashMap::from([
            ("a".to_string(), "b".to_string()),
            ("b".to_string(), "c".to_string()),
            ("c".to_string(), "a".to_string()),
        ]);
        assert_eq!(parents(&extends, "a"), vec!["b", "c"]);
        assert!(parents(&extends, "z").is_empty());
    }
}
