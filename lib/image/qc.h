/* qc.h - the reference's QC metrics of one image pair (SPEC 14.1,
 * generator/qc.py) and its TSXR mask blend (SPEC 14.2, generator/masks.py),
 * computed as NumPy 1.24 computes them.
 *
 * Both take images already converted and resized by image.h.  Scratch
 * memory is kept in a struct sfb_qc_work between calls (one per thread);
 * sfb_qc_work_free releases it. */
#ifndef SFB_QC_H
#define SFB_QC_H

#include <stddef.h>
#include <stdint.h>

#include "image/image.h"

struct sfb_qc {
	double ssim;		/* one global window, float64 */
	double edge;		/* edge_preservation */
	uint64_t src_edges;	/* |S|, the source's edge pixels */
	uint64_t kept;		/* |S and dilate3x3(G)| */
	float thr_src, thr_gen;	/* the edge thresholds, float32 */
};

struct sfb_qc_work {
	float *f;		/* w * h float32 values, twice */
	unsigned char *e;	/* w * h bytes: source edges, generated
				 * edges, their dilation across */
	uint32_t *hist;		/* SSIM's joint histogram, 65536 counts */
	size_t cap;		/* pixels allocated */
	float level[256];	/* the reference's float32 v / 255 */
	float thr_src;		/* the last source's edge threshold */
	int plain;		/* set: the plain loops only, never AVX2 (the
				 * same bits; for tests) */
};

void sfb_qc_work_free(struct sfb_qc_work *w);

/* The metrics of source a and generated b, both L of the same size.
 * 0, or -1 when out of memory. */
int sfb_qc_compute(const struct sfb_img *a, const struct sfb_img *b,
    struct sfb_qc_work *w, struct sfb_qc *out);

/* sfb_qc_compute with the source's edge map and threshold kept from
 * the last sfb_qc_compute on w with the same source a: when one source has
 * several generated images, its edges are found once. */
int sfb_qc_against(const struct sfb_img *a, const struct sfb_img *b,
    struct sfb_qc_work *w, struct sfb_qc *out);

/* NumPy 1.24's float32 sum of a[0..n) over a whole contiguous array:
 * pairwise sums (blocks of 128, eight accumulators) of each 8192-element
 * buffer, buffer sums added in order.  sfb_f32_sum runs the eight
 * accumulators as the lanes of an AVX2 vector when the CPU has it;
 * sfb_f32_sum_plain never does.  The same bits. */
float sfb_f32_sum(const float *a, size_t n);
float sfb_f32_sum_plain(const float *a, size_t n);

/* The edge map of L image img as the reference's _edge_map gives it:
 * e[i] = 1 where the float32 gradient magnitude exceeds max(mean + std,
 * 1e-6).  w is a work area grown for img's pixels by an sfb_qc_compute
 * of that size (or larger); afterwards w->f + w h holds the magnitudes.
 * Returns the threshold, as float32. */
float sfb_qc_edges(const struct sfb_img *img, struct sfb_qc_work *w,
    unsigned char *e);

/* The reference's blend, in place on gen: where mask (L, binary at >= 128)
 * is set, out = gen (1 - m b) + src m b in float32 without FMA, clamped
 * and truncated; elsewhere gen unchanged.  src and gen RGB (or both L), all
 * three of one size. */
void sfb_mask_blend(const struct sfb_img *src, struct sfb_img *gen,
    const struct sfb_img *mask, float blend);

#endif
