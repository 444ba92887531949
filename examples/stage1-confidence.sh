#!/bin/bash
# stage1-confidence.sh - recompute the Stage-1 parse gate of the mitigation
# experiment: for each model's sample of Stage-1 outputs, how many name a
# primary diagnosis with a clean sidecar, the rate and the gate decision.
. "$(dirname "$0")/lib.sh"
USAGE='[--artifacts DIR]'
OPTIONS='artifacts'
parse_args "$@"
[ ${#ARGS[@]} -eq 0 ] || usage_error "unexpected argument: ${ARGS[0]}"

summary=$(need $ANALYSIS/mitigation_parsing_confidence.json)
jqr empty "$summary"
# The sample lists: the confidence-sample manifest if the bundle has one,
# else the base names of the trace manifest's first 200 files.
if [ -e "$ROOT/$ANALYSIS/mitigation_stage1_confidence_sample_manifest.json" ]; then
	jqr '.models // {}' "$ROOT/$ANALYSIS/mitigation_stage1_confidence_sample_manifest.json" >"$TMP/samples"
else
	trace=$(need $ANALYSIS/mitigation_stage1_trace_manifest.json)
	jqr '.models // {} | map_values(.sample_files_first_200 // [] | map(tostring | split("/") | last))' \
		"$trace" >"$TMP/samples"
fi
stage1=$(need $PANELS/full_pipeline_mitigation_retained/stage1_outputs)
jqr 'if type != "object" then fail("Stage-1 sample manifest must contain a models object") else empty end' \
	"$TMP/samples"

echo "Stage-1 parse-confidence recomputation:"
jqr 'keys[]' "$summary" >"$TMP/models"
while IFS= read -r model; do
	jqr '.[$m] | if type != "array" or length == 0
		then fail("Stage-1 sample manifest is missing file list for \($m)") else .[] | pystr end' \
		--arg m "$model" "$TMP/samples" >"$TMP/names"
	: >"$TMP/missing"
	while IFS= read -r name; do
		[ -e "$stage1/$model/$name" ] || printf '%s\n' "${name##*/}" >>"$TMP/missing"
	done <"$TMP/names"
	[ ! -s "$TMP/missing" ] || fail "Stage-1 sample manifest references missing files for $model: $(
		jqr 'split("\n")[:-1][:5] | pyrepr' -R -s "$TMP/missing")"
	pass=$(jq -R -c '{path: .}' "$TMP/names" | sfb-stage1 -d "$stage1/$model" |
		jqr 'select(.parse_ok) | 1' | wc -l)
	n=$(wc -l <"$TMP/names")
	jqr '"\(.[$m].sample_size)\t\(.[$m].stage1_diag_pass_count)\t\(.[$m].stage1_diag_pass_rate // "nan")\t\(.[$m].decision)"' \
		--arg m "$model" "$summary" |
		awk -F'\t' -v m="$model" -v pass="$pass" -v n="$n" '{
			rate = pass / n
			decision = rate < 0.85 ? "excluded_full" : rate < 0.95 ? "excluded_diag_only" : "included"
			printf "%s %d/%d (%.3f) decision: %s\n", m, pass, n, rate, decision
			d = $3 - rate
			if ($1 != n || $2 != pass || !(d <= 1e-12 && d >= -1e-12) || $4 != decision) {
				print "Stage-1 parse-confidence mismatch for " m > "/dev/stderr"
				exit 1
			}
		}'
done <"$TMP/models"
