//! Tests of the search index: tokens, shards, sizes and determinism.

use super::*;

fn section(id: Option<&str>, heading: &str, text: &str) -> TextSection {
    TextSection {
        id: id.map(str::to_string),
        heading: heading.into(),
        text: text.into(),
    }
}

fn file<'a>(files: &'a [OutputFile], path: &str) -> &'a str {
    let f = files
        .iter()
        .find(|f| f.path == path)
        .unwrap_or_else(|| panic!("no {path}"));
    std::str::from_utf8(&f.bytes).unwrap()
}

/// Decodes a posting list back to (section, score) pairs.
fn decode(s: &str) -> Vec<(u32, u8)> {
    let mut out = Vec::new();
    let (mut v, mut shift, mut sec) = (0u64, 0, 0u32);
    for b in s.bytes() {
        let d = VARINT.iter().position(|&x| x == b).unwrap() as u64;
        v |= (d & 31) << shift;
        shift += 5;
        if d < 32 {
            sec += (v >> SCORE_BITS) as u32;
            out.push((sec, (v & u64::from(MAX_SCORE)) as u8));
            v = 0;
            shift = 0;
        }
    }
    out
}

/// The posting list of `term` in the built files.
fn postings(files: &[OutputFile], term: &str) -> Option<Vec<(u32, u8)>> {
    let needle = format!("\"{term}\":\"");
    files
        .iter()
        .filter(|f| f.path.starts_with("search/t/"))
        .find_map(|f| {
            let text = std::str::from_utf8(&f.bytes).unwrap();
            let at = text.find(&needle)? + needle.len();
            let len = text[at..].find('"')?;
            Some(decode(&text[at..at + len]))
        })
}

#[test]
fn tokenizer_lowercases_and_splits() {
    assert_eq!(
        tokens("Hello, World! cache_renderer v2.0 naïve ÉCOLE"),
        [
            "hello", "world", "cache", "renderer", "v2", "0", "naïve", "école"
        ]
    );
    assert_eq!(tokens(&"x".repeat(40)), Vec::<String>::new());
    assert_eq!(tokens("  --  "), Vec::<String>::new());
}

#[test]
fn tokenizer_makes_cjk_bigrams() {
    assert_eq!(
        tokens("合肥市EV电动"),
        ["合", "肥", "合肥", "市", "肥市", "ev", "电", "动", "电动"]
    );
    assert_eq!(tokens("合，肥"), ["合", "肥"]);
    assert_eq!(tokens("カナ"), ["カ", "ナ", "カナ"]);
}

#[test]
fn js_order_sorts_by_utf16_units() {
    let mut v = vec!["b", "a", "ab", "\u{FF21}", "\u{20000}", "\u{4E00}"];
    v.sort_by(|a, b| js_order(a, b));
    assert_eq!(v, ["a", "ab", "b", "\u{4E00}", "\u{20000}", "\u{FF21}"]);
}

#[test]
fn postings_round_trip_and_rank_headings() {
    let a = [
        section(None, "", "Electric cars in Hefei."),
        section(Some("battery"), "Battery plants", "Cells and packs."),
    ];
    let b = [section(
        Some("x"),
        "Other",
        "nothing electric electric here",
    )];
    let docs = [
        Doc {
            url: "/repo/a/",
            title: "Hefei",
            breadcrumb: vec!["Home"],
            sections: &a,
        },
        Doc {
            url: "/repo/b/",
            title: "Empty",
            breadcrumb: vec!["Home", "Guide"],
            sections: &[],
        },
        Doc {
            url: "/repo/c/",
            title: "Other",
            breadcrumb: vec!["Home", "Guide"],
            sections: &b,
        },
    ];
    let files = build(&docs);
    let electric = postings(&files, "electric").unwrap();
    assert_eq!(electric.iter().map(|p| p.0).collect::<Vec<_>>(), [0, 3]);
    let battery = postings(&files, "battery").unwrap();
    assert_eq!(battery.len(), 1);
    assert_eq!(battery[0].0, 1);
    assert!(battery[0].1 > electric[0].1, "a heading outranks the body");
    // The page with no body is found by its title, as section 2.
    let empty = postings(&files, "empty").unwrap();
    assert_eq!(empty[0].0, 2);
    let hefei = postings(&files, "hefei").unwrap();
    assert!(
        hefei[0].1 > empty[0].1,
        "title and body outrank the title alone"
    );

    let store = file(&files, "search/d/0.js");
    assert!(store.starts_with("__folioSearch(\"d\",0,{\"s\":[[0,\"\",\"\",\"Electric cars in Hefei.\"],[0,\"battery\",\"Battery plants\""));
    assert!(store.contains(
        "\"p\":[[\"/repo/a/\",\"Hefei\",0],[\"/repo/b/\",\"Empty\",1],[\"/repo/c/\",\"Other\",1]],\"b\":[[\"Home\"],[\"Home\",\"Guide\"]]"
    ));
    let meta = file(&files, "search/meta.js");
    assert!(meta.contains("\"n\":4,\"q\":4,\"s\":32,\"f\":1,"), "{meta}");
    assert!(meta.ends_with(",\"t\":[\"\"]});\n"), "{meta}");
    // The unspaced scripts, for a JavaScript regular expression class.
    let json = &meta[meta.find('{').unwrap()..meta.rfind(')').unwrap()];
    let value: serde_json::Value = serde_json::from_str(json).unwrap();
    let class = value["u"].as_str().unwrap();
    assert!(class.starts_with("\\u{e00}-\\u{eff}\\u{1000}-"), "{class}");
    assert!(class.ends_with("\\u{20000}-\\u{2fa1f}"), "{class}");
}

fn corpus(pages: usize) -> (Vec<Vec<TextSection>>, Vec<String>) {
    let words = [
        "alpha",
        "build",
        "cache",
        "deploy",
        "electric",
        "feed",
        "graph",
        "hefei",
        "index",
        "json",
        "kernel",
        "layout",
        "合肥",
        "电动车",
        "pipeline",
        "query",
    ];
    let mut bodies = Vec::new();
    let mut urls = Vec::new();
    for p in 0..pages {
        let mut secs = Vec::new();
        for s in 0..4 {
            let text: Vec<String> = (0..60)
                .map(|w| format!("{}{}", words[(p * 7 + s * 3 + w * w) % words.len()], w % 9))
                .collect();
            secs.push(section(
                (s > 0).then(|| format!("h{s}")).as_deref(),
                words[(p + s) % words.len()],
                &text.join(" "),
            ));
        }
        bodies.push(secs);
        urls.push(format!("/docs/p{p}/"));
    }
    (bodies, urls)
}

fn docs<'a>(bodies: &'a [Vec<TextSection>], urls: &'a [String]) -> Vec<Doc<'a>> {
    bodies
        .iter()
        .zip(urls)
        .map(|(b, u)| Doc {
            url: u,
            title: "Page",
            breadcrumb: vec!["Docs"],
            sections: b,
        })
        .collect()
}

#[test]
fn shards_partition_terms_and_sections() {
    let (bodies, urls) = corpus(600);
    let files = build(&docs(&bodies, &urls));
    let stores = files
        .iter()
        .filter(|f| f.path.starts_with("search/d/"))
        .count();
    assert_eq!(stores, (600 * 4usize).div_ceil(STORE_SECTIONS));
    let shards: Vec<&OutputFile> = files
        .iter()
        .filter(|f| f.path.starts_with("search/t/"))
        .collect();
    assert!(shards.len() > 2, "{} term shards", shards.len());
    for f in &shards {
        // One term may exceed the target on its own; no shard holds two such.
        assert!(f.bytes.len() < 3 * TERM_SHARD_BYTES, "{}", f.path);
    }
    // Each shard's key sorts after the previous shard's last term and at or before
    // its own first term.
    let meta = file(&files, "search/meta.js");
    let keys: Vec<String> = {
        let at = meta.find("\"t\":").unwrap() + 4;
        let end = meta.rfind("});").unwrap();
        serde_json::from_str(&meta[at..end]).unwrap()
    };
    assert_eq!(keys.len(), shards.len());
    for (n, key) in keys.iter().enumerate() {
        let text = file(&files, &format!("search/t/{n}.js"));
        let json = &text[text.find('{').unwrap()..text.rfind(')').unwrap()];
        let map: serde_json::Map<String, serde_json::Value> = serde_json::from_str(json).unwrap();
        // Stem groups sit under their stem after a space.
        let texts: Vec<&str> = map
            .keys()
            .map(|k| k.strip_prefix(' ').unwrap_or(k))
            .collect();
        let first = texts.iter().min_by(|a, b| js_order(a, b)).unwrap();
        assert!(js_order(key, first) != Ordering::Greater, "{key} > {first}");
        if n + 1 < keys.len() {
            let last = texts.iter().max_by(|a, b| js_order(a, b)).unwrap();
            assert_eq!(js_order(last, &keys[n + 1]), Ordering::Less);
        }
    }
    // CJK bigrams are terms of their own.
    assert!(postings(&files, "合肥").is_some());
    assert!(postings(&files, "动车").is_some());
}

#[test]
fn same_input_same_bytes() {
    let (bodies, urls) = corpus(300);
    let a = build(&docs(&bodies, &urls));
    let b = build(&docs(&bodies, &urls));
    assert_eq!(a, b);
    let (bodies2, _) = corpus(301);
    let c = build(&docs(&bodies2[1..], &urls[..300]));
    assert_ne!(file(&a, "search/meta.js"), file(&c, "search/meta.js"));
}

#[test]
fn index_is_small_next_to_the_text() {
    let (bodies, urls) = corpus(1000);
    let files = build(&docs(&bodies, &urls));
    let text: usize = bodies.iter().flatten().map(|s| s.text.len()).sum();
    let index: usize = files.iter().map(|f| f.bytes.len()).sum();
    assert!(index < text, "index {index} bytes for {text} bytes of text");
    let meta = file(&files, "search/meta.js");
    assert!(meta.len() < 4096, "meta.js is {} bytes", meta.len());
    let largest = files.iter().map(|f| f.bytes.len()).max().unwrap();
    assert!(largest < 64 * 1024, "a shard of {largest} bytes");
}

#[test]
fn excerpts_and_json() {
    assert_eq!(excerpt("short"), ("short", false));
    let long = "word ".repeat(100);
    let (e, cut) = excerpt(&long);
    assert!(cut && e.ends_with("word"), "{e}");
    assert!(e.len() <= EXCERPT_CHARS);
    let han = "合".repeat(300);
    assert_eq!(excerpt(&han).0.chars().count(), EXCERPT_CHARS);
    let mut s = String::new();
    push_json(&mut s, "a\"b\\c\n\u{1}\u{2028}é");
    assert_eq!(s, "\"a\\\"b\\\\c\\n\\u0001\\u2028é\"");
    let back: String = serde_json::from_str(&s).unwrap();
    assert_eq!(back, "a\"b\\c\n\u{1}\u{2028}é");
}

#[test]
fn no_docs_still_writes_meta() {
    let files = build(&[]);
    assert_eq!(files.len(), 3);
    assert!(file(&files, "search/f/0.js").starts_with("__folioSearch(\"f\",0,{});"));
    assert!(file(&files, "search/meta.js").contains("\"n\":0"));
}

/// The stem groups of the built files: stem → words.
fn groups(files: &[OutputFile]) -> BTreeMap<String, Vec<String>> {
    let mut out = BTreeMap::new();
    for f in files.iter().filter(|f| f.path.starts_with("search/t/")) {
        let text = std::str::from_utf8(&f.bytes).unwrap();
        let json = &text[text.find('{').unwrap()..text.rfind(')').unwrap()];
        let map: serde_json::Map<String, serde_json::Value> = serde_json::from_str(json).unwrap();
        for (k, v) in map {
            let Some(stem) = k.strip_prefix(' ') else {
                continue;
            };
            let words = v
                .as_str()
                .unwrap()
                .split(' ')
                .map(|w| match w.as_bytes().first() {
                    Some(d @ b'1'..=b'9') => {
                        format!("{}{}", &stem[..stem.len() - usize::from(d - b'0')], &w[1..])
                    }
                    _ => format!("{stem}{w}"),
                });
            out.insert(stem.to_string(), words.collect());
        }
    }
    out
}

#[test]
fn stem_groups_list_every_word_of_a_stem_next_to_it() {
    let a = [section(
        None,
        "Subsidies",
        "A subsidy, two subsidies; partnerships and a partnership. Cars, car, 合肥, naïve, running.",
    )];
    let docs = [Doc {
        url: "/a/",
        title: "Page",
        breadcrumb: vec![],
        sections: &a,
    }];
    let files = build(&docs);
    let groups = groups(&files);
    assert_eq!(groups["subsidi"], ["subsidies", "subsidy"]);
    assert_eq!(groups["partnership"], ["partnership", "partnerships"]);
    assert_eq!(groups["car"], ["car", "cars"]);
    assert_eq!(groups["run"], ["running"]);
    // A word that is its own stem, and no other word has, needs no group; nor do
    // CJK terms and words with other letters.
    for word in ["page", "two", "合肥", "naïve", "a"] {
        assert!(!groups.contains_key(word), "{word}: {groups:?}");
    }
    // Every word stays a term of its own, for exact matches.
    for word in ["subsidy", "subsidies", "cars", "running"] {
        assert!(postings(&files, word).is_some(), "{word}");
    }
}

#[test]
fn typo_files_list_words_under_both_ends() {
    let a = [section(
        None,
        "",
        "Volkswagen builds a car in Hefei; naïve écoles.",
    )];
    let docs = [Doc {
        url: "/a/",
        title: "Page",
        breadcrumb: vec![],
        sections: &a,
    }];
    let files = build(&docs);
    let meta = file(&files, "search/meta.js");
    assert!(meta.contains("\"f\":1,"), "{meta}");
    let typos = file(&files, "search/f/0.js");
    let json = &typos[typos.find('{').unwrap()..typos.rfind(')').unwrap()];
    let map: BTreeMap<String, String> = serde_json::from_str(json).unwrap();
    assert_eq!(map["^vo"], "lkswagen");
    assert_eq!(map["$en"], "volkswag");
    assert_eq!(map["^bu"], "ilds");
    assert_eq!(map["$es"], "écol");
    assert_eq!(map["^na"], "ïve");
    // Words too short for a query of five letters to reach in one edit.
    assert!(
        !map.contains_key("^ca") && !map.contains_key("$ar"),
        "{map:?}"
    );
}

#[test]
fn typo_buckets_spread_over_files_by_hash() {
    // 4,000 words of letters, from a fixed seed.
    let mut seed = 42u64;
    let words: Vec<String> = (0..4000)
        .map(|_| {
            (0..7)
                .map(|_| {
                    seed = seed
                        .wrapping_mul(6364136223846793005)
                        .wrapping_add(1442695040888963407);
                    char::from(b'a' + (seed >> 33) as u8 % 26)
                })
                .collect()
        })
        .collect();
    let a = [section(None, "", &words.join(" "))];
    let docs = [Doc {
        url: "/a/",
        title: "Page",
        breadcrumb: vec![],
        sections: &a,
    }];
    let files = build(&docs);
    let n = files
        .iter()
        .filter(|f| f.path.starts_with("search/f/"))
        .count();
    assert!(n > 3, "{n} typo files");
    let meta = file(&files, "search/meta.js");
    assert!(meta.contains(&format!("\"f\":{n},")), "{meta}");
    for i in 0..n {
        let text = file(&files, &format!("search/f/{i}.js"));
        let json = &text[text.find('{').unwrap()..text.rfind(')').unwrap()];
        let map: BTreeMap<String, String> = serde_json::from_str(json).unwrap();
        for key in map.keys() {
            assert_eq!(typo_file(key, n), i, "{key}");
        }
    }
}
