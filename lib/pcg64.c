/*
 * NumPy's SeedSequence, PCG64 and bounded-integer draws (see pcg64.h).
 * Every constant and every order of operations here decides which
 * numbers come out; the unit tests compare them with NumPy's own.
 */
#include <stdlib.h>
#include <string.h>

#include "pcg64.h"

__extension__ typedef unsigned __int128 u128;

/* SeedSequence's hash constants (O'Neill's seed_seq_fe). */
enum {
	POOL_SIZE = 4,
	XSHIFT = 16
};
static const uint32_t INIT_A = 0x43b0d7e5;
static const uint32_t MULT_A = 0x931e8875;
static const uint32_t INIT_B = 0x8b51f9dd;
static const uint32_t MULT_B = 0x58f38ded;
static const uint32_t MIX_MULT_L = 0xca01f9dd;
static const uint32_t MIX_MULT_R = 0x4973f715;

#define PCG_MULT (((u128)0x2360ed051fc65da4ULL << 64) | 0x4385df649fccf645ULL)

struct sfb_pcg64 {
	u128 state;
	u128 inc;
	uint32_t half;		/* high half of the last output, not yet used */
	int has_half;
};

void
sfb_seed_from_u64(struct sfb_seed *seed, uint64_t v)
{
	memset(seed, 0, sizeof *seed);
	seed->w[0] = (uint32_t)v;
	seed->w[1] = (uint32_t)(v >> 32);
	seed->n = seed->w[1] ? 2 : 1;
}

int
sfb_seed_parse(struct sfb_seed *seed, const char *s, size_t len)
{
	size_t i, k;

	if (len == 0)
		return -1;
	memset(seed, 0, sizeof *seed);
	for (i = 0; i < len; i++) {
		uint64_t carry;

		if (s[i] < '0' || s[i] > '9')
			return -1;
		carry = (uint64_t)(s[i] - '0');
		for (k = 0; k < SFB_SEED_MAX_WORDS; k++) {
			uint64_t t = (uint64_t)seed->w[k] * 10 + carry;

			seed->w[k] = (uint32_t)t;
			carry = t >> 32;
		}
		if (carry)
			return -1;
	}
	seed->n = SFB_SEED_MAX_WORDS;
	while (seed->n > 1 && seed->w[seed->n - 1] == 0)
		seed->n--;
	return 0;
}

size_t
sfb_seed_format(const struct sfb_seed *seed, char *buf)
{
	uint32_t w[SFB_SEED_MAX_WORDS];
	char rev[SFB_SEED_DIGITS];
	size_t n = seed->n, len = 0, i;

	memcpy(w, seed->w, sizeof w);
	do {
		uint64_t rem = 0;

		for (i = n; i-- > 0;) {
			uint64_t cur = (rem << 32) | w[i];

			w[i] = (uint32_t)(cur / 10);
			rem = cur % 10;
		}
		rev[len++] = (char)('0' + rem);
		while (n > 1 && w[n - 1] == 0)
			n--;
	} while (n > 1 || w[0] != 0);
	for (i = 0; i < len; i++)
		buf[i] = rev[len - 1 - i];
	return len;
}

int
sfb_seed_equal(const struct sfb_seed *a, const struct sfb_seed *b)
{
	return a->n == b->n &&
	    memcmp(a->w, b->w, a->n * sizeof a->w[0]) == 0;
}

static uint32_t
hashmix(uint32_t value, uint32_t *hash_const)
{
	value ^= *hash_const;
	*hash_const *= MULT_A;
	value *= *hash_const;
	value ^= value >> XSHIFT;
	return value;
}

static uint32_t
mix(uint32_t x, uint32_t y)
{
	uint32_t r = MIX_MULT_L * x - MIX_MULT_R * y;

	return r ^ (r >> XSHIFT);
}

void
sfb_seedseq_generate(const struct sfb_seed *seed, uint32_t *out, size_t n_out)
{
	uint32_t pool[POOL_SIZE];
	uint32_t hc = INIT_A;
	size_t i, j;

	/* mix_entropy(): the seed words, then hash the rest of the pool. */
	for (i = 0; i < POOL_SIZE; i++)
		pool[i] = hashmix(i < seed->n ? seed->w[i] : 0, &hc);
	for (i = 0; i < POOL_SIZE; i++)
		for (j = 0; j < POOL_SIZE; j++)
			if (i != j)
				pool[j] = mix(pool[j], hashmix(pool[i], &hc));
	for (i = POOL_SIZE; i < seed->n; i++)
		for (j = 0; j < POOL_SIZE; j++)
			pool[j] = mix(pool[j], hashmix(seed->w[i], &hc));

	/* generate_state() cycles over the pool with its own constant. */
	hc = INIT_B;
	for (i = 0; i < n_out; i++) {
		uint32_t v = pool[i % POOL_SIZE];

		v ^= hc;
		hc *= MULT_B;
		v *= hc;
		v ^= v >> XSHIFT;
		out[i] = v;
	}
}

static inline void
step(sfb_pcg64 *g)
{
	g->state = g->state * PCG_MULT + g->inc;
}

/* XSL-RR: xor the halves, rotate right by the top six bits. */
static inline uint64_t
output(u128 state)
{
	uint64_t x = (uint64_t)(state >> 64) ^ (uint64_t)state;
	unsigned rot = (unsigned)(state >> 122);

	return (x >> rot) | (x << ((64 - rot) & 63));
}

sfb_pcg64 *
sfb_pcg64_new(const struct sfb_seed *seed)
{
	uint32_t w[8];
	u128 initstate, initseq;
	sfb_pcg64 *g = malloc(sizeof *g);

	if (g == NULL)
		return NULL;
	/*
	 * generate_state(4, uint64) gives s[0..3]; pcg64_set_seed() takes
	 * state = s[0]:s[1] and sequence = s[2]:s[3], high word first.
	 */
	sfb_seedseq_generate(seed, w, 8);
	initstate = ((u128)(((uint64_t)w[1] << 32) | w[0]) << 64) |
	    (((uint64_t)w[3] << 32) | w[2]);
	initseq = ((u128)(((uint64_t)w[5] << 32) | w[4]) << 64) |
	    (((uint64_t)w[7] << 32) | w[6]);
	g->state = 0;
	g->inc = (initseq << 1) | 1;
	step(g);
	g->state += initstate;
	step(g);
	g->half = 0;
	g->has_half = 0;
	return g;
}

void
sfb_pcg64_free(sfb_pcg64 *g)
{
	free(g);
}

uint64_t
sfb_pcg64_next64(sfb_pcg64 *g)
{
	step(g);
	return output(g->state);
}

uint32_t
sfb_pcg64_next32(sfb_pcg64 *g)
{
	uint64_t x;

	if (g->has_half) {
		g->has_half = 0;
		return g->half;
	}
	x = sfb_pcg64_next64(g);
	g->half = (uint32_t)(x >> 32);
	g->has_half = 1;
	return (uint32_t)x;
}

void
sfb_pcg64_bounded(sfb_pcg64 *g, uint64_t bound, uint32_t *out, size_t n)
{
	sfb_pcg64 s;
	uint32_t excl, threshold;
	size_t i = 0;

	if (bound <= 1) {
		/* NumPy fills a one-value range without touching the stream. */
		memset(out, 0, n * sizeof *out);
		return;
	}
	if (bound - 1 == UINT32_MAX) {
		/* The full 32-bit range needs no rejection. */
		for (i = 0; i < n; i++)
			out[i] = sfb_pcg64_next32(g);
		return;
	}
	excl = (uint32_t)bound;
	threshold = (uint32_t)(-excl) % excl;	/* 2^32 mod bound */
	s = *g;
	while (i < n) {
		uint32_t r;
		uint64_t m;

		if (s.has_half) {
			s.has_half = 0;
			r = s.half;
		} else {
			uint64_t x;

			step(&s);
			x = output(s.state);
			s.half = (uint32_t)(x >> 32);
			s.has_half = 1;
			r = (uint32_t)x;
		}
		m = (uint64_t)r * excl;
		/*
		 * A low word below the threshold is rejected and the draw
		 * repeated (rare: threshold/2^32).  The next loop turn takes
		 * the next 32-bit draw, exactly as NumPy's retry does.
		 */
		if ((uint32_t)m < threshold)
			continue;
		out[i++] = (uint32_t)(m >> 32);
	}
	*g = s;
}
