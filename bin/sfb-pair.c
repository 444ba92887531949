/* sfb-pair - per-report rows (a panel's evaluation_results.json or NDJSON)
 * to pair records sorted by model then pair_id, with the reference's
 * identity checks. */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"
#include "../lib/pair.h"

static const char usage_text[] =
    "sfb-pair [--model M] [FILE...]\n"
    "Pair source and generated report rows (a JSON array or NDJSON) into\n"
    "pair records sorted by model then pair_id.  --model M pairs only M's\n"
    "rows; without it every model is paired.";

int
main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "model", required_argument, NULL, 'm' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 }
	};
	struct sfb_err err = { 0 };
	struct sfb_pairer *pp;
	struct sfb_buf doc = { 0 };
	struct sfb_in *in;
	const char *model = NULL;
	size_t i, n;
	int ch, r;

	sfb_setup(argv);
	while ((ch = getopt_long(argc, argv, "hm:", longopts, NULL)) != -1) {
		switch (ch) {
		case 'm':
			model = optarg;
			break;
		case 'h':
			sfb_usage(usage_text, SFB_EXIT_OK);
		case 'V':
			sfb_version();
		default:
			sfb_usage(usage_text, SFB_EXIT_USAGE);
		}
	}
	if (!(in = sfb_in_new(argv + optind, argc - optind)) ||
	    !(pp = sfb_pairer_new(model, model ? strlen(model) : 0)))
		sfb_oom();
	while ((r = sfb_in_file_take(in, &doc, &err)) == 1)
		if ((r = sfb_pairer_add(pp, &doc, sfb_in_name(in), &err)) != 0)
			break;
	if (r == 0)
		r = sfb_pairer_finish(pp, &err);
	if (r)
		sfb_die_err(&err);
	n = sfb_pairer_count(pp);
	for (i = 0; i < n; i++) {
		if (sfb_pairer_put(pp, i, &sfb_stdout.b) < 0)
			sfb_oom();
		if (sfb_stdout.b.len >= 1 << 20 && sfb_out_flush(&sfb_stdout) < 0)
			break;
	}
	sfb_in_free(in);
	sfb_pairer_free(pp);
	return sfb_finish(SFB_EXIT_OK);
}
