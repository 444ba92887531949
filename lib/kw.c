/* kw.c - whole-word keyword matching with Python's lower() and \b.
 *
 * One left-to-right pass over the original bytes.  Every keyword starts
 * and ends with a word character, so a match can only start where a word
 * starts in the lowered text; there the keyword trie is walked.  ASCII is
 * lowered and classified by table; only non-ASCII code points are decoded
 * and looked up (sfb_ucd_lower, sfb_ucd_isword), which is exact because
 * the lowered text is never materialised: each original code point stands
 * for its 1-3 lowered code points.  Per tests/gen/gen_ucd.py, the only
 * non-ASCII code points whose lowercase form holds ASCII are U+0130 (i +
 * U+0307) and U+212A (k), and only U+0130 lowers to several code points,
 * with the ASCII first; so a match always starts at the first lowered code
 * point of an original one, and [start, end) maps back to whole original
 * code points.
 */
#include <stdlib.h>
#include <string.h>

#include "kw.h"
#include "ucd.h"

#include "registry_labels.h"
#include "registry_recs.h"

#define NSYM 32
#define MAXKW 64
#define MAXCAT 32

enum { C_NONWORD, C_WORD, C_NONASCII };

struct node {
	uint16_t next[NSYM];    /* 0: no edge (the root is never a target) */
	uint64_t term;          /* keywords ending here */
};

struct sfb_kw {
	const struct sfb_kw_registry *reg;
	size_t nkw;
	uint8_t kw_cat[MAXKW];
	uint8_t kw_syn[MAXKW];
	uint32_t all;
	uint8_t cls[256];
	uint8_t sym[128];       /* lowered ASCII byte -> trie symbol, 0 dead */
	size_t order[MAXCAT];
	struct node *nodes;
	size_t nnodes;
};

static const struct sfb_kw_registry registries[] = {
	[SFB_KW_LABELS] = {labels_cats,
	    sizeof labels_cats / sizeof labels_cats[0]},
	[SFB_KW_LABELS_STRICT] = {labels_strict_cats,
	    sizeof labels_strict_cats / sizeof labels_strict_cats[0]},
	[SFB_KW_RECS] = {recs_cats, sizeof recs_cats / sizeof recs_cats[0]},
};

const struct sfb_kw_registry *
sfb_kw_registry_get(enum sfb_kw_set set)
{
	if ((size_t)set >= sizeof registries / sizeof registries[0])
		return NULL;
	return &registries[set];
}

static int
kw_valid(const char *s)
{
	size_t i, len = strlen(s);

	if (len == 0 || !sfb_ucd_isword((unsigned char)s[0]) ||
	    !sfb_ucd_isword((unsigned char)s[len - 1]))
		return 0;
	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c >= 0x80 || c < 0x20 || (c >= 'A' && c <= 'Z'))
			return 0;
	}
	return 1;
}

static int
trie_add(struct sfb_kw *kw, const char *s, size_t k, size_t *cap)
{
	size_t node = 0;

	for (; *s; s++) {
		unsigned c = (unsigned char)*s;
		size_t nx;

		if (kw->sym[c] == 0) {
			unsigned nsym = 0, i;

			for (i = 0; i < 128; i++)
				if (kw->sym[i] > nsym)
					nsym = kw->sym[i];
			if (nsym + 1 >= NSYM)
				return -1;
			kw->sym[c] = (uint8_t)(nsym + 1);
			if (c >= 'a' && c <= 'z')
				kw->sym[c - 32] = kw->sym[c];
		}
		nx = kw->nodes[node].next[kw->sym[c]];
		if (nx == 0) {
			if (kw->nnodes == *cap) {
				struct node *p;

				if (*cap >= 65535)
					return -1;
				*cap = *cap * 2 > 65535 ? 65535 : *cap * 2;
				p = realloc(kw->nodes, *cap * sizeof *p);
				if (p == NULL)
					return -1;
				kw->nodes = p;
			}
			nx = kw->nnodes++;
			memset(&kw->nodes[nx], 0, sizeof kw->nodes[nx]);
			kw->nodes[node].next[kw->sym[c]] = (uint16_t)nx;
		}
		node = nx;
	}
	kw->nodes[node].term |= (uint64_t)1 << k;
	return 0;
}

struct sfb_kw *
sfb_kw_new(const struct sfb_kw_registry *reg)
{
	struct sfb_kw *kw;
	size_t c, s, i, j, cap = 64;

	if (reg == NULL || reg->ncat == 0 || reg->ncat > MAXCAT)
		return NULL;
	kw = calloc(1, sizeof *kw);
	if (kw == NULL)
		return NULL;
	kw->reg = reg;
	kw->nodes = calloc(cap, sizeof *kw->nodes);
	if (kw->nodes == NULL)
		goto fail;
	kw->nnodes = 1;
	for (i = 0; i < 256; i++)
		kw->cls[i] = i >= 0x80 ? C_NONASCII :
		    sfb_ucd_isword((uint32_t)i) ? C_WORD : C_NONWORD;
	for (c = 0; c < reg->ncat; c++) {
		for (s = 0; reg->cats[c].synonyms[s] != NULL; s++) {
			const char *k = reg->cats[c].synonyms[s];

			if (kw->nkw == MAXKW || !kw_valid(k) ||
			    trie_add(kw, k, kw->nkw, &cap) != 0)
				goto fail;
			kw->kw_cat[kw->nkw] = (uint8_t)c;
			kw->kw_syn[kw->nkw] = (uint8_t)s;
			kw->nkw++;
		}
		kw->all |= (uint32_t)1 << c;
	}
	for (c = 0; c < reg->ncat; c++) {
		for (j = c; j > 0 && strcmp(reg->cats[kw->order[j - 1]].name,
		    reg->cats[c].name) > 0; j--)
			kw->order[j] = kw->order[j - 1];
		kw->order[j] = c;
	}
	return kw;
fail:
	sfb_kw_free(kw);
	return NULL;
}

void
sfb_kw_free(struct sfb_kw *kw)
{
	if (kw == NULL)
		return;
	free(kw->nodes);
	free(kw);
}

size_t
sfb_kw_ncat(const struct sfb_kw *kw)
{
	return kw->reg->ncat;
}

const char *
sfb_kw_name(const struct sfb_kw *kw, size_t cat)
{
	return kw->reg->cats[cat].name;
}

const char *
sfb_kw_synonym(const struct sfb_kw *kw, size_t cat, size_t syn)
{
	return kw->reg->cats[cat].synonyms[syn];
}

const size_t *
sfb_kw_sorted(const struct sfb_kw *kw)
{
	return kw->order;
}

struct scan {
	uint32_t cats;
	uint64_t seen;
	size_t start[MAXKW];
	size_t end[MAXKW];
};

/* Is the first lowered code point at byte j a word character? */
static int
word_at(const struct sfb_kw *kw, const unsigned char *s, size_t n, size_t j)
{
	uint32_t low[3];
	size_t adv;

	if (j >= n)
		return 0;
	if (s[j] < 0x80)
		return kw->cls[s[j]] == C_WORD;
	sfb_ucd_lower(sfb_utf8_next(s + j, n - j, &adv), low);
	return sfb_ucd_isword(low[0]);
}

static void
record(const struct sfb_kw *kw, struct scan *st, uint64_t term, size_t p,
    size_t e)
{
	term &= ~st->seen;
	st->seen |= term;
	while (term) {
		size_t k = (size_t)__builtin_ctzll(term);

		term &= term - 1;
		st->start[k] = p;
		st->end[k] = e;
		st->cats |= (uint32_t)1 << kw->kw_cat[k];
	}
}

/* Walk the trie from a word start at byte p. */
static void
try_at(const struct sfb_kw *kw, struct scan *st, const unsigned char *s,
    size_t n, size_t p)
{
	const struct node *nodes = kw->nodes;
	size_t node = 0, j = p;

	while (j < n) {
		unsigned b = s[j];

		if (b < 0x80) {
			node = nodes[node].next[kw->sym[b]];
			if (node == 0)
				return;
			j++;
			if (nodes[node].term && !word_at(kw, s, n, j))
				record(kw, st, nodes[node].term, p, j);
		} else {
			uint32_t low[3];
			size_t adv, ln, k;

			ln = sfb_ucd_lower(sfb_utf8_next(s + j, n - j, &adv),
			    low);
			for (k = 0; k < ln; k++) {
				int next_word;

				if (low[k] >= 0x80)
					return;
				node = nodes[node].next[kw->sym[low[k]]];
				if (node == 0)
					return;
				if (!nodes[node].term)
					continue;
				next_word = k + 1 < ln ?
				    sfb_ucd_isword(low[k + 1]) :
				    word_at(kw, s, n, j + adv);
				if (!next_word)
					record(kw, st, nodes[node].term, p,
					    j + adv);
			}
			j += adv;
		}
	}
}

uint32_t
sfb_kw_match(const struct sfb_kw *kw, const unsigned char *s, size_t n,
    struct sfb_kw_hit *hits)
{
	struct scan st;
	const uint16_t *root = kw->nodes[0].next;
	size_t i = 0, k;
	int prev_word = 0;

	st.cats = 0;
	st.seen = 0;
	while (i < n) {
		unsigned c = kw->cls[s[i]];

		if (c == C_WORD) {
			if (!prev_word && root[kw->sym[s[i]]]) {
				try_at(kw, &st, s, n, i);
				if (hits == NULL && st.cats == kw->all)
					return st.cats;
			}
			i++;
			while (i < n && kw->cls[s[i]] == C_WORD)
				i++;
			prev_word = 1;
		} else if (c == C_NONWORD) {
			i++;
			while (i < n && kw->cls[s[i]] == C_NONWORD)
				i++;
			prev_word = 0;
		} else {
			uint32_t low[3];
			size_t adv, ln;

			ln = sfb_ucd_lower(sfb_utf8_next(s + i, n - i, &adv),
			    low);
			if (!prev_word && low[0] < 0x80 && root[kw->sym[low[0]]]) {
				try_at(kw, &st, s, n, i);
				if (hits == NULL && st.cats == kw->all)
					return st.cats;
			}
			prev_word = sfb_ucd_isword(low[ln - 1]);
			i += adv;
		}
	}
	if (hits != NULL) {
		/* Keywords are numbered in registry order, so the lowest
		 * seen keyword of a category is its first synonym. */
		uint32_t done = 0;

		for (k = 0; k < kw->nkw; k++) {
			uint32_t bit = (uint32_t)1 << kw->kw_cat[k];

			if (!(st.seen & ((uint64_t)1 << k)) || (done & bit))
				continue;
			done |= bit;
			hits[kw->kw_cat[k]].start = st.start[k];
			hits[kw->kw_cat[k]].end = st.end[k];
			hits[kw->kw_cat[k]].synonym = kw->kw_syn[k];
		}
	}
	return st.cats;
}
