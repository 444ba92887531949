/* util.c - the shared front-end helpers of the sfb programs. */
#define _GNU_SOURCE     /* sched_getaffinity */
#include <ctype.h>
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <math.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/json.h"
#include "core/num.h"
#include "util.h"
#include "stats/pcg64.h"

const char *sfb_prog = "sfb";
struct sfb_out sfb_stdout = { 1, { 0 }, 0 };
size_t sfb_block_bytes;

void
sfb_setup(char **argv)
{
	const char *slash;

	if (argv[0] && *argv[0]) {
		slash = strrchr(argv[0], '/');
		sfb_prog = slash ? slash + 1 : argv[0];
	}
	signal(SIGPIPE, SIG_DFL);
}

static _Noreturn void
quiet_exit_if_pipe(int e)
{
	if (e == EPIPE)
		_exit(SFB_EXIT_OK);
	sfb_die(SFB_EXIT_USAGE, "write error: %s", strerror(e));
}

void
sfb_die(int status, const char *fmt, ...)
{
	va_list ap;

	fflush(stdout);
	fprintf(stderr, "%s: ", sfb_prog);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(status);
}

void
sfb_die_err(const struct sfb_err *err)
{
	if (sfb_stdout.werrno)
		quiet_exit_if_pipe(sfb_stdout.werrno);
	if (err->file && err->line)
		sfb_die(err->status, "%s:%lu: %s", err->file, err->line,
		    err->msg);
	if (err->file)
		sfb_die(err->status, "%s: %s", err->file, err->msg);
	sfb_die(err->status, "%s", err->msg);
}

void
sfb_usage(const char *text, int status)
{
	FILE *f = status ? stderr : stdout;

	fprintf(f, "usage: %s\n", text);
	if (!status && (fflush(f) != 0 || ferror(f)))
		exit(SFB_EXIT_USAGE);
	exit(status);
}

void
sfb_version(void)
{
	printf("%s (sfb) %s\n", sfb_prog, SFB_VERSION);
	exit(fflush(stdout) ? SFB_EXIT_USAGE : SFB_EXIT_OK);
}

struct sfb_span *
sfb_drops_new(int argc)
{
	struct sfb_span *drop = calloc((size_t)argc, sizeof *drop);

	if (drop == NULL)
		sfb_oom();
	return drop;
}

void
sfb_drops_add(struct sfb_span *drop, size_t *ndrop, const char *key)
{
	drop[*ndrop].p = key;
	drop[(*ndrop)++].n = strlen(key);
}

int
sfb_getopt_none(int argc, char **argv, const char *usage)
{
	static const struct option longopts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 }
	};
	int ch;

	while ((ch = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		switch (ch) {
		case 'h':
			sfb_usage(usage, SFB_EXIT_OK);
		case 'V':
			sfb_version();
		default:
			sfb_usage(usage, SFB_EXIT_USAGE);
		}
	}
	return optind;
}

void
sfb_oom(void)
{
	sfb_die(SFB_EXIT_USAGE, "out of memory");
}

void
sfb_run(char **files, int nfiles, sfb_rec_fn fn, void *ctx)
{
	sfb_run_par(files, nfiles, fn, &ctx, 1);
}

/* The reader of sfb_run_par, for on_sigbus. */
static const struct sfb_in *reading;

static void
put_stderr(const char *s)
{
	(void)!write(2, s, strlen(s));
}

/* The record loop reads regular files through a mapping (input.h); one
 * cut short while it is read loses the pages past its new end, and
 * touching them raises SIGBUS.  That is an error in the input like any
 * other: its message and status, and only the whole lines written so far
 * (the output is written in whole lines, and not flushed here). */
static void
on_sigbus(int sig)
{
	(void)sig;
	put_stderr(sfb_prog);
	put_stderr(": ");
	put_stderr(reading ? sfb_in_name(reading) : "-");
	put_stderr(": file cut short while it was read\n");
	_exit(SFB_EXIT_USAGE);
}

void
sfb_run_par(char **files, int nfiles, sfb_rec_fn fn, void *const *ctx,
    size_t nctx)
{
	struct sfb_err err = { 0 };
	struct sfb_in *in = sfb_in_new(files, nfiles);
	int r;

	if (!in)
		sfb_oom();
	reading = in;
	signal(SIGBUS, on_sigbus);
	r = sfb_loop_run_par_block(in, &sfb_stdout, fn, ctx, nctx,
	    sfb_block_bytes, &err);
	signal(SIGBUS, SIG_DFL);
	reading = NULL;
	sfb_in_free(in);
	if (r)
		sfb_die_err(&err);
}

void
sfb_run_docs(char **files, int nfiles,
    void (*fn)(const char *doc, size_t len, const char *name))
{
	struct sfb_err err = { 0 };
	struct sfb_in *in = sfb_in_new(files, nfiles);
	const char *doc;
	size_t len;
	int r;

	if (!in)
		sfb_oom();
	while ((r = sfb_in_file(in, &doc, &len, &err)) == 1)
		fn(doc, len, sfb_in_name(in));
	if (r) {
		sfb_finish(0);
		sfb_die_err(&err);
	}
	sfb_in_free(in);
}

void
sfb_run_jobs(char **files, int nfiles, sfb_rec_fn fn, int jobs,
    void *(*make)(void *), void (*drop)(void *), void *arg)
{
	void **ctx = calloc((size_t)jobs, sizeof *ctx);
	int i;

	if (ctx == NULL)
		sfb_oom();
	for (i = 0; i < jobs; i++)
		if ((ctx[i] = make(arg)) == NULL)
			sfb_oom();
	sfb_run_par(files, nfiles, fn, ctx, (size_t)jobs);
	for (i = 0; i < jobs; i++)
		drop(ctx[i]);
	free(ctx);
}

void
sfb_put(struct sfb_buf *out, const char *s)
{
	if (sfb_buf_puts(out, s) < 0)
		sfb_oom();
}

void
sfb_put_str(struct sfb_buf *out, const char *s, size_t n)
{
	if (sfb_json_str_encode(out, s, n, 0) < 0)
		sfb_oom();
}

void
sfb_put_num(struct sfb_buf *out, double d)
{
	char num[SFB_NUM_MAX];

	if (isnan(d))
		sfb_put(out, "null");
	else if (sfb_buf_put(out, num, sfb_num_repr(d, num)) < 0)
		sfb_oom();
}

void
sfb_put_uint(struct sfb_buf *out, uint64_t v)
{
	char num[24];
	int n = snprintf(num, sizeof num, "%llu", (unsigned long long)v);

	if (sfb_buf_put(out, num, (size_t)n) < 0)
		sfb_oom();
}

void
sfb_die_unusable(const char *file, int grouped, const char *key, size_t klen)
{
	if (grouped)
		sfb_die(SFB_EXIT_USAGE, "%s: no usable record in group \"%.*s\"",
		    file, (int)klen, key);
	sfb_die(SFB_EXIT_USAGE, "%s: no usable record", file);
}

void
sfb_die_msgs(const char *opt, const char *msgs, size_t len)
{
	size_t i = 0;

	fflush(stdout);
	while (i < len) {
		const char *m = msgs + i, *z = memchr(m, '\0', len - i);
		size_t n = z ? (size_t)(z - m) : len - i;

		fprintf(stderr, "%s: %s: %.*s\n", sfb_prog, opt, (int)n, m);
		i += n + 1;
	}
	exit(SFB_EXIT_USAGE);
}

long long
sfb_parse_int(const char *opt, const char *s, long long lo, long long hi)
{
	char *end;
	long long v;

	errno = 0;
	v = strtoll(s, &end, 10);
	if (errno || end == s || *end || v < lo || v > hi ||
	    isspace((unsigned char)*s)) {
		if (lo == LLONG_MIN && hi == LLONG_MAX)
			sfb_die(SFB_EXIT_USAGE, "%s: expected an integer: '%s'",
			    opt, s);
		sfb_die(SFB_EXIT_USAGE, "%s: expected a number from %lld to %lld: "
		    "'%s'", opt, lo, hi, s);
	}
	return v;
}

unsigned long long
sfb_parse_uint(const char *opt, const char *s, unsigned long long lo,
    unsigned long long hi)
{
	const char *d = *s == '+' ? s + 1 : s;
	unsigned long long v = 0;
	char *end = (char *)s;

	errno = 0;
	/* strtoull would skip white space and take a '-' (and wrap). */
	if (isdigit((unsigned char)*d))
		v = strtoull(s, &end, 10);
	if (errno || end == s || *end || v < lo || v > hi)
		sfb_die(SFB_EXIT_USAGE, "%s: expected a number from %llu to %llu: "
		    "'%s'", opt, lo, hi, s);
	return v;
}

void
sfb_parse_seed(const char *opt, const char *s, struct sfb_seed *seed)
{
	const char *d = *s == '+' ? s + 1 : s;

	if (!*d || sfb_seed_parse(seed, d, strlen(d)) < 0)
		sfb_die(SFB_EXIT_USAGE, "%s: expected a non-negative integer: "
		    "'%s'", opt, s);
}

double
sfb_parse_real(const char *opt, const char *s, double lo, double hi)
{
	char *end;
	double v;

	errno = 0;
	v = strtod(s, &end);
	if (errno || end == s || *end || !isfinite(v) || !(v >= lo && v <= hi) ||
	    isspace((unsigned char)*s))
		sfb_die(SFB_EXIT_USAGE, "%s: expected a number from %g to "
		    "%g: '%s'", opt, lo, hi, s);
	return v;
}

int
sfb_parse_jobs(const char *s)
{
	return (int)sfb_parse_int("-j", s, 1, SFB_JOBS_MAX);
}

int
sfb_default_jobs(int most)
{
	cpu_set_t set;
	long n;

	if (sched_getaffinity(0, sizeof set, &set) == 0)
		n = CPU_COUNT(&set);
	else
		n = sysconf(_SC_NPROCESSORS_ONLN);
	return n < 1 ? 1 : n > most ? most : (int)n;
}

int
sfb_finish(int status)
{
	if (sfb_out_flush(&sfb_stdout) < 0)
		quiet_exit_if_pipe(sfb_stdout.werrno);
	if (fflush(stdout) != 0 || ferror(stdout))
		quiet_exit_if_pipe(errno);
	sfb_out_free(&sfb_stdout);
	return status;
}
