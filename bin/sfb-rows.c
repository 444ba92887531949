/* sfb-rows - the objects of JSON arrays (a panel's evaluation_results.json)
 * as NDJSON lines, so that the record filters can read them. */
#include <stdlib.h>

#include "util.h"

static const char usage_text[] =
    "sfb-rows [FILE...]\n"
    "Write each element of the JSON array in each FILE as one NDJSON line:\n"
    "the object's members, keys and values exactly as written, without the\n"
    "white space between tokens.  Every element must be an object.";

/* Append the validated value v without white space outside its strings. */
static int
put_compact(struct sfb_buf *b, const struct sfb_span *v)
{
	size_t i = 0, from = 0;
	int in_str = 0, r = 0;

	for (; i < v->n; i++) {
		char c = v->p[i];

		if (in_str) {
			if (c == '\\')
				i++;
			else if (c == '"')
				in_str = 0;
		} else if (c == '"') {
			in_str = 1;
		} else if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
			r |= sfb_buf_put(b, v->p + from, i - from);
			from = i + 1;
		}
	}
	r |= sfb_buf_put(b, v->p + from, i - from);
	return r;
}

static void
convert(const char *doc, size_t len, const char *name)
{
	struct sfb_buf *b = &sfb_stdout.b;
	struct sfb_span elem;
	const char *why = NULL;
	size_t pos = 0;
	int r;

	while ((r = sfb_json_arr_step(doc, len, &pos, &elem, NULL, &why)) == 1) {
		if (sfb_json_type(&elem) != SFB_JOBJECT) {
			pos = (size_t)(elem.p - doc);
			why = "array element is not an object";
			r = -1;
			break;
		}
		if (put_compact(b, &elem) || sfb_buf_putc(b, '\n'))
			sfb_oom();
		if (b->len >= SFB_OUT_FLUSH_AT && sfb_out_flush(&sfb_stdout) < 0)
			sfb_finish(SFB_EXIT_USAGE);
	}
	if (r < 0) {
		sfb_finish(0);
		sfb_die(SFB_EXIT_USAGE, "%s:%lu: %s", name, sfb_line_of(doc, pos),
		    why);
	}
}

int
main(int argc, char **argv)
{
	int first;

	sfb_setup(argv);
	first = sfb_getopt_none(argc, argv, usage_text);
	sfb_run_docs(argv + first, argc - first, convert);
	return sfb_finish(SFB_EXIT_OK);
}
