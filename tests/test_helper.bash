# Loaded by every bats file: bats-support, bats-assert, the programs under
# test first on PATH, and helpers for the common assertions.
load '/usr/lib/bats/bats-support/load'
load '/usr/lib/bats/bats-assert/load'

TOP="$(cd "$BATS_TEST_DIRNAME/.." && pwd)"
SFB_BIN="${SFB_BIN:-$TOP/bin}"
PATH="$SFB_BIN:$PATH"
export PATH TOP

# Run a command with separate stdout and stderr: $output is stdout,
# $stderr is stderr, $status the exit status.
# (bats' run captures 2>&1 itself, so a redirection around it is not enough.)
bats_require_minimum_version 1.5.0
run_split() {
	run --separate-stderr "$@"
}

# run_split with standard input from the string $1.
run_in() {
	local input="$1"
	shift
	local inf="$BATS_TEST_TMPDIR/stdin.$$"
	printf '%s' "$input" >"$inf"
	run_split "$@" <"$inf"
}

assert_stderr() {
	if [ "$stderr" != "$1" ]; then
		batslib_print_kv_single_or_multi 8 expected "$1" actual "$stderr" |
			batslib_decorate 'stderr differs' | fail
	fi
}
