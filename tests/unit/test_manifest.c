/* test_manifest.c - the pieces of lib/bundle/sha_manifest.c with many edge cases:
 * Python's repr() of names (expected text printed by Python 3.11), the
 * PurePosixPath normal-form rule, link resolution without strict, and the
 * line bookkeeping of sfb_sha_set_parse. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/pyrepr.h"
#include "bundle/sha.h"
#include "t.h"

static const struct {
	const char *in;
	size_t n;
	const char *repr;
} reprs[] = {
	/* Each repr is Python's repr(s.decode()), printed by Python 3.11. */
	{ "a", 1, "'a'" },
	{ "it's", 4, "\042it's\042" },
	{ "both'\042", 6, "'both\134'\042'" },
	{ "tab\011here", 8, "'tab\134there'" },
	{ "nl\012x", 4, "'nl\134nx'" },
	{ "\000z", 2, "'\134x00z'" },
	{ "\177\302\200\302\237\302\240\302\241", 9,
	    "'\134x7f\134x80\134x9f\134xa0\302\241'" },
	{ "\302\255", 2, "'\134xad'" },
	{ "\342\200\213\342\200\250\343\200\200\357\273\277", 12,
	    "'\134u200b\134u2028\134u3000\134ufeff'" },
	{ "\360\237\230\200", 4, "'\360\237\230\200'" },
	{ "\363\240\200\201", 4, "'\134U000e0001'" },
	{ "\363\260\200\200", 4, "'\134U000f0000'" },
	{ "caf\303\251", 5, "'caf\303\251'" },
	{ "\134", 1, "'\134\134'" },
	{ "\033[0m", 4, "'\134x1b[0m'" },
	{ "", 0, "''" },
};

/* str(PurePosixPath(name)) == name, and the other lexical rules. */
static const struct {
	const char *name;
	int ok;
} names[] = {
	{ "a", 1 }, { "a/b", 1 }, { ".", 1 }, { "...", 1 }, { ".a/b.", 1 },
	{ "a b/ c ", 1 }, { "a..b", 1 }, { "*x", 1 },
	{ "", 0 }, { "/", 0 }, { "/a", 0 }, { "//a", 0 }, { "a/", 0 },
	{ "a//b", 0 }, { "./a", 0 }, { "a/.", 0 }, { "a/./b", 0 }, { "./", 0 },
	{ "..", 0 }, { "../a", 0 }, { "a/..", 0 }, { "a/../b", 0 },
	{ "a\\b", 0 }, { "c:", 0 }, { "a:b", 0 },
};

static char dir[] = "/tmp/sfb-test-manifest-XXXXXX";

static void
test_repr(void)
{
	struct sfb_buf b = { 0 };
	size_t i;

	for (i = 0; i < sizeof reprs / sizeof reprs[0]; i++) {
		b.len = 0;
		t_ok(sfb_pyrepr_str(&b, reprs[i].in, reprs[i].n) == 0 &&
		    b.len == strlen(reprs[i].repr) &&
		    memcmp(b.p, reprs[i].repr, b.len) == 0,
		    "repr case %zu: got %.*s", i, (int)b.len, b.p);
	}
	sfb_buf_free(&b);
}

static void
test_names(void)
{
	size_t i;

	for (i = 0; i < sizeof names / sizeof names[0]; i++)
		t_ok(sfb_sha_name_ok(names[i].name, strlen(names[i].name)) ==
		    names[i].ok, "name_ok(\"%s\") != %d", names[i].name,
		    names[i].ok);
	t_ok(!sfb_sha_name_ok("a\0b", 3), "a NUL inside a name is refused");
}

static void
expect_resolve(const char *name, const char *want)
{
	struct sfb_buf b = { 0 }, w = { 0 };
	int r = sfb_sha_resolve(dir, name, strlen(name), &b);

	/* "=..." is relative to dir. */
	if (want[0] == '=') {
		sfb_buf_puts(&w, dir);
		sfb_buf_puts(&w, want + 1);
	} else {
		sfb_buf_puts(&w, want);
	}
	t_ok(r == 0 && strlen(b.p) == w.len && memcmp(b.p, w.p, w.len) == 0,
	    "resolve %s: got %s, want %.*s", name, r ? "(error)" : b.p,
	    (int)w.len, w.p);
	sfb_buf_free(&b);
	sfb_buf_free(&w);
}

static void
at(char *path, const char *rel)
{
	snprintf(path, 4096, "%s/%s", dir, rel);
}

static void
test_resolve(void)
{
	char p[4096];
	struct sfb_buf b = { 0 };

	at(p, "d");
	mkdir(p, 0755);
	at(p, "d/e");
	mkdir(p, 0755);
	at(p, "up");
	t_ok(symlink("d/e/../..", p) == 0, "symlink up");
	at(p, "chain1");
	t_ok(symlink("chain2/x", p) == 0, "symlink chain1");
	at(p, "chain2");
	t_ok(symlink("d/e", p) == 0, "symlink chain2");
	at(p, "d/e/rel");
	t_ok(symlink("../../d", p) == 0, "symlink d/e/rel");
	at(p, "abs");
	t_ok(symlink("/", p) == 0, "symlink abs");
	at(p, "dangle");
	t_ok(symlink("nothere/deeper", p) == 0, "symlink dangle");
	at(p, "loop1");
	t_ok(symlink("loop2", p) == 0, "symlink loop1");
	at(p, "loop2");
	t_ok(symlink("loop1/x", p) == 0, "symlink loop2");

	expect_resolve("d/e", "=/d/e");
	expect_resolve("missing/x/y", "=/missing/x/y");
	expect_resolve("up", "=");
	expect_resolve("up/d", "=/d");
	expect_resolve("chain1", "=/d/e/x");
	expect_resolve("d/e/rel/e", "=/d/e");
	expect_resolve("abs", "/");
	expect_resolve("abs/tmp", "/tmp");
	expect_resolve("dangle", "=/nothere/deeper");
	t_ok(sfb_sha_resolve(dir, "loop1", 5, &b) == -1, "a loop is found");
	t_ok(sfb_sha_resolve("/", "tmp", 3, &b) == 0 &&
	    strcmp(b.p, "/tmp") == 0, "root / joins without a double slash");
	sfb_buf_free(&b);
}

static void
test_parse(void)
{
	static const char text[] =
	    "\n"
	    "0123456789abcdef0123456789ABCDEF0123456789abcdef0123456789abcdef  a\r\n"
	    "   \n"
	    "ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff *d/e\n";
	struct sfb_sha_set *set = sfb_sha_set_new();
	struct sfb_err err = { 0 };
	struct sfb_sha_entry *e;
	char p[4096];

	t_ok(set != NULL, "set");
	t_ok(sfb_sha_set_parse(set, 3, text, sizeof text - 1, dir, &err) == 0,
	    "parse: %s", err.msg);
	t_ok(sfb_sha_set_count(set) == 2, "two entries");
	e = sfb_sha_set_entry(set, 0);
	at(p, "a");
	t_ok(e->line == 2 && e->manifest == 3 && strcmp(e->name, "a") == 0 &&
	    e->name_len == 1 && strcmp(e->path, p) == 0 &&
	    e->expected[0] == 0x01 && e->expected[15] == 0xef &&
	    e->expected[31] == 0xef && e->status == SFB_SHA_PENDING,
	    "entry 1");
	e = sfb_sha_set_entry(set, 1);
	t_ok(e->line == 4 && strcmp(e->name, "d/e") == 0 &&
	    e->expected[0] == 0xff, "entry 2");
	/* A second manifest may repeat a name: duplicates are per manifest. */
	t_ok(sfb_sha_set_parse(set, 4, text, sizeof text - 1, dir, &err) == 0,
	    "a second manifest with the same names");
	t_ok(sfb_sha_set_count(set) == 4, "four entries");
	sfb_sha_set_free(set);
	sfb_sha_set_free(NULL);
}

int
main(void)
{
	char cmd[4200];

	if (!mkdtemp(dir)) {
		perror("mkdtemp");
		return 1;
	}
	test_repr();
	test_names();
	test_resolve();
	test_parse();
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	if (system(cmd) != 0)
		t_ok(0, "cleanup of %s", dir);
	return t_done();
}
