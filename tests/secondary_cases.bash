# The cases of examples/secondary.sh and examples/per-pathology.sh, shared
# by tests/secondary-examples.bats and tests/gen/gen_secondary_checks.sh:
# each sets SCRIPT and ARGS and may first change the bundle at $B (a copy).
SUM=artifacts/Results/analysis/common_core_1000_summary.json

edit_summary() {
	jq "$1" "$B/$SUM" >"$B/$SUM.new" && mv "$B/$SUM.new" "$B/$SUM"
}

case_all() { SCRIPT=secondary; ARGS=(--artifacts "$B"); }
case_one_no_ci() { SCRIPT=secondary; ARGS=(--artifacts "$B" --model gpt-5.4 --no-ci); }
case_baseline_model() { SCRIPT=secondary; ARGS=(--artifacts "$B" --model radfm); }
case_severity_mismatch() {
	edit_summary '.panels.full.models["glm-4.6v"].primary_secondary_stats.severity_language.mean_abs_difference += 0.000001'
	SCRIPT=secondary; ARGS=(--artifacts "$B" --model glm-4.6v --no-ci)
}
case_severity_count() {
	edit_summary '.panels.full.models["gpt-5.4"].primary_secondary_stats.severity_language.n_pairs += 1'
	SCRIPT=secondary; ARGS=(--artifacts "$B" --no-ci)
}
case_hedging_mismatch() {
	edit_summary '.panels.full.models["kimi-k2.5"].primary_secondary_stats.confidence.mean_abs_difference -= 0.01'
	SCRIPT=secondary; ARGS=(--artifacts "$B" --no-ci)
}
case_hallucination_count() {
	edit_summary '.panels.baseline.models.radfm.primary_secondary_stats.hallucination.n_pairs -= 1'
	SCRIPT=secondary; ARGS=(--artifacts "$B" --model radfm --no-ci)
}
case_hallucination_mismatch() {
	edit_summary '.panels.full.models["gemma-4"].primary_secondary_stats.hallucination.mean_disparity += 1e-9'
	SCRIPT=secondary; ARGS=(--artifacts "$B" --model gemma-4 --no-ci)
}
case_hallucination_within_tolerance() {
	edit_summary '.panels.full.models["gemma-4"].primary_secondary_stats.hallucination.mean_disparity += 1e-13'
	SCRIPT=secondary; ARGS=(--artifacts "$B" --model gemma-4 --no-ci)
}
case_absent_fields() {
	edit_summary '.panels.full.models["claude-opus-4-6"].primary_secondary_stats |= del(.confidence, .hallucination)'
	SCRIPT=secondary; ARGS=(--artifacts "$B" --model claude-opus-4-6)
}
case_missing_pathology_labels() {
	# sources without an entry: no ground truth, fewer hallucination pairs
	local p=$B/artifacts/Results/final_inputs/panels/full_pipeline_retained/pairs.json
	jq '[.[] | select(.source_id | test("^vindr_0") | not)]' "$p" >"$p.new" && mv "$p.new" "$p"
	SCRIPT=secondary; ARGS=(--artifacts "$B" --model claude-sonnet-4-6)
}
case_pathology_all() { SCRIPT=per_pathology; ARGS=(--artifacts "$B"); }
case_pathology_one() { SCRIPT=per_pathology; ARGS=(--artifacts "$B" --model gemma-4); }
case_pathology_fewer_sources() {
	local p=$B/artifacts/Results/final_inputs/panels/baseline_only_retained/pairs.json
	jq '[.[] | select(.source_id | test("^vindr_[0-7]") | not)]' "$p" >"$p.new" && mv "$p.new" "$p"
	SCRIPT=per_pathology; ARGS=(--artifacts "$B" --model qwen2.5-vl)
}
