/* sfb-csv — CSV tables with a header row to NDJSON, one object per row. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../lib/csvrec.h"

static const char *prog = "sfb-csv";

static void
usage(FILE *f, int status)
{
	fprintf(f, "usage: %s [FILE...]\n"
	    "Convert CSV with a header row to NDJSON: one object per row,\n"
	    "keys in header order, every value a string.\n", prog);
	exit(status);
}

static void
put_string(FILE *out, const char *p, size_t n)
{
	static const char hex[] = "0123456789abcdef";

	putc('"', out);
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)p[i];

		switch (c) {
		case '"': fputs("\\\"", out); break;
		case '\\': fputs("\\\\", out); break;
		case '\n': fputs("\\n", out); break;
		case '\r': fputs("\\r", out); break;
		case '\t': fputs("\\t", out); break;
		default:
			if (c < 0x20) {
				fputs("\\u00", out);
				putc(hex[c >> 4], out);
				putc(hex[c & 15], out);
			} else
				putc(c, out);
		}
	}
	putc('"', out);
}

static int
write_row(void *ctx, const struct sfb_csv_text *names,
    const struct sfb_csv_text *fields, size_t nf, size_t line)
{
	FILE *out = ctx;

	(void)line;
	putc('{', out);
	for (size_t i = 0; i < nf; i++) {
		if (i)
			putc(',', out);
		put_string(out, names[i].p, names[i].n);
		putc(':', out);
		put_string(out, fields[i].p, fields[i].n);
	}
	fputs("}\n", out);
	return 0;
}

static void
convert(FILE *in, const char *name)
{
	static char buf[1 << 16];
	struct sfb_csv *c = sfb_csv_new(write_row, stdout);
	size_t n, line;
	int r = 0;

	if (!c) {
		fprintf(stderr, "%s: out of memory\n", prog);
		exit(2);
	}
	while (!r && (n = fread(buf, 1, sizeof buf, in)) > 0)
		r = sfb_csv_feed(c, buf, n);
	if (!r && ferror(in)) {
		fprintf(stderr, "%s: %s: %s\n", prog, name, strerror(errno));
		exit(2);
	}
	if (!r)
		r = sfb_csv_finish(c);
	if (r == SFB_CSV_ENOMEM) {
		fprintf(stderr, "%s: out of memory\n", prog);
		exit(2);
	}
	if (r) {
		const char *msg = sfb_csv_error(c, &line);

		fflush(stdout);
		fprintf(stderr, "%s: %s:%zu: %s\n", prog, name, line, msg);
		exit(2);
	}
	sfb_csv_free(c);
}

int
main(int argc, char **argv)
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
			usage(stdout, 0);
			break;
		case 'V':
			puts("sfb-csv 0.1");
			return 0;
		default:
			usage(stderr, 2);
		}
	}
	if (optind == argc)
		convert(stdin, "-");
	for (int i = optind; i < argc; i++) {
		FILE *f;

		if (!strcmp(argv[i], "-")) {
			convert(stdin, "-");
			continue;
		}
		if (!(f = fopen(argv[i], "rb"))) {
			fprintf(stderr, "%s: %s: %s\n", prog, argv[i],
			    strerror(errno));
			return 2;
		}
		convert(f, argv[i]);
		fclose(f);
	}
	if (fflush(stdout) || ferror(stdout)) {
		fprintf(stderr, "%s: write error\n", prog);
		return 2;
	}
	return 0;
}
