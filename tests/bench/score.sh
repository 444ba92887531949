#!/bin/sh
# sfb-score against the reference-equivalent Python path (re + json +
# NumPy: tests/gen/gen_score_golden.py score) on a complete common-core
# submission of report-length texts: 1000 sources, about 4,000 pairs,
# 10,000 resamples per endpoint.  Both score files must be identical; the
# target is sfb-score at least 30 times faster.  Wall-clock and CPU time
# (user + system, which a loaded machine disturbs less) are both reported.
# SCORE_SOURCES and SCORE_RUNS override the scale and the number of timed
# sfb-score runs (the best is kept).
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

# "wall cpu" seconds of one run of the command.
timed() {
	/usr/bin/time -f '%e %U %S' -o "$tmp/time" "$@" >/dev/null
	awk '{ printf "%s %.3f\n", $1, $2 + $3 }' "$tmp/time"
}

"$py" tests/gen/gen_score_golden.py bundle "$tmp/b" "$n" 42
set -- --artifacts "$tmp/b" --submission "$tmp/b/submission.json" \
	--pins "$tmp/b/scope.pins"
pairs=$("$py" -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["results"]))' \
	"$tmp/b/submission.json")
size=$(wc -c <"$tmp/b/submission.json")

bw= bc=
i=0
while [ "$i" -lt "$runs" ]; do
	read -r w c <<-EOT
	$(timed "$bin/sfb-score" "$@" --output "$tmp/c.json")
	EOT
	if [ -z "$bw" ] || [ "$(echo "$w < $bw" | bc -l)" = 1 ]; then bw=$w; fi
	if [ -z "$bc" ] || [ "$(echo "$c < $bc" | bc -l)" = 1 ]; then bc=$c; fi
	i=$((i + 1))
done
read -r pw pc <<-EOT
$(timed "$py" tests/gen/gen_score_golden.py score "$@" --output "$tmp/p.json")
EOT

if cmp -s "$tmp/c.json" "$tmp/p.json"; then same=identical; else same=DIFFERENT; fi
printf 'sfb-score: %d pairs (%d bytes), 10000 resamples, best of %d: sfb %.3f s wall %.3f s CPU; Python %.2f s wall %.2f s CPU; ratio %.1fx wall, %.1fx CPU (target 30x); score files %s\n' \
	"$pairs" "$size" "$runs" "$bw" "$bc" "$pw" "$pc" \
	"$(echo "$pw / $bw" | bc -l)" "$(echo "$pc / $bc" | bc -l)" "$same"
[ "$same" = identical ]
