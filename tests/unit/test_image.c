/* test_image.c - lib/image against Pillow 9.4 and NumPy 1.24 (the golden
 * header and fixtures in tests/golden/image, written by
 * tests/gen/gen_image_golden.py): every PNG colour type and depth and JPEG
 * to L and RGB, bicubic resizes up and down at non-integer ratios and of
 * 1- and 2-pixel images, the QC metrics with their float32 thresholds, the
 * blend, the refusals, and the PNG writer read back. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "image/image.h"
#include "image/qc.h"
#include "t.h"
#include "../golden/image/image_golden.h"
#include "../golden/image/fast_golden.h"
#include "../golden/image/simd_golden.h"

#define FX "tests/golden/image/fx/"
#define FAST "tests/golden/image/fast/"
#define SIMD "tests/golden/image/simd/"
#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

static int
load(const char *name, int ch, struct sfb_img *img)
{
	char path[256];
	struct sfb_err err = {0};

	snprintf(path, sizeof(path), FX "%s", name);
	if (sfb_img_load(path, ch, img, &err) != 0) {
		t_ok(0, "%s: %s", name, err.msg);
		return -1;
	}
	return 0;
}

static void
test_convert(void)
{
	struct sfb_img img = {0};
	size_t i;

	for (i = 0; i < NELEM(conv_golden); i++) {
		const struct conv_golden *g = &conv_golden[i];
		size_t n = (size_t)g->w * g->h;

		if (load(g->file, SFB_IMG_L, &img) == 0)
			t_ok(img.w == (uint32_t)g->w && img.h == (uint32_t)g->h &&
			    img.ch == 1 && memcmp(img.px, g->l, n) == 0,
			    "%s to L", g->file);
		if (load(g->file, SFB_IMG_RGB, &img) == 0)
			t_ok(img.w == (uint32_t)g->w && img.h == (uint32_t)g->h &&
			    img.ch == 3 && memcmp(img.px, g->rgb, 3 * n) == 0,
			    "%s to RGB", g->file);
	}
	sfb_img_free(&img);
}

static void
test_bad(void)
{
	static const char *const want[] = {
		"truncated PNG file",
		"not a PNG or JPEG image",
		"unsupported PNG mode: bit depth 3, colour type 0",
		"unsupported PNG mode: bit depth 16, colour type 3",
		"truncated JPEG file",
		"bad PNG file: IDAT stream error",
		"bad PNG file: invalid chunk checksum",
	};
	struct sfb_img img = {0};
	struct sfb_err err = {0};
	char path[256];
	size_t i;
	int st;

	for (i = 0; i < NELEM(bad_files); i++) {
		snprintf(path, sizeof(path), FX "%s", bad_files[i]);
		st = sfb_img_load(path, SFB_IMG_L, &img, &err);
		t_ok(st == SFB_EXIT_USAGE && strcmp(err.msg, want[i]) == 0,
		    "%s: %d %s", bad_files[i], st, err.msg);
	}
	st = sfb_img_load(FX "no-such.png", SFB_IMG_L, &img, &err);
	t_ok(st == SFB_EXIT_USAGE &&
	    strcmp(err.msg, "No such file or directory") == 0,
	    "missing file: %s", err.msg);
	st = sfb_img_load(FX, SFB_IMG_L, &img, &err);
	t_ok(st == SFB_EXIT_USAGE && strcmp(err.msg, "Is a directory") == 0,
	    "directory: %s", err.msg);
	st = sfb_img_decode("", 0, SFB_IMG_L, 100, &img, &err);
	t_ok(st == SFB_EXIT_USAGE, "empty file");
	sfb_img_free(&img);
}

static void
test_limit(void)
{
	struct sfb_img img = {0};
	struct sfb_err err = {0};
	FILE *f = fopen(FX "n256a.png", "rb");
	static unsigned char buf[1 << 17];
	size_t n;

	if (!t_ok(f != NULL, "open n256a.png"))
		return;
	n = fread(buf, 1, sizeof(buf), f);
	fclose(f);
	t_ok(sfb_img_decode(buf, n, SFB_IMG_L, 65535, &img, &err) ==
	    SFB_EXIT_USAGE && strcmp(err.msg,
	    "image too large: 256 x 256 pixels") == 0, "limit: %s", err.msg);
	t_ok(sfb_img_decode(buf, n, SFB_IMG_L, 65536, &img, &err) == 0,
	    "at the limit");
	sfb_img_free(&img);
}

static void
test_resize(void)
{
	struct sfb_img in = {0}, out = {0};
	size_t i, n;

	for (i = 0; i < NELEM(resize_golden); i++) {
		const struct resize_golden *g = &resize_golden[i];

		n = (size_t)g->w * g->h * (size_t)g->ch;
		if (sfb_img_alloc(&in, (uint32_t)g->w, (uint32_t)g->h, g->ch) < 0)
			break;
		memcpy(in.px, g->in, n);
		n = (size_t)g->tw * g->th * (size_t)g->ch;
		t_ok(sfb_img_resize(&in, (uint32_t)g->tw, (uint32_t)g->th,
		    &out) == 0 && out.w == (uint32_t)g->tw &&
		    out.h == (uint32_t)g->th && memcmp(out.px, g->out, n) == 0,
		    "resize %s %dx%d to %dx%d", g->ch == 1 ? "L" : "RGB", g->w,
		    g->h, g->tw, g->th);
	}
	t_ok(sfb_img_resize(&in, 0, 3, &out) == -1, "resize to width 0");
	sfb_img_free(&in);
	sfb_img_free(&out);
}

static void
test_qc(void)
{
	struct sfb_img a = {0}, b = {0}, br = {0};
	struct sfb_qc_work w = {0};
	struct sfb_qc q;
	size_t i;

	for (i = 0; i < NELEM(qc_golden); i++) {
		const struct qc_golden *g = &qc_golden[i];

		if (load(g->src, SFB_IMG_L, &a) < 0 ||
		    load(g->gen, SFB_IMG_L, &b) < 0 ||
		    sfb_img_resize(&b, a.w, a.h, &br) < 0 ||
		    sfb_qc_compute(&a, &br, &w, &q) < 0) {
			t_ok(0, "qc %s %s", g->src, g->gen);
			continue;
		}
		t_ok(fabs(q.ssim - g->ssim) <= 1e-12, "%s %s: ssim %.17g, "
		    "want %.17g", g->src, g->gen, q.ssim, g->ssim);
		t_ok(q.edge == g->edge && q.src_edges == g->n &&
		    q.kept == g->kept, "%s %s: edges %llu/%llu, want %llu/%llu",
		    g->src, g->gen, (unsigned long long)q.kept,
		    (unsigned long long)q.src_edges, g->kept, g->n);
		t_ok(q.thr_src == g->ts && q.thr_gen == g->tg,
		    "%s %s: thresholds %a %a, want %a %a", g->src, g->gen,
		    (double)q.thr_src, (double)q.thr_gen, (double)g->ts,
		    (double)g->tg);
	}
	sfb_img_free(&a);
	sfb_img_free(&b);
	sfb_img_free(&br);
	sfb_qc_work_free(&w);
}

static void
test_f32_sum(void)
{
	static float a[20000];
	size_t i;
	float s;

	/* 2^24 + 1 is not a float: the order of the sums shows */
	for (i = 0; i < NELEM(a); i++)
		a[i] = 1.0f;
	t_ok(sfb_f32_sum(a, 0) == 0.0f, "empty sum");
	t_ok(sfb_f32_sum(a, 7) == 7.0f, "short sum");
	t_ok(sfb_f32_sum(a, 20000) == 20000.0f, "ones");
	a[0] = 16777216.0f;
	s = sfb_f32_sum(a, 9);
	t_ok(s == 16777224.0f, "pairwise lanes keep the ones: %a", (double)s);
}

/* The vector paths against NumPy and against the plain loops, on images
 * whose sizes and edges sit around the vector widths, NumPy's pairwise
 * blocks and its 8192-element buffers (gen_qc_simd_golden.py): the same
 * thresholds, magnitudes, edge maps, counts and SSIM, bit for bit. */
static void
test_qc_simd(void)
{
	struct sfb_img a = {0}, b = {0};
	struct sfb_qc_work w = {0};
	struct sfb_qc q[2];
	struct sfb_err err = {0};
	char path[256];
	float *mag = NULL, thr[2];
	unsigned char *e = NULL;
	size_t i, n;
	int plain;

	for (i = 0; i < NELEM(simd_golden); i++) {
		const struct qc_golden *g = &simd_golden[i];

		snprintf(path, sizeof(path), SIMD "%s", g->src);
		if (sfb_img_load(path, SFB_IMG_L, &a, &err) != 0)
			t_ok(0, "%s: %s", g->src, err.msg);
		snprintf(path, sizeof(path), SIMD "%s", g->gen);
		if (sfb_img_load(path, SFB_IMG_L, &b, &err) != 0)
			t_ok(0, "%s: %s", g->gen, err.msg);
		for (plain = 1; plain >= 0; plain--) {
			struct sfb_qc *r = &q[plain];

			w.plain = plain;
			if (sfb_qc_compute(&a, &b, &w, r) < 0) {
				t_ok(0, "qc %s %s", g->src, g->gen);
				continue;
			}
			t_ok(fabs(r->ssim - g->ssim) <= 1e-12 &&
			    r->src_edges == g->n && r->kept == g->kept &&
			    r->thr_src == g->ts && r->thr_gen == g->tg,
			    "%s %s%s: ssim %.17g edges %llu/%llu thresholds "
			    "%a %a", g->src, g->gen, plain ? " (plain)" : "",
			    r->ssim, (unsigned long long)r->kept,
			    (unsigned long long)r->src_edges,
			    (double)r->thr_src, (double)r->thr_gen);
		}
		t_ok(q[0].ssim == q[1].ssim, "%s %s: ssim %a plain, %a vector",
		    g->src, g->gen, q[1].ssim, q[0].ssim);
		/* the magnitudes and edges themselves */
		n = (size_t)b.w * b.h;
		mag = realloc(mag, n * sizeof(*mag));
		e = realloc(e, 2 * n);
		for (plain = 1; plain >= 0; plain--) {
			w.plain = plain;
			thr[plain] = sfb_qc_edges(&b, &w, e + (size_t)plain * n);
			if (plain)
				memcpy(mag, w.f + n, n * sizeof(*mag));
		}
		t_ok(thr[0] == thr[1] && memcmp(mag, w.f + n, n *
		    sizeof(*mag)) == 0 && memcmp(e, e + n, n) == 0,
		    "%s: magnitudes and edges as the plain loops'", g->gen);
	}
	free(mag);
	free(e);
	sfb_img_free(&a);
	sfb_img_free(&b);
	sfb_qc_work_free(&w);
}

/* The vector sum against the plain one, lengths around 8, 128 and 8192. */
static void
test_f32_sum_simd(void)
{
	static const size_t len[] = {
		0, 1, 7, 8, 9, 15, 16, 17, 127, 128, 129, 135, 136, 255, 256,
		257, 1000, 8191, 8192, 8193, 8200, 16383, 16384, 16385, 40000,
	};
	static float a[40000];
	uint32_t s = 12345;
	size_t i, k;

	for (i = 0; i < NELEM(a); i++) {
		s = s * 1103515245u + 12345u;
		/* magnitudes apart by 2^20 so that every rounding shows */
		a[i] = (float)(s >> 8) * (s & 1 ? 1.0f : 1.0f / 1048576.0f);
	}
	for (k = 0; k < NELEM(len); k++) {
		float x = sfb_f32_sum(a, len[k]), y = sfb_f32_sum_plain(a,
		    len[k]);

		t_ok(memcmp(&x, &y, sizeof(x)) == 0, "sum of %zu: %a, plain %a",
		    len[k], (double)x, (double)y);
	}
}

static void
test_blend(void)
{
	struct sfb_img s = {0}, g = {0}, m = {0}, gr = {0}, mr = {0}, back = {0};
	struct sfb_buf png = {0};
	struct sfb_err err = {0};
	size_t i;

	for (i = 0; i < NELEM(blend_golden); i++) {
		const struct blend_golden *b = &blend_golden[i];
		size_t n = (size_t)b->w * b->h * 3;

		if (load(b->src, SFB_IMG_RGB, &s) < 0 ||
		    load(b->gen, SFB_IMG_RGB, &g) < 0 ||
		    load(b->mask, SFB_IMG_L, &m) < 0 ||
		    sfb_img_resize(&g, s.w, s.h, &gr) < 0 ||
		    sfb_img_resize(&m, s.w, s.h, &mr) < 0)
			continue;
		sfb_mask_blend(&s, &gr, &mr, (float)b->b);
		t_ok(gr.w == (uint32_t)b->w && gr.h == (uint32_t)b->h &&
		    memcmp(gr.px, b->out, n) == 0, "blend %s %s %s %g", b->src,
		    b->gen, b->mask, b->b);
		png.len = 0;
		t_ok(sfb_img_png_encode(&gr, (int)i % 10, &png, &err) == 0 &&
		    sfb_img_decode(png.p, png.len, SFB_IMG_RGB, 1u << 30, &back,
		    &err) == 0 && back.w == gr.w && back.h == gr.h &&
		    memcmp(back.px, gr.px, n) == 0, "PNG written and read: %s",
		    err.msg);
	}
	sfb_buf_free(&png);
	sfb_img_free(&s);
	sfb_img_free(&g);
	sfb_img_free(&m);
	sfb_img_free(&gr);
	sfb_img_free(&mr);
	sfb_img_free(&back);
}

static size_t
slurp(const char *path, unsigned char *buf, size_t cap)
{
	FILE *f = fopen(path, "rb");
	size_t n;

	if (f == NULL)
		return 0;
	n = fread(buf, 1, cap, f);
	fclose(f);
	return n;
}

/* The fast PNG path: every colour type and depth it takes, each filter,
 * IDAT split, against Pillow; every anomaly left to libspng, whose answer
 * sfb_img_decode then gives; and the older fixtures it takes, the same
 * pixels as libspng. */
static void
test_fast(void)
{
	static unsigned char buf[1 << 17];
	struct sfb_img a = {0}, b = {0};
	struct sfb_err e1 = {0}, e2 = {0};
	char path[256];
	size_t i, n, np;
	int ch, s1, s2;

	for (i = 0; i < NELEM(fast_golden); i++) {
		const struct fast_golden *g = &fast_golden[i];

		snprintf(path, sizeof(path), FAST "%s", g->file);
		n = slurp(path, buf, sizeof(buf));
		np = (size_t)g->w * g->h;
		t_ok(sfb_img_png_fast(buf, n, SFB_IMG_L, 1u << 30, &a) == 0 &&
		    a.w == (uint32_t)g->w && a.h == (uint32_t)g->h &&
		    memcmp(a.px, g->l, np) == 0, "fast %s to L", g->file);
		t_ok(sfb_img_png_fast(buf, n, SFB_IMG_RGB, 1u << 30, &a) == 0 &&
		    a.ch == 3 && memcmp(a.px, g->rgb, 3 * np) == 0,
		    "fast %s to RGB", g->file);
		t_ok(sfb_img_png_fast(buf, n, SFB_IMG_L, np - 1, &a) == 1,
		    "fast %s: too large is left to libspng", g->file);
	}
	for (i = 0; i < NELEM(fast_anomalies); i++) {
		snprintf(path, sizeof(path), FAST "%s", fast_anomalies[i]);
		n = slurp(path, buf, sizeof(buf));
		for (ch = 1; ch <= 3; ch += 2) {
			t_ok(sfb_img_png_fast(buf, n, ch, 1u << 30, &a) == 1,
			    "%s is left to libspng", fast_anomalies[i]);
			e1.msg[0] = e2.msg[0] = '\0';
			s1 = sfb_img_decode(buf, n, ch, 1u << 30, &a, &e1);
			s2 = sfb_img_png_spng(buf, n, ch, 1u << 30, &b, &e2);
			t_ok(s1 == s2 && strcmp(e1.msg, e2.msg) == 0 && (s1 != 0 ||
			    (a.w == b.w && a.h == b.h && memcmp(a.px, b.px,
			    (size_t)a.w * a.h * (size_t)ch) == 0)),
			    "%s: as libspng: %d %s", fast_anomalies[i], s1, e1.msg);
		}
	}
	for (i = 0; i < NELEM(conv_golden); i++) {
		const char *f = conv_golden[i].file;

		if (strstr(f, ".png") == NULL)
			continue;
		snprintf(path, sizeof(path), FX "%s", f);
		n = slurp(path, buf, sizeof(buf));
		if (sfb_img_png_fast(buf, n, SFB_IMG_RGB, 1u << 30, &a) != 0)
			continue;
		t_ok(sfb_img_png_spng(buf, n, SFB_IMG_RGB, 1u << 30, &b,
		    &e2) == 0 && a.w == b.w && a.h == b.h && memcmp(a.px, b.px,
		    (size_t)a.w * a.h * 3) == 0, "%s: fast as libspng", f);
	}
	sfb_img_free(&a);
	sfb_img_free(&b);
}

int
main(void)
{
	test_convert();
	test_fast();
	test_bad();
	test_limit();
	test_resize();
	test_f32_sum();
	test_qc();
	test_qc_simd();
	test_f32_sum_simd();
	test_blend();
	return t_done();
}
