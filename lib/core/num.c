/* num.c - Python-compatible float formatting. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/num.h"

size_t
sfb_num_repr(double d, char *buf)
{
	char tmp[40], digits[20];
	int prec, exp, nd, i;
	size_t n = 0;
	char *e;

	if (isnan(d))
		return (size_t)sprintf(buf, "NaN");
	if (isinf(d))
		return (size_t)sprintf(buf, d < 0 ? "-Infinity" : "Infinity");
	/* Shortest precision that reads back exactly (glibc printf and strtod
	 * are correctly rounded, so this is the repr digit string). */
	for (prec = 1; prec <= 17; prec++) {
		snprintf(tmp, sizeof tmp, "%.*e", prec - 1, d);
		if (strtod(tmp, NULL) == d)
			break;
	}
	/* tmp is [-]D[.DDD]e[+-]XX */
	e = strchr(tmp, 'e');
	exp = atoi(e + 1);
	nd = 0;
	for (i = tmp[0] == '-'; tmp + i < e; i++)
		if (tmp[i] != '.')
			digits[nd++] = tmp[i];
	while (nd > 1 && digits[nd - 1] == '0')
		nd--;
	if (tmp[0] == '-')
		buf[n++] = '-';
	if (exp < -4 || exp >= 16) {
		buf[n++] = digits[0];
		if (nd > 1) {
			buf[n++] = '.';
			memcpy(buf + n, digits + 1, (size_t)nd - 1);
			n += (size_t)nd - 1;
		}
		n += (size_t)sprintf(buf + n, "e%c%02d", exp < 0 ? '-' : '+',
		    exp < 0 ? -exp : exp);
	} else if (exp < 0) {
		buf[n++] = '0';
		buf[n++] = '.';
		for (i = -1; i > exp; i--)
			buf[n++] = '0';
		memcpy(buf + n, digits, (size_t)nd);
		n += (size_t)nd;
	} else {
		for (i = 0; i <= exp; i++)
			buf[n++] = i < nd ? digits[i] : '0';
		buf[n++] = '.';
		if (nd > exp + 1) {
			memcpy(buf + n, digits + exp + 1, (size_t)(nd - exp - 1));
			n += (size_t)(nd - exp - 1);
		} else
			buf[n++] = '0';
	}
	buf[n] = '\0';
	return n;
}

size_t
sfb_num_fixed(double d, int prec, char *buf)
{
	/* glibc rounds the exact binary value half-even, as Python does. */
	return (size_t)sprintf(buf, "%.*f", prec, d);
}

double
sfb_num_round(double d, int ndigits)
{
	char tmp[400];

	if (!isfinite(d) || d == 0.0)
		return d;
	/* CPython rounds through the correctly rounded decimal string. */
	snprintf(tmp, sizeof tmp, "%.*f", ndigits, d);
	return strtod(tmp, NULL);
}
