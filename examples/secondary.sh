#!/bin/bash
# secondary.sh - the three secondary endpoints of Table 2 (severity
# language, hedging, hallucination) regenerated from the released per-pair
# reports and checked against the frozen summary (SPEC 13.4), with
# source-clustered intervals the reference never published.
. "$(dirname "$0")/lib.sh"
USAGE='[--artifacts DIR] [--model M|all] [--no-ci]'
OPTIONS='artifacts model'
NO_CI=
args=()
for a in "$@"; do
	if [ "$a" = --no-ci ]; then NO_CI=1; else args+=("$a"); fi
done
parse_args ${args[@]+"${args[@]}"}
[ ${#ARGS[@]} -eq 0 ] || usage_error "unexpected argument: ${ARGS[0]}"
MODEL=${MODEL:-all}
check_model "$MODEL" all
need $SUMMARY >/dev/null

# The frozen fields of model M, one line: severity n, hedging n,
# hallucination n and the bootstrap's iterations ("absent" where missing).
frozen_secondary() {
	jqr '.source_clustered_bootstrap.iterations as $iter | .panels as $p
		| (if ($p.full.models // {}) | has($m) then $p.full else $p.baseline end).models[$m]
		| .primary_secondary_stats as $s
		| [$s.severity_language.mean_abs_difference, $s.severity_language.n_pairs,
		   $s.confidence.mean_abs_difference, $s.confidence.n_pairs,
		   $s.hallucination.mean_disparity, $s.hallucination.n_pairs, $iter]
		| map(if type == "number" then tostring else "absent" end) | join(" ")' \
		--arg m "$1" "$ROOT/$SUMMARY"
}

# The scoring after pairing: everything the three endpoints need, the report
# texts dropped once scored (jq never sees them).
score_secondary_stages() {
	sfb-refusal -j 1 | sfb-extract-labels -j 1 | sfb-severity -j 1 |
		sfb-hedging -j 1 |
		sfb-truth -x source_report -x counterfactual_report "$1" |
		sfb-hallucination
}

# Both panels at once, in the background, each read once: DIR/PANEL/MODEL
# holds a model's scored pairs, DIR/PANEL.ok says all went well.  If not,
# score_secondary takes the model-by-model path, whose errors name the
# model.
prefetch_secondary() {
	local panel eval dir
	for panel in full_pipeline_retained baseline_only_retained; do
		eval=$ROOT/$PANELS/$panel/evaluation_results.json
		[ -f "$eval" ] && [ -f "$ROOT/$PANELS/$panel/pairs.json" ] || continue
		dir=$TMP/sec/$panel
		mkdir -p "$dir"
		{
			sfb-pair "$eval" |
				score_secondary_stages "$ROOT/$PANELS/$panel/pairs.json" |
				split_models "$dir" >/dev/null && touch "$dir.ok"
		} 2>/dev/null &
		PREFETCH[$panel]=$!
	done
}

# Model M's scored pairs (all of them, usable or not, pair_id order) in
# $TMP/sec.M, and in $TMP/sec.M.hal the usable ones with ground truth.
score_secondary() {
	local m=$1 out=$TMP/sec.$1 dir
	find_panel "$m"
	dir=$TMP/sec/$PANEL
	if [ -n "${PREFETCH[$PANEL]:-}" ]; then
		[ "${PREFETCH[$PANEL]}" = done ] || wait "${PREFETCH[$PANEL]}" || true
		PREFETCH[$PANEL]=done
	fi
	if [ -e "$dir.ok" ]; then
		if [ -e "$dir/$m" ]; then cp "$dir/$m" "$out"; else : >"$out"; fi
	else
		sfb-pair --model "$m" "$EVAL" 2>"$TMP/pair.err" |
			score_secondary_stages "$ROOT/$PANELS/$PANEL/pairs.json" >"$out" || {
			[ ! -s "$TMP/pair.err" ] || sed 's/^sfb-pair: //' "$TMP/pair.err" >&2
			exit 2
		}
	fi
	awk 'index($0, "\"usable\": false") == 0 &&
		index($0, "\"hallucination_abs_diff\": null") == 0' "$out" >"$out.hal"
}

# "n severity_sum hedging_sum k hallucination_sum" of the usable pairs;
# sequential double sums, 17 significant digits.  A raw "key": cannot occur
# inside a JSON string, so members are found by their text.
sums() {
	awk '
	function val(k,   i, s) {
		i = index($0, "\"" k "\": ")
		s = substr($0, i + length(k) + 4)
		return s + 0
	}
	index($0, "\"usable\": false") == 0 {
		n++
		sev += val("severity_abs_diff")
		hed += val("hedging_abs_diff")
		if (index($0, "\"hallucination_abs_diff\": null") == 0) {
			k++
			hal += val("hallucination_abs_diff")
		}
	}
	END { printf "%d %.17g %.17g %d %.17g\n", n, sev, hed, k, hal }' "$1"
}

ci() {
	sfb-cluster-boot -n "$1" -s 42 -v severity_abs_diff -v hedging_abs_diff "$2" | ci_bounds
	if [ -s "$3" ]; then
		sfb-cluster-boot -n "$1" -s 42 -v hallucination_abs_diff "$3" | ci_bounds
	else
		echo "nan nan"
	fi
}

secondary() {
	local m=$1 frozen bounds=""
	score_secondary "$m"
	frozen=$(frozen_secondary "$m")
	set -- $frozen
	[ -n "$NO_CI" ] || [ "$7" = absent ] ||
		bounds=$(ci "$7" "$TMP/sec.$m" "$TMP/sec.$m.hal" | tr '\n' ' ')
	awk -v m="$m" -v sums="$(sums "$TMP/sec.$m")" -v frozen="$frozen" \
		-v bounds="$bounds" -v noci="$NO_CI" '
	function off(a, b) { return a - b > 1e-12 || b - a > 1e-12 }
	function fz(v, n) {
		if (v == "absent") return "(frozen summary: absent)"
		return sprintf("(frozen summary: %.6f)", v)
	}
	function bad(msg) { print msg > "/dev/stderr"; exit 1 }
	BEGIN {
		split(sums, s, " ")
		split(frozen, f, " ")
		if (s[1] == 0) bad("No usable pairs found for model " m)
		sev = s[2] / s[1]
		hed = s[3] / s[1]
		hal = s[4] ? s[5] / s[4] : 0
		printf "Model: %s\nUsable pairs: %d\n", m, s[1]
		printf "Severity language mean absolute shift: %.6f %s\n", sev, fz(f[1])
		printf "Hedging mean absolute difference: %.6f %s\n", hed, fz(f[3])
		printf "Hallucination mean disparity: %.6f over %d pairs ", hal, s[4]
		if (f[5] == "absent")
			print "(frozen summary: absent)"
		else
			printf "(frozen summary: %.6f over %s pairs)\n", f[5], f[6]
		if (!noci && f[7] != "absent") {
			split(bounds, b, " ")
			printf "Secondary 95%% CIs (source-clustered, NumPy_PCG64 seed 42, %d resamples): ", f[7]
			printf "severity [%.3f, %.3f] hedging [%.3f, %.3f] hallucination [%.3f, %.3f]\n",
			    b[1], b[2], b[3], b[4], b[5], b[6]
		}
		if (f[2] != "absent" && f[2] != s[1])
			bad("Recomputed severity pair count does not match frozen summary: " m)
		if (f[1] != "absent" && off(sev, f[1]))
			bad("Recomputed severity does not match frozen summary: " m)
		if (f[4] != "absent" && f[4] != s[1])
			bad("Recomputed hedging pair count does not match frozen summary: " m)
		if (f[3] != "absent" && off(hed, f[3]))
			bad("Recomputed hedging does not match frozen summary: " m)
		if (f[6] != "absent" && f[6] != s[4])
			bad("Recomputed hallucination pair count does not match frozen summary: " m)
		if (f[5] != "absent" && off(hal, f[5]))
			bad("Recomputed hallucination does not match frozen summary: " m)
	}'
}

if [ "$MODEL" = all ]; then
	prefetch_secondary
	for m in "${MODELS[@]}"; do
		secondary "$m"
	done
else
	secondary "$MODEL"
fi
echo "Secondary endpoint verification: OK"
