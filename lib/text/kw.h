/* kw.h - the frozen keyword registries and their whole-word matcher.
 *
 * sfb_kw_match gives, for one text, exactly the categories the reference
 * finds with re.search(r"\b" + re.escape(kw) + r"\b", text.lower()) for
 * each keyword (SPEC 3.1, 3.2, 3.4), on any WTF-8 text, including U+0000
 * and lone surrogates.  Text is pointer + length and is never modified.
 *
 * Ownership: registries are static, never freed.  A matcher from
 * sfb_kw_new is owned by the caller, read-only during matching (so one
 * matcher may serve several threads) and released with sfb_kw_free.
 */
#ifndef SFB_KW_H
#define SFB_KW_H

#include <stddef.h>
#include <stdint.h>

enum sfb_kw_set {
	SFB_KW_LABELS,          /* 13 diagnostic labels (SPEC 3.1) */
	SFB_KW_LABELS_STRICT,   /* the same, Fracture = "fracture" only */
	SFB_KW_RECS,            /* 7 recommendation categories (SPEC 3.2) */
	SFB_KW_SEVERITY,        /* severity scores 1-4, one category each (13.1) */
	SFB_KW_HEDGES,          /* the 17 hedging patterns (SPEC 13.2) */
};

/* synonyms: NULL-terminated, in registry order; lowercase ASCII. */
struct sfb_kw_category {
	const char *name;
	const char *const *synonyms;
};

struct sfb_kw_registry {
	const struct sfb_kw_category *cats;
	size_t ncat;
};

/* The frozen registry of a set, in the reference's order. */
const struct sfb_kw_registry *sfb_kw_registry_get(enum sfb_kw_set set);

/* Why a category is present: its first synonym in registry order that
 * matched, and that synonym's leftmost match as byte offsets [start, end)
 * into the original text.  A match covers whole original code points: one
 * whose lowercase form only begins the match (U+0130 lowers to i + U+0307)
 * is included entirely. */
struct sfb_kw_hit {
	size_t start;
	size_t end;
	size_t synonym;         /* index into the category's synonyms */
};

struct sfb_kw;

/* Compile a registry (at most 32 categories, 64 keywords, keywords of
 * lowercase ASCII letters, digits and punctuation beginning and ending
 * with a word character).  NULL on allocation failure or a registry
 * outside those limits. */
struct sfb_kw *sfb_kw_new(const struct sfb_kw_registry *reg);

/* Set by the unit tests: matchers made afterwards use the SSE2 paths
 * even where AVX2 is at hand (the AVX2 ones even where AVX-512BW is), so
 * that each is checked. */
extern int sfb_kw_no_avx2;
extern int sfb_kw_no_avx512;
/* The same: the AVX-512 pass's prefilter by nibbles even where VBMI
 * would look bytes up whole. */
extern int sfb_kw_no_vbmi;
/* Set by the unit tests: matchers made afterwards use the exact
 * code-point loop alone, the plain twin of the block paths. */
extern int sfb_kw_plain;
void sfb_kw_free(struct sfb_kw *kw);

/* Number of categories and their names (registry order). */
size_t sfb_kw_ncat(const struct sfb_kw *kw);
const char *sfb_kw_name(const struct sfb_kw *kw, size_t cat);
const char *sfb_kw_synonym(const struct sfb_kw *kw, size_t cat, size_t syn);

/* Category indices ordered by name in code-point order (for output). */
const size_t *sfb_kw_sorted(const struct sfb_kw *kw);

/* Match text; bit i of the result is set when category i is present.  If
 * hits is not NULL it must hold sfb_kw_ncat entries; hits[i] is filled for
 * every present category i.  Without hits the scan may stop early once
 * every category is present. */
uint32_t sfb_kw_match(const struct sfb_kw *kw, const unsigned char *text,
    size_t n, struct sfb_kw_hit *hits);

/* Every match of every keyword, as (category, synonym, [start, end) byte
 * offsets into the original text, as for hits); each is called in no
 * particular order, once per keyword and start.  Returns the categories,
 * as sfb_kw_match does. */
typedef void (*sfb_kw_each_fn)(void *ctx, size_t cat, size_t syn,
    size_t start, size_t end);
uint32_t sfb_kw_each(const struct sfb_kw *kw, const unsigned char *text,
    size_t n, sfb_kw_each_fn each, void *ctx);

/* The categories of the text a JSON string stands for, matched without
 * decoding it: body is the string token without its quotes, already
 * validated (sfb_obj_parse), escapes included.  The same answer as
 * sfb_kw_match on the decoded text. */
uint32_t sfb_kw_match_json(const struct sfb_kw *kw, const unsigned char *body,
    size_t n);

/* Keywords are numbered in registry order: category, then synonym. */
size_t sfb_kw_nkw(const struct sfb_kw *kw);
size_t sfb_kw_kw_cat(const struct sfb_kw *kw, size_t k);
size_t sfb_kw_kw_syn(const struct sfb_kw *kw, size_t k);

/* Every whole-word match of every keyword, to the end of the text:
 * count[k] (sfb_kw_nkw entries) is the number of positions where keyword k
 * matches, which is len(re.findall(...)) for a keyword that cannot overlap
 * itself (true of every registry here); first[k], if first is not NULL,
 * its leftmost match (valid when count[k] > 0; offsets into s as given,
 * so into the escaped body when json is set).  Returns the category mask
 * sfb_kw_match would. */
uint32_t sfb_kw_count(const struct sfb_kw *kw, const unsigned char *s,
    size_t n, int json, uint32_t *count, struct sfb_kw_hit *first);

#endif
