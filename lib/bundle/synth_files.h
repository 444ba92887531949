/*
 * The output trees of sfb-synth: files written under a root directory,
 * parents created as needed, each file's SHA-256 remembered so the
 * SHA256SUMS.txt manifest can be written at the end.
 */
#ifndef SFB_SYNTH_FILES_H
#define SFB_SYNTH_FILES_H

#include <stddef.h>

#include "bundle/synth_buf.h"

struct sfb_tree_file {
	char *path;		/* relative to the root */
	char sha256[65];
	size_t size;
};

struct sfb_tree {
	char *root;
	char *lastdir;		/* the directory of the last file written */
	struct sfb_tree_file *files;
	size_t n, cap;
	char err[512];
};

/*
 * Start a tree at root: create it (and its parents) if missing; it must
 * be an empty directory.  Returns 0, or -1 with tree->err set.
 */
int sfb_tree_open(struct sfb_tree *t, const char *root);
void sfb_tree_close(struct sfb_tree *t);

/* Write rel (parents created); returns 0 or -1 with tree->err set. */
int sfb_tree_write(struct sfb_tree *t, const char *rel, const void *data,
    size_t len);
/* The same for a buffer, which must not have failed. */
int sfb_tree_write_buf(struct sfb_tree *t, const char *rel,
    const struct sfb_sbuf *b);

/* The remembered entry of rel, or NULL. */
const struct sfb_tree_file *sfb_tree_find(const struct sfb_tree *t,
    const char *rel);

/* SHA-256 of a buffer as 64 lowercase hex digits plus NUL. */
void sfb_sha256_hex(const void *data, size_t len, char out[65]);

/*
 * "hex  path" lines of every file written so far whose path starts with
 * prefix (all when prefix is ""), sorted by path in byte order.
 */
void sfb_tree_manifest(const struct sfb_tree *t, const char *prefix,
    struct sfb_sbuf *out);

#endif
