/* sfb-endpoints - score pair records in one pass: what
 * sfb-refusal | sfb-extract-labels | sfb-rec-bucket | sfb-jaccard add,
 * byte for byte (SPEC 2.1, 3). */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"
#include "core/num.h"
#include "text/kw.h"
#include "text/refusal.h"

static const char usage_text[] =
    "sfb-endpoints [-j JOBS] [-x KEY]... [FILE...]\n"
    "Add what sfb-refusal | sfb-extract-labels | sfb-rec-bucket | sfb-jaccard\n"
    "add to each pair record, in one pass: both response classes, usable,\n"
    "both reports' diagnostic labels and recommendation buckets, and to\n"
    "usable pairs the four endpoint values.  -x KEY leaves the member KEY\n"
    "out of every record written; -j JOBS runs the records on JOBS threads\n"
    "(default: the processors, up to 8).";

struct opts {
	struct sfb_span *drop;	/* the -x keys */
	size_t ndrop;
};

/* Each registry has at most MAXCAT categories (13 labels, 7 buckets). */
#define MAXCAT 13

/* A text made once and kept: the few ratios and category arrays that
 * occur are formatted once per thread (len 0: not yet). */
struct text {
	char *p;
	size_t len;
};

struct ctx {
	const struct opts *o;
	sfb_refusal *rf;
	struct sfb_kw *kw[2];	/* labels, recommendations */
	struct sfb_buf text;	/* decoded text of an escaped report */
	struct text *names[2];	/* by registry, the array of each mask */
	struct text ratio[MAXCAT + 1][MAXCAT + 1];	/* inter / uni */
};

static const char *const fields[2] = { "source_report", "counterfactual_report" };
static const char *const class_keys[2] = {
	"source_response_class", "counterfactual_response_class",
};
/* By registry (labels, recommendations), then side. */
static const char *const array_keys[2][2] = {
	{ "source_diagnostic_labels", "counterfactual_diagnostic_labels" },
	{ "source_recommendations", "counterfactual_recommendations" },
};

/* The class of one report: sfb-refusal's steps (the literal prefilter on
 * the escaped text, then the decoded text when it has escapes). */
static int
classify(struct ctx *c, const struct sfb_span *v)
{
	const char *body = v->p + 1;
	size_t n = v->n - 2;
	int cls;

	if (sfb_refusal_genuine_json(c->rf, body, n))
		return SFB_GENUINE;
	if (memchr(body, '\\', n)) {
		c->text.len = 0;
		if (sfb_json_str_decode(v, &c->text) < 0)
			sfb_oom();
		body = c->text.p;
		n = c->text.len;
	}
	if ((cls = sfb_refusal_classify(c->rf, body, n)) < 0)
		sfb_oom();
	return cls;
}

/* A category set as sfb-extract-labels and sfb-rec-bucket write it: the
 * names sorted, quoted as they stand (plain ASCII, see kwstage.c). */
static const struct text *
names(struct ctx *c, int k, uint32_t mask)
{
	const struct sfb_kw *kw = c->kw[k];
	const size_t *order = sfb_kw_sorted(kw);
	struct text *t = &c->names[k][mask];
	struct sfb_buf b = { 0 };
	size_t i, nc = sfb_kw_ncat(kw);
	int r, first = 1;

	if (t->len)
		return t;
	r = sfb_buf_putc(&b, '[');
	for (i = 0; i < nc; i++) {
		if (!(mask >> order[i] & 1))
			continue;
		if (!first)
			r |= sfb_buf_put(&b, ", ", 2);
		r |= sfb_buf_putc(&b, '"') | sfb_buf_puts(&b, sfb_kw_name(kw, order[i])) |
		    sfb_buf_putc(&b, '"');
		first = 0;
	}
	if (r | sfb_buf_putc(&b, ']'))
		sfb_oom();
	t->p = b.p;
	t->len = b.len;
	return t;
}

/* sfb-jaccard's ratio: the categories are distinct names, so the sets'
 * intersection and union are the masks' and their sizes the popcounts;
 * 1.0 when both are empty. */
static const struct text *
ratio(struct ctx *c, uint32_t a, uint32_t b)
{
	int inter = __builtin_popcount(a & b), uni = __builtin_popcount(a | b);
	struct text *t = &c->ratio[inter][uni];
	char buf[SFB_NUM_MAX];

	if (t->len)
		return t;
	t->len = sfb_num_repr(uni ? (double)inter / (double)uni : 1.0, buf);
	if (!(t->p = malloc(t->len)))
		sfb_oom();
	memcpy(t->p, buf, t->len);
	return t;
}

static int
per_record(void *arg, const struct sfb_obj *rec, struct sfb_buf *out,
    struct sfb_err *err)
{
	struct ctx *c = arg;
	const struct sfb_member *m;
	struct sfb_span text[2];
	const struct text *t;
	struct sfb_kv kv[11];
	uint32_t mask[2][2];
	size_t nkv, i, k;
	int cls[2], usable;

	/* sfb-refusal checks both fields first, as the first stage */
	for (i = 0; i < 2; i++) {
		enum sfb_jtype jt;

		m = sfb_obj_get(rec, fields[i], strlen(fields[i]));
		jt = sfb_json_type(m ? &m->val : NULL);
		if (jt != SFB_JSTRING)
			return sfb_err_set(err, SFB_EXIT_USAGE,
			    jt == SFB_JNONE ? "missing field \"%s\"" :
			    "field \"%s\" is %s, not a string", fields[i],
			    sfb_json_type_name(jt));
		text[i] = m->val;
	}
	for (i = 0; i < 2; i++) {
		cls[i] = classify(c, &text[i]);
		kv[i] = (struct sfb_kv){ class_keys[i], strlen(class_keys[i]),
		    cls[i] == SFB_GENUINE ? "\"genuine\"" :
		    cls[i] == SFB_PARTIAL_REFUSAL ? "\"partial_refusal\"" :
		    "\"full_refusal\"", 0 };
		kv[i].vlen = strlen(kv[i].val);
	}
	usable = cls[0] != SFB_FULL_REFUSAL && cls[1] != SFB_FULL_REFUSAL;
	kv[2] = (struct sfb_kv){ "usable", 6, usable ? "true" : "false",
	    usable ? 4 : 5 };
	/* The keyword stages match the escaped text as it stands. */
	nkv = 3;
	for (k = 0; k < 2; k++)
		for (i = 0; i < 2; i++) {
			mask[k][i] = sfb_kw_match_json(c->kw[k],
			    (const unsigned char *)text[i].p + 1, text[i].n - 2);
			t = names(c, (int)k, mask[k][i]);
			kv[nkv++] = (struct sfb_kv){ array_keys[k][i],
			    strlen(array_keys[k][i]), t->p, t->len };
		}
	if (usable) {
		kv[nkv++] = (struct sfb_kv){ "recommendation_changed", 22,
		    mask[1][0] != mask[1][1] ? "1.0" : "0.0", 3 };
		t = ratio(c, mask[1][0], mask[1][1]);
		kv[nkv++] = (struct sfb_kv){ "recommendation_jaccard", 22, t->p, t->len };
		t = ratio(c, mask[0][0], mask[0][1]);
		kv[nkv++] = (struct sfb_kv){ "diagnostic_label_consistency", 28,
		    t->p, t->len };
		kv[nkv++] = (struct sfb_kv){ "diagnostic_labels_both_empty", 28,
		    mask[0][0] | mask[0][1] ? "false" : "true",
		    mask[0][0] | mask[0][1] ? 5 : 4 };
	}
	/* One splice adds what the four stages' splices add one after
	 * another: their keys are distinct, each replaces its key where it
	 * stands or appends it, in stage order. */
	if (sfb_obj_splice_drop(rec, kv, nkv, c->o->drop, c->o->ndrop, out) < 0)
		sfb_oom();
	return 0;
}

static void *
make_ctx(void *arg)
{
	struct ctx *c = calloc(1, sizeof *c);
	int k;

	if (c == NULL)
		return NULL;
	c->o = arg;
	c->rf = sfb_refusal_new();
	c->kw[0] = sfb_kw_new(sfb_kw_registry_get(SFB_KW_LABELS));
	c->kw[1] = sfb_kw_new(sfb_kw_registry_get(SFB_KW_RECS));
	if (!c->rf || !c->kw[0] || !c->kw[1])
		sfb_oom();
	for (k = 0; k < 2; k++) {
		if (sfb_kw_ncat(c->kw[k]) > MAXCAT)
			sfb_die(SFB_EXIT_USAGE, "a registry has more than %d categories", MAXCAT);
		if (!(c->names[k] = calloc((size_t)1 << sfb_kw_ncat(c->kw[k]),
		    sizeof *c->names[k])))
			sfb_oom();
	}
	return c;
}

static void
drop_ctx(void *arg)
{
	struct ctx *c = arg;
	size_t i, j;
	int k;

	for (k = 0; k < 2; k++) {
		for (i = 0; i < (size_t)1 << sfb_kw_ncat(c->kw[k]); i++)
			free(c->names[k][i].p);
		free(c->names[k]);
		sfb_kw_free(c->kw[k]);
	}
	for (i = 0; i <= MAXCAT; i++)
		for (j = 0; j <= MAXCAT; j++)
			free(c->ratio[i][j].p);
	sfb_refusal_free(c->rf);
	sfb_buf_free(&c->text);
	free(c);
}

int
main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "exclude", required_argument, NULL, 'x' },
		{ "jobs", required_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 }
	};
	static struct opts o;
	int ch, jobs = sfb_default_jobs(SFB_JOBS_DEFAULT);

	sfb_setup(argv);
	o.drop = sfb_drops_new(argc);
	while ((ch = getopt_long(argc, argv, "j:x:h", longopts, NULL)) != -1) {
		switch (ch) {
		case 'j': jobs = sfb_parse_jobs(optarg); break;
		case 'x': sfb_drops_add(o.drop, &o.ndrop, optarg); break;
		case 'h': sfb_usage(usage_text, SFB_EXIT_OK);
		case 'V': sfb_version();
		default: sfb_usage(usage_text, SFB_EXIT_USAGE);
		}
	}
	sfb_run_jobs(argv + optind, argc - optind, per_record, jobs, make_ctx,
	    drop_ctx, &o);
	free(o.drop);
	return sfb_finish(SFB_EXIT_OK);
}
