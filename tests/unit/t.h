/* t.h - the few helpers the C unit tests share.  Each test program calls
 * t_ok for every check and returns t_done(), which prints the summary line
 * "N passed, N failed" that tests/run reads. */
#ifndef SFB_T_H
#define SFB_T_H

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>

static int t_pass, t_fail;

__attribute__((format(printf, 2, 3)))
static int
t_ok(int cond, const char *fmt, ...)
{
	va_list ap;

	if (cond) {
		t_pass++;
		return 1;
	}
	t_fail++;
	fprintf(stderr, "FAIL: ");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	return 0;
}

/* A xorshift64 stream for generated inputs: a number in [0, n). */
static inline uint32_t
t_rnd(uint32_t n)
{
	static uint64_t x = 0x9E3779B97F4A7C15ULL;

	x ^= x << 13;
	x ^= x >> 7;
	x ^= x << 17;
	return (uint32_t)(x % n);
}

static int
t_done(void)
{
	printf("%d passed, %d failed\n", t_pass, t_fail);
	return t_fail != 0;
}

#endif
