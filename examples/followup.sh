#!/bin/bash
# followup.sh - the retained follow-up supplement: its pinned hash, the
# nine-model set, repeated-call source accounting and T-F arithmetic.
# It reads aggregates only; nothing is rerun.
. "$(dirname "$0")/lib.sh"
USAGE='[--code-root DIR]'
OPTIONS='code-root'
parse_args "$@"
[ ${#ARGS[@]} -eq 0 ] || usage_error "unexpected argument: ${ARGS[0]}"

release=$(need release_manifest.json "code file")
rel=$(jqr '.supplemental_artifacts.retained_followup_audit.path' "$release")
supplement=$(safe_path "$CODE" "$rel")
[ -f "$supplement" ] || fail "Missing required code file: $rel"
[ "$(sha256 "$supplement")" = "$(jqr '.supplemental_artifacts.retained_followup_audit.sha256' "$release")" ] ||
	fail "Retained follow-up supplement hash mismatch"
models=$(printf '"%s",' "${MODELS[@]}")
jqr "if (.repeated_calls.models | keys) != ([${models%,}] | sort)
	then fail(\"Retained follow-up model membership mismatch\") else empty end" "$supplement"

echo "Retained follow-up aggregate identity and arithmetic:"
jqr '.scope | pystr' "$supplement"
# Checked per model in name order; each line is printed once its model passes.
jqr 'def arithmetic($m; $endpoint):
	if ([.T, .F, .excess, .normalized_excess, .ci95[]]
		| all(type == "number" and (isinfinite or isnan | not)) | not)
		or .T < 0 or .T > 1 or .F < 0 or .F >= 1 or .ci95[0] > .ci95[1]
		or (.excess - (.T - .F) | fabs) > 1e-12
		or (.normalized_excess - .excess / (1 - .F) | fabs) > 1e-12
	then fail("Repeated-call aggregate arithmetic mismatch: \($m): \($endpoint)") else empty end;
.repeated_calls as $r | $r.models | to_entries | sort_by(.key)[] | .key as $m | .value
	| if .n_sources + .dropped_no_usable_edited_comparison
		+ .dropped_fewer_than_two_usable_source_reports != $r.common_core_sources
		then fail("Repeated-call source accounting mismatch: \($m)") else . end
	| (.recommendation | arithmetic($m; "recommendation")),
	  (.diagnostic | arithmetic($m; "diagnostic")),
	  "\($m)\t\(.n_sources | pystr)\t\(.recommendation.excess)\t\(.diagnostic.excess)"' "$supplement" |
	awk -F'\t' '{
		printf "%s sources: %s recommendation/diagnostic excess: %.6f %.6f\n", $1, $2, $3, $4
		fflush()
	}'
echo "Retained follow-up aggregate checks: OK"
echo "Coverage: pinned aggregate bytes and repeated-call accounting/arithmetic; not raw-audit reproduction or new validation."
