/* pypath.c - pathlib's and os.fsdecode's view of a path (pypath.h). */
#include "generator/pypath.h"

#include "core/ucd.h"

int
sfb_pypath_decode(struct sfb_buf *out, const char *s, size_t n)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0;
	long k;

	while (i < n) {
		if ((k = sfb_utf8_seq(u + i, n - i)) > 0) {
			if (sfb_buf_put(out, u + i, (size_t)k) < 0)
				return -1;
			i += (size_t)k;
		} else {
			/* Each byte of an ill-formed prefix escapes alone,
			 * to U+DC80..U+DCFF, in WTF-8 ED B2..B3 xx. */
			unsigned char e[3] = { 0xed, 0xb0 | (u[i] >> 6),
			    0x80 | (u[i] & 0x3f) };
			if (sfb_buf_put(out, e, 3) < 0)
				return -1;
			i++;
		}
	}
	return 0;
}

int
sfb_pypath_encode(struct sfb_buf *out, const char *s, size_t n)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i;

	for (i = 0; i < n; i++) {
		if (u[i] == 0)
			return -2;
		if (u[i] == 0xed && i + 2 < n && u[i + 1] >= 0xa0) {
			/* A surrogate: only U+DC80..U+DCFF encode, to a byte. */
			if (u[i + 1] != 0xb2 && u[i + 1] != 0xb3)
				return -2;
			if (sfb_buf_putc(out, (char)(((u[i + 1] & 3) << 6) |
			    (u[i + 2] & 0x3f))) < 0)
				return -1;
			i += 2;
		} else if (sfb_buf_putc(out, (char)u[i]) < 0) {
			return -1;
		}
	}
	return 0;
}

/* The root pathlib keeps: "//" for exactly two leading slashes, "/" for
 * one or more than two, "" for none; *skip is the slashes' count. */
static size_t
root_len(const char *s, size_t n, size_t *skip)
{
	size_t k = 0;

	while (k < n && s[k] == '/')
		k++;
	*skip = k;
	return k == 2 ? 2 : k ? 1 : 0;
}

int
sfb_pypath_norm(struct sfb_buf *out, const char *s, size_t n)
{
	size_t i, j, skip, root = root_len(s, n, &skip), start = out->len;
	int parts = 0;

	if (sfb_buf_put(out, s, root) < 0)
		return -1;
	for (i = skip; i < n; i = j) {
		for (j = i; j < n && s[j] != '/'; j++)
			;
		if (j > i && !(j - i == 1 && s[i] == '.')) {
			if ((parts++ && sfb_buf_putc(out, '/') < 0) ||
			    sfb_buf_put(out, s + i, j - i) < 0)
				return -1;
		}
		while (j < n && s[j] == '/')
			j++;
	}
	if (out->len == start)
		return sfb_buf_putc(out, '.');
	return 0;
}

int
sfb_pypath_join(struct sfb_buf *out, const char *dir, size_t dn,
    const char *name, size_t nn)
{
	size_t start = out->len;

	if (sfb_pypath_norm(out, dir, dn) < 0)
		return -1;
	if (out->len - start == 1 && out->p[start] == '.')
		out->len = start;
	else if (out->p[out->len - 1] != '/' && sfb_buf_putc(out, '/') < 0)
		return -1;
	return sfb_buf_put(out, name, nn);
}

struct sfb_span
sfb_pypath_name(const char *s, size_t n)
{
	struct sfb_span r = { s + n, 0 };
	size_t end = n, b;

	for (;;) {
		while (end > 0 && s[end - 1] == '/')
			end--;
		for (b = end; b > 0 && s[b - 1] != '/'; b--)
			;
		if (end == 0)
			return r;
		if (end - b == 1 && s[b] == '.') {
			end = b;
			continue;
		}
		r.p = s + b;
		r.n = end - b;
		return r;
	}
}

struct sfb_span
sfb_pypath_stem(const char *s, size_t n)
{
	struct sfb_span r = sfb_pypath_name(s, n);
	size_t i = r.n;

	while (i > 0 && r.p[i - 1] != '.')
		i--;
	/* A leading dot or a trailing one is no suffix (".bashrc", "a."). */
	if (i > 1 && i < r.n)
		r.n = i - 1;
	return r;
}
