#!/usr/bin/env python3
"""Turns results/speed.tsv into the Markdown tables of README.md."""
import sys
rows = []
for line in open(sys.argv[1]):
    f = line.rstrip("\n").split("\t")
    s, e, lang = f[0], f[1], f[2]
    kv = dict(x.split(" ", 1) for x in f[4:])
    rows.append((s, e, lang, kv))
print("| set | engine | lines | lines/s per core | with setup | HTML MB |")
print("|---|---|---:|---:|---:|---:|")
for s, e, lang, kv in rows:
    if lang == "all":
        print(f"| {s} | {e} | {kv['lines']} | {float(kv['lines_per_s']):,.0f} | {float(kv['lines_per_s_with_setup']):,.0f} | {int(kv['html_bytes'])/1e6:.1f} |")
print()
print("| language | lines | giallo lines/s | tree-sitter lines/s | speed-up |")
print("|---|---:|---:|---:|---:|")
per = {}
for s, e, lang, kv in rows:
    if lang != "all":
        per.setdefault(lang, {})[e] = kv
for lang, d in sorted(per.items()):
    g, t = float(d["giallo"]["lines_per_s"]), float(d["ts"]["lines_per_s"])
    print(f"| {lang} | {d['ts']['lines']} | {g:,.0f} | {t:,.0f} | {t/g:.1f}× |")
