/* fuzz_rx.c - libFuzzer target for the regex engine and the refusal
 * classifier.  Input: one flags byte, an ASCII pattern up to the first
 * byte 0xFF, then the text, each byte mapped to a code point (ASCII as is,
 * the rest to awkward ones: caseless equivalents, Unicode spaces, marks,
 * lone surrogates) so the text is valid WTF-8 as the engine requires.
 * Checks: no crash, search with and without spans agrees, and the
 * classifier's prefilter agrees with the plain reference order. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "text/refusal.h"
#include "text/rx.h"

static const char *const extra[] = {
	"\xc4\xb0", "\xc4\xb1", "\xe2\x84\xaa", "\xc5\xbf", "\xcc\x81", "\xc2\xb2", "\xc2\xbd",
	"\xd9\xa0", "\xc3\xa9", "\xc2\xa0", "\xe2\x80\xa8", "\xc2\x85", "\xe2\x80\x8b", "\xe3\x80\x80",
	"\xed\xa0\x80", "\xed\xb0\x80", "\xf0\x9d\x9f\x98", "\xc3\x9f", "\xe2\x80\x83", "\xe2\x80\x99",
};

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	int flags = data[0] & 7;
	const uint8_t *sep = memchr(data + 1, 0xFF, size - 1);
	size_t plen = sep ? (size_t)(sep - data - 1) : size - 1;
	char *pat = malloc(plen + 1);
	unsigned char *text = malloc(4 * size + 1);
	size_t n = 0;
	if (!pat || !text)
		goto out;
	for (size_t i = 0; i < plen; i++)
		pat[i] = (char)(data[1 + i] & 0x7F);
	if (sep)
		for (const uint8_t *p = sep + 1; p < data + size; p++) {
			if (*p < 0x80) {
				text[n++] = *p;
			} else {
				const char *e = extra[*p % (sizeof extra / sizeof extra[0])];
				memcpy(text + n, e, strlen(e));
				n += strlen(e);
			}
		}
	sfb_rx *rx = sfb_rx_new(pat, plen, flags, NULL);
	if (rx) {
		sfb_rx_scratch *s = sfb_rx_scratch_new();
		size_t ng = sfb_rx_ngroups(rx);
		size_t *sp = malloc(2 * (ng + 1) * sizeof *sp);
		if (s && sp) {
			int a = sfb_rx_search(rx, s, text, n, sp);
			int b = sfb_rx_search(rx, s, text, n, NULL);
			if (a != b || (a == 1 && (sp[0] > sp[1] || sp[1] > n)))
				abort();
		}
		free(sp);
		sfb_rx_scratch_free(s);
		sfb_rx_free(rx);
	}
	/* One classifier for the whole run: compiling it per input is slow. */
	static sfb_refusal *rf;
	if (!rf)
		rf = sfb_refusal_new();
	if (rf) {
		int r, c, h;
		int fast = sfb_refusal_classify(rf, (const char *)text, n);
		int slow = sfb_refusal_explain(rf, (const char *)text, n, &r, &c, &h);
		if (fast != slow)
			abort();
	}
out:
	free(pat);
	free(text);
	return 0;
}
