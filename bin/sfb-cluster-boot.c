/*
 * sfb-cluster-boot - point estimates and source-clustered percentile
 * bootstrap intervals of numeric fields, bit-identical to the reference's
 * NumPy computation (SPEC 2.2 and 4).  A reducer: it reads every record,
 * then prints one summary object per value (and per --by group).
 */
#include <getopt.h>
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "stats/boot.h"
#include "core/json.h"
#include "core/num.h"
#include "util.h"

static const char usage_text[] =
    "sfb-cluster-boot [-v KEY]... [-c KEY] [-n ITER] [-s SEED] [--level L]\n"
    "                        [--by KEY] [FILE...]";

static const char method[] = "source_clustered_percentile_numpy_pcg64";

struct opts {
	const char **vals;	/* value keys, in -v order */
	size_t nvals;
	const char *cluster;
	const char *by;		/* NULL: one summary per value */
	uint64_t iterations;
	struct sfb_seed seed;
	double level;
};

struct ctx {
	const struct opts *o;
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

	(void)out;
	c->text.len = 0;
	if (o->by) {
		if (!(m = member(rec, o->by, SFB_JSTRING, err)))
			return err->status;
		if (sfb_json_str_decode(&m->val, &c->text) < 0)
			sfb_oom();
	}
	if (!(b = sfb_boot_groups_get(c->groups, c->text.p, c->text.len)))
		sfb_oom();

	/* usable false (a full refusal) leaves the record out; true or absent keeps it. */
	m = sfb_obj_get(rec, "usable", 6);
	if (m && sfb_json_type(&m->val) == SFB_JFALSE) {
		sfb_boot_exclude(b);
		return 0;
	}
	if (m && !member(rec, "usable", SFB_JTRUE, err))
		return err->status;

	for (i = 0; i < o->nvals; i++) {
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

static void
put_str(struct sfb_buf *out, const char *s, size_t n)
{
	if (sfb_json_str_encode(out, s, n, 0) < 0)
		sfb_oom();
}

static void
put_double(struct sfb_buf *out, double d)
{
	char num[SFB_NUM_MAX];

	if (sfb_buf_put(out, num, sfb_num_repr(d, num)) < 0)
		sfb_oom();
}

static void
put_uint(struct sfb_buf *out, uint64_t v)
{
	char num[24];
	int n = snprintf(num, sizeof num, "%llu", (unsigned long long)v);

	if (sfb_buf_put(out, num, (size_t)n) < 0)
		sfb_oom();
}

static void
put(struct sfb_buf *out, const char *s)
{
	if (sfb_buf_puts(out, s) < 0)
		sfb_oom();
}

/* The summaries of one group (key NULL without --by), one line per value. */
static void
summarize(const struct opts *o, sfb_boot *b, const char *key, size_t klen,
    const char *ci_key, struct sfb_buf *out)
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
	r = sfb_boot_run(b, seeds, o->iterations, o->level, ci);
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
		put(out, "{");
		if (key) {
			put(out, "\"group\": ");
			put_str(out, key, klen);
			put(out, ", ");
		}
		put(out, "\"metric\": ");
		put_str(out, o->vals[i], strlen(o->vals[i]));
		put(out, ", \"n\": ");
		put_uint(out, sfb_boot_count(b));
		put(out, ", \"n_clusters\": ");
		put_uint(out, sfb_boot_clusters(b));
		put(out, ", \"excluded\": ");
		put_uint(out, sfb_boot_excluded(b));
		put(out, ", \"point_estimate\": ");
		put_double(out, point);
		put(out, ", ");
		put_str(out, ci_key, strlen(ci_key));
		put(out, ": {\"lower\": ");
		put_double(out, ci[i].lower);
		put(out, ", \"upper\": ");
		put_double(out, ci[i].upper);
		put(out, "}, \"iterations\": ");
		put_uint(out, o->iterations);
		put(out, ", \"seed\": ");
		if (sfb_buf_put(out, seed, sfb_seed_format(&o->seed, seed)) < 0)
			sfb_oom();
		put(out, ", \"method\": ");
		put_str(out, method, sizeof method - 1);
		put(out, "}\n");
	}
	free(ci);
}

static uint64_t
parse_iterations(const char *s)
{
	char *end;
	unsigned long long v;

	if (*s < '0' || *s > '9')
		sfb_die(SFB_EXIT_USAGE, "invalid iteration count: '%s'", s);
	v = strtoull(s, &end, 10);
	if (*end != '\0' || v < 1 || v == ULLONG_MAX)
		sfb_die(SFB_EXIT_USAGE, "invalid iteration count: '%s'", s);
	return v;
}

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
	const char *name;
	size_t i, n;
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
			o.iterations = parse_iterations(optarg);
			break;
		case 's':
			if (sfb_seed_parse(&o.seed, optarg, strlen(optarg)) < 0)
				sfb_die(SFB_EXIT_USAGE, "invalid seed: '%s'", optarg);
			break;
		case 'l':
			o.level = parse_level(optarg);
			break;
		case 'b':
			o.by = optarg;
			break;
		case 'h':
			sfb_usage(usage_text, SFB_EXIT_OK);
		case 'V':
			sfb_version();
		default:
			sfb_usage(usage_text, SFB_EXIT_USAGE);
		}
	}
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
		sfb_die(SFB_EXIT_USAGE, "%s: no usable record", name);
	for (i = 0; i < n; i++) {
		const char *key;
		size_t klen;
		sfb_boot *b = sfb_boot_groups_at(c.groups, i, &key, &klen);

		if (!b)
			sfb_oom();
		if (sfb_boot_count(b) > 0)
			continue;
		if (o.by)
			sfb_die(SFB_EXIT_USAGE, "%s: no usable record in group \"%.*s\"",
			    name, (int)klen, key);
		sfb_die(SFB_EXIT_USAGE, "%s: no usable record", name);
	}
	for (i = 0; i < n; i++) {
		const char *key;
		size_t klen;
		sfb_boot *b = sfb_boot_groups_at(c.groups, i, &key, &klen);

		summarize(&o, b, o.by ? key : NULL, klen, ci_key, &sfb_stdout.b);
	}
	sfb_boot_groups_free(c.groups);
	sfb_buf_free(&c.text);
	free(c.row);
	free(o.vals);
	return sfb_finish(SFB_EXIT_OK);
}
