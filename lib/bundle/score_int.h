/* score_int.h - what the parts of the scorer (score.c, score_scope.c)
 * share: a string table, Python's str.strip() test, and the scope loader.
 * Not a public interface. */
#ifndef SFB_SCORE_INT_H
#define SFB_SCORE_INT_H

#include <stddef.h>
#include <stdint.h>

#include "core/buf.h"
#include "bundle/score.h"

/* Interned byte strings with dense indices 0..n-1 (insertion order). */
struct strtab {
	struct sfb_buf bytes;
	size_t *off, *len;
	size_t n, cap;
	size_t *slot;		/* open addressing: index + 1, 0 empty */
	size_t nslot;
};

void strtab_free(struct strtab *t);
/* Index of s, adding it when absent (*added says which); -1 out of memory. */
long strtab_add(struct strtab *t, const char *s, size_t n, int *added);
long strtab_find(const struct strtab *t, const char *s, size_t n);

static inline const char *
strtab_str(const struct strtab *t, size_t i, size_t *n)
{
	*n = t->len[i];
	return t->bytes.p + t->off[i];
}

/* Order of two byte strings (code-point order for UTF-8 and WTF-8). */
int bytes_cmp(const char *a, size_t an, const char *b, size_t bn);

/* s[0..n) without the leading and trailing characters Python's
 * str.strip() removes. */
void py_strip(const char **s, size_t *n);
/* str.strip() leaves something. */
int py_nonblank(const char *s, size_t n);

int msg_set(struct sfb_buf *msg, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* The pairs of a scope: pair ids (index = QC manifest row order) with the
 * source id of each, and which of them the scope expects. */
struct scope {
	struct strtab pairs;	/* every QC-passed pair id */
	struct strtab sources;	/* source ids */
	size_t *source;		/* pairs index -> sources index */
	unsigned char *expected;	/* pairs index -> in the scope */
	size_t nexpected;
	struct {
		const char *rel[3];
		char hex[3][65];
		size_t n;
	} verified;		/* manifests checked against the pins */
};

void scope_free(struct scope *sc);

/* Check the pins of a named scope, then read its pairs from the bundle.
 * For "toy", submitted is the table of submitted pair ids.  Returns 0, or
 * -1 with the reference's message in *msg. */
int scope_load(struct scope *sc, const char *root, const char *scope,
    const struct sfb_score_pins *pins, const struct strtab *submitted,
    struct sfb_buf *msg);

#endif
