/* test_score.c - the scorer's internals with many edge cases: Python's
 * json.loads error messages (tests/golden/score/pyerr.tsv, written by
 * tests/gen/gen_score_golden.py from Python's own exceptions), str.strip(),
 * the pins parser and the string table. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bundle/score_int.h"
#include "core/pyerr.h"
#include "t.h"

static size_t
unhex(const char *s, size_t n, char *out)
{
	size_t i;

	for (i = 0; i + 1 < n; i += 2) {
		unsigned v;

		sscanf(s + i, "%2x", &v);
		out[i / 2] = (char)v;
	}
	return n / 2;
}

static void
pyerr(void)
{
	FILE *f = fopen("tests/golden/score/pyerr.tsv", "r");
	char *line = NULL;
	size_t cap = 0;
	int cases = 0;

	if (!t_ok(f != NULL, "cannot open tests/golden/score/pyerr.tsv"))
		return;
	while (getline(&line, &cap, f) > 0) {
		struct sfb_buf msg = { 0 };
		char *tab, text[4096], want[4096];
		size_t tn, wn;
		int r;

		if (line[0] == '#')
			continue;
		line[strcspn(line, "\n")] = '\0';
		if (!t_ok((tab = strchr(line, '\t')) != NULL, "bad golden line"))
			break;
		tn = unhex(line, (size_t)(tab - line), text);
		wn = unhex(tab + 1, strlen(tab + 1), want);
		r = sfb_py_json_error(text, tn, &msg);
		if (wn == 2 && memcmp(want, "OK", 2) == 0)
			t_ok(r < 0, "%.*s: Python reads it, got %.*s", (int)tn, text,
			    (int)msg.len, msg.p);
		else
			t_ok(r == 0 && msg.len == wn && memcmp(msg.p, want, wn) == 0,
			    "%.*s:\n got  %.*s\n want %.*s", (int)tn, text,
			    (int)msg.len, msg.p, (int)wn, want);
		sfb_buf_free(&msg);
		cases++;
	}
	t_ok(cases > 1500, "only %d golden cases", cases);
	free(line);
	fclose(f);
}

static void
strip(void)
{
	static const struct { const char *in, *out; } c[] = {
		{ "", "" },
		{ " \t\n\r\v\f", "" },
		{ "\x1c\x1d\x1e\x1fx\xc2\x85", "x" },
		{ "\xc2\xa0\xe2\x80\x83" "a b\xe3\x80\x80", "a b" },
		{ "\xe2\x80\x8bz\xe2\x80\x8b", "\xe2\x80\x8bz\xe2\x80\x8b" },
		{ "\xe2\x80\xa8\xe2\x80\xa9q", "q" },
		{ "\xef\xbb\xbfq", "\xef\xbb\xbfq" },
	};
	size_t i;

	for (i = 0; i < sizeof c / sizeof c[0]; i++) {
		const char *s = c[i].in;
		size_t n = strlen(s);

		py_strip(&s, &n);
		t_ok(n == strlen(c[i].out) && memcmp(s, c[i].out, n) == 0,
		    "strip case %zu", i);
		t_ok(py_nonblank(c[i].in, strlen(c[i].in)) == (n > 0),
		    "nonblank case %zu", i);
	}
}

static void
pins(void)
{
	static const char good[] =
	    "\n"
	    "43BAAB39CE60B9E63ADF98A4C74292B78E0BAADA063227AB2631F3430C3D2C83 *dataset/x\r\n"
	    "  \n"
	    "0000000000000000000000000000000000000000000000000000000000000000  dataset/x\n";
	static const char *const bad[] = {
		"abc  x\n",
		"43baab39ce60b9e63adf98a4c74292b78e0baada063227ab2631f3430c3d2c83 x\n",
		"43baab39ce60b9e63adf98a4c74292b78e0baada063227ab2631f3430c3d2c8g  x\n",
		"43baab39ce60b9e63adf98a4c74292b78e0baada063227ab2631f3430c3d2c83  \n",
		"43baab39ce60b9e63adf98a4c74292b78e0baada063227ab2631f3430c3d2c83\tx\n",
	};
	struct sfb_buf msg = { 0 };
	struct sfb_score_pins *p;
	size_t i;

	p = sfb_score_pins_parse(good, sizeof good - 1, &msg);
	t_ok(p != NULL, "good pins: %.*s", (int)msg.len, msg.p);
	sfb_score_pins_free(p);
	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		char want[64];

		p = sfb_score_pins_parse(bad[i], strlen(bad[i]), &msg);
		snprintf(want, sizeof want, "Malformed SHA-256 manifest entry at "
		    "line 1");
		t_ok(!p && msg.len == strlen(want) && memcmp(msg.p, want,
		    msg.len) == 0, "bad pins %zu: %.*s", i, (int)msg.len, msg.p);
		sfb_score_pins_free(p);
	}
	p = sfb_score_pins_release();
	t_ok(p != NULL, "release pins");
	sfb_score_pins_free(p);
	sfb_score_pins_free(NULL);
	sfb_buf_free(&msg);
}

static void
strtab(void)
{
	struct strtab t = { 0 };
	char key[32];
	size_t n;
	int i, added, ok = 1;

	for (i = 0; i < 5000; i++) {
		snprintf(key, sizeof key, "k%d", i);
		ok &= strtab_add(&t, key, strlen(key), &added) == i && added;
	}
	ok &= strtab_add(&t, "", 0, &added) == 5000 && added;
	ok &= strtab_add(&t, "k17", 3, &added) == 17 && !added;
	ok &= strtab_find(&t, "k4999", 5) == 4999;
	ok &= strtab_find(&t, "k5000", 5) == -1;
	ok &= strtab_find(&t, "", 0) == 5000;
	ok &= strtab_add(&t, "a\0b", 3, &added) == 5001 && added;
	ok &= strtab_find(&t, "a\0c", 3) == -1;
	ok &= memcmp(strtab_str(&t, 5001, &n), "a\0b", 3) == 0 && n == 3;
	t_ok(ok, "string table");
	strtab_free(&t);
	t_ok(bytes_cmp("ab", 2, "abc", 3) < 0 && bytes_cmp("b", 1, "abc", 3) > 0 &&
	    bytes_cmp("\xc3\xa9", 2, "z", 1) > 0 && bytes_cmp("", 0, "", 0) == 0,
	    "byte order");
}

int
main(void)
{
	pyerr();
	strip();
	pins();
	strtab();
	return t_done();
}
