/* csvrec.c — CSV with a header row, one row at a time (see csvrec.h). */
#include <csv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/csvrec.h"

struct sfb_csv {
	struct csv_parser parser;
	sfb_csv_row_fn fn;
	void *ctx;
	/* fields of the row being read: bytes back to back, with offsets */
	char *buf;
	size_t len, cap;
	size_t *off;
	size_t nf, offcap;
	/* the header, kept in the same form */
	char *hbuf;
	size_t *hoff;
	size_t nh;
	int have_header;
	struct sfb_csv_text *names, *fields;
	size_t line;		/* line being fed, from 1 */
	size_t rows;
	int ended_line;		/* the last byte fed was a line feed */
	int bom;		/* bytes of a leading BOM matched so far; 3 = done */
	int status;		/* first error or callback return; stops everything */
	char err[160];
	size_t errline;
};

static const unsigned char bom_bytes[3] = { 0xEF, 0xBB, 0xBF };

/* Python's strict UTF-8 decoder: no overlongs, surrogates or values past
 * U+10FFFF. */
static int
utf8_valid(const unsigned char *s, size_t n)
{
	size_t i = 0;

	while (i < n) {
		unsigned char c = s[i];
		size_t k;
		unsigned char lo = 0x80, hi = 0xBF;

		if (c < 0x80) {
			i++;
			continue;
		}
		if (c >= 0xC2 && c <= 0xDF)
			k = 1;
		else if (c >= 0xE0 && c <= 0xEF) {
			k = 2;
			if (c == 0xE0)
				lo = 0xA0;
			else if (c == 0xED)
				hi = 0x9F;
		} else if (c >= 0xF0 && c <= 0xF4) {
			k = 3;
			if (c == 0xF0)
				lo = 0x90;
			else if (c == 0xF4)
				hi = 0x8F;
		} else
			return 0;
		if (n - i <= k)
			return 0;
		if (s[i + 1] < lo || s[i + 1] > hi)
			return 0;
		for (size_t j = 2; j <= k; j++)
			if (s[i + j] < 0x80 || s[i + j] > 0xBF)
				return 0;
		i += k + 1;
	}
	return 1;
}

static void
fail(struct sfb_csv *c, const char *msg)
{
	if (c->status)
		return;
	c->status = SFB_CSV_EINPUT;
	snprintf(c->err, sizeof c->err, "%s", msg);
	c->errline = c->line;
}

static int
grow(void **p, size_t *cap, size_t need, size_t size)
{
	size_t n = *cap ? *cap : 16;
	void *q;

	if (need <= *cap)
		return 0;
	while (n < need)
		n *= 2;
	q = realloc(*p, n * size);
	if (!q)
		return -1;
	*p = q;
	*cap = n;
	return 0;
}

static void
on_field(void *s, size_t n, void *data)
{
	struct sfb_csv *c = data;

	if (c->status)
		return;
	if (!utf8_valid(s, n)) {
		fail(c, "invalid UTF-8");
		return;
	}
	if (grow((void **)&c->buf, &c->cap, c->len + n + 1, 1) ||
	    grow((void **)&c->off, &c->offcap, c->nf + 2, sizeof *c->off)) {
		c->status = SFB_CSV_ENOMEM;
		return;
	}
	if (n)
		memcpy(c->buf + c->len, s, n);
	c->off[c->nf] = c->len;
	c->len += n;
	c->nf++;
	c->off[c->nf] = c->len;
}

static int
take_header(struct sfb_csv *c)
{
	for (size_t i = 0; i < c->nf; i++)
		for (size_t j = 0; j < i; j++) {
			size_t ni = c->off[i + 1] - c->off[i];
			size_t nj = c->off[j + 1] - c->off[j];

			if (ni == nj && !memcmp(c->buf + c->off[i],
			    c->buf + c->off[j], ni)) {
				char msg[120];

				snprintf(msg, sizeof msg,
				    "duplicate header '%.*s'",
				    (int)(ni > 80 ? 80 : ni), c->buf + c->off[i]);
				fail(c, msg);
				return -1;
			}
		}
	/* swap the row buffers into the header's place */
	c->hbuf = c->buf;
	c->hoff = c->off;
	c->nh = c->nf;
	c->buf = NULL;
	c->off = NULL;
	c->cap = c->offcap = 0;
	c->names = calloc(c->nh ? c->nh : 1, sizeof *c->names);
	c->fields = calloc(c->nh ? c->nh : 1, sizeof *c->fields);
	if (!c->names || !c->fields) {
		c->status = SFB_CSV_ENOMEM;
		return -1;
	}
	for (size_t i = 0; i < c->nh; i++) {
		c->names[i].p = c->hbuf + c->hoff[i];
		c->names[i].n = c->hoff[i + 1] - c->hoff[i];
	}
	c->have_header = 1;
	return 0;
}

static void
on_row(int term, void *data)
{
	struct sfb_csv *c = data;

	(void)term;
	if (c->status)
		return;
	if (!c->have_header) {
		take_header(c);
	} else if (c->nf != c->nh) {
		char msg[120];

		snprintf(msg, sizeof msg, "row has %zu fields, header has %zu",
		    c->nf, c->nh);
		fail(c, msg);
	} else {
		int r;

		for (size_t i = 0; i < c->nf; i++) {
			c->fields[i].p = c->buf + c->off[i];
			c->fields[i].n = c->off[i + 1] - c->off[i];
		}
		c->rows++;
		r = c->fn(c->ctx, c->names, c->fields, c->nf, c->line);
		if (r)
			c->status = r;
	}
	c->len = 0;
	c->nf = 0;
}

static int
no_space(unsigned char ch)
{
	(void)ch;
	return 0;
}

struct sfb_csv *
sfb_csv_new(sfb_csv_row_fn fn, void *ctx)
{
	struct sfb_csv *c = calloc(1, sizeof *c);

	if (!c)
		return NULL;
	if (csv_init(&c->parser, CSV_STRICT | CSV_STRICT_FINI) != 0) {
		free(c);
		return NULL;
	}
	/* Python's csv module keeps spaces around unquoted fields. */
	csv_set_space_func(&c->parser, no_space);
	c->fn = fn;
	c->ctx = ctx;
	c->line = 1;
	return c;
}

void
sfb_csv_free(struct sfb_csv *c)
{
	if (!c)
		return;
	csv_free(&c->parser);
	free(c->buf);
	free(c->off);
	free(c->hbuf);
	free(c->hoff);
	free(c->names);
	free(c->fields);
	free(c);
}

static int
parse(struct sfb_csv *c, const char *s, size_t n)
{
	if (csv_parse(&c->parser, s, n, on_field, on_row, c) != n && !c->status)
		fail(c, "malformed quoted field");
	return c->status;
}

/* Feeds one line at a time so that rows know the line they end on. */
static int
feed_lines(struct sfb_csv *c, const char *s, size_t n)
{
	while (n && !c->status) {
		const char *nl = memchr(s, '\n', n);
		size_t k = nl ? (size_t)(nl - s) + 1 : n;

		if (parse(c, s, k))
			break;
		if (nl)
			c->line++;
		c->ended_line = nl != NULL;
		s += k;
		n -= k;
	}
	return c->status;
}

int
sfb_csv_feed(struct sfb_csv *c, const char *buf, size_t n)
{
	const unsigned char *u = (const unsigned char *)buf;

	while (c->bom < 3 && n) {
		if (*u != bom_bytes[c->bom]) {
			int matched = c->bom;

			c->bom = 3;
			if (matched && feed_lines(c, (const char *)bom_bytes,
			    matched))
				return c->status;
			break;
		}
		c->bom++;
		u++;
		n--;
	}
	return feed_lines(c, (const char *)u, n);
}

int
sfb_csv_finish(struct sfb_csv *c)
{
	if (c->status)
		return c->status;
	if (c->bom > 0 && c->bom < 3) {
		int matched = c->bom;

		c->bom = 3;
		if (feed_lines(c, (const char *)bom_bytes, matched))
			return c->status;
	}
	if (csv_fini(&c->parser, on_field, on_row, c) != 0 && !c->status) {
		fail(c, "unterminated quoted field");
		if (c->ended_line && c->errline > 1)
			c->errline--;
	}
	return c->status;
}

const char *
sfb_csv_error(const struct sfb_csv *c, size_t *line)
{
	if (line)
		*line = c->errline;
	return c->err;
}

size_t
sfb_csv_rows(const struct sfb_csv *c)
{
	return c->rows;
}
