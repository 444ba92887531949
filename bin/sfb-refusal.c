/* sfb-refusal - the response class of each report (genuine,
 * partial_refusal, full_refusal) and pair usability (SPEC 2.1, 3.3). */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"
#include "text/refusal.h"

static const char usage_text[] =
    "sfb-refusal [-f FIELD] [-j JOBS] [-k KEY] [FILE...]\n"
    "Add source_response_class, counterfactual_response_class and usable to\n"
    "each pair record; with -f, add response_class for the string FIELD.\n"
    "-k KEY replaces \"response_class\" in the added key names; -j JOBS\n"
    "runs the records on JOBS threads (default: the processors, up to 8).";

struct side {
	const char *field;
	char *key;
	size_t nfield, nkey;	/* their lengths, once */
};

struct ctx {
	sfb_refusal *rf;
	struct side side[2];
	int nside;
	struct sfb_buf text;	/* decoded text of an escaped field */
};

struct opts {
	const char *field;
	const char *key;
};

static char *
join(const char *a, const char *b)
{
	char *s = sfb_str_join3(a, b, "");

	if (!s)
		sfb_oom();
	return s;
}

static int
per_record(void *arg, const struct sfb_obj *rec, struct sfb_buf *out,
    struct sfb_err *err)
{
	struct ctx *c = arg;
	struct sfb_kv kv[3];
	int cls[2], i;

	for (i = 0; i < c->nside; i++) {
		const struct side *sd = &c->side[i];
		const struct sfb_member *m = sfb_obj_get(rec, sd->field,
		    sd->nfield);
		enum sfb_jtype t = sfb_json_type(m ? &m->val : NULL);
		const char *text;
		size_t n;

		if (t != SFB_JSTRING)
			return sfb_err_set(err, SFB_EXIT_USAGE,
			    t == SFB_JNONE ? "missing field \"%s\"" :
			    "field \"%s\" is %s, not a string", sd->field,
			    sfb_json_type_name(t));
		/* Most reports are genuine and say so without decoding;
		 * one without escapes is classified as it stands. */
		if (sfb_refusal_genuine_json(c->rf, m->val.p + 1,
		    m->val.n - 2)) {
			cls[i] = SFB_GENUINE;
			goto put;
		}
		if (!memchr(m->val.p + 1, '\\', m->val.n - 2)) {
			text = m->val.p + 1;
			n = m->val.n - 2;
		} else {
			c->text.len = 0;
			if (sfb_json_str_decode(&m->val, &c->text) < 0)
				sfb_oom();
			text = c->text.p;
			n = c->text.len;
		}
		if ((cls[i] = sfb_refusal_classify(c->rf, text, n)) < 0)
			sfb_oom();
put:
		kv[i].key = sd->key;
		kv[i].klen = sd->nkey;
		kv[i].val = cls[i] == SFB_GENUINE ? "\"genuine\"" :
		    cls[i] == SFB_PARTIAL_REFUSAL ? "\"partial_refusal\"" :
		    "\"full_refusal\"";
		kv[i].vlen = strlen(kv[i].val);
	}
	if (c->nside == 2) {
		int usable = cls[0] != SFB_FULL_REFUSAL &&
		    cls[1] != SFB_FULL_REFUSAL;

		kv[2] = (struct sfb_kv){ "usable", 6, usable ? "true" : "false",
		    usable ? 4 : 5 };
	}
	if (sfb_obj_splice(rec, kv, (size_t)c->nside + (c->nside == 2), out) < 0)
		sfb_oom();
	return 0;
}

static void *
make_ctx(void *arg)
{
	const struct opts *o = arg;
	struct ctx *c = calloc(1, sizeof *c);
	int i;

	if (c == NULL)
		return NULL;
	if (o->field) {
		c->side[0].field = o->field;
		c->side[0].key = join("", o->key);
		c->nside = 1;
	} else {
		c->side[0].field = "source_report";
		c->side[0].key = join("source_", o->key);
		c->side[1].field = "counterfactual_report";
		c->side[1].key = join("counterfactual_", o->key);
		c->nside = 2;
	}
	for (i = 0; i < c->nside; i++) {
		c->side[i].nfield = strlen(c->side[i].field);
		c->side[i].nkey = strlen(c->side[i].key);
	}
	if (!(c->rf = sfb_refusal_new()))
		sfb_oom();
	return c;
}

static void
drop_ctx(void *arg)
{
	struct ctx *c = arg;
	int i;

	sfb_refusal_free(c->rf);
	for (i = 0; i < c->nside; i++)
		free(c->side[i].key);
	sfb_buf_free(&c->text);
	free(c);
}

int
main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "jobs", required_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 }
	};
	struct opts o = { NULL, "response_class" };
	int ch, jobs = sfb_default_jobs(SFB_JOBS_DEFAULT);

	sfb_setup(argv);
	while ((ch = getopt_long(argc, argv, "f:j:k:h", longopts, NULL)) != -1) {
		switch (ch) {
		case 'f':
			o.field = optarg;
			break;
		case 'j':
			jobs = sfb_parse_jobs(optarg);
			break;
		case 'k':
			o.key = optarg;
			break;
		case 'h':
			sfb_usage(usage_text, SFB_EXIT_OK);
		case 'V':
			sfb_version();
		default:
			sfb_usage(usage_text, SFB_EXIT_USAGE);
		}
	}
	sfb_run_jobs(argv + optind, argc - optind, per_record, jobs, make_ctx,
	    drop_ctx, &o);
	return sfb_finish(SFB_EXIT_OK);
}
