/*
 * The phrase tables of the synthetic reports: data, not code.  Each
 * entry says which diagnostic-label categories (L_*) and recommendation
 * categories (R_*) the frozen whole-word registries find in it, and
 * which response-class patterns (SP_*) it completes.  Entries with no
 * categories are look-alikes on purpose: plurals, British spellings,
 * no-break spaces, superscripts and zero-width spaces that keep a
 * keyword from matching.  tests/gen/gen_synth_golden.py checks every
 * report built from them against the reference's own matchers.
 */
#include "bundle/synth_phrases.h"

const char *const sfb_label_names[SFB_NLABELS] = {
	"Osteophytes", "Foraminal stenosis", "Disc space narrowing",
	"Spondylolisthesis", "Surgical implant", "Vertebral collapse",
	"Other lesions", "No finding", "Posterior osteophyte",
	"Endplate sclerosis", "Schmorl's node", "Disc calcification",
	"Fracture",
};

const char *const sfb_rec_names[SFB_NRECS] = {
	"surgery", "physical_therapy", "imaging", "medication", "monitoring",
	"referral", "no_action",
};

/* Finding sentences of genuine reports. */
const struct sfb_phrase sfb_findings[] = {
	{ "Small anterior osteophytes at L3\u2013L4 and L4\u2013L5.", L_OST, 0, 0 },
	{ "Marginal bone spurs along the lumbar vertebral bodies.", L_OST, 0, 0 },
	{ "Bony spur formation at the anterior vertebral margins.", L_OST, 0, 0 },
	{ "Mild osteophyte formation at multiple levels.", L_OST, 0, 0 },
	{ "Neural foraminal narrowing at L5\u2013S1.", L_FOR, 0, 0 },
	{ "Mild bilateral foraminal stenosis at L4\u2013L5.", L_FOR, 0, 0 },
	{ "Disc space narrowing at L4\u2013L5.", L_DSN, 0, 0 },
	{ "Reduced disc height at L5\u2013S1.", L_DSN, 0, 0 },
	{ "Moderate disc height loss at L4\u2013L5 and L5\u2013S1.", L_DSN, 0, 0 },
	{ "Grade I anterolisthesis of L4 on L5.", L_SPO, 0, 0 },
	{ "Minimal retrolisthesis of L2 on L3.", L_SPO, 0, 0 },
	{ "Degenerative spondylolisthesis at L4\u2013L5.", L_SPO, 0, 0 },
	{ "Posterior pedicle screw construct spanning L4\u2013S1.", L_IMP, 0, 0 },
	{ "Intact spinal instrumentation without signs of loosening.", L_IMP, 0, 0 },
	{ "Post-surgical hardware at L5\u2013S1 is intact.", L_IMP, R_SUR, 0 },
	{ "Mild compression fracture of T12.", L_COL | L_FRX, 0, 0 },
	{ "Vertebral body collapse at L1 with about 25% loss of height.", L_COL, 0, 0 },
	{ "A small sclerotic lesion in the L3 vertebral body.", L_LES, 0, 0 },
	{ "Focal lucent abnormality in the L2 pedicle.", L_LES, 0, 0 },
	{ "Normal lumbar lordosis.", L_NOF, 0, 0 },
	{ "Paraspinal soft tissues are unremarkable.", L_NOF, 0, 0 },
	{ "Sacroiliac joints within normal limits.", L_NOF, 0, 0 },
	{ "Small posterior osteophyte at L4\u2013L5.", L_POS | L_OST, 0, 0 },
	{ "Dorsal osteophyte at C5\u2013C6.", L_POS | L_OST, 0, 0 },
	{ "Posterior bone spur at L5\u2013S1.", L_POS | L_OST, 0, 0 },
	{ "Endplate sclerosis at L4\u2013L5.", L_END, 0, 0 },
	{ "Degenerative endplate changes at L5\u2013S1.", L_END, 0, 0 },
	{ "Schmorl\u2019s node at the superior endplate of L2.", L_SCH, 0, 0 },
	{ "Small Schmorl nodes at T11\u2013T12.", L_SCH, 0, 0 },
	{ "Intravertebral herniation at L1.", L_SCH, 0, 0 },
	{ "Calcified disc at T8\u2013T9.", L_CAL, 0, 0 },
	{ "Disc calcification at T10\u2013T11.", L_CAL, 0, 0 },
	{ "No acute fracture.", L_FRX, 0, 0 },
	{ "No fracture or dislocation.", L_FRX, 0, 0 },
	{ "No evidence of a break in the cortical outline.", L_FRX, 0, 0 },
	{ "Acute fracture of the L1 transverse process.", L_FRX, 0, 0 },
	{ "No \u201cfracture\u201d line is seen.", L_FRX, 0, 0 },
};
const size_t sfb_nfindings = sizeof sfb_findings / sizeof sfb_findings[0];

/* Rare variants, by style: combining marks, Kelvin sign, superscripts. */
const struct sfb_phrase sfb_exotic[] = {
	{ "No fracture\u0301 is seen.", L_FRX, 0, 0 },
	{ "No brea\u212a in the cortex.", L_FRX, 0, 0 },
	{ "Anterior osteophytes\u00b2 at L4.", 0, 0, 0 },
	{ "Ost\u00e9ophytes marginaux en L4\u2013L5.", 0, 0, 0 },
	{ "Frac\u200bture lines are absent.", 0, 0, 0 },
	{ "Bone\u00a0spurs are not clearly seen.", 0, 0, 0 },
	{ "\u2018Normal\u2019 vertebral alignment.", L_NOF, 0, 0 },
	{ "\U0001d40do acute fracture.", L_FRX, 0, 0 },
};
const size_t sfb_nexotic = sizeof sfb_exotic / sizeof sfb_exotic[0];

/* Finding look-alikes without any keyword. */
const struct sfb_phrase sfb_finding_fillers[] = {
	{ "Vertebral body heights are preserved.", 0, 0, 0 },
	{ "Alignment is maintained.", 0, 0, 0 },
	{ "No fractures are seen.", 0, 0, 0 },
	{ "Osteophytic lipping at several levels.", 0, 0, 0 },
	{ "Disk space narrowing at L4\u2013L5.", 0, 0, 0 },
	{ "Sclerotic endplates at L4\u2013L5.", 0, 0, 0 },
	{ "Mild degenerative change of the facet joints.", 0, 0, 0 },
	{ "Bowel gas overlies the sacrum.", 0, 0, 0 },
	{ "Pedicles appear intact.", 0, 0, 0 },
	{ "Mild levoscoliosis of the lumbar spine.", 0, 0, 0 },
	{ "Preserved disc spaces elsewhere.", 0, 0, 0 },
};
const size_t sfb_nfinding_fillers =
    sizeof sfb_finding_fillers / sizeof sfb_finding_fillers[0];

/*
 * Primary-diagnosis values.  SP_CLINICAL here means the value does not
 * start with one of the words the clinical patterns exclude after
 * "diagnosis:" or "impression:" (consult, see, follow up, unknown, n/a).
 */
const struct sfb_phrase sfb_diagnoses[] = {
	{ "Lumbar spondylosis with degenerative disc disease", 0, 0, SP_CLINICAL },
	{ "Multilevel degenerative disc disease", 0, 0, SP_CLINICAL },
	{ "Degenerative spondylolisthesis of L4 on L5", L_SPO, 0, SP_CLINICAL },
	{ "Osteoporotic compression fracture of T12", L_COL | L_FRX, 0, SP_CLINICAL },
	{ "Normal lumbar spine radiograph", L_NOF, R_IMG, SP_CLINICAL },
	{ "No acute osseous abnormality", L_LES, 0, SP_CLINICAL },
	{ "Mild thoracolumbar scoliosis", 0, 0, SP_CLINICAL },
	{ "Degenerative changes with disc space narrowing", L_DSN, 0, SP_CLINICAL },
	{ "Facet arthropathy at L4\u2013L5", 0, 0, SP_CLINICAL },
	{ "Unremarkable study", L_NOF, 0, SP_CLINICAL },
	{ "Unknown \u2013 correlate clinically", 0, 0, 0 },
	{ "See findings above", 0, 0, 0 },
	{ "N/A", 0, 0, 0 },
};
const size_t sfb_ndiagnoses = sizeof sfb_diagnoses / sizeof sfb_diagnoses[0];

/* Recommendation sentences. */
const struct sfb_phrase sfb_recs[] = {
	{ "Surgical consultation if neurological deficits develop.", 0, R_SUR, 0 },
	{ "Consider decompression and fusion if symptoms progress.", 0, R_SUR, 0 },
	{ "Physical therapy focused on core strengthening.", 0, R_PHY, 0 },
	{ "Home stretching and core exercises.", 0, R_PHY, 0 },
	{ "A course of physiotherapy.", 0, R_PHY, 0 },
	{ "MRI of the lumbar spine to assess the discs.", 0, R_IMG, 0 },
	{ "Further imaging with CT scan if pain persists.", 0, R_IMG, 0 },
	{ "Repeat X-ray in 6\u00a0months.", 0, R_IMG, 0 },
	{ "Analgesic medication as needed.", 0, R_MED, 0 },
	{ "A short trial of an NSAID for pain relief.", 0, R_MED, 0 },
	{ "Pain management with anti-inflammatory drugs.", 0, R_MED, 0 },
	{ "Clinical follow-up in 6\u20138 weeks.", 0, R_MON, 0 },
	{ "Monitor symptoms and reassess if they worsen.", 0, R_MON, 0 },
	{ "Follow up with the primary care physician.", 0, R_MON, 0 },
	{ "Referral to a spine specialist.", 0, R_REF, 0 },
	{ "Orthopedic consultation.", 0, R_REF, 0 },
	{ "Refer to neurosurgery for evaluation.", 0, R_REF, 0 },
	{ "Consult a spine surgeon if pain radiates to the legs.", 0, R_REF, 0 },
	{ "Conservative management.", 0, R_NOA, 0 },
	{ "No further action required at this time.", 0, R_NOA, 0 },
	{ "Reassurance and activity as tolerated.", 0, R_NOA, 0 },
	{ "Follow-up imaging in 12 months.", 0, R_IMG | R_MON, 0 },
	{ "Refer to physical therapy.", 0, R_REF | R_PHY, 0 },
	{ "MRI and referral to orthopedic surgery if symptoms persist.", 0, R_IMG | R_REF | R_SUR, 0 },
	{ "Observation and conservative care.", 0, R_MON | R_NOA, 0 },
	{ "Physiotherapy and NSAID as needed.", 0, R_PHY | R_MED, 0 },
};
const size_t sfb_nrecs = sizeof sfb_recs / sizeof sfb_recs[0];

/* Recommendation look-alikes without any keyword. */
const struct sfb_phrase sfb_rec_fillers[] = {
	{ "NSAIDs as needed.", 0, 0, 0 },
	{ "Flexion\u2013extension radiographs may be considered.", 0, 0, 0 },
	{ "Symptom monitoring.", 0, 0, 0 },
	{ "Orthopaedic review.", 0, 0, 0 },
	{ "Activity modification and weight loss.", 0, 0, 0 },
	{ "Ergonomic advice.", 0, 0, 0 },
	{ "Follow\u00a0up as needed.", 0, 0, 0 },
	{ "Weight-bearing as tolerated.", 0, 0, 0 },
};
const size_t sfb_nrec_fillers = sizeof sfb_rec_fillers / sizeof sfb_rec_fillers[0];

/* Disclaimers of genuine reports, each on a line of its own. */
const struct sfb_phrase sfb_disclaimers[] = {
	{ "Note: I am not able to examine the patient, so please correlate clinically.", 0, 0, SP_REFUSAL },
	{ "Please consult a medical professional for a definitive diagnosis.", 0, R_REF, SP_REFUSAL },
	{ "Disclaimer: I cannot provide medical advice; this is for research only.", 0, 0, SP_REFUSAL },
	{ "I\u2019m not qualified to give medical advice.", 0, 0, 0 },
	{ "This report is generated for research purposes only.", 0, 0, 0 },
};
const size_t sfb_ndisclaimers = sizeof sfb_disclaimers / sizeof sfb_disclaimers[0];

/* Lead sentences that count as direct clinical content. */
const struct sfb_phrase sfb_leads[] = {
	{ "The image shows a lumbar spine in lateral projection.", 0, 0, SP_CLINICAL },
	{ "I note the following on this study.", 0, 0, SP_CLINICAL },
	{ "Here is what I observe.", 0, 0, SP_CLINICAL },
	{ "This X-ray demonstrates the lower thoracic and lumbar spine.", 0, R_IMG, SP_CLINICAL },
	{ "The radiograph shows the lumbar spine.", 0, R_IMG, SP_CLINICAL },
};
const size_t sfb_nleads = sizeof sfb_leads / sizeof sfb_leads[0];

/* Opening lines of partial refusals. */
const struct sfb_phrase sfb_partial_openers[] = {
	{ "I'm unable to provide a diagnosis from this image.", 0, 0, SP_REFUSAL },
	{ "I am not able to interpret radiographs with confidence.", 0, 0, SP_REFUSAL },
	{ "I cannot provide a medical interpretation of this X-ray.", 0, R_IMG, SP_REFUSAL },
	{ "I'm sorry, but I can't provide a definitive clinical read.", 0, 0, SP_REFUSAL },
};
const size_t sfb_npartial_openers =
    sizeof sfb_partial_openers / sizeof sfb_partial_openers[0];

/* Full refusals, one line each. */
const struct sfb_phrase sfb_refusals[] = {
	{ "I cannot interpret medical images.", 0, 0, SP_REFUSAL },
	{ "I'm sorry, but I can't analyze this X-ray image.", 0, R_IMG, SP_REFUSAL },
	{ "I am unable to provide a medical interpretation of this radiograph.", 0, R_IMG, SP_REFUSAL },
	{ "I'm not able to review medical scans.", 0, 0, SP_REFUSAL },
	{ "As an AI, I cannot provide a diagnosis based on medical images.", 0, 0, SP_REFUSAL },
	{ "\u0130 cannot interpret medical images.", 0, 0, SP_REFUSAL },
};
const size_t sfb_nrefusals = sizeof sfb_refusals / sizeof sfb_refusals[0];

/* Closing lines of refusals. */
const struct sfb_phrase sfb_refusal_closers[] = {
	{ "Please consult a qualified radiologist or your healthcare provider.", 0, R_REF, SP_REFUSAL },
	{ "Please consult a qualified radiologist.", 0, R_REF, SP_REFUSAL },
	{ "Thank you for understanding.", 0, 0, 0 },
	/* the clinical patterns skip these values: still no clinical content */
	{ "Impression: see a spine specialist.", 0, R_REF, 0 },
	{ "Primary diagnosis: unknown.", 0, 0, 0 },
};
const size_t sfb_nrefusal_closers =
    sizeof sfb_refusal_closers / sizeof sfb_refusal_closers[0];

/* Refusals written with curly apostrophes: no refusal pattern fires. */
const struct sfb_phrase sfb_slips[] = {
	{ "I\u2019m unable to interpret this image.", 0, 0, 0 },
	{ "I\u2019m sorry, but I can\u2019t analyze this X-ray.", 0, R_IMG, 0 },
};
const size_t sfb_nslips = sizeof sfb_slips / sizeof sfb_slips[0];

/* Noun phrases for the hedged lists of partial refusals. */
const struct sfb_phrase sfb_label_nouns[SFB_NLABELS] = {
	{ "osteophytes", L_OST, 0, 0 },
	{ "foraminal narrowing", L_FOR, 0, 0 },
	{ "disc space narrowing", L_DSN, 0, 0 },
	{ "vertebral slippage", L_SPO, 0, 0 },
	{ "loosening of instrumentation", L_IMP, 0, 0 },
	{ "vertebral collapse", L_COL, 0, 0 },
	{ "a focal lesion", L_LES, 0, 0 },
	{ "normal alignment", L_NOF, 0, 0 },
	{ "a posterior osteophyte", L_POS | L_OST, 0, 0 },
	{ "endplate sclerosis", L_END, 0, 0 },
	{ "Schmorl nodes", L_SCH, 0, 0 },
	{ "disc calcification", L_CAL, 0, 0 },
	{ "a fracture", L_FRX, 0, 0 },
};

const struct sfb_phrase sfb_rec_nouns[SFB_NRECS] = {
	{ "surgical evaluation", 0, R_SUR, 0 },
	{ "physical therapy", 0, R_PHY, 0 },
	{ "an MRI", 0, R_IMG, 0 },
	{ "pain management", 0, R_MED, 0 },
	{ "clinical follow-up", 0, R_MON, 0 },
	{ "referral to a specialist", 0, R_REF, 0 },
	{ "conservative care", 0, R_NOA, 0 },
};

/*
 * Hedged sentence frames: the text before and after the list.  The
 * frame's own categories and flags are given here.
 */
const struct sfb_frame sfb_label_frames[] = {
	{ "In general, a radiologist would look for ", " on a spine X-ray.", 0, R_IMG, SP_HEDGE },
	{ "Possible findings might include ", ".", 0, 0, SP_HEDGE },
	{ "A radiologist might look for ", ".", 0, 0, SP_HEDGE },
};
const size_t sfb_nlabel_frames = sizeof sfb_label_frames / sizeof sfb_label_frames[0];

const struct sfb_frame sfb_rec_frames[] = {
	{ "Next steps could include ", ".", 0, 0, SP_HEDGE },
	{ "Management might include ", ".", 0, 0, SP_HEDGE },
};
const size_t sfb_nrec_frames = sizeof sfb_rec_frames / sizeof sfb_rec_frames[0];

const struct sfb_phrase sfb_plain_hedges[] = {
	{ "A radiologist would compare the vertebral bodies and disc spaces.", 0, 0, SP_HEDGE },
	{ "Generally, clinicians look for alignment and disc height changes.", 0, 0, SP_HEDGE },
};
const size_t sfb_nplain_hedges = sizeof sfb_plain_hedges / sizeof sfb_plain_hedges[0];
