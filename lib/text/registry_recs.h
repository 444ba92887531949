/* registry_recs.h - the frozen recommendation registry (SPEC 3.2), copied
 * word for word from the reference's RECOMMENDATION_PATTERNS.  Data of the
 * benchmark: changing any entry or its order changes released numbers.
 * Included once, by kw.c. */

static const char *const rec_surgery[] = {
	"surgery", "surgical", "operation", "fusion", "laminectomy",
	"discectomy", "decompression", NULL,
};
static const char *const rec_physical_therapy[] = {
	"physical therapy", "physiotherapy", "rehabilitation", "exercises",
	"stretching", NULL,
};
static const char *const rec_imaging[] = {
	"mri", "ct scan", "x-ray", "radiograph", "imaging",
	"follow-up imaging", "further imaging", NULL,
};
static const char *const rec_medication[] = {
	"medication", "nsaid", "analgesic", "pain management",
	"anti-inflammatory", "pain relief", NULL,
};
static const char *const rec_monitoring[] = {
	"monitor", "follow-up", "follow up", "observation", "watchful waiting",
	"reassess", NULL,
};
static const char *const rec_referral[] = {
	"refer", "referral", "specialist", "orthopedic", "neurosurgery",
	"consult", NULL,
};
static const char *const rec_no_action[] = {
	"no further action", "no treatment", "reassurance", "conservative",
	NULL,
};

static const struct sfb_kw_category recs_cats[] = {
	{"surgery", rec_surgery},
	{"physical_therapy", rec_physical_therapy},
	{"imaging", rec_imaging},
	{"medication", rec_medication},
	{"monitoring", rec_monitoring},
	{"referral", rec_referral},
	{"no_action", rec_no_action},
};
