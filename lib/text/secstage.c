/* secstage.c - the secondary text stages' per-record work: report text
 * fields in, severity scores or hedge counts (and evidence) spliced out. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/num.h"
#include "text/kw.h"
#include "text/secstage.h"

#define MAXSIDE 2
#define MAXKEYS 8

struct side {
	const char *field;      /* input text field */
	char *key;              /* output key */
	char *ev_key;           /* evidence key */
};

struct sfb_secstage {
	const struct sfb_secstage_opts *o;
	struct sfb_kw *kw;
	size_t nside;
	struct side side[MAXSIDE];
	char *diff_key[2];      /* pair mode: _shift/_abs_diff or _abs_diff/_ratio */
	uint32_t *count;        /* per keyword */
	struct sfb_kw_hit *first;
	struct sfb_buf text;    /* decoded text of escaped fields */
	struct sfb_buf vals;    /* the values to splice in */
	struct sfb_buf ev;      /* one side's evidence */
};

struct sfb_secstage *
sfb_secstage_new(const struct sfb_secstage_opts *o)
{
	struct sfb_secstage *st = calloc(1, sizeof *st);
	int sev = o->kind == SFB_SEC_SEVERITY, ok = 1;
	const char *val = o->key ? o->key : sev ? "severity" : "hedges";
	const char *base = o->key ? o->key : sev ? "severity" : "hedging";
	size_t i;

	if (st == NULL)
		return NULL;
	st->o = o;
	st->kw = sfb_kw_new(sfb_kw_registry_get(sev ? SFB_KW_SEVERITY :
	    SFB_KW_HEDGES));
	if (st->kw == NULL)
		goto fail;
	st->count = calloc(sfb_kw_nkw(st->kw), sizeof *st->count);
	st->first = calloc(sfb_kw_nkw(st->kw), sizeof *st->first);
	if (o->field != NULL) {
		st->nside = 1;
		st->side[0].field = o->field;
		st->side[0].key = sfb_str_join3("", val, "");
		st->side[0].ev_key = sfb_str_join3("", val, "_evidence");
	} else {
		static const char *const fields[2] = {
			"source_report", "counterfactual_report"
		};
		static const char *const prefix[2] = {
			"source_", "counterfactual_"
		};

		st->nside = 2;
		for (i = 0; i < 2; i++) {
			st->side[i].field = fields[i];
			st->side[i].key = sfb_str_join3(prefix[i], val, "");
			st->side[i].ev_key = sfb_str_join3(prefix[i], val, "_evidence");
			ok &= st->side[i].key != NULL && st->side[i].ev_key != NULL;
		}
		st->diff_key[0] = sfb_str_join3(base, sev ? "_shift" : "_abs_diff", "");
		st->diff_key[1] = sfb_str_join3(base, sev ? "_abs_diff" : "_ratio", "");
		ok &= st->diff_key[0] != NULL && st->diff_key[1] != NULL;
	}
	ok &= st->side[0].key != NULL && st->side[0].ev_key != NULL;
	if (ok && st->count != NULL && st->first != NULL)
		return st;
fail:
	sfb_secstage_free(st);
	return NULL;
}

void
sfb_secstage_free(struct sfb_secstage *st)
{
	size_t i;

	if (st == NULL)
		return;
	for (i = 0; i < MAXSIDE; i++) {
		free(st->side[i].key);
		free(st->side[i].ev_key);
	}
	free(st->diff_key[0]);
	free(st->diff_key[1]);
	free(st->count);
	free(st->first);
	sfb_kw_free(st->kw);
	sfb_buf_free(&st->text);
	sfb_buf_free(&st->vals);
	sfb_buf_free(&st->ev);
	free(st);
}

void *
sfb_secstage_make(void *opts)
{
	return sfb_secstage_new(opts);
}

void
sfb_secstage_drop(void *st)
{
	sfb_secstage_free(st);
}

static int
put_long(struct sfb_buf *b, long long v)
{
	char tmp[32];
	int n = snprintf(tmp, sizeof tmp, "%lld", v);

	return sfb_buf_put(b, tmp, (size_t)n);
}

static int
put_real(struct sfb_buf *b, double v)
{
	char tmp[SFB_NUM_MAX];

	return sfb_buf_put(b, tmp, sfb_num_repr(v, tmp));
}

/* Registry names and keywords are plain ASCII without quotes or
 * backslashes, so they are written as is. */
static int
put_quoted(struct sfb_buf *b, const char *s)
{
	return sfb_buf_putc(b, '"') | sfb_buf_puts(b, s) | sfb_buf_putc(b, '"');
}

static int
put_span(struct sfb_buf *b, const struct sfb_kw_hit *h)
{
	return sfb_buf_puts(b, ", \"start\": ") | put_long(b, (long long)h->start) |
	    sfb_buf_puts(b, ", \"end\": ") | put_long(b, (long long)h->end);
}

/* Severity: the top score; with evidence, the leftmost match of a term of
 * that score ({"score", "term", "start", "end"}, or null for 0). */
static int
severity(struct sfb_secstage *st, const unsigned char *s, size_t n, int json,
    long long *score, struct sfb_buf *ev)
{
	const struct sfb_kw *kw = st->kw;
	uint32_t mask;
	size_t k, best = (size_t)-1;

	if (ev == NULL) {
		mask = sfb_kw_match_json(kw, s, n);
		*score = mask ? 32 - __builtin_clz(mask) : 0;
		return 0;
	}
	mask = sfb_kw_count(kw, s, n, json, st->count, st->first);
	*score = mask ? 32 - __builtin_clz(mask) : 0;
	if (*score == 0)
		return sfb_buf_puts(ev, "null");
	for (k = 0; k < sfb_kw_nkw(kw); k++)
		if (st->count[k] && sfb_kw_kw_cat(kw, k) == (size_t)(*score - 1) &&
		    (best == (size_t)-1 || st->first[k].start < st->first[best].start))
			best = k;
	return sfb_buf_puts(ev, "{\"score\": ") | put_long(ev, *score) |
	    sfb_buf_puts(ev, ", \"term\": ") |
	    put_quoted(ev, sfb_kw_synonym(kw, (size_t)(*score - 1),
	    sfb_kw_kw_syn(kw, best))) | put_span(ev, &st->first[best]) |
	    sfb_buf_putc(ev, '}');
}

/* Hedging: the sum of the patterns' match counts; with evidence, each
 * pattern that matched ({"pattern", "count", "start", "end"}, start and
 * end of its leftmost match), in the reference's pattern order. */
static int
hedging(struct sfb_secstage *st, const unsigned char *s, size_t n, int json,
    long long *total, struct sfb_buf *ev)
{
	const struct sfb_kw *kw = st->kw;
	size_t k, nk = sfb_kw_nkw(kw), c, nc = sfb_kw_ncat(kw);
	int r = 0, first = 1;

	sfb_kw_count(kw, s, n, json, st->count, ev ? st->first : NULL);
	*total = 0;
	for (k = 0; k < nk; k++)
		*total += st->count[k];
	if (ev == NULL)
		return 0;
	r |= sfb_buf_putc(ev, '[');
	for (c = 0; c < nc; c++) {
		long long cnt = 0;
		size_t lm = (size_t)-1;

		for (k = 0; k < nk; k++) {
			if (sfb_kw_kw_cat(kw, k) != c || st->count[k] == 0)
				continue;
			cnt += st->count[k];
			if (lm == (size_t)-1 || st->first[k].start < st->first[lm].start)
				lm = k;
		}
		if (cnt == 0)
			continue;
		if (!first)
			r |= sfb_buf_put(ev, ", ", 2);
		first = 0;
		r |= sfb_buf_puts(ev, "{\"pattern\": ") |
		    put_quoted(ev, sfb_kw_name(kw, c)) |
		    sfb_buf_puts(ev, ", \"count\": ") | put_long(ev, cnt) |
		    put_span(ev, &st->first[lm]) | sfb_buf_putc(ev, '}');
	}
	return r | sfb_buf_putc(ev, ']');
}

int
sfb_secstage_rec(void *ctx, const struct sfb_obj *rec, struct sfb_buf *out,
    struct sfb_err *err)
{
	struct sfb_secstage *st = ctx;
	const struct sfb_secstage_opts *o = st->o;
	struct sfb_kv kv[MAXKEYS];
	size_t off[MAXKEYS + 1], i, nkv = 0;
	long long v[MAXSIDE];
	int r = 0;

	st->vals.len = 0;
	for (i = 0; i < st->nside; i++) {
		const struct side *sd = &st->side[i];
		const struct sfb_member *m;
		enum sfb_jtype t;
		const unsigned char *text;
		size_t n;
		int json = 0;
		struct sfb_buf *ev = o->evidence ? &st->ev : NULL;

		m = sfb_obj_get(rec, sd->field, strlen(sd->field));
		t = sfb_json_type(m ? &m->val : NULL);
		if (t != SFB_JSTRING)
			return sfb_err_set(err, SFB_EXIT_USAGE,
			    t == SFB_JNONE ? "missing field \"%s\"" :
			    "field \"%s\" is %s, not a string", sd->field,
			    sfb_json_type_name(t));
		text = (const unsigned char *)m->val.p + 1;
		n = m->val.n - 2;
		/* Evidence offsets are into the decoded text; without
		 * evidence the escaped text is matched as it is. */
		if (!o->evidence)
			json = 1;
		else if (memchr(text, '\\', n) != NULL) {
			st->text.len = 0;
			if (sfb_json_str_decode(&m->val, &st->text) < 0)
				goto oom;
			text = (const unsigned char *)st->text.p;
			n = st->text.len;
		}
		st->ev.len = 0;
		if (o->kind == SFB_SEC_SEVERITY)
			r |= severity(st, text, n, json, &v[i], ev);
		else
			r |= hedging(st, text, n, json, &v[i], ev);
		off[nkv] = st->vals.len;
		r |= put_long(&st->vals, v[i]);
		kv[nkv].key = sd->key;
		kv[nkv++].klen = strlen(sd->key);
		if (ev != NULL) {
			off[nkv] = st->vals.len;
			r |= sfb_buf_put(&st->vals, st->ev.p, st->ev.len);
			kv[nkv].key = sd->ev_key;
			kv[nkv++].klen = strlen(sd->ev_key);
		}
	}
	if (st->nside == 2) {
		long long d = v[0] - v[1], ad = d < 0 ? -d : d;

		off[nkv] = st->vals.len;
		if (o->kind == SFB_SEC_SEVERITY)
			r |= put_long(&st->vals, d);
		else
			r |= put_long(&st->vals, ad);
		kv[nkv].key = st->diff_key[0];
		kv[nkv++].klen = strlen(st->diff_key[0]);
		off[nkv] = st->vals.len;
		if (o->kind == SFB_SEC_SEVERITY)
			r |= put_long(&st->vals, ad);
		else if (v[0] == 0 && v[1] == 0)
			r |= sfb_buf_puts(&st->vals, "1.0");
		else if (v[0] == 0 || v[1] == 0)
			r |= sfb_buf_puts(&st->vals, "0.0");
		else
			r |= put_real(&st->vals, (double)(v[0] < v[1] ? v[0] : v[1]) /
			    (double)(v[0] < v[1] ? v[1] : v[0]));
		kv[nkv].key = st->diff_key[1];
		kv[nkv++].klen = strlen(st->diff_key[1]);
	}
	if (r)
		goto oom;
	off[nkv] = st->vals.len;
	/* vals may have moved while growing: point into it only now. */
	for (i = 0; i < nkv; i++) {
		kv[i].val = st->vals.p + off[i];
		kv[i].vlen = off[i + 1] - off[i];
	}
	if ((o->ndrop ? sfb_obj_splice_drop(rec, kv, nkv, o->drop, o->ndrop,
	    out) : sfb_obj_splice(rec, kv, nkv, out)) < 0)
		goto oom;
	return 0;
oom:
	return sfb_err_set(err, SFB_EXIT_USAGE, "out of memory");
}
