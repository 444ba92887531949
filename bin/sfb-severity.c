/* sfb-severity - the 16-term severity score 0-4 of each report and the pair's shift
 * (SPEC 13.1). */
#include "secmain.h"

static const char usage_text[] =
    "sfb-severity [--evidence] [-f FIELD] [-j JOBS] [-k KEY] [-x KEY]... "
    "[FILE...]";

int
main(int argc, char **argv)
{
	return secstage_main(argc, argv, SFB_SEC_SEVERITY, usage_text);
}
