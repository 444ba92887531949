/* loop.c - the NDJSON record loop. */
#define _GNU_SOURCE     /* F_SETPIPE_SZ */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/loop.h"

#define FLUSH_AT SFB_OUT_FLUSH_AT

int
sfb_out_write(struct sfb_out *o, const char *p, size_t n)
{
	size_t done = 0;

	if (o->werrno)
		return -1;
	while (done < n) {
		ssize_t w = write(o->fd, p + done, n - done);

		if (w < 0) {
			if (errno == EINTR)
				continue;
			o->werrno = errno;
			return -1;
		}
		done += (size_t)w;
	}
	return 0;
}

int
sfb_out_flush(struct sfb_out *o)
{
	if (sfb_out_write(o, o->b.p, o->b.len) < 0)
		return -1;
	o->b.len = 0;
	return 0;
}

size_t
sfb_out_widen_pipe(const struct sfb_out *o)
{
	struct stat st;

	if (fstat(o->fd, &st) != 0 || !S_ISFIFO(st.st_mode))
		return FLUSH_AT;
#ifdef F_SETPIPE_SZ
	(void)fcntl(o->fd, F_SETPIPE_SZ, 4 * SFB_OUT_PIPE_FLUSH_AT);
#endif
	return SFB_OUT_PIPE_FLUSH_AT;
}

void
sfb_out_free(struct sfb_out *o)
{
	sfb_buf_free(&o->b);
}

static int
blank(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r' && s[i] != '\n')
			return 0;
	return 1;
}

int
sfb_out_failed(const struct sfb_out *out, struct sfb_err *err)
{
	err->file = NULL;
	err->line = 0;
	return sfb_err_set(err, SFB_EXIT_USAGE, "write error: %s",
	    strerror(out->werrno));
}

int
sfb_loop_line(struct sfb_obj *obj, const char *line, size_t len,
    const char *file, unsigned long lineno, sfb_rec_fn fn, void *ctx,
    struct sfb_buf *out, struct sfb_err *err)
{
	const char *why;
	size_t mark = out->len;
	int r;

	if (blank(line, len))
		return 0;
	err->file = file;
	err->line = lineno;
	if (sfb_obj_parse(obj, line, len, &why) < 0)
		return sfb_err_set(err, SFB_EXIT_USAGE, "%s", why);
	if ((r = fn(ctx, obj, out, err)) != 0) {
		out->len = mark;
		err->status = r;
	}
	return r;
}

int
sfb_loop_run(struct sfb_in *in, struct sfb_out *out, sfb_rec_fn fn,
    void *ctx, struct sfb_err *err)
{
	struct sfb_obj obj = { 0 };
	const char *line;
	size_t len, flush_at = sfb_out_widen_pipe(out);
	int r;

	while ((r = sfb_in_line(in, &line, &len, err)) == 1) {
		if ((r = sfb_loop_line(&obj, line, len, sfb_in_name(in),
		    sfb_in_lineno(in), fn, ctx, &out->b, err)) != 0)
			break;
		if (out->b.len >= flush_at && sfb_out_flush(out) < 0) {
			sfb_obj_free(&obj);
			return sfb_out_failed(out, err);
		}
	}
	sfb_obj_free(&obj);
	if (sfb_out_flush(out) < 0 && r == 0)
		return sfb_out_failed(out, err);
	return r;
}
