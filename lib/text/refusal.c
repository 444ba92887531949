/*
 * refusal.c - response classes (see refusal.h).  The decision is the
 * reference's; speed comes from literals: every pattern requires one
 * (sfb_rx_literal) at a bounded distance from a match's start.
 * - Almost every report is genuine and holds no refusal literal: one
 *   vectorised pass says so, on the JSON string body as it stands
 *   (genuine_avx2; lits_present and plain_body are its portable twin).
 * - A refusing report (plain: without the caseless extras U+0130, U+0131,
 *   U+017F, U+212A) gets a Teddy pass per list of patterns, when the
 *   decision first needs that list, finding the occurrences of its
 *   literals (or, for a literal shorter than the three-byte fingerprint,
 *   its pattern's heads) a growing prefix at a time; each pattern's regex search
 *   then tries only the starts a few code points before its literal's
 *   occurrences (sfb_rx_search_at), the cheapest patterns first, and the
 *   list is decided once one matches, since the class only asks whether
 *   some pattern of a list matches (occ_first_match).  The clinical list
 *   goes first there: a clinical match is genuine with or without a
 *   refusal.  Where the CPU has AVX-512BW and VBMI2 the Teddy pass and
 *   the caseless-extras pass go 64 bytes a step (occ_scan512, extras512;
 *   the AVX2 ones and the portable scans are their twins).
 * - Any other text takes sfb_rx_search, which finds the literals itself.
 * sfb_refusal_explain keeps the reference's order and tries every start
 * (sfb_rx_search_every): the tests hold the fast paths to it.
 */
#include "text/refusal.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif
#if defined(__x86_64__) && defined(__GNUC__)
#include <immintrin.h>
#define HAVE_AVX2_PATH 1
#endif

#include "core/json.h"
#include "text/registry_refusal.h"
#include "text/rx.h"
#include "core/ucd.h"

#define NREFUSAL (sizeof sfb_refusal_patterns / sizeof sfb_refusal_patterns[0])
#define NCLINICAL (sizeof sfb_clinical_patterns / sizeof sfb_clinical_patterns[0])
#define NHEDGED (sizeof sfb_hedged_patterns / sizeof sfb_hedged_patterns[0])
#define NPAT (NREFUSAL + NCLINICAL + NHEDGED)

/*
 * A required literal, every byte ORed with 0x20: for ASCII letters that
 * folds case, and for other bytes it can only add false candidates, which
 * the regex search then rejects.
 */
struct lit {
	unsigned char s[64];
	size_t n;
	size_t j1, j2;          /* the two rarest positions, compared first */
	int same_as;            /* index of an earlier identical literal, or -1 */
	/* Its first eight bytes (fewer: masked) as a word, for occ_hits to
	 * reject a false candidate with one comparison. */
	uint64_t w0, m0;
	/* Its bytes 8..16 and 16..24 the same way (masks 0 past its end),
	 * for rest_at to compare without a loop when n <= 24. */
	uint64_t w1, m1, w2, m2;
};

struct sfb_refusal {
	sfb_rx *refusal[NREFUSAL];
	sfb_rx *clinical[NCLINICAL];
	sfb_rx *hedged[NHEDGED];
	struct lit lit[NREFUSAL];
	sfb_rx_scratch *scratch;
	int avx2;               /* the CPU has AVX2: scan 32 bytes at a time */
	int avx512;             /* and AVX-512BW, VBMI2: occ_scan 64 at a time */
	int json_ok;            /* no literal byte is a folded escape character */
	/* All literals in one pass (Teddy's nibble tables): literal k, in
	 * bucket k, is looked for by its three bytes from off[k], the
	 * rarest run; a literal shorter than three accepts any byte past
	 * its end.  teddy is 0 when the literals do not fit. */
	int teddy;
	size_t off[NREFUSAL];
	uint8_t tlo[3][16], thi[3][16];
	/* Every pattern's literal at once (struct occ): pattern g, in list
	 * order (refusal, clinical, hedged), has its occurrences in list
	 * pat_lit[g] of occ, or -1 when sfb_rx_search_at cannot take them. */
	struct occ *occ;
	/* Pattern g is a labelled line (label_match) with label[g] of
	 * nlabel[g] bytes, or nlabel[g] is 0. */
	const char *label[NPAT];
	size_t nlabel[NPAT];
};

/*
 * The literals of all the patterns, found in one Teddy pass over a plain
 * text (no caseless extras): every start where a literal occurs, ASCII
 * case ignored, for sfb_rx_search_at.  Literal k is fingerprinted by its
 * three bytes from off[k] in bucket bucket[k] (of 8; the literals of a
 * bucket share its nibble tables and are each compared on a hit), and
 * its occurrences go to list slot[k].  A pattern whose required literal
 * is shorter than the fingerprint (two bytes, as "th", frequent in
 * English) is looked for by its heads instead, one literal each, all
 * going to the pattern's one list (head_lits).
 */
#define MAXLIT 64

struct occ {
	int pat_lit[NPAT];
	/* Each list's patterns, cheapest first (fewest branch points): the
	 * class only asks whether some pattern of a list matches, so
	 * classify may try them in any order; explain keeps the
	 * reference's. */
	uint8_t order[NPAT];
	size_t cost[NPAT];              /* sfb_rx_cost of each pattern */
	struct lit all[MAXLIT];
	size_t nall, nslot;
	size_t off[MAXLIT];
	uint8_t slot[MAXLIT];
	/* Per list (refusal, clinical, hedged, each found when the
	 * decision first needs it): its occurrence lists, the literals of
	 * each bucket, and the nibble tables. */
	uint64_t slots_of_list[3];
	uint64_t exact;                 /* literals a fingerprint match proves */
	uint64_t in_bucket[3][8];
	uint64_t of_buckets[3][256];    /* the literals of each set of buckets */
	uint8_t lo[3][3][16], hi[3][3][16];
	size_t *at[MAXLIT];             /* per slot: the starts found, increasing */
	size_t nat[MAXLIT], capat[MAXLIT];
};

const char *
sfb_response_class_name(enum sfb_response_class c)
{
	switch (c) {
	case SFB_GENUINE:
		return "genuine";
	case SFB_PARTIAL_REFUSAL:
		return "partial_refusal";
	case SFB_FULL_REFUSAL:
		return "full_refusal";
	}
	return "?";
}

void
sfb_refusal_free(sfb_refusal *rf)
{
	if (!rf)
		return;
	for (size_t k = 0; k < NREFUSAL; k++)
		sfb_rx_free(rf->refusal[k]);
	for (size_t k = 0; k < NCLINICAL; k++)
		sfb_rx_free(rf->clinical[k]);
	for (size_t k = 0; k < NHEDGED; k++)
		sfb_rx_free(rf->hedged[k]);
	sfb_rx_scratch_free(rf->scratch);
	if (rf->occ)
		for (size_t k = 0; k < MAXLIT; k++)
			free(rf->occ->at[k]);
	free(rf->occ);
	free(rf);
}

/* The characters a two-byte JSON escape stands for (\\" \\\\ \\/ \\b \\f \\n
 * \\r \\t), ORed with 0x20 as the literal comparison does. */
static const char folded_escapes[] = "\"|/(,*-)";

/*
 * The clinical patterns of a labelled line ("Diagnosis: spondylosis"),
 * \bLABEL\s*(?!consult\b|see\b|follow\s*up\b|unknown\b|n/?a\b)[^\s],
 * are decided at a start by direct code (label_match) rather than by the
 * regex engine: they are most of the engine's work on refusing reports.
 * A pattern is taken for one only when its text is exactly this, with a
 * LABEL of lowercase ASCII letters, spaces and colons starting with a
 * letter; any other pattern keeps the engine.
 */
static const char label_tail[] =
    "\\s*(?!consult\\b|see\\b|follow\\s*up\\b|unknown\\b|n/?a\\b)[^\\s]";

static size_t
label_of(const char *pat, const char **label)
{
	size_t n = strlen(pat), tl = sizeof label_tail - 1;

	if (n < 3 + tl || memcmp(pat, "\\b", 2) != 0 || strcmp(pat + n - tl, label_tail) != 0 ||
	    pat[2] < 'a' || pat[2] > 'z')
		return 0;
	for (size_t j = 2; j < n - tl; j++)
		if (!((pat[j] >= 'a' && pat[j] <= 'z') || pat[j] == ' ' || pat[j] == ':'))
			return 0;
	*label = pat + 2;
	return n - tl - 2;
}

/* Does the lowercase ASCII word w occur at t + q, ASCII case ignored
 * (exact in a plain text, as below)? */
static int
ascii_at(const unsigned char *t, size_t n, size_t q, const char *w)
{
	size_t len = strlen(w);

	if (q > n || n - q < len)
		return 0;
	for (size_t j = 0; j < len; j++)
		if ((t[q + j] | 0x20) != (unsigned char)w[j])
			return 0;
	return 1;
}

/* The same followed by a word boundary (w\b). */
static int
word_at(const unsigned char *t, size_t n, size_t q, const char *w)
{
	return ascii_at(t, n, q, w) && sfb_rx_wordb(t, n, q + strlen(w));
}

/* The end of the run of white space (Python's \s) from q. */
static size_t
skip_space(const unsigned char *t, size_t n, size_t q)
{
	while (q < n) {
		size_t adv = 1;
		uint32_t c = t[q] < 0x80 ? t[q] : sfb_utf8_next(t + q, n - q, &adv);
		if (!sfb_ucd_isspace(c))
			break;
		q += adv;
	}
	return q;
}

/*
 * Does the labelled-line pattern of label lab[0..ln) match at start s of
 * a plain text (none of the caseless extras U+0130, U+0131, U+017F,
 * U+212A)?  Python's answer, step by step:
 * - \b, then the label: each letter one byte, either case (in a plain
 *   text no other character matches an ASCII letter under IGNORECASE;
 *   a byte ORed with 0x20 equals a lowercase letter only if it is that
 *   letter), a space or colon itself;
 * - \s* greedy to q, the end of the white space: giving back any of it
 *   cannot help, since [^\s] would then meet white space;
 * - at q a character (not white space, by the greedy run), at which none
 *   of the lookahead's words begins: "consult", "see", "unknown" each
 *   followed by \b; "follow", white space, "up", \b (the inner \s* is
 *   greedy for the same reason); "n", "/" if there is one, "a", \b (had
 *   the "/" been skipped, the "a" would have to be the "/").  Each word
 *   begins with its own letter, so the first byte picks the one to try.
 */
static int
label_match(const unsigned char *t, size_t n, size_t s, const char *lab, size_t ln)
{
	size_t q, r;

	if (n - s < ln || !sfb_rx_wordb(t, n, s))
		return 0;
	for (size_t j = 0; j < ln; j++) {
		unsigned char c = t[s + j], l = (unsigned char)lab[j];
		if ((l >= 'a' && l <= 'z' ? c | 0x20 : c) != l)
			return 0;
	}
	q = skip_space(t, n, s + ln);
	if (q == n)
		return 0;
	/* The lookahead's words begin with different letters. */
	switch (t[q] | 0x20) {
	case 'c':
		return !word_at(t, n, q, "consult");
	case 's':
		return !word_at(t, n, q, "see");
	case 'u':
		return !word_at(t, n, q, "unknown");
	case 'f':
		return !(ascii_at(t, n, q, "follow") && word_at(t, n, skip_space(t, n, q + 6), "up"));
	case 'n':
		r = q + 1 < n && t[q + 1] == '/' ? q + 2 : q + 1;
		return !word_at(t, n, r, "a");
	}
	return 1;
}

/* Does the labelled-line pattern g match at one of the starts occ[0..nocc)? */
static int
label_any(const sfb_refusal *rf, size_t g, const unsigned char *t, size_t n, const size_t *occ,
          size_t nocc)
{
	for (size_t i = 0; i < nocc; i++)
		if (label_match(t, n, occ[i], rf->label[g], rf->nlabel[g]))
			return 1;
	return 0;
}

static int
compile_list(sfb_rx **out, const char *const *pats, size_t n)
{
	for (size_t k = 0; k < n; k++)
		if (!(out[k] = sfb_rx_new(pats[k], strlen(pats[k]), SFB_RX_IGNORECASE, NULL)))
			return -1;
	return 0;
}

static int
lit_at(const unsigned char *t, const struct lit *l)
{
	for (size_t j = 0; j < l->n; j++)
		if ((t[j] | 0x20) != l->s[j])
			return 0;
	return 1;
}

/* Rank of a byte in English text, rarer is higher: the scan compares the
 * two rarest bytes of a literal first to keep false candidates few. */
static int
rarity(unsigned char c)
{
	static const char common[] = " etaoinshrdlcumwfgypbvkjxqz";
	const char *p = memchr(common, c, sizeof common - 1);
	return p ? (int)(p - common) : (int)sizeof common;
}

static void
lit_pick(struct lit *l)
{
	l->j1 = 0;
	l->j2 = l->n > 1 ? l->n - 1 : 0;
	int best = -1;
	for (size_t a = 0; a < l->n; a++)
		for (size_t b = a + 1; b < l->n; b++) {
			int r = rarity(l->s[a]) + rarity(l->s[b]);
			if (l->s[a] != l->s[b] && r > best) {
				best = r;
				l->j1 = a;
				l->j2 = b;
			}
		}
}

static void
teddy_build(sfb_refusal *rf)
{
	if (NREFUSAL > 8)
		return;
	for (size_t k = 0; k < NREFUSAL; k++) {
		const struct lit *l = &rf->lit[k];
		int best = -1;

		rf->off[k] = 0;
		/* Rather a word's last letter, a space and the next word's
		 * first letter ("i c" of "i can", "m u" of "m unable to"):
		 * two letters from skewed distributions, rarer in English
		 * text than the runs within words ("can" of "scan", "abl" of
		 * "unremarkable"); five times fewer candidates on the
		 * realistic corpus.  Else the rarest three letters. */
		for (size_t o = 0; l->n >= 3 && o + 3 <= l->n; o++) {
			const unsigned char *w = l->s + o;
			int r = rarity(w[0]) + rarity(w[1]) + rarity(w[2]);
			if (w[1] == ' ' && w[0] >= 'a' && w[0] <= 'z' && w[2] >= 'a' && w[2] <= 'z')
				r = 1000 + rarity(w[0]) + rarity(w[2]);
			if (r > best) {
				best = r;
				rf->off[k] = o;
			}
		}
		for (size_t j = 0; j < 3; j++) {
			size_t at = rf->off[k] + j;
			for (unsigned v = 0; v < 16; v++) {
				int lo = at >= l->n || (l->s[at] & 15) == v;
				int hi = at >= l->n || (l->s[at] >> 4) == v;
				if (lo)
					rf->tlo[j][v] |= (uint8_t)(1u << k);
				if (hi)
					rf->thi[j][v] |= (uint8_t)(1u << k);
			}
		}
	}
	rf->teddy = 1;
}

static sfb_rx *
pattern(const sfb_refusal *rf, size_t g)
{
	return g < NREFUSAL ? rf->refusal[g] : g < NREFUSAL + NCLINICAL ?
	    rf->clinical[g - NREFUSAL] : rf->hedged[g - NREFUSAL - NCLINICAL];
}

/*
 * Rank of a three-byte run, rarer is higher: its bytes' ranks, less for
 * runs frequent in English text and in reports (the inside of frequent
 * words: the, image, diagnosis, radiograph), less for the start of a
 * word and more for the end of one or the seam between two (each
 * particular seam is rare).  Only speed depends on it.
 */
static int
run_rarity(const unsigned char *s)
{
	static const char common[][4] = {
		"the", "ing", "and", "ion", "tio", "ent", "for", "ati", "ter", "thi",
		"his", "is ", "ng ", "he ", "ed ", " th", " an", "e t", "s t", "not",
		"ere", "con", "ons", "pro", "ver", "res", "ate", "all", "ica", "ist",
		"our", "era", "rea", "ess", "ive", "ity", "can", "ot ", "nno", "age",
		"ima", "mag", "ine", "in ", "ina", "al ", "of ", "ry ", "es ",
		"dio", "gno", "agn", "osi", "sis", "rad", "adi", "iag", "dia",
	};
	int r = rarity(s[0]) + rarity(s[1]) + rarity(s[2]);

	r += s[0] == ' ' ? -8 : s[1] == ' ' ? 8 : s[2] == ' ' ? 4 : 0;

	for (size_t k = 0; k < sizeof common / sizeof common[0]; k++)
		if (memcmp(s, common[k], 3) == 0)
			return r - 30;
	return r;
}

/* The byte offset of literal l's three-byte run of rarest bytes. */
static size_t
rare_run(const struct lit *l)
{
	size_t off = 0;
	int best = -1000;

	for (size_t o = 0; l->n >= 3 && o + 3 <= l->n; o++) {
		int r = run_rarity(l->s + o);
		if (r > best) {
			best = r;
			off = o;
		}
	}
	return off;
}

/* The nibble sets of literal l's run at off: bit v of lo[j] (hi[j]) when
 * byte j of the run may have low (high) nibble v; any past its end. */
static void
run_nibbles(const struct lit *l, size_t off, uint16_t lo[3], uint16_t hi[3])
{
	for (size_t j = 0; j < 3; j++) {
		size_t at = off + j;
		lo[j] = at >= l->n ? 0xFFFF : (uint16_t)(1u << (l->s[at] & 15));
		hi[j] = at >= l->n ? 0xFFFF : (uint16_t)(1u << (l->s[at] >> 4));
	}
}

/* List l's nibble tables from its buckets' nibble sets. */
static void
occ_tables(struct occ *o, size_t l, uint16_t blo[8][3], uint16_t bhi[8][3])
{
	for (unsigned b = 0; b < 8; b++)
		for (size_t j = 0; j < 3; j++)
			for (unsigned v = 0; v < 16; v++) {
				if (blo[b][j] >> v & 1)
					o->lo[l][j][v] |= (uint8_t)(1u << b);
				if (bhi[b][j] >> v & 1)
					o->hi[l][j][v] |= (uint8_t)(1u << b);
			}
}

/* The patterns of each list, g in lists[l]..lists[l + 1). */
static const size_t lists[4] = { 0, NREFUSAL, NREFUSAL + NCLINICAL, NPAT };

/* Adds literal lt of list l, its occurrences going to list slot, in the
 * bucket of list l it widens least (the product of the bucket's
 * nibble-set sizes). */
static void
occ_lit(struct occ *o, size_t l, const struct lit *lt, size_t slot,
        uint16_t blo[8][3], uint16_t bhi[8][3])
{
	size_t k = o->nall++;
	uint16_t klo[3], khi[3];
	double best = 0;
	unsigned bb = 0;

	o->all[k] = *lt;
	memcpy(&o->all[k].w0, lt->s, 8);
	o->all[k].m0 = lt->n >= 8 ? ~(uint64_t)0 : ~(uint64_t)0 >> (64 - 8 * lt->n);
	o->all[k].w0 &= o->all[k].m0;
	for (size_t j = 8; j < 24; j += 8) {
		uint64_t w, m = lt->n <= j ? 0 : lt->n - j >= 8 ? ~(uint64_t)0 :
		    ~(uint64_t)0 >> (64 - 8 * (lt->n - j));

		memcpy(&w, lt->s + j, 8);
		*(j == 8 ? &o->all[k].w1 : &o->all[k].w2) = w & m;
		*(j == 8 ? &o->all[k].m1 : &o->all[k].m2) = m;
	}
	o->off[k] = rare_run(lt);
	o->slot[k] = (uint8_t)slot;
	run_nibbles(&o->all[k], o->off[k], klo, khi);
	for (unsigned b = 0; b < 8; b++) {
		double after = 1, before = 1;
		for (size_t j = 0; j < 3; j++) {
			after *= __builtin_popcount(blo[b][j] | klo[j]) *
			    __builtin_popcount(bhi[b][j] | khi[j]);
			before *= __builtin_popcount(blo[b][j]) *
			    __builtin_popcount(bhi[b][j]);
		}
		if (b == 0 || after - before < best) {
			best = after - before;
			bb = b;
		}
	}
	for (size_t j = 0; j < 3; j++) {
		blo[bb][j] |= klo[j];
		bhi[bb][j] |= khi[j];
	}
	o->in_bucket[l][bb] |= (uint64_t)1 << k;
}

/*
 * Pattern g (of list l) by its heads, when its literal is shorter than
 * the fingerprint and the heads are known: each head one literal, all
 * going to one new list.  Exact: in a plain text every match begins with
 * a head (sfb_rx_head), so the offsets where the heads occur hold every
 * start sfb_rx_search_at could accept.  Returns the list, or -1 (then
 * the literal is looked for as it is).
 */
static int
head_lits(sfb_refusal *rf, size_t g, size_t l, size_t n,
          uint16_t blo[8][3], uint16_t bhi[8][3])
{
	struct occ *o = rf->occ;
	unsigned char h[16];
	size_t nh = 0;

	while (sfb_rx_head(pattern(rf, g), nh, h) > 0)
		nh++;
	if (n >= 3 || nh == 0 || o->nall + nh > MAXLIT)
		return -1;
	for (size_t k = 0; k < nh; k++) {
		struct lit lt;

		memset(&lt, 0, sizeof lt);
		lt.n = sfb_rx_head(pattern(rf, g), k, h);
		for (size_t j = 0; j < lt.n; j++)
			lt.s[j] = (unsigned char)(h[j] | 0x20);
		occ_lit(o, l, &lt, o->nslot, blo, bhi);
	}
	o->slots_of_list[l] |= (uint64_t)1 << o->nslot;
	return (int)o->nslot++;
}

/* Distinct literals of each list's windowed patterns (or their heads). */
static int
occ_build(sfb_refusal *rf)
{
	struct occ *o = calloc(1, sizeof *o);
	uint16_t blo[8][3], bhi[8][3];
	size_t l = 0;

	if (!o)
		return -1;
	rf->occ = o;
	for (size_t g = 0; g < NPAT; g++) {
		if (g == lists[l]) {
			/* A new list: its own buckets. */
			if (l > 0)
				occ_tables(o, l - 1, blo, bhi);
			memset(blo, 0, sizeof blo);
			memset(bhi, 0, sizeof bhi);
			l++;
		}
		const char *s;
		size_t n = sfb_rx_literal(pattern(rf, g), &s), k;
		struct lit lt;

		o->pat_lit[g] = -1;
		if (!sfb_rx_windowed(pattern(rf, g)) || n > sizeof lt.s)
			continue;
		if ((o->pat_lit[g] = head_lits(rf, g, l - 1, n, blo, bhi)) >= 0)
			continue;
		memset(&lt, 0, sizeof lt);
		for (size_t j = 0; j < n; j++)
			lt.s[j] = (unsigned char)(s[j] | 0x20);
		lt.n = n;
		/* A literal shared with an earlier pattern of the list: its list. */
		for (k = 0; k < o->nall; k++)
			if ((o->slots_of_list[l - 1] >> o->slot[k] & 1) && o->all[k].n == n &&
			    memcmp(o->all[k].s, lt.s, n) == 0)
				break;
		if (k < o->nall) {
			o->pat_lit[g] = o->slot[k];
			continue;
		}
		if (o->nall == MAXLIT)
			continue;
		o->pat_lit[g] = (int)o->nslot;
		o->slots_of_list[l - 1] |= (uint64_t)1 << o->nslot;
		occ_lit(o, l - 1, &lt, o->nslot++, blo, bhi);
	}
	occ_tables(o, l - 1, blo, bhi);
	/* A literal of at most three bytes alone in its bucket: the nibble
	 * tables then accept exactly its bytes (ORed with 0x20), so a
	 * fingerprint match is an occurrence. */
	for (l = 0; l < 3; l++)
		for (unsigned b = 0; b < 8; b++) {
			uint64_t ls = o->in_bucket[l][b];
			if (ls && !(ls & (ls - 1)) && o->all[__builtin_ctzll(ls)].n <= 3)
				o->exact |= ls;
		}
	for (l = 0; l < 3; l++)
		for (unsigned bk = 0; bk < 256; bk++)
			for (unsigned b = 0; b < 8; b++)
				if (bk >> b & 1)
					o->of_buckets[l][bk] |= o->in_bucket[l][b];
	for (size_t g = 0; g < NPAT; g++)
		o->cost[g] = sfb_rx_cost(pattern(rf, g));
	for (l = 0; l < 3; l++)
		for (size_t g = lists[l]; g < lists[l + 1]; g++) {
			size_t j = g;
			for (; j > lists[l] && o->cost[o->order[j - 1]] > o->cost[g]; j--)
				o->order[j] = o->order[j - 1];
			o->order[j] = (uint8_t)g;
		}
	return 0;
}

sfb_refusal *
sfb_refusal_new(void)
{
	sfb_refusal *rf = calloc(1, sizeof *rf);
	if (!rf)
		return NULL;
	if (compile_list(rf->refusal, sfb_refusal_patterns, NREFUSAL) < 0 ||
	    compile_list(rf->clinical, sfb_clinical_patterns, NCLINICAL) < 0 ||
	    compile_list(rf->hedged, sfb_hedged_patterns, NHEDGED) < 0 ||
	    !(rf->scratch = sfb_rx_scratch_new())) {
		sfb_refusal_free(rf);
		return NULL;
	}
	sfb_refusal_use_avx2(rf, 2);
	for (size_t k = 0; k < NREFUSAL; k++) {
		const char *s;
		size_t n = sfb_rx_literal(rf->refusal[k], &s);
		struct lit *l = &rf->lit[k];
		if (n > sizeof l->s)
			n = sizeof l->s;
		for (size_t j = 0; j < n; j++)
			l->s[j] = (unsigned char)(s[j] | 0x20);
		l->n = n;
		lit_pick(l);
		l->same_as = -1;
		for (size_t j = 0; j < n; j++)
			if (memchr(folded_escapes, l->s[j], sizeof folded_escapes - 1))
				rf->json_ok = -1;
		for (size_t j = 0; j < k; j++)
			if (rf->lit[j].n == n && memcmp(rf->lit[j].s, l->s, n) == 0) {
				l->same_as = (int)j;
				break;
			}
	}
	rf->json_ok = rf->json_ok == 0;
	for (size_t k = 0; k < NCLINICAL; k++)
		rf->nlabel[NREFUSAL + k] = label_of(sfb_clinical_patterns[k], &rf->label[NREFUSAL + k]);
	teddy_build(rf);
	if (occ_build(rf) < 0) {
		sfb_refusal_free(rf);
		return NULL;
	}
	return rf;
}

#ifdef HAVE_AVX2_PATH
/* The first start >= i of 32-wide blocks that holds l, or the first start
 * the blocks did not cover (for the caller to go on from). */
__attribute__((target("avx2"))) static size_t
lit_scan_avx2(const unsigned char *t, size_t last, const struct lit *l, int *found)
{
	const __m256i fa = _mm256_set1_epi8((char)l->s[l->j1]), fz = _mm256_set1_epi8((char)l->s[l->j2]);
	const __m256i bit = _mm256_set1_epi8(0x20);
	size_t i = 0;
	*found = 0;
	for (; i + 32 <= last + 1; i += 32) {
		__m256i x = _mm256_or_si256(_mm256_loadu_si256((const __m256i *)(t + i + l->j1)), bit);
		__m256i y = _mm256_or_si256(_mm256_loadu_si256((const __m256i *)(t + i + l->j2)), bit);
		unsigned m = (unsigned)_mm256_movemask_epi8(_mm256_and_si256(_mm256_cmpeq_epi8(x, fa),
		                                                             _mm256_cmpeq_epi8(y, fz)));
		while (m) {
			if (lit_at(t + i + (unsigned)__builtin_ctz(m), l)) {
				*found = 1;
				return i;
			}
			m &= m - 1;
		}
	}
	return i;
}
#endif

/* Does t[0..n) hold l, each byte compared after ORing 0x20? */
static int
lit_find(const unsigned char *t, size_t n, const struct lit *l, int avx2)
{
	if (l->n == 0)
		return 1;
	if (n < l->n)
		return 0;
	size_t last = n - l->n, i = 0, j1 = l->j1, j2 = l->j2;
#ifdef HAVE_AVX2_PATH
	if (avx2) {
		int found;
		i = lit_scan_avx2(t, last, l, &found);
		if (found)
			return 1;
	}
#else
	(void)avx2;
#endif
	unsigned char a = l->s[j1], z = l->s[j2];
#if defined(__SSE2__)
	/* Compare two bytes of the literal at 16 starts at once. */
	const __m128i fa = _mm_set1_epi8((char)a), fz = _mm_set1_epi8((char)z);
	const __m128i bit = _mm_set1_epi8(0x20);
	for (; i + 16 <= last + 1; i += 16) {
		__m128i x = _mm_or_si128(_mm_loadu_si128((const __m128i *)(t + i + j1)), bit);
		__m128i y = _mm_or_si128(_mm_loadu_si128((const __m128i *)(t + i + j2)), bit);
		unsigned m = (unsigned)_mm_movemask_epi8(_mm_and_si128(_mm_cmpeq_epi8(x, fa),
		                                                       _mm_cmpeq_epi8(y, fz)));
		while (m) {
			unsigned b = (unsigned)__builtin_ctz(m);
			if (lit_at(t + i + b, l))
				return 1;
			m &= m - 1;
		}
	}
#endif
	for (; i <= last; i++)
		if ((t[i + j1] | 0x20) == a && (t[i + j2] | 0x20) == z && lit_at(t + i, l))
			return 1;
	return 0;
}

/* lit_at, eight bytes at a time while the text lasts (end: its end). */
static int
lit_at8(const unsigned char *t, const unsigned char *end, const struct lit *l)
{
	size_t j = 0;

	for (; j + 8 <= l->n && (size_t)(end - t) >= j + 8; j += 8) {
		uint64_t a, b;
		memcpy(&a, t + j, 8);
		memcpy(&b, l->s + j, 8);
		if ((a | 0x2020202020202020ULL) != b)
			return 0;
	}
	if (j < l->n && (size_t)(end - t) >= j + 8) {
		/* The last 1-7 bytes: compare a whole word, masked. */
		uint64_t a, b, mask = ~(uint64_t)0 >> (64 - 8 * (l->n - j));
		memcpy(&a, t + j, 8);
		memcpy(&b, l->s + j, 8);
		return ((a | 0x2020202020202020ULL) & mask) == (b & mask);
	}
	for (; j < l->n; j++)
		if ((t[j] | 0x20) != l->s[j])
			return 0;
	return 1;
}

/* Adds start p to list k, keeping it increasing without repeats: heads
 * with their fingerprints at different offsets may find their starts
 * out of order; one literal's come in order. */
static int
occ_add(struct occ *o, size_t k, size_t p)
{
	size_t i = o->nat[k];

	if (i > 0 && o->at[k][i - 1] == p)
		return 0;
	if (o->nat[k] == o->capat[k]) {
		size_t cap = o->capat[k] ? 2 * o->capat[k] : 64;
		size_t *na = realloc(o->at[k], cap * sizeof *na);
		if (!na)
			return -1;
		o->at[k] = na;
		o->capat[k] = cap;
	}
	if (i == 0 || o->at[k][i - 1] < p) {
		o->at[k][o->nat[k]++] = p;
		return 0;
	}
	while (i > 0 && o->at[k][i - 1] > p)
		i--;
	if (i > 0 && o->at[k][i - 1] == p)
		return 0;
	memmove(o->at[k] + i + 1, o->at[k] + i, (o->nat[k] - i) * sizeof *o->at[k]);
	o->at[k][i] = p;
	o->nat[k]++;
	return 0;
}

/* The literals of buckets bk whose fingerprint begins at q: each that
 * occurs there (its bytes ORed with 0x20 equal: every true occurrence,
 * and a few more, which the regex search rejects) is added to its list.
 * For one literal the starts come in increasing q, so lists stay sorted. */
static int
occ_hits(struct occ *o, size_t list, const unsigned char *t, size_t n, size_t q, unsigned bk)
{
	while (bk) {
		unsigned b = (unsigned)__builtin_ctz(bk);
		bk &= bk - 1;
		for (uint64_t ls = o->in_bucket[list][b]; ls; ls &= ls - 1) {
			size_t k = (size_t)__builtin_ctzll(ls);
			const struct lit *l = &o->all[k];
			size_t p = q - o->off[k];
			uint64_t x;

			if (q < o->off[k] || p + l->n > n)
				continue;
			if (p + 8 <= n) {
				/* Most candidates differ in their first eight bytes. */
				memcpy(&x, t + p, 8);
				if (((x | 0x2020202020202020ULL) & l->m0) != l->w0)
					continue;
			}
			if (((o->exact >> k & 1) || lit_at8(t + p, t + n, l)) &&
			    occ_add(o, o->slot[k], p) < 0)
				return -1;
		}
	}
	return 0;
}

/* Bytes 8.. of literal l at t (t[0..24) and t[0..l->n rounded up to 8)
 * readable), eight at a time, the last word masked: with its first eight
 * bytes (w0, m0) equal, the comparison of lit_at8. */
static inline int
rest_at(const unsigned char *t, const struct lit *l)
{
	if (l->n <= 24) {
		/* Both words, masked, without a branch: the same comparison
		 * (a mask of 0 past the literal's end compares nothing). */
		uint64_t a1, a2;

		memcpy(&a1, t + 8, 8);
		memcpy(&a2, t + 16, 8);
		return ((((a1 | 0x2020202020202020ULL) & l->m1) ^ l->w1) |
		    (((a2 | 0x2020202020202020ULL) & l->m2) ^ l->w2)) == 0;
	}
	for (size_t j = 8; j < l->n; j += 8) {
		uint64_t a, b, m = l->n - j >= 8 ? ~(uint64_t)0 : ~(uint64_t)0 >> (64 - 8 * (l->n - j));
		memcpy(&a, t + j, 8);
		memcpy(&b, l->s + j, 8);
		if (((a | 0x2020202020202020ULL) ^ b) & m)
			return 0;
	}
	return 1;
}

/*
 * occ_hits for a fingerprint start q at least MAXLIT bytes from both
 * ends of the text, with fewer branches: every literal of buckets bk (a
 * literal is in one bucket, so each once) begins at most MAXLIT - 1
 * bytes before q and ends before n, so the bounds checks always pass
 * and its first eight bytes are read without a branch; only those whose
 * first eight bytes agree are compared further (rest_at: past those
 * eight, the whole literal for one of at most eight bytes, so no
 * exact bit is needed), in increasing k, not bucket by bucket.  Exact: the same literals pass as in occ_hits, and
 * occ_add keeps each list increasing and without repeats whatever the
 * order of its starts.  occ_flush holds it to occ_hits near the ends.
 */
static int
occ_hits_mid(struct occ *o, size_t list, const unsigned char *t, size_t q, unsigned bk)
{
	uint64_t same = 0;

	for (uint64_t ls = o->of_buckets[list][bk]; ls; ls &= ls - 1) {
		size_t k = (size_t)__builtin_ctzll(ls);
		uint64_t x;

		memcpy(&x, t + q - o->off[k], 8);
		same |= (uint64_t)(((x | 0x2020202020202020ULL) & o->all[k].m0) == o->all[k].w0)
		    << k;
	}
	for (; same; same &= same - 1) {
		size_t k = (size_t)__builtin_ctzll(same);
		size_t p = q - o->off[k];

		size_t sl = o->slot[k], i = o->nat[sl];

		if (!rest_at(t + p, &o->all[k]))
			continue;
		/* occ_add's common case inline: a new largest start, room. */
		if ((i == 0 || o->at[sl][i - 1] < p) && i < o->capat[sl])
			o->at[sl][o->nat[sl]++] = p;
		else if (occ_add(o, sl, p) < 0)
			return -1;
	}
	return 0;
}

#ifdef HAVE_AVX2_PATH
/* The buckets whose fingerprints may begin at each of the 32 bytes at s
 * (reads s[0..34)), in b, by the nibble tables lo_t, hi_t; a mask of the
 * nonzero ones returned. */
__attribute__((target("avx2"))) static inline unsigned
occ_block(const __m256i lo_t[3], const __m256i hi_t[3], const unsigned char *s, uint8_t b[32])
{
	const __m256i low4 = _mm256_set1_epi8(0x0F), bit = _mm256_set1_epi8(0x20);
	__m256i acc = _mm256_set1_epi8(-1);

#pragma GCC unroll 3
	for (int j = 0; j < 3; j++) {
		__m256i v = _mm256_or_si256(_mm256_loadu_si256((const __m256i *)(s + j)), bit);
		__m256i lo = _mm256_and_si256(v, low4);
		__m256i hi = _mm256_and_si256(_mm256_srli_epi16(v, 4), low4);
		acc = _mm256_and_si256(acc, _mm256_and_si256(_mm256_shuffle_epi8(lo_t[j], lo),
		                                             _mm256_shuffle_epi8(hi_t[j], hi)));
	}
	unsigned m = ~(unsigned)_mm256_movemask_epi8(_mm256_cmpeq_epi8(acc, _mm256_setzero_si256()));
	if (m)
		_mm256_storeu_si256((__m256i *)b, acc);
	return m;
}

/* Candidates collected by occ_scan before occ_hits looks at them. */
#define NCAND 512

/* occ_hits on each of nc candidates (fingerprint start cq[c], buckets
 * cb[c]), in order. */
static int
occ_flush(struct occ *o, size_t l, const unsigned char *t, size_t n, const size_t *cq,
          const uint8_t *cb, size_t nc)
{
	for (size_t c = 0; c < nc; c++)
		if (cq[c] >= MAXLIT && n - cq[c] >= MAXLIT ?
		    occ_hits_mid(o, l, t, cq[c], cb[c]) < 0 :
		    occ_hits(o, l, t, n, cq[c], cb[c]) < 0)
			return -1;
	return 0;
}

/*
 * The occurrences of list l's literals whose fingerprints begin in
 * [from, to) of t[0..n), added to those found before, 32 fingerprints at
 * a time (from, and to unless it is n, are multiples of 32, so a block
 * read from t never passes to); the last starts are fingerprinted in a
 * copy padded with zero bytes (which can only add candidates: each is
 * compared in t).  The candidates are collected, in order, and looked at
 * NCAND at a time outside the vector loop: a call from it would cost a
 * vzeroupper and the nibble tables' registers for each.
 */
__attribute__((target("avx2"))) static int
occ_scan(struct occ *o, size_t l, const unsigned char *t, size_t n, size_t from, size_t to)
{
	uint8_t b[32], cb[NCAND];
	size_t cq[NCAND], nc = 0, padat = SIZE_MAX;
	unsigned char pad[32 + 34];

	for (size_t i = from; i < to;) {
		/* The tables in registers for the blocks between two calls of
		 * occ_flush (a call would have them spilled and reloaded in
		 * every block). */
		__m256i lo_t[3], hi_t[3];

		for (int j = 0; j < 3; j++) {
			lo_t[j] = _mm256_broadcastsi128_si256(_mm_loadu_si128((const __m128i *)o->lo[l][j]));
			hi_t[j] = _mm256_broadcastsi128_si256(_mm_loadu_si128((const __m128i *)o->hi[l][j]));
		}
		for (; i < to && nc <= NCAND - 32; i += 32) {
			const unsigned char *s = t + i;

			if (i + 34 > n) {
				/* The last blocks (two at most) from the padded copy. */
				if (padat == SIZE_MAX) {
					padat = i;
					memset(pad, 0, sizeof pad);
					memcpy(pad, t + i, n - i);
				}
				s = pad + (i - padat);
			}
			for (unsigned m = occ_block(lo_t, hi_t, s, b); m; m &= m - 1) {
				unsigned q = (unsigned)__builtin_ctz(m);
				if (i + q < to) {
					cq[nc] = i + q;
					cb[nc++] = b[q];
				}
			}
		}
		if (nc > NCAND - 32) {
			if (occ_flush(o, l, t, n, cq, cb, nc) < 0)
				return -1;
			nc = 0;
		}
	}
	return occ_flush(o, l, t, n, cq, cb, nc);
}

/*
 * occ_scan 64 fingerprints a step (AVX-512BW, VBMI2): the same nibble
 * tables in each 128-bit lane, so each byte's buckets are occ_block's,
 * and the same candidates in the same order, at half the vector
 * instructions and without a branch per block or per candidate: a
 * block's candidates (the nonzero bytes before to) are compressed to the
 * front of a vector, their buckets stored at cb + nc and their offsets,
 * widened and added to i, at cq + nc, eight at a time (the arrays have
 * room for a whole block's past NCAND - 64).  from, and to unless it is
 * n, are multiples of 64 (the rounds' ends are multiples of 256); the
 * last starts (a block would read past n) are fingerprinted in a copy
 * padded with zero bytes, as in occ_scan.
 */
__attribute__((target("avx512f,avx512bw,avx512vbmi2,bmi,popcnt"))) static int
occ_scan512(struct occ *o, size_t l, const unsigned char *t, size_t n, size_t from, size_t to)
{
	static const uint8_t iota[64] = {
		0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21,
		22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 37, 38, 39, 40, 41,
		42, 43, 44, 45, 46, 47, 48, 49, 50, 51, 52, 53, 54, 55, 56, 57, 58, 59, 60, 61,
		62, 63,
	};
	uint8_t cb[NCAND + 64], offs[64];
	size_t cq[NCAND + 64], nc = 0, padat = SIZE_MAX;
	unsigned char pad[64 + 66];
	const __m512i low4 = _mm512_set1_epi8(0x0F), bit = _mm512_set1_epi8(0x20);

	for (size_t i = from; i < to;) {
		/* The tables in registers for the blocks between two calls of
		 * occ_flush (a call would have them spilled and reloaded in
		 * every block). */
		const __m512i at = _mm512_loadu_si512((const void *)iota);
		__m512i lo_t[3], hi_t[3];

		for (int j = 0; j < 3; j++) {
			lo_t[j] = _mm512_broadcast_i32x4(_mm_loadu_si128((const __m128i *)o->lo[l][j]));
			hi_t[j] = _mm512_broadcast_i32x4(_mm_loadu_si128((const __m128i *)o->hi[l][j]));
		}
		for (; i < to && nc <= NCAND - 64; i += 64) {
			const unsigned char *s = t + i;
			__m512i acc = _mm512_set1_epi8(-1);

			if (i + 66 > n) {
				/* The last blocks (two at most) from the padded copy. */
				if (padat == SIZE_MAX) {
					padat = i;
					memset(pad, 0, sizeof pad);
					memcpy(pad, t + i, n - i);
				}
				s = pad + (i - padat);
			}
#pragma GCC unroll 3
			for (int j = 0; j < 3; j++) {
				__m512i v = _mm512_or_si512(_mm512_loadu_si512((const void *)(s + j)), bit);
				__m512i lo = _mm512_and_si512(v, low4);
				__m512i hi = _mm512_and_si512(_mm512_srli_epi16(v, 4), low4);
				acc = _mm512_and_si512(acc, _mm512_and_si512(_mm512_shuffle_epi8(lo_t[j], lo),
				                                             _mm512_shuffle_epi8(hi_t[j], hi)));
			}
			uint64_t m = _mm512_test_epi8_mask(acc, acc);
			if (to - i < 64)
				m &= ((uint64_t)1 << (to - i)) - 1;
			size_t cnt = (size_t)__builtin_popcountll(m);
			__m512i q = _mm512_maskz_compress_epi8(m, at);
			__m512i base = _mm512_set1_epi64((long long)i);

			_mm512_storeu_si512((void *)(cb + nc), _mm512_maskz_compress_epi8(m, acc));
			_mm512_storeu_si512((void *)(cq + nc),
			                    _mm512_add_epi64(base, _mm512_cvtepu8_epi64(_mm512_castsi512_si128(q))));
			if (cnt > 8) {
				_mm512_storeu_si512((void *)offs, q);
				for (size_t j = 8; j < cnt; j += 8)
					_mm512_storeu_si512((void *)(cq + nc + j),
					    _mm512_add_epi64(base, _mm512_cvtepu8_epi64(
					    _mm_loadl_epi64((const __m128i *)(offs + j)))));
			}
			nc += cnt;
		}
		if (nc > NCAND - 64) {
			if (occ_flush(o, l, t, n, cq, cb, nc) < 0)
				return -1;
			nc = 0;
		}
	}
	return occ_flush(o, l, t, n, cq, cb, nc);
}
#endif

/* Which literals t[0..n) holds (bit k: literal k, for literals that are
 * not the same as an earlier one), one literal at a time; stops early
 * once all are found (with any, once one is).  The portable twin of
 * genuine_avx2's literal scan. */
static unsigned
lits_present(const sfb_refusal *rf, const unsigned char *t, size_t n, int any)
{
	unsigned found = 0;

	for (size_t k = 0; k < NREFUSAL && !(any && found); k++)
		if (rf->lit[k].same_as < 0 && lit_find(t, n, &rf->lit[k], rf->avx2))
			found |= 1u << k;
	return found;
}

/*
 * Does the text hold U+0130, U+0131, U+017F or U+212A?  Under IGNORECASE
 * they match i, i, s and k, so a text with them skips the prefilter.
 */
static int
extra_at(const unsigned char *t, size_t n, size_t i)
{
	if (i + 1 >= n)
		return 0;
	if (t[i] == 0xC4)
		return t[i + 1] == 0xB0 || t[i + 1] == 0xB1;
	if (t[i] == 0xC5)
		return t[i + 1] == 0xBF;
	if (t[i] == 0xE2)
		return t[i + 1] == 0x84 && i + 2 < n && t[i + 2] == 0xAA;
	return 0;
}

#if defined(__SSE2__)
/* Which of the 16 bytes x are C4, C5 or E2, the only lead bytes of the
 * characters extra_at looks for. */
static inline __m128i
extra_leads(__m128i x)
{
	return _mm_or_si128(_mm_or_si128(
	    _mm_cmpeq_epi8(x, _mm_set1_epi8((char)0xC4)),
	    _mm_cmpeq_epi8(x, _mm_set1_epi8((char)0xC5))),
	    _mm_cmpeq_epi8(x, _mm_set1_epi8((char)0xE2)));
}
#endif

#ifdef HAVE_AVX2_PATH
/* has_caseless_extras 32 bytes at a time: the first offset the blocks did
 * not cover, or SIZE_MAX when they hold an extra. */
__attribute__((target("avx2"))) static size_t
extras_avx2(const unsigned char *t, size_t n)
{
	const __m256i c4 = _mm256_set1_epi8((char)0xC4), c5 = _mm256_set1_epi8((char)0xC5);
	const __m256i e2 = _mm256_set1_epi8((char)0xE2);
	size_t i = 0;

	for (; i + 32 <= n; i += 32) {
		__m256i x = _mm256_loadu_si256((const __m256i *)(t + i));
		unsigned m = (unsigned)_mm256_movemask_epi8(_mm256_or_si256(_mm256_or_si256(
		    _mm256_cmpeq_epi8(x, c4), _mm256_cmpeq_epi8(x, c5)), _mm256_cmpeq_epi8(x, e2)));
		for (; m; m &= m - 1)
			if (extra_at(t, n, i + (unsigned)__builtin_ctz(m)))
				return SIZE_MAX;
	}
	return i;
}
#endif

#ifdef HAVE_AVX2_PATH
/* has_caseless_extras 64 bytes at a time (AVX-512BW) while three more
 * bytes can be read: each extra's whole encoding compared at once, C4
 * B0/B1, C5 BF, E2 84 AA (what extra_at accepts), so the lead bytes of
 * other characters (the E2 of a quotation mark) cost nothing.  The
 * first offset the blocks did not cover, or SIZE_MAX when they hold an
 * extra. */
__attribute__((target("avx512f,avx512bw"))) static size_t
extras512(const unsigned char *t, size_t n)
{
	const __m512i c4 = _mm512_set1_epi8((char)0xC4), c5 = _mm512_set1_epi8((char)0xC5);
	const __m512i e2 = _mm512_set1_epi8((char)0xE2), b0 = _mm512_set1_epi8((char)0xB0);
	const __m512i bf = _mm512_set1_epi8((char)0xBF), x84 = _mm512_set1_epi8((char)0x84);
	const __m512i aa = _mm512_set1_epi8((char)0xAA), fe = _mm512_set1_epi8((char)0xFE);
	size_t i = 0;

	for (; i + 66 <= n; i += 64) {
		__m512i x0 = _mm512_loadu_si512((const void *)(t + i));
		__m512i x1 = _mm512_loadu_si512((const void *)(t + i + 1));
		__m512i x2 = _mm512_loadu_si512((const void *)(t + i + 2));
		__mmask64 m = (_mm512_cmpeq_epi8_mask(x0, c4) &
		               _mm512_cmpeq_epi8_mask(_mm512_and_si512(x1, fe), b0)) |
		              (_mm512_cmpeq_epi8_mask(x0, c5) & _mm512_cmpeq_epi8_mask(x1, bf)) |
		              (_mm512_cmpeq_epi8_mask(x0, e2) & _mm512_cmpeq_epi8_mask(x1, x84) &
		               _mm512_cmpeq_epi8_mask(x2, aa));
		if (m)
			return SIZE_MAX;
	}
	return i;
}
#endif

static int
has_caseless_extras(const unsigned char *t, size_t n, int avx2, int avx512)
{
	size_t i = 0;
#ifdef HAVE_AVX2_PATH
	if (avx512 && (i = extras512(t, n)) == SIZE_MAX)
		return 1;
	if (avx2 && !avx512 && (i = extras_avx2(t, n)) == SIZE_MAX)
		return 1;
#else
	(void)avx2;
	(void)avx512;
#endif
#if defined(__SSE2__)
	/* Test 16 bytes at a time for a lead byte. */
	for (; i + 16 <= n; i += 16) {
		__m128i x = _mm_loadu_si128((const __m128i *)(t + i));
		unsigned m = (unsigned)_mm_movemask_epi8(extra_leads(x));
		while (m) {
			if (extra_at(t, n, i + (unsigned)__builtin_ctz(m)))
				return 1;
			m &= m - 1;
		}
	}
#endif
	for (; i < n; i++)
		if (t[i] >= 0xC4 && extra_at(t, n, i))
			return 1;
	return 0;
}

/* Python: not text.strip() */
static int
is_blank(const unsigned char *t, size_t n)
{
	size_t i = 0;
	while (i < n) {
		if (t[i] < 0x80) {
			unsigned char c = t[i];
			if (!((c >= 9 && c <= 13) || (c >= 0x1C && c <= 0x20)))
				return 0;
			i++;
			continue;
		}
		size_t adv;
		uint32_t cp = sfb_utf8_next(t + i, n - i, &adv);
		if (!sfb_ucd_isspace(cp))
			return 0;
		i += adv;
	}
	return 1;
}

/* How first_match searches: every start (the reference), near the
 * literals, near the literals of a text without the caseless extras,
 * the same at the literals occ_scan finds (occ_first_match). */
enum { SEARCH_EVERY, SEARCH_ANY, SEARCH_PLAIN, SEARCH_OCC };

#ifdef HAVE_AVX2_PATH
/*
 * Whether some pattern of list l (list, patterns base..base + nlist of
 * occ) matches a plain text, by the occurrences of its literals: found
 * by occ_scan a growing prefix at a time (256 bytes, then twice as much
 * each round), each pattern tried after each round at its literal's new
 * occurrences only, cheapest first.  Exact: the class only asks whether
 * some pattern matches, and every start sfb_rx_search_at tries is one
 * of the text (it reads the whole text, and its memo, cleared per call,
 * holds only what fails from a position), so a match found early is a
 * match; with none, every occurrence was tried in the end, as in one
 * pass.  A refusing sentence near a report's start spares the scan of
 * the rest; the rounds are few (their number grows as log n).  Before
 * the last round only patterns of at most EARLY_COST branch points (no
 * .*) are tried: a costlier search could cost more than the scan it
 * spares; it is tried in the last round at all its occurrences.  Returns
 * a matching pattern's index, -1 for none, -2 out of memory.
 */
#define EARLY_COST 3

static int
occ_first_match(sfb_refusal *rf, sfb_rx *const *list, size_t nlist, size_t base, size_t l,
                const unsigned char *t, size_t n)
{
	struct occ *o = rf->occ;
	size_t tried[NPAT] = { 0 };     /* per pattern: occurrences tried */

	for (uint64_t ls = o->slots_of_list[l]; ls; ls &= ls - 1)
		o->nat[__builtin_ctzll(ls)] = 0;
	for (size_t from = 0, step = 256; from < n; from += step, step *= 2) {
		size_t to = n - from > step ? from + step : n;
		if ((rf->avx512 ? occ_scan512(o, l, t, n, from, to) : occ_scan(o, l, t, n, from, to)) < 0)
			return -2;
		for (size_t i = 0; i < nlist; i++) {
			size_t k = o->order[base + i] - base;
			int li = o->pat_lit[base + k];
			if (li < 0 || o->nat[li] == tried[k] ||
			    (to < n && o->cost[base + k] > EARLY_COST))
				continue;
			int m = rf->nlabel[base + k] ?
			    label_any(rf, base + k, t, n, o->at[li] + tried[k], o->nat[li] - tried[k]) :
			    sfb_rx_search_at(list[k], rf->scratch, t, n, o->at[li] + tried[k],
			                     o->nat[li] - tried[k], NULL);
			tried[k] = o->nat[li];
			if (m < 0)
				return -2;
			if (m)
				return (int)k;
		}
	}
	/* Patterns sfb_rx_search_at cannot take. */
	for (size_t i = 0; i < nlist; i++) {
		size_t k = o->order[base + i] - base;
		if (o->pat_lit[base + k] >= 0)
			continue;
		int m = sfb_rx_search_plain(list[k], rf->scratch, t, n, NULL);
		if (m < 0)
			return -2;
		if (m)
			return (int)k;
	}
	return -1;
}
#endif

/* Index of the first pattern of list that matches, -1 for none, -2 OOM. */
static int
first_match(sfb_refusal *rf, sfb_rx *const *list, size_t nlist, size_t base,
            const unsigned char *t, size_t n, const unsigned char *skip,
            int how)
{
#ifdef HAVE_AVX2_PATH
	if (how == SEARCH_OCC)
		return occ_first_match(rf, list, nlist, base, base == 0 ? 0 : base == NREFUSAL ? 1 : 2,
		                       t, n);
#endif
	for (size_t i = 0; i < nlist; i++) {
		size_t k = how == SEARCH_EVERY ? i : rf->occ->order[base + i] - base;
		if (skip && skip[k])
			continue;
		int m = how == SEARCH_PLAIN ? sfb_rx_search_plain(list[k], rf->scratch, t, n, NULL) :
		    how == SEARCH_ANY ? sfb_rx_search(list[k], rf->scratch, t, n, NULL) :
		    sfb_rx_search_every(list[k], rf->scratch, t, n, NULL);
		if (m < 0)
			return -2;
		if (m)
			return (int)k;
	}
	return -1;
}

static int
decide(sfb_refusal *rf, const unsigned char *t, size_t n, int prefilter,
       int *refusal, int *clinical, int *hedged)
{
	*refusal = *clinical = *hedged = -1;
	if (is_blank(t, n))
		return SFB_FULL_REFUSAL;
	unsigned char skip[NREFUSAL];
	int useskip = prefilter && !has_caseless_extras(t, n, rf->avx2, rf->avx512);
	int how = !prefilter ? SEARCH_EVERY : useskip ? SEARCH_PLAIN : SEARCH_ANY;
#ifdef HAVE_AVX2_PATH
	if (useskip && rf->avx2)
		how = SEARCH_OCC;       /* occ_first_match */
#endif
	if (useskip && how != SEARCH_OCC) {
		unsigned found = lits_present(rf, t, n, 0);
		if (!found)
			return SFB_GENUINE;
		for (size_t k = 0; k < NREFUSAL; k++) {
			const struct lit *l = &rf->lit[k];
			skip[k] = l->same_as >= 0 ? skip[l->same_as] : !(found >> k & 1);
		}
	}
	if (how == SEARCH_OCC) {
		/*
		 * The clinical list first: a clinical match makes the text
		 * genuine whether or not a refusal pattern matches (genuine
		 * without a refusal, genuine with one), so the refusal list
		 * is then not needed; without one, the reference's order
		 * follows.  The same class; the scans it spares are the
		 * refusal list's on texts that say what the image shows
		 * (cachegrind, 8 MB: 7% fewer instructions on the dense
		 * corpus, 10% on the realistic one).  explain, which
		 * reports which pattern of each list decided, keeps the
		 * reference's order.
		 */
		int c = first_match(rf, rf->clinical, NCLINICAL, NREFUSAL, t, n, NULL, how);
		if (c == -2)
			return -1;
		if (c >= 0)
			return SFB_GENUINE;
	}
	int r = first_match(rf, rf->refusal, NREFUSAL, 0, t, n,
	    useskip && how != SEARCH_OCC ? skip : NULL, how);
	if (r == -2)
		return -1;
	*refusal = r;
	if (r < 0)
		return SFB_GENUINE;
	if (how == SEARCH_OCC)
		r = -1;                 /* no clinical match, above */
	else if ((r = first_match(rf, rf->clinical, NCLINICAL, NREFUSAL, t, n, NULL, how)) == -2)
		return -1;
	*clinical = r;
	if (r >= 0)
		return SFB_GENUINE;
	if ((r = first_match(rf, rf->hedged, NHEDGED, NREFUSAL + NCLINICAL, t, n, NULL, how)) == -2)
		return -1;
	*hedged = r;
	return r >= 0 ? SFB_PARTIAL_REFUSAL : SFB_FULL_REFUSAL;
}

int
sfb_refusal_classify(sfb_refusal *rf, const char *text, size_t n)
{
	int a, b, c;
	return decide(rf, (const unsigned char *)text, n, 1, &a, &b, &c);
}

/*
 * Can the prefilter read the escaped body as it stands?  Only if every
 * \\u escape stands for a non-ASCII code point other than the caseless
 * extras, and none of those is in the body raw: then a literal (ASCII,
 * with no folded escape character) occurs in the decoded text exactly
 * where it occurs in the body, or not at all.  One pass for both: a
 * backslash before a 'u' or a lead byte C4, C5 or E2 is looked at more
 * closely (an escaped backslash before a 'u' only costs a look).
 */
static int
suspect_at(const unsigned char *t, size_t n, size_t i)
{
	if (t[i] == '\\') {
		size_t adv;
		uint32_t cp;

		if (n - i < 6)
			return 0;
		cp = sfb_json_esc((const char *)t + i, n - i, &adv);
		return cp < 0x80 || cp == 0x130 || cp == 0x131 || cp == 0x17F ||
		    cp == 0x212A;
	}
	return extra_at(t, n, i);
}

static int
plain_body(const unsigned char *t, size_t n)
{
	size_t i = 0;
#if defined(__SSE2__)
	const __m128i bs = _mm_set1_epi8('\\'), u = _mm_set1_epi8('u');
	for (; i + 17 <= n; i += 16) {
		__m128i x = _mm_loadu_si128((const __m128i *)(t + i));
		__m128i y = _mm_loadu_si128((const __m128i *)(t + i + 1));
		__m128i hit = _mm_or_si128(extra_leads(x),
		    _mm_and_si128(_mm_cmpeq_epi8(x, bs), _mm_cmpeq_epi8(y, u)));
		unsigned m = (unsigned)_mm_movemask_epi8(hit);
		while (m) {
			if (suspect_at(t, n, i + (unsigned)__builtin_ctz(m)))
				return 0;
			m &= m - 1;
		}
	}
#endif
	for (; i < n; i++)
		if (((t[i] == '\\' && i + 1 < n && t[i + 1] == 'u') || t[i] >= 0xC4) &&
		    suspect_at(t, n, i))
			return 0;
	return 1;
}

#ifdef HAVE_AVX2_PATH
/* The constants of genuine_block, made once per text.  tl[0] has only
 * the buckets of the literals wanted: a shuffle looks bytes up, so
 * masking the table masks what it gives (every index is below 16). */
struct gconst {
	__m256i tl[3], th[3], low4, bit;
};

/*
 * One 32-byte block of genuine_avx2 at t (t[0..34) readable): the Teddy
 * fingerprint candidates (acc nonzero) and the suspect positions of
 * plain_body (a lead byte C4, C5 or E2, a backslash before a 'u') as
 * two bit masks.  (x & 0xFE) == 0xC4 is x == 0xC4 or x == 0xC5.
 */
__attribute__((target("avx2"))) static inline void
genuine_block(const struct gconst *g, const unsigned char *t, unsigned *lit, unsigned *sus,
              __m256i *acc)
{
	__m256i v0 = _mm256_loadu_si256((const __m256i *)t);
	__m256i v1 = _mm256_loadu_si256((const __m256i *)(t + 1));
	__m256i v2 = _mm256_loadu_si256((const __m256i *)(t + 2));
	__m256i f0 = _mm256_or_si256(v0, g->bit), f1 = _mm256_or_si256(v1, g->bit);
	__m256i f2 = _mm256_or_si256(v2, g->bit);
	__m256i a0 = _mm256_and_si256(
	    _mm256_shuffle_epi8(g->tl[0], _mm256_and_si256(f0, g->low4)),
	    _mm256_shuffle_epi8(g->th[0], _mm256_and_si256(_mm256_srli_epi16(f0, 4), g->low4)));
	__m256i a1 = _mm256_and_si256(
	    _mm256_shuffle_epi8(g->tl[1], _mm256_and_si256(f1, g->low4)),
	    _mm256_shuffle_epi8(g->th[1], _mm256_and_si256(_mm256_srli_epi16(f1, 4), g->low4)));
	__m256i a2 = _mm256_and_si256(
	    _mm256_shuffle_epi8(g->tl[2], _mm256_and_si256(f2, g->low4)),
	    _mm256_shuffle_epi8(g->th[2], _mm256_and_si256(_mm256_srli_epi16(f2, 4), g->low4)));
	__m256i a = _mm256_and_si256(_mm256_and_si256(a0, a1), a2);
	__m256i s = _mm256_or_si256(
	    _mm256_cmpeq_epi8(_mm256_and_si256(v0, _mm256_set1_epi8((char)0xFE)),
	                      _mm256_set1_epi8((char)0xC4)),
	    _mm256_or_si256(_mm256_cmpeq_epi8(v0, _mm256_set1_epi8((char)0xE2)),
	    _mm256_and_si256(_mm256_cmpeq_epi8(v0, _mm256_set1_epi8('\\')),
	                     _mm256_cmpeq_epi8(v1, _mm256_set1_epi8('u')))));
	*lit = ~(unsigned)_mm256_movemask_epi8(_mm256_cmpeq_epi8(a, _mm256_setzero_si256()));
	*sus = (unsigned)_mm256_movemask_epi8(s);
	*acc = a;
}

/* Does a block's candidate or suspect position (bits lit, sus of the
 * block at text offset i) prove t[0..n) is no plain genuine body? */
__attribute__((target("avx2"))) static int
genuine_hits(const sfb_refusal *rf, const unsigned char *t, size_t n, size_t i, unsigned lit,
             unsigned sus, __m256i acc)
{
	uint8_t b[32];

	_mm256_storeu_si256((__m256i *)b, acc);
	for (; lit; lit &= lit - 1) {
		unsigned q = (unsigned)__builtin_ctz(lit);
		size_t p = i + q;

		for (unsigned bk = b[q]; bk; bk &= bk - 1) {
			unsigned k = (unsigned)__builtin_ctz(bk);
			const struct lit *l = &rf->lit[k];

			if (p >= rf->off[k] && p - rf->off[k] + l->n <= n &&
			    lit_at(t + p - rf->off[k], l))
				return 1;
		}
	}
	for (; sus; sus &= sus - 1) {
		size_t p = i + (unsigned)__builtin_ctz(sus);

		if (p < n && suspect_at(t, n, p))
			return 1;
	}
	return 0;
}

/*
 * lits_present(rf, t, n, 1) == 0 && plain_body(t, n) in one pass: the
 * Teddy fingerprints and plain_body's suspect bytes of each 32-byte block
 * from the same loads.  Exact: the answer is the conjunction of the two,
 * so the order in which the positions are looked at does not matter;
 * every position of the text is a fingerprint position and a suspect
 * position of exactly one block, and each hit is decided by the checks
 * of the two passes (lit_at within the text, suspect_at).  The last
 * bytes (fewer than 34) are read from a copy padded with 0xFF, which is
 * no literal byte (literals are ASCII), no lead byte C4, C5 or E2, no
 * backslash and no 'u': the padding adds no hit but at a literal's
 * "any byte" positions past its end, and those are held to the text's
 * end by the bounds check.
 */
__attribute__((target("avx2"))) static int
genuine_avx2(const sfb_refusal *rf, const unsigned char *t, size_t n)
{
	unsigned want = 0, lit, sus;
	size_t i = 0;
	__m256i acc;

	for (size_t k = 0; k < NREFUSAL; k++)
		if (rf->lit[k].same_as < 0 && rf->lit[k].n == 0)
			return 0;       /* the empty literal is everywhere */
		else if (rf->lit[k].same_as < 0)
			want |= 1u << k;
	struct gconst g;
	g.low4 = _mm256_set1_epi8(0x0F);
	g.bit = _mm256_set1_epi8(0x20);
	for (int j = 0; j < 3; j++) {
		g.tl[j] = _mm256_broadcastsi128_si256(_mm_loadu_si128((const __m128i *)rf->tlo[j]));
		g.th[j] = _mm256_broadcastsi128_si256(_mm_loadu_si128((const __m128i *)rf->thi[j]));
	}
	g.tl[0] = _mm256_and_si256(g.tl[0], _mm256_set1_epi8((char)want));
	for (; i + 34 <= n; i += 32) {
		genuine_block(&g, t + i, &lit, &sus, &acc);
		if ((lit | sus) && genuine_hits(rf, t, n, i, lit, sus, acc))
			return 0;
	}
	unsigned char pad[96];
	memset(pad, 0xFF, sizeof pad);
	memcpy(pad, t + i, n - i);
	for (size_t q = 0; i + q < n; q += 32) {
		genuine_block(&g, pad + q, &lit, &sus, &acc);
		if ((lit | sus) && genuine_hits(rf, t, n, i + q, lit, sus, acc))
			return 0;
	}
	return 1;
}
#endif

int
sfb_refusal_genuine_json(sfb_refusal *rf, const char *body, size_t n)
{
	const unsigned char *t = (const unsigned char *)body;
	size_t i = 0;

	if (!rf->json_ok)
		return 0;
	/* Not blank: the first byte that is not a space stands for itself
	 * and is no white space when it is plain ASCII (JSON has no raw
	 * control characters). */
	while (i < n && t[i] == ' ')
		i++;
	if (i == n || t[i] >= 0x80 || t[i] == '\\')
		return 0;
#ifdef HAVE_AVX2_PATH
	if (rf->avx2 && rf->teddy)
		return genuine_avx2(rf, t, n);
#endif
	/* Both must hold; the literal scan stops at the first literal, so
	 * on a refusing text it goes first. */
	return lits_present(rf, t, n, 1) == 0 && plain_body(t, n);
}

void
sfb_refusal_use_avx2(sfb_refusal *rf, int on)
{
	rf->avx2 = rf->avx512 = 0;
#ifdef HAVE_AVX2_PATH
	rf->avx2 = on && __builtin_cpu_supports("avx2");
	rf->avx512 = rf->avx2 && on >= 2 && __builtin_cpu_supports("avx512bw") &&
	    __builtin_cpu_supports("avx512vbmi2");
#else
	(void)on;
#endif
}

int
sfb_refusal_explain(sfb_refusal *rf, const char *text, size_t n,
                    int *refusal, int *clinical, int *hedged)
{
	/* No prefilter: the plain reference order, for checking the fast path. */
	return decide(rf, (const unsigned char *)text, n, 0, refusal, clinical, hedged);
}
