#!/bin/bash
# Write the goldens of examples/secondary.sh: for every case of
# tests/secondary_cases.bash, what tests/gen/ref_secondary.py (the
# independent Python implementation) prints on the default synthetic
# bundle, changed as the case says.  Run once by hand from the top of the
# tree after make:
#     tests/gen/gen_secondary_checks.sh [CASE...]
set -eu
out=tests/golden/secondary-checks
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
bin/sfb-synth --out "$tmp/bundle/artifacts" --code-root "$tmp/bundle/code-root" >/dev/null
. tests/secondary_cases.bash
mkdir -p "$out"
cases=$(declare -F | awk '$3 ~ /^case_/ { print $3 }')
[ $# -eq 0 ] || cases=$(printf 'case_%s\n' "$@")
for fn in $cases; do
	rm -rf "$tmp/w"
	cp -a "$tmp/bundle" "$tmp/w"
	B=$tmp/w/artifacts
	"$fn"
	st=0
	/usr/bin/python3 "tests/gen/ref_$SCRIPT.py" "${ARGS[@]}" >"$tmp/out" 2>"$tmp/err" || st=$?
	name=${fn#case_}
	cp "$tmp/out" "$out/$name.out"
	cp "$tmp/err" "$out/$name.err"
	echo "$st" >"$out/$name.status"
	echo "$name: $st"
done
