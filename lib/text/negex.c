/* negex.c - GenNegEx v1.2's negCheck, byte for byte (see negex.h).
 *
 * Fast paths, each with the plain code it must agree with kept beside it
 * (sfb_negex_set_plain; tests/unit/test_negex.c compares the two): the
 * trigger candidates are found from 64-byte letter and delimiter masks,
 * one run of letters at a time, instead of byte by byte; a rule's
 * replaceAll skips 16 bytes at a time to its first letter.  SSE2 is part
 * of x86-64; building with -DSFB_SCALAR keeps only portable C. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#if defined(__SSE2__) && !defined(SFB_SCALAR)
#include <emmintrin.h>
#endif

#include "core/buf.h"
#include "core/ucd.h"
#include "text/negex.h"

static const struct sfb_negex_trigger triggers[] = {
#include "text/registry_negex.h"
};

#define NTRIG (sizeof triggers / sizeof triggers[0])
#define NWORDS ((NTRIG + 63) / 64)
#define MAXFIRST 24             /* distinct first words per first letter */
#define MAXRUN 24               /* longest letter run a first word begins with */
#define MAXSEC 16               /* second words' first bytes per first word */

static const char *const tag_text[] = {
	"[PREN]", "[POST]", "[PREP]", "[POSP]", "[PSEU]", "[CONJ]",
};

/* Token classes of the scope walk; the first six are the trigger tags. */
enum { T_PREN, T_POST, T_PREP, T_POSP, T_PSEU, T_CONJ, T_PHRASE, T_OTHER };

struct first {                  /* a distinct first word of the triggers */
	const char *w;
	uint32_t n;
	uint32_t id;                /* its rules: nx->fr[id] */
};

struct first_rules {            /* the rules of a first word */
	uint64_t rules[NWORDS];     /* the sorted rules it begins */
	uint64_t single[NWORDS];    /* those of this one word */
	uint8_t nsec;               /* the others by their second word's */
	uint8_t sec[MAXSEC];        /* first byte: nx->sec_rules[sec_at[j]] */
	uint16_t sec_at[MAXSEC];
};

struct tok {
	size_t p, n;                /* trimmed token in the final string */
	int cls;
	int conv;                   /* 0, or the status it was turned into */
	size_t by;                  /* token of the trigger that turned it */
};

struct sfb_negex {
	const struct sfb_negex_trigger *rule[NTRIG];    /* GenNegEx's order */
	size_t rule_len[NTRIG];
	struct first first[26][MAXFIRST];
	size_t nfirst[26];
	/* The first words of letter c whose leading run of letters is r long
	 * are first[c][run[c][r]] up to first[c][run[c][r + 1]]: first[c] is
	 * kept sorted on that length. */
	uint8_t run[26][MAXRUN + 2];
	uint32_t lens[26];          /* bit r: first words of run length r */
	/* Rules by first word and second word's first byte, apart from the
	 * hot first words so that those stay in a few cache lines. */
	uint64_t sec_rules[NTRIG][NWORDS];
	/* Apart from the words, which the scan reads for every candidate
	 * word and which so stay in a few cache lines. */
	struct first_rules fr[NTRIG];
	size_t nfr;
	size_t nsec_rules;
	int plain;                  /* sfb_negex_set_plain */
	uint64_t opens;             /* rule bit words: PREN/POST/PREP/POSP */
	uint64_t open_bits[NWORDS];
	struct sfb_buf a, b, g;     /* working sentence, its next form, text */
	struct tok *tok;
	size_t ntok, captok;
	struct sfb_negex_mark *mk;  /* target occurrences, dotted offsets */
	size_t capmk;
	uint64_t cand[NWORDS];      /* sfb_negex_may_scope's candidates */
	const unsigned char *cand_s;    /* for this sentence */
	size_t cand_n;
	uint8_t start[256];         /* lowered letter + 1 after a left
	                             * delimiter may begin a trigger, or 0 */
	uint8_t left[256];          /* possible left delimiters */
	const char *why;
};

const char *
sfb_negex_status_name(enum sfb_negex_status st)
{
	static const char *const name[] = {"affirmed", "possible", "negated"};

	return name[st];
}

const struct sfb_negex_trigger *
sfb_negex_triggers(size_t *n)
{
	*n = NTRIG;
	return triggers;
}

/* Java's \p{Punct}: the ASCII punctuation. */
static int
is_punct(unsigned c)
{
	return (c >= '!' && c <= '/') || (c >= ':' && c <= '@') ||
	    (c >= '[' && c <= '`') || (c >= '{' && c <= '~');
}

/* Java's \s without UNICODE_CHARACTER_CLASS. */
static int
is_jspace(unsigned c)
{
	return c == ' ' || (c >= '\t' && c <= '\r');
}

/* The trigger pattern's first and last character classes:
 * [[\p{Punct}&&[^\]\[]]|\s+] and [[\p{Punct}&&[^_]]|\s+]. */
static int
is_pre(unsigned c)
{
	return (is_punct(c) && c != '[' && c != ']') || is_jspace(c);
}

static int
is_post(unsigned c)
{
	return (is_punct(c) && c != '_') || is_jspace(c);
}

static unsigned
lower(unsigned c)
{
	return c >= 'A' && c <= 'Z' ? c + 32 : c;
}

static int
is_alpha(unsigned c)
{
	return lower(c) >= 'a' && lower(c) <= 'z';
}

static size_t
first_word_len(const char *w)
{
	size_t n = 0;

	while (w[n] != '\0' && w[n] != ' ')
		n++;
	return n;
}

/* Rule r begins with first word f; c is its second word's first byte,
 * or 0. */
static int
add_rule(struct sfb_negex *nx, const struct first *fw, size_t r,
    unsigned char c)
{
	struct first_rules *f = &nx->fr[fw->id];
	uint64_t bit = (uint64_t)1 << (r % 64);
	size_t j;

	f->rules[r / 64] |= bit;
	if (c == 0) {
		f->single[r / 64] |= bit;
		return 0;
	}
	for (j = 0; j < f->nsec && f->sec[j] != c; j++)
		;
	if (j == MAXSEC)
		return -1;
	if (j == f->nsec) {
		f->sec[f->nsec++] = c;
		f->sec_at[j] = (uint16_t)nx->nsec_rules++;
	}
	nx->sec_rules[f->sec_at[j]][r / 64] |= bit;
	return 0;
}

/* The length of the run of ASCII letters a first word begins with. */
static size_t
letter_run(const char *w, size_t n)
{
	size_t r = 0;

	while (r < n && is_alpha((unsigned char)w[r]))
		r++;
	return r;
}

/* Sort the nf first words f of one letter on their leading letter runs
 * (a stable insertion sort: the order within a run length does not
 * matter, as candidates() ors the rules of every word that matches) and
 * index them: run[r] is the first with a run of r letters or more. */
static int
index_runs(struct first *f, size_t nf, uint8_t *run)
{
	size_t i, j, r;

	for (i = 1; i < nf; i++) {
		struct first t = f[i];
		size_t rt = letter_run(t.w, t.n);

		for (j = i; j > 0 && letter_run(f[j - 1].w, f[j - 1].n) > rt; j--)
			f[j] = f[j - 1];
		f[j] = t;
	}
	for (r = 0, i = 0; r <= MAXRUN + 1; r++) {
		while (i < nf && letter_run(f[i].w, f[i].n) < r)
			i++;
		run[r] = (uint8_t)i;
	}
	return nf > 0 && letter_run(f[nf - 1].w, f[nf - 1].n) > MAXRUN;
}

struct sfb_negex *
sfb_negex_new(void)
{
	struct sfb_negex *nx = calloc(1, sizeof *nx);
	size_t i, j;

	if (nx == NULL)
		return NULL;
	/* Sorter.sortRules: an exchange sort on the length of the trimmed
	 * rule line ("words", two tabs, "[TAG]"), longest first; its order
	 * among rules of equal length is part of the algorithm. */
	for (i = 0; i < NTRIG; i++) {
		nx->rule[i] = &triggers[i];
		nx->rule_len[i] = strlen(triggers[i].words);
		/* sfb_negex_may_scope counts on it. */
		if (strchr(triggers[i].words, '.') != NULL) {
			free(nx);
			return NULL;
		}
	}
	for (i = 0; i + 1 < NTRIG; i++) {
		for (j = i + 1; j < NTRIG; j++) {
			if (nx->rule_len[i] < nx->rule_len[j]) {
				const struct sfb_negex_trigger *t = nx->rule[i];
				size_t l = nx->rule_len[i];

				nx->rule[i] = nx->rule[j];
				nx->rule_len[i] = nx->rule_len[j];
				nx->rule[j] = t;
				nx->rule_len[j] = l;
			}
		}
	}
	for (i = 0; i < NTRIG; i++) {
		const char *w = nx->rule[i]->words;
		size_t n = first_word_len(w), L = (unsigned char)w[0] - 'a', k;

		if (nx->rule[i]->type <= SFB_NEGEX_POSP)
			nx->open_bits[i / 64] |= (uint64_t)1 << (i % 64);
		for (k = 0; k < nx->nfirst[L]; k++)
			if (nx->first[L][k].n == n &&
			    memcmp(nx->first[L][k].w, w, n) == 0)
				break;
		if (k == nx->nfirst[L]) {
			if (k == MAXFIRST) {
				free(nx);
				return NULL;
			}
			nx->first[L][k].w = w;
			nx->first[L][k].n = (uint32_t)n;
			nx->first[L][k].id = (uint32_t)nx->nfr++;
			nx->nfirst[L]++;
		}
		if (add_rule(nx, &nx->first[L][k], i, w[n] == ' ' ? w[n + 1] : 0)) {
			free(nx);
			return NULL;
		}
	}
	for (i = 0; i < 26; i++) {
		if (index_runs(nx->first[i], nx->nfirst[i], nx->run[i])) {
			free(nx);
			return NULL;
		}
		for (j = 0; j < nx->nfirst[i]; j++)
			nx->lens[i] |= (uint32_t)1 << letter_run(nx->first[i][j].w,
			    nx->first[i][j].n);
	}
	for (i = 0; i < 256; i++) {
		nx->left[i] = is_pre((unsigned)i) || i == '[' || i == ']';
		if (is_alpha((unsigned)i) && nx->nfirst[lower((unsigned)i) - 'a'])
			nx->start[i] = (uint8_t)(lower((unsigned)i) - 'a' + 1);
	}
	return nx;
}

void
sfb_negex_free(struct sfb_negex *nx)
{
	if (nx == NULL)
		return;
	sfb_buf_free(&nx->a);
	sfb_buf_free(&nx->b);
	sfb_buf_free(&nx->g);
	free(nx->tok);
	free(nx->mk);
	free(nx);
}

void
sfb_negex_set_plain(struct sfb_negex *nx, int plain)
{
	nx->plain = plain;
}

const char *
sfb_negex_why(const struct sfb_negex *nx)
{
	return nx->why;
}

static int words_at(const char *w, const unsigned char *s, size_t n,
    size_t i, size_t *end);

/* The rules that could match somewhere in s: their words are there after
 * a possible left delimiter and before a character that is not an ASCII
 * letter or digit.  Looser than the pattern on both sides, as a rewrite
 * may change a delimiter: '[' and ']' count on the left (a replacement
 * turns a consumed right delimiter into a space), anything but a letter
 * or digit on the right. */
static void
candidates_plain(const struct sfb_negex *nx, const unsigned char *s, size_t n,
    uint64_t *cand)
{
	size_t i, k, w, end;

	memset(cand, 0, NWORDS * sizeof *cand);
	for (i = 1; i < n; i++) {
		unsigned c;
		const struct first *f;

		if (!nx->left[s[i - 1]] || (c = nx->start[s[i]]) == 0)
			continue;
		c--;
		f = nx->first[c];
		for (k = 0; k < nx->nfirst[c]; k++) {
			size_t m = f[k].n, j;

			if (n - i < m || (n - i > m && is_alpha(s[i + m])))
				continue;
			for (j = 1; j < m; j++)
				if (lower(s[i + j]) != (unsigned char)f[k].w[j])
					break;
			if (j < m)
				continue;
			for (w = 0; w < NWORDS; w++) {
				uint64_t b = nx->fr[f[k].id].rules[w] & ~cand[w];

				for (; b; b &= b - 1) {
					size_t r = w * 64 +
					    (size_t)__builtin_ctzll(b);

					if (words_at(nx->rule[r]->words, s, n,
					    i, &end) && (end == n ||
					    !(is_alpha(s[end]) ||
					    (s[end] >= '0' && s[end] <= '9'))))
						cand[w] |= b & -b;
				}
			}
		}
	}
}

static int
is_alnum(unsigned c)
{
	return is_alpha(c) || (c >= '0' && c <= '9');
}

/* The rules of first word f that match at s[i..n) (f's own words
 * already compared there), into cand.  A rule of one word matches when
 * no letter or digit follows; a longer one only where white space
 * follows and the next word begins with its second word's first byte,
 * which leaves few to compare in full. */
static void
first_rules(const struct first *fw, const struct sfb_negex *nx,
    const unsigned char *s, size_t n, size_t i, uint64_t *cand)
{
	const struct first_rules *f = &nx->fr[fw->id];
	size_t w, end, e = i + fw->n, k = e, j;

	if (e == n || !is_alnum(s[e]))
		for (w = 0; w < NWORDS; w++)
			cand[w] |= f->single[w];
	while (k < n && is_jspace(s[k]))
		k++;
	if (k == e || k == n)
		return;
	for (j = 0; j < f->nsec && f->sec[j] != lower(s[k]); j++)
		;
	if (j == f->nsec)
		return;
	for (w = 0; w < NWORDS; w++) {
		uint64_t b = nx->sec_rules[f->sec_at[j]][w] & ~cand[w];

		for (; b; b &= b - 1) {
			size_t r = w * 64 + (size_t)__builtin_ctzll(b);

			if (words_at(nx->rule[r]->words, s, n, i, &end) &&
			    (end == n || !is_alnum(s[end])))
				cand[w] |= b & -b;
		}
	}
}

/* The letter mask (ASCII letters) and the left-delimiter mask (nx->left:
 * ASCII punctuation and white space) of the bytes s[o..n), at most 64,
 * reading nothing outside s[0..n). */
#if defined(__SSE2__) && !defined(SFB_SCALAR)
static void
masks64(const struct sfb_negex *nx, const unsigned char *s, size_t o,
    size_t n, uint64_t *alpha, uint64_t *left)
{
	const __m128i lcase = _mm_set1_epi8(0x20);
	const __m128i to_a = _mm_set1_epi8((char)(0x80 - 'a'));
	const __m128i lim26 = _mm_set1_epi8((char)(0x80 + 26));
	const __m128i to_0 = _mm_set1_epi8((char)(0x80 - '0'));
	const __m128i lim10 = _mm_set1_epi8((char)(0x80 + 10));
	const __m128i to_sp = _mm_set1_epi8((char)(0x80 - ' '));
	const __m128i lim95 = _mm_set1_epi8((char)(0x80 + 0x7F - ' '));
	const __m128i to_tab = _mm_set1_epi8((char)(0x80 - '\t'));
	const __m128i lim5 = _mm_set1_epi8((char)(0x80 + 5));
	uint64_t a = 0, l = 0;
	size_t k, p;

	for (k = 0; k < 4 && (p = o + 16 * k) < n; k++) {
		__m128i v, letter, digit, print, ctl, delim;
		unsigned sh = 0, ma, ml;

		if (n - p < 16) {
			if (n < 16) {
				/* A short text: byte by byte. */
				for (; p < n; p++) {
					a |= (uint64_t)is_alpha(s[p]) << (p - o);
					l |= (uint64_t)nx->left[s[p]] << (p - o);
				}
				break;
			}
			/* The last 16 bytes, shifted: nothing past n. */
			sh = (unsigned)(p - (n - 16));
			p = n - 16;
		}
		v = _mm_loadu_si128((const __m128i *)(s + p));
		/* Biased by 0x80, a signed "less than" is an unsigned range
		 * test. */
		letter = _mm_cmplt_epi8(_mm_add_epi8(_mm_or_si128(v, lcase),
		    to_a), lim26);
		digit = _mm_cmplt_epi8(_mm_add_epi8(v, to_0), lim10);
		print = _mm_cmplt_epi8(_mm_add_epi8(v, to_sp), lim95);
		ctl = _mm_cmplt_epi8(_mm_add_epi8(v, to_tab), lim5);
		delim = _mm_andnot_si128(_mm_or_si128(letter, digit),
		    _mm_or_si128(print, ctl));
		ma = (unsigned)_mm_movemask_epi8(letter) >> sh;
		ml = (unsigned)_mm_movemask_epi8(delim) >> sh;
		a |= (uint64_t)ma << (16 * k);
		l |= (uint64_t)ml << (16 * k);
	}
	*alpha = a;
	*left = l;
}
#else
static void
masks64(const struct sfb_negex *nx, const unsigned char *s, size_t o,
    size_t n, uint64_t *alpha, uint64_t *left)
{
	uint64_t a = 0, l = 0;
	size_t p;

	for (p = o; p < n && p < o + 64; p++) {
		a |= (uint64_t)is_alpha(s[p]) << (p - o);
		l |= (uint64_t)nx->left[s[p]] << (p - o);
	}
	*alpha = a;
	*left = l;
}
#endif

/* Compare the first word f with the run of r letters at s[i..n) (whose
 * first letter is f's), and add the rules of f that match there. */
static void
try_first(const struct sfb_negex *nx, const struct first *f,
    const unsigned char *s, size_t n, size_t i, size_t r, uint64_t *cand)
{
	size_t m = f->n, q;

	if (n - i < m)
		return;
	for (q = 1; q < m; q++)
		if (lower(s[i + q]) != (unsigned char)f->w[q])
			return;
	if (n - i > m && is_alpha(s[i + m]))
		return;
	(void)r;
	first_rules(f, nx, s, n, i, cand);
}

/* candidates_plain's answer, found from word starts.  A first word can
 * only match where a run of ASCII letters starts after a left delimiter
 * (a letter before it is not one), and only if that run is exactly as
 * long as the word's own leading run of letters: the word ends at a byte
 * that is not a letter (its own next byte, or the one after it), and
 * ASCII lowering maps letters to letters and nothing else to a letter.
 * So the scan classifies 64 bytes at a time and compares each such run
 * only with the first words of its letter and run length; most runs
 * have none (nx->lens). */
static void
candidates(const struct sfb_negex *nx, const unsigned char *s, size_t n,
    int dots, uint64_t *cand)
{
	uint64_t carry = (uint64_t)dots;    /* a delimiter before s[o] */
	size_t o, k;

	memset(cand, 0, NWORDS * sizeof *cand);
	for (o = 0; o < n; o += 64) {
		uint64_t alpha, left, starts;

		masks64(nx, s, o, n, &alpha, &left);
		starts = alpha & (left << 1 | carry);
		carry = left >> 63;
		for (; starts; starts &= starts - 1) {
			size_t b = (size_t)__builtin_ctzll(starts), i = o + b, r;
			uint64_t rest = ~(alpha >> b);  /* 0: letters to the end */
			unsigned c = lower(s[i]) - 'a';

			r = rest ? (size_t)__builtin_ctzll(rest) : 64 - b;

			if (b + r == 64)
				while (i + r < n && is_alpha(s[i + r]))
					r++;
			if (r > MAXRUN || !(nx->lens[c] >> r & 1))
				continue;
			for (k = nx->run[c][r]; k < nx->run[c][r + 1]; k++)
				try_first(nx, &nx->first[c][k], s, n, i, r, cand);
		}
	}
}

int
sfb_negex_may_scope(struct sfb_negex *nx, const unsigned char *s, size_t n)
{
	size_t w;

	/* The dots GenNegEx puts around the sentence are delimiters. */
	nx->cand_s = NULL;
	if (nx->plain) {
		nx->a.len = 0;
		if (sfb_buf_putc(&nx->a, '.') || sfb_buf_put(&nx->a, s, n) ||
		    sfb_buf_putc(&nx->a, '.'))
			return 1;
		candidates_plain(nx, (const unsigned char *)nx->a.p, nx->a.len,
		    nx->cand);
	} else {
		/* The sentence as it is, the dots only said: a rule's
		 * words hold no ".", so a dot can neither be in a match
		 * nor continue a word. */
		candidates(nx, s, n, 1, nx->cand);
	}
	nx->cand_s = s;
	nx->cand_n = n;
	if (memchr(s, '[', n) != NULL)
		return 1;
	for (w = 0; w < NWORDS; w++)
		if (nx->cand[w] & nx->open_bits[w])
			return 1;
	return 0;
}

/* Does rule words w match at s[i..n) (after its left delimiter)?  The
 * end of the words in *end.  \s+ between words is greedy, and words
 * hold no white space, so there is nothing to backtrack. */
static int
words_at(const char *w, const unsigned char *s, size_t n, size_t i,
    size_t *end)
{
	for (; *w != '\0'; w++) {
		if (*w == ' ') {
			if (i >= n || !is_jspace(s[i]))
				return 0;
			while (i < n && is_jspace(s[i]))
				i++;
		} else {
			if (i >= n || lower(s[i]) != (unsigned char)*w)
				return 0;
			i++;
		}
	}
	*end = i;
	return 1;
}

/* Java's String.trim: code units up to U+0020 off both ends. */
static void
jtrim(const unsigned char *s, size_t *p, size_t *n)
{
	while (*n > 0 && s[*p] <= ' ') {
		(*p)++;
		(*n)--;
	}
	while (*n > 0 && s[*p + *n - 1] <= ' ')
		(*n)--;
}

/* Append the replacement text t (Matcher.appendReplacement's rules: "\"
 * quotes the next character, "$N" is group N of this match) to out.
 * grp[0..ngrp) are this match's groups. */
static int
put_repl(struct sfb_negex *nx, struct sfb_buf *out, const char *t, size_t n,
    const struct sfb_negex_mark *grp, size_t ngrp, const char *src)
{
	size_t i = 0;

	while (i < n) {
		if (t[i] == '\\') {
			if (++i == n) {
				nx->why = "character to be escaped is missing";
				return -2;
			}
			if (sfb_buf_putc(out, t[i++]))
				return -1;
		} else if (t[i] == '$') {
			size_t ref;

			if (++i == n) {
				nx->why = "Illegal group reference: group index "
				    "is missing";
				return -2;
			}
			if (t[i] < '0' || t[i] > '9') {
				nx->why = "Illegal group reference";
				return -2;
			}
			ref = (size_t)(t[i++] - '0');
			while (i < n && t[i] >= '0' && t[i] <= '9' &&
			    ref * 10 + (size_t)(t[i] - '0') < ngrp) {
				ref = ref * 10 + (size_t)(t[i] - '0');
				i++;
			}
			if (ref >= ngrp) {
				nx->why = "No group";
				return -2;
			}
			if (sfb_buf_put(out, src + grp[ref].start,
			    grp[ref].end - grp[ref].start))
				return -1;
		} else if (sfb_buf_putc(out, t[i++])) {
			return -1;
		}
	}
	return 0;
}

/* The replacement string GenNegEx builds for a match: head +
 * m.group().trim() with every space made "_" (the filler) + tail, into
 * nx->g; appendReplacement then reads "\\" and "$" in all of it. */
static int
repl_text(struct sfb_negex *nx, const char *head, const char *src, size_t p,
    size_t n, const char *tail)
{
	size_t i;

	jtrim((const unsigned char *)src, &p, &n);
	nx->g.len = 0;
	if (sfb_buf_puts(&nx->g, head) || sfb_buf_reserve(&nx->g, n))
		return -1;
	for (i = 0; i < n; i++)
		nx->g.p[nx->g.len++] = src[p + i] == ' ' ? '_' : src[p + i];
	return sfb_buf_puts(&nx->g, tail);
}

static void
swap(struct sfb_negex *nx)
{
	struct sfb_buf t = nx->a;

	nx->a = nx->b;
	nx->b = t;
}

/* The first j >= i with s[j] | 0x20 == c, or n: every byte that lowers
 * to the letter c, and a few others (which the caller rejects). */
static size_t
next_first(const unsigned char *s, size_t n, size_t i, unsigned c)
{
#if defined(__SSE2__) && !defined(SFB_SCALAR)
	const __m128i want = _mm_set1_epi8((char)c), lcase = _mm_set1_epi8(0x20);

	for (; n - i >= 16; i += 16) {
		__m128i v = _mm_or_si128(_mm_loadu_si128(
		    (const __m128i *)(s + i)), lcase);
		unsigned bits = (unsigned)_mm_movemask_epi8(
		    _mm_cmpeq_epi8(v, want));

		if (bits != 0)
			return i + (size_t)__builtin_ctz(bits);
	}
#endif
	for (; i < n; i++)
		if ((s[i] | 0x20) == c)
			return i;
	return n;
}

/* One rule's replaceAll over nx->a: every match [pre](words)[post],
 * found left to right without overlap, becomes " TAG" + first match's
 * text + "TAG ".  0 when nothing matched. */
static int
apply_rule(struct sfb_negex *nx, const struct sfb_negex_trigger *r)
{
	const unsigned char *s = (const unsigned char *)nx->a.p;
	size_t n = nx->a.len, i = 0, last = 0, end;
	const char *tag = tag_text[r->type];
	int any = 0, e;
	unsigned w0 = (unsigned char)r->words[0];

	while (i + 1 < n) {
		struct sfb_negex_mark grp[2];

		if (!nx->plain) {
			/* To the next byte that may be the first letter. */
			i = next_first(s, n, i + 1, w0) - 1;
			if (i + 1 >= n)
				break;
		}
		if (lower(s[i + 1]) != w0 || !is_pre(s[i]) ||
		    !words_at(r->words, s, n, i + 1, &end) ||
		    end >= n || !is_post(s[end])) {
			i++;
			continue;
		}
		grp[0].start = i;
		grp[0].end = end + 1;
		grp[1].start = i + 1;
		grp[1].end = end;
		if (!any) {
			char head[8], tail[8];

			nx->b.len = 0;
			head[0] = ' ';
			memcpy(head + 1, tag, 7);
			memcpy(tail, tag, 6);
			tail[6] = ' ';
			tail[7] = '\0';
			if (repl_text(nx, head, nx->a.p, i, end + 1 - i, tail))
				return -1;
			any = 1;
		}
		if (sfb_buf_put(&nx->b, s + last, i - last))
			return -1;
		e = put_repl(nx, &nx->b, nx->g.p, nx->g.len, grp, 2, nx->a.p);
		if (e)
			return e;
		i = last = end + 1;
	}
	if (!any)
		return 0;
	if (sfb_buf_put(&nx->b, s + last, n - last))
		return -1;
	swap(nx);
	return 1;
}

static int
starts(const char *p, size_t n, const char *lit)
{
	size_t l = strlen(lit);

	return n >= l && memcmp(p, lit, l) == 0;
}

static int
contains(const char *p, size_t n, const char *lit)
{
	size_t l = strlen(lit);
	const char *q = p, *end = p + n;

	while (end - q >= (ptrdiff_t)l &&
	    (q = memchr(q, lit[0], (size_t)(end - q) - l + 1)) != NULL) {
		if (memcmp(q, lit, l) == 0)
			return 1;
		q++;
	}
	return 0;
}

/* Split nx->a at [\s+] (Java's split: trailing empty tokens dropped),
 * each token trimmed as the walk's trim() calls see it. */
static int
tokenize(struct sfb_negex *nx)
{
	const unsigned char *s = (const unsigned char *)nx->a.p;
	size_t n = nx->a.len, i = 0, start = 0, k;

	nx->ntok = 0;
	for (;;) {
		if (i == n || is_jspace(s[i]) || s[i] == '+') {
			struct tok *t;
			size_t p = start, l = i - start;

			if (nx->ntok == nx->captok) {
				size_t c = nx->captok ? 2 * nx->captok : 64;
				struct tok *nt = realloc(nx->tok, c * sizeof *nt);

				if (nt == NULL)
					return -1;
				nx->tok = nt;
				nx->captok = c;
			}
			jtrim(s, &p, &l);
			t = &nx->tok[nx->ntok++];
			t->p = p;
			t->n = l;
			t->conv = 0;
			t->cls = T_OTHER;
			/* Every tag begins with "[". */
			if (l > 0 && s[p] == '[') {
				if (l >= 8 && memcmp(nx->a.p + p, "[PHRASE]", 8) == 0)
					t->cls = T_PHRASE;
				for (k = 0; k < 6; k++)
					if (l >= 6 && memcmp(nx->a.p + p,
					    tag_text[k], 6) == 0)
						t->cls = (int)k;
			}
			if (i == n)
				break;
			start = ++i;
		} else {
			i++;
		}
	}
	while (nx->ntok > 0 && nx->tok[nx->ntok - 1].n == 0)
		nx->ntok--;
	return 0;
}

/* The scope walk of one trigger class from token i: forward (dir 1) or
 * backward; stops at any class in stop (a bit set). */
static void
walk(struct sfb_negex *nx, size_t i, int dir, unsigned stop, int conv)
{
	size_t j = i;

	for (;;) {
		struct tok *t;

		if (dir > 0) {
			if (++j >= nx->ntok)
				return;
		} else {
			if (j-- == 0)
				return;
		}
		t = &nx->tok[j];
		if (stop >> t->cls & 1)
			return;
		if (t->cls == T_PHRASE && t->conv == 0) {
			t->conv = conv;
			t->by = i;
		}
	}
}

#define BIT(c) (1u << (c))

/* The walk over the tagged sentence and the classification, as negCheck
 * does them after tagging (nx->a holds the tagged sentence). */
static int
decide(struct sfb_negex *nx, struct sfb_negex_result *res)
{
	size_t i, L, j, cut, n;
	struct sfb_buf *f = &nx->b;
	const unsigned char *s;
	int neg, pos;

	res->status = SFB_NEGEX_AFFIRMED;
	res->trigger = NULL;
	res->trigger_len = 0;
	if (memchr(nx->a.p, '[', nx->a.len) == NULL)
		return 0;
	if (tokenize(nx))
		return -1;
	for (i = 0; i < nx->ntok; i++)
		if (nx->tok[i].cls == T_PREN)
			walk(nx, i, 1, BIT(T_CONJ) | BIT(T_PSEU) | BIT(T_POST) |
			    BIT(T_PREP) | BIT(T_POSP), SFB_NEGEX_NEGATED);
	for (i = nx->ntok; i-- > 0;)
		if (nx->tok[i].cls == T_POST)
			walk(nx, i, -1, BIT(T_CONJ) | BIT(T_PSEU) | BIT(T_PREN) |
			    BIT(T_PREP) | BIT(T_POSP), SFB_NEGEX_NEGATED);
	for (i = 0; i < nx->ntok; i++)
		if (nx->tok[i].cls == T_PREP)
			walk(nx, i, 1, BIT(T_CONJ) | BIT(T_PSEU) | BIT(T_POST) |
			    BIT(T_PREN) | BIT(T_POSP), SFB_NEGEX_POSSIBLE);
	for (i = nx->ntok; i-- > 0;)
		if (nx->tok[i].cls == T_POSP)
			walk(nx, i, -1, BIT(T_CONJ) | BIT(T_PSEU) | BIT(T_PREN) |
			    BIT(T_PREP) | BIT(T_POST), SFB_NEGEX_POSSIBLE);

	/* The final string: the tokens, a space after each, the turned
	 * tags written out, "_" back to " "; then GenNegEx cuts at the last
	 * "." of its trim() (an index into the trimmed string used on the
	 * untrimmed one) and drops the first character. */
	f->len = 0;
	/* At most 10 bytes for 8 of a token ("[POSSIBLE]" for "[PHRASE]"),
	 * and a space after each. */
	if (sfb_buf_reserve(f, nx->a.len + nx->a.len / 4 + nx->ntok + 16))
		return -1;
	for (i = 0; i < nx->ntok; i++) {
		const struct tok *t = &nx->tok[i];
		const char *p = nx->a.p + t->p;
		char *o = f->p + f->len;
		size_t k = 0;

		while (k < t->n) {
			if (t->conv && p[k] == '[' &&
			    starts(p + k, t->n - k, "[PHRASE]")) {
				const char *c = t->conv == SFB_NEGEX_NEGATED ?
				    "[NEGATED]" : "[POSSIBLE]";
				size_t cl = strlen(c);

				memcpy(o, c, cl);
				o += cl;
				k += 8;
			} else {
				char c = p[k++];

				*o++ = c == '_' ? ' ' : c;
			}
		}
		*o++ = ' ';
		f->len = (size_t)(o - f->p);
	}
	s = (const unsigned char *)f->p;
	n = f->len;
	for (L = 0; L < n && s[L] <= ' '; L++)
		;
	for (j = n; j > L && s[j - 1] != '.'; j--)
		;
	if (j == L)
		return 0;       /* Java throws; cannot happen: "." is kept */
	/* Step back L UTF-16 code units from the last ".". */
	cut = j - 1;
	for (i = 0; i < L && cut > 0;) {
		size_t b = cut - 1;

		while (b > 0 && (s[b] & 0xC0) == 0x80)
			b--;
		i += (cut - b == 4) ? 2 : 1;
		cut = b;
	}
	n = cut;
	/* replaceFirst(".", ""): the first character that is not a line
	 * terminator goes. */
	for (i = 0; i < n; i++) {
		size_t adv = 1;
		uint32_t c = s[i] < 0x80 ? s[i] :
		    sfb_utf8_next(s + i, n - i, &adv);

		if (c != '\n' && c != '\r' && c != 0x85 && c != 0x2028 &&
		    c != 0x2029) {
			memmove(f->p + i, f->p + i + adv, n - i - adv);
			n -= adv;
			break;
		}
		i += adv - 1;
	}
	neg = contains(f->p, n, "[NEGATED]");
	pos = contains(f->p, n, "[POSSIBLE]");
	res->status = neg ? SFB_NEGEX_NEGATED : pos ? SFB_NEGEX_POSSIBLE :
	    SFB_NEGEX_AFFIRMED;
	if (res->status == SFB_NEGEX_AFFIRMED)
		return 0;
	/* The trigger: the one that turned the first target so. */
	for (i = 0; i < nx->ntok; i++) {
		const struct tok *t = &nx->tok[i], *tr;
		size_t p, l;

		if (t->conv != (int)res->status)
			continue;
		tr = &nx->tok[t->by];
		p = tr->p + 6;
		l = tr->n - 6;
		for (j = 0; j < l && nx->a.p[p + j] != '['; j++)
			;
		l = j;
		while (l > 0 && !is_alpha((unsigned char)nx->a.p[p]) &&
		    !(nx->a.p[p] >= '0' && nx->a.p[p] <= '9')) {
			p++;
			l--;
		}
		while (l > 0 && !is_alpha((unsigned char)nx->a.p[p + l - 1]))
			l--;
		for (j = 0; j < l; j++)
			if (nx->a.p[p + j] == '_')
				nx->a.p[p + j] = ' ';
		res->trigger = nx->a.p + p;
		res->trigger_len = l;
		break;
	}
	return 0;
}

/* Tag the marks in the dotted sentence nx->a (marks in its offsets),
 * then every matching rule, then decide. */
static int
judge_tagged(struct sfb_negex *nx, const struct sfb_negex_mark *marks,
    size_t nmarks, int first_text, const uint64_t *known,
    struct sfb_negex_result *res)
{
	uint64_t cand[NWORDS];
	size_t i, last = 0;
	int e;

	if (nmarks > 0) {
		nx->b.len = 0;
		for (i = 0; i < nmarks; i++) {
			const struct sfb_negex_mark *m = &marks[i];
			const struct sfb_negex_mark *src =
			    first_text ? &marks[0] : m;
			struct sfb_negex_mark g0 = *m;

			if (i == 0 || !first_text)
				if (repl_text(nx, " [PHRASE]", nx->a.p,
				    src->start, src->end - src->start,
				    "[PHRASE]"))
					return -1;
			if (sfb_buf_put(&nx->b, nx->a.p + last,
			    m->start - last))
				return -1;
			e = put_repl(nx, &nx->b, nx->g.p, nx->g.len, &g0, 1,
			    nx->a.p);
			if (e)
				return e;
			last = m->end;
		}
		if (sfb_buf_put(&nx->b, nx->a.p + last, nx->a.len - last))
			return -1;
		swap(nx);
	}
	if (known != NULL)
		memcpy(cand, known, sizeof cand);
	else if (nx->plain)
		candidates_plain(nx, (const unsigned char *)nx->a.p, nx->a.len,
		    cand);
	else
		candidates(nx, (const unsigned char *)nx->a.p, nx->a.len, 0,
		    cand);
	/* The candidates in GenNegEx's order: bit i is the i-th rule. */
	for (i = 0; i < NWORDS; i++) {
		uint64_t b;

		for (b = cand[i]; b; b &= b - 1) {
			e = apply_rule(nx, nx->rule[64 * i +
			    (size_t)__builtin_ctzll(b)]);
			if (e < 0)
				return e;
		}
	}
	return decide(nx, res);
}

static int
marks_reserve(struct sfb_negex *nx, size_t n)
{
	struct sfb_negex_mark *m;

	if (n <= nx->capmk)
		return 0;
	m = realloc(nx->mk, n * sizeof *m);
	if (m == NULL)
		return -1;
	nx->mk = m;
	nx->capmk = n;
	return 0;
}

static int
dotted(struct sfb_negex *nx, const unsigned char *s, size_t n)
{
	nx->a.len = 0;
	return sfb_buf_putc(&nx->a, '.') || sfb_buf_put(&nx->a, s, n) ||
	    sfb_buf_putc(&nx->a, '.') ? -1 : 0;
}

int
sfb_negex_judge(struct sfb_negex *nx, const unsigned char *s, size_t n,
    const struct sfb_negex_mark *marks, size_t nmarks, int first_text,
    struct sfb_negex_result *res)
{
	size_t i;

	if (marks_reserve(nx, nmarks) || dotted(nx, s, n))
		return -1;
	for (i = 0; i < nmarks; i++) {
		nx->mk[i].start = marks[i].start + 1;
		nx->mk[i].end = marks[i].end + 1;
	}
	/* Candidates found in the sentence before tagging serve when the
	 * marks are whole words (no ASCII letter or digit on either side):
	 * tagging then only turns spaces into "_" and puts "]" and "[PHRASE]"
	 * where the loose test of candidates() already looked. */
	for (i = 0; i < nmarks; i++) {
		size_t a = nx->mk[i].start, z = nx->mk[i].end;
		unsigned char before = (unsigned char)nx->a.p[a - 1];
		unsigned char after = (unsigned char)nx->a.p[z];

		if (is_alpha(before) || (before >= '0' && before <= '9') ||
		    is_alpha(after) || (after >= '0' && after <= '9'))
			break;
	}
	return judge_tagged(nx, nx->mk, nmarks, first_text,
	    i == nmarks && nx->cand_s == s && nx->cand_n == n ? nx->cand :
	    NULL, res);
}

int
sfb_negex_judge_pat(struct sfb_negex *nx, const unsigned char *s, size_t n,
    const struct sfb_negex_pat *pat, struct sfb_negex_result *res)
{
	size_t k;

	if (dotted(nx, s, n))
		return -1;
	k = sfb_negex_pat_find(pat, (const unsigned char *)nx->a.p, nx->a.len,
	    nx->mk, nx->capmk);
	if (k > nx->capmk) {
		if (marks_reserve(nx, k))
			return -1;
		k = sfb_negex_pat_find(pat, (const unsigned char *)nx->a.p,
		    nx->a.len, nx->mk, nx->capmk);
	}
	return judge_tagged(nx, nx->mk, k, 1, NULL, res);
}
