/* pypath.h - a command-line path as the reference's Python sees it.
 *
 * Paths stay bytes for the file system; these functions give what
 * argparse's type=Path and pathlib make of them, for the documents the
 * reference writes: str(Path(s)), Path(s).name, Path(dir) / name, and
 * os.fsdecode's text (UTF-8, each undecodable byte b as the lone surrogate
 * U+DC00 + b, so that json.dumps writes "\udcff" where Python does).
 *
 * Every function appends to out and returns 0, or -1 when memory ran out;
 * the spans handed back point into their argument. */
#ifndef SFB_PYPATH_H
#define SFB_PYPATH_H

#include <stddef.h>

#include "core/buf.h"
#include "core/json.h"

/* os.fsdecode(s): WTF-8 text. */
int sfb_pypath_decode(struct sfb_buf *out, const char *s, size_t n);

/* os.fsencode(s) of WTF-8 text: U+DC80..U+DCFF back to the bytes they
 * stand for.  Returns 0, -1 when out of memory, or -2 when the text has
 * another lone surrogate or a NUL, which no path can hold. */
int sfb_pypath_encode(struct sfb_buf *out, const char *s, size_t n);

/* str(PurePosixPath(s)): "." for an empty path, one or two leading
 * slashes kept (three or more are one), empty and "." parts dropped, no
 * trailing slash; ".." is kept as it is. */
int sfb_pypath_norm(struct sfb_buf *out, const char *s, size_t n);

/* str(PurePosixPath(dir) / name) for a name without slashes. */
int sfb_pypath_join(struct sfb_buf *out, const char *dir, size_t dn,
    const char *name, size_t nn);

/* PurePosixPath(s).name: the last part, "" for "/", "." and "". */
struct sfb_span sfb_pypath_name(const char *s, size_t n);

/* PurePosixPath(s).stem: the name without its last suffix. */
struct sfb_span sfb_pypath_stem(const char *s, size_t n);

#endif
