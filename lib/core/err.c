/* err.c - filling struct sfb_err. */
#include <stdio.h>

#include "core/err.h"

int
sfb_err_vset(struct sfb_err *err, int status, const char *fmt, va_list ap)
{
	err->status = status;
	vsnprintf(err->msg, sizeof err->msg, fmt, ap);
	return status;
}

int
sfb_err_set(struct sfb_err *err, int status, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	sfb_err_vset(err, status, fmt, ap);
	va_end(ap);
	return status;
}
