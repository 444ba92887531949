/* secstage.h - the record callback of the two secondary text stages,
 * sfb-severity and sfb-hedging (SPEC 13.1, 13.2): score the report text
 * fields of a record with a frozen registry (kw.h) and splice the scores,
 * the pair's differences and on request the evidence into the record.
 *
 * Ownership: sfb_secstage_new keeps the pointers of opts (and of its drop
 * array); they must outlive the stage.  sfb_secstage_free(NULL) is a
 * no-op. */
#ifndef SFB_SECSTAGE_H
#define SFB_SECSTAGE_H

#include "core/buf.h"
#include "core/err.h"
#include "core/json.h"

enum sfb_sec_kind {
	SFB_SEC_SEVERITY,       /* severity 0-4, severity_shift, _abs_diff */
	SFB_SEC_HEDGING,        /* hedges, hedging_abs_diff, hedging_ratio */
};

struct sfb_secstage_opts {
	enum sfb_sec_kind kind;
	const char *field;      /* single-text mode on this field; NULL: pair */
	const char *key;        /* output key replacing "severity"/"hedges" */
	int evidence;
	const struct sfb_span *drop;    /* -x keys left out of every record */
	size_t ndrop;
};

struct sfb_secstage;

/* NULL when out of memory. */
struct sfb_secstage *sfb_secstage_new(const struct sfb_secstage_opts *opts);
void sfb_secstage_free(struct sfb_secstage *st);

/* The same on untyped pointers, as sfb_run_jobs takes them. */
void *sfb_secstage_make(void *opts);
void sfb_secstage_drop(void *st);

/* An sfb_rec_fn (loop.h): ctx is the stage. */
int sfb_secstage_rec(void *ctx, const struct sfb_obj *rec,
    struct sfb_buf *out, struct sfb_err *err);

#endif
