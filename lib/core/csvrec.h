/* csvrec.h — CSV with a header row, delivered one row at a time.
 *
 * RFC 4180 input through libcsv: quoted fields may hold the delimiter,
 * doubled quotes and line breaks; a UTF-8 byte order mark at the start of
 * the stream is dropped; blank lines are skipped.  The first row is the
 * header.  Every later row must have exactly as many fields as the header,
 * header names must be unique, and all text must be valid UTF-8.
 *
 * Ownership: field text passed to the row callback belongs to the reader
 * and is valid only during the call.  Text is pointer + length. */
#ifndef SFB_CSVREC_H
#define SFB_CSVREC_H

#include <stddef.h>

struct sfb_csv;

struct sfb_csv_text {
	const char *p;
	size_t n;
};

/* Called once per data row: names[i] is the header of fields[i], nf fields.
 * line is the input line on which the row ends.  A non-zero return stops
 * the reader and is passed back from sfb_csv_feed/sfb_csv_finish. */
typedef int (*sfb_csv_row_fn)(void *ctx, const struct sfb_csv_text *names,
    const struct sfb_csv_text *fields, size_t nf, size_t line);

enum {
	SFB_CSV_OK = 0,
	SFB_CSV_EINPUT = -1,	/* bad input: see sfb_csv_error */
	SFB_CSV_ENOMEM = -2
};

struct sfb_csv *sfb_csv_new(sfb_csv_row_fn fn, void *ctx);
void sfb_csv_free(struct sfb_csv *c);

/* Feed the next n bytes of the stream.  Returns SFB_CSV_OK, a negative
 * SFB_CSV_E* code, or the callback's non-zero return. */
int sfb_csv_feed(struct sfb_csv *c, const char *buf, size_t n);
/* End of stream: flushes a last row without a line break. */
int sfb_csv_finish(struct sfb_csv *c);

/* After SFB_CSV_EINPUT: what is wrong (NUL-terminated) and on which line. */
const char *sfb_csv_error(const struct sfb_csv *c, size_t *line);

/* Number of data rows delivered so far. */
size_t sfb_csv_rows(const struct sfb_csv *c);

#endif
