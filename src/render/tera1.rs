//! Zola's templates are written for Tera 1; folio compiles templates with Tera 2.
//! This file recognises the Tera 1 constructs in Tera 2's error reports and says
//! what each one is and what to write instead. It never rewrites a template.

/// What to write instead of the Tera 1 construct that made `error` (Tera 2's report,
/// which quotes the failing line), or `None` when the error is not one of them.
pub fn hint(error: &str) -> Option<String> {
    let line = quoted_line(error).unwrap_or("");
    let hint = if (error.contains("Unknown tag")
        && (line.contains("macro") || line.contains("import")))
        || (error.contains("Found `:`") && line.contains("::"))
    {
        "Tera 2 has no macros (`{% macro %}`, `{% import %}`, `name::call()`): define each one as a Tera 2 component, `{% component name(arg) %}…{% endcomponent name %}`, and call it as `{{<name arg={value}/>}}`; see \"Coming from Zola\" in folio's README".to_string()
    } else if error.contains("but expected identifier") && is_test_with_positional_argument(line) {
        "Tera 2's tests take named arguments: `is starting_with(pat=\"…\")`, `is ending_with(pat=\"…\")`, `is containing(pat=…)`, `is divisible_by(divisor=…)`".to_string()
    } else if error.contains("cannot be converted to an int") && line.contains("int") {
        "Tera 1's `int` dropped a number's fraction; Tera 2's refuses one: write `| round(method=\"floor\") | int`".to_string()
    } else if line.contains("ignore missing") {
        "Tera 2's `include` has no `ignore missing`: add the template, or drop the include"
            .to_string()
    } else if let Some(name) = unknown(error, "Unknown filter `") {
        let instead = match name {
            "as_str" => "`str`",
            "trim_start_matches" => "`trim_start(pat=…)`",
            "trim_end_matches" => "`trim_end(pat=…)`",
            "filesizeformat" => {
                "a number formatted in the template (Tera 2 has no `filesizeformat`)"
            }
            "addslashes" => "`replace(from=…, to=…)`",
            _ => return None,
        };
        format!("`{name}` is a Tera 1 filter; in Tera 2 write {instead}")
    } else if let Some(name) = unknown(error, "Unknown function `") {
        let instead = match name {
            "get_random" => "a value computed before the build (Tera 2 has no `get_random`)",
            _ => return None,
        };
        format!("`{name}` is a Tera 1 function; in Tera 2 use {instead}")
    } else {
        return None;
    };
    Some(hint)
}

/// The template line that Tera's report quotes: `  1 | {{ … }}`.
fn quoted_line(error: &str) -> Option<&str> {
    error.lines().find_map(|l| {
        let (number, rest) = l.trim_start().split_once(" | ")?;
        number
            .trim()
            .chars()
            .all(|c| c.is_ascii_digit())
            .then_some(rest)
    })
}

/// The name in `Unknown filter `name``.
fn unknown<'a>(error: &'a str, prefix: &str) -> Option<&'a str> {
    let start = error.find(prefix)? + prefix.len();
    let len = error[start..].find('`')?;
    Some(&error[start..start + len])
}

/// `x is starting_with("a")`: a test called with a value and no argument name.
fn is_test_with_positional_argument(line: &str) -> bool {
    let word = |s: &str| {
        s.find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .unwrap_or(s.len())
    };
    line.split(" is ").skip(1).any(|rest| {
        let rest = rest.trim_start();
        let rest = rest.strip_prefix("not ").unwrap_or(rest).trim_start();
        let name = word(rest);
        let Some(args) = rest[name..].trim_start().strip_prefix('(') else {
            return false;
        };
        let args = args.trim_start();
        let first = word(args);
        let named = first > 0 && args[first..].trim_start().starts_with('=');
        name > 0 && !args.starts_with(')') && !named
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Tera 2's report for `source`, as folio compiles it.
    fn report(source: &str) -> String {
        let mut tera = tera::Tera::new();
        tera.add_raw_template("page.html", source)
            .map(|_| String::new())
            .unwrap_or_else(|e| e.to_string())
    }

    #[test]
    fn tera_1_constructs_get_a_hint_naming_what_to_write() {
        // Each is a construct Zola's themes use that Tera 2 does not have.
        for (source, says) in [
            ("{% import \"macros.html\" as m %}", "no macros"),
            ("{% macro a(x) %}{% endmacro a %}", "no macros"),
            ("{{ m::hello(name=\"x\") }}", "no macros"),
            (
                "{% if page.title is starting_with(\"A\") %}x{% endif %}",
                "is starting_with(pat=",
            ),
            (
                "{% include \"x.html\" ignore missing %}",
                "no `ignore missing`",
            ),
        ] {
            let error = report(source);
            assert!(!error.is_empty(), "{source} compiled");
            let hint = hint(&error).unwrap_or_else(|| panic!("no hint for {source}: {error}"));
            assert!(hint.contains(says), "{source}: {hint}");
        }
    }

    #[test]
    fn int_of_a_fraction_names_round() {
        let error = "error: The float 308.5 cannot be converted to an int (non-integer or out of i128 range)\n  |\n3 | {% set h = (m.height / 2) | int %}";
        assert!(
            hint(error)
                .unwrap()
                .contains("round(method=\"floor\") | int")
        );
    }

    #[test]
    fn tera_1_filters_name_their_tera_2_spelling() {
        let error = "error: Unknown filter `trim_start_matches`\n  |\n1 | {{ x | trim_start_matches(pat=\"a\") }}";
        assert_eq!(
            hint(error).unwrap(),
            "`trim_start_matches` is a Tera 1 filter; in Tera 2 write `trim_start(pat=…)`"
        );
        assert!(hint("error: Unknown filter `nosuch`").is_none());
        // A named argument is Tera 2 already: no hint.
        assert!(!is_test_with_positional_argument(
            "{% if a is starting_with(pat=\"x\") %}"
        ));
        assert!(is_test_with_positional_argument(
            "{% if a is not containing(\"x\") %}"
        ));
    }
}
