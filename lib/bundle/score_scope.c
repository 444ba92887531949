/* score_scope.c - the scorer's view of the bundle: pinned SHA-256 digests
 * of the scope manifests, and the pairs of each scope read from the QC,
 * common-core and all-model-intersection manifests with the reference's
 * checks, in its order. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <openssl/evp.h>

#include "core/json.h"
#include "core/pyerr.h"
#include "bundle/score_int.h"
#include "core/ucd.h"

#define QC_REL "dataset/qc_passed_pair_manifest.jsonl"
#define CORE_REL "artifacts/freeze_runs/2026-04-09/evaluation_source_subset_core1000.json"
#define INTER_REL "artifacts/Results/final_inputs/all_model_intersection_2166_manifest.json"

/* ---- helpers shared with score.c */

int
msg_set(struct sfb_buf *msg, const char *fmt, ...)
{
	va_list ap;
	int n;

	msg->len = 0;
	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0 || sfb_buf_reserve(msg, (size_t)n + 1) < 0)
		return -1;
	va_start(ap, fmt);
	vsnprintf(msg->p, (size_t)n + 1, fmt, ap);
	va_end(ap);
	msg->len = (size_t)n;
	return -1;
}

int
bytes_cmp(const char *a, size_t an, const char *b, size_t bn)
{
	int c = memcmp(a, b, an < bn ? an : bn);

	if (c)
		return c;
	return an < bn ? -1 : an > bn;
}

void
py_strip(const char **s, size_t *n)
{
	const unsigned char *p = (const unsigned char *)*s;
	size_t i = 0, j = *n, adv;

	while (i < j && sfb_ucd_isspace(sfb_utf8_next(p + i, j - i, &adv)))
		i += adv;
	/* Back up over whole code points: find each one's lead byte. */
	while (j > i) {
		size_t k = j - 1;

		while (k > i && (p[k] & 0xC0) == 0x80)
			k--;
		if (!sfb_ucd_isspace(sfb_utf8_next(p + k, j - k, &adv)))
			break;
		j = k;
	}
	*s += i;
	*n = j - i;
}

int
py_nonblank(const char *s, size_t n)
{
	py_strip(&s, &n);
	return n > 0;
}

/* ---- the string table */

static uint64_t
hash(const char *s, size_t n)
{
	uint64_t h = 1469598103934665603ULL;
	size_t i;

	for (i = 0; i < n; i++)
		h = (h ^ (unsigned char)s[i]) * 1099511628211ULL;
	return h ^ (h >> 29);
}

void
strtab_free(struct strtab *t)
{
	sfb_buf_free(&t->bytes);
	free(t->off);
	free(t->len);
	free(t->slot);
	memset(t, 0, sizeof *t);
}

long
strtab_find(const struct strtab *t, const char *s, size_t n)
{
	size_t i, k;

	if (!t->nslot)
		return -1;
	for (i = hash(s, n) & (t->nslot - 1); (k = t->slot[i]); i = (i + 1) &
	    (t->nslot - 1))
		if (t->len[k - 1] == n &&
		    (!n || memcmp(t->bytes.p + t->off[k - 1], s, n) == 0))
			return (long)(k - 1);
	return -1;
}

static int
rehash(struct strtab *t)
{
	size_t ns = t->nslot ? t->nslot * 2 : 64, i, j;
	size_t *slot = calloc(ns, sizeof *slot);

	if (!slot)
		return -1;
	for (i = 0; i < t->n; i++) {
		j = hash(t->bytes.p + t->off[i], t->len[i]) & (ns - 1);
		while (slot[j])
			j = (j + 1) & (ns - 1);
		slot[j] = i + 1;
	}
	free(t->slot);
	t->slot = slot;
	t->nslot = ns;
	return 0;
}

long
strtab_add(struct strtab *t, const char *s, size_t n, int *added)
{
	long k = strtab_find(t, s, n);
	size_t i;

	*added = 0;
	if (k >= 0)
		return k;
	if (t->n == t->cap) {
		size_t cap = t->cap ? t->cap * 2 : 64;
		size_t *off = realloc(t->off, cap * sizeof *off);

		if (!off)
			return -1;
		t->off = off;
		if (!(off = realloc(t->len, cap * sizeof *off)))
			return -1;
		t->len = off;
		t->cap = cap;
	}
	if ((t->n + 1) * 2 > t->nslot && rehash(t) < 0)
		return -1;
	t->off[t->n] = t->bytes.len;
	t->len[t->n] = n;
	if (sfb_buf_put(&t->bytes, s, n) < 0)
		return -1;
	i = hash(s, n) & (t->nslot - 1);
	while (t->slot[i])
		i = (i + 1) & (t->nslot - 1);
	t->slot[i] = ++t->n;
	*added = 1;
	return (long)(t->n - 1);
}

/* ---- pins */

struct pin {
	char *rel;
	char hex[65];
};

struct sfb_score_pins {
	struct pin *p;
	size_t n;
};

void
sfb_score_pins_free(struct sfb_score_pins *p)
{
	size_t i;

	if (!p)
		return;
	for (i = 0; i < p->n; i++)
		free(p->p[i].rel);
	free(p->p);
	free(p);
}

static int
pins_put(struct sfb_score_pins *p, const char *rel, size_t n,
    const char *hex)
{
	struct pin *np;
	size_t i;

	for (i = 0; i < p->n; i++)
		if (strlen(p->p[i].rel) == n && memcmp(p->p[i].rel, rel, n) == 0)
			break;
	if (i == p->n) {
		if (!(np = realloc(p->p, (p->n + 1) * sizeof *np)))
			return -1;
		p->p = np;
		if (!(np[i].rel = malloc(n + 1)))
			return -1;
		memcpy(np[i].rel, rel, n);
		np[i].rel[n] = '\0';
		p->n++;
	}
	for (size_t k = 0; k < 64; k++)
		p->p[i].hex[k] = (char)(hex[k] | 0x20);	/* lowercase */
	p->p[i].hex[64] = '\0';
	return 0;
}

struct sfb_score_pins *
sfb_score_pins_release(void)
{
	static const char *const rel[3] = { QC_REL, CORE_REL, INTER_REL };
	static const char *const hex[3] = {
		"43baab39ce60b9e63adf98a4c74292b78e0baada063227ab2631f3430c3d2c83",
		"56d52393844c11d9aa5b9aed9fe9db144dfa8193c2584d7d980d501bedc2af4d",
		"b05950bc2aafca40547c7bb2eab4139983077af837e6f3e0219c6e31155b2314",
	};
	struct sfb_score_pins *p = calloc(1, sizeof *p);
	int i;

	for (i = 0; p && i < 3; i++)
		if (pins_put(p, rel[i], strlen(rel[i]), hex[i]) < 0) {
			sfb_score_pins_free(p);
			return NULL;
		}
	return p;
}

static int
ishex(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!((s[i] >= '0' && s[i] <= '9') ||
		    ((s[i] | 0x20) >= 'a' && (s[i] | 0x20) <= 'f')))
			return 0;
	return 1;
}

struct sfb_score_pins *
sfb_score_pins_parse(const char *text, size_t n, struct sfb_buf *msg)
{
	struct sfb_score_pins *p = calloc(1, sizeof *p);
	size_t pos = 0, line = 0;

	if (!p) {
		msg_set(msg, "out of memory");
		return NULL;
	}
	while (pos < n) {
		const char *s = text + pos, *e = memchr(s, '\n', n - pos);
		size_t len = e ? (size_t)(e - s) : n - pos;

		pos += len + (e != NULL);
		line++;
		if (len && s[len - 1] == '\r')
			len--;
		if (!py_nonblank(s, len))
			continue;
		if (len < 67 || !ishex(s, 64) || s[64] != ' ' ||
		    (s[65] != ' ' && s[65] != '*')) {
			msg_set(msg, "Malformed SHA-256 manifest entry at line %zu",
			    line);
			sfb_score_pins_free(p);
			return NULL;
		}
		if (pins_put(p, s + 66, len - 66, s) < 0) {
			msg_set(msg, "out of memory");
			sfb_score_pins_free(p);
			return NULL;
		}
	}
	return p;
}

static const char *
pin_of(const struct sfb_score_pins *p, const char *rel)
{
	size_t i;

	for (i = 0; i < p->n; i++)
		if (strcmp(p->p[i].rel, rel) == 0)
			return p->p[i].hex;
	return NULL;
}

/* SHA-256 of a file as lowercase hex; -1 when it cannot be read. */
static int
sha256_file(const char *path, char hex[65])
{
	static const char digits[] = "0123456789abcdef";
	unsigned char md[EVP_MAX_MD_SIZE], *buf;
	unsigned int mdlen = 0, i;
	EVP_MD_CTX *ctx;
	FILE *f;
	size_t r;
	int ok;

	if (!(f = fopen(path, "rb")))
		return -1;
	ctx = EVP_MD_CTX_new();
	buf = malloc(1 << 16);
	ok = ctx && buf && EVP_DigestInit_ex(ctx, EVP_sha256(), NULL) == 1;
	while (ok && (r = fread(buf, 1, 1 << 16, f)) > 0)
		ok = EVP_DigestUpdate(ctx, buf, r) == 1;
	ok = ok && !ferror(f) && EVP_DigestFinal_ex(ctx, md, &mdlen) == 1;
	fclose(f);
	free(buf);
	EVP_MD_CTX_free(ctx);
	if (!ok)
		return -1;
	for (i = 0; i < mdlen; i++) {
		hex[2 * i] = digits[md[i] >> 4];
		hex[2 * i + 1] = digits[md[i] & 15];
	}
	hex[2 * mdlen] = '\0';
	return 0;
}

static int
verify_pins(struct scope *sc, const char *root, const char *scope,
    const struct sfb_score_pins *pins, struct sfb_buf *msg)
{
	static const char *const rel[3] = { QC_REL, CORE_REL, INTER_REL };
	size_t i, n;
	char *path;

	if (strcmp(scope, "common-core-1000") == 0)
		n = 2;
	else if (strcmp(scope, "all-model-intersection-2166") == 0)
		n = 3;
	else
		return 0;
	for (i = 0; i < n; i++) {
		const char *want = pin_of(pins, rel[i]);
		char hex[65];
		int r;

		if (!want)
			return msg_set(msg, "No pinned SHA-256 for frozen scope "
			    "manifest: %s", rel[i]);
		if (!(path = malloc(strlen(root) + strlen(rel[i]) + 2)))
			return msg_set(msg, "out of memory");
		sprintf(path, "%s/%s", root, rel[i]);
		r = sha256_file(path, hex);
		free(path);
		if (r < 0)
			return msg_set(msg, "Cannot read frozen scope manifest: %s",
			    rel[i]);
		if (strcmp(hex, want) != 0)
			return msg_set(msg, "Frozen scope manifest SHA-256 "
			    "mismatch: %s", rel[i]);
		sc->verified.rel[i] = rel[i];
		memcpy(sc->verified.hex[i], hex, 65);
	}
	sc->verified.n = n;
	return 0;
}

/* ---- reading the manifests */

static char *
join(const char *root, const char *rel)
{
	char *p = malloc(strlen(root) + strlen(rel) + 2);

	if (p)
		sprintf(p, "%s/%s", root, rel);
	return p;
}

/* Read a whole file; -1 with errno set when it cannot be read. */
static int
slurp(const char *path, struct sfb_buf *b)
{
	FILE *f = fopen(path, "rb");
	struct stat st;
	size_t r;

	if (!f)
		return -1;
	/* One allocation for a regular file; growth for anything else. */
	if (fstat(fileno(f), &st) == 0 && st.st_size > 0)
		sfb_buf_reserve(b, (size_t)st.st_size + 1);
	do {
		if (sfb_buf_reserve(b, 1 << 16) < 0) {
			fclose(f);
			errno = ENOMEM;
			return -1;
		}
		r = fread(b->p + b->len, 1, b->cap - b->len, f);
		b->len += r;
	} while (r > 0);
	r = (size_t)ferror(f);
	fclose(f);
	return r ? -1 : 0;
}

/* A string member of a row, decoded into out; 0 when present as a string. */
static int
get_str(const struct sfb_obj *o, const char *key, struct sfb_buf *out)
{
	const struct sfb_member *m = sfb_obj_get(o, key, strlen(key));

	out->len = 0;
	if (!m || sfb_json_type(&m->val) != SFB_JSTRING)
		return -1;
	return sfb_json_str_decode(&m->val, out) < 0 ? -2 : 0;
}

static int
edit_ok(const char *s, size_t n)
{
	static const char *const edits[] = { "young_female", "young_male",
		"elderly_female", "elderly_male" };
	size_t i;

	for (i = 0; i < 4; i++)
		if (strlen(edits[i]) == n && memcmp(edits[i], s, n) == 0)
			return 1;
	return 0;
}

/* The reference's _manifest_pair_identity on an object row: fills the pair
 * and source ids; -1 when the identity is invalid. */
static int
pair_identity(const struct sfb_obj *o, struct sfb_buf *pid,
    struct sfb_buf *sid)
{
	struct sfb_buf edit = { 0 };
	const char *s;
	size_t n;
	int ok;

	if (get_str(o, "source_id", sid) < 0 || get_str(o, "edit_label",
	    &edit) < 0 || get_str(o, "pair_id", pid) < 0) {
		sfb_buf_free(&edit);
		return -1;
	}
	s = sid->p;
	n = sid->len;
	py_strip(&s, &n);
	ok = n > 0 && n == sid->len && edit_ok(edit.p, edit.len) &&
	    pid->len == sid->len + 2 + edit.len &&
	    memcmp(pid->p, sid->p, sid->len) == 0 &&
	    memcmp(pid->p + sid->len, "__", 2) == 0 &&
	    memcmp(pid->p + sid->len + 2, edit.p, edit.len) == 0;
	sfb_buf_free(&edit);
	return ok ? 0 : -1;
}

/* Lines as Python's text mode reads them (\n, \r\n and \r all end one). */
static size_t
next_line(const char *s, size_t n, size_t pos, size_t *len)
{
	size_t i = pos;

	while (i < n && s[i] != '\n' && s[i] != '\r')
		i++;
	*len = i - pos;
	if (i < n && s[i] == '\r' && i + 1 < n && s[i + 1] == '\n')
		return i + 2;
	return i < n ? i + 1 : i;
}

static int
load_qc(struct scope *sc, const char *root, struct sfb_buf *msg)
{
	struct sfb_buf text = { 0 }, pid = { 0 }, sid = { 0 };
	struct sfb_span *rows = NULL;
	size_t nrows = 0, cap = 0, pos = 0, lineno = 0, i;
	char *path = join(root, QC_REL);
	int r = -1;
	FILE *f;

	if (!path)
		return msg_set(msg, "out of memory");
	if (!(f = fopen(path, "rb"))) {
		if (errno == ENOENT || errno == ENOTDIR)
			msg_set(msg, "Missing QC-passed pair manifest: %s", path);
		else
			msg_set(msg, "Cannot read %s: %s", path, strerror(errno));
		goto out;
	}
	fclose(f);
	if (slurp(path, &text) < 0) {
		msg_set(msg, "Cannot read %s: %s", path, strerror(errno));
		goto out;
	}
	/* Every row is parsed before any is checked, as the reference does. */
	while (pos < text.len) {
		const char *s;
		size_t len, start = pos;
		struct sfb_obj o = { 0 };
		const char *why;

		pos = next_line(text.p, text.len, pos, &len);
		lineno++;
		s = text.p + start;
		py_strip(&s, &len);
		if (!len)
			continue;
		if (sfb_obj_parse(&o, s, len, &why) < 0) {
			sfb_obj_free(&o);
			if (strcmp(why, "not a JSON object") == 0) {
				msg_set(msg, "JSONL row must be an object at %s:%zu",
				    path, lineno);
				goto out;
			}
			if (sfb_py_json_error(s, len, &pid) == 0) {
				if (sfb_buf_putc(&pid, '\0') == 0)
					why = pid.p;
			}
			msg_set(msg, "Invalid JSONL at %s:%zu: %s", path, lineno,
			    why);
			goto out;
		}
		sfb_obj_free(&o);
		if (nrows == cap) {
			struct sfb_span *nr;

			cap = cap ? cap * 2 : 1024;
			if (!(nr = realloc(rows, cap * sizeof *nr))) {
				msg_set(msg, "out of memory");
				goto out;
			}
			rows = nr;
		}
		rows[nrows].p = s;
		rows[nrows++].n = len;
	}
	if (!(sc->source = malloc((nrows ? nrows : 1) * sizeof *sc->source))) {
		msg_set(msg, "out of memory");
		goto out;
	}
	for (i = 0; i < nrows; i++) {
		struct sfb_obj o = { 0 };
		const struct sfb_member *m;
		const char *why;
		long k, s;
		int added;

		if (sfb_obj_parse(&o, rows[i].p, rows[i].n, &why) < 0) {
			msg_set(msg, "out of memory");
			goto out;
		}
		if (pair_identity(&o, &pid, &sid) < 0) {
			sfb_obj_free(&o);
			msg_set(msg, "Invalid source/edit/pair identity in QC "
			    "manifest row %zu", i + 1);
			goto out;
		}
		m = sfb_obj_get(&o, "passed_qc", 9);
		k = strtab_add(&sc->pairs, pid.p, pid.len, &added);
		if (k >= 0 && !added) {
			sfb_obj_free(&o);
			msg_set(msg, "Duplicate pair_id in QC manifest: %.*s",
			    (int)pid.len, pid.p);
			goto out;
		}
		if (!m || sfb_json_type(&m->val) != SFB_JTRUE) {
			sfb_obj_free(&o);
			msg_set(msg, "Non-passing row in QC-passed manifest: %.*s",
			    (int)pid.len, pid.p);
			goto out;
		}
		sfb_obj_free(&o);
		s = strtab_add(&sc->sources, sid.p, sid.len, &added);
		if (k < 0 || s < 0) {
			msg_set(msg, "out of memory");
			goto out;
		}
		sc->source[k] = (size_t)s;
	}
	if (!nrows) {
		msg_set(msg, "No usable pair rows found in %s", path);
		goto out;
	}
	r = 0;
out:
	free(rows);
	free(path);
	sfb_buf_free(&text);
	sfb_buf_free(&pid);
	sfb_buf_free(&sid);
	return r;
}

/* Read a whole JSON document; the object's members in *o. */
static int
load_doc(const char *path, struct sfb_buf *text, struct sfb_obj *o,
    int *isobj, struct sfb_buf *msg)
{
	struct sfb_span v;
	const char *why;

	*isobj = 0;
	if (slurp(path, text) < 0)
		return msg_set(msg, "Cannot read %s: %s", path, strerror(errno));
	if (sfb_json_validate(text->p, text->len, &v, &why) < 0)
		return msg_set(msg, "Invalid JSON in %s: %s", path, why);
	if (sfb_json_type(&v) == SFB_JOBJECT) {
		if (sfb_obj_parse(o, v.p, v.n, &why) < 0)
			return msg_set(msg, "out of memory");
		*isobj = 1;
	}
	return 0;
}

/*
 * Read a whole JSON document whose member key must be a non-empty list;
 * that list in *list, or -1 with "Missing KEY list in PATH".
 */
static int
load_list(const char *path, const char *key, struct sfb_buf *text,
    struct sfb_obj *o, struct sfb_span *list, struct sfb_buf *msg)
{
	const struct sfb_member *m = NULL;
	struct sfb_span e;
	size_t pos = 0;
	int isobj;

	if (load_doc(path, text, o, &isobj, msg) < 0)
		return -1;
	if (isobj)
		m = sfb_obj_get(o, key, strlen(key));
	if (!m || sfb_json_type(&m->val) != SFB_JARRAY ||
	    !sfb_json_arr_next(&m->val, &pos, &e))
		return msg_set(msg, "Missing %s list in %s", key, path);
	*list = m->val;
	return 0;
}

/* Python's `type(x) is int and x == n` on a raw member. */
static int
count_is(const struct sfb_member *m, size_t n)
{
	char want[32];
	const char *p;
	size_t len, i;

	if (!m || sfb_json_type(&m->val) != SFB_JNUMBER)
		return 0;
	p = m->val.p;
	len = m->val.n;
	for (i = 0; i < len; i++)
		if (p[i] == '.' || p[i] == 'e' || p[i] == 'E')
			return 0;	/* a float, even 1000.0 */
	if (len == 2 && p[0] == '-' && p[1] == '0') {
		p = "0";
		len = 1;
	}
	return (size_t)snprintf(want, sizeof want, "%zu", n) == len &&
	    memcmp(want, p, len) == 0;
}

/* evaluation_source_subset_core1000.json: the set of source ids. */
static int
load_core(struct strtab *core, const char *root, struct sfb_buf *msg)
{
	struct sfb_buf text = { 0 }, s = { 0 };
	struct sfb_obj o = { 0 };
	char *path = join(root, CORE_REL);
	struct sfb_span list, e;
	size_t pos = 0, count = 0;
	int r = -1, added, dup = 0;

	if (!path)
		return msg_set(msg, "out of memory");
	if (load_list(path, "source_ids", &text, &o, &list, msg) < 0)
		goto out;
	/* Every element is checked for validity before duplicates. */
	while (sfb_json_arr_next(&list, &pos, &e)) {
		const char *p;
		size_t n;

		s.len = 0;
		if (sfb_json_type(&e) != SFB_JSTRING ||
		    sfb_json_str_decode(&e, &s) < 0) {
			msg_set(msg, "Invalid source_id in %s", path);
			goto out;
		}
		p = s.p;
		n = s.len;
		py_strip(&p, &n);
		if (!n || n != s.len) {
			msg_set(msg, "Invalid source_id in %s", path);
			goto out;
		}
		if (strtab_add(core, s.p, s.len, &added) < 0) {
			msg_set(msg, "out of memory");
			goto out;
		}
		dup |= !added;
		count++;
	}
	if (dup) {
		msg_set(msg, "Duplicate source_id in %s", path);
		goto out;
	}
	if (!count_is(sfb_obj_get(&o, "actual_n", 8), count)) {
		msg_set(msg, "actual_n does not match %zu unique records in %s",
		    count, path);
		goto out;
	}
	r = 0;
out:
	free(path);
	sfb_obj_free(&o);
	sfb_buf_free(&text);
	sfb_buf_free(&s);
	return r;
}

/* all_model_intersection_2166_manifest.json: the set of pair ids. */
static int
load_inter(struct strtab *ids, const char *root, struct sfb_buf *msg)
{
	struct sfb_buf text = { 0 }, pid = { 0 }, sid = { 0 };
	struct sfb_obj o = { 0 };
	char *path = join(root, INTER_REL);
	struct sfb_span list, e;
	size_t pos = 0, k = 0;
	int r = -1, added;

	if (!path)
		return msg_set(msg, "out of memory");
	if (load_list(path, "records", &text, &o, &list, msg) < 0)
		goto out;
	while (sfb_json_arr_next(&list, &pos, &e)) {
		struct sfb_obj rec = { 0 };
		const char *why;

		k++;
		if (sfb_json_type(&e) != SFB_JOBJECT) {
			msg_set(msg, "intersection record %zu must be an object", k);
			goto out;
		}
		if (sfb_obj_parse(&rec, e.p, e.n, &why) < 0) {
			msg_set(msg, "out of memory");
			goto out;
		}
		if (pair_identity(&rec, &pid, &sid) < 0) {
			sfb_obj_free(&rec);
			msg_set(msg, "Invalid source/edit/pair identity in "
			    "intersection record %zu", k);
			goto out;
		}
		sfb_obj_free(&rec);
		if (strtab_add(ids, pid.p, pid.len, &added) < 0) {
			msg_set(msg, "out of memory");
			goto out;
		}
		if (!added) {
			msg_set(msg, "Duplicate pair_id in intersection manifest: "
			    "%.*s", (int)pid.len, pid.p);
			goto out;
		}
	}
	if (!count_is(sfb_obj_get(&o, "pair_count", 10), ids->n)) {
		msg_set(msg, "pair_count does not match %zu unique records in %s",
		    ids->n, path);
		goto out;
	}
	r = 0;
out:
	free(path);
	sfb_obj_free(&o);
	sfb_buf_free(&text);
	sfb_buf_free(&pid);
	sfb_buf_free(&sid);
	return r;
}

/* ---- a list of ids: sorted, the first few joined with ", " */

struct idref {
	const char *s;
	size_t n;
};

static int
idref_cmp(const void *a, const void *b)
{
	const struct idref *x = a, *y = b;

	return bytes_cmp(x->s, x->n, y->s, y->n);
}

static int
first_sorted(struct sfb_buf *msg, const char *head, struct idref *ids,
    size_t n, size_t max)
{
	size_t i;

	qsort(ids, n, sizeof *ids, idref_cmp);
	msg->len = 0;
	if (sfb_buf_puts(msg, head) < 0)
		return -1;
	for (i = 0; i < n && i < max; i++)
		if ((i && sfb_buf_put(msg, ", ", 2) < 0) ||
		    sfb_buf_put(msg, ids[i].s, ids[i].n) < 0)
			return -1;
	return -1;
}

void
scope_free(struct scope *sc)
{
	strtab_free(&sc->pairs);
	strtab_free(&sc->sources);
	free(sc->source);
	free(sc->expected);
	memset(sc, 0, sizeof *sc);
}

static int
select_core(struct scope *sc, const struct strtab *core, struct sfb_buf *msg)
{
	struct idref *absent = NULL;
	size_t i, na = 0, n;

	for (i = 0; i < core->n; i++)
		if (strtab_find(&sc->sources, core->bytes.p + core->off[i],
		    core->len[i]) < 0) {
			struct idref *a = realloc(absent, (na + 1) * sizeof *a);

			if (!a) {
				free(absent);
				return msg_set(msg, "out of memory");
			}
			absent = a;
			absent[na].s = strtab_str(core, i, &n);
			absent[na++].n = n;
		}
	if (na) {
		first_sorted(msg, "Common core contains source IDs absent from "
		    "QC manifest: ", absent, na, 5);
		free(absent);
		return -1;
	}
	return 0;
}

int
scope_load(struct scope *sc, const char *root, const char *scope,
    const struct sfb_score_pins *pins, const struct strtab *submitted,
    struct sfb_buf *msg)
{
	struct strtab core = { 0 }, inter = { 0 };
	struct idref *bad = NULL;
	size_t i, nbad = 0, n;
	int r = -1;

	if (verify_pins(sc, root, scope, pins, msg) < 0 ||
	    load_qc(sc, root, msg) < 0)
		return -1;
	if (!(sc->expected = calloc(sc->pairs.n, 1)) ||
	    !(bad = malloc((sc->pairs.n + (submitted ? submitted->n : 0) +
	    1) * sizeof *bad)))
		return msg_set(msg, "out of memory");
	if (strcmp(scope, "qc-passed") == 0) {
		memset(sc->expected, 1, sc->pairs.n);
	} else if (strcmp(scope, "common-core-1000") == 0) {
		if (load_core(&core, root, msg) < 0 ||
		    select_core(sc, &core, msg) < 0)
			goto out;
		for (i = 0; i < sc->pairs.n; i++) {
			const char *s = strtab_str(&sc->sources, sc->source[i], &n);

			sc->expected[i] = strtab_find(&core, s, n) >= 0;
		}
	} else if (strcmp(scope, "all-model-intersection-2166") == 0) {
		if (load_inter(&inter, root, msg) < 0)
			goto out;
		for (i = 0; i < inter.n; i++) {
			const char *s = strtab_str(&inter, i, &n);

			if (strtab_find(&sc->pairs, s, n) < 0) {
				bad[nbad].s = s;
				bad[nbad++].n = n;
			}
		}
		if (nbad) {
			first_sorted(msg, "All-model intersection contains pair "
			    "IDs absent from QC manifest: ", bad, nbad, 5);
			goto out;
		}
		if (load_core(&core, root, msg) < 0)
			goto out;
		for (i = 0; i < inter.n; i++) {
			const char *s = strtab_str(&inter, i, &n);
			long k = strtab_find(&sc->pairs, s, n);
			size_t sn;
			const char *src = strtab_str(&sc->sources,
			    sc->source[k], &sn);

			if (strtab_find(&core, src, sn) < 0) {
				bad[nbad].s = s;
				bad[nbad++].n = n;
			}
			sc->expected[k] = 1;
		}
		if (nbad) {
			first_sorted(msg, "All-model intersection contains pair "
			    "IDs outside the common core: ", bad, nbad, 5);
			goto out;
		}
	} else {
		for (i = 0; i < submitted->n; i++) {
			const char *s = strtab_str(submitted, i, &n);
			long k = strtab_find(&sc->pairs, s, n);

			if (k < 0) {
				bad[nbad].s = s;
				bad[nbad++].n = n;
			} else
				sc->expected[k] = 1;
		}
		if (nbad) {
			first_sorted(msg, "Toy submission contains unknown pair "
			    "IDs: ", bad, nbad, 5);
			goto out;
		}
	}
	for (i = 0; i < sc->pairs.n; i++)
		sc->nexpected += sc->expected[i];
	r = 0;
out:
	free(bad);
	strtab_free(&core);
	strtab_free(&inter);
	return r;
}
