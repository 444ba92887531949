/* negex_pat.c - the target phrase as GenNegEx compiles it: a Java regular
 * expression with CASE_INSENSITIVE (ASCII letters only), matched by
 * backtracking in Java's order (greedy quantifiers, alternatives left to
 * right), the subset negex.h names. */
#include <stdint.h>
#include <stdlib.h>

#include "core/ucd.h"
#include "text/negex.h"

enum { N_CHAR, N_ANY, N_GROUP };

struct seq;

struct node {
	int type;
	uint32_t cp;            /* N_CHAR, ASCII letters lowered */
	int min, max;           /* max -1: no bound */
	struct seq *alt;        /* N_GROUP */
	size_t nalt;
};

struct seq {
	struct node *nodes;
	size_t n;
};

struct sfb_negex_pat {
	struct seq top;         /* one alternative list as a group */
	struct node root;
};

struct parse {
	const unsigned char *p;
	size_t n, i;
	const char *why;
	int depth;
};

static void free_node(struct node *nd);

static void
free_seq(struct seq *sq)
{
	size_t i;

	for (i = 0; i < sq->n; i++)
		free_node(&sq->nodes[i]);
	free(sq->nodes);
}

static void
free_node(struct node *nd)
{
	size_t i;

	for (i = 0; i < nd->nalt; i++)
		free_seq(&nd->alt[i]);
	free(nd->alt);
}

static uint32_t
fold(uint32_t c)
{
	return c >= 'A' && c <= 'Z' ? c + 32 : c;
}

static int parse_alts(struct parse *ps, struct node *grp);

static int
push(struct seq *sq, const struct node *nd)
{
	struct node *t = realloc(sq->nodes, (sq->n + 1) * sizeof *t);

	if (t == NULL)
		return -1;
	sq->nodes = t;
	sq->nodes[sq->n++] = *nd;
	return 0;
}

/* One alternative: atoms with quantifiers up to "|", ")" or the end. */
static int
parse_seq(struct parse *ps, struct seq *sq)
{
	while (ps->i < ps->n) {
		unsigned c = ps->p[ps->i];
		struct node nd = {0};

		if (c == '|' || c == ')')
			return 0;
		nd.min = nd.max = 1;
		if (c == '*' || c == '+' || c == '?') {
			struct node *last = sq->n ? &sq->nodes[sq->n - 1] : NULL;

			if (last == NULL || last->min != 1 || last->max != 1) {
				ps->why = last == NULL ?
				    "Dangling meta character" :
				    "quantifier after a quantifier";
				return -1;
			}
			last->min = c == '+';
			last->max = c == '?' ? 1 : -1;
			ps->i++;
			if (ps->i < ps->n && (ps->p[ps->i] == '?' ||
			    ps->p[ps->i] == '+')) {
				ps->why = "lazy or possessive quantifier";
				return -1;
			}
			continue;
		}
		if (c == '[' || c == '{' || c == '^' || c == '$') {
			ps->why = "character classes, counted repetition and "
			    "anchors are not supported";
			return -1;
		}
		if (c == '.') {
			nd.type = N_ANY;
			ps->i++;
		} else if (c == '(') {
			ps->i++;
			if (ps->i + 1 < ps->n && ps->p[ps->i] == '?') {
				if (ps->p[ps->i + 1] != ':') {
					ps->why = "special groups are not "
					    "supported";
					return -1;
				}
				ps->i += 2;
			}
			nd.type = N_GROUP;
			if (++ps->depth > 100) {
				ps->why = "groups nested too deep";
				return -1;
			}
			if (parse_alts(ps, &nd) < 0) {
				free_node(&nd);
				return -1;
			}
			ps->depth--;
			if (ps->i >= ps->n) {
				free_node(&nd);
				ps->why = "Unclosed group";
				return -1;
			}
			ps->i++;
		} else if (c == '\\') {
			if (++ps->i >= ps->n) {
				ps->why = "Unexpected internal error";
				return -1;
			}
			c = ps->p[ps->i];
			if ((c >= '0' && c <= '9') || (c | 32) - 'a' < 26) {
				ps->why = "escapes other than of punctuation "
				    "are not supported";
				return -1;
			}
			nd.type = N_CHAR;
			nd.cp = c;
			if (c >= 0x80) {
				size_t adv;

				nd.cp = sfb_utf8_next(ps->p + ps->i,
				    ps->n - ps->i, &adv);
				ps->i += adv;
			} else {
				ps->i++;
			}
		} else {
			size_t adv = 1;

			nd.type = N_CHAR;
			nd.cp = c < 0x80 ? fold(c) :
			    sfb_utf8_next(ps->p + ps->i, ps->n - ps->i, &adv);
			ps->i += adv;
		}
		if (push(sq, &nd) < 0) {
			free_node(&nd);
			ps->why = "out of memory";
			return -1;
		}
	}
	return 0;
}

static int
parse_alts(struct parse *ps, struct node *grp)
{
	for (;;) {
		struct seq *t = realloc(grp->alt, (grp->nalt + 1) * sizeof *t);

		if (t == NULL) {
			ps->why = "out of memory";
			return -1;
		}
		grp->alt = t;
		grp->alt[grp->nalt].nodes = NULL;
		grp->alt[grp->nalt].n = 0;
		grp->nalt++;
		if (parse_seq(ps, &grp->alt[grp->nalt - 1]) < 0)
			return -1;
		if (ps->i < ps->n && ps->p[ps->i] == '|') {
			ps->i++;
			continue;
		}
		return 0;
	}
}

struct sfb_negex_pat *
sfb_negex_pat_new(const unsigned char *p, size_t n, const char **why)
{
	struct sfb_negex_pat *pat = calloc(1, sizeof *pat);
	struct parse ps = {0};

	if (pat == NULL) {
		*why = "out of memory";
		return NULL;
	}
	/* phrase.trim() */
	while (n > 0 && p[0] <= ' ') {
		p++;
		n--;
	}
	while (n > 0 && p[n - 1] <= ' ')
		n--;
	ps.p = p;
	ps.n = n;
	pat->root.type = N_GROUP;
	pat->root.min = pat->root.max = 1;
	if (parse_alts(&ps, &pat->root) < 0 || ps.i < ps.n) {
		*why = ps.why != NULL ? ps.why : "Unmatched closing ')'";
		sfb_negex_pat_free(pat);
		return NULL;
	}
	return pat;
}

void
sfb_negex_pat_free(struct sfb_negex_pat *pat)
{
	if (pat == NULL)
		return;
	free_node(&pat->root);
	free(pat);
}

/* What is left to match after a node: the rest of a sequence, or another
 * round of a repeated group. */
struct k {
	int rep;
	const struct seq *sq;
	size_t i;
	const struct node *nd;
	int count;
	size_t start;
	const struct k *next;
};

struct m {
	const unsigned char *s;
	size_t n;
	size_t end;
};

static int m_seq(struct m *m, const struct seq *sq, size_t i, size_t pos,
    const struct k *k);
static int m_rep(struct m *m, const struct node *nd, int count, size_t pos,
    const struct k *k);

static int
m_cont(struct m *m, const struct k *k, size_t pos)
{
	if (k == NULL) {
		m->end = pos;
		return 1;
	}
	if (!k->rep)
		return m_seq(m, k->sq, k->i, pos, k->next);
	/* An empty round of a group ends the loop, as in Java. */
	if (pos == k->start && k->count > k->nd->min)
		return 0;
	return m_rep(m, k->nd, k->count, pos, k->next);
}

/* One character node at pos: its length, or 0. */
static size_t
one(const struct m *m, const struct node *nd, size_t pos)
{
	uint32_t c;
	size_t adv = 1;

	if (pos >= m->n)
		return 0;
	c = m->s[pos] < 0x80 ? m->s[pos] :
	    sfb_utf8_next(m->s + pos, m->n - pos, &adv);
	if (nd->type == N_ANY)
		return c == '\n' || c == '\r' || c == 0x85 || c == 0x2028 ||
		    c == 0x2029 ? 0 : adv;
	return fold(c) == nd->cp ? adv : 0;
}

static int
m_rep(struct m *m, const struct node *nd, int count, size_t pos,
    const struct k *k)
{
	size_t a;

	if (nd->max < 0 || count < nd->max) {
		struct k again = {1, NULL, 0, nd, count + 1, pos, k};

		for (a = 0; a < nd->nalt; a++)
			if (m_seq(m, &nd->alt[a], 0, pos, &again))
				return 1;
	}
	return count >= nd->min && m_cont(m, k, pos);
}

static int
m_seq(struct m *m, const struct seq *sq, size_t i, size_t pos,
    const struct k *k)
{
	const struct node *nd;
	struct k rest;

	if (i == sq->n)
		return m_cont(m, k, pos);
	nd = &sq->nodes[i];
	rest = (struct k){0, sq, i + 1, NULL, 0, 0, k};
	if (nd->type == N_GROUP)
		return m_rep(m, nd, 0, pos, &rest);
	/* A character node: as many as allowed, then give back one at a
	 * time. */
	{
		size_t p = pos, adv;
		int c = 0;

		while ((nd->max < 0 || c < nd->max) &&
		    (adv = one(m, nd, p)) != 0) {
			p += adv;
			c++;
		}
		for (;;) {
			if (c < nd->min)
				return 0;
			if (m_seq(m, sq, i + 1, p, k))
				return 1;
			if (c-- == 0)
				return 0;
			/* Give back one code point: step back over UTF-8;
			 * where that does not retrace the step forward (bytes
			 * that are not UTF-8), walk the c kept again. */
			{
				size_t q = p;
				int t;

				do
					p--;
				while (p > pos && (m->s[p] & 0xC0) == 0x80);
				if (p + one(m, nd, p) != q)
					for (p = pos, t = 0; t < c; t++)
						p += one(m, nd, p);
			}
		}
	}
}

size_t
sfb_negex_pat_find(const struct sfb_negex_pat *pat, const unsigned char *s,
    size_t n, struct sfb_negex_mark *marks, size_t cap)
{
	struct m m = {s, n, 0};
	size_t from = 0, count = 0, st;

	while (from <= n) {
		for (st = from; st <= n; st++) {
			if (st < n && st > 0 && (s[st] & 0xC0) == 0x80)
				continue;
			if (m_rep(&m, &pat->root, 0, st, NULL))
				break;
		}
		if (st > n)
			break;
		if (count < cap) {
			marks[count].start = st;
			marks[count].end = m.end;
		}
		count++;
		from = m.end > st ? m.end : st + 1;
	}
	return count;
}
