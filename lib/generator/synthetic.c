/* synthetic.c - the dry run's synthetic image (synthetic.h). */
#include "generator/synthetic.h"

#include <zlib.h>

#include "core/png.h"

void
sfb_gen_synthetic_pixels(unsigned char *pix)
{
	int n = SFB_GEN_SYNTH_SIZE, x, y;

	for (y = 0; y < n; y++)
		for (x = 0; x < n; x++) {
			/* int(40 + 120 * (y / 127)) in doubles, as Python. */
			int v = (int)(40 + 120 * ((double)y / (n - 1)));

			if ((x > n / 2 ? x - n / 2 : n / 2 - x) < 10)
				v += 90;
			pix[y * n + x] = (unsigned char)(v > 255 ? 255 : v);
		}
}

int
sfb_gen_synthetic_png(struct sfb_buf *out)
{
	unsigned char pix[SFB_GEN_SYNTH_SIZE * SFB_GEN_SYNTH_SIZE];
	struct sfb_buf raw = { 0 }, z = { 0 };
	uLongf zn;
	int r = -1;

	sfb_gen_synthetic_pixels(pix);
	if (sfb_png_rows(&raw, pix, SFB_GEN_SYNTH_SIZE, SFB_GEN_SYNTH_SIZE,
	    SFB_PNG_GRAY) < 0)
		goto done;
	zn = compressBound(raw.len);
	if (sfb_buf_reserve(&z, zn) < 0)
		goto done;
	if (compress2((Bytef *)z.p, &zn, (const Bytef *)raw.p, raw.len,
	    Z_DEFAULT_COMPRESSION) != Z_OK)
		goto done;
	r = sfb_png_file(out, SFB_GEN_SYNTH_SIZE, SFB_GEN_SYNTH_SIZE,
	    SFB_PNG_GRAY, (const unsigned char *)z.p, zn);
done:
	sfb_buf_free(&raw);
	sfb_buf_free(&z);
	return r;
}
