/* ctxstage.h - the record callback of sfb-context (SPEC 15): the NegEx
 * status (negex.h) of every frozen label mention of a report, merged per
 * category, or of one target phrase in one sentence.
 *
 * Ownership: sfb_ctxstage_new copies nothing from opts but the pointers;
 * the strings in opts must outlive the stage.  sfb_ctxstage_free(NULL) is
 * a no-op. */
#ifndef SFB_CTXSTAGE_H
#define SFB_CTXSTAGE_H

#include "core/buf.h"
#include "core/err.h"
#include "core/json.h"

struct sfb_ctxstage_opts {
	int strict;             /* --strict: Fracture is "fracture" only */
	int evidence;           /* add the mentions, statuses and triggers */
	const char *field;      /* single-text mode on this field; NULL: pair */
	const char *target;     /* -t: target mode, the phrase's member */
	const struct sfb_span *drop;    /* -x keys */
	size_t ndrop;
	int plain;              /* for tests: the plain byte-at-a-time scans
	                         * the fast ones must agree with */
};

struct sfb_ctxstage;

/* NULL when out of memory. */
struct sfb_ctxstage *sfb_ctxstage_new(const struct sfb_ctxstage_opts *opts);
void sfb_ctxstage_free(struct sfb_ctxstage *st);

/* The same on untyped pointers, as sfb_run_jobs takes them. */
void *sfb_ctxstage_make(void *opts);
void sfb_ctxstage_drop(void *st);

/* An sfb_rec_fn (loop.h): ctx is the stage. */
int sfb_ctxstage_rec(void *ctx, const struct sfb_obj *rec, struct sfb_buf *out,
    struct sfb_err *err);

#endif
