/*
 * jq programs on records, through libjq: the --by-expr and --where of the
 * reducers (SPEC 16).  A program is compiled once and run on one record
 * at a time; libjq is touched only by programs that call these.
 *
 * What a program sees: the record as libjq parses it, with one change.
 * jq 1.6 refuses a lone high surrogate escape ("\ud800") and turns a lone
 * low one into U+FFFD, while Python and sfb keep both (report texts may
 * hold them); so every lone surrogate escape is handed to libjq as
 * "\ufffd", and a record sfb accepts is always one jq can read.  Numbers
 * are jq's doubles.
 *
 * Ownership: an sfb_jqx owns its jq state; the caller keeps its buffers.
 * Nothing here prints or exits: messages go to the buffers given.
 */
#ifndef SFB_JQX_H
#define SFB_JQX_H

#include <stddef.h>

#include "core/buf.h"

typedef struct sfb_jqx sfb_jqx;

/*
 * Compile the program text (a C string: it comes from the command line).
 * NULL on failure, with jq's own messages in msgs, each ended by a NUL
 * byte, as the jq program prints them ("jq: error: ...", "jq: 1 compile
 * error"; a message may hold newlines).
 */
sfb_jqx *sfb_jqx_new(const char *prog, struct sfb_buf *msgs);
void sfb_jqx_free(sfb_jqx *x);

enum sfb_jqx_status {
	SFB_JQX_OK = 0,
	SFB_JQX_ENOMEM = -1,
	SFB_JQX_EFAIL = -2	/* msg says why: a runtime error, no output, several */
};

/*
 * Run x on the JSON object rec[0..n) (already validated) and expect one
 * output.  sfb_jqx_key appends it to key: a string as its UTF-8 bytes,
 * anything else as its compact JSON text (jq's tostring).  sfb_jqx_test
 * sets *truthy: 0 for false and null, 1 for anything else.  On
 * SFB_JQX_EFAIL, msg holds the reason, without a trailing newline.
 */
int sfb_jqx_key(sfb_jqx *x, const char *rec, size_t n, struct sfb_buf *key,
    struct sfb_buf *msg);
int sfb_jqx_test(sfb_jqx *x, const char *rec, size_t n, int *truthy,
    struct sfb_buf *msg);

#endif
