#!/usr/bin/env bats
# sfb-stage1: Stage-1 primary diagnosis and sidecar check.

load test_helper

G="$TOP/tests/golden/stage1"

@test "golden cases: diagnosis, sidecar and parse flag as Python's re decides them" {
	run_split sfb-stage1 -d "$G/cases" "$G/cases.ndjson"
	assert_success
	assert_stderr ''
	[ "$output" = "$(cat "$G/expected.ndjson")" ]
}

@test "the path field may be named, and relative paths follow the working directory" {
	cd "$G/cases"
	run_in '{"n":1,"file":"t06.txt"}' sfb-stage1 -f file
	assert_success
	assert_output '{"n":1,"file":"t06.txt", "primary_diagnosis": "Spondylolisthesis at L4", "validation_clean": true, "parse_ok": true}'
}

@test "added keys replace existing ones" {
	run_in '{"path":"t04.txt","parse_ok":true,"x":0}' sfb-stage1 -d "$G/cases"
	assert_success
	assert_stderr ''
	[ "$(jq -c . <<<"$output")" = '{"path":"t04.txt","parse_ok":false,"x":0,"primary_diagnosis":null,"validation_clean":true}' ]
}

@test "a text without a sidecar parses but is not clean" {
	printf 'Primary diagnosis: scoliosis\n' >"$BATS_TEST_TMPDIR/a.txt"
	run_in '{"path":"a.txt"}' sfb-stage1 -d "$BATS_TEST_TMPDIR"
	assert_success
	assert_output '{"path":"a.txt", "primary_diagnosis": "scoliosis", "validation_clean": false, "parse_ok": false}'
}

@test "a missing text file is an error with its line" {
	run_in $'{"path":"t00.txt"}\n{"path":"none.txt"}\n' sfb-stage1 -d "$G/cases"
	assert_failure 2
	assert_output '{"path":"t00.txt", "primary_diagnosis": "Degenerative disc disease", "validation_clean": true, "parse_ok": true}'
	assert_stderr "sfb-stage1: -:2: $G/cases/none.txt: No such file or directory"
}

@test "a record without the path field is an error" {
	run_in '{"file":"t00.txt"}' sfb-stage1
	assert_failure 2
	assert_output ''
	assert_stderr "sfb-stage1: -:1: missing or non-string field 'path'"
	run_in '{"path":3}' sfb-stage1
	assert_failure 2
	assert_stderr "sfb-stage1: -:1: missing or non-string field 'path'"
}

@test "bad JSON is an error" {
	run_in '{"path":' sfb-stage1
	assert_failure 2
	assert_output ''
	[[ $stderr == 'sfb-stage1: -:1: '* ]]
}

@test "--help, --version and unknown options" {
	run_split sfb-stage1 --help
	assert_success
	assert_line --index 0 'usage: sfb-stage1 [-f FIELD] [-d DIR] [FILE...]'
	run_split sfb-stage1 --version
	assert_success
	assert_output --regexp '^sfb-stage1 \(sfb\) [0-9.]+$'
	run_split sfb-stage1 -x
	assert_failure 2
	assert_output ''
	[[ $stderr == *'usage: sfb-stage1'* ]]
}

@test "man page example runs" {
	cd "$BATS_TEST_TMPDIR"
	s=artifacts/Results/final_inputs/panels/full_pipeline_mitigation_retained/stage1_outputs/gpt-5.4
	mkdir -p "$s"
	cp "$G/cases/t00.txt" "$G/cases/t00.validation.json" "$s/"
	cp "$G/cases/t04.txt" "$G/cases/t04.validation.json" "$s/"
	cp "$G/cases/t06.txt" "$s/"
	run_split sh -c 'd=artifacts/Results/final_inputs/panels/full_pipeline_mitigation_retained
	ls "$d/stage1_outputs/gpt-5.4"/*.txt | jq -cR "{path: .}" |
	    sfb-stage1 | jq -s "map(select(.parse_ok)) | length"'
	assert_success
	assert_output '1'
}
