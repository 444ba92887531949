/*
 * A set of byte-string ids numbered in order of first appearance: an
 * arena of the ids and an open-addressing hash table of their numbers.
 * It serves the clusters and groups of the bootstrap and the groups and
 * categories of the other reducers.
 *
 * Ownership: the table copies the ids it is given; a zeroed struct is an
 * empty table and sfb_idtab_free releases everything.
 */
#ifndef SFB_IDTAB_H
#define SFB_IDTAB_H

#include <stddef.h>
#include <stdint.h>

struct sfb_idtab {
	char *ids;		/* arena */
	size_t idlen, idcap;
	size_t *off, *len;	/* [n] where each id is in the arena */
	size_t n, cap;
	uint32_t *slot;		/* id numbers + 1, 0 = empty */
	size_t nslot;		/* power of two, at least twice n */
};

void sfb_idtab_free(struct sfb_idtab *t);

/*
 * The number of id, adding it if new (then *added is set and t->cap may
 * have grown: callers grow their own per-id arrays to it).  -1 when out
 * of memory or out of numbers.
 */
long long sfb_idtab_find(struct sfb_idtab *t, const char *id, size_t len,
    int *added);

/* An id and its number, for walking the ids in order. */
struct sfb_idorder {
	const char *id;
	size_t len;
	size_t k;
};

/* The ids in code-point (byte) order; NULL when out of memory.  The
 * caller frees the array; its ids point into the table. */
struct sfb_idorder *sfb_idtab_sorted(const struct sfb_idtab *t);

#endif
