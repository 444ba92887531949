/* pair_jaccard.h - set comparison of two JSON arrays of strings, the
 * arithmetic behind sfb-jaccard (SPEC 5): arrays are taken as sets (Python
 * set()), strings compared by their decoded text.
 *
 * A struct sfb_jac holds scratch space reused from record to record; it
 * owns it, and sfb_jac_free(NULL) is a no-op. */
#ifndef SFB_PAIR_JACCARD_H
#define SFB_PAIR_JACCARD_H

#include <stddef.h>

#include "core/json.h"

struct sfb_jac;

struct sfb_jac *sfb_jac_new(void);
void sfb_jac_free(struct sfb_jac *j);

/* a and b are validated array tokens.  Sets *inter = |A & B| and
 * *uni = |A | B| and returns 0; or returns 1 (an element of a is not a
 * string), 2 (of b), with *bad at that element's index, or -1 when out of
 * memory.  The Jaccard index is inter / uni, 1.0 when uni is 0; the sets
 * differ exactly when inter != uni. */
int sfb_jac_count(struct sfb_jac *j, const struct sfb_span *a,
    const struct sfb_span *b, size_t *inter, size_t *uni, size_t *bad);

/* Set by the unit tests: the arrays are read element by element even
 * where the CPU has AVX-512 BW, so that both readings are checked. */
extern int sfb_jac_no_avx512;

#endif
