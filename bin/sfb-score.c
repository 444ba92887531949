/* sfb-score - score a model's submission against a released scope and
 * write the score JSON (SPEC 8). */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "bundle/score.h"
#include "util.h"

static const char usage_text[] =
    "sfb-score --artifacts DIR --submission FILE --output FILE [--scope S]\n"
    "                 [--allow-partial] [--bootstrap-iterations N] [--seed S]\n"
    "                 [--recommendation-seed S] [--diagnostic-seed S] [--pins FILE]";

enum { O_ARTIFACTS = 256, O_SUBMISSION, O_OUTPUT, O_SCOPE, O_PARTIAL, O_ITER,
	O_SEED, O_RSEED, O_DSEED, O_PINS, O_VERSION };

static const struct option longopts[] = {
	{ "artifacts", required_argument, NULL, O_ARTIFACTS },
	{ "submission", required_argument, NULL, O_SUBMISSION },
	{ "output", required_argument, NULL, O_OUTPUT },
	{ "scope", required_argument, NULL, O_SCOPE },
	{ "allow-partial", no_argument, NULL, O_PARTIAL },
	{ "bootstrap-iterations", required_argument, NULL, O_ITER },
	{ "seed", required_argument, NULL, O_SEED },
	{ "recommendation-seed", required_argument, NULL, O_RSEED },
	{ "diagnostic-seed", required_argument, NULL, O_DSEED },
	{ "pins", required_argument, NULL, O_PINS },
	{ "help", no_argument, NULL, 'h' },
	{ "version", no_argument, NULL, O_VERSION },
	{ NULL, 0, NULL, 0 },
};

/* Print "Scoring error: MSG" and exit 2; the message is pointer + length.
 * A lone surrogate (WTF-8 ED A0-BF xx) is written as Python's stderr
 * writes it, with backslashreplace: "\udXXX". */
static _Noreturn void
fail(const char *msg, size_t n)
{
	const unsigned char *p = (const unsigned char *)msg;
	size_t i;

	fflush(stdout);
	fputs("Scoring error: ", stderr);
	for (i = 0; i < n; i++) {
		if (p[i] == 0xED && i + 2 < n && p[i + 1] >= 0xA0 &&
		    p[i + 1] <= 0xBF && (p[i + 2] & 0xC0) == 0x80) {
			fprintf(stderr, "\\u%04x", 0xD000 |
			    (p[i + 1] & 0x3F) << 6 | (p[i + 2] & 0x3F));
			i += 2;
		} else
			fputc(p[i], stderr);
	}
	fputc('\n', stderr);
	exit(SFB_EXIT_USAGE);
}

static _Noreturn __attribute__((format(printf, 1, 2))) void
failf(const char *fmt, ...)
{
	char line[8192];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(line, sizeof line, fmt, ap);
	va_end(ap);
	fail(line, n < 0 ? 0 : (size_t)n < sizeof line ? (size_t)n :
	    sizeof line - 1);
}

/* Python's Path.resolve(): absolute, symbolic links resolved as far as
 * the path exists, the rest normalised. */
static char *
resolve(const char *path)
{
	char cwd[PATH_MAX], *abs, *out, *p, *tok, *save;
	size_t len;

	if ((out = realpath(path, NULL)))
		return out;
	if (path[0] == '/')
		abs = strdup(path);
	else if (getcwd(cwd, sizeof cwd)) {
		if ((abs = malloc(strlen(cwd) + strlen(path) + 2)))
			sprintf(abs, "%s/%s", cwd, path);
	} else
		abs = NULL;
	if (!abs || !(out = malloc(strlen(abs) + 2 * PATH_MAX + 2)))
		sfb_oom();
	strcpy(out, "/");
	for (tok = strtok_r(abs, "/", &save); tok; tok = strtok_r(NULL, "/",
	    &save)) {
		if (strcmp(tok, ".") == 0)
			continue;
		if (strcmp(tok, "..") == 0) {
			if ((p = strrchr(out, '/')) && p != out)
				*p = '\0';
			else
				strcpy(out, "/");
			continue;
		}
		len = strlen(out);
		sprintf(out + len, "%s%s", len > 1 ? "/" : "", tok);
		if ((p = realpath(out, NULL))) {
			strcpy(out, p);
			free(p);
		}
	}
	free(abs);
	return out;
}

static int
slurp(const char *path, struct sfb_buf *b)
{
	FILE *f = fopen(path, "rb");
	struct stat st;
	size_t r;

	if (!f)
		return -1;
	/* One allocation for a regular file; growth for anything else. */
	if (fstat(fileno(f), &st) == 0 && st.st_size > 0)
		sfb_buf_reserve(b, (size_t)st.st_size + 1);
	do {
		if (sfb_buf_reserve(b, 1 << 20) < 0)
			sfb_oom();
		r = fread(b->p + b->len, 1, b->cap - b->len, f);
		b->len += r;
	} while (r > 0);
	if (ferror(f)) {
		fclose(f);
		return -1;
	}
	return fclose(f);
}

static void
mkdirs(char *dir)
{
	char *p;

	for (p = dir + 1; *p; p++)
		if (*p == '/') {
			*p = '\0';
			mkdir(dir, 0777);
			*p = '/';
		}
	mkdir(dir, 0777);
}

/* Write the score file whole or not at all: a temporary file in the same
 * directory, renamed over the output. */
static void
write_output(const char *out, const struct sfb_buf *json)
{
	char *dir = strdup(out), *tmp, *slash;
	mode_t um;
	FILE *f;
	int fd;

	if (!dir || !(tmp = malloc(strlen(out) + 16)))
		sfb_oom();
	slash = strrchr(dir, '/');
	*slash = '\0';
	if (*dir)
		mkdirs(dir);
	sprintf(tmp, "%s/.%s.XXXXXX", *dir ? dir : "", slash + 1);
	if ((fd = mkstemp(tmp)) < 0)
		failf("Cannot write %s: %s", out, strerror(errno));
	um = umask(0);
	umask(um);
	fchmod(fd, 0666 & ~um);
	if (!(f = fdopen(fd, "wb")) ||
	    fwrite(json->p, 1, json->len, f) != json->len ||
	    fclose(f) != 0 || rename(tmp, out) != 0) {
		int e = errno;

		unlink(tmp);
		failf("Cannot write %s: %s", out, strerror(e));
	}
	free(tmp);
	free(dir);
}

static void
timestamp(char *buf, size_t n)
{
	const char *env = getenv("SOURCE_DATE_EPOCH");
	time_t t = time(NULL);
	struct tm tm;

	if (env && *env) {
		char *end;
		long long v = strtoll(env, &end, 10);

		if (*end == '\0')
			t = (time_t)v;
	}
	gmtime_r(&t, &tm);
	strftime(buf, n, "%Y-%m-%dT%H:%M:%S+00:00", &tm);
}

struct args {
	const char *artifacts, *submission, *output, *pins;
	struct sfb_score_opts o;
};

static void
parse_args(int argc, char **argv, struct args *a)
{
	int c, have_r = 0, have_d = 0;

	a->o.iterations = 10000;
	sfb_seed_from_u64(&a->o.seed, 42);
	while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		switch (c) {
		case O_ARTIFACTS: a->artifacts = optarg; break;
		case O_SUBMISSION: a->submission = optarg; break;
		case O_OUTPUT: a->output = optarg; break;
		case O_SCOPE:
			if (!sfb_score_scope_valid(optarg, strlen(optarg))) {
				fprintf(stderr, "%s: --scope: invalid choice: '%s' "
				    "(choose from '%s', '%s', '%s', '%s')\n",
				    sfb_prog, optarg, sfb_score_scopes[0],
				    sfb_score_scopes[1], sfb_score_scopes[2],
				    sfb_score_scopes[3]);
				sfb_usage(usage_text, SFB_EXIT_USAGE);
			}
			a->o.scope = optarg;
			break;
		case O_PARTIAL: a->o.allow_partial = 1; break;
		case O_ITER:
			/* Any integer: below 1 fails after scoring, as in
			 * the reference. */
			a->o.iterations = sfb_parse_int("--bootstrap-iterations",
			    optarg, LLONG_MIN, LLONG_MAX);
			break;
		case O_SEED: sfb_parse_seed("--seed", optarg, &a->o.seed); break;
		case O_RSEED:
			sfb_parse_seed("--recommendation-seed", optarg, &a->o.rec_seed);
			have_r = 1;
			break;
		case O_DSEED:
			sfb_parse_seed("--diagnostic-seed", optarg, &a->o.diag_seed);
			have_d = 1;
			break;
		case O_PINS: a->pins = optarg; break;
		case 'h': sfb_usage(usage_text, SFB_EXIT_OK);
		case O_VERSION: sfb_version();
		default: sfb_usage(usage_text, SFB_EXIT_USAGE);
		}
	}
	if (optind != argc || !a->artifacts || !a->submission || !a->output) {
		if (optind == argc)
			fprintf(stderr, "%s: --artifacts, --submission and "
			    "--output are required\n", sfb_prog);
		sfb_usage(usage_text, SFB_EXIT_USAGE);
	}
	/* Each endpoint's seed defaults to --seed, wherever it is given. */
	if (!have_r)
		a->o.rec_seed = a->o.seed;
	if (!have_d)
		a->o.diag_seed = a->o.seed;
}

int
main(int argc, char **argv)
{
	struct args a = { 0 };
	struct sfb_score_result res;
	struct sfb_buf sub = { 0 }, msg = { 0 }, pinsrc = { 0 };
	struct sfb_score_pins *pins;
	char stamp[64], *outpath, *pinpath = NULL;

	sfb_setup(argv);
	memset(&res, 0, sizeof res);
	parse_args(argc, argv, &a);
	a.o.artifacts = resolve(a.artifacts);
	outpath = resolve(a.output);
	if (a.pins) {
		if (slurp(a.pins, &pinsrc) < 0)
			failf("Cannot read pins file: %s", a.pins);
		if (!(pins = sfb_score_pins_parse(pinsrc.p, pinsrc.len, &msg)))
			fail(msg.p, msg.len);
		a.o.pin_source = pinpath = resolve(a.pins);
	} else {
		if (!(pins = sfb_score_pins_release()))
			sfb_oom();
		a.o.pin_source = "release";
	}
	a.o.pins = pins;
	if (slurp(a.submission, &sub) < 0)
		failf("Cannot read submission %s: %s", a.submission,
		    strerror(errno));
	timestamp(stamp, sizeof stamp);
	a.o.scored_at = stamp;

	if (sfb_score_run(&a.o, sub.p, sub.len, &res, &msg) < 0)
		fail(msg.p, msg.len);
	write_output(outpath, &res.json);
	fwrite(res.summary.p, 1, res.summary.len, stdout);
	printf("Score JSON: %s\n", outpath);
	if (res.warnings.len)
		fwrite(res.warnings.p, 1, res.warnings.len, stdout);

	sfb_score_pins_free(pins);
	sfb_buf_free(&sub);
	sfb_buf_free(&msg);
	sfb_buf_free(&pinsrc);
	sfb_buf_free(&res.json);
	sfb_buf_free(&res.summary);
	sfb_buf_free(&res.warnings);
	free(outpath);
	free(pinpath);
	free((char *)a.o.artifacts);
	return sfb_finish(SFB_EXIT_OK);
}
