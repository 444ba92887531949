/* test_loop.c - the line reader and the record loop: plain and zstd files
 * (several frames, truncated), several files as one stream, blank lines,
 * CRLF, a last line without newline, errors with file and line, and only
 * whole lines written before an error.  Every case runs on one thread
 * (sfb_loop_run) and on two and three (sfb_loop_run_par, its threads
 * started at once, after some blocks done by the calling thread, or
 * never), and the block reader the threads use is checked on its own. */
#define _GNU_SOURCE     /* F_GETPIPE_SZ */
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <zstd.h>

#include "core/loop.h"
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
	char *out;              /* what was written, NUL added */
	size_t outlen;
	struct sfb_err err;
};

static int nthreads = 1;        /* of the runs: 1 is sfb_loop_run */
static size_t blockbytes;       /* of the threaded runs: 0 the default */
static int topipe;              /* the output goes to a pipe, read by a
                                 * thread, as in a pipeline */

/* The reading end of the pipe, drained into a file by a thread. */
struct drain {
	int fd;
	FILE *f;
};

static void *
drain(void *arg)
{
	struct drain *d = arg;
	char b[65536];
	ssize_t n;

	while ((n = read(d->fd, b, sizeof b)) > 0)
		fwrite(b, 1, (size_t)n, d->f);
	fclose(d->f);
	return NULL;
}

static void
run(char **files, int n, struct result *r)
{
	struct sfb_in *in = sfb_in_new(files, n);
	struct sfb_out out = { 0 };
	int counts[3] = { 0 };
	void *ctx[3] = { &counts[0], &counts[1], &counts[2] };
	FILE *f;
	long size;
	struct drain d = { -1, NULL };
	pthread_t tid;
	int pfd[2];

	free(r->out);
	memset(r, 0, sizeof *r);
	if (topipe) {
		if (pipe(pfd) != 0)
			abort();
		d.fd = pfd[0];
		d.f = fopen(path("out"), "wb");
		out.fd = pfd[1];
		pthread_create(&tid, NULL, drain, &d);
	} else
		out.fd = open(path("out"), O_WRONLY | O_CREAT | O_TRUNC,
		    0600);
	if (nthreads == 1)
		r->status = sfb_loop_run(in, &out, cb, ctx[0], &r->err);
	else
		r->status = sfb_loop_run_par_block(in, &out, cb, ctx,
		    (size_t)nthreads, blockbytes, &r->err);
	r->records = counts[0] + counts[1] + counts[2];
	close(out.fd);
	if (topipe) {
		pthread_join(tid, NULL);
		close(d.fd);
	}
	sfb_out_free(&out);
	sfb_in_free(in);
	f = fopen(path("out"), "rb");
	fseek(f, 0, SEEK_END);
	size = ftell(f);
	rewind(f);
	r->out = malloc((size_t)size + 1);
	r->outlen = fread(r->out, 1, (size_t)size, f);
	r->out[r->outlen] = '\0';
	fclose(f);
}

/* A file of n records {"v": i} (i from 1), with "v": "bad" at line bad
 * (0: none) and a blank line after every 100th; its text in *text. */
static void
put_many(const char *name, int n, int bad, struct sfb_buf *text)
{
	int i;

	text->len = 0;
	for (i = 1; i <= n; i++) {
		char line[96];
		int k = i == bad ? snprintf(line, sizeof line,
		    "{\"v\": \"bad\", \"pad\": \"%040d\"}\n", i) :
		    snprintf(line, sizeof line,
		    "{\"v\": %d, \"pad\": \"%040d\"}\n", i, i);

		sfb_buf_put(text, line, (size_t)k);
		if (i % 100 == 0)
			sfb_buf_putc(text, '\n');
	}
	put(name, text->p, text->len);
}

/* The output cb gives for the first n records of put_many. */
static int
many_out(int n, const char *got, size_t len)
{
	struct sfb_buf want = { 0 };
	int i, same;

	for (i = 1; i <= n; i++) {
		char line[24];
		int k = snprintf(line, sizeof line, "%d\n", i);

		sfb_buf_put(&want, line, (size_t)k);
	}
	same = want.len == len && memcmp(want.p, got, len) == 0;
	sfb_buf_free(&want);
	return same;
}

/* sfb_in_block: whole lines, all of them read once want bytes are (the
 * lines are under 100 bytes), the file's bytes in order, first set on
 * each file's first block. */
static void
check_blocks(void)
{
	struct sfb_buf text = { 0 }, blk = { 0 }, all = { 0 };
	struct sfb_err err = { 0 };
	char *files[2];
	struct sfb_in *in;
	int r, first, nblk = 0, nfirst = 0, whole = 1, big = 1;

	put_many("blocks", 60000, 0, &text);
	files[0] = path("blocks");
	files[1] = path("blocks");
	in = sfb_in_new(files, 2);
	while ((r = sfb_in_block(in, &blk, 1 << 20, &first, &err)) == 1) {
		nblk++;
		nfirst += first;
		whole &= blk.len > 0 && blk.p[blk.len - 1] == '\n';
		big &= blk.len > (1 << 20) - 100 || all.len + blk.len == text.len ||
		    all.len + blk.len == 2 * text.len;
		sfb_buf_put(&all, blk.p, blk.len);
	}
	t_ok(r == 0, "blocks: end of input, status %d", r);
	t_ok(nblk >= 6 && nfirst == 2, "blocks: %d blocks, %d first", nblk,
	    nfirst);
	t_ok(whole && big, "blocks: whole lines of about 1 MB");
	t_ok(all.len == 2 * text.len && memcmp(all.p, text.p, text.len) == 0 &&
	    memcmp(all.p + text.len, text.p, text.len) == 0,
	    "blocks: the bytes of both files, in order");
	sfb_in_free(in);

	/* A truncated stream: the whole lines before the cut come first,
	 * then the error, whether the reader had gone on for more lines
	 * (a 3.5 MB frame) or stopped at the end of a frame. */
	text.p[text.len - 1] = '\0';
	put_zst("blocks.zst", text.p, 3, "wb");
	text.p[text.len - 1] = '\n';
	files[0] = path("blocks.zst");
	in = sfb_in_new(files, 1);
	all.len = 0;
	while ((r = sfb_in_block(in, &blk, 1 << 20, &first, &err)) == 1)
		sfb_buf_put(&all, blk.p, blk.len);
	t_ok(r == SFB_EXIT_USAGE && err.line == 1 &&
	    strcmp(err.msg, "truncated zstd stream") == 0,
	    "truncated zstd: the error, one line past the lines: %s",
	    err.msg);
	t_ok(all.len > 3000000 && all.p[all.len - 1] == '\n' &&
	    memcmp(all.p, text.p, all.len) == 0,
	    "truncated zstd: %zu bytes of whole lines before it", all.len);
	sfb_in_free(in);
	put_zst("blocks.zst", "{\"v\": 1}\n{\"v\": 2}\n", 0, "wb");
	put_zst("blocks.zst", "{\"v\": 3}\n", 3, "ab");
	in = sfb_in_new(files, 1);
	r = sfb_in_block(in, &blk, 1 << 20, &first, &err);
	t_ok(r == 1 && first && blk.len == 18 &&
	    memcmp(blk.p, "{\"v\": 1}\n{\"v\": 2}\n", 18) == 0,
	    "truncated second frame: the first frame's lines");
	r = sfb_in_block(in, &blk, 1 << 20, &first, &err);
	t_ok(r == SFB_EXIT_USAGE && !first && err.line == 1,
	    "truncated second frame: then the error");
	sfb_in_free(in);

	/* A frame of raw blocks, hand-made, whose fifth block is of the
	 * reserved type: the decoder fails in the middle of the stream,
	 * right after full reads, when the reader is after more lines. */
	{
		static const unsigned char head[] = {
			0x28, 0xB5, 0x2F, 0xFD, 0x00, 0x50,
		};
		struct sfb_buf z = { 0 };
		size_t k, keep = 4 * 131072;
		char *nl;

		sfb_buf_put(&z, head, sizeof head);
		for (k = 0; k < 4; k++) {
			unsigned v = 131072u << 3;      /* raw, not last */
			unsigned char bh[3] = { v & 255, v >> 8 & 255,
			    v >> 16 & 255 };

			sfb_buf_put(&z, bh, 3);
			sfb_buf_put(&z, text.p + k * 131072, 131072);
		}
		sfb_buf_put(&z, "\x07\x00\x00", 3);  /* reserved, last */
		put("blocks.zst", z.p, z.len);
		sfb_buf_free(&z);
		for (nl = text.p + keep; nl[-1] != '\n'; nl--)
			;
		keep = (size_t)(nl - text.p);
		in = sfb_in_new(files, 1);
		all.len = 0;
		while ((r = sfb_in_block(in, &blk, 1 << 20, &first, &err)) == 1)
			sfb_buf_put(&all, blk.p, blk.len);
		t_ok(r == SFB_EXIT_USAGE && err.line == 1 &&
		    strncmp(err.msg, "corrupt zstd stream", 19) == 0,
		    "corrupt block: the error after the lines: %s", err.msg);
		t_ok(all.len == keep && memcmp(all.p, text.p, keep) == 0,
		    "corrupt block: every whole line before it, %zu bytes of "
		    "%zu", all.len, keep);
		sfb_in_free(in);
	}
	unlink(path("blocks"));
	unlink(path("blocks.zst"));
	sfb_buf_free(&text);
	sfb_buf_free(&blk);
	sfb_buf_free(&all);
}

/* Each line of text as sfb_in_line must give it, "len:bytes" in order:
 * split at "\n", one "\r" before it dropped, a last line without "\n"
 * kept; the plain rule, not the reader's code. */
static void
want_lines(const char *text, size_t n, struct sfb_buf *w)
{
	size_t i = 0;

	while (i < n) {
		const char *nl = memchr(text + i, '\n', n - i);
		size_t len = nl ? (size_t)(nl - text - i) : n - i;
		size_t l = len > 0 && text[i + len - 1] == '\r' ? len - 1 : len;

		sfb_buf_putsize(w, l);
		sfb_buf_putc(w, ':');
		sfb_buf_put(w, text + i, l);
		i += len + (nl != NULL);
	}
}

/* What sfb_in_line gives, in want_lines' form; the status at the end,
 * and the line numbers checked on the way. */
static int
got_lines(char **files, int n, struct sfb_buf *g)
{
	struct sfb_in *in = sfb_in_new(files, n);
	struct sfb_err err = { 0 };
	const char *line;
	size_t len;
	unsigned long k = 0;
	const char *name = NULL;
	int r;

	while ((r = sfb_in_line(in, &line, &len, &err)) == 1) {
		if (sfb_in_name(in) != name) {
			name = sfb_in_name(in);
			k = 0;
		}
		if (sfb_in_lineno(in) != ++k)
			r = -1;
		sfb_buf_putsize(g, len);
		sfb_buf_putc(g, ':');
		sfb_buf_put(g, line, len);
	}
	sfb_in_free(in);
	return r;
}

/* The blocks sfb_in_block (view 0) or sfb_in_block_view (1) gives, their
 * bytes appended to g: 0 when every block is whole lines (a block not
 * ending in "\n" is its file's last), first is set exactly on each
 * non-empty file's first block and the reader ends without error. */
static int
got_blocks(char **files, int n, size_t want, int view, struct sfb_buf *g)
{
	struct sfb_in *in = sfb_in_new(files, n);
	struct sfb_buf blk = { 0 };
	struct sfb_err err = { 0 };
	const char *p;
	size_t len;
	int r, first, firsts = 0, nonempty = 0, bad = 0, open_end = 0, i;

	for (i = 0; i < n; i++) {
		FILE *f = fopen(files[i], "rb");

		fseek(f, 0, SEEK_END);
		nonempty += ftell(f) > 0;
		fclose(f);
	}
	while ((r = view ? sfb_in_block_view(in, &blk, want, &p, &len, &first,
	    &err) : sfb_in_block(in, &blk, want, &first, &err)) == 1) {
		if (!view) {
			p = blk.p;
			len = blk.len;
		}
		if (len == 0 || (open_end && !first))
			bad = 1;
		firsts += first;
		open_end = p[len - 1] != '\n';
		sfb_buf_put(g, p, len);
	}
	sfb_in_free(in);
	sfb_buf_free(&blk);
	return r != 0 || bad || firsts != nonempty;
}

/* Regular files are read through a mapping (input.c): the lines are those
 * of the plain rule for files of every small size (under four bytes none
 * is mapped), without a last "\n", with NUL bytes and CRs, several files
 * whose lines never join, files of several mapped windows, and a file
 * that grows while it is read (what is past the mapping is read()). */
static void
check_map(void)
{
	static const struct {
		const char *s;
		size_t n;
	} c[] = {
		{ "", 0 }, { "a", 1 }, { "\n", 1 }, { "ab", 2 }, { "a\n", 2 },
		{ "\r\n", 2 }, { "abc", 3 }, { "a\r\n", 3 }, { "abcd", 4 },
		{ "ab\ncd", 5 }, { "\n\n\n\n\n", 5 }, { "a\0b\r\r\nc\0", 8 },
		{ "{\"v\": 1}\n{\"v\": 2}", 17 }, { "x\r", 2 },
	};
	struct sfb_buf text = { 0 }, w = { 0 }, g = { 0 };
	char *files[3];
	size_t i, j, k;
	int r, bad = 0;
	FILE *f;

	/* path() reuses its buffers. */
	for (k = 0; k < 3; k++) {
		char name[] = "m0";

		name[1] = (char)('0' + k);
		files[k] = strdup(path(name));
	}
	for (i = 0; i < sizeof c / sizeof *c; i++)
		for (j = 0; j < sizeof c / sizeof *c; j += 3) {
			put("m0", c[i].s, c[i].n);
			put("m1", c[j].s, c[j].n);
			w.len = g.len = 0;
			want_lines(c[i].s, c[i].n, &w);
			want_lines(c[j].s, c[j].n, &w);
			r = got_lines(files, 2, &g);
			if ((r != 0 || w.len != g.len || (w.len &&
			    memcmp(w.p, g.p, w.len) != 0)) && bad++ < 5)
				t_ok(0, "mapped lines of files %zu, %zu", i, j);
		}
	t_ok(bad == 0, "small mapped files: %d disagreements", bad);

	/* The same files in blocks, copied and viewed, of 1 byte (a line
	 * each), 3, 100 and 1 MB. */
	bad = 0;
	for (i = 0; i < sizeof c / sizeof *c; i++)
		for (j = 0; j < sizeof c / sizeof *c; j += 2)
			for (k = 0; k < 8; k++) {
				static const size_t want[] = { 1, 3, 100, 1 << 20 };

				put("m0", c[i].s, c[i].n);
				put("m1", c[j].s, c[j].n);
				g.len = 0;
				r = got_blocks(files, 2, want[k / 2], (int)(k % 2), &g);
				if ((r || g.len != c[i].n + c[j].n || (c[i].n &&
				    memcmp(g.p, c[i].s, c[i].n)) || (c[j].n &&
				    memcmp(g.p + c[i].n, c[j].s, c[j].n))) &&
				    bad++ < 5)
					t_ok(0, "mapped blocks of files %zu, %zu, "
					    "want %zu, view %d", i, j, want[k / 2],
					    (int)(k % 2));
			}
	t_ok(bad == 0, "small mapped files in blocks: %d disagreements", bad);

	/* About 11 MB in lines of 0 to 400 bytes: the mapping's windows
	 * (4 MB) end inside lines; with and without a last "\n". */
	srand(7);
	text.len = 0;
	while (text.len < (11u << 20)) {
		size_t n = (size_t)rand() % 401;

		for (k = 0; k < n; k++)
			sfb_buf_putc(&text, (char)(' ' + rand() % 95));
		sfb_buf_putc(&text, rand() % 50 ? '\n' : '\r');
	}
	for (k = 0; k < 2; k++) {
		put("m0", text.p, text.len - k);
		w.len = g.len = 0;
		want_lines(text.p, text.len - k, &w);
		r = got_lines(files, 1, &g);
		t_ok(r == 0 && w.len == g.len && memcmp(w.p, g.p, w.len) == 0,
		    "large mapped file, %s last newline", k ? "no" : "a");
		for (j = 0; j < 4; j++) {
			static const size_t want[] = { 1000, 1 << 20, 5 << 20,
			    64 << 20 };

			g.len = 0;
			r = got_blocks(files, 1, want[j], 1, &g);
			t_ok(r == 0 && g.len == text.len - k &&
			    memcmp(g.p, text.p, g.len) == 0, "large mapped file "
			    "in views of %zu, %s last newline", want[j],
			    k ? "no" : "a");
		}
	}

	/* Growing: the mapping holds "a\nb"; "c\nd\n" is appended after
	 * the first line is read, as a writer still at work would. */
	{
		struct sfb_in *in;
		struct sfb_err err = { 0 };
		const char *line;
		size_t len;

		put("m0", "aa\nb", 4);
		in = sfb_in_new(files, 1);
		r = sfb_in_line(in, &line, &len, &err);
		t_ok(r == 1 && len == 2 && line[0] == 'a', "growing: line 1");
		f = fopen(path("m0"), "ab");
		fputs("c\nd\n", f);
		fclose(f);
		r = sfb_in_line(in, &line, &len, &err);
		t_ok(r == 1 && len == 2 && memcmp(line, "bc", 2) == 0 &&
		    sfb_in_lineno(in) == 2, "growing: line 2 joins the "
		    "appended bytes");
		r = sfb_in_line(in, &line, &len, &err);
		t_ok(r == 1 && len == 1 && line[0] == 'd' &&
		    sfb_in_lineno(in) == 3, "growing: line 3");
		t_ok(sfb_in_line(in, &line, &len, &err) == 0, "growing: end");
		sfb_in_free(in);

		/* A mapped file's view is the mapping, not a copy in blk
		 * (blk, never used, has no memory). */
		{
			struct sfb_buf blk = { 0 };
			int first;

			put("m0", "{\"v\": 1}\n{\"v\": 2}\n", 18);
			in = sfb_in_new(files, 1);
			r = sfb_in_block_view(in, &blk, 1 << 20, &line, &len,
			    &first, &err);
			t_ok(r == 1 && len == 18 && blk.p == NULL,
			    "a mapped file's block is viewed, not copied");
			sfb_in_free(in);
			sfb_buf_free(&blk);
		}

		/* The same in blocks of a line. */
		{
			struct sfb_buf blk = { 0 };
			int first;

			put("m0", "aaaa\nbb", 7);
			in = sfb_in_new(files, 1);
			r = sfb_in_block_view(in, &blk, 1, &line, &len, &first,
			    &err);
			t_ok(r == 1 && first && len == 5 &&
			    memcmp(line, "aaaa\n", 5) == 0, "growing blocks: 1");
			f = fopen(path("m0"), "ab");
			fputs("c\nd", f);
			fclose(f);
			r = sfb_in_block_view(in, &blk, 1, &line, &len, &first,
			    &err);
			t_ok(r == 1 && !first && len == 4 &&
			    memcmp(line, "bbc\n", 4) == 0, "growing blocks: 2");
			r = sfb_in_block_view(in, &blk, 1, &line, &len, &first,
			    &err);
			t_ok(r == 1 && !first && len == 1 && line[0] == 'd',
			    "growing blocks: 3");
			t_ok(sfb_in_block_view(in, &blk, 1, &line, &len, &first,
			    &err) == 0, "growing blocks: end");
			sfb_in_free(in);
			sfb_buf_free(&blk);
		}

		/* The same past a large mapping. */
		put("m0", text.p, text.len);
		in = sfb_in_new(files, 1);
		g.len = 0;
		r = sfb_in_line(in, &line, &len, &err);
		sfb_buf_putsize(&g, len);
		sfb_buf_putc(&g, ':');
		sfb_buf_put(&g, line, len);
		f = fopen(path("m0"), "ab");
		fputs("tail\nlast", f);
		fclose(f);
		while ((r = sfb_in_line(in, &line, &len, &err)) == 1) {
			sfb_buf_putsize(&g, len);
			sfb_buf_putc(&g, ':');
			sfb_buf_put(&g, line, len);
		}
		sfb_in_free(in);
		sfb_buf_put(&text, "tail\nlast", 9);
		w.len = 0;
		want_lines(text.p, text.len, &w);
		t_ok(r == 0 && w.len == g.len && memcmp(w.p, g.p, w.len) == 0,
		    "growing: a large file's appended lines");
	}
	for (k = 0; k < 3; k++) {
		unlink(files[k]);
		free(files[k]);
	}
	sfb_buf_free(&text);
	sfb_buf_free(&w);
	sfb_buf_free(&g);
}

/* A pipe is widened to four of its flushes, which are a quarter of a
 * file's; a file is left as it is. */
static void
check_widen(void)
{
	struct sfb_out o = { -1, { 0 }, 0 };
	int pfd[2];

	if (pipe(pfd) != 0)
		abort();
	o.fd = pfd[1];
	t_ok(sfb_out_widen_pipe(&o) == SFB_OUT_PIPE_FLUSH_AT &&
	    SFB_OUT_PIPE_FLUSH_AT < SFB_OUT_FLUSH_AT,
	    "a pipe is flushed at %d bytes", SFB_OUT_PIPE_FLUSH_AT);
	t_ok(fcntl(pfd[1], F_GETPIPE_SZ) >= 4 * SFB_OUT_PIPE_FLUSH_AT,
	    "the pipe holds four flushes: %d", fcntl(pfd[1], F_GETPIPE_SZ));
	close(pfd[0]);
	close(pfd[1]);
	o.fd = open(path("out"), O_WRONLY | O_CREAT | O_TRUNC, 0600);
	t_ok(sfb_out_widen_pipe(&o) == SFB_OUT_FLUSH_AT,
	    "a file is flushed at %d bytes", SFB_OUT_FLUSH_AT);
	close(o.fd);
}

int
main(void)
{
	static const char plain[] =
	    "{\"v\": 1}\n\n   \t\n{\"v\": 2}\r\n{\"v\": \"x\"}";
	struct result r = { 0 };
	struct sfb_buf text = { 0 };
	char *files[3];

	if (!mkdtemp(dir))
		return 2;
	check_blocks();
	check_map();
	/* 1, 2 and 3 threads with the default blocks, then 2 and 3 with
	 * blocks of about 100 bytes (a line or two each); then those two
	 * again with the threads started after the first block, after the
	 * seventh (inside the files, a few lines in) and never (all the
	 * blocks done by the calling thread, as a pipeline stage that threads
	 * would not help does them). */
	for (int run_i = 0; run_i < 11; run_i++) {
		static const long after[] = { 1, 7, 1000000 };
		int nmany, bad;

		nthreads = run_i < 3 ? run_i + 1 : 2 + (run_i - 3) % 2;
		blockbytes = run_i < 3 ? 0 : 100;
		sfb_loop_switch_after = run_i < 5 ? -1 : after[(run_i - 5) / 2];
		nmany = blockbytes ? 3000 : 60000;
		bad = blockbytes ? 2345 : 51234;
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

		/* Several blocks (about 3.5 MB): all records, then a bad one
		 * late, and one in the second of two files. */
		put_many("many", nmany, 0, &text);
		files[0] = path("many");
		run(files, 1, &r);
		t_ok(r.status == 0 && r.records == nmany &&
		    many_out(nmany, r.out, r.outlen), "%d threads (after %ld "
		    "blocks), blocks %zu: %d records in order", nthreads,
		    sfb_loop_switch_after, blockbytes, nmany);
		put_many("manybad", nmany, bad, &text);
		files[0] = path("manybad");
		run(files, 1, &r);
		t_ok(r.status == SFB_EXIT_USAGE &&
		    r.err.line == (unsigned long)(bad + (bad - 1) / 100) &&
		    strcmp(r.err.msg, "bad value") == 0 &&
		    many_out(bad - 1, r.out, r.outlen), "%d threads, blocks %zu: "
		    "error at line %lu, the records before it written", nthreads,
		    blockbytes, r.err.line);
		files[0] = path("many");
		files[1] = path("manybad");
		run(files, 2, &r);
		t_ok(r.status == SFB_EXIT_USAGE &&
		    r.err.line == (unsigned long)(bad + (bad - 1) / 100) &&
		    strcmp(r.err.file, files[1]) == 0,
		    "%d threads: lines counted from each file's start", nthreads);
	}
	/* Output of several MB: the calling thread writes it 1 MB at a
	 * time, its blocks smaller than the threads'; the same bytes and
	 * the same error as one thread, with the threads started after 0,
	 * 3 and 9 of its blocks or never. */
	{
		struct sfb_buf want = { 0 };
		static const long after[] = { 0, 3, 9, 1000000 };
		int i, k;

		text.len = 0;
		for (i = 1; i <= 40000; i++) {
			char line[160];
			int n = i == 39000 ? snprintf(line, sizeof line,
			    "{\"v\": \"bad\"}\n") : snprintf(line, sizeof line,
			    "{\"v\": \"%0120d\"}\n", i);

			sfb_buf_put(&text, line, (size_t)n);
		}
		put("bigout", text.p, text.len);
		files[0] = strdup(path("bigout"));      /* path() reuses */
		nthreads = 1;
		sfb_loop_switch_after = -1;
		run(files, 1, &r);
		sfb_buf_put(&want, r.out, r.outlen);
		t_ok(r.status == SFB_EXIT_USAGE && r.err.line == 39000 &&
		    r.outlen == 38999 * 123, "large output, one thread: %zu "
		    "bytes, error at %lu", r.outlen, r.err.line);
		for (k = 0; k < 4; k++) {
			nthreads = 2;
			blockbytes = 0;
			sfb_loop_switch_after = after[k];
			run(files, 1, &r);
			t_ok(r.status == SFB_EXIT_USAGE && r.err.line == 39000 &&
			    r.outlen == want.len &&
			    memcmp(r.out, want.p, want.len) == 0,
			    "large output, threads after %ld blocks: the same "
			    "bytes and error (line %lu)", after[k], r.err.line);
		}
		/* The same to a pipe, whose writers flush at a quarter of
		 * what they write to a file: one thread, and two with the
		 * threads started after 0 and 3 blocks or never. */
		topipe = 1;
		for (k = -1; k < 4; k++) {
			nthreads = k < 0 ? 1 : 2;
			sfb_loop_switch_after = k < 0 ? -1 : after[k];
			run(files, 1, &r);
			t_ok(r.status == SFB_EXIT_USAGE && r.err.line == 39000 &&
			    r.outlen == want.len &&
			    memcmp(r.out, want.p, want.len) == 0,
			    "large output to a pipe, %d threads after %ld "
			    "blocks: the same bytes and error (line %lu)",
			    nthreads, sfb_loop_switch_after, r.err.line);
		}
		topipe = 0;
		sfb_loop_switch_after = -1;
		unlink(files[0]);
		free(files[0]);
		sfb_buf_free(&want);
	}
	check_widen();
	free(r.out);
	sfb_buf_free(&text);
	unlink(path("many")); unlink(path("manybad"));

	unlink(path("plain")); unlink(path("z")); unlink(path("trunc"));
	unlink(path("badjson")); unlink(path("badrec")); unlink(path("notobj"));
	unlink(path("empty")); unlink(path("out"));
	rmdir(dir);
	return t_done();
}
