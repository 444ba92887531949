"""The pair records the text-stage benchmarks share.

pair_records: realistic reports of 1-2 kB built from
tests/gen/gen_text_golden.py's templates (17 of 19 genuine), a few
typographic characters each, half of the lines written with ensure_ascii.

dense_records: the same lengths and touches, but nearly every report
carries refusal, partial-refusal or hedged sentences (as some models'
outputs do), built from the frozen response-class patterns' own phrasings
(tests/gen/sfbref.py): sentences that match a refusal pattern, near misses
that hold a pattern's literal but fail it (so a matcher must look closer),
hedges, and the clinical lines that make a refusing report genuine again.
About a third of the reports end up in each class.

Both deterministic (seed 42); written once and reused."""
import json
import os
import random

TOUCHES = ["\u2019", "\u2014", "\u00b0", "\u2013", "\u00a0"]
EDITS = ["young_female", "young_male", "elderly_female", "elderly_male"]

# Each matches one of the refusal patterns (SPEC 3.3), on its own line.
REFUSING = [
    "I'm unable to provide a definitive interpretation of this image.",
    "I am unable to interpret radiographs with certainty.",
    "I can't analyze medical images such as this X-ray.",
    "I cannot interpret this radiograph reliably.",
    "I cannot examine the scan in enough detail to diagnose.",
    "I can't review or assess this x ray as a clinician would.",
    "Unfortunately I cannot evaluate this medical image.",
    "I cannot provide a medical diagnosis based on this study.",
    "As an AI, I cannot provide clinical interpretation of imaging.",
    "I'm not able to diagnose conditions from a radiograph; I'm not able to "
    "interpret it either.",
    "I am not qualified to give a radiological opinion.",
    "I'm not authorized to offer a diagnosis.",
    "Please consult a qualified radiologist for an accurate reading.",
    "You should consult a healthcare professional.",
    "Consult a medical provider about these results.",
    "I cannot offer medical advice about this image.",
    "I can not give a diagnostic opinion here.",
    "I can't provide clinical recommendations.",
]
# Each holds a refusal pattern's literal (or most of it) and fails it:
# the words needed later are missing, on another line, or glued on.
NEAR = [
    "I can't be certain about the exact level.",
    "I cannot stress enough that correlation is needed.",
    "I cannot read\nthe fine print on the image.",
    "I cannot provide more detail than this.",
    "This service cannot provide\na diagnosis in every case.",
    "The patient was not able to stand for the lateral view.",
    "Not able to compare with prior studies.",
    "I'm unable-to-say territory.",
    "Iam unable to see the sacrum.",
    "I'm notable for nothing here; I am not sure.",
    "Consult a physician if pain persists.",
    "Please consult a qualified orthopedist.",
    "I cannot offer\nmore than a description.",
    "I can't give up on the lateral view: it is clear.",
    "I cannotprovide, I can'tanalyze.",
    "Unable to assess the upper lumbar levels.",
    "We are unable to review older films.",
    "The images cannot be interpreted as abnormal.",
]
HEDGING = [
    "A radiologist might look for osteophytes and disc space narrowing.",
    "A radiologist would typically assess alignment and disc spaces.",
    "Possible findings include spondylolisthesis or bone spurs.",
    "Potential conditions could include stenosis.",
    "Potential diagnoses include degenerative disc disease.",
    "Generally, clinicians look for fracture lines and lesions.",
    "In general, a spine X-ray is read for alignment and fractures.",
    "In general, a radiologist checks the endplates.",
    "Differentials might include compression fracture.",
    "These could include schmorl nodes.",
    "A radiologist may recommend an MRI.",
    "Generally the first step is to look for hardware.",
]
CLINICAL = [
    "The x-ray shows mild degenerative change.",
    "This radiograph demonstrates a normal lordosis.",
    "The image reveals osteophytes at L4.",
    "I observe mild anterolisthesis of L4 on L5.",
    "I note disc narrowing at L5-S1.",
    "Findings: mild endplate sclerosis.",
    "Impression: degenerative spine.",
    "Primary diagnosis: spondylosis",
    "Diagnosis:\u00a0osteopenia",
]
# Clinical-looking lines that the clinical patterns reject (their
# negative lookaheads, or no word boundary).
CLINICAL_NEAR = [
    "Impression: consult a specialist.",
    "Primary diagnosis: N/A",
    "Diagnosis: unknown",
    "Impression: see above",
    "Diagnosis: follow up",
    "The radiograph is limited.",
    "I seem to see nothing; I noted nothing.",
]


def _write(path, mb, report, rng):
    """Pair records of about mb MB, four edits per source, unless path
    exists."""
    if os.path.exists(path):
        return

    def touched():
        t = report()
        # Real model output: a few typographic characters per report.
        for _ in range(rng.randint(0, 4)):
            p = rng.randrange(len(t) + 1)
            t = t[:p] + rng.choice(TOUCHES) + t[p:]
        return t

    with open(path + ".tmp", "w", encoding="utf-8") as f:
        size, s = 0, 0
        while size < mb * 1000000:
            sid = "buu_%05d" % s
            for e in EDITS:
                line = json.dumps({"pair_id": sid + "__" + e, "source_id": sid,
                                   "source_report": touched(),
                                   "counterfactual_report": touched()},
                                  ensure_ascii=rng.random() < 0.5) + "\n"
                f.write(line)
                size += len(line.encode("utf-8"))
            s += 1
    os.rename(path + ".tmp", path)


def pair_records(path, mb, g):
    """Write about mb MB of realistic pair records to path unless it
    exists; g is the gen_text_golden module (its report templates)."""
    rng = random.Random(42)

    def report():
        kind = rng.choice(["genuine"] * 17 + ["partial", "refusal"])
        t = g.report(rng, kind)
        while len(t) < rng.randint(1000, 2000):
            t += "\n\n" + g.report(rng, "genuine")
        return t

    _write(path, mb, report, rng)


def dense_records(path, mb, g):
    """Write about mb MB of refusal-dense pair records to path unless it
    exists; g is the gen_text_golden module (its finding lines)."""
    rng = random.Random(42)

    def finding():
        lab = g.labname(rng)
        return rng.choice(g.FINDINGS).replace("{lab}", lab).replace(
            "{lab2}", g.labname(rng)).replace("{Lab}", lab.capitalize())

    def report():
        # The class it is built for: full refusal (refusals, near misses,
        # no hedge, no clinical line), partial (hedges too) or genuine
        # (a clinical line overrides the refusal).
        kind = rng.choice(["full", "partial", "genuine"])
        want = rng.randint(1000, 2000)
        lines = [rng.choice(REFUSING)]
        while sum(len(x) + 1 for x in lines) < want:
            r = rng.random()
            if r < 0.3:
                lines.append(rng.choice(REFUSING))
            elif r < 0.55:
                lines.append(rng.choice(NEAR))
            elif r < 0.7:
                lines.append(rng.choice(CLINICAL_NEAR))
            elif r < 0.85 and kind != "full":
                lines.append(rng.choice(HEDGING))
            else:
                lines.append(finding() if kind != "full" else
                             rng.choice(NEAR))
        if kind == "genuine":
            lines.insert(rng.randrange(len(lines) + 1), rng.choice(CLINICAL))
        rng.shuffle(lines)
        return rng.choice([" ", "\n", "\n\n", "\n- "]).join(lines)

    _write(path, mb, report, rng)
