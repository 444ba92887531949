/* json.c - validating scanner, string codec and splicer for NDJSON records. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/json.h"

#ifdef __SSE2__
#include <emmintrin.h>
#endif
#if defined(__x86_64__) && defined(__GNUC__)
#include <immintrin.h>
#define HAVE_AVX2 1
#endif

#define MAX_DEPTH 512

struct scan {
	const char *end;
	const char *why;
	int depth;
	int simd;       /* 1: the CPU has AVX2, skip plain text 32 bytes a
			 * step; 2: AVX-512 BW and VBMI (with BMI2 and
			 * PCLMUL), 64 bytes a step */
};

static const char *scan_value(struct scan *sc, const char *p);

/* Most tokens follow no white space or one blank: every white-space byte
 * is at most ' ', so one comparison settles the common case. */
static inline const char *
skip_ws(const char *p, const char *end)
{
	while (p < end && (unsigned char)*p <= ' ' && (*p == ' ' ||
	    *p == '\t' || *p == '\n' || *p == '\r'))
		p++;
	return p;
}

static const char *
bad(struct scan *sc, const char *why)
{
	if (!sc->why)
		sc->why = why;
	return NULL;
}

static int
hexval(unsigned char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c |= 0x20;
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

/* Length of the valid UTF-8 sequence at p (lead byte >= 0x80), or 0. */
static size_t
utf8_len(const unsigned char *p, const unsigned char *end)
{
	unsigned char c = p[0], lo = 0x80, hi = 0xBF;
	size_t n, i;

	if (c >= 0xC2 && c <= 0xDF)
		n = 2;
	else if (c >= 0xE0 && c <= 0xEF) {
		n = 3;
		if (c == 0xE0)
			lo = 0xA0;
		else if (c == 0xED)
			hi = 0x9F;	/* no encoded surrogates */
	} else if (c >= 0xF0 && c <= 0xF4) {
		n = 4;
		if (c == 0xF0)
			lo = 0x90;
		else if (c == 0xF4)
			hi = 0x8F;
	} else
		return 0;
	if ((size_t)(end - p) < n)
		return 0;
	if (p[1] < lo || p[1] > hi)
		return 0;
	for (i = 2; i < n; i++)
		if ((p[i] & 0xC0) != 0x80)
			return 0;
	return n;
}

#define ONES  0x0101010101010101ULL
#define HIGHS 0x8080808080808080ULL

/* Nonzero when some byte of w is '"', '\\', below 0x20 or above 0x7F. */
static inline uint64_t
special8(uint64_t w)
{
	uint64_t q = w ^ (ONES * '"'), b = w ^ (ONES * '\\');

	return (((q - ONES) & ~q) | ((b - ONES) & ~b) |
	    ((w - ONES * 0x20) & ~w) | w) & HIGHS;
}

/* The first byte at or after p that is '"', '\\', a control character or
 * non-ASCII, or end.  Strings are mostly plain ASCII: skip it in blocks. */
static inline const char *
skip_plain(const char *p, const char *end)
{
#ifdef __SSE2__
	const __m128i quote = _mm_set1_epi8('"'), bslash = _mm_set1_epi8('\\');
	const __m128i sp = _mm_set1_epi8(0x20);

	while (end - p >= 16) {
		__m128i v = _mm_loadu_si128((const __m128i *)(const void *)p);
		/* Control and non-ASCII bytes: below 0x20 signed. */
		__m128i hit = _mm_or_si128(_mm_or_si128(
		    _mm_cmpeq_epi8(v, quote), _mm_cmpeq_epi8(v, bslash)),
		    _mm_cmplt_epi8(v, sp));
		unsigned m = (unsigned)_mm_movemask_epi8(hit);

		if (m)
			return p + __builtin_ctz(m);
		p += 16;
	}
#endif
	while (end - p >= 8) {
		uint64_t w;

		memcpy(&w, p, 8);
		if (special8(w))
			break;
		p += 8;
	}
	return p;
}

#ifdef HAVE_AVX2
/* Is p[0..4) four hex digits? */
static int
hex4_ok(const char *p)
{
	return hexval((unsigned char)p[0]) >= 0 && hexval((unsigned char)p[1]) >= 0 &&
	    hexval((unsigned char)p[2]) >= 0 && hexval((unsigned char)p[3]) >= 0;
}

/* skip_plain, 32 bytes at a time, also stepping over valid escapes that
 * lie whole in the block (reports hold a \\n every few dozen bytes, and
 * returning for each costs more than the check); *esc is set when it
 * does.  Anything else stops it, for scan_string to judge. */
__attribute__((target("avx2")))
static const char *
skip_plain_avx2(const char *p, const char *end, int *esc)
{
	const __m256i quote = _mm256_set1_epi8('"');
	const __m256i bslash = _mm256_set1_epi8('\\');
	const __m256i sp = _mm256_set1_epi8(0x20);
	const __m256i en = _mm256_set1_epi8('n');
	uint64_t carry = 0, anybs = 0;

	/* 64 bytes a step without a branch per escape, when every escape
	 * in them is \n (reports are lines of text): a backslash escapes
	 * the byte after it, which must be an n; a quote, control or
	 * non-ASCII byte not so escaped stops the run.  Two backslashes
	 * in a row, or another escape, end it at the first backslash or
	 * stop, for the loop below and scan_string to judge. */
	while (end - p >= 64) {
		__m256i v0 = _mm256_loadu_si256((const __m256i *)(const void *)p);
		__m256i v1 = _mm256_loadu_si256(
		    (const __m256i *)(const void *)(p + 32));
		uint64_t bs, stop, nn, e;

		bs = (uint32_t)_mm256_movemask_epi8(_mm256_cmpeq_epi8(v0,
		    bslash)) | (uint64_t)(uint32_t)_mm256_movemask_epi8(
		    _mm256_cmpeq_epi8(v1, bslash)) << 32;
		nn = (uint32_t)_mm256_movemask_epi8(_mm256_cmpeq_epi8(v0, en)) |
		    (uint64_t)(uint32_t)_mm256_movemask_epi8(
		    _mm256_cmpeq_epi8(v1, en)) << 32;
		/* A control or non-ASCII byte is below 0x20 as a signed
		 * byte (0x80-0xFF are negative): one compare for both. */
		stop = (uint32_t)_mm256_movemask_epi8(_mm256_or_si256(
		    _mm256_cmpeq_epi8(v0, quote), _mm256_cmpgt_epi8(sp, v0))) |
		    (uint64_t)(uint32_t)_mm256_movemask_epi8(_mm256_or_si256(
		    _mm256_cmpeq_epi8(v1, quote), _mm256_cmpgt_epi8(sp, v1))) << 32;
		e = bs << 1 | carry;            /* escaped bytes */
		if ((e & (bs | ~nn)) == 0) {
			/* Every escaped byte is an n, which stops nothing. */
			if (stop == 0) {
				anybs |= bs;
				carry = bs >> 63;
				p += 64;
				continue;
			}
			if (anybs || (bs & (((uint64_t)1 << __builtin_ctzll(stop)) - 1)))
				*esc = 1;
			return p + __builtin_ctzll(stop);
		}
		if (anybs)
			*esc = 1;
		/* Something else: from the first backslash or stop, which
		 * no backslash of this block escapes. */
		if (carry)
			return p - 1;
		return p + __builtin_ctzll(bs | stop);
	}
	if (anybs)
		*esc = 1;
	if (carry)
		return p - 1;

	while (end - p >= 32) {
		__m256i v = _mm256_loadu_si256((const __m256i *)(const void *)p);
		__m256i b = _mm256_cmpeq_epi8(v, bslash);
		unsigned stop = (unsigned)_mm256_movemask_epi8(_mm256_or_si256(
		    _mm256_cmpeq_epi8(v, quote), _mm256_cmpgt_epi8(sp, v)));
		unsigned bs = (unsigned)_mm256_movemask_epi8(b);

		/* Escapes before the first stop, one by one. */
		while (bs) {
			unsigned q = (unsigned)__builtin_ctz(bs), w;

			if (stop && (unsigned)__builtin_ctz(stop) < q)
				break;
			if (q == 31)
				return p + q;   /* runs into the next block */
			switch (p[q + 1]) {
			case '"': case '\\': case '/': case 'b': case 'f':
			case 'n': case 'r': case 't':
				w = 2;
				break;
			case 'u':
				w = 6;
				if (q + 6 <= 32 && hex4_ok(p + q + 2))
					break;
				/* FALLTHROUGH */
			default:
				return p + q;
			}
			if (q + w > 32)
				return p + q;
			*esc = 1;
			/* The escape's own bytes stop nothing. */
			bs &= ~(((1u << w) - 1) << q);
			stop &= ~(((1u << w) - 1) << q);
		}
		if (stop | bs)
			return p + __builtin_ctz(stop | bs);
		p += 32;
	}
	return skip_plain(p, end);
}

/* Byte classes for skip_plain_avx512, by ASCII code: ESC for the bytes a
 * backslash may escape, HEX for the digits of \uXXXX. */
enum { C_ESC = 1, C_HEX = 2 };
static const unsigned char esc_class[128] __attribute__((aligned(64))) = {
	['"'] = C_ESC, ['\\'] = C_ESC, ['/'] = C_ESC, ['b'] = C_ESC | C_HEX,
	['f'] = C_ESC | C_HEX, ['n'] = C_ESC, ['r'] = C_ESC, ['t'] = C_ESC,
	['u'] = C_ESC,
	['0'] = C_HEX, ['1'] = C_HEX, ['2'] = C_HEX, ['3'] = C_HEX,
	['4'] = C_HEX, ['5'] = C_HEX, ['6'] = C_HEX, ['7'] = C_HEX,
	['8'] = C_HEX, ['9'] = C_HEX, ['a'] = C_HEX, ['c'] = C_HEX,
	['d'] = C_HEX, ['e'] = C_HEX, ['A'] = C_HEX, ['B'] = C_HEX,
	['C'] = C_HEX, ['D'] = C_HEX, ['E'] = C_HEX, ['F'] = C_HEX,
};

/* skip_plain_avx2 64 bytes a step, every valid escape stepped over
 * without a branch (reports hold \n and \u2019 alike): the same stop,
 * and *esc set the same way.  Each step reads every backslash as an
 * escape's start: an escaped byte must be of class ESC, the four after an
 * escaped u of class HEX, and no backslash escaped; what an escape at the
 * step's end needs of the next step is carried into it (the escaped byte,
 * the hex digits).  Where all holds, the reading is a byte-by-byte one's,
 * and the first byte stopping it (a quote, control or non-ASCII byte,
 * not escaped) is the string's stop.  Where not, the first backslash of
 * the step, an earlier stop, or the carried escape's backslash (the step
 * then starting inside it) goes back to scan_string, which judges byte
 * by byte.  The step advances 64 bytes whatever it holds, so the next
 * load waits on nothing.  Bytes past end are loaded as zeros (a masked
 * load reads nothing there): a control character, so the string stops
 * at end at the latest, as skip_plain's does. */
__attribute__((target("avx512f,avx512bw,avx512vbmi,bmi")))
static const char *
skip_plain_avx512(const char *p, const char *end, int *esc)
{
	const __m512i bslash = _mm512_set1_epi8('\\');
	const __m512i sp = _mm512_set1_epi8(0x20);
	const __m512i ue = _mm512_set1_epi8('u');
	const __m512i en = _mm512_set1_epi8('n');
	const __m512i two = _mm512_set1_epi8(2);
	const __m512i cesc = _mm512_set1_epi8(C_ESC);
	const __m512i chex = _mm512_set1_epi8(C_HEX);
	const __m512i lo = _mm512_load_si512((const void *)esc_class);
	const __m512i hi = _mm512_load_si512((const void *)(esc_class + 64));
	uint64_t anybs = 0, ce = 0, cneed = 0, pbs = 0;

	for (;; p += 64) {
		size_t left = (size_t)(end - p);
		/* A whole step by a plain load, the last by a masked one. */
		__m512i v = left >= 64 ? _mm512_loadu_si512((const void *)p) :
		    _mm512_maskz_loadu_epi8(((__mmask64)1 << left) - 1, p);
		uint64_t bs = _mm512_cmpeq_epi8_mask(v, bslash);
		/* A control or non-ASCII byte is below 0x20 as a signed
		 * byte, and flipping bit 1 keeps it so; the quote 0x22
		 * becomes 0x20, and no other byte becomes 0x20 or less:
		 * one compare for the three. */
		uint64_t stop = _mm512_cmple_epi8_mask(_mm512_xor_si512(v,
		    two), sp);
		uint64_t e = bs << 1 | ce;              /* escaped bytes */
		uint64_t badesc = 0, nneed = 0;

		/* Mostly every escaped byte is an n (a report's lines), and
		 * nothing more is to check; else the classes. */
		if (__builtin_expect(((e & ~_mm512_cmpeq_epi8_mask(v, en)) |
		    cneed) != 0, 0)) {
			/* Non-ASCII bytes look nothing up: class 0. */
			__mmask64 ascii = ~_mm512_movepi8_mask(v);
			__m512i c = _mm512_maskz_permutex2var_epi8(ascii, lo, v,
			    hi);
			uint64_t u = e & _mm512_cmpeq_epi8_mask(v, ue);
			uint64_t need = u << 1 | u << 2 | u << 3 | u << 4 | cneed;

			badesc = (e & bs) |
			    (e & ~_mm512_test_epi8_mask(c, cesc)) |
			    (need & ~_mm512_test_epi8_mask(c, chex));
			/* Hex digits of a \u escape in the next step. */
			nneed = u >> 60 | u >> 61 | u >> 62 | u >> 63;
		}

		/* Hex digits are no stop, nor an escaped quote. */
		stop &= ~e;
		if (__builtin_expect((badesc | stop) != 0, 0)) {
			if (badesc) {
				if (anybs)
					*esc = 1;
				/* Inside an escape: back to its backslash,
				 * the last of the step before. */
				if (ce | cneed)
					return p - 1 - __builtin_clzll(pbs);
				return p + __builtin_ctzll(bs | stop);
			}
			if ((anybs | (bs & _blsmsk_u64(stop))) != 0)
				*esc = 1;
			return p + __builtin_ctzll(stop);
		}
		anybs |= bs;
		pbs = bs;
		/* The escape running into the next step: a backslash at
		 * the last byte, or \u with hex digits beyond. */
		ce = bs >> 63;
		cneed = nneed;
	}
}

/* Token-order masks for plain_array512: bit i is set where the i-th
 * token of a step is due to be a comma, given the phase the step starts
 * in (0 an opening quote due, 1 a closing one, 2 a comma or the "]"). */
#define EVERY3 0x9249249249249249ULL    /* bits 0, 3, 6, ... 63 */
static const uint64_t comma_due[3] = { EVERY3 << 2, EVERY3 << 1, EVERY3 };

/* p is at the "[" of an array whose next byte is a quote.  Where the
 * array is of the form the stages write, strings of plain ASCII
 * text (no backslash, no control) with commas and blanks between them, the
 * position after its "]"; else NULL, for scan_array to read it token by
 * token (which gives any error).  A step takes 64 bytes at once, not one
 * element after the other: with no backslash every quote is a string's
 * opening or closing one, the bytes between an opening quote and the
 * next quote are a string's (a carry-less multiply by all ones makes
 * that mask: bit i is the parity of the quotes up to i), and outside
 * them only blanks, commas and the closing "]" may lie.  The tokens,
 * quotes and commas, must then run open, close, comma, open, ... close,
 * "]": the commas among the tokens in order (pext) are compared with
 * where the phase puts them.  Any byte below 0x20 or above 0x7F, other
 * white space, a backslash, anything else outside the strings, or the
 * line's end (bytes past it load as zeros) sends the array back.  What
 * is accepted is exactly what scan_array accepts with these bytes, and
 * it ends at the same "]". */
__attribute__((target("avx512f,avx512bw,bmi,bmi2,pclmul")))
static const char *
plain_array512(const char *p, const char *end)
{
	const __m512i quote = _mm512_set1_epi8('"');
	const __m512i bslash = _mm512_set1_epi8('\\');
	const __m512i comma = _mm512_set1_epi8(',');
	const __m512i blank = _mm512_set1_epi8(' ');
	const __m512i close = _mm512_set1_epi8(']');
	unsigned phase = 0;

	for (p++; p < end; p += 64) {
		size_t left = (size_t)(end - p);
		__mmask64 live = _bzhi_u64(~(uint64_t)0,
		    (unsigned)(left < 64 ? left : 64));
		__m512i v = _mm512_maskz_loadu_epi8(live, p);
		uint64_t q = _mm512_cmpeq_epi8_mask(v, quote);
		uint64_t c = _mm512_cmpeq_epi8_mask(v, comma);
		/* Backslashes, controls (zeros past end), non-ASCII (below
		 * a blank as signed bytes). */
		uint64_t odd = _mm512_cmpeq_epi8_mask(v, bslash) |
		    _mm512_cmplt_epi8_mask(v, blank);
		uint64_t in = (uint64_t)_mm_cvtsi128_si64(_mm_clmulepi64_si128(
		    _mm_cvtsi64_si128((long long)q), _mm_set1_epi8(-1), 0));
		uint64_t out, rb, range, tok, k;
		unsigned nt;

		/* Inside a string: from its opening quote to the byte
		 * before its closing one; the phase says whether a string
		 * runs into this step. */
		if (phase == 1)
			in = ~in;
		out = ~(in | q);
		rb = _mm512_cmpeq_epi8_mask(v, close) & out;
		range = rb ? _blsmsk_u64(rb) >> 1 : ~(uint64_t)0;
		/* Outside the strings: blanks and commas only. */
		if ((odd & range) != 0 ||
		    (out & range & ~c & ~_mm512_cmpeq_epi8_mask(v, blank)) != 0)
			return NULL;
		tok = (q | (c & out)) & range;
		nt = (unsigned)__builtin_popcountll(tok);
		k = _pext_u64(c & out, tok);
		if (k != (comma_due[phase] & _bzhi_u64(~(uint64_t)0, nt)))
			return NULL;
		phase = (phase + nt) % 3;
		if (rb)
			return phase == 2 ? p + __builtin_ctzll(rb) + 1 : NULL;
	}
	return NULL;
}
#endif

int sfb_json_no_avx512, sfb_json_no_avx2;

/* How scan_string skips plain text on this CPU, the unit tests' hooks
 * choosing an older path. */
static int
simd_level(void)
{
#ifdef HAVE_AVX2
	if (!sfb_json_no_avx2 && __builtin_cpu_supports("avx2"))
		return !sfb_json_no_avx512 &&
		    __builtin_cpu_supports("avx512bw") &&
		    __builtin_cpu_supports("avx512vbmi") &&
		    __builtin_cpu_supports("bmi2") &&
		    __builtin_cpu_supports("pclmul") ? 2 : 1;
#endif
	return 0;
}

/* scan_string past its first look: p is where the look stopped, in plain
 * text of the string; the position after the closing quote. */
static const char *
scan_string_rest(struct scan *sc, const char *p, int *esc)
{
	const char *end = sc->end;

	for (;;) {
		unsigned char c;

#ifdef HAVE_AVX2
		p = sc->simd == 2 ? skip_plain_avx512(p, end, esc) :
		    sc->simd ? skip_plain_avx2(p, end, esc) : skip_plain(p, end);
#else
		p = skip_plain(p, end);
#endif
		if (p >= end)
			return bad(sc, "invalid JSON: unterminated string");
		c = (unsigned char)*p;
		if (c == '"')
			return p + 1;
		if (c == '\\') {
			*esc = 1;
			if (++p >= end)
				return bad(sc, "invalid JSON: unterminated string");
			switch (*p) {
			case '"': case '\\': case '/': case 'b': case 'f':
			case 'n': case 'r': case 't':
				p++;
				break;
			case 'u':
				if (end - p < 5 || hexval(p[1]) < 0 ||
				    hexval(p[2]) < 0 || hexval(p[3]) < 0 ||
				    hexval(p[4]) < 0)
					return bad(sc, "invalid JSON: bad \\u escape");
				p += 5;
				break;
			default:
				return bad(sc, "invalid JSON: bad escape in string");
			}
		} else if (c < 0x20) {
			return bad(sc, "invalid JSON: control character in string");
		} else if (c >= 0x80) {
			size_t n = utf8_len((const unsigned char *)p,
			    (const unsigned char *)end);

			if (!n)
				return bad(sc, "invalid UTF-8");
			p += n;
		} else
			p++;
	}
}

/* p is just past the opening quote; returns the position after the closing
 * quote.  *esc is set when the string holds an escape.  The first look,
 * which settles keys and most values, inline in the callers. */
static inline const char *
scan_string(struct scan *sc, const char *p, int *esc)
{
#ifdef __SSE2__
	const char *end = sc->end;

	/* Keys and most values are short and plain: when the first byte of
	 * the next 16 that is not plain ASCII text is a quote, no backslash
	 * comes before it, and it closes the string. */
	/* The same for the 16 after them (labels and ids run to 20-30
	 * bytes): plain bytes skipped are what skip_plain skips. */
	for (int k = 0; k < 2 && end - p >= 16; k++) {
		__m128i v = _mm_loadu_si128((const __m128i *)(const void *)p);
		__m128i q = _mm_cmpeq_epi8(v, _mm_set1_epi8('"'));
		/* Control and non-ASCII bytes: below 0x20 signed. */
		unsigned m = (unsigned)_mm_movemask_epi8(_mm_or_si128(
		    _mm_or_si128(q, _mm_cmpeq_epi8(v, _mm_set1_epi8('\\'))),
		    _mm_cmplt_epi8(v, _mm_set1_epi8(0x20))));

		if (m) {
			if (p[__builtin_ctz(m)] == '"')
				return p + __builtin_ctz(m) + 1;
			break;
		}
		p += 16;
	}
#endif
	return scan_string_rest(sc, p, esc);
}

static const char *
scan_number(struct scan *sc, const char *p)
{
	const char *end = sc->end;

	if (p < end && *p == '-')
		p++;
	if (p >= end)
		return bad(sc, "invalid JSON: bad number");
	if (*p == '0')
		p++;
	else if (*p >= '1' && *p <= '9')
		while (p < end && *p >= '0' && *p <= '9')
			p++;
	else
		return bad(sc, "invalid JSON: bad number");
	if (p < end && *p == '.') {
		p++;
		if (p >= end || *p < '0' || *p > '9')
			return bad(sc, "invalid JSON: bad number");
		while (p < end && *p >= '0' && *p <= '9')
			p++;
	}
	if (p < end && (*p == 'e' || *p == 'E')) {
		p++;
		if (p < end && (*p == '+' || *p == '-'))
			p++;
		if (p >= end || *p < '0' || *p > '9')
			return bad(sc, "invalid JSON: bad number");
		while (p < end && *p >= '0' && *p <= '9')
			p++;
	}
	return p;
}

static const char *
scan_literal(struct scan *sc, const char *p, const char *lit, size_t n)
{
	if ((size_t)(sc->end - p) < n || memcmp(p, lit, n) != 0)
		return bad(sc, "invalid JSON");
	return p + n;
}

static const char *
scan_array(struct scan *sc, const char *p)
{
#ifdef HAVE_AVX2
	if (sc->simd == 2 && sc->end - p > 1 && p[1] == '"') {
		const char *q = plain_array512(p, sc->end);

		if (q)
			return q;
	}
#endif
	p = skip_ws(p + 1, sc->end);
	if (p < sc->end && *p == ']')
		return p + 1;
	for (;;) {
		int esc = 0;

		/* A string element without scan_value's dispatch. */
		if (p < sc->end && *p == '"')
			p = scan_string(sc, p + 1, &esc);
		else
			p = scan_value(sc, p);
		if (!p)
			return NULL;
		p = skip_ws(p, sc->end);
		if (p >= sc->end)
			return bad(sc, "invalid JSON: unterminated array");
		if (*p == ']')
			return p + 1;
		if (*p != ',')
			return bad(sc, "invalid JSON: expected ',' or ']'");
		p = skip_ws(p + 1, sc->end);
	}
}

/* Scan an object; when o is not NULL, record its members. */
static const char *
scan_object(struct scan *sc, const char *p, struct sfb_obj *o)
{
	p = skip_ws(p + 1, sc->end);
	if (p < sc->end && *p == '}')
		return p + 1;
	for (;;) {
		const char *k, *v;
		int esc = 0;

		if (p >= sc->end || *p != '"')
			return bad(sc, "invalid JSON: expected a string key");
		k = p + 1;
		if (!(p = scan_string(sc, k, &esc)))
			return NULL;
		if (o) {
			if (o->n == o->cap) {
				size_t cap = o->cap ? o->cap * 2 : 16;
				struct sfb_member *m = realloc(o->m,
				    cap * sizeof *m);

				if (!m)
					return bad(sc, "out of memory");
				o->m = m;
				o->cap = cap;
			}
			o->m[o->n].key.p = k;
			o->m[o->n].key.n = (size_t)(p - 1 - k);
			o->m[o->n].key_escaped = esc;
		}
		p = skip_ws(p, sc->end);
		if (p >= sc->end || *p != ':')
			return bad(sc, "invalid JSON: expected ':'");
		v = p = skip_ws(p + 1, sc->end);
		/* A string value without scan_value's dispatch. */
		if (p < sc->end && *p == '"')
			p = scan_string(sc, p + 1, &esc);
		else
			p = scan_value(sc, p);
		if (!p)
			return NULL;
		if (o) {
			o->m[o->n].val.p = v;
			o->m[o->n].val.n = (size_t)(p - v);
			o->n++;
		}
		p = skip_ws(p, sc->end);
		if (p >= sc->end)
			return bad(sc, "invalid JSON: unterminated object");
		if (*p == '}')
			return p + 1;
		if (*p != ',')
			return bad(sc, "invalid JSON: expected ',' or '}'");
		p = skip_ws(p + 1, sc->end);
	}
}

static const char *
scan_value(struct scan *sc, const char *p)
{
	const char *r;
	int esc = 0;

	if (p >= sc->end)
		return bad(sc, "invalid JSON: unexpected end");
	switch (*p) {
	case '"':
		return scan_string(sc, p + 1, &esc);
	case '{':
	case '[':
		if (++sc->depth > MAX_DEPTH)
			return bad(sc, "invalid JSON: nested too deeply");
		r = *p == '{' ? scan_object(sc, p, NULL) : scan_array(sc, p);
		sc->depth--;
		return r;
	case 't':
		return scan_literal(sc, p, "true", 4);
	case 'f':
		return scan_literal(sc, p, "false", 5);
	case 'n':
		return scan_literal(sc, p, "null", 4);
	default:
		if (*p == '-' || (*p >= '0' && *p <= '9'))
			return scan_number(sc, p);
		if ((unsigned char)*p >= 0x80 &&
		    !utf8_len((const unsigned char *)p,
		    (const unsigned char *)sc->end))
			return bad(sc, "invalid UTF-8");
		return bad(sc, "invalid JSON");
	}
}

int
sfb_json_validate(const char *s, size_t n, struct sfb_span *v,
    const char **why)
{
	struct scan sc = { s + n, NULL, 0, 0 };
	const char *p = skip_ws(s, s + n), *q;

#ifdef HAVE_AVX2
	sc.simd = simd_level();
#endif
	if (p == s + n) {
		*why = "invalid JSON: empty";
		return -1;
	}
	if (!(q = scan_value(&sc, p))) {
		*why = sc.why;
		return -1;
	}
	if (skip_ws(q, s + n) != s + n) {
		*why = "invalid JSON: extra data after the value";
		return -1;
	}
	v->p = p;
	v->n = (size_t)(q - p);
	return 0;
}

int
sfb_obj_parse(struct sfb_obj *o, const char *s, size_t n, const char **why)
{
	struct scan sc = { s + n, NULL, 0, 0 };
	const char *p = skip_ws(s, s + n), *q;
	struct sfb_span v;

#ifdef HAVE_AVX2
	sc.simd = simd_level();
#endif
	o->n = 0;
	if (p < s + n && *p == '{') {
		sc.depth = 1;
		q = scan_object(&sc, p, o);
		if (q && skip_ws(q, s + n) == s + n) {
			o->text.p = p;
			o->text.n = (size_t)(q - p);
			return 0;
		}
		*why = q ? "invalid JSON: extra data after the object" : sc.why;
		return -1;
	}
	if (sfb_json_validate(s, n, &v, why) < 0)
		return -1;
	*why = "not a JSON object";
	return -1;
}

void
sfb_obj_free(struct sfb_obj *o)
{
	free(o->m);
	o->m = NULL;
	o->n = o->cap = 0;
}

int
sfb_json_key_eq_escaped(const struct sfb_span *raw, const char *key,
    size_t klen)
{
	struct sfb_buf b = { 0 };
	struct sfb_span tok;
	int eq;

	/* Rare: decode the escaped key (the token includes its quotes). */
	tok.p = raw->p - 1;
	tok.n = raw->n + 2;
	if (sfb_json_str_decode(&tok, &b) < 0)
		return 0;
	eq = b.len == klen && (klen == 0 || memcmp(b.p, key, klen) == 0);
	sfb_buf_free(&b);
	return eq;
}

const struct sfb_member *
sfb_obj_get(const struct sfb_obj *o, const char *key, size_t klen)
{
	size_t i;

	for (i = o->n; i-- > 0;)
		if (sfb_json_key_eq(&o->m[i].key, o->m[i].key_escaped, key,
		    klen))
			return &o->m[i];
	return NULL;
}

enum sfb_jtype
sfb_json_type(const struct sfb_span *v)
{
	if (!v || !v->n)
		return SFB_JNONE;
	switch (v->p[0]) {
	case 'n': return SFB_JNULL;
	case 'f': return SFB_JFALSE;
	case 't': return SFB_JTRUE;
	case '"': return SFB_JSTRING;
	case '[': return SFB_JARRAY;
	case '{': return SFB_JOBJECT;
	default: return SFB_JNUMBER;
	}
}

const char *
sfb_json_type_name(enum sfb_jtype t)
{
	static const char *const names[] = {
		"missing", "null", "a boolean", "a boolean", "a number",
		"a string", "an array", "an object",
	};

	return names[t];
}

static void
put_utf8(char *d, size_t *n, uint32_t cp)
{
	if (cp < 0x80) {
		d[(*n)++] = (char)cp;
	} else if (cp < 0x800) {
		d[(*n)++] = (char)(0xC0 | cp >> 6);
		d[(*n)++] = (char)(0x80 | (cp & 0x3F));
	} else if (cp < 0x10000) {
		d[(*n)++] = (char)(0xE0 | cp >> 12);
		d[(*n)++] = (char)(0x80 | ((cp >> 6) & 0x3F));
		d[(*n)++] = (char)(0x80 | (cp & 0x3F));
	} else {
		d[(*n)++] = (char)(0xF0 | cp >> 18);
		d[(*n)++] = (char)(0x80 | ((cp >> 12) & 0x3F));
		d[(*n)++] = (char)(0x80 | ((cp >> 6) & 0x3F));
		d[(*n)++] = (char)(0x80 | (cp & 0x3F));
	}
}

static uint32_t
hex4(const char *p)
{
	return (uint32_t)(hexval(p[0]) << 12 | hexval(p[1]) << 8 |
	    hexval(p[2]) << 4 | hexval(p[3]));
}

uint32_t
sfb_json_esc(const char *p, size_t n, size_t *adv)
{
	uint32_t cp, lo;

	*adv = 2;
	switch (p[1]) {
	case 'b': return '\b';
	case 'f': return '\f';
	case 'n': return '\n';
	case 'r': return '\r';
	case 't': return '\t';
	case 'u': break;
	default: return (unsigned char)p[1];    /* '"', '\\', '/' */
	}
	cp = hex4(p + 2);
	*adv = 6;
	if (cp >= 0xD800 && cp <= 0xDBFF && n >= 12 && p[6] == '\\' &&
	    p[7] == 'u' && (lo = hex4(p + 8)) >= 0xDC00 && lo <= 0xDFFF) {
		*adv = 12;
		cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
	}
	return cp;
}

/* Copy the bytes from p up to the first backslash (or end) to d; return
 * that backslash's position.  Escapes come every few dozen bytes in
 * reports (newlines, \\u escapes of punctuation), too often for a memchr
 * and a memcpy call each: whole 16-byte blocks are stored as they are
 * searched, so d needs 16 bytes of room past the copied run. */
static inline const char *
copy_to_bslash(char *d, const char *p, const char *end)
{
#ifdef __SSE2__
	const __m128i bslash = _mm_set1_epi8('\\');

	while (end - p >= 16) {
		__m128i v = _mm_loadu_si128((const __m128i *)(const void *)p);
		unsigned m = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(v,
		    bslash));

		_mm_storeu_si128((__m128i *)(void *)d, v);
		if (m)
			return p + __builtin_ctz(m);
		p += 16;
		d += 16;
	}
#endif
	while (p < end && *p != '\\')
		*d++ = *p++;
	return p;
}

/* The byte a two-byte escape stands for, by the byte after its
 * backslash; 0 for 'u' (and bytes a validated string never escapes). */
static const unsigned char short_esc[256] = {
	['"'] = '"', ['\\'] = '\\', ['/'] = '/', ['b'] = '\b', ['f'] = '\f',
	['n'] = '\n', ['r'] = '\r', ['t'] = '\t',
};

int sfb_json_no_vbmi2;

/* Decodes the escape at p (its backslash) in a body ending at end to
 * d + *n; returns the position after it. */
static inline const char *
decode_esc(char *d, size_t *n, const char *p, const char *end)
{
	uint32_t cp;
	size_t adv;

	/* The short escapes inline: what sfb_json_esc returns for them,
	 * one byte each (put_utf8 of a code point below 0x80). */
	if (short_esc[(unsigned char)p[1]]) {
		d[(*n)++] = (char)short_esc[(unsigned char)p[1]];
		return p + 2;
	}
	cp = sfb_json_esc(p, (size_t)(end - p), &adv);
	put_utf8(d, n, cp);
	return p + adv;
}

/* Decodes the body p..end of a validated string to d (room for its
 * length + 16), one escape at a time; returns the decoded length.  The
 * portable reading, which the vector path below is held to. */
static inline size_t
decode_body(char *d, const char *p, const char *end)
{
	size_t n = 0;

	while (p < end) {
		const char *bs = copy_to_bslash(d + n, p, end);

		n += (size_t)(bs - p);
		p = bs;
		if (p >= end)
			break;
		p = decode_esc(d, &n, p, end);
	}
	return n;
}

#ifdef HAVE_AVX2
/*
 * decode_body 64 bytes a step: the step's bytes with each backslash of a
 * \n escape dropped and its n made a newline, by one compress-store,
 * up to the step's first other backslash, whose escape is decoded by
 * decode_esc (report texts are lines: most steps have only \n).  Exact:
 * p only ever stands at the start of an escape or of plain text, so the
 * first backslash of a step begins an escape, and so does each later one
 * while the byte after each is an n, not a backslash; a backslash as a
 * step's last byte goes to decode_esc.  Other bytes decode to themselves,
 * as in copy_to_bslash.
 */
__attribute__((target("avx512f,avx512bw,avx512vbmi2,bmi,popcnt")))
static size_t
decode_body_vbmi2(char *d, const char *p, const char *end)
{
	const __m512i bslash = _mm512_set1_epi8('\\'), en = _mm512_set1_epi8('n');
	const __m512i nl = _mm512_set1_epi8('\n');
	size_t n = 0;

	while (end - p >= 64) {
		__m512i v = _mm512_loadu_si512((const void *)p);
		uint64_t bs = _mm512_cmpeq_epi8_mask(v, bslash);
		uint64_t nn = _mm512_cmpeq_epi8_mask(v, en);
		/* Backslashes not followed, in the step, by an n. */
		uint64_t bad = bs & ~(nn >> 1);
		uint64_t keep = bad ? ((uint64_t)1 << __builtin_ctzll(bad)) - 1 : ~(uint64_t)0;

		v = _mm512_mask_mov_epi8(v, bs << 1 & keep, nl);
		/* Compressed in a register and stored whole (a compress to
		 * memory is far slower): the 64 bytes from d + n lie within
		 * the room for the body, as n <= the bytes before p. */
		_mm512_storeu_si512((void *)(d + n), _mm512_maskz_compress_epi8(~bs & keep, v));
		n += (size_t)__builtin_popcountll(~bs & keep);
		if (!bad) {
			p += 64;
			continue;
		}
		p = decode_esc(d, &n, p + __builtin_ctzll(bad), end);
	}
	return n + decode_body(d + n, p, end);
}
#endif

int
sfb_json_str_decode(const struct sfb_span *tok, struct sfb_buf *out)
{
	const char *p = tok->p + 1, *end = tok->p + tok->n - 1;
	char *d;

	/* Decoded text is never longer than the token; copy_to_bslash
	 * writes up to 16 bytes past it. */
	if (sfb_buf_reserve(out, tok->n + 16) < 0)
		return -1;
	d = out->p + out->len;
#ifdef HAVE_AVX2
	if (!sfb_json_no_vbmi2 && __builtin_cpu_supports("avx512vbmi2")) {
		out->len += decode_body_vbmi2(d, p, end);
		return 0;
	}
#endif
	out->len += decode_body(d, p, end);
	return 0;
}

static const char hexdig[] = "0123456789abcdef";

static int
put_u(struct sfb_buf *out, uint32_t u)
{
	char e[6] = { '\\', 'u', hexdig[u >> 12 & 15], hexdig[u >> 8 & 15],
	    hexdig[u >> 4 & 15], hexdig[u & 15] };

	return sfb_buf_put(out, e, 6);
}

int
sfb_json_str_encode(struct sfb_buf *out, const char *s, size_t n,
    int ensure_ascii)
{
	const unsigned char *p = (const unsigned char *)s, *end = p + n;

	if (sfb_buf_reserve(out, n + 2) < 0 || sfb_buf_putc(out, '"') < 0)
		return -1;
	while (p < end) {
		const unsigned char *q = p;
		uint32_t cp;
		size_t len;
		int r = 0;

		while (q < end && *q >= 0x20 && *q < 0x7F && *q != '"' &&
		    *q != '\\')
			q++;
		if (q > p && sfb_buf_put(out, p, (size_t)(q - p)) < 0)
			return -1;
		if ((p = q) >= end)
			break;
		if (*p < 0x80) {
			switch (*p) {
			case '"': r = sfb_buf_put(out, "\\\"", 2); break;
			case '\\': r = sfb_buf_put(out, "\\\\", 2); break;
			case '\n': r = sfb_buf_put(out, "\\n", 2); break;
			case '\r': r = sfb_buf_put(out, "\\r", 2); break;
			case '\t': r = sfb_buf_put(out, "\\t", 2); break;
			case '\b': r = sfb_buf_put(out, "\\b", 2); break;
			case '\f': r = sfb_buf_put(out, "\\f", 2); break;
			case 0x7F:
				r = ensure_ascii ? put_u(out, 0x7F) :
				    sfb_buf_putc(out, 0x7F);
				break;
			default: r = put_u(out, *p); break;
			}
			p++;
			if (r < 0)
				return -1;
			continue;
		}
		/* Decode one WTF-8 sequence (input should be valid; a
		 * sequence cut short by the end is never read past it). */
		len = *p < 0xE0 ? 2 : *p < 0xF0 ? 3 : 4;
		if (len > (size_t)(end - p)) {
			r = sfb_buf_put(out, p, (size_t)(end - p));
			if (r < 0)
				return -1;
			break;
		}
		if (len == 2) {
			cp = (uint32_t)(p[0] & 0x1F) << 6 | (p[1] & 0x3F);
		} else if (len == 3) {
			cp = (uint32_t)(p[0] & 0x0F) << 12 |
			    (uint32_t)(p[1] & 0x3F) << 6 | (p[2] & 0x3F);
		} else {
			cp = (uint32_t)(p[0] & 0x07) << 18 |
			    (uint32_t)(p[1] & 0x3F) << 12 |
			    (uint32_t)(p[2] & 0x3F) << 6 | (p[3] & 0x3F);
		}
		if (ensure_ascii || (cp >= 0xD800 && cp <= 0xDFFF)) {
			if (cp >= 0x10000)
				r = put_u(out, 0xD800 + ((cp - 0x10000) >> 10)) |
				    put_u(out, 0xDC00 + ((cp - 0x10000) & 0x3FF));
			else
				r = put_u(out, cp);
		} else
			r = sfb_buf_put(out, p, len);
		if (r < 0)
			return -1;
		p += len;
	}
	return sfb_buf_putc(out, '"');
}

/* p is just past the opening quote of a validated string: the position
 * after its closing quote.  Eight bytes at a time to the next quote or
 * backslash (the zero-byte test flags the lowest such byte exactly; only
 * bytes above it can be flagged wrongly, and they are not looked at); a
 * backslash takes the byte it escapes with it (the hex digits of \uXXXX
 * hold neither), so the first quote found otherwise closes the string.
 * *esc is set when a backslash comes before it. */
static inline const char *
skip_string(const char *p, const char *end, int *esc)
{
	for (;;) {
#ifdef __SSE2__
		/* Sixteen at a time first: the same first quote or
		 * backslash, compared exactly. */
		while (end - p >= 16) {
			__m128i v = _mm_loadu_si128((const __m128i *)(const void *)p);
			unsigned m = (unsigned)_mm_movemask_epi8(_mm_or_si128(
			    _mm_cmpeq_epi8(v, _mm_set1_epi8('"')),
			    _mm_cmpeq_epi8(v, _mm_set1_epi8('\\'))));

			if (m) {
				p += __builtin_ctz(m);
				goto found;
			}
			p += 16;
		}
#endif
		while (end - p >= 8) {
			uint64_t w, q, b, m;

			memcpy(&w, p, 8);
			q = w ^ (ONES * '"');
			b = w ^ (ONES * '\\');
			m = (((q - ONES) & ~q) | ((b - ONES) & ~b)) & HIGHS;
			if (m) {
				p += __builtin_ctzll(m) / 8;
				break;
			}
			p += 8;
		}
#ifdef __SSE2__
found:
#endif
		if (*p == '"')
			return p + 1;
		if (*p == '\\') {
			*esc = 1;
			p++;
		}
		p++;
	}
}

const char *
sfb_json_str_skip(const char *p, const char *end, int *esc)
{
	return skip_string(p, end, esc);
}

/* Skip a validated value at p; returns the position after it. */
static const char *
skip_value(const char *p, const char *end)
{
	int depth = 0, esc;

	do {
		switch (*p) {
		case '"':
			p = skip_string(p + 1, end, &esc);
			break;
		case '{': case '[':
			depth++;
			p++;
			break;
		case '}': case ']':
			depth--;
			p++;
			break;
		case ',': case ':': case ' ': case '\t': case '\n': case '\r':
			p++;
			break;
		default:
			while (p < end && *p != ',' && *p != '}' && *p != ']' &&
			    *p != ' ' && *p != '\t' && *p != '\n' && *p != '\r')
				p++;
			break;
		}
	} while (depth > 0 && p < end);
	return p;
}

int
sfb_json_arr_next(const struct sfb_span *arr, size_t *pos,
    struct sfb_span *elem)
{
	const char *end = arr->p + arr->n, *p, *q;

	p = skip_ws(arr->p + (*pos ? *pos : 1), end);
	if (*p == ',')
		p = skip_ws(p + 1, end);
	if (*p == ']')
		return 0;
	q = skip_value(p, end);
	elem->p = p;
	elem->n = (size_t)(q - p);
	*pos = (size_t)(q - arr->p);
	return 1;
}

int
sfb_json_obj_next(const struct sfb_span *obj, size_t *pos,
    struct sfb_span *key, struct sfb_span *val)
{
	const char *end = obj->p + obj->n, *p, *q;

	p = skip_ws(obj->p + (*pos ? *pos : 1), end);
	if (*p == ',')
		p = skip_ws(p + 1, end);
	if (*p == '}')
		return 0;
	q = skip_value(p, end);
	key->p = p + 1;
	key->n = (size_t)(q - p - 2);
	p = skip_ws(q, end);
	p = skip_ws(p + 1, end);	/* the ':' */
	q = skip_value(p, end);
	val->p = p;
	val->n = (size_t)(q - p);
	*pos = (size_t)(q - obj->p);
	return 1;
}

int
sfb_json_num(const struct sfb_span *tok, double *d)
{
	char small[128], *s = small;
	int r = 0;

	if (tok->n >= sizeof small && !(s = malloc(tok->n + 1)))
		return -1;
	memcpy(s, tok->p, tok->n);
	s[tok->n] = '\0';
	*d = strtod(s, NULL);
	if (*d > 1.7976931348623157e308 || *d < -1.7976931348623157e308)
		r = -1;
	if (s != small)
		free(s);
	return r;
}

/* Is s[0..n) written by sfb_json_str_encode (without ensure_ascii) as it
 * is?  ASCII but controls, '"' and '\\' is (0x7F too): the keys the
 * stages add. */
static int
plain_key(const char *s, size_t n)
{
	uint64_t w = ONES * 'a';
	size_t i = 0;

	/* Eight bytes a step: special8 flags exactly the words that hold a
	 * byte that is not plain.  The last step is the last eight bytes
	 * (some looked at twice); a key shorter than eight is one word
	 * filled out with 'a', which is plain. */
	if (n < 8) {
		if (n)
			memcpy(&w, s, n);
		return !special8(w);
	}
	for (; n - i > 8; i += 8) {
		memcpy(&w, s + i, 8);
		if (special8(w))
			return 0;
	}
	memcpy(&w, s + n - 8, 8);
	return !special8(w);
}

static int
put_member(struct sfb_buf *out, const struct sfb_kv *kv)
{
	char *d;

	if (!plain_key(kv->key, kv->klen)) {
		if (sfb_json_str_encode(out, kv->key, kv->klen, 0) < 0 ||
		    sfb_buf_put(out, ": ", 2) < 0)
			return -1;
		return sfb_buf_put(out, kv->val, kv->vlen);
	}
	/* One reservation and the bytes in place of an encoder's pass. */
	if (sfb_buf_reserve(out, kv->klen + kv->vlen + 4) < 0)
		return -1;
	d = out->p + out->len;
	*d++ = '"';
	memcpy(d, kv->key, kv->klen);
	d += kv->klen;
	memcpy(d, "\": ", 3);
	d += 3;
	if (kv->vlen)
		memcpy(d, kv->val, kv->vlen);
	out->len += kv->klen + kv->vlen + 4;
	return 0;
}

/* Is the raw key (escaped or not) one of drop[0..ndrop)? */
static int
dropped(const struct sfb_span *key, int escaped, const struct sfb_span *drop,
    size_t ndrop)
{
	size_t i;

	for (i = 0; i < ndrop; i++)
		if (sfb_json_key_eq(key, escaped, drop[i].p, drop[i].n))
			return 1;
	return 0;
}

int
sfb_obj_splice(const struct sfb_obj *o, const struct sfb_kv *kv, size_t n,
    struct sfb_buf *out)
{
	return sfb_obj_splice_drop(o, kv, n, NULL, 0, out);
}

int
sfb_obj_splice_drop(const struct sfb_obj *o, const struct sfb_kv *kv,
    size_t n, const struct sfb_span *drop, size_t ndrop, struct sfb_buf *out)
{
	unsigned char done[64] = { 0 };
	size_t i, j, clash = ndrop > 0;
	uint64_t lens = 0;
	const char *close;
	int first = 1;

	if (n > sizeof done)
		return -1;
	/* The lengths of kv's keys below 64, as bits: a member whose raw
	 * key is unescaped and of no such length is none of them, settled
	 * by one test (every member is looked at for every record). */
	for (j = 0; j < n; j++)
		lens |= kv[j].klen < 64 ? (uint64_t)1 << kv[j].klen : 0;
	for (i = 0; i < o->n && !clash; i++) {
		const struct sfb_member *m = &o->m[i];

		if (!m->key_escaped && m->key.n < 64 && !(lens >> m->key.n & 1))
			continue;
		for (j = 0; j < n; j++)
			if (sfb_json_key_eq(&m->key, m->key_escaped,
			    kv[j].key, kv[j].klen)) {
				clash = 1;
				break;
			}
	}
	if (!clash) {
		/* The common case: copy the line as it is, add before '}'. */
		close = o->text.p + o->text.n - 1;
		while (close > o->text.p && (close[-1] == ' ' ||
		    close[-1] == '\t' || close[-1] == '\r' || close[-1] == '\n'))
			close--;
		if (sfb_buf_put(out, o->text.p, (size_t)(close - o->text.p)) < 0)
			return -1;
		first = o->n == 0;
	} else {
		if (sfb_buf_putc(out, '{') < 0)
			return -1;
		for (i = 0; i < o->n; i++) {
			const struct sfb_member *m = &o->m[i];
			const char *val = m->val.p;
			size_t vlen = m->val.n;

			for (j = 0; j < n; j++)
				if (sfb_json_key_eq(&m->key, m->key_escaped,
				    kv[j].key, kv[j].klen))
					break;
			if (j < n) {
				if (done[j])
					continue;	/* a later duplicate */
				done[j] = 1;
				val = kv[j].val;
				vlen = kv[j].vlen;
			}
			if (dropped(&m->key, m->key_escaped, drop, ndrop))
				continue;
			if ((!first && sfb_buf_put(out, ", ", 2) < 0) ||
			    sfb_buf_putc(out, '"') < 0 ||
			    sfb_buf_put(out, m->key.p, m->key.n) < 0 ||
			    sfb_buf_put(out, "\": ", 3) < 0 ||
			    sfb_buf_put(out, val, vlen) < 0)
				return -1;
			first = 0;
		}
	}
	for (j = 0; j < n; j++) {
		struct sfb_span key = { kv[j].key, kv[j].klen };

		if (done[j] || dropped(&key, 0, drop, ndrop))
			continue;
		if ((!first && sfb_buf_put(out, ", ", 2) < 0) ||
		    put_member(out, &kv[j]) < 0)
			return -1;
		first = 0;
	}
	return sfb_buf_put(out, "}\n", 2);
}

int
sfb_json_arr_step(const char *s, size_t n, size_t *pos,
    struct sfb_span *elem, struct sfb_obj *o, const char **why)
{
	struct scan sc = { s + n, NULL, 1, 0 };
	const char *end = s + n, *p, *q;

#ifdef HAVE_AVX2
	sc.simd = simd_level();
#endif
	if (o)
		o->n = 0;
	if (*pos == 0) {
		p = skip_ws(s, end);
		if (p == end || *p != '[') {
			*pos = (size_t)(p - s);
			*why = p == end ? "invalid JSON: empty" :
			    "not a JSON array";
			return -1;
		}
		p = skip_ws(p + 1, end);
		if (p < end && *p == ']')
			goto close;
	} else {
		p = skip_ws(s + *pos, end);
		if (p == end) {
			*pos = (size_t)(p - s);
			*why = "invalid JSON: unterminated array";
			return -1;
		}
		if (*p == ']')
			goto close;
		if (*p != ',') {
			*pos = (size_t)(p - s);
			*why = "invalid JSON: expected ',' or ']'";
			return -1;
		}
		p = skip_ws(p + 1, end);
	}
	if (o && p < end && *p == '{') {
		sc.depth = 2;
		q = scan_object(&sc, p, o);
	} else
		q = scan_value(&sc, p);
	*pos = (size_t)(p - s);
	if (!q) {
		*why = p == end ? "invalid JSON: unterminated array" : sc.why;
		if (o)
			o->n = 0;
		return -1;
	}
	elem->p = p;
	elem->n = (size_t)(q - p);
	if (o && *p == '{')
		o->text = *elem;
	*pos = (size_t)(q - s);
	return 1;
close:
	q = skip_ws(p + 1, end);
	if (q != end) {
		*pos = (size_t)(q - s);
		*why = "invalid JSON: extra data after the value";
		return -1;
	}
	*pos = (size_t)(q - s);
	return 0;
}

unsigned long
sfb_line_of(const char *doc, size_t off)
{
	unsigned long line = 1;
	const char *p = doc, *end = doc + off, *nl;

	while ((nl = memchr(p, '\n', (size_t)(end - p))) != NULL) {
		line++;
		p = nl + 1;
	}
	return line;
}
