/* field.h - images named by NDJSON records: the path in a string member,
 * taken relative to a root directory, read and decoded (image.h). */
#ifndef SFB_IMAGE_FIELD_H
#define SFB_IMAGE_FIELD_H

#include "core/buf.h"
#include "core/err.h"
#include "core/json.h"
#include "image/image.h"

/* The file name in rec's string member key (decoded into name) joined to
 * root (NULL: as it is) when relative, into path with a closing NUL. */
int sfb_img_field_path(const struct sfb_obj *rec, const char *key,
    const char *root, struct sfb_buf *name, struct sfb_buf *path,
    struct sfb_err *err);

/* sfb_img_field_path, then the image decoded to mode ch.  0; SFB_EXIT_USAGE
 * when the record is at fault (key missing or not a string, err says so);
 * SFB_EXIT_FAIL when the image cannot be read, err->msg "NAME: why" with
 * NAME as the record spells it. */
int sfb_img_field_load(const struct sfb_obj *rec, const char *key,
    const char *root, int ch, struct sfb_buf *name, struct sfb_buf *path,
    struct sfb_img *img, struct sfb_err *err);

/* Put the image's name in front of err's message: "NAME: why", with
 * status.  Returns status. */
int sfb_img_err_name(struct sfb_err *err, int status,
    const struct sfb_buf *name);

/* Join name[0..n) to root into path (NUL-terminated).  0, or SFB_EXIT_FAIL
 * with err->msg "NAME: why" when name holds a NUL byte; SFB_EXIT_USAGE when
 * out of memory. */
int sfb_img_join(const char *root, const char *name, size_t n,
    struct sfb_buf *path, struct sfb_err *err);

#endif
