/*
 * A set of byte-string ids numbered in order of first appearance (see
 * idtab.h).
 */
#include <stdlib.h>
#include <string.h>

#include "core/idtab.h"

void
sfb_idtab_free(struct sfb_idtab *t)
{
	free(t->ids);
	free(t->off);
	free(t->len);
	free(t->slot);
}

/* FNV-1a; ids are short and this runs once per record. */
static uint64_t
hash_id(const char *s, size_t len)
{
	uint64_t h = 0xcbf29ce484222325ULL;
	size_t i;

	for (i = 0; i < len; i++) {
		h ^= (unsigned char)s[i];
		h *= 0x100000001b3ULL;
	}
	return h;
}

static int
idtab_rehash(struct sfb_idtab *t, size_t nslot)
{
	uint32_t *slot = calloc(nslot, sizeof *slot);
	size_t i;

	if (slot == NULL)
		return -1;
	for (i = 0; i < t->n; i++) {
		size_t h = (size_t)hash_id(t->ids + t->off[i], t->len[i]) & (nslot - 1);

		while (slot[h] != 0)
			h = (h + 1) & (nslot - 1);
		slot[h] = (uint32_t)(i + 1);
	}
	free(t->slot);
	t->slot = slot;
	t->nslot = nslot;
	return 0;
}

long long
sfb_idtab_find(struct sfb_idtab *t, const char *id, size_t len, int *added)
{
	size_t h;

	*added = 0;
	if (t->nslot == 0 && idtab_rehash(t, 64) < 0)
		return -1;
	h = (size_t)hash_id(id, len) & (t->nslot - 1);
	for (; t->slot[h] != 0; h = (h + 1) & (t->nslot - 1)) {
		size_t k = t->slot[h] - 1;

		if (t->len[k] == len && (len == 0 || memcmp(t->ids + t->off[k], id, len) == 0))
			return (long long)k;
	}
	if (t->n >= UINT32_MAX - 1)
		return -1;
	if (t->n == t->cap) {
		size_t cap = t->cap ? t->cap * 2 : 64;
		size_t *off = realloc(t->off, cap * sizeof *off), *ln;

		if (off == NULL)
			return -1;
		t->off = off;
		if ((ln = realloc(t->len, cap * sizeof *ln)) == NULL)
			return -1;
		t->len = ln;
		t->cap = cap;
	}
	if (len > t->idcap - t->idlen) {
		size_t cap = t->idcap ? t->idcap : 1024;
		char *ids;

		while (len > cap - t->idlen)
			cap *= 2;
		if ((ids = realloc(t->ids, cap)) == NULL)
			return -1;
		t->ids = ids;
		t->idcap = cap;
	}
	if (len > 0)
		memcpy(t->ids + t->idlen, id, len);
	if ((t->n + 1) * 2 > t->nslot) {
		if (idtab_rehash(t, t->nslot * 2) < 0)
			return -1;
		h = (size_t)hash_id(id, len) & (t->nslot - 1);
		while (t->slot[h] != 0)
			h = (h + 1) & (t->nslot - 1);
	}
	t->off[t->n] = t->idlen;
	t->len[t->n] = len;
	t->idlen += len;
	t->slot[h] = (uint32_t)(t->n + 1);
	t->n++;
	*added = 1;
	return (long long)(t->n - 1);
}


static int
cmp_order(const void *pa, const void *pb)
{
	const struct sfb_idorder *a = pa, *b = pb;
	size_t n = a->len < b->len ? a->len : b->len;
	int c = n ? memcmp(a->id, b->id, n) : 0;

	if (c != 0)
		return c;
	return (a->len > b->len) - (a->len < b->len);
}

struct sfb_idorder *
sfb_idtab_sorted(const struct sfb_idtab *t)
{
	struct sfb_idorder *ord = malloc((t->n ? t->n : 1) * sizeof *ord);
	size_t k;

	if (ord == NULL)
		return NULL;
	for (k = 0; k < t->n; k++) {
		ord[k].id = t->ids + t->off[k];
		ord[k].len = t->len[k];
		ord[k].k = k;
	}
	qsort(ord, t->n, sizeof *ord, cmp_order);
	return ord;
}
