/* test_sha.c - SHA-256 on the SHA extensions against the FIPS 180-4
 * examples and libcrypto, one message and two at once; and the hashing
 * run (sfb_sha_run) over files of awkward sizes, both ways of hashing,
 * several thread counts, against libcrypto's digests of the same bytes. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <openssl/evp.h>

#include "bundle/sha.h"
#include "t.h"

static void
evp(const void *p, size_t n, unsigned char out[32])
{
	unsigned int len = 32;

	EVP_Digest(p, n, out, &len, EVP_sha256(), NULL);
}

static int
hex_is(const unsigned char d[32], const char *hex)
{
	char h[65];
	int i;

	for (i = 0; i < 32; i++)
		snprintf(h + 2 * i, 3, "%02x", d[i]);
	return strcmp(h, hex) == 0;
}

/* The pseudo-random bytes the tests hash (xorshift: any fixed bytes do). */
static void
fill(unsigned char *p, size_t n, uint32_t seed)
{
	uint32_t x = seed * 2654435761u + 1;
	size_t i;

	for (i = 0; i < n; i++) {
		x ^= x << 13;
		x ^= x >> 17;
		x ^= x << 5;
		p[i] = (unsigned char)x;
	}
}

#if SFB_SHA256_NI
/* The examples of FIPS 180-4 (NIST's "SHA256.pdf" and "SHA2_Additional"). */
static void
test_vectors(void)
{
	static const struct {
		const char *msg, *hex;
	} v[] = {
		{ "", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855" },
		{ "abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad" },
		{ "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
		  "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1" },
		{ "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmn"
		  "hijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu",
		  "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1" },
	};
	struct sfb_sha256 c;
	unsigned char d[32], *a;
	size_t i;

	for (i = 0; i < sizeof v / sizeof v[0]; i++) {
		sfb_sha256_init(&c);
		sfb_sha256_update(&c, v[i].msg, strlen(v[i].msg));
		sfb_sha256_final(&c, d);
		t_ok(hex_is(d, v[i].hex), "FIPS example %zu", i);
	}
	a = malloc(1000000);
	memset(a, 'a', 1000000);
	sfb_sha256_init(&c);
	for (i = 0; i < 1000000; i += 1000)
		sfb_sha256_update(&c, a + i, 1000);
	sfb_sha256_final(&c, d);
	t_ok(hex_is(d, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0"),
	    "a million 'a'");
	free(a);
}

/* Every length up to a few blocks past a boundary, in one piece and in
 * uneven pieces, against libcrypto. */
static void
test_lengths(void)
{
	static const size_t steps[] = { 1, 3, 63, 64, 65, 127, 200 };
	unsigned char buf[2048], want[32], got[32];
	struct sfb_sha256 c;
	size_t n, s, off, k;

	fill(buf, sizeof buf, 1);
	for (n = 0; n <= sizeof buf; n++) {
		evp(buf, n, want);
		sfb_sha256_init(&c);
		sfb_sha256_update(&c, buf, n);
		sfb_sha256_final(&c, got);
		if (!t_ok(memcmp(want, got, 32) == 0, "length %zu", n))
			continue;
		for (s = 0; s < sizeof steps / sizeof steps[0]; s++) {
			sfb_sha256_init(&c);
			for (off = 0; off < n; off += k) {
				k = n - off < steps[s] ? n - off : steps[s];
				sfb_sha256_update(&c, buf + off, k);
			}
			sfb_sha256_final(&c, got);
			t_ok(memcmp(want, got, 32) == 0, "length %zu in pieces of %zu",
			    n, steps[s]);
		}
	}
}

/* Two messages at once: each lane's digest is the digest of its own
 * bytes, whatever the other holds, for different states and tails. */
static void
test_pairs(void)
{
	enum { MAX = 64 * 40 };
	static unsigned char a[MAX + 400], b[MAX + 400];
	static const size_t blocks[] = { 1, 2, 7, 40 };
	static const size_t heads[] = { 0, 64, 192 };
	static const size_t tails[][2] = { { 0, 0 }, { 1, 63 }, { 55, 56 },
	    { 64, 100 }, { 99, 0 } };
	unsigned char want_a[32], want_b[32], got_a[32], got_b[32];
	struct sfb_sha256 ca, cb;
	size_t i, j, t;

	fill(a, sizeof a, 2);
	fill(b, sizeof b, 3);
	for (i = 0; i < sizeof blocks / sizeof blocks[0]; i++)
		for (j = 0; j < sizeof heads / sizeof heads[0]; j++)
			for (t = 0; t < sizeof tails / sizeof tails[0]; t++) {
				size_t h = heads[j], nb = blocks[i];
				size_t la = h + nb * 64 + tails[t][0];
				size_t lb = nb * 64 + tails[t][1];

				/* Lane a has taken a head alone first, so the
				 * two states differ when they are paired. */
				sfb_sha256_init(&ca);
				sfb_sha256_init(&cb);
				sfb_sha256_update(&ca, a, h);
				sfb_sha256_update2(&ca, a + h, &cb, b, nb);
				sfb_sha256_update(&ca, a + h + nb * 64, tails[t][0]);
				sfb_sha256_update(&cb, b + nb * 64, tails[t][1]);
				sfb_sha256_final(&ca, got_a);
				sfb_sha256_final(&cb, got_b);
				evp(a, la, want_a);
				evp(b, lb, want_b);
				t_ok(memcmp(want_a, got_a, 32) == 0 &&
				    memcmp(want_b, got_b, 32) == 0,
				    "pair: %zu blocks after %zu bytes, tails %zu %zu",
				    nb, h, tails[t][0], tails[t][1]);
			}
}
#endif

/* Files of awkward sizes around the block and the read buffer (128 kB),
 * in two directories and at the top, a missing one and a directory,
 * hashed every way, checked against libcrypto over the same bytes. */
static void
test_run(void)
{
	static const size_t sizes[] = { 0, 1, 55, 56, 63, 64, 65, 119, 120,
	    128, 4096, 40960, 131071, 131072, 131073, 262144 + 17, 3, 700000,
	    64 * 1000, 5 };
	enum { NFILES = sizeof sizes / sizeof sizes[0] };
	char dir[] = "/tmp/test_sha.XXXXXX", path[4200], name[64];
	unsigned char want[NFILES][32];
	static unsigned char data[700000];
	size_t i, n;
	int flags, jobs;

	if (!t_ok(mkdtemp(dir) != NULL, "mkdtemp"))
		return;
	snprintf(path, sizeof path, "%s/d1", dir);
	mkdir(path, 0755);
	snprintf(path, sizeof path, "%s/d2", dir);
	mkdir(path, 0755);
	for (i = 0; i < NFILES; i++) {
		FILE *f;

		snprintf(name, sizeof name, "%s/f%02zu", i % 3 == 0 ? "d1" :
		    i % 3 == 1 ? "d2" : ".", i);
		snprintf(path, sizeof path, "%s/%s", dir, name);
		fill(data, sizes[i], (uint32_t)i + 10);
		f = fopen(path, "wb");
		t_ok(f && fwrite(data, 1, sizes[i], f) == sizes[i] &&
		    fclose(f) == 0, "write %s", path);
		evp(data, sizes[i], want[i]);
	}
	for (flags = 0; flags < 4; flags++)
		for (jobs = 1; jobs <= 3; jobs++) {
			struct sfb_sha_set *set = sfb_sha_set_new();
			struct sfb_err err = { 0 };
			struct sfb_sha_run *run;

			for (i = 0; i < NFILES; i++) {
				snprintf(name, sizeof name, "%s%02zu",
				    i % 3 == 0 ? "d1/f" : i % 3 == 1 ? "d2/f" :
				    "f", i);
				sfb_sha_set_add(set, name, strlen(name), dir, &err);
			}
			sfb_sha_set_add(set, "d1/none", 7, dir, &err);
			sfb_sha_set_add(set, "d2", 2, dir, &err);
			t_ok(err.status == 0, "names added: %s", err.msg);
			n = sfb_sha_set_count(set);
			run = sfb_sha_run_start(set, jobs, flags);
			if (!t_ok(run != NULL, "run started")) {
				sfb_sha_set_free(set);
				continue;
			}
			for (i = 0; i < n; i++)
				t_ok(sfb_sha_run_wait(run, i, -1) == 1,
				    "entry %zu finished", i);
			for (i = 0; i < NFILES; i++) {
				const struct sfb_sha_entry *e =
				    sfb_sha_set_entry(set, i);

				/* No digest was expected: any is a mismatch. */
				t_ok(e->status == SFB_SHA_MISMATCH &&
				    memcmp(e->actual, want[i], 32) == 0,
				    "flags %d, -j %d: %s (%zu bytes)", flags, jobs,
				    e->name, sizes[i]);
			}
			t_ok(sfb_sha_set_entry(set, NFILES)->status ==
			    SFB_SHA_MISSING &&
			    sfb_sha_set_entry(set, NFILES)->err == ENOENT,
			    "flags %d, -j %d: a missing file", flags, jobs);
			t_ok(sfb_sha_set_entry(set, NFILES + 1)->status ==
			    SFB_SHA_MISSING &&
			    sfb_sha_set_entry(set, NFILES + 1)->err == 0,
			    "flags %d, -j %d: a directory", flags, jobs);
			{
				size_t files;
				uint64_t bytes, total = 0;

				for (i = 0; i < NFILES; i++)
					total += sizes[i];
				sfb_sha_run_progress(run, &files, &bytes);
				t_ok(files == n && bytes == total,
				    "progress: %zu files, %llu bytes", files,
				    (unsigned long long)bytes);
			}
			sfb_sha_run_free(run);
			sfb_sha_set_free(set);
		}
	snprintf(path, sizeof path, "rm -rf '%s'", dir);
	t_ok(system(path) == 0, "clean up");
}

/* Line breaks and other bytes at every offset of the eight-byte steps
 * the parser takes over plain ASCII. */
static void
test_breaks(void)
{
	static const char hex[] =
	    "00000000000000000000000000000000000000000000000000000000000000ff";
	static const struct {
		const char *brk;
		int breaks;	/* 1: a line break, 0: part of the name */
	} v[] = {
		{ "\n", 1 }, { "\r", 1 }, { "\r\n", 1 }, { "\v", 1 }, { "\f", 1 },
		{ "\034", 1 }, { "\035", 1 }, { "\036", 1 }, { "\302\205", 1 },
		{ "\342\200\250", 1 }, { "\342\200\251", 1 }, { "\037", 0 },
		{ "\177", 0 }, { "\302\240", 0 }, { "\t", 0 },
	};
	char text[256], root[] = "/nonexistent-sfb-test";
	size_t k, j;

	/* At least one byte of name: "HEX  " alone is malformed. */
	for (j = 0; j < sizeof v / sizeof v[0]; j++)
		for (k = 1; k < 20; k++) {
			struct sfb_sha_set *set = sfb_sha_set_new();
			struct sfb_err err = { 0 };
			int n, r;

			/* "HEX  aaa<byte>b": either a malformed second line
			 * "b" or one entry whose name holds the byte. */
			n = snprintf(text, sizeof text, "%s  %.*s%sb\n", hex, (int)k,
			    "aaaaaaaaaaaaaaaaaaaa", v[j].brk);
			r = sfb_sha_set_parse(set, 0, text, (size_t)n, root, &err);
			if (v[j].breaks)
				t_ok(r == SFB_EXIT_USAGE && err.line == 2 &&
				    strcmp(err.msg, "Malformed SHA-256 manifest "
				    "entry at line 2") == 0,
				    "break %zu after %zu bytes: %d %lu %s", j, k, r,
				    err.line, err.msg);
			else
				t_ok(r == 0 && sfb_sha_set_count(set) == 1 &&
				    sfb_sha_set_entry(set, 0)->name_len ==
				    k + strlen(v[j].brk) + 1,
				    "byte %zu after %zu bytes in a name: %d %s", j, k,
				    r, err.msg);
			sfb_sha_set_free(set);
		}
}

int
main(void)
{
#if SFB_SHA256_NI
	if (sfb_sha256_fast()) {
		test_vectors();
		test_lengths();
		test_pairs();
	} else {
		fprintf(stderr, "test_sha: no SHA extensions, their tests skipped\n");
	}
#endif
	test_breaks();
	test_run();
	return t_done();
}
