/*
 * lib/pcg64 against values NumPy produced (tests/golden/boot/prng_golden.h,
 * written by tests/gen/gen_boot_golden.py): SeedSequence state, the first
 * PCG64 outputs, bounded draws across calls, and seed text handling.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "../../lib/pcg64.h"
#include "t.h"
#include "../golden/boot/prng_golden.h"

static void
check(int ok, const char *what, const char *detail)
{
	t_ok(ok, "%s: %s", what, detail);
}

static void
test_seedseq(void)
{
	size_t i, j;

	for (i = 0; i < sizeof seed_goldens / sizeof seed_goldens[0]; i++) {
		const struct seed_golden *sg = &seed_goldens[i];
		struct sfb_seed seed;
		uint32_t state[12];
		sfb_pcg64 *g;
		int ok;

		check(sfb_seed_parse(&seed, sg->text, strlen(sg->text)) == 0,
		    "seed parse", sg->text);
		check(seed.n == sg->nwords &&
		    memcmp(seed.w, sg->words, sg->nwords * sizeof seed.w[0]) == 0,
		    "seed words", sg->text);
		sfb_seedseq_generate(&seed, state, 12);
		check(memcmp(state, sg->state, sizeof state) == 0,
		    "SeedSequence.generate_state", sg->text);

		g = sfb_pcg64_new(&seed);
		ok = g != NULL;
		for (j = 0; ok && j < 6; j++)
			ok = sfb_pcg64_next64(g) == sg->raw[j];
		check(ok, "PCG64 random_raw", sg->text);
		sfb_pcg64_free(g);
	}
}

static void
test_seed_text(void)
{
	struct sfb_seed s, t;
	char buf[SFB_SEED_DIGITS];
	size_t i, n;
	static const char *bad[] = {"", "-1", "+1", "1.0", "0x10", " 1", "1 ",
		/* 2^256 */
		"115792089237316195423570985008687907853269984665640564039457584007913129639936"};

	for (i = 0; i < sizeof seed_goldens / sizeof seed_goldens[0]; i++) {
		const char *text = seed_goldens[i].text;

		sfb_seed_parse(&s, text, strlen(text));
		n = sfb_seed_format(&s, buf);
		check(n == strlen(text) && memcmp(buf, text, n) == 0,
		    "seed format round trip", text);
	}
	for (i = 0; i < sizeof bad / sizeof bad[0]; i++)
		check(sfb_seed_parse(&s, bad[i], strlen(bad[i])) == -1,
		    "seed parse rejects", bad[i]);

	check(sfb_seed_parse(&s, "00042", 5) == 0 && s.n == 1 && s.w[0] == 42,
	    "seed parse leading zeros", "00042");
	sfb_seed_from_u64(&t, 42);
	check(sfb_seed_equal(&s, &t), "seed equal", "42");
	sfb_seed_from_u64(&t, UINT64_MAX);
	sfb_seed_parse(&s, "18446744073709551615", 20);
	check(sfb_seed_equal(&s, &t), "seed from u64", "2^64-1");
	sfb_seed_from_u64(&t, 0);
	n = sfb_seed_format(&t, buf);
	check(n == 1 && buf[0] == '0', "seed format", "0");
	sfb_seed_from_u64(&t, 1ULL << 32);
	check(t.n == 2 && t.w[0] == 0 && t.w[1] == 1, "seed from u64", "2^32");
	check(!sfb_seed_equal(&s, &t), "seed unequal", "2^64-1 vs 2^32");
}

static void
test_bounded(void)
{
	size_t i, c;

	for (i = 0; i < sizeof bounded_goldens / sizeof bounded_goldens[0]; i++) {
		const struct bounded_golden *bg = &bounded_goldens[i];
		struct sfb_seed seed;
		uint32_t got[1024];
		size_t at = 0;
		char what[80];
		sfb_pcg64 *g;

		sfb_seed_from_u64(&seed, bg->seed);
		g = sfb_pcg64_new(&seed);
		for (c = 0; c < bg->ncalls; c++) {
			sfb_pcg64_bounded(g, bg->calls[c].bound, got + at, bg->calls[c].n);
			at += bg->calls[c].n;
		}
		snprintf(what, sizeof what, "seed %" PRIu64 ", %zu calls",
		    bg->seed, bg->ncalls);
		check(at == bg->ntotal &&
		    memcmp(got, bg->expect, at * sizeof got[0]) == 0,
		    "Generator.integers", what);
		sfb_pcg64_free(g);
	}
}

static void
test_next32(void)
{
	struct sfb_seed seed;
	sfb_pcg64 *a, *b;
	int ok = 1, i;

	/* Two 32-bit draws are one 64-bit output, low half first. */
	sfb_seed_from_u64(&seed, 42);
	a = sfb_pcg64_new(&seed);
	b = sfb_pcg64_new(&seed);
	for (i = 0; i < 8; i++) {
		uint64_t x = sfb_pcg64_next64(b);
		uint32_t lo = sfb_pcg64_next32(a), hi = sfb_pcg64_next32(a);

		ok = ok && lo == (uint32_t)x && hi == (uint32_t)(x >> 32);
	}
	check(ok, "next32 halves", "seed 42");
	/* A raw 64-bit draw leaves the buffered half for the next 32-bit one. */
	sfb_pcg64_free(a);
	sfb_pcg64_free(b);
	a = sfb_pcg64_new(&seed);
	b = sfb_pcg64_new(&seed);
	{
		uint32_t lo = sfb_pcg64_next32(a);
		uint64_t x1 = sfb_pcg64_next64(a);
		uint32_t hi = sfb_pcg64_next32(a);
		uint64_t y0 = sfb_pcg64_next64(b), y1 = sfb_pcg64_next64(b);

		check(lo == (uint32_t)y0 && x1 == y1 && hi == (uint32_t)(y0 >> 32),
		    "next32 buffer across next64", "seed 42");
	}
	sfb_pcg64_free(a);
	sfb_pcg64_free(b);
	sfb_pcg64_free(NULL);
}

static void
test_advance(void)
{
	size_t i, j;

	for (i = 0; i < sizeof advance_goldens / sizeof advance_goldens[0]; i++) {
		const struct advance_golden *ag = &advance_goldens[i];
		struct sfb_seed seed;
		sfb_pcg64 *g;
		char what[96];
		int ok = 1;

		sfb_seed_from_u64(&seed, ag->seed);
		g = sfb_pcg64_new(&seed);
		for (j = 0; j < ag->before; j++)
			(void)sfb_pcg64_next64(g);
		if (ag->half)
			(void)sfb_pcg64_next32(g);
		sfb_pcg64_advance(g, ag->delta);
		for (j = 0; j < 3; j++)
			ok = ok && sfb_pcg64_next64(g) == ag->raw[j];
		snprintf(what, sizeof what, "seed %llu, %zu drawn, delta %llu",
		    (unsigned long long)ag->seed, ag->before,
		    (unsigned long long)ag->delta);
		check(ok, "PCG64.advance", what);
		sfb_pcg64_free(g);
	}
}

int
main(void)
{
	test_seedseq();
	test_seed_text();
	test_bounded();
	test_next32();
	test_advance();
	return t_done();
}
