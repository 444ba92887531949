/*
 * sfb-paired-test - the paired Wilcoxon signed-rank test of two numeric
 * fields, as SciPy 1.10's scipy.stats.wilcoxon(a, b) computes it, with
 * Cohen's d_z and multiple-testing adjustments over the tests printed
 * (SPEC 16).  A reducer: one object per group.
 */
#include <getopt.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/groupby.h"
#include "core/idtab.h"
#include "core/json.h"
#include "stats/boot.h"
#include "stats/paired.h"
#include "util.h"

static const char usage_text[] =
    "sfb-paired-test -a KEY -b KEY [--adjust bonferroni|holm|bh]\n"
    "                       [--by KEY | --by-expr EXPR] [--where EXPR] [FILE...]";

/* The differences of one group, in record order. */
struct group {
	double *d;
	size_t n, cap;
	uint64_t excluded;
};

struct ctx {
	const char *a, *b;
	struct sfb_groupby gb;
	struct sfb_idtab keys;
	struct group *g;	/* [keys.cap] */
	size_t gcap;
};

/* The number of member key, or 0 for null (*isnull set); err otherwise. */
static int
number(const struct sfb_obj *rec, const char *key, double *v, int *isnull,
    struct sfb_err *err)
{
	const struct sfb_member *m = sfb_obj_get(rec, key, strlen(key));
	enum sfb_jtype t = m ? sfb_json_type(&m->val) : SFB_JNONE;

	*isnull = t == SFB_JNULL;
	if (t == SFB_JNULL)
		return 0;
	if (t == SFB_JNONE)
		return sfb_err_set(err, SFB_EXIT_USAGE, "missing \"%s\"", key);
	if (t != SFB_JNUMBER)
		return sfb_err_set(err, SFB_EXIT_USAGE, "\"%s\" is %s, not %s", key,
		    sfb_json_type_name(t), sfb_json_type_name(SFB_JNUMBER));
	if (sfb_json_num(&m->val, v) < 0 || !isfinite(*v))
		return sfb_err_set(err, SFB_EXIT_USAGE,
		    "\"%s\" is not a finite number", key);
	return 0;
}

static int
on_record(void *vctx, const struct sfb_obj *rec, struct sfb_buf *out,
    struct sfb_err *err)
{
	struct ctx *c = vctx;
	struct group *g;
	double a, b;
	int added, anull, bnull, st;
	long long k;

	(void)out;
	if ((st = sfb_groupby_record(&c->gb, rec, err)) != 1)
		return st;
	if ((k = sfb_idtab_find(&c->keys, c->gb.key.p, c->gb.key.len, &added)) < 0)
		sfb_oom();
	if (c->gcap < c->keys.cap) {
		if (!(c->g = realloc(c->g, c->keys.cap * sizeof *c->g)))
			sfb_oom();
		c->gcap = c->keys.cap;
	}
	g = &c->g[k];
	if (added)
		memset(g, 0, sizeof *g);

	if ((st = sfb_groupby_usable(rec, err)) != 1) {
		if (st == 0)
			g->excluded++;
		return st;
	}
	if (number(rec, c->a, &a, &anull, err) || number(rec, c->b, &b, &bnull, err))
		return err->status;
	/* null: an endpoint the pair does not define; left out and counted */
	if (anull || bnull) {
		g->excluded++;
		return 0;
	}
	if (!isfinite(a - b))
		return sfb_err_set(err, SFB_EXIT_USAGE,
		    "\"%s\" - \"%s\" is not a finite number", c->a, c->b);
	if (g->n == g->cap) {
		g->cap = g->cap ? 2 * g->cap : 64;
		if (!(g->d = realloc(g->d, g->cap * sizeof *g->d)))
			sfb_oom();
	}
	g->d[g->n++] = a - b;
	return 0;
}

static void
put_key(struct sfb_buf *out, const char *key, const char *val)
{
	sfb_put(out, key);
	sfb_put_str(out, val, strlen(val));
}

int
main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "adjust", required_argument, NULL, 'A' },
		{ "by", required_argument, NULL, 'B' },
		{ "by-expr", required_argument, NULL, 'E' },
		{ "where", required_argument, NULL, 'W' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 }
	};
	struct ctx c = { 0 };
	struct sfb_wilcoxon *w;
	struct sfb_idorder *ord;
	struct sfb_buf msgs = { 0 };
	const char *by_expr = NULL, *where = NULL, *name;
	double *p, *adj;
	size_t i, n, m;
	int ch, adjust = SFB_ADJUST_BONFERRONI, *rc;

	sfb_setup(argv);
	while ((ch = getopt_long(argc, argv, "ha:b:", longopts, NULL)) != -1) {
		switch (ch) {
		case 'a':
			c.a = optarg;
			break;
		case 'b':
			c.b = optarg;
			break;
		case 'A':
			if ((adjust = sfb_adjust_parse(optarg, strlen(optarg))) < 0)
				sfb_die(SFB_EXIT_USAGE, "--adjust: expected bonferroni, "
				    "holm or bh: '%s'", optarg);
			break;
		case 'B':
			c.gb.by = optarg;
			break;
		case 'E':
			by_expr = optarg;
			break;
		case 'W':
			where = optarg;
			break;
		case 'h':
			sfb_usage(usage_text, SFB_EXIT_OK);
		case 'V':
			sfb_version();
		default:
			sfb_usage(usage_text, SFB_EXIT_USAGE);
		}
	}
	if (!c.a || !c.b)
		sfb_usage(usage_text, SFB_EXIT_USAGE);
	sfb_groupby_free_at_exit(&c.gb);
	if (sfb_groupby_compile(&c.gb, by_expr, where, &msgs, &name) < 0)
		sfb_die_msgs(name, msgs.p, msgs.len);

	sfb_run(argv + optind, argc - optind, on_record, &c);

	name = optind < argc ? argv[argc - 1] : "-";
	n = c.keys.n;
	if (n == 0)
		sfb_die_unusable(name, 0, NULL, 0);
	if (!(ord = sfb_idtab_sorted(&c.keys)) || !(w = calloc(n, sizeof *w)) ||
	    !(rc = calloc(n, sizeof *rc)) || !(p = calloc(n, sizeof *p)) ||
	    !(adj = calloc(n, sizeof *adj)))
		sfb_oom();
	for (i = 0; i < n; i++)
		if (c.g[ord[i].k].n == 0)
			sfb_die_unusable(name, sfb_groupby_active(&c.gb), ord[i].id,
			    ord[i].len);
	/* The tests, then the adjustment over those that have a p-value. */
	for (i = m = 0; i < n; i++) {
		struct group *g = &c.g[ord[i].k];

		rc[i] = sfb_wilcoxon(g->d, g->n, &w[i]);
		if (rc[i] == SFB_PAIRED_ENOMEM)
			sfb_oom();
		if (rc[i] == SFB_PAIRED_OK)
			p[m++] = w[i].p;
	}
	if (sfb_p_adjust(p, m, (enum sfb_adjust)adjust, adj) != SFB_PAIRED_OK)
		sfb_oom();
	for (i = m = 0; i < n; i++) {
		struct group *g = &c.g[ord[i].k];
		struct sfb_buf *out = &sfb_stdout.b;
		double dz = sfb_cohen_dz(g->d, g->n);

		if (isnan(dz))
			sfb_oom();
		sfb_put(out, "{");
		if (sfb_groupby_active(&c.gb)) {
			sfb_put(out, "\"group\": ");
			sfb_put_str(out, ord[i].id, ord[i].len);
			sfb_put(out, ", ");
		}
		put_key(out, "\"a\": ", c.a);
		put_key(out, ", \"b\": ", c.b);
		sfb_put(out, ", \"n\": ");
		sfb_put_uint(out, g->n);
		sfb_put(out, ", \"excluded\": ");
		sfb_put_uint(out, g->excluded);
		sfb_put(out, ", \"n_zero\": ");
		sfb_put_uint(out, w[i].n_zero);
		sfb_put(out, ", \"mean_difference\": ");
		sfb_put_num(out, sfb_reduce_sum(g->d, g->n) / (double)g->n);
		sfb_put(out, ", \"cohens_dz\": ");
		sfb_put_num(out, dz);
		sfb_put(out, ", \"statistic\": ");
		sfb_put_num(out, w[i].statistic);
		sfb_put(out, ", \"p_value\": ");
		sfb_put_num(out, w[i].p);
		sfb_put(out, ", \"method\": ");
		sfb_put(out, rc[i] != SFB_PAIRED_OK ? "null" :
		    w[i].exact ? "\"exact\"" : "\"normal\"");
		sfb_put(out, ", \"z\": ");
		sfb_put_num(out, w[i].z);
		put_key(out, ", \"adjust\": ", sfb_adjust_name((enum sfb_adjust)adjust));
		sfb_put(out, ", \"p_adjusted\": ");
		sfb_put_num(out, rc[i] == SFB_PAIRED_OK ? adj[m++] : NAN);
		if (rc[i] == SFB_PAIRED_EZERO)
			sfb_put(out, ", \"note\": \"every difference is zero: "
			    "the signed-rank test is undefined\"");
		sfb_put(out, "}\n");
	}
	for (i = 0; i < n; i++)
		free(c.g[i].d);
	free(c.g);
	free(ord);
	free(w);
	free(rc);
	free(p);
	free(adj);
	sfb_buf_free(&msgs);
	sfb_idtab_free(&c.keys);
	sfb_groupby_free(&c.gb);
	return sfb_finish(SFB_EXIT_OK);
}
