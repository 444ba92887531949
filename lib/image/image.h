/* image.h - the image area: images read, converted and resized exactly as
 * Pillow 9.4 does it, so that numbers computed from them (SPEC 14) equal
 * the reference's.  Uses core only.
 *
 * An image here is 8-bit, either gray ("L", one byte per pixel) or "RGB"
 * (three bytes per pixel, interleaved), rows top to bottom without padding.
 * Decoding goes straight to the mode asked for, by Pillow's rules:
 *
 *   - PNG of every colour type and depth (libspng), JPEG (libjpeg-turbo,
 *     gray or YCbCr); no EXIF orientation, no ICC, no gamma.
 *   - to L: (19595 R + 38470 G + 7471 B + 32768) >> 16, alpha dropped, not
 *     composited; palette colours by the same formula (indices past the
 *     palette read Pillow's gray ramp); 1-bit gray 0 or 255; 2- and 4-bit
 *     gray times 85 and 17; 16-bit gray clipped to 0..255 (Pillow opens it
 *     as mode I); 16-bit RGB, RGBA and gray+alpha keep their high byte.
 *   - to RGB: gray copied to the three channels, by the same rules.
 *
 * Ownership: a struct sfb_img owns its pixels; sfb_img_free releases them
 * and leaves an empty image (free of an empty image is a no-op).  A struct
 * sfb_img that is written to may hold pixels already: its storage is
 * reused.  Errors come back as SFB_EXIT_USAGE with a short reason in
 * err->msg ("not a PNG or JPEG image", "truncated PNG file", ...); the
 * caller adds the image's name. */
#ifndef SFB_IMAGE_H
#define SFB_IMAGE_H

#include <stddef.h>
#include <stdint.h>

#include "core/buf.h"
#include "core/err.h"

enum sfb_img_mode {
	SFB_IMG_L = 1,		/* 8-bit gray */
	SFB_IMG_RGB = 3,	/* 8-bit R, G, B */
};

struct sfb_img {
	uint32_t w, h;
	int ch;			/* an enum sfb_img_mode: bytes per pixel */
	unsigned char *px;	/* w * h * ch bytes */
	size_t cap;		/* bytes allocated at px */
};

/* Pillow refuses images above twice its MAX_IMAGE_PIXELS
 * (DecompressionBombError); so does sfb. */
#define SFB_IMG_MAX_PIXELS 178956970u

void sfb_img_free(struct sfb_img *img);

/* Make img a w x h image of mode ch (pixels undefined).  0, or -1 when out
 * of memory or w * h * ch does not fit. */
int sfb_img_alloc(struct sfb_img *img, uint32_t w, uint32_t h, int ch);

/* Decode the PNG or JPEG file in data[0..n) to mode ch.  Images of more than
 * max_pixels pixels are refused before their pixels are read.  0, or
 * SFB_EXIT_USAGE with err->msg set. */
int sfb_img_decode(const void *data, size_t n, int ch, uint64_t max_pixels,
    struct sfb_img *img, struct sfb_err *err);

/* The two PNG decoders sfb_img_decode uses, for tests that hold them
 * against each other.  sfb_img_png_fast takes plain files only
 * (non-interlaced gray, RGB, gray+alpha or RGBA, IHDR, IDAT... and IEND
 * alone, every check passing): 0 when it decoded data, 1 when it left it to
 * sfb_img_png_spng (img's pixels are then undefined), -1 when out of
 * memory.  sfb_img_png_spng reads every PNG through libspng, as
 * sfb_img_decode (data must start with the PNG signature). */
int sfb_img_png_fast(const void *data, size_t n, int ch, uint64_t max_pixels,
    struct sfb_img *img);
int sfb_img_png_spng(const void *data, size_t n, int ch, uint64_t max_pixels,
    struct sfb_img *img, struct sfb_err *err);

/* Read the file at path and decode it (max SFB_IMG_MAX_PIXELS); a file that
 * cannot be read gives strerror's text ("No such file or directory"). */
int sfb_img_load(const char *path, int ch, struct sfb_img *img,
    struct sfb_err *err);

/* Pillow's Image.resize((w, h)) with its default filter for L and RGB:
 * fixed-point BICUBIC (Resample.c), the horizontal pass first, each pass
 * only when that size changes; the same size copies.  out must not be in.
 * 0, or -1 when out of memory (or w or h is 0). */
int sfb_img_resize(const struct sfb_img *in, uint32_t w, uint32_t h,
    struct sfb_img *out);

/* Append img as an 8-bit gray or RGB PNG file to out, deflated at zlib
 * level 0 to 9; level 0 also leaves the rows unfiltered, so the pixels
 * stand in the file as they are.  0, or SFB_EXIT_USAGE with err->msg set. */
int sfb_img_png_encode(const struct sfb_img *img, int level,
    struct sfb_buf *out, struct sfb_err *err);

/* sfb_img_png_encode into the file at path (replaced if it exists). */
int sfb_img_save_png(const char *path, const struct sfb_img *img, int level,
    struct sfb_err *err);

#endif
