/* registry_labels.h - the frozen diagnostic-label registry (SPEC 3.1),
 * copied word for word from the reference's PATHOLOGY_SYNONYMS.  Data of
 * the benchmark: changing any entry or its order changes released numbers
 * (order decides which synonym --evidence reports).  Included once, by
 * kw.c. */

static const char *const lab_osteophytes[] = {
	"osteophyte", "osteophytes", "bone spur", "bone spurs", "bony spur",
	NULL,
};
static const char *const lab_foraminal[] = {
	"foraminal stenosis", "neural foraminal narrowing",
	"foraminal narrowing", NULL,
};
static const char *const lab_disc_space[] = {
	"disc space narrowing", "disc height loss", "disc narrowing",
	"reduced disc height", NULL,
};
static const char *const lab_spondylo[] = {
	"spondylolisthesis", "spondylolysthesis", "vertebral slippage",
	"anterolisthesis", "retrolisthesis", NULL,
};
static const char *const lab_implant[] = {
	"surgical implant", "hardware", "fixation device", "pedicle screw",
	"surgical hardware", "instrumentation", NULL,
};
static const char *const lab_collapse[] = {
	"vertebral collapse", "compression fracture",
	"vertebral body collapse", "collapsed vertebra", NULL,
};
static const char *const lab_lesions[] = {
	"lesion", "other lesion", "abnormality", NULL,
};
static const char *const lab_no_finding[] = {
	"normal", "no finding", "no abnormality", "unremarkable",
	"within normal limits", "no significant finding", NULL,
};
static const char *const lab_posterior[] = {
	"posterior osteophyte", "posterior bone spur", "dorsal osteophyte",
	NULL,
};
static const char *const lab_endplate[] = {
	"endplate sclerosis", "sclerotic endplate", "endplate changes", NULL,
};
static const char *const lab_schmorl[] = {
	"schmorl", "schmorl's node", "schmorl node",
	"intravertebral herniation", NULL,
};
static const char *const lab_calcification[] = {
	"disc calcification", "calcified disc", "discal calcification", NULL,
};
static const char *const lab_fracture[] = {
	"fracture", "fx", "break", "broken", NULL,
};
/* The reference's audit-only extract_labels_strict. */
static const char *const lab_fracture_strict[] = {
	"fracture", NULL,
};

static const struct sfb_kw_category labels_cats[] = {
	{"Osteophytes", lab_osteophytes},
	{"Foraminal stenosis", lab_foraminal},
	{"Disc space narrowing", lab_disc_space},
	{"Spondylolisthesis", lab_spondylo},
	{"Surgical implant", lab_implant},
	{"Vertebral collapse", lab_collapse},
	{"Other lesions", lab_lesions},
	{"No finding", lab_no_finding},
	{"Posterior osteophyte", lab_posterior},
	{"Endplate sclerosis", lab_endplate},
	{"Schmorl's node", lab_schmorl},
	{"Disc calcification", lab_calcification},
	{"Fracture", lab_fracture},
};

static const struct sfb_kw_category labels_strict_cats[] = {
	{"Osteophytes", lab_osteophytes},
	{"Foraminal stenosis", lab_foraminal},
	{"Disc space narrowing", lab_disc_space},
	{"Spondylolisthesis", lab_spondylo},
	{"Surgical implant", lab_implant},
	{"Vertebral collapse", lab_collapse},
	{"Other lesions", lab_lesions},
	{"No finding", lab_no_finding},
	{"Posterior osteophyte", lab_posterior},
	{"Endplate sclerosis", lab_endplate},
	{"Schmorl's node", lab_schmorl},
	{"Disc calcification", lab_calcification},
	{"Fracture", lab_fracture_strict},
};
