/*
 * sfb-flips - per-category transitions between the source and the
 * counterfactual label sets of each pair: how often a category appears
 * or vanishes under the demographic edit, with source-clustered
 * bootstrap intervals (SPEC 16 and 4).  A reducer: one object per group
 * and category.
 */
#include <getopt.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/groupby.h"
#include "core/idtab.h"
#include "core/json.h"
#include "stats/boot.h"
#include "text/kw.h"
#include "util.h"

static const char usage_text[] =
    "sfb-flips [--recs | -a KEY -b KEY] [-c KEY] [-n ITER] [-s SEED]\n"
    "                 [--by KEY | --by-expr EXPR] [--where EXPR] [FILE...]";

static const char method[] = "source_clustered_percentile_numpy_pcg64";

/* Where a category is: in the source set, the counterfactual set, or both. */
enum { IN_A = 1, IN_B = 2 };

/* A usable record: its group, cluster, and the categories it holds. */
struct frec {
	uint32_t group, cluster;
	size_t first, n;	/* its entries in ctx.ent */
};

struct group {
	uint64_t excluded;
	size_t nrec;
};

struct ctx {
	const char *a, *b, *cluster;
	int fixed;		/* the categories are a registry's: no others allowed */
	struct sfb_groupby gb;
	struct sfb_idtab groups, clusters, cats;
	struct group *g;
	size_t gcap;
	struct frec *rec;
	size_t nrec, reccap;
	uint32_t *ent;		/* category << 2 | IN_A | IN_B */
	size_t nent, entcap;
	unsigned char *mark;	/* [cats.cap] this record's sets */
	size_t markcap;
	uint32_t *touched;
	size_t ntouched, touchcap;
	struct sfb_buf text;
};

static uint32_t
intern(struct sfb_idtab *t, const char *s, size_t n, int *added)
{
	long long k = sfb_idtab_find(t, s, n, added);

	if (k < 0)
		sfb_oom();
	return (uint32_t)k;
}

/* Mark the categories of the string array key with bit. */
static int
mark_set(struct ctx *c, const struct sfb_obj *rec, const char *key, int bit,
    struct sfb_err *err)
{
	const struct sfb_member *m = sfb_obj_get(rec, key, strlen(key));
	enum sfb_jtype t = m ? sfb_json_type(&m->val) : SFB_JNONE;
	struct sfb_span el;
	size_t pos = 0;

	if (t == SFB_JNONE)
		return sfb_err_set(err, SFB_EXIT_USAGE, "missing \"%s\"", key);
	if (t != SFB_JARRAY)
		return sfb_err_set(err, SFB_EXIT_USAGE, "\"%s\" is %s, not %s", key,
		    sfb_json_type_name(t), sfb_json_type_name(SFB_JARRAY));
	while (sfb_json_arr_next(&m->val, &pos, &el)) {
		enum sfb_jtype et = sfb_json_type(&el);
		uint32_t k;
		int added;

		if (et != SFB_JSTRING)
			return sfb_err_set(err, SFB_EXIT_USAGE, "\"%s\" holds %s, not "
			    "only strings", key, sfb_json_type_name(et));
		c->text.len = 0;
		if (sfb_json_str_decode(&el, &c->text) < 0)
			sfb_oom();
		k = intern(&c->cats, c->text.p, c->text.len, &added);
		if (added && c->fixed)
			return sfb_err_set(err, SFB_EXIT_USAGE, "\"%s\" holds \"%.*s\", "
			    "not a category", key, c->text.len > 200 ? 200 :
			    (int)c->text.len, c->text.p);
		if (c->markcap < c->cats.cap) {
			if (!(c->mark = realloc(c->mark, c->cats.cap)))
				sfb_oom();
			memset(c->mark + c->markcap, 0, c->cats.cap - c->markcap);
			c->markcap = c->cats.cap;
		}
		if (c->mark[k] == 0) {
			if (c->ntouched == c->touchcap) {
				c->touchcap = c->touchcap ? 2 * c->touchcap : 32;
				if (!(c->touched = realloc(c->touched,
				    c->touchcap * sizeof *c->touched)))
					sfb_oom();
			}
			c->touched[c->ntouched++] = k;
		}
		c->mark[k] |= (unsigned char)bit;
	}
	return 0;
}

static int
on_record(void *vctx, const struct sfb_obj *rec, struct sfb_buf *out,
    struct sfb_err *err)
{
	struct ctx *c = vctx;
	const struct sfb_member *m;
	struct frec *r;
	uint32_t gk;
	size_t i;
	int added, st;

	(void)out;
	if ((st = sfb_groupby_record(&c->gb, rec, err)) != 1)
		return st;
	gk = intern(&c->groups, c->gb.key.p, c->gb.key.len, &added);
	if (c->gcap < c->groups.cap) {
		if (!(c->g = realloc(c->g, c->groups.cap * sizeof *c->g)))
			sfb_oom();
		c->gcap = c->groups.cap;
	}
	if (added)
		memset(&c->g[gk], 0, sizeof c->g[gk]);

	if ((st = sfb_groupby_usable(rec, err)) != 1) {
		if (st == 0)
			c->g[gk].excluded++;
		return st;
	}

	c->ntouched = 0;
	st = mark_set(c, rec, c->a, IN_A, err);
	if (st == 0)
		st = mark_set(c, rec, c->b, IN_B, err);
	if (st == 0) {
		m = sfb_obj_get(rec, c->cluster, strlen(c->cluster));
		if (!m)
			st = sfb_err_set(err, SFB_EXIT_USAGE, "missing \"%s\"", c->cluster);
		else if (sfb_json_type(&m->val) != SFB_JSTRING)
			st = sfb_err_set(err, SFB_EXIT_USAGE, "\"%s\" is %s, not %s",
			    c->cluster, sfb_json_type_name(sfb_json_type(&m->val)),
			    sfb_json_type_name(SFB_JSTRING));
	}
	if (st != 0) {
		for (i = 0; i < c->ntouched; i++)
			c->mark[c->touched[i]] = 0;
		return st;
	}
	if (c->nrec == c->reccap) {
		c->reccap = c->reccap ? 2 * c->reccap : 1024;
		if (!(c->rec = realloc(c->rec, c->reccap * sizeof *c->rec)))
			sfb_oom();
	}
	if (c->entcap - c->nent < c->ntouched) {
		while (c->entcap - c->nent < c->ntouched)
			c->entcap = c->entcap ? 2 * c->entcap : 4096;
		if (!(c->ent = realloc(c->ent, c->entcap * sizeof *c->ent)))
			sfb_oom();
	}
	r = &c->rec[c->nrec++];
	r->group = gk;
	c->text.len = 0;
	if (sfb_json_str_decode(&m->val, &c->text) < 0)
		sfb_oom();
	r->cluster = intern(&c->clusters, c->text.p, c->text.len, &added);
	r->first = c->nent;
	r->n = c->ntouched;
	for (i = 0; i < c->ntouched; i++) {
		uint32_t k = c->touched[i];

		c->ent[c->nent++] = k << 2 | c->mark[k];
		c->mark[k] = 0;
	}
	c->g[gk].nrec++;
	return 0;
}

struct opts {
	uint64_t iterations;
	struct sfb_seed seed;
};

static void
put_ci(struct sfb_buf *out, const char *key, const struct sfb_boot_ci *ci)
{
	sfb_put(out, key);
	sfb_put(out, "{\"lower\": ");
	sfb_put_num(out, ci->lower);
	sfb_put(out, ", \"upper\": ");
	sfb_put_num(out, ci->upper);
	sfb_put(out, "}");
}

static void
put_count(struct sfb_buf *out, const char *key, uint64_t v)
{
	sfb_put(out, key);
	sfb_put_uint(out, v);
}

/*
 * The objects of group gk, whose records are c->rec[recs[0..nrecs)], one
 * per category in the order ord[0..ncat).
 */
static void
summarize(struct ctx *c, const struct opts *o, uint32_t gk, const size_t *recs,
    size_t nrecs, const char *key, size_t klen, const size_t *ord, size_t ncat,
    struct sfb_buf *out)
{
	size_t nc = 2 * ncat, i, j, e;
	uint64_t *cnt = calloc(ncat * 4, sizeof *cnt);	/* neither, removed, added, both */
	double *row = calloc(nc, sizeof *row);
	size_t *col = malloc((c->cats.n ? c->cats.n : 1) * sizeof *col);
	struct sfb_boot_ci *ci = calloc(nc, sizeof *ci);
	struct sfb_seed *seeds = calloc(nc, sizeof *seeds);
	char seed[SFB_SEED_DIGITS];
	size_t nseed;
	sfb_boot *b = sfb_boot_new(nc);
	int rc;

	if (!cnt || !row || !col || !ci || !seeds || !b)
		sfb_oom();
	for (j = 0; j < ncat; j++)
		col[ord[j]] = j;
	for (i = 0; i < nrecs; i++) {
		const struct frec *r = &c->rec[recs[i]];
		const char *id;
		size_t idlen;

		memset(row, 0, nc * sizeof *row);
		for (e = r->first; e < r->first + r->n; e++) {
			unsigned st = c->ent[e] & 3;

			j = col[c->ent[e] >> 2];
			cnt[4 * j + st]++;
			/* flip: in one set only; net: +1 added, -1 removed */
			row[2 * j] = st == IN_A || st == IN_B ? 1.0 : 0.0;
			row[2 * j + 1] = st == IN_B ? 1.0 : st == IN_A ? -1.0 : 0.0;
		}
		id = c->clusters.ids + c->clusters.off[r->cluster];
		idlen = c->clusters.len[r->cluster];
		if (sfb_boot_add(b, id, idlen, row) != SFB_BOOT_OK)
			sfb_oom();
	}
	/* A fresh generator per value, seeded alike: one index matrix for all. */
	for (j = 0; j < nc; j++)
		seeds[j] = o->seed;
	rc = sfb_boot_run(b, seeds, o->iterations, 95, ci);
	if (rc == SFB_BOOT_ENOMEM)
		sfb_oom();
	if (rc != SFB_BOOT_OK)
		sfb_die(SFB_EXIT_USAGE, "%s", sfb_boot_strerror(rc));
	nseed = sfb_seed_format(&o->seed, seed);
	for (j = 0; j < ncat; j++) {
		const char *name = c->cats.ids + c->cats.off[ord[j]];
		uint64_t n = sfb_boot_count(b), add = cnt[4 * j + IN_B],
		    rem = cnt[4 * j + IN_A], both = cnt[4 * j + 3];

		sfb_put(out, "{");
		if (key) {
			sfb_put(out, "\"group\": ");
			sfb_put_str(out, key, klen);
			sfb_put(out, ", ");
		}
		sfb_put(out, "\"category\": ");
		sfb_put_str(out, name, c->cats.len[ord[j]]);
		put_count(out, ", \"n\": ", n);
		put_count(out, ", \"n_clusters\": ", sfb_boot_clusters(b));
		put_count(out, ", \"excluded\": ", c->g[gk].excluded);
		put_count(out, ", \"both\": ", both);
		put_count(out, ", \"neither\": ", n - both - add - rem);
		put_count(out, ", \"added\": ", add);
		put_count(out, ", \"removed\": ", rem);
		sfb_put(out, ", \"flip_rate\": ");
		sfb_put_num(out, (double)(add + rem) / (double)n);
		put_ci(out, ", \"flip_rate_ci95\": ", &ci[2 * j]);
		sfb_put(out, ", \"net_shift\": ");
		sfb_put_num(out, ((double)add - (double)rem) / (double)n);
		put_ci(out, ", \"net_shift_ci95\": ", &ci[2 * j + 1]);
		put_count(out, ", \"iterations\": ", o->iterations);
		sfb_put(out, ", \"seed\": ");
		if (sfb_buf_put(out, seed, nseed) < 0)
			sfb_oom();
		sfb_put(out, ", \"method\": ");
		sfb_put_str(out, method, sizeof method - 1);
		sfb_put(out, "}\n");
	}
	sfb_boot_free(b);
	free(cnt);
	free(row);
	free(col);
	free(ci);
	free(seeds);
}

int
main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "recs", no_argument, NULL, 'r' },
		{ "cluster", required_argument, NULL, 'c' },
		{ "iterations", required_argument, NULL, 'n' },
		{ "seed", required_argument, NULL, 's' },
		{ "by", required_argument, NULL, 'B' },
		{ "by-expr", required_argument, NULL, 'E' },
		{ "where", required_argument, NULL, 'W' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 }
	};
	struct ctx c = { 0 };
	struct opts o = { 0 };
	struct sfb_buf msgs = { 0 };
	struct sfb_idorder *gord, *cord = NULL;
	const char *by_expr = NULL, *where = NULL, *name;
	size_t i, ncat, *ord, *start, *byg;
	int ch, recs = 0;

	sfb_setup(argv);
	c.cluster = "source_id";
	o.iterations = 10000;
	sfb_seed_from_u64(&o.seed, 42);
	while ((ch = getopt_long(argc, argv, "ha:b:c:n:s:", longopts, NULL)) != -1) {
		switch (ch) {
		case 'a':
			c.a = optarg;
			break;
		case 'b':
			c.b = optarg;
			break;
		case 'r':
			recs = 1;
			break;
		case 'c':
			c.cluster = optarg;
			break;
		case 'n':
			o.iterations = (uint64_t)sfb_parse_int("-n", optarg, 1,
			    SFB_ITERATIONS_MAX);
			break;
		case 's':
			if (sfb_seed_parse(&o.seed, optarg, strlen(optarg)) < 0)
				sfb_die(SFB_EXIT_USAGE, "invalid seed: '%s'", optarg);
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
	if (!c.a != !c.b || (c.a && recs))
		sfb_usage(usage_text, SFB_EXIT_USAGE);
	sfb_groupby_free_at_exit(&c.gb);
	if (sfb_groupby_compile(&c.gb, by_expr, where, &msgs, &name) < 0)
		sfb_die_msgs(name, msgs.p, msgs.len);
	if (!c.a) {
		/* the registry's categories, in its order, and no others */
		const struct sfb_kw_registry *reg =
		    sfb_kw_registry_get(recs ? SFB_KW_RECS : SFB_KW_LABELS);
		int added;

		c.a = recs ? "source_recommendations" : "source_diagnostic_labels";
		c.b = recs ? "counterfactual_recommendations" :
		    "counterfactual_diagnostic_labels";
		for (i = 0; i < reg->ncat; i++)
			intern(&c.cats, reg->cats[i].name, strlen(reg->cats[i].name), &added);
		c.fixed = 1;
	}

	sfb_run(argv + optind, argc - optind, on_record, &c);

	name = optind < argc ? argv[argc - 1] : "-";
	if (c.groups.n == 0)
		sfb_die_unusable(name, 0, NULL, 0);
	if (!(gord = sfb_idtab_sorted(&c.groups)))
		sfb_oom();
	for (i = 0; i < c.groups.n; i++)
		if (c.g[gord[i].k].nrec == 0)
			sfb_die_unusable(name, sfb_groupby_active(&c.gb), gord[i].id,
			    gord[i].len);
	/* registry order, or the observed strings in code-point order */
	ncat = c.cats.n;
	if (ncat == 0)
		sfb_die(SFB_EXIT_USAGE, "%s: no category in \"%s\" or \"%s\"", name,
		    c.a, c.b);
	if (!(ord = malloc(ncat * sizeof *ord)))
		sfb_oom();
	if (!c.fixed && !(cord = sfb_idtab_sorted(&c.cats)))
		sfb_oom();
	for (i = 0; i < ncat; i++)
		ord[i] = c.fixed ? i : cord[i].k;
	/* the records of each group together, in input order */
	if (!(start = calloc(c.groups.n + 1, sizeof *start)) ||
	    !(byg = malloc((c.nrec ? c.nrec : 1) * sizeof *byg)))
		sfb_oom();
	for (i = 0; i < c.nrec; i++)
		start[c.rec[i].group + 1]++;
	for (i = 0; i < c.groups.n; i++)
		start[i + 1] += start[i];
	for (i = 0; i < c.nrec; i++)
		byg[start[c.rec[i].group]++] = i;
	for (i = c.groups.n; i > 0; i--)
		start[i] = start[i - 1];
	start[0] = 0;
	for (i = 0; i < c.groups.n; i++) {
		size_t k = gord[i].k;

		summarize(&c, &o, (uint32_t)k, byg + start[k], start[k + 1] - start[k],
		    sfb_groupby_active(&c.gb) ? gord[i].id : NULL, gord[i].len,
		    ord, ncat, &sfb_stdout.b);
	}
	free(start);
	free(byg);
	free(ord);
	free(cord);
	free(gord);
	free(c.g);
	free(c.rec);
	free(c.ent);
	free(c.mark);
	free(c.touched);
	sfb_buf_free(&c.text);
	sfb_buf_free(&msgs);
	sfb_idtab_free(&c.groups);
	sfb_idtab_free(&c.clusters);
	sfb_idtab_free(&c.cats);
	sfb_groupby_free(&c.gb);
	return sfb_finish(SFB_EXIT_OK);
}
