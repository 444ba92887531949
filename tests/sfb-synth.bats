#!/usr/bin/env bats
# sfb-synth: the synthetic bundle's frozen numbers against goldens that
# tests/gen/gen_synth_golden.py recomputed from the raw reports with Python
# re and NumPy; determinism; checksums; the fixed radiologist counts.

load test_helper

GOLD="$BATS_TEST_DIRNAME/golden/synth"
AN=artifacts/Results/analysis

setup_file() {
	export A="$BATS_FILE_TMPDIR/a" B="$BATS_FILE_TMPDIR/b"
	sfb-synth --out "$A/artifacts" --summary >"$BATS_FILE_TMPDIR/a.summary"
	sfb-synth --out "$B/artifacts" --sources 30 --seed 7 --summary \
	    --truth "$BATS_FILE_TMPDIR/b.truth" >"$BATS_FILE_TMPDIR/b.summary"
	export V="$BATS_FILE_TMPDIR/v"
	sfb-synth --out "$V/artifacts" --adversarial --truth "$BATS_FILE_TMPDIR/v.truth"
	export S="$BATS_FILE_TMPDIR/s"
	sfb-synth --out "$S/artifacts" --short-reports --truth "$BATS_FILE_TMPDIR/s.truth"
}

# The frozen numbers of a bundle in the golden file's shape.
models_of() {
	jq -S '[.panels[].models | to_entries[]] | map({key, value: {
	    pair_usable: .value.data_quality.pair_usable,
	    pair_full_refusals: .value.data_quality.pair_full_refusals,
	    pair_partial_refusals: .value.data_quality.pair_partial_refusals,
	    agreement_rate: .value.primary_secondary_stats.recommendation.agreement_rate,
	    agreement_ci: [.value.primary_secondary_stats.recommendation.bootstrap_ci.lower,
	        .value.primary_secondary_stats.recommendation.bootstrap_ci.upper],
	    diag_mean: .value.primary_secondary_stats.diagnostic_label.mean,
	    diag_ci: [.value.primary_secondary_stats.diagnostic_label.bootstrap_ci.lower,
	        .value.primary_secondary_stats.diagnostic_label.bootstrap_ci.upper]}})
	    | from_entries' "$1/artifacts/$AN/common_core_1000_summary.json"
}

mitigation_of() {
	jq -R -s -S 'split("\n") | map(select(length > 0) | split(",")) | .[1:]
	    | map(. as $c | [{key: "\($c[0]) \($c[1])", value: {
	        n_pairs: ($c[2] | tonumber), rec_change: ($c[3] | tonumber),
	        rec_change_ci: [($c[4] | tonumber), ($c[5] | tonumber)],
	        diag: ($c[6] | tonumber),
	        diag_ci: [($c[7] | tonumber), ($c[8] | tonumber)],
	        full: ($c[9] | tonumber), partial: ($c[10] | tonumber)}}]
	      + (if $c[1] == "condition_b" then [{key: "\($c[0]) delta",
	        value: [($c[11] | tonumber), ($c[12] | tonumber)]}] else [] end))
	    | add | from_entries' "$1/artifacts/$AN/mitigation_table.csv"
}

same_json() {
	run jq -n -e --argjson a "$1" --argjson b "$2" '$a == $b'
	assert_success
}

@test "default bundle: Table 2 frozen numbers equal the independent recomputation" {
	same_json "$(models_of "$A")" "$(jq '.models' "$GOLD/default.json")"
}

@test "small bundle: Table 2 frozen numbers equal the independent recomputation" {
	same_json "$(models_of "$B")" "$(jq '.models' "$GOLD/n30-seed7.json")"
}

# The frozen secondary endpoints (SPEC 13.4) in the golden file's shape.
secondary_of() {
	jq -S '[.panels[].models | to_entries[] | .value.primary_secondary_stats as $p
	    | {key, value: {
	    severity: $p.severity_language.mean_abs_difference,
	    severity_n: $p.severity_language.n_pairs,
	    hedging: $p.confidence.mean_abs_difference,
	    hedging_n: $p.confidence.n_pairs,
	    hallucination: $p.hallucination.mean_disparity,
	    hallucination_n: $p.hallucination.n_pairs}}]
	    | from_entries' "$1/artifacts/$AN/common_core_1000_summary.json"
}

@test "default bundle: frozen severity, hedging and hallucination equal Python re and np.mean" {
	same_json "$(secondary_of "$A")" "$(jq '.secondary' "$GOLD/default.json")"
}

@test "small bundle: frozen severity, hedging and hallucination equal Python re and np.mean" {
	same_json "$(secondary_of "$B")" "$(jq '.secondary' "$GOLD/n30-seed7.json")"
}

@test "pathology labels: VinDr sources carry indices, BUU sources empty lists, in all three pairs.json" {
	local p=artifacts/Results/final_inputs/panels
	run jq -r 'map(select(.source_dataset == "buu") | .pathology_labels | length) | add' \
	    "$A/artifacts/dataset/pairs.json"
	assert_success
	assert_output 0
	run jq -r '[.[] | select(.source_dataset == "vindr") | .pathology_labels[]]
	    | (length > 0) and all(. >= 0 and . <= 12 and floor == .)' "$A/artifacts/dataset/pairs.json"
	assert_output true
	run jq -n -r --slurpfile d "$A/artifacts/dataset/pairs.json" \
	    --slurpfile f "$A/artifacts/$p/full_pipeline_retained/pairs.json" \
	    --slurpfile b "$A/artifacts/$p/baseline_only_retained/pairs.json" '
	    ($d[0] | map({key: .source_id, value: .pathology_labels}) | from_entries) as $m
	    | [$f[0][], $b[0][] | .pathology_labels == $m[.source_id]] | all and length > 0'
	assert_output true
}

@test "Stage-1 parse confidence equals the recomputation from the texts and sidecars" {
	same_json "$(cat "$A/artifacts/$AN/mitigation_parsing_confidence.json")" \
	    "$(jq '.stage1' "$GOLD/default.json")"
	same_json "$(cat "$B/artifacts/$AN/mitigation_parsing_confidence.json")" \
	    "$(jq '.stage1' "$GOLD/n30-seed7.json")"
}

@test "Stage-1 gate: the reference's exclusions and inclusions" {
	run jq -r 'to_entries | map("\(.key) \(.value.decision)") | .[]' \
	    "$A/artifacts/$AN/mitigation_parsing_confidence.json"
	assert_success
	assert_output "claude-opus-4-6 excluded_full
claude-sonnet-4-6 excluded_full
gemma-4 excluded_diag_only
glm-4.6v included
gpt-5.4 included
kimi-k2.5 excluded_full
llama-4-scout included
qwen2.5-vl included"
}

@test "mitigation table equals the recomputation and fails the binding rule" {
	same_json "$(mitigation_of "$A")" "$(jq '.mitigation' "$GOLD/default.json")"
	same_json "$(mitigation_of "$B")" "$(jq '.mitigation' "$GOLD/n30-seed7.json")"
	run awk -F, '$2 == "condition_b" { print $1, ($12 > 0), ($13 < -0.05), $19 }' \
	    "$A/artifacts/$AN/mitigation_table.csv"
	assert_output "gpt-5.4 1 1 False
glm-4.6v 1 1 False"
}

@test "follow-up supplement equals the recomputation from the panels" {
	same_json "$(jq '.repeated_calls.models' "$A/code-root/supplement/retained_followup_audit_summary.json")" \
	    "$(jq '.followup' "$GOLD/default.json")"
	same_json "$(jq '.repeated_calls.models' "$B/code-root/supplement/retained_followup_audit_summary.json")" \
	    "$(jq '.followup' "$GOLD/n30-seed7.json")"
}

@test "--summary counts and the intersection agree with the recomputation" {
	same_json "$(jq 'del(.code_root, .bundle_files)' "$BATS_FILE_TMPDIR/a.summary")" \
	    "$(jq '.counts' "$GOLD/default.json")"
	same_json "$(jq 'del(.code_root, .bundle_files)' "$BATS_FILE_TMPDIR/b.summary")" \
	    "$(jq '.counts' "$GOLD/n30-seed7.json")"
	run jq -r '[.common_pairs.intersection_9_all_models, .common_pairs.all9.count] | @tsv' \
	    "$A/artifacts/$AN/common_core_1000_summary.json"
	assert_output "$(jq -r '[.intersection, .intersection] | @tsv' "$GOLD/default.json")"
	run jq '.pair_count == (.records | length)' \
	    "$A/artifacts/artifacts/Results/final_inputs/all_model_intersection_2166_manifest.json"
	assert_output true
}

@test "default code root goes next to the bundle root" {
	run jq -r .code_root "$BATS_FILE_TMPDIR/a.summary"
	assert_output "$A/code-root"
	[ -f "$A/code-root/release_manifest.json" ]
}

@test "SHA256SUMS.txt lists every other file and verifies with sha256sum -c" {
	cd "$A/artifacts"
	run sha256sum -c --quiet SHA256SUMS.txt
	assert_success
	assert_output ""
	run bash -c 'diff <(find . -type f ! -path ./SHA256SUMS.txt | sed "s|^\./||" | LC_ALL=C sort) <(cut -c67- SHA256SUMS.txt)'
	assert_success
}

@test "radiologist manifest has 12 entries that verify" {
	cd "$A/artifacts"
	run sha256sum -c radiologist_validation_SHA256SUMS.txt
	assert_success
	[ "${#lines[@]}" -eq 12 ]
}

@test "code root: its checksums, the seven anchors and the supplement hash verify" {
	cd "$A/code-root"
	run sha256sum -c --quiet SHA256SUMS.txt
	assert_success
	run jq -r '.artifact_anchors | to_entries[] | "\(.value)  \(.key)"' release_manifest.json
	[ "${#lines[@]}" -eq 7 ]
	printf '%s\n' "${lines[@]}" >"$BATS_TEST_TMPDIR/anchors"
	cd "$A/artifacts"
	run sha256sum -c "$BATS_TEST_TMPDIR/anchors"
	assert_success
	cd "$A/code-root"
	run jq -r '.supplemental_artifacts.retained_followup_audit | "\(.sha256)  \(.path)"' release_manifest.json
	printf '%s\n' "$output" | sha256sum -c --quiet -
}

@test "code root: the personal archive variant's anchors verify and add README.md" {
	cd "$A/artifacts"
	run jq -r '.archive_variants.personal.artifact_anchors | to_entries[] | "\(.value)  \(.key)"' \
	    "$A/code-root/release_manifest.json"
	assert_success
	assert_equal "$(printf '%s\n' "$output" | cut -c67-)" "$(jq -r '.artifact_anchors | keys_unsorted[]' \
	    "$A/code-root/release_manifest.json")
README.md"
	printf '%s\n' "$output" | sha256sum -c --quiet
	run jq -r '.archive_variants.personal.artifact_archive.revision != .artifact_archive.revision' \
	    "$A/code-root/release_manifest.json"
	assert_output true
}

@test "frozen prompt registry entries equal the public ones" {
	run jq -n -e --slurpfile f "$A/artifacts/artifacts/freeze_runs/2026-04-09/canonical_definitions.json" \
	    --slurpfile p "$A/code-root/prompts/canonical_definitions.json" \
	    '$f[0].prompt_registry | to_entries | all(.value == $p[0].prompt_registry[.key])'
	assert_success
}

@test "radiologist counts are the released ones at every scale" {
	for d in "$A" "$B"; do
		cd "$d/artifacts"
		run jq '[(.pair_ids | length)]' radiologist_validated_subset.json
		assert_output "$(printf '[\n  443\n]')"
		run jq '.excluded_pairs | length' radiologist_exclusion_list.json
		assert_output 7
		run awk 'END { print NR }' validation_public/validation_pair_results_public_2026-04-28.csv
		assert_output 1351
		run awk 'END { print NR }' validation_public/hidden_repeat_records_public_2026-04-28.csv
		assert_output 31
		run sh -c 'cat validation_public/per_reviewer/*.csv | grep -c "^[0-9]"'
		assert_output 1380
	done
}

@test "QC-passed PNGs exist with the recorded sizes; no source.png" {
	cd "$A/artifacts"
	run sh -c 'jq -r "\"\(.counterfactual_image_size_bytes) \(.counterfactual_image_path)\"" \
	    dataset/qc_passed_pair_manifest.jsonl | while read n p; do
	    [ "$(wc -c <"$p")" -eq "$n" ] || echo "bad $p"; done'
	assert_success
	assert_output ""
	run sh -c 'find dataset -name "*.png" | wc -l'
	assert_output "$(jq .counterfactual_images.included_png_count dataset/release_manifest.json)"
	run find dataset -name source.png
	assert_output ""
}

@test "truth file: one line per model and panel pair" {
	run wc -l <"$BATS_FILE_TMPDIR/b.truth"
	assert_output "$((9 * $(jq .core_pairs "$BATS_FILE_TMPDIR/b.summary")))"
}

@test "same sources and seed: byte-identical bundle and code root" {
	sfb-synth --out "$BATS_TEST_TMPDIR/again/artifacts" --sources 30 --seed 7
	run diff -r "$B" "$BATS_TEST_TMPDIR/again" -x '*.truth'
	assert_success
	assert_output ""
}

@test "the largest seed and a leading + are seeds" {
	run_split sfb-synth --out "$BATS_TEST_TMPDIR/m/artifacts" --sources 10 --seed +18446744073709551615
	assert_success
	assert_output ""
	assert_stderr ""
	run_split sfb-synth --out "$BATS_TEST_TMPDIR/k/artifacts" --sources 10 --seed 18446744073709551615
	assert_success
	run diff -r "$BATS_TEST_TMPDIR/m" "$BATS_TEST_TMPDIR/k"
	assert_success
}

@test "another seed: another bundle" {
	sfb-synth --out "$BATS_TEST_TMPDIR/other/artifacts" --sources 30 --seed 8
	run cmp -s "$B/artifacts/SHA256SUMS.txt" "$BATS_TEST_TMPDIR/other/artifacts/SHA256SUMS.txt"
	assert_failure
}

@test "--confidence-sample-manifest lists the trace manifest's basenames" {
	sfb-synth --out "$BATS_TEST_TMPDIR/c/artifacts" --sources 10 --confidence-sample-manifest
	cd "$BATS_TEST_TMPDIR/c/artifacts/$AN"
	run jq -n -e --slurpfile s mitigation_stage1_confidence_sample_manifest.json \
	    --slurpfile t mitigation_stage1_trace_manifest.json \
	    '$s[0].models == ($t[0].models | map_values(.sample_files_first_200 | map(split("/")[-1])))'
	assert_success
}

@test "a directory that is not empty is refused" {
	mkdir -p "$BATS_TEST_TMPDIR/full"
	touch "$BATS_TEST_TMPDIR/full/x"
	run_split sfb-synth --out "$BATS_TEST_TMPDIR/full"
	assert_failure 2
	assert_output ""
	assert_stderr "sfb-synth: $BATS_TEST_TMPDIR/full: directory is not empty"
}

@test "bad numbers and missing --out are usage errors" {
	for v in 9 200001 x 1e2 ' 10' ''; do
		run_split sfb-synth --out "$BATS_TEST_TMPDIR/n" --sources "$v"
		assert_failure 2
		assert_output ""
		assert_stderr "sfb-synth: --sources: expected a number from 10 to 200000: '$v'"
	done
	for v in -1 18446744073709551616 ' 1' 1.5 -0 ''; do
		run_split sfb-synth --out "$BATS_TEST_TMPDIR/n" --seed "$v"
		assert_failure 2
		assert_output ""
		assert_stderr "sfb-synth: --seed: expected a number from 0 to 18446744073709551615: '$v'"
	done
	[ ! -e "$BATS_TEST_TMPDIR/n" ]
	run_split sfb-synth
	assert_failure 2
	assert_output ""
	[[ "$stderr" == "usage: sfb-synth --out DIR"* ]]
	run_split sfb-synth --out x --bogus
	assert_failure 2
	[[ "$stderr" == *"usage: sfb-synth --out DIR"* ]]
}

@test "--help prints usage on standard output" {
	run_split sfb-synth --help
	assert_success
	assert_stderr ""
	[[ "$output" == "usage: sfb-synth --out DIR [--sources N]"* ]]
}

@test "--version names the program" {
	run_split sfb-synth --version
	assert_success
	assert_stderr ""
	[[ "$output" == "sfb-synth (sfb) "* ]]
}

# What the toolkit's stages find in every report of the small bundle, and
# what the reports carry by construction (--truth), as sorted NDJSON.
stage_view() {
	jq -c -S '{model, pair_id} + with_entries(select(.key | test($k)))' --arg k "$1"
}

@test "label and recommendation stages agree with the construction on every report" {
	command -v sfb-extract-labels >/dev/null && command -v sfb-rec-bucket >/dev/null ||
	    skip "sfb-extract-labels or sfb-rec-bucket not built"
	k='_(diagnostic_labels|recommendations)$'
	P="$B/artifacts/artifacts/Results/final_inputs/panels"
	sfb-pair "$P/full_pipeline_retained/evaluation_results.json" \
	    "$P/baseline_only_retained/evaluation_results.json" |
	    sfb-extract-labels | sfb-rec-bucket | stage_view "$k" | sort >"$BATS_TEST_TMPDIR/got"
	stage_view "$k" <"$BATS_FILE_TMPDIR/b.truth" | sort >"$BATS_TEST_TMPDIR/want"
	[ -s "$BATS_TEST_TMPDIR/want" ]
	run diff "$BATS_TEST_TMPDIR/want" "$BATS_TEST_TMPDIR/got"
	assert_success
	assert_output ""
}

@test "response classes agree with the construction on every report" {
	command -v sfb-refusal >/dev/null || skip "sfb-refusal not built"
	k='_response_class$'
	P="$B/artifacts/artifacts/Results/final_inputs/panels"
	sfb-pair "$P/full_pipeline_retained/evaluation_results.json" \
	    "$P/baseline_only_retained/evaluation_results.json" |
	    sfb-refusal | stage_view "$k" | sort >"$BATS_TEST_TMPDIR/got"
	stage_view "$k" <"$BATS_FILE_TMPDIR/b.truth" | sort >"$BATS_TEST_TMPDIR/want"
	run diff "$BATS_TEST_TMPDIR/want" "$BATS_TEST_TMPDIR/got"
	assert_success
	assert_output ""
}

# --adversarial: the same bundle but for report texts that hold what
# Python's json accepts and jq 1.6 does not.
V_PANELS=artifacts/artifacts/Results/final_inputs/panels

@test "adversarial: frozen numbers equal the independent recomputation from its texts" {
	same_json "$(models_of "$V")" "$(jq '.models' "$GOLD/adversarial.json")"
	same_json "$(cat "$V/artifacts/$AN/mitigation_parsing_confidence.json")" \
	    "$(jq '.stage1' "$GOLD/adversarial.json")"
	same_json "$(jq '.repeated_calls.models' "$V/code-root/supplement/retained_followup_audit_summary.json")" \
	    "$(jq '.followup' "$GOLD/adversarial.json")"
}

@test "adversarial: only the retained panels' reports and the files that hash them differ" {
	run diff -rq "$A" "$V"
	assert_failure 1
	assert_output "Files $A/artifacts/SHA256SUMS.txt and $V/artifacts/SHA256SUMS.txt differ
Files $A/$V_PANELS/baseline_only_retained/evaluation_results.json and $V/$V_PANELS/baseline_only_retained/evaluation_results.json differ
Files $A/$V_PANELS/full_pipeline_retained/evaluation_results.json and $V/$V_PANELS/full_pipeline_retained/evaluation_results.json differ
Files $A/code-root/SHA256SUMS.txt and $V/code-root/SHA256SUMS.txt differ
Files $A/code-root/provenance/hallucination-provenance.sha256 and $V/code-root/provenance/hallucination-provenance.sha256 differ
Files $A/code-root/provenance/recovered-scoring.sha256 and $V/code-root/provenance/recovered-scoring.sha256 differ
Files $A/code-root/release_manifest.json and $V/code-root/release_manifest.json differ
Files $A/code-root/supplement/retained_followup_audit_summary.json and $V/code-root/supplement/retained_followup_audit_summary.json differ"
	# The rows are the same but for the texts.
	for p in full_pipeline_retained baseline_only_retained; do
		cmp <(grep -v '"response": ' "$A/$V_PANELS/$p/evaluation_results.json") \
		    <(grep -v '"response": ' "$V/$V_PANELS/$p/evaluation_results.json")
	done
}

@test "adversarial: every report holds lone surrogates, U+0000, non-BMP, U+2028 and a literal \\u12" {
	f="$V/$V_PANELS/full_pipeline_retained/evaluation_results.json"
	n=$(grep -c '"response": ' "$f")
	[ "$n" -gt 1000 ]
	run grep -c '"response": "\\ud83d\\u0000 \\ud83d\\ude00 \\ud835\\udc00 \\u2028\\\\u12\\n' "$f"
	assert_output "$n"
	grep -q '\.\\udfff\\u0000\\\\u12 \\\\ud800\\n' "$f"
	grep -q '\. \\ud83d\\ude00\\ud800",$' "$f"
	# jq 1.6 cannot read the panel (the reason sfb's pipelines keep
	# report texts away from it).
	run jq -e length "$f"
	assert_failure
}

@test "adversarial: labels, recommendations and classes agree with the construction on every report" {
	for p in sfb-refusal sfb-extract-labels sfb-rec-bucket sfb-jaccard; do
		command -v "$p" >/dev/null || skip "$p not built"
	done
	k='_(diagnostic_labels|recommendations|response_class)$'
	P="$V/$V_PANELS"
	sfb-pair "$P/full_pipeline_retained/evaluation_results.json" \
	    "$P/baseline_only_retained/evaluation_results.json" |
	    sfb-refusal | sfb-extract-labels | sfb-rec-bucket |
	    sfb-jaccard -x source_report -x counterfactual_report |
	    stage_view "$k" | sort >"$BATS_TEST_TMPDIR/got"
	stage_view "$k" <"$BATS_FILE_TMPDIR/v.truth" | sort >"$BATS_TEST_TMPDIR/want"
	[ "$(wc -l <"$BATS_TEST_TMPDIR/want")" -gt 1000 ]
	run diff "$BATS_TEST_TMPDIR/want" "$BATS_TEST_TMPDIR/got"
	assert_success
	assert_output ""
}

# --short-reports: every genuine report in the terse one-line layout
# (tests/golden/synth/short.json: gen_synth_golden.py on this bundle with
# its truth file, which also checked every report against the construction).
@test "short reports: frozen numbers equal the independent recomputation from its texts" {
	same_json "$(models_of "$S")" "$(jq '.models' "$GOLD/short.json")"
	same_json "$(secondary_of "$S")" "$(jq '.secondary' "$GOLD/short.json")"
	same_json "$(cat "$S/artifacts/$AN/mitigation_parsing_confidence.json")" \
	    "$(jq '.stage1' "$GOLD/short.json")"
	same_json "$(jq '.repeated_calls.models' "$S/code-root/supplement/retained_followup_audit_summary.json")" \
	    "$(jq '.followup' "$GOLD/short.json")"
	same_json "$(mitigation_of "$S")" "$(jq '.mitigation' "$GOLD/short.json")"
}

@test "short reports: genuine reports are the one-line sections, about 260 bytes" {
	P="$S/$V_PANELS"
	# Each report row as [model, pair_id, image_role, text].
	for p in full_pipeline_retained baseline_only_retained; do
		sfb-rows "$P/$p/evaluation_results.json"
	done | jq -r '[.model, .pair_id, .image_role, .response] | @json' >"$BATS_TEST_TMPDIR/rows"
	run jq -r -s '[.[] | select(.[3] | startswith("Findings: "))] | length' "$BATS_TEST_TMPDIR/rows"
	genuine=$output
	# Every other report is a refusal, a partial refusal or a slip.
	run jq -r -s '[.[] | select(.[3] | startswith("Findings: ")
	    | not)] | length' "$BATS_TEST_TMPDIR/rows"
	[ "$genuine" -gt $((10 * output)) ]
	# No severity line, no lead, no disclaimer.
	run jq -r -s '[.[] | select(.[3] | test("\nSeverity: |^(?!Findings: )[^\n]*\nFindings: "))] | length' \
	    "$BATS_TEST_TMPDIR/rows"
	assert_output 0
	# Mean length: the default styles average about 370 characters.
	run jq -r -s 'map(.[3] | length) | add / length | floor' "$BATS_TEST_TMPDIR/rows"
	[ "$output" -ge 220 ] && [ "$output" -le 290 ]
}

@test "short reports: labels, recommendations and classes agree with the construction on every report" {
	k='_(diagnostic_labels|recommendations|response_class)$'
	P="$S/$V_PANELS"
	sfb-pair "$P/full_pipeline_retained/evaluation_results.json" \
	    "$P/baseline_only_retained/evaluation_results.json" |
	    sfb-refusal | sfb-extract-labels | sfb-rec-bucket |
	    sfb-jaccard -x source_report -x counterfactual_report |
	    stage_view "$k" | sort >"$BATS_TEST_TMPDIR/got"
	stage_view "$k" <"$BATS_FILE_TMPDIR/s.truth" | sort >"$BATS_TEST_TMPDIR/want"
	[ "$(wc -l <"$BATS_TEST_TMPDIR/want")" -gt 1000 ]
	run diff "$BATS_TEST_TMPDIR/want" "$BATS_TEST_TMPDIR/got"
	assert_success
	assert_output ""
}
