/* qc.c - SSIM, edge maps and edge preservation as the reference computes
 * them with NumPy 1.24 (qc.h).  The float32 steps round as NumPy's do:
 * compiled without FMA contraction (Makefile). */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#if defined(__x86_64__) && defined(__GNUC__) && !defined(SFB_SCALAR)
#include <immintrin.h>
#define HAVE_QC_AVX2 1
#endif

#include "image/qc.h"

/* The AVX2 loops below compute the very float32 operations of the plain
 * ones, element by element in the same order (IEEE add, multiply, divide
 * and square root round the same in a vector lane), so they give the same
 * bits; tests hold the two against each other (sfb_qc_work.plain, or a
 * build with -DSFB_SCALAR, which has the plain loops only). */
static int
use_avx2(const struct sfb_qc_work *w)
{
#ifdef HAVE_QC_AVX2
	return !w->plain && __builtin_cpu_supports("avx2");
#else
	(void)w;
	return 0;
#endif
}

void
sfb_qc_work_free(struct sfb_qc_work *w)
{
	free(w->f);
	free(w->e);
	free(w->hist);
	memset(w, 0, sizeof(*w));
}

static int
work_grow(struct sfb_qc_work *w, size_t n)
{
	float *f;
	unsigned char *e;
	int v;

	for (v = 0; v < 256; v++)
		w->level[v] = (float)v / 255.0f;
	if (w->hist == NULL &&
	    (w->hist = calloc(65536, sizeof(*w->hist))) == NULL)
		return -1;
	if (n <= w->cap)
		return 0;
	if (n > SIZE_MAX / (3 * sizeof(float)))
		return -1;
	if ((f = realloc(w->f, 2 * n * sizeof(float))) == NULL)
		return -1;
	w->f = f;
	if ((e = realloc(w->e, 3 * n)) == NULL)
		return -1;
	w->e = e;
	w->cap = n;
	return 0;
}

/* NumPy's FLOAT_pairwise_sum (loops_utils.h). */
static float
pairwise(const float *a, size_t n)
{
	float r[8], res;
	size_t i, j, n2;

	if (n < 8) {
		res = 0.0f;
		for (i = 0; i < n; i++)
			res += a[i];
		return res;
	}
	if (n <= 128) {
		for (j = 0; j < 8; j++)
			r[j] = a[j];
		for (i = 8; i < n - n % 8; i += 8)
			for (j = 0; j < 8; j++)
				r[j] += a[i + j];
		res = ((r[0] + r[1]) + (r[2] + r[3])) +
		    ((r[4] + r[5]) + (r[6] + r[7]));
		for (; i < n; i++)
			res += a[i];
		return res;
	}
	n2 = n / 2;
	n2 -= n2 % 8;
	return pairwise(a, n2) + pairwise(a + n2, n - n2);
}

float
sfb_f32_sum_plain(const float *a, size_t n)
{
	float s = 0.0f;
	size_t i, k;

	for (i = 0; i < n; i += k) {
		k = n - i < 8192 ? n - i : 8192;
		s += pairwise(a + i, k);
	}
	return s;
}

/* Magnitudes m[x0 .. w) of a row r between rows up and dn (r itself on
 * the first and last row, where gy is 0), in float32; gx is 0 in the first
 * and last column, as in the reference's zeros_like.  Inlined, so that
 * the vector loop's copy is compiled for AVX2 as well. */
static inline __attribute__((always_inline)) void
grad_row(const float *r, const float *up, const float *dn, size_t x0,
    size_t w, float *m)
{
	size_t x;
	float gx, gy;

	for (x = x0; x + 1 < w; x++) {
		gx = r[x + 1] - r[x - 1];
		gy = dn[x] - up[x];
		m[x] = sqrtf(gx * gx + gy * gy);
	}
	gx = 0.0f;
	gy = dn[0] - up[0];
	m[0] = sqrtf(gx * gx + gy * gy);
	gy = dn[w - 1] - up[w - 1];
	m[w - 1] = sqrtf(gx * gx + gy * gy);
}

/* max(mean + std, 1e-6) as float32, from the float32 sums of the
 * magnitudes and of their squared deviations from mean over n */
static float
threshold(float mean, float devsum, size_t n)
{
	float t = mean + sqrtf(devsum / (float)n);
	double thr = (double)t > 1e-6 ? (double)t : 1e-6;

	return (float)thr;
}

#ifdef HAVE_QC_AVX2
/* ((r0 + r1) + (r2 + r3)) + ((r4 + r5) + (r6 + r7)), as pairwise ends a
 * block */
__attribute__((target("avx2"))) static float
lanes_sum(__m256 r)
{
	float v[8];

	_mm256_storeu_ps(v, r);
	return ((v[0] + v[1]) + (v[2] + v[3])) + ((v[4] + v[5]) + (v[6] + v[7]));
}

/* pairwise, its eight accumulators the eight lanes of a vector; with dev,
 * the sum of (a[i] - mean)^2, each square rounded before it is added as
 * NumPy's var rounds x = arr - mean, then x * x, then sums. */
__attribute__((target("avx2"))) static float
pairwise_avx2(const float *a, size_t n, float mean, int dev)
{
	const __m256 m = _mm256_set1_ps(mean);
	__m256 r, v;
	float res, d;
	size_t i, n2;

	if (n < 8) {
		res = 0.0f;
		for (i = 0; i < n; i++) {
			d = dev ? a[i] - mean : a[i];
			res += dev ? d * d : d;
		}
		return res;
	}
	if (n <= 128) {
		r = _mm256_loadu_ps(a);
		if (dev) {
			r = _mm256_sub_ps(r, m);
			r = _mm256_mul_ps(r, r);
		}
		for (i = 8; i < n - n % 8; i += 8) {
			v = _mm256_loadu_ps(a + i);
			if (dev) {
				v = _mm256_sub_ps(v, m);
				v = _mm256_mul_ps(v, v);
			}
			r = _mm256_add_ps(r, v);
		}
		res = lanes_sum(r);
		for (; i < n; i++) {
			d = dev ? a[i] - mean : a[i];
			res += dev ? d * d : d;
		}
		return res;
	}
	n2 = n / 2;
	n2 -= n2 % 8;
	return pairwise_avx2(a, n2, mean, dev) +
	    pairwise_avx2(a + n2, n - n2, mean, dev);
}

/* sfb_f32_sum's buffers of 8192 */
__attribute__((target("avx2"))) static float
sum_avx2(const float *a, size_t n, float mean, int dev)
{
	float s = 0.0f;
	size_t i, k;

	for (i = 0; i < n; i += k) {
		k = n - i < 8192 ? n - i : 8192;
		s += pairwise_avx2(a + i, k, mean, dev);
	}
	return s;
}

/* The levels (float)v / 255 of the eight bytes at p, by the same
 * correctly rounded division as the table's. */
__attribute__((target("avx2"))) static __m256
levels8(const unsigned char *p)
{
	__m256i v = _mm256_cvtepu8_epi32(_mm_loadl_epi64((const void *)p));

	return _mm256_div_ps(_mm256_cvtepi32_ps(v), _mm256_set1_ps(255.0f));
}

__attribute__((target("avx2"))) static void
level_row(const unsigned char *p, size_t w, const float *level, float *out)
{
	size_t x;

	for (x = 0; x + 8 <= w; x += 8)
		_mm256_storeu_ps(out + x, levels8(p + x));
	for (; x < w; x++)
		out[x] = level[p[x]];
}

/* Edge row r dilated across at column x (zero beyond the ends) */
static inline unsigned
dil(const unsigned char *r, size_t x, size_t w)
{
	return r[x] | (x > 0 ? r[x - 1] : 0) | (x + 1 < w ? r[x + 1] : 0);
}

/* 32 zeros then 32 ones: from byte 32 - d on, a mask with its first d
 * lanes off */
static const unsigned char counted[64] = {
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
};

/* Columns x .. x + 32 of the source edges sr (bytes 0 or 1), and of them
 * those with an edge of g[0..3) around, added to vs and vk as byte sums;
 * only the lanes where mask has a 1. */
__attribute__((target("avx2"))) static void
count32(const unsigned char *const g[3], const unsigned char *sr, size_t x,
    __m256i mask, __m256i *vs, __m256i *vk)
{
	const __m256i zero = _mm256_setzero_si256();
	__m256i d = zero, sv;
	int k;

	for (k = 0; k < 3; k++)
		d = _mm256_or_si256(d, _mm256_or_si256(_mm256_loadu_si256(
		    (const void *)(g[k] + x - 1)), _mm256_or_si256(
		    _mm256_loadu_si256((const void *)(g[k] + x)),
		    _mm256_loadu_si256((const void *)(g[k] + x + 1)))));
	sv = _mm256_and_si256(_mm256_loadu_si256((const void *)(sr + x)),
	    mask);
	*vs = _mm256_add_epi64(*vs, _mm256_sad_epu8(sv, zero));
	*vk = _mm256_add_epi64(*vk, _mm256_sad_epu8(_mm256_and_si256(sv, d),
	    zero));
}

/* |S| and |S and dilate3x3(G)| of the w x h edge maps es and eg, 32
 * columns at a time, the dilation formed on the fly; byte sums by
 * _mm256_sad_epu8 are exact. */
__attribute__((target("avx2"))) static void
count_avx2(const unsigned char *es, const unsigned char *eg, size_t w,
    size_t h, uint64_t *ns, uint64_t *kept)
{
	const __m256i zero = _mm256_setzero_si256();
	const __m256i all = _mm256_set1_epi8(1);
	__m256i vs = zero, vk = zero;
	uint64_t l[4], rs = 0, rk = 0;
	size_t x, y, k;

	for (y = 0; y < h; y++) {
		const unsigned char *g[3], *sr = es + y * w;

		g[1] = eg + y * w;
		g[0] = y > 0 ? g[1] - w : g[1];
		g[2] = y + 1 < h ? g[1] + w : g[1];
		for (x = 1; x + 33 <= w; x += 32)
			count32(g, sr, x, all, &vs, &vk);
		/* the columns left up to w - 2 by one more vector ending
		 * there, its lanes already counted masked off */
		if (x > 1 && x + 1 < w)
			count32(g, sr, w - 33, _mm256_loadu_si256((const void *)
			    (counted + 32 - (x - (w - 33)))), &vs, &vk);
		x = x > 1 ? w - 1 : 1;
		/* column 0, and the last one or the short row's */
		for (k = 0; k < w; k = k == 0 ? x : k + 1) {
			rs += sr[k];
			rk += sr[k] & (dil(g[0], k, w) | dil(g[1], k, w) |
			    dil(g[2], k, w));
		}
	}
	_mm256_storeu_si256((void *)l, vs);
	*ns = rs + l[0] + l[1] + l[2] + l[3];
	_mm256_storeu_si256((void *)l, vk);
	*kept = rk + l[0] + l[1] + l[2] + l[3];
}

/* The magnitudes m[x .. x + 8) of row r between rows up and dn */
__attribute__((target("avx2"))) static void
grad8(const float *r, const float *up, const float *dn, size_t x, float *m)
{
	__m256 vx = _mm256_sub_ps(_mm256_loadu_ps(r + x + 1),
	    _mm256_loadu_ps(r + x - 1));
	__m256 vy = _mm256_sub_ps(_mm256_loadu_ps(dn + x),
	    _mm256_loadu_ps(up + x));

	_mm256_storeu_ps(m + x, _mm256_sqrt_ps(_mm256_add_ps(
	    _mm256_mul_ps(vx, vx), _mm256_mul_ps(vy, vy))));
}

/* sfb_qc_edges with vectors: the levels of three rows at a time in f (a
 * ring; they are read again only for the gradient), the magnitudes at
 * f + n, the sums and the threshold as the plain loops do them.  With
 * src, SSIM's joint histogram of (src, img) is counted in the same loop,
 * its scattered increments overlapping the divisions and square roots
 * (counts are exact in any order). */
__attribute__((target("avx2"))) static float
edges_avx2(const struct sfb_img *img, const float *level, float *f,
    unsigned char *e, const unsigned char *src, uint32_t *hist)
{
	size_t w = img->w, h = img->h, n = w * h, x, y, i;
	const unsigned char *p = img->px;
	float *mag = f + n, *ring[3], mean, t;
	const __m256i one = _mm256_set1_epi8(1);
	const __m256i order = _mm256_setr_epi32(0, 4, 1, 5, 2, 6, 3, 7);
	__m256 tv;

	/* rows at f, f + w, f + 2w: below the magnitudes when h >= 3, and
	 * only the first h of them are used otherwise */
	for (i = 0; i < 3; i++)
		ring[i] = f + i * w;
	level_row(p, w, level, ring[0]);
	if (h > 1)
		level_row(p + w, w, level, ring[1]);
	for (y = 0; y < h; y++) {
		const float *r = ring[y % 3], *up = r, *dn = r;
		const unsigned char *gp = p + y * w;
		const unsigned char *sp = src != NULL ? src + y * w : NULL;
		float *m = mag + y * w;
		size_t k;

		if (y > 0 && y + 1 < h) {
			/* row y + 1 where row y - 2 was */
			level_row(p + (y + 1) * w, w, level, ring[(y + 1) % 3]);
			up = ring[(y - 1) % 3];
			dn = ring[(y + 1) % 3];
		}
		for (x = 1; x + 9 <= w; x += 8) {
			grad8(r, up, dn, x, m);
			if (src != NULL)
				for (k = x; k < x + 8; k++)
					hist[sp[k] << 8 | gp[k]]++;
		}
		/* the last columns by one more vector, overlapping: the same
		 * values written again */
		if (x > 1 && x + 1 < w)
			grad8(r, up, dn, w - 9, m);
		grad_row(r, up, dn, x > 1 ? w - 1 : 1, w, m);
		if (src != NULL) {
			/* the columns the vector loop left */
			hist[sp[0] << 8 | gp[0]]++;
			for (k = x > 1 ? x : 1; k < w; k++)
				hist[sp[k] << 8 | gp[k]]++;
		}
	}
	mean = sum_avx2(mag, n, 0.0f, 0) / (float)n;
	t = threshold(mean, sum_avx2(mag, n, mean, 1), n);
	tv = _mm256_set1_ps(t);
	/* four vectors of comparisons packed to 32 bytes of 0 or 1 */
	for (i = 0; i + 32 <= n; i += 32) {
		__m256i c[4], q;
		int k;

		for (k = 0; k < 4; k++)
			c[k] = _mm256_castps_si256(_mm256_cmp_ps(
			    _mm256_loadu_ps(mag + i + 8 * k), tv, _CMP_GT_OQ));
		q = _mm256_packs_epi16(_mm256_packs_epi32(c[0], c[1]),
		    _mm256_packs_epi32(c[2], c[3]));
		q = _mm256_permutevar8x32_epi32(q, order);
		_mm256_storeu_si256((void *)(e + i), _mm256_and_si256(q, one));
	}
	for (; i < n; i++)
		e[i] = mag[i] > t;
	return t;
}
#endif

float
sfb_f32_sum(const float *a, size_t n)
{
#ifdef HAVE_QC_AVX2
	if (__builtin_cpu_supports("avx2"))
		return sum_avx2(a, n, 0.0f, 0);
#endif
	return sfb_f32_sum_plain(a, n);
}

float
sfb_qc_edges(const struct sfb_img *img, struct sfb_qc_work *wk,
    unsigned char *e)
{
	size_t w = img->w, h = img->h, n = w * h, y, i;
	const unsigned char *p = img->px;
	const float *level = wk->level;
	float *f = wk->f, *mag = f + n, mean, t;

#ifdef HAVE_QC_AVX2
	if (use_avx2(wk))
		return edges_avx2(img, level, f, e, NULL, NULL);
#endif

	for (i = 0; i < n; i++)
		f[i] = level[p[i]];
	for (y = 0; y < h; y++) {
		const float *r = f + y * w;

		grad_row(r, y > 0 && y + 1 < h ? r - w : r,
		    y > 0 && y + 1 < h ? r + w : r, 1, w, mag + y * w);
	}
	mean = sfb_f32_sum_plain(mag, n) / (float)n;
	/* the squared deviations where the levels were */
	for (i = 0; i < n; i++) {
		float dv = mag[i] - mean;

		f[i] = dv * dv;
	}
	t = threshold(mean, sfb_f32_sum_plain(f, n), n);
	for (i = 0; i < n; i++)
		e[i] = mag[i] > t;
	return t;
}

/* SSIM from the joint histogram of the two images' levels: every sum
 * NumPy forms is a sum over the pixels of a function of their two
 * levels, so the histogram gives it with one pass and exact counts.
 * hist, zero between pairs (kept: a fresh 256 KiB block each time costs
 * page faults), has been counted over the n pixels; it is left zero. */
#ifdef HAVE_QC_AVX2
/* The row sums ha and column sums hb of the joint histogram, in 32-bit
 * lanes: no count passes n, below 2^32. */
__attribute__((target("avx2"))) static void
margins_avx2(const uint32_t *hist, uint64_t *ha, uint64_t *hb)
{
	uint32_t col[256], l[8];
	int u, v, k;

	memset(col, 0, sizeof(col));
	for (u = 0; u < 256; u++) {
		const uint32_t *h = hist + (u << 8);
		__m256i rs = _mm256_setzero_si256();

		for (v = 0; v < 256; v += 8) {
			__m256i x = _mm256_loadu_si256((const void *)(h + v));

			rs = _mm256_add_epi32(rs, x);
			_mm256_storeu_si256((void *)(col + v), _mm256_add_epi32(
			    _mm256_loadu_si256((const void *)(col + v)), x));
		}
		_mm256_storeu_si256((void *)l, rs);
		for (k = 0; k < 8; k++)
			ha[u] += l[k];
	}
	for (v = 0; v < 256; v++)
		hb[v] = col[v];
}

/* One row's sum of h[v] db[v] as the plain loop forms it: lane k of the
 * vector is its r[k] (v = k, k + 4, ...), the products and sums rounded
 * alike; counts below 2^31 (SFB_IMG_MAX_PIXELS) convert exactly as
 * signed. */
__attribute__((target("avx2"))) static double
row_avx2(const uint32_t *h, const double *db)
{
	__m256d r = _mm256_setzero_pd();
	double l[4];
	int v;

	for (v = 0; v < 256; v += 4)
		r = _mm256_add_pd(r, _mm256_mul_pd(_mm256_cvtepi32_pd(
		    _mm_loadu_si128((const void *)(h + v))),
		    _mm256_loadu_pd(db + v)));
	_mm256_storeu_pd(l, r);
	return (l[0] + l[1]) + (l[2] + l[3]);
}
#endif

static double
ssim(size_t n, const float *level, uint32_t *hist, int simd)
{
	static const double c1 = 1e-4, c2 = 9e-4;
	uint64_t ha[256] = {0}, hb[256] = {0};
	long double sa = 0, sb = 0, va = 0, vb = 0, cab = 0;
	double mua, mub, vara, varb, covab, da[256], db[256];
	int u, v;

#ifndef HAVE_QC_AVX2
	(void)simd;
#endif
#ifdef HAVE_QC_AVX2
	if (simd)
		margins_avx2(hist, ha, hb);
	else
#endif
		for (u = 0; u < 256; u++)
			for (v = 0; v < 256; v++) {
				ha[u] += hist[u << 8 | v];
				hb[v] += hist[u << 8 | v];
			}
	for (u = 0; u < 256; u++) {
		sa += (long double)ha[u] * (double)level[u];
		sb += (long double)hb[u] * (double)level[u];
	}
	mua = (double)(sa / n);
	mub = (double)(sb / n);
	for (u = 0; u < 256; u++) {
		da[u] = (double)level[u] - mua;
		db[u] = (double)level[u] - mub;
		va += (long double)ha[u] * (da[u] * da[u]);
		vb += (long double)hb[u] * (db[u] * db[u]);
	}
	/* per level of a, its row of the histogram against db in double
	 * (four sums of 64 terms, exact counts), rows added in long double:
	 * the covariance stays within a few 1e-16 */
	for (u = 0; u < 256; u++) {
		uint32_t *h = hist + (u << 8);
		double r[4] = {0, 0, 0, 0}, row;

		if (ha[u] == 0)
			continue;
#ifdef HAVE_QC_AVX2
		if (simd)
			row = row_avx2(h, db);
		else
#endif
		{
			for (v = 0; v < 256; v += 4) {
				r[0] += h[v] * db[v];
				r[1] += h[v + 1] * db[v + 1];
				r[2] += h[v + 2] * db[v + 2];
				r[3] += h[v + 3] * db[v + 3];
			}
			row = (r[0] + r[1]) + (r[2] + r[3]);
		}
		cab += (long double)row * da[u];
		/* left zero for the next pair (rows with ha[u] 0 are) */
		memset(h, 0, 256 * sizeof(*h));
	}
	vara = (double)(va / n);
	varb = (double)(vb / n);
	covab = (double)(cab / n);
	return ((2 * mua * mub + c1) * (2 * covab + c2)) /
	    ((mua * mua + mub * mub + c1) * (vara + varb + c2));
}

/* |S| and |S and dilate3x3(G)| of the W x H edge maps es and eg: the
 * dilation across each row into hd, then down the rows as they are
 * counted */
static void
count_plain(const unsigned char *es, const unsigned char *eg,
    unsigned char *hd, size_t W, size_t H, uint64_t *nsp, uint64_t *keptp)
{
	uint64_t ns = 0, kept = 0;
	size_t x, y;

	for (y = 0; y < H; y++) {
		const unsigned char *g = eg + y * W;
		unsigned char *d = hd + y * W;

		for (x = 1; x + 1 < W; x++)
			d[x] = g[x - 1] | g[x] | g[x + 1];
		d[0] = g[0] | (W > 1 ? g[1] : 0);
		d[W - 1] = g[W - 1] | (W > 1 ? g[W - 2] : 0);
	}
	for (y = 0; y < H; y++) {
		const unsigned char *s = es + y * W, *d = hd + y * W;
		const unsigned char *u = y > 0 ? d - W : d;
		const unsigned char *v = y + 1 < H ? d + W : d;
		uint32_t rs = 0, rk = 0;

		for (x = 0; x < W; x++) {
			rs += s[x];
			rk += s[x] & (u[x] | d[x] | v[x]);
		}
		ns += rs;
		kept += rk;
	}
	*nsp = ns;
	*keptp = kept;
}

int
sfb_qc_compute(const struct sfb_img *a, const struct sfb_img *b,
    struct sfb_qc_work *w, struct sfb_qc *out)
{
	if (work_grow(w, (size_t)a->w * a->h) < 0)
		return -1;
	w->thr_src = sfb_qc_edges(a, w, w->e);
	return sfb_qc_against(a, b, w, out);
}

int
sfb_qc_against(const struct sfb_img *a, const struct sfb_img *b,
    struct sfb_qc_work *w, struct sfb_qc *out)
{
	size_t W = a->w, H = a->h, n = W * H, x;
	unsigned char *es, *eg;
	uint64_t ns, kept;

	if (work_grow(w, n) < 0)
		return -1;
	es = w->e;
	eg = w->e + n;
	out->thr_src = w->thr_src;
#ifdef HAVE_QC_AVX2
	if (use_avx2(w))
		out->thr_gen = edges_avx2(b, w->level, w->f, eg, a->px,
		    w->hist);
	else
#endif
	{
		for (x = 0; x < n; x++)
			w->hist[a->px[x] << 8 | b->px[x]]++;
		out->thr_gen = sfb_qc_edges(b, w, eg);
	}
	out->ssim = ssim(n, w->level, w->hist, use_avx2(w));
#ifdef HAVE_QC_AVX2
	if (use_avx2(w))
		count_avx2(es, eg, W, H, &ns, &kept);
	else
#endif
		count_plain(es, eg, w->e + 2 * n, W, H, &ns, &kept);
	out->src_edges = ns;
	out->kept = kept;
	out->edge = ns == 0 ? 1.0 : (double)kept / (double)ns;
	return 0;
}

void
sfb_mask_blend(const struct sfb_img *src, struct sfb_img *gen,
    const struct sfb_img *mask, float blend)
{
	size_t n = (size_t)gen->w * gen->h, i;
	int ch = gen->ch, c;
	/* m is 1 here, so m b = b and 1 - m b = 1 - b, rounded once each */
	float mb = 1.0f * blend, keep = 1.0f - mb;

	for (i = 0; i < n; i++) {
		if (mask->px[i] < 128)
			continue;
		for (c = 0; c < ch; c++) {
			size_t k = i * (size_t)ch + (size_t)c;
			float g = gen->px[k], s = src->px[k];
			float t1 = g * keep, t2 = s * mb, o = t1 + t2;

			if (o < 0.0f)
				o = 0.0f;
			if (o > 255.0f)
				o = 255.0f;
			gen->px[k] = (unsigned char)o;
		}
	}
}
