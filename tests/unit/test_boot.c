/*
 * lib/boot against values NumPy produced (the headers in tests/golden/boot, written
 * by tests/gen/gen_boot_golden.py): pairwise and reduce sums, percentiles,
 * and whole bootstrap runs through the library API, also against their
 * composition from those parts.  Doubles are compared for exact equality.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "stats/boot.h"
#include "t.h"
#include "../golden/boot/prng_golden.h"
#include "../golden/boot/boot_golden.h"

static void
check(int ok, const char *what, const char *detail)
{
	t_ok(ok, "%s: %s", what, detail);
}

/* Same doubles as the generator's stream_doubles(). */
static double *
stream_doubles(uint64_t seed, size_t n)
{
	struct sfb_seed s;
	sfb_pcg64 *g;
	double *a = malloc((n ? n : 1) * sizeof *a);
	size_t i;

	sfb_seed_from_u64(&s, seed);
	g = sfb_pcg64_new(&s);
	for (i = 0; i < n; i++) {
		double u = (double)(sfb_pcg64_next64(g) >> 11) * (1.0 / 9007199254740992.0);
		double v = ldexp(u, (int)((i * 7) % 41) - 20);

		a[i] = i % 3 == 2 ? -v : v;
	}
	sfb_pcg64_free(g);
	return a;
}

static void
test_sums(void)
{
	size_t i;

	for (i = 0; i < sizeof sum_goldens / sizeof sum_goldens[0]; i++) {
		const struct sum_golden *sg = &sum_goldens[i];
		double *a = stream_doubles(sg->seed, sg->n);
		char what[64];

		snprintf(what, sizeof what, "n = %zu", sg->n);
		check(sfb_reduce_sum(a, sg->n) == sg->reduce, "np.add.reduce", what);
		check(sfb_reduce_sum(a, sg->n) == sg->row, "sum(axis=1)", what);
		/* Within one iterator buffer the reduction is the plain pairwise sum. */
		if (sg->n <= 8192)
			check(sfb_pairwise_sum(a, sg->n) == sg->reduce, "pairwise sum", what);
		free(a);
	}
}

static void
test_percentiles(void)
{
	size_t i, j;

	for (i = 0; i < sizeof pct_goldens / sizeof pct_goldens[0]; i++) {
		const struct pct_golden *pg = &pct_goldens[i];
		double *a = stream_doubles(pg->seed, pg->n);
		char what[80];

		if (pg->quantize)
			for (j = 0; j < pg->n; j++)
				a[j] = floor(8 * fabs(a[j])) / 8;
		snprintf(what, sizeof what, "n = %zu, p = %g%s", pg->n, pg->p,
		    pg->quantize ? ", ties" : "");
		check(sfb_percentile(a, pg->n, pg->p) == pg->expect, "np.percentile", what);
		free(a);
	}
}

static void
test_lerp(void)
{
	/* NumPy's two-sided form is exact at both ends. */
	check(sfb_lerp(0.1, 0.7, 1.0) == 0.7, "lerp", "t = 1");
	check(sfb_lerp(0.1, 0.7, 0.0) == 0.1, "lerp", "t = 0");
	check(sfb_lerp(0.1, 0.7, 0.5) == 0.7 - (0.7 - 0.1) * 0.5, "lerp", "t = 0.5 uses b side");
	check(sfb_lerp(0.1, 0.7, 0.25) == 0.1 + (0.7 - 0.1) * 0.25, "lerp", "t < 0.5 uses a side");
}

static void
test_bootstrap(void)
{
	size_t i, r;

	for (i = 0; i < sizeof boot_goldens / sizeof boot_goldens[0]; i++) {
		const struct boot_golden *bg = &boot_goldens[i];
		sfb_boot *b = sfb_boot_new(2);
		struct sfb_seed seeds[2];
		struct sfb_boot_ci ci[2];
		char what[96];
		int err;

		for (r = 0; r < bg->n; r++) {
			double v[2] = {bg->x[r], bg->y[r]};

			sfb_boot_add(b, bg->ids[r], strlen(bg->ids[r]), v);
		}
		sfb_seed_from_u64(&seeds[0], bg->seed_x);
		sfb_seed_from_u64(&seeds[1], bg->seed_y);
		err = sfb_boot_run(b, seeds, bg->iterations, bg->level, ci);
		snprintf(what, sizeof what, "vector %zu (n %zu, %llu iterations, level %g)",
		    i, bg->n, (unsigned long long)bg->iterations, bg->level);
		check(err == SFB_BOOT_OK, "sfb_boot_run", what);
		check(sfb_boot_point(b, 0) == bg->point_x &&
		    sfb_boot_point(b, 1) == bg->point_y, "point estimate", what);
		check(ci[0].lower == bg->lo_x && ci[0].upper == bg->hi_x, "CI column 0", what);
		check(ci[1].lower == bg->lo_y && ci[1].upper == bg->hi_y, "CI column 1", what);
		sfb_boot_free(b);
	}
}

/*
 * Whole runs against the reference's steps made from the primitives
 * checked above (Generator.integers row by row, the gathered row sums
 * with np.add.reduce, np.percentile), for row lengths below, around and
 * above the index slots the library draws ahead in, and runs big enough
 * for its helper thread.  With 58451 clusters, 37 rows are one draw short
 * of 66 slots and some 23 draws are rejected: the run takes a slot more
 * than the helper makes.
 */
static void
test_composed(void)
{
	static const struct {
		size_t clusters;
		uint64_t iterations, seed;
	} runs[] = {
		{2, 10, 1}, {3, 400000, 7}, {1000, 1100, 42}, {32767, 40, 0},
		{32769, 40, 3}, {65536, 16, 9}, {65537, 16, 10}, {70001, 20, 11},
		{58451, 37, 12}, {1, 1100000, 5},
	};
	size_t i, j, k, c;

	for (i = 0; i < sizeof runs / sizeof runs[0]; i++) {
		size_t K = runs[i].clusters, n = 0;
		uint64_t iters = runs[i].iterations, row;
		double *vals = stream_doubles(runs[i].seed + 100, 6 * K);
		double *sums = calloc(2 * K, sizeof *sums), *cnt = calloc(K, sizeof *cnt);
		double *xs = malloc(K * sizeof *xs), *cs = malloc(K * sizeof *cs);
		double *means = malloc(2 * iters * sizeof *means);
		uint32_t *idx = malloc(K * sizeof *idx);
		sfb_boot *b = sfb_boot_new(2);
		struct sfb_seed seeds[2];
		struct sfb_boot_ci ci[2];
		char what[96];
		sfb_pcg64 *g;
		int ok;

		/* cluster k has 1 + k % 3 records, the clusters interleaved */
		for (j = 0; j < 3; j++)
			for (k = 0; k < K; k++) {
				size_t kk = (k * 7919 + j) % K;
				char id[32];

				if (kk % 3 < j)
					continue;
				snprintf(id, sizeof id, "c%07zu", kk);
				sfb_boot_add(b, id, strlen(id), vals + 2 * n);
				for (c = 0; c < 2; c++)
					sums[c * K + kk] += vals[2 * n + c];
				cnt[kk] += 1;
				n++;
			}
		sfb_seed_from_u64(&seeds[0], runs[i].seed);
		seeds[1] = seeds[0];
		snprintf(what, sizeof what, "%zu clusters, %llu iterations", K,
		    (unsigned long long)iters);
		check(sfb_boot_run(b, seeds, iters, 95, ci) == SFB_BOOT_OK,
		    "composed run", what);

		g = sfb_pcg64_new(&seeds[0]);
		for (row = 0; row < iters; row++) {
			double dn;

			sfb_pcg64_bounded(g, K, idx, K);
			for (k = 0; k < K; k++)
				cs[k] = cnt[idx[k]];
			dn = sfb_reduce_sum(cs, K);
			for (c = 0; c < 2; c++) {
				for (k = 0; k < K; k++)
					xs[k] = sums[c * K + idx[k]];
				means[c * iters + row] = sfb_reduce_sum(xs, K) / dn;
			}
		}
		ok = 1;
		for (c = 0; c < 2; c++) {
			double lo = sfb_percentile(means + c * iters, iters, 2.5);
			double hi = sfb_percentile(means + c * iters, iters, 97.5);

			ok = ok && ci[c].lower == lo && ci[c].upper == hi;
		}
		check(ok, "composed run equals the reference's steps", what);
		sfb_pcg64_free(g);
		sfb_boot_free(b);
		free(vals);
		free(sums);
		free(cnt);
		free(xs);
		free(cs);
		free(means);
		free(idx);
	}
}

static void
test_published(void)
{
	static const double v[] = {0.0, 1.0, 0.2, 0.4, 0.8, 0.3, 0.7};
	static const char *id = "aabbbcd";
	sfb_boot *b = sfb_boot_new(1);
	struct sfb_seed seed;
	struct sfb_boot_ci ci;
	size_t i;

	for (i = 0; i < 7; i++)
		sfb_boot_add(b, id + i, 1, &v[i]);
	sfb_seed_from_u64(&seed, 42);
	check(sfb_boot_run(b, &seed, 1031, 95, &ci) == SFB_BOOT_OK &&
	    ci.lower == 0.3833333333333333 && ci.upper == 0.605,
	    "published reference vector", "1031 iterations, seed 42");
	check(sfb_boot_count(b) == 7 && sfb_boot_clusters(b) == 4 &&
	    sfb_boot_columns(b) == 1, "counts", "published vector");
	sfb_boot_free(b);
}

static void
test_api_edges(void)
{
	sfb_boot *b = sfb_boot_new(1);
	struct sfb_seed seed;
	struct sfb_boot_ci ci;
	double one = 1.0;
	char id[2] = {'\0', 'x'};

	sfb_seed_from_u64(&seed, 42);
	check(sfb_boot_new(0) == NULL, "sfb_boot_new(0)", "NULL");
	check(sfb_boot_run(b, &seed, 10, 95, &ci) == SFB_BOOT_EEMPTY, "empty", "EEMPTY");
	check(isnan(sfb_boot_point(b, 0)), "empty point", "NaN");
	/* Ids are bytes with a length: NUL is an ordinary byte, "" an id. */
	sfb_boot_add(b, id, 2, &one);
	sfb_boot_add(b, id, 1, &one);
	sfb_boot_add(b, "", 0, &one);
	check(sfb_boot_clusters(b) == 3, "ids with NUL and empty", "3 clusters");
	check(sfb_boot_run(b, &seed, 0, 95, &ci) == SFB_BOOT_EARG, "0 iterations", "EARG");
	check(sfb_boot_run(b, &seed, 5, 0, &ci) == SFB_BOOT_EARG, "level 0", "EARG");
	check(sfb_boot_run(b, &seed, 5, 100, &ci) == SFB_BOOT_EARG, "level 100", "EARG");
	check(sfb_boot_run(b, &seed, 5, NAN, &ci) == SFB_BOOT_EARG, "level NaN", "EARG");
	check(sfb_boot_run(b, &seed, 5, 95, &ci) == SFB_BOOT_OK &&
	    ci.lower == 1.0 && ci.upper == 1.0, "constant values", "1.0");
	check(strcmp(sfb_boot_strerror(SFB_BOOT_EEMPTY), "no usable record") == 0,
	    "strerror", "EEMPTY");
	sfb_boot_free(b);
	sfb_boot_free(NULL);

	/* Finite values whose sums overflow give no finite interval. */
	b = sfb_boot_new(1);
	{
		double big = 1.5e308;

		sfb_boot_add(b, "a", 1, &big);
		sfb_boot_add(b, "a", 1, &big);
		sfb_boot_add(b, "b", 1, &big);
	}
	check(sfb_boot_run(b, &seed, 50, 95, &ci) == SFB_BOOT_ERANGE, "overflow", "ERANGE");
	sfb_boot_free(b);

	/* Many clusters, growing the table well past its first size. */
	b = sfb_boot_new(1);
	{
		char buf[16];
		int i;

		for (i = 0; i < 100000; i++) {
			double v = i % 2;
			int len = snprintf(buf, sizeof buf, "s%d", i % 30011);

			sfb_boot_add(b, buf, (size_t)len, &v);
		}
	}
	check(sfb_boot_clusters(b) == 30011 && sfb_boot_count(b) == 100000,
	    "hash table growth", "30011 clusters");
	check(sfb_boot_point(b, 0) == 0.5, "point", "alternating 0/1");
	sfb_boot_free(b);
}

static void
test_groups(void)
{
	static const char *keys[] = {"young_male", "elderly_female", "\xc3\xa9", "B", "young_male", "", "a", "ab", "B"};
	static const char *sorted[] = {"", "B", "a", "ab", "elderly_female", "young_male", "\xc3\xa9"};
	sfb_boot_groups *gs = sfb_boot_groups_new(1);
	const char *k;
	size_t i, len;
	double one = 1.0;
	int ok = 1;

	for (i = 0; i < sizeof keys / sizeof keys[0]; i++) {
		sfb_boot *b = sfb_boot_groups_get(gs, keys[i], strlen(keys[i]));

		if (i % 2)
			sfb_boot_exclude(b);
		else
			sfb_boot_add(b, "s", 1, &one);
	}
	check(sfb_boot_groups_count(gs) == 7, "groups", "7 distinct keys");
	for (i = 0; i < 7; i++) {
		sfb_boot *b = sfb_boot_groups_at(gs, i, &k, &len);

		ok = ok && b != NULL && len == strlen(sorted[i]) &&
		    memcmp(k, sorted[i], len) == 0;
	}
	check(ok, "groups", "code-point order");
	check(sfb_boot_count(sfb_boot_groups_get(gs, "young_male", 10)) == 2 &&
	    sfb_boot_excluded(sfb_boot_groups_get(gs, "B", 1)) == 1,
	    "groups", "records and exclusions per group");
	check(sfb_boot_groups_at(gs, 7, &k, &len) == NULL, "groups", "past the end");
	sfb_boot_groups_free(gs);
	sfb_boot_groups_free(NULL);
}

/*
 * An accumulator of K clusters (ids "c<k>"), 1 to 3 records each: column
 * 0 whole numbers (0/1) or fractions, column 1 fractions with every
 * seventh record's value missing when holes is set (its clusters then
 * differ from column 0's).
 */
static sfb_boot *
cache_acc(size_t K, int whole, int holes, uint64_t vseed)
{
	sfb_boot *b = sfb_boot_new(2);
	double *v = stream_doubles(vseed, 6 * K);
	size_t k, r, n = 0;
	char id[32];

	for (k = 0; k < K; k++)
		for (r = 0; r < 1 + k % 3; r++, n++) {
			double x[2] = { whole ? (double)(v[2 * n] > 0) : v[2 * n],
			    holes && n % 7 == 3 ? NAN : fabs(v[2 * n + 1]) };

			snprintf(id, sizeof id, "c%zu", k);
			sfb_boot_add(b, id, strlen(id), x);
		}
	free(v);
	return b;
}

/*
 * Runs through one sfb_boot_cache give sfb_boot_run's intervals, bit for
 * bit, whether the kept matrix is read (same seed and clusters, as many
 * or fewer rows), drawn again (more rows, another seed, other clusters,
 * an evicted one) or never kept (one cluster); for 2- and 4-byte
 * indices, whole-number and fractional batches, two seeds in one run
 * and columns that resample different clusters.
 */
static void
test_cache(void)
{
	static const struct {
		size_t K;
		uint64_t iters, seed, seed2;
		int whole, holes;
	} runs[] = {
		{1000, 300, 42, 42, 0, 0}, {1000, 300, 42, 42, 1, 0},
		{1000, 200, 42, 42, 0, 1}, {1000, 301, 42, 42, 0, 0},
		{1000, 301, 43, 42, 0, 0}, {999, 300, 42, 42, 1, 0},
		{1000, 300, 42, 7, 0, 1}, {17, 50, 42, 42, 0, 0},
		{999, 250, 42, 42, 0, 0}, {1000, 300, 42, 42, 0, 0},
		{1, 30, 42, 42, 0, 0}, {1, 30, 42, 42, 1, 0},
		{70001, 3, 5, 5, 0, 0}, {70001, 3, 5, 5, 1, 1},
		{1000, 300, 42, 42, 1, 1},
	};
	sfb_boot_cache *bc = sfb_boot_cache_new();
	size_t i;

	check(bc != NULL, "cache", "new");
	for (i = 0; i < sizeof runs / sizeof runs[0]; i++) {
		sfb_boot *b = cache_acc(runs[i].K, runs[i].whole, runs[i].holes, 500 + i);
		struct sfb_seed seeds[2];
		struct sfb_boot_ci plain[2], kept[2];
		char what[96];
		int e1, e2;

		sfb_seed_from_u64(&seeds[0], runs[i].seed);
		sfb_seed_from_u64(&seeds[1], runs[i].seed2);
		e1 = sfb_boot_run(b, seeds, runs[i].iters, 95, plain);
		/* run 8 reads what is kept but keeps nothing it draws */
		e2 = sfb_boot_run_cached(b, seeds, runs[i].iters, 95, kept, bc, i != 8);
		snprintf(what, sizeof what, "run %zu (%zu clusters, %llu iterations)", i,
		    runs[i].K, (unsigned long long)runs[i].iters);
		check(e1 == SFB_BOOT_OK && e2 == SFB_BOOT_OK, "cached run", what);
		check(memcmp(plain, kept, sizeof plain) == 0, "cached run: same intervals", what);
		sfb_boot_free(b);
	}
	sfb_boot_cache_free(bc);
	sfb_boot_cache_free(NULL);
}

int
main(void)
{
	test_sums();
	test_percentiles();
	test_lerp();
	test_published();
	test_bootstrap();
	test_composed();
	test_api_edges();
	test_groups();
	test_cache();
	return t_done();
}
