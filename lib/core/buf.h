/* buf.h - growable byte buffers.
 *
 * Ownership: a struct sfb_buf owns its storage; sfb_buf_free releases it and
 * leaves an empty buffer.  The bytes are not NUL-terminated: text is always
 * pointer and length.  Every function that can grow the buffer returns 0, or
 * -1 when memory is exhausted (the buffer is then unchanged). */
#ifndef SFB_BUF_H
#define SFB_BUF_H

#include <stddef.h>
#include <string.h>

struct sfb_buf {
	char *p;
	size_t len;
	size_t cap;
};

int sfb_buf_reserve(struct sfb_buf *b, size_t extra);
void sfb_buf_free(struct sfb_buf *b);

/* Append v in decimal. */
int sfb_buf_putsize(struct sfb_buf *b, size_t v);

/* A new NUL-terminated string a + b + c (the names of output keys, built
 * once from options); the caller frees it.  NULL when memory is
 * exhausted. */
char *sfb_str_join3(const char *a, const char *b, const char *c);

static inline int
sfb_buf_put(struct sfb_buf *b, const void *s, size_t n)
{
	if (b->cap - b->len < n && sfb_buf_reserve(b, n) < 0)
		return -1;
	if (n)
		memcpy(b->p + b->len, s, n);
	b->len += n;
	return 0;
}

static inline int
sfb_buf_putc(struct sfb_buf *b, char c)
{
	if (b->cap == b->len && sfb_buf_reserve(b, 1) < 0)
		return -1;
	b->p[b->len++] = c;
	return 0;
}

/* Append a literal or other NUL-terminated constant (not report text). */
static inline int
sfb_buf_puts(struct sfb_buf *b, const char *s)
{
	return sfb_buf_put(b, s, strlen(s));
}

#endif
