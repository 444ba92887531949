/* pyjson.h - documents written exactly as Python's json.dumps writes them.
 *
 * A small value tree (objects, arrays, strings, integers, floats, booleans,
 * null) that serialises byte for byte like
 * json.dumps(obj, indent=INDENT, sort_keys=True) with the default
 * ensure_ascii: keys in code-point order, "key": value separators, floats in
 * Python's repr (NaN and Infinity as Python spells them), every non-ASCII
 * character as a \uXXXX escape.  sfb_pyjson_raw turns an already validated
 * JSON token into the value Python's json.loads would have made of it, so a
 * member of an input document can be echoed as Python echoes it: integers
 * keep every digit, "1.0" stays a float, the last of duplicate keys wins.
 *
 * Ownership: a struct sfb_pyjson owns every value made in it, and
 * sfb_pyjson_free releases them all; a value belongs to at most one
 * container.  Strings and keys are copied.  Running out of memory does not
 * need checking at every call: the document remembers it, the failed
 * constructor returns a placeholder, and sfb_pyjson_dump reports -1. */
#ifndef SFB_PYJSON_H
#define SFB_PYJSON_H

#include <stddef.h>

#include "core/buf.h"
#include "core/json.h"

struct sfb_pyjson;
struct sfb_pyval;

struct sfb_pyjson *sfb_pyjson_new(void);
void sfb_pyjson_free(struct sfb_pyjson *d);

struct sfb_pyval *sfb_pyjson_object(struct sfb_pyjson *d);
struct sfb_pyval *sfb_pyjson_array(struct sfb_pyjson *d);
/* s[0..n) is UTF-8 or WTF-8 (lone surrogates are written as escapes). */
struct sfb_pyval *sfb_pyjson_string(struct sfb_pyjson *d, const char *s,
    size_t n);
struct sfb_pyval *sfb_pyjson_int(struct sfb_pyjson *d, long long v);
struct sfb_pyval *sfb_pyjson_uint(struct sfb_pyjson *d, unsigned long long v);
struct sfb_pyval *sfb_pyjson_float(struct sfb_pyjson *d, double v);
struct sfb_pyval *sfb_pyjson_bool(struct sfb_pyjson *d, int v);
struct sfb_pyval *sfb_pyjson_null(struct sfb_pyjson *d);

/* The value json.loads gives for a validated JSON token (any type). */
struct sfb_pyval *sfb_pyjson_raw(struct sfb_pyjson *d,
    const struct sfb_span *tok);

/* Add a member to an object (a later member with the same key replaces an
 * earlier one, as in a Python dict) or an element to an array. */
void sfb_pyjson_set(struct sfb_pyjson *d, struct sfb_pyval *obj,
    const char *key, size_t klen, struct sfb_pyval *val);
void sfb_pyjson_push(struct sfb_pyjson *d, struct sfb_pyval *arr,
    struct sfb_pyval *val);

/* Append json.dumps(v, indent=indent, sort_keys=True) to out (no final
 * newline).  Returns 0, or -1 when memory ran out here or earlier in d. */
int sfb_pyjson_dump(struct sfb_pyjson *d, const struct sfb_pyval *v,
    int indent, struct sfb_buf *out);

#endif
