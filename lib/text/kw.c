/* kw.c - whole-word keyword matching with Python's lower() and \b.
 *
 * One left-to-right pass over the original bytes.  Every keyword starts
 * and ends with a word character, so a match can only start where a word
 * starts in the lowered text.  The lowered text is never materialised:
 * each original code point stands for its 1-3 lowered code points.  Per
 * tests/gen/gen_ucd.py the only non-ASCII code points whose lowercase form
 * holds ASCII are U+0130 (i + U+0307) and U+212A (k), and only U+0130
 * lowers to several code points, with the ASCII first; so a match always
 * starts at the first lowered code point of an original one, and
 * [start, end) maps back to whole original code points.
 *
 * Two ways to test a word start, with the same answers:
 * - the exact walk (try_at): a trie over lowered code points, decoding and
 *   lowering non-ASCII code points as it goes;
 * - the ASCII block path: 64-byte blocks of pure ASCII are classified with
 *   SSE2 into a word-byte mask; each word start's run of word bytes is
 *   looked up in a perfect hash of the keywords' first words, which rejects
 *   almost every word with no branch taken, and the few that pass are
 *   compared sixteen lowered bytes at a time with the keywords beginning
 *   with that word.  A block's last word is looked up the same way, the eight
 *   bytes after the block classified with it.  Anything unusual there
 *   (non-ASCII bytes inside the compared span or right after a short
 *   word, the end of the text near) falls back to the exact walk.
 * A block holding a non-ASCII byte or a hard escape goes through the
 * exact code-point loop (step) from there, unless the character is a
 * separator (see separators), whose bytes the block takes as non-word
 * bytes.  With AVX2, a Teddy-style prefilter (nibble tables of the
 * keywords' first three bytes in eight buckets) drops most word starts of
 * a block before any lookup, and the block is classified 32 bytes a step
 * instead of 16, in the same pass over its bytes; with AVX-512 VBMI the
 * prefilter looks each of four bytes up whole in a 128-byte table per
 * position rather than three by their nibbles, its buckets following
 * categories in every registry (fewer candidates).
 * Keywords whose category is already found
 * (or, with evidence, whose category's earlier synonym is) are dead: they
 * are no longer compared, and the scan stops once all are; a prefilter
 * bucket whose keywords are all dead stops passing candidates (exact:
 * only dead keywords could start there, and they change nothing).
 *
 * sfb_kw_match_json matches a JSON string body as it stands.  An escape
 * such as \n stands for one character that is neither a word character
 * nor in any keyword, so its two bytes act as non-word bytes; a \u or
 * \\ escape is decoded by the exact loop like a non-ASCII code point.
 */
#include <stdlib.h>
#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif
#if defined(__x86_64__) && defined(__GNUC__)
#include <immintrin.h>
#define HAVE_FP_AVX2 1
#endif

#include "core/json.h"
#include "text/kw.h"
#include "core/ucd.h"

#include "text/registry_labels.h"
#include "text/registry_recs.h"
#include "text/registry_severity.h"
#include "text/registry_hedges.h"

#define NSYM 32
#define MAXKW 64
#define MAXCAT 32
#define FW_MAX 512         /* most slots of the first-word hash */
#define FAST_LEN 32     /* bytes fast_try compares; keywords are shorter */
#define FW_SLOTS 4      /* most keywords of one first word fast_try takes */
/* A block at i is scanned while n - i >= BLOCK_END: its reads (the
 * vectors' 66 bytes, a word's key, fast_try's FAST_LEN bytes from a
 * word start in the block) stay inside the text. */
#define BLOCK_END (64 + FAST_LEN)

enum { C_NONWORD, C_WORD, C_NONASCII };
enum { FP_AVX2 = 1, FP_AVX512, FP_VBMI };

struct node {
	uint16_t next[NSYM];    /* 0: no edge (the root is never a target) */
	uint64_t term;          /* keywords ending here */
};

struct fw {                     /* keywords whose first words share a key */
	uint64_t kws;           /* its keywords, a bit per keyword */
	/* 0 when it has more than FW_SLOTS keywords or one of FAST_LEN
	 * bytes or more: then only the exact walk. */
	uint8_t fast;
	uint32_t cover;         /* the bytes its keywords cover */
	/* Its keywords in registry order, one a slot, for fast_try's
	 * compares of fixed count; a slot left over holds keyword 0 with
	 * no bit and covers nothing, so that it never records a match. */
	uint8_t slot_kw[FW_SLOTS];
	uint8_t slot_len[FW_SLOTS];
	uint32_t slot_cover[FW_SLOTS];
	uint64_t slot_bit[FW_SLOTS];
};

struct sfb_kw {
	const struct sfb_kw_registry *reg;
	size_t nkw;
	uint8_t kw_cat[MAXKW];
	uint8_t kw_syn[MAXKW];
	uint8_t kw_len[MAXKW];
	uint64_t kw_text[MAXKW][FAST_LEN / 8];
	uint8_t cls[256];
	uint8_t cls_json[256];  /* the same, '\\' C_NONASCII: decode exactly */
	uint8_t sym[128];       /* lowered ASCII byte -> trie symbol, 0 dead */
	uint8_t pre3[NSYM * NSYM * NSYM / 8];   /* first three symbols */
	/* The perfect hash: slot = key * fw_mul >> fw_shift; the smallest
	 * table that works, to stay in L1 next to the text. */
	uint64_t fw_mul;        /* 0: no perfect hash, block path disabled */
	unsigned fw_shift;
	uint64_t fw_key[FW_MAX];        /* word_key of the first word; 0: empty */
	struct fw fw[FW_MAX];
	/* Keywords that cannot change the answer once keyword k matched:
	 * its category's (categories only) or its category's from k on (with
	 * evidence, where a category's first synonym in registry order and
	 * that synonym's leftmost match are wanted). */
	uint64_t kill_cat[MAXKW];
	uint64_t kill_ev[MAXKW];
	/* The prefilter's buckets holding keywords of those sets. */
	uint8_t kill_cat_bk[MAXKW];
	uint8_t kill_ev_bk[MAXKW];
	uint64_t allkw;
	/* The prefilter: a keyword can start at byte i only if, for some
	 * bucket b, bit b is set in lo[j][t & 15] & hi[j][t >> 4] for each of
	 * the bytes t = s[i + j] | 0x20, j < 3 (Teddy's nibble tables). */
	int fp_on;              /* 0, FP_AVX2, FP_AVX512 or FP_VBMI */
	uint8_t fp_lo[3][16];
	uint8_t fp_hi[3][16];
	/* With VBMI, the same buckets by whole bytes, and four of them:
	 * fp_tab[j][c] has bit b set when some keyword of bucket b has, at
	 * j, byte c lowered (A-Z to a-z only) or is shorter than j + 1;
	 * indexed by the low seven bits of the byte (see scan_avx512_json). */
	uint8_t fp_tab[4][128];
	uint64_t fp_kws[8];     /* each bucket's keywords */
	uint8_t kw_bucket[MAXKW];       /* each keyword's bucket */
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
	[SFB_KW_SEVERITY] = {severity_cats,
	    sizeof severity_cats / sizeof severity_cats[0]},
	[SFB_KW_HEDGES] = {hedges_cats,
	    sizeof hedges_cats / sizeof hedges_cats[0]},
};

int sfb_kw_no_avx2;
int sfb_kw_no_avx512;
int sfb_kw_no_vbmi;
int sfb_kw_plain;

/* Counting and sfb_kw_each keep every keyword alive to the end of the
 * text. */
static const uint64_t kill_none[MAXKW];
static const uint8_t kill_none_bk[MAXKW];

const struct sfb_kw_registry *
sfb_kw_registry_get(enum sfb_kw_set set)
{
	if ((size_t)set >= sizeof registries / sizeof registries[0])
		return NULL;
	return &registries[set];
}

static uint64_t
load8(const unsigned char *p)
{
	uint64_t v;

	memcpy(&v, p, 8);
	return v;
}

/* The filter key of a run of word bytes starting with v, of len8 bytes
 * or, if longer, of len8 = 8: its first len8 bytes with ASCII letters
 * lowered (no branch nor clamp: word lengths are too random to predict,
 * and 1 <= len8 <= 8 keeps the shift below 64).  Or-ing 0x20
 * also changes some non-letters, which can only let a non-keyword through
 * to the exact comparison, never stop a keyword (whose first words hold
 * only lowercase letters and digits). */
static uint64_t
word_key(uint64_t v, size_t len8)
{
	return (v | 0x2020202020202020ULL) & (~(uint64_t)0 >> (64 - 8 * len8));
}

static unsigned
fw_slot(uint64_t mul, unsigned shift, uint64_t key)
{
	return (unsigned)((key * mul) >> shift);
}

static int
kw_valid(const char *s)
{
	size_t i, len = strlen(s);

	if (len == 0 || len > 255 || !sfb_ucd_isword((unsigned char)s[0]) ||
	    !sfb_ucd_isword((unsigned char)s[len - 1]))
		return 0;
	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c >= 0x80 || c < 0x20 || c == 0x7F ||
		    (c >= 'A' && c <= 'Z'))
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

/* Mark the keyword's first three symbols in pre3; a shorter keyword
 * accepts any symbol in the positions it does not reach. */
static void
prefix_add(struct sfb_kw *kw, const char *k)
{
	unsigned lo[3], hi[3], a, b, x, i;

	for (i = 0; i < 3; i++) {
		if (k[0] == '\0') {
			lo[i] = 0;
			hi[i] = NSYM - 1;
			continue;
		}
		lo[i] = hi[i] = kw->sym[(unsigned char)*k++];
	}
	for (a = lo[0]; a <= hi[0]; a++)
		for (b = lo[1]; b <= hi[1]; b++)
			for (x = lo[2]; x <= hi[2]; x++) {
				unsigned idx = (a * NSYM + b) * NSYM + x;

				kw->pre3[idx / 8] |= (uint8_t)(1u << (idx % 8));
			}
}

/* Group the keywords by first word (their leading run of word bytes) and
 * find a multiplier that puts the distinct first words in distinct slots.
 * Without one, fw_mul stays 0 and the exact walk does all the work. */
static void
fw_build(struct sfb_kw *kw)
{
	uint64_t keys[MAXKW], mul = 0x9E3779B97F4A7C15ULL;
	size_t k, len, try, c;
	unsigned bits, shift;

	for (k = 0; k < kw->nkw; k++) {
		const char *t = kw->reg->cats[kw->kw_cat[k]].synonyms[
		    kw->kw_syn[k]];
		unsigned char buf[8] = {0};

		for (len = 0; sfb_ucd_isword((unsigned char)t[len]); len++)
			if (len < 8)
				buf[len] = (unsigned char)t[len];
		keys[k] = word_key(load8(buf), len < 8 ? len : 8);
	}
	for (bits = 7; bits <= 9; bits++) {
		shift = 64 - bits;
		for (try = 0; try < 8192; try++) {
			memset(kw->fw_key, 0, sizeof kw->fw_key);
			for (k = 0; k < kw->nkw; k++) {
				uint64_t *slot =
				    &kw->fw_key[fw_slot(mul, shift, keys[k])];

				if (*slot == 0)
					*slot = keys[k];
				else if (*slot != keys[k])
					break;
			}
			if (k == kw->nkw)
				goto found;
			mul = mul * 6364136223846793005ULL +
			    1442695040888963407ULL;
			mul |= 1;
		}
	}
	memset(kw->fw_key, 0, sizeof kw->fw_key);
	return;
found:
	for (k = 0; k < kw->nkw; k++) {
		struct fw *f = &kw->fw[fw_slot(mul, shift, keys[k])];
		size_t klen = kw->kw_len[k];
		uint32_t cover = klen >= 32 ? ~(uint32_t)0 :
		    ((uint32_t)1 << klen) - 1;

		if (f->kws == 0)
			f->fast = 1;
		c = (size_t)__builtin_popcountll(f->kws);
		f->kws |= (uint64_t)1 << k;
		f->cover |= cover;
		if (klen >= FAST_LEN || c >= FW_SLOTS) {
			f->fast = 0;
			continue;
		}
		f->slot_kw[c] = (uint8_t)k;
		f->slot_len[c] = (uint8_t)klen;
		f->slot_cover[c] = cover;
		f->slot_bit[c] = (uint64_t)1 << k;
	}
	kw->fw_mul = mul;
	kw->fw_shift = shift;
}

/* Put the keywords' first three bytes in eight buckets, each where it
 * widens its bucket's accepted set (the product of its nibble sets)
 * least.  With more categories than buckets, a category's keywords go
 * in one bucket together, so that a bucket whose categories are all
 * found leaves the prefilter (see fp_live); with fewer, keyword by
 * keyword, which keeps the buckets narrower.  A keyword of two bytes
 * accepts any third byte.  Only or-ing 0x20 stands for lowercasing,
 * which is exact for keyword bytes (all of which have that bit set once
 * or-ed) and lets only extra candidates through for other bytes. */
static void
fp_build(struct sfb_kw *kw)
{
	uint16_t lo[8][3], hi[8][3];
	size_t k, j, g, ngroup;
	unsigned b;
	int bycat;

#ifdef HAVE_FP_AVX2
	if (!sfb_kw_no_avx2 && __builtin_cpu_supports("avx2") &&
	    __builtin_cpu_supports("bmi") && __builtin_cpu_supports("bmi2"))
		kw->fp_on = FP_AVX2;
	if (kw->fp_on && !sfb_kw_no_avx512 &&
	    __builtin_cpu_supports("avx512bw"))
		kw->fp_on = FP_AVX512;
	if (kw->fp_on == FP_AVX512 && !sfb_kw_no_vbmi &&
	    __builtin_cpu_supports("avx512vbmi"))
		kw->fp_on = FP_VBMI;
#endif
	/* With VBMI's whole bytes, a category's keywords share a bucket
	 * narrow enough for buckets to follow categories even where they
	 * need not. */
	bycat = kw->reg->ncat > 8 || kw->fp_on == FP_VBMI;
	memset(lo, 0, sizeof lo);
	memset(hi, 0, sizeof hi);
	ngroup = bycat ? kw->reg->ncat : kw->nkw;
	for (g = 0; g < ngroup; g++) {
		uint16_t glo[3] = {0}, ghi[3] = {0};
		double best = 0;
		unsigned bb = 0;

		for (k = 0; k < kw->nkw; k++) {
			const char *t = kw->reg->cats[kw->kw_cat[k]].synonyms[
			    kw->kw_syn[k]];

			if ((bycat ? kw->kw_cat[k] : k) != g)
				continue;
			for (j = 0; j < 3; j++) {
				unsigned ch = (unsigned char)t[j < kw->kw_len[k] ?
				    j : 0] | 0x20;

				if (j < kw->kw_len[k]) {
					glo[j] |= (uint16_t)(1u << (ch & 15));
					ghi[j] |= (uint16_t)(1u << (ch >> 4));
				} else {
					glo[j] = ghi[j] = 0xFFFF;
				}
			}
		}
		for (b = 0; b < 8; b++) {
			double after = 1, before = 1;

			for (j = 0; j < 3; j++) {
				after *= __builtin_popcount(lo[b][j] | glo[j]) *
				    __builtin_popcount(hi[b][j] | ghi[j]);
				before *= __builtin_popcount(lo[b][j]) *
				    __builtin_popcount(hi[b][j]);
			}
			if (b == 0 || after - before < best) {
				best = after - before;
				bb = b;
			}
		}
		for (j = 0; j < 3; j++) {
			lo[bb][j] |= glo[j];
			hi[bb][j] |= ghi[j];
		}
		for (k = 0; k < kw->nkw; k++) {
			if ((bycat ? kw->kw_cat[k] : k) != g)
				continue;
			kw->fp_kws[bb] |= (uint64_t)1 << k;
			kw->kw_bucket[k] = (uint8_t)bb;
		}
	}
	/* Without categories grouped, buckets would seldom die: not
	 * worth following (kill sets of no bucket). */
	for (k = 0; k < kw->nkw && bycat; k++)
		for (j = 0; j < kw->nkw; j++) {
			if (kw->kill_cat[k] >> j & 1)
				kw->kill_cat_bk[k] |=
				    (uint8_t)(1u << kw->kw_bucket[j]);
			if (kw->kill_ev[k] >> j & 1)
				kw->kill_ev_bk[k] |=
				    (uint8_t)(1u << kw->kw_bucket[j]);
		}
	for (b = 0; b < 8; b++)
		for (j = 0; j < 3; j++)
			for (k = 0; k < 16; k++) {
				if (lo[b][j] >> k & 1)
					kw->fp_lo[j][k] |= (uint8_t)(1u << b);
				if (hi[b][j] >> k & 1)
					kw->fp_hi[j][k] |= (uint8_t)(1u << b);
			}
	for (k = 0; k < kw->nkw; k++) {
		const char *t = kw->reg->cats[kw->kw_cat[k]].synonyms[
		    kw->kw_syn[k]];
		uint8_t bit = (uint8_t)(1u << kw->kw_bucket[k]);

		for (j = 0; j < 4; j++) {
			unsigned ch, c;

			if (j >= kw->kw_len[k]) {
				for (c = 0; c < 128; c++)
					kw->fp_tab[j][c] |= bit;
				continue;
			}
			ch = (unsigned char)t[j];
			kw->fp_tab[j][ch] |= bit;
			if (ch >= 'a' && ch <= 'z')
				kw->fp_tab[j][ch - 32] |= bit;
		}
	}
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
		kw->cls[i] = kw->cls_json[i] = i >= 0x80 ? C_NONASCII :
		    sfb_ucd_isword((uint32_t)i) ? C_WORD : C_NONWORD;
	kw->cls_json['\\'] = C_NONASCII;
	for (c = 0; c < reg->ncat; c++) {
		for (s = 0; reg->cats[c].synonyms[s] != NULL; s++) {
			const char *k = reg->cats[c].synonyms[s];
			size_t len;

			if (kw->nkw == MAXKW || !kw_valid(k) ||
			    trie_add(kw, k, kw->nkw, &cap) != 0)
				goto fail;
			len = strlen(k);
			kw->kw_cat[kw->nkw] = (uint8_t)c;
			kw->kw_syn[kw->nkw] = (uint8_t)s;
			kw->kw_len[kw->nkw] = (uint8_t)len;
			memcpy(kw->kw_text[kw->nkw], k,
			    len < FAST_LEN ? len : FAST_LEN);
			kw->nkw++;
		}
	}
	for (c = 0; c < reg->ncat; c++)
		for (s = 0; reg->cats[c].synonyms[s] != NULL; s++)
			prefix_add(kw, reg->cats[c].synonyms[s]);
	for (i = 0; i < kw->nkw; i++) {
		kw->allkw |= (uint64_t)1 << i;
		for (j = 0; j < kw->nkw; j++) {
			if (kw->kw_cat[j] != kw->kw_cat[i])
				continue;
			kw->kill_cat[i] |= (uint64_t)1 << j;
			if (j >= i)
				kw->kill_ev[i] |= (uint64_t)1 << j;
		}
	}
	fw_build(kw);
	fp_build(kw);
	if (sfb_kw_plain)
		kw->fw_mul = 0;         /* no block path */
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
	uint64_t dead;          /* keywords that can no longer change the answer */
	/* The prefilter's buckets holding a live keyword: a word start
	 * only in the others can begin only dead keywords, whose matches
	 * change nothing, so it is no candidate. */
	unsigned fp_live;
	const uint64_t *kill;   /* kw->kill_cat or kw->kill_ev */
	const uint8_t *kill_bk; /* the buckets of each kill set */
	const uint8_t *cls;     /* kw->cls, or kw->cls_json on escaped text */
	int json;               /* the text is a JSON string's escaped body */
	uint32_t *count;        /* sfb_kw_count: matches per keyword; or NULL */
	sfb_kw_each_fn each;    /* sfb_kw_each: every match; or NULL */
	void *each_ctx;
	size_t start[MAXKW];
	size_t end[MAXKW];
	size_t base;            /* offset of the scanned bytes in the text */
};

/* The code point at byte j, which is not plain ASCII (st->cls says
 * C_NONASCII), and its length in bytes. */
static uint32_t
cp_at(const struct scan *st, const unsigned char *s, size_t n, size_t j,
    size_t *adv)
{
	if (st->json && s[j] == '\\')
		return sfb_json_esc((const char *)s + j, n - j, adv);
	return sfb_utf8_next(s + j, n - j, adv);
}

/* Is the first lowered code point at byte j a word character? */
static int
word_at(const struct scan *st, const unsigned char *s, size_t n, size_t j)
{
	uint32_t low[3];
	size_t adv;

	if (j >= n)
		return 0;
	if (st->cls[s[j]] != C_NONASCII)
		return st->cls[s[j]] == C_WORD;
	sfb_ucd_lower(cp_at(st, s, n, j, &adv), low);
	return sfb_ucd_isword(low[0]);
}

static void
record(const struct sfb_kw *kw, struct scan *st, uint64_t term, size_t p,
    size_t e)
{
	p += st->base;
	e += st->base;
	if (st->count != NULL) {
		uint64_t t;

		for (t = term; t; t &= t - 1)
			st->count[__builtin_ctzll(t)]++;
	}
	if (st->each != NULL) {
		uint64_t t;

		for (t = term; t; t &= t - 1) {
			size_t k = (size_t)__builtin_ctzll(t);

			st->each(st->each_ctx, kw->kw_cat[k], kw->kw_syn[k], p,
			    e);
		}
	}
	term &= ~st->seen;
	st->seen |= term;
	while (term) {
		size_t k = (size_t)__builtin_ctzll(term);
		unsigned b, bk;

		term &= term - 1;
		st->dead |= st->kill[k];
		st->start[k] = p;
		st->end[k] = e;
		st->cats |= (uint32_t)1 << kw->kw_cat[k];
		/* Only the buckets of the keywords just killed can have
		 * died (one, where buckets hold whole categories). */
		for (bk = st->kill_bk[k]; bk; bk &= bk - 1) {
			b = (unsigned)__builtin_ctz(bk);
			st->fp_live &= ~((unsigned)!(kw->fp_kws[b] &
			    ~st->dead) << b);
		}
	}
}

/* The exact walk of the trie from a word start at byte p. */
static void
try_at(const struct sfb_kw *kw, struct scan *st, const unsigned char *s,
    size_t n, size_t p)
{
	const struct node *nodes = kw->nodes;
	size_t node = 0, j = p;

	while (j < n) {
		unsigned b = s[j];

		if (st->cls[b] != C_NONASCII) {
			node = nodes[node].next[kw->sym[b]];
			if (node == 0)
				return;
			j++;
			if (nodes[node].term && !word_at(st, s, n, j))
				record(kw, st, nodes[node].term, p, j);
		} else {
			uint32_t low[3];
			size_t adv, ln, k;

			ln = sfb_ucd_lower(cp_at(st, s, n, j, &adv), low);
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
				    word_at(st, s, n, j + adv);
				if (!next_word)
					record(kw, st, nodes[node].term, p,
					    j + adv);
			}
			j += adv;
		}
	}
}

/* Could a keyword start at word start p (an ASCII word byte)?  A cheap
 * necessary condition for the exact loop. */
static int
candidate(const struct sfb_kw *kw, const struct scan *st,
    const unsigned char *s, size_t n, size_t p)
{
	unsigned idx;

	if (n - p < 3 || st->cls[s[p + 1]] == C_NONASCII ||
	    st->cls[s[p + 2]] == C_NONASCII)
		return kw->nodes[0].next[kw->sym[s[p]]] != 0;
	idx = ((unsigned)kw->sym[s[p]] * NSYM + kw->sym[s[p + 1]]) * NSYM +
	    kw->sym[s[p + 2]];
	return (kw->pre3[idx / 8] >> (idx % 8)) & 1;
}

/* The exact loop: one run of ASCII word bytes, one run of ASCII non-word
 * bytes or one non-ASCII code point per call; returns the next offset. */
static size_t
step(const struct sfb_kw *kw, struct scan *st, const unsigned char *s,
    size_t n, size_t i, int *prev_word)
{
	const uint8_t *cls = st->cls;
	unsigned c = cls[s[i]];
	uint32_t low[3];
	size_t adv, ln;

	if (c == C_WORD) {
		if (!*prev_word && candidate(kw, st, s, n, i))
			try_at(kw, st, s, n, i);
		i++;
		while (i < n && cls[s[i]] == C_WORD)
			i++;
		*prev_word = 1;
		return i;
	}
	if (c == C_NONWORD) {
		i++;
		while (i < n && cls[s[i]] == C_NONWORD)
			i++;
		*prev_word = 0;
		return i;
	}
	ln = sfb_ucd_lower(cp_at(st, s, n, i, &adv), low);
	if (!*prev_word && low[0] < 0x80 && kw->nodes[0].next[kw->sym[low[0]]])
		try_at(kw, st, s, n, i);
	*prev_word = sfb_ucd_isword(low[ln - 1]);
	return i + adv;
}

#ifdef __SSE2__
/* fast_try's end, given eq[j], the bytes of the FAST_LEN lowered ones at
 * p equal to slot j's keyword's: the slots' matches, each followed by
 * a plain non-word byte or, when not plain ASCII, one word_at says is
 * no word character, recorded in keyword order as the trie walk records
 * them. */
static inline __attribute__((always_inline)) void
fast_finish(const struct sfb_kw *kw, struct scan *st, const unsigned char *s,
    size_t n, size_t p, const struct fw *f, const uint32_t *eq)
{
	uint64_t ok = 0, amb = 0;
	size_t j;

#pragma GCC unroll 4
	for (j = 0; j < FW_SLOTS; j++) {
		uint64_t hit = (uint64_t)0 - ((~eq[j] & f->slot_cover[j]) == 0);
		unsigned c = st->cls[s[p + f->slot_len[j]]];

		ok |= f->slot_bit[j] & hit & ((uint64_t)0 - (c == C_NONWORD));
		amb |= f->slot_bit[j] & hit & ((uint64_t)0 - (c == C_NONASCII));
	}
	for (ok &= ~st->dead, amb &= ~st->dead; ok | amb; ) {
		uint64_t bit = (ok | amb) & (0 - (ok | amb));
		size_t k = (size_t)__builtin_ctzll(bit);

		if ((ok & bit) || !word_at(st, s, n, p + kw->kw_len[k]))
			record(kw, st, bit, p, p + kw->kw_len[k]);
		ok &= ~bit;
		amb &= ~bit;
	}
}

/* The live keywords whose first word is the run of word bytes at p,
 * which ends at an ASCII non-word byte.  The FAST_LEN bytes at p are
 * loaded and lowered once; each slot's keyword is compared with them
 * under its byte mask and the byte after it classified, for every slot
 * whether it holds a keyword or not (fixed count, no branch on which
 * keyword matches: that is too random to predict).  Exact as the trie
 * walk is:
 * - lowering: only ASCII 'A'-'Z' are changed, by 0x20, as lower() does;
 *   a byte >= 0x80 where a keyword of the group lies sends the word to
 *   the exact walk (U+0130 and U+212A lower to ASCII letters);
 * - escaped text: a \\u or \\\\ escape there does too; any other escape
 *   stands for a character no keyword holds, and its backslash, in no
 *   keyword either, fails the raw compare as the decoded one would;
 * - \b after the keyword: st->cls of the next byte (inside the bytes
 *   loaded, keywords being shorter than FAST_LEN) says word or non-word
 *   for plain ASCII; for anything else (a non-ASCII byte, a backslash of
 *   escaped text, C_NONASCII in cls_json) word_at decodes it.
 * Out of line: it runs for few words, and inlined it would crowd
 * block_starts' registers. */
static __attribute__((noinline)) void
fast_try(const struct sfb_kw *kw, struct scan *st, const unsigned char *s,
    size_t n, size_t p, const struct fw *f)
{
	const __m128i up_lo = _mm_set1_epi8('A' - 1);
	const __m128i up_hi = _mm_set1_epi8('Z' + 1);
	const __m128i lcase = _mm_set1_epi8(0x20);
	const __m128i bslash = _mm_set1_epi8('\\');
	__m128i v0, v1, t0, t1;
	uint32_t high, eq[FW_SLOTS];
	size_t j;

	if (!f->fast || n - p <= FAST_LEN) {
		try_at(kw, st, s, n, p);
		return;
	}
	v0 = _mm_loadu_si128((const __m128i *)(s + p));
	v1 = _mm_loadu_si128((const __m128i *)(s + p + 16));
	high = (uint32_t)_mm_movemask_epi8(v0) |
	    (uint32_t)_mm_movemask_epi8(v1) << 16;
	if (st->json) {
		/* Backslashes followed by 'u' or a backslash (n - p >
		 * FAST_LEN: the byte after the last one is in the text). */
		__m128i w0 = _mm_loadu_si128((const __m128i *)(s + p + 1));
		__m128i w1 = _mm_loadu_si128((const __m128i *)(s + p + 17));
		const __m128i u = _mm_set1_epi8('u');
		uint32_t b = (uint32_t)_mm_movemask_epi8(
		    _mm_cmpeq_epi8(v0, bslash)) |
		    (uint32_t)_mm_movemask_epi8(
		    _mm_cmpeq_epi8(v1, bslash)) << 16;
		uint32_t nx = (uint32_t)_mm_movemask_epi8(_mm_or_si128(
		    _mm_cmpeq_epi8(w0, bslash), _mm_cmpeq_epi8(w0, u))) |
		    (uint32_t)_mm_movemask_epi8(_mm_or_si128(
		    _mm_cmpeq_epi8(w1, bslash), _mm_cmpeq_epi8(w1, u))) << 16;

		high |= b & nx;
	}
	if (high & f->cover) {
		try_at(kw, st, s, n, p);
		return;
	}
	t0 = _mm_or_si128(v0, _mm_and_si128(lcase, _mm_and_si128(
	    _mm_cmpgt_epi8(v0, up_lo), _mm_cmplt_epi8(v0, up_hi))));
	t1 = _mm_or_si128(v1, _mm_and_si128(lcase, _mm_and_si128(
	    _mm_cmpgt_epi8(v1, up_lo), _mm_cmplt_epi8(v1, up_hi))));
#pragma GCC unroll 4
	for (j = 0; j < FW_SLOTS; j++) {
		const __m128i *k = (const __m128i *)kw->kw_text[f->slot_kw[j]];

		eq[j] = (uint32_t)_mm_movemask_epi8(_mm_cmpeq_epi8(t0,
		    _mm_loadu_si128(k))) |
		    (uint32_t)_mm_movemask_epi8(_mm_cmpeq_epi8(t1,
		    _mm_loadu_si128(k + 1))) << 16;
	}
	fast_finish(kw, st, s, n, p, f, eq);
}

#ifdef HAVE_FP_AVX2
/* fast_try with AVX2: the same byte tests on the same 32 bytes, in one
 * vector, so the same answers. */
__attribute__((target("avx2,bmi,bmi2"))) static __attribute__((noinline))
void
fast_try_avx2(const struct sfb_kw *kw, struct scan *st,
    const unsigned char *s, size_t n, size_t p, const struct fw *f)
{
	const __m256i bslash = _mm256_set1_epi8('\\');
	__m256i v, t;
	uint32_t high, eq[FW_SLOTS];
	size_t j;

	if (!f->fast || n - p <= FAST_LEN) {
		try_at(kw, st, s, n, p);
		return;
	}
	v = _mm256_loadu_si256((const __m256i *)(s + p));
	high = (uint32_t)_mm256_movemask_epi8(v);
	if (st->json) {
		__m256i w = _mm256_loadu_si256((const __m256i *)(s + p + 1));

		high |= (uint32_t)_mm256_movemask_epi8(
		    _mm256_cmpeq_epi8(v, bslash)) &
		    (uint32_t)_mm256_movemask_epi8(_mm256_or_si256(
		    _mm256_cmpeq_epi8(w, bslash),
		    _mm256_cmpeq_epi8(w, _mm256_set1_epi8('u'))));
	}
	if (high & f->cover) {
		try_at(kw, st, s, n, p);
		return;
	}
	t = _mm256_or_si256(v, _mm256_and_si256(_mm256_set1_epi8(0x20),
	    _mm256_and_si256(_mm256_cmpgt_epi8(v, _mm256_set1_epi8('A' - 1)),
	    _mm256_cmpgt_epi8(_mm256_set1_epi8('Z' + 1), v))));
#pragma GCC unroll 4
	for (j = 0; j < FW_SLOTS; j++)
		eq[j] = (uint32_t)_mm256_movemask_epi8(_mm256_cmpeq_epi8(t,
		    _mm256_loadu_si256((const __m256i *)
		    kw->kw_text[f->slot_kw[j]])));
	fast_finish(kw, st, s, n, p, f, eq);
}
#endif

/* Word-byte and non-ASCII-byte masks of the 64 bytes at s. */
static void
classify64(const unsigned char *s, uint64_t *word, uint64_t *high)
{
	const __m128i lcase = _mm_set1_epi8(0x20);
	const __m128i to_a = _mm_set1_epi8((char)(0x80 - 'a'));
	const __m128i to_0 = _mm_set1_epi8((char)(0x80 - '0'));
	const __m128i lim26 = _mm_set1_epi8((char)(0x80 + 26));
	const __m128i lim10 = _mm_set1_epi8((char)(0x80 + 10));
	const __m128i under = _mm_set1_epi8('_');
	uint64_t w = 0, h = 0;
	int k;

	for (k = 0; k < 4; k++) {
		__m128i v = _mm_loadu_si128((const __m128i *)(s + 16 * k));
		__m128i letter = _mm_cmplt_epi8(
		    _mm_add_epi8(_mm_or_si128(v, lcase), to_a), lim26);
		__m128i digit = _mm_cmplt_epi8(_mm_add_epi8(v, to_0), lim10);
		__m128i m = _mm_or_si128(_mm_or_si128(letter, digit),
		    _mm_cmpeq_epi8(v, under));

		w |= (uint64_t)(unsigned)_mm_movemask_epi8(m) << (16 * k);
		h |= (uint64_t)(unsigned)_mm_movemask_epi8(v) << (16 * k);
	}
	*word = w;
	*high = h;
}


/* The escapes of a block of escaped text, from its backslashes b and
 * the bytes nx after them that are a backslash or 'u' (see escapes64). */
static inline void
escape_masks(uint64_t b, uint64_t nx, uint64_t *word, uint64_t *high)
{
	uint64_t hard = b & (nx | (uint64_t)1 << 63);

	*word &= ~((b & ~hard) << 1);
	*high |= hard;
}

/* On escaped text: a backslash that starts \\u or \\\\, or ends the block,
 * is left to the exact loop (added to *high); any other escape stands
 * for one character that is neither a word character nor in a keyword,
 * so its two bytes are made non-word bytes. */
static void
escapes64(const unsigned char *s, uint64_t *word, uint64_t *high)
{
	const __m128i bslash = _mm_set1_epi8('\\'), u = _mm_set1_epi8('u');
	uint64_t b = 0, nx = 0;
	int k;

	for (k = 0; k < 4; k++) {
		__m128i v = _mm_loadu_si128((const __m128i *)(s + 16 * k));
		__m128i w = _mm_loadu_si128((const __m128i *)(s + 16 * k + 1));

		b |= (uint64_t)(unsigned)_mm_movemask_epi8(
		    _mm_cmpeq_epi8(v, bslash)) << (16 * k);
		nx |= (uint64_t)(unsigned)_mm_movemask_epi8(_mm_or_si128(
		    _mm_cmpeq_epi8(w, bslash), _mm_cmpeq_epi8(w, u))) << (16 * k);
	}
	escape_masks(b, nx, word, high);
}


/* The eight bytes after a block at s (which has FAST_LEN bytes of text
 * after it), for block_starts: bits 0-7 their word bytes, bits 8-15
 * those that may not be plain ASCII for the block path: non-ASCII bytes
 * and, on escaped text, every backslash (a simple escape too, which only
 * sends a word to the exact walk that the block path would also have
 * decided correctly).  The AVX2 and AVX-512 passes compute the same
 * from their own loads, in their own encoding (SSE code between AVX-512
 * code costs state transitions). */
static unsigned
ext_masks(const unsigned char *s, int json)
{
	const __m128i lcase = _mm_set1_epi8(0x20);
	const __m128i to_a = _mm_set1_epi8((char)(0x80 - 'a'));
	const __m128i to_0 = _mm_set1_epi8((char)(0x80 - '0'));
	const __m128i lim26 = _mm_set1_epi8((char)(0x80 + 26));
	const __m128i lim10 = _mm_set1_epi8((char)(0x80 + 10));
	const __m128i v = _mm_loadl_epi64((const __m128i *)(s + 64));
	__m128i letter = _mm_cmplt_epi8(
	    _mm_add_epi8(_mm_or_si128(v, lcase), to_a), lim26);
	__m128i digit = _mm_cmplt_epi8(_mm_add_epi8(v, to_0), lim10);
	__m128i m = _mm_or_si128(_mm_or_si128(letter, digit),
	    _mm_cmpeq_epi8(v, _mm_set1_epi8('_')));
	__m128i hard = v;

	if (json)
		hard = _mm_or_si128(v, _mm_cmpeq_epi8(v, _mm_set1_epi8('\\')));
	return ((unsigned)_mm_movemask_epi8(m) & 0xFF) |
	    ((unsigned)_mm_movemask_epi8(hard) & 0xFF) << 8;
}

/* All word starts among the nb (1-64) pure ASCII bytes at i, where
 * n - i >= BLOCK_END; word is their word-byte mask, fp the prefilter's
 * candidates (trusted where the nf + 1 bytes it looked at, 3 or 4, are
 * plain ASCII: its last nf positions, whose bytes reach past the span,
 * are taken whatever fp says when a byte they reach there is not plain
 * ASCII, as ext tells) and ext the ext_masks of the bytes after the
 * span (for a
 * span of 64; for a shorter one, which ends at a byte not plain ASCII,
 * 0x100).  Each word is looked up without a branch, so that the many
 * rejected words cost no misprediction: its key needs its first eight
 * bytes and whether it ends before them, which ext tells for the last
 * word too.  Only a word of fewer than eight ASCII word bytes followed
 * by a byte not plain ASCII (a non-ASCII letter may go on with it, and
 * U+0130 and U+212A lower to ASCII letters) is not looked up but
 * follows the exact walk; that can only be the last word.  Inlined in
 * each pass for a whole block (no call, no spills, and the pass's
 * instruction set); a shorter span, rare, calls block_part.  wide: the
 * looked-up words go to fast_try_avx2 (from the AVX2 and AVX-512
 * passes), else to fast_try. */
static inline __attribute__((always_inline)) void
block_starts(const struct sfb_kw *kw, struct scan *st, const unsigned char *s,
    size_t n, size_t i, uint64_t word, uint64_t fp, int prev_word,
    unsigned nb, unsigned ext, int wide, unsigned nf)
{
	uint64_t starts = word & ~((word << 1) | (uint64_t)prev_word);
	uint64_t live = ~st->dead, ew = ext & 0xFF;
	unsigned top = 0;
	unsigned e = (unsigned)__builtin_ctz(~(unsigned)ew | 0x100);
	uint8_t at[64];
	uint16_t slot_of[64];
	unsigned nhit = 0, h;
	(void)wide;     /* without AVX2 at compile time */
	/* The last word reaches the span's end, goes on for e bytes and
	 * stops at a byte not plain ASCII, short of eight bytes.  Tested
	 * in two steps: the byte not plain ASCII is rare. */
	int exact = (int)(word >> (nb - 1) & 1) & (int)(ext >> (8 + e) & 1);

	if (exact) {
		top = 63 - (unsigned)__builtin_clzll(starts | 1);
		exact = (starts != 0) & (nb - top + e < 8);
		starts &= ~((uint64_t)exact << top);
	}
	{
		/* The first of the nf bytes after the span that is not
		 * plain ASCII, nf if none: the positions whose window
		 * reaches it are taken whatever fp says. */
		unsigned t0 = (unsigned)__builtin_ctz((ext >> 8) | (1u << nf));

		starts &= fp | (t0 < nf ? ~(uint64_t)0 <<
		    (nb + t0 > nf ? nb + t0 - nf : 0) : 0);
	}
	while (starts) {
		unsigned b = (unsigned)__builtin_ctzll(starts);
		/* The word's length, or 8 if longer: all word_key uses. */
		size_t len = (size_t)__builtin_ctzll(~((word >> b) |
		    (ew << (63 - b) << 1)) | 0x100);
		uint64_t key = word_key(load8(s + i + b), len);
		unsigned slot = fw_slot(kw->fw_mul, kw->fw_shift, key);

		starts &= starts - 1;
		at[nhit] = (uint8_t)b;
		slot_of[nhit] = (uint16_t)slot;
		nhit += (kw->fw_key[slot] == key) & ((kw->fw[slot].kws & live) != 0);
	}
	for (h = 0; h < nhit; h++) {
		const struct fw *f = &kw->fw[slot_of[h]];

		/* live was taken before the block's matches: a word whose
		 * keywords an earlier one in the block killed is skipped
		 * (fast_finish would record nothing for it). */
		if (!(f->kws & ~st->dead))
			continue;
#ifdef HAVE_FP_AVX2
		if (wide)
			fast_try_avx2(kw, st, s, n, i + at[h], f);
		else
#endif
			fast_try(kw, st, s, n, i + at[h], f);
	}
	/* Last, as matches are recorded left to right. */
	if (exact && candidate(kw, st, s, n, i + top))
		try_at(kw, st, s, n, i + top);
}

static __attribute__((noinline)) void
block_part(const struct sfb_kw *kw, struct scan *st, const unsigned char *s,
    size_t n, size_t i, uint64_t word, uint64_t fp, int prev_word,
    unsigned nb, unsigned nf)
{
	block_starts(kw, st, s, n, i, word, fp, prev_word, nb, 0x100, 0, nf);
}

/* The code points not plain ASCII at the start of the block's high bits
 * (a non-ASCII character, a \\u escape) that are separators: whose
 * lowercase is one code point, not ASCII and no word character (a dash,
 * a curly quote, U+00A0, a lone surrogate).  No keyword holds one, and
 * for \\b on either side one is a non-word character like any ASCII
 * one, so its bytes are made plain non-word bytes of the block (in
 * word and high) and the block stays on the block path.  The first
 * other one, or one reaching past the block, stops it. */
static __attribute__((noinline)) void
separators(const struct scan *st, const unsigned char *s, size_t n,
    size_t i, uint64_t *word, uint64_t *high)
{
	while (*high) {
		unsigned q = (unsigned)__builtin_ctzll(*high);
		uint32_t low[3];
		size_t adv, ln;
		uint64_t span;

		ln = sfb_ucd_lower(cp_at(st, s, n, i + q, &adv), low);
		if (q + adv > 64 || ln != 1 || low[0] < 0x80 ||
		    sfb_ucd_isword(low[0]))
			return;
		span = (((uint64_t)1 << adv) - 1) << q;  /* adv <= 12 */
		*word &= ~span;
		*high &= ~span;
	}
}

/* One block of the block path, classified: word, high (non-ASCII bytes
 * and, on escaped text, hard escapes) and fp (the prefilter's
 * candidates, all ones without it) describe the 64 bytes at i, ext (as
 * ext_masks gives it) the eight after them.  Returns
 * the offset of the next block. */
static inline __attribute__((always_inline)) size_t
block_next(const struct sfb_kw *kw, struct scan *st, const unsigned char *s,
    size_t n, size_t i, uint64_t word, uint64_t high, uint64_t fp,
    unsigned ext, int *prev_word, int wide, unsigned nf)
{
	if (high != 0)
		separators(st, s, n, i, &word, &high);
	if (high == 0) {
		block_starts(kw, st, s, n, i, word, fp, *prev_word, 64, ext,
		    wide, nf);
		*prev_word = (int)(word >> 63);
		i += 64;
	} else {
		/* The ASCII bytes before the first non-ASCII one, then that
		 * code point exactly; the next block starts after it. */
		unsigned q = (unsigned)__builtin_ctzll(high);

		if (q > 0) {
			word &= ((uint64_t)1 << q) - 1;
			block_part(kw, st, s, n, i, word, fp, *prev_word, q,
			    nf);
			*prev_word = (int)(word >> (q - 1) & 1);
			i += q;
		}
		i = step(kw, st, s, n, i, prev_word);
	}
	if (st->dead == kw->allkw)
		i = n;  /* nothing left that could change the answer */
	return i;
}

/* The block path with SSE2 alone (no prefilter): returns where the
 * exact loop takes over. */
static size_t
scan_blocks(const struct sfb_kw *kw, struct scan *st, const unsigned char *s,
    size_t n, int *prev_word)
{
	size_t i = 0;

	while (n - i >= BLOCK_END) {
		uint64_t word, high;

		classify64(s + i, &word, &high);
		if (st->json)
			escapes64(s + i, &word, &high);
		i = block_next(kw, st, s, n, i, word, high, ~(uint64_t)0,
		    ext_masks(s + i, st->json), prev_word, 0, 2);
	}
	return i;
}

#ifdef HAVE_FP_AVX2
/* The block path with AVX2: each block's bytes are loaded once and give,
 * 32 at a time, the masks of classify64 and escapes64 (the same byte
 * tests on the same bytes, so the same masks) and the prefilter's
 * candidates.  The prefilter's nibble tables stay in registers for the
 * whole text. */
__attribute__((target("avx2,bmi,bmi2")))
static inline __attribute__((always_inline)) size_t
scan_avx2_json(const struct sfb_kw *kw, struct scan *st,
    const unsigned char *s, size_t n, int *prev_word, int json)
{
	const __m256i lcase = _mm256_set1_epi8(0x20);
	const __m256i low4 = _mm256_set1_epi8(0x0F);
	const __m256i to_a = _mm256_set1_epi8((char)(0x80 - 'a'));
	const __m256i to_0 = _mm256_set1_epi8((char)(0x80 - '0'));
	const __m256i lim26 = _mm256_set1_epi8((char)(0x80 + 26));
	const __m256i lim10 = _mm256_set1_epi8((char)(0x80 + 10));
	const __m256i under = _mm256_set1_epi8('_');
	const __m256i bslash = _mm256_set1_epi8('\\'), u = _mm256_set1_epi8('u');
	__m256i tlo[3], thi[3];
	size_t i = 0;
	int j;

	for (j = 0; j < 3; j++) {
		tlo[j] = _mm256_broadcastsi128_si256(
		    _mm_loadu_si128((const __m128i *)kw->fp_lo[j]));
		thi[j] = _mm256_broadcastsi128_si256(
		    _mm_loadu_si128((const __m128i *)kw->fp_hi[j]));
	}
	while (n - i >= BLOCK_END) {
		uint64_t w = 0, h = 0, b = 0, nx = 0, fp = 0;
		__m256i live = _mm256_set1_epi8((char)st->fp_live);
		unsigned ext;
		int k;

#pragma GCC unroll 2
		for (k = 0; k < 2; k++) {
			const unsigned char *p = s + i + 32 * k;
			__m256i v = _mm256_loadu_si256((const __m256i *)p);
			__m256i l0 = _mm256_or_si256(v, lcase);
			__m256i acc = _mm256_set1_epi8(-1);
			__m256i letter = _mm256_cmpgt_epi8(lim26,
			    _mm256_add_epi8(l0, to_a));
			__m256i digit = _mm256_cmpgt_epi8(lim10,
			    _mm256_add_epi8(v, to_0));
			__m256i m = _mm256_or_si256(_mm256_or_si256(letter,
			    digit), _mm256_cmpeq_epi8(v, under));

			/* Teddy: bucket bits of byte j's low and high nibble
			 * tables, and-ed over the three bytes. */
#pragma GCC unroll 3
			for (j = 0; j < 3; j++) {
				__m256i l = _mm256_or_si256(_mm256_loadu_si256(
				    (const __m256i *)(p + j)), lcase);

				acc = _mm256_and_si256(acc, _mm256_and_si256(
				    _mm256_shuffle_epi8(tlo[j],
				    _mm256_and_si256(l, low4)),
				    _mm256_shuffle_epi8(thi[j], _mm256_and_si256(
				    _mm256_srli_epi16(l, 4), low4))));
			}
			w |= (uint64_t)(uint32_t)_mm256_movemask_epi8(m) << (32 * k);
			h |= (uint64_t)(uint32_t)_mm256_movemask_epi8(v) << (32 * k);
			fp |= (uint64_t)(uint32_t)~_mm256_movemask_epi8(
			    _mm256_cmpeq_epi8(_mm256_and_si256(acc, live),
			    _mm256_setzero_si256())) << (32 * k);
			if (json) {
				__m256i bs = _mm256_cmpeq_epi8(v, bslash);

				b |= (uint64_t)(uint32_t)_mm256_movemask_epi8(
				    bs) << (32 * k);
				nx |= (uint64_t)(uint32_t)_mm256_movemask_epi8(
				    _mm256_or_si256(bs, _mm256_cmpeq_epi8(v, u)))
				    << (32 * k);
			}
		}
		/* nx held the backslashes and 'u's; the bytes after them
		 * are its bits shifted down by one (the last one's, after
		 * the block, escape_masks does not read). */
		if (json)
			escape_masks(b, nx >> 1, &w, &h);
		{       /* ext_masks, from the 32 bytes at i + 40 */
			__m256i v = _mm256_loadu_si256(
			    (const __m256i *)(s + i + 40));
			__m256i m = _mm256_or_si256(_mm256_or_si256(
			    _mm256_cmpgt_epi8(lim26, _mm256_add_epi8(
			    _mm256_or_si256(v, lcase), to_a)),
			    _mm256_cmpgt_epi8(lim10, _mm256_add_epi8(v, to_0))),
			    _mm256_cmpeq_epi8(v, under));

			if (json)
				v = _mm256_or_si256(v,
				    _mm256_cmpeq_epi8(v, bslash));
			ext = ((uint32_t)_mm256_movemask_epi8(m) >> 24) |
			    ((uint32_t)_mm256_movemask_epi8(v) >> 24) << 8;
		}
		i = block_next(kw, st, s, n, i, w, h, fp, ext, prev_word, 1, 2);
	}
	return i;
}
#endif

#ifdef HAVE_FP_AVX2
/* VBMI's vpermt2b: for each byte of idx, byte idx & 127 of the 128 bytes
 * lo, hi.  In asm so that the AVX-512BW pass, compiled for AVX-512BW
 * alone, holds it; it runs only where the processor has VBMI (fp_on). */
__attribute__((target("avx512bw")))
static inline __attribute__((always_inline)) __m512i
perm128(__m512i lo, __m512i idx, __m512i hi)
{
	__asm__("vpermt2b %2, %1, %0" : "+v"(lo) : "v"(idx), "v"(hi));
	return lo;
}

/* The AVX2 pass with AVX-512BW: 64 bytes a vector, the byte tests giving
 * their masks directly; the same tests on the same bytes, so the same
 * masks.  vbmi: the prefilter looks each byte up whole in fp_tab rather
 * than by its nibbles, and four bytes rather than three (a fourth byte
 * tells "no finding" from "no evidence"), and passes every candidate a
 * keyword may start at: for a window of four plain ASCII bytes, fp_tab
 * is exact (A-Z lowered as lower() does; a keyword shorter than four
 * accepts any byte past its end), and the positions whose window
 * reaches a byte not plain ASCII (a non-ASCII byte, a hard escape) are
 * past the span block_starts trusts or among its last three, which it
 * takes whatever fp says; a simple escape's backslash is in no keyword,
 * as it stands for a character in none. */
__attribute__((target("avx512bw,bmi,bmi2")))
static inline __attribute__((always_inline)) size_t
scan_avx512_json(const struct sfb_kw *kw, struct scan *st,
    const unsigned char *s, size_t n, int *prev_word, int json, int vbmi)
{
	const __m512i lcase = _mm512_set1_epi8(0x20);
	const __m512i low4 = _mm512_set1_epi8(0x0F);
	const __m512i a = _mm512_set1_epi8('a'), d0 = _mm512_set1_epi8('0');
	const __m512i n26 = _mm512_set1_epi8(26), n10 = _mm512_set1_epi8(10);
	const __m512i under = _mm512_set1_epi8('_');
	const __m512i bslash = _mm512_set1_epi8('\\'), u = _mm512_set1_epi8('u');
	__m512i tlo[4], thi[4];
	size_t i = 0;
	int j;

	for (j = 0; j < 3 + vbmi; j++) {
		if (vbmi) {
			tlo[j] = _mm512_loadu_si512(kw->fp_tab[j]);
			thi[j] = _mm512_loadu_si512(kw->fp_tab[j] + 64);
			continue;
		}
		tlo[j] = _mm512_broadcast_i32x4(
		    _mm_loadu_si128((const __m128i *)kw->fp_lo[j]));
		thi[j] = _mm512_broadcast_i32x4(
		    _mm_loadu_si128((const __m128i *)kw->fp_hi[j]));
	}
	while (n - i >= BLOCK_END) {
		const unsigned char *p = s + i;
		__m512i v = _mm512_loadu_si512((const void *)p);
		__m512i l0 = _mm512_or_si512(v, lcase);
		__m512i acc = _mm512_set1_epi8(-1);
		/* Unsigned x - 'a' < 26: the signed trick of the AVX2 pass. */
		uint64_t w = _mm512_cmplt_epu8_mask(_mm512_sub_epi8(l0, a), n26) |
		    _mm512_cmplt_epu8_mask(_mm512_sub_epi8(v, d0), n10) |
		    _mm512_cmpeq_epi8_mask(v, under);
		uint64_t h = _mm512_movepi8_mask(v), fp;
		unsigned ext;

#pragma GCC unroll 4
		for (j = 0; j < 3 + vbmi; j++) {
			__m512i l;

			if (vbmi) {
				acc = _mm512_and_si512(acc, perm128(tlo[j],
				    j ? _mm512_loadu_si512((const void *)(p + j)) :
				    v, thi[j]));
				continue;
			}
			l = _mm512_or_si512(_mm512_loadu_si512(
			    (const void *)(p + j)), lcase);
			acc = _mm512_and_si512(acc, _mm512_and_si512(
			    _mm512_shuffle_epi8(tlo[j], _mm512_and_si512(l, low4)),
			    _mm512_shuffle_epi8(thi[j], _mm512_and_si512(
			    _mm512_srli_epi16(l, 4), low4))));
		}
		fp = _mm512_test_epi8_mask(acc,
		    _mm512_set1_epi8((char)st->fp_live));
		if (json) {     /* as in escapes64 */
			uint64_t b = _mm512_cmpeq_epi8_mask(v, bslash);
			uint64_t nx = (b | _mm512_cmpeq_epi8_mask(v, u)) >> 1;

			escape_masks(b, nx, &w, &h);
		}
		{       /* ext_masks, from the 64 bytes at i + 8 */
			__m512i v8 = _mm512_loadu_si512((const void *)(p + 8));
			uint64_t w8 = _mm512_cmplt_epu8_mask(_mm512_sub_epi8(
			    _mm512_or_si512(v8, lcase), a), n26) |
			    _mm512_cmplt_epu8_mask(_mm512_sub_epi8(v8, d0),
			    n10) | _mm512_cmpeq_epi8_mask(v8, under);
			uint64_t h8 = _mm512_movepi8_mask(v8);

			if (json)
				h8 |= _mm512_cmpeq_epi8_mask(v8, bslash);
			ext = (unsigned)(w8 >> 56) | (unsigned)(h8 >> 56) << 8;
		}
		i = block_next(kw, st, s, n, i, w, h, fp, ext, prev_word, 1,
		    vbmi ? 3 : 2);
	}
	return i;
}
#endif

#ifdef HAVE_FP_AVX2
/* The AVX2 and AVX-512 passes, each compiled twice: for escaped text and
 * for plain text, so that the loop tests neither which it is. */
__attribute__((target("avx2,bmi,bmi2")))
static size_t
scan_blocks_avx2(const struct sfb_kw *kw, struct scan *st,
    const unsigned char *s, size_t n, int *prev_word)
{
	return st->json ? scan_avx2_json(kw, st, s, n, prev_word, 1) :
	    scan_avx2_json(kw, st, s, n, prev_word, 0);
}

/* The AVX-512BW pass compiled once for each kind of text and each
 * prefilter (VBMI's whole bytes or the nibbles), none testing either in
 * its loop. */
__attribute__((target("avx512bw,bmi,bmi2")))
static size_t
scan_blocks_avx512(const struct sfb_kw *kw, struct scan *st,
    const unsigned char *s, size_t n, int *prev_word, int vbmi)
{
	if (vbmi)
		return st->json ?
		    scan_avx512_json(kw, st, s, n, prev_word, 1, 1) :
		    scan_avx512_json(kw, st, s, n, prev_word, 0, 1);
	return st->json ? scan_avx512_json(kw, st, s, n, prev_word, 1, 0) :
	    scan_avx512_json(kw, st, s, n, prev_word, 0, 0);
}
#endif

/* The block path with the widest vectors at hand: returns where it
 * stopped, fewer than BLOCK_END bytes before n. */
static size_t
scan_blocks_best(const struct sfb_kw *kw, struct scan *st,
    const unsigned char *s, size_t n, int *prev_word)
{
#ifdef HAVE_FP_AVX2
	if (kw->fp_on == FP_VBMI || kw->fp_on == FP_AVX512)
		return scan_blocks_avx512(kw, st, s, n, prev_word,
		    kw->fp_on == FP_VBMI);
	if (kw->fp_on == FP_AVX2)
		return scan_blocks_avx2(kw, st, s, n, prev_word);
#endif
	return scan_blocks(kw, st, s, n, prev_word);
}
#endif

/* The scan of s with st set up. */
static void
scan_text(const struct sfb_kw *kw, struct scan *st, const unsigned char *s,
    size_t n)
{
	size_t i = 0;
	int prev_word = 0;

#ifdef __SSE2__
	if (kw->fw_mul != 0)
		i = scan_blocks_best(kw, st, s, n, &prev_word);
	if (kw->fw_mul != 0 && i < n && st->dead != kw->allkw) {
		/* The last bytes, too few for a block, go through the
		 * block path too, copied with spaces after them: keywords
		 * begin and end with word characters, so the spaces add no
		 * match and end the last word as the end of the text does
		 * (for \b, the end of the text is a non-word character).
		 * The blocks end past the copied bytes; offsets are made
		 * offsets into the text by st->base. */
		unsigned char pad[2 * BLOCK_END];
		size_t m = n - i;

		memcpy(pad, s + i, m);
		memset(pad + m, ' ', sizeof pad - m);
		st->base = i;
		scan_blocks_best(kw, st, pad, m + BLOCK_END, &prev_word);
		st->base = 0;
		i = n;
	}
#endif
	while (i < n) {
		i = step(kw, st, s, n, i, &prev_word);
		if (st->dead == kw->allkw)
			break;
	}
}

static void
scan_init(const struct sfb_kw *kw, struct scan *st, int json)
{
	st->cats = 0;
	st->seen = 0;
	st->dead = 0;
	st->fp_live = 0xFF;
	st->kill = kw->kill_cat;
	st->kill_bk = kw->kill_cat_bk;
	st->json = json;
	st->count = NULL;
	st->each = NULL;
	st->each_ctx = NULL;
	st->cls = json ? kw->cls_json : kw->cls;
	st->base = 0;
}

/* sfb_kw_match, or on a JSON string body (json, then without hits). */
static uint32_t
match(const struct sfb_kw *kw, const unsigned char *s, size_t n,
    struct sfb_kw_hit *hits, int json)
{
	struct scan st;
	size_t k;

	scan_init(kw, &st, json);
	if (hits != NULL) {
		st.kill = kw->kill_ev;
		st.kill_bk = kw->kill_ev_bk;
	}
	scan_text(kw, &st, s, n);
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

uint32_t
sfb_kw_match(const struct sfb_kw *kw, const unsigned char *s, size_t n,
    struct sfb_kw_hit *hits)
{
	return match(kw, s, n, hits, 0);
}

uint32_t
sfb_kw_each(const struct sfb_kw *kw, const unsigned char *s, size_t n,
    sfb_kw_each_fn each, void *ctx)
{
	struct scan st;

	scan_init(kw, &st, 0);
	st.kill = kill_none;
	st.kill_bk = kill_none_bk;
	st.each = each;
	st.each_ctx = ctx;
	scan_text(kw, &st, s, n);
	return st.cats;
}

uint32_t
sfb_kw_match_json(const struct sfb_kw *kw, const unsigned char *body,
    size_t n)
{
	return match(kw, body, n, NULL, 1);
}

size_t
sfb_kw_nkw(const struct sfb_kw *kw)
{
	return kw->nkw;
}

size_t
sfb_kw_kw_cat(const struct sfb_kw *kw, size_t k)
{
	return kw->kw_cat[k];
}

size_t
sfb_kw_kw_syn(const struct sfb_kw *kw, size_t k)
{
	return kw->kw_syn[k];
}

uint32_t
sfb_kw_count(const struct sfb_kw *kw, const unsigned char *s, size_t n,
    int json, uint32_t *count, struct sfb_kw_hit *first)
{
	struct scan st;
	size_t k;

	scan_init(kw, &st, json);
	st.kill = kill_none;
	st.kill_bk = kill_none_bk;
	st.count = count;
	memset(count, 0, kw->nkw * sizeof *count);
	scan_text(kw, &st, s, n);
	if (first != NULL)
		for (k = 0; k < kw->nkw; k++) {
			first[k].start = st.start[k];
			first[k].end = st.end[k];
			first[k].synonym = kw->kw_syn[k];
		}
	return st.cats;
}
