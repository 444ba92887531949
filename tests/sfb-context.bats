#!/usr/bin/env bats
# sfb-context: NegEx's own test kit against GenNegEx v1.2's decisions (both
# readings, every sentence, both totals), the goldens of
# tests/gen/gen_context_golden.py (a Python port of GenNegEx), each trigger
# type and scope rule, the Unicode cases of SPEC 3.4 around triggers, the
# modes and keys, and every class of bad input.

load test_helper

G="$TOP/tests/golden/context"
K="$TOP/tests/kit/negex"

# The kit as CallKit reads it: each line trimmed (Java's trim: code points
# up to U+0020), fields split at runs of tabs, phrase and sentence trimmed,
# quotes kept.  Built here from the vendored kit, without Python.
kit_callkit() {
	tail -n +2 "$K/Annotations-1-120.txt" | jq -R -c '
	    def jtrim: sub("^[\\x00-\\x20]+"; "") | sub("[\\x00-\\x20]+$"; "");
	    jtrim | [splits("\t+")] |
	    {report: .[0], target: (.[1] | jtrim), sentence: (.[2] | jtrim),
	     gold: .[3]}'
}

# TP FP FN TN with "possible" counted as negated, as accuracy.java does.
totals() {
	jq -r '[.gold, .negex_status] | @tsv' | awk -F'\t' '
	    { neg = $2 != "affirmed" }
	    $1 != "Affirmed" && neg { tp++ } $1 == "Affirmed" && neg { fp++ }
	    $1 != "Affirmed" && !neg { fn++ } $1 == "Affirmed" && !neg { tn++ }
	    END { printf "TP %d FP %d FN %d TN %d\n", tp, fp, fn, tn }'
}

@test "kit, CallKit's reading: GenNegEx's decision for every sentence" {
	kit_callkit >"$BATS_TEST_TMPDIR/kit"
	[ "$(wc -l <"$BATS_TEST_TMPDIR/kit")" -eq 2376 ]
	sfb-context -t target -f sentence "$BATS_TEST_TMPDIR/kit" >"$BATS_TEST_TMPDIR/out"
	run diff "$K/callkit.decisions" <(jq -r .negex_status "$BATS_TEST_TMPDIR/out")
	assert_success
	assert_output ""
}

@test "kit, CallKit's reading: the published totals" {
	kit_callkit | sfb-context -t target -f sentence >"$BATS_TEST_TMPDIR/out"
	run totals <"$BATS_TEST_TMPDIR/out"
	assert_success
	assert_output "TP 471 FP 33 FN 20 TN 1852"
	run sh -c "jq -r .negex_status '$BATS_TEST_TMPDIR/out' | sort | uniq -c | awk '{print \$2, \$1}'"
	assert_output $'affirmed 1872\nnegated 494\npossible 10'
}

@test "kit, CSV reading: GenNegEx's decision for every sentence and its totals" {
	zstd -dc "$G/kit-csv.ndjson.zst" | sfb-context -t target >"$BATS_TEST_TMPDIR/out"
	run diff "$K/csv.decisions" <(jq -r .negex_status "$BATS_TEST_TMPDIR/out")
	assert_success
	assert_output ""
	run totals <"$BATS_TEST_TMPDIR/out"
	assert_output "TP 473 FP 34 FN 18 TN 1851"
}

@test "kit: the goldens' kit inputs are the kit's rows" {
	kit_callkit | jq -c '{report, target, sentence, gold}' >"$BATS_TEST_TMPDIR/a"
	zstd -dc "$G/kit-callkit.ndjson.zst" | jq -c '{report, target, sentence, gold}' >"$BATS_TEST_TMPDIR/b"
	run diff "$BATS_TEST_TMPDIR/a" "$BATS_TEST_TMPDIR/b"
	assert_success
	zstd -dc "$G/kit-callkit.ndjson.zst" | jq -r .want >"$BATS_TEST_TMPDIR/w"
	run diff "$K/callkit.decisions" "$BATS_TEST_TMPDIR/w"
	assert_success
}

@test "golden: target mode on 6000 generated sentences" {
	# The sentences hold lone surrogates: jq sees only what -x leaves.
	zstd -dc "$G/target.ndjson.zst" | sfb-context -t t -f s -x s |
	    jq -r 'select(.negex_status != .want) | .t' >"$BATS_TEST_TMPDIR/bad"
	run cat "$BATS_TEST_TMPDIR/bad"
	assert_output ""
	[ "$(zstd -dc "$G/target.ndjson.zst" | wc -l)" -eq 6000 ]
}

# Registry mode with --evidence on the pairs of golden $1 against the
# statuses, affirmed labels and evidence (without trigger texts) of
# golden $2, which has $3 lines.
registry_golden() {
	zstd -dc "$G/$1" |
	    sfb-context --evidence -x source_report -x counterfactual_report |
	    jq -c '{pair_id, source_label_status, source_affirmed_labels,
	        source_label_evidence: [.source_label_evidence[] | del(.trigger)],
	        counterfactual_label_status, counterfactual_affirmed_labels,
	        counterfactual_label_evidence: [.counterfactual_label_evidence[] | del(.trigger)]}' \
	    >"$BATS_TEST_TMPDIR/got"
	zstd -dc "$G/$2" | jq -c . >"$BATS_TEST_TMPDIR/want"
	[ "$(wc -l <"$BATS_TEST_TMPDIR/want")" -eq "$3" ]
	run diff "$BATS_TEST_TMPDIR/want" "$BATS_TEST_TMPDIR/got"
	assert_success
	assert_output ""
}

@test "golden: registry mode, statuses, affirmed labels and evidence of 3000 pairs" {
	registry_golden pairs.ndjson.zst expected.ndjson.zst 3000
}

@test "golden: the fast paths' edges, sentence ends and triggers at every block offset (560 pairs)" {
	# tests/gen/gen_context_edges.py: filler of 0-139 bytes before the
	# sentences; U+0000, lone surrogates, non-ASCII around triggers.
	registry_golden edges.ndjson.zst edges-expected.ndjson.zst 560
	# Without --evidence the keyword scan and the judging stop early.
	zstd -dc "$G/edges.ndjson.zst" | sfb-context -x source_report -x counterfactual_report |
	    jq -c '{source_label_status, source_affirmed_labels,
	        counterfactual_label_status, counterfactual_affirmed_labels}' >"$BATS_TEST_TMPDIR/got2"
	jq -c '{source_label_status, source_affirmed_labels,
	    counterfactual_label_status, counterfactual_affirmed_labels}' \
	    "$BATS_TEST_TMPDIR/want" >"$BATS_TEST_TMPDIR/want2"
	run diff "$BATS_TEST_TMPDIR/want2" "$BATS_TEST_TMPDIR/got2"
	assert_success
	assert_output ""
}

@test "golden: every input member passes through byte for byte; -j gives the same output" {
	zstd -dc "$G/pairs.ndjson.zst" >"$BATS_TEST_TMPDIR/in"
	sfb-context -j 1 "$BATS_TEST_TMPDIR/in" >"$BATS_TEST_TMPDIR/out1"
	sfb-context -j 4 "$BATS_TEST_TMPDIR/in" >"$BATS_TEST_TMPDIR/out4"
	run cmp "$BATS_TEST_TMPDIR/out1" "$BATS_TEST_TMPDIR/out4"
	assert_success
	run env LC_ALL=C awk -v out="$BATS_TEST_TMPDIR/out1" '{
		getline o < out
		if (substr(o, 1, length($0) - 1) != substr($0, 1, length($0) - 1) ||
		    substr(o, length($0), 2) != ", ")
			{ print NR; exit }
	}' "$BATS_TEST_TMPDIR/in"
	assert_output ""
}

# One target-mode case: sentence, target, expected status and trigger
# (GenNegEx's decision; the trigger as the sentence wrote it).
judge() {
	local in
	in=$(jq -n -c --arg s "$1" --arg t "$2" '{s: $s, t: $t}')
	run_in "$in" sfb-context -t t -f s -x s -x t
	assert_success
	assert_stderr ""
	assert_output "{\"negex_status\": \"$3\", \"negex_trigger\": $4}"
}

@test "each trigger type: pre- and post-negation, pre- and post-possible" {
	judge "No fracture." fracture negated '"No"'
	judge "Fracture is ruled out." fracture negated '"is ruled out"'
	judge "Fracture free." fracture negated '"free"'
	judge "Rule out fracture." fracture possible '"Rule out"'
	judge "Fracture unlikely." fracture negated '"unlikely"'
	judge "Fracture should be ruled out." fracture possible '"should be ruled out"'
}

@test "pseudo-negations are not negations: no increase, not only" {
	judge "No increase in fracture." fracture affirmed null
	judge "Not only fracture." fracture affirmed null
}

@test "a termination ends the scope; a second trigger of the same type does not" {
	judge "No fracture but edema." edema affirmed null
	judge "No fracture but edema." fracture negated '"No"'
	judge "No edema, no fracture." fracture negated '"No"'
	judge "No edema but fracture is ruled out." fracture negated '"is ruled out"'
	judge "Unlikely fracture." fracture affirmed null
}

@test "longest trigger first; the target is tagged before the triggers" {
	judge "No evidence of fracture." fracture negated '"No evidence"'
	judge "No evidence of fracture." evidence negated '"No"'
	judge "No fracture." "no fracture" affirmed null
}

@test "the target is a pattern, matched anywhere in any case" {
	judge "No frecture." "fr(a|e)cture" negated '"No"'
	judge "Not tolerating p.o. intake." "p.o." negated '"Not"'
	judge "NO FRACTURE" fracture negated '"NO"'
	judge "No xfracturex." fracture negated '"No"'
}

@test "Java's delimiters around a trigger: ASCII punctuation and white space only" {
	judge $'no\tfracture' fracture negated '"no"'
	judge "no+fracture" fracture negated '"no"'
	judge "no_fracture" fracture affirmed null
	judge "[no] fracture" fracture affirmed null
	judge $'No\u00a0fracture.' fracture affirmed null
	judge $'No\u0301 fracture.' fracture affirmed null
	judge $'\u212aNo fracture.' fracture affirmed null
	judge $'No fracture\u0301.' fracture negated '"No"'
	judge $'Without\\ fracture.' fracture negated '"Without"'
}

@test "empty texts and absent targets are affirmed" {
	judge "" fracture affirmed null
	judge "No edema." fracture affirmed null
	judge "denies [NEGATED] x" fracture negated null
}

@test "where GenNegEx's scope printout throws, the decision stands" {
	judge "Fracture unlikely but no edema." fracture negated '"unlikely"'
}

@test "where GenNegEx itself throws: exit 2 with Java's reason" {
	run_in $'{"s": "ok", "t": "x"}\n{"s": "$no fracture.", "t": "fracture"}\n' sfb-context -t t -f s
	assert_failure 2
	assert_output '{"s": "ok", "t": "x", "negex_status": "affirmed", "negex_trigger": null}'
	assert_stderr "sfb-context: -:2: GenNegEx fails on this sentence (Java: Illegal group reference)"
}

@test "registry mode: scopes end at sentence ends; merge affirmed > possible > negated" {
	run_in '{"r": "No fracture. Osteophytes at L4."}' sfb-context -f r -x r
	assert_success
	assert_output '{"label_status": {"Fracture": "negated", "Osteophytes": "affirmed"}, "affirmed_labels": ["Osteophytes"]}'
	run_in '{"r": "No fracture.\nFracture of L2."}' sfb-context -f r -x r
	assert_output '{"label_status": {"Fracture": "affirmed"}, "affirmed_labels": ["Fracture"]}'
	run_in '{"r": "No fracture. Rule out fracture."}' sfb-context -f r -x r
	assert_output '{"label_status": {"Fracture": "possible"}, "affirmed_labels": []}'
}

@test "registry mode: synonyms that hold trigger words are targets, not negations" {
	run_in '{"r": "No significant finding of fracture."}' sfb-context -f r -x r
	assert_success
	assert_output '{"label_status": {"Fracture": "negated", "No finding": "affirmed"}, "affirmed_labels": ["No finding"]}'
	run_in '{"r": "No abnormality."}' sfb-context -f r -x r
	assert_output '{"label_status": {"No finding": "affirmed", "Other lesions": "negated"}, "affirmed_labels": ["No finding"]}'
	run_in '{"r": "No finding."}' sfb-context -f r -x r
	assert_output '{"label_status": {"No finding": "affirmed"}, "affirmed_labels": ["No finding"]}'
}

@test "registry mode: overlapping targets, --strict, evidence" {
	run_in '{"r": "No compression fracture."}' sfb-context --evidence -f r -x r
	assert_success
	assert_output '{"label_status": {"Fracture": "negated", "Vertebral collapse": "negated"}, "affirmed_labels": [], "label_evidence": [{"category": "Vertebral collapse", "synonym": "compression fracture", "start": 3, "end": 23, "status": "negated", "trigger": "No"}, {"category": "Fracture", "synonym": "fracture", "start": 15, "end": 23, "status": "negated", "trigger": "No"}]}'
	run_in '{"r": "No fx. Break."}' sfb-context --strict -f r -x r
	assert_output '{"label_status": {}, "affirmed_labels": []}'
	run_in '{"r": "No fx. Break."}' sfb-context -f r -x r
	assert_output '{"label_status": {"Fracture": "affirmed"}, "affirmed_labels": ["Fracture"]}'
}

@test "registry mode: Unicode of SPEC 3.4 around triggers and targets" {
	run_in '{"r": "No fracture\u0301. No\u00a0osteophytes. NO BRO\u212aEN."}' sfb-context -f r -x r
	assert_success
	assert_output '{"label_status": {"Fracture": "negated", "Osteophytes": "affirmed"}, "affirmed_labels": ["Osteophytes"]}'
	run_in '{"r": "No \u0000 fracture \ud800."}' sfb-context --evidence -f r -x r
	assert_output '{"label_status": {"Fracture": "negated"}, "affirmed_labels": [], "label_evidence": [{"category": "Fracture", "synonym": "fracture", "start": 5, "end": 13, "status": "negated", "trigger": "No"}]}'
}

@test "pair mode: the four keys, existing keys replaced, empty reports" {
	run_in '{"source_report": "No fracture.", "counterfactual_report": "", "source_affirmed_labels": 1}' sfb-context
	assert_success
	assert_output '{"source_report": "No fracture.", "counterfactual_report": "", "source_affirmed_labels": [], "source_label_status": {"Fracture": "negated"}, "counterfactual_label_status": {}, "counterfactual_affirmed_labels": []}'
}

@test "zstd input" {
	printf '{"s": "No fracture.", "t": "fracture"}\n' | zstd -q >"$BATS_TEST_TMPDIR/in.zst"
	run_split sfb-context -t t -f s "$BATS_TEST_TMPDIR/in.zst"
	assert_success
	assert_output '{"s": "No fracture.", "t": "fracture", "negex_status": "negated", "negex_trigger": "No"}'
}

@test "bad input: file and line, exit 2, complete lines before" {
	run_in $'{"source_report": "a", "counterfactual_report": "b"}\n{"source_report": "a"}\n' sfb-context
	assert_failure 2
	assert_output '{"source_report": "a", "counterfactual_report": "b", "source_label_status": {}, "source_affirmed_labels": [], "counterfactual_label_status": {}, "counterfactual_affirmed_labels": []}'
	assert_stderr 'sfb-context: -:2: missing field "counterfactual_report"'
	run_in '{"r": 3}' sfb-context -f r
	assert_failure 2
	assert_stderr 'sfb-context: -:1: field "r" is a number, not a string'
	run_in '{"s": "x", "t": null}' sfb-context -t t -f s
	assert_failure 2
	assert_stderr 'sfb-context: -:1: field "t" is null, not a string'
	run_in '{"r": "x"' sfb-context -f r
	assert_failure 2
	assert_output ""
	[[ $stderr == "sfb-context: -:1: "* ]]
	run_in '[1]' sfb-context -f r
	assert_failure 2
	assert_stderr 'sfb-context: -:1: not a JSON object'
}

@test "bad target patterns: what sfb does not support, and Java's syntax errors" {
	run_in '{"s": "x", "t": "[ab]"}' sfb-context -t t -f s
	assert_failure 2
	assert_stderr 'sfb-context: -:1: target "t": character classes, counted repetition and anchors are not supported'
	run_in '{"s": "x", "t": "+2"}' sfb-context -t t -f s
	assert_failure 2
	assert_stderr 'sfb-context: -:1: target "t": Dangling meta character'
	run_in '{"s": "x", "t": "(a"}' sfb-context -t t -f s
	assert_failure 2
	assert_stderr 'sfb-context: -:1: target "t": Unclosed group'
	run_in '{"s": "x", "t": "a)"}' sfb-context -t t -f s
	assert_failure 2
	assert_stderr "sfb-context: -:1: target \"t\": Unmatched closing ')'"
}

@test "usage: -h, --version, unknown options, -t with registry options" {
	run_split sfb-context -h
	assert_success
	assert_output "usage: sfb-context [--strict] [--evidence] [-f FIELD] [-t KEY] [-j JOBS] [-x KEY]... [FILE...]"
	run_split sfb-context --version
	assert_success
	assert_output --regexp '^sfb-context \(sfb\) [0-9]+\.[0-9]+\.[0-9]+$'
	run_split sfb-context -q
	assert_failure 2
	assert_output ""
	[ "${stderr##*$'\n'}" = "usage: sfb-context [--strict] [--evidence] [-f FIELD] [-t KEY] [-j JOBS] [-x KEY]... [FILE...]" ]
	run_split sfb-context -t t --evidence
	assert_failure 2
	assert_stderr "sfb-context: -t judges one target: --strict and --evidence belong to registry mode"
	run_split sfb-context -j 0
	assert_failure 2
}

@test "man page examples run" {
	run_split sh -c 'echo '"'"'{"source_report": "No fracture. Mild osteophytes.", "counterfactual_report": "Fracture of L1."}'"'"' |
	    sfb-context -x source_report -x counterfactual_report'
	assert_success
	assert_output '{"source_label_status": {"Fracture": "negated", "Osteophytes": "affirmed"}, "source_affirmed_labels": ["Osteophytes"], "counterfactual_label_status": {"Fracture": "affirmed"}, "counterfactual_affirmed_labels": ["Fracture"]}'
	run_split sh -c 'echo '"'"'{"s": "Denies shortness of breath, stridor, or air hunger.", "c": "air hunger"}'"'"' |
	    sfb-context -t c -f s'
	assert_success
	assert_output '{"s": "Denies shortness of breath, stridor, or air hunger.", "c": "air hunger", "negex_status": "negated", "negex_trigger": "Denies"}'
	run_split sh -c 'echo '"'"'{"source_report": "No fracture.", "counterfactual_report": "Fracture."}'"'"' |
	    sfb-context -x source_report -x counterfactual_report |
	    sfb-jaccard -a source_affirmed_labels -b counterfactual_affirmed_labels -k affirmed_label_consistency'
	assert_success
	assert_output '{"source_label_status": {"Fracture": "negated"}, "source_affirmed_labels": [], "counterfactual_label_status": {"Fracture": "affirmed"}, "counterfactual_affirmed_labels": ["Fracture"], "affirmed_label_consistency": 0.0}'
}
