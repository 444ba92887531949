/* sfb-rec-bucket - the frozen 7-category recommendation buckets of each
 * report (SPEC 3.2). */
#include <getopt.h>
#include <stdlib.h>

#include "util.h"
#include "text/kwstage.h"

static const char usage_text[] =
    "sfb-rec-bucket [--evidence] [-f FIELD] [-j JOBS] [-k KEY] "
    "[FILE...]";

int
main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{"evidence", no_argument, NULL, 'E'},
		{"jobs", required_argument, NULL, 'j'},
		{"help", no_argument, NULL, 'h'},
		{"version", no_argument, NULL, 'V'},
		{NULL, 0, NULL, 0},
	};
	struct sfb_kwstage_opts o = {
		.set = SFB_KW_RECS,
		.out_key = "recommendations",
		.ev_key = "recommendation_evidence",
	};
	int jobs = sfb_default_jobs(SFB_JOBS_DEFAULT);
	int c;

	sfb_setup(argv);
	while ((c = getopt_long(argc, argv, "f:j:k:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'E': o.evidence = 1; break;
		case 'f': o.field = optarg; break;
		case 'j': jobs = sfb_parse_jobs(optarg); break;
		case 'k': o.key = optarg; break;
		case 'h': sfb_usage(usage_text, SFB_EXIT_OK);
		case 'V': sfb_version();
		default: sfb_usage(usage_text, SFB_EXIT_USAGE);
		}
	}
	sfb_run_jobs(argv + optind, argc - optind, sfb_kwstage_rec, jobs,
	    sfb_kwstage_make, sfb_kwstage_drop, &o);
	return sfb_finish(SFB_EXIT_OK);
}
