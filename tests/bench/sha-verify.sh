#!/bin/sh
# Benchmark sfb-sha-verify against `sha256sum -c` and the reference's
# Python path (hashlib.file_digest per file) on the same files, page cache
# warm, in the same run.  Two data sets: one large file (streaming speed)
# and many small files (the bundle's 91,844 files average about 40 kB).
#   SFB_BENCH_SHA_BIG_MB    size of the large file (default 1024)
#   SFB_BENCH_SHA_FILES     number of small files (default 20000)
#   SFB_BENCH_SHA_FILE_KB   size of each small file (default 40)
#   SFB_BENCH_DIR           scratch directory (default build/bench-sha)
#   SFB_BENCH_REPEAT        runs of each command, the best kept (default 3)
set -eu
cd "$(dirname "$0")/../.."
top=$(pwd)
prog="$top/bin/sfb-sha-verify"
big_mb=${SFB_BENCH_SHA_BIG_MB:-1024}
nfiles=${SFB_BENCH_SHA_FILES:-20000}
file_kb=${SFB_BENCH_SHA_FILE_KB:-40}
dir=${SFB_BENCH_DIR:-$top/build/bench-sha}
repeat=${SFB_BENCH_REPEAT:-3}
ncpu=$(getconf _NPROCESSORS_ONLN)
python=/usr/bin/python3
[ -x "$python" ] || python=

now() { date +%s.%N; }
secs() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", b - a }'; }
mbps() { awk -v m="$1" -v s="$2" 'BEGIN { printf "%.0f", (s > 0 ? m / s : 0) }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }'; }

min() { awk -v a="$1" -v b="$2" 'BEGIN { print (a == "" || b < a) ? b : a }'; }

# run LABEL MB CMD...: time CMD (it must exit 0) $repeat times, print a row
# of the best times, leave the best wall-clock seconds in $t and the best
# CPU seconds (user + system) in $c.  On a shared machine CPU time is the
# steadier figure; both are printed.
run() {
	label=$1 mb=$2
	shift 2
	t= c= k=0
	while [ $k -lt "$repeat" ]; do
		s=$(now)
		if [ -x /usr/bin/time ]; then
			/usr/bin/time -f '%U %S' -o "$dir/.cpu" "$@" >/dev/null 2>&1 ||
			    { echo "bench: $label failed" >&2; exit 1; }
		else
			"$@" >/dev/null 2>&1 ||
			    { echo "bench: $label failed" >&2; exit 1; }
			echo "0 0" >"$dir/.cpu"
		fi
		e=$(now)
		t=$(min "$t" "$(secs "$s" "$e")")
		c=$(min "$c" "$(awk '{ printf "%.3f", $1 + $2 }' "$dir/.cpu")")
		k=$((k + 1))
	done
	printf '  %-30s %7s s %6s MB/s   cpu %7s s %6s MB/s\n' "$label" "$t" \
	    "$(mbps "$mb" "$t")" "$c" "$(mbps "$mb" "$c")"
}

mkdir -p "$dir/big" "$dir/many"
# The reference's checksum loop (reviewer_verify.py checksums) without its
# path checks: the Python path these figures are set against.
cat >"$dir/pyverify.py" <<'EOF'
import hashlib, re, sys
from pathlib import Path
m = Path(sys.argv[1]).resolve()
for line in m.read_text(encoding="utf-8").splitlines():
    if not line.strip():
        continue
    h, name = re.fullmatch(r"([0-9a-fA-F]{64}) [ *](.+)", line).groups()
    with open(m.parent / name, "rb") as f:
        if hashlib.file_digest(f, "sha256").hexdigest() != h.lower():
            sys.exit("Checksum mismatch: " + name)
EOF

if [ "$(cat "$dir/big/.size" 2>/dev/null)" != "$big_mb" ]; then
	echo "bench: writing a $big_mb MB file"
	head -c "${big_mb}M" /dev/urandom >"$dir/big/big.bin"
	(cd "$dir/big" && sha256sum big.bin >SHA256SUMS.txt)
	echo "$big_mb" >"$dir/big/.size"
fi
if [ "$(cat "$dir/many/.size" 2>/dev/null)" != "$nfiles $file_kb" ]; then
	echo "bench: writing $nfiles files of $file_kb kB"
	rm -rf "$dir/many"
	mkdir -p "$dir/many"
	# One random block, each file made distinct by its number up front.
	head -c "${file_kb}K" /dev/urandom >"$dir/many/.seed"
	(cd "$dir/many" && i=0 && while [ $i -lt "$nfiles" ]; do
		d=$((i / 1000))
		[ -d "d$d" ] || mkdir "d$d"
		{ echo "$i"; cat .seed; } | head -c "${file_kb}K" >"d$d/f$i.png"
		i=$((i + 1))
	done && find d* -type f | sort | xargs sha256sum >SHA256SUMS.txt)
	echo "$nfiles $file_kb" >"$dir/many/.size"
fi

for set in big many; do
	m="$dir/$set/SHA256SUMS.txt"
	n=$(wc -l <"$m")
	# Warm the page cache so that every tool reads memory, not the disk.
	mb=$(cd "$dir/$set" && cut -c 67- SHA256SUMS.txt | tr '\n' '\0' |
	    xargs -0 cat | wc -c | awk '{ printf "%.1f", $1 / 1e6 }')
	echo "sha-verify: $set: $n files, $mb MB, $ncpu processors, page cache warm, best of $repeat"
	echo "  load average: $(cut -d ' ' -f 1-3 /proc/loadavg 2>/dev/null)"
	run "sha256sum -c (1 core)" "$mb" taskset -c 0 sh -c \
	    "cd '$dir/$set' && exec sha256sum -c --quiet SHA256SUMS.txt"
	t_coreutils=$t c_coreutils=$c
	if [ -n "$python" ]; then
		run "python hashlib (1 core)" "$mb" taskset -c 0 "$python" \
		    "$dir/pyverify.py" "$m"
		t_python=$t c_python=$c
	fi
	run "sfb-sha-verify -j 1 (1 core)" "$mb" taskset -c 0 "$prog" -q -j 1 "$m"
	t_one=$t c_one=$c
	j=2
	# One file is hashed by one thread: -j scales over files.
	[ "$n" -gt 1 ] || j=$((ncpu + 1))
	while [ $j -le "$ncpu" ]; do
		run "sfb-sha-verify -j $j" "$mb" "$prog" -q -j "$j" "$m"
		echo "    -j $j: $(ratio "$t_one" "$t")x the speed of -j 1 (wall clock)"
		j=$((j * 2))
	done
	echo "  one core: sfb-sha-verify is $(ratio "$t_coreutils" "$t_one")x sha256sum -c by wall clock, $(ratio "$c_coreutils" "$c_one")x by CPU time (target >= 5)"
	[ -z "$python" ] ||
	    echo "  one core: sfb-sha-verify is $(ratio "$t_python" "$t_one")x the Python path by wall clock, $(ratio "$c_python" "$c_one")x by CPU time"
done
