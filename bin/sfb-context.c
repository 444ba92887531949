/* sfb-context - the NegEx status (GenNegEx v1.2) of every frozen label
 * mention of each report, or of one target phrase in one sentence
 * (SPEC 15). */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"
#include "text/ctxstage.h"

static const char usage_text[] =
    "sfb-context [--strict] [--evidence] [-f FIELD] [-t KEY] [-j JOBS] "
    "[-x KEY]... [FILE...]";

int
main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{"strict", no_argument, NULL, 'S'},
		{"evidence", no_argument, NULL, 'E'},
		{"field", required_argument, NULL, 'f'},
		{"target", required_argument, NULL, 't'},
		{"exclude", required_argument, NULL, 'x'},
		{"jobs", required_argument, NULL, 'j'},
		{"help", no_argument, NULL, 'h'},
		{"version", no_argument, NULL, 'V'},
		{NULL, 0, NULL, 0},
	};
	struct sfb_ctxstage_opts o = {0};
	struct sfb_span *drop;
	int jobs = sfb_default_jobs(SFB_JOBS_DEFAULT);
	int c;

	sfb_setup(argv);
	drop = sfb_drops_new(argc);
	while ((c = getopt_long(argc, argv, "f:t:x:j:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'S': o.strict = 1; break;
		case 'E': o.evidence = 1; break;
		case 'f': o.field = optarg; break;
		case 't': o.target = optarg; break;
		case 'x': sfb_drops_add(drop, &o.ndrop, optarg); break;
		case 'j': jobs = sfb_parse_jobs(optarg); break;
		case 'h': sfb_usage(usage_text, SFB_EXIT_OK);
		case 'V': sfb_version();
		default: sfb_usage(usage_text, SFB_EXIT_USAGE);
		}
	}
	if (o.target != NULL && (o.strict || o.evidence))
		sfb_die(SFB_EXIT_USAGE, "-t judges one target: --strict and "
		    "--evidence belong to registry mode");
	o.drop = drop;
	sfb_run_jobs(argv + optind, argc - optind, sfb_ctxstage_rec, jobs,
	    sfb_ctxstage_make, sfb_ctxstage_drop, &o);
	free(drop);
	return sfb_finish(SFB_EXIT_OK);
}
