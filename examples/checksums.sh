#!/bin/bash
# checksums.sh - verify a SHA256SUMS manifest (names relative to its own
# directory): every listed file present with its recorded SHA-256.
. "$(dirname "$0")/lib.sh"
USAGE='[--code-root DIR] [MANIFEST]'
OPTIONS='code-root'
parse_args "$@"
[ ${#ARGS[@]} -le 1 ] || usage_error "unexpected argument: ${ARGS[1]}"

manifest=$(realpath -m -- "${ARGS[0]:-$CODE/SHA256SUMS.txt}")
[ -f "$manifest" ] || fail "Missing required artifact: ${ARGS[0]:-SHA256SUMS.txt}"
st=0
sfb-sha-verify -q "$manifest" >"$TMP/failed" 2>"$TMP/err" || st=$?
case $st in
0)	grep '^Checksum verification: ' "$TMP/err" ;;
1)	# The reference stops at the first failure in manifest order.
	fail "$(jqr 'if .status == "missing" then "Checksum file missing: \(.path)"
		else "Checksum mismatch: \(.path)" end' "$TMP/failed" | head -n 1)" ;;
*)	# A manifest the reference refuses: its message without our prefixes.
	msg=$(head -n 1 "$TMP/err")
	msg=${msg#sfb-sha-verify: }
	msg=${msg#"$manifest": }
	msg=${msg#"$manifest":}
	[[ $msg =~ ^[0-9]+:\ (.*) ]] && msg=${BASH_REMATCH[1]}
	fail "$msg" ;;
esac
