/* folio search box, for the index of src/search.rs: shards are scripts, so file:// works. */
(() => {
  const d = document, me = d.currentScript, form = d.querySelector(".search");
  if (!form || !me) return;
  const $ = (s) => form.querySelector(s), attr = (e, k, v) => e.setAttribute(k, v);
  const on = (e, type, f) => e.addEventListener(type, f);
  const input = $(".search-input"), panel = $(".search-panel"), list = $(".search-results");
  // Root: this script's site; URLs start with base; idx: the page's index.
  const root = me.src.replace(/js\/search\.js([?#].*)?$/, ""),
    base = form.dataset.base || "/", idx = root + form.dataset.index;
  const W = "[\\p{Alphabetic}\\p{N}]", wait = {}, loads = {};
  let meta, ranked = [], shown = 0, active = -1, seq = 0, marker, some, timer;

  window.__folioSearch = (kind, n, data) => wait[kind + n](data);
  const load = (kind, n) => loads[kind + n] || (loads[kind + n] = new Promise((done) => {
    const s = d.head.appendChild(d.createElement("script"));
    s.onerror = () => done(null);
    s.src = `${idx}${kind === "m" ? "meta" : kind + "/" + n}.js${meta ? "?v=" + meta.v : ""}`;
    wait[kind + n] = done;
  }));

  // Words (an unfinished last one a prefix); letter pairs in unspaced scripts.
  function parse(q) {
    const U = `[${meta.u}]`, CJK = new RegExp(U, "u"), groups = [], hl = [];
    const tokens = q.match(new RegExp(`${U}+|((?!${U})${W})+`, "gu")) || [];
    const add = (t, p) => groups.some((g) => g.t === t) || groups.push({ t, p });
    tokens.forEach((t, i) => {
      const r = Array.from(t);
      if (CJK.test(t)) {
        hl.push(t);
        r.forEach((c, j) => (j || !r[1]) && hl.push(c = j ? r[j - 1] + c : c) && add(c));
      } else if (r.length <= 32) {
        add(t.toLowerCase(), !tokens[i + 1] && q.endsWith(t));
        hl.push(`(?<!${W})${t}${W}*`);
      }
    });
    hl.sort((a, b) => b.length - a.length);
    try { marker = hl.length && new RegExp(hl.join("|"), "giu"); } catch (e) { marker = 0; }
    return groups;
  }

  function shard(t) {
    let lo = 0, hi = meta.t.length - 1, mid;
    while (lo < hi) if (meta.t[mid = (lo + hi + 1) >> 1] <= t) lo = mid; else hi = mid - 1;
    return lo;
  }
  // Postings: base-64 varints of delta << q | score.
  function decode(s, into, weight) {
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
        v = 0; f = 1;
      }
    }
  }
  async function postings(g) {
    const from = shard(g.t), to = g.p ? Math.min(shard(g.t + "\uffff"), from + 3) : from, m = new Map();
    let n = 0;
    for (let i = from; i <= to; i++) {
      const sh = await load("t", i);
      if (sh && !g.p) { if (sh[g.t]) decode(sh[g.t], m, 1); }
      else if (sh) for (const t in sh) if (t.startsWith(g.t) && n++ < 50) decode(sh[t], m, t === g.t ? 1 : 0.8);
    }
    return m;
  }

  async function run(q) {
    const my = ++seq, acc = new Map();
    if (!q.trim()) return open(false), say("");
    try {
      if (!(meta = await load("m", 0))) throw 0;
      const groups = parse(q), maps = await Promise.all(groups.map(postings));
      if (my !== seq) return;
      let best = 0;
      for (const m of maps) {
        const idf = Math.log(1 + (meta.n - m.size + 0.5) / (m.size + 0.5));
        m.forEach((q, s) => {
          const e = acc.get(s) || [0, 0];
          acc.set(s, e);
          best = Math.max(best, ++e[0]);
          e[1] += idf * q;
        });
      }
      // Sections with all words, else the most.
      ranked = [];
      acc.forEach((e, s) => e[0] === best && ranked.push([s, e[1]]));
      ranked.sort((a, b) => b[1] - a[1] || a[0] - b[0]);
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
  on(input, "focus", () => load("m", 0));
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
  on(d, "keydown", (e) => {
    const t = e.target;
    if (e.key !== "/" || e.ctrlKey || e.metaKey || e.altKey || t.isContentEditable || t.matches("input,textarea,select")) return;
    e.preventDefault();
    input.focus();
    input.select();
  });
})();
