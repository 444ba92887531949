#!/usr/bin/env bats
# sfb-score: every case under tests/golden/score/cases was scored by the
# independent Python scorer tests/gen/gen_score_golden.py (re + json +
# NumPy); status, standard output, standard error and the score file must
# match it byte for byte (SOURCE_DATE_EPOCH fixes scored_at_utc).

load test_helper

G="$BATS_TEST_DIRNAME/golden/score"
EPOCH=1780000000

# $1 with the placeholders of a golden file replaced.
subst() {
	local s="$1"
	s=${s//@ARTIFACTS@/$A}
	s=${s//@SUBMISSION@/$G/cases/$CASE/submission.json}
	s=${s//@OUTPUT@/$OUT}
	s=${s//@PINS@/$PINS}
	s=${s//@GOLDEN@/$GD}
	printf '%s' "$s"
}

# Set up the paths of golden case $1 and its argument list in ARGS.
setup_case() {
	local b x
	CASE=$1
	b=$(cat "$G/cases/$CASE/bundle")
	A=$(cd "$G/bundles/$b" && pwd -P)
	PINS=$(cd "$G/bundles" && pwd -P)/$b.pins
	GD=$(cd "$G" && pwd -P)
	OUT="$BATS_TEST_TMPDIR/out/score.json"
	ARGS=()
	while IFS= read -r x; do
		ARGS+=("$(subst "$x")")
	done <"$G/cases/$CASE/args"
}

# A file's exact contents with placeholders replaced (trailing newlines kept).
expected() {
	local s
	s="$(cat "$1"; printf x)"
	subst "${s%x}"
}

# Run golden case $1 and compare everything.
golden() {
	setup_case "$1"
	SOURCE_DATE_EPOCH=$EPOCH run_split sfb-score "${ARGS[@]}"
	assert_equal "$status" "$(cat "$G/cases/$CASE/status")"
	assert_equal "$output" "$(expected "$G/cases/$CASE/stdout")"
	assert_stderr "$(expected "$G/cases/$CASE/stderr")"
	if [ -f "$G/cases/$CASE/score.json" ]; then
		expected "$G/cases/$CASE/score.json" >"$BATS_TEST_TMPDIR/want.json"
		cmp "$BATS_TEST_TMPDIR/want.json" "$OUT" ||
			diff "$BATS_TEST_TMPDIR/want.json" "$OUT" | head -20
		cmp -s "$BATS_TEST_TMPDIR/want.json" "$OUT"
	else
		# No output file, not even its directory.
		[ ! -e "$BATS_TEST_TMPDIR/out" ]
	fi
}

@test "common-core-1000: complete submission, pinned by --pins" {
	golden core_complete
}

@test "--diagnostic-seed alone changes only the diagnostic interval" {
	golden core_diag_seed_only
}

@test "--allow-partial scores a partial submission and warns" {
	golden core_partial
}

@test "a partial submission without --allow-partial is refused" {
	golden core_partial_refused
}

@test "--seed, --recommendation-seed and --diagnostic-seed (above 2^32)" {
	golden core_seeds
}

@test "non-ASCII model name and fields are echoed with Python's escapes" {
	golden core_unicode_model
}

@test "all-model-intersection-2166: complete submission" {
	golden inter_complete
}

@test "--bootstrap-iterations 0 fails after scoring, as the reference" {
	golden iterations_zero
}

@test "no usable pair is reported before bad iterations" {
	golden iterations_zero_no_usable
}

@test "lone surrogates and U+0000 in reports and model fields" {
	golden lone_surrogates
}

@test "common core: sources absent from the QC manifest (first 5 sorted)" {
	golden m_core_absent
}

@test "common core: actual_n differs from the count" {
	golden m_core_count
}

@test "common core: actual_n true is not an int" {
	golden m_core_count_bool
}

@test "common core: actual_n 2.0 is not an int" {
	golden m_core_count_float
}

@test "common core: actual_n missing" {
	golden m_core_count_missing
}

@test "common core: actual_n a string" {
	golden m_core_count_string
}

@test "common core: duplicate source_id" {
	golden m_core_duplicate
}

@test "common core: empty source_ids" {
	golden m_core_empty
}

@test "common core: pinned manifest missing" {
	golden m_core_file_missing
}

@test "common core: a null source_id" {
	golden m_core_invalid
}

@test "common core: source_ids not a list" {
	golden m_core_no_list
}

@test "common core: document not an object" {
	golden m_core_not_object
}

@test "common core: a source_id with surrounding space" {
	golden m_core_padded
}

@test "intersection: pair ids absent from the QC manifest (first 5 sorted)" {
	golden m_inter_absent
}

@test "intersection: the common core is checked too" {
	golden m_inter_core_invalid
}

@test "intersection: pair_count differs from the count" {
	golden m_inter_count
}

@test "intersection: pair_count 1e0 is not an int" {
	golden m_inter_count_exp
}

@test "intersection: duplicate pair_id" {
	golden m_inter_duplicate
}

@test "intersection: pinned manifest missing" {
	golden m_inter_file_missing
}

@test "intersection: records not a list" {
	golden m_inter_no_list
}

@test "intersection: document not an object" {
	golden m_inter_not_object
}

@test "intersection: pair ids outside the common core" {
	golden m_inter_outside_core
}

@test "intersection: record identity mismatch" {
	golden m_inter_record_identity
}

@test "intersection: a record that is not an object" {
	golden m_inter_record_null
}

@test "small bundle: common-core-1000" {
	golden m_ok_core
}

@test "small bundle: all-model-intersection-2166" {
	golden m_ok_inter
}

@test "small bundle: qc-passed" {
	golden m_ok_qc
}

@test "QC manifest: duplicate pair_id" {
	golden m_qc_duplicate
}

@test "QC manifest: only blank lines" {
	golden m_qc_empty
}

@test "QC manifest missing (toy scope)" {
	golden m_qc_missing
}

@test "QC manifest missing (named scope: pin check first)" {
	golden m_qc_missing_named
}

@test "QC manifest: passed_qc 1 is not true" {
	golden m_qc_not_passed
}

@test "QC manifest: passed_qc missing" {
	golden m_qc_passed_missing
}

@test "QC manifest: a row that is not an object" {
	golden m_qc_row_array
}

@test "QC manifest: unknown edit label" {
	golden m_qc_row_edit
}

@test "QC manifest: edit label not a string" {
	golden m_qc_row_edit_type
}

@test "QC manifest: pair_id not source__edit" {
	golden m_qc_row_identity
}

@test "QC manifest: blank source_id" {
	golden m_qc_row_source_blank
}

@test "QC manifest: padded source_id" {
	golden m_qc_row_source_padded
}

@test "missing pairs: first 10 as a Python list" {
	golden missing_many
}

@test "missing pairs: one" {
	golden missing_one
}

@test "every pair a full refusal" {
	golden no_usable_pairs
}

@test "pair ids outside common-core-1000 (first 10 sorted)" {
	golden outside_scope
}

@test "pair ids outside the intersection" {
	golden outside_scope_inter
}

@test "--pins without the intersection entry serves common-core" {
	golden pins_core_only_ok
}

@test "--pins: common-core manifest mismatch" {
	golden pins_mismatch_core
}

@test "--pins: intersection manifest mismatch" {
	golden pins_mismatch_inter
}

@test "--pins lacking a needed entry" {
	golden pins_missing_entry
}

@test "built-in release pins reject a synthetic bundle (common core)" {
	golden pins_release_core
}

@test "built-in release pins reject a synthetic bundle (intersection)" {
	golden pins_release_inter
}

@test "--pins: upper-case hex, binary marker, unrelated entries" {
	golden pins_upper_binary
}

@test "qc-passed: complete submission, not a frozen panel scope" {
	golden qc_complete
}

@test "duplicate keys, escapes and number forms in the raw submission" {
	golden raw_duplicates
}

@test "--scope common-core-1000 overrides the submission's toy" {
	golden scope_override_core
}

@test "--scope qc-passed with --allow-partial" {
	golden scope_override_partial
}

@test "--scope toy overrides the submission's common-core-1000" {
	golden scope_override_toy
}

@test "full refusals are excluded and counted" {
	golden some_full_refusals
}

@test "declared source_id mismatch (first in pair_id order)" {
	golden source_id_mismatch
}

@test "declared source_id mismatch uses Python's repr" {
	golden source_id_mismatch_repr
}

@test "toy scope, 5 pairs, 1000 resamples" {
	golden toy
}

@test "toy scope, one resample" {
	golden toy_one_iteration
}

@test "a pretty-printed submission with raw UTF-8 and CRLF line ends" {
	golden toy_pretty_utf8
}

@test "toy: unknown pair ids" {
	golden toy_unknown
}

@test "toy: unknown pair ids (first 5 sorted)" {
	golden toy_unknown_many
}

@test "validation: counterfactual_report a list" {
	golden v_counterfactual_report_list
}

@test "validation: counterfactual_report null" {
	golden v_counterfactual_report_null
}

@test "validation: results entry not an object" {
	golden v_entry_not_object
}

@test "validation: unsupported keys as a sorted Python list" {
	golden v_entry_unsupported_keys
}

@test "validation: the first failing check is reported" {
	golden v_first_error_wins
}

@test "validation: metadata a list" {
	golden v_metadata_list
}

@test "validation: metadata a string" {
	golden v_metadata_string
}

@test "validation: model missing" {
	golden v_model_missing
}

@test "validation: model.name only Unicode spaces" {
	golden v_model_name_blank
}

@test "validation: model.name missing" {
	golden v_model_name_missing
}

@test "validation: model.name a number" {
	golden v_model_name_number
}

@test "validation: model a string" {
	golden v_model_string
}

@test "validation: submission not an object" {
	golden v_not_object
}

@test "validation: null source_id and metadata count as absent" {
	golden v_nulls_absent
}

@test "validation: pair_id only Unicode spaces" {
	golden v_pair_id_blank
}

@test "validation: duplicate pair_id" {
	golden v_pair_id_duplicate
}

@test "validation: duplicate pair_id with a lone surrogate, backslash-escaped on stderr" {
	golden v_pair_id_duplicate_surrogate
}

@test "validation: pair_id missing" {
	golden v_pair_id_missing
}

@test "validation: pair_id a number" {
	golden v_pair_id_number
}

@test "validation: results empty" {
	golden v_results_empty
}

@test "validation: results missing" {
	golden v_results_missing
}

@test "validation: results an object" {
	golden v_results_object
}

@test "validation: schema_version missing" {
	golden v_schema_missing
}

@test "validation: schema_version wrong" {
	golden v_schema_wrong
}

@test "validation: scope missing" {
	golden v_scope_missing
}

@test "validation: scope wrong case" {
	golden v_scope_wrong
}

@test "validation: a bad scope field fails even with --scope" {
	golden v_scope_wrong_with_override
}

@test "validation: source_id blank" {
	golden v_source_id_blank
}

@test "validation: source_id a number" {
	golden v_source_id_number
}

@test "validation: source_report only Python whitespace" {
	golden v_source_report_blank
}

@test "validation: source_report missing" {
	golden v_source_report_missing
}

@test "QC manifest: invalid JSON, Python's message (no position)" {
	golden m_qc_bad_json
}

@test "QC manifest: invalid JSON, Python's message: truncated after a key" {
	golden m_qc_bad_json_00
}

@test "QC manifest: invalid JSON, Python's message: no colon" {
	golden m_qc_bad_json_01
}

@test "QC manifest: invalid JSON, Python's message: no comma" {
	golden m_qc_bad_json_02
}

@test "QC manifest: invalid JSON, Python's message: unquoted key" {
	golden m_qc_bad_json_03
}

@test "QC manifest: invalid JSON, Python's message: control character after non-ASCII text" {
	golden m_qc_bad_json_04
}

@test "QC manifest: invalid JSON, Python's message: bad escape" {
	golden m_qc_bad_json_05
}

@test "QC manifest: invalid JSON, Python's message: short \\u escape at the end" {
	golden m_qc_bad_json_06
}

@test "QC manifest: invalid JSON, Python's message: bad \\u digit" {
	golden m_qc_bad_json_07
}

@test "QC manifest: invalid JSON, Python's message: bad low surrogate digit" {
	golden m_qc_bad_json_08
}

@test "QC manifest: invalid JSON, Python's message: extra data" {
	golden m_qc_bad_json_09
}

@test "QC manifest: invalid JSON, Python's message: trailing comma in an array" {
	golden m_qc_bad_json_10
}

@test "QC manifest: invalid JSON, Python's message: byte order mark" {
	golden m_qc_bad_json_11
}

@test "QC manifest: invalid JSON, Python's message: unterminated string" {
	golden m_qc_bad_json_12
}

@test "QC manifest: invalid JSON, Python's message: bad literal after non-ASCII key" {
	golden m_qc_bad_json_13
}

@test "QC manifest: invalid JSON, Python's message: lone minus" {
	golden m_qc_bad_json_14
}

@test "QC manifest: invalid JSON, Python's message: number ending in a dot" {
	golden m_qc_bad_json_15
}

@test "QC manifest: invalid JSON, Python's message: number ending in e" {
	golden m_qc_bad_json_16
}

@test "QC manifest: invalid JSON, Python's message: leading dot" {
	golden m_qc_bad_json_17
}

@test "QC manifest: invalid JSON, Python's message: leading zero" {
	golden m_qc_bad_json_18
}

@test "QC manifest: invalid JSON, Python's message: backslash at the end" {
	golden m_qc_bad_json_19
}

@test "QC manifest: invalid JSON, Python's message: \\u escape without a closing quote" {
	golden m_qc_bad_json_20
}

@test "QC manifest: invalid JSON, Python's message: unterminated array" {
	golden m_qc_bad_json_21
}

@test "QC manifest: invalid JSON, Python's message: bad value in a nested array" {
	golden m_qc_bad_json_22
}

@test "QC manifest: invalid JSON, Python's message: trailing comma in an object" {
	golden m_qc_bad_json_23
}

@test "QC manifest: invalid JSON, Python's message: a string with extra data" {
	golden m_qc_bad_json_24
}

@test "QC manifest: invalid JSON, Python's message: bad literal after an astral key" {
	golden m_qc_bad_json_25
}

@test "scored_at_utc is the current UTC time without SOURCE_DATE_EPOCH" {
	setup_case toy
	before=$(date -u +%s)
	run_split env -u SOURCE_DATE_EPOCH sfb-score "${ARGS[@]}"
	after=$(date -u +%s)
	assert_equal "$status" 0
	assert_stderr ""
	line=$(grep '"scored_at_utc"' "$OUT")
	[[ "$line" =~ ^\ \ \"scored_at_utc\":\ \"([0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2})\+00:00\",$ ]]
	t=$(date -u -d "${BASH_REMATCH[1]}" +%s)
	[ "$t" -ge "$before" ] && [ "$t" -le "$after" ]
	expected "$G/cases/toy/score.json" | grep -v '"scored_at_utc"' >"$BATS_TEST_TMPDIR/want"
	grep -v '"scored_at_utc"' "$OUT" | cmp - "$BATS_TEST_TMPDIR/want"
}

@test "an error leaves an existing output file untouched" {
	setup_case core_partial_refused
	mkdir -p "$BATS_TEST_TMPDIR/out"
	printf 'previous\n' >"$OUT"
	run_split sfb-score "${ARGS[@]}"
	assert_equal "$status" 2
	assert_equal "$(cat "$OUT")" previous
	assert_equal "$(ls -A "$BATS_TEST_TMPDIR/out")" score.json
}

@test "a relative --output is resolved, its directory created, and printed absolute" {
	setup_case toy
	cd "$BATS_TEST_TMPDIR"
	run_split sfb-score --artifacts "$A" --submission "$G/cases/toy/submission.json" \
		--output new/dir/../score.json --bootstrap-iterations 1000
	assert_equal "$status" 0
	assert_line --index 7 "Score JSON: $(pwd -P)/new/score.json"
	# As Python's Path.resolve(), "dir/.." is folded before anything exists.
	assert_equal "$(ls -A new)" score.json
}

@test "the score file replaces an existing one atomically, mode from umask" {
	setup_case toy
	mkdir -p "$BATS_TEST_TMPDIR/out"
	printf 'old\n' >"$OUT"
	(umask 027 && SOURCE_DATE_EPOCH=$EPOCH sfb-score "${ARGS[@]}" >/dev/null)
	expected "$G/cases/toy/score.json" | cmp - "$OUT"
	assert_equal "$(stat -c %a "$OUT")" 640
	assert_equal "$(ls -A "$BATS_TEST_TMPDIR/out")" score.json
}

@test "a submission that is not JSON" {
	setup_case toy
	printf '{"schema_version": ' >"$BATS_TEST_TMPDIR/bad.json"
	run_split sfb-score --artifacts "$A" --submission "$BATS_TEST_TMPDIR/bad.json" --output "$OUT"
	assert_equal "$status" 2
	assert_output ""
	[[ "$stderr" == "Scoring error: Submission is not valid JSON: "* ]]
	[ ! -e "$BATS_TEST_TMPDIR/out" ]
}

@test "a submission that cannot be read" {
	setup_case toy
	run_split sfb-score --artifacts "$A" --submission "$BATS_TEST_TMPDIR/none.json" --output "$OUT"
	assert_equal "$status" 2
	assert_output ""
	assert_stderr "Scoring error: Cannot read submission $BATS_TEST_TMPDIR/none.json: No such file or directory"
	[ ! -e "$BATS_TEST_TMPDIR/out" ]
}

@test "--pins: a file that cannot be read" {
	setup_case toy
	run_split sfb-score --artifacts "$A" --submission "$G/cases/toy/submission.json" \
		--output "$OUT" --pins "$BATS_TEST_TMPDIR/none.pins"
	assert_equal "$status" 2
	assert_stderr "Scoring error: Cannot read pins file: $BATS_TEST_TMPDIR/none.pins"
	[ ! -e "$BATS_TEST_TMPDIR/out" ]
}

@test "--pins: a malformed line" {
	setup_case core_complete
	{ head -n 1 "$PINS"; printf '\n  \nabc  dataset/x\n'; } >"$BATS_TEST_TMPDIR/bad.pins"
	run_split sfb-score --artifacts "$A" --submission "$G/cases/core_complete/submission.json" \
		--output "$OUT" --pins "$BATS_TEST_TMPDIR/bad.pins"
	assert_equal "$status" 2
	assert_stderr "Scoring error: Malformed SHA-256 manifest entry at line 4"
	[ ! -e "$BATS_TEST_TMPDIR/out" ]
}

@test "--pins is not consulted for the toy and qc-passed scopes" {
	setup_case toy
	printf '%064d  %s\n' 0 dataset/qc_passed_pair_manifest.jsonl >"$BATS_TEST_TMPDIR/zero.pins"
	SOURCE_DATE_EPOCH=$EPOCH run_split sfb-score "${ARGS[@]}" --pins "$BATS_TEST_TMPDIR/zero.pins"
	assert_equal "$status" 0
	expected "$G/cases/toy/score.json" | cmp - "$OUT"
}

@test "usage: no arguments" {
	run_split sfb-score
	assert_equal "$status" 2
	assert_output ""
	assert_equal "${stderr%%$'\n'*}" "sfb-score: --artifacts, --submission and --output are required"
	[[ "$stderr" == *"usage: sfb-score --artifacts DIR --submission FILE --output FILE"* ]]
}

@test "usage: --help on standard output" {
	run_split sfb-score --help
	assert_equal "$status" 0
	assert_stderr ""
	assert_line --index 0 --partial "usage: sfb-score --artifacts DIR"
}

@test "usage: --version" {
	run_split sfb-score --version
	assert_equal "$status" 0
	assert_stderr ""
	[[ "$output" =~ ^sfb-score\ \(sfb\)\ [0-9] ]]
}

@test "usage: unknown option" {
	run_split sfb-score --frobnicate
	assert_equal "$status" 2
	assert_output ""
	[[ "$stderr" == *"usage: sfb-score"* ]]
}

@test "usage: an operand is refused" {
	setup_case toy
	run_split sfb-score "${ARGS[@]}" extra
	assert_equal "$status" 2
	[[ "$stderr" == "usage: sfb-score"* ]]
	[ ! -e "$BATS_TEST_TMPDIR/out" ]
}

@test "usage: --scope must be one of the four scopes" {
	setup_case toy
	run_split sfb-score "${ARGS[@]}" --scope everything
	assert_equal "$status" 2
	assert_equal "${stderr%%$'\n'*}" "sfb-score: --scope: invalid choice: 'everything' (choose from 'all-model-intersection-2166', 'common-core-1000', 'qc-passed', 'toy')"
	[ ! -e "$BATS_TEST_TMPDIR/out" ]
}

@test "usage: --bootstrap-iterations must be an integer" {
	setup_case toy
	for v in 1e3 '' ' 5' 5x 9223372036854775808; do
		run_split sfb-score "${ARGS[@]}" --bootstrap-iterations "$v"
		assert_equal "$status" 2
		assert_output ""
		assert_stderr "sfb-score: --bootstrap-iterations: expected an integer: '$v'"
	done
	[ ! -e "$BATS_TEST_TMPDIR/out" ]
}

@test "usage: seeds must be non-negative integers" {
	setup_case toy
	for opt in --seed --recommendation-seed --diagnostic-seed; do
		for v in -1 '' + 1.0 ' 1' 0x10 \
		    115792089237316195423570985008687907853269984665640564039457584007913129639936; do
			run_split sfb-score "${ARGS[@]}" "$opt" "$v"
			assert_equal "$status" 2
			assert_output ""
			assert_stderr "sfb-score: $opt: expected a non-negative integer: '$v'"
		done
	done
	[ ! -e "$BATS_TEST_TMPDIR/out" ]
}

@test "a retained panel scored as a submission reproduces the frozen summary" {
	d="$BATS_TEST_TMPDIR"
	sfb-synth --out "$d/artifacts" >/dev/null
	panel="$d/artifacts/artifacts/Results/final_inputs/panels/full_pipeline_retained"
	sfb-pair --model gpt-5.4 "$panel/evaluation_results.json" |
		jq -s '{schema_version: "spinefairbench-submission-v1",
			scope: "common-core-1000", model: {name: "gpt-5.4"},
			results: map({pair_id, source_id, source_report,
				counterfactual_report})}' >"$d/gpt.json"
	run_split sfb-score --artifacts "$d/artifacts" --submission "$d/gpt.json" \
		--output "$d/score.json" --pins "$d/artifacts/SHA256SUMS.txt"
	assert_equal "$status" 0
	assert_stderr ""
	# The summary's recommendation figures are agreement rates (1 - x);
	# SPEC 5 holds the two forms equal within 1e-12.
	jq -c '.panels.full.models["gpt-5.4"] |
		[.data_quality.pair_usable,
		 1 - .primary_secondary_stats.recommendation.agreement_rate,
		 1 - .primary_secondary_stats.recommendation.bootstrap_ci.upper,
		 1 - .primary_secondary_stats.recommendation.bootstrap_ci.lower,
		 .primary_secondary_stats.diagnostic_label.mean,
		 .primary_secondary_stats.diagnostic_label.bootstrap_ci.lower,
		 .primary_secondary_stats.diagnostic_label.bootstrap_ci.upper]' \
		"$d/artifacts/artifacts/Results/analysis/common_core_1000_summary.json" >"$d/want"
	jq -c '.primary_endpoints |
		[.recommendation_change_rate.n_pairs,
		 .recommendation_change_rate.point_estimate,
		 .recommendation_change_rate.ci95.lower,
		 .recommendation_change_rate.ci95.upper,
		 .diagnostic_label_consistency.point_estimate,
		 .diagnostic_label_consistency.ci95.lower,
		 .diagnostic_label_consistency.ci95.upper]' "$d/score.json" >"$d/got"
	run jq -n --slurpfile w "$d/want" --slurpfile g "$d/got" \
		'$w[0][0] == $g[0][0] and $w[0][0] > 0 and
		 ([range(1; 7) | ($w[0][.] - $g[0][.]) | fabs] | max) < 1e-12'
	assert_output true
	assert_equal "$(jq -r .artifact_identity.status "$d/score.json")" verified_frozen_scope
	assert_equal "$(jq -r .artifact_identity.pin_source "$d/score.json")" "$(cd "$d/artifacts" && pwd -P)/SHA256SUMS.txt"
}
