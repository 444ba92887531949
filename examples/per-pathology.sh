#!/bin/bash
# per-pathology.sh - the endpoints per ground-truth pathology (SPEC 13.4):
# for each model, in Table 2 order, and each pathology of the released
# pairs.json (No finding left out; sorted by name), one NDJSON object with
# the usable pairs whose source shows it and the means of
# diagnostic_label_consistency, severity_abs_diff, recommendation_agreement
# (1 - recommendation_changed) and hedging_abs_diff.  A pair counts once for
# each pathology of its source; pairs with no pathology count nowhere.
. "$(dirname "$0")/lib.sh"
USAGE='[--artifacts DIR] [--model M|all]'
OPTIONS='artifacts model'
parse_args "$@"
[ ${#ARGS[@]} -eq 0 ] || usage_error "unexpected argument: ${ARGS[0]}"
MODEL=${MODEL:-all}
check_model "$MODEL" all

VALUES='diagnostic_label_consistency severity_abs_diff recommendation_agreement hedging_abs_diff'

per_pathology() {
	local m=$1 v boot=()
	find_panel "$m"
	for v in $VALUES; do
		boot+=(-v "$v")
	done
	# jq sees the records only once the report texts are gone; the means
	# are sfb-cluster-boot's point estimates (Python's sum() / n), taken
	# from its lines as text so that they keep Python's float repr.
	sfb-pair --model "$m" "$EVAL" 2>"$TMP/pair.err" | score -j 1 |
		sfb-severity -j 1 | sfb-hedging -j 1 |
		sfb-truth -x source_report -x counterfactual_report \
		    "$ROOT/$PANELS/$PANEL/pairs.json" |
		jq -c 'select(.usable != false) | . as $r
			| (.ground_truth_labels // [])[] | select(. != "No finding")
			| {pathology: ., source_id: $r.source_id,
			   diagnostic_label_consistency: $r.diagnostic_label_consistency,
			   severity_abs_diff: $r.severity_abs_diff,
			   recommendation_agreement: (1 - $r.recommendation_changed),
			   hedging_abs_diff: $r.hedging_abs_diff}' >"$TMP/rows" || {
		[ ! -s "$TMP/pair.err" ] || sed 's/^sfb-pair: //' "$TMP/pair.err" >&2
		exit 2
	}
	[ -s "$TMP/rows" ] || return 0
	sfb-cluster-boot -n 1 --by pathology "${boot[@]}" "$TMP/rows" |
		awk -v m="$m" -v nv=4 '
		function field(k,   s) {
			match($0, "\"" k "\": *[^,}]*")
			s = substr($0, RSTART, RLENGTH)
			sub(/^[^:]*: */, "", s)
			return s
		}
		{
			match($0, /^\{"group": "([^"\\]|\\.)*"/)
			g = substr($0, 11, RLENGTH - 10)
			if (g != last) {
				if (NR > 1) print line "}"
				line = "{\"model\": \"" m "\", \"pathology\": " g ", \"n_pairs\": " field("n")
				last = g
			}
			line = line ", " field("metric") ": " field("point_estimate")
		}
		END { if (NR) print line "}" }'
}

if [ "$MODEL" = all ]; then
	for m in "${MODELS[@]}"; do
		per_pathology "$m"
	done
else
	per_pathology "$MODEL"
fi
