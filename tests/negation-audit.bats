#!/usr/bin/env bats
# examples/negation-audit.sh against tests/gen/gen_negation_golden.py (an
# independent Python computation: ref_checks.py's pairs, labels and NumPy
# bootstrap, negex_port.py's GenNegEx) on the default synthetic bundle.

load test_helper

setup_file() {
	if command -v sfb-synth >/dev/null; then
		sfb-synth --out "$BATS_FILE_TMPDIR/b/artifacts" \
		    --code-root "$BATS_FILE_TMPDIR/b/code-root" >/dev/null
	fi
}

setup() {
	[ -d "$BATS_FILE_TMPDIR/b" ] || skip "sfb-synth is not built"
	B=$BATS_FILE_TMPDIR/b/artifacts
}

@test "negation-audit: every model, as the Python computation" {
	run_split "$TOP/examples/negation-audit.sh" --artifacts "$B"
	assert_success
	assert_stderr ""
	assert_output "$(cat "$TOP/tests/golden/negation/audit.out")"
}

@test "negation-audit: one model" {
	run_split "$TOP/examples/negation-audit.sh" --artifacts "$B" --model gpt-5.4
	assert_success
	assert_stderr ""
	assert_output "$(cat "$TOP/tests/golden/negation/audit-gpt-5.4.out")"
}

@test "negation-audit: --model all is the default" {
	run_split "$TOP/examples/negation-audit.sh" --artifacts "$B" --model all
	assert_success
	assert_output "$(cat "$TOP/tests/golden/negation/audit.out")"
}

@test "negation-audit: usage errors exit 2" {
	run_split "$TOP/examples/negation-audit.sh" --model nobody
	assert_failure 2
	assert_output ""
	[[ $stderr == *"--model: invalid choice: 'nobody'"* ]]
	run_split "$TOP/examples/negation-audit.sh" extra
	assert_failure 2
	[[ $stderr == *"unexpected argument: extra"* ]]
}

@test "negation-audit: a missing bundle fails with the reference's message" {
	run_split "$TOP/examples/negation-audit.sh" --artifacts "$BATS_TEST_TMPDIR/none" --model gpt-5.4
	assert_failure 1
	assert_stderr "Missing required artifact: artifacts/Results/final_inputs/panels/full_pipeline_retained/panel_manifest.json"
}
