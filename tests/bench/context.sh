#!/bin/sh
# Benchmark sfb-context (SPEC 15, 11: at least 150 MB/s of NDJSON per core)
# beside a Python NegEx path in the same run: tests/gen/negex_port.py (a
# Python port of GenNegEx v1.2 with the frozen label registry), json.loads,
# the statuses and affirmed labels of both reports, json.dumps.  The input
# is realistic pair records: a synthetic bundle's retained panel paired by
# sfb-pair, repeated to about SFB_BENCH_MB MB.  sfb runs on one thread
# (-j 1), start to exit, writing to /dev/null, best of SFB_BENCH_REPS; the
# Python loop runs once over the first SFB_BENCH_PYRECS records (it needs
# about a millisecond a record) and its throughput is scaled to MB/s of
# the same records.  One more sfb run, not timed, is compared with
# Python's answers on those records.  Then the same on the refusal-dense
# pair records of tests/bench/corpus.py (SPEC 17: the figure holds on
# text where nearly every report refuses or hedges).
#   SFB_BENCH_MB      size of the input in MB (default 64)
#   SFB_BENCH_REPS    repetitions of the sfb run (default 5)
#   SFB_BENCH_PYRECS  records for the Python loop (default 4000)
#   SFB_BENCH_CORPUS  realistic, dense or both (default both)
set -eu
cd "$(dirname "$0")/../.."
top=$(pwd)
dir="$top/build/bench-context"
python=/usr/bin/python3

if ! [ -x "$python" ]; then
	echo "context: skipped (needs $python for the Python side)"
	exit 0
fi
mkdir -p "$dir"
mb=${SFB_BENCH_MB:-64}
in="$dir/pairs-${mb}mb.ndjson"
if ! [ -s "$in" ]; then
	rm -rf "$dir/bundle" "$dir/code-root"
	bin/sfb-synth --out "$dir/bundle" --sources 1000 >/dev/null
	bin/sfb-pair "$dir/bundle/artifacts/Results/final_inputs/panels/full_pipeline_retained/evaluation_results.json" \
		>"$dir/one.ndjson"
	: >"$in.tmp"
	while [ "$(wc -c <"$in.tmp")" -lt $((mb * 1000000)) ]; do
		cat "$dir/one.ndjson" >>"$in.tmp"
	done
	mv "$in.tmp" "$in"
fi
dense="$top/build/bench-text/dense-${mb}mb.ndjson"
mkdir -p "$top/build/bench-text"
"$python" - "$top" "$dense" "$mb" <<'EOF'
import os, sys
sys.path[:0] = [os.path.join(sys.argv[1], "tests", d) for d in ("gen", "bench")]
import corpus, gen_text_golden
corpus.dense_records(sys.argv[2], int(sys.argv[3]), gen_text_golden)
EOF

which=${SFB_BENCH_CORPUS:-both}
for title in realistic dense; do
	case $which in both|"$title") ;; *) continue ;; esac
	[ "$title" = realistic ] && path=$in || path=$dense
	"$python" - "$top" "$path" "${SFB_BENCH_REPS:-5}" "${SFB_BENCH_PYRECS:-4000}" "$title" <<'EOF'
import json, os, resource, subprocess, sys, time

top, path, reps, pyrecs, title = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), sys.argv[5]
sys.path.insert(0, os.path.join(top, "tests", "gen"))
import negex_port as N

rules = N.load_rules(os.path.join(top, "lib", "text", "negex", "negex_triggers.txt"))
size = os.path.getsize(path)
with open(path, encoding="utf-8") as f:
    lines = f.read().split("\n")[:-1]
sample = lines[:pyrecs]
sample_size = sum(len(l.encode("utf-8")) + 1 for l in sample)
prog = os.path.join(top, "bin", "sfb-context")


def run_sfb(argv, src, out):
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    with open(out, "wb") as sink:
        w = time.perf_counter()
        subprocess.run([prog] + argv + [src], stdout=sink, check=True)
        wall = time.perf_counter() - w
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


sw = sc = float("inf")
for _ in range(reps):
    a, b = run_sfb(["-j", "1"], path, os.devnull)
    sw, sc = min(sw, a), min(sc, b)

w, c = time.perf_counter(), time.process_time()
pyout = []
for line in sample:
    rec = json.loads(line)
    for side in ("source", "counterfactual"):
        st, _ = N.label_status(rec[side + "_report"], rules)
        rec[side + "_label_status"] = st
        rec[side + "_affirmed_labels"] = sorted(k for k, v in st.items() if v == "affirmed")
    pyout.append(rec)
pw, pc = time.perf_counter() - w, time.process_time() - c

spath = os.path.join(top, "build", "bench-context", "sample.ndjson")
with open(spath, "w", encoding="utf-8") as f:
    f.write("\n".join(sample) + "\n")
opath = os.path.join(top, "build", "bench-context", "out.ndjson")
run_sfb(["-j", "1"], spath, opath)
with open(opath, encoding="utf-8") as f:
    got = [json.loads(l) for l in f.read().split("\n")[:-1]]
if got != pyout:
    sys.exit("context: sfb-context differs from the Python path")

mbs = lambda n, t: n / t / 1e6
load = os.getloadavg()[0]
print("context, %s corpus: %d records, %.1f MB of NDJSON (%s); load average %.1f on %d processors"
      % (title, len(lines), size / 1e6, path, load, os.cpu_count()))
print("  %-14s %12s %12s %12s %12s %10s %9s" % ("", "sfb wall", "sfb CPU", "Python wall",
                                               "Python CPU", "wall ratio", "CPU ratio"))
print("  %-14s %7.0f MB/s %7.0f MB/s %7.2f MB/s %7.2f MB/s %9.0fx %8.0fx"
      % ("sfb-context", mbs(size, sw), mbs(size, sc), mbs(sample_size, pw),
         mbs(sample_size, pc), mbs(size, sw) / mbs(sample_size, pw),
         mbs(size, sc) / mbs(sample_size, pc)))
print("  (MB/s of NDJSON input, sfb on one thread; Python on the first %d records;"
      % len(sample))
print("   target: sfb-context >= 150 MB/s per core)")
EOF
done
