//! Chart data from files: CSV, JSON and TOML into labels and series.

use super::*;

/// Parse data from a file's text: `format` is "csv" | "toml" | "json". Returns (labels, series).
///
/// - CSV: a header row; the first column holds the labels, every other column is
///   one series named by its header.
/// - JSON: `{"labels": [...], "series": [{"name": "...", "values": [...]}]}` or an
///   array of objects `[{"label": "a", "<series>": 1.0}, ...]` (series in the order
///   their keys first appear).
/// - TOML: `labels = [...]` and `[[series]]` tables with `name` and `values`.
///
/// Labels may be strings or numbers (`2024`). Values must be finite numbers and
/// every series must have one value per label.
pub fn parse_data(text: &str, format: &str) -> Result<(Vec<String>, Vec<Series>), String> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let (labels, series) = match format.trim().to_ascii_lowercase().as_str() {
        "csv" => parse_csv(text)?,
        "json" => {
            let node: Node =
                serde_json::from_str(text).map_err(|e| format!("invalid JSON chart data: {e}"))?;
            match node {
                Node::Arr(rows) => parse_rows(&rows)?,
                Node::Obj(entries) => parse_object(&entries, "JSON")?,
                other => {
                    return Err(format!(
                        "JSON chart data must be an object with `labels` and `series` or an \
                         array of objects, not {}",
                        other.kind()
                    ));
                }
            }
        }
        "toml" => {
            let node: Node =
                toml::from_str(text).map_err(|e| format!("invalid TOML chart data: {e}"))?;
            match node {
                Node::Obj(entries) => parse_object(&entries, "TOML")?,
                other => {
                    return Err(format!(
                        "TOML chart data must be a table, not {}",
                        other.kind()
                    ));
                }
            }
        }
        other => {
            return Err(format!(
                "unknown chart data format `{other}` (expected csv, json or toml)"
            ));
        }
    };
    check_shape(&labels, &series)?;
    Ok((labels, series))
}

pub(super) fn parse_csv(text: &str) -> Result<(Vec<String>, Vec<Series>), String> {
    let mut reader = csv::ReaderBuilder::new()
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes());
    let headers = reader
        .headers()
        .map_err(|e| format!("invalid CSV chart data: {e}"))?
        .clone();
    if headers.len() < 2 {
        return Err(
            "CSV chart data needs a header row with at least two columns: the labels, \
             then one column per series"
                .to_string(),
        );
    }
    let mut series: Vec<Series> = Vec::new();
    for (col, name) in headers.iter().enumerate().skip(1) {
        if name.is_empty() {
            return Err(format!(
                "CSV column {} has an empty header; the header names the series",
                col + 1
            ));
        }
        series.push(Series {
            name: name.to_string(),
            values: Vec::new(),
        });
    }
    let mut labels = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| format!("invalid CSV chart data: {e}"))?;
        let line = record.position().map_or(0, |p| p.line());
        labels.push(record.get(0).unwrap_or_default().to_string());
        for (k, ser) in series.iter_mut().enumerate() {
            let cell = record.get(k + 1).unwrap_or_default();
            let value = parse_number(cell)
                .map_err(|why| format!("CSV line {line}, column `{}`: {why}", ser.name))?;
            ser.values.push(value);
        }
    }
    if labels.is_empty() {
        return Err("CSV chart data has a header row but no data rows".to_string());
    }
    Ok((labels, series))
}

pub(super) fn parse_number(cell: &str) -> Result<f64, String> {
    let cell = cell.trim();
    if cell.is_empty() {
        return Err("the value is empty".to_string());
    }
    match cell.parse::<f64>() {
        Ok(v) if v.is_finite() => Ok(v),
        Ok(_) => Err(format!("`{cell}` is not a finite number")),
        Err(_) => Err(format!("`{cell}` is not a number")),
    }
}

/// `{"labels": [...], "series": [{"name": ..., "values": [...]}]}` (JSON or TOML).
pub(super) fn parse_object(
    entries: &[(String, Node)],
    fmt_name: &str,
) -> Result<(Vec<String>, Vec<Series>), String> {
    let mut labels = None;
    let mut series = None;
    for (key, value) in entries {
        match key.as_str() {
            "labels" => {
                let Node::Arr(items) = value else {
                    return Err(format!(
                        "{fmt_name} chart data: `labels` must be an array, not {}",
                        value.kind()
                    ));
                };
                let mut out = Vec::new();
                for (i, item) in items.iter().enumerate() {
                    out.push(item.as_label().ok_or_else(|| {
                        format!(
                            "{fmt_name} chart data: `labels` entry {} must be a string or a number, not {}",
                            i + 1,
                            item.kind()
                        )
                    })?);
                }
                labels = Some(out);
            }
            "series" => {
                let Node::Arr(items) = value else {
                    return Err(format!(
                        "{fmt_name} chart data: `series` must be an array of tables with `name` \
                         and `values`, not {}",
                        value.kind()
                    ));
                };
                let mut out = Vec::new();
                for (i, item) in items.iter().enumerate() {
                    out.push(parse_series(item, i, fmt_name)?);
                }
                series = Some(out);
            }
            other => {
                return Err(format!(
                    "{fmt_name} chart data: unknown key `{other}` (expected `labels` and `series`)"
                ));
            }
        }
    }
    let labels = labels.ok_or_else(|| format!("{fmt_name} chart data has no `labels` array"))?;
    let series = series.ok_or_else(|| format!("{fmt_name} chart data has no `series`"))?;
    Ok((labels, series))
}

pub(super) fn parse_series(item: &Node, index: usize, fmt_name: &str) -> Result<Series, String> {
    let Node::Obj(fields) = item else {
        return Err(format!(
            "{fmt_name} chart data: series #{} must be a table with `name` and `values`, not {}",
            index + 1,
            item.kind()
        ));
    };
    let mut name = None;
    let mut values = None;
    for (key, value) in fields {
        match key.as_str() {
            "name" => {
                name = Some(value.as_label().ok_or_else(|| {
                    format!(
                        "{fmt_name} chart data: series #{} `name` must be a string",
                        index + 1
                    )
                })?);
            }
            "values" => {
                let Node::Arr(items) = value else {
                    return Err(format!(
                        "{fmt_name} chart data: series #{} `values` must be an array of numbers",
                        index + 1
                    ));
                };
                let mut out = Vec::new();
                for (k, v) in items.iter().enumerate() {
                    let Node::Num(n) = v else {
                        return Err(format!(
                            "{fmt_name} chart data: series #{} value {} must be a number, not {}",
                            index + 1,
                            k + 1,
                            v.kind()
                        ));
                    };
                    if !n.is_finite() {
                        return Err(format!(
                            "{fmt_name} chart data: series #{} value {} is not a finite number",
                            index + 1,
                            k + 1
                        ));
                    }
                    out.push(*n);
                }
                values = Some(out);
            }
            other => {
                return Err(format!(
                    "{fmt_name} chart data: series #{} has unknown key `{other}` (expected `name` and `values`)",
                    index + 1
                ));
            }
        }
    }
    let values = values.ok_or_else(|| {
        format!(
            "{fmt_name} chart data: series #{} has no `values`",
            index + 1
        )
    })?;
    Ok(Series {
        name: name.unwrap_or_default(),
        values,
    })
}

/// `[{"label": "a", "sales": 1}, ...]`: one object per category.
pub(super) fn parse_rows(rows: &[Node]) -> Result<(Vec<String>, Vec<Series>), String> {
    if rows.is_empty() {
        return Err("JSON chart data is an empty array".to_string());
    }
    let mut labels = Vec::new();
    let mut series: Vec<Series> = Vec::new();
    for (r, row) in rows.iter().enumerate() {
        let Node::Obj(fields) = row else {
            return Err(format!(
                "JSON chart data: row {} must be an object like {{\"label\": \"a\", \"series name\": 1}}, not {}",
                r + 1,
                row.kind()
            ));
        };
        let mut label = None;
        for (key, value) in fields {
            if key == "label" {
                label = Some(value.as_label().ok_or_else(|| {
                    format!(
                        "JSON chart data: row {} `label` must be a string or a number",
                        r + 1
                    )
                })?);
                continue;
            }
            let Node::Num(n) = value else {
                return Err(format!(
                    "JSON chart data: row {}, `{key}` must be a number, not {}",
                    r + 1,
                    value.kind()
                ));
            };
            match series.iter_mut().find(|s| s.name == *key) {
                Some(s) if s.values.len() > r => {
                    return Err(format!("JSON chart data: row {} has `{key}` twice", r + 1));
                }
                Some(s) => s.values.push(*n),
                None if r == 0 => series.push(Series {
                    name: key.clone(),
                    values: vec![*n],
                }),
                None => {
                    return Err(format!(
                        "JSON chart data: row {} has `{key}`, which the first row does not have",
                        r + 1
                    ));
                }
            }
        }
        let label =
            label.ok_or_else(|| format!("JSON chart data: row {} has no `label`", r + 1))?;
        if let Some(missing) = series.iter().find(|s| s.values.len() <= r) {
            return Err(format!(
                "JSON chart data: row {} (`{label}`) has no value for series `{}`",
                r + 1,
                missing.name
            ));
        }
        labels.push(label);
    }
    if series.is_empty() {
        return Err("JSON chart data: the rows have a `label` but no series values".to_string());
    }
    Ok((labels, series))
}

/// A JSON/TOML value that keeps object keys in document order.
pub(super) enum Node {
    Null,
    Bool,
    Num(f64),
    Str(String),
    Arr(Vec<Node>),
    Obj(Vec<(String, Node)>),
}

impl Node {
    fn kind(&self) -> &'static str {
        match self {
            Node::Null => "null",
            Node::Bool => "a boolean",
            Node::Num(_) => "a number",
            Node::Str(_) => "a string",
            Node::Arr(_) => "an array",
            Node::Obj(_) => "an object",
        }
    }

    fn as_label(&self) -> Option<String> {
        match self {
            Node::Str(s) => Some(s.clone()),
            Node::Num(n) => Some(fmt_num(*n)),
            _ => None,
        }
    }
}

impl<'de> Deserialize<'de> for Node {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(NodeVisitor)
    }
}

pub(super) struct NodeVisitor;

impl<'de> Visitor<'de> for NodeVisitor {
    type Value = Node;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("chart data")
    }

    fn visit_bool<E: de::Error>(self, _: bool) -> Result<Node, E> {
        Ok(Node::Bool)
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Node, E> {
        Ok(Node::Num(v as f64))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Node, E> {
        Ok(Node::Num(v as f64))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Node, E> {
        Ok(Node::Num(v))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Node, E> {
        Ok(Node::Str(v.to_string()))
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<Node, E> {
        Ok(Node::Str(v))
    }

    fn visit_unit<E: de::Error>(self) -> Result<Node, E> {
        Ok(Node::Null)
    }

    fn visit_none<E: de::Error>(self) -> Result<Node, E> {
        Ok(Node::Null)
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Node, D::Error> {
        Node::deserialize(d)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Node, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element()? {
            items.push(item);
        }
        Ok(Node::Arr(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Node, A::Error> {
        let mut entries = Vec::new();
        while let Some((key, value)) = map.next_entry::<String, Node>()? {
            entries.push((key, value));
        }
        Ok(Node::Obj(entries))
    }
}
