#!/usr/bin/python3
"""Write tests/golden/jaccard/: records for sfb-jaccard and the lines it must
print, computed with plain Python sets (SPEC 2.1 and 5).  Inputs are written
the way json.dumps writes them, so an output line is json.dumps of the record
with the added keys (a key already present is replaced in place).  Run once
by hand; the outputs are committed.  sfb is not involved.

  pairs.in / pairs.out        pair mode (the four arrays)
  pairs_x.out                 the same with -x source_id -x recommendation_jaccard
  generic.in / generic.out    -a left -b right -k overlap
  generic_x.out               the same with -x id
"""
import json
import os
import random

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'golden',
                   'jaccard')
LABELS = ["Disc calcification", "Disc space narrowing", "Endplate sclerosis",
          "Foraminal stenosis", "Fracture", "No finding", "Osteophytes",
          "Other lesions", "Posterior osteophyte", "Schmorl's node",
          "Spondylolisthesis", "Surgical implant", "Vertebral collapse"]
RECS = ["imaging", "medication", "monitoring", "no_action",
        "physical_therapy", "referral", "surgery"]
WORDS = ["a", "b", "A", "\u00e9", "e\u0301", "\U0001F600", "", "x y",
         "quote\"d", "back\\slash", "\u0000nul", "\u2028"]


def jaccard(a, b):
    if not a and not b:
        return 1.0
    return len(a & b) / len(a | b)


def pick(rng, pool, dup=True):
    s = rng.sample(pool, rng.randint(0, min(4, len(pool))))
    if dup and s and rng.random() < 0.2:
        s.append(rng.choice(s))
    return s


# -x: these members are left out of every record written, input or added.
PAIRS_X = ("source_id", "recommendation_jaccard")
GENERIC_X = ("id",)


def without(rec, keys):
    return {k: v for k, v in rec.items() if k not in keys}


rng = random.Random(5)
pairs_in, pairs_out, pairs_x = [], [], []
for i in range(300):
    rec = {"pair_id": "s%03d__young_male" % i, "source_id": "s%03d" % i}
    u = rng.random()
    if u < 0.15:
        rec["usable"] = False
    elif u < 0.6:
        rec["usable"] = True
    if rec.get("usable") is not False or rng.random() < 0.5:
        rec["source_diagnostic_labels"] = pick(rng, LABELS)
        rec["counterfactual_diagnostic_labels"] = (
            list(rec["source_diagnostic_labels"]) if rng.random() < 0.3
            else pick(rng, LABELS))
        rec["source_recommendations"] = pick(rng, RECS)
        rec["counterfactual_recommendations"] = (
            list(reversed(rec["source_recommendations"])) if rng.random() < 0.3
            else pick(rng, RECS))
    if rng.random() < 0.1:
        rec["recommendation_jaccard"] = "stale"
    line = json.dumps(rec, ensure_ascii=False)
    pairs_in.append(line)
    if rec.get("usable") is False:
        pairs_out.append(line)
        pairs_x.append(json.dumps(without(rec, PAIRS_X), ensure_ascii=False))
        continue
    sr, cr = set(rec["source_recommendations"]), set(rec["counterfactual_recommendations"])
    sl, cl = set(rec["source_diagnostic_labels"]), set(rec["counterfactual_diagnostic_labels"])
    rec["recommendation_changed"] = float(sr != cr)
    rec["recommendation_jaccard"] = jaccard(sr, cr)
    rec["diagnostic_label_consistency"] = jaccard(sl, cl)
    rec["diagnostic_labels_both_empty"] = not sl and not cl
    pairs_out.append(json.dumps(rec, ensure_ascii=False))
    pairs_x.append(json.dumps(without(rec, PAIRS_X), ensure_ascii=False))

gen_in, gen_out, gen_x = [], [], []
for i in range(200):
    rec = {"id": i, "left": pick(rng, WORDS), "right": pick(rng, WORDS)}
    if rng.random() < 0.1:
        rec["usable"] = False
    ascii = rng.random() < 0.5
    line = json.dumps(rec, ensure_ascii=ascii)
    gen_in.append(line)
    # With -x the members left are written as they came: the same escapes.
    line_x = json.dumps(without(rec, GENERIC_X), ensure_ascii=ascii)
    if rec.get("usable") is False:
        gen_out.append(line)
        gen_x.append(line_x)
        continue
    rec["overlap"] = jaccard(set(rec["left"]), set(rec["right"]))
    # The input text passes through as it is; only the new member is added.
    gen_out.append(line[:-1] + ", \"overlap\": " + repr(rec["overlap"]) + "}")
    gen_x.append(line_x[:-1] + ", \"overlap\": " + repr(rec["overlap"]) + "}")

os.makedirs(OUT, exist_ok=True)
for name, lines in (("pairs.in", pairs_in), ("pairs.out", pairs_out),
                    ("pairs_x.out", pairs_x), ("generic.in", gen_in),
                    ("generic.out", gen_out), ("generic_x.out", gen_x)):
    with open(os.path.join(OUT, name), "w", encoding="utf-8") as f:
        f.write("".join(line + "\n" for line in lines))
