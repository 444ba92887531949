#!/bin/bash
# mitigation.sh - Table 3: the two Stage-1-included models, their condition
# A/B rows, the delta arithmetic and the binding-rule outcome (expected to
# fail), and the set of models the Stage-1 gate excluded entirely.
. "$(dirname "$0")/lib.sh"
USAGE='[--artifacts DIR]'
OPTIONS='artifacts'
parse_args "$@"
[ ${#ARGS[@]} -eq 0 ] || usage_error "unexpected argument: ${ARGS[0]}"

parsing=$(need $ANALYSIS/mitigation_parsing_confidence.json)
jqr empty "$parsing"
table=$(need $ANALYSIS/mitigation_table.csv)
sfb-csv "$table" >"$TMP/table"

echo "Mitigation Table 3 verification:"
# One tab-separated line per model: the Stage-1 gate's count, size and rate,
# condition A and B rec/diag, the deltas, then the b_rule_pass cell as written.
jqr '
# A cell as Python float() reads it, finite, else the reference failure.
def cell($f): .[$f] as $v
	| ($v | strings | sub("^\\s+"; "") | sub("\\s+$"; "") | gsub("_"; "")
		| select(test("^[+-]?([0-9]+(\\.[0-9]*)?|\\.[0-9]+)([eE][+-]?[0-9]+)?$")) | tonumber
		| select(isinfinite | not))
	// fail("Invalid mitigation-table value for \($f): \($v | pyrepr)");
def row($m; $c): first($rows[] | select(.model == $m and .condition == $c))
	// fail("Missing mitigation-table row for \($m) \($c)");
. as $gates | "gpt-5.4", "glm-4.6v" | . as $m | ($gates[$m] // {}) as $gate
| if $gate.decision != "included" then fail("Mitigation model \($m) was not included by the Stage-1 gate") else . end
| row($m; "condition_a") as $a | row($m; "condition_b") as $b
| ($b | cell("delta_rec")) as $drec | ($b | cell("delta_diag")) as $ddiag
| if $a.n_pairs != $b.n_pairs
	or ($drec - (($b | cell("rec_change")) - ($a | cell("rec_change"))) | fabs) > 1e-12
	or ($ddiag - (($b | cell("diag_consistency")) - ($a | cell("diag_consistency"))) | fabs) > 1e-12
	then fail("Mitigation table accounting mismatch for \($m)") else . end
| ($b.b_rule_pass // "" | ascii_downcase | sub("^\\s+"; "") | sub("\\s+$"; "")) as $flag
| if ($flag | IN("true", "false") | not) then fail("Missing or invalid mitigation binding-rule flag for \($m)")
	elif $flag == "true" or $drec <= 0 or $ddiag >= -0.05 then fail("Unexpected mitigation binding-rule result for \($m)")
	else . end
| [$m, ($gate.stage1_diag_pass_count | pystr), ($gate.sample_size | pystr),
	($gate.stage1_diag_pass_rate // 0 | tonumber), ($a | cell("rec_change")), ($a | cell("diag_consistency")),
	($b | cell("rec_change")), ($b | cell("diag_consistency")), $drec, $ddiag] + [$b.b_rule_pass | pystr]
| map(tostring) | join("\t")
' --slurpfile rows "$TMP/table" "$parsing" |
	awk -F'\t' '{
		flag = $0
		for (i = 1; i <= 10; i++)
			sub(/^[^\t]*\t/, "", flag)
		printf "%s stage1: %s/%s (%.3f) condition_a rec/diag: %.3f %.3f condition_b rec/diag: %.3f %.3f delta: %.3f %.3f b_rule_pass: %s\n",
		    $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, flag
		fflush()
	}'
jqr '[to_entries[] | select(.value.decision == "excluded_full") | .key] | sort
	| if . != ["claude-opus-4-6", "claude-sonnet-4-6", "kimi-k2.5"]
		then fail("Unexpected mitigation Stage-1 exclusions: \(pyrepr)") else . end
	| "Stage-1 full exclusions: \(join(", "))", "Mitigation verification: OK"' "$parsing"
