#!/usr/bin/env bats
# -j JOBS of the record filters sfb-refusal, sfb-extract-labels and
# sfb-rec-bucket: on any number of threads the output, the error message
# and the exit status are those of -j 1, including for bad input that
# lies blocks of lines into the stream.  The inputs are larger than the
# threads' blocks (1 MB) so that each run has several.  -j 1 itself is
# checked against the Python goldens by each program's own tests.

load test_helper

PROGS="sfb-refusal sfb-extract-labels sfb-rec-bucket"

setup() {
	big="$BATS_TEST_TMPDIR/big.ndjson"
	zstd -qdc "$TOP/tests/golden/text/pairs.ndjson.zst" >"$big"
}

# Run "$@" on -j 1 and on each thread count of $JOBS; stdout, stderr and
# status must agree.  Leaves the -j 1 run's stdout in $out1 (a file), its
# line count in $n1, its stderr and status in $stderr and $status.
same_on_all_jobs() {
	local prog=$1 j
	shift
	out1="$BATS_TEST_TMPDIR/out.1"
	run_split sh -c '"$@" >"$0"' "$out1" "$prog" -j 1 "$@"
	local err1=$stderr st1=$status
	for j in ${JOBS:-2 3 8}; do
		run_split sh -c '"$@" >"$0"' "$out1.j" "$prog" -j "$j" "$@"
		if [ "$status" != "$st1" ] || [ "$stderr" != "$err1" ] ||
		    ! cmp -s "$out1" "$out1.j"; then
			echo "$prog -j $j $*: status $status, want $st1" >&2
			echo "stderr: $stderr" >&2
			echo "want:   $err1" >&2
			return 1
		fi
	done
	n1=$(wc -l <"$out1")
	stderr=$err1 status=$st1
}

@test "jobs: every thread count gives the output of -j 1 (plain, zstd, stdin)" {
	local p zst="$BATS_TEST_TMPDIR/big.ndjson.zst"
	zstd -q -o "$zst" "$big"
	for p in $PROGS; do
		same_on_all_jobs "$p" "$big"
		assert_success
		[ "$n1" -eq 5200 ]
		mv "$out1" "$BATS_TEST_TMPDIR/want"
		same_on_all_jobs "$p" "$zst"
		cmp "$out1" "$BATS_TEST_TMPDIR/want"
		cat "$big" | "$p" -j 3 >"$out1"
		cmp "$out1" "$BATS_TEST_TMPDIR/want"
	done
}

@test "jobs: --evidence, --strict, -f and -k run the same on threads" {
	same_on_all_jobs sfb-extract-labels --strict --evidence "$big"
	assert_success
	[ "$(grep -c '"counterfactual_diagnostic_evidence": ' "$out1")" -eq 5200 ]
	same_on_all_jobs sfb-rec-bucket -f source_report -k recs "$big"
	assert_success
	[ "$(grep -c '"recs": \[' "$out1")" -eq 5200 ]
	same_on_all_jobs sfb-refusal -f counterfactual_report -k rc "$big"
	assert_success
	[ "$(grep -c '"rc": "' "$out1")" -eq 5200 ]
}

@test "jobs: a bad line in a later block stops there, the lines before it written whole" {
	local bad="$BATS_TEST_TMPDIR/bad.ndjson" p
	{ head -n 3999 "$big"; echo '{"source_report": "x", '; tail -n +4000 "$big"; } >"$bad"
	for p in $PROGS; do
		same_on_all_jobs "$p" "$bad"
		assert_failure 2
		assert_stderr "$p: $bad:4000: invalid JSON: expected a string key"
		"$p" -j 1 "$big" | head -n 3999 | cmp - "$out1"
	done
}

@test "jobs: of two bad lines in different blocks the first is reported" {
	local bad="$BATS_TEST_TMPDIR/bad.ndjson"
	{ head -n 2500 "$big"; echo '[1]'; sed -n 2501,4800p "$big"; echo 'x'; } >"$bad"
	same_on_all_jobs sfb-extract-labels "$bad"
	assert_failure 2
	assert_stderr "sfb-extract-labels: $bad:2501: not a JSON object"
	[ "$n1" -eq 2500 ]
}

@test "jobs: line numbers count blank lines and restart in each file" {
	local a="$BATS_TEST_TMPDIR/a.ndjson" b="$BATS_TEST_TMPDIR/b.ndjson"
	awk '{ print; if (NR % 7 == 0) print "" }' "$big" >"$a"
	printf '{"source_report": "a", "counterfactual_report": "b"}\n\n{"source_report": 1, "counterfactual_report": "b"}\n' >"$b"
	same_on_all_jobs sfb-rec-bucket "$a" "$b" "$a"
	assert_failure 2
	assert_stderr "sfb-rec-bucket: $b:3: field \"source_report\" is a number, not a string"
	[ "$n1" -eq 5201 ]
}

@test "jobs: CRLF, blank lines and a last line without a newline" {
	local crlf="$BATS_TEST_TMPDIR/crlf.ndjson"
	{ sed 's/$/\r/' "$big"; printf '\r\n  \n'; head -n 1 "$big" | tr -d '\n'; } >"$crlf"
	same_on_all_jobs sfb-refusal "$crlf"
	assert_success
	[ "$n1" -eq 5201 ]
	sfb-refusal -j 1 "$big" | cmp - <(head -n 5200 "$out1")
}

@test "jobs: a truncated zstd stream fails after the lines before the cut" {
	local zst="$BATS_TEST_TMPDIR/cut.ndjson.zst" p
	zstd -q -c "$big" | head -c 400000 >"$zst"
	for p in $PROGS; do
		same_on_all_jobs "$p" "$zst"
		assert_failure 2
		[[ "$stderr" =~ ^$p:\ $zst:[0-9]+:\ truncated\ zstd\ stream$ ]]
		local n=${stderr#*.zst:}
		[ "${n%%:*}" -eq $(( n1 + 1 )) ]
		[ "$n1" -gt 1000 ]
	done
}

@test "jobs: an unreadable file after a good one fails after all of its lines" {
	same_on_all_jobs sfb-refusal "$big" "$BATS_TEST_TMPDIR/none.ndjson"
	assert_failure 2
	assert_stderr "sfb-refusal: $BATS_TEST_TMPDIR/none.ndjson: cannot open: No such file or directory"
	[ "$n1" -eq 5200 ]
	same_on_all_jobs sfb-refusal "$big" "$BATS_TEST_TMPDIR"
	assert_failure 2
	assert_stderr "sfb-refusal: $BATS_TEST_TMPDIR:1: read error: Is a directory"
}

@test "jobs: a bad line on a pipe that stays open is reported at once" {
	local fifo="$BATS_TEST_TMPDIR/fifo" p
	mkfifo "$fifo"
	for p in $PROGS; do
		# This shell holds the pipe open: no end of input ever comes.
		# (Not on descriptor 3, which is bats' own.)
		exec 7<>"$fifo"
		{ head -n 10 "$big"; echo '{'; } >&7
		run_split timeout 20 "$p" -j 2 <"$fifo"
		exec 7>&-
		assert_failure 2
		assert_stderr "$p: -:11: invalid JSON: expected a string key"
		[ "${#lines[@]}" -eq 10 ]
	done
}

@test "jobs: a failed write is an error on every thread count" {
	local p j
	for p in $PROGS; do
		for j in 1 2 3; do
			run_split sh -c '"$@" >/dev/full' sh "$p" -j "$j" "$big"
			assert_failure 2
			assert_stderr "$p: write error: No space left on device"
		done
	done
}

@test "jobs: a reader that stops early ends the threads quietly" {
	run_split sh -c "sfb-extract-labels -j 4 '$big' | head -n 2"
	assert_success
	[ "${#lines[@]}" -eq 2 ]
	assert_stderr ""
}

@test "jobs: -j takes a number from 1 to 256" {
	local p v
	for p in $PROGS; do
		for v in 0 257 x 2x ""; do
			run_in '' "$p" -j "$v"
			assert_failure 2
			assert_output ""
			assert_stderr "$p: -j: expected a number from 1 to 256: '$v'"
		done
		run_in '' "$p" --jobs=256
		assert_success
		assert_output ""
	done
}
