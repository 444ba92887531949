/* fuzz_negex.c - libFuzzer target for the NegEx matcher (negex.h).
 *
 * The input is a target pattern, a newline, and a sentence (any bytes).
 * Checks: the pattern compiles or is refused without harm; its matches
 * in the sentence, taken as registry-mode marks, are judged the same with
 * the candidates cached by sfb_negex_may_scope and found afresh; when the
 * marks are whole words (no ASCII letter or digit on either side, as the
 * frozen synonyms' matches are) and sfb_negex_may_scope saw nothing that
 * could open a scope, the decision is affirmed; the fast scans and the
 * plain ones (sfb_negex_set_plain) give the same answers, triggers
 * included.  Any difference aborts. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "text/negex.h"

static struct sfb_negex *nx, *plain;

static int
same(const struct sfb_negex_result *a, const struct sfb_negex_result *b)
{
	if (a->status != b->status || (a->trigger == NULL) != (b->trigger == NULL))
		return 0;
	return a->trigger == NULL || (a->trigger_len == b->trigger_len &&
	    memcmp(a->trigger, b->trigger, a->trigger_len) == 0);
}

static int
alnum(unsigned c)
{
	return (c >= '0' && c <= '9') || ((c | 32) >= 'a' && (c | 32) <= 'z');
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t *nl = memchr(data, '\n', size);
	const unsigned char *s;
	struct sfb_negex_pat *pat;
	struct sfb_negex_mark marks[16];
	struct sfb_negex_result a, b, p;
	const char *why;
	size_t n, k, i;
	int scope, ra, rb, rp, whole;

	if (nx == NULL && (nx = sfb_negex_new()) == NULL)
		abort();
	if (plain == NULL) {
		if ((plain = sfb_negex_new()) == NULL)
			abort();
		sfb_negex_set_plain(plain, 1);
	}
	if (nl == NULL)
		return 0;
	s = nl + 1;
	n = size - (size_t)(s - data);
	pat = sfb_negex_pat_new(data, (size_t)(nl - data), &why);
	if (pat == NULL)
		return 0;
	ra = sfb_negex_judge_pat(nx, s, n, pat, &a);
	rp = sfb_negex_judge_pat(plain, s, n, pat, &p);
	if (ra != rp || (ra == 0 && !same(&a, &p)))
		abort();
	/* The pattern's matches in s itself, as registry-mode marks. */
	k = sfb_negex_pat_find(pat, s, n, marks, 16);
	if (k > 16)
		k = 16;
	whole = 1;
	for (i = 0; i < k; i++) {
		if (marks[i].end > n || marks[i].start > marks[i].end)
			abort();
		if ((marks[i].start > 0 && alnum(s[marks[i].start - 1])) ||
		    (marks[i].end < n && alnum(s[marks[i].end])))
			whole = 0;
	}
	scope = sfb_negex_may_scope(nx, s, n);
	if (sfb_negex_may_scope(plain, s, n) != scope)
		abort();
	ra = sfb_negex_judge(nx, s, n, marks, k, 0, &a);
	rp = sfb_negex_judge(plain, s, n, marks, k, 0, &p);
	if (ra != rp || (ra == 0 && !same(&a, &p)))
		abort();
	if (ra == 0 && whole && !scope && a.status != SFB_NEGEX_AFFIRMED)
		abort();
	(void)sfb_negex_may_scope(nx, (const unsigned char *)"x", 1);
	rb = sfb_negex_judge(nx, s, n, marks, k, 0, &b);
	if (ra != rb || (ra == 0 && a.status != b.status))
		abort();
	sfb_negex_pat_free(pat);
	return 0;
}
