/* pyjson.c - a value tree serialised the way Python's json.dumps does it. */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/num.h"
#include "core/pyjson.h"

enum pytype { PY_NULL, PY_FALSE, PY_TRUE, PY_INT, PY_FLOAT, PY_STR,
	PY_ARR, PY_OBJ };

struct member {
	const char *key;
	size_t klen;
	struct sfb_pyval *val;
};

struct sfb_pyval {
	enum pytype t;
	double f;
	const char *s;		/* string bytes, or an integer's digits */
	size_t n;		/* their length; element count of a container */
	size_t cap;
	struct sfb_pyval **elem;	/* array elements */
	struct member *mem;	/* object members, in insertion order */
};

/* Values and strings live in chunks freed together. */
struct chunk {
	struct chunk *next;
	size_t used, size;
	max_align_t data[];
};

struct sfb_pyjson {
	struct chunk *chunks;
	int failed;
	struct sfb_pyval placeholder;
};

struct sfb_pyjson *
sfb_pyjson_new(void)
{
	return calloc(1, sizeof(struct sfb_pyjson));
}

void
sfb_pyjson_free(struct sfb_pyjson *d)
{
	struct chunk *c, *next;

	if (!d)
		return;
	for (c = d->chunks; c; c = next) {
		next = c->next;
		free(c);
	}
	free(d);
}

static void *
alloc(struct sfb_pyjson *d, size_t n)
{
	struct chunk *c = d->chunks;
	size_t a = sizeof(max_align_t);
	void *p;

	n = (n + a - 1) / a * a;
	if (!c || c->size - c->used < n) {
		size_t size = n > 65536 ? n : 65536;

		if (!(c = malloc(sizeof *c + size))) {
			d->failed = 1;
			return NULL;
		}
		c->size = size;
		c->used = 0;
		c->next = d->chunks;
		d->chunks = c;
	}
	p = (char *)c->data + c->used;
	c->used += n;
	return p;
}

static struct sfb_pyval *
newval(struct sfb_pyjson *d, enum pytype t)
{
	struct sfb_pyval *v = alloc(d, sizeof *v);

	if (!v) {
		d->placeholder.t = PY_NULL;
		return &d->placeholder;
	}
	memset(v, 0, sizeof *v);
	v->t = t;
	return v;
}

static const char *
copy(struct sfb_pyjson *d, const char *s, size_t n)
{
	char *p = alloc(d, n ? n : 1);

	if (p && n)
		memcpy(p, s, n);
	return p;
}

struct sfb_pyval *
sfb_pyjson_object(struct sfb_pyjson *d)
{
	return newval(d, PY_OBJ);
}

struct sfb_pyval *
sfb_pyjson_array(struct sfb_pyjson *d)
{
	return newval(d, PY_ARR);
}

struct sfb_pyval *
sfb_pyjson_string(struct sfb_pyjson *d, const char *s, size_t n)
{
	struct sfb_pyval *v = newval(d, PY_STR);

	if (v != &d->placeholder) {
		v->s = copy(d, s, n);
		v->n = n;
		if (!v->s)
			v->t = PY_NULL;
	}
	return v;
}

static struct sfb_pyval *
intval(struct sfb_pyjson *d, const char *digits, size_t n)
{
	struct sfb_pyval *v = newval(d, PY_INT);

	if (v != &d->placeholder) {
		v->s = copy(d, digits, n);
		v->n = n;
		if (!v->s)
			v->t = PY_NULL;
	}
	return v;
}

struct sfb_pyval *
sfb_pyjson_int(struct sfb_pyjson *d, long long x)
{
	char b[32];

	return intval(d, b, (size_t)snprintf(b, sizeof b, "%lld", x));
}

struct sfb_pyval *
sfb_pyjson_uint(struct sfb_pyjson *d, unsigned long long x)
{
	char b[32];

	return intval(d, b, (size_t)snprintf(b, sizeof b, "%llu", x));
}

struct sfb_pyval *
sfb_pyjson_float(struct sfb_pyjson *d, double x)
{
	struct sfb_pyval *v = newval(d, PY_FLOAT);

	if (v != &d->placeholder)
		v->f = x;
	return v;
}

struct sfb_pyval *
sfb_pyjson_bool(struct sfb_pyjson *d, int x)
{
	return newval(d, x ? PY_TRUE : PY_FALSE);
}

struct sfb_pyval *
sfb_pyjson_null(struct sfb_pyjson *d)
{
	return newval(d, PY_NULL);
}

/* Grow a container's array inside the arena: the old copy is left behind,
 * which at most doubles the space containers take. */
static int
grow(struct sfb_pyjson *d, void **arr, size_t n, size_t *cap, size_t elsize)
{
	size_t ncap = *cap ? *cap * 2 : 8;
	void *p = alloc(d, ncap * elsize);

	if (!p)
		return -1;
	if (n)
		memcpy(p, *arr, n * elsize);
	*arr = p;
	*cap = ncap;
	return 0;
}

void
sfb_pyjson_set(struct sfb_pyjson *d, struct sfb_pyval *obj, const char *key,
    size_t klen, struct sfb_pyval *val)
{
	const char *k;

	if (obj->t != PY_OBJ || obj == &d->placeholder)
		return;
	if (obj->n == obj->cap &&
	    grow(d, (void **)&obj->mem, obj->n, &obj->cap,
	    sizeof *obj->mem) < 0)
		return;
	if (!(k = copy(d, key, klen)))
		return;
	obj->mem[obj->n].key = k;
	obj->mem[obj->n].klen = klen;
	obj->mem[obj->n].val = val;
	obj->n++;
}

void
sfb_pyjson_push(struct sfb_pyjson *d, struct sfb_pyval *arr,
    struct sfb_pyval *val)
{
	if (arr->t != PY_ARR || arr == &d->placeholder)
		return;
	if (arr->n == arr->cap &&
	    grow(d, (void **)&arr->elem, arr->n, &arr->cap,
	    sizeof *arr->elem) < 0)
		return;
	arr->elem[arr->n++] = val;
}

/* A JSON string token (quotes included) decoded into d. */
static int
decode(struct sfb_pyjson *d, const struct sfb_span *tok, const char **s,
    size_t *n)
{
	struct sfb_buf b = { 0 };

	if (sfb_json_str_decode(tok, &b) < 0) {
		d->failed = 1;
		return -1;
	}
	*s = copy(d, b.p, b.len);
	*n = b.len;
	sfb_buf_free(&b);
	return *s ? 0 : -1;
}

struct sfb_pyval *
sfb_pyjson_raw(struct sfb_pyjson *d, const struct sfb_span *tok)
{
	struct sfb_pyval *v;
	struct sfb_span k, e;
	size_t pos = 0, i;
	const char *s;
	double x = 0;
	size_t n;

	switch (sfb_json_type(tok)) {
	case SFB_JNULL:
		return sfb_pyjson_null(d);
	case SFB_JTRUE:
		return sfb_pyjson_bool(d, 1);
	case SFB_JFALSE:
		return sfb_pyjson_bool(d, 0);
	case SFB_JSTRING:
		if (decode(d, tok, &s, &n) < 0)
			return sfb_pyjson_null(d);
		v = newval(d, PY_STR);
		if (v != &d->placeholder) {
			v->s = s;
			v->n = n;
		}
		return v;
	case SFB_JARRAY:
		v = sfb_pyjson_array(d);
		while (sfb_json_arr_next(tok, &pos, &e))
			sfb_pyjson_push(d, v, sfb_pyjson_raw(d, &e));
		return v;
	case SFB_JOBJECT:
		v = sfb_pyjson_object(d);
		while (sfb_json_obj_next(tok, &pos, &k, &e)) {
			k.p--;
			k.n += 2;
			if (decode(d, &k, &s, &n) < 0)
				break;
			sfb_pyjson_set(d, v, s, n, sfb_pyjson_raw(d, &e));
		}
		return v;
	case SFB_JNUMBER:
		for (i = 0; i < tok->n; i++)
			if (tok->p[i] == '.' || tok->p[i] == 'e' ||
			    tok->p[i] == 'E')
				break;
		if (i == tok->n) {
			/* Python's int(): every digit kept; "-0" is 0. */
			if (tok->n == 2 && tok->p[0] == '-' && tok->p[1] == '0')
				return intval(d, "0", 1);
			return intval(d, tok->p, tok->n);
		}
		/* float(): correctly rounded, overflowing to infinity. */
		sfb_json_num(tok, &x);
		return sfb_pyjson_float(d, x);
	default:
		return sfb_pyjson_null(d);
	}
}

static int
keycmp(const void *a, const void *b)
{
	const struct member *x = *(const struct member *const *)a;
	const struct member *y = *(const struct member *const *)b;
	size_t n = x->klen < y->klen ? x->klen : y->klen;
	int c = n ? memcmp(x->key, y->key, n) : 0;

	if (c)
		return c;
	if (x->klen != y->klen)
		return x->klen < y->klen ? -1 : 1;
	/* Equal keys: insertion order, so the last one can win. */
	return x < y ? -1 : x > y;
}

static int
newline(struct sfb_buf *out, int indent, int level)
{
	size_t n = (size_t)indent * (size_t)level;

	if (sfb_buf_putc(out, '\n') < 0 || sfb_buf_reserve(out, n) < 0)
		return -1;
	memset(out->p + out->len, ' ', n);
	out->len += n;
	return 0;
}

static int
dump(const struct sfb_pyval *v, int indent, int level, struct sfb_buf *out)
{
	char num[SFB_NUM_MAX];
	size_t i, j, m;

	switch (v->t) {
	case PY_NULL:
		return sfb_buf_puts(out, "null");
	case PY_FALSE:
		return sfb_buf_puts(out, "false");
	case PY_TRUE:
		return sfb_buf_puts(out, "true");
	case PY_INT:
		return sfb_buf_put(out, v->s, v->n);
	case PY_FLOAT:
		return sfb_buf_put(out, num, sfb_num_repr(v->f, num));
	case PY_STR:
		return sfb_json_str_encode(out, v->s, v->n, 1);
	case PY_ARR:
		if (!v->n)
			return sfb_buf_puts(out, "[]");
		if (sfb_buf_putc(out, '[') < 0)
			return -1;
		for (i = 0; i < v->n; i++) {
			if ((i && sfb_buf_putc(out, ',') < 0) ||
			    newline(out, indent, level + 1) < 0 ||
			    dump(v->elem[i], indent, level + 1, out) < 0)
				return -1;
		}
		if (newline(out, indent, level) < 0)
			return -1;
		return sfb_buf_putc(out, ']');
	case PY_OBJ: {
		const struct member **ord;
		int r = 0, first = 1;

		if (!v->n)
			return sfb_buf_puts(out, "{}");
		if (!(ord = malloc(v->n * sizeof *ord)))
			return -1;
		for (i = 0; i < v->n; i++)
			ord[i] = &v->mem[i];
		qsort(ord, v->n, sizeof *ord, keycmp);
		r = sfb_buf_putc(out, '{');
		for (i = 0; r == 0 && i < v->n; i = j) {
			/* A run of equal keys: the last inserted value wins. */
			for (j = i + 1; j < v->n && ord[j]->klen == ord[i]->klen &&
			    (!ord[i]->klen || memcmp(ord[j]->key, ord[i]->key,
			    ord[i]->klen) == 0); j++)
				;
			m = j - 1;
			if ((!first && sfb_buf_putc(out, ',') < 0) ||
			    newline(out, indent, level + 1) < 0 ||
			    sfb_json_str_encode(out, ord[m]->key, ord[m]->klen,
			    1) < 0 || sfb_buf_put(out, ": ", 2) < 0 ||
			    dump(ord[m]->val, indent, level + 1, out) < 0)
				r = -1;
			first = 0;
		}
		free(ord);
		if (r == 0 && newline(out, indent, level) < 0)
			r = -1;
		return r ? r : sfb_buf_putc(out, '}');
	}
	}
	return -1;
}

int
sfb_pyjson_dump(struct sfb_pyjson *d, const struct sfb_pyval *v, int indent,
    struct sfb_buf *out)
{
	if (d->failed)
		return -1;
	return dump(v, indent, 0, out);
}
