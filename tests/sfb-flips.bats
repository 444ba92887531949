#!/usr/bin/env bats
# sfb-flips: counts and source-clustered intervals of label transitions,
# against the NumPy-made golden vectors of tests/golden/analysis
# (tests/gen/gen_analysis_golden.py), and every way bad input stops it.

load test_helper
load analysis_cases

REC='{"source_id": "s", "source_recommendations": ["imaging"], "counterfactual_recommendations": ["surgery"]}'

@test "the man page's first example" {
	run_split sh -c "printf '{\"source_id\": \"s\", \"source_recommendations\": [\"imaging\"], \"counterfactual_recommendations\": %s}\n' \
	    '[\"imaging\"]' '[]' '[\"surgery\"]' | sfb-flips --recs -n 100 |
	    jq -c 'select(.n > .neither) | [.category, .added, .removed, .flip_rate]'"
	assert_success
	assert_stderr ""
	assert_output '["surgery",1,0,0.3333333333333333]
["imaging",0,2,0.6666666666666666]'
}

@test "golden: the 13 labels by default, 10000 resamples, zstd input" {
	analysis_cases sfb-flips flips_labels
}

@test "golden: --recs with -n and -s; one cluster (no draw)" {
	analysis_cases sfb-flips flips_recs
	analysis_cases sfb-flips flips_one_cluster
}

@test "golden: --by edit_label; --by-expr the age or sex edit; --where one dataset" {
	analysis_cases sfb-flips flips_by_edit
	analysis_cases sfb-flips flips_by_expr
	analysis_cases sfb-flips flips_where
}

@test "golden: -a/-b on any string arrays, categories in code-point order (Unicode, empty)" {
	analysis_cases sfb-flips flips_any_arrays
}

@test "every registry category is printed, in registry order, even when absent" {
	run_in "$REC" sfb-flips --recs -n 1
	assert_success
	assert_stderr ""
	assert_equal "${#lines[@]}" 7
	run_split jq -r .category <<<"$output"
	assert_output 'surgery
physical_therapy
imaging
medication
monitoring
referral
no_action'
	run_in '{"source_id": "s", "source_diagnostic_labels": [], "counterfactual_diagnostic_labels": ["Fracture"]}' sfb-flips -n 1
	assert_success
	assert_equal "${#lines[@]}" 13
	assert_line --index 12 '{"category": "Fracture", "n": 1, "n_clusters": 1, "excluded": 0, "both": 0, "neither": 0, "added": 1, "removed": 0, "flip_rate": 1.0, "flip_rate_ci95": {"lower": 1.0, "upper": 1.0}, "net_shift": 1.0, "net_shift_ci95": {"lower": 1.0, "upper": 1.0}, "iterations": 1, "seed": 42, "method": "source_clustered_percentile_numpy_pcg64"}'
	assert_line --index 0 --partial '{"category": "Osteophytes", "n": 1, "n_clusters": 1, "excluded": 0, "both": 0, "neither": 1, "added": 0, "removed": 0, "flip_rate": 0.0, "flip_rate_ci95": {"lower": 0.0, "upper": 0.0}, "net_shift": 0.0,'
}

@test "a repeated string counts once; usable false needs nothing and is counted" {
	run_in '{"source_id": "s", "x": ["a", "a"], "y": ["a", "b", "b"]}
{"usable": false}
{"source_id": "t", "x": [], "y": [], "usable": true}' sfb-flips -a x -b y -n 1
	assert_success
	assert_line --index 0 --partial '{"category": "a", "n": 2, "n_clusters": 2, "excluded": 1, "both": 1, "neither": 1, "added": 0, "removed": 0, "flip_rate": 0.0,'
	assert_line --index 1 --partial '{"category": "b", "n": 2, "n_clusters": 2, "excluded": 1, "both": 0, "neither": 1, "added": 1, "removed": 0, "flip_rate": 0.5,'
}

@test "the source and counterfactual pipeline: sfb-extract-labels | sfb-flips" {
	run_in '{"source_id": "s1", "source_report": "Mild osteophytes. No fracture.", "counterfactual_report": "Osteophytes; hardware in place."}
{"source_id": "s1", "source_report": "Unremarkable.", "counterfactual_report": "Unremarkable."}' sh -c 'sfb-extract-labels | sfb-flips -n 10 | jq -c "select(.n > .neither) | [.category, .both, .added, .removed]"'
	assert_success
	assert_output '["Osteophytes",1,0,0]
["Surgical implant",0,1,0]
["No finding",1,0,0]
["Fracture",0,0,1]'
}

@test "error: a set that is missing, not an array, not all strings, or outside the registry" {
	run_in '{"source_id": "s", "source_recommendations": []}' sfb-flips --recs
	assert_failure 2
	assert_output ""
	assert_stderr 'sfb-flips: -:1: missing "counterfactual_recommendations"'
	run_in '{"source_id": "s", "x": "a", "y": []}' sfb-flips -a x -b y
	assert_failure 2
	assert_stderr 'sfb-flips: -:1: "x" is a string, not an array'
	run_in '{"source_id": "s", "x": ["a", 1], "y": []}' sfb-flips -a x -b y
	assert_failure 2
	assert_stderr 'sfb-flips: -:1: "x" holds a number, not only strings'
	run_in "$REC
{\"source_id\": \"s\", \"source_recommendations\": [\"Imaging\"], \"counterfactual_recommendations\": []}" sfb-flips --recs
	assert_failure 2
	assert_stderr 'sfb-flips: -:2: "source_recommendations" holds "Imaging", not a category'
}

@test "error: the cluster key, usable, invalid JSON" {
	run_in '{"x": [], "y": []}' sfb-flips -a x -b y
	assert_failure 2
	assert_stderr 'sfb-flips: -:1: missing "source_id"'
	run_in '{"src": 1, "x": [], "y": []}' sfb-flips -a x -b y -c src
	assert_failure 2
	assert_stderr 'sfb-flips: -:1: "src" is a number, not a string'
	run_in "$REC" sfb-flips --recs -c src
	assert_failure 2
	assert_stderr 'sfb-flips: -:1: missing "src"'
	run_in '{"source_id": "s", "x": [], "y": [], "usable": null}' sfb-flips -a x -b y
	assert_failure 2
	assert_stderr 'sfb-flips: -:1: "usable" is null, not a boolean'
	run_in "$REC
{\"source_id\": \"s\"" sfb-flips --recs
	assert_failure 2
	assert_output ""
	assert_stderr 'sfb-flips: -:2: invalid JSON: unterminated object'
}

@test "error: no usable record, a group without one, no category" {
	run_in '{"usable": false}' sfb-flips
	assert_failure 2
	assert_stderr 'sfb-flips: -: no usable record'
	run_in "$REC" sfb-flips --recs --where '.source_id == "t"'
	assert_failure 2
	assert_stderr 'sfb-flips: -: no usable record'
	run_in '{"usable": false, "m": "a"}
{"source_id": "s", "x": ["a"], "y": [], "m": "b"}' sfb-flips -a x -b y --by m
	assert_failure 2
	assert_output ""
	assert_stderr 'sfb-flips: -: no usable record in group "a"'
	run_in '{"source_id": "s", "x": [], "y": []}' sfb-flips -a x -b y
	assert_failure 2
	assert_stderr 'sfb-flips: -: no category in "x" or "y"'
}

@test "error: jq programs that do not compile or fail on a record" {
	run_in "$REC" sfb-flips --recs --by-expr '.['
	assert_failure 2
	assert_output ""
	[[ "$stderr" == "sfb-flips: --by-expr: jq: error: syntax error, "* ]]
	[ "${stderr##*$'\n'}" = "sfb-flips: --by-expr: jq: 1 compile error" ]
	run_in "$REC" sfb-flips --recs --by-expr '.source_id | . - 1'
	assert_failure 2
	assert_stderr 'sfb-flips: -:1: jq: string ("s") and number (1) cannot be subtracted'
	run_in "$REC" sfb-flips --recs --where 'empty'
	assert_failure 2
	assert_stderr 'sfb-flips: -:1: jq: no output'
}

@test "usage: -a without -b, --recs with -a, -n, -s, --by with --by-expr, --help, --version" {
	run_split sfb-flips -a x
	assert_failure 2
	assert_output ""
	[[ "$stderr" == "usage: sfb-flips [--recs | -a KEY -b KEY]"* ]]
	run_split sfb-flips --recs -a x -b y
	assert_failure 2
	run_split sfb-flips -n 0
	assert_failure 2
	assert_stderr "sfb-flips: -n: expected a number from 1 to 1000000000: '0'"
	run_split sfb-flips -s x
	assert_failure 2
	assert_stderr "sfb-flips: invalid seed: 'x'"
	run_split sfb-flips --by m --by-expr .m
	assert_failure 2
	assert_stderr "sfb-flips: --by-expr: cannot be given with --by"
	run_split sfb-flips --help
	assert_success
	assert_stderr ""
	assert_line --index 0 'usage: sfb-flips [--recs | -a KEY -b KEY] [-c KEY] [-n ITER] [-s SEED]'
	run_split sfb-flips --version
	assert_success
	assert_output --regexp '^sfb-flips \(sfb\) [0-9]'
}
