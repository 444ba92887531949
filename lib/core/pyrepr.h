/* pyrepr.h - Python's repr() and str() of JSON values, so that sfb-pair's
 * error messages quote row values exactly as the reference's f-strings do
 * ("{pair_id}" is str(), "{role!r}" is repr() of whatever json.load gave).
 *
 * Values are validated JSON tokens; the text is appended to out.  Every
 * function returns 0, or -1 when out of memory. */
#ifndef SFB_PYREPR_H
#define SFB_PYREPR_H

#include <stddef.h>

#include "core/buf.h"
#include "core/json.h"

/* repr() of a str given as WTF-8: quote choice, escapes, and \x, \u, \U for
 * characters str.isprintable() rejects (Python 3.11, Unicode 14). */
int sfb_pyrepr_str(struct sfb_buf *out, const char *s, size_t n);

/* repr(json.loads(tok)): None, True, False, int, float (shortest repr,
 * "inf" on overflow), str, list and dict (first position, last value for a
 * repeated key, as dict() keeps them). */
int sfb_pyrepr_json(struct sfb_buf *out, const struct sfb_span *tok);

/* str(json.loads(tok)): repr, except that a string is written as it is,
 * with lone surrogates as \udXXX (Python's backslashreplace on stderr). */
int sfb_pystr_json(struct sfb_buf *out, const struct sfb_span *tok);

#endif
