#!/usr/bin/env bats
# sfb-csv: CSV with a header row to NDJSON.

load test_helper

G="$TOP/tests/golden/csv"

@test "random tables read back as Python's csv.DictReader reads them" {
	for t in 0 1 2 3; do
		run_split sfb-csv "$G/t$t.csv"
		assert_success
		assert_stderr ''
		[ "$output" = "$(cat "$G/t$t.ndjson")" ]
	done
}

@test "several files, each with its own header, in order" {
	run_split sfb-csv "$G/t0.csv" "$G/t1.csv"
	assert_success
	[ "$output" = "$(cat "$G/t0.ndjson" "$G/t1.ndjson")" ]
}

@test "quoted delimiters, doubled quotes and line breaks" {
	run_in $'id,text\n1,"a,b"\n2,"say ""hi"""\n3,"two\r\nlines"\n' sfb-csv
	assert_success
	assert_stderr ''
	assert_output '{"id":"1","text":"a,b"}
{"id":"2","text":"say \"hi\""}
{"id":"3","text":"two\r\nlines"}'
}

@test "a byte order mark is dropped, blank lines skipped, spaces kept" {
	run_in $'\xef\xbb\xbfa,b\n\n 1 , 2\r\n\r\n3,4' sfb-csv
	assert_success
	assert_output '{"a":" 1 ","b":" 2"}
{"a":"3","b":"4"}'
}

@test "control characters are escaped, other text passes as UTF-8" {
	run_in $'k\n\x01\tcaf\xc3\xa9\n' sfb-csv
	assert_success
	assert_output '{"k":"\u0001\tcafé"}'
}

@test "empty input and a header alone write nothing" {
	run_in '' sfb-csv
	assert_success
	assert_output ''
	run_in $'a,b\n' sfb-csv
	assert_success
	assert_output ''
}

@test "zstd-compressed input" {
	printf 'a,b\n1,2\n' | zstd -q >"$BATS_TEST_TMPDIR/t.csv.zst"
	run_split sfb-csv "$BATS_TEST_TMPDIR/t.csv.zst"
	assert_success
	assert_output '{"a":"1","b":"2"}'
}

@test "a ragged row is an error with its line; earlier rows are whole" {
	run_in $'a,b\n1,2\n"x\ny",3\n4\n' sfb-csv
	assert_failure 2
	assert_output '{"a":"1","b":"2"}
{"a":"x\ny","b":"3"}'
	assert_stderr 'sfb-csv: -:5: row has 1 fields, header has 2'
}

@test "a long row is an error too" {
	run_in $'a\n1,2\n' sfb-csv
	assert_failure 2
	assert_output ''
	assert_stderr 'sfb-csv: -:2: row has 2 fields, header has 1'
}

@test "a duplicate header is an error on line 1" {
	printf 'a,b,a\n1,2,3\n' >"$BATS_TEST_TMPDIR/dup.csv"
	run_split sfb-csv "$BATS_TEST_TMPDIR/dup.csv"
	assert_failure 2
	assert_output ''
	assert_stderr "sfb-csv: $BATS_TEST_TMPDIR/dup.csv:1: duplicate header 'a'"
}

@test "malformed quoting and an unterminated quote are errors" {
	run_in $'a,b\n"x"y,2\n' sfb-csv
	assert_failure 2
	assert_stderr 'sfb-csv: -:2: malformed quoted field'
	run_in $'a,b\n1,"open\n' sfb-csv
	assert_failure 2
	assert_stderr 'sfb-csv: -:2: unterminated quoted field'
}

@test "invalid UTF-8 is an error" {
	run_in $'a\n\xff\n' sfb-csv
	assert_failure 2
	assert_output ''
	assert_stderr 'sfb-csv: -:2: invalid UTF-8'
}

@test "a missing file is an error" {
	run_split sfb-csv "$BATS_TEST_TMPDIR/none.csv"
	assert_failure 2
	assert_output ''
	assert_stderr "sfb-csv: $BATS_TEST_TMPDIR/none.csv: cannot open: No such file or directory"
}

@test "--help, --version and unknown options" {
	run_split sfb-csv --help
	assert_success
	assert_line --index 0 'usage: sfb-csv [FILE...]'
	assert_stderr ''
	run_split sfb-csv --version
	assert_success
	assert_output --regexp '^sfb-csv \(sfb\) [0-9.]+$'
	run_split sfb-csv --bogus
	assert_failure 2
	assert_output ''
	[[ $stderr == *'usage: sfb-csv [FILE...]'* ]]
}

@test "man page examples run" {
	cd "$BATS_TEST_TMPDIR"
	mkdir -p validation_public
	printf 'pair_id,q4_detectability\r\na__x,Cannot tell\r\nb__y,"Real, clearly"\r\nc__z,Cannot tell\r\n' \
		>validation_public/detectability_responses_public_2026-04-28.csv
	run_split sh -c "sfb-csv validation_public/detectability_responses_public_2026-04-28.csv |
	    jq -s 'map(select(.q4_detectability == \"Cannot tell\")) | length'"
	assert_success
	assert_output '2'
	run_split sh -c "printf 'model,n_pairs\ngpt-5.4,400\n' | sfb-csv"
	assert_success
	assert_output '{"model":"gpt-5.4","n_pairs":"400"}'
}
