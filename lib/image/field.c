/* field.c - images named by records (field.h). */
#include <string.h>

#include "image/field.h"

int
sfb_img_err_name(struct sfb_err *err, int status, const struct sfb_buf *name)
{
	char why[sizeof(err->msg)];

	memcpy(why, err->msg, sizeof(why));
	return sfb_err_set(err, status, "%.*s: %s", (int)name->len,
	    name->p ? name->p : "", why);
}

int
sfb_img_join(const char *root, const char *name, size_t n,
    struct sfb_buf *path, struct sfb_err *err)
{
	path->len = 0;
	if (memchr(name, '\0', n) != NULL)
		return sfb_err_set(err, SFB_EXIT_FAIL,
		    "%.*s: file name holds U+0000", (int)strlen(name), name);
	if (root != NULL && (n == 0 || name[0] != '/') &&
	    (sfb_buf_puts(path, root) < 0 || sfb_buf_putc(path, '/') < 0))
		return sfb_err_set(err, SFB_EXIT_USAGE, "out of memory");
	if (sfb_buf_put(path, name, n) < 0 || sfb_buf_putc(path, '\0') < 0)
		return sfb_err_set(err, SFB_EXIT_USAGE, "out of memory");
	return 0;
}

int
sfb_img_field_path(const struct sfb_obj *rec, const char *key,
    const char *root, struct sfb_buf *name, struct sfb_buf *path,
    struct sfb_err *err)
{
	const struct sfb_member *m = sfb_obj_get(rec, key, strlen(key));
	enum sfb_jtype t = sfb_json_type(m ? &m->val : NULL);

	if (t != SFB_JSTRING)
		return sfb_err_set(err, SFB_EXIT_USAGE,
		    t == SFB_JNONE ? "missing field \"%s\"" :
		    "field \"%s\" is %s, not a string", key,
		    sfb_json_type_name(t));
	name->len = 0;
	if (sfb_json_str_decode(&m->val, name) < 0)
		return sfb_err_set(err, SFB_EXIT_USAGE, "out of memory");
	return sfb_img_join(root, name->p ? name->p : "", name->len, path, err);
}

int
sfb_img_field_load(const struct sfb_obj *rec, const char *key,
    const char *root, int ch, struct sfb_buf *name, struct sfb_buf *path,
    struct sfb_img *img, struct sfb_err *err)
{
	int st;

	if ((st = sfb_img_field_path(rec, key, root, name, path, err)) != 0)
		return st;
	if (sfb_img_load(path->p, ch, img, err) != 0)
		return sfb_img_err_name(err, SFB_EXIT_FAIL, name);
	return 0;
}
