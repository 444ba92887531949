/*
 * refusal.h - the response class of a report (SPEC 3.3): genuine, partial
 * refusal or full refusal, decided exactly as the reference's
 * classify_response with Python `re` semantics (lib/rx), plus an exact
 * prefilter so that the regex engine runs only on texts where a refusal
 * pattern can match.
 *
 * Ownership: an sfb_refusal holds the compiled registry and matching
 * scratch; it is not safe to share between threads (make one per thread).
 * Texts are WTF-8, pointer and length.
 */
#ifndef SFB_REFUSAL_H
#define SFB_REFUSAL_H

#include <stddef.h>

enum sfb_response_class {
	SFB_GENUINE,
	SFB_PARTIAL_REFUSAL,
	SFB_FULL_REFUSAL
};

typedef struct sfb_refusal sfb_refusal;

/* NULL when out of memory. */
sfb_refusal *sfb_refusal_new(void);
void sfb_refusal_free(sfb_refusal *rf);

/* The class of text[0..n), or -1 when out of memory. */
int sfb_refusal_classify(sfb_refusal *rf, const char *text, size_t n);

/*
 * 1 when the text a JSON string body stands for (body: the validated token
 * without its quotes, escapes included) is surely genuine by the literal
 * prefilter alone, without decoding it; 0 when that needs the decoded
 * text and sfb_refusal_classify.
 */
int sfb_refusal_genuine_json(sfb_refusal *rf, const char *body, size_t n);

/* "genuine", "partial_refusal", "full_refusal". */
const char *sfb_response_class_name(enum sfb_response_class c);

/*
 * For tests: which stage decided.  Sets *refusal, *clinical, *hedged to
 * the index of the first matching pattern of each list, or -1 (a list is
 * only searched when the decision needs it, as in the reference).  Returns
 * the class, or -1 when out of memory.
 */
int sfb_refusal_explain(sfb_refusal *rf, const char *text, size_t n,
                        int *refusal, int *clinical, int *hedged);

/* For tests: 0 keeps rf off its AVX2 paths (the portable ones then run),
 * 1 puts it back on them where the CPU has AVX2, 2 (as made) also on its
 * AVX-512BW ones where the CPU has AVX-512BW. */
void sfb_refusal_use_avx2(sfb_refusal *rf, int on);

#endif
