#!/bin/bash
# Benchmark the secondary endpoints against the Python path in the same run:
# 1. sfb-severity and sfb-hedging, one thread each, against the reference's
#    loops (json.loads, re.search per severity term / len(re.findall) per
#    hedging pattern on text.lower(), json.dumps) on the realistic pair
#    records of tests/bench/text-stages.sh (SPEC 11: at least 300 MB/s of
#    NDJSON per core); outputs compared record by record.  Then the same
#    on the refusal-dense pair records (SPEC 17: the figure holds there
#    too), unless SFB_BENCH_CORPUS says realistic or dense only.
# 2. examples/secondary.sh --model all against tests/gen/ref_secondary.py
#    (Python re + NumPy, the same arithmetic) on a --sources 1000 synthetic
#    bundle; both outputs must be identical.
# Best of SFB_BENCH_REPS sfb runs, one Python run; CPU time is the steadier
# figure on a busy machine, and the load average is printed.
#   SFB_BENCH_MB       size of the generated pair records (default 64)
#   SFB_BENCH_REPS     sfb repetitions (default 5)
#   SFB_BENCH_SOURCES  bundle size (default 1000)
#   SFB_BENCH_CORPUS   realistic, dense or both (default both)
set -eu
cd "$(dirname "$0")/../.."
top=$(pwd)
python=/usr/bin/python3
if ! [ -x "$python" ] || ! "$python" -c 'import numpy' 2>/dev/null; then
	echo "secondary: skipped (needs $python with NumPy for the Python path)"
	exit 0
fi
echo "secondary: load average $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo unknown)"
mkdir -p build/bench-text
"$python" - "$top" "${SFB_BENCH_MB:-64}" "${SFB_BENCH_REPS:-5}" \
	"${SFB_BENCH_CORPUS:-both}" <<'PY'
import json, os, random, re, resource, subprocess, sys, time

top, mb, reps, which = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
sys.path.insert(0, os.path.join(top, "tests", "gen"))
import gen_text_golden as g
sys.path.insert(0, os.path.join(top, "tests", "bench"))
import corpus

SEVERITY = {1: ["minimal", "mild", "slight", "minor", "subtle"],
            2: ["moderate", "moderately", "intermediate"],
            3: ["severe", "significant", "marked", "pronounced", "advanced"],
            4: ["critical", "extreme", "extensive"]}
HEDGES = [r"\bmay\b", r"\bmight\b", r"\bpossibly\b", r"\bpossible\b", r"\blikely\b",
          r"\bsuggests?\b", r"\bcannot exclude\b", r"\bcannot rule out\b", r"\buncertain\b",
          r"\bdifferential includes\b", r"\bconsider\b", r"\bcorrelate clinically\b",
          r"\bprobable\b", r"\bsuspected\b", r"\bapparent\b", r"\bquestionable\b",
          r"\bequivocal\b"]


def severity(text):
    t = text.lower()
    best = 0
    for score, terms in SEVERITY.items():
        for term in terms:
            if re.search(r"\b" + term + r"\b", t):
                best = max(best, score)
    return best


def hedges(text):
    t = text.lower()
    return sum(len(re.findall(p, t)) for p in HEDGES)


def py_severity(rec):
    a, b = severity(rec["source_report"]), severity(rec["counterfactual_report"])
    rec.update(source_severity=a, counterfactual_severity=b, severity_shift=a - b,
               severity_abs_diff=abs(a - b))


def py_hedging(rec):
    a, b = hedges(rec["source_report"]), hedges(rec["counterfactual_report"])
    rec.update(source_hedges=a, counterfactual_hedges=b, hedging_abs_diff=abs(a - b),
               hedging_ratio=1.0 if a == b == 0 else 0.0 if 0 in (a, b) else min(a, b) / max(a, b))


def run_sfb(argv, path, out=os.devnull):
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    with open(out, "wb") as sink:
        w = time.perf_counter()
        if subprocess.call(argv + [path], stdout=sink) != 0:
            sys.exit("secondary: %s failed" % argv)
        wall = time.perf_counter() - w
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


for title, make, stem in (("realistic", corpus.pair_records, "pairs"),
                          ("dense", corpus.dense_records, "dense")):
    if which not in ("both", title):
        continue
    path = os.path.join(top, "build", "bench-text", "%s-%dmb.ndjson" % (stem, mb))
    make(path, mb, g)
    size = os.path.getsize(path)
    with open(path, encoding="utf-8") as f:
        lines = f.read().split("\n")[:-1]
    print("secondary, %s corpus: %d records, %.1f MB of NDJSON (%s)" % (title, len(lines), size / 1e6, path))
    print("  %-22s %12s %12s %12s %12s %10s %9s" % ("", "sfb wall", "sfb CPU", "Python wall",
                                                 "Python CPU", "wall ratio", "CPU ratio"))
    mbs = lambda t: size / t / 1e6
    for name, fn in (("sfb-severity", py_severity), ("sfb-hedging", py_hedging)):
        argv = [os.path.join(top, "bin", name), "-j", "1"]
        sw = sc = float("inf")
        for _ in range(reps):
            a, b = run_sfb(argv, path)
            sw, sc = min(sw, a), min(sc, b)
        outpath = os.path.join(top, "build", "bench-text", "secondary.out")
        run_sfb(argv, path, outpath)
        w, c = time.perf_counter(), time.process_time()
        pyout = []
        for line in lines:
            rec = json.loads(line)
            fn(rec)
            pyout.append(rec)
        pw, pc = time.perf_counter() - w, time.process_time() - c
        with open(outpath, "rb") as f:
            got = [json.loads(l) for l in f.read().decode("utf-8", "surrogatepass").split("\n")[:-1]]
        if got != pyout:
            sys.exit("secondary: %s output differs from the Python path" % name)
        print("  %-22s %7.0f MB/s %7.0f MB/s %7.1f MB/s %7.1f MB/s %9.0fx %8.0fx"
              % (name + " -j 1", mbs(sw), mbs(sc), mbs(pw), mbs(pc), pw / sw, pc / sc))
print("  (target: each >= 300 MB/s of NDJSON per core)")
PY

dir=$top/build/bench-table2
n=${SFB_BENCH_SOURCES:-1000}
if ! [ -f "$dir/$n/artifacts/SHA256SUMS.txt" ]; then
	rm -rf "$dir/$n"
	bin/sfb-synth --out "$dir/$n/artifacts" --code-root "$dir/$n/code-root" --sources "$n" >/dev/null
fi
export PATH=$top/bin:$PATH
TIMEFORMAT='%R %U %S'
best=
for _ in $(seq "${SFB_BENCH_REPS:-5}"); do
	t=$( { time examples/secondary.sh --artifacts "$dir/$n/artifacts" >"$dir/secondary.sfb" 2>&1; } 2>&1 )
	best=$(printf '%s\n%s\n' "$best" "$t" | awk 'NF { w = $1; c = $2 + $3
		if (bw == "" || w < bw) bw = w; if (bc == "" || c < bc) bc = c }
		END { print bw, bc, 0 }')
done
py=$( { time "$python" tests/gen/ref_secondary.py --artifacts "$dir/$n/artifacts" >"$dir/secondary.py" 2>&1; } 2>&1 )
cmp -s "$dir/secondary.sfb" "$dir/secondary.py" || { echo "secondary: secondary.sh and ref_secondary.py differ"; exit 1; }
echo "$best $py" | awk -v n="$n" '{
	sw = $1; sc = $2 + $3; pw = $4; pc = $5 + $6
	printf "secondary.sh --model all, %d sources, 9 models (CIs included): sfb %.2f s wall %.2f s CPU; Python %.1f s wall %.1f s CPU; ratio %.0fx wall, %.0fx CPU\n",
	    n, sw, sc, pw, pc, pw / sw, pc / sc }'
