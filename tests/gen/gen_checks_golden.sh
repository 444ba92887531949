#!/bin/bash
# Write the reviewer checks' goldens: for every case of
# tests/examples_cases.bash, what tests/gen/ref_checks.py (the independent
# Python implementation) prints on the default synthetic bundle, corrupted
# as the case says.  Run once by hand from the top of the tree after make:
#     tests/gen/gen_checks_golden.sh [CASE...]
# (naming cases rewrites only theirs).
# SFB_CHECKS_BUNDLE=DIR uses DIR/artifacts and DIR/code-root instead of a
# fresh `sfb-synth` bundle.  The adv_* cases use a fresh
# `sfb-synth --adversarial` bundle (same sources and seed).
set -eu
out=tests/golden/checks
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
if [ -n "${SFB_CHECKS_BUNDLE:-}" ]; then
	cp -a "$SFB_CHECKS_BUNDLE" "$tmp/bundle"
else
	bin/sfb-synth --out "$tmp/bundle/artifacts" --code-root "$tmp/bundle/code-root"
fi
bin/sfb-synth --out "$tmp/adv/artifacts" --code-root "$tmp/adv/code-root" --adversarial
ADV=$tmp/adv
. tests/examples_cases.bash
mkdir -p "$out"
cases=$(declare -F | awk '$3 ~ /^case_/ { print $3 }')
[ $# -eq 0 ] || cases=$(printf 'case_%s\n' "$@")
for fn in $cases; do
	rm -rf "$tmp/w"
	cp -a "$tmp/bundle" "$tmp/w"
	B=$tmp/w/artifacts C=$tmp/w/code-root
	"$fn"
	st=0
	/usr/bin/python3 tests/gen/ref_checks.py "$CHECK" "${ARGS[@]}" >"$tmp/out" 2>"$tmp/err" || st=$?
	name=${fn#case_}
	sed "s|$B|@B@|g; s|$C|@C@|g" "$tmp/out" >"$out/$name.out"
	sed "s|$B|@B@|g; s|$C|@C@|g" "$tmp/err" >"$out/$name.err"
	echo "$st" >"$out/$name.rc"
	echo "$name: $st $(tail -n 1 "$out/$name.err")"
done
