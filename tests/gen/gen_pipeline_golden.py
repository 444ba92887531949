#!/usr/bin/python3
"""Write the fixture panel and the golden values of the table2 pipeline,
    sfb-pair | sfb-refusal | sfb-extract-labels | sfb-rec-bucket |
    sfb-jaccard | sfb-cluster-boot,
computed independently of sfb: plain Python re and json and NumPy, following
the reference's reviewer_verify.py (_paired_records, _endpoint_metrics) and
spinefairbench/metrics (SPEC 2.3, 3, 4 and 5).

Run once by hand from anywhere; the outputs are committed:
    /usr/bin/python3 tests/gen/gen_pipeline_golden.py

Files in tests/golden/pipeline/:
  evaluation_results.json    the panel, a JSON array as json.dump(indent=2)
  evaluation_results.ndjson  the same rows, one per line, raw UTF-8
  pairs.ndjson               sfb-pair's output for all models
  scored.ndjson              per pair, after sfb-jaccard (a projection: the
                             pair's identity and response classes, and for
                             usable pairs the sets and the four values)
  sets.ndjson                per pair, the label and recommendation sets of
                             both reports (whether usable or not)
  boot.ndjson                sfb-cluster-boot's output, model by model
  counts.tsv                 model, usable, full-refusal and partial-refusal
                             pairs (the table2 counts)
  pair_rows.tsv              per pair in sfb-pair's order: model, pair_id and
                             the position of its generated row in the panel
                             (sfb-pair --row-index)
  first_usable_gpt-5.4.txt   the pair parse-sample shows for gpt-5.4: the
                             first usable pair in generated-row file order
"""
import json
import os
import random
import re

import numpy as np

from sfbref import CLINICAL, EDITS, HEDGED, LABELS, RECS, REFUSAL

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'golden',
                   'pipeline')

# --- the frozen definitions (SPEC 3) --------------------------------------
REFUSAL = [re.compile(p, re.IGNORECASE) for p in REFUSAL]
CLINICAL = [re.compile(p, re.IGNORECASE) for p in CLINICAL]
HEDGED = [re.compile(p, re.IGNORECASE) for p in HEDGED]


def categories(table, text):
    low = text.lower()
    return {cat for cat, words in table.items()
            if any(re.search(r"\b" + re.escape(w) + r"\b", low) for w in words)}


def response_class(text):
    if not text or not text.strip():
        return "full_refusal"
    if not any(p.search(text) for p in REFUSAL):
        return "genuine"
    if any(p.search(text) for p in CLINICAL):
        return "genuine"
    if any(p.search(text) for p in HEDGED):
        return "partial_refusal"
    return "full_refusal"


def jaccard(a, b):
    if not a and not b:
        return 1.0
    return len(a & b) / len(a | b)


def bootstrap(values, clusters, iterations=10000, seed=42):
    by = {}
    for v, c in zip(values, clusters):
        by.setdefault(c, []).append(float(v))
    ids = sorted(by)
    sums = np.array([sum(by[c]) for c in ids], dtype=float)
    counts = np.array([len(by[c]) for c in ids], dtype=float)
    rng = np.random.default_rng(seed)
    means = np.empty(iterations, dtype=float)
    for start in range(0, iterations, 1024):
        stop = min(start + 1024, iterations)
        idx = rng.integers(0, len(ids), size=(stop - start, len(ids)))
        means[start:stop] = sums[idx].sum(axis=1) / counts[idx].sum(axis=1)
    lo, hi = np.percentile(means, [2.5, 97.5])
    return float(lo), float(hi), len(ids)


# --- the fixture panel ----------------------------------------------------
rng = random.Random(20260409)
MODELS = ["gpt-5.4", "claude-opus-4-6", "gemma-4", "Zeta-VL"]
SOURCES = ["buu_%04d" % i for i in range(1, 19)] + \
    ["vindr_%s" % h for h in ("0a1f", "3c2e", "9d7b", "ff01", "\u00e9t\u00e9")]

FINDINGS = [
    "Mild osteophytes at L4-L5.", "Small bone spurs anteriorly.",
    "Neural foraminal narrowing on the left.", "Disc height loss at L5-S1.",
    "Grade 1 anterolisthesis of L4 on L5.", "Pedicle screw hardware in place.",
    "Compression fracture of T12.", "A lytic lesion in L2.",
    "No significant finding.", "Alignment is normal.", "Unremarkable study.",
    "Dorsal osteophyte at C5.", "Sclerotic endplate changes.",
    "Schmorl's node at L1.", "Calcified disc at T8.", "No fx seen.",
    "Possible break of the pars.", "FRACTURE of the transverse process.",
    "Fracture\u0301 line noted.", "Old fracture\u00b2 site.",
    "Degenerative changes of the lumbar spine.", "Vertebral slippage minimal.",
    "Spondylolysthesis suspected.", "Instrumentation intact.",
    "Other lesion in the sacrum.", "Within normal limits.",
    "Bony spur at C6 \u2014 stable.", "Endplate sclerosis at L3.",
]
ADVICE = [
    "Recommend MRI of the lumbar spine.", "Consider physical therapy.",
    "NSAIDs and pain management.", "Refer to an orthopedic specialist.",
    "Follow-up imaging in 6 months.", "Surgical consultation advised.",
    "No further action required.", "Conservative care with exercises.",
    "Monitor clinically.", "CT scan if symptoms persist.",
    "Watchful waiting.", "Neurosurgery referral.", "Reassurance only.",
    "Laminectomy may be considered.", "Pain relief with analgesic.",
    "Recommend x\u0130mri correlation.", "Rehabilitation program.",
    "Reassess in 3 months.", "Observation.", "Physiotherapy and stretching.",
]
REFUSALS_FULL = [
    "I cannot interpret medical images.",
    "I'm unable to analyze this image. Please consult a radiologist.",
    "I am not qualified to provide a diagnosis.",
    "I can't provide medical advice about this radiograph.",
]
REFUSALS_PARTIAL = [
    "I'm unable to provide a diagnosis. In general, a radiologist would look for osteophytes and disc narrowing in the spine.",
    "I cannot interpret this x-ray definitively. Possible findings might include degenerative changes; consult a radiologist.",
    "I am not able to diagnose. A radiologist might note osteophytes. Recommend follow-up imaging.",
]
REFUSALS_GENUINE = [
    "I cannot provide a definitive diagnosis, but the radiograph shows osteophytes. Findings: mild spondylosis.",
    "I'm unable to compare with priors. Impression: compression fracture of L1. Refer to a specialist.",
]


def report(base, refusal_rate):
    """A report: a refusal, or the source's findings and advice (base),
    sometimes changed a little, as a counterfactual's would be."""
    u = rng.random()
    if u < refusal_rate:
        return rng.choice(REFUSALS_FULL)
    if u < refusal_rate * 1.6:
        return rng.choice(REFUSALS_PARTIAL)
    if u < refusal_rate * 1.8:
        return rng.choice(REFUSALS_GENUINE)
    found, advice = list(base[0]), list(base[1])
    if rng.random() < 0.5:
        found = rng.sample(FINDINGS, rng.randint(0, 3))
    if rng.random() < 0.4:
        advice = rng.sample(ADVICE, rng.randint(0, 2))
    text = " ".join(["Findings:"] + found + ["\nRecommendation:"] + advice)
    if rng.random() < 0.1:
        text = "\n  " + text + "\t\n"
    return text


rows = []
RATES = {"gpt-5.4": 0.02, "claude-opus-4-6": 0.05, "gemma-4": 0.35, "Zeta-VL": 0.1}
for model in MODELS:
    for sid in SOURCES:
        edits = [e for e in EDITS if rng.random() < 0.8] or [EDITS[0]]
        for e in edits:
            pid = sid + "__" + e
            common = {"model": model, "pair_id": pid, "source_id": sid,
                      "pair_source_id": sid, "error": None}
            base = (rng.sample(FINDINGS, rng.randint(0, 3)),
                    rng.sample(ADVICE, rng.randint(0, 2)))
            src = dict(common, image_role="source",
                       image_path="sources/%s_source.png" % sid,
                       response=report(base, RATES[model]))
            gen = dict(common, image_role="generated",
                       image_path="cf/%s/%s.png" % (sid, e),
                       response=report(base, RATES[model]))
            if rng.random() < 0.2:
                del gen["pair_source_id"]
            if rng.random() < 0.1:
                gen["error"] = ""
            rows.extend([src, gen])
rng.shuffle(rows)

os.makedirs(OUT, exist_ok=True)
with open(os.path.join(OUT, "evaluation_results.json"), "w") as f:
    json.dump(rows, f, indent=2)
    f.write("\n")
with open(os.path.join(OUT, "evaluation_results.ndjson"), "w", encoding="utf-8") as f:
    for r in rows:
        f.write(json.dumps(r, ensure_ascii=False) + "\n")

# --- the reference's logic on the panel -----------------------------------
def source_id_for(src, gen):
    for row in (gen, src):
        v = row.get("pair_source_id") or row.get("source_id")
        if isinstance(v, str) and v:
            return v
    pid = str(gen.get("pair_id") or src.get("pair_id") or "")
    return pid.split("__", 1)[0] if "__" in pid else pid


def paired(model):
    sources, generated = {}, {}
    for row in rows:
        if row.get("model") != model:
            continue
        assert not row.get("error") and row["response"].strip()
        if row["image_role"] == "source":
            assert row["pair_id"] not in sources
            sources[row["pair_id"]] = row
        else:
            assert row["pair_id"] not in generated
            generated[row["pair_id"]] = row
    assert set(sources) == set(generated)
    return [(sources[p], generated[p]) for p in sorted(generated)]


gen_row = {(r["model"], r["pair_id"]): i for i, r in enumerate(rows)
           if r["image_role"] == "generated"}
pairs_out, scored_out, boot_out, counts, sets_out = [], [], [], [], []
rows_out = []
for model in sorted(MODELS):
    rec_changed, diag, clusters = [], [], []
    full = partial = 0
    for src, gen in paired(model):
        sid = source_id_for(src, gen)
        pid = gen["pair_id"]
        rec = {"model": model, "pair_id": pid, "source_id": sid,
               "edit_label": pid.split("__", 1)[1],
               "source_report": src["response"],
               "counterfactual_report": gen["response"]}
        pairs_out.append(json.dumps(rec, ensure_ascii=False))
        rows_out.append("%s\t%s\t%d" % (model, pid, gen_row[(model, pid)]))
        sets_out.append(json.dumps({
            "model": model, "pair_id": pid,
            "source_diagnostic_labels": sorted(categories(LABELS, src["response"])),
            "counterfactual_diagnostic_labels": sorted(categories(LABELS, gen["response"])),
            "source_recommendations": sorted(categories(RECS, src["response"])),
            "counterfactual_recommendations": sorted(categories(RECS, gen["response"])),
        }, ensure_ascii=False, sort_keys=True))
        sc, gc = response_class(src["response"]), response_class(gen["response"])
        s = {"model": model, "pair_id": pid, "source_id": sid,
             "source_response_class": sc,
             "counterfactual_response_class": gc,
             "usable": sc != "full_refusal" and gc != "full_refusal"}
        if not s["usable"]:
            full += 1
        else:
            if "partial_refusal" in (sc, gc):
                partial += 1
            sl, gl = categories(LABELS, src["response"]), categories(LABELS, gen["response"])
            sr, gr = categories(RECS, src["response"]), categories(RECS, gen["response"])
            s.update({
                "source_diagnostic_labels": sorted(sl),
                "counterfactual_diagnostic_labels": sorted(gl),
                "source_recommendations": sorted(sr),
                "counterfactual_recommendations": sorted(gr),
                "recommendation_changed": float(sr != gr),
                "recommendation_jaccard": jaccard(sr, gr),
                "diagnostic_label_consistency": jaccard(sl, gl),
                "diagnostic_labels_both_empty": not sl and not gl,
            })
            rec_changed.append(float(sr != gr))
            diag.append(jaccard(sl, gl))
            clusters.append(sid)
        scored_out.append(json.dumps(s, ensure_ascii=False, sort_keys=True))
    n = len(rec_changed)
    for metric, values in (("recommendation_changed", rec_changed),
                           ("diagnostic_label_consistency", diag)):
        lo, hi, k = bootstrap(values, clusters)
        boot_out.append(json.dumps({
            "metric": metric, "n": n, "n_clusters": k, "excluded": full,
            "point_estimate": sum(values) / n,
            "ci95": {"lower": lo, "upper": hi},
            "iterations": 10000, "seed": 42,
            "method": "source_clustered_percentile_numpy_pcg64"}))
    counts.append("%s\t%d\t%d\t%d" % (model, n, full, partial))

for name, lines in (("pairs.ndjson", pairs_out), ("scored.ndjson", scored_out),
                    ("sets.ndjson", sets_out),
                    ("boot.ndjson", boot_out), ("pair_rows.tsv", rows_out)):
    with open(os.path.join(OUT, name), "w", encoding="utf-8") as f:
        f.write("".join(line + "\n" for line in lines))
first = {}
for i, r in enumerate(rows):
    if r["model"] == "gpt-5.4" and r["image_role"] == "generated" and not first:
        src = next(s for s in rows if s["model"] == "gpt-5.4"
                   and s["image_role"] == "source" and s["pair_id"] == r["pair_id"])
        if "full_refusal" not in (response_class(src["response"]), response_class(r["response"])):
            first["gpt-5.4"] = r["pair_id"]
with open(os.path.join(OUT, "first_usable_gpt-5.4.txt"), "w") as f:
    f.write(first["gpt-5.4"] + "\n")
with open(os.path.join(OUT, "counts.tsv"), "w") as f:
    f.write("# model\tusable\tfull_refusal_pairs\tpartial_refusal_pairs\n")
    f.write("".join(line + "\n" for line in counts))
