/* folio search box. Loads the index that `folio build` writes under search/ only when
   the box is first focused, and then only the shards a query needs: meta.js, one term
   shard (t/N.js) per word and one store shard (d/N.js) per result shown. Shards are
   scripts calling __folioSearch(), so this works over http and from file:// alike.
   Queries are split like src/search.rs splits the text; keep the two in step. */
(function () {
  "use strict";
  var d = document, script = d.currentScript, form = d.querySelector(".search");
  if (!form || !script || !window.Promise) return;
  var input = form.querySelector(".search-input"), panel = form.querySelector(".search-panel"),
    list = form.querySelector(".search-results"), status = form.querySelector("[role=status]"),
    count = form.querySelector(".search-count"), more = form.querySelector(".search-more");
  // The site root is where this script lives; index URLs start with the deploy path.
  var root = script.src.replace(/js\/search\.js(?:[?#].*)?$/, "");
  var base = form.getAttribute("data-base") || "/";
  var fileMode = location.protocol === "file:";
  var UNSPACED = /[\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af\u{20000}-\u{2fa1f}]/u;
  var WORD = /[\p{Alphabetic}\p{N}]/u, PAGE = 10, MAX_WORD = 32;
  var got = {}, waits = {}, loads = {}, meta = null, ranked = [], shown = 0, active = -1, seq = 0;
  var marker = null, partial = false, timer;

  window.__folioSearch = function (kind, n, data) {
    got[kind + n] = data;
    if (waits[kind + n]) waits[kind + n](data);
  };
  function load(kind, n) {
    var key = kind + n;
    if (!loads[key]) loads[key] = new Promise(function (resolve) {
      if (key in got) return resolve(got[key]);
      waits[key] = resolve;
      var s = d.createElement("script");
      s.src = root + "search/" + (kind === "m" ? "meta" : kind + "/" + n) + ".js" + (meta ? "?v=" + meta.v : "");
      s.onerror = function () { resolve(null); };
      d.head.appendChild(s);
    });
    return loads[key];
  }

  /* Query words: Latin words lowercased (the last one matches as a prefix), runs of
     unspaced scripts as character pairs, or one character on its own. */
  function parse(q) {
    var groups = [], word = "", run = [];
    function add(t, prefix) {
      if (!groups.some(function (g) { return g.t === t; })) groups.push({ t: t, p: prefix });
    }
    function flush() {
      if (word && Array.from(word).length <= MAX_WORD) add(word.toLowerCase(), false);
      word = "";
      if (run.length === 1) add(run[0], false);
      for (var i = 0; i + 1 < run.length; i++) add(run[i] + run[i + 1], false);
      run = [];
    }
    Array.from(q).forEach(function (c) {
      if (UNSPACED.test(c)) { if (word) flush(); run.push(c); }
      else if (WORD.test(c)) { if (run.length) flush(); word += c; }
      else flush();
    });
    var last = word;
    flush();
    if (last && groups.length) groups[groups.length - 1].p = true;
    return groups;
  }

  function shardOf(t) {
    var k = meta.t, lo = 0, hi = k.length - 1;
    while (lo < hi) { var mid = (lo + hi + 1) >> 1; if (k[mid] <= t) lo = mid; else hi = mid - 1; }
    return lo;
  }
  function decode(s, into, weight) {
    var sec = 0, v = 0, shift = 0, mask = (1 << meta.q) - 1;
    for (var i = 0; i < s.length; i++) {
      var c = s.charCodeAt(i);
      var x = c >= 97 ? c - 71 : c >= 65 ? c - 65 : c >= 48 ? c + 4 : c === 45 ? 62 : 63;
      v += (x & 31) * Math.pow(2, shift);
      shift += 5;
      if (x < 32) {
        sec += Math.floor(v / (mask + 1));
        var q = (v % (mask + 1)) * weight;
        if (!(into.get(sec) >= q)) into.set(sec, q);
        v = 0; shift = 0;
      }
    }
  }
  // Sections holding a group's term (or, for a prefix, its completions) → score.
  function postings(g) {
    var from = shardOf(g.t), to = g.p ? Math.min(shardOf(g.t + "\uffff"), from + 3) : from, wanted = [];
    for (var i = from; i <= to; i++) wanted.push(load("t", i));
    return Promise.all(wanted).then(function (shards) {
      var m = new Map();
      shards.forEach(function (sh) {
        if (!sh) return;
        if (!g.p) { if (sh[g.t]) decode(sh[g.t], m, 1); return; }
        var n = 0;
        for (var t in sh) if (t.lastIndexOf(g.t, 0) === 0 && n++ < 50) decode(sh[t], m, t === g.t ? 1 : 0.8);
      });
      return m;
    });
  }

  function run(q) {
    var my = ++seq, groups = parse(q);
    if (!groups.length) { ranked = []; shown = 0; close(); say(""); return; }
    load("m", 0).then(function (m) {
      meta = m;
      if (!m) throw 0;
      return Promise.all(groups.map(postings));
    }).then(function (maps) {
      if (my !== seq) return;
      var acc = new Map(), best = 0;
      maps.forEach(function (m) {
        var idf = Math.log(1 + (meta.n - m.size + 0.5) / (m.size + 0.5));
        m.forEach(function (q, s) {
          var e = acc.get(s) || [0, 0];
          e[0]++; e[1] += idf * q;
          acc.set(s, e);
          if (e[0] > best) best = e[0];
        });
      });
      ranked = [];
      // Sections with every word; when there are none, those with the most.
      acc.forEach(function (e, s) { if (e[0] === best) ranked.push([s, e[1]]); });
      ranked.sort(function (a, b) { return b[1] - a[1] || a[0] - b[0]; });
      list.textContent = "";
      shown = 0; active = -1;
      input.removeAttribute("aria-activedescendant");
      marker = pattern(groups);
      partial = best < groups.length;
      return showMore(my);
    }).catch(function () { if (my === seq) report("Search is not available"); });
  }

  function pattern(groups) {
    var B = "(?<![\\p{Alphabetic}\\p{N}])", parts = [];
    groups.forEach(function (g) {
      if (UNSPACED.test(g.t)) parts.push(g.t);
      else parts.push(B + g.t + (g.p ? "[\\p{Alphabetic}\\p{N}]*" : "(?![\\p{Alphabetic}\\p{N}])"));
    });
    try { return new RegExp(parts.join("|"), "giu"); } catch (e) { return null; }
  }
  function el(tag, cls, text) {
    var e = d.createElement(tag);
    if (cls) e.className = cls;
    if (text) highlight(e, text);
    return e;
  }
  function highlight(e, text) {
    var at = 0;
    if (marker) text.replace(marker, function (m, i) {
      if (i > at) e.appendChild(d.createTextNode(text.slice(at, i)));
      e.appendChild(d.createElement("mark")).textContent = m;
      at = i + m.length;
      return m;
    });
    e.appendChild(d.createTextNode(text.slice(at)));
  }
  function href(url, id) {
    if (url.lastIndexOf(base, 0) === 0) url = root + url.slice(base.length);
    if (fileMode && /\/$/.test(url)) url += "index.html";
    return url + (id ? "#" + id : "");
  }

  function showMore(my) {
    var page = ranked.slice(shown, shown + PAGE);
    return Promise.all(page.map(function (r) { return load("d", Math.floor(r[0] / meta.s)); })).then(function (stores) {
      if (my !== seq) return;
      page.forEach(function (r, i) {
        var st = stores[i];
        if (!st) return;
        var s = st.s[r[0] % meta.s], p = st.p[s[0]], n = shown + i;
        var li = el("li"), a = el("a", "search-result");
        li.setAttribute("role", "none");
        a.id = "folio-search-opt-" + n;
        a.href = href(p[0], s[1]);
        a.tabIndex = -1;
        a.setAttribute("role", "option");
        a.setAttribute("aria-selected", "false");
        var crumbs = st.b[p[2]].join(" › ");
        if (crumbs) a.appendChild(el("span", "search-crumbs", crumbs));
        a.appendChild(el("span", "search-title", p[1] || p[0]));
        if (s[2] && s[2] !== p[1]) a.appendChild(el("span", "search-heading", s[2]));
        if (s[3]) a.appendChild(el("span", "search-excerpt", s[3]));
        li.appendChild(a);
        list.appendChild(li);
      });
      shown += page.length;
      more.hidden = shown >= ranked.length;
      var n = ranked.length, what = n === 1 ? "1 result" : n + " results";
      list.hidden = !n;
      report(n ? what + (partial ? " for some of the words" : "") : "No results");
    });
  }

  function say(msg) { if (status.textContent !== msg) status.textContent = msg; }
  function report(msg) { count.textContent = msg; say(msg); open(true); }
  function options() { return list.querySelectorAll("[role=option]"); }
  function open(on) {
    panel.hidden = !on;
    input.setAttribute("aria-expanded", on && shown > 0 ? "true" : "false");
    if (!on) { active = -1; input.removeAttribute("aria-activedescendant"); }
  }
  function close() { open(false); }
  function move(to) {
    var opts = options();
    if (!opts.length) return;
    if (panel.hidden) open(true);
    if (active >= 0 && opts[active]) opts[active].setAttribute("aria-selected", "false");
    active = (to + opts.length) % opts.length;
    opts[active].setAttribute("aria-selected", "true");
    input.setAttribute("aria-activedescendant", opts[active].id);
    opts[active].scrollIntoView({ block: "nearest" });
  }

  form.hidden = false;
  form.addEventListener("submit", function (e) { e.preventDefault(); });
  input.addEventListener("focus", function () {
    load("m", 0);
    if (input.value.trim() && shown) open(true);
  });
  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(function () { run(input.value); }, 60);
  });
  input.addEventListener("keydown", function (e) {
    var opts = options();
    if (e.key === "ArrowDown" || e.key === "ArrowUp") {
      e.preventDefault();
      move(e.key === "ArrowDown" ? active + 1 : active < 0 ? -1 : active - 1);
    } else if (e.key === "Enter") {
      e.preventDefault();
      var a = opts[active >= 0 ? active : 0];
      if (a && !panel.hidden) location.href = a.href;
      else { clearTimeout(timer); run(input.value); }
    } else if (e.key === "Escape") {
      if (!panel.hidden) { e.preventDefault(); close(); }
      else if (input.value) { e.preventDefault(); input.value = ""; run(""); }
    }
  });
  more.addEventListener("click", function () {
    var from = shown;
    showMore(seq).then(function () { input.focus(); move(from); });
  });
  // Clicks inside the panel keep the focus in the box, so the panel stays open.
  panel.addEventListener("mousedown", function (e) { e.preventDefault(); });
  form.addEventListener("focusout", function (e) {
    if (!e.relatedTarget || !form.contains(e.relatedTarget)) close();
  });
  d.addEventListener("keydown", function (e) {
    var t = e.target, tag = t && t.tagName;
    if (e.key !== "/" || e.ctrlKey || e.metaKey || e.altKey || t === input) return;
    if (tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT" || (t && t.isContentEditable)) return;
    e.preventDefault();
    input.focus();
    input.select();
  });
})();
