/* sfb-extract-labels - the frozen 13-category diagnostic labels of each
 * report (SPEC 3.1). */
#include <getopt.h>
#include <stdlib.h>

#include "util.h"
#include "text/kwstage.h"

static const char usage_text[] =
    "sfb-extract-labels [--strict] [--evidence] [-f FIELD] [-j JOBS] "
    "[-k KEY] [FILE...]";

int
main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{"strict", no_argument, NULL, 'S'},
		{"evidence", no_argument, NULL, 'E'},
		{"list", no_argument, NULL, 'L'},
		{"jobs", required_argument, NULL, 'j'},
		{"help", no_argument, NULL, 'h'},
		{"version", no_argument, NULL, 'V'},
		{NULL, 0, NULL, 0},
	};
	struct sfb_kwstage_opts o = {
		.set = SFB_KW_LABELS,
		.out_key = "diagnostic_labels",
		.ev_key = "diagnostic_evidence",
	};
	int jobs = sfb_default_jobs(SFB_JOBS_DEFAULT);
	int c, list = 0;

	sfb_setup(argv);
	while ((c = getopt_long(argc, argv, "f:j:k:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'S': o.set = SFB_KW_LABELS_STRICT; break;
		case 'E': o.evidence = 1; break;
		case 'L': list = 1; break;
		case 'f': o.field = optarg; break;
		case 'j': jobs = sfb_parse_jobs(optarg); break;
		case 'k': o.key = optarg; break;
		case 'h': sfb_usage(usage_text, SFB_EXIT_OK);
		case 'V': sfb_version();
		default: sfb_usage(usage_text, SFB_EXIT_USAGE);
		}
	}
	if (list) {
		/* The registry's category names, for the reviewer checks. */
		const struct sfb_kw_registry *reg = sfb_kw_registry_get(o.set);

		for (size_t i = 0; i < reg->ncat; i++)
			printf("%s\n", reg->cats[i].name);
		return sfb_finish(SFB_EXIT_OK);
	}
	sfb_run_jobs(argv + optind, argc - optind, sfb_kwstage_rec, jobs,
	    sfb_kwstage_make, sfb_kwstage_drop, &o);
	return sfb_finish(SFB_EXIT_OK);
}
