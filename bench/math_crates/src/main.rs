//! Converts every expression of a list with each TeX-to-MathML crate, counts the ones
//! each renders without error, times the whole list, and writes one HTML page per crate
//! (all its MathML, with the errors) for reading and for a look in a browser.

use std::fmt::Write as _;
use std::time::Instant;

/// One expression: its TeX and whether it is display math.
struct Expr {
    tex: String,
    display: bool,
}

/// A crate under test: its name and a function from an expression to MathML or an error.
type Convert = fn(&Expr) -> Result<String, String>;

fn pulldown_latex(e: &Expr) -> Result<String, String> {
    use pulldown_latex::config::DisplayMode;
    let storage = pulldown_latex::Storage::new();
    // Errors arrive as items of the parser's iterator: collect them first.
    let events: Vec<_> = pulldown_latex::Parser::new(&e.tex, &storage).collect();
    if let Some(Err(err)) = events.iter().find(|r| r.is_err()) {
        return Err(err.to_string().replace('\n', " "));
    }
    let mut out = String::new();
    let config = pulldown_latex::RenderConfig {
        display_mode: if e.display {
            DisplayMode::Block
        } else {
            DisplayMode::Inline
        },
        ..Default::default()
    };
    pulldown_latex::push_mathml(&mut out, events.into_iter(), config).map_err(|e| e.to_string())?;
    Ok(out)
}

fn math_core(e: &Expr) -> Result<String, String> {
    use math_core::{LatexToMathML, MathCoreConfig, MathDisplay};
    thread_local! {
        static CONVERTER: LatexToMathML =
            LatexToMathML::new(MathCoreConfig::default()).expect("no macros to parse");
    }
    let display = if e.display {
        MathDisplay::Block
    } else {
        MathDisplay::Inline
    };
    CONVERTER.with(|c| {
        c.convert_with_local_state(&e.tex, display)
            .map(|r| r.mathml)
            .map_err(|err| err.error_message())
    })
}

fn latex2mathml(e: &Expr) -> Result<String, String> {
    use latex2mathml::DisplayStyle;
    let display = if e.display {
        DisplayStyle::Block
    } else {
        DisplayStyle::Inline
    };
    let mathml = latex2mathml::latex_to_mathml(&e.tex, display).map_err(|err| err.to_string())?;
    // It reports an unknown command inside its output and returns success.
    match mathml.find("[PARSE ERROR") {
        Some(at) => Err(mathml[at..].chars().take_while(|&c| c != ']').collect()),
        None => Ok(mathml),
    }
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let list = args.get(1).map_or("expressions.txt", String::as_str);
    let out_dir = args.get(2).map_or("out", String::as_str);
    let text = std::fs::read_to_string(list).expect("the expression list is readable");
    let exprs: Vec<Expr> = text
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .map(|l| match l.strip_prefix("D ") {
            Some(tex) => Expr {
                tex: tex.to_string(),
                display: true,
            },
            None => Expr {
                tex: l.to_string(),
                display: false,
            },
        })
        .collect();
    std::fs::create_dir_all(out_dir).expect("the output folder can be made");
    let crates: [(&str, Convert); 3] = [
        ("pulldown-latex", pulldown_latex),
        ("math-core", math_core),
        ("latex2mathml", latex2mathml),
    ];
    println!("| crate | rendered without error | µs per expression (median of 9 runs of the list) | MathML bytes |");
    println!("|---|---|---|---|");
    for (name, convert) in crates {
        let results: Vec<Result<String, String>> = exprs.iter().map(convert).collect();
        let ok = results.iter().filter(|r| r.is_ok()).count();
        let bytes: usize = results
            .iter()
            .filter_map(|r| r.as_ref().ok())
            .map(String::len)
            .sum();
        let mut runs = Vec::new();
        for _ in 0..9 {
            let start = Instant::now();
            for _ in 0..50 {
                for e in &exprs {
                    std::hint::black_box(convert(e).ok());
                }
            }
            runs.push(start.elapsed().as_secs_f64() * 1e6 / (50.0 * exprs.len() as f64));
        }
        runs.sort_by(f64::total_cmp);
        println!(
            "| {name} | {ok}/{} | {:.1} | {bytes} |",
            exprs.len(),
            runs[4]
        );
        let mut page = format!(
            "<!doctype html><html lang=\"en\"><meta charset=\"utf-8\"><title>{name}</title>\
             <style>td{{border-bottom:1px solid #ccc;padding:4px 8px}}code{{font-size:12px}}</style>\
             <h1>{name}</h1><table>"
        );
        for (e, r) in exprs.iter().zip(&results) {
            let tex = e.tex.replace('&', "&amp;").replace('<', "&lt;");
            let cell = match r {
                Ok(m) => m.clone(),
                Err(msg) => format!(
                    "<b>error:</b> {}",
                    msg.replace('&', "&amp;").replace('<', "&lt;")
                ),
            };
            let _ = write!(page, "<tr><td><code>{tex}</code></td><td>{cell}</td></tr>");
        }
        page.push_str("</table>");
        std::fs::write(format!("{out_dir}/{name}.html"), page).expect("the page can be written");
        for (e, r) in exprs.iter().zip(&results) {
            if let Err(msg) = r {
                eprintln!(
                    "{name}: `{}`: {}",
                    e.tex,
                    msg.chars().take(120).collect::<String>()
                );
            }
        }
    }
}
