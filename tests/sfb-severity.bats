#!/usr/bin/env bats
# sfb-severity: goldens computed by tests/gen/gen_secondary_golden.py with
# Python re (every term next to every case of SPEC 3.4, and a random
# corpus), SPEC 13.1's examples, the modes and keys, and bad input.

load test_helper

G="$TOP/tests/golden/secondary"

# What the program added to each golden record (cut from the end of each
# output line, so jq never sees the reports) against the generator's
# expectation, both through the jq filter $3.
golden_cmp() {
	local set="$1" opts="$2" filter="$3" t="$BATS_TEST_TMPDIR"
	zstd -dcq "$G/$set-in.ndjson.zst" >"$t/in"
	# shellcheck disable=SC2086
	sfb-severity $opts "$t/in" >"$t/out" || return 1
	LC_ALL=C awk -v out="$t/out" '{ getline o < out; print "{" substr(o, length($0) + 2) }' \
	    "$t/in" | jq -c "$filter" >"$t/got"
	zstd -dcq "$G/$set-want.ndjson.zst" | jq -c "$filter" >"$t/want"
	[ "$(wc -l <"$t/want")" -ge 6000 ] || return 1
	diff "$t/want" "$t/got"
}

SCORES='[.source_severity, .counterfactual_severity, .severity_shift, .severity_abs_diff]'
EVIDENCE='[.source_severity, .source_severity_evidence, .counterfactual_severity, .counterfactual_severity_evidence, .severity_shift, .severity_abs_diff]'

@test "golden: every term next to every Unicode case of 3.4" {
	run golden_cmp cases "" "$SCORES"
	assert_success
	assert_output ""
}

@test "golden: the same with evidence (decoded byte offsets), and with -j 1" {
	run golden_cmp cases "--evidence -j 1" "$EVIDENCE"
	assert_success
	assert_output ""
}

@test "golden: random corpus, scores and evidence" {
	run golden_cmp text "" "$SCORES"
	assert_success
	assert_output ""
	run golden_cmp text --evidence "$EVIDENCE"
	assert_success
	assert_output ""
}

@test "golden: -f single-text mode, -k renames" {
	run golden_cmp text "-f counterfactual_report -k sev --evidence" \
	    '[.sev // .counterfactual_severity, .sev_evidence // .counterfactual_severity_evidence]'
	assert_success
	assert_output ""
}

@test "golden: every input member passes through byte for byte" {
	zstd -dcq "$G/cases-in.ndjson.zst" >"$BATS_TEST_TMPDIR/in"
	sfb-severity --evidence "$BATS_TEST_TMPDIR/in" >"$BATS_TEST_TMPDIR/out"
	run env LC_ALL=C awk -v out="$BATS_TEST_TMPDIR/out" '{
		getline o < out
		l = length($0) - 1
		if (substr(o, 1, l) != substr($0, 1, l)) bad++
	} END { print (NR > 6000), bad + 0 }' "$BATS_TEST_TMPDIR/in"
	assert_success
	assert_output "1 0"
}

@test "13.1: no negation, hyphens are boundaries, -ly adverbs match nothing" {
	run_in '{"source_report": "no severe stenosis", "counterfactual_report": "moderate-to-severe"}
{"source_report": "non-significant", "counterfactual_report": "markedly severely mildly"}
{"source_report": "Mild. Critical?", "counterfactual_report": "EXTENSIVE"}' sfb-severity
	assert_success
	assert_stderr ""
	assert_output '{"source_report": "no severe stenosis", "counterfactual_report": "moderate-to-severe", "source_severity": 3, "counterfactual_severity": 3, "severity_shift": 0, "severity_abs_diff": 0}
{"source_report": "non-significant", "counterfactual_report": "markedly severely mildly", "source_severity": 3, "counterfactual_severity": 0, "severity_shift": 3, "severity_abs_diff": 3}
{"source_report": "Mild. Critical?", "counterfactual_report": "EXTENSIVE", "source_severity": 4, "counterfactual_severity": 4, "severity_shift": 0, "severity_abs_diff": 0}'
}

@test "--evidence: the leftmost occurrence of a top-scoring term, byte offsets of the original text" {
	run_in '{"source_report": "xİ marked, then severe and mild", "counterfactual_report": "none"}' \
	    sfb-severity --evidence
	assert_success
	assert_output '{"source_report": "xİ marked, then severe and mild", "counterfactual_report": "none", "source_severity": 3, "source_severity_evidence": {"score": 3, "term": "marked", "start": 4, "end": 10}, "counterfactual_severity": 0, "counterfactual_severity_evidence": null, "severity_shift": 3, "severity_abs_diff": 3}'
}

@test "3.4: marks, ², _, KELVIN SIGN, NUL and lone surrogates" {
	run_in '{"r": "severe\u0301"}
{"r": "severe\u00b2"}
{"r": "_severe"}
{"r": "\u212aeep extensive"}
{"r": "\u0000mild\ud800"}
{"r": "ſlight"}' sfb-severity -f r
	assert_success
	assert_output '{"r": "severe\u0301", "severity": 3}
{"r": "severe\u00b2", "severity": 0}
{"r": "_severe", "severity": 0}
{"r": "\u212aeep extensive", "severity": 4}
{"r": "\u0000mild\ud800", "severity": 1}
{"r": "ſlight", "severity": 0}'
}

@test "-x leaves members out; an existing key is replaced, never duplicated" {
	run_in '{"severity_abs_diff": 9, "source_report": "mild", "counterfactual_report": "severe", "x": 1}' \
	    sfb-severity -x source_report -x counterfactual_report
	assert_success
	assert_output '{"severity_abs_diff": 2, "x": 1, "source_severity": 1, "counterfactual_severity": 3, "severity_shift": -2}'
}

@test "-k in pair mode renames every key" {
	run_in '{"source_report": "mild", "counterfactual_report": "severe"}' sfb-severity -k s
	assert_success
	assert_output '{"source_report": "mild", "counterfactual_report": "severe", "source_s": 1, "counterfactual_s": 3, "s_shift": -2, "s_abs_diff": 2}'
}

@test "zstd input, blank lines and CRLF" {
	printf '{"r": "mild"}\r\n\n' | zstd -q >"$BATS_TEST_TMPDIR/a.zst"
	run_split sfb-severity -f r "$BATS_TEST_TMPDIR/a.zst"
	assert_success
	assert_output '{"r": "mild", "severity": 1}'
}

bad_case() {
	run_in "$1" sfb-severity
	assert_failure 2
	assert_stderr "sfb-severity: -:$2"
	assert_output '{"source_report": "ok", "counterfactual_report": "", "source_severity": 0, "counterfactual_severity": 0, "severity_shift": 0, "severity_abs_diff": 0}'
}

@test "bad input: invalid JSON, invalid UTF-8, not an object" {
	bad_case $'{"source_report": "ok", "counterfactual_report": ""}\n{"source_report": "x",' \
	    '2: invalid JSON: expected a string key'
	bad_case $'{"source_report": "ok", "counterfactual_report": ""}\n{"source_report": "\xff", "counterfactual_report": ""}' \
	    '2: invalid UTF-8'
	bad_case $'{"source_report": "ok", "counterfactual_report": ""}\n["mild"]' \
	    '2: not a JSON object'
}

@test "bad input: missing report field, report not a string" {
	bad_case $'{"source_report": "ok", "counterfactual_report": ""}\n{"source_report": "mild"}' \
	    '2: missing field "counterfactual_report"'
	bad_case $'{"source_report": "ok", "counterfactual_report": ""}\n{"source_report": 1, "counterfactual_report": ""}' \
	    '2: field "source_report" is a number, not a string'
}

@test "bad input: truncated zstd stream" {
	printf '{"r": "mild"}\n' | zstd -q | head -c 12 >"$BATS_TEST_TMPDIR/t.zst"
	run_split sfb-severity -f r "$BATS_TEST_TMPDIR/t.zst"
	assert_failure 2
	assert_stderr "sfb-severity: $BATS_TEST_TMPDIR/t.zst:1: truncated zstd stream"
	assert_output ""
}

@test "-h, --version, unknown option, bad -j" {
	run_split sfb-severity -h
	assert_success
	assert_output "usage: sfb-severity [--evidence] [-f FIELD] [-j JOBS] [-k KEY] [-x KEY]... [FILE...]"
	run_split sfb-severity --version
	assert_success
	assert_output --regexp '^sfb-severity \(sfb\) [0-9]+\.[0-9]+\.[0-9]+$'
	run_split sfb-severity --bogus
	assert_failure 2
	assert_output ""
	[ "${stderr##*$'\n'}" = "usage: sfb-severity [--evidence] [-f FIELD] [-j JOBS] [-k KEY] [-x KEY]... [FILE...]" ]
	run_split sfb-severity -j 0
	assert_failure 2
}

@test "man page examples run" {
	run_split sh -c 'echo '"'"'{"source_report": "No severe stenosis.", "counterfactual_report": "Mild narrowing."}'"'"' |
	    sfb-severity'
	assert_success
	assert_output '{"source_report": "No severe stenosis.", "counterfactual_report": "Mild narrowing.", "source_severity": 3, "counterfactual_severity": 1, "severity_shift": 2, "severity_abs_diff": 2}'
	run_split sh -c 'echo '"'"'{"r": "Mild to moderate, markedly narrowed."}'"'"' |
	    sfb-severity --evidence -f r'
	assert_success
	assert_output '{"r": "Mild to moderate, markedly narrowed.", "severity": 2, "severity_evidence": {"score": 2, "term": "moderate", "start": 8, "end": 16}}'
}
