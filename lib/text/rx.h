/*
 * rx: a small backtracking regular-expression engine with Python 3.11 `re`
 * semantics for str patterns, searching WTF-8 text (pointer + length; the
 * text may hold U+0000 and lone surrogates).  It covers what the frozen
 * refusal patterns (SPEC 3.3) and the Stage-1 primary-diagnosis patterns
 * (SPEC 7) use: literals, `.`, classes, \b \B \s \S \d \D \w \W, groups,
 * alternation, greedy and lazy quantifiers, lookaheads, ^ $ \A \Z and the
 * flags i, m, s (inline or at compile time).
 *
 * Matching visits each (branch point, position) pair at most once, so a
 * search costs at most (branch points) x (text length) steps, and the
 * backtrack stack lives on the heap: no pattern/text pair can blow the C
 * stack or run for quadratic time.  The captured spans equal Python's.
 *
 * Ownership: an sfb_rx is immutable after sfb_rx_new and may be shared
 * between threads.  An sfb_rx_scratch holds the per-search working memory;
 * use one per thread, with any number of patterns.  Spans are byte offsets
 * into the text.
 */
#ifndef SFB_RX_H
#define SFB_RX_H

#include <stddef.h>

enum {
	SFB_RX_IGNORECASE = 1,
	SFB_RX_MULTILINE = 2,
	SFB_RX_DOTALL = 4
};

/* A group that did not take part in the match. */
#define SFB_RX_UNSET ((size_t)-1)

typedef struct sfb_rx sfb_rx;
typedef struct sfb_rx_scratch sfb_rx_scratch;

/*
 * Compile pattern pat[0..len) with the given flags.  Returns NULL on a
 * syntax error or an unsupported construct (then *err, if err is not NULL,
 * points to a static message) or when out of memory (*err "out of memory").
 */
sfb_rx *sfb_rx_new(const char *pat, size_t len, int flags, const char **err);
void sfb_rx_free(sfb_rx *rx);

/* Number of capturing groups. */
size_t sfb_rx_ngroups(const sfb_rx *rx);

/*
 * A literal that every match contains, as the longest contiguous run of
 * ASCII characters the pattern requires (lowercased when the pattern is
 * case-insensitive; then text matching it may also hold U+0130, U+0131,
 * U+017F or U+212A in place of i, i, s, k).  Returns its length (0: none);
 * *lit points into rx.  Used by callers to skip texts cheaply.
 */
size_t sfb_rx_literal(const sfb_rx *rx, const char **lit);

sfb_rx_scratch *sfb_rx_scratch_new(void);
void sfb_rx_scratch_free(sfb_rx_scratch *s);

/*
 * Python's pattern.search(text): the leftmost match, found in Python's
 * backtracking order.  When spans is not NULL it receives
 * 2 * (sfb_rx_ngroups(rx) + 1) offsets: the match's start and end, then
 * each group's start and end (SFB_RX_UNSET when the group did not
 * participate).  Returns 1 on a match, 0 on none, -1 when out of memory,
 * -2 when the search gave up: an unmemoised loop (a body that can match
 * empty) backtracked past the step budget.  No frozen pattern has one.
 */
int sfb_rx_search(const sfb_rx *rx, sfb_rx_scratch *s,
                  const unsigned char *text, size_t n, size_t *spans);

/*
 * sfb_rx_search on a text the caller knows to hold none of U+0130, U+0131,
 * U+017F and U+212A: the same answer, found faster (under IGNORECASE each
 * character of the required literal is then one ASCII byte, so the search
 * for it may look for its rarest byte).
 */
int sfb_rx_search_plain(const sfb_rx *rx, sfb_rx_scratch *s,
                        const unsigned char *text, size_t n, size_t *spans);

/*
 * Python's \b at byte offset pos of the WTF-8 text t[0..n): 1 when
 * exactly one of the characters before and at pos is a word character
 * (Unicode, as \w); 0 on an empty text.
 */
int sfb_rx_wordb(const unsigned char *t, size_t n, size_t pos);

/* A rough cost of searching with rx, for callers ordering patterns: its
 * number of branch points. */
size_t sfb_rx_cost(const sfb_rx *rx);

/*
 * Can sfb_rx_search_at take the required literal's occurrences: is it at
 * least two characters, at a bounded distance from a match's start?
 */
int sfb_rx_windowed(const sfb_rx *rx);

/*
 * For a windowed pattern whose required literal begins every match (0
 * code points from its start) and whose heads are known: sets set[c] for
 * each byte c, ORed with 0x20, that byte j of a match may hold in a text
 * where each character is one byte (the heads' byte j), and returns 1.
 * Returns 0, set untouched, when that is not known.  A caller finding
 * the literal's occurrences for sfb_rx_search_at may skip those followed
 * by another byte: no match starts there.
 */
int sfb_rx_start_byte(const sfb_rx *rx, size_t j, unsigned char set[256]);

/*
 * For a windowed pattern whose required literal begins every match and
 * whose heads are known: copies head k (of up to 16 bytes, letters
 * lowercased under IGNORECASE) to s and returns its length; 0 when k is
 * past the last head or that is not known.  In a text where each
 * character is one byte, every match begins with one of the heads (ASCII
 * case ignored under IGNORECASE), so the offsets where the heads occur
 * may stand for the literal's occurrences in sfb_rx_search_at.
 */
size_t sfb_rx_head(const sfb_rx *rx, size_t k, unsigned char s[16]);

/*
 * sfb_rx_search_plain (the same condition on the text) for a windowed
 * pattern, given occ[0..nocc): in increasing order, byte offsets that
 * include every one where the required literal (sfb_rx_literal) occurs,
 * or every one where a head (sfb_rx_head) occurs, each character one
 * byte, ASCII case ignored under IGNORECASE (more offsets only cost
 * time).  The same answer, without a scan of its own: for callers that
 * find several patterns' literals in one pass.
 */
int sfb_rx_search_at(const sfb_rx *rx, sfb_rx_scratch *s,
                     const unsigned char *text, size_t n, const size_t *occ,
                     size_t nocc, size_t *spans);

/*
 * sfb_rx_search trying the pattern at every possible start in turn, as
 * Python does, instead of only near the required literal's occurrences:
 * the reference that tests hold the faster searches to.
 */
int sfb_rx_search_every(const sfb_rx *rx, sfb_rx_scratch *s,
                        const unsigned char *text, size_t n, size_t *spans);

#endif
