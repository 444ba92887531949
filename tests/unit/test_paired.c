/*
 * Unit tests of lib/stats/paired.c: the edges of the Wilcoxon test, d_z
 * and the adjustments, with values worked out by hand (the SciPy-made
 * vectors are in tests/golden/analysis, run by tests/sfb-paired-test.bats).
 */
#include <math.h>
#include <string.h>

#include "stats/paired.h"
#include "t.h"

static int
same(const double *got, const double *want, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!(got[i] == want[i]))
			return 0;
	return 1;
}

static void
test_wilcoxon_edges(void)
{
	struct sfb_wilcoxon w;
	static const double zero[] = { 0, 0, -0.0 };
	static const double three[] = { 1, 2, 3 };
	static const double five[] = { -1, 2, 3, 4, 5 };
	static const double one[] = { -0.5 };
	double eq[60];
	size_t i;

	t_ok(sfb_wilcoxon(three, 0, &w) == SFB_PAIRED_EEMPTY && w.n == 0 &&
	    isnan(w.p) && isnan(w.statistic), "n = 0: no test, NaN like SciPy");
	t_ok(sfb_wilcoxon(zero, 3, &w) == SFB_PAIRED_EZERO && w.n == 3 &&
	    w.n_zero == 3 && isnan(w.p), "all zero (-0.0 too): SciPy raises");
	/* n = 3 all positive: P(r_plus >= 6) = 1/8, two-sided 1/4 */
	t_ok(sfb_wilcoxon(three, 3, &w) == SFB_PAIRED_OK && w.exact &&
	    w.statistic == 0 && w.p == 0.25 && isnan(w.z), "n = 3 exact: 0.25");
	/* r_minus = 1: subsets of 1..5 summing to at most 1: 2 of 32 */
	t_ok(sfb_wilcoxon(five, 5, &w) == SFB_PAIRED_OK && w.exact &&
	    w.statistic == 1 && w.p == 0.125, "n = 5 exact: 0.125");
	t_ok(sfb_wilcoxon(one, 1, &w) == SFB_PAIRED_OK && w.exact &&
	    w.statistic == 0 && w.p == 1.0, "n = 1: the center, p 1");
	/* 60 equal differences: one tie group of 60, T = 0 */
	for (i = 0; i < 60; i++)
		eq[i] = 0.5;
	t_ok(sfb_wilcoxon(eq, 60, &w) == SFB_PAIRED_OK && !w.exact &&
	    w.statistic == 0 &&
	    w.z == -915.0 / sqrt((60.0 * 61 * 121 - 0.5 * 60 * 3599) / 24),
	    "n = 60 equal: the tie correction, z %.17g", w.z);
	t_ok(w.p == 2 * 0.5 * erfc(-w.z * M_SQRT1_2), "two-sided normal tail");
	/* a zero switches n <= 50 to the approximation and is dropped */
	eq[0] = 0;
	eq[1] = -0.5;
	t_ok(sfb_wilcoxon(eq, 10, &w) == SFB_PAIRED_OK && !w.exact &&
	    w.n == 10 && w.n_zero == 1 && w.statistic == 5,
	    "a zero: normal approximation over the other 9 (T %g)", w.statistic);
}

static void
test_dz(void)
{
	static const double d[] = { 1, 2, 3 };
	static const double flat[] = { 2, 2, 2 };

	t_ok(sfb_cohen_dz(d, 3) == 2.0, "d_z of 1 2 3 is 2");
	t_ok(sfb_cohen_dz(d, 1) == 0.0, "d_z of one difference is 0");
	t_ok(sfb_cohen_dz(flat, 3) == 0.0, "d_z without spread is 0");
}

static void
test_adjust(void)
{
	static const double p[] = { 0.01, 0.04, 0.03, 0.2 };
	static const double hi[] = { 0.5, 0.6 };
	static const double tie[] = { 0.02, 0.02, 0.02 };
	double out[4], want[4];

	t_ok(sfb_p_adjust(p, 0, SFB_ADJUST_HOLM, out) == SFB_PAIRED_OK, "m = 0");
	sfb_p_adjust(p, 4, SFB_ADJUST_BONFERRONI, out);
	want[0] = 0.01 * 4; want[1] = 0.04 * 4; want[2] = 0.03 * 4; want[3] = 0.2 * 4;
	t_ok(same(out, want, 4), "bonferroni");
	sfb_p_adjust(p, 4, SFB_ADJUST_HOLM, out);
	want[0] = 4 * 0.01; want[1] = 3 * 0.03; want[2] = 3 * 0.03; want[3] = 0.2;
	t_ok(same(out, want, 4), "holm: the running maximum, in input order");
	sfb_p_adjust(p, 4, SFB_ADJUST_BH, out);
	want[0] = 4.0 / 1 * 0.01; want[1] = 4.0 / 3 * 0.04;
	want[2] = 4.0 / 3 * 0.04; want[3] = 4.0 / 4 * 0.2;
	t_ok(same(out, want, 4), "bh: the running minimum from the top");
	sfb_p_adjust(hi, 2, SFB_ADJUST_BONFERRONI, out);
	want[0] = want[1] = 1;
	t_ok(same(out, want, 2), "bonferroni caps at 1");
	sfb_p_adjust(hi, 2, SFB_ADJUST_HOLM, out);
	t_ok(same(out, want, 2), "holm caps at 1 and stays monotone");
	sfb_p_adjust(hi, 2, SFB_ADJUST_BH, out);
	want[0] = want[1] = 0.6;
	t_ok(same(out, want, 2), "bh: both take the larger p");
	sfb_p_adjust(tie, 3, SFB_ADJUST_HOLM, out);
	want[0] = want[1] = want[2] = 3 * 0.02;
	t_ok(same(out, want, 3), "holm: tied p-values adjust alike");
	sfb_p_adjust(tie, 3, SFB_ADJUST_BH, out);
	want[0] = want[1] = want[2] = 0.02;
	t_ok(same(out, want, 3), "bh: tied p-values adjust alike");
	sfb_p_adjust(tie, 1, SFB_ADJUST_BH, out);
	t_ok(out[0] == 0.02, "m = 1 leaves p");
}

static void
test_names(void)
{
	t_ok(sfb_adjust_parse("holm", 4) == SFB_ADJUST_HOLM &&
	    sfb_adjust_parse("bh", 2) == SFB_ADJUST_BH &&
	    sfb_adjust_parse("bonferroni", 10) == SFB_ADJUST_BONFERRONI,
	    "the three names");
	t_ok(sfb_adjust_parse("hol", 3) < 0 && sfb_adjust_parse("BH", 2) < 0 &&
	    sfb_adjust_parse("", 0) < 0, "no other name");
	t_ok(strcmp(sfb_adjust_name(SFB_ADJUST_BH), "bh") == 0, "bh's name");
}

int
main(void)
{
	test_wilcoxon_edges();
	test_dz();
	test_adjust();
	test_names();
	return t_done();
}
