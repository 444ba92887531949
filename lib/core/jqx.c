/*
 * jq programs on records through libjq (see jqx.h).
 */
#include <jq.h>
#include <jv.h>
#include <stdlib.h>
#include <string.h>

#include "core/json.h"
#include "core/jqx.h"

struct sfb_jqx {
	jq_state *jq;
	struct sfb_buf *msgs;	/* where compile messages go, while compiling */
	struct sfb_buf text;	/* a record with its lone surrogates replaced */
	int oom;
};

static void
put_jv_text(struct sfb_buf *b, jv v, int *oom)
{
	if (jv_get_kind(v) == JV_KIND_STRING) {
		if (sfb_buf_put(b, jv_string_value(v), (size_t)jv_string_length_bytes(jv_copy(v))) < 0)
			*oom = 1;
		jv_free(v);
		return;
	}
	v = jv_dump_string(v, 0);
	if (sfb_buf_put(b, jv_string_value(v), (size_t)jv_string_length_bytes(jv_copy(v))) < 0)
		*oom = 1;
	jv_free(v);
}

static void
on_error(void *arg, jv msg)
{
	struct sfb_jqx *x = arg;

	if (x->msgs == NULL) {
		jv_free(msg);
		return;
	}
	put_jv_text(x->msgs, msg, &x->oom);
	if (sfb_buf_putc(x->msgs, '\0') < 0)
		x->oom = 1;
}

sfb_jqx *
sfb_jqx_new(const char *prog, struct sfb_buf *msgs)
{
	struct sfb_jqx *x = calloc(1, sizeof *x);

	if (x == NULL || (x->jq = jq_init()) == NULL) {
		free(x);
		return NULL;
	}
	x->msgs = msgs;
	jq_set_error_cb(x->jq, on_error, x);
	if (!jq_compile(x->jq, prog)) {
		sfb_jqx_free(x);
		return NULL;
	}
	x->msgs = NULL;
	return x;
}

void
sfb_jqx_free(sfb_jqx *x)
{
	if (x == NULL)
		return;
	jq_teardown(&x->jq);
	sfb_buf_free(&x->text);
	free(x);
}

/* rec as libjq may read it: every lone surrogate escape as \ufffd. */
static int
jq_text(sfb_jqx *x, const char *rec, size_t n, const char **p, size_t *len)
{
	const char *s = rec, *q = rec, *end = rec + n, *bs;

	x->text.len = 0;
	while ((bs = memchr(q, '\\', (size_t)(end - q))) != NULL) {
		size_t adv;
		uint32_t cp = sfb_json_esc(bs, (size_t)(end - bs), &adv);

		if (cp >= 0xD800 && cp <= 0xDFFF) {
			if (sfb_buf_put(&x->text, s, (size_t)(bs - s)) < 0 ||
			    sfb_buf_put(&x->text, "\\ufffd", 6) < 0)
				return -1;
			s = bs + adv;
		}
		q = bs + adv;
	}
	if (s == rec) {
		*p = rec;
		*len = n;
		return 0;
	}
	if (sfb_buf_put(&x->text, s, (size_t)(end - s)) < 0)
		return -1;
	*p = x->text.p;
	*len = x->text.len;
	return 0;
}

/* The one output of x on rec in *out, or SFB_JQX_EFAIL with msg set. */
static int
run_one(sfb_jqx *x, const char *rec, size_t n, jv *out, struct sfb_buf *msg)
{
	const char *p;
	size_t len;
	jv in, r, more;
	int oom = 0;

	if (jq_text(x, rec, n, &p, &len) < 0)
		return SFB_JQX_ENOMEM;
	in = jv_parse_sized(p, (int)len);
	if (!jv_is_valid(in)) {
		jv m = jv_invalid_get_msg(in);

		put_jv_text(msg, m, &oom);
		return oom ? SFB_JQX_ENOMEM : SFB_JQX_EFAIL;
	}
	jq_start(x->jq, in, 0);
	r = jq_next(x->jq);
	if (!jv_is_valid(r)) {
		if (jv_invalid_has_msg(jv_copy(r)))
			put_jv_text(msg, jv_invalid_get_msg(r), &oom);
		else if (jv_free(r), sfb_buf_puts(msg, "no output") < 0)
			oom = 1;
		return oom ? SFB_JQX_ENOMEM : SFB_JQX_EFAIL;
	}
	more = jq_next(x->jq);
	if (jv_is_valid(more)) {
		jv_free(more);
		jv_free(r);
		if (sfb_buf_puts(msg, "several outputs") < 0)
			return SFB_JQX_ENOMEM;
		return SFB_JQX_EFAIL;
	}
	if (jv_invalid_has_msg(jv_copy(more))) {
		jv_free(r);
		put_jv_text(msg, jv_invalid_get_msg(more), &oom);
		return oom ? SFB_JQX_ENOMEM : SFB_JQX_EFAIL;
	}
	jv_free(more);
	*out = r;
	return SFB_JQX_OK;
}

int
sfb_jqx_key(sfb_jqx *x, const char *rec, size_t n, struct sfb_buf *key,
    struct sfb_buf *msg)
{
	jv r;
	int st = run_one(x, rec, n, &r, msg), oom = 0;

	if (st != SFB_JQX_OK)
		return st;
	put_jv_text(key, r, &oom);
	return oom ? SFB_JQX_ENOMEM : SFB_JQX_OK;
}

int
sfb_jqx_test(sfb_jqx *x, const char *rec, size_t n, int *truthy,
    struct sfb_buf *msg)
{
	jv r;
	int st = run_one(x, rec, n, &r, msg);
	jv_kind k;

	if (st != SFB_JQX_OK)
		return st;
	k = jv_get_kind(r);
	*truthy = k != JV_KIND_NULL && k != JV_KIND_FALSE;
	jv_free(r);
	return SFB_JQX_OK;
}
