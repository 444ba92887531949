/* sha256.c - SHA-256 on the x86 SHA extensions, one message or two at
 * once.  One message is bound by the latency of sha256rnds2: each pair of
 * rounds waits for the one before.  Two independent messages interleaved
 * fill those waits, which hashes about 1.7 times as many bytes a second on
 * the machines measured; libcrypto offers no such interface.  Callers use
 * this only when sfb_sha256_fast() says the instructions are there, and
 * libcrypto otherwise. */
#include <string.h>

#include "bundle/sha.h"

#if SFB_SHA256_NI

#include <cpuid.h>
#include <immintrin.h>

#define TARGET __attribute__((target("sha,ssse3,sse4.1")))

static const uint32_t k256[64] __attribute__((aligned(16))) = {
	0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5,
	0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
	0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3,
	0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
	0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc,
	0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
	0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7,
	0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
	0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13,
	0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
	0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3,
	0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
	0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5,
	0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
	0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208,
	0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
};

int
sfb_sha256_fast(void)
{
	unsigned a, b, c, d;

	if (!__get_cpuid(1, &a, &b, &c, &d) || !(c & bit_SSSE3) ||
	    !(c & bit_SSE4_1))
		return 0;
	if (!__get_cpuid_count(7, 0, &a, &b, &c, &d))
		return 0;
	return (b & bit_SHA) != 0;
}

/* The big-endian words of one 64-byte block. */
TARGET static inline void
load_block(__m128i w[4], const unsigned char *p)
{
	const __m128i swap = _mm_set_epi64x(0x0c0d0e0f08090a0bULL,
	    0x0405060700010203ULL);
	int i;

	for (i = 0; i < 4; i++)
		w[i] = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)
		    (p + 16 * i)), swap);
}

/* The next four words of the message schedule into w[i & 3], from the
 * sixteen before them. */
TARGET static inline void
schedule(__m128i w[4], int i)
{
	__m128i t = _mm_sha256msg1_epu32(w[i & 3], w[(i + 1) & 3]);

	t = _mm_add_epi32(t, _mm_alignr_epi8(w[(i + 3) & 3], w[(i + 2) & 3], 4));
	w[i & 3] = _mm_sha256msg2_epu32(t, w[(i + 3) & 3]);
}

/* nb blocks of p into the state (abef, cdgh), the order sha256rnds2 keeps
 * the eight working variables in. */
TARGET static void
blocks1(uint32_t st[8], const unsigned char *p, size_t nb)
{
	__m128i abef = _mm_loadu_si128((const __m128i *)st);
	__m128i cdgh = _mm_loadu_si128((const __m128i *)(st + 4));

	for (; nb > 0; nb--, p += 64) {
		__m128i abef0 = abef, cdgh0 = cdgh, w[4], m;
		int i;

		load_block(w, p);
#pragma GCC unroll 16
		for (i = 0; i < 16; i++) {
			m = _mm_add_epi32(w[i & 3], _mm_load_si128((const __m128i *)
			    (k256 + 4 * i)));
			cdgh = _mm_sha256rnds2_epu32(cdgh, abef, m);
			m = _mm_shuffle_epi32(m, 0x0E);
			abef = _mm_sha256rnds2_epu32(abef, cdgh, m);
			if (i < 12)
				schedule(w, i);
		}
		abef = _mm_add_epi32(abef, abef0);
		cdgh = _mm_add_epi32(cdgh, cdgh0);
	}
	_mm_storeu_si128((__m128i *)st, abef);
	_mm_storeu_si128((__m128i *)(st + 4), cdgh);
}

/* blocks1 on two messages at once, the instructions of the two interleaved
 * so that each fills the other's latency. */
TARGET static void
blocks2(uint32_t sa[8], const unsigned char *pa, uint32_t sb[8],
    const unsigned char *pb, size_t nb)
{
	__m128i abef = _mm_loadu_si128((const __m128i *)sa);
	__m128i cdgh = _mm_loadu_si128((const __m128i *)(sa + 4));
	__m128i abef_b = _mm_loadu_si128((const __m128i *)sb);
	__m128i cdgh_b = _mm_loadu_si128((const __m128i *)(sb + 4));

	for (; nb > 0; nb--, pa += 64, pb += 64) {
		__m128i abef0 = abef, cdgh0 = cdgh, w[4], m;
		__m128i abef0_b = abef_b, cdgh0_b = cdgh_b, w_b[4], m_b;
		int i;

		load_block(w, pa);
		load_block(w_b, pb);
#pragma GCC unroll 16
		for (i = 0; i < 16; i++) {
			__m128i k = _mm_load_si128((const __m128i *)(k256 + 4 * i));

			m = _mm_add_epi32(w[i & 3], k);
			m_b = _mm_add_epi32(w_b[i & 3], k);
			cdgh = _mm_sha256rnds2_epu32(cdgh, abef, m);
			cdgh_b = _mm_sha256rnds2_epu32(cdgh_b, abef_b, m_b);
			m = _mm_shuffle_epi32(m, 0x0E);
			m_b = _mm_shuffle_epi32(m_b, 0x0E);
			abef = _mm_sha256rnds2_epu32(abef, cdgh, m);
			abef_b = _mm_sha256rnds2_epu32(abef_b, cdgh_b, m_b);
			if (i < 12) {
				schedule(w, i);
				schedule(w_b, i);
			}
		}
		abef = _mm_add_epi32(abef, abef0);
		cdgh = _mm_add_epi32(cdgh, cdgh0);
		abef_b = _mm_add_epi32(abef_b, abef0_b);
		cdgh_b = _mm_add_epi32(cdgh_b, cdgh0_b);
	}
	_mm_storeu_si128((__m128i *)sa, abef);
	_mm_storeu_si128((__m128i *)(sa + 4), cdgh);
	_mm_storeu_si128((__m128i *)sb, abef_b);
	_mm_storeu_si128((__m128i *)(sb + 4), cdgh_b);
}

void
sfb_sha256_init(struct sfb_sha256 *c)
{
	/* FIPS 180-4's initial a..h, as (a, b, e, f) and (c, d, g, h). */
	static const uint32_t h0[8] = {
		0x6a09e667, 0xbb67ae85, 0x510e527f, 0x9b05688c,
		0x3c6ef372, 0xa54ff53a, 0x1f83d9ab, 0x5be0cd19,
	};
	int i;

	/* sha256rnds2 wants each half from the highest lane down. */
	for (i = 0; i < 4; i++) {
		c->st[i] = h0[3 - i];
		c->st[4 + i] = h0[7 - i];
	}
	c->len = 0;
	c->blen = 0;
}

void
sfb_sha256_update(struct sfb_sha256 *c, const void *data, size_t n)
{
	const unsigned char *p = data;
	size_t k;

	c->len += n;
	if (c->blen > 0) {
		k = 64 - c->blen < n ? 64 - c->blen : n;
		memcpy(c->blk + c->blen, p, k);
		c->blen += k;
		p += k;
		n -= k;
		if (c->blen < 64)
			return;
		blocks1(c->st, c->blk, 1);
		c->blen = 0;
	}
	if (n >= 64) {
		blocks1(c->st, p, n / 64);
		p += n / 64 * 64;
		n %= 64;
	}
	memcpy(c->blk, p, n);
	c->blen = n;
}

void
sfb_sha256_update2(struct sfb_sha256 *a, const void *pa,
    struct sfb_sha256 *b, const void *pb, size_t nblocks)
{
	blocks2(a->st, pa, b->st, pb, nblocks);
	a->len += (uint64_t)nblocks * 64;
	b->len += (uint64_t)nblocks * 64;
}

void
sfb_sha256_final(struct sfb_sha256 *c, unsigned char out[32])
{
	uint64_t bits = c->len * 8;
	uint32_t h[8];
	int i;

	c->blk[c->blen++] = 0x80;
	if (c->blen > 56) {
		memset(c->blk + c->blen, 0, 64 - c->blen);
		blocks1(c->st, c->blk, 1);
		c->blen = 0;
	}
	memset(c->blk + c->blen, 0, 56 - c->blen);
	for (i = 0; i < 8; i++)
		c->blk[63 - i] = (unsigned char)(bits >> (8 * i));
	blocks1(c->st, c->blk, 1);
	c->blen = 0;
	for (i = 0; i < 4; i++) {
		h[3 - i] = c->st[i];	/* a, b, e, f from the top lane */
		h[7 - i] = c->st[4 + i];
	}
	/* h is now (a, b, e, f, c, d, g, h): write a b c d e f g h. */
	{
		static const int order[8] = { 0, 1, 4, 5, 2, 3, 6, 7 };

		for (i = 0; i < 8; i++) {
			uint32_t v = h[order[i]];

			out[4 * i] = (unsigned char)(v >> 24);
			out[4 * i + 1] = (unsigned char)(v >> 16);
			out[4 * i + 2] = (unsigned char)(v >> 8);
			out[4 * i + 3] = (unsigned char)v;
		}
	}
}

#else

/* Without the instructions there is nothing to call: sfb_sha256_fast()
 * says so, and the rest exist only to be linked. */
int
sfb_sha256_fast(void)
{
	return 0;
}

void
sfb_sha256_init(struct sfb_sha256 *c)
{
	memset(c, 0, sizeof *c);
}

void
sfb_sha256_update(struct sfb_sha256 *c, const void *data, size_t n)
{
	(void)c, (void)data, (void)n;
}

void
sfb_sha256_update2(struct sfb_sha256 *a, const void *pa,
    struct sfb_sha256 *b, const void *pb, size_t nblocks)
{
	(void)a, (void)pa, (void)b, (void)pb, (void)nblocks;
}

void
sfb_sha256_final(struct sfb_sha256 *c, unsigned char out[32])
{
	(void)c;
	memset(out, 0, 32);
}

#endif
