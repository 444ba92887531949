/* sfb-truth - the released ground-truth pathology labels of each pair's
 * source, from a pairs.json (SPEC 13.3). */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"
#include "core/input.h"
#include "bundle/truth.h"

static const char usage_text[] =
    "sfb-truth [--allow-empty] [-x KEY]... PAIRS_JSON [FILE...]";

struct opts {
	struct sfb_truth_tab *tab;
	int none;               /* --allow-empty on an all-empty file */
	struct sfb_span *drop;
	size_t ndrop;
	struct sfb_buf id, val;
};

static int
per_record(void *ctx, const struct sfb_obj *rec, struct sfb_buf *out,
    struct sfb_err *err)
{
	struct opts *o = ctx;
	const struct sfb_member *m = sfb_obj_get(rec, "source_id", 9);
	enum sfb_jtype t = sfb_json_type(m ? &m->val : NULL);
	struct sfb_kv kv;
	uint16_t mask;
	int r = 0;

	if (t != SFB_JSTRING)
		return sfb_err_set(err, SFB_EXIT_USAGE, t == SFB_JNONE ?
		    "missing field \"source_id\"" :
		    "field \"source_id\" is %s, not a string",
		    sfb_json_type_name(t));
	o->id.len = 0;
	o->val.len = 0;
	if (sfb_json_str_decode(&m->val, &o->id) < 0)
		sfb_oom();
	if (!o->none && sfb_truth_tab_get(o->tab, o->id.p ? o->id.p : "",
	    o->id.len, &mask))
		r = sfb_truth_put_names(&o->val, mask);
	else
		r = sfb_buf_puts(&o->val, "null");
	kv = (struct sfb_kv){ "ground_truth_labels", 19, o->val.p, o->val.len };
	if (r || (o->ndrop ? sfb_obj_splice_drop(rec, &kv, 1, o->drop, o->ndrop,
	    out) : sfb_obj_splice(rec, &kv, 1, out)) < 0)
		sfb_oom();
	return 0;
}

static struct sfb_truth_tab *
load(char *name)
{
	struct sfb_err err = { 0 };
	struct sfb_buf doc = { 0 };
	struct sfb_truth_tab *tab = NULL;
	struct sfb_in *in = sfb_in_new(&name, 1);
	int r;

	if (in == NULL)
		sfb_oom();
	if ((r = sfb_in_file_take(in, &doc, &err)) == 1)
		tab = sfb_truth_tab_load(doc.p ? doc.p : "", doc.len, name, &err);
	else if (r == 0)
		sfb_err_set(&err, SFB_EXIT_USAGE, "%s: cannot read", name);
	sfb_buf_free(&doc);
	sfb_in_free(in);
	if (tab == NULL)
		sfb_die_err(&err);
	return tab;
}

int
main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{"allow-empty", no_argument, NULL, 'A'},
		{"exclude", required_argument, NULL, 'x'},
		{"help", no_argument, NULL, 'h'},
		{"version", no_argument, NULL, 'V'},
		{NULL, 0, NULL, 0},
	};
	static struct opts o;
	int c, allow_empty = 0;

	sfb_setup(argv);
	o.drop = sfb_drops_new(argc);
	while ((c = getopt_long(argc, argv, "x:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'A': allow_empty = 1; break;
		case 'x': sfb_drops_add(o.drop, &o.ndrop, optarg); break;
		case 'h': sfb_usage(usage_text, SFB_EXIT_OK);
		case 'V': sfb_version();
		default: sfb_usage(usage_text, SFB_EXIT_USAGE);
		}
	}
	if (optind == argc)
		sfb_usage(usage_text, SFB_EXIT_USAGE);
	o.tab = load(argv[optind++]);
	if (sfb_truth_tab_all_empty(o.tab)) {
		if (!allow_empty)
			sfb_die(SFB_EXIT_USAGE, "%s: no ground-truth labels: "
			    "every pathology_labels list is empty", argv[optind - 1]);
		o.none = 1;
	}
	sfb_run(argv + optind, argc - optind, per_record, &o);
	sfb_truth_tab_free(o.tab);
	sfb_buf_free(&o.id);
	sfb_buf_free(&o.val);
	free(o.drop);
	return sfb_finish(SFB_EXIT_OK);
}
