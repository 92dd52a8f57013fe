//! The English stemmer of the search index (`folio::search::stem`, through
//! rust-stemmers) against the one the theme's `static/js/words.js` writes out, run
//! under node: both must give every word the same stem, or a query would miss the
//! words the index grouped under a stem.
//!
//! The words: every word of the shipped site's `content/`, Snowball's own English
//! vocabulary (the 29,417 words rust-stemmers tests itself with, read from its source
//! in cargo's registry), the words Snowball's rules treat as exceptions, and 30,000
//! seeded words built from letters and the suffixes the rules strip.

use std::collections::BTreeSet;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use crate::util::{Rng, read};

/// Words each rule of Snowball's English stemmer treats apart.
const EDGE_CASES: &str = "skis skies sky dying lying tying idly gently ugly early only singly \
    news howe atlas cosmos bias andes inning innings outing outings canning cannings herring \
    herrings earring earrings proceed proceeds exceed exceeded succeed succeeding generate \
    generously general communism communal community arsenal arsenic yes yay boyish sayings \
    youth yelled bowed hoped hopped hoping hopping agreed feed feedly bleed ties cries died \
    gas gaps this kiwis caress caresses ponies hopeful hopefulness luxuriate luxuriating \
    relational conditional valenci hesitanci digitizer conformabli radicalli differentli \
    vileli analogousli vietnamization predication operator feudalism decisiveness hopefulness \
    callousness formaliti sensitiviti sensibiliti fruitlessli fulli logi archeology \
    triplicate formative formalize electriciti electrical hopeful goodness revival allowance \
    inference airliner gyroscopic adjustable defensible irritant replacement adjustment \
    dependent adoption homologou communism activate angulariti homologous effective bowdlerize \
    probate rate cease controll roll fluently happily crying flying eyeing";

#[test]
fn the_browser_stems_every_word_as_the_index_does() {
    let mut words: BTreeSet<String> = BTreeSet::new();
    // The shipped site.
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut content = 0;
    for entry in walkdir::WalkDir::new(repo.join("content")) {
        let entry = entry.expect("a readable entry under content/");
        if entry.path().extension().is_some_and(|e| e == "md") {
            words.extend(folio::search::tokens(&read(entry.path())));
            content += 1;
        }
    }
    assert!(content > 10, "only {content} Markdown files under content/");
    // Snowball's vocabulary.
    let vocabulary = read(&snowball_vocabulary());
    let before = words.len();
    words.extend(vocabulary.lines().map(str::to_string));
    assert!(
        words.len() > before + 20_000,
        "Snowball's vocabulary is missing"
    );
    words.extend(EDGE_CASES.split_whitespace().map(str::to_string));
    words.extend(generated(30_000));
    words.retain(|w| !w.is_empty());

    let words: Vec<String> = words.into_iter().collect();
    let js = node_stems(repo, &words);
    assert_eq!(js.len(), words.len(), "node gave one stem per word");
    let mut differ = Vec::new();
    let mut changed = 0;
    for (word, theirs) in words.iter().zip(&js) {
        let ours = folio::search::stem(word);
        changed += usize::from(ours != word.as_str());
        if ours != theirs.as_str() {
            differ.push(format!("{word}: index {ours}, browser {theirs}"));
        }
    }
    assert!(
        differ.is_empty(),
        "{} of {} words stem differently, the first:\n{}",
        differ.len(),
        words.len(),
        differ[..differ.len().min(30)].join("\n")
    );
    // The stemmer did something: most English words lose an ending.
    assert!(
        changed > words.len() / 3,
        "{changed} of {} words stemmed",
        words.len()
    );
}

/// `test_data/voc_en.txt` in the source of the rust-stemmers that folio is built with.
fn snowball_vocabulary() -> PathBuf {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let out = Command::new(cargo)
        .args([
            "metadata",
            "--format-version",
            "1",
            // Not `--offline`: the metadata of every platform's packages is needed,
            // and a fresh machine has downloaded only its own platform's.
            "--locked",
            "--manifest-path",
        ])
        .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("Cargo.toml"))
        .output()
        .expect("cargo metadata runs");
    assert!(
        out.status.success(),
        "cargo metadata failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let meta: serde_json::Value = serde_json::from_slice(&out.stdout).expect("cargo's JSON");
    let manifest = meta["packages"]
        .as_array()
        .expect("packages")
        .iter()
        .find(|p| p["name"] == "rust-stemmers")
        .and_then(|p| p["manifest_path"].as_str())
        .expect("rust-stemmers among the packages");
    Path::new(manifest)
        .parent()
        .expect("the crate's folder")
        .join("test_data/voc_en.txt")
}

/// Seeded words: a few letters (vowels and consonants mixed like English) with, most
/// of the time, one or two of the endings Snowball's rules look at.
fn generated(n: usize) -> Vec<String> {
    const ENDINGS: &[&str] = &[
        "s", "es", "ies", "ied", "sses", "ss", "us", "ed", "edly", "eed", "eedly", "ing", "ingly",
        "y", "ly", "li", "tional", "ational", "enci", "anci", "abli", "entli", "izer", "ization",
        "ation", "ator", "alism", "aliti", "alli", "fulness", "ousli", "ousness", "iveness",
        "iviti", "biliti", "bli", "ogi", "logi", "fulli", "lessli", "alize", "icate", "iciti",
        "ical", "ful", "ness", "ative", "al", "ance", "ence", "er", "ic", "able", "ible", "ant",
        "ement", "ment", "ent", "ism", "ate", "iti", "ous", "ive", "ize", "ion", "sion", "tion",
        "e", "le", "ll", "at", "bl", "iz", "bb", "dd", "ff", "gg", "mm", "nn", "pp", "rr", "tt",
    ];
    const PREFIXES: &[&str] = &["", "", "", "", "gener", "commun", "arsen", "y", "re", "un"];
    let (vowels, consonants) = ("aeiouy", "bcdfghjklmnpqrstvwxyz");
    let mut rng = Rng::new(20_26);
    (0..n)
        .map(|_| {
            let mut w = rng.pick(PREFIXES).to_string();
            for _ in 0..1 + rng.below(6) {
                let from = if rng.chance(40) { vowels } else { consonants };
                w.push(from.as_bytes()[rng.below(from.len())] as char);
            }
            for _ in 0..rng.below(3) {
                w.push_str(rng.pick(ENDINGS));
            }
            w
        })
        .collect()
}

/// The stem of each word by `words.js`, which exposes its stemmer as
/// `globalThis.__folioWords.stem`.
fn node_stems(repo: &Path, words: &[String]) -> Vec<String> {
    let script = repo.join("themes/folio/static/js/words.js");
    let program = "const fs = require('fs'); \
        require('vm').runInThisContext(fs.readFileSync(process.argv[1], 'utf8')); \
        const words = fs.readFileSync(0, 'utf8').split('\\n'); words.pop(); \
        process.stdout.write(words.map((w) => __folioWords.stem(w)).join('\\n') + '\\n');";
    let mut child = Command::new("node")
        .args(["-e", program])
        .arg(&script)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("node runs (install Node.js 20)");
    let mut input = words.join("\n");
    input.push('\n');
    let mut stdin = child.stdin.take().expect("node's stdin");
    let writer = std::thread::spawn(move || stdin.write_all(input.as_bytes()));
    let out = child.wait_with_output().expect("node's output");
    writer
        .join()
        .expect("the writer")
        .expect("words written to node");
    assert!(
        out.status.success(),
        "node failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout)
        .expect("UTF-8 from node")
        .lines()
        .map(str::to_string)
        .collect()
}
