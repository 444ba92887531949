/* fuzz_refusal.c - libFuzzer target for the response classes.
 *
 * Any bytes, read as WTF-8 (a malformed byte as U+FFFD) and written back,
 * as the text.  Differential: the prefiltered classification
 * must equal the plain reference order (sfb_refusal_explain), and the
 * text written as a JSON string body (as json.dumps writes it, with and
 * without ensure_ascii) may be called genuine without decoding
 * (sfb_refusal_genuine_json) only when the decoded body is genuine.  Any
 * difference aborts. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/json.h"
#include "text/refusal.h"
#include "core/ucd.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static sfb_refusal *rf;
	struct sfb_buf txt = { 0 }, tok = { 0 }, dec = { 0 };
	int a, b, c, fast, slow, style;
	size_t i, adv;

	if (rf == NULL && (rf = sfb_refusal_new()) == NULL)
		abort();
	for (i = 0; i < size; i += adv) {
		unsigned char u8[4];

		sfb_buf_put(&txt, u8, sfb_utf8_put(sfb_utf8_next(data + i,
		    size - i, &adv), u8));
	}
	sfb_buf_putc(&txt, 0);  /* a valid pointer even when empty */
	txt.len--;
	fast = sfb_refusal_classify(rf, txt.p, txt.len);
	slow = sfb_refusal_explain(rf, txt.p, txt.len, &a, &b, &c);
	if (fast != slow)
		abort();
	for (style = 0; style < 2; style++) {
		struct sfb_span t;

		tok.len = dec.len = 0;
		if (sfb_json_str_encode(&tok, txt.p, txt.len, style) < 0)
			abort();
		t.p = tok.p;
		t.n = tok.len;
		if (sfb_json_str_decode(&t, &dec) < 0)
			abort();
		if (sfb_refusal_genuine_json(rf, tok.p + 1, tok.len - 2) &&
		    sfb_refusal_classify(rf, dec.p, dec.len) != SFB_GENUINE)
			abort();
	}
	sfb_buf_free(&txt);
	sfb_buf_free(&tok);
	sfb_buf_free(&dec);
	return 0;
}
