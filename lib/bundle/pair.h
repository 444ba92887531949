/* pair.h - turn per-report rows into pair records, with the reference's
 * identity checks (reviewer_verify.py's _paired_records, SPEC 2.3).
 *
 * Rows come from whole documents: one JSON array of row objects (first
 * non-blank byte "["), or NDJSON.  Documents are read element by element and
 * never turned into a value tree; the pairer keeps spans into them, so each
 * document is handed over to the pairer (or lent to it) and lives as long as
 * it does.
 *
 * Errors follow the reference's order for one model.  A fault in the JSON
 * itself is reported at once.  Faults of single rows (an error field, a
 * missing pair_id or report text, a second source row, an unknown role, a
 * non-object row) are reported for the first such row in input order.  Then,
 * model by model in code-point order: a duplicate generated row, an
 * unpaired report, an inconsistent source identity.  err->file and
 * err->line name the row (the line an array element starts on); err->line
 * is 0 when no row is involved. */
#ifndef SFB_PAIR_H
#define SFB_PAIR_H

#include <stddef.h>

#include "core/buf.h"
#include "core/err.h"

struct sfb_pairer;

/* model (plain UTF-8, not copied; it must outlive the pairer) selects one
 * model's rows; NULL pairs every model. */
struct sfb_pairer *sfb_pairer_new(const char *model, size_t mlen);
void sfb_pairer_free(struct sfb_pairer *pp);

/* Read the rows of one document.  doc is taken over (left empty); name (not
 * copied) is used in error messages.  Returns 0, or an enum sfb_exit status
 * with err filled. */
int sfb_pairer_add(struct sfb_pairer *pp, struct sfb_buf *doc,
    const char *name, struct sfb_err *err);

/* The same for a document the pairer does not own (a mapped file, say):
 * s[0..n) must stay valid and unchanged until the pairer is freed. */
int sfb_pairer_add_text(struct sfb_pairer *pp, const char *s, size_t n,
    const char *name, struct sfb_err *err);

/* After the last document: run the pairing checks and sort the pairs by
 * model, then pair_id.  Returns 0 or a status with err filled. */
int sfb_pairer_finish(struct sfb_pairer *pp, struct sfb_err *err);

/* Number of pairs, and pair i appended to out as one NDJSON line:
 * {"model", "pair_id", "source_id", "edit_label", "source_report",
 * "counterfactual_report"}.  Returns 0 or -1 (out of memory). */
size_t sfb_pairer_count(const struct sfb_pairer *pp);
int sfb_pairer_put(const struct sfb_pairer *pp, size_t i,
    struct sfb_buf *out);

/* The position of pair i's generated row among all input rows (0 for the
 * first row of the first document, every row counted, whatever its
 * model): the file order the reference's parse-sample walks. */
size_t sfb_pairer_gen_row(const struct sfb_pairer *pp, size_t i);

#endif
