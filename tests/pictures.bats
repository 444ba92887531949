#!/usr/bin/env bats
# examples/pictures.sh on the default synthetic bundle: the NDJSON each
# picture is drawn from, against the independent NumPy goldens
# (tests/gen/gen_views_golden.py); the pictures exist, parse (SVG as XML,
# PNG by its header) and carry every model's name and numbers.

load test_helper
load views_helper

VIEWS_PROGS="sfb-synth sfb-pair sfb-refusal sfb-extract-labels sfb-rec-bucket sfb-jaccard sfb-cluster-boot"

setup_file() {
	local p
	for p in $VIEWS_PROGS gnuplot; do
		command -v "$p" >/dev/null || return 0
	done
	sfb-synth --out "$BATS_FILE_TMPDIR/b/artifacts" --code-root "$BATS_FILE_TMPDIR/b/code-root" >/dev/null
	"$TOP/examples/pictures.sh" --artifacts "$BATS_FILE_TMPDIR/b/artifacts" \
		--out "$BATS_FILE_TMPDIR/out" >"$BATS_FILE_TMPDIR/out.stdout" 2>"$BATS_FILE_TMPDIR/out.stderr" ||
		echo $? >"$BATS_FILE_TMPDIR/out.status"
}

setup() {
	local p
	for p in $VIEWS_PROGS gnuplot xmllint; do
		command -v "$p" >/dev/null || skip "$p is not on PATH"
	done
	B=$BATS_FILE_TMPDIR/b/artifacts
	O=$BATS_FILE_TMPDIR/out
	G=$TOP/tests/golden/views
}

# "point [lower, upper]" as the forest plots print it (%.3f), for each line
# of an NDJSON file with the given metric.
labels_of() {
	jq -r --arg metric "$2" 'select(.metric == $metric)
		| [.point_estimate, .ci95.lower, .ci95.upper] | map(tostring) | join(" ")' "$1" |
		awk '{ printf "%.3f [%.3f, %.3f]\n", $1, $2, $3 }'
}

# The texts of an SVG file's <text> elements, one per line.
svg_texts() {
	xmllint --xpath '//*[local-name()="text"]' "$1" |
		sed 's/<[^>]*>/\n/g' | sed '/^[[:space:]]*$/d'
}

@test "pictures.sh: exit 0, the files it wrote on stdout, a note per view left out" {
	[ ! -e "$BATS_FILE_TMPDIR/out.status" ] || fail "exit $(cat "$BATS_FILE_TMPDIR/out.status")"
	run cat "$BATS_FILE_TMPDIR/out.stdout"
	assert_line "$O/primary.svg"
	assert_line "$O/primary.png"
	assert_line "$O/by-edit.svg"
	assert_line "$O/by-edit.png"
	assert_line "$O/data/primary.ndjson"
	assert_line "$O/data/by-edit.ndjson"
	assert_line "$O/data/frozen.ndjson"
	assert_line "$O/data/counts.ndjson"
	assert_equal "$(cat "$BATS_FILE_TMPDIR/out.stderr")" "$(expected_notes pictures.sh)"
}

@test "primary endpoints and CIs equal NumPy's (golden)" {
	run jq -c '{model, metric, n, n_clusters, excluded, point_estimate, ci95}' "$O/data/primary.ndjson"
	assert_success
	assert_output "$(cat "$G/primary.ndjson")"
}

@test "per edit label endpoints and CIs equal NumPy's (golden)" {
	run jq -c '{model, group, metric, n, n_clusters, excluded, point_estimate, ci95}' "$O/data/by-edit.ndjson"
	assert_success
	assert_output "$(cat "$G/by-edit.ndjson")"
}

@test "label and recommendation flips, their rates and CIs equal NumPy's (golden)" {
	command -v sfb-flips >/dev/null || skip "sfb-flips is not on PATH"
	for f in flips flips-recs; do
		run jq -c 'del(.panel, .iterations, .seed, .method)' "$O/data/$f.ndjson"
		assert_success
		assert_output "$(jq -c . "$G/$f.ndjson")"
	done
}

@test "severity and hedging differences and their CIs equal NumPy's (golden)" {
	[ -s "$O/data/secondary.ndjson" ] || skip "the secondary stages are not on PATH"
	run jq -c 'select(.metric != "hallucination_abs_diff") | {model, metric, n, n_clusters, excluded, point_estimate, ci95}' \
		"$O/data/secondary.ndjson"
	assert_success
	assert_output "$(jq -c . "$G/secondary.ndjson")"
}

@test "the secondary endpoints equal the frozen summary's points and pair counts (1e-12)" {
	[ -s "$O/data/secondary.ndjson" ] || skip "the secondary stages are not on PATH"
	grep -q '"metric":"severity_abs_diff"' "$O/data/frozen.ndjson" || skip "the summary has no secondary endpoints"
	run jq -rn --slurpfile r "$O/data/secondary.ndjson" --slurpfile f "$O/data/frozen.ndjson" '
		$r[] as $x | ($f[] | select(.model == $x.model and .metric == $x.metric)) as $y
		| "\($x.model) \($x.metric) \($x.n == $y.n) \((($x.point_estimate - $y.point_estimate) | fabs) <= 1e-12)"'
	assert_success
	[ "${#lines[@]}" -eq 27 ]
	refute_output --partial false
}

@test "refusal counts equal the independent implementation's (golden)" {
	run jq -c '{model, usable_pairs, full_refusal_pairs, partial_refusal_pairs}' "$O/data/counts.ndjson"
	assert_success
	assert_output "$(cat "$G/counts.ndjson")"
}

@test "frozen values are the summary's, rec change as 1 - agreement" {
	run sh -c 'jq -c "select(.metric == \"recommendation_changed\") | {model, point_estimate, ci95}" "$1" | sort' sh "$O/data/frozen.ndjson"
	assert_success
	assert_output "$(jq -c '.panels[].models | to_entries[]
		| .value.primary_secondary_stats.recommendation as $r
		| {model: .key, point_estimate: (1 - $r.agreement_rate),
		   ci95: {lower: (1 - $r.bootstrap_ci.upper), upper: (1 - $r.bootstrap_ci.lower)}}' \
		"$B/artifacts/Results/analysis/common_core_1000_summary.json" | sort)"
	[ "${#lines[@]}" -eq 9 ]
}

@test "every SVG parses as XML and every PNG has a PNG header and a size" {
	local f n=0
	for f in "$O"/*.svg; do
		run xmllint --noout "$f"
		assert_success
		assert_output ''
		n=$((n + 1))
	done
	for f in "$O"/*.png; do
		run sh -c 'head -c 8 "$1" | od -An -tx1 | tr -d " \n"' sh "$f"
		assert_output 89504e470d0a1a0a
		# IHDR: width and height, big-endian, at bytes 16-23
		run sh -c 'od -An -tu1 -j16 -N8 "$1" | awk "{ print \$1*16777216+\$2*65536+\$3*256+\$4, \$5*16777216+\$6*65536+\$7*256+\$8 }"' sh "$f"
		assert_success
		[[ $output =~ ^[1-9][0-9]+\ [1-9][0-9]+$ ]] || fail "bad PNG size: $output"
	done
	[ "$n" -ge 2 ]
}

@test "the pictures are in DejaVu Sans; the forest plots draw only Okabe-Ito colours and greys" {
	local f
	for f in "$O"/*.svg; do
		run sh -c 'grep -o "font-family=\"[^\"]*\"" "$1" | sort -u' sh "$f"
		assert_output 'font-family="DejaVu Sans"'
	done
	for f in "$O/primary.svg" "$O/by-edit.svg" $([ ! -e "$O/secondary.svg" ] || echo "$O/secondary.svg"); do
		# rgb(r, g, b) as hex; a grey has r = g = b
		run sh -c 'grep -o "rgb([ 0-9,]*)" "$1" | tr -d "rgb() " |
			awk -F, "{ printf \"#%02X%02X%02X\\n\", \$1, \$2, \$3 }" | sort -u' sh "$f"
		assert_success
		for c in $output; do
			case $c in
			'#0072B2' | '#D55E00' | '#009E73' | '#CC79A7' | '#E69F00' | '#56B4E9' | '#F0E442' | '#000000') ;;
			*) [ "${c:1:2}" = "${c:3:2}" ] && [ "${c:3:2}" = "${c:5:2}" ] || fail "$f: colour $c" ;;
			esac
		done
	done
}

@test "the primary forest plot names every model and prints its numbers" {
	local m
	run svg_texts "$O/primary.svg"
	assert_success
	for m in $(jq -r .model "$O/data/counts.ndjson"); do
		assert_line "$m"
	done
	for m in recommendation_changed diagnostic_label_consistency; do
		while read -r l; do
			assert_line "$l"
		done < <(labels_of "$O/data/primary.ndjson" "$m"; labels_of "$O/data/frozen.ndjson" "$m")
	done
	assert_line 'Recommendation change rate'
	assert_line 'Diagnostic-label consistency'
}

@test "the per edit label forest plot names every model and edit label and prints its numbers" {
	local m l
	run svg_texts "$O/by-edit.svg"
	assert_success
	for m in $(jq -r .model "$O/data/counts.ndjson") elderly_female elderly_male young_female young_male; do
		assert_line "$m"
	done
	for m in recommendation_changed diagnostic_label_consistency; do
		while read -r l; do
			assert_line "$l"
		done < <(labels_of "$O/data/by-edit.ndjson" "$m")
	done
}

# A heat map's SVG names every model and column and prints every value
# (%.2f): heat_map NAME COLUMN VALUE.
heat_map() {
	local m l
	run svg_texts "$O/$1.svg"
	assert_success
	for m in $(jq -r .model "$O/data/$1.ndjson" | sort -u); do
		assert_line "$m"
	done
	while read -r l; do
		assert_line "$l"
	done < <(jq -r --arg c "$2" '.[$c]' "$O/data/$1.ndjson" | sort -u;
		jq -r --arg v "$3" '.[$v]' "$O/data/$1.ndjson" | awk '{ printf "%.2f\n", $1 }' | sort -u)
}

@test "the flip heat maps name every model and category and print the flip rates" {
	command -v sfb-flips >/dev/null || skip "sfb-flips is not on PATH"
	heat_map flips category flip_rate
	heat_map flips-recs category flip_rate
	[ "$(jq -r .category "$O/data/flips.ndjson" | sort -u | wc -l)" -eq 13 ]
	[ "$(jq -r .category "$O/data/flips-recs.ndjson" | sort -u | wc -l)" -eq 7 ]
}

@test "the per-pathology heat map names every model and pathology and prints the consistencies" {
	[ -s "$O/data/per-pathology.ndjson" ] || skip "examples/per-pathology.sh or the secondary stages are not there"
	heat_map per-pathology pathology diagnostic_label_consistency
}

@test "the secondary forest plot prints the recomputed numbers" {
	[ -s "$O/data/secondary.ndjson" ] || skip "the secondary stages are not on PATH"
	run svg_texts "$O/secondary.svg"
	assert_success
	for m in severity_abs_diff hedging_abs_diff hallucination_abs_diff; do
		while read -r l; do
			assert_line "$l"
		done < <(labels_of "$O/data/secondary.ndjson" "$m")
	done
}

@test "pictures.sh: usage errors exit 2" {
	run_split "$TOP/examples/pictures.sh" --artifacts "$B"
	assert_equal "$status" 2
	assert_output ''
	assert_equal "$stderr" "pictures.sh: --out DIR is required
usage: pictures.sh --out DIR [--artifacts DIR] [--score SCORE_JSON] [--bootstrap-iterations N] [--seed S]"
	run_split "$TOP/examples/pictures.sh" --out "$BATS_TEST_TMPDIR/o" --colour red
	assert_equal "$status" 2
	assert_equal "${stderr%%$'\n'*}" "pictures.sh: unknown option: --colour"
	run_split "$TOP/examples/pictures.sh" --out "$BATS_TEST_TMPDIR/o" --score "$BATS_TEST_TMPDIR/none.json"
	assert_equal "$status" 2
	assert_equal "${stderr%%$'\n'*}" "pictures.sh: --score: no such file: $BATS_TEST_TMPDIR/none.json"
}

@test "pictures.sh: a bundle without a summary fails with the reference's message" {
	cp -a "$BATS_FILE_TMPDIR/b" "$BATS_TEST_TMPDIR/b"
	rm "$BATS_TEST_TMPDIR/b/artifacts/artifacts/Results/analysis/common_core_1000_summary.json"
	run_split "$TOP/examples/pictures.sh" --artifacts "$BATS_TEST_TMPDIR/b/artifacts" --out "$BATS_TEST_TMPDIR/o"
	assert_equal "$status" 1
	assert_output ''
	assert_equal "$(echo "$stderr" | grep -v 'left out')" \
		"Missing required artifact: artifacts/Results/analysis/common_core_1000_summary.json"
}

@test "pictures.sh: a rerun replaces its own files and leaves the others alone" {
	local o=$BATS_TEST_TMPDIR/o
	mkdir -p "$o/data"
	echo keep >"$o/mine.svg"
	echo stale >"$o/data/secondary.ndjson"
	echo stale >"$o/secondary.svg"
	run_split "$TOP/examples/pictures.sh" --artifacts "$B" --out "$o" --bootstrap-iterations 100
	assert_success
	assert_equal "$(cat "$o/mine.svg")" keep
	if [ -s "$O/data/secondary.ndjson" ]; then
		run grep -c stale "$o/data/secondary.ndjson" "$o/secondary.svg"
		assert_output "$o/data/secondary.ndjson:0
$o/secondary.svg:0"
	else
		[ ! -e "$o/data/secondary.ndjson" ] && [ ! -e "$o/secondary.svg" ]
	fi
	# 100 resamples: the same points, other intervals
	run jq -r '.iterations' "$o/data/primary.ndjson"
	assert_output "$(printf '100\n%.0s' $(seq 18))"
}
