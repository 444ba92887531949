#!/bin/bash
# release-identity.sh - the pinned anchor files of the retained release
# (hashes from the code root's release_manifest.json) and the frozen prompt
# registry, which must equal the public code's prompts.
. "$(dirname "$0")/lib.sh"
USAGE='[--artifacts DIR] [--code-root DIR]'
OPTIONS='artifacts code-root'
parse_args "$@"
[ ${#ARGS[@]} -eq 0 ] || usage_error "unexpected argument: ${ARGS[0]}"

release=$(need release_manifest.json "code file")
jqr 'if .schema_version != "1.0" or (.artifact_anchors | truthy | not)
	then fail("Unsupported or empty release identity manifest") else empty end' "$release"
jqr '.artifact_anchors | to_entries[] | "\(.value)\t\(.key)"' "$release" >"$TMP/anchors"
while IFS=$'\t' read -r want name; do
	f=$(safe_path "$ROOT" "$name")
	[ -f "$f" ] || fail "Release identity file missing: $name"
	[ "$(sha256 "$f")" = "$want" ] || fail "Pinned release identity mismatch: $name"
done <"$TMP/anchors"
frozen=$(jqr '.frozen_prompt_registry' "$release")
public=$(need prompts/canonical_definitions.json "code file")
jqr '.prompt_registry as $frozen | $public[0].prompt_registry as $public
	| $frozen | keys_unsorted[] | select($public[.] != $frozen[.])
	| fail("Frozen prompt differs from public code: \(.)")' --slurpfile public "$public" "$ROOT/$frozen"

jqr '"Pinned retained-release identity: OK (\(.artifact_anchors | length) anchors)",
	"Archive revision: \(.artifact_archive.revision | pystr)"' "$release"
jqr '"Frozen prompt registry entries preserved: \(.prompt_registry | length)"' "$ROOT/$frozen"
echo "Coverage: artifact identity and prompt preservation; full file integrity requires checksums."
