/* qc.c - SSIM, edge maps and edge preservation as the reference computes
 * them with NumPy 1.24 (qc.h).  The float32 steps round as NumPy's do:
 * compiled without FMA contraction (Makefile). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "image/qc.h"

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
	    (w->hist = malloc(65536 * sizeof(*w->hist))) == NULL)
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
sfb_f32_sum(const float *a, size_t n)
{
	float s = 0.0f;
	size_t i, k;

	for (i = 0; i < n; i += k) {
		k = n - i < 8192 ? n - i : 8192;
		s += pairwise(a + i, k);
	}
	return s;
}

float
sfb_qc_edges(const struct sfb_img *img, const float *level, float *f,
    unsigned char *e)
{
	size_t w = img->w, h = img->h, n = w * h, x, y, i;
	const unsigned char *p = img->px;
	float *mag = f + n, mean, var, std, t;
	double thr;

	for (i = 0; i < n; i++)
		f[i] = level[p[i]];
	/* gx and gy are 0 on the border, as in the reference's zeros_like */
	for (y = 0; y < h; y++) {
		const float *r = f + y * w;
		const float *up = y > 0 && y + 1 < h ? r - w : r;
		const float *dn = y > 0 && y + 1 < h ? r + w : r;
		float *m = mag + y * w, gx, gy;

		for (x = 1; x + 1 < w; x++) {
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
	mean = sfb_f32_sum(mag, n) / (float)n;
	/* the squared deviations where the levels were */
	for (i = 0; i < n; i++) {
		float dv = mag[i] - mean;

		f[i] = dv * dv;
	}
	var = sfb_f32_sum(f, n) / (float)n;
	std = sqrtf(var);
	t = mean + std;
	thr = (double)t > 1e-6 ? (double)t : 1e-6;
	t = (float)thr;
	for (i = 0; i < n; i++)
		e[i] = mag[i] > t;
	return t;
}

/* SSIM from the joint histogram of the two images' levels: every sum
 * NumPy forms is a sum over the pixels of a function of their two
 * levels, so the histogram gives it with one pass and exact counts. */
static double
ssim(const struct sfb_img *a, const struct sfb_img *b, const float *level,
    uint32_t *hist)
{
	static const double c1 = 1e-4, c2 = 9e-4;
	size_t n = (size_t)a->w * a->h, i;
	uint64_t ha[256] = {0}, hb[256] = {0};
	long double sa = 0, sb = 0, va = 0, vb = 0, cab = 0;
	double mua, mub, vara, varb, covab, da[256], db[256];
	int u, v;

	/* kept between pairs: a fresh 256 KiB block each time costs page
	 * faults */
	memset(hist, 0, 65536 * sizeof(*hist));
	for (i = 0; i < n; i++)
		hist[a->px[i] << 8 | b->px[i]]++;
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
		const uint32_t *h = hist + (u << 8);
		double r[4] = {0, 0, 0, 0};

		if (ha[u] == 0)
			continue;
		for (v = 0; v < 256; v += 4) {
			r[0] += h[v] * db[v];
			r[1] += h[v + 1] * db[v + 1];
			r[2] += h[v + 2] * db[v + 2];
			r[3] += h[v + 3] * db[v + 3];
		}
		cab += (long double)((r[0] + r[1]) + (r[2] + r[3])) * da[u];
	}
	vara = (double)(va / n);
	varb = (double)(vb / n);
	covab = (double)(cab / n);
	return ((2 * mua * mub + c1) * (2 * covab + c2)) /
	    ((mua * mua + mub * mub + c1) * (vara + varb + c2));
}

int
sfb_qc_compute(const struct sfb_img *a, const struct sfb_img *b,
    struct sfb_qc_work *w, struct sfb_qc *out)
{
	if (work_grow(w, (size_t)a->w * a->h) < 0)
		return -1;
	w->thr_src = sfb_qc_edges(a, w->level, w->f, w->e);
	return sfb_qc_against(a, b, w, out);
}

int
sfb_qc_against(const struct sfb_img *a, const struct sfb_img *b,
    struct sfb_qc_work *w, struct sfb_qc *out)
{
	size_t W = a->w, H = a->h, n = W * H, x, y;
	unsigned char *es = w->e, *eg = w->e + n, *hd = w->e + 2 * n;
	uint64_t ns = 0, kept = 0;

	if (work_grow(w, n) < 0)
		return -1;
	out->ssim = ssim(a, b, w->level, w->hist);
	out->thr_src = w->thr_src;
	out->thr_gen = sfb_qc_edges(b, w->level, w->f, eg);
	/* the 3x3 dilation of G: across each row, then down the rows */
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
