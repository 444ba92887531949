/* test_kwstage.c - the keyword stages' record callback with its
 * branch-free category arrays (put_labels_fixed) against the same stage
 * writing them item by item (opts.plain): byte-identical records on
 * reports holding a random set of categories (every set for the
 * registries of up to 13 categories: none, one, all, and each between),
 * in either text of a pair, with and without evidence, escaped or not.
 * The categories themselves are checked against the reference's by the
 * stages' bats files. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/err.h"
#include "core/json.h"
#include "text/kwstage.h"
#include "t.h"

/* A report holding a synonym of each category of mask, in a random
 * order of categories, with words and escapes between. */
static void
report(struct sfb_buf *t, const struct sfb_kw_registry *reg, uint32_t mask)
{
	static const char *const between[] = {
		" and ", ". ", "\n", ", \xc3\xa9 ", " \xed\xa0\x80 ", "; ",
	};
	size_t c, s;

	t->len = 0;
	sfb_buf_puts(t, "Findings: ");
	for (c = 0; c < reg->ncat; c++) {
		size_t cc = (c * 7 + mask) % reg->ncat;

		if (!(mask >> cc & 1))
			continue;
		for (s = 0; reg->cats[cc].synonyms[s] != NULL; s++)
			;
		sfb_buf_puts(t, reg->cats[cc].synonyms[t_rnd((uint32_t)s)]);
		sfb_buf_puts(t, between[t_rnd(6)]);
	}
	sfb_buf_puts(t, "end");
}

static void
test_fixed_plain(enum sfb_kw_set set, int evidence)
{
	const struct sfb_kw_registry *reg = sfb_kw_registry_get(set);
	struct sfb_kwstage_opts of = {0}, op = {0};
	struct sfb_kwstage *fast, *plain;
	struct sfb_buf a = {0}, b = {0}, rec = {0}, oa = {0}, ob = {0};
	struct sfb_obj o = {0};
	uint32_t all = (uint32_t)((1ULL << reg->ncat) - 1), m;
	size_t iter, niter, bad = 0;

	of.set = op.set = set;
	of.out_key = op.out_key = "labels";
	of.ev_key = op.ev_key = "evidence";
	of.evidence = op.evidence = evidence;
	op.plain = 1;
	fast = sfb_kwstage_new(&of);
	plain = sfb_kwstage_new(&op);
	t_ok(fast != NULL && plain != NULL, "sfb_kwstage_new");
	if (fast == NULL || plain == NULL)
		return;
	niter = reg->ncat <= 13 ? (size_t)all + 1 : 20000;
	for (iter = 0; iter < niter; iter++) {
		struct sfb_err ea = {0}, eb = {0};
		const char *why;
		int ra, rb;

		m = reg->ncat <= 13 ? (uint32_t)iter : iter < 2 ?
		    (iter ? all : 0) : (uint32_t)t_rnd(all) | (uint32_t)t_rnd(2);
		report(&a, reg, m);
		report(&b, reg, (uint32_t)t_rnd(all) & all);
		rec.len = 0;
		sfb_buf_puts(&rec, "{\"source_report\": ");
		sfb_json_str_encode(&rec, a.p, a.len, (int)(iter & 1));
		sfb_buf_puts(&rec, ", \"counterfactual_report\": ");
		sfb_json_str_encode(&rec, b.p, b.len, (int)(iter >> 1 & 1));
		sfb_buf_putc(&rec, '}');
		if (sfb_obj_parse(&o, rec.p, rec.len, &why) < 0) {
			t_ok(0, "record %zu does not parse: %s", iter, why);
			break;
		}
		oa.len = ob.len = 0;
		ra = sfb_kwstage_rec(fast, &o, &oa, &ea);
		rb = sfb_kwstage_rec(plain, &o, &ob, &eb);
		if (ra != rb || oa.len != ob.len ||
		    memcmp(oa.p, ob.p, oa.len) != 0) {
			if (bad++ < 3)
				fprintf(stderr, "differs:\n%.*s\n%.*s\n",
				    (int)oa.len, oa.p, (int)ob.len, ob.p);
		}
	}
	t_ok(bad == 0, "registry %d, evidence %d: fixed and plain arrays "
	    "differ on %zu of %zu records", (int)set, evidence, bad, niter);
	sfb_kwstage_free(fast);
	sfb_kwstage_free(plain);
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
	static const enum sfb_kw_set sets[] = {
		SFB_KW_LABELS, SFB_KW_LABELS_STRICT, SFB_KW_RECS,
		SFB_KW_SEVERITY, SFB_KW_HEDGES,
	};
	size_t i;

	for (i = 0; i < sizeof sets / sizeof sets[0]; i++) {
		test_fixed_plain(sets[i], 0);
		test_fixed_plain(sets[i], 1);
	}
	return t_done();
}
