/* sfb-hedging - the 17 hedging patterns counted in each report, the pair's
 * absolute difference and ratio (SPEC 13.2). */
#include "secmain.h"

static const char usage_text[] =
    "sfb-hedging [--evidence] [-f FIELD] [-j JOBS] [-k KEY] [-x KEY]... "
    "[FILE...]";

int
main(int argc, char **argv)
{
	return secstage_main(argc, argv, SFB_SEC_HEDGING, usage_text);
}
