//! Problems in the user's input, collected as data and reported together.
//!
//! Loading and rendering push `Diagnostic`s instead of stopping at the first one, so an
//! author sees every broken link or bad front matter in one run (ripgrep's messages and
//! rustc's diagnostics work the same way). Only at the end of a stage does the caller
//! turn a non-empty list into one error.

use std::fmt;
use std::path::{Path, PathBuf};

/// One problem, located in a file and, where known, at a line and column.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Diagnostic {
    /// The file, relative to the site root where possible.
    pub file: PathBuf,
    pub line: Option<usize>,
    pub column: Option<usize>,
    pub message: String,
}

impl Diagnostic {
    pub fn new(file: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Diagnostic {
            file: file.into(),
            line: None,
            column: None,
            message: message.into(),
        }
    }

    pub fn at_line(mut self, line: Option<usize>) -> Self {
        self.line = line;
        self
    }

    pub fn at_column(mut self, column: Option<usize>) -> Self {
        self.column = column;
        self
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file.display())?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
            if let Some(col) = self.column {
                write!(f, ":{col}")?;
            }
        }
        write!(f, ": {}", self.message)
    }
}

/// Turns a list of diagnostics into one error listing them all, sorted by file and line.
pub fn into_result(mut diagnostics: Vec<Diagnostic>, what: &str) -> anyhow::Result<()> {
    if diagnostics.is_empty() {
        return Ok(());
    }
    diagnostics.sort();
    diagnostics.dedup();
    let n = diagnostics.len();
    let mut text = format!(
        "{n} {} {what}:",
        if n == 1 { "problem" } else { "problems" }
    );
    for d in &diagnostics {
        text.push_str("\n  ");
        text.push_str(&d.to_string().replace('\n', "\n    "));
    }
    Err(anyhow::Error::msg(text))
}

/// `path` relative to `root` when it is inside it, for shorter messages.
pub fn relative_to(path: &Path, root: &Path) -> PathBuf {
    path.strip_prefix(root).unwrap_or(path).to_path_buf()
}

/// 1-based line and column of byte `offset` in `text`.
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let before = &text.as_bytes()[..offset];
    let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
    let line_start = before
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |i| i + 1);
    let column = String::from_utf8_lossy(&before[line_start..])
        .chars()
        .count()
        + 1;
    (line, column)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_and_collect() {
        let d = Diagnostic::new("content/a.md", "bad")
            .at_line(Some(3))
            .at_column(Some(2));
        assert_eq!(d.to_string(), "content/a.md:3:2: bad");
        let err = into_result(
            vec![d.clone(), Diagnostic::new("content/0.md", "first")],
            "in content",
        )
        .unwrap_err()
        .to_string();
        assert!(err.starts_with("2 problems in content:"), "{err}");
        assert!(err.find("0.md").unwrap() < err.find("a.md").unwrap());
    }

    #[test]
    fn line_col_counts_chars() {
        assert_eq!(line_col("ab\ncé d", 7), (2, 4));
        assert_eq!(line_col("x", 0), (1, 1));
    }
}
