//! Tests of chart rendering, validation and data parsing.

use super::*;

fn spec(kind: ChartKind, labels: &[&str], series: &[(&str, &[f64])]) -> ChartSpec {
    ChartSpec {
        kind,
        title: "EV output".to_string(),
        description: String::new(),
        labels: labels.iter().map(|l| l.to_string()).collect(),
        series: series
            .iter()
            .map(|(name, values)| Series {
                name: name.to_string(),
                values: values.to_vec(),
            })
            .collect(),
        unit: String::new(),
        x_label: String::new(),
        y_label: String::new(),
    }
}

fn ev(kind: ChartKind) -> ChartSpec {
    let mut s = spec(
        kind,
        &[
            "China's national EV output",
            "Anhui province's EV production",
        ],
        &[("Share", &[7.5, 85.0])],
    );
    s.unit = "%".to_string();
    s.description = "Anhui makes far more EVs relative to its size".to_string();
    s
}

/// Minimal XML well-formedness check: balanced tags, escaped text, no NaN.
fn assert_well_formed(xml: &str) {
    let mut stack: Vec<String> = Vec::new();
    let mut rest = xml;
    while let Some(start) = rest.find('<') {
        let text = &rest[..start];
        assert_text_escaped(text);
        let Some(end) = rest[start..].find('>') else {
            panic!("unterminated tag in {xml}");
        };
        let tag = &rest[start + 1..start + end];
        rest = &rest[start + end + 1..];
        if let Some(name) = tag.strip_prefix('/') {
            assert_eq!(stack.pop().as_deref(), Some(name), "mismatched </{name}>");
        } else if !tag.ends_with('/') {
            let name = tag.split_whitespace().next().unwrap_or_default();
            stack.push(name.to_string());
        }
        assert_eq!(
            tag.matches('"').count() % 2,
            0,
            "unbalanced quotes in <{tag}>"
        );
        assert!(!tag.contains('<'), "raw < inside <{tag}>");
    }
    assert_text_escaped(rest);
    assert!(stack.is_empty(), "unclosed tags: {stack:?}");
    for bad in ["NaN", "inf\"", "\"inf", "=\"-\""] {
        assert!(!xml.contains(bad), "found {bad} in output");
    }
}

fn assert_text_escaped(text: &str) {
    for (i, _) in text.match_indices('&') {
        let tail = &text[i..];
        assert!(
            ["&amp;", "&lt;", "&gt;", "&quot;", "&#39;"]
                .iter()
                .any(|e| tail.starts_with(e)),
            "unescaped & in {text:?}"
        );
    }
}

fn render_ok(s: &ChartSpec) -> RenderedChart {
    match render(s, "c1") {
        Ok(r) => {
            assert_well_formed(&r.svg);
            assert_well_formed(&r.table);
            r
        }
        Err(e) => panic!("render failed: {e}"),
    }
}

#[test]
fn kind_parses_and_rejects_unknown() {
    for (text, kind) in [
        ("bar", ChartKind::Bar),
        ("Line", ChartKind::Line),
        (" pie ", ChartKind::Pie),
    ] {
        assert_eq!(text.parse::<ChartKind>(), Ok(kind));
        assert_eq!(kind.to_string(), text.trim().to_ascii_lowercase());
    }
    let err = "donut".parse::<ChartKind>().unwrap_err();
    assert!(err.contains("`donut`"), "{err}");
    for kind in ["bar", "line", "pie"] {
        assert!(err.contains(kind), "{err}");
    }
    let from_json: ChartKind = serde_json::from_str("\"pie\"").unwrap();
    assert_eq!(from_json, ChartKind::Pie);
    assert!(serde_json::from_str::<ChartKind>("\"area\"").is_err());
}

#[test]
fn every_kind_renders_accessibly() {
    for kind in [ChartKind::Bar, ChartKind::Line, ChartKind::Pie] {
        let r = render_ok(&ev(kind));
        let svg = &r.svg;
        let class = format!("class=\"chart chart-{kind} chart-wide\"");
        for needle in [
            "role=\"img\"",
            "aria-labelledby=\"c1-title c1-desc\"",
            "<title id=\"c1-title\">EV output</title>",
            "<desc id=\"c1-desc\">Anhui makes far more EVs relative to its size. ",
            "China&#39;s national EV output: 7.5%",
            "Anhui province&#39;s EV production: 85%",
            "viewBox=\"0 0 400 ",
            "width=\"100%\"",
            "font-family=\"inherit\"",
            "fill=\"currentColor\"",
            "var(--chart-1, #2563eb)",
            class.as_str(),
        ] {
            assert!(svg.contains(needle), "{kind}: missing {needle} in\n{svg}");
        }
        assert!(!svg.contains("height=\"100%\""));
        assert!(!svg.contains("#fff\"") || kind == ChartKind::Pie);
        assert!(!svg.contains("style="), "no inline styles (CSP)");
        assert!(!svg.contains("\n\n"), "no blank lines (Markdown)");
        // The phone drawing: the same chart, narrower, with ids of its own.
        let narrow = &r.narrow;
        for needle in [
            "role=\"img\"",
            "aria-labelledby=\"c1-narrow-title c1-narrow-desc\"",
            "<title id=\"c1-narrow-title\">EV output</title>",
            "Anhui province&#39;s EV production: 85%",
            "viewBox=\"0 0 300 ",
            &format!("class=\"chart chart-{kind} chart-narrow\""),
        ] {
            assert!(
                narrow.contains(needle),
                "{kind}: missing {needle} in\n{narrow}"
            );
        }
        assert!(!narrow.contains("\n\n"), "no blank lines (Markdown)");
    }
}

/// Every `font-size` in an SVG, including the root's.
fn font_sizes(svg: &str) -> Vec<f64> {
    svg.split("font-size=\"")
        .skip(1)
        .map(|rest| {
            rest[..rest.find('"').expect("a closing quote")]
                .parse()
                .expect("a number")
        })
        .collect()
}

/// Issue 13: on a 360 px phone labels shrank to about 8 px. The narrow drawing is
/// shown at 300 CSS px or more and the wide one at 440 or more, so their smallest
/// fonts (12 and 11 units) are 12 px at least: crowded labels are thinned out rather
/// than shrunk below that.
#[test]
fn no_font_is_below_the_floor_of_its_drawing() {
    let many: Vec<String> = (0..40).map(|i| format!("Category number {i}")).collect();
    let many: Vec<&str> = many.iter().map(String::as_str).collect();
    let values: Vec<f64> = (0..40).map(|i| f64::from(i) * 1234.5).collect();
    let twelve: Vec<String> = (1..=12).map(|i| format!("Month {i}")).collect();
    let twelve: Vec<&str> = twelve.iter().map(String::as_str).collect();
    let monthly: Vec<f64> = (1..=12).map(|i| f64::from(i) * 10.25).collect();
    let specs = [
        spec(ChartKind::Bar, &many, &[("", &values)]),
        spec(
            ChartKind::Bar,
            &many,
            &[("a", &values), ("b", &values), ("c", &values)],
        ),
        spec(ChartKind::Line, &many, &[("a", &values), ("b", &values)]),
        spec(ChartKind::Bar, &twelve, &[("a", &monthly), ("b", &monthly)]),
        spec(ChartKind::Line, &twelve, &[("a", &monthly)]),
        spec(ChartKind::Pie, &twelve, &[("a", &monthly)]),
        ev(ChartKind::Bar),
    ];
    for s in &specs {
        let r = render_ok(s);
        let wide = font_sizes(&r.svg);
        let narrow = font_sizes(&r.narrow);
        assert!(wide.iter().all(|f| *f >= 11.0), "{:?}: {wide:?}", s.kind);
        assert!(
            narrow.iter().all(|f| *f >= 12.0),
            "{:?}: {narrow:?}",
            s.kind
        );
    }
    // Twelve months on a phone: the first month keeps its labels; later ones are
    // thinned, not shrunk.
    let r = render_ok(&specs[4]);
    assert!(r.narrow.contains(">Month 1<"), "{}", r.narrow);
    assert!(r.narrow.contains(">10.25<"), "{}", r.narrow);
    assert!(r.svg.contains(">10.25<"), "{}", r.svg);
}

#[test]
fn values_are_visible_text() {
    let bar = render_ok(&ev(ChartKind::Bar)).svg;
    assert!(bar.contains(">7.5%</text>") && bar.contains(">85%</text>"));
    assert_eq!(bar.matches("<rect").count(), 2, "{bar}");
    // Ticks are rounded, start at 0 and carry the unit.
    for tick in [">0%<", ">20%<", ">40%<", ">60%<", ">80%<", ">100%<"] {
        assert!(bar.contains(tick), "missing tick {tick}");
    }
    let line = render_ok(&ev(ChartKind::Line)).svg;
    assert!(line.contains(">7.5%</text>") && line.contains(">85%</text>"));
    assert_eq!(line.matches("<polyline").count(), 1);
    let pie = render_ok(&ev(ChartKind::Pie)).svg;
    assert!(pie.contains(": 7.5% (8.1%)"), "{pie}");
    assert!(pie.contains(": 85% (91.9%)"), "{pie}");
    assert!(pie.contains(">91.9%</text>"), "{pie}");
    assert_eq!(pie.matches("<path").count(), 2);
}

#[test]
fn multi_series_bar_and_line_have_legend_and_axis_titles() {
    let mut s = spec(
        ChartKind::Bar,
        &["2022", "2023", "2024"],
        &[("Cars", &[1.0, 2.5, 4.0]), ("Vans", &[0.5, 0.75, 1.25])],
    );
    s.unit = "M".to_string();
    s.x_label = "Year".to_string();
    s.y_label = "Units sold".to_string();
    for kind in [ChartKind::Bar, ChartKind::Line] {
        s.kind = kind;
        let r = render_ok(&s);
        assert!(r.svg.contains("class=\"chart-legend\""));
        assert!(r.svg.contains(">Cars</text>") && r.svg.contains(">Vans</text>"));
        assert!(r.svg.contains(">Year</text>") && r.svg.contains(">Units sold</text>"));
        assert!(r.svg.contains(">0.75 M</text>"), "{}", r.svg);
        assert!(r.svg.contains("var(--chart-2, #c2410c)"));
        assert!(r.svg.contains("(x axis: Year; y axis: Units sold)"));
        assert!(r.svg.contains("Cars — 2022: 1 M; 2023: 2.5 M; 2024: 4 M."));
        assert!(r.table.contains("<th scope=\"col\">Year</th>"));
    }
    s.kind = ChartKind::Bar;
    assert_eq!(render_ok(&s).svg.matches("<rect").count(), 6 + 2);
    s.kind = ChartKind::Line;
    assert_eq!(render_ok(&s).svg.matches("<polyline").count(), 2);
    let single = render_ok(&ev(ChartKind::Bar)).svg;
    assert!(!single.contains("chart-legend"));
}

#[test]
fn pie_edge_cases() {
    // A single 100 % slice is a circle, not a degenerate arc.
    let one = render_ok(&spec(ChartKind::Pie, &["all"], &[("", &[3.0])])).svg;
    assert!(one.contains("<circle") && !one.contains("<path"));
    assert!(one.contains(">100%</text>"));
    // Zero slices are listed but not drawn; extra series are ignored.
    let s = spec(
        ChartKind::Pie,
        &["a", "b", "c"],
        &[("x", &[1.0, 0.0, 1.0]), ("ignored", &[-5.0, 9.0, 9.0])],
    );
    let r = render_ok(&s);
    assert_eq!(r.svg.matches("<path").count(), 2);
    assert!(r.svg.contains("b: 0 (0%)"));
    assert!(!r.svg.contains("ignored") && !r.table.contains("ignored"));
    assert!(r.table.contains("<th scope=\"col\">Share</th>"));
    assert!(r.table.contains("<td>50%</td>"));
    // Tiny next to huge: no NaN, the small share is shown as <0.1%.
    let r = render_ok(&spec(
        ChartKind::Pie,
        &["big", "small"],
        &[("", &[1e300, 1.0])],
    ));
    assert!(r.svg.contains("&lt;0.1%"), "{}", r.svg);
}

#[test]
fn table_fallback() {
    let mut s = ev(ChartKind::Bar);
    s.series[0].name = String::new();
    let table = render_ok(&s).table;
    let expected = "<table class=\"chart-data\">\n<caption>EV output</caption>\n\
        <thead><tr><th scope=\"col\">Category</th><th scope=\"col\">Value</th></tr></thead>\n\
        <tbody>\n<tr><th scope=\"row\">China&#39;s national EV output</th><td>7.5%</td></tr>\n\
        <tr><th scope=\"row\">Anhui province&#39;s EV production</th><td>85%</td></tr>\n\
        </tbody>\n</table>";
    assert_eq!(table, expected);
}

fn check_invalid(s: &ChartSpec, expected: &str) {
    match s.validate() {
        Ok(()) => panic!("expected error containing {expected:?}"),
        Err(e) => assert!(e.contains(expected), "{e:?} should contain {expected:?}"),
    }
    assert!(render(s, "x").is_err());
}

#[test]
fn validation_errors() {
    let base = spec(ChartKind::Bar, &["a", "b"], &[("x", &[1.0, 2.0])]);
    assert_eq!(base.validate(), Ok(()));

    let mut s = base.clone();
    s.title = "  ".to_string();
    check_invalid(&s, "`title` is required");

    let mut s = base.clone();
    s.series[0].values.push(3.0);
    check_invalid(
        &s,
        "chart `labels` has 2 entries but series `x` has 3 values",
    );

    let mut s = base.clone();
    s.series.push(Series {
        name: String::new(),
        values: vec![1.0],
    });
    check_invalid(&s, "chart `labels` has 2 entries but series #2 has 1 value");

    let mut s = base.clone();
    s.labels.clear();
    s.series[0].values.clear();
    check_invalid(&s, "no data: `labels` is empty");

    let mut s = base.clone();
    s.series.clear();
    check_invalid(&s, "no data: at least one series");

    for (bad, shown) in [
        (f64::NAN, "NaN"),
        (f64::INFINITY, "∞"),
        (-f64::INFINITY, "-∞"),
    ] {
        let mut s = base.clone();
        s.series[0].values[1] = bad;
        check_invalid(&s, &format!("series `x` has the value {shown} for `b`"));
    }

    let mut s = base.clone();
    s.series[0].values[0] = -1e301;
    check_invalid(&s, "too large");

    let mut s = base.clone();
    s.kind = ChartKind::Pie;
    s.series[0].values[1] = -2.0;
    check_invalid(
        &s,
        "pie chart values must not be negative, but series `x` has -2 for `b`",
    );

    let mut s = base.clone();
    s.kind = ChartKind::Pie;
    s.series[0].values = vec![0.0, 0.0];
    check_invalid(&s, "at least one value above 0");

    // Negative values are fine for bar and line charts.
    let mut s = base.clone();
    s.series[0].values[0] = -4.0;
    for kind in [ChartKind::Bar, ChartKind::Line] {
        s.kind = kind;
        let svg = render_ok(&s).svg;
        assert_eq!(
            svg.matches(">-4</text>").count(),
            2,
            "value and tick: {svg}"
        );
    }
}

fn check_parse(text: &str, format: &str, labels: &[&str], series: &[(&str, &[f64])]) {
    let (l, s) = match parse_data(text, format) {
        Ok(parsed) => parsed,
        Err(e) => panic!("{format}: {e}\n{text}"),
    };
    assert_eq!(l, labels, "{format} labels");
    let got: Vec<(&str, &[f64])> = s.iter().map(|s| (s.name.as_str(), &s.values[..])).collect();
    assert_eq!(got, series, "{format} series");
}

fn check_parse_err(text: &str, format: &str, expected: &str) {
    match parse_data(text, format) {
        Ok(parsed) => panic!("{format}: expected error {expected:?}, got {parsed:?}"),
        Err(e) => assert!(
            e.contains(expected),
            "{format}: {e:?} should contain {expected:?}"
        ),
    }
}

#[test]
fn parse_csv_data() {
    let expect: &[(&str, &[f64])] = &[("Cars", &[1.0, 2.5]), ("Vans", &[-3.0, 4e3])];
    check_parse(
        "Year,Cars,Vans\n2023,1,-3\n2024,2.5,4e3\n",
        "csv",
        &["2023", "2024"],
        expect,
    );
    // BOM, spaces, quoted label with a comma, CRLF, blank line, upper-case format.
    check_parse(
        "\u{feff}Region , Cars , Vans\r\n\"Anhui, China\" , 1 , -3\r\n\r\nX,2.5,4000\r\n",
        "CSV",
        &["Anhui, China", "X"],
        expect,
    );
    check_parse_err("only\na\n", "csv", "at least two columns");
    check_parse_err(
        "l,a\nx,abc\n",
        "csv",
        "CSV line 2, column `a`: `abc` is not a number",
    );
    check_parse_err("l,a\nx,\n", "csv", "the value is empty");
    check_parse_err("l,a\nx,NaN\n", "csv", "not a finite number");
    check_parse_err("l,a\nx,inf\n", "csv", "not a finite number");
    check_parse_err("l,a,b\nx,1,2\ny,1\n", "csv", "invalid CSV chart data");
    check_parse_err("l,a\n", "csv", "no data rows");
    check_parse_err("", "csv", "at least two columns");
    check_parse_err("l,,b\nx,1,2\n", "csv", "column 2 has an empty header");
}

#[test]
fn parse_json_data() {
    check_parse(
        r#"{"labels": ["a", 2024], "series": [{"name": "s", "values": [1, 2.5]}]}"#,
        "json",
        &["a", "2024"],
        &[("s", &[1.0, 2.5])],
    );
    // Array of objects keeps the series in document order.
    check_parse(
        r#"[{"label": "a", "zeta": 1, "alpha": 2}, {"alpha": 4, "label": "b", "zeta": 3}]"#,
        "json",
        &["a", "b"],
        &[("zeta", &[1.0, 3.0]), ("alpha", &[2.0, 4.0])],
    );
    check_parse_err("{", "json", "invalid JSON chart data");
    check_parse_err("42", "json", "not a number");
    check_parse_err("[]", "json", "empty array");
    check_parse_err(r#"{"series": []}"#, "json", "no `labels`");
    check_parse_err(r#"{"labels": ["a"]}"#, "json", "no `series`");
    check_parse_err(
        r#"{"labels": ["a"], "series": []}"#,
        "json",
        "at least one series",
    );
    check_parse_err(
        r#"{"labels": ["a"], "series": [], "colour": "red"}"#,
        "json",
        "unknown key `colour`",
    );
    check_parse_err(
        r#"{"labels": ["a"], "series": [{"name": "s", "values": ["1"]}]}"#,
        "json",
        "series #1 value 1 must be a number, not a string",
    );
    check_parse_err(
        r#"{"labels": ["a", "b"], "series": [{"name": "s", "values": [1]}]}"#,
        "json",
        "chart `labels` has 2 entries but series `s` has 1 value",
    );
    check_parse_err(
        r#"{"labels": [null], "series": [{"name": "s", "values": [1]}]}"#,
        "json",
        "`labels` entry 1 must be a string or a number, not null",
    );
    check_parse_err(
        r#"[{"label": "a", "s": 1}, {"label": "b"}]"#,
        "json",
        "row 2 (`b`) has no value for series `s`",
    );
    check_parse_err(
        r#"[{"label": "a", "s": 1}, {"label": "b", "s": 1, "t": 2}]"#,
        "json",
        "which the first row does not have",
    );
    check_parse_err(r#"[{"s": 1}]"#, "json", "row 1 has no `label`");
    check_parse_err(
        r#"[{"label": "a", "s": true}]"#,
        "json",
        "`s` must be a number, not a boolean",
    );
    check_parse_err(r#"[{"label": "a"}]"#, "json", "no series values");
    check_parse_err(r#"[{"label": "a", "s": 1e999}]"#, "json", "invalid JSON");
}

#[test]
fn parse_toml_data() {
    let text = "labels = [\"a\", \"b\"]\n\n[[series]]\nname = \"Cars\"\nvalues = [1, 2.5]\n\n\
                [[series]]\nname = \"Vans\"\nvalues = [3.0, -4]\n";
    check_parse(
        text,
        "toml",
        &["a", "b"],
        &[("Cars", &[1.0, 2.5]), ("Vans", &[3.0, -4.0])],
    );
    check_parse_err("labels = [", "toml", "invalid TOML chart data");
    check_parse_err(
        "labels = [\"a\"]\n[[series]]\nname = \"s\"\nvalues = [nan]\n",
        "toml",
        "not a finite number",
    );
    check_parse_err(
        "labels = [\"a\"]\n[[series]]\nname = \"s\"\n",
        "toml",
        "has no `values`",
    );
    check_parse_err(
        "labels = [\"a\"]\n[[series]]\nname = \"s\"\nvalues = [1]\ncolor = \"red\"\n",
        "toml",
        "unknown key `color`",
    );
    check_parse_err(
        "labels = [\"a\"]\n[[series]]\nname = \"s\"\nvalues = [1979-05-27]\n",
        "toml",
        "must be a number",
    );
    check_parse_err("a = 1", "xml", "unknown chart data format `xml`");
}

#[test]
fn text_is_escaped() {
    let mut s = spec(
        ChartKind::Bar,
        &["<b>&\"'"],
        &[("x</text>", &[1.0]), ("y", &[2.0])],
    );
    s.title = "<script>alert('x')</script> & co".to_string();
    s.description = "a \"quoted\" <desc>\u{0}\u{8}".to_string();
    s.unit = "<u>".to_string();
    s.x_label = "</g>".to_string();
    for kind in [ChartKind::Bar, ChartKind::Line, ChartKind::Pie] {
        s.kind = kind;
        let r = render_ok(&s);
        for out in [&r.svg, &r.table] {
            assert!(!out.contains("<script") && !out.contains("<b>") && !out.contains("<u>"));
            assert!(!out.contains('\u{0}') && !out.contains('\u{8}'));
        }
        assert!(
            r.svg
                .contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; co")
        );
        assert!(r.table.contains("&lt;b&gt;&amp;&quot;&#39;"));
    }
    assert_eq!(esc("a&b<c>d\"e'f"), "a&amp;b&lt;c&gt;d&quot;e&#39;f");
    let r = render(&s, "my chart\"><x").unwrap();
    assert!(
        r.svg
            .contains("aria-labelledby=\"my-chart---x-title my-chart---x-desc\"")
    );
    assert!(render(&s, "").unwrap().svg.contains("id=\"chart-title\""));
}

#[test]
fn output_is_deterministic() {
    let mut s = spec(
        ChartKind::Bar,
        &["a", "b", "c"],
        &[("x", &[1.0 / 3.0, 2.0, 0.1 + 0.2]), ("y", &[4.0, 5.0, 6.0])],
    );
    for kind in [ChartKind::Bar, ChartKind::Line, ChartKind::Pie] {
        s.kind = kind;
        let first = render_ok(&s);
        for _ in 0..3 {
            assert_eq!(render_ok(&s), first);
        }
        assert!(!first.svg.contains("00000"), "{}", first.svg);
        if kind != ChartKind::Pie {
            assert!(first.svg.contains(">0.3</text>") && first.svg.contains(">0.333333333333<"));
        }
    }
}

#[test]
fn numbers_are_compact() {
    for (v, text) in [
        (7.5, "7.5"),
        (85.0, "85"),
        (-0.0, "0"),
        (0.1, "0.1"),
        (1234567.0, "1234567"),
        (1e300, "1e300"),
        (1.5e-7, "1.5e-7"),
        (-2.25, "-2.25"),
        (0.1 + 0.2, "0.3"),
        (123456789.123, "123456789.123"),
    ] {
        assert_eq!(fmt_num(v), text);
    }
    for (int, exp, text) in [
        (0, 3, "0"),
        (25, -1, "2.5"),
        (5, -3, "0.005"),
        (20, 0, "20"),
        (-15, -1, "-1.5"),
        (2, 3, "2000"),
        (1, 20, "1e20"),
        (25, -300, "2.5e-299"),
    ] {
        assert_eq!(fmt_decimal(int, exp), text, "{int}e{exp}");
    }
    assert_eq!(with_unit("5", "kg"), "5 kg");
    assert_eq!(with_unit("5", "%"), "5%");
    assert_eq!(with_unit("5", ""), "5");
    assert_eq!(fmt_pct(1.0 / 3.0, 1.0), "33.3%");
    assert_eq!(fmt_pct(0.5, 1.0), "50%");
    assert_eq!(c(f64::NAN), "0");
    assert_eq!(c(-0.001), "0");
    assert_eq!(c(12.3456), "12.35");
}

#[test]
fn axis_ticks_are_round() {
    let ticks = |min: f64, max: f64| -> Vec<String> {
        nice_axis(min, max)
            .ticks
            .into_iter()
            .map(|(_, t)| t)
            .collect()
    };
    assert_eq!(ticks(0.0, 85.0), ["0", "20", "40", "60", "80", "100"]);
    assert_eq!(ticks(0.0, 0.0), ["0", "0.2", "0.4", "0.6", "0.8", "1"]);
    assert_eq!(ticks(-3.0, 7.0), ["-4", "-2", "0", "2", "4", "6", "8"]);
    assert_eq!(ticks(-10.0, -2.0), ["-10", "-8", "-6", "-4", "-2", "0"]);
    assert_eq!(ticks(0.0, 0.3), ["0", "0.1", "0.2", "0.3"]);
    assert_eq!(
        ticks(0.0, 1e300),
        ["0", "2e299", "4e299", "6e299", "8e299", "1e300"]
    );
    let axis = nice_axis(0.0, 5e-324);
    assert!(axis.hi > axis.lo);
}

#[test]
fn long_labels_wrap_without_overlap() {
    let lines = wrap("China's national electric vehicle output", 60.0, 12.0, 3);
    assert!(lines.len() > 1 && lines.len() <= 3, "{lines:?}");
    for line in &lines {
        assert!(text_width(line, 12.0) <= 60.0, "{line:?} too wide");
    }
    let lines = wrap("Supercalifragilisticexpialidocious", 50.0, 12.0, 2);
    assert_eq!(lines.len(), 2);
    assert!(
        lines[0].ends_with('-') && lines[1].ends_with('…'),
        "{lines:?}"
    );
    assert!(wrap("", 50.0, 12.0, 3).is_empty());
    assert_eq!(truncate("short", 100.0, 12.0), "short");

    // Six long categories: every label is wrapped into tspans.
    let labels = [
        "China's national EV output",
        "Anhui province's EV production",
        "Guangdong province",
        "Shanghai municipality",
        "Jiangsu province",
        "Zhejiang province",
    ];
    let svg = render_ok(&spec(
        ChartKind::Bar,
        &labels,
        &[("", &[7.5, 85.0, 20.0, 15.0, 10.0, 5.0])],
    ))
    .svg;
    assert!(svg.contains("<tspan"), "{svg}");
    assert!(!svg.contains("rotate(-45"));
    // Many categories switch to rotated labels.
    let many: Vec<String> = (0..30).map(|i| format!("Category {i}")).collect();
    let many: Vec<&str> = many.iter().map(String::as_str).collect();
    let values: Vec<f64> = (0..30).map(f64::from).collect();
    let svg = render_ok(&spec(ChartKind::Bar, &many, &[("", &values)])).svg;
    assert!(svg.contains("rotate(-45"));
    assert!(
        svg.contains("rotate(-90"),
        "crowded value labels turn vertical"
    );
}

#[test]
fn odd_inputs_do_not_panic() {
    let cases: Vec<(Vec<&str>, Vec<f64>)> = vec![
        (vec!["a"], vec![0.0]),
        (vec!["a", "b"], vec![0.0, 0.0]),
        (vec!["a", "b"], vec![1e300, -1e300]),
        (vec!["a", "b"], vec![1e300, 1e300]),
        (vec!["a", "b"], vec![5e-324, 0.0]),
        (vec!["", " "], vec![-1.0, -2.0]),
        (vec!["日本語のラベル", "😀😀😀😀😀😀😀😀"], vec![1.0, 2.0]),
        (vec!["x"; 200], vec![1.0; 200]),
    ];
    for (labels, values) in &cases {
        for kind in [ChartKind::Bar, ChartKind::Line, ChartKind::Pie] {
            let mut s = spec(kind, labels, &[("s", values), ("t", values)]);
            s.title = "t".repeat(500);
            s.x_label = "x ".repeat(100);
            s.y_label = "y".repeat(100);
            s.unit = "units per something".to_string();
            if s.validate().is_ok() {
                render_ok(&s);
            }
        }
    }
    let s = spec(ChartKind::Bar, &["a"], &[("s", &[f64::NAN])]);
    assert!(render(&s, "x").is_err());
    for format in ["csv", "json", "toml"] {
        for text in ["", " ", "\u{feff}", "[[[", "\"", "label\n", "{}", "[1]"] {
            let _ = parse_data(text, format);
        }
    }
}

/// Issue 13: a pie of percentages showed each value twice ("7.5% (7.5%)").
#[test]
fn a_pie_value_that_is_its_share_shows_once() {
    assert_eq!(value_and_share(7.5, "%", 0.075, ""), "7.5%");
    assert_eq!(
        value_and_share(12.0, "GWh", 0.25, " of total"),
        "12 GWh (25% of total)"
    );
    let svg = render_ok(&ChartSpec {
        kind: ChartKind::Pie,
        title: "Shares".into(),
        labels: vec!["A".into(), "B".into()],
        series: vec![Series {
            name: String::new(),
            values: vec![7.5, 92.5],
        }],
        unit: "%".into(),
        ..ChartSpec::default()
    });
    assert!(svg.svg.contains("A: 7.5%<"), "{}", svg.svg);
    assert!(!svg.svg.contains("(7.5%)"), "{}", svg.svg);
    assert!(!svg.table.contains("(7.5%"), "{}", svg.table);
}
