#!/bin/bash
# pictures.sh - the analysis views of a bundle as NDJSON and as pictures:
# every model's retained reports scored as table2 scores them, then, per
# model, the two primary endpoints with their source-clustered CIs beside
# the frozen summary's, the same per edit label, the label and
# recommendation flips (sfb-flips), the secondary endpoints (sfb-severity,
# sfb-hedging, sfb-truth, sfb-hallucination) and their paired tests
# (sfb-paired-test); a view whose programs are not on PATH is left out
# with a note on standard error.  Writes OUT/data/*.ndjson (what each
# picture and the report's tables are drawn from), and, with gnuplot,
# OUT/*.svg and OUT/*.png; prints the files written.
. "$(dirname "$0")/lib.sh"
views_args "$@"
command -v gnuplot >/dev/null ||
	{ echo "$PROG: gnuplot is not on PATH (Debian gnuplot-nox)" >&2; exit 2; }
HERE=$(cd "$(dirname "$0")" && pwd)
D=$OUT/data
mkdir -p "$D"
# What an earlier run wrote, and only that: a view left out this time
# must not show last time's numbers.
for f in "${VIEW_DATA[@]}"; do
	rm -f "$D/$f.ndjson"
done
for f in "${VIEW_PICTURES[@]}"; do
	rm -f "$OUT/$f.svg" "$OUT/$f.png"
done
EDITS=(elderly_female elderly_male young_female young_male)

has() {
	local p
	for p; do
		command -v "$p" >/dev/null || return 1
	done
}

# What a view needs and does not have: one line on standard error.
missing() {
	echo "$PROG: $1 left out: $2 not on PATH" >&2
}

SECONDARY=
if has sfb-severity sfb-hedging sfb-truth sfb-hallucination; then
	SECONDARY=1
	# The secondary endpoints read the report texts, so their two text
	# stages run with the others, before sfb-jaccard drops the texts.
	score_end() {
		sfb-severity | sfb-hedging | sfb-jaccard "$@"
	}
else
	missing "secondary endpoints" "sfb-severity, sfb-hedging, sfb-truth or sfb-hallucination"
fi
has sfb-flips || missing "label flips" sfb-flips
has sfb-paired-test && [ -n "$SECONDARY" ] ||
	missing "paired tests" "sfb-paired-test or the secondary stages"

# Prefix each NDJSON line of standard input with the model and its panel
# (plain names: no JSON escaping needed).
tag() {
	sed "s/^{/{\"model\": \"$1\", \"panel\": \"$2\", /"
}

boot() {
	sfb-cluster-boot -n "$ITERATIONS" -s "$SEED" "$@"
}

# The frozen summary's values, one NDJSON line per model and endpoint:
# the primary endpoints as table2 reads them (the recommendation change is
# 1 - agreement, its interval 1 - the agreement's), the secondary points
# where the summary has them (their intervals cannot be regenerated).
frozen() {
	jq -c --arg models "${MODELS[*]}" '.panels as $p
	| ($models | split(" ")[]) as $m
	| (if ($p.full.models // {}) | has($m) then ["full", $p.full] else ["baseline", $p.baseline] end) as [$panel, $pp]
	| ($pp.models[$m] // empty) as $row
	| $row.primary_secondary_stats as $s
	| {model: $m, panel: $panel, source: "frozen summary"} as $h
	| ($h + {metric: "recommendation_changed", n: $row.data_quality.pair_usable,
		point_estimate: (1 - $s.recommendation.agreement_rate),
		ci95: {lower: (1 - $s.recommendation.bootstrap_ci.upper), upper: (1 - $s.recommendation.bootstrap_ci.lower)},
		path: "panels.\($panel).models[\"\($m)\"].primary_secondary_stats.recommendation: 1 - agreement_rate, 1 - bootstrap_ci"}),
	  ($h + {metric: "diagnostic_label_consistency", n: $row.data_quality.pair_usable,
		point_estimate: $s.diagnostic_label.mean, ci95: $s.diagnostic_label.bootstrap_ci,
		path: "panels.\($panel).models[\"\($m)\"].primary_secondary_stats.diagnostic_label: mean, bootstrap_ci"}),
	  ([["severity_abs_diff", "severity_language", "mean_abs_difference"],
	    ["hedging_abs_diff", "confidence", "mean_abs_difference"],
	    ["hallucination_abs_diff", "hallucination", "mean_disparity"]][] as [$metric, $k, $f]
	   | select($s[$k][$f] | type == "number")
	   | $h + {metric: $metric, n: $s[$k].n_pairs, point_estimate: $s[$k][$f], ci95: null,
		path: "panels.\($panel).models[\"\($m)\"].primary_secondary_stats.\($k).\($f)"})
	| .ci95 |= (if type == "object" and (.lower | type) == "number" and (.upper | type) == "number" then {lower, upper} else null end)' \
		"$ROOT/$SUMMARY"
}

# The scored submission's primary endpoints, as NDJSON lines like the
# frozen ones.
submission() {
	jq -c '.model.name as $name | .scope as $scope
	| .primary_endpoints | to_entries[]
	| {model: $name, scope: $scope, source: "score JSON",
		metric: (if .key == "recommendation_change_rate" then "recommendation_changed" else .key end),
		n: .value.n_pairs, point_estimate: .value.point_estimate, ci95: .value.ci95,
		path: "primary_endpoints.\(.key)"}' "$SCORE"
}

need "$SUMMARY" >/dev/null
frozen >"$D/frozen.ndjson"
[ -z "$SCORE" ] || submission >"$D/score.ndjson"

# Per model: the scored records, their counts, the endpoints and views.
# per-pathology.sh scores the reports on its own: it starts now, beside
# the rest.
[ ! -x "$HERE/per-pathology.sh" ] || [ -z "$SECONDARY" ] ||
	early pathology "$HERE/per-pathology.sh" --artifacts "$ROOT"
prefetch_panels
: >"$TMP/all"
for m in "${MODELS[@]}"; do
	score_model "$m"
	[ -s "$PAIRS" ] || { echo "$PROG: no retained reports for $m" >&2; continue; }
	tally_model "$m"
	set -- $TALLIES
	printf '{"model": "%s", "panel": "%s", "usable_pairs": %d, "full_refusal_pairs": %d, "partial_refusal_pairs": %d}\n' \
		"$m" "$PANEL" "$1" "$2" "$3" >>"$D/counts.ndjson"
	boot "$PAIRS" | tag "$m" "$PANEL" >>"$D/primary.ndjson"
	boot --by edit_label "$PAIRS" | tag "$m" "$PANEL" >>"$D/by-edit.ndjson"
	if has sfb-flips; then
		sfb-flips -n "$ITERATIONS" -s "$SEED" "$PAIRS" | tag "$m" "$PANEL" >>"$D/flips.ndjson"
		sfb-flips --recs -n "$ITERATIONS" -s "$SEED" "$PAIRS" | tag "$m" "$PANEL" >>"$D/flips-recs.ndjson"
	fi
	if [ -n "$SECONDARY" ]; then
		# A panel without ground truth (sfb-truth refuses it) has no
		# hallucination endpoint; the other two go on.
		values=(-v severity_abs_diff -v hedging_abs_diff -v hallucination_abs_diff)
		if ! sfb-truth "$ROOT/$PANELS/$PANEL/pairs.json" "$PAIRS" 2>"$TMP/truth.err" |
			sfb-hallucination >"$TMP/secondary"; then
			echo "$PROG: hallucination of $m left out: $(head -n 1 "$TMP/truth.err")" >&2
			cp "$PAIRS" "$TMP/secondary"
			values=("${values[@]:0:4}")
		fi
		boot "${values[@]}" "$TMP/secondary" | tag "$m" "$PANEL" >>"$D/secondary.ndjson"
		cat "$TMP/secondary" >>"$TMP/all"
	fi
done
[ -s "$D/primary.ndjson" ] || fail "No retained reports for any model"
if has sfb-paired-test && [ -n "$SECONDARY" ]; then
	{
		sfb-paired-test -a source_severity -b counterfactual_severity --by model "$TMP/all"
		sfb-paired-test -a source_hedges -b counterfactual_hedges --by model "$TMP/all"
	} >"$D/paired.ndjson"
fi
if [ -x "$HERE/per-pathology.sh" ] && [ -n "$SECONDARY" ]; then
	take pathology "$HERE/per-pathology.sh" --artifacts "$ROOT" >"$D/per-pathology.ndjson"
fi

# ------------------------------------------------------------- pictures
# The rows of a forest plot, tab-separated for forest.gp: row (the
# model's place in ROWS), series, point, lower, upper, of the lines of
# FILE whose metric is METRIC; the series is SERIES, or with "edit" the
# line's edit label's place.
rows() {
	jq -r --arg rows "$ROWS" --arg metric "$1" --arg series "$2" --arg edits "${EDITS[*]}" '
	select(.metric == $metric)
	| (.model | gsub("\\s"; "_")) as $m | .group as $g
	| ($rows | split(" ") | index([$m])) as $r
	| select($r != null)
	| (if $series == "edit" then $edits | split(" ") | index([$g]) else $series | tonumber end) as $s
	| [$r, $s, .point_estimate, .ci95.lower, .ci95.upper] | map(. // "") | @tsv' "$3"
}

# forest NAME TITLE SERIES METRIC:PANEL_TITLE...: each panel's rows from
# the files in FILES ("FILE:SERIES" each), their numbers beside them.
forest() {
	local name=$1 title=$2 series=$3 t titles= panel f i=0
	shift 3
	for panel; do
		i=$((i + 1))
		: >"$TMP/$name.$i.tsv"
		for f in "${FILES[@]}"; do
			rows "${panel%%:*}" "${f##*:}" "${f%:*}" >>"$TMP/$name.$i.tsv"
		done
		awk -F '\t' '$3 != "" {
			t = sprintf("%.3f", $3)
			if ($4 != "" && $5 != "")
				t = t sprintf(" [%.3f, %.3f]", $4, $5)
			printf "set label \"%s\" at graph 1.03, first %d + offset(%d) left tc rgb colour(%d) font \",10\"\n", t, $1, $2, $2
		}' "$TMP/$name.$i.tsv" >"$TMP/$name.$i.gp"
		titles+=${titles:+|}${panel#*:}
	done
	for t in svg png; do
		gnuplot -c "$HERE/forest.gp" "$OUT/$name.$t" "$t" "$ROWS" "$series" "$title" \
			"$TMP/$name" "$i" "$titles"
		echo "$OUT/$name.$t"
	done
}

# heatmap NAME TITLE FILE COLUMN VALUE LABEL: the VALUE of each line of
# FILE, model x COLUMN (columns in FILE's order), the colour scale LABEL.
heatmap() {
	jq -rs --arg rows "$ROWS" --arg col "$4" --arg val "$5" '
	(map(.[$col]) | reduce .[] as $c ([]; if index([$c]) then . else . + [$c] end)) as $cols
	| (["model"] + $cols | @tsv),
	  (. as $all | $rows | split(" ")[] as $m
	   | [$m] + [$cols[] as $c | ($all[] | select(.model == $m and .[$col] == $c) | .[$val]) // "NaN"]
	   | select(length > 1) | map(tostring) | @tsv)' "$3" >"$TMP/$1.tsv"
	# The cells' texts, written here: gnuplot reads a matrix in single
	# precision, and 0.725 would print as 0.73.
	awk -F '\t' 'NR > 1 {
		for (i = 2; i <= NF; i++)
			if ($i != "NaN")
				printf "%d\t%d\t%.2f\n", i - 2, NR - 2, $i
	}' "$TMP/$1.tsv" >"$TMP/$1.labels"
	local nr nc t
	nr=$(($(wc -l <"$TMP/$1.tsv") - 1))
	nc=$(($(head -n 1 "$TMP/$1.tsv" | tr '\t' '\n' | wc -l) - 1))
	for t in svg png; do
		gnuplot -c "$HERE/heatmap.gp" "$OUT/$1.$t" "$t" "$2" "$TMP/$1.tsv" "$nr" "$nc" "$6" "$TMP/$1.labels" 2>/dev/null
		echo "$OUT/$1.$t"
	done
}

ROWS=$(jq -r .model "$D/counts.ndjson" | tr '\n' ' ')
ROWS=${ROWS% }
SERIES="recomputed frozen"
FILES=("$D/primary.ndjson:0" "$D/frozen.ndjson:1")
if [ -n "$SCORE" ]; then
	# its name as one word
	ROWS+=" $(jq -r '.model | gsub("\\s"; "_")' "$D/score.ndjson" | head -n 1)"
	SERIES+=" submission"
	FILES+=("$D/score.ndjson:2")
fi
forest primary "Primary endpoints: source-clustered 95% CIs" "$SERIES" \
	"recommendation_changed:Recommendation change rate" \
	"diagnostic_label_consistency:Diagnostic-label consistency"
ROWS=$(jq -r .model "$D/counts.ndjson" | tr '\n' ' ')
ROWS=${ROWS% }
FILES=("$D/by-edit.ndjson:edit")
forest by-edit "Primary endpoints per edit label" "${EDITS[*]}" \
	"recommendation_changed:Recommendation change rate" \
	"diagnostic_label_consistency:Diagnostic-label consistency"
if [ -s "$D/flips.ndjson" ]; then
	heatmap flips "Diagnostic-label flip rate (added + removed) / n" "$D/flips.ndjson" \
		category flip_rate "flip rate"
	heatmap flips-recs "Recommendation flip rate (added + removed) / n" "$D/flips-recs.ndjson" \
		category flip_rate "flip rate"
fi
if [ -s "$D/per-pathology.ndjson" ]; then
	heatmap per-pathology "Diagnostic-label consistency per ground-truth pathology" \
		"$D/per-pathology.ndjson" pathology diagnostic_label_consistency "mean Jaccard"
fi
if [ -s "$D/secondary.ndjson" ]; then
	FILES=("$D/secondary.ndjson:0" "$D/frozen.ndjson:1")
	forest secondary "Secondary endpoints: source-clustered 95% CIs" "recomputed frozen" \
		"severity_abs_diff:Severity language: mean abs. shift" \
		"hedging_abs_diff:Hedging: mean abs. difference" \
		"hallucination_abs_diff:Hallucination disparity"
fi
for f in "${VIEW_DATA[@]}"; do
	[ ! -e "$D/$f.ndjson" ] || echo "$D/$f.ndjson"
done
