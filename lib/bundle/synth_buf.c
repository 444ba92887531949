/*
 * Growable buffers, Python-repr doubles and the indent=2 JSON writer
 * used by sfb-synth (see synth_buf.h).
 */
#include "bundle/synth_buf.h"

#include "core/num.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void
sfb_sbuf_init(struct sfb_sbuf *b)
{
	b->p = NULL;
	b->len = b->cap = 0;
	b->failed = 0;
}

void
sfb_sbuf_release(struct sfb_sbuf *b)
{
	free(b->p);
	sfb_sbuf_init(b);
}

void
sfb_sbuf_reset(struct sfb_sbuf *b)
{
	b->len = 0;
}

int
sfb_sbuf_failed(const struct sfb_sbuf *b)
{
	return b->failed;
}

static int
grow(struct sfb_sbuf *b, size_t extra)
{
	size_t cap;
	char *p;

	if (b->failed)
		return -1;
	if (b->len + extra <= b->cap)
		return 0;
	cap = b->cap ? b->cap : 256;
	while (cap < b->len + extra)
		cap *= 2;
	p = realloc(b->p, cap);
	if (p == NULL) {
		b->failed = 1;
		return -1;
	}
	b->p = p;
	b->cap = cap;
	return 0;
}

void
sfb_sbuf_put(struct sfb_sbuf *b, const void *s, size_t n)
{
	if (n == 0 || grow(b, n) != 0)
		return;
	memcpy(b->p + b->len, s, n);
	b->len += n;
}

void
sfb_sbuf_puts(struct sfb_sbuf *b, const char *s)
{
	sfb_sbuf_put(b, s, strlen(s));
}

void
sfb_sbuf_putc(struct sfb_sbuf *b, char c)
{
	sfb_sbuf_put(b, &c, 1);
}

void
sfb_sbuf_printf(struct sfb_sbuf *b, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0 || grow(b, (size_t)n + 1) != 0)
		return;
	va_start(ap, fmt);
	vsnprintf(b->p + b->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
}

void
sfb_sbuf_repr(struct sfb_sbuf *b, double x)
{
	char tmp[SFB_NUM_MAX];

	sfb_sbuf_put(b, tmp, sfb_num_repr(x, tmp));
}

static void
put_u16(struct sfb_sbuf *b, unsigned v)
{
	sfb_sbuf_printf(b, "\\u%04x", v);
}

void
sfb_sbuf_json_str(struct sfb_sbuf *b, const char *s, size_t n)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0;
	uint32_t cp;
	int k, len;

	sfb_sbuf_putc(b, '"');
	while (i < n) {
		unsigned c = u[i];
		if (c < 0x80) {
			switch (c) {
			case '"': sfb_sbuf_puts(b, "\\\""); break;
			case '\\': sfb_sbuf_puts(b, "\\\\"); break;
			case '\n': sfb_sbuf_puts(b, "\\n"); break;
			case '\r': sfb_sbuf_puts(b, "\\r"); break;
			case '\t': sfb_sbuf_puts(b, "\\t"); break;
			case '\b': sfb_sbuf_puts(b, "\\b"); break;
			case '\f': sfb_sbuf_puts(b, "\\f"); break;
			default:
				if (c < 0x20 || c == 0x7f)
					put_u16(b, c);
				else
					sfb_sbuf_putc(b, (char)c);
			}
			i++;
			continue;
		}
		/* Our own generated text is valid UTF-8 by construction. */
		len = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : 2;
		cp = c & (0x7f >> len);
		for (k = 1; k < len && i + (size_t)k < n; k++)
			cp = (cp << 6) | (u[i + (size_t)k] & 0x3f);
		i += (size_t)len;
		if (cp >= 0x10000) {
			cp -= 0x10000;
			put_u16(b, 0xd800 + (cp >> 10));
			put_u16(b, 0xdc00 + (cp & 0x3ff));
		} else {
			put_u16(b, cp);
		}
	}
	sfb_sbuf_putc(b, '"');
}

void
sfb_jw_init(struct sfb_jw *w, struct sfb_sbuf *b)
{
	w->b = b;
	w->depth = 0;
	w->count[0] = 0;
	w->after_key = 0;
}

static void
newline(struct sfb_jw *w)
{
	int i;

	sfb_sbuf_putc(w->b, '\n');
	for (i = 0; i < w->depth; i++)
		sfb_sbuf_puts(w->b, "  ");
}

/* Separator and indentation before a value or a key. */
static void
before_item(struct sfb_jw *w)
{
	if (w->after_key) {
		w->after_key = 0;
		return;
	}
	if (w->depth == 0)
		return;
	if (w->count[w->depth]++ > 0)
		sfb_sbuf_putc(w->b, ',');
	newline(w);
}

static void
jw_open(struct sfb_jw *w, char c)
{
	before_item(w);
	sfb_sbuf_putc(w->b, c);
	if (w->depth + 1 < SFB_JW_DEPTH)
		w->depth++;
	w->count[w->depth] = 0;
}

static void
jw_close(struct sfb_jw *w, char c)
{
	int had = w->count[w->depth];

	w->depth--;
	if (had)
		newline(w);
	sfb_sbuf_putc(w->b, c);
}

void sfb_jw_obj(struct sfb_jw *w) { jw_open(w, '{'); }
void sfb_jw_end_obj(struct sfb_jw *w) { jw_close(w, '}'); }
void sfb_jw_arr(struct sfb_jw *w) { jw_open(w, '['); }
void sfb_jw_end_arr(struct sfb_jw *w) { jw_close(w, ']'); }

void
sfb_jw_key(struct sfb_jw *w, const char *k)
{
	before_item(w);
	sfb_sbuf_json_str(w->b, k, strlen(k));
	sfb_sbuf_puts(w->b, ": ");
	w->after_key = 1;
}

void
sfb_jw_strn(struct sfb_jw *w, const char *s, size_t n)
{
	before_item(w);
	sfb_sbuf_json_str(w->b, s, n);
}

void
sfb_jw_str(struct sfb_jw *w, const char *s)
{
	sfb_jw_strn(w, s, strlen(s));
}

void
sfb_jw_int(struct sfb_jw *w, long long v)
{
	before_item(w);
	sfb_sbuf_printf(w->b, "%lld", v);
}

void
sfb_jw_num(struct sfb_jw *w, double v)
{
	before_item(w);
	sfb_sbuf_repr(w->b, v);
}

void
sfb_jw_bool(struct sfb_jw *w, int v)
{
	before_item(w);
	sfb_sbuf_puts(w->b, v ? "true" : "false");
}

void
sfb_jw_null(struct sfb_jw *w)
{
	before_item(w);
	sfb_sbuf_puts(w->b, "null");
}

void
sfb_jw_finish(struct sfb_jw *w)
{
	sfb_sbuf_putc(w->b, '\n');
}
