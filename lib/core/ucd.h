/* ucd.h - WTF-8 decoding and the Python-compatible character layer.
 *
 * The reference runs Python 3.11 re on str; these functions answer the
 * questions its matcher asks (word, space, digit, lower, casefold,
 * IGNORECASE equivalence) with tables generated from Python itself
 * (tests/gen/gen_ucd.py).  Every function accepts any value up to
 * 0x10FFFF, including lone surrogates, which are ordinary non-word,
 * non-space characters mapping to themselves.  No state, no allocation.
 */
#ifndef SFB_UCD_H
#define SFB_UCD_H

#include <stddef.h>
#include <stdint.h>

/* Decode one code point from already validated WTF-8 (UTF-8 that may also
 * hold surrogates U+D800-DFFF as three bytes).  Stores the number of bytes
 * used in *adv (1-4) and never reads past n.  A truncated or malformed
 * sequence yields U+FFFD with *adv = 1, so a caller cannot loop forever. */
uint32_t sfb_utf8_next(const unsigned char *s, size_t n, size_t *adv);

/* The length of the well-formed UTF-8 sequence at s (n > 0 bytes; no
 * surrogates, no overlong forms: Unicode's table 3-7, which Python's
 * decoder follows), or, negated, the length of the maximal prefix of one
 * when it is ill-formed (Python replaces or escapes each such prefix). */
long sfb_utf8_seq(const unsigned char *s, size_t n);

/* Encode cp as WTF-8 into out (4 bytes available); returns the length. */
size_t sfb_utf8_put(uint32_t cp, unsigned char out[4]);

/* re's \w and \b: cp == '_' or chr(cp).isalnum(). */
int sfb_ucd_isword(uint32_t cp);

/* re's \s: chr(cp).isspace(); also the set str.strip() removes. */
int sfb_ucd_isspace(uint32_t cp);

/* re's \d for str patterns: chr(cp).isdecimal() (general category Nd). */
int sfb_ucd_isdigit(uint32_t cp);

/* chr(cp).lower(), 1-3 code points written to out; returns the count.
 * Per code point: Python's str.lower() on a whole string also maps a
 * word-final capital sigma to U+03C2 instead of U+03C3, a difference
 * between two lowercase letters that no ASCII keyword or class can see. */
size_t sfb_ucd_lower(uint32_t cp, uint32_t out[3]);

/* chr(cp).casefold(), 1-3 code points written to out; returns the count. */
size_t sfb_ucd_casefold(uint32_t cp, uint32_t out[3]);

/* The lowercase ASCII letter that text code point cp matches when the
 * pattern holds that letter under re.IGNORECASE (A-Z, and U+0130, U+0131
 * for i, U+212A for k, U+017F for s); any other cp is returned unchanged. */
uint32_t sfb_ucd_refold(uint32_t cp);

#endif
