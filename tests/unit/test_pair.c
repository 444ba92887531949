/* test_pair.c - Python repr()/str() of JSON values against Python's own
 * output (tests/golden/pair/repr.tsv, written by tests/gen/gen_pair_repr.py)
 * and the document hand-over of the input reader that sfb-pair relies on. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/input.h"
#include "core/json.h"
#include "core/pyrepr.h"
#include "t.h"

static int
unhex(const char *h, struct sfb_buf *out)
{
	out->len = 0;
	if (strcmp(h, "-") == 0)
		return 0;
	for (; h[0] && h[1]; h += 2) {
		unsigned v;

		if (sscanf(h, "%2x", &v) != 1 || sfb_buf_putc(out, (char)v) < 0)
			return -1;
	}
	return 0;
}

static void
repr_golden(void)
{
	FILE *f = fopen("tests/golden/pair/repr.tsv", "r");
	struct sfb_buf want = { 0 }, got = { 0 };
	char line[8192];
	int rows = 0;

	if (!t_ok(f != NULL, "cannot open tests/golden/pair/repr.tsv"))
		return;
	while (fgets(line, sizeof line, f)) {
		char *tok = strtok(line, "\t"), *hr = strtok(NULL, "\t"),
		    *hs = strtok(NULL, "\t\n");
		struct sfb_span v;
		const char *why;

		if (line[0] == '#')
			continue;
		if (!t_ok(tok && hr && hs, "short golden row %d", rows))
			break;
		rows++;
		if (!t_ok(sfb_json_validate(tok, strlen(tok), &v, &why) == 0,
		    "golden token %s: %s", tok, why))
			continue;
		unhex(hr, &want);
		got.len = 0;
		t_ok(sfb_pyrepr_json(&got, &v) == 0 && got.len == want.len &&
		    memcmp(got.p, want.p, got.len) == 0, "repr(%s): %.*s", tok,
		    (int)got.len, got.p);
		unhex(hs, &want);
		got.len = 0;
		t_ok(sfb_pystr_json(&got, &v) == 0 && got.len == want.len &&
		    memcmp(got.p, want.p, got.len) == 0, "str(%s): %.*s", tok,
		    (int)got.len, got.p);
	}
	fclose(f);
	t_ok(rows > 400, "golden rows read: %d", rows);
	sfb_buf_free(&want);
	sfb_buf_free(&got);
}

/* Two documents taken from the reader stay valid side by side. */
static void
take(void)
{
	char a[] = "/tmp/sfb-test-pair-a.XXXXXX", b[] = "/tmp/sfb-test-pair-b.XXXXXX";
	char *files[2] = { a, b };
	struct sfb_buf d1 = { 0 }, d2 = { 0 }, d3 = { 0 };
	struct sfb_err err = { 0 };
	struct sfb_in *in;
	int fa = mkstemp(a), fb = mkstemp(b);

	if (!t_ok(fa >= 0 && fb >= 0, "temporary files"))
		return;
	t_ok(write(fa, "[1]\n", 4) == 4 && write(fb, "{\"x\": 2}\n", 9) == 9,
	    "write temporary files");
	close(fa);
	close(fb);
	in = sfb_in_new(files, 2);
	t_ok(sfb_in_file_take(in, &d1, &err) == 1, "first document");
	t_ok(sfb_in_file_take(in, &d2, &err) == 1, "second document");
	t_ok(sfb_in_file_take(in, &d3, &err) == 0 && d3.p == NULL, "no third");
	t_ok(d1.len == 4 && memcmp(d1.p, "[1]\n", 4) == 0, "first kept");
	t_ok(d2.len == 9 && memcmp(d2.p, "{\"x\": 2}\n", 9) == 0, "second kept");
	sfb_in_free(in);
	sfb_buf_free(&d1);
	sfb_buf_free(&d2);
	unlink(a);
	unlink(b);
}

int
main(void)
{
	repr_golden();
	take();
	return t_done();
}
