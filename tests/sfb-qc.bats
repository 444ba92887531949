#!/usr/bin/env bats
# sfb-qc: the reference's seven measured QC vectors (SPEC 14.1) on the
# synthetic source, the Pillow + NumPy goldens of tests/golden/image
# (tests/gen/gen_image_golden.py), the gate and its options, and every way
# a bad record or image stops the program.

load test_helper

GOLD="$TOP/tests/golden/image"
FX="$GOLD/fx"
QC_KEYS='"lpips": null, "passes_qc": false, "qc_failures": '

# |$1 - $2| <= 1e-12
near() {
	awk -v a="$1" -v b="$2" 'BEGIN { d = a - b; if (d < 0) d = -d; exit !(d <= 1e-12) }'
}

# sfb-qc --pair on syn.png and generated image $1: SSIM within 1e-12 of
# $2, edge preservation $3 exactly, failures $4; the rest byte for byte.
ref_case() {
	run_split sfb-qc --root "$FX" --pair syn.png "$1"
	assert_success
	assert_stderr ""
	local re='^\{"source_image": "syn.png", "generated_image": "'"$1"'", "ssim": ([-0-9.e]+), "edge_preservation": ([0-9.e-]+), (.*)$'
	[[ "$output" =~ $re ]] || { echo "output: $output"; return 1; }
	near "${BASH_REMATCH[1]}" "$2" || { echo "ssim ${BASH_REMATCH[1]}, want $2"; return 1; }
	[ "${BASH_REMATCH[2]}" = "$3" ] || { echo "edge ${BASH_REMATCH[2]}, want $3"; return 1; }
	[ "${BASH_REMATCH[3]}" = "$QC_KEYS$4}" ] || { echo "rest: ${BASH_REMATCH[3]}"; return 1; }
}

@test "reference vector: identical images, ssim 1.0, edge 1.0" {
	ref_case syn_same.png 1.0 1.0 '["lpips"]'
	[[ "$output" == *'"ssim": 1.0, '* ]]
}

@test "reference vector: rolled 1 px right, 0.9721696257226512, 1.0" {
	ref_case syn_roll1.png 0.9721696257226512 1.0 '["lpips"]'
}

@test "reference vector: rolled 3 px, 0.9165088771679537, 0.0" {
	ref_case syn_roll3.png 0.9165088771679537 0.0 '["edge_preservation", "lpips"]'
}

@test "reference vector: +10 clipped, 0.9964062968576358, 1.0" {
	ref_case syn_plus10.png 0.9964062968576358 1.0 '["lpips"]'
}

@test "reference vector: inverted, -0.9489361253119728, 1.0" {
	ref_case syn_inverted.png -0.9489361253119728 1.0 '["ssim", "lpips"]'
}

@test "reference vector: flat 128, 0.02521076214126547, 0.0" {
	ref_case syn_flat.png 0.02521076214126547 0.0 '["ssim", "edge_preservation", "lpips"]'
}

@test "reference vector: upscaled bicubic to 512x512, 0.9994961412117653, 1.0" {
	ref_case syn_up512.png 0.9994961412117653 1.0 '["lpips"]'
}

@test "golden: NumPy's values on 13 pairs (multi-buffer float32 sums, resized, RGB, 16-bit, JPEG, 1 pixel)" {
	local name src gen ssim edge n=0 in="" line
	while IFS=$'\t' read -r name src gen ssim edge; do
		in="$in{\"source_image\": \"$src\", \"generated_image\": \"$gen\", \"lpips\": 0.1}"$'\n'
	done <"$GOLD/qc.tsv"
	run_in "$in" sfb-qc --root "$FX" -j 1
	assert_success
	assert_stderr ""
	while IFS=$'\t' read -r name src gen ssim edge; do
		n=$((n + 1))
		line=$(sed -n "${n}p" <<<"$output")
		[[ "$line" =~ \"ssim\":\ ([^,]*),\ \"edge_preservation\":\ ([^,]*), ]] ||
		    { echo "$name: $line"; return 1; }
		near "${BASH_REMATCH[1]}" "$ssim" || { echo "$name: ssim ${BASH_REMATCH[1]}, want $ssim"; return 1; }
		[ "${BASH_REMATCH[2]}" = "$edge" ] || { echo "$name: edge ${BASH_REMATCH[2]}, want $edge"; return 1; }
	done <"$GOLD/qc.tsv"
	[ "$n" -eq 13 ]
	[ "$(wc -l <<<"$output")" -eq 13 ]
}

@test "golden: vector paths at their boundaries (89 pairs, 1x1 to 300x40), equal to NumPy and to the plain loops (SFB_QC_PLAIN)" {
	local src gen ssim edge n=0 in="" line plain
	while IFS=$'\t' read -r src gen ssim edge; do
		in="$in{\"source_image\": \"$src\", \"generated_image\": \"$gen\"}"$'\n'
	done <"$GOLD/simd.tsv"
	run_in "$in" env SFB_QC_PLAIN=1 "$SFB_BIN/sfb-qc" --root "$GOLD/simd" -j 2
	assert_success
	assert_stderr ""
	plain=$output
	run_in "$in" sfb-qc --root "$GOLD/simd" -j 2
	assert_success
	assert_stderr ""
	[ "$output" = "$plain" ] || { diff <(echo "$plain") <(echo "$output"); return 1; }
	while IFS=$'\t' read -r src gen ssim edge; do
		n=$((n + 1))
		line=$(sed -n "${n}p" <<<"$output")
		[[ "$line" =~ \"ssim\":\ ([^,]*),\ \"edge_preservation\":\ ([^,]*), ]] ||
		    { echo "$src $gen: $line"; return 1; }
		near "${BASH_REMATCH[1]}" "$ssim" || { echo "$src $gen: ssim ${BASH_REMATCH[1]}, want $ssim"; return 1; }
		[ "${BASH_REMATCH[2]}" = "$edge" ] || { echo "$src $gen: edge ${BASH_REMATCH[2]}, want $edge"; return 1; }
	done <"$GOLD/simd.tsv"
	[ "$n" -eq 89 ]
	[ "$(wc -l <<<"$output")" -eq 89 ]
}

@test "records: members pass through, keys already there are replaced in place" {
	run_in '{"id": 1, "ssim": "old", "source_image": "syn.png", "passes_qc": 7, "generated_image": "syn_roll1.png", "lpips": 0.25, "z": [1, {"a": null}]}' \
	    sfb-qc --root "$FX"
	assert_success
	assert_stderr ""
	assert_output '{"id": 1, "ssim": 0.9721696257226512, "source_image": "syn.png", "passes_qc": true, "generated_image": "syn_roll1.png", "lpips": 0.25, "z": [1, {"a": null}], "edge_preservation": 1.0, "qc_failures": []}'
}

@test "lpips: the newest rule fails a null or absent LPIPS; --lpips-optional passes it" {
	local in='{"source_image": "syn.png", "generated_image": "syn_same.png", "lpips": null}
{"source_image": "syn.png", "generated_image": "syn_same.png"}
{"source_image": "syn.png", "generated_image": "syn_same.png", "lpips": 0.4}
{"source_image": "syn.png", "generated_image": "syn_same.png", "lpips": 0.40000000000000002}
{"source_image": "syn.png", "generated_image": "syn_same.png", "lpips": 4.0e-1}
{"source_image": "syn.png", "generated_image": "syn_same.png", "lpips": 0.41}'
	run_in "$in" sfb-qc --root "$FX"
	assert_success
	assert_stderr ""
	assert_output '{"source_image": "syn.png", "generated_image": "syn_same.png", "lpips": null, "ssim": 1.0, "edge_preservation": 1.0, "passes_qc": false, "qc_failures": ["lpips"]}
{"source_image": "syn.png", "generated_image": "syn_same.png", "ssim": 1.0, "edge_preservation": 1.0, "lpips": null, "passes_qc": false, "qc_failures": ["lpips"]}
{"source_image": "syn.png", "generated_image": "syn_same.png", "lpips": 0.4, "ssim": 1.0, "edge_preservation": 1.0, "passes_qc": true, "qc_failures": []}
{"source_image": "syn.png", "generated_image": "syn_same.png", "lpips": 0.40000000000000002, "ssim": 1.0, "edge_preservation": 1.0, "passes_qc": true, "qc_failures": []}
{"source_image": "syn.png", "generated_image": "syn_same.png", "lpips": 4.0e-1, "ssim": 1.0, "edge_preservation": 1.0, "passes_qc": true, "qc_failures": []}
{"source_image": "syn.png", "generated_image": "syn_same.png", "lpips": 0.41, "ssim": 1.0, "edge_preservation": 1.0, "passes_qc": false, "qc_failures": ["lpips"]}'
	run_in "$in" sfb-qc --root "$FX" --lpips-optional -j 1
	assert_success
	[ "$(grep -c '"passes_qc": true' <<<"$output")" -eq 5 ]
	[[ "$(sed -n 6p <<<"$output")" == *'"qc_failures": ["lpips"]}' ]]
}

@test "thresholds are inclusive and set by --ssim-min, --edge-min, --lpips-max" {
	local in='{"source_image": "syn.png", "generated_image": "syn_roll1.png", "lpips": 0.2}'
	run_in "$in" sfb-qc --root "$FX" --ssim-min 0.9721696257226512 --edge-min 1 --lpips-max 0.2
	assert_success
	assert_output --partial '"passes_qc": true, "qc_failures": []}'
	run_in "$in" sfb-qc --root "$FX" --ssim-min 0.9721696257226513 --lpips-max 0.19
	assert_success
	assert_output --partial '"passes_qc": false, "qc_failures": ["ssim", "lpips"]}'
	run_in '{"source_image": "syn.png", "generated_image": "syn_roll3.png", "lpips": 0.2}' \
	    sfb-qc --root "$FX" --edge-min 0
	assert_output --partial '"edge_preservation": 0.0, "passes_qc": true,'
}

@test "-s and -g name the image keys; paths without --root are from the current directory" {
	cd "$FX"
	run_in '{"a": "syn.png", "b": "syn_roll3.png", "lpips": 0}' sfb-qc -s a -g b
	assert_success
	assert_output '{"a": "syn.png", "b": "syn_roll3.png", "lpips": 0, "ssim": 0.9165088771679537, "edge_preservation": 0.0, "passes_qc": false, "qc_failures": ["edge_preservation"]}'
	run_in "{\"source_image\": \"$FX/syn.png\", \"generated_image\": \"$FX/syn_same.png\"}" sfb-qc --root /nonexistent
	assert_success
	assert_output --partial '"ssim": 1.0,'
}

@test "-j 2 writes the records in input order, as -j 1 does; zstd input" {
	local in="" g i
	for i in 1 2 3 4 5; do
		for g in syn_roll1 syn_up512 syn_flat n256b syn_inverted; do
			in="$in{\"i\": $i, \"source_image\": \"syn.png\", \"generated_image\": \"$g.png\"}"$'\n'
		done
	done
	in="$in{\"i\": 6, \"source_image\": \"n256a.png\", \"generated_image\": \"n256b.png\"}"$'\n'
	run_in "$in" sfb-qc --root "$FX" -j 1
	assert_success
	local one="$output"
	[ "$(wc -l <<<"$one")" -eq 26 ]
	run_in "$in" sfb-qc --root "$FX" -j 2
	assert_success
	assert_stderr ""
	[ "$output" = "$one" ]
	printf '%s' "$in" | zstd -q >"$BATS_TEST_TMPDIR/in.zst"
	run_split sfb-qc --root "$FX" -j 2 "$BATS_TEST_TMPDIR/in.zst"
	assert_success
	[ "$output" = "$one" ]
}

@test "a source shared by consecutive records is read once, and never stale after a bad pair" {
	local in='{"source_image": "syn.png", "generated_image": "syn_roll3.png", "lpips": 0}
{"source_image": "n256a.png", "generated_image": "bad_text.png", "lpips": 0}
{"source_image": "n256a.png", "generated_image": "n256b.png", "lpips": 0}
{"source_image": "syn.png", "generated_image": "bad_text.png", "lpips": 0}
{"source_image": "syn.png", "generated_image": "syn_roll1.png", "lpips": 0}
{"source_image": "syn.png", "generated_image": "syn_flat.png", "lpips": 0}'
	run_in "$in" sfb-qc --root "$FX" --keep-going -j 1
	assert_failure 1
	assert_stderr ""
	assert_line --index 0 --partial '"ssim": 0.9165088771679537, "edge_preservation": 0.0,'
	# NumPy: 0.8918787472601106 (within 1e-12), 0.8108928571428572
	assert_line --index 2 --regexp '"ssim": 0\.891878747260110[0-9], "edge_preservation": 0\.8108928571428572,'
	assert_line --index 4 --partial '"ssim": 0.9721696257226512, "edge_preservation": 1.0,'
	assert_line --index 5 --partial '"ssim": 0.02521076214126547, "edge_preservation": 0.0,'
}

@test "a progress line on standard error when it is a terminal, none otherwise" {
	printf '{"source_image": "syn.png", "generated_image": "syn_same.png"}\n%.0s' 1 2 3 >"$BATS_TEST_TMPDIR/in"
	run script -qec "sfb-qc --root '$FX' '$BATS_TEST_TMPDIR/in' >'$BATS_TEST_TMPDIR/out'" /dev/null
	assert_success
	[[ "$output" == *$'\rsfb-qc: 3 pairs\r' ]] || { printf '%q\n' "$output"; return 1; }
	[ "$(wc -l <"$BATS_TEST_TMPDIR/out")" -eq 3 ]
	run_split sfb-qc --root "$FX" "$BATS_TEST_TMPDIR/in"
	assert_success
	assert_stderr ""
}

@test "bad image: exit 2 with FILE:LINE: IMAGE: why; lines before it are whole" {
	local ok='{"source_image": "syn.png", "generated_image": "syn_same.png"}'
	run_in "$ok"$'\n''{"source_image": "syn.png", "generated_image": "nope.png"}' sfb-qc --root "$FX" -j 1
	assert_failure 2
	assert_stderr "sfb-qc: -:2: nope.png: No such file or directory"
	assert_output '{"source_image": "syn.png", "generated_image": "syn_same.png", "ssim": 1.0, "edge_preservation": 1.0, "lpips": null, "passes_qc": false, "qc_failures": ["lpips"]}'
}

@test "bad images: not an image, truncated PNG and JPEG, unsupported depths, a bad zlib checksum, a directory" {
	local f why
	while IFS=: read -r f why; do
		run_in "{\"source_image\": \"$f\", \"generated_image\": \"syn.png\"}" sfb-qc --root "$FX"
		assert_failure 2
		assert_stderr "sfb-qc: -:1: $f:$why"
		assert_output ""
	done <<'EOF'
bad_text.png: not a PNG or JPEG image
bad_truncated.png: truncated PNG file
bad_truncated.jpg: truncated JPEG file
bad_depth.png: unsupported PNG mode: bit depth 3, colour type 0
bad_p16.png: unsupported PNG mode: bit depth 16, colour type 3
bad_adler.png: bad PNG file: IDAT stream error
bad_textcrc.png: bad PNG file: invalid chunk checksum
.: Is a directory
EOF
}

@test "--keep-going: the record gets qc_error and passes_qc false, the run goes on, exit 1" {
	local in='{"source_image": "syn.png", "generated_image": "bad_truncated.png"}
{"source_image": "syn.png", "generated_image": "syn_same.png", "lpips": 0.1}
{"source_image": "gone.png", "generated_image": "syn.png", "passes_qc": true}'
	run_in "$in" sfb-qc --root "$FX" --keep-going -j 2
	assert_failure 1
	assert_stderr ""
	assert_output '{"source_image": "syn.png", "generated_image": "bad_truncated.png", "qc_error": "bad_truncated.png: truncated PNG file", "passes_qc": false}
{"source_image": "syn.png", "generated_image": "syn_same.png", "lpips": 0.1, "ssim": 1.0, "edge_preservation": 1.0, "passes_qc": true, "qc_failures": []}
{"source_image": "gone.png", "generated_image": "syn.png", "passes_qc": false, "qc_error": "gone.png: No such file or directory"}'
	run_in "${in%%$'\n'*}" sfb-qc --root "$FX"
	assert_failure 2
}

@test "bad records: missing or mistyped image keys and lpips, invalid JSON, with or without --keep-going" {
	run_in '{"source_image": "syn.png"}' sfb-qc --root "$FX" --keep-going
	assert_failure 2
	assert_stderr 'sfb-qc: -:1: missing field "generated_image"'
	run_in '{"source_image": 3, "generated_image": "syn.png"}' sfb-qc --root "$FX"
	assert_failure 2
	assert_stderr 'sfb-qc: -:1: field "source_image" is a number, not a string'
	run_in '{"source_image": "syn.png", "generated_image": "syn.png", "lpips": "0.1"}' sfb-qc --root "$FX" --keep-going
	assert_failure 2
	assert_stderr 'sfb-qc: -:1: field "lpips" is a string, not a number or null'
	run_in '{"source_image": "syn.png", "generated_image": "syn.png", "lpips": 1e999}' sfb-qc --root "$FX"
	assert_failure 2
	assert_stderr 'sfb-qc: -:1: field "lpips" is out of range'
	run_in '{"source_image": "sy\u0000n.png", "generated_image": "syn.png"}' sfb-qc --root "$FX"
	assert_failure 2
	assert_stderr 'sfb-qc: -:1: sy: file name holds U+0000'
	run_in '{"source_image": "syn.png",' sfb-qc --root "$FX"
	assert_failure 2
	assert_stderr 'sfb-qc: -:1: invalid JSON: expected a string key'
	assert_output ""
}

@test "--pair: errors name the image; wrong operand counts are usage errors" {
	run_split sfb-qc --root "$FX" --pair syn.png bad_text.png
	assert_failure 2
	assert_stderr "sfb-qc: bad_text.png: not a PNG or JPEG image"
	assert_output ""
	run_split sfb-qc --pair syn.png
	assert_failure 2
	[ "${stderr##*$'\n'}" = "       sfb-qc [options] --pair SRC GEN" ]
	run_split sfb-qc --ssim-min 2 --pair a b
	assert_failure 2
	assert_stderr "sfb-qc: --ssim-min: expected a number from -1 to 1: '2'"
	run_split sfb-qc --pair "$FX/syn.png" $'\xff.png'
	assert_failure 2
	assert_stderr $'sfb-qc: \xff.png: No such file or directory'
}

@test "-h prints usage to stdout, exit 0; --version" {
	run_split sfb-qc --help
	assert_success
	assert_stderr ""
	assert_line --index 0 "usage: sfb-qc [-g KEY] [-j JOBS] [-s KEY] [--edge-min X] [--keep-going]"
	run_split sfb-qc --version
	assert_success
	assert_output --regexp '^sfb-qc \(sfb\) [0-9]+\.[0-9]+\.[0-9]+$'
}

@test "unknown option: usage on stderr, exit 2" {
	run_split sfb-qc -k x
	assert_failure 2
	assert_output ""
	[ "${stderr##*$'\n'}" = "       sfb-qc [options] --pair SRC GEN" ]
}

@test "man page examples run" {
	cd "$FX"
	run_split sfb-qc --pair syn.png syn_roll1.png
	assert_success
	assert_output '{"source_image": "syn.png", "generated_image": "syn_roll1.png", "ssim": 0.9721696257226512, "edge_preservation": 1.0, "lpips": null, "passes_qc": false, "qc_failures": ["lpips"]}'
	run_split sh -c 'echo '"'"'{"source_image": "syn.png", "generated_image": "syn_roll3.png", "lpips": 0.12}'"'"' |
	    sfb-qc -j 2 --keep-going | jq -c "{passes_qc, qc_failures}"'
	assert_success
	assert_output '{"passes_qc":false,"qc_failures":["edge_preservation"]}'
	# the blend then the gate; the numbers are Pillow + NumPy's
	run_split sh -c 'echo '"'"'{"source_image": "syn.png", "generated_image": "syn_flat.png", "mask_image": "n3a.png", "output_image": "'"$BATS_TEST_TMPDIR"'/out.png"}'"'"' |
	    sfb-mask-blend | sfb-qc -g output_image | jq -c "{ssim, edge_preservation}"'
	assert_success
	assert_output '{"ssim":0.534038333134334,"edge_preservation":0}'
}
