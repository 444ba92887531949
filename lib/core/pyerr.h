/* pyerr.h - the message Python 3.11's json.loads gives for a malformed
 * document, so that a bad line is reported in the reference's words. */
#ifndef SFB_PYERR_H
#define SFB_PYERR_H

#include <stddef.h>

#include "core/buf.h"

/* Python's message for the malformed document s[0..n), with its position
 * ("Expecting value: line 1 column 12 (char 11)"), in *msg; returns 0, or
 * -1 (msg untouched) when Python would have read the document. */
int sfb_py_json_error(const char *s, size_t n, struct sfb_buf *msg);

#endif
