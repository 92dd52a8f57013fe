/* Word matching for folio's search box, loaded by search.js when a search starts (so
   that pages do not carry it): Snowball's English stemmer ("Porter2") for words of a-z,
   as src/search/stem.rs runs it, and the one-edit check for typos. */
(() => {
  const isV = (c) => "aeiouy".includes(c), EX = new Map(), table = (t) => t.split(" ").map((p) => p.split(":")).sort((a, b) => b[0].length - a[0].length);
  "skis:ski skies:sky dying:die lying:lie tying:tie idly:idl gently:gentl ugly:ugli early:earli only:onli singly:singl sky:sky news:news howe:howe atlas:atlas cosmos:cosmos bias:bias andes:andes".split(" ").forEach((p) => EX.set(...p.split(":")));
  const S2 = table("tional:tion enci:ence anci:ance abli:able entli:ent izer:ize ization:ize ational:ate ation:ate ator:ate alism:al aliti:al alli:al fulness:ful ousli:ous ousness:ous iveness:ive iviti:ive biliti:ble bli:ble ogi:og fulli:ful lessli:less li:"),
    S3 = table("tional:tion ational:ate alize:al icate:ic iciti:ic ical:ic ful: ness: ative:"),
    S4 = table("al ance ence er ic able ible ant ement ment ent ism ate iti ous ive ize ion");
  const longest = (s, t) => t.find((p) => s.endsWith(p[0]));
  // Whether s ends, before k, in a short syllable.
  const shortv = (s, k) => k > 1 && isV(s[k - 2]) && (k < 3 ? !isV(s[1]) : !"aeiouywxY".includes(s[k - 1]) && !isV(s[k - 3]));
  // Past the first non-vowel that follows a vowel, from i.
  const region = (s, i) => {
    while (i < s.length && !isV(s[i])) i++;
    for (i++; i < s.length && isV(s[i]); i++);
    return Math.min(i + 1, s.length);
  };
  function stem(w) {
    if (!/^[a-z]{3,}$/.test(w)) return w;
    if (EX.has(w)) return EX.get(w);
    let s = "", m, b;
    for (const c of w) s += c === "y" && (!s || isV(s[s.length - 1])) ? "Y" : c;
    const g = /^(gener|commun|arsen)/.exec(s), p1 = g ? g[0].length : region(s, 0), p2 = region(s, p1);
    if (s.endsWith("sses")) s = s.slice(0, -2);
    else if (/ie[sd]$/.test(s)) s = s.slice(0, -3) + (s.length > 4 ? "i" : "ie");
    else if (/[^us]s$/.test(s) && /[aeiouy]/.test(s.slice(0, -2))) s = s.slice(0, -1);
    if (!/^(inning|outing|canning|herring|earring|proceed|exceed|succeed)$/.test(s)) {
      if ((m = /eed(ly)?$/.exec(s))) {
        if (m.index >= p1) s = s.slice(0, m.index) + "ee";
      } else if ((m = /(ed|edly|ing|ingly)$/.exec(s)) && /[aeiouy]/.test(s.slice(0, m.index))) {
        s = s.slice(0, m.index);
        if (/(at|bl|iz)$/.test(s)) s += "e";
        else if (/(bb|dd|ff|gg|mm|nn|pp|rr|tt)$/.test(s)) s = s.slice(0, -1);
        else if (s.length === p1 && shortv(s, s.length)) s += "e";
      }
      if (/[^aeiouy][yY]$/.test(s) && s.length > 2) s = s.slice(0, -1) + "i";
      if ((m = longest(s, S2)) && (b = s.length - m[0].length) >= p1 && (m[0] !== "ogi" || s[b - 1] === "l") && (m[0] !== "li" || "cdeghkmnrt".includes(s[b - 1]))) s = s.slice(0, b) + m[1];
      if ((m = longest(s, S3)) && (b = s.length - m[0].length) >= p1 && (m[0] !== "ative" || b >= p2)) s = s.slice(0, b) + m[1];
      if ((m = longest(s, S4)) && (b = s.length - m[0].length) >= p2 && (m[0] !== "ion" || "st".includes(s[b - 1]))) s = s.slice(0, b);
      b = s.length - 1;
      if (s[b] === "e" ? b >= p2 || b >= p1 && !shortv(s, b) : s[b] === "l" && b >= p2 && s[b - 1] === "l") s = s.slice(0, b);
    }
    return s.replace(/Y/g, "y");
  }
  // Whether a and b (arrays of characters) are at most one edit apart (insert, delete,
  // substitute, swap neighbours); with p, a and a start of b.
  function near(a, b, p) {
    if (p) return [0, 1, -1].some((k) => b.length >= a.length + k && near(a, b.slice(0, a.length + k)));
    let i = 0;
    while (a[i] === b[i] && i < a.length) i++;
    const same = (x, y) => a.slice(x).join() === b.slice(y).join();
    return same(i + 1, i + 1) || same(i + 1, i) || same(i, i + 1) || a[i] === b[i + 1] && a[i + 1] === b[i] && same(i + 2, i + 2);
  }
  globalThis.__folioWords = { stem, near };
})();
