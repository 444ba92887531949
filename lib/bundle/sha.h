/* sha.h - SHA-256 manifests: parsing with the reference's refusal rules,
 * path safety, and hashing many files in parallel.
 *
 * A manifest line is 64 hex digits (any case), a space, a space or '*', and
 * a name relative to the manifest's directory.  Every refusal (malformed
 * line, unsafe name, escape through links, duplicate under str.casefold(),
 * empty manifest) happens while entries are added, before anything is
 * hashed; its message is the reference's (reviewer_verify.py).
 *
 * Ownership: a struct sfb_sha_set owns its entries and their strings; the
 * pointers it hands out stay valid until sfb_sha_set_free.  A struct
 * sfb_sha_run borrows the set, which must outlive it.  Both _free(NULL)
 * are no-ops. */
#ifndef SFB_SHA_H
#define SFB_SHA_H

#include <stddef.h>
#include <stdint.h>

#include "core/buf.h"
#include "core/err.h"

enum sfb_sha_status {
	SFB_SHA_PENDING,	/* not hashed yet */
	SFB_SHA_OK,
	SFB_SHA_MISMATCH,
	SFB_SHA_MISSING,	/* absent, or not a regular file */
	SFB_SHA_UNREADABLE,	/* a regular file that could not be read */
};

struct sfb_sha_entry {
	const char *name;	/* as written, NUL-terminated (no NUL inside) */
	size_t name_len;
	const char *path;	/* the directory joined with name, to open */
	size_t base;		/* where the last component starts in path */
	unsigned long line;	/* manifest line, 0 for names given directly */
	int manifest;		/* index of the manifest it came from */
	int regular;		/* seen as a regular file when checked */
	unsigned char expected[32];
	/* Filled by the run; read them only once sfb_sha_run_wait said so. */
	int status;		/* enum sfb_sha_status */
	int err;		/* errno when not ok (0: not a regular file) */
	unsigned char actual[32];
};

struct sfb_sha_set;

struct sfb_sha_set *sfb_sha_set_new(void);
void sfb_sha_set_free(struct sfb_sha_set *set);

/* Add the entries of one manifest, text[0..len), whose names are relative
 * to the directory root (an absolute path without links, as realpath(3)
 * gives).  Lines are split the way Python's str.splitlines() splits the
 * decoded text.  Returns 0, or SFB_EXIT_USAGE with err->line and err->msg
 * set (err->line is 0 for an empty manifest); entries added before a
 * refusal stay.  Duplicates are looked for within this manifest only. */
int sfb_sha_set_parse(struct sfb_sha_set *set, int manifest,
    const char *text, size_t len, const char *root, struct sfb_err *err);

/* Add one name to be hashed without an expected digest (for writing a
 * manifest).  The same rules apply, across every name added this way,
 * plus those a manifest line could not carry (line breaks, invalid UTF-8).
 * Returns 0 or SFB_EXIT_USAGE with err->msg set. */
int sfb_sha_set_add(struct sfb_sha_set *set, const char *name, size_t len,
    const char *root, struct sfb_err *err);

size_t sfb_sha_set_count(const struct sfb_sha_set *set);
struct sfb_sha_entry *sfb_sha_set_entry(struct sfb_sha_set *set, size_t i);

/* Order the entries by name, byte by byte. */
void sfb_sha_set_sort(struct sfb_sha_set *set);

/* The lexical rule for a release-relative name: non-empty, no '\\', ':' or
 * NUL, not absolute, no ".." component, and in the normal form Python's
 * PurePosixPath prints (no "." component except the name ".", no empty
 * component).  1 when the name is acceptable. */
int sfb_sha_name_ok(const char *name, size_t len);

/* Resolve root/name the way Python's Path.resolve() does without strict:
 * links are followed, components that do not exist are kept as written.
 * root must already be resolved.  Returns 0 with the NUL-terminated result
 * in out, -1 on a symbolic-link loop, -2 when out of memory. */
int sfb_sha_resolve(const char *root, const char *name, size_t len,
    struct sfb_buf *out);

/* SHA-256 on the CPU's SHA extensions (x86-64), for files hashed two at a
 * time.  The functions below exist when SFB_SHA256_NI is 1 and may be
 * called only when sfb_sha256_fast() returned 1; libcrypto is the way
 * otherwise. */
#if defined(__x86_64__) && defined(__GNUC__)
#define SFB_SHA256_NI 1
#else
#define SFB_SHA256_NI 0
#endif

struct sfb_sha256 {
	uint32_t st[8];		/* the state, in the instructions' order */
	uint64_t len;		/* bytes taken in */
	unsigned char blk[64];	/* a partial block */
	size_t blen;
};

/* 1 when this CPU has the SHA extensions (and SSSE3, SSE4.1). */
int sfb_sha256_fast(void);

void sfb_sha256_init(struct sfb_sha256 *c);
void sfb_sha256_update(struct sfb_sha256 *c, const void *data, size_t n);

/* nblocks * 64 bytes into each of a and b at once; both must hold no
 * partial block (every update so far a multiple of 64 bytes). */
void sfb_sha256_update2(struct sfb_sha256 *a, const void *pa,
    struct sfb_sha256 *b, const void *pb, size_t nblocks);

/* The digest; c must be initialised again before further use. */
void sfb_sha256_final(struct sfb_sha256 *c, unsigned char out[32]);

/* Flags of sfb_sha_run_start.  HELPS: the caller is one of the jobs; it
 * hashes inside sfb_sha_run_wait instead of sleeping (and jobs - 1 threads
 * are started), which saves a thread switch a file; a caller that must
 * wake up on time (a progress display) leaves it unset.  LIBCRYPTO: hash
 * with libcrypto even where the SHA extensions are (for tests). */
enum {
	SFB_SHA_HELPS = 1,
	SFB_SHA_LIBCRYPTO = 2,
};

/* Hash every entry of set on up to jobs threads (no more than one per
 * entry, or per two entries with the SHA extensions, where a thread hashes
 * two files at once).  Entries are taken in
 * order, so results arrive roughly in order.  NULL when threads or memory
 * could not be had (errno set). */
struct sfb_sha_run *sfb_sha_run_start(struct sfb_sha_set *set, int jobs,
    int flags);

/* Wait up to timeout_ms (negative: without limit) for entry i; 1 when its
 * status is set, 0 on timeout.  A helping caller may hash other entries
 * meanwhile and so overrun the timeout. */
int sfb_sha_run_wait(struct sfb_sha_run *run, size_t i, int timeout_ms);

/* Files finished and bytes hashed so far, for a progress display. */
void sfb_sha_run_progress(struct sfb_sha_run *run, size_t *files,
    uint64_t *bytes);

/* Stop the workers (unfinished entries stay pending) and release the run. */
void sfb_sha_run_free(struct sfb_sha_run *run);

#endif
