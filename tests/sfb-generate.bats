#!/usr/bin/env bats
# sfb-generate: the generator release without weights (SPEC 14.3).  The
# byte counts and hashes are the reference's measured values (SPEC); the
# documents, configs and plans are checked against goldens that
# tests/gen/gen_generate_golden.py computed with Python's json, pathlib,
# zlib and PyYAML.

load test_helper

GOLD="$BATS_TEST_DIRNAME/golden/generate"
VALID='valid prompts: elderly_female, elderly_male, young_female, young_male'

setup() {
	cd "$BATS_TEST_TMPDIR"
}

# A source image and a mask for the plans.
images() {
	sfb-generate --dry-run --output smoke >/dev/null
	cp smoke/synthetic_test_input.png src.png
	cp smoke/synthetic_test_input.png mask.png
}

# Run sfb-generate --print-config on a config written from $1.
config() {
	printf '%s' "$1" >c.yaml
	run_split sfb-generate --print-config --config c.yaml
}

# The config is refused with message $1 (after "sfb-generate: ").
config_error() {
	assert_failure 2
	assert_output ''
	assert_stderr "sfb-generate: $1"
}

# --- the reference's measured values (SPEC 14.3) ---

@test "--release-info: the reference's 1400 bytes" {
	run_split sfb-generate --release-info
	assert_success
	assert_stderr ''
	sfb-generate --release-info >ri.json
	[ "$(wc -c <ri.json)" -eq 1400 ]
	cmp ri.json "$GOLD/release_info.json"
}

@test "--dry-run defaults: metadata 1050 bytes, SHA-256 50dd372c..., and the line" {
	run_split sfb-generate --dry-run
	assert_success
	assert_output '{"metadata": "dry_run_metadata.json", "output": "/tmp/spinefairbench_generator_smoke", "status": "ok"}'
	assert_stderr ''
	m=/tmp/spinefairbench_generator_smoke/dry_run_metadata.json
	[ "$(wc -c <"$m")" -eq 1050 ]
	[ "$(sha256sum <"$m" | cut -c1-64)" = 50dd372c6764779cf356d79d3656d562e3de8bf033c2419dd4fe95fc34ba97b9 ]
}

@test "--dry-run: the synthetic PNG is the reference's file (zlib level 6)" {
	run_split sfb-generate --dry-run --output d
	assert_success
	[ "$(sha256sum <d/synthetic_test_input.png | cut -c1-64)" = \
	    "$(sed -n 2p "$GOLD/synthetic.sha256" | cut -c1-64)" ]
	[ "$(wc -c <d/synthetic_test_input.png)" -eq 858 ]
	# a PNG signature, a 128 x 128 8-bit gray IHDR
	[ "$(od -An -tx1 -N 26 d/synthetic_test_input.png | tr -d ' \n')" = \
	    89504e470d0a1a0a0000000d4948445200000080000000800800 ]
}

# --- dry runs with options, against Python's json.dumps and pathlib ---

dry_case() {
	local name=$1
	shift
	run_split sfb-generate --dry-run "$@"
	assert_success
	assert_stderr ''
	assert_output "$(cat "$GOLD/dry_run/$name.line")"
}

@test "--dry-run --seed 7 --device cuda" {
	dry_case seed7_cuda --output out --seed 7 --device cuda
	cmp out/dry_run_metadata.json "$GOLD/dry_run/seed7_cuda.json"
	cmp out/synthetic_test_input.png "$BATS_TEST_TMPDIR/out/synthetic_test_input.png"
}

@test "--dry-run: a negative seed, ./a//b/./ normalised as pathlib does" {
	dry_case negative_seed --output ./a//b/./ --seed -1 --device cpu
	cmp a/b/dry_run_metadata.json "$GOLD/dry_run/negative_seed.json"
}

@test "--dry-run: two leading slashes are kept, three are one" {
	mkdir -p root
	dry_case two_slashes --output //tmp/x/ --seed 0 --device mps
	cmp /tmp/x/dry_run_metadata.json "$GOLD/dry_run/two_slashes.json"
	dry_case three_slashes --output ///tmp/x --seed 123456789012345
	cmp /tmp/x/dry_run_metadata.json "$GOLD/dry_run/three_slashes.json"
}

@test "--dry-run: .. is kept; an empty device is written as given" {
	dry_case dotdot --output a/../b --device ''
	cmp b/dry_run_metadata.json "$GOLD/dry_run/dotdot.json"
}

@test "--dry-run: an empty --output is the current directory, shown as ." {
	dry_case empty --output ''
	cmp dry_run_metadata.json "$GOLD/dry_run/empty.json"
	[ -f synthetic_test_input.png ]
}

@test "--dry-run: non-ASCII directory and device escaped as json.dumps does" {
	dry_case unicode --output $'d\xc3\xa9j\xc3\xa0/\xf0\x9f\x98\x80' \
	    --device $'cuda:\xc3\xa9'
	cmp $'d\xc3\xa9j\xc3\xa0/\xf0\x9f\x98\x80/dry_run_metadata.json' \
	    "$GOLD/dry_run/unicode.json"
}

@test "--dry-run: bytes that are not UTF-8 as Python's surrogate escapes" {
	dry_case undecodable --output $'x\xff\xfey' --device $'c\xe9pu'
	cmp $'x\xff\xfey/dry_run_metadata.json' "$GOLD/dry_run/undecodable.json"
}

@test "--dry-run: an output that is a file cannot be written" {
	touch f
	run_split sfb-generate --dry-run --output f
	assert_failure 2
	assert_output ''
	assert_stderr 'sfb-generate: f/synthetic_test_input.png: Not a directory'
	run_split sfb-generate --dry-run --output f/sub
	assert_failure 2
	assert_stderr 'sfb-generate: f/sub: Not a directory'
}

@test "--dry-run: an unwritable directory" {
	mkdir ro
	touch ro/dry_run_metadata.json
	chmod 444 ro/dry_run_metadata.json
	if [ -w ro/dry_run_metadata.json ]; then
		# root ignores the mode; a directory in its place cannot be opened
		rm ro/dry_run_metadata.json
		mkdir ro/dry_run_metadata.json
		run_split sfb-generate --dry-run --output ro
		assert_failure 2
		assert_stderr 'sfb-generate: ro/dry_run_metadata.json: Is a directory'
	else
		run_split sfb-generate --dry-run --output ro
		assert_failure 2
		assert_stderr 'sfb-generate: ro/dry_run_metadata.json: Permission denied'
	fi
	assert_output ''
}

@test "--dry-run --seed: not a number" {
	run_split sfb-generate --dry-run --seed 4x
	assert_failure 2
	assert_output ''
	assert_stderr "sfb-generate: --seed: expected an integer: '4x'"
}

# --- prompts ---

@test "--prompt: the four locked prompts" {
	local d
	for d in elderly_female elderly_male young_female young_male; do
		run_split sfb-generate --prompt "$d"
		assert_success
		assert_stderr ''
		assert_output "$(jq -r ".prompts.$d" "$GOLD/release_info.json")"
	done
	run_split sfb-generate --prompt young_male
	assert_output 'Lumbar spine X-ray of a 25-year-old male patient'
}

@test "--prompt: an unknown name is the reference's error, repr-quoted" {
	run_split sfb-generate --prompt old
	assert_failure 2
	assert_output ''
	assert_stderr "sfb-generate: Unknown demographic prompt 'old'; $VALID"
	run_split sfb-generate --prompt "it's"
	assert_stderr "sfb-generate: Unknown demographic prompt \"it's\"; $VALID"
	run_split sfb-generate --prompt $'a\tb\xff'
	assert_stderr "sfb-generate: Unknown demographic prompt 'a\\tb\\udcff'; $VALID"
	run_split sfb-generate --prompt Young_Male
	assert_stderr "sfb-generate: Unknown demographic prompt 'Young_Male'; $VALID"
	run_split sfb-generate --prompt ''
	assert_stderr "sfb-generate: Unknown demographic prompt ''; $VALID"
}

# --- the config ---

@test "config: every golden file reads as PyYAML reads it" {
	local y
	for y in "$GOLD"/config/*.yaml; do
		run_split sfb-generate --print-config --config "$y"
		assert_success
		assert_output "$(cat "${y%.yaml}.json")"
	done
}

@test "config: the defaults without a file" {
	run_split sfb-generate --print-config
	assert_success
	assert_stderr ''
	assert_output "$(cat "$GOLD/config/empty.json")"
}

@test "config: unknown keys are ignored with a warning each" {
	run_split sfb-generate --print-config --config "$GOLD/config/unknown_keys.yaml"
	assert_success
	assert_output "$(cat "$GOLD/config/unknown_keys.json")"
	assert_stderr "sfb-generate: $GOLD/config/unknown_keys.yaml:1: warning: unknown key 'foo' ignored
sfb-generate: $GOLD/config/unknown_keys.yaml:2: warning: unknown key '1' ignored
sfb-generate: $GOLD/config/unknown_keys.yaml:3: warning: unknown key 'yes' ignored
sfb-generate: $GOLD/config/unknown_keys.yaml:4: warning: unknown key 'nested' ignored"
}

@test "config: a list, a string, true are not a mapping (reference message, pathlib path)" {
	config $'- seed: 1\n'
	config_error 'c.yaml:1: Expected mapping in config file: c.yaml'
	config $'"x"\n'
	config_error 'c.yaml:1: Expected mapping in config file: c.yaml'
	config $'# a comment\ntrue\n'
	config_error 'c.yaml:2: Expected mapping in config file: c.yaml'
	mkdir -p d
	printf '[1, 2]\n' >d/l.yaml
	run_split sfb-generate --print-config --config ./d//l.yaml
	config_error './d//l.yaml:1: Expected mapping in config file: d/l.yaml'
}

@test "config: a missing file, a directory" {
	run_split sfb-generate --print-config --config nope.yaml
	config_error 'nope.yaml: No such file or directory'
	mkdir dir.yaml
	run_split sfb-generate --print-config --config dir.yaml
	config_error 'dir.yaml: Is a directory'
	run_split sfb-generate --plan --input x --config nope.yaml
	config_error 'nope.yaml: No such file or directory'
}

@test "config: wrong types name file, line and key" {
	config $'seed: 1\nlora_rank: sixty-four\n'
	config_error "c.yaml:2: lora_rank: expected a positive integer, got a string 'sixty-four'"
	config $'lora_alpha: 128.0\n'
	config_error "c.yaml:1: lora_alpha: expected a positive integer, got a float '128.0'"
	config $'inference_steps: yes\n'
	config_error "c.yaml:1: inference_steps: expected a positive integer, got a boolean 'yes'"
	config $'seed: "42"\n'
	config_error "c.yaml:1: seed: expected an integer from -9223372036854775808 to 9223372036854775807, got a string '42'"
	config $'guidance_scale: 1e3\n'
	config_error "c.yaml:1: guidance_scale: expected a finite number >= 0, got a string '1e3'"
	config $'strength:\n'
	config_error "c.yaml:1: strength: expected a number from 0 to 1, got null"
	config $'device: 0\n'
	config_error "c.yaml:1: device: expected a non-empty string, got an integer '0'"
	config $'base_model: ! 12\n'
	config_error "c.yaml:1: base_model: expected a non-empty string, got an integer '12'"
	config $'checkpoint_path: [a]\n'
	config_error "c.yaml:1: checkpoint_path: expected a non-empty string or null, got a sequence"
	config $'image_size: {w: 512}\n'
	config_error "c.yaml:1: image_size: expected a positive multiple of 8, got a mapping"
	config $'device: 2024-01-02\n'
	config_error "c.yaml:1: device: expected a non-empty string, got a timestamp '2024-01-02'"
	config $'a: &x [1]\nseed: *x\n'
	assert_failure 2
	assert_stderr "sfb-generate: c.yaml:1: warning: unknown key 'a' ignored
sfb-generate: c.yaml:2: seed: expected an integer from -9223372036854775808 to 9223372036854775807, got a sequence"
	config $'tsxr_mask_blend: !!bool on\n'
	config_error "c.yaml:1: tsxr_mask_blend: expected a number from 0 to 1, got a boolean 'on'"
}

@test "config: values out of range" {
	config $'lora_rank: 0\n'
	config_error "c.yaml:1: lora_rank: expected a positive integer, got '0'"
	config $'inference_steps: -5\n'
	config_error "c.yaml:1: inference_steps: expected a positive integer, got '-5'"
	config $'image_size: 500\n'
	config_error "c.yaml:1: image_size: expected a positive multiple of 8, got '500'"
	config $'strength: 1.5\n'
	config_error "c.yaml:1: strength: expected a number from 0 to 1, got '1.5'"
	config $'tsxr_mask_blend: -0.1\n'
	config_error "c.yaml:1: tsxr_mask_blend: expected a number from 0 to 1, got '-0.1'"
	config $'guidance_scale: .inf\n'
	config_error "c.yaml:1: guidance_scale: expected a finite number >= 0, got '.inf'"
	config $'guidance_scale: .nan\n'
	config_error "c.yaml:1: guidance_scale: expected a finite number >= 0, got '.nan'"
	config $'seed: 9223372036854775808\n'
	config_error "c.yaml:1: seed: expected an integer from -9223372036854775808 to 9223372036854775807, got '9223372036854775808'"
	config $'seed: 0x1_0000_0000_0000_0000\n'
	config_error "c.yaml:1: seed: expected an integer from -9223372036854775808 to 9223372036854775807, got '0x1_0000_0000_0000_0000'"
	config $'base_model: ""\n'
	config_error "c.yaml:1: base_model: expected a non-empty string, got ''"
	config $'checkpoint_path: \'\'\n'
	config_error "c.yaml:1: checkpoint_path: expected a non-empty string, got ''"
}

@test "config: the last of repeated keys is the one checked" {
	config $'seed: x\nseed: 3\n'
	assert_success
	assert_line '  "seed": 3,'
	config $'seed: 3\nseed: x\n'
	config_error "c.yaml:2: seed: expected an integer from -9223372036854775808 to 9223372036854775807, got a string 'x'"
}

@test "config: YAML that PyYAML refuses" {
	config $'seed: [1\n'
	config_error "c.yaml:2: invalid YAML: while parsing a flow sequence did not find expected ',' or ']'"
	config $'a: 1\n---\nb: 2\n'
	config_error "c.yaml:1: warning: unknown key 'a' ignored
sfb-generate: c.yaml:2: invalid YAML: expected a single document in the stream"
	config $'seed: *nope\n'
	config_error "c.yaml:1: invalid YAML: found undefined alias 'nope'"
	config $'? [a]\n: 1\n'
	config_error 'c.yaml:1: invalid YAML: found unhashable key (a sequence)'
	config $'base: &b {seed: 1}\n<<: *b\n'
	config_error "c.yaml:1: warning: unknown key 'base' ignored
sfb-generate: c.yaml:2: merge keys (<<) are not supported"
	config $'seed: !foo 1\n'
	config_error "c.yaml:1: seed: expected an integer from -9223372036854775808 to 9223372036854775807, got a value '1'"
	printf 'device: \xff\n' >c.yaml
	run_split sfb-generate --print-config --config c.yaml
	assert_failure 2
	[[ $stderr == 'sfb-generate: c.yaml:1: invalid YAML: '* ]]
}

# --- plans ---

@test "--plan: one source, the default demographic" {
	images
	run_split sfb-generate --plan --input src.png --checkpoint ./w//lora.safetensors --output out/
	assert_success
	assert_stderr ''
	assert_output "$(cat "$GOLD/plan/default.ndjson")"
	[ ! -e out ]
}

@test "--plan: all demographics with a mask, seed, config and device" {
	images
	printf 'guidance_scale: 7\nstrength: 0.3\n' >c.yaml
	run_split sfb-generate --plan --input src.png --demographic all --mask mask.png \
	    --checkpoint lora.st --seed 7 --config c.yaml --device cuda
	assert_success
	assert_stderr ''
	assert_output "$(cat "$GOLD/plan/all_mask.ndjson")"
	[ "${#lines[@]}" -eq 4 ]
}

@test "--plan: demographics in the order named, repeats once" {
	images
	run_split sfb-generate --plan --input src.png --demographic young_male \
	    --demographic elderly_male --demographic young_male \
	    --checkpoint /abs/lora.safetensors --output //x/./y
	assert_success
	assert_output "$(cat "$GOLD/plan/two.ndjson")"
}

@test "--plan: the checkpoint from the config; no checkpoint_filename then" {
	images
	printf 'checkpoint_path: from/config.st\n' >c.yaml
	run_split sfb-generate --plan --input src.png --demographic young_female \
	    --config c.yaml --output o
	assert_success
	assert_output "$(cat "$GOLD/plan/config_checkpoint.ndjson")"
}

@test "--plan: {stem} in the output directory; non-ASCII names" {
	images
	mkdir -p $'d\xc3\xa9j\xc3\xa0'
	cp src.png $'d\xc3\xa9j\xc3\xa0/sp\xc3\xaene.v1.png'
	run_split sfb-generate --plan --input $'d\xc3\xa9j\xc3\xa0/sp\xc3\xaene.v1.png' \
	    --demographic young_male --checkpoint c --output 'runs/{stem}'
	assert_success
	assert_output "$(cat "$GOLD/plan/stem.ndjson")"
}

@test "--plan: file names that are not UTF-8, from the command line and from records" {
	images
	cp src.png $'x\xff.png'
	run_split sfb-generate --plan --input $'x\xff.png' --demographic elderly_male \
	    --output $'o\xfe' --checkpoint $'c\xfe' --write-metadata
	assert_success
	assert_output "$(cat "$GOLD/plan/undecodable.ndjson")"
	cmp $'o\xfe/elderly_male_counterfactual.json' "$GOLD/plan/undecodable.meta.json"
	# the job's own escapes name the same file when read back as a record
	run_in "$output" sfb-generate --plan --checkpoint c --output r
	assert_success
	[[ $output == *'"source_filename": "x\udcff.png"'* ]]
	[[ $output == *'"output_image": "r/elderly_male_counterfactual.png"'* ]]
}

@test "--plan --write-metadata: the file infer.py writes, byte for byte" {
	images
	run_split sfb-generate --plan --input src.png --checkpoint ./w//lora.safetensors \
	    --output out/ --write-metadata
	assert_success
	cmp out/elderly_female_counterfactual.json "$GOLD/plan/default.meta.json"
	printf 'guidance_scale: 7\nstrength: 0.3\n' >c.yaml
	run_split sfb-generate --plan --input src.png --demographic all --mask mask.png \
	    --checkpoint lora.st --seed 7 --config c.yaml --device cuda --write-metadata
	assert_success
	cmp elderly_female_counterfactual.json "$GOLD/plan/all_mask.meta.json"
	[ -f young_male_counterfactual.json ]
}

@test "--plan: records in, every member passed through, one job per demographic" {
	images
	run_in $'{"source_image": "src.png", "id": 1, "prompt": "old"}\n\n{"id": 2, "source_image": "src.png", "output_dir": "two", "mask_image": "mask.png", "target_demographic": "young_male"}\n' \
	    sfb-generate --plan --checkpoint c --demographic all
	assert_success
	assert_stderr ''
	[ "${#lines[@]}" -eq 5 ]
	run jq -c '[.id, .target_demographic, .prompt, .output_image, .generated_image, .mask_image, .metadata.mask_applied]' <<<"$output"
	assert_output '[1,"elderly_female","Lumbar spine X-ray of a 75-year-old female patient","elderly_female_counterfactual.png","elderly_female_counterfactual.png",null,false]
[1,"elderly_male","Lumbar spine X-ray of a 75-year-old male patient","elderly_male_counterfactual.png","elderly_male_counterfactual.png",null,false]
[1,"young_female","Lumbar spine X-ray of a 25-year-old female patient","young_female_counterfactual.png","young_female_counterfactual.png",null,false]
[1,"young_male","Lumbar spine X-ray of a 25-year-old male patient","young_male_counterfactual.png","young_male_counterfactual.png",null,false]
[2,"young_male","Lumbar spine X-ray of a 25-year-old male patient","two/young_male_counterfactual.png","two/young_male_generated.png","mask.png",true]'
	# the record's members first, unchanged and in order; "prompt" replaced in place
	run_in $'{"source_image":"src.png","id":1,"prompt":"old"}\n' sfb-generate --plan --checkpoint c
	assert_output --regexp '^\{"source_image": "src.png", "id": 1, "prompt": "Lumbar spine X-ray of a 75-year-old female patient", "target_demographic": "elderly_female", "negative_prompt": null, "seed": 42,'
}

@test "--plan -s KEY, zstd input, several files in order" {
	images
	printf '{"img": "src.png", "output_dir": "a"}\n' | zstd -q >a.ndjson.zst
	printf '{"img": "mask.png", "output_dir": "b"}\n' >b.ndjson
	run_split sfb-generate --plan -s img --checkpoint c a.ndjson.zst b.ndjson
	assert_success
	run jq -r '.metadata.source_filename + " " + .output_image' <<<"$output"
	assert_output 'src.png a/elderly_female_counterfactual.png
mask.png b/elderly_female_counterfactual.png'
}

@test "--plan: bad records stop at their line, earlier jobs complete" {
	images
	run_in $'{"source_image": "src.png", "output_dir": "1"}\n{"source_image": 5}\n' sfb-generate --plan --checkpoint c
	assert_failure 2
	[ "${#lines[@]}" -eq 1 ]
	assert_stderr 'sfb-generate: -:2: source_image: expected a string, got a number'
	run_in $'{"id": 1}\n' sfb-generate --plan --checkpoint c
	assert_failure 2
	assert_stderr 'sfb-generate: -:1: no source_image member'
	run_in $'{"source_image": "src.png", "target_demographic": "old"}\n' sfb-generate --plan --checkpoint c
	assert_failure 2
	assert_stderr "sfb-generate: -:1: Unknown demographic prompt 'old'; $VALID"
	run_in $'{"source_image": "src.png", "output_dir": 1}\n' sfb-generate --plan --checkpoint c
	assert_stderr 'sfb-generate: -:1: output_dir: expected a string, got a number'
	run_in $'{"source_image": "gone.png"}\n' sfb-generate --plan --checkpoint c
	assert_stderr 'sfb-generate: -:1: gone.png: No such file or directory'
	run_in $'{"source_image": "src.png", "mask_image": "gone.png"}\n' sfb-generate --plan --checkpoint c
	assert_stderr 'sfb-generate: -:1: gone.png: No such file or directory'
	run_in $'{"source_image": "a\\u0000b"}\n' sfb-generate --plan --checkpoint c
	assert_failure 2
	assert_stderr "sfb-generate: -:1: 'a\\x00b': not a file name (a NUL or a surrogate)"
	run_in $'{"source_image": "a\\udc80\\ud800"}\n' sfb-generate --plan --checkpoint c
	assert_failure 2
	assert_stderr "sfb-generate: -:1: 'a\\udc80\\ud800': not a file name (a NUL or a surrogate)"
	run_in $'[1]\n' sfb-generate --plan --checkpoint c
	assert_failure 2
	[[ $stderr == 'sfb-generate: -:1: '* ]]
}

@test "--plan: two jobs with one output are refused" {
	images
	run_split sfb-generate --plan --input src.png --input ./src.png --checkpoint c
	assert_failure 2
	assert_stderr "sfb-generate: ./src.png: output elderly_female_counterfactual.png is already planned for src.png; give each source its own directory (--output 'DIR/{stem}', or output_dir)"
	[ "${#lines[@]}" -eq 1 ]
	run_split sfb-generate --plan --input src.png --input mask.png --checkpoint c --output 'o/{stem}'
	assert_success
	[ "${#lines[@]}" -eq 2 ]
}

@test "--plan: an unknown demographic, a missing source or mask, no checkpoint" {
	images
	run_split sfb-generate --plan --input src.png --checkpoint c --demographic old
	assert_failure 2
	assert_output ''
	assert_stderr "sfb-generate: Unknown demographic prompt 'old'; $VALID"
	run_split sfb-generate --plan --input nope.png --checkpoint c
	assert_failure 2
	assert_stderr 'sfb-generate: nope.png: No such file or directory'
	run_split sfb-generate --plan --input src.png --mask nope.png --checkpoint c
	assert_failure 2
	assert_stderr 'sfb-generate: nope.png: No such file or directory'
	run_split sfb-generate --plan --input smoke --checkpoint c
	assert_failure 2
	assert_stderr 'sfb-generate: smoke: Is a directory'
	run_split sfb-generate --plan --input src.png
	assert_failure 2
	assert_stderr 'sfb-generate: No LoRA checkpoint path configured. The public benchmark release does not include generator weights; provide a local Diffusers-compatible LoRA checkpoint with --checkpoint.'
}

@test "--plan --write-metadata: an output directory that cannot be made" {
	images
	touch f
	run_split sfb-generate --plan --input src.png --checkpoint c --output f/x --write-metadata
	assert_failure 2
	assert_output ''
	assert_stderr 'sfb-generate: f/x: Not a directory'
}

# --- inference, usage ---

@test "asked to run inference itself: exit 2 naming --plan" {
	local msg='sfb-generate: inference needs a Stable Diffusion backend and the LoRA weights, which sfb does not run; --plan writes the jobs for one'
	run_split sfb-generate --input src.png --checkpoint lora.safetensors --output out
	assert_failure 2
	assert_output ''
	assert_stderr "$msg"
	run_split sfb-generate --checkpoint lora.safetensors
	assert_failure 2
	assert_stderr "$msg"
}

@test "usage: no mode, two modes, options that do not go with a mode" {
	local args
	for args in '' '--plan --dry-run' '--release-info --seed 1' \
	    '--dry-run --config c.yaml' '--prompt young_male --output x' \
	    '--dry-run --input x' '--release-info extra' '--dry-run --write-metadata' \
	    '--plan --input a.png b.ndjson' '--bogus'; do
		# shellcheck disable=SC2086
		run_split sfb-generate $args
		assert_failure 2
		assert_output ''
		[[ $stderr == *'usage: sfb-generate --plan'* ]]
	done
}

@test "--help, --version" {
	run_split sfb-generate --help
	assert_success
	assert_line --index 0 --partial 'usage: sfb-generate --plan'
	assert_stderr ''
	run_split sfb-generate --version
	assert_success
	assert_output --regexp '^sfb-generate \(sfb\) [0-9.]+$'
}

@test "man page examples run" {
	run_split sh -c 'sfb-generate --release-info | jq .prompt_count'
	assert_success
	assert_output 4
	run_split sfb-generate --dry-run --output smoke --seed 7
	assert_success
	assert_output '{"metadata": "dry_run_metadata.json", "output": "smoke", "status": "ok"}'
	run_split sh -c 'printf '\''{"source_image": "smoke/synthetic_test_input.png"}\n'\'' |
	    sfb-generate --plan --checkpoint lora.safetensors \
	    --demographic young_male --output runs | jq -r .prompt'
	assert_success
	assert_output 'Lumbar spine X-ray of a 25-year-old male patient'
	# the whole release pipeline, when its other two programs are built
	sed -n '/^backend() {$/,/jq -c/p' "$TOP/man/sfb-generate.1" |
	    sed 's/\\e$/\\/; s/\\en/\\n/g' >pipeline.sh
	grep -q 'sfb-mask-blend' pipeline.sh
	command -v sfb-mask-blend >/dev/null && command -v sfb-qc >/dev/null ||
	    skip 'sfb-mask-blend or sfb-qc is not built'
	run_split bash pipeline.sh
	assert_success
	[ "${#lines[@]}" -eq 4 ]
	# the stand-in's image is its source: blended, it stays all but the
	# same; with no LPIPS measured, the newest reference's gate fails it
	run jq -s -c 'map([.target_demographic, .ssim > 0.99, .passes_qc])' <<<"$output"
	assert_output '[["elderly_female",true,false],["elderly_male",true,false],["young_female",true,false],["young_male",true,false]]'
	[ -f out/synthetic_test_input/young_male_counterfactual.png ]
	[ -f out/synthetic_test_input/young_male_generated.png ]
	[ "$(jq -c '[.mask_applied, .tsxr_mask_blend]' \
	    out/synthetic_test_input/young_male_counterfactual.json)" = '[true,0.7]' ]
}
