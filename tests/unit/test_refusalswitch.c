/*
 * test_refusal's cases with the regex interpreter's portable dispatch
 * (the switch; lib/text/rx.c built here with SFB_RX_SWITCH, the rest of
 * the library as it is), so the classes and the explained patterns
 * agree with the reference on both readings.
 */
#define SFB_RX_SWITCH 1
#include "../../lib/text/rx.c"
#include "test_refusal.c"
