#!/bin/bash
# radiologist.sh - the public reader study: 2-of-3 majority per validated
# pair, 'Cannot tell' detectability answers and the row counts.
. "$(dirname "$0")/lib.sh"
USAGE='[--artifacts DIR] [--expect-pass N] [--expect-pairs N] [--expect-excluded N]
       [--expect-detectability N] [--expect-cannot-tell N] [--expect-per-reviewer N] [--expect-hidden N]'
OPTIONS='artifacts expect-pass expect-pairs expect-excluded expect-detectability expect-cannot-tell
	expect-per-reviewer expect-hidden'
OPT_expect_pass=443 OPT_expect_pairs=450 OPT_expect_excluded=7 OPT_expect_detectability=1350
OPT_expect_cannot_tell=1307 OPT_expect_per_reviewer=1380 OPT_expect_hidden=30
parse_args "$@"
[ ${#ARGS[@]} -eq 0 ] || usage_error "unexpected argument: ${ARGS[0]}"

V=validation_public
report=$(need validation_report_public_final_2026-04-28.json)
validated=$(need radiologist_validated_subset.json)
exclusions=$(need radiologist_exclusion_list.json)
manifest=$(need $V/validation_public_manifest.json)
detect=$(need $V/detectability_responses_public_2026-04-28.csv)
hidden=$(need $V/hidden_repeat_records_public_2026-04-28.csv)
pairs=$(need $V/validation_pair_results_public_2026-04-28.csv)
sfb-csv "$detect" >"$TMP/detect"
sfb-csv "$hidden" >"$TMP/hidden"
sfb-csv "$pairs" >"$TMP/pairs"
per_reviewer=0
jqr '.files.per_reviewer_files[]' "$manifest" >"$TMP/reviewer_files"
while IFS= read -r rel; do
	f=$(need "$rel")
	n=$(sfb-csv "$f" | wc -l)
	per_reviewer=$((per_reviewer + n))
done <"$TMP/reviewer_files"

# Votes per pair: rows, q1 Yes, q2 Yes; a pair passes with 3 rows and 2 Yes on both.
jqr 'group_by(.pair_id) | map({id: .[0].pair_id, rows: length,
		q1: map(select(.q1_clinical_plausibility == "Yes")) | length,
		q2: map(select(.q2_pathology_preservation == "Yes")) | length})
	| {pairs: length, pass: map(select(.rows == 3 and .q1 >= 2 and .q2 >= 2) | .id)}' \
	-s "$TMP/pairs" >"$TMP/votes"
n_detect=$(wc -l <"$TMP/detect")
n_hidden=$(wc -l <"$TMP/hidden")
cannot_tell=$(jqr 'select(.q4_detectability == "Cannot tell") | 1' "$TMP/detect" | wc -l)

jqr '"Public validation report schema: \(.report_schema_version | pystr)"' "$report"
jqr '"Validated subset count: \(.pair_ids // [] | length)"' "$validated"
jqr '"Exclusion count: \(.excluded_pairs // [] | length)"' "$exclusions"
jqr '"Recomputed 2-of-3 majority pass: \(.pass | length)/\(.pairs)"' "$TMP/votes"
echo "Detectability response rows: $n_detect"
echo "Recomputed detectability 'Cannot tell': $cannot_tell/$n_detect"
echo "Per-reviewer display-event rows: $per_reviewer"
echo "Hidden-repeat rows: $n_hidden"
echo "Expected validation result: $OPT_expect_pass passing, $OPT_expect_excluded excluded"

jqr '($v[0].pair_ids // []) as $passing
	| if ($passing | length) != $want.pass or ($x[0].excluded_pairs // [] | length) != $want.excluded
		then fail("Unexpected public radiologist-validation counts")
	elif $got.detect != $want.detect then fail("Unexpected detectability response count")
	elif $got.per_reviewer != $want.per_reviewer then fail("Unexpected per-reviewer display-event count")
	elif $got.hidden != $want.hidden then fail("Unexpected hidden-repeat record count")
	elif (.pass | length) != $want.pass or .pairs != $want.pairs
		then fail("Unexpected 2-of-3 radiologist majority result")
	elif (.pass | unique) != ($passing | unique)
		then fail("Recomputed majority-pass IDs do not match radiologist_validated_subset.json")
	elif $got.cannot_tell != $want.cannot_tell then fail("Unexpected \u0027Cannot tell\u0027 detectability count")
	else empty end' --slurpfile v "$validated" --slurpfile x "$exclusions" \
	--argjson got "{\"detect\": $n_detect, \"per_reviewer\": $per_reviewer, \"hidden\": $n_hidden,
		\"cannot_tell\": $cannot_tell}" \
	--argjson want "{\"pass\": $OPT_expect_pass, \"pairs\": $OPT_expect_pairs,
		\"excluded\": $OPT_expect_excluded, \"detect\": $OPT_expect_detectability,
		\"per_reviewer\": $OPT_expect_per_reviewer, \"hidden\": $OPT_expect_hidden,
		\"cannot_tell\": $OPT_expect_cannot_tell}" "$TMP/votes"
