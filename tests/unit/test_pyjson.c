/* test_pyjson.c - lib/pyjson against Python's own json.dumps output
 * (tests/golden/score/pyjson.tsv, written by tests/gen/gen_score_golden.py):
 * every JSON text, read as json.loads reads it, must dump byte for byte as
 * json.dumps(..., indent=N, sort_keys=True); plus the builder calls. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/pyjson.h"
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
golden_file(void)
{
	FILE *f = fopen("tests/golden/score/pyjson.tsv", "r");
	char *line = NULL;
	size_t cap = 0;
	ssize_t len;
	int cases = 0;

	if (!t_ok(f != NULL, "cannot open tests/golden/score/pyjson.tsv"))
		return;
	while ((len = getline(&line, &cap, f)) > 0) {
		char *tab1, *tab2, *text, *want;
		size_t tn, wn;
		struct sfb_pyjson *d;
		struct sfb_buf out = { 0 };
		struct sfb_span tok;
		const char *why;
		int indent;

		if (line[0] == '#')
			continue;
		line[strcspn(line, "\n")] = '\0';
		tab1 = strchr(line, '\t');
		tab2 = tab1 ? strchr(tab1 + 1, '\t') : NULL;
		if (!t_ok(tab2 != NULL, "bad golden line"))
			break;
		text = malloc((size_t)(tab1 - line) / 2 + 1);
		want = malloc(strlen(tab2 + 1) / 2 + 1);
		tn = unhex(line, (size_t)(tab1 - line), text);
		wn = unhex(tab2 + 1, strlen(tab2 + 1), want);
		indent = atoi(tab1 + 1);
		t_ok(sfb_json_validate(text, tn, &tok, &why) == 0,
		    "golden text %.*s does not validate", (int)tn, text);
		d = sfb_pyjson_new();
		t_ok(sfb_pyjson_dump(d, sfb_pyjson_raw(d, &tok), indent, &out) == 0,
		    "dump failed");
		if (!t_ok(out.len == wn && memcmp(out.p, want, wn) == 0,
		    "%.*s (indent %d):\n got  %.*s\n want %.*s", (int)tn, text,
		    indent, (int)out.len, out.p, (int)wn, want))
			break;
		cases++;
		sfb_pyjson_free(d);
		sfb_buf_free(&out);
		free(text);
		free(want);
	}
	t_ok(cases > 500, "only %d golden cases", cases);
	free(line);
	fclose(f);
}

static int
dumps(struct sfb_pyjson *d, const struct sfb_pyval *v, int indent,
    const char *want)
{
	struct sfb_buf out = { 0 };
	int ok;

	ok = sfb_pyjson_dump(d, v, indent, &out) == 0 &&
	    out.len == strlen(want) && memcmp(out.p, want, out.len) == 0;
	t_ok(ok, "got %.*s\nwant %s", (int)out.len, out.p, want);
	sfb_buf_free(&out);
	return ok;
}

static void
builder(void)
{
	struct sfb_pyjson *d = sfb_pyjson_new();
	struct sfb_pyval *o = sfb_pyjson_object(d), *a = sfb_pyjson_array(d);

	sfb_pyjson_push(d, a, sfb_pyjson_int(d, -3));
	sfb_pyjson_push(d, a, sfb_pyjson_uint(d, 18446744073709551615ULL));
	sfb_pyjson_push(d, a, sfb_pyjson_float(d, 1.0));
	sfb_pyjson_push(d, a, sfb_pyjson_float(d, 0.1 + 0.2));
	sfb_pyjson_push(d, a, sfb_pyjson_float(d, 1e-5));
	sfb_pyjson_push(d, a, sfb_pyjson_float(d, NAN));
	sfb_pyjson_push(d, a, sfb_pyjson_float(d, -INFINITY));
	sfb_pyjson_push(d, a, sfb_pyjson_bool(d, 1));
	sfb_pyjson_push(d, a, sfb_pyjson_null(d));
	sfb_pyjson_push(d, a, sfb_pyjson_string(d, "a\0b\xc3\xa9", 5));
	sfb_pyjson_set(d, o, "zeta", 4, sfb_pyjson_array(d));
	sfb_pyjson_set(d, o, "alpha", 5, a);
	sfb_pyjson_set(d, o, "mid", 3, sfb_pyjson_int(d, 1));
	sfb_pyjson_set(d, o, "mid", 3, sfb_pyjson_int(d, 2));
	sfb_pyjson_set(d, o, "", 0, sfb_pyjson_object(d));
	dumps(d, o, 2, "{\n  \"\": {},\n  \"alpha\": [\n    -3,\n"
	    "    18446744073709551615,\n    1.0,\n    0.30000000000000004,\n"
	    "    1e-05,\n    NaN,\n    -Infinity,\n    true,\n    null,\n"
	    "    \"a\\u0000b\\u00e9\"\n  ],\n  \"mid\": 2,\n  \"zeta\": []\n}");
	/* A value set in two containers is not allowed; pushing onto a
	 * non-container is ignored. */
	sfb_pyjson_push(d, sfb_pyjson_int(d, 1), sfb_pyjson_int(d, 2));
	sfb_pyjson_set(d, a, "k", 1, sfb_pyjson_int(d, 2));
	dumps(d, sfb_pyjson_array(d), 2, "[]");
	sfb_pyjson_free(d);
	sfb_pyjson_free(NULL);
}

/* Many members and elements: the containers grow inside the arena. */
static void
large(void)
{
	struct sfb_pyjson *d = sfb_pyjson_new();
	struct sfb_pyval *o = sfb_pyjson_object(d);
	struct sfb_buf out = { 0 };
	char key[16];
	int i;

	for (i = 9999; i >= 0; i--) {
		struct sfb_pyval *a = sfb_pyjson_array(d);

		sfb_pyjson_push(d, a, sfb_pyjson_int(d, i));
		snprintf(key, sizeof key, "k%05d", i);
		sfb_pyjson_set(d, o, key, strlen(key), a);
	}
	t_ok(sfb_pyjson_dump(d, o, 0, &out) == 0, "large dump");
	t_ok(out.len > 20 && memcmp(out.p, "{\n\"k00000\": [\n0\n],\n\"k00001\"",
	    26) == 0, "large dump order: %.30s", out.p);
	sfb_buf_free(&out);
	sfb_pyjson_free(d);
}

int
main(void)
{
	golden_file();
	builder();
	large();
	return t_done();
}
