/* config.h - the generator config (reference generator/config.py): its
 * defaults and a YAML file read through libyaml.
 *
 * The reference reads the file with PyYAML's safe_load and keeps the
 * members named like config fields, whatever their values; an empty or
 * false document gives the defaults, anything else that is not a mapping
 * is an error ("Expected mapping in config file: PATH").  sfb resolves
 * plain scalars as PyYAML does (YAML 1.1: 0x2A and 1_000 are integers,
 * 1e3 is a string, yes is true) and then checks what the reference does
 * not: every field's type and range, so that a wrong value is an error
 * naming file, line and key instead of a failure deep in the diffusion
 * stack.  Members the config does not know are ignored with a warning.
 * Of repeated keys the last wins, as in PyYAML.
 *
 * Ownership: a struct sfb_gen_config owns its strings (WTF-8, pointer and
 * length); sfb_gen_config_free releases them. */
#ifndef SFB_GEN_CONFIG_H
#define SFB_GEN_CONFIG_H

#include "core/buf.h"
#include "core/err.h"

/* A float field as the reference's dataclass holds it: a YAML integer stays
 * an int (the dataclass converts nothing), so json.dumps writes "5", not
 * "5.0". */
struct sfb_gen_real {
	double v;
	long long i;		/* the value when is_int */
	int is_int;
};

struct sfb_gen_config {
	struct sfb_buf base_model;
	long long lora_rank;
	long long lora_alpha;
	long long inference_steps;
	struct sfb_gen_real guidance_scale;
	struct sfb_gen_real strength;
	long long seed;
	long long image_size;
	struct sfb_gen_real tsxr_mask_blend;
	int has_checkpoint;		/* checkpoint_path is not None */
	struct sfb_buf checkpoint_path;
	struct sfb_buf device;
};

/* The defaults: runwayml/stable-diffusion-v1-5, rank 64, alpha 128, 50
 * steps, guidance 5.0, strength 0.15, seed 42, 512 px, blend 0.7, no
 * checkpoint, device "auto".  0, or -1 when out of memory. */
int sfb_gen_config_init(struct sfb_gen_config *c);
void sfb_gen_config_free(struct sfb_gen_config *c);

/* Replace a string field's text with s[0..n). 0 or -1. */
int sfb_gen_config_set(struct sfb_buf *field, const char *s, size_t n);

/* Read the YAML file path over c's values.  Returns 0, or SFB_EXIT_USAGE
 * with err set (err->file is path, err->line the line of the bad value
 * when there is one).  Each ignored key appends one line to warn,
 * "LINE: warning: ...\n" (0 for none). */
int sfb_gen_config_load(struct sfb_gen_config *c, const char *path,
    struct sfb_buf *warn, struct sfb_err *err);

/* The same on a file's text already read: text[0..n), named path in
 * messages. */
int sfb_gen_config_parse(struct sfb_gen_config *c, const char *path,
    const char *text, size_t n, struct sfb_buf *warn, struct sfb_err *err);

#endif
