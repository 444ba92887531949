/* input.h - read several files (or standard input) as one stream of lines.
 *
 * A file that starts with the zstd magic bytes 28 B5 2F FD is decompressed
 * on the fly (any number of frames).  Lines are handed out without their
 * "\n" or "\r\n"; a line is valid until the next call.  Lines never span two
 * files.  The reader owns its buffers; sfb_in_free(NULL) is a no-op. */
#ifndef SFB_INPUT_H
#define SFB_INPUT_H

#include <stddef.h>

#include "core/buf.h"
#include "core/err.h"

struct sfb_in;

/* files[0..nfiles-1] are read in order; no files, or "-", is standard
 * input.  The array and its strings must outlive the reader. */
struct sfb_in *sfb_in_new(char *const *files, int nfiles);
void sfb_in_free(struct sfb_in *in);

/* Next line: 1 with line and len set, 0 at the end of the last file, or
 * SFB_EXIT_USAGE with err filled (unreadable file, truncated or corrupt zstd
 * stream; err->file and err->line name the place).  A named regular file
 * (not zstd) is read through a mapping of it, here and by the block
 * calls below, without copying; what lies past the size it had when
 * opened is read as usual.  A file cut short while it is read raises
 * SIGBUS when its lost pages are touched: the program's to handle
 * (sfb_run_par does). */
int sfb_in_line(struct sfb_in *in, const char **line, size_t *len,
    struct sfb_err *err);

/* The whole of the next file, decompressed: 1 with doc and len set, 0 when no
 * file is left, or an error as above.  The bytes stay valid until the next
 * call.  Used by programs that read whole documents (a JSON array). */
int sfb_in_file(struct sfb_in *in, const char **doc, size_t *len,
    struct sfb_err *err);

/* Like sfb_in_file, but the bytes are handed over: doc (empty on entry)
 * takes the buffer, which stays valid after later calls and is released
 * with sfb_buf_free.  Lets a program keep several documents without a copy. */
int sfb_in_file_take(struct sfb_in *in, struct sfb_buf *doc,
    struct sfb_err *err);

/* The next block of whole lines, for a reader that hands records to other
 * threads: once the open file has more bytes than want, or a read of a
 * pipe comes back short, its complete lines so far; never part of a line
 * and never two files.  The lines are handed over by swapping buffers: blk
 * (any buffer; what it held is dropped) takes them with their "\n"s and
 * its memory becomes the reader's.  Returns 1 with *first set when the
 * block is the first of its file, 0 at the end of the last file, or an
 * error as sfb_in_line's.  Line numbers are the caller's to count: in an
 * error, err->line is 0 (no line) or 1 for the line after the last one
 * handed out of the file, whose first block is still to come when *first
 * is set.  From a mapped file, a block is the lines up to the first end
 * of line at or past want bytes.  Do not mix with sfb_in_line on one
 * reader. */
int sfb_in_block(struct sfb_in *in, struct sfb_buf *blk, size_t want,
    int *first, struct sfb_err *err);

/* sfb_in_block for a caller that is done with the lines before it asks
 * for more: 1 with *p and *n set to the lines, which are valid until the
 * next call; those of a mapped file (see sfb_in_line) are not copied,
 * the others are blk's as sfb_in_block hands them over.  The two calls
 * may be mixed on one reader. */
int sfb_in_block_view(struct sfb_in *in, struct sfb_buf *blk, size_t want,
    const char **p, size_t *n, int *first, struct sfb_err *err);

/* From now on every read first waits until the input or fd is readable,
 * and fails (ECANCELED) when fd is: another thread ends a read that may
 * never return by writing to a pipe whose reading end is fd.  -1: off. */
void sfb_in_wake(struct sfb_in *in, int fd);

/* Name of the file being read ("-" for standard input) and the number of the
 * line last returned. */
const char *sfb_in_name(const struct sfb_in *in);
unsigned long sfb_in_lineno(const struct sfb_in *in);

#endif
