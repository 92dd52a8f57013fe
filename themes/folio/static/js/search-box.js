/* folio search box, for the index of src/search/: shards are scripts, so file:// works.
   search.js loads this file when the reader first turns to the box (focus, or "/"). */
(() => {
  const d = document, me = d.currentScript, form = d.querySelector(".search");
  if (!form || !me) return;
  const $ = (s) => form.querySelector(s), attr = (e, k, v) => e.setAttribute(k, v);
  const on = (e, type, f) => e.addEventListener(type, f);
  const input = $(".search-input"), panel = $(".search-panel"), list = $(".search-results");
  // Root: this script's site; URLs start with base; idx: the page's index.
  const root = me.src.replace(/js\/search-box\.js([?#].*)?$/, ""),
    base = form.dataset.base || "/", idx = root + form.dataset.index;
  const W = "[\\p{Alphabetic}\\p{N}]", wait = {}, loads = {};
  let meta, ranked = [], shown = 0, active = -1, seq = 0, marker, some, timer, words, fw;

  window.__folioSearch = (kind, n, data) => wait[kind + n](data);
  const load = (kind, n) => loads[kind + n] || (loads[kind + n] = new Promise((done) => {
    const s = d.head.appendChild(d.createElement("script"));
    s.onerror = () => done(null);
    s.src = `${idx}${kind === "m" ? "meta" : kind + "/" + n}.js${meta ? "?v=" + meta.v : ""}`;
    wait[kind + n] = done;
  }));
  // Stemmer and typo check (js/words.js), beside this script.
  const loadWords = () => words || (words = new Promise((done) => {
    const s = d.head.appendChild(d.createElement("script"));
    s.onload = () => done(window.__folioWords);
    s.onerror = () => done(null);
    s.src = me.src.replace(/search-box\.js([?#].*)?$/, "words.js") + (form.dataset.words ? "?" + form.dataset.words : "");
  }));

  // Words (an unfinished last one a prefix); letter pairs in unspaced scripts.
  function parse(q) {
    const U = `[${meta.u}]`, CJK = new RegExp(U, "u"), groups = [];
    const tokens = q.match(new RegExp(`${U}+|((?!${U})${W})+`, "gu")) || [];
    const add = (t, p, w) => groups.some((g) => g.t === t) || groups.push({ t, p, w, hl: [], x: new Set() });
    tokens.forEach((t, i) => {
      const r = Array.from(t);
      if (CJK.test(t)) r.forEach((c, j) => (j || !r[1]) && add(j ? r[j - 1] + c : c));
      else if (r.length <= 32) add(t.toLowerCase(), !tokens[i + 1] && q.endsWith(t), 1);
    });
    return groups;
  }
  // Marks every word a result was found by, longest first.
  function mark(groups) {
    const hl = groups.flatMap((g) => g.hl.map((t) => g.w ? `(?<!${W})${t}${W}*` : t));
    hl.sort((a, b) => b.length - a.length);
    try { marker = hl.length && new RegExp(hl.join("|"), "giu"); } catch (e) { marker = 0; }
  }
  // The typo file of a key, as stem.rs's typo_file.
  function hash(k) {
    let h = 0;
    for (let i = 0; i < k.length; i++) h = (Math.imul(h, 31) + k.charCodeAt(i)) >>> 0;
    return h % meta.f;
  }

  function shard(t) {
    let lo = 0, hi = meta.t.length - 1, mid;
    while (lo < hi) if (meta.t[mid = (lo + hi + 1) >> 1] <= t) lo = mid; else hi = mid - 1;
    return lo;
  }
  // Postings: base-64 varints of delta << q | score.
  function decode(s, into, weight, exact) {
    let sec = 0, v = 0, f = 1;
    const m = 1 << meta.q;
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i), x = c > 96 ? c - 71 : c > 64 ? c - 65 : c > 47 ? c + 4 : c === 45 ? 62 : 63;
      v += (x & 31) * f;
      f *= 32;
      if (x < 32) {
        sec += Math.floor(v / m);
        const q = (v % m) * weight;
        if (!(into.get(sec) >= q)) into.set(sec, q);
        if (exact) exact.add(sec);
        v = 0; f = 1;
      }
    }
  }
  // Sections with the word, weighted: 1 as typed, 0.75 another word of its stem, 0.6 a
  // longer word it starts (the unfinished last word), 0.5 a word one typo away. g.x holds
  // the sections with the word as typed, which rank first.
  async function postings(g) {
    const m = new Map(), r = Array.from(g.t);
    const look = async (t, weight) => {
      const sh = await load("t", shard(t));
      if (sh && sh[t]) decode(sh[t], m, weight, weight === 1 && g.x), g.hl.push(t);
    };
    const s = fw.stem(g.t), [, sh] = await Promise.all([look(g.t, 1), g.w && load("t", shard(s))]), v = sh && sh[" " + s];
    if (!g.w) return m;
    if (v != null) await Promise.all(v.split(" ").map((k) => (k = /^\d/.test(k) ? s.slice(0, -k[0]) + k.slice(1) : s + k) !== g.t && look(k, 0.75)));
    if (g.p) {
      const from = shard(g.t), to = Math.min(shard(g.t + "\uffff"), from + 3);
      let n = 0;
      for (let i = from; i <= to; i++) {
        const sh = await load("t", i);
        if (sh) for (const t in sh) if (t !== g.t && t.startsWith(g.t) && n++ < 50) decode(sh[t], m, 0.6), g.hl.push(t);
      }
    }
    // Typos: the words that keep the first two or the last two letters, one edit away.
    if (!m.size && r.length > 4 && !/\d/.test(g.t)) {
      const found = new Set(), keys = ["^" + r[0] + r[1], "$" + r.at(-2) + r.at(-1)];
      const files = await Promise.all(keys.map((k) => load("f", hash(k))));
      keys.forEach((key, i) => {
        const f = files[i], end = key[0] === "$";
        for (const w of (f && f[key] || "").split(" ")) {
          const c = end ? w + key.slice(1) : key.slice(1) + w;
          if (w && fw.near(r, Array.from(c), g.p && !end)) found.add(c);
        }
      });
      await Promise.all([...found].slice(0, 5).map((c) => look(c, 0.5)));
    }
    return m;
  }

  async function run(q) {
    const my = ++seq, acc = new Map();
    if (!q.trim()) return open(false), say("");
    try {
      [meta, fw] = await Promise.all([load("m", 0), loadWords()]);
      if (!meta || !fw) throw 0;
      const groups = parse(q), maps = await Promise.all(groups.map(postings));
      if (my !== seq) return;
      mark(groups);
      let best = 0;
      maps.forEach((m, i) => {
        const idf = Math.log(1 + (meta.n - m.size + 0.5) / (m.size + 0.5));
        m.forEach((q, s) => {
          const e = acc.get(s) || [0, 0, 0];
          acc.set(s, e);
          best = Math.max(best, ++e[0]);
          e[1] += idf * q;
          e[2] += groups[i].x.has(s);
        });
      });
      // Sections with all words, else the most; more words as typed first.
      ranked = [];
      acc.forEach((e, s) => e[0] === best && ranked.push([s, e[1], e[2]]));
      ranked.sort((a, b) => b[2] - a[2] || b[1] - a[1] || a[0] - b[0]);
      some = best < groups.length;
      await show(my, 1);
    } catch (e) {
      if (my === seq) say("Search is unavailable", 1);
    }
  }

  function el(cls, text) {
    const e = d.createElement("span");
    let at = 0;
    e.className = "search-" + cls;
    if (marker) text.replace(marker, (m, i) => {
      e.append(text.slice(at, i));
      e.appendChild(d.createElement("mark")).textContent = m;
      at = i + m.length;
    });
    e.append(text.slice(at));
    return e;
  }
  function href(url, id) {
    if (url.startsWith(base)) url = root + url.slice(base.length);
    if (location.protocol === "file:" && url.endsWith("/")) url += "index.html";
    return url + (id ? "#" + id : "");
  }
  // The first ten results, or ten more.
  async function show(my, fresh) {
    const from = fresh ? 0 : shown, page = ranked.slice(from, from + 10), frag = d.createDocumentFragment();
    const stores = await Promise.all(page.map((r) => load("d", Math.floor(r[0] / meta.s))));
    if (my !== seq || !fresh && shown !== from) return;
    page.forEach((r, i) => {
      const st = stores[i], s = st && st.s[r[0] % meta.s], p = s && st.p[s[0]];
      if (!p) return;
      const li = frag.appendChild(d.createElement("li"));
      li.innerHTML = '<a class="search-result" role="option" tabindex="-1"></a>';
      attr(li, "role", "none");
      const a = li.firstChild;
      a.id = "folio-search-opt-" + (from + i);
      a.href = href(p[0], s[1]);
      const parts = { crumbs: st.b[p[2]].join(" › "), title: p[1] || p[0], heading: s[2] !== p[1] && s[2], excerpt: s[3] };
      for (const c in parts) if (parts[c]) a.append(el(c, parts[c]));
    });
    if (fresh) open(false), list.textContent = "";
    list.append(frag);
    shown = from + page.length;
    list.hidden = !shown;
    const n = ranked.length;
    say(n ? (n > 1 ? n + " results" : "1 result") + (some ? " (not all words)" : "") : "No results", 1);
  }

  function say(msg, show) {
    for (const e of form.querySelectorAll("[role=status],.search-count")) if (e.textContent !== msg) e.textContent = msg;
    if (show) open(true);
  }
  const options = () => list.querySelectorAll("[role=option]");
  function select(i) {
    const o = options(), a = o[i];
    if (o[active]) attr(o[active], "aria-selected", false);
    active = i;
    if (!a) return input.removeAttribute("aria-activedescendant");
    attr(a, "aria-selected", true);
    attr(input, "aria-activedescendant", a.id);
    a.scrollIntoView({ block: "nearest" });
  }
  function open(on) {
    panel.hidden = !on;
    attr(input, "aria-expanded", on && shown > 0);
    if (!on) select(-1);
  }

  form.hidden = false;
  on(form, "submit", (e) => e.preventDefault());
  on(input, "focus", () => (load("m", 0), loadWords()));
  on(input, "input", () => {
    clearTimeout(timer);
    timer = setTimeout(() => run(input.value), 60);
  });
  on(form, "keydown", (e) => {
    const k = e.isComposing || e.key, o = options(), n = o.length, down = k === "ArrowDown";
    if ((down || k === "ArrowUp") && n) {
      if (panel.hidden) open(true);
      select(down ? (active + 1) % n : active < 1 ? n - 1 : active - 1);
    } else if (k === "Enter") {
      if (n && !panel.hidden) location.href = o[Math.max(active, 0)].href;
      else clearTimeout(timer), run(input.value);
    } else if (k === "Escape" && (!panel.hidden || input.value)) {
      if (panel.hidden) run(input.value = "");
      open(false);
      input.focus();
    } else return;
    e.preventDefault();
  });
  // More results at the panel's end; clicks keep focus in the box.
  on(panel, "scroll", () => panel.scrollTop + panel.clientHeight > panel.scrollHeight - 40 && show(seq));
  on(panel, "mousedown", (e) => e.preventDefault());
  on(form, "focusout", (e) => form.contains(e.relatedTarget) || open(false));
  // search.js turned the reader's first focus, and any keys typed meanwhile, into
  // this script's load: pick up from there. Its "/" shortcut stays in charge.
  if (d.activeElement === input) {
    load("m", 0), loadWords();
    if (input.value) run(input.value);
  }
})();
