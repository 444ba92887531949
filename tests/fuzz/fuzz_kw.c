/* fuzz_kw.c - libFuzzer target for the keyword matcher.
 *
 * Any bytes (valid WTF-8 or not: the matcher must stay in bounds either
 * way).  Differential: a text alone, where the exact code-point loop does
 * most of the work, and the same text between two runs of neutral ASCII
 * long enough for the SSE2 block path, must give the same categories and
 * the same evidence shifted by the padding; with and without evidence the
 * categories must agree.  Then the text is written as a JSON string body,
 * each code point raw or escaped (\\n-style, \\u in either case, surrogate
 * pairs) as the input's own bytes choose, and sfb_kw_match_json on that
 * body, alone and padded, must give the categories sfb_kw_match gives on
 * what the body decodes to.  Any difference aborts. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/json.h"
#include "text/kw.h"
#include "core/ucd.h"

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

static void
put_u(struct sfb_buf *b, uint32_t u, int upper)
{
	const char *dig = upper ? "0123456789ABCDEF" : "0123456789abcdef";
	char e[6] = { '\\', 'u', dig[u >> 12 & 15], dig[u >> 8 & 15],
	    dig[u >> 4 & 15], dig[u & 15] };

	sfb_buf_put(b, e, 6);
}

/* A JSON string token for the code points of data (its WTF-8 reading),
 * with a representation per code point chosen by a running hash. */
static void
escape(const uint8_t *data, size_t size, struct sfb_buf *tok)
{
	static const char short_esc[] = "\"\\/\b\f\n\r\t";
	static const char short_chr[] = "\"\\/bfnrt";
	uint32_t h = 2166136261u;
	size_t i, adv;

	sfb_buf_putc(tok, '"');
	for (i = 0; i < size; i += adv) {
		uint32_t cp = sfb_utf8_next(data + i, size - i, &adv);
		const char *se = cp && cp < 0x80 ? strchr(short_esc, (int)cp) : NULL;
		unsigned pick;

		h = (h ^ data[i]) * 16777619u;
		pick = h >> 28;
		if (se != NULL && (cp < 0x20 || cp == '"' || cp == '\\' ||
		    pick < 8)) {
			sfb_buf_putc(tok, '\\');
			sfb_buf_putc(tok, short_chr[se - short_esc]);
		} else if (cp < 0x20 || (cp >= 0xD800 && cp <= 0xDFFF) ||
		    pick < 4) {
			if (cp >= 0x10000) {
				put_u(tok, 0xD800 + ((cp - 0x10000) >> 10), pick & 1);
				put_u(tok, 0xDC00 + ((cp - 0x10000) & 0x3FF), pick & 2);
			} else {
				put_u(tok, cp, pick & 1);
			}
		} else {
			unsigned char u8[4];

			sfb_buf_put(tok, u8, sfb_utf8_put(cp, u8));
		}
	}
	sfb_buf_putc(tok, '"');
}

/* The JSON body of data, alone and between runs of spaces, against its
 * decoded text. */
static void
same_json(const struct sfb_kw *kw, const uint8_t *data, size_t size)
{
	struct sfb_buf tok = { 0 }, dec = { 0 }, pad = { 0 };
	struct sfb_span t;
	struct sfb_obj o = { 0 };
	const char *why;
	uint32_t want;

	escape(data, size, &tok);
	t.p = tok.p;
	t.n = tok.len;
	if (sfb_json_str_decode(&t, &dec) < 0)
		abort();
	/* The body must be what the record scanner accepts. */
	sfb_buf_put(&pad, "{\"t\": ", 6);
	sfb_buf_put(&pad, tok.p, tok.len);
	sfb_buf_putc(&pad, '}');
	if (sfb_obj_parse(&o, pad.p, pad.len, &why) < 0)
		abort();
	want = sfb_kw_match(kw, (const unsigned char *)dec.p, dec.len, NULL);
	if (sfb_kw_match_json(kw, (const unsigned char *)tok.p + 1,
	    tok.len - 2) != want)
		abort();
	pad.len = 0;
	for (size_t i = 0; i < PAD; i++)
		sfb_buf_putc(&pad, ' ');
	sfb_buf_put(&pad, tok.p + 1, tok.len - 2);
	for (size_t i = 0; i < PAD; i++)
		sfb_buf_putc(&pad, ' ');
	if (sfb_kw_match_json(kw, (const unsigned char *)pad.p + size % 64,
	    pad.len - size % 64) != want)
		abort();
	sfb_obj_free(&o);
	sfb_buf_free(&tok);
	sfb_buf_free(&dec);
	sfb_buf_free(&pad);
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
		same_json(kw[r], data, size);
	}
	free(buf);
	return 0;
}
