/* registry_hedges.h - the frozen hedging patterns (SPEC 13.2), from the
 * reference's metrics/confidence.py, in its order: one category per
 * pattern, named by the pattern without its \b anchors.  \bsuggests?\b is
 * the two keywords "suggest" and "suggests", which never both match at
 * one position, so their match counts add up to re.findall's.  A space in
 * a keyword is one ASCII space, as in the patterns.  Data of the
 * benchmark.  Included once, by kw.c. */

static const char *const hedge_may[] = {"may", NULL};
static const char *const hedge_might[] = {"might", NULL};
static const char *const hedge_possibly[] = {"possibly", NULL};
static const char *const hedge_possible[] = {"possible", NULL};
static const char *const hedge_likely[] = {"likely", NULL};
static const char *const hedge_suggests[] = {"suggest", "suggests", NULL};
static const char *const hedge_cannot_exclude[] = {"cannot exclude", NULL};
static const char *const hedge_cannot_rule_out[] = {"cannot rule out", NULL};
static const char *const hedge_uncertain[] = {"uncertain", NULL};
static const char *const hedge_differential[] = {"differential includes", NULL};
static const char *const hedge_consider[] = {"consider", NULL};
static const char *const hedge_correlate[] = {"correlate clinically", NULL};
static const char *const hedge_probable[] = {"probable", NULL};
static const char *const hedge_suspected[] = {"suspected", NULL};
static const char *const hedge_apparent[] = {"apparent", NULL};
static const char *const hedge_questionable[] = {"questionable", NULL};
static const char *const hedge_equivocal[] = {"equivocal", NULL};

static const struct sfb_kw_category hedges_cats[] = {
	{"may", hedge_may},
	{"might", hedge_might},
	{"possibly", hedge_possibly},
	{"possible", hedge_possible},
	{"likely", hedge_likely},
	{"suggests?", hedge_suggests},
	{"cannot exclude", hedge_cannot_exclude},
	{"cannot rule out", hedge_cannot_rule_out},
	{"uncertain", hedge_uncertain},
	{"differential includes", hedge_differential},
	{"consider", hedge_consider},
	{"correlate clinically", hedge_correlate},
	{"probable", hedge_probable},
	{"suspected", hedge_suspected},
	{"apparent", hedge_apparent},
	{"questionable", hedge_questionable},
	{"equivocal", hedge_equivocal},
};
