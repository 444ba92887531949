#!/usr/bin/env bats
# sfb-cluster-boot: the reference's published vector, the NumPy-made
# golden vectors of tests/golden/boot (tests/gen/gen_boot_golden.py), and
# every way bad input stops the program.

load test_helper
load analysis_cases

GOLD="$TOP/tests/golden/boot"
PUB='{"source_id": "a", "x": 0.0}
{"source_id": "a", "x": 1.0}
{"source_id": "b", "x": 0.2}
{"source_id": "b", "x": 0.4}
{"source_id": "b", "x": 0.8}
{"source_id": "c", "x": 0.3}
{"source_id": "d", "x": 0.7}'

# Run every golden case whose name starts with $1; compare stdout byte for
# byte, and require an empty stderr and status 0.
golden_cases() {
	local name input args n=0 bad=""
	while IFS=$'\t' read -r name input args; do
		case "$name" in "#"*) continue ;; "$1"*) ;; *) continue ;; esac
		n=$((n + 1))
		# shellcheck disable=SC2086 # the arguments are words
		run_split sfb-cluster-boot $args "$GOLD/$input"
		if [ "$status" -ne 0 ] || [ -n "$stderr" ] ||
		    [ "$output" != "$(cat "$GOLD/cases/$name.out")" ]; then
			bad="$bad $name"
			echo "case $name: status $status, stderr: $stderr"
			diff <(printf '%s\n' "$output") "$GOLD/cases/$name.out" | head -5
		fi
	done <"$GOLD/cases.tsv"
	[ "$n" -gt 0 ]
	[ -z "$bad" ]
}

@test "the reference's published vector: 1031 iterations, seed 42" {
	run_in "$PUB" sfb-cluster-boot -v x -n 1031
	assert_success
	assert_stderr ""
	assert_output '{"metric": "x", "n": 7, "n_clusters": 4, "excluded": 0, "point_estimate": 0.48571428571428577, "ci95": {"lower": 0.3833333333333333, "upper": 0.605}, "iterations": 1031, "seed": 42, "method": "source_clustered_percentile_numpy_pcg64"}'
}

@test "golden: published vector at 1 to 10000 iterations, seeds up to 2^128-1, levels" {
	golden_cases published
}

@test "golden: real scale (1000 sources, 3998 pairs), both endpoints, --by edit_label" {
	golden_cases real_
}

@test "golden: --by model and --by edit_label with excluded records" {
	golden_cases panel_
}

@test "golden: 1 to 9000 clusters of unequal sizes" {
	golden_cases k
}

@test "golden: arbitrary floats, Jaccard fractions, Unicode cluster ids, -c" {
	golden_cases floats_
	golden_cases jaccard_
	golden_cases unicode_
	golden_cases cluster_key
}

@test "several values share one index matrix: same as one run per value" {
	f="$GOLD/data/unicode_ids.ndjson"
	run_split sfb-cluster-boot -v x -v y -n 1500 -s 3 "$f"
	assert_success
	both="$output"
	run_split sfb-cluster-boot -v x -n 1500 -s 3 "$f"
	x="$output"
	run_split sfb-cluster-boot -v y -n 1500 -s 3 "$f"
	[ "$both" = "$x
$output" ]
}

@test "several files are one stream; standard input as -" {
	printf '%s\n' "$PUB" | head -n 3 >"$BATS_TEST_TMPDIR/one"
	printf '%s\n' "$PUB" | tail -n 4 >"$BATS_TEST_TMPDIR/two"
	run_split sfb-cluster-boot -v x -n 1031 "$BATS_TEST_TMPDIR/one" - <"$BATS_TEST_TMPDIR/two"
	assert_success
	assert_stderr ""
	[ "$output" = "$(cat "$GOLD/cases/published.out")" ]
}

@test "excluded records count and need neither values nor cluster key" {
	run_in "$PUB
{\"usable\": false}
{\"usable\": false, \"x\": \"n/a\"}" sfb-cluster-boot -v x -n 1031
	assert_success
	assert_stderr ""
	assert_output --partial '"n": 7, "n_clusters": 4, "excluded": 2, "point_estimate": 0.48571428571428577, "ci95": {"lower": 0.3833333333333333, "upper": 0.605}'
}

@test "usable true is kept; integer values are numbers" {
	run_in '{"source_id": "a", "x": 1, "usable": true}
{"source_id": "b", "x": 0}' sfb-cluster-boot -v x -n 1
	assert_success
	assert_output --partial '"n": 2, "n_clusters": 2, "excluded": 0, "point_estimate": 0.5,'
}

@test "one cluster: no random draw, the interval is the mean" {
	run_in '{"source_id": "s", "x": 0.1}
{"source_id": "s", "x": 0.2}' sfb-cluster-boot -v x -n 5
	assert_success
	assert_output --partial '"point_estimate": 0.15000000000000002, "ci95": {"lower": 0.15000000000000002, "upper": 0.15000000000000002}'
}

@test "--level names the interval and its percentiles" {
	run_in "$PUB" sfb-cluster-boot -v x -n 1031 --level 90
	assert_success
	[ "$output" = "$(cat "$GOLD/cases/published_l90.out")" ]
	run_in "$PUB" sfb-cluster-boot -v x -n 2049 --level 99.5
	[ "$output" = "$(cat "$GOLD/cases/published_l99.5.out")" ]
	assert_output --partial '"ci99.5": {'
}

@test "error: a value that is missing" {
	run_in '{"source_id": "a", "x": 1.0}
{"source_id": "a"}' sfb-cluster-boot -v x
	assert_failure 2
	assert_output ""
	assert_stderr 'sfb-cluster-boot: -:2: missing "x"'
}

@test "error: a value that is not a number" {
	run_in '{"source_id": "a", "x": "0.5"}' sfb-cluster-boot -v x
	assert_failure 2
	assert_output ""
	assert_stderr 'sfb-cluster-boot: -:1: "x" is a string, not a number'
	run_in '{"source_id": "a", "x": true}' sfb-cluster-boot -v x
	assert_stderr 'sfb-cluster-boot: -:1: "x" is a boolean, not a number'
}

@test "golden: null values leave the record out of that value alone (SPEC 2.2)" {
	analysis_cases sfb-cluster-boot boot_nulls
}

@test "golden: --by-expr the age or sex edit; --where one dataset, with --by" {
	analysis_cases sfb-cluster-boot boot_nulls_by_expr
	analysis_cases sfb-cluster-boot boot_where
}

@test "null: counted in that value's excluded; its clusters are those with a value" {
	run_in "$PUB
{\"source_id\": \"e\", \"x\": null}
{\"source_id\": \"a\", \"x\": null}" sfb-cluster-boot -v x -n 1031
	assert_success
	assert_stderr ""
	assert_line --index 0 '{"metric": "x", "n": 7, "n_clusters": 4, "excluded": 2, "point_estimate": 0.48571428571428577, "ci95": {"lower": 0.3833333333333333, "upper": 0.605}, "iterations": 1031, "seed": 42, "method": "source_clustered_percentile_numpy_pcg64"}'
	run_in '{"source_id": "a", "x": 1, "y": null}
{"source_id": "b", "x": null, "y": 0.25}
{"source_id": "b", "x": 0.5, "y": 0.75, "usable": true}
{"usable": false}' sfb-cluster-boot -v x -v y -n 1
	assert_success
	assert_line --index 0 --partial '{"metric": "x", "n": 2, "n_clusters": 2, "excluded": 2, "point_estimate": 0.75, '
	assert_line --index 1 --partial '{"metric": "y", "n": 2, "n_clusters": 1, "excluded": 2, "point_estimate": 0.5, "ci95": {"lower": 0.5, "upper": 0.5}'
}

@test "null: the same values without the null records give the same summary" {
	f="$AGOLD/data/boot_nulls.ndjson.zst"
	run_split sfb-cluster-boot -v hallucination_disparity -n 700 "$f"
	assert_success
	want="$output"
	zstd -dc "$f" | jq -c 'select(.hallucination_disparity != null)' >"$BATS_TEST_TMPDIR/kept"
	run_split sfb-cluster-boot -v hallucination_disparity -n 700 "$BATS_TEST_TMPDIR/kept"
	assert_success
	n_null=$(zstd -dc "$f" | jq -s 'map(select(.usable and .hallucination_disparity == null)) | length')
	[ "$n_null" -gt 0 ]
	# only excluded differs: here the null records are gone
	[ "$(jq -c 'del(.excluded)' <<<"$want")" = "$(jq -c 'del(.excluded)' <<<"$output")" ]
}

@test "error: every value null, in all or in a group" {
	run_in '{"source_id": "a", "x": null}' sfb-cluster-boot -v x
	assert_failure 2
	assert_output ""
	assert_stderr 'sfb-cluster-boot: -: every "x" is null'
	run_in '{"source_id": "a", "x": 1, "g": "p"}
{"source_id": "a", "x": null, "g": "q"}' sfb-cluster-boot -v x --by g
	assert_failure 2
	assert_output ""
	assert_stderr 'sfb-cluster-boot: -: every "x" is null in group "q"'
}

@test "error: jq programs that do not compile or fail on a line; --by with --by-expr" {
	run_in "$PUB" sfb-cluster-boot -v x --where '.source_id |'
	assert_failure 2
	assert_output ""
	[[ "$stderr" == "sfb-cluster-boot: --where: jq: error: syntax error, "* ]]
	[ "${stderr##*$'\n'}" = "sfb-cluster-boot: --where: jq: 1 compile error" ]
	run_in "$PUB" sfb-cluster-boot -v x --by-expr '.x | ascii_downcase'
	assert_failure 2
	assert_stderr 'sfb-cluster-boot: -:1: jq: explode input must be a string'
	run_in "$PUB" sfb-cluster-boot -v x --by-expr '.source_id, .x'
	assert_failure 2
	assert_stderr 'sfb-cluster-boot: -:1: jq: several outputs'
	run_in "$PUB" sfb-cluster-boot -v x --by-expr .m --by m
	assert_failure 2
	assert_stderr 'sfb-cluster-boot: --by-expr: cannot be given with --by'
}

@test "error: NaN and infinite values" {
	run_in '{"source_id": "a", "x": NaN}' sfb-cluster-boot -v x
	assert_failure 2
	assert_output ""
	assert_stderr 'sfb-cluster-boot: -:1: invalid JSON'
	run_in '{"source_id": "a", "x": Infinity}' sfb-cluster-boot -v x
	assert_failure 2
	assert_stderr 'sfb-cluster-boot: -:1: invalid JSON'
	run_in '{"source_id": "a", "x": -1e400}' sfb-cluster-boot -v x
	assert_failure 2
	assert_stderr 'sfb-cluster-boot: -:1: "x" is not a finite number'
}

@test "error: the default values must be there" {
	run_in '{"source_id": "a", "recommendation_changed": 1.0}' sfb-cluster-boot
	assert_failure 2
	assert_stderr 'sfb-cluster-boot: -:1: missing "diagnostic_label_consistency"'
}

@test "error: a missing or non-string cluster key, with the file's line number" {
	printf '\n{"source_id": "a", "x": 1}\n\n{"x": 1}\n' >"$BATS_TEST_TMPDIR/in.ndjson"
	run_split sfb-cluster-boot -v x "$BATS_TEST_TMPDIR/in.ndjson"
	assert_failure 2
	assert_output ""
	assert_stderr "sfb-cluster-boot: $BATS_TEST_TMPDIR/in.ndjson:4: missing \"source_id\""
	run_in '{"source_id": 7, "x": 1}' sfb-cluster-boot -v x
	assert_failure 2
	assert_stderr 'sfb-cluster-boot: -:1: "source_id" is a number, not a string'
	run_in '{"src": ["a"], "x": 1}' sfb-cluster-boot -v x -c src
	assert_stderr 'sfb-cluster-boot: -:1: "src" is an array, not a string'
}

@test "error: usable that is not a boolean" {
	run_in '{"source_id": "a", "x": 1, "usable": "false"}' sfb-cluster-boot -v x
	assert_failure 2
	assert_stderr 'sfb-cluster-boot: -:1: "usable" is a string, not a boolean'
}

@test "error: no usable record" {
	run_in '{"usable": false}' sfb-cluster-boot
	assert_failure 2
	assert_output ""
	assert_stderr 'sfb-cluster-boot: -: no usable record'
	run_in '' sfb-cluster-boot
	assert_failure 2
	assert_stderr 'sfb-cluster-boot: -: no usable record'
	printf '\n' >"$BATS_TEST_TMPDIR/empty"
	run_split sfb-cluster-boot "$BATS_TEST_TMPDIR/empty"
	assert_stderr "sfb-cluster-boot: $BATS_TEST_TMPDIR/empty: no usable record"
}

@test "error: --by key missing, or a group without a usable record" {
	run_in '{"source_id": "a", "x": 1}' sfb-cluster-boot -v x --by model
	assert_failure 2
	assert_stderr 'sfb-cluster-boot: -:1: missing "model"'
	run_in '{"source_id": "a", "x": 1, "model": "m1"}
{"usable": false, "model": "m0"}' sfb-cluster-boot -v x --by model
	assert_failure 2
	assert_output ""
	assert_stderr 'sfb-cluster-boot: -: no usable record in group "m0"'
}

@test "error: sums that overflow" {
	run_in '{"source_id": "a", "x": 1e308}
{"source_id": "a", "x": 1e308}' sfb-cluster-boot -v x -n 3
	assert_failure 2
	assert_output ""
	assert_stderr 'sfb-cluster-boot: a sum overflows: the interval is not finite'
}

@test "error: invalid JSON stops with the line; lines before are not printed half" {
	run_in '{"source_id": "a", "x": 1}
{"source_id": "a", "x": 1' sfb-cluster-boot -v x
	assert_failure 2
	assert_output ""
	assert_stderr 'sfb-cluster-boot: -:2: invalid JSON: unterminated object'
}

@test "usage: bad option values" {
	run_split sfb-cluster-boot -n 0
	assert_failure 2
	assert_stderr "sfb-cluster-boot: -n: expected a number from 1 to 1000000000: '0'"
	run_split sfb-cluster-boot -n 10x
	assert_failure 2
	assert_stderr "sfb-cluster-boot: -n: expected a number from 1 to 1000000000: '10x'"
	run_split sfb-cluster-boot -n -5
	assert_failure 2
	run_split sfb-cluster-boot -s -1
	assert_failure 2
	assert_stderr "sfb-cluster-boot: invalid seed: '-1'"
	run_split sfb-cluster-boot -s 0x2a
	assert_failure 2
	run_split sfb-cluster-boot -s 115792089237316195423570985008687907853269984665640564039457584007913129639936
	assert_failure 2
	run_split sfb-cluster-boot --level 100
	assert_failure 2
	assert_stderr "sfb-cluster-boot: invalid level (want 0 < L < 100): '100'"
	run_split sfb-cluster-boot --level nan
	assert_failure 2
	run_split sfb-cluster-boot --level 0
	assert_failure 2
	assert_output ""
}

@test "usage: unknown option, --help, --version" {
	run_split sfb-cluster-boot --bogus
	assert_failure 2
	assert_output ""
	[[ "$stderr" == *"usage: sfb-cluster-boot [-v KEY]..."* ]]
	run_split sfb-cluster-boot --help
	assert_success
	assert_stderr ""
	assert_line --index 0 'usage: sfb-cluster-boot [-v KEY]... [-c KEY] [-n ITER] [-s SEED] [--level L]'
	run_split sfb-cluster-boot -h
	assert_success
	run_split sfb-cluster-boot --version
	assert_success
	assert_output --regexp '^sfb-cluster-boot \(sfb\) [0-9]'
}

# --by keeps the index matrix a group drew for the next groups with as many
# clusters (lib/stats/boot.c, sfb_boot_cache): each group's lines must be
# those of its records run alone, which draw their own.
@test "--by: groups that share a kept index matrix give their own runs' lines" {
	zstd -dc "$GOLD/data/real_scale.ndjson.zst" >"$BATS_TEST_TMPDIR/in"
	for e in elderly_female elderly_male young_female young_male; do
		grep "\"edit_label\": \"$e\"" "$BATS_TEST_TMPDIR/in" |
		    sfb-cluster-boot -n 700 -s 3 | sed "s/^{/{\"group\": \"$e\", /"
	done >"$BATS_TEST_TMPDIR/want"
	# elderly_female and the like resample 1000 clusters each, young_female fewer
	[ "$(grep -c '"n_clusters": 1000,' "$BATS_TEST_TMPDIR/want")" -ge 4 ]
	run_split sfb-cluster-boot -n 700 -s 3 --by edit_label "$BATS_TEST_TMPDIR/in"
	assert_success
	assert_stderr ""
	assert_output "$(cat "$BATS_TEST_TMPDIR/want")"
}
