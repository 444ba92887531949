#!/bin/bash
# reviewer-checks.sh - every reviewer check, in the order of the reviewer
# guide, on one bundle and one reference checkout.  Each check's output is
# headed by "== NAME"; every check runs even after a failure, and the last
# line counts them.  Exit 0 when all pass, else the worst status.
. "$(dirname "$0")/lib.sh"
USAGE='[--artifacts DIR] [--code-root DIR] [--recompute-ci]'
OPTIONS='artifacts code-root recompute-ci'
parse_args "$@"
[ ${#ARGS[@]} -eq 0 ] || usage_error "unexpected argument: ${ARGS[0]}"

here=$(dirname "$0")
A=(--artifacts "$ROOT")
C=(--code-root "$CODE")
passed=0 failed=0 worst=0
check() {
	local name=$1 st=0
	shift
	echo "== $name"
	"$here/$1" "${@:2}" || st=$?
	if [ "$st" -eq 0 ]; then
		passed=$((passed + 1))
	else
		failed=$((failed + 1))
		[ "$st" -le "$worst" ] || worst=$st
	fi
}

check inspect inspect.sh "${A[@]}" "${C[@]}"
check dataset dataset.sh "${A[@]}"
check stage1-confidence stage1-confidence.sh "${A[@]}"
check mitigation mitigation.sh "${A[@]}"
check parse-sample parse-sample.sh "${A[@]}" --model gpt-5.4
check diagnostic-scoring diagnostic-scoring.sh
check table2 table2.sh "${A[@]}" ${RECOMPUTE_CI:+--recompute-ci}
check gap-sensitivity gap-sensitivity.sh "${A[@]}"
check both-empty-diagnostic both-empty-diagnostic.sh "${A[@]}"
check radiologist radiologist.sh "${A[@]}"
check "checksums (code root)" checksums.sh "${C[@]}"
check "checksums SHA256SUMS.txt" checksums.sh "$ROOT/SHA256SUMS.txt"
check "checksums radiologist_validation_SHA256SUMS.txt" checksums.sh \
	"$ROOT/radiologist_validation_SHA256SUMS.txt"
check release-identity release-identity.sh "${A[@]}" "${C[@]}"
check followup followup.sh "${C[@]}"
echo "reviewer checks: $passed passed, $failed failed"
exit "$worst"
