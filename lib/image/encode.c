/* encode.c - 8-bit gray and RGB images written as PNG files (libspng's
 * encoder). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <spng.h>

#include "image/image.h"

int
sfb_img_png_encode(const struct sfb_img *img, int level,
    struct sfb_buf *out, struct sfb_err *err)
{
	struct spng_ihdr ih;
	spng_ctx *enc;
	void *png = NULL;
	size_t len = 0;
	int rc, st = 0;

	if ((enc = spng_ctx_new(SPNG_CTX_ENCODER)) == NULL)
		return sfb_err_set(err, SFB_EXIT_USAGE, "out of memory");
	memset(&ih, 0, sizeof(ih));
	ih.width = img->w;
	ih.height = img->h;
	ih.bit_depth = 8;
	ih.color_type = img->ch == SFB_IMG_L ? SPNG_COLOR_TYPE_GRAYSCALE :
	    SPNG_COLOR_TYPE_TRUECOLOR;
	if ((rc = spng_set_option(enc, SPNG_ENCODE_TO_BUFFER, 1)) != 0 ||
	    (rc = spng_set_option(enc, SPNG_IMG_COMPRESSION_LEVEL,
	    level)) != 0 ||
	    (level == 0 && (rc = spng_set_option(enc, SPNG_FILTER_CHOICE,
	    SPNG_DISABLE_FILTERING)) != 0) ||
	    (rc = spng_set_ihdr(enc, &ih)) != 0 ||
	    (rc = spng_encode_image(enc, img->px,
	    (size_t)img->w * img->h * (size_t)img->ch, SPNG_FMT_PNG,
	    SPNG_ENCODE_FINALIZE)) != 0 ||
	    (png = spng_get_png_buffer(enc, &len, &rc)) == NULL) {
		st = sfb_err_set(err, SFB_EXIT_USAGE, "cannot encode PNG: %s",
		    spng_strerror(rc));
	} else if (sfb_buf_put(out, png, len) < 0) {
		st = sfb_err_set(err, SFB_EXIT_USAGE, "out of memory");
	}
	free(png);
	spng_ctx_free(enc);
	return st;
}

int
sfb_img_save_png(const char *path, const struct sfb_img *img, int level,
    struct sfb_err *err)
{
	struct sfb_buf b = {0};
	FILE *f;
	int st;

	if ((st = sfb_img_png_encode(img, level, &b, err)) != 0)
		return st;
	if ((f = fopen(path, "wb")) == NULL) {
		st = errno;
		sfb_buf_free(&b);
		return sfb_err_set(err, SFB_EXIT_USAGE, "%s", strerror(st));
	}
	errno = 0;
	if (fwrite(b.p, 1, b.len, f) != b.len || fflush(f) != 0) {
		st = errno ? errno : EIO;
		fclose(f);
		sfb_buf_free(&b);
		return sfb_err_set(err, SFB_EXIT_USAGE, "%s", strerror(st));
	}
	sfb_buf_free(&b);
	if (fclose(f) != 0)
		return sfb_err_set(err, SFB_EXIT_USAGE, "%s", strerror(errno));
	return 0;
}
