/*
 * NumPy's SeedSequence, PCG64 and bounded-integer draws (see pcg64.h).
 * Every constant and every order of operations here decides which
 * numbers come out; the unit tests compare them with NumPy's own.
 */
#include <stdlib.h>
#include <string.h>

#if defined(__x86_64__) && defined(__GNUC__)
#include <immintrin.h>
#define HAVE_AVX2_CLONE 1
#elif defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "stats/pcg64.h"

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

/*
 * The LCG is one long chain of dependent 128-bit multiplications.  To
 * keep the multipliers busy, outputs are made LANES at a time from
 * independent states: lane j holds the state of output n + j and steps
 * LANES ahead (s' = s * M^LANES + c * (M^(LANES-1) + ... + 1)), so that
 * the lanes together give the outputs in stream order, into a small
 * block that later draws consume in order or into the caller's buffer.
 */
enum {
	LANES = 6,
	BLOCK = 384		/* outputs per refill, a multiple of LANES and of RUN */
};

struct sfb_pcg64 {
	u128 lane[LANES];	/* the states of the next LANES outputs */
	u128 inc;
	u128 mul[LANES];	/* M^(j+1) */
	u128 add[LANES];	/* c * (M^j + ... + 1) */
	uint64_t block[BLOCK];	/* outputs made but not yet used */
	size_t pos, len;
	struct sfb_draw_state draw;
	int avx2;		/* the processor has AVX2 */
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

/* XSL-RR: xor the halves, rotate right by the top six bits. */
static inline uint64_t
output(u128 state)
{
	uint64_t x = (uint64_t)(state >> 64) ^ (uint64_t)state;
	unsigned rot = (unsigned)(state >> 122);

	return (x >> rot) | (x << ((64 - rot) & 63));
}

/* The lanes for outputs from state first on. */
static void
set_lanes(sfb_pcg64 *g, u128 first)
{
	size_t j;

	g->lane[0] = first;
	for (j = 1; j < LANES; j++)
		g->lane[j] = first * g->mul[j - 1] + g->add[j - 1];
}

/* n outputs (a multiple of LANES) into out, advancing the lanes. */
static void
generate_plain(sfb_pcg64 *g, uint64_t *out, size_t n)
{
	const u128 m = g->mul[LANES - 1], a = g->add[LANES - 1];
	u128 l[LANES];
	size_t i, j;

	memcpy(l, g->lane, sizeof l);
	for (i = 0; i < n; i += LANES)
		for (j = 0; j < LANES; j++) {
			out[i + j] = output(l[j]);
			l[j] = l[j] * m + a;
		}
	memcpy(g->lane, l, sizeof l);
}

#ifdef HAVE_AVX2_CLONE
/*
 * With AVX2, lanes 0-3 step in vector registers while lanes 4 and 5 step
 * in ordinary ones, so that both kinds of multiplier work at once (more
 * ordinary lanes only crowd the instruction stream).  A vector
 * lane keeps its state as four 32-bit limbs, each in the low half of a
 * 64-bit element (the high halves are scratch: vpmuludq ignores them).
 * The product with the step multiplier is schoolbook multiplication mod
 * 2^128 on limbs; the high half of each partial product is carried into
 * the next column, which keeps every column sum below 2^64.
 */
struct vlimbs {
	__m256i x0, x1, x2, x3;
};

__attribute__((target("avx2")))
static inline __m256i
vec_output(const struct vlimbs *s)
{
	const __m256i k64 = _mm256_set1_epi64x(64);
	__m256i lo = _mm256_blend_epi32(s->x0, _mm256_slli_epi64(s->x1, 32), 0xaa);
	__m256i hi = _mm256_blend_epi32(s->x2, _mm256_slli_epi64(s->x3, 32), 0xaa);
	__m256i x = _mm256_xor_si256(lo, hi);
	__m256i rot = _mm256_srli_epi64(hi, 58);

	/* a shift by 64 gives 0, which is right for rot 0 */
	return _mm256_or_si256(_mm256_srlv_epi64(x, rot),
	    _mm256_sllv_epi64(x, _mm256_sub_epi64(k64, rot)));
}

__attribute__((target("avx2")))
static inline void
vec_step(struct vlimbs *s, const struct vlimbs *a, const struct vlimbs *c,
    __m256i a32, __m256i a10)
{
	const __m256i lo32 = _mm256_set1_epi64x(0xffffffff);
	__m256i p00 = _mm256_mul_epu32(s->x0, a->x0);
	__m256i p01 = _mm256_mul_epu32(s->x0, a->x1);
	__m256i p10 = _mm256_mul_epu32(s->x1, a->x0);
	__m256i p02 = _mm256_mul_epu32(s->x0, a->x2);
	__m256i p11 = _mm256_mul_epu32(s->x1, a->x1);
	__m256i p20 = _mm256_mul_epu32(s->x2, a->x0);
	/*
	 * The top column keeps only its low 32 bits, so its four products
	 * are 32-bit ones, two to a 64-bit element: x0 a3 + x2 a1 in the low
	 * word and x1 a2 + x3 a0 in the high word, added together.
	 */
	__m256i lo = _mm256_blend_epi32(s->x0, _mm256_slli_epi64(s->x1, 32), 0xaa);
	__m256i hi = _mm256_blend_epi32(s->x2, _mm256_slli_epi64(s->x3, 32), 0xaa);
	__m256i t = _mm256_add_epi32(_mm256_mullo_epi32(lo, a32), _mm256_mullo_epi32(hi, a10));
	__m256i top = _mm256_add_epi64(t, _mm256_srli_epi64(t, 32));
	__m256i col0, col1, col2, col3;

	col0 = _mm256_add_epi64(p00, c->x0);
	col1 = _mm256_add_epi64(
	    _mm256_add_epi64(_mm256_srli_epi64(col0, 32), c->x1),
	    _mm256_add_epi64(_mm256_and_si256(p01, lo32), _mm256_and_si256(p10, lo32)));
	col2 = _mm256_add_epi64(
	    _mm256_add_epi64(_mm256_srli_epi64(col1, 32), c->x2),
	    _mm256_add_epi64(
		_mm256_add_epi64(_mm256_srli_epi64(p01, 32), _mm256_srli_epi64(p10, 32)),
		_mm256_add_epi64(
		    _mm256_add_epi64(_mm256_and_si256(p02, lo32), _mm256_and_si256(p11, lo32)),
		    _mm256_and_si256(p20, lo32))));
	col3 = _mm256_add_epi64(
	    _mm256_add_epi64(_mm256_srli_epi64(col2, 32), c->x3),
	    _mm256_add_epi64(top,
		_mm256_add_epi64(
		    _mm256_add_epi64(_mm256_srli_epi64(p02, 32), _mm256_srli_epi64(p11, 32)),
		    _mm256_srli_epi64(p20, 32))));
	s->x0 = col0;
	s->x1 = col1;
	s->x2 = col2;
	s->x3 = col3;
}

/* The limbs of v[0..3] as vectors, or, with v NULL, of w in every element. */
__attribute__((target("avx2")))
static void
vec_load(struct vlimbs *s, const u128 *v, u128 w)
{
	uint64_t l[4][4];
	size_t j, k;

	for (j = 0; j < 4; j++)
		for (k = 0; k < 4; k++)
			l[k][j] = (uint32_t)((v ? v[j] : w) >> (32 * k));
	s->x0 = _mm256_loadu_si256((const __m256i *)l[0]);
	s->x1 = _mm256_loadu_si256((const __m256i *)l[1]);
	s->x2 = _mm256_loadu_si256((const __m256i *)l[2]);
	s->x3 = _mm256_loadu_si256((const __m256i *)l[3]);
}

__attribute__((target("avx2")))
static void
vec_store(const struct vlimbs *s, u128 *v)
{
	uint64_t l[4][4];
	size_t j, k;

	_mm256_storeu_si256((__m256i *)l[0], s->x0);
	_mm256_storeu_si256((__m256i *)l[1], s->x1);
	_mm256_storeu_si256((__m256i *)l[2], s->x2);
	_mm256_storeu_si256((__m256i *)l[3], s->x3);
	for (j = 0; j < 4; j++) {
		v[j] = 0;
		for (k = 0; k < 4; k++)
			v[j] |= (u128)(uint32_t)l[k][j] << (32 * k);
	}
}

__attribute__((target("avx2")))
static void
generate_avx2(sfb_pcg64 *g, uint64_t *out, size_t n)
{
	const u128 m = g->mul[LANES - 1], a = g->add[LANES - 1];
	/* the multiplier's limbs paired for the top column: a3:a2 and a1:a0 */
	const __m256i a32 = _mm256_set1_epi64x((long long)
	    ((uint64_t)(uint32_t)(m >> 64) << 32 | (uint32_t)(m >> 96)));
	const __m256i a10 = _mm256_set1_epi64x((long long)
	    ((uint64_t)(uint32_t)m << 32 | (uint32_t)(m >> 32)));
	struct vlimbs v, vm, va;
	u128 l4 = g->lane[4], l5 = g->lane[5];
	size_t i;

	vec_load(&v, g->lane, 0);
	vec_load(&vm, NULL, m);
	vec_load(&va, NULL, a);
	for (i = 0; i < n; i += LANES) {
		_mm256_storeu_si256((__m256i *)(out + i), vec_output(&v));
		out[i + 4] = output(l4);
		out[i + 5] = output(l5);
		vec_step(&v, &vm, &va, a32, a10);
		l4 = l4 * m + a;
		l5 = l5 * m + a;
	}
	vec_store(&v, g->lane);
	g->lane[4] = l4;
	g->lane[5] = l5;
}
#endif

static void
generate(sfb_pcg64 *g, uint64_t *out, size_t n)
{
#ifdef HAVE_AVX2_CLONE
	if (g->avx2) {
		generate_avx2(g, out, n);
		return;
	}
#endif
	generate_plain(g, out, n);
}

static void
refill(sfb_pcg64 *g)
{
	generate(g, g->block, BLOCK);
	g->pos = 0;
	g->len = BLOCK;
}

sfb_pcg64 *
sfb_pcg64_new(const struct sfb_seed *seed)
{
	uint32_t w[8];
	u128 initstate, initseq, state;
	size_t j;
	sfb_pcg64 *g = malloc(sizeof *g);

	if (g == NULL)
		return NULL;
	/*
	 * generate_state(4, uint64) gives s[0..3]; pcg64_set_seed() takes
	 * state = s[0]:s[1] and sequence = s[2]:s[3], high word first, then
	 * steps, adds the state and steps again.
	 */
	sfb_seedseq_generate(seed, w, 8);
	initstate = ((u128)(((uint64_t)w[1] << 32) | w[0]) << 64) |
	    (((uint64_t)w[3] << 32) | w[2]);
	initseq = ((u128)(((uint64_t)w[5] << 32) | w[4]) << 64) |
	    (((uint64_t)w[7] << 32) | w[6]);
	g->inc = (initseq << 1) | 1;
	state = g->inc;
	state += initstate;
	state = state * PCG_MULT + g->inc;
	g->mul[0] = PCG_MULT;
	g->add[0] = g->inc;
	for (j = 1; j < LANES; j++) {
		g->mul[j] = g->mul[j - 1] * PCG_MULT;
		g->add[j] = g->add[j - 1] * PCG_MULT + g->inc;
	}
	/* The first output is made from the state after one more step. */
	set_lanes(g, state * PCG_MULT + g->inc);
#ifdef HAVE_AVX2_CLONE
	g->avx2 = __builtin_cpu_supports("avx2");
#else
	g->avx2 = 0;
#endif
	g->pos = g->len = 0;
	g->draw.half = 0;
	g->draw.has_half = 0;
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
	if (g->pos == g->len)
		refill(g);
	return g->block[g->pos++];
}

void
sfb_pcg64_advance(sfb_pcg64 *g, uint64_t delta)
{
	u128 mul = 1, add = 0, cur_mul = PCG_MULT, cur_add = g->inc;
	uint64_t left = g->len - g->pos;

	g->draw.has_half = 0;
	if (delta <= left) {
		g->pos += (size_t)delta;
		return;
	}
	delta -= left;
	g->pos = g->len = 0;
	/*
	 * Brown's jump-ahead: the affine map of delta steps, by squaring,
	 * applied to the state of the next output to be made.
	 */
	while (delta) {
		if (delta & 1) {
			mul *= cur_mul;
			add = add * cur_mul + cur_add;
		}
		cur_add = (cur_mul + 1) * cur_add;
		cur_mul *= cur_mul;
		delta >>= 1;
	}
	set_lanes(g, mul * g->lane[0] + add);
}

void
sfb_pcg64_fill64(sfb_pcg64 *g, uint64_t *out, size_t n)
{
	size_t take = g->len - g->pos, bulk;

	if (take > n)
		take = n;
	memcpy(out, g->block + g->pos, take * sizeof *out);
	g->pos += take;
	bulk = (n - take) / LANES * LANES;
	generate(g, out + take, bulk);
	for (take += bulk; take < n; take++)
		out[take] = sfb_pcg64_next64(g);
}

uint32_t
sfb_pcg64_next32(sfb_pcg64 *g)
{
	uint64_t x;

	if (g->draw.has_half) {
		g->draw.has_half = 0;
		return g->draw.half;
	}
	x = sfb_pcg64_next64(g);
	g->draw.half = (uint32_t)(x >> 32);
	g->draw.has_half = 1;
	return (uint32_t)x;
}

/*
 * 2 * RUN draws from each run of RUN outputs assuming none is rejected,
 * for up to nruns runs; returns how many runs had no rejection (the next
 * one, if any, did: its draws must be redone one by one).  Rejections
 * are rare for the cluster counts of a bootstrap, so this straight-line
 * version does nearly all the work; with SSE2 it makes four draws per
 * step.
 */
enum { RUN = 32 };

#ifdef __SSE2__
static size_t
lemire_runs(const uint64_t *raw, size_t nruns, uint32_t excl, uint32_t threshold,
    uint32_t *out)
{
	const __m128i e = _mm_set1_epi64x(excl);
	const __m128i lo32 = _mm_set1_epi64x(0xffffffff);
	const __m128i flip = _mm_set1_epi32((int)0x80000000u);
	const __m128i thr = _mm_xor_si128(_mm_set1_epi32((int)threshold), flip);
	size_t n, j;

	for (n = 0; n < nruns; n++, raw += RUN, out += 2 * RUN) {
		__m128i bad = _mm_setzero_si128();

		for (j = 0; j < RUN; j += 2) {
			__m128i x = _mm_loadu_si128((const __m128i *)(raw + j));
			/* low halves times bound, high halves times bound: 64-bit products */
			__m128i p = _mm_mul_epu32(x, e);
			__m128i q = _mm_mul_epu32(_mm_srli_epi64(x, 32), e);
			/* draws in stream order: p0, q0, p1, q1 (high words) */
			__m128i draw = _mm_or_si128(_mm_srli_epi64(p, 32), _mm_andnot_si128(lo32, q));
			__m128i low = _mm_or_si128(_mm_and_si128(p, lo32), _mm_slli_epi64(q, 32));

			_mm_storeu_si128((__m128i *)(out + 2 * j), draw);
			/* unsigned low < threshold, via signed compare with flipped tops */
			bad = _mm_or_si128(bad, _mm_cmplt_epi32(_mm_xor_si128(low, flip), thr));
		}
		if (_mm_movemask_epi8(bad) != 0)
			break;
	}
	return n;
}
#else
static size_t
lemire_runs(const uint64_t *raw, size_t nruns, uint32_t excl, uint32_t threshold,
    uint32_t *out)
{
	size_t n, j;

	for (n = 0; n < nruns; n++, raw += RUN, out += 2 * RUN) {
		uint32_t bad = 0;

		for (j = 0; j < RUN; j++) {
			uint64_t lo = (raw[j] & 0xffffffffu) * excl;
			uint64_t hi = (raw[j] >> 32) * excl;

			out[2 * j] = (uint32_t)(lo >> 32);
			out[2 * j + 1] = (uint32_t)(hi >> 32);
			bad |= ((uint32_t)lo < threshold) | ((uint32_t)hi < threshold);
		}
		if (bad)
			break;
	}
	return n;
}
#endif

#ifdef HAVE_AVX2_CLONE
/*
 * Four raw words x times the bound e: the eight draws, in stream order
 * (the high words of p0, q0, p1, q1, ...), and *least lowered to the
 * smallest of their low words.
 */
__attribute__((target("avx2")))
static inline __m256i
lemire8_avx2(__m256i x, __m256i e, __m256i *least)
{
	/* low halves times bound, high halves times bound */
	__m256i p = _mm256_mul_epu32(x, e);
	__m256i q = _mm256_mul_epu32(_mm256_srli_epi64(x, 32), e);

	*least = _mm256_min_epu32(*least,
	    _mm256_blend_epi32(p, _mm256_slli_epi64(q, 32), 0xaa));
	return _mm256_blend_epi32(_mm256_srli_epi64(p, 32), q, 0xaa);
}

/* No low word below the threshold, so no rejection in the run. */
__attribute__((target("avx2")))
static inline int
lemire_clean_avx2(__m256i least, __m256i thr)
{
	return _mm256_testc_si256(_mm256_cmpeq_epi32(
	    _mm256_max_epu32(least, thr), least), _mm256_set1_epi32(-1));
}

/*
 * lemire_runs with eight draws per step, for processors with AVX2, which
 * also has unsigned minimum: a run has a rejection when the smallest of
 * its low words is below the threshold.
 */
__attribute__((target("avx2")))
static size_t
lemire_runs_avx2(const uint64_t *raw, size_t nruns, uint32_t excl,
    uint32_t threshold, uint32_t *out)
{
	const __m256i e = _mm256_set1_epi64x(excl);
	const __m256i thr = _mm256_set1_epi32((int)threshold);
	size_t n, j;

	for (n = 0; n < nruns; n++, raw += RUN, out += 2 * RUN) {
		__m256i least = _mm256_set1_epi32(-1);

		for (j = 0; j < RUN; j += 4)
			_mm256_storeu_si256((__m256i *)(out + 2 * j),
			    lemire8_avx2(_mm256_loadu_si256(
			    (const __m256i *)(raw + j)), e, &least));
		if (!lemire_clean_avx2(least, thr))
			break;
	}
	return n;
}

/*
 * lemire_runs_avx2 for bounds up to 2^16, the draws narrowed to 16 bits:
 * two vectors of eight draws pack into one of sixteen (packus works per
 * 128-bit half, and the permutation puts the quarters back in order).
 */
__attribute__((target("avx2")))
static size_t
lemire_runs16_avx2(const uint64_t *raw, size_t nruns, uint32_t excl,
    uint32_t threshold, uint16_t *out)
{
	const __m256i e = _mm256_set1_epi64x(excl);
	const __m256i thr = _mm256_set1_epi32((int)threshold);
	size_t n, j;

	for (n = 0; n < nruns; n++, raw += RUN, out += 2 * RUN) {
		__m256i least = _mm256_set1_epi32(-1);

		for (j = 0; j < RUN; j += 8) {
			__m256i d0 = lemire8_avx2(_mm256_loadu_si256(
			    (const __m256i *)(raw + j)), e, &least);
			__m256i d1 = lemire8_avx2(_mm256_loadu_si256(
			    (const __m256i *)(raw + j + 4)), e, &least);

			_mm256_storeu_si256((__m256i *)(out + 2 * j),
			    _mm256_permute4x64_epi64(_mm256_packus_epi32(d0, d1),
			    0xd8));
		}
		if (!lemire_clean_avx2(least, thr))
			break;
	}
	return n;
}
#endif

static size_t
lemire_fast(int avx2, const uint64_t *raw, size_t nruns, uint32_t excl,
    uint32_t threshold, uint32_t *out)
{
#ifdef HAVE_AVX2_CLONE
	if (avx2)
		return lemire_runs_avx2(raw, nruns, excl, threshold, out);
#endif
	(void)avx2;
	return lemire_runs(raw, nruns, excl, threshold, out);
}

size_t
sfb_bounded_from_raw(uint64_t bound, const uint64_t *raw, size_t nraw,
    size_t *used, struct sfb_draw_state *st, uint32_t *out, size_t n)
{
	uint32_t excl, threshold;
	size_t i = 0, r = 0;
	int avx2 = 0;

	*used = 0;
	if (bound <= 1) {
		/* NumPy fills a one-value range without touching the stream. */
		memset(out, 0, n * sizeof *out);
		return n;
	}
	/*
	 * Lemire: the high word of draw * bound, unless the low word is
	 * below the threshold (probability threshold / 2^32); then the draw
	 * is rejected and the next 32-bit draw of the stream tried instead.
	 * The full 32-bit range (bound 2^32) is the draw itself: excl 0,
	 * threshold 0 and the shift below give that too.
	 */
	excl = (uint32_t)bound;
	threshold = excl ? (uint32_t)(-excl) % excl : 0;
#ifdef HAVE_AVX2_CLONE
	avx2 = __builtin_cpu_supports("avx2");
#endif
	if (st->has_half && n > 0) {
		uint64_t m = excl ? (uint64_t)st->half * excl : (uint64_t)st->half << 32;

		st->has_half = 0;
		if ((uint32_t)m >= threshold)
			out[i++] = (uint32_t)(m >> 32);
	}
	if (excl == 0) {
		for (; i < n && r < nraw; r++) {
			out[i++] = (uint32_t)raw[r];
			if (i == n) {
				st->half = (uint32_t)(raw[r] >> 32);
				st->has_half = 1;
				r++;
				break;
			}
			out[i++] = (uint32_t)(raw[r] >> 32);
		}
		*used = r;
		return i;
	}
	while (i < n && r < nraw) {
		size_t stop;

		if (n - i >= 2 * RUN && nraw - r >= RUN &&
		    lemire_fast(avx2, raw + r, 1, excl, threshold, out + i) == 1) {
			i += 2 * RUN;
			r += RUN;
			continue;
		}
		/* Draw by draw, to the end of this run. */
		stop = r + RUN < nraw ? r + RUN : nraw;
		while (i < n && r < stop) {
			uint64_t x = raw[r++], m;

			m = (x & 0xffffffffu) * excl;
			if ((uint32_t)m >= threshold)
				out[i++] = (uint32_t)(m >> 32);
			if (i == n) {
				/* The high half waits for the next draw, maybe in a later call. */
				st->half = (uint32_t)(x >> 32);
				st->has_half = 1;
				break;
			}
			m = (x >> 32) * excl;
			if ((uint32_t)m >= threshold)
				out[i++] = (uint32_t)(m >> 32);
		}
	}
	*used = r;
	return i;
}

void
sfb_pcg64_bounded(sfb_pcg64 *g, uint64_t bound, uint32_t *out, size_t n)
{
	size_t i = 0;

	if (bound <= 1) {
		memset(out, 0, n * sizeof *out);
		return;
	}
	while (i < n) {
		size_t used;

		if (g->pos == g->len)
			refill(g);
		i += sfb_bounded_from_raw(bound, g->block + g->pos, g->len - g->pos,
		    &used, &g->draw, out + i, n - i);
		g->pos += used;
	}
}

/* The accepted draws among the halves of raw[0..n), into out; how many. */
static size_t
draws_slow(const uint64_t *raw, size_t n, uint32_t excl, uint32_t threshold,
    uint32_t *out)
{
	size_t r, k = 0;

	for (r = 0; r < n; r++) {
		uint64_t lo = (raw[r] & 0xffffffffu) * excl;
		uint64_t hi = (raw[r] >> 32) * excl;

		if (excl == 0) {
			/* bound 2^32: every draw is its own value */
			out[k++] = (uint32_t)raw[r];
			out[k++] = (uint32_t)(raw[r] >> 32);
			continue;
		}
		if ((uint32_t)lo >= threshold)
			out[k++] = (uint32_t)(lo >> 32);
		if ((uint32_t)hi >= threshold)
			out[k++] = (uint32_t)(hi >> 32);
	}
	return k;
}

size_t
sfb_pcg64_bounded_raw(sfb_pcg64 *g, uint64_t bound, size_t n, uint32_t *out)
{
	/* as in sfb_bounded_from_raw() */
	uint32_t excl = (uint32_t)bound;
	uint32_t threshold = excl ? (uint32_t)(-excl) % excl : 0;
	size_t k = 0;

	while (n > 0) {
		const uint64_t *raw;
		size_t take, r = 0;

		if (g->pos == g->len)
			refill(g);
		raw = g->block + g->pos;
		take = g->len - g->pos < n ? g->len - g->pos : n;
		while (excl != 0 && take - r >= RUN) {
			size_t runs = lemire_fast(g->avx2, raw + r, (take - r) / RUN,
			    excl, threshold, out + k);

			k += runs * 2 * RUN;
			r += runs * RUN;
			if (take - r >= RUN) {
				/* this run has a rejection */
				k += draws_slow(raw + r, RUN, excl, threshold, out + k);
				r += RUN;
			}
		}
		k += draws_slow(raw + r, take - r, excl, threshold, out + k);
		g->pos += take;
		n -= take;
	}
	return k;
}

/* out[0..m) = wide[0..m), draws below 2^16; returns m. */
static size_t
narrow16(uint16_t *out, const uint32_t *wide, size_t m)
{
	size_t j;

	for (j = 0; j < m; j++)
		out[j] = (uint16_t)wide[j];
	return m;
}

size_t
sfb_pcg64_bounded_raw16(sfb_pcg64 *g, uint64_t bound, size_t n, uint16_t *out)
{
	uint32_t excl = (uint32_t)bound;
	uint32_t threshold = (uint32_t)(-excl) % excl;
	uint32_t wide[2 * RUN];
	size_t k = 0, m;

	while (n > 0) {
		const uint64_t *raw;
		size_t take, r = 0;

		if (g->pos == g->len)
			refill(g);
		raw = g->block + g->pos;
		take = g->len - g->pos < n ? g->len - g->pos : n;
		while (take - r >= RUN) {
			size_t runs = 0;

#ifdef HAVE_AVX2_CLONE
			if (g->avx2)
				runs = lemire_runs16_avx2(raw + r, (take - r) / RUN,
				    excl, threshold, out + k);
#endif
			k += runs * 2 * RUN;
			r += runs * RUN;
			if (take - r >= RUN) {
				/* No AVX2, or a run AVX2 stopped at for its
				 * rejection: 32-bit draws, then narrowed. */
				if (!g->avx2 && lemire_runs(raw + r, 1, excl,
				    threshold, wide) == 1)
					m = 2 * RUN;
				else
					m = draws_slow(raw + r, RUN, excl, threshold,
					    wide);
				k += narrow16(out + k, wide, m);
				r += RUN;
			}
		}
		k += narrow16(out + k, wide,
		    draws_slow(raw + r, take - r, excl, threshold, wide));
		g->pos += take;
		n -= take;
	}
	return k;
}

void
sfb_pcg64_set_simd(sfb_pcg64 *g, int on)
{
#ifdef HAVE_AVX2_CLONE
	g->avx2 = on && __builtin_cpu_supports("avx2");
#else
	(void)on;
#endif
}
