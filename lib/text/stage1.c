/* stage1.c - Stage-1 primary-diagnosis extraction and sidecar check. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/json.h"
#include "text/rx.h"
#include "text/stage1.h"
#include "core/ucd.h"

/* The reference's two patterns, verbatim: the one-line form, then the
 * block form that runs to the next numbered item, severity, confidence or
 * the end of the text. */
static const char line_pat[] =
    "(?im)^\\s*(?:\\d+\\.\\s*)?(?:\\*\\*)?Primary diagnosis(?:\\*\\*)?"
    "\\s*:\\s*(.+?)\\s*$";
static const char block_pat[] =
    "(?is)(?:^|\\n)\\s*(?:\\d+\\.\\s*)?(?:\\*\\*)?Primary diagnosis"
    "(?:\\*\\*)?\\s*:?\\s*(?:\\n\\s*[-*]?\\s*)?(.+?)"
    "(?=\\n\\s*\\d+\\.\\s|\\n\\s*(?:\\*\\*)?Overall severity"
    "|\\n\\s*(?:\\*\\*)?Confidence|\\Z)";

struct sfb_stage1 {
	sfb_rx *line, *block;
	sfb_rx_scratch *scratch;
	struct sfb_buf tmp;
};

struct sfb_stage1 *
sfb_stage1_new(const char **err)
{
	struct sfb_stage1 *st = calloc(1, sizeof *st);

	*err = "out of memory";
	if (!st)
		return NULL;
	st->line = sfb_rx_new(line_pat, sizeof line_pat - 1, 0, err);
	if (st->line)
		st->block = sfb_rx_new(block_pat, sizeof block_pat - 1, 0, err);
	if (st->block && !(st->scratch = sfb_rx_scratch_new()))
		*err = "out of memory";
	if (!st->scratch) {
		sfb_stage1_free(st);
		return NULL;
	}
	return st;
}

void
sfb_stage1_free(struct sfb_stage1 *st)
{
	if (!st)
		return;
	sfb_rx_free(st->line);
	sfb_rx_free(st->block);
	sfb_rx_scratch_free(st->scratch);
	sfb_buf_free(&st->tmp);
	free(st);
}

int
sfb_stage1_read_text(const char *raw, size_t n, struct sfb_buf *out)
{
	const unsigned char *s = (const unsigned char *)raw;
	static const char fffd[] = "\xEF\xBF\xBD";
	size_t i = 0;

	while (i < n) {
		long len = sfb_utf8_seq(s + i, n - i);
		int r;

		if (len < 0) {
			r = sfb_buf_put(out, fffd, 3);
			i += (size_t)-len;
		} else if (s[i] == '\r') {
			r = sfb_buf_putc(out, '\n');
			i += i + 1 < n && s[i + 1] == '\n' ? 2 : 1;
		} else {
			r = sfb_buf_put(out, raw + i, (size_t)len);
			i += (size_t)len;
		}
		if (r)
			return -1;
	}
	return 0;
}

static int
is_markup(uint32_t cp)
{
	return cp == '*' || cp == '_' || cp == '`' || cp == '#';
}

/* The reference's markdown cleanup, on the captured value. */
static int
clean(const char *s, size_t n, struct sfb_buf *tmp, struct sfb_buf *out)
{
	const unsigned char *u;
	size_t i, adv, start = 0, end, mark;
	int pending = 0;

	/* 1. drop markup characters */
	tmp->len = 0;
	for (i = 0; i < n; i++)
		if (!is_markup((unsigned char)s[i]) && sfb_buf_putc(tmp, s[i]))
			return -1;
	u = (const unsigned char *)tmp->p;
	n = tmp->len;
	/* 2. strip, then one leading "-" or ":" and the space after it */
	while (start < n && sfb_ucd_isspace(sfb_utf8_next(u + start,
	    n - start, &adv)))
		start += adv;
	if (start < n && (u[start] == '-' || u[start] == ':'))
		start++;
	/* 3. collapse whitespace runs; leading and trailing ones vanish */
	mark = out->len;
	for (i = start; i < n; i += adv) {
		uint32_t cp = sfb_utf8_next(u + i, n - i, &adv);

		if (sfb_ucd_isspace(cp)) {
			pending = 1;
			continue;
		}
		if (pending && out->len > mark && sfb_buf_putc(out, ' '))
			return -1;
		pending = 0;
		if (sfb_buf_put(out, u + i, adv))
			return -1;
	}
	end = out->len;
	return end > mark;
}

int
sfb_stage1_diagnosis(struct sfb_stage1 *st, const char *text, size_t n,
    struct sfb_buf *out)
{
	const unsigned char *u = (const unsigned char *)text;
	size_t spans[4];
	int r;

	r = sfb_rx_search(st->line, st->scratch, u, n, spans);
	if (r == 0)
		r = sfb_rx_search(st->block, st->scratch, u, n, spans);
	if (r <= 0)
		return r;
	if (spans[2] == SFB_RX_UNSET)
		return 0;
	return clean(text + spans[2], spans[3] - spans[2], &st->tmp, out);
}

/* Python's bool() of a JSON value token. */
static int
truthy(const struct sfb_span *v)
{
	struct sfb_span key, elem;
	size_t pos = 0;
	double d;

	switch (sfb_json_type(v)) {
	case SFB_JTRUE:
		return 1;
	case SFB_JNUMBER:
		return sfb_json_num(v, &d) != 0 || d != 0.0;
	case SFB_JSTRING:
		return v->n > 2;
	case SFB_JARRAY:
		return sfb_json_arr_next(v, &pos, &elem);
	case SFB_JOBJECT:
		return sfb_json_obj_next(v, &pos, &key, &elem);
	default:
		return 0;
	}
}

static const struct sfb_span *
member(const struct sfb_obj *o, const char *key)
{
	const struct sfb_member *m = sfb_obj_get(o, key, strlen(key));

	return m ? &m->val : NULL;
}

int
sfb_stage1_sidecar_clean(const char *json, size_t n)
{
	struct sfb_obj o = { 0 };
	struct sfb_buf status = { 0 };
	const struct sfb_span *v;
	const char *why;
	int clean = 0;

	if (sfb_obj_parse(&o, json, n, &why) == 0) {
		v = member(&o, "status");
		clean = v && sfb_json_type(v) == SFB_JSTRING &&
		    sfb_json_str_decode(v, &status) == 0 &&
		    status.len == 5 && !memcmp(status.p, "valid", 5);
		v = member(&o, "prompt_echo_detected");
		if (v && truthy(v))
			clean = 0;
		v = member(&o, "html_garbage_detected");
		if (!v)
			v = member(&o, "html_garbage");
		if (v && truthy(v))
			clean = 0;
	}
	sfb_buf_free(&status);
	sfb_obj_free(&o);
	return clean;
}

int
sfb_stage1_sidecar_path(const char *path, size_t n, struct sfb_buf *out)
{
	size_t base = n, dot;
	static const char suffix[] = ".validation.json";

	while (base > 0 && path[base - 1] != '/')
		base--;
	/* Path.stem: the name up to its last ".", unless that dot is the
	 * name's first or last character. */
	dot = n;
	while (dot > base && path[dot - 1] != '.')
		dot--;
	if (dot == base || dot - 1 == base || dot == n)
		dot = n;
	else
		dot--;
	if (sfb_buf_put(out, path, dot))
		return -1;
	return sfb_buf_put(out, suffix, sizeof suffix - 1);
}
