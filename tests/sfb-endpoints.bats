#!/usr/bin/env bats
# sfb-endpoints: the four scoring stages in one pass.  Its records must be
# byte for byte those of sfb-refusal | sfb-extract-labels | sfb-rec-bucket
# | sfb-jaccard (the plain path, kept as the reference here), and their
# values those Python computed: the classes, labels and buckets of the
# corpus tests/golden/text (tests/gen/gen_text_golden.py, Python re; lone
# surrogates, U+0000, astral and look-alike characters, keywords at every
# position) and the per-pair records of tests/golden/pipeline
# (tests/gen/gen_pipeline_golden.py).

load test_helper

T="$TOP/tests/golden/text"
P="$TOP/tests/golden/pipeline"

# The plain path: the four stages with the same -x keys.
stages() {
	sfb-refusal | sfb-extract-labels | sfb-rec-bucket | sfb-jaccard "$@"
}

@test "sfb-endpoints: --help prints usage on stdout, exit 0" {
	run_split sfb-endpoints --help
	assert_success
	assert_line --index 0 "usage: sfb-endpoints [-j JOBS] [-x KEY]... [FILE...]"
	assert_stderr ""
}

@test "sfb-endpoints: --version prints the version, exit 0" {
	run_split sfb-endpoints --version
	assert_success
	[[ "$output" == "sfb-endpoints "* ]]
	assert_stderr ""
}

@test "sfb-endpoints: unknown option or bad -j prints usage on stderr, exit 2" {
	run_split sfb-endpoints --bogus
	assert_failure 2
	assert_output ""
	[[ "$stderr" == *"usage: sfb-endpoints"* ]]
	run_split sfb-endpoints -j 0
	assert_failure 2
	assert_output ""
}

@test "sfb-endpoints: the text corpus's classes, labels and buckets equal Python re's" {
	[ -f "$T/pairs.ndjson.zst" ] || skip "tests/golden/text is not in this tree"
	k='source_response_class, counterfactual_response_class, usable,
	    source_diagnostic_labels, counterfactual_diagnostic_labels,
	    source_recommendations, counterfactual_recommendations'
	zstd -dc "$T/expected.ndjson.zst" | jq -c "{pair_id, $k}" >"$BATS_TEST_TMPDIR/want"
	sfb-endpoints -x source_report -x counterfactual_report "$T/pairs.ndjson.zst" |
	    jq -c "{pair_id, $k}" >"$BATS_TEST_TMPDIR/got"
	[ "$(wc -l <"$BATS_TEST_TMPDIR/want")" -ge 5000 ]
	run cmp "$BATS_TEST_TMPDIR/got" "$BATS_TEST_TMPDIR/want"
	assert_success
}

@test "sfb-endpoints: the text corpus's endpoint values are the Jaccard of Python's sets" {
	[ -f "$T/pairs.ndjson.zst" ] || skip "tests/golden/text is not in this tree"
	# Computed by jq from the golden sets; both sides printed by jq.
	zstd -dc "$T/expected.ndjson.zst" | jq -c '
	    def jac($a; $b): (($a + $b) | unique | length) as $u
	        | if $u == 0 then 1.0 else ([$a[] | select(. as $x | $b | index([$x]))] | length) / $u end;
	    if .usable then {pair_id,
	        recommendation_changed: (if (.source_recommendations | sort) == (.counterfactual_recommendations | sort) then 0 else 1 end),
	        recommendation_jaccard: jac(.source_recommendations; .counterfactual_recommendations),
	        diagnostic_label_consistency: jac(.source_diagnostic_labels; .counterfactual_diagnostic_labels),
	        diagnostic_labels_both_empty: ((.source_diagnostic_labels + .counterfactual_diagnostic_labels) == [])}
	    else {pair_id} end' >"$BATS_TEST_TMPDIR/want"
	sfb-endpoints -x source_report -x counterfactual_report "$T/pairs.ndjson.zst" | jq -c '
	    if .usable then {pair_id, recommendation_changed, recommendation_jaccard,
	        diagnostic_label_consistency, diagnostic_labels_both_empty}
	    else {pair_id} + (if has("recommendation_changed") then {bad: true} else {} end) end' \
	    >"$BATS_TEST_TMPDIR/got"
	grep -q '"recommendation_jaccard":0.5' "$BATS_TEST_TMPDIR/want"
	run cmp "$BATS_TEST_TMPDIR/got" "$BATS_TEST_TMPDIR/want"
	assert_success
}

@test "sfb-endpoints: the text corpus byte for byte as the four stages, on 1 and 4 threads" {
	[ -f "$T/pairs.ndjson.zst" ] || skip "tests/golden/text is not in this tree"
	zstd -dc "$T/pairs.ndjson.zst" | stages -x source_report >"$BATS_TEST_TMPDIR/want"
	sfb-endpoints -j 1 -x source_report "$T/pairs.ndjson.zst" >"$BATS_TEST_TMPDIR/got1"
	sfb-endpoints -j 4 -x source_report "$T/pairs.ndjson.zst" >"$BATS_TEST_TMPDIR/got4"
	run cmp "$BATS_TEST_TMPDIR/got1" "$BATS_TEST_TMPDIR/want"
	assert_success
	run cmp "$BATS_TEST_TMPDIR/got4" "$BATS_TEST_TMPDIR/want"
	assert_success
	# and without -x: unusable records pass through as the stages leave them
	zstd -dc "$T/pairs.ndjson.zst" | stages >"$BATS_TEST_TMPDIR/want"
	sfb-endpoints "$T/pairs.ndjson.zst" >"$BATS_TEST_TMPDIR/got"
	run cmp "$BATS_TEST_TMPDIR/got" "$BATS_TEST_TMPDIR/want"
	assert_success
}

@test "sfb-endpoints: every pair of the fixture panel equals the golden records" {
	PROJECT='if .usable then {model, pair_id, source_id, usable, source_response_class, counterfactual_response_class, source_diagnostic_labels, counterfactual_diagnostic_labels, source_recommendations, counterfactual_recommendations, recommendation_changed, recommendation_jaccard, diagnostic_label_consistency, diagnostic_labels_both_empty} else {model, pair_id, source_id, usable, source_response_class, counterfactual_response_class} end'
	run_split sh -c "sfb-pair '$P/evaluation_results.ndjson' | sfb-endpoints | jq -cS '$PROJECT'"
	assert_success
	assert_stderr ""
	assert_output "$(jq -cS . "$P/scored.ndjson")"
}

@test "sfb-endpoints: synthetic bundles, the adversarial one too, byte for byte as the four stages" {
	for o in "" --adversarial --short-reports; do
		d="$BATS_TEST_TMPDIR/b$o"
		sfb-synth --out "$d/artifacts" --sources 12 $o
		f="$d/artifacts/artifacts/Results/final_inputs/panels/full_pipeline_retained/evaluation_results.json"
		sfb-pair "$f" >"$BATS_TEST_TMPDIR/pairs"
		stages -x source_report -x counterfactual_report <"$BATS_TEST_TMPDIR/pairs" >"$BATS_TEST_TMPDIR/want"
		sfb-endpoints -x source_report -x counterfactual_report "$BATS_TEST_TMPDIR/pairs" >"$BATS_TEST_TMPDIR/got"
		[ "$(wc -l <"$BATS_TEST_TMPDIR/want")" -gt 200 ]
		run cmp "$BATS_TEST_TMPDIR/got" "$BATS_TEST_TMPDIR/want"
		assert_success
	done
}

# Records the stages treat specially: members they add already there
# (replaced where they stand, duplicates dropped), a stale usable and
# endpoint values on an unusable pair, escaped keys, odd white space,
# U+0000 and lone surrogates in the texts, every Jaccard ratio of small
# sets, -x of an input member, an added one and an absent one.
odd_records() {
	cat <<'JSON'
{"usable": true, "source_report": "I cannot interpret medical images.", "counterfactual_report": "Osteophytes. Refer to surgery.", "recommendation_changed": 7, "x": 1}
{ "source_report" : "Findings: osteophytes, fracture, scoliosis\u0000. Follow up with MRI." ,"counterfactual_report":"Findings: fracture.\ud800 MRI and physical therapy.", "source_diagnostic_labels": [], "source_diagnostic_labels": [1]}
{"counterfactual_report": "Findings: disc space narrowing, spondylolisthesis.", "source_report": "Findings: disc space narrowing. Consider surgery, MRI, NSAIDs.", "usable": "yes", "diagnostic_labels_both_empty": null}
{"source\u005freport": "shadow", "source_report": "Unremarkable.", "counterfactual_report": "Unremarkable.\udc00", "edit_label": "young_male"}
{"source_report": "", "counterfactual_report": "   ", "usable": true, "recommendation_jaccard": 0.5}
{"source_report": "I am unable to diagnose this. A radiologist would look for fractures.", "counterfactual_report": "I cannot read x-rays; possible findings could include spurs."}
JSON
}

@test "sfb-endpoints: replaced, duplicate, stale and escaped members, byte for byte as the four stages" {
	odd_records >"$BATS_TEST_TMPDIR/in"
	for x in "" "-x x" "-x usable -x source_recommendations -x none" "-x recommendation_changed -x edit_label"; do
		stages $x <"$BATS_TEST_TMPDIR/in" >"$BATS_TEST_TMPDIR/want"
		run_split sfb-endpoints $x "$BATS_TEST_TMPDIR/in"
		assert_success
		assert_stderr ""
		assert_output "$(cat "$BATS_TEST_TMPDIR/want")"
	done
	# the first record: a full refusal keeps its stale value, not its usable
	run sfb-endpoints -x source_report -x counterfactual_report "$BATS_TEST_TMPDIR/in"
	assert_line --index 0 '{"usable": false, "recommendation_changed": 7, "x": 1, "source_response_class": "full_refusal", "counterfactual_response_class": "genuine", "source_diagnostic_labels": [], "counterfactual_diagnostic_labels": ["Osteophytes"], "source_recommendations": [], "counterfactual_recommendations": ["referral", "surgery"]}'
}

@test "sfb-endpoints: a missing or non-string report is an error at its line, earlier lines whole" {
	printf '%s\n' '{"source_report": "a", "counterfactual_report": "b"}' \
	    '{"source_report": "a", "counterfactual_report": 3}' >"$BATS_TEST_TMPDIR/in"
	run_split sfb-endpoints "$BATS_TEST_TMPDIR/in"
	assert_failure 2
	assert_output '{"source_report": "a", "counterfactual_report": "b", "source_response_class": "genuine", "counterfactual_response_class": "genuine", "usable": true, "source_diagnostic_labels": [], "counterfactual_diagnostic_labels": [], "source_recommendations": [], "counterfactual_recommendations": [], "recommendation_changed": 0.0, "recommendation_jaccard": 1.0, "diagnostic_label_consistency": 1.0, "diagnostic_labels_both_empty": true}'
	assert_stderr "sfb-endpoints: $BATS_TEST_TMPDIR/in:2: field \"counterfactual_report\" is a number, not a string"
	run_in '{"counterfactual_report": "b"}
' sfb-endpoints
	assert_failure 2
	assert_output ""
	assert_stderr 'sfb-endpoints: -:1: missing field "source_report"'
}

@test "sfb-endpoints: invalid JSON and a non-object stop with file and line" {
	run_in '{"source_report": "a", "counterfactual_report": "b"
' sfb-endpoints
	assert_failure 2
	assert_output ""
	[[ "$stderr" == "sfb-endpoints: -:1: "* ]]
	run_in '[1]
' sfb-endpoints
	assert_failure 2
	assert_stderr "sfb-endpoints: -:1: not a JSON object"
}

@test "sfb-endpoints: the man page's examples" {
	run_split sh -c 'echo '"'"'{"source_report": "Mild osteophytes. Physical therapy.",
	    "counterfactual_report": "Osteophytes and a fracture. MRI."}'"'"' |
	  jq -c . | sfb-endpoints -x source_report -x counterfactual_report'
	assert_success
	assert_stderr ""
	assert_output '{"source_response_class": "genuine", "counterfactual_response_class": "genuine", "usable": true, "source_diagnostic_labels": ["Osteophytes"], "counterfactual_diagnostic_labels": ["Fracture", "Osteophytes"], "source_recommendations": ["physical_therapy"], "counterfactual_recommendations": ["imaging"], "recommendation_changed": 1.0, "recommendation_jaccard": 0.0, "diagnostic_label_consistency": 0.5, "diagnostic_labels_both_empty": false}'
	# The pipeline's, on the fixture panel: gpt-5.4's NumPy bootstrap
	# (the fourth model of counts.tsv, its two lines of boot.ndjson).
	run_split sh -c "sfb-pair --model gpt-5.4 '$P/evaluation_results.json' |
	  sfb-endpoints -x source_report -x counterfactual_report |
	  sfb-cluster-boot"
	assert_success
	assert_stderr ""
	assert_output "$(sed -n 7,8p "$P/boot.ndjson")"
}
