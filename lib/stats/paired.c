/*
 * Paired tests (see paired.h).  Every sum that SciPy or NumPy takes with
 * np.sum is taken here with NumPy's pairwise summation in the same
 * order, so the results agree to the bit where the libm functions do.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "stats/boot.h"
#include "stats/paired.h"

/* scipy.stats.wilcoxon's mode "auto" switches to the approximation above this. */
enum { EXACT_MAX = 50 };

struct absd {
	double a;		/* |d| */
	size_t i;		/* index among the nonzero differences */
};

static int
cmp_absd(const void *pa, const void *pb)
{
	const struct absd *x = pa, *y = pb;

	if (x->a != y->a)
		return x->a < y->a ? -1 : 1;
	return (x->i > y->i) - (x->i < y->i);
}

/*
 * scipy.stats.rankdata(|d|) with the average method into r[0..n), and
 * the tie term sum(t * (t^2 - 1)) over the groups of t > 1 equal values
 * (find_repeats on the ranks, in int64 as NumPy takes it).
 */
static int
rank_abs(const double *d, size_t n, double *r, long long *ties)
{
	struct absd *s = malloc((n ? n : 1) * sizeof *s);
	size_t i, j;

	if (s == NULL)
		return -1;
	for (i = 0; i < n; i++) {
		s[i].a = fabs(d[i]);
		s[i].i = i;
	}
	qsort(s, n, sizeof *s, cmp_absd);
	*ties = 0;
	for (i = 0; i < n; i = j) {
		long long t;
		double avg;

		for (j = i + 1; j < n && s[j].a == s[i].a; j++)
			;
		/* ranks i+1 .. j: their mean, a whole or half number */
		avg = 0.5 * ((double)i + 1 + (double)j);
		for (t = 0; t < (long long)(j - i); t++)
			r[s[i + (size_t)t].i] = avg;
		t = (long long)(j - i);
		if (t > 1)
			*ties += t * (t * t - 1);
	}
	free(s);
	return 0;
}

/* cephes ndtr, as scipy.special.ndtr computes the normal CDF. */
static double
ndtr(double a)
{
	double x = a * M_SQRT1_2, z = fabs(x), y;

	if (z < M_SQRT1_2)
		return 0.5 + 0.5 * erf(x);
	y = 0.5 * erfc(z);
	return x > 0 ? 1.0 - y : y;
}

/* scipy.stats._hypotests._get_wilcoxon_distr(n): the pmf of r_plus. */
static double *
wilcoxon_pmf(size_t n, size_t *len)
{
	size_t cap = n * (n + 1) / 2 + 1, m = 1, k, i;
	double *c = calloc(cap, sizeof *c), *prev = calloc(cap, sizeof *prev);

	if (c == NULL || prev == NULL) {
		free(c);
		free(prev);
		return NULL;
	}
	c[0] = 1.0;
	for (k = 1; k <= n; k++) {
		size_t len_k = k * (k + 1) / 2 + 1;

		memcpy(prev, c, m * sizeof *c);
		memset(c, 0, len_k * sizeof *c);
		for (i = 0; i < m; i++)
			c[i] = prev[i] * 0.5;
		for (i = 0; i < m; i++)
			c[len_k - m + i] += prev[i] * 0.5;
		m = len_k;
	}
	free(prev);
	*len = m;
	return c;
}

int
sfb_wilcoxon(const double *d, size_t n, struct sfb_wilcoxon *w)
{
	double *nz, *r, *plus, *minus, rp, rm;
	size_t i, cnt = 0;
	long long ties;
	int err = SFB_PAIRED_ENOMEM;

	memset(w, 0, sizeof *w);
	w->n = n;
	w->statistic = w->p = w->z = NAN;
	for (i = 0; i < n; i++)
		w->n_zero += d[i] == 0;
	if (n == 0)
		return SFB_PAIRED_EEMPTY;
	w->exact = n <= EXACT_MAX && w->n_zero == 0;
	if (w->n_zero == n)
		return SFB_PAIRED_EZERO;

	nz = malloc(n * sizeof *nz);
	r = malloc(n * sizeof *r);
	plus = malloc(n * sizeof *plus);
	minus = malloc(n * sizeof *minus);
	if (!nz || !r || !plus || !minus)
		goto out;
	/* zero_method "wilcox": the approximation drops the zeros; exact has none */
	for (i = 0; i < n; i++)
		if (d[i] != 0)
			nz[cnt++] = d[i];
	if (rank_abs(nz, cnt, r, &ties) < 0)
		goto out;
	/* np.sum((d > 0) * r) and np.sum((d < 0) * r) */
	for (i = 0; i < cnt; i++) {
		plus[i] = nz[i] > 0 ? r[i] : 0.0;
		minus[i] = nz[i] < 0 ? r[i] : 0.0;
	}
	rp = sfb_reduce_sum(plus, cnt);
	rm = sfb_reduce_sum(minus, cnt);
	w->statistic = rp < rm ? rp : rm;

	if (!w->exact) {
		double c = (double)cnt;
		double mn = c * (c + 1.) * 0.25;
		double se = c * (c + 1.) * (2. * c + 1.);

		se -= 0.5 * (double)ties;
		se = sqrt(se / 24);
		w->z = (w->statistic - mn) / se;
		w->p = 2. * ndtr(-fabs(w->z));
	} else {
		size_t len, k = (size_t)rp;	/* int(r_plus) */
		double *pmf = wilcoxon_pmf(cnt, &len);

		if (pmf == NULL)
			goto out;
		if (k == (len - 1) / 2) {
			w->p = 1.0;
		} else {
			double lo = sfb_reduce_sum(pmf, k + 1);
			double hi = sfb_reduce_sum(pmf + k, len - k);

			w->p = 2 * (hi < lo ? hi : lo);
			if (w->p > 1)
				w->p = 1;
			if (w->p < 0)
				w->p = 0;
		}
		free(pmf);
	}
	err = SFB_PAIRED_OK;
out:
	free(nz);
	free(r);
	free(plus);
	free(minus);
	return err;
}

double
sfb_cohen_dz(const double *d, size_t n)
{
	double *x, mean, var, sd;
	size_t i;

	if (n < 2)
		return 0.0;
	if ((x = malloc(n * sizeof *x)) == NULL)
		return NAN;
	mean = sfb_reduce_sum(d, n) / (double)n;
	for (i = 0; i < n; i++) {
		double v = d[i] - mean;

		x[i] = v * v;
	}
	var = sfb_reduce_sum(x, n) / (double)(n - 1);
	free(x);
	sd = sqrt(var);
	return sd == 0 ? 0.0 : mean / sd;
}

struct pidx {
	double p;
	size_t i;
};

static int
cmp_pidx(const void *pa, const void *pb)
{
	const struct pidx *x = pa, *y = pb;

	if (x->p != y->p)
		return x->p < y->p ? -1 : 1;
	return (x->i > y->i) - (x->i < y->i);
}

int
sfb_p_adjust(const double *p, size_t m, enum sfb_adjust how, double *out)
{
	struct pidx *s;
	double run, dm = (double)m;
	size_t i;

	if (how == SFB_ADJUST_BONFERRONI) {
		for (i = 0; i < m; i++) {
			double v = p[i] * dm;

			out[i] = v < 1 ? v : 1;
		}
		return SFB_PAIRED_OK;
	}
	if ((s = malloc((m ? m : 1) * sizeof *s)) == NULL)
		return SFB_PAIRED_ENOMEM;
	for (i = 0; i < m; i++) {
		s[i].p = p[i];
		s[i].i = i;
	}
	qsort(s, m, sizeof *s, cmp_pidx);
	if (how == SFB_ADJUST_HOLM) {
		run = 0;
		for (i = 0; i < m; i++) {
			double v = (double)(m - i) * s[i].p;

			if (v > run)
				run = v;
			out[s[i].i] = run < 1 ? run : 1;
		}
	} else {
		run = INFINITY;
		for (i = m; i-- > 0;) {
			double v = dm / (double)(i + 1) * s[i].p;

			if (v < run)
				run = v;
			out[s[i].i] = run < 1 ? run : 1;
		}
	}
	free(s);
	return SFB_PAIRED_OK;
}

static const char *const adjust_names[] = { "bonferroni", "holm", "bh" };

const char *
sfb_adjust_name(enum sfb_adjust how)
{
	return adjust_names[how];
}

int
sfb_adjust_parse(const char *s, size_t n)
{
	int i;

	for (i = 0; i < 3; i++)
		if (strlen(adjust_names[i]) == n && memcmp(adjust_names[i], s, n) == 0)
			return i;
	return -1;
}
