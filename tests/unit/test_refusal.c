/*
 * Unit tests for lib/refusal: the decision order of the reference's
 * classify_response (blank, refusal, clinical, hedged), which pattern of
 * each list decided, texts that only the caseless equivalents or Unicode
 * whitespace make refusals, and the prefilter agreeing with the plain
 * reference order on many assembled texts, also when those texts are read
 * as escaped JSON string bodies without decoding.  Expected classes and pattern
 * indices were checked against the reference's classify_response run by
 * Python 3.11; the full Python-computed corpus is tests/golden/text.
 * The phrases of test_blocks include the near misses of the patterns
 * looked for by their heads (a head cut short or changed after its
 * fingerprint) beside their matches.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/json.h"
#include "text/refusal.h"
#include "t.h"

#define G SFB_GENUINE
#define P SFB_PARTIAL_REFUSAL
#define F SFB_FULL_REFUSAL

static const struct {
	const char *text;
	size_t n;		/* 0: strlen */
	int cls, refusal, clinical, hedged;
} cases[] = {
	/* blank after str.strip(): Python whitespace only */
	{ "", 0, F, -1, -1, -1 },
	{ " \t\n\r\v\f", 0, F, -1, -1, -1 },
	{ "\xe3\x80\x80\x1f\x1c\x1d\x1e", 0, F, -1, -1, -1 },
	{ "\xc2\x85\xc2\xa0\xe2\x80\xa8\xe2\x80\xa9\xe2\x80\x83", 0, F, -1, -1, -1 },
	{ "\xe2\x80\x8b", 0, G, -1, -1, -1 },          /* U+200B is not whitespace */
	{ "\0", 1, G, -1, -1, -1 },                     /* nor is U+0000 */
	{ "\xed\xa0\x80", 0, G, -1, -1, -1 },           /* a lone surrogate */
	/* the SPEC fixture and each refusal pattern alone */
	{ "I cannot interpret medical images.", 0, F, 1, -1, -1 },
	{ "I'm unable to help.", 0, F, 0, -1, -1 },
	{ "We cannot provide a diagnosis here.", 0, F, 2, -1, -1 },
	{ "The model is not able to analyse pictures.", 0, F, 3, -1, -1 },
	{ "I am not authorized to do that.", 0, F, 4, -1, -1 },
	{ "Please consult a qualified radiologist.", 0, F, 5, -1, -1 },
	{ "I can not offer clinical opinions.", 0, F, 6, -1, -1 },
	/* refusal plus clinical content: genuine, whatever hedges follow */
	{ "I cannot interpret medical images. Findings: mild osteophytes.", 0, G, 1, 2, -1 },
	{ "I'm unable to be sure, but this radiograph shows scoliosis.", 0, G, 0, 0, -1 },
	{ "Consult a radiologist. Impression: a radiologist might see listhesis", 0, G, 5, 5, -1 },
	{ "I'm not qualified. Diagnosis: n/a. Primary diagnosis: spondylosis", 0, G, 4, 3, -1 },
	/* refusal with a hedge only: partial */
	{ "I'm unable to diagnose. A radiologist would look for fractures.", 0, P, 0, -1, 0 },
	{ "I cannot read x-rays; possible findings could include spurs.", 0, P, 1, -1, 1 },
	{ "I am unable to. In general the spine is checked.", 0, P, 0, -1, 4 },
	/* a clinical pattern whose lookahead refuses the content */
	{ "I cannot interpret medical images. Diagnosis: unknown", 0, F, 1, -1, -1 },
	{ "I cannot interpret medical images. Impression: consult", 0, F, 1, -1, -1 },
	{ "I cannot interpret medical images. Impression: consultant", 0, G, 1, 5, -1 },
	{ "I cannot interpret medical images. Findings:   ", 0, F, 1, -1, -1 },
	/* genuine reports: no refusal pattern */
	{ "Findings: mild degenerative change. I cannot exclude a fracture.", 0, G, -1, -1, -1 },
	{ "Impression: normal lumbar spine.", 0, G, -1, -1, -1 },
	{ "I can interpret this image.", 0, G, -1, -1, -1 },
	{ "I cannot\ninterpret medical images.", 0, G, -1, -1, -1 },
	/* caseless equivalents: U+0130, U+0131, U+017F, U+212A */
	{ "\xc4\xb0 cannot interpret medical images.", 0, F, 1, -1, -1 },
	{ "\xc4\xb1'm unable to help.", 0, F, 0, -1, -1 },
	{ "Please con\xc5\xbfult a radiologist.", 0, F, 5, -1, -1 },
	{ "I cannot interpret medical images. Ri\xc5\xbf\xe2\x84\xaa: a radiologist may", 0, P, 1, -1, 0 },
	{ "I'M NOT QUAL\xc4\xb0" "F\xc4\xb0" "ED", 0, F, 4, -1, -1 },
	/* word boundaries: marks, superscripts, underscore */
	{ "I'm unable to\xcc\x81 help", 0, F, 0, -1, -1 },
	{ "I'm unable to\xc2\xb2 help", 0, G, -1, -1, -1 },
	{ "I'm unable to_ help", 0, G, -1, -1, -1 },
	{ "xI'm unable to help", 0, G, -1, -1, -1 },
	/* two-byte literals ("th", "i ", "po") held to the heads' third
	 * bytes: matches in either case, near misses beside them */
	{ "I cannot read x-rays. THE RADIOGRAPH DEMONSTRATES listhesis", 0, G, 1, 0, -1 },
	{ "I cannot read x-rays. Thee image shows, tho image shows, the image shows", 0, G, 1, 0, -1 },
	{ "I cannot read x-rays. I Detect nothing", 0, G, 1, 1, -1 },
	{ "I cannot read x-rays. i\tobserve, I  see, I ob", 0, F, 1, -1, -1 },
	{ "I cannot read x-rays. Pot possible potentIAL DIAGNOSIS", 0, P, 1, -1, 1 },
	{ "I cannot read x-rays. Pop possible conditionz, posSIBLE conditions", 0, P, 1, -1, 1 },
	{ "I cannot read x-rays. the", 0, F, 1, -1, -1 },
	{ "I cannot read x-rays. th", 0, F, 1, -1, -1 },
	/* U+0000 and a lone surrogate inside a refusal */
	{ "I cannot\0 interpret the \xed\xa0\x80 scan", 32, F, 1, -1, -1 },
	{ "Findings:\0", 10, G, -1, -1, -1 },
};

static int json_agrees(sfb_refusal *rf, const char *text, size_t n, int cls,
    int *said);

static void
test_cases(sfb_refusal *rf)
{
	for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
		size_t n = cases[k].n ? cases[k].n : strlen(cases[k].text);
		int r, c, h;
		int got = sfb_refusal_classify(rf, cases[k].text, n);
		int exp = sfb_refusal_explain(rf, cases[k].text, n, &r, &c, &h);
		int said = 0;
		t_ok(got == cases[k].cls, "case %zu: class %d, want %d", k, got, cases[k].cls);
		t_ok(exp == cases[k].cls && r == cases[k].refusal && c == cases[k].clinical &&
		     h == cases[k].hedged, "case %zu: explain %d (%d %d %d), want %d (%d %d %d)", k,
		     exp, r, c, h, cases[k].cls, cases[k].refusal, cases[k].clinical, cases[k].hedged);
		t_ok(json_agrees(rf, cases[k].text, n, cases[k].cls, &said),
		     "case %zu: json body called genuine", k);
	}
}

/* The body of text as a JSON string: style 0 and 1 as json.dumps writes
 * it (ensure_ascii off, on), 2 with every ASCII letter and space also
 * written as \\u00XX. */
static void
body(const char *text, size_t n, int style, struct sfb_buf *b)
{
	b->len = 0;
	if (style < 2) {
		sfb_json_str_encode(b, text, n, style);
		memmove(b->p, b->p + 1, b->len - 2);
		b->len -= 2;
		return;
	}
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)text[i];
		char e[8];

		if (c == ' ' || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z')) {
			snprintf(e, sizeof e, "\\u%04x", c);
			sfb_buf_put(b, e, 6);
		} else {
			struct sfb_buf one = { 0 };

			sfb_json_str_encode(&one, text + i, 1, 0);
			if (c >= 0x80) {
				/* Keep a multi-byte sequence whole. */
				size_t k = 1;

				while (i + k < n && ((unsigned char)text[i + k] & 0xC0) == 0x80)
					k++;
				one.len = 0;
				sfb_json_str_encode(&one, text + i, k, 0);
				i += k - 1;
			}
			sfb_buf_put(b, one.p + 1, one.len - 2);
			sfb_buf_free(&one);
		}
	}
}

/* sfb_refusal_genuine_json may only say genuine of a genuine text. */
static int
json_agrees(sfb_refusal *rf, const char *text, size_t n, int cls, int *said)
{
	struct sfb_buf b = { 0 };
	int ok = 1;

	for (int style = 0; style < 3; style++) {
		body(text, n, style, &b);
		if (sfb_refusal_genuine_json(rf, b.p, b.len)) {
			++*said;
			ok &= cls == SFB_GENUINE;
		}
	}
	sfb_buf_free(&b);
	return ok;
}

/* Texts assembled from pattern fragments and awkward characters: the fast
 * path (prefilter) must agree with the plain reference order on each. */
static void
test_prefilter(sfb_refusal *rf)
{
	static const char *const frag[] = {
		"I", "i", "\xc4\xb0", "\xc4\xb1", "'m", " am", " can't", " cannot", " can not", " unable to",
		" not", " able to", " qualified", " provide", " give", " medical", " clinical", " diagnostic",
		" analyze", " interpret", " read", " image", " x-ray", " scan", " consult a", " radiologist",
		" findings:", " impression:", " diagnosis:", " unknown", " a radiologist", " might", " include",
		" generally", " look for", " in general", " spine", "\n", "\xcc\x81", "\xc2\xb2", "_", ".",
		"\xe2\x80\x99", "\xe2\x84\xaa", "\xc5\xbf", "\0", "\xed\xa0\x80", "\xe3\x80\x80", " ", "CAN", "NOT",
	};
	size_t nfrag = sizeof frag / sizeof frag[0];
	unsigned long long x = 88172645463325252ULL;
	char buf[512];
	int bad = 0, badj = 0, said = 0;
	for (int it = 0; it < 200000; it++) {
		size_t n = 0;
		x ^= x << 13, x ^= x >> 7, x ^= x << 17;
		int parts = 1 + (int)(x % 12);
		for (int p = 0; p < parts; p++) {
			x ^= x << 13, x ^= x >> 7, x ^= x << 17;
			const char *f = frag[x % nfrag];
			size_t fl = f[0] ? strlen(f) : 1;
			memcpy(buf + n, f, fl);
			n += fl;
		}
		int r, c, h;
		int fast = sfb_refusal_classify(rf, buf, n);
		int slow = sfb_refusal_explain(rf, buf, n, &r, &c, &h);
		if (fast != slow && bad++ < 5)
			t_ok(0, "prefilter disagrees on '%.*s': %d vs %d", (int)n, buf, fast, slow);
		if (!json_agrees(rf, buf, n, slow, &said) && badj++ < 5)
			t_ok(0, "json body called genuine: '%.*s'", (int)n, buf);
	}
	t_ok(bad == 0, "prefilter agrees with the plain order (%d disagreements)", bad);
	t_ok(badj == 0, "json bodies called genuine only when genuine (%d)", badj);
	t_ok(said > 10000, "json bodies called genuine %d times", said);
}

/* Does the fast path agree with the plain reference order on buf[0..n)?
 * A disagreement is counted in *bad, the first five shown. */
static void
agree(sfb_refusal *rf, const char *what, const char *buf, size_t n, int *bad)
{
	int r, c, h;
	int fast = sfb_refusal_classify(rf, buf, n);
	int slow = sfb_refusal_explain(rf, buf, n, &r, &c, &h);

	if (fast != slow && (*bad)++ < 5)
		t_ok(0, "%s: '%.*s' (%zu bytes): %d vs %d", what, (int)n, buf, n, fast, slow);
}

/* Pattern phrases and near misses at every offset around the 32-byte
 * blocks and the last 34 bytes that the literal pass fingerprints in a
 * padded copy, in texts of many lengths: the fast path must agree with
 * the plain reference order on each. */
static void
test_blocks(sfb_refusal *rf)
{
	static const char *const phrase[] = {
		"I'm unable to", "I am not qualified", "I can't analyze this x-ray", "I cannot",
		"cannot provide a diagnosis", "not able to interpret", "consult a radiologist",
		"I can not give clinical", "the x-ray shows", "this image reveals", "I note",
		"Findings: x", "Findings:", "Primary diagnosis: n/a", "Diagnosis: spondylosis",
		"Impression: consult", "a radiologist may", "possible findings", "generally look for",
		"might include", "in general the spine", "th", "i ", "po", "THE X RAY INDICATES",
		"This radiograph shows", "thx-ray shows", "I DETECT", "i identify", "I\tsee",
		"Potential diagnoses", "posSIBLE CONDITIONS", "pos", "pot", "the", "thi", "Iâm unable to",
		"Ä°'m unable to", "Ä± am not able", "I can't read the Å¿can",
		"the x-rays shows", "the imagery reveals", "I noted", "I seem", "possibly findings",
		"potential conditionals", "this images reveal", "then image shows",
		/* The caseless extras and their neighbours (U+212A, U+212B,
		 * U+0132, U+017E, U+2019), for the AVX-512 extras pass. */
		"I \xe2\x84\xaa" "an't read", "i can't read the x-ray \xe2\x84\xab",
		"I can't read the x-ray \xc4\xb2", "I can't read the x-ray \xc5\xbe",
		"I can\xe2\x80\x99t read the x-ray", "I can't read the x-ray \xe2\x84",
		"please con\xc5\xbfult a radiologist", "please con\xc5\xbeult a radiologist",
	};
	static const char fill[] = { 'x', ' ', '\n', '\0', '_' };
	char buf[256];
	int bad = 0, ntexts = 0;

	for (size_t p = 0; p < sizeof phrase / sizeof phrase[0]; p++)
		for (size_t f = 0; f < sizeof fill; f++)
			for (size_t off = 0; off < 100; off++)
				for (size_t tail = 0; tail < 40; tail += 13) {
					size_t pl = strlen(phrase[p]), n = off + pl + tail;

					memset(buf, fill[f], sizeof buf);
					memcpy(buf + off, phrase[p], pl);
					/* A refusal first, so that every list is searched. */
					if (off >= 14)
						memcpy(buf, "I cannot read ", 14);
					agree(rf, "blocks", buf, n, &bad);
					ntexts++;
				}
	t_ok(bad == 0, "blocks: fast path agrees with the plain order on %d texts (%d disagree)",
	     ntexts, bad);
}

/*
 * JSON string bodies with a literal, a near miss or a byte that stops the
 * raw reading (an escape for ASCII, U+0000, a lone surrogate, a caseless
 * extra, raw or escaped) at every offset around the 32-byte blocks and the
 * padded last bytes of the one-pass AVX2 scan: it must say what the
 * portable scans say, and say genuine only of a genuine decoded text.
 */
static void
test_json_blocks(sfb_refusal *rf)
{
	static const char *const phrase[] = {
		"I'm unable to", "m unable t", "I am not ", "i am not", "I can", "I ca", "cannot provide",
		"cannot provid", "not able to", "not able t", "consult a ", "consult a", "CONSULT A ",
		"\\u0041", "\\u0000", "\\ud800", "\\u0130", "\\u0131", "\\u017f", "\\u212a",
		"\\u2019", "\\u00e9", "\\\\u0041", "\\\\", "\\n", "\\\"", "\\", "\xc4\xb0",
		"\xc4\xb1", "\xc5\xbf", "\xe2\x84\xaa", "\xe2\x80\x99", "\xc4\xa7", "\xc5\xa7",
		"\xe2\x84\xa2", "\xc3\xa9", "u", "I'm unable\\u0020to", "I\\u2019m unable to",
	};
	static const char *const fill[] = { "x", " ", "\\n", "\\u0000", "\xc3\xa9", "e" };
	char buf[512];
	int bad = 0, unsound = 0, said = 0, ntexts = 0;

	for (size_t p = 0; p < sizeof phrase / sizeof phrase[0]; p++)
		for (size_t f = 0; f < sizeof fill / sizeof fill[0]; f++)
			for (size_t off = 0; off < 140; off++)
				for (size_t tail = 0; tail < 40; tail += 3) {
					size_t pl = strlen(phrase[p]), fl = strlen(fill[f]), n = 0;

					/* A plain first byte, then fill up to off. */
					buf[n++] = 'A';
					while (n + fl <= off)
						memcpy(buf + n, fill[f], fl), n += fl;
					memcpy(buf + n, phrase[p], pl);
					n += pl;
					for (size_t k = 0; k + fl <= tail; k += fl)
						memcpy(buf + n, fill[f], fl), n += fl;
					int fast = sfb_refusal_genuine_json(rf, buf, n);
					sfb_refusal_use_avx2(rf, 0);
					int slow = sfb_refusal_genuine_json(rf, buf, n);
					sfb_refusal_use_avx2(rf, 2);
					if (fast != slow && bad++ < 5)
						t_ok(0, "json blocks: '%.*s' (%zu bytes): %d vs %d",
						     (int)n, buf, n, fast, slow);
					if (fast) {
						struct sfb_buf d = { 0 }, q = { 0 };
						struct sfb_span v;
						int r, c, h;

						said++;
						sfb_buf_put(&q, "\"", 1);
						sfb_buf_put(&q, buf, n);
						sfb_buf_put(&q, "\"", 1);
						v.p = q.p;
						v.n = q.len;
						if (sfb_json_str_decode(&v, &d) < 0 ||
						    sfb_refusal_explain(rf, d.p, d.len, &r, &c, &h) !=
						    SFB_GENUINE)
							if (unsound++ < 5)
								t_ok(0, "json blocks: '%.*s' called genuine",
								     (int)n, buf);
						sfb_buf_free(&d);
						sfb_buf_free(&q);
					}
					ntexts++;
				}
	t_ok(bad == 0, "json blocks: one pass agrees with the portable scans on %d bodies (%d disagree)",
	     ntexts, bad);
	t_ok(unsound == 0 && said > 1000 && said < ntexts,
	     "json blocks: %d of %d called genuine, %d wrongly", said, ntexts, unsound);
}

/* Phrases around the ends of occ_first_match's rounds (bytes 256 and
 * 768 of the text), after a refusal at the start or at the same place,
 * and a costly refusal pattern (tried only in the last round) before a
 * cheap one: the fast path must agree with the plain reference order. */
static void
test_rounds(sfb_refusal *rf)
{
	static const char *const lead[] = {
		"I cannot read x-rays. ", "I can't analyze this image. I'm unable to ", "x ",
	};
	static const char *const phrase[] = {
		"I'm unable to", "I am not qualified", "consult a radiologist", "I can't read the x-ray",
		"cannot provide a diagnosis", "the x-ray shows", "I note", "Findings: x",
		"Impression: consult", "a radiologist may", "possible findings", "might include",
		"generally look for", "in general the spine", "I'm unable t", "th",
	};
	static char buf[1200];
	int bad = 0, ntexts = 0;

	for (size_t a = 0; a < sizeof lead / sizeof lead[0]; a++)
		for (size_t p = 0; p < sizeof phrase / sizeof phrase[0]; p++)
			for (size_t end = 0; end < 2; end++)
				for (size_t d = 0; d < 48; d++) {
					size_t al = strlen(lead[a]), pl = strlen(phrase[p]);
					size_t at = (end ? 768 : 256) + d - 24;
					size_t n = at + pl + 5 * (d % 3) + (end ? 0 : 300 * (d % 2));

					memset(buf, ' ', sizeof buf);
					memcpy(buf, lead[a], al);
					memcpy(buf + at, phrase[p], pl);
					agree(rf, "rounds", buf, n, &bad);
					ntexts++;
				}
	t_ok(bad == 0, "rounds: fast path agrees with the plain order on %d texts (%d disagree)",
	     ntexts, bad);
}

/* Labelled clinical lines (label_match) after a refusal: every label,
 * white space and lookahead word or near miss, at the text's end and
 * before more text; the fast path must agree with the plain order. */
static void
test_labels(sfb_refusal *rf)
{
	static const char *const label[] = {
		"Diagnosis:", "PRIMARY DIAGNOSIS:", "impression:", "xdiagnosis:", "_Impression:",
		"\xc3\xa9" "diagnosis:", "Primary  diagnosis:", "Diagnosis :", "-Diagnosis:",
	};
	static const char *const space[] = {
		"", " ", "\t\n ", "\xc2\xa0", "\xe3\x80\x80", "\xe2\x80\xa8", "\x1c", "\xe2\x80\x8b",
	};
	static const char *const word[] = {
		"consult", "CONSULT", "consultant", "consult_", "see", "seen", "see\xcc\x81", "follow up",
		"follow \n up", "followup", "follow upx", "follow-up", "unknown", "unknownx", "n/a", "N/A",
		"na", "n//a", "n/ a", "n/ab", "n/a\xc3\xa9", "n", "n/", "x", "\xc3\xa9", "", "1",
	};
	static const char *const tail[] = { "", " ", ".", "\xc3\xa9" };
	char buf[256];
	int bad = 0, ntexts = 0;

	for (size_t a = 0; a < sizeof label / sizeof label[0]; a++)
		for (size_t b = 0; b < sizeof space / sizeof space[0]; b++)
			for (size_t c = 0; c < sizeof word / sizeof word[0]; c++)
				for (size_t d = 0; d < sizeof tail / sizeof tail[0]; d++) {
					int n = snprintf(buf, sizeof buf, "I cannot read x-rays. %s%s%s%s",
					                 label[a], space[b], word[c], tail[d]);
					agree(rf, "labels", buf, (size_t)n, &bad);
					ntexts++;
				}
	t_ok(bad == 0, "labels: fast path agrees with the plain order on %d texts (%d disagree)",
	     ntexts, bad);
}

/* Phrases on both sides of the offsets where occ_flush passes a
 * fingerprint to occ_hits_mid (at least 64 bytes from both ends of the
 * text) rather than occ_hits, with fills of U+0000, a lone surrogate's
 * bytes and a non-ASCII letter, and phrases whose literals share a
 * fingerprint ("ray"): the two must find the same occurrences. */
static void
test_mid(sfb_refusal *rf)
{
	static const char *const phrase[] = {
		"this x ray indicates", "the x-ray shows", "THIS X-RAY reveals the x ray shows",
		"the x-rays shows", "this radiograph demonstrates", "The image shows", "I see",
		"I detect", "i identify", "Findings: x", "Primary diagnosis: n/a",
		"Diagnosis: spondylosis", "Impression: consult", "possible findings",
		"potential conditionals", "a radiologist may", "generally look for", "might include",
		"in general the spine", "I see\xc3\xa9", "\xc3\xa9I note", "thx-ray shows",
	};
	static const char *const fill[] = { "\0", "\xed\xa0\x80", "\xc3\xa9" };
	static const size_t tails[] = { 0, 1, 2, 40, 62, 63, 64, 65, 66, 90 };
	char buf[512];
	int bad = 0, ntexts = 0;

	for (size_t p = 0; p < sizeof phrase / sizeof phrase[0]; p++)
		for (size_t f = 0; f < sizeof fill / sizeof fill[0]; f++)
			for (size_t off = 30; off < 140; off++)
				for (size_t d = 0; d < sizeof tails / sizeof tails[0]; d++) {
					size_t pl = strlen(phrase[p]), fl = f == 0 ? 1 : strlen(fill[f]);
					size_t n = off + pl + tails[d];

					for (size_t i = 0; i < sizeof buf; i++)
						buf[i] = fill[f][i % fl];
					memcpy(buf, "I cannot read ", 14);
					memcpy(buf + off, phrase[p], pl);
					agree(rf, "mid", buf, n, &bad);
					ntexts++;
				}
	t_ok(bad == 0, "mid: fast path agrees with the plain order on %d texts (%d disagree)",
	     ntexts, bad);
}

/* Near misses packed closer than a fingerprint every eight bytes (so a
 * 64-byte block of the AVX-512 pass holds more than eight candidates),
 * then a phrase that matches, or another near miss, at every offset of
 * a few blocks: the fast path must agree with the plain order. */
static void
test_packed(sfb_refusal *rf)
{
	static const char *const miss[] = {
		"I s ", "I see_ ", "I canx ", "i n ", "the x rayx ", "i c ", "m u ",
	};
	static const char *const hit[] = {
		"I see.", "I note.", "the x-ray shows", "Diagnosis: x", "I note_", "I'm unable to",
	};
	static char buf[600];
	int bad = 0, ntexts = 0;

	for (size_t a = 0; a < sizeof miss / sizeof miss[0]; a++)
		for (size_t h = 0; h < sizeof hit / sizeof hit[0]; h++)
			for (size_t at = 14; at < 300; at += 3) {
				size_t ml = strlen(miss[a]), hl = strlen(hit[h]), n = 0;

				/* A refusal first, so that every list is searched;
				 * with one later instead, the refusal list's. */
				if (h + 1 < sizeof hit / sizeof hit[0])
					memcpy(buf, "I'm unable to ", 14);
				else
					memcpy(buf, "Some text ... ", 14);
				n = 14;
				while (n + ml <= at)
					memcpy(buf + n, miss[a], ml), n += ml;
				memcpy(buf + n, hit[h], hl);
				n += hl;
				for (size_t k = 0; k < at % 7; k++)
					memcpy(buf + n, miss[a], ml), n += ml;
				agree(rf, "packed", buf, n, &bad);
				ntexts++;
			}
	t_ok(bad == 0, "packed: fast path agrees with the plain order on %d texts (%d disagree)",
	     ntexts, bad);
}

int
main(void)
{
	sfb_refusal *rf = sfb_refusal_new();
	if (!t_ok(rf != NULL, "sfb_refusal_new"))
		return t_done();
	test_cases(rf);
	test_prefilter(rf);
	test_blocks(rf);
	test_json_blocks(rf);
	test_rounds(rf);
	test_labels(rf);
	test_mid(rf);
	test_packed(rf);
	/* The same on the AVX2 paths (the above ran on the AVX-512BW ones
	 * where the CPU has them). */
	sfb_refusal_use_avx2(rf, 1);
	test_cases(rf);
	test_prefilter(rf);
	test_blocks(rf);
	test_rounds(rf);
	test_labels(rf);
	test_mid(rf);
	test_packed(rf);
	/* The same on the portable paths. */
	sfb_refusal_use_avx2(rf, 0);
	test_cases(rf);
	test_prefilter(rf);
	test_blocks(rf);
	test_rounds(rf);
	test_labels(rf);
	sfb_refusal_use_avx2(rf, 2);
	t_ok(strcmp(sfb_response_class_name(SFB_GENUINE), "genuine") == 0 &&
	     strcmp(sfb_response_class_name(SFB_PARTIAL_REFUSAL), "partial_refusal") == 0 &&
	     strcmp(sfb_response_class_name(SFB_FULL_REFUSAL), "full_refusal") == 0, "class names");
	sfb_refusal_free(rf);
	sfb_refusal_free(NULL);
	return t_done();
}
