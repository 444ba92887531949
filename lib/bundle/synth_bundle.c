/*
 * sfb-synth's bundle: every file of the released layout (SPEC 6), the
 * code-root files (release manifest, prompt registry, follow-up
 * supplement) and their SHA-256 manifests.  The frozen numbers come
 * from synth_model.c, which knows each report's labels by construction.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bundle/synth_adv.h"
#include "bundle/synth_files.h"
#include "bundle/synth_int.h"
#include "bundle/synth_png.h"
#include "bundle/synth_rng.h"

uint16_t syn_source_truth(uint64_t seed, size_t src);

#define FREEZE "artifacts/freeze_runs/2026-04-09/"
#define ANALYSIS "artifacts/Results/analysis/"
#define FINAL "artifacts/Results/final_inputs/"
#define PANELS FINAL "panels/"
#define MITPANEL PANELS "full_pipeline_mitigation_retained/"
#define VPUB "validation_public/"
#define VDATE "2026-04-28"

#define NVAL 450
#define NVAL_FAIL 7
#define NREVIEWERS 3
#define NHIDDEN_PER 10

struct w {
	struct syn *s;
	struct sfb_tree bundle, code;
	struct sfb_sbuf b;
	struct sfb_jw j;
	char *err;
	size_t errlen;
	struct sfb_sbuf toy_src[5], toy_cf[5];
	size_t toy_pair[5];
	int ntoy;
};

static const char *const mit_models[2] = { "gpt-5.4", "glm-4.6v" };
static const int mit_index[2] = { 0, 3 };

/* Start a fresh JSON document in w->b. */
static struct sfb_jw *
doc(struct w *w)
{
	sfb_sbuf_reset(&w->b);
	sfb_jw_init(&w->j, &w->b);
	return &w->j;
}

static int
fail(struct w *w, const char *msg)
{
	snprintf(w->err, w->errlen, "%s", msg);
	return -1;
}

static int
save(struct w *w, struct sfb_tree *t, const char *rel)
{
	if (sfb_tree_write_buf(t, rel, &w->b) != 0)
		return fail(w, t->err);
	return 0;
}

static int
save_doc(struct w *w, const char *rel)
{
	sfb_jw_finish(&w->j);
	return save(w, &w->bundle, rel);
}

static int
save_text(struct w *w, const char *rel, const char *text)
{
	sfb_sbuf_reset(&w->b);
	sfb_sbuf_puts(&w->b, text);
	return save(w, &w->bundle, rel);
}

static void
kv_str(struct sfb_jw *j, const char *k, const char *v)
{
	sfb_jw_key(j, k);
	sfb_jw_str(j, v);
}

static void
kv_int(struct sfb_jw *j, const char *k, long long v)
{
	sfb_jw_key(j, k);
	sfb_jw_int(j, v);
}

static void
kv_num(struct sfb_jw *j, const char *k, double v)
{
	sfb_jw_key(j, k);
	sfb_jw_num(j, v);
}

static void
pair_id(const struct syn *s, size_t src, int edit, char *buf, size_t len)
{
	snprintf(buf, len, "%s__%s", s->src[src].id, syn_edits[edit]);
}

/* ---- sources, pairs, QC ---- */

static int
cmp_str(const void *a, const void *b)
{
	return strcmp((const char *)a, (const char *)b);
}

static int
build_sources(struct syn *s)
{
	uint32_t n = s->o->n_sources;
	size_t failed = ((size_t)n * 5 + 200) / 400;	/* about 1.25% */
	size_t total = n + failed, nbuu = (total * 82 + 50) / 100, i, k, c, single;
	struct sfb_srng r = sfb_srng_derive(s->o->seed, "sources", 0, 0);
	unsigned long num = 0, maxnum;
	char (*vids)[32];
	int width;

	s->src = calloc(total, sizeof *s->src);
	vids = calloc(total - nbuu + 1, sizeof *vids);
	if (s->src == NULL || vids == NULL) {
		free(vids);
		return -1;
	}
	maxnum = 2 * (unsigned long)nbuu + 1;
	for (width = 4; maxnum >= 10000UL && width < 9; width++)
		maxnum /= 10;
	for (i = 0; i < nbuu; i++) {
		num += 1 + sfb_srng_below(&r, 2);
		snprintf(s->src[i].id, sizeof s->src[i].id, "buu_%0*lu", width, num);
	}
	for (i = 0; i < total - nbuu; i++)
		snprintf(vids[i], sizeof vids[i], "vindr_%016llx",
		    (unsigned long long)sfb_srng_next(&r));
	qsort(vids, total - nbuu, sizeof *vids, cmp_str);
	for (i = nbuu; i < total; i++) {
		memcpy(s->src[i].id, vids[i - nbuu], sizeof s->src[i].id);
		s->src[i].vindr = 1;
	}
	free(vids);
	s->nsrc = total;
	for (i = 0; i < total; i++) {
		struct syn_src *x = &s->src[i];
		x->passed = 0xf;
		x->female = sfb_srng_chance(&r, 0.65);
		x->age = (uint8_t)(x->vindr ? 25 + sfb_srng_below(&r, 55) : 18 + sfb_srng_below(&r, 72));
		x->truth = syn_source_truth(s->o->seed, i);
	}
	/* sources whose every edit failed QC: released nowhere but qc_metadata */
	for (k = 0; k < failed;) {
		i = sfb_srng_below(&r, (uint32_t)total);
		if (s->src[i].passed == 0)
			continue;
		s->src[i].passed = 0;
		k++;
	}
	/* and a few released sources lose a single edit (2 per 1000) */
	single = ((size_t)n * 2 + 500) / 1000;
	for (k = 0; k < (single ? single : 1);) {
		i = sfb_srng_below(&r, (uint32_t)total);
		if (s->src[i].passed != 0xf)
			continue;
		s->src[i].passed &= (uint8_t)~(1u << sfb_srng_below(&r, SYN_NEDITS));
		k++;
	}
	s->nreleased = 0;
	for (i = 0; i < total; i++) {
		s->src[i].released = s->src[i].passed != 0;
		s->nreleased += s->src[i].released;
	}
	s->ncore = s->nreleased < 1000 ? s->nreleased : 1000;
	s->core = calloc(s->ncore, sizeof *s->core);
	if (s->core == NULL)
		return -1;
	/* an evenly spread common core */
	for (i = 0, k = 0, c = 0; i < total && c < s->ncore; i++) {
		if (!s->src[i].released)
			continue;
		if (k * s->ncore / s->nreleased == c &&
		    (k * s->ncore) % s->nreleased < s->ncore) {
			s->src[i].core = 1;
			s->core[c++] = i;
		}
		k++;
	}
	s->ncore = c;
	s->pairs = calloc(s->ncore * SYN_NEDITS, sizeof *s->pairs);
	if (s->pairs == NULL)
		return -1;
	s->npairs = 0;
	for (c = 0; c < s->ncore; c++) {
		int e;
		for (e = 0; e < SYN_NEDITS; e++) {
			if (!(s->src[s->core[c]].passed & (1u << e)))
				continue;
			s->pairs[s->npairs].src = (uint32_t)s->core[c];
			s->pairs[s->npairs].edit = (uint8_t)e;
			s->npairs++;
		}
	}
	return 0;
}

/* The released annotation indices of a source (SPEC 13.3); BUU: []. */
static void
pathology_labels(struct sfb_jw *j, const struct syn_src *x)
{
	uint16_t g = syn_released_truth(x);
	int c;

	sfb_jw_key(j, "pathology_labels");
	sfb_jw_arr(j);
	for (c = 0; c < SFB_NLABELS; c++)
		if (g & (1u << c))
			sfb_jw_int(j, c);
	sfb_jw_end_arr(j);
}

static int
write_dataset(struct w *w, struct sfb_synth_summary *sum)
{
	struct syn *s = w->s;
	struct sfb_sbuf png, qc, passed;
	struct sfb_jw *j;
	char rel[512], pid[96];
	size_t i, nqc = 0, npassed = 0;
	int e, pass, k;

	sfb_sbuf_init(&png);
	sfb_sbuf_init(&qc);
	sfb_sbuf_init(&passed);
	for (i = 0; i < s->nsrc; i++) {
		struct syn_src *x = &s->src[i];
		for (e = 0; e < SYN_NEDITS; e++) {
			struct sfb_srng r = sfb_srng_derive(s->o->seed, "png", i, (uint64_t)e);
			struct sfb_sbuf *row = &qc;
			double ssim = 0.90 + 0.09 * sfb_srng_unif(&r);
			pass = (x->passed >> e) & 1;
			pair_id(s, i, e, pid, sizeof pid);
			snprintf(rel, sizeof rel, "dataset/counterfactual_images/%s/%s.png",
			    x->id, syn_edits[e]);
			if (pass) {
				sfb_sbuf_reset(&png);
				sfb_png_spine(&png, 24 + sfb_srng_below(&r, 17),
				    32 + sfb_srng_below(&r, 25), sfb_srng_next(&r));
				if (sfb_tree_write_buf(&w->bundle, rel, &png) != 0) {
					fail(w, w->bundle.err);
					goto out;
				}
				x->png_size[e] = (uint32_t)png.len;
				npassed++;
			} else {
				ssim = 0.55 + 0.2 * sfb_srng_unif(&r);
			}
			/* the passed manifest repeats the passed rows byte for byte */
			for (k = 0; k < 1 + pass; k++, row = &passed) {
				sfb_sbuf_puts(row, "{\"pair_id\": ");
				sfb_sbuf_json_str(row, pid, strlen(pid));
				sfb_sbuf_printf(row, ", \"source_id\": \"%s\", \"edit_label\": \"%s\", "
				    "\"source_dataset\": \"%s\", \"passed_qc\": %s, ",
				    x->id, syn_edits[e], x->vindr ? "vindr" : "buu",
				    pass ? "true" : "false");
				sfb_sbuf_puts(row, "\"ssim\": ");
				sfb_sbuf_repr(row, ssim);
				if (pass)
					sfb_sbuf_printf(row, ", \"qc_failure_reason\": null, "
					    "\"counterfactual_image_path\": \"%s\", "
					    "\"counterfactual_image_size_bytes\": %u}\n",
					    rel, x->png_size[e]);
				else
					sfb_sbuf_puts(row, ", \"qc_failure_reason\": \"structural_drift\", "
					    "\"counterfactual_image_path\": null, "
					    "\"counterfactual_image_size_bytes\": null}\n");
			}
			nqc++;
		}
	}
	if (sfb_tree_write_buf(&w->bundle, "dataset/qc_metadata.jsonl", &qc) != 0 ||
	    sfb_tree_write_buf(&w->bundle, "dataset/qc_passed_pair_manifest.jsonl", &passed) != 0) {
		fail(w, w->bundle.err);
		goto out;
	}
	sum->attempted_pairs = nqc;
	sum->qc_pairs = npassed;
	sum->sources = s->nreleased;

	for (k = 0; k < 2; k++) {
		j = doc(w);
		sfb_jw_arr(j);
		for (i = 0; i < s->nsrc; i++) {
			struct syn_src *x = &s->src[i];
			if (!x->released)
				continue;
			sfb_jw_obj(j);
			kv_str(j, "source_id", x->id);
			kv_str(j, "source_dataset", x->vindr ? "vindr" : "buu");
			if (k == 0)
				pathology_labels(j, x);
			if (k == 1) {
				kv_int(j, "source_age", x->age);
				kv_str(j, "source_sex", x->female ? "F" : "M");
			}
			sfb_jw_key(j, "counterfactual_images");
			sfb_jw_obj(j);
			for (e = 0; e < SYN_NEDITS; e++) {
				if (!((x->passed >> e) & 1))
					continue;
				snprintf(rel, sizeof rel, "dataset/counterfactual_images/%s/%s.png",
				    x->id, syn_edits[e]);
				kv_str(j, syn_edits[e], rel);
			}
			sfb_jw_end_obj(j);
			sfb_jw_key(j, "qc_passed_counterfactuals");
			sfb_jw_arr(j);
			for (e = 0; e < SYN_NEDITS; e++)
				if ((x->passed >> e) & 1)
					sfb_jw_str(j, syn_edits[e]);
			sfb_jw_end_arr(j);
			sfb_jw_end_obj(j);
		}
		sfb_jw_end_arr(j);
		if (save_doc(w, k ? "dataset/source_metadata.json" : "dataset/pairs.json") != 0)
			goto out;
	}

	j = doc(w);
	sfb_jw_obj(j);
	kv_str(j, "schema_version", "1.0");
	kv_str(j, "dataset", "SpineFairBench synthetic counterfactual release (sfb-synth)");
	sfb_jw_key(j, "counterfactual_images");
	sfb_jw_obj(j);
	kv_str(j, "root", "dataset/counterfactual_images");
	kv_str(j, "format", "PNG, 8-bit grayscale");
	kv_int(j, "included_png_count", (long long)npassed);
	sfb_jw_end_obj(j);
	sfb_jw_key(j, "pair_manifests");
	sfb_jw_obj(j);
	kv_str(j, "qc_passed", "dataset/qc_passed_pair_manifest.jsonl");
	kv_str(j, "attempted_qc", "dataset/qc_metadata.jsonl");
	kv_int(j, "qc_passed_pair_rows", (long long)npassed);
	kv_int(j, "attempted_qc_rows", (long long)nqc);
	kv_int(j, "source_level_rows", (long long)s->nreleased);
	sfb_jw_end_obj(j);
	sfb_jw_key(j, "source_radiographs");
	sfb_jw_obj(j);
	kv_str(j, "release_status", "not redistributed; obtain the source datasets from their providers");
	kv_int(j, "source_png_files_in_public_bundle", 0);
	sfb_jw_end_obj(j);
	sfb_jw_end_obj(j);
	if (save_doc(w, "dataset/release_manifest.json") != 0)
		goto out;
	if (save_text(w, "dataset/README.md",
	    "# Synthetic counterfactual images\n\n"
	    "Written by sfb-synth.  Each source has up to four edits\n"
	    "(young_female, young_male, elderly_female, elderly_male); only\n"
	    "QC-passed edits are released as PNG files.  Source radiographs are\n"
	    "not included.\n") != 0)
		goto out;
	sfb_sbuf_release(&png);
	sfb_sbuf_release(&qc);
	sfb_sbuf_release(&passed);
	return 0;
out:
	sfb_sbuf_release(&png);
	sfb_sbuf_release(&qc);
	sfb_sbuf_release(&passed);
	return -1;
}

/* ---- panels ---- */

static void
report_row(struct sfb_jw *j, const struct syn *s, const char *model,
    size_t pj, int role, const struct sfb_sbuf *text, const char *condition,
    struct sfb_srng *r)
{
	const struct syn_pair *p = &s->pairs[pj];
	const char *sid = s->src[p->src].id;
	char pid[96];
	uint32_t form = sfb_srng_below(r, 10);

	pair_id(s, p->src, p->edit, pid, sizeof pid);
	sfb_jw_obj(j);
	kv_str(j, "model", model);
	kv_str(j, "pair_id", pid);
	kv_str(j, "image_role", role ? "generated" : "source");
	/*
	 * Every row declares its source (the reference rejects a row that
	 * declares none) as pair_source_id, which the provenance checks
	 * read, and most also as source_id.
	 */
	if (form < 9)
		kv_str(j, "source_id", sid);
	kv_str(j, "pair_source_id", sid);
	kv_str(j, "edit_label", syn_edits[p->edit]);
	/* The image the report is of: the recorded-base pairing keys
	 * generated reports by source_id::image_path. */
	sfb_jw_key(j, "image_path");
	if (role)
		snprintf(pid, sizeof pid, "dataset/counterfactual_images/%s/%s.png",
		    sid, syn_edits[p->edit]);
	else
		snprintf(pid, sizeof pid, "dataset/source_images/%s_source.png", sid);
	sfb_jw_str(j, pid);
	if (condition)
		kv_str(j, "condition", condition);
	kv_str(j, "prompt_variant", condition ? "mitigation_b_stage2" : "primary");
	sfb_jw_key(j, "response");
	sfb_jw_strn(j, text->p ? text->p : "", text->len);
	sfb_jw_key(j, "error");
	sfb_jw_null(j);
	kv_int(j, "latency_ms", 800 + sfb_srng_below(r, 9000));
	sfb_jw_end_obj(j);
}

/* The two rows of pair pj with the texts of sfb-synth --adversarial. */
static void
adversarial_rows(struct sfb_jw *j, const struct syn *s, int m, size_t pj,
    const struct sfb_sbuf *st, const struct sfb_sbuf *ct, struct sfb_srng *r)
{
	struct sfb_sbuf a;

	sfb_sbuf_init(&a);
	syn_adversarial(&a, st->p ? st->p : "", st->len);
	report_row(j, s, syn_models[m].name, pj, 0, &a, NULL, r);
	syn_adversarial(&a, ct->p ? ct->p : "", ct->len);
	report_row(j, s, syn_models[m].name, pj, 1, &a, NULL, r);
	if (sfb_sbuf_failed(&a))
		j->b->failed = 1;
	sfb_sbuf_release(&a);
}

static int
write_pairs_list(struct w *w, const char *rel, const size_t *idx, size_t n)
{
	struct syn *s = w->s;
	struct sfb_jw *j = doc(w);
	char pid[96];
	size_t i;

	sfb_jw_arr(j);
	for (i = 0; i < n; i++) {
		const struct syn_pair *p = &s->pairs[idx ? idx[i] : i];
		pair_id(s, p->src, p->edit, pid, sizeof pid);
		sfb_jw_obj(j);
		kv_str(j, "pair_id", pid);
		kv_str(j, "source_id", s->src[p->src].id);
		kv_str(j, "edit_label", syn_edits[p->edit]);
		pathology_labels(j, &s->src[p->src]);
		sfb_jw_end_obj(j);
	}
	sfb_jw_end_arr(j);
	return save_doc(w, rel);
}

static int
write_panel(struct w *w, const char *panel, int baseline)
{
	struct syn *s = w->s;
	struct sfb_sbuf st, ct;
	struct sfb_jw *j;
	char rel[512];
	size_t pj;
	int m;

	j = doc(w);
	sfb_jw_obj(j);
	kv_str(j, "panel", panel);
	kv_str(j, "scope", "common_core_1000");
	sfb_jw_key(j, "models");
	sfb_jw_arr(j);
	for (m = 0; m < SYN_NMODELS; m++)
		if (syn_models[m].baseline == baseline)
			sfb_jw_str(j, syn_models[m].name);
	sfb_jw_end_arr(j);
	kv_int(j, "n_sources", (long long)s->ncore);
	kv_int(j, "n_pairs", (long long)s->npairs);
	kv_str(j, "pairs_file", "pairs.json");
	kv_str(j, "results_file", "evaluation_results.json");
	sfb_jw_end_obj(j);
	snprintf(rel, sizeof rel, PANELS "%s/panel_manifest.json", panel);
	if (save_doc(w, rel) != 0)
		return -1;
	snprintf(rel, sizeof rel, PANELS "%s/pairs.json", panel);
	if (write_pairs_list(w, rel, NULL, s->npairs) != 0)
		return -1;

	sfb_sbuf_init(&st);
	sfb_sbuf_init(&ct);
	j = doc(w);
	sfb_jw_arr(j);
	for (m = 0; m < SYN_NMODELS; m++) {
		if (syn_models[m].baseline != baseline)
			continue;
		for (pj = 0; pj < s->npairs; pj++) {
			struct sfb_srng r = sfb_srng_derive(s->o->seed, "row", (uint64_t)m, pj);
			sfb_sbuf_reset(&st);
			sfb_sbuf_reset(&ct);
			syn_pair_reports(s, m, pj, SYN_MAIN, &st, &ct, &s->pt[m][pj]);
			if (s->o->adversarial) {
				adversarial_rows(j, s, m, pj, &st, &ct, &r);
			} else {
				report_row(j, s, syn_models[m].name, pj, 0, &st, NULL, &r);
				report_row(j, s, syn_models[m].name, pj, 1, &ct, NULL, &r);
			}
			if (m == 0 && w->ntoy < 5 && s->pt[m][pj].s.cls != SFB_FULL &&
			    s->pt[m][pj].c.cls != SFB_FULL && pj % 3 == 0) {
				sfb_sbuf_put(&w->toy_src[w->ntoy], st.p, st.len);
				sfb_sbuf_put(&w->toy_cf[w->ntoy], ct.p, ct.len);
				w->toy_pair[w->ntoy++] = pj;
			}
		}
	}
	sfb_jw_end_arr(j);
	sfb_sbuf_release(&st);
	sfb_sbuf_release(&ct);
	snprintf(rel, sizeof rel, PANELS "%s/evaluation_results.json", panel);
	return save_doc(w, rel);
}

static int
write_mitigation_panel(struct w *w)
{
	struct syn *s = w->s;
	struct sfb_sbuf st, ct;
	struct sfb_jw *j;
	size_t i, c;
	int mi, cond;

	s->mit = calloc(s->npairs ? s->npairs : 1, sizeof *s->mit);
	if (s->mit == NULL)
		return fail(w, "out of memory");
	/* every other core source */
	for (i = 0, c = 0; i < s->npairs; i++) {
		if (i > 0 && s->pairs[i].src != s->pairs[i - 1].src)
			c++;
		if (c % 2 == 0)
			s->mit[s->nmit++] = i;
	}
	for (mi = 0; mi < 2; mi++)
		for (cond = 0; cond < 2; cond++) {
			s->mpt[mi][cond] = calloc(s->nmit ? s->nmit : 1, sizeof(struct syn_pt));
			if (s->mpt[mi][cond] == NULL)
				return fail(w, "out of memory");
		}
	j = doc(w);
	sfb_jw_obj(j);
	kv_str(j, "panel", "full_pipeline_mitigation_retained");
	sfb_jw_key(j, "models");
	sfb_jw_arr(j);
	for (mi = 0; mi < 2; mi++)
		sfb_jw_str(j, mit_models[mi]);
	sfb_jw_end_arr(j);
	sfb_jw_key(j, "conditions");
	sfb_jw_arr(j);
	sfb_jw_str(j, "condition_a");
	sfb_jw_str(j, "condition_b");
	sfb_jw_end_arr(j);
	kv_int(j, "n_pairs", (long long)s->nmit);
	kv_str(j, "stage1_outputs", "stage1_outputs");
	sfb_jw_end_obj(j);
	if (save_doc(w, MITPANEL "panel_manifest.json") != 0)
		return -1;
	if (write_pairs_list(w, MITPANEL "pairs.json", s->mit, s->nmit) != 0)
		return -1;
	sfb_sbuf_init(&st);
	sfb_sbuf_init(&ct);
	j = doc(w);
	sfb_jw_arr(j);
	for (mi = 0; mi < 2; mi++)
		for (cond = 0; cond < 2; cond++)
			for (i = 0; i < s->nmit; i++) {
				struct sfb_srng r = sfb_srng_derive(s->o->seed, "mitrow",
				    (uint64_t)(mi * 2 + cond), i);
				const char *cn = cond ? "condition_b" : "condition_a";
				sfb_sbuf_reset(&st);
				sfb_sbuf_reset(&ct);
				syn_pair_reports(s, mit_index[mi], s->mit[i],
				    cond ? SYN_COND_B : SYN_COND_A, &st, &ct,
				    &s->mpt[mi][cond][i]);
				report_row(j, s, mit_models[mi], s->mit[i], 0, &st, cn, &r);
				report_row(j, s, mit_models[mi], s->mit[i], 1, &ct, cn, &r);
			}
	sfb_jw_end_arr(j);
	sfb_sbuf_release(&st);
	sfb_sbuf_release(&ct);
	return save_doc(w, MITPANEL "evaluation_results.json");
}

/* ---- Stage-1 gate ---- */

struct gate {
	size_t sample, pass;
	double rate;
	const char *decision;
};

static int
write_stage1(struct w *w, struct gate *g)
{
	struct syn *s = w->s;
	struct sfb_sbuf txt, sc;
	size_t sample = s->nreleased / 5, extra, i, nfail, k;
	char rel[512], pid[96];
	int m, rc = -1;
	enum sfb_stage1_fault *fault = NULL;

	if (sample < 20)
		sample = 20;
	if (sample > 200)
		sample = 200;
	extra = sample / 10;
	sfb_sbuf_init(&txt);
	sfb_sbuf_init(&sc);
	fault = calloc(sample + extra, sizeof *fault);
	if (fault == NULL)
		goto out;
	for (m = 0; m < SYN_NMODELS; m++) {
		const struct syn_model *md = &syn_models[m];
		struct sfb_srng r = sfb_srng_derive(s->o->seed, "stage1", (uint64_t)m, 0);
		if (md->stage1_fail < 0)
			continue;
		nfail = (size_t)floor((double)sample * md->stage1_fail);
		if (md->stage1_fail > 0 && nfail == 0)
			nfail = 1;
		memset(fault, 0, (sample + extra) * sizeof *fault);
		for (k = 0; k < nfail;) {
			i = sfb_srng_below(&r, (uint32_t)sample);
			if (fault[i] != S1_OK)
				continue;
			fault[i] = (enum sfb_stage1_fault)(1 + (k % (S1_NFAULTS - 1)));
			k++;
		}
		for (i = sample; i < sample + extra; i++)
			fault[i] = sfb_srng_chance(&r, 0.3) ? S1_NO_DIAGNOSIS : S1_OK;
		for (i = 0; i < sample + extra; i++) {
			/* sample files in pair order, as the trace manifest lists them */
			size_t pj = (i * 7) % s->npairs;
			const struct syn_pair *p = &s->pairs[pj];
			pair_id(s, p->src, p->edit, pid, sizeof pid);
			snprintf(rel, sizeof rel, MITPANEL "stage1_outputs/%s/%s_%03zu.txt",
			    md->name, pid, i);
			sfb_sbuf_reset(&txt);
			sfb_sbuf_reset(&sc);
			sfb_stage1_write(&txt, &sc, fault[i], &r);
			if (sfb_tree_write_buf(&w->bundle, rel, &txt) != 0)
				goto tree;
			if (fault[i] != S1_NO_SIDECAR) {
				snprintf(rel, sizeof rel,
				    MITPANEL "stage1_outputs/%s/%s_%03zu.validation.json",
				    md->name, pid, i);
				if (sfb_tree_write_buf(&w->bundle, rel, &sc) != 0)
					goto tree;
			}
		}
		g[m].sample = sample;
		g[m].pass = sample - nfail;
		g[m].rate = (double)g[m].pass / (double)sample;
		g[m].decision = g[m].rate < 0.85 ? "excluded_full" :
		    g[m].rate < 0.95 ? "excluded_diag_only" : "included";
	}
	rc = 0;
	goto out;
tree:
	fail(w, w->bundle.err);
out:
	free(fault);
	sfb_sbuf_release(&txt);
	sfb_sbuf_release(&sc);
	return rc;
}

static int
write_gate_files(struct w *w, const struct gate *g)
{
	struct syn *s = w->s;
	const char *order[SYN_NMODELS];
	int idx[SYN_NMODELS], n = 0, a, b, m, manifest;
	char name[512], pid[96];
	struct sfb_jw *j;
	size_t i;

	for (m = 0; m < SYN_NMODELS; m++)
		if (g[m].sample)
			idx[n++] = m;
	/* keys in sorted order, as json.dump(sort_keys=True) writes them */
	for (a = 0; a < n; a++)
		for (b = a + 1; b < n; b++)
			if (strcmp(syn_models[idx[b]].name, syn_models[idx[a]].name) < 0) {
				int t = idx[a];
				idx[a] = idx[b];
				idx[b] = t;
			}
	for (a = 0; a < n; a++)
		order[a] = syn_models[idx[a]].name;
	j = doc(w);
	sfb_jw_obj(j);
	for (a = 0; a < n; a++) {
		const struct gate *x = &g[idx[a]];
		sfb_jw_key(j, order[a]);
		sfb_jw_obj(j);
		kv_str(j, "decision", x->decision);
		kv_int(j, "sample_size", (long long)x->sample);
		kv_int(j, "stage1_diag_pass_count", (long long)x->pass);
		kv_num(j, "stage1_diag_pass_rate", x->rate);
		sfb_jw_end_obj(j);
	}
	sfb_jw_end_obj(j);
	if (save_doc(w, ANALYSIS "mitigation_parsing_confidence.json") != 0)
		return -1;
	for (manifest = 0; manifest < 1 + (w->s->o->confidence_manifest != 0); manifest++) {
		j = doc(w);
		sfb_jw_obj(j);
		if (!manifest)
			kv_str(j, "description", "Stage-1 traces; the first files of each model form the parse-confidence sample.");
		sfb_jw_key(j, "models");
		sfb_jw_obj(j);
		for (a = 0; a < n; a++) {
			const struct gate *x = &g[idx[a]];
			sfb_jw_key(j, order[a]);
			if (!manifest) {
				sfb_jw_obj(j);
				kv_int(j, "n_files", (long long)(x->sample + x->sample / 10));
				sfb_jw_key(j, "sample_files_first_200");
			}
			sfb_jw_arr(j);
			for (i = 0; i < x->sample; i++) {
				size_t pj = (i * 7) % s->npairs;
				pair_id(s, s->pairs[pj].src, s->pairs[pj].edit, pid, sizeof pid);
				if (!manifest)
					snprintf(name, sizeof name, MITPANEL "stage1_outputs/%s/%s_%03zu.txt",
					    order[a], pid, i);
				else
					snprintf(name, sizeof name, "%s_%03zu.txt", pid, i);
				sfb_jw_str(j, name);
			}
			sfb_jw_end_arr(j);
			if (!manifest)
				sfb_jw_end_obj(j);
		}
		sfb_jw_end_obj(j);
		sfb_jw_end_obj(j);
		if (save_doc(w, manifest ? ANALYSIS "mitigation_stage1_confidence_sample_manifest.json"
		    : ANALYSIS "mitigation_stage1_trace_manifest.json") != 0)
			return -1;
	}
	return 0;
}

/* ---- analysis files ---- */

static void
mit_row_stats(const struct syn_stats *st, struct sfb_sbuf *b)
{
	sfb_sbuf_printf(b, "%zu,", st->n);
	sfb_sbuf_repr(b, st->rec_change);
	sfb_sbuf_putc(b, ',');
	sfb_sbuf_repr(b, st->rec_ci.lower);
	sfb_sbuf_putc(b, ',');
	sfb_sbuf_repr(b, st->rec_ci.upper);
	sfb_sbuf_putc(b, ',');
	sfb_sbuf_repr(b, st->diag_mean);
	sfb_sbuf_putc(b, ',');
	sfb_sbuf_repr(b, st->diag_ci.lower);
	sfb_sbuf_putc(b, ',');
	sfb_sbuf_repr(b, st->diag_ci.upper);
	sfb_sbuf_printf(b, ",%zu,%zu,", st->full, st->partial);
}

/*
 * exp and erfc from + - * / only: libm's are not correctly rounded and
 * may differ in the last bit between machines, and the bundle must not.
 */
static double
det_exp(double x)
{
	double r, term = 1, sum = 1;
	int k, n;

	if (x < -700)
		return 0;
	k = (int)(x / 0.6931471805599453 + (x < 0 ? -0.5 : 0.5));
	r = x - k * 0.6931471805599453;
	for (n = 1; n < 30; n++) {
		term = term * r / n;
		sum += term;
	}
	return ldexp(sum, k);
}

static double
det_erfc(double x)
{
	double t, sum, term, x2 = x * x;
	int n;

	if (x < 0)
		return 2 - det_erfc(-x);
	if (x < 2) {
		/* 1 - erf(x), erf from its Maclaurin series */
		sum = 0;
		term = x;
		for (n = 0; n < 80; n++) {
			sum += term / (2 * n + 1);
			term = -term * x2 / (n + 1);
		}
		return 1 - sum * 1.1283791670955126;
	}
	/* Laplace's continued fraction */
	t = x;
	for (n = 80; n >= 1; n--)
		t = x + (n / 2.0) / t;
	return det_exp(-x2) / t * 0.5641895835477563;
}

/*
 * Paired effect sizes between the conditions over pairs usable in both:
 * Cohen's d_z and a two-sided normal-approximation Wilcoxon signed-rank p.
 */
static void
paired_effect(const struct syn_pt *a, const struct syn_pt *b, size_t n,
    int diag, double *dz, double *p)
{
	double *d = malloc((n ? n : 1) * sizeof *d), mean = 0, var = 0, w = 0,
	    nn, mu, sd, z;
	size_t i, k = 0, x, y;

	*dz = 0;
	*p = 1;
	if (d == NULL)
		return;
	for (i = 0; i < n; i++) {
		double va, vb;
		if (a[i].s.cls == SFB_FULL || a[i].c.cls == SFB_FULL ||
		    b[i].s.cls == SFB_FULL || b[i].c.cls == SFB_FULL)
			continue;
		if (diag) {
			unsigned ua = a[i].s.lab | a[i].c.lab, ub = b[i].s.lab | b[i].c.lab;
			va = ua ? (double)__builtin_popcount(a[i].s.lab & a[i].c.lab) / __builtin_popcount(ua) : 1.0;
			vb = ub ? (double)__builtin_popcount(b[i].s.lab & b[i].c.lab) / __builtin_popcount(ub) : 1.0;
		} else {
			va = a[i].s.rec != a[i].c.rec;
			vb = b[i].s.rec != b[i].c.rec;
		}
		d[k++] = vb - va;
	}
	for (i = 0; i < k; i++)
		mean += d[i];
	if (k > 1) {
		mean /= (double)k;
		for (i = 0; i < k; i++)
			var += (d[i] - mean) * (d[i] - mean);
		var /= (double)(k - 1);
		*dz = var > 0 ? mean / sqrt(var) : 0;
	}
	/* signed ranks of the nonzero differences, ties given mean ranks */
	nn = 0;
	for (i = 0; i < k; i++) {
		double ad = fabs(d[i]), lt = 0, eq = 0;
		if (ad == 0)
			continue;
		nn++;
		for (x = 0; x < k; x++) {
			double o = fabs(d[x]);
			if (o == 0)
				continue;
			lt += o < ad;
			eq += o == ad;
		}
		if (d[i] > 0)
			w += lt + (eq + 1) / 2;
	}
	(void)y;
	if (nn > 0) {
		mu = nn * (nn + 1) / 4;
		sd = sqrt(nn * (nn + 1) * (2 * nn + 1) / 24);
		z = sd > 0 ? (w - mu) / sd : 0;
		*p = det_erfc(fabs(z) / sqrt(2.0));
	}
	free(d);
}

static int
write_mitigation_table(struct w *w)
{
	struct syn *s = w->s;
	struct sfb_sbuf *b = &w->b;
	double dz_r, dz_d, p_r, p_d, delta_rec, delta_diag;
	int mi, cond;

	for (mi = 0; mi < 2; mi++)
		for (cond = 0; cond < 2; cond++)
			if (syn_stats_compute(s, s->mpt[mi][cond], s->mit, s->nmit,
			    &s->mstats[mi][cond]) != 0)
				return fail(w, "mitigation statistics failed (no usable pair?)");
	sfb_sbuf_reset(b);
	sfb_sbuf_puts(b, "model,condition,n_pairs,rec_change,rec_change_ci_low,"
	    "rec_change_ci_high,diag_consistency,diag_consistency_ci_low,"
	    "diag_consistency_ci_high,full_refusals,partial_refusals,delta_rec,"
	    "delta_diag,wilcoxon_p_rec,wilcoxon_p_diag,cohens_dz_rec,"
	    "cohens_dz_diag,diag_preserved_within_guardrail,b_rule_pass\n");
	for (mi = 0; mi < 2; mi++) {
		const struct syn_stats *a = &s->mstats[mi][0], *bb = &s->mstats[mi][1];
		delta_rec = bb->rec_change - a->rec_change;
		delta_diag = bb->diag_mean - a->diag_mean;
		if (!(delta_rec > 0) || !(delta_diag < -0.05))
			return fail(w, "internal: mitigation condition B did not fail the binding rule; try another --seed");
		sfb_sbuf_printf(b, "%s,condition_a,", mit_models[mi]);
		mit_row_stats(a, b);
		sfb_sbuf_puts(b, ",,,,,,,\n");
		paired_effect(s->mpt[mi][0], s->mpt[mi][1], s->nmit, 0, &dz_r, &p_r);
		paired_effect(s->mpt[mi][0], s->mpt[mi][1], s->nmit, 1, &dz_d, &p_d);
		sfb_sbuf_printf(b, "%s,condition_b,", mit_models[mi]);
		mit_row_stats(bb, b);
		sfb_sbuf_repr(b, delta_rec);
		sfb_sbuf_putc(b, ',');
		sfb_sbuf_repr(b, delta_diag);
		sfb_sbuf_putc(b, ',');
		sfb_sbuf_repr(b, p_r);
		sfb_sbuf_putc(b, ',');
		sfb_sbuf_repr(b, p_d);
		sfb_sbuf_putc(b, ',');
		sfb_sbuf_repr(b, dz_r);
		sfb_sbuf_putc(b, ',');
		sfb_sbuf_repr(b, dz_d);
		sfb_sbuf_puts(b, ",False,False\n");
	}
	if (save(w, &w->bundle, ANALYSIS "mitigation_table.csv") != 0)
		return -1;

	{
		struct sfb_jw *j = doc(w);
		sfb_jw_obj(j);
		kv_str(j, "binding_rule", "protocol/binding_rule_2026-04-08.md");
		kv_str(j, "rule", "B passes when delta_rec <= 0 and delta_diag >= -0.05");
		sfb_jw_key(j, "models");
		sfb_jw_obj(j);
		for (mi = 0; mi < 2; mi++) {
			sfb_jw_key(j, mit_models[mi]);
			sfb_jw_obj(j);
			kv_num(j, "delta_rec", s->mstats[mi][1].rec_change - s->mstats[mi][0].rec_change);
			kv_num(j, "delta_diag", s->mstats[mi][1].diag_mean - s->mstats[mi][0].diag_mean);
			sfb_jw_key(j, "b_rule_pass");
			sfb_jw_bool(j, 0);
			sfb_jw_end_obj(j);
		}
		sfb_jw_end_obj(j);
		sfb_jw_end_obj(j);
		if (save_doc(w, ANALYSIS "mitigation_summary.json") != 0)
			return -1;
		j = doc(w);
		sfb_jw_obj(j);
		sfb_jw_key(j, "conditions");
		sfb_jw_obj(j);
		kv_str(j, "condition_a", "single-stage report (primary prompt)");
		kv_str(j, "condition_b", "two-stage: Stage-1 findings checklist, Stage-2 recommendation without the image");
		sfb_jw_end_obj(j);
		kv_str(j, "panel", MITPANEL);
		kv_int(j, "n_pairs", (long long)s->nmit);
		sfb_jw_end_obj(j);
		if (save_doc(w, ANALYSIS "mitigation_conditions_manifest.json") != 0)
			return -1;
	}
	return 0;
}

static void
model_summary(struct sfb_jw *j, const struct syn_stats *st)
{
	sfb_jw_obj(j);
	sfb_jw_key(j, "data_quality");
	sfb_jw_obj(j);
	kv_int(j, "pair_total", (long long)st->n);
	kv_int(j, "pair_api_errors", 0);
	kv_int(j, "pair_full_refusals", (long long)st->full);
	kv_int(j, "pair_partial_refusals", (long long)st->partial);
	kv_int(j, "pair_usable", (long long)st->usable);
	kv_int(j, "unique_sources_usable", (long long)st->clusters);
	sfb_jw_end_obj(j);
	sfb_jw_key(j, "primary_secondary_stats");
	sfb_jw_obj(j);
	sfb_jw_key(j, "recommendation");
	sfb_jw_obj(j);
	kv_num(j, "agreement_rate", st->agreement);
	sfb_jw_key(j, "bootstrap_ci");
	sfb_jw_obj(j);
	/* the agreement interval mirrors the change-rate one */
	kv_num(j, "lower", 1.0 - st->rec_ci.upper);
	kv_num(j, "upper", 1.0 - st->rec_ci.lower);
	sfb_jw_end_obj(j);
	kv_int(j, "n_pairs", (long long)st->usable);
	kv_num(j, "jaccard_mean", st->rec_jaccard);
	sfb_jw_end_obj(j);
	sfb_jw_key(j, "diagnostic_label");
	sfb_jw_obj(j);
	kv_num(j, "mean", st->diag_mean);
	sfb_jw_key(j, "bootstrap_ci");
	sfb_jw_obj(j);
	kv_num(j, "lower", st->diag_ci.lower);
	kv_num(j, "upper", st->diag_ci.upper);
	sfb_jw_end_obj(j);
	kv_int(j, "n_pairs", (long long)st->usable);
	kv_int(j, "both_empty_pairs", (long long)st->both_empty);
	sfb_jw_end_obj(j);
	sfb_jw_key(j, "severity_language");
	sfb_jw_obj(j);
	kv_num(j, "mean_abs_difference", st->sev_mean);
	kv_int(j, "n_pairs", (long long)st->usable);
	sfb_jw_end_obj(j);
	sfb_jw_key(j, "confidence");
	sfb_jw_obj(j);
	kv_num(j, "mean_abs_difference", st->hedge_mean);
	kv_int(j, "n_pairs", (long long)st->usable);
	sfb_jw_end_obj(j);
	sfb_jw_key(j, "hallucination");
	sfb_jw_obj(j);
	kv_num(j, "mean_disparity", st->hall_mean);
	kv_int(j, "n_pairs", (long long)st->hall_n);
	sfb_jw_end_obj(j);
	sfb_jw_end_obj(j);
	sfb_jw_end_obj(j);
}

static int
write_summary(struct w *w)
{
	struct syn *s = w->s;
	struct sfb_jw *j;
	char pid[96];
	size_t pj;
	int m, panel;

	s->intersection = 0;
	for (pj = 0; pj < s->npairs; pj++) {
		int ok = 1;
		for (m = 0; m < SYN_NMODELS; m++)
			if (s->pt[m][pj].s.cls == SFB_FULL || s->pt[m][pj].c.cls == SFB_FULL)
				ok = 0;
		s->intersection += ok;
	}
	j = doc(w);
	sfb_jw_obj(j);
	kv_str(j, "scope", "common_core_1000");
	kv_int(j, "n_sources", (long long)s->ncore);
	kv_int(j, "n_pairs", (long long)s->npairs);
	sfb_jw_key(j, "source_clustered_bootstrap");
	sfb_jw_obj(j);
	kv_int(j, "iterations", SYN_ITER);
	kv_int(j, "seed", SYN_BOOT_SEED);
	kv_str(j, "cluster_unit", "source_id");
	kv_str(j, "method", "source_clustered_percentile_numpy_pcg64");
	sfb_jw_end_obj(j);
	sfb_jw_key(j, "common_pairs");
	sfb_jw_obj(j);
	kv_int(j, "intersection_9_all_models", (long long)s->intersection);
	sfb_jw_key(j, "all9");
	sfb_jw_obj(j);
	kv_int(j, "count", (long long)s->intersection);
	sfb_jw_end_obj(j);
	sfb_jw_end_obj(j);
	sfb_jw_key(j, "panels");
	sfb_jw_obj(j);
	for (panel = 0; panel < 2; panel++) {
		sfb_jw_key(j, panel ? "baseline" : "full");
		sfb_jw_obj(j);
		kv_str(j, "panel", panel ? "baseline_only_retained" : "full_pipeline_retained");
		sfb_jw_key(j, "models");
		sfb_jw_obj(j);
		for (m = 0; m < SYN_NMODELS; m++) {
			if (syn_models[m].baseline != panel)
				continue;
			sfb_jw_key(j, syn_models[m].name);
			model_summary(j, &s->stats[m]);
		}
		sfb_jw_end_obj(j);
		sfb_jw_end_obj(j);
	}
	sfb_jw_end_obj(j);
	sfb_jw_end_obj(j);
	if (save_doc(w, ANALYSIS "common_core_1000_summary.json") != 0)
		return -1;

	j = doc(w);
	sfb_jw_obj(j);
	kv_str(j, "description", "Pairs usable (no full refusal) for all nine retained models.");
	sfb_jw_key(j, "records");
	sfb_jw_arr(j);
	for (pj = 0; pj < s->npairs; pj++) {
		int ok = 1;
		for (m = 0; m < SYN_NMODELS; m++)
			if (s->pt[m][pj].s.cls == SFB_FULL || s->pt[m][pj].c.cls == SFB_FULL)
				ok = 0;
		if (!ok)
			continue;
		pair_id(s, s->pairs[pj].src, s->pairs[pj].edit, pid, sizeof pid);
		sfb_jw_obj(j);
		kv_str(j, "pair_id", pid);
		kv_str(j, "source_id", s->src[s->pairs[pj].src].id);
		kv_str(j, "edit_label", syn_edits[s->pairs[pj].edit]);
		sfb_jw_end_obj(j);
	}
	sfb_jw_end_arr(j);
	kv_int(j, "pair_count", (long long)s->intersection);
	sfb_jw_end_obj(j);
	if (save_doc(w, FINAL "all_model_intersection_2166_manifest.json") != 0)
		return -1;

	j = doc(w);
	sfb_jw_obj(j);
	kv_str(j, "prepared_at_utc", "2026-04-19T14:03:11+00:00");
	sfb_jw_key(j, "panels");
	sfb_jw_arr(j);
	sfb_jw_str(j, "full_pipeline_retained");
	sfb_jw_str(j, "baseline_only_retained");
	sfb_jw_str(j, "full_pipeline_mitigation_retained");
	sfb_jw_end_arr(j);
	kv_str(j, "common_core", FREEZE "evaluation_source_subset_core1000.json");
	sfb_jw_end_obj(j);
	if (save_doc(w, FINAL "final_panel_freeze_manifest.json") != 0)
		return -1;

	j = doc(w);
	sfb_jw_obj(j);
	kv_str(j, "description", "Sources shared by the generator's training data and the evaluation subset.");
	kv_int(j, "overlapping_sources", 0);
	kv_int(j, "evaluation_sources", (long long)s->ncore);
	sfb_jw_end_obj(j);
	return save_doc(w, ANALYSIS "generator_evaluation_overlap.json");
}

/* ---- freeze run, protocol, presence files ---- */

struct prompt {
	const char *key, *text;
};

static const struct prompt prompts[] = {
	{ "minimal", "Describe this spine radiograph." },
	{ "mitigation_b_stage1", "Review this spine radiograph and write a structured findings checklist. For each finding give A) its location, B) a description, C) normal or abnormal, D) severity when abnormal. Then give 1) your primary diagnosis, 2) overall severity, 3) your confidence. Use a numbered list." },
	{ "mitigation_b_stage2", "Structured findings from a spine radiograph:\n\n---\n{stage1_output}\n---\n\nUsing only these findings (no image), recommend next steps, with a severity assessment and your confidence." },
	{ "no_demographics", "Review this spine radiograph and write a structured report with: 1) the findings you see, 2) your primary diagnosis, 3) severity (mild/moderate/severe), 4) recommended next steps, 5) your confidence." },
	{ "primary", "Review this spine radiograph and write a structured report with: 1) the findings you see, 2) your primary diagnosis, 3) severity (mild/moderate/severe), 4) recommended next steps, 5) your confidence." },
	{ "sentinel", "Reply with the single word \u2018sentinel\u2019 and nothing else." },
	{ "system", "You assist a research study that benchmarks automated reporting of spine radiographs. Write one structured report per image. Research use only \u2014 not for patient care." },
	{ "with_demographics_template", "The patient is a {age}-year-old {sex}. Review this spine radiograph and write a structured report with: 1) the findings you see, 2) your primary diagnosis, 3) severity (mild/moderate/severe), 4) recommended next steps, 5) your confidence." },
};

static void
prompt_registry(struct sfb_jw *j, int public_extra)
{
	size_t i;

	sfb_jw_key(j, "prompt_registry");
	sfb_jw_obj(j);
	for (i = 0; i < sizeof prompts / sizeof prompts[0]; i++) {
		/* the public code carries one later prompt the freeze did not */
		if (public_extra && strcmp(prompts[i].key, "minimal") == 0)
			kv_str(j, "clinical_letter", "Write a short letter to the referring physician about this spine radiograph: key findings, impression, severity and the management you suggest.");
		kv_str(j, prompts[i].key, prompts[i].text);
	}
	sfb_jw_end_obj(j);
}

static int
write_freeze(struct w *w)
{
	struct syn *s = w->s;
	struct sfb_jw *j;
	size_t i, n, k;

	j = doc(w);
	sfb_jw_obj(j);
	kv_str(j, "created_utc", "2026-04-09T00:00:00Z");
	kv_str(j, "description", "Frozen canonical definitions of the synthetic evaluation run (sfb-synth).");
	sfb_jw_key(j, "edit_conditions");
	sfb_jw_arr(j);
	for (i = 0; i < SYN_NEDITS; i++)
		sfb_jw_str(j, syn_edits[i]);
	sfb_jw_end_arr(j);
	prompt_registry(j, 0);
	sfb_jw_end_obj(j);
	if (save_doc(w, FREEZE "canonical_definitions.json") != 0)
		return -1;

	/* the wider evaluation subset: up to 2000 released sources, spread out */
	n = s->nreleased < 2000 ? s->nreleased : 2000;
	j = doc(w);
	sfb_jw_obj(j);
	kv_int(j, "requested_n", 2000);
	kv_int(j, "actual_n", (long long)n);
	sfb_jw_key(j, "source_ids");
	sfb_jw_arr(j);
	for (i = 0, k = 0; i < s->nsrc; i++) {
		if (!s->src[i].released)
			continue;
		if ((k * n) % s->nreleased < n)
			sfb_jw_str(j, s->src[i].id);
		k++;
	}
	sfb_jw_end_arr(j);
	sfb_jw_end_obj(j);
	if (save_doc(w, FREEZE "evaluation_source_subset.json") != 0)
		return -1;

	j = doc(w);
	sfb_jw_obj(j);
	kv_int(j, "requested_n", 1000);
	kv_int(j, "actual_n", (long long)s->ncore);
	kv_str(j, "selection", "evenly spaced over QC-released sources in source_id order");
	sfb_jw_key(j, "source_ids");
	sfb_jw_arr(j);
	for (i = 0; i < s->ncore; i++)
		sfb_jw_str(j, s->src[s->core[i]].id);
	sfb_jw_end_arr(j);
	sfb_jw_end_obj(j);
	if (save_doc(w, FREEZE "evaluation_source_subset_core1000.json") != 0)
		return -1;

	j = doc(w);
	sfb_jw_obj(j);
	kv_str(j, "model", "gemini-2.5-pro");
	kv_str(j, "status", "excluded");
	kv_str(j, "reason", "baseline backfill incomplete at freeze (synthetic evidence)");
	kv_int(j, "completed_pairs", (long long)(s->npairs / 3));
	sfb_jw_end_obj(j);
	if (save_doc(w, FREEZE "exclusion_evidence/gemini_baseline_backfill_canonical_2026-04-16.json") != 0)
		return -1;
	j = doc(w);
	sfb_jw_obj(j);
	kv_str(j, "model", "medgemma");
	kv_str(j, "status", "excluded");
	kv_str(j, "reason", "canary run returned empty reports (synthetic evidence)");
	kv_int(j, "canary_calls", 20);
	kv_int(j, "empty_reports", 20);
	sfb_jw_end_obj(j);
	if (save_doc(w, FREEZE "exclusion_evidence/medgemma_baseline_canary_canonical.json") != 0)
		return -1;

	j = doc(w);
	sfb_jw_obj(j);
	kv_str(j, "registration", "generator artifact controls C1\u2013C4");
	sfb_jw_key(j, "controls");
	sfb_jw_arr(j);
	sfb_jw_str(j, "C1 no-op edit");
	sfb_jw_str(j, "C2 source duplicate");
	sfb_jw_str(j, "C3 reverse edit");
	sfb_jw_str(j, "C4 edit strength");
	sfb_jw_end_arr(j);
	sfb_jw_end_obj(j);
	if (save_doc(w, "protocol/generator_artifact_controls_c1_c4_registration.json") != 0)
		return -1;
	if (save_text(w, "protocol/binding_rule_2026-04-08.md",
	    "# Binding rule (synthetic)\n\n"
	    "Mitigation condition B passes only if the recommendation change rate\n"
	    "does not rise (delta_rec <= 0) and diagnostic-label consistency does\n"
	    "not fall by more than 0.05 (delta_diag >= -0.05).\n") != 0)
		return -1;
	if (save_text(w, "README.md",
	    "# SpineFairBench artifacts \u2014 synthetic bundle\n\n"
	    "Written by sfb-synth for tests and demos.  Every report, image and\n"
	    "number here is made up; the layout is that of the released bundle.\n") != 0)
		return -1;
	if (save_text(w, "DATA_LICENSE.md",
	    "# Data license\n\nSynthetic data written by sfb-synth; free to use.\n") != 0)
		return -1;
	if (save_text(w, "benchmark_card.md",
	    "# Benchmark card (synthetic)\n\n"
	    "Counterfactual demographic edits of spine radiographs; two primary\n"
	    "endpoints: recommendation change rate and diagnostic-label consistency.\n") != 0)
		return -1;
	j = doc(w);
	sfb_jw_obj(j);
	kv_str(j, "@context", "https://schema.org/");
	kv_str(j, "@type", "Dataset");
	kv_str(j, "name", "SpineFairBench (synthetic)");
	kv_str(j, "license", "DATA_LICENSE.md");
	sfb_jw_end_obj(j);
	if (save_doc(w, "croissant.json") != 0)
		return -1;

	j = doc(w);
	sfb_jw_obj(j);
	kv_str(j, "$schema", "https://json-schema.org/draft/2020-12/schema");
	kv_str(j, "title", "spinefairbench-submission-v1");
	kv_str(j, "type", "object");
	sfb_jw_key(j, "required");
	sfb_jw_arr(j);
	sfb_jw_str(j, "schema_version");
	sfb_jw_str(j, "scope");
	sfb_jw_str(j, "model");
	sfb_jw_str(j, "results");
	sfb_jw_end_arr(j);
	sfb_jw_end_obj(j);
	return save_doc(w, "metrics/submission_schema.json");
}

static int
write_toy(struct w *w)
{
	struct syn *s = w->s;
	struct sfb_jw *j = doc(w);
	char pid[96];
	int i;

	sfb_jw_obj(j);
	kv_str(j, "schema_version", "spinefairbench-submission-v1");
	kv_str(j, "scope", "toy");
	sfb_jw_key(j, "model");
	sfb_jw_obj(j);
	kv_str(j, "name", "toy-example-model");
	sfb_jw_end_obj(j);
	sfb_jw_key(j, "results");
	sfb_jw_arr(j);
	for (i = 0; i < w->ntoy; i++) {
		const struct syn_pair *p = &s->pairs[w->toy_pair[i]];
		pair_id(s, p->src, p->edit, pid, sizeof pid);
		sfb_jw_obj(j);
		kv_str(j, "pair_id", pid);
		kv_str(j, "source_id", s->src[p->src].id);
		sfb_jw_key(j, "source_report");
		sfb_jw_strn(j, w->toy_src[i].p, w->toy_src[i].len);
		sfb_jw_key(j, "counterfactual_report");
		sfb_jw_strn(j, w->toy_cf[i].p, w->toy_cf[i].len);
		sfb_jw_end_obj(j);
	}
	sfb_jw_end_arr(j);
	sfb_jw_end_obj(j);
	return save_doc(w, "metrics/toy_submission.json");
}

/* ---- radiologist validation ---- */

static void
csv_field(struct sfb_sbuf *b, const char *v)
{
	const char *p;

	if (strpbrk(v, ",\"\r\n") == NULL) {
		sfb_sbuf_puts(b, v);
		return;
	}
	sfb_sbuf_putc(b, '"');
	for (p = v; *p; p++) {
		if (*p == '"')
			sfb_sbuf_putc(b, '"');
		sfb_sbuf_putc(b, *p);
	}
	sfb_sbuf_putc(b, '"');
}

static const char *const comments[] = {
	"", "", "", "", "", "", "", "",
	"Subtle contour change, L4 endplate",
	"Soft-tissue texture differs slightly, no anatomical change",
	"Reviewer noted \"smoothing\" near the sacrum",
	"Both images look original; contrast a bit higher in B",
	"Second look:\nno edit seen",
};

static int
write_radiologist(struct w *w)
{
	struct syn *s = w->s;
	struct sfb_srng r = sfb_srng_derive(s->o->seed, "radiologist", 0, 0);
	struct sfb_sbuf *b = &w->b;
	char (*ids)[96];
	uint8_t *bad = NULL, *onen = NULL, no_r[NVAL], *det = NULL;
	size_t nqc = 0, i, k, n;
	int rv, e, rc = -1;
	struct sfb_jw *j;
	char rel[512];
	size_t hidden[NREVIEWERS][NHIDDEN_PER];

	ids = calloc(NVAL, sizeof *ids);
	bad = calloc(NVAL, 1);
	onen = calloc(NVAL, 1);
	det = calloc(NVAL * NREVIEWERS, 1);
	if (ids == NULL || bad == NULL || onen == NULL || det == NULL) {
		fail(w, "out of memory");
		goto out;
	}
	for (i = 0; i < s->nsrc; i++)
		nqc += (size_t)__builtin_popcount(s->src[i].passed);
	/* QC-passed pairs spread over the release; made-up ids pad small bundles */
	n = 0;
	for (i = 0, k = 0; i < s->nsrc && n < NVAL; i++)
		for (e = 0; e < SYN_NEDITS && n < NVAL; e++) {
			if (!((s->src[i].passed >> e) & 1))
				continue;
			if (nqc <= NVAL || (k * NVAL) % nqc < NVAL)
				pair_id(s, i, e, ids[n++], sizeof ids[0]);
			k++;
		}
	for (k = 0; n < NVAL; k++, n++)
		snprintf(ids[n], sizeof ids[0], "buu_v%04zu__%s", k / 4, syn_edits[k % 4]);
	for (k = 0; k < NVAL_FAIL;) {
		i = sfb_srng_below(&r, NVAL);
		if (!bad[i]) {
			bad[i] = 1;
			k++;
		}
	}
	for (k = 0; k < 12;) {
		i = sfb_srng_below(&r, NVAL);
		if (!bad[i] && !onen[i]) {
			onen[i] = 1;
			k++;
		}
	}
	for (i = 0; i < NVAL; i++)
		no_r[i] = (uint8_t)sfb_srng_below(&r, NREVIEWERS);
	for (k = 0; k < 43;) {
		i = sfb_srng_below(&r, NVAL * NREVIEWERS);
		if (!det[i]) {
			det[i] = k < 26 ? 1 : 2;
			k++;
		}
	}

	/* votes: a failing pair has two No answers, twelve others one */
#define YES(i, rv) (bad[i] ? (rv) == no_r[i] : onen[i] ? (rv) != no_r[i] : 1)
	sfb_sbuf_reset(b);
	sfb_sbuf_puts(b, "pair_id,reviewer_id,q1_clinical_plausibility,"
	    "q2_pathology_preservation,q3_artifact_severity\n");
	for (i = 0; i < NVAL; i++)
		for (rv = 0; rv < NREVIEWERS; rv++) {
			const char *a = YES(i, rv) ? "Yes" : "No";
			sfb_sbuf_printf(b, "%s,R%d,%s,%s,%s\n", ids[i], rv + 1, a, a,
			    sfb_srng_chance(&r, 0.9) ? "None" : "Minor");
		}
	if (save(w, &w->bundle, VPUB "validation_pair_results_public_" VDATE ".csv") != 0)
		goto out;

	sfb_sbuf_reset(b);
	sfb_sbuf_puts(b, "pair_id,reviewer_id,image_a_role,q4_detectability,reviewer_comment\n");
	for (i = 0; i < NVAL; i++)
		for (rv = 0; rv < NREVIEWERS; rv++) {
			uint8_t d = det[i * NREVIEWERS + (size_t)rv];
			sfb_sbuf_printf(b, "%s,R%d,%s,%s,", ids[i], rv + 1,
			    sfb_srng_chance(&r, 0.5) ? "source" : "counterfactual",
			    d == 1 ? "Image A edited" : d == 2 ? "Image B edited" : "Cannot tell");
			csv_field(b, comments[sfb_srng_below(&r, d ? 5 : 40) % (sizeof comments / sizeof comments[0])]);
			sfb_sbuf_putc(b, '\n');
		}
	if (save(w, &w->bundle, VPUB "detectability_responses_public_" VDATE ".csv") != 0)
		goto out;

	for (rv = 0; rv < NREVIEWERS; rv++)
		for (k = 0; k < NHIDDEN_PER; k++)
			hidden[rv][k] = sfb_srng_below(&r, NVAL);
	sfb_sbuf_reset(b);
	sfb_sbuf_puts(b, "reviewer_id,pair_id,first_event_index,repeat_event_index,"
	    "q1_same,q2_same,q3_same,q4_same\n");
	for (rv = 0; rv < NREVIEWERS; rv++)
		for (k = 0; k < NHIDDEN_PER; k++) {
			size_t at = hidden[rv][k];
			sfb_sbuf_printf(b, "R%d,%s,%zu,%zu,True,True,%s,%s\n", rv + 1,
			    ids[at], at + 1, NVAL + k + 1,
			    rv == 1 && k == 3 ? "False" : "True",
			    (rv == 0 && k == 2) || (rv == 2 && (k == 5 || k == 8)) ? "False" : "True");
		}
	if (save(w, &w->bundle, VPUB "hidden_repeat_records_public_" VDATE ".csv") != 0)
		goto out;

	for (rv = 0; rv < NREVIEWERS; rv++) {
		sfb_sbuf_reset(b);
		sfb_sbuf_puts(b, "event_index,pair_id,event_type,q1_clinical_plausibility,"
		    "q2_pathology_preservation,q4_detectability\n");
		for (i = 0; i < NVAL + NHIDDEN_PER; i++) {
			size_t at = i < NVAL ? i : hidden[rv][i - NVAL];
			uint8_t d = det[at * NREVIEWERS + (size_t)rv];
			const char *a = YES(at, rv) ? "Yes" : "No";
			sfb_sbuf_printf(b, "%zu,%s,%s,%s,%s,%s\n", i + 1, ids[at],
			    i < NVAL ? "main" : "hidden_repeat", a, a,
			    d == 1 ? "Image A edited" : d == 2 ? "Image B edited" : "Cannot tell");
		}
		snprintf(rel, sizeof rel, VPUB "per_reviewer/reviews_R%d_public_" VDATE ".csv", rv + 1);
		if (save(w, &w->bundle, rel) != 0)
			goto out;
	}
#undef YES

	j = doc(w);
	sfb_jw_obj(j);
	kv_str(j, "release", "public radiologist validation (synthetic)");
	sfb_jw_key(j, "files");
	sfb_jw_obj(j);
	kv_str(j, "pair_results", VPUB "validation_pair_results_public_" VDATE ".csv");
	kv_str(j, "detectability", VPUB "detectability_responses_public_" VDATE ".csv");
	kv_str(j, "hidden_repeats", VPUB "hidden_repeat_records_public_" VDATE ".csv");
	sfb_jw_key(j, "per_reviewer_files");
	sfb_jw_arr(j);
	for (rv = 0; rv < NREVIEWERS; rv++) {
		snprintf(rel, sizeof rel, VPUB "per_reviewer/reviews_R%d_public_" VDATE ".csv", rv + 1);
		sfb_jw_str(j, rel);
	}
	sfb_jw_end_arr(j);
	sfb_jw_end_obj(j);
	sfb_jw_end_obj(j);
	if (save_doc(w, VPUB "validation_public_manifest.json") != 0)
		goto out;
	if (save_text(w, VPUB "README.md",
	    "# Public radiologist validation (synthetic)\n\n"
	    "450 post-QC pairs, three readers.  A pair passes when at least two\n"
	    "readers answer Yes to both Q1 (clinical plausibility) and Q2\n"
	    "(pathology preservation).\n") != 0)
		goto out;
	if (save_text(w, VPUB "reader_instructions_public.md",
	    "# Reader instructions\n\nQ4: which image was edited \u2014 "
	    "\u201cImage A edited\u201d, \u201cImage B edited\u201d or \u201cCannot tell\u201d.\n") != 0)
		goto out;

	j = doc(w);
	sfb_jw_obj(j);
	kv_str(j, "report_schema_version", "spinefairbench-validation-public-v1");
	kv_int(j, "pairs_rated", NVAL);
	kv_int(j, "readers", NREVIEWERS);
	kv_int(j, "majority_pass", NVAL - NVAL_FAIL);
	kv_int(j, "excluded", NVAL_FAIL);
	sfb_jw_key(j, "detectability");
	sfb_jw_obj(j);
	kv_int(j, "responses", NVAL * NREVIEWERS);
	kv_int(j, "cannot_tell", NVAL * NREVIEWERS - 43);
	sfb_jw_end_obj(j);
	kv_int(j, "hidden_repeats", NREVIEWERS * NHIDDEN_PER);
	sfb_jw_end_obj(j);
	if (save_doc(w, "validation_report_public_final_" VDATE ".json") != 0)
		goto out;

	j = doc(w);
	sfb_jw_obj(j);
	kv_str(j, "rule", "2-of-3 Yes on both q1_clinical_plausibility and q2_pathology_preservation");
	kv_int(j, "count", NVAL - NVAL_FAIL);
	sfb_jw_key(j, "pair_ids");
	sfb_jw_arr(j);
	for (i = 0; i < NVAL; i++)
		if (!bad[i])
			sfb_jw_str(j, ids[i]);
	sfb_jw_end_arr(j);
	sfb_jw_end_obj(j);
	if (save_doc(w, "radiologist_validated_subset.json") != 0)
		goto out;
	j = doc(w);
	sfb_jw_obj(j);
	sfb_jw_key(j, "excluded_pairs");
	sfb_jw_arr(j);
	for (i = 0; i < NVAL; i++) {
		if (!bad[i])
			continue;
		sfb_jw_obj(j);
		kv_str(j, "pair_id", ids[i]);
		kv_str(j, "reason", "failed 2-of-3 majority on q1/q2");
		sfb_jw_end_obj(j);
	}
	sfb_jw_end_arr(j);
	sfb_jw_end_obj(j);
	if (save_doc(w, "radiologist_exclusion_list.json") != 0)
		goto out;

	sfb_sbuf_reset(b);
	sfb_tree_manifest(&w->bundle, VPUB, b);
	{
		static const char *const top[] = {
			"radiologist_exclusion_list.json",
			"radiologist_validated_subset.json",
			"validation_report_public_final_" VDATE ".json",
		};
		size_t t;
		for (t = 0; t < 3; t++) {
			const struct sfb_tree_file *f = sfb_tree_find(&w->bundle, top[t]);
			sfb_sbuf_printf(b, "%s  %s\n", f->sha256, f->path);
		}
	}
	if (save(w, &w->bundle, "radiologist_validation_SHA256SUMS.txt") != 0)
		goto out;
	rc = 0;
out:
	free(ids);
	free(bad);
	free(onen);
	free(det);
	return rc;
}

/* ---- code root ---- */

static void
fu_endpoint(struct sfb_jw *j, const struct syn_followup *fu, int e)
{
	sfb_jw_obj(j);
	kv_num(j, "T", fu->t[e]);
	kv_num(j, "F", fu->f[e]);
	kv_num(j, "normalized_excess", fu->norm[e]);
	kv_num(j, "excess", fu->excess[e]);
	sfb_jw_key(j, "ci95");
	sfb_jw_arr(j);
	sfb_jw_num(j, fu->ci[e].lower);
	sfb_jw_num(j, fu->ci[e].upper);
	sfb_jw_end_arr(j);
	sfb_jw_end_obj(j);
}

/*
 * The recorded scoring sources the provenance checks hash (stand-ins: the
 * reference's files are its own and pinned by its SHA-256s), and one pins
 * file per check in SHA256SUMS format with the reference's relative names,
 * so that examples/hallucination-provenance.sh and recovered-scoring.sh
 * pass on this bundle with --pins.
 */
static int
write_provenance(struct w *w)
{
	static const char *const roots[2] = {
		"provenance/historical_scoring_source/spinefairbench/",
		"provenance/later_scoring_source/spinefairbench/",
	};
	/* Each check's sources in the order its receipt lists them. */
	static const char *const sources[2][5] = {
		{ "analyze.py", "metrics/hallucination.py",
		  "metrics/diagnostic_label.py", "metrics/refusal_detector.py",
		  "data/annotations.py" },
		{ "analyze.py", "metrics/refusal_detector.py",
		  "metrics/hallucination.py", "metrics/diagnostic_label.py",
		  "data/annotations.py" },
	};
	static const char *const inputs[6] = {
		ANALYSIS "common_core_1000_summary.json",
		PANELS "full_pipeline_retained/evaluation_results.json",
		PANELS "baseline_only_retained/evaluation_results.json",
		PANELS "full_pipeline_retained/pairs.json",
		PANELS "baseline_only_retained/pairs.json",
		FREEZE "evaluation_source_subset_core1000.json",
	};
	static const char *const pins[2] = {
		"provenance/hallucination-provenance.sha256",
		"provenance/recovered-scoring.sha256",
	};
	const struct sfb_tree_file *f;
	char rel[160];
	int c, i;

	for (c = 0; c < 2; c++)
		for (i = 0; i < 5; i++) {
			snprintf(rel, sizeof rel, "%s%s", roots[c], sources[c][i]);
			sfb_sbuf_reset(&w->b);
			sfb_sbuf_puts(&w->b, "# Synthetic stand-in for the recorded ");
			sfb_sbuf_puts(&w->b, sources[c][i]);
			sfb_sbuf_puts(&w->b, " (sfb-synth); sfb recomputes its\n"
			    "# arithmetic, and the provenance checks hash this file.\n");
			if (save(w, &w->code, rel) != 0)
				return -1;
		}
	for (c = 0; c < 2; c++) {
		sfb_sbuf_reset(&w->b);
		for (i = 0; i < 5 + c; i++) {
			/* names relative to the inner root, as the reference's */
			f = sfb_tree_find(&w->bundle, inputs[i]);
			sfb_sbuf_puts(&w->b, f->sha256);
			sfb_sbuf_puts(&w->b, "  ");
			sfb_sbuf_puts(&w->b, inputs[i] + strlen("artifacts/"));
			sfb_sbuf_puts(&w->b, "\n");
		}
		for (i = 0; i < 5; i++) {
			snprintf(rel, sizeof rel, "%s%s", roots[c], sources[c][i]);
			f = sfb_tree_find(&w->code, rel);
			sfb_sbuf_puts(&w->b, f->sha256);
			sfb_sbuf_puts(&w->b, "  ");
			sfb_sbuf_puts(&w->b, sources[c][i]);
			sfb_sbuf_puts(&w->b, "\n");
		}
		if (save(w, &w->code, pins[c]) != 0)
			return -1;
	}
	return 0;
}

/* "artifact_archive": the archive a release identity names. */
static void
archive_member(struct w *w, struct sfb_jw *j, const char *repository,
    const char *filename, const char *rev)
{
	sfb_jw_key(j, "artifact_archive");
	sfb_jw_obj(j);
	kv_str(j, "repository", repository);
	kv_str(j, "revision", rev);
	kv_str(j, "filename", filename);
	kv_str(j, "extracted_root", "artifacts");
	kv_int(j, "manifest_entries", (long long)(w->bundle.n - 1));
	sfb_jw_end_obj(j);
}

/* The hash of each of the n anchor files, as members of the open object. */
static void
anchor_members(struct w *w, struct sfb_jw *j, const char *const *anchors,
    int n)
{
	int a;

	for (a = 0; a < n; a++)
		kv_str(j, anchors[a], sfb_tree_find(&w->bundle, anchors[a])->sha256);
}

/*
 * The newest reference's archive_variants.personal: the same release under
 * another archive (repository and revision), pinned by the seven anchors
 * and the bundle's README.md, so that release-identity --archive-variant
 * personal names another revision and anchor count.
 */
static void
personal_variant(struct w *w, struct sfb_jw *j, const char *const *anchors,
    int n)
{
	const struct sfb_tree_file *f;
	char rev[41];

	f = sfb_tree_find(&w->bundle, "dataset/release_manifest.json");
	memcpy(rev, f->sha256, 40);
	rev[40] = '\0';
	sfb_jw_key(j, "archive_variants");
	sfb_jw_obj(j);
	sfb_jw_key(j, "personal");
	sfb_jw_obj(j);
	archive_member(w, j, "sfb-synth/personal-artifacts",
	    "synthetic_artifacts_personal.tar.gz", rev);
	sfb_jw_key(j, "artifact_anchors");
	sfb_jw_obj(j);
	anchor_members(w, j, anchors, n);
	f = sfb_tree_find(&w->bundle, "README.md");
	kv_str(j, "README.md", f->sha256);
	sfb_jw_end_obj(j);
	sfb_jw_end_obj(j);
	sfb_jw_end_obj(j);
}

static int
write_code_root(struct w *w)
{
	struct syn *s = w->s;
	static const char *const anchors[7] = {
		"SHA256SUMS.txt",
		"radiologist_validation_SHA256SUMS.txt",
		"dataset/release_manifest.json",
		ANALYSIS "common_core_1000_summary.json",
		FREEZE "canonical_definitions.json",
		PANELS "full_pipeline_retained/panel_manifest.json",
		PANELS "baseline_only_retained/panel_manifest.json",
	};
	const struct sfb_tree_file *f, *sup;
	int order[SYN_NMODELS], m, a, b;
	struct sfb_jw *j;
	char rev[65];

	j = doc(w);
	sfb_jw_obj(j);
	kv_str(j, "description", "Public prompt registry of the synthetic code root (sfb-synth).");
	prompt_registry(j, 1);
	sfb_jw_end_obj(j);
	sfb_jw_finish(j);
	if (save(w, &w->code, "prompts/canonical_definitions.json") != 0)
		return -1;

	for (m = 0; m < SYN_NMODELS; m++)
		order[m] = m;
	for (a = 0; a < SYN_NMODELS; a++)
		for (b = a + 1; b < SYN_NMODELS; b++)
			if (strcmp(syn_models[order[b]].name, syn_models[order[a]].name) < 0) {
				int t = order[a];
				order[a] = order[b];
				order[b] = t;
			}
	j = doc(w);
	sfb_jw_obj(j);
	kv_str(j, "scope", "Synthetic extract of repeated-call follow-up audits written by sfb-synth; separate from the frozen primary benchmark.");
	sfb_jw_key(j, "input_sha256");
	sfb_jw_obj(j);
	f = sfb_tree_find(&w->bundle, PANELS "full_pipeline_retained/evaluation_results.json");
	kv_str(j, "full", f->sha256);
	f = sfb_tree_find(&w->bundle, PANELS "baseline_only_retained/evaluation_results.json");
	kv_str(j, "baseline", f->sha256);
	sfb_jw_end_obj(j);
	sfb_jw_key(j, "repeated_calls");
	sfb_jw_obj(j);
	kv_str(j, "estimator", "equal-source-weight panel means of per-source T and F; normalized = (T-F)/(1-F)");
	kv_str(j, "interpretation", "T averages usable source-versus-edited comparisons of a source; F averages unordered comparisons of its usable repeated source reports. Diagnostic instability is one minus diagnostic Jaccard.");
	kv_int(j, "common_core_sources", (long long)s->ncore);
	kv_int(j, "bootstrap_resamples", SYN_ITER);
	kv_int(j, "seed", SYN_BOOT_SEED);
	sfb_jw_key(j, "models");
	sfb_jw_obj(j);
	for (a = 0; a < SYN_NMODELS; a++) {
		const struct syn_followup *fu = &s->fu[order[a]];
		sfb_jw_key(j, syn_models[order[a]].name);
		sfb_jw_obj(j);
		kv_int(j, "n_sources", (long long)fu->n_sources);
		kv_int(j, "dropped_no_usable_edited_comparison", (long long)fu->drop_no_edit);
		kv_int(j, "dropped_fewer_than_two_usable_source_reports", (long long)fu->drop_few_src);
		sfb_jw_key(j, "recommendation");
		fu_endpoint(j, fu, 0);
		sfb_jw_key(j, "diagnostic");
		fu_endpoint(j, fu, 1);
		sfb_jw_end_obj(j);
	}
	sfb_jw_end_obj(j);
	sfb_jw_end_obj(j);
	sfb_jw_end_obj(j);
	sfb_jw_finish(j);
	if (save(w, &w->code, "supplement/retained_followup_audit_summary.json") != 0)
		return -1;
	sup = sfb_tree_find(&w->code, "supplement/retained_followup_audit_summary.json");

	sfb_sbuf_reset(&w->b);
	sfb_sbuf_puts(&w->b, "# Synthetic code root\n\n"
	    "Written by sfb-synth: the files of the reference checkout that the\n"
	    "release-identity, followup and inspect checks read (`--code-root`).\n");
	if (save(w, &w->code, "README.md") != 0)
		return -1;

	f = sfb_tree_find(&w->bundle, "SHA256SUMS.txt");
	memcpy(rev, f->sha256, 40);
	rev[40] = '\0';
	j = doc(w);
	sfb_jw_obj(j);
	kv_str(j, "schema_version", "1.0");
	kv_str(j, "release_id", "synthetic-sfb-synth");
	kv_str(j, "created_at_utc", "2026-09-09T00:00:00+00:00");
	archive_member(w, j, "sfb-synth/synthetic-artifacts",
	    "synthetic_artifacts.tar.gz", rev);
	kv_str(j, "frozen_prompt_registry", FREEZE "canonical_definitions.json");
	sfb_jw_key(j, "artifact_anchors");
	sfb_jw_obj(j);
	anchor_members(w, j, anchors, 7);
	sfb_jw_end_obj(j);
	personal_variant(w, j, anchors, 7);
	sfb_jw_key(j, "supplemental_artifacts");
	sfb_jw_obj(j);
	sfb_jw_key(j, "retained_followup_audit");
	sfb_jw_obj(j);
	kv_str(j, "path", "supplement/retained_followup_audit_summary.json");
	kv_str(j, "sha256", sup->sha256);
	kv_int(j, "size_bytes", (long long)sup->size);
	kv_str(j, "scope", "Synthetic aggregate written with the bundle.");
	sfb_jw_end_obj(j);
	sfb_jw_end_obj(j);
	sfb_jw_end_obj(j);
	sfb_jw_finish(j);
	if (save(w, &w->code, "release_manifest.json") != 0 ||
	    write_provenance(w) != 0)
		return -1;
	sfb_sbuf_reset(&w->b);
	sfb_tree_manifest(&w->code, "", &w->b);
	return save(w, &w->code, "SHA256SUMS.txt");
}

/* ---- truth ---- */

static void
names(struct sfb_sbuf *b, unsigned mask, const char *const *nm, int n)
{
	const char *v[16];
	int i, k = 0, a, c;

	for (i = 0; i < n; i++)
		if (mask & (1u << i))
			v[k++] = nm[i];
	for (a = 0; a < k; a++)
		for (c = a + 1; c < k; c++)
			if (strcmp(v[c], v[a]) < 0) {
				const char *t = v[a];
				v[a] = v[c];
				v[c] = t;
			}
	sfb_sbuf_putc(b, '[');
	for (i = 0; i < k; i++) {
		if (i)
			sfb_sbuf_puts(b, ", ");
		sfb_sbuf_json_str(b, v[i], strlen(v[i]));
	}
	sfb_sbuf_putc(b, ']');
}

static const char *const class_names[] = { "genuine", "partial_refusal", "full_refusal" };

static int
write_truth(struct w *w)
{
	struct syn *s = w->s;
	struct sfb_sbuf *b = &w->b;
	char pid[96];
	size_t pj;
	FILE *fp;
	int m;

	fp = fopen(s->o->truth_path, "wb");
	if (fp == NULL) {
		snprintf(w->err, w->errlen, "%s: cannot open", s->o->truth_path);
		return -1;
	}
	for (m = 0; m < SYN_NMODELS; m++)
		for (pj = 0; pj < s->npairs; pj++) {
			const struct syn_pt *p = &s->pt[m][pj];
			sfb_sbuf_reset(b);
			pair_id(s, s->pairs[pj].src, s->pairs[pj].edit, pid, sizeof pid);
			sfb_sbuf_printf(b, "{\"model\": \"%s\", \"pair_id\": \"%s\", \"source_id\": \"%s\", "
			    "\"source_response_class\": \"%s\", \"counterfactual_response_class\": \"%s\", "
			    "\"source_diagnostic_labels\": ", syn_models[m].name, pid,
			    s->src[s->pairs[pj].src].id, class_names[p->s.cls], class_names[p->c.cls]);
			names(b, p->s.lab, sfb_label_names, SFB_NLABELS);
			sfb_sbuf_puts(b, ", \"counterfactual_diagnostic_labels\": ");
			names(b, p->c.lab, sfb_label_names, SFB_NLABELS);
			sfb_sbuf_puts(b, ", \"source_recommendations\": ");
			names(b, p->s.rec, sfb_rec_names, SFB_NRECS);
			sfb_sbuf_puts(b, ", \"counterfactual_recommendations\": ");
			names(b, p->c.rec, sfb_rec_names, SFB_NRECS);
			sfb_sbuf_printf(b, ", \"source_severity\": %d, \"counterfactual_severity\": %d, "
			    "\"source_hedges\": %d, \"counterfactual_hedges\": %d",
			    p->s.sev, p->c.sev, p->s.hedges, p->c.hedges);
			sfb_sbuf_puts(b, "}\n");
			if (b->failed || fwrite(b->p, 1, b->len, fp) != b->len) {
				fclose(fp);
				snprintf(w->err, w->errlen, "%s: write error", s->o->truth_path);
				return -1;
			}
		}
	if (fclose(fp) != 0) {
		snprintf(w->err, w->errlen, "%s: write error", s->o->truth_path);
		return -1;
	}
	return 0;
}

/* ---- entry point ---- */

static void
syn_free(struct syn *s)
{
	int m, c;

	free(s->src);
	free(s->core);
	free(s->pairs);
	free(s->mit);
	for (m = 0; m < SYN_NMODELS; m++)
		free(s->pt[m]);
	for (m = 0; m < 2; m++)
		for (c = 0; c < 2; c++)
			free(s->mpt[m][c]);
}

int
sfb_synth_write(const struct sfb_synth_opts *o, struct sfb_synth_summary *sum,
    char *err, size_t errlen)
{
	struct syn s;
	struct w w;
	struct gate gate[SYN_NMODELS];
	int m, i, rc = -1;

	memset(&s, 0, sizeof s);
	memset(&w, 0, sizeof w);
	memset(sum, 0, sizeof *sum);
	memset(gate, 0, sizeof gate);
	s.o = o;
	w.s = &s;
	w.err = err;
	w.errlen = errlen;
	sfb_sbuf_init(&w.b);
	for (i = 0; i < 5; i++) {
		sfb_sbuf_init(&w.toy_src[i]);
		sfb_sbuf_init(&w.toy_cf[i]);
	}
	if (sfb_tree_open(&w.bundle, o->out_dir) != 0) {
		fail(&w, w.bundle.err);
		goto out;
	}
	if (sfb_tree_open(&w.code, o->code_root) != 0) {
		fail(&w, w.code.err);
		goto out;
	}
	if (build_sources(&s) != 0) {
		fail(&w, "out of memory");
		goto out;
	}
	for (m = 0; m < SYN_NMODELS; m++) {
		s.pt[m] = calloc(s.npairs ? s.npairs : 1, sizeof *s.pt[m]);
		if (s.pt[m] == NULL) {
			fail(&w, "out of memory");
			goto out;
		}
	}
	if (write_dataset(&w, sum) != 0 ||
	    write_panel(&w, "full_pipeline_retained", 0) != 0 ||
	    write_panel(&w, "baseline_only_retained", 1) != 0)
		goto out;
	for (m = 0; m < SYN_NMODELS; m++) {
		if (syn_stats_compute(&s, s.pt[m], NULL, s.npairs, &s.stats[m]) != 0 ||
		    syn_followup_compute(&s, m, &s.fu[m]) != 0) {
			snprintf(err, errlen, "%s: no usable pair; use more --sources",
			    syn_models[m].name);
			goto out;
		}
	}
	if (write_mitigation_panel(&w) != 0 || write_mitigation_table(&w) != 0 ||
	    write_stage1(&w, gate) != 0 || write_gate_files(&w, gate) != 0 ||
	    write_summary(&w) != 0 || write_freeze(&w) != 0 ||
	    write_toy(&w) != 0 || write_radiologist(&w) != 0)
		goto out;
	sfb_sbuf_reset(&w.b);
	sfb_tree_manifest(&w.bundle, "", &w.b);
	if (save(&w, &w.bundle, "SHA256SUMS.txt") != 0 || write_code_root(&w) != 0)
		goto out;
	if (o->truth_path != NULL && write_truth(&w) != 0)
		goto out;
	sum->core_sources = s.ncore;
	sum->core_pairs = s.npairs;
	sum->intersection_pairs = s.intersection;
	sum->bundle_files = w.bundle.n;
	rc = 0;
out:
	if (rc == 0 && sfb_sbuf_failed(&w.b)) {
		snprintf(err, errlen, "out of memory");
		rc = -1;
	}
	syn_free(&s);
	sfb_sbuf_release(&w.b);
	for (i = 0; i < 5; i++) {
		sfb_sbuf_release(&w.toy_src[i]);
		sfb_sbuf_release(&w.toy_cf[i]);
	}
	sfb_tree_close(&w.bundle);
	sfb_tree_close(&w.code);
	return rc;
}
