/* sfb-pair - per-report rows (a panel's evaluation_results.json or NDJSON)
 * to pair records sorted by model then pair_id, with the reference's
 * identity checks. */
#include <sys/mman.h>
#include <sys/stat.h>

#include <fcntl.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util.h"
#include "core/json.h"
#include "bundle/pair.h"


static const char usage_text[] =
    "sfb-pair [--model M] [--row-index KEY] [FILE...]\n"
    "Pair source and generated report rows (a JSON array or NDJSON) into\n"
    "pair records sorted by model then pair_id.  --model M pairs only M's\n"
    "rows; without it every model is paired.  --row-index KEY adds KEY, the\n"
    "generated row's position among the input rows (0 for the first).";

/* The files mapped, for the SIGBUS handler: a mapped file that shrinks
 * while it is read faults instead of reading short, and that must end as
 * any other bad input does, with its name, exit 2 and no partial line (the
 * output buffer is not flushed). */
#define MAX_MAPS 64
static struct {
	const char *name;
	const char *p;
	size_t n;
} maps[MAX_MAPS];
static size_t nmaps;

static void
on_sigbus(int sig, siginfo_t *si, void *uc)
{
	static const char pre[] = "sfb-pair: ";
	static const char post[] = ": file changed while it was read\n";
	const char *at = si->si_addr, *name = "input";
	size_t i;

	(void)sig;
	(void)uc;
	for (i = 0; i < nmaps; i++)
		if (at >= maps[i].p && at < maps[i].p + maps[i].n)
			name = maps[i].name;
	/* Only async-signal-safe calls here. */
	(void)!write(2, pre, sizeof pre - 1);
	(void)!write(2, name, strlen(name));
	(void)!write(2, post, sizeof post - 1);
	_exit(SFB_EXIT_USAGE);
}

/* A regular file that is not zstd-compressed is mapped rather than read: a
 * panel is tens of megabytes, and copying it into fresh memory costs more
 * than pairing it.  NULL for anything else, or when the file cannot be
 * opened (the reader then says why). */
static const char *
map_file(const char *name, size_t *n)
{
	static const unsigned char zstd_magic[4] = { 0x28, 0xB5, 0x2F, 0xFD };
	struct stat st;
	void *p;
	int fd;

	if (strcmp(name, "-") == 0 || (fd = open(name, O_RDONLY)) < 0)
		return NULL;
	p = MAP_FAILED;
	if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size >= 4)
		p = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
	close(fd);
	if (p == MAP_FAILED)
		return NULL;
	if (memcmp(p, zstd_magic, 4) == 0 || nmaps == MAX_MAPS) {
		munmap(p, (size_t)st.st_size);
		return NULL;
	}
	*n = (size_t)st.st_size;
	maps[nmaps].name = name;
	maps[nmaps].p = p;
	maps[nmaps++].n = *n;
	return p;
}

/* A key sfb-pair writes anyway: --row-index must not duplicate it. */
static int
taken_key(const char *key)
{
	static const char *const keys[] = { "model", "pair_id", "source_id",
	    "edit_label", "source_report", "counterfactual_report" };
	size_t i;

	for (i = 0; i < sizeof keys / sizeof *keys; i++)
		if (strcmp(key, keys[i]) == 0)
			return 1;
	return 0;
}

/* Pair i's record with KEY (the generated row's position) as its last
 * member. */
static int
put_with_row(const struct sfb_pairer *pp, size_t i, const char *key,
    struct sfb_buf *out)
{
	char num[24];
	int k;

	if (sfb_pairer_put(pp, i, out) < 0)
		return -1;
	out->len -= 2;		/* "}\n" */
	k = snprintf(num, sizeof num, "%zu}\n", sfb_pairer_gen_row(pp, i));
	if (sfb_buf_put(out, ", ", 2) < 0 ||
	    sfb_json_str_encode(out, key, strlen(key), 0) < 0 ||
	    sfb_buf_put(out, ": ", 2) < 0)
		return -1;
	return sfb_buf_put(out, num, (size_t)k);
}

/* Hand the rows of file name (NULL: standard input) to the pairer. */
static int
add_file(struct sfb_pairer *pp, char *name, struct sfb_err *err)
{
	struct sfb_buf doc = { 0 };
	struct sfb_in *in;
	const char *text;
	size_t n;
	int r;

	if (name && (text = map_file(name, &n)) != NULL)
		return sfb_pairer_add_text(pp, text, n, name, err);
	if (!(in = sfb_in_new(&name, name != NULL)))
		sfb_oom();
	if ((r = sfb_in_file_take(in, &doc, err)) == 1)
		r = sfb_pairer_add(pp, &doc, name ? name : "-", err);
	sfb_buf_free(&doc);
	sfb_in_free(in);
	return r;
}

int
main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "model", required_argument, NULL, 'm' },
		{ "row-index", required_argument, NULL, 'r' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 }
	};
	struct sfb_err err = { 0 };
	struct sigaction sa;
	struct sfb_pairer *pp;
	const char *model = NULL, *row_key = NULL;
	size_t i, n;
	int ch, r = 0;

	sfb_setup(argv);
	memset(&sa, 0, sizeof sa);
	sa.sa_sigaction = on_sigbus;
	sa.sa_flags = SA_SIGINFO;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGBUS, &sa, NULL);
	while ((ch = getopt_long(argc, argv, "hm:", longopts, NULL)) != -1) {
		switch (ch) {
		case 'm':
			model = optarg;
			break;
		case 'r':
			row_key = optarg;
			break;
		case 'h':
			sfb_usage(usage_text, SFB_EXIT_OK);
		case 'V':
			sfb_version();
		default:
			sfb_usage(usage_text, SFB_EXIT_USAGE);
		}
	}
	if (row_key && taken_key(row_key))
		sfb_die(SFB_EXIT_USAGE, "--row-index: '%s' is a member of every "
		    "pair record", row_key);
	if (!(pp = sfb_pairer_new(model, model ? strlen(model) : 0)))
		sfb_oom();
	if (optind == argc)
		r = add_file(pp, NULL, &err);
	for (; optind < argc && r == 0; optind++)
		r = add_file(pp, argv[optind], &err);
	if (r == 0)
		r = sfb_pairer_finish(pp, &err);
	if (r)
		sfb_die_err(&err);
	n = sfb_pairer_count(pp);
	sfb_out_widen_pipe(&sfb_stdout);
	for (i = 0; i < n; i++) {
		if ((row_key ? put_with_row(pp, i, row_key, &sfb_stdout.b) :
		    sfb_pairer_put(pp, i, &sfb_stdout.b)) < 0)
			sfb_oom();
		if (sfb_stdout.b.len >= SFB_OUT_FLUSH_AT &&
		    sfb_out_flush(&sfb_stdout) < 0)
			break;
	}
	sfb_pairer_free(pp);
	return sfb_finish(SFB_EXIT_OK);
}
