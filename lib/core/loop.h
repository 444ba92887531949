/* loop.h - the record loop every NDJSON filter runs, and its output.
 *
 * sfb_loop_run reads records (one JSON object per line; blank lines are
 * skipped), validates each one fully and hands it, split into top-level
 * members, to a callback.  The callback appends the complete output line for
 * the record (or nothing, for reducers) to the output buffer.  Output is
 * written in large blocks; when a record fails, everything appended for it
 * is dropped, so what was written is always whole lines. */
#ifndef SFB_LOOP_H
#define SFB_LOOP_H

#include "core/buf.h"
#include "core/err.h"
#include "core/input.h"
#include "core/json.h"

/* A buffered output stream on a file descriptor. */
struct sfb_out {
	int fd;
	struct sfb_buf b;
	int werrno;		/* errno of the first failed write, or 0 */
};

/* Bytes buffered before a writer flushes. */
#define SFB_OUT_FLUSH_AT (1 << 20)

/* Write p[0..n) past the buffer; 0, or -1 with o->werrno set (and every
 * later call failing). */
int sfb_out_write(struct sfb_out *o, const char *p, size_t n);

/* Write out everything buffered; 0, or -1 with o->werrno set. */
int sfb_out_flush(struct sfb_out *o);

/* Bytes buffered before a filter writing to a pipe flushes: a quarter
 * of the pipe sfb_out_widen_pipe makes. */
#define SFB_OUT_PIPE_FLUSH_AT (256 * 1024)

/* When o is a pipe, let it hold four flushes of SFB_OUT_PIPE_FLUSH_AT,
 * so that the next stage of a pipeline runs alongside instead of waking
 * for every 64 kB, and return SFB_OUT_PIPE_FLUSH_AT: the next stage gets
 * its first lines, and each next part, after a quarter of the work, and
 * a stage runs on while the pipe holds three flushes the next has not
 * read.  With flushes as large as the pipe, issue 15's four-stage
 * pipeline left about 20% of two processors idle (perf sched, quiet
 * machine): 9% with no second stage runnable, the rest a woken stage
 * queued behind its waker while the other processor idled; with these,
 * about 9% (7% and 2%), and 7-11% less wall time.  Anything else:
 * SFB_OUT_FLUSH_AT.
 * Measured since and left out (issue 15's pipeline, 256 MB, old and new
 * in alternating rounds, load 2-4): flushes cut at whole 4 kB pages,
 * 512 kB reads, the next block read before the flush, 64-128 kB flushes
 * into 64-512 kB pipes: total CPU within 4% either way, wall the same or
 * worse; threads from the first block: 20% more CPU.  The kernel's part
 * is paid per 4 kB pipe page (two copies, a page allocated and freed,
 * a memory-cgroup charge and uncharge) whatever the sizes, and perf
 * sched, in quiet runs, shows the idle time to be placement: each stage
 * keeps its processor, two to each, and one processor idles by the
 * difference of its pair's work and the other pair's.
 * Called once, before writing; the threshold is the caller's to use. */
size_t sfb_out_widen_pipe(const struct sfb_out *o);
void sfb_out_free(struct sfb_out *o);

/* After a failed write: err says "write error: ..." with no place, and
 * SFB_EXIT_USAGE is returned. */
int sfb_out_failed(const struct sfb_out *out, struct sfb_err *err);

/* Called once per record; returns 0, or an enum sfb_exit status with
 * err->msg filled (the loop adds file and line). */
typedef int (*sfb_rec_fn)(void *ctx, const struct sfb_obj *rec,
    struct sfb_buf *out, struct sfb_err *err);

/* Run fn over every record of in.  Returns 0 at the end of input, or the
 * first error status with err filled; output not yet written is flushed
 * first, except for the failed record's.  A failed write returns
 * SFB_EXIT_USAGE with out->werrno set. */
int sfb_loop_run(struct sfb_in *in, struct sfb_out *out, sfb_rec_fn fn,
    void *ctx, struct sfb_err *err);

/* One line of input (without its line end) as both loops take it:
 * nothing when it is empty or white space, else parsed into obj and
 * handed to fn, whose output is dropped if it fails.  0, or the error
 * status with err filled, naming file and lineno. */
int sfb_loop_line(struct sfb_obj *obj, const char *line, size_t len,
    const char *file, unsigned long lineno, sfb_rec_fn fn, void *ctx,
    struct sfb_buf *out, struct sfb_err *err);

/* sfb_loop_run with records handed to nctx threads, fn running with
 * ctx[i] on thread i (so a context needs no lock); blocks of whole lines
 * are read ahead and the output is written in input order, so what is
 * written and returned is what sfb_loop_run(in, out, fn, ctx[0], err)
 * would give.  With nctx 1, or when no thread can be started, it is
 * sfb_loop_run. */
int sfb_loop_run_par(struct sfb_in *in, struct sfb_out *out, sfb_rec_fn fn,
    void *const *ctx, size_t nctx, struct sfb_err *err);

/* sfb_loop_run_par with blocks of about block bytes (0: the default,
 * SFB_OUT_FLUSH_AT).  Small blocks spread records that are short but slow
 * to process (a pair of image paths a line) over the threads. */
/* When the output is a pipe, the threads start only once they pay: the
 * blocks are done on the calling thread (in blocks of at most 256 kB,
 * the output written as sfb_loop_run writes it) until it
 * has run without waiting, with a processor to spare, for two blocks'
 * worth in a row (see looppar.c); the output is the same.  Tests set
 * this to start the threads after exactly that many of the calling
 * thread's blocks whatever the output (-1, the default: by measure). */
extern long sfb_loop_switch_after;

int sfb_loop_run_par_block(struct sfb_in *in, struct sfb_out *out,
    sfb_rec_fn fn, void *const *ctx, size_t nctx, size_t block,
    struct sfb_err *err);

#endif
