/*
 * sfb-synth's library entry point: write a deterministic synthetic
 * SpineFairBench bundle (SPEC sections 6 and 9) and the code-root files
 * some reviewer checks read.  Nothing here prints or exits.
 */
#ifndef SFB_SYNTH_H
#define SFB_SYNTH_H

#include <stddef.h>
#include <stdint.h>

struct sfb_synth_opts {
	const char *out_dir;	/* the bundle root; must be empty or absent */
	const char *code_root;	/* the code root; likewise */
	const char *truth_path;	/* NULL, or where to write per-pair truth NDJSON */
	uint32_t n_sources;	/* released sources, >= 1 */
	uint64_t seed;
	int confidence_manifest;	/* also write the optional Stage-1 sample manifest */
	int adversarial;	/* retained-panel reports with the characters of synth_adv.h */
	int short_reports;	/* every genuine report in the terse style (syn_short_style) */
};

/* What a run wrote, for the caller's summary. */
struct sfb_synth_summary {
	size_t sources, attempted_pairs, qc_pairs, core_sources, core_pairs,
	    intersection_pairs, bundle_files;
};

/* Returns 0, or -1 with a one-line reason in err. */
int sfb_synth_write(const struct sfb_synth_opts *o,
    struct sfb_synth_summary *sum, char *err, size_t errlen);

#endif
