#!/usr/bin/env bats
# The table2 pipeline on the fixture panel against golden values computed
# independently (tests/gen/gen_pipeline_golden.py: Python re, json and
# NumPy following the reference's reviewer_verify.py):
#   sfb-pair | sfb-refusal | sfb-extract-labels | sfb-rec-bucket |
#   sfb-jaccard | sfb-cluster-boot

load test_helper

P="$TOP/tests/golden/pipeline"
VALUES='del(.recommendation_changed, .recommendation_jaccard, .diagnostic_label_consistency, .diagnostic_labels_both_empty)'
# What the golden per-pair file keeps of a scored pair record.
PROJECT='if .usable then {model, pair_id, source_id, usable, source_response_class, counterfactual_response_class, source_diagnostic_labels, counterfactual_diagnostic_labels, source_recommendations, counterfactual_recommendations, recommendation_changed, recommendation_jaccard, diagnostic_label_consistency, diagnostic_labels_both_empty} else {model, pair_id, source_id, usable, source_response_class, counterfactual_response_class} end'

models() { grep -v '^#' "$P/counts.tsv" | cut -f1; }

# The two sfb-cluster-boot lines of model number $1 (0-based, code-point
# order, as counts.tsv and boot.ndjson list them).
boot_lines() { sed -n "$(($1 * 2 + 1)),$(($1 * 2 + 2))p" "$P/boot.ndjson"; }

@test "pipeline: sfb-jaccard on the golden sets gives the golden per-pair values" {
	run_split sh -c "jq -c '$VALUES' '$P/scored.ndjson' | sfb-jaccard | jq -cS ."
	assert_success
	assert_stderr ""
	assert_output "$(jq -cS . "$P/scored.ndjson")"
}

@test "pipeline: sfb-jaccard | sfb-cluster-boot gives the NumPy bootstrap of each model" {
	nth=0
	for m in $(models); do
		run_split sh -c "jq -c --arg m '$m' 'select(.model == \$m) | $VALUES' '$P/scored.ndjson' | sfb-jaccard | sfb-cluster-boot"
		assert_success
		assert_stderr ""
		assert_output "$(boot_lines $nth)"
		nth=$((nth + 1))
	done
}

@test "pipeline: sfb-pair | sfb-extract-labels | sfb-rec-bucket gives the golden sets of every pair" {
	run_split sh -c "sfb-pair '$P/evaluation_results.json' | sfb-extract-labels | sfb-rec-bucket | jq -cS '{model, pair_id, source_diagnostic_labels, counterfactual_diagnostic_labels, source_recommendations, counterfactual_recommendations}'"
	assert_success
	assert_stderr ""
	assert_output "$(jq -cS . "$P/sets.ndjson")"
}

@test "pipeline: the whole table2 pipeline of each model equals the golden bootstrap" {
	nth=0
	for m in $(models); do
		run_split sh -c "sfb-pair --model '$m' '$P/evaluation_results.json' | sfb-refusal | sfb-extract-labels | sfb-rec-bucket | sfb-jaccard | sfb-cluster-boot"
		assert_success
		assert_stderr ""
		assert_output "$(boot_lines $nth)"
		nth=$((nth + 1))
	done
}

@test "pipeline: every pair of every model through the stages equals the golden records" {
	run_split sh -c "sfb-pair '$P/evaluation_results.ndjson' | sfb-refusal | sfb-extract-labels | sfb-rec-bucket | sfb-jaccard | jq -cS '$PROJECT'"
	assert_success
	assert_stderr ""
	assert_output "$(jq -cS . "$P/scored.ndjson")"
}

@test "pipeline: usable, full-refusal and partial-refusal pair counts equal table2's" {
	run_split sh -c "sfb-pair '$P/evaluation_results.json' | sfb-refusal | jq -rs 'group_by(.model)[] | [.[0].model, (map(select(.usable)) | length), (map(select(.usable | not)) | length), (map(select(.usable and (.source_response_class == \"partial_refusal\" or .counterfactual_response_class == \"partial_refusal\"))) | length)] | @tsv'"
	assert_success
	assert_stderr ""
	assert_output "$(grep -v '^#' "$P/counts.tsv")"
}
