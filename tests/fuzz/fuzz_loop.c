/* fuzz_loop.c - libFuzzer target for the record loop: the input is one
 * file (plain or zstd) read through sfb_in and sfb_loop_run; each record's
 * members are decoded, re-encoded and spliced. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "../../lib/loop.h"

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
	out->len = 0;
	return sfb_obj_splice(rec, kv, 2, out);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct sfb_buf tmp;
	char path[64];
	char *files[1] = { path };
	int fd = memfd_create("fuzz", 0);
	struct sfb_out out = { -1, { 0 }, 0 };
	struct sfb_err err = { 0 };
	struct sfb_in *in;

	if (fd < 0)
		return 0;
	if (write(fd, data, size) != (ssize_t)size) {
		close(fd);
		return 0;
	}
	snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
	out.fd = open("/dev/null", O_WRONLY);
	in = sfb_in_new(files, 1);
	sfb_loop_run(in, &out, cb, &tmp, &err);
	sfb_in_free(in);
	sfb_out_free(&out);
	close(out.fd);
	close(fd);
	return 0;
}
