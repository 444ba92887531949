#!/usr/bin/env bats
# The reviewer pipelines (examples/*.sh) against the goldens of the
# independent Python implementation (tests/gen/ref_checks.py), on the
# default synthetic bundle, untouched and corrupted one way per case
# (tests/examples_cases.bash).

load test_helper

setup_file() {
	local b=$BATS_FILE_TMPDIR/bundle
	if [ -n "${SFB_CHECKS_BUNDLE:-}" ]; then
		cp -a "$SFB_CHECKS_BUNDLE" "$b"
	elif command -v sfb-synth >/dev/null; then
		sfb-synth --out "$b/artifacts" --code-root "$b/code-root" >/dev/null
	fi
	if command -v sfb-synth >/dev/null; then
		sfb-synth --out "$BATS_FILE_TMPDIR/adv/artifacts" \
		    --code-root "$BATS_FILE_TMPDIR/adv/code-root" --adversarial
	fi
}

setup() {
	[ -d "$BATS_FILE_TMPDIR/bundle" ] || skip "sfb-synth is not built"
	cp -a "$BATS_FILE_TMPDIR/bundle" "$BATS_TEST_TMPDIR/w"
	B=$BATS_TEST_TMPDIR/w/artifacts
	C=$BATS_TEST_TMPDIR/w/code-root
	ADV=$BATS_FILE_TMPDIR/adv
	. "$TOP/tests/examples_cases.bash"
}

# The sfb programs a check runs.
programs() {
	case $1 in
	table2 | gap-sensitivity | both-empty-diagnostic | parse-sample)
		echo sfb-pair sfb-refusal sfb-extract-labels sfb-rec-bucket sfb-jaccard sfb-cluster-boot sfb-endpoints ;;
	diagnostic-scoring) echo sfb-extract-labels sfb-jaccard ;;
	stage1-confidence) echo sfb-stage1 ;;
	mitigation | radiologist) echo sfb-csv ;;
	checksums) echo sfb-sha-verify ;;
	esac
}

# Run case NAME's check through its pipeline script; standard output,
# standard error and exit status must equal the golden's.
check_case() {
	local g=$TOP/tests/golden/checks/$1 p
	"case_$1"
	for p in $(programs "$CHECK"); do
		command -v "$p" >/dev/null || skip "$p is not built"
	done
	run_split "$TOP/examples/$CHECK.sh" "${ARGS[@]}"
	assert_equal "$status" "$(cat "$g.rc")"
	assert_equal "$output" "$(sed "s|@B@|$B|g; s|@C@|$C|g" "$g.out")"
	assert_equal "$stderr" "$(sed "s|@B@|$B|g; s|@C@|$C|g" "$g.err")"
}

@test "adversarial: inspect" {
	[ -d "$ADV" ] || skip "sfb-synth is not built"
	check_case adv_inspect
}

@test "adversarial: dataset" {
	[ -d "$ADV" ] || skip "sfb-synth is not built"
	check_case adv_dataset
}

@test "adversarial: stage1 confidence" {
	[ -d "$ADV" ] || skip "sfb-synth is not built"
	check_case adv_stage1_confidence
}

@test "adversarial: mitigation" {
	[ -d "$ADV" ] || skip "sfb-synth is not built"
	check_case adv_mitigation
}

@test "adversarial: parse sample" {
	[ -d "$ADV" ] || skip "sfb-synth is not built"
	check_case adv_parse_sample
}

@test "adversarial: parse sample llama" {
	[ -d "$ADV" ] || skip "sfb-synth is not built"
	check_case adv_parse_sample_llama
}

@test "adversarial: parse sample gemma" {
	[ -d "$ADV" ] || skip "sfb-synth is not built"
	check_case adv_parse_sample_gemma
}

@test "adversarial: parse sample radfm" {
	[ -d "$ADV" ] || skip "sfb-synth is not built"
	check_case adv_parse_sample_radfm
}

@test "adversarial: table2" {
	[ -d "$ADV" ] || skip "sfb-synth is not built"
	check_case adv_table2
}

@test "adversarial: table2 ci" {
	[ -d "$ADV" ] || skip "sfb-synth is not built"
	check_case adv_table2_ci
}

@test "adversarial: gap sensitivity" {
	[ -d "$ADV" ] || skip "sfb-synth is not built"
	check_case adv_gap_sensitivity
}

@test "adversarial: both empty" {
	[ -d "$ADV" ] || skip "sfb-synth is not built"
	check_case adv_both_empty
}

@test "adversarial: radiologist" {
	[ -d "$ADV" ] || skip "sfb-synth is not built"
	check_case adv_radiologist
}

@test "adversarial: checksums code" {
	[ -d "$ADV" ] || skip "sfb-synth is not built"
	check_case adv_checksums_code
}

@test "adversarial: checksums bundle" {
	[ -d "$ADV" ] || skip "sfb-synth is not built"
	check_case adv_checksums_bundle
}

@test "adversarial: release identity" {
	[ -d "$ADV" ] || skip "sfb-synth is not built"
	check_case adv_release_identity
}

@test "adversarial: followup" {
	[ -d "$ADV" ] || skip "sfb-synth is not built"
	check_case adv_followup
}

@test "release identity anonymous" {
	check_case release_identity_anonymous
}

@test "release identity personal" {
	check_case release_identity_personal
}

@test "release identity unsupported" {
	check_case release_identity_unsupported
}

@test "personal missing" {
	check_case personal_missing
}

@test "personal not object" {
	check_case personal_not_object
}

@test "personal anchor changed" {
	check_case personal_anchor_changed
}

@test "personal anchor changed anonymous" {
	check_case personal_anchor_changed_anonymous
}

@test "personal prompt changed" {
	check_case personal_prompt_changed
}

@test "personal schema" {
	check_case personal_schema
}

@test "anchor changed" {
	check_case anchor_changed
}

@test "anchor missing" {
	check_case anchor_missing
}

@test "both empty" {
	check_case both_empty
}

@test "both empty one" {
	check_case both_empty_one
}

@test "checksum duplicate" {
	check_case checksum_duplicate
}

@test "checksum escape" {
	check_case checksum_escape
}

@test "checksum malformed" {
	check_case checksum_malformed
}

@test "checksum missing file" {
	check_case checksum_missing_file
}

@test "checksums bundle" {
	check_case checksums_bundle
}

@test "checksums code" {
	check_case checksums_code
}

@test "checksums reader" {
	check_case checksums_reader
}

@test "ci seed" {
	check_case ci_seed
}

@test "ci settings" {
	check_case ci_settings
}

@test "dataset" {
	check_case dataset
}

@test "diagnostic scoring" {
	check_case diagnostic_scoring
}

@test "dup passed row" {
	check_case dup_passed_row
}

@test "dup qc row" {
	check_case dup_qc_row
}

@test "eval duplicate" {
	check_case eval_duplicate
}

@test "eval error" {
	check_case eval_error
}

@test "eval identity" {
	check_case eval_identity
}

@test "eval no text" {
	check_case eval_no_text
}

@test "eval role" {
	check_case eval_role
}

@test "eval unpaired" {
	check_case eval_unpaired
}

@test "extra png" {
	check_case extra_png
}

@test "followup" {
	check_case followup
}

@test "frozen diag" {
	check_case frozen_diag
}

@test "frozen diag ci" {
	check_case frozen_diag_ci
}

@test "frozen full" {
	check_case frozen_full
}

@test "frozen partial" {
	check_case frozen_partial
}

@test "frozen rec" {
	check_case frozen_rec
}

@test "frozen rec ci" {
	check_case frozen_rec_ci
}

@test "frozen usable" {
	check_case frozen_usable
}

@test "gap sensitivity" {
	check_case gap_sensitivity
}

@test "gap sensitivity one" {
	check_case gap_sensitivity_one
}

@test "image size" {
	check_case image_size
}

@test "inspect" {
	check_case inspect
}

@test "missing hidden" {
	check_case missing_hidden
}

@test "missing pairs json" {
	check_case missing_pairs_json
}

@test "missing prompts" {
	check_case missing_prompts
}

@test "missing readme" {
	check_case missing_readme
}

@test "missing summary" {
	check_case missing_summary
}

@test "missing table" {
	check_case missing_table
}

@test "missing trace" {
	check_case missing_trace
}

@test "mitigation" {
	check_case mitigation
}

@test "mitigation delta" {
	check_case mitigation_delta
}

@test "mitigation exclusions" {
	check_case mitigation_exclusions
}

@test "mitigation flag" {
	check_case mitigation_flag
}

@test "mitigation gate" {
	check_case mitigation_gate
}

@test "mitigation invalid" {
	check_case mitigation_invalid
}

@test "mitigation row" {
	check_case mitigation_row
}

@test "mitigation rule" {
	check_case mitigation_rule
}

@test "no rows" {
	check_case no_rows
}

@test "not in panel" {
	check_case not_in_panel
}

@test "parse sample" {
	check_case parse_sample
}

@test "parse sample gemma" {
	check_case parse_sample_gemma
}

@test "parse sample order" {
	check_case parse_sample_order
}

@test "png count" {
	check_case png_count
}

@test "prompt changed" {
	check_case prompt_changed
}

@test "qc blank line" {
	check_case qc_blank_line
}

@test "qc pass flag" {
	check_case qc_pass_flag
}

@test "radiologist" {
	check_case radiologist
}

@test "reader cannot tell" {
	check_case reader_cannot_tell
}

@test "reader exclusions" {
	check_case reader_exclusions
}

@test "reader hidden" {
	check_case reader_hidden
}

@test "reader subset" {
	check_case reader_subset
}

@test "release identity" {
	check_case release_identity
}

@test "release schema" {
	check_case release_schema
}

@test "renamed image" {
	check_case renamed_image
}

@test "source count" {
	check_case source_count
}

@test "source mapping" {
	check_case source_mapping
}

@test "source membership" {
	check_case source_membership
}

@test "source png" {
	check_case source_png
}

@test "stage1 confidence" {
	check_case stage1_confidence
}

@test "stage1 frozen" {
	check_case stage1_frozen
}

@test "stage1 missing text" {
	check_case stage1_missing_text
}

@test "stage1 no list" {
	check_case stage1_no_list
}

@test "stage1 sidecar" {
	check_case stage1_sidecar
}

@test "supplement accounting" {
	check_case supplement_accounting
}

@test "supplement arithmetic" {
	check_case supplement_arithmetic
}

@test "supplement models" {
	check_case supplement_models
}

@test "table2" {
	check_case table2
}

@test "table2 ci" {
	check_case table2_ci
}

@test "tampered supplement" {
	check_case tampered_supplement
}

@test "wrong checksum" {
	check_case wrong_checksum
}

@test "reviewer-checks.sh runs every check and counts them" {
	for p in $(programs table2) sfb-stage1 sfb-csv sfb-sha-verify; do
		command -v "$p" >/dev/null || skip "$p is not built"
	done
	run_split "$TOP/examples/reviewer-checks.sh" --artifacts "$B" --code-root "$C"
	assert_success
	assert_line --index 0 '== inspect'
	assert_line '== table2'
	assert_line '== followup'
	assert_line 'reviewer checks: 15 passed, 0 failed'
	assert_stderr ''
}

@test "reviewer-checks.sh passes every check on the adversarial bundle" {
	for p in $(programs table2) sfb-stage1 sfb-csv sfb-sha-verify; do
		command -v "$p" >/dev/null || skip "$p is not built"
	done
	adversarial
	run_split "$TOP/examples/reviewer-checks.sh" --artifacts "$B" --code-root "$C"
	assert_success
	assert_line 'reviewer checks: 15 passed, 0 failed'
	assert_stderr ''
}

@test "reviewer-checks.sh goes on after a failure and exits with it" {
	for p in $(programs table2) sfb-stage1 sfb-csv sfb-sha-verify; do
		command -v "$p" >/dev/null || skip "$p is not built"
	done
	rm "$B/README.md"
	run_split "$TOP/examples/reviewer-checks.sh" --artifacts "$B" --code-root "$C"
	assert_failure 1
	assert_line 'reviewer checks: 13 passed, 2 failed'
	assert_stderr $'Missing required artifact: README.md\nChecksum file missing: README.md'
}

@test "usage errors exit 2" {
	run_split "$TOP/examples/table2.sh" --artifacts "$B" --model gpt-9
	assert_failure 2
	assert_output ''
	[[ $stderr == *"table2.sh: --model: invalid choice: 'gpt-9'"* ]]
	run_split "$TOP/examples/table2.sh" --bootstrap-iterations many
	assert_failure 2
	[[ $stderr == *"invalid int value: 'many'"* ]]
	run_split "$TOP/examples/dataset.sh" --code-root "$C"
	assert_failure 2
	[[ $stderr == *'unknown option: --code-root'* ]]
	run_split "$TOP/examples/inspect.sh" extra
	assert_failure 2
	[[ $stderr == *'unexpected argument: extra'* ]]
	run_split "$TOP/examples/radiologist.sh" --expect-pass lots
	assert_failure 2
	assert_output ''
	[[ $stderr == *"--expect-pass: invalid int value: 'lots'"* ]]
}

@test "radiologist.sh takes the expected counts as options" {
	run_split "$TOP/examples/radiologist.sh" --artifacts "$B" --expect-hidden 31
	assert_failure 1
	assert_line 'Hidden-repeat rows: 30'
	assert_stderr 'Unexpected hidden-repeat record count'
}

@test "--help prints the usage and exits 0" {
	run_split "$TOP/examples/table2.sh" --help
	assert_success
	assert_output 'usage: table2.sh [--artifacts DIR] [--model M|all] [--recompute-ci] [--bootstrap-iterations N] [--seed S]'
	assert_stderr ''
}
