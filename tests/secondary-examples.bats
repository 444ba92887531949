#!/usr/bin/env bats
# examples/secondary.sh (and per-pathology.sh) against the goldens of the
# independent Python implementation (tests/gen/ref_secondary.py), on the
# default synthetic bundle, untouched and changed one way per case
# (tests/secondary_cases.bash).

load test_helper

GOLD="$TOP/tests/golden/secondary-checks"

setup_file() {
	sfb-synth --out "$BATS_FILE_TMPDIR/bundle/artifacts" \
	    --code-root "$BATS_FILE_TMPDIR/bundle/code-root" >/dev/null
}

setup() {
	cp -a "$BATS_FILE_TMPDIR/bundle" "$BATS_TEST_TMPDIR/w"
	B=$BATS_TEST_TMPDIR/w/artifacts
	. "$TOP/tests/secondary_cases.bash"
}

# Standard output, standard error and exit status equal the golden's.
check_case() {
	"case_$1"
	run_split "$TOP/examples/${SCRIPT//_/-}.sh" "${ARGS[@]}"
	assert_equal "$output" "$(cat "$GOLD/$1.out")"
	assert_stderr "$(cat "$GOLD/$1.err")"
	assert_equal "$status" "$(cat "$GOLD/$1.status")"
}

@test "secondary: all nine models, frozen values and CIs" { check_case all; }
@test "secondary: one model, --no-ci" { check_case one_no_ci; }
@test "secondary: a baseline-panel model" { check_case baseline_model; }
@test "secondary: severity differs from the frozen value: exit 1" { check_case severity_mismatch; }
@test "secondary: severity pair count differs: exit 1 at the first model" { check_case severity_count; }
@test "secondary: hedging differs: exit 1 after the earlier models" { check_case hedging_mismatch; }
@test "secondary: hallucination pair count differs: exit 1" { check_case hallucination_count; }
@test "secondary: hallucination differs by 1e-9: exit 1" { check_case hallucination_mismatch; }
@test "secondary: a difference of 1e-13 is within the tolerance" { check_case hallucination_within_tolerance; }
@test "secondary: absent frozen fields are said so and not checked" { check_case absent_fields; }
@test "secondary: sources without pathology labels leave the hallucination population" {
	check_case missing_pathology_labels
}

@test "secondary: usage errors exit 2" {
	run_split "$TOP/examples/secondary.sh" --model nope
	assert_failure 2
	assert_output ""
	[ "${stderr%%$'\n'*}" = "secondary.sh: --model: invalid choice: 'nope'" ]
	run_split "$TOP/examples/secondary.sh" --bogus
	assert_failure 2
	run_split "$TOP/examples/secondary.sh" -h
	assert_success
	assert_output "usage: secondary.sh [--artifacts DIR] [--model M|all] [--no-ci]"
}

@test "secondary: a missing summary fails as the other checks do" {
	rm "$B/$SUM"
	run_split "$TOP/examples/secondary.sh" --artifacts "$B"
	assert_failure 1
	assert_output ""
	assert_stderr "Missing required artifact: $SUM"
}

@test "per-pathology: all nine models" { check_case pathology_all; }
@test "per-pathology: one model" { check_case pathology_one; }
@test "per-pathology: sources without an entry count nowhere" { check_case pathology_fewer_sources; }

@test "per-pathology: usage errors exit 2" {
	run_split "$TOP/examples/per-pathology.sh" --model nope
	assert_failure 2
	assert_output ""
	run_split "$TOP/examples/per-pathology.sh" -h
	assert_success
	assert_output "usage: per-pathology.sh [--artifacts DIR] [--model M|all]"
}
