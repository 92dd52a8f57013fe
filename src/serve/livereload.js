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
