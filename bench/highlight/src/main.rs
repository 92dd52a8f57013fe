//! The highlighting study: highlights every block of a manifest (`gather.py`'s
//! `<set>.tsv`: language, path, lines) on one thread with one engine, and prints lines
//! per second of thread CPU time, with the one-time setup (grammar and theme loading)
//! counted apart.
//!
//! Engines:
//! - `giallo`: as folio did (dual theme, HTML renderer with class prefix `hl-`);
//! - `giallo-single`: one theme only (what the second theme's matching costs);
//! - `giallo-nomerge`: dual, without merging whitespace into tokens;
//! - `giallo-tokens`: dual, tokens only, no HTML (what rendering costs);
//! - `ts` (feature `ts`): tree-sitter through arborium's grammars, rendered per line
//!   into `hl-t-<tag>` classes (folio's renderer), giallo for the other languages;
//! - `arborium-html` (feature `ts`): arborium's own class renderer, for comparison.
//!
//! `hl-bench ENGINE MANIFEST [DUMP_DIR]` writes each block's HTML to DUMP_DIR when given.

use std::time::Duration;

use giallo::{HighlightOptions, HtmlRenderer, Registry, RenderOptions, ThemeVariant};

const LIGHT: &str = "github-light";
const DARK: &str = "catppuccin-mocha";

fn thread_cpu() -> Duration {
    let mut ts = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: a valid pointer to a timespec.
    unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut ts) };
    Duration::new(ts.tv_sec as u64, ts.tv_nsec as u32)
}

fn registry() -> Registry {
    let mut r = Registry::builtin().expect("giallo's builtin registry");
    r.link_grammars();
    r
}

fn giallo(r: &Registry, lang: &str, code: &str, mode: &str) -> Option<String> {
    if !r.contains_grammar(lang) {
        return None;
    }
    let theme = if mode == "giallo-single" {
        ThemeVariant::Single(LIGHT)
    } else {
        ThemeVariant::Dual {
            light: LIGHT,
            dark: DARK,
        }
    };
    let opts = HighlightOptions::new(lang, theme)
        .fallback_to_plain(true)
        .merge_whitespace(mode != "giallo-nomerge");
    let h = r.highlight(code, &opts).ok()?;
    if mode == "giallo-tokens" {
        return Some(format!("{}", h.tokens.len()));
    }
    let renderer = HtmlRenderer {
        css_class_prefix: Some("hl-".to_string()),
        add_color_scheme: false,
        ..Default::default()
    };
    Some(renderer.render(&h, &RenderOptions::default()))
}

#[cfg(feature = "ts")]
mod ts {
    use std::fmt::Write;

    use arborium::{Config, HtmlFormat};

    pub struct Ts {
        pub hl: arborium::Highlighter,
    }

    impl Ts {
        pub fn new(own: bool) -> Self {
            let config = Config {
                html_format: HtmlFormat::ClassNamesWithPrefix("hl-t".into()),
                // As folio: embedded languages one level deep.
                max_injection_depth: if own { 1 } else { 3 },
            };
            Ts {
                hl: arborium::Highlighter::with_config(config),
            }
        }

        /// folio's renderer: flat tokens, each line a `giallo-l` span, a token crossing
        /// a line end closed and reopened.
        pub fn render(&mut self, lang: &str, code: &str) -> Option<String> {
            let spans = self.hl.highlight_spans(lang, code).ok()?;
            let tokens = arborium_highlight::spans_to_flat_tokens(code, spans);
            let mut out = String::with_capacity(code.len() * 2 + 128);
            let _ = write!(
                out,
                "<pre class=\"giallo hl-l-code\"><code data-lang=\"{lang}\"><span class=\"giallo-l\">"
            );
            let mut pos = 0;
            let text = code.strip_suffix('\n').unwrap_or(code);
            for t in tokens {
                let (s, e) = (t.start as usize, (t.end as usize).min(text.len()));
                if s < pos || s >= e {
                    continue;
                }
                plain(&mut out, &text[pos..s]);
                for (i, piece) in text[s..e].split('\n').enumerate() {
                    if i > 0 {
                        out.push_str("</span>\n<span class=\"giallo-l\">");
                    }
                    if !piece.is_empty() {
                        let _ = write!(out, "<span class=\"hl-t-{}\">", t.tag);
                        escape(&mut out, piece);
                        out.push_str("</span>");
                    }
                }
                pos = e;
            }
            plain(&mut out, &text[pos..]);
            out.push_str("</span></code></pre>");
            Some(out)
        }

        pub fn own(&mut self, lang: &str, code: &str) -> Option<String> {
            self.hl.highlight(lang, code).ok()
        }
    }

    fn plain(out: &mut String, text: &str) {
        for (i, piece) in text.split('\n').enumerate() {
            if i > 0 {
                out.push_str("</span>\n<span class=\"giallo-l\">");
            }
            escape(out, piece);
        }
    }

    fn escape(out: &mut String, s: &str) {
        for c in s.chars() {
            match c {
                '<' => out.push_str("&lt;"),
                '>' => out.push_str("&gt;"),
                '&' => out.push_str("&amp;"),
                _ => out.push(c),
            }
        }
    }
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let engine = args.get(1).expect("ENGINE").as_str();
    let manifest = std::fs::read_to_string(args.get(2).expect("MANIFEST")).expect("manifest");
    let dump = args.get(3);
    let blocks: Vec<(String, String)> = manifest
        .lines()
        .map(|l| {
            let mut f = l.split('\t');
            let lang = f.next().unwrap().to_string();
            let code = std::fs::read_to_string(f.next().unwrap()).expect("block");
            (lang, code)
        })
        .collect();

    let t0 = thread_cpu();
    let reg = registry();
    #[cfg(feature = "ts")]
    let mut ts = ts::Ts::new(engine == "ts");
    let setup = thread_cpu() - t0;

    let (mut lines, mut ts_lines, mut plain_lines) = (0usize, 0usize, 0usize);
    let mut bytes = 0usize;
    let mut first_use = Duration::ZERO;
    let mut seen = std::collections::HashSet::new();
    let t1 = thread_cpu();
    for (i, (lang, code)) in blocks.iter().enumerate() {
        let n = code.lines().count();
        lines += n;
        let t = thread_cpu();
        let html = match engine {
            #[cfg(feature = "ts")]
            "ts" => match ts.render(lang, code) {
                Some(h) => {
                    ts_lines += n;
                    Some(h)
                }
                None => giallo(&reg, lang, code, "giallo"),
            },
            #[cfg(feature = "ts")]
            "arborium-html" => ts.own(lang, code).map(|h| {
                ts_lines += n;
                h
            }),
            e if e.starts_with("giallo") => giallo(&reg, lang, code, e),
            e => panic!("unknown engine {e}"),
        };
        // The first block of each language also pays for compiling its grammar.
        if seen.insert(lang.clone()) {
            first_use += thread_cpu() - t;
        }
        let html = html.unwrap_or_else(|| {
            plain_lines += n;
            code.clone()
        });
        bytes += html.len();
        if let Some(dir) = dump {
            std::fs::create_dir_all(dir).unwrap();
            std::fs::write(format!("{dir}/{i:05}.{lang}.html"), &html).unwrap();
        }
    }
    let work = thread_cpu() - t1;
    let total = work + setup;
    println!(
        "{engine}\tlines {lines}\tts_lines {ts_lines}\tplain_lines {plain_lines}\tsetup_s {:.3}\tfirst_use_s {:.3}\twork_s {:.3}\tlines_per_s {:.0}\tlines_per_s_with_setup {:.0}\thtml_bytes {bytes}",
        setup.as_secs_f64(),
        first_use.as_secs_f64(),
        work.as_secs_f64(),
        lines as f64 / work.as_secs_f64(),
        lines as f64 / total.as_secs_f64(),
    );
}
