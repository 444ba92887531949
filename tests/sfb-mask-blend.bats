#!/usr/bin/env bats
# sfb-mask-blend: the reference's spot values (SPEC 14.2), Pillow + NumPy
# blends of tests/golden/image (tests/gen/gen_image_golden.py), the record
# and four-argument forms, and every way bad input stops the program.
# Outputs are written with --level 0, whose PNG holds the pixels as they
# are: png_pixels reads them back without any image library.

load test_helper

GOLD="$TOP/tests/golden/image"
FX="$GOLD/fx"

# The bytes of the pixels of 8-bit PNG $1 written with --level 0 (stored
# deflate blocks, filter 0), space-separated on one line.
png_pixels() {
	od -An -v -tu1 "$1" | awk '
	{ for (i = 1; i <= NF; i++) b[n++] = $i }
	END {
		p = 8
		while (p < n) {
			len = ((b[p] * 256 + b[p+1]) * 256 + b[p+2]) * 256 + b[p+3]
			t = sprintf("%c%c%c%c", b[p+4], b[p+5], b[p+6], b[p+7])
			if (t == "IHDR") {
				w = ((b[p+8] * 256 + b[p+9]) * 256 + b[p+10]) * 256 + b[p+11]
				ch = b[p+17] == 2 ? 3 : 1
			}
			if (t == "IDAT")
				for (i = 0; i < len; i++) z[nz++] = b[p + 8 + i]
			p += 12 + len
		}
		q = 2
		do {
			if (int(z[q] / 2) % 4 != 0) { print "compressed block"; exit 1 }
			fin = z[q] % 2
			len = z[q+1] + 256 * z[q+2]
			for (i = 0; i < len; i++) d[nd++] = z[q + 5 + i]
			q += 5 + len
		} while (!fin)
		row = 1 + w * ch; out = ""
		for (i = 0; i < nd; i++) {
			if (i % row == 0) {
				if (d[i] != 0) { print "filtered row"; exit 1 }
				continue
			}
			out = out (out == "" ? "" : " ") d[i]
		}
		print out
	}'
}

@test "the spot values of SPEC 14.2: (200,100)->170 (255,0)->178 (0,255)->76 (10,20)->13 (3,7)->4 (128,64)->108; mask 128 set, 127 not" {
	run_split sfb-mask-blend --level 0 "$FX/spot_src.png" "$FX/spot_gen.png" "$FX/spot_mask.png" "$BATS_TEST_TMPDIR/o.png"
	assert_success
	assert_output ""
	assert_stderr ""
	run png_pixels "$BATS_TEST_TMPDIR/o.png"
	assert_success
	assert_output "170 170 170 178 178 178 76 76 76 13 13 13 4 4 4 108 108 108 108 108 108 64 64 64"
	# the same as NumPy's, channel R
	[ "$(cut -d' ' -f1,4,7,10,13,16,19,22 <<<"$output")" = "$(cat "$GOLD/spot.txt")" ]
}

@test "golden: NumPy's blend with a generated image and a mask of other sizes, both resized bicubic" {
	run_split sfb-mask-blend --level 0 "$FX/bl_src.png" "$FX/bl_gen.png" "$FX/bl_mask.png" "$BATS_TEST_TMPDIR/o.png"
	assert_success
	assert_stderr ""
	run png_pixels "$BATS_TEST_TMPDIR/o.png"
	assert_output "$(cat "$GOLD/blend0.txt")"
}

@test "golden: --blend 0.25" {
	run_split sfb-mask-blend --blend 0.25 --level 0 "$FX/bl_src.png" "$FX/bl_gen.png" "$FX/bl_mask.png" "$BATS_TEST_TMPDIR/o.png"
	assert_success
	run png_pixels "$BATS_TEST_TMPDIR/o.png"
	assert_output "$(cat "$GOLD/blend1.txt")"
}

@test "records: the outputs are written, mask_applied and tsxr_mask_blend added in place, input order on 2 threads" {
	local in="" i
	for i in 1 2 3 4 5 6; do
		in="$in{\"i\": $i, \"tsxr_mask_blend\": null, \"source_image\": \"bl_src.png\", \"generated_image\": \"bl_gen.png\", \"mask_image\": \"bl_mask.png\", \"output_image\": \"$BATS_TEST_TMPDIR/o$i.png\"}"$'\n'
	done
	run_in "$in" sfb-mask-blend --root "$FX" --level 0 -j 2
	assert_success
	assert_stderr ""
	[ "$(wc -l <<<"$output")" -eq 6 ]
	assert_line --index 0 "{\"i\": 1, \"tsxr_mask_blend\": 0.7, \"source_image\": \"bl_src.png\", \"generated_image\": \"bl_gen.png\", \"mask_image\": \"bl_mask.png\", \"output_image\": \"$BATS_TEST_TMPDIR/o1.png\", \"mask_applied\": true}"
	for i in 1 2 3 4 5 6; do
		assert_line --index $((i - 1)) --partial "{\"i\": $i, "
		[ "$(png_pixels "$BATS_TEST_TMPDIR/o$i.png")" = "$(cat "$GOLD/blend0.txt")" ]
	done
}

@test "the default level writes a compressed PNG with the same pixels; --blend 0 keeps the generated image" {
	run_split sfb-mask-blend "$FX/bl_src.png" "$FX/bl_gen.png" "$FX/bl_mask.png" "$BATS_TEST_TMPDIR/o6.png"
	assert_success
	run png_pixels "$BATS_TEST_TMPDIR/o6.png"
	assert_failure
	# read back through a blend of 0, written at level 0
	run_split sfb-mask-blend --blend 0 --level 0 "$FX/bl_src.png" "$BATS_TEST_TMPDIR/o6.png" "$FX/bl_mask.png" "$BATS_TEST_TMPDIR/back.png"
	assert_success
	run png_pixels "$BATS_TEST_TMPDIR/back.png"
	assert_output "$(cat "$GOLD/blend0.txt")"
}

@test "bad images: missing, not an image, truncated, unsupported depth, each named as the record names it" {
	local f why
	while IFS=: read -r f why; do
		run_in "{\"source_image\": \"bl_src.png\", \"generated_image\": \"bl_gen.png\", \"mask_image\": \"$f\", \"output_image\": \"$BATS_TEST_TMPDIR/o.png\"}" \
		    sfb-mask-blend --root "$FX"
		assert_failure 2
		assert_stderr "sfb-mask-blend: -:1: $f:$why"
		assert_output ""
	done <<'EOF'
gone.png: No such file or directory
bad_text.png: not a PNG or JPEG image
bad_truncated.png: truncated PNG file
bad_truncated.jpg: truncated JPEG file
bad_depth.png: unsupported PNG mode: bit depth 3, colour type 0
EOF
	[ ! -e "$BATS_TEST_TMPDIR/o.png" ]
}

@test "an output that cannot be written: exit 2 naming it; lines before it are whole" {
	local ok='{"source_image": "bl_src.png", "generated_image": "bl_gen.png", "mask_image": "bl_mask.png", "output_image": "'"$BATS_TEST_TMPDIR"'/ok.png"}'
	run_in "$ok"$'\n''{"source_image": "bl_src.png", "generated_image": "bl_gen.png", "mask_image": "bl_mask.png", "output_image": "no/such/dir/o.png"}' \
	    sfb-mask-blend --root "$FX" -j 1
	assert_failure 2
	assert_stderr "sfb-mask-blend: -:2: no/such/dir/o.png: No such file or directory"
	assert_output "${ok%\}}, \"mask_applied\": true, \"tsxr_mask_blend\": 0.7}"
	run_split sfb-mask-blend "$FX/bl_src.png" "$FX/bl_gen.png" "$FX/bl_mask.png" /no/such/dir/o.png
	assert_failure 2
	assert_stderr "sfb-mask-blend: /no/such/dir/o.png: No such file or directory"
	run_split sfb-mask-blend "$FX/bl_src.png" "$FX/nope.png" "$FX/bl_mask.png" "$BATS_TEST_TMPDIR/x.png"
	assert_failure 2
	assert_stderr "sfb-mask-blend: $FX/nope.png: No such file or directory"
}

@test "bad records: a missing key, a wrong type, invalid JSON" {
	run_in '{"source_image": "bl_src.png", "generated_image": "bl_gen.png", "mask_image": "bl_mask.png"}' sfb-mask-blend --root "$FX"
	assert_failure 2
	assert_stderr 'sfb-mask-blend: -:1: missing field "output_image"'
	run_in '{"source_image": "bl_src.png", "generated_image": ["bl_gen.png"], "mask_image": "bl_mask.png", "output_image": "x.png"}' sfb-mask-blend --root "$FX"
	assert_failure 2
	assert_stderr 'sfb-mask-blend: -:1: field "generated_image" is an array, not a string'
	run_in '[1]' sfb-mask-blend
	assert_failure 2
	assert_stderr 'sfb-mask-blend: -:1: not a JSON object'
	assert_output ""
}

@test "usage: --blend from 0 to 1, --level from 0 to 9, -h, --version, unknown options" {
	run_split sfb-mask-blend --blend 1.5 a b c d
	assert_failure 2
	assert_stderr "sfb-mask-blend: --blend: expected a number from 0 to 1: '1.5'"
	run_split sfb-mask-blend --level 10 a b c d
	assert_failure 2
	assert_stderr "sfb-mask-blend: --level: expected a number from 0 to 9: '10'"
	run_split sfb-mask-blend --help
	assert_success
	assert_line --index 0 "usage: sfb-mask-blend [-j JOBS] [--blend B] [--level N] [--root DIR] [FILE...]"
	run_split sfb-mask-blend --version
	assert_success
	assert_output --regexp '^sfb-mask-blend \(sfb\) [0-9]+\.[0-9]+\.[0-9]+$'
	run_split sfb-mask-blend -x
	assert_failure 2
	assert_output ""
	[ "${stderr##*$'\n'}" = "       sfb-mask-blend [--blend B] [--level N] SRC GEN MASK OUT" ]
}

@test "man page examples run" {
	cd "$FX"
	run_split sfb-mask-blend syn.png syn_flat.png n3a.png "$BATS_TEST_TMPDIR/blended.png"
	assert_success
	assert_output ""
	[ -s "$BATS_TEST_TMPDIR/blended.png" ]
	run_split sh -c 'echo '"'"'{"source_image": "syn.png", "generated_image": "syn_flat.png", "mask_image": "n3a.png", "output_image": "'"$BATS_TEST_TMPDIR"'/blended.png"}'"'"' |
	    sfb-mask-blend --blend 0.5 | jq -c "{mask_applied, tsxr_mask_blend}"'
	assert_success
	assert_output '{"mask_applied":true,"tsxr_mask_blend":0.5}'
}
