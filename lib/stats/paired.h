/*
 * Paired tests: the Wilcoxon signed-rank test as SciPy 1.10's
 * scipy.stats.wilcoxon(a, b) computes it with its defaults, Cohen's d_z
 * as NumPy computes mean(d) / std(d, ddof=1), and the usual adjustments
 * of a family of p-values (SPEC 16).
 *
 * Ownership: the functions read their arrays and keep nothing.  Nothing
 * here prints or exits.
 */
#ifndef SFB_PAIRED_H
#define SFB_PAIRED_H

#include <stddef.h>

enum sfb_paired_err {
	SFB_PAIRED_OK = 0,
	SFB_PAIRED_ENOMEM = -1,
	SFB_PAIRED_EEMPTY = -2,	/* no difference: SciPy returns NaN */
	SFB_PAIRED_EZERO = -3	/* every difference is zero: SciPy raises */
};

struct sfb_wilcoxon {
	size_t n;		/* differences, zeros included */
	size_t n_zero;		/* differences that are zero */
	int exact;		/* 1: the exact distribution; 0: normal approximation */
	double statistic;	/* min(r_plus, r_minus) */
	double p;		/* two-sided p-value */
	double z;		/* the normal approximation's z; NaN when exact */
};

/*
 * The test of the differences d[0..n) (d = a - b, computed by the
 * caller in double): zero_method "wilcox", two-sided, method "auto" (the
 * exact distribution when n <= 50 and no difference is zero, ties or
 * not, r_plus truncated to an integer; otherwise the normal
 * approximation with the tie correction and no continuity correction).
 * Returns SFB_PAIRED_OK or an sfb_paired_err; w->n and w->n_zero are
 * set in every case.
 */
int sfb_wilcoxon(const double *d, size_t n, struct sfb_wilcoxon *w);

/* NumPy's mean(d) / std(d, ddof=1); 0.0 when n < 2 or the deviation is 0. */
double sfb_cohen_dz(const double *d, size_t n);

enum sfb_adjust {
	SFB_ADJUST_BONFERRONI,	/* min(1, m p) */
	SFB_ADJUST_HOLM,	/* step-down: running max of (m - i + 1) p(i), capped at 1 */
	SFB_ADJUST_BH		/* Benjamini-Hochberg: running min from the top of (m / i) p(i), capped at 1 */
};

/*
 * The adjusted p-values of p[0..m) into out[0..m) (i is the rank of
 * p(i) in ascending order, ties in any order give the same result; R's
 * p.adjust arithmetic).  Returns SFB_PAIRED_OK or SFB_PAIRED_ENOMEM.
 */
int sfb_p_adjust(const double *p, size_t m, enum sfb_adjust how, double *out);

/* The name of an adjustment ("bonferroni", "holm", "bh"), and back: -1
 * when s[0..n) names none. */
const char *sfb_adjust_name(enum sfb_adjust how);
int sfb_adjust_parse(const char *s, size_t n);

#endif
