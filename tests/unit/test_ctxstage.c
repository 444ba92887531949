/* test_ctxstage.c - sfb-context's record stage with its fast scans
 * against the same stage with the plain ones (opts.plain): byte-identical
 * output on generated pair records built to hit the fast paths'
 * boundaries: sentence ends (".", "!", "?" before white space or the end,
 * line breaks, "." inside a word) at every offset around the 16- and
 * 64-byte blocks, triggers and label synonyms straddling them, U+0000,
 * lone surrogates, non-ASCII letters, spaces and bullets, sentences with
 * no trigger and with only a pseudo-trigger; with and without evidence.
 * The statuses themselves are checked against GenNegEx's by
 * tests/sfb-context.bats. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/err.h"
#include "core/json.h"
#include "text/ctxstage.h"
#include "t.h"

/* Label synonyms, triggers (pseudo ones too) and plain words. */
static const char *const words[] = {
	"fracture", "fractures", "Fracture", "osteophytes", "osteophyte",
	"spondylolisthesis", "scoliosis", "no significant finding",
	"no finding", "abnormality", "compression fracture", "fx",
	"disc space narrowing", "schmorl node", "hardware", "lesion",
	"no", "No", "NO", "not", "without", "no evidence of", "ruled out",
	"rule out", "is ruled out", "unlikely", "free of", "possible",
	"No increase in", "not only", "but", "however", "denies",
	"the", "of", "at", "L4", "L4-L5", "seen", "is", "mild", "e.g.",
	"vs.", "3.5", "alignment", "normal", "bro", "en", "broken",
};

static const char *const seps[] = {
	" ", " ", " ", " ", ". ", ". ", ".", "! ", "? ", "\n", "\r\n",
	".\n", "\n\n", ", ", "; ", "+", "_", "[", "]", "\t",
	"\xe2\x80\xa2 ", "\xe2\x80\x94", "\xe2\x80\x93", "\xc2\xa0",
	"\xc3\xa9", "\xcc\x81", "\xe2\x84\xaa", "\xed\xa0\x80",
	"\xf0\x9f\x98\x80", "0", ".\xc2\xa0",
};

#define NWORD (sizeof words / sizeof words[0])
#define NSEP (sizeof seps / sizeof seps[0])

/* A report text into t: filler of pad bytes, then words and separators,
 * U+0000 now and then. */
static void
report(struct sfb_buf *t, size_t pad)
{
	size_t k, parts = t_rnd(40), i;

	t->len = 0;
	for (i = 0; i < pad; i++)
		sfb_buf_putc(t, t_rnd(3) ? 'x' : t_rnd(2) ? ' ' : '.');
	for (k = 0; k < parts; k++) {
		sfb_buf_puts(t, words[t_rnd(NWORD)]);
		if (t_rnd(30) == 0)
			sfb_buf_putc(t, '\0');
		sfb_buf_puts(t, seps[t_rnd(NSEP)]);
	}
	if (t_rnd(2))
		sfb_buf_putc(t, t_rnd(3) ? '.' : t_rnd(2) ? '!' : '?');
}

/* The record {"source_report": a, "counterfactual_report": b}. */
static void
record(struct sfb_buf *rec, const struct sfb_buf *a, const struct sfb_buf *b)
{
	rec->len = 0;
	sfb_buf_puts(rec, "{\"source_report\": ");
	sfb_json_str_encode(rec, a->p, a->len, 0);
	sfb_buf_puts(rec, ", \"counterfactual_report\": ");
	sfb_json_str_encode(rec, b->p, b->len, t_rnd(2));
	sfb_buf_putc(rec, '}');
}

static int
has(const struct sfb_buf *b, const char *lit)
{
	size_t i, l = strlen(lit);

	for (i = 0; i + l <= b->len; i++)
		if (memcmp(b->p + i, lit, l) == 0)
			return 1;
	return 0;
}

static void
test_fast_plain(int evidence)
{
	struct sfb_ctxstage_opts of = {0}, op = {0};
	struct sfb_ctxstage *fast, *plain;
	struct sfb_buf a = {0}, b = {0}, rec = {0}, oa = {0}, ob = {0};
	struct sfb_obj o = {0};
	size_t iter, bad = 0, negated = 0;

	of.evidence = op.evidence = evidence;
	op.plain = 1;
	fast = sfb_ctxstage_new(&of);
	plain = sfb_ctxstage_new(&op);
	t_ok(fast != NULL && plain != NULL, "sfb_ctxstage_new");
	if (fast == NULL || plain == NULL)
		return;
	for (iter = 0; iter < 20000; iter++) {
		struct sfb_err ea = {0}, eb = {0};
		const char *why;
		int ra, rb;

		report(&a, iter < 4 * 130 ? iter % 130 : t_rnd(130));
		report(&b, t_rnd(70));
		record(&rec, &a, &b);
		if (sfb_obj_parse(&o, rec.p, rec.len, &why) < 0) {
			t_ok(0, "record %zu does not parse: %s", iter, why);
			break;
		}
		oa.len = ob.len = 0;
		ra = sfb_ctxstage_rec(fast, &o, &oa, &ea);
		rb = sfb_ctxstage_rec(plain, &o, &ob, &eb);
		if (ra != rb || oa.len != ob.len ||
		    memcmp(oa.p, ob.p, oa.len) != 0) {
			if (bad++ < 3)
				fprintf(stderr, "differs:\n%.*s\n%.*s\n",
				    (int)oa.len, oa.p, (int)ob.len, ob.p);
		}
		negated += has(&oa, "\"negated\"");
	}
	t_ok(bad == 0, "evidence %d: fast and plain differ on %zu records",
	    evidence, bad);
	t_ok(negated > 1000 && negated < iter - 1000,
	    "evidence %d: negations in %zu of %zu records", evidence, negated,
	    iter);
	sfb_ctxstage_free(fast);
	sfb_ctxstage_free(plain);
	sfb_obj_free(&o);
	sfb_buf_free(&a);
	sfb_buf_free(&b);
	sfb_buf_free(&rec);
	sfb_buf_free(&oa);
	sfb_buf_free(&ob);
}

int
main(void)
{
	test_fast_plain(0);
	test_fast_plain(1);
	return t_done();
}
