/* fuzz_config.c - libFuzzer target for sfb-generate's config reader: the
 * input is a YAML file's text; a config that reads is written out. */
#include <stdint.h>
#include <stdlib.h>

#include "generator/config.h"
#include "generator/docs.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct sfb_gen_config c;
	struct sfb_buf text = { 0 }, warn = { 0 }, out = { 0 };
	struct sfb_err err = { 0 };

	if (sfb_gen_config_init(&c) < 0)
		return 0;
	/* An exact-size copy, so a read past the end is caught. */
	if (sfb_buf_put(&text, data, size) == 0 &&
	    sfb_gen_config_parse(&c, "fuzz", text.p, text.len, &warn,
	    &err) == 0)
		sfb_gen_config_json(&out, &c);
	sfb_gen_config_free(&c);
	sfb_buf_free(&text);
	sfb_buf_free(&warn);
	sfb_buf_free(&out);
	return 0;
}
