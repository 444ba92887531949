#!/usr/bin/env bats
# sfb-sha-verify: manifests checked like reviewer_verify.py's `checksums`,
# every entry hashed, NDJSON out.  Expected digests come from coreutils'
# sha256sum; refusal messages from tests/golden/sha (Python's own).

load test_helper

# sfb-sha-verify ARGS... must refuse: exit 2, nothing on stdout, exactly
# MSG (the first argument) on stderr.
refused() {
	local msg=$1
	shift
	run_split sfb-sha-verify "$@"
	assert_equal "$status" 2
	assert_equal "$output" ""
	assert_stderr "$msg"
}

setup() {
	cd "$BATS_TEST_TMPDIR"
	mkdir -p r/sub
	printf 'hello\n' >r/a.txt
	printf 'world\n' >'r/b c.txt'
	printf 'x' >r/sub/e
	printf 'outside\n' >outside.txt
}

hex() { sha256sum "$1" | cut -c 1-64; }
zero=0000000000000000000000000000000000000000000000000000000000000000

# row PATH STATUS EXPECTED ACTUAL|null
row() {
	local actual=null
	[ "$4" = null ] || actual="\"$4\""
	printf '{"path": "%s", "status": "%s", "expected": "%s", "actual": %s}' \
		"$1" "$2" "$3" "$actual"
}

@test "every file ok: one line each, summary on stderr, exit 0" {
	(cd r && sha256sum a.txt 'b c.txt' sub/e >SHA256SUMS.txt)
	run_split sfb-sha-verify r/SHA256SUMS.txt
	assert_equal "$status" 0
	assert_equal "$output" "$(row a.txt ok "$(hex r/a.txt)" "$(hex r/a.txt)")
$(row 'b c.txt' ok "$(hex 'r/b c.txt')" "$(hex 'r/b c.txt')")
$(row sub/e ok "$(hex r/sub/e)" "$(hex r/sub/e)")"
	assert_stderr "Checksum verification: 3 files OK"
}

@test "names are relative to the manifest's directory, not the current one" {
	(cd r && sha256sum a.txt >SHA256SUMS.txt)
	mkdir elsewhere && cd elsewhere
	run_split sfb-sha-verify ../r/SHA256SUMS.txt
	assert_equal "$status" 0
	assert_equal "$output" "$(row a.txt ok "$(hex ../r/a.txt)" "$(hex ../r/a.txt)")"
	assert_stderr "Checksum verification: 1 files OK"
}

@test "uppercase hex and the binary marker '*' are accepted" {
	h=$(hex r/a.txt)
	printf '%s *a.txt\n' "$(printf %s "$h" | tr a-f A-F)" >r/M
	run_split sfb-sha-verify r/M
	assert_equal "$status" 0
	assert_equal "$output" "$(row a.txt ok "$h" "$h")"
	assert_stderr "Checksum verification: 1 files OK"
}

@test "mismatch and missing are reported together, in manifest order" {
	printf '%s  a.txt\n%s  gone.txt\n%s  b c.txt\n' \
		"$zero" "$(hex r/a.txt)" "$(hex 'r/b c.txt')" >r/M
	run_split sfb-sha-verify r/M
	assert_equal "$status" 1
	assert_equal "$output" "$(row a.txt mismatch "$zero" "$(hex r/a.txt)")
$(row gone.txt missing "$(hex r/a.txt)" null)
$(row 'b c.txt' ok "$(hex 'r/b c.txt')" "$(hex 'r/b c.txt')")"
	assert_stderr "Checksum verification: 2 of 3 files FAILED"
}

@test "-q prints the failures only" {
	printf '%s  a.txt\n%s  gone.txt\n%s  b c.txt\n' \
		"$zero" "$(hex r/a.txt)" "$(hex 'r/b c.txt')" >r/M
	run_split sfb-sha-verify -q r/M
	assert_equal "$status" 1
	assert_equal "$output" "$(row a.txt mismatch "$zero" "$(hex r/a.txt)")
$(row gone.txt missing "$(hex r/a.txt)" null)"
	assert_stderr "Checksum verification: 2 of 3 files FAILED"
	(cd r && sha256sum a.txt >OK)
	run_split sfb-sha-verify -q r/OK
	assert_equal "$status" 0
	assert_equal "$output" ""
	assert_stderr "Checksum verification: 1 files OK"
}

@test "a directory or other non-regular file counts as missing" {
	mkfifo r/fifo
	printf '%s  sub\n%s  fifo\n' "$zero" "$zero" >r/M
	run_split sfb-sha-verify r/M
	assert_equal "$status" 1
	assert_equal "$output" "$(row sub missing "$zero" null)
$(row fifo missing "$zero" null)"
	assert_stderr "Checksum verification: 2 of 2 files FAILED"
}

@test "every refusal of tests/golden/sha: Python's message, exit 2, nothing hashed" {
	local failed= n=0 manifest line message want
	while IFS= read -r case; do
		n=$((n + 1))
		printf '%s' "$case" | jq -j .manifest >r/M
		line=$(printf '%s' "$case" | jq -r .line)
		message=$(printf '%s' "$case" | jq -j .message)
		if [ "$line" = 0 ]; then
			want="sfb-sha-verify: r/M: $message"
		else
			want="sfb-sha-verify: r/M:$line: $message"
		fi
		run_split sfb-sha-verify r/M
		if [ "$status" != 2 ] || [ -n "$output" ] || [ "$stderr" != "$want" ]; then
			failed="$failed
$(printf '%s' "$case" | jq -r .name): status $status, stderr: $stderr"
		fi
	done <"$TOP/tests/golden/sha/refusals.ndjson"
	assert_equal "$n" 63
	assert_equal "$failed" ""
}

@test "unsafe names: each form refused by name, never opened" {
	for name in '/etc/passwd' '../outside.txt' 'sub/../a.txt' './a.txt' \
		'sub//e' 'sub/' 'a\b' 'c:d' '..'; do
		printf '%s  %s\n' "$(hex r/a.txt)" "$name" >r/M
		run_split sfb-sha-verify r/M
		assert_equal "$status" 2
		assert_equal "$output" ""
		case $name in
		*\\*) shown=$(printf '%s' "$name" | sed 's/\\/\\\\/g') ;;
		*) shown=$name ;;
		esac
		assert_stderr "sfb-sha-verify: r/M:1: Invalid release-relative path: '$shown'"
	done
}

@test "a link that resolves outside the manifest's directory is refused" {
	ln -s ../outside.txt r/up
	ln -s /etc/passwd r/abs
	ln -s /nonexistent/dangling r/dangle
	ln -s .. r/parent
	for name in up abs dangle parent/outside.txt; do
		printf '%s  a.txt\n%s  %s\n' "$(hex r/a.txt)" "$zero" "$name" >r/M
		refused "sfb-sha-verify: r/M:2: Release path escapes its root: '$name'" r/M
	done
}

@test "links that stay inside the directory are followed" {
	ln -s a.txt r/same
	ln -s .. r/parent
	ln -s "$PWD/r/sub" r/abs_inside
	printf '%s  same\n%s  parent/r/a.txt\n%s  abs_inside/e\n' \
		"$(hex r/a.txt)" "$(hex r/a.txt)" "$(hex r/sub/e)" >r/M
	run_split sfb-sha-verify r/M
	assert_equal "$status" 0
	assert_equal "$output" "$(row same ok "$(hex r/a.txt)" "$(hex r/a.txt)")
$(row parent/r/a.txt ok "$(hex r/a.txt)" "$(hex r/a.txt)")
$(row abs_inside/e ok "$(hex r/sub/e)" "$(hex r/sub/e)")"
	assert_stderr "Checksum verification: 3 files OK"
}

@test "a linked directory that leads outside is refused, after files of its own directory" {
	mkdir elsewhere
	printf 'e\n' >elsewhere/x.txt
	ln -s ../elsewhere r/out
	ln -s ../../outside.txt r/sub/up
	printf '%s  a.txt\n%s  out/x.txt\n' "$(hex r/a.txt)" "$zero" >r/M
	refused "sfb-sha-verify: r/M:2: Release path escapes its root: 'out/x.txt'" r/M
	# A file link escaping from a directory whose other files were looked
	# up just before it.
	printf '%s  sub/e\n%s  sub/up\n' "$(hex r/sub/e)" "$zero" >r/M
	refused "sfb-sha-verify: r/M:2: Release path escapes its root: 'sub/up'" r/M
}

@test "a linked directory that stays inside is followed, between plain directories" {
	mkdir r/other
	printf 'o\n' >r/other/o
	ln -s sub r/lnk
	ln -s ../other r/sub/side
	printf '%s  sub/e\n%s  lnk/e\n%s  other/o\n%s  sub/e2\n%s  sub/side/o\n%s  lnk/e\n' \
		"$(hex r/sub/e)" "$(hex r/sub/e)" "$(hex r/other/o)" "$zero" \
		"$(hex r/other/o)" "$zero" >r/M
	sed -i '6s/  lnk\/e$/  a.txt/' r/M
	run_split sfb-sha-verify r/M
	assert_equal "$status" 1
	assert_equal "$output" "$(row sub/e ok "$(hex r/sub/e)" "$(hex r/sub/e)")
$(row lnk/e ok "$(hex r/sub/e)" "$(hex r/sub/e)")
$(row other/o ok "$(hex r/other/o)" "$(hex r/other/o)")
$(row sub/e2 missing "$zero" null)
$(row sub/side/o ok "$(hex r/other/o)" "$(hex r/other/o)")
$(row a.txt mismatch "$zero" "$(hex r/a.txt)")"
	assert_stderr "Checksum verification: 2 of 6 files FAILED"
}

@test "in a directory of many named files, links and other types are still seen" {
	mkdir r/many
	for i in $(seq 1 120); do printf '%s\n' "$i" >"r/many/f$i"; done
	ln -s ../a.txt r/many/in
	(cd r && sha256sum many/f* >M)
	mkfifo r/many/fifo
	printf '%s  many/in\n%s  many/fifo\n' "$(hex r/a.txt)" "$zero" >>r/M
	run_split sfb-sha-verify -q r/M
	assert_equal "$status" 1
	assert_equal "$output" "$(row many/fifo missing "$zero" null)"
	assert_stderr "Checksum verification: 1 of 122 files FAILED"
	ln -s ../../outside.txt r/many/out
	printf '%s  many/out\n' "$zero" >>r/M
	refused "sfb-sha-verify: r/M:123: Release path escapes its root: 'many/out'" -q r/M
}

@test "a symbolic-link loop is refused" {
	ln -s loop r/loop
	printf '%s  loop\n' "$zero" >r/M
	refused "sfb-sha-verify: r/M:1: Symlink loop from 'loop'" r/M
}

@test "names differing only in case are duplicates, as str.casefold() sees them" {
	printf '%s  A.txt\n%s  b.txt\n%s  a.txt\n' "$zero" "$zero" "$zero" >r/M
	refused "sfb-sha-verify: r/M:3: Duplicate checksum path: a.txt" r/M
	printf '%s  STRASSE\n%s  straße\n' "$zero" "$zero" >r/M
	refused "sfb-sha-verify: r/M:2: Duplicate checksum path: straße" r/M
}

@test "an empty manifest is refused" {
	: >r/M
	refused "sfb-sha-verify: r/M: Checksum manifest is empty" r/M
	printf '\n   \n\t\n' >r/M
	run_split sfb-sha-verify r/M
	assert_equal "$status" 2
	assert_stderr "sfb-sha-verify: r/M: Checksum manifest is empty"
}

@test "a refusal anywhere stops the run before any file is hashed" {
	(cd r && sha256sum a.txt >M1)
	printf 'not a line\n' >r/M2
	refused "sfb-sha-verify: r/M2:1: Malformed SHA-256 manifest entry at line 1" r/M1 r/M2
}

@test "names with spaces, leading, inner and trailing" {
	printf 'lead\n' >'r/ lead'
	printf 'trail\n' >'r/trail '
	(cd r && sha256sum ' lead' 'b c.txt' 'trail ' >M)
	run_split sfb-sha-verify r/M
	assert_equal "$status" 0
	assert_equal "$output" "$(row ' lead' ok "$(hex 'r/ lead')" "$(hex 'r/ lead')")
$(row 'b c.txt' ok "$(hex 'r/b c.txt')" "$(hex 'r/b c.txt')")
$(row 'trail ' ok "$(hex 'r/trail ')" "$(hex 'r/trail ')")"
	assert_stderr "Checksum verification: 3 files OK"
}

@test "CRLF line ends and blank lines are accepted" {
	printf '\r\n%s  a.txt\r\n\r\n%s  sub/e\r\n' "$(hex r/a.txt)" "$(hex r/sub/e)" >r/M
	run_split sfb-sha-verify r/M
	assert_equal "$status" 0
	assert_equal "$output" "$(row a.txt ok "$(hex r/a.txt)" "$(hex r/a.txt)")
$(row sub/e ok "$(hex r/sub/e)" "$(hex r/sub/e)")"
	assert_stderr "Checksum verification: 2 files OK"
}

@test "files larger than the read buffer, and at its edges" {
	head -c 1048699 /dev/urandom >r/big
	head -c 262144 /dev/urandom >r/edge
	head -c 262145 /dev/urandom >r/edge1
	: >r/empty
	(cd r && sha256sum big edge edge1 empty >M)
	run_split sfb-sha-verify -j 2 r/M
	assert_equal "$status" 0
	assert_equal "$output" "$(row big ok "$(hex r/big)" "$(hex r/big)")
$(row edge ok "$(hex r/edge)" "$(hex r/edge)")
$(row edge1 ok "$(hex r/edge1)" "$(hex r/edge1)")
$(row empty ok "$(hex r/empty)" "$(hex r/empty)")"
	assert_stderr "Checksum verification: 4 files OK"
}

@test "files of every size around a block and the read buffer, any -j" {
	mkdir r/sz
	for n in 0 1 55 56 63 64 65 119 120 128 4095 40960 131071 131072 \
		131073 262161 9 300000 17; do
		head -c "$n" /dev/urandom >"r/sz/f$n"
	done
	(cd r && sha256sum sz/f* >M)
	want=$(cut -c 67- r/M | while read -r f; do
		row "$f" ok "$(hex "r/$f")" "$(hex "r/$f")"
		echo
	done)
	for j in 1 2 3; do
		run_split sfb-sha-verify -j "$j" r/M
		assert_equal "$status" 0
		assert_equal "$output" "$want"
		assert_stderr "Checksum verification: 19 files OK"
	done
}

@test "-j 1 and -j 4 give identical output, in manifest order" {
	mkdir r/many
	for i in $(seq 1 300); do printf '%s\n' "$i" >"r/many/f$i"; done
	(cd r && sha256sum many/f* >M)
	# Break a few entries: wrong digest, missing file.
	sed -i "7s/^[0-9a-f]*/$zero/; 150s/^[0-9a-f]*/$zero/; 299s/  many\/.*$/  many\/nothere/" r/M
	run_split sfb-sha-verify -j 1 r/M
	assert_equal "$status" 1
	one=$output
	assert_stderr "Checksum verification: 3 of 300 files FAILED"
	run_split sfb-sha-verify -j 4 r/M
	assert_equal "$status" 1
	assert_equal "$output" "$one"
	assert_stderr "Checksum verification: 3 of 300 files FAILED"
	# The order and the statuses are the manifest's.
	assert_equal "$(printf '%s\n' "$one" | jq -r .path)" "$(cut -c 67- r/M)"
	assert_equal "$(printf '%s\n' "$one" | jq -r 'select(.status != "ok") | .status' | tr '\n' ' ')" \
		"mismatch mismatch missing "
}

@test "several manifests: each relative to its own directory, tagged" {
	mkdir s
	printf 'other\n' >s/a.txt
	(cd r && sha256sum a.txt >M)
	(cd s && sha256sum a.txt >M)
	run_split sfb-sha-verify r/M s/M
	assert_equal "$status" 0
	assert_equal "$output" "{\"manifest\": \"r/M\", \"path\": \"a.txt\", \"status\": \"ok\", \"expected\": \"$(hex r/a.txt)\", \"actual\": \"$(hex r/a.txt)\"}
{\"manifest\": \"s/M\", \"path\": \"a.txt\", \"status\": \"ok\", \"expected\": \"$(hex s/a.txt)\", \"actual\": \"$(hex s/a.txt)\"}"
	assert_stderr "Checksum verification: 2 files OK"
}

@test "--create then verify: a round trip, names sorted by byte order" {
	cd r
	run_split sfb-sha-verify --create sub/e 'b c.txt' a.txt B.txt
	assert_equal "$status" 2
	assert_stderr "sfb-sha-verify: B.txt: No such file or directory"
	assert_equal "$output" ""
	printf 'up\n' >Z.txt
	run_split sfb-sha-verify --create sub/e 'b c.txt' a.txt Z.txt
	assert_equal "$status" 0
	assert_equal "$output" "$(LC_ALL=C sha256sum Z.txt a.txt 'b c.txt' sub/e)"
	assert_stderr ""
	printf '%s\n' "$output" >SUMS
	run_split sfb-sha-verify -q SUMS
	assert_equal "$status" 0
	assert_equal "$output" ""
	assert_stderr "Checksum verification: 4 files OK"
}

@test "--create refuses what a manifest could not hold" {
	cd r
	refused "sfb-sha-verify: Invalid release-relative path: './a.txt'" --create ./a.txt
	run_split sfb-sha-verify --create a.txt A.TXT
	assert_equal "$status" 2
	assert_stderr "sfb-sha-verify: Duplicate checksum path: A.TXT"
	printf 'n\n' >"$(printf 'new\nline')"
	run_split sfb-sha-verify --create "$(printf 'new\nline')"
	assert_equal "$status" 2
	assert_stderr "sfb-sha-verify: Invalid release-relative path: 'new\\nline'"
}

@test "invalid UTF-8 in a manifest is refused with its line" {
	printf '%s  a.txt\n%s  \377\n' "$(hex r/a.txt)" "$zero" >r/M
	refused "sfb-sha-verify: r/M:2: invalid UTF-8" r/M
	# Lines are counted as str.splitlines() counts them.
	printf '%s  a.txt\r%s  b\342\200\250\377\n' "$zero" "$zero" >r/M
	refused "sfb-sha-verify: r/M:3: invalid UTF-8" r/M
}

@test "an unreadable manifest, usage errors, help and version" {
	refused "sfb-sha-verify: nope: No such file or directory" nope
	run_split sfb-sha-verify
	assert_equal "$status" 2
	assert_equal "$output" ""
	assert_stderr "usage: sfb-sha-verify [-q] [-j N] MANIFEST...
       sfb-sha-verify --create [-j N] NAME..."
	run_split sfb-sha-verify --bogus r/M
	assert_equal "$status" 2
	assert_equal "$output" ""
	assert_equal "${stderr##*$'\n'}" "       sfb-sha-verify --create [-j N] NAME..."
	run_split sfb-sha-verify -j 0 r/M
	assert_equal "$status" 2
	assert_stderr "sfb-sha-verify: -j: expected a number from 1 to 256: '0'"
	run_split sfb-sha-verify -h
	assert_equal "$status" 0
	assert_equal "$output" "usage: sfb-sha-verify [-q] [-j N] MANIFEST...
       sfb-sha-verify --create [-j N] NAME..."
	assert_stderr ""
	run_split sfb-sha-verify --version
	assert_equal "$status" 0
	assert_output --regexp '^sfb-sha-verify \(sfb\) [0-9]'
	assert_stderr ""
}

@test "a manifest on standard input names files in the current directory" {
	cd r
	run_in "$(sha256sum a.txt)" sfb-sha-verify -
	assert_equal "$status" 0
	assert_equal "$output" "$(row a.txt ok "$(hex a.txt)" "$(hex a.txt)")"
	assert_stderr "Checksum verification: 1 files OK"
}

@test "an unreadable file is a failure with the reason" {
	# Root reads every file: drop to nobody for this one where possible.
	local as=
	if [ "$(id -u)" = 0 ]; then
		command -v setpriv >/dev/null || skip "root reads every file"
		as="setpriv --reuid=65534 --regid=65534 --clear-groups"
	fi
	d=$(mktemp -d)
	chmod 755 "$d"
	printf 'x' >"$d/a.txt"
	chmod 000 "$d/a.txt"
	printf '%s  a.txt\n' "$zero" >"$d/M"
	chmod 644 "$d/M"
	run_split $as "$(command -v sfb-sha-verify)" "$d/M"
	rm -rf "$d"
	assert_equal "$status" 1
	assert_equal "$output" "{\"path\": \"a.txt\", \"status\": \"unreadable\", \"expected\": \"$zero\", \"actual\": null, \"error\": \"Permission denied\"}"
	assert_stderr "Checksum verification: 1 of 1 files FAILED"
}

@test "a readable file of another owner is hashed (no O_NOATIME there)" {
	local as=
	if [ "$(id -u)" = 0 ]; then
		command -v setpriv >/dev/null || skip "needs setpriv to drop root"
		as="setpriv --reuid=65534 --regid=65534 --clear-groups"
	else
		skip "needs root to own a file the test user reads"
	fi
	d=$(mktemp -d)
	chmod 755 "$d"
	mkdir "$d/s"
	for f in a.txt b.txt s/c s/d s/e; do printf '%s' "$f" >"$d/$f"; done
	chmod 644 "$d"/*.txt "$d"/s/*
	# A directory that may be searched but not listed.
	chmod 711 "$d/s"
	(cd "$d" && sha256sum a.txt b.txt s/c s/d s/e >M)
	chmod 644 "$d/M"
	run_split $as "$(command -v sfb-sha-verify)" -j 1 "$d/M"
	want=
	for f in a.txt b.txt s/c s/d s/e; do
		want="$want$(row "$f" ok "$(hex "$d/$f")" "$(hex "$d/$f")")
"
	done
	rm -rf "$d"
	assert_equal "$status" 0
	assert_equal "$output" "${want%$'\n'}"
	assert_stderr "Checksum verification: 5 files OK"
}
