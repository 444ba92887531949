/* pair_jaccard.c - sizes of the intersection and union of two string sets. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#if defined(__x86_64__) && defined(__GNUC__)
#include <immintrin.h>
#endif

#include "core/buf.h"
#include "bundle/pair_jaccard.h"

/* An element's text: into the record when it has no escape, else at an
 * offset of the scratch buffer (which may move while it grows); and its
 * first eight bytes as a number (see key_of). */
struct item {
	const char *p;		/* NULL: decoded, at off in dec */
	size_t off, n;
	uint64_t key;
};

struct sfb_jac {
	struct item *it;
	size_t cap;
	struct sfb_buf dec;
};

struct sfb_jac *
sfb_jac_new(void)
{
	return calloc(1, sizeof(struct sfb_jac));
}

void
sfb_jac_free(struct sfb_jac *j)
{
	if (!j)
		return;
	free(j->it);
	sfb_buf_free(&j->dec);
	free(j);
}

/* memcmp order, a shorter string before the longer one it begins. */
static int
cmp_plain(const struct item *a, const struct item *b)
{
	size_t n = a->n < b->n ? a->n : b->n;
	int c = n ? memcmp(a->p, b->p, n) : 0;

	if (c)
		return c;
	return a->n < b->n ? -1 : a->n > b->n;
}

/* The first eight bytes of p[0..n) as a big-endian number, zeros past
 * n.  Two keys that differ order their strings as cmp_plain does: the
 * first differing byte is either a real difference of the two strings,
 * or a zero past the end of one and a byte of the other, whose first
 * bytes up to there are the shorter string, which cmp_plain puts first
 * (a zero padding byte is below any byte but another zero, and a zero
 * there in the longer string would have been no difference).  p + 8 <=
 * lim: the eight bytes are read at once, else one at a time. */
static uint64_t
key_of(const char *p, size_t n, const char *lim)
{
	uint64_t w = 0;
	size_t i;

	if (n >= 8 || p + 8 <= lim) {
		memcpy(&w, p, 8);
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
		w = __builtin_bswap64(w);
#endif
		return n >= 8 ? w : n ? w & ~(~(uint64_t)0 >> (8 * n)) : 0;
	}
	for (i = 0; i < n; i++)
		w |= (uint64_t)(unsigned char)p[i] << (56 - 8 * i);
	return w;
}

/* cmp_plain's sign for two strings of the same length n > 8 whose first
 * eight bytes are equal (most often the same label in both sets): their
 * words at 8, 16, ... compared as big-endian numbers, the last one the
 * eight bytes that end the string (it overlaps the word before, whose
 * bytes are equal), so no byte past either string is read.  The first
 * words that differ hold the first byte that differs, and order the
 * strings as it does. */
static inline int
cmp_same_len(const struct item *a, const struct item *b)
{
	size_t n = a->n, i;

	for (i = 8; i < n; i += 8) {
		size_t at = i + 8 <= n ? i : n - 8;
		uint64_t x, y;

		memcpy(&x, a->p + at, 8);
		memcpy(&y, b->p + at, 8);
		if (x != y) {
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
			x = __builtin_bswap64(x);
			y = __builtin_bswap64(y);
#endif
			return x < y ? -1 : 1;
		}
	}
	return 0;
}

/* cmp_plain's sign, from the keys when they differ; with equal keys,
 * strings of at most eight bytes are equal up to the shorter's length
 * and the longer's further bytes are zeros: the shorter comes first. */
static inline int
cmp_fast(const struct item *a, const struct item *b)
{
	if (a->key != b->key)
		return a->key < b->key ? -1 : 1;
	if (a->n <= 8 && b->n <= 8)
		return a->n < b->n ? -1 : a->n > b->n;
	if (a->n == b->n)
		return cmp_same_len(a, b);
	return cmp_plain(a, b);
}

static int
cmp_item(const void *x, const void *y)
{
	return cmp_fast(x, y);
}

/* The next element of the validated array token arr from *pos (0 at the
 * start) when it is a string: 1 with its body (between the quotes) in *e
 * and *esc set when it holds a backslash; 0 after the last element; 2
 * when it is not a string.  A direct walk, not sfb_json_arr_next's
 * general one: between the elements of a validated array there is only
 * white space and one ','. */
static int
next_string(const struct sfb_span *arr, size_t *pos, struct sfb_span *e,
    int *esc)
{
	const char *p = arr->p + (*pos ? *pos : 1), *end = arr->p + arr->n;
	const char *q;

	/* The usual ", " between two elements (the stages write it), then
	 * the general loop only where something else comes. */
	if (p[0] == ',' && p[1] == ' ')
		p += 2;
	if (*p != '"') {
		while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r' ||
		    *p == ',')
			p++;
		if (*p == ']')
			return 0;
		if (*p != '"')
			return 2;
	}
	*esc = 0;
	q = sfb_json_str_skip(p + 1, end, esc) - 1;
	e->p = p + 1;
	e->n = (size_t)(q - p - 1);
	*pos = (size_t)(q + 1 - arr->p);
	return 1;
}

/* Room for twice as many items (32 at first); -1 out of memory. */
static int
grow(struct sfb_jac *j)
{
	size_t cap = j->cap ? j->cap * 2 : 32;
	struct item *ni = realloc(j->it, cap * sizeof *ni);

	if (!ni)
		return -1;
	j->it = ni;
	j->cap = cap;
	return 0;
}

/* One more item, its body p[0..len) unescaped, lim the array's end (for
 * key_of); 0 or -1 out of memory. */
static inline __attribute__((always_inline)) int
add_plain(struct sfb_jac *j, size_t *n, const char *p, size_t len,
    const char *lim, size_t k, int *sorted)
{
	struct item *it;

	if (*n == j->cap && grow(j) < 0)
		return -1;
	it = &j->it[(*n)++];
	it->p = p;
	it->n = len;
	it->key = key_of(p, len, lim);
	if (k > 0 && *sorted && cmp_fast(it - 1, it) >= 0)
		*sorted = 0;
	return 0;
}

int sfb_jac_no_avx512;

#if defined(__x86_64__) && defined(__GNUC__)
/* collect for arrays of strings without a backslash, as the stages write
 * them: 64 bytes a step (AVX-512 BW), the strings' opening and closing
 * quotes paired from masks.  The array is a validated token, so with no
 * backslash every quote opens or closes a string (a quote inside one
 * would be escaped), the bytes from an opening quote to the next quote
 * are a string's (a carry-less multiply by all ones gives that mask: bit
 * i the parity of the quotes up to i), and outside the strings lie only
 * white space, commas and the brackets when every element is a string:
 * any other byte there (above a blank, not a comma) belongs to an element
 * that is not.  1 when the array holds a backslash or such an element:
 * then nothing is added, for collect to read it element by element (and
 * name the element).  0 done, -1 out of memory. */
__attribute__((target("avx512f,avx512bw,bmi,pclmul")))
static int
collect_plain512(struct sfb_jac *j, const struct sfb_span *arr, size_t *n,
    int *sorted)
{
	const __m512i quote = _mm512_set1_epi8('"');
	const __m512i bslash = _mm512_set1_epi8('\\');
	const __m512i comma = _mm512_set1_epi8(',');
	const __m512i blank = _mm512_set1_epi8(' ');
	const char *s = arr->p, *end = arr->p + arr->n, *p, *open = NULL;
	size_t n0 = *n, k = 0;
	int sorted0 = *sorted;
	uint64_t carry = 0;     /* all ones when a string runs into the step */

	if (arr->n < 2 || s[0] != '[' || end[-1] != ']')
		return 1;
	/* The bytes between the brackets. */
	for (p = s + 1; p < end - 1; p += 64) {
		size_t left = (size_t)(end - 1 - p);
		__mmask64 live = left >= 64 ? ~(__mmask64)0 :
		    ((__mmask64)1 << left) - 1;
		__m512i v = _mm512_maskz_loadu_epi8(live, p);
		uint64_t q = _mm512_cmpeq_epi8_mask(v, quote), in, opens, closes;

		if (_mm512_cmpeq_epi8_mask(v, bslash))
			goto other;
		in = (uint64_t)_mm_cvtsi128_si64(_mm_clmulepi64_si128(
		    _mm_cvtsi64_si128((long long)q), _mm_set1_epi8(-1), 0)) ^
		    carry;
		if ((~(in | q) & live & _mm512_cmpgt_epu8_mask(v, blank) &
		    ~_mm512_cmpeq_epi8_mask(v, comma)) != 0)
			goto other;
		opens = q & in;
		closes = q & ~in;
		carry = (uint64_t)0 - (in >> 63);
		/* The k-th opening quote with the k-th closing one, a string
		 * open from the step before with the first. */
		if (open && closes) {
			if (add_plain(j, n, open + 1, (size_t)(p +
			    __builtin_ctzll(closes) - open - 1), end, k++,
			    sorted) < 0)
				return -1;
			closes = _blsr_u64(closes);
			open = NULL;
		}
		for (; opens; opens = _blsr_u64(opens)) {
			const char *o = p + __builtin_ctzll(opens);

			if (!closes) {
				open = o;       /* closed in a later step */
				break;
			}
			if (add_plain(j, n, o + 1, (size_t)(__builtin_ctzll(
			    closes) - __builtin_ctzll(opens) - 1), end, k++,
			    sorted) < 0)
				return -1;
			closes = _blsr_u64(closes);
		}
	}
	if (!open)
		return 0;
other:
	*n = n0;
	*sorted = sorted0;
	return 1;
}
#endif

/* Read the strings of arr into j->it from index *n on; returns 0, 1 when
 * an element is not a string (its index in *bad), -1 out of memory.
 * *sorted is cleared unless the strings, none escaped, are in strictly
 * increasing order (the stages write sorted sets: no sort needed). */
static int
collect(struct sfb_jac *j, const struct sfb_span *arr, size_t *n,
    size_t *bad, int *sorted)
{
	struct sfb_span e;
	size_t pos = 0, k = 0;
	int r, esc;

#if defined(__x86_64__) && defined(__GNUC__)
	if (!sfb_jac_no_avx512 && __builtin_cpu_supports("avx512bw") &&
	    __builtin_cpu_supports("pclmul") &&
	    (r = collect_plain512(j, arr, n, sorted)) <= 0)
		return r;
#endif
	for (; (r = next_string(arr, &pos, &e, &esc)) != 0; k++) {
		struct item *it;

		if (r == 2) {
			*bad = k;
			return 1;
		}
		if (*n == j->cap && grow(j) < 0)
			return -1;
		it = &j->it[(*n)++];
		if (!esc) {
			it->p = e.p;
			it->n = e.n;
			it->key = key_of(e.p, e.n, arr->p + arr->n);
			if (k > 0 && *sorted && cmp_fast(it - 1, it) >= 0)
				*sorted = 0;
		} else {
			struct sfb_span tok = { e.p - 1, e.n + 2 };

			*sorted = 0;
			it->p = NULL;
			it->off = j->dec.len;
			if (sfb_json_str_decode(&tok, &j->dec) < 0)
				return -1;
			it->n = j->dec.len - it->off;
			it->key = key_of(j->dec.p + it->off, it->n,
			    j->dec.p + j->dec.len);
		}
	}
	return 0;
}

/* Sort it[0..n) and drop repeats; returns the number left. */
static size_t
uniq(struct sfb_jac *j, struct item *it, size_t n)
{
	size_t i, m = 0;

	for (i = 0; i < n; i++)
		if (!it[i].p)
			it[i].p = j->dec.p + it[i].off;
	if (n > 1)
		qsort(it, n, sizeof *it, cmp_item);
	for (i = 0; i < n; i++)
		if (m == 0 || cmp_fast(&it[m - 1], &it[i]) != 0)
			it[m++] = it[i];
	return m;
}

int
sfb_jac_count(struct sfb_jac *j, const struct sfb_span *a,
    const struct sfb_span *b, size_t *inter, size_t *uni, size_t *bad)
{
	size_t na0 = 0, n = 0, na, nb, i = 0, k = 0, common = 0;
	struct item *ib;
	int r, sa = 1, sb = 1;

	j->dec.len = 0;
	if ((r = collect(j, a, &n, bad, &sa)) != 0)
		return r;
	na0 = n;
	if ((r = collect(j, b, &n, bad, &sb)) != 0)
		return r < 0 ? r : 2;
	/* Only now is the scratch buffer done moving. */
	ib = j->it + na0;
	na = sa ? na0 : uniq(j, j->it, na0);
	nb = sb ? n - na0 : uniq(j, ib, n - na0);
	while (i < na && k < nb) {
		int c = cmp_fast(&j->it[i], &ib[k]);

		if (c == 0)
			common++;
		i += c <= 0;
		k += c >= 0;
	}
	*inter = common;
	*uni = na + nb - common;
	return 0;
}
