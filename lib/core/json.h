/* json.h - the per-record JSON layer: validate one object, find its
 * top-level members, decode and encode strings, splice in new members.
 *
 * The hot path never builds a value tree: sfb_obj_parse validates the whole
 * line (RFC 8259 grammar, UTF-8 in strings) and records where each top-level
 * member's key and value are; programs decode only the values they need.
 *
 * Strings decode to WTF-8: UTF-8, except that a lone surrogate escape such as
 * "\ud800" becomes the 3-byte encoding of U+D800 (Python keeps lone
 * surrogates in str).  "\u0000" becomes a NUL byte: decoded text is pointer
 * and length, never a C string.
 *
 * Ownership: a struct sfb_obj points into the text it parsed and owns only
 * its member array; sfb_obj_free releases that array.  Spans stay valid as
 * long as the parsed text does. */
#ifndef SFB_JSON_H
#define SFB_JSON_H

#include <stddef.h>
#include <stdint.h>

#include "core/buf.h"

struct sfb_span {
	const char *p;
	size_t n;
};

struct sfb_member {
	struct sfb_span key;	/* raw key token without its quotes */
	struct sfb_span val;	/* raw value token */
	int key_escaped;	/* the raw key holds a backslash escape */
};

struct sfb_obj {
	struct sfb_span text;	/* the object from "{" to "}" */
	struct sfb_member *m;
	size_t n, cap;
};

enum sfb_jtype {
	SFB_JNONE,		/* not present */
	SFB_JNULL, SFB_JFALSE, SFB_JTRUE, SFB_JNUMBER, SFB_JSTRING,
	SFB_JARRAY, SFB_JOBJECT,
};

/* Parse s[0..n) as exactly one JSON object with optional surrounding
 * whitespace.  Returns 0, or -1 with a short reason in why (a static string:
 * "invalid JSON", "invalid UTF-8", "not a JSON object", ...). */
int sfb_obj_parse(struct sfb_obj *o, const char *s, size_t n,
    const char **why);
void sfb_obj_free(struct sfb_obj *o);

/* Validate s[0..n) as exactly one JSON value of any type; the value's span
 * without surrounding whitespace goes to *v. */
int sfb_json_validate(const char *s, size_t n, struct sfb_span *v,
    const char **why);

/* The last member named key (Python's json keeps the last duplicate), or
 * NULL.  key is plain UTF-8 (pointer and length). */
const struct sfb_member *sfb_obj_get(const struct sfb_obj *o,
    const char *key, size_t klen);

/* Type of a raw, already validated value token (SFB_JNONE for NULL). */
enum sfb_jtype sfb_json_type(const struct sfb_span *v);
const char *sfb_json_type_name(enum sfb_jtype t);

/* The code point of the escape at p (its backslash) in a validated string
 * body with n bytes from p on, and in *adv the escape's length: a \\u
 * surrogate pair is joined, a lone surrogate kept, as decoding does. */
uint32_t sfb_json_esc(const char *p, size_t n, size_t *adv);

/* p is just past the opening quote of a validated string token that ends
 * before end: the position after its closing quote, with *esc set when
 * the string holds an escape (left alone otherwise). */
const char *sfb_json_str_skip(const char *p, const char *end, int *esc);

/* Decode a validated string token (with its quotes) and append it to out as
 * WTF-8.  Returns 0, or -1 when out of memory. */
int sfb_json_str_decode(const struct sfb_span *tok, struct sfb_buf *out);

/* Set by the unit tests: sfb_json_str_decode takes its portable path even
 * where the CPU has AVX-512 VBMI2, so that both are checked. */
extern int sfb_json_no_vbmi2;

/* Set by the unit tests: the scanner skips plain string text with AVX2
 * (sfb_json_no_avx512), or with neither (sfb_json_no_avx2), even where
 * the CPU has AVX-512 BW and VBMI, so that every path is checked. */
extern int sfb_json_no_avx512, sfb_json_no_avx2;

/* Append s[0..n) (UTF-8 or WTF-8) to out as a JSON string token, quotes
 * included, the way Python's json.dumps writes it: ensure_ascii escapes every
 * non-ASCII code point as \uXXXX (astral ones as surrogate pairs); without it
 * only '"', '\\' and control characters are escaped.  Lone surrogates are
 * always escaped.  Returns 0 or -1. */
int sfb_json_str_encode(struct sfb_buf *out, const char *s, size_t n,
    int ensure_ascii);

/* Iterate over the elements of a validated array token, or the members of a
 * validated object token: *pos starts at 0; each call sets *elem (and *key
 * for objects, without quotes) and returns 1, or 0 after the last one. */
int sfb_json_arr_next(const struct sfb_span *arr, size_t *pos,
    struct sfb_span *elem);
int sfb_json_obj_next(const struct sfb_span *obj, size_t *pos,
    struct sfb_span *key, struct sfb_span *val);

/* Read a whole document that holds one JSON array, element by element,
 * validating as it goes: a large array needs neither a value tree nor a
 * second pass.  *pos starts at 0; each call validates the next element and
 * returns 1 with *elem set (and, when o is not NULL and the element is an
 * object, its members recorded in o as sfb_obj_parse does; o->n is 0 for
 * other elements), or 0 after the closing "]" when only whitespace follows.
 * On a fault it returns -1 with a reason in *why and *pos at the element's
 * start or the unexpected byte, for error messages.  The document must not
 * start with anything but whitespace and "[" ("not a JSON array"). */
int sfb_json_arr_step(const char *s, size_t n, size_t *pos,
    struct sfb_span *elem, struct sfb_obj *o, const char **why);

/* A validated number token as a double (correctly rounded, like Python's
 * float()); 0, or -1 when it overflows to infinity. */
int sfb_json_num(const struct sfb_span *tok, double *d);

/* Compare a raw key token (possibly escaped) with plain key bytes; keys
 * are seldom escaped, so the plain case is inline. */
int sfb_json_key_eq_escaped(const struct sfb_span *raw, const char *key,
    size_t klen);

static inline int
sfb_json_key_eq(const struct sfb_span *raw, int escaped, const char *key,
    size_t klen)
{
	if (escaped)
		return sfb_json_key_eq_escaped(raw, key, klen);
	return raw->n == klen && (klen == 0 || memcmp(raw->p, key, klen) == 0);
}

/* A member to add to an object: key (plain, written as a JSON string) and a
 * complete raw JSON value. */
struct sfb_kv {
	const char *key;
	size_t klen;
	const char *val;
	size_t vlen;
};

/* Append o with the members kv[0..n) added, and "\n", to out.  Every input
 * member passes through unchanged; a member whose key is one of kv's is
 * replaced in place (later duplicates of it are dropped), the others are
 * appended in kv order.  Returns 0 or -1 (out of memory). */
int sfb_obj_splice(const struct sfb_obj *o, const struct sfb_kv *kv,
    size_t n, struct sfb_buf *out);

/* sfb_obj_splice without the members whose key is one of drop[0..ndrop)
 * (plain keys), whether from o or kv; with ndrop > 0 the record is always
 * rebuilt from its members, as when a key of kv is already there. */
int sfb_obj_splice_drop(const struct sfb_obj *o, const struct sfb_kv *kv,
    size_t n, const struct sfb_span *drop, size_t ndrop, struct sfb_buf *out);

/* The line (from 1) of the document doc on which byte off lies, for
 * messages about a whole-document input. */
unsigned long sfb_line_of(const char *doc, size_t off);

#endif
