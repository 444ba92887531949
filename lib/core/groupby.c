/*
 * The group of a record in the reducers (see groupby.h).
 */
#include <stdlib.h>
#include <string.h>

#include "core/groupby.h"

static int
oom(struct sfb_err *err)
{
	return sfb_err_set(err, SFB_EXIT_USAGE, "out of memory");
}

/* A jq failure as err: "jq: " and libjq's message. */
static int
jq_failed(struct sfb_groupby *g, int st, struct sfb_err *err)
{
	if (st == SFB_JQX_ENOMEM)
		return oom(err);
	return sfb_err_set(err, SFB_EXIT_USAGE, "jq: %.*s",
	    g->msg.len > 400 ? 400 : (int)g->msg.len, g->msg.p);
}

int
sfb_groupby_record(struct sfb_groupby *g, const struct sfb_obj *rec,
    struct sfb_err *err)
{
	int st;

	g->key.len = 0;
	g->msg.len = 0;
	if (g->where) {
		int keep;

		st = sfb_jqx_test(g->where, rec->text.p, rec->text.n, &keep, &g->msg);
		if (st != SFB_JQX_OK)
			return jq_failed(g, st, err);
		if (!keep)
			return 0;
	}
	if (g->by_expr) {
		st = sfb_jqx_key(g->by_expr, rec->text.p, rec->text.n, &g->key, &g->msg);
		if (st != SFB_JQX_OK)
			return jq_failed(g, st, err);
	} else if (g->by) {
		size_t n = strlen(g->by);
		const struct sfb_member *m = sfb_obj_get(rec, g->by, n);
		enum sfb_jtype t = m ? sfb_json_type(&m->val) : SFB_JNONE;

		if (t == SFB_JNONE)
			return sfb_err_set(err, SFB_EXIT_USAGE, "missing \"%s\"", g->by);
		if (t != SFB_JSTRING)
			return sfb_err_set(err, SFB_EXIT_USAGE, "\"%s\" is %s, not %s",
			    g->by, sfb_json_type_name(t),
			    sfb_json_type_name(SFB_JSTRING));
		if (sfb_json_str_decode(&m->val, &g->key) < 0)
			return oom(err);
	}
	return 1;
}

int
sfb_groupby_compile(struct sfb_groupby *g, const char *by_expr,
    const char *where, struct sfb_buf *msgs, const char **opt)
{
	static const char both[] = "cannot be given with --by";

	*opt = "--by-expr";
	if (by_expr && g->by) {
		if (sfb_buf_put(msgs, both, sizeof both) < 0)
			msgs->len = 0;
		return -1;
	}
	if (by_expr && !(g->by_expr = sfb_jqx_new(by_expr, msgs)))
		return -1;
	*opt = "--where";
	if (where && !(g->where = sfb_jqx_new(where, msgs)))
		return -1;
	return 0;
}

int
sfb_groupby_usable(const struct sfb_obj *rec, struct sfb_err *err)
{
	const struct sfb_member *m = sfb_obj_get(rec, "usable", 6);
	enum sfb_jtype t = m ? sfb_json_type(&m->val) : SFB_JTRUE;

	if (t == SFB_JTRUE || t == SFB_JFALSE)
		return t == SFB_JTRUE;
	return sfb_err_set(err, SFB_EXIT_USAGE, "\"usable\" is %s, not %s",
	    sfb_json_type_name(t), sfb_json_type_name(SFB_JTRUE));
}

int
sfb_groupby_active(const struct sfb_groupby *g)
{
	return g->by != NULL || g->by_expr != NULL;
}

/*
 * A jq program that has run keeps a stack that only libjq's teardown
 * frees; the error exits leave through exit(), so the struct registered
 * here is torn down there, unless sfb_groupby_free has released it first.
 */
static struct sfb_groupby *exit_gb;

static void
free_exit_gb(void)
{
	if (exit_gb)
		sfb_groupby_free(exit_gb);
}

void
sfb_groupby_free_at_exit(struct sfb_groupby *g)
{
	if (exit_gb == NULL && atexit(free_exit_gb) != 0)
		return;
	exit_gb = g;
}

void
sfb_groupby_free(struct sfb_groupby *g)
{
	if (g == exit_gb)
		exit_gb = NULL;
	sfb_jqx_free(g->by_expr);
	sfb_jqx_free(g->where);
	sfb_buf_free(&g->key);
	sfb_buf_free(&g->msg);
	memset(g, 0, sizeof *g);
}
