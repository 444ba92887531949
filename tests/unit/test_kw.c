/* test_kw.c - the keyword matcher against Python re, on the short
 * adversarial texts of kw_golden.h (tests/gen/gen_text_golden.py), for the
 * three registries, with and without evidence, and on the texts written as
 * JSON string bodies in several ways (sfb_kw_match_json), with the AVX2
 * block paths and with the SSE2 ones alone; plus registry shape and
 * bounds checks. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/json.h"
#include "text/kw.h"
#include "core/ucd.h"
#include "t.h"
#include "kw_golden.h"

static void
check(int ok, const char *what, size_t idx)
{
	t_ok(ok, "%s (case %zu)", what, idx);
}

static const enum sfb_kw_set sets[3] = {
	SFB_KW_LABELS, SFB_KW_LABELS_STRICT, SFB_KW_RECS,
};
static const char *const set_names[3] = {"labels", "strict", "recs"};

static void
test_golden(void)
{
	size_t i, r, h;
	char what[64];

	for (r = 0; r < 3; r++) {
		struct sfb_kw *kw = sfb_kw_new(sfb_kw_registry_get(sets[r]));
		struct sfb_kw_hit hits[32];

		check(kw != NULL, "sfb_kw_new", r);
		if (kw == NULL)
			continue;
		for (i = 0; i < sizeof kw_golden / sizeof kw_golden[0]; i++) {
			const struct kw_golden *g = &kw_golden[i];
			const unsigned char *t = (const unsigned char *)g->text;
			uint32_t m, m2;
			unsigned char *copy;
			int ok = 1;

			/* An exact-size heap copy lets ASan see any read past
			 * the end of the text. */
			copy = malloc(g->len ? g->len : 1);
			memcpy(copy, t, g->len);
			m = sfb_kw_match(kw, copy, g->len, NULL);
			m2 = sfb_kw_match(kw, copy, g->len, hits);
			free(copy);
			snprintf(what, sizeof what, "%s mask", set_names[r]);
			check(m == g->mask[r], what, i);
			snprintf(what, sizeof what, "%s mask with evidence",
			    set_names[r]);
			check(m2 == g->mask[r], what, i);
			for (h = 0; g->hits[r][h].cat >= 0; h++) {
				const struct kw_golden_hit *e = &g->hits[r][h];
				const struct sfb_kw_hit *x = &hits[e->cat];

				if (x->synonym != (size_t)e->syn ||
				    x->start != e->start || x->end != e->end)
					ok = 0;
			}
			snprintf(what, sizeof what, "%s evidence",
			    set_names[r]);
			check(ok, what, i);
		}
		sfb_kw_free(kw);
	}
}

/* The same texts inside neutral ASCII filler at every alignment to the
 * matcher's 64-byte blocks: the categories must not change and the
 * evidence must move by the filler's length. */
static void
test_padded(void)
{
	static const char filler[] =
	    "The quick brown dog jumps over lazy cats at level 3 ... "
	    "THE QUICK BROWN DOG JUMPS OVER LAZY CATS AT LEVEL 4; again ";
	size_t i, r, h, pad, post;
	unsigned char *buf;
	int bad[3] = {0, 0, 0};

	buf = malloc(4096);
	for (r = 0; r < 3; r++) {
		struct sfb_kw *kw = sfb_kw_new(sfb_kw_registry_get(sets[r]));
		struct sfb_kw_hit hits[32];

		for (i = 0; i < sizeof kw_golden / sizeof kw_golden[0]; i++) {
			const struct kw_golden *g = &kw_golden[i];

			for (pad = 0; pad <= 100; pad += 1 + (i + pad) % 7) {
				size_t n;
				uint32_t m;
				int ok;

				post = (i * 13 + pad) % 90;
				/* The filler ends in a space: neutral at both
				 * edges of the text. */
				memcpy(buf, filler + sizeof filler - 1 - pad, pad);
				if (pad)
					buf[pad - 1] = ' ';
				memcpy(buf + pad, g->text, g->len);
				n = pad + g->len;
				if (post) {
					buf[n] = ' ';
					memcpy(buf + n + 1, filler, post - 1);
					n += post;
				}
				m = sfb_kw_match(kw, buf, n, hits);
				ok = m == g->mask[r] &&
				    sfb_kw_match(kw, buf, n, NULL) == m;
				for (h = 0; ok && g->hits[r][h].cat >= 0; h++) {
					const struct kw_golden_hit *e =
					    &g->hits[r][h];
					const struct sfb_kw_hit *x =
					    &hits[e->cat];

					ok = x->synonym == (size_t)e->syn &&
					    x->start == e->start + pad &&
					    x->end == e->end + pad;
				}
				if (!ok && bad[r]++ < 5)
					check(0, set_names[r], i);
			}
		}
		check(!bad[r], "padded texts", r);
		sfb_kw_free(kw);
	}
	free(buf);
}

/* A JSON string body of the WTF-8 text t: style 0 and 1 as json.dumps
 * writes it (ensure_ascii off and on), 2 every code point as \\uXXXX
 * (upper-case hex, astral ones as surrogate pairs), 3 every other code
 * point so and the rest raw where JSON allows, 4 only the punctuation of
 * keywords (space, '-', '\'') and 5 only the code points from the fourth
 * on that are letters, so that an escape falls inside a keyword after
 * its first word. */
static void
body(const struct kw_golden *g, int style, struct sfb_buf *b)
{
	const unsigned char *t = (const unsigned char *)g->text;
	size_t i, adv, k = 0;

	b->len = 0;
	if (style < 2) {
		sfb_json_str_encode(b, g->text, g->len, style);
		/* Drop the quotes. */
		memmove(b->p, b->p + 1, b->len - 2);
		b->len -= 2;
		return;
	}
	for (i = 0; i < g->len; i += adv, k++) {
		uint32_t cp = sfb_utf8_next(t + i, g->len - i, &adv);
		char e[32];

		int raw = style == 3 ? k % 2 : style == 4 ?
		    cp != ' ' && cp != '-' && cp != '\'' : style == 5 ?
		    k < 3 || cp >= 0x80 || !((cp | 0x20) >= 'a' && (cp | 0x20) <= 'z') : 0;

		if (raw && cp >= 0x20 && cp != '"' && cp != '\\' &&
		    (cp < 0xD800 || cp > 0xDFFF)) {
			sfb_buf_put(b, t + i, adv);
			continue;
		}
		if (cp >= 0x10000)
			snprintf(e, sizeof e, "\\u%04X\\u%04X",
			    (unsigned)(0xD800 + ((cp - 0x10000) >> 10)),
			    (unsigned)(0xDC00 + ((cp - 0x10000) & 0x3FF)));
		else
			snprintf(e, sizeof e, "\\u%04X", (unsigned)cp);
		sfb_buf_put(b, e, strlen(e));
	}
}

/* Matching the escaped body must give Python's categories for the text,
 * alone (an exact-size copy, for ASan) and after filler at several
 * alignments, so that both the exact loop and the block path see it. */
static void
test_json_bodies(void)
{
	static const char *const filler = "no no. no; FRACTURE-free ";
	struct sfb_buf b = { 0 }, padded = { 0 };
	size_t i, r, pad;
	int style, bad = 0;

	for (r = 0; r < 3; r++) {
		struct sfb_kw *kw = sfb_kw_new(sfb_kw_registry_get(sets[r]));

		for (i = 0; i < sizeof kw_golden / sizeof kw_golden[0]; i++) {
			const struct kw_golden *g = &kw_golden[i];

			for (style = 0; style < 6; style++) {
				unsigned char *copy;
				uint32_t m;

				body(g, style, &b);
				copy = malloc(b.len ? b.len : 1);
				memcpy(copy, b.p, b.len);
				m = sfb_kw_match_json(kw, copy, b.len);
				free(copy);
				if (m != g->mask[r] && bad++ < 10)
					check(0, "json body", i);
				for (pad = 0; pad < 130; pad += 17) {
					size_t j;

					padded.len = 0;
					for (j = 0; j < pad; j++)
						sfb_buf_putc(&padded, ' ');
					sfb_buf_put(&padded, b.p, b.len);
					sfb_buf_putc(&padded, ' ');
					for (j = 0; j < 100; j++)
						sfb_buf_putc(&padded,
						    filler[j % 25] == 'n' ? 'x' :
						    filler[j % 25]);
					m = sfb_kw_match_json(kw,
					    (unsigned char *)padded.p, padded.len);
					/* The filler adds only "fracture"
					 * (Fracture: labels and strict). */
					if (m != (g->mask[r] | (r < 2 ? 1u << 12 : 0)) &&
					    bad++ < 10)
						check(0, "padded json body", i);
				}
			}
		}
		sfb_kw_free(kw);
	}
	check(!bad, "json bodies", 0);
	sfb_buf_free(&b);
	sfb_buf_free(&padded);
}

static void
test_registries(void)
{
	const struct sfb_kw_registry *lab, *strict, *recs;
	struct sfb_kw *kw;
	const size_t *order;
	size_t i;

	lab = sfb_kw_registry_get(SFB_KW_LABELS);
	strict = sfb_kw_registry_get(SFB_KW_LABELS_STRICT);
	recs = sfb_kw_registry_get(SFB_KW_RECS);
	check(lab->ncat == 13, "13 label categories", 0);
	check(strict->ncat == 13, "13 strict categories", 0);
	check(recs->ncat == 7, "7 recommendation categories", 0);
	check(strcmp(strict->cats[12].name, "Fracture") == 0 &&
	    strcmp(strict->cats[12].synonyms[0], "fracture") == 0 &&
	    strict->cats[12].synonyms[1] == NULL, "strict Fracture", 0);
	check(sfb_kw_registry_get((enum sfb_kw_set)99) == NULL,
	    "unknown registry", 0);

	/* kwstage.c writes names and synonyms into JSON unescaped. */
	for (i = 0; i < 3; i++) {
		const struct sfb_kw_registry *r = sfb_kw_registry_get(sets[i]);
		size_t c, k;
		int plain = 1;

		for (c = 0; c < r->ncat; c++) {
			plain &= strcspn(r->cats[c].name, "\"\\") ==
			    strlen(r->cats[c].name);
			for (k = 0; r->cats[c].synonyms[k] != NULL; k++)
				plain &= strcspn(r->cats[c].synonyms[k],
				    "\"\\") == strlen(r->cats[c].synonyms[k]);
		}
		check(plain, "names and synonyms need no JSON escape", i);
	}

	kw = sfb_kw_new(lab);
	order = sfb_kw_sorted(kw);
	for (i = 1; i < sfb_kw_ncat(kw); i++)
		check(strcmp(sfb_kw_name(kw, order[i - 1]),
		    sfb_kw_name(kw, order[i])) < 0, "sorted names", i);
	check(strcmp(sfb_kw_name(kw, order[0]), "Disc calcification") == 0,
	    "first sorted label", 0);
	check(strcmp(sfb_kw_name(kw, order[12]), "Vertebral collapse") == 0,
	    "last sorted label", 0);
	check(strcmp(sfb_kw_synonym(kw, 10, 1), "schmorl's node") == 0,
	    "synonym lookup", 0);
	sfb_kw_free(kw);
	sfb_kw_free(NULL);
}

/* A registry the matcher must refuse rather than mis-handle. */
static void
test_limits(void)
{
	static const char *const upper[] = {"Fracture", NULL};
	static const char *const dash[] = {"-x", NULL};
	static const char *const empty[] = {"", NULL};
	static const char *const ok[] = {"a", "bc", NULL};
	struct sfb_kw_category c = {"x", upper};
	struct sfb_kw_registry r = {&c, 1};
	struct sfb_kw *kw;

	check(sfb_kw_new(&r) == NULL, "uppercase keyword refused", 0);
	c.synonyms = dash;
	check(sfb_kw_new(&r) == NULL, "non-word first character refused", 0);
	c.synonyms = empty;
	check(sfb_kw_new(&r) == NULL, "empty keyword refused", 0);
	check(sfb_kw_new(NULL) == NULL, "NULL registry refused", 0);
	c.synonyms = ok;
	kw = sfb_kw_new(&r);
	check(kw != NULL, "one-letter keyword accepted", 0);
	check(sfb_kw_match(kw, (const unsigned char *)"x a y", 5, NULL) == 1,
	    "one-letter keyword matches", 0);
	check(sfb_kw_match(kw, (const unsigned char *)"ab", 2, NULL) == 0,
	    "one-letter keyword inside a word", 0);
	sfb_kw_free(kw);
}

/* A registry with a keyword that a non-ASCII code point can begin: the
 * word state before such a code point matters.  Expectations from Python:
 * re.search(r"\bkg\b", text.lower()). */
static void
test_nonascii_start(void)
{
	static const char *const kg[] = {"kg", NULL};
	static const struct sfb_kw_category c = {"k", kg};
	static const struct sfb_kw_registry r = {&c, 1};
	static const struct {
		const char *tail;
		uint32_t want;
	} cases[] = {
		{"x\xe2\x84\xaag", 0},         /* xKg: KELVIN inside a word */
		{"\xe2\x84\xaag", 1},          /* Kg */
		{"\xe2\x84\xaag_", 0},         /* Kg_ */
		{"ab\xc4\xb0\xcc\x87kg", 1},  /* after U+0307: a boundary */
		{"ab\xc4\xb0kg", 1},           /* after U+0130 (i U+0307) */
		{"abikg", 0},
	};
	struct sfb_kw *kw = sfb_kw_new(&r);
	unsigned char buf[320];
	size_t i, pad, n;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		for (pad = 0; pad <= 140; pad += 5) {
			memset(buf, ' ', pad);
			memcpy(buf, "word word word word word word word word "
			    "word word word word word word word word word "
			    "word word word word word word word word word "
			    "word word ", pad);
			n = pad + strlen(cases[i].tail);
			memcpy(buf + pad, cases[i].tail, n - pad);
			/* Then enough text for the block path to see it. */
			memcpy(buf + n, " word word word word word word word "
			    "word word word word word word word word word", 80);
			n += 80;
			/* A word before the tail: "word" + tail. */
			if (pad && buf[pad - 1] == ' ')
				check(sfb_kw_match(kw, buf, n, NULL) ==
				    cases[i].want, "non-ASCII word start", i);
		}
	}
	sfb_kw_free(kw);
}

/* sfb_kw_count on texts long enough for the block path, with the
 * hedging registry: the expected totals are Python's
 * sum(len(re.findall(p, text.lower())) for p in the 17 patterns),
 * computed once by hand; plain and as a JSON body give the same. */
static const struct {
	const char *text;
	size_t n;
	unsigned want;
} count_cases[] = {
	{" may may may may may may may may may", 36, 9},
	{" cannot rule out, cannot rule out, cannot rule out, cannot rule out, cannot rule out,", 85, 5},
	{" MAY  li\342\204\252ely  MAY  li\342\204\252ely  MAY  li\342\204\252ely  MAY  li\342\204\252ely ", 60, 8},
	{"suggests suggest suggested suggests suggest suggested suggests suggest suggested suggests suggest suggested suggests suggest suggested suggests suggest suggested ", 162, 12},
	{"aaaaaaa mayaaaaaaa mayaaaaaaa mayaaaaaaa mayaaaaaaa mayaaaaaaa mayaaaaaaa mayaaaaaaa mayaaaaaaa may", 99, 1},
	{"bbbbbbb cannot rule out,bbbbbbb cannot rule out,bbbbbbb cannot rule out,bbbbbbb cannot rule out,bbbbbbb cannot rule out,", 120, 5},
	{"\303\251\303\251\303\251\303\251\303\251\303\251\303\251 MAY xxxxxxx li\342\204\252ely \303\251\303\251\303\251\303\251\303\251\303\251\303\251 MAY xxxxxxx li\342\204\252ely \303\251\303\251\303\251\303\251\303\251\303\251\303\251 MAY xxxxxxx li\342\204\252ely \303\251\303\251\303\251\303\251\303\251\303\251\303\251 MAY xxxxxxx li\342\204\252ely ", 144, 8},
	{"       suggests suggest suggested        suggests suggest suggested        suggests suggest suggested        suggests suggest suggested        suggests suggest suggested        suggests suggest suggested ", 204, 12},
	{"aaaaaaaaaaaaaa mayaaaaaaaaaaaaaa mayaaaaaaaaaaaaaa mayaaaaaaaaaaaaaa mayaaaaaaaaaaaaaa mayaaaaaaaaaaaaaa mayaaaaaaaaaaaaaa mayaaaaaaaaaaaaaa mayaaaaaaaaaaaaaa may", 162, 1},
	{"bbbbbbbbbbbbbb cannot rule out,bbbbbbbbbbbbbb cannot rule out,bbbbbbbbbbbbbb cannot rule out,bbbbbbbbbbbbbb cannot rule out,bbbbbbbbbbbbbb cannot rule out,", 155, 5},
	{"\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251 MAY x li\342\204\252ely \303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251 MAY x li\342\204\252ely \303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251 MAY x li\342\204\252ely \303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251 MAY x li\342\204\252ely ", 176, 8},
	{"              suggests suggest suggested               suggests suggest suggested               suggests suggest suggested               suggests suggest suggested               suggests suggest suggested               suggests suggest suggested ", 246, 12},
	{"aaaaaaaaaaaaaaaaaaaaa mayaaaaaaaaaaaaaaaaaaaaa mayaaaaaaaaaaaaaaaaaaaaa mayaaaaaaaaaaaaaaaaaaaaa mayaaaaaaaaaaaaaaaaaaaaa mayaaaaaaaaaaaaaaaaaaaaa mayaaaaaaaaaaaaaaaaaaaaa mayaaaaaaaaaaaaaaaaaaaaa mayaaaaaaaaaaaaaaaaaaaaa may", 225, 1},
	{"bbbbbbbbbbbbbbbbbbbbb cannot rule out,bbbbbbbbbbbbbbbbbbbbb cannot rule out,bbbbbbbbbbbbbbbbbbbbb cannot rule out,bbbbbbbbbbbbbbbbbbbbb cannot rule out,bbbbbbbbbbbbbbbbbbbbb cannot rule out,", 190, 5},
	{"\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251 MAY xxxxxxxx li\342\204\252ely \303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251 MAY xxxxxxxx li\342\204\252ely \303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251 MAY xxxxxxxx li\342\204\252ely \303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251 MAY xxxxxxxx li\342\204\252ely ", 260, 8},
	{"                     suggests suggest suggested                      suggests suggest suggested                      suggests suggest suggested                      suggests suggest suggested                      suggests suggest suggested                      suggests suggest suggested ", 288, 12},
	{"aaaaaaaaaaaaaaaaaaaaaaaaaaaa mayaaaaaaaaaaaaaaaaaaaaaaaaaaaa mayaaaaaaaaaaaaaaaaaaaaaaaaaaaa mayaaaaaaaaaaaaaaaaaaaaaaaaaaaa mayaaaaaaaaaaaaaaaaaaaaaaaaaaaa mayaaaaaaaaaaaaaaaaaaaaaaaaaaaa mayaaaaaaaaaaaaaaaaaaaaaaaaaaaa mayaaaaaaaaaaaaaaaaaaaaaaaaaaaa mayaaaaaaaaaaaaaaaaaaaaaaaaaaaa may", 288, 1},
	{"bbbbbbbbbbbbbbbbbbbbbbbbbbbb cannot rule out,bbbbbbbbbbbbbbbbbbbbbbbbbbbb cannot rule out,bbbbbbbbbbbbbbbbbbbbbbbbbbbb cannot rule out,bbbbbbbbbbbbbbbbbbbbbbbbbbbb cannot rule out,bbbbbbbbbbbbbbbbbbbbbbbbbbbb cannot rule out,", 225, 5},
	{"\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251 MAY xx li\342\204\252ely \303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251 MAY xx li\342\204\252ely \303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251 MAY xx li\342\204\252ely \303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251 MAY xx li\342\204\252ely ", 292, 8},
	{"                            suggests suggest suggested                             suggests suggest suggested                             suggests suggest suggested                             suggests suggest suggested                             suggests suggest suggested                             suggests suggest suggested ", 330, 12},
	{"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa mayaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa mayaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa mayaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa mayaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa mayaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa mayaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa mayaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa mayaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa may", 351, 1},
	{"bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb cannot rule out,bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb cannot rule out,bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb cannot rule out,bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb cannot rule out,bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb cannot rule out,", 260, 5},
	{"\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251 MAY xxxxxxxxx li\342\204\252ely \303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251 MAY xxxxxxxxx li\342\204\252ely \303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251 MAY xxxxxxxxx li\342\204\252ely \303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251 MAY xxxxxxxxx li\342\204\252ely ", 376, 8},
	{"                                   suggests suggest suggested                                    suggests suggest suggested                                    suggests suggest suggested                                    suggests suggest suggested                                    suggests suggest suggested                                    suggests suggest suggested ", 372, 12},
	{"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa mayaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa mayaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa mayaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa mayaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa mayaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa mayaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa mayaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa mayaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa may", 414, 1},
	{"bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb cannot rule out,bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb cannot rule out,bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb cannot rule out,bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb cannot rule out,bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb cannot rule out,", 295, 5},
	{"\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251 MAY xxx li\342\204\252ely \303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251 MAY xxx li\342\204\252ely \303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251 MAY xxx li\342\204\252ely \303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251 MAY xxx li\342\204\252ely ", 408, 8},
	{"                                          suggests suggest suggested                                           suggests suggest suggested                                           suggests suggest suggested                                           suggests suggest suggested                                           suggests suggest suggested                                           suggests suggest suggested ", 414, 12},
	{"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa mayaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa mayaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa mayaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa mayaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa mayaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa mayaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa mayaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa mayaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa may", 477, 1},
	{"bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb cannot rule out,bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb cannot rule out,bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb cannot rule out,bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb cannot rule out,bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb cannot rule out,", 330, 5},
	{"\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251 MAY xxxxxxxxxx li\342\204\252ely \303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251 MAY xxxxxxxxxx li\342\204\252ely \303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251 MAY xxxxxxxxxx li\342\204\252ely \303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251 MAY xxxxxxxxxx li\342\204\252ely ", 492, 8},
	{"                                                 suggests suggest suggested                                                  suggests suggest suggested                                                  suggests suggest suggested                                                  suggests suggest suggested                                                  suggests suggest suggested                                                  suggests suggest suggested ", 456, 12},
	{"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa mayaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa mayaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa mayaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa mayaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa mayaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa mayaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa mayaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa mayaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa may", 540, 1},
	{"bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb cannot rule out,bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb cannot rule out,bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb cannot rule out,bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb cannot rule out,bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb cannot rule out,", 365, 5},
	{"\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251 MAY xxxx li\342\204\252ely \303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251 MAY xxxx li\342\204\252ely \303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251 MAY xxxx li\342\204\252ely \303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251 MAY xxxx li\342\204\252ely ", 524, 8},
	{"                                                        suggests suggest suggested                                                         suggests suggest suggested                                                         suggests suggest suggested                                                         suggests suggest suggested                                                         suggests suggest suggested                                                         suggests suggest suggested ", 498, 12},
	{"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa mayaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa mayaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa mayaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa mayaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa mayaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa mayaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa mayaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa mayaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa may", 603, 1},
	{"bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb cannot rule out,bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb cannot rule out,bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb cannot rule out,bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb cannot rule out,bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb cannot rule out,", 400, 5},
	{"\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251 MAY xxxxxxxxxxx li\342\204\252ely \303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251 MAY xxxxxxxxxxx li\342\204\252ely \303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251 MAY xxxxxxxxxxx li\342\204\252ely \303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251 MAY xxxxxxxxxxx li\342\204\252ely ", 608, 8},
	{"                                                               suggests suggest suggested                                                                suggests suggest suggested                                                                suggests suggest suggested                                                                suggests suggest suggested                                                                suggests suggest suggested                                                                suggests suggest suggested ", 540, 12},
	{"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa mayaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa mayaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa mayaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa mayaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa mayaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa mayaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa mayaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa mayaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa may", 666, 1},
	{"bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb cannot rule out,bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb cannot rule out,bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb cannot rule out,bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb cannot rule out,bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb cannot rule out,", 435, 5},
	{"\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251 MAY xxxxx li\342\204\252ely \303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251 MAY xxxxx li\342\204\252ely \303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251 MAY xxxxx li\342\204\252ely \303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251 MAY xxxxx li\342\204\252ely ", 640, 8},
	{"                                                                      suggests suggest suggested                                                                       suggests suggest suggested                                                                       suggests suggest suggested                                                                       suggests suggest suggested                                                                       suggests suggest suggested                                                                       suggests suggest suggested ", 582, 12},
	{"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa mayaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa mayaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa mayaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa mayaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa mayaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa mayaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa mayaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa mayaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa may", 729, 1},
	{"bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb cannot rule out,bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb cannot rule out,bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb cannot rule out,bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb cannot rule out,bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb cannot rule out,", 470, 5},
	{"\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251 MAY xxxxxxxxxxxx li\342\204\252ely \303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251 MAY xxxxxxxxxxxx li\342\204\252ely \303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251 MAY xxxxxxxxxxxx li\342\204\252ely \303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251 MAY xxxxxxxxxxxx li\342\204\252ely ", 724, 8},
	{"                                                                             suggests suggest suggested                                                                              suggests suggest suggested                                                                              suggests suggest suggested                                                                              suggests suggest suggested                                                                              suggests suggest suggested                                                                              suggests suggest suggested ", 624, 12},
};

static void
test_count(void)
{
	struct sfb_kw *kw = sfb_kw_new(sfb_kw_registry_get(SFB_KW_HEDGES));
	uint32_t count[64];
	size_t i, k;

	t_ok(kw != NULL && sfb_kw_nkw(kw) == 18, "hedging registry: 18 keywords");
	if (kw == NULL)
		return;
	for (i = 0; i < sizeof count_cases / sizeof count_cases[0]; i++) {
		int json;

		for (json = 0; json < 2; json++) {
			unsigned total = 0;

			sfb_kw_count(kw, (const unsigned char *)count_cases[i].text,
			    count_cases[i].n, json, count, NULL);
			for (k = 0; k < sfb_kw_nkw(kw); k++)
				total += count[k];
			t_ok(total == count_cases[i].want,
			    "count case %zu (json %d): %u, want %u", i, json, total,
			    count_cases[i].want);
		}
	}
	sfb_kw_free(kw);
}

/* The block paths against their plain twin, the exact code-point loop:
 * generated texts of keywords in random case, pieces of keywords, words
 * and the characters SPEC 3.4 singles out (U+0130, U+212A, U+0000, a lone
 * surrogate, non-ASCII letters and spaces, escapes once JSON-encoded),
 * of lengths that cross the 64-byte blocks at every offset.  Every
 * matcher must give the same categories, evidence and counts, on the
 * text and on its JSON string bodies. */
static const char *const agree_tokens[] = {
	" ", " ", " ", ", ", ". ", "-", "'", "\n", "\t", "\"", "\\", "/", "_",
	"0", "2mri", "s", "x", "a", "no", "the", "of", "with", "nothing",
	"\xc3\xa9", "\xc3\x9f", "\xc4\xb0", "\xe2\x84\xaa", "\xc3\x89",
	"\xe2\x80\x99", "\xc2\xa0", "\xe2\x80\x94", "\xed\xa0\x80",
	"\xf0\x9d\x90\x80", "\xcc\x87", "\0", "\xe2\x80\xa8",
};

static void
agree_text(struct sfb_buf *b, const struct sfb_kw_registry *reg)
{
	size_t ntok = 1 + t_rnd(60), t;

	b->len = 0;
	for (t = 0; t < ntok; t++) {
		unsigned r = t_rnd(10);

		if (r < 4) {    /* a keyword or a piece of one, in any case */
			const struct sfb_kw_category *c =
			    &reg->cats[t_rnd((uint32_t)reg->ncat)];
			size_t ns = 0, i, len;
			const char *k;
			int mode = (int)t_rnd(4);

			while (c->synonyms[ns] != NULL)
				ns++;
			k = c->synonyms[t_rnd((uint32_t)ns)];
			len = strlen(k);
			if (t_rnd(4) == 0)
				len = 1 + t_rnd((uint32_t)len);
			for (i = 0; i < len; i++) {
				char ch = k[i];

				if (mode == 1 || (mode == 2 && t_rnd(2)))
					ch = (char)(ch >= 'a' && ch <= 'z' ?
					    ch - 32 : ch);
				/* A K or an i may be the non-ASCII letters
				 * that lower to them. */
				if (mode == 3 && ch == 'k')
					sfb_buf_put(b, "\xe2\x84\xaa", 3);
				else if (mode == 3 && ch == 'i')
					sfb_buf_put(b, "\xc4\xb0", 2);
				else
					sfb_buf_putc(b, ch);
			}
		} else if (r < 9) {
			const char *tok = agree_tokens[t_rnd(
			    sizeof agree_tokens / sizeof agree_tokens[0])];

			sfb_buf_put(b, tok, *tok ? strlen(tok) : 1);
		} else {        /* a run of filler, to move what follows */
			size_t i, m = t_rnd(70);

			for (i = 0; i < m; i++)
				sfb_buf_putc(b, i % 6 == 5 ? ' ' : "word"[i % 4]);
		}
	}
}

/* One matcher's answers on one text; sfb_kw_each's matches sorted. */
struct answer {
	uint32_t mask, mask_ev, mask_json[2], count_mask, each_mask;
	struct sfb_kw_hit hits[32];
	uint32_t count[64], count_json[2][64];
	struct sfb_kw_hit first[64];
	size_t neach;
	size_t each[512][4];
};

static void
each_add(void *ctx, size_t cat, size_t syn, size_t start, size_t end)
{
	struct answer *a = ctx;

	if (a->neach < 512) {
		a->each[a->neach][0] = start;
		a->each[a->neach][1] = end;
		a->each[a->neach][2] = cat;
		a->each[a->neach][3] = syn;
	}
	a->neach++;
}

static int
each_cmp(const void *x, const void *y)
{
	return memcmp(x, y, 4 * sizeof(size_t));
}

static void
answer_get(const struct sfb_kw *kw, const struct sfb_buf *text,
    struct sfb_buf *js, struct answer *a)
{
	unsigned char *copy = malloc(text->len ? text->len : 1);
	size_t k;
	int style;

	memset(a, 0, sizeof *a);
	/* Exact-size heap copies, for ASan. */
	memcpy(copy, text->p, text->len);
	a->mask = sfb_kw_match(kw, copy, text->len, NULL);
	a->mask_ev = sfb_kw_match(kw, copy, text->len, a->hits);
	for (k = 0; k < 32; k++)
		if (!(a->mask_ev >> k & 1))
			memset(&a->hits[k], 0, sizeof a->hits[k]);
	a->count_mask = sfb_kw_count(kw, copy, text->len, 0, a->count,
	    a->first);
	for (k = 0; k < sfb_kw_nkw(kw); k++)
		if (a->count[k] == 0)
			memset(&a->first[k], 0, sizeof a->first[k]);
	a->each_mask = sfb_kw_each(kw, copy, text->len, each_add, a);
	if (a->neach <= 512)
		qsort(a->each, a->neach, sizeof a->each[0], each_cmp);
	free(copy);
	for (style = 0; style < 2; style++) {
		js->len = 0;
		sfb_json_str_encode(js, text->p, text->len, style);
		copy = malloc(js->len - 2);
		memcpy(copy, js->p + 1, js->len - 2);
		a->mask_json[style] = sfb_kw_match_json(kw, copy, js->len - 2);
		sfb_kw_count(kw, copy, js->len - 2, 1, a->count_json[style],
		    NULL);
		free(copy);
	}
}

static const enum sfb_kw_set all[] = {
	SFB_KW_LABELS, SFB_KW_LABELS_STRICT, SFB_KW_RECS,
	SFB_KW_SEVERITY, SFB_KW_HEDGES,
};
/* The matchers each test compares: the block paths, then the exact
 * loop (EX). */
#define NM 5
#define EX (NM - 1)
static const char *const path[EX] = {"VBMI", "AVX-512", "AVX2", "SSE2"};

/* AVX-512 with VBMI, AVX-512 and AVX2 where the processor has them,
 * SSE2, the exact loop. */
static void
matchers_new(const struct sfb_kw_registry *reg, struct sfb_kw *kw[NM])
{
	kw[0] = sfb_kw_new(reg);
	sfb_kw_no_vbmi = 1;
	kw[1] = sfb_kw_new(reg);
	sfb_kw_no_avx512 = 1;
	kw[2] = sfb_kw_new(reg);
	sfb_kw_no_avx2 = 1;
	kw[3] = sfb_kw_new(reg);
	sfb_kw_plain = 1;
	kw[4] = sfb_kw_new(reg);
	sfb_kw_plain = sfb_kw_no_avx2 = sfb_kw_no_avx512 = 0;
	sfb_kw_no_vbmi = 0;
}

/* Every answer of the four block paths on text against the exact
 * loop's; a[EX] holds the exact loop's.  Returns the differing paths. */
static int
agree_on(struct sfb_kw *kw[NM], const struct sfb_buf *text, struct sfb_buf *js,
    struct answer *a)
{
	int m, diff = 0;

	for (m = 0; m < NM; m++)
		answer_get(kw[m], text, js, &a[m]);
	for (m = 0; m < EX; m++)
		if (memcmp(&a[m], &a[EX], sizeof a[m]) != 0)
			diff |= 1 << m;
	return diff;
}

/* Count the paths in diff (a bit per path, as agree_on gives) in *bad
 * and report each as differing from the exact loop, the first ten
 * times; the rest of the message says where, as printf would. */
__attribute__((format(printf, 3, 4)))
static void
report_diff(unsigned diff, int *bad, const char *fmt, ...)
{
	char where[256];
	va_list ap;
	int m;

	if (!diff)
		return;
	va_start(ap, fmt);
	vsnprintf(where, sizeof where, fmt, ap);
	va_end(ap);
	for (m = 0; m < EX; m++)
		if ((diff >> m & 1) && (*bad)++ < 10)
			t_ok(0, "%s: %s path differs from the exact loop",
			    where, path[m]);
}

static void
matchers_free(struct sfb_kw *kw[NM])
{
	int m;

	for (m = 0; m < NM; m++)
		sfb_kw_free(kw[m]);
}

static void
test_agree(void)
{
	struct sfb_buf text = { 0 }, js = { 0 };
	struct answer *a = malloc(NM * sizeof *a);
	size_t r, i;
	int bad = 0, tested = 0;

	for (r = 0; r < sizeof all / sizeof all[0]; r++) {
		const struct sfb_kw_registry *reg = sfb_kw_registry_get(all[r]);
		struct sfb_kw *kw[NM];

		matchers_new(reg, kw);
		for (i = 0; i < 4000; i++) {
			int diff;

			agree_text(&text, reg);
			diff = agree_on(kw, &text, &js, a);
			report_diff((unsigned)diff, &bad,
			    "registry %zu text %zu", r, i);
			tested += a[EX].mask != 0;
		}
		matchers_free(kw);
	}
	t_ok(!bad, "block paths agree with the exact loop");
	/* The texts must exercise matching, not only its absence. */
	t_ok(tested > 10000, "texts with a match: %d of 20000", tested);
	free(a);
	sfb_buf_free(&text);
	sfb_buf_free(&js);
}

/* Put keyword x in b, in upper case when up. */
static void
put_kw(struct sfb_buf *b, const char *x, int up)
{
	for (; *x; x++)
		sfb_buf_putc(b, up && *x >= 'a' && *x <= 'z' ? *x - 32 : *x);
}

/* Once a keyword is found its category is done, and the prefilter drops
 * the buckets whose keywords are all done: every pair of keywords of two
 * categories (in every registry), the first two blocks before the
 * second, so that the second is looked for with the first's bucket
 * dropped, and again with the first keyword once more after the second
 * (evidence wants the leftmost match). */
static void
test_dead_buckets(void)
{
	struct sfb_buf text = { 0 }, js = { 0 };
	struct answer *a = malloc(NM * sizeof *a);
	size_t r, c1, c2, s1, s2;
	int bad = 0, n = 0, again;

	for (r = 0; r < sizeof all / sizeof all[0]; r++) {
		const struct sfb_kw_registry *reg = sfb_kw_registry_get(all[r]);
		struct sfb_kw *kw[NM];

		matchers_new(reg, kw);
		for (c1 = 0; c1 < reg->ncat; c1++)
		for (c2 = 0; c2 < reg->ncat; c2++)
		for (s1 = 0; reg->cats[c1].synonyms[s1]; s1++)
		for (s2 = 0; reg->cats[c2].synonyms[s2]; s2++)
		for (again = 0; again < 2; again++) {
			int diff;

			if (c1 == c2 && s1 == s2)
				continue;
			text.len = 0;
			sfb_buf_puts(&text, "Report: ");
			put_kw(&text, reg->cats[c1].synonyms[s1], again);
			sfb_buf_puts(&text, ", then the words of two blocks "
			    "of plain text, nothing to find in them at all, "
			    "which is why they go on and on, as long as they "
			    "need to, into the next block and past it; ");
			put_kw(&text, reg->cats[c2].synonyms[s2], 0);
			if (again)
				put_kw(&text, reg->cats[c1].synonyms[s1], 0);
			sfb_buf_puts(&text, " (end)\n\"and the words of "
			    "one more block after it, to be scanned too.\"");
			diff = agree_on(kw, &text, &js, a);
			report_diff((unsigned)diff, &bad,
			    "registry %zu: %s then %s", r,
			    reg->cats[c1].synonyms[s1],
			    reg->cats[c2].synonyms[s2]);
			n += __builtin_popcount(a[EX].mask) == 2;
		}
		matchers_free(kw);
	}
	t_ok(!bad, "dead buckets: block paths agree with the exact loop");
	t_ok(n > 5000, "dead buckets: texts with two categories: %d", n);
	free(a);
	sfb_buf_free(&text);
	sfb_buf_free(&js);
}

/* The registry's keywords, in registry order, in kws (64 at most). */
static size_t
reg_kws(const struct sfb_kw_registry *reg, const char *kws[64])
{
	size_t c, i, nkw = 0;

	for (c = 0; c < reg->ncat; c++)
		for (i = 0; reg->cats[c].synonyms[i] && nkw < 64; i++)
			kws[nkw++] = reg->cats[c].synonyms[i];
	return nkw;
}

/* Keywords close together, in one block or in neighbouring ones: every
 * ordered pair of keywords (of one category or two) and the first one
 * again after them, at offsets that put them in the first block, across
 * the first block's end, in the second block and across the second's
 * end, so that a keyword found kills the other's category (or, with
 * evidence, later synonyms) while the others of its block, looked up
 * before, are still to be compared. */
static void
test_same_block(void)
{
	static const size_t offs[] = {0, 9, 30, 52, 61, 77, 100, 118, 125};
	struct sfb_buf text = { 0 }, js = { 0 };
	struct answer *a = malloc(NM * sizeof *a);
	size_t r, k1, k2, o, i, nkw;
	int bad = 0, n = 0;

	for (r = 0; r < sizeof all / sizeof all[0]; r++) {
		const struct sfb_kw_registry *reg = sfb_kw_registry_get(all[r]);
		const char *kws[64];
		struct sfb_kw *kw[NM];

		matchers_new(reg, kw);
		nkw = reg_kws(reg, kws);
		for (k1 = 0; k1 < nkw; k1++)
		for (k2 = 0; k2 < nkw; k2++)
		for (o = 0; o < sizeof offs / sizeof offs[0]; o++) {
			int diff;

			text.len = 0;
			for (i = 0; i < offs[o]; i++)
				sfb_buf_putc(&text, i % 5 == 4 ? ' ' : "abcd"[i % 4]);
			sfb_buf_putc(&text, ' ');
			put_kw(&text, kws[k1], (int)(o & 1));
			sfb_buf_puts(&text, k2 % 3 ? " " : ", ");
			put_kw(&text, kws[k2], (int)(k2 & 1));
			sfb_buf_putc(&text, ' ');
			put_kw(&text, kws[k1], 0);
			sfb_buf_puts(&text, " and the words of a block after "
			    "them, plain, to be scanned as a block too.");
			diff = agree_on(kw, &text, &js, a);
			report_diff((unsigned)diff, &bad,
			    "same block: registry %zu: %s then %s at %zu", r,
			    kws[k1], kws[k2], offs[o]);
			n += __builtin_popcount(a[EX].mask) == 2;
		}
		matchers_free(kw);
	}
	t_ok(!bad, "same block: block paths agree with the exact loop");
	t_ok(n > 20000, "same block: texts with two categories: %d", n);
	free(a);
	sfb_buf_free(&text);
	sfb_buf_free(&js);
}

/* A keyword starting in the last bytes of a block, one of its first
 * four bytes written otherwise in the next block: as a \\u escape of
 * its letter (JSON bodies), as U+0130 or U+212A (which lower to i and
 * k), or in upper case.  The prefilter does not trust a block's last
 * two positions (three with VBMI, which looks at four bytes), which
 * reach past it. */
static void
test_edge_bytes(void)
{
	static const size_t at[] = {59, 60, 61, 62, 63, 64, 125, 126, 127};
	struct sfb_buf text = { 0 }, js = { 0 };
	struct answer *a = malloc(NM * sizeof *a);
	size_t r, k, o, e, i, nkw;
	int bad = 0, n = 0, m, form;

	for (r = 0; r < sizeof all / sizeof all[0]; r++) {
		const struct sfb_kw_registry *reg = sfb_kw_registry_get(all[r]);
		const char *kws[64];
		struct sfb_kw *kw[NM];

		matchers_new(reg, kw);
		nkw = reg_kws(reg, kws);
		for (k = 0; k < nkw; k++)
		for (o = 0; o < sizeof at / sizeof at[0]; o++)
		for (e = 0; e < 4 && kws[k][e]; e++)
		for (form = 0; form < 3; form++) {
			char ch = kws[k][e];
			int diff = 0;

			if (form == 1 && ch != 'i' && ch != 'k')
				continue;
			text.len = 0;
			for (i = 0; i + 1 < at[o]; i++)
				sfb_buf_putc(&text, i % 6 == 5 ? ' ' : "wxyz"[i % 4]);
			sfb_buf_putc(&text, ' ');
			for (i = 0; kws[k][i]; i++) {
				char c = kws[k][i];

				if (i != e)
					sfb_buf_putc(&text, c);
				else if (form == 0) {
					char u[16];

					snprintf(u, sizeof u, "\\u%04X",
					    (unsigned)(c >= 'a' && c <= 'z' &&
					    k % 2 ? c - 32 : c));
					sfb_buf_puts(&text, u);
				} else if (form == 1)
					sfb_buf_puts(&text, c == 'i' ?
					    "\xc4\xb0" : "\xe2\x84\xaa");
				else
					sfb_buf_putc(&text, c >= 'a' && c <= 'z' ?
					    c - 32 : c);
			}
			sfb_buf_puts(&text, " and a block of words after it, "
			    "plain, to be scanned as a block: nothing more.");
			if (form == 0) {
				/* The text is a JSON string's body. */
				for (m = 0; m < NM; m++) {
					a[m].mask = sfb_kw_match_json(kw[m],
					    (unsigned char *)text.p, text.len);
					sfb_kw_count(kw[m], (unsigned char *)
					    text.p, text.len, 1, a[m].count, NULL);
				}
				for (m = 0; m < EX; m++)
					if (a[m].mask != a[EX].mask ||
					    memcmp(a[m].count, a[EX].count,
					    nkw * sizeof a[m].count[0]) != 0)
						diff |= 1 << m;
			} else {
				diff = agree_on(kw, &text, &js, a);
			}
			report_diff((unsigned)diff, &bad,
			    "edge bytes: registry %zu: %s at %zu, byte %zu in "
			    "form %d", r, kws[k], at[o], e, form);
			n += a[EX].mask != 0;
		}
		matchers_free(kw);
	}
	t_ok(!bad, "edge bytes: block paths agree with the exact loop");
	t_ok(n > 2000, "edge bytes: texts with a match: %d", n);
	free(a);
	sfb_buf_free(&text);
	sfb_buf_free(&js);
}

/* Characters not plain ASCII around and inside keywords, at offsets
 * around a block's end: separators the block path takes as non-word
 * bytes (U+2019, U+00A0, U+2014, a lone surrogate, U+0307, U+1F600,
 * U+2028) and characters it must not (U+00E9 and U+1D400, word
 * characters; U+212A and U+0130, which lower to ASCII letters), before
 * the keyword, after it, and in place of its first space or hyphen. */
static void
test_separators(void)
{
	static const char *const sep[] = {
		"\xe2\x80\x99", "\xc2\xa0", "\xe2\x80\x94", "\xed\xa0\x80",
		"\xcc\x87", "\xf0\x9f\x98\x80", "\xe2\x80\xa8", "\xc3\xa9",
		"\xf0\x9d\x90\x80", "\xe2\x84\xaa", "\xc4\xb0",
	};
	struct sfb_buf text = { 0 }, js = { 0 };
	struct answer *a = malloc(NM * sizeof *a);
	size_t r, k, o, x, i, nkw;
	int bad = 0, n = 0;

	for (r = 0; r < sizeof all / sizeof all[0]; r++) {
		const struct sfb_kw_registry *reg = sfb_kw_registry_get(all[r]);
		const char *kws[64];
		struct sfb_kw *kw[NM];

		matchers_new(reg, kw);
		nkw = reg_kws(reg, kws);
		for (k = 0; k < nkw; k++)
		for (o = 52; o < 68; o += 1 + k % 3)
		for (x = 0; x < 3 * sizeof sep / sizeof sep[0]; x++) {
			const char *sp = sep[x / 3];
			int diff, inside = 0;

			text.len = 0;
			for (i = 0; i < o; i++)
				sfb_buf_putc(&text, i % 7 == 6 ? ' ' : "abcd"[i % 4]);
			if (x % 3 != 1)
				sfb_buf_puts(&text, sp);
			for (i = 0; kws[k][i]; i++) {
				if (x % 3 == 2 && !inside &&
				    (kws[k][i] == ' ' || kws[k][i] == '-')) {
					sfb_buf_puts(&text, sp);
					inside = 1;
				} else {
					sfb_buf_putc(&text, kws[k][i]);
				}
			}
			if (x % 3 != 0)
				sfb_buf_puts(&text, sp);
			sfb_buf_puts(&text, " then a block of plain words to "
			    "scan as a block after it, and the end.");
			diff = agree_on(kw, &text, &js, a);
			report_diff((unsigned)diff, &bad,
			    "separators: registry %zu: %s at %zu, x %zu", r,
			    kws[k], o, x);
			n += a[EX].mask != 0;
		}
		matchers_free(kw);
	}
	t_ok(!bad, "separators: block paths agree with the exact loop");
	t_ok(n > 10000, "separators: texts with a match: %d", n);
	free(a);
	sfb_buf_free(&text);
	sfb_buf_free(&js);
}

/* The words that end a 64-byte block or go on past it: every keyword
 * (whole, or its first 1-8 bytes), in either case, at each offset
 * around the end of the first two blocks, followed by what may end or
 * continue a word: nothing (the text's end), a space, an ASCII letter,
 * a non-ASCII letter, U+212A and U+0130 (which lower to k and i), U+0000,
 * a lone surrogate, a backslash, a quote. */
static void
test_block_edges(void)
{
	static const char *const after[] = {
		"", " ", "s", "\xc3\xa9", "\xe2\x84\xaa", "\xc4\xb0", "\0",
		"\xed\xa0\x80", "\\", "\"", "\n", "k", "\xe2\x80\x99s ",
	};
	static const enum sfb_kw_set two[] = {SFB_KW_LABELS, SFB_KW_RECS};
	struct sfb_buf text = { 0 }, js = { 0 };
	struct answer *a = malloc(NM * sizeof *a);
	size_t r, c, syn, off, x, cut;
	int bad = 0, n = 0;

	for (r = 0; r < 2; r++) {
		const struct sfb_kw_registry *reg = sfb_kw_registry_get(two[r]);
		struct sfb_kw *kw[NM];

		matchers_new(reg, kw);
		for (c = 0; c < reg->ncat; c++)
		for (syn = 0; reg->cats[c].synonyms[syn]; syn++)
		for (off = 54; off < 138; off += off == 73 ? 45 : 1)
		for (cut = 0; cut < 2; cut++)
		for (x = 0; x < sizeof after / sizeof after[0]; x++) {
			const char *k = reg->cats[c].synonyms[syn];
			size_t len = strlen(k), i, diff;

			if (cut)
				len = 1 + (off + x) % (len < 8 ? len : 8);
			text.len = 0;
			for (i = 0; i < off; i++)
				sfb_buf_putc(&text, i % 5 == 4 ? ' ' : "ab cd"[i % 5]);
			for (i = 0; i < len; i++)
				sfb_buf_putc(&text, (off + x) % 3 == 0 &&
				    k[i] >= 'a' && k[i] <= 'z' ? k[i] - 32 : k[i]);
			sfb_buf_put(&text, after[x], x == 6 ? 1 : strlen(after[x]));
			if ((off + x) % 2)      /* or the text ends soon after */
				sfb_buf_puts(&text, " and some more words, "
				    "enough for one more block of text to follow "
				    "it, then the end.");
			diff = (size_t)agree_on(kw, &text, &js, a);
			report_diff((unsigned)diff, &bad,
			    "block edge: %s, %zu bytes at %zu, then after[%zu]",
			    k, len, off, x);
			n += a[EX].mask != 0;
		}
		matchers_free(kw);
	}
	t_ok(!bad, "block edges: block paths agree with the exact loop");
	t_ok(n > 10000, "block edges: texts with a match: %d", n);
	free(a);
	sfb_buf_free(&text);
	sfb_buf_free(&js);
}

/* fast_try's window: every keyword, at several offsets in a block,
 * followed by the rest of its first word's group and more words, with a
 * byte or character put in at each distance 0-34 from its start (inside
 * it, right after it, at the end of the FAST_LEN bytes compared and past
 * them): non-ASCII letters, U+0130 and U+212A, U+0000, a lone surrogate,
 * a backslash (in the escaped bodies also \\u and \\\\), a newline
 * (\\n there), a word byte, a space; U+0130 and U+212A also in place
 * of a keyword's i or k.  Each registry's groups of one to
 * four keywords go through every slot of the fixed-count compare. */
static void
test_fast_window(void)
{
	static const char *const put[] = {
		"\xc3\xa9", "\xc4\xb0", "\xe2\x84\xaa", "\0", "\xed\xa0\x80",
		"\\", "\n", "s", " ", "-", "\xc3\x89",
	};
	static const enum sfb_kw_set three[] = {
		SFB_KW_LABELS, SFB_KW_RECS, SFB_KW_HEDGES,
	};
	struct sfb_buf text = { 0 }, js = { 0 };
	struct answer *a = malloc(NM * sizeof *a);
	size_t r, c, syn, d, x, i;
	int bad = 0, n = 0, nrep = 0;

	for (r = 0; r < 3; r++) {
		const struct sfb_kw_registry *reg = sfb_kw_registry_get(three[r]);
		struct sfb_kw *kw[NM];

		matchers_new(reg, kw);
		for (c = 0; c < reg->ncat; c++)
		for (syn = 0; reg->cats[c].synonyms[syn]; syn++)
		for (d = 0; d < 35; d++)
		for (x = 0; x < sizeof put / sizeof put[0]; x++) {
			const char *k = reg->cats[c].synonyms[syn];
			size_t len = strlen(k), at, diff, rep;
			struct sfb_buf w = { 0 };

			/* The keyword, then the others of its category (the
			 * group's keywords often share one) and words. */
			put_kw(&w, k, (d + x) % 4 == 1);
			for (i = 0; reg->cats[c].synonyms[i]; i++) {
				sfb_buf_putc(&w, i % 2 ? ' ' : ',');
				put_kw(&w, reg->cats[c].synonyms[i], 0);
			}
			sfb_buf_puts(&w, " and more words to go past the window");
			text.len = 0;
			at = (d * 7 + x * 13) % 61;
			for (i = 0; i < at; i++)
				sfb_buf_putc(&text, i % 4 == 3 ? ' ' : "ab c"[i % 4]);
			if (at % 4 == 3)
				sfb_buf_putc(&text, ' ');
			/* U+0130 and U+212A stand for the i or k they
			 * replace, so that the keyword still matches (in
			 * the escaped bodies through a \\u escape). */
			rep = d < w.len && ((x == 1 && (w.p[d] | 0x20) == 'i') ||
			    (x == 2 && (w.p[d] | 0x20) == 'k'));
			sfb_buf_put(&text, w.p, d < w.len ? d : w.len);
			sfb_buf_put(&text, put[x], x == 3 ? 1 : strlen(put[x]));
			if (d < w.len)
				sfb_buf_put(&text, w.p + d + rep, w.len - d - rep);
			sfb_buf_puts(&text, ", and one block of words more to "
			    "scan after all of that, then the end.");
			sfb_buf_free(&w);
			diff = (size_t)agree_on(kw, &text, &js, a);
			report_diff((unsigned)diff, &bad,
			    "fast window: %s, put[%zu] at %zu", k, x, d);
			n += d > len && a[EX].mask != 0;
			nrep += rep && d < len && a[EX].mask != 0;
		}
		matchers_free(kw);
	}
	t_ok(!bad, "fast window: block paths agree with the exact loop");
	t_ok(n > 10000, "fast window: texts with a match: %d", n);
	t_ok(nrep > 100, "fast window: matches through U+0130, U+212A: %d",
	    nrep);
	free(a);
	sfb_buf_free(&text);
	sfb_buf_free(&js);
}

/* Blocks dense with word starts the prefilter passes (about ten a
 * block), so that a block's candidate loop runs long: words made of
 * the keywords' first 3-8 bytes and of whole first words (which the
 * hash finds and fast_try then compares), one or two bytes apart, and
 * at word index 0-47 a keyword, in either case, after a space, a
 * newline, a backslash or U+00E9, and followed by a space, a word byte,
 * U+0000, a lone surrogate, U+212A or U+0130. */
static void
test_dense_starts(void)
{
	static const char *const before[] = {" ", "\n", "\\", "\xc3\xa9"};
	static const char *const after[] = {
		" ", "s", "\0", "\xed\xa0\x80", "\xe2\x84\xaa", "\xc4\xb0",
	};
	struct sfb_buf text = { 0 }, js = { 0 };
	struct answer *a = malloc(NM * sizeof *a);
	size_t r, k, pos, x, i, nkw;
	int bad = 0, n = 0;

	for (r = 0; r < sizeof all / sizeof all[0]; r++) {
		const struct sfb_kw_registry *reg = sfb_kw_registry_get(all[r]);
		const char *kws[64];
		struct sfb_kw *kw[NM];

		matchers_new(reg, kw);
		nkw = reg_kws(reg, kws);
		for (k = 0; k < nkw; k++)
		for (pos = 0; pos < 48; pos += k % 3 == 0 ? 1 : 3)
		for (x = 0; x < 4 * 6; x++) {
			size_t w, diff;

			text.len = 0;
			for (w = 0; w < 56; w++) {
				const char *f = kws[(w * 7 + k) % nkw];
				size_t len = strcspn(f, " -'");

				if (w % 3 != 0 && len > 3 + w % 6)
					len = 3 + w % 6;
				if (w == pos) {
					sfb_buf_puts(&text, before[x % 4]);
					put_kw(&text, kws[k], (x + pos) % 2);
					sfb_buf_put(&text, after[x / 4],
					    x / 4 == 2 ? 1 : strlen(after[x / 4]));
				}
				sfb_buf_puts(&text, w % 4 == 3 ? ", " : " ");
				for (i = 0; i < len; i++)
					sfb_buf_putc(&text, (w + x) % 5 == 0 &&
					    f[i] >= 'a' && f[i] <= 'z' ?
					    f[i] - 32 : f[i]);
			}
			diff = (size_t)agree_on(kw, &text, &js, a);
			report_diff((unsigned)diff, &bad,
			    "dense starts: registry %zu, %s at word %zu, x %zu",
			    r, kws[k], pos, x);
			n += a[EX].mask != 0;
		}
		matchers_free(kw);
	}
	t_ok(!bad, "dense starts: block paths agree with the exact loop");
	t_ok(n > 10000, "dense starts: texts with a match: %d", n);
	free(a);
	sfb_buf_free(&text);
	sfb_buf_free(&js);
}

int
main(void)

{
	int simd;

	/* With the VBMI, AVX-512 and AVX2 paths where the processor has
	 * them, then with AVX-512 BW at most, then with AVX2 at most, then
	 * with the SSE2 ones alone: the same answers. */
	for (simd = 0; simd < 4; simd++) {
		sfb_kw_no_vbmi = simd >= 1;
		sfb_kw_no_avx512 = simd >= 2;
		sfb_kw_no_avx2 = simd >= 3;
		test_golden();
		test_padded();
		test_json_bodies();
	}
	sfb_kw_no_avx512 = sfb_kw_no_avx2 = sfb_kw_no_vbmi = 0;
	test_registries();
	test_limits();
	test_nonascii_start();
	test_count();
	test_agree();
	test_dead_buckets();
	test_same_block();
	test_edge_bytes();
	test_separators();
	test_block_edges();
	test_fast_window();
	test_dense_starts();
	return t_done();
}
