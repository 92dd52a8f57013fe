//! Finds component calls ("shortcodes", in Zola's form) in Markdown and swaps them for
//! placeholders before the Markdown is parsed.
//!
//! `{{ name(key="v", n=1, on=true, list=[1, 2]) }}` is an inline call and
//! `{% name(key="v") %}Markdown{% end %}` a call with a body. Calls inside fenced code
//! blocks and inline code spans are left as text. Each placeholder keeps the newlines
//! of the call it replaces, so line numbers after it still match the file. Rendering
//! the calls is left to the caller.

use serde_json::{Map, Number, Value};

/// One call found in the text.
#[derive(Debug, Clone, PartialEq)]
pub struct Call {
    pub name: String,
    pub args: Map<String, Value>,
    /// The raw Markdown body of a `{% %}` call.
    pub body: Option<String>,
    /// Byte offset of the call in the original text.
    pub offset: usize,
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

/// Replaces every call with a placeholder. Returns the new text and the calls in order.
pub fn extract(text: &str) -> Result<(String, Vec<Call>), ParseError> {
    let mut out = String::with_capacity(text.len());
    let mut calls = Vec::new();
    let bytes = text.as_bytes();
    let mut i = 0;
    let mut fence: Option<(u8, usize)> = None;
    let mut line_start = true;
    while i < bytes.len() {
        if line_start {
            line_start = false;
            let line_end = text[i..].find('\n').map_or(text.len(), |n| i + n + 1);
            let line = &text[i..line_end];
            let trimmed = line.trim_start();
            let indent = line.len() - trimmed.len();
            let run = |c: u8| trimmed.bytes().take_while(|&b| b == c).count();
            let fence_here = [b'`', b'~']
                .into_iter()
                .map(|c| (c, run(c)))
                .find(|&(_, n)| n >= 3 && indent < 4);
            match (fence, fence_here) {
                (None, Some(f)) => fence = Some(f),
                (Some((c, n)), Some((c2, n2)))
                    if c == c2 && n2 >= n && trimmed[n2..].trim().is_empty() =>
                {
                    fence = None
                }
                _ => {}
            }
            if fence.is_some() || fence_here.is_some() {
                out.push_str(line);
                i = line_end;
                line_start = true;
                continue;
            }
        }
        let b = bytes[i];
        if b == b'\n' {
            out.push('\n');
            i += 1;
            line_start = true;
            continue;
        }
        if b == b'`' {
            // An inline code span: copy it through unchanged.
            let n = bytes[i..].iter().take_while(|&&c| c == b'`').count();
            let closer = "`".repeat(n);
            let after = i + n;
            let end = find_code_close(text, after, &closer).map_or(after, |e| e + n);
            out.push_str(&text[i..end]);
            i = end;
            continue;
        }
        if (text[i..].starts_with("{{") || text[i..].starts_with("{%"))
            && starts_call(&text[i + 2..])
        {
            let (call, end) = parse_call(text, i)?;
            let consumed = &text[i..end];
            out.push_str(&placeholder(calls.len()));
            out.extend(std::iter::repeat_n('\n', consumed.matches('\n').count()));
            calls.push(call);
            i = end;
            continue;
        }
        let ch_len = text[i..].chars().next().map_or(1, char::len_utf8);
        out.push_str(&text[i..i + ch_len]);
        i += ch_len;
    }
    Ok((out, calls))
}

fn find_code_close(text: &str, from: usize, closer: &str) -> Option<usize> {
    let mut search = from;
    while let Some(pos) = text[search..].find(closer) {
        let start = search + pos;
        let end = start + closer.len();
        let longer = text.as_bytes().get(end) == Some(&b'`');
        if !longer {
            return Some(start);
        }
        search = end + text[end..].bytes().take_while(|&b| b == b'`').count();
    }
    None
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

fn parse_call(text: &str, start: usize) -> Result<(Call, usize), ParseError> {
    let block = text[start..].starts_with("{%");
    let mut p = Parser {
        text,
        pos: start + 2,
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
    let mut end = p.pos;
    if block {
        let (b, after) = find_end(text, p.pos).ok_or_else(|| ParseError {
            offset: start,
            message: format!("`{{% {name}(…) %}}` is never closed by `{{% end %}}`"),
        })?;
        body = Some(b.trim_matches('\n').to_string());
        end = after;
    }
    Ok((
        Call {
            name,
            args,
            body,
            offset: start,
        },
        end,
    ))
}

/// Finds the `{% end %}` matching a body that starts at `from`, allowing nested calls.
fn find_end(text: &str, from: usize) -> Option<(&str, usize)> {
    let mut depth = 0usize;
    let mut i = from;
    while let Some(pos) = text[i..].find("{%") {
        let at = i + pos;
        let rest = &text[at + 2..];
        let close = rest.find("%}")?;
        let inner = rest[..close].trim();
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

    fn one(text: &str) -> Call {
        let (_, calls) = extract(text).unwrap();
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
    fn body_calls_keep_lines_and_nest() {
        let text = "a\n{% note(kind=\"tip\") %}\nSay **hi**\n{% details(summary=\"x\") %}in{% end %}\n{% end %}\nafter\n";
        let (out, calls) = extract(text).unwrap();
        assert_eq!(out.matches('\n').count(), text.matches('\n').count());
        assert!(out.ends_with("after\n"));
        assert_eq!(
            calls[0].body.as_deref(),
            Some("Say **hi**\n{% details(summary=\"x\") %}in{% end %}")
        );
    }

    #[test]
    fn code_is_left_alone() {
        let text =
            "```\n{{ figure(src=\"a\") }}\n```\nand `{{ x() }}` here\n~~~md\n{% note() %}\n~~~\n";
        let (out, calls) = extract(text).unwrap();
        assert!(calls.is_empty());
        assert_eq!(out, text);
    }

    #[test]
    fn plain_braces_are_text() {
        let (out, calls) = extract("{{ not a call }} and {% also not %}").unwrap();
        assert!(calls.is_empty());
        assert_eq!(out, "{{ not a call }} and {% also not %}");
    }

    #[test]
    fn errors_point_at_the_problem() {
        let check = |text: &str, needle: &str| {
            let e = extract(text).unwrap_err();
            assert!(e.message.contains(needle), "{text}: {}", e.message);
        };
        check("{{ a(x=) }}", "expected a value");
        check("{{ a(x=\"open) }}", "never closed");
        check("{% a() %} body", "never closed by `{% end %}`");
        check("{{ a(x=1, x=2) }}", "twice");
        check("{{ a(x=1 }}", "expected `)`");
    }
}
