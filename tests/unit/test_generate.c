/* test_generate.c - the generator library: the dry run's pixels against
 * the reference's measured SHA-256 (SPEC 14.3), and Python's view of paths
 * against pathlib and os.fsdecode (tests/golden/generate/pypath.tsv,
 * written by tests/gen/gen_generate_golden.py). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>

#include "core/buf.h"
#include "generator/prompts.h"
#include "generator/pypath.h"
#include "generator/synthetic.h"
#include "t.h"

static void
hex(const unsigned char *p, size_t n, char *out)
{
	size_t i;

	for (i = 0; i < n; i++)
		sprintf(out + 2 * i, "%02x", p[i]);
	out[2 * n] = '\0';
}

/* "-" or hex digits to bytes in b. */
static void
unhex(const char *s, struct sfb_buf *b)
{
	unsigned v;

	b->len = 0;
	if (strcmp(s, "-") == 0)
		return;
	for (; s[0] && s[1]; s += 2) {
		sscanf(s, "%2x", &v);
		sfb_buf_putc(b, (char)v);
	}
}

static int
same(const struct sfb_buf *b, const char *p, size_t n)
{
	return b->len == n && (n == 0 || memcmp(b->p, p, n) == 0);
}

static void
pixels(void)
{
	static const char want[] =
	    "27fcb599f3a5bf04c9e1eb9d63141c38d1e64c96c9328579c0979f60295a04f7";
	unsigned char pix[SFB_GEN_SYNTH_SIZE * SFB_GEN_SYNTH_SIZE], md[32];
	unsigned int mdlen = 0;
	char got[65];

	sfb_gen_synthetic_pixels(pix);
	EVP_Digest(pix, sizeof pix, md, &mdlen, EVP_sha256(), NULL);
	hex(md, 32, got);
	t_ok(strcmp(got, want) == 0, "synthetic pixels: SHA-256 %s", got);
	t_ok(pix[0] == 40 && pix[127 * 128] == 160 && pix[64] == 130 &&
	    pix[54] == 40 && pix[55] == 130 && pix[73] == 130 && pix[74] == 40,
	    "synthetic pixels: corners and band edges");
}

static void
paths(void)
{
	FILE *f = fopen("tests/golden/generate/pypath.tsv", "r");
	struct sfb_buf in = { 0 }, want = { 0 }, got = { 0 };
	char line[4096];
	int rows = 0;

	if (!t_ok(f != NULL, "cannot open tests/golden/generate/pypath.tsv"))
		return;
	while (fgets(line, sizeof line, f)) {
		char *field[6], *s = line;
		struct sfb_span sp;
		int i;

		line[strcspn(line, "\n")] = '\0';
		for (i = 0; i < 6; i++)
			field[i] = strsep(&s, "\t");
		if (!t_ok(field[5] != NULL, "pypath.tsv: short row"))
			break;
		rows++;
		unhex(field[0], &in);
		/* pathlib works on the decoded text. */
		got.len = 0;
		sfb_pypath_decode(&got, in.p, in.len);
		unhex(field[5], &want);
		t_ok(same(&want, got.p, got.len), "fsdecode %s", field[0]);
		in.len = 0;
		sfb_buf_put(&in, want.p, want.len);

		got.len = 0;
		sfb_pypath_norm(&got, in.p, in.len);
		unhex(field[1], &want);
		t_ok(same(&want, got.p, got.len), "str(Path(%s))", field[0]);
		sp = sfb_pypath_name(in.p, in.len);
		unhex(field[2], &want);
		t_ok(same(&want, sp.p, sp.n), "Path(%s).name", field[0]);
		sp = sfb_pypath_stem(in.p, in.len);
		unhex(field[3], &want);
		t_ok(same(&want, sp.p, sp.n), "Path(%s).stem", field[0]);
		got.len = 0;
		sfb_pypath_join(&got, in.p, in.len, "f.png", 5);
		unhex(field[4], &want);
		t_ok(same(&want, got.p, got.len), "Path(%s) / f.png", field[0]);

		/* fsencode(fsdecode(b)) == b */
		unhex(field[0], &want);
		got.len = 0;
		t_ok(sfb_pypath_encode(&got, in.p, in.len) == 0 &&
		    same(&want, got.p, got.len), "fsencode(fsdecode(%s))",
		    field[0]);
	}
	fclose(f);
	t_ok(rows >= 30, "pypath.tsv: %d rows", rows);
	got.len = 0;
	t_ok(sfb_pypath_encode(&got, "a\0b", 3) == -2, "a NUL is no path");
	t_ok(sfb_pypath_encode(&got, "\xed\xa0\x80", 3) == -2,
	    "U+D800 is no path");
	sfb_buf_free(&in);
	sfb_buf_free(&want);
	sfb_buf_free(&got);
}

static void
prompts(void)
{
	struct sfb_buf m = { 0 };
	const char *want = "Unknown demographic prompt 'x\\x00\\udcff'; valid "
	    "prompts: elderly_female, elderly_male, young_female, young_male";

	t_ok(sfb_gen_prompt_find("young_male", 10) == &sfb_gen_prompts[3],
	    "young_male is found");
	t_ok(sfb_gen_prompt_find("young_mal", 9) == NULL &&
	    sfb_gen_prompt_find("young_male ", 11) == NULL &&
	    sfb_gen_prompt_find("", 0) == NULL, "near misses are not");
	sfb_gen_prompt_error(&m, "x\0\xed\xb3\xbf", 5);
	t_ok(same(&m, want, strlen(want)), "the error message: %.*s",
	    (int)m.len, m.p);
	sfb_buf_free(&m);
}

int
main(void)
{
	pixels();
	paths();
	prompts();
	return t_done();
}
