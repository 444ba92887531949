/* png.c - the PNG container and stored-deflate zlib streams (png.h). */
#include "core/png.h"

uint32_t
sfb_png_crc32(uint32_t crc, const unsigned char *p, size_t n)
{
	size_t i;
	int k;

	crc = ~crc;
	for (i = 0; i < n; i++) {
		crc ^= p[i];
		for (k = 0; k < 8; k++)
			crc = (crc >> 1) ^ (0xedb88320U & (0U - (crc & 1)));
	}
	return ~crc;
}

static int
put_be32(struct sfb_buf *b, uint32_t v)
{
	unsigned char x[4] = { v >> 24, v >> 16, v >> 8, v };

	return sfb_buf_put(b, x, 4);
}

static int
chunk(struct sfb_buf *b, const char *type, const unsigned char *data,
    size_t n)
{
	uint32_t crc;

	crc = sfb_png_crc32(0, (const unsigned char *)type, 4);
	crc = sfb_png_crc32(crc, data, n);
	if (put_be32(b, (uint32_t)n) < 0 || sfb_buf_put(b, type, 4) < 0 ||
	    sfb_buf_put(b, data, n) < 0 || put_be32(b, crc) < 0)
		return -1;
	return 0;
}

int
sfb_png_rows(struct sfb_buf *out, const unsigned char *pix, uint32_t w,
    uint32_t h, enum sfb_png_color color)
{
	size_t row = (size_t)w * (color == SFB_PNG_RGB ? 3 : 1);
	uint32_t y;

	if (sfb_buf_reserve(out, (row + 1) * h) < 0)
		return -1;
	for (y = 0; y < h; y++) {
		out->p[out->len++] = 0;
		memcpy(out->p + out->len, pix + row * y, row);
		out->len += row;
	}
	return 0;
}

int
sfb_png_stored(struct sfb_buf *out, const unsigned char *raw, size_t n)
{
	uint32_t a = 1, b = 0;
	size_t i, off = 0, k;

	/* CMF/FLG: deflate, 32K window, no preset dictionary, fastest. */
	if (sfb_buf_put(out, "\x78\x01", 2) < 0)
		return -1;
	do {
		unsigned char h[5];

		k = n - off > 65535 ? 65535 : n - off;
		h[0] = off + k >= n;	/* BFINAL, BTYPE 00 */
		h[1] = k & 0xff;
		h[2] = k >> 8;
		h[3] = ~k & 0xff;
		h[4] = (~k >> 8) & 0xff;
		if (sfb_buf_put(out, h, 5) < 0 ||
		    sfb_buf_put(out, raw + off, k) < 0)
			return -1;
		off += k;
	} while (off < n);
	for (i = 0; i < n; i++) {
		a = (a + raw[i]) % 65521;
		b = (b + a) % 65521;
	}
	return put_be32(out, (b << 16) | a);
}

int
sfb_png_file(struct sfb_buf *out, uint32_t w, uint32_t h,
    enum sfb_png_color color, const unsigned char *z, size_t zn)
{
	static const unsigned char sig[8] = { 0x89, 'P', 'N', 'G', '\r', '\n',
	    0x1a, '\n' };
	unsigned char ihdr[13] = {
		w >> 24, w >> 16, w >> 8, w, h >> 24, h >> 16, h >> 8, h,
		8, (unsigned char)color, 0, 0, 0,	/* depth 8, no interlace */
	};

	if (sfb_buf_put(out, sig, sizeof sig) < 0 ||
	    chunk(out, "IHDR", ihdr, sizeof ihdr) < 0 ||
	    chunk(out, "IDAT", z, zn) < 0 || chunk(out, "IEND", NULL, 0) < 0)
		return -1;
	return 0;
}
