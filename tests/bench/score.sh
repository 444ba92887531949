#!/bin/sh
# sfb-score against the reference-equivalent Python path (re + json +
# NumPy: tests/gen/gen_score_golden.py score) on a complete common-core
# submission of report-length texts: 1000 sources, about 4,000 pairs,
# 10,000 resamples per endpoint.  Both score files must be identical; the
# target is sfb-score at least 30 times faster.  SCORE_SOURCES and
# SCORE_RUNS override the scale and the number of timed sfb-score runs.
set -eu
cd "$(dirname "$0")/../.."
top=$(pwd)
py=/usr/bin/python3
bin=${SFB_BIN:-$top/bin}
n=${SCORE_SOURCES:-1000}
runs=${SCORE_RUNS:-5}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
export SOURCE_DATE_EPOCH=1780000000

now() { date +%s.%N; }

"$py" tests/gen/gen_score_golden.py bundle "$tmp/b" "$n" 42
set -- --artifacts "$tmp/b" --submission "$tmp/b/submission.json" \
	--pins "$tmp/b/scope.pins"
pairs=$("$py" -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["results"]))' \
	"$tmp/b/submission.json")
size=$(wc -c <"$tmp/b/submission.json")

best=
i=0
while [ "$i" -lt "$runs" ]; do
	t0=$(now)
	"$bin/sfb-score" "$@" --output "$tmp/c.json" >/dev/null
	t1=$(now)
	t=$(echo "$t1 - $t0" | bc -l)
	if [ -z "$best" ] || [ "$(echo "$t < $best" | bc -l)" = 1 ]; then
		best=$t
	fi
	i=$((i + 1))
done

t0=$(now)
"$py" tests/gen/gen_score_golden.py score "$@" --output "$tmp/p.json" >/dev/null
t1=$(now)
tpy=$(echo "$t1 - $t0" | bc -l)

if cmp -s "$tmp/c.json" "$tmp/p.json"; then
	same="identical"
else
	same="DIFFERENT"
fi
printf 'sfb-score: %d pairs (%d bytes), 10000 resamples: sfb %.3f s (best of %d), Python %.2f s, ratio %.1fx (target 30x); score files %s\n' \
	"$pairs" "$size" "$best" "$runs" "$tpy" "$(echo "$tpy / $best" | bc -l)" "$same"
[ "$same" = identical ]
