#!/usr/bin/env bats
# examples/report.sh on the default synthetic bundle, with a scored
# submission, opened in headless Chromium (tests/browser.js, the DevTools
# protocol over a pipe): the page loads with no error and no script, every
# image renders, every number on the page is the NDJSON value it names
# (file, line, key), written as the page's format says, and the page holds
# every line of the views' NDJSON.

load test_helper
load views_helper

REPORT_PROGS="sfb-synth sfb-score sfb-pair sfb-refusal sfb-extract-labels sfb-rec-bucket sfb-jaccard sfb-cluster-boot"

setup_file() {
	local p b=$BATS_FILE_TMPDIR/b
	for p in $REPORT_PROGS gnuplot node; do
		command -v "$p" >/dev/null || return 0
	done
	[ -x "${CHROMIUM:-/usr/bin/chromium}" ] || return 0
	sfb-synth --out "$b/artifacts" --code-root "$b/code-root" >/dev/null
	sfb-score --artifacts "$b/artifacts" --submission "$b/artifacts/metrics/toy_submission.json" \
		--output "$b/score.json" --scope toy --bootstrap-iterations 1000 >/dev/null
	"$TOP/examples/report.sh" --artifacts "$b/artifacts" --out "$BATS_FILE_TMPDIR/out" \
		--score "$b/score.json" >"$BATS_FILE_TMPDIR/report.stdout" 2>"$BATS_FILE_TMPDIR/report.stderr" ||
		echo $? >"$BATS_FILE_TMPDIR/report.status"
	node "$TOP/tests/browser.js" "$BATS_FILE_TMPDIR/out/index.html" >"$BATS_FILE_TMPDIR/page.json" \
		2>"$BATS_FILE_TMPDIR/page.stderr" || echo $? >"$BATS_FILE_TMPDIR/page.status"
}

setup() {
	local p
	for p in $REPORT_PROGS gnuplot node; do
		command -v "$p" >/dev/null || skip "$p is not on PATH"
	done
	[ -x "${CHROMIUM:-/usr/bin/chromium}" ] || skip "chromium is not installed"
	B=$BATS_FILE_TMPDIR/b
	O=$BATS_FILE_TMPDIR/out
	PAGE=$BATS_FILE_TMPDIR/page.json
}

@test "report.sh: exit 0, the page's path on stdout, a note per view left out" {
	[ ! -e "$BATS_FILE_TMPDIR/report.status" ] || fail "exit $(cat "$BATS_FILE_TMPDIR/report.status")"
	assert_equal "$(cat "$BATS_FILE_TMPDIR/report.stdout")" "$O/index.html"
	assert_equal "$(cat "$BATS_FILE_TMPDIR/report.stderr")" "$(expected_notes report.sh)"
}

@test "the page loads in Chromium with no error, no script and no network" {
	[ ! -e "$BATS_FILE_TMPDIR/page.status" ] || fail "browser.js: $(cat "$BATS_FILE_TMPDIR/page.stderr")"
	run jq -c '.errors' "$PAGE"
	assert_output '[]'
	run jq '.scripts' "$PAGE"
	assert_output 0
	run jq -r '.title' "$PAGE"
	assert_output 'SpineFairBench report — sfb'
	# Nothing the page loads or links to is on the network.
	run grep -Eo '(src|href)="[a-z]+:[^"]*"' "$O/index.html"
	assert_failure
	run grep -c "Content-Security-Policy\" content=\"default-src 'none'; img-src 'self'; style-src 'unsafe-inline'\"" "$O/index.html"
	assert_output 1
}

@test "every section is there, in order; the views not built say why" {
	local want="table2 by-edit per-pathology flips secondary paired score data"
	run jq -r '.sections | join(" ")' "$PAGE"
	assert_output "$want"
	command -v sfb-flips >/dev/null ||
		grep -q '<p class="note">Left out: sfb-flips not on PATH.</p>' "$O/index.html"
	command -v sfb-severity >/dev/null ||
		grep -q '<p class="note">Left out: sfb-severity, sfb-hedging, sfb-truth or sfb-hallucination not on PATH.</p>' "$O/index.html"
}

@test "every image renders with a non-zero size, from a file beside the page" {
	run jq -r '.images[] | "\(.src) \(.complete) \(.naturalWidth > 0 and .naturalHeight > 0) \(.width > 0 and .height > 0)"' "$PAGE"
	assert_success
	assert_line 'primary.svg true true true'
	assert_line 'by-edit.svg true true true'
	refute_line --partial false
	for f in $(jq -r '.images[].src' "$PAGE"); do
		[ -s "$O/$f" ] || fail "$f is not beside the page"
	done
	if command -v sfb-flips >/dev/null; then
		assert_line 'flips.svg true true true'
		assert_line 'flips-recs.svg true true true'
	fi
	if [ -s "$O/data/secondary.ndjson" ]; then
		assert_line 'secondary.svg true true true'
	fi
}

# Every number element of the page with the value its data-src, data-line
# and data-key name, tab-separated: format, the value in its title, text,
# file, line, key, the value in the NDJSON.
page_numbers() {
	local f
	for f in "$O"/data/*.ndjson; do
		jq -c --arg f "data/${f##*/}" -s '{($f): .}' "$f"
	done | jq -s add >"$BATS_TEST_TMPDIR/all.json"
	jq -r --slurpfile all "$BATS_TEST_TMPDIR/all.json" '$all[0] as $all | .numbers[] | .key as $k
		| [.fmt, (.title | split(" ")[0]), .text, .src, (.line | tostring), .key,
		   ($all[.src][.line - 1] | getpath($k | split(".")) // "missing" | tostring)]
		| @tsv' "$PAGE"
}

@test "every number on the page is the NDJSON value it names, as its format writes it" {
	local n=0 bad
	page_numbers >"$BATS_TEST_TMPDIR/numbers"
	n=$(wc -l <"$BATS_TEST_TMPDIR/numbers")
	[ "$n" -gt 400 ] || fail "only $n numbers"
	bad=$(awk -F '\t' '
		{
			fmt = $1; title = $2; text = $3; value = $7
			if (value == "missing") { print "missing: " $4 ":" $5 " " $6; next }
			# the title carries the full value, as the NDJSON has it
			if (title + 0 != value + 0) print "title " title " != " value " at " $4 ":" $5 " " $6
			if (fmt == "d") want = value
			else if (fmt == "g") want = sprintf("%.4g", value)
			else want = sprintf("%." fmt "f", value)
			if (text != want) print "text " text " != " want " at " $4 ":" $5 " " $6
		}' "$BATS_TEST_TMPDIR/numbers")
	assert_equal "$bad" ""
}

@test "the page shows every line of the views' NDJSON" {
	local f lines shown
	page_numbers >"$BATS_TEST_TMPDIR/numbers"
	for f in counts primary frozen by-edit score flips flips-recs secondary paired per-pathology; do
		[ -s "$O/data/$f.ndjson" ] || continue
		lines=$(wc -l <"$O/data/$f.ndjson")
		shown=$(awk -F '\t' -v f="data/$f.ndjson" '$4 == f { print $5 }' "$BATS_TEST_TMPDIR/numbers" | sort -u | wc -l)
		assert_equal "$f $shown" "$f $lines"
	done
	# each primary endpoint: point and both bounds, recomputed and frozen
	run awk -F '\t' '$4 == "data/primary.ndjson" || $4 == "data/frozen.ndjson" { print $4, $6 }' "$BATS_TEST_TMPDIR/numbers"
	assert_equal "$(echo "$output" | sort | uniq -c | awk '$2 != "data/frozen.ndjson" || $3 != "point_estimate" { print $1, $2, $3 }')" "18 data/frozen.ndjson ci95.lower
18 data/frozen.ndjson ci95.upper
18 data/primary.ndjson ci95.lower
18 data/primary.ndjson ci95.upper
18 data/primary.ndjson point_estimate"
}

@test "Table 2 shows each model's recomputed row matching the frozen summary" {
	run grep -c '<td class="ok">matches</td>' "$O/index.html"
	assert_output 9
	run grep -c '<td class="bad">' "$O/index.html"
	assert_output 0
	grep -q '<p class="verdict ok">Recomputed from the retained reports, Table 2 matches the frozen summary for <b>9 of 9</b> models (point estimates, 95% CIs and usable-pair counts within 1e-12).</p>' "$O/index.html"
}

@test "each section says how its numbers were made" {
	run grep -c '<details class="how"><summary>How these numbers were made</summary>' "$O/index.html"
	[ "$output" -ge 3 ]
	grep -q "sfb-cluster-boot -n 10000 -s 42 --by edit_label scored/\$MODEL" "$O/index.html"
	grep -q 'sfb-pair \$P/evaluation_results.json |' "$O/index.html"
	grep -q 'sfb-score --artifacts' "$O/index.html"
}

@test "a frozen summary that differs shows the row as differing" {
	local s=$BATS_TEST_TMPDIR/b/artifacts/artifacts/Results/analysis/common_core_1000_summary.json
	cp -a "$B" "$BATS_TEST_TMPDIR/b"
	jq '.panels.baseline.models.radfm.primary_secondary_stats.diagnostic_label.mean += 1e-9' "$s" >"$s.new"
	mv "$s.new" "$s"
	run_split "$TOP/examples/report.sh" --artifacts "$BATS_TEST_TMPDIR/b/artifacts" --out "$BATS_TEST_TMPDIR/o"
	assert_success
	assert_output "$BATS_TEST_TMPDIR/o/index.html"
	run grep -c '<td class="bad">differs</td>' "$BATS_TEST_TMPDIR/o/index.html"
	assert_output 1
	run grep -c '<td class="ok">matches</td>' "$BATS_TEST_TMPDIR/o/index.html"
	assert_output 8
	grep -q '<p class="verdict bad">Recomputed from the retained reports, Table 2 matches the frozen summary for <b>8 of 9</b> models' "$BATS_TEST_TMPDIR/o/index.html"
}

@test "report.sh: usage errors and a missing summary" {
	run_split "$TOP/examples/report.sh" --artifacts "$B/artifacts"
	assert_equal "$status" 2
	assert_output ''
	assert_equal "$stderr" "report.sh: --out DIR is required
usage: report.sh --out DIR [--artifacts DIR] [--score SCORE_JSON] [--bootstrap-iterations N] [--seed S]"
	run_split "$TOP/examples/report.sh" --out "$BATS_TEST_TMPDIR/o" --score "$BATS_TEST_TMPDIR/none.json"
	assert_equal "$status" 2
	assert_equal "${stderr%%$'\n'*}" "report.sh: --score: no such file: $BATS_TEST_TMPDIR/none.json"
	run_split "$TOP/examples/report.sh" --out "$BATS_TEST_TMPDIR/o" extra
	assert_equal "$status" 2
	assert_equal "${stderr%%$'\n'*}" "report.sh: unexpected argument: extra"
	run_split "$TOP/examples/report.sh" --artifacts "$BATS_TEST_TMPDIR/nothing" --out "$BATS_TEST_TMPDIR/o"
	assert_equal "$status" 1
	assert_output ''
	assert_equal "$(echo "$stderr" | grep -v 'left out')" \
		"Missing required artifact: artifacts/Results/analysis/common_core_1000_summary.json"
	[ ! -e "$BATS_TEST_TMPDIR/o/index.html" ]
}

@test "the scored submission is a row of the primary forest plot, with its numbers" {
	run sh -c 'xmllint --xpath "//*[local-name()=\"text\"]" "$1" | sed "s/<[^>]*>/\n/g"' sh "$O/primary.svg"
	assert_success
	assert_line 'toy-example-model'
	assert_line 'submission'
	while read -r l; do
		assert_line "$l"
	done < <(jq -r '[.point_estimate, .ci95.lower, .ci95.upper] | map(tostring) | join(" ")' "$O/data/score.ndjson" |
		awk '{ printf "%.3f [%.3f, %.3f]\n", $1, $2, $3 }')
	run jq -r '.model' "$O/data/score.ndjson"
	assert_output "$(printf 'toy-example-model\ntoy-example-model')"
}
