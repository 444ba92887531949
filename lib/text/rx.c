/*
 * rx: Python-`re`-compatible regex engine over WTF-8 text.  A pattern is
 * parsed into a tree, analysed for a required literal (for callers'
 * prefilters), and compiled to a small instruction program that a
 * backtracking interpreter runs in Python's priority order.  See rx.h.
 *
 * Which starts a search tries: Python tries each in turn and keeps the
 * first that matches.  When the required literal lies a bounded number of
 * code points (litlo..lithi) after every match's start, only starts up to
 * 4 * lithi bytes before one of its occurrences can match, so only those
 * are tried, still in increasing order: the same first match.  A start
 * must also begin one of the heads (strings every match begins with)
 * where each character is one byte.  sfb_rx_search_every keeps Python's
 * plain loop as the reference.
 */
#include "text/rx.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "core/ucd.h"

/* ---- parse tree ------------------------------------------------------ */

enum nkind {
	N_EMPTY, N_CHAR, N_ANY, N_CLASS, N_ASSERT, N_GROUP, N_CAT, N_ALT,
	N_REPEAT, N_LOOK
};

enum assert_kind { A_BOL, A_EOL, A_BEGIN, A_END, A_WORDB, A_NWORDB };

#define RX_INF UINT32_MAX

struct node {
	int kind;
	uint32_t c;       /* N_CHAR code point; N_CLASS index; N_ASSERT kind */
	int cap;          /* N_GROUP: capture number, 0 for (?:...) */
	int neg;          /* N_LOOK: negative */
	int greedy;       /* N_REPEAT */
	uint32_t min, max; /* N_REPEAT */
	int child;        /* first child, -1 if none */
	int next;         /* next sibling, -1 if none */
};

/* Category bits inside a class. */
enum { CAT_S = 1, CAT_NS = 2, CAT_D = 4, CAT_ND = 8, CAT_W = 16, CAT_NW = 32 };

struct rxclass {
	int neg;
	int cats;
	size_t nranges;
	uint32_t *ranges;           /* pairs lo, hi */
	unsigned char ascii[128];   /* final answer for ASCII code points */
};

/* ---- program --------------------------------------------------------- */

enum op {
	OP_CHAR, OP_CHARI, OP_ANY, OP_ANYNL, OP_CLASS,
	OP_BOL, OP_EOL, OP_MBOL, OP_MEOL, OP_BEGIN, OP_END, OP_WORDB, OP_NWORDB,
	OP_SPLIT, OP_JMP, OP_SAVE, OP_LOOK, OP_LOOKEND, OP_MATCH,
	OP_LOOPINIT, OP_LOOPCHK
};

struct inst {
	uint8_t op;
	uint8_t neg;      /* OP_LOOK */
	uint8_t run;      /* OP_CHAR, OP_CHARI: ASCII characters from here on
	                   * (struct run_words rx->runs[y]), when 2 or more */
	uint32_t c;       /* char, class index, save slot, lookahead index */
	uint32_t x, y;    /* jump targets; OP_SPLIT prefers x */
	uint32_t memo;    /* OP_SPLIT: row in the visited bitmap, or NOMEMO */
	uint32_t guard;   /* OP_SPLIT: guard of branch x, or NOGUARD */
	uint32_t yguard;  /* OP_SPLIT: guard of branch y, or NOGUARD */
};

struct guard {
	unsigned char bits[32];     /* bytes the preferred branch can start with */
};

#define NOGUARD UINT32_MAX

/*
 * A run of consecutive OP_CHAR / OP_CHARI instructions for ASCII
 * characters, compared eight bytes at a time: text word | f, masked with
 * m, equals w.  Exact where it matches: each text byte is then ASCII and
 * equal to its character (f holds 0x20 only for a letter of an OP_CHARI,
 * and a byte ORed with 0x20 is a letter only if it is one), which is
 * what the instructions one by one would accept, a byte each.  Where it
 * does not, the instructions run one by one.
 */
#define RUN_MAX 16

struct run_words {
	uint64_t w[2], m[2], f[2];
};

#define NOMEMO UINT32_MAX
#define LOOPFAIL UINT32_MAX

#define LIT_MAX 128

/*
 * Heads: strings of up to 16 ASCII characters (lowercased under
 * IGNORECASE), one of which every match begins with: its first consuming
 * items, alternations and small classes expanded.  A start whose bytes
 * begin none of them is not tried.  Byte for byte this is exact where
 * each character is one byte: without IGNORECASE, or in a text without
 * the four caseless extras.  Each head is compared as two words: text
 * word | f, masked with m, equals w.
 */
#define HEAD_MAX 16
#define HEAD_LEN 16

struct head {
	uint64_t w[2], m[2], f[2];
	size_t len;
};

struct sfb_rx {
	int flags;
	size_t ngroups;
	struct inst *prog;
	size_t nprog;
	size_t nmemo;
	size_t nlook;
	size_t nloops;
	struct rxclass *classes;
	size_t nclasses;
	unsigned char first[256];   /* bytes at which a match may start */
	int anystart;               /* a match may be empty: try every start */
	char lit[LIT_MAX];
	size_t nlit;
	size_t litscan;             /* position in lit that the search scans for */
	size_t litscan_plain;       /* the same in a text without the four
	                             * caseless extras (sfb_rx_search_plain) */
	uint32_t litlo, lithi;      /* code points from a match's start to lit;
	                             * lithi RX_INF: not bounded */
	char pre[LIT_MAX];          /* every match starts with it (ASCII) */
	size_t npre;
	unsigned char fb[4];        /* the first bytes, when there are few */
	int nfb;                    /* 0: use first[] */
	struct guard *guards;
	struct run_words *runs;     /* for instructions with run >= 2 */
	struct head heads[HEAD_MAX];
	int nheads;                 /* 0: no heads known */
};

/* ---- parser ---------------------------------------------------------- */

struct parser {
	const char *p;
	size_t n, i;
	int flags;
	int ncap;
	int in_look;
	struct node *nodes;
	size_t nnodes, capnodes;
	struct rxclass *classes;
	size_t nclasses, capclasses;
	const char *err;
};

static int
node_add(struct parser *ps, int kind)
{
	if (ps->nnodes == ps->capnodes) {
		size_t cap = ps->capnodes ? 2 * ps->capnodes : 64;
		struct node *nn = realloc(ps->nodes, cap * sizeof *nn);
		if (!nn) {
			ps->err = "out of memory";
			return -1;
		}
		ps->nodes = nn;
		ps->capnodes = cap;
	}
	struct node *nd = &ps->nodes[ps->nnodes];
	memset(nd, 0, sizeof *nd);
	nd->kind = kind;
	nd->child = -1;
	nd->next = -1;
	return (int)ps->nnodes++;
}

static int parse_alt(struct parser *ps);

static int
peek(const struct parser *ps)
{
	return ps->i < ps->n ? (unsigned char)ps->p[ps->i] : -1;
}

static int
is_ascii_letter(uint32_t c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* Escapes that stand for one character, shared by classes and atoms. */
static int
simple_escape(int e, uint32_t *c)
{
	switch (e) {
	case 'n': *c = '\n'; return 1;
	case 't': *c = '\t'; return 1;
	case 'r': *c = '\r'; return 1;
	case 'f': *c = '\f'; return 1;
	case 'v': *c = '\v'; return 1;
	case 'a': *c = '\a'; return 1;
	case '0': *c = 0; return 1;
	}
	if (e >= 0 && e < 128 && !is_ascii_letter((uint32_t)e) && !(e >= '0' && e <= '9')) {
		*c = (uint32_t)e;
		return 1;
	}
	return 0;
}

static int
category_bit(int e)
{
	switch (e) {
	case 's': return CAT_S;
	case 'S': return CAT_NS;
	case 'd': return CAT_D;
	case 'D': return CAT_ND;
	case 'w': return CAT_W;
	case 'W': return CAT_NW;
	}
	return 0;
}

static int
cat_member(int cats, uint32_t c)
{
	if ((cats & CAT_S) && sfb_ucd_isspace(c))
		return 1;
	if ((cats & CAT_NS) && !sfb_ucd_isspace(c))
		return 1;
	if ((cats & CAT_D) && sfb_ucd_isdigit(c))
		return 1;
	if ((cats & CAT_ND) && !sfb_ucd_isdigit(c))
		return 1;
	if ((cats & CAT_W) && sfb_ucd_isword(c))
		return 1;
	if ((cats & CAT_NW) && !sfb_ucd_isword(c))
		return 1;
	return 0;
}

static int
class_raw_member(const struct rxclass *cl, uint32_t c)
{
	for (size_t k = 0; k < cl->nranges; k++)
		if (c >= cl->ranges[2 * k] && c <= cl->ranges[2 * k + 1])
			return 1;
	return cat_member(cl->cats, c);
}

/* Under IGNORECASE a code point matches when it or its ASCII refold does. */
static int
class_member(const struct rxclass *cl, int icase, uint32_t c)
{
	int m = class_raw_member(cl, c);
	if (!m && icase) {
		uint32_t f = sfb_ucd_refold(c);
		if (f != c)
			m = class_raw_member(cl, f);
	}
	return m != cl->neg;
}

static int
range_add(struct parser *ps, struct rxclass *cl, uint32_t lo, uint32_t hi)
{
	uint32_t *r = realloc(cl->ranges, (cl->nranges + 1) * 2 * sizeof *r);
	if (!r) {
		ps->err = "out of memory";
		return -1;
	}
	cl->ranges = r;
	r[2 * cl->nranges] = lo;
	r[2 * cl->nranges + 1] = hi;
	cl->nranges++;
	return 0;
}

/* Adds lo..hi and, under IGNORECASE, the other ASCII case of its letters. */
static int
range_add_cased(struct parser *ps, struct rxclass *cl, uint32_t lo, uint32_t hi)
{
	if (range_add(ps, cl, lo, hi) < 0)
		return -1;
	if (!(ps->flags & SFB_RX_IGNORECASE))
		return 0;
	uint32_t a = lo > 'A' ? lo : 'A', b = hi < 'Z' ? hi : 'Z';
	if (a <= b && range_add(ps, cl, a + 32, b + 32) < 0)
		return -1;
	a = lo > 'a' ? lo : 'a';
	b = hi < 'z' ? hi : 'z';
	if (a <= b && range_add(ps, cl, a - 32, b - 32) < 0)
		return -1;
	return 0;
}

/* Reads one class item character (after '[' content); -1 on error. */
static int
class_char(struct parser *ps, uint32_t *c, int *cat)
{
	*cat = 0;
	int ch = peek(ps);
	if (ch < 0) {
		ps->err = "unterminated character set";
		return -1;
	}
	ps->i++;
	if (ch >= 0x80) {
		ps->err = "non-ASCII pattern";
		return -1;
	}
	if (ch != '\\') {
		*c = (uint32_t)ch;
		return 0;
	}
	int e = peek(ps);
	if (e < 0) {
		ps->err = "bad escape (end of pattern)";
		return -1;
	}
	ps->i++;
	if ((*cat = category_bit(e)) != 0)
		return 0;
	if (e == 'b') {
		*c = '\b';
		return 0;
	}
	if (simple_escape(e, c))
		return 0;
	ps->err = "bad escape in character set";
	return -1;
}

static int
parse_class(struct parser *ps)
{
	if (ps->nclasses == ps->capclasses) {
		size_t cap = ps->capclasses ? 2 * ps->capclasses : 8;
		struct rxclass *nc = realloc(ps->classes, cap * sizeof *nc);
		if (!nc) {
			ps->err = "out of memory";
			return -1;
		}
		ps->classes = nc;
		ps->capclasses = cap;
	}
	struct rxclass *cl = &ps->classes[ps->nclasses++];
	memset(cl, 0, sizeof *cl);
	if (peek(ps) == '^') {
		cl->neg = 1;
		ps->i++;
	}
	int firstitem = 1;
	for (;;) {
		int ch = peek(ps);
		if (ch < 0) {
			ps->err = "unterminated character set";
			return -1;
		}
		if (ch == ']' && !firstitem) {
			ps->i++;
			break;
		}
		firstitem = 0;
		uint32_t lo, hi;
		int cat;
		if (class_char(ps, &lo, &cat) < 0)
			return -1;
		if (cat) {
			cl->cats |= cat;
			continue;
		}
		hi = lo;
		if (peek(ps) == '-' && ps->i + 1 < ps->n && ps->p[ps->i + 1] != ']') {
			ps->i++;
			if (class_char(ps, &hi, &cat) < 0)
				return -1;
			if (cat || hi < lo) {
				ps->err = "bad character range";
				return -1;
			}
		}
		if (range_add_cased(ps, cl, lo, hi) < 0)
			return -1;
	}
	int icase = (ps->flags & SFB_RX_IGNORECASE) != 0;
	for (uint32_t c = 0; c < 128; c++)
		cl->ascii[c] = (unsigned char)class_member(cl, icase, c);
	int nd = node_add(ps, N_CLASS);
	if (nd >= 0)
		ps->nodes[nd].c = (uint32_t)(ps->nclasses - 1);
	return nd;
}

static int
class_of_category(struct parser *ps, int cat)
{
	/* \s \d \w etc. outside a class are one-item classes. */
	if (ps->nclasses == ps->capclasses) {
		size_t cap = ps->capclasses ? 2 * ps->capclasses : 8;
		struct rxclass *nc = realloc(ps->classes, cap * sizeof *nc);
		if (!nc) {
			ps->err = "out of memory";
			return -1;
		}
		ps->classes = nc;
		ps->capclasses = cap;
	}
	struct rxclass *cl = &ps->classes[ps->nclasses++];
	memset(cl, 0, sizeof *cl);
	cl->cats = cat;
	for (uint32_t c = 0; c < 128; c++)
		cl->ascii[c] = (unsigned char)class_member(cl, 0, c);
	int nd = node_add(ps, N_CLASS);
	if (nd >= 0)
		ps->nodes[nd].c = (uint32_t)(ps->nclasses - 1);
	return nd;
}

/* Counted repeats are expanded into copies of their body: keep them small
 * (the frozen patterns use none; Python allows up to 2**32 - 1). */
#define REPEAT_MAX 1000

static int
parse_number(struct parser *ps, uint32_t *v)
{
	size_t start = ps->i;
	uint64_t x = 0;
	while (ps->i < ps->n && ps->p[ps->i] >= '0' && ps->p[ps->i] <= '9') {
		x = x * 10 + (uint64_t)(ps->p[ps->i] - '0');
		if (x > REPEAT_MAX)
			x = REPEAT_MAX + 1;
		ps->i++;
	}
	*v = (uint32_t)x;
	return ps->i > start;
}

/* {m}, {m,}, {,n}, {m,n}; otherwise '{' is a literal, as in Python. */
static int
parse_braces(struct parser *ps, uint32_t *min, uint32_t *max)
{
	size_t save = ps->i;
	ps->i++;
	int hasmin = parse_number(ps, min);
	if (!hasmin)
		*min = 0;
	if (peek(ps) == '}') {
		if (!hasmin)
			goto literal;
		*max = *min;
		ps->i++;
		if (*min > REPEAT_MAX) {
			ps->err = "repeat count too large";
			return -1;
		}
		return 1;
	}
	if (peek(ps) != ',')
		goto literal;
	ps->i++;
	if (!parse_number(ps, max))
		*max = RX_INF;
	if (peek(ps) != '}')
		goto literal;
	ps->i++;
	if (*max < *min) {
		ps->err = "min repeat greater than max repeat";
		return -1;
	}
	if (*min > REPEAT_MAX || (*max != RX_INF && *max > REPEAT_MAX)) {
		ps->err = "repeat count too large";
		return -1;
	}
	return 1;
literal:
	ps->i = save;
	return 0;
}

static int
parse_atom(struct parser *ps)
{
	int ch = peek(ps);
	ps->i++;
	int nd;
	switch (ch) {
	case '.':
		return node_add(ps, N_ANY);
	case '[':
		return parse_class(ps);
	case '^':
	case '$':
		nd = node_add(ps, N_ASSERT);
		if (nd >= 0)
			ps->nodes[nd].c = ch == '^' ? A_BOL : A_EOL;
		return nd;
	case '(': {
		int cap = 0, look = 0, neg = 0;
		if (peek(ps) == '?') {
			ps->i++;
			int k = peek(ps);
			ps->i++;
			if (k == ':')
				;
			else if (k == '=' || k == '!') {
				look = 1;
				neg = k == '!';
			} else {
				ps->err = k == 'i' || k == 'm' || k == 's' ?
				    "global flags not at the start of the expression" :
				    "unsupported group syntax";
				return -1;
			}
		} else {
			if (ps->in_look) {
				ps->err = "capturing group inside a lookahead is not supported";
				return -1;
			}
			cap = ++ps->ncap;
		}
		ps->in_look += look;
		int body = parse_alt(ps);
		ps->in_look -= look;
		if (body < 0)
			return -1;
		if (peek(ps) != ')') {
			ps->err = "missing ), unterminated subpattern";
			return -1;
		}
		ps->i++;
		nd = node_add(ps, look ? N_LOOK : N_GROUP);
		if (nd >= 0) {
			ps->nodes[nd].cap = cap;
			ps->nodes[nd].neg = neg;
			ps->nodes[nd].child = body;
		}
		return nd;
	}
	case '\\': {
		int e = peek(ps);
		if (e < 0) {
			ps->err = "bad escape (end of pattern)";
			return -1;
		}
		ps->i++;
		int cat = category_bit(e);
		if (cat)
			return class_of_category(ps, cat);
		int ak = -1;
		switch (e) {
		case 'b': ak = A_WORDB; break;
		case 'B': ak = A_NWORDB; break;
		case 'A': ak = A_BEGIN; break;
		case 'Z': ak = A_END; break;
		}
		if (ak >= 0) {
			nd = node_add(ps, N_ASSERT);
			if (nd >= 0)
				ps->nodes[nd].c = (uint32_t)ak;
			return nd;
		}
		uint32_t c;
		if (!simple_escape(e, &c)) {
			ps->err = "bad escape";
			return -1;
		}
		nd = node_add(ps, N_CHAR);
		if (nd >= 0)
			ps->nodes[nd].c = c;
		return nd;
	}
	case '*':
	case '+':
	case '?':
		ps->err = "nothing to repeat";
		return -1;
	default:
		if (ch >= 0x80) {
			ps->err = "non-ASCII pattern";
			return -1;
		}
		nd = node_add(ps, N_CHAR);
		if (nd >= 0)
			ps->nodes[nd].c = (uint32_t)ch;
		return nd;
	}
}

static int
parse_repeat(struct parser *ps)
{
	int ch = peek(ps);
	if (ch == '{') {
		uint32_t a, b;
		int r = parse_braces(ps, &a, &b);
		if (r < 0)
			return -1;
		if (r == 0) {
			ps->i++;
			int nd = node_add(ps, N_CHAR);
			if (nd >= 0)
				ps->nodes[nd].c = '{';
			return nd;
		}
		ps->err = "nothing to repeat";
		return -1;
	}
	int atom = parse_atom(ps);
	if (atom < 0)
		return -1;
	for (;;) {
		uint32_t min, max;
		ch = peek(ps);
		if (ch == '*') {
			min = 0;
			max = RX_INF;
			ps->i++;
		} else if (ch == '+') {
			min = 1;
			max = RX_INF;
			ps->i++;
		} else if (ch == '?') {
			min = 0;
			max = 1;
			ps->i++;
		} else if (ch == '{') {
			int r = parse_braces(ps, &min, &max);
			if (r < 0)
				return -1;
			if (r == 0)
				return atom;
		} else {
			return atom;
		}
		int k = ps->nodes[atom].kind;
		if (k == N_REPEAT) {
			ps->err = "multiple repeat";
			return -1;
		}
		if (k == N_ASSERT || k == N_LOOK) {
			ps->err = "nothing to repeat";
			return -1;
		}
		int greedy = 1;
		if (peek(ps) == '?') {
			greedy = 0;
			ps->i++;
		}
		int nd = node_add(ps, N_REPEAT);
		if (nd < 0)
			return -1;
		ps->nodes[nd].min = min;
		ps->nodes[nd].max = max;
		ps->nodes[nd].greedy = greedy;
		ps->nodes[nd].child = atom;
		atom = nd;
		/* A second quantifier right after is an error, as in Python. */
		ch = peek(ps);
		if (ch == '*' || ch == '+' || ch == '?') {
			ps->err = "multiple repeat";
			return -1;
		}
	}
}

static int
parse_cat(struct parser *ps)
{
	int cat = node_add(ps, N_CAT);
	if (cat < 0)
		return -1;
	int last = -1;
	for (;;) {
		int ch = peek(ps);
		if (ch < 0 || ch == '|' || ch == ')')
			return cat;
		int item = parse_repeat(ps);
		if (item < 0)
			return -1;
		if (last < 0)
			ps->nodes[cat].child = item;
		else
			ps->nodes[last].next = item;
		last = item;
	}
}

static int
parse_alt(struct parser *ps)
{
	int first = parse_cat(ps);
	if (first < 0 || peek(ps) != '|')
		return first;
	int alt = node_add(ps, N_ALT);
	if (alt < 0)
		return -1;
	ps->nodes[alt].child = first;
	int last = first;
	while (peek(ps) == '|') {
		ps->i++;
		int b = parse_cat(ps);
		if (b < 0)
			return -1;
		ps->nodes[last].next = b;
		last = b;
	}
	return alt;
}

/* ---- required literal ------------------------------------------------- */

/*
 * For a node: whole (it always matches exactly the string w), pre (every
 * match starts with it), suf (every match ends with it), best (every match
 * contains it).  Zero-width items are whole and empty, so literals on both
 * sides of \b or a lookahead join up.
 */
struct litinfo {
	int whole;
	char pre[LIT_MAX], suf[LIT_MAX], best[LIT_MAX];
	size_t npre, nsuf, nbest;
	/* The node's match length in code points, lo..hi (hi RX_INF when
	 * unbounded), and the code points from the match's start to best's
	 * start, blo..bhi (bhi RX_INF when unbounded or not known). */
	uint32_t lo, hi, blo, bhi;
};

/* Sums and products of lengths, RX_INF absorbing. */
static uint32_t
len_add(uint32_t a, uint32_t b)
{
	if (a == RX_INF || b == RX_INF || (uint64_t)a + b >= RX_INF)
		return RX_INF;
	return a + b;
}

static uint32_t
len_mul(uint32_t a, uint32_t b)
{
	if (a == 0 || b == 0)
		return 0;
	if (a == RX_INF || b == RX_INF || (uint64_t)a * b >= RX_INF)
		return RX_INF;
	return a * b;
}

/* a - b for b <= a, RX_INF absorbing. */
static uint32_t
len_sub(uint32_t a, uint32_t b)
{
	return a == RX_INF ? RX_INF : a - b;
}

static void
lit_set(char *dst, size_t *nd, const char *src, size_t ns)
{
	if (ns > LIT_MAX)
		ns = LIT_MAX;
	memmove(dst, src, ns);
	*nd = ns;
}

static void
lit_append_front(char *dst, size_t *nd, const char *src, size_t ns)
{
	size_t room = LIT_MAX - *nd;
	memcpy(dst + *nd, src, ns < room ? ns : room);
	*nd += ns < room ? ns : room;
}

/* Appends keeping the end when the buffer overflows (for suffixes). */
static void
lit_append_back(char *dst, size_t *nd, const char *src, size_t ns)
{
	if (ns >= LIT_MAX) {
		memcpy(dst, src + ns - LIT_MAX, LIT_MAX);
		*nd = LIT_MAX;
		return;
	}
	if (*nd + ns > LIT_MAX) {
		size_t drop = *nd + ns - LIT_MAX;
		memmove(dst, dst + drop, *nd - drop);
		*nd -= drop;
	}
	memcpy(dst + *nd, src, ns);
	*nd += ns;
}

/* A longer best literal, found blo..bhi code points into the match. */
static void
lit_best(struct litinfo *li, const char *s, size_t n, uint32_t blo,
    uint32_t bhi)
{
	if (n > li->nbest) {
		lit_set(li->best, &li->nbest, s, n);
		li->blo = blo;
		li->bhi = n > LIT_MAX ? RX_INF : bhi;
	}
}

static void
analyze(const struct parser *ps, int idx, int icase, struct litinfo *li)
{
	const struct node *nd = &ps->nodes[idx];
	memset(li, 0, sizeof *li);
	switch (nd->kind) {
	case N_CHAR:
		li->lo = li->hi = 1;
		if (nd->c < 128) {
			char ch = (char)nd->c;
			if (icase && ch >= 'A' && ch <= 'Z')
				ch = (char)(ch + 32);
			li->whole = 1;
			li->pre[0] = li->suf[0] = li->best[0] = ch;
			li->npre = li->nsuf = li->nbest = 1;
		}
		return;
	case N_EMPTY:
	case N_ASSERT:
	case N_LOOK:
		li->whole = 1;
		return;
	case N_ANY:
	case N_CLASS:
		li->lo = li->hi = 1;
		return;
	case N_GROUP:
		analyze(ps, nd->child, icase, li);
		return;
	case N_REPEAT: {
		analyze(ps, nd->child, icase, li);
		uint32_t lo = len_mul(nd->min, li->lo);
		uint32_t hi = nd->max == RX_INF ? (li->hi == 0 ? 0 : RX_INF) :
		    len_mul(nd->max, li->hi);
		if (nd->min == 0) {
			/* Nothing is required; the lengths still count. */
			memset(li, 0, sizeof *li);
		} else if (nd->min != 1 || nd->max != 1) {
			/* The first copy's literals stand, at their offsets. */
			li->whole = 0;
		}
		li->lo = lo;
		li->hi = hi;
		return;
	}
	case N_ALT: {
		struct litinfo *c = malloc(sizeof *c);
		if (!c)
			return;
		int first = 1;
		for (int k = nd->child; k >= 0; k = ps->nodes[k].next) {
			analyze(ps, k, icase, c);
			if (first) {
				lit_set(li->pre, &li->npre, c->pre, c->npre);
				lit_set(li->suf, &li->nsuf, c->suf, c->nsuf);
				li->lo = c->lo;
				li->hi = c->hi;
				first = 0;
				continue;
			}
			if (c->lo < li->lo)
				li->lo = c->lo;
			if (c->hi > li->hi)
				li->hi = c->hi;
			size_t m = 0;
			while (m < li->npre && m < c->npre && li->pre[m] == c->pre[m])
				m++;
			li->npre = m;
			m = 0;
			while (m < li->nsuf && m < c->nsuf &&
			       li->suf[li->nsuf - 1 - m] == c->suf[c->nsuf - 1 - m])
				m++;
			memmove(li->suf, li->suf + li->nsuf - m, m);
			li->nsuf = m;
		}
		free(c);
		/* Every branch ends with suf, one code point per character. */
		lit_best(li, li->pre, li->npre, 0, 0);
		lit_best(li, li->suf, li->nsuf, len_sub(li->lo, (uint32_t)li->nsuf),
		    li->nsuf == LIT_MAX ? RX_INF : len_sub(li->hi, (uint32_t)li->nsuf));
		return;
	}
	case N_CAT: {
		struct litinfo *c = malloc(sizeof *c);
		char *cur = malloc(LIT_MAX);
		if (!c || !cur) {
			free(c);
			free(cur);
			return;
		}
		size_t ncur = 0;
		int open = 1;
		/* alo..ahi: code points before the item; clo..chi: before cur
		 * (chi RX_INF once cur lost characters at its front). */
		uint32_t alo = 0, ahi = 0, clo = 0, chi = 0;
		li->whole = 1;
		for (int k = nd->child; k >= 0; k = ps->nodes[k].next) {
			analyze(ps, k, icase, c);
			if (c->whole) {
				if (ncur + c->npre > LIT_MAX)
					chi = RX_INF;
				lit_append_back(cur, &ncur, c->pre, c->npre);
				if (open)
					lit_append_front(li->pre, &li->npre, c->pre, c->npre);
			} else {
				li->whole = 0;
				if (ncur + c->npre > LIT_MAX)
					chi = RX_INF;
				lit_append_back(cur, &ncur, c->pre, c->npre);
				lit_best(li, cur, ncur, clo, chi);
				lit_best(li, c->best, c->nbest, len_add(alo, c->blo),
				    len_add(ahi, c->bhi));
				if (open)
					lit_append_front(li->pre, &li->npre, c->pre, c->npre);
				open = 0;
				lit_set(cur, &ncur, c->suf, c->nsuf);
				clo = len_sub(len_add(alo, c->lo), (uint32_t)c->nsuf);
				chi = c->nsuf == LIT_MAX ? RX_INF :
				    len_sub(len_add(ahi, c->hi), (uint32_t)c->nsuf);
			}
			alo = len_add(alo, c->lo);
			ahi = len_add(ahi, c->hi);
		}
		lit_best(li, cur, ncur, clo, chi);
		lit_set(li->suf, &li->nsuf, cur, ncur);
		li->lo = alo;
		li->hi = ahi;
		free(c);
		free(cur);
		return;
	}
	}
}

/*
 * The position of lit to scan texts for: the rarest character (by English
 * letter frequency) whose byte offset from the literal's start is fixed,
 * that is, with no i, k or s before it that a multi-byte caseless
 * equivalent could stand for.
 */
static size_t
lit_scan_pos(const char *lit, size_t n, int icase)
{
	static const char common[] = " etaoinshrdlcumwfgypbvkjxqz";
	size_t best = 0;
	int bestr = -1;
	for (size_t j = 0; j < n; j++) {
		const char *p = memchr(common, lit[j], sizeof common - 1);
		int r = p ? (int)(p - common) : (int)sizeof common;
		if (r > bestr) {
			bestr = r;
			best = j;
		}
		if (icase && (lit[j] == 'i' || lit[j] == 'k' || lit[j] == 's'))
			break;
	}
	return best;
}

/* ---- heads ---------------------------------------------------------- */

struct hset {
	unsigned char s[HEAD_MAX][HEAD_LEN];
	size_t len[HEAD_MAX];
	int open[HEAD_MAX];     /* may still grow */
	int n;
};

static void
heads_close(struct hset *h)
{
	for (int k = 0; k < h->n; k++)
		h->open[k] = 0;
}

/* Extends the open strings by one of the characters c[0..nc): each
 * string once per character, or closes them all when that makes too
 * many. */
static void
heads_chars(struct hset *h, const unsigned char *c, int nc)
{
	int nopen = 0;
	for (int k = 0; k < h->n; k++)
		nopen += h->open[k];
	if (h->n + nopen * (nc - 1) > HEAD_MAX) {
		heads_close(h);
		return;
	}
	int n0 = h->n;
	for (int k = 0; k < n0; k++) {
		if (!h->open[k])
			continue;
		if (h->len[k] == HEAD_LEN) {
			h->open[k] = 0;
			continue;
		}
		for (int j = 1; j < nc; j++) {
			memcpy(h->s[h->n], h->s[k], h->len[k]);
			h->len[h->n] = h->len[k] + 1;
			h->s[h->n][h->len[k]] = c[j];
			h->open[h->n++] = 1;
		}
		h->s[k][h->len[k]++] = c[0];
	}
}

static void heads_node(const struct parser *ps, int idx, int icase, struct hset *h);

/* The open strings extended by each of the branches (a list of sibling
 * nodes from first; -1 in the list stands for the empty branch). */
static void
heads_alt(const struct parser *ps, const int *br, int nbr, int icase, struct hset *h)
{
	struct hset *in = malloc(sizeof *in), *one = malloc(sizeof *one);
	if (!in || !one) {
		free(in);
		free(one);
		heads_close(h);
		return;
	}
	*in = *h;
	h->n = 0;
	for (int k = 0; k < in->n; k++)
		if (!in->open[k]) {
			memcpy(h->s[h->n], in->s[k], in->len[k]);
			h->len[h->n] = in->len[k];
			h->open[h->n++] = 0;
		}
	for (int b = 0; b < nbr; b++) {
		one->n = 0;
		for (int k = 0; k < in->n; k++)
			if (in->open[k]) {
				memcpy(one->s[one->n], in->s[k], in->len[k]);
				one->len[one->n] = in->len[k];
				one->open[one->n++] = 1;
			}
		if (br[b] >= 0)
			heads_node(ps, br[b], icase, one);
		if (h->n + one->n > HEAD_MAX) {
			/* Too many: the strings as they were, closed. */
			*h = *in;
			heads_close(h);
			break;
		}
		for (int k = 0; k < one->n; k++) {
			memcpy(h->s[h->n], one->s[k], one->len[k]);
			h->len[h->n] = one->len[k];
			h->open[h->n++] = one->open[k];
		}
	}
	free(in);
	free(one);
}

static void
heads_node(const struct parser *ps, int idx, int icase, struct hset *h)
{
	const struct node *nd = &ps->nodes[idx];
	unsigned char c[4];
	int nc = 0, br[64], nbr = 0;

	switch (nd->kind) {
	case N_EMPTY:
	case N_ASSERT:
	case N_LOOK:
		return;         /* zero-width: nothing consumed */
	case N_CHAR:
		if (nd->c >= 128) {
			heads_close(h);
			return;
		}
		c[0] = (unsigned char)nd->c;
		if (icase && c[0] >= 'A' && c[0] <= 'Z')
			c[0] = (unsigned char)(c[0] + 32);
		heads_chars(h, c, 1);
		return;
	case N_CLASS: {
		/* A plain set of at most four ASCII characters (both cases
		 * of a letter count once under IGNORECASE). */
		const struct rxclass *cl = &ps->classes[nd->c];
		int ok = !cl->neg && cl->cats == 0;
		for (size_t k = 0; ok && k < cl->nranges; k++)
			ok = cl->ranges[2 * k + 1] < 128;
		for (int b = 0; ok && b < 128; b++) {
			if (!cl->ascii[b] || (icase && b >= 'A' && b <= 'Z'))
				continue;
			if (nc == 4)
				ok = 0;
			else
				c[nc++] = (unsigned char)b;
		}
		if (!ok || nc == 0) {
			heads_close(h);
			return;
		}
		heads_chars(h, c, nc);
		return;
	}
	case N_GROUP:
		heads_node(ps, nd->child, icase, h);
		return;
	case N_CAT:
		for (int k = nd->child; k >= 0; k = ps->nodes[k].next)
			heads_node(ps, k, icase, h);
		return;
	case N_ALT:
		for (int k = nd->child; k >= 0 && nbr < 64; k = ps->nodes[k].next)
			br[nbr++] = k;
		if (nbr == 64) {
			heads_close(h);
			return;
		}
		heads_alt(ps, br, nbr, icase, h);
		return;
	case N_REPEAT:
		if (nd->min == 0 && nd->max == 1) {
			br[0] = -1;
			br[1] = nd->child;
			heads_alt(ps, br, 2, icase, h);
		} else if (nd->min >= 1) {
			heads_node(ps, nd->child, icase, h);
			if (nd->max != 1)
				heads_close(h);
		} else {
			heads_close(h);
		}
		return;
	default:                /* N_ANY */
		heads_close(h);
		return;
	}
}

/* rx->heads from the tree; none when some string is shorter than two. */
static void
heads_build(const struct parser *ps, int root, int icase, struct sfb_rx *rx)
{
	struct hset *h = calloc(1, sizeof *h);

	rx->nheads = 0;
	if (!h)
		return;
	h->n = 1;
	h->open[0] = 1;
	heads_node(ps, root, icase, h);
	for (int k = 0; k < h->n; k++)
		if (h->len[k] < 2) {
			free(h);
			return;
		}
	for (int k = 0; k < h->n; k++) {
		unsigned char w[16] = {0}, m[16] = {0}, f[16] = {0};
		struct head *hd = &rx->heads[k];
		for (size_t j = 0; j < h->len[k]; j++) {
			w[j] = h->s[k][j];
			m[j] = 0xFF;
			if (icase && w[j] >= 'a' && w[j] <= 'z')
				f[j] = 0x20;
		}
		memcpy(hd->w, w, 16);
		memcpy(hd->m, m, 16);
		memcpy(hd->f, f, 16);
		hd->len = h->len[k];
	}
	rx->nheads = h->n;
	free(h);
}

/* ---- compiler ------------------------------------------------------- */

struct compiler {
	const struct parser *ps;
	struct inst *prog;
	size_t n, cap;
	size_t nmemo, nlook, nloops;
	int nomemo;       /* inside the body of a loop that can match empty */
	int flags;
	const char *err;
};

#define PROG_MAX 200000

static long
emit(struct compiler *cp, int op)
{
	if (cp->n == cp->cap) {
		if (cp->cap >= PROG_MAX) {
			cp->err = "pattern too large";
			return -1;
		}
		size_t cap = cp->cap ? 2 * cp->cap : 64;
		struct inst *np = realloc(cp->prog, cap * sizeof *np);
		if (!np) {
			cp->err = "out of memory";
			return -1;
		}
		cp->prog = np;
		cp->cap = cap;
	}
	struct inst *in = &cp->prog[cp->n];
	memset(in, 0, sizeof *in);
	in->op = (uint8_t)op;
	if (op == OP_SPLIT)
		in->memo = cp->nomemo ? NOMEMO : (uint32_t)cp->nmemo++;
	return (long)cp->n++;
}

static int compile_node(struct compiler *cp, int idx);

static int
nullable(const struct parser *ps, int idx)
{
	const struct node *nd = &ps->nodes[idx];
	switch (nd->kind) {
	case N_CHAR:
	case N_ANY:
	case N_CLASS:
		return 0;
	case N_GROUP:
		return nullable(ps, nd->child);
	case N_REPEAT:
		return nd->min == 0 || nullable(ps, nd->child);
	case N_CAT:
		for (int k = nd->child; k >= 0; k = ps->nodes[k].next)
			if (!nullable(ps, k))
				return 0;
		return 1;
	case N_ALT:
		for (int k = nd->child; k >= 0; k = ps->nodes[k].next)
			if (nullable(ps, k))
				return 1;
		return 0;
	}
	return 1;
}

/*
 * A loop whose body can match empty follows Python's MAX_UNTIL/MIN_UNTIL:
 * an optional iteration is not started at the position where the previous
 * optional one started (greedy: go on with the tail; lazy: fail).  The
 * loop register makes the future depend on more than (pc, pos), so splits
 * inside such a body are not memoised.
 */
static int
compile_nullable_repeat(struct compiler *cp, const struct node *nd)
{
	uint32_t reg = (uint32_t)cp->nloops++;
	long pc = emit(cp, OP_LOOPINIT);
	if (pc < 0)
		return -1;
	cp->prog[pc].c = reg;
	size_t nopt = nd->max == RX_INF ? 1 : nd->max - nd->min;
	long *fix = malloc((2 * nopt + 1) * sizeof *fix);
	if (!fix) {
		cp->err = "out of memory";
		return -1;
	}
	size_t nfix = 0;
	long loop = -1;
	cp->nomemo++;
	for (size_t k = 0; k < nopt; k++) {
		long chk, split;
		if (nd->greedy) {
			/* L: chk (equal: exit); split body, exit; body */
			if ((chk = emit(cp, OP_LOOPCHK)) < 0 || (split = emit(cp, OP_SPLIT)) < 0)
				goto fail;
			cp->prog[split].x = (uint32_t)split + 1;
		} else {
			/* L: split exit, chk; chk (equal: fail); body */
			if ((split = emit(cp, OP_SPLIT)) < 0 || (chk = emit(cp, OP_LOOPCHK)) < 0)
				goto fail;
			cp->prog[split].y = (uint32_t)chk;
			cp->prog[chk].x = LOOPFAIL;
		}
		cp->prog[chk].c = reg;
		if (loop < 0)
			loop = nd->greedy ? chk : split;
		fix[nfix++] = split;
		if (nd->greedy)
			fix[nfix++] = chk;
		if (compile_node(cp, nd->child) < 0)
			goto fail;
	}
	if (nd->max == RX_INF) {
		long j = emit(cp, OP_JMP);
		if (j < 0)
			goto fail;
		cp->prog[j].x = (uint32_t)loop;
	}
	cp->nomemo--;
	uint32_t end = (uint32_t)cp->n;
	for (size_t k = 0; k < nfix; k++) {
		struct inst *in = &cp->prog[fix[k]];
		if (in->op == OP_LOOPCHK)
			in->x = end;
		else if (nd->greedy)
			in->y = end;
		else
			in->x = end;
	}
	free(fix);
	return 0;
fail:
	free(fix);
	return -1;
}

static int
compile_repeat(struct compiler *cp, const struct node *nd)
{
	for (uint32_t k = 0; k < nd->min; k++)
		if (compile_node(cp, nd->child) < 0)
			return -1;
	if (nd->max != nd->min && nullable(cp->ps, nd->child))
		return compile_nullable_repeat(cp, nd);
	if (nd->max == RX_INF) {
		/* L: split body, end; body; jmp L */
		long split = emit(cp, OP_SPLIT);
		if (split < 0 || compile_node(cp, nd->child) < 0)
			return -1;
		long j = emit(cp, OP_JMP);
		if (j < 0)
			return -1;
		cp->prog[j].x = (uint32_t)split;
		uint32_t body = (uint32_t)split + 1, end = (uint32_t)cp->n;
		cp->prog[split].x = nd->greedy ? body : end;
		cp->prog[split].y = nd->greedy ? end : body;
		return 0;
	}
	/* Each optional copy nests inside the previous one. */
	size_t nopt = nd->max - nd->min;
	long *splits = nopt ? malloc(nopt * sizeof *splits) : NULL;
	if (nopt && !splits) {
		cp->err = "out of memory";
		return -1;
	}
	for (size_t k = 0; k < nopt; k++) {
		splits[k] = emit(cp, OP_SPLIT);
		if (splits[k] < 0 || compile_node(cp, nd->child) < 0) {
			free(splits);
			return -1;
		}
	}
	uint32_t end = (uint32_t)cp->n;
	for (size_t k = 0; k < nopt; k++) {
		uint32_t body = (uint32_t)splits[k] + 1;
		cp->prog[splits[k]].x = nd->greedy ? body : end;
		cp->prog[splits[k]].y = nd->greedy ? end : body;
	}
	free(splits);
	return 0;
}

static int
compile_node(struct compiler *cp, int idx)
{
	const struct node *nd = &cp->ps->nodes[idx];
	long pc;
	switch (nd->kind) {
	case N_EMPTY:
		return 0;
	case N_CHAR:
		if ((cp->flags & SFB_RX_IGNORECASE) && is_ascii_letter(nd->c)) {
			if ((pc = emit(cp, OP_CHARI)) < 0)
				return -1;
			cp->prog[pc].c = nd->c | 0x20;
		} else {
			if ((pc = emit(cp, OP_CHAR)) < 0)
				return -1;
			cp->prog[pc].c = nd->c;
		}
		return 0;
	case N_ANY:
		return emit(cp, (cp->flags & SFB_RX_DOTALL) ? OP_ANYNL : OP_ANY) < 0 ? -1 : 0;
	case N_CLASS:
		if ((pc = emit(cp, OP_CLASS)) < 0)
			return -1;
		cp->prog[pc].c = nd->c;
		return 0;
	case N_ASSERT: {
		int ml = (cp->flags & SFB_RX_MULTILINE) != 0, op = OP_BEGIN;
		switch (nd->c) {
		case A_BOL: op = ml ? OP_MBOL : OP_BOL; break;
		case A_EOL: op = ml ? OP_MEOL : OP_EOL; break;
		case A_BEGIN: op = OP_BEGIN; break;
		case A_END: op = OP_END; break;
		case A_WORDB: op = OP_WORDB; break;
		case A_NWORDB: op = OP_NWORDB; break;
		}
		return emit(cp, op) < 0 ? -1 : 0;
	}
	case N_GROUP:
		if (nd->cap) {
			if ((pc = emit(cp, OP_SAVE)) < 0)
				return -1;
			cp->prog[pc].c = (uint32_t)(2 * nd->cap);
		}
		if (compile_node(cp, nd->child) < 0)
			return -1;
		if (nd->cap) {
			if ((pc = emit(cp, OP_SAVE)) < 0)
				return -1;
			cp->prog[pc].c = (uint32_t)(2 * nd->cap + 1);
		}
		return 0;
	case N_CAT:
		for (int k = nd->child; k >= 0; k = cp->ps->nodes[k].next)
			if (compile_node(cp, k) < 0)
				return -1;
		return 0;
	case N_ALT: {
		/* split a, next; a; jmp end; next: split b, next2; b; ... */
		long jumps_head = -1;
		for (int k = nd->child; k >= 0; k = cp->ps->nodes[k].next) {
			long split = -1;
			if (cp->ps->nodes[k].next >= 0 && (split = emit(cp, OP_SPLIT)) < 0)
				return -1;
			if (compile_node(cp, k) < 0)
				return -1;
			if (split >= 0) {
				long j = emit(cp, OP_JMP);
				if (j < 0)
					return -1;
				/* Chain pending jumps through .x until the end is known. */
				cp->prog[j].x = (uint32_t)jumps_head;
				jumps_head = j;
				cp->prog[split].x = (uint32_t)split + 1;
				cp->prog[split].y = (uint32_t)cp->n;
			}
		}
		while (jumps_head >= 0) {
			long nxt = (long)(int32_t)cp->prog[jumps_head].x;
			cp->prog[jumps_head].x = (uint32_t)cp->n;
			jumps_head = nxt;
		}
		return 0;
	}
	case N_REPEAT:
		return compile_repeat(cp, nd);
	case N_LOOK:
		if ((pc = emit(cp, OP_LOOK)) < 0)
			return -1;
		cp->prog[pc].neg = (uint8_t)nd->neg;
		cp->prog[pc].c = (uint32_t)cp->nlook++;
		if (compile_node(cp, nd->child) < 0 || emit(cp, OP_LOOKEND) < 0)
			return -1;
		cp->prog[pc].x = (uint32_t)cp->n;
		return 0;
	}
	return 0;
}

static void
first_add_cp(unsigned char *first, uint32_t c)
{
	if (c < 0x80)
		first[c] = 1;
	else if (c < 0x800)
		first[0xC0 | (c >> 6)] = 1;
	else if (c < 0x10000)
		first[0xE0 | (c >> 12)] = 1;
	else
		first[0xF0 | (c >> 18)] = 1;
}

/*
 * The bytes a match from pc can start with: follow zero-width instructions
 * to the first consuming ones.  Sets *canempty when the rest can match
 * without consuming.  Continuation bytes are never set, so starts stay on
 * code points.
 */
static int
first_set(const struct sfb_rx *rx, uint32_t start, unsigned char *first, int *canempty)
{
	unsigned char *seen = calloc(rx->nprog, 1);
	uint32_t *todo = malloc(rx->nprog * sizeof *todo);
	if (!seen || !todo) {
		free(seen);
		free(todo);
		return -1;
	}
	size_t ntodo = 0;
	todo[ntodo++] = start;
	seen[start] = 1;
	*canempty = 0;
	while (ntodo) {
		uint32_t pc = todo[--ntodo];
		const struct inst *in = &rx->prog[pc];
		uint32_t nx[2];
		int nnx = 0;
		switch (in->op) {
		case OP_CHAR:
			first_add_cp(first, in->c);
			break;
		case OP_CHARI:
			first[in->c] = first[in->c - 32] = 1;
			if (in->c == 'i')
				first[0xC4] = 1;
			if (in->c == 's')
				first[0xC5] = 1;
			if (in->c == 'k')
				first[0xE2] = 1;
			break;
		case OP_ANY:
		case OP_ANYNL:
			for (int b = 0; b < 0x80; b++)
				if (b != '\n' || in->op == OP_ANYNL)
					first[b] = 1;
			for (int b = 0xC0; b < 0x100; b++)
				first[b] = 1;
			break;
		case OP_CLASS:
			for (int b = 0; b < 0x80; b++)
				if (rx->classes[in->c].ascii[b])
					first[b] = 1;
			for (int b = 0xC0; b < 0x100; b++)
				first[b] = 1;
			break;
		case OP_MATCH:
			*canempty = 1;
			break;
		case OP_SPLIT:
			nx[nnx++] = in->x;
			nx[nnx++] = in->y;
			break;
		case OP_JMP:
			nx[nnx++] = in->x;
			break;
		case OP_LOOK:
			nx[nnx++] = in->x;
			break;
		case OP_LOOPCHK:
			nx[nnx++] = pc + 1;
			if (in->x != LOOPFAIL)
				nx[nnx++] = in->x;
			break;
		case OP_LOOKEND:
			/* The end of a lookahead body: it matched without consuming. */
			*canempty = 1;
			break;
		default:
			nx[nnx++] = pc + 1;
			break;
		}
		for (int k = 0; k < nnx; k++)
			if (!seen[nx[k]]) {
				seen[nx[k]] = 1;
				todo[ntodo++] = nx[k];
			}
	}
	free(seen);
	free(todo);
	return 0;
}

/* The guard of the branch at pc, or NOGUARD when it may match empty. */
static int
branch_guard(struct sfb_rx *rx, uint32_t pc, size_t *ng, uint32_t *out)
{
	unsigned char set[256];
	int canempty;
	*out = NOGUARD;
	memset(set, 0, sizeof set);
	if (first_set(rx, pc, set, &canempty) < 0)
		return -1;
	if (canempty)
		return 0;
	struct guard *g = realloc(rx->guards, (*ng + 1) * sizeof *g);
	if (!g)
		return -1;
	rx->guards = g;
	memset(&g[*ng], 0, sizeof g[*ng]);
	for (int c = 0; c < 256; c++)
		if (set[c])
			g[*ng].bits[c >> 3] |= (unsigned char)(1u << (c & 7));
	*out = (uint32_t)(*ng)++;
	return 0;
}

/*
 * Guards for each split: the bytes each branch can start with.  When the
 * next byte is not among them (or the text ends and the branch must
 * consume), that branch cannot match: the split does not enter it, or
 * does not push it.  So a backtracking .* stops only where what follows
 * could start, and an alternation of words is skipped in one step.
 */
static int
split_guards(struct sfb_rx *rx)
{
	size_t ng = 0;
	for (size_t pc = 0; pc < rx->nprog; pc++) {
		struct inst *in = &rx->prog[pc];
		in->guard = in->yguard = NOGUARD;
		if (in->op != OP_SPLIT)
			continue;
		if (branch_guard(rx, in->x, &ng, &in->guard) < 0 ||
		    branch_guard(rx, in->y, &ng, &in->yguard) < 0)
			return -1;
	}
	return 0;
}

static int
guard_ok(const struct sfb_rx *rx, uint32_t g, const unsigned char *t, size_t n, size_t pos)
{
	if (g == NOGUARD)
		return 1;
	return pos < n && (rx->guards[g].bits[t[pos] >> 3] & (1u << (t[pos] & 7)));
}

/* An ASCII character instruction's byte and case bit (f), or -1. */
static int
run_char(const struct inst *in, unsigned char *f)
{
	if ((in->op != OP_CHAR && in->op != OP_CHARI) || in->c >= 0x80)
		return -1;
	*f = in->op == OP_CHARI ? 0x20 : 0;
	return (int)in->c;
}

/* rx->runs: the words of each run of two or more ASCII character
 * instructions starting at each of its instructions (a jump may enter a
 * run anywhere). */
static int
runs_build(struct sfb_rx *rx)
{
	size_t nruns = 0;

	for (size_t pc = rx->nprog; pc-- > 0;) {
		unsigned char f;
		struct inst *in = &rx->prog[pc];
		in->run = 0;
		if (run_char(in, &f) < 0)
			continue;
		in->run = pc + 1 < rx->nprog && rx->prog[pc + 1].run ?
		    (uint8_t)(rx->prog[pc + 1].run + 1) : 1;
		if (in->run > RUN_MAX)
			in->run = RUN_MAX;
		if (in->run >= 2)
			nruns++;
	}
	if (nruns == 0)
		return 0;
	if (!(rx->runs = calloc(nruns, sizeof *rx->runs)))
		return -1;
	nruns = 0;
	for (size_t pc = 0; pc < rx->nprog; pc++) {
		struct inst *in = &rx->prog[pc];
		unsigned char w[16] = {0}, m[16] = {0}, f[16] = {0};
		if (in->run < 2)
			continue;
		for (size_t j = 0; j < in->run; j++) {
			w[j] = (unsigned char)run_char(&rx->prog[pc + j], &f[j]);
			m[j] = 0xFF;
		}
		memcpy(rx->runs[nruns].w, w, 16);
		memcpy(rx->runs[nruns].m, m, 16);
		memcpy(rx->runs[nruns].f, f, 16);
		in->y = (uint32_t)nruns++;
	}
	return 0;
}

static void
parser_free(struct parser *ps)
{
	free(ps->nodes);
}

void
sfb_rx_free(sfb_rx *rx)
{
	if (!rx)
		return;
	for (size_t k = 0; k < rx->nclasses; k++)
		free(rx->classes[k].ranges);
	free(rx->classes);
	free(rx->prog);
	free(rx->guards);
	free(rx->runs);
	free(rx);
}

sfb_rx *
sfb_rx_new(const char *pat, size_t len, int flags, const char **err)
{
	const char *dummy;
	if (!err)
		err = &dummy;
	*err = NULL;
	struct parser ps;
	memset(&ps, 0, sizeof ps);
	ps.p = pat;
	ps.n = len;
	/* Global inline flags, allowed only at the start (Python 3.11). */
	while (ps.i + 2 < ps.n && pat[ps.i] == '(' && pat[ps.i + 1] == '?' &&
	       (pat[ps.i + 2] == 'i' || pat[ps.i + 2] == 'm' || pat[ps.i + 2] == 's')) {
		size_t j = ps.i + 2;
		int f = 0;
		for (; j < ps.n; j++) {
			if (pat[j] == 'i')
				f |= SFB_RX_IGNORECASE;
			else if (pat[j] == 'm')
				f |= SFB_RX_MULTILINE;
			else if (pat[j] == 's')
				f |= SFB_RX_DOTALL;
			else
				break;
		}
		if (j >= ps.n || pat[j] != ')') {
			*err = "unsupported group syntax";
			return NULL;
		}
		flags |= f;
		ps.i = j + 1;
	}
	ps.flags = flags;
	sfb_rx *rx = calloc(1, sizeof *rx);
	if (!rx) {
		*err = "out of memory";
		return NULL;
	}
	int root = parse_alt(&ps);
	if (root >= 0 && ps.i < ps.n) {
		ps.err = "unbalanced parenthesis";
		root = -1;
	}
	rx->classes = ps.classes;
	rx->nclasses = ps.nclasses;
	if (root < 0) {
		*err = ps.err ? ps.err : "syntax error";
		parser_free(&ps);
		sfb_rx_free(rx);
		return NULL;
	}
	rx->flags = flags;
	rx->ngroups = (size_t)ps.ncap;

	struct litinfo *li = malloc(sizeof *li);
	if (li) {
		analyze(&ps, root, (flags & SFB_RX_IGNORECASE) != 0, li);
		memcpy(rx->lit, li->best, li->nbest);
		rx->nlit = li->nbest;
		memcpy(rx->pre, li->pre, li->npre);
		rx->npre = li->npre;
		rx->litscan = lit_scan_pos(rx->lit, rx->nlit, (flags & SFB_RX_IGNORECASE) != 0);
		rx->litscan_plain = lit_scan_pos(rx->lit, rx->nlit, 0);
		rx->litlo = li->blo;
		rx->lithi = li->bhi;
		heads_build(&ps, root, (flags & SFB_RX_IGNORECASE) != 0, rx);
		free(li);
	}

	struct compiler cp;
	memset(&cp, 0, sizeof cp);
	cp.ps = &ps;
	cp.flags = flags;
	if (compile_node(&cp, root) < 0 || emit(&cp, OP_MATCH) < 0) {
		*err = cp.err;
		free(cp.prog);
		parser_free(&ps);
		sfb_rx_free(rx);
		return NULL;
	}
	parser_free(&ps);
	rx->prog = cp.prog;
	rx->nprog = cp.n;
	rx->nmemo = cp.nmemo;
	rx->nlook = cp.nlook;
	rx->nloops = cp.nloops;
	if (first_set(rx, 0, rx->first, &rx->anystart) < 0 || split_guards(rx) < 0 ||
	    runs_build(rx) < 0) {
		*err = "out of memory";
		sfb_rx_free(rx);
		return NULL;
	}
	if (!rx->anystart) {
		int nb = 0;
		for (int b = 0; b < 256 && nb <= 4; b++)
			if (rx->first[b]) {
				if (nb < 4)
					rx->fb[nb] = (unsigned char)b;
				nb++;
			}
		rx->nfb = nb <= 4 ? nb : 0;
	}
	return rx;
}

size_t
sfb_rx_ngroups(const sfb_rx *rx)
{
	return rx->ngroups;
}

size_t
sfb_rx_literal(const sfb_rx *rx, const char **lit)
{
	*lit = rx->lit;
	return rx->nlit;
}

/* ---- matcher -------------------------------------------------------- */

/* A backtrack entry: resume at pc with pos, or (RESTORE) put a slot back. */
#define RESTORE 0x80000000u

struct bt {
	uint32_t pc;
	size_t pos;
};

struct sfb_rx_scratch {
	struct bt *stack;
	size_t nstack, capstack;
	uint64_t *visited;
	size_t capvisited;          /* in words */
	unsigned char *look;        /* per lookahead and position: 0 ?, 1 yes, 2 no */
	size_t caplook;
	size_t *undo;               /* visited bits set inside lookaheads */
	size_t nundo, capundo;
	size_t *caps;
	size_t capcaps;
};

sfb_rx_scratch *
sfb_rx_scratch_new(void)
{
	return calloc(1, sizeof(sfb_rx_scratch));
}

void
sfb_rx_scratch_free(sfb_rx_scratch *s)
{
	if (!s)
		return;
	free(s->stack);
	free(s->visited);
	free(s->look);
	free(s->undo);
	free(s->caps);
	free(s);
}

struct run {
	const sfb_rx *rx;
	sfb_rx_scratch *s;
	const unsigned char *t;
	size_t n;
	size_t row;                 /* n + 1 */
	int icase;
	int depth;                  /* lookahead nesting */
	size_t loopbase;            /* first loop register in caps */
	uint64_t steps, budget;     /* instructions run, and the most allowed */
	int gaveup;                 /* the budget ran out */
	int heads;                  /* starts may be checked against rx->heads */
	size_t words, nlook;        /* the memo bitmap's words, lookahead cells */
	int cleared;                /* they are cleared (before the first run) */
};

/*
 * Memoised searches run at most a few steps per (instruction, position);
 * only loops whose body can match empty run unmemoised (to stay exact) and
 * can backtrack exponentially on a crafted pattern.  The budget lets every
 * memoised search finish and stops the others.
 */
#define STEPS_PER_CELL 16
#define STEPS_MAX ((uint64_t)400 * 1000 * 1000)

static int
push(sfb_rx_scratch *s, uint32_t pc, size_t pos)
{
	if (s->nstack == s->capstack) {
		size_t cap = s->capstack ? 2 * s->capstack : 256;
		struct bt *ns = realloc(s->stack, cap * sizeof *ns);
		if (!ns)
			return -1;
		s->stack = ns;
		s->capstack = cap;
	}
	s->stack[s->nstack].pc = pc;
	s->stack[s->nstack].pos = pos;
	s->nstack++;
	return 0;
}

static uint32_t
decode(const unsigned char *t, size_t n, size_t pos, size_t *adv)
{
	if (t[pos] < 0x80) {
		*adv = 1;
		return t[pos];
	}
	return sfb_utf8_next(t + pos, n - pos, adv);
}

/* The code point that ends at pos (pos > 0): back up over continuations. */
static uint32_t
decode_prev(const unsigned char *t, size_t n, size_t pos)
{
	if (t[pos - 1] < 0x80)
		return t[pos - 1];
	size_t k = pos - 1;
	while (k > 0 && pos - k < 4 && (t[k] & 0xC0) == 0x80)
		k--;
	size_t adv;
	return sfb_utf8_next(t + k, n - k, &adv);
}

static int
isword_at(const unsigned char *t, size_t n, size_t pos, int before)
{
	uint32_t c;
	if (before) {
		if (pos == 0)
			return 0;
		c = decode_prev(t, n, pos);
	} else {
		if (pos >= n)
			return 0;
		size_t adv;
		c = decode(t, n, pos, &adv);
	}
	if (c < 0x80)
		return (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') || c == '_';
	return sfb_ucd_isword(c);
}

static int run_from(struct run *r, uint32_t pc, size_t pos, size_t *caps);

/* Does the run of ASCII characters from instruction in (struct
 * run_words) match at pos, with 16 bytes of text left?  Counts the steps
 * the instructions one by one would. */
static inline int
run_at(struct run *r, const struct inst *in, size_t pos)
{
	const struct run_words *rw;
	uint64_t a0, a1;

	if (in->run < 2 || pos + 16 > r->n)
		return 0;
	rw = &r->rx->runs[in->y];
	memcpy(&a0, r->t + pos, 8);
	memcpy(&a1, r->t + pos + 8, 8);
	if (((a0 | rw->f[0]) & rw->m[0]) != rw->w[0] || ((a1 | rw->f[1]) & rw->m[1]) != rw->w[1])
		return 0;
	r->steps += in->run - 1u;
	return 1;
}

/* Evaluates lookahead number k (body at pc + 1) at pos, memoised. */
static int
lookahead(struct run *r, uint32_t pc, size_t pos)
{
	const struct inst *in = &r->rx->prog[pc];
	unsigned char *cell = &r->s->look[(size_t)in->c * r->row + pos];
	if (*cell == 0) {
		size_t undo0 = r->s->nundo;
		r->depth++;
		int m = run_from(r, pc + 1, pos, r->s->caps);
		r->depth--;
		if (m < 0)
			return -1;
		if (m) {
			/* Bits on a successful path are not failures: forget them. */
			for (size_t k = undo0; k < r->s->nundo; k++)
				r->s->visited[r->s->undo[k] >> 6] &= ~((uint64_t)1 << (r->s->undo[k] & 63));
		}
		r->s->nundo = undo0;
		*cell = m ? 1 : 2;
	}
	return (*cell == 1) != in->neg;
}

/*
 * Depth-first run from (pc, pos) in priority order.  caps holds the group
 * slots and, from loopbase on, the loop registers.  Returns 1 on reaching OP_MATCH (or OP_LOOKEND), 0 when every
 * path fails, -1 out of memory.  Leaves the stack as it found it.
 */
#if defined(__GNUC__) && !defined(SFB_RX_SWITCH)
#define RX_THREADED 1
#endif

/*
 * Dispatch.  Under GCC and Clang (RX_THREADED) each instruction's code
 * ends by jumping through a table of label addresses straight to the
 * next instruction's code (RX_NEXT): one indirect jump per instruction
 * kind, which the CPU predicts from the kind it follows (after OP_ANY
 * nearly always OP_SPLIT), where the switch has one jump for all.  The
 * portable twin is the switch (build with -DSFB_RX_SWITCH; test_rxswitch
 * runs test_rx's cases on it).  Exact: both run the same code for each
 * instruction, count the same steps and check the budget before each.
 */
#ifdef RX_THREADED
#define RX_CASE(op) L_##op:
#define RX_NEXT \
	do { \
		in = &rx->prog[pc]; \
		if (++r->steps > r->budget) \
			goto gaveup; \
		goto *dispatch[in->op]; \
	} while (0)
#else
#define RX_CASE(op) case op:
#define RX_NEXT continue
#endif
/* GCC would merge the copies of RX_NEXT back into one jump. */
#if defined(RX_THREADED) && !defined(__clang__)
#define RX_KEEP_JUMPS __attribute__((optimize("no-crossjumping")))
#else
#define RX_KEEP_JUMPS
#endif

RX_KEEP_JUMPS static int
run_from(struct run *r, uint32_t pc, size_t pos, size_t *caps)
{
#ifdef RX_THREADED
	static const void *const dispatch[] = {
		[OP_CHAR] = &&L_OP_CHAR, [OP_CHARI] = &&L_OP_CHARI, [OP_ANY] = &&L_OP_ANY,
		[OP_ANYNL] = &&L_OP_ANYNL, [OP_CLASS] = &&L_OP_CLASS, [OP_BOL] = &&L_OP_BOL,
		[OP_EOL] = &&L_OP_EOL, [OP_MBOL] = &&L_OP_MBOL, [OP_MEOL] = &&L_OP_MEOL,
		[OP_BEGIN] = &&L_OP_BEGIN, [OP_END] = &&L_OP_END, [OP_WORDB] = &&L_OP_WORDB,
		[OP_NWORDB] = &&L_OP_NWORDB, [OP_SPLIT] = &&L_OP_SPLIT, [OP_JMP] = &&L_OP_JMP,
		[OP_SAVE] = &&L_OP_SAVE, [OP_LOOK] = &&L_OP_LOOK, [OP_LOOKEND] = &&L_OP_LOOKEND,
		[OP_MATCH] = &&L_OP_MATCH, [OP_LOOPINIT] = &&L_OP_LOOPINIT,
		[OP_LOOPCHK] = &&L_OP_LOOPCHK,
	};
#endif
	const sfb_rx *rx = r->rx;
	sfb_rx_scratch *s = r->s;
	const unsigned char *t = r->t;
	size_t n = r->n;
	size_t base = s->nstack;
	int result = 0;
	const struct inst *in;
	size_t adv;
	uint32_t c;

	for (;;) {
		in = &rx->prog[pc];
		if (++r->steps > r->budget)
			goto gaveup;
#ifdef RX_THREADED
		goto *dispatch[in->op];
#else
		switch (in->op) {
#endif
		RX_CASE(OP_CHAR)
			if (run_at(r, in, pos)) {
				pos += in->run;
				pc += in->run;
				RX_NEXT;
			}
			if (pos < n && decode(t, n, pos, &adv) == in->c) {
				pos += adv;
				pc++;
				RX_NEXT;
			}
			goto fail;
		RX_CASE(OP_CHARI)
			if (run_at(r, in, pos)) {
				pos += in->run;
				pc += in->run;
				RX_NEXT;
			}
			if (pos < n) {
				c = t[pos];
				if (c < 0x80) {
					if ((c | 0x20) == in->c && ((c | 0x20) >= 'a' && (c | 0x20) <= 'z')) {
						pos++;
						pc++;
						RX_NEXT;
					}
					goto fail;
				}
				c = sfb_utf8_next(t + pos, n - pos, &adv);
				if (sfb_ucd_refold(c) == in->c) {
					pos += adv;
					pc++;
					RX_NEXT;
				}
			}
			goto fail;
		RX_CASE(OP_ANY)
			if (pos < n && t[pos] != '\n') {
				if (t[pos] < 0x80)
					pos++;
				else
					decode(t, n, pos, &adv), pos += adv;
				pc++;
				RX_NEXT;
			}
			goto fail;
		RX_CASE(OP_ANYNL)
			if (pos < n) {
				decode(t, n, pos, &adv);
				pos += adv;
				pc++;
				RX_NEXT;
			}
			goto fail;
		RX_CASE(OP_CLASS)
			if (pos < n) {
				const struct rxclass *cl = &rx->classes[in->c];
				c = decode(t, n, pos, &adv);
				if (c < 0x80 ? cl->ascii[c] : class_member(cl, r->icase, c)) {
					pos += adv;
					pc++;
					RX_NEXT;
				}
			}
			goto fail;
		RX_CASE(OP_BOL)
			if (pos == 0) {
				pc++;
				RX_NEXT;
			}
			goto fail;
		RX_CASE(OP_MBOL)
			if (pos == 0 || t[pos - 1] == '\n') {
				pc++;
				RX_NEXT;
			}
			goto fail;
		RX_CASE(OP_EOL)
			if (pos == n || (pos + 1 == n && t[pos] == '\n')) {
				pc++;
				RX_NEXT;
			}
			goto fail;
		RX_CASE(OP_MEOL)
			if (pos == n || t[pos] == '\n') {
				pc++;
				RX_NEXT;
			}
			goto fail;
		RX_CASE(OP_BEGIN)
			if (pos == 0) {
				pc++;
				RX_NEXT;
			}
			goto fail;
		RX_CASE(OP_END)
			if (pos == n) {
				pc++;
				RX_NEXT;
			}
			goto fail;
		RX_CASE(OP_WORDB)
		RX_CASE(OP_NWORDB) {
			/* Python: neither holds on an empty text. */
			if (n == 0)
				goto fail;
			int b = isword_at(t, n, pos, 1) != isword_at(t, n, pos, 0);
			if (b == (in->op == OP_WORDB)) {
				pc++;
				RX_NEXT;
			}
			goto fail;
		}
		RX_CASE(OP_SPLIT) {
			int gx = guard_ok(rx, in->guard, t, n, pos);
			int gy = guard_ok(rx, in->yguard, t, n, pos);
			if (!gx) {
				if (!gy)
					goto fail;
				pc = in->y;
				RX_NEXT;
			}
			if (in->memo != NOMEMO) {
				size_t bit = (size_t)in->memo * r->row + pos;
				uint64_t m = (uint64_t)1 << (bit & 63);
				if (s->visited[bit >> 6] & m)
					goto fail;
				s->visited[bit >> 6] |= m;
				if (r->depth) {
					if (s->nundo == s->capundo) {
						size_t cap = s->capundo ? 2 * s->capundo : 256;
						size_t *nu = realloc(s->undo, cap * sizeof *nu);
						if (!nu)
							goto oom;
						s->undo = nu;
						s->capundo = cap;
					}
					s->undo[s->nundo++] = bit;
				}
			}
			if (gy && push(s, in->y, pos) < 0)
				goto oom;
			pc = in->x;
			RX_NEXT;
		}
		RX_CASE(OP_JMP)
			pc = in->x;
			RX_NEXT;
		RX_CASE(OP_SAVE)
			if (push(s, RESTORE | in->c, caps[in->c]) < 0)
				goto oom;
			caps[in->c] = pos;
			pc++;
			RX_NEXT;
		RX_CASE(OP_LOOPINIT)
		RX_CASE(OP_LOOPCHK) {
			size_t *reg = &caps[r->loopbase + in->c];
			if (in->op == OP_LOOPCHK && *reg == pos) {
				if (in->x == LOOPFAIL)
					goto fail;
				pc = in->x;
				RX_NEXT;
			}
			if (push(s, RESTORE | (uint32_t)(r->loopbase + in->c), *reg) < 0)
				goto oom;
			*reg = in->op == OP_LOOPINIT ? SFB_RX_UNSET : pos;
			pc++;
			RX_NEXT;
		}
		RX_CASE(OP_LOOK) {
			int m = lookahead(r, pc, pos);
			if (m < 0)
				goto oom;
			if (m) {
				pc = in->x;
				RX_NEXT;
			}
			goto fail;
		}
		RX_CASE(OP_LOOKEND)
			result = 1;
			goto done;
		RX_CASE(OP_MATCH)
			caps[1] = pos;
			result = 1;
			goto done;
#ifndef RX_THREADED
		}
#endif
	fail:
		for (;;) {
			if (s->nstack == base)
				goto done;
			struct bt e = s->stack[--s->nstack];
			if (e.pc & RESTORE) {
				caps[e.pc & ~RESTORE] = e.pos;
				continue;
			}
			pc = e.pc;
			pos = e.pos;
			break;
		}
	}
gaveup:
	r->gaveup = 1;
oom:
	result = -1;
done:
	s->nstack = base;
	return result;
}

/* The next start >= i whose byte is one of the few first bytes, or n. */
static size_t
next_first(const sfb_rx *rx, const unsigned char *t, size_t n, size_t i)
{
#if defined(__SSE2__)
	__m128i f[4];
	for (int k = 0; k < 4; k++)
		f[k] = _mm_set1_epi8((char)rx->fb[k < rx->nfb ? k : 0]);
	for (; i + 16 <= n; i += 16) {
		__m128i x = _mm_loadu_si128((const __m128i *)(t + i));
		__m128i h = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(x, f[0]), _mm_cmpeq_epi8(x, f[1])),
		                         _mm_or_si128(_mm_cmpeq_epi8(x, f[2]), _mm_cmpeq_epi8(x, f[3])));
		unsigned m = (unsigned)_mm_movemask_epi8(h);
		if (m)
			return i + (unsigned)__builtin_ctz(m);
	}
#endif
	for (; i < n; i++)
		if (rx->first[t[i]])
			return i;
	return n;
}

/*
 * Can the required prefix start at i?  An ASCII byte that differs from the
 * prefix character rules the start out; a non-ASCII one might be a caseless
 * equivalent (U+0130 for i, ...) or end the text's ASCII run, so the engine
 * decides.
 */
static int
prefix_may_match(const sfb_rx *rx, const unsigned char *t, size_t n, size_t i)
{
	int icase = (rx->flags & SFB_RX_IGNORECASE) != 0;
	for (size_t j = 0; j < rx->npre; j++, i++) {
		if (i >= n)
			return 0;
		unsigned char b = t[i], p = (unsigned char)rx->pre[j];
		if (b >= 0x80)
			return 1;
		if (icase && p >= 'a' && p <= 'z')
			b = b >= 'A' && b <= 'Z' ? (unsigned char)(b + 32) : b;
		if (b != p)
			return 0;
	}
	return 1;
}

/* Does the required literal occur at t + i?  Under IGNORECASE an i, k or s
 * may stand as U+0130/U+0131, U+212A or U+017F. */
static int
lit_at(const sfb_rx *rx, const unsigned char *t, size_t n, size_t i)
{
	int icase = (rx->flags & SFB_RX_IGNORECASE) != 0;
	for (size_t j = 0; j < rx->nlit; j++) {
		if (i >= n)
			return 0;
		unsigned char b = t[i], p = (unsigned char)rx->lit[j];
		if (b < 0x80) {
			if (icase && b >= 'A' && b <= 'Z' && p >= 'a' && p <= 'z')
				b = (unsigned char)(b + 32);
			if (b != p)
				return 0;
			i++;
			continue;
		}
		if (!icase || (p != 'i' && p != 'k' && p != 's'))
			return 0;
		size_t adv;
		if (sfb_ucd_refold(sfb_utf8_next(t + i, n - i, &adv)) != p)
			return 0;
		i += adv;
	}
	return 1;
}

/*
 * The first p >= from where the required literal occurs, or SIZE_MAX.  The
 * scan looks for its rarest byte that sits at a fixed offset from the
 * literal's start: in any text, one with no i, k or s before it (whose
 * caseless equivalents U+0130, U+0131, U+212A and U+017F take two or three
 * bytes); in a plain text (without those four), any of its bytes.
 */
static size_t
lit_next(const sfb_rx *rx, const unsigned char *t, size_t n, size_t from,
    int plain)
{
	size_t off = plain ? rx->litscan_plain : rx->litscan;
	unsigned char c = (unsigned char)rx->lit[off], f[3] = { c, c, c };
	if ((rx->flags & SFB_RX_IGNORECASE) && c >= 'a' && c <= 'z') {
		f[1] = f[2] = (unsigned char)(c - 32);
		if (!plain)
			f[2] = c == 'i' ? 0xC4 : c == 's' ? 0xC5 : c == 'k' ? 0xE2 : f[1];
	}
	size_t i = from + off;
#if defined(__SSE2__)
	const __m128i f0 = _mm_set1_epi8((char)f[0]), f1 = _mm_set1_epi8((char)f[1]);
	const __m128i f2 = _mm_set1_epi8((char)f[2]);
	for (; i + 16 <= n; i += 16) {
		__m128i x = _mm_loadu_si128((const __m128i *)(t + i));
		unsigned m = (unsigned)_mm_movemask_epi8(_mm_or_si128(
		    _mm_or_si128(_mm_cmpeq_epi8(x, f0), _mm_cmpeq_epi8(x, f1)), _mm_cmpeq_epi8(x, f2)));
		while (m) {
			size_t at = i + (unsigned)__builtin_ctz(m);
			if (lit_at(rx, t, n, at - off))
				return at - off;
			m &= m - 1;
		}
	}
#endif
	for (; i < n; i++)
		if ((t[i] == f[0] || t[i] == f[1] || t[i] == f[2]) && lit_at(rx, t, n, i - off))
			return i - off;
	return SIZE_MAX;
}

/* The first given occurrence >= from (occ[*oi..]), or lit_next's. */
static size_t
occ_next(const sfb_rx *rx, const unsigned char *t, size_t n, size_t from,
    int plain, const size_t *occ, size_t nocc, size_t *oi)
{
	if (!occ)
		return lit_next(rx, t, n, from, plain);
	while (*oi < nocc && occ[*oi] < from)
		++*oi;
	return *oi < nocc ? occ[*oi] : SIZE_MAX;
}

/* Does one of the heads begin at start? */
static int
heads_match(const sfb_rx *rx, const unsigned char *t, size_t n, size_t start)
{
	if (n - start >= 16) {
		uint64_t a0, a1;
		memcpy(&a0, t + start, 8);
		memcpy(&a1, t + start + 8, 8);
		for (int k = 0; k < rx->nheads; k++) {
			const struct head *h = &rx->heads[k];
			if (((a0 | h->f[0]) & h->m[0]) == h->w[0] &&
			    ((a1 | h->f[1]) & h->m[1]) == h->w[1])
				return 1;
		}
		return 0;
	}
	for (int k = 0; k < rx->nheads; k++) {
		const struct head *h = &rx->heads[k];
		unsigned char w[16], f[16];
		size_t j = 0;
		if (h->len > n - start)
			continue;
		memcpy(w, h->w, 16);
		memcpy(f, h->f, 16);
		while (j < h->len && (t[start + j] | f[j]) == w[j])
			j++;
		if (j == h->len)
			return 1;
	}
	return 0;
}

/* Can a match begin at start?  Cheap tests, inline in the loops. */
static inline int
start_ok(const struct run *r, size_t start)
{
	const sfb_rx *rx = r->rx;
	const unsigned char *text = r->t;
	size_t n = r->n;

	if (start < n ? !(rx->anystart || rx->first[text[start]]) : !rx->anystart)
		return 0;
	if (start < n && (text[start] & 0xC0) == 0x80)
		return 0;
	return r->heads ? heads_match(rx, text, n, start) :
	    rx->npre <= 1 || prefix_may_match(rx, text, n, start);
}

/* The engine from a start that passed start_ok: 1 a match (spans
 * filled), 0 none, -1 out of memory, -2 gave up. */
static int
try_start(struct run *r, size_t start, size_t ncaps, size_t *spans)
{
	const sfb_rx *rx = r->rx;

	if (!r->cleared) {
		/* Only a search that runs the engine needs its memo clear. */
		if (r->words)
			memset(r->s->visited, 0, r->words * sizeof *r->s->visited);
		if (r->nlook)
			memset(r->s->look, 0, r->nlook);
		r->cleared = 1;
	}
	for (size_t k = 0; k < ncaps + rx->nloops; k++)
		r->s->caps[k] = SFB_RX_UNSET;
	r->s->caps[0] = start;
	int m = run_from(r, 0, start, r->s->caps);
	if (m < 0)
		return r->gaveup ? -2 : -1;
	if (m && spans)
		memcpy(spans, r->s->caps, ncaps * sizeof *spans);
	return m;
}

/* How search finds starts to try. */
enum { EVERY_START, LIT_WINDOWS, LIT_WINDOWS_PLAIN };

static int
search(const sfb_rx *rx, sfb_rx_scratch *s, const unsigned char *text,
    size_t n, size_t *spans, int how, const size_t *occ, size_t nocc)
{
	int plain = how == LIT_WINDOWS_PLAIN;
	size_t lit = 0, oi = 0;
	if (rx->nlit > 1 &&
	    (lit = occ_next(rx, text, n, 0, plain, occ, nocc, &oi)) == SIZE_MAX)
		return 0;
	size_t row = n + 1;
	if (rx->nmemo && row > (SIZE_MAX - 64) / rx->nmemo)
		return -1;
	size_t words = (rx->nmemo * row + 63) / 64;
	if (words > s->capvisited) {
		uint64_t *nv = realloc(s->visited, words * sizeof *nv);
		if (!nv)
			return -1;
		s->visited = nv;
		s->capvisited = words;
	}
	size_t nlook = rx->nlook * row;
	if (nlook > s->caplook) {
		unsigned char *nl = realloc(s->look, nlook);
		if (!nl)
			return -1;
		s->look = nl;
		s->caplook = nlook;
	}
	size_t ncaps = 2 * (rx->ngroups + 1);
	if (ncaps + rx->nloops > s->capcaps) {
		size_t *nc = realloc(s->caps, (ncaps + rx->nloops) * sizeof *nc);
		if (!nc)
			return -1;
		s->caps = nc;
		s->capcaps = ncaps + rx->nloops;
	}
	struct run r = { rx, s, text, n, row, (rx->flags & SFB_RX_IGNORECASE) != 0, 0, ncaps, 0, 0, 0, 0, 0, 0, 0 };
	r.heads = rx->nheads && how != EVERY_START && (plain || !r.icase);
	r.words = words;
	r.nlook = nlook;
	r.budget = STEPS_MAX;
	if (rx->nprog < STEPS_MAX / STEPS_PER_CELL / row)
		r.budget = (uint64_t)STEPS_PER_CELL * (rx->nprog + 1) * row + 1000000;
	if (r.budget > STEPS_MAX)
		r.budget = STEPS_MAX;
	s->nstack = 0;
	s->nundo = 0;
	if (how != EVERY_START && rx->nlit > 1 && rx->lithi != RX_INF) {
		/*
		 * Every match holds the literal litlo..lithi code points after
		 * its start, that is litlo..4 * lithi bytes before an
		 * occurrence: only those starts are tried, in increasing
		 * order, so the leftmost match is still the first found.
		 */
		size_t next = 0, back = 4 * (size_t)rx->lithi;
		for (; lit != SIZE_MAX; lit = occ_next(rx, text, n, lit + 1, plain, occ, nocc, &oi)) {
			if (lit < rx->litlo)
				continue;
			size_t lo = lit > back ? lit - back : 0, hi = lit - rx->litlo;
			for (size_t start = lo > next ? lo : next; start <= hi; start++) {
				if (!start_ok(&r, start))
					continue;
				int m = try_start(&r, start, ncaps, spans);
				if (m)
					return m;
			}
			if (hi + 1 > next)
				next = hi + 1;
		}
		return 0;
	}
	for (size_t start = 0; start <= n; start++) {
		if (rx->nfb) {
			start = next_first(rx, text, n, start);
			if (start >= n)
				break;
		}
		if (!start_ok(&r, start))
			continue;
		int m = try_start(&r, start, ncaps, spans);
		if (m)
			return m;
	}
	return 0;
}

int
sfb_rx_search(const sfb_rx *rx, sfb_rx_scratch *s,
              const unsigned char *text, size_t n, size_t *spans)
{
	return search(rx, s, text, n, spans, LIT_WINDOWS, NULL, 0);
}

int
sfb_rx_search_plain(const sfb_rx *rx, sfb_rx_scratch *s,
                    const unsigned char *text, size_t n, size_t *spans)
{
	return search(rx, s, text, n, spans, LIT_WINDOWS_PLAIN, NULL, 0);
}

int
sfb_rx_wordb(const unsigned char *t, size_t n, size_t pos)
{
	return n > 0 && isword_at(t, n, pos, 1) != isword_at(t, n, pos, 0);
}

size_t
sfb_rx_cost(const sfb_rx *rx)
{
	return rx->nmemo;
}

int
sfb_rx_windowed(const sfb_rx *rx)
{
	return rx->nlit > 1 && rx->lithi != RX_INF;
}

int
sfb_rx_start_byte(const sfb_rx *rx, size_t j, unsigned char set[256])
{
	if (!sfb_rx_windowed(rx) || rx->litlo != 0 || rx->lithi != 0 ||
	    rx->nheads == 0 || j >= HEAD_LEN)
		return 0;
	for (int k = 0; k < rx->nheads; k++)
		if (j >= rx->heads[k].len)
			return 0;
	/* Every match begins with a head (heads_match), byte j of which is
	 * w's, or under IGNORECASE a letter's either case: ORed with 0x20,
	 * the text's byte is w's byte ORed with 0x20. */
	for (int k = 0; k < rx->nheads; k++) {
		unsigned char w[16];
		memcpy(w, rx->heads[k].w, 16);
		set[w[j] | 0x20] = 1;
	}
	return 1;
}

size_t
sfb_rx_head(const sfb_rx *rx, size_t k, unsigned char s[16])
{
	/* A match starts where a head begins (start_ok: heads_match). */
	if (!sfb_rx_windowed(rx) || rx->litlo != 0 || rx->lithi != 0 ||
	    k >= (size_t)rx->nheads)
		return 0;
	memcpy(s, rx->heads[k].w, 16);
	return rx->heads[k].len;
}

int
sfb_rx_search_at(const sfb_rx *rx, sfb_rx_scratch *s,
                 const unsigned char *text, size_t n, const size_t *occ,
                 size_t nocc, size_t *spans)
{
	return search(rx, s, text, n, spans, LIT_WINDOWS_PLAIN, occ, nocc);
}

int
sfb_rx_search_every(const sfb_rx *rx, sfb_rx_scratch *s,
                    const unsigned char *text, size_t n, size_t *spans)
{
	return search(rx, s, text, n, spans, EVERY_START, NULL, 0);
}
