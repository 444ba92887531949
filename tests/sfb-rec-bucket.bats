#!/usr/bin/env bats
# sfb-rec-bucket: the golden corpus (expected values computed by
# tests/gen/gen_text_golden.py with Python re), SPEC 3.4 one point at a
# time, the modes and keys, and every class of bad input.

load test_helper

G="$TOP/tests/golden/text"

# Fields of every golden record: what the program added to each record
# on the left, the generator's expectation on the right, both through the
# same jq filter.  jq never sees the reports (it rejects lone surrogates):
# the added members are cut from the end of each output line.
golden_cmp() {
	local opts="$1" got="$2" want="$3" t="$BATS_TEST_TMPDIR"
	zstd -dc "$G/pairs.ndjson.zst" >"$t/in"
	# shellcheck disable=SC2086
	sfb-rec-bucket $opts "$t/in" >"$t/out" || return 1
	added "$t/in" "$t/out" | jq -c "$got" >"$t/got"
	zstd -dc "$G/expected.ndjson.zst" | jq -c "$want" >"$t/want"
	[ "$(wc -l <"$t/want")" -ge 5000 ] || return 1
	diff "$t/want" "$t/got"
}

added() {
	LC_ALL=C awk -v out="$2" '{
		getline o < out
		print "{" substr(o, length($0) + 2)
	}' "$1"
}

@test "golden: recommendations of both reports, every record" {
	run golden_cmp "" \
	    '[.source_recommendations, .counterfactual_recommendations, has("source_recommendation_evidence")]' \
	    '[.source_recommendations, .counterfactual_recommendations, false]'
	assert_success
	assert_output ""
}

@test "golden: recommendations with evidence, every record" {
	run golden_cmp --evidence \
	    '[.source_recommendations, .source_recommendation_evidence, .counterfactual_recommendations, .counterfactual_recommendation_evidence]' \
	    '[.source_recommendations, .source_recommendation_evidence, .counterfactual_recommendations, .counterfactual_recommendation_evidence]'
	assert_success
	assert_output ""
}

@test "golden: -f single-text mode on the source report, -k renames" {
	run golden_cmp "-f source_report -k recs --evidence" \
	    '[.recs, .recs_evidence, has("recommendations")]' \
	    '[.source_recommendations, .source_recommendation_evidence, false]'
	assert_success
	assert_output ""
}

@test "golden: every input member passes through byte for byte" {
	zstd -dc "$G/pairs.ndjson.zst" >"$BATS_TEST_TMPDIR/in"
	sfb-rec-bucket --evidence "$BATS_TEST_TMPDIR/in" >"$BATS_TEST_TMPDIR/out"
	run env LC_ALL=C awk -v out="$BATS_TEST_TMPDIR/out" '{
		getline o < out
		l = length($0) - 1
		if (substr(o, 1, l) != substr($0, 1, l)) bad++
		n++
	} END { print n, bad + 0 }' "$BATS_TEST_TMPDIR/in"
	assert_success
	assert_output "5200 0"
}

@test "output keys follow the reference, sorted arrays, Python separators" {
	run_in '{"pair_id": "a__b", "source_report": "Surgery; physical therapy. MRI.", "counterfactual_report": "Monitor."}' \
	    sfb-rec-bucket
	assert_success
	assert_stderr ""
	assert_output '{"pair_id": "a__b", "source_report": "Surgery; physical therapy. MRI.", "counterfactual_report": "Monitor.", "source_recommendations": ["imaging", "physical_therapy", "surgery"], "counterfactual_recommendations": ["monitoring"]}'
}

@test "--evidence: first keyword in registry order, its leftmost match" {
	run_in '{"r": "Follow up, then follow-up imaging; monitor."}' sfb-rec-bucket -f r --evidence
	assert_success
	assert_output '{"r": "Follow up, then follow-up imaging; monitor.", "recommendations": ["imaging", "monitoring"], "recommendation_evidence": [{"category": "imaging", "synonym": "imaging", "start": 26, "end": 33}, {"category": "monitoring", "synonym": "monitor", "start": 35, "end": 42}]}'
}

spec_case() {
	run_in "{\"r\": \"$1\"}" sfb-rec-bucket -f r --evidence -k R
	assert_success
	assert_stderr ""
	assert_output "{\"r\": \"$1\", \"R\": $2, \"R_evidence\": $3}"
}

@test "3.4: U+0130 lowers to i + U+0307: x\u0130mri holds the word mri" {
	spec_case 'x\u0130mri' '["imaging"]' '[{"category": "imaging", "synonym": "mri", "start": 3, "end": 6}]'
	spec_case '\u0130mri' '["imaging"]' '[{"category": "imaging", "synonym": "mri", "start": 2, "end": 5}]'
	spec_case 'mr\u0130 scan' '["imaging"]' '[{"category": "imaging", "synonym": "mri", "start": 0, "end": 4}]'
}

@test "3.4: long s and KELVIN SIGN: lower() keeps U+017F, maps U+212A to k" {
	spec_case '\u017furgery' '[]' '[]'
	spec_case '\u212aeep monitoring' '[]' '[]'
}

@test "3.4: combining mark after a keyword is a boundary" {
	spec_case 'MRI\u0301' '["imaging"]' '[{"category": "imaging", "synonym": "mri", "start": 0, "end": 3}]'
}

@test "3.4: only a plain space matches the space of a keyword" {
	spec_case 'ct\u00a0scan' '[]' '[]'
	spec_case 'ct\tscan' '[]' '[]'
	spec_case 'pain\u0085relief' '[]' '[]'
	spec_case 'CT scan' '["imaging"]' '[{"category": "imaging", "synonym": "ct scan", "start": 0, "end": 7}]'
}

@test "3.4: only an ASCII hyphen matches the hyphen of a keyword" {
	spec_case 'x\u2010ray' '[]' '[]'
	spec_case 'X-RAY and Follow-Up' '["imaging", "monitoring"]' '[{"category": "imaging", "synonym": "x-ray", "start": 0, "end": 5}, {"category": "monitoring", "synonym": "follow-up", "start": 10, "end": 19}]'
}

@test "3.4: U+0000 and lone surrogates are non-word characters" {
	spec_case 'NSAID\u0000s' '["medication"]' '[{"category": "medication", "synonym": "nsaid", "start": 0, "end": 5}]'
	spec_case 'no treatment\ud800' '["no_action"]' '[{"category": "no_action", "synonym": "no treatment", "start": 0, "end": 12}]'
}

@test "whole words only" {
	spec_case 'consultant' '[]' '[]'
	spec_case 'Refer to a specialist' '["referral"]' '[{"category": "referral", "synonym": "refer", "start": 0, "end": 5}]'
}

@test "an existing output key is replaced, never duplicated" {
	run_in '{"source_report": "mri", "source_recommendations": [], "counterfactual_report": ""}' sfb-rec-bucket
	assert_success
	assert_output '{"source_report": "mri", "source_recommendations": ["imaging"], "counterfactual_report": "", "counterfactual_recommendations": []}'
}

bad_case() {
	local input="$1" msg="$2"
	run_in "$input" sfb-rec-bucket
	assert_failure 2
	assert_stderr "sfb-rec-bucket: -:$msg"
	assert_output '{"source_report": "mri", "counterfactual_report": "", "source_recommendations": ["imaging"], "counterfactual_recommendations": []}'
}

@test "bad input: invalid JSON" {
	bad_case $'{"source_report": "mri", "counterfactual_report": ""}\n{"source_report": "mri"' \
	    '2: invalid JSON: unterminated object'
}

@test "bad input: invalid UTF-8" {
	bad_case $'{"source_report": "mri", "counterfactual_report": ""}\n{"source_report": "\xc3(", "counterfactual_report": ""}' \
	    '2: invalid UTF-8'
}

@test "bad input: a line that is not an object" {
	bad_case $'{"source_report": "mri", "counterfactual_report": ""}\n"mri"' \
	    '2: not a JSON object'
}

@test "bad input: missing or non-string report field" {
	bad_case $'{"source_report": "mri", "counterfactual_report": ""}\n{"counterfactual_report": "x"}' \
	    '2: missing field "source_report"'
	bad_case $'{"source_report": "mri", "counterfactual_report": ""}\n{"source_report": "x", "counterfactual_report": {}}' \
	    '2: field "counterfactual_report" is an object, not a string'
}

@test "bad input: truncated zstd stream" {
	printf '{"r": "mri"}\n' | zstd -q | head -c 12 >"$BATS_TEST_TMPDIR/t.zst"
	run_split sfb-rec-bucket -f r "$BATS_TEST_TMPDIR/t.zst"
	assert_failure 2
	assert_stderr "sfb-rec-bucket: $BATS_TEST_TMPDIR/t.zst:1: truncated zstd stream"
	assert_output ""
}

@test "bad input: unreadable file" {
	run_split sfb-rec-bucket "$BATS_TEST_TMPDIR/nonexistent"
	assert_failure 2
	assert_stderr "sfb-rec-bucket: $BATS_TEST_TMPDIR/nonexistent: cannot open: No such file or directory"
	assert_output ""
}

@test "-h prints usage to stdout, exit 0" {
	run_split sfb-rec-bucket --help
	assert_success
	assert_output "usage: sfb-rec-bucket [--evidence] [-f FIELD] [-j JOBS] [-k KEY] [FILE...]"
	assert_stderr ""
}

@test "--version" {
	run_split sfb-rec-bucket --version
	assert_success
	assert_output --regexp '^sfb-rec-bucket \(sfb\) [0-9]+\.[0-9]+\.[0-9]+$'
}

@test "unknown option: usage on stderr, exit 2" {
	run_split sfb-rec-bucket -x
	assert_failure 2
	assert_output ""
	[ "${stderr##*$'\n'}" = "usage: sfb-rec-bucket [--evidence] [-f FIELD] [-j JOBS] [-k KEY] [FILE...]" ]
}

@test "man page examples run" {
	run_split sh -c 'echo '"'"'{"source_report": "MRI and physical therapy.", "counterfactual_report": "MRI."}'"'"' |
	    sfb-rec-bucket'
	assert_success
	assert_output '{"source_report": "MRI and physical therapy.", "counterfactual_report": "MRI.", "source_recommendations": ["imaging", "physical_therapy"], "counterfactual_recommendations": ["imaging"]}'
	run_split sh -c 'echo '"'"'{"r": "Follow-up imaging; consult a specialist."}'"'"' |
	    sfb-rec-bucket --evidence -f r'
	assert_success
	assert_output '{"r": "Follow-up imaging; consult a specialist.", "recommendations": ["imaging", "monitoring", "referral"], "recommendation_evidence": [{"category": "imaging", "synonym": "imaging", "start": 10, "end": 17}, {"category": "monitoring", "synonym": "follow-up", "start": 0, "end": 9}, {"category": "referral", "synonym": "specialist", "start": 29, "end": 39}]}'
}
