/* plan.h - jobs for an external diffusion backend: for each source image
 * and demographic, what generator/infer.py would run and record.
 *
 * A job is the source's record (or {} for a source named on the command
 * line) with these members added, in this order:
 *
 *   source_image        the source (added for command-line sources)
 *   mask_image          the spine mask, when one is given
 *   target_demographic, prompt, negative_prompt (null)
 *   seed                the effective seed (--seed, else the config's)
 *   inference_steps, guidance_scale, strength, image_size, base_model,
 *   lora_rank, lora_alpha, checkpoint_path, device    from the config
 *   tsxr_mask_blend     with a mask: the blend sfb-mask-blend applies
 *   generated_image     where the backend writes its image: the output
 *                       itself, or DIR/{demographic}_generated.png when a
 *                       mask is to be blended in afterwards
 *   output_image        DIR/{demographic}_counterfactual.png
 *   metadata_path       DIR/{demographic}_counterfactual.json
 *   metadata            the object infer.py writes there
 *
 * Paths are written as pathlib writes them (pypath.h).  Two jobs may not
 * write the same output; "{stem}" in the output directory stands for the
 * source's file name without its suffix.
 *
 * Ownership: a struct sfb_gen_plan keeps pointers to the options it was
 * made from (they must outlive it) and owns the rest. */
#ifndef SFB_GEN_PLAN_H
#define SFB_GEN_PLAN_H

#include <stddef.h>

#include "core/buf.h"
#include "core/err.h"
#include "core/json.h"
#include "generator/config.h"
#include "generator/prompts.h"

struct sfb_gen_plan_opts {
	const struct sfb_gen_config *c;	/* with the command line's overrides */
	long long seed;			/* the effective seed */
	const char *out_dir;		/* WTF-8 text, may hold "{stem}" */
	size_t out_dir_len;
	const char *mask;		/* WTF-8 or NULL */
	size_t mask_len;
	const char *checkpoint;		/* --checkpoint (WTF-8) or NULL */
	size_t checkpoint_len;
	/* The demographics (all four, or the ones named), in order. */
	const struct sfb_gen_prompt *demo[SFB_GEN_NDEMO];
	size_t ndemo;
	const char *source_key;		/* the records' member, "source_image" */
	int write_metadata;		/* write each metadata file now */
	int check_files;		/* sources and masks must exist */
};

struct sfb_gen_plan;

struct sfb_gen_plan *sfb_gen_plan_new(const struct sfb_gen_plan_opts *o);
void sfb_gen_plan_free(struct sfb_gen_plan *p);

/* The jobs of one source named on the command line (WTF-8), appended to
 * out as NDJSON.  0, or an enum sfb_exit status with err->msg set. */
int sfb_gen_plan_source(struct sfb_gen_plan *p, const char *src, size_t n,
    struct sfb_buf *out, struct sfb_err *err);

/* The record loop's callback (an sfb_rec_fn on a struct sfb_gen_plan): the
 * jobs of one record, whose source_image member names the source; a
 * record may also give mask_image, output_dir and target_demographic (a
 * name or "all") for itself. */
int sfb_gen_plan_record(void *plan, const struct sfb_obj *rec,
    struct sfb_buf *out, struct sfb_err *err);

#endif
