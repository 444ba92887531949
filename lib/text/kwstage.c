/* kwstage.c - the keyword stages' per-record work: text fields in,
 * category arrays (and evidence) spliced out. */
#include <stdlib.h>
#include <string.h>

#include "text/kwstage.h"

#define MAXSIDE 2
#define ITEM 32         /* bytes of an item's fixed-size copy */

struct side {
	const char *field;      /* input text field */
	char *key;              /* output key */
	char *ev_key;           /* evidence key */
	size_t nfield, nkey, nev_key;   /* their lengths, once */
};

struct sfb_kwstage {
	struct sfb_kw *kw;
	int evidence;
	size_t nside;
	struct side side[MAXSIDE];
	struct sfb_buf text;    /* decoded text of escaped fields */
	struct sfb_buf vals;    /* the values to splice in */
	/* The array items: ", \"NAME\"" for each category in output order,
	 * its ", " left out before the first item. */
	struct sfb_buf items;
	size_t item_off[33];
	/* The same items, each in ITEM bytes, for put_labels_fixed; fixed
	 * is 0 when one is longer than ITEM (put_labels writes them). */
	int fixed;
	uint8_t item_len[32];
	char item_fix[32][ITEM];
};

/* Keys: single mode writes KEY (default out_key) and, with evidence,
 * KEY_evidence (default ev_key); pair mode prefixes "source_" and
 * "counterfactual_" to both. */
static int
side_init(struct side *sd, const char *field, const char *prefix,
    const struct sfb_kwstage_opts *o)
{
	sd->field = field;
	if (o->key != NULL) {
		sd->key = sfb_str_join3(prefix, o->key, "");
		sd->ev_key = sfb_str_join3(prefix, o->key, "_evidence");
	} else {
		sd->key = sfb_str_join3(prefix, o->out_key, "");
		sd->ev_key = sfb_str_join3(prefix, o->ev_key, "");
	}
	if (sd->key == NULL || sd->ev_key == NULL)
		return -1;
	sd->nfield = strlen(field);
	sd->nkey = strlen(sd->key);
	sd->nev_key = strlen(sd->ev_key);
	return 0;
}

/* Category names are plain ASCII without quotes or backslashes (checked
 * by the unit test), so they are written as is. */
static int
items_init(struct sfb_kwstage *st, int plain)
{
	const size_t *order = sfb_kw_sorted(st->kw);
	size_t i, nc = sfb_kw_ncat(st->kw);
	int r = 0;

	for (i = 0; i < nc; i++) {
		st->item_off[i] = st->items.len;
		r |= sfb_buf_puts(&st->items, ", \"");
		r |= sfb_buf_puts(&st->items, sfb_kw_name(st->kw, order[i]));
		r |= sfb_buf_putc(&st->items, '"');
	}
	st->item_off[nc] = st->items.len;
	st->fixed = !plain;
	for (i = 0; i < nc && r == 0 && st->fixed; i++) {
		size_t len = st->item_off[i + 1] - st->item_off[i];

		if (len > ITEM) {
			st->fixed = 0;
			break;
		}
		st->item_len[i] = (uint8_t)len;
		memcpy(st->item_fix[i], st->items.p + st->item_off[i], len);
	}
	return r;
}

struct sfb_kwstage *
sfb_kwstage_new(const struct sfb_kwstage_opts *o)
{
	struct sfb_kwstage *st = calloc(1, sizeof *st);
	int r;

	if (st == NULL)
		return NULL;
	st->kw = sfb_kw_new(sfb_kw_registry_get(o->set));
	st->evidence = o->evidence;
	if (o->field != NULL) {
		st->nside = 1;
		r = side_init(&st->side[0], o->field, "", o);
	} else {
		st->nside = 2;
		r = side_init(&st->side[0], "source_report", "source_", o);
		r |= side_init(&st->side[1], "counterfactual_report",
		    "counterfactual_", o);
	}
	if (st->kw == NULL || r != 0 || items_init(st, o->plain) != 0) {
		sfb_kwstage_free(st);
		return NULL;
	}
	return st;
}

void
sfb_kwstage_free(struct sfb_kwstage *st)
{
	size_t i;

	if (st == NULL)
		return;
	for (i = 0; i < MAXSIDE; i++) {
		free(st->side[i].key);
		free(st->side[i].ev_key);
	}
	sfb_kw_free(st->kw);
	sfb_buf_free(&st->text);
	sfb_buf_free(&st->vals);
	sfb_buf_free(&st->items);
	free(st);
}

void *
sfb_kwstage_make(void *opts)
{
	return sfb_kwstage_new(opts);
}

void
sfb_kwstage_drop(void *st)
{
	sfb_kwstage_free(st);
}

/* Names and synonyms, as for items_init. */
static int
put_quoted(struct sfb_buf *b, const char *s)
{
	return sfb_buf_putc(b, '"') | sfb_buf_puts(b, s) | sfb_buf_putc(b, '"');
}

static int
put_labels(const struct sfb_kwstage *st, uint32_t mask, struct sfb_buf *b)
{
	const size_t *order = sfb_kw_sorted(st->kw);
	size_t i, nc = sfb_kw_ncat(st->kw), skip = 2;
	int r = sfb_buf_putc(b, '[');

	for (i = 0; i < nc; i++) {
		if (!(mask >> order[i] & 1))
			continue;
		r |= sfb_buf_put(b, st->items.p + st->item_off[i] + skip,
		    st->item_off[i + 1] - st->item_off[i] - skip);
		skip = 0;
	}
	return r | sfb_buf_putc(b, ']');
}

/* put_labels without a branch on which categories are present (too
 * random to predict), nor a copy of varying length: each item's ITEM
 * bytes are copied after the last present one, which moves on by its
 * length only if the item is present.  The items are written after a
 * '[' at *beg, each with its ", "; with one at least, the first one's
 * space becomes the '[' and *beg moves to it, leaving two bytes before
 * the value (the caller takes the value from *beg). */
static int
put_labels_fixed(const struct sfb_kwstage *st, uint32_t mask,
    struct sfb_buf *b, size_t *beg)
{
	const size_t *order = sfb_kw_sorted(st->kw);
	size_t i, nc = sfb_kw_ncat(st->kw), start, q;

	if (sfb_buf_reserve(b, 2 + ITEM * nc) < 0)
		return -1;
	start = b->len;
	q = start + 1;
	for (i = 0; i < nc; i++) {
		memcpy(b->p + q, st->item_fix[i], ITEM);
		q += st->item_len[i] & ((size_t)0 - (mask >> order[i] & 1));
	}
	start += 2 * (size_t)(q != start + 1);
	b->p[start] = '[';
	b->p[q] = ']';
	b->len = q + 1;
	*beg = start;
	return 0;
}

static int
put_evidence(const struct sfb_kw *kw, uint32_t mask,
    const struct sfb_kw_hit *hits, struct sfb_buf *b)
{
	const size_t *order = sfb_kw_sorted(kw);
	size_t i, nc = sfb_kw_ncat(kw);
	int r = sfb_buf_putc(b, '['), first = 1;

	for (i = 0; i < nc; i++) {
		size_t c = order[i];

		if (!(mask >> c & 1))
			continue;
		if (!first)
			r |= sfb_buf_put(b, ", ", 2);
		r |= sfb_buf_puts(b, "{\"category\": ");
		r |= put_quoted(b, sfb_kw_name(kw, c));
		r |= sfb_buf_puts(b, ", \"synonym\": ");
		r |= put_quoted(b, sfb_kw_synonym(kw, c, hits[c].synonym));
		r |= sfb_buf_puts(b, ", \"start\": ");
		r |= sfb_buf_putsize(b, hits[c].start);
		r |= sfb_buf_puts(b, ", \"end\": ");
		r |= sfb_buf_putsize(b, hits[c].end);
		r |= sfb_buf_putc(b, '}');
		first = 0;
	}
	return r | sfb_buf_putc(b, ']');
}

int
sfb_kwstage_rec(void *ctx, const struct sfb_obj *rec, struct sfb_buf *out,
    struct sfb_err *err)
{
	struct sfb_kwstage *st = ctx;
	struct sfb_kw_hit hits[32];
	struct sfb_kv kv[2 * MAXSIDE];
	size_t beg[2 * MAXSIDE], end[2 * MAXSIDE], i, nkv = 0;
	int r = 0;

	st->vals.len = 0;
	for (i = 0; i < st->nside; i++) {
		const struct side *sd = &st->side[i];
		const struct sfb_member *m;
		enum sfb_jtype t;
		const unsigned char *text;
		size_t n;
		uint32_t mask;

		m = sfb_obj_get(rec, sd->field, sd->nfield);
		t = sfb_json_type(m ? &m->val : NULL);
		if (t != SFB_JSTRING)
			return sfb_err_set(err, SFB_EXIT_USAGE,
			    t == SFB_JNONE ? "missing field \"%s\"" :
			    "field \"%s\" is %s, not a string", sd->field,
			    sfb_json_type_name(t));
		/* Without evidence (whose offsets are into the decoded
		 * text) the escaped text is matched as it is. */
		if (!st->evidence) {
			mask = sfb_kw_match_json(st->kw,
			    (const unsigned char *)m->val.p + 1, m->val.n - 2);
		} else if (memchr(m->val.p + 1, '\\', m->val.n - 2) == NULL) {
			mask = sfb_kw_match(st->kw,
			    (const unsigned char *)m->val.p + 1, m->val.n - 2,
			    hits);
		} else {
			st->text.len = 0;
			if (sfb_json_str_decode(&m->val, &st->text) < 0)
				goto oom;
			text = (const unsigned char *)st->text.p;
			n = st->text.len;
			mask = sfb_kw_match(st->kw, text, n, hits);
		}
		beg[nkv] = st->vals.len;
		if (st->fixed)
			r |= put_labels_fixed(st, mask, &st->vals, &beg[nkv]);
		else
			r |= put_labels(st, mask, &st->vals);
		end[nkv] = st->vals.len;
		kv[nkv].key = sd->key;
		kv[nkv++].klen = sd->nkey;
		if (st->evidence) {
			beg[nkv] = st->vals.len;
			r |= put_evidence(st->kw, mask, hits, &st->vals);
			end[nkv] = st->vals.len;
			kv[nkv].key = sd->ev_key;
			kv[nkv++].klen = sd->nev_key;
		}
		if (r)
			goto oom;
	}
	/* vals may have moved while growing: point into it only now. */
	for (i = 0; i < nkv; i++) {
		kv[i].val = st->vals.p + beg[i];
		kv[i].vlen = end[i] - beg[i];
	}
	if (sfb_obj_splice(rec, kv, nkv, out) < 0)
		goto oom;
	return 0;
oom:
	return sfb_err_set(err, SFB_EXIT_USAGE, "out of memory");
}
