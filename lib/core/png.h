/* png.h - the container of 8-bit PNG files, written by hand: signature,
 * IHDR, one IDAT, IEND, each chunk with its CRC-32.
 *
 * The IDAT payload is a zlib stream the caller supplies: sfb_png_stored
 * makes one from stored (uncompressed) deflate blocks, so a program can
 * write PNG files without zlib; a program that links zlib may compress
 * instead (sfb-generate does, to write the reference's very bytes).
 *
 * Every function appends to out and returns 0, or -1 when memory ran out
 * (out may then hold part of the file). */
#ifndef SFB_PNG_H
#define SFB_PNG_H

#include <stddef.h>
#include <stdint.h>

#include "core/buf.h"

enum sfb_png_color {
	SFB_PNG_GRAY = 0,	/* one byte per pixel */
	SFB_PNG_RGB = 2,	/* three */
};

/* CRC-32 (ISO 3309, as PNG and zlib use it) of p[0..n) continued from crc
 * (0 to start). */
uint32_t sfb_png_crc32(uint32_t crc, const unsigned char *p, size_t n);

/* The scanlines of w x h pixels of color: each row of pix prefixed with
 * the filter byte 0 (None), the bytes a PNG's zlib stream holds. */
int sfb_png_rows(struct sfb_buf *out, const unsigned char *pix, uint32_t w,
    uint32_t h, enum sfb_png_color color);

/* A zlib stream of raw[0..n) in stored deflate blocks, Adler-32 at the
 * end. */
int sfb_png_stored(struct sfb_buf *out, const unsigned char *raw, size_t n);

/* A whole PNG file: an 8-bit w x h image of color whose zlib stream is
 * z[0..zn). */
int sfb_png_file(struct sfb_buf *out, uint32_t w, uint32_t h,
    enum sfb_png_color color, const unsigned char *z, size_t zn);

#endif
