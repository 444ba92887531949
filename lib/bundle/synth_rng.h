/*
 * The small deterministic random stream of sfb-synth: splitmix64, with
 * streams derived from (seed, purpose, index...) so each part of the
 * bundle draws from its own stream and one part never shifts another.
 * Not NumPy's stream: the synthetic data only needs to be reproducible.
 */
#ifndef SFB_SYNTH_RNG_H
#define SFB_SYNTH_RNG_H

#include <stddef.h>
#include <stdint.h>

struct sfb_srng {
	uint64_t s;
};

static inline uint64_t
sfb_srng_mix(uint64_t z)
{
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static inline uint64_t
sfb_srng_next(struct sfb_srng *r)
{
	r->s += 0x9e3779b97f4a7c15ULL;
	return sfb_srng_mix(r->s);
}

/* Uniform in [0, 1) with 53 bits. */
static inline double
sfb_srng_unif(struct sfb_srng *r)
{
	return (double)(sfb_srng_next(r) >> 11) * 0x1p-53;
}

/* Uniform integer in [0, n), n >= 1 (modulo bias is irrelevant here). */
static inline uint32_t
sfb_srng_below(struct sfb_srng *r, uint32_t n)
{
	return (uint32_t)(sfb_srng_next(r) % n);
}

static inline int
sfb_srng_chance(struct sfb_srng *r, double p)
{
	return sfb_srng_unif(r) < p;
}

/* A stream for (seed, tag, a, b): FNV-1a of the tag, mixed with the rest. */
static inline struct sfb_srng
sfb_srng_derive(uint64_t seed, const char *tag, uint64_t a, uint64_t b)
{
	uint64_t h = 0xcbf29ce484222325ULL;
	struct sfb_srng r;

	for (; *tag; tag++)
		h = (h ^ (unsigned char)*tag) * 0x100000001b3ULL;
	r.s = sfb_srng_mix(seed ^ sfb_srng_mix(h ^ sfb_srng_mix(a + 0x632be59bd9b4e019ULL)
	    ^ sfb_srng_mix(b + 0x8cb92ba72f3d8dd7ULL)));
	return r;
}

#endif
