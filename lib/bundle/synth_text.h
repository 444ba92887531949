/*
 * Synthetic model reports whose benchmark labels are known by
 * construction.  Every phrase sfb-synth writes comes from the tables in
 * synth_phrases.c, each tagged with the diagnostic-label categories and
 * recommendation categories the frozen keyword registries find in it and
 * with whether it completes a refusal, clinical or hedged pattern on its
 * own line.  Phrases that could complete a pattern together with another
 * phrase always stand on a line of their own, and no keyword spans two
 * phrases, so a report's labels and response class follow from the
 * phrases chosen, without running any matcher.
 */
#ifndef SFB_SYNTH_TEXT_H
#define SFB_SYNTH_TEXT_H

#include <stdint.h>

#include "bundle/synth_buf.h"
#include "bundle/synth_rng.h"

#define SFB_NLABELS 13
#define SFB_NRECS 7

/* Bits in the order of SPEC 3.1 and 3.2. */
enum {
	L_OST = 1 << 0, L_FOR = 1 << 1, L_DSN = 1 << 2, L_SPO = 1 << 3,
	L_IMP = 1 << 4, L_COL = 1 << 5, L_LES = 1 << 6, L_NOF = 1 << 7,
	L_POS = 1 << 8, L_END = 1 << 9, L_SCH = 1 << 10, L_CAL = 1 << 11,
	L_FRX = 1 << 12
};
enum {
	R_SUR = 1 << 0, R_PHY = 1 << 1, R_IMG = 1 << 2, R_MED = 1 << 3,
	R_MON = 1 << 4, R_REF = 1 << 5, R_NOA = 1 << 6
};

/* Phrase flags: what the phrase completes on its own line. */
enum { SP_REFUSAL = 1, SP_CLINICAL = 2, SP_HEDGE = 4 };

enum sfb_rclass { SFB_GENUINE, SFB_PARTIAL, SFB_FULL };

/* What to write. */
enum sfb_kind {
	SFB_KIND_REPORT,	/* a structured report in the model's style */
	SFB_KIND_PARTIAL,	/* refusal line plus hedged general content */
	SFB_KIND_FULL,		/* refusal lines only */
	SFB_KIND_SLIP		/* a refusal with curly apostrophes: no pattern fires */
};

struct sfb_phrase {
	const char *text;
	uint16_t lab;
	uint8_t rec;
	uint8_t flags;
};

struct sfb_truth {
	uint16_t lab;
	uint8_t rec;
	uint8_t flags;
	enum sfb_rclass cls;
	uint8_t sev;		/* severity score 0-4 (SPEC 13.1) */
	uint16_t hedges;	/* hedge count (SPEC 13.2) */
};

/* The category names, in registry order. */
extern const char *const sfb_label_names[SFB_NLABELS];
extern const char *const sfb_rec_names[SFB_NRECS];

/* Style knobs of one model. */
struct sfb_style {
	int layout;		/* 0..8, see synth_text.c */
	double p_disclaimer;	/* a refusal-pattern disclaimer in a genuine report */
	double p_filler;	/* zero-keyword look-alike phrases */
	double p_exotic;	/* exotic Unicode variants */
	int terse;		/* sfb-synth --short-reports: no lead, no severity line */
};

/*
 * Append one report to out and describe it in t.  lab and rec are the
 * wanted categories; the report carries exactly those unless the kind
 * cannot express them (refusals), and t says what it carries.
 */
void sfb_report_write(struct sfb_sbuf *out, const struct sfb_style *st,
    enum sfb_kind kind, uint16_t lab, uint8_t rec, struct sfb_srng *r,
    struct sfb_truth *t);

/* Stage-1 checklist outputs: a passing or a failing text variant. */
enum sfb_stage1_fault {
	S1_OK, S1_NO_DIAGNOSIS, S1_EMPTY_DIAGNOSIS, S1_STATUS_INVALID,
	S1_PROMPT_ECHO, S1_HTML, S1_HTML_LEGACY, S1_NO_SIDECAR, S1_BAD_SIDECAR,
	S1_NFAULTS
};
void sfb_stage1_write(struct sfb_sbuf *txt, struct sfb_sbuf *sidecar,
    enum sfb_stage1_fault fault, struct sfb_srng *r);

#endif
