/* config.c - the generator config and its YAML file (config.h). */
#include "generator/config.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <yaml.h>

#include "core/pyrepr.h"
#include "generator/pypath.h"

/* What PyYAML's safe_load makes of a scalar. */
enum kind {
	K_NULL, K_BOOL, K_INT, K_FLOAT, K_STR, K_TIMESTAMP, K_MAPPING,
	K_SEQUENCE, K_BAD,
};

static const char *const kind_name[] = {
	"null", "a boolean", "an integer", "a float", "a string",
	"a timestamp", "a mapping", "a sequence", "a value",
};

struct value {
	enum kind k;
	int falsy;		/* bool(value) is False */
	int big;		/* an integer beyond 64 bits */
	long long i;
	double f;
	struct sfb_buf text;	/* the scalar as written (WTF-8) */
	unsigned long line;
};

enum field {
	F_BASE_MODEL, F_LORA_RANK, F_LORA_ALPHA, F_INFERENCE_STEPS,
	F_GUIDANCE_SCALE, F_STRENGTH, F_SEED, F_IMAGE_SIZE, F_TSXR_MASK_BLEND,
	F_CHECKPOINT_PATH, F_DEVICE, NFIELDS,
};

static const char *const field_name[NFIELDS] = {
	"base_model", "lora_rank", "lora_alpha", "inference_steps",
	"guidance_scale", "strength", "seed", "image_size", "tsxr_mask_blend",
	"checkpoint_path", "device",
};

int
sfb_gen_config_set(struct sfb_buf *field, const char *s, size_t n)
{
	field->len = 0;
	return sfb_buf_put(field, s, n);
}

int
sfb_gen_config_init(struct sfb_gen_config *c)
{
	static const struct sfb_gen_real gs = { 5.0, 0, 0 }, st = { 0.15, 0, 0 },
	    bl = { 0.7, 0, 0 };

	memset(c, 0, sizeof *c);
	c->lora_rank = 64;
	c->lora_alpha = 128;
	c->inference_steps = 50;
	c->guidance_scale = gs;
	c->strength = st;
	c->seed = 42;
	c->image_size = 512;
	c->tsxr_mask_blend = bl;
	if (sfb_buf_puts(&c->base_model, "runwayml/stable-diffusion-v1-5") < 0 ||
	    sfb_buf_puts(&c->device, "auto") < 0) {
		sfb_gen_config_free(c);
		return -1;
	}
	return 0;
}

void
sfb_gen_config_free(struct sfb_gen_config *c)
{
	sfb_buf_free(&c->base_model);
	sfb_buf_free(&c->checkpoint_path);
	sfb_buf_free(&c->device);
}

/* ---- PyYAML's implicit resolvers (YAML 1.1) ---- */

static int
is_digit(char c, int base)
{
	if (base == 2)
		return c == '0' || c == '1';
	if (base == 8)
		return c >= '0' && c <= '7';
	if (base == 16)
		return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') ||
		    (c >= 'A' && c <= 'F');
	return c >= '0' && c <= '9';
}

/* s[i..n) is one or more of digits of base and '_'. */
static int
all_digits(const char *s, size_t i, size_t n, int base)
{
	if (i >= n)
		return 0;
	for (; i < n; i++)
		if (s[i] != '_' && !is_digit(s[i], base))
			return 0;
	return 1;
}

/* (?::[0-5]?[0-9])+ from i to the end. */
static int
sexa_tail(const char *s, size_t i, size_t n)
{
	if (i >= n)
		return 0;
	while (i < n) {
		size_t d = 0;

		if (s[i++] != ':')
			return 0;
		while (i < n && d < 2 && is_digit(s[i], 10)) {
			i++;
			d++;
		}
		if (d == 0 || (d == 2 && s[i - 2] > '5'))
			return 0;
	}
	return 1;
}

/* The end of [1-9][0-9_]* (or [0-9][0-9_]* when any_first) from i, or i. */
static size_t
span_dec(const char *s, size_t i, size_t n, int any_first)
{
	if (i >= n || !is_digit(s[i], 10) || (!any_first && s[i] == '0'))
		return i;
	for (i++; i < n && (s[i] == '_' || is_digit(s[i], 10)); i++)
		;
	return i;
}

static int
match_int(const char *s, size_t n)
{
	size_t i = (n && (s[0] == '-' || s[0] == '+')), e;

	if (n - i >= 2 && s[i] == '0' && s[i + 1] == 'b')
		return all_digits(s, i + 2, n, 2);
	if (n - i >= 2 && s[i] == '0' && s[i + 1] == 'x')
		return all_digits(s, i + 2, n, 16);
	if (n - i >= 2 && s[i] == '0')
		return all_digits(s, i + 1, n, 8);
	if (n - i == 1 && s[i] == '0')
		return 1;
	e = span_dec(s, i, n, 0);
	if (e == i)
		return 0;
	return e == n || sexa_tail(s, e, n);
}

/* [eE][-+][0-9]+ from i to the end, or nothing. */
static int
exp_tail(const char *s, size_t i, size_t n)
{
	if (i == n)
		return 1;
	if (n - i < 3 || (s[i] != 'e' && s[i] != 'E') ||
	    (s[i + 1] != '-' && s[i + 1] != '+'))
		return 0;
	for (i += 2; i < n; i++)
		if (!is_digit(s[i], 10))
			return 0;
	return 1;
}

static int
match_float(const char *s, size_t n)
{
	size_t i = (n && (s[0] == '-' || s[0] == '+')), e, c;

	if (n - i == 4 && s[i] == '.' && (!memcmp(s + i + 1, "inf", 3) ||
	    !memcmp(s + i + 1, "Inf", 3) || !memcmp(s + i + 1, "INF", 3)))
		return 1;
	if (i == 0 && n == 4 && (!memcmp(s, ".nan", 4) || !memcmp(s, ".NaN", 4) ||
	    !memcmp(s, ".NAN", 4)))
		return 1;
	if (i == 0 && n >= 2 && s[0] == '.') {
		/* \.[0-9_]+ then the exponent */
		for (e = 1; e < n && (s[e] == '_' || is_digit(s[e], 10)); e++)
			;
		return e > 1 && exp_tail(s, e, n);
	}
	e = span_dec(s, i, n, 1);
	if (e == i)
		return 0;
	if (e < n && s[e] == '.') {
		for (e++; e < n && (s[e] == '_' || is_digit(s[e], 10)); e++)
			;
		return exp_tail(s, e, n);
	}
	/* [0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]* */
	for (c = n; c > e && s[c - 1] != '.'; c--)
		;
	if (c == e || s[e] != ':')
		return 0;
	for (size_t k = c; k < n; k++)
		if (s[k] != '_' && !is_digit(s[k], 10))
			return 0;
	return sexa_tail(s, e, c - 1);
}

static int
match_timestamp(const char *s, size_t n)
{
	size_t i, d;

	/* [0-9]{4}-[0-9]{1,2}-[0-9]{1,2}, then an optional time. */
	for (i = 0; i < 4; i++)
		if (i >= n || !is_digit(s[i], 10))
			return 0;
	for (int part = 0; part < 2; part++) {
		if (i >= n || s[i++] != '-')
			return 0;
		for (d = 0; i < n && d < 2 && is_digit(s[i], 10); d++)
			i++;
		if (d == 0)
			return 0;
	}
	if (i == n)
		return i == 10;		/* the date alone needs two digits each */
	if (s[i] == 'T' || s[i] == 't')
		i++;
	else if (s[i] == ' ' || s[i] == '\t')
		while (i < n && (s[i] == ' ' || s[i] == '\t'))
			i++;
	else
		return 0;
	for (d = 0; i < n && d < 2 && is_digit(s[i], 10); d++)
		i++;
	if (d == 0)
		return 0;
	for (int part = 0; part < 2; part++) {
		if (n - i < 3 || s[i] != ':' || !is_digit(s[i + 1], 10) ||
		    !is_digit(s[i + 2], 10))
			return 0;
		i += 3;
	}
	if (i < n && s[i] == '.')
		for (i++; i < n && is_digit(s[i], 10); i++)
			;
	while (i < n && (s[i] == ' ' || s[i] == '\t'))
		i++;
	if (i < n && s[i] == 'Z')
		return i + 1 == n;
	if (i < n && (s[i] == '-' || s[i] == '+')) {
		for (i++, d = 0; i < n && d < 2 && is_digit(s[i], 10); d++)
			i++;
		if (d == 0)
			return 0;
		if (i < n && s[i] == ':') {
			if (n - i < 3 || !is_digit(s[i + 1], 10) ||
			    !is_digit(s[i + 2], 10))
				return 0;
			i += 3;
		}
	}
	return i == n;
}

static int
text_is(const char *s, size_t n, const char *const *words)
{
	for (; *words; words++)
		if (strlen(*words) == n && memcmp(*words, s, n) == 0)
			return 1;
	return 0;
}

/* int(s[0..n) without '_', base); -1 on overflow of 64 bits. */
static int
to_int(const char *s, size_t n, int base, unsigned long long *v)
{
	unsigned long long x = 0;
	size_t i;

	for (i = 0; i < n; i++) {
		unsigned d;

		if (s[i] == '_')
			continue;
		d = s[i] <= '9' ? (unsigned)(s[i] - '0') :
		    (unsigned)((s[i] | 0x20) - 'a' + 10);
		if (x > (ULLONG_MAX - d) / (unsigned)base)
			return -1;
		x = x * (unsigned)base + d;
	}
	*v = x;
	return 0;
}

/* PyYAML's construct_yaml_int on a text the int resolver matched. */
static void
make_int(struct value *v, const char *s, size_t n)
{
	unsigned long long x = 0, part, base = 1;
	int neg = n && s[0] == '-';
	size_t i = (n && (s[0] == '-' || s[0] == '+')), j, e;
	int ovf = 0;

	v->k = K_INT;
	if (n - i >= 2 && s[i] == '0' && (s[i + 1] == 'b' || s[i + 1] == 'x'))
		ovf = to_int(s + i + 2, n - i - 2, s[i + 1] == 'b' ? 2 : 16, &x);
	else if (n - i >= 1 && s[i] == '0')
		ovf = to_int(s + i, n - i, 8, &x);
	else if (memchr(s + i, ':', n - i) == NULL)
		ovf = to_int(s + i, n - i, 10, &x);
	else {
		/* Sexagesimal: the parts from the right, times powers of 60. */
		for (e = n; e > i && !ovf; e = j - 1) {
			for (j = e; j > i && s[j - 1] != ':'; j--)
				;
			if (to_int(s + j, e - j, 10, &part) < 0 ||
			    (part && base > ULLONG_MAX / part) ||
			    x > ULLONG_MAX - part * base)
				ovf = 1;
			else
				x += part * base;
			if (j > i && base > ULLONG_MAX / 60)
				ovf = 1;
			base *= 60;
			if (j == i)
				break;
		}
	}
	if (ovf || (neg ? x > (unsigned long long)LLONG_MAX + 1 :
	    x > (unsigned long long)LLONG_MAX)) {
		v->big = 1;
		v->f = neg ? -HUGE_VAL : HUGE_VAL;
		return;
	}
	v->i = neg ? (long long)(0 - x) : (long long)x;
	v->f = (double)v->i;
	v->falsy = x == 0;
}

/* PyYAML's construct_yaml_float on a text the float resolver matched. */
static int
make_float(struct value *v, const char *s, size_t n)
{
	char tmp[128], *end;
	size_t i, k = 0;
	int neg = 0;
	double x = 0, base = 1;

	v->k = K_FLOAT;
	for (i = 0; i < n; i++)
		if (s[i] != '_') {
			if (k + 1 >= sizeof tmp)
				return -1;
			tmp[k++] = (char)(s[i] >= 'A' && s[i] <= 'Z' ? s[i] | 0x20 : s[i]);
		}
	tmp[k] = '\0';
	i = 0;
	if (tmp[0] == '-' || tmp[0] == '+')
		neg = tmp[i++] == '-';
	if (strcmp(tmp + i, ".inf") == 0)
		x = HUGE_VAL;
	else if (strcmp(tmp + i, ".nan") == 0)
		x = NAN;
	else if (strchr(tmp + i, ':')) {
		char *p = tmp + k, *q;

		/* Sum from the last part, base times 60, in doubles. */
		for (;;) {
			for (q = p; q > tmp + i && q[-1] != ':'; q--)
				;
			*p = '\0';
			x += strtod(q, NULL) * base;
			base *= 60;
			if (q == tmp + i)
				break;
			p = q - 1;
		}
	} else {
		x = strtod(tmp + i, &end);
	}
	v->f = neg ? -x : x;
	v->falsy = v->f == 0;
	return 0;
}

/* Resolve a scalar event as PyYAML's SafeLoader would. */
static int
resolve(struct value *v, const yaml_event_t *ev)
{
	static const char *const nulls[] = { "~", "null", "Null", "NULL", "", NULL };
	static const char *const trues[] = { "yes", "Yes", "YES", "true",
	    "True", "TRUE", "on", "On", "ON", NULL };
	static const char *const falses[] = { "no", "No", "NO", "false",
	    "False", "FALSE", "off", "Off", "OFF", NULL };
	const char *s = (const char *)ev->data.scalar.value;
	size_t n = ev->data.scalar.length;
	const char *tag = (const char *)ev->data.scalar.tag;
	int plain = ev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE;

	v->k = K_STR;
	v->falsy = v->big = 0;
	v->text.len = 0;
	if (sfb_buf_put(&v->text, s, n) < 0)
		return -1;
	if (tag && strcmp(tag, "!") != 0) {
		if (!strcmp(tag, "tag:yaml.org,2002:str"))
			plain = 0;
		else if (!strcmp(tag, "tag:yaml.org,2002:int") && match_int(s, n))
			plain = 1;
		else if (!strcmp(tag, "tag:yaml.org,2002:float") && match_float(s, n))
			return make_float(v, s, n) < 0 ? (v->k = K_BAD, 0) : 0;
		else if (!strcmp(tag, "tag:yaml.org,2002:null")) {
			v->k = K_NULL;	/* construct_yaml_null ignores the text */
			v->falsy = 1;
			return 0;
		} else if (!strcmp(tag, "tag:yaml.org,2002:bool") &&
		    (text_is(s, n, trues) || text_is(s, n, falses)))
			plain = 1;
		else {
			v->k = K_BAD;
			return 0;
		}
	} else if (tag) {
		plain = 1;	/* PyYAML resolves "!" as if untagged and plain */
	}
	if (!plain) {
		v->falsy = n == 0;
		return 0;
	}
	if (text_is(s, n, nulls)) {
		v->k = K_NULL;
		v->falsy = 1;
	} else if (text_is(s, n, trues)) {
		v->k = K_BOOL;
	} else if (text_is(s, n, falses)) {
		v->k = K_BOOL;
		v->falsy = 1;
	} else if (match_float(s, n)) {
		if (make_float(v, s, n) < 0)
			v->k = K_BAD;
	} else if (match_int(s, n)) {
		make_int(v, s, n);
	} else if (match_timestamp(s, n)) {
		v->k = K_TIMESTAMP;
	} else if (n == 1 && s[0] == '=') {
		v->k = K_BAD;	/* the value tag, which SafeLoader cannot build */
	} else if (n == 2 && s[0] == '<' && s[1] == '<') {
		v->k = K_BAD;	/* a merge key outside a mapping key */
	} else {
		v->falsy = n == 0;
	}
	return 0;
}

/* ---- the document, event by event ---- */

struct anchor {
	char *name;
	struct value v;
};

struct parse {
	yaml_parser_t p;
	const char *path;
	struct sfb_err *err;
	struct anchor *a;
	size_t na, cap;
};

static int
oom(struct parse *ps)
{
	return sfb_err_set(ps->err, SFB_EXIT_USAGE, "out of memory");
}

static int
at(struct parse *ps, unsigned long line, const char *msg)
{
	ps->err->line = line;
	return sfb_err_set(ps->err, SFB_EXIT_USAGE, "%s", msg);
}

static int
next(struct parse *ps, yaml_event_t *ev)
{
	if (yaml_parser_parse(&ps->p, ev))
		return 0;
	if (ps->p.error == YAML_MEMORY_ERROR)
		return oom(ps);
	ps->err->line = ps->p.problem_mark.line + 1;
	if (ps->p.context)
		return sfb_err_set(ps->err, SFB_EXIT_USAGE, "invalid YAML: %s %s",
		    ps->p.context, ps->p.problem ? ps->p.problem : "");
	return sfb_err_set(ps->err, SFB_EXIT_USAGE, "invalid YAML: %s",
	    ps->p.problem ? ps->p.problem : "unreadable input");
}

static void
value_copy(struct value *to, const struct value *from)
{
	struct sfb_buf t = to->text;

	*to = *from;
	to->text = t;
	to->text.len = 0;
}

static int
remember(struct parse *ps, const yaml_char_t *name, const struct value *v)
{
	struct anchor *a;

	if (name == NULL)
		return 0;
	if (ps->na == ps->cap) {
		size_t cap = ps->cap ? 2 * ps->cap : 8;
		if (!(a = realloc(ps->a, cap * sizeof *a)))
			return oom(ps);
		ps->a = a;
		ps->cap = cap;
	}
	a = &ps->a[ps->na];
	memset(a, 0, sizeof *a);
	if (!(a->name = strdup((const char *)name)))
		return oom(ps);
	ps->na++;
	value_copy(&a->v, v);
	if (sfb_buf_put(&a->v.text, v->text.p, v->text.len) < 0)
		return oom(ps);
	return 0;
}

/* The value of the alias named name (the latest anchor of that name). */
static int
recall(struct parse *ps, const yaml_event_t *ev, struct value *v)
{
	const char *name = (const char *)ev->data.alias.anchor;
	size_t i;

	for (i = ps->na; i-- > 0;)
		if (strcmp(ps->a[i].name, name) == 0) {
			value_copy(v, &ps->a[i].v);
			if (sfb_buf_put(&v->text, ps->a[i].v.text.p,
			    ps->a[i].v.text.len) < 0)
				return oom(ps);
			return 0;
		}
	ps->err->line = ev->start_mark.line + 1;
	return sfb_err_set(ps->err, SFB_EXIT_USAGE, "invalid YAML: found "
	    "undefined alias '%s'", name);
}

/* After the start of a collection: read to its end, remembering the
 * anchors inside; *items counts its entries. */
static int
skip(struct parse *ps, size_t *items)
{
	yaml_event_t ev;
	int depth = 1, r = 0;
	struct value v = { 0 };

	*items = 0;
	while (r == 0 && depth > 0) {
		if ((r = next(ps, &ev)) != 0)
			break;
		if (depth == 1 && ev.type != YAML_SEQUENCE_END_EVENT &&
		    ev.type != YAML_MAPPING_END_EVENT)
			(*items)++;
		switch (ev.type) {
		case YAML_SCALAR_EVENT:
			if (resolve(&v, &ev) < 0)
				r = oom(ps);
			else
				r = remember(ps, ev.data.scalar.anchor, &v);
			break;
		case YAML_SEQUENCE_START_EVENT:
		case YAML_MAPPING_START_EVENT:
			v.k = ev.type == YAML_MAPPING_START_EVENT ? K_MAPPING :
			    K_SEQUENCE;
			v.text.len = 0;
			r = remember(ps, ev.type == YAML_MAPPING_START_EVENT ?
			    ev.data.mapping_start.anchor :
			    ev.data.sequence_start.anchor, &v);
			depth++;
			break;
		case YAML_SEQUENCE_END_EVENT:
		case YAML_MAPPING_END_EVENT:
			depth--;
			break;
		default:
			break;
		}
		yaml_event_delete(&ev);
	}
	sfb_buf_free(&v.text);
	return r;
}

/* The node that starts with ev, as a value (collections are read past). */
static int
node(struct parse *ps, const yaml_event_t *ev, struct value *v)
{
	const yaml_char_t *anchor = NULL;
	size_t items;
	int r;

	v->line = ev->start_mark.line + 1;
	switch (ev->type) {
	case YAML_SCALAR_EVENT:
		if (resolve(v, ev) < 0)
			return oom(ps);
		return remember(ps, ev->data.scalar.anchor, v);
	case YAML_ALIAS_EVENT:
		r = recall(ps, ev, v);
		v->line = ev->start_mark.line + 1;
		return r;
	case YAML_SEQUENCE_START_EVENT:
		v->k = K_SEQUENCE;
		anchor = ev->data.sequence_start.anchor;
		break;
	default:
		v->k = K_MAPPING;
		anchor = ev->data.mapping_start.anchor;
		break;
	}
	v->text.len = 0;
	v->big = 0;
	if ((r = remember(ps, anchor, v)) != 0 || (r = skip(ps, &items)) != 0)
		return r;
	v->falsy = items == 0;
	return 0;
}

/* ---- the checks the reference does not make ---- */

static int
bad(struct parse *ps, enum field f, const char *want, const struct value *v,
    int type_ok)
{
	struct sfb_buf m = { 0 };
	int r;

	if (sfb_buf_puts(&m, field_name[f]) < 0 ||
	    sfb_buf_puts(&m, ": expected ") < 0 || sfb_buf_puts(&m, want) < 0 ||
	    sfb_buf_puts(&m, ", got ") < 0 ||
	    (!type_ok && sfb_buf_puts(&m, kind_name[v->k]) < 0) ||
	    (v->k != K_NULL && v->k != K_MAPPING && v->k != K_SEQUENCE &&
	    ((!type_ok && sfb_buf_putc(&m, ' ') < 0) ||
	    sfb_pyrepr_str(&m, v->text.len ? v->text.p : "",
	    v->text.len) < 0)) ||
	    sfb_buf_putc(&m, '\0') < 0) {
		sfb_buf_free(&m);
		return oom(ps);
	}
	r = at(ps, v->line, m.p);
	sfb_buf_free(&m);
	return r;
}

static int
set_str(struct parse *ps, enum field f, struct sfb_buf *to,
    const struct value *v)
{
	if (v->k != K_STR)
		return bad(ps, f, "a non-empty string", v, 0);
	if (v->text.len == 0)
		return bad(ps, f, "a non-empty string", v, 1);
	if (sfb_gen_config_set(to, v->text.p, v->text.len) < 0)
		return oom(ps);
	return 0;
}

static int
set_int(struct parse *ps, enum field f, long long *to, const struct value *v)
{
	const char *want = f == F_SEED ? "an integer from -9223372036854775808 "
	    "to 9223372036854775807" : f == F_IMAGE_SIZE ?
	    "a positive multiple of 8" : "a positive integer";

	if (v->k != K_INT)
		return bad(ps, f, want, v, 0);
	if (v->big || (f != F_SEED && v->i < 1) ||
	    (f == F_IMAGE_SIZE && v->i % 8 != 0))
		return bad(ps, f, want, v, 1);
	*to = v->i;
	return 0;
}

static int
set_real(struct parse *ps, enum field f, struct sfb_gen_real *to,
    const struct value *v)
{
	const char *want = f == F_GUIDANCE_SCALE ? "a finite number >= 0" :
	    "a number from 0 to 1";

	if (v->k != K_INT && v->k != K_FLOAT)
		return bad(ps, f, want, v, 0);
	if (v->big || !(v->f >= 0) ||
	    (f == F_GUIDANCE_SCALE ? !isfinite(v->f) : v->f > 1))
		return bad(ps, f, want, v, 1);
	to->v = v->f;
	to->i = v->i;
	to->is_int = v->k == K_INT;
	return 0;
}

static int
apply(struct parse *ps, struct sfb_gen_config *c, enum field f,
    const struct value *v)
{
	switch (f) {
	case F_BASE_MODEL: return set_str(ps, f, &c->base_model, v);
	case F_LORA_RANK: return set_int(ps, f, &c->lora_rank, v);
	case F_LORA_ALPHA: return set_int(ps, f, &c->lora_alpha, v);
	case F_INFERENCE_STEPS: return set_int(ps, f, &c->inference_steps, v);
	case F_GUIDANCE_SCALE: return set_real(ps, f, &c->guidance_scale, v);
	case F_STRENGTH: return set_real(ps, f, &c->strength, v);
	case F_SEED: return set_int(ps, f, &c->seed, v);
	case F_IMAGE_SIZE: return set_int(ps, f, &c->image_size, v);
	case F_TSXR_MASK_BLEND: return set_real(ps, f, &c->tsxr_mask_blend, v);
	case F_CHECKPOINT_PATH:
		if (v->k == K_NULL) {
			c->has_checkpoint = 0;
			c->checkpoint_path.len = 0;
			return 0;
		}
		if (v->k != K_STR)
			return bad(ps, f, "a non-empty string or null", v, 0);
		c->has_checkpoint = 1;
		return set_str(ps, f, &c->checkpoint_path, v);
	case F_DEVICE: return set_str(ps, f, &c->device, v);
	default: return 0;
	}
}

/* ---- the file ---- */

static int
warn_key(struct parse *ps, struct sfb_buf *warn, const struct value *k)
{
	char num[32];

	snprintf(num, sizeof num, ":%lu: ", k->line);
	if (sfb_buf_puts(warn, ps->path) < 0 || sfb_buf_puts(warn, num) < 0 ||
	    sfb_buf_puts(warn, "warning: unknown key ") < 0 ||
	    sfb_pyrepr_str(warn, k->text.len ? k->text.p : "",
	    k->text.len) < 0 ||
	    sfb_buf_puts(warn, " ignored\n") < 0)
		return oom(ps);
	return 0;
}

/* The members of the root mapping, after its start event. */
static int
members(struct parse *ps, struct value *slot, int *seen, struct sfb_buf *warn)
{
	struct value k = { 0 }, v = { 0 };
	yaml_event_t ev;
	int r = 0, f;

	for (;;) {
		if ((r = next(ps, &ev)) != 0)
			break;
		if (ev.type == YAML_MAPPING_END_EVENT) {
			yaml_event_delete(&ev);
			break;
		}
		if (ev.type == YAML_SEQUENCE_START_EVENT ||
		    ev.type == YAML_MAPPING_START_EVENT) {
			r = at(ps, ev.start_mark.line + 1, ev.type ==
			    YAML_MAPPING_START_EVENT ? "invalid YAML: found "
			    "unhashable key (a mapping)" : "invalid YAML: found "
			    "unhashable key (a sequence)");
			yaml_event_delete(&ev);
			break;
		}
		r = node(ps, &ev, &k);
		yaml_event_delete(&ev);
		if (r)
			break;
		if (k.k == K_BAD && k.text.len == 2 && !memcmp(k.text.p, "<<", 2)) {
			r = at(ps, k.line, "merge keys (<<) are not supported");
			break;
		}
		for (f = 0; f < NFIELDS; f++)
			if (k.k == K_STR && strlen(field_name[f]) == k.text.len &&
			    !memcmp(field_name[f], k.text.p, k.text.len))
				break;
		if ((r = next(ps, &ev)) != 0)
			break;
		r = node(ps, &ev, f < NFIELDS ? &slot[f] : &v);
		yaml_event_delete(&ev);
		if (r)
			break;
		if (f < NFIELDS)
			seen[f] = 1;
		else if ((r = warn_key(ps, warn, &k)) != 0)
			break;
	}
	sfb_buf_free(&k.text);
	sfb_buf_free(&v.text);
	return r;
}

static int
read_file(const char *path, struct sfb_buf *b, struct sfb_err *err)
{
	char chunk[65536];
	ssize_t n;
	int fd = open(path, O_RDONLY);

	if (fd < 0)
		return sfb_err_set(err, SFB_EXIT_USAGE, "%s", strerror(errno));
	while ((n = read(fd, chunk, sizeof chunk)) != 0) {
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			int e = errno;
			close(fd);
			return sfb_err_set(err, SFB_EXIT_USAGE, "%s", strerror(e));
		}
		if (sfb_buf_put(b, chunk, (size_t)n) < 0) {
			close(fd);
			return sfb_err_set(err, SFB_EXIT_USAGE, "out of memory");
		}
	}
	close(fd);
	return 0;
}

static int
document(struct parse *ps, struct sfb_gen_config *c, struct sfb_buf *warn)
{
	struct value slot[NFIELDS], root = { 0 };
	int seen[NFIELDS] = { 0 }, r = 0, f;
	yaml_event_t ev;

	memset(slot, 0, sizeof slot);
	if ((r = next(ps, &ev)) != 0)
		return r;
	yaml_event_delete(&ev);		/* the stream's start */
	if ((r = next(ps, &ev)) != 0)
		return r;
	if (ev.type == YAML_STREAM_END_EVENT) {
		yaml_event_delete(&ev);		/* no document: None */
		return 0;
	}
	yaml_event_delete(&ev);
	if ((r = next(ps, &ev)) != 0)
		return r;
	if (ev.type == YAML_MAPPING_START_EVENT) {
		r = remember(ps, ev.data.mapping_start.anchor, &root);
		yaml_event_delete(&ev);
		if (r == 0)
			r = members(ps, slot, seen, warn);
	} else {
		r = node(ps, &ev, &root);
		yaml_event_delete(&ev);
		/* `safe_load(...) or {}`: a false document is no config. */
		if (r == 0 && !root.falsy) {
			struct sfb_buf p = { 0 };
			ps->err->line = root.line;
			if (sfb_pypath_norm(&p, ps->path, strlen(ps->path)) < 0)
				p.len = 0;
			r = sfb_err_set(ps->err, SFB_EXIT_USAGE, "Expected mapping "
			    "in config file: %.*s", (int)p.len, p.p);
			sfb_buf_free(&p);
		}
	}
	if (r == 0 && (r = next(ps, &ev)) == 0)
		yaml_event_delete(&ev);		/* the document's end */
	if (r == 0 && (r = next(ps, &ev)) == 0) {
		if (ev.type != YAML_STREAM_END_EVENT)
			r = at(ps, ev.start_mark.line + 1, "invalid YAML: "
			    "expected a single document in the stream");
		yaml_event_delete(&ev);
	}
	for (f = 0; r == 0 && f < NFIELDS; f++)
		if (seen[f])
			r = apply(ps, c, (enum field)f, &slot[f]);
	for (f = 0; f < NFIELDS; f++)
		sfb_buf_free(&slot[f].text);
	sfb_buf_free(&root.text);
	return r;
}

int
sfb_gen_config_parse(struct sfb_gen_config *c, const char *path,
    const char *text, size_t n, struct sfb_buf *warn, struct sfb_err *err)
{
	struct parse ps;
	size_t i;
	int r;

	memset(&ps, 0, sizeof ps);
	ps.path = path;
	ps.err = err;
	err->file = path;
	err->line = 0;
	if (!yaml_parser_initialize(&ps.p))
		return sfb_err_set(err, SFB_EXIT_USAGE, "out of memory");
	yaml_parser_set_input_string(&ps.p, (const unsigned char *)
	    (n ? text : ""), n);
	r = document(&ps, c, warn);
	yaml_parser_delete(&ps.p);
	for (i = 0; i < ps.na; i++) {
		free(ps.a[i].name);
		sfb_buf_free(&ps.a[i].v.text);
	}
	free(ps.a);
	return r;
}

int
sfb_gen_config_load(struct sfb_gen_config *c, const char *path,
    struct sfb_buf *warn, struct sfb_err *err)
{
	struct sfb_buf text = { 0 };
	int r;

	err->file = path;
	err->line = 0;
	r = read_file(path, &text, err);
	if (r == 0)
		r = sfb_gen_config_parse(c, path, text.p, text.len, warn, err);
	sfb_buf_free(&text);
	return r;
}
