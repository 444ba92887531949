/* sfb-csv - CSV tables with a header row to NDJSON, one object per row. */
#include <stdlib.h>

#include "util.h"
#include "core/csvrec.h"

static const char usage_text[] =
    "sfb-csv [FILE...]\n"
    "Convert CSV with a header row to NDJSON: one object per data row, keys\n"
    "in header order, every value a string.  Each FILE has its own header.";

static int
write_row(void *ctx, const struct sfb_csv_text *names,
    const struct sfb_csv_text *fields, size_t nf, size_t line)
{
	struct sfb_buf *b = &sfb_stdout.b;
	int r = 0;

	(void)ctx;
	(void)line;
	r |= sfb_buf_putc(b, '{');
	for (size_t i = 0; i < nf; i++) {
		if (i)
			r |= sfb_buf_putc(b, ',');
		r |= sfb_json_str_encode(b, names[i].p, names[i].n, 0);
		r |= sfb_buf_putc(b, ':');
		r |= sfb_json_str_encode(b, fields[i].p, fields[i].n, 0);
	}
	r |= sfb_buf_puts(b, "}\n");
	if (r)
		sfb_oom();
	if (b->len >= 1 << 16 && sfb_out_flush(&sfb_stdout) < 0)
		sfb_finish(SFB_EXIT_USAGE);
	return 0;
}

static void
convert(const char *doc, size_t len, const char *name)
{
	struct sfb_csv *c = sfb_csv_new(write_row, NULL);
	size_t line;
	int r;

	if (!c)
		sfb_oom();
	r = sfb_csv_feed(c, doc, len);
	if (!r)
		r = sfb_csv_finish(c);
	if (r == SFB_CSV_ENOMEM)
		sfb_oom();
	if (r) {
		const char *msg = sfb_csv_error(c, &line);

		sfb_finish(0);
		sfb_die(SFB_EXIT_USAGE, "%s:%zu: %s", name, line, msg);
	}
	sfb_csv_free(c);
}

int
main(int argc, char **argv)
{
	int first;

	sfb_setup(argv);
	first = sfb_getopt_none(argc, argv, usage_text);
	sfb_run_docs(argv + first, argc - first, convert);
	return sfb_finish(SFB_EXIT_OK);
}
