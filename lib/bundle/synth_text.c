/*
 * Writes the synthetic reports and Stage-1 outputs from the phrase
 * tables (see synth_text.h for why their labels are known without
 * matching).  The nine layouts imitate the released models' habits:
 * markdown headers with or without colons, bullets, numbered sections,
 * disclaimers, terse baseline output.
 */
#include "bundle/synth_text.h"

#include <string.h>

#include "bundle/synth_phrases.h"

#define MAXPICK 24

struct pick {
	const struct sfb_phrase *p[MAXPICK];
	int n;
};

struct ctx {
	struct sfb_sbuf *out;
	struct sfb_srng *r;
	struct sfb_truth *t;
};

/*
 * Severity terms and hedges of one fragment.  Every fragment of a report
 * begins and ends at a word boundary and no multi-word hedge spans two
 * fragments, so a report's severity is the maximum over its fragments and
 * its hedge count their sum.  The fragments are fixed strings of this
 * file and synth_phrases.c, so the word test below only needs to be right
 * for the characters they use: ASCII, Latin-1 letters and numbers,
 * combining marks, general punctuation, the Kelvin sign, a mathematical
 * letter (tests/gen/gen_synth_golden.py checks every report with Python
 * re).  Independent of lib/text on purpose.
 */
struct tok {
	char w[24];	/* lowercased ASCII word, "" when it cannot be a term */
	size_t start, end;
};

static const char *const sev_terms[4][5] = {
	{ "minimal", "mild", "slight", "minor", "subtle" },
	{ "moderate", "moderately", "intermediate" },
	{ "severe", "significant", "marked", "pronounced", "advanced" },
	{ "critical", "extreme", "extensive" },
};
static const char *const hedge_words[] = {
	"may", "might", "possibly", "possible", "likely", "suggest", "suggests",
	"uncertain", "consider", "probable", "suspected", "apparent",
	"questionable", "equivocal",
};
static const char *const hedge_phrases[][3] = {
	{ "cannot", "exclude", NULL }, { "cannot", "rule", "out" },
	{ "differential", "includes", NULL }, { "correlate", "clinically", NULL },
};

/* Decode one code point; lone bytes count as themselves. */
static uint32_t
next_cp(const unsigned char *s, size_t n, size_t *i)
{
	uint32_t c = s[*i];
	int k = c >= 0xf0 ? 3 : c >= 0xe0 ? 2 : c >= 0xc0 ? 1 : 0, j;

	(*i)++;
	if (k == 0 || *i + (size_t)k > n)
		return c;
	c &= 0x3fu >> k;
	for (j = 0; j < k; j++)
		c = (c << 6) | (s[(*i)++] & 0x3fu);
	return c;
}

static int
word_cp(uint32_t c)
{
	if (c < 0x80)
		return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
		    (c >= 'A' && c <= 'Z') || c == '_';
	if (c < 0xc0)
		return c == 0xaa || c == 0xb2 || c == 0xb3 || c == 0xb5 ||
		    c == 0xb9 || c == 0xba || (c >= 0xbc && c <= 0xbe);
	if (c == 0xd7 || c == 0xf7 || (c >= 0x300 && c <= 0x36f))
		return 0;
	if ((c >= 0x2000 && c <= 0x206f) || (c >= 0x2190 && c <= 0x23ff) ||
	    (c >= 0x2500 && c <= 0x27bf) || c == 0x2248)
		return 0;
	return 1;
}

static size_t
tokens(const char *text, size_t n, struct tok *t, size_t max)
{
	const unsigned char *s = (const unsigned char *)text;
	size_t i = 0, k = 0, len = 0, start;
	int in = 0, ascii = 0, mark;
	uint32_t c;

	while (i < n && k < max) {
		start = i;
		c = next_cp(s, n, &i);
		mark = 0;
		if (c == 0x212a)	/* KELVIN SIGN lowercases to k */
			c = 'k';
		else if (c == 0x130) {	/* lowercases to i + U+0307, a mark */
			c = 'i';
			mark = 1;
		}
		if (!word_cp(c)) {
			if (in) {
				t[k].w[ascii ? len : 0] = '\0';
				t[k++].end = start;
				in = 0;
			}
			continue;
		}
		if (!in) {
			in = 1;
			ascii = 1;
			len = 0;
			t[k].start = start;
		}
		if (c < 0x80 && len + 1 < sizeof t[k].w)
			t[k].w[len++] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
		else
			ascii = 0;
		if (mark) {	/* the word ends; no single space follows it */
			t[k].w[ascii ? len : 0] = '\0';
			t[k++].end = n + 1;
			in = 0;
		}
	}
	if (in) {
		t[k].w[ascii ? len : 0] = '\0';
		t[k++].end = n;
	}
	return k;
}

static void
score_terms(struct ctx *c, const char *text, size_t n)
{
	struct tok t[96];
	size_t k = tokens(text, n, t, sizeof t / sizeof t[0]), i, h, q;
	int lv, a;

	for (i = 0; i < k; i++) {
		for (lv = 0; lv < 4; lv++)
			for (a = 0; a < 5 && sev_terms[lv][a]; a++)
				if (strcmp(t[i].w, sev_terms[lv][a]) == 0 &&
				    c->t->sev < lv + 1)
					c->t->sev = (uint8_t)(lv + 1);
		for (h = 0; h < sizeof hedge_words / sizeof hedge_words[0]; h++)
			if (strcmp(t[i].w, hedge_words[h]) == 0)
				c->t->hedges++;
		for (h = 0; h < sizeof hedge_phrases / sizeof hedge_phrases[0]; h++) {
			for (q = 0; q < 3 && hedge_phrases[h][q]; q++) {
				if (i + q >= k || strcmp(t[i + q].w, hedge_phrases[h][q]) != 0)
					break;
				if (q > 0 && (t[i + q - 1].end >= n ||
				    t[i + q].start != t[i + q - 1].end + 1 ||
				    text[t[i + q - 1].end] != ' '))
					break;
			}
			if (q == 3 || hedge_phrases[h][q] == NULL)
				c->t->hedges++;
		}
	}
}

static void
put(struct ctx *c, const char *s)
{
	sfb_sbuf_puts(c->out, s);
	score_terms(c, s, strlen(s));
}

/* Text plus its categories and flags. */
static void
emit(struct ctx *c, const struct sfb_phrase *p)
{
	sfb_sbuf_puts(c->out, p->text);
	score_terms(c, p->text, strlen(p->text));
	c->t->lab |= p->lab;
	c->t->rec |= p->rec;
	c->t->flags |= p->flags;
}

static int
fits(const struct sfb_phrase *p, uint16_t lab, uint8_t rec)
{
	return (p->lab & ~lab) == 0 && (p->rec & ~rec) == 0;
}

/*
 * A random entry of tab that contains one of the wanted bits (any entry
 * when want is 0) and stays within lab/rec; NULL when none does.
 */
static const struct sfb_phrase *
choose(struct sfb_srng *r, const struct sfb_phrase *tab, size_t n,
    uint16_t want_lab, uint8_t want_rec, uint16_t lab, uint8_t rec)
{
	const struct sfb_phrase *cand[64];
	size_t i, k = 0;

	for (i = 0; i < n && k < 64; i++) {
		if (!fits(&tab[i], lab, rec))
			continue;
		if ((want_lab || want_rec) && !(tab[i].lab & want_lab) &&
		    !(tab[i].rec & want_rec))
			continue;
		cand[k++] = &tab[i];
	}
	return k ? cand[sfb_srng_below(r, (uint32_t)k)] : NULL;
}

static void
add(struct pick *pk, const struct sfb_phrase *p)
{
	if (p != NULL && pk->n < MAXPICK)
		pk->p[pk->n++] = p;
}

static uint16_t
pick_lab(const struct pick *pk)
{
	uint16_t m = 0;
	int i;

	for (i = 0; i < pk->n; i++)
		m |= pk->p[i]->lab;
	return m;
}

static uint8_t
pick_rec(const struct pick *pk)
{
	uint8_t m = 0;
	int i;

	for (i = 0; i < pk->n; i++)
		m |= pk->p[i]->rec;
	return m;
}

/* Categories in a random order. */
static int
shuffled_bits(struct sfb_srng *r, unsigned mask, int nbits, int *out)
{
	int i, n = 0;

	for (i = 0; i < nbits; i++)
		if (mask & (1u << i))
			out[n++] = i;
	for (i = n - 1; i > 0; i--) {
		int j = (int)sfb_srng_below(r, (uint32_t)i + 1), tmp = out[i];
		out[i] = out[j];
		out[j] = tmp;
	}
	return n;
}

struct plan {
	struct pick find, recs;
	const struct sfb_phrase *diag, *disclaimer, *lead;
};

static void
plan_report(struct sfb_srng *r, const struct sfb_style *st, uint16_t lab,
    uint8_t rec, struct plan *pl)
{
	int order[16], n, i;
	const struct sfb_phrase *p;
	uint16_t got;

	memset(pl, 0, sizeof *pl);
	/* The diagnosis line first: it may cover some categories itself. */
	if (sfb_srng_chance(r, 0.03))
		pl->diag = choose(r, sfb_diagnoses + sfb_ndiagnoses - 3, 3, 0, 0, lab, rec);
	else if (sfb_srng_chance(r, 0.5))
		pl->diag = choose(r, sfb_diagnoses, sfb_ndiagnoses - 3, lab, 0, lab, rec);
	if (pl->diag == NULL)
		pl->diag = choose(r, sfb_diagnoses, sfb_ndiagnoses - 3, 0, 0, lab, rec);
	got = pl->diag ? pl->diag->lab : 0;
	n = shuffled_bits(r, lab, SFB_NLABELS, order);
	for (i = 0; i < n; i++) {
		uint16_t bit = (uint16_t)(1u << order[i]);
		if ((got | pick_lab(&pl->find)) & bit)
			continue;
		p = NULL;
		if (st->p_exotic > 0 && sfb_srng_chance(r, st->p_exotic))
			p = choose(r, sfb_exotic, sfb_nexotic, bit, 0, lab, rec);
		if (p == NULL)
			p = choose(r, sfb_findings, sfb_nfindings, bit, 0, lab, rec);
		if (p == NULL)	/* no exact phrase: accept extra categories */
			p = choose(r, sfb_findings, sfb_nfindings, bit, 0, 0xffff, 0xff);
		add(&pl->find, p);
	}
	if (pl->find.n == 0 || sfb_srng_chance(r, st->p_filler)) {
		if (st->p_exotic > 0 && sfb_srng_chance(r, st->p_exotic))
			p = choose(r, sfb_exotic, sfb_nexotic, 0, 0, 0, 0);
		else
			p = choose(r, sfb_finding_fillers, sfb_nfinding_fillers, 0, 0, 0, 0);
		/* a look-alike goes anywhere in the list */
		if (p != NULL && pl->find.n < MAXPICK) {
			int at = (int)sfb_srng_below(r, (uint32_t)pl->find.n + 1);
			memmove(&pl->find.p[at + 1], &pl->find.p[at],
			    (size_t)(pl->find.n - at) * sizeof pl->find.p[0]);
			pl->find.p[at] = p;
			pl->find.n++;
		}
	}
	if (sfb_srng_chance(r, st->p_disclaimer))
		pl->disclaimer = choose(r, sfb_disclaimers, sfb_ndisclaimers, 0, 0, lab, rec);
	n = shuffled_bits(r, rec, SFB_NRECS, order);
	for (i = 0; i < n; i++) {
		uint8_t bit = (uint8_t)(1u << order[i]);
		uint8_t have = pick_rec(&pl->recs) | pick_rec(&pl->find) |
		    (pl->diag ? pl->diag->rec : 0) |
		    (pl->disclaimer ? pl->disclaimer->rec : 0);
		if (have & bit)
			continue;
		p = choose(r, sfb_recs, sfb_nrecs, 0, bit, lab, rec);
		if (p == NULL)
			p = choose(r, sfb_recs, sfb_nrecs, 0, bit, 0xffff, 0xff);
		add(&pl->recs, p);
	}
	if (pl->recs.n == 0 || sfb_srng_chance(r, st->p_filler))
		add(&pl->recs, choose(r, sfb_rec_fillers, sfb_nrec_fillers, 0, 0, 0, 0));
	if (!st->terse && sfb_srng_chance(r, 0.25))
		pl->lead = choose(r, sfb_leads, sfb_nleads, 0, 0, lab, rec);
}

/* "sep" between phrases, "pre" before each. */
static void
emit_list(struct ctx *c, const struct pick *pk, const char *pre,
    const char *sep)
{
	int i;

	for (i = 0; i < pk->n; i++) {
		if (i > 0)
			put(c, sep);
		if (strcmp(pre, "#") == 0)	/* a numbered list */
			sfb_sbuf_printf(c->out, "%d. ", i + 1);
		else
			put(c, pre);
		emit(c, pk->p[i]);
	}
}

static const char *const severities[] = { "Mild", "Moderate", "Mild to moderate", "Severe" };
static const char *const confidences[] = { "Moderate (\u224870%)", "High", "Low\u2013moderate", "Moderate" };

static const char *
one(struct sfb_srng *r, const char *const *v, size_t n)
{
	return v[sfb_srng_below(r, (uint32_t)n)];
}
#define ONE(r, v) one(r, v, sizeof v / sizeof v[0])

/*
 * The diagnosis after a header ending in a plain colon: clinical only
 * when the value does not start with an excluded word.  After "**"
 * the pattern sees the asterisks first, so it is always clinical.
 */
static void
emit_diag(struct ctx *c, const struct sfb_phrase *d, int header_clinical)
{
	if (d == NULL) {
		put(c, "Degenerative change");
		if (header_clinical)
			c->t->flags |= SP_CLINICAL;
		return;
	}
	emit(c, d);
	if (header_clinical)
		c->t->flags |= SP_CLINICAL;
}

static void
write_layout(struct ctx *c, const struct sfb_style *st, struct plan *pl)
{
	struct sfb_srng *r = c->r;
	const struct sfb_phrase *d = pl->diag;
	int dclin = d ? (d->flags & SP_CLINICAL) != 0 : 1;

	switch (st->layout) {
	case 0:		/* gpt-5.4: bold numbered sections */
		put(c, "**Structured report**\n\n");
		if (pl->lead) {
			emit(c, pl->lead);
			put(c, "\n\n");
		}
		put(c, "1. **Findings:**\n");
		c->t->flags |= SP_CLINICAL;
		emit_list(c, &pl->find, "   - ", "\n");
		put(c, "\n2. **Primary diagnosis:** ");
		emit_diag(c, d, 1);
		put(c, "\n3. **Severity assessment:** ");
		put(c, ONE(r, severities));
		put(c, "\n4. **Recommended next steps:**\n");
		emit_list(c, &pl->recs, "   - ", "\n");
		put(c, "\n5. **Confidence level:** ");
		put(c, ONE(r, confidences));
		if (pl->disclaimer) {
			put(c, "\n\n");
			emit(c, pl->disclaimer);
		}
		break;
	case 1:		/* claude-sonnet-4-6: markdown headings, no colons */
		if (pl->lead) {
			emit(c, pl->lead);
			put(c, "\n\n");
		}
		put(c, "## Findings\n\n");
		emit_list(c, &pl->find, "- ", "\n");
		put(c, "\n\n## Impression\n\n");
		emit_diag(c, d, 0);
		put(c, ".\n\n## Recommendations\n\n");
		emit_list(c, &pl->recs, "#", "\n");
		put(c, "\n\n**Confidence:** ");
		put(c, ONE(r, confidences));
		if (pl->disclaimer) {
			put(c, "\n\n");
			emit(c, pl->disclaimer);
		}
		break;
	case 2:		/* claude-opus-4-6: bullets, bold impression */
		if (pl->lead) {
			emit(c, pl->lead);
			put(c, "\n\n");
		}
		put(c, "**Findings**\n");
		emit_list(c, &pl->find, "\u2022 ", "\n");
		put(c, "\n\n**Impression:** ");
		emit_diag(c, d, 1);
		put(c, "\n\n**Recommendation**\n");
		emit_list(c, &pl->recs, "\u2022 ", "\n");
		put(c, "\n\nConfidence \u2014 ");
		put(c, ONE(r, confidences));
		put(c, ".");
		if (pl->disclaimer) {
			put(c, "\n\n");
			emit(c, pl->disclaimer);
		}
		break;
	case 3:		/* glm-4.6v: plain one-line sections */
		if (pl->lead) {
			emit(c, pl->lead);
			put(c, "\n");
		}
		put(c, "Findings: ");
		c->t->flags |= SP_CLINICAL;
		emit_list(c, &pl->find, "", " ");
		put(c, "\nImpression: ");
		emit_diag(c, d, dclin);
		if (!st->terse) {
			put(c, ".\nSeverity: ");
			put(c, ONE(r, severities));
			put(c, "\nRecommendation: ");
		} else {
			put(c, ".\nRecommendation: ");
		}
		emit_list(c, &pl->recs, "", " ");
		if (pl->disclaimer) {
			put(c, "\n");
			emit(c, pl->disclaimer);
		}
		break;
	case 4:		/* kimi-k2.5: em-dash headings, no colons */
		if (pl->lead) {
			emit(c, pl->lead);
			put(c, "\n\n");
		}
		put(c, "### 1) Findings \u2014\n");
		emit_list(c, &pl->find, "\u2022 ", "\n");
		put(c, "\n### 2) Primary diagnosis \u2014 ");
		emit_diag(c, d, 0);
		put(c, "\n### 3) Severity \u2014 ");
		put(c, ONE(r, severities));
		put(c, "\n### 4) Next steps \u2014\n");
		emit_list(c, &pl->recs, "\u2022 ", "\n");
		put(c, "\n### 5) Confidence \u2014 ");
		put(c, ONE(r, confidences));
		if (pl->disclaimer) {
			put(c, "\n\n");
			emit(c, pl->disclaimer);
		}
		break;
	case 5:		/* gemma-4: chatty opener, disclaimer on top */
		put(c, "Okay, here\u2019s a structured report based on the image provided.\n\n");
		if (pl->disclaimer) {
			emit(c, pl->disclaimer);
			put(c, "\n\n");
		}
		put(c, "**1. Findings:**\n");
		c->t->flags |= SP_CLINICAL;
		emit_list(c, &pl->find, "*   ", "\n");
		put(c, "\n\n**2. Primary diagnosis:** ");
		emit_diag(c, d, 1);
		put(c, "\n\n**3. Severity assessment:** ");
		put(c, ONE(r, severities));
		put(c, "\n\n**4. Recommended next steps:**\n");
		emit_list(c, &pl->recs, "*   ", "\n");
		put(c, "\n\n**5. Confidence level:** ");
		put(c, ONE(r, confidences));
		break;
	case 6:		/* llama-4-scout: lead sentence and numbered lines */
		put(c, "**Report**\n\n");
		if (pl->lead)
			emit(c, pl->lead);
		else
			put(c, "Lateral view of the lumbar spine.");
		put(c, "\n\n1. Findings: ");
		c->t->flags |= SP_CLINICAL;
		emit_list(c, &pl->find, "", " ");
		put(c, "\n2. Primary diagnosis: ");
		emit_diag(c, d, dclin);
		put(c, "\n3. Severity assessment: ");
		put(c, ONE(r, severities));
		put(c, "\n4. Recommended next steps: ");
		emit_list(c, &pl->recs, "", " ");
		put(c, "\n5. Confidence level: ");
		put(c, ONE(r, confidences));
		if (pl->disclaimer) {
			put(c, "\n");
			emit(c, pl->disclaimer);
		}
		break;
	case 7:		/* qwen2.5-vl: terse numbered answer */
		put(c, "1) Findings: ");
		c->t->flags |= SP_CLINICAL;
		emit_list(c, &pl->find, "", " ");
		put(c, "\n2) Primary diagnosis: ");
		emit_diag(c, d, dclin);
		put(c, "\n3) Severity: ");
		put(c, ONE(r, severities));
		put(c, "\n4) Recommendations: ");
		emit_list(c, &pl->recs, "", " ");
		put(c, "\n5) Confidence: ");
		put(c, ONE(r, confidences));
		break;
	default:	/* radfm: run-on text, no sections */
		if (pl->lead) {
			emit(c, pl->lead);
			put(c, " ");
		}
		emit_list(c, &pl->find, "", " ");
		put(c, " ");
		emit_diag(c, d, 0);
		put(c, ". ");
		emit_list(c, &pl->recs, "", " ");
		if (sfb_srng_chance(r, 0.02))
			sfb_sbuf_put(c->out, "\0", 1);
		break;
	}
}

/* Layouts whose headers carry no direct clinical pattern. */
static int
needs_lead(int layout)
{
	return layout == 1 || layout == 4 || layout >= 8;
}

static void
noun_list(struct ctx *c, const struct sfb_phrase *nouns, unsigned mask,
    int nbits, unsigned skip)
{
	int order[16], n, i, k = 0;

	n = shuffled_bits(c->r, mask & ~skip, nbits, order);
	for (i = 0; i < n; i++) {
		if (k > 0)
			put(c, i == n - 1 ? (n > 2 ? ", or " : " or ") : ", ");
		emit(c, &nouns[order[i]]);
		k++;
	}
}

static void
emit_frame(struct ctx *c, const struct sfb_frame *f)
{
	c->t->lab |= f->lab;
	c->t->rec |= f->rec;
	c->t->flags |= f->flags;
}

static void
write_partial(struct ctx *c, uint16_t lab, uint8_t rec)
{
	const struct sfb_phrase *p;
	const struct sfb_frame *f;
	size_t k;

	p = choose(c->r, sfb_partial_openers, sfb_npartial_openers, 0, 0, lab, rec);
	if (p == NULL)
		p = &sfb_partial_openers[0];
	emit(c, p);
	put(c, "\n");
	if (lab) {
		k = (rec & R_IMG) ? sfb_srng_below(c->r, (uint32_t)sfb_nlabel_frames)
		    : 1 + sfb_srng_below(c->r, (uint32_t)sfb_nlabel_frames - 1);
		f = &sfb_label_frames[k];
		put(c, f->pre);
		/* "a posterior osteophyte" already says osteophyte */
		noun_list(c, sfb_label_nouns, lab, SFB_NLABELS,
		    (lab & L_POS) ? L_OST : 0);
		put(c, f->post);
		emit_frame(c, f);
		put(c, "\n");
	}
	if (rec) {
		f = &sfb_rec_frames[sfb_srng_below(c->r, (uint32_t)sfb_nrec_frames)];
		put(c, f->pre);
		noun_list(c, sfb_rec_nouns, rec, SFB_NRECS, 0);
		put(c, f->post);
		emit_frame(c, f);
		put(c, "\n");
	}
	if (!lab && !rec) {
		emit(c, &sfb_plain_hedges[sfb_srng_below(c->r, (uint32_t)sfb_nplain_hedges)]);
		put(c, "\n");
	}
	p = choose(c->r, sfb_refusal_closers, sfb_nrefusal_closers, 0, 0, lab, rec);
	if (p != NULL && sfb_srng_chance(c->r, 0.6))
		emit(c, p);
}

static void
write_full(struct ctx *c)
{
	struct sfb_srng *r = c->r;

	emit(c, &sfb_refusals[sfb_srng_below(r, (uint32_t)sfb_nrefusals)]);
	if (sfb_srng_chance(r, 0.5)) {
		put(c, "\n\n");
		emit(c, &sfb_refusal_closers[sfb_srng_below(r,
		    (uint32_t)sfb_nrefusal_closers)]);
	}
}

void
sfb_report_write(struct sfb_sbuf *out, const struct sfb_style *st,
    enum sfb_kind kind, uint16_t lab, uint8_t rec, struct sfb_srng *r,
    struct sfb_truth *t)
{
	struct ctx c = { out, r, t };
	struct plan pl;

	memset(t, 0, sizeof *t);
	switch (kind) {
	case SFB_KIND_REPORT:
		plan_report(r, st, lab, rec, &pl);
		if (pl.disclaimer && (pl.disclaimer->flags & SP_REFUSAL) &&
		    needs_lead(st->layout) && pl.lead == NULL)
			pl.lead = choose(r, sfb_leads, sfb_nleads, 0, 0, lab, rec);
		write_layout(&c, st, &pl);
		break;
	case SFB_KIND_PARTIAL:
		write_partial(&c, lab, rec);
		break;
	case SFB_KIND_FULL:
		write_full(&c);
		break;
	case SFB_KIND_SLIP:
		emit(&c, &sfb_slips[sfb_srng_below(r, (uint32_t)sfb_nslips)]);
		break;
	}
	if (!(t->flags & SP_REFUSAL) || (t->flags & SP_CLINICAL))
		t->cls = SFB_GENUINE;
	else if (t->flags & SP_HEDGE)
		t->cls = SFB_PARTIAL;
	else
		t->cls = SFB_FULL;
}

static const char *const locations[] = { "L1\u2013L2", "L3\u2013L4", "L4\u2013L5", "L5\u2013S1", "T11\u2013T12" };

void
sfb_stage1_write(struct sfb_sbuf *txt, struct sfb_sbuf *sc,
    enum sfb_stage1_fault fault, struct sfb_srng *r)
{
	const struct sfb_phrase *f, *d;
	int i, n = 1 + (int)sfb_srng_below(r, 3), form;

	sfb_sbuf_puts(txt, "1. Structured findings checklist:\n");
	for (i = 0; i < n; i++) {
		f = &sfb_findings[sfb_srng_below(r, (uint32_t)sfb_nfindings)];
		sfb_sbuf_printf(txt, "   A) Location: %s\n   B) Finding: %s\n"
		    "   C) Status: abnormal\n   D) Severity: %s\n",
		    ONE(r, locations), f->text, ONE(r, severities));
	}
	d = &sfb_diagnoses[sfb_srng_below(r, (uint32_t)sfb_ndiagnoses - 3)];
	form = (int)sfb_srng_below(r, 5);
	switch (fault) {
	case S1_NO_DIAGNOSIS:
		/* output cut off before the diagnosis */
		sfb_sbuf_puts(txt, "   A) Location:");
		break;
	case S1_EMPTY_DIAGNOSIS:
		sfb_sbuf_puts(txt, "2. Primary diagnosis: **\n3. Overall severity: mild\n");
		break;
	default:
		switch (form) {
		case 0:
			sfb_sbuf_printf(txt, "2. Primary diagnosis: %s\n", d->text);
			break;
		case 1:
			sfb_sbuf_printf(txt, "2. **Primary diagnosis:** %s\n", d->text);
			break;
		case 2:
			sfb_sbuf_printf(txt, "**Primary diagnosis**: %s\n", d->text);
			break;
		case 3:
			sfb_sbuf_printf(txt, "2. Primary diagnosis\n   %s\n", d->text);
			break;
		default:
			sfb_sbuf_printf(txt, "**Primary diagnosis**\n- %s\n", d->text);
			break;
		}
		sfb_sbuf_printf(txt, "%s: %s\n", form == 4 ? "**Overall severity**" :
		    "3. Overall severity", ONE(r, severities));
		sfb_sbuf_printf(txt, "4. Confidence: %s\n", ONE(r, confidences));
		if (fault == S1_HTML)
			sfb_sbuf_puts(txt, "</div><div class=\"footer\">&nbsp;</div>\n");
		break;
	}

	switch (fault) {
	case S1_NO_SIDECAR:
		break;
	case S1_BAD_SIDECAR:
		sfb_sbuf_puts(sc, "{\"status\": \"valid\", \"prompt_echo_detected\": fal");
		break;
	case S1_STATUS_INVALID:
		sfb_sbuf_puts(sc, "{\"status\": \"invalid\", \"prompt_echo_detected\": false, "
		    "\"html_garbage_detected\": false, \"reason\": \"schema_mismatch\"}\n");
		break;
	case S1_PROMPT_ECHO:
		sfb_sbuf_puts(sc, "{\"status\": \"valid\", \"prompt_echo_detected\": true, "
		    "\"html_garbage_detected\": false}\n");
		break;
	case S1_HTML:
		sfb_sbuf_puts(sc, "{\"status\": \"valid\", \"prompt_echo_detected\": false, "
		    "\"html_garbage_detected\": true}\n");
		break;
	case S1_HTML_LEGACY:
		sfb_sbuf_puts(sc, "{\"status\": \"valid\", \"prompt_echo_detected\": false, "
		    "\"html_garbage\": true}\n");
		break;
	default:
		switch (sfb_srng_below(r, 4)) {
		case 0:	/* the legacy key only */
			sfb_sbuf_puts(sc, "{\"status\": \"valid\", \"html_garbage\": false}\n");
			break;
		case 1:	/* the newer key decides even when the legacy one is set */
			sfb_sbuf_puts(sc, "{\"status\": \"valid\", \"prompt_echo_detected\": false, "
			    "\"html_garbage_detected\": false, \"html_garbage\": true}\n");
			break;
		default:
			sfb_sbuf_puts(sc, "{\"status\": \"valid\", \"prompt_echo_detected\": false, "
			    "\"html_garbage_detected\": false, \"checks\": {\"length_ok\": true}}\n");
			break;
		}
		break;
	}
}
