/* prompts.h - the locked demographic prompts of the generator release
 * (reference generator/prompts.py), in the sorted order the reference's
 * error message lists them. */
#ifndef SFB_PROMPTS_H
#define SFB_PROMPTS_H

#include <stddef.h>

#include "core/buf.h"

#define SFB_GEN_NDEMO 4

struct sfb_gen_prompt {
	const char *demographic;	/* "elderly_female", ... */
	const char *prompt;		/* "Lumbar spine X-ray of a ..." */
};

extern const struct sfb_gen_prompt sfb_gen_prompts[SFB_GEN_NDEMO];

/* The entry named s[0..n), or NULL. */
const struct sfb_gen_prompt *sfb_gen_prompt_find(const char *s, size_t n);

/* Append the reference's message for an unknown name s[0..n) (WTF-8, as
 * the user gave it): "Unknown demographic prompt 'x'; valid prompts:
 * elderly_female, ...", the name in Python's repr.  0, or -1. */
int sfb_gen_prompt_error(struct sfb_buf *msg, const char *s, size_t n);

#endif
