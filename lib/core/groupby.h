/*
 * The group of a record in the reducers (sfb-cluster-boot, sfb-flips,
 * sfb-paired-test): none, the string member --by KEY (the fast path, no
 * jq), or the output of a jq program --by-expr; and --where, a jq program
 * that keeps the records for which it is truthy (SPEC 16).
 *
 * Ownership: the struct owns its jq programs and buffers; a zeroed struct
 * groups nothing and sfb_groupby_free releases it.
 */
#ifndef SFB_GROUPBY_H
#define SFB_GROUPBY_H

#include "core/buf.h"
#include "core/err.h"
#include "core/jqx.h"
#include "core/json.h"

struct sfb_groupby {
	const char *by;		/* --by KEY, or NULL */
	sfb_jqx *by_expr;	/* --by-expr, or NULL */
	sfb_jqx *where;		/* --where, or NULL */
	struct sfb_buf key;	/* the last record's group key */
	struct sfb_buf msg;
};

/*
 * 1 when rec is kept, with its group key in g->key (empty when nothing
 * groups); 0 when --where leaves it out; or an enum sfb_exit status with
 * err set: the --by member missing or not a string, or the jq program
 * failing ("jq: MESSAGE").
 */
int sfb_groupby_record(struct sfb_groupby *g, const struct sfb_obj *rec,
    struct sfb_err *err);

/*
 * Compile the jq programs of --by-expr and --where (NULL: not given).
 * 0, or -1 with *opt naming the option at fault and its messages in msgs,
 * each ended by a NUL byte: jq's own, or that --by was given too.
 */
int sfb_groupby_compile(struct sfb_groupby *g, const char *by_expr,
    const char *where, struct sfb_buf *msgs, const char **opt);

/*
 * Whether a reducer counts rec: 1 when its "usable" is true or absent, 0
 * when false (a full refusal: left out and counted as excluded), or
 * SFB_EXIT_USAGE with err set when it is not a boolean.
 */
int sfb_groupby_usable(const struct sfb_obj *rec, struct sfb_err *err);

/* Whether records are grouped (--by or --by-expr). */
int sfb_groupby_active(const struct sfb_groupby *g);

/*
 * Free g, if still held, when the program exits (an error exit through
 * exit() leaves jq's stacks to be torn down).  One struct at a time.
 */
void sfb_groupby_free_at_exit(struct sfb_groupby *g);

void sfb_groupby_free(struct sfb_groupby *g);

#endif
