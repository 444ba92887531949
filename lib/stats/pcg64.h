/*
 * NumPy's default random stream, bit for bit: SeedSequence seeding,
 * the PCG64 generator and Generator.integers() bounded draws.
 *
 * np.random.default_rng(seed) hashes the seed with SeedSequence into
 * 128 bits of state and 128 bits of increment; every 32-bit draw takes
 * the low half of a 64-bit output and keeps the high half for the next
 * 32-bit draw, even across separate integers() calls.  sfb_pcg64 keeps
 * that buffered half, so successive calls continue the same stream.
 *
 * A seed is a non-negative integer of any size, given as little-endian
 * 32-bit words (NumPy's _int_to_uint32_array): 0 is {0}, 2^32 is {0, 1}.
 * Functions that take text take a pointer and a length.
 */
#ifndef SFB_PCG64_H
#define SFB_PCG64_H

#include <stddef.h>
#include <stdint.h>

/* Seeds up to 2^256 - 1. */
#define SFB_SEED_MAX_WORDS 8
#define SFB_SEED_DIGITS 78

struct sfb_seed {
	uint32_t w[SFB_SEED_MAX_WORDS];	/* little-endian, w[n-1] != 0 unless n == 1 */
	size_t n;			/* 1..SFB_SEED_MAX_WORDS */
};

typedef struct sfb_pcg64 sfb_pcg64;

/* The seed 0 <= v < 2^64. */
void sfb_seed_from_u64(struct sfb_seed *seed, uint64_t v);

/*
 * Parse a decimal seed (digits only, no sign, leading zeros allowed) no
 * larger than 2^256 - 1.  Returns 0, or -1 when the text is not such a
 * number.
 */
int sfb_seed_parse(struct sfb_seed *seed, const char *s, size_t len);

/*
 * Write the seed in decimal to buf, which holds SFB_SEED_DIGITS bytes;
 * returns the length written, no NUL.
 */
size_t sfb_seed_format(const struct sfb_seed *seed, char *buf);

/* Nonzero when both seeds are the same integer. */
int sfb_seed_equal(const struct sfb_seed *a, const struct sfb_seed *b);

/*
 * SeedSequence(seed).generate_state(n_out, np.uint32): n_out words into
 * out.  generate_state(n, np.uint64) is the same words read in pairs, low
 * word first.
 */
void sfb_seedseq_generate(const struct sfb_seed *seed, uint32_t *out,
    size_t n_out);

/* np.random.default_rng(seed); NULL when out of memory. */
sfb_pcg64 *sfb_pcg64_new(const struct sfb_seed *seed);
void sfb_pcg64_free(sfb_pcg64 *g);

/* PCG64's raw 64-bit output (BitGenerator.random_raw()). */
uint64_t sfb_pcg64_next64(sfb_pcg64 *g);

/*
 * PCG64.advance(delta): as if delta raw outputs had been drawn; the
 * buffered 32-bit half is dropped, as NumPy drops it.
 */
void sfb_pcg64_advance(sfb_pcg64 *g, uint64_t delta);

/* The next n raw outputs, as n calls of sfb_pcg64_next64() (but faster). */
void sfb_pcg64_fill64(sfb_pcg64 *g, uint64_t *out, size_t n);

/* The next 32-bit draw: low half of a fresh output, or the buffered high half. */
uint32_t sfb_pcg64_next32(sfb_pcg64 *g);

/*
 * Generator.integers(0, bound, size=n) for 1 <= bound <= 2^32, into out:
 * Lemire's multiply-and-reject on 32-bit draws.  bound 1 consumes nothing.
 */
void sfb_pcg64_bounded(sfb_pcg64 *g, uint64_t bound, uint32_t *out, size_t n);

/*
 * The draws Generator.integers(0, bound) accepts among the 2n 32-bit
 * halves of the next n raw outputs (low half first), 2 <= bound <= 2^32:
 * written to out, which has room for 2n, in stream order; returns how
 * many.  Made for cutting the stream into pieces that threads draw from
 * separately (see sfb_pcg64_advance()): it neither uses nor sets the
 * buffered half, and the draws of consecutive pieces, concatenated, are
 * the draws of the whole.
 */
size_t sfb_pcg64_bounded_raw(sfb_pcg64 *g, uint64_t bound, size_t n,
    uint32_t *out);

/*
 * The same for 2 <= bound <= 2^16, the draws as 16-bit numbers: half the
 * memory for the many indices of a bootstrap over few clusters.
 */
size_t sfb_pcg64_bounded_raw16(sfb_pcg64 *g, uint64_t bound, size_t n,
    uint16_t *out);

/*
 * Use (on nonzero, the default) or avoid the processor's vector
 * instructions; the stream is the same either way.  For tests.
 */
void sfb_pcg64_set_simd(sfb_pcg64 *g, int on);

/*
 * The same bounded draws made from raw outputs the caller took with
 * sfb_pcg64_fill64(), so that one thread can make outputs while another
 * turns them into draws.  st carries the buffered high half from call to
 * call (start with {0, 0}: a fresh generator has none).  Writes up to n
 * draws to out from raw[0..nraw) and returns how many; *used is the
 * number of raw outputs consumed.  Fewer than n means raw ran out.
 */
struct sfb_draw_state {
	uint32_t half;
	int has_half;
};

size_t sfb_bounded_from_raw(uint64_t bound, const uint64_t *raw, size_t nraw,
    size_t *used, struct sfb_draw_state *st, uint32_t *out, size_t n);

#endif
