/* pyerr.c - the message Python's json.loads gives for a malformed
 * document ("Expecting value: line 1 column 12 (char 11)"), so that a bad
 * line of the QC manifest is reported in the reference's words.  It follows
 * CPython 3.11's scanner (Modules/_json.c): the same checks in the same
 * order, positions counted in code points. */
#include <stdio.h>
#include <string.h>

#include "core/pyerr.h"

struct perr {
	const char *s;
	size_t n;
	const char *what;	/* the first error, or NULL */
	size_t at;		/* its byte offset */
};

static int
fail_at(struct perr *p, const char *what, size_t at)
{
	if (!p->what) {
		p->what = what;
		p->at = at;
	}
	return -1;
}

static size_t
skip_ws(const struct perr *p, size_t i)
{
	while (i < p->n && (p->s[i] == ' ' || p->s[i] == '\t' ||
	    p->s[i] == '\n' || p->s[i] == '\r'))
		i++;
	return i;
}

static int
ishex(char c)
{
	return (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'f');
}

/* The bytes of the code point at i (1 for anything malformed). */
static size_t
cplen(const struct perr *p, size_t i)
{
	unsigned char c = (unsigned char)p->s[i];
	size_t k = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1, j;

	for (j = 1; j < k; j++)
		if (i + j >= p->n || ((unsigned char)p->s[i + j] & 0xC0) != 0x80)
			return 1;
	return k;
}

/* scanstring: q is the opening quote; the end past the closing one. */
static int
scan_string(struct perr *p, size_t q, size_t *end)
{
	size_t i = q + 1;

	for (;;) {
		unsigned char c;

		if (i >= p->n)
			return fail_at(p, "Unterminated string starting at", q);
		c = (unsigned char)p->s[i];
		if (c == '"') {
			*end = i + 1;
			return 0;
		}
		if (c < 0x20)
			return fail_at(p, "Invalid control character at", i);
		if (c != '\\') {
			i += cplen(p, i);
			continue;
		}
		if (++i >= p->n)
			return fail_at(p, "Unterminated string starting at", q);
		c = (unsigned char)p->s[i];
		if (c != 'u') {
			if (!strchr("\"\\/bfnrt", c) || !c)
				return fail_at(p, "Invalid \\escape", i - 1);
			i++;
			continue;
		}
		/* CPython needs a character after the four digits. */
		if (i + 1 + 4 >= p->n)
			return fail_at(p, "Invalid \\uXXXX escape", i);
		if (!ishex(p->s[i + 1]) || !ishex(p->s[i + 2]) ||
		    !ishex(p->s[i + 3]) || !ishex(p->s[i + 4]))
			return fail_at(p, "Invalid \\uXXXX escape", i);
		{
			unsigned v = 0;
			size_t k;

			for (k = 1; k <= 4; k++)
				v = v << 4 | (unsigned)(p->s[i + k] <= '9' ?
				    p->s[i + k] - '0' : (p->s[i + k] | 0x20) - 'a' + 10);
			i += 5;
			/* A high surrogate followed by "\u" must be completed. */
			if (v >= 0xD800 && v <= 0xDBFF && i + 6 < p->n &&
			    p->s[i] == '\\' && p->s[i + 1] == 'u') {
				if (!ishex(p->s[i + 2]) || !ishex(p->s[i + 3]) ||
				    !ishex(p->s[i + 4]) || !ishex(p->s[i + 5]))
					return fail_at(p, "Invalid \\uXXXX escape",
					    i + 1);
				i += 6;
			}
		}
	}
}

static int scan_value(struct perr *p, size_t i, size_t *end, int depth);

/* _match_number: -1 ("Expecting value") when no number starts at i. */
static int
scan_number(struct perr *p, size_t i, size_t *end)
{
	size_t j = i;

	if (j < p->n && p->s[j] == '-')
		j++;
	if (j < p->n && p->s[j] == '0')
		j++;
	else if (j < p->n && p->s[j] >= '1' && p->s[j] <= '9')
		while (j < p->n && p->s[j] >= '0' && p->s[j] <= '9')
			j++;
	else
		return fail_at(p, "Expecting value", i);
	if (j + 1 < p->n && p->s[j] == '.' && p->s[j + 1] >= '0' &&
	    p->s[j + 1] <= '9') {
		j += 2;
		while (j < p->n && p->s[j] >= '0' && p->s[j] <= '9')
			j++;
	}
	if (j < p->n && (p->s[j] == 'e' || p->s[j] == 'E')) {
		size_t k = j + 1;

		if (k < p->n && (p->s[k] == '+' || p->s[k] == '-'))
			k++;
		if (k < p->n && p->s[k] >= '0' && p->s[k] <= '9') {
			while (k < p->n && p->s[k] >= '0' && p->s[k] <= '9')
				k++;
			j = k;
		}
	}
	*end = j;
	return 0;
}

static int
literal(struct perr *p, size_t i, const char *lit, size_t *end)
{
	size_t n = strlen(lit);

	if (p->n - i < n || memcmp(p->s + i, lit, n) != 0)
		return fail_at(p, "Expecting value", i);
	*end = i + n;
	return 0;
}

static int
scan_object(struct perr *p, size_t i, size_t *end, int depth)
{
	i = skip_ws(p, i + 1);
	if (i < p->n && p->s[i] == '}') {
		*end = i + 1;
		return 0;
	}
	for (;;) {
		if (i >= p->n || p->s[i] != '"')
			return fail_at(p, "Expecting property name enclosed in "
			    "double quotes", i);
		if (scan_string(p, i, &i) < 0)
			return -1;
		i = skip_ws(p, i);
		if (i >= p->n || p->s[i] != ':')
			return fail_at(p, "Expecting ':' delimiter", i);
		i = skip_ws(p, i + 1);
		if (scan_value(p, i, &i, depth + 1) < 0)
			return -1;
		i = skip_ws(p, i);
		if (i < p->n && p->s[i] == '}') {
			*end = i + 1;
			return 0;
		}
		if (i >= p->n || p->s[i] != ',')
			return fail_at(p, "Expecting ',' delimiter", i);
		i = skip_ws(p, i + 1);
	}
}

static int
scan_array(struct perr *p, size_t i, size_t *end, int depth)
{
	i = skip_ws(p, i + 1);
	if (i < p->n && p->s[i] == ']') {
		*end = i + 1;
		return 0;
	}
	for (;;) {
		if (scan_value(p, i, &i, depth + 1) < 0)
			return -1;
		i = skip_ws(p, i);
		if (i < p->n && p->s[i] == ']') {
			*end = i + 1;
			return 0;
		}
		if (i >= p->n || p->s[i] != ',')
			return fail_at(p, "Expecting ',' delimiter", i);
		i = skip_ws(p, i + 1);
	}
}

static int
scan_value(struct perr *p, size_t i, size_t *end, int depth)
{
	if (depth > 900)	/* Python gives up with RecursionError */
		return fail_at(p, "Expecting value", i);
	if (i >= p->n)
		return fail_at(p, "Expecting value", i);
	switch (p->s[i]) {
	case '"':
		return scan_string(p, i, end);
	case '{':
		return scan_object(p, i, end, depth);
	case '[':
		return scan_array(p, i, end, depth);
	case 'n':
		return literal(p, i, "null", end);
	case 't':
		return literal(p, i, "true", end);
	case 'f':
		return literal(p, i, "false", end);
	case 'N':
		return literal(p, i, "NaN", end);
	case 'I':
		return literal(p, i, "Infinity", end);
	case '-':
		if (p->n - i >= 9 && memcmp(p->s + i, "-Infinity", 9) == 0) {
			*end = i + 9;
			return 0;
		}
		return scan_number(p, i, end);
	default:
		return scan_number(p, i, end);
	}
}

int
sfb_py_json_error(const char *s, size_t n, struct sfb_buf *msg)
{
	struct perr p = { s, n, NULL, 0 };
	size_t i, end, cp = 0, line = 1, col;
	char tail[96];
	int k;

	if (n >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0)
		fail_at(&p, "Unexpected UTF-8 BOM (decode using utf-8-sig)", 0);
	else if (scan_value(&p, skip_ws(&p, 0), &end, 0) == 0 &&
	    skip_ws(&p, end) != n)
		fail_at(&p, "Extra data", skip_ws(&p, end));
	if (!p.what)
		return -1;
	/* Python counts code points, lines from 1 and columns from 1. */
	col = 0;
	for (i = 0; i < p.at; i++) {
		if (((unsigned char)s[i] & 0xC0) == 0x80)
			continue;
		cp++;
		col++;
		if (s[i] == '\n') {
			line++;
			col = 0;
		}
	}
	k = snprintf(tail, sizeof tail, ": line %zu column %zu (char %zu)",
	    line, col + 1, cp);
	msg->len = 0;
	if (sfb_buf_puts(msg, p.what) < 0 ||
	    sfb_buf_put(msg, tail, (size_t)k) < 0)
		msg->len = 0;
	return 0;
}
