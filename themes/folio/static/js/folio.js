/* folio default theme: progressive enhancements only. Without this file every page still
   reads, navigates and prints (the colour scheme then follows the system setting). */
(function () {
  "use strict";
  var d = document, root = d.documentElement, KEY = "folio-theme";
  function media(q) { return window.matchMedia(q); }
  function onChange(mq, fn) {
    if (mq.addEventListener) mq.addEventListener("change", fn); else mq.addListener(fn);
  }
  function each(sel, fn) { Array.prototype.forEach.call(d.querySelectorAll(sel), fn); }

  /* Light/dark toggle: the choice is stored; without a choice the system setting applies. */
  var systemDark = media("(prefers-color-scheme: dark)");
  var toggle = d.querySelector(".theme-toggle");
  function scheme() { return root.getAttribute("data-theme") || (systemDark.matches ? "dark" : "light"); }
  function syncToggle() { if (toggle) toggle.setAttribute("aria-pressed", scheme() === "dark" ? "true" : "false"); }
  if (toggle) {
    toggle.hidden = false;
    syncToggle();
    toggle.addEventListener("click", function () {
      var next = scheme() === "dark" ? "light" : "dark";
      root.setAttribute("data-theme", next);
      try { localStorage.setItem(KEY, next); } catch (e) { /* storage may be disabled */ }
      syncToggle();
    });
    onChange(systemDark, syncToggle);
    window.addEventListener("storage", function (e) {
      if (e.key === KEY && (e.newValue === "light" || e.newValue === "dark")) {
        root.setAttribute("data-theme", e.newValue);
        syncToggle();
      }
    });
  }

  /* The sidebar menu and the "On this page" box are disclosures on small screens and
     always open on wide ones (CSS does the same where ::details-content is supported). */
  function pinOpen(sel, query) {
    var mq = media(query);
    function apply() { each(sel, function (el) { el.open = mq.matches; }); }
    apply();
    onChange(mq, apply);
  }
  pinOpen(".nav-toggle", "(min-width: 56.25em)");
  pinOpen(".toc-details", "(min-width: 75em)");

  /* Large sites: sections off the reader's path are closed links in the sidebar (the
     tree in each page stays small). Make each a disclosure that loads its children from
     its navigation file when opened: one small script per section, cached, loaded from
     the site root this script came from, so it works under a sub-path and from file://. */
  var me = d.currentScript, nav = d.querySelector(".site-nav");
  var siteRoot = me && me.src.replace(/js\/folio\.js([?#].*)?$/, "");
  var base = (nav && nav.getAttribute("data-base")) || "/";
  var waiting = {}, loaded = {};
  function local(url) {
    if (siteRoot && url.indexOf(base) === 0) url = siteRoot + url.slice(base.length);
    if (location.protocol === "file:" && /\/$/.test(url)) url += "index.html";
    return url;
  }
  window.__folioNav = function (key, items, next) {
    if (waiting[key]) waiting[key]({ items: items, next: next });
  };
  function loadNav(key) {
    return loaded[key] || (loaded[key] = new Promise(function (done) {
      var s = d.createElement("script");
      waiting[key] = done;
      s.onerror = function () { delete loaded[key]; done(null); };
      s.src = local(key);
      d.head.appendChild(s);
    }));
  }
  function item(title, url, navKey) {
    var li = d.createElement("li"), a = d.createElement("a");
    li.className = "nav-item";
    a.className = "nav-link";
    a.href = local(url);
    a.textContent = title;
    li.appendChild(a);
    if (navKey) { a.className += " nav-link-section"; li.setAttribute("data-nav", navKey); expandable(li); }
    return li;
  }
  /* Resolves true once `key`'s children are in `list`, false when the file failed to
     load (so that opening the section again, or "Show more", retries). */
  function fill(list, key) {
    return loadNav(key).then(function (data) {
      if (!data) return false;
      data.items.forEach(function (it) { list.appendChild(item(it[0], it[1], it[2])); });
      if (data.next) {
        var li = d.createElement("li"), b = d.createElement("button");
        li.className = "nav-item nav-more";
        b.type = "button";
        b.className = "nav-link nav-more-button";
        b.textContent = "Show more";
        b.addEventListener("click", function () {
          b.disabled = true;
          fill(list, data.next).then(function (ok) { if (ok) li.remove(); else b.disabled = false; });
        });
        li.appendChild(b);
        list.appendChild(li);
      }
      return true;
    });
  }
  function expandable(li) {
    var link = li.querySelector("a"), det = d.createElement("details"), sum = d.createElement("summary");
    var list = d.createElement("ul"), started = false;
    sum.textContent = link.textContent;
    list.className = "nav-list";
    link.textContent = "Overview";
    link.classList.remove("nav-link-section");
    var first = d.createElement("li");
    first.className = "nav-item";
    first.appendChild(link);
    list.appendChild(first);
    det.appendChild(sum);
    det.appendChild(list);
    li.className = "nav-item nav-group";
    li.appendChild(det);
    det.addEventListener("toggle", function () {
      if (det.open && !started) {
        started = true;
        fill(list, li.getAttribute("data-nav")).then(function (ok) { started = ok; });
      }
    });
  }
  each(".site-nav li[data-nav]", expandable);

  /* Keep the current page visible in a long sidebar. */
  var current = d.querySelector(".site-nav [aria-current='page']");
  var sidebar = d.querySelector(".sidebar");
  if (current && sidebar && sidebar.scrollHeight > sidebar.clientHeight) {
    var top = current.offsetTop - sidebar.clientHeight / 3;
    if (top > 0) sidebar.scrollTop = top;
  }

  /* Wide code blocks and tables scroll: make them reachable with the keyboard. */
  function markScrollers() {
    each(".content pre, .content table, .chart-svg", function (el) {
      var wide = el.scrollWidth > el.clientWidth + 1;
      if (wide && !el.hasAttribute("tabindex")) {
        el.setAttribute("tabindex", "0");
        el.setAttribute("data-folio-scroll", "");
      } else if (!wide && el.hasAttribute("data-folio-scroll")) {
        el.removeAttribute("tabindex");
        el.removeAttribute("data-folio-scroll");
      }
    });
  }
  var resizeTimer;
  markScrollers();
  window.addEventListener("resize", function () {
    clearTimeout(resizeTimer);
    resizeTimer = setTimeout(markScrollers, 150);
  });

  /* Copy buttons and content tabs are in widgets.js, loaded only by pages that have code
     blocks or tabs (again after a live-reload patch). Its script element is removed once
     run, so the page stays as built. It asks for markScrollers when it shows a panel. */
  function widgets() {
    if (window.__folioWidgets || !siteRoot || !d.querySelector(".content pre, .tabs")) return;
    var s = d.createElement("script");
    s.src = siteRoot + "js/widgets.js" + (me.dataset.widgets ? "?" + me.dataset.widgets : "");
    s.onload = s.onerror = function () { s.remove(); };
    d.head.appendChild(s);
  }
  widgets();
  d.addEventListener("folio:patched", widgets);
  d.addEventListener("folio:shown", markScrollers);

  /* Print every disclosure open (chart data tables included), then restore. */
  var opened = [];
  window.addEventListener("beforeprint", function () {
    each("details:not([open])", function (el) { el.open = true; opened.push(el); });
  });
  window.addEventListener("afterprint", function () {
    opened.forEach(function (el) { el.open = false; });
    opened = [];
  });

  /* Highlight the section being read in "On this page". Re-run when the dev server
     updates the page in place ("folio:patched"), since the headings are new nodes. */
  var observer = null, items = [], active = null, toc = null, followed = null;
  function update() {
    if (!items.length) return;
    // The same line as the observer's root margin: 30% down the viewport.
    var line = window.innerHeight * 0.3, found = null;
    for (var i = 0; i < items.length; i++) {
      if (items[i].heading.getBoundingClientRect().top <= line) found = items[i]; else break;
    }
    if (window.innerHeight + window.scrollY >= root.scrollHeight - 2) found = items[items.length - 1];
    // The heading a followed link (#id) named wins while it is in view: on a short page
    // it cannot scroll up to the line, and the end of the page would name another.
    if (followed) {
      var seen = followed.heading.getBoundingClientRect();
      if (seen.bottom > 0 && seen.top < window.innerHeight) found = followed; else followed = null;
    }
    if (found === active) return;
    if (active) {
      active.link.classList.remove("is-active");
      active.link.removeAttribute("aria-current");
    }
    active = found;
    if (!found) return;
    found.link.classList.add("is-active");
    found.link.setAttribute("aria-current", "true");
    var box = toc.closest(".toc-details") || toc;
    if (box.scrollHeight > box.clientHeight) {
      var y = found.link.offsetTop - box.clientHeight / 2;
      box.scrollTop = Math.max(0, y);
    }
  }
  function watchToc() {
    if (observer) observer.disconnect();
    observer = null; items = []; active = null;
    toc = d.querySelector(".toc");
    if (!toc || !("IntersectionObserver" in window)) return;
    each(".toc a[href^='#']", function (a) {
      var id = decodeURIComponent(a.getAttribute("href").slice(1));
      var target = id && d.getElementById(id);
      if (target) items.push({ link: a, heading: target });
    });
    if (!items.length) return;
    // The observed box runs from far above the page down to the line, so that a jump (a
    // link to a fragment, the End key) still changes which headings are inside it.
    observer = new IntersectionObserver(update, { rootMargin: "100000px 0px -70% 0px" });
    items.forEach(function (item) { observer.observe(item.heading); });
    follow();
  }
  function follow() {
    var id = decodeURIComponent(location.hash.slice(1));
    followed = null;
    items.forEach(function (item) { if (id && item.heading.id === id) followed = item; });
    update();
  }
  window.addEventListener("hashchange", follow);
  var ticking = false;
  window.addEventListener("scroll", function () {
    // Only the end of the page needs a scroll check: the last heading may never reach the line.
    if (ticking || window.innerHeight + window.scrollY < root.scrollHeight - 2) return;
    ticking = true;
    requestAnimationFrame(function () { ticking = false; update(); });
  }, { passive: true });
  watchToc();
  d.addEventListener("folio:patched", function () { watchToc(); markScrollers(); });
})();
