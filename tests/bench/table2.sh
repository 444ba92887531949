#!/bin/bash
# Benchmark examples/table2.sh --model all --recompute-ci against the Python
# path (tests/gen/ref_checks.py: Python re + json + NumPy, the reference's
# algorithm) on a --sources 1000 synthetic bundle, in the same run.
# SPEC 11 asks the pipeline to be at least 50 times faster.  Both outputs
# must be identical.  Wall-clock and CPU (user + system of every process)
# are shown; on a busy machine the CPU ratio is the steadier one.  The sfb
# side is the best of SFB_BENCH_RUNS runs (wall and CPU each), the Python
# side one run; the load average at the start is printed with them.
#   SFB_BENCH_SOURCES   bundle size (default 1000)
#   SFB_BENCH_RUNS      sfb runs (default 3)
set -eu
cd "$(dirname "$0")/../.."
top=$(pwd)
python=/usr/bin/python3
if ! [ -x "$python" ] || ! "$python" -c 'import numpy' 2>/dev/null; then
	echo "table2: skipped (needs $python with NumPy for the Python path)"
	exit 0
fi
dir=$top/build/bench-table2
n=${SFB_BENCH_SOURCES:-1000}
if ! [ -f "$dir/$n/artifacts/SHA256SUMS.txt" ]; then
	rm -rf "$dir/$n"
	bin/sfb-synth --out "$dir/$n/artifacts" --code-root "$dir/$n/code-root" --sources "$n" >/dev/null
fi
export PATH=$top/bin:$PATH
TIMEFORMAT='%R %U %S'
load=$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo unknown)
: >"$dir/sfb.time"
for _ in $(seq "${SFB_BENCH_RUNS:-3}"); do
	{ time examples/table2.sh --artifacts "$dir/$n/artifacts" --model all --recompute-ci \
		>"$dir/sfb.out"; } 2>>"$dir/sfb.time"
done
{ time "$python" tests/gen/ref_checks.py table2 --artifacts "$dir/$n/artifacts" --model all \
	--recompute-ci >"$dir/py.out"; } 2>"$dir/py.time"
if ! cmp -s "$dir/sfb.out" "$dir/py.out"; then
	echo "table2: outputs differ (diff $dir/sfb.out $dir/py.out)" >&2
	exit 1
fi
read -r pw pu ps <"$dir/py.time"
awk -v n="$n" -v pw="$pw" -v pu="$pu" -v ps="$ps" -v load="$load" '
NR == 1 || $1 < sw { sw = $1 }
NR == 1 || $2 + $3 < sc { sc = $2 + $3 }
END {
	pc = pu + ps
	printf "table2 --model all --recompute-ci, %d sources: sfb %.2f s wall, %.2f s CPU (best of %d); ", n, sw, sc, NR
	printf "Python %.2f s wall, %.2f s CPU; load average %s\n", pw, pc, load
	printf "table2: %.1fx wall, %.1fx CPU (target: 50x)\n", pw / sw, pc / sc
}' "$dir/sfb.time"
