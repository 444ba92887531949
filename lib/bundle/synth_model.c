/*
 * The nine synthetic models: how each perceives a source, drifts between
 * repeated calls, changes its report for a counterfactual and refuses;
 * and the endpoint statistics of what it wrote, computed from what is
 * known about every report by construction (never by matching text).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "bundle/synth_int.h"
#include "bundle/synth_rng.h"

const char *const syn_edits[SYN_NEDITS] = {
	"elderly_female", "elderly_male", "young_female", "young_male",
};

/*
 * name, baseline, {layout, p_disclaimer, p_filler, p_exotic},
 * p_full, p_partial, p_slip, sens, fp, src_lab_noise, src_rec_noise,
 * cf_lab_p, cf_lab_k, cf_rec_p, stage1_fail
 */
const struct syn_model syn_models[SYN_NMODELS] = {
	{ "gpt-5.4", 0, { 0, 0.04, 0.25, 0.01, 0 }, 0, 0, 0,
	  .85, .30, .35, .43, .70, 4, .69, .035 },
	{ "claude-sonnet-4-6", 0, { 1, 0.05, 0.30, 0.01, 0 }, 0, 0, 0,
	  .90, .40, .45, .65, .90, 4, .90, .30 },
	{ "claude-opus-4-6", 0, { 2, 0.03, 0.30, 0.01, 0 }, 0, 0, 0,
	  .90, .30, .40, .55, .70, 4, .82, .25 },
	{ "glm-4.6v", 0, { 3, 0.02, 0.20, 0.01, 0 }, .004, 0, 0,
	  .80, .35, .40, .35, .85, 4, .70, .035 },
	{ "kimi-k2.5", 0, { 4, 0.03, 0.25, 0.01, 0 }, .003, 0, 0,
	  .85, .40, .45, .70, .90, 4, .91, .20 },
	{ "gemma-4", 0, { 5, 0.60, 0.35, 0.02, 0 }, .26, .025, .01,
	  .60, .50, .70, .40, .97, 6, .62, .10 },
	{ "llama-4-scout", 1, { 6, 0.02, 0.30, 0.01, 0 }, 0, 0, 0,
	  .75, .40, .45, .40, .75, 4, .57, .01 },
	{ "qwen2.5-vl", 1, { 7, 0, 0.20, 0.01, 0 }, 0, 0, 0,
	  .70, .30, .03, .03, .84, 3, .29, 0 },
	{ "radfm", 1, { 8, 0, 0.40, 0.15, 0 }, 0, 0, 0,
	  .50, .60, 0, 0, .97, 8, .32, -1 },
};

/*
 * sfb-synth --short-reports: every model's genuine reports in glm-4.6v's
 * one-line sections without lead, severity line, disclaimer, look-alike
 * filler or exotic variants (about 200 bytes, where the default styles
 * average 360); refusals, slips and every probability above unchanged.
 */
static const struct sfb_style short_style = { 3, 0, 0, 0, 1 };

/* How common each pathology is on the synthetic sources. */
static const double prevalence[SFB_NLABELS] = {
	.50, .12, .45, .20, .04, .05, .04, .35, .07, .15, .08, .03, .40,
};

static uint16_t
closure(uint16_t lab)
{
	/* every phrase naming a posterior osteophyte names an osteophyte */
	if (lab & L_POS)
		lab |= L_OST;
	return lab;
}

uint16_t syn_source_truth(uint64_t seed, size_t src);

uint16_t
syn_source_truth(uint64_t seed, size_t src)
{
	struct sfb_srng r = sfb_srng_derive(seed, "truth", src, 0);
	uint16_t lab = 0;
	int c;

	/* some sources show nothing worth a label */
	if (sfb_srng_chance(&r, 0.10))
		return 0;
	for (c = 0; c < SFB_NLABELS; c++)
		if (sfb_srng_chance(&r, prevalence[c]))
			lab |= (uint16_t)(1u << c);
	return closure(lab);
}

static uint16_t
toggle_lab(struct sfb_srng *r, uint16_t lab)
{
	double u = sfb_srng_unif(r) * 2.48, acc = 0;
	int c;

	for (c = 0; c < SFB_NLABELS - 1; c++) {
		acc += prevalence[c];
		if (u < acc)
			break;
	}
	return closure(lab ^ (uint16_t)(1u << c));
}

static uint8_t
toggle_rec(struct sfb_srng *r, uint8_t rec, int k)
{
	int first = (int)sfb_srng_below(r, SFB_NRECS), second;

	rec ^= (uint8_t)(1u << first);
	if (k > 1) {
		second = (first + 1 + (int)sfb_srng_below(r, SFB_NRECS - 1)) % SFB_NRECS;
		rec ^= (uint8_t)(1u << second);
	}
	return rec;
}

/* What model m sees on source src, before any per-call drift. */
static void
perceive(const struct syn *s, int m, size_t src, uint16_t *lab, uint8_t *rec)
{
	const struct syn_model *md = &syn_models[m];
	struct sfb_srng r = sfb_srng_derive(s->o->seed, "perceive", (uint64_t)m, src);
	uint16_t truth = s->src[src].truth, l = 0;
	double p[SFB_NRECS];
	uint8_t rc = 0;
	int c;

	for (c = 0; c < SFB_NLABELS; c++) {
		uint16_t bit = (uint16_t)(1u << c);
		if ((truth & bit) ? sfb_srng_chance(&r, md->sens) :
		    sfb_srng_chance(&r, md->fp * prevalence[c]))
			l |= bit;
	}
	l = closure(l);
	p[0] = .05 + ((l & (L_SPO | L_COL | L_FOR)) ? .30 : 0) + ((l & L_IMP) ? .2 : 0);
	p[1] = .35 + ((l & (L_DSN | L_OST | L_SPO)) ? .30 : 0);
	p[2] = .40 + ((l & (L_COL | L_FRX | L_LES | L_FOR)) ? .20 : 0);
	p[3] = .35;
	p[4] = .45;
	p[5] = .30 + ((l & (L_SPO | L_COL | L_IMP)) ? .20 : 0);
	p[6] = .15 + ((l & L_NOF) ? .30 : 0);
	for (c = 0; c < SFB_NRECS; c++)
		if (sfb_srng_chance(&r, p[c]))
			rc |= (uint8_t)(1u << c);
	*lab = l;
	*rec = rc;
}

static enum sfb_kind
draw_kind(struct sfb_srng *r, const struct syn_model *md)
{
	double u = sfb_srng_unif(r);

	if (u < md->p_full)
		return SFB_KIND_FULL;
	u -= md->p_full;
	if (u < md->p_partial)
		return SFB_KIND_PARTIAL;
	u -= md->p_partial;
	if (u < md->p_slip)
		return SFB_KIND_SLIP;
	return SFB_KIND_REPORT;
}

/*
 * Condition B (two-stage mitigation) starts from exactly what condition A
 * would write for the pair and then loses detail: it never restores a
 * recommendation set or a label overlap, so the binding rule fails at
 * every scale, as it did in the release.
 */
static void
degrade(struct sfb_srng *r, uint16_t lab, uint8_t rec, uint16_t *clab,
    uint8_t *crec)
{
	int steps, i, c;

	if (*crec == rec && sfb_srng_chance(r, 0.6))
		*crec = toggle_rec(r, *crec, 1);
	if (!sfb_srng_chance(r, 0.9))
		return;
	steps = 1 + (int)sfb_srng_below(r, 2);
	for (i = 0; i < steps; i++) {
		uint16_t shared = lab & *clab, absent = (uint16_t)~(lab | *clab) & 0x1fff;
		/* drop a shared label, or add one neither report has */
		if (shared && (sfb_srng_chance(r, 0.5) || !absent)) {
			do
				c = (int)sfb_srng_below(r, SFB_NLABELS);
			while (!(shared & (1u << c)));
			*clab &= (uint16_t)~(1u << c);
			/* a posterior osteophyte always names an osteophyte too */
			if (c == 0)
				*clab &= (uint16_t)~L_POS;
		} else if (absent) {
			do
				c = (int)sfb_srng_below(r, SFB_NLABELS);
			while (!(absent & (1u << c)) || c == 8);
			*clab |= (uint16_t)(1u << c);
		}
	}
}

void
syn_pair_reports(const struct syn *s, int m, size_t j, int cond,
    struct sfb_sbuf *src_text, struct sfb_sbuf *cf_text, struct syn_pt *pt)
{
	const struct syn_model *md = &syn_models[m];
	const struct syn_pair *pr = &s->pairs[j];
	/* B draws A's stream, so both see the same pair before B degrades it */
	uint64_t key = (uint64_t)j * 4 + (uint64_t)(cond == SYN_COND_B ? SYN_COND_A : cond);
	struct sfb_srng r = sfb_srng_derive(s->o->seed, "pair", (uint64_t)m, key);
	struct sfb_srng rb = sfb_srng_derive(s->o->seed, "condb", (uint64_t)m, j);
	const struct sfb_style *st;
	int i, toggles;
	uint16_t lab, clab;
	uint8_t rec, crec;

	perceive(s, m, pr->src, &lab, &rec);
	if (sfb_srng_chance(&r, md->src_lab_noise))
		lab = toggle_lab(&r, lab);
	if (sfb_srng_chance(&r, md->src_rec_noise))
		rec = toggle_rec(&r, rec, 1);
	clab = lab;
	crec = rec;
	if (sfb_srng_chance(&r, md->cf_lab_p)) {
		toggles = 1 + (int)sfb_srng_below(&r, (uint32_t)md->cf_lab_k);
		for (i = 0; i < toggles; i++)
			clab = toggle_lab(&r, clab);
	}
	if (sfb_srng_chance(&r, md->cf_rec_p))
		crec = toggle_rec(&r, crec, 1 + (int)sfb_srng_below(&r, 2));
	if (cond == SYN_COND_B)
		degrade(&rb, lab, rec, &clab, &crec);
	st = s->o->short_reports ? &short_style : &md->st;
	sfb_report_write(src_text, st, draw_kind(&r, md), lab, rec, &r, &pt->s);
	sfb_report_write(cf_text, st, draw_kind(&r, md), clab, crec, &r, &pt->c);
}

static int
popcount(unsigned v)
{
	return __builtin_popcount(v);
}

uint16_t
syn_released_truth(const struct syn_src *x)
{
	return x->vindr ? x->truth : 0;
}

/* f = |P - G| / |P| with No finding removed from both (SPEC 13.3). */
static double
unmatched_share(uint16_t pred, uint16_t truth)
{
	unsigned p = pred & (unsigned)~L_NOF, g = truth & (unsigned)~L_NOF;

	if (p == 0)
		return 0.0;
	return (double)popcount(p & ~g) / (double)popcount(p);
}

/* The secondary means over the usable pairs, as np.mean computes them. */
static int
secondary_means(const struct syn *s, const struct syn_pt *pt,
    const size_t *idx, size_t n, struct syn_stats *st)
{
	double *v[3];
	size_t i, k = 0;
	int e, err = 0;

	for (e = 0; e < 3; e++)
		v[e] = malloc((n ? n : 1) * sizeof *v[e]);
	if (v[0] == NULL || v[1] == NULL || v[2] == NULL) {
		err = -1;
		goto out;
	}
	for (i = 0; i < n; i++) {
		const struct syn_pt *p = &pt[i];
		uint16_t g = syn_released_truth(&s->src[s->pairs[idx ? idx[i] : i].src]);
		if (p->s.cls == SFB_FULL || p->c.cls == SFB_FULL)
			continue;
		v[0][k] = abs((int)p->s.sev - (int)p->c.sev);
		v[1][k] = abs((int)p->s.hedges - (int)p->c.hedges);
		v[2][k] = fabs(unmatched_share(p->s.lab, g) - unmatched_share(p->c.lab, g));
		k++;
	}
	if (k == 0) {
		err = -1;
		goto out;
	}
	st->sev_mean = sfb_reduce_sum(v[0], k) / (double)k;
	st->hedge_mean = sfb_reduce_sum(v[1], k) / (double)k;
	st->hall_mean = sfb_reduce_sum(v[2], k) / (double)k;
	st->hall_n = k;
out:
	for (e = 0; e < 3; e++)
		free(v[e]);
	return err;
}

static double
jaccard(unsigned a, unsigned b)
{
	if ((a | b) == 0)
		return 1.0;
	return (double)popcount(a & b) / (double)popcount(a | b);
}

static int
boot_ci(sfb_boot *b, struct syn_ci *ci, size_t ncols)
{
	struct sfb_seed seeds[2];
	struct sfb_boot_ci out[2];
	size_t c;
	int err;

	for (c = 0; c < ncols; c++)
		sfb_seed_from_u64(&seeds[c], SYN_BOOT_SEED);
	err = sfb_boot_run(b, seeds, SYN_ITER, 95.0, out);
	if (err != SFB_BOOT_OK)
		return -1;
	for (c = 0; c < ncols; c++) {
		ci[c].lower = out[c].lower;
		ci[c].upper = out[c].upper;
	}
	return 0;
}

int
syn_stats_compute(const struct syn *s, const struct syn_pt *pt,
    const size_t *idx, size_t n, struct syn_stats *st)
{
	double sum_j = 0, sum_rj = 0, v[2];
	struct syn_ci ci[2];
	sfb_boot *b;
	size_t i;

	memset(st, 0, sizeof *st);
	b = sfb_boot_new(2);
	if (b == NULL)
		return -1;
	st->n = n;
	for (i = 0; i < n; i++) {
		size_t j = idx ? idx[i] : i;
		const struct syn_pt *p = &pt[i];
		const char *sid = s->src[s->pairs[j].src].id;
		if (p->s.cls == SFB_FULL || p->c.cls == SFB_FULL) {
			st->full++;
			continue;
		}
		if (p->s.cls == SFB_PARTIAL || p->c.cls == SFB_PARTIAL)
			st->partial++;
		st->usable++;
		st->matches += p->s.rec == p->c.rec;
		if (p->s.lab == 0 && p->c.lab == 0)
			st->both_empty++;
		v[0] = p->s.rec == p->c.rec ? 0.0 : 1.0;
		v[1] = jaccard(p->s.lab, p->c.lab);
		sum_j += v[1];
		sum_rj += jaccard(p->s.rec, p->c.rec);
		if (sfb_boot_add(b, sid, strlen(sid), v) != SFB_BOOT_OK) {
			sfb_boot_free(b);
			return -1;
		}
	}
	if (st->usable == 0) {
		sfb_boot_free(b);
		return -1;
	}
	st->clusters = sfb_boot_clusters(b);
	st->agreement = (double)st->matches / (double)st->usable;
	st->rec_change = 1.0 - st->agreement;
	st->diag_mean = sum_j / (double)st->usable;
	st->rec_jaccard = sum_rj / (double)st->usable;
	if (boot_ci(b, ci, 2) != 0) {
		sfb_boot_free(b);
		return -1;
	}
	st->rec_ci = ci[0];
	st->diag_ci = ci[1];
	sfb_boot_free(b);
	return secondary_means(s, pt, idx, n, st);
}

/*
 * Repeated-call excess: per source, T averages the usable source-versus-
 * counterfactual comparisons and F every unordered pair of usable source
 * reports (the four pairs of a source are four calls on the same image).
 */
int
syn_followup_compute(const struct syn *s, int m, struct syn_followup *fu)
{
	const struct syn_pt *pt = s->pt[m];
	double sum_t[2] = { 0, 0 }, sum_f[2] = { 0, 0 }, v[2];
	struct syn_ci ci[2];
	sfb_boot *b;
	size_t j = 0, a, c;
	int e;

	memset(fu, 0, sizeof *fu);
	b = sfb_boot_new(2);
	if (b == NULL)
		return -1;
	while (j < s->npairs) {
		size_t start = j, nt = 0, nf = 0;
		uint32_t src = s->pairs[j].src;
		double t[2] = { 0, 0 }, f[2] = { 0, 0 };
		while (j < s->npairs && s->pairs[j].src == src)
			j++;
		for (a = start; a < j; a++) {
			if (pt[a].s.cls == SFB_FULL || pt[a].c.cls == SFB_FULL)
				continue;
			t[0] += pt[a].s.rec != pt[a].c.rec;
			t[1] += 1.0 - jaccard(pt[a].s.lab, pt[a].c.lab);
			nt++;
		}
		for (a = start; a < j; a++) {
			if (pt[a].s.cls == SFB_FULL)
				continue;
			for (c = a + 1; c < j; c++) {
				if (pt[c].s.cls == SFB_FULL)
					continue;
				f[0] += pt[a].s.rec != pt[c].s.rec;
				f[1] += 1.0 - jaccard(pt[a].s.lab, pt[c].s.lab);
				nf++;
			}
		}
		if (nt == 0) {
			fu->drop_no_edit++;
			continue;
		}
		if (nf == 0) {
			fu->drop_few_src++;
			continue;
		}
		for (e = 0; e < 2; e++) {
			t[e] /= (double)nt;
			f[e] /= (double)nf;
			sum_t[e] += t[e];
			sum_f[e] += f[e];
			v[e] = t[e] - f[e];
		}
		fu->n_sources++;
		if (sfb_boot_add(b, s->src[src].id, strlen(s->src[src].id), v) != SFB_BOOT_OK) {
			sfb_boot_free(b);
			return -1;
		}
	}
	if (fu->n_sources == 0) {
		sfb_boot_free(b);
		return -1;
	}
	for (e = 0; e < 2; e++) {
		fu->t[e] = sum_t[e] / (double)fu->n_sources;
		fu->f[e] = sum_f[e] / (double)fu->n_sources;
		fu->excess[e] = fu->t[e] - fu->f[e];
		fu->norm[e] = fu->f[e] < 1 ? fu->excess[e] / (1 - fu->f[e]) : 0;
	}
	if (boot_ci(b, ci, 2) != 0) {
		sfb_boot_free(b);
		return -1;
	}
	fu->ci[0] = ci[0];
	fu->ci[1] = ci[1];
	sfb_boot_free(b);
	return 0;
}
