/*
 * Shared state of the sfb-synth library files (synth_model.c,
 * synth_bundle.c): the sources, pairs, models and what is known about
 * every generated report.  Not part of the public API.
 */
#ifndef SFB_SYNTH_INT_H
#define SFB_SYNTH_INT_H

#include <stddef.h>
#include <stdint.h>

#include "stats/boot.h"
#include "bundle/synth.h"
#include "bundle/synth_buf.h"
#include "bundle/synth_text.h"

#define SYN_NEDITS 4
#define SYN_NMODELS 9
#define SYN_ITER 10000
#define SYN_BOOT_SEED 42

/* Edit labels in code-point order, which is pair_id order within a source. */
extern const char *const syn_edits[SYN_NEDITS];

struct syn_src {
	char id[32];
	uint8_t vindr;
	uint8_t passed;		/* bit e: edit e passed QC */
	uint8_t released;	/* at least one passed edit */
	uint8_t core;
	uint8_t female;
	uint8_t age;
	uint16_t truth;		/* pathology present on the source image */
	uint32_t png_size[SYN_NEDITS];
};

struct syn_pair {
	uint32_t src;
	uint8_t edit;
};

struct syn_model {
	const char *name;
	int baseline;		/* baseline_only_retained panel */
	struct sfb_style st;
	double p_full, p_partial, p_slip;
	double sens, fp;	/* how the model perceives the source's truth */
	double src_lab_noise, src_rec_noise;	/* repeated-call drift */
	double cf_lab_p;	/* counterfactual relabelled ... */
	int cf_lab_k;		/* ... with up to this many toggles */
	double cf_rec_p;	/* counterfactual recommendations changed */
	double stage1_fail;	/* Stage-1 diagnosis-parse failure share; < 0: none */
};

extern const struct syn_model syn_models[SYN_NMODELS];

struct syn_pt {
	struct sfb_truth s, c;
};

struct syn_ci {
	double lower, upper;
};

struct syn_stats {
	size_t n, usable, full, partial, both_empty, matches, clusters;
	double agreement, rec_change, diag_mean, rec_jaccard;
	struct syn_ci rec_ci, diag_ci;	/* rec_ci: of recommendation_changed */
	/* secondary endpoints (SPEC 13.4), np.mean of the per-pair |a - b| */
	double sev_mean, hedge_mean, hall_mean;
	size_t hall_n;
};

/* The pathology labels released for a source (bits): VinDr only. */
uint16_t syn_released_truth(const struct syn_src *x);

struct syn_followup {
	size_t n_sources, drop_no_edit, drop_few_src;
	double t[2], f[2], excess[2], norm[2];
	struct syn_ci ci[2];	/* 0 recommendation, 1 diagnostic */
};

/* Conditions of the reports: the retained panels, mitigation A and B. */
enum { SYN_MAIN, SYN_COND_A, SYN_COND_B };

struct syn {
	const struct sfb_synth_opts *o;
	struct syn_src *src;
	size_t nsrc;		/* attempted sources, id order */
	size_t nreleased;
	size_t *core;		/* indexes into src */
	size_t ncore;
	struct syn_pair *pairs;	/* QC-passed pairs of the core, pair_id order */
	size_t npairs;
	struct syn_pt *pt[SYN_NMODELS];
	struct syn_stats stats[SYN_NMODELS];
	struct syn_followup fu[SYN_NMODELS];
	size_t intersection;	/* pairs usable for all nine models */
	/* mitigation: pairs of every other core source, models 0 (gpt) and 3 (glm) */
	size_t *mit;		/* indexes into pairs */
	size_t nmit;
	struct syn_pt *mpt[2][2];	/* [model][condition A/B] */
	struct syn_stats mstats[2][2];
};

/* Write the source and counterfactual report of pair j (index into
 * s->pairs) of model m under a condition; truth into pt. */
void syn_pair_reports(const struct syn *s, int m, size_t j, int cond,
    struct sfb_sbuf *src_text, struct sfb_sbuf *cf_text, struct syn_pt *pt);

/* Endpoint statistics of model m over the pairs listed in idx (NULL: all). */
int syn_stats_compute(const struct syn *s, const struct syn_pt *pt,
    const size_t *idx, size_t n, struct syn_stats *st);
int syn_followup_compute(const struct syn *s, int m, struct syn_followup *fu);

#endif
