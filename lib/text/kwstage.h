/* kwstage.h - the record callback of the two keyword stages,
 * sfb-extract-labels and sfb-rec-bucket (SPEC 2.1): find the report text
 * fields of a record, match them against a frozen registry (kw.h) and
 * splice the sorted category arrays, and on request the evidence, into the
 * record.
 *
 * Ownership: sfb_kwstage_new copies nothing from opts but the pointers;
 * the strings in opts must outlive the stage.  sfb_kwstage_free(NULL) is a
 * no-op. */
#ifndef SFB_KWSTAGE_H
#define SFB_KWSTAGE_H

#include "core/buf.h"
#include "core/err.h"
#include "core/json.h"
#include "text/kw.h"

struct sfb_kwstage_opts {
	enum sfb_kw_set set;
	const char *field;      /* single-text mode on this field; NULL: pair */
	const char *key;        /* output key replacing the default; or NULL */
	const char *out_key;    /* default output key: "diagnostic_labels" */
	const char *ev_key;     /* default evidence key: "diagnostic_evidence" */
	int evidence;
	int plain;              /* for tests: the category arrays written
				 * item by item (put_labels), not by the
				 * fixed-size copies */
};

struct sfb_kwstage;

/* NULL when out of memory. */
struct sfb_kwstage *sfb_kwstage_new(const struct sfb_kwstage_opts *opts);
void sfb_kwstage_free(struct sfb_kwstage *st);

/* The same on untyped pointers, as sfb_run_jobs takes them: opts is a
 * struct sfb_kwstage_opts, st a stage. */
void *sfb_kwstage_make(void *opts);
void sfb_kwstage_drop(void *st);

/* An sfb_rec_fn (loop.h): ctx is the stage. */
int sfb_kwstage_rec(void *ctx, const struct sfb_obj *rec, struct sfb_buf *out,
    struct sfb_err *err);

#endif
