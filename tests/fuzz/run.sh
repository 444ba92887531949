#!/bin/sh
# Build every tests/fuzz/fuzz_*.c with clang's libFuzzer, ASan and UBSan,
# and run each for the given number of seconds (default 60) on its corpus
# under tests/fuzz/corpus/NAME (seeds are committed; new finds go to
# build/fuzz/).  Any crash or sanitizer report fails.
set -eu
cd "$(dirname "$0")/../.."
secs=${1:-60}
out=build/fuzz
mkdir -p "$out"
for src in tests/fuzz/fuzz_*.c; do
	name=$(basename "$src" .c)
	name=${name#fuzz_}
	clang -std=c11 -D_DEFAULT_SOURCE -g -O1 \
		-fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all \
		-o "$out/$name" "$src" -Ilib lib/*/*.c -lzstd -lcrypto -ljq -lcsv -lspng -ljpeg -ldeflate -lyaml -lz -lpthread -lm
	mkdir -p "$out/corpus-$name" "tests/fuzz/corpus/$name"
	echo "fuzz: $name for ${secs}s"
	"$out/$name" -max_total_time="$secs" -max_len=65536 -timeout=10 \
		-artifact_prefix="$out/$name-" \
		"$out/corpus-$name" "tests/fuzz/corpus/$name"
done
