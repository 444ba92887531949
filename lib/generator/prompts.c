/* prompts.c - the locked prompts and their error message (prompts.h). */
#include "generator/prompts.h"

#include <string.h>

#include "core/pyrepr.h"

const struct sfb_gen_prompt sfb_gen_prompts[SFB_GEN_NDEMO] = {
	{ "elderly_female", "Lumbar spine X-ray of a 75-year-old female patient" },
	{ "elderly_male", "Lumbar spine X-ray of a 75-year-old male patient" },
	{ "young_female", "Lumbar spine X-ray of a 25-year-old female patient" },
	{ "young_male", "Lumbar spine X-ray of a 25-year-old male patient" },
};

const struct sfb_gen_prompt *
sfb_gen_prompt_find(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < SFB_GEN_NDEMO; i++)
		if (strlen(sfb_gen_prompts[i].demographic) == n &&
		    memcmp(sfb_gen_prompts[i].demographic, s, n) == 0)
			return &sfb_gen_prompts[i];
	return NULL;
}

int
sfb_gen_prompt_error(struct sfb_buf *msg, const char *s, size_t n)
{
	size_t i;

	if (sfb_buf_puts(msg, "Unknown demographic prompt ") < 0 ||
	    sfb_pyrepr_str(msg, n ? s : "", n) < 0 ||
	    sfb_buf_puts(msg, "; valid prompts: ") < 0)
		return -1;
	for (i = 0; i < SFB_GEN_NDEMO; i++)
		if ((i && sfb_buf_puts(msg, ", ") < 0) ||
		    sfb_buf_puts(msg, sfb_gen_prompts[i].demographic) < 0)
			return -1;
	return 0;
}
