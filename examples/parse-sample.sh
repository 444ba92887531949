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

# The model's pairs, scored, each with the position of its generated row
# in the panel; the report texts are dropped before jq sees the records (jq
# cannot read every text Python can).  The first usable pair in that order
# is the reference's choice.
find_panel "$MODEL"
sfb-pair --model "$MODEL" --row-index generated_row "$EVAL" 2>"$TMP/pair.err" |
	score -x source_report -x counterfactual_report >"$TMP/rows" || true
pair_fault "$MODEL" || true
jqr 'map(select(.usable)) | min_by(.generated_row) // empty
	| "Model: \(.model)", "Pair ID: \(.pair_id)",
	"Source recommendation categories: \(.source_recommendations | pyrepr)",
	"Generated recommendation categories: \(.counterfactual_recommendations | pyrepr)",
	"Source diagnostic labels: \(.source_diagnostic_labels | pyrepr)",
	"Generated diagnostic labels: \(.counterfactual_diagnostic_labels | pyrepr)",
	"\(.diagnostic_label_consistency)"' -s "$TMP/rows" >"$TMP/lines"
[ -s "$TMP/lines" ] || fail "No paired records found for model $MODEL"
awk 'NR < 7 { print; next } { printf "Diagnostic-label Jaccard: %.3f\n", $0 }' "$TMP/lines"
