/* sfb-sha-verify - verify SHA-256 manifests safely and in parallel, or
 * write one (--create). */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "util.h"
#include "core/json.h"
#include "bundle/sha.h"

static const char usage_text[] =
    "sfb-sha-verify [-q] [-j N] MANIFEST...\n"
    "       sfb-sha-verify --create [-j N] NAME...";

/* Progress goes to a terminal only, redrawn at most this often. */
#define TICK_MS 250

struct opts {
	int quiet;
	int jobs;
	int create;
	int progress;
};

static const char hexdigits[] = "0123456789abcdef";

static void
put_hex(struct sfb_buf *b, const unsigned char d[32])
{
	char h[64];
	int i;

	for (i = 0; i < 32; i++) {
		h[2 * i] = hexdigits[d[i] >> 4];
		h[2 * i + 1] = hexdigits[d[i] & 15];
	}
	if (sfb_buf_put(b, h, 64) < 0)
		sfb_oom();
}

static void
put_str(struct sfb_buf *b, const char *s)
{
	if (sfb_buf_puts(b, s) < 0)
		sfb_oom();
}

/* Read manifest m and add its entries to set; 0, or an error in err. */
static int
load(struct sfb_sha_set *set, int m, const char *file, struct sfb_err *err)
{
	int fd = strcmp(file, "-") ? open(file, O_RDONLY | O_CLOEXEC) : 0;
	struct sfb_buf b = { 0 };
	char *root = NULL, *slash;
	ssize_t k;
	int r;

	err->file = file;
	if (fd < 0)
		return sfb_err_set(err, SFB_EXIT_USAGE, "%s", strerror(errno));
	for (;;) {
		if (b.cap - b.len < 65536 && sfb_buf_reserve(&b, 65536) < 0) {
			r = sfb_err_set(err, SFB_EXIT_USAGE, "out of memory");
			goto done;
		}
		k = read(fd, b.p + b.len, b.cap - b.len);
		if (k == 0)
			break;
		if (k < 0 && errno != EINTR) {
			r = sfb_err_set(err, SFB_EXIT_USAGE, "%s", strerror(errno));
			goto done;
		}
		if (k > 0)
			b.len += (size_t)k;
	}
	/* Names are relative to the directory of the file the manifest
	 * resolves to, as in the reference (Path(manifest).resolve().parent);
	 * for standard input, to the current directory. */
	root = realpath(fd ? file : ".", NULL);
	if (!root) {
		r = sfb_err_set(err, SFB_EXIT_USAGE, "%s", strerror(errno));
		goto done;
	}
	if (fd) {
		slash = strrchr(root, '/');
		if (slash == root)
			slash[1] = '\0';	/* the manifest is in "/" */
		else
			*slash = '\0';
	}
	r = sfb_sha_set_parse(set, m, b.p ? b.p : "", b.len, root, err);
done:
	if (fd > 0)
		close(fd);
	sfb_buf_free(&b);
	free(root);
	return r;
}

static double
now(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* What the wait for results shows and when. */
struct pace {
	int progress;		/* standard error is a terminal */
	size_t total;
	double start, flushed;
	double drawn;		/* when the progress line was last drawn */
	int shown;		/* it is on the terminal now */
};

static void
pace_start(struct pace *p, const struct opts *o, size_t total)
{
	p->progress = o->progress;
	p->total = total;
	p->start = p->flushed = now();
	p->drawn = 0;
	p->shown = 0;
}

static void
show_progress(struct sfb_sha_run *run, struct pace *p)
{
	size_t files;
	uint64_t bytes;
	double secs = now() - p->start;

	sfb_sha_run_progress(run, &files, &bytes);
	fprintf(stderr, "\r%s: %zu/%zu files, %.1f MB, %.0f MB/s\033[K",
	    sfb_prog, files, p->total, (double)bytes / 1e6,
	    secs > 0 ? (double)bytes / 1e6 / secs : 0.0);
	p->drawn = now();
	p->shown = 1;
}

/* Take the progress line off the terminal. */
static void
pace_clear(struct pace *p)
{
	if (p->progress && p->shown > 0) {
		fputs("\r\033[K", stderr);
		p->shown = 0;
	}
}

/* Write the finished lines; the progress line goes first, for standard
 * output may be the same terminal. */
static void
pace_flush(struct pace *p)
{
	pace_clear(p);
	if (sfb_stdout.b.len && sfb_out_flush(&sfb_stdout) < 0)
		sfb_finish(0);
	p->flushed = now();
}

/* Wait for entry i.  Finished lines are flushed now and then, so that a
 * reader of the pipe sees them while later files are hashed, but not once
 * a line; progress is redrawn every tick. */
static void
await(struct sfb_sha_run *run, size_t i, struct pace *p)
{
	if (sfb_sha_run_wait(run, i, 0))
		return;
	for (;;) {
		double t = now();

		if (sfb_stdout.b.len && t - p->flushed >= TICK_MS / 1000.0)
			pace_flush(p);
		if (p->progress && t - p->start > 0.5 &&
		    t - p->drawn >= TICK_MS / 1000.0)
			show_progress(run, p);
		if (sfb_sha_run_wait(run, i, p->progress ? TICK_MS : -1))
			return;
	}
}

static const char *const status_name[] = {
	[SFB_SHA_OK] = "ok", [SFB_SHA_MISMATCH] = "mismatch",
	[SFB_SHA_MISSING] = "missing", [SFB_SHA_UNREADABLE] = "unreadable",
};

static void
put_entry(struct sfb_buf *b, const struct sfb_sha_entry *e,
    const char *manifest)
{
	put_str(b, "{");
	if (manifest) {
		put_str(b, "\"manifest\": ");
		if (sfb_json_str_encode(b, manifest, strlen(manifest), 0) < 0)
			sfb_oom();
		put_str(b, ", ");
	}
	put_str(b, "\"path\": ");
	if (sfb_json_str_encode(b, e->name, e->name_len, 0) < 0)
		sfb_oom();
	put_str(b, ", \"status\": \"");
	put_str(b, status_name[e->status]);
	put_str(b, "\", \"expected\": \"");
	put_hex(b, e->expected);
	put_str(b, "\", \"actual\": ");
	if (e->status == SFB_SHA_OK || e->status == SFB_SHA_MISMATCH) {
		put_str(b, "\"");
		put_hex(b, e->actual);
		put_str(b, "\"");
	} else {
		put_str(b, "null");
	}
	if (e->status == SFB_SHA_UNREADABLE) {
		put_str(b, ", \"error\": ");
		if (sfb_json_str_encode(b, strerror(e->err),
		    strlen(strerror(e->err)), 0) < 0)
			sfb_oom();
	}
	put_str(b, "}\n");
}

static int
verify(char **files, int nfiles, const struct opts *o)
{
	struct sfb_sha_set *set = sfb_sha_set_new();
	struct sfb_err err = { 0 };
	struct sfb_sha_run *run;
	size_t i, n, failed = 0;
	struct pace pace;
	int m;

	if (!set)
		sfb_oom();
	for (m = 0; m < nfiles; m++) {
		if (load(set, m, files[m], &err)) {
			sfb_sha_set_free(set);
			sfb_die_err(&err);
		}
	}
	n = sfb_sha_set_count(set);
	pace_start(&pace, o, n);
	run = sfb_sha_run_start(set, o->jobs,
	    o->progress ? 0 : SFB_SHA_HELPS);
	if (!run) {
		sfb_sha_set_free(set);
		sfb_die(SFB_EXIT_USAGE, "cannot start hashing: %s",
		    strerror(errno));
	}
	for (i = 0; i < n; i++) {
		const struct sfb_sha_entry *e = sfb_sha_set_entry(set, i);

		await(run, i, &pace);
		if (e->status != SFB_SHA_OK)
			failed++;
		if (!o->quiet || e->status != SFB_SHA_OK)
			put_entry(&sfb_stdout.b, e,
			    nfiles > 1 ? files[e->manifest] : NULL);
		if (sfb_stdout.b.len >= 65536)
			pace_flush(&pace);
	}
	pace_clear(&pace);
	sfb_sha_run_free(run);
	sfb_sha_set_free(set);
	sfb_finish(0);
	if (failed) {
		fprintf(stderr, "Checksum verification: %zu of %zu files FAILED\n",
		    failed, n);
		return SFB_EXIT_FAIL;
	}
	fprintf(stderr, "Checksum verification: %zu files OK\n", n);
	return SFB_EXIT_OK;
}

/* Write "HEX  NAME" lines for the named files, sorted by name.  Nothing is
 * written unless every file could be hashed. */
static int
create(char **names, int nnames, const struct opts *o)
{
	struct sfb_sha_set *set = sfb_sha_set_new();
	struct sfb_err err = { 0 };
	struct sfb_sha_run *run;
	char *root = realpath(".", NULL);
	struct pace pace;
	size_t i, n;
	int k;

	if (!set || !root) {
		free(root);
		sfb_die(SFB_EXIT_USAGE, ".: %s", strerror(errno));
	}
	for (k = 0; k < nnames; k++)
		if (sfb_sha_set_add(set, names[k], strlen(names[k]), root, &err))
			break;
	free(root);
	if (err.status) {
		sfb_sha_set_free(set);
		sfb_die_err(&err);
	}
	sfb_sha_set_sort(set);
	n = sfb_sha_set_count(set);
	pace_start(&pace, o, n);
	run = sfb_sha_run_start(set, o->jobs,
	    o->progress ? 0 : SFB_SHA_HELPS);
	if (!run) {
		sfb_sha_set_free(set);
		sfb_die(SFB_EXIT_USAGE, "cannot start hashing: %s",
		    strerror(errno));
	}
	for (i = 0; i < n; i++) {
		const struct sfb_sha_entry *e = sfb_sha_set_entry(set, i);

		await(run, i, &pace);
		/* No digest was expected, so any digest is a "mismatch". */
		if (e->status != SFB_SHA_OK && e->status != SFB_SHA_MISMATCH) {
			sfb_err_set(&err, SFB_EXIT_USAGE, "%s: %s", e->name,
			    e->err ? strerror(e->err) : "not a regular file");
			break;
		}
		put_hex(&sfb_stdout.b, e->actual);
		put_str(&sfb_stdout.b, "  ");
		if (sfb_buf_put(&sfb_stdout.b, e->name, e->name_len) < 0)
			sfb_oom();
		put_str(&sfb_stdout.b, "\n");
	}
	pace_clear(&pace);
	sfb_sha_run_free(run);
	sfb_sha_set_free(set);
	if (err.status) {
		sfb_out_free(&sfb_stdout);
		sfb_die_err(&err);
	}
	return sfb_finish(SFB_EXIT_OK);
}

int
main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "quiet", no_argument, NULL, 'q' },
		{ "jobs", required_argument, NULL, 'j' },
		{ "create", no_argument, NULL, 'c' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	struct opts o = { 0 };
	int c;

	sfb_setup(argv);
	o.jobs = sfb_default_jobs(SFB_JOBS_MAX);
	while ((c = getopt_long(argc, argv, "qj:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'q':
			o.quiet = 1;
			break;
		case 'j':
			o.jobs = sfb_parse_jobs(optarg);
			break;
		case 'c':
			o.create = 1;
			break;
		case 'h':
			sfb_usage(usage_text, 0);
		case 'V':
			sfb_version();
		default:
			sfb_usage(usage_text, SFB_EXIT_USAGE);
		}
	}
	if (optind == argc)
		sfb_usage(usage_text, SFB_EXIT_USAGE);
	o.progress = isatty(2);
	if (o.create)
		return create(argv + optind, argc - optind, &o);
	return verify(argv + optind, argc - optind, &o);
}
