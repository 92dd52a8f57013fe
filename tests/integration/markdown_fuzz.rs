//! Generated Markdown through `folio::markdown::render`: a few thousand seeded random
//! documents that mix code of every kind (inline code with 1–3 backticks, ``` and ~~~
//! fences, indented code, `<pre>`, `<code>`, comments, raw HTML blocks) with component
//! calls (inline `{{ }}` and `{% %}…{% end %}` bodies, known and unknown names), Zola's
//! escapes `{{/* x() */}}` and `{%/* x() */%}`, backslash escapes `\{{ x() }}`, nesting
//! (lists, blockquotes, component bodies), headings and footnotes.
//!
//! Every call carries a unique number (`n=K`), so the test host, which records what it is
//! asked, knows which call each request comes from. For every document:
//! - rendering does not panic (`catch_unwind`) and does not abort the process (the
//!   documents run in a child process, which writes the seed of the document it is on to
//!   a file: a child killed by a signal is reported with that document);
//! - no internal marker leaks into any part of the result (html, summary, toc, anchors,
//!   search sections, problems): `FOLIOSHORTCODE…` placeholders, the `<!--folio:more-->`
//!   sentinel, private-use or object-replacement characters;
//! - the HTML is well-formed (every generated input is): html5gum tokens with balanced
//!   non-void elements;
//! - a call written in a code region is shown as written (HTML-escaped, except in raw
//!   HTML) and the host is never asked for it;
//! - a call in Markdown text is asked of the host exactly once, and a known one's HTML is
//!   in the output;
//! - an escaped call is never asked of the host, and is shown unescaped: `{{ x() }}`
//!   (`{% x() %}` for `{%/* x() */%}`), as in Zola.
//!
//! Failures are grouped by class (what failed, and for which kind of region or place);
//! each class is shown with its shortest failing document after dropping every top-level
//! block the failure does not need, the seed that generates it, what failed and the HTML.
//!
//! `FOLIO_MD_FUZZ_DOCS=N` runs N documents (default `DEFAULT_DOCS`), `FOLIO_MD_FUZZ_SEED=S`
//! starts from seed S (document i uses seed S+i, so `FOLIO_MD_FUZZ_SEED=<a document's
//! seed> FOLIO_MD_FUZZ_DOCS=1` replays one document).

use std::collections::BTreeMap;
use std::panic::{self, AssertUnwindSafe};
use std::process::Command;
use std::sync::Mutex;
use std::time::Instant;

use folio::markdown::{self, Call, Highlighter, Host, Options, Rendered};
use html5gum::{DefaultEmitter, Token, Tokenizer};

use crate::util::Rng;

const DEFAULT_DOCS: u64 = 3000;
const DEFAULT_SEED: u64 = 0x000F_0110_5EED;
/// Set in the child process: the file it writes the current document's seed to.
const WORKER_ENV: &str = "FOLIO_MD_FUZZ_WORKER";
const VOID: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track",
    "wbr",
];

#[test]
fn generated_markdown_renders_safely() {
    let tmp = tempfile::tempdir().expect("a temporary folder");
    let progress = tmp.path().join("current-seed");
    let exe = std::env::current_exe().expect("the test binary");
    let started = Instant::now();
    let out = Command::new(exe)
        .args([
            "markdown_fuzz::worker",
            "--exact",
            "--nocapture",
            "--test-threads=1",
        ])
        .env(WORKER_ENV, &progress)
        .output()
        .expect("the test binary runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    let report: String = stdout
        .lines()
        .filter(|l| !l.starts_with("running ") && !l.starts_with("test ") && !l.is_empty())
        .map(|l| format!("{l}\n"))
        .collect();
    if out.status.success() && stdout.contains("1 passed") {
        println!("{report}(child process: {:.1?})", started.elapsed());
        return;
    }
    if stdout.contains("markdown fuzz:") {
        panic!("{report}");
    }
    // The child died without its report: an abort (stack overflow, double panic…).
    let seed = std::fs::read_to_string(&progress).unwrap_or_default();
    let detail = match seed.trim().parse::<u64>() {
        Ok(seed) => {
            let doc = generate(seed);
            format!(
                "while rendering the document of seed {seed}:\n--- document:\n{}\n--- as a string: {:?}\nreproduce: FOLIO_MD_FUZZ_SEED={seed} FOLIO_MD_FUZZ_DOCS=1 cargo test --test integration markdown_fuzz",
                doc.text(),
                doc.text()
            )
        }
        Err(_) => "before the first document".to_string(),
    };
    panic!(
        "the fuzz worker process died ({}) {detail}\n--- its output:\n{stdout}\n{stderr}",
        out.status
    );
}

/// The documents themselves, rendered in the child process that
/// `generated_markdown_renders_safely` starts; in the test run itself, the entry point
/// does nothing.
#[test]
fn worker() {
    let Some(progress) = std::env::var_os(WORKER_ENV) else {
        return;
    };
    let progress = Some(progress);
    let docs = env_u64("FOLIO_MD_FUZZ_DOCS").unwrap_or(DEFAULT_DOCS);
    let base = env_u64("FOLIO_MD_FUZZ_SEED").unwrap_or(DEFAULT_SEED);
    let started = Instant::now();
    let default_hook = panic::take_hook();
    panic::set_hook(Box::new(|info| {
        let at = info
            .location()
            .map(|l| format!(" at {}:{}", l.file(), l.line()))
            .unwrap_or_default();
        *LAST_PANIC.lock().unwrap_or_else(|e| e.into_inner()) = Some(format!("{info}{at}"));
    }));

    let mut classes: BTreeMap<String, Class> = BTreeMap::new();
    let (mut bytes, mut in_code, mut live, mut escaped, mut failed) = (0, 0, 0, 0, 0);
    for i in 0..docs {
        let seed = base.wrapping_add(i);
        if let Some(p) = &progress {
            std::fs::write(p, seed.to_string()).expect("the progress file");
        }
        let doc = generate(seed);
        bytes += doc.text().len();
        for e in doc.blocks.iter().flat_map(|b| &b.expects) {
            match e {
                Expect::InCode { .. } => in_code += 1,
                Expect::Live { .. } => live += 1,
                Expect::Escaped { .. } => escaped += 1,
            }
        }
        let findings = check(&doc);
        if findings.is_empty() {
            continue;
        }
        failed += 1;
        let mut seen = Vec::new();
        for f in &findings {
            if seen.contains(&f.class) {
                continue;
            }
            seen.push(f.class.clone());
            let class = classes.entry(f.class.clone()).or_default();
            class.count += 1;
            if class
                .sample
                .as_ref()
                .is_none_or(|(_, d)| d.text().len() > doc.text().len())
            {
                class.sample = Some((seed, doc.clone()));
            }
        }
    }
    panic::set_hook(default_hook);

    let summary = format!(
        "markdown fuzz: {docs} documents from seed {base} ({bytes} bytes; {in_code} calls in code, {live} live calls, {escaped} escaped calls) in {:.1?}: {failed} failed, {} failure classes",
        started.elapsed(),
        classes.len()
    );
    // On a line of its own: libtest has just printed `test markdown_fuzz::worker ... `.
    println!("\n{summary}");
    if classes.is_empty() {
        return;
    }
    let mut report = String::new();
    for (name, class) in &classes {
        report.push_str(&format!("  [{} documents] {name}\n", class.count));
    }
    for (name, class) in &classes {
        let (seed, doc) = class.sample.as_ref().expect("a sample");
        let doc = &shrink(doc, name);
        let r = render(doc);
        let findings: Vec<String> = check(doc)
            .into_iter()
            .filter(|f| &f.class == name)
            .map(|f| format!("  - {}", f.detail))
            .collect();
        report.push_str(&format!(
            "\n=== FAIL [{} documents] {name}\nshortest sample: seed {seed}, reduced to {} top-level block(s)\n--- document:\n{}\n--- as a string: {:?}\n--- what failed:\n{}\n--- html:\n{}\nreproduce: FOLIO_MD_FUZZ_SEED={seed} FOLIO_MD_FUZZ_DOCS=1 cargo test --test integration markdown_fuzz\n",
            class.count,
            doc.blocks.len(),
            doc.text(),
            doc.text(),
            findings.join("\n"),
            r.map(|(r, _)| r.html).unwrap_or_else(|p| format!("(panicked: {p})")),
        ));
    }
    println!("{report}");
    panic!("{summary}");
}

static LAST_PANIC: Mutex<Option<String>> = Mutex::new(None);

fn env_u64(name: &str) -> Option<u64> {
    let v = std::env::var(name).ok()?;
    let v = v.trim();
    let parsed = match v.strip_prefix("0x") {
        Some(hex) => u64::from_str_radix(hex, 16),
        None => v.parse(),
    };
    Some(parsed.unwrap_or_else(|_| panic!("{name}={v} is not a number")))
}

#[derive(Default)]
struct Class {
    count: usize,
    /// The shortest failing document and its seed.
    sample: Option<(u64, Doc)>,
}

// ---------------------------------------------------------------------------------------
// Generation

/// What the output must show for one call of the document.
#[derive(Debug, Clone)]
enum Expect {
    /// A call in a code region: never asked of the host; `shown` (when set) is in the
    /// output, HTML-escaped unless `raw` (raw HTML is passed through as written).
    InCode {
        n: u64,
        region: String,
        shown: Option<String>,
        raw: bool,
    },
    /// A call in Markdown text: asked of the host once; a known one's HTML is in the output.
    Live { n: u64, known: bool, place: String },
    /// An escaped call in Markdown text: never asked, shown as `shown` (when set).
    Escaped {
        n: u64,
        form: &'static str,
        shown: Option<String>,
    },
}

#[derive(Debug, Clone)]
struct Block {
    text: String,
    expects: Vec<Expect>,
}

#[derive(Debug, Clone)]
struct Doc {
    blocks: Vec<Block>,
}

impl Doc {
    fn text(&self) -> String {
        let mut s = self
            .blocks
            .iter()
            .map(|b| b.text.as_str())
            .collect::<Vec<_>>()
            .join("\n\n");
        s.push('\n');
        s
    }
}

#[derive(Clone, Copy, PartialEq)]
enum Kind {
    Paragraph,
    Heading,
    Fenced,
    Indented,
    Quote,
    List,
    Body,
    Html,
    Rule,
    Footnote,
    More,
}

struct Gen {
    rng: Rng,
    next_n: u64,
    expects: Vec<Expect>,
    footnotes: Vec<String>,
    more: bool,
    /// How many enclosing `{% %}` bodies have an unknown name (their body is never shown).
    hidden: usize,
}

const WORDS: &[&str] = &[
    "alpha", "beta", "gamma", "delta", "Hefei", "合肥", "x", "words", "end", "note",
];

fn generate(seed: u64) -> Doc {
    let mut g = Gen {
        rng: Rng::raw(seed),
        next_n: 0,
        expects: Vec::new(),
        footnotes: Vec::new(),
        more: false,
        hidden: 0,
    };
    let count = 1 + g.rng.below(5);
    let blocks = (0..count)
        .map(|_| {
            let (text, _) = g.block("the top level", 0, 0);
            Block {
                text,
                expects: std::mem::take(&mut g.expects),
            }
        })
        .collect();
    Doc { blocks }
}

impl Gen {
    fn id(&mut self) -> u64 {
        self.next_n += 1;
        self.next_n
    }

    fn name(&mut self) -> (&'static str, bool) {
        if self.rng.chance(80) {
            ("mark", true)
        } else {
            ("nope", false)
        }
    }

    fn args(&mut self, n: u64) -> String {
        match self.rng.below(4) {
            0 => format!("n={n}, on=true, xs=[1, 2]"),
            1 => format!("n={n}, s=\"a&b\""),
            _ => format!("n={n}"),
        }
    }

    /// A call written in a code region: its text, and the part the output must show.
    fn code_call(&mut self, region: &str, raw: bool, multiline: bool) -> String {
        let n = self.id();
        let (name, _) = self.name();
        let args = self.args(n);
        let (text, shown) = match self.rng.below(if multiline { 7 } else { 6 }) {
            0 => {
                let t = format!("{{{{{name}({args})}}}}");
                (t.clone(), Some(t))
            }
            1 => {
                let open = format!("{{% {name}({args}) %}}");
                (format!("{open}body{{% end %}}"), Some(open))
            }
            2 => (format!("{{{{/* {name}(n={n}) */}}}}"), None),
            3 => (format!("{{%/* {name}(n={n}) */%}}"), None),
            6 => {
                let open = format!("{{% {name}({args}) %}}");
                (format!("{open}\nbody **b**\n{{% end %}}"), Some(open))
            }
            _ => {
                let t = format!("{{{{ {name}({args}) }}}}");
                (t.clone(), Some(t))
            }
        };
        self.expects.push(Expect::InCode {
            n,
            region: region.to_string(),
            // Nothing of an unknown component's body is shown.
            shown: shown.filter(|_| self.hidden == 0),
            raw,
        });
        text
    }

    /// A call in Markdown text.
    fn live_call(&mut self, place: &str, body: bool) -> String {
        let n = self.id();
        let (name, known) = self.name();
        let args = self.args(n);
        self.expects.push(Expect::Live {
            n,
            known: known && self.hidden == 0,
            place: place.to_string(),
        });
        if body {
            format!("{{% {name}({args}) %}}inner *em* {{% end %}}")
        } else if self.rng.chance(20) {
            format!("{{{{{name}({args})}}}}")
        } else {
            format!("{{{{ {name}({args}) }}}}")
        }
    }

    fn escaped_call(&mut self) -> String {
        let n = self.id();
        let (form, text, shown) = match self.rng.below(3) {
            0 => (
                "{{/* */}}",
                format!("{{{{/* mark(n={n}) */}}}}"),
                format!("{{{{ mark(n={n}) }}}}"),
            ),
            1 => (
                "{%/* */%}",
                format!("{{%/* mark(n={n}) */%}}"),
                format!("{{% mark(n={n}) %}}"),
            ),
            _ => (
                "\\{{",
                format!("\\{{{{ mark(n={n}) }}}}"),
                format!("{{{{ mark(n={n}) }}}}"),
            ),
        };
        let shown = Some(shown).filter(|_| self.hidden == 0);
        self.expects.push(Expect::Escaped { n, form, shown });
        text
    }

    /// One line of inline Markdown; it starts with a plain word, so it never starts a
    /// block of its own.
    fn line(&mut self, place: &str) -> String {
        let mut parts = vec![self.rng.pick(WORDS).to_string()];
        for _ in 0..1 + self.rng.below(3) {
            let part = match self.rng.below(15) {
                0 => format!("*{}*", self.rng.pick(WORDS)),
                1 => format!("`{}`", self.rng.pick(WORDS)),
                2 => {
                    let ticks = 1 + self.rng.below(3);
                    let fence = "`".repeat(ticks);
                    let region = format!("inline code ({ticks} backticks) in {place}");
                    let call = self.code_call(&region, false, false);
                    if ticks > 1 && self.rng.chance(50) {
                        format!("{fence} a ` {call} {fence}")
                    } else {
                        format!("{fence}{call}{fence}")
                    }
                }
                3 => {
                    // No Zola escapes here: their `*`s would pair with emphasis outside
                    // the raw tag, which Markdown allows, and cross `</code>`.
                    let region = format!("inline <code> in {place}");
                    let mut call = self.code_call(&region, false, false);
                    while call.contains('*') {
                        self.expects.pop();
                        call = self.code_call(&region, false, false);
                    }
                    format!("<code>{call}</code>")
                }
                4 => {
                    let region = format!("an inline <!-- comment --> in {place}");
                    format!("<!-- {} -->", self.code_call(&region, true, false))
                }
                5..=7 => self.live_call(place, false),
                8 => self.live_call(place, true),
                9 | 10 => self.escaped_call(),
                11 => format!("<span>{}</span>", self.rng.pick(WORDS)),
                12 => match self.footnotes.is_empty() || self.rng.chance(20) {
                    true => "[^nowhere]".to_string(),
                    false => {
                        let k = self.rng.below(self.footnotes.len());
                        format!("[^{}]", self.footnotes[k])
                    }
                },
                13 => "\\`".to_string(),
                _ => self.rng.pick(WORDS).to_string(),
            };
            parts.push(part);
            parts.push(self.rng.pick(WORDS).to_string());
        }
        parts.join(" ")
    }

    /// A block whose first line starts at the container's column 0 with no space. `indent`
    /// is its absolute column in the document, for the names of regions.
    fn block(&mut self, ctx: &str, depth: usize, indent: usize) -> (String, Kind) {
        let top = depth == 0;
        let nested = depth < 3;
        let mut kinds = vec![
            (Kind::Paragraph, 4),
            (Kind::Heading, 1),
            (Kind::Fenced, 4),
            (Kind::Indented, 2),
            (Kind::Html, 2),
            (Kind::Rule, 1),
        ];
        if nested {
            kinds.extend([(Kind::Quote, 2), (Kind::List, 3), (Kind::Body, 2)]);
        }
        if top {
            kinds.push((Kind::Footnote, 1));
            if !self.more {
                kinds.push((Kind::More, 1));
            }
        }
        let total: usize = kinds.iter().map(|k| k.1).sum();
        let mut roll = self.rng.below(total);
        let kind = kinds
            .iter()
            .find(|(_, w)| {
                if roll < *w {
                    true
                } else {
                    roll -= w;
                    false
                }
            })
            .expect("a kind")
            .0;
        let text = match kind {
            Kind::Paragraph => {
                let place = format!("a paragraph in {ctx}");
                let lines: Vec<String> = (0..1 + self.rng.below(2))
                    .map(|_| self.line(&place))
                    .collect();
                lines.join("\n")
            }
            Kind::Heading => {
                let place = format!("a heading in {ctx}");
                let text = self.line(&place);
                match self.rng.below(4) {
                    0 => format!("{text}\n{}", self.rng.pick(&["===", "---"])),
                    _ => format!("{} {text}", "#".repeat(1 + self.rng.below(6))),
                }
            }
            Kind::Fenced => self.fenced(ctx),
            Kind::Indented => {
                let region = format!("indented code in {ctx}");
                let prefix = match self.rng.below(4) {
                    0 if top => "\t",
                    1 => "      ",
                    _ => "    ",
                };
                let mut lines = vec!["Code:".to_string(), String::new()];
                for _ in 0..1 + self.rng.below(3) {
                    let line = match self.rng.below(3) {
                        0 => "let x = 1;".to_string(),
                        _ => self.code_call(&region, false, true),
                    };
                    lines.extend(line.lines().map(|l| format!("{prefix}{l}")));
                }
                lines.join("\n")
            }
            Kind::Quote => {
                let (inner, _) = self.blocks("a blockquote", depth + 1, indent + 2);
                prefix_lines(&inner, "> ", ">", "> ")
            }
            Kind::List => self.list(ctx, depth, indent),
            Kind::Body => {
                let n = self.id();
                let (name, known) = self.name();
                let args = self.args(n);
                self.expects.push(Expect::Live {
                    n,
                    known: known && self.hidden == 0,
                    place: format!("a {{% %}} body call in {ctx}"),
                });
                self.hidden += usize::from(!known);
                let (inner, last) = self.blocks("a component body", depth + 1, indent);
                self.hidden -= usize::from(!known);
                // The body right under its opening tag only when it starts with prose:
                // a block that cannot interrupt a paragraph (`2)` lists, indented code,
                // some HTML) would be a list in the body's own parse and prose in the
                // page's, and the two would disagree on where its code is.
                let prose_first = inner.chars().next().is_some_and(char::is_alphabetic);
                let open_gap = if prose_first && self.rng.chance(50) {
                    "\n"
                } else {
                    "\n\n"
                };
                let tight_end = matches!(last, Kind::Paragraph | Kind::List | Kind::Quote)
                    && self.rng.chance(50)
                    || last == Kind::Fenced;
                let end_gap = if tight_end { "\n" } else { "\n\n" };
                format!("{{% {name}({args}) %}}{open_gap}{inner}{end_gap}{{% end %}}")
            }
            Kind::Html => {
                let (tag, raw_lines): (&str, Vec<String>) = match self.rng.below(4) {
                    0 => {
                        let region = format!("a raw HTML <div> block in {ctx}");
                        let call = self.code_call(&region, true, false);
                        (
                            "div",
                            vec![
                                "<div class=\"raw\">".into(),
                                format!("words {call}"),
                                "</div>".into(),
                            ],
                        )
                    }
                    1 => {
                        let region = format!("a <pre> block in {ctx}");
                        let a = self.code_call(&region, true, true);
                        let b = self.code_call(&region, true, false);
                        (
                            "pre",
                            vec![format!("<pre>{a}"), String::new(), b, "</pre>".into()],
                        )
                    }
                    2 => {
                        let region = format!("an HTML comment block in {ctx}");
                        let a = self.code_call(&region, true, true);
                        let b = self.code_call(&region, true, false);
                        (
                            "comment",
                            vec!["<!--".into(), a, String::new(), b, "-->".into()],
                        )
                    }
                    _ => {
                        let region = format!("a raw HTML <details> block in {ctx}");
                        let call = self.code_call(&region, true, false);
                        (
                            "details",
                            vec![
                                "<details>".into(),
                                "<summary>More</summary>".into(),
                                call,
                                "</details>".into(),
                            ],
                        )
                    }
                };
                let _ = tag;
                raw_lines.join("\n")
            }
            // Not `***`: after a `*` list marker that would be a thematic break of its own.
            Kind::Rule => "___".to_string(),
            Kind::Footnote => {
                let label = format!("f{}", self.footnotes.len() + 1);
                self.footnotes.push(label.clone());
                let text = self.line("a footnote definition");
                format!("[^{label}]: {text}")
            }
            Kind::More => {
                self.more = true;
                "<!-- more -->".to_string()
            }
        };
        (text, kind)
    }

    /// 1–2 blocks separated by blank lines, and the kind of the last.
    fn blocks(&mut self, ctx: &str, depth: usize, indent: usize) -> (String, Kind) {
        let mut parts = Vec::new();
        let mut last = Kind::Paragraph;
        for _ in 0..1 + self.rng.below(2) {
            let (text, kind) = self.block(ctx, depth, indent);
            parts.push(text);
            last = kind;
        }
        (parts.join("\n\n"), last)
    }

    fn fenced(&mut self, ctx: &str) -> String {
        let c = if self.rng.chance(60) { '`' } else { '~' };
        let other = if c == '`' { "~~~" } else { "```" };
        let len = 3 + self.rng.below(3);
        let fence: String = std::iter::repeat_n(c, len).collect();
        let info = self.rng.pick(&["", "", "text", "md", "rust", "html"]);
        let region = format!("fenced {c}{c}{c} code in {ctx}");
        let mut lines = vec![format!("{fence}{info}")];
        for _ in 0..1 + self.rng.below(4) {
            let line = match self.rng.below(8) {
                0 => "let x = 1;".to_string(),
                1 => other.to_string(),
                2 if len > 3 => std::iter::repeat_n(c, len - 1).collect(),
                3 => "<div>".to_string(),
                _ => self.code_call(&region, false, true),
            };
            lines.push(line);
        }
        lines.push(std::iter::repeat_n(c, len + self.rng.below(2)).collect());
        lines.join("\n")
    }

    fn list(&mut self, ctx: &str, depth: usize, indent: usize) -> String {
        let marker = self.rng.pick(&["-", "*", "+", "1.", "2)", "10."]);
        let spaces = 1 + self.rng.below(4);
        let width = marker.len() + spaces;
        let item_ctx = if indent + width >= 4 {
            "a list item indented 4 or more columns"
        } else {
            "a list item"
        };
        let _ = ctx;
        let mut items = Vec::new();
        let mut loose = false;
        for _ in 0..1 + self.rng.below(3) {
            let (inner, last) = self.blocks(item_ctx, depth + 1, indent + width);
            loose |= inner.contains("\n\n") || last != Kind::Paragraph;
            let first = format!("{marker}{}", " ".repeat(spaces));
            items.push(prefix_lines(&inner, &first, "", &" ".repeat(width)));
        }
        items.join(if loose { "\n\n" } else { "\n" })
    }
}

/// Prefixes the first line with `first`, later non-empty lines with `rest` and empty
/// ones with `empty`.
fn prefix_lines(text: &str, first: &str, empty: &str, rest: &str) -> String {
    text.split('\n')
        .enumerate()
        .map(|(i, l)| match (i, l.is_empty()) {
            (0, _) => format!("{first}{l}"),
            (_, true) => empty.to_string(),
            _ => format!("{rest}{l}"),
        })
        .collect::<Vec<_>>()
        .join("\n")
}

// ---------------------------------------------------------------------------------------
// Rendering and checks

/// Renders `mark` as `<span class="c" data-n="K">body</span>` and refuses other names;
/// records every request.
#[derive(Default)]
struct TestHost {
    asked: Mutex<Vec<(String, Option<u64>)>>,
}

impl Host for TestHost {
    fn resolve(&self, _target: &str) -> Option<String> {
        None
    }
    fn shortcode(&self, call: &Call, body: Option<&str>) -> Result<String, String> {
        let n = call.args.get("n").and_then(|v| v.as_u64());
        self.asked
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push((call.name.clone(), n));
        match call.name.as_str() {
            "mark" => Ok(format!(
                "<span class=\"c\" data-n=\"{}\">{}</span>",
                n.map_or("?".to_string(), |n| n.to_string()),
                body.unwrap_or("")
            )),
            other => Err(format!("unknown component `{other}`")),
        }
    }
}

type Asked = Vec<(String, Option<u64>)>;

fn render(doc: &Doc) -> Result<(Rendered, Asked), String> {
    let text = doc.text();
    let host = TestHost::default();
    let options = Options {
        smart_punctuation: false,
        highlight: false,
        anchor_links: Default::default(),
        anchors: Default::default(),
        // Math on: a call or code next to dollars must come out the same.
        math: true,
        search_text: true,
    };
    let highlighter = Highlighter::new("github-light", "catppuccin-mocha");
    *LAST_PANIC.lock().unwrap_or_else(|e| e.into_inner()) = None;
    let result = panic::catch_unwind(AssertUnwindSafe(|| {
        markdown::render(&text, 0, &options, &highlighter, &host)
    }));
    match result {
        Ok(r) => Ok((
            r,
            host.asked.into_inner().unwrap_or_else(|e| e.into_inner()),
        )),
        Err(payload) => Err(LAST_PANIC
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .take()
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .or_else(|| payload.downcast_ref::<&str>().map(|s| s.to_string()))
            .unwrap_or_else(|| "a panic".into())),
    }
}

struct Finding {
    class: String,
    detail: String,
}

fn check(doc: &Doc) -> Vec<Finding> {
    let mut out = Vec::new();
    let mut fail = |class: String, detail: String| out.push(Finding { class, detail });
    let (r, asked) = match render(doc) {
        Ok(x) => x,
        Err(message) => {
            let first = message.lines().next().unwrap_or("").to_string();
            let at = first.rsplit(" at ").next().unwrap_or("").to_string();
            fail(format!("render panics (at {at})"), message);
            return out;
        }
    };

    // Internal markers.
    let mut fields: Vec<(&str, String)> = vec![("html", r.html.clone())];
    if let Some(s) = &r.summary {
        fields.push(("summary", s.clone()));
    }
    fn toc(entries: &[markdown::TocEntry], out: &mut Vec<(&'static str, String)>) {
        for e in entries {
            out.push(("toc", format!("{} {}", e.id, e.title)));
            toc(&e.children, out);
        }
    }
    toc(&r.toc, &mut fields);
    fields.extend(r.anchors.iter().map(|a| ("anchors", a.clone())));
    for s in &r.sections {
        fields.push((
            "search sections",
            format!("{:?} {} {}", s.id, s.heading, s.text),
        ));
    }
    fields.extend(r.problems.iter().map(|p| ("problems", p.1.clone())));
    let input = doc.text();
    for (field, value) in &fields {
        let lower = value.to_lowercase();
        for marker in ["folioshortcode", "folio:more"] {
            if let Some(at) = lower.find(marker) {
                fail(
                    format!("internal marker `{marker}` leaks into {field}"),
                    format!("{field}: …{}…", around(value, at)),
                );
            }
        }
        if let Some(c) = value.chars().find(|&c| {
            ('\u{E000}'..='\u{F8FF}').contains(&c)
                || ((c == '\u{FFFC}' || c == '\u{FFFD}' || c == '\0') && !input.contains(c))
        }) {
            fail(
                format!("internal character leaks into {field}"),
                format!("{field} contains U+{:04X}: {value:?}", c as u32),
            );
        }
    }

    // Well-formed HTML.
    if let Err(e) = balanced(&r.html) {
        fail("malformed HTML".into(), e);
    }

    // Calls.
    let asked_for = |n: u64| asked.iter().filter(|(_, k)| *k == Some(n)).count();
    for e in doc.blocks.iter().flat_map(|b| &b.expects) {
        match e {
            Expect::InCode {
                n,
                region,
                shown,
                raw,
            } => {
                let (kind, within) = split_place(region);
                if asked_for(*n) > 0 {
                    fail(
                        format!("a call in {kind} is rendered by the host"),
                        format!("call n={n} in {region} was asked of the host"),
                    );
                } else if let Some(shown) = shown {
                    let escaped = escape(shown);
                    let found = if *raw {
                        r.html.contains(shown.as_str())
                    } else {
                        r.html.contains(&escaped)
                            || r.html.contains(&escaped.replace('"', "&quot;"))
                    };
                    if !found {
                        fail(
                            format!("a call in {kind} is not shown as written"),
                            format!(
                                "call n={n} in {region}: the output lacks {:?}",
                                if *raw { shown } else { &escaped }
                            ),
                        );
                        let _ = within;
                    }
                }
            }
            Expect::Live { n, known, place } => {
                let (kind, _) = split_place(place);
                let times = asked_for(*n);
                if times != 1 {
                    fail(
                        format!(
                            "a call in {kind} is asked of the host {} times",
                            if times == 0 { "0" } else { "2 or more" }
                        ),
                        format!("call n={n} in {place} was asked {times} times (once expected)"),
                    );
                } else if *known && !r.html.contains(&format!("data-n=\"{n}\"")) {
                    fail(
                        format!("a call in {kind} is rendered but missing from the output"),
                        format!(
                            "call n={n} in {place}: the output lacks its HTML (data-n=\"{n}\")"
                        ),
                    );
                }
            }
            Expect::Escaped { n, form, shown } => {
                if asked_for(*n) > 0 {
                    fail(
                        format!("an escaped call ({form}) is rendered by the host"),
                        format!("call n={n} was asked of the host"),
                    );
                } else if let Some(shown) = shown.as_ref().filter(|s| !r.html.contains(&escape(s)))
                {
                    fail(
                        format!("an escaped call ({form}) is not shown unescaped"),
                        format!("the output lacks {shown:?}"),
                    );
                }
            }
        }
    }
    out
}

/// `"inline code (2 backticks) in a paragraph in a list item"` → `("inline code", "a
/// paragraph in a list item")`: failure classes name the kind of region, details say where.
fn split_place(place: &str) -> (String, String) {
    let (kind, within) = place.split_once(" in ").unwrap_or((place, ""));
    let kind = match kind.find(" (") {
        Some(k) if kind.ends_with("backticks)") => &kind[..k],
        _ => kind,
    };
    (kind.to_string(), within.to_string())
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

fn around(s: &str, at: usize) -> String {
    let mut start = at.saturating_sub(60);
    while !s.is_char_boundary(start) {
        start -= 1;
    }
    let mut end = (at + 60).min(s.len());
    while !s.is_char_boundary(end) {
        end += 1;
    }
    s[start..end].to_string()
}

/// Whether every non-void element is closed, in order.
fn balanced(html: &str) -> Result<(), String> {
    let mut emitter = DefaultEmitter::<usize>::new_with_span();
    emitter.naively_switch_states(true);
    let mut open: Vec<(String, usize)> = Vec::new();
    for token in Tokenizer::new_with_emitter(html, emitter).flatten() {
        match token {
            Token::StartTag(tag) => {
                let name = String::from_utf8_lossy(&tag.name).into_owned();
                if !tag.self_closing && !VOID.contains(&name.as_str()) {
                    open.push((name, tag.span.start));
                }
            }
            Token::EndTag(tag) => {
                let name = String::from_utf8_lossy(&tag.name).into_owned();
                match open.pop() {
                    Some((top, _)) if top == name => {}
                    Some((top, at)) => {
                        return Err(format!(
                            "</{name}> at byte {} closes <{top}> (opened at byte {at}): …{}…",
                            tag.span.start,
                            around(html, tag.span.start)
                        ));
                    }
                    None => {
                        return Err(format!(
                            "</{name}> at byte {} closes nothing: …{}…",
                            tag.span.start,
                            around(html, tag.span.start)
                        ));
                    }
                }
            }
            _ => {}
        }
    }
    match open.last() {
        Some((name, at)) => Err(format!(
            "<{name}> at byte {at} is never closed: …{}…",
            around(html, *at)
        )),
        None => Ok(()),
    }
}

/// Drops every top-level block the failure of `class` does not need.
fn shrink(doc: &Doc, class: &str) -> Doc {
    let mut doc = doc.clone();
    let mut i = 0;
    while i < doc.blocks.len() && doc.blocks.len() > 1 {
        let mut fewer = doc.clone();
        fewer.blocks.remove(i);
        if check(&fewer).iter().any(|f| f.class == class) {
            doc = fewer;
        } else {
            i += 1;
        }
    }
    doc
}

#[test]
fn the_generator_and_checks_work() {
    // splitmix64's reference values for seed 1234567.
    let mut rng = Rng::raw(1234567);
    assert_eq!(rng.next(), 6457827717110365317);
    assert_eq!(rng.next(), 3203168211198807973);
    // Same seed, same document.
    assert_eq!(generate(7).text(), generate(7).text());
    assert!(balanced("<p>a<br><input type=checkbox><img src=x /></p>").is_ok());
    assert!(balanced("<p><em>a</p></em>").is_err());
    assert!(balanced("<div>").is_err());
    // A plain document passes every check.
    let doc = Doc {
        blocks: vec![
            Block {
                text: "alpha `{{ mark(n=1) }}`".into(),
                expects: vec![Expect::InCode {
                    n: 1,
                    region: "inline code".into(),
                    shown: Some("{{ mark(n=1) }}".into()),
                    raw: false,
                }],
            },
            Block {
                text: "```\n{{ mark(n=2) }}\n```".into(),
                expects: vec![Expect::InCode {
                    n: 2,
                    region: "fenced code".into(),
                    shown: Some("{{ mark(n=2) }}".into()),
                    raw: false,
                }],
            },
        ],
    };
    let findings: Vec<String> = check(&doc).into_iter().map(|f| f.detail).collect();
    assert!(findings.is_empty(), "{findings:?}");
}
