#!/bin/sh
# Benchmark examples/hallucination-provenance.sh and recovered-scoring.sh
# against the Python path of the same arithmetic in the same run, on a
# real-scale synthetic bundle (sfb-synth --sources 1000: nine models, about
# 8,000 reports each), with the pins sfb-synth writes.
#
# The Python side is tests/gen/gen_provenance_golden.py's two recipes (the
# receipts' arithmetic, written from the reference scripts) with the
# reference's lru caches on labels and response classes and the
# reference's label loop (re.search per synonym on text.lower()); it counts
# only the recipes, not Python's start or the hashing.  The sfb side is the
# whole script, start to exit, hashing included.  Best of the repetitions,
# wall and CPU time (children included), with the load average.
#   SFB_BENCH_REPS   repetitions of each side (default 3)
set -eu
cd "$(dirname "$0")/../.."
top=$(pwd)
dir="$top/build/bench-provenance"
python=/usr/bin/python3

if ! [ -x "$python" ]; then
	echo "provenance: skipped (needs $python for the reference side)"
	exit 0
fi
if ! [ -f "$dir/code/provenance/hallucination-provenance.sha256" ]; then
	rm -rf "$dir"
	mkdir -p "$dir"
	bin/sfb-synth --out "$dir/artifacts" --code-root "$dir/code" --sources 1000 >/dev/null
fi

exec "$python" - "$top" "$dir" "${SFB_BENCH_REPS:-3}" <<'PY'
import collections, functools, json, os, re, resource, subprocess, sys, time

top, dir, reps = sys.argv[1], sys.argv[2], int(sys.argv[3])
sys.path.insert(0, os.path.join(top, "tests", "gen"))
import gen_provenance_golden as G
import gen_text_golden as T

@functools.lru_cache(maxsize=100000)
def labels(text):
    low = text.lower()
    found = set()
    for cat, syns in T.PATHOLOGY_SYNONYMS.items():
        for s in syns:
            if re.search(r"\b" + re.escape(s) + r"\b", low):
                found.add(cat)
                break
    return frozenset(found)

G.labels = labels
G.full_refusal = functools.lru_cache(maxsize=100000)(G.full_refusal)
art = os.path.join(dir, "artifacts", "artifacts")
files = {n: open(os.path.join(art, n), "rb").read() for n in G.INPUTS + [G.CORE]}
env = dict(os.environ, PATH=os.path.join(top, "bin") + ":" + os.environ["PATH"])

def cpu():
    a = resource.getrusage(resource.RUSAGE_SELF)
    b = resource.getrusage(resource.RUSAGE_CHILDREN)
    return a.ru_utime + a.ru_stime + b.ru_utime + b.ru_stime

def timed(fn):
    best = None
    for _ in range(reps):
        labels.cache_clear()
        G.full_refusal.cache_clear()
        w, c = time.perf_counter(), cpu()
        fn()
        w, c = time.perf_counter() - w, cpu() - c
        best = (w, c) if best is None or w < best[0] else best
    return best

rows = sum(len(json.loads(files[n])) for n in G.INPUTS[1:3])
print("provenance checks on %d report rows (sfb-synth --sources 1000)" % rows)
for name, fn, tag in (("hallucination-provenance", G.hallucination, "hall"),
                      ("recovered-scoring", G.recovered, "rec")):
    pins = os.path.join(dir, "code", "provenance", name + ".sha256")
    cmd = [os.path.join(top, "examples", name + ".sh"), "--artifacts",
           os.path.join(dir, "artifacts"), "--code-root", os.path.join(dir, "code"),
           "--pins", pins]
    out = subprocess.run(cmd, env=env, capture_output=True)
    assert out.returncode in (0, 1), out.stderr
    sw, sc = timed(lambda: subprocess.run(cmd, env=env, capture_output=True))
    pw, pc = timed(lambda: fn(files, collections.defaultdict(str)))
    print("%-26s sfb %6.2f s wall %6.2f s cpu   python %6.2f s wall %6.2f s cpu   "
          "ratio python/sfb: wall %.2f cpu %.2f" % (name, sw, sc, pw, pc, pw / sw, pc / sc))
print("load average: %.2f %.2f %.2f" % os.getloadavg())
PY
