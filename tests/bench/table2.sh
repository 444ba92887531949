#!/bin/bash
# Benchmark examples/table2.sh --model all --recompute-ci against the Python
# path (tests/gen/ref_checks.py: Python re + json + NumPy, the reference's
# algorithm) on two --sources 1000 synthetic bundles, in the same run: the
# default one (reports of about 370 characters, 55 MB of retained panels)
# and sfb-synth --short-reports (about 260 characters, 46 MB), where the
# fixed costs weigh more beside the text work.
# SPEC 11 asks the pipeline to be at least 50 times faster on both.  Both
# outputs must be identical.  Wall-clock and CPU (user + system of every
# process) are shown; on a busy machine the CPU ratio is the steadier one.
# The sfb side is the best of SFB_BENCH_RUNS runs (wall and CPU each), the
# Python side one run; the load average at the start of each case is
# printed with it.
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
export PATH=$top/bin:$PATH
TIMEFORMAT='%R %U %S'

# bench NAME [SFB-SYNTH OPTION...]: one case, its bundle made once.
bench() {
	local name=$1 b=$dir/$n$2 load pw pu ps
	shift 2
	if ! [ -f "$b/artifacts/SHA256SUMS.txt" ]; then
		rm -rf "$b"
		bin/sfb-synth --out "$b/artifacts" --code-root "$b/code-root" --sources "$n" \
			"$@" >/dev/null
	fi
	load=$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo unknown)
	: >"$b/sfb.time"
	for _ in $(seq "${SFB_BENCH_RUNS:-3}"); do
		{ time examples/table2.sh --artifacts "$b/artifacts" --model all --recompute-ci \
			>"$b/sfb.out"; } 2>>"$b/sfb.time"
	done
	{ time "$python" tests/gen/ref_checks.py table2 --artifacts "$b/artifacts" --model all \
		--recompute-ci >"$b/py.out"; } 2>"$b/py.time"
	if ! cmp -s "$b/sfb.out" "$b/py.out"; then
		echo "table2 ($name): outputs differ (diff $b/sfb.out $b/py.out)" >&2
		exit 1
	fi
	read -r pw pu ps <"$b/py.time"
	awk -v n="$n" -v name="$name" -v pw="$pw" -v pu="$pu" -v ps="$ps" -v load="$load" '
	NR == 1 || $1 < sw { sw = $1 }
	NR == 1 || $2 + $3 < sc { sc = $2 + $3 }
	END {
		pc = pu + ps
		printf "table2 --model all --recompute-ci, %d sources, %s: ", n, name
		printf "sfb %.2f s wall, %.2f s CPU (best of %d); ", sw, sc, NR
		printf "Python %.2f s wall, %.2f s CPU; load average %s\n", pw, pc, load
		printf "table2 (%s): %.1fx wall, %.1fx CPU (target: 50x)\n", name, pw / sw, pc / sc
	}' "$b/sfb.time"
}

bench "default reports" ""
bench "short reports" -short --short-reports
