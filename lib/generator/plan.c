/* plan.c - the backend's jobs (plan.h). */
#include "generator/plan.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "core/files.h"
#include "core/pyrepr.h"
#include "generator/docs.h"
#include "generator/pypath.h"

#define MAXKV 24

/* An output already planned, and the source it came from. */
struct seen {
	char *path;
	size_t n;
	char *src;
	size_t sn;
};

/* What every job of one demographic shares (plan.c's make_tmpl). */
struct tmpl {
	int made;
	struct sfb_buf vals;		/* members' JSON, then the metadata */
	const char *key[16];
	size_t off[17], n;
	size_t meta_at;			/* where the metadata starts in vals */
	size_t cut_at;			/* where its source_filename goes */
};

struct sfb_gen_plan {
	struct sfb_gen_plan_opts o;
	struct tmpl tmpl[2][SFB_GEN_NDEMO];	/* [with a mask][demographic] */
	struct sfb_buf jsrc, jmask;		/* a source's paths as JSON */
	struct sfb_obj empty;		/* {} for command-line sources */
	struct seen *tab;		/* open addressing, cap a power of 2 */
	size_t ntab, cap;
	struct sfb_buf vals, paths, name, tmp, fs;	/* scratch */
	struct sfb_buf rsrc, rmask, rdir, rdemo;	/* a record's members */
	struct sfb_kv kv[MAXKV];
	size_t nkv;
};

struct sfb_gen_plan *
sfb_gen_plan_new(const struct sfb_gen_plan_opts *o)
{
	struct sfb_gen_plan *p = calloc(1, sizeof *p);
	const char *why;

	if (p == NULL)
		return NULL;
	p->o = *o;
	if (sfb_obj_parse(&p->empty, "{}", 2, &why) < 0) {
		free(p);
		return NULL;
	}
	return p;
}

void
sfb_gen_plan_free(struct sfb_gen_plan *p)
{
	size_t i;

	if (p == NULL)
		return;
	for (i = 0; i < p->cap; i++) {
		free(p->tab[i].path);
		free(p->tab[i].src);
	}
	free(p->tab);
	sfb_obj_free(&p->empty);
	for (i = 0; i < 2 * SFB_GEN_NDEMO; i++)
		sfb_buf_free(&p->tmpl[i / SFB_GEN_NDEMO][i % SFB_GEN_NDEMO].vals);
	sfb_buf_free(&p->jsrc);
	sfb_buf_free(&p->jmask);
	sfb_buf_free(&p->vals);
	sfb_buf_free(&p->paths);
	sfb_buf_free(&p->name);
	sfb_buf_free(&p->tmp);
	sfb_buf_free(&p->fs);
	sfb_buf_free(&p->rsrc);
	sfb_buf_free(&p->rmask);
	sfb_buf_free(&p->rdir);
	sfb_buf_free(&p->rdemo);
	free(p);
}

static int
oom(struct sfb_err *err)
{
	return sfb_err_set(err, SFB_EXIT_USAGE, "out of memory");
}

static size_t
hash(const char *s, size_t n)
{
	size_t h = 14695981039346656037ULL;

	while (n--)
		h = (h ^ (unsigned char)*s++) * 1099511628211ULL;
	return h;
}

/* Record path as planned for src; -1 when out of memory, 1 (with *prev
 * the earlier one) when it is already planned. */
static int
claim(struct sfb_gen_plan *p, const char *path, size_t n, const char *src,
    size_t sn, const struct seen **prev)
{
	struct seen *e;
	size_t i;

	if (2 * (p->ntab + 1) > p->cap) {
		size_t cap = p->cap ? 2 * p->cap : 64, j;
		struct seen *t = calloc(cap, sizeof *t);

		if (t == NULL)
			return -1;
		for (j = 0; j < p->cap; j++) {
			if (p->tab[j].path == NULL)
				continue;
			for (i = hash(p->tab[j].path, p->tab[j].n) & (cap - 1);
			    t[i].path; i = (i + 1) & (cap - 1))
				;
			t[i] = p->tab[j];
		}
		free(p->tab);
		p->tab = t;
		p->cap = cap;
	}
	for (i = hash(path, n) & (p->cap - 1); p->tab[i].path;
	    i = (i + 1) & (p->cap - 1)) {
		if (p->tab[i].n == n && memcmp(p->tab[i].path, path, n) == 0) {
			*prev = &p->tab[i];
			return 1;
		}
	}
	e = &p->tab[i];
	if (!(e->path = malloc(n + 1)) || !(e->src = malloc(sn + 1))) {
		free(e->path);
		e->path = NULL;
		return -1;
	}
	memcpy(e->path, path, n);
	memcpy(e->src, src, sn);
	e->n = n;
	e->sn = sn;
	p->ntab++;
	return 0;
}

/* Add a member to the job. */
static void
add_kv(struct sfb_gen_plan *p, const char *key, const char *val, size_t n)
{
	p->kv[p->nkv].key = key;
	p->kv[p->nkv].klen = strlen(key);
	p->kv[p->nkv].val = val;
	p->kv[p->nkv++].vlen = n;
}

static int
put_str(struct sfb_buf *b, const char *s, size_t n)
{
	return sfb_json_str_encode(b, s, n, 0);
}

static int
put_int(struct sfb_buf *b, long long v)
{
	char num[32];

	return sfb_buf_put(b, num, (size_t)snprintf(num, sizeof num, "%lld", v));
}

/* The file-system bytes of text s for messages and calls: 0, -1, or
 * SFB_EXIT_USAGE with err set. */
static int
fs_path(struct sfb_gen_plan *p, const char *s, size_t n, struct sfb_err *err)
{
	int r;

	p->fs.len = 0;
	r = sfb_pypath_encode(&p->fs, s, n);
	if (r == -2) {
		/* Python's repr shows what no path can hold. */
		p->fs.len = 0;
		if (sfb_pyrepr_str(&p->fs, s, n) < 0)
			return oom(err);
		return sfb_err_set(err, SFB_EXIT_USAGE, "%.*s: not a file name "
		    "(a NUL or a surrogate)", (int)p->fs.len, p->fs.p);
	}
	if (r < 0 || sfb_buf_putc(&p->fs, '\0') < 0)
		return sfb_err_set(err, SFB_EXIT_USAGE, "out of memory");
	return 0;
}

static int
must_exist(struct sfb_gen_plan *p, const char *s, size_t n,
    struct sfb_err *err)
{
	struct stat st;
	int r;

	if (!p->o.check_files)
		return 0;
	if ((r = fs_path(p, s, n, err)) != 0)
		return r;
	if (stat(p->fs.p, &st) != 0)
		return sfb_err_set(err, SFB_EXIT_USAGE, "%s: %s", p->fs.p,
		    strerror(errno));
	if (S_ISDIR(st.st_mode))
		return sfb_err_set(err, SFB_EXIT_USAGE, "%s: %s", p->fs.p,
		    strerror(EISDIR));
	return 0;
}

/* The output directory of src: dir with "{stem}" replaced, into p->tmp. */
static int
expand_dir(struct sfb_gen_plan *p, const char *dir, size_t dn,
    const char *src, size_t sn)
{
	struct sfb_span stem = sfb_pypath_stem(src, sn);
	size_t i;

	p->tmp.len = 0;
	for (i = 0; i < dn; i++) {
		if (dn - i >= 6 && memcmp(dir + i, "{stem}", 6) == 0) {
			if (sfb_buf_put(&p->tmp, stem.p, stem.n) < 0)
				return -1;
			i += 5;
		} else if (sfb_buf_putc(&p->tmp, dir[i]) < 0) {
			return -1;
		}
	}
	return 0;
}

static int
write_metadata(struct sfb_gen_plan *p, const struct sfb_gen_meta *m,
    const char *dir, size_t dn, const char *path, size_t pn,
    struct sfb_err *err)
{
	struct sfb_buf doc = { 0 };
	int r;

	if ((r = fs_path(p, dir, dn, err)) != 0)
		return r;
	if (sfb_mkdir_p(p->fs.p) != 0)
		return sfb_err_set(err, SFB_EXIT_USAGE, "%s: %s", p->fs.p,
		    strerror(errno));
	if ((r = fs_path(p, path, pn, err)) != 0)
		return r;
	if (sfb_gen_meta_write(&doc, m, 1) < 0) {
		sfb_buf_free(&doc);
		return sfb_err_set(err, SFB_EXIT_USAGE, "out of memory");
	}
	if (sfb_file_write(p->fs.p, doc.p, doc.len) != 0)
		r = sfb_err_set(err, SFB_EXIT_USAGE, "%s: %s", p->fs.p,
		    strerror(errno));
	sfb_buf_free(&doc);
	return r;
}

static void
tmember(struct tmpl *t, const char *key)
{
	t->key[t->n] = key;
	t->off[t->n++] = t->vals.len;
}

/* The members every job of one demographic shares (with or without a
 * mask), as JSON text, and its metadata around source_filename: made once,
 * copied into each job. */
static int
make_tmpl(struct sfb_gen_plan *p, struct tmpl *t, int mask,
    const struct sfb_gen_prompt *demo)
{
	static const char cut[] = ", \"source_filename\": \"\"";
	const struct sfb_gen_config *c = p->o.c;
	struct sfb_buf *v = &t->vals;
	struct sfb_gen_meta m;
	const char *at;
	int r;

	t->n = 0;
	tmember(t, "target_demographic");
	r = put_str(v, demo->demographic, strlen(demo->demographic));
	tmember(t, "prompt");
	r |= put_str(v, demo->prompt, strlen(demo->prompt));
	tmember(t, "negative_prompt");
	r |= sfb_buf_puts(v, "null");
	tmember(t, "seed");
	r |= put_int(v, p->o.seed);
	tmember(t, "inference_steps");
	r |= put_int(v, c->inference_steps);
	tmember(t, "guidance_scale");
	r |= sfb_gen_real_write(v, &c->guidance_scale);
	tmember(t, "strength");
	r |= sfb_gen_real_write(v, &c->strength);
	tmember(t, "image_size");
	r |= put_int(v, c->image_size);
	tmember(t, "base_model");
	r |= put_str(v, c->base_model.p, c->base_model.len);
	tmember(t, "lora_rank");
	r |= put_int(v, c->lora_rank);
	tmember(t, "lora_alpha");
	r |= put_int(v, c->lora_alpha);
	tmember(t, "checkpoint_path");
	r |= c->has_checkpoint ? put_str(v, c->checkpoint_path.p,
	    c->checkpoint_path.len) : sfb_buf_puts(v, "null");
	tmember(t, "device");
	r |= put_str(v, c->device.p, c->device.len);
	if (mask) {
		tmember(t, "tsxr_mask_blend");
		r |= sfb_gen_real_write(v, &c->tsxr_mask_blend);
	}
	t->off[t->n] = v->len;

	memset(&m, 0, sizeof m);
	m.c = c;
	m.demo = demo;
	m.seed = p->o.seed;
	m.mask_applied = mask;
	m.source_filename.p = "";
	if ((m.has_checkpoint_filename = p->o.checkpoint != NULL))
		m.checkpoint_filename = sfb_pypath_name(p->o.checkpoint,
		    p->o.checkpoint_len);
	t->meta_at = v->len;
	r |= sfb_gen_meta_write(v, &m, 0);
	if (r)
		return -1;
	/* Keys are sorted and strings escape their quotes: the first
	 * ", "source_filename": """ is the member. */
	for (at = v->p + t->meta_at; at + sizeof cut - 1 <= v->p + v->len; at++)
		if (memcmp(at, cut, sizeof cut - 1) == 0)
			break;
	t->cut_at = (size_t)(at - v->p) + sizeof cut - 3;
	t->made = 1;
	return 0;
}

/* One job: rec (or {}) with the members of plan.h, onto out; js is the
 * source as JSON, jm the mask's (empty when none). */
static int
job(struct sfb_gen_plan *p, const struct sfb_obj *rec, const char *src,
    size_t sn, const struct sfb_buf *js, const struct sfb_buf *jm,
    const char *dir, size_t dn, const struct sfb_gen_prompt *demo,
    struct sfb_buf *out, struct sfb_err *err)
{
	int mask = jm->len > 0;
	struct tmpl *t = &p->tmpl[mask][demo - sfb_gen_prompts];
	struct sfb_buf *v = &p->vals, *pa = &p->paths;
	struct sfb_span name = sfb_pypath_name(src, sn);
	const struct seen *prev;
	size_t i, n = 0, dir_len, out_at, meta_at, gen_at, start[8];
	const char *key[8];
	int r;

	if (!t->made && make_tmpl(p, t, mask, demo) < 0)
		return oom(err);
	/* The paths: the directory, then output, metadata and generated
	 * image as pathlib writes them. */
	pa->len = p->name.len = 0;
	if (expand_dir(p, dir, dn, src, sn) < 0)
		return oom(err);
	dir_len = p->tmp.len;
	out_at = pa->len;
	if (sfb_gen_output_name(&p->name, demo, ".png") < 0 ||
	    sfb_pypath_join(pa, p->tmp.p, dir_len, p->name.p, p->name.len) < 0)
		return oom(err);
	meta_at = pa->len;
	p->name.len = 0;
	if (sfb_gen_output_name(&p->name, demo, ".json") < 0 ||
	    sfb_pypath_join(pa, p->tmp.p, dir_len, p->name.p, p->name.len) < 0)
		return oom(err);
	gen_at = pa->len;
	p->name.len = 0;
	if (mask && (sfb_buf_puts(&p->name, demo->demographic) < 0 ||
	    sfb_buf_puts(&p->name, "_generated.png") < 0 ||
	    sfb_pypath_join(pa, p->tmp.p, dir_len, p->name.p,
	    p->name.len) < 0))
		return oom(err);
	switch (claim(p, pa->p + out_at, meta_at - out_at, src, sn, &prev)) {
	case 0:
		break;
	case 1:
		return sfb_err_set(err, SFB_EXIT_USAGE, "%.*s: output %.*s is "
		    "already planned for %.*s; give each source its own "
		    "directory (--output 'DIR/{stem}', or output_dir)",
		    (int)sn, src, (int)(meta_at - out_at), pa->p + out_at,
		    (int)prev->sn, prev->src);
	default:
		return oom(err);
	}

	/* The members that vary, as JSON text in v. */
	v->len = 0;
	r = 0;
	key[n] = "generated_image";
	start[n++] = v->len;
	r |= mask ? put_str(v, pa->p + gen_at, pa->len - gen_at) :
	    put_str(v, pa->p + out_at, meta_at - out_at);
	key[n] = "output_image";
	start[n++] = v->len;
	r |= put_str(v, pa->p + out_at, meta_at - out_at);
	key[n] = "metadata_path";
	start[n++] = v->len;
	r |= put_str(v, pa->p + meta_at, gen_at - meta_at);
	key[n] = "metadata";
	start[n++] = v->len;
	r |= sfb_buf_put(v, t->vals.p + t->meta_at, t->cut_at - t->meta_at);
	r |= put_str(v, name.p, name.n);
	r |= sfb_buf_put(v, t->vals.p + t->cut_at + 2,
	    t->vals.len - t->cut_at - 2);
	start[n] = v->len;
	if (r)
		return oom(err);

	if (p->o.write_metadata) {
		struct sfb_gen_meta m;

		memset(&m, 0, sizeof m);
		m.c = p->o.c;
		m.demo = demo;
		m.seed = p->o.seed;
		m.mask_applied = mask;
		m.source_filename = name;
		if ((m.has_checkpoint_filename = p->o.checkpoint != NULL))
			m.checkpoint_filename = sfb_pypath_name(p->o.checkpoint,
			    p->o.checkpoint_len);
		if ((r = write_metadata(p, &m, p->tmp.p, dir_len,
		    pa->p + meta_at, gen_at - meta_at, err)) != 0)
			return r;
	}
	p->nkv = 0;
	if (rec == &p->empty)
		add_kv(p, "source_image", js->p, js->len);
	if (mask)
		add_kv(p, "mask_image", jm->p, jm->len);
	for (i = 0; i < t->n; i++)
		add_kv(p, t->key[i], t->vals.p + t->off[i], t->off[i + 1] - t->off[i]);
	for (i = 0; i < n; i++)
		add_kv(p, key[i], v->p + start[i], start[i + 1] - start[i]);
	if (sfb_obj_splice(rec, p->kv, p->nkv, out) < 0)
		return oom(err);
	return 0;
}

/* The demographics of a job: the plan's, or the record's own. */
static int
demographics(struct sfb_gen_plan *p, const char *s, size_t n,
    const struct sfb_gen_prompt **demo, size_t *ndemo, struct sfb_err *err)
{
	const struct sfb_gen_prompt *d;
	size_t i;

	if (n == 3 && memcmp(s, "all", 3) == 0) {
		for (i = 0; i < SFB_GEN_NDEMO; i++)
			demo[i] = &sfb_gen_prompts[i];
		*ndemo = SFB_GEN_NDEMO;
		return 0;
	}
	if ((d = sfb_gen_prompt_find(s, n)) == NULL) {
		p->name.len = 0;
		if (sfb_gen_prompt_error(&p->name, s, n) < 0)
			return oom(err);
		return sfb_err_set(err, SFB_EXIT_USAGE, "%.*s",
		    (int)p->name.len, p->name.p);
	}
	demo[0] = d;
	*ndemo = 1;
	return 0;
}

static int
jobs(struct sfb_gen_plan *p, const struct sfb_obj *rec, const char *src,
    size_t sn, const char *mask, size_t mn, const char *dir, size_t dn,
    const struct sfb_gen_prompt *const *demo, size_t ndemo,
    struct sfb_buf *out, struct sfb_err *err)
{
	size_t i;
	int r;

	if ((r = must_exist(p, src, sn, err)) != 0 ||
	    (mask && (r = must_exist(p, mask, mn, err)) != 0))
		return r;
	p->jsrc.len = p->jmask.len = 0;
	if (put_str(&p->jsrc, src, sn) < 0 ||
	    (mask && put_str(&p->jmask, mask, mn) < 0))
		return oom(err);
	for (i = 0; i < ndemo; i++)
		if ((r = job(p, rec, src, sn, &p->jsrc, &p->jmask, dir, dn,
		    demo[i], out, err)) != 0)
			return r;
	return 0;
}

int
sfb_gen_plan_source(struct sfb_gen_plan *p, const char *src, size_t n,
    struct sfb_buf *out, struct sfb_err *err)
{
	return jobs(p, &p->empty, src, n, p->o.mask, p->o.mask_len,
	    p->o.out_dir, p->o.out_dir_len, p->o.demo, p->o.ndemo, out, err);
}

/* A string member of rec decoded into b: 1, 0 when absent or null, or an
 * error status. */
static int
text_member(const struct sfb_obj *rec, const char *key, struct sfb_buf *b,
    int required, struct sfb_err *err)
{
	const struct sfb_member *m = sfb_obj_get(rec, key, strlen(key));
	enum sfb_jtype t = m ? sfb_json_type(&m->val) : SFB_JNONE;

	if ((t == SFB_JNONE || t == SFB_JNULL) && !required)
		return 0;
	if (t == SFB_JNONE)
		return sfb_err_set(err, SFB_EXIT_USAGE, "no %s member", key);
	if (t != SFB_JSTRING)
		return sfb_err_set(err, SFB_EXIT_USAGE, "%s: expected a string, "
		    "got %s", key, sfb_json_type_name(t));
	b->len = 0;
	if (sfb_json_str_decode(&m->val, b) < 0)
		return oom(err);
	return 1;
}

int
sfb_gen_plan_record(void *plan, const struct sfb_obj *rec,
    struct sfb_buf *out, struct sfb_err *err)
{
	struct sfb_gen_plan *p = plan;
	const struct sfb_gen_prompt *demo[SFB_GEN_NDEMO];
	const struct sfb_gen_prompt *const *dp = p->o.demo;
	size_t ndemo = p->o.ndemo;
	const char *mask = p->o.mask, *dir = p->o.out_dir;
	size_t mn = p->o.mask_len, dn = p->o.out_dir_len;
	int r;

	if ((r = text_member(rec, p->o.source_key, &p->rsrc, 1, err)) != 1)
		return r;
	if ((r = text_member(rec, "mask_image", &p->rmask, 0, err)) > 1)
		return r;
	if (r == 1) {
		mask = p->rmask.p;
		mn = p->rmask.len;
	}
	if ((r = text_member(rec, "output_dir", &p->rdir, 0, err)) > 1)
		return r;
	if (r == 1) {
		dir = p->rdir.p;
		dn = p->rdir.len;
	}
	if ((r = text_member(rec, "target_demographic", &p->rdemo, 0, err)) > 1)
		return r;
	if (r == 1) {
		if ((r = demographics(p, p->rdemo.p, p->rdemo.len, demo,
		    &ndemo, err)) != 0)
			return r;
		dp = demo;
	}
	return jobs(p, rec, p->rsrc.p, p->rsrc.len, mask, mn, dir, dn, dp,
	    ndemo, out, err);
}
