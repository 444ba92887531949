/* sfb-jaccard - per-pair endpoint values: recommendation change and
 * Jaccard, diagnostic-label consistency and the both-empty flag; or the
 * Jaccard index of any two string arrays (-a, -b, -k). */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"
#include "core/num.h"
#include "bundle/pair_jaccard.h"

static const char usage_text[] =
    "sfb-jaccard [-a KEY -b KEY [-k OUT]] [-x KEY]... [FILE...]\n"
    "Add recommendation_changed, recommendation_jaccard,\n"
    "diagnostic_label_consistency and diagnostic_labels_both_empty to each\n"
    "usable pair record; with -a and -b, add the Jaccard index of the two\n"
    "string arrays as OUT (default \"jaccard\").  Records whose usable is\n"
    "false pass through unchanged.  -x KEY leaves the member KEY out of\n"
    "every record written.";

#define CACHED 32

/* Label and recommendation sets are small, so the few ratios that occur
 * are formatted once. */
struct ratio_text {
	char s[SFB_NUM_MAX];
	size_t n;
};

struct opts {
	const char *a, *b, *k;
	struct sfb_span *drop;		/* the -x keys */
	size_t ndrop;
	struct sfb_jac *jac;
	struct ratio_text cache[CACHED + 1][CACHED + 1];
};

/* The arrays pair mode needs, and the stage that adds each. */
static const char *const pair_keys[4][2] = {
	{ "source_recommendations", "sfb-rec-bucket" },
	{ "counterfactual_recommendations", "sfb-rec-bucket" },
	{ "source_diagnostic_labels", "sfb-extract-labels" },
	{ "counterfactual_diagnostic_labels", "sfb-extract-labels" },
};

static int
get_array(const struct sfb_obj *rec, const char *key, const char *stage,
    struct sfb_span *v, struct sfb_err *err)
{
	const struct sfb_member *m = sfb_obj_get(rec, key, strlen(key));
	enum sfb_jtype t = m ? sfb_json_type(&m->val) : SFB_JNONE;

	if (t == SFB_JNONE && stage)
		return sfb_err_set(err, SFB_EXIT_USAGE,
		    "%s is missing (%s adds it)", key, stage);
	if (t != SFB_JARRAY)
		return sfb_err_set(err, SFB_EXIT_USAGE,
		    "%s is %s, not an array of strings", key,
		    sfb_json_type_name(t));
	*v = m->val;
	return 0;
}

/* Count the two sets; on a non-string element name it. */
static int
count(struct opts *o, const struct sfb_span *a, const struct sfb_span *b,
    const char *ka, const char *kb, size_t *inter, size_t *uni,
    struct sfb_err *err)
{
	size_t bad;
	int r = sfb_jac_count(o->jac, a, b, inter, uni, &bad);

	if (r < 0)
		sfb_oom();
	if (r) {
		const struct sfb_span *arr = r == 1 ? a : b;
		struct sfb_span e;
		size_t pos = 0, i;

		for (i = 0; i <= bad; i++)
			sfb_json_arr_next(arr, &pos, &e);
		return sfb_err_set(err, SFB_EXIT_USAGE,
		    "%s[%zu] is %s, not a string", r == 1 ? ka : kb, bad,
		    sfb_json_type_name(sfb_json_type(&e)));
	}
	return 0;
}

/* The Jaccard index inter / uni (1.0 when both sets are empty) as text;
 * the result stays valid until the next call. */
static const char *
ratio(struct opts *o, size_t inter, size_t uni, size_t *n, char *buf)
{
	double d = uni ? (double)inter / (double)uni : 1.0;
	struct ratio_text *t;

	if (uni > CACHED) {
		*n = sfb_num_repr(d, buf);
		return buf;
	}
	t = &o->cache[inter][uni];
	if (!t->n)
		t->n = sfb_num_repr(d, t->s);
	*n = t->n;
	return t->s;
}

/* rec with kv[0..n) added as sfb_obj_splice adds them, and without the -x
 * members. */
static void
put_record(const struct opts *o, const struct sfb_obj *rec,
    const struct sfb_kv *kv, size_t n, struct sfb_buf *out)
{
	if (!o->ndrop && !n ? sfb_buf_put(out, rec->text.p, rec->text.n) < 0 ||
	    sfb_buf_putc(out, '\n') < 0 :
	    sfb_obj_splice_drop(rec, kv, n, o->drop, o->ndrop, out) < 0)
		sfb_oom();
}

static int
per_record(void *ctx, const struct sfb_obj *rec, struct sfb_buf *out,
    struct sfb_err *err)
{
	struct opts *o = ctx;
	const struct sfb_member *u = sfb_obj_get(rec, "usable", 6);
	char rj[SFB_NUM_MAX], dj[SFB_NUM_MAX];
	struct sfb_span v[4];
	struct sfb_kv kv[4];
	size_t ri, ru, di, du;
	int i, r;

	if (u) {
		enum sfb_jtype t = sfb_json_type(&u->val);

		if (t == SFB_JFALSE) {
			put_record(o, rec, NULL, 0, out);
			return 0;
		}
		if (t != SFB_JTRUE)
			return sfb_err_set(err, SFB_EXIT_USAGE,
			    "usable is %s, not a boolean",
			    sfb_json_type_name(t));
	}
	if (o->a) {
		if ((r = get_array(rec, o->a, NULL, &v[0], err)) ||
		    (r = get_array(rec, o->b, NULL, &v[1], err)) ||
		    (r = count(o, &v[0], &v[1], o->a, o->b, &ri, &ru, err)))
			return r;
		kv[0].key = o->k;
		kv[0].klen = strlen(o->k);
		kv[0].val = ratio(o, ri, ru, &kv[0].vlen, rj);
		put_record(o, rec, kv, 1, out);
		return 0;
	}
	for (i = 0; i < 4; i++)
		if ((r = get_array(rec, pair_keys[i][0], pair_keys[i][1], &v[i],
		    err)) != 0)
			return r;
	if ((r = count(o, &v[0], &v[1], pair_keys[0][0], pair_keys[1][0], &ri,
	    &ru, err)) || (r = count(o, &v[2], &v[3], pair_keys[2][0],
	    pair_keys[3][0], &di, &du, err)))
		return r;
	kv[0] = (struct sfb_kv){ "recommendation_changed", 22,
	    ri != ru ? "1.0" : "0.0", 3 };
	kv[1].key = "recommendation_jaccard";
	kv[1].klen = 22;
	kv[1].val = ratio(o, ri, ru, &kv[1].vlen, rj);
	kv[2].key = "diagnostic_label_consistency";
	kv[2].klen = 28;
	kv[2].val = ratio(o, di, du, &kv[2].vlen, dj);
	kv[3] = (struct sfb_kv){ "diagnostic_labels_both_empty", 28,
	    du ? "false" : "true", du ? 5 : 4 };
	put_record(o, rec, kv, 4, out);
	return 0;
}

int
main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "exclude", required_argument, NULL, 'x' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 }
	};
	static struct opts o;
	int ch;

	sfb_setup(argv);
	o.drop = sfb_drops_new(argc);
	while ((ch = getopt_long(argc, argv, "a:b:k:x:h", longopts, NULL)) != -1) {
		switch (ch) {
		case 'x': sfb_drops_add(o.drop, &o.ndrop, optarg); break;
		case 'a':
			o.a = optarg;
			break;
		case 'b':
			o.b = optarg;
			break;
		case 'k':
			o.k = optarg;
			break;
		case 'h':
			sfb_usage(usage_text, SFB_EXIT_OK);
		case 'V':
			sfb_version();
		default:
			sfb_usage(usage_text, SFB_EXIT_USAGE);
		}
	}
	if (!o.a != !o.b || (o.k && !o.a))
		sfb_usage(usage_text, SFB_EXIT_USAGE);
	if (o.a && !o.k)
		o.k = "jaccard";
	if (!(o.jac = sfb_jac_new()))
		sfb_oom();
	sfb_run(argv + optind, argc - optind, per_record, &o);
	sfb_jac_free(o.jac);
	free(o.drop);
	return sfb_finish(SFB_EXIT_OK);
}
