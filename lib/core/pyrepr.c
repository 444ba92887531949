/* pyrepr.c - Python's repr() and str() of JSON values for messages. */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "core/num.h"
#include "core/pyprintable.h"
#include "core/pyrepr.h"

/* Decode one code point of valid WTF-8; *len gets its byte count. */
static uint32_t
wtf8_next(const unsigned char *p, size_t n, size_t *len)
{
	if (p[0] < 0x80 || n < 2) {
		*len = 1;
		return p[0];
	}
	if (p[0] < 0xE0) {
		*len = 2;
		return (uint32_t)(p[0] & 0x1F) << 6 | (p[1] & 0x3F);
	}
	if (p[0] < 0xF0 || n < 4) {
		*len = n < 3 ? n : 3;
		return (uint32_t)(p[0] & 0x0F) << 12 |
		    (uint32_t)(p[1] & 0x3F) << 6 | (n > 2 ? p[2] & 0x3F : 0);
	}
	*len = 4;
	return (uint32_t)(p[0] & 0x07) << 18 | (uint32_t)(p[1] & 0x3F) << 12 |
	    (uint32_t)(p[2] & 0x3F) << 6 | (p[3] & 0x3F);
}

static int
printable(uint32_t cp)
{
	size_t lo = 0, hi = sizeof sfb_unprintable / sizeof sfb_unprintable[0];

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (cp < sfb_unprintable[mid][0])
			hi = mid;
		else if (cp > sfb_unprintable[mid][1])
			lo = mid + 1;
		else
			return 0;
	}
	return 1;
}

static int
put_hex(struct sfb_buf *out, char kind, uint32_t cp, int digits)
{
	char t[16];
	int n = snprintf(t, sizeof t, "\\%c%0*x", kind, digits, (unsigned)cp);

	return sfb_buf_put(out, t, (size_t)n);
}

int
sfb_pyrepr_str(struct sfb_buf *out, const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s, *end = p + n;
	char quote = '\'';
	int r = 0;

	if (memchr(s, '\'', n) && !memchr(s, '"', n))
		quote = '"';
	if (sfb_buf_putc(out, quote) < 0)
		return -1;
	while (p < end && r == 0) {
		size_t len;
		uint32_t cp = wtf8_next(p, (size_t)(end - p), &len);

		if (cp == (uint32_t)quote || cp == '\\') {
			char e[2] = { '\\', (char)cp };

			r = sfb_buf_put(out, e, 2);
		} else if (cp == '\t')
			r = sfb_buf_put(out, "\\t", 2);
		else if (cp == '\n')
			r = sfb_buf_put(out, "\\n", 2);
		else if (cp == '\r')
			r = sfb_buf_put(out, "\\r", 2);
		else if (cp < 0x20 || cp == 0x7F)
			r = put_hex(out, 'x', cp, 2);
		else if (cp < 0x7F || printable(cp))
			r = sfb_buf_put(out, p, len);
		else if (cp <= 0xFF)
			r = put_hex(out, 'x', cp, 2);
		else if (cp <= 0xFFFF)
			r = put_hex(out, 'u', cp, 4);
		else
			r = put_hex(out, 'U', cp, 8);
		p += len;
	}
	return r < 0 ? -1 : sfb_buf_putc(out, quote);
}

static int repr_value(struct sfb_buf *out, const struct sfb_span *tok);

static int
repr_number(struct sfb_buf *out, const struct sfb_span *tok)
{
	char t[SFB_NUM_MAX];
	double d;
	size_t i;

	for (i = 0; i < tok->n; i++)
		if (tok->p[i] == '.' || tok->p[i] == 'e' || tok->p[i] == 'E')
			break;
	if (i == tok->n) {
		/* An int: JSON forbids leading zeros, so only -0 changes. */
		if (tok->n == 2 && tok->p[0] == '-' && tok->p[1] == '0')
			return sfb_buf_putc(out, '0');
		return sfb_buf_put(out, tok->p, tok->n);
	}
	if (sfb_json_num(tok, &d) < 0)
		return sfb_buf_puts(out, tok->p[0] == '-' ? "-inf" : "inf");
	return sfb_buf_put(out, t, sfb_num_repr(d, t));
}

/* Decode a string token into tmp (reset first). */
static int
decode(const struct sfb_span *tok, struct sfb_buf *tmp)
{
	tmp->len = 0;
	return sfb_json_str_decode(tok, tmp);
}

static int
repr_string(struct sfb_buf *out, const struct sfb_span *tok)
{
	struct sfb_buf t = { 0 };
	int r = decode(tok, &t) < 0 ? -1 : sfb_pyrepr_str(out, t.p, t.len);

	sfb_buf_free(&t);
	return r;
}

/* Does key (a raw key without quotes) appear among the members of obj
 * before offset 'before'?  Compared decoded, as dict keys are. */
static int
key_seen(const struct sfb_span *obj, size_t before, const struct sfb_span *key)
{
	struct sfb_buf a = { 0 }, b = { 0 };
	struct sfb_span k, v, tk = { key->p - 1, key->n + 2 }, tj;
	size_t pos = 0;
	int seen = 0;

	if (decode(&tk, &a) < 0)
		return -1;
	while (!seen && sfb_json_obj_next(obj, &pos, &k, &v) &&
	    (size_t)(k.p - obj->p) < before) {
		tj.p = k.p - 1;
		tj.n = k.n + 2;
		if (decode(&tj, &b) < 0) {
			seen = -1;
			break;
		}
		seen = a.len == b.len && (a.len == 0 ||
		    memcmp(a.p, b.p, a.len) == 0);
	}
	sfb_buf_free(&a);
	sfb_buf_free(&b);
	return seen;
}

/* The value of the last member of obj whose decoded key equals key's. */
static int
last_value(const struct sfb_span *obj, const struct sfb_span *key,
    struct sfb_span *val)
{
	struct sfb_buf a = { 0 }, b = { 0 };
	struct sfb_span k, v, tk = { key->p - 1, key->n + 2 }, tj;
	size_t pos = 0;

	if (decode(&tk, &a) < 0)
		return -1;
	while (sfb_json_obj_next(obj, &pos, &k, &v)) {
		tj.p = k.p - 1;
		tj.n = k.n + 2;
		if (decode(&tj, &b) < 0)
			break;
		if (a.len == b.len && (a.len == 0 ||
		    memcmp(a.p, b.p, a.len) == 0))
			*val = v;
	}
	sfb_buf_free(&a);
	sfb_buf_free(&b);
	return 0;
}

static int
repr_object(struct sfb_buf *out, const struct sfb_span *obj)
{
	struct sfb_span k, v, tk;
	size_t pos = 0;
	int first = 1, seen;

	if (sfb_buf_putc(out, '{') < 0)
		return -1;
	while (sfb_json_obj_next(obj, &pos, &k, &v)) {
		if ((seen = key_seen(obj, (size_t)(k.p - obj->p), &k)) < 0)
			return -1;
		if (seen)
			continue;
		if (last_value(obj, &k, &v) < 0)
			return -1;
		tk.p = k.p - 1;
		tk.n = k.n + 2;
		if ((!first && sfb_buf_put(out, ", ", 2) < 0) ||
		    repr_string(out, &tk) < 0 || sfb_buf_put(out, ": ", 2) < 0 ||
		    repr_value(out, &v) < 0)
			return -1;
		first = 0;
	}
	return sfb_buf_putc(out, '}');
}

static int
repr_array(struct sfb_buf *out, const struct sfb_span *arr)
{
	struct sfb_span e;
	size_t pos = 0;
	int first = 1;

	if (sfb_buf_putc(out, '[') < 0)
		return -1;
	while (sfb_json_arr_next(arr, &pos, &e)) {
		if ((!first && sfb_buf_put(out, ", ", 2) < 0) ||
		    repr_value(out, &e) < 0)
			return -1;
		first = 0;
	}
	return sfb_buf_putc(out, ']');
}

static int
repr_value(struct sfb_buf *out, const struct sfb_span *tok)
{
	switch (sfb_json_type(tok)) {
	case SFB_JNONE:
	case SFB_JNULL:
		return sfb_buf_puts(out, "None");
	case SFB_JFALSE:
		return sfb_buf_puts(out, "False");
	case SFB_JTRUE:
		return sfb_buf_puts(out, "True");
	case SFB_JNUMBER:
		return repr_number(out, tok);
	case SFB_JSTRING:
		return repr_string(out, tok);
	case SFB_JARRAY:
		return repr_array(out, tok);
	case SFB_JOBJECT:
		return repr_object(out, tok);
	}
	return -1;
}

int
sfb_pyrepr_json(struct sfb_buf *out, const struct sfb_span *tok)
{
	return repr_value(out, tok);
}

int
sfb_pystr_json(struct sfb_buf *out, const struct sfb_span *tok)
{
	struct sfb_buf t = { 0 };
	const unsigned char *p, *end;
	int r = 0;

	if (sfb_json_type(tok) != SFB_JSTRING)
		return repr_value(out, tok);
	if (decode(tok, &t) < 0)
		return -1;
	p = (const unsigned char *)t.p;
	end = p + t.len;
	while (p < end && r == 0) {
		size_t len;
		uint32_t cp = wtf8_next(p, (size_t)(end - p), &len);

		if (cp >= 0xD800 && cp <= 0xDFFF)
			r = put_hex(out, 'u', cp, 4);
		else
			r = sfb_buf_put(out, p, len);
		p += len;
	}
	sfb_buf_free(&t);
	return r;
}
