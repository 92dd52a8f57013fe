//! The filters and functions Zola's templates use that Tera 2 lacks, under Zola's
//! names and with Zola's arguments: `striptags`, `slugify`, `map`, `filter`,
//! `concat`, `slice`, `urlencode`, `urlencode_strict`, `json_encode`, `linebreaksbr`,
//! `base64_encode`, `base64_decode` and `now()`.

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use tera::{Kwargs, State, Tera, TeraResult, Value};

/// Registers the filters and functions on `tera`.
pub fn register(tera: &mut Tera) {
    tera.register_filter("striptags", |s: &str, _: Kwargs, _: &State| striptags(s));
    tera.register_filter("slugify", |s: &str, _: Kwargs, _: &State| {
        crate::url::slugify(s)
    });
    tera.register_filter("linebreaksbr", |s: &str, _: Kwargs, _: &State| {
        Value::safe_string(&s.replace("\r\n", "<br>").replace('\n', "<br>"))
    });
    tera.register_filter("base64_encode", |s: &str, _: Kwargs, _: &State| {
        use base64::Engine;
        base64::engine::general_purpose::STANDARD.encode(s)
    });
    tera.register_filter(
        "base64_decode",
        |s: &str, _: Kwargs, _: &State| -> TeraResult<String> {
            use base64::Engine;
            let bytes = base64::engine::general_purpose::STANDARD
                .decode(s)
                .map_err(|e| tera::Error::message(format!("base64_decode: not base64: {e}")))?;
            String::from_utf8(bytes).map_err(|_| {
                tera::Error::message("base64_decode: the decoded bytes are not UTF-8 text")
            })
        },
    );
    tera.register_filter("urlencode", |s: &str, _: Kwargs, _: &State| {
        utf8_percent_encode(s, PATH).to_string()
    });
    tera.register_filter("urlencode_strict", |s: &str, _: Kwargs, _: &State| {
        utf8_percent_encode(s, NON_ALPHANUMERIC).to_string()
    });
    tera.register_filter(
        "json_encode",
        |v: &Value, kwargs: Kwargs, _: &State| -> TeraResult<Value> {
            let pretty = kwargs.get::<bool>("pretty")?.unwrap_or(false);
            let text = if pretty {
                serde_json::to_string_pretty(v)
            } else {
                serde_json::to_string(v)
            };
            text.map(|t| Value::safe_string(&t))
                .map_err(|e| tera::Error::message(format!("json_encode: {e}")))
        },
    );
    tera.register_filter(
        "map",
        |items: &[Value], kwargs: Kwargs, _: &State| -> TeraResult<Value> {
            let attribute = kwargs.must_get::<&str>("attribute")?;
            Ok(Value::from(
                items
                    .iter()
                    .map(|item| attr(item, attribute).cloned().unwrap_or_else(Value::none))
                    .collect::<Vec<_>>(),
            ))
        },
    );
    tera.register_filter(
        "filter",
        |items: &[Value], kwargs: Kwargs, _: &State| -> TeraResult<Value> {
            let attribute = kwargs.must_get::<&str>("attribute")?;
            let value = kwargs.get::<Value>("value")?;
            Ok(Value::from(
                items
                    .iter()
                    .filter(|item| match (attr(item, attribute), &value) {
                        (None, _) => false,
                        (Some(found), _) if found.is_none() => false,
                        (Some(found), Some(want)) => found == want,
                        (Some(_), None) => true,
                    })
                    .cloned()
                    .collect::<Vec<_>>(),
            ))
        },
    );
    tera.register_filter(
        "concat",
        |items: &[Value], kwargs: Kwargs, _: &State| -> TeraResult<Value> {
            let with = kwargs.must_get::<Value>("with")?;
            let mut out = items.to_vec();
            match with.as_array() {
                Some(more) => out.extend(more.iter().cloned()),
                None => out.push(with),
            }
            Ok(Value::from(out))
        },
    );
    tera.register_filter(
        "slice",
        |items: &[Value], kwargs: Kwargs, _: &State| -> TeraResult<Value> {
            let len = items.len() as i64;
            let at = |k: Option<i64>, default: i64| {
                let k = k.unwrap_or(default);
                (if k < 0 { len + k } else { k }).clamp(0, len) as usize
            };
            let start = at(kwargs.get::<i64>("start")?, 0);
            let end = at(kwargs.get::<i64>("end")?, len);
            Ok(Value::from(items[start..end.max(start)].to_vec()))
        },
    );
    tera.register_function("now", |kwargs: Kwargs, _: &State| -> TeraResult<Value> {
        let timestamp = kwargs.get::<bool>("timestamp")?.unwrap_or(false);
        let utc = kwargs.get::<bool>("utc")?.unwrap_or(false);
        let now = jiff::Timestamp::now();
        if timestamp {
            return Ok(Value::from(now.as_second()));
        }
        let zone = if utc {
            jiff::tz::TimeZone::UTC
        } else {
            jiff::tz::TimeZone::system()
        };
        Ok(Value::from(
            now.to_zoned_datetime(zone)
                .strftime("%Y-%m-%dT%H:%M:%S%:z")
                .to_string(),
        ))
    });
}

/// What `urlencode` escapes: everything but letters, digits and `/-_.~`, as Zola does.
const PATH: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'/')
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'~');

/// A map's value at a dotted path (`extra.author`).
fn attr<'a>(item: &'a Value, path: &'a str) -> Option<&'a Value> {
    item.get_from_path(path).filter(|v| !v.is_undefined())
}

/// Text without its tags, as Tera 1's `striptags`.
fn striptags(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut in_tag = false;
    for c in s.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn render(template: &str) -> String {
        let mut tera = Tera::new();
        register(&mut tera);
        tera.add_raw_template("t", template)
            .expect("the template compiles");
        let mut ctx = tera::Context::new();
        ctx.insert_value(
            "pages",
            Value::from_serializable(&serde_json::json!([
                {"title": "A", "extra": {"kind": "x"}},
                {"title": "B", "extra": {"kind": "y"}},
                {"title": "C", "extra": {}},
            ])),
        );
        tera.render("t", &ctx).expect("the template renders")
    }

    #[test]
    fn zolas_filters_work_as_in_zola() {
        assert_eq!(
            render("{{ '<p>Hi <b>there</b></p>' | striptags }}"),
            "Hi there"
        );
        assert_eq!(render("{{ 'Hello, World!' | slugify }}"), "hello-world");
        assert_eq!(
            render("{{ pages | map(attribute='title') | join(sep=',') }}"),
            "A,B,C"
        );
        assert_eq!(
            render(
                "{{ pages | filter(attribute='extra.kind', value='y') | map(attribute='title') | join(sep=',') }}"
            ),
            "B"
        );
        assert_eq!(
            render("{{ pages | filter(attribute='extra.kind') | length }}"),
            "2"
        );
        assert_eq!(
            render("{{ [1, 2] | concat(with=3) | concat(with=[4, 5]) | join(sep=',') }}"),
            "1,2,3,4,5"
        );
        assert_eq!(
            render("{{ [1, 2, 3, 4] | slice(start=1, end=-1) | join(sep=',') }}"),
            "2,3"
        );
        assert_eq!(
            render("{{ 'a b/c?d' | urlencode }} {{ 'a/b' | urlencode_strict }}"),
            "a%20b/c%3Fd a%2Fb"
        );
        assert_eq!(render("{{ {'a': [1]} | json_encode }}"), "{\"a\":[1]}");
        assert_eq!(render("{{ 'a\nb' | linebreaksbr }}"), "a<br>b");
        // Zola's `base64_encode` and `base64_decode` tests: standard alphabet, padded.
        assert_eq!(render("{{ 'hello' | base64_encode }}"), "aGVsbG8=");
        assert_eq!(render("{{ 'aGVsbG8=' | base64_decode }}"), "hello");
        assert_eq!(render("{{ now(utc=true) }}").len(), 25);
        assert!(render("{{ now(timestamp=true) }}").parse::<i64>().is_ok());
    }
}
