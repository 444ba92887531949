/* truth.c - pairs.json's pathology labels by source, and the unmatched
 * share of a report's labels (SPEC 13.3). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "bundle/truth.h"
#include "text/kw.h"

struct ent {
	char *id;               /* decoded source_id; NULL: empty slot */
	size_t n;
	uint16_t mask;
};

struct sfb_truth_tab {
	struct ent *e;
	size_t cap, used;
	size_t with_key, nonempty;      /* entries with the key; non-empty lists */
};

static uint64_t
hash(const char *s, size_t n)
{
	uint64_t h = 1469598103934665603ULL;
	size_t i;

	for (i = 0; i < n; i++)
		h = (h ^ (unsigned char)s[i]) * 1099511628211ULL;
	return h;
}

static struct ent *
slot(const struct sfb_truth_tab *t, const char *id, size_t n)
{
	size_t i = (size_t)hash(id, n) & (t->cap - 1);

	while (t->e[i].id != NULL &&
	    (t->e[i].n != n || memcmp(t->e[i].id, id, n) != 0))
		i = (i + 1) & (t->cap - 1);
	return &t->e[i];
}

static int
grow(struct sfb_truth_tab *t)
{
	struct sfb_truth_tab nt = *t;
	size_t i;

	nt.cap = t->cap ? t->cap * 2 : 64;
	nt.e = calloc(nt.cap, sizeof *nt.e);
	if (nt.e == NULL)
		return -1;
	for (i = 0; i < t->cap; i++)
		if (t->e[i].id != NULL)
			*slot(&nt, t->e[i].id, t->e[i].n) = t->e[i];
	free(t->e);
	*t = nt;
	return 0;
}

static int
put(struct sfb_truth_tab *t, const char *id, size_t n, uint16_t mask)
{
	struct ent *e;

	if ((t->used + 1) * 2 > t->cap && grow(t) < 0)
		return -1;
	e = slot(t, id, n);
	if (e->id == NULL) {
		if ((e->id = malloc(n ? n : 1)) == NULL)
			return -1;
		memcpy(e->id, id, n);
		e->n = n;
		t->used++;
	}
	e->mask = mask;
	return 0;
}

/* The index an element stands for in Python's `i in range(13)`, or -1. */
static int
index_of(const struct sfb_span *v)
{
	double d;
	size_t i;

	switch (sfb_json_type(v)) {
	case SFB_JTRUE:
		return 1;
	case SFB_JFALSE:
		return 0;
	case SFB_JNUMBER:
		break;
	default:
		return -1;
	}
	for (i = 0; i < v->n; i++)
		if (v->p[i] == '.' || v->p[i] == 'e' || v->p[i] == 'E')
			break;
	if (i == v->n) {	/* an integer: exact, however long */
		const char *p = v->p;
		size_t k = v->n;

		if (*p == '-') {
			p++;
			k--;
			return k == 1 && *p == '0' ? 0 : -1;
		}
		if (k == 1)
			return *p - '0';
		if (k == 2 && p[0] == '1' && p[1] <= '2')
			return 10 + p[1] - '0';
		return -1;
	}
	if (sfb_json_num(v, &d) < 0 || !(d >= 0 && d <= 12) || d != floor(d))
		return -1;
	return (int)d;
}

struct sfb_truth_tab *
sfb_truth_tab_load(const char *doc, size_t n, const char *name,
    struct sfb_err *err)
{
	struct sfb_truth_tab *t = calloc(1, sizeof *t);
	struct sfb_obj obj = { 0 };
	struct sfb_buf id = { 0 };
	struct sfb_span elem, v;
	const struct sfb_member *sid, *lab;
	const char *why;
	size_t pos = 0, ap;
	int r, i;

	if (t == NULL || grow(t) < 0)
		goto oom;
	while ((r = sfb_json_arr_step(doc, n, &pos, &elem, &obj, &why)) == 1) {
		uint16_t mask = 0;

		if (elem.p[0] != '{')
			continue;
		sid = sfb_obj_get(&obj, "source_id", 9);
		lab = sfb_obj_get(&obj, "pathology_labels", 16);
		if (sid == NULL || lab == NULL ||
		    sfb_json_type(&sid->val) != SFB_JSTRING || sid->val.n == 2)
			continue;
		if (sfb_json_type(&lab->val) != SFB_JARRAY) {
			sfb_err_set(err, SFB_EXIT_USAGE,
			    "pathology_labels is %s, not an array",
			    sfb_json_type_name(sfb_json_type(&lab->val)));
			err->file = name;
			err->line = sfb_line_of(doc, (size_t)(lab->val.p - doc));
			goto fail;
		}
		id.len = 0;
		if (sfb_json_str_decode(&sid->val, &id) < 0)
			goto oom;
		ap = 0;
		t->with_key++;
		if (lab->val.n > 2 && sfb_json_arr_next(&lab->val, &ap, &v)) {
			t->nonempty++;
			do {
				if ((i = index_of(&v)) >= 0)
					mask |= (uint16_t)(1u << i);
			} while (sfb_json_arr_next(&lab->val, &ap, &v));
		}
		if (put(t, id.p ? id.p : "", id.len, mask) < 0)
			goto oom;
	}
	if (r < 0) {
		sfb_err_set(err, SFB_EXIT_USAGE, "%s", why);
		err->file = name;
		err->line = sfb_line_of(doc, pos);
		goto fail;
	}
	sfb_obj_free(&obj);
	sfb_buf_free(&id);
	return t;
oom:
	sfb_err_set(err, SFB_EXIT_USAGE, "out of memory");
fail:
	sfb_obj_free(&obj);
	sfb_buf_free(&id);
	sfb_truth_tab_free(t);
	return NULL;
}

void
sfb_truth_tab_free(struct sfb_truth_tab *t)
{
	size_t i;

	if (t == NULL)
		return;
	for (i = 0; i < t->cap; i++)
		free(t->e[i].id);
	free(t->e);
	free(t);
}

int
sfb_truth_tab_all_empty(const struct sfb_truth_tab *t)
{
	return t->with_key > 0 && t->nonempty == 0;
}

int
sfb_truth_tab_get(const struct sfb_truth_tab *t, const char *id, size_t n,
    uint16_t *mask)
{
	const struct ent *e = slot(t, id, n);

	if (e->id == NULL)
		return 0;
	*mask = e->mask;
	return 1;
}

int
sfb_truth_put_names(struct sfb_buf *out, uint16_t mask)
{
	const struct sfb_kw_registry *reg = sfb_kw_registry_get(SFB_KW_LABELS);
	const char *v[SFB_TRUTH_NCAT], *tmp;
	int i, j, k = 0, r;

	for (i = 0; i < SFB_TRUTH_NCAT; i++)
		if (mask >> i & 1) {
			for (j = k++; j > 0 && strcmp(v[j - 1], reg->cats[i].name) > 0; j--)
				v[j] = v[j - 1];
			v[j] = reg->cats[i].name;
		}
	r = sfb_buf_putc(out, '[');
	for (i = 0; i < k; i++) {
		tmp = v[i];
		if (i)
			r |= sfb_buf_put(out, ", ", 2);
		r |= sfb_json_str_encode(out, tmp, strlen(tmp), 0);
	}
	return r | sfb_buf_putc(out, ']');
}

/* ---- the hallucination fraction ---- */

struct sfb_halluc {
	struct sfb_buf text;    /* decoded strings, back to back */
	size_t *off;            /* start of string i; off[n] the end */
	size_t cap;
};

struct sfb_halluc *
sfb_halluc_new(void)
{
	return calloc(1, sizeof(struct sfb_halluc));
}

void
sfb_halluc_free(struct sfb_halluc *h)
{
	if (h == NULL)
		return;
	sfb_buf_free(&h->text);
	free(h->off);
	free(h);
}

/* Decode the strings of arr after those already held; returns the new
 * count, -1 (out of memory) or -2 with *bad set (not a string). */
static long
decode_all(struct sfb_halluc *h, const struct sfb_span *arr, size_t have,
    size_t *bad)
{
	struct sfb_span v;
	size_t pos = 0, i = 0;

	while (sfb_json_arr_next(arr, &pos, &v)) {
		if (sfb_json_type(&v) != SFB_JSTRING) {
			*bad = i;
			return -2;
		}
		if (have + 2 > h->cap) {
			size_t nc = h->cap ? h->cap * 2 : 32;
			size_t *p = realloc(h->off, nc * sizeof *p);

			if (p == NULL)
				return -1;
			h->off = p;
			h->cap = nc;
		}
		if (sfb_json_str_decode(&v, &h->text) < 0)
			return -1;
		h->off[++have] = h->text.len;
		i++;
	}
	return (long)have;
}

static int
same(const struct sfb_halluc *h, size_t a, size_t b)
{
	size_t na = h->off[a + 1] - h->off[a], nb = h->off[b + 1] - h->off[b];

	return na == nb && memcmp(h->text.p + h->off[a], h->text.p + h->off[b],
	    na) == 0;
}

static int
no_finding(const struct sfb_halluc *h, size_t a)
{
	return h->off[a + 1] - h->off[a] == 10 &&
	    memcmp(h->text.p + h->off[a], "No finding", 10) == 0;
}

int
sfb_halluc_fraction(struct sfb_halluc *h, const struct sfb_span *labels,
    const struct sfb_span *truth, double *f, size_t *bad)
{
	long np, ng;
	size_t a, b, p = 0, miss = 0;

	h->text.len = 0;
	if (h->cap < 2) {
		if ((h->off = malloc(32 * sizeof *h->off)) == NULL)
			return -1;
		h->cap = 32;
	}
	h->off[0] = 0;
	if ((np = decode_all(h, labels, 0, bad)) < 0)
		return np == -1 ? -1 : 1;
	if ((ng = decode_all(h, truth, (size_t)np, bad)) < 0)
		return ng == -1 ? -1 : 2;
	for (a = 0; a < (size_t)np; a++) {
		int dup = no_finding(h, a), hit = 0;

		for (b = 0; b < a && !dup; b++)
			dup = same(h, a, b);
		if (dup)
			continue;
		p++;
		for (b = (size_t)np; b < (size_t)ng && !hit; b++)
			hit = same(h, a, b);
		miss += !hit;
	}
	*f = p ? (double)miss / (double)p : 0.0;
	return 0;
}
