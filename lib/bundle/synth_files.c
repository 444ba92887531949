/*
 * Writing the synthetic trees and their SHA-256 manifests (see
 * synth_files.h).
 */
#include "bundle/synth_files.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <openssl/evp.h>

#include "core/files.h"

void
sfb_sha256_hex(const void *data, size_t len, char out[65])
{
	unsigned char md[32];
	unsigned int mdlen = 0;
	int i;

	EVP_Digest(data, len, md, &mdlen, EVP_sha256(), NULL);
	for (i = 0; i < 32; i++)
		snprintf(out + 2 * i, 3, "%02x", md[i]);
}

int
sfb_tree_open(struct sfb_tree *t, const char *root)
{
	DIR *d;
	struct dirent *e;
	char *tmp;

	memset(t, 0, sizeof *t);
	t->root = strdup(root);
	tmp = strdup(root);
	if (t->root == NULL || tmp == NULL) {
		free(tmp);
		snprintf(t->err, sizeof t->err, "out of memory");
		return -1;
	}
	if (sfb_mkdir_p(tmp) != 0) {
		snprintf(t->err, sizeof t->err, "%s: %s", root, strerror(errno));
		free(tmp);
		return -1;
	}
	free(tmp);
	d = opendir(root);
	if (d == NULL) {
		snprintf(t->err, sizeof t->err, "%s: %s", root, strerror(errno));
		return -1;
	}
	while ((e = readdir(d)) != NULL) {
		if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0) {
			closedir(d);
			snprintf(t->err, sizeof t->err,
			    "%s: directory is not empty", root);
			return -1;
		}
	}
	closedir(d);
	return 0;
}

void
sfb_tree_close(struct sfb_tree *t)
{
	size_t i;

	for (i = 0; i < t->n; i++)
		free(t->files[i].path);
	free(t->files);
	free(t->root);
	free(t->lastdir);
	memset(t, 0, sizeof *t);
}

int
sfb_tree_write(struct sfb_tree *t, const char *rel, const void *data,
    size_t len)
{
	size_t rl = strlen(t->root), pl = strlen(rel);
	char *full = malloc(rl + pl + 2), *slash;
	struct sfb_tree_file *f;
	FILE *fp;

	if (full == NULL)
		goto oom;
	memcpy(full, t->root, rl);
	full[rl] = '/';
	memcpy(full + rl + 1, rel, pl + 1);
	slash = strrchr(full, '/');
	*slash = '\0';
	/* files come in directory runs: create each directory once */
	if (t->lastdir == NULL || strcmp(t->lastdir, full) != 0) {
		if (sfb_mkdir_p(full) != 0) {
			snprintf(t->err, sizeof t->err, "%s: %s", full, strerror(errno));
			free(full);
			return -1;
		}
		free(t->lastdir);
		t->lastdir = strdup(full);
	}
	*slash = '/';
	fp = fopen(full, "wb");
	if (fp == NULL || (len > 0 && fwrite(data, 1, len, fp) != len) ||
	    fclose(fp) != 0) {
		snprintf(t->err, sizeof t->err, "%s: %s", full, strerror(errno));
		free(full);
		return -1;
	}
	free(full);
	if (t->n == t->cap) {
		size_t cap = t->cap ? t->cap * 2 : 256;
		f = realloc(t->files, cap * sizeof *f);
		if (f == NULL)
			goto oom;
		t->files = f;
		t->cap = cap;
	}
	f = &t->files[t->n];
	f->path = strdup(rel);
	if (f->path == NULL)
		goto oom;
	f->size = len;
	sfb_sha256_hex(data, len, f->sha256);
	t->n++;
	return 0;
oom:
	snprintf(t->err, sizeof t->err, "out of memory");
	return -1;
}

int
sfb_tree_write_buf(struct sfb_tree *t, const char *rel,
    const struct sfb_sbuf *b)
{
	if (b->failed) {
		snprintf(t->err, sizeof t->err, "out of memory");
		return -1;
	}
	return sfb_tree_write(t, rel, b->p ? b->p : "", b->len);
}

const struct sfb_tree_file *
sfb_tree_find(const struct sfb_tree *t, const char *rel)
{
	size_t i;

	for (i = t->n; i-- > 0;)
		if (strcmp(t->files[i].path, rel) == 0)
			return &t->files[i];
	return NULL;
}

static int
cmp_path(const void *a, const void *b)
{
	const struct sfb_tree_file *const *x = a, *const *y = b;

	return strcmp((*x)->path, (*y)->path);
}

void
sfb_tree_manifest(const struct sfb_tree *t, const char *prefix,
    struct sfb_sbuf *out)
{
	const struct sfb_tree_file **v;
	size_t i, k = 0, pl = strlen(prefix);

	v = malloc((t->n ? t->n : 1) * sizeof *v);
	if (v == NULL) {
		out->failed = 1;
		return;
	}
	for (i = 0; i < t->n; i++)
		if (strncmp(t->files[i].path, prefix, pl) == 0)
			v[k++] = &t->files[i];
	qsort(v, k, sizeof *v, cmp_path);
	for (i = 0; i < k; i++)
		sfb_sbuf_printf(out, "%s  %s\n", v[i]->sha256, v[i]->path);
	free(v);
}
