#!/bin/bash
# diagnostic-scoring.sh - the frozen Table 2 diagnostic scoring path: which
# programs score it, the released label registry, and the both-empty rule.
. "$(dirname "$0")/lib.sh"
USAGE=''
OPTIONS=''
parse_args "$@"
[ ${#ARGS[@]} -eq 0 ] || usage_error "unexpected argument: ${ARGS[0]}"

sfb-extract-labels --list >"$TMP/labels"
both_empty=$(echo '{"a": [], "b": []}' | sfb-jaccard -a a -b b -k j | jqr '.j')
echo "Frozen Table 2 diagnostic scoring path:"
echo "  sfb-extract-labels (frozen 13-category synonym registry)"
echo "  sfb-jaccard (diagnostic_label_consistency)"
echo "Released diagnostic-label registry size: $(wc -l <"$TMP/labels")"
sort "$TMP/labels" | awk '{ s = s (NR > 1 ? ", " : "") $0 }
	END { print "Released diagnostic-label categories: " s }'
awk -v j="$both_empty" 'BEGIN { printf "Both-empty diagnostic-label Jaccard: %.1f\n", j }'
