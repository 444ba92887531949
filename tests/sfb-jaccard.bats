#!/usr/bin/env bats
# sfb-jaccard: per-pair endpoint values and the generic array Jaccard.
# Goldens: tests/golden/jaccard, written by tests/gen/gen_jaccard_golden.py.

load test_helper

G="$TOP/tests/golden/jaccard"

@test "sfb-jaccard: --help prints usage on stdout, exit 0" {
	run_split sfb-jaccard --help
	assert_success
	assert_line --index 0 --partial "usage: sfb-jaccard [-a KEY -b KEY [-k OUT]]"
	assert_stderr ""
}

@test "sfb-jaccard: unknown option prints usage on stderr, exit 2" {
	run_split sfb-jaccard --bogus
	assert_failure 2
	assert_output ""
	[[ "$stderr" == *"usage: sfb-jaccard"* ]]
}

@test "sfb-jaccard: -a without -b, or -k alone, is a usage error" {
	run_split sfb-jaccard -a x </dev/null
	assert_failure 2
	assert_output ""
	[[ "$stderr" == *"usage: sfb-jaccard"* ]]
	run_split sfb-jaccard -k out </dev/null
	assert_failure 2
	[[ "$stderr" == *"usage: sfb-jaccard"* ]]
}

@test "sfb-jaccard: pair mode equals the Python golden (sets, duplicates, unusable, replaced key)" {
	run_split sfb-jaccard "$G/pairs.in"
	assert_success
	assert_stderr ""
	assert_output "$(cat "$G/pairs.out")"
}

@test "sfb-jaccard: generic mode equals the Python golden (escapes, NUL, astral, empty strings)" {
	run_split sfb-jaccard -a left -b right -k overlap "$G/generic.in"
	assert_success
	assert_stderr ""
	assert_output "$(cat "$G/generic.out")"
}

@test "sfb-jaccard: -x leaves members out, input or added, unusable records too (Python golden)" {
	run_split sfb-jaccard -x source_id --exclude recommendation_jaccard "$G/pairs.in"
	assert_success
	assert_stderr ""
	assert_output "$(cat "$G/pairs_x.out")"
}

@test "sfb-jaccard: generic mode with -x keeps the other members' escapes (Python golden)" {
	run_split sfb-jaccard -a left -b right -k overlap -x id "$G/generic.in"
	assert_success
	assert_stderr ""
	assert_output "$(cat "$G/generic_x.out")"
}

@test "sfb-jaccard: -x drops the report texts of scored pairs; an absent key is no error" {
	run_in '{"pair_id": "s1__a", "source_report": "No.", "counterfactual_report": "Yes.", "usable": true, "source_recommendations": [], "counterfactual_recommendations": ["imaging"], "source_diagnostic_labels": [], "counterfactual_diagnostic_labels": []}
{"pair_id": "s2__a", "source_report": "I cannot.", "counterfactual_report": "I cannot.", "usable": false}
' sfb-jaccard -x source_report -x counterfactual_report -x nothing
	assert_success
	assert_output '{"pair_id": "s1__a", "usable": true, "source_recommendations": [], "counterfactual_recommendations": ["imaging"], "source_diagnostic_labels": [], "counterfactual_diagnostic_labels": [], "recommendation_changed": 1.0, "recommendation_jaccard": 0.0, "diagnostic_label_consistency": 1.0, "diagnostic_labels_both_empty": true}
{"pair_id": "s2__a", "usable": false}'
	assert_stderr ""
}

@test "sfb-jaccard: both label sets empty gives consistency 1.0 and the flag" {
	run_in '{"source_recommendations": [], "counterfactual_recommendations": [], "source_diagnostic_labels": [], "counterfactual_diagnostic_labels": []}
' sfb-jaccard
	assert_success
	assert_output '{"source_recommendations": [], "counterfactual_recommendations": [], "source_diagnostic_labels": [], "counterfactual_diagnostic_labels": [], "recommendation_changed": 0.0, "recommendation_jaccard": 1.0, "diagnostic_label_consistency": 1.0, "diagnostic_labels_both_empty": true}'
	assert_stderr ""
}

@test "sfb-jaccard: generic mode writes \"jaccard\" without -k" {
	run_in '{"x": ["a", "b"], "y": ["b"]}' sfb-jaccard -a x -b y
	assert_success
	assert_output '{"x": ["a", "b"], "y": ["b"], "jaccard": 0.5}'
}

@test "sfb-jaccard: an unusable pair passes through byte for byte, arrays or not" {
	run_in '{"usable":false,"pair_id":"a__b"}
  {"usable": false, "source_recommendations": 3}
' sfb-jaccard
	assert_success
	assert_output '{"usable":false,"pair_id":"a__b"}
{"usable": false, "source_recommendations": 3}'
	assert_stderr ""
}

@test "sfb-jaccard: a missing recommendation array names sfb-rec-bucket" {
	run_in '{"usable": true, "source_diagnostic_labels": [], "counterfactual_diagnostic_labels": []}
' sfb-jaccard
	assert_failure 2
	assert_output ""
	assert_stderr "sfb-jaccard: -:1: source_recommendations is missing (sfb-rec-bucket adds it)"
}

@test "sfb-jaccard: a missing counterfactual array names its stage" {
	run_in '{"source_recommendations": [], "counterfactual_recommendations": [], "source_diagnostic_labels": []}
' sfb-jaccard
	assert_failure 2
	assert_stderr "sfb-jaccard: -:1: counterfactual_diagnostic_labels is missing (sfb-extract-labels adds it)"
}

@test "sfb-jaccard: earlier lines are written whole before an error" {
	run_in '{"usable": false}
{"source_recommendations": [], "counterfactual_recommendations": []}
' sfb-jaccard
	assert_failure 2
	assert_output '{"usable": false}'
	assert_stderr "sfb-jaccard: -:2: source_diagnostic_labels is missing (sfb-extract-labels adds it)"
}

@test "sfb-jaccard: a wrongly typed array is an error" {
	run_in '{"source_recommendations": "imaging", "counterfactual_recommendations": [], "source_diagnostic_labels": [], "counterfactual_diagnostic_labels": []}' sfb-jaccard
	assert_failure 2
	assert_stderr "sfb-jaccard: -:1: source_recommendations is a string, not an array of strings"
}

@test "sfb-jaccard: a non-string element is an error with its index" {
	run_in '{"source_recommendations": [], "counterfactual_recommendations": ["a", null], "source_diagnostic_labels": [], "counterfactual_diagnostic_labels": []}' sfb-jaccard
	assert_failure 2
	assert_stderr "sfb-jaccard: -:1: counterfactual_recommendations[1] is null, not a string"
}

@test "sfb-jaccard: arrays in any layout and any escapes equal the Python golden" {
	run_split sfb-jaccard -a left -b right -k overlap "$G/layout.in"
	assert_success
	assert_stderr ""
	assert_output "$(cat "$G/layout.out")"
}

@test "sfb-jaccard: strings sharing up to twelve first bytes, NULs and bytes >= 0x80 near the eighth, equal the Python golden" {
	run_split sfb-jaccard -a left -b right -k overlap "$G/keys.in"
	assert_success
	assert_stderr ""
	assert_output "$(cat "$G/keys.out")"
}

@test "sfb-jaccard: a non-string element after white space, escapes and a nested array" {
	run_in $'{"a": [ "x\\"\\\\" ,\t"y\\u0000" , [ "z" ] ], "b": []}' sfb-jaccard -a a -b b
	assert_failure 2
	assert_output ""
	assert_stderr "sfb-jaccard: -:1: a[2] is an array, not a string"
	run_in '{"a": ["long string past eight bytes", {"k": "v"}], "b": []}' sfb-jaccard -a a -b b
	assert_failure 2
	assert_stderr "sfb-jaccard: -:1: a[1] is an object, not a string"
	run_in '{"a": [], "b": ["s", true]}' sfb-jaccard -a a -b b
	assert_failure 2
	assert_stderr "sfb-jaccard: -:1: b[1] is a boolean, not a string"
}

@test "sfb-jaccard: generic mode: a missing array is an error" {
	run_in '{"x": ["a"]}' sfb-jaccard -a x -b y -k j
	assert_failure 2
	assert_stderr "sfb-jaccard: -:1: y is missing, not an array of strings"
}

@test "sfb-jaccard: usable must be a boolean when present" {
	run_in '{"usable": "no"}' sfb-jaccard
	assert_failure 2
	assert_stderr "sfb-jaccard: -:1: usable is a string, not a boolean"
}

@test "sfb-jaccard: invalid JSON stops with file and line" {
	printf '{"usable": false}\n{"usable": fals}\n' >"$BATS_TEST_TMPDIR/in.ndjson"
	run_split sfb-jaccard "$BATS_TEST_TMPDIR/in.ndjson"
	assert_failure 2
	assert_output '{"usable": false}'
	[[ "$stderr" == "sfb-jaccard: $BATS_TEST_TMPDIR/in.ndjson:2: invalid JSON"* ]]
}

# Regular files are read through a mapping (input.h): one cut short while
# it is read is an input error like any other.  The program is held on a
# full output pipe, well past the cut, before the file is cut.
@test "sfb-jaccard: a file cut short while it is read: its name, exit 2, whole lines written" {
	local d="$BATS_TEST_TMPDIR" line i
	line='{"usable": false, "pad": "'$(printf '%0200d' 0)'"}'
	yes "$line" | head -n 40000 > "$d/big.ndjson"
	mkfifo "$d/out"
	"$SFB_BIN/sfb-jaccard" "$d/big.ndjson" > "$d/out" 2> "$d/err" &
	local pid=$!
	exec 8< "$d/out"
	for i in $(seq 200); do
		[ "$(cat /proc/$pid/wchan 2>/dev/null)" = pipe_write ] && break
		sleep 0.05
	done
	truncate -s 50000 "$d/big.ndjson"
	cat <&8 > "$d/got"
	exec 8<&-
	status=0
	wait $pid || status=$?
	[ "$status" -eq 2 ]
	[ "$(cat "$d/err")" = "sfb-jaccard: $d/big.ndjson: file cut short while it was read" ]
	[ -s "$d/got" ]
	[ "$(tail -c 1 "$d/got" | od -An -c | tr -d ' ')" = '\n' ]
	[ -z "$(grep -vxF "$line" "$d/got")" ]
}

@test "sfb-jaccard: a file of whole lines, of a last line without newline, and an empty one, read one after another" {
	local d="$BATS_TEST_TMPDIR"
	printf '{"usable": false, "a": 1}\n{"usable": false, "a": 2}' > "$d/one"
	: > "$d/empty"
	printf '{"usable": false, "a": 3}\r\n' > "$d/two"
	run_split sfb-jaccard "$d/one" "$d/empty" "$d/two"
	assert_success
	assert_stderr ""
	assert_output $'{"usable": false, "a": 1}\n{"usable": false, "a": 2}\n{"usable": false, "a": 3}'
}
