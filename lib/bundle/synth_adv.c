/* sfb-synth --adversarial: see synth_adv.h. */
#include <string.h>

#include "bundle/synth_adv.h"

/* U+D83D alone, U+0000, U+1F600, U+1D400 (a letter, alone as a word),
 * U+2028, then a backslash and "u12" as text. */
static const char first_line[] =
    "\xed\xa0\xbd\x00 \xf0\x9f\x98\x80 \xf0\x9d\x90\x80 \xe2\x80\xa8\\u12\n";
/* U+DFFF alone, U+0000, "\u12" and "\ud800" as text. */
static const char line_end[] = "\xed\xbf\xbf\x00\\u12 \\ud800";
/* U+1F600, then U+D800 alone as the last code point. */
static const char text_end[] = " \xf0\x9f\x98\x80\xed\xa0\x80";

void
syn_adversarial(struct sfb_sbuf *out, const char *text, size_t n)
{
	size_t i, run = 0;

	sfb_sbuf_reset(out);
	sfb_sbuf_put(out, first_line, sizeof first_line - 1);
	for (i = 0; i < n; i++) {
		if (text[i] != '\n' || i == 0 || text[i - 1] != '.')
			continue;
		sfb_sbuf_put(out, text + run, i - run);
		sfb_sbuf_put(out, line_end, sizeof line_end - 1);
		run = i;
	}
	sfb_sbuf_put(out, text + run, n - run);
	if (n > 0 && text[n - 1] == '.')
		sfb_sbuf_put(out, text_end, sizeof text_end - 1);
}
