/* truth.h - the released ground-truth pathology labels and the lexical
 * hallucination fraction (SPEC 13.3), behind sfb-truth and
 * sfb-hallucination.
 *
 * A struct sfb_truth_tab maps source_id to the category set of its
 * pairs.json entry; it owns copies of everything it keeps, is read-only
 * once loaded, and sfb_truth_tab_free(NULL) is a no-op.  A struct
 * sfb_halluc holds scratch space reused from record to record. */
#ifndef SFB_TRUTH_H
#define SFB_TRUTH_H

#include <stddef.h>
#include <stdint.h>

#include "core/buf.h"
#include "core/err.h"
#include "core/json.h"

#define SFB_TRUTH_NCAT 13

struct sfb_truth_tab;

/* Read a pairs.json document (doc[0..n), named name in messages): the
 * entries with a non-empty string source_id and a pathology_labels key,
 * the last entry of a source winning.  An index counts when it equals an
 * integer 0-12 as Python compares numbers (3.0 is 3, true 1, false 0);
 * other values are ignored.  Returns the table, or NULL with err set
 * (invalid JSON, not an array, pathology_labels not an array: status 2
 * with the line; out of memory). */
struct sfb_truth_tab *sfb_truth_tab_load(const char *doc, size_t n,
    const char *name, struct sfb_err *err);
void sfb_truth_tab_free(struct sfb_truth_tab *t);

/* 1 when at least one entry has the key and every such list is empty
 * (the reference then disables the endpoint), else 0. */
int sfb_truth_tab_all_empty(const struct sfb_truth_tab *t);

/* The labels of source id[0..n) (decoded bytes): 1 with *mask set (bit i:
 * category index i), or 0 when the source has no entry. */
int sfb_truth_tab_get(const struct sfb_truth_tab *t, const char *id,
    size_t n, uint16_t *mask);

/* Append the category names of mask as a JSON array, sorted by code
 * point.  Returns 0 or -1 (out of memory). */
int sfb_truth_put_names(struct sfb_buf *out, uint16_t mask);

struct sfb_halluc;

struct sfb_halluc *sfb_halluc_new(void);
void sfb_halluc_free(struct sfb_halluc *h);

/* f = |P - G| / |P| for the validated string arrays labels (P) and truth
 * (G), both as sets with "No finding" removed; 0.0 when P is empty.
 * Returns 0; or 1 (an element of labels is not a string) or 2 (of
 * truth), with *bad at its index; or -1 when out of memory. */
int sfb_halluc_fraction(struct sfb_halluc *h, const struct sfb_span *labels,
    const struct sfb_span *truth, double *f, size_t *bad);

#endif
