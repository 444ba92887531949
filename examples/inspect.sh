#!/bin/bash
# inspect.sh - package inventory: every file the reviewer checks read is
# present; then the headline counts and the locked prompts.
. "$(dirname "$0")/lib.sh"
USAGE='[--artifacts DIR] [--code-root DIR]'
OPTIONS='artifacts code-root'
parse_args "$@"
[ ${#ARGS[@]} -eq 0 ] || usage_error "unexpected argument: ${ARGS[0]}"

FREEZE=artifacts/freeze_runs/2026-04-09
FINAL=artifacts/Results/final_inputs
for rel in README.md DATA_LICENSE.md SHA256SUMS.txt benchmark_card.md croissant.json \
	dataset/README.md dataset/release_manifest.json dataset/qc_metadata.jsonl \
	dataset/qc_passed_pair_manifest.jsonl dataset/pairs.json dataset/source_metadata.json \
	$FREEZE/canonical_definitions.json $FREEZE/evaluation_source_subset.json \
	$FREEZE/evaluation_source_subset_core1000.json \
	$FREEZE/exclusion_evidence/gemini_baseline_backfill_canonical_2026-04-16.json \
	$FREEZE/exclusion_evidence/medgemma_baseline_canary_canonical.json \
	$SUMMARY $ANALYSIS/generator_evaluation_overlap.json \
	$ANALYSIS/mitigation_conditions_manifest.json $ANALYSIS/mitigation_parsing_confidence.json \
	$ANALYSIS/mitigation_stage1_trace_manifest.json $ANALYSIS/mitigation_summary.json \
	$FINAL/all_model_intersection_2166_manifest.json $FINAL/final_panel_freeze_manifest.json \
	protocol/binding_rule_2026-04-08.md protocol/generator_artifact_controls_c1_c4_registration.json \
	validation_report_public_final_2026-04-28.json radiologist_validated_subset.json \
	radiologist_exclusion_list.json; do
	need "$rel" >/dev/null
done
for panel in full_pipeline_retained baseline_only_retained full_pipeline_mitigation_retained; do
	need "$PANELS/$panel/panel_manifest.json" >/dev/null
	need "$PANELS/$panel/evaluation_results.json" >/dev/null
done
prompts=$(need prompts/canonical_definitions.json "code file")
jqr '(.prompt_registry // {}) | if (.system | type) != "string" or (.primary | type) != "string"
	then fail("Locked canonical prompt registry is missing system/primary prompts") else empty end' "$prompts"

echo "Package inventory: required files present (use identity, checksum, and result checks for content verification)"
echo "Artifact root: $ROOT"
echo "Frozen manifests: present"
echo "Common-core source manifest: present"
jqr '(.common_pairs // {}) as $c
	| "All-model intersection count: \(if ($c.intersection_9_all_models | truthy)
		then $c.intersection_9_all_models else ($c.all9 // {}).count end | pystr)"' "$ROOT/$SUMMARY"
jqr '"All-model intersection manifest rows: \(.pair_count | pystr)"' "$ROOT/$FINAL/all_model_intersection_2166_manifest.json"
jqr '"Panel freeze timestamp: \(.prepared_at_utc | pystr)"' "$ROOT/$FINAL/final_panel_freeze_manifest.json"
jqr '"Released counterfactual PNGs: \(.counterfactual_images.included_png_count | pystr)",
	"QC-passed pair manifest rows: \(.pair_manifests.qc_passed_pair_rows | pystr)",
	"Raw source PNGs in public bundle: \(.source_radiographs.source_png_files_in_public_bundle | pystr)"' \
	"$ROOT/dataset/release_manifest.json"
echo "Panel manifests and retained output files: present"
echo "Dropped-model exclusion evidence: present"
echo "Public radiologist-validation artifacts: present"
echo "Benchmark card and Croissant metadata: present"
echo "Locked prompt file: prompts/canonical_definitions.json"
echo "Prompt excerpt:"
jqr '"System: \(.prompt_registry.system)", "Primary: \(.prompt_registry.primary)"' "$prompts"
