/* registry_severity.h - the frozen severity terms (SPEC 13.1), copied
 * word for word from the reference's metrics/severity_language.py: one
 * category per score, 1 to 4, in score order.  Data of the benchmark:
 * changing any entry changes released numbers.  Included once, by kw.c. */

static const char *const sev_1[] = {
	"minimal", "mild", "slight", "minor", "subtle", NULL,
};
static const char *const sev_2[] = {
	"moderate", "moderately", "intermediate", NULL,
};
static const char *const sev_3[] = {
	"severe", "significant", "marked", "pronounced", "advanced", NULL,
};
static const char *const sev_4[] = {
	"critical", "extreme", "extensive", NULL,
};

static const struct sfb_kw_category severity_cats[] = {
	{"1", sev_1},
	{"2", sev_2},
	{"3", sev_3},
	{"4", sev_4},
};
