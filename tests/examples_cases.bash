# examples_cases.bash - the reviewer checks' test cases, shared by
# tests/examples.bats and tests/gen/gen_checks_golden.sh (which records
# what tests/gen/ref_checks.py prints for each).
#
# A case is a function case_NAME that, given a private copy of the bundle
# in $B and of the code root in $C, may corrupt them and sets CHECK (the
# command name) and ARGS (its arguments).  The golden files are
# tests/golden/checks/NAME.{out,err,rc}; "@B@" and "@C@" there stand for
# the two directories.

SUMMARY=artifacts/Results/analysis/common_core_1000_summary.json
PANEL_DIR=artifacts/Results/final_inputs/panels
FULL_EVAL=$PANEL_DIR/full_pipeline_retained/evaluation_results.json
ANALYSIS=artifacts/Results/analysis
STAGE1=$PANEL_DIR/full_pipeline_mitigation_retained/stage1_outputs
SUPPLEMENT=supplement/retained_followup_audit_summary.json

# Edit a JSON file in place with a jq filter.
jqi() {
	jq "$2" "$1" >"$1.new" && mv "$1.new" "$1"
}

# Rewrite the supplement and pin its new hash in the release manifest, so
# that only the arithmetic check can catch the change.
supplement_edit() {
	jqi "$C/$SUPPLEMENT" "$1"
	jqi "$C/release_manifest.json" \
		".supplemental_artifacts.retained_followup_audit.sha256 = \"$(sha256sum <"$C/$SUPPLEMENT" | cut -c1-64)\""
}

# The adversarial bundle (sfb-synth --adversarial, in $ADV) in place of
# the default one: report texts with lone surrogates, U+0000, non-BMP
# characters, U+2028 and literal "\u12", which jq 1.6 cannot read.
adversarial() {
	rm -rf "$B" "$C"
	cp -a "$ADV/artifacts" "$B"
	cp -a "$ADV/code-root" "$C"
}

# The untouched bundle: every check passes.
case_inspect() { CHECK=inspect ARGS=(--artifacts "$B" --code-root "$C"); }
case_dataset() { CHECK=dataset ARGS=(--artifacts "$B"); }
case_stage1_confidence() { CHECK=stage1-confidence ARGS=(--artifacts "$B"); }
case_mitigation() { CHECK=mitigation ARGS=(--artifacts "$B"); }
case_parse_sample() { CHECK=parse-sample ARGS=(--artifacts "$B"); }
case_parse_sample_gemma() { CHECK=parse-sample ARGS=(--artifacts "$B" --model gemma-4); }
# The first usable pair in the file order of the generated rows, not in
# pair_id order.
case_parse_sample_order() { jqi "$B/$FULL_EVAL" 'reverse'; CHECK=parse-sample ARGS=(--artifacts "$B" --model glm-4.6v); }
case_diagnostic_scoring() { CHECK=diagnostic-scoring ARGS=(); }
case_table2() { CHECK=table2 ARGS=(--artifacts "$B"); }
case_table2_ci() { CHECK=table2 ARGS=(--artifacts "$B" --model all --recompute-ci); }
case_gap_sensitivity() { CHECK=gap-sensitivity ARGS=(--artifacts "$B"); }
case_gap_sensitivity_one() { CHECK=gap-sensitivity ARGS=(--artifacts "$B" --model radfm); }
case_both_empty() { CHECK=both-empty-diagnostic ARGS=(--artifacts "$B"); }
case_both_empty_one() { CHECK=both-empty-diagnostic ARGS=(--artifacts "$B" --model gemma-4); }
case_radiologist() { CHECK=radiologist ARGS=(--artifacts "$B"); }
case_checksums_code() { CHECK=checksums ARGS=(--code-root "$C"); }
case_checksums_bundle() { CHECK=checksums ARGS=("$B/SHA256SUMS.txt"); }
case_checksums_reader() { CHECK=checksums ARGS=("$B/radiologist_validation_SHA256SUMS.txt"); }
case_release_identity() { CHECK=release-identity ARGS=(--artifacts "$B" --code-root "$C"); }
case_followup() { CHECK=followup ARGS=(--code-root "$C"); }

# Every check on the adversarial bundle: the reference's lines.
case_adv_inspect() { adversarial; case_inspect; }
case_adv_dataset() { adversarial; case_dataset; }
case_adv_stage1_confidence() { adversarial; case_stage1_confidence; }
case_adv_mitigation() { adversarial; case_mitigation; }
case_adv_parse_sample() { adversarial; case_parse_sample; }
case_adv_parse_sample_llama() { adversarial; CHECK=parse-sample ARGS=(--artifacts "$B" --model llama-4-scout); }
case_adv_parse_sample_gemma() { adversarial; case_parse_sample_gemma; }
case_adv_parse_sample_radfm() { adversarial; CHECK=parse-sample ARGS=(--artifacts "$B" --model radfm); }
case_adv_table2() { adversarial; case_table2; }
case_adv_table2_ci() { adversarial; case_table2_ci; }
case_adv_gap_sensitivity() { adversarial; case_gap_sensitivity; }
case_adv_both_empty() { adversarial; case_both_empty; }
case_adv_radiologist() { adversarial; case_radiologist; }
case_adv_checksums_code() { adversarial; case_checksums_code; }
case_adv_checksums_bundle() { adversarial; case_checksums_bundle; }
case_adv_release_identity() { adversarial; case_release_identity; }
case_adv_followup() { adversarial; case_followup; }

# Missing inputs.
case_missing_readme() { rm "$B/README.md"; case_inspect; }
case_missing_prompts() { rm "$C/prompts/canonical_definitions.json"; case_inspect; }
case_missing_summary() { rm "$B/$SUMMARY"; CHECK=table2 ARGS=(--artifacts "$B" --model radfm); }
case_missing_pairs_json() { rm "$B/$PANEL_DIR/baseline_only_retained/pairs.json"; CHECK=table2 ARGS=(--artifacts "$B" --model radfm); }
case_missing_table() { rm "$B/$ANALYSIS/mitigation_table.csv"; case_mitigation; }
case_missing_hidden() { rm "$B/validation_public/hidden_repeat_records_public_2026-04-28.csv"; case_radiologist; }
case_missing_trace() { rm "$B/$ANALYSIS/mitigation_stage1_trace_manifest.json"; case_stage1_confidence; }

# dataset
case_dup_qc_row() { sed -i '2p' "$B/dataset/qc_metadata.jsonl"; case_dataset; }
case_dup_passed_row() { sed -i '1p' "$B/dataset/qc_passed_pair_manifest.jsonl"; case_dataset; }
case_renamed_image() {
	local f
	f=$(find "$B/dataset/counterfactual_images" -name '*.png' | sort | head -n 1)
	mv "$f" "${f%.png}_renamed.png"
	case_dataset
}
case_extra_png() {
	local d
	d=$(find "$B/dataset/counterfactual_images" -mindepth 1 -type d | sort | head -n 1)
	cp "$(find "$d" -name '*.png' | sort | head -n 1)" "$d/extra.png"
	case_dataset
}
case_source_png() {
	local d
	d=$(find "$B/dataset/counterfactual_images" -mindepth 1 -type d | sort | head -n 1)
	cp "$(find "$d" -name '*.png' | sort | head -n 1)" "$d/source.png"
	case_dataset
}
case_image_size() {
	printf 'x' >>"$(find "$B/dataset/counterfactual_images" -name '*.png' | sort | tail -n 1)"
	case_dataset
}
case_qc_pass_flag() { sed -i '1s/"passed_qc": *true/"passed_qc": 1/; 1s/"passed_qc": *false/"passed_qc": 0/' "$B/dataset/qc_metadata.jsonl"; case_dataset; }
case_qc_blank_line() { printf '\n' >>"$B/dataset/qc_metadata.jsonl"; case_dataset; }
case_source_mapping() { jqi "$B/dataset/pairs.json" '.[0].qc_passed_counterfactuals = []'; case_dataset; }
case_source_membership() { jqi "$B/dataset/source_metadata.json" '.[1:]'; case_dataset; }
case_png_count() { jqi "$B/dataset/release_manifest.json" '.counterfactual_images.included_png_count += 1'; case_dataset; }
case_source_count() { jqi "$B/dataset/release_manifest.json" '.pair_manifests.source_level_rows += 1'; case_dataset; }

# table2 and the retained reports
case_frozen_usable() { jqi "$B/$SUMMARY" '.panels.full.models["gpt-5.4"].data_quality.pair_usable += 1'; CHECK=table2 ARGS=(--artifacts "$B"); }
case_frozen_full() { jqi "$B/$SUMMARY" '.panels.full.models["gemma-4"].data_quality.pair_full_refusals += 1'; CHECK=table2 ARGS=(--artifacts "$B" --model gemma-4); }
case_frozen_partial() { jqi "$B/$SUMMARY" '.panels.full.models["gemma-4"].data_quality.pair_partial_refusals -= 1'; CHECK=table2 ARGS=(--artifacts "$B" --model gemma-4); }
case_frozen_rec() { jqi "$B/$SUMMARY" '.panels.baseline.models["radfm"].primary_secondary_stats.recommendation.agreement_rate += 1e-9'; CHECK=table2 ARGS=(--artifacts "$B" --model radfm); }
case_frozen_diag() { jqi "$B/$SUMMARY" '.panels.full.models["kimi-k2.5"].primary_secondary_stats.diagnostic_label.mean -= 1e-11'; CHECK=table2 ARGS=(--artifacts "$B" --model kimi-k2.5); }
case_frozen_rec_ci() { jqi "$B/$SUMMARY" '.panels.full.models["glm-4.6v"].primary_secondary_stats.recommendation.bootstrap_ci.upper += 1e-9'; CHECK=table2 ARGS=(--artifacts "$B" --model glm-4.6v --recompute-ci); }
case_frozen_diag_ci() { jqi "$B/$SUMMARY" '.panels.baseline.models["qwen2.5-vl"].primary_secondary_stats.diagnostic_label.bootstrap_ci.lower -= 1e-9'; CHECK=table2 ARGS=(--artifacts "$B" --model qwen2.5-vl --recompute-ci); }
case_ci_settings() { CHECK=table2 ARGS=(--artifacts "$B" --model radfm --recompute-ci --bootstrap-iterations 1000); }
case_ci_seed() { CHECK=table2 ARGS=(--artifacts "$B" --model radfm --recompute-ci --seed 7); }
case_not_in_panel() { jqi "$B/$PANEL_DIR/baseline_only_retained/panel_manifest.json" '.models -= ["radfm"]'; CHECK=table2 ARGS=(--artifacts "$B" --model radfm); }
case_eval_error() { jqi "$B/$FULL_EVAL" '(.[] | select(.model == "kimi-k2.5")) |= (.error = "timeout")'; CHECK=table2 ARGS=(--artifacts "$B" --model kimi-k2.5); }
case_eval_identity() { jqi "$B/$FULL_EVAL" '(first(.[] | select(.model == "gpt-5.4" and .image_role == "generated")) | .source_id) |= . + "x"'; CHECK=gap-sensitivity ARGS=(--artifacts "$B" --model gpt-5.4); }
case_eval_duplicate() { jqi "$B/$FULL_EVAL" '. + [first(.[] | select(.model == "glm-4.6v" and .image_role == "source"))]'; CHECK=both-empty-diagnostic ARGS=(--artifacts "$B" --model glm-4.6v); }
case_eval_unpaired() { jqi "$B/$FULL_EVAL" 'del(first(.[] | select(.model == "gemma-4" and .image_role == "generated")))' ; CHECK=parse-sample ARGS=(--artifacts "$B" --model gemma-4); }
case_eval_no_text() { jqi "$B/$FULL_EVAL" '(first(.[] | select(.model == "gpt-5.4")) | .response) = "  "'; CHECK=table2 ARGS=(--artifacts "$B" --model gpt-5.4); }
case_eval_role() { jqi "$B/$FULL_EVAL" '(first(.[] | select(.model == "gpt-5.4")) | .image_role) = "edited"'; CHECK=table2 ARGS=(--artifacts "$B" --model gpt-5.4); }
case_no_rows() { jqi "$B/$FULL_EVAL" 'map(select(.model != "claude-opus-4-6"))'; CHECK=table2 ARGS=(--artifacts "$B" --model claude-opus-4-6); }

# stage1-confidence and mitigation
case_stage1_sidecar() {
	local f
	f=$(find "$B/$STAGE1/gpt-5.4" -name '*.validation.json' | sort | head -n 1)
	jqi "$f" '.status = "invalid"'
	case_stage1_confidence
}
case_stage1_missing_text() { rm "$(find "$B/$STAGE1/kimi-k2.5" -name '*.txt' | sort | head -n 1)"; case_stage1_confidence; }
case_stage1_frozen() { jqi "$B/$ANALYSIS/mitigation_parsing_confidence.json" '.["glm-4.6v"].stage1_diag_pass_count -= 1'; case_stage1_confidence; }
case_stage1_no_list() { jqi "$B/$ANALYSIS/mitigation_stage1_trace_manifest.json" '.models["gemma-4"].sample_files_first_200 = []'; case_stage1_confidence; }
case_mitigation_gate() { jqi "$B/$ANALYSIS/mitigation_parsing_confidence.json" '.["glm-4.6v"].decision = "excluded_diag_only"'; case_mitigation; }
case_mitigation_exclusions() { jqi "$B/$ANALYSIS/mitigation_parsing_confidence.json" '.["kimi-k2.5"].decision = "included"'; case_mitigation; }
case_mitigation_row() { sed -i '/^"\{0,1\}glm-4\.6v"\{0,1\},"\{0,1\}condition_a/d' "$B/$ANALYSIS/mitigation_table.csv"; case_mitigation; }
# A CSV cell of condition_b: "(cell)" is replaced by sed's replacement.
mitigation_cell() {
	awk -F, -v col="$1" -v val="$2" 'BEGIN { OFS = "," }
		NR == 1 { for (i = 1; i <= NF; i++) if ($i ~ "^\"?" col "\"?\r?$") c = i }
		NR > 1 && /gpt-5\.4/ && /condition_b/ { sub(/\r$/, ""); $c = val; $0 = $0 "\r" }
		{ print }' "$B/$ANALYSIS/mitigation_table.csv" >"$B/t.csv"
	mv "$B/t.csv" "$B/$ANALYSIS/mitigation_table.csv"
}
case_mitigation_delta() { mitigation_cell delta_rec 0.5; case_mitigation; }
case_mitigation_invalid() { mitigation_cell delta_diag 'n/a'; case_mitigation; }
case_mitigation_flag() { mitigation_cell b_rule_pass maybe; case_mitigation; }
case_mitigation_rule() { mitigation_cell b_rule_pass ' TRUE'; case_mitigation; }

# radiologist
case_reader_cannot_tell() { sed -i '0,/Cannot tell/s//cannot tell/' "$B/validation_public/detectability_responses_public_2026-04-28.csv"; case_radiologist; }
case_reader_subset() { jqi "$B/radiologist_validated_subset.json" '.pair_ids[0] = "buu_9999__young_male"'; case_radiologist; }
case_reader_exclusions() { jqi "$B/radiologist_exclusion_list.json" '.excluded_pairs = .excluded_pairs[1:]'; case_radiologist; }
case_reader_hidden() { sed -i '$d' "$B/validation_public/hidden_repeat_records_public_2026-04-28.csv"; case_radiologist; }

# checksums, release identity, follow-up
case_wrong_checksum() { sed -i '1s/^./0/; 1s/^00/11/' "$B/SHA256SUMS.txt"; case_checksums_bundle; }
case_checksum_missing_file() { rm "$B/DATA_LICENSE.md"; case_checksums_bundle; }
case_checksum_malformed() { sed -i '2s/^/x/' "$B/SHA256SUMS.txt"; case_checksums_bundle; }
case_checksum_duplicate() { sed -i '2p' "$B/radiologist_validation_SHA256SUMS.txt"; case_checksums_reader; }
case_checksum_escape() { sed -i '1s/  /  ..\//' "$B/radiologist_validation_SHA256SUMS.txt"; case_checksums_reader; }
case_anchor_changed() { printf "\n" >>"$B/dataset/release_manifest.json"; case_release_identity; }
case_anchor_missing() { rm "$B/SHA256SUMS.txt"; case_release_identity; }
case_release_schema() { jqi "$C/release_manifest.json" '.schema_version = "2.0"'; case_release_identity; }
# --archive-variant (newest reference): the personal archive's identity
# from archive_variants.personal, the prompt registry from the top level.
case_release_identity_anonymous() { CHECK=release-identity ARGS=(--artifacts "$B" --code-root "$C" --archive-variant anonymous); }
case_release_identity_personal() { CHECK=release-identity ARGS=(--artifacts "$B" --code-root "$C" --archive-variant=personal); }
case_release_identity_unsupported() { CHECK=release-identity ARGS=(--artifacts "$B" --code-root "$C" --archive-variant Personal); }
case_personal_missing() { jqi "$C/release_manifest.json" 'del(.archive_variants)'; case_release_identity_personal; }
case_personal_not_object() { jqi "$C/release_manifest.json" '.archive_variants.personal = "x"'; case_release_identity_personal; }
case_personal_anchor_changed() { printf "\n" >>"$B/README.md"; case_release_identity_personal; }
case_personal_anchor_changed_anonymous() { printf "\n" >>"$B/README.md"; case_release_identity; }
case_personal_prompt_changed() { jqi "$C/prompts/canonical_definitions.json" '.prompt_registry.system += " "'; case_release_identity_personal; }
case_personal_schema() { jqi "$C/release_manifest.json" '.schema_version = "2.0"'; case_release_identity_personal; }
case_prompt_changed() { jqi "$C/prompts/canonical_definitions.json" '.prompt_registry.system += " "'; case_release_identity; }
case_tampered_supplement() { jqi "$C/$SUPPLEMENT" '.scope += "!"'; case_followup; }
case_supplement_models() { supplement_edit 'del(.repeated_calls.models.radfm)'; case_followup; }
case_supplement_accounting() { supplement_edit '.repeated_calls.models["kimi-k2.5"].n_sources += 1'; case_followup; }
case_supplement_arithmetic() { supplement_edit '.repeated_calls.models["qwen2.5-vl"].diagnostic.excess += 1e-9'; case_followup; }
