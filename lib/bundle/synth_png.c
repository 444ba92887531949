/*
 * The synthetic counterfactual images of sfb-synth: a picture drawn from a
 * key, written as a stored-deflate PNG by core/png.h (see synth_png.h).
 */
#include "bundle/synth_png.h"

#include <stdlib.h>

#include "bundle/synth_rng.h"
#include "core/png.h"

void
sfb_png_spine(struct sfb_sbuf *b, uint32_t width, uint32_t height,
    uint64_t key)
{
	struct sfb_srng r = { key };
	struct sfb_buf raw = { 0 }, z = { 0 }, file = { 0 };
	unsigned char *pix = malloc((size_t)width * height + 1);
	uint32_t x, y;
	int failed = pix == NULL;

	for (y = 0; !failed && y < height; y++) {
		for (x = 0; x < width; x++) {
			int dx = (int)x - (int)width / 2;
			int v = 40 + (int)(sfb_srng_next(&r) % 24);
			/* a bright vertebral column with darker disc gaps */
			if (dx * dx < (int)(width * width / 16))
				v += (y % 8 < 6) ? 150 : 60;
			pix[(size_t)y * width + x] = (unsigned char)(v > 255 ? 255 : v);
		}
	}
	if (failed || sfb_png_rows(&raw, pix, width, height, SFB_PNG_GRAY) < 0 ||
	    sfb_png_stored(&z, (unsigned char *)raw.p, raw.len) < 0 ||
	    sfb_png_file(&file, width, height, SFB_PNG_GRAY,
	    (unsigned char *)z.p, z.len) < 0)
		b->failed = 1;
	else
		sfb_sbuf_put(b, file.p, file.len);
	free(pix);
	sfb_buf_free(&raw);
	sfb_buf_free(&z);
	sfb_buf_free(&file);
}
