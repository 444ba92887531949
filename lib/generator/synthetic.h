/* synthetic.h - the dry run's synthetic source image
 * (scripts/run_generator_smoke_test.py): 128 x 128 8-bit gray, a vertical
 * gradient from 40 to 160 with a band 20 pixels wide 90 brighter down the
 * middle.  Pixel (x, y) = min(255, int(40 + 120 * (y / 127)) + (90 if
 * |x - 64| < 10)).
 *
 * The file is the reference's byte for byte: its one IDAT holds zlib's
 * compress() of the scanlines at the default level, as Python's
 * zlib.compress writes it (with the same zlib, the same bytes). */
#ifndef SFB_GEN_SYNTHETIC_H
#define SFB_GEN_SYNTHETIC_H

#include "core/buf.h"

#define SFB_GEN_SYNTH_SIZE 128

/* The pixels, row by row: SFB_GEN_SYNTH_SIZE squared bytes. */
void sfb_gen_synthetic_pixels(unsigned char *pix);

/* Append the PNG file to out; 0, or -1 when memory ran out. */
int sfb_gen_synthetic_png(struct sfb_buf *out);

#endif
