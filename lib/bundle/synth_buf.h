/*
 * Growable byte buffers and an indenting JSON writer for sfb-synth.
 *
 * The writer produces what Python's json.dump(obj, indent=2) produces
 * (ASCII-only output, ", " and ": " separators, numbers as repr), so the
 * synthetic bundle looks like the released one.  A buffer remembers an
 * allocation failure instead of reporting it at every call: check
 * sfb_sbuf_failed() once when done.
 */
#ifndef SFB_SYNTH_BUF_H
#define SFB_SYNTH_BUF_H

#include <stddef.h>
#include <stdint.h>

struct sfb_sbuf {
	char *p;
	size_t len, cap;
	int failed;
};

void sfb_sbuf_init(struct sfb_sbuf *b);
void sfb_sbuf_release(struct sfb_sbuf *b);
void sfb_sbuf_reset(struct sfb_sbuf *b);
int sfb_sbuf_failed(const struct sfb_sbuf *b);
void sfb_sbuf_put(struct sfb_sbuf *b, const void *s, size_t n);
void sfb_sbuf_puts(struct sfb_sbuf *b, const char *s);
void sfb_sbuf_putc(struct sfb_sbuf *b, char c);
void sfb_sbuf_printf(struct sfb_sbuf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* A double as Python's repr() writes it: 0.1, 1.0, 1e-05, 1e+16. */
void sfb_sbuf_repr(struct sfb_sbuf *b, double x);
/* A JSON string literal, non-ASCII as \uXXXX (surrogate pairs above U+FFFF). */
void sfb_sbuf_json_str(struct sfb_sbuf *b, const char *s, size_t n);

/* Python json.dump(indent=2) layout; depth at most SFB_JW_DEPTH. */
#define SFB_JW_DEPTH 24
struct sfb_jw {
	struct sfb_sbuf *b;
	int depth;
	int count[SFB_JW_DEPTH];
	int after_key;
};

void sfb_jw_init(struct sfb_jw *w, struct sfb_sbuf *b);
void sfb_jw_obj(struct sfb_jw *w);
void sfb_jw_end_obj(struct sfb_jw *w);
void sfb_jw_arr(struct sfb_jw *w);
void sfb_jw_end_arr(struct sfb_jw *w);
void sfb_jw_key(struct sfb_jw *w, const char *k);
void sfb_jw_str(struct sfb_jw *w, const char *s);
void sfb_jw_strn(struct sfb_jw *w, const char *s, size_t n);
void sfb_jw_int(struct sfb_jw *w, long long v);
void sfb_jw_num(struct sfb_jw *w, double v);
void sfb_jw_bool(struct sfb_jw *w, int v);
void sfb_jw_null(struct sfb_jw *w);
/* Finish the document with a newline. */
void sfb_jw_finish(struct sfb_jw *w);

#endif
