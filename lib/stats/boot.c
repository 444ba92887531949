/*
 * The source-clustered percentile bootstrap (see boot.h).  The reference
 * computes, per 1024-row chunk, sums[idx].sum(axis=1) /
 * counts[idx].sum(axis=1) with NumPy and then np.percentile; this file
 * reproduces each of those operations in the same floating-point order,
 * one resample row at a time, so nothing bigger than a row is stored
 * besides the resampled means (and, for large runs, a ring of generator
 * output that a second thread helps to fill).
 */
#include <math.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "core/idtab.h"
#include "stats/boot.h"

/* NumPy's PW_BLOCKSIZE and default iterator buffer size (NPY_BUFSIZE). */
enum {
	PW_BLOCK = 128,
	REDUCE_BLOCK = 8192
};

struct sfb_boot {
	size_t ncols;
	size_t nrec;
	uint64_t excluded;
	double *total;		/* [ncols] running sums for the point estimates */

	struct sfb_idtab cl;	/* cluster ids */
	uint64_t *count;	/* [cl.cap] records per cluster */
	/*
	 * Once a record lacks a value (NaN): [cl.cap * ncols] the records
	 * per cluster and column, and [ncols] per column; NULL before.
	 */
	uint64_t *ccount;
	size_t *cn;
	uint64_t *missing;	/* [ncols] values left out per column */
	double *sums;		/* [cl.cap * ncols], a row per cluster */
	size_t cap;		/* what count and sums hold */
};

sfb_boot *
sfb_boot_new(size_t ncols)
{
	sfb_boot *b;

	if (ncols == 0)
		return NULL;
	b = calloc(1, sizeof *b);
	if (b == NULL)
		return NULL;
	b->ncols = ncols;
	b->total = calloc(ncols, sizeof *b->total);
	b->missing = calloc(ncols, sizeof *b->missing);
	if (b->total == NULL || b->missing == NULL) {
		sfb_boot_free(b);
		return NULL;
	}
	return b;
}

void
sfb_boot_free(sfb_boot *b)
{
	if (b == NULL)
		return;
	free(b->total);
	free(b->missing);
	free(b->ccount);
	free(b->cn);
	sfb_idtab_free(&b->cl);
	free(b->count);
	free(b->sums);
	free(b);
}

size_t
sfb_boot_count(const sfb_boot *b)
{
	return b->nrec;
}

size_t
sfb_boot_clusters(const sfb_boot *b)
{
	return b->cl.n;
}

size_t
sfb_boot_count_col(const sfb_boot *b, size_t col)
{
	return b->ccount ? b->cn[col] : b->nrec;
}

size_t
sfb_boot_clusters_col(const sfb_boot *b, size_t col)
{
	size_t k, n = 0;

	if (b->ccount == NULL)
		return b->cl.n;
	for (k = 0; k < b->cl.n; k++)
		n += b->ccount[k * b->ncols + col] > 0;
	return n;
}

uint64_t
sfb_boot_missing(const sfb_boot *b, size_t col)
{
	return b->missing[col];
}

size_t
sfb_boot_columns(const sfb_boot *b)
{
	return b->ncols;
}

void
sfb_boot_exclude(sfb_boot *b)
{
	b->excluded++;
}

uint64_t
sfb_boot_excluded(const sfb_boot *b)
{
	return b->excluded;
}

/* Start counting per column: until now every record had every value. */
static int
split_counts(sfb_boot *b)
{
	size_t k, c, nc = b->ncols;

	b->ccount = malloc((b->cap ? b->cap : 1) * nc * sizeof *b->ccount);
	b->cn = malloc(nc * sizeof *b->cn);
	if (b->ccount == NULL || b->cn == NULL) {
		free(b->ccount);
		free(b->cn);
		b->ccount = NULL;
		b->cn = NULL;
		return -1;
	}
	for (k = 0; k < b->cl.n; k++)
		for (c = 0; c < nc; c++)
			b->ccount[k * nc + c] = b->count[k];
	for (c = 0; c < nc; c++)
		b->cn[c] = b->nrec;
	return 0;
}

int
sfb_boot_add(sfb_boot *b, const char *id, size_t len, const double *values)
{
	int added;
	long long k;
	double *s;
	size_t c;

	if (b->ccount == NULL)
		for (c = 0; c < b->ncols; c++)
			if (isnan(values[c])) {
				if (split_counts(b) < 0)
					return SFB_BOOT_ENOMEM;
				break;
			}
	if ((k = sfb_idtab_find(&b->cl, id, len, &added)) < 0)
		return SFB_BOOT_ENOMEM;
	if (b->cap < b->cl.cap && b->ccount) {
		uint64_t *cc = realloc(b->ccount, b->cl.cap * b->ncols * sizeof *cc);

		if (cc == NULL)
			return SFB_BOOT_ENOMEM;
		b->ccount = cc;
	}
	if (b->cap < b->cl.cap) {
		uint64_t *count = realloc(b->count, b->cl.cap * sizeof *count);
		double *sums;

		if (count == NULL)
			return SFB_BOOT_ENOMEM;
		b->count = count;
		sums = realloc(b->sums, b->cl.cap * b->ncols * sizeof *sums);
		if (sums == NULL)
			return SFB_BOOT_ENOMEM;
		b->sums = sums;
		b->cap = b->cl.cap;
	}
	s = b->sums + (size_t)k * b->ncols;
	if (added) {
		b->count[k] = 0;
		/* Python's sum() starts from the integer 0: 0.0 + v0 + v1 ... */
		for (c = 0; c < b->ncols; c++)
			s[c] = 0.0;
		if (b->ccount)
			memset(b->ccount + (size_t)k * b->ncols, 0,
			    b->ncols * sizeof *b->ccount);
	}
	if (b->ccount == NULL) {
		for (c = 0; c < b->ncols; c++) {
			s[c] += values[c];
			b->total[c] += values[c];
		}
	} else {
		for (c = 0; c < b->ncols; c++) {
			if (isnan(values[c])) {
				b->missing[c]++;
				continue;
			}
			s[c] += values[c];
			b->total[c] += values[c];
			b->ccount[(size_t)k * b->ncols + c]++;
			b->cn[c]++;
		}
	}
	b->count[k]++;
	b->nrec++;
	return SFB_BOOT_OK;
}

struct sfb_boot_groups {
	size_t ncols;
	struct sfb_idtab keys;
	sfb_boot **boot;	/* [keys.cap] */
	size_t cap;
	struct sfb_idorder *ord;	/* sorted keys, made on first use */
};

sfb_boot_groups *
sfb_boot_groups_new(size_t ncols)
{
	sfb_boot_groups *gs;

	if (ncols == 0 || (gs = calloc(1, sizeof *gs)) == NULL)
		return NULL;
	gs->ncols = ncols;
	return gs;
}

void
sfb_boot_groups_free(sfb_boot_groups *gs)
{
	size_t i;

	if (gs == NULL)
		return;
	for (i = 0; i < gs->keys.n; i++)
		sfb_boot_free(gs->boot[i]);
	free(gs->boot);
	free(gs->ord);
	sfb_idtab_free(&gs->keys);
	free(gs);
}

sfb_boot *
sfb_boot_groups_get(sfb_boot_groups *gs, const char *key, size_t len)
{
	int added;
	long long k;

	free(gs->ord);
	gs->ord = NULL;
	if ((k = sfb_idtab_find(&gs->keys, key, len, &added)) < 0)
		return NULL;
	if (gs->cap < gs->keys.cap) {
		sfb_boot **boot = realloc(gs->boot, gs->keys.cap * sizeof *boot);

		if (boot == NULL)
			return NULL;
		gs->boot = boot;
		gs->cap = gs->keys.cap;
	}
	if (added && (gs->boot[k] = sfb_boot_new(gs->ncols)) == NULL) {
		/* Keep the key with an empty accumulator rather than none. */
		return NULL;
	}
	return gs->boot[k];
}

size_t
sfb_boot_groups_count(const sfb_boot_groups *gs)
{
	return gs->keys.n;
}

sfb_boot *
sfb_boot_groups_at(sfb_boot_groups *gs, size_t i, const char **key, size_t *len)
{
	if (i >= gs->keys.n)
		return NULL;
	if (gs->ord == NULL && (gs->ord = sfb_idtab_sorted(&gs->keys)) == NULL)
		return NULL;
	*key = gs->ord[i].id;
	*len = gs->ord[i].len;
	return gs->boot[gs->ord[i].k];
}

double
sfb_boot_point(const sfb_boot *b, size_t col)
{
	size_t n = col < b->ncols ? sfb_boot_count_col(b, col) : 0;

	if (n == 0)
		return NAN;
	return b->total[col] / (double)n;
}

const char *
sfb_boot_strerror(int err)
{
	switch (err) {
	case SFB_BOOT_OK:
		return "success";
	case SFB_BOOT_ENOMEM:
		return "out of memory";
	case SFB_BOOT_EEMPTY:
		return "no usable record";
	case SFB_BOOT_EARG:
		return "invalid bootstrap settings";
	case SFB_BOOT_ECLUSTERS:
		return "too many clusters";
	case SFB_BOOT_ERANGE:
		return "a sum overflows: the interval is not finite";
	}
	return "unknown error";
}

/*
 * The summation loops below must keep NumPy's association exactly: no
 * reordering, no fused operations (the sums are plain additions, which
 * compilers may not reassociate without -ffast-math).
 */
double
sfb_pairwise_sum(const double *a, size_t n)
{
	if (n < 8) {
		double res = 0.0;
		size_t i;

		for (i = 0; i < n; i++)
			res += a[i];
		return res;
	} else if (n <= PW_BLOCK) {
		double r[8], res;
		size_t i, j;

		for (j = 0; j < 8; j++)
			r[j] = a[j];
		for (i = 8; i < n - n % 8; i += 8)
			for (j = 0; j < 8; j++)
				r[j] += a[i + j];
		res = ((r[0] + r[1]) + (r[2] + r[3])) +
		    ((r[4] + r[5]) + (r[6] + r[7]));
		for (; i < n; i++)
			res += a[i];
		return res;
	} else {
		size_t n2 = n / 2;

		n2 -= n2 % 8;
		return sfb_pairwise_sum(a, n2) + sfb_pairwise_sum(a + n2, n - n2);
	}
}

double
sfb_reduce_sum(const double *a, size_t n)
{
	double res = 0.0;
	size_t i;

	for (i = 0; i < n; i += REDUCE_BLOCK)
		res += sfb_pairwise_sum(a + i, n - i < REDUCE_BLOCK ? n - i : REDUCE_BLOCK);
	return res;
}

/*
 * Four lanes at once: lane 0 of the first quad is the cluster's record
 * count, the other lanes are value columns.  Lanes never mix, so each
 * follows exactly the additions of sfb_pairwise_sum; the counts are
 * integers, which a double sums exactly, as NumPy's float64 counts do.
 * A GCC vector type: two SSE2 registers, or one AVX register in the
 * clone made for processors that have it.
 */
typedef double quad __attribute__((vector_size(4 * sizeof(double))));

/*
 * Rows of indices are 16-bit numbers when there are at most 2^16
 * clusters, which halves the memory they pass through, else 32-bit ones.
 */
static inline __attribute__((always_inline)) size_t
index_at(const void *idx, int wide, size_t i)
{
	return wide ? ((const uint32_t *)idx)[i] : ((const uint16_t *)idx)[i];
}

/* A run of at most PW_BLOCK elements, the leaf of the pairwise sum. */
static inline __attribute__((always_inline)) void
gather_block(const quad *tab, const void *idx, int wide, size_t n, quad *out)
{
	quad r0, r1, r2, r3, r4, r5, r6, r7, res;
	size_t i;

	if (n < 8) {
		res = (quad){0.0, 0.0, 0.0, 0.0};
		for (i = 0; i < n; i++)
			res += tab[index_at(idx, wide, i)];
		*out = res;
		return;
	}
	r0 = tab[index_at(idx, wide, 0)];
	r1 = tab[index_at(idx, wide, 1)];
	r2 = tab[index_at(idx, wide, 2)];
	r3 = tab[index_at(idx, wide, 3)];
	r4 = tab[index_at(idx, wide, 4)];
	r5 = tab[index_at(idx, wide, 5)];
	r6 = tab[index_at(idx, wide, 6)];
	r7 = tab[index_at(idx, wide, 7)];
	for (i = 8; i < n - n % 8; i += 8) {
		r0 += tab[index_at(idx, wide, i)];
		r1 += tab[index_at(idx, wide, i + 1)];
		r2 += tab[index_at(idx, wide, i + 2)];
		r3 += tab[index_at(idx, wide, i + 3)];
		r4 += tab[index_at(idx, wide, i + 4)];
		r5 += tab[index_at(idx, wide, i + 5)];
		r6 += tab[index_at(idx, wide, i + 6)];
		r7 += tab[index_at(idx, wide, i + 7)];
	}
	res = ((r0 + r1) + (r2 + r3)) + ((r4 + r5) + (r6 + r7));
	for (; i < n; i++)
		res += tab[index_at(idx, wide, i)];
	*out = res;
}

/*
 * The shape of np.add.reduce over a row of K elements, the same for
 * every row, so worked out once: the leaves of the pairwise sum of each
 * REDUCE_BLOCK block in order, and after each leaf how many pending
 * partial sums to add pairwise (one for each node whose right half ends
 * there) and whether a block ends there, its sum then added to the row's.
 */
struct leaf {
	size_t off, len;
	unsigned merges;
	int block_end;
};

struct plan {
	struct leaf *leaf;
	size_t n, cap;
};

/* Room for the partial sums a row sum stacks: a block's tree is 7 deep. */
enum { PLAN_STACK = 16 };

/* sfb_pairwise_sum's recursion, as leaves. */
static int
plan_pairwise(struct plan *p, size_t off, size_t n)
{
	size_t n2;

	if (n <= PW_BLOCK) {
		if (p->n == p->cap) {
			size_t cap = p->cap ? 2 * p->cap : 64;
			struct leaf *leaf = realloc(p->leaf, cap * sizeof *leaf);

			if (leaf == NULL)
				return -1;
			p->leaf = leaf;
			p->cap = cap;
		}
		p->leaf[p->n].off = off;
		p->leaf[p->n].len = n;
		p->leaf[p->n].merges = 0;
		p->leaf[p->n].block_end = 0;
		p->n++;
		return 0;
	}
	n2 = n / 2;
	n2 -= n2 % 8;
	if (plan_pairwise(p, off, n2) < 0 || plan_pairwise(p, off + n2, n - n2) < 0)
		return -1;
	p->leaf[p->n - 1].merges++;
	return 0;
}

/* sfb_reduce_sum's blocks, as leaves. */
static int
plan_reduce(struct plan *p, size_t n)
{
	size_t i;

	for (i = 0; i < n; i += REDUCE_BLOCK) {
		if (plan_pairwise(p, i, n - i < REDUCE_BLOCK ? n - i : REDUCE_BLOCK) < 0)
			return -1;
		p->leaf[p->n - 1].block_end = 1;
	}
	return 0;
}

/*
 * sfb_reduce_sum of tab[idx[0]], tab[idx[1]], ... per lane, without
 * gathering first; the indices are 2 or 4 bytes each (wide 0 or 1).
 */
static inline __attribute__((always_inline)) void
row_sum(const quad *tab, const void *idx, int wide, const struct plan *p,
    quad *out)
{
	quad stack[PLAN_STACK], res = {0.0, 0.0, 0.0, 0.0};
	size_t sp = 0, l, width = wide ? 4 : 2;
	unsigned m;

	for (l = 0; l < p->n; l++) {
		const struct leaf *lf = &p->leaf[l];

		gather_block(tab, (const char *)idx + lf->off * width, wide, lf->len,
		    &stack[sp++]);
		for (m = 0; m < lf->merges; m++) {
			sp--;
			stack[sp - 1] += stack[sp];
		}
		if (lf->block_end)
			res += stack[--sp];
	}
	*out = res;
}

/* (Quads go by pointer: returning one by value would depend on AVX.) */
typedef void row_sum_fn(const quad *, const void *, const struct plan *, quad *);

static void
row_sum16_plain(const quad *tab, const void *idx, const struct plan *p, quad *out)
{
	row_sum(tab, idx, 0, p, out);
}

static void
row_sum32_plain(const quad *tab, const void *idx, const struct plan *p, quad *out)
{
	row_sum(tab, idx, 1, p, out);
}

#if defined(__x86_64__) && defined(__GNUC__)
/*
 * The same code compiled for AVX, chosen at run time (not with an ifunc,
 * which ThreadSanitizer cannot start with).
 */
__attribute__((target("avx2")))
static void
row_sum16_avx2(const quad *tab, const void *idx, const struct plan *p, quad *out)
{
	row_sum(tab, idx, 0, p, out);
}

__attribute__((target("avx2")))
static void
row_sum32_avx2(const quad *tab, const void *idx, const struct plan *p, quad *out)
{
	row_sum(tab, idx, 1, p, out);
}
#endif

/* The row sum for indices of width bytes. */
static row_sum_fn *
pick_row_sum(size_t width)
{
#if defined(__x86_64__) && defined(__GNUC__)
	if (__builtin_cpu_supports("avx2"))
		return width == 2 ? row_sum16_avx2 : row_sum32_avx2;
#endif
	return width == 2 ? row_sum16_plain : row_sum32_plain;
}

/*
 * When every value of a batch is a whole number (flips and net shifts,
 * 0/1 endpoints), each row's sums are whole numbers that a double holds
 * exactly in any order of addition, so NumPy's pairwise sums equal plain
 * integer sums: 32-bit lanes, eight to a vector, do the same work in
 * fewer and smaller loads.  The lanes never overflow: every partial sum
 * is bounded by the row's bound, checked below.
 */
typedef int32_t oct __attribute__((vector_size(8 * sizeof(int32_t))));

/*
 * One row: out[v] = sum over the draws of tab[k * nv + v], the sums kept
 * in locals (out could alias tab); nv is a constant where it is inlined.
 */
static inline __attribute__((always_inline)) void
int_row(const oct *tab, const void *idx, int wide, size_t n, size_t nv,
    oct *out)
{
	oct acc[9];
	size_t i, v;

	for (v = 0; v < nv; v++)
		acc[v] = (oct){0, 0, 0, 0, 0, 0, 0, 0};
	for (i = 0; i < n; i++) {
		const oct *t = tab + index_at(idx, wide, i) * nv;

		for (v = 0; v < nv; v++)
			acc[v] += t[v];
	}
	for (v = 0; v < nv; v++)
		out[v] = acc[v];
}

/* int_row with nv made a constant for the common widths. */
static inline __attribute__((always_inline)) void
int_row_nv(const oct *tab, const void *idx, int wide, size_t n, size_t nv,
    oct *out)
{
	switch (nv) {
	case 1:
		int_row(tab, idx, wide, n, 1, out);
		break;
	case 2:
		int_row(tab, idx, wide, n, 2, out);
		break;
	case 3:
		int_row(tab, idx, wide, n, 3, out);
		break;
	case 4:
		int_row(tab, idx, wide, n, 4, out);
		break;
	default:
		int_row(tab, idx, wide, n, nv, out);
	}
}

typedef void int_row_fn(const oct *, const void *, size_t, size_t, oct *);

static void
int_row16_plain(const oct *tab, const void *idx, size_t n, size_t nv, oct *out)
{
	int_row_nv(tab, idx, 0, n, nv, out);
}

static void
int_row32_plain(const oct *tab, const void *idx, size_t n, size_t nv, oct *out)
{
	int_row_nv(tab, idx, 1, n, nv, out);
}

#if defined(__x86_64__) && defined(__GNUC__)
__attribute__((target("avx2")))
static void
int_row16_avx2(const oct *tab, const void *idx, size_t n, size_t nv, oct *out)
{
	int_row_nv(tab, idx, 0, n, nv, out);
}

__attribute__((target("avx2")))
static void
int_row32_avx2(const oct *tab, const void *idx, size_t n, size_t nv, oct *out)
{
	int_row_nv(tab, idx, 1, n, nv, out);
}
#endif

static int_row_fn *
pick_int_row(size_t width)
{
#if defined(__x86_64__) && defined(__GNUC__)
	if (__builtin_cpu_supports("avx2"))
		return width == 2 ? int_row16_avx2 : int_row32_avx2;
#endif
	return width == 2 ? int_row16_plain : int_row32_plain;
}

/*
 * The batch as whole-number lanes into ints[Kc * nv] (lane 0 the counts,
 * lane 1 + d column cols[d]), or -1 when a value is not a whole number or
 * a row's sum could leave the 32-bit range (then the double path runs).
 */
static int
int_table(const double *tab, size_t K, const size_t *sel, const uint64_t *counts,
    size_t Kc, const size_t *cols, size_t ncur, oct *ints, size_t nv)
{
	size_t k, d;
	uint64_t most = 0;

	for (k = 0; k < Kc; k++)
		if (counts[k] > most)
			most = counts[k];
	if (most > (uint64_t)INT32_MAX / Kc)
		return -1;
	for (d = 0; d < ncur; d++) {
		double big = 0;

		for (k = 0; k < Kc; k++) {
			double v = tab[cols[d] * K + sel[k]];

			if (!(v == trunc(v) && fabs(v) <= INT32_MAX))
				return -1;
			if (fabs(v) > big)
				big = fabs(v);
		}
		if (big * (double)Kc > INT32_MAX)
			return -1;
	}
	for (k = 0; k < Kc; k++)
		for (d = 0; d < nv * 8; d++)
			ints[k * nv + d / 8][d % 8] = d == 0 ? (int32_t)counts[k] :
			    d <= ncur ? (int32_t)tab[cols[d - 1] * K + sel[k]] : 0;
	return 0;
}

double
sfb_lerp(double a, double b, double t)
{
	double diff = b - a;
	/* volatile keeps a compiler from fusing the product into an FMA. */
	volatile double prod;

	if (t >= 0.5) {
		prod = diff * (1.0 - t);
		return b - prod;
	}
	prod = diff * t;
	return a + prod;
}

static void
swap(double *a, size_t i, size_t j)
{
	double t = a[i];

	a[i] = a[j];
	a[j] = t;
}

/* Move the k-th smallest of a[0..n) to a[k], smaller ones before it, larger after. */
static void
select_kth(double *a, size_t n, size_t k)
{
	size_t lo = 0, hi = n - 1;

	while (hi > lo) {
		size_t mid = lo + (hi - lo) / 2, i, j;
		double pivot;

		/* median of three into a[lo] */
		if (a[mid] < a[lo])
			swap(a, mid, lo);
		if (a[hi] < a[lo])
			swap(a, hi, lo);
		if (a[hi] < a[mid])
			swap(a, hi, mid);
		swap(a, lo, mid);
		pivot = a[lo];
		i = lo;
		j = hi + 1;
		for (;;) {
			do
				i++;
			while (i <= hi && a[i] < pivot);
			do
				j--;
			while (a[j] > pivot);
			if (i >= j)
				break;
			swap(a, i, j);
		}
		swap(a, lo, j);
		if (j == k)
			return;
		if (j < k)
			lo = j + 1;
		else
			hi = j - 1;
	}
}

double
sfb_percentile(double *a, size_t n, double p)
{
	double q = p / 100.0;
	double virt = (double)(n - 1) * q;
	double lo, hi, gamma;
	size_t prev, i;

	if (virt >= (double)(n - 1)) {
		/* NumPy takes the last element for both neighbours. */
		select_kth(a, n, n - 1);
		return sfb_lerp(a[n - 1], a[n - 1], virt + 1.0);
	}
	if (virt < 0)
		virt = 0;
	prev = (size_t)floor(virt);
	gamma = virt - (double)prev;
	select_kth(a, n, prev);
	lo = a[prev];
	hi = a[prev + 1];
	for (i = prev + 2; i < n; i++)
		if (a[i] < hi)
			hi = a[i];
	return sfb_lerp(lo, hi, gamma);
}

/*
 * The resampling indices, made a slot at a time: slot s holds the draws
 * integers(0, K) accepts among the halves of raw outputs s * SLOT ..
 * (s + 1) * SLOT - 1 of the stream.  A rejected draw only drops out of
 * its slot, so any thread can make any slot, by jumping its own copy of
 * the generator there, and the slots in order are the index stream.
 * With enough work a helper thread makes slots into a ring while this
 * thread sums rows taken from them; when the reader would have to wait
 * it makes the next unclaimed slot itself, which keeps both busy.
 */
enum {
	SLOT = 16384,		/* raw outputs per slot: up to 2 * SLOT draws */
	NSLOT = 4,		/* ring positions (each first touch of a page costs) */
	PIPE_MIN_DRAWS = 1 << 20,	/* below this a thread costs more than it saves */
	SPINS = 2000		/* pauses before the reader sleeps (a slot is ~20 us) */
};

struct maker {
	sfb_pcg64 *g;
	uint64_t at;		/* stream position of g */
};

struct source {
	uint64_t bound;
	struct maker self;	/* the reader's generator */
	struct maker help;	/* the helper thread's */
	void *buf;		/* nslot slots of 2 * SLOT draws */
	size_t nslot;		/* NSLOT with a helper thread, else 1 */
	size_t width;		/* bytes per draw: 2 for bounds up to 2^16, else 4 */
	size_t len[NSLOT];	/* draws in each slot, set before it is ready */
	void *row;		/* a row that spans slots, copied together */
	const char *cur;	/* the slot being read */
	size_t pos, end;
	uint64_t taken;		/* slots handed to the reader so far */
	uint64_t enough;	/* slots the run takes if nothing is rejected */

	int threaded;
	pthread_t thread;
	pthread_mutex_t mu;
	pthread_cond_t ready_cv;	/* a slot was made (the reader waits) */
	pthread_cond_t room_cv;	/* slots were freed or stop set (the helper waits) */
	/*
	 * Who sleeps on which condition, changed under mu but read without
	 * it: a thread that makes a slot or frees one locks mu only when
	 * someone sleeps.  The sleeper counts itself before it looks at the
	 * condition and the waker changes the condition before it looks at
	 * the count (all sequentially consistent), so one of them sees the
	 * other and no wakeup is lost.
	 */
	_Atomic int ready_sleepers, room_sleepers;
	_Atomic uint64_t ready[NSLOT];	/* slot number + 1 once made */
	_Atomic uint64_t claim;	/* the first slot nobody has claimed */
	_Atomic uint64_t freed;	/* slots below this the reader is done with */
	_Atomic int stop;
};

static void
cpu_relax(void)
{
#if defined(__x86_64__) || defined(__i386__)
	__builtin_ia32_pause();
#endif
}

/* Make slot s into its ring position with m's generator. */
static void
fill_slot(struct source *src, struct maker *m, uint64_t s)
{
	size_t at = (size_t)(s % src->nslot);
	void *out = (char *)src->buf + at * 2 * SLOT * src->width;

	sfb_pcg64_advance(m->g, s * SLOT - m->at);
	if (src->width == 2)
		src->len[at] = sfb_pcg64_bounded_raw16(m->g, src->bound, SLOT, out);
	else
		src->len[at] = sfb_pcg64_bounded_raw(m->g, src->bound, SLOT, out);
	m->at = (s + 1) * SLOT;
}

/* The same with a helper thread: then tell the reader. */
static void
make_slot(struct source *src, struct maker *m, uint64_t s)
{
	fill_slot(src, m, s);
	atomic_store(&src->ready[s % NSLOT], s + 1);
	if (atomic_load(&src->ready_sleepers) > 0) {
		pthread_mutex_lock(&src->mu);
		pthread_cond_signal(&src->ready_cv);
		pthread_mutex_unlock(&src->mu);
	}
}

/* Claim the next slot below limit if the ring has room for it; -1 if not. */
static int64_t
claim_slot(struct source *src, uint64_t limit)
{
	uint64_t s = atomic_load(&src->claim);

	while (s < atomic_load(&src->freed) + NSLOT && s < limit)
		if (atomic_compare_exchange_weak(&src->claim, &s, s + 1))
			return (int64_t)s;
	return -1;
}

static int
is_ready(struct source *src, uint64_t s)
{
	return atomic_load(&src->ready[s % NSLOT]) == s + 1;
}

/*
 * The helper sleeps until half the ring is free, so that it is woken
 * once per few slots rather than once per slot.
 */
static int
half_free(struct source *src)
{
	return atomic_load(&src->claim) + NSLOT / 2 <= atomic_load(&src->freed) + NSLOT;
}

static void *
help(void *arg)
{
	struct source *src = arg;

	while (!atomic_load(&src->stop)) {
		int64_t s = claim_slot(src, src->enough);

		if (s >= 0) {
			make_slot(src, &src->help, (uint64_t)s);
			continue;
		}
		if (atomic_load(&src->claim) >= src->enough)
			break;	/* the reader makes any more there must be */
		pthread_mutex_lock(&src->mu);
		atomic_fetch_add(&src->room_sleepers, 1);
		while (!atomic_load(&src->stop) && !half_free(src))
			pthread_cond_wait(&src->room_cv, &src->mu);
		atomic_fetch_sub(&src->room_sleepers, 1);
		pthread_mutex_unlock(&src->mu);
	}
	return NULL;
}

/* The reader waits for slot t, which the helper is making. */
static void
wait_ready(struct source *src, uint64_t t)
{
	int i;

	for (i = 0; i < SPINS; i++) {
		if (is_ready(src, t))
			return;
		cpu_relax();
	}
	pthread_mutex_lock(&src->mu);
	atomic_fetch_add(&src->ready_sleepers, 1);
	while (!is_ready(src, t))
		pthread_cond_wait(&src->ready_cv, &src->mu);
	atomic_fetch_sub(&src->ready_sleepers, 1);
	pthread_mutex_unlock(&src->mu);
}

static int
maker_open(struct maker *m, const struct sfb_seed *seed)
{
	m->at = 0;
	return (m->g = sfb_pcg64_new(seed)) ? 0 : -1;
}

/*
 * Indices below bound for rows of up to bound draws; draws is how many
 * the whole run takes, which decides whether a helper thread pays.
 */
static int
source_open(struct source *src, const struct sfb_seed *seed, uint64_t bound,
    uint64_t draws)
{
	int help_pays = bound > 1 && draws >= PIPE_MIN_DRAWS;
	size_t i;

	memset(src, 0, sizeof *src);
	src->bound = bound;
	src->enough = (draws + 2 * SLOT - 1) / (2 * SLOT);
	src->nslot = help_pays ? NSLOT : 1;
	src->width = bound <= 65536 ? 2 : 4;
	src->buf = malloc(src->nslot * 2 * SLOT * src->width);
	src->row = calloc((size_t)bound, src->width);
	if (maker_open(&src->self, seed) < 0 || !src->buf || !src->row) {
		sfb_pcg64_free(src->self.g);
		free(src->buf);
		free(src->row);
		return -1;
	}
	for (i = 0; i < NSLOT; i++)
		atomic_init(&src->ready[i], 0);
	atomic_init(&src->claim, 0);
	atomic_init(&src->freed, 0);
	atomic_init(&src->stop, 0);
	atomic_init(&src->ready_sleepers, 0);
	atomic_init(&src->room_sleepers, 0);
	if (!help_pays || maker_open(&src->help, seed) < 0)
		return 0;	/* no helper: the reader makes every slot */
	if (pthread_mutex_init(&src->mu, NULL) == 0) {
		if (pthread_cond_init(&src->ready_cv, NULL) == 0) {
			if (pthread_cond_init(&src->room_cv, NULL) == 0) {
				if (pthread_create(&src->thread, NULL, help, src) == 0) {
					src->threaded = 1;
					return 0;
				}
				pthread_cond_destroy(&src->room_cv);
			}
			pthread_cond_destroy(&src->ready_cv);
		}
		pthread_mutex_destroy(&src->mu);
	}
	sfb_pcg64_free(src->help.g);
	src->help.g = NULL;
	return 0;
}

/* Point src->cur at the next slot. */
static void
source_next(struct source *src)
{
	uint64_t t = src->taken;

	if (!src->threaded) {
		fill_slot(src, &src->self, t);
	} else {
		/* Done with slot t - 1: its ring position may be made again. */
		atomic_store(&src->freed, t);
		if (atomic_load(&src->room_sleepers) > 0 && half_free(src)) {
			pthread_mutex_lock(&src->mu);
			pthread_cond_signal(&src->room_cv);
			pthread_mutex_unlock(&src->mu);
		}
		while (!is_ready(src, t)) {
			int64_t s = claim_slot(src, UINT64_MAX);

			if (s >= 0)
				make_slot(src, &src->self, (uint64_t)s);
			else
				wait_ready(src, t);
		}
	}
	src->cur = (const char *)src->buf + (size_t)(t % src->nslot) * 2 * SLOT * src->width;
	src->end = src->len[t % src->nslot];
	src->pos = 0;
	src->taken = t + 1;
}

/*
 * The next n <= bound indices, src->width bytes each, as
 * Generator.integers(0, bound, n) would draw them; valid until the next
 * call.  A row within one slot is read where it is, one that spans slots
 * is copied together.
 */
static const void *
source_row(struct source *src, size_t n)
{
	size_t i = 0, w = src->width;

	if (src->bound <= 1)
		return src->row;	/* zeros: NumPy draws nothing for one value */
	if (src->end - src->pos >= n) {
		src->pos += n;
		return src->cur + (src->pos - n) * w;
	}
	while (i < n) {
		size_t take;

		if (src->pos == src->end)
			source_next(src);
		take = src->end - src->pos < n - i ? src->end - src->pos : n - i;
		memcpy((char *)src->row + i * w, src->cur + src->pos * w, take * w);
		i += take;
		src->pos += take;
	}
	return src->row;
}

static void
source_close(struct source *src)
{
	if (src->threaded) {
		atomic_store(&src->stop, 1);
		pthread_mutex_lock(&src->mu);
		pthread_cond_signal(&src->room_cv);
		pthread_mutex_unlock(&src->mu);
		pthread_join(src->thread, NULL);
		pthread_cond_destroy(&src->room_cv);
		pthread_cond_destroy(&src->ready_cv);
		pthread_mutex_destroy(&src->mu);
	}
	sfb_pcg64_free(src->self.g);
	sfb_pcg64_free(src->help.g);
	free(src->buf);
	free(src->row);
}

/*
 * Index matrices kept between runs (sfb_boot_cache): the rows a source
 * draws depend only on the seed and the bound (the clusters resampled),
 * row r being the same whatever the number of iterations, so a matrix
 * drawn once serves every later run with that seed and bound and no more
 * rows.  The newest CACHED matrices are kept.
 */
enum {
	CACHED = 2,
	CACHE_MAX = 64 << 20	/* bytes a kept matrix may take */
};

struct matrix {
	struct sfb_seed seed;
	uint64_t bound, nrows;
	size_t width;
	char *p;		/* nrows rows of bound indices, width bytes each */
	uint64_t used;		/* when it was last made or read */
};

struct sfb_boot_cache {
	struct matrix m[CACHED];
	uint64_t clock;
};

sfb_boot_cache *
sfb_boot_cache_new(void)
{
	return calloc(1, sizeof(sfb_boot_cache));
}

void
sfb_boot_cache_free(sfb_boot_cache *bc)
{
	size_t i;

	if (bc == NULL)
		return;
	for (i = 0; i < CACHED; i++)
		free(bc->m[i].p);
	free(bc);
}

/*
 * The rows of one batch: read from a kept matrix, or drawn by a source
 * and, with a cache, copied into a new matrix that is kept at the end.
 */
struct rows {
	struct source src;
	const char *kept;	/* a kept matrix's rows, or NULL: draw */
	struct matrix rec;	/* what is being drawn, to keep (p NULL: no) */
	size_t rowbytes;
};

static int
rows_open(struct rows *r, sfb_boot_cache *bc, int keep,
    const struct sfb_seed *seed, uint64_t bound, uint64_t iterations)
{
	size_t i;

	memset(r, 0, sizeof *r);
	if (bc != NULL) {
		bc->clock++;
		for (i = 0; i < CACHED; i++) {
			struct matrix *m = &bc->m[i];

			if (m->p && m->bound == bound && m->nrows >= iterations &&
			    sfb_seed_equal(&m->seed, seed)) {
				m->used = bc->clock;
				r->kept = m->p;
				r->rowbytes = (size_t)bound * m->width;
				return 0;
			}
		}
	}
	if (source_open(&r->src, seed, bound, iterations * bound) < 0)
		return -1;
	r->rowbytes = (size_t)bound * r->src.width;
	if (bc != NULL && keep && bound > 1 && iterations <= CACHE_MAX / r->rowbytes) {
		r->rec = (struct matrix){ *seed, bound, iterations, r->src.width,
		    malloc((size_t)iterations * r->rowbytes), 0 };
	}
	return 0;
}

/* Row number row (taken in order). */
static inline const void *
rows_next(struct rows *r, uint64_t row)
{
	const void *idx;

	if (r->kept)
		return r->kept + (size_t)row * r->rowbytes;
	idx = source_row(&r->src, (size_t)r->src.bound);
	if (r->rec.p)
		memcpy(r->rec.p + (size_t)row * r->rowbytes, idx, r->rowbytes);
	return idx;
}

/* Keep what was drawn in place of the least recently used matrix. */
static void
rows_close(struct rows *r, sfb_boot_cache *bc)
{
	struct matrix *old;
	size_t i;

	if (r->kept)
		return;
	source_close(&r->src);
	if (r->rec.p == NULL)
		return;
	old = &bc->m[0];
	for (i = 1; i < CACHED; i++)
		if (bc->m[i].used < old->used)
			old = &bc->m[i];
	free(old->p);
	*old = r->rec;
	old->used = bc->clock;
}

/* Whether columns c and d hold values in the same records of each cluster. */
static int
same_records(const sfb_boot *b, size_t c, size_t d)
{
	size_t k;

	if (b->ccount == NULL || c == d)
		return 1;
	for (k = 0; k < b->cl.n; k++)
		if (b->ccount[k * b->ncols + c] != b->ccount[k * b->ncols + d])
			return 0;
	return 1;
}

int
sfb_boot_run(const sfb_boot *b, const struct sfb_seed *seeds,
    uint64_t iterations, double level, struct sfb_boot_ci *ci)
{
	return sfb_boot_run_cached(b, seeds, iterations, level, ci, NULL, 0);
}

int
sfb_boot_run_cached(const sfb_boot *b, const struct sfb_seed *seeds,
    uint64_t iterations, double level, struct sfb_boot_ci *ci,
    sfb_boot_cache *bc, int keep)
{
	size_t K = b->cl.n, nc = b->ncols, c, k;
	row_sum_fn *sum_row;
	struct plan plan = { NULL, 0, 0 };
	struct sfb_idorder *ord = NULL;
	uint64_t *counts = NULL;
	double *tab = NULL, *means = NULL;
	quad *quads = NULL;
	oct *ints = NULL;
	unsigned char *done = NULL;
	size_t *sel = NULL;	/* the clusters of a batch of columns */
	int err = SFB_BOOT_ENOMEM;
	double plo, phi;

	if (b->nrec == 0)
		return SFB_BOOT_EEMPTY;
	if (iterations < 1 || !(level > 0 && level < 100))
		return SFB_BOOT_EARG;
	if ((uint64_t)K - 1 > UINT32_MAX)
		return SFB_BOOT_ECLUSTERS;
	if (iterations > SIZE_MAX / sizeof *means / nc)
		return SFB_BOOT_ENOMEM;
	/* np.percentile(means, [2.5, 97.5]) for level 95 */
	plo = (100.0 - level) / 2.0;
	phi = 100.0 - plo;

	ord = sfb_idtab_sorted(&b->cl);
	counts = malloc(K * sizeof *counts);
	tab = malloc(K * nc * sizeof *tab);
	/* the counts and at most 64 columns of one seed */
	quads = aligned_alloc(sizeof(quad),
	    K * (((nc < 64 ? nc : 64) + 1 + 3) / 4) * sizeof *quads);
	/* the same as whole numbers: at most 65 lanes, 9 vectors */
	ints = aligned_alloc(sizeof(oct),
	    K * (((nc < 64 ? nc : 64) + 1 + 7) / 8) * sizeof *ints);
	means = malloc((size_t)iterations * nc * sizeof *means);
	done = calloc(nc, 1);
	sel = malloc(K * sizeof *sel);
	if (!ord || !counts || !tab || !quads || !ints || !means || !done || !sel)
		goto out;

	for (k = 0; k < K; k++)
		for (c = 0; c < nc; c++)
			tab[c * K + k] = b->sums[ord[k].k * nc + c];

	for (c = 0; c < nc; c++) {
		size_t cols[64], ncur = 0, nquad, d, q, j, Kc, nv;
		struct rows src;
		uint64_t row;

		if (done[c])
			continue;
		/*
		 * This seed's columns (in batches, should there be very many)
		 * that hold values in the same records.
		 */
		for (d = c; d < nc && ncur < 64; d++)
			if (!done[d] && sfb_seed_equal(&seeds[d], &seeds[c]) &&
			    same_records(b, c, d)) {
				cols[ncur++] = d;
				done[d] = 1;
			}
		/* The clusters that hold them, in order, and their counts. */
		for (k = Kc = 0; k < K; k++) {
			uint64_t n = b->ccount ? b->ccount[ord[k].k * nc + c] :
			    b->count[ord[k].k];

			if (n > 0) {
				sel[Kc] = k;
				counts[Kc++] = n;
			}
		}
		if (Kc == 0) {
			err = SFB_BOOT_EEMPTY;
			goto out;
		}
		plan.n = 0;
		if (plan_reduce(&plan, Kc) < 0)
			goto out;
		/* Lane 0: the counts; lane 1 + d: column cols[d]; unused lanes 0. */
		nquad = (ncur + 1 + 3) / 4;
		for (q = 0; q < nquad; q++)
			for (k = 0; k < Kc; k++) {
				quad v = {0.0, 0.0, 0.0, 0.0};

				for (j = 0; j < 4; j++) {
					size_t lane = 4 * q + j;

					if (lane == 0)
						v[j] = (double)counts[k];
					else if (lane <= ncur)
						v[j] = tab[cols[lane - 1] * K + sel[k]];
				}
				quads[q * Kc + k] = v;
			}
		if (rows_open(&src, bc, keep, &seeds[c], Kc, iterations) < 0)
			goto out;
		/*
		 * The reference draws 1024 rows per integers() call; the
		 * stream continues across calls (including the buffered
		 * half), so drawing row by row gives the same indices.
		 */
		nv = (ncur + 1 + 7) / 8;
		if (int_table(tab, K, sel, counts, Kc, cols, ncur, ints, nv) == 0) {
			int_row_fn *irow = pick_int_row(src.rowbytes / Kc);

			for (row = 0; row < iterations; row++) {
				const void *idx = rows_next(&src, row);
				oct acc[9];

				irow(ints, idx, Kc, nv, acc);
				for (d = 0; d < ncur; d++)
					means[cols[d] * iterations + row] =
					    (double)acc[(d + 1) / 8][(d + 1) % 8] /
					    (double)acc[0][0];
			}
			rows_close(&src, bc);
			continue;
		}
		sum_row = pick_row_sum(src.rowbytes / Kc);
		for (row = 0; row < iterations; row++) {
			const void *idx = rows_next(&src, row);
			double dn = 0;

			for (q = 0; q < nquad; q++) {
				quad s;

				sum_row(quads + q * Kc, idx, &plan, &s);

				for (j = 0; j < 4; j++) {
					size_t lane = 4 * q + j;

					/* counts[idx].sum(axis=1), then each column's sum over it */
					if (lane == 0)
						dn = s[0];
					else if (lane <= ncur)
						means[cols[lane - 1] * iterations + row] = s[j] / dn;
				}
			}
		}
		rows_close(&src, bc);
	}

	err = SFB_BOOT_OK;
	for (c = 0; c < nc; c++) {
		double *m = means + c * iterations;
		uint64_t i;

		for (i = 0; i < iterations; i++)
			if (isnan(m[i]))
				break;
		if (i < iterations) {
			err = SFB_BOOT_ERANGE;
			break;
		}
		ci[c].lower = sfb_percentile(m, (size_t)iterations, plo);
		ci[c].upper = sfb_percentile(m, (size_t)iterations, phi);
		if (!isfinite(ci[c].lower) || !isfinite(ci[c].upper)) {
			err = SFB_BOOT_ERANGE;
			break;
		}
	}
out:
	free(ord);
	free(counts);
	free(tab);
	free(quads);
	free(ints);
	free(plan.leaf);
	free(means);
	free(done);
	free(sel);
	return err;
}
