/* ctxstage.c - sfb-context's per-record work: report texts (or a sentence
 * and a target) in, NegEx statuses spliced out (SPEC 15).
 *
 * Fast paths, each with the plain code kept beside it (opts.plain;
 * tests/unit/test_ctxstage.c compares the two on generated records):
 * sentence ends are found 16 bytes at a time, and the keyword scan reads
 * a padded copy of the text with its inert non-ASCII code points made
 * U+0001 (kw_text).  -DSFB_SCALAR builds without SSE2. */
#include <stdlib.h>
#include <string.h>
#if defined(__SSE2__) && !defined(SFB_SCALAR)
#include <emmintrin.h>
#endif

#include "core/ucd.h"
#include "text/ctxstage.h"
#include "text/kw.h"
#include "text/negex.h"

#define MAXSIDE 2
#define MAXCAT 32
#define NINERT 64               /* code points remembered by is_inert
                                 * (the hash keeps 6 bits) */
#define KW_PAD 72               /* the keyword scan's block path reads 72 */

struct side {
	const char *field;
	const char *status_key, *affirmed_key, *ev_key;
};

struct mention {
	size_t cat, syn, start, end;
	int status;             /* its sentence's decision for its category */
	int has_trig;
	size_t trig_off, trig_len;      /* the trigger, in st->trig */
};

struct sfb_ctxstage {
	const struct sfb_ctxstage_opts *o;
	struct sfb_kw *kw;
	struct sfb_negex *nx;
	struct sfb_negex_pat *pat;      /* target mode: the last target */
	struct sfb_buf pat_src;         /* and its text */
	int pat_ok;
	size_t nside;
	struct side side[MAXSIDE];
	struct sfb_buf text;            /* decoded text */
	struct sfb_buf kwtext;          /* the text the keyword scan sees */
	uint32_t inert_key[NINERT];     /* is_inert's answers by the bytes of */
	uint8_t inert[NINERT];          /* the code point (0: none) */
	struct sfb_buf trig;            /* trigger texts of the mentions */
	struct sfb_buf vals;
	struct mention *men;
	size_t nmen, capmen;
	struct sfb_negex_mark *marks;
	size_t capmarks;
	int oom;
	uint32_t affirmed;              /* categories affirmed so far */
	/* put_side's pieces: "\"NAME\": \"STATUS\"" for every category and
	 * status, then "\"NAME\"", in piece_buf. */
	struct sfb_buf piece_buf;
	size_t piece[MAXCAT][4][2];     /* offset and length */
	uint8_t pos[MAXCAT];            /* a category's place in the output */
};

static int
make_pieces(struct sfb_ctxstage *st)
{
	struct sfb_buf *b = &st->piece_buf;
	size_t c, k, nc = sfb_kw_ncat(st->kw);
	int r = 0;

	if (nc > MAXCAT)
		return -1;
	for (c = 0; c < nc; c++)
		st->pos[sfb_kw_sorted(st->kw)[c]] = (uint8_t)c;
	for (c = 0; c < nc; c++) {
		for (k = 0; k < 4; k++) {
			st->piece[c][k][0] = b->len;
			r |= sfb_buf_putc(b, '"') | sfb_buf_puts(b,
			    sfb_kw_name(st->kw, c)) | sfb_buf_putc(b, '"');
			if (k < 3)
				r |= sfb_buf_puts(b, ": \"") | sfb_buf_puts(b,
				    sfb_negex_status_name(k)) | sfb_buf_putc(b, '"');
			st->piece[c][k][1] = b->len - st->piece[c][k][0];
		}
	}
	return r;
}

struct sfb_ctxstage *
sfb_ctxstage_new(const struct sfb_ctxstage_opts *o)
{
	struct sfb_ctxstage *st = calloc(1, sizeof *st);

	if (st == NULL)
		return NULL;
	st->o = o;
	st->nx = sfb_negex_new();
	if (st->nx != NULL)
		sfb_negex_set_plain(st->nx, o->plain);
	if (o->target == NULL)
		st->kw = sfb_kw_new(sfb_kw_registry_get(o->strict ?
		    SFB_KW_LABELS_STRICT : SFB_KW_LABELS));
	if (o->field != NULL || o->target != NULL) {
		st->nside = 1;
		st->side[0] = (struct side){o->field != NULL ? o->field :
		    "sentence", "label_status", "affirmed_labels",
		    "label_evidence"};
	} else {
		st->nside = 2;
		st->side[0] = (struct side){"source_report",
		    "source_label_status", "source_affirmed_labels",
		    "source_label_evidence"};
		st->side[1] = (struct side){"counterfactual_report",
		    "counterfactual_label_status",
		    "counterfactual_affirmed_labels",
		    "counterfactual_label_evidence"};
	}
	if (st->nx == NULL || (o->target == NULL && st->kw == NULL) ||
	    (st->kw != NULL && make_pieces(st))) {
		sfb_ctxstage_free(st);
		return NULL;
	}
	return st;
}

void
sfb_ctxstage_free(struct sfb_ctxstage *st)
{
	if (st == NULL)
		return;
	sfb_kw_free(st->kw);
	sfb_negex_free(st->nx);
	sfb_negex_pat_free(st->pat);
	sfb_buf_free(&st->pat_src);
	sfb_buf_free(&st->text);
	sfb_buf_free(&st->kwtext);
	sfb_buf_free(&st->piece_buf);
	sfb_buf_free(&st->trig);
	sfb_buf_free(&st->vals);
	free(st->men);
	free(st->marks);
	free(st);
}

void *
sfb_ctxstage_make(void *opts)
{
	return sfb_ctxstage_new(opts);
}

void
sfb_ctxstage_drop(void *st)
{
	sfb_ctxstage_free(st);
}

static void
on_mention(void *ctx, size_t cat, size_t syn, size_t start, size_t end)
{
	struct sfb_ctxstage *st = ctx;

	if (st->nmen == st->capmen) {
		size_t c = st->capmen ? 2 * st->capmen : 32;
		struct mention *m = realloc(st->men, c * sizeof *m);

		if (m == NULL) {
			st->oom = 1;
			return;
		}
		st->men = m;
		st->capmen = c;
	}
	st->men[st->nmen++] = (struct mention){cat, syn, start, end,
	    SFB_NEGEX_AFFIRMED, 0, 0, 0};
}

static int
men_cmp(const void *a, const void *b)
{
	const struct mention *x = a, *y = b;

	if (x->start != y->start)
		return x->start < y->start ? -1 : 1;
	if (x->end != y->end)
		return x->end > y->end ? -1 : 1;
	return x->cat < y->cat ? -1 : x->cat > y->cat;
}

/* An insertion sort: a report has a handful of mentions, found nearly
 * in text order. */
static void
sort_mentions(struct mention *m, size_t n)
{
	size_t i, j;

	for (i = 1; i < n; i++) {
		struct mention t = m[i];

		for (j = i; j > 0 && men_cmp(&m[j - 1], &t) > 0; j--)
			m[j] = m[j - 1];
		m[j] = t;
	}
}

static int
is_ws(unsigned char c)
{
	return c == ' ' || (c >= '\t' && c <= '\r');
}

/* The end of the sentence that starts at b: after a ".", "!" or "?"
 * followed by white space or the end of the text, or before a line
 * break.  The plain loop, one byte at a time. */
static size_t
sentence_end_plain(const unsigned char *s, size_t n, size_t b)
{
	size_t i;

	for (i = b; i < n; i++) {
		/* Most bytes are none of the five. */
		if (s[i] > '?' || (s[i] != '\n' && s[i] != '\r' &&
		    s[i] != '.' && s[i] != '!' && s[i] != '?'))
			continue;
		if (s[i] == '\n' || s[i] == '\r')
			return i;
		if ((s[i] == '.' || s[i] == '!' || s[i] == '?') &&
		    (i + 1 == n || is_ws(s[i + 1])))
			return i + 1;
	}
	return n;
}

/* The first of the five bytes at or after i, or n. */
static size_t
next_stop(const unsigned char *s, size_t n, size_t i)
{
#if defined(__SSE2__) && !defined(SFB_SCALAR)
	const __m128i lf = _mm_set1_epi8('\n'), cr = _mm_set1_epi8('\r');
	const __m128i dot = _mm_set1_epi8('.'), bang = _mm_set1_epi8('!');
	const __m128i qm = _mm_set1_epi8('?');

	for (; n - i >= 16; i += 16) {
		__m128i v = _mm_loadu_si128((const __m128i *)(s + i));
		__m128i m = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, lf),
		    _mm_cmpeq_epi8(v, cr)), _mm_or_si128(_mm_or_si128(
		    _mm_cmpeq_epi8(v, dot), _mm_cmpeq_epi8(v, bang)),
		    _mm_cmpeq_epi8(v, qm)));
		unsigned bits = (unsigned)_mm_movemask_epi8(m);

		if (bits != 0)
			return i + (size_t)__builtin_ctz(bits);
	}
#endif
	for (; i < n; i++)
		if (s[i] == '\n' || s[i] == '\r' || s[i] == '.' ||
		    s[i] == '!' || s[i] == '?')
			return i;
	return n;
}

/* sentence_end_plain's answer, 16 bytes at a time to the next of the
 * five bytes that can end a sentence. */
static size_t
sentence_end(const struct sfb_ctxstage *st, const unsigned char *s, size_t n,
    size_t b)
{
	size_t i = b;

	if (st->o->plain)
		return sentence_end_plain(s, n, b);
	for (;;) {
		i = next_stop(s, n, i);
		if (i == n || s[i] == '\n' || s[i] == '\r')
			return i;
		if (i + 1 == n || is_ws(s[i + 1]))
			return i + 1;
		i++;
	}
}

/* Judge the mentions of one sentence [b, e): each category present, as
 * GenNegEx judges one target, its own mentions tagged. */
static int
judge_sentence(struct sfb_ctxstage *st, const unsigned char *s, size_t b,
    size_t e, size_t m0, size_t m1, struct sfb_err *err)
{
	uint32_t done = 0, want = 0;
	size_t i, j;
	int scope;

	/* Without evidence a category already affirmed in the report needs
	 * no more judging: the merge keeps affirmed. */
	for (i = m0; i < m1; i++)
		want |= (uint32_t)1 << st->men[i].cat;
	if (!st->o->evidence) {
		want &= ~st->affirmed;
		done = ~want;
		if (want == 0)
			return 0;
	}
	scope = sfb_negex_may_scope(st->nx, s + b, e - b);
	if (!scope) {
		st->affirmed |= want;
		return 0;
	}
	for (i = m0; i < m1; i++) {
		size_t cat = st->men[i].cat, nm = 0, last = 0;
		struct sfb_negex_result r;
		int rc;

		if (done >> cat & 1)
			continue;
		done |= (uint32_t)1 << cat;
		if (st->capmarks < m1 - m0) {
			struct sfb_negex_mark *mk = realloc(st->marks,
			    (m1 - m0) * sizeof *mk);

			if (mk == NULL)
				return -1;
			st->marks = mk;
			st->capmarks = m1 - m0;
		}
		for (j = i; j < m1; j++) {
			const struct mention *m = &st->men[j];

			if (m->cat != cat || (nm > 0 && m->start < last))
				continue;
			st->marks[nm].start = m->start - b;
			st->marks[nm++].end = m->end - b;
			last = m->end;
		}
		rc = sfb_negex_judge(st->nx, s + b, e - b, st->marks, nm, 0,
		    &r);
		if (rc == -1)
			return -1;
		if (rc == -2)
			return sfb_err_set(err, SFB_EXIT_USAGE,
			    "GenNegEx fails on this sentence (Java: %s)",
			    sfb_negex_why(st->nx));
		/* Keep the trigger: r points into the matcher's space. */
		if (r.trigger != NULL && sfb_buf_put(&st->trig, r.trigger,
		    r.trigger_len))
			return -1;
		for (j = i; j < m1; j++) {
			struct mention *m = &st->men[j];

			if (m->cat != cat)
				continue;
			m->status = (int)r.status;
			if (r.status == SFB_NEGEX_AFFIRMED)
				st->affirmed |= (uint32_t)1 << cat;
			m->has_trig = r.trigger != NULL;
			m->trig_off = st->trig.len - r.trigger_len;
			m->trig_len = r.trigger_len;
		}
	}
	return 0;
}

/* The first byte at or after i that is not ASCII, or n. */
static size_t
next_high(const unsigned char *s, size_t n, size_t i)
{
#if defined(__SSE2__) && !defined(SFB_SCALAR)
	for (; n - i >= 16; i += 16) {
		unsigned bits = (unsigned)_mm_movemask_epi8(
		    _mm_loadu_si128((const __m128i *)(s + i)));

		if (bits != 0)
			return i + (size_t)__builtin_ctz(bits);
	}
#endif
	for (; i < n; i++)
		if (s[i] >= 0x80)
			return i;
	return n;
}

/* Is the non-ASCII code point c inert for the keyword scan: is every code
 * point of its lowercase form neither ASCII nor a word character? */
static int
inert_cp(uint32_t c)
{
	uint32_t low[3];
	size_t k, ln = sfb_ucd_lower(c, low);

	for (k = 0; k < ln; k++)
		if (low[k] < 0x80 || sfb_ucd_isword(low[k]))
			return 0;
	return 1;
}

/* Is the code point whose encoding starts at s[0..n) (a byte >= 0x80)
 * inert?  Its length in *adv.  The answers for well-formed sequences are
 * remembered by their bytes, so that a report's many bullets and dashes
 * are neither decoded nor looked up again. */
static int
is_inert(struct sfb_ctxstage *st, const unsigned char *s, size_t n,
    size_t *adv)
{
	size_t len = s[0] >= 0xF0 ? 4 : s[0] >= 0xE0 ? 3 : 2, h = 0;
	uint32_t key = 0, c;
	int v;

	if (n >= 4) {
		/* Four bytes at once (one load) and a mask: a copy of len
		 * bytes would stall the load that follows it. */
		key = (uint32_t)s[0] | (uint32_t)s[1] << 8 |
		    (uint32_t)s[2] << 16 | (uint32_t)s[3] << 24;
		key &= len == 4 ? 0xFFFFFFFFu : ((uint32_t)1 << (8 * len)) - 1;
		h = (key * 0x9E3779B1u) >> 26;
		if (st->inert_key[h] == key) {
			*adv = len;
			return st->inert[h];
		}
	}
	c = sfb_utf8_next(s, n, adv);
	v = inert_cp(c);
	if (*adv == len && n >= 4) {
		/* Well formed: the same bytes always mean c. */
		st->inert_key[h] = key;
		st->inert[h] = (uint8_t)v;
	}
	return v;
}

/* The text the keyword scan reads, *kn bytes: s itself (plain), or a
 * copy of s with every inert non-ASCII code point (bullets, dashes,
 * no-break spaces, lone surrogates...) overwritten byte for byte with
 * U+0001, and KW_PAD bytes of U+0001 after it.  The matches and their
 * byte offsets are the same: a keyword is ASCII, so an inert code point
 * can be neither in a match nor the lowered first code point of one, and
 * around a match it is a non-word character either way, as is the end of
 * the text (the keywords hold no control character).  The scan then
 * takes its 64-byte block path through all-ASCII text, to the end of the
 * text, instead of its code point loop at every such code point and on
 * the last 72 bytes.  NULL when out of memory. */
static const unsigned char *
kw_text(struct sfb_ctxstage *st, const unsigned char *s, size_t n,
    size_t *kn)
{
	size_t i;
	unsigned char *p;

	*kn = n;
	if (st->o->plain)
		return s;
	st->kwtext.len = 0;
	if (sfb_buf_reserve(&st->kwtext, n + KW_PAD))
		return NULL;
	p = (unsigned char *)st->kwtext.p;
	memcpy(p, s, n);
	memset(p + n, 1, KW_PAD);
	for (i = next_high(s, n, 0); i < n; i = next_high(s, n, i)) {
		size_t adv, k;

		if (is_inert(st, s + i, n - i, &adv))
			for (k = 0; k < adv; k++)
				p[i + k] = 1;
		i += adv;
	}
	*kn = n + KW_PAD;
	return p;
}

/* Statuses of every mention of text s[0..n), in text order. */
static int
judge_text(struct sfb_ctxstage *st, const unsigned char *s, size_t n,
    struct sfb_err *err)
{
	size_t b = 0, m = 0, kn;
	const unsigned char *ks = kw_text(st, s, n, &kn);

	if (ks == NULL)
		return -1;
	st->nmen = 0;
	st->affirmed = 0;
	sfb_kw_each(st->kw, ks, kn, on_mention, st);
	if (st->oom)
		return -1;
	sort_mentions(st->men, st->nmen);
	while (m < st->nmen) {
		size_t e, m1;
		int rc;

		while (b < n && is_ws(s[b]))
			b++;
		e = sentence_end(st, s, n, b);
		if (st->men[m].start >= e) {
			b = e + (e < n && (s[e] == '\n' || s[e] == '\r'));
			continue;
		}
		for (m1 = m; m1 < st->nmen && st->men[m1].start < e; m1++)
			;
		rc = judge_sentence(st, s, b, e, m, m1, err);
		if (rc)
			return rc;
		m = m1;
		b = e + (e < n && (s[e] == '\n' || s[e] == '\r'));
	}
	return 0;
}

static int
put_str(struct sfb_buf *b, const char *s, size_t n)
{
	return sfb_json_str_encode(b, s, n, 0);
}

/* The report-level merge of a category's mentions: affirmed if any is,
 * else possible if any is, else negated. */
static void
merge(const struct sfb_ctxstage *st, int *status, uint32_t *present)
{
	size_t i;

	*present = 0;
	for (i = 0; i < st->nmen; i++) {
		const struct mention *m = &st->men[i];
		uint32_t bit = (uint32_t)1 << m->cat;

		if (!(*present & bit) || m->status < status[m->cat])
			status[m->cat] = m->status;
		*present |= bit;
	}
}

static int
put_side(struct sfb_ctxstage *st, size_t *off)
{
	const size_t *order = sfb_kw_sorted(st->kw);
	size_t i;
	int status[MAXCAT], r = 0;
	uint32_t present, sorted = 0, aff = 0, bits;
	struct sfb_buf *b = &st->vals;

	merge(st, status, &present);
	/* The present and the affirmed categories as bits in output order,
	 * so that only those are visited. */
	for (bits = present; bits; bits &= bits - 1) {
		size_t c = (size_t)__builtin_ctz(bits);

		sorted |= (uint32_t)1 << st->pos[c];
		if (status[c] == SFB_NEGEX_AFFIRMED)
			aff |= (uint32_t)1 << st->pos[c];
	}
	off[0] = b->len;
	r |= sfb_buf_putc(b, '{');
	for (bits = sorted; bits; bits &= bits - 1) {
		size_t c = order[__builtin_ctz(bits)];

		if (bits != sorted)
			r |= sfb_buf_put(b, ", ", 2);
		r |= sfb_buf_put(b, st->piece_buf.p + st->piece[c][status[c]][0],
		    st->piece[c][status[c]][1]);
	}
	r |= sfb_buf_putc(b, '}');
	off[1] = b->len;
	r |= sfb_buf_putc(b, '[');
	for (bits = aff; bits; bits &= bits - 1) {
		size_t c = order[__builtin_ctz(bits)];

		if (bits != aff)
			r |= sfb_buf_put(b, ", ", 2);
		r |= sfb_buf_put(b, st->piece_buf.p + st->piece[c][3][0],
		    st->piece[c][3][1]);
	}
	r |= sfb_buf_putc(b, ']');
	off[2] = b->len;
	if (!st->o->evidence)
		return r;
	r |= sfb_buf_putc(b, '[');
	for (i = 0; i < st->nmen; i++) {
		const struct mention *m = &st->men[i];

		if (i > 0)
			r |= sfb_buf_put(b, ", ", 2);
		r |= sfb_buf_puts(b, "{\"category\": \"");
		r |= sfb_buf_puts(b, sfb_kw_name(st->kw, m->cat));
		r |= sfb_buf_puts(b, "\", \"synonym\": \"");
		r |= sfb_buf_puts(b, sfb_kw_synonym(st->kw, m->cat, m->syn));
		r |= sfb_buf_puts(b, "\", \"start\": ") | sfb_buf_putsize(b, m->start);
		r |= sfb_buf_puts(b, ", \"end\": ") | sfb_buf_putsize(b, m->end);
		r |= sfb_buf_puts(b, ", \"status\": \"");
		r |= sfb_buf_puts(b, sfb_negex_status_name(m->status));
		r |= sfb_buf_puts(b, "\", \"trigger\": ");
		if (!m->has_trig)
			r |= sfb_buf_puts(b, "null");
		else
			r |= put_str(b, st->trig.p + m->trig_off, m->trig_len);
		r |= sfb_buf_putc(b, '}');
	}
	r |= sfb_buf_putc(b, ']');
	off[3] = b->len;
	return r;
}

/* The string member name of rec, decoded into buf (NULL and an error when
 * missing or not a string). */
static const unsigned char *
get_text(const struct sfb_obj *rec, const char *name, struct sfb_buf *buf,
    size_t *n, struct sfb_err *err)
{
	const struct sfb_member *m = sfb_obj_get(rec, name, strlen(name));
	enum sfb_jtype t = sfb_json_type(m ? &m->val : NULL);

	if (t != SFB_JSTRING) {
		sfb_err_set(err, SFB_EXIT_USAGE, t == SFB_JNONE ?
		    "missing field \"%s\"" : "field \"%s\" is %s, not a string",
		    name, sfb_json_type_name(t));
		return NULL;
	}
	buf->len = 0;
	if (memchr(m->val.p + 1, '\\', m->val.n - 2) == NULL) {
		*n = m->val.n - 2;
		return (const unsigned char *)m->val.p + 1;
	}
	if (sfb_json_str_decode(&m->val, buf) < 0) {
		sfb_err_set(err, SFB_EXIT_USAGE, "out of memory");
		return NULL;
	}
	*n = buf->len;
	return (const unsigned char *)buf->p;
}

static int
target_rec(struct sfb_ctxstage *st, const struct sfb_obj *rec,
    struct sfb_buf *out, struct sfb_err *err)
{
	const unsigned char *s, *t;
	size_t n, tn;
	struct sfb_negex_result r;
	struct sfb_kv kv[2];
	int rc;

	s = get_text(rec, st->side[0].field, &st->text, &n, err);
	if (s == NULL)
		return err->status;
	/* The target text goes to pat_src when it changes. */
	t = get_text(rec, st->o->target, &st->trig, &tn, err);
	if (t == NULL)
		return err->status;
	if (st->pat == NULL || st->pat_src.len != tn ||
	    memcmp(st->pat_src.p, t, tn) != 0) {
		const char *why;

		sfb_negex_pat_free(st->pat);
		st->pat_src.len = 0;
		if (sfb_buf_put(&st->pat_src, t, tn))
			goto oom;
		st->pat = sfb_negex_pat_new(t, tn, &why);
		if (st->pat == NULL)
			return sfb_err_set(err, SFB_EXIT_USAGE,
			    "target \"%s\": %s", st->o->target, why);
	}
	rc = sfb_negex_judge_pat(st->nx, s, n, st->pat, &r);
	if (rc == -1)
		goto oom;
	if (rc == -2)
		return sfb_err_set(err, SFB_EXIT_USAGE,
		    "GenNegEx fails on this sentence (Java: %s)",
		    sfb_negex_why(st->nx));
	st->vals.len = 0;
	if (sfb_buf_putc(&st->vals, '"') ||
	    sfb_buf_puts(&st->vals, sfb_negex_status_name(r.status)) ||
	    sfb_buf_putc(&st->vals, '"'))
		goto oom;
	n = st->vals.len;
	if (r.trigger == NULL ? sfb_buf_puts(&st->vals, "null") :
	    put_str(&st->vals, r.trigger, r.trigger_len))
		goto oom;
	kv[0] = (struct sfb_kv){"negex_status", 12, st->vals.p, n};
	kv[1] = (struct sfb_kv){"negex_trigger", 13, st->vals.p + n,
	    st->vals.len - n};
	if (sfb_obj_splice_drop(rec, kv, 2, st->o->drop, st->o->ndrop, out))
		goto oom;
	return 0;
oom:
	return sfb_err_set(err, SFB_EXIT_USAGE, "out of memory");
}

int
sfb_ctxstage_rec(void *ctx, const struct sfb_obj *rec, struct sfb_buf *out,
    struct sfb_err *err)
{
	struct sfb_ctxstage *st = ctx;
	struct sfb_kv kv[3 * MAXSIDE];
	size_t off[4 * MAXSIDE], i, k, nkv = 0;

	if (st->o->target != NULL)
		return target_rec(st, rec, out, err);
	st->vals.len = 0;
	for (i = 0; i < st->nside; i++) {
		const struct side *sd = &st->side[i];
		const unsigned char *s;
		size_t n;
		int rc;

		s = get_text(rec, sd->field, &st->text, &n, err);
		if (s == NULL)
			return err->status;
		st->trig.len = 0;
		st->oom = 0;
		rc = judge_text(st, s, n, err);
		if (rc == -1)
			goto oom;
		if (rc)
			return rc;
		if (put_side(st, off + 4 * i))
			goto oom;
	}
	for (i = 0; i < st->nside; i++) {
		const struct side *sd = &st->side[i];
		const char *keys[3] = {sd->status_key, sd->affirmed_key,
		    sd->ev_key};

		for (k = 0; k < (st->o->evidence ? 3u : 2u); k++) {
			kv[nkv].key = keys[k];
			kv[nkv].klen = strlen(keys[k]);
			kv[nkv].val = st->vals.p + off[4 * i + k];
			kv[nkv++].vlen = off[4 * i + k + 1] - off[4 * i + k];
		}
	}
	if (sfb_obj_splice_drop(rec, kv, nkv, st->o->drop, st->o->ndrop, out))
		goto oom;
	return 0;
oom:
	return sfb_err_set(err, SFB_EXIT_USAGE, "out of memory");
}
