#!/usr/bin/env bats
# sfb-refusal: response classes and pair usability (SPEC 2.1, 3.3).
# Expected classes come from the reference's rules run by Python: the
# fixtures below were checked with its classify_response, and the corpus
# tests/golden/text (written by tests/gen/gen_text_golden.py) holds the
# class of every report computed with Python's re.

load test_helper

T="$TOP/tests/golden/text"

@test "sfb-refusal: --help prints usage on stdout, exit 0" {
	run_split sfb-refusal --help
	assert_success
	assert_line --index 0 "usage: sfb-refusal [-f FIELD] [-j JOBS] [-k KEY] [FILE...]"
	assert_stderr ""
}

@test "sfb-refusal: --version prints the version, exit 0" {
	run_split sfb-refusal --version
	assert_success
	[[ "$output" == "sfb-refusal "* ]]
	assert_stderr ""
}

@test "sfb-refusal: unknown option prints usage on stderr, exit 2" {
	run_split sfb-refusal --bogus
	assert_failure 2
	assert_output ""
	[[ "$stderr" == *"usage: sfb-refusal"* ]]
}

@test "sfb-refusal: the SPEC fixture is a full refusal and makes the pair unusable" {
	run_in '{"pair_id": "buu_0001__young_female", "source_report": "I cannot interpret medical images.", "counterfactual_report": "Findings: mild osteophytes."}
' sfb-refusal
	assert_success
	assert_output '{"pair_id": "buu_0001__young_female", "source_report": "I cannot interpret medical images.", "counterfactual_report": "Findings: mild osteophytes.", "source_response_class": "full_refusal", "counterfactual_response_class": "genuine", "usable": false}'
	assert_stderr ""
}

@test "sfb-refusal: a refusal with a hedge is a partial refusal and stays usable" {
	run_in '{"source_report": "I am unable to diagnose this. A radiologist would look for fractures.", "counterfactual_report": "I cannot read x-rays; possible findings could include spurs."}
' sfb-refusal
	assert_success
	assert_output '{"source_report": "I am unable to diagnose this. A radiologist would look for fractures.", "counterfactual_report": "I cannot read x-rays; possible findings could include spurs.", "source_response_class": "partial_refusal", "counterfactual_response_class": "partial_refusal", "usable": true}'
	assert_stderr ""
}

@test "sfb-refusal: a refusal phrase with clinical content is genuine" {
	run_in '{"source_report": "I cannot interpret medical images with certainty.\nImpression: mild lumbar spondylosis.", "counterfactual_report": "I am not qualified, but this radiograph shows scoliosis."}
' sfb-refusal
	assert_success
	assert_output '{"source_report": "I cannot interpret medical images with certainty.\nImpression: mild lumbar spondylosis.", "counterfactual_report": "I am not qualified, but this radiograph shows scoliosis.", "source_response_class": "genuine", "counterfactual_response_class": "genuine", "usable": true}'
}

@test "sfb-refusal: text of Python whitespace only (U+3000, U+001F, U+0085) is a full refusal; U+200B is not whitespace" {
	run_in '{"source_report": "\u3000\u001f \u0085\t", "counterfactual_report": "\u200b"}
{"source_report": "", "counterfactual_report": "ok"}
' sfb-refusal
	assert_success
	assert_output '{"source_report": "\u3000\u001f \u0085\t", "counterfactual_report": "\u200b", "source_response_class": "full_refusal", "counterfactual_response_class": "genuine", "usable": false}
{"source_report": "", "counterfactual_report": "ok", "source_response_class": "full_refusal", "counterfactual_response_class": "genuine", "usable": false}'
}

@test "sfb-refusal: caseless equivalents of i, s, k match under IGNORECASE" {
	run_in '{"source_report": "\u0130 cannot interpret medical images.", "counterfactual_report": "Please con\u017fult a radiologist."}
{"source_report": "\u0131'"'"'m unable to help. A radiologist may", "counterfactual_report": "I cannot interpret medical images. Ris\u212a: none"}
' sfb-refusal
	assert_success
	assert_output '{"source_report": "\u0130 cannot interpret medical images.", "counterfactual_report": "Please con\u017fult a radiologist.", "source_response_class": "full_refusal", "counterfactual_response_class": "full_refusal", "usable": false}
{"source_report": "\u0131'"'"'m unable to help. A radiologist may", "counterfactual_report": "I cannot interpret medical images. Ris\u212a: none", "source_response_class": "partial_refusal", "counterfactual_response_class": "full_refusal", "usable": false}'
}

@test "sfb-refusal: . does not cross a newline; U+0000 and lone surrogates are ordinary characters" {
	run_in '{"source_report": "I cannot\ninterpret medical images.", "counterfactual_report": "I cannot\u0000 interpret the \ud800 scan"}
' sfb-refusal
	assert_success
	assert_output '{"source_report": "I cannot\ninterpret medical images.", "counterfactual_report": "I cannot\u0000 interpret the \ud800 scan", "source_response_class": "genuine", "counterfactual_response_class": "full_refusal", "usable": false}'
}

@test "sfb-refusal: -f FIELD classifies one string field and adds response_class only" {
	run_in '{"text": "I cannot interpret medical images.", "n": 1}
{"text": "Findings: normal."}
' sfb-refusal -f text
	assert_success
	assert_output '{"text": "I cannot interpret medical images.", "n": 1, "response_class": "full_refusal"}
{"text": "Findings: normal.", "response_class": "genuine"}'
	assert_stderr ""
}

@test "sfb-refusal: -k KEY renames the class key in both modes" {
	run_in '{"text": "I cannot interpret medical images."}
' sfb-refusal -f text -k cls
	assert_success
	assert_output '{"text": "I cannot interpret medical images.", "cls": "full_refusal"}'
	run_in '{"source_report": "ok", "counterfactual_report": "ok"}
' sfb-refusal -k rc
	assert_success
	assert_output '{"source_report": "ok", "counterfactual_report": "ok", "source_rc": "genuine", "counterfactual_rc": "genuine", "usable": true}'
}

@test "sfb-refusal: an existing key is replaced in place, not duplicated" {
	run_in '{"usable": true, "source_report": "I cannot interpret medical images.", "counterfactual_report": "x", "source_response_class": "genuine"}
' sfb-refusal
	assert_success
	assert_output '{"usable": false, "source_report": "I cannot interpret medical images.", "counterfactual_report": "x", "source_response_class": "full_refusal", "counterfactual_response_class": "genuine"}'
}

@test "sfb-refusal: several files, stdin as -, and zstd input read as one stream" {
	printf '{"source_report": "a", "counterfactual_report": "I cannot interpret medical images."}\n' >"$BATS_TEST_TMPDIR/a.ndjson"
	printf '{"source_report": "b", "counterfactual_report": "c"}\n' | zstd -q >"$BATS_TEST_TMPDIR/b.ndjson.zst"
	run_split sfb-refusal "$BATS_TEST_TMPDIR/a.ndjson" - "$BATS_TEST_TMPDIR/b.ndjson.zst" </dev/null
	assert_success
	assert_output '{"source_report": "a", "counterfactual_report": "I cannot interpret medical images.", "source_response_class": "genuine", "counterfactual_response_class": "full_refusal", "usable": false}
{"source_report": "b", "counterfactual_report": "c", "source_response_class": "genuine", "counterfactual_response_class": "genuine", "usable": true}'
	assert_stderr ""
}

@test "sfb-refusal: every report of the Python golden corpus gets the reference's class" {
	[ -f "$T/pairs.ndjson.zst" ] || skip "tests/golden/text is not in this tree"
	zstd -dc "$T/expected.ndjson.zst" | jq -r '"\"source_response_class\": \"\(.source_response_class)\", \"counterfactual_response_class\": \"\(.counterfactual_response_class)\", \"usable\": \(.usable)}"' >"$BATS_TEST_TMPDIR/want"
	sfb-refusal "$T/pairs.ndjson.zst" >"$BATS_TEST_TMPDIR/out"
	grep -o '"source_response_class": "[a-z_]*", "counterfactual_response_class": "[a-z_]*", "usable": [a-z]*}$' "$BATS_TEST_TMPDIR/out" >"$BATS_TEST_TMPDIR/got"
	[ "$(wc -l <"$BATS_TEST_TMPDIR/want")" -ge 5000 ]
	run cmp "$BATS_TEST_TMPDIR/got" "$BATS_TEST_TMPDIR/want"
	assert_success
	# The same through single-text mode, one side at a time.
	zstd -dc "$T/expected.ndjson.zst" | jq -r '.counterfactual_response_class' >"$BATS_TEST_TMPDIR/want1"
	sfb-refusal -f counterfactual_report -k c "$T/pairs.ndjson.zst" | grep -o '"c": "[a-z_]*"}$' | sed 's/^"c": "//; s/"}$//' >"$BATS_TEST_TMPDIR/got1"
	run cmp "$BATS_TEST_TMPDIR/got1" "$BATS_TEST_TMPDIR/want1"
	assert_success
}

# The classes and usable flag sfb-refusal gives each pair of the golden
# corpus $1 (tests/golden/text/$1_pairs.ndjson.zst, $2 pairs), on one
# thread and on two, against the Python-computed $1_expected.
classes_match() {
	zstd -dc "$T/$1_expected.ndjson.zst" | jq -r '"\"source_response_class\": \"\(.source_response_class)\", \"counterfactual_response_class\": \"\(.counterfactual_response_class)\", \"usable\": \(.usable)}"' >"$BATS_TEST_TMPDIR/want"
	[ "$(wc -l <"$BATS_TEST_TMPDIR/want")" -eq "$2" ]
	for j in 1 2; do
		sfb-refusal -j "$j" "$T/$1_pairs.ndjson.zst" >"$BATS_TEST_TMPDIR/out"
		grep -o '"source_response_class": "[a-z_]*", "counterfactual_response_class": "[a-z_]*", "usable": [a-z]*}$' "$BATS_TEST_TMPDIR/out" >"$BATS_TEST_TMPDIR/got"
		run cmp "$BATS_TEST_TMPDIR/got" "$BATS_TEST_TMPDIR/want"
		assert_success
	done
}

@test "sfb-refusal: every report of the refusal-dense Python golden corpus gets the reference's class" {
	# tests/gen/gen_dense_golden.py: pattern phrasings and near misses at
	# the fast paths' block edges, caseless equivalents, U+0000, lone
	# surrogates; every list of patterns searched on most reports.
	classes_match dense 800
	zstd -dc "$T/dense_expected.ndjson.zst" | jq -r '.source_response_class' >"$BATS_TEST_TMPDIR/want1"
	sfb-refusal -f source_report -k c "$T/dense_pairs.ndjson.zst" | grep -o '"c": "[a-z_]*"}$' | sed 's/^"c": "//; s/"}$//' >"$BATS_TEST_TMPDIR/got1"
	run cmp "$BATS_TEST_TMPDIR/got1" "$BATS_TEST_TMPDIR/want1"
	assert_success
}

@test "sfb-refusal: the patterns looked for by their heads, matched and missed at block and round edges, get the reference's class" {
	# tests/gen/gen_heads_golden.py: "the x-ray shows", "I note",
	# "possible findings" and their near misses after a refusal, at every
	# offset around the literal pass's blocks and rounds.
	classes_match heads 946
}

@test "sfb-refusal: labelled clinical lines (Diagnosis:, Impression:) with every kind of white space and lookahead near miss get the reference's class" {
	# tests/gen/gen_labels_golden.py: the labels glued to a word, Unicode
	# white space, "consult", "see", "follow up", "unknown", "n/a" and
	# their near misses before word characters, marks and the text's end.
	classes_match labels 4228
}

good='{"source_report": "a", "counterfactual_report": "b"}'
good_out='{"source_report": "a", "counterfactual_report": "b", "source_response_class": "genuine", "counterfactual_response_class": "genuine", "usable": true}'

@test "sfb-refusal: invalid JSON stops at its line, earlier lines complete" {
	run_in "$good
{\"source_report\": \"a\",
" sfb-refusal
	assert_failure 2
	assert_output "$good_out"
	assert_stderr "sfb-refusal: -:2: invalid JSON: expected a string key"
}

@test "sfb-refusal: invalid UTF-8 in a report is an error" {
	printf '%s\n{"source_report": "\377", "counterfactual_report": "b"}\n' "$good" >"$BATS_TEST_TMPDIR/bad.ndjson"
	run_split sfb-refusal "$BATS_TEST_TMPDIR/bad.ndjson"
	assert_failure 2
	assert_output "$good_out"
	assert_stderr "sfb-refusal: $BATS_TEST_TMPDIR/bad.ndjson:2: invalid UTF-8"
}

@test "sfb-refusal: a line that is not an object is an error" {
	run_in "$good
[\"source_report\"]
" sfb-refusal
	assert_failure 2
	assert_output "$good_out"
	assert_stderr "sfb-refusal: -:2: not a JSON object"
}

@test "sfb-refusal: a missing report field is an error" {
	run_in "$good
{\"source_report\": \"a\"}
" sfb-refusal
	assert_failure 2
	assert_output "$good_out"
	assert_stderr 'sfb-refusal: -:2: missing field "counterfactual_report"'
}

@test "sfb-refusal: a report that is not a string is an error, in both modes" {
	run_in "$good
{\"source_report\": null, \"counterfactual_report\": \"b\"}
" sfb-refusal
	assert_failure 2
	assert_output "$good_out"
	assert_stderr 'sfb-refusal: -:2: field "source_report" is null, not a string'
	run_in '{"text": ["a"]}
' sfb-refusal -f text
	assert_failure 2
	assert_output ""
	assert_stderr 'sfb-refusal: -:1: field "text" is an array, not a string'
}

@test "sfb-refusal: a truncated zstd stream is an error with no partial line" {
	for i in $(seq 1 300); do echo "$good"; done | zstd -q >"$BATS_TEST_TMPDIR/all.zst"
	head -c 40 "$BATS_TEST_TMPDIR/all.zst" >"$BATS_TEST_TMPDIR/cut.zst"
	run_split sfb-refusal "$BATS_TEST_TMPDIR/cut.zst"
	assert_failure 2
	assert_stderr "sfb-refusal: $BATS_TEST_TMPDIR/cut.zst:1: truncated zstd stream"
	[ -z "$output" ] || [ "$(printf '%s\n' "$output" | grep -cvx "$good_out")" -eq 0 ]
}

@test "sfb-refusal: an unreadable file is an error" {
	run_split sfb-refusal "$BATS_TEST_TMPDIR/absent.ndjson"
	assert_failure 2
	assert_output ""
	assert_stderr "sfb-refusal: $BATS_TEST_TMPDIR/absent.ndjson: cannot open: No such file or directory"
}
