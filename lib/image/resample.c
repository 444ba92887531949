/* resample.c - Pillow 9.4's BICUBIC resize of 8-bit images (Resample.c):
 * per output pixel a window of input pixels weighted by the a = -0.5
 * cubic, stretched by the scale when shrinking, normalised in double and
 * rounded to 22-bit fixed point; sums start at half a unit and are
 * clamped to 0..255.  Compiled without FMA contraction (Makefile), so
 * each double operation rounds as Pillow's does. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "image/image.h"

#define PREC 22			/* Pillow's PRECISION_BITS, 32 - 8 - 2 */

static double
bicubic(double x)
{
	const double a = -0.5;

	if (x < 0.0)
		x = -x;
	if (x < 1.0)
		return ((a + 2.0) * x - (a + 3.0)) * x * x + 1;
	if (x < 2.0)
		return (((x - 5) * x + 8) * x - 4) * a;
	return 0.0;
}

/* The windows of one axis: for output i, input from bound[2i] on,
 * bound[2i+1] taps, weights k[i * ksize ...] in fixed point. */
struct taps {
	int ksize;
	int *bound;
	int32_t *k;
};

static int
taps_make(struct taps *t, uint32_t insize, uint32_t outsize)
{
	double scale, fscale, support, center, ww, ss, *w;
	int xmin, xmax, x;
	uint32_t i;

	scale = fscale = (double)insize / outsize;
	if (fscale < 1.0)
		fscale = 1.0;
	support = 2.0 * fscale;
	t->ksize = (int)ceil(support) * 2 + 1;
	t->bound = malloc(2 * sizeof(int) * outsize);
	t->k = malloc(sizeof(int32_t) * (size_t)t->ksize * outsize);
	w = malloc(sizeof(double) * (size_t)t->ksize);
	if (t->bound == NULL || t->k == NULL || w == NULL) {
		free(w);
		return -1;
	}
	for (i = 0; i < outsize; i++) {
		center = (i + 0.5) * scale;
		ww = 0.0;
		ss = 1.0 / fscale;
		xmin = (int)(center - support + 0.5);
		if (xmin < 0)
			xmin = 0;
		xmax = (int)(center + support + 0.5);
		if (xmax > (int)insize)
			xmax = (int)insize;
		xmax -= xmin;
		for (x = 0; x < xmax; x++) {
			w[x] = bicubic((x + xmin - center + 0.5) * ss);
			ww += w[x];
		}
		for (x = 0; x < t->ksize; x++) {
			double v = 0.0;

			if (x < xmax)
				v = ww != 0.0 ? w[x] / ww : w[x];
			t->k[i * (size_t)t->ksize + (size_t)x] = (int32_t)(v < 0 ?
			    -0.5 + v * (1 << PREC) : 0.5 + v * (1 << PREC));
		}
		t->bound[2 * i] = xmin;
		t->bound[2 * i + 1] = xmax;
	}
	free(w);
	return 0;
}

static void
taps_free(struct taps *t)
{
	free(t->bound);
	free(t->k);
}

static inline unsigned char
clip8(int32_t v)
{
	v >>= PREC;		/* arithmetic, as Pillow's table index */
	return (unsigned char)(v < 0 ? 0 : v > 255 ? 255 : v);
}

/* Rows y0 .. y0 + out->h of in, resized across to out->w. */
static void
pass_h(const struct sfb_img *in, uint32_t y0, struct sfb_img *out,
    const struct taps *t)
{
	int ch = in->ch, c, x;
	uint32_t y, i;

	for (y = 0; y < out->h; y++) {
		const unsigned char *row = in->px +
		    (size_t)(y + y0) * in->w * (size_t)ch;
		unsigned char *o = out->px + (size_t)y * out->w * (size_t)ch;

		for (i = 0; i < out->w; i++) {
			const int32_t *k = t->k + i * (size_t)t->ksize;
			const unsigned char *p = row +
			    (size_t)t->bound[2 * i] * (size_t)ch;
			int n = t->bound[2 * i + 1];

			for (c = 0; c < ch; c++) {
				int32_t ss = 1 << (PREC - 1);

				for (x = 0; x < n; x++)
					ss += p[x * ch + c] * k[x];
				o[i * (size_t)ch + (size_t)c] = clip8(ss);
			}
		}
	}
}

/* in resized down to out->h rows; t's bounds are relative to in's rows. */
static void
pass_v(const struct sfb_img *in, struct sfb_img *out, const struct taps *t)
{
	size_t rowlen = (size_t)in->w * (size_t)in->ch, j;
	uint32_t i;
	int y;

	for (i = 0; i < out->h; i++) {
		const int32_t *k = t->k + i * (size_t)t->ksize;
		const unsigned char *p = in->px +
		    (size_t)t->bound[2 * i] * rowlen;
		int n = t->bound[2 * i + 1];
		unsigned char *o = out->px + i * rowlen;

		for (j = 0; j < rowlen; j++) {
			int32_t ss = 1 << (PREC - 1);

			for (y = 0; y < n; y++)
				ss += p[(size_t)y * rowlen + j] * k[y];
			o[j] = clip8(ss);
		}
	}
}

int
sfb_img_resize(const struct sfb_img *in, uint32_t w, uint32_t h,
    struct sfb_img *out)
{
	struct taps th = {0}, tv = {0};
	struct sfb_img tmp = {0};
	const struct sfb_img *src = in;
	int need_h = w != in->w, need_v = h != in->h, st = -1;
	uint32_t first, last, i;

	if (w == 0 || h == 0)
		return -1;
	if (!need_h && !need_v) {
		if (sfb_img_alloc(out, w, h, in->ch) < 0)
			return -1;
		memcpy(out->px, in->px, (size_t)w * h * (size_t)in->ch);
		return 0;
	}
	if (taps_make(&th, in->w, w) < 0 || taps_make(&tv, in->h, h) < 0)
		goto out;
	if (need_h) {
		/* only the rows the vertical pass reads */
		first = (uint32_t)tv.bound[0];
		last = (uint32_t)(tv.bound[2 * h - 2] + tv.bound[2 * h - 1]);
		for (i = 0; i < h; i++)
			tv.bound[2 * i] -= (int)first;
		if (sfb_img_alloc(need_v ? &tmp : out, w, last - first,
		    in->ch) < 0)
			goto out;
		pass_h(in, first, need_v ? &tmp : out, &th);
		src = &tmp;
	}
	if (need_v) {
		if (sfb_img_alloc(out, src->w, h, in->ch) < 0)
			goto out;
		pass_v(src, out, &tv);
	}
	st = 0;
out:
	taps_free(&th);
	taps_free(&tv);
	sfb_img_free(&tmp);
	return st;
}
