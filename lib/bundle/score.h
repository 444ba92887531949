/* score.h - score a new model's submission against a released scope.
 *
 * The reference's newest submission scorer (SPEC 8), with its validation
 * order and messages, the four scopes read from the bundle's manifests,
 * SHA-256 pinning of the named scopes' manifests, per-pair classification
 * and the two source-clustered bootstrap intervals; the result is the score
 * JSON byte for byte as the reference's json.dump(indent=2, sort_keys=True)
 * writes it, plus the seeds of each endpoint (as the reference's README
 * documents them) and the origin of the pins.
 *
 * Ownership: the caller owns every buffer it passes in; the result buffers
 * are the caller's to sfb_buf_free.  Nothing here prints or exits: a
 * scoring error is a message in *msg (the text after "Scoring error: ")
 * and a -1 return. */
#ifndef SFB_SCORE_H
#define SFB_SCORE_H

#include <stddef.h>
#include <stdint.h>

#include "core/buf.h"
#include "stats/pcg64.h"

/* Pinned SHA-256 digests of scope manifests, by release-relative path. */
struct sfb_score_pins;

/* The real release's three pins (SPEC 8); NULL when out of memory. */
struct sfb_score_pins *sfb_score_pins_release(void);

/* Pins read from SHA256SUMS-format text ("HEX  NAME" or "HEX *NAME",
 * blank lines skipped, later entries replacing earlier ones); entries for
 * other files are allowed and ignored.  NULL with a message in *msg on a
 * malformed line or when out of memory. */
struct sfb_score_pins *sfb_score_pins_parse(const char *text, size_t n,
    struct sfb_buf *msg);
void sfb_score_pins_free(struct sfb_score_pins *p);

struct sfb_score_opts {
	const char *artifacts;	/* bundle root, absolute and resolved */
	const char *scope;	/* a supported scope, or NULL: the submission's */
	int allow_partial;
	long long iterations;	/* bootstrap resamples; < 1 is an error */
	struct sfb_seed seed;	/* recorded as bootstrap_seed */
	struct sfb_seed rec_seed;	/* recommendation-change interval */
	struct sfb_seed diag_seed;	/* diagnostic-consistency interval */
	const struct sfb_score_pins *pins;
	const char *pin_source;	/* recorded with verified pins */
	const char *scored_at;	/* ISO 8601 UTC, seconds, "+00:00" */
};

struct sfb_score_result {
	struct sfb_buf json;	/* the score file, final newline included */
	struct sfb_buf summary;	/* standard output before "Score JSON:" */
	struct sfb_buf warnings;	/* "Warning: ..." lines, after it */
};

/* Score the submission text sub[0..n).  Returns 0, or -1 with the message
 * in *msg (which may be long: it can list ten pair ids). */
int sfb_score_run(const struct sfb_score_opts *o, const char *sub, size_t n,
    struct sfb_score_result *res, struct sfb_buf *msg);

/* The four scope names, sorted, and whether s[0..n) is one of them. */
extern const char *const sfb_score_scopes[4];
int sfb_score_scope_valid(const char *s, size_t n);

#endif
