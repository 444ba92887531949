/* pair.c - per-report rows to pair records with the reference's checks. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/json.h"
#include "bundle/pair.h"
#include "core/pyrepr.h"
#include "core/ucd.h"

enum { ROLE_SOURCE = 1, ROLE_GENERATED = 2 };

/* Decoded text: points into a document when the token has no escape,
 * otherwise into the arena. */
struct str {
	const char *p;
	size_t n;
};

struct row {
	struct str model, pid;		/* decoded */
	struct sfb_span mtok, ptok;	/* raw tokens of model and pair_id */
	struct sfb_span resp;		/* raw response token */
	struct sfb_span psid, sid;	/* pair_source_id, source_id; p NULL when absent */
	size_t mid;			/* model number; its rank once sorted */
	size_t seq;			/* row number over all documents */
	size_t off;			/* offset of the row in its document */
	unsigned doc;
	int role;
};

struct pair {
	size_t src, gen;		/* indexes into rows */
	struct str source_id;
};

/* A fault of one row, kept until the input is read (the reference reports
 * a JSON fault anywhere before any row fault). */
struct rowfault {
	int set;
	size_t seq, off;
	unsigned doc;
	struct sfb_buf msg;
};

struct block {
	struct block *next;
	size_t used, cap;
	char data[];
};

struct sfb_pairer {
	const char *model;
	size_t mlen;
	struct sfb_span *docs;		/* the text of each document */
	struct sfb_buf *owned;		/* its storage, empty when borrowed */
	const char **names;
	size_t ndocs;
	struct row *rows;
	size_t nrows, caprows;
	size_t seq;
	struct rowfault fault;
	struct block *arena;
	struct pair *pairs;
	size_t npairs;
	struct str *models;		/* distinct model names, in order of sight */
	size_t nmodels, capmodels;
	struct sfb_obj obj;
	struct sfb_buf tmp;
};

#define BLOCK_SIZE (64 * 1024)

static char *
arena_alloc(struct sfb_pairer *pp, size_t n)
{
	struct block *b = pp->arena;

	if (!b || b->cap - b->used < n) {
		size_t cap = n > BLOCK_SIZE ? n : BLOCK_SIZE;

		if (!(b = malloc(sizeof *b + cap)))
			return NULL;
		b->used = 0;
		b->cap = cap;
		b->next = pp->arena;
		pp->arena = b;
	}
	b->used += n;
	return b->data + b->used - n;
}

struct sfb_pairer *
sfb_pairer_new(const char *model, size_t mlen)
{
	struct sfb_pairer *pp = calloc(1, sizeof *pp);

	if (!pp)
		return NULL;
	pp->model = model;
	pp->mlen = mlen;
	return pp;
}

void
sfb_pairer_free(struct sfb_pairer *pp)
{
	size_t i;

	if (!pp)
		return;
	for (i = 0; i < pp->ndocs; i++)
		sfb_buf_free(&pp->owned[i]);
	while (pp->arena) {
		struct block *b = pp->arena;

		pp->arena = b->next;
		free(b);
	}
	free(pp->docs);
	free(pp->owned);
	free(pp->names);
	free(pp->rows);
	free(pp->pairs);
	free(pp->models);
	sfb_buf_free(&pp->fault.msg);
	sfb_buf_free(&pp->tmp);
	sfb_obj_free(&pp->obj);
	free(pp);
}

/* Decode a validated string token; -1 when out of memory. */
static int
decode(struct sfb_pairer *pp, const struct sfb_span *tok, struct str *s)
{
	char *p;

	if (!memchr(tok->p + 1, '\\', tok->n - 2)) {
		s->p = tok->p + 1;
		s->n = tok->n - 2;
		return 0;
	}
	pp->tmp.len = 0;
	if (sfb_json_str_decode(tok, &pp->tmp) < 0 ||
	    !(p = arena_alloc(pp, pp->tmp.len ? pp->tmp.len : 1)))
		return -1;
	memcpy(p, pp->tmp.p, pp->tmp.len);
	s->p = p;
	s->n = pp->tmp.len;
	return 0;
}

static int
str_eq(const struct str *a, const char *b, size_t n)
{
	return a->n == n && (n == 0 || memcmp(a->p, b, n) == 0);
}

/* Python truthiness of a JSON value (absent counts as None). */
static int
truthy(const struct sfb_span *v)
{
	const char *p;
	double d;

	switch (sfb_json_type(v)) {
	case SFB_JNONE: case SFB_JNULL: case SFB_JFALSE:
		return 0;
	case SFB_JTRUE:
		return 1;
	case SFB_JSTRING:
		return v->n > 2;
	case SFB_JNUMBER:
		return sfb_json_num(v, &d) < 0 || d != 0;
	case SFB_JARRAY: case SFB_JOBJECT:
		for (p = v->p + 1; *p == ' ' || *p == '\t' || *p == '\n' ||
		    *p == '\r'; p++)
			;
		return *p != ']' && *p != '}';
	}
	return 0;
}

/* Is the string token empty after str.strip()?  -1 when out of memory. */
static int
blank(struct sfb_pairer *pp, const struct sfb_span *tok)
{
	const unsigned char *p = (const unsigned char *)tok->p + 1, *end;

	/* Almost every report starts with a plain character. */
	if (*p != '"' && *p != ' ' && *p != '\\' && *p < 0x80)
		return 0;
	pp->tmp.len = 0;
	if (sfb_json_str_decode(tok, &pp->tmp) < 0)
		return -1;
	p = (const unsigned char *)pp->tmp.p;
	end = p + pp->tmp.len;
	while (p < end) {
		size_t len;

		if (!sfb_ucd_isspace(sfb_utf8_next(p, (size_t)(end - p), &len)))
			return 0;
		p += len;
	}
	return 1;
}

static const struct sfb_span none = { NULL, 0 };

/* The row members the pairer reads, in the order of row_keys. */
enum { K_MODEL, K_ERROR, K_PAIR_ID, K_RESPONSE, K_ROLE, K_PAIR_SOURCE_ID,
	K_SOURCE_ID, NKEYS };

static const struct {
	const char *s;
	size_t n;
} row_keys[NKEYS] = {
	{ "model", 5 }, { "error", 5 }, { "pair_id", 7 }, { "response", 8 },
	{ "image_role", 10 }, { "pair_source_id", 14 }, { "source_id", 9 },
};

/* The values of the row_keys members of o (none when absent), in one pass
 * over its members: the last of a repeated key wins, as in Python's json. */
static void
row_members(const struct sfb_obj *o, struct sfb_span v[NKEYS])
{
	size_t i, k;

	for (k = 0; k < NKEYS; k++)
		v[k] = none;
	for (i = 0; i < o->n; i++) {
		const struct sfb_member *m = &o->m[i];

		for (k = 0; k < NKEYS; k++)
			if (sfb_json_key_eq(&m->key, m->key_escaped,
			    row_keys[k].s, row_keys[k].n)) {
				v[k] = m->val;
				break;
			}
	}
}

/* {m}: the model as the reference's f-string prints it. */
static int
put_model(const struct sfb_pairer *pp, struct sfb_buf *b,
    const struct sfb_span *mtok)
{
	if (pp->model)
		return sfb_buf_put(b, pp->model, pp->mlen);
	return sfb_pystr_json(b, mtok);
}

/* Record the first row fault: msg1, the model, msg2, then str(v1) and
 * repr(v2) when given (each preceded by ": "). */
static int
row_fault(struct sfb_pairer *pp, size_t seq, unsigned doc, size_t off,
    const char *msg, const struct sfb_span *mtok, const struct sfb_span *v1,
    const struct sfb_span *v2)
{
	struct rowfault *f = &pp->fault;
	struct sfb_buf *b = &f->msg;

	if (f->set && f->seq < seq)
		return 0;
	f->set = 1;
	f->seq = seq;
	f->doc = doc;
	f->off = off;
	b->len = 0;
	if (sfb_buf_puts(b, msg) < 0)
		return -1;
	if (mtok && (sfb_buf_put(b, ": ", 2) < 0 || put_model(pp, b, mtok) < 0))
		return -1;
	if (v1 && (sfb_buf_put(b, ": ", 2) < 0 || sfb_pystr_json(b, v1) < 0))
		return -1;
	if (v2 && (sfb_buf_put(b, ": ", 2) < 0 || sfb_pyrepr_json(b, v2) < 0))
		return -1;
	return 0;
}

static int
oom(struct sfb_err *err)
{
	return sfb_err_set(err, SFB_EXIT_USAGE, "out of memory");
}

/* The number of a model name, so that sorting and grouping compare
 * integers; (size_t)-1 when out of memory.  Panels hold a handful of
 * models, and rows of one model often come in runs. */
static size_t
model_id(struct sfb_pairer *pp, const struct str *m)
{
	size_t i;

	for (i = pp->nmodels; i-- > 0;)
		if (str_eq(&pp->models[i], m->p, m->n))
			return i;
	if (pp->nmodels == pp->capmodels) {
		size_t cap = pp->capmodels ? pp->capmodels * 2 : 16;
		struct str *nm = realloc(pp->models, cap * sizeof *nm);

		if (!nm)
			return (size_t)-1;
		pp->models = nm;
		pp->capmodels = cap;
	}
	pp->models[pp->nmodels] = *m;
	return pp->nmodels++;
}

/* One row object; only rows before the first row fault matter. */
static int
add_row(struct sfb_pairer *pp, unsigned doc, size_t off,
    const struct sfb_obj *o, struct sfb_err *err)
{
	struct sfb_span v[NKEYS], mtok, e, pid, resp, role;
	size_t seq = pp->seq++;
	struct row *r;
	struct str model, rs;
	size_t mid;
	int b;

	row_members(o, v);
	mtok = v[K_MODEL];
	if (sfb_json_type(&mtok) != SFB_JSTRING) {
		if (pp->model)
			return 0;
		return row_fault(pp, seq, doc, off,
		    "Report row without a model name", NULL, NULL, NULL) < 0 ?
		    oom(err) : 0;
	}
	if (pp->model) {
		/* The cheap comparison first: most rows are another model's. */
		if (!memchr(mtok.p + 1, '\\', mtok.n - 2) &&
		    (mtok.n - 2 != pp->mlen ||
		    memcmp(mtok.p + 1, pp->model, pp->mlen) != 0))
			return 0;
		if (decode(pp, &mtok, &model) < 0)
			return oom(err);
		if (!str_eq(&model, pp->model, pp->mlen))
			return 0;
	} else if (decode(pp, &mtok, &model) < 0)
		return oom(err);
	if ((mid = model_id(pp, &model)) == (size_t)-1)
		return oom(err);
	e = v[K_ERROR];
	pid = v[K_PAIR_ID];
	if (truthy(&e))
		return row_fault(pp, seq, doc, off,
		    "Unresolved evaluation error in retained export", &mtok,
		    &pid, NULL) < 0 ? oom(err) : 0;
	if (sfb_json_type(&pid) != SFB_JSTRING || pid.n == 2)
		return row_fault(pp, seq, doc, off,
		    "Missing pair_id in retained export", &mtok, NULL,
		    NULL) < 0 ? oom(err) : 0;
	resp = v[K_RESPONSE];
	b = sfb_json_type(&resp) == SFB_JSTRING ? blank(pp, &resp) : 1;
	if (b < 0)
		return oom(err);
	if (b)
		return row_fault(pp, seq, doc, off,
		    "Missing report text in retained export", &mtok, &pid,
		    NULL) < 0 ? oom(err) : 0;
	role = v[K_ROLE];
	b = 0;
	if (sfb_json_type(&role) == SFB_JSTRING) {
		if (decode(pp, &role, &rs) < 0)
			return oom(err);
		if (str_eq(&rs, "source", 6))
			b = ROLE_SOURCE;
		else if (str_eq(&rs, "generated", 9))
			b = ROLE_GENERATED;
	}
	if (!b)
		return row_fault(pp, seq, doc, off,
		    "Unknown report role in retained export", &mtok, &pid,
		    &role) < 0 ? oom(err) : 0;
	if (pp->nrows == pp->caprows) {
		size_t cap = pp->caprows ? pp->caprows * 2 : 1024;
		struct row *nr = realloc(pp->rows, cap * sizeof *nr);

		if (!nr)
			return oom(err);
		pp->rows = nr;
		pp->caprows = cap;
	}
	r = &pp->rows[pp->nrows];
	memset(r, 0, sizeof *r);
	r->model = model;
	r->mid = mid;
	r->mtok = mtok;
	r->ptok = pid;
	if (decode(pp, &pid, &r->pid) < 0)
		return oom(err);
	r->resp = resp;
	r->psid = v[K_PAIR_SOURCE_ID];
	r->sid = v[K_SOURCE_ID];
	r->seq = seq;
	r->off = off;
	r->doc = doc;
	r->role = b;
	pp->nrows++;
	return 0;
}

static int
json_fault(struct sfb_pairer *pp, unsigned doc, size_t off, const char *why,
    struct sfb_err *err)
{
	sfb_err_set(err, SFB_EXIT_USAGE, "%s", why);
	err->file = pp->names[doc];
	err->line = sfb_line_of(pp->docs[doc].p, off);
	return SFB_EXIT_USAGE;
}

static const char non_object[] =
    "evaluation_results.json contains a non-object row";

static int
read_array(struct sfb_pairer *pp, unsigned doc, struct sfb_err *err)
{
	const struct sfb_span *d = &pp->docs[doc];
	struct sfb_span elem;
	size_t pos = 0;
	const char *why;
	int r;

	while ((r = sfb_json_arr_step(d->p, d->n, &pos, &elem, &pp->obj,
	    &why)) == 1) {
		size_t off = (size_t)(elem.p - d->p);

		if (pp->fault.set)
			continue;
		if (elem.p[0] != '{') {
			if (row_fault(pp, pp->seq++, doc, off, non_object,
			    NULL, NULL, NULL) < 0)
				return oom(err);
		} else if ((r = add_row(pp, doc, off, &pp->obj, err)) != 0)
			return r;
	}
	return r < 0 ? json_fault(pp, doc, pos, why, err) : 0;
}

static int
read_lines(struct sfb_pairer *pp, unsigned doc, struct sfb_err *err)
{
	const struct sfb_span *d = &pp->docs[doc];
	const char *p = d->p, *end = d->p + d->n;

	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p)), *q;
		size_t len = (size_t)((nl ? nl : end) - p), off = (size_t)(p - d->p);
		const char *why;
		int r;

		if (len && p[len - 1] == '\r')
			len--;
		for (q = p; q < p + len && (*q == ' ' || *q == '\t' ||
		    *q == '\r'); q++)
			;
		if (q < p + len) {
			if (sfb_obj_parse(&pp->obj, p, len, &why) < 0) {
				if (strcmp(why, "not a JSON object") != 0)
					return json_fault(pp, doc, off, why, err);
				if (!pp->fault.set && row_fault(pp, pp->seq++,
				    doc, off, non_object, NULL, NULL, NULL) < 0)
					return oom(err);
			} else if (!pp->fault.set &&
			    (r = add_row(pp, doc, off, &pp->obj, err)) != 0)
				return r;
		}
		p = nl ? nl + 1 : end;
	}
	return 0;
}

/* Record document i (text s[0..n), storage own) and read its rows. */
static int
add_doc(struct sfb_pairer *pp, const char *s, size_t n, struct sfb_buf *own,
    const char *name, struct sfb_err *err)
{
	struct sfb_span *docs;
	struct sfb_buf *owned;
	const char **names, *p, *end;
	unsigned i;

	if (!(docs = realloc(pp->docs, (pp->ndocs + 1) * sizeof *docs)))
		return oom(err);
	pp->docs = docs;
	if (!(owned = realloc(pp->owned, (pp->ndocs + 1) * sizeof *owned)))
		return oom(err);
	pp->owned = owned;
	if (!(names = realloc(pp->names, (pp->ndocs + 1) * sizeof *names)))
		return oom(err);
	pp->names = names;
	i = (unsigned)pp->ndocs++;
	docs[i].p = s;
	docs[i].n = n;
	owned[i] = *own;
	names[i] = name;
	memset(own, 0, sizeof *own);
	if (!n)
		return 0;
	p = s;
	end = p + n;
	while (p < end && (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r'))
		p++;
	if (p < end && *p == '[')
		return read_array(pp, i, err);
	return read_lines(pp, i, err);
}

int
sfb_pairer_add(struct sfb_pairer *pp, struct sfb_buf *doc, const char *name,
    struct sfb_err *err)
{
	return add_doc(pp, doc->p, doc->len, doc, name, err);
}

int
sfb_pairer_add_text(struct sfb_pairer *pp, const char *s, size_t n,
    const char *name, struct sfb_err *err)
{
	struct sfb_buf none_owned = { 0 };

	return add_doc(pp, s, n, &none_owned, name, err);
}

static int
cmp_str(const struct str *a, const struct str *b)
{
	size_t n = a->n < b->n ? a->n : b->n;
	int c = n ? memcmp(a->p, b->p, n) : 0;

	if (c)
		return c;
	return a->n < b->n ? -1 : a->n > b->n;
}

static int
cmp_row(const void *x, const void *y)
{
	const struct row *a = x, *b = y;
	int c = a->mid < b->mid ? -1 : a->mid > b->mid;

	if (!c)
		c = cmp_str(&a->pid, &b->pid);
	if (!c)
		c = a->seq < b->seq ? -1 : a->seq > b->seq;
	return c;
}

static int
same_pair(const struct row *a, const struct row *b)
{
	return a->mid == b->mid && !cmp_str(&a->pid, &b->pid);
}

/* Fill err with a fault of row r: a, the model, b, then str(pair_id) when
 * with_pid. */
static int
fault_at(struct sfb_pairer *pp, const struct row *r, const char *a,
    const char *b, int with_pid, struct sfb_err *err)
{
	struct sfb_buf m = { 0 };

	if (sfb_buf_puts(&m, a) < 0 || put_model(pp, &m, &r->mtok) < 0 ||
	    sfb_buf_puts(&m, b) < 0 ||
	    (with_pid && sfb_pystr_json(&m, &r->ptok) < 0)) {
		sfb_buf_free(&m);
		return oom(err);
	}
	sfb_err_set(err, SFB_EXIT_USAGE, "%.*s", (int)m.len, m.p);
	err->file = pp->names[r->doc];
	err->line = sfb_line_of(pp->docs[r->doc].p, r->off);
	sfb_buf_free(&m);
	return SFB_EXIT_USAGE;
}

/* Python's row.get("pair_source_id") or row.get("source_id"). */
static const struct sfb_span *
declared(const struct row *r)
{
	return truthy(&r->psid) ? &r->psid : &r->sid;
}

/* Is v a string equal to s?  -1 when out of memory. */
static int
is_str(struct sfb_pairer *pp, const struct sfb_span *v, const struct str *s)
{
	struct str d;

	if (sfb_json_type(v) != SFB_JSTRING)
		return 0;
	if (decode(pp, v, &d) < 0)
		return -1;
	return str_eq(&d, s->p, s->n);
}

/* The reference's _source_id_for_record and its identity check for the
 * pair of rows src, gen.  Returns 1 when consistent, 0 if not, -1 on
 * memory exhaustion; *sid gets the source id. */
static int
check_identity(struct sfb_pairer *pp, const struct row *src,
    const struct row *gen, struct str *sid)
{
	const struct row *both[2] = { gen, src };
	const struct sfb_span *v;
	const char *cut;
	int i, k, r;

	sid->p = NULL;
	for (i = 0; i < 2 && !sid->p; i++) {
		v = declared(both[i]);
		if (sfb_json_type(v) == SFB_JSTRING && v->n > 2 &&
		    decode(pp, v, sid) < 0)
			return -1;
	}
	if (!sid->p) {
		*sid = gen->pid;
		for (cut = gen->pid.p; cut + 1 < gen->pid.p + gen->pid.n; cut++)
			if (cut[0] == '_' && cut[1] == '_') {
				sid->n = (size_t)(cut - gen->pid.p);
				break;
			}
	}
	for (i = 1; i >= 0; i--) {
		const struct row *row = both[i];
		const struct sfb_span *decl[2] = { &row->psid, &row->sid };

		if ((r = is_str(pp, declared(row), sid)) <= 0)
			return r;
		for (k = 0; k < 2; k++)
			if (truthy(decl[k]) && (r = is_str(pp, decl[k], sid)) <= 0)
				return r;
	}
	return gen->pid.n >= sid->n + 2 &&
	    (sid->n == 0 || memcmp(gen->pid.p, sid->p, sid->n) == 0) &&
	    gen->pid.p[sid->n] == '_' && gen->pid.p[sid->n + 1] == '_';
}

/* The checks after the row loop for rows[lo..hi), one model's rows, in
 * the reference's order; the model's pairs are appended to pp->pairs. */
static int
check_model(struct sfb_pairer *pp, size_t lo, size_t hi, struct sfb_err *err)
{
	const struct row *rows = pp->rows, *dup = NULL, *lone = NULL,
	    *bad = NULL;
	size_t i, j, k;
	int r;

	for (i = lo; i < hi; i = j) {
		const struct row *src = NULL, *gen = NULL;
		struct pair *pr;

		for (j = i; j < hi && cmp_str(&rows[j].pid, &rows[i].pid) == 0;
		    j++) {
			if (rows[j].role == ROLE_SOURCE)
				src = &rows[j];
			else if (!gen)
				gen = &rows[j];
			else if (!dup || rows[j].seq < dup->seq)
				dup = &rows[j];
		}
		if (!src || !gen) {
			for (k = i; k < j; k++)
				if (!lone || rows[k].seq < lone->seq)
					lone = &rows[k];
			continue;
		}
		pr = &pp->pairs[pp->npairs++];
		pr->src = (size_t)(src - rows);
		pr->gen = (size_t)(gen - rows);
		if ((r = check_identity(pp, src, gen, &pr->source_id)) < 0)
			return oom(err);
		if (!r && (!bad || src->seq < bad->seq))
			bad = src;
	}
	if (dup)
		return fault_at(pp, dup, "Duplicate pair_id in ",
		    " generated reports: ", 1, err);
	if (lone)
		return fault_at(pp, lone, "Unpaired retained reports: ", "", 0,
		    err);
	if (bad)
		return fault_at(pp, bad, "Inconsistent source cluster identity: ",
		    ": ", 1, err);
	return 0;
}

/* Turn each row's model number into the model's rank in code-point order. */
static int
rank_models(struct sfb_pairer *pp)
{
	size_t *order, *rank, i;

	if (!pp->nmodels)
		return 0;
	order = malloc(pp->nmodels * sizeof *order);
	rank = malloc(pp->nmodels * sizeof *rank);
	if (!order || !rank) {
		free(order);
		free(rank);
		return -1;
	}
	/* Insertion sort: a panel has a handful of models. */
	for (i = 0; i < pp->nmodels; i++) {
		size_t k = i;

		for (; k > 0 && cmp_str(&pp->models[order[k - 1]],
		    &pp->models[i]) > 0; k--)
			order[k] = order[k - 1];
		order[k] = i;
	}
	for (i = 0; i < pp->nmodels; i++)
		rank[order[i]] = i;
	for (i = 0; i < pp->nrows; i++)
		pp->rows[i].mid = rank[pp->rows[i].mid];
	free(order);
	free(rank);
	return 0;
}

/* Sort the rows by model, pair_id and input order.  Exports come grouped
 * by model, most often in pair_id order within each, so the rows are
 * dealt out by model first (keeping their order) and only a model whose
 * rows are then out of order is sorted. */
static int
sort_rows(struct sfb_pairer *pp)
{
	size_t *next, i, j, k;
	struct row *sorted;

	if (!(next = calloc(pp->nmodels + 1, sizeof *next)))
		return -1;
	if (!(sorted = malloc((pp->nrows ? pp->nrows : 1) * sizeof *sorted))) {
		free(next);
		return -1;
	}
	for (i = 0; i < pp->nrows; i++)
		next[pp->rows[i].mid + 1]++;
	for (k = 1; k <= pp->nmodels; k++)
		next[k] += next[k - 1];
	for (i = 0; i < pp->nrows; i++)
		sorted[next[pp->rows[i].mid]++] = pp->rows[i];
	free(pp->rows);
	free(next);
	pp->rows = sorted;
	pp->caprows = pp->nrows;
	for (i = 0; i < pp->nrows; i = j) {
		int in_order = 1;

		for (j = i + 1; j < pp->nrows && sorted[j].mid == sorted[i].mid;
		    j++)
			if (in_order && cmp_row(&sorted[j - 1], &sorted[j]) > 0)
				in_order = 0;
		if (!in_order)
			qsort(sorted + i, j - i, sizeof *sorted, cmp_row);
	}
	return 0;
}

int
sfb_pairer_finish(struct sfb_pairer *pp, struct sfb_err *err)
{
	const struct row *dupsrc = NULL;
	size_t i, j;
	int r;

	if (rank_models(pp) != 0 || sort_rows(pp) != 0)
		return oom(err);
	/* A second source row is a fault of that row, in input order. */
	for (i = 0; i < pp->nrows; i = j) {
		int nsrc = 0;

		for (j = i; j < pp->nrows && same_pair(&pp->rows[i],
		    &pp->rows[j]); j++)
			if (pp->rows[j].role == ROLE_SOURCE && ++nsrc == 2 &&
			    (!dupsrc || pp->rows[j].seq < dupsrc->seq))
				dupsrc = &pp->rows[j];
	}
	if (dupsrc && (!pp->fault.set || dupsrc->seq < pp->fault.seq))
		return fault_at(pp, dupsrc, "Duplicate source report: ", ": ", 1,
		    err);
	if (pp->fault.set) {
		struct rowfault *f = &pp->fault;

		sfb_err_set(err, SFB_EXIT_USAGE, "%.*s", (int)f->msg.len,
		    f->msg.p);
		err->file = pp->names[f->doc];
		err->line = sfb_line_of(pp->docs[f->doc].p, f->off);
		return SFB_EXIT_USAGE;
	}
	if (pp->model && pp->nrows == 0) {
		sfb_err_set(err, SFB_EXIT_USAGE, "No report rows for model %.*s",
		    (int)pp->mlen, pp->model);
		return SFB_EXIT_USAGE;
	}
	if (!(pp->pairs = malloc((pp->nrows / 2 + 1) * sizeof *pp->pairs)))
		return oom(err);
	for (i = 0; i < pp->nrows; i = j) {
		for (j = i; j < pp->nrows &&
		    pp->rows[j].mid == pp->rows[i].mid; j++)
			;
		if ((r = check_model(pp, i, j, err)) != 0)
			return r;
	}
	return 0;
}

size_t
sfb_pairer_count(const struct sfb_pairer *pp)
{
	return pp->npairs;
}

/* Append a validated string token re-escaped the way
 * sfb_json_str_encode(..., ensure_ascii=0) writes its decoded text, in one
 * pass: runs without a backslash are copied, and only escapes change (a
 * released export escapes every non-ASCII character). */
static int
put_reescaped(struct sfb_buf *out, const struct sfb_span *tok)
{
	static const char hexd[] = "0123456789abcdef";
	const char *p = tok->p, *end = tok->p + tok->n - 1, *q, *run = p;

	if (sfb_buf_reserve(out, tok->n) < 0)
		return -1;
	while ((q = memchr(p, '\\', (size_t)(end - p))) != NULL) {
		uint32_t cp;
		char u[6];
		size_t n = 0, adv;

		p = q + 2;
		/* \" \\ \b \f \n \r \t are already the encoder's: copied
		 * with the text around them. */
		if (q[1] != 'u' && q[1] != '/')
			continue;
		if (sfb_buf_put(out, run, (size_t)(q - run)) < 0)
			return -1;
		switch (q[1]) {
		case '/':
			u[n++] = '/';
			break;
		case 'u':
			cp = sfb_json_esc(q, (size_t)(end - q), &adv);
			p = q + adv;
			if (cp == '"' || cp == '\\') {
				u[n++] = '\\';
				u[n++] = (char)cp;
			} else if (cp < 0x20 || (cp >= 0xD800 && cp < 0xE000)) {
				/* Control characters and lone surrogates stay
				 * escaped, in the encoder's form. */
				const char *sh = cp == '\b' ? "b" : cp == '\t' ?
				    "t" : cp == '\n' ? "n" : cp == '\f' ? "f" :
				    cp == '\r' ? "r" : NULL;

				u[n++] = '\\';
				if (sh)
					u[n++] = *sh;
				else {
					u[n++] = 'u';
					u[n++] = hexd[cp >> 12 & 15];
					u[n++] = hexd[cp >> 8 & 15];
					u[n++] = hexd[cp >> 4 & 15];
					u[n++] = hexd[cp & 15];
				}
			} else {
				n = sfb_utf8_put(cp, (unsigned char *)u);
			}
			break;
		}
		if (sfb_buf_put(out, u, n) < 0)
			return -1;
		run = p;
	}
	return sfb_buf_put(out, run, (size_t)(end - run + 1));
}

static int
put_text(struct sfb_buf *out, const char *key, const char *s, size_t n)
{
	if (sfb_buf_puts(out, key) < 0)
		return -1;
	return sfb_json_str_encode(out, s, n, 0);
}

static int
put_token(struct sfb_buf *out, const char *key, const struct sfb_span *tok)
{
	if (sfb_buf_puts(out, key) < 0)
		return -1;
	return put_reescaped(out, tok);
}

size_t
sfb_pairer_gen_row(const struct sfb_pairer *pp, size_t i)
{
	return pp->rows[pp->pairs[i].gen].seq;
}

int
sfb_pairer_put(const struct sfb_pairer *pp, size_t i, struct sfb_buf *out)
{
	const struct pair *pr = &pp->pairs[i];
	const struct row *s = &pp->rows[pr->src], *g = &pp->rows[pr->gen];
	const char *edit = g->pid.p, *end = g->pid.p + g->pid.n;

	while (edit + 1 < end && !(edit[0] == '_' && edit[1] == '_'))
		edit++;
	edit = edit + 1 < end ? edit + 2 : end;
	if (put_token(out, "{\"model\": ", &g->mtok) < 0 ||
	    put_token(out, ", \"pair_id\": ", &g->ptok) < 0 ||
	    put_text(out, ", \"source_id\": ", pr->source_id.p,
	    pr->source_id.n) < 0 ||
	    put_text(out, ", \"edit_label\": ", edit, (size_t)(end - edit)) < 0 ||
	    put_token(out, ", \"source_report\": ", &s->resp) < 0 ||
	    put_token(out, ", \"counterfactual_report\": ", &g->resp) < 0)
		return -1;
	return sfb_buf_put(out, "}\n", 2);
}
