/*
 * lib/pcg64 against values NumPy produced (tests/golden/boot/prng_golden.h,
 * written by tests/gen/gen_boot_golden.py): SeedSequence state, the first
 * PCG64 outputs, bounded draws across calls, and seed text handling;
 * and the generator's lanes and pieces against a plain serial PCG64.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "stats/pcg64.h"
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

/*
 * A plain serial PCG64, one step per output, to check the lanes against:
 * its seeding is pcg64_set_seed() on SeedSequence words, which
 * test_seedseq() checks against NumPy.
 */
__extension__ typedef unsigned __int128 u128;

#define SERIAL_MULT (((u128)0x2360ed051fc65da4ULL << 64) | 0x4385df649fccf645ULL)

struct serial {
	u128 state, inc;
};

static void
serial_seed(struct serial *r, const struct sfb_seed *seed)
{
	uint32_t w[8];
	u128 initstate, initseq;

	sfb_seedseq_generate(seed, w, 8);
	initstate = ((u128)(((uint64_t)w[1] << 32) | w[0]) << 64) |
	    (((uint64_t)w[3] << 32) | w[2]);
	initseq = ((u128)(((uint64_t)w[5] << 32) | w[4]) << 64) |
	    (((uint64_t)w[7] << 32) | w[6]);
	r->inc = (initseq << 1) | 1;
	r->state = (r->inc + initstate) * SERIAL_MULT + r->inc;
}

static uint64_t
serial_next(struct serial *r)
{
	uint64_t x;
	unsigned rot;

	r->state = r->state * SERIAL_MULT + r->inc;
	x = (uint64_t)(r->state >> 64) ^ (uint64_t)r->state;
	rot = (unsigned)(r->state >> 122);
	return (x >> rot) | (x << ((64 - rot) & 63));
}

static const char *lane_seeds[] = {
	"0", "42", "18446744073709551615", "340282366920938463463374607431768211457"
};

enum { NSERIAL = 5000 };

/* The first NSERIAL outputs of seed, made serially. */
static void
serial_stream(const char *text, uint64_t *out)
{
	struct sfb_seed seed;
	struct serial r;
	size_t i;

	sfb_seed_parse(&seed, text, strlen(text));
	serial_seed(&r, &seed);
	for (i = 0; i < NSERIAL; i++)
		out[i] = serial_next(&r);
}

/*
 * The lanes give the serial stream, with and without vector code, drawn
 * output by output, in blocks of every length, in 32-bit halves across
 * block boundaries, and after jumps of every size.
 */
static void
test_lanes(void)
{
	static uint64_t want[NSERIAL], got[NSERIAL];
	static const size_t fills[] = {1, 7, 8, 9, 63, 64, 65, 255, 256, 257, 1000};
	static const uint64_t jumps[] = {0, 1, 5, 8, 250, 256, 257, 1023};
	size_t i, j, simd;

	for (i = 0; i < sizeof lane_seeds / sizeof lane_seeds[0]; i++) {
		struct sfb_seed seed;

		serial_stream(lane_seeds[i], want);
		sfb_seed_parse(&seed, lane_seeds[i], strlen(lane_seeds[i]));
		for (simd = 0; simd < 2; simd++) {
			char what[160];
			sfb_pcg64 *g = sfb_pcg64_new(&seed);
			size_t at = 0, k = 0;
			int ok = 1;

			sfb_pcg64_set_simd(g, (int)simd);
			for (j = 0; j < 3000; j++)
				ok = ok && sfb_pcg64_next64(g) == want[j];
			snprintf(what, sizeof what, "seed %s, simd %zu", lane_seeds[i], simd);
			t_ok(ok, "next64 equals the serial stream: %s", what);
			sfb_pcg64_free(g);

			/* fill64 of every length, then a pair of halves */
			g = sfb_pcg64_new(&seed);
			sfb_pcg64_set_simd(g, (int)simd);
			ok = 1;
			while (at + 1000 + 1 < NSERIAL) {
				size_t n = fills[k++ % (sizeof fills / sizeof fills[0])];
				uint32_t lo, hi;

				sfb_pcg64_fill64(g, got, n);
				ok = ok && memcmp(got, want + at, n * sizeof *got) == 0;
				at += n;
				lo = sfb_pcg64_next32(g);
				hi = sfb_pcg64_next32(g);
				ok = ok && lo == (uint32_t)want[at] && hi == (uint32_t)(want[at] >> 32);
				at++;
			}
			t_ok(ok, "fill64 and next32 equal the serial stream: %s", what);
			sfb_pcg64_free(g);

			/* jumps of every size, from every position in a block */
			g = sfb_pcg64_new(&seed);
			sfb_pcg64_set_simd(g, (int)simd);
			ok = 1;
			at = 0;
			k = 0;
			for (;;) {
				uint64_t d = jumps[k % (sizeof jumps / sizeof jumps[0])];
				size_t n = fills[k % (sizeof fills / sizeof fills[0])];

				if (at + d + n + 1 >= NSERIAL)
					break;
				if (k % 3 == 1)
					(void)sfb_pcg64_next32(g);	/* the buffered half, dropped */
				sfb_pcg64_advance(g, d);
				at += (size_t)d;
				sfb_pcg64_fill64(g, got, n);
				ok = ok && memcmp(got, want + at, n * sizeof *got) == 0;
				at += n;
				ok = ok && sfb_pcg64_next32(g) == (uint32_t)want[at];
				at++;
				k++;
			}
			t_ok(ok && k > 10, "advance equals the serial stream: %s", what);
			sfb_pcg64_free(g);
		}
	}
}

/*
 * Pieces drawn with sfb_pcg64_bounded_raw() from jumped generators,
 * concatenated, equal one generator's sfb_pcg64_bounded() draws (which
 * test_bounded() checks against NumPy), rejections included, rare or
 * frequent: the largest bounds reject a third or a half of the draws.
 */
static void
test_bounded_raw(void)
{
	/* 858823 and 21369059 reject one draw in 5000 and one in 200 */
	static const uint64_t bounds[] = {2, 3, 1000, 3998, 858823, 21369059,
		2147483649ULL, 3221225472ULL, 4294967295ULL, 4294967296ULL};
	static const size_t pieces[] = {1, 37, 256, 2, 300, 8, 511, 1};
	enum { NRAW = 2400 };
	static uint32_t want[2 * NRAW], got[2 * NRAW];
	size_t i, j, simd;

	for (i = 0; i < sizeof bounds / sizeof bounds[0]; i++)
		for (j = 0; j < 2; j++) {
			struct sfb_seed seed;
			sfb_pcg64 *g;
			size_t at = 0, raw = 0, k = 0, n, step;

			sfb_seed_parse(&seed, lane_seeds[j + 1], strlen(lane_seeds[j + 1]));
			/* enough draws to cover what NRAW outputs give */
			g = sfb_pcg64_new(&seed);
			sfb_pcg64_bounded(g, bounds[i], want, 2 * NRAW);
			sfb_pcg64_free(g);
			for (simd = 0; simd < 2; simd++) {
				at = raw = k = 0;
				while (raw < NRAW) {
					n = pieces[k++ % (sizeof pieces / sizeof pieces[0])];
					if (n > NRAW - raw)
						n = NRAW - raw;
					/* a fresh generator per piece, jumped to its start */
					g = sfb_pcg64_new(&seed);
					sfb_pcg64_set_simd(g, (int)simd);
					step = raw > 0 && k % 2;
					if (step)
						(void)sfb_pcg64_next64(g);
					sfb_pcg64_advance(g, raw - step);
					at += sfb_pcg64_bounded_raw(g, bounds[i], n, got + at);
					raw += n;
					sfb_pcg64_free(g);
				}
				t_ok(at <= 2 * NRAW && at > NRAW / 2 &&
				    memcmp(got, want, at * sizeof *got) == 0,
				    "bounded_raw pieces equal the draws: bound %llu, seed %s, simd %zu",
				    (unsigned long long)bounds[i], lane_seeds[j + 1], simd);
			}
		}
}

/*
 * The 16-bit draws equal the 32-bit ones narrowed, over enough of the
 * stream that 65175, the bound up to 2^16 that rejects most (one draw in
 * 66,000), rejects a few, in pieces of every length.
 */
static void
test_bounded_raw16(void)
{
	static const uint64_t bounds[] = {2, 3, 1000, 65175, 65535, 65536};
	static const size_t pieces[] = {100000, 1, 37, 70001, 256, 300, 8, 511};
	enum { NRAW = 400000 };
	static uint32_t want[2 * NRAW];
	static uint16_t got[2 * NRAW];
	size_t i, k, simd;

	for (i = 0; i < sizeof bounds / sizeof bounds[0]; i++)
		for (simd = 0; simd < 2; simd++) {
			struct sfb_seed seed;
			sfb_pcg64 *g, *h;
			size_t nwant = 0, at = 0, raw = 0, n;
			int ok = 1;

			sfb_seed_from_u64(&seed, 42 + i);
			g = sfb_pcg64_new(&seed);
			h = sfb_pcg64_new(&seed);
			sfb_pcg64_set_simd(g, (int)simd);
			sfb_pcg64_set_simd(h, (int)simd);
			for (k = 0; raw < NRAW; k++) {
				n = pieces[k % (sizeof pieces / sizeof pieces[0])];
				if (n > NRAW - raw)
					n = NRAW - raw;
				nwant += sfb_pcg64_bounded_raw(g, bounds[i], n, want + nwant);
				at += sfb_pcg64_bounded_raw16(h, bounds[i], n, got + at);
				raw += n;
			}
			ok = at == nwant;
			for (k = 0; ok && k < at; k++)
				ok = got[k] == want[k];
			t_ok(ok && (bounds[i] != 65175 || at < 2 * NRAW),
			    "bounded_raw16 equals bounded_raw: bound %llu, simd %zu",
			    (unsigned long long)bounds[i], simd);
			sfb_pcg64_free(g);
			sfb_pcg64_free(h);
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
	test_lanes();
	test_bounded_raw();
	test_bounded_raw16();
	return t_done();
}
