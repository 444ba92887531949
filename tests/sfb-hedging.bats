#!/usr/bin/env bats
# sfb-hedging: goldens computed by tests/gen/gen_secondary_golden.py with
# Python re.findall (every pattern next to every case of SPEC 3.4, and a
# random corpus), SPEC 13.2's examples, the modes and keys, and bad input.

load test_helper

G="$TOP/tests/golden/secondary"

golden_cmp() {
	local set="$1" opts="$2" filter="$3" t="$BATS_TEST_TMPDIR"
	zstd -dcq "$G/$set-in.ndjson.zst" >"$t/in"
	# shellcheck disable=SC2086
	sfb-hedging $opts "$t/in" >"$t/out" || return 1
	LC_ALL=C awk -v out="$t/out" '{ getline o < out; print "{" substr(o, length($0) + 2) }' \
	    "$t/in" | jq -c "$filter" >"$t/got"
	zstd -dcq "$G/$set-want.ndjson.zst" | jq -c "$filter" >"$t/want"
	[ "$(wc -l <"$t/want")" -ge 6000 ] || return 1
	diff "$t/want" "$t/got"
}

COUNTS='[.source_hedges, .counterfactual_hedges, .hedging_abs_diff, .hedging_ratio]'
EVIDENCE='[.source_hedges, .source_hedges_evidence, .counterfactual_hedges, .counterfactual_hedges_evidence, .hedging_abs_diff, .hedging_ratio]'

@test "golden: every pattern next to every Unicode case of 3.4" {
	run golden_cmp cases "" "$COUNTS"
	assert_success
	assert_output ""
}

@test "golden: the same with evidence (per pattern: count, leftmost match), and with -j 1" {
	run golden_cmp cases "--evidence -j 1" "$EVIDENCE"
	assert_success
	assert_output ""
}

@test "golden: random corpus, counts and evidence" {
	run golden_cmp text "" "$COUNTS"
	assert_success
	assert_output ""
	run golden_cmp text --evidence "$EVIDENCE"
	assert_success
	assert_output ""
}

@test "golden: -f single-text mode, -k renames" {
	run golden_cmp text "-f source_report -k h" '[.h // .source_hedges]'
	assert_success
	assert_output ""
}

@test "golden: every input member passes through byte for byte" {
	zstd -dcq "$G/text-in.ndjson.zst" >"$BATS_TEST_TMPDIR/in"
	sfb-hedging --evidence "$BATS_TEST_TMPDIR/in" >"$BATS_TEST_TMPDIR/out"
	run env LC_ALL=C awk -v out="$BATS_TEST_TMPDIR/out" '{
		getline o < out
		l = length($0) - 1
		if (substr(o, 1, l) != substr($0, 1, l)) bad++
	} END { print (NR > 6000), bad + 0 }' "$BATS_TEST_TMPDIR/in"
	assert_success
	assert_output "1 0"
}

@test "13.2: May counts, suggested does not, suggests? once per word, findall counts repeats" {
	run_in '{"r": "May be. suggested"}
{"r": "suggest suggests SUGGESTS"}
{"r": "may may, might; possibly possible likely"}
{"r": "cannot rule out cannot rule out cannot exclude"}' sfb-hedging -f r
	assert_success
	assert_stderr ""
	assert_output '{"r": "May be. suggested", "hedges": 1}
{"r": "suggest suggests SUGGESTS", "hedges": 3}
{"r": "may may, might; possibly possible likely", "hedges": 6}
{"r": "cannot rule out cannot rule out cannot exclude", "hedges": 3}'
}

@test "13.2: multi-word patterns need exactly one ASCII space" {
	run_in '{"r": "cannot  exclude"}
{"r": "cannot\nexclude"}
{"r": "correlate\u00a0clinically"}
{"r": "Differential Includes"}
{"r": "cannot\texclude"}' sfb-hedging -f r
	assert_success
	assert_output '{"r": "cannot  exclude", "hedges": 0}
{"r": "cannot\nexclude", "hedges": 0}
{"r": "correlate\u00a0clinically", "hedges": 0}
{"r": "Differential Includes", "hedges": 1}
{"r": "cannot\texclude", "hedges": 0}'
}

@test "3.4: marks, ², _, KELVIN SIGN, ſ, NUL and lone surrogates" {
	run_in '{"r": "may\u0301"}
{"r": "may\u00b2"}
{"r": "_may"}
{"r": "li\u212aely"}
{"r": "\u0000might\ud800"}
{"r": "ſuspected"}' sfb-hedging -f r
	assert_success
	assert_output '{"r": "may\u0301", "hedges": 1}
{"r": "may\u00b2", "hedges": 0}
{"r": "_may", "hedges": 0}
{"r": "li\u212aely", "hedges": 1}
{"r": "\u0000might\ud800", "hedges": 1}
{"r": "ſuspected", "hedges": 0}'
}

@test "hedging_ratio: 1.0 when both are 0, 0.0 when one is, else min/max" {
	run_in '{"source_report": "", "counterfactual_report": "plain"}
{"source_report": "may", "counterfactual_report": "plain"}
{"source_report": "may might likely", "counterfactual_report": "possible apparent"}' \
	    sfb-hedging -x source_report -x counterfactual_report
	assert_success
	assert_output '{"source_hedges": 0, "counterfactual_hedges": 0, "hedging_abs_diff": 0, "hedging_ratio": 1.0}
{"source_hedges": 1, "counterfactual_hedges": 0, "hedging_abs_diff": 1, "hedging_ratio": 0.0}
{"source_hedges": 3, "counterfactual_hedges": 2, "hedging_abs_diff": 1, "hedging_ratio": 0.6666666666666666}'
}

@test "--evidence: per pattern, its count and leftmost match in bytes of the original text" {
	run_in '{"r": "İ may, MAY; consider"}' sfb-hedging --evidence -f r
	assert_success
	assert_output '{"r": "İ may, MAY; consider", "hedges": 3, "hedges_evidence": [{"pattern": "may", "count": 2, "start": 3, "end": 6}, {"pattern": "consider", "count": 1, "start": 13, "end": 21}]}'
}

@test "an existing key is replaced, never duplicated; -k in pair mode" {
	run_in '{"hedging_ratio": 5, "source_report": "may", "counterfactual_report": "may"}' sfb-hedging
	assert_success
	assert_output '{"hedging_ratio": 1.0, "source_report": "may", "counterfactual_report": "may", "source_hedges": 1, "counterfactual_hedges": 1, "hedging_abs_diff": 0}'
	run_in '{"source_report": "may", "counterfactual_report": ""}' sfb-hedging -k h
	assert_output '{"source_report": "may", "counterfactual_report": "", "source_h": 1, "counterfactual_h": 0, "h_abs_diff": 1, "h_ratio": 0.0}'
}

bad_case() {
	run_in "$1" sfb-hedging
	assert_failure 2
	assert_stderr "sfb-hedging: -:$2"
	assert_output '{"source_report": "ok", "counterfactual_report": "", "source_hedges": 0, "counterfactual_hedges": 0, "hedging_abs_diff": 0, "hedging_ratio": 1.0}'
}

@test "bad input: invalid JSON, invalid UTF-8, not an object" {
	bad_case $'{"source_report": "ok", "counterfactual_report": ""}\n{"source_report": "x",' \
	    '2: invalid JSON: expected a string key'
	bad_case $'{"source_report": "ok", "counterfactual_report": ""}\n{"source_report": "\xff", "counterfactual_report": ""}' \
	    '2: invalid UTF-8'
	bad_case $'{"source_report": "ok", "counterfactual_report": ""}\n"may"' \
	    '2: not a JSON object'
}

@test "bad input: missing report field, report not a string" {
	bad_case $'{"source_report": "ok", "counterfactual_report": ""}\n{"counterfactual_report": "may"}' \
	    '2: missing field "source_report"'
	bad_case $'{"source_report": "ok", "counterfactual_report": ""}\n{"source_report": "a", "counterfactual_report": ["may"]}' \
	    '2: field "counterfactual_report" is an array, not a string'
}

@test "bad input: truncated zstd stream" {
	printf '{"r": "may"}\n' | zstd -q | head -c 12 >"$BATS_TEST_TMPDIR/t.zst"
	run_split sfb-hedging -f r "$BATS_TEST_TMPDIR/t.zst"
	assert_failure 2
	assert_stderr "sfb-hedging: $BATS_TEST_TMPDIR/t.zst:1: truncated zstd stream"
	assert_output ""
}

@test "-h, --version, unknown option, bad -j" {
	run_split sfb-hedging -h
	assert_success
	assert_output "usage: sfb-hedging [--evidence] [-f FIELD] [-j JOBS] [-k KEY] [-x KEY]... [FILE...]"
	run_split sfb-hedging --version
	assert_success
	assert_output --regexp '^sfb-hedging \(sfb\) [0-9]+\.[0-9]+\.[0-9]+$'
	run_split sfb-hedging --bogus
	assert_failure 2
	assert_output ""
	[ "${stderr##*$'\n'}" = "usage: sfb-hedging [--evidence] [-f FIELD] [-j JOBS] [-k KEY] [-x KEY]... [FILE...]" ]
	run_split sfb-hedging -j x
	assert_failure 2
}

@test "man page examples run" {
	run_split sh -c 'echo '"'"'{"source_report": "May represent a fracture; cannot exclude infection.", "counterfactual_report": "Fracture."}'"'"' |
	    sfb-hedging'
	assert_success
	assert_output '{"source_report": "May represent a fracture; cannot exclude infection.", "counterfactual_report": "Fracture.", "source_hedges": 2, "counterfactual_hedges": 0, "hedging_abs_diff": 2, "hedging_ratio": 0.0}'
	run_split sh -c 'echo '"'"'{"r": "Possibly a lesion; possibly not."}'"'"' |
	    sfb-hedging --evidence -f r'
	assert_success
	assert_output '{"r": "Possibly a lesion; possibly not.", "hedges": 2, "hedges_evidence": [{"pattern": "possibly", "count": 2, "start": 0, "end": 8}]}'
}
