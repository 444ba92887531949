/* looppar.c - the record loop on several threads, with the output and the
 * errors of the loop on one.
 *
 * A reader thread cuts the input into blocks of whole lines (about
 * BLOCK bytes, less when a pipe has no more for now); workers take the
 * blocks in order, each with its own context, and append each block's
 * output to the block; the calling thread writes the blocks' output in
 * input order.  A block that fails keeps the output of its lines before
 * the failing one and its error; the writer stops there, so what is
 * written, and the error, are those of sfb_loop_run.  Line numbers are
 * counted by the workers and made absolute by the writer, which sees the
 * blocks in order.  Every shared field is read and written under the
 * mutex; a block's buffers belong to whoever moved it to its state.
 *
 * Threads pay only when this stage is what everything waits for and a
 * processor is free for them.  In a pipeline on a busy machine they cost
 * CPU (hand-offs, wake-ups, caches) and gain nothing: the stage waits
 * for its input or its output, or the processors are all taken by the
 * other stages.  So when the output goes to a pipe (to the next stage;
 * a stage writing to a file starts its threads at once), the blocks are
 * first done on the calling thread alone, in the same order and with the
 * same code as the threads would do them, and the threads start only
 * after SWITCH_AFTER spans of a block's size in a row (run_here does
 * smaller blocks) during which this thread ran all the time (its CPU time at least 9/10 of the wall time: it neither
 * waited nor was kept off a processor) and fewer tasks were runnable
 * than there are processors.  The output is the same either way, and so
 * is the error (file, line, message). */
#define _GNU_SOURCE     /* pipe2 */
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "core/loop.h"

#define BLOCK SFB_OUT_FLUSH_AT
#define HERE_BLOCK (256 * 1024)
#define SWITCH_AFTER 2

long sfb_loop_switch_after = -1;

enum { FREE, READY, BUSY, DONE };

struct blk {
	struct sfb_buf in;      /* whole lines, "\n"s included */
	struct sfb_buf out;     /* the output of its records */
	const char *name;       /* its file */
	int first;              /* the first block of its file */
	unsigned long nlines;   /* lines in it, counted by its worker */
	int state;
	struct sfb_err err;     /* status 0, or the error of line err.line
	                         * of the block */
};

struct par {
	pthread_mutex_t mu;
	pthread_cond_t cv;      /* broadcast at every change of state */
	struct blk *blk;
	size_t nblk;
	unsigned long nread;    /* blocks handed out by the reader */
	unsigned long ntaken;   /* blocks taken by the workers */
	int eof;                /* the reader is done: nread is final */
	int stop;
	struct sfb_err rerr;    /* the reader's error, after block nread */
	int rfirst;             /* ... in a file with no block yet */
	struct sfb_in *in;
	sfb_rec_fn fn;
	size_t block;           /* bytes a block is cut after */
	unsigned long base;     /* lines of the current file done before the
	                         * threads started */
	unsigned long nhere;    /* blocks done on the calling thread */
	size_t flush_at;        /* its output is written at this many bytes */
};

struct worker {
	struct par *par;
	void *ctx;
	pthread_t tid;
};

static void *
reader(void *arg)
{
	struct par *par = arg;
	unsigned long seq;

	for (seq = 0;; seq++) {
		struct blk *b = &par->blk[seq % par->nblk];
		struct sfb_err e = { 0 };
		int r, first = 0;

		pthread_mutex_lock(&par->mu);
		while (!par->stop && b->state != FREE)
			pthread_cond_wait(&par->cv, &par->mu);
		if (par->stop) {
			pthread_mutex_unlock(&par->mu);
			return NULL;
		}
		pthread_mutex_unlock(&par->mu);

		r = sfb_in_block(par->in, &b->in, par->block, &first, &e);

		pthread_mutex_lock(&par->mu);
		if (r == 1) {
			b->name = sfb_in_name(par->in);
			b->first = first;
			b->state = READY;
			par->nread = seq + 1;
		} else {
			par->rerr = e;
			par->rerr.status = r;
			par->rfirst = first;
			par->eof = 1;
		}
		pthread_cond_broadcast(&par->cv);
		pthread_mutex_unlock(&par->mu);
		if (r != 1)
			return NULL;
	}
}

/* The records of one block, its lines text[0..n), as sfb_loop_run does
 * them, their output appended to out. */
static void
run_block(struct par *par, void *ctx, struct sfb_obj *obj, struct blk *b,
    const char *text, size_t n, struct sfb_buf *out)
{
	const char *p = text, *end = text + n;
	unsigned long line = 0;

	b->err.status = 0;
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t len = (size_t)((nl ? nl : end) - p);

		line++;
		if (len > 0 && p[len - 1] == '\r')
			len--;
		if (sfb_loop_line(obj, p, len, b->name, line, par->fn, ctx,
		    out, &b->err) != 0)
			break;
		p = nl ? nl + 1 : end;
	}
	b->nlines = line;
}

static void *
worker(void *arg)
{
	struct worker *w = arg;
	struct par *par = w->par;
	struct sfb_obj obj = { 0 };

	for (;;) {
		struct blk *b;

		pthread_mutex_lock(&par->mu);
		for (;;) {
			b = &par->blk[par->ntaken % par->nblk];
			if (par->stop || (par->eof && par->ntaken >= par->nread))
				b = NULL;
			else if (par->ntaken >= par->nread || b->state != READY) {
				pthread_cond_wait(&par->cv, &par->mu);
				continue;
			}
			break;
		}
		if (b == NULL) {
			pthread_mutex_unlock(&par->mu);
			break;
		}
		par->ntaken++;
		b->state = BUSY;
		pthread_mutex_unlock(&par->mu);

		b->out.len = 0;
		run_block(par, w->ctx, &obj, b, b->in.p, b->in.len, &b->out);

		pthread_mutex_lock(&par->mu);
		b->state = DONE;
		pthread_cond_broadcast(&par->cv);
		pthread_mutex_unlock(&par->mu);
	}
	sfb_obj_free(&obj);
	return NULL;
}

/* The writer: the blocks' output in order, up to the first error. */
static int
write_blocks(struct par *par, struct sfb_out *out, struct sfb_err *err)
{
	unsigned long seq, base = par->base;

	if (sfb_out_flush(out) < 0)
		goto write_error;
	for (seq = 0;; seq++) {
		struct blk *b = &par->blk[seq % par->nblk];
		int end;

		pthread_mutex_lock(&par->mu);
		while (!(seq < par->nread && b->state == DONE) &&
		    !(par->eof && seq >= par->nread))
			pthread_cond_wait(&par->cv, &par->mu);
		end = seq >= par->nread;
		pthread_mutex_unlock(&par->mu);
		if (end) {
			/* The reader's end: done, or its error. */
			if (par->rerr.status == 0)
				return 0;
			*err = par->rerr;
			if (err->line > 0)
				err->line += par->rfirst ? 0 : base;
			return err->status;
		}
		if (b->first)
			base = 0;
		if (b->out.len > 0 && sfb_out_write(out, b->out.p, b->out.len) < 0)
			goto write_error;
		if (b->err.status) {
			*err = b->err;
			err->line += base;
			return err->status;
		}
		base += b->nlines;
		pthread_mutex_lock(&par->mu);
		b->state = FREE;
		pthread_cond_broadcast(&par->cv);
		pthread_mutex_unlock(&par->mu);
	}
write_error:
	return sfb_out_failed(out, err);
}

static double
seconds(clockid_t clock)
{
	struct timespec t;

	if (clock_gettime(clock, &t) != 0)
		return 0;
	return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

/* Are fewer tasks runnable than there are processors (the fourth field
 * of /proc/loadavg, "runnable/total", counts this one)?  No when it
 * cannot be told. */
static int
processor_free(void)
{
	FILE *f = fopen("/proc/loadavg", "re");
	long ncpu = sysconf(_SC_NPROCESSORS_ONLN);
	long running = 0;
	int ok;

	if (f == NULL)
		return 0;
	ok = fscanf(f, "%*s %*s %*s %ld/", &running) == 1;
	fclose(f);
	return ok && running > 0 && running < ncpu;
}

/* Does out feed a pipe (the stage is one of a pipeline)? */
static int
to_pipe(const struct sfb_out *out)
{
	struct stat st;

	return fstat(out->fd, &st) == 0 && S_ISFIFO(st.st_mode);
}

/* The blocks on the calling thread alone, as a worker and write_blocks
 * would do them: until the end or an error (its status, err filled, the
 * output before it written), or, when may_switch, until threads would
 * pay (-1: par->base and par->nhere say where the threads take over).
 * Here the blocks are smaller (HERE_BLOCK) and the output is written
 * once par->flush_at bytes of it are buffered, as sfb_loop_run does:
 * input and output buffers a quarter the size stay in a processor's
 * cache (a third fewer cache misses in a pipeline stage, 5-6 times
 * fewer in a 2 MB cache in simulation).  Whether threads would pay is
 * judged on windows of at least a thread's block. */
static int
run_here(struct par *par, void *ctx, struct sfb_out *out, int may_switch,
    struct sfb_err *err)
{
	struct blk b = { 0 };
	struct sfb_obj obj = { 0 };
	size_t want = par->block < HERE_BLOCK ? par->block : HERE_BLOCK;
	size_t window = 0;
	double wall = seconds(CLOCK_MONOTONIC);
	double cpu = seconds(CLOCK_THREAD_CPUTIME_ID);
	int r, busy = 0;

	if (sfb_out_flush(out) < 0)
		return sfb_out_failed(out, err);
	for (;;) {
		struct sfb_err e = { 0 };
		const char *text;
		size_t n;
		int first = 0;

		if (may_switch && (sfb_loop_switch_after >= 0 ?
		    par->nhere >= (unsigned long)sfb_loop_switch_after :
		    busy >= SWITCH_AFTER)) {
			r = -1;
			break;
		}
		/* Each block is done before the next is read: a mapped
		 * file's lines need no copy. */
		r = sfb_in_block_view(par->in, &b.in, want, &text, &n,
		    &first, &e);
		if (r != 1) {
			if (r != 0) {
				*err = e;
				err->status = r;
				if (err->line > 0 && !first)
					err->line += par->base;
			}
			break;
		}
		b.name = sfb_in_name(par->in);
		if (first)
			par->base = 0;
		run_block(par, ctx, &obj, &b, text, n, &out->b);
		if (b.err.status) {
			*err = b.err;
			err->line += par->base;
			r = err->status;
			break;
		}
		if (out->b.len >= par->flush_at && sfb_out_flush(out) < 0) {
			r = sfb_out_failed(out, err);
			break;
		}
		par->base += b.nlines;
		par->nhere++;
		if ((window += n) >= par->block) {
			double w = seconds(CLOCK_MONOTONIC);
			double c = seconds(CLOCK_THREAD_CPUTIME_ID);

			busy = c - cpu >= 0.9 * (w - wall) && processor_free() ?
			    busy + 1 : 0;
			wall = w;
			cpu = c;
			window = 0;
		}
	}
	/* What came before the end, an error or the threads. */
	if (sfb_out_flush(out) < 0 && (r == 0 || r == -1))
		r = sfb_out_failed(out, err);
	sfb_obj_free(&obj);
	sfb_buf_free(&b.in);
	return r;
}

int
sfb_loop_run_par(struct sfb_in *in, struct sfb_out *out, sfb_rec_fn fn,
    void *const *ctx, size_t nctx, struct sfb_err *err)
{
	return sfb_loop_run_par_block(in, out, fn, ctx, nctx, 0, err);
}

int
sfb_loop_run_par_block(struct sfb_in *in, struct sfb_out *out,
    sfb_rec_fn fn, void *const *ctx, size_t nctx, size_t block,
    struct sfb_err *err)
{
	struct par par = { 0 };
	struct worker *w = NULL;
	pthread_t rd;
	size_t i, nw = 0;
	int r = -1, wake[2] = { -1, -1 };

	par.in = in;
	par.fn = fn;
	par.block = block ? block : BLOCK;
	par.nblk = 2 * nctx + 2;
	par.flush_at = SFB_OUT_FLUSH_AT;
	if (nctx > 1 && (sfb_loop_switch_after >= 0 || to_pipe(out))) {
		par.flush_at = sfb_out_widen_pipe(out);
		if ((r = run_here(&par, ctx[0], out, 1, err)) >= 0)
			return r;
	}
	/* When the writer stops early, the reader may be waiting for input
	 * that never comes (a pipe kept open): a byte on wake ends it. */
	if (nctx > 1 && pipe2(wake, O_CLOEXEC) == 0 &&
	    (par.blk = calloc(par.nblk, sizeof *par.blk)) != NULL &&
	    (w = calloc(nctx, sizeof *w)) != NULL) {
		sfb_in_wake(in, wake[0]);
		pthread_mutex_init(&par.mu, NULL);
		pthread_cond_init(&par.cv, NULL);
		for (nw = 0; nw < nctx; nw++) {
			w[nw].par = &par;
			w[nw].ctx = ctx[nw];
			if (pthread_create(&w[nw].tid, NULL, worker, &w[nw]))
				break;
		}
		if (nw > 0 && pthread_create(&rd, NULL, reader, &par) == 0)
			r = write_blocks(&par, out, err);
		pthread_mutex_lock(&par.mu);
		par.stop = 1;
		pthread_cond_broadcast(&par.cv);
		pthread_mutex_unlock(&par.mu);
		if (r >= 0) {
			(void)!write(wake[1], "", 1);
			pthread_join(rd, NULL);
		}
		sfb_in_wake(in, -1);
		for (i = 0; i < nw; i++)
			pthread_join(w[i].tid, NULL);
		for (i = 0; i < par.nblk; i++) {
			sfb_buf_free(&par.blk[i].in);
			sfb_buf_free(&par.blk[i].out);
		}
		pthread_cond_destroy(&par.cv);
		pthread_mutex_destroy(&par.mu);
	}
	free(par.blk);
	free(w);
	if (wake[0] >= 0) {
		close(wake[0]);
		close(wake[1]);
	}
	/* One context: the plain loop; no threads to be had: the blocks
	 * on this thread to the end. */
	if (r >= 0)
		return r;
	if (nctx <= 1)
		return sfb_loop_run(in, out, fn, ctx[0], err);
	return run_here(&par, ctx[0], out, 0, err);
}
