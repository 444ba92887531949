#!/bin/bash
# recovered-scoring.sh - the reference's
# scripts/verify_recovered_scoring_candidate.py: the six frozen inputs and
# the five later recovered source files checked against their pinned
# SHA-256, then each model's saved hallucination disparity recomputed with
# the recovered pairing (reports joined by pair key, last row winning) and
# printed as the reference's receipt, byte for byte; verified when the nine
# means and counts match and every model covers exactly the 1000 core
# sources.  It cannot run the recorded Python: sfb-refusal and
# sfb-extract-labels stand in for its modules, which standard error says.
. "$(dirname "$0")/lib.sh"
USAGE='--artifacts DIR [--code-root DIR] [--source-root DIR] [--output FILE] [--pins FILE]'
OPTIONS='artifacts code-root source-root output pins'
parse_provenance_args source-root provenance/later_scoring_source/spinefairbench "$@"

SOURCES=(analyze.py metrics/refusal_detector.py metrics/hallucination.py
	metrics/diagnostic_label.py data/annotations.py)
P=Results/final_inputs/panels
CORE=freeze_runs/2026-04-09/evaluation_source_subset_core1000.json
INPUTS=(Results/analysis/common_core_1000_summary.json
	$P/full_pipeline_retained/evaluation_results.json
	$P/baseline_only_retained/evaluation_results.json
	$P/full_pipeline_retained/pairs.json $P/baseline_only_retained/pairs.json
	$CORE)
PIN_NAMES=("${INPUTS[@]}" "${SOURCES[@]}")
read_pins <<'PINNED'
aa29f549177df5314cf27e79aa379ce7a442f05f9017c218b22b91d4d7655756 analyze.py
06a126ca0b50dfcac6acbae862a90df18430f851419a248a2e923273a47b21f1 metrics/refusal_detector.py
fe82ca6cbad226bbb47129b3a958ae86dc2bf7e08ae7d0e73d0992a4f9fc3840 metrics/hallucination.py
79650c751cb346c688d0741df7f872b6cafb9076d761f04e6ffa4961702240ea metrics/diagnostic_label.py
2bed2312045293de07b8196454d2e957e291bce190f759122ad7881be6a9929c data/annotations.py
e0eb42ebcb28b8e8aae16ae7749ae0adb810bf0c0c8f5ca2a8810d50993611f5 Results/analysis/common_core_1000_summary.json
5e3ff8d1c3cc808e2199e1c19f0b6c456437c21db2bc58df05aca0c34891b7b3 Results/final_inputs/panels/full_pipeline_retained/evaluation_results.json
7d900f5e2965e9ad863e0c1a0a6e2bcd41a03c5a9bc7339efc60566172b0e67a Results/final_inputs/panels/baseline_only_retained/evaluation_results.json
cb5c29f25c54a086c934c77517e8e28ae695704192f181084c5efdc5a23c58bb Results/final_inputs/panels/full_pipeline_retained/pairs.json
cb5c29f25c54a086c934c77517e8e28ae695704192f181084c5efdc5a23c58bb Results/final_inputs/panels/baseline_only_retained/pairs.json
56d52393844c11d9aa5b9aed9fe9db144dfa8193c2584d7d980d501bedc2af4d freeze_runs/2026-04-09/evaluation_source_subset_core1000.json
PINNED

# The reference catches nothing: an error ends in a traceback, whose last
# line ("Class: message") this prints.
die() {
	printf '%s\n' "$1" >&2
	exit 1
}

SRC=$(pypath "$SOURCE_ROOT")
ART=$(inner_root "$ARTIFACTS")
e=$(verify_pins "$ART" "Input SHA-256 mismatch" "${INPUTS[@]}") || die "$e"
e=$(verify_pins "$SRC" "Source SHA-256 mismatch" "${SOURCES[@]}") || die "$e"

e=$(panels_rows "$ART") || die "$e"

jq -n -a --indent 2 "$JQLIB$JQPROV"'
def pyget(k; d): if has(k) then .[k] else d end;
# str.strip() leaves nothing.
def blank: gsub("[\\s\u001c-\u001f\u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]"; "") == "";
def nonblank: type == "string" and . != ""
	and ((.[0:1] | explode[0] | . > 32 and . < 127) or (blank | not));
def source_of: [(.source_id, .pair_source_id) | select(nonblank)] | .[0] // "";
def lookup_key: if .pair_id | nonblank then .pair_id else source_of end;
def pair_key: if .pair_id | nonblank then .pair_id
	else source_of as $s
	| if $s == "" then ""
	elif pyget("image_role"; "") == "generated" and (pyget("image_path"; "") | nonblank)
	then "\($s)::\(.image_path)" else $s end end;
# Ground truth by source_id, the recovered way: indices equal to 0-12,
# none at all when every list is empty.
def truth: if truthy then
	reduce (.[] | select(type == "object")
		| select((pyget("source_id"; "") | truthy) and has("pathology_labels"))) as $e
		({g: {}, with: 0, full: 0};
		.with += 1
		| if ($e.pathology_labels | type) == "array" and ($e.pathology_labels | length) > 0
		then .full += 1 else . end
		| .g[$e.source_id | key] = ([$e.pathology_labels | if type == "array" then .[] else empty end
			| if type == "boolean" then (if . then 1 else 0 end) else . end
			| select(type == "number" and . >= 0 and . < 13 and . == floor) | cats[.]]
			| unique - ["No finding"]))
	| if .with > 0 and .full == 0 then {} else .g end
	else {} end;
def panel($rows; $pairs; $short; $summary; $core):
	($pairs | truth) as $gt
	| [$rows | to_entries[] | .key as $i | .value
		| select((pair_key | truthy) and (pyget("error"; null) | truthy | not)
			and .cls != "full_refusal")
		| {i: $i, m: (pyget("model"; "unknown") | key), role: pyget("image_role"; ""),
			path: pyget("image_path"; ""), lk: (lookup_key | key), pk: (pair_key | key),
			sid: (source_of | key), l: .labels}
		| (.role | truthy | not) as $norole
		| ((.path | type) == "string" and (.path | contains("_source"))) as $src
		| .kind = (if .role == "source" or ($norole and $src) then "s"
			elif .role == "generated" or ($norole and ($src | not)) then "g"
			else null end)
		| select(.kind)] as $v
	| ([$v[] | select(.kind == "s")] | group_by([.m, .lk])
		| map({key: ([.[0].m, .[0].lk] | tojson), value: .[-1].l}) | from_entries) as $src
	| ([$v[] | select(.kind == "g")] | group_by([.m, .pk])
		| map({m: .[0].m, i: .[0].i, lk: .[-1].lk, sid: .[-1].sid, l: .[-1].l})
		| sort_by(.i)) as $gen
	| [[$v[] | select(.kind == "s")] | group_by(.m) | map({m: .[0].m, i: .[0].i})
		| sort_by(.i)[].m as $m
		| [$gen[] | select(.m == $m) | ([$m, .lk] | tojson) as $b
			| select($src | has($b)) | {s: $src[$b], g: .l, sid}] as $report
		| select($report | length > 0)
		| [$report[] | . as $p | select($gt | has($p.sid))
			| absdiff(lexical(.s; $gt[.sid]); lexical(.g; $gt[.sid]))] as $d
		| ($summary | get("panels") | get($short) | get("models") | get($m)
			| get("primary_secondary_stats") | get("hallucination")) as $saved
		| ([$rows[] | select(get("model") | key == $m) | get("pair_source_id") | key]
			| unique) as $sids
		| ($saved | get("n_pairs")) as $sn
		| ($d | mean) as $mean
		| ($saved | get("mean_disparity")) as $sm
		| {key: $m, value: {
			saved_n_pairs: $sn,
			recovered_code_n_pairs: ($d | length),
			mean_absolute_difference: ($mean | F),
			saved_mean_disparity: ($sm | F),
			absolute_error: (absdiff($mean; $sm) | F),
			input_source_count: ($sids | length),
			input_sources_outside_core_count: ($sids - $core | length),
			denominator_matches: (($d | length) == $sn),
			err: absdiff($mean; $sm)}}];
run(
	$summary[0] as $summary
	| ($core[0] | get("source_ids") | map(key)) as $core
	| (panel($full; $full_pairs[0]; "full"; $summary; $core)
		+ panel($base; $base_pairs[0]; "baseline"; $summary; $core)) as $rows
	| (reduce $rows[] as $r ({}; .[$r.key] = $r.value)) as $models
	| ([$models[] | .denominator_matches] | all) as $all
	| ([$models[] | .err] | if length == 0
		then raise("ValueError"; "max() arg is an empty sequence") else max end) as $max
	| {
		record_type: "later_recovered_source_pairing_verification",
		source_commit: "0e114cdca9d522054308c6d74ce14b30c698503a",
		source_commit_parent: "889358c42a52f3406005f0939e1f20ad698d7be4",
		source_commit_recorded_date: "2026-04-27T02:01:58-04:00",
		source_sha256: $pins[0].s,
		input_sha256: $pins[0].a,
		method: "Exact AST-isolated _compute_fairness_metrics from recovered April27 source, original pure-Python refusal/lexical/hallucination modules, annotation category constants parsed without importing pandas; aggregate_metrics stub returns empty dictionary. No model, image generation, metric bootstrap or checkpoint execution. Computed means only to verify existing saved numbers.",
		models: ($models | map_values(del(.err))),
		all_denominators_match: $all,
		maximum_absolute_error: ($max | F),
		remaining_limitation: "April27 Git metadata and its source bytes do not authenticate the git_dirty=true April20 execution; exact executed source binding remains missing.",
		verified: (($models | length) == 9 and $all and $max <= 1e-12
			and ([$models[] | .input_source_count == 1000
				and .input_sources_outside_core_count == 0] | all))
	})' \
	--slurpfile summary "$ART/Results/analysis/common_core_1000_summary.json" \
	--slurpfile core "$ART/$CORE" \
	--slurpfile full "$TMP/rows.full_pipeline_retained" \
	--slurpfile base "$TMP/rows.baseline_only_retained" \
	--slurpfile full_pairs "$ART/$P/full_pipeline_retained/pairs.json" \
	--slurpfile base_pairs "$ART/$P/baseline_only_retained/pairs.json" \
	--slurpfile pins <(pins_json SOURCES INPUTS) \
	>"$TMP/doc" 2>"$TMP/jq.err" || die "ValueError: $(head -n 1 "$TMP/jq.err")"

e=$(receipt) || die "$e"
cat "$TMP/out"
echo "$PROG: arithmetic recomputed by sfb; the recorded Python was verified by hash, not run" >&2
grep -q '^  "verified": true$' "$TMP/out" || exit 1
