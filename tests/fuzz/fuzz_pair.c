/* fuzz_pair.c - libFuzzer target for sfb-pair's library: the input is one
 * document (JSON array or NDJSON) handed to a pairer, once for every model
 * and once for the model "m"; the pairs found are written out. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "bundle/pair.h"

static void
one(const uint8_t *data, size_t size, const char *model)
{
	struct sfb_pairer *pp = sfb_pairer_new(model, model ? strlen(model) : 0);
	struct sfb_buf doc = { 0 }, out = { 0 };
	struct sfb_err err = { 0 };
	size_t i, n;

	if (!pp)
		return;
	/* An exact-size copy, so a read past the end is caught. */
	if (sfb_buf_put(&doc, data, size) == 0 &&
	    sfb_pairer_add(pp, &doc, "fuzz", &err) == 0 &&
	    sfb_pairer_finish(pp, &err) == 0) {
		n = sfb_pairer_count(pp);
		for (i = 0; i < n; i++) {
			out.len = 0;
			sfb_pairer_put(pp, i, &out);
		}
	}
	sfb_buf_free(&doc);
	sfb_buf_free(&out);
	sfb_pairer_free(pp);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	one(data, size, NULL);
	one(data, size, "m");
	return 0;
}
