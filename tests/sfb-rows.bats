#!/usr/bin/env bats
# sfb-rows: the objects of a JSON array as NDJSON lines.

load test_helper

@test "each element on one line, its bytes as written, white space between tokens dropped" {
	run_in $'[\n  {\n    "a": 1.0,\n    "b": "x  y\\n\\"z\\\\",\n    "c": [1e2, -0, {"d": null}]\n  },\n\t{ }\r\n]\n' sfb-rows
	assert_success
	assert_stderr ''
	assert_output '{"a":1.0,"b":"x  y\n\"z\\","c":[1e2,-0,{"d":null}]}
{}'
}

@test "escapes, lone surrogates, NUL and non-ASCII text pass unchanged" {
	run_in $'[{"t": "\\ud800 \\u0000 \\u00e9 é \\/", "k\\u00e9y": true}]' sfb-rows
	assert_success
	assert_output $'{"t":"\\ud800 \\u0000 \\u00e9 é \\/","k\\u00e9y":true}'
}

@test "the same values as jq reads from the array, in order" {
	f="$BATS_TEST_TMPDIR/rows.json"
	for i in $(seq 1 50); do
		printf '%s{"model": "m%d", "pair_id": "buu_%04d__young_male", "n": [%d, 2.5],\n "response": "line one\\nline two \\u2019 %d"}' \
			"$([ "$i" -gt 1 ] && echo ,)" $((i % 3)) "$i" "$i" "$i"
	done | { echo '['; cat; echo ']'; } >"$f"
	run_split sfb-rows "$f"
	assert_success
	[ "${#lines[@]}" -eq 50 ]
	[ "$(printf '%s\n' "$output" | jq -c .)" = "$(jq -c '.[]' "$f")" ]
}

@test "several files in order, zstd input, an empty array writes nothing" {
	printf '[{"a": 1}]' >"$BATS_TEST_TMPDIR/1.json"
	printf '[{"b": 2}, {"c": 3}]' | zstd -q >"$BATS_TEST_TMPDIR/2.json.zst"
	printf ' [ ] \n' >"$BATS_TEST_TMPDIR/3.json"
	run_split sfb-rows "$BATS_TEST_TMPDIR/1.json" "$BATS_TEST_TMPDIR/3.json" "$BATS_TEST_TMPDIR/2.json.zst"
	assert_success
	assert_output $'{"a":1}\n{"b":2}\n{"c":3}'
}

@test "bad input: not an array, an element not an object, invalid JSON, invalid UTF-8" {
	run_in '{"a": 1}' sfb-rows
	assert_failure 2
	assert_output ''
	assert_stderr 'sfb-rows: -:1: not a JSON array'
	run_in $'[{"a": 1},\n 3]' sfb-rows
	assert_failure 2
	assert_output '{"a":1}'
	assert_stderr 'sfb-rows: -:2: array element is not an object'
	run_in $'[{"a": 1},\n\n {"b": }]' sfb-rows
	assert_failure 2
	assert_output '{"a":1}'
	assert_stderr 'sfb-rows: -:3: invalid JSON'
	run_in $'[{"a": "\xff"}]' sfb-rows
	assert_failure 2
	assert_output ''
	[[ $stderr == 'sfb-rows: -:1: '* ]]
	run_in $'[{"a": 1}' sfb-rows
	assert_failure 2
	[[ $stderr == 'sfb-rows: -:1: '* ]]
	run_split sfb-rows "$BATS_TEST_TMPDIR/none.json"
	assert_failure 2
	assert_output ''
	[[ $stderr == *'none.json'* ]]
}

@test "--help, --version, unknown options" {
	run_split sfb-rows --help
	assert_success
	assert_line --index 0 'usage: sfb-rows [FILE...]'
	run_split sfb-rows --version
	assert_success
	[ -n "$output" ]
	run_split sfb-rows --bogus
	assert_failure 2
	assert_output ''
	[[ $stderr == *'usage: sfb-rows [FILE...]'* ]]
}

@test "man page examples run" {
	cd "$BATS_TEST_TMPDIR"
	printf '[{"model": "gpt-5.4", "response": "No fracture."}]' >evaluation_results.json
	run_split sh -c "sfb-rows evaluation_results.json | sfb-refusal -f response | head -n 1"
	assert_success
	assert_output '{"model":"gpt-5.4","response":"No fracture.", "response_class": "genuine"}'
	run_split sh -c "printf '[{\"model\": \"gpt-5.4\"},\n {\"model\": \"radfm\"}]' | sfb-rows"
	assert_success
	assert_output $'{"model":"gpt-5.4"}\n{"model":"radfm"}'
}
