//! Finds component calls ("shortcodes", in Zola's form) where Markdown has text, and
//! swaps them for placeholders before the Markdown is rendered.
//!
//! `{{ name(key="v", n=1, on=true, list=[1, 2]) }}` is an inline call and
//! `{% name(key="v") %}Markdown{% end %}` a call with a body. Where calls may start is
//! decided by pulldown-cmark's own parse of the text (`allowed`): only inside its text
//! events, never in code of any kind (spans, fenced and indented blocks, at any
//! nesting), raw HTML blocks, comments, or inline `<code>`, `<pre>` and the like. Zola's
//! escapes `{{/* … */}}` and `{%/* … */%}`, and a backslash before `{{`, print the call
//! as written. Placeholders hold no newlines (so a call keeps a list tight); `Extracted::
//! original` maps offsets back to the file's. Rendering the calls is left to the caller.

use std::ops::Range;

use pulldown_cmark::{Event, Options as CmarkOptions, Parser as Cmark, Tag, TagEnd};
use serde_json::{Map, Number, Value};

/// How deep component bodies and argument lists may nest.
pub const MAX_DEPTH: usize = 100;

/// One call found in the text.
#[derive(Debug, Clone, PartialEq)]
pub struct Call {
    pub name: String,
    pub args: Map<String, Value>,
    /// The raw Markdown body of a `{% %}` call.
    pub body: Option<String>,
    /// Byte offset of the body in the original text.
    pub body_offset: usize,
    /// Byte offset of the call in the original text.
    pub offset: usize,
    /// For an escaped call (`{{/* x() */}}`), the text to print instead.
    pub literal: Option<String>,
}

/// A parse problem at a byte offset of the original text.
#[derive(Debug, Clone, PartialEq)]
pub struct ParseError {
    pub offset: usize,
    pub message: String,
}

/// The placeholder for call `i`: plain letters and digits, which Markdown leaves alone.
pub fn placeholder(i: usize) -> String {
    format!("FOLIOSHORTCODE{i}END")
}

/// The text with calls replaced, the calls, and where each replacement was.
#[derive(Debug, Clone, Default)]
pub struct Extracted {
    pub text: String,
    pub calls: Vec<Call>,
    /// (range in `text`, range in the original) of each replacement, in order.
    spans: Vec<(Range<usize>, Range<usize>)>,
}

impl Extracted {
    /// `text` as it is, with no calls (after a call could not be parsed).
    pub fn unchanged(text: &str) -> Extracted {
        Extracted {
            text: text.to_string(),
            ..Extracted::default()
        }
    }

    /// The offset in the original text of offset `at` of `text`.
    pub fn original(&self, at: usize) -> usize {
        let k = self.spans.partition_point(|(out, _)| out.start <= at);
        match k.checked_sub(1).map(|k| &self.spans[k]) {
            None => at,
            Some((out, orig)) if at < out.end => orig.start,
            Some((out, orig)) => orig.end + (at - out.end),
        }
    }
}

/// The byte ranges of `text` where a call may start: pulldown-cmark's text events,
/// outside inline HTML elements whose content is verbatim (`<code>`, `<pre>`, …).
pub fn allowed(text: &str, options: CmarkOptions) -> Vec<Range<usize>> {
    const VERBATIM: [&str; 7] = ["code", "pre", "kbd", "samp", "script", "style", "textarea"];
    let mut out: Vec<Range<usize>> = Vec::new();
    let mut verbatim: Vec<&str> = Vec::new();
    let mut in_code_block = 0usize;
    for (event, range) in Cmark::new_ext(text, options).into_offset_iter() {
        match event {
            Event::Start(Tag::CodeBlock(_)) => in_code_block += 1,
            Event::End(TagEnd::CodeBlock) => in_code_block = in_code_block.saturating_sub(1),
            Event::InlineHtml(h) => {
                let (closing, name) = tag_name(h.trim_start_matches('<'));
                if let Some(v) = VERBATIM.iter().find(|v| **v == name) {
                    if closing {
                        if let Some(k) = verbatim.iter().rposition(|o| o == v) {
                            verbatim.truncate(k);
                        }
                    } else if !h.trim_end().ends_with("/>") {
                        verbatim.push(v);
                    }
                }
            }
            // Inline HTML elements end with their block.
            Event::End(
                TagEnd::Paragraph
                | TagEnd::Heading(_)
                | TagEnd::TableCell
                | TagEnd::Item
                | TagEnd::BlockQuote(_)
                | TagEnd::FootnoteDefinition,
            ) => verbatim.clear(),
            Event::Text(_) if in_code_block == 0 && verbatim.is_empty() => match out.last_mut() {
                Some(last) if last.end == range.start => last.end = range.end,
                _ => out.push(range),
            },
            _ => {}
        }
    }
    out
}

/// Whether a tag (the text after its `<`) closes an element, and the element's name in
/// lower case.
pub fn tag_name(tag: &str) -> (bool, String) {
    let closing = tag.starts_with('/');
    let name = tag
        .trim_start_matches('/')
        .chars()
        .take_while(char::is_ascii_alphanumeric)
        .collect::<String>()
        .to_ascii_lowercase();
    (closing, name)
}

fn is_allowed(allowed: &[Range<usize>], at: usize) -> bool {
    let k = allowed.partition_point(|r| r.start <= at);
    k > 0 && allowed[k - 1].contains(&at)
}

/// Replaces every call (and escaped call) where Markdown has text with a placeholder.
pub fn extract(text: &str, options: CmarkOptions) -> Result<Extracted, ParseError> {
    // Most pages call nothing: spare them the parse that finds where calls may be.
    if !text.contains("{{") && !text.contains("{%") {
        return Ok(Extracted::unchanged(text));
    }
    extract_in(text, &allowed(text, options))
}

/// Replaces every call in `text`, which is not Markdown (an attribute's value).
pub fn extract_all(text: &str) -> Result<Extracted, ParseError> {
    extract_in(text, std::slice::from_ref(&(0..text.len())))
}

/// Replaces the calls that start in the `allowed` ranges of `text`.
fn extract_in(text: &str, allowed: &[Range<usize>]) -> Result<Extracted, ParseError> {
    let mut ex = Extracted {
        text: String::with_capacity(text.len()),
        ..Extracted::default()
    };
    let mut copied = 0;
    let mut i = 0;
    while let Some(found) = text[i..].find('{') {
        let at = i + found;
        i = at + 1;
        let rest = &text[at..];
        if !(rest.starts_with("{{") || rest.starts_with("{%")) || !is_allowed(allowed, at) {
            continue;
        }
        // `\{{` is an escaped brace: Markdown prints `{{` and drops the backslash.
        let backslashes = text[..at].bytes().rev().take_while(|&b| b == b'\\').count();
        if backslashes % 2 == 1 {
            continue;
        }
        let (call, end) = if let Some((literal, end)) = zola_escape(text, at) {
            let call = Call {
                name: String::new(),
                args: Map::new(),
                body: None,
                body_offset: at,
                offset: at,
                literal: Some(literal),
            };
            (call, end)
        } else if starts_call(&text[at + 2..]) {
            parse_call(text, at, allowed)?
        } else {
            continue;
        };
        ex.text.push_str(&text[copied..at]);
        let out_start = ex.text.len();
        ex.text.push_str(&placeholder(ex.calls.len()));
        ex.spans.push((out_start..ex.text.len(), at..end));
        ex.calls.push(call);
        copied = end;
        i = end;
    }
    ex.text.push_str(&text[copied..]);
    Ok(ex)
}

/// Zola's escaped call `{{/* x() */}}` (or `{%/* x() */%}`) at `at`: the call as
/// written without the comment marks, and the end of the escape.
fn zola_escape(text: &str, at: usize) -> Option<(String, usize)> {
    let rest = &text[at..];
    let (open, close) = if rest.starts_with("{{/*") {
        ("{{", "*/}}")
    } else if rest.starts_with("{%/*") {
        ("{%", "*/%}")
    } else {
        return None;
    };
    let inner_end = rest.find(close)?;
    let inner = &rest[4..inner_end];
    let shut = if open == "{{" { "}}" } else { "%}" };
    Some((format!("{open}{inner}{shut}"), at + inner_end + close.len()))
}

/// Zola's escapes in code, where calls never run: `{{/* x() */}}` reads `{{ x() }}`.
pub fn unescape_in_code(code: &str) -> std::borrow::Cow<'_, str> {
    if !code.contains("/*") {
        return std::borrow::Cow::Borrowed(code);
    }
    let mut out = String::with_capacity(code.len());
    let mut i = 0;
    while let Some(found) = code[i..].find('{') {
        let at = i + found;
        match zola_escape(code, at) {
            Some((literal, end)) => {
                out.push_str(&code[i..at]);
                out.push_str(&literal);
                i = end;
            }
            None => {
                out.push_str(&code[i..=at]);
                i = at + 1;
            }
        }
    }
    out.push_str(&code[i..]);
    std::borrow::Cow::Owned(out)
}

/// Whether `text` holds something that looks like a call (`{{ name(` or `{% name(`).
pub fn contains_call(text: &str) -> bool {
    text.match_indices('{').any(|(at, _)| {
        let rest = &text[at..];
        (rest.starts_with("{{") || rest.starts_with("{%")) && starts_call(&rest[2..])
    })
}

/// Whether the text after `{{` or `{%` looks like `name(`.
fn starts_call(rest: &str) -> bool {
    let rest = rest.trim_start_matches([' ', '\t']);
    let ident = ident_len(rest);
    ident > 0
        && rest[ident..]
            .trim_start_matches([' ', '\t'])
            .starts_with('(')
}

fn ident_len(s: &str) -> usize {
    s.bytes()
        .take_while(|b| b.is_ascii_alphanumeric() || *b == b'_')
        .count()
}

fn parse_call(
    text: &str,
    start: usize,
    allowed: &[Range<usize>],
) -> Result<(Call, usize), ParseError> {
    let block = text[start..].starts_with("{%");
    let mut p = Parser {
        text,
        pos: start + 2,
        depth: 0,
    };
    p.skip_ws();
    let name_len = ident_len(&text[p.pos..]);
    let name = text[p.pos..p.pos + name_len].to_string();
    p.pos += name_len;
    p.skip_ws();
    p.expect("(")?;
    let mut args = Map::new();
    loop {
        p.skip_ws();
        if p.eat(")") {
            break;
        }
        let key_len = ident_len(&text[p.pos..]);
        if key_len == 0 {
            return Err(p.error(format!("expected an argument name in the call to `{name}`")));
        }
        let key = text[p.pos..p.pos + key_len].to_string();
        p.pos += key_len;
        p.skip_ws();
        p.expect("=")?;
        p.skip_ws();
        let value = p.value()?;
        if args.insert(key.clone(), value).is_some() {
            return Err(p.error(format!("argument `{key}` is given twice")));
        }
        p.skip_ws();
        if p.eat(",") {
            continue;
        }
        p.skip_ws();
        p.expect(")")?;
        break;
    }
    p.skip_ws();
    let close = if block { "%}" } else { "}}" };
    if !p.eat(close) {
        return Err(p.error(format!("expected `{close}` to close the call to `{name}`")));
    }
    let mut body = None;
    let mut body_offset = p.pos;
    let mut end = p.pos;
    if block {
        let (b, after) = find_end(text, p.pos, allowed).ok_or_else(|| ParseError {
            offset: start,
            message: format!("`{{% {name}(…) %}}` is never closed by `{{% end %}}`"),
        })?;
        let trimmed = b.trim_start_matches('\n');
        body_offset = p.pos + (b.len() - trimmed.len());
        // The body's lines carry the indentation and `>` marks of the list item or
        // quote the call sits in: its Markdown starts where the call does.
        let line_start = text[..start].rfind('\n').map_or(0, |n| n + 1);
        let prefix = &text[line_start..start];
        let body_text = trimmed.trim_end_matches('\n');
        body = Some(dedent(
            body_text,
            prefix.chars().count(),
            trimmed.len() == b.len(),
        ));
        end = after;
    }
    Ok((
        Call {
            name,
            args,
            body,
            body_offset,
            offset: start,
            literal: None,
        },
        end,
    ))
}

/// `body` with up to `width` leading spaces, tabs and `>` marks taken off each line
/// (but the first when it follows the opening tag on its line).
fn dedent(body: &str, width: usize, first_follows_tag: bool) -> String {
    if width == 0 {
        return body.to_string();
    }
    let mut out = String::with_capacity(body.len());
    for (k, line) in body.split_inclusive('\n').enumerate() {
        if k == 0 && first_follows_tag {
            out.push_str(line);
            continue;
        }
        let cut = line
            .char_indices()
            .take(width)
            .take_while(|(_, c)| matches!(c, ' ' | '\t' | '>'))
            .last()
            .map_or(0, |(i, c)| i + c.len_utf8());
        out.push_str(&line[cut..]);
    }
    out
}

/// Finds the `{% end %}` matching a body that starts at `from`, allowing nested calls
/// and skipping tags where Markdown has code.
fn find_end<'a>(text: &'a str, from: usize, allowed: &[Range<usize>]) -> Option<(&'a str, usize)> {
    let mut depth = 0usize;
    let mut i = from;
    while let Some(pos) = text[i..].find("{%") {
        let at = i + pos;
        let rest = &text[at + 2..];
        let close = rest.find("%}")?;
        let inner = rest[..close].trim();
        if !is_allowed(allowed, at) {
            i = at + 2;
            continue;
        }
        if inner == "end" {
            if depth == 0 {
                return Some((&text[from..at], at + 2 + close + 2));
            }
            depth -= 1;
        } else if starts_call(rest) {
            depth += 1;
        }
        i = at + 2;
    }
    None
}

struct Parser<'a> {
    text: &'a str,
    pos: usize,
    /// How deep the list being read is nested.
    depth: usize,
}

impl Parser<'_> {
    fn skip_ws(&mut self) {
        let rest = &self.text[self.pos..];
        self.pos += rest.len() - rest.trim_start().len();
    }

    fn eat(&mut self, s: &str) -> bool {
        if self.text[self.pos..].starts_with(s) {
            self.pos += s.len();
            true
        } else {
            false
        }
    }

    fn expect(&mut self, s: &str) -> Result<(), ParseError> {
        if self.eat(s) {
            Ok(())
        } else {
            let found = self.text[self.pos..]
                .chars()
                .next()
                .map_or("the end of the file".to_string(), |c| format!("`{c}`"));
            Err(self.error(format!("expected `{s}` but found {found}")))
        }
    }

    fn error(&self, message: String) -> ParseError {
        ParseError {
            offset: self.pos,
            message,
        }
    }

    fn value(&mut self) -> Result<Value, ParseError> {
        let rest = &self.text[self.pos..];
        match rest.chars().next() {
            Some(q @ ('"' | '\'')) => self.string(q).map(Value::String),
            Some('[') => {
                if self.depth >= MAX_DEPTH {
                    return Err(self.error(format!(
                        "lists in a component's arguments nest more than {MAX_DEPTH} deep"
                    )));
                }
                self.depth += 1;
                self.pos += 1;
                let mut items = Vec::new();
                loop {
                    self.skip_ws();
                    if self.eat("]") {
                        break;
                    }
                    items.push(self.value()?);
                    self.skip_ws();
                    if self.eat(",") {
                        continue;
                    }
                    self.expect("]")?;
                    break;
                }
                self.depth -= 1;
                Ok(Value::Array(items))
            }
            _ if rest.starts_with("true") => {
                self.pos += 4;
                Ok(Value::Bool(true))
            }
            _ if rest.starts_with("false") => {
                self.pos += 5;
                Ok(Value::Bool(false))
            }
            Some(c) if c == '-' || c == '+' || c.is_ascii_digit() => {
                let len = rest
                    .char_indices()
                    .take_while(|&(k, c)| {
                        c.is_ascii_digit()
                            || c == '.'
                            || c == '_'
                            || (k == 0 && (c == '-' || c == '+'))
                            || c == 'e'
                            || c == 'E'
                    })
                    .count();
                let lit = rest[..len].replace('_', "");
                self.pos += len;
                if let Ok(n) = lit.parse::<i64>() {
                    return Ok(Value::Number(n.into()));
                }
                lit.parse::<f64>()
                    .ok()
                    .and_then(Number::from_f64)
                    .map(Value::Number)
                    .ok_or_else(|| self.error(format!("`{lit}` is not a number")))
            }
            _ => Err(self
                .error("expected a value: a \"string\", a number, true, false or a [list]".into())),
        }
    }

    fn string(&mut self, quote: char) -> Result<String, ParseError> {
        let start = self.pos;
        self.pos += 1;
        let mut s = String::new();
        let mut chars = self.text[self.pos..].char_indices();
        while let Some((k, c)) = chars.next() {
            match c {
                '\\' => match chars.next() {
                    Some((_, 'n')) => s.push('\n'),
                    Some((_, 't')) => s.push('\t'),
                    Some((_, other)) => s.push(other),
                    None => break,
                },
                c if c == quote => {
                    self.pos += k + 1;
                    return Ok(s);
                }
                c => s.push(c),
            }
        }
        Err(ParseError {
            offset: start,
            message: "this string is never closed".into(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn ex(text: &str) -> Extracted {
        extract(
            text,
            CmarkOptions::ENABLE_FOOTNOTES | CmarkOptions::ENABLE_TABLES,
        )
        .unwrap()
    }

    fn one(text: &str) -> Call {
        let calls = ex(text).calls;
        assert_eq!(calls.len(), 1, "{text}");
        calls.into_iter().next().unwrap()
    }

    #[test]
    fn typed_arguments() {
        let c = one(
            r#"{{ chart(kind="bar", values=[7.5, 85], n=-3, on=true, label='it''s') }}"#
                .replace("''", "\\'")
                .as_str(),
        );
        assert_eq!(c.name, "chart");
        assert_eq!(c.args["kind"], json!("bar"));
        assert_eq!(c.args["values"], json!([7.5, 85]));
        assert_eq!(c.args["n"], json!(-3));
        assert_eq!(c.args["on"], json!(true));
        assert_eq!(c.args["label"], json!("it's"));
    }

    #[test]
    fn body_calls_nest_and_map_back_to_their_lines() {
        let text = "a\n{% note(kind=\"tip\") %}\nSay **hi**\n{% details(summary=\"x\") %}in{% end %}\n{% end %}\nafter\n";
        let e = ex(text);
        assert_eq!(e.text, "a\nFOLIOSHORTCODE0END\nafter\n");
        assert_eq!(
            e.calls[0].body.as_deref(),
            Some("Say **hi**\n{% details(summary=\"x\") %}in{% end %}")
        );
        assert_eq!(&text[e.calls[0].body_offset..][..6], "Say **");
        let after = e.text.find("after").unwrap();
        assert_eq!(e.original(after), text.find("after").unwrap());
        assert_eq!(e.original(3), 2, "inside a placeholder: the call's start");
    }

    #[test]
    fn code_and_html_are_left_alone() {
        for text in [
            "```\n{{ figure(src=\"a\") }}\n```\n",
            "and `{{ x() }}` here\n",
            "~~~md\n{% note() %}\n~~~\n",
            "para\n\n    <p>{{ formatDate(date) }}</p>\n",
            "> ~~~\n> {{ super() }}\n> ~~~\n",
            "- item\n\n      {{ x() }}\n",
            "<pre>\n{{ x() }}\n</pre>\n",
            "a <code>{{ x() }}</code> b\n",
            "<!-- {{ x() }} -->\n",
            "a <!-- {{ x() }} --> b\n",
            "a stray ` backtick\n\n```\n{{ x() }}\n```\n",
        ] {
            let e = ex(text);
            assert!(e.calls.is_empty(), "{text:?}: {:?}", e.calls);
            assert_eq!(e.text, text);
        }
    }

    #[test]
    fn calls_after_escaped_or_attribute_backticks_are_found() {
        assert_eq!(one("a \\` {{ x() }}").name, "x");
        assert_eq!(one("<a title=\"`\">{{ w() }}</a>").name, "w");
    }

    #[test]
    fn escapes_print_the_call_as_written() {
        let e = ex("{{/* sc(a=1) */}} and {%/* b() */%}");
        assert_eq!(e.calls[0].literal.as_deref(), Some("{{ sc(a=1) }}"));
        assert_eq!(e.calls[1].literal.as_deref(), Some("{% b() %}"));
        let e = ex("\\{{ sc() }}");
        assert!(e.calls.is_empty());
        assert_eq!(unescape_in_code("x {{/* sc() */}} y"), "x {{ sc() }} y");
    }

    #[test]
    fn end_inside_code_in_a_body_is_text() {
        let e = ex("{% note() %}\n```\n{% end %}\n```\n{% end %}\n");
        assert_eq!(e.calls[0].body.as_deref(), Some("```\n{% end %}\n```"));
    }

    #[test]
    fn plain_braces_are_text() {
        let e = ex("{{ not a call }} and {% also not %}");
        assert!(e.calls.is_empty());
        assert_eq!(e.text, "{{ not a call }} and {% also not %}");
    }

    #[test]
    fn deep_argument_lists_are_an_error() {
        let deep = format!(
            "{{{{ a(x={}{}) }}}}",
            "[".repeat(10_000),
            "]".repeat(10_000)
        );
        let e = extract(&deep, CmarkOptions::empty()).unwrap_err();
        assert!(e.message.contains("nest more than"), "{}", e.message);
    }

    #[test]
    fn errors_point_at_the_problem() {
        let check = |text: &str, needle: &str| {
            let e = extract(text, CmarkOptions::empty()).unwrap_err();
            assert!(e.message.contains(needle), "{text}: {}", e.message);
        };
        check("{{ a(x=) }}", "expected a value");
        check("{{ a(x=\"open) }}", "never closed");
        check("{% a() %} body", "never closed by `{% end %}`");
        check("{{ a(x=1, x=2) }}", "twice");
        check("{{ a(x=1 }}", "expected `)`");
    }
}
