#!/usr/bin/env python3
"""Edit-to-browser latency of `folio serve` on a large site.

    python3 bench/serve_latency.py [--pages 10000] [--edits 20] [--work /tmp/folio-bench]

Builds the corpus from ../shared/bench/gen_corpus.py (default theme), starts
`folio serve --port 0`, then for each edit saves a page's Markdown the way editors do
(write a temporary file, rename it over the page) and measures, from the moment of
the rename:
  - served: until GET of that page returns the new text (polled every millisecond);
  - event: until the live-reload Server-Sent Event announcing that page arrives,
    which is when an open browser starts reloading it.
Body edits and title edits are measured separately. Prints medians and 90th
percentiles.
"""
import math, argparse, http.client, os, re, shutil, socket, statistics, subprocess, sys, threading, time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GEN = ROOT.parent / "shared" / "bench" / "gen_corpus.py"


class Events(threading.Thread):
    def __init__(self, port):
        super().__init__(daemon=True)
        self.sock = socket.create_connection(("127.0.0.1", port))
        self.sock.sendall(b"GET /__folio/events HTTP/1.1\r\nHost: 127.0.0.1:%d\r\nAccept: text/event-stream\r\n\r\n" % port)
        self.events = []  # (time, event, data)
        self.lock = threading.Lock()

    def run(self):
        buf, event = b"", None
        while True:
            chunk = self.sock.recv(65536)
            if not chunk:
                return
            buf += chunk
            while b"\n" in buf:
                line, buf = buf.split(b"\n", 1)
                line = line.decode(errors="replace").rstrip("\r")
                if line.startswith("event: "):
                    event = line[7:]
                elif line.startswith("data: "):
                    with self.lock:
                        self.events.append((time.perf_counter(), event, line[6:]))

    def first_after(self, t0, needle, timeout=30):
        end = time.perf_counter() + timeout
        while time.perf_counter() < end:
            with self.lock:
                for t, e, d in self.events:
                    if t >= t0 and e == "reload" and (needle in d or '"all":true' in d):
                        return t
            time.sleep(0.0005)
        raise SystemExit(f"no reload event for {needle}")


def get(conn, path):
    conn.request("GET", path)
    return conn.getresponse().read().decode(errors="replace")


def save(path: Path, text: str):
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(text)
    os.replace(tmp, path)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--pages", type=int, default=10000)
    ap.add_argument("--edits", type=int, default=20)
    ap.add_argument("--work", default="/tmp/folio-bench")
    ap.add_argument("--folio", default=str(ROOT / "target/release/folio"), help="the folio binary to measure (another build, to compare before and after)")
    args = ap.parse_args()
    work = Path(args.work)
    corpus = work / f"corpus-{args.pages}"
    if not (corpus / "manifest.json").exists():
        subprocess.run([sys.executable, str(GEN), "--pages", str(args.pages), "--out", str(corpus)], check=True, stdout=subprocess.DEVNULL)
    subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=ROOT, check=True)
    site = work / f"serve-site-{args.pages}"
    if site.exists():
        shutil.rmtree(site)
    shutil.copytree(corpus / "zola" / "content", site / "content")
    (site / "config.toml").write_text('title = "Bench Docs"\nbase_url = "https://example.com"\ntaxonomies = [{ name = "tags" }]\n')
    pages = sorted(p for p in (site / "content").rglob("*.md") if p.name != "_index.md")
    folio = subprocess.Popen([args.folio, "serve", "--root", str(site), "--port", "0"], stdout=subprocess.PIPE, text=True)
    try:
        line = folio.stdout.readline()
        port = int(re.search(r"127\.0\.0\.1:(\d+)", line).group(1))
        print(line.strip())
        ev = Events(port)
        ev.start()
        time.sleep(0.5)
        conn = http.client.HTTPConnection("127.0.0.1", port)
        results = {"body": ([], []), "title": ([], [])}
        for i in range(args.edits):
            page = pages[(i * 7919) % len(pages)]
            rel = page.relative_to(site / "content").with_suffix("")
            url = f"/{rel.as_posix()}/"
            out_path = f"{rel.as_posix()}/index.html"
            for kind in ("body", "title"):
                text = page.read_text()
                marker = f"zqx{kind}{i}edit"
                if kind == "body":
                    new = re.sub(r"(\+\+\+\n.*?\+\+\+\n)", lambda m: m.group(1) + marker + " ", text, count=1, flags=re.S)
                else:
                    new = re.sub(r'^title = "(.*)"$', lambda m: f'title = "{m.group(1)} {marker}"', text, count=1, flags=re.M)
                time.sleep(0.15)  # let the previous rebuild settle
                t0 = time.perf_counter()
                save(page, new)
                while marker not in get(conn, url):
                    time.sleep(0.001)
                served = time.perf_counter() - t0
                event = ev.first_after(t0, out_path) - t0
                results[kind][0].append(served * 1000)
                results[kind][1].append(event * 1000)
        for kind, (served, events) in results.items():
            # Percentiles by nearest rank, as bench/browser_latency.cjs computes them.
            rank = lambda xs, p: sorted(xs)[max(0, math.ceil(p * len(xs)) - 1)]
            q = lambda xs: (statistics.median(xs), rank(xs, 0.9))
            s, e = q(served), q(events)
            print(f"{kind} edit on {len(pages)} pages: served median {s[0]:.1f} ms (p90 {s[1]:.1f}), reload event median {e[0]:.1f} ms (p90 {e[1]:.1f}) over {len(served)} edits")
    finally:
        folio.terminate()
        folio.wait()


if __name__ == "__main__":
    main()
