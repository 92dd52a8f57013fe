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
  function overlay(message) {
    var el = document.getElementById("folio-error-overlay");
    if (!message) { if (el) el.remove(); return; }
    if (!el) {
      el = document.createElement("div");
      el.id = "folio-error-overlay";
      el.setAttribute("role", "alert");
      el.style.cssText = "position:fixed;inset:0;z-index:2147483647;background:rgba(20,20,20,.92);color:#fff;overflow:auto;padding:2rem;font:14px/1.5 ui-monospace,monospace";
      var title = document.createElement("p");
      title.textContent = "folio: the last change broke the build. Showing the last good version until it is fixed.";
      title.style.cssText = "font-weight:bold;color:#ff8a80;margin:0 0 1rem";
      var pre = document.createElement("pre");
      pre.style.cssText = "white-space:pre-wrap;margin:0";
      el.appendChild(title);
      el.appendChild(pre);
      document.body.appendChild(el);
    }
    el.querySelector("pre").textContent = message;
  }
  function swapCss() {
    var links = document.querySelectorAll('link[rel="stylesheet"]');
    for (var i = 0; i < links.length; i++) {
      var url = new URL(links[i].href);
      url.searchParams.set("folio-t", String(Date.now()));
      links[i].href = url.toString();
    }
  }
  var initial = window.__FOLIO_ERROR__;
  if (initial) overlay(initial);
  var source = new EventSource(window.__FOLIO_EVENTS__ || "/__folio/events");
  source.addEventListener("reload", function (e) {
    var data = JSON.parse(e.data);
    overlay(null);
    if (data.all || data.paths.indexOf(current()) !== -1) reload();
  });
  source.addEventListener("css", function () { overlay(null); swapCss(); });
  source.addEventListener("error", function (e) { if (e.data) overlay(e.data); });
  source.addEventListener("ok", function () { overlay(null); });
})();
