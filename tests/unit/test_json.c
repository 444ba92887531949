/* test_json.c - the JSON line scanner, string codec and splicer. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/json.h"
#include "t.h"

#define S(lit) lit, sizeof(lit) - 1

static void
parse_cases(void)
{
	static const struct {
		const char *in;
		size_t n;
		const char *why;	/* NULL: valid object */
	} c[] = {
		{ S("{}"), NULL },
		{ S("  {\"a\": 1} \r"), NULL },
		{ S("{\"a\":[1,2,{\"b\":null}],\"c\":\"x\\u00e9\\n\",\"d\":-0.5e+3}"), NULL },
		{ S("{\"a\": \"\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80\"}"), NULL },
		{ S("{\"a\": \"\\ud800\"}"), NULL },
		{ S("[1,2]"), "not a JSON object" },
		{ S("\"text\""), "not a JSON object" },
		{ S("42"), "not a JSON object" },
		{ S("{\"a\": 1"), "invalid JSON: unterminated object" },
		{ S("{\"a\" 1}"), "invalid JSON: expected ':'" },
		{ S("{a: 1}"), "invalid JSON: expected a string key" },
		{ S("{\"a\": 01}"), "invalid JSON: expected ',' or '}'" },
		{ S("{\"a\": 1.}"), "invalid JSON: bad number" },
		{ S("{\"a\": NaN}"), "invalid JSON" },
		{ S("{\"a\": tru}"), "invalid JSON" },
		{ S("{\"a\": \"x\ty\"}"), "invalid JSON: control character in string" },
		{ S("{\"a\": \"\\x\"}"), "invalid JSON: bad escape in string" },
		{ S("{\"a\": \"\\u12g4\"}"), "invalid JSON: bad \\u escape" },
		{ S("{\"a\": \"\xff\"}"), "invalid UTF-8" },
		{ S("{\"a\": \"\xc0\xaf\"}"), "invalid UTF-8" },
		{ S("{\"a\": \"\xed\xa0\x80\"}"), "invalid UTF-8" },
		{ S("{\"a\": \"\xf4\x90\x80\x80\"}"), "invalid UTF-8" },
		{ S("{\"a\": \"\xe2\x82\"}"), "invalid UTF-8" },
		{ S("{\"a\": 1} x"), "invalid JSON: extra data after the object" },
		{ S("{\"a\": 1}{}"), "invalid JSON: extra data after the object" },
		{ S("{\"a\": 1,}"), "invalid JSON: expected a string key" },
		{ S("{\"a\": [1, 2, [ 3 ,\n4 ] ], \"b\": [\"x\", \"y\"]}"), NULL },
		{ S("{\"a\": [1, ]}"), "invalid JSON" },
	};
	struct sfb_obj o = { 0 };
	size_t i;

	for (i = 0; i < sizeof c / sizeof c[0]; i++) {
		const char *why = NULL;
		int r = sfb_obj_parse(&o, c[i].in, c[i].n, &why);

		if (!c[i].why)
			t_ok(r == 0, "case %zu should parse: %s", i, why);
		else
			t_ok(r < 0 && why && strcmp(why, c[i].why) == 0,
			    "case %zu: want '%s' got '%s'", i, c[i].why,
			    r < 0 ? why : "(ok)");
	}
	sfb_obj_free(&o);
}

static void
deep(void)
{
	char s[2000];
	struct sfb_obj o = { 0 };
	const char *why = NULL;
	int i, n = 0;

	n += sprintf(s + n, "{\"a\":");
	for (i = 0; i < 600; i++)
		s[n++] = '[';
	for (i = 0; i < 600; i++)
		s[n++] = ']';
	s[n++] = '}';
	t_ok(sfb_obj_parse(&o, s, (size_t)n, &why) < 0 &&
	    strcmp(why, "invalid JSON: nested too deeply") == 0,
	    "deep nesting refused");
	sfb_obj_free(&o);
}

static void
members(void)
{
	static const char in[] =
	    "{\"a\": 1, \"b\": \"x\", \"a\": [true], \"k\\u0065y\": null}";
	struct sfb_obj o = { 0 };
	const struct sfb_member *m;
	const char *why;

	t_ok(sfb_obj_parse(&o, in, sizeof in - 1, &why) == 0, "members parse");
	t_ok(o.n == 4, "four members, got %zu", o.n);
	m = sfb_obj_get(&o, S("a"));
	t_ok(m && m->val.n == 6 && memcmp(m->val.p, "[true]", 6) == 0,
	    "last duplicate wins");
	m = sfb_obj_get(&o, S("key"));
	t_ok(m && sfb_json_type(&m->val) == SFB_JNULL, "escaped key found");
	t_ok(sfb_obj_get(&o, S("zz")) == NULL, "absent key");
	t_ok(sfb_json_type(NULL) == SFB_JNONE, "type of nothing");
	sfb_obj_free(&o);
}

static void
decode(void)
{
	static const struct {
		const char *tok;
		size_t n;
		const char *want;
		size_t wn;
	} c[] = {
		{ S("\"plain\""), S("plain") },
		{ S("\"a\\\"b\\\\c\\/d\\b\\f\\n\\r\\t\""), S("a\"b\\c/d\b\f\n\r\t") },
		{ S("\"\\u0000x\""), S("\0x") },
		{ S("\"\\u00e9\\u20AC\""), S("\xc3\xa9\xe2\x82\xac") },
		{ S("\"\\ud83d\\ude00\""), S("\xf0\x9f\x98\x80") },
		{ S("\"\\ud800\""), S("\xed\xa0\x80") },
		{ S("\"\\udfff\\ud800x\""), S("\xed\xbf\xbf\xed\xa0\x80x") },
		{ S("\"\\ud800\\u0041\""), S("\xed\xa0\x80" "A") },
	};
	struct sfb_buf b = { 0 };
	size_t i;

	for (i = 0; i < sizeof c / sizeof c[0]; i++) {
		struct sfb_span tok = { c[i].tok, c[i].n };

		b.len = 0;
		t_ok(sfb_json_str_decode(&tok, &b) == 0 && b.len == c[i].wn &&
		    memcmp(b.p, c[i].want, b.len) == 0, "decode case %zu", i);
	}
	sfb_buf_free(&b);
}

static void
encode(void)
{
	static const struct {
		const char *in;
		size_t n;
		int ascii;
		const char *want;
	} c[] = {
		{ S("a\"b\\c\n\r\t\b\f"), 1, "\"a\\\"b\\\\c\\n\\r\\t\\b\\f\"" },
		{ S("\0\x01\x1f\x7f"), 1, "\"\\u0000\\u0001\\u001f\\u007f\"" },
		{ S("\0\x7f"), 0, "\"\\u0000\x7f\"" },
		{ S("\xc3\xa9\xe2\x82\xac"), 1, "\"\\u00e9\\u20ac\"" },
		{ S("\xc3\xa9\xe2\x82\xac"), 0, "\"\xc3\xa9\xe2\x82\xac\"" },
		{ S("\xf0\x9f\x98\x80"), 1, "\"\\ud83d\\ude00\"" },
		{ S("\xed\xa0\x80"), 0, "\"\\ud800\"" },
		{ S("\xed\xa0\x80"), 1, "\"\\ud800\"" },
	};
	struct sfb_buf b = { 0 };
	size_t i;

	for (i = 0; i < sizeof c / sizeof c[0]; i++) {
		b.len = 0;
		t_ok(sfb_json_str_encode(&b, c[i].in, c[i].n, c[i].ascii) == 0 &&
		    b.len == strlen(c[i].want) &&
		    memcmp(b.p, c[i].want, b.len) == 0,
		    "encode case %zu: got %.*s", i, (int)b.len, b.p ? b.p : "");
	}
	sfb_buf_free(&b);
	/* A sequence cut short by the end (not valid input) is copied as it
	 * is and never read past: an exact-size copy lets ASan check. */
	{
		static const char *const cut[] = { "\xc3", "a\xe2\x80", "\xf0\x9f\x98" };

		for (i = 0; i < 3; i++) {
			size_t n = strlen(cut[i]);
			char *copy = malloc(n);

			memcpy(copy, cut[i], n);
			b.len = 0;
			t_ok(sfb_json_str_encode(&b, copy, n, 1) == 0 &&
			    b.len == n + 2 && memcmp(b.p + 1, cut[i], n) == 0,
			    "encode cut sequence %zu", i);
			free(copy);
		}
		sfb_buf_free(&b);
	}
}

/* The message a plain reading of string body b[0..n) gives, or NULL:
 * the reference for the scanner's block paths. */
static const char *
ref_string(const unsigned char *b, size_t n)
{
	size_t i = 0;

	while (i < n) {
		unsigned char c = b[i];

		if (c == '"')
			return "quote";
		if (c < 0x20)
			return "invalid JSON: control character in string";
		if (c == '\\') {
			if (i + 1 >= n)
				return "quote";
			c = b[i + 1];
			if (c == 'u') {
				size_t k;

				for (k = 2; k < 6; k++)
					if (i + k >= n || !((b[i + k] >= '0' && b[i + k] <= '9') ||
					    ((b[i + k] | 0x20) >= 'a' && (b[i + k] | 0x20) <= 'f')))
						return "invalid JSON: bad \\u escape";
				i += 6;
			} else if (strchr("\"\\/bfnrt", c) && c) {
				i += 2;
			} else {
				return "invalid JSON: bad escape in string";
			}
			continue;
		}
		if (c >= 0x80) {
			/* Well-formed UTF-8 without surrogates, as Python's. */
			size_t k, len = c >= 0xC2 && c <= 0xDF ? 2 : c >= 0xE0 && c <= 0xEF ? 3 :
			    c >= 0xF0 && c <= 0xF4 ? 4 : 0;
			unsigned lo = c == 0xE0 ? 0xA0 : c == 0xF0 ? 0x90 : 0x80;
			unsigned hi = c == 0xED ? 0x9F : c == 0xF4 ? 0x8F : 0xBF;

			if (!len || i + len > n || b[i + 1] < lo || b[i + 1] > hi)
				return "invalid UTF-8";
			for (k = 2; k < len; k++)
				if ((b[i + k] & 0xC0) != 0x80)
					return "invalid UTF-8";
			i += len;
			continue;
		}
		i++;
	}
	return NULL;
}

/* Strings built from escapes, bad escapes and awkward bytes at every
 * offset of the scanner's 16-, 32- and 64-byte blocks: accepted or
 * refused, with the same message, as the plain reading says, and an
 * escape noticed (key_escaped) exactly when the body holds a backslash.
 * Report-like (1): long strings of text and \n escapes (the 64-byte
 * path), with the odd other escape, awkward byte or escaped value after
 * them; (2) with \u2019 as often as \n (the AVX-512 path steps over both,
 * a \u escape across its 64-byte steps included). */
static void
blocks_escapes(int reportlike)
{
	static const char *const frag[] = {
		"a", "bcdefgh", "0123456789abcdef0123456789", "\\n", "\\\"", "\\\\",
		"\\/", "\\t", "\\u00e9", "\\uD83D\\uDE00", "\\u12g4", "\\x", "\\u00",
		"\xc3\xa9", "\xe2\x80\x99", "\xff", "\xe2\x82", "\x01", "\x7f", " ",
		"\\u0000", "\\ud800", "\\u2019", "\\\\n", "\\u", "\\", "\\\\\\",
		"\\uDBFF", "\\uabcF", "\\b\\f\\r",
	};
	size_t nfrag = sizeof frag / sizeof frag[0];
	unsigned long long x = 0x9E3779B97F4A7C15ULL;
	struct sfb_obj o = { 0 };
	char line[2000];
	int bad = 0, n_ok = 0, n_bad = 0;

	for (int it = 0; it < 100000; it++) {
		size_t n = 0, body;
		const char *why = NULL, *want;
		int r;

		memcpy(line, "{\"", 2);
		n = 2;
		body = n;
		x ^= x << 13, x ^= x >> 7, x ^= x << 17;
		for (int parts = 1 + (int)(x % (reportlike ? 60 : 14)); parts > 0;
		    parts--) {
			const char *f;

			x ^= x << 13, x ^= x >> 7, x ^= x << 17;
			/* Mostly harmless fragments, so that the awkward ones
			 * land at every offset. */
			if (reportlike)
				f = x % 64 == 0 ? frag[(x >> 8) % nfrag] :
				    x % 4 == 0 ? "\\n" : reportlike == 2 &&
				    x % 8 == 1 ? "\\u2019" : frag[x % 3];
			else
				f = frag[x % 8 < 5 ? x % 3 : (x >> 8) % nfrag];
			memcpy(line + n, f, strlen(f));
			n += strlen(f);
		}
		want = ref_string((const unsigned char *)line + body, n - body);
		if (reportlike && x % 2) {
			memcpy(line + n, "\": \"\\t\\\\\"}", 10);
			n += 10;
		} else {
			memcpy(line + n, "\": 1}", 5);
			n += 5;
		}
		r = sfb_obj_parse(&o, line, n, &why);
		if (want == NULL) {
			n_ok++;
			if ((r != 0 || o.n != 1 || o.m[0].key_escaped !=
			    (memchr(line + body, '\\', o.m[0].key.n) != NULL)) &&
			    bad++ < 5)
				t_ok(0, "should parse: %.*s (%s)", (int)n, line, r ? why : "escape flag");
		} else {
			n_bad++;
			if ((r == 0 || (strcmp(want, "quote") && strcmp(why, want))) && bad++ < 5)
				t_ok(0, "should fail with %s: %.*s (got %s)", want, (int)n, line,
				    r ? why : "ok");
		}
	}
	t_ok(bad == 0, "string blocks (%d, simd %d): %d disagreements", reportlike,
	    2 - sfb_json_no_avx512 - sfb_json_no_avx2, bad);
	t_ok(n_ok > 10000 && n_bad > (reportlike ? 1000 : 10000),
	    "string blocks (%d): %d valid, %d invalid", reportlike, n_ok, n_bad);
	sfb_obj_free(&o);
}

/* Short strings, the 16-byte first look: each awkward piece at every
 * offset of strings 0 to 40 bytes long, the line ending 0 to 20 bytes
 * after the string (so the look runs past the end, or cannot be taken),
 * as a key and as a value: accepted or refused as the plain reading
 * says, with the same message, and the escape flag exact. */
static void
short_strings(void)
{
	static const char *const piece[] = {
		"\"", "\\n", "\\\"", "\\\\", "\\u0000", "\\ud800", "\\x",
		"\\u12", "\x01", "\x1f", "\x7f", "\xc3\xa9", "\xc3", "\xed\xa0\x80",
		"\xf0\x9f\x98\x80", "\xff", "\0",
	};
	struct sfb_obj o = { 0 };
	char line[200];
	int bad = 0;

	for (size_t pi = 0; pi < sizeof piece / sizeof *piece; pi++)
		for (size_t len = 0; len <= 40; len++)
			for (size_t at = 0; at <= len; at++)
				for (size_t tail = 0; tail <= 20; tail++)
					for (int asval = 0; asval < 2; asval++) {
		const char *pc = piece[pi];
		size_t pn = pi == sizeof piece / sizeof *piece - 1 ? 1 : strlen(pc);
		size_t n = 0, body, bn, k;
		const char *why = NULL, *want;
		int r;

		memcpy(line, asval ? "{\"k\":\"" : "{\"", asval ? 6 : 2);
		n = asval ? 6 : 2;
		body = n;
		for (k = 0; k < len; k++)
			line[n++] = (char)('a' + k % 26);
		if (at < len) {
			memcpy(line + body + at, pc, pn);
			n = body + len > body + at + pn ? body + len : body + at + pn;
		}
		bn = n - body;
		want = ref_string((const unsigned char *)line + body, bn);
		line[n++] = '"';
		if (!asval) {
			memcpy(line + n, ":1", 2);
			n += 2;
		}
		for (k = 0; k < tail; k++)
			line[n++] = ' ';
		line[n++] = '}';
		r = sfb_obj_parse(&o, line, n, &why);
		if (want == NULL) {
			const struct sfb_span *sp = asval ? &o.m[0].val : &o.m[0].key;

			if ((r != 0 || o.n != 1 || (asval ? sp->n != bn + 2 :
			    sp->n != bn || o.m[0].key_escaped !=
			    (memchr(line + body, '\\', bn) != NULL))) && bad++ < 5)
				t_ok(0, "short string should parse: %.*s (%s)",
				    (int)n, line, r ? why : "span or flag");
		} else if ((r == 0 || (strcmp(want, "quote") &&
		    strcmp(why, want))) && bad++ < 5)
			t_ok(0, "short string should fail with %s: %.*s (%s)",
			    want, (int)n, line, r ? why : "ok");
					}
	t_ok(bad == 0, "short strings: %d disagreements", bad);
	sfb_obj_free(&o);
}

static void
splice_one(const char *in, const struct sfb_kv *kv, size_t n,
    const char *want)
{
	struct sfb_obj o = { 0 };
	struct sfb_buf b = { 0 };
	const char *why;

	t_ok(sfb_obj_parse(&o, in, strlen(in), &why) == 0 &&
	    sfb_obj_splice(&o, kv, n, &b) == 0 && b.len == strlen(want) &&
	    memcmp(b.p, want, b.len) == 0, "splice %s: got %.*s", in,
	    (int)b.len, b.p ? b.p : "");
	sfb_obj_free(&o);
	sfb_buf_free(&b);
}

static void
splice(void)
{
	struct sfb_kv kv[2] = { { S("x"), S("1") }, { S("y"), S("[\"a\"]") } };

	splice_one("{}", kv, 2, "{\"x\": 1, \"y\": [\"a\"]}\n");
	splice_one(" {\"a\":2 } ", kv, 2, "{\"a\":2, \"x\": 1, \"y\": [\"a\"]}\n");
	splice_one("{\"y\": 0, \"a\": 2, \"y\": 3}", kv, 2,
	    "{\"y\": [\"a\"], \"a\": 2, \"x\": 1}\n");
	splice_one("{\"a\":1,\"x\":true}", kv, 1, "{\"a\": 1, \"x\": 1}\n");
	/* A key escaped (raw length 6, decoded "x"), of kv's length but
	 * other bytes, and keys of 64 bytes and more: matched by what they
	 * decode to, whatever their raw length. */
	splice_one("{\"\\u0078\": 0, \"z\": 2}", kv, 2,
	    "{\"\\u0078\": 1, \"z\": 2, \"y\": [\"a\"]}\n");
	{
		static const char k64[] = "k123456789012345678901234567890123456789"
		    "0123456789012345678901234";
		struct sfb_kv kl[2] = { { S(k64), S("1") }, { S("x"), S("2") } };

		splice_one("{\"k123456789012345678901234567890123456789"
		    "0123456789012345678901234\": 0, \"k12345678901234567890123"
		    "45678901234567890123456789012345678901235\": 3}", kl, 2,
		    "{\"k123456789012345678901234567890123456789"
		    "0123456789012345678901234\": 1, \"k12345678901234567890123"
		    "45678901234567890123456789012345678901235\": 3, \"x\": 2}\n");
	}
}

/* Added keys are written as Python's json.dumps (ensure_ascii off) writes
 * them: plain ones copied, the others through the encoder.  Expected keys
 * from json.dumps. */
static void
splice_keys(void)
{
	static const struct {
		const char *key;
		size_t klen;
		const char *want;
	} c[] = {
		{ S("a\"b"), "{\"a\\\"b\": 1}\n" },
		{ S("c\\d"), "{\"c\\\\d\": 1}\n" },
		{ S("\xc3\xa9t\xc3\xa9"), "{\"\xc3\xa9t\xc3\xa9\": 1}\n" },
		{ S("x\001y"), "{\"x\\u0001y\": 1}\n" },
		{ S("del\177"), "{\"del\177\": 1}\n" },
		{ S(""), "{\"\": 1}\n" },
		{ S("tab\there"), "{\"tab\\there\": 1}\n" },
		{ S("~ok"), "{\"~ok\": 1}\n" },
		{ S("n\0ul"), "{\"n\\u0000ul\": 1}\n" },
	};
	size_t i;

	for (i = 0; i < sizeof c / sizeof *c; i++) {
		struct sfb_kv kv = { c[i].key, c[i].klen, S("1") };

		splice_one("{}", &kv, 1, c[i].want);
	}

	/* Keys of 0 to 20 bytes with an awkward byte at every offset of the
	 * eight-byte steps: written as the encoder (the plain twin) writes
	 * them. */
	{
		static const char awk[] = "\"\\\x01\x1f\x7f\x80\xc3\xff~ ";
		char key[24], want[200];
		int bad = 0;

		for (size_t len = 0; len <= 20; len++)
			for (size_t at = 0; at <= len; at++)
				for (size_t a = 0; a < sizeof awk - 1; a++) {
					struct sfb_buf e = { 0 };
					struct sfb_kv kv = { key, len, S("1") };

					for (size_t k = 0; k < len; k++)
						key[k] = (char)('a' + k);
					if (at < len)
						key[at] = awk[a];
					sfb_json_str_encode(&e, key, len, 0);
					snprintf(want, sizeof want, "{%.*s: 1}\n",
					    (int)e.len, e.p);
					sfb_buf_free(&e);
					{
						struct sfb_obj o = { 0 };
						struct sfb_buf b = { 0 };
						const char *why;

						if ((sfb_obj_parse(&o, "{}", 2, &why) != 0 ||
						    sfb_obj_splice(&o, &kv, 1, &b) != 0 ||
						    b.len != strlen(want) ||
						    memcmp(b.p, want, b.len) != 0) && bad++ < 5)
							t_ok(0, "key %zu at %zu: %s", len, at, want);
						sfb_obj_free(&o);
						sfb_buf_free(&b);
					}
				}
		t_ok(bad == 0, "added keys against the encoder: %d disagreements",
		    bad);
	}
}

static void
iterate(void)
{
	static const char arr[] = "[ \"a\" , {\"k\": [1, \"]\"]}, 3 ,[]]";
	static const char obj[] = "{\"p\": \"}\", \"q\" : {\"r\": 1}}";
	struct sfb_span a = { arr, sizeof arr - 1 }, o = { obj, sizeof obj - 1 };
	struct sfb_span e, k, v;
	size_t pos = 0;
	int n = 0;

	while (sfb_json_arr_next(&a, &pos, &e))
		n++;
	t_ok(n == 4, "array has 4 elements, got %d", n);
	pos = 0;
	t_ok(sfb_json_arr_next(&a, &pos, &e) && e.n == 3, "first element");
	pos = 0;
	n = 0;
	while (sfb_json_obj_next(&o, &pos, &k, &v))
		n++;
	t_ok(n == 2, "object has 2 members, got %d", n);
	pos = 0;
	sfb_json_obj_next(&o, &pos, &k, &v);
	sfb_json_obj_next(&o, &pos, &k, &v);
	t_ok(k.n == 1 && k.p[0] == 'q' && v.n == 8, "second member q");
}

/* sfb_json_arr_next and sfb_json_obj_next skip strings eight bytes at a
 * time: every escape that holds a quote or backslash, at every position
 * of a string of 0-40 bytes, in a buffer of exactly the array's size (so
 * that ASan sees a read past it), must give the spans a byte walk would. */
/* ["s","s"], or {"s":"s"} when obj, in a heap block of exactly its
 * length. */
static struct sfb_span
heap_span(int obj, const char *s)
{
	char text[200];
	struct sfb_span sp;
	int n = obj ? snprintf(text, sizeof text, "{\"%s\":\"%s\"}", s, s) :
	    snprintf(text, sizeof text, "[\"%s\",\"%s\"]", s, s);
	char *p = malloc((size_t)n);

	memcpy(p, text, (size_t)n);
	sp.p = p;
	sp.n = (size_t)n;
	return sp;
}

static void
skip_strings(void)
{
	static const char *const esc[] = { "\\\"", "\\\\", "\\\\\\\"",
	    "\\u0022", "\\u005c", "\\n", "\"" };
	size_t len, at, k;
	int ok = 1;

	for (k = 0; k < sizeof esc / sizeof esc[0]; k++)
		for (len = 0; len <= 40; len++)
			for (at = 0; at <= len; at++) {
				char body[64];
				struct sfb_span a, o, e, kk, v;
				size_t pos = 0, el = strlen(esc[k]), bl;
				char *buf;

				if (k == 6 && at > 0)
					continue;       /* the plain string, once */
				memset(body, 'x', len);
				bl = len;
				if (k < 6) {
					memcpy(body + at, esc[k], el);
					memset(body + at + el, 'y', len - at);
					bl = len + el;
				}
				body[bl] = '\0';
				a = heap_span(0, body);
				buf = (char *)a.p;
				ok &= sfb_json_arr_next(&a, &pos, &e) &&
				    e.p == buf + 1 && e.n == bl + 2;
				ok &= sfb_json_arr_next(&a, &pos, &e) &&
				    e.p == buf + bl + 4 && e.n == bl + 2;
				ok &= !sfb_json_arr_next(&a, &pos, &e);
				free(buf);
				o = heap_span(1, body);
				buf = (char *)o.p;
				pos = 0;
				ok &= sfb_json_obj_next(&o, &pos, &kk, &v) &&
				    kk.p == buf + 2 && kk.n == bl &&
				    v.p == buf + bl + 4 && v.n == bl + 2;
				ok &= !sfb_json_obj_next(&o, &pos, &kk, &v);
				free(buf);
				if (!ok) {
					t_ok(0, "string skip: escape %zu, len %zu, "
					    "at %zu", k, len, at);
					return;
				}
			}
	t_ok(ok, "string skip: escapes at every position of 0-40 bytes");
}

/* Walk a whole document with sfb_json_arr_step; returns the element count
 * or -1, with the fault's reason and offset. */
static int
step_all(const char *doc, const char **why, size_t *at, int *objects)
{
	struct sfb_obj o = { 0 };
	struct sfb_span e;
	size_t pos = 0;
	int n = 0, r;

	*objects = 0;
	while ((r = sfb_json_arr_step(doc, strlen(doc), &pos, &e, &o, why)) == 1) {
		n++;
		if (e.p[0] == '{' && o.text.p == e.p && o.text.n == e.n)
			*objects += 1;
	}
	sfb_obj_free(&o);
	*at = pos;
	return r < 0 ? -1 : n;
}

static void
array_step(void)
{
	static const struct {
		const char *doc;
		int n;		/* elements, or -1 for a fault */
		size_t at;	/* offset of the fault */
	} cases[] = {
		{ "[]", 0, 0 },
		{ " \n[ ]\n ", 0, 0 },
		{ "[{\"a\": 1}, {\"b\": [1, {\"c\": \"]\"}]}]", 2, 0 },
		{ "[1,\"x\",null,{},[]]", 5, 0 },
		{ "[{\"a\": 1}\n,\n{\"a\": 2}]\n", 2, 0 },
		{ "", -1, 0 },
		{ "  {}", -1, 2 },
		{ "[", -1, 1 },
		{ "[1,", -1, 3 },
		{ "[1 2]", -1, 3 },
		{ "[1,]", -1, 3 },
		{ "[1] x", -1, 4 },
		{ "[{\"a\": tru}]", -1, 1 },
		{ "[1, {\"a\": \"\xff\"}]", -1, 4 },
		{ "[{}, {\"a\": 1}", -1, 13 },
	};
	size_t i, at;
	const char *why = NULL;
	int n, objs;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		n = step_all(cases[i].doc, &why, &at, &objs);
		t_ok(n == cases[i].n, "arr_step case %zu: %d elements, want %d",
		    i, n, cases[i].n);
		if (cases[i].n < 0)
			t_ok(at == cases[i].at && why != NULL,
			    "arr_step case %zu: fault at %zu, want %zu", i, at,
			    cases[i].at);
	}
	n = step_all("[{\"a\": 1}, 2, {}, {\"b\": {}}]", &why, &at, &objs);
	t_ok(n == 4 && objs == 3, "arr_step records objects: %d of %d", objs,
	    n);
	n = step_all("[1, {\"a\": \"\xff\"}]", &why, &at, &objs);
	t_ok(n < 0 && strcmp(why, "invalid UTF-8") == 0, "arr_step reason %s",
	    why);
}

static void
numbers(void)
{
	struct sfb_span t1 = { S("0.1") }, t2 = { S("-1e400") }, t3 = { S("3") };
	double d;

	t_ok(sfb_json_num(&t1, &d) == 0 && d == 0.1, "0.1");
	t_ok(sfb_json_num(&t2, &d) < 0, "overflow refused");
	t_ok(sfb_json_num(&t3, &d) == 0 && d == 3.0, "integer");
}

/* Every position of a special byte across the 16- and 8-byte block paths:
 * an escape decodes, a raw control character or a bad UTF-8 byte fails. */
static void
blocks(void)
{
	struct sfb_obj o = { 0 };
	struct sfb_buf b = { 0 };
	char line[128], want[64];
	const char *why;
	int len, at, ok = 1;

	for (len = 1; len <= 40 && ok; len++)
		for (at = 0; at < len && ok; at++) {
			int n = sprintf(line, "{\"k\": \""), i, w = 0;
			struct sfb_span tok;

			for (i = 0; i < len; i++) {
				if (i == at) {
					n += sprintf(line + n, "\\n");
					want[w++] = '\n';
				} else {
					line[n++] = (char)('a' + i % 26);
					want[w++] = (char)('a' + i % 26);
				}
			}
			n += sprintf(line + n, "\"}");
			ok &= sfb_obj_parse(&o, line, (size_t)n, &why) == 0;
			tok = o.m[0].val;
			b.len = 0;
			ok &= sfb_json_str_decode(&tok, &b) == 0 &&
			    b.len == (size_t)w && memcmp(b.p, want, b.len) == 0;
			/* The same position holding a raw tab, then 0xff. */
			line[7 + at] = '\t';
			ok &= sfb_obj_parse(&o, line, (size_t)n, &why) < 0 &&
			    strcmp(why, "invalid JSON: control character in string") == 0;
			line[7 + at] = (char)0xff;
			ok &= sfb_obj_parse(&o, line, (size_t)n, &why) < 0 &&
			    strcmp(why, "invalid UTF-8") == 0;
		}
	t_ok(ok, "special bytes at every block position (len %d at %d)",
	    len - 1, at - 1);
	sfb_obj_free(&o);
	sfb_buf_free(&b);
}

/* sfb_json_str_skip on validated strings with a quote, an escape (\\" \\\\
 * \\n \\u0022) or an awkward byte (U+0000 escaped, raw UTF-8, 0x7F) at
 * every offset of its 16- and 8-byte steps, bodies of 0 to 40 bytes:
 * the end and the escape flag a byte-by-byte reading gives. */
static void
str_skip_blocks(void)
{
	static const char *const ins[] = {
		"\\\"", "\\\\", "\\n", "\\u0022", "\\u0000", "\xc3\xa9", "\x7f", "x",
		"\\\\\\\"",
	};
	char buf[128];
	int bad = 0, n = 0;

	for (size_t len = 0; len <= 40; len++)
		for (size_t at = 0; at <= len; at++)
			for (size_t k = 0; k < sizeof ins / sizeof ins[0]; k++)
				for (size_t after = 0; after < 24; after += 7) {
					size_t il = strlen(ins[k]), m = 0;
					const char *ref, *got;
					int esc = 0, rsc = 0;

					for (size_t i = 0; i < at; i++)
						buf[m++] = (char)('a' + i % 26);
					memcpy(buf + m, ins[k], il);
					m += il;
					for (size_t i = at; i < len; i++)
						buf[m++] = (char)('a' + i % 26);
					buf[m++] = '"';
					/* What follows a string in a line. */
					for (size_t i = 0; i < after; i++)
						buf[m++] = i % 2 ? '"' : '\\';
					got = sfb_json_str_skip(buf, buf + m, &esc);
					for (ref = buf; *ref != '"'; ref++)
						if (*ref == '\\')
							rsc = 1, ref++;
					ref++;
					if ((got != ref || esc != rsc) && bad++ < 5)
						t_ok(0, "str_skip: '%.*s': %td, %d vs %td, %d",
						     (int)m, buf, got - buf, esc, ref - buf, rsc);
					n++;
				}
	t_ok(bad == 0, "str_skip: %d strings, %d disagree", n, bad);
}

/*
 * sfb_json_str_decode's 64-byte path (AVX-512 VBMI2, where the CPU has
 * it) and its portable twin against the decoded text assembled piece by
 * piece: bodies of escapes (mostly \n, the vector path's case; every
 * other short escape; \u0000, lone and paired surrogates, \u escapes of
 * 'n' and '\\'; an escaped backslash before a plain n), raw UTF-8 and
 * plain letters (n among them), so every kind lands at every offset of
 * the 64-byte steps and across them, the last byte of a step included.
 */
static void
decode_vectors(void)
{
	static const struct {
		const char *esc;
		size_t ne;
		const char *dec;
		size_t nd;
	} piece[] = {
		{ S("a"), S("a") }, { S("n"), S("n") }, { S("\\n"), S("\n") },
		{ S("\\n"), S("\n") }, { S("\\n"), S("\n") }, { S("nn"), S("nn") },
		{ S("\\\\"), S("\\") }, { S("\\\\n"), S("\\n") }, { S("\\\""), S("\"") },
		{ S("\\/"), S("/") }, { S("\\t"), S("\t") }, { S("\\r"), S("\r") },
		{ S("\\b"), S("\b") }, { S("\\f"), S("\f") },
		{ S("\\u0000"), S("\0") }, { S("\\ud800"), S("\xed\xa0\x80") },
		{ S("\\ud83d\\ude00"), S("\xf0\x9f\x98\x80") },
		{ S("\\u006e"), S("n") }, { S("\\u005C"), S("\\") },
		{ S("\\u00e9"), S("\xc3\xa9") }, { S("\xc3\xa9"), S("\xc3\xa9") },
		{ S("\x7f"), S("\x7f") }, { S("\\udbff\\udfff"), S("\xf4\x8f\xbf\xbf") },
	};
	enum { NP = sizeof piece / sizeof piece[0] };
	static char tok[4096], want[4096];
	struct sfb_buf b = { 0 };
	int bad = 0, n = 0;

	for (int round = 0; round < 20000; round++) {
		size_t nt = 1, nw = 0, len = t_rnd(400);
		/* Some bodies all plain and \n but one piece, at a chosen
		 * offset; others a random mix. */
		int mix = round % 3 == 0, at = (int)t_rnd(140), one = 3 + (int)t_rnd(NP - 3);

		tok[0] = '"';
		while (nt < len) {
			int k = mix ? (int)t_rnd(NP) : nt >= (size_t)at && one >= 0 ? one :
			    (int)t_rnd(4);

			if (!mix && nt >= (size_t)at)
				one = -1;
			memcpy(tok + nt, piece[k].esc, piece[k].ne);
			memcpy(want + nw, piece[k].dec, piece[k].nd);
			nt += piece[k].ne;
			nw += piece[k].nd;
		}
		tok[nt++] = '"';
		for (int plain = 0; plain < 2; plain++) {
			struct sfb_span sp = { tok, nt };

			sfb_json_no_vbmi2 = plain;
			b.len = 0;
			if ((sfb_json_str_decode(&sp, &b) < 0 || b.len != nw ||
			    memcmp(b.p, want, nw) != 0) && bad++ < 5)
				t_ok(0, "decode_vectors (plain %d): '%.*s'", plain, (int)nt, tok);
			n++;
		}
	}
	sfb_json_no_vbmi2 = 0;
	t_ok(bad == 0, "decode_vectors: %d strings, %d disagree", n, bad);
	sfb_buf_free(&b);
}

/* Arrays of strings in every layout, read by the AVX-512 pass over the
 * arrays the stages write and by the token-by-token scan (the hooks
 * choose it): the same verdict, message and value span for each.  The
 * elements and what lies between them are drawn so that the first odd
 * byte (an escape, a control or non-ASCII byte, other white space, a
 * missing or doubled comma, a non-string, the line's end) falls at every
 * offset of the 64-byte steps; each line in a heap block of exactly its
 * length, so that ASan sees a read past it. */
static void
arrays_both_ways(void)
{
	static const char *const piece[] = {
		"a", "Fracture", "Disc space narrowing", "x y", "'", ",", "]",
		"[", "{", ":", "\\n", "\\\"", "\\u0000", "\\ud800", "\\x",
		"\x01", "\t", "\xc3\xa9", "\xff", "\x7f", "\0", "\\\\",
	};
	static const char *const sep[] = {
		", ", ",", " , ", "  ,  ", ",,", "", " ", ",\t", "\n,", ", 1, ",
		", [], ", ", true, ", ", null, ", ", [\"a\"], ", ", {}, ",
	};
	static const char *const tail[] = {
		"]", " ]", "]", "]", ", ]", "", " ", "]]", "\t]", "] ",
	};
	unsigned long long x = 0x2545F4914F6CDD1DULL;
	int bad = 0, n_ok = 0, n_fast = 0, n_err = 0;

	for (int it = 0; it < 60000; it++) {
		char line[1200];
		size_t n = 0, cut;
		int nel, odd, r[2];
		const char *why[2];
		struct sfb_obj o[2];
		char *buf;

		x ^= x << 13, x ^= x >> 7, x ^= x << 17;
		odd = x % 3 != 0;       /* some lines all in the stages' form */
		memcpy(line, "{\"k\": [", 7);
		n = 7;
		nel = 1 + (int)(x >> 4) % 12;
		for (int e = 0; e < nel; e++) {
			size_t len;
			const char *sp;

			x ^= x << 13, x ^= x >> 7, x ^= x << 17;
			if (e > 0) {
				sp = odd && x % 16 == 0 ?
				    sep[(x >> 8) % (sizeof sep / sizeof sep[0])] : ", ";
				memcpy(line + n, sp, strlen(sp));
				n += strlen(sp);
			}
			line[n++] = '"';
			len = (size_t)(x >> 12) % 70;
			for (size_t i = 0; i < len; i++)
				line[n++] = (char)('a' + (x >> (i % 40)) % 26);
			if (odd && (x >> 20) % 8 == 0) {
				const char *pc = piece[(x >> 24) %
				    (sizeof piece / sizeof piece[0])];
				size_t pl = strlen(pc) ? strlen(pc) : 1;

				memcpy(line + n, pc, pl);
				n += pl;
			}
			line[n++] = '"';
		}
		x ^= x << 13, x ^= x >> 7, x ^= x << 17;
		{
			const char *tl = odd && x % 4 == 0 ?
			    tail[(x >> 8) % (sizeof tail / sizeof tail[0])] : "]";

			memcpy(line + n, tl, strlen(tl));
			n += strlen(tl);
		}
		memcpy(line + n, ", \"z\": 1}", 9);
		n += 9;
		/* Sometimes the line ends early, inside the array. */
		cut = odd && x % 7 == 0 ? 8 + (size_t)(x >> 16) % (n - 8) : n;
		buf = malloc(cut);
		memcpy(buf, line, cut);
		memset(o, 0, sizeof o);
		for (int w = 0; w < 2; w++) {
			sfb_json_no_avx512 = w;
			why[w] = NULL;
			r[w] = sfb_obj_parse(&o[w], buf, cut, &why[w]);
		}
		sfb_json_no_avx512 = 0;
		if (r[0] != r[1] || (r[0] && strcmp(why[0], why[1])) ||
		    (!r[0] && (o[0].n != o[1].n || o[0].m[0].val.p !=
		    o[1].m[0].val.p || o[0].m[0].val.n != o[1].m[0].val.n))) {
			if (bad++ < 5)
				t_ok(0, "arrays both ways: %.*s (%s / %s)", (int)cut,
				    buf, r[0] ? why[0] : "ok", r[1] ? why[1] : "ok");
		} else if (r[0])
			n_err++;
		else {
			n_ok++;
			n_fast += !odd;
		}
		sfb_obj_free(&o[0]);
		sfb_obj_free(&o[1]);
		free(buf);
	}
	t_ok(bad == 0, "arrays both ways: %d disagreements", bad);
	t_ok(n_ok > 20000 && n_fast > 15000 && n_err > 5000,
	    "arrays both ways: %d valid (%d plain), %d invalid", n_ok, n_fast,
	    n_err);
}

/* The arrays the AVX-512 pass reads, as written: accepted where the
 * grammar accepts them, the rest refused with the scan's messages. */
static void
arrays_cases(void)
{
	static const struct {
		const char *text;
		const char *why;        /* NULL: valid */
	} c[] = {
		{ "[\"a\"]", NULL },
		{ "[\"a\", \"b\"]", NULL },
		{ "[\"a\",\"b\" ,  \"\" ]", NULL },
		{ "[\"\"]", NULL },
		{ "[\"a\", ]", "invalid JSON" },
		{ "[\"a\",, \"b\"]", "invalid JSON" },
		{ "[\"a\" \"b\"]", "invalid JSON: expected ',' or ']'" },
		{ "[\"a\", \"b\"", "invalid JSON: unterminated array" },
		{ "[\"a\", \"b", "invalid JSON: unterminated string" },
		{ "[\"a\\u0000\"]", NULL },
		{ "[\"a\\ud800\", \"\\n\"]", NULL },
		{ "[\"a\x01\"]", "invalid JSON: control character in string" },
		{ "[\"\xc3\xa9\", \"\xed\xa0\x80\"]", "invalid UTF-8" },
		{ "[\"\x7f\"]", NULL },
		{ "[\"a\"\n,\"b\"]", NULL },
		{ "[\"a\", [\"b\"]]", NULL },
		{ "[\"a\", 1e5, \"b\"]", NULL },
		{ "[\"a\"] ]", "invalid JSON: extra data after the value" },
		{ "[\"0123456789012345678901234567890123456789012345678901234567890\", \"b\"]", NULL },
		{ "[\"012345678901234567890123456789012345678901234567890123456789012\", ]", "invalid JSON" },
	};
	for (size_t i = 0; i < sizeof c / sizeof c[0]; i++) {
		size_t n = strlen(c[i].text);
		struct sfb_span v;
		const char *why = NULL;
		char *buf = malloc(n);
		int r;

		memcpy(buf, c[i].text, n);
		r = sfb_json_validate(buf, n, &v, &why);
		t_ok(c[i].why ? r < 0 && strcmp(why, c[i].why) == 0 :
		    r == 0 && v.n == n, "array %s: %s", c[i].text,
		    r ? why : "ok");
		free(buf);
	}
}

int
main(void)
{
	parse_cases();
	deep();
	members();
	decode();
	decode_vectors();
	encode();
	splice();
	splice_keys();
	str_skip_blocks();
	iterate();
	skip_strings();
	array_step();
	arrays_cases();
	arrays_both_ways();
	numbers();
	/* Each way of skipping plain string text: AVX-512 (where the CPU
	 * has it), AVX2, neither. */
	for (int simd = 2; simd >= 0; simd--) {
		sfb_json_no_avx512 = simd < 2;
		sfb_json_no_avx2 = simd < 1;
		blocks();
		blocks_escapes(0);
		blocks_escapes(1);
		blocks_escapes(2);
		short_strings();
	}
	sfb_json_no_avx512 = sfb_json_no_avx2 = 0;
	return t_done();
}
