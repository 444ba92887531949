/* loop.c - the NDJSON record loop. */
#define _GNU_SOURCE     /* F_SETPIPE_SZ */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "loop.h"

#define FLUSH_AT SFB_OUT_FLUSH_AT

int
sfb_out_flush(struct sfb_out *o)
{
	size_t done = 0;

	if (o->werrno)
		return -1;
	while (done < o->b.len) {
		ssize_t w = write(o->fd, o->b.p + done, o->b.len - done);

		if (w < 0) {
			if (errno == EINTR)
				continue;
			o->werrno = errno;
			return -1;
		}
		done += (size_t)w;
	}
	o->b.len = 0;
	return 0;
}

void
sfb_out_widen_pipe(const struct sfb_out *o)
{
#ifdef F_SETPIPE_SZ
	struct stat st;

	if (fstat(o->fd, &st) == 0 && S_ISFIFO(st.st_mode))
		(void)fcntl(o->fd, F_SETPIPE_SZ, FLUSH_AT);
#else
	(void)o;
#endif
}

void
sfb_out_free(struct sfb_out *o)
{
	sfb_buf_free(&o->b);
}

int
sfb_blank(const char *s, size_t n)
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
sfb_loop_run(struct sfb_in *in, struct sfb_out *out, sfb_rec_fn fn,
    void *ctx, struct sfb_err *err)
{
	struct sfb_obj obj = { 0 };
	const char *line, *why;
	size_t len, mark;
	int r;

	sfb_out_widen_pipe(out);
	while ((r = sfb_in_line(in, &line, &len, err)) == 1) {
		if (sfb_blank(line, len))
			continue;
		err->file = sfb_in_name(in);
		err->line = sfb_in_lineno(in);
		if (sfb_obj_parse(&obj, line, len, &why) < 0) {
			r = sfb_err_set(err, SFB_EXIT_USAGE, "%s", why);
			break;
		}
		mark = out->b.len;
		if ((r = fn(ctx, &obj, &out->b, err)) != 0) {
			out->b.len = mark;
			break;
		}
		if (out->b.len >= FLUSH_AT && sfb_out_flush(out) < 0) {
			sfb_obj_free(&obj);
			return sfb_out_failed(out, err);
		}
	}
	sfb_obj_free(&obj);
	if (sfb_out_flush(out) < 0 && r == 0)
		return sfb_out_failed(out, err);
	return r;
}
