#!/usr/bin/env bats
# examples/hallucination-provenance.sh and examples/recovered-scoring.sh:
# the reference's two provenance scripts.  Fixture bundles, receipts, error
# lines and exit statuses from tests/gen/gen_provenance_golden.py.

load test_helper

G="$TOP/tests/golden/provenance"
HALL="$TOP/examples/hallucination-provenance.sh"
REC="$TOP/examples/recovered-scoring.sh"
NOTE='recovered-scoring.sh: arithmetic recomputed by sfb; the recorded Python was verified by hash, not run'

setup_file() {
	zstd -dc "$TOP/tests/golden/provenance/bundles.tar.zst" | tar -x -C "$BATS_FILE_TMPDIR"
}

setup() {
	for p in sfb-rows sfb-refusal sfb-extract-labels sfb-jaccard; do
		command -v "$p" >/dev/null || skip "$p is not built"
	done
	F=$BATS_FILE_TMPDIR
}

# A writable copy of case $1 in $B.
copy_case() {
	B=$BATS_TEST_TMPDIR/$1
	cp -r "$F/$1" "$B"
}

# Run check $1 (hall or rec) on bundle directory $2 with its own pins and
# compare with the golden of case $3.
check() {
	local tool=$HALL pins=hall.pins
	[ "$1" = hall ] || { tool=$REC; pins=rec.pins; }
	run_split "$tool" --artifacts "$2/artifacts" --code-root "$2/code" --pins "$2/$pins" "${@:4}"
	[ "$status" -eq "$(cat "$G/$3.$1.rc")" ]
	[ "$output" = "$(cat "$G/$3.$1.out")" ]
	local err
	err=$(cat "$G/$3.$1.err")
	if [ "$1" = rec ] && [ -s "$G/$3.$1.out" ]; then
		err=$NOTE
	fi
	assert_stderr "$err"
}

@test "success: both receipts byte for byte, exit 0" {
	check hall "$F/ok" ok
	check rec "$F/ok" ok
	# Python's json.dumps layout, not jq's: floats with their .0.
	run grep -c '"absolute_error": 0.0,$' "$G/ok.hall.out"
	[ "$output" -gt 0 ]
}

@test "the inner bundle root gives the same receipts" {
	for t in hall rec; do
		pins=$F/ok/$t.pins
		tool=$HALL
		[ $t = hall ] || tool=$REC
		run_split "$tool" --artifacts "$F/ok/artifacts/artifacts" --code-root "$F/ok/code" --pins "$pins"
		assert_success
		[ "$output" = "$(cat "$G/ok.$t.out")" ]
	done
}

@test "a small bundle: hallucination verified; recovered not (sources are not the 1000 of the core)" {
	check hall "$F/small" small
	check rec "$F/small" small
	run jq '.models[] | .input_source_count' "$G/small.rec.out"
	[ "${lines[0]}" = 13 ]
}

@test "a duplicate surviving role: an error here, the later row wins there" {
	check hall "$F/dup" dup
	check rec "$F/dup" dup
	[ "$(cat "$G/dup.hall.err")" = '{"verified": false, "error": "Duplicate surviving pair-role entry: qwen2.5-vl/vindr_00000000__young_female/generated"}' ]
}

@test "a model missing from the frozen summary" {
	check hall "$F/missing_model" missing_model
	check rec "$F/missing_model" missing_model
	assert_stderr "KeyError: 'radfm'"
}

@test "a model missing from the panels: eight models, not verified" {
	check hall "$F/eight" eight
	check rec "$F/eight" eight
	run jq '.model_count, .verified' "$G/eight.hall.out"
	[ "$output" = $'8\nfalse' ]
}

@test "an empty model: every generated report refused" {
	check hall "$F/empty_model" empty_model
	assert_stderr 'ZeroDivisionError: float division by zero'
	check rec "$F/empty_model" empty_model
}

@test "every pathology list empty: the recovered code disables the endpoint" {
	check hall "$F/all_empty" all_empty
	check rec "$F/all_empty" all_empty
	assert_stderr 'ZeroDivisionError: float division by zero'
}

@test "a source without pathology_labels: a KeyError for the pair_id join only" {
	check hall "$F/no_truth" no_truth
	check rec "$F/no_truth" no_truth
}

@test "a hash mismatch in each pinned file, outer and inner root, fails first in the reference's order" {
	for t in hall rec; do
		while IFS=$'\t' read -r file name want; do
			for inner in "" /artifacts; do
				copy_case small
				printf ' ' >>"$B/$file"
				tool=$HALL
				[ $t = hall ] || tool=$REC
				run_split "$tool" --artifacts "$B/artifacts$inner" --code-root "$B/code" --pins "$B/$t.pins"
				assert_failure 1
				assert_output ''
				assert_stderr "$want"
				rm -rf "$B"
			done
		done <"$G/mismatch.$t"
	done
}

@test "a missing file: Python's open() error with the path as given" {
	copy_case small
	rm "$B/artifacts/artifacts/Results/final_inputs/panels/baseline_only_retained/pairs.json"
	p="$B/artifacts/artifacts/Results/final_inputs/panels/baseline_only_retained/pairs.json"
	run_split "$HALL" --artifacts "$B/artifacts/" --code-root "$B/code" --pins "$B/hall.pins"
	assert_failure 1
	assert_output ''
	assert_stderr "{\"verified\": false, \"error\": \"[Errno 2] No such file or directory: '$p'\"}"
	run_split "$REC" --artifacts "$B/artifacts" --code-root "$B/code" --pins "$B/rec.pins"
	assert_failure 1
	assert_stderr "FileNotFoundError: [Errno 2] No such file or directory: '$p'"
	run_split "$HALL" --artifacts "$B/artifacts" --code-root "$B/code" --pins "$B/hall.pins" \
		--recorded-source-root "$B/nowhere"
	assert_failure 1
	assert_stderr "{\"verified\": false, \"error\": \"[Errno 2] No such file or directory: '$B/nowhere/analyze.py'\"}"
}

@test "without --pins the reference's hashes apply: a synthetic bundle fails on its first file" {
	run_split "$HALL" --artifacts "$F/small/artifacts" --code-root "$F/small/code"
	assert_failure 1
	assert_output ''
	assert_stderr '{"verified": false, "error": "SHA-256 mismatch: analyze.py"}'
	run_split "$REC" --artifacts "$F/small/artifacts" --code-root "$F/small/code"
	assert_failure 1
	assert_stderr 'ValueError: Input SHA-256 mismatch: Results/analysis/common_core_1000_summary.json'
}

@test "--output writes the receipt too; an output in a missing directory fails" {
	check hall "$F/ok" ok --output "$BATS_TEST_TMPDIR/h.json"
	cmp "$BATS_TEST_TMPDIR/h.json" "$G/ok.hall.out"
	check rec "$F/ok" ok --output "$BATS_TEST_TMPDIR/r.json"
	cmp "$BATS_TEST_TMPDIR/r.json" "$G/ok.rec.out"
	run_split "$HALL" --artifacts "$F/small/artifacts" --code-root "$F/small/code" \
		--pins "$F/small/hall.pins" --output "$BATS_TEST_TMPDIR/no/h.json"
	assert_failure 1
	assert_output ''
	assert_stderr "{\"verified\": false, \"error\": \"[Errno 2] No such file or directory: '$BATS_TEST_TMPDIR/no/h.json'\"}"
}

@test "usage errors and bad pins files exit 2" {
	run_split "$HALL" --code-root "$F/small/code"
	assert_failure 2
	assert_output ''
	[[ $stderr == *'the following arguments are required: --artifacts'* ]]
	run_split "$REC" --artifacts "$F/small/artifacts" --bogus x
	assert_failure 2
	[[ $stderr == *'unknown option: --bogus'* ]]
	run_split "$HALL" --artifacts "$F/small/artifacts" --pins
	assert_failure 2
	[[ $stderr == *'--pins needs a value'* ]]
	copy_case small
	sed -i '2s/^./x/' "$B/hall.pins"
	run_split "$HALL" --artifacts "$B/artifacts" --pins "$B/hall.pins"
	assert_failure 2
	[[ $stderr == *"hall.pins:2: malformed line"* ]]
	run_split "$HALL" --artifacts "$B/artifacts" --pins "$B/rec.pins"
	assert_failure 2
	[[ $stderr == *"not a file this check pins: freeze_runs/2026-04-09/evaluation_source_subset_core1000.json"* ]]
	sed -n '1,4p' "$F/small/hall.pins" >"$B/short.pins"
	run_split "$HALL" --artifacts "$B/artifacts" --pins "$B/short.pins"
	assert_failure 2
	[[ $stderr == *"no pin for data/annotations.py"* ]]
	run_split "$HALL" --help
	assert_success
	[[ $output == 'usage: hallucination-provenance.sh --artifacts DIR'* ]]
}

@test "sfb-synth's bundle: its pins verify, hallucination-provenance verifies, recovered-scoring counts the sources" {
	command -v sfb-synth >/dev/null || skip "sfb-synth is not built"
	S=$BATS_TEST_TMPDIR/synth
	sfb-synth --out "$S/artifacts" --code-root "$S/code" >/dev/null
	# Each pin is the file's SHA-256, names relative to the inner root
	# and the recorded source root.
	for c in hallucination-provenance:historical recovered-scoring:later; do
		while read -r hex name; do
			case $name in
			Results/* | freeze_runs/*) f=$S/artifacts/artifacts/$name ;;
			*) f=$S/code/provenance/${c#*:}_scoring_source/spinefairbench/$name ;;
			esac
			[ "$(sha256sum <"$f" | cut -c1-64)" = "$hex" ]
		done <"$S/code/provenance/${c%%:*}.sha256"
	done
	run_split "$HALL" --artifacts "$S/artifacts" --code-root "$S/code" \
		--pins "$S/code/provenance/hallucination-provenance.sha256"
	assert_success
	assert_stderr ''
	[ "$(printf '%s\n' "$output" | jq -c '[.model_count, .all_denominators_match, .verified, .max_absolute_error <= 1e-12]')" = '[9,true,true,true]' ]
	n=$(jq '.source_ids | length' "$S/artifacts/artifacts/freeze_runs/2026-04-09/evaluation_source_subset_core1000.json")
	run_split "$REC" --artifacts "$S/artifacts" --code-root "$S/code" \
		--pins "$S/code/provenance/recovered-scoring.sha256"
	assert_failure 1
	assert_stderr "$NOTE"
	[ "$(printf '%s\n' "$output" | jq -c "[.all_denominators_match, .verified, ([.models[] | .input_source_count == $n and .input_sources_outside_core_count == 0] | all), (.models | length)]")" = '[true,false,true,9]' ]
}

@test "the receipts' sums are math.fsum's, on differences of shares and on other doubles" {
	. "$TOP/examples/lib.sh"
	run_split jq -r "$JQLIB$JQPROV"'(.x | fsum) as $s | if $s == .fsum then "ok" else "\(.x | length) values: \($s) != \(.fsum)" end' \
		"$G/fsum.ndjson"
	assert_success
	[ "$(printf '%s\n' "$output" | sort -u)" = ok ]
}
