//! The full-text search index: built once per build from the plain text of each page's
//! sections, read in the browser by the theme's `static/js/search.js`.
//!
//! Nothing is built at runtime and nothing is one big file. `build` writes, under
//! `search/`:
//! - `meta.js`: the number of sections, the store shard size, the number of typo files,
//!   the unspaced scripts, and the first term of each term shard (a sorted range
//!   partition, so a term's shard is a binary search away);
//! - `t/<n>.js`: term shards, `{"term": "<postings>", …, " stem": "<variants>", …}`. A
//!   posting list holds the sections that contain the term, ascending, each as
//!   `delta << SCORE_BITS | score` written as a base-64 varint (5 bits per character,
//!   the sixth says "more follows"). A stem group, under its stem after a space, lists
//!   the terms with that stem (`stem::variant`); it sits in the shard whose range holds
//!   the stem, beside the term of the same text if there is one;
//! - `f/<n>.js`: typo files, `{"^vo": "lkswagen …", "$en": "volkswag …"}`: every word of
//!   four letters or more under its first two letters and under its last two
//!   (`stem::typo_keys`), each bucket in the file its key hashes to (`stem::typo_file`);
//! - `d/<n>.js`: store shards of `STORE_SECTIONS` sections each: the pages they belong
//!   to (URL, title, breadcrumb) and, per section, its heading id, heading and excerpt.
//!
//! Every file is a script that calls the global `__folioSearch(kind, n, data)`, so the
//! search box can load shards with `<script>` tags, which also works from `file://`.
//!
//! Tokens are lowercased runs of letters and digits; runs of scripts written without
//! spaces (Chinese, Japanese, Korean, Thai, …) become every character and every pair of
//! neighbouring characters. `search.js` splits queries by the same rules. Which pages
//! are indexed (no drafts, no `in_search_index = false`) is the caller's choice.
//!
//! Terms are indexed as written, so an exact match can outrank the rest. For each query
//! word the search box loads `meta.js` once, then:
//! - the word's shard (the word as typed, weight 1);
//! - its stem's shard, whose group names the other words of the stem (weight 0.75),
//!   and their shards: the words of a stem share all but the last letters or two of it,
//!   so these are nearly always the same shard. Words of `a`–`z` only are stemmed
//!   (Snowball's English, `stem::stem`), never numbers, other letters or CJK terms;
//! - for the unfinished last word, the shards of the words it starts (weight 0.6);
//! - if all that found nothing and the word has `TYPO_MIN_CHARS` letters or more, the
//!   typo files of its two keys, and the shards of the words there one edit away
//!   (insert, delete, substitute, swap two neighbours; weight 0.5). A word one edit
//!   away keeps the first two letters or the last two of a word that long, so the two
//!   buckets hold every candidate, a typo in the first letter included. For the
//!   unfinished last word only the first bucket applies, matching starts of words.
//!
//! Then one store shard per result shown.

use std::borrow::Cow;
use std::cmp::Ordering;
use std::collections::{BTreeMap, HashMap};
use std::fmt::Write as _;
use std::sync::{Arc, Mutex};

use rayon::prelude::*;
use xxhash_rust::xxh3::{Xxh3, xxh3_128};

use crate::markdown::TextSection;
use crate::render::OutputFile;

mod stem;
#[cfg(test)]
mod tests;
mod tokens;

pub use stem::{TYPO_MIN_CHARS, stem};
use stem::{typo_file, typo_keys, variant};
pub use tokens::tokens;
use tokens::*;

/// One page for the index.
pub struct Doc<'a> {
    /// Root-relative URL including the deploy sub-path, e.g. `/repo/a/b/`.
    pub url: &'a str,
    pub title: &'a str,
    /// Titles of the ancestor sections, from the root down.
    pub breadcrumb: Vec<&'a str>,
    /// The page's text split by heading.
    pub sections: &'a [TextSection],
}

/// Output folder of the index.
pub const DIR: &str = "search";
/// Changes whenever the files' format does, so that browsers fetch shards anew.
const FORMAT: u32 = 2;
/// Bits of a posting that hold the section's score for the term (1 to 15).
const SCORE_BITS: u32 = 4;
const MAX_SCORE: u32 = (1 << SCORE_BITS) - 1;
/// Sections per store shard.
const STORE_SECTIONS: usize = 32;
/// A term shard is closed once it holds this many bytes.
const TERM_SHARD_BYTES: usize = 16 * 1024;
/// The typo files share the buckets out so that each holds about this many bytes.
const TYPO_FILE_BYTES: usize = 8 * 1024;
/// Characters of section text kept for the result snippet.
const EXCERPT_CHARS: usize = 200;
/// Words longer than this (hashes, base64) are left out of the index and of queries.
const MAX_WORD_CHARS: usize = 32;
/// Pages tokenized together by one task; fixed, so the output does not depend on the
/// number of threads.
const DOCS_PER_CHUNK: usize = 128;
const VARINT: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/// Builds the index files (paths under `search/`) for `docs`, given in reading order.
///
/// The pieces of the last index built stay in memory, keyed by a hash of their input,
/// so that the rebuild after an edit in `folio serve` redoes only what the edit touched.
pub fn build(docs: &[Doc]) -> Vec<OutputFile> {
    static LAST: Mutex<Option<Cache>> = Mutex::new(None);
    let old = LAST
        .lock()
        .ok()
        .and_then(|mut c| c.take())
        .unwrap_or_default();
    let (files, cache) = build_with(docs, &old);
    drop(old);
    if let Ok(mut last) = LAST.lock() {
        *last = Some(cache);
    }
    files
}

/// Index pieces by the hash of their input.
#[derive(Default)]
struct Cache {
    chunks: HashMap<u128, Arc<Chunk>>,
    stores: HashMap<u128, Arc<Vec<u8>>>,
}

fn build_with(docs: &[Doc], old: &Cache) -> (Vec<OutputFile>, Cache) {
    // Every page gets at least one section, so a page with an empty body is still
    // found by its title.
    let mut first_section = Vec::with_capacity(docs.len() + 1);
    let mut sections: Vec<(u32, Option<&TextSection>)> = Vec::new();
    for (i, doc) in docs.iter().enumerate() {
        first_section.push(sections.len() as u32);
        if doc.sections.is_empty() {
            sections.push((i as u32, None));
        }
        sections.extend(doc.sections.iter().map(|s| (i as u32, Some(s))));
    }

    let chunks: Vec<(u128, Arc<Chunk>)> = docs
        .par_chunks(DOCS_PER_CHUNK)
        .map(|part| {
            let key = chunk_key(part);
            let chunk = match old.chunks.get(&key) {
                Some(c) => c.clone(),
                None => Arc::new(index_chunk(part)),
            };
            (key, chunk)
        })
        .collect();
    let offsets: Vec<u32> = (0..chunks.len())
        .map(|c| first_section[c * DOCS_PER_CHUNK])
        .collect();
    let terms = merge(&chunks, &offsets);
    let groups = stem_groups(&terms);
    let mut files: Vec<OutputFile> = Vec::new();
    let keys = term_shards(&terms, &groups, &mut files);
    let typo_files = typo_files(&terms, &mut files);

    let stores: Vec<(u128, Arc<Vec<u8>>)> = sections
        .par_chunks(STORE_SECTIONS)
        .enumerate()
        .map(|(n, part)| {
            let key = store_key(n, part, docs);
            let bytes = match old.stores.get(&key) {
                Some(b) => b.clone(),
                None => Arc::new(store_shard(n, part, docs)),
            };
            (key, bytes)
        })
        .collect();
    files.extend(stores.iter().enumerate().map(|(n, (_, b))| OutputFile {
        path: format!("{DIR}/d/{n}.js"),
        bytes: b.to_vec(),
    }));

    // Every file follows from the pieces' inputs and the format, so their hashes make
    // the version that `search.js` adds to shard URLs, past any stale cached copy.
    let mut version = Xxh3::new();
    version.update(&FORMAT.to_le_bytes());
    for key in chunks.iter().map(|c| c.0).chain(stores.iter().map(|s| s.0)) {
        version.update(&key.to_le_bytes());
    }
    let mut meta = format!(
        "__folioSearch(\"m\",0,{{\"v\":\"{:012x}\",\"n\":{},\"q\":{SCORE_BITS},\"s\":{STORE_SECTIONS},\"f\":{typo_files},\"u\":\"{}\",\"t\":[",
        version.digest() & 0xffff_ffff_ffff,
        sections.len(),
        unspaced_class(),
    );
    for (i, k) in keys.iter().enumerate() {
        if i > 0 {
            meta.push(',');
        }
        push_json(&mut meta, k);
    }
    meta.push_str("]});\n");
    files.insert(
        0,
        OutputFile {
            path: format!("{DIR}/meta.js"),
            bytes: meta.into_bytes(),
        },
    );
    let cache = Cache {
        chunks: chunks.into_iter().collect(),
        stores: stores.into_iter().collect(),
    };
    (files, cache)
}

/// What a chunk's index depends on: titles, headings and text.
fn chunk_key(docs: &[Doc]) -> u128 {
    let mut digests: Vec<u8> = Vec::with_capacity(docs.len() * 64);
    for doc in docs {
        digests.extend_from_slice(&xxh3_128(doc.title.as_bytes()).to_le_bytes());
        digests.extend_from_slice(&(doc.sections.len() as u64).to_le_bytes());
        for s in doc.sections {
            digests.extend_from_slice(&xxh3_128(s.heading.as_bytes()).to_le_bytes());
            digests.extend_from_slice(&xxh3_128(s.text.as_bytes()).to_le_bytes());
        }
    }
    xxh3_128(&digests)
}

/// What a store shard depends on.
fn store_key(n: usize, part: &[(u32, Option<&TextSection>)], docs: &[Doc]) -> u128 {
    let mut digests: Vec<u8> = Vec::with_capacity(part.len() * 64);
    digests.extend_from_slice(&(n as u64).to_le_bytes());
    let mut last = None;
    let field = |digests: &mut Vec<u8>, s: &str| {
        digests.extend_from_slice(&xxh3_128(s.as_bytes()).to_le_bytes());
    };
    for &(doc, section) in part {
        if last != Some(doc) {
            let d = &docs[doc as usize];
            digests.push(1);
            for s in [d.url, d.title].iter().chain(&d.breadcrumb) {
                field(&mut digests, s);
            }
            last = Some(doc);
        }
        digests.push(2);
        if let Some(s) = section {
            for t in [
                s.id.as_deref().unwrap_or(""),
                &s.heading,
                excerpt(&s.text).0,
            ] {
                field(&mut digests, t);
            }
        }
    }
    xxh3_128(&digests)
}

/// A term's first 16 bytes, zero-padded, as two words: most terms fit, so comparing
/// keys usually settles equality without touching the text.
fn key(s: &[u8]) -> [u64; 2] {
    let part = |x: &[u8]| x.iter().rev().fold(0u64, |w, &b| w << 8 | u64::from(b));
    let full = |x: &[u8]| x.try_into().map_or(0, u64::from_le_bytes);
    match s.len() {
        0..=7 => [part(s), 0],
        8 => [full(s), 0],
        9..=15 => [full(&s[..8]), part(&s[8..])],
        _ => [full(&s[..8]), full(&s[8..16])],
    }
}

/// A fast hash of a term and its key: the multiply-rotate step of rustc's Fx hash, a
/// word at a time. Tables index by its top bits, the well-mixed ones.
fn hash(s: &[u8], k: [u64; 2]) -> u64 {
    const K: u64 = 0x517c_c1b7_2722_0a95;
    let mix = |h: u64, w: u64| (h.rotate_left(5) ^ w).wrapping_mul(K);
    let mut h = mix(mix(s.len() as u64, k[0]), k[1]);
    if s.len() > 16 {
        for w in s[16..].chunks(8) {
            h = mix(h, w.iter().rev().fold(0u64, |x, &b| x << 8 | u64::from(b)));
        }
    }
    h
}

#[derive(Clone, Copy, Default)]
struct Slot {
    key: [u64; 2],
    len: u32,
    /// Number of the string + 1; 0 for an empty slot.
    id: u32,
}

/// Distinct strings numbered in order of first appearance: an open-addressing table
/// over one text buffer, so interning a token seen before allocates nothing and
/// usually reads one slot.
struct Interner {
    /// A power of two long, at most half full.
    slots: Vec<Slot>,
    shift: u32,
    /// End of each string in `text`; it starts where the previous one ends.
    ends: Vec<usize>,
    text: String,
}

impl Interner {
    fn new() -> Self {
        Interner {
            slots: vec![Slot::default(); 1 << 12],
            shift: 64 - 12,
            ends: Vec::new(),
            text: String::new(),
        }
    }

    fn len(&self) -> usize {
        self.ends.len()
    }

    fn get(&self, id: usize) -> &str {
        let start = if id == 0 { 0 } else { self.ends[id - 1] };
        &self.text[start..self.ends[id]]
    }

    /// The slot holding `s`, or the empty slot where it goes.
    fn slot(&self, s: &str, k: [u64; 2]) -> usize {
        let mask = self.slots.len() - 1;
        let mut i = (hash(s.as_bytes(), k) >> self.shift) as usize;
        loop {
            let e = &self.slots[i];
            if e.id == 0
                || (e.key == k
                    && e.len as usize == s.len()
                    && (s.len() <= 16 || self.get(e.id as usize - 1) == s))
            {
                return i;
            }
            i = (i + 1) & mask;
        }
    }

    fn find(&self, s: &str) -> Option<usize> {
        let e = self.slots[self.slot(s, key(s.as_bytes()))].id as usize;
        e.checked_sub(1)
    }

    fn intern(&mut self, s: &str) -> usize {
        let k = key(s.as_bytes());
        let i = self.slot(s, k);
        if self.slots[i].id != 0 {
            return self.slots[i].id as usize - 1;
        }
        let id = self.len();
        self.text.push_str(s);
        self.ends.push(self.text.len());
        self.slots[i] = Slot {
            key: k,
            len: s.len() as u32,
            id: id as u32 + 1,
        };
        if self.len() * 2 > self.slots.len() {
            self.shift -= 1;
            let mask = self.slots.len() * 2 - 1;
            let old = std::mem::replace(&mut self.slots, vec![Slot::default(); mask + 1]);
            for e in old.into_iter().filter(|e| e.id != 0) {
                let t = self.get(e.id as usize - 1).as_bytes();
                let mut i = (hash(t, e.key) >> self.shift) as usize;
                while self.slots[i].id != 0 {
                    i = (i + 1) & mask;
                }
                self.slots[i] = e;
            }
        }
        id
    }
}

/// The index of a run of pages: its terms, numbered locally, each with its posting
/// list already encoded except for the first posting, whose delta depends on the
/// chunks before.
struct Chunk {
    terms: Interner,
    lists: Vec<List>,
    /// The encoded postings after each list's first, one list after another.
    rest: String,
}

struct List {
    first: u32,
    score: u8,
    last: u32,
    /// End of this list's postings in `Chunk::rest`.
    rest_end: usize,
}

/// Where a token was seen in a section.
#[derive(Clone, Copy)]
enum Field {
    Body,
    Heading,
    Title,
}

struct ChunkBuilder {
    terms: Interner,
    buf: String,
    /// Per term, in the current section: occurrences in the body, and 1 for a heading
    /// plus 2 for the page title.
    tf: Vec<u32>,
    flags: Vec<u8>,
    /// Terms seen in the current section.
    seen: Vec<u32>,
}

impl ChunkBuilder {
    fn add(&mut self, text: &str, field: Field) {
        let Self {
            terms,
            buf,
            tf,
            flags,
            seen,
        } = self;
        each_token(text, buf, &mut |t| {
            let id = terms.intern(t);
            if id == tf.len() {
                tf.push(0);
                flags.push(0);
            }
            if tf[id] == 0 && flags[id] == 0 {
                seen.push(id as u32);
            }
            match field {
                Field::Body => tf[id] += 1,
                Field::Heading => flags[id] |= 1,
                Field::Title => flags[id] |= 2,
            }
        });
    }
}

/// Indexes a run of pages, numbering their sections from 0.
fn index_chunk(docs: &[Doc]) -> Chunk {
    let (count, bytes) = docs
        .iter()
        .flat_map(|d| d.sections)
        .fold((0, 0), |(n, b), s| (n + 1, b + s.text.len()));
    let avg_len = (bytes as f32 / (count as f32).max(1.0)).max(1.0);
    let mut b = ChunkBuilder {
        terms: Interner::new(),
        buf: String::new(),
        tf: Vec::new(),
        flags: Vec::new(),
        seen: Vec::new(),
    };
    // (term, section, score), by section.
    let mut postings: Vec<(u32, u32, u8)> = Vec::new();
    let mut section = 0;
    for doc in docs {
        for k in 0..doc.sections.len().max(1) {
            if k == 0 {
                b.add(doc.title, Field::Title);
            }
            let mut len_ratio = 0.0;
            if let Some(s) = doc.sections.get(k) {
                b.add(&s.heading, Field::Heading);
                b.add(&s.text, Field::Body);
                len_ratio = s.text.len() as f32 / avg_len;
            }
            for &t in &b.seen {
                let t = t as usize;
                let q = score(b.tf[t], b.flags[t] & 1 != 0, b.flags[t] & 2 != 0, len_ratio);
                postings.push((t as u32, section, q));
                b.tf[t] = 0;
                b.flags[t] = 0;
            }
            b.seen.clear();
            section += 1;
        }
    }

    // Group by term (a counting sort keeps each term's sections in order), then encode.
    let n = b.terms.len();
    let mut start = vec![0usize; n + 1];
    for p in &postings {
        start[p.0 as usize + 1] += 1;
    }
    for i in 1..=n {
        start[i] += start[i - 1];
    }
    let mut next = start.clone();
    let mut sorted = vec![(0u32, 0u8); postings.len()];
    for &(t, s, q) in &postings {
        sorted[next[t as usize]] = (s, q);
        next[t as usize] += 1;
    }
    let mut rest = String::with_capacity(postings.len() * 2);
    let lists = (0..n)
        .map(|t| {
            let list = &sorted[start[t]..start[t + 1]];
            let (first, score) = list[0];
            let mut prev = first;
            for &(s, q) in &list[1..] {
                push_posting(&mut rest, s - prev, q);
                prev = s;
            }
            List {
                first,
                score,
                last: prev,
                rest_end: rest.len(),
            }
        })
        .collect();
    Chunk {
        terms: b.terms,
        lists,
        rest,
    }
}

/// The weight of a term in a section, 1 to `MAX_SCORE`: BM25's term-frequency part for
/// the body, plus fixed boosts for the heading and the page title. `search.js`
/// multiplies it by the term's rarity.
fn score(tf: u32, heading: bool, title: bool, len_ratio: f32) -> u8 {
    const K1: f32 = 1.2;
    const B: f32 = 0.75;
    let tf = tf as f32;
    // 0 to 2.2.
    let body = tf * (K1 + 1.0) / (tf + K1 * (1.0 - B + B * len_ratio));
    let mut q = 1 + (body * 2.5 + 0.5) as u32;
    if heading {
        q += 4;
    }
    if title {
        q += 5;
    }
    q.min(MAX_SCORE) as u8
}

/// One term with its encoded posting list.
struct Term<'a> {
    text: &'a str,
    postings: String,
}

/// Joins the chunks' lists into one posting list per term, terms in `js_order`.
/// `offsets` holds the number of each chunk's first section.
fn merge<'a>(chunks: &'a [(u128, Arc<Chunk>)], offsets: &[u32]) -> Vec<Term<'a>> {
    let mut vocab: Vec<&str> = chunks
        .iter()
        .flat_map(|(_, c)| (0..c.terms.len()).map(|i| c.terms.get(i)))
        .collect();
    vocab.par_sort_unstable_by(|a, b| js_order(a, b));
    vocab.dedup();
    let mut global = Interner::new();
    for t in &vocab {
        global.intern(t);
    }
    let ids: Vec<Vec<usize>> = chunks
        .par_iter()
        .map(|(_, c)| {
            (0..c.terms.len())
                .map(|i| global.find(c.terms.get(i)).unwrap_or(0))
                .collect()
        })
        .collect();
    // The (chunk, local term) pieces of each term, in chunk order.
    let mut start = vec![0usize; vocab.len() + 1];
    for g in ids.iter().flatten() {
        start[g + 1] += 1;
    }
    for i in 1..start.len() {
        start[i] += start[i - 1];
    }
    let mut next = start.clone();
    let mut pieces = vec![(0u32, 0u32); start[vocab.len()]];
    for (c, chunk_ids) in ids.iter().enumerate() {
        for (l, &g) in chunk_ids.iter().enumerate() {
            pieces[next[g]] = (c as u32, l as u32);
            next[g] += 1;
        }
    }
    vocab
        .par_iter()
        .enumerate()
        .map(|(g, &text)| {
            let mut postings = String::new();
            let mut prev = 0;
            for &(c, l) in &pieces[start[g]..start[g + 1]] {
                let (chunk, offset) = (&chunks[c as usize].1, offsets[c as usize]);
                let l = l as usize;
                let list = &chunk.lists[l];
                let from = if l == 0 {
                    0
                } else {
                    chunk.lists[l - 1].rest_end
                };
                push_posting(&mut postings, offset + list.first - prev, list.score);
                postings.push_str(&chunk.rest[from..list.rest_end]);
                prev = offset + list.last;
            }
            Term { text, postings }
        })
        .collect()
}

/// Appends one posting, `delta << SCORE_BITS | score`, as a base-64 varint.
fn push_posting(out: &mut String, delta: u32, score: u8) {
    let mut v = u64::from(delta) << SCORE_BITS | u64::from(score);
    loop {
        let digit = (v & 31) as usize;
        v >>= 5;
        if v == 0 {
            out.push(VARINT[digit] as char);
            return;
        }
        out.push(VARINT[digit | 32] as char);
    }
}

/// String order as JavaScript compares strings (by UTF-16 code unit), so that
/// `search.js` can binary-search the shard keys. It differs from byte order only
/// between characters above U+E000 and characters beyond U+FFFF.
fn js_order(a: &str, b: &str) -> Ordering {
    let (x, y) = (a.as_bytes(), b.as_bytes());
    match x.iter().zip(y).position(|(p, q)| p != q) {
        None => x.len().cmp(&y.len()),
        Some(i) => {
            let high = |c: u8| (0xEE..=0xEF).contains(&c);
            let astral = |c: u8| c >= 0xF0;
            if high(x[i]) && astral(y[i]) {
                Ordering::Greater
            } else if astral(x[i]) && high(y[i]) {
                Ordering::Less
            } else {
                x[i].cmp(&y[i])
            }
        }
    }
}

/// A stem whose words differ from it, with each word written against the stem
/// (`stem::variant`), separated by spaces.
struct Group {
    stem: String,
    variants: String,
}

/// The stem groups of the terms, in `js_order` of their stems.
fn stem_groups(terms: &[Term]) -> Vec<Group> {
    let mut pairs: Vec<(String, &str)> = terms
        .par_iter()
        .filter_map(|t| match stem(t.text) {
            Cow::Owned(s) if s != t.text => Some((s, t.text)),
            _ => None,
        })
        .collect();
    pairs.par_sort_unstable_by(|a, b| js_order(&a.0, &b.0).then_with(|| js_order(a.1, b.1)));
    let mut groups = Vec::new();
    for same in pairs.chunk_by(|a, b| a.0 == b.0) {
        let stem = &same[0].0;
        let mut variants: Vec<String> = Vec::with_capacity(same.len() + 1);
        if terms.binary_search_by(|t| js_order(t.text, stem)).is_ok() {
            variants.push(String::new());
        }
        variants.extend(same.iter().filter_map(|(_, word)| variant(stem, word)));
        groups.push(Group {
            stem: stem.clone(),
            variants: variants.join(" "),
        });
    }
    groups
}

/// What a term shard holds: terms with their postings, and stem groups under their
/// stem after a space (no term holds a space).
enum Entry<'a> {
    Term(&'a Term<'a>),
    Group(&'a Group),
}

impl Entry<'_> {
    fn text(&self) -> &str {
        match self {
            Entry::Term(t) => t.text,
            Entry::Group(g) => &g.stem,
        }
    }

    fn size(&self) -> usize {
        match self {
            Entry::Term(t) => t.text.len() + t.postings.len() + 6,
            Entry::Group(g) => g.stem.len() + g.variants.len() + 7,
        }
    }

    fn write(&self, s: &mut String) {
        match self {
            Entry::Term(t) => {
                push_json(s, t.text);
                s.push_str(":\"");
                s.push_str(&t.postings);
                s.push('"');
            }
            Entry::Group(g) => {
                s.push_str("\" ");
                s.push_str(&g.stem);
                s.push_str("\":");
                push_json(s, &g.variants);
            }
        }
    }
}

/// Terms and groups in one `js_order`, a group right after the term of the same text.
fn entries<'a>(terms: &'a [Term], groups: &'a [Group]) -> Vec<Entry<'a>> {
    let mut out = Vec::with_capacity(terms.len() + groups.len());
    let mut g = groups.iter().peekable();
    for t in terms {
        while let Some(group) = g.next_if(|x| js_order(&x.stem, t.text) == Ordering::Less) {
            out.push(Entry::Group(group));
        }
        out.push(Entry::Term(t));
    }
    out.extend(g.map(Entry::Group));
    out
}

/// Splits the sorted terms and stem groups into shards of about `TERM_SHARD_BYTES`,
/// appends them to `files` and returns each shard's key: the shortest prefix of its
/// first entry that sorts after the previous shard's last entry. A term and the group
/// of the same text stay in one shard, and groups that start a shard stay with a term.
fn term_shards(terms: &[Term], groups: &[Group], files: &mut Vec<OutputFile>) -> Vec<String> {
    let entries = entries(terms, groups);
    let mut ranges = Vec::new();
    let mut begin = 0;
    let mut bytes = 0;
    // Groups that start a shard stay with the next term, so that a shard of groups alone
    // (an extra file for a query) never closes before a long posting list.
    let mut has_term = false;
    for (i, e) in entries.iter().enumerate() {
        let size = e.size();
        let joined = i > 0 && entries[i - 1].text() == e.text();
        if has_term && bytes + size > TERM_SHARD_BYTES && !joined {
            ranges.push(begin..i);
            begin = i;
            bytes = 0;
            has_term = false;
        }
        bytes += size;
        has_term |= matches!(e, Entry::Term(_));
    }
    if begin < entries.len() || ranges.is_empty() {
        ranges.push(begin..entries.len());
    }
    let keys = ranges
        .iter()
        .map(|r| {
            if r.start == 0 {
                return String::new();
            }
            let (prev, first) = (entries[r.start - 1].text(), entries[r.start].text());
            let mut key = String::new();
            for c in first.chars() {
                key.push(c);
                if js_order(&key, prev) == Ordering::Greater {
                    break;
                }
            }
            key
        })
        .collect();
    let shards: Vec<OutputFile> = ranges
        .par_iter()
        .enumerate()
        .map(|(n, r)| {
            let body: usize = entries[r.clone()].iter().map(Entry::size).sum();
            let mut s = String::with_capacity(body + 32);
            let _ = write!(s, "__folioSearch(\"t\",{n},{{");
            for (i, e) in entries[r.clone()].iter().enumerate() {
                if i > 0 {
                    s.push(',');
                }
                e.write(&mut s);
            }
            s.push_str("});\n");
            OutputFile {
                path: format!("{DIR}/t/{n}.js"),
                bytes: s.into_bytes(),
            }
        })
        .collect();
    files.extend(shards);
    keys
}

/// Writes the typo files `f/<n>.js`, `{"^vo": "lkswagen …", "$en": "volkswag …"}`: each
/// word of four letters or more under the keys of `stem::typo_keys`, the buckets
/// shared out over the files by `stem::typo_file`. Returns the number of files.
fn typo_files(terms: &[Term], files: &mut Vec<OutputFile>) -> usize {
    let mut buckets: BTreeMap<String, String> = BTreeMap::new();
    for t in terms {
        for (key, rest) in typo_keys(t.text).into_iter().flatten() {
            let bucket = buckets.entry(key).or_default();
            if !bucket.is_empty() {
                bucket.push(' ');
            }
            bucket.push_str(rest);
        }
    }
    let total: usize = buckets.iter().map(|(k, v)| k.len() + v.len() + 6).sum();
    let n = total.div_ceil(TYPO_FILE_BYTES).max(1);
    let mut parts = vec![String::new(); n];
    for (key, words) in &buckets {
        let part = &mut parts[typo_file(key, n)];
        part.push(if part.is_empty() { '{' } else { ',' });
        push_json(part, key);
        part.push(':');
        push_json(part, words);
    }
    for (i, mut part) in parts.into_iter().enumerate() {
        if part.is_empty() {
            part.push('{');
        }
        files.push(OutputFile {
            path: format!("{DIR}/f/{i}.js"),
            bytes: format!("__folioSearch(\"f\",{i},{part}}});\n").into_bytes(),
        });
    }
    n
}

/// Store shard `n`: `{"p": [[url, title, breadcrumb], …], "b": [[title, …], …],
/// "s": [[page, id, heading, excerpt], …]}`, pages and breadcrumbs numbered within
/// the shard.
fn store_shard(n: usize, part: &[(u32, Option<&TextSection>)], docs: &[Doc]) -> Vec<u8> {
    let mut pages: Vec<u32> = Vec::new();
    let mut crumbs: Vec<&[&str]> = Vec::new();
    let mut s = format!("__folioSearch(\"d\",{n},{{\"s\":[");
    for (i, &(doc, section)) in part.iter().enumerate() {
        if pages.last() != Some(&doc) {
            pages.push(doc);
        }
        if i > 0 {
            s.push(',');
        }
        let _ = write!(s, "[{},", pages.len() - 1);
        let (id, heading, text) = section.map_or(("", "", ""), |t| {
            (
                t.id.as_deref().unwrap_or(""),
                t.heading.as_str(),
                t.text.as_str(),
            )
        });
        push_json(&mut s, id);
        s.push(',');
        push_json(&mut s, heading);
        s.push(',');
        let (text, cut) = excerpt(text);
        push_json(&mut s, text);
        if cut {
            s.pop();
            s.push_str("…\"");
        }
        s.push(']');
    }
    s.push_str("],\"p\":[");
    for (i, &doc) in pages.iter().enumerate() {
        let d = &docs[doc as usize];
        let crumb = match crumbs.iter().position(|c| *c == d.breadcrumb.as_slice()) {
            Some(c) => c,
            None => {
                crumbs.push(&d.breadcrumb);
                crumbs.len() - 1
            }
        };
        if i > 0 {
            s.push(',');
        }
        s.push('[');
        push_json(&mut s, d.url);
        s.push(',');
        push_json(&mut s, d.title);
        let _ = write!(s, ",{crumb}]");
    }
    s.push_str("],\"b\":[");
    for (i, c) in crumbs.iter().enumerate() {
        if i > 0 {
            s.push(',');
        }
        s.push('[');
        for (j, t) in c.iter().enumerate() {
            if j > 0 {
                s.push(',');
            }
            push_json(&mut s, t);
        }
        s.push(']');
    }
    s.push_str("]});\n");
    s.into_bytes()
}

/// The start of a section's text, cut at a space near `EXCERPT_CHARS` when it can be,
/// and whether it was cut.
fn excerpt(text: &str) -> (&str, bool) {
    if text.len() <= EXCERPT_CHARS {
        return (text, false);
    }
    let cut = if text.as_bytes()[..EXCERPT_CHARS].is_ascii() {
        EXCERPT_CHARS
    } else {
        match text.char_indices().nth(EXCERPT_CHARS) {
            Some((cut, _)) => cut,
            None => return (text, false),
        }
    };
    let head = &text[..cut];
    let head = match head.rfind(' ') {
        Some(space) if head[space..].chars().count() < 40 => &head[..space],
        _ => head,
    };
    (head.trim_end(), true)
}

/// Bytes that `push_json` may have to escape: ASCII controls, `"`, `\` and the first
/// byte of U+2028 and U+2029.
const JSON_SPECIAL: [bool; 256] = {
    let mut t = [false; 256];
    let mut b = 0;
    while b < 0x20 {
        t[b] = true;
        b += 1;
    }
    t[b'"' as usize] = true;
    t[b'\\' as usize] = true;
    t[0xE2] = true;
    t
};

/// Appends `s` as a JSON string literal (also a valid JavaScript one).
fn push_json(out: &mut String, s: &str) {
    out.push('"');
    let bytes = s.as_bytes();
    let mut plain = 0;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if !JSON_SPECIAL[b as usize] {
            i += 1;
            continue;
        }
        // U+2028 and U+2029, which older JavaScript did not allow in strings.
        let separator = b == 0xE2
            && bytes.get(i + 1) == Some(&0x80)
            && matches!(bytes.get(i + 2), Some(0xA8 | 0xA9));
        if b == 0xE2 && !separator {
            i += 1;
            continue;
        }
        out.push_str(&s[plain..i]);
        match b {
            b'"' => out.push_str("\\\""),
            b'\\' => out.push_str("\\\\"),
            b'\n' => out.push_str("\\n"),
            0xE2 => {
                out.push_str(if bytes[i + 2] == 0xA8 {
                    "\\u2028"
                } else {
                    "\\u2029"
                });
                i += 2;
            }
            _ => {
                let _ = write!(out, "\\u{b:04x}");
            }
        }
        i += 1;
        plain = i;
    }
    out.push_str(&s[plain..]);
    out.push('"');
}
