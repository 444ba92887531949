#!/bin/sh
# Every program has a man page and a bats file, and every page is clean
# under mandoc -Tlint (style messages included).
set -u
cd "$(dirname "$0")/.."
st=0
for src in bin/sfb-*.c; do
	[ -f "$src" ] || continue
	p=$(basename "$src" .c)
	[ -f "man/$p.1" ] || { echo "lint: $p has no man/$p.1" >&2; st=1; }
	[ -f "tests/$p.bats" ] || { echo "lint: $p has no tests/$p.bats" >&2; st=1; }
done
for m in man/*.1 man/*.7; do
	[ -f "$m" ] || continue
	# -Wstyle minus the base-system cross-reference check, which only
	# knows the pages installed on this machine.
	out=$(mandoc -Tlint -Wstyle "$m" 2>&1 | grep -v 'referenced manual not found')
	[ -z "$out" ] || { echo "$out" >&2; st=1; }
done
# The areas of lib/ (lib/README): a lower area never includes a higher one.
for a in core text stats image generator bundle; do
	case $a in
	core) ok="core" ;;
	text | stats | image) ok="core $a" ;;
	generator) ok="core image generator" ;;
	*) ok="core text stats image $a" ;;
	esac
	for f in lib/$a/*.[ch]; do
		[ -f "$f" ] || continue
		for inc in $(sed -n 's#^\#include "\([a-z]*\)/.*#\1#p' "$f"); do
			case " $ok " in
			*" $inc "*) ;;
			*) echo "lint: $f includes $inc/ (lib/README)" >&2; st=1 ;;
			esac
		done
	done
done
[ $st -eq 0 ] && echo "lint: ok"
exit $st
