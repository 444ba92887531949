/*
 * sfb-synth --adversarial: report texts that hold what Python's json
 * accepts and most tools do not, with every label, recommendation and
 * response class unchanged.
 */
#ifndef SFB_SYNTH_ADV_H
#define SFB_SYNTH_ADV_H

#include <stddef.h>

#include "bundle/synth_buf.h"

/*
 * Write text[0..n) to out with these inserted (WTF-8, so that the JSON
 * writer escapes them as JSON \u escapes): a first line of a lone high
 * surrogate, U+0000, a non-BMP symbol and a non-BMP letter, U+2028 and a
 * literal backslash-u that is no escape; before every line break that
 * follows a '.', a lone low surrogate, U+0000 and literal "\u12" and
 * "\ud800"; after a final '.', a non-BMP symbol and a lone high surrogate
 * that ends the string.  None of them is a keyword, none is next to a
 * word character of the text, none follows a colon or white space, and
 * none holds a line break, so no pattern of SPEC 3 matches differently.
 */
void syn_adversarial(struct sfb_sbuf *out, const char *text, size_t n);

#endif
