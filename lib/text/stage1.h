/* stage1.h - the mitigation gate's Stage-1 parse check (SPEC 7,
 * stage1-confidence): the "Primary diagnosis" of a Stage-1 output text and
 * whether its validation sidecar is clean.
 *
 * Ownership: an sfb_stage1 holds the two compiled patterns and working
 * memory; one per thread.  Text is pointer + length; results are appended
 * to caller-owned buffers. */
#ifndef SFB_STAGE1_H
#define SFB_STAGE1_H

#include <stddef.h>

#include "core/buf.h"

struct sfb_stage1;

/* NULL when out of memory or when a pattern does not compile (*err then
 * says why; a static string). */
struct sfb_stage1 *sfb_stage1_new(const char **err);
void sfb_stage1_free(struct sfb_stage1 *st);

/* The text as Python's Path.read_text(encoding="utf-8", errors="replace")
 * returns it, appended to out as UTF-8: each maximal ill-formed byte
 * sequence becomes U+FFFD, and "\r\n" and lone "\r" become "\n".
 * Returns 0 or -1 (out of memory). */
int sfb_stage1_read_text(const char *raw, size_t n, struct sfb_buf *out);

/* The cleaned primary diagnosis of a decoded text: the line form first,
 * then the block form; the captured value with runs of * _ ` # removed,
 * stripped, a leading "-" or ":" dropped, whitespace collapsed.  Appends it
 * to out and returns 1, returns 0 when there is none (or it cleans to
 * nothing), -1 when out of memory. */
int sfb_stage1_diagnosis(struct sfb_stage1 *st, const char *text, size_t n,
    struct sfb_buf *out);

/* Whether a sidecar's bytes make a clean validation: a JSON object with
 * status "valid", a falsy prompt_echo_detected and a falsy
 * html_garbage_detected (or, when that key is absent, html_garbage).
 * Anything that is not such an object is not clean. */
int sfb_stage1_sidecar_clean(const char *json, size_t n);

/* The sidecar path of a Stage-1 text path: "<dir>/<stem>.validation.json"
 * with Python's Path.stem.  Appended to out; 0 or -1. */
int sfb_stage1_sidecar_path(const char *path, size_t n, struct sfb_buf *out);

#endif
