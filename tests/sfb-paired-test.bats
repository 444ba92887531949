#!/usr/bin/env bats
# sfb-paired-test: SciPy 1.10's wilcoxon(a, b), NumPy's d_z and the
# adjustments, against the golden vectors of tests/golden/analysis
# (tests/gen/gen_analysis_golden.py), and every way bad input stops it.

load test_helper
load analysis_cases

XY='{"source_id": "s1", "x": 0.9, "y": 0.4}
{"source_id": "s2", "x": 0.7, "y": 0.5}
{"source_id": "s3", "x": 0.8, "y": 0.8}
{"source_id": "s4", "x": 0.3, "y": 0.1}
{"source_id": "s5", "x": 0.6, "y": 0.9}
{"source_id": "s6", "x": 1.0, "y": 0.2}'

@test "the man page's first example: SciPy's statistic and p-value" {
	run_split sh -c "printf '{\"source_id\": \"s%d\", \"x\": %s, \"y\": %s}\n' \
	    1 0.9 0.4 2 0.7 0.5 3 0.8 0.8 4 0.3 0.1 5 0.6 0.9 6 1.0 0.2 |
	    sfb-paired-test -a x -b y"
	assert_success
	assert_stderr ""
	printf '%s\n' "$output" >"$BATS_TEST_TMPDIR/out"
	# scipy.stats.wilcoxon([.9,.7,.8,.3,.6,1], [.4,.5,.8,.1,.9,.2]), NumPy's d_z
	echo '{"a": "x", "b": "y", "n": 6, "excluded": 0, "n_zero": 1, "mean_difference": 0.2333333333333333, "cohens_dz": 0.6092717958449423, "statistic": 3.0, "p_value": 0.22491588401596185, "method": "normal", "z": -1.2135597524338357, "adjust": "bonferroni", "p_adjusted": 0.22491588401596185}' >"$BATS_TEST_TMPDIR/want"
	same_within "$BATS_TEST_TMPDIR/out" "$BATS_TEST_TMPDIR/want"
}

@test "golden: n = 1 and 2, a zero alone, the center of the distribution" {
	analysis_cases sfb-paired-test wx_n near
	analysis_cases sfb-paired-test wx_center near
}

@test "golden: small n exact, exact with ties (r_plus truncated)" {
	analysis_cases sfb-paired-test wx_exact near
	analysis_cases sfb-paired-test wx_ties near
}

@test "golden: zeros switch to the normal approximation; n = 50 exact, 51 not" {
	analysis_cases sfb-paired-test wx_zeros near
	analysis_cases sfb-paired-test wx_n50 near
	analysis_cases sfb-paired-test wx_n51 near
}

@test "golden: large n with heavy ties, continuous, tiny p-values" {
	analysis_cases sfb-paired-test wx_large near
	analysis_cases sfb-paired-test wx_tiny_p near
}

@test "golden: every difference equal; every difference zero (p null, a note)" {
	analysis_cases sfb-paired-test wx_all_ near
}

@test "golden: Bonferroni, Holm and BH over ordered and tied p-values, with exclusions" {
	analysis_cases sfb-paired-test wx_groups_ near
	analysis_cases sfb-paired-test wx_near_one_ near
}

@test "all-zero groups take no part in the adjustment" {
	run_in '{"g": "a", "x": 1, "y": 1}
{"g": "b", "x": 1, "y": 0}
{"g": "c", "x": 0, "y": 1}' sfb-paired-test -a x -b y --by g
	assert_success
	assert_stderr ""
	assert_line --index 0 --partial '"statistic": null, "p_value": null, "method": null, "z": null, "adjust": "bonferroni", "p_adjusted": null, "note": "every difference is zero: the signed-rank test is undefined"}'
	assert_line --index 1 --partial '"p_value": 1.0, "method": "exact", "z": null, "adjust": "bonferroni", "p_adjusted": 1.0}'
	assert_line --index 2 --partial '"group": "c", '
}

@test "usable false and null values are excluded and counted; --where drops are not" {
	run_in '{"x": 1, "y": 0.5, "usable": true, "k": 1}
{"x": 1, "y": 0.25, "k": 1}
{"usable": false, "k": 1}
{"x": null, "y": 0.25, "k": 1}
{"x": 0.5, "y": null, "k": 1}
{"x": 3, "y": 1, "k": 2}' sfb-paired-test -a x -b y --where '.k == 1'
	assert_success
	assert_stderr ""
	assert_output --partial '"n": 2, "excluded": 3, "n_zero": 0, "mean_difference": 0.625,'
}

@test "--by-expr: age edit against sex edit; --by with zstd input" {
	f="$AGOLD/data/flips_panel.ndjson.zst"
	[ -f "$f" ]
	run_split sh -c "zstd -dc '$f' | jq -c 'select(.usable) | {edit_label, x: (.source_diagnostic_labels | length), y: (.counterfactual_diagnostic_labels | length)}' >'$BATS_TEST_TMPDIR/xy'"
	run_split sfb-paired-test -a x -b y --by-expr '.edit_label | split("_")[0]' "$BATS_TEST_TMPDIR/xy"
	assert_success
	assert_stderr ""
	assert_equal "${#lines[@]}" 2
	assert_line --index 0 --partial '{"group": "elderly", '
	assert_line --index 1 --partial '{"group": "young", '
	# the same as grouping by a member that holds the prefix
	jq -c '. + {age: (.edit_label | split("_")[0])}' "$BATS_TEST_TMPDIR/xy" | zstd -q >"$BATS_TEST_TMPDIR/xy.zst"
	want="$output"
	run_split sfb-paired-test -a x -b y --by age "$BATS_TEST_TMPDIR/xy.zst"
	assert_success
	assert_output "$want"
}

@test "--by-expr: the key is a string as is, anything else its JSON text" {
	run_in '{"x": 1, "y": 0, "k": {"b": [1, "é"]}}
{"x": 1, "y": 0, "k": null}
{"x": 1, "y": 0, "k": "s"}
{"x": 1, "y": 0, "k": 2.50}' sfb-paired-test -a x -b y --by-expr .k
	assert_success
	assert_line --index 0 --partial '{"group": "2.5", '
	assert_line --index 1 --partial '{"group": "null", '
	assert_line --index 2 --partial '{"group": "s", '
	assert_line --index 3 --partial '{"group": "{\"b\":[1,\"é\"]}", '
}

@test "jq sees lone surrogates as U+FFFD, and U+0000 as itself" {
	run_in '{"x": 1, "y": 0, "t": "a\ud800b"}
{"x": 1, "y": 0, "t": "\udc00"}
{"x": 1, "y": 0, "t": "\ud83d\ude00\u0000"}' sfb-paired-test -a x -b y --by-expr '.t | explode | map(tostring) | join(",")'
	assert_success
	assert_stderr ""
	assert_line --index 0 --partial '{"group": "128512,0", '
	assert_line --index 1 --partial '{"group": "65533", '
	assert_line --index 2 --partial '{"group": "97,65533,98", '
}

@test "error: a jq program that does not compile: jq's own messages" {
	run_in "$XY" sfb-paired-test -a x -b y --where '.x |||'
	assert_failure 2
	assert_output ""
	[[ "$stderr" == "sfb-paired-test: --where: jq: error: syntax error, unexpected '|'"* ]]
	[ "${stderr##*$'\n'}" = "sfb-paired-test: --where: jq: 1 compile error" ]
	run_in "$XY" sfb-paired-test -a x -b y --by-expr 'nosuch(1)'
	assert_failure 2
	assert_stderr "sfb-paired-test: --by-expr: jq: error: nosuch/1 is not defined at <top-level>, line 1:
nosuch(1)
sfb-paired-test: --by-expr: jq: 1 compile error"
}

@test "error: the jq program fails, has no output or several, on a line" {
	run_in "$XY" sfb-paired-test -a x -b y --by-expr '.x | split("_")'
	assert_failure 2
	assert_output ""
	assert_stderr 'sfb-paired-test: -:1: jq: split input and separator must be strings'
	run_in "$XY" sfb-paired-test -a x -b y --by-expr 'select(.x > 0.75)'
	assert_failure 2
	assert_stderr 'sfb-paired-test: -:2: jq: no output'
	run_in "$XY" sfb-paired-test -a x -b y --where '.x, .y'
	assert_failure 2
	assert_stderr 'sfb-paired-test: -:1: jq: several outputs'
	run_in "$XY" sfb-paired-test -a x -b y --where 'error({"why": 1})'
	assert_failure 2
	assert_stderr 'sfb-paired-test: -:1: jq: {"why":1}'
}

@test "error: a missing, non-number or non-finite value; usable not a boolean" {
	run_in '{"x": 1}' sfb-paired-test -a x -b y
	assert_failure 2
	assert_output ""
	assert_stderr 'sfb-paired-test: -:1: missing "y"'
	run_in '{"x": "1", "y": 0}' sfb-paired-test -a x -b y
	assert_failure 2
	assert_stderr 'sfb-paired-test: -:1: "x" is a string, not a number'
	run_in '{"x": 1e400, "y": 0}' sfb-paired-test -a x -b y
	assert_failure 2
	assert_stderr 'sfb-paired-test: -:1: "x" is not a finite number'
	run_in '{"x": 1e308, "y": -1e308}' sfb-paired-test -a x -b y
	assert_failure 2
	assert_stderr 'sfb-paired-test: -:1: "x" - "y" is not a finite number'
	run_in '{"x": 1, "y": 0, "usable": 1}' sfb-paired-test -a x -b y
	assert_failure 2
	assert_stderr 'sfb-paired-test: -:1: "usable" is a number, not a boolean'
}

@test "error: invalid JSON, the --by member, no usable record" {
	run_in '{"x": 1, "y": 0}
{"x": 1, "y": 0' sfb-paired-test -a x -b y
	assert_failure 2
	assert_output ""
	assert_stderr 'sfb-paired-test: -:2: invalid JSON: unterminated object'
	run_in '{"x": 1, "y": 0, "m": 3}' sfb-paired-test -a x -b y --by m
	assert_failure 2
	assert_stderr 'sfb-paired-test: -:1: "m" is a number, not a string'
	run_in '{"usable": false}' sfb-paired-test -a x -b y
	assert_failure 2
	assert_stderr 'sfb-paired-test: -: no usable record'
	run_in '{"x": 1, "y": 0, "m": "a"}
{"x": null, "y": 0, "m": "b"}' sfb-paired-test -a x -b y --by m
	assert_failure 2
	assert_stderr 'sfb-paired-test: -: no usable record in group "b"'
	run_in '{"x": 1, "y": 0}' sfb-paired-test -a x -b y --where 'false'
	assert_failure 2
	assert_stderr 'sfb-paired-test: -: no usable record'
}

@test "usage: -a and -b required, --adjust, --by with --by-expr, --help, --version" {
	run_split sfb-paired-test -a x
	assert_failure 2
	assert_output ""
	[[ "$stderr" == "usage: sfb-paired-test -a KEY -b KEY"* ]]
	run_split sfb-paired-test -a x -b y --adjust fdr
	assert_failure 2
	assert_stderr "sfb-paired-test: --adjust: expected bonferroni, holm or bh: 'fdr'"
	run_split sfb-paired-test -a x -b y --by m --by-expr .m
	assert_failure 2
	assert_stderr "sfb-paired-test: --by-expr: cannot be given with --by"
	run_split sfb-paired-test --bogus
	assert_failure 2
	run_split sfb-paired-test --help
	assert_success
	assert_stderr ""
	assert_line --index 0 'usage: sfb-paired-test -a KEY -b KEY [--adjust bonferroni|holm|bh]'
	run_split sfb-paired-test --version
	assert_success
	assert_output --regexp '^sfb-paired-test \(sfb\) [0-9]'
}
