/* input.c - the line reader: plain files, standard input and zstd streams. */
#define _GNU_SOURCE     /* memrchr */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <poll.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <zstd.h>

#include "core/buf.h"
#include "core/input.h"

#define READ_CHUNK (256 * 1024)
/* A mapped file's pages are set up this many bytes at a time, ahead of
 * the lines: one call instead of a page fault every 64 kB. */
#define MAP_AHEAD (4 << 20)

struct sfb_in {
	char *const *files;
	int nfiles;
	int next;		/* index of the next file to open */
	int fd;			/* -1 when no file is open */
	const char *name;
	unsigned long lineno;
	int eof;		/* the open file has been read to its end */
	int zst;		/* the open file is a zstd stream */
	int zpending;		/* a zstd frame is started but not finished */
	int sniffed;		/* the first bytes were checked for zstd */
	int bfirst;		/* no block of the open file handed out yet */
	int wake;		/* sfb_in_wake: reads give up when readable */
	int short_read;		/* the last read gave less than it asked for */
	struct sfb_err held;	/* sfb_in_block: an error kept back until the
				 * lines before it are handed out */
	ZSTD_DStream *zds;
	struct sfb_buf raw;	/* compressed bytes not yet decoded */
	size_t rawpos;
	struct sfb_buf data;	/* decoded bytes */
	size_t pos;		/* start of the next line in data */
	const char *map;	/* sfb_in_line: the open regular file mapped
				 * (its size when opened), or NULL */
	size_t maplen;
	size_t mappos;		/* start of the next line in map */
	size_t mapready;	/* map[0..mapready) has its pages mapped */
};

struct sfb_in *
sfb_in_new(char *const *files, int nfiles)
{
	static char *const stdin_only[] = { "-" };
	struct sfb_in *in = calloc(1, sizeof *in);

	if (!in)
		return NULL;
	if (nfiles <= 0) {
		files = stdin_only;
		nfiles = 1;
	}
	in->files = files;
	in->nfiles = nfiles;
	in->fd = -1;
	in->wake = -1;
	return in;
}

static void
unmap(struct sfb_in *in)
{
	if (in->map)
		munmap((void *)in->map, in->maplen);
	in->map = NULL;
	in->maplen = in->mappos = in->mapready = 0;
}

static void
close_file(struct sfb_in *in)
{
	unmap(in);
	if (in->fd > 0)
		close(in->fd);
	in->fd = -1;
}

void
sfb_in_free(struct sfb_in *in)
{
	if (!in)
		return;
	close_file(in);
	ZSTD_freeDStream(in->zds);
	sfb_buf_free(&in->raw);
	sfb_buf_free(&in->data);
	free(in);
}

static int fail(struct sfb_in *in, struct sfb_err *err, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int
fail(struct sfb_in *in, struct sfb_err *err, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	sfb_err_vset(err, SFB_EXIT_USAGE, fmt, ap);
	va_end(ap);
	err->file = in->name;
	err->line = in->lineno + 1;
	return SFB_EXIT_USAGE;
}

static int
open_next(struct sfb_in *in, struct sfb_err *err)
{
	const char *name = in->files[in->next++];

	in->name = name;
	in->lineno = 0;
	in->eof = in->zst = in->zpending = in->sniffed = 0;
	in->bfirst = 1;
	in->raw.len = in->rawpos = 0;
	in->data.len = in->pos = 0;
	/* Never leave data.p NULL: line pointers are computed from it. */
	if (sfb_buf_reserve(&in->data, READ_CHUNK) < 0)
		return fail(in, err, "%s", strerror(ENOMEM));
	if (strcmp(name, "-") == 0) {
		in->fd = 0;
		return 0;
	}
	in->fd = open(name, O_RDONLY | O_CLOEXEC);
	if (in->fd < 0) {
		in->lineno = 0;
		sfb_err_set(err, SFB_EXIT_USAGE, "cannot open: %s",
		    strerror(errno));
		err->file = name;
		err->line = 0;
		return SFB_EXIT_USAGE;
	}
	return 0;
}

/* Read up to READ_CHUNK bytes into b; 0 at end of file. */
static ssize_t
read_some(struct sfb_in *in, struct sfb_buf *b)
{
	ssize_t r;

	if (sfb_buf_reserve(b, READ_CHUNK) < 0) {
		errno = ENOMEM;
		return -1;
	}
	if (in->wake >= 0) {
		struct pollfd pf[2] = { { in->fd, POLLIN, 0 },
		    { in->wake, POLLIN, 0 } };

		while (poll(pf, 2, -1) < 0)
			if (errno != EINTR)
				return -1;
		if (pf[1].revents) {
			errno = ECANCELED;
			return -1;
		}
	}
	do
		r = read(in->fd, b->p + b->len, READ_CHUNK);
	while (r < 0 && errno == EINTR);
	if (r > 0)
		b->len += (size_t)r;
	in->short_read = r < READ_CHUNK;
	return r;
}

static const unsigned char zstd_magic[4] = { 0x28, 0xB5, 0x2F, 0xFD };

/* Lines of a named regular file are handed out of a mapping of it: no
 * copy from the kernel into a buffer.  Anything else (standard input,
 * pipes, zstd, an empty file, a failed mmap) is read.  The mapping covers
 * the size the file had when opened; what is past it, bytes appended
 * since and a last line without "\n", is read() from there, so the lines
 * are those read() alone would give. */
static void
map_file(struct sfb_in *in)
{
	struct stat st;
	void *m;

	if (in->fd <= 0 || fstat(in->fd, &st) != 0 || !S_ISREG(st.st_mode) ||
	    st.st_size < 4 || (uintmax_t)st.st_size > SIZE_MAX)
		return;
	m = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, in->fd, 0);
	if (m == MAP_FAILED)
		return;
	if (memcmp(m, zstd_magic, 4) == 0) {
		munmap(m, (size_t)st.st_size);
		return;
	}
	(void)madvise(m, (size_t)st.st_size, MADV_SEQUENTIAL);
	in->map = m;
	in->maplen = (size_t)st.st_size;
	in->mappos = 0;
	in->sniffed = 1;
}

/* The next whole lines of the mapping, "\n"s included: those up to the
 * first end of line at or past want bytes (want 1: one line), or, when
 * the mapping ends before one, up to its last end of line.  1 with *p
 * and *n set, or 0 when no whole line is left in it; then the rest is
 * moved to the buffer, the mapping dropped and the file read on from
 * its end, as read() alone would have read it. */
static int
map_lines(struct sfb_in *in, size_t want, const char **p, size_t *n,
    struct sfb_err *err)
{
	const char *s = in->map + in->mappos, *nl = NULL;
	size_t avail = in->maplen - in->mappos, from;

#ifdef MADV_POPULATE_READ
	while (in->mappos + want + MAP_AHEAD / 2 > in->mapready &&
	    in->mapready < in->maplen) {
		size_t k = in->maplen - in->mapready;

		/* Not the whole file at once: reading it all from disk
		 * first would hold the lines back. */
		k = k < MAP_AHEAD ? k : MAP_AHEAD;
		(void)madvise((char *)in->map + in->mapready, k,
		    MADV_POPULATE_READ);
		in->mapready += k;
	}
#endif
	from = want > 0 ? want - 1 : 0;
	from = from < avail ? from : avail;
	nl = memchr(s + from, '\n', avail - from);
	if (!nl && from > 0)
		nl = memrchr(s, '\n', from);
	if (nl) {
		*n = (size_t)(nl - s) + 1;
		in->mappos += *n;
		*p = s;
		return 1;
	}
	in->data.len = in->pos = 0;
	if (sfb_buf_put(&in->data, s, avail) < 0)
		return fail(in, err, "%s", strerror(ENOMEM));
	if (lseek(in->fd, (off_t)in->maplen, SEEK_SET) < 0)
		return fail(in, err, "read error: %s", strerror(errno));
	unmap(in);
	return 0;
}

static int fill(struct sfb_in *in, struct sfb_err *err, size_t *got);

/* The bytes read so far are compressed: move them to in->raw. */
static int
start_zstd(struct sfb_in *in, struct sfb_err *err, size_t *got)
{
	in->zst = 1;
	in->eof = 0;
	in->raw.len = in->rawpos = 0;
	if (sfb_buf_put(&in->raw, in->data.p, in->data.len) < 0)
		return fail(in, err, "%s", strerror(ENOMEM));
	in->data.len = in->pos = 0;
	if (!in->zds && !(in->zds = ZSTD_createDStream()))
		return fail(in, err, "%s", strerror(ENOMEM));
	ZSTD_initDStream(in->zds);
	return fill(in, err, got);
}

/* Append more decoded bytes to in->data; 0 when the file is exhausted. */
static int
fill(struct sfb_in *in, struct sfb_err *err, size_t *got)
{
	ssize_t r;

	*got = 0;
	if (in->eof)
		return 0;
	if (!in->zst) {
		r = read_some(in, &in->data);
		if (r < 0)
			return fail(in, err, "read error: %s", strerror(errno));
		if (r == 0)
			in->eof = 1;
		if (!in->sniffed && (in->data.len >= 4 || in->eof)) {
			in->sniffed = 1;
			if (in->data.len >= 4 &&
			    memcmp(in->data.p, zstd_magic, 4) == 0)
				return start_zstd(in, err, got);
		}
		*got = (size_t)r;
		return r > 0 || !in->eof;
	}
	for (;;) {
		ZSTD_inBuffer zin;
		ZSTD_outBuffer zout;
		size_t ret;

		if (in->rawpos == in->raw.len) {
			in->raw.len = in->rawpos = 0;
			r = read_some(in, &in->raw);
			if (r < 0)
				return fail(in, err, "read error: %s",
				    strerror(errno));
			if (r == 0) {
				in->eof = 1;
				if (in->zpending)
					return fail(in, err,
					    "truncated zstd stream");
				return 0;
			}
		}
		if (sfb_buf_reserve(&in->data, READ_CHUNK) < 0)
			return fail(in, err, "%s", strerror(ENOMEM));
		zin.src = in->raw.p;
		zin.size = in->raw.len;
		zin.pos = in->rawpos;
		zout.dst = in->data.p + in->data.len;
		zout.size = READ_CHUNK;
		zout.pos = 0;
		ret = ZSTD_decompressStream(in->zds, &zout, &zin);
		if (ZSTD_isError(ret))
			return fail(in, err, "corrupt zstd stream: %s",
			    ZSTD_getErrorName(ret));
		in->zpending = ret != 0;
		in->rawpos = zin.pos;
		in->data.len += zout.pos;
		if (zout.pos) {
			*got = zout.pos;
			return 1;
		}
	}
}

int
sfb_in_line(struct sfb_in *in, const char **line, size_t *len,
    struct sfb_err *err)
{
	for (;;) {
		char *start, *nl;
		size_t avail, scanned = 0, got;
		int r;

		if (in->fd < 0) {
			if (in->next >= in->nfiles)
				return 0;
			if ((r = open_next(in, err)) != 0)
				return r;
			map_file(in);
		}
		if (in->map) {
			if ((r = map_lines(in, 1, line, len, err)) != 0) {
				if (r != 1)
					return r;
				in->lineno++;
				(*len)--;       /* the "\n" */
				if (*len > 0 && (*line)[*len - 1] == '\r')
					(*len)--;
				return 1;
			}
		}
		for (;;) {
			start = in->data.p + in->pos;
			avail = in->data.len - in->pos;
			nl = avail > scanned ?
			    memchr(start + scanned, '\n', avail - scanned) : NULL;
			if (nl)
				break;
			scanned = avail;
			/* Keep the partial line at the start of the buffer. */
			if (in->pos > 0) {
				memmove(in->data.p, start, avail);
				in->data.len = avail;
				in->pos = 0;
			}
			r = fill(in, err, &got);
			if (r < 0 || r > 1)
				return r;
			if (r == 0)
				break;
		}
		/* fill() may have moved the buffer. */
		start = in->data.p + in->pos;
		avail = in->data.len - in->pos;
		if (nl) {
			*len = (size_t)(nl - start);
			in->pos += *len + 1;
		} else if (avail > 0) {
			*len = avail;	/* last line without "\n" */
			in->pos += avail;
		} else {
			close_file(in);
			continue;
		}
		in->lineno++;
		if (*len > 0 && start[*len - 1] == '\r')
			(*len)--;
		*line = start;
		return 1;
	}
}

/* sfb_in_block, and with view not NULL, sfb_in_block_view. */
static int
block(struct sfb_in *in, struct sfb_buf *blk, size_t want, int *first,
    struct sfb_err *err, const char **view, size_t *vn)
{
	for (;;) {
		size_t cut = 0, scanned = 0, got;
		int r, zst, shortread = 0;
		char *nl;

		if (in->held.status) {
			*err = in->held;
			in->held.status = 0;
			*first = in->bfirst;
			return err->status;
		}
		if (in->fd < 0) {
			if (in->next >= in->nfiles)
				return 0;
			if ((r = open_next(in, err)) != 0) {
				*first = 1;
				return r;
			}
			map_file(in);
		}
		if (in->map) {
			const char *s;
			size_t n;

			*first = in->bfirst;
			if ((r = map_lines(in, want, &s, &n, err)) > 1)
				return r;
			if (r == 1) {
				in->bfirst = 0;
				if (view) {
					*view = s;
					*vn = n;
					return 1;
				}
				blk->len = 0;
				if (sfb_buf_put(blk, s, n) < 0)
					return fail(in, err, "%s",
					    strerror(ENOMEM));
				return 1;
			}
			/* The rest of the file is read. */
		}
		for (;;) {
			if (in->data.len > scanned) {
				nl = memrchr(in->data.p + scanned, '\n',
				    in->data.len - scanned);
				if (nl)
					cut = (size_t)(nl - in->data.p) + 1;
				scanned = in->data.len;
			}
			if (in->eof || (cut > 0 &&
			    (in->data.len >= want || shortread)))
				break;
			zst = in->zst;
			r = fill(in, err, &got);
			if (in->zst != zst)
				cut = scanned = 0;      /* now the decoded bytes */
			if (r < 0 || r > 1) {
				*first = in->bfirst;
				if (cut == 0)
					return r;
				in->held = *err;        /* after these lines */
				break;
			}
			/* A pipe with no more for now: go on with what
			 * there is (for zstd, once its bytes are decoded). */
			shortread = in->short_read &&
			    (!in->zst || in->rawpos == in->raw.len);
		}
		if (in->eof && !in->held.status)
			cut = in->data.len;     /* a last line without "\n" */
		/* A small want (short records, slow to process) takes the
		 * lines up to the first end of line past it, not all that
		 * one read brought; the rest stays for the next block. */
		if (want > 0 && cut > 2 * want && !in->held.status &&
		    (nl = memchr(in->data.p + want - 1, '\n', cut - want)))
			cut = (size_t)(nl - in->data.p) + 1;
		if (cut == 0) {
			close_file(in);
			continue;
		}
		/* Hand the lines over; the rest of a line stays. */
		blk->len = 0;
		if (sfb_buf_put(blk, in->data.p + cut, in->data.len - cut) < 0 ||
		    sfb_buf_reserve(blk, READ_CHUNK) < 0) {
			*first = in->bfirst;
			return fail(in, err, "%s", strerror(ENOMEM));
		}
		{
			struct sfb_buf t = *blk;

			*blk = in->data;
			in->data = t;
		}
		blk->len = cut;
		*first = in->bfirst;
		in->bfirst = 0;
		if (view) {
			*view = blk->p;
			*vn = blk->len;
		}
		return 1;
	}
}

int
sfb_in_block(struct sfb_in *in, struct sfb_buf *blk, size_t want,
    int *first, struct sfb_err *err)
{
	return block(in, blk, want, first, err, NULL, NULL);
}

int
sfb_in_block_view(struct sfb_in *in, struct sfb_buf *blk, size_t want,
    const char **p, size_t *n, int *first, struct sfb_err *err)
{
	return block(in, blk, want, first, err, p, n);
}

int
sfb_in_file(struct sfb_in *in, const char **doc, size_t *len,
    struct sfb_err *err)
{
	struct stat st;
	size_t got;
	int r;

	close_file(in);
	if (in->next >= in->nfiles)
		return 0;
	if ((r = open_next(in, err)) != 0)
		return r;
	/* A regular file's size is known: room for all of it at once saves
	 * copying the document each time the buffer would have grown. */
	if (fstat(in->fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0 &&
	    sfb_buf_reserve(&in->data, (size_t)st.st_size + READ_CHUNK) < 0)
		return fail(in, err, "%s", strerror(ENOMEM));
	while ((r = fill(in, err, &got)) == 1)
		;
	if (r != 0)
		return r;
	close_file(in);
	*doc = in->data.p ? in->data.p : "";
	*len = in->data.len;
	return 1;
}

int
sfb_in_file_take(struct sfb_in *in, struct sfb_buf *doc, struct sfb_err *err)
{
	const char *p;
	size_t len;
	int r = sfb_in_file(in, &p, &len, err);

	if (r == 1) {
		*doc = in->data;
		in->data.p = NULL;
		in->data.len = in->data.cap = 0;
	}
	return r;
}

void
sfb_in_wake(struct sfb_in *in, int fd)
{
	in->wake = fd;
}

const char *
sfb_in_name(const struct sfb_in *in)
{
	return in->name ? in->name : "-";
}

unsigned long
sfb_in_lineno(const struct sfb_in *in)
{
	return in->lineno;
}
