#!/bin/bash
# report.sh - one static HTML page, OUT/index.html, with the analysis views
# of a bundle: Table 2 recomputed beside the frozen summary with CIs, the
# forest plots, the per-edit-label and per-pathology views, the label
# flips, the secondary endpoints and their paired tests, a scored
# submission (--score), and for every number the pipeline that made it.
# The numbers and pictures are examples/pictures.sh's (OUT/data/*.ndjson,
# OUT/*.svg); each number on the page names its NDJSON file, line and key.
# No script, no network: the page reads offline from OUT.  Prints the
# page's path.  A view whose programs are not on PATH is left out with a
# one-line note, on the page and on standard error.
. "$(dirname "$0")/lib.sh"
views_args "$@"
HERE=$(cd "$(dirname "$0")" && pwd)
mkdir -p "$OUT"
OUT=$(realpath -- "$OUT")
D=$OUT/data

args=(--artifacts "$ROOT" --out "$OUT" --bootstrap-iterations "$ITERATIONS" --seed "$SEED")
[ -z "$SCORE" ] || args+=(--score "$SCORE")
st=0
"$HERE/pictures.sh" "${args[@]}" >/dev/null 2>"$TMP/notes" || st=$?
sed "s/^pictures\.sh: /$PROG: /" "$TMP/notes" >&2
[ "$st" -eq 0 ] || exit "$st"

# The page's parts are written by jq from the NDJSON (which carries no
# report text), each number as a placeholder @@FORMAT:VALUE@@ that
# numbers() then writes as Python's format would: FORMAT 3 is "%.3f" (any
# digit: that many decimals), g "%.4g", d the integer as it is.
JQV='
def esc: tostring | @html;
def absv: if . < 0 then -. else . end;
def close($a; $b): ($a | type) == "number" and ($b | type) == "number" and ($a - $b | absv) <= 1e-12;
# The line of slurped NDJSON $a that f selects, as {line, v}, or null.
def find($a; f): first($a | to_entries[] | select(.value | f) | {line: (.key + 1), v: .value}) // null;
def na: "<span class=\"na\">&ndash;</span>";
# One number of line $e of data/$file, at key path $key.
def num($e; $file; $key; $fmt):
	if $e == null then na else
	($e.v | getpath($key | split("."))) as $x
	| if ($x | type) != "number" then na else
	"<span class=\"n\" data-src=\"data/\($file)\" data-line=\"\($e.line)\" data-key=\"\($key)\" data-fmt=\"\($fmt)\" title=\"\($x) &#8212; data/\($file) line \($e.line) .\($key)\(if $e.v.path then " &#8212; " + ($e.v.path | @html) else "" end)\">@@\($fmt):\($x)@@</span>"
	end end;
# A point estimate and its CI.
def est($e; $file):
	num($e; $file; "point_estimate"; "3")
	+ (if ($e.v.ci95 | type) == "object" then
		" <span class=\"ci\">[" + num($e; $file; "ci95.lower"; "3") + ", " + num($e; $file; "ci95.upper"; "3") + "]</span>"
	else "" end);
def td($class): "<td class=\"\($class)\">" + . + "</td>";
def th: "<th>" + . + "</th>";
def first_keys: reduce (.[] | keys_unsorted[]) as $k ([]; if index([$k]) then . else . + [$k] end);
# Any NDJSON file as a table, one column per key (first seen first; a
# group is a model here), the keys in $skip left out.
def table($a; $file; $skip):
	($a | first_keys - $skip) as $keys
	| "<div class=\"scroll\"><table class=\"wide\"><thead><tr>" + ($keys | map(if . == "group" then "model" else . end | esc | th) | add) + "</tr></thead><tbody>\n"
	+ ([$a | to_entries[] | {line: (.key + 1), v: .value} as $e
		| "<tr>" + ([$keys[] as $k | $e.v[$k] as $x
			| if ($x | type) == "number" then
				num($e; $file; $k; (if ($x | floor) == $x and ($k | test("^n$|^n_|count|pairs|both|neither|added|removed")) then "d"
					elif $k | test("^p_|p_value") then "g" elif ($x | absv) >= 1000 then "1" else "3" end)) | td("num")
			elif ($x | type) == "object" and ($x.lower | type) == "number" then
				("<span class=\"ci\">[" + num($e; $file; "\($k).lower"; "g") + ", " + num($e; $file; "\($k).upper"; "g") + "]</span>") | td("num")
			elif $x == null then na | td("num")
			else $x | esc | td("") end] | add) + "</tr>\n"] | add // "")
	+ "</tbody></table></div>";
'

# jq with JQV, the data files slurped by name ($primary, $frozen, ...;
# an absent file is empty) and the bootstrap settings.
jqv() {
	local f files=()
	for f in "${VIEW_DATA[@]}"; do
		if [ -s "$D/$f.ndjson" ]; then
			files+=(--slurpfile "${f//-/_}" "$D/$f.ndjson")
		else
			files+=(--slurpfile "${f//-/_}" /dev/null)
		fi
	done
	jq -nr "${files[@]}" --argjson iterations "$ITERATIONS" --argjson seed "$SEED" "$JQV$1"
}

numbers() {
	awk '{
		out = ""
		s = $0
		while (match(s, /@@[a-z0-9]+:[^@]*@@/)) {
			tok = substr(s, RSTART + 2, RLENGTH - 4)
			i = index(tok, ":")
			f = substr(tok, 1, i - 1)
			v = substr(tok, i + 1)
			if (f == "d")
				t = v
			else if (f == "g")
				t = sprintf("%.4g", v)
			else
				t = sprintf("%." f "f", v)
			out = out substr(s, 1, RSTART - 1) t
			s = substr(s, RSTART + RLENGTH)
		}
		print out s
	}'
}

# A section's "how these numbers were made": the pipeline, as run here.
how() {
	printf '<details class="how"><summary>How these numbers were made</summary><pre>'
	sed 's/&/\&amp;/g; s/</\&lt;/g; s/>/\&gt;/g'
	printf '</pre></details>\n'
}

# A view left out: the note pictures.sh gave for it.
left_out() {
	local note
	note=$(grep -F -- ": $1 left out: " "$TMP/notes" | head -n 1 | sed 's/^.* left out: //')
	printf '<p class="note">Left out: %s.</p>\n' "$(printf '%s' "${note:-its programs are not on PATH}" |
		sed 's/&/\&amp;/g; s/</\&lt;/g; s/>/\&gt;/g')"
}

figure() {
	printf '<figure><a href="%s.png"><img src="%s.svg" alt="%s"></a><figcaption>%s <a href="%s.svg">SVG</a> &middot; <a href="%s.png">PNG</a></figcaption></figure>\n' \
		"$1" "$1" "$2" "$2" "$1" "$1"
}

SCORED='sfb-pair $P/evaluation_results.json |
  sfb-refusal | sfb-extract-labels | sfb-rec-bucket |'
[ ! -s "$D/secondary.ndjson" ] || SCORED+='
  sfb-severity | sfb-hedging |'
SCORED+='
  sfb-jaccard -x source_report -x counterfactual_report   # per model: scored/$MODEL'
BOOT="sfb-cluster-boot -n $ITERATIONS -s $SEED"
VERSION=$(sfb-cluster-boot --version | awk '{ print $NF }')

page() {
	local models
	models=$(jq -r .model "$D/counts.ndjson" | wc -l)
	cat <<EOF
<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src 'self'; style-src 'unsafe-inline'">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>SpineFairBench report &mdash; sfb</title>
<style>
:root { --blue: #0072B2; --vermillion: #D55E00; --green: #009E73; --ink: #1d2330; --muted: #5b6474; --rule: #d9dde4; --band: #f4f6f9; }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.5 "DejaVu Sans", sans-serif; color: var(--ink); background: #fff; }
header { background: var(--ink); color: #fff; padding: 28px 40px 20px; }
header h1 { margin: 0 0 6px; font-size: 26px; font-weight: normal; }
header p { margin: 2px 0; color: #c9d1de; font-size: 13px; }
header code { color: #fff; }
nav { background: var(--band); border-bottom: 1px solid var(--rule); padding: 8px 40px; font-size: 14px; position: sticky; top: 0; }
nav a { color: var(--blue); text-decoration: none; margin-right: 18px; }
main { max-width: 1320px; padding: 8px 32px 40px; }
section { margin-top: 30px; }
h2 { font-size: 20px; font-weight: normal; border-bottom: 2px solid var(--blue); padding-bottom: 4px; margin-bottom: 10px; }
p.lead { color: var(--muted); margin-top: 0; max-width: 900px; }
p.verdict { font-size: 16px; padding: 8px 12px; max-width: 900px; border-left: 4px solid; }
p.verdict.ok { border-color: var(--green); background: #e9f6f1; }
p.verdict.bad { border-color: var(--vermillion); background: #fbece3; }
p.note { background: #fff6e5; border-left: 4px solid #E69F00; padding: 8px 12px; max-width: 900px; }
figure { margin: 16px 0; }
figure img { max-width: 100%; height: auto; border: 1px solid var(--rule); }
figcaption { font-size: 13px; color: var(--muted); }
div.scroll { overflow-x: auto; }
table { border-collapse: collapse; margin: 10px 0; font-size: 14px; }
table.wide { font-size: 13px; }
th { text-align: left; font-weight: bold; border-bottom: 2px solid var(--ink); padding: 5px 8px; vertical-align: bottom; }
td { border-bottom: 1px solid var(--rule); padding: 4px 8px; white-space: nowrap; }
tbody tr:nth-child(even) { background: var(--band); }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
td.model { font-weight: bold; }
.ci { color: var(--muted); }
.na { color: var(--muted); }
td.ok { color: var(--green); }
td.bad { color: var(--vermillion); font-weight: bold; }
th.group { text-align: center; border-bottom-width: 3px; }
th.rec { border-bottom-color: var(--blue); }
th.diag { border-bottom-color: var(--vermillion); }
details.how { margin: 8px 0 4px; font-size: 13px; }
details.how summary { color: var(--blue); cursor: pointer; }
details.how pre { background: var(--band); border: 1px solid var(--rule); padding: 10px 14px; overflow-x: auto; font-size: 12px; line-height: 1.45; }
details.table summary { color: var(--blue); cursor: pointer; font-size: 14px; }
footer { color: var(--muted); font-size: 12px; border-top: 1px solid var(--rule); padding: 14px 40px; }
</style>
</head>
<body>
<header>
<h1>SpineFairBench: do the reports change when only the patient&rsquo;s apparent age or sex does?</h1>
<p>Bundle <code>$(printf '%s' "$ROOT" | sed 's/&/\&amp;/g; s/</\&lt;/g')</code> &middot; $models models &middot; source-clustered percentile bootstrap, $ITERATIONS resamples, seed $SEED (NumPy PCG64 stream) &middot; sfb $VERSION</p>
<p>Every number links to the NDJSON line it was read from: hover over it for its full value, file, line and key.</p>
</header>
<nav><a href="#table2">Table 2</a><a href="#by-edit">Per edit label</a><a href="#per-pathology">Per pathology</a><a href="#flips">Flips</a><a href="#secondary">Secondary</a><a href="#paired">Paired tests</a>$([ -z "$SCORE" ] || echo '<a href="#score">Submission</a>')<a href="#data">Data</a></nav>
<main>
EOF
	section_table2
	section_by_edit
	section_per_pathology
	section_flips
	section_secondary
	section_paired
	[ -z "$SCORE" ] || section_score
	section_data
	cat <<EOF
</main>
<footer>Written by <code>examples/report.sh</code> (sfb $VERSION) from <code>examples/pictures.sh</code>&rsquo;s NDJSON; pictures drawn with gnuplot. No script, no network: this page and its files read offline.</footer>
</body>
</html>
EOF
}

section_table2() {
	echo '<section id="table2"><h2>Table 2: primary endpoints, recomputed beside the frozen summary</h2>'
	echo '<p class="lead">Recommendation change rate (share of pairs whose recommendation categories differ) and diagnostic-label consistency (mean Jaccard overlap of the label sets) over the usable pairs of each model, with source-clustered 95% CIs. &ldquo;Frozen&rdquo; is the released <code>common_core_1000_summary.json</code>; a row matches when the recomputed points and CIs and the usable-pair count equal it within 1e-12.</p>'
	figure primary "Forest plot: both primary endpoints per model, recomputed (blue) beside the frozen summary (vermillion)$([ -z "$SCORE" ] || echo ", the scored submission in green")."
	jqv '
	[$counts[] | .model as $m
	| find($counts; .model == $m) as $c
	| find($primary; .model == $m and .metric == "recommendation_changed") as $rr
	| find($frozen; .model == $m and .metric == "recommendation_changed") as $fr
	| find($primary; .model == $m and .metric == "diagnostic_label_consistency") as $rd
	| find($frozen; .model == $m and .metric == "diagnostic_label_consistency") as $fd
	| ([[$rr, $fr], [$rd, $fd]] | all(.[0] != null and .[1] != null
		and close(.[0].v.point_estimate; .[1].v.point_estimate)
		and (($iterations != 10000 or $seed != 42)
			or (close(.[0].v.ci95.lower; .[1].v.ci95.lower) and close(.[0].v.ci95.upper; .[1].v.ci95.upper)))))
		as $same
	| {m: $m, c: $c, rr: $rr, fr: $fr, rd: $rd, fd: $fd, ok: ($same and $fr.v.n == $c.v.usable_pairs)}] as $rows
	| ($rows | map(select(.ok)) | length) as $k
	| "<p class=\"verdict \(if $k == ($rows | length) then "ok" else "bad" end)\">Recomputed from the retained reports, Table 2 matches the frozen summary for <b>\($k) of \($rows | length)</b> models"
		+ (if $iterations == 10000 and $seed == 42 then " (point estimates, 95% CIs and usable-pair counts within 1e-12)." else " (point estimates and usable-pair counts within 1e-12; the CIs were recomputed with other settings than the summary&rsquo;s 10000 resamples and seed 42)." end) + "</p>",
	"<div class=\"scroll\"><table><thead><tr><th rowspan=\"2\">Model</th><th rowspan=\"2\">Panel</th><th rowspan=\"2\">Usable<br>pairs</th><th rowspan=\"2\">Full<br>refusals</th><th rowspan=\"2\">Partial<br>refusals</th>"
	+ "<th class=\"rec group\" colspan=\"2\">Recommendation change rate</th><th class=\"diag group\" colspan=\"2\">Diagnostic-label consistency</th><th rowspan=\"2\">Check</th></tr>"
	+ "<tr><th class=\"rec\">recomputed</th><th class=\"rec\">frozen</th><th class=\"diag\">recomputed</th><th class=\"diag\">frozen</th></tr></thead><tbody>",
	($rows[] | .m as $m | .c as $c | .rr as $rr | .fr as $fr | .rd as $rd | .fd as $fd | .ok as $ok
	| "<tr>" + ($m | esc | td("model")) + ($c.v.panel | sub("_.*"; "") | esc | td(""))
	+ (num($c; "counts.ndjson"; "usable_pairs"; "d") | td("num"))
	+ (num($c; "counts.ndjson"; "full_refusal_pairs"; "d") | td("num"))
	+ (num($c; "counts.ndjson"; "partial_refusal_pairs"; "d") | td("num"))
	+ (est($rr; "primary.ndjson") | td("num")) + (est($fr; "frozen.ndjson") | td("num"))
	+ (est($rd; "primary.ndjson") | td("num")) + (est($fd; "frozen.ndjson") | td("num"))
	+ (if $ok then "matches" | td("ok") else "differs" | td("bad") end) + "</tr>"),
	"</tbody></table></div>"' | numbers
	how <<EOF
# each model's retained reports, scored (P: its panel under $PANELS)
$SCORED
# recomputed: point estimate and CI of both endpoints -> data/primary.ndjson
$BOOT scored/\$MODEL
# refusal counts: records with usable false; partial refusals among the usable -> data/counts.ndjson
# frozen: $SUMMARY -> data/frozen.ndjson
#   recommendation change = 1 - recommendation.agreement_rate, CI = 1 - (upper, lower)
#   diagnostic consistency = diagnostic_label.mean, CI = diagnostic_label.bootstrap_ci
EOF
	echo '</section>'
}

section_by_edit() {
	echo '<section id="by-edit"><h2>Per edit label</h2>'
	echo '<p class="lead">The same endpoints over the pairs of each counterfactual edit (the demographic the generator imposed), each group bootstrapped with its own generator.</p>'
	figure by-edit "Forest plot: both primary endpoints per model and edit label."
	jqv '
	"<div class=\"scroll\"><table><thead><tr><th>Model</th><th>Edit label</th><th>Pairs</th><th>Sources</th><th class=\"rec\">Rec. change [95% CI]</th><th class=\"diag\">Diag. consistency [95% CI]</th></tr></thead><tbody>",
	($counts[] | .model as $m
	| ($by_edit | map(select(.model == $m) | .group) | unique) as $groups
	| $groups | to_entries[] | .key as $i | .value as $g
	| find($by_edit; .model == $m and .group == $g and .metric == "recommendation_changed") as $r
	| find($by_edit; .model == $m and .group == $g and .metric == "diagnostic_label_consistency") as $d
	| "<tr>" + (if $i == 0 then "<td class=\"model\" rowspan=\"\($groups | length)\">\($m | esc)</td>" else "" end)
	+ ($g | esc | td("")) + (num($r; "by-edit.ndjson"; "n"; "d") | td("num"))
	+ (num($r; "by-edit.ndjson"; "n_clusters"; "d") | td("num"))
	+ (est($r; "by-edit.ndjson") | td("num")) + (est($d; "by-edit.ndjson") | td("num")) + "</tr>"),
	"</tbody></table></div>"' | numbers
	how <<EOF
$SCORED
$BOOT --by edit_label scored/\$MODEL   # -> data/by-edit.ndjson
EOF
	echo '</section>'
}

section_per_pathology() {
	echo '<section id="per-pathology"><h2>Per ground-truth pathology</h2>'
	if [ -s "$D/per-pathology.ndjson" ]; then
		echo '<p class="lead">Per model and ground-truth pathology of the source (released <code>pairs.json</code>), the means over its pairs; a pair counts once for each pathology of its source.</p>'
		figure per-pathology "Heat map: diagnostic-label consistency, model by ground-truth pathology."
		echo '<details class="table"><summary>Every model and pathology: pairs and the four means</summary>'
		jqv 'table($per_pathology; "per-pathology.ndjson"; [])' | numbers
		echo '</details>'
		how <<EOF
examples/per-pathology.sh --artifacts $ROOT   # -> data/per-pathology.ndjson
EOF
	else
		printf '<p class="note">Left out: examples/per-pathology.sh or the secondary stages are not available.</p>\n'
	fi
	echo '</section>'
}

section_flips() {
	echo '<section id="flips"><h2>Label flips</h2>'
	if [ -s "$D/flips.ndjson" ]; then
		echo '<p class="lead">Per model and category, how often the counterfactual report adds a category the source report lacks or drops one it has: flip rate = (added + removed) / n, net shift = (added &minus; removed) / n.</p>'
		figure flips "Heat map: diagnostic-label flip rate, model by category."
		figure flips-recs "Heat map: recommendation flip rate, model by category."
		echo '<details class="table"><summary>Diagnostic-label flips, every model and category</summary>'
		jqv 'table($flips; "flips.ndjson"; ["panel", "iterations", "seed", "method"])' | numbers
		echo '</details><details class="table"><summary>Recommendation flips, every model and category</summary>'
		jqv 'table($flips_recs; "flips-recs.ndjson"; ["panel", "iterations", "seed", "method"])' | numbers
		echo '</details>'
		how <<EOF
$SCORED
sfb-flips -n $ITERATIONS -s $SEED scored/\$MODEL          # -> data/flips.ndjson
sfb-flips --recs -n $ITERATIONS -s $SEED scored/\$MODEL   # -> data/flips-recs.ndjson
EOF
	else
		left_out "label flips"
	fi
	echo '</section>'
}

section_secondary() {
	echo '<section id="secondary"><h2>Secondary endpoints</h2>'
	if [ -s "$D/secondary.ndjson" ]; then
		echo '<p class="lead">Mean absolute per-pair differences between source and counterfactual report: severity-language score, hedging-phrase count, and the hallucination disparity (a lexical unmatched-prediction share, over the pairs whose source has ground truth), recomputed with CIs beside the frozen summary&rsquo;s points.</p>'
		figure secondary "Forest plot: the secondary endpoints per model, recomputed beside the frozen points."
		jqv '
		"<div class=\"scroll\"><table><thead><tr><th>Model</th><th>Severity |shift| recomputed</th><th>frozen</th><th>Hedging |diff.| recomputed</th><th>frozen</th><th>Hallucination disparity recomputed</th><th>pairs</th><th>frozen</th></tr></thead><tbody>",
		($counts[] | .model as $m
		| "<tr>" + ($m | esc | td("model"))
		+ ([[["severity_abs_diff", false], ["hedging_abs_diff", false], ["hallucination_abs_diff", true]][] as [$k, $n]
			| (est(find($secondary; .model == $m and .metric == $k); "secondary.ndjson") | td("num"))
			+ (if $n then num(find($secondary; .model == $m and .metric == $k); "secondary.ndjson"; "n"; "d") | td("num") else "" end)
			+ (num(find($frozen; .model == $m and .metric == $k); "frozen.ndjson"; "point_estimate"; "6") | td("num"))] | add) + "</tr>"),
		"</tbody></table></div>"' | numbers
		how <<EOF
$SCORED
sfb-truth $PANELS/\$PANEL/pairs.json scored/\$MODEL | sfb-hallucination |
  $BOOT -v severity_abs_diff -v hedging_abs_diff -v hallucination_abs_diff   # -> data/secondary.ndjson
# frozen: primary_secondary_stats.{severity_language,confidence}.mean_abs_difference, hallucination.mean_disparity
EOF
	else
		left_out "secondary endpoints"
	fi
	echo '</section>'
}

section_paired() {
	echo '<section id="paired"><h2>Paired tests</h2>'
	if [ -s "$D/paired.ndjson" ]; then
		echo '<p class="lead">Wilcoxon signed-rank tests of source against counterfactual severity scores and hedge counts, per model (SciPy 1.10 defaults), with Cohen&rsquo;s d_z; p_adjusted is Bonferroni-adjusted across the nine models of each endpoint.</p>'
		jqv 'table($paired; "paired.ndjson"; ["adjust"])' | numbers
		how <<EOF
sfb-paired-test -a source_severity -b counterfactual_severity --by model scored/*   # -> data/paired.ndjson
sfb-paired-test -a source_hedges -b counterfactual_hedges --by model scored/*
EOF
	else
		left_out "paired tests"
	fi
	echo '</section>'
}

section_score() {
	echo '<section id="score"><h2>Scored submission</h2>'
	echo '<p class="lead">The primary endpoints of the submission scored by <code>sfb-score</code>, as its score JSON records them; drawn in green in the first forest plot.</p>'
	jqv '
	"<div class=\"scroll\"><table><thead><tr><th>Model</th><th>Scope</th><th>Endpoint</th><th>Pairs</th><th>Estimate [95% CI]</th></tr></thead><tbody>",
	($score | to_entries[] | {line: (.key + 1), v: .value} as $e
	| "<tr>" + ($e.v.model | esc | td("model")) + ($e.v.scope | esc | td(""))
	+ ($e.v.metric | esc | td("")) + (num($e; "score.ndjson"; "n"; "d") | td("num"))
	+ (est($e; "score.ndjson") | td("num")) + "</tr>"),
	"</tbody></table></div>"' | numbers
	how <<EOF
sfb-score --artifacts $ROOT --submission SUBMISSION --output $SCORE
# score JSON primary_endpoints.{recommendation_change_rate,diagnostic_label_consistency} -> data/score.ndjson
EOF
	echo '</section>'
}

section_data() {
	local f
	echo '<section id="data"><h2>Data</h2><p class="lead">The NDJSON every table and picture on this page was drawn from, and the pictures as PNG.</p><ul>'
	for f in "${VIEW_DATA[@]/#/data/}" "${VIEW_PICTURES[@]}"; do
		[ -e "$OUT/$f.ndjson" ] && f+=.ndjson
		[ -e "$OUT/$f.png" ] && f+=.png
		[ -e "$OUT/$f" ] || continue
		printf '<li><a href="%s">%s</a></li>\n' "$f" "$f"
	done
	echo '</ul></section>'
}

page >"$OUT/index.html.tmp"
mv "$OUT/index.html.tmp" "$OUT/index.html"
echo "$OUT/index.html"
