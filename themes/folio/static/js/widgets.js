/* folio default theme: copy buttons on code blocks and content tabs. folio.js loads this
   file on pages that have either; without it code blocks have no button and every tab
   panel shows under its label. */
(function () {
  "use strict";
  var d = document;
  if (window.__folioWidgets) return;
  window.__folioWidgets = true;
  function each(sel, fn) { Array.prototype.forEach.call(d.querySelectorAll(sel), fn); }
  // Newly shown code may scroll sideways: folio.js then makes it reachable by keyboard.
  function shown() { d.dispatchEvent(new CustomEvent("folio:shown")); }

  /* Copy buttons: code text has no line numbers (CSS draws them) nor hidden lines. Without
     the Clipboard API (file://, http on a LAN) a selected textarea is copied. */
  var live, TABS = "folio-tabs", groups = [], uid = 0;
  function set(el, attrs) { for (var k in attrs) el.setAttribute(k, attrs[k]); return el; }
  function make(tag, cls, text) { var el = d.createElement(tag); el.className = cls; el.textContent = text || ""; return el; }
  function say(text) {
    if (!live || !live.isConnected) (d.querySelector("main") || d.body).appendChild(live = set(make("div", "visually-hidden"), { role: "status" }));
    live.textContent = "";
    setTimeout(function () { live.textContent = text; }, 60);
  }
  function legacyCopy(text) {
    var ta = make("textarea", ""), back = d.activeElement, ok;
    ta.value = text;
    ta.style.cssText = "position:fixed;top:0;opacity:0";
    d.body.appendChild(ta);
    ta.select();
    try { ok = d.execCommand("copy"); } catch (e) { /* refused */ }
    ta.remove();
    if (back) back.focus();
    if (!ok) throw Error("copy refused");
  }
  function addCopy(pre) {
    var box = pre.parentNode, code = pre.querySelector("code") || pre, b = set(make("button", "code-copy", "Copy"), { type: "button", "aria-label": "Copy code" }), timer;
    if (pre.hasAttribute("data-copy")) return;
    pre.setAttribute("data-copy", "");
    if (!box.matches(".code-block")) { pre.before(box = make("div", "code-wrap")); box.appendChild(pre); }
    function show(text, cls) { b.textContent = text; b.className = "code-copy " + cls; }
    b.addEventListener("click", function () {
      var text = code.textContent.replace(/\n$/, ""), c = navigator.clipboard;
      (c && window.isSecureContext ? c.writeText(text) : Promise.reject()).catch(function () { legacyCopy(text); })
        .then(function () { show("Copied", "is-copied"); say("Copied"); }, function () {
          show("Press Ctrl+C", "is-failed");
          say("Copy failed: the code is selected, press Ctrl+C");
          getSelection().selectAllChildren(code);
        });
      clearTimeout(timer);
      timer = setTimeout(function () { show("Copy", ""); }, 2000);
    });
    box.appendChild(b);
  }

  /* Content tabs: without this script every panel shows under its label. Here each group
     becomes WAI-ARIA tabs, activated as focus moves (arrows, Home, End). A chosen label is
     chosen in every group that has it and remembered, most recent first, across pages. */
  function chosen() {
    try { var v = JSON.parse(localStorage.getItem(TABS)); return Array.isArray(v) ? v : []; } catch (e) { return []; }
  }
  function freshId(prefix) {
    do { var id = prefix + ++uid; } while (d.getElementById(id));
    return id;
  }
  function select(g, i) {
    g.tabs.forEach(function (t, k) {
      set(t, { "aria-selected": k === i, tabindex: k === i ? 0 : -1 });
      g.panels[k].hidden = k !== i;
    });
  }
  function preferred(g) {
    var k = chosen().map(function (l) { return g.labels.indexOf(l); }).filter(function (k) { return k >= 0; });
    return k[0] || 0;
  }
  function choose(label, from) {
    var top = from.getBoundingClientRect().top, list = chosen().filter(function (l) { return l !== label; });
    groups.forEach(function (g) { if (g.labels.indexOf(label) >= 0) select(g, g.labels.indexOf(label)); });
    // Groups above may change height: keep the chosen tab where the reader saw it.
    window.scrollBy(0, from.getBoundingClientRect().top - top);
    shown();
    list.unshift(label);
    try { localStorage.setItem(TABS, JSON.stringify(list.slice(0, 20))); } catch (e) { /* storage may be disabled */ }
  }
  function addTabs(box) {
    var bar = set(make("div", "tab-list"), { role: "tablist" });
    var g = { box: box, tabs: [], labels: [], panels: [].filter.call(box.children, function (c) { return c.matches(".tab-panel"); }) };
    if (!g.panels.length || box.hasAttribute("data-tabs-ready")) return;
    g.panels.forEach(function (p, i) {
      var label = p.getAttribute("data-tab"), t = make("button", "tab", label), head = p.querySelector(".tab-label");
      p.id = p.id || freshId("folio-tabpanel-");
      set(t, { type: "button", role: "tab", id: freshId("folio-tab-"), "aria-controls": p.id });
      set(p, { role: "tabpanel", "aria-labelledby": t.id, tabindex: 0 });
      if (head) head.hidden = true;
      t.addEventListener("click", function () { choose(label, t); });
      t.addEventListener("keydown", function (e) {
        var n = g.tabs.length, k = { ArrowRight: i + 1, ArrowLeft: i + n - 1, Home: 0, End: n - 1 }[e.key] % n;
        if (isNaN(k) || e.altKey || e.ctrlKey || e.metaKey) return;
        e.preventDefault();
        g.tabs[k].focus();
        choose(g.labels[k], g.tabs[k]);
      });
      g.tabs.push(t);
      g.labels.push(label);
      bar.appendChild(t);
    });
    box.prepend(bar);
    box.setAttribute("data-tabs-ready", "");
    groups.push(g);
    select(g, preferred(g));
  }
  function widgets() {
    groups = groups.filter(function (g) { return g.box.isConnected; });
    each(".content pre", addCopy);
    each(".tabs", addTabs);
    shown();
  }
  // A link to something in a hidden panel chooses that panel's tab.
  function reveal() {
    var el = location.hash && d.getElementById(decodeURIComponent(location.hash.slice(1))), p = el && el.closest(".tab-panel[hidden]");
    if (p) { d.getElementById(p.getAttribute("aria-labelledby")).click(); el.scrollIntoView(); }
  }
  widgets();
  reveal();
  d.addEventListener("folio:patched", widgets);
  window.addEventListener("hashchange", reveal);
})();
