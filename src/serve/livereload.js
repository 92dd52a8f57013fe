// folio serve: live reload over Server-Sent Events, with an error overlay.
// Injected by the dev server only; never part of a built site.
(function () {
  "use strict";
  var KEY = "folio-scroll:" + location.pathname;
  try {
    var saved = sessionStorage.getItem(KEY);
    if (saved !== null) {
      sessionStorage.removeItem(KEY);
      var y = parseInt(saved, 10);
      var restore = function () { window.scrollTo(0, y); };
      if (document.readyState === "complete") restore(); else window.addEventListener("load", restore);
    }
  } catch (e) {}
  function current() {
    var p = location.pathname.replace(/^\//, "");
    if (p === "" || p.slice(-1) === "/") p += "index.html";
    return decodeURIComponent(p);
  }
  function reload() {
    try { sessionStorage.setItem(KEY, String(window.scrollY)); } catch (e) {}
    location.reload();
  }
  // The overlay styles every element inline after `all:initial`, so that the page's CSS
  // (a theme's `pre` background, say) cannot make its text unreadable. Its colours follow
  // the page: the theme's own choice (`data-theme` on <html>) first, then the system
  // setting; both pairs keep every text at 4.5:1 or more on opaque backgrounds.
  var PALETTES = {
    light: { bg: "#fff", text: "#1f2328", title: "#b42318", code: "#f6f8fa", border: "#8c959f" },
    dark: { bg: "#0d1117", text: "#e6edf3", title: "#ff8a80", code: "#151b23", border: "#6e7781" }
  };
  var systemDark = window.matchMedia ? window.matchMedia("(prefers-color-scheme: dark)") : null;
  function paint() {
    var el = document.getElementById("folio-error-overlay");
    if (!el) return;
    var chosen = document.documentElement.getAttribute("data-theme");
    var c = PALETTES[chosen === "dark" || chosen === "light" ? chosen : systemDark && systemDark.matches ? "dark" : "light"];
    var base = "all:initial;display:block;box-sizing:border-box;color:" + c.text + ";font:14px/1.5 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;";
    el.style.cssText = base + "position:fixed;inset:0;z-index:2147483647;overflow:auto;padding:2rem;background:" + c.bg;
    el.children[0].style.cssText = base + "margin:0 0 1rem;font-weight:bold;color:" + c.title;
    el.children[1].style.cssText = base + "margin:0 0 1rem;padding:1rem;white-space:pre-wrap;overflow-wrap:anywhere;background:" + c.code + ";border:1px solid " + c.border + ";border-radius:6px";
    el.children[2].style.cssText = base + "display:inline-block;padding:.375rem .875rem;cursor:pointer;background:" + c.bg + ";border:1px solid " + c.border + ";border-radius:6px";
  }
  if (systemDark && systemDark.addEventListener) systemDark.addEventListener("change", paint);
  if (window.MutationObserver) {
    new MutationObserver(paint).observe(document.documentElement, { attributes: true, attributeFilter: ["data-theme"] });
  }
  function overlay(message) {
    var el = document.getElementById("folio-error-overlay");
    if (!message) { if (el) el.remove(); return; }
    if (!el) {
      el = document.createElement("div");
      el.id = "folio-error-overlay";
      el.setAttribute("role", "alert");
      var title = document.createElement("p");
      title.textContent = "folio: the last change broke the build. Showing the last good version until it is fixed.";
      var hide = document.createElement("button");
      hide.type = "button";
      hide.textContent = "Hide until the next error";
      hide.addEventListener("click", function () { el.remove(); });
      el.appendChild(title);
      el.appendChild(document.createElement("pre"));
      el.appendChild(hide);
      document.body.appendChild(el);
    }
    el.querySelector("pre").textContent = message;
    paint();
  }
  function swapCss() {
    var links = document.querySelectorAll('link[rel="stylesheet"]');
    for (var i = 0; i < links.length; i++) {
      var url = new URL(links[i].href);
      url.searchParams.set("folio-t", String(Date.now()));
      links[i].href = url.toString();
    }
  }
  // Brings the open page up to date in place when only its body changed: the new
  // HTML is fetched and the nodes that differ are replaced, so the page keeps its
  // scroll position and its scripts' state and shows the change sooner than a reload.
  // Anything else (new styles or scripts, a changed <head>) reloads the page.
  function scripted(node) {
    return node.nodeType === 1 && (node.nodeName === "SCRIPT" || node.querySelector("script"));
  }
  function sameShell(a, b) {
    if (a.nodeType !== b.nodeType || a.nodeName !== b.nodeName) return false;
    if (a.nodeType !== 1) return true;
    if (a.attributes.length !== b.attributes.length) return false;
    for (var i = 0; i < a.attributes.length; i++) {
      if (b.getAttribute(a.attributes[i].name) !== a.attributes[i].value) return false;
    }
    return a.childNodes.length === b.childNodes.length;
  }
  function patch(old, next) {
    if (old.isEqualNode(next)) return true;
    if (old.nodeType === 1 && sameShell(old, next)) {
      for (var i = 0; i < old.childNodes.length; i++) {
        if (!patch(old.childNodes[i], next.childNodes[i])) return false;
      }
      return true;
    }
    if (scripted(old) || scripted(next)) return false;
    old.parentNode.replaceChild(document.importNode(next, true), old);
    return true;
  }
  function refresh() {
    fetch(location.href, { cache: "no-store" })
      .then(function (res) { return res.ok ? res.text() : Promise.reject(res.status); })
      .then(function (html) {
        var doc = new DOMParser().parseFromString(html, "text/html");
        var head = function (d) {
          return Array.prototype.map.call(d.head.children, function (e) {
            return e.nodeName === "TITLE" ? "" : e.outerHTML;
          }).join("");
        };
        if (head(doc) !== head(document)) return reload();
        document.title = doc.title;
        if (!patch(document.body, doc.body)) return reload();
        document.dispatchEvent(new CustomEvent("folio:patched"));
      })
      .catch(reload);
  }
  var initial = window.__FOLIO_ERROR__;
  if (initial) overlay(initial);
  var source = new EventSource(window.__FOLIO_EVENTS__ || "/__folio/events");
  source.addEventListener("reload", function (e) {
    var data = JSON.parse(e.data);
    overlay(null);
    if (data.all) reload();
    else if (data.paths.indexOf(current()) !== -1) refresh();
  });
  source.addEventListener("css", function () { overlay(null); swapCss(); });
  source.addEventListener("error", function (e) { if (e.data) overlay(e.data); });
  source.addEventListener("ok", function () { overlay(null); });
})();
