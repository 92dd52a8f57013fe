#!/usr/bin/env python3
"""Gathers the two input sets of the highlighting study into a manifest.

corpus: every fenced code block of the bench corpus's Markdown (Rust and TOML).
real:   source files found on this machine, per language, each cut to its first
        300 lines, up to about 3,000 lines per language (see SOURCES below).

Writes OUT/<set>/NNNNN.txt and OUT/<set>.tsv (fence language, path, lines).
"""
import glob, os, re, sys

OUT = sys.argv[1] if len(sys.argv) > 1 else "/tmp/hl-inputs"
CORPUS = sys.argv[2] if len(sys.argv) > 2 else "/tmp/bb10k/corpus-10000/zola/content"
REG = glob.glob(os.path.expanduser("~/.cargo/registry/src/*"))[0]
PY = sorted(glob.glob("/usr/lib/python3.1*"))[-1]

# (fence language, glob patterns); the first files in sorted order are taken.
SOURCES = [
    ("rust", [f"{REG}/serde-1*/src/**/*.rs", f"{REG}/rayon-core-*/src/**/*.rs"]),
    ("toml", [f"{REG}/*/Cargo.toml.orig"]),
    ("python", [f"{PY}/json/*.py", f"{PY}/http/*.py", f"{PY}/email/*.py"]),
    ("javascript", ["/usr/lib/node_modules/npm/lib/**/*.js"]),
    ("typescript", [f"{REG}/arborium-tree-sitter-*/binding_web/src/*.ts"]),
    ("go", ["/usr/share/doc/git/contrib/**/*.go", f"{REG}/libwebp-sys-*/vendor/swig/*.go"]),
    ("c", [f"{REG}/onig_sys-69.9.3/oniguruma/src/reg*.c", f"{REG}/libz-sys-*/src/zlib/*.c"]),
    ("cpp", [f"{REG}/libwebp-sys-*/vendor/tests/fuzzer/*.cc", "/root/.pyenv/versions/3.13.0/lib/python3.13/test/test_cppext/*.cpp", f"{REG}/cc-*/src/*.cpp"]),
    ("java", [f"{REG}/arborium-java-*/samples/*.java", f"{REG}/arborium-java-*/sample.java"]),
    ("bash", [f"{REG}/*/ci/*.sh", f"{REG}/*/*.sh", "/usr/share/doc/git/contrib/**/*.sh"]),
    ("yaml", [f"{REG}/*/.github/workflows/*.yml"]),
    ("json", [f"{REG}/*/.cargo_vcs_info.json", "/work/zola/components/**/*.json", "/usr/lib/node_modules/npm/node_modules/*/package.json", "/usr/lib/node_modules/*/package.json"]),
    ("html", ["/work/zola/components/templates/**/*.html", "/work/zola/test_site/templates/**/*.html", "/work/zola/docs/templates/**/*.html"]),
    ("css", ["/work/zola/components/**/*.css", "/work/zola/test_site*/**/*.css", "/usr/share/doc/**/*.css"]),
    ("sql", ["/usr/share/postgresql/*/extension/*.sql", "/usr/share/postgresql/*/information_schema.sql"]),
    ("dockerfile", ["/work/zola/Dockerfile", "/root/.pyenv/test/Dockerfile", "/usr/lib/google-cloud-sdk/platform/ext-runtime/*/data/Dockerfile"]),
]
PER_FILE = 300
PER_LANG = 3000


def corpus():
    fence = re.compile(r"^```([A-Za-z0-9_+-]*)[^\n]*\n(.*?)^```\s*$", re.M | re.S)
    out = []
    for md in sorted(glob.glob(f"{CORPUS}/**/*.md", recursive=True)):
        text = open(md, encoding="utf-8").read()
        for m in fence.finditer(text):
            out.append((m.group(1) or "", m.group(2)))
    return out


def real():
    out = []
    for lang, patterns in SOURCES:
        total, seen = 0, set()
        for pat in patterns:
            for path in sorted(glob.glob(pat, recursive=True)):
                if total >= PER_LANG or path in seen or not os.path.isfile(path):
                    continue
                if ".d.ts" in path or ".min." in path or os.path.getsize(path) < 200:
                    continue
                seen.add(path)
                try:
                    lines = open(path, encoding="utf-8").read().splitlines(True)[:PER_FILE]
                except (UnicodeDecodeError, OSError):
                    continue
                out.append((lang, "".join(lines), path))
                total += len(lines)
        print(f"real {lang}: {total} lines from {len(seen)} files", file=sys.stderr)
    return out


def write(name, blocks):
    d = os.path.join(OUT, name)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(OUT, f"{name}.tsv"), "w") as tsv:
        for i, b in enumerate(blocks):
            p = os.path.join(d, f"{i:05}.txt")
            open(p, "w", encoding="utf-8").write(b[1])
            origin = b[2] if len(b) > 2 else ""
            tsv.write(f"{b[0]}\t{p}\t{b[1].count(chr(10))}\t{origin}\n")
    print(f"{name}: {len(blocks)} blocks, {sum(b[1].count(chr(10)) for b in blocks)} lines", file=sys.stderr)


write("corpus", corpus())
write("real", real())
