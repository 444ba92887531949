#!/bin/bash
# dataset.sh - the released dataset tree: unique pair ids, QC identity and
# membership, image paths and sizes, source mappings and manifest counts.
. "$(dirname "$0")/lib.sh"
USAGE='[--artifacts DIR]'
OPTIONS='artifacts'
parse_args "$@"
[ ${#ARGS[@]} -eq 0 ] || usage_error "unexpected argument: ${ARGS[0]}"

release=$(need dataset/release_manifest.json)
passed=$(need dataset/qc_passed_pair_manifest.jsonl)
qc=$(need dataset/qc_metadata.jsonl)
images=$(need dataset/counterfactual_images)
jqr empty "$release"

# Lines as Python's text mode counts them (\n, \r\n and \r all end one).
count_lines() { awk 'BEGIN { RS = "\r\n|\r|\n" } END { print NR }' "$1"; }
n_png=$(find "$images" -name '*.png' -printf x | wc -c)
n_source_png=$(find "$images" -name source.png -printf x | wc -c)
n_passed=$(count_lines "$passed")
n_qc=$(count_lines "$qc")

# JSONL as the reference reads it: every line, blank or not, must be JSON.
jsonl() {
	local blank
	blank=$(awk 'BEGIN { RS = "\r\n|\r|\n" } /^[ \t]*$/ { print NR; exit }' "$1")
	[ -z "$blank" ] || fail "Invalid JSON in ${1##*/} line $blank: Expecting value"
	jq -c . "$1" 2>"$TMP/err" || fail "Invalid JSON in ${1##*/}: $(sed 's/^jq: error[^:]*: //' "$TMP/err")"
}

# Rows keyed by KEY, as the reference's _unique_rows: the first bad or
# repeated key in file order fails.
UNIQUE='def unique_rows($k; $what):
	if type != "array" then fail("\($what) must contain a list") else . end
	| (to_entries | map(select((.value | type) != "object" or (.value[$k] | type) != "string"
		or .value[$k] == "") | .key) | first) as $bad
	| (to_entries | map(select(.value | type == "object" and (.[$k] | type) == "string"))
		| group_by(.value[$k]) | map(select(length > 1) | .[1]) | min_by(.key)) as $dup
	| if $bad != null and ($dup == null or $bad < $dup.key) then fail("Invalid \($k) in \($what) row \($bad + 1)")
	elif $dup != null then fail("Duplicate \($k) in \($what): \($dup.value[$k])")
	else map({(.[$k]): .}) | add // {} end;'

jsonl "$passed" >"$TMP/passed"
jqr "$UNIQUE"'unique_rows("pair_id"; "QC-passed manifest") | empty' -s "$TMP/passed"
jsonl "$qc" >"$TMP/qc"
# Every PNG under dataset/: path (from the bundle root), type, size.
find "$ROOT/dataset" -name '*.png' -printf 'dataset/%P\t%y\t%s\n' >"$TMP/pngs"

jqr "$UNIQUE"'
	($passed | unique_rows("pair_id"; "QC-passed manifest")) as $p
	| ($qc | unique_rows("pair_id"; "QC metadata")) as $a
	| [$a | keys_unsorted[] as $id | $a[$id] | select(
		(.edit_label | IN("young_female", "young_male", "elderly_female", "elderly_male") | not)
		or (.source_id | type) != "string" or $id != "\(.source_id)__\(.edit_label)"
		or (.passed_qc | type) != "boolean") | $id][0]
	| if . != null then fail("Invalid QC pair identity or pass flag: \(.)") else . end
	| if $p != ($a | with_entries(select(.value.passed_qc))) then
		fail("QC-passed manifest does not equal the passed rows in QC metadata") else . end
	| ($pngs | split("\n") | map(select(. != "") | split("\t") | {(.[0]): {type: .[1], size: (.[2] | tonumber)}})
		| add // {}) as $files
	| [$p[] | . as $r | .counterfactual_image_path as $name
		| if ($name | type) != "string" then fail("Missing released image path: \($r.pair_id)")
		elif $name != "dataset/counterfactual_images/\($r.source_id)/\($r.edit_label).png" then
			fail("Image path does not match pair identity: \($r.pair_id)")
		elif ($name | test("^/|\\\\|:|(^|/)\\.\\.?(/|$)|//|/$")) then
			fail("Invalid release-relative path: \($name | pyquote)")
		elif $files[$name].type != "f" or $files[$name].size != $r.counterfactual_image_size_bytes then
			fail("Released image missing or size mismatch: \($name)")
		else $name end] as $expected
	| if ($expected | sort) != ($files | keys) then
		fail("Released PNG membership differs from QC-passed manifest") else empty end
	' -n --slurpfile passed "$TMP/passed" --slurpfile qc "$TMP/qc" --rawfile pngs "$TMP/pngs" >/dev/null
# Source id -> {edit label: image path}, from the passed rows.
jqr 'group_by(.source_id)
	| map({(.[0].source_id): (map({(.edit_label): .counterfactual_image_path}) | add)}) | add // {}' \
	-s "$TMP/passed" >"$TMP/sources"
for rel in dataset/pairs.json dataset/source_metadata.json; do
	f=$(need "$rel")
	jqr "$UNIQUE"'unique_rows("source_id"; $rel) as $rows
		| if ($rows | keys) != ($src[0] | keys) then
			fail("Source membership differs from QC-passed manifest: \($rel)") else . end
		| $rows | keys_unsorted[] as $id | $rows[$id]
		| if .counterfactual_images != $src[0][$id]
			or ((.qc_passed_counterfactuals // []) | sort) != ($src[0][$id] | keys)
		then fail("Source image mapping mismatch: \($rel): \($id)") else empty end
		' --arg rel "$rel" --slurpfile src "$TMP/sources" "$f"
done
jqr 'if ($src[0] | length) != .pair_manifests.source_level_rows
	then fail("Source count differs from release manifest") else empty end' --slurpfile src "$TMP/sources" "$release"

echo "Counterfactual image root: dataset/counterfactual_images"
echo "Released QC-passed PNGs: $n_png"
echo "QC-passed pair manifest rows: $n_passed"
echo "Attempted QC metadata rows: $n_qc"
echo "Raw source PNGs in public bundle: $n_source_png"
jqr '"Source radiograph policy: \(.source_radiographs.release_status | pystr)"' "$release"

jqr '
	if $png != .counterfactual_images.included_png_count then
		fail("Unexpected released PNG count: \($png) != \(.counterfactual_images.included_png_count | pystr)")
	elif $passed != .pair_manifests.qc_passed_pair_rows then
		fail("Unexpected QC-passed manifest row count: \($passed) != \(.pair_manifests.qc_passed_pair_rows | pystr)")
	elif $qc != .pair_manifests.attempted_qc_rows then
		fail("Unexpected QC metadata row count: \($qc) != \(.pair_manifests.attempted_qc_rows | pystr)")
	else empty end' --argjson png "$n_png" --argjson passed "$n_passed" --argjson qc "$n_qc" "$release"
[ "$n_source_png" -eq 0 ] || fail "Raw source PNG files are present in the public dataset tree"
echo "Dataset release inspection: OK (unique pairs, QC membership, source mappings, PNG paths and sizes)"
