/* sfb-qc - the reference's QC gate of generated images (SPEC 14.1): SSIM,
 * edge preservation and the LPIPS rule, per record or for one --pair. */
#include <getopt.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "util.h"
#include "core/num.h"
#include "core/ucd.h"
#include "image/field.h"
#include "image/qc.h"

static const char usage_text[] =
    "sfb-qc [-g KEY] [-j JOBS] [-s KEY] [--edge-min X] [--keep-going]\n"
    "              [--lpips-max X] [--lpips-optional] [--root DIR]\n"
    "              [--ssim-min X] [FILE...]\n"
    "       sfb-qc [options] --pair SRC GEN";

struct qc_opts {
	const char *skey, *gkey, *root;
	double ssim_min, edge_min, lpips_max;
	int lpips_optional, keep_going, progress;
	atomic_ulong done, bad;
	atomic_llong shown;	/* when the progress line was last written */
};

struct qc_ctx {
	struct qc_opts *o;
	struct sfb_img a, b, br;
	struct sfb_qc_work w;
	struct sfb_buf name, path;
	/* Records of one source follow each other (one per demographic):
	 * while the file is the same, its pixels and edges are kept. */
	int have_src, same_src;
	struct stat src_id;
};

/* The QC members of a pair: source a and generated b already loaded. */
static int
qc_members(struct qc_ctx *c, const struct sfb_span *lpips, struct sfb_buf *v,
    struct sfb_kv kv[5], struct sfb_err *err)
{
	static const char *const fail[] = {
		"\"ssim\"", "\"edge_preservation\"", "\"lpips\"",
	};
	const struct qc_opts *o = c->o;
	const struct sfb_img *g = &c->b;
	struct sfb_qc q;
	char num[2][SFB_NUM_MAX];
	size_t nl[2], off[5];
	double lp = 0;
	int bad[3], i, k = 0, pass, r = 0;

	/* Pillow's resize to the same size is a copy: b itself then */
	if (c->b.w != c->a.w || c->b.h != c->a.h) {
		if (sfb_img_resize(&c->b, c->a.w, c->a.h, &c->br) < 0)
			return sfb_err_set(err, SFB_EXIT_USAGE,
			    "out of memory");
		g = &c->br;
	}
	if ((c->same_src ? sfb_qc_against : sfb_qc_compute)(&c->a, g, &c->w,
	    &q) < 0)
		return sfb_err_set(err, SFB_EXIT_USAGE, "out of memory");
	c->have_src = 1;
	if (lpips != NULL && sfb_json_num(lpips, &lp) < 0)
		return sfb_err_set(err, SFB_EXIT_USAGE,
		    "field \"lpips\" is out of range");
	nl[0] = sfb_num_repr(q.ssim, num[0]);
	nl[1] = sfb_num_repr(q.edge, num[1]);
	bad[0] = !(q.ssim >= o->ssim_min);
	bad[1] = !(q.edge >= o->edge_min);
	bad[2] = lpips == NULL ? !o->lpips_optional : !(lp <= o->lpips_max);
	pass = !bad[0] && !bad[1] && !bad[2];
	v->len = 0;
	off[0] = v->len;
	r |= sfb_buf_put(v, num[0], nl[0]);
	off[1] = v->len;
	r |= sfb_buf_put(v, num[1], nl[1]);
	off[2] = v->len;
	r |= lpips != NULL ? sfb_buf_put(v, lpips->p, lpips->n) :
	    sfb_buf_puts(v, "null");
	off[3] = v->len;
	r |= sfb_buf_puts(v, pass ? "true" : "false");
	off[4] = v->len;
	r |= sfb_buf_putc(v, '[');
	for (i = 0; i < 3; i++)
		if (bad[i]) {
			if (k++)
				r |= sfb_buf_puts(v, ", ");
			r |= sfb_buf_puts(v, fail[i]);
		}
	if ((r | sfb_buf_putc(v, ']')) != 0)
		return sfb_err_set(err, SFB_EXIT_USAGE, "out of memory");
	kv[0] = (struct sfb_kv){"ssim", 4, NULL, 0};
	kv[1] = (struct sfb_kv){"edge_preservation", 17, NULL, 0};
	kv[2] = (struct sfb_kv){"lpips", 5, NULL, 0};
	kv[3] = (struct sfb_kv){"passes_qc", 9, NULL, 0};
	kv[4] = (struct sfb_kv){"qc_failures", 11, NULL, 0};
	for (i = 0; i < 5; i++) {
		kv[i].val = v->p + off[i];
		kv[i].vlen = (i < 4 ? off[i + 1] : v->len) - off[i];
	}
	return 0;
}

/* The source image of rec into c->a, unless it is the one there. */
static int
qc_source(struct qc_ctx *c, const struct sfb_obj *rec, struct sfb_err *err)
{
	const struct qc_opts *o = c->o;
	struct stat sb;
	int st, known;

	st = sfb_img_field_path(rec, o->skey, o->root, &c->name, &c->path,
	    err);
	if (st != 0)
		return st;
	known = stat(c->path.p, &sb) == 0;
	c->same_src = known && c->have_src &&
	    sb.st_dev == c->src_id.st_dev && sb.st_ino == c->src_id.st_ino &&
	    sb.st_size == c->src_id.st_size &&
	    sb.st_mtim.tv_sec == c->src_id.st_mtim.tv_sec &&
	    sb.st_mtim.tv_nsec == c->src_id.st_mtim.tv_nsec;
	if (c->same_src)
		return 0;
	c->have_src = 0;
	if (sfb_img_load(c->path.p, SFB_IMG_L, &c->a, err) != 0)
		return sfb_img_err_name(err, SFB_EXIT_FAIL, &c->name);
	if (known)
		c->src_id = sb;
	else
		memset(&c->src_id, 0, sizeof(c->src_id));
	return 0;
}

static void
progress(struct qc_opts *o)
{
	struct timespec ts;
	unsigned long n = atomic_fetch_add(&o->done, 1) + 1;
	long long now, last;

	if (!o->progress)
		return;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	now = ts.tv_sec * 1000000000LL + ts.tv_nsec;
	last = atomic_load(&o->shown);
	if (now - last >= 200000000 &&
	    atomic_compare_exchange_strong(&o->shown, &last, now))
		fprintf(stderr, "\r%s: %lu pairs", sfb_prog, n);
}

static int
qc_rec(void *ctx, const struct sfb_obj *rec, struct sfb_buf *out,
    struct sfb_err *err)
{
	struct qc_ctx *c = ctx;
	struct qc_opts *o = c->o;
	const struct sfb_member *lm = sfb_obj_get(rec, "lpips", 5);
	enum sfb_jtype lt = sfb_json_type(lm ? &lm->val : NULL);
	struct sfb_buf v = {0};
	struct sfb_kv kv[5];
	int st;

	if (lt != SFB_JNONE && lt != SFB_JNULL && lt != SFB_JNUMBER)
		return sfb_err_set(err, SFB_EXIT_USAGE,
		    "field \"lpips\" is %s, not a number or null",
		    sfb_json_type_name(lt));
	st = qc_source(c, rec, err);
	if (st == 0)
		st = sfb_img_field_load(rec, o->gkey, o->root, SFB_IMG_L,
		    &c->name, &c->path, &c->b, err);
	if (st == SFB_EXIT_FAIL && o->keep_going) {
		struct sfb_buf msg = {0};

		atomic_fetch_add(&o->bad, 1);
		st = sfb_json_str_encode(&msg, err->msg, strlen(err->msg), 0);
		kv[0] = (struct sfb_kv){"qc_error", 8, msg.p, msg.len};
		kv[1] = (struct sfb_kv){"passes_qc", 9, "false", 5};
		if (st == 0)
			st = sfb_obj_splice(rec, kv, 2, out);
		sfb_buf_free(&msg);
		err->status = 0;	/* the record is written: no error */
		progress(o);
		return st < 0 ? sfb_err_set(err, SFB_EXIT_USAGE,
		    "out of memory") : 0;
	}
	if (st != 0)
		return SFB_EXIT_USAGE;
	st = qc_members(c, lt == SFB_JNUMBER ? &lm->val : NULL, &v, kv, err);
	if (st == 0 && sfb_obj_splice(rec, kv, 5, out) < 0)
		st = sfb_err_set(err, SFB_EXIT_USAGE, "out of memory");
	sfb_buf_free(&v);
	progress(o);
	return st;
}

static void *
qc_make(void *arg)
{
	struct qc_ctx *c = calloc(1, sizeof(*c));

	if (c != NULL) {
		c->o = arg;
		/* the plain loops only: tests hold the vector ones to them */
		c->w.plain = getenv("SFB_QC_PLAIN") != NULL;
	}
	return c;
}

static void
qc_drop(void *ctx)
{
	struct qc_ctx *c = ctx;

	sfb_img_free(&c->a);
	sfb_img_free(&c->b);
	sfb_img_free(&c->br);
	sfb_qc_work_free(&c->w);
	sfb_buf_free(&c->name);
	sfb_buf_free(&c->path);
	free(c);
}

/* A command-line file name as a JSON string; it must be UTF-8. */
static void
put_name(struct sfb_buf *b, const char *s)
{
	size_t n = strlen(s), i, adv;

	for (i = 0; i < n; i += adv)
		if (sfb_utf8_next((const unsigned char *)s + i, n - i, &adv) ==
		    0xFFFD && (n - i < 3 || memcmp(s + i, "\xEF\xBF\xBD", 3)))
			sfb_die(SFB_EXIT_USAGE, "%s: file name is not UTF-8", s);
	if (sfb_json_str_encode(b, s, n, 0) < 0)
		sfb_oom();
}

static int
qc_pair(struct qc_opts *o, const char *src, const char *gen)
{
	struct qc_ctx *c = qc_make(o);
	struct sfb_err err = {0};
	struct sfb_buf rec = {0}, v = {0};
	struct sfb_obj obj = {0};
	struct sfb_kv kv[5];
	const char *why;
	const char *img[2] = {src, gen};
	struct sfb_img *dst[2];
	int i;

	if (c == NULL)
		sfb_oom();
	dst[0] = &c->a;
	dst[1] = &c->b;
	for (i = 0; i < 2; i++)
		if (sfb_img_join(o->root, img[i], strlen(img[i]), &c->path,
		    &err) != 0 || sfb_img_load(c->path.p, SFB_IMG_L, dst[i],
		    &err) != 0)
			sfb_die(SFB_EXIT_USAGE, "%s: %s", img[i], err.msg);
	sfb_buf_puts(&rec, "{\"source_image\": ");
	put_name(&rec, src);
	sfb_buf_puts(&rec, ", \"generated_image\": ");
	put_name(&rec, gen);
	if (sfb_buf_putc(&rec, '}') < 0 ||
	    sfb_obj_parse(&obj, rec.p, rec.len, &why) < 0)
		sfb_oom();
	if (qc_members(c, NULL, &v, kv, &err) != 0 ||
	    sfb_obj_splice(&obj, kv, 5, &sfb_stdout.b) < 0)
		sfb_die(SFB_EXIT_USAGE, "%s", err.msg);
	sfb_obj_free(&obj);
	sfb_buf_free(&rec);
	sfb_buf_free(&v);
	qc_drop(c);
	return sfb_finish(SFB_EXIT_OK);
}

int
main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{"edge-min", required_argument, NULL, 'E'},
		{"keep-going", no_argument, NULL, 'K'},
		{"lpips-max", required_argument, NULL, 'L'},
		{"lpips-optional", no_argument, NULL, 'O'},
		{"pair", no_argument, NULL, 'P'},
		{"root", required_argument, NULL, 'R'},
		{"ssim-min", required_argument, NULL, 'S'},
		{"jobs", required_argument, NULL, 'j'},
		{"help", no_argument, NULL, 'h'},
		{"version", no_argument, NULL, 'V'},
		{NULL, 0, NULL, 0},
	};
	static struct qc_opts o = {
		.skey = "source_image", .gkey = "generated_image",
		.ssim_min = 0.70, .edge_min = 0.276, .lpips_max = 0.40,
	};
	int jobs = sfb_default_jobs(SFB_JOBS_DEFAULT), pair = 0, c;

	sfb_setup(argv);
	while ((c = getopt_long(argc, argv, "g:j:s:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'E': o.edge_min = sfb_parse_real("--edge-min", optarg,
		    0, 1); break;
		case 'K': o.keep_going = 1; break;
		case 'L': o.lpips_max = sfb_parse_real("--lpips-max", optarg,
		    0, 100); break;
		case 'O': o.lpips_optional = 1; break;
		case 'P': pair = 1; break;
		case 'R': o.root = optarg; break;
		case 'S': o.ssim_min = sfb_parse_real("--ssim-min", optarg,
		    -1, 1); break;
		case 'g': o.gkey = optarg; break;
		case 'j': jobs = sfb_parse_jobs(optarg); break;
		case 's': o.skey = optarg; break;
		case 'h': sfb_usage(usage_text, SFB_EXIT_OK);
		case 'V': sfb_version();
		default: sfb_usage(usage_text, SFB_EXIT_USAGE);
		}
	}
	if (pair && argc - optind != 2)
		sfb_usage(usage_text, SFB_EXIT_USAGE);
	if (pair)
		return qc_pair(&o, argv[optind], argv[optind + 1]);
	o.progress = isatty(2);
#ifdef __GLIBC__
	/* Each image's file, zlib stream and rows are a few hundred KB,
	 * freed before the next: kept in the heap instead of given back
	 * and faulted in again (a hundred page faults a pair). */
	mallopt(M_MMAP_THRESHOLD, 64 << 20);
	mallopt(M_TRIM_THRESHOLD, 256 << 20);
#endif
	/* An image pair a line, a few ms each: blocks of about fifty
	 * records spread them over the threads, and a source's four
	 * counterfactuals in a row seldom straddle two blocks (each thread
	 * decodes the source again where they do). */
	sfb_block_bytes = 4096;
	sfb_run_jobs(argv + optind, argc - optind, qc_rec, jobs, qc_make,
	    qc_drop, &o);
	if (o.progress)
		fprintf(stderr, "\r%s: %lu pairs\n", sfb_prog,
		    atomic_load(&o.done));
	return sfb_finish(atomic_load(&o.bad) ? SFB_EXIT_FAIL : SFB_EXIT_OK);
}
