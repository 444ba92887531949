/* sfb-stage1 - the Stage-1 parse check of the mitigation gate: for each
 * record naming a Stage-1 output text, its primary diagnosis and whether
 * its validation sidecar is clean. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"
#include "text/stage1.h"

static const char usage_text[] =
    "sfb-stage1 [-f FIELD] [-d DIR] [FILE...]\n"
    "Add primary_diagnosis, validation_clean and parse_ok to each record;\n"
    "FIELD (default path) names the Stage-1 text file, relative to DIR.";

struct ctx {
	struct sfb_stage1 *st;
	const char *field;
	const char *dir;
	struct sfb_buf path, side, raw, text, diag, vals;
};

/* Read a whole file into b; 0, or -1 with errno set. */
static int
slurp(const char *path, struct sfb_buf *b)
{
	FILE *f = fopen(path, "rb");
	size_t got;

	b->len = 0;
	if (!f)
		return -1;
	do {
		if (sfb_buf_reserve(b, 1 << 16) < 0) {
			fclose(f);
			errno = ENOMEM;
			return -1;
		}
		got = fread(b->p + b->len, 1, b->cap - b->len, f);
		b->len += got;
	} while (got > 0);
	if (ferror(f)) {
		fclose(f);
		return -1;
	}
	return fclose(f);
}

/* NUL-terminated copy for the file system; text names are never C strings
 * elsewhere. */
static int
cstr(struct sfb_buf *b)
{
	if (memchr(b->p, '\0', b->len))
		return -1;
	return sfb_buf_putc(b, '\0');
}

static int
stage1(void *vctx, const struct sfb_obj *rec, struct sfb_buf *out,
    struct sfb_err *err)
{
	struct ctx *c = vctx;
	const struct sfb_member *m = sfb_obj_get(rec, c->field,
	    strlen(c->field));
	struct sfb_kv kv[3];
	int found, clean;

	if (!m || sfb_json_type(&m->val) != SFB_JSTRING)
		return sfb_err_set(err, SFB_EXIT_USAGE,
		    "missing or non-string field '%s'", c->field);
	c->path.len = 0;
	if (c->dir && (m->val.n < 3 || m->val.p[1] != '/') &&
	    (sfb_buf_puts(&c->path, c->dir) || sfb_buf_putc(&c->path, '/')))
		sfb_oom();
	if (sfb_json_str_decode(&m->val, &c->path))
		sfb_oom();
	c->side.len = 0;
	if (sfb_stage1_sidecar_path(c->path.p, c->path.len, &c->side))
		sfb_oom();
	if (cstr(&c->path) || cstr(&c->side))
		return sfb_err_set(err, SFB_EXIT_USAGE, "'%s' holds U+0000",
		    c->field);

	clean = slurp(c->side.p, &c->raw) == 0 &&
	    sfb_stage1_sidecar_clean(c->raw.p, c->raw.len);
	if (slurp(c->path.p, &c->raw) < 0)
		return sfb_err_set(err, SFB_EXIT_USAGE, "%s: %s", c->path.p,
		    strerror(errno));
	c->text.len = c->diag.len = c->vals.len = 0;
	if (sfb_stage1_read_text(c->raw.p, c->raw.len, &c->text))
		sfb_oom();
	found = sfb_stage1_diagnosis(c->st, c->text.p, c->text.len, &c->diag);
	if (found < 0)
		sfb_oom();
	if (found ? sfb_json_str_encode(&c->vals, c->diag.p, c->diag.len, 0)
	    : sfb_buf_puts(&c->vals, "null"))
		sfb_oom();
	kv[0] = (struct sfb_kv){ "primary_diagnosis", 17, c->vals.p, c->vals.len };
	kv[1] = (struct sfb_kv){ "validation_clean", 16,
	    clean ? "true" : "false", clean ? 4 : 5 };
	kv[2] = (struct sfb_kv){ "parse_ok", 8,
	    clean && found ? "true" : "false", clean && found ? 4 : 5 };
	if (sfb_obj_splice(rec, kv, 3, out))
		sfb_oom();
	return 0;
}

int
main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "field", required_argument, NULL, 'f' },
		{ "dir", required_argument, NULL, 'd' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 }
	};
	struct ctx c = { .field = "path" };
	const char *why;
	int ch;

	sfb_setup(argv);
	while ((ch = getopt_long(argc, argv, "f:d:h", longopts, NULL)) != -1) {
		switch (ch) {
		case 'f':
			c.field = optarg;
			break;
		case 'd':
			c.dir = optarg;
			break;
		case 'h':
			sfb_usage(usage_text, SFB_EXIT_OK);
		case 'V':
			sfb_version();
		default:
			sfb_usage(usage_text, SFB_EXIT_USAGE);
		}
	}
	if (!(c.st = sfb_stage1_new(&why)))
		sfb_die(SFB_EXIT_USAGE, "%s", why);
	sfb_run(argv + optind, argc - optind, stage1, &c);
	sfb_stage1_free(c.st);
	sfb_buf_free(&c.path);
	sfb_buf_free(&c.side);
	sfb_buf_free(&c.raw);
	sfb_buf_free(&c.text);
	sfb_buf_free(&c.diag);
	sfb_buf_free(&c.vals);
	return sfb_finish(SFB_EXIT_OK);
}
