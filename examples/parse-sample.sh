#!/bin/bash
# parse-sample.sh - what the scorer sees in one report pair: the first
# usable pair of a model, in the file order of its generated reports, with
# both reports' recommendation categories and diagnostic labels.
. "$(dirname "$0")/lib.sh"
USAGE='[--artifacts DIR] [--model M]'
OPTIONS='artifacts model'
parse_args "$@"
[ ${#ARGS[@]} -eq 0 ] || usage_error "unexpected argument: ${ARGS[0]}"
MODEL=${MODEL:-gpt-5.4}

score_model "$MODEL"
# The usable pair ids, then the generated reports' pair ids in file order:
# the first of those that is usable.
jqr 'select(.usable) | .pair_id' "$PAIRS" >"$TMP/usable"
jqr '.[] | select(.model == $m and .image_role == "generated") | .pair_id' --arg m "$MODEL" "$EVAL" |
	awk 'NR == FNR { usable[$0] = 1; next } !done && ($0 in usable) { print; done = 1 }' "$TMP/usable" - >"$TMP/first"
[ -s "$TMP/first" ] || fail "No paired records found for model $MODEL"
jqr 'select(.pair_id == $id)
	| "Model: \(.model)", "Pair ID: \(.pair_id)",
	"Source recommendation categories: \(.source_recommendations | pyrepr)",
	"Generated recommendation categories: \(.counterfactual_recommendations | pyrepr)",
	"Source diagnostic labels: \(.source_diagnostic_labels | pyrepr)",
	"Generated diagnostic labels: \(.counterfactual_diagnostic_labels | pyrepr)",
	"\(.diagnostic_label_consistency)"' --arg id "$(cat "$TMP/first")" "$PAIRS" |
	awk 'NR < 7 { print; next } { printf "Diagnostic-label Jaccard: %.3f\n", $0 }'
