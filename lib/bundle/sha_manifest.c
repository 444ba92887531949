/* sha_manifest.c - reading SHA-256 manifests the way reviewer_verify.py
 * reads them, and the checks it makes on every name before any file is
 * opened: lexical normal form, containment after following links, and
 * duplicates under str.casefold(). */
#define _GNU_SOURCE		/* O_PATH, getdents64 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/pyrepr.h"
#include "bundle/sha.h"
#include "core/ucd.h"

/* Python finds link loops exactly; a bound on expansions finds them too
 * and is far above any chain a release tree has. */
#define LINK_LIMIT 1000

struct slot {
	uint64_t h;
	size_t off, len;
	int used;
};

/* A set of names, each with a value (used: 1 for the casefolded names
 * seen so far, d_type + 1 for the names of a directory listing). */
struct foldset {
	struct slot *s;
	size_t cap, n;
	struct sfb_buf keys;
};

struct sfb_sha_set {
	struct sfb_sha_entry *e;
	size_t n, cap;
	struct foldset seen;
	struct sfb_buf fold, resolved, msg;
	/* The last directory part resolved, with its root: manifests list
	 * many files of one directory in a row, and resolving it again would
	 * cost a lstat(2) per component per file. */
	struct sfb_buf dir_root, dir_name, dir_resolved;
	int dirfd;		/* dir_resolved, opened; -1 not (yet) */
	/* The names of dirfd read so far, with their types. */
	struct foldset listing;
	size_t hits;		/* names looked up in it */
	int listed;		/* 1: read to its end, -1: cannot be read */
};

/* Length of the well-formed UTF-8 sequence at s (as Python's strict
 * decoder accepts it: no overlong forms, no surrogates), or 0. */
static size_t
utf8_len(const unsigned char *s, size_t n)
{
	unsigned c = s[0];

	if (c < 0x80)
		return 1;
	if (c < 0xC2)
		return 0;
	if (c < 0xE0)
		return n >= 2 && (s[1] & 0xC0) == 0x80 ? 2 : 0;
	if (c < 0xF0) {
		if (n < 3 || (s[1] & 0xC0) != 0x80 || (s[2] & 0xC0) != 0x80)
			return 0;
		if ((c == 0xE0 && s[1] < 0xA0) || (c == 0xED && s[1] >= 0xA0))
			return 0;
		return 3;
	}
	if (c < 0xF5) {
		if (n < 4 || (s[1] & 0xC0) != 0x80 || (s[2] & 0xC0) != 0x80 ||
		    (s[3] & 0xC0) != 0x80)
			return 0;
		if ((c == 0xF0 && s[1] < 0x90) || (c == 0xF4 && s[1] >= 0x90))
			return 0;
		return 4;
	}
	return 0;
}

/* Printable ASCII: one character, never a line break.  Manifests are
 * made of little else, so the byte loops test for it first. */
static inline int
plain(unsigned char c)
{
	return c >= 0x20 && c < 0x80;
}

/* The eight bytes at p are all plain: no byte has its top bit set, and
 * none is below 0x20 (the test for a byte under n of "Bit Twiddling
 * Hacks", exact once no top bit is set). */
static inline int
plain8(const unsigned char *p)
{
	const uint64_t low = 0x2020202020202020u, top = 0x8080808080808080u;
	uint64_t x;

	memcpy(&x, p, 8);
	return ((x | ((x - low) & ~x)) & top) == 0;
}

/* Length of the line break at s[i], or 0: the breaks of str.splitlines()
 * after universal-newline decoding (\r\n counts once). */
static size_t
line_break(const unsigned char *s, size_t n, size_t i)
{
	switch (s[i]) {
	case '\n': case '\v': case '\f': case 0x1c: case 0x1d: case 0x1e:
		return 1;
	case '\r':
		return i + 1 < n && s[i + 1] == '\n' ? 2 : 1;
	case 0xC2:
		return i + 1 < n && s[i + 1] == 0x85 ? 2 : 0;
	case 0xE2:
		return i + 2 < n && s[i + 1] == 0x80 &&
		    (s[i + 2] == 0xA8 || s[i + 2] == 0xA9) ? 3 : 0;
	}
	return 0;
}

int
sfb_sha_name_ok(const char *name, size_t len)
{
	size_t i = 0, start;

	if (len == 0 || name[0] == '/')
		return 0;
	if (memchr(name, '\\', len) || memchr(name, ':', len) ||
	    memchr(name, '\0', len))
		return 0;
	if (len == 1 && name[0] == '.')
		return 1;
	while (i <= len) {
		start = i;
		while (i < len && name[i] != '/')
			i++;
		if (i == start)
			return 0;	/* "a//b" or a trailing '/' */
		if (i - start == 1 && name[start] == '.')
			return 0;
		if (i - start == 2 && name[start] == '.' && name[start + 1] == '.')
			return 0;
		i++;
	}
	return 1;
}

/* Append s[0..n) and keep the buffer NUL-terminated past its length. */
static int
put_z(struct sfb_buf *b, const char *s, size_t n)
{
	if (sfb_buf_put(b, s, n) < 0 || sfb_buf_putc(b, '\0') < 0)
		return -1;
	b->len--;
	return 0;
}

/* sfb_sha_resolve, also telling the file type of the result when the walk
 * saw it (*mode 0: not known, or absent). */
static int
resolve(const char *root, const char *name, size_t len, struct sfb_buf *out,
    mode_t *mode)
{
	struct sfb_buf rest = { 0 }, next = { 0 }, target = { 0 };
	size_t pos = 0, save, end;
	int links = 0, r = -2;
	struct stat st;

	/* The root "/" is kept as the empty string so that joining is always
	 * "path/component". */
	*mode = 0;
	out->len = 0;
	if (put_z(out, root, strcmp(root, "/") ? strlen(root) : 0) < 0 ||
	    put_z(&rest, name, len) < 0)
		goto done;
	while (pos < rest.len) {
		const char *comp = rest.p + pos;
		size_t clen;

		for (end = pos; end < rest.len && rest.p[end] != '/'; end++)
			;
		clen = end - pos;
		pos = end + 1;
		if (clen == 0 || (clen == 1 && comp[0] == '.'))
			continue;
		if (clen == 2 && comp[0] == '.' && comp[1] == '.') {
			while (out->len > 0 && out->p[--out->len] != '/')
				;
			out->p[out->len] = '\0';
			*mode = 0;
			continue;
		}
		save = out->len;
		if (sfb_buf_putc(out, '/') < 0 ||
		    put_z(out, comp, clen) < 0)
			goto done;
		*mode = 0;
		if (lstat(out->p, &st) < 0)
			continue;
		if (!S_ISLNK(st.st_mode)) {
			*mode = st.st_mode;
			continue;
		}
		if (++links > LINK_LIMIT) {
			r = -1;
			goto done;
		}
		target.len = 0;
		if (sfb_buf_reserve(&target, 256) < 0)
			goto done;
		for (;;) {
			ssize_t k = readlink(out->p, target.p, target.cap);

			if (k < 0)
				break;
			if ((size_t)k < target.cap) {
				target.len = (size_t)k;
				break;
			}
			if (sfb_buf_reserve(&target, target.cap * 2) < 0)
				goto done;
		}
		if (target.len == 0)
			continue;	/* vanished since lstat: keep as written */
		out->len = target.p[0] == '/' ? 0 : save;
		out->p[out->len] = '\0';
		next.len = 0;
		if (sfb_buf_put(&next, target.p, target.len) < 0 ||
		    sfb_buf_putc(&next, '/') < 0 ||
		    put_z(&next, rest.p + (pos < rest.len ? pos : rest.len),
		    pos < rest.len ? rest.len - pos : 0) < 0)
			goto done;
		{
			struct sfb_buf t = rest;

			rest = next;
			next = t;
		}
		pos = 0;
	}
	if (out->len == 0 && put_z(out, "/", 1) < 0)
		goto done;
	r = 0;
done:
	sfb_buf_free(&rest);
	sfb_buf_free(&next);
	sfb_buf_free(&target);
	return r;
}

int
sfb_sha_resolve(const char *root, const char *name, size_t len,
    struct sfb_buf *out)
{
	mode_t mode = 0;

	return resolve(root, name, len, out, &mode);
}

/* path is root itself or below it, comparing whole components. */
static int
within(const char *path, const char *root)
{
	size_t n = strlen(root);

	if (strcmp(root, "/") == 0)
		return 1;
	return strncmp(path, root, n) == 0 && (path[n] == '\0' || path[n] == '/');
}

struct sfb_sha_set *
sfb_sha_set_new(void)
{
	struct sfb_sha_set *set = calloc(1, sizeof *set);

	if (set)
		set->dirfd = -1;
	return set;
}

void
sfb_sha_set_free(struct sfb_sha_set *set)
{
	size_t i;

	if (!set)
		return;
	for (i = 0; i < set->n; i++)
		free((char *)set->e[i].path);
	free(set->e);
	free(set->seen.s);
	sfb_buf_free(&set->seen.keys);
	sfb_buf_free(&set->fold);
	sfb_buf_free(&set->resolved);
	sfb_buf_free(&set->msg);
	sfb_buf_free(&set->dir_root);
	sfb_buf_free(&set->dir_name);
	sfb_buf_free(&set->dir_resolved);
	free(set->listing.s);
	sfb_buf_free(&set->listing.keys);
	if (set->dirfd >= 0)
		close(set->dirfd);
	free(set);
}

size_t
sfb_sha_set_count(const struct sfb_sha_set *set)
{
	return set->n;
}

struct sfb_sha_entry *
sfb_sha_set_entry(struct sfb_sha_set *set, size_t i)
{
	return &set->e[i];
}

static int
by_name(const void *a, const void *b)
{
	const struct sfb_sha_entry *x = a, *y = b;

	return strcmp(x->name, y->name);
}

void
sfb_sha_set_sort(struct sfb_sha_set *set)
{
	if (set->n > 1)
		qsort(set->e, set->n, sizeof set->e[0], by_name);
}

static void
seen_clear(struct foldset *fs)
{
	if (fs->s)
		memset(fs->s, 0, fs->cap * sizeof fs->s[0]);
	fs->n = 0;
	fs->keys.len = 0;
}

static uint64_t
fnv1a(const char *s, size_t n)
{
	uint64_t h = 0xcbf29ce484222325u;

	while (n--) {
		h ^= (unsigned char)*s++;
		h *= 0x100000001b3u;
	}
	return h;
}

static int
seen_grow(struct foldset *fs)
{
	size_t cap = fs->cap ? fs->cap * 2 : 1024, i;
	struct slot *s = calloc(cap, sizeof *s);

	if (!s)
		return -1;
	for (i = 0; i < fs->cap; i++) {
		size_t j;

		if (!fs->s[i].used)
			continue;
		for (j = fs->s[i].h & (cap - 1); s[j].used; j = (j + 1) & (cap - 1))
			;
		s[j] = fs->s[i];
	}
	free(fs->s);
	fs->s = s;
	fs->cap = cap;
	return 0;
}

/* Room for n more keys; failing is left to seen_insert. */
static void
seen_reserve(struct foldset *fs, size_t n)
{
	while ((fs->n + n + 1) * 2 > fs->cap && seen_grow(fs) == 0)
		;
}

/* The slot of key (hashed h), or the empty slot where it would go. */
static size_t
seen_find(const struct foldset *fs, const char *key, size_t n, uint64_t h)
{
	size_t j;

	for (j = h & (fs->cap - 1); fs->s[j].used; j = (j + 1) & (fs->cap - 1))
		if (fs->s[j].h == h && fs->s[j].len == n &&
		    memcmp(fs->keys.p + fs->s[j].off, key, n) == 0)
			break;
	return j;
}

/* The value of key, 0 when absent. */
static int
seen_get(const struct foldset *fs, const char *key, size_t n)
{
	if (fs->n == 0)
		return 0;
	return fs->s[seen_find(fs, key, n, fnv1a(key, n))].used;
}

/* Insert key with value val (not 0); 1 when it was new, 0 when already
 * present, -1 on no memory. */
static int
seen_insert(struct foldset *fs, const char *key, size_t n, int val)
{
	uint64_t h = fnv1a(key, n);
	size_t j;

	if ((fs->n + 1) * 2 > fs->cap && seen_grow(fs) < 0)
		return -1;
	j = seen_find(fs, key, n, h);
	if (fs->s[j].used)
		return 0;
	fs->s[j].used = val;
	fs->s[j].h = h;
	fs->s[j].off = fs->keys.len;
	fs->s[j].len = n;
	if (sfb_buf_put(&fs->keys, key, n) < 0)
		return -1;
	fs->n++;
	return 1;
}

/* str.casefold() of valid UTF-8 name into out. */
static int
casefold(struct sfb_buf *out, const char *name, size_t len)
{
	const unsigned char *u = (const unsigned char *)name;
	size_t i, adv, k, m;
	uint32_t f[3];
	unsigned char enc[4];

	out->len = 0;
	for (i = 0; i < len; i += adv) {
		/* ASCII folds to itself but for A-Z. */
		if (u[i] < 0x80) {
			if (sfb_buf_putc(out, (char)(u[i] >= 'A' && u[i] <= 'Z' ?
			    u[i] | 0x20 : u[i])) < 0)
				return -1;
			adv = 1;
			continue;
		}
		m = sfb_ucd_casefold(sfb_utf8_next(u + i, len - i, &adv), f);
		for (k = 0; k < m; k++)
			if (sfb_buf_put(out, enc, sfb_utf8_put(f[k], enc)) < 0)
				return -1;
	}
	return 0;
}

static int
oom(struct sfb_err *err)
{
	return sfb_err_set(err, SFB_EXIT_USAGE, "out of memory");
}

/* "{what}{name!r}" into err. */
static int
refuse_repr(struct sfb_sha_set *set, struct sfb_err *err, const char *what,
    const char *name, size_t len)
{
	set->msg.len = 0;
	if (sfb_pyrepr_str(&set->msg, name, len) < 0)
		return oom(err);
	return sfb_err_set(err, SFB_EXIT_USAGE, "%s%.*s", what,
	    (int)set->msg.len, set->msg.p);
}

/* The type of base in the cached directory as its listing tells it,
 * reading the listing further as far as the names looked up there pay
 * for; DT_UNKNOWN when not known.  A directory entry read costs far less
 * than a lookup, but a directory is worth reading only when the manifest
 * names many of its files. */
static int
listed_type(struct sfb_sha_set *set, const char *base, size_t blen)
{
	_Alignas(struct dirent64) char buf[8192];
	ssize_t k, off;
	int v;

	for (;;) {
		if ((v = seen_get(&set->listing, base, blen)) != 0)
			return v - 1;
		if (set->listed != 0 || set->listing.n >= 64 * set->hits)
			return DT_UNKNOWN;
		k = getdents64(set->dirfd, buf, sizeof buf);
		if (k <= 0) {
			set->listed = k == 0 ? 1 : -1;
			continue;
		}
		for (off = 0; off < k; ) {
			struct dirent64 *d = (struct dirent64 *)(buf + off);

			if (seen_insert(&set->listing, d->d_name,
			    strlen(d->d_name), d->d_type + 1) < 0) {
				set->listed = -1;
				break;
			}
			off += d->d_reclen;
		}
	}
}

/* Resolve root/name into set->resolved, the directory part through the
 * cache.  Resolving "dir" and then "base" from its result is what the walk
 * does anyway, one component after the other.  The last component costs
 * one lookup in the cached directory unless it is a link; the walk, with
 * its lstat(2) of the whole path, is left for links. */
static int
resolve_cached(struct sfb_sha_set *set, const char *root, const char *name,
    size_t len, mode_t *mode)
{
	const char *base = name + len, *dir;
	size_t dlen, blen, rlen = strlen(root), pre;
	struct stat st;
	mode_t dmode;
	int r;

	while (base > name && base[-1] != '/')
		base--;
	dlen = base > name ? (size_t)(base - 1 - name) : 0;
	blen = len - (size_t)(base - name);
	if (!(set->dir_root.len == rlen && set->dir_name.len == dlen &&
	    memcmp(set->dir_root.p, root, rlen) == 0 &&
	    memcmp(set->dir_name.p, name, dlen) == 0)) {
		set->dir_root.len = set->dir_name.len = 0;
		if (set->dirfd >= 0)
			close(set->dirfd);
		set->dirfd = -1;
		if (set->listing.n)
			seen_clear(&set->listing);
		set->hits = 0;
		set->listed = 0;
		set->dir_resolved.len = 0;
		r = dlen ? resolve(root, name, dlen, &set->dir_resolved, &dmode) :
		    put_z(&set->dir_resolved, root, rlen) < 0 ? -2 : 0;
		if (r)
			return r;
		if (put_z(&set->dir_root, root, rlen) < 0 ||
		    put_z(&set->dir_name, name, dlen) < 0) {
			set->dir_root.len = set->dir_name.len = 0;
			return -2;
		}
	}
	dir = set->dir_resolved.p;
	/* The directory is opened for its second name: one name alone costs
	 * less looked up by its whole path.  A directory that may be
	 * searched but not read is still good for lookups. */
	if (++set->hits == 2) {
		set->dirfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		if (set->dirfd < 0)
			set->dirfd = open(dir, O_PATH | O_DIRECTORY | O_CLOEXEC);
	}
	/* Paths too long for the kernel, and ".", keep to the walk, which
	 * sees them the way every later open does. */
	if (set->dirfd < 0 || (blen == 1 && base[0] == '.') ||
	    set->dir_resolved.len + 1 + blen >= PATH_MAX)
		return resolve(dir, base, blen, &set->resolved, mode);
	pre = strcmp(dir, "/") ? set->dir_resolved.len : 0;
	set->resolved.len = 0;
	if (put_z(&set->resolved, dir, pre) < 0 ||
	    sfb_buf_putc(&set->resolved, '/') < 0 ||
	    put_z(&set->resolved, base, blen) < 0)
		return -2;
	r = listed_type(set, base, blen);
	if (r != DT_UNKNOWN && r != DT_LNK) {
		*mode = DTTOIF(r);
		return 0;
	}
	/* A component that cannot be looked at is kept as written, as the
	 * walk keeps it. */
	*mode = 0;
	if (fstatat(set->dirfd, set->resolved.p + pre + 1, &st,
	    AT_SYMLINK_NOFOLLOW) < 0)
		return 0;
	if (!S_ISLNK(st.st_mode)) {
		*mode = st.st_mode;
		return 0;
	}
	return resolve(dir, base, blen, &set->resolved, mode);
}

/* Check name (valid UTF-8) under root and add it as an entry. */
static int
add_entry(struct sfb_sha_set *set, const char *name, size_t len,
    const char *root, unsigned long line, int manifest,
    const unsigned char *expected, struct sfb_err *err)
{
	struct sfb_sha_entry *e;
	size_t rlen = strlen(root);
	mode_t mode;
	char *path;
	int r;

	if (!sfb_sha_name_ok(name, len))
		return refuse_repr(set, err, "Invalid release-relative path: ",
		    name, len);
	r = resolve_cached(set, root, name, len, &mode);
	if (r == -2)
		return oom(err);
	if (r == -1)
		return refuse_repr(set, err, "Symlink loop from ", name, len);
	if (!within(set->resolved.p, root))
		return refuse_repr(set, err, "Release path escapes its root: ",
		    name, len);
	if (casefold(&set->fold, name, len) < 0)
		return oom(err);
	r = seen_insert(&set->seen, set->fold.p ? set->fold.p : "",
	    set->fold.len, 1);
	if (r < 0)
		return oom(err);
	if (r == 0)
		return sfb_err_set(err, SFB_EXIT_USAGE,
		    "Duplicate checksum path: %.*s", (int)len, name);

	if (set->n == set->cap) {
		size_t cap = set->cap ? set->cap * 2 : 256;
		void *p = realloc(set->e, cap * sizeof set->e[0]);

		if (!p)
			return oom(err);
		set->e = p;
		set->cap = cap;
	}
	if (strcmp(root, "/") == 0)
		rlen = 0;
	path = malloc(rlen + 1 + len + 1);
	if (!path)
		return oom(err);
	memcpy(path, root, rlen);
	path[rlen] = '/';
	memcpy(path + rlen + 1, name, len);
	path[rlen + 1 + len] = '\0';
	e = &set->e[set->n++];
	memset(e, 0, sizeof *e);
	e->path = path;
	e->name = path + rlen + 1;
	e->base = rlen + 1 + len;
	while (e->base > rlen + 1 && path[e->base - 1] != '/')
		e->base--;
	e->name_len = len;
	e->line = line;
	e->manifest = manifest;
	e->regular = S_ISREG(mode);
	if (expected)
		memcpy(e->expected, expected, 32);
	return 0;
}

/* Each hex digit's value plus one; 0 for every other byte. */
static const unsigned char hex1[256] = {
	['0'] = 1, ['1'] = 2, ['2'] = 3, ['3'] = 4, ['4'] = 5,
	['5'] = 6, ['6'] = 7, ['7'] = 8, ['8'] = 9, ['9'] = 10,
	['a'] = 11, ['b'] = 12, ['c'] = 13, ['d'] = 14, ['e'] = 15, ['f'] = 16,
	['A'] = 11, ['B'] = 12, ['C'] = 13, ['D'] = 14, ['E'] = 15, ['F'] = 16,
};

static int
blank(const unsigned char *s, size_t n)
{
	size_t i, adv;

	for (i = 0; i < n; i += adv)
		if (!sfb_ucd_isspace(sfb_utf8_next(s + i, n - i, &adv)))
			return 0;
	return 1;
}

/* The entry regex ([0-9a-fA-F]{64}) [ *](.+), matched in full. */
static int
match_line(const unsigned char *s, size_t n, unsigned char digest[32])
{
	size_t i;

	if (n < 67 || s[64] != ' ' || (s[65] != ' ' && s[65] != '*'))
		return 0;
	for (i = 0; i < 64; i += 2) {
		int hi = hex1[s[i]] - 1, lo = hex1[s[i + 1]] - 1;

		if ((hi | lo) < 0)
			return 0;
		digest[i / 2] = (unsigned char)(hi << 4 | lo);
	}
	return 1;
}

int
sfb_sha_set_parse(struct sfb_sha_set *set, int manifest, const char *text,
    size_t len, const char *root, struct sfb_err *err)
{
	const unsigned char *s = (const unsigned char *)text;
	unsigned long line = 1;
	unsigned char digest[32];
	size_t i, start, b, before = set->n;
	int r;

	/* Python decodes the whole file before looking at any line. */
	for (i = 0; i < len; i += b) {
		b = 8;
		if (i + 8 <= len && plain8(s + i))
			continue;
		b = 1;
		if (plain(s[i]))
			continue;
		if ((b = line_break(s, len, i)) != 0) {
			line++;
			continue;
		}
		b = utf8_len(s + i, len - i);
		if (b == 0) {
			err->line = line;
			return sfb_err_set(err, SFB_EXIT_USAGE,
			    "invalid UTF-8");
		}
	}
	seen_clear(&set->seen);
	/* Room for every entry the text can hold (67 bytes and a break
	 * each) spares growing the table in steps. */
	seen_reserve(&set->seen, len / 68 + 1);
	line = 0;
	for (start = i = 0; start < len; start = i + b) {
		b = 0;
		for (i = start; i < len; i++) {
			if (i + 8 <= len && plain8(s + i))
				i += 7;
			else if (!plain(s[i]) && (b = line_break(s, len, i)))
				break;
		}
		line++;
		if (blank(s + start, i - start))
			continue;
		if (!match_line(s + start, i - start, digest)) {
			err->line = line;
			return sfb_err_set(err, SFB_EXIT_USAGE,
			    "Malformed SHA-256 manifest entry at line %lu",
			    line);
		}
		r = add_entry(set, text + start + 66, i - start - 66, root, line,
		    manifest, digest, err);
		if (r) {
			err->line = line;
			return r;
		}
	}
	if (set->n == before) {
		err->line = 0;
		return sfb_err_set(err, SFB_EXIT_USAGE,
		    "Checksum manifest is empty");
	}
	return 0;
}

int
sfb_sha_set_add(struct sfb_sha_set *set, const char *name, size_t len,
    const char *root, struct sfb_err *err)
{
	const unsigned char *s = (const unsigned char *)name;
	size_t i, b;

	for (i = 0; i < len; i += b) {
		b = utf8_len(s + i, len - i);
		if (b == 0)
			return sfb_err_set(err, SFB_EXIT_USAGE,
			    "invalid UTF-8 in name");
		/* A manifest line could not carry it. */
		if (line_break(s, len, i))
			return refuse_repr(set, err,
			    "Invalid release-relative path: ", name, len);
	}
	return add_entry(set, name, len, root, 0, 0, NULL, err);
}
