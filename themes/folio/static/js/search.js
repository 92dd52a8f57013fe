/* folio search box loader. It shows the box, which stays hidden without JavaScript,
   and loads the search itself (search-box.js, beside this file, with the cache key the
   page gives it) when the reader first turns to it: a focus, a pointer over it, or the
   "/" shortcut. Pages whose readers never search do not download it. */
(() => {
  const d = document, me = d.currentScript, form = d.querySelector(".search");
  if (!form || !me) return;
  const input = form.querySelector(".search-input");
  let started = false;
  const start = () => {
    if (started) return;
    started = true;
    const s = d.createElement("script");
    s.src = me.src.replace(/search\.js([?#].*)?$/, "search-box.js") + (form.dataset.box ? "?" + form.dataset.box : "");
    d.head.appendChild(s);
  };
  form.hidden = false;
  input.addEventListener("focus", start);
  form.addEventListener("pointerenter", start);
  // "/" from anywhere but a text field goes to the search box.
  d.addEventListener("keydown", (e) => {
    const t = e.target;
    if (e.key !== "/" || e.ctrlKey || e.metaKey || e.altKey || t.isContentEditable || t.matches("input,textarea,select")) return;
    e.preventDefault();
    input.focus();
    input.select();
  });
})();
