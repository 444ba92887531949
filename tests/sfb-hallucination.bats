#!/usr/bin/env bats
# sfb-hallucination: the fraction of SPEC 13.3 against
# tests/gen/gen_truth_golden.py's Python, null ground truth, unusable
# records, and bad input.

load test_helper

G="$TOP/tests/golden/truth"
KEYS='{source_hallucination_fraction, counterfactual_hallucination_fraction, hallucination_abs_diff}'

@test "golden: the three keys of every record (sets, No finding removed, null truth, unusable)" {
	sfb-truth "$G/pairs.json" "$G/records.ndjson.zst" | sfb-hallucination |
	    jq -c "if .usable == false then has(\"hallucination_abs_diff\") else $KEYS end" >"$BATS_TEST_TMPDIR/got"
	zstd -dcq "$G/want.ndjson.zst" | jq -c "if has(\"hallucination_abs_diff\") then $KEYS else false end" \
	    >"$BATS_TEST_TMPDIR/want"
	run diff "$BATS_TEST_TMPDIR/want" "$BATS_TEST_TMPDIR/got"
	assert_success
	assert_output ""
	[ "$(wc -l <"$BATS_TEST_TMPDIR/got")" -eq 2000 ]
}

@test "13.3: f = |P - G| / |P| per side, 0.0 for an empty P, Python float text" {
	run_in '{"source_diagnostic_labels": ["Fracture", "Osteophytes", "Other lesions"], "counterfactual_diagnostic_labels": ["No finding"], "ground_truth_labels": ["Fracture", "No finding"]}' \
	    sfb-hallucination
	assert_success
	assert_stderr ""
	assert_output '{"source_diagnostic_labels": ["Fracture", "Osteophytes", "Other lesions"], "counterfactual_diagnostic_labels": ["No finding"], "ground_truth_labels": ["Fracture", "No finding"], "source_hallucination_fraction": 0.6666666666666666, "counterfactual_hallucination_fraction": 0.0, "hallucination_abs_diff": 0.6666666666666666}'
}

@test "13.3: labels are sets; an empty G makes every label unmatched" {
	run_in '{"source_diagnostic_labels": ["Fracture", "Fracture", "No finding"], "counterfactual_diagnostic_labels": ["Fracture", "Osteophytes"], "ground_truth_labels": []}' \
	    sfb-hallucination -x source_diagnostic_labels -x counterfactual_diagnostic_labels
	assert_success
	assert_output '{"ground_truth_labels": [], "source_hallucination_fraction": 1.0, "counterfactual_hallucination_fraction": 1.0, "hallucination_abs_diff": 0.0}'
}

@test "null ground truth gives null keys; an unusable record passes unchanged; existing keys are replaced" {
	run_in '{"hallucination_abs_diff": 3, "source_diagnostic_labels": ["Fracture"], "counterfactual_diagnostic_labels": [], "ground_truth_labels": null}
{"usable": false, "ground_truth_labels": 5}' sfb-hallucination
	assert_success
	assert_output '{"hallucination_abs_diff": null, "source_diagnostic_labels": ["Fracture"], "counterfactual_diagnostic_labels": [], "ground_truth_labels": null, "source_hallucination_fraction": null, "counterfactual_hallucination_fraction": null}
{"usable": false, "ground_truth_labels": 5}'
}

@test "bad input: a missing array names the stage that adds it" {
	run_in '{"source_diagnostic_labels": [], "counterfactual_diagnostic_labels": []}' sfb-hallucination
	assert_failure 2
	assert_output ""
	assert_stderr 'sfb-hallucination: -:1: ground_truth_labels is missing (sfb-truth adds it)'
	run_in '{"ground_truth_labels": [], "counterfactual_diagnostic_labels": []}' sfb-hallucination
	assert_failure 2
	assert_stderr 'sfb-hallucination: -:1: source_diagnostic_labels is missing (sfb-extract-labels adds it)'
}

@test "bad input: wrong types, non-string elements, invalid JSON; earlier lines complete" {
	local ok='{"source_diagnostic_labels": [], "counterfactual_diagnostic_labels": [], "ground_truth_labels": []}'
	local okout='{"source_diagnostic_labels": [], "counterfactual_diagnostic_labels": [], "ground_truth_labels": [], "source_hallucination_fraction": 0.0, "counterfactual_hallucination_fraction": 0.0, "hallucination_abs_diff": 0.0}'
	run_in "$ok"$'\n''{"source_diagnostic_labels": "Fracture", "counterfactual_diagnostic_labels": [], "ground_truth_labels": []}' sfb-hallucination
	assert_failure 2
	assert_output "$okout"
	assert_stderr 'sfb-hallucination: -:2: source_diagnostic_labels is a string, not an array of strings'
	run_in "$ok"$'\n''{"source_diagnostic_labels": [], "counterfactual_diagnostic_labels": ["a", 1], "ground_truth_labels": []}' sfb-hallucination
	assert_failure 2
	assert_stderr 'sfb-hallucination: -:2: counterfactual_diagnostic_labels[1] is not a string'
	run_in "$ok"$'\n''{"source_diagnostic_labels": ["a"], "counterfactual_diagnostic_labels": [], "ground_truth_labels": [null]}' sfb-hallucination
	assert_failure 2
	assert_stderr 'sfb-hallucination: -:2: ground_truth_labels[0] is not a string'
	run_in "$ok"$'\n''{"source_diagnostic_labels": [], "counterfactual_diagnostic_labels": [], "ground_truth_labels": false}' sfb-hallucination
	assert_failure 2
	assert_stderr 'sfb-hallucination: -:2: ground_truth_labels is a boolean, not an array of strings'
	run_in "$ok"$'\n''[1]' sfb-hallucination
	assert_failure 2
	assert_output "$okout"
	assert_stderr 'sfb-hallucination: -:2: not a JSON object'
}

@test "usage: unknown option, -h, --version" {
	run_split sfb-hallucination --bogus
	assert_failure 2
	assert_output ""
	[ "${stderr##*$'\n'}" = "usage: sfb-hallucination [-x KEY]... [FILE...]" ]
	run_split sfb-hallucination -h
	assert_success
	assert_output "usage: sfb-hallucination [-x KEY]... [FILE...]"
	run_split sfb-hallucination --version
	assert_success
	assert_output --regexp '^sfb-hallucination \(sfb\) [0-9]+\.[0-9]+\.[0-9]+$'
}

@test "man page example runs" {
	run_split sh -c 'echo '"'"'{"source_diagnostic_labels": ["Fracture", "Osteophytes"], "counterfactual_diagnostic_labels": ["Fracture"], "ground_truth_labels": ["Fracture"]}'"'"' |
	    sfb-hallucination'
	assert_success
	assert_output '{"source_diagnostic_labels": ["Fracture", "Osteophytes"], "counterfactual_diagnostic_labels": ["Fracture"], "ground_truth_labels": ["Fracture"], "source_hallucination_fraction": 0.5, "counterfactual_hallucination_fraction": 0.0, "hallucination_abs_diff": 0.5}'
}
