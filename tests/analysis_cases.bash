# The golden vectors of tests/golden/analysis (tests/gen/gen_analysis_golden.py,
# from SciPy 1.10 and NumPy), shared by sfb-paired-test.bats, sfb-flips.bats
# and sfb-cluster-boot.bats.

AGOLD="$TOP/tests/golden/analysis"

# The same objects, key for key in the same order; the test's statistic and
# z within a relative 1e-12, its p-values within an absolute 1e-12 of
# SciPy's (SPEC 16), everything else equal.
same_within() {
	jq -n --slurpfile a "$1" --slurpfile e "$2" '
	def abs: if . < 0 then -. else . end;
	def near($x; $y; $rel; $tol):
		$x == $y or ($x != null and $y != null and
		    (($x - $y) | abs) <= ($tol + $rel * ($y | abs)));
	($a | length) == ($e | length) and
	all(range($e | length); . as $i | $a[$i] as $x | $e[$i] as $y |
	    ($x | keys_unsorted) == ($y | keys_unsorted) and
	    all($y | keys_unsorted[]; . as $k |
	        if $k == "statistic" or $k == "z" then near($x[$k]; $y[$k]; 1e-12; 0)
	        elif $k == "p_value" or $k == "p_adjusted" then near($x[$k]; $y[$k]; 0; 1e-12)
	        else $x[$k] == $y[$k] end))' | grep -qx true
}

# Run every case of program $1 whose name starts with $2: stderr empty,
# status 0, and stdout byte for byte the expected one (with $3 = near,
# same_within instead).
analysis_cases() {
	local want="$1" prefix="$2" mode="${3:-}" name prog input args n=0 bad=""
	local -a argv
	while IFS=$'\t' read -r name prog input args; do
		case "$name" in "#"*) continue ;; "$prefix"*) ;; *) continue ;; esac
		[ "$prog" = "$want" ] || continue
		n=$((n + 1))
		# the arguments are shell words (jq programs are quoted)
		eval "argv=($args)"
		run_split "$prog" "${argv[@]}" "$AGOLD/$input"
		printf '%s\n' "$output" >"$BATS_TEST_TMPDIR/out"
		if [ "$status" -ne 0 ] || [ -n "$stderr" ]; then
			bad="$bad $name"
			echo "case $name: status $status, stderr: $stderr"
		elif [ "$mode" = near ]; then
			same_within "$BATS_TEST_TMPDIR/out" "$AGOLD/cases/$name.out" ||
				{ bad="$bad $name"; diff "$BATS_TEST_TMPDIR/out" "$AGOLD/cases/$name.out" | head -4; }
		elif ! cmp -s "$BATS_TEST_TMPDIR/out" "$AGOLD/cases/$name.out"; then
			bad="$bad $name"
			diff "$BATS_TEST_TMPDIR/out" "$AGOLD/cases/$name.out" | head -4
		fi
	done <"$AGOLD/cases.tsv"
	[ "$n" -gt 0 ] || { echo "no case $prefix*"; return 1; }
	[ -z "$bad" ] || { echo "failed:$bad"; return 1; }
}
