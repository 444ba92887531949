#!/usr/bin/env bats
# sfb-pair: report rows to pair records with the reference's identity
# checks (SPEC 2.3).  The fixture panel and its pairs come from
# tests/gen/gen_pipeline_golden.py (Python, not sfb).

load test_helper

P="$TOP/tests/golden/pipeline"

# A well-formed source and generated row of model m for pair s1__young_male;
# extra members go in through $1 (source) and $2 (generated).
src() { echo "{\"model\": \"m\", \"pair_id\": \"s1__young_male\", \"image_role\": \"source\", \"response\": \"Normal.\", \"source_id\": \"s1\", \"pair_source_id\": \"s1\"${1:+, $1}}"; }
gen() { echo "{\"model\": \"m\", \"pair_id\": \"s1__young_male\", \"image_role\": \"generated\", \"response\": \"Fracture.\", \"source_id\": \"s1\", \"pair_source_id\": \"s1\"${1:+, $1}}"; }
PAIR='{"model": "m", "pair_id": "s1__young_male", "source_id": "s1", "edit_label": "young_male", "source_report": "Normal.", "counterfactual_report": "Fracture."}'

# Write the arguments as a JSON array, one element per line, to $A.
array() {
	A="$BATS_TEST_TMPDIR/rows.json"
	{
		echo "["
		local first=1
		for r in "$@"; do
			[ $first = 1 ] || echo ","
			first=0
			printf '%s\n' "$r"
		done
		echo "]"
	} >"$A"
}

@test "sfb-pair: --help prints usage on stdout, exit 0" {
	run_split sfb-pair --help
	assert_success
	assert_line --index 0 "usage: sfb-pair [--model M] [--row-index KEY] [FILE...]"
	assert_stderr ""
}

@test "sfb-pair: --version and an unknown option" {
	run_split sfb-pair --version
	assert_success
	assert_output --partial "sfb-pair (sfb) "
	run_split sfb-pair -x
	assert_failure 2
	assert_output ""
	[[ "$stderr" == *"usage: sfb-pair"* ]]
}

@test "sfb-pair: a panel with several models as a JSON array equals the Python pairs" {
	run_split sfb-pair "$P/evaluation_results.json"
	assert_success
	assert_stderr ""
	assert_output "$(cat "$P/pairs.ndjson")"
}

@test "sfb-pair: the same rows as NDJSON give the same output" {
	run_split sfb-pair "$P/evaluation_results.ndjson"
	assert_success
	assert_stderr ""
	assert_output "$(cat "$P/pairs.ndjson")"
	run_split sfb-pair <"$P/evaluation_results.ndjson"
	assert_output "$(cat "$P/pairs.ndjson")"
}

@test "sfb-pair: rows grouped by model, in any model order, give the same output" {
	LC_ALL=C sort "$P/evaluation_results.ndjson" >"$BATS_TEST_TMPDIR/sorted.ndjson"
	run_split sfb-pair "$BATS_TEST_TMPDIR/sorted.ndjson"
	assert_success
	assert_stderr ""
	assert_output "$(cat "$P/pairs.ndjson")"
	# Models in reverse order, pair ids in order within each.
	LC_ALL=C sort -t'"' -k4,4r -k8,8 "$P/evaluation_results.ndjson" \
	    >"$BATS_TEST_TMPDIR/grouped.ndjson"
	run_split sfb-pair "$BATS_TEST_TMPDIR/grouped.ndjson"
	assert_success
	assert_stderr ""
	assert_output "$(cat "$P/pairs.ndjson")"
}

@test "sfb-pair: --model pairs one model only" {
	for m in gpt-5.4 gemma-4 Zeta-VL; do
		run_split sfb-pair --model "$m" "$P/evaluation_results.json"
		assert_success
		assert_stderr ""
		assert_output "$(grep -F "{\"model\": \"$m\"," "$P/pairs.ndjson")"
	done
}

@test "sfb-pair: a zstd-compressed array is read like the plain one" {
	zstd -q -c "$P/evaluation_results.json" >"$BATS_TEST_TMPDIR/e.json.zst"
	run_split sfb-pair --model claude-opus-4-6 "$BATS_TEST_TMPDIR/e.json.zst"
	assert_success
	assert_output "$(grep -F '{"model": "claude-opus-4-6",' "$P/pairs.ndjson")"
}

@test "sfb-pair: rows of one pair may come from two files, array and NDJSON" {
	array "$(gen)"
	src >"$BATS_TEST_TMPDIR/s.ndjson"
	run_split sfb-pair "$A" "$BATS_TEST_TMPDIR/s.ndjson"
	assert_success
	assert_output "$PAIR"
	assert_stderr ""
}

@test "sfb-pair: an empty array and empty input give no pairs" {
	run_in '  [ ]
' sfb-pair
	assert_success
	assert_output ""
	run_in '' sfb-pair
	assert_success
	assert_output ""
}

@test "sfb-pair: falsy error values, pair_source_id and a blank line are accepted" {
	run_in "$(src '"error": 0')

$(gen '"error": "", "pair_source_id": ""')
$(src '"error": [], "model": "n"')
$(gen '"error": {}, "model": "n", "pair_source_id": null')
" sfb-pair
	assert_success
	assert_stderr ""
	assert_output "$PAIR
${PAIR/\"m\"/\"n\"}"
}

@test "sfb-pair: pairs sort by code point; escapes are decoded and written plainly" {
	run_in '{"model": "m", "pair_id": "s1__\u00e9", "image_role": "source", "response": "a\/b", "source_id": "s1"}
{"model": "m", "pair_id": "s1__\u00e9", "image_role": "generated", "response": "\u0041", "source_id": "s1"}
{"model": "m", "pair_id": "s1__b", "image_role": "source", "response": "x", "source_id": "s1"}
{"model": "m", "pair_id": "s1__b", "image_role": "generated", "response": "y", "source_id": "s1"}
{"model": "m", "pair_id": "s1__Z", "image_role": "source", "response": "\ud83d\ude00", "source_id": "s1"}
{"model": "m", "pair_id": "s1__Z", "image_role": "generated", "response": "tab\there", "source_id": "s1"}
{"model": "M", "pair_id": "s\u0031__z", "image_role": "generated", "response": "\u007f", "source_id": "s1"}
{"model": "M", "pair_id": "s1__z", "image_role": "source", "response": "q", "source_id": "s1"}
' sfb-pair
	assert_success
	assert_stderr ""
	assert_output "$(printf '%s\n' \
		'{"model": "M", "pair_id": "s1__z", "source_id": "s1", "edit_label": "z", "source_report": "q", "counterfactual_report": "'$'\x7f''"}' \
		'{"model": "m", "pair_id": "s1__Z", "source_id": "s1", "edit_label": "Z", "source_report": "😀", "counterfactual_report": "tab\there"}' \
		'{"model": "m", "pair_id": "s1__b", "source_id": "s1", "edit_label": "b", "source_report": "x", "counterfactual_report": "y"}' \
		'{"model": "m", "pair_id": "s1__é", "source_id": "s1", "edit_label": "é", "source_report": "a/b", "counterfactual_report": "A"}')"
}

@test "sfb-pair: edit_label is everything after the first __" {
	run_in "$(src '"pair_id": "s1__a__b"')
$(gen '"pair_id": "s1__a__b"')" sfb-pair
	assert_success
	assert_output '{"model": "m", "pair_id": "s1__a__b", "source_id": "s1", "edit_label": "a__b", "source_report": "Normal.", "counterfactual_report": "Fracture."}'
}

@test "sfb-pair: the source id falls back from the generated row to the source row" {
	run_in "$(src)
{\"model\": \"m\", \"pair_id\": \"s1__young_male\", \"image_role\": \"generated\", \"response\": \"Fracture.\", \"pair_source_id\": false, \"source_id\": \"s1\"}" sfb-pair
	assert_success
	assert_output "$PAIR"
}

@test "sfb-pair: a truthy error is an unresolved evaluation error (array line)" {
	array "$(src)" "$(gen '"error": "timeout"')"
	run_split sfb-pair "$A"
	assert_failure 2
	assert_output ""
	assert_stderr "sfb-pair: $A:4: Unresolved evaluation error in retained export: m: s1__young_male"
}

@test "sfb-pair: an error row without pair_id prints None" {
	run_in '{"model": "m", "error": true}' sfb-pair
	assert_failure 2
	assert_stderr "sfb-pair: -:1: Unresolved evaluation error in retained export: m: None"
}

@test "sfb-pair: an error with a non-string pair_id prints Python's str of it" {
	run_in '{"model": "m", "error": 1e-3, "pair_id": [1, "x", null]}' sfb-pair
	assert_failure 2
	assert_stderr "sfb-pair: -:1: Unresolved evaluation error in retained export: m: [1, 'x', None]"
}

@test "sfb-pair: a missing, empty or non-string pair_id" {
	for p in '' '"pair_id": ""' '"pair_id": 7'; do
		run_in "$(src)
{\"model\": \"m\", \"image_role\": \"generated\", \"response\": \"x\"${p:+, $p}}" sfb-pair
		assert_failure 2
		assert_output ""
		assert_stderr "sfb-pair: -:2: Missing pair_id in retained export: m"
	done
}

@test "sfb-pair: a missing, non-string or blank response is missing report text" {
	for r in '"response": null' '"response": " \n\t "' '"response": "\u00a0\u2003\u3000\u001c"' '"response": 3'; do
		run_in "$(gen "$r")" sfb-pair
		assert_failure 2
		assert_stderr "sfb-pair: -:1: Missing report text in retained export: m: s1__young_male"
	done
	run_in '{"model": "m", "pair_id": "p__q", "image_role": "source"}' sfb-pair
	assert_stderr "sfb-pair: -:1: Missing report text in retained export: m: p__q"
}

@test "sfb-pair: a zero-width space is text, not white space" {
	run_in "$(src '"response": "\u200b"')
$(gen)" sfb-pair
	assert_success
	assert_output "${PAIR/Normal./​}"
}

@test "sfb-pair: a second source row is a duplicate source report" {
	run_in "$(src)
$(gen)
$(src)" sfb-pair
	assert_failure 2
	assert_output ""
	assert_stderr "sfb-pair: -:3: Duplicate source report: m: s1__young_male"
}

@test "sfb-pair: a second generated row is a duplicate pair_id" {
	run_in "$(gen)
$(src)
$(gen)" sfb-pair
	assert_failure 2
	assert_stderr "sfb-pair: -:3: Duplicate pair_id in m generated reports: s1__young_male"
}

@test "sfb-pair: an unknown role is quoted with Python's repr" {
	run_in "$(src '"image_role": "Source"')" sfb-pair
	assert_failure 2
	assert_stderr "sfb-pair: -:1: Unknown report role in retained export: m: s1__young_male: 'Source'"
	run_in '{"model": "m", "pair_id": "a__b", "response": "x"}' sfb-pair
	assert_stderr "sfb-pair: -:1: Unknown report role in retained export: m: a__b: None"
	run_in "$(src '"image_role": "it'"'"'s\n"')" sfb-pair
	assert_stderr "sfb-pair: -:1: Unknown report role in retained export: m: s1__young_male: \"it's\\n\""
	run_in "$(src '"image_role": "\u200b\u00e9\ud800"')" sfb-pair
	assert_stderr "sfb-pair: -:1: Unknown report role in retained export: m: s1__young_male: '\\u200bé\\ud800'"
}

@test "sfb-pair: a report without its partner is unpaired" {
	run_in "$(src)
$(gen)
$(gen '"pair_id": "s1__elderly_male"')" sfb-pair
	assert_failure 2
	assert_output ""
	assert_stderr "sfb-pair: -:3: Unpaired retained reports: m"
	run_in "$(src '"pair_id": "s1__elderly_male"')
$(src)
$(gen)" sfb-pair
	assert_stderr "sfb-pair: -:1: Unpaired retained reports: m"
}

@test "sfb-pair: source ids that disagree are an inconsistent source cluster" {
	run_in "$(src '"source_id": "s2", "pair_source_id": "s2"')
$(gen)" sfb-pair
	assert_failure 2
	assert_output ""
	assert_stderr "sfb-pair: -:1: Inconsistent source cluster identity: m: s1__young_male"
}

@test "sfb-pair: a declaration that differs on one row is inconsistent" {
	run_in "$(src '"source_id": "S1"')
$(gen)" sfb-pair
	assert_failure 2
	assert_stderr "sfb-pair: -:1: Inconsistent source cluster identity: m: s1__young_male"
}

@test "sfb-pair: a pair_id outside its source is inconsistent" {
	run_in "$(src '"source_id": "s10", "pair_source_id": "s10"')
$(gen '"source_id": "s10", "pair_source_id": "s10"')" sfb-pair
	assert_failure 2
	assert_stderr "sfb-pair: -:1: Inconsistent source cluster identity: m: s1__young_male"
}

@test "sfb-pair: a row that declares no source id is inconsistent" {
	run_in "$(src)
{\"model\": \"m\", \"pair_id\": \"s1__young_male\", \"image_role\": \"generated\", \"response\": \"x\"}" sfb-pair
	assert_failure 2
	assert_stderr "sfb-pair: -:1: Inconsistent source cluster identity: m: s1__young_male"
}

@test "sfb-pair: a non-string source declaration is inconsistent" {
	run_in "$(src)
$(gen '"pair_source_id": 5')" sfb-pair
	assert_failure 2
	assert_stderr "sfb-pair: -:1: Inconsistent source cluster identity: m: s1__young_male"
}

@test "sfb-pair: the first inconsistent pair in source-row order is named" {
	run_in "$(gen '"pair_id": "s1__b", "source_id": "x"')
$(src '"pair_id": "s1__b"')
$(src '"pair_id": "s1__a"')
$(gen '"pair_id": "s1__a", "source_id": "x"')" sfb-pair
	assert_failure 2
	assert_stderr "sfb-pair: -:2: Inconsistent source cluster identity: m: s1__b"
}

@test "sfb-pair: a non-object row, even another model's, is an error at its line" {
	array "$(src)" "$(gen)" '["not", "a", "row"]'
	run_split sfb-pair --model m "$A"
	assert_failure 2
	assert_output ""
	assert_stderr "sfb-pair: $A:6: evaluation_results.json contains a non-object row"
}

@test "sfb-pair: invalid JSON anywhere wins over an earlier row fault" {
	array "$(src '"error": "x"')" '{"model": "m", "pair_id": tru}'
	run_split sfb-pair "$A"
	assert_failure 2
	assert_stderr "sfb-pair: $A:4: invalid JSON"
}

@test "sfb-pair: invalid UTF-8 and a broken array are errors with their line" {
	printf '[\n{"model": "m"},\n{"model": "\xff"}\n]\n' >"$BATS_TEST_TMPDIR/u.json"
	run_split sfb-pair "$BATS_TEST_TMPDIR/u.json"
	assert_failure 2
	assert_stderr "sfb-pair: $BATS_TEST_TMPDIR/u.json:3: invalid UTF-8"
	printf '[\n{"model": "m"}\n{"model": "n"}\n]\n' >"$BATS_TEST_TMPDIR/b.json"
	run_split sfb-pair "$BATS_TEST_TMPDIR/b.json"
	assert_failure 2
	assert_stderr "sfb-pair: $BATS_TEST_TMPDIR/b.json:3: invalid JSON: expected ',' or ']'"
	printf '[{"model": "m"},\n' >"$BATS_TEST_TMPDIR/t.json"
	run_split sfb-pair "$BATS_TEST_TMPDIR/t.json"
	assert_stderr "sfb-pair: $BATS_TEST_TMPDIR/t.json:2: invalid JSON: unterminated array"
}

@test "sfb-pair: the first row fault in input order wins" {
	run_in "$(src)
$(gen)
$(src)
$(gen '"response": ""')" sfb-pair
	assert_failure 2
	assert_stderr "sfb-pair: -:3: Duplicate source report: m: s1__young_male"
	run_in "$(src)
$(gen '"response": ""')
$(src)" sfb-pair
	assert_stderr "sfb-pair: -:2: Missing report text in retained export: m: s1__young_male"
}

@test "sfb-pair: row faults come before pairing faults" {
	run_in "$(gen)
$(gen)
$(src '"pair_id": "s1__x", "image_role": "other"')" sfb-pair
	assert_failure 2
	assert_stderr "sfb-pair: -:3: Unknown report role in retained export: m: s1__x: 'other'"
}

@test "sfb-pair: --model ignores the faults of other models' rows" {
	run_in "$(src '"model": "n", "error": "boom"')
$(src)
$(gen '"model": "n"')
$(gen)
{\"model\": 3}" sfb-pair --model m
	assert_success
	assert_stderr ""
	assert_output "$PAIR"
}

@test "sfb-pair: --model with no rows is an error" {
	run_split sfb-pair --model nope "$P/evaluation_results.json"
	assert_failure 2
	assert_output ""
	assert_stderr "sfb-pair: No report rows for model nope"
}

@test "sfb-pair: without --model, a row without a model name is an error" {
	run_in "$(src)
{\"pair_id\": \"a__b\"}" sfb-pair
	assert_failure 2
	assert_stderr "sfb-pair: -:2: Report row without a model name"
}

@test "sfb-pair: all models: the first model in code-point order with a pairing fault" {
	run_in "$(src '"model": "b"')
$(gen '"model": "a"')
$(gen '"model": "a"')
$(src '"model": "a"')" sfb-pair
	assert_failure 2
	assert_output ""
	assert_stderr "sfb-pair: -:3: Duplicate pair_id in a generated reports: s1__young_male"
	run_in "$(src '"model": "b"')
$(src '"model": "a"')
$(gen '"model": "a"')" sfb-pair
	assert_failure 2
	assert_stderr "sfb-pair: -:1: Unpaired retained reports: b"
}

@test "sfb-pair: an object that is not one line is NDJSON and invalid" {
	printf '{\n"model": "m"}\n' >"$BATS_TEST_TMPDIR/o.json"
	run_split sfb-pair "$BATS_TEST_TMPDIR/o.json"
	assert_failure 2
	assert_stderr "sfb-pair: $BATS_TEST_TMPDIR/o.json:1: invalid JSON: expected a string key"
}

@test "sfb-pair: an unreadable file is an error" {
	run_split sfb-pair "$BATS_TEST_TMPDIR/none.json"
	assert_failure 2
	[[ "$stderr" == "sfb-pair: $BATS_TEST_TMPDIR/none.json: cannot open: No such file or directory" ]]
}

@test "sfb-pair: a mapped file that shrinks while it is read is an error with its name, no partial line" {
	# 4000 pairs with 1 kB reports: more output than the pipe and the
	# program's buffer hold, so sfb-pair blocks in its output, still
	# reading reports from the file, when the file is cut to nothing.
	f="$BATS_TEST_TMPDIR/rows.ndjson"
	awk 'BEGIN {
		r = sprintf("%1000s", ""); gsub(/ /, "x", r)
		for (i = 0; i < 4000; i++)
			for (g = 0; g < 2; g++)
				printf "{\"model\": \"m\", \"pair_id\": \"s%d__young_male\", \"image_role\": \"%s\", \"response\": \"%s\", \"source_id\": \"s%d\", \"pair_source_id\": \"s%d\"}\n",
				    i, g ? "generated" : "source", r, i, i
	}' >"$f"
	{ rc=0; sfb-pair "$f" 2>"$BATS_TEST_TMPDIR/err" || rc=$?; echo $rc >"$BATS_TEST_TMPDIR/rc"; } |
		{ sleep 1; : >"$f"; cat >"$BATS_TEST_TMPDIR/out"; }
	[ "$(cat "$BATS_TEST_TMPDIR/rc")" = 2 ]
	[ "$(cat "$BATS_TEST_TMPDIR/err")" = "sfb-pair: $f: file changed while it was read" ]
	# Whatever was written is whole lines.
	[ ! -s "$BATS_TEST_TMPDIR/out" ] || [ "$(tail -c 1 "$BATS_TEST_TMPDIR/out" | od -An -c | tr -d ' ')" = '\n' ]
}

@test "sfb-pair: --row-index adds the generated row's position in the panel, as Python counts it" {
	run_split sfb-pair --row-index row "$P/evaluation_results.json"
	assert_success
	assert_stderr ""
	# The records are the plain ones plus the key, last.
	assert_equal "$(printf '%s\n' "$output" | jq -c 'del(.row)')" "$(jq -c . "$P/pairs.ndjson")"
	assert_equal "$(printf '%s\n' "$output" | jq -r '[.model, .pair_id, .row] | @tsv')" "$(cat "$P/pair_rows.tsv")"
	# The same positions with --model (rows of other models still count).
	run_split sfb-pair --model gpt-5.4 --row-index row "$P/evaluation_results.ndjson"
	assert_success
	assert_equal "$(printf '%s\n' "$output" | jq -r '[.model, .pair_id, .row] | @tsv')" \
		"$(grep '^gpt-5\.4	' "$P/pair_rows.tsv")"
}

@test "sfb-pair: --row-index counts the rows of all files, in order" {
	f="$BATS_TEST_TMPDIR/a.ndjson"
	g="$BATS_TEST_TMPDIR/b.ndjson"
	head -n 100 "$P/evaluation_results.ndjson" >"$f"
	tail -n +101 "$P/evaluation_results.ndjson" >"$g"
	run_split sfb-pair --row-index "pos \"1\"" "$f" "$g"
	assert_success
	assert_stderr ""
	assert_equal "$(printf '%s\n' "$output" | jq -r '[.model, .pair_id, .["pos \"1\""]] | @tsv')" "$(cat "$P/pair_rows.tsv")"
}

@test "sfb-pair: --row-index refuses a key the record already has" {
	for k in model pair_id source_id edit_label source_report counterfactual_report; do
		run_split sfb-pair --row-index "$k" "$P/evaluation_results.json"
		assert_failure 2
		assert_output ""
		assert_stderr "sfb-pair: --row-index: '$k' is a member of every pair record"
	done
}

@test "sfb-pair: the man page's first usable pair in file order runs (parse-sample's choice)" {
	# The example of sfb-pair(1) on the fixture panel; the answer is
	# Python's, the first usable pair of gpt-5.4 in generated-row order.
	run_split bash -c "sfb-pair --model gpt-5.4 --row-index row '$P/evaluation_results.json' |
	  sfb-refusal | sfb-extract-labels | sfb-rec-bucket |
	  sfb-jaccard -x source_report -x counterfactual_report |
	  jq -s 'map(select(.usable)) | min_by(.row) | .pair_id'"
	assert_success
	assert_stderr ""
	assert_output "\"$(cat "$P/first_usable_gpt-5.4.txt")\""
}
