/* sfb-hallucination - the lexical hallucination fraction of both reports
 * of a pair and its absolute difference (SPEC 13.3). */
#include <getopt.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"
#include "core/num.h"
#include "bundle/truth.h"

static const char usage_text[] =
    "sfb-hallucination [-x KEY]... [FILE...]";

struct opts {
	struct sfb_halluc *h;
	struct sfb_span *drop;
	size_t ndrop;
};

/* The arrays a record needs, and the stage that adds each. */
static const char *const need[3][2] = {
	{ "source_diagnostic_labels", "sfb-extract-labels" },
	{ "counterfactual_diagnostic_labels", "sfb-extract-labels" },
	{ "ground_truth_labels", "sfb-truth" },
};

static const char *const out_keys[3] = {
	"source_hallucination_fraction", "counterfactual_hallucination_fraction",
	"hallucination_abs_diff",
};

static void
put_record(const struct opts *o, const struct sfb_obj *rec,
    const struct sfb_kv *kv, size_t n, struct sfb_buf *out)
{
	if ((o->ndrop ? sfb_obj_splice_drop(rec, kv, n, o->drop, o->ndrop, out) :
	    sfb_obj_splice(rec, kv, n, out)) < 0)
		sfb_oom();
}

static int
per_record(void *ctx, const struct sfb_obj *rec, struct sfb_buf *out,
    struct sfb_err *err)
{
	struct opts *o = ctx;
	const struct sfb_member *m = sfb_obj_get(rec, "usable", 6);
	struct sfb_span v[3];
	struct sfb_kv kv[3];
	char num[3][SFB_NUM_MAX];
	double f[3];
	size_t i, bad;
	int r;

	if (m != NULL && sfb_json_type(&m->val) == SFB_JFALSE) {
		put_record(o, rec, NULL, 0, out);
		return 0;
	}
	for (i = 0; i < 3; i++) {
		enum sfb_jtype t;

		m = sfb_obj_get(rec, need[i][0], strlen(need[i][0]));
		t = sfb_json_type(m ? &m->val : NULL);
		if (t == SFB_JNONE)
			return sfb_err_set(err, SFB_EXIT_USAGE,
			    "%s is missing (%s adds it)", need[i][0], need[i][1]);
		if (t != SFB_JARRAY && !(i == 2 && t == SFB_JNULL))
			return sfb_err_set(err, SFB_EXIT_USAGE,
			    "%s is %s, not an array of strings", need[i][0],
			    sfb_json_type_name(t));
		v[i] = m->val;
	}
	if (sfb_json_type(&v[2]) == SFB_JNULL) {
		/* no ground truth: not a hallucination pair */
		for (i = 0; i < 3; i++)
			kv[i] = (struct sfb_kv){ out_keys[i], strlen(out_keys[i]),
			    "null", 4 };
		put_record(o, rec, kv, 3, out);
		return 0;
	}
	for (i = 0; i < 2; i++) {
		r = sfb_halluc_fraction(o->h, &v[i], &v[2], &f[i], &bad);
		if (r < 0)
			sfb_oom();
		if (r > 0)
			return sfb_err_set(err, SFB_EXIT_USAGE,
			    "%s[%zu] is not a string", need[r == 1 ? i : 2][0], bad);
	}
	f[2] = fabs(f[0] - f[1]);
	for (i = 0; i < 3; i++)
		kv[i] = (struct sfb_kv){ out_keys[i], strlen(out_keys[i]), num[i],
		    sfb_num_repr(f[i], num[i]) };
	put_record(o, rec, kv, 3, out);
	return 0;
}

int
main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{"exclude", required_argument, NULL, 'x'},
		{"help", no_argument, NULL, 'h'},
		{"version", no_argument, NULL, 'V'},
		{NULL, 0, NULL, 0},
	};
	static struct opts o;
	int c;

	sfb_setup(argv);
	o.drop = sfb_drops_new(argc);
	while ((c = getopt_long(argc, argv, "x:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'x': sfb_drops_add(o.drop, &o.ndrop, optarg); break;
		case 'h': sfb_usage(usage_text, SFB_EXIT_OK);
		case 'V': sfb_version();
		default: sfb_usage(usage_text, SFB_EXIT_USAGE);
		}
	}
	if ((o.h = sfb_halluc_new()) == NULL)
		sfb_oom();
	sfb_run(argv + optind, argc - optind, per_record, &o);
	sfb_halluc_free(o.h);
	free(o.drop);
	return sfb_finish(SFB_EXIT_OK);
}
