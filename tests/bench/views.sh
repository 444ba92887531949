#!/bin/bash
# Benchmark the analysis views: examples/pictures.sh (every model scored,
# both primary endpoints and the four edit labels bootstrapped, 10,000
# resamples, and the pictures drawn with gnuplot) and examples/report.sh
# (the same plus the HTML page) against the Python path computing the same
# numbers (tests/gen/gen_views_golden.py: Python re + json + NumPy, the
# reference's algorithm; no pictures; the flips and the severity and
# hedging endpoints too when sfb-flips and the secondary stages are on
# PATH) on a --sources 1000 synthetic bundle,
# in the same run.  The numbers must be identical.  Wall-clock and CPU
# (user + system of every process) are shown; on a busy machine the CPU
# ratio is the steadier one.  The sfb side is the best of SFB_BENCH_RUNS
# runs, the Python side one run; the load average at the start is printed.
#   SFB_BENCH_SOURCES   bundle size (default 1000)
#   SFB_BENCH_RUNS      sfb runs (default 3)
set -eu
cd "$(dirname "$0")/../.."
top=$(pwd)
python=/usr/bin/python3
if ! [ -x "$python" ] || ! "$python" -c 'import numpy' 2>/dev/null; then
	echo "views: skipped (needs $python with NumPy for the Python path)"
	exit 0
fi
if ! command -v gnuplot >/dev/null; then
	echo "views: skipped (needs gnuplot)"
	exit 0
fi
dir=$top/build/bench-views
n=${SFB_BENCH_SOURCES:-1000}
if ! [ -f "$dir/$n/artifacts/SHA256SUMS.txt" ]; then
	rm -rf "$dir/$n"
	bin/sfb-synth --out "$dir/$n/artifacts" --code-root "$dir/$n/code-root" --sources "$n" >/dev/null
fi
export PATH=$top/bin:$PATH
TIMEFORMAT='%R %U %S'
load=$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo unknown)
: >"$dir/pictures.time"
: >"$dir/report.time"
for _ in $(seq "${SFB_BENCH_RUNS:-3}"); do
	{ time examples/pictures.sh --artifacts "$dir/$n/artifacts" --out "$dir/out" \
		>/dev/null 2>&1; } 2>>"$dir/pictures.time"
	{ time examples/report.sh --artifacts "$dir/$n/artifacts" --out "$dir/out" \
		>/dev/null 2>&1; } 2>>"$dir/report.time"
done
# With sfb-flips on PATH both sides compute the flips too, and with the
# secondary stages the severity and hedging endpoints.
files="primary by-edit"
flips=
if command -v sfb-flips >/dev/null && command -v sfb-severity >/dev/null; then
	flips=--flips
	files="$files flips flips-recs secondary"
fi
rm -rf "$dir/py"
{ time "$python" tests/gen/gen_views_golden.py "$dir/$n/artifacts" "$dir/py" $flips; } 2>"$dir/py.time"
jq -c '{model, metric, n, n_clusters, excluded, point_estimate, ci95}' "$dir/out/data/primary.ndjson" >"$dir/sfb.primary"
jq -c '{model, group, metric, n, n_clusters, excluded, point_estimate, ci95}' "$dir/out/data/by-edit.ndjson" >"$dir/sfb.by-edit"
if [ -n "$flips" ]; then
	jq -c 'del(.panel, .iterations, .seed, .method)' "$dir/out/data/flips.ndjson" >"$dir/sfb.flips"
	jq -c 'del(.panel, .iterations, .seed, .method)' "$dir/out/data/flips-recs.ndjson" >"$dir/sfb.flips-recs"
	jq -c 'select(.metric != "hallucination_abs_diff") | {model, metric, n, n_clusters, excluded, point_estimate, ci95}' \
		"$dir/out/data/secondary.ndjson" >"$dir/sfb.secondary"
	for f in flips flips-recs secondary; do
		jq -c . "$dir/py/$f.ndjson" >"$dir/py/$f.ndjson.tmp" && mv "$dir/py/$f.ndjson.tmp" "$dir/py/$f.ndjson"
	done
fi
for f in $files; do
	if ! cmp -s "$dir/sfb.$f" "$dir/py/$f.ndjson"; then
		echo "views: $f differs (diff $dir/sfb.$f $dir/py/$f.ndjson)" >&2
		exit 1
	fi
done
read -r pw pu ps <"$dir/py.time"
for what in pictures report; do
	awk -v what="$what" -v n="$n" -v pw="$pw" -v pu="$pu" -v ps="$ps" -v load="$load" '
	NR == 1 || $1 < sw { sw = $1 }
	NR == 1 || $2 + $3 < sc { sc = $2 + $3 }
	END {
		pc = pu + ps
		printf "views: %s.sh, %d sources: sfb %.2f s wall, %.2f s CPU (best of %d); ", what, n, sw, sc, NR
		printf "Python (numbers only) %.2f s wall, %.2f s CPU; load average %s\n", pw, pc, load
		printf "views: %s.sh %.1fx wall, %.1fx CPU\n", what, pw / sw, pc / sc
	}' "$dir/$what.time"
done
