#!/usr/bin/env bats
# sfb-extract-labels: the golden corpus (expected values computed by
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
	sfb-extract-labels $opts "$t/in" >"$t/out" || return 1
	added "$t/in" "$t/out" | jq -c "$got" >"$t/got"
	zstd -dc "$G/expected.ndjson.zst" | jq -c "$want" >"$t/want"
	[ "$(wc -l <"$t/want")" -ge 5000 ] || return 1
	diff "$t/want" "$t/got"
}

# The members appended to each record, as one object per line.
added() {
	LC_ALL=C awk -v out="$2" '{
		getline o < out
		print "{" substr(o, length($0) + 2)
	}' "$1"
}

@test "golden: labels of both reports, every record" {
	run golden_cmp "" \
	    '[.source_diagnostic_labels, .counterfactual_diagnostic_labels, has("source_diagnostic_evidence")]' \
	    '[.source_diagnostic_labels, .counterfactual_diagnostic_labels, false]'
	assert_success
	assert_output ""
}

@test "golden: labels with evidence, every record" {
	run golden_cmp --evidence \
	    '[.source_diagnostic_labels, .source_diagnostic_evidence, .counterfactual_diagnostic_labels, .counterfactual_diagnostic_evidence]' \
	    '[.source_diagnostic_labels, .source_diagnostic_evidence, .counterfactual_diagnostic_labels, .counterfactual_diagnostic_evidence]'
	assert_success
	assert_output ""
}

@test "golden: --strict labels with evidence, every record" {
	run golden_cmp "--strict --evidence" \
	    '[.source_diagnostic_labels, .source_diagnostic_evidence, .counterfactual_diagnostic_labels, .counterfactual_diagnostic_evidence]' \
	    '[.source_strict_labels, .source_strict_evidence, .counterfactual_strict_labels, .counterfactual_strict_evidence]'
	assert_success
	assert_output ""
}

@test "golden: -f single-text mode on the counterfactual report" {
	run golden_cmp "-f counterfactual_report --evidence" \
	    '[.diagnostic_labels, .diagnostic_evidence, has("source_diagnostic_labels")]' \
	    '[.counterfactual_diagnostic_labels, .counterfactual_diagnostic_evidence, false]'
	assert_success
	assert_output ""
}

@test "golden: every input member passes through byte for byte" {
	zstd -dc "$G/pairs.ndjson.zst" >"$BATS_TEST_TMPDIR/in"
	sfb-extract-labels "$BATS_TEST_TMPDIR/in" >"$BATS_TEST_TMPDIR/out"
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
	run_in '{"pair_id": "a__b", "source_report": "Fracture and osteophytes. Normal.", "counterfactual_report": "Unremarkable."}' \
	    sfb-extract-labels
	assert_success
	assert_output '{"pair_id": "a__b", "source_report": "Fracture and osteophytes. Normal.", "counterfactual_report": "Unremarkable.", "source_diagnostic_labels": ["Fracture", "No finding", "Osteophytes"], "counterfactual_diagnostic_labels": ["No finding"]}'
	assert_stderr ""
}

@test "--evidence: first synonym in registry order, leftmost match, byte offsets" {
	run_in '{"source_report": "No fracture. Compression fracture of T12.", "counterfactual_report": ""}' \
	    sfb-extract-labels --evidence
	assert_success
	assert_output '{"source_report": "No fracture. Compression fracture of T12.", "counterfactual_report": "", "source_diagnostic_labels": ["Fracture", "Vertebral collapse"], "source_diagnostic_evidence": [{"category": "Fracture", "synonym": "fracture", "start": 3, "end": 11}, {"category": "Vertebral collapse", "synonym": "compression fracture", "start": 13, "end": 33}], "counterfactual_diagnostic_labels": [], "counterfactual_diagnostic_evidence": []}'
	assert_stderr ""
}

@test "evidence offsets count bytes of the original text, not of the lowered one" {
	# brea + KELVIN SIGN lowers to "break"; U+212A is three bytes.
	run_in '{"r": "\u00e9 brea\u212a"}' sfb-extract-labels --evidence -f r
	assert_success
	assert_output '{"r": "\u00e9 brea\u212a", "diagnostic_labels": ["Fracture"], "diagnostic_evidence": [{"category": "Fracture", "synonym": "break", "start": 3, "end": 10}]}'
}

@test "--strict: Fracture is fracture only" {
	run_in '{"r": "fx, break, broken"}' sfb-extract-labels -f r
	assert_output '{"r": "fx, break, broken", "diagnostic_labels": ["Fracture"]}'
	run_in '{"r": "fx, break, broken"}' sfb-extract-labels --strict -f r
	assert_success
	assert_output '{"r": "fx, break, broken", "diagnostic_labels": []}'
	run_in '{"r": "compression fracture"}' sfb-extract-labels --strict -f r
	assert_output '{"r": "compression fracture", "diagnostic_labels": ["Fracture", "Vertebral collapse"]}'
}

# SPEC 3.4, one point per test; expectations from Python re.
spec_case() {
	run_in "{\"r\": \"$1\"}" sfb-extract-labels -f r -k L
	assert_success
	assert_stderr ""
	assert_output "{\"r\": \"$1\", \"L\": $2}"
}

@test "3.4: a combining mark after a keyword is a boundary" {
	spec_case 'fracture\u0301' '["Fracture"]'
}

@test "3.4: letters, digits, _ and numeric characters are word characters" {
	spec_case 'fracture\u00e9' '[]'
	spec_case '_fracture' '[]'
	spec_case 'fracture2' '[]'
	spec_case 'fracture\u00b2' '[]'
	spec_case 'fracture\u0660' '[]'
	spec_case '\u00bdfracture' '[]'
}

@test "3.4: text is lowercased first (KELVIN SIGN, fullwidth letters are not ASCII)" {
	spec_case 'brea\u212a' '["Fracture"]'
	spec_case 'bro\u212aen' '["Fracture"]'
	spec_case '\uff46racture' '[]'
	spec_case 'FRACTURE' '["Fracture"]'
}

@test "3.4: NBSP, U+0085 and U+001F are not the space inside a keyword" {
	spec_case 'no\u00a0finding' '[]'
	spec_case 'bone\u0085spur' '[]'
	spec_case 'fx\u001fok' '["Fracture"]'
}

@test "3.4: U+0000, U+200B, lone surrogates and emoji are non-word characters" {
	spec_case 'a\u0000fx\u0000b' '["Fracture"]'
	spec_case 'fracture\u200bx' '["Fracture"]'
	spec_case '\ud800fracture\udfff' '["Fracture"]'
	spec_case '\ud83d\ude00broken\ud83d\ude00' '["Fracture"]'
}

@test "3.4: negation is not modelled, categories overlap" {
	spec_case 'No fracture.' '["Fracture"]'
	spec_case 'Schmorl\u2019s node' '["Schmorl'"'"'s node"]'
}

@test "pair mode with -k renames both keys" {
	run_in '{"source_report": "normal", "counterfactual_report": "lesion"}' \
	    sfb-extract-labels -k labels --evidence
	assert_success
	assert_output '{"source_report": "normal", "counterfactual_report": "lesion", "source_labels": ["No finding"], "source_labels_evidence": [{"category": "No finding", "synonym": "normal", "start": 0, "end": 6}], "counterfactual_labels": ["Other lesions"], "counterfactual_labels_evidence": [{"category": "Other lesions", "synonym": "lesion", "start": 0, "end": 6}]}'
}

@test "an existing output key is replaced, never duplicated" {
	run_in '{"source_diagnostic_labels": ["stale"], "source_report": "fx", "counterfactual_report": "", "source_diagnostic_labels": 3}' \
	    sfb-extract-labels
	assert_success
	assert_output '{"source_diagnostic_labels": ["Fracture"], "source_report": "fx", "counterfactual_report": "", "counterfactual_diagnostic_labels": []}'
}

@test "escaped report text is decoded before matching" {
	run_in '{"source_report": "bone\nspur \"fx\" \u0062roken", "counterfactual_report": "x"}' \
	    sfb-extract-labels
	assert_success
	assert_output '{"source_report": "bone\nspur \"fx\" \u0062roken", "counterfactual_report": "x", "source_diagnostic_labels": ["Fracture"], "counterfactual_diagnostic_labels": []}'
}

@test "blank lines are skipped, CRLF accepted, several files read in order" {
	printf '{"r": "fx"}\r\n\n   \n' >"$BATS_TEST_TMPDIR/a"
	printf '{"r": "lesion"}\n' | zstd -q >"$BATS_TEST_TMPDIR/b.zst"
	run_split sfb-extract-labels -f r "$BATS_TEST_TMPDIR/a" "$BATS_TEST_TMPDIR/b.zst"
	assert_success
	assert_stderr ""
	assert_output '{"r": "fx", "diagnostic_labels": ["Fracture"]}
{"r": "lesion", "diagnostic_labels": ["Other lesions"]}'
}

@test "empty input gives empty output" {
	run_in '' sfb-extract-labels
	assert_success
	assert_output ""
	assert_stderr ""
}

# Bad input: exit 2, one message naming file and line, whole lines only.
bad_case() {
	local input="$1" msg="$2"
	run_in "$input" sfb-extract-labels
	assert_failure 2
	assert_stderr "sfb-extract-labels: -:$msg"
	assert_output '{"source_report": "ok", "counterfactual_report": "", "source_diagnostic_labels": [], "counterfactual_diagnostic_labels": []}'
}

@test "bad input: invalid JSON" {
	bad_case $'{"source_report": "ok", "counterfactual_report": ""}\n{"source_report": "x",' \
	    '2: invalid JSON: expected a string key'
}

@test "bad input: invalid UTF-8" {
	bad_case $'{"source_report": "ok", "counterfactual_report": ""}\n{"source_report": "\xff", "counterfactual_report": ""}' \
	    '2: invalid UTF-8'
}

@test "bad input: a line that is not an object" {
	bad_case $'{"source_report": "ok", "counterfactual_report": ""}\n["fx"]' \
	    '2: not a JSON object'
}

@test "bad input: missing report field" {
	bad_case $'{"source_report": "ok", "counterfactual_report": ""}\n{"source_report": "fx"}' \
	    '2: missing field "counterfactual_report"'
}

@test "bad input: report field not a string" {
	bad_case $'{"source_report": "ok", "counterfactual_report": ""}\n{"source_report": 1, "counterfactual_report": ""}' \
	    '2: field "source_report" is a number, not a string'
	bad_case $'{"source_report": "ok", "counterfactual_report": ""}\n{"source_report": "a", "counterfactual_report": null}' \
	    '2: field "counterfactual_report" is null, not a string'
}

@test "bad input: -f field missing or not a string" {
	run_in '{"r": ["fx"]}' sfb-extract-labels -f r
	assert_failure 2
	assert_stderr 'sfb-extract-labels: -:1: field "r" is an array, not a string'
	assert_output ""
}

@test "bad input: truncated zstd stream" {
	printf '{"r": "fx"}\n' | zstd -q | head -c 12 >"$BATS_TEST_TMPDIR/t.zst"
	run_split sfb-extract-labels -f r "$BATS_TEST_TMPDIR/t.zst"
	assert_failure 2
	assert_stderr "sfb-extract-labels: $BATS_TEST_TMPDIR/t.zst:1: truncated zstd stream"
	assert_output ""
}

@test "bad input: unreadable file" {
	run_split sfb-extract-labels "$BATS_TEST_TMPDIR/nonexistent"
	assert_failure 2
	assert_stderr "sfb-extract-labels: $BATS_TEST_TMPDIR/nonexistent: cannot open: No such file or directory"
	assert_output ""
	run_split sfb-extract-labels "$BATS_TEST_TMPDIR"
	assert_failure 2
	assert_stderr "sfb-extract-labels: $BATS_TEST_TMPDIR:1: read error: Is a directory"
}

@test "-h prints usage to stdout, exit 0" {
	run_split sfb-extract-labels -h
	assert_success
	assert_output "usage: sfb-extract-labels [--strict] [--evidence] [-f FIELD] [-j JOBS] [-k KEY] [FILE...]"
	assert_stderr ""
}

@test "--version" {
	run_split sfb-extract-labels --version
	assert_success
	assert_output --regexp '^sfb-extract-labels \(sfb\) [0-9]+\.[0-9]+\.[0-9]+$'
}

@test "unknown option: usage on stderr, exit 2" {
	run_split sfb-extract-labels --bogus
	assert_failure 2
	assert_output ""
	[ "${stderr##*$'\n'}" = "usage: sfb-extract-labels [--strict] [--evidence] [-f FIELD] [-j JOBS] [-k KEY] [FILE...]" ]
}

@test "man page examples run" {
	run_split sh -c 'echo '"'"'{"source_report": "No fracture.", "counterfactual_report": "Normal."}'"'"' |
	    sfb-extract-labels'
	assert_success
	assert_output '{"source_report": "No fracture.", "counterfactual_report": "Normal.", "source_diagnostic_labels": ["Fracture"], "counterfactual_diagnostic_labels": ["No finding"]}'
	run_split sh -c 'echo '"'"'{"r": "Old compression fracture of T12."}'"'"' |
	    sfb-extract-labels --evidence -f r'
	assert_success
	assert_output '{"r": "Old compression fracture of T12.", "diagnostic_labels": ["Fracture", "Vertebral collapse"], "diagnostic_evidence": [{"category": "Fracture", "synonym": "fracture", "start": 16, "end": 24}, {"category": "Vertebral collapse", "synonym": "compression fracture", "start": 4, "end": 24}]}'
}

@test "--list prints the 13 categories in registry order and reads nothing" {
	run_split sfb-extract-labels --list
	assert_success
	assert_stderr ''
	assert_output "Osteophytes
Foraminal stenosis
Disc space narrowing
Spondylolisthesis
Surgical implant
Vertebral collapse
Other lesions
No finding
Posterior osteophyte
Endplate sclerosis
Schmorl's node
Disc calcification
Fracture"
}
