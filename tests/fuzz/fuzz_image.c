/* fuzz_image.c - libFuzzer target for the image decoders (PNG through
 * libspng, JPEG through libjpeg-turbo) and what follows them in sfb-qc and
 * sfb-mask-blend.
 *
 * Any bytes.  Whatever decodes must decode to both modes with one size,
 * the gray image being Pillow's gray of the RGB one pixel for pixel; a
 * bicubic resize, the QC of the image against itself (SSIM 1, every edge
 * kept) and a blend must stay in bounds; the PNG written must read back
 * to the same pixels; where the fast PNG path takes a file, libspng must
 * give the same pixels.  Any difference aborts. */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "image/image.h"
#include "image/qc.h"

/* Small enough that the fuzzer never runs out of memory. */
#define MAX_PIXELS (1u << 18)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct sfb_img l = {0}, rgb = {0}, r = {0}, back = {0};
	struct sfb_qc_work w = {0};
	struct sfb_buf png = {0};
	struct sfb_err err = {0};
	struct sfb_qc q;
	size_t i, n;
	int st;

	if (size >= 8 && memcmp(data, "\x89PNG\r\n\x1a\n", 8) == 0 &&
	    sfb_img_png_fast(data, size, SFB_IMG_RGB, MAX_PIXELS, &rgb) == 0 &&
	    (sfb_img_png_spng(data, size, SFB_IMG_RGB, MAX_PIXELS, &back,
	    &err) != 0 || back.w != rgb.w || back.h != rgb.h ||
	    memcmp(back.px, rgb.px, (size_t)rgb.w * rgb.h * 3) != 0))
		abort();
	st = sfb_img_decode(data, size, SFB_IMG_L, MAX_PIXELS, &l, &err);
	if (sfb_img_decode(data, size, SFB_IMG_RGB, MAX_PIXELS, &rgb,
	    &err) != st)
		abort();
	if (st != 0)
		goto out;
	if (l.w != rgb.w || l.h != rgb.h || l.ch != 1 || rgb.ch != 3)
		abort();
	n = (size_t)l.w * l.h;
	for (i = 0; i < n; i++) {
		const unsigned char *p = rgb.px + 3 * i;

		if (l.px[i] != (p[0] * 19595u + p[1] * 38470u +
		    p[2] * 7471u + 0x8000) >> 16)
			abort();
	}
	if (sfb_img_resize(&rgb, l.w % 7 + 1, l.h % 5 + 1, &r) != 0 ||
	    sfb_img_resize(&l, l.h % 9 + 1, l.w % 11 + 1, &r) != 0)
		abort();
	if (sfb_qc_compute(&l, &l, &w, &q) != 0 || q.edge != 1.0 ||
	    fabs(q.ssim - 1.0) > 1e-9)
		abort();
	sfb_mask_blend(&rgb, &rgb, &l, 0.7f);
	if (sfb_img_png_encode(&rgb, (int)(size % 10), &png, &err) != 0 ||
	    sfb_img_decode(png.p, png.len, SFB_IMG_RGB, MAX_PIXELS, &back,
	    &err) != 0 || back.w != rgb.w || back.h != rgb.h ||
	    memcmp(back.px, rgb.px, 3 * n) != 0)
		abort();
out:
	sfb_img_free(&l);
	sfb_img_free(&rgb);
	sfb_img_free(&r);
	sfb_img_free(&back);
	sfb_qc_work_free(&w);
	sfb_buf_free(&png);
	return 0;
}
