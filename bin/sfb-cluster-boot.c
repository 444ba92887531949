/*
 * sfb-cluster-boot - point estimates and source-clustered percentile
 * bootstrap intervals of numeric fields, bit-identical to the reference's
 * NumPy computation (SPEC 2.2 and 4).  A reducer: it reads every record,
 * then prints one summary object per value (and per --by group).
 */
#include <getopt.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "stats/boot.h"
#include "core/groupby.h"
#include "core/json.h"
#include "core/num.h"
#include "util.h"

static const char usage_text[] =
    "sfb-cluster-boot [-v KEY]... [-c KEY] [-n ITER] [-s SEED] [--level L]\n"
    "                        [--by KEY | --by-expr EXPR] [--where EXPR] [FILE...]";

static const char method[] = "source_clustered_percentile_numpy_pcg64";

struct opts {
	const char **vals;	/* value keys, in -v order */
	size_t nvals;
	const char *cluster;
	uint64_t iterations;
	struct sfb_seed seed;
	double level;
};

struct ctx {
	const struct opts *o;
	struct sfb_groupby gb;	/* nothing grouped: one summary per value */
	sfb_boot_groups *groups;
	double *row;		/* this record's values */
	struct sfb_buf text;	/* a decoded string */
};

/* The member key of rec, which must be of type want; sets err otherwise. */
static const struct sfb_member *
member(const struct sfb_obj *rec, const char *key, enum sfb_jtype want,
    struct sfb_err *err)
{
	const struct sfb_member *m = sfb_obj_get(rec, key, strlen(key));
	enum sfb_jtype t = m ? sfb_json_type(&m->val) : SFB_JNONE;

	if (t == want)
		return m;
	if (t == SFB_JNONE)
		sfb_err_set(err, SFB_EXIT_USAGE, "missing \"%s\"", key);
	else
		sfb_err_set(err, SFB_EXIT_USAGE, "\"%s\" is %s, not %s", key,
		    sfb_json_type_name(t), sfb_json_type_name(want));
	return NULL;
}

static int
on_record(void *vctx, const struct sfb_obj *rec, struct sfb_buf *out,
    struct sfb_err *err)
{
	struct ctx *c = vctx;
	const struct opts *o = c->o;
	const struct sfb_member *m;
	sfb_boot *b;
	size_t i;
	int st;

	(void)out;
	if ((st = sfb_groupby_record(&c->gb, rec, err)) != 1)
		return st;
	if (!(b = sfb_boot_groups_get(c->groups, c->gb.key.p, c->gb.key.len)))
		sfb_oom();

	if ((st = sfb_groupby_usable(rec, err)) != 1) {
		if (st == 0)
			sfb_boot_exclude(b);
		return st;
	}

	for (i = 0; i < o->nvals; i++) {
		/* null: a value the pair does not define, left out of it alone */
		m = sfb_obj_get(rec, o->vals[i], strlen(o->vals[i]));
		if (m && sfb_json_type(&m->val) == SFB_JNULL) {
			c->row[i] = NAN;
			continue;
		}
		if (!(m = member(rec, o->vals[i], SFB_JNUMBER, err)))
			return err->status;
		if (sfb_json_num(&m->val, &c->row[i]) < 0 || !isfinite(c->row[i]))
			return sfb_err_set(err, SFB_EXIT_USAGE,
			    "\"%s\" is not a finite number", o->vals[i]);
	}
	if (!(m = member(rec, o->cluster, SFB_JSTRING, err)))
		return err->status;
	c->text.len = 0;
	if (sfb_json_str_decode(&m->val, &c->text) < 0 ||
	    sfb_boot_add(b, c->text.p, c->text.len, c->row) != SFB_BOOT_OK)
		sfb_oom();
	return 0;
}

/* The summaries of one group (key NULL without --by), one line per value. */
static void
summarize(const struct opts *o, sfb_boot *b, sfb_boot_cache *bc, int keep,
    const char *key, size_t klen, const char *ci_key, struct sfb_buf *out)
{
	struct sfb_boot_ci *ci = calloc(o->nvals, sizeof *ci);
	struct sfb_seed *seeds = calloc(o->nvals, sizeof *seeds);
	char seed[SFB_SEED_DIGITS];
	size_t i;
	int r;

	if (!ci || !seeds)
		sfb_oom();
	for (i = 0; i < o->nvals; i++)
		seeds[i] = o->seed;
	/* One seed for every value: one index matrix serves them all. */
	r = sfb_boot_run_cached(b, seeds, o->iterations, o->level, ci, bc, keep);
	free(seeds);
	if (r != SFB_BOOT_OK)
		free(ci);
	if (r == SFB_BOOT_ENOMEM)
		sfb_oom();
	if (r != SFB_BOOT_OK) {
		if (key)
			sfb_die(SFB_EXIT_USAGE, "group \"%.*s\": %s", (int)klen,
			    key, sfb_boot_strerror(r));
		sfb_die(SFB_EXIT_USAGE, "%s", sfb_boot_strerror(r));
	}
	for (i = 0; i < o->nvals; i++) {
		double point = sfb_boot_point(b, i);

		if (!isfinite(point)) {
			free(ci);
			sfb_die(SFB_EXIT_USAGE, "the sum of \"%s\" overflows",
			    o->vals[i]);
		}
		sfb_put(out, "{");
		if (key) {
			sfb_put(out, "\"group\": ");
			sfb_put_str(out, key, klen);
			sfb_put(out, ", ");
		}
		sfb_put(out, "\"metric\": ");
		sfb_put_str(out, o->vals[i], strlen(o->vals[i]));
		sfb_put(out, ", \"n\": ");
		sfb_put_uint(out, sfb_boot_count_col(b, i));
		sfb_put(out, ", \"n_clusters\": ");
		sfb_put_uint(out, sfb_boot_clusters_col(b, i));
		sfb_put(out, ", \"excluded\": ");
		sfb_put_uint(out, sfb_boot_excluded(b) + sfb_boot_missing(b, i));
		sfb_put(out, ", \"point_estimate\": ");
		sfb_put_num(out, point);
		sfb_put(out, ", ");
		sfb_put_str(out, ci_key, strlen(ci_key));
		sfb_put(out, ": {\"lower\": ");
		sfb_put_num(out, ci[i].lower);
		sfb_put(out, ", \"upper\": ");
		sfb_put_num(out, ci[i].upper);
		sfb_put(out, "}, \"iterations\": ");
		sfb_put_uint(out, o->iterations);
		sfb_put(out, ", \"seed\": ");
		if (sfb_buf_put(out, seed, sfb_seed_format(&o->seed, seed)) < 0)
			sfb_oom();
		sfb_put(out, ", \"method\": ");
		sfb_put_str(out, method, sizeof method - 1);
		sfb_put(out, "}\n");
	}
	free(ci);
}

/* An open interval, which sfb_parse_real does not take; its own message. */
static double
parse_level(const char *s)
{
	char *end;
	double v = strtod(s, &end);

	if (end == s || *end != '\0' || !(v > 0 && v < 100))
		sfb_die(SFB_EXIT_USAGE, "invalid level (want 0 < L < 100): '%s'", s);
	return v;
}

int
main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "value", required_argument, NULL, 'v' },
		{ "cluster", required_argument, NULL, 'c' },
		{ "iterations", required_argument, NULL, 'n' },
		{ "seed", required_argument, NULL, 's' },
		{ "level", required_argument, NULL, 'l' },
		{ "by", required_argument, NULL, 'b' },
		{ "by-expr", required_argument, NULL, 'E' },
		{ "where", required_argument, NULL, 'W' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 }
	};
	static const char *default_vals[] = {
		"recommendation_changed", "diagnostic_label_consistency"
	};
	struct opts o = { 0 };
	struct ctx c = { 0 };
	char ci_key[SFB_NUM_MAX + 2] = "ci";
	const char *name, *by_expr = NULL, *where = NULL;
	struct sfb_buf msgs = { 0 };
	size_t i, j, n;
	sfb_boot_cache *bc = NULL;
	int ch;

	sfb_setup(argv);
	o.cluster = "source_id";
	o.iterations = 10000;
	o.level = 95;
	sfb_seed_from_u64(&o.seed, 42);
	/* every argument could be a -v; or the two defaults */
	if (!(o.vals = calloc((size_t)argc + 2, sizeof *o.vals)))
		sfb_oom();
	while ((ch = getopt_long(argc, argv, "hv:c:n:s:", longopts, NULL)) != -1) {
		switch (ch) {
		case 'v':
			o.vals[o.nvals++] = optarg;
			break;
		case 'c':
			o.cluster = optarg;
			break;
		case 'n':
			o.iterations = (uint64_t)sfb_parse_int("-n", optarg, 1,
			    SFB_ITERATIONS_MAX);
			break;
		case 's':
			if (sfb_seed_parse(&o.seed, optarg, strlen(optarg)) < 0)
				sfb_die(SFB_EXIT_USAGE, "invalid seed: '%s'", optarg);
			break;
		case 'l':
			o.level = parse_level(optarg);
			break;
		case 'b':
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
	sfb_groupby_free_at_exit(&c.gb);
	if (sfb_groupby_compile(&c.gb, by_expr, where, &msgs, &name) < 0)
		sfb_die_msgs(name, msgs.p, msgs.len);
	if (o.nvals == 0) {
		o.vals[o.nvals++] = default_vals[0];
		o.vals[o.nvals++] = default_vals[1];
	}
	/* "ci95", "ci90", "ci99.5": the level as Python prints it, without ".0". */
	n = sfb_num_repr(o.level, ci_key + 2);
	if (n > 2 && memcmp(ci_key + 2 + n - 2, ".0", 2) == 0)
		n -= 2;
	ci_key[2 + n] = '\0';

	c.o = &o;
	if (!(c.row = calloc(o.nvals, sizeof *c.row)) ||
	    !(c.groups = sfb_boot_groups_new(o.nvals)))
		sfb_oom();
	sfb_run(argv + optind, argc - optind, on_record, &c);

	/* Every group must have a usable record before anything is printed. */
	name = optind < argc ? argv[argc - 1] : "-";
	n = sfb_boot_groups_count(c.groups);
	if (n == 0)
		sfb_die_unusable(name, 0, NULL, 0);
	for (i = 0; i < n; i++) {
		const char *key;
		size_t klen;
		sfb_boot *b = sfb_boot_groups_at(c.groups, i, &key, &klen);

		if (!b)
			sfb_oom();
		if (sfb_boot_count(b) == 0)
			sfb_die_unusable(name, sfb_groupby_active(&c.gb), key, klen);
		for (j = 0; j < o.nvals; j++) {
			if (sfb_boot_count_col(b, j) > 0)
				continue;
			if (sfb_groupby_active(&c.gb))
				sfb_die(SFB_EXIT_USAGE, "%s: every \"%s\" is null in "
				    "group \"%.*s\"", name, o.vals[j], (int)klen, key);
			sfb_die(SFB_EXIT_USAGE, "%s: every \"%s\" is null", name,
			    o.vals[j]);
		}
	}
	/*
	 * Groups with as many clusters share one index matrix, drawn once:
	 * a group keeps what it draws when a later group resamples as many.
	 */
	if (n > 1 && !(bc = sfb_boot_cache_new()))
		sfb_oom();
	for (i = 0; i < n; i++) {
		const char *key, *k2;
		size_t klen, l2;
		sfb_boot *b = sfb_boot_groups_at(c.groups, i, &key, &klen);
		int keep = 0;

		for (j = i + 1; j < n && !keep; j++)
			keep = sfb_boot_clusters(sfb_boot_groups_at(c.groups, j,
			    &k2, &l2)) == sfb_boot_clusters(b);
		summarize(&o, b, bc, keep, sfb_groupby_active(&c.gb) ? key : NULL,
		    klen, ci_key, &sfb_stdout.b);
	}
	sfb_boot_cache_free(bc);
	sfb_groupby_free(&c.gb);
	sfb_buf_free(&msgs);
	sfb_boot_groups_free(c.groups);
	sfb_buf_free(&c.text);
	free(c.row);
	free(o.vals);
	return sfb_finish(SFB_EXIT_OK);
}
