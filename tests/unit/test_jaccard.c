/* test_jaccard.c - sfb_jac_count's two readings of an array (AVX-512
 * where the CPU has it, element by element) against a plain reference:
 * every element decoded, the sets' sizes counted pair by pair. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/json.h"
#include "bundle/pair_jaccard.h"
#include "t.h"

#define S(s) s, sizeof s - 1

/* Elements, as JSON, and what they decode to (NULL: not a string). */
static const struct {
	const char *tok;
	size_t nt;
	const char *dec;
	size_t nd;
} el[] = {
	{ S("\"a\""), S("a") }, { S("\"b\""), S("b") }, { S("\"\""), S("") },
	{ S("\"Fracture\""), S("Fracture") },
	{ S("\"Fracturf\""), S("Fracturf") }, { S("\"Fractur\""), S("Fractur") },
	{ S("\"Schmorl's node\""), S("Schmorl's node") },
	{ S("\"a long label, seventy bytes or so, to cross a 64-byte step of it\""),
	  S("a long label, seventy bytes or so, to cross a 64-byte step of it") },
	/* Equal first eight bytes, equal lengths 9 to 24, differing at
	 * every word and in the last word's overlap. */
	{ S("\"Disc space narrowing\""), S("Disc space narrowing") },
	{ S("\"Disc space narrowinf\""), S("Disc space narrowinf") },
	{ S("\"Disc spacd narrowing\""), S("Disc spacd narrowing") },
	{ S("\"Disc space\""), S("Disc space") },
	{ S("\"Disc spacf\""), S("Disc spacf") },
	{ S("\"Fracture of L1 and L2 ok\""), S("Fracture of L1 and L2 ok") },
	{ S("\"Fracture of L1 and L3 ok\""), S("Fracture of L1 and L3 ok") },
	{ S("\"Fracture of L1 and L2 ol\""), S("Fracture of L1 and L2 ol") },
	{ S("\"Fracture\\u0020of L1 and L2 ok\""), S("Fracture of L1 and L2 ok") },
	{ S("\"Fracturez\""), S("Fracturez") },
	{ S("\"Fracture\xc3\xa9\""), S("Fracture\xc3\xa9") },
	{ S("\"\\n\""), S("\n") }, { S("\"a\\u0000\""), S("a\0") },
	{ S("\"\\ud800\""), S("\xed\xa0\x80") }, { S("\"\\\"q\\\\\""), S("\"q\\") },
	{ S("\"\\u0061\""), S("a") }, { S("\"\xc3\xa9t\xc3\xa9\""), S("\xc3\xa9t\xc3\xa9") },
	{ S("\"caf\xc3\xa9\""), S("caf\xc3\xa9") }, { S("\"b]\""), S("b]") },
	{ S("\"x, \\\"y\""), S("x, \"y") },
	{ S("1"), NULL, 0 }, { S("null"), NULL, 0 }, { S("{\"a\": \"b\"}"), NULL, 0 },
	{ S("[\"a\"]"), NULL, 0 },
};
enum { NEL = sizeof el / sizeof el[0], NSTR = NEL - 4 };

static const char *const sep[] = { ", ", ", ", ", ", ",", " ,", ",\n", ",  " };
enum { NSEP = sizeof sep / sizeof sep[0] };

struct arr {
	char tok[2048];
	size_t n;
	int idx[40], k;
};

/* A random array: mostly plain strings written as the stages write them,
 * now and then an escape, a non-string or other white space. */
static void
make(struct arr *a, int odd)
{
	size_t n = 0;

	a->k = (int)t_rnd(odd ? 12 : 30);
	if (odd && t_rnd(4) == 0)
		a->tok[n++] = ' ';
	a->tok[n++] = '[';
	if (odd && t_rnd(6) == 0)
		a->tok[n++] = ' ';
	for (int i = 0; i < a->k; i++) {
		int e = odd && t_rnd(3) == 0 ? (int)t_rnd(NEL) : (int)t_rnd(18);
		const char *s = i ? sep[odd ? t_rnd(NSEP) : 0] : "";

		if (odd && e >= NSTR && t_rnd(2))
			e = (int)t_rnd(NSTR);
		memcpy(a->tok + n, s, strlen(s));
		n += strlen(s);
		memcpy(a->tok + n, el[e].tok, el[e].nt);
		n += el[e].nt;
		a->idx[i] = e;
	}
	if (odd && t_rnd(6) == 0)
		a->tok[n++] = '\n';
	a->tok[n++] = ']';
	a->n = n;
}

/* The reference: 0 with the sizes, 1 (or 2 for b) with the first
 * non-string's index. */
static int
ref(const struct arr *a, const struct arr *b, size_t *inter, size_t *uni,
    size_t *bad)
{
	int ua[40], ub[40], na = 0, nb = 0;
	size_t common = 0;

	for (int s = 0; s < 2; s++) {
		const struct arr *x = s ? b : a;
		int *u = s ? ub : ua, *nu = s ? &nb : &na;

		for (int i = 0; i < x->k; i++) {
			int e = x->idx[i], dup = 0;

			if (!el[e].dec) {
				*bad = (size_t)i;
				return s ? 2 : 1;
			}
			for (int m = 0; m < *nu; m++)
				dup |= el[u[m]].nd == el[e].nd &&
				    memcmp(el[u[m]].dec, el[e].dec, el[e].nd) == 0;
			if (!dup)
				u[(*nu)++] = e;
		}
	}
	for (int i = 0; i < na; i++)
		for (int m = 0; m < nb; m++)
			common += el[ua[i]].nd == el[ub[m]].nd &&
			    memcmp(el[ua[i]].dec, el[ub[m]].dec, el[ua[i]].nd) == 0;
	*inter = common;
	*uni = (size_t)(na + nb) - common;
	return 0;
}

int
main(void)
{
	struct sfb_jac *j = sfb_jac_new();
	static struct arr a, b;
	int bad = 0, n = 0;

	for (int round = 0; round < 40000; round++) {
		size_t ri = 0, ru = 0, rb = 0;
		int want;

		make(&a, round % 2);
		make(&b, round % 3 == 0);
		want = ref(&a, &b, &ri, &ru, &rb);
		for (int plain = 0; plain < 2; plain++) {
			/* Exact-size copies: ASan sees any read past them. */
			char *ca = malloc(a.n), *cb = malloc(b.n);
			struct sfb_span va, vb;
			const char *why;
			size_t gi = 0, gu = 0, gb = 0;
			int r;

			memcpy(ca, a.tok, a.n);
			memcpy(cb, b.tok, b.n);
			/* The token a parse hands over: no outer white space. */
			if (sfb_json_validate(ca, a.n, &va, &why) < 0 ||
			    sfb_json_validate(cb, b.n, &vb, &why) < 0) {
				t_ok(0, "validate: '%.*s' / '%.*s'", (int)a.n, a.tok,
				    (int)b.n, b.tok);
				return t_done();
			}
			sfb_jac_no_avx512 = plain;
			r = sfb_jac_count(j, &va, &vb, &gi, &gu, &gb);
			if ((r != want || (want == 0 && (gi != ri || gu != ru)) ||
			    (want > 0 && gb != rb)) && bad++ < 5)
				t_ok(0, "plain %d: '%.*s' / '%.*s': %d %zu %zu %zu, want "
				    "%d %zu %zu %zu", plain, (int)a.n, a.tok, (int)b.n,
				    b.tok, r, gi, gu, gb, want, ri, ru, rb);
			n++;
			free(ca);
			free(cb);
		}
	}
	sfb_jac_no_avx512 = 0;
	t_ok(bad == 0, "jaccard arrays: %d counts, %d disagree", n, bad);
	sfb_jac_free(j);
	return t_done();
}
