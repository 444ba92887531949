/* test_negex.c - the fast scans of lib/text/negex.c against its plain
 * byte-at-a-time ones (sfb_negex_set_plain): the same may-scope answer
 * and the same decision and trigger on generated sentences built to hit
 * the fast paths' boundaries: triggers at every offset around the 64-byte
 * blocks and straddling them, runs of letters across block ends, U+0000,
 * lone surrogates, non-ASCII letters and spaces next to triggers, "[",
 * "]", "_", digits, sentences with no trigger and with only a
 * pseudo-trigger.  The decisions themselves are checked against GenNegEx
 * by tests/sfb-context.bats. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "text/negex.h"
#include "t.h"

static const char *const words[] = {
	"fracture", "edema", "the", "of", "a", "L4", "seen", "is", "are",
	"normal", "fractures", "nofracture", "notable", "nor", "note",
	"rules", "ruled", "outer", "as", "cause", "source", "ro", "r/o",
	"R/O", "no2", "not1", "without", "free", "freely", "Denies",
	"unremarkable", "unremarkably", "sufficient", "adequate",
};

static const char *const seps[] = {
	" ", " ", " ", "  ", "\t", "\n", ", ", ". ", "; ", "+", "_", "(",
	")", "[", "]", "-", "/", ":", "\xc2\xa0", "\xe2\x80\xa8", "\xc3\xa9",
	"\xe2\x80\xa2 ", "\xe2\x80\x94", "\x00", "\x01", "\"", "'", "!",
	"?", "\xe2\x84\xaa", "\xc4\xb0", "\xcc\x81", "\xed\xa0\x80",
	"\xf0\x9f\x98\x80", "0", "7",
};
static const size_t sep_len[] = {
	1, 1, 1, 2, 1, 1, 2, 2, 2, 1, 1, 1, 1, 1, 1, 1, 1, 1, 2, 3, 2, 4, 3,
	1, 1, 1, 1, 1, 1, 3, 2, 2, 3, 4, 1, 1,
};

#define NSEP (sizeof seps / sizeof seps[0])
#define NWORD (sizeof words / sizeof words[0])

static void
put(unsigned char *s, size_t *n, size_t cap, const char *p, size_t l)
{
	if (*n + l > cap)
		return;
	memcpy(s + *n, p, l);
	*n += l;
}

/* A sentence: filler of pad bytes, then words, triggers and separators;
 * case changed at random. */
static size_t
sentence(unsigned char *s, size_t cap, size_t pad)
{
	const struct sfb_negex_trigger *tr;
	size_t ntr, n = 0, k, parts = t_rnd(12), i;

	tr = sfb_negex_triggers(&ntr);
	for (i = 0; i < pad; i++)
		put(s, &n, cap, t_rnd(4) ? "x" : " ", 1);
	for (k = 0; k < parts; k++) {
		const char *w;
		size_t start = n;

		if (t_rnd(3) == 0)
			w = tr[t_rnd((uint32_t)ntr)].words;
		else
			w = words[t_rnd(NWORD)];
		put(s, &n, cap, w, strlen(w));
		if (t_rnd(5) == 0)
			for (i = start; i < n; i++)
				if (s[i] >= 'a' && s[i] <= 'z')
					s[i] = (unsigned char)(s[i] - 32);
		if (t_rnd(8) == 0)
			for (i = start; i < n; i++)
				if (s[i] == ' ')
					s[i] = t_rnd(2) ? '\t' : '\n';
		i = t_rnd(2) ? t_rnd(NSEP) : 0;
		put(s, &n, cap, seps[i], sep_len[i]);
	}
	if (t_rnd(2))
		put(s, &n, cap, ".", 1);
	return n;
}

/* The occurrences of "fracture" in any case, not overlapping; whole
 * words only when whole is set (as the registry mode's marks are). */
static size_t
marks_of(const unsigned char *s, size_t n, int whole,
    struct sfb_negex_mark *mk, size_t cap)
{
	static const char t[] = "fracture";
	size_t i, j, k = 0;

	for (i = 0; i + 8 <= n && k < cap; i++) {
		for (j = 0; j < 8; j++)
			if ((s[i + j] | 0x20) != (unsigned char)t[j])
				break;
		if (j < 8)
			continue;
		if (whole && ((i > 0 && ((s[i - 1] | 0x20) >= 'a' &&
		    (s[i - 1] | 0x20) <= 'z')) || (i + 8 < n &&
		    (s[i + 8] | 0x20) >= 'a' && (s[i + 8] | 0x20) <= 'z')))
			continue;
		mk[k].start = i;
		mk[k++].end = i + 8;
		i += 7;
	}
	return k;
}

static int
same_result(const struct sfb_negex_result *a, const struct sfb_negex_result *b)
{
	if (a->status != b->status || (a->trigger == NULL) != (b->trigger == NULL))
		return 0;
	return a->trigger == NULL || (a->trigger_len == b->trigger_len &&
	    memcmp(a->trigger, b->trigger, a->trigger_len) == 0);
}

static void
test_fast_plain(void)
{
	struct sfb_negex *fast = sfb_negex_new(), *plain = sfb_negex_new();
	struct sfb_negex_mark mk[16];
	unsigned char buf[400];
	size_t iter, bad = 0, scoped = 0, runs = 0;

	t_ok(fast != NULL && plain != NULL, "sfb_negex_new");
	if (fast == NULL || plain == NULL)
		return;
	sfb_negex_set_plain(plain, 1);
	for (iter = 0; iter < 60000; iter++) {
		size_t pad = iter < 200 * 4 ? iter % 200 : t_rnd(140);
		size_t n = sentence(buf, sizeof buf, pad), k, w;
		unsigned char *s = malloc(n ? n : 1);
		int a, b;

		/* An exact-size copy lets ASan see a read past the end. */
		memcpy(s, buf, n);
		a = sfb_negex_may_scope(fast, s, n);
		b = sfb_negex_may_scope(plain, s, n);
		if (a != b)
			bad++;
		scoped += (size_t)a;
		for (w = 0; w < 2; w++) {
			struct sfb_negex_result ra, rb;
			int ea, eb;

			k = marks_of(s, n, (int)w, mk, 16);
			if (w == 1) {
				/* Judged right after may_scope, as
				 * sfb-context does, the fast matcher reuses
				 * its candidates. */
				sfb_negex_may_scope(fast, s, n);
				sfb_negex_may_scope(plain, s, n);
			}
			ea = sfb_negex_judge(fast, s, n, mk, k, (int)w, &ra);
			eb = sfb_negex_judge(plain, s, n, mk, k, (int)w, &rb);
			runs++;
			if (ea != eb || (ea == 0 && !same_result(&ra, &rb))) {
				if (bad++ < 5)
					fprintf(stderr, "differs: \"%.*s\"\n",
					    (int)n, (const char *)s);
			}
		}
		free(s);
	}
	t_ok(bad == 0, "fast and plain scans differ on %zu sentences", bad);
	/* The generator must reach both answers of may_scope. */
	t_ok(scoped > 1000 && scoped < iter - 1000, "may_scope true on %zu of %zu",
	    scoped, iter);
	t_ok(runs == 2 * iter, "judged %zu", runs);
	sfb_negex_free(fast);
	sfb_negex_free(plain);
}

/* Triggers at every offset around the 64-byte blocks: "no" and "ruled
 * out" straddling a block end, a run of letters that ends one byte into
 * the next block or fills one, a sentence that is only a
 * pseudo-trigger. */
static void
test_edges(void)
{
	static const char *const tails[] = {
		"no fracture", "fracture ruled out", "No increase in fracture",
		"not only fracture", "fracture", "nofracture", "no\x00 fracture",
		"no\xed\xa0\x80 fracture", "no\xc2\xa0" "fracture",
		"fracture is ruled\n\nout", "r/o fracture", "[no] fracture",
		/* Runs of letters longer than a block. */
		"Noooooooooooooooooooooooooooooooooooooooooooooooooooooooooooooooooooooo fracture",
		"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaano fracture, no fracture",
	};
	struct sfb_negex *fast = sfb_negex_new(), *plain = sfb_negex_new();
	unsigned char s[256];
	size_t t, pad, bad = 0;

	if (fast == NULL || plain == NULL)
		return;
	sfb_negex_set_plain(plain, 1);
	for (t = 0; t < sizeof tails / sizeof tails[0]; t++) {
		size_t tl = strlen(tails[t]);

		if (t == 6 || t == 7)
			tl = t == 6 ? 12 : 14;
		for (pad = 0; pad < 140; pad++) {
			struct sfb_negex_mark mk[4];
			struct sfb_negex_result ra, rb;
			size_t n, k;
			int a, b;

			memset(s, pad % 3 ? 'a' : ' ', pad);
			if (pad > 0)
				s[pad - 1] = ' ';
			memcpy(s + pad, tails[t], tl);
			n = pad + tl;
			a = sfb_negex_may_scope(fast, s, n);
			b = sfb_negex_may_scope(plain, s, n);
			k = marks_of(s, n, 1, mk, 4);
			if (a != b || sfb_negex_judge(fast, s, n, mk, k, 0, &ra) ||
			    sfb_negex_judge(plain, s, n, mk, k, 0, &rb) ||
			    !same_result(&ra, &rb))
				bad++;
		}
	}
	t_ok(bad == 0, "block edges: %zu differ", bad);
	sfb_negex_free(fast);
	sfb_negex_free(plain);
}

int
main(void)
{
	test_fast_plain();
	test_edges();
	return t_done();
}
