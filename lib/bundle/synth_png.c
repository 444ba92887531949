/*
 * Hand-written grayscale PNG encoder for the synthetic counterfactual
 * images (see synth_png.h).
 */
#include "bundle/synth_png.h"

#include <stdlib.h>
#include <string.h>

#include "bundle/synth_rng.h"

static uint32_t
crc32_update(uint32_t crc, const unsigned char *p, size_t n)
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

static void
put_be32(struct sfb_sbuf *b, uint32_t v)
{
	unsigned char x[4] = { v >> 24, v >> 16, v >> 8, v };

	sfb_sbuf_put(b, x, 4);
}

static void
chunk(struct sfb_sbuf *b, const char *type, const unsigned char *data,
    size_t n)
{
	uint32_t crc;

	put_be32(b, (uint32_t)n);
	sfb_sbuf_put(b, type, 4);
	sfb_sbuf_put(b, data, n);
	crc = crc32_update(0, (const unsigned char *)type, 4);
	crc = crc32_update(crc, data, n);
	put_be32(b, crc);
}

void
sfb_png_spine(struct sfb_sbuf *b, uint32_t width, uint32_t height,
    uint64_t key)
{
	static const unsigned char sig[8] = { 0x89, 'P', 'N', 'G', '\r', '\n',
	    0x1a, '\n' };
	struct sfb_srng r = { key };
	struct sfb_sbuf raw, z;
	unsigned char ihdr[13];
	uint32_t x, y, a = 1, bb = 0;
	size_t i, off, n;

	sfb_sbuf_init(&raw);
	sfb_sbuf_init(&z);
	for (y = 0; y < height; y++) {
		sfb_sbuf_putc(&raw, 0);	/* filter type None */
		for (x = 0; x < width; x++) {
			int dx = (int)x - (int)width / 2;
			int v = 40 + (int)(sfb_srng_next(&r) % 24);
			/* a bright vertebral column with darker disc gaps */
			if (dx * dx < (int)(width * width / 16))
				v += (y % 8 < 6) ? 150 : 60;
			sfb_sbuf_putc(&raw, (char)(v > 255 ? 255 : v));
		}
	}
	sfb_sbuf_putc(&z, 0x78);
	sfb_sbuf_putc(&z, 0x01);
	for (off = 0; off < raw.len || off == 0; off += n) {
		unsigned char h[5];
		n = raw.len - off > 65535 ? 65535 : raw.len - off;
		h[0] = off + n >= raw.len;
		h[1] = n & 0xff;
		h[2] = n >> 8;
		h[3] = ~n & 0xff;
		h[4] = (~n >> 8) & 0xff;
		sfb_sbuf_put(&z, h, 5);
		sfb_sbuf_put(&z, raw.p + off, n);
		if (n == 0)
			break;
	}
	for (i = 0; i < raw.len; i++) {
		a = (a + (unsigned char)raw.p[i]) % 65521;
		bb = (bb + a) % 65521;
	}
	put_be32(&z, (bb << 16) | a);

	sfb_sbuf_put(b, sig, sizeof sig);
	ihdr[0] = width >> 24; ihdr[1] = width >> 16; ihdr[2] = width >> 8; ihdr[3] = width;
	ihdr[4] = height >> 24; ihdr[5] = height >> 16; ihdr[6] = height >> 8; ihdr[7] = height;
	ihdr[8] = 8;	/* bit depth */
	ihdr[9] = 0;	/* grayscale */
	ihdr[10] = ihdr[11] = ihdr[12] = 0;
	chunk(b, "IHDR", ihdr, sizeof ihdr);
	if (!z.failed)
		chunk(b, "IDAT", (const unsigned char *)z.p, z.len);
	else
		b->failed = 1;
	chunk(b, "IEND", NULL, 0);
	sfb_sbuf_release(&raw);
	sfb_sbuf_release(&z);
}
