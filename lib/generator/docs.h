/* docs.h - the documents of the generator release, byte for byte as the
 * reference writes them (json.dumps with indent=2 and sorted keys, floats
 * in repr, every non-ASCII character escaped, a final newline):
 *
 *   release info     scripts/verify_generator_release.py --dry-run
 *   dry-run metadata scripts/run_generator_smoke_test.py --dry-run,
 *                    dry_run_metadata.json
 *   job metadata     generator/infer.py, the {demographic}_counterfactual
 *                    .json beside each output image
 *
 * Text arguments are WTF-8 (pypath.h decodes command-line bytes the way
 * Python does).  Every function appends to out and returns 0, or -1 when
 * memory ran out. */
#ifndef SFB_GEN_DOCS_H
#define SFB_GEN_DOCS_H

#include <stddef.h>

#include "core/buf.h"
#include "core/json.h"
#include "generator/config.h"
#include "generator/prompts.h"

/* json.dumps(config.to_dict(), indent=2, sort_keys=True) + "\n" */
int sfb_gen_config_json(struct sfb_buf *out, const struct sfb_gen_config *c);

/* The release-info document (defaults: 1400 bytes). */
int sfb_gen_release_info(struct sfb_buf *out);

/* dry_run_metadata.json for --seed seed and --device device (defaults:
 * 1050 bytes). */
int sfb_gen_dry_run_metadata(struct sfb_buf *out, long long seed,
    const char *device, size_t dn);

/* The name of the synthetic dry-run image. */
#define SFB_GEN_DRY_RUN_IMAGE "synthetic_test_input.png"
#define SFB_GEN_DRY_RUN_METADATA "dry_run_metadata.json"

/* What infer.py records for one generated image. */
struct sfb_gen_meta {
	const struct sfb_gen_config *c;	/* steps, guidance, strength, blend */
	const struct sfb_gen_prompt *demo;
	long long seed;			/* the effective seed */
	int mask_applied;
	struct sfb_span source_filename;	/* Path(input).name */
	int has_checkpoint_filename;	/* --checkpoint was given */
	struct sfb_span checkpoint_filename;	/* Path(checkpoint).name */
};

/* The metadata as json.dumps(indent=2, sort_keys=True) + "\n" writes it
 * (pretty), or on one line for NDJSON (json.dumps' default separators,
 * no ASCII escaping, no newline). */
int sfb_gen_meta_write(struct sfb_buf *out, const struct sfb_gen_meta *m,
    int pretty);

/* The file name of the output image, "{demographic}_counterfactual.png",
 * and of its metadata (".json"). */
int sfb_gen_output_name(struct sfb_buf *out, const struct sfb_gen_prompt *demo,
    const char *suffix);

/* A number field of the config as Python writes it: "5" when the YAML gave
 * an integer, else the float's repr. */
int sfb_gen_real_write(struct sfb_buf *out, const struct sfb_gen_real *r);

#endif
