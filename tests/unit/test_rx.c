/*
 * Unit tests for lib/rx: every case in tests/golden/rx/cases.h, windows.h and runs.h (results
 * computed by Python's re) must give the same match, match span and group 1
 * span; patterns Python rejects must be rejected; the required literals
 * that the refusal prefilter relies on must be the expected ones.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "text/rx.h"
#include "t.h"

struct rx_case {
	int flags;
	const char *pat;
	size_t patlen;
	const char *pre;
	size_t npre;
	const char *unit;
	size_t nunit;
	size_t reps;
	const char *suf;
	size_t nsuf;
	int match;
	long start, end, g1s, g1e;
};

#include "../golden/rx/cases.h"
#include "../golden/rx/windows.h"
#include "../golden/rx/runs.h"

static void
check(int ok, const char *what, size_t k)
{
	t_ok(ok, "%s (case %zu)", what, k);
}

static long
span(size_t v)
{
	return v == SFB_RX_UNSET ? -1 : (long)v;
}

/* Does t hold U+0130, U+0131, U+017F or U+212A (sfb_rx_search_plain's
 * condition)? */
static int
has_extras(const unsigned char *t, size_t n)
{
	for (size_t i = 0; i + 1 < n; i++)
		if ((t[i] == 0xC4 && (t[i + 1] == 0xB0 || t[i + 1] == 0xB1)) ||
		    (t[i] == 0xC5 && t[i + 1] == 0xBF) ||
		    (i + 2 < n && t[i] == 0xE2 && t[i + 1] == 0x84 && t[i + 2] == 0xAA))
			return 1;
	return 0;
}

static void
test_cases(const struct rx_case *cases, size_t ncases)
{
	sfb_rx_scratch *s = sfb_rx_scratch_new();
	for (size_t k = 0; k < ncases; k++) {
		const struct rx_case *c = &cases[k];
		const char *err = NULL;
		sfb_rx *rx = sfb_rx_new(c->pat, c->patlen, c->flags, &err);
		if (!t_ok(rx != NULL, "compile /%s/: %s (case %zu)", c->pat, err, k))
			continue;
		size_t n = c->npre + c->nunit * c->reps + c->nsuf;
		unsigned char *t = malloc(n ? n : 1);
		memcpy(t, c->pre, c->npre);
		for (size_t r = 0; r < c->reps; r++)
			memcpy(t + c->npre + r * c->nunit, c->unit, c->nunit);
		memcpy(t + n - c->nsuf, c->suf, c->nsuf);
		/* Each search: near the literal, at every start (the
		 * reference), and the plain one where the text allows it. */
		for (int how = 0; how < 3; how++) {
			size_t sp[2 * 8];
			int m;

			if (how == 2 && has_extras(t, n))
				continue;
			m = how == 0 ? sfb_rx_search(rx, s, t, n, sp) :
			    how == 1 ? sfb_rx_search_every(rx, s, t, n, sp) :
			    sfb_rx_search_plain(rx, s, t, n, sp);
			int ok = m == c->match;
			if (ok && m) {
				ok = span(sp[0]) == c->start && span(sp[1]) == c->end;
				if (sfb_rx_ngroups(rx) >= 1)
					ok = ok && span(sp[2]) == c->g1s && span(sp[3]) == c->g1e;
			}
			t_ok(ok, "/%s/ flags %d on %zu bytes, search %d: got %d [%ld,%ld] g1 [%ld,%ld], "
				        "want %d [%ld,%ld] g1 [%ld,%ld] (case %zu)", c->pat, c->flags, n, how, m,
				        m > 0 ? span(sp[0]) : -1, m > 0 ? span(sp[1]) : -1,
				        m > 0 && sfb_rx_ngroups(rx) ? span(sp[2]) : -1,
				        m > 0 && sfb_rx_ngroups(rx) ? span(sp[3]) : -1,
				        c->match, c->start, c->end, c->g1s, c->g1e, k);
		}
		free(t);
		sfb_rx_free(rx);
	}
	sfb_rx_scratch_free(s);
}

/* The reference's answers (Python re): the frozen patterns' cases, then
 * those aimed at the search near the literal, then those aimed at the
 * runs of characters compared a word at a time (with 16 bytes of text
 * left) and one by one (nearer the end). */
static void
test_golden(void)
{
	test_cases(rx_cases, sizeof rx_cases / sizeof rx_cases[0]);
	test_cases(rx_window_cases, sizeof rx_window_cases / sizeof rx_window_cases[0]);
	test_cases(rx_run_cases, sizeof rx_run_cases / sizeof rx_run_cases[0]);
}

static void
test_rejects(void)
{
	for (size_t k = 0; k < sizeof rx_rejects / sizeof rx_rejects[0]; k++) {
		const char *err = NULL;
		sfb_rx *rx = sfb_rx_new(rx_rejects[k], strlen(rx_rejects[k]), 0, &err);
		check(rx == NULL && err != NULL, rx_rejects[k], k);
		sfb_rx_free(rx);
	}
	/* Constructs outside the supported subset are refused, not guessed. */
	const char *unsupported[] = { "(?<=a)b", "(?P<x>a)", "(?>a)", "[\xc3\xa9]", "\xc3\xa9", "(?=(a))",
	    /* counted repeats past sfb's limit of 1000 (Python allows more) */
	    "a{1001}", "a{,3555555}", "(?:a{,3}){2000,}" };
	for (size_t k = 0; k < sizeof unsupported / sizeof unsupported[0]; k++) {
		const char *err = NULL;
		sfb_rx *rx = sfb_rx_new(unsupported[k], strlen(unsupported[k]), 0, &err);
		check(rx == NULL && err != NULL, unsupported[k], k);
		sfb_rx_free(rx);
	}
}

static void
test_literals(void)
{
	static const struct {
		const char *pat;
		int flags;
		const char *lit;
	} t[] = {
		{ "\\bi('m| am) unable to\\b", SFB_RX_IGNORECASE, "m unable to" },
		{ "\\bi can(?:'t|not)\\b.*(?:analy[sz]e|interpret)\\b.*(?:image|x[- ]?ray)", SFB_RX_IGNORECASE, "i can" },
		{ "\\bcannot provide\\b.*(?:diagnosis|medical)", SFB_RX_IGNORECASE, "cannot provide" },
		{ "\\bi('m| am) not (?:qualified|able|authorized)\\b", SFB_RX_IGNORECASE, "m not " },
		{ "\\bconsult a (?:qualified |)(?:radiologist|healthcare|medical)\\b", SFB_RX_IGNORECASE, "consult a " },
		{ "\\bi (?:cannot|can(?:'t| not)) (?:provide|offer|give)\\b", SFB_RX_IGNORECASE, "i can" },
		{ "Ab(?=Cd)Cd", 0, "AbCd" },
		{ "AB", SFB_RX_IGNORECASE, "ab" },
		{ "x+yz?", 0, "xy" },
		{ "(?:abc|abd)e", 0, "ab" },
		{ "a*", 0, "" },
		{ ".", 0, "" },
	};
	for (size_t k = 0; k < sizeof t / sizeof t[0]; k++) {
		sfb_rx *rx = sfb_rx_new(t[k].pat, strlen(t[k].pat), t[k].flags, NULL);
		const char *lit = NULL;
		size_t n = rx ? sfb_rx_literal(rx, &lit) : 0;
		int ok = rx && n == strlen(t[k].lit) && memcmp(lit, t[k].lit, n) == 0;
		t_ok(ok, "literal of /%s/: got '%.*s', want '%s'", t[k].pat, (int)n, lit ? lit : "", t[k].lit);
		sfb_rx_free(rx);
	}
}

/* sfb_rx_start_byte: the bytes (ORed with 0x20) the heads allow at j,
 * only where the required literal begins every match and every head
 * reaches j. */
static void
test_start_byte(void)
{
	static const struct {
		const char *pat;
		int flags;
		size_t j;
		const char *set;        /* NULL: not known */
	} t[] = {
		{ "\\b(?:this|the) (?:x[- ]?ray|image)", SFB_RX_IGNORECASE, 2, "ei" },
		{ "\\bi (?:observe|see|note)\\b", SFB_RX_IGNORECASE, 2, "nos" },
		{ "\\b(?:possible|potential) f", SFB_RX_IGNORECASE, 2, "st" },
		{ "\\b(?:possible|potential) f", SFB_RX_IGNORECASE, 3, "es" },
		{ "TH(?:E|IS)-", 0, 2, "ei" },          /* each ORed with 0x20 */
		{ "th[ -]x", 0, 2, " -" },
		{ "\\bi('m| am) unable to\\b", SFB_RX_IGNORECASE, 2, NULL },  /* literal not first */
		{ "\\b(?:this|the)\\b", SFB_RX_IGNORECASE, 4, NULL },       /* "the" ends before 4 */
		{ "\\bgenerally?\\b.*\\blook for\\b", SFB_RX_IGNORECASE, 16, NULL },
		{ "a+b", 0, 1, NULL },                  /* the literal "ab" is not bounded */
	};
	for (size_t k = 0; k < sizeof t / sizeof t[0]; k++) {
		sfb_rx *rx = sfb_rx_new(t[k].pat, strlen(t[k].pat), t[k].flags, NULL);
		unsigned char set[256];
		char got[257];
		size_t ng = 0;
		memset(set, 0, sizeof set);
		int r = rx ? sfb_rx_start_byte(rx, t[k].j, set) : -1;
		for (unsigned c = 0; c < 256; c++)
			if (set[c])
				got[ng++] = (char)c;
		got[ng] = 0;
		t_ok(t[k].set ? r == 1 && strcmp(got, t[k].set) == 0 : r == 0 && ng == 0,
		     "start byte %zu of /%s/: %d '%s'", t[k].j, t[k].pat, r, got);
		sfb_rx_free(rx);
	}
}

static void
test_api(void)
{
	/* One scratch serves several patterns in turn; NULL spans is allowed. */
	sfb_rx_scratch *s = sfb_rx_scratch_new();
	sfb_rx *a = sfb_rx_new("(b)(c)?", 7, 0, NULL);
	sfb_rx *b = sfb_rx_new("x", 1, 0, NULL);
	size_t sp[6];
	const unsigned char t[] = "abd";
	check(a && sfb_rx_ngroups(a) == 2, "ngroups", 0);
	check(sfb_rx_search(a, s, t, 3, sp) == 1 && sp[0] == 1 && sp[1] == 2 && sp[2] == 1 &&
	      sp[3] == 2 && sp[4] == SFB_RX_UNSET && sp[5] == SFB_RX_UNSET, "unset group", 0);
	check(sfb_rx_search(b, s, t, 3, NULL) == 0, "no match", 0);
	check(sfb_rx_search(a, s, t, 3, NULL) == 1, "match without spans", 0);
	sfb_rx_free(a);
	sfb_rx_free(b);
	sfb_rx_free(NULL);
	sfb_rx_scratch_free(s);
	sfb_rx_scratch_free(NULL);
}

int
main(void)
{
	test_golden();
	test_rejects();
	test_literals();
	test_start_byte();
	test_api();
	return t_done();
}
