#!/bin/bash
# gap-sensitivity.sh - exact versus graded stability gap per model: the
# diagnostic Jaccard minus exact recommendation stability, and minus the
# recommendation Jaccard, from the same scored reports as table2.
. "$(dirname "$0")/lib.sh"
USAGE='[--artifacts DIR] [--model M]'
OPTIONS='artifacts model'
parse_args "$@"
[ ${#ARGS[@]} -eq 0 ] || usage_error "unexpected argument: ${ARGS[0]}"
[ -z "$MODEL" ] || check_model "$MODEL"

echo "model,usable_pairs,rec_change,rec_exact_stability,rec_jaccard,diag_jaccard,gap_exact,gap_graded"
: >"$TMP/gaps"
[ -n "$MODEL" ] || prefetch_tallies
for m in ${MODEL:-"${MODELS[@]}"}; do
	score_model "$m"
	tally_model "$m"
	set -- $TALLIES
	[ "$1" -gt 0 ] || fail "No usable pairs found for model $m"
	awk -v m="$m" -v n="$1" -v changed="$5" -v recj="$6" -v diag="$7" -v gaps="$TMP/gaps" 'BEGIN {
		rec = changed / n
		stable = 1.0 - rec
		recj = recj / n
		diag = diag / n
		printf "%s,%d,%.6f,%.6f,%.6f,%.6f,%.6f,%.6f\n", m, n, rec, stable, recj, diag,
		    diag - stable, diag - recj
		printf "%.17g %.17g\n", diag - stable, diag - recj >>gaps
	}'
done
# Python's statistics.median of each column.
awk '
function median(v, k,   i, j, t) {
	for (i = 2; i <= k; i++)
		for (j = i; j > 1 && v[j - 1] > v[j]; j--) {
			t = v[j]; v[j] = v[j - 1]; v[j - 1] = t
		}
	return k % 2 ? v[(k + 1) / 2] : (v[k / 2] + v[k / 2 + 1]) / 2
}
{ exact[NR] = $1; graded[NR] = $2; neg += $2 < 0 }
END {
	printf "median_gap_exact: %.6f\n", median(exact, NR)
	printf "median_gap_graded: %.6f\n", median(graded, NR)
	printf "gap_graded_negative_models: %d/%d\n", neg, NR
}' "$TMP/gaps"
