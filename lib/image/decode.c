/* decode.c - PNG (libspng) and JPEG (libjpeg-turbo) files to 8-bit L or
 * RGB, converted as Pillow 9.4 opens and converts them (image.h). */
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#if defined(__SSE2__) && !defined(SFB_SCALAR)
#include <emmintrin.h>
#endif
#include <jpeglib.h>
#include <libdeflate.h>
#include <spng.h>

#include "image/image.h"

/* Pillow's gray of an RGB colour (Convert.c, L24). */
static inline unsigned char
gray24(unsigned r, unsigned g, unsigned b)
{
	return (unsigned char)((r * 19595 + g * 38470 + b * 7471 + 0x8000) >> 16);
}

void
sfb_img_free(struct sfb_img *img)
{
	free(img->px);
	memset(img, 0, sizeof(*img));
}

int
sfb_img_alloc(struct sfb_img *img, uint32_t w, uint32_t h, int ch)
{
	size_t need;
	unsigned char *p;

	if (w != 0 && (size_t)h > SIZE_MAX / w / (size_t)ch)
		return -1;
	need = (size_t)w * h * (size_t)ch;
	if (need > img->cap) {
		p = realloc(img->px, need);
		if (p == NULL)
			return -1;
		img->px = p;
		img->cap = need;
	}
	img->w = w;
	img->h = h;
	img->ch = ch;
	return 0;
}

/* PNG ------------------------------------------------------------------ */

static const unsigned char png_sig[8] = {
	0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'
};

/* The (bit depth, colour type) pairs Pillow has a mode for. */
static int
png_mode_ok(unsigned depth, unsigned ctype)
{
	switch (ctype) {
	case 0: return depth == 1 || depth == 2 || depth == 4 || depth == 8 ||
		    depth == 16;
	case 3: return depth == 1 || depth == 2 || depth == 4 || depth == 8;
	case 2: case 4: case 6: return depth == 8 || depth == 16;
	}
	return 0;
}

struct png_row {
	unsigned depth, ctype;
	unsigned char pal[256][3];
};

/* One decoded row (SPNG_FMT_RAW: packed, big-endian) to mode ch. */
static void
png_row_convert(const struct png_row *pr, const unsigned char *in,
    uint32_t w, int ch, unsigned char *out)
{
	unsigned d = pr->depth, v, r, g, b;
	uint32_t x;

	for (x = 0; x < w; x++) {
		switch (pr->ctype) {
		case 0:
			if (d == 16) {
				v = (unsigned)in[2 * x] << 8 | in[2 * x + 1];
				v = v > 255 ? 255 : v;
			} else if (d == 8) {
				v = in[x];
			} else {
				v = in[x * d / 8] >> (8 - d - x * d % 8) &
				    ((1u << d) - 1);
				v *= d == 1 ? 255 : d == 2 ? 85 : 17;
			}
			r = g = b = v;
			break;
		case 3:
			if (d == 8)
				v = in[x];
			else
				v = in[x * d / 8] >> (8 - d - x * d % 8) &
				    ((1u << d) - 1);
			r = pr->pal[v][0];
			g = pr->pal[v][1];
			b = pr->pal[v][2];
			break;
		case 4:
			r = g = b = in[x * (d / 4)];
			break;
		case 2:
			r = in[x * (3 * d / 8)];
			g = in[x * (3 * d / 8) + d / 8];
			b = in[x * (3 * d / 8) + 2 * (d / 8)];
			break;
		default:	/* 6 */
			r = in[x * (d / 2)];
			g = in[x * (d / 2) + d / 8];
			b = in[x * (d / 2) + 2 * (d / 8)];
			break;
		}
		if (ch == SFB_IMG_L) {
			/* gray in, gray out: the formula gives v back */
			out[x] = pr->ctype == 0 || pr->ctype == 4 ?
			    (unsigned char)r : gray24(r, g, b);
		} else {
			out[3 * x] = (unsigned char)r;
			out[3 * x + 1] = (unsigned char)g;
			out[3 * x + 2] = (unsigned char)b;
		}
	}
}

/* The fast PNG path -------------------------------------------------------
 * Most images are non-interlaced gray, RGB, gray+alpha or RGBA written
 * plainly (Pillow writes IHDR, IDAT..., IEND).  Those are parsed here, the
 * IDAT data inflated at once by libdeflate and unfiltered in place; any
 * other layout, and any anomaly (a chunk other than IHDR, IDAT and IEND, a
 * bad IHDR or IEND CRC, a zlib stream that is bad, short, long or followed
 * by more data, an unknown filter, a bad CRC in any chunk), is left to
 * libspng, whose answer, pixels or error, stays the one tests pin. */

static uint32_t
be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	    (uint32_t)p[2] << 8 | p[3];
}

/* Up, sixteen bytes at a time (the compiler kept it a byte loop once
 * inlined): the rows do not overlap, and byte adds wrap as the filter's. */
static void
png_unfilter_up(unsigned char *restrict cur,
    const unsigned char *restrict prev, size_t len)
{
	size_t i = 0;

#if defined(__SSE2__) && !defined(SFB_SCALAR)
	for (; i + 16 <= len; i += 16)
		_mm_storeu_si128((void *)(cur + i), _mm_add_epi8(
		    _mm_loadu_si128((const void *)(cur + i)),
		    _mm_loadu_si128((const void *)(prev + i))));
#endif
	for (; i < len; i++)
		cur[i] = (unsigned char)(cur[i] + prev[i]);
}

/* Sub with one byte a pixel, a prefix sum of bytes: sixteen at a time by
 * four shifted adds (byte adds wrap, and wrapping adds may be regrouped),
 * then the running byte before them added to all. */
static void
png_unfilter_sub1(unsigned char *cur, size_t len)
{
	unsigned char acc = 0;
	size_t i = 0;

#if defined(__SSE2__) && !defined(SFB_SCALAR)
	for (; i + 16 <= len; i += 16) {
		__m128i x = _mm_loadu_si128((const void *)(cur + i));

		x = _mm_add_epi8(x, _mm_slli_si128(x, 1));
		x = _mm_add_epi8(x, _mm_slli_si128(x, 2));
		x = _mm_add_epi8(x, _mm_slli_si128(x, 4));
		x = _mm_add_epi8(x, _mm_slli_si128(x, 8));
		x = _mm_add_epi8(x, _mm_set1_epi8((char)acc));
		_mm_storeu_si128((void *)(cur + i), x);
		acc = (unsigned char)(_mm_extract_epi16(x, 7) >> 8);
	}
#endif
	for (; i < len; i++)
		cur[i] = acc = (unsigned char)(acc + cur[i]);
}

/* Undo the filter of row cur (len bytes, bpp bytes per pixel) given the
 * row above, prev (zeros for the first row).  -1 for an unknown filter. */
static int
png_unfilter(unsigned filter, unsigned char *cur, const unsigned char *prev,
    size_t len, size_t bpp)
{
	size_t i;

	switch (filter) {
	case 0:
		break;
	case 1:
		/* one byte a pixel: a running sum */
		if (bpp == 1) {
			png_unfilter_sub1(cur, len);
			break;
		}
		for (i = bpp; i < len; i++)
			cur[i] = (unsigned char)(cur[i] + cur[i - bpp]);
		break;
	case 2:
		png_unfilter_up(cur, prev, len);
		break;
	case 3:
		for (i = 0; i < bpp && i < len; i++)
			cur[i] = (unsigned char)(cur[i] + (prev[i] >> 1));
		for (; i < len; i++)
			cur[i] = (unsigned char)(cur[i] +
			    ((cur[i - bpp] + prev[i]) >> 1));
		break;
	case 4:
		for (i = 0; i < bpp && i < len; i++)
			cur[i] = (unsigned char)(cur[i] + prev[i]);
		for (; i < len; i++) {
			int a = cur[i - bpp], b = prev[i], c = prev[i - bpp];
			int pa = abs(b - c), pb = abs(a - c),
			    pc = abs(a + b - 2 * c);
			int pr = pa <= pb && pa <= pc ? a : pb <= pc ? b : c;

			cur[i] = (unsigned char)(cur[i] + pr);
		}
		break;
	default:
		return -1;
	}
	return 0;
}

int
sfb_img_png_fast(const void *data, size_t n, int ch, uint64_t max_pixels,
    struct sfb_img *img)
{
	static const unsigned char chans[7] = {1, 0, 3, 0, 2, 0, 4};
	const unsigned char *d = data, *ihdr;
	struct libdeflate_decompressor *dc = NULL;
	struct png_row pr;
	unsigned char *z = NULL, *raw = NULL, *zero = NULL;
	size_t p, len, zlen = 0, rowlen, bpp, rawlen, used, got;
	uint32_t w, h, y;
	int st = 1;

	if (n < 8 + 25 || memcmp(d, png_sig, 8) != 0 ||
	    be32(d + 8) != 13 || memcmp(d + 12, "IHDR", 4) != 0 ||
	    libdeflate_crc32(0, d + 12, 17) != be32(d + 29))
		return 1;
	ihdr = d + 16;
	w = be32(ihdr);
	h = be32(ihdr + 4);
	pr.depth = ihdr[8];
	pr.ctype = ihdr[9];
	if (w == 0 || h == 0 || w > 0x7fffffffu || h > 0x7fffffffu ||
	    (uint64_t)w * h > max_pixels || pr.ctype > 6 ||
	    chans[pr.ctype] == 0 || !png_mode_ok(pr.depth, pr.ctype) ||
	    ihdr[10] != 0 || ihdr[11] != 0 || ihdr[12] != 0)
		return 1;
	/* IDAT chunks, one after the other, then IEND and the file's end */
	for (p = 33; ; p += 12 + len) {
		if (n - p < 12)
			return 1;
		len = be32(d + p);
		if (len > 0x7fffffffu || n - p - 12 < len)
			return 1;
		if (memcmp(d + p + 4, "IDAT", 4) != 0)
			break;
		/* Pillow reads past a bad IDAT CRC; libspng refuses one
		 * before the last IDAT: its answer stands */
		if (libdeflate_crc32(0, d + p + 4, len + 4) !=
		    be32(d + p + 8 + len))
			return 1;
		zlen += len;
	}
	if (p == 33 || len != 0 || memcmp(d + p + 4, "IEND", 4) != 0 ||
	    p + 12 != n || libdeflate_crc32(0, d + p + 4, 4) != be32(d + p + 8))
		return 1;
	bpp = chans[pr.ctype] * pr.depth;
	rowlen = ((size_t)w * bpp + 7) / 8;
	bpp = (bpp + 7) / 8;
	if (rowlen + 1 > SIZE_MAX / h)
		return 1;
	rawlen = (rowlen + 1) * h;
	st = -1;
	if ((z = malloc(zlen ? zlen : 1)) == NULL ||
	    (raw = malloc(rawlen)) == NULL ||
	    (zero = calloc(1, rowlen)) == NULL ||
	    (dc = libdeflate_alloc_decompressor()) == NULL ||
	    sfb_img_alloc(img, w, h, ch) < 0)
		goto out;
	zlen = 0;
	for (p = 33; memcmp(d + p + 4, "IDAT", 4) == 0; p += 12 + len) {
		len = be32(d + p);
		memcpy(z + zlen, d + p + 8, len);
		zlen += len;
	}
	st = 1;
	if (libdeflate_zlib_decompress_ex(dc, z, zlen, raw, rawlen, &used,
	    &got) != LIBDEFLATE_SUCCESS || used != zlen || got != rawlen)
		goto out;
	for (y = 0; y < h; y++) {
		unsigned char *r = raw + (size_t)y * (rowlen + 1);
		unsigned char *o = img->px + (size_t)y * w * (size_t)ch;

		if (png_unfilter(r[0], r + 1, y ? r - rowlen : zero, rowlen,
		    bpp) < 0)
			goto out;
		if (pr.depth == 8 && ((pr.ctype == 0 && ch == SFB_IMG_L) ||
		    (pr.ctype == 2 && ch == SFB_IMG_RGB)))
			memcpy(o, r + 1, rowlen);
		else
			png_row_convert(&pr, r + 1, w, ch, o);
	}
	st = 0;
out:
	libdeflate_free_decompressor(dc);
	free(z);
	free(raw);
	free(zero);
	return st;
}

static int
png_fail(struct sfb_err *err, int rc)
{
	/* The decoder ran past the end of the bytes it was given. */
	if (rc == SPNG_IO_EOF || rc == SPNG_EIO || rc == SPNG_EOF)
		return sfb_err_set(err, SFB_EXIT_USAGE, "truncated PNG file");
	return sfb_err_set(err, SFB_EXIT_USAGE, "bad PNG file: %s",
	    spng_strerror(rc));
}

int
sfb_img_png_spng(const void *data, size_t n, int ch, uint64_t max_pixels,
    struct sfb_img *img, struct sfb_err *err)
{
	const unsigned char *d = data;
	struct png_row pr;
	struct spng_ihdr ih;
	struct spng_plte plte;
	spng_ctx *ctx;
	unsigned char *raw = NULL;
	size_t rawlen, rowlen;
	uint32_t i, y;
	int rc, st = 0, direct;

	if (n < 33 || memcmp(d + 12, "IHDR", 4) != 0)
		return sfb_err_set(err, SFB_EXIT_USAGE, "truncated PNG file");
	if (!png_mode_ok(d[24], d[25]))
		return sfb_err_set(err, SFB_EXIT_USAGE,
		    "unsupported PNG mode: bit depth %u, colour type %u",
		    d[24], d[25]);
	ctx = spng_ctx_new(0);
	if (ctx == NULL)
		return sfb_err_set(err, SFB_EXIT_USAGE, "out of memory");
	/* Pillow checks the CRC of every chunk before the image data,
	 * ancillary ones too, and of none after (libspng reads none) */
	if ((rc = spng_set_crc_action(ctx, SPNG_CRC_ERROR,
	    SPNG_CRC_ERROR)) != 0 ||
	    (rc = spng_set_png_buffer(ctx, d, n)) != 0 ||
	    (rc = spng_get_ihdr(ctx, &ih)) != 0) {
		st = png_fail(err, rc);
		goto out;
	}
	if ((uint64_t)ih.width * ih.height > max_pixels) {
		st = sfb_err_set(err, SFB_EXIT_USAGE,
		    "image too large: %u x %u pixels", ih.width, ih.height);
		goto out;
	}
	pr.depth = ih.bit_depth;
	pr.ctype = ih.color_type;
	if (pr.ctype == 3) {
		if ((rc = spng_get_plte(ctx, &plte)) != 0) {
			st = rc == SPNG_ECHUNKAVAIL ? sfb_err_set(err,
			    SFB_EXIT_USAGE, "PNG palette missing") :
			    png_fail(err, rc);
			goto out;
		}
		for (i = 0; i < 256; i++) {
			/* Pillow's palette starts as a gray ramp */
			pr.pal[i][0] = pr.pal[i][1] = pr.pal[i][2] =
			    (unsigned char)i;
			if (i < plte.n_entries) {
				pr.pal[i][0] = plte.entries[i].red;
				pr.pal[i][1] = plte.entries[i].green;
				pr.pal[i][2] = plte.entries[i].blue;
			}
		}
	}
	if (sfb_img_alloc(img, ih.width, ih.height, ch) < 0) {
		st = sfb_err_set(err, SFB_EXIT_USAGE, "out of memory");
		goto out;
	}
	if ((rc = spng_decoded_image_size(ctx, SPNG_FMT_RAW, &rawlen)) != 0) {
		st = png_fail(err, rc);
		goto out;
	}
	/* 8-bit gray to L and 8-bit RGB to RGB are the decoder's bytes. */
	direct = pr.depth == 8 && ((pr.ctype == 0 && ch == SFB_IMG_L) ||
	    (pr.ctype == 2 && ch == SFB_IMG_RGB));
	if (direct) {
		rc = spng_decode_image(ctx, img->px, rawlen, SPNG_FMT_RAW, 0);
		if (rc != 0)
			st = png_fail(err, rc);
		goto out;
	}
	/* zeroed: libspng ORs the samples of interlaced sub-byte images
	 * into place */
	if ((raw = calloc(1, rawlen ? rawlen : 1)) == NULL) {
		st = sfb_err_set(err, SFB_EXIT_USAGE, "out of memory");
		goto out;
	}
	if ((rc = spng_decode_image(ctx, raw, rawlen, SPNG_FMT_RAW, 0)) != 0) {
		st = png_fail(err, rc);
		goto out;
	}
	rowlen = rawlen / ih.height;
	for (y = 0; y < ih.height; y++)
		png_row_convert(&pr, raw + y * rowlen, ih.width, ch,
		    img->px + (size_t)y * ih.width * (size_t)ch);
out:
	free(raw);
	spng_ctx_free(ctx);
	return st;
}

/* JPEG ----------------------------------------------------------------- */

struct jpeg_fail {
	struct jpeg_error_mgr pub;
	jmp_buf jb;
	int truncated;
};

static void
jpeg_fail_exit(j_common_ptr cinfo)
{
	longjmp(((struct jpeg_fail *)(void *)cinfo->err)->jb, 1);
}

/* Warnings (corrupt data the decoder works around) pass, as in Pillow. */
static void
jpeg_quiet(j_common_ptr cinfo, int level)
{
	(void)cinfo;
	(void)level;
}

static const JOCTET jpeg_eoi[2] = { 0xFF, JPEG_EOI };

static void
jpeg_src_init(j_decompress_ptr cinfo)
{
	(void)cinfo;
}

/* The whole file is in the buffer: asked for more, it was cut short. */
static boolean
jpeg_src_fill(j_decompress_ptr cinfo)
{
	((struct jpeg_fail *)(void *)cinfo->err)->truncated = 1;
	cinfo->src->next_input_byte = jpeg_eoi;
	cinfo->src->bytes_in_buffer = 2;
	return TRUE;
}

static void
jpeg_src_skip(j_decompress_ptr cinfo, long k)
{
	struct jpeg_source_mgr *s = cinfo->src;

	if (k <= 0)
		return;
	if ((size_t)k > s->bytes_in_buffer) {
		jpeg_src_fill(cinfo);
		return;
	}
	s->next_input_byte += k;
	s->bytes_in_buffer -= (size_t)k;
}

static void
jpeg_src_term(j_decompress_ptr cinfo)
{
	(void)cinfo;
}

static int
jpeg_decode(const unsigned char *d, size_t n, int ch, uint64_t max_pixels,
    struct sfb_img *img, struct sfb_err *err)
{
	struct jpeg_decompress_struct ci;
	struct jpeg_fail jf;
	struct jpeg_source_mgr src;
	unsigned char *volatile row = NULL;
	char msg[JMSG_LENGTH_MAX];
	int gray;
	uint32_t x;

	memset(&ci, 0, sizeof(ci));
	ci.err = jpeg_std_error(&jf.pub);
	jf.pub.error_exit = jpeg_fail_exit;
	jf.pub.emit_message = jpeg_quiet;
	jf.truncated = 0;
	if (setjmp(jf.jb)) {
		jf.pub.format_message((j_common_ptr)&ci, msg);
		jpeg_destroy_decompress(&ci);
		free(row);
		if (jf.truncated)
			return sfb_err_set(err, SFB_EXIT_USAGE,
			    "truncated JPEG file");
		return sfb_err_set(err, SFB_EXIT_USAGE, "bad JPEG file: %s",
		    msg);
	}
	jpeg_create_decompress(&ci);
	src.next_input_byte = d;
	src.bytes_in_buffer = n;
	src.init_source = jpeg_src_init;
	src.fill_input_buffer = jpeg_src_fill;
	src.skip_input_data = jpeg_src_skip;
	src.resync_to_restart = jpeg_resync_to_restart;
	src.term_source = jpeg_src_term;
	ci.src = &src;
	jpeg_read_header(&ci, TRUE);
	if (jf.truncated)
		goto truncated;
	if (ci.num_components == 1)
		ci.out_color_space = JCS_GRAYSCALE;
	else if (ci.num_components == 3)
		ci.out_color_space = JCS_RGB;
	else {
		jpeg_destroy_decompress(&ci);
		return sfb_err_set(err, SFB_EXIT_USAGE,
		    "unsupported JPEG: %d colour components",
		    ci.num_components);
	}
	if ((uint64_t)ci.image_width * ci.image_height > max_pixels) {
		jpeg_destroy_decompress(&ci);
		return sfb_err_set(err, SFB_EXIT_USAGE,
		    "image too large: %u x %u pixels", ci.image_width,
		    ci.image_height);
	}
	gray = ci.num_components == 1;
	if (sfb_img_alloc(img, ci.image_width, ci.image_height, ch) < 0 ||
	    (row = malloc((size_t)ci.image_width * 3)) == NULL) {
		jpeg_destroy_decompress(&ci);
		return sfb_err_set(err, SFB_EXIT_USAGE, "out of memory");
	}
	jpeg_start_decompress(&ci);
	while (ci.output_scanline < ci.output_height && !jf.truncated) {
		unsigned char *o = img->px +
		    (size_t)ci.output_scanline * img->w * (size_t)ch;
		JSAMPROW rp = row;

		jpeg_read_scanlines(&ci, &rp, 1);
		for (x = 0; x < img->w; x++) {
			if (gray && ch == SFB_IMG_L)
				o[x] = row[x];
			else if (gray)
				o[3 * x] = o[3 * x + 1] = o[3 * x + 2] = row[x];
			else if (ch == SFB_IMG_L)
				o[x] = gray24(row[3 * x], row[3 * x + 1],
				    row[3 * x + 2]);
			else
				memcpy(o + 3 * x, row + 3 * x, 3);
		}
	}
	if (jf.truncated)
		goto truncated;
	jpeg_finish_decompress(&ci);
	jpeg_destroy_decompress(&ci);
	free(row);
	return 0;
truncated:
	jpeg_destroy_decompress(&ci);
	free(row);
	return sfb_err_set(err, SFB_EXIT_USAGE, "truncated JPEG file");
}

int
sfb_img_decode(const void *data, size_t n, int ch, uint64_t max_pixels,
    struct sfb_img *img, struct sfb_err *err)
{
	const unsigned char *d = data;

	if (n >= 8 && memcmp(d, png_sig, 8) == 0) {
		switch (sfb_img_png_fast(d, n, ch, max_pixels, img)) {
		case 0:
			return 0;
		case -1:
			return sfb_err_set(err, SFB_EXIT_USAGE, "out of memory");
		}
		return sfb_img_png_spng(d, n, ch, max_pixels, img, err);
	}
	if (n >= 3 && d[0] == 0xFF && d[1] == 0xD8 && d[2] == 0xFF)
		return jpeg_decode(d, n, ch, max_pixels, img, err);
	return sfb_err_set(err, SFB_EXIT_USAGE, "not a PNG or JPEG image");
}

int
sfb_img_load(const char *path, int ch, struct sfb_img *img,
    struct sfb_err *err)
{
	struct stat sb;
	unsigned char *data;
	size_t got = 0;
	ssize_t r;
	int fd, st;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0)
		return sfb_err_set(err, SFB_EXIT_USAGE, "%s", strerror(errno));
	if (fstat(fd, &sb) < 0) {
		st = errno;
		close(fd);
		return sfb_err_set(err, SFB_EXIT_USAGE, "%s", strerror(st));
	}
	if (!S_ISREG(sb.st_mode)) {
		close(fd);
		return sfb_err_set(err, SFB_EXIT_USAGE, "%s",
		    S_ISDIR(sb.st_mode) ? strerror(EISDIR) :
		    "not a regular file");
	}
	if ((data = malloc(sb.st_size ? (size_t)sb.st_size : 1)) == NULL) {
		close(fd);
		return sfb_err_set(err, SFB_EXIT_USAGE, "out of memory");
	}
	errno = 0;
	while (got < (size_t)sb.st_size) {
		r = read(fd, data + got, (size_t)sb.st_size - got);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		got += (size_t)r;
	}
	st = errno;
	close(fd);
	if (got < (size_t)sb.st_size) {
		free(data);
		return sfb_err_set(err, SFB_EXIT_USAGE, "%s",
		    strerror(st ? st : EIO));
	}
	st = sfb_img_decode(data, got, ch, SFB_IMG_MAX_PIXELS, img, err);
	free(data);
	return st;
}
