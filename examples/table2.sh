#!/bin/bash
# table2.sh - Table 2: for each model, score the retained reports (pairs,
# refusal classes, labels, recommendation buckets, Jaccard) and check usable
# pairs, refusal counts and both primary endpoints against the frozen
# common-core summary; --recompute-ci also reruns the source-clustered
# bootstrap and checks the intervals.
. "$(dirname "$0")/lib.sh"
USAGE='[--artifacts DIR] [--model M|all] [--recompute-ci] [--bootstrap-iterations N] [--seed S]'
OPTIONS='artifacts model recompute-ci bootstrap-iterations seed'
parse_args "$@"
[ ${#ARGS[@]} -eq 0 ] || usage_error "unexpected argument: ${ARGS[0]}"
MODEL=${MODEL:-all}
check_model "$MODEL" all

# The frozen rows of all nine models, read once, when the first model
# needs them, into FROZEN[model]: agreement, its CI, diagnostic mean, its CI,
# the three data-quality counts and the bootstrap's iterations ("x" where a
# value is missing or not a number).
declare -A FROZEN=()
load_frozen() {
	local m row
	[ ${#FROZEN[@]} -eq 0 ] || return 0
	need $SUMMARY >/dev/null
	take frozen frozen_rows >"$TMP/frozen"
	while read -r m row; do
		FROZEN[$m]=$row
	done <"$TMP/frozen"
}

# The frozen rows, one line a model: "model value...".
FROZEN_JQ='.source_clustered_bootstrap.iterations as $iter | .panels as $p
	| ($models | split(" ")[]) as $m
	| (if $p.full.models | has($m) then $p.full else $p.baseline end).models[$m]
	| .primary_secondary_stats as $s | .data_quality as $q
	| [$m] + ([$s.recommendation.agreement_rate, $s.recommendation.bootstrap_ci.lower,
		$s.recommendation.bootstrap_ci.upper, $s.diagnostic_label.mean,
		$s.diagnostic_label.bootstrap_ci.lower, $s.diagnostic_label.bootstrap_ci.upper,
		$q.pair_usable, $q.pair_full_refusals, $q.pair_partial_refusals, $iter]
		| map(numbers // "x")) | map(tostring) | join(" ")'

frozen_rows() {
	jqr "$FROZEN_JQ" --arg models "${MODELS[*]}" "$ROOT/$SUMMARY"
}

# The frozen rows and both panels' model lists (panel_models) in one jq run
# instead of three (jq takes some 40 ms to start), kept as early's results
# of "frozen" and "models.PANEL"; when that run fails, or a model name holds
# a line break, each runs on its own, for its own output, message and
# status.
early_meta() {
	local panel names=(frozen)
	for panel in full_pipeline_retained baseline_only_retained; do
		names+=("models.$panel")
	done
	(
		if (jqr 'def names($k): .models | arrays | .[] | tostring
				| if test("\n") then error("line break") else $k + . end;
			(input | names("1 ")), (input | names("2 ")),
			(input | '"$FROZEN_JQ"' | "0 " + .)' -n --arg models "${MODELS[*]}" \
			"$ROOT/$PANELS/full_pipeline_retained/panel_manifest.json" \
			"$ROOT/$PANELS/baseline_only_retained/panel_manifest.json" \
			"$ROOT/$SUMMARY") >"$TMP/meta" 2>/dev/null; then
			for name in "${names[@]}"; do
				: >"$TMP/early.$name.out"
				: >"$TMP/early.$name.err"
				echo 0 >"$TMP/early.$name.status"
			done
			awk -v tmp="$TMP" -v names="${names[*]}" '
			BEGIN { split(names, name, " ") }
			{ print substr($0, 3) >(tmp "/early." name[substr($0, 1, 1) + 1] ".out") }' "$TMP/meta"
		else
			run_early frozen frozen_rows
			for panel in full_pipeline_retained baseline_only_retained; do
				run_early "models.$panel" panel_models "$panel"
			done
		fi
	) &
	for name in "${names[@]}"; do
		EARLY[$name]=$!
	done
}

table2() {
	local m=$1 frozen ci boot=0
	score_model "$m"
	tally_model "$m"
	# usable full partial matches changed rec_jaccard diag both_empty
	set -- $TALLIES
	[ "$1" -gt 0 ] || fail "No usable pairs found for model $m"
	load_frozen
	frozen=${FROZEN[$m]:-}
	if [ -z "$frozen" ] || [[ " $frozen " == *" x "* ]]; then
		echo "$PROG: frozen summary lacks a numeric value for $m" >&2
		exit 2
	fi
	set -- $TALLIES $frozen
	# The recomputed CI bounds with --recompute-ci (the settings allowing),
	# "settings" when they do not, "frozen" without it.
	ci=frozen
	if [ -n "$RECOMPUTE_CI" ]; then
		ci=settings
		if [ "$ITERATIONS" = "${18}" ] && [ "$SEED" = 42 ]; then
			ci=$(boot_model "$m") || boot=$?
		fi
	fi
	awk -v m="$m" -v n="$1" -v full="$2" -v partial="$3" -v matches="$4" -v dsum="$7" \
		-v agree="$9" -v rlo="${10}" -v rhi="${11}" -v mean="${12}" -v dlo="${13}" -v dhi="${14}" \
		-v usable="${15}" -v ffull="${16}" -v fpartial="${17}" -v ci="$ci" -v boot="$boot" \
		-v iter="$ITERATIONS" -v seed="$SEED" '
	function off(a, b) { return a - b > 1e-12 || b - a > 1e-12 }
	function fail(msg) { print msg > "/dev/stderr"; exit 1 }
	BEGIN {
		rec = 1.0 - matches / n
		frec = 1.0 - agree
		diag = dsum / n
		printf "Model: %s\nUsable pairs: %d\n", m, n
		printf "Full-refusal pairs excluded: %d\nPartial-refusal pairs included: %d\n", full, partial
		printf "Frozen summary usable pairs: %s\n", usable
		printf "Recomputed recommendation change: %.6f (rounded: %.3f)\n", rec, rec
		printf "Frozen summary recommendation change: %.6f (rounded: %.3f)\n", frec, frec
		printf "Frozen summary recommendation change 95%% CI (read, not recomputed): [%.3f, %.3f]\n", 1.0 - rhi, 1.0 - rlo
		printf "Recomputed diagnostic consistency: %.6f (rounded: %.3f)\n", diag, diag
		printf "Frozen summary diagnostic consistency: %.6f (rounded: %.3f)\n", mean, mean
		printf "Frozen summary diagnostic consistency 95%% CI (read, not recomputed): [%.3f, %.3f]\n", dlo, dhi
		if (ci == "frozen") {
			print "CI mode: frozen summary read; pass --recompute-ci to run source-clustered bootstrap."
		} else if (ci == "settings") {
			fail("Frozen CI verification requires 10000 resamples and seed 42")
		} else {
			split(ci, b, " ")
			printf "Recomputed recommendation change 95%% CI: [%.3f, %.3f]\n", b[1], b[2]
			printf "Recomputed diagnostic consistency 95%% CI: [%.3f, %.3f]\n", b[3], b[4]
			printf "CI recomputation settings: NumPy_PCG64 iterations=%s seed=%s\n", iter, seed
			if (off(b[1], 1.0 - rhi) || off(b[2], 1.0 - rlo))
				fail("Recomputed recommendation CI does not match frozen summary")
			if (off(b[3], dlo) || off(b[4], dhi))
				fail("Recomputed diagnosis CI does not match frozen summary")
			if (boot)
				exit boot
		}
		if (n != usable)
			fail("Recomputed usable-pair count does not match frozen summary")
		if (full != ffull)
			fail("Recomputed full_refusals does not match frozen summary")
		if (partial != fpartial)
			fail("Recomputed partial_refusals does not match frozen summary")
		if (off(rec, frec))
			fail("Recomputed recommendation change does not match frozen summary")
		if (off(diag, mean))
			fail("Recomputed diagnostic consistency does not match frozen summary")
		print "Frozen summary verification: OK"
	}'
}

if [ "$MODEL" = all ]; then
	early_meta
	prefetch_tallies
	for m in "${MODELS[@]}"; do
		table2 "$m"
	done
else
	table2 "$MODEL"
fi
