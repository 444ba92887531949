#!/usr/bin/env bats
# sfb-truth: a pairs.json holding every rule of SPEC 13.3 against
# tests/gen/gen_truth_golden.py's Python, the all-empty rule, and bad input.

load test_helper

G="$TOP/tests/golden/truth"

@test "golden: ground_truth_labels of every record (index types, last wins, ignored entries, null)" {
	sfb-truth "$G/pairs.json" "$G/records.ndjson.zst" | jq -c '{ground_truth_labels}' >"$BATS_TEST_TMPDIR/got"
	zstd -dcq "$G/want.ndjson.zst" | jq -c '{ground_truth_labels}' >"$BATS_TEST_TMPDIR/want"
	run diff "$BATS_TEST_TMPDIR/want" "$BATS_TEST_TMPDIR/got"
	assert_success
	assert_output ""
	[ "$(wc -l <"$BATS_TEST_TMPDIR/got")" -eq 2000 ]
}

@test "golden: every input member passes through byte for byte" {
	zstd -dcq "$G/records.ndjson.zst" >"$BATS_TEST_TMPDIR/in"
	sfb-truth "$G/pairs.json" "$BATS_TEST_TMPDIR/in" >"$BATS_TEST_TMPDIR/out"
	run env LC_ALL=C awk -v out="$BATS_TEST_TMPDIR/out" '{
		getline o < out
		l = length($0) - 1
		if (substr(o, 1, l) != substr($0, 1, l)) bad++
	} END { print NR, bad + 0 }' "$BATS_TEST_TMPDIR/in"
	assert_output "2000 0"
}

@test "13.3: names sorted, duplicates removed, No finding kept, Spondylolisthesis spelled as the labels" {
	printf '[{"source_id": "s", "pathology_labels": [12, 7, 3, 0, 12, 10]}]' >"$BATS_TEST_TMPDIR/p.json"
	run_in '{"source_id": "s"}' sfb-truth "$BATS_TEST_TMPDIR/p.json"
	assert_success
	assert_stderr ""
	assert_output "{\"source_id\": \"s\", \"ground_truth_labels\": [\"Fracture\", \"No finding\", \"Osteophytes\", \"Schmorl's node\", \"Spondylolisthesis\"]}"
}

@test "13.3: 3.0 is 3, true 1, false 0; strings, lists, 13, -1 and 2.5 are ignored" {
	printf '[{"source_id": "s", "pathology_labels": [3.0, true, false, "4", [5], 13, -1, 2.5, 1.2e1, -0]}]' >"$BATS_TEST_TMPDIR/p.json"
	run_in '{"source_id": "s"}' sfb-truth "$BATS_TEST_TMPDIR/p.json"
	assert_success
	assert_output '{"source_id": "s", "ground_truth_labels": ["Foraminal stenosis", "Fracture", "Osteophytes", "Spondylolisthesis"]}'
}

@test "13.3: the last entry of a source wins; an empty list is kept; a source without an entry gets null" {
	printf '[{"source_id": "s", "pathology_labels": [1]}, {"source_id": "s", "pathology_labels": [2]},
{"source_id": "e", "pathology_labels": []}, {"source_id": "k"}, {"source_id": "", "pathology_labels": [3]}, 4]' \
	    >"$BATS_TEST_TMPDIR/p.json"
	run_in '{"source_id": "s"}
{"source_id": "e"}
{"source_id": "k"}
{"source_id": ""}
{"source_id": "zz"}' sfb-truth "$BATS_TEST_TMPDIR/p.json"
	assert_success
	assert_output '{"source_id": "s", "ground_truth_labels": ["Disc space narrowing"]}
{"source_id": "e", "ground_truth_labels": []}
{"source_id": "k", "ground_truth_labels": null}
{"source_id": "", "ground_truth_labels": null}
{"source_id": "zz", "ground_truth_labels": null}'
}

@test "13.3: every list empty disables the endpoint: exit 2, or null everywhere with --allow-empty" {
	printf '[{"source_id": "a", "pathology_labels": []}, {"source_id": "b", "pathology_labels": []}]' >"$BATS_TEST_TMPDIR/p.json"
	run_in '{"source_id": "a"}' sfb-truth "$BATS_TEST_TMPDIR/p.json"
	assert_failure 2
	assert_output ""
	assert_stderr "sfb-truth: $BATS_TEST_TMPDIR/p.json: no ground-truth labels: every pathology_labels list is empty"
	run_in '{"source_id": "a"}' sfb-truth --allow-empty "$BATS_TEST_TMPDIR/p.json"
	assert_success
	assert_output '{"source_id": "a", "ground_truth_labels": null}'
	# a list of ignored indices is not empty
	printf '[{"source_id": "a", "pathology_labels": ["x"]}]' >"$BATS_TEST_TMPDIR/q.json"
	run_in '{"source_id": "a"}' sfb-truth "$BATS_TEST_TMPDIR/q.json"
	assert_success
	assert_output '{"source_id": "a", "ground_truth_labels": []}'
}

@test "escaped source ids match their decoded text; -x drops members; an existing key is replaced" {
	printf '[{"source_id": "v\\u00e9", "pathology_labels": [12]}]' >"$BATS_TEST_TMPDIR/p.json"
	run_in '{"ground_truth_labels": 1, "source_id": "vé", "r": "x"}' sfb-truth -x r "$BATS_TEST_TMPDIR/p.json"
	assert_success
	assert_output '{"ground_truth_labels": ["Fracture"], "source_id": "vé"}'
}

@test "zstd pairs.json and records" {
	printf '[{"source_id": "s", "pathology_labels": [0]}]' | zstd -q >"$BATS_TEST_TMPDIR/p.json.zst"
	printf '{"source_id": "s"}\n' | zstd -q >"$BATS_TEST_TMPDIR/r.zst"
	run_split sfb-truth "$BATS_TEST_TMPDIR/p.json.zst" "$BATS_TEST_TMPDIR/r.zst"
	assert_success
	assert_output '{"source_id": "s", "ground_truth_labels": ["Osteophytes"]}'
}

@test "bad pairs.json: invalid JSON, not an array, pathology_labels not an array, missing file" {
	printf '[{"source_id": "s",\n "pathology_labels": [1}]' >"$BATS_TEST_TMPDIR/p.json"
	run_in '' sfb-truth "$BATS_TEST_TMPDIR/p.json"
	assert_failure 2
	assert_output ""
	assert_stderr "sfb-truth: $BATS_TEST_TMPDIR/p.json:1: invalid JSON: expected ',' or ']'"
	printf '{"source_id": "s"}' >"$BATS_TEST_TMPDIR/p.json"
	run_in '' sfb-truth "$BATS_TEST_TMPDIR/p.json"
	assert_failure 2
	assert_stderr "sfb-truth: $BATS_TEST_TMPDIR/p.json:1: not a JSON array"
	printf '[\n{"source_id": "s", "pathology_labels": 3}]' >"$BATS_TEST_TMPDIR/p.json"
	run_in '' sfb-truth "$BATS_TEST_TMPDIR/p.json"
	assert_failure 2
	assert_stderr "sfb-truth: $BATS_TEST_TMPDIR/p.json:2: pathology_labels is a number, not an array"
	run_in '' sfb-truth "$BATS_TEST_TMPDIR/nope.json"
	assert_failure 2
	assert_stderr "sfb-truth: $BATS_TEST_TMPDIR/nope.json: cannot open: No such file or directory"
}

@test "bad records: source_id missing or not a string, invalid JSON; earlier lines complete" {
	printf '[{"source_id": "s", "pathology_labels": [0]}]' >"$BATS_TEST_TMPDIR/p.json"
	run_in '{"source_id": "s"}
{"pair_id": "x"}' sfb-truth "$BATS_TEST_TMPDIR/p.json"
	assert_failure 2
	assert_output '{"source_id": "s", "ground_truth_labels": ["Osteophytes"]}'
	assert_stderr 'sfb-truth: -:2: missing field "source_id"'
	run_in '{"source_id": 3}' sfb-truth "$BATS_TEST_TMPDIR/p.json"
	assert_failure 2
	assert_stderr 'sfb-truth: -:1: field "source_id" is a number, not a string'
	run_in '{"source_id": "s"' sfb-truth "$BATS_TEST_TMPDIR/p.json"
	assert_failure 2
	assert_stderr 'sfb-truth: -:1: invalid JSON: unterminated object'
}

@test "usage: no PAIRS_JSON, unknown option, -h, --version" {
	run_split sfb-truth
	assert_failure 2
	assert_output ""
	[ "${stderr##*$'\n'}" = "usage: sfb-truth [--allow-empty] [-x KEY]... PAIRS_JSON [FILE...]" ]
	run_split sfb-truth --bogus x
	assert_failure 2
	run_split sfb-truth -h
	assert_success
	assert_output "usage: sfb-truth [--allow-empty] [-x KEY]... PAIRS_JSON [FILE...]"
	run_split sfb-truth --version
	assert_success
	assert_output --regexp '^sfb-truth \(sfb\) [0-9]+\.[0-9]+\.[0-9]+$'
}

@test "man page example runs" {
	printf '[{"source_id": "vindr_0001", "pathology_labels": [0, 12]}]' >"$BATS_TEST_TMPDIR/pairs.json"
	cd "$BATS_TEST_TMPDIR"
	run_split sh -c 'echo '"'"'{"pair_id": "vindr_0001__young_male", "source_id": "vindr_0001"}'"'"' |
	    sfb-truth pairs.json'
	assert_success
	assert_output '{"pair_id": "vindr_0001__young_male", "source_id": "vindr_0001", "ground_truth_labels": ["Fracture", "Osteophytes"]}'
}
