/* fuzz_loop.c - libFuzzer target for the record loop: the input is one
 * file (plain or zstd) read through sfb_in and sfb_loop_run; each record's
 * members are decoded, re-encoded and spliced.  The same input through
 * sfb_loop_run_par on two threads must give the same output, status and
 * error, or the target aborts. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "core/loop.h"

static int
cb(void *ctx, const struct sfb_obj *rec, struct sfb_buf *out,
    struct sfb_err *err)
{
	struct sfb_buf *tmp = ctx;
	struct sfb_kv kv[2] = { { "a", 1, "1", 1 }, { "b", 1, "[]", 2 } };
	size_t i;

	(void)err;
	for (i = 0; i < rec->n; i++) {
		const struct sfb_span *v = &rec->m[i].val;
		struct sfb_span e, k, val;
		size_t pos = 0;
		double d;

		tmp->len = 0;
		switch (sfb_json_type(v)) {
		case SFB_JSTRING:
			sfb_json_str_decode(v, tmp);
			sfb_json_str_encode(out, tmp->p, tmp->len, 1);
			sfb_json_str_encode(out, tmp->p, tmp->len, 0);
			break;
		case SFB_JARRAY:
			while (sfb_json_arr_next(v, &pos, &e))
				;
			break;
		case SFB_JOBJECT:
			while (sfb_json_obj_next(v, &pos, &k, &val))
				;
			break;
		case SFB_JNUMBER:
			sfb_json_num(v, &d);
			break;
		default:
			break;
		}
		sfb_obj_get(rec, rec->m[i].key.p, rec->m[i].key.n);
	}
	return sfb_obj_splice(rec, kv, 2, out);
}

struct run {
	int status;
	struct sfb_err err;
	struct sfb_buf out;
};

/* The input file at path through the loop on nctx threads. */
static void
run(char *path, size_t nctx, struct run *r)
{
	static struct sfb_buf tmp[2];
	void *ctx[2] = { &tmp[0], &tmp[1] };
	char *files[1] = { path };
	struct sfb_out out = { -1, { 0 }, 0 };
	struct sfb_in *in = sfb_in_new(files, 1);
	off_t size;

	memset(r, 0, sizeof *r);
	out.fd = memfd_create("out", 0);
	if (nctx == 1)
		r->status = sfb_loop_run(in, &out, cb, ctx[0], &r->err);
	else
		r->status = sfb_loop_run_par(in, &out, cb, ctx, nctx, &r->err);
	sfb_in_free(in);
	sfb_out_free(&out);
	size = lseek(out.fd, 0, SEEK_END);
	sfb_buf_reserve(&r->out, (size_t)size + 1);
	r->out.len = (size_t)pread(out.fd, r->out.p, (size_t)size, 0);
	close(out.fd);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char path[64];
	int fd = memfd_create("fuzz", 0);
	struct run one, two;

	if (fd < 0)
		return 0;
	if (write(fd, data, size) != (ssize_t)size) {
		close(fd);
		return 0;
	}
	snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
	run(path, 1, &one);
	run(path, 2, &two);
	if (one.status != two.status || one.out.len != two.out.len ||
	    memcmp(one.out.p, two.out.p, one.out.len) != 0 ||
	    (one.status && (strcmp(one.err.msg, two.err.msg) != 0 ||
	    one.err.line != two.err.line)))
		abort();
	sfb_buf_free(&one.out);
	sfb_buf_free(&two.out);
	close(fd);
	return 0;
}
