/* err.h - exit statuses and the error value the library hands to programs.
 *
 * The library never prints or exits: it fills a struct sfb_err and returns a
 * status; programs print "PROG: FILE:LINE: message" and exit with it. */
#ifndef SFB_ERR_H
#define SFB_ERR_H

#include <stdarg.h>

enum sfb_exit {
	SFB_EXIT_OK = 0,	/* success */
	SFB_EXIT_FAIL = 1,	/* a verification found a mismatch */
	SFB_EXIT_USAGE = 2,	/* usage error or unusable input */
};

struct sfb_err {
	int status;		/* an enum sfb_exit value, 0 when no error */
	const char *file;	/* input name ("-" for standard input) or NULL */
	unsigned long line;	/* 1-based input line, 0 when not tied to one */
	char msg[512];
};

/* Set err->status and the message; returns status, so callers can write
 * "return sfb_err_set(err, SFB_EXIT_USAGE, ...)". */
int sfb_err_set(struct sfb_err *err, int status, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
int sfb_err_vset(struct sfb_err *err, int status, const char *fmt, va_list ap);

#endif
