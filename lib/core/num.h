/* num.h - numbers written the way Python writes them.
 *
 * sfb_num_repr gives the shortest text that reads back to the same double,
 * in Python's repr layout ("1.0", "0.4", "1e-05", "1e+16", "-0.0").
 * sfb_num_fixed gives Python's format(x, ".Nf"), sfb_num_round Python's
 * round(x, n).  Buffers of SFB_NUM_MAX bytes always suffice for repr; the
 * return value is the length written (no NUL counted). */
#ifndef SFB_NUM_H
#define SFB_NUM_H

#include <stddef.h>

#define SFB_NUM_MAX 32

size_t sfb_num_repr(double d, char *buf);

/* format(d, ".{prec}f") for finite d; buf must hold 330 + prec bytes. */
size_t sfb_num_fixed(double d, int prec, char *buf);

/* Python 3 round(d, ndigits): the double nearest to the correctly rounded
 * (half-even on the exact binary value) decimal. */
double sfb_num_round(double d, int ndigits);

#endif
