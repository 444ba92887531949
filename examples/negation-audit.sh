#!/bin/bash
# negation-audit.sh - how much of each model's label agreement rests on
# negated or hedged mentions (SPEC 15): per model and category, the share
# of frozen label mentions (a category found in a report, both reports of
# every usable pair) whose NegEx status (sfb-context) is negated or
# possible; then per model the frozen diagnostic-label consistency and the
# affirmed-label consistency, each with its source-clustered 95% CI.
. "$(dirname "$0")/lib.sh"
USAGE='[--artifacts DIR] [--model M|all] [--bootstrap-iterations N] [--seed S]'
OPTIONS='artifacts model bootstrap-iterations seed'
parse_args "$@"
[ ${#ARGS[@]} -eq 0 ] || usage_error "unexpected argument: ${ARGS[0]}"
[ -z "$MODEL" ] || check_model "$MODEL" all
[ "$MODEL" != all ] || MODEL=

echo "model,category,label_mentions,negated,possible,negated_or_possible_share"
: >"$TMP/consistency"
for m in ${MODEL:-"${MODELS[@]}"}; do
	find_panel "$m"
	# The texts go once scored: jq 1.6 rejects lone surrogates.
	sfb-pair --model "$m" "$EVAL" | score |
		sfb-context -x source_report -x counterfactual_report |
		sfb-jaccard -a source_affirmed_labels -b counterfactual_affirmed_labels \
			-k affirmed_label_consistency >"$TMP/pairs"
	jq -r --arg m "$m" -s '
		[.[] | select(.usable != false) |
		 (.source_label_status, .counterfactual_label_status) | to_entries[]] |
		group_by(.key)[] |
		[$m, .[0].key, length,
		 (map(select(.value == "negated")) | length),
		 (map(select(.value == "possible")) | length)] |
		. + [(.[3] + .[4]) / .[2]] | @tsv' "$TMP/pairs" |
		awk -F'\t' '{ printf "%s,%s,%d,%d,%d,%.4f\n", $1, $2, $3, $4, $5, $6 }'
	sfb-cluster-boot -v diagnostic_label_consistency -v affirmed_label_consistency \
		-c source_id -n "$ITERATIONS" -s "$SEED" "$TMP/pairs" |
		jq -r --arg m "$m" -s '
			[$m, .[0].n, .[0].point_estimate, .[0].ci95.lower, .[0].ci95.upper,
			 .[1].point_estimate, .[1].ci95.lower, .[1].ci95.upper] | @tsv' |
		awk -F'\t' '{ printf "%s,%d,%.4f,%.4f,%.4f,%.4f,%.4f,%.4f\n",
			$1, $2, $3, $4, $5, $6, $7, $8 }' >>"$TMP/consistency"
done
echo "model,usable_pairs,diagnostic_label_consistency,ci_lower,ci_upper,affirmed_label_consistency,ci_lower,ci_upper"
cat "$TMP/consistency"
