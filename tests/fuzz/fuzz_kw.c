/* fuzz_kw.c - libFuzzer target for the keyword matcher.
 *
 * Any bytes (valid WTF-8 or not: the matcher must stay in bounds either
 * way).  Differential: a text alone, where the exact code-point loop does
 * most of the work, and the same text between two runs of neutral ASCII
 * long enough for the SSE2 block path, must give the same categories and
 * the same evidence shifted by the padding; with and without evidence the
 * categories must agree.  Any difference aborts. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../../lib/kw.h"

#define PAD 150

static void
same(const struct sfb_kw *kw, const uint8_t *data, size_t size,
    unsigned char *buf, size_t pad)
{
	struct sfb_kw_hit a[32], b[32];
	uint32_t ma, mb;
	size_t c;

	memset(buf, ' ', pad);
	memcpy(buf + pad, data, size);
	memset(buf + pad + size, ' ', PAD);
	ma = sfb_kw_match(kw, data, size, a);
	mb = sfb_kw_match(kw, buf, pad + size + PAD, b);
	if (ma != mb || sfb_kw_match(kw, data, size, NULL) != ma ||
	    sfb_kw_match(kw, buf, pad + size + PAD, NULL) != mb)
		abort();
	for (c = 0; c < sfb_kw_ncat(kw); c++)
		if (ma >> c & 1 && (a[c].synonym != b[c].synonym ||
		    a[c].start + pad != b[c].start ||
		    a[c].end + pad != b[c].end || a[c].end > size ||
		    a[c].start >= a[c].end))
			abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct sfb_kw *kw[3];
	unsigned char *buf;
	size_t r;

	if (kw[0] == NULL) {
		kw[0] = sfb_kw_new(sfb_kw_registry_get(SFB_KW_LABELS));
		kw[1] = sfb_kw_new(sfb_kw_registry_get(SFB_KW_LABELS_STRICT));
		kw[2] = sfb_kw_new(sfb_kw_registry_get(SFB_KW_RECS));
	}
	buf = malloc(size + 2 * PAD);
	if (buf == NULL)
		return 0;
	for (r = 0; r < 3; r++) {
		/* Two alignments of the text to the 64-byte blocks. */
		same(kw[r], data, size, buf, PAD - size % 64);
		same(kw[r], data, size, buf, PAD - 1 - (size * 7) % 64);
	}
	free(buf);
	return 0;
}
