/* sfb-mask-blend - the reference's TSXR mask blend (SPEC 14.2): inside the
 * spine mask, the generated image is pulled 0.7 of the way back to the
 * source; written as an 8-bit RGB PNG. */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"
#include "core/num.h"
#include "image/field.h"
#include "image/qc.h"

static const char usage_text[] =
    "sfb-mask-blend [-j JOBS] [--blend B] [--level N] [--root DIR] "
    "[FILE...]\n"
    "       sfb-mask-blend [--blend B] [--level N] SRC GEN MASK OUT";

struct mb_opts {
	const char *root;
	double blend;
	int level;
};

struct mb_ctx {
	const struct mb_opts *o;
	struct sfb_img src, gen, mask, tmp;
	struct sfb_buf name, path;
};

/* Blend c->src, c->gen and c->mask (loaded) into the PNG file at out. */
static int
mb_blend(struct mb_ctx *c, const char *out, struct sfb_err *err)
{
	struct sfb_img t;

	/* the generated image and the mask at the source's size */
	if (sfb_img_resize(&c->gen, c->src.w, c->src.h, &c->tmp) < 0)
		return sfb_err_set(err, SFB_EXIT_USAGE, "out of memory");
	t = c->gen;
	c->gen = c->tmp;
	c->tmp = t;
	if (sfb_img_resize(&c->mask, c->src.w, c->src.h, &c->tmp) < 0)
		return sfb_err_set(err, SFB_EXIT_USAGE, "out of memory");
	sfb_mask_blend(&c->src, &c->gen, &c->tmp, (float)c->o->blend);
	return sfb_img_save_png(out, &c->gen, c->o->level, err);
}

static int
mb_rec(void *ctx, const struct sfb_obj *rec, struct sfb_buf *out,
    struct sfb_err *err)
{
	static const char *const key[3] = {
		"source_image", "generated_image", "mask_image",
	};
	struct mb_ctx *c = ctx;
	struct sfb_img *img[3] = {&c->src, &c->gen, &c->mask};
	char num[SFB_NUM_MAX];
	struct sfb_kv kv[2];
	int i, st;

	for (i = 0; i < 3; i++) {
		st = sfb_img_field_load(rec, key[i], c->o->root,
		    i == 2 ? SFB_IMG_L : SFB_IMG_RGB, &c->name, &c->path,
		    img[i], err);
		if (st != 0)
			return SFB_EXIT_USAGE;
	}
	if ((st = sfb_img_field_path(rec, "output_image", c->o->root,
	    &c->name, &c->path, err)) != 0)
		return SFB_EXIT_USAGE;
	if ((st = mb_blend(c, c->path.p, err)) != 0)
		return sfb_img_err_name(err, SFB_EXIT_USAGE, &c->name);
	kv[0] = (struct sfb_kv){"mask_applied", 12, "true", 4};
	kv[1] = (struct sfb_kv){"tsxr_mask_blend", 15, num,
	    sfb_num_repr(c->o->blend, num)};
	if (sfb_obj_splice(rec, kv, 2, out) < 0)
		return sfb_err_set(err, SFB_EXIT_USAGE, "out of memory");
	return 0;
}

static void *
mb_make(void *arg)
{
	struct mb_ctx *c = calloc(1, sizeof(*c));

	if (c != NULL)
		c->o = arg;
	return c;
}

static void
mb_drop(void *ctx)
{
	struct mb_ctx *c = ctx;

	sfb_img_free(&c->src);
	sfb_img_free(&c->gen);
	sfb_img_free(&c->mask);
	sfb_img_free(&c->tmp);
	sfb_buf_free(&c->name);
	sfb_buf_free(&c->path);
	free(c);
}

/* The four-argument form: no NDJSON, nothing printed. */
static int
mb_files(const struct mb_opts *o, char **arg)
{
	struct mb_ctx *c = mb_make((void *)o);
	struct sfb_img *img[3];
	struct sfb_err err = {0};
	int i;

	if (c == NULL)
		sfb_oom();
	img[0] = &c->src;
	img[1] = &c->gen;
	img[2] = &c->mask;
	for (i = 0; i < 4; i++)
		if (sfb_img_join(o->root, arg[i], strlen(arg[i]), &c->path,
		    &err) != 0 || (i < 3 && sfb_img_load(c->path.p,
		    i == 2 ? SFB_IMG_L : SFB_IMG_RGB, img[i], &err) != 0) ||
		    (i == 3 && mb_blend(c, c->path.p, &err) != 0))
			sfb_die(SFB_EXIT_USAGE, "%s: %s", arg[i], err.msg);
	mb_drop(c);
	return sfb_finish(SFB_EXIT_OK);
}

int
main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{"blend", required_argument, NULL, 'B'},
		{"level", required_argument, NULL, 'L'},
		{"root", required_argument, NULL, 'R'},
		{"jobs", required_argument, NULL, 'j'},
		{"help", no_argument, NULL, 'h'},
		{"version", no_argument, NULL, 'V'},
		{NULL, 0, NULL, 0},
	};
	static struct mb_opts o = { .blend = 0.7, .level = 6 };
	int jobs = sfb_default_jobs(SFB_JOBS_DEFAULT), c;

	sfb_setup(argv);
	while ((c = getopt_long(argc, argv, "j:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'B': o.blend = sfb_parse_real("--blend", optarg, 0, 1);
			break;
		case 'L': o.level = (int)sfb_parse_int("--level", optarg, 0, 9);
			break;
		case 'R': o.root = optarg; break;
		case 'j': jobs = sfb_parse_jobs(optarg); break;
		case 'h': sfb_usage(usage_text, SFB_EXIT_OK);
		case 'V': sfb_version();
		default: sfb_usage(usage_text, SFB_EXIT_USAGE);
		}
	}
	if (argc - optind == 4)
		return mb_files(&o, argv + optind);
	sfb_block_bytes = 1024;        /* an image triple a line: spread them */
	sfb_run_jobs(argv + optind, argc - optind, mb_rec, jobs, mb_make,
	    mb_drop, &o);
	return sfb_finish(SFB_EXIT_OK);
}
