#!/usr/bin/python3
"""Golden corpus for the text stages, computed with plain Python re + json.

Run by hand once, from the top of the tree:
    /usr/bin/python3 tests/gen/gen_text_golden.py
Writes
    tests/golden/text/pairs.ndjson.zst     input pair records
    tests/golden/text/expected.ndjson.zst  per pair: every expected field
    tests/unit/kw_golden.h                 short adversarial texts for
                                           tests/unit/test_kw.c
The registries and patterns come from tests/gen/sfbref.py (SPEC sections
3.1-3.3, the reference's frozen definitions); the matching is the reference's own
loop, re.search(r"\\b" + re.escape(kw) + r"\\b", text.lower()).  Nothing here
uses sfb.
"""

import json
import random
import re
import subprocess
import sys

from sfbref import CLINICAL, HEDGED, REFUSAL
from sfbref import LABELS as PATHOLOGY_SYNONYMS
from sfbref import RECS as RECOMMENDATION_PATTERNS
from sfbref import STRICT_LABELS as STRICT_SYNONYMS


REFUSAL_RE = [re.compile(p, re.IGNORECASE) for p in REFUSAL]
CLINICAL_RE = [re.compile(p, re.IGNORECASE) for p in CLINICAL]
HEDGED_RE = [re.compile(p, re.IGNORECASE) for p in HEDGED]


def response_class(text):
    if not text.strip():
        return "full_refusal"
    if not any(p.search(text) for p in REFUSAL_RE):
        return "genuine"
    if any(p.search(text) for p in CLINICAL_RE):
        return "genuine"
    if any(p.search(text) for p in HEDGED_RE):
        return "partial_refusal"
    return "full_refusal"


def utf8_len(s):
    return len(s.encode("utf-8", "surrogatepass"))


def match_registry(registry, text):
    """(sorted categories, evidence list) the reference's way; evidence maps
    the leftmost match of the first matching synonym back to byte offsets
    of the original text."""
    lowered = text.lower()
    owner = []  # lowered index -> original index
    for i, ch in enumerate(text):
        owner.extend([i] * len(ch.lower()))
    assert len(owner) == len(lowered)
    found = {}
    for category, synonyms in registry.items():
        for syn in synonyms:
            m = re.search(r"\b" + re.escape(syn) + r"\b", lowered)
            if m:
                a = owner[m.start()]
                b = owner[m.end() - 1] + 1
                start = utf8_len(text[:a])
                found[category] = {
                    "category": category, "synonym": syn, "start": start,
                    "end": start + utf8_len(text[a:b])}
                break
    cats = sorted(found)
    return cats, [found[c] for c in cats]


# ---------------------------------------------------------------- text

FINDINGS = [
    "There is mild {lab} at L4-L5.",
    "Moderate {lab} is seen at the L5-S1 level.",
    "No evidence of {lab}.",
    "No {lab} is identified.",
    "Findings are suggestive of {lab}, though this could be artifact.",
    "Possible {lab} at T12-L1, correlate clinically.",
    "{Lab} noted at multiple levels.",
    "The vertebral bodies show {lab} anteriorly.",
    "Alignment is normal. Vertebral body heights are preserved.",
    "The study is otherwise unremarkable.",
    "Within normal limits for age.",
    "There is a small lesion in the L3 vertebral body.",
    "Degenerative changes with {lab} and {lab2}.",
    "Status post posterior fusion with pedicle screw instrumentation.",
    "Surgical hardware appears intact without loosening.",
    "Grade 1 anterolisthesis of L4 on L5.",
    "Schmorl's node at the superior endplate of L2.",
    "Schmorl’s node (curly apostrophe) at T11.",
    "No acute fracture or dislocation; no fx seen.",
    "Old compression fracture of T12 with 30% height loss.",
    "The disc spaces are preserved; no disc narrowing.",
    "Endplate changes and sclerotic endplate at L4.",
    "Broken screw at S1; break in the rod is not seen.",
    "Findings: {lab}.",
    "Impression: {lab}; otherwise normal.",
    "Primary diagnosis: {lab}",
    "Diagnosis: unknown",
    "Impression: see above",
    "Osteophytes: present. Fractures: none. Lesions: none.",
    "Abnormality of the sacroiliac joints cannot be excluded.",
    "Intravertebral herniation (Schmorl node) at L1.",
    "Calcified disc at T7-T8; discal calcification is common.",
    "Bone spurs along the anterior margins; posterior bone spur at C5.",
    "Dorsal osteophyte narrowing the canal.",
    "Neural foraminal narrowing bilaterally at L5-S1.",
    "Vertebral slippage is not seen. Retrolisthesis of L2.",
]
RECS = [
    "Recommend MRI of the lumbar spine.",
    "Follow-up imaging in 6 months.",
    "Consider CT scan for further characterization.",
    "Further imaging with X-ray flexion/extension views.",
    "Physical therapy and core exercises are recommended.",
    "Physiotherapy, stretching and rehabilitation.",
    "NSAIDs or an analgesic for pain relief; pain management as needed.",
    "Anti-inflammatory medication may help.",
    "Monitor symptoms; follow up with primary care.",
    "Watchful waiting and observation; reassess in 3 months.",
    "Refer to an orthopedic specialist.",
    "Referral to neurosurgery for surgical consult.",
    "Surgery (laminectomy, discectomy or decompression) if refractory.",
    "Spinal fusion may be considered.",
    "No further action required.",
    "No treatment needed; reassurance provided.",
    "Conservative management.",
    "Recommendations: none.",
    "Clinical correlation is advised.",
    "Operation not indicated at this time.",
    "Radiographs of the pelvis; radiograph review by a specialist.",
]
REFUSALS = [
    "I cannot interpret medical images.",
    "I'm unable to provide a diagnosis from this image. Please consult a "
    "qualified radiologist.",
    "I am not able to analyze radiographs. Consult a medical professional.",
    "I can't review this X-ray. I am not qualified to give medical advice.",
    "I cannot provide a medical diagnosis or clinical interpretation.",
    "I am not authorized to interpret imaging studies.",
    "Sorry, I can not offer diagnostic opinions on medical scans.",
    "",
    "   \n\t ",
    "\u00a0\u2003\u0085\u001c",
]
PARTIALS = [
    "I'm unable to give a definitive reading, but a radiologist would look "
    "for osteophytes, disc space narrowing and fracture.",
    "I cannot diagnose from this image. In general, a spine X-ray is "
    "examined for alignment. Possible findings include spondylolisthesis.",
    "I am not able to interpret this scan. Generally, clinicians look for "
    "bone spurs. Potential conditions might include stenosis.",
    "I'm not qualified to diagnose. Findings: mild degenerative change.",
    "I can't analyze the radiograph, but the image shows what appears to be "
    "hardware.",
    "I am unable to assess this. Impression: consult a specialist.",
    "I am unable to assess this. Primary diagnosis: N/A",
    "I'm unable to assess this. Diagnosis:\u00a0osteopenia",
    "I'm unable to comment. I note mild osteophytes.",
    "I cannot read this image. Could include schmorl nodes.",
]
HEDGES = [
    "This may represent early degenerative change.",
    "Cannot exclude a subtle lesion.",
    "Clinical correlation recommended.",
    "The x-ray demonstrates mild scoliosis.",
    "This radiograph shows a normal lordosis.",
    "I see no acute abnormality.",
    "Overall impression: degenerative spine.",
]
HEDGED_LINES = [
    "A radiologist would typically assess alignment and disc spaces.",
    "In general, a spine X-ray is read for alignment and fractures.",
    "Possible conditions include degenerative disc disease.",
    "Generally, clinicians look for osteophytes and narrowing.",
    "Findings might include spondylolisthesis or bone spurs.",
    "A radiologist may recommend an MRI.",
    "Potential diagnoses could include stenosis.",
    "Please consult a healthcare provider for follow-up.",
    "I recommend you consult a specialist.",
]
NEAR_MISSES = [
    "fractures", "fx2", "_fracture", "fracture_", "mris", "xray", "x ray",
    "follow-upimaging", "bonespur", "osteophytic", "normally", "abnormal",
    "lesions", "hardwares", "discs narrowing", "refers", "referred",
    "consultation", "monitoring", "operations", "surgically", "breakage",
    "unbroken", "fx-ray", "pre-operation", "non-surgical", "re-fracture",
    "x-rays", "ct-scan", "CT  scan", "no  treatment", "mri2", "2mri",
    "schmorls", "NORMAL", "Fracture", "FX", "X-RAY", "Mri", "Follow Up",
]

SPECIALS = [
    "\u0130", "\u212a", "\u017f", "\u0131", "\u0301", "\u0307", "\u00b2",
    "\u0660", "\u00bd", "\uff21", "\uff46", "\uff52", "\u00a0", "\u0085",
    "\u001c", "\u001d", "\u001e", "\u001f", "\u200b", "\u0000", "\ud800",
    "\udfff", "\U0001f600", "_", "7", "\u00e9", "\u03a3", "\u03c2",
    "\u2028", "\u2014", "\u2019", "\t", "\r", "\n", "\u0903", "\u2160",
    "\u00c9", "\ufeff", "\U0001d7ce", "\u1e9e", "\u00df", "\u0345",
    "\u0399", "\u2126", "\u212b", "-", "'", " ", "\u3000", "\u00ad",
]
LOOKALIKE = {
    "i": ["\u0130", "\u0131", "I", "\uff49"],
    "k": ["\u212a", "K", "\uff4b"],
    "s": ["\u017f", "S", "\uff53"],
}


def fullwidth(ch):
    if "a" <= ch <= "z":
        return chr(ord(ch) - ord("a") + 0xFF41)
    return ch


ALL_KEYWORDS = sorted({k for reg in (PATHOLOGY_SYNONYMS,
                                     RECOMMENDATION_PATTERNS)
                       for ks in reg.values() for k in ks})
# Words of the refusal, clinical and hedge patterns (SPEC 3.3), so that the
# mutations also land where the response class is decided.
CLASS_WORDS = ["i'm", "i am", "unable", "i can't", "cannot", "not able",
               "interpret", "analyze", "analyse", "image", "x-ray", "scan",
               "medical", "qualified", "consult a", "radiologist",
               "provide", "diagnosis:", "findings:", "finding:",
               "impression:", "i see", "i note", "this image shows",
               "the radiograph reveals", "might include", "look for",
               "in general", "generally", "possible findings", "spine"]
MUTATION_WORDS = ALL_KEYWORDS + CLASS_WORDS


def mutate(rng, text):
    """Adversarial Unicode at keyword boundaries and inside keywords."""
    for _ in range(rng.randint(1, 6)):
        low = text.lower()
        spots = []
        if len(low) == len(text):
            for kw in rng.sample(MUTATION_WORDS, 16):
                for m in re.finditer(re.escape(kw), low):
                    spots.append((m.start(), m.end()))
        op = rng.random()
        if spots and op < 0.35:
            a, b = rng.choice(spots)
            pos = rng.choice([a, b])
            text = text[:pos] + rng.choice(SPECIALS) + text[pos:]
        elif spots and op < 0.6:
            a, b = rng.choice(spots)
            pos = rng.randrange(a, b)
            ch = text[pos].lower()
            r = rng.random()
            if ch in LOOKALIKE and r < 0.7:
                rep = rng.choice(LOOKALIKE[ch])
            elif r < 0.85:
                rep = fullwidth(ch)
            else:
                rep = ch.upper()
            text = text[:pos] + rep + text[pos + 1:]
        elif spots and op < 0.75:
            a, b = rng.choice(spots)
            text = (text[:b] + rng.choice(["\u0301", "\u0307", "\u0308",
                                           "\u20dd", "\u0903"])
                    + text[b:])
        else:
            pos = rng.randrange(len(text) + 1)
            text = text[:pos] + rng.choice(SPECIALS) + text[pos:]
    return text


def labname(rng):
    cat = rng.choice(list(PATHOLOGY_SYNONYMS))
    return rng.choice(PATHOLOGY_SYNONYMS[cat] + ["degeneration", "scoliosis",
                                                 "osteopenia"])


def report(rng, kind):
    if kind == "refusal":
        t = rng.choice(REFUSALS)
        if t and rng.random() < 0.5:
            t += " " + rng.choice(RECS)
        return t
    parts = []
    if kind == "partial":
        parts.append(rng.choice(PARTIALS))
        if rng.random() < 0.5:
            # A refusal with hedges only, no clinical section.
            for _ in range(rng.randint(0, 3)):
                parts.append(rng.choice(HEDGED_LINES))
            return rng.choice([" ", "\n", "\n\n"]).join(parts)
    nsec = rng.randint(2, 5)
    titles = ["Findings", "Impression", "Recommendations", "Technique",
              "Comparison", "Clinical history"]
    for s in range(nsec):
        lines = []
        for _ in range(rng.randint(1, 6)):
            pool = rng.random()
            if pool < 0.5:
                f = rng.choice(FINDINGS)
                f = f.replace("{lab}", labname(rng)).replace(
                    "{lab2}", labname(rng)).replace(
                    "{Lab}", labname(rng).capitalize())
                lines.append(f)
            elif pool < 0.75:
                lines.append(rng.choice(RECS))
            elif pool < 0.9:
                lines.append(rng.choice(HEDGES))
            else:
                lines.append("Note: " + " ".join(
                    rng.sample(NEAR_MISSES, 4)) + ".")
        sep = rng.choice([" ", "\n", "\n- ", "  "])
        head = rng.choice(["%d. %s: " % (s + 1, rng.choice(titles)),
                           "**%s**\n" % rng.choice(titles),
                           "%s:\n" % rng.choice(titles).upper(), ""])
        parts.append(head + sep.join(lines))
    t = "\n\n".join(parts)
    if rng.random() < 0.05:
        t = "\ufeff" + t
    return t


def dump_line(obj, rng):
    """A JSON line the way a careful writer would; ASCII-escaped or raw
    UTF-8 at random, lone surrogates always as \\u escapes."""
    if rng.random() < 0.4:
        return json.dumps(obj)
    s = json.dumps(obj, ensure_ascii=False)
    return re.sub("[\ud800-\udfff]",
                  lambda m: "\\u%04x" % ord(m.group()), s)


def expected(pid, src, cf):
    out = {"pair_id": pid}
    for side, text in (("source", src), ("counterfactual", cf)):
        c, e = match_registry(PATHOLOGY_SYNONYMS, text)
        out[side + "_diagnostic_labels"] = c
        out[side + "_diagnostic_evidence"] = e
        c, e = match_registry(STRICT_SYNONYMS, text)
        out[side + "_strict_labels"] = c
        out[side + "_strict_evidence"] = e
        c, e = match_registry(RECOMMENDATION_PATTERNS, text)
        out[side + "_recommendations"] = c
        out[side + "_recommendation_evidence"] = e
        out[side + "_response_class"] = response_class(text)
    out["usable"] = (out["source_response_class"] != "full_refusal"
                     and out["counterfactual_response_class"]
                     != "full_refusal")
    return out


def unit_cases(rng):
    """Short texts for the C unit test: every SPEC 3.4 point spelled out,
    then random short adversarial strings around keywords."""
    cases = [
        "xİmri", "mrİ", "İmri", "MRI", "brea\u212a", "bro\u212aen",
        "fracture\u0301", "fractureé", "_fracture", "fracture2",
        "fracture²", "fracture٠", "fracture½", "ｆracture", "fractur\uff45",
        "fracture\u00a0", "\u0085fracture\u0085", "\u001cfx\u001f",
        "fracture\u200b", "\u200bfracture", "fracture\u0000",
        "\u0000fracture", "\ud800fracture\udfff", "fracture\U0001f600",
        "fracture_", "7fracture", "x-ray", "x\u2010ray", "follow-up",
        "follow up", "follow  up", "schmorl's node", "schmorl’s node",
        "bone spurs", "bone spur", "BONE SPURS!", "no finding", "abnormal",
        "no abnormality", "ſurgery", "surgery\u017f", "\u0131maging",
        "ımaging", "Imaging", "a\u0307mri", "\u0130\u0130mri",
        "compression fracture", "pain relief.", "anti-inflammatory",
        "", " ", "mri mri", "fx fx fracture", "ct scan", "CT\tscan",
        "ct\u00a0scan", "physical therapy", "consult", "consultant",
        "refer", "referral", "reassess", "reassurance",
        "\u0130\u0307fracture", "fracture\u0130", "Fracture\u0130",
        "\u212aink fracture", "Σfracture", "fractureΣ", "mri\u0345",
        "\u1e9efracture",
    ]
    kws = ALL_KEYWORDS
    while len(cases) < 400:
        kw = rng.choice(kws)
        t = rng.choice(["", " ", "a", "_", "1"]) + kw + rng.choice(
            ["", " ", "s", "_", ".", "2"])
        cases.append(mutate(rng, t))
    return cases


def c_string(s):
    """A C string literal of the WTF-8 bytes of s, plus its length."""
    b = s.encode("utf-8", "surrogatepass")
    return '"' + "".join("\\x%02x" % c for c in b) + '"', len(b)


def write_unit_golden(rng):
    regs = [("labels", PATHOLOGY_SYNONYMS), ("strict", STRICT_SYNONYMS),
            ("recs", RECOMMENDATION_PATTERNS)]
    with open("tests/unit/kw_golden.h", "w") as f:
        w = f.write
        w("/* Generated by tests/gen/gen_text_golden.py with Python re;"
          " do not edit.\n * Per text and registry (labels, strict, recs):"
          " the category mask in\n * registry order and, per category,"
          " synonym index and byte offsets. */\n")
        w("struct kw_golden_hit {\n\tint cat;\n\tint syn;\n\tsize_t start;\n"
          "\tsize_t end;\n};\n\n")
        w("struct kw_golden {\n\tconst char *text;\n\tsize_t len;\n"
          "\tuint32_t mask[3];\n\tstruct kw_golden_hit hits[3][16];\n"
          "};\n\n")
        w("static const struct kw_golden kw_golden[] = {\n")
        for t in unit_cases(rng):
            lit, n = c_string(t)
            masks, hits = [], []
            for _, reg in regs:
                cats, ev = match_registry(reg, t)
                names = list(reg)
                m = 0
                hl = []
                for e in ev:
                    ci = names.index(e["category"])
                    m |= 1 << ci
                    hl.append("{%d, %d, %d, %d}" % (
                        ci, reg[e["category"]].index(e["synonym"]),
                        e["start"], e["end"]))
                hl.append("{-1, 0, 0, 0}")
                masks.append("0x%x" % m)
                hits.append("{" + ", ".join(hl) + "}")
            w("\t{%s, %d, {%s},\n\t    {%s}},\n"
              % (lit, n, ", ".join(masks), ", ".join(hits)))
        w("};\n")


def main():
    assert sys.version_info[:2] == (3, 11)
    rng = random.Random(20260409)
    write_unit_golden(rng)
    kinds = ["genuine"] * 14 + ["partial"] * 3 + ["refusal"] * 3
    edits = ["young_female", "young_male", "elderly_female", "elderly_male"]
    inputs, outputs = [], []
    n = 0
    for s in range(1300):
        sid = "buu_%04d" % s if s % 3 else "vindr_%06x" % (s * 7919)
        for e in edits:
            if n >= 5200:
                break
            pid = sid + "__" + e
            src = report(rng, rng.choice(kinds))
            cf = report(rng, rng.choice(kinds))
            if rng.random() < 0.7:
                src = mutate(rng, src)
            if rng.random() < 0.7:
                cf = mutate(rng, cf)
            rec = {"pair_id": pid, "source_id": sid, "source_report": src,
                   "counterfactual_report": cf}
            if rng.random() < 0.1:
                rec["metadata"] = {"note": "é\u0000", "n": [1, 2.5, None]}
            line = dump_line(rec, rng)
            back = json.loads(line)
            inputs.append(line)
            outputs.append(json.dumps(
                expected(pid, back["source_report"],
                         back["counterfactual_report"]),
                ensure_ascii=False, separators=(",", ":")))
            n += 1
    for name, lines in (("pairs", inputs), ("expected", outputs)):
        data = ("\n".join(lines) + "\n").encode("utf-8")
        path = "tests/golden/text/%s.ndjson.zst" % name
        subprocess.run(["zstd", "-q", "-19", "-f", "-o", path],
                       input=data, check=True)
    print("%d pairs" % n)


if __name__ == "__main__":
    main()
