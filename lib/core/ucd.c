/* ucd.c - WTF-8 decoding and lookups in the generated Python character
 * tables (ucd_tables.c).  ASCII is answered from a small table before the
 * two-stage lookup because reports are mostly ASCII. */
#include "core/ucd.h"
#include "core/ucd_tables.h"

/* Flags of the ASCII range, identical to the generated tables (the unit
 * test checks both against Python's values). */
static const uint8_t ascii_flags[128] = {
	['\t'] = SFB_UCD_F_SPACE, ['\n'] = SFB_UCD_F_SPACE,
	['\v'] = SFB_UCD_F_SPACE, ['\f'] = SFB_UCD_F_SPACE,
	['\r'] = SFB_UCD_F_SPACE, [0x1c] = SFB_UCD_F_SPACE,
	[0x1d] = SFB_UCD_F_SPACE, [0x1e] = SFB_UCD_F_SPACE,
	[0x1f] = SFB_UCD_F_SPACE, [' '] = SFB_UCD_F_SPACE,
	['0'] = SFB_UCD_F_WORD | SFB_UCD_F_DIGIT,
	['1'] = SFB_UCD_F_WORD | SFB_UCD_F_DIGIT,
	['2'] = SFB_UCD_F_WORD | SFB_UCD_F_DIGIT,
	['3'] = SFB_UCD_F_WORD | SFB_UCD_F_DIGIT,
	['4'] = SFB_UCD_F_WORD | SFB_UCD_F_DIGIT,
	['5'] = SFB_UCD_F_WORD | SFB_UCD_F_DIGIT,
	['6'] = SFB_UCD_F_WORD | SFB_UCD_F_DIGIT,
	['7'] = SFB_UCD_F_WORD | SFB_UCD_F_DIGIT,
	['8'] = SFB_UCD_F_WORD | SFB_UCD_F_DIGIT,
	['9'] = SFB_UCD_F_WORD | SFB_UCD_F_DIGIT,
	['A'] = 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	['_'] = SFB_UCD_F_WORD,
	['a'] = 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
};

static const struct sfb_ucd_rec *
rec_get(uint32_t cp)
{
	if (cp > 0x10FFFF)
		cp = 0xFFFD;
	return &sfb_ucd_recs[sfb_ucd_stage2[
	    ((uint32_t)sfb_ucd_stage1[cp >> SFB_UCD_SHIFT] << SFB_UCD_SHIFT) |
	    (cp & ((1u << SFB_UCD_SHIFT) - 1))]];
}

uint32_t
sfb_utf8_next(const unsigned char *s, size_t n, size_t *adv)
{
	uint32_t c;

	if (n == 0) {
		*adv = 0;
		return 0xFFFD;
	}
	c = s[0];
	if (c < 0x80) {
		*adv = 1;
		return c;
	}
	if (c >= 0xC2 && c < 0xE0 && n >= 2 && (s[1] & 0xC0) == 0x80) {
		*adv = 2;
		return ((c & 0x1F) << 6) | (s[1] & 0x3F);
	}
	if (c >= 0xE0 && c < 0xF0 && n >= 3 && (s[1] & 0xC0) == 0x80 &&
	    (s[2] & 0xC0) == 0x80) {
		c = ((c & 0x0F) << 12) | ((uint32_t)(s[1] & 0x3F) << 6) |
		    (s[2] & 0x3F);
		if (c >= 0x800) {
			*adv = 3;
			return c;
		}
	} else if (c >= 0xF0 && c < 0xF5 && n >= 4 &&
	    (s[1] & 0xC0) == 0x80 && (s[2] & 0xC0) == 0x80 &&
	    (s[3] & 0xC0) == 0x80) {
		c = ((c & 0x07) << 18) | ((uint32_t)(s[1] & 0x3F) << 12) |
		    ((uint32_t)(s[2] & 0x3F) << 6) | (s[3] & 0x3F);
		if (c >= 0x10000 && c <= 0x10FFFF) {
			*adv = 4;
			return c;
		}
	}
	*adv = 1;
	return 0xFFFD;
}

size_t
sfb_utf8_put(uint32_t cp, unsigned char out[4])
{
	if (cp < 0x80) {
		out[0] = (unsigned char)cp;
		return 1;
	}
	if (cp < 0x800) {
		out[0] = (unsigned char)(0xC0 | (cp >> 6));
		out[1] = (unsigned char)(0x80 | (cp & 0x3F));
		return 2;
	}
	if (cp < 0x10000) {
		out[0] = (unsigned char)(0xE0 | (cp >> 12));
		out[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
		out[2] = (unsigned char)(0x80 | (cp & 0x3F));
		return 3;
	}
	if (cp > 0x10FFFF)
		return sfb_utf8_put(0xFFFD, out);
	out[0] = (unsigned char)(0xF0 | (cp >> 18));
	out[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3F));
	out[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
	out[3] = (unsigned char)(0x80 | (cp & 0x3F));
	return 4;
}

static unsigned
flags_of(uint32_t cp)
{
	if (cp < 0x80)
		return ascii_flags[cp];
	return rec_get(cp)->flags;
}

int
sfb_ucd_isword(uint32_t cp)
{
	return (flags_of(cp) & SFB_UCD_F_WORD) != 0;
}

int
sfb_ucd_isspace(uint32_t cp)
{
	return (flags_of(cp) & SFB_UCD_F_SPACE) != 0;
}

int
sfb_ucd_isdigit(uint32_t cp)
{
	return (flags_of(cp) & SFB_UCD_F_DIGIT) != 0;
}

static size_t
map_apply(uint32_t cp, int32_t delta, uint16_t x, uint32_t out[3])
{
	size_t len, i;

	if (x == 0) {
		out[0] = (uint32_t)((int32_t)cp + delta);
		return 1;
	}
	len = sfb_ucd_expand[x];
	for (i = 0; i < len; i++)
		out[i] = sfb_ucd_expand[x + 1 + i];
	return len;
}

size_t
sfb_ucd_lower(uint32_t cp, uint32_t out[3])
{
	const struct sfb_ucd_rec *r;

	if (cp < 0x80) {
		out[0] = cp >= 'A' && cp <= 'Z' ? cp + 32 : cp;
		return 1;
	}
	if (cp > 0x10FFFF) {
		out[0] = cp;
		return 1;
	}
	r = rec_get(cp);
	return map_apply(cp, r->lower_delta, r->lower_x, out);
}

size_t
sfb_ucd_casefold(uint32_t cp, uint32_t out[3])
{
	const struct sfb_ucd_rec *r;

	if (cp < 0x80) {
		out[0] = cp >= 'A' && cp <= 'Z' ? cp + 32 : cp;
		return 1;
	}
	if (cp > 0x10FFFF) {
		out[0] = cp;
		return 1;
	}
	r = rec_get(cp);
	return map_apply(cp, r->fold_delta, r->fold_x, out);
}

uint32_t
sfb_ucd_refold(uint32_t cp)
{
	const struct sfb_ucd_rec *r;

	if (cp < 0x80)
		return cp >= 'A' && cp <= 'Z' ? cp + 32 : cp;
	if (cp > 0x10FFFF)
		return cp;
	r = rec_get(cp);
	return r->refold ? r->refold : cp;
}

/* Python's errors="replace" turns each ill-formed prefix into one U+FFFD;
 * surrogateescape escapes each of its bytes. */
long
sfb_utf8_seq(const unsigned char *s, size_t n)
{
	unsigned char c = s[0], lo = 0x80, hi = 0xBF;
	size_t k, i;

	if (c < 0x80)
		return 1;
	if (c >= 0xC2 && c <= 0xDF)
		k = 1;
	else if (c >= 0xE0 && c <= 0xEF) {
		k = 2;
		lo = c == 0xE0 ? 0xA0 : 0x80;
		hi = c == 0xED ? 0x9F : 0xBF;
	} else if (c >= 0xF0 && c <= 0xF4) {
		k = 3;
		lo = c == 0xF0 ? 0x90 : 0x80;
		hi = c == 0xF4 ? 0x8F : 0xBF;
	} else
		return -1;
	for (i = 1; i <= k; i++) {
		unsigned char b = i < n ? s[i] : 0;

		if (i == 1 ? (b < lo || b > hi) : (b < 0x80 || b > 0xBF))
			return -(long)i;
	}
	return (long)k + 1;
}
