/* test_loop.c - the line reader and the record loop: plain and zstd files
 * (several frames, truncated), several files as one stream, blank lines,
 * CRLF, a last line without newline, errors with file and line, and only
 * whole lines written before an error. */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <zstd.h>

#include "../../lib/loop.h"
#include "t.h"

static char dir[] = "/tmp/sfb-test-loop-XXXXXX";

static char *
path(const char *name)
{
	static char p[4][256];
	static int k;

	k = (k + 1) % 4;
	snprintf(p[k], sizeof p[k], "%s/%s", dir, name);
	return p[k];
}

static void
put(const char *name, const void *s, size_t n)
{
	FILE *f = fopen(path(name), "wb");

	fwrite(s, 1, n, f);
	fclose(f);
}

/* Compress s as one frame and append it to the file. */
static void
put_zst(const char *name, const char *s, size_t cut, const char *mode)
{
	size_t cap = ZSTD_compressBound(strlen(s));
	char *z = malloc(cap);
	size_t zn = ZSTD_compress(z, cap, s, strlen(s), 3);
	FILE *f = fopen(path(name), mode);

	fwrite(z, 1, zn - cut, f);
	fclose(f);
	free(z);
}

/* Copy each record's "v" member, count records, fail on "v": "bad". */
static int
cb(void *ctx, const struct sfb_obj *rec, struct sfb_buf *out,
    struct sfb_err *err)
{
	const struct sfb_member *m = sfb_obj_get(rec, "v", 1);

	(*(int *)ctx)++;
	if (m && m->val.n == 5 && memcmp(m->val.p, "\"bad\"", 5) == 0) {
		sfb_buf_puts(out, "partial");	/* must be dropped */
		return sfb_err_set(err, SFB_EXIT_USAGE, "bad value");
	}
	if (m)
		sfb_buf_put(out, m->val.p, m->val.n);
	return sfb_buf_putc(out, '\n');
}

struct result {
	int status, records;
	char out[4096];
	struct sfb_err err;
};

static void
run(char **files, int n, struct result *r)
{
	struct sfb_in *in = sfb_in_new(files, n);
	struct sfb_out out = { 0 };
	FILE *f;
	size_t got;

	memset(r, 0, sizeof *r);
	out.fd = open(path("out"), O_WRONLY | O_CREAT | O_TRUNC, 0600);
	r->status = sfb_loop_run(in, &out, cb, &r->records, &r->err);
	close(out.fd);
	sfb_out_free(&out);
	sfb_in_free(in);
	f = fopen(path("out"), "rb");
	got = fread(r->out, 1, sizeof r->out - 1, f);
	r->out[got] = '\0';
	fclose(f);
}

int
main(void)
{
	static const char plain[] =
	    "{\"v\": 1}\n\n   \t\n{\"v\": 2}\r\n{\"v\": \"x\"}";
	struct result r;
	char *files[3];

	if (!mkdtemp(dir))
		return 2;
	put("plain", plain, sizeof plain - 1);
	put_zst("z", "{\"v\": 3}\n{\"v\": 4}\n", 0, "wb");
	put_zst("z", "{\"v\": 5}\n", 0, "ab");	/* a second frame */
	put_zst("trunc", "{\"v\": 6}\n{\"v\": 7}\n", 3, "wb");
	put("badjson", "{\"v\": 1}\n{\"v\": 2\n", 17);
	put("badrec", "{\"v\": 1}\n{\"v\": \"bad\"}\n{\"v\": 3}\n", 31);
	put("notobj", "\n[1]\n", 5);
	put("empty", "", 0);

	files[0] = path("plain");
	files[1] = path("z");
	files[2] = path("empty");
	run(files, 3, &r);
	t_ok(r.status == 0, "plain + zstd + empty: status %d (%s)", r.status,
	    r.err.msg);
	t_ok(strcmp(r.out, "1\n2\n\"x\"\n3\n4\n5\n") == 0,
	    "records in order across files and frames: %s", r.out);
	t_ok(r.records == 6, "six records, got %d", r.records);

	files[0] = path("trunc");
	run(files, 1, &r);
	t_ok(r.status == SFB_EXIT_USAGE &&
	    strcmp(r.err.msg, "truncated zstd stream") == 0,
	    "truncated zstd refused: %s", r.err.msg);
	t_ok(r.err.file == files[0], "truncated zstd names the file");

	files[0] = path("badjson");
	run(files, 1, &r);
	t_ok(r.status == SFB_EXIT_USAGE && r.err.line == 2 &&
	    strcmp(r.err.msg, "invalid JSON: unterminated object") == 0,
	    "invalid JSON at line 2: %lu %s", r.err.line, r.err.msg);
	t_ok(strcmp(r.out, "1\n") == 0, "line before the error written");

	files[0] = path("badrec");
	run(files, 1, &r);
	t_ok(r.status == SFB_EXIT_USAGE && r.err.line == 2 &&
	    strcmp(r.err.msg, "bad value") == 0, "callback error at line 2");
	t_ok(strcmp(r.out, "1\n") == 0, "failed record dropped whole: %s",
	    r.out);

	files[0] = path("notobj");
	run(files, 1, &r);
	t_ok(r.status == SFB_EXIT_USAGE && r.err.line == 2 &&
	    strcmp(r.err.msg, "not a JSON object") == 0, "non-object line 2");

	files[0] = path("plain");
	files[1] = path("missing");
	run(files, 2, &r);
	t_ok(r.status == SFB_EXIT_USAGE && r.err.line == 0 &&
	    strncmp(r.err.msg, "cannot open: ", 13) == 0 &&
	    strcmp(r.err.file, files[1]) == 0, "unreadable file: %s",
	    r.err.msg);
	t_ok(r.records == 3, "first file read before the missing one");

	unlink(path("plain")); unlink(path("z")); unlink(path("trunc"));
	unlink(path("badjson")); unlink(path("badrec")); unlink(path("notobj"));
	unlink(path("empty")); unlink(path("out"));
	rmdir(dir);
	return t_done();
}
