/* sha_run.c - hash the entries of a manifest on a pool of threads, each
 * thread hashing two files at a time: with the CPU's SHA extensions the
 * two digests are computed interleaved (sha256.c), about 1.7 times as fast
 * as one after the other; without them libcrypto hashes each file in turn.
 * Every file is streamed through a fixed buffer, so memory does not grow
 * with file size.  Threads take entries in manifest order from a shared
 * counter; the caller collects results in that order. */
#define _GNU_SOURCE		/* O_NOATIME, O_PATH */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <openssl/evp.h>

#include "bundle/sha.h"

/* Large enough that syscalls cost nothing next to hashing; small enough
 * that the two buffers of a thread stay in its L2 cache between read(2)
 * and the digest.  Buffers are page-aligned: copying out of the page cache
 * into a misaligned one cost five times the system time (measured: 0.55 s
 * against 0.10 s a GB). */
#define CHUNK (128 * 1024)
#define LANES 2
#define MAX_JOBS 256
#define NONE ((size_t)-1)

/* One file being hashed. */
struct lane {
	size_t i;		/* its entry, or NONE */
	int fd;
	unsigned char *buf;
	size_t len, off;	/* bytes in buf, and how many of them hashed */
	uint64_t size, got;	/* fstat's size, bytes read so far */
	int eof;
	struct sfb_sha256 sha;
	EVP_MD_CTX *ctx;	/* instead of sha, without the extensions */
};

/* What one thread hashes with. */
struct hasher {
	struct sfb_sha_run *run;
	struct lane lane[LANES];
	/* Files are opened relative to their directory, which costs the
	 * kernel one lookup instead of one a component.  Manifests list the
	 * files of a directory together, so one open directory serves; it is
	 * opened for the second file, the first opened by its whole path. */
	struct sfb_buf dir;
	int dirfd;		/* -2: not opened yet, -1: cannot be */
	int noatime;		/* O_NOATIME not refused yet */
	/* Written by this hasher's thread only, read for progress: counters
	 * shared by the threads would move a cache line between processors
	 * for every file. */
	atomic_size_t files;
	atomic_uint_least64_t bytes;
};

struct sfb_sha_run {
	struct sfb_sha_set *set;
	size_t n;
	EVP_MD *md;
	int ni;			/* hash with the SHA extensions */
	atomic_int stop;
	/* done[i] is set once entry i's results are written; the lock and
	 * the condition are used only while the caller sleeps. */
	atomic_uchar *done;
	atomic_int waiting;
	/* The next entry to hash, taken by every thread for every file: on a
	 * cache line of its own, so that taking it does not take the fields
	 * above away from the other processors. */
	char pad0[64];
	atomic_size_t next;
	char pad1[64];
	pthread_mutex_t lock;
	pthread_cond_t cond;
	pthread_t tid[MAX_JOBS];
	int nthreads;
	/* One a thread; the first is the caller's own when it helps. */
	struct hasher *hasher[MAX_JOBS];
	int nhashers;
	struct hasher *helper;
};

/* Entry i is finished: its results are visible to the caller from now. */
static void
publish(struct hasher *h, size_t i, int st, const unsigned char *d,
    int errnum)
{
	struct sfb_sha_run *run = h->run;
	struct sfb_sha_entry *e = sfb_sha_set_entry(run->set, i);

	if (atomic_load(&run->stop))
		return;
	if (st == SFB_SHA_OK) {
		memcpy(e->actual, d, 32);
		if (memcmp(d, e->expected, 32) != 0)
			st = SFB_SHA_MISMATCH;
	} else {
		e->err = errnum;
	}
	e->status = st;
	atomic_store_explicit(&h->files, atomic_load_explicit(&h->files,
	    memory_order_relaxed) + 1, memory_order_relaxed);
	/* Sequentially consistent with the caller's store to waiting and
	 * load of done[i]: one of the two sees the other, so no wake-up is
	 * lost. */
	atomic_store(&run->done[i], 1);
	if (atomic_load(&run->waiting)) {
		pthread_mutex_lock(&run->lock);
		pthread_cond_broadcast(&run->cond);
		pthread_mutex_unlock(&run->lock);
	}
}

static void
hasher_free(struct hasher *h)
{
	int k;

	if (!h)
		return;
	for (k = 0; k < LANES; k++) {
		if (h->lane[k].i != NONE)
			close(h->lane[k].fd);
		free(h->lane[k].buf);
		EVP_MD_CTX_free(h->lane[k].ctx);
	}
	if (h->dirfd >= 0)
		close(h->dirfd);
	sfb_buf_free(&h->dir);
	free(h);
}

static struct hasher *
hasher_new(struct sfb_sha_run *run)
{
	struct hasher *h = calloc(1, sizeof *h);
	int k;

	if (!h)
		return NULL;
	h->run = run;
	h->dirfd = -1;
	h->noatime = 1;
	for (k = 0; k < LANES; k++)
		h->lane[k].i = NONE;
	for (k = 0; k < LANES; k++) {
		struct lane *l = &h->lane[k];

		l->buf = aligned_alloc(4096, CHUNK);
		if (!run->ni)
			l->ctx = EVP_MD_CTX_new();
		if (!l->buf || (!run->ni && !l->ctx)) {
			hasher_free(h);
			return NULL;
		}
	}
	return h;
}

/* A descriptor of the directory of e's path, and the name of e's file in
 * it; AT_FDCWD and the whole path when the directory cannot be opened
 * (the open of the file then fails the way it always did). */
static int
dir_of(struct hasher *h, const struct sfb_sha_entry *e, const char **rel)
{
	const char *dir = e->path;
	size_t dlen = e->base > 1 ? e->base - 1 : 1;	/* "/" for the root */

	/* A path too long for the kernel fails as it always did. */
	if ((size_t)(e->name - e->path) + e->name_len >= PATH_MAX) {
		*rel = e->path;
		return AT_FDCWD;
	}
	if (h->dir.len != dlen || memcmp(h->dir.p, dir, dlen) != 0) {
		if (h->dirfd >= 0)
			close(h->dirfd);
		h->dirfd = -1;
		h->dir.len = 0;
		if (sfb_buf_put(&h->dir, dir, dlen) == 0 &&
		    sfb_buf_putc(&h->dir, '\0') == 0) {
			h->dir.len--;
			h->dirfd = -2;
		} else {
			h->dir.len = 0;
		}
	} else if (h->dirfd == -2) {
		h->dirfd = open(h->dir.p, O_PATH | O_DIRECTORY | O_CLOEXEC);
	}
	if (h->dirfd < 0) {
		*rel = e->path;
		return AT_FDCWD;
	}
	*rel = e->path + e->base;
	return h->dirfd;
}

/* Open entry e for hashing: SFB_SHA_OK with *fd and *size, or the status
 * to report.  Only regular files are opened, so a FIFO or a device named
 * in a manifest can neither block nor be disturbed: the type is known from
 * the check of the name (or looked up now), and confirmed on the open
 * descriptor. */
static int
open_entry(struct hasher *h, const struct sfb_sha_entry *e, int *fd,
    uint64_t *size, int *errnum)
{
	const int flags = O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK;
	const char *rel;
	int at = dir_of(h, e, &rel);
	struct stat st;

	*errnum = 0;
	if (!e->regular) {
		if (fstatat(at, rel, &st, 0) < 0) {
			*errnum = errno;
			return SFB_SHA_MISSING;
		}
		if (!S_ISREG(st.st_mode))
			return SFB_SHA_MISSING;
	}
	/* Not updating the access time spares an inode write; it is allowed
	 * on one's own files only. */
	*fd = openat(at, rel, flags | (h->noatime ? O_NOATIME : 0));
	if (*fd < 0 && errno == EPERM && h->noatime) {
		h->noatime = 0;
		*fd = openat(at, rel, flags);
	}
	if (*fd < 0) {
		*errnum = errno;
		return errno == ENOENT || errno == ENOTDIR ? SFB_SHA_MISSING :
		    SFB_SHA_UNREADABLE;
	}
	if (fstat(*fd, &st) < 0 || !S_ISREG(st.st_mode)) {
		close(*fd);
		return SFB_SHA_MISSING;
	}
	*size = (uint64_t)st.st_size;
	/* Small files gain nothing from the advice but pay its syscall. */
	if (st.st_size > CHUNK)
		posix_fadvise(*fd, 0, 0, POSIX_FADV_SEQUENTIAL);
	return SFB_SHA_OK;
}

/* Give an idle lane the next entry that can be opened; 0 when none is
 * left. */
static int
lane_start(struct sfb_sha_run *run, struct hasher *h, struct lane *l)
{
	size_t i;
	int st, errnum;

	while (!atomic_load_explicit(&run->stop, memory_order_relaxed) &&
	    (i = atomic_fetch_add(&run->next, 1)) < run->n) {
		st = open_entry(h, sfb_sha_set_entry(run->set, i), &l->fd,
		    &l->size, &errnum);
		if (st != SFB_SHA_OK) {
			publish(h, i, st, NULL, errnum);
			continue;
		}
		if (run->ni) {
			sfb_sha256_init(&l->sha);
		} else if (!EVP_DigestInit_ex(l->ctx, run->md, NULL)) {
			close(l->fd);
			publish(h, i, SFB_SHA_UNREADABLE, NULL, EIO);
			continue;
		}
		l->i = i;
		l->len = l->off = 0;
		l->got = 0;
		l->eof = 0;
		return 1;
	}
	return 0;
}

static void
lane_end(struct hasher *h, struct lane *l, int st, int errnum)
{
	unsigned char d[32];
	unsigned int dlen = 32;

	close(l->fd);
	if (st == SFB_SHA_OK) {
		if (h->run->ni)
			sfb_sha256_final(&l->sha, d);
		else if (!EVP_DigestFinal_ex(l->ctx, d, &dlen) || dlen != 32)
			st = SFB_SHA_UNREADABLE, errnum = EIO;
	}
	publish(h, l->i, st, d, errnum);
	l->i = NONE;
}

/* Read the lane's next chunk; -1 when reading failed (the lane is then
 * finished). */
static int
lane_read(struct hasher *h, struct lane *l)
{
	ssize_t k;

	do
		k = read(l->fd, l->buf, CHUNK);
	while (k < 0 && errno == EINTR);
	if (k < 0) {
		lane_end(h, l, SFB_SHA_UNREADABLE, errno);
		return -1;
	}
	l->len = (size_t)k;
	l->off = 0;
	l->got += (uint64_t)k;
	atomic_store_explicit(&h->bytes, atomic_load_explicit(&h->bytes,
	    memory_order_relaxed) + (uint64_t)k, memory_order_relaxed);
	/* A short read that reaches the size fstat reported is the end: it
	 * spares the read that would return 0, one syscall a file.  A short
	 * read before that size (a network file system) goes on reading. */
	if (k == 0 || ((size_t)k < CHUNK && l->got >= l->size))
		l->eof = 1;
	return 0;
}

/* Hash n more bytes of the lane's buffer on their own. */
static int
lane_hash(struct sfb_sha_run *run, struct lane *l, size_t n)
{
	if (run->ni)
		sfb_sha256_update(&l->sha, l->buf + l->off, n);
	else if (!EVP_DigestUpdate(l->ctx, l->buf + l->off, n))
		return -1;
	l->off += n;
	return 0;
}

/* One round of work: every lane gets bytes to hash (or its end), the
 * bytes of both lanes are hashed together as far as they go, and finished
 * files are published.  0 when nothing is left to hash. */
static int
step(struct sfb_sha_run *run, struct hasher *h)
{
	struct lane *a = &h->lane[0], *b = &h->lane[1], *l;
	int k, active = 0;

	if (atomic_load_explicit(&run->stop, memory_order_relaxed))
		return 0;
	for (k = 0; k < LANES; k++) {
		l = &h->lane[k];
		for (;;) {
			if (l->i == NONE && !lane_start(run, h, l))
				break;
			if (l->off < l->len || l->eof)
				break;
			lane_read(h, l);
		}
		active += l->i != NONE;
	}
	if (!active)
		return 0;
	if (run->ni && a->i != NONE && b->i != NONE &&
	    a->sha.blen == 0 && b->sha.blen == 0) {
		size_t na = (a->len - a->off) / 64, nb = (b->len - b->off) / 64;
		size_t m = na < nb ? na : nb;

		if (m > 0) {
			sfb_sha256_update2(&a->sha, a->buf + a->off, &b->sha,
			    b->buf + b->off, m);
			a->off += m * 64;
			b->off += m * 64;
		}
	}
	for (k = 0; k < LANES; k++) {
		struct lane *other = &h->lane[1 - k];
		size_t left;

		l = &h->lane[k];
		if (l->i == NONE)
			continue;
		left = l->len - l->off;
		/* Whole blocks wait for the other lane to have bytes again
		 * (from its next file, if it has just finished one), unless
		 * it cannot pair with this one. */
		if (left > 0 && (left < 64 || !run->ni || l->sha.blen != 0 ||
		    (other->i == NONE ? atomic_load(&run->next) >= run->n :
		    other->sha.blen != 0)) &&
		    lane_hash(run, l, left) < 0) {
			lane_end(h, l, SFB_SHA_UNREADABLE, EIO);
			continue;
		}
		if (l->eof && l->off == l->len)
			lane_end(h, l, SFB_SHA_OK, 0);
	}
	return 1;
}

static void *
worker(void *arg)
{
	struct hasher *h = arg;

	while (step(h->run, h))
		;
	return NULL;
}

struct sfb_sha_run *
sfb_sha_run_start(struct sfb_sha_set *set, int jobs, int flags)
{
	struct sfb_sha_run *run = calloc(1, sizeof *run);
	pthread_condattr_t ca;
	size_t i;
	int t;

	if (!run)
		return NULL;
	run->set = set;
	run->n = sfb_sha_set_count(set);
	run->ni = !(flags & SFB_SHA_LIBCRYPTO) && sfb_sha256_fast();
	pthread_mutex_init(&run->lock, NULL);
	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	pthread_cond_init(&run->cond, &ca);
	pthread_condattr_destroy(&ca);
	if (jobs < 1)
		jobs = 1;
	if (jobs > MAX_JOBS)
		jobs = MAX_JOBS;
	/* With the SHA extensions a thread hashes two files at a time;
	 * through libcrypto one after the other. */
	if (run->ni && (size_t)jobs > (run->n + 1) / 2)
		jobs = run->n > 1 ? (int)((run->n + 1) / 2) : 1;
	else if (!run->ni && (size_t)jobs > run->n)
		jobs = run->n > 1 ? (int)run->n : 1;
	run->done = malloc((run->n ? run->n : 1) * sizeof run->done[0]);
	/* Loading libcrypto's configuration costs milliseconds before any
	 * thread starts: only when it hashes. */
	if (!run->ni)
		run->md = EVP_MD_fetch(NULL, "SHA256", NULL);
	if (!run->done || (!run->ni && !run->md))
		goto nomem;
	for (i = 0; i < run->n; i++)
		atomic_init(&run->done[i], 0);
	/* Fewer threads than asked still finish the work. */
	for (t = 0; t < jobs; t++) {
		if (!(run->hasher[t] = hasher_new(run)))
			break;
		run->nhashers++;
	}
	if (run->nhashers == 0)
		goto nomem;
	if (flags & SFB_SHA_HELPS)
		run->helper = run->hasher[0];
	for (t = run->helper ? 1 : 0; t < run->nhashers; t++) {
		int e = pthread_create(&run->tid[run->nthreads], NULL, worker,
		    run->hasher[t]);

		if (e) {
			if (run->nthreads > 0 || run->helper)
				break;
			sfb_sha_run_free(run);
			errno = e;
			return NULL;
		}
		run->nthreads++;
	}
	return run;
nomem:
	sfb_sha_run_free(run);
	errno = ENOMEM;
	return NULL;
}

int
sfb_sha_run_wait(struct sfb_sha_run *run, size_t i, int timeout_ms)
{
	struct timespec until;

	/* A helping caller hashes instead of sleeping: with -j 1 no thread
	 * is started at all. */
	while (run->helper && timeout_ms != 0) {
		if (atomic_load(&run->done[i]))
			return 1;
		if (!step(run, run->helper))
			break;
	}
	if (atomic_load(&run->done[i]))
		return 1;
	if (timeout_ms == 0)
		return 0;
	clock_gettime(CLOCK_MONOTONIC, &until);
	until.tv_sec += timeout_ms / 1000;
	until.tv_nsec += (long)(timeout_ms % 1000) * 1000000L;
	if (until.tv_nsec >= 1000000000L) {
		until.tv_sec++;
		until.tv_nsec -= 1000000000L;
	}
	pthread_mutex_lock(&run->lock);
	atomic_store(&run->waiting, 1);
	while (!atomic_load(&run->done[i])) {
		if (timeout_ms < 0)
			pthread_cond_wait(&run->cond, &run->lock);
		else if (pthread_cond_timedwait(&run->cond, &run->lock,
		    &until) == ETIMEDOUT)
			break;
	}
	atomic_store(&run->waiting, 0);
	pthread_mutex_unlock(&run->lock);
	return atomic_load(&run->done[i]);
}

void
sfb_sha_run_progress(struct sfb_sha_run *run, size_t *files, uint64_t *bytes)
{
	int t;

	*files = 0;
	*bytes = 0;
	for (t = 0; t < run->nhashers; t++) {
		*files += atomic_load_explicit(&run->hasher[t]->files,
		    memory_order_relaxed);
		*bytes += atomic_load_explicit(&run->hasher[t]->bytes,
		    memory_order_relaxed);
	}
}

void
sfb_sha_run_free(struct sfb_sha_run *run)
{
	int i;

	if (!run)
		return;
	atomic_store(&run->stop, 1);
	for (i = 0; i < run->nthreads; i++)
		pthread_join(run->tid[i], NULL);
	pthread_mutex_destroy(&run->lock);
	pthread_cond_destroy(&run->cond);
	for (i = 0; i < run->nhashers; i++)
		hasher_free(run->hasher[i]);
	EVP_MD_free(run->md);
	free(run->done);
	free(run);
}
