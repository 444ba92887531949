/*
 * The phrase tables of synth_phrases.c, shared by the report writer
 * (synth_text.c) only.
 */
#ifndef SFB_SYNTH_PHRASES_H
#define SFB_SYNTH_PHRASES_H

#include <stddef.h>

#include "bundle/synth_text.h"

/* A hedged sentence around a list of noun phrases. */
struct sfb_frame {
	const char *pre, *post;
	uint16_t lab;
	uint8_t rec;
	uint8_t flags;
};

extern const struct sfb_phrase sfb_findings[], sfb_exotic[],
    sfb_finding_fillers[], sfb_diagnoses[], sfb_recs[], sfb_rec_fillers[],
    sfb_disclaimers[], sfb_leads[], sfb_partial_openers[], sfb_refusals[],
    sfb_refusal_closers[], sfb_slips[], sfb_label_nouns[], sfb_rec_nouns[],
    sfb_plain_hedges[];
extern const size_t sfb_nfindings, sfb_nexotic, sfb_nfinding_fillers,
    sfb_ndiagnoses, sfb_nrecs, sfb_nrec_fillers, sfb_ndisclaimers,
    sfb_nleads, sfb_npartial_openers, sfb_nrefusals, sfb_nrefusal_closers,
    sfb_nslips, sfb_nplain_hedges;
extern const struct sfb_frame sfb_label_frames[], sfb_rec_frames[];
extern const size_t sfb_nlabel_frames, sfb_nrec_frames;

#endif
