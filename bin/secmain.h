/* secmain.h - the one front of the two secondary-endpoint stages,
 * sfb-severity and sfb-hedging: the same options, one record loop, only
 * the counted registry differs. */
#ifndef SFB_SECMAIN_H
#define SFB_SECMAIN_H

#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"
#include "text/secstage.h"

static int
secstage_main(int argc, char **argv, enum sfb_sec_kind kind,
    const char *usage_text)
{
	static const struct option longopts[] = {
		{"evidence", no_argument, NULL, 'E'},
		{"exclude", required_argument, NULL, 'x'},
		{"jobs", required_argument, NULL, 'j'},
		{"help", no_argument, NULL, 'h'},
		{"version", no_argument, NULL, 'V'},
		{NULL, 0, NULL, 0},
	};
	struct sfb_secstage_opts o = { .kind = kind };
	struct sfb_span *drop;
	int jobs = sfb_default_jobs(SFB_JOBS_DEFAULT);
	int c;

	sfb_setup(argv);
	drop = sfb_drops_new(argc);
	while ((c = getopt_long(argc, argv, "f:j:k:x:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'E': o.evidence = 1; break;
		case 'f': o.field = optarg; break;
		case 'j': jobs = sfb_parse_jobs(optarg); break;
		case 'k': o.key = optarg; break;
		case 'x': sfb_drops_add(drop, &o.ndrop, optarg); break;
		case 'h': sfb_usage(usage_text, SFB_EXIT_OK);
		case 'V': sfb_version();
		default: sfb_usage(usage_text, SFB_EXIT_USAGE);
		}
	}
	o.drop = drop;
	sfb_run_jobs(argv + optind, argc - optind, sfb_secstage_rec, jobs,
	    sfb_secstage_make, sfb_secstage_drop, &o);
	free(drop);
	return sfb_finish(SFB_EXIT_OK);
}

#endif
