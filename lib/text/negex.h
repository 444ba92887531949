/* negex.h - NegEx exactly as GenNegEx v1.2 (Chapman et al.; Java by Imre
 * Solti, repository chapmanbe/negex) decides it, for one sentence and one
 * target at a time (SPEC 15).
 *
 * GenNegEx works by rewriting the sentence: it puts "." around it, tags
 * every occurrence of the target as " [PHRASE]target[PHRASE]", then, for
 * each trigger of lib/text/negex/negex_triggers.txt, longest first in the
 * order of its own exchange sort, replaces every match of
 * [punct-or-space](words)[punct-or-space] with " [TAG]match[TAG] ", splits
 * the result at white space and walks the tokens: pre-negation forward,
 * post-negation backward, then pre- and post-possible, each scope ending at
 * a termination, a pseudo-negation or a trigger of another type.  This
 * module repeats those string operations byte for byte, Java's regex
 * semantics included (ASCII-only case folding, \p{Punct} and \s; the
 * replacement text copied from the first match; "$" and "\" in it), and
 * skips the work only where it cannot change the answer.
 *
 * Text is pointer and length (WTF-8; U+0000 and lone surrogates are
 * ordinary characters).  Ownership: a matcher from sfb_negex_new owns its
 * scratch space, so one matcher serves one thread; results point into it
 * and stay valid until the next call. */
#ifndef SFB_NEGEX_H
#define SFB_NEGEX_H

#include <stddef.h>

enum sfb_negex_type {
	SFB_NEGEX_PREN, SFB_NEGEX_POST, SFB_NEGEX_PREP, SFB_NEGEX_POSP,
	SFB_NEGEX_PSEU, SFB_NEGEX_CONJ,
};

enum sfb_negex_status {
	SFB_NEGEX_AFFIRMED, SFB_NEGEX_POSSIBLE, SFB_NEGEX_NEGATED,
};

/* "affirmed", "possible", "negated". */
const char *sfb_negex_status_name(enum sfb_negex_status st);

/* A vendored trigger (registry_negex.h). */
struct sfb_negex_trigger {
	const char *words;      /* lowercase ASCII words, one space apart */
	enum sfb_negex_type type;
};

/* The trigger list, in file order. */
const struct sfb_negex_trigger *sfb_negex_triggers(size_t *n);

/* One occurrence of the target: bytes [start, end) of the sentence. */
struct sfb_negex_mark {
	size_t start, end;
};

/* The decision, and the trigger whose scope gave it: its words as the
 * sentence wrote them (spaces for the white space between them), or
 * NULL for affirmed (or for a status the sentence itself spelled out). */
struct sfb_negex_result {
	enum sfb_negex_status status;
	const char *trigger;
	size_t trigger_len;
};

struct sfb_negex;

/* NULL when out of memory. */
struct sfb_negex *sfb_negex_new(void);
void sfb_negex_free(struct sfb_negex *nx);

/* Before judging targets in a sentence: 0 when no target whose
 * occurrences have no ASCII letter or digit on either side (as the frozen
 * synonyms' whole-word matches) can be anything but affirmed there (no
 * trigger that could open a scope, no "["), 1 otherwise.  (Tagging a
 * target that begins inside a word, as "fracture" in "nofracture", puts a
 * space after "no".)  It also keeps the candidate triggers for
 * sfb_negex_judge on the same s and n.  Cheap; judgements are exact
 * either way. */
int sfb_negex_may_scope(struct sfb_negex *nx, const unsigned char *s,
    size_t n);

/* Judge the target whose occurrences in s[0..n) are marks[0..nmarks)
 * (sorted, not overlapping): every occurrence is tagged with its own text
 * (first_text 0) or, as GenNegEx's replaceAll does for a target pattern,
 * with the text of the first.  Returns 0; -1 when out of memory; -2 where
 * GenNegEx itself throws (a "$" or a trailing "\" in a replacement text;
 * sfb_negex_why says which). */
int sfb_negex_judge(struct sfb_negex *nx, const unsigned char *s, size_t n,
    const struct sfb_negex_mark *marks, size_t nmarks, int first_text,
    struct sfb_negex_result *res);

struct sfb_negex_pat;

/* negCheck(s, phrase, rules, true) itself: the target is a compiled
 * phrase pattern, searched in "." + s + "." (anywhere, any case). */
int sfb_negex_judge_pat(struct sfb_negex *nx, const unsigned char *s,
    size_t n, const struct sfb_negex_pat *pat, struct sfb_negex_result *res);

const char *sfb_negex_why(const struct sfb_negex *nx);

/* For tests: judge with the plain byte-at-a-time scans (plain 1) that the
 * fast ones (0, the default) must agree with on every input. */
void sfb_negex_set_plain(struct sfb_negex *nx, int plain);

/* A target phrase as GenNegEx compiles it: Pattern.compile(phrase.trim(),
 * CASE_INSENSITIVE).  The subset of Java's syntax supported: literal
 * characters, ".", "\" before a non-alphanumeric character, groups "( )"
 * and "(?: )" with "|", and the greedy quantifiers "?", "*", "+".
 * Anything else (or a syntax error) gives NULL and a reason in *why. */

struct sfb_negex_pat *sfb_negex_pat_new(const unsigned char *p, size_t n,
    const char **why);
void sfb_negex_pat_free(struct sfb_negex_pat *pat);

/* Every match, left to right, as Java's Matcher.find finds them; at most
 * cap are stored, the count of all is returned. */
size_t sfb_negex_pat_find(const struct sfb_negex_pat *pat,
    const unsigned char *s, size_t n, struct sfb_negex_mark *marks,
    size_t cap);

#endif
