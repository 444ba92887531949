/*
 * The source-clustered percentile bootstrap of SPEC section 4, bit for
 * bit as the reference computes it with NumPy, and the plain point
 * estimate of section 2.2.
 *
 * Records go in one at a time: a cluster id and one value per column
 * (several endpoints of the same records share the clusters).  Each
 * cluster keeps the sequential sum of its values per column, in record
 * order, and its record count; clusters are resampled in code-point
 * (byte) order of their ids.  sfb_boot_run() draws the index matrix once
 * per distinct seed and accumulates every column with that seed from it.
 *
 * Ownership: sfb_boot copies the ids it is given; the caller keeps its
 * buffers.  Nothing here prints or exits.
 */
#ifndef SFB_BOOT_H
#define SFB_BOOT_H

#include <stddef.h>
#include <stdint.h>

#include "stats/pcg64.h"

enum sfb_boot_err {
	SFB_BOOT_OK = 0,
	SFB_BOOT_ENOMEM = -1,	/* out of memory */
	SFB_BOOT_EEMPTY = -2,	/* no record */
	SFB_BOOT_EARG = -3,	/* iterations < 1, level outside (0, 100), column out of range */
	SFB_BOOT_ECLUSTERS = -4,	/* more than 2^32 clusters */
	SFB_BOOT_ERANGE = -5	/* a sum overflowed: the interval is not finite */
};

typedef struct sfb_boot sfb_boot;

struct sfb_boot_ci {
	double lower;
	double upper;
};

/* An empty accumulator for ncols value columns (ncols >= 1); NULL when out of memory. */
sfb_boot *sfb_boot_new(size_t ncols);
void sfb_boot_free(sfb_boot *b);

/*
 * Add one record: its cluster id (id, len: any bytes) and values[ncols],
 * which the caller has checked are finite, or NaN for a value the record
 * does not have (a JSON null): that column leaves the record out and
 * counts it as missing, the others keep it.  Returns SFB_BOOT_OK or
 * SFB_BOOT_ENOMEM.
 */
int sfb_boot_add(sfb_boot *b, const char *id, size_t len, const double *values);

size_t sfb_boot_count(const sfb_boot *b);	/* records added */
size_t sfb_boot_clusters(const sfb_boot *b);	/* distinct ids */
size_t sfb_boot_columns(const sfb_boot *b);

/* The same for one column: the records and the clusters that have its
 * value, and the records that lack it (NaN). */
size_t sfb_boot_count_col(const sfb_boot *b, size_t col);
size_t sfb_boot_clusters_col(const sfb_boot *b, size_t col);
uint64_t sfb_boot_missing(const sfb_boot *b, size_t col);

/* Count a record left out (usable false); it adds nothing else. */
void sfb_boot_exclude(sfb_boot *b);
uint64_t sfb_boot_excluded(const sfb_boot *b);

/*
 * The point estimate of a column: the values summed one after another in
 * record order, divided by their count (Python's sum(v) / len(v)).
 * NaN when the column has no value.
 */
double sfb_boot_point(const sfb_boot *b, size_t col);

/*
 * The bootstrap interval of each column: seeds[col] is its seed, ci[col]
 * receives np.percentile(means, [(100 - level) / 2, 100 - (100 - level) / 2])
 * of `iterations` resampled means (level 95: the 2.5th and 97.5th
 * percentiles).  Columns with equal seeds see the same resamples, as if
 * each had its own np.random.default_rng(seed); a column that lacks
 * values resamples only the clusters that hold its values, as if the
 * records without them were not there.  Returns SFB_BOOT_OK or an
 * sfb_boot_err (SFB_BOOT_EEMPTY also when a column has no value); on
 * error ci is unspecified.
 */
int sfb_boot_run(const sfb_boot *b, const struct sfb_seed *seeds,
    uint64_t iterations, double level, struct sfb_boot_ci *ci);

/*
 * Index matrices kept between runs, for callers that bootstrap many
 * accumulators with one seed (sfb-cluster-boot --by): the indices depend
 * only on the seed and the number of clusters resampled, so a run keeps
 * the matrix it drew (iterations x clusters, 2 or 4 bytes an index; the
 * newest two) and a later run with the same seed, the same number of
 * clusters and no more iterations reads it instead of drawing it again.
 * The results are those of sfb_boot_run.  NULL when out of memory; a
 * cache is for one thread at a time.
 */
typedef struct sfb_boot_cache sfb_boot_cache;

sfb_boot_cache *sfb_boot_cache_new(void);
void sfb_boot_cache_free(sfb_boot_cache *bc);

/*
 * sfb_boot_run that reads bc, and with keep set also keeps in it what it
 * draws (a caller that knows no later run will want it saves the copy);
 * bc NULL: sfb_boot_run.
 */
int sfb_boot_run_cached(const sfb_boot *b, const struct sfb_seed *seeds,
    uint64_t iterations, double level, struct sfb_boot_ci *ci,
    sfb_boot_cache *bc, int keep);

/*
 * One accumulator per group (--by): sfb_boot_groups_get() returns the
 * group's sfb_boot, creating it on first sight of the key (NULL when out
 * of memory); sfb_boot_groups_at() walks the groups in code-point order
 * of their keys, which stay owned by the set.  Freeing the set frees its
 * accumulators.
 */
typedef struct sfb_boot_groups sfb_boot_groups;

sfb_boot_groups *sfb_boot_groups_new(size_t ncols);
void sfb_boot_groups_free(sfb_boot_groups *gs);
sfb_boot *sfb_boot_groups_get(sfb_boot_groups *gs, const char *key, size_t len);
size_t sfb_boot_groups_count(const sfb_boot_groups *gs);
sfb_boot *sfb_boot_groups_at(sfb_boot_groups *gs, size_t i,
    const char **key, size_t *len);

/* What an sfb_boot_err means, for messages. */
const char *sfb_boot_strerror(int err);

/*
 * NumPy's building blocks, exposed for tests and other reducers.
 *
 * sfb_pairwise_sum: NumPy 1.24's DOUBLE_pairwise_sum (8 accumulators
 * up to 128 elements, halving above, 0.0 as the start of short runs).
 * sfb_reduce_sum: np.add.reduce over a contiguous row, which hands the
 * pairwise sum blocks of at most 8192 elements (the iterator's buffer
 * size) and adds the block sums in order to 0.0.
 */
double sfb_pairwise_sum(const double *a, size_t n);
double sfb_reduce_sum(const double *a, size_t n);

/* NumPy's _lerp: a + (b-a)*t, or b - (b-a)*(1-t) when t >= 0.5. */
double sfb_lerp(double a, double b, double t);

/*
 * np.percentile(a, p) with the default linear method, 0 <= p <= 100,
 * n >= 1, no NaN in a.  Reorders a.
 */
double sfb_percentile(double *a, size_t n, double p);

#endif
