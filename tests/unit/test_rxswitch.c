/*
 * test_rx's cases on the portable twin of the regex interpreter's
 * dispatch: lib/text/rx.c built here with its switch (SFB_RX_SWITCH)
 * instead of the threaded jumps the library uses under GCC, so both
 * readings answer every golden case of Python's re.
 */
#define SFB_RX_SWITCH 1
#include "../../lib/text/rx.c"
#include "test_rx.c"
