/* util.h - what every sfb program shares: its name, error exits, usage,
 * the standard output stream and the call that runs the record loop.
 *
 * Errors print "PROG: FILE:LINE: message" (or "PROG: message" when no input
 * line is involved) on standard error and exit with an enum sfb_exit status.
 * A closed output pipe (EPIPE, as after "| head") ends the program quietly. */
#ifndef SFB_UTIL_H
#define SFB_UTIL_H

#include <stdint.h>
#include <stdio.h>

#include "core/err.h"
#include "core/loop.h"

#ifndef SFB_VERSION
#define SFB_VERSION "0.0"
#endif

extern const char *sfb_prog;
extern struct sfb_out sfb_stdout;	/* buffered standard output */
/* Bytes of input a thread of sfb_run_par takes at a time; 0, the loop's
 * default, suits the text stages.  A program whose short records are slow
 * to process (an image pair a line) sets it small, so that -j spreads
 * them over the threads. */
extern size_t sfb_block_bytes;

/* Call first: sets sfb_prog from argv[0], restores SIGPIPE's default. */
void sfb_setup(char **argv);

_Noreturn void sfb_die(int status, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
_Noreturn void sfb_die_err(const struct sfb_err *err);

/* Print "usage: ..." text: to standard output and exit 0 for --help, to
 * standard error and exit 2 otherwise. */
_Noreturn void sfb_usage(const char *text, int status);
_Noreturn void sfb_version(void);

struct sfb_span;

/* The -x KEY options of a filter, the members it leaves out: room for
 * every argument of the command line, and one key added. */
struct sfb_span *sfb_drops_new(int argc);
void sfb_drops_add(struct sfb_span *drop, size_t *ndrop, const char *key);

/* Parse a command line that has no options but -h/--help and --version;
 * the index of the first operand. */
int sfb_getopt_none(int argc, char **argv, const char *usage);

/* Run fn over the records of files[0..nfiles) writing to sfb_stdout; on any
 * error, print it and exit.  Returns only on success, with the output
 * buffered in sfb_stdout (call sfb_finish to flush it). */
void sfb_run(char **files, int nfiles, sfb_rec_fn fn, void *ctx);

/* sfb_run with the records on nctx threads, ctx[i] for thread i (see
 * sfb_loop_run_par): the same output and errors. */
void sfb_run_par(char **files, int nfiles, sfb_rec_fn fn, void *const *ctx,
    size_t nctx);

/* sfb_run_par on jobs contexts, each made by make(arg) (NULL: out of
 * memory) and released by drop after the run. */
void sfb_run_jobs(char **files, int nfiles, sfb_rec_fn fn, int jobs,
    void *(*make)(void *), void (*drop)(void *), void *arg);

/* Hand each of files[0..nfiles), whole and decompressed, to fn in order
 * (for programs that read documents, not records); a file that cannot be
 * read prints its error and exits.  fn writes to sfb_stdout. */
void sfb_run_docs(char **files, int nfiles,
    void (*fn)(const char *doc, size_t len, const char *name));

/* The default of the record filters' -j: the processors, up to this. */
#define SFB_JOBS_DEFAULT 8

/* The argument s of option opt (as the user wrote it, "-n" or "--seed")
 * as a whole decimal number from lo to hi; anything else exits 2 with
 * "PROG: OPT: expected a number from LO to HI: 'S'" (or, when the range
 * is every long long, "PROG: OPT: expected an integer: 'S'").  Every
 * program parses its numeric options through these and the two below. */
long long sfb_parse_int(const char *opt, const char *s, long long lo,
    long long hi);
/* The same for a finite decimal number (strtod's syntax) from lo to hi. */
double sfb_parse_real(const char *opt, const char *s, double lo, double hi);
/* The same for an unsigned 64-bit number from lo to hi (a seed of
 * sfb-synth's own generator, up to 2^64-1). */
unsigned long long sfb_parse_uint(const char *opt, const char *s,
    unsigned long long lo, unsigned long long hi);
/* A NumPy seed: a whole decimal number from 0 to 2^256-1, a leading '+'
 * allowed, as big as NumPy's SeedSequence takes; anything else exits 2
 * with "PROG: OPT: expected a non-negative integer: 'S'". */
struct sfb_seed;
void sfb_parse_seed(const char *opt, const char *s, struct sfb_seed *seed);

/* Writing output objects: a literal, a JSON string of s[0..n), a number
 * as Python's repr writes it (NaN as null), a count.  Out of memory exits. */
void sfb_put(struct sfb_buf *out, const char *s);
void sfb_put_str(struct sfb_buf *out, const char *s, size_t n);
void sfb_put_num(struct sfb_buf *out, double d);
void sfb_put_uint(struct sfb_buf *out, uint64_t v);

/* A reducer's input (named file, the last one read) without a usable
 * record, in all or in the group key[0..klen) when grouped: exit 2. */
_Noreturn void sfb_die_unusable(const char *file, int grouped, const char *key,
    size_t klen);

/* A failed option, such as a jq program that does not compile: each of
 * the NUL-ended messages msgs[0..len) as "PROG: OPT: message", exit 2. */
_Noreturn void sfb_die_msgs(const char *opt, const char *msgs, size_t len);

/* The most bootstrap resamples -n takes (the resampled means are kept). */
#define SFB_ITERATIONS_MAX 1000000000

/* -j N: a number from 1 to SFB_JOBS_MAX, or exit 2 with a message. */
#define SFB_JOBS_MAX 256
int sfb_parse_jobs(const char *s);

/* The processors this process may run on, as nproc(1) counts them, but
 * no more than most. */
int sfb_default_jobs(int most);

/* Flush sfb_stdout and check that standard output took everything; exits
 * on failure.  Returns status for "return sfb_finish(0)". */
int sfb_finish(int status);

/* Out of memory: print and exit 2. */
_Noreturn void sfb_oom(void);

#endif
