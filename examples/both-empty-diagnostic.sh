#!/bin/bash
# both-empty-diagnostic.sh - usable pairs whose two reports carry no
# diagnostic label at all (their Jaccard counts as 1.0), per model and
# pooled.
. "$(dirname "$0")/lib.sh"
USAGE='[--artifacts DIR] [--model M]'
OPTIONS='artifacts model'
parse_args "$@"
[ ${#ARGS[@]} -eq 0 ] || usage_error "unexpected argument: ${ARGS[0]}"
[ -z "$MODEL" ] || check_model "$MODEL"

echo "model,usable_pairs,both_empty_diagnostic_label_pairs,rate"
: >"$TMP/counts"
[ -n "$MODEL" ] || prefetch_tallies
for m in ${MODEL:-"${MODELS[@]}"}; do
	score_model "$m"
	tally_model "$m"
	set -- $TALLIES
	[ "$1" -gt 0 ] || fail "No usable pairs found for model $m"
	printf '%s,%d,%d,%s\n' "$m" "$1" "$8" "$(awk -v k="$8" -v n="$1" 'BEGIN { printf "%.4f%%", k / n * 100 }')"
	echo "$1 $8" >>"$TMP/counts"
done
awk '{ n += $1; k += $2 }
END { printf "pooled_both_empty: %d/%d (%.4f%%)\n", k, n, k / n * 100 }' "$TMP/counts"
