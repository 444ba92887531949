#!/bin/bash
# release-identity.sh - the pinned anchor files of the retained release
# (hashes from the code root's release_manifest.json) and the frozen prompt
# registry, which must equal the public code's prompts.  The identity
# (anchors, archive revision) is the anonymous archive's, at the top level
# of the manifest, or with --archive-variant personal that of
# archive_variants.personal; the prompt registry is always the top level's.
. "$(dirname "$0")/lib.sh"
USAGE='[--artifacts DIR] [--code-root DIR] [--archive-variant anonymous|personal]'
OPTIONS='artifacts code-root archive-variant'
parse_args "$@"
[ ${#ARGS[@]} -eq 0 ] || usage_error "unexpected argument: ${ARGS[0]}"

release=$(need release_manifest.json "code file")
case $ARCHIVE_VARIANT in
anonymous | personal) ;;
*) fail "Unsupported archive variant: $ARCHIVE_VARIANT" ;;
esac
# The variant's identity object (an empty one when the manifest has none).
IDENTITY='def identity: if $variant == "anonymous" then .
	else (.archive_variants // {}) | .personal | objects // {} end;'
jqr "$IDENTITY"'if .schema_version != "1.0" or (identity | .artifact_anchors | truthy | not)
	then fail("Unsupported or empty release identity manifest") else empty end' \
	--arg variant "$ARCHIVE_VARIANT" "$release"
jqr "$IDENTITY"'identity | .artifact_anchors | to_entries[] | "\(.value)\t\(.key)"' \
	--arg variant "$ARCHIVE_VARIANT" "$release" >"$TMP/anchors"
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

jqr "$IDENTITY"'identity | "Pinned retained-release identity: OK (\(.artifact_anchors | length) anchors)",
	"Archive variant: \($variant)",
	"Archive revision: \(.artifact_archive.revision | pystr)"' --arg variant "$ARCHIVE_VARIANT" "$release"
jqr '"Frozen prompt registry entries preserved: \(.prompt_registry | length)"' "$ROOT/$frozen"
echo "Coverage: artifact identity and prompt preservation; full file integrity requires checksums."
