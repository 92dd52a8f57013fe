//! Components called from Markdown (`{{ figure(...) }}`, `{% note(...) %}…{% end %}`):
//! argument checks for the shipped components, the structure of `tabs` (each `tab`
//! directly inside one, labels present and distinct), charts drawn by `chart`, and
//! rendering of the component templates in `templates/shortcodes/`.
//!
//! A site's `templates/shortcodes/<name>.html` overrides the theme's; the argument
//! checks below apply only to the shipped templates.

use std::collections::{HashMap, HashSet};
use std::path::Path;

use serde_json::{Map, Value as Json};
use tera::{Context, Tera, Value};

use crate::chart::{self, ChartKind, ChartSpec, Series};
use crate::deps::{self, Dep};
use crate::markdown::{Call, Host};

/// The argument types a shipped component accepts.
#[derive(Clone, Copy, PartialEq)]
enum Ty {
    Str,
    Num,
    Bool,
    List,
}

struct Schema {
    required: &'static [(&'static str, Ty)],
    optional: &'static [(&'static str, Ty)],
}

fn schema(name: &str) -> Option<Schema> {
    use Ty::*;
    Some(match name {
        "figure" => Schema {
            required: &[("src", Str), ("alt", Str)],
            optional: &[
                ("caption", Str),
                ("width", Num),
                ("height", Num),
                ("class", Str),
            ],
        },
        "note" => Schema {
            required: &[],
            optional: &[("kind", Str), ("title", Str)],
        },
        "details" => Schema {
            required: &[("summary", Str)],
            optional: &[("open", Bool)],
        },
        "tabs" => Schema {
            required: &[],
            optional: &[],
        },
        "tab" => Schema {
            required: &[("label", Str)],
            optional: &[],
        },
        "chart" => Schema {
            required: &[("title", Str)],
            optional: &[
                ("kind", Str),
                ("description", Str),
                ("labels", List),
                ("values", List),
                ("series", List),
                ("data", Str),
                ("unit", Str),
                ("x_label", Str),
                ("y_label", Str),
            ],
        },
        _ => return None,
    })
}

fn type_name(v: &Json) -> &'static str {
    match v {
        Json::String(_) => "a string",
        Json::Number(_) => "a number",
        Json::Bool(_) => "a boolean",
        Json::Array(_) => "a list",
        Json::Object(_) => "a table",
        Json::Null => "nothing",
    }
}

fn check_args(name: &str, args: &Map<String, Json>, schema: &Schema) -> Result<(), String> {
    for (key, ty) in schema.required {
        if !args.contains_key(*key) {
            return Err(format!("`{name}` needs the argument `{key}`"));
        }
        let _ = ty;
    }
    for (key, value) in args {
        let Some((_, ty)) = schema
            .required
            .iter()
            .chain(schema.optional)
            .find(|(k, _)| k == key)
        else {
            let known: Vec<&str> = schema
                .required
                .iter()
                .chain(schema.optional)
                .map(|(k, _)| *k)
                .collect();
            return Err(format!(
                "`{name}` has no argument `{key}`; it takes {}",
                known.join(", ")
            ));
        };
        let ok = match ty {
            Ty::Str => value.is_string(),
            Ty::Num => value.is_number(),
            Ty::Bool => value.is_boolean(),
            Ty::List => value.is_array(),
        };
        if !ok {
            let want = match ty {
                Ty::Str => "a string",
                Ty::Num => "a number",
                Ty::Bool => "true or false",
                Ty::List => "a list",
            };
            return Err(format!(
                "`{name}` argument `{key}` must be {want}, not {}",
                type_name(value)
            ));
        }
    }
    if name == "figure"
        && args
            .get("alt")
            .and_then(Json::as_str)
            .is_some_and(|a| a.trim().is_empty())
    {
        return Err("`figure` needs a non-empty `alt` text describing the image".into());
    }
    const KINDS: [&str; 5] = ["note", "tip", "important", "warning", "caution"];
    if name == "note"
        && let Some(kind) = args.get("kind").and_then(Json::as_str)
        && !KINDS.contains(&kind)
    {
        return Err(format!(
            "`note` kind `{kind}` is unknown; use one of {}",
            KINDS.join(", ")
        ));
    }
    Ok(())
}

/// The message for a call of a component that has no template, naming the closest
/// component there is (the `shortcodes/*.html` templates of the site and theme).
fn unknown_component(tera: &Tera, name: &str) -> String {
    let known = tera.get_template_names().filter_map(|t| {
        t.strip_prefix("shortcodes/")?
            .strip_suffix(".html")
            .filter(|n| !n.contains('/'))
    });
    let hint = crate::suggest::closest(name, known)
        .map(|c| format!("; did you mean `{c}`?"))
        .unwrap_or_default();
    format!(
        "unknown component `{name}`: there is no `templates/shortcodes/{name}.html` in the site or theme{hint}"
    )
}

/// The bodies being rendered around a call, innermost last, with the tab labels each
/// `tabs` body has met so far; `left` is the body that ended last, which the call that
/// owns it (rendered right after) reads.
#[derive(Debug, Default)]
pub struct Nesting {
    open: Vec<(String, Vec<String>)>,
    left: Option<(String, Vec<String>)>,
}

/// Checks a `tab` call against the bodies around it and records its label in its group.
fn check_tab(nesting: &mut Nesting, args: &Map<String, Json>, body: bool) -> Result<(), String> {
    let label = args
        .get("label")
        .and_then(Json::as_str)
        .unwrap_or("")
        .trim();
    if !body {
        return Err(format!(
            "`tab` needs a body: `{{% tab(label=\"{label}\") %}}…{{% end %}}` inside `{{% tabs() %}}`"
        ));
    }
    if label.is_empty() {
        return Err("`tab` needs a non-empty `label`, the text of its tab".into());
    }
    match nesting.open.last_mut() {
        Some((name, labels)) if name == "tabs" => {
            if labels.iter().any(|l| l == label) {
                return Err(format!(
                    "two tabs of one `tabs` group are labelled `{label}`; each label must differ"
                ));
            }
            labels.push(label.to_string());
            Ok(())
        }
        Some((name, _)) => Err(format!(
            "`tab(label=\"{label}\")` is inside `{name}`; a `tab` must be directly inside `{{% tabs() %}}…{{% end %}}`"
        )),
        None => Err(format!(
            "`tab(label=\"{label}\")` is outside `tabs`; write it inside `{{% tabs() %}}…{{% end %}}`"
        )),
    }
}

/// Checks a `tabs` call: it needs a body holding at least one `tab`.
fn check_tabs(nesting: &mut Nesting, body: bool) -> Result<(), String> {
    let labels = match nesting.left.take() {
        Some((name, labels)) if body && name == "tabs" => labels,
        _ => Vec::new(),
    };
    if labels.is_empty() {
        return Err(
            "`tabs` holds no `tab`: write `{% tabs() %}`, then `{% tab(label=\"…\") %}…{% end %}` for each tab, then `{% end %}`"
                .into(),
        );
    }
    Ok(())
}

/// Renders component calls for one page.
pub struct Components<'a> {
    pub tera: &'a Tera,
    pub content_urls: &'a HashMap<String, String>,
    pub root: &'a Path,
    /// Component names whose template the site overrides (no shipped argument checks).
    pub overridden: &'a HashSet<String>,
    /// The page's language, for `anchor-link.html` and components.
    pub lang: &'a str,
    /// The page or section whose Markdown this is, as components see it.
    pub item: Option<Own>,
    /// How many times each component was called so far (Zola's `nth`).
    pub calls: std::sync::Mutex<HashMap<String, usize>>,
    /// `[markdown] smart_punctuation`: a chart's words get curly quotes and dashes,
    /// as the body around it does.
    pub smart_punctuation: bool,
    /// The component bodies around the call being rendered (for `tab` in `tabs`).
    pub nesting: std::sync::Mutex<Nesting>,
}

/// What Zola gives each shortcode of a page as `page` (or of a section as `section`):
/// its front matter values, without what rendering makes.
#[derive(Debug, Clone)]
pub struct Own {
    /// `page` or `section`.
    pub kind: &'static str,
    /// Path relative to `content/`.
    pub relative: String,
    pub value: Value,
}

impl Host for Components<'_> {
    fn resolve(&self, target: &str) -> Option<String> {
        deps::record_with(|| Dep::Url(target.to_string()));
        self.content_urls.get(target).cloned()
    }

    fn shortcode(&self, call: &Call, body: Option<&str>) -> Result<String, String> {
        let template = format!("shortcodes/{}.html", call.name);
        deps::record_with(|| Dep::Template(template.clone()));
        if !self.tera.contains_template(&template) {
            return Err(unknown_component(self.tera, &call.name));
        }
        if !self.overridden.contains(&call.name)
            && let Some(schema) = schema(&call.name)
        {
            check_args(&call.name, &call.args, &schema)?;
        }
        if matches!(call.name.as_str(), "tab" | "tabs")
            && !self.overridden.contains("tab")
            && !self.overridden.contains("tabs")
        {
            let mut nesting = self.nesting.lock().unwrap_or_else(|e| e.into_inner());
            if call.name == "tab" {
                check_tab(&mut nesting, &call.args, body.is_some())?;
            } else {
                check_tabs(&mut nesting, body.is_some())?;
            }
        }
        let mut ctx = Context::new();
        // Zola's shortcode context: `page` or `section`, `lang` and `nth` (from 1);
        // arguments of the same names win.
        if let Some(own) = &self.item {
            deps::record_with(|| Dep::Front(own.relative.clone()));
            ctx.insert_value(own.kind, own.value.clone());
        }
        ctx.insert("lang", &self.lang);
        let nth = {
            let mut calls = self.calls.lock().unwrap_or_else(|e| e.into_inner());
            let n = calls.entry(call.name.clone()).or_insert(0);
            *n += 1;
            *n
        };
        ctx.insert("nth", &nth);
        for (k, v) in &call.args {
            ctx.insert_value(k.clone(), Value::from_serializable(v));
        }
        if let Some(body) = body {
            ctx.insert_value("body", Value::safe_string(body));
        }
        if call.name == "chart" && !self.overridden.contains("chart") {
            let rendered = self.chart(call)?;
            ctx.insert_value("svg", Value::safe_string(&rendered.svg));
            ctx.insert_value("svg_narrow", Value::safe_string(&rendered.narrow));
            ctx.insert_value("table", Value::safe_string(&rendered.table));
        }
        self.tera.render(&template, &ctx).map_err(|e| {
            format!(
                "in component `{}`: {}",
                call.name,
                super::trace::clean_error(&e.to_string())
            )
        })
    }

    fn enter(&self, call: &Call) {
        let mut nesting = self.nesting.lock().unwrap_or_else(|e| e.into_inner());
        nesting.open.push((call.name.clone(), Vec::new()));
    }

    fn leave(&self, _call: &Call) {
        let mut nesting = self.nesting.lock().unwrap_or_else(|e| e.into_inner());
        nesting.left = nesting.open.pop();
    }

    fn anchor_link(&self, id: &str, level: u8) -> Option<Result<String, String>> {
        const TEMPLATE: &str = "anchor-link.html";
        deps::record_with(|| Dep::Template(TEMPLATE.into()));
        if !self.tera.contains_template(TEMPLATE) {
            return None;
        }
        // Zola's context for it: the heading's `id` and `level`, and the `lang`.
        let mut ctx = Context::new();
        ctx.insert("id", &id);
        ctx.insert("level", &level);
        ctx.insert("lang", &self.lang);
        Some(self.tera.render(TEMPLATE, &ctx).map_err(|e| {
            format!(
                "in `templates/{TEMPLATE}`: {}",
                super::trace::clean_error(&e.to_string())
            )
        }))
    }
}

impl Components<'_> {
    fn chart(&self, call: &Call) -> Result<chart::RenderedChart, String> {
        let a = &call.args;
        let s = |k: &str| a.get(k).and_then(Json::as_str).unwrap_or("").to_string();
        let kind = match a.get("kind").and_then(Json::as_str) {
            Some(k) => k.parse::<ChartKind>()?,
            None => ChartKind::Bar,
        };
        let (labels, series) = if let Some(path) = a.get("data").and_then(Json::as_str) {
            if a.contains_key("values") || a.contains_key("labels") {
                return Err(
                    "`chart` takes either `data` or `labels` and `values`, not both".into(),
                );
            }
            super::functions::record_data(self.root, path);
            let (text, format) = super::data::read_chart_data(self.root, path)?;
            chart::parse_data(&text, &format).map_err(|e| format!("chart data `{path}`: {e}"))?
        } else {
            let labels: Vec<String> = match a.get("labels") {
                Some(Json::Array(l)) => l
                    .iter()
                    .map(|v| {
                        v.as_str()
                            .map(str::to_string)
                            .unwrap_or_else(|| v.to_string())
                    })
                    .collect(),
                _ => return Err("`chart` needs `labels` and `values`, or `data`".into()),
            };
            let numbers = |v: &Json| -> Result<Vec<f64>, String> {
                v.as_array()
                    .ok_or("`values` must be a list of numbers")?
                    .iter()
                    .map(|n| {
                        n.as_f64()
                            .ok_or_else(|| format!("`values` must hold numbers, not {n}"))
                    })
                    .collect()
            };
            let values = a.get("values").ok_or("`chart` needs `values`")?;
            let nested = values
                .as_array()
                .is_some_and(|v| v.iter().all(Json::is_array) && !v.is_empty());
            let series = if nested {
                let names: Vec<String> = match a.get("series") {
                    Some(Json::Array(n)) => n
                        .iter()
                        .map(|v| v.as_str().unwrap_or("").to_string())
                        .collect(),
                    _ => Vec::new(),
                };
                values
                    .as_array()
                    .into_iter()
                    .flatten()
                    .enumerate()
                    .map(|(i, v)| {
                        Ok(Series {
                            name: names
                                .get(i)
                                .cloned()
                                .unwrap_or_else(|| format!("Series {}", i + 1)),
                            values: numbers(v)?,
                        })
                    })
                    .collect::<Result<Vec<_>, String>>()?
            } else {
                vec![Series {
                    name: if s("y_label").is_empty() {
                        s("title")
                    } else {
                        s("y_label")
                    },
                    values: numbers(values)?,
                }]
            };
            (labels, series)
        };
        let smart = |t: String| {
            if self.smart_punctuation {
                crate::markdown::smart_text(&t)
            } else {
                t
            }
        };
        let spec = ChartSpec {
            kind,
            title: smart(s("title")),
            description: smart(s("description")),
            labels: labels.into_iter().map(smart).collect(),
            series: series
                .into_iter()
                .map(|x| Series {
                    name: smart(x.name),
                    ..x
                })
                .collect(),
            unit: s("unit"),
            x_label: smart(s("x_label")),
            y_label: smart(s("y_label")),
        };
        chart::render(&spec, &format!("chart-{}", call.offset))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn args(v: Json) -> Map<String, Json> {
        v.as_object().unwrap().clone()
    }

    #[test]
    fn shipped_component_arguments_are_checked() {
        let check = |name: &str, a: Json, needle: &str| {
            let r = check_args(name, &args(a), &schema(name).unwrap());
            match needle {
                "" => assert!(r.is_ok(), "{r:?}"),
                n => assert!(r.as_ref().unwrap_err().contains(n), "{r:?}"),
            }
        };
        check("figure", json!({"src": "a.png", "alt": "A"}), "");
        check(
            "figure",
            json!({"src": "a.png"}),
            "needs the argument `alt`",
        );
        check("figure", json!({"src": "a.png", "alt": " "}), "non-empty");
        check(
            "figure",
            json!({"src": "a.png", "alt": "A", "width": "big"}),
            "must be a number",
        );
        check(
            "figure",
            json!({"src": "a.png", "alt": "A", "colour": "red"}),
            "has no argument `colour`",
        );
        check("note", json!({"kind": "danger"}), "unknown");
        check("details", json!({"summary": "S", "open": true}), "");
        check(
            "details",
            json!({"open": true}),
            "needs the argument `summary`",
        );
    }

    #[test]
    fn tabs_hold_tabs_with_distinct_labels() {
        let label = |l: &str| args(json!({ "label": l }));
        let mut n = Nesting::default();
        let err = check_tab(&mut n, &label("Rust"), true).unwrap_err();
        assert!(err.contains("outside `tabs`"), "{err}");
        n.open.push(("tabs".into(), Vec::new()));
        assert_eq!(check_tab(&mut n, &label("Rust"), true), Ok(()));
        assert_eq!(check_tab(&mut n, &label("Python"), true), Ok(()));
        let err = check_tab(&mut n, &label("Rust"), true).unwrap_err();
        assert!(err.contains("labelled `Rust`"), "{err}");
        let err = check_tab(&mut n, &label(" "), true).unwrap_err();
        assert!(err.contains("non-empty `label`"), "{err}");
        let err = check_tab(&mut n, &label("Go"), false).unwrap_err();
        assert!(err.contains("needs a body"), "{err}");
        n.open.push(("note".into(), Vec::new()));
        let err = check_tab(&mut n, &label("Go"), true).unwrap_err();
        assert!(err.contains("inside `note`"), "{err}");
        n.open.pop();
        n.left = n.open.pop();
        assert_eq!(check_tabs(&mut n, true), Ok(()));
        n.open.push(("tabs".into(), Vec::new()));
        n.left = n.open.pop();
        let err = check_tabs(&mut n, true).unwrap_err();
        assert!(err.contains("holds no `tab`"), "{err}");
        assert!(check_tabs(&mut n, false).is_err());
    }

    #[test]
    fn an_unknown_component_names_the_closest_one() {
        let mut tera = Tera::new();
        for name in [
            "shortcodes/figure.html",
            "shortcodes/note.html",
            "shortcodes/deep/figures.html",
            "figur.html",
        ] {
            tera.add_raw_template(name, "x").unwrap();
        }
        assert_eq!(
            unknown_component(&tera, "figur"),
            "unknown component `figur`: there is no `templates/shortcodes/figur.html` in the site or theme; did you mean `figure`?"
        );
        assert_eq!(
            unknown_component(&tera, "widget"),
            "unknown component `widget`: there is no `templates/shortcodes/widget.html` in the site or theme"
        );
    }
}
