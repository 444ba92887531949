/* sfb-synth - write a deterministic synthetic SpineFairBench bundle. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"
#include "bundle/synth.h"
#include "bundle/synth_buf.h"

static const char usage_text[] =
    "sfb-synth --out DIR [--sources N] [--seed S] [--code-root DIR]\n"
    "                 [--truth FILE] [--confidence-sample-manifest] [--summary]\n"
    "                 [--adversarial] [--short-reports]";

/* The sibling "code-root" of the bundle directory. */
static char *
default_code_root(const char *out)
{
	size_t n = strlen(out);
	char *p;

	while (n > 1 && out[n - 1] == '/')
		n--;
	while (n > 0 && out[n - 1] != '/')
		n--;
	p = malloc(n + sizeof "code-root");
	if (p == NULL)
		sfb_oom();
	memcpy(p, out, n);
	memcpy(p + n, "code-root", sizeof "code-root");
	return p;
}

int
main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "out", required_argument, NULL, 'o' },
		{ "sources", required_argument, NULL, 'n' },
		{ "seed", required_argument, NULL, 's' },
		{ "code-root", required_argument, NULL, 'c' },
		{ "truth", required_argument, NULL, 't' },
		{ "confidence-sample-manifest", no_argument, NULL, 'C' },
		{ "summary", no_argument, NULL, 'S' },
		{ "adversarial", no_argument, NULL, 'A' },
		{ "short-reports", no_argument, NULL, 'R' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	struct sfb_synth_opts o = { .n_sources = 120, .seed = 42 };
	struct sfb_synth_summary sum;
	char err[600], *code_root = NULL;
	int c, summary = 0;

	sfb_setup(argv);
	while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		switch (c) {
		case 'o': o.out_dir = optarg; break;
		case 'n': o.n_sources = (uint32_t)sfb_parse_int("--sources", optarg, 10, 200000); break;
		case 's': o.seed = sfb_parse_uint("--seed", optarg, 0, UINT64_MAX); break;
		case 'c': o.code_root = optarg; break;
		case 't': o.truth_path = optarg; break;
		case 'C': o.confidence_manifest = 1; break;
		case 'S': summary = 1; break;
		case 'A': o.adversarial = 1; break;
		case 'R': o.short_reports = 1; break;
		case 'h': sfb_usage(usage_text, SFB_EXIT_OK);
		case 'V': sfb_version();
		default: sfb_usage(usage_text, SFB_EXIT_USAGE);
		}
	}
	if (optind != argc || o.out_dir == NULL || *o.out_dir == '\0')
		sfb_usage(usage_text, SFB_EXIT_USAGE);
	if (o.code_root == NULL)
		o.code_root = code_root = default_code_root(o.out_dir);
	if (sfb_synth_write(&o, &sum, err, sizeof err) != 0)
		sfb_die(SFB_EXIT_USAGE, "%s", err);
	if (summary) {
		struct sfb_sbuf b;
		sfb_sbuf_init(&b);
		sfb_sbuf_printf(&b, "{\"sources\": %zu, \"attempted_pairs\": %zu, "
		    "\"qc_pairs\": %zu, \"core_sources\": %zu, \"core_pairs\": %zu, "
		    "\"intersection_pairs\": %zu, \"bundle_files\": %zu, \"code_root\": ",
		    sum.sources, sum.attempted_pairs, sum.qc_pairs, sum.core_sources,
		    sum.core_pairs, sum.intersection_pairs, sum.bundle_files);
		sfb_sbuf_json_str(&b, o.code_root, strlen(o.code_root));
		sfb_sbuf_puts(&b, "}\n");
		if (sfb_sbuf_failed(&b))
			sfb_oom();
		fwrite(b.p, 1, b.len, stdout);
		sfb_sbuf_release(&b);
	}
	free(code_root);
	if (fflush(stdout) != 0 || ferror(stdout))
		sfb_die(SFB_EXIT_USAGE, "write error: %s", strerror(errno));
	return SFB_EXIT_OK;
}
