#!/usr/bin/python3
"""Recompute every frozen number of an sfb-synth bundle from its raw files.

Independent of sfb: plain Python `re`/`json`/`csv` and NumPy, following the
reference's definitions (SPEC sections 3-5, 7, 12).  Run once by hand on the
default bundle; the result is tests/golden/synth/frozen.json, which
tests/sfb-synth.bats compares with the numbers sfb-synth wrote.

    /usr/bin/python3 tests/gen/gen_synth_golden.py BUNDLE CODE_ROOT [TRUTH] > golden.json

tests/golden/synth/adversarial.json is its output on the bundle of
`sfb-synth --adversarial --truth TRUTH` (same sources and seed as the
default): the same numbers as default.json, recomputed from texts full of
lone surrogates, U+0000, non-BMP characters and U+2028, with every report
checked against the construction.

tests/golden/synth/short.json is its output on the bundle of
`sfb-synth --short-reports --truth TRUTH` (same sources and seed): every
genuine report in the terse layout, every report checked against the
construction.

With TRUTH (the --truth NDJSON), also checks every report's labels,
recommendations and response class against the construction (exit 1 and
the first differences on stderr when any differ).  Besides the goldens it
checks the structural facts the reviewer checks rely on and exits 1 when
one fails.
"""
import csv
import hashlib
import json
import math
import re
import sys
from pathlib import Path

import numpy as np

import sfbref
from sfbref import LABELS, MODELS, RECS

REFUSAL = [re.compile(p, re.I) for p in sfbref.REFUSAL]
CLINICAL = [re.compile(p, re.I) for p in sfbref.CLINICAL]
HEDGED = [re.compile(p, re.I) for p in sfbref.HEDGED]
PANELS = "artifacts/Results/final_inputs/panels/"
ANALYSIS = "artifacts/Results/analysis/"

problems = []


def problem(msg):
    problems.append(msg)
    print("PROBLEM:", msg, file=sys.stderr)


def keyword_set(text, table):
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


SEVERITY = {
    1: ["minimal", "mild", "slight", "minor", "subtle"],
    2: ["moderate", "moderately", "intermediate"],
    3: ["severe", "significant", "marked", "pronounced", "advanced"],
    4: ["critical", "extreme", "extensive"],
}
HEDGES = [r"\bmay\b", r"\bmight\b", r"\bpossibly\b", r"\bpossible\b", r"\blikely\b",
          r"\bsuggests?\b", r"\bcannot exclude\b", r"\bcannot rule out\b", r"\buncertain\b",
          r"\bdifferential includes\b", r"\bconsider\b", r"\bcorrelate clinically\b",
          r"\bprobable\b", r"\bsuspected\b", r"\bapparent\b", r"\bquestionable\b",
          r"\bequivocal\b"]
CATEGORIES = ["Osteophytes", "Foraminal stenosis", "Disc space narrowing", "Spondylolisthesis",
              "Surgical implant", "Vertebral collapse", "Other lesions", "No finding",
              "Posterior osteophyte", "Endplate sclerosis", "Schmorl's node",
              "Disc calcification", "Fracture"]


def severity(text):
    low = text.lower()
    return max([score for score, terms in SEVERITY.items()
                if any(re.search(r"\b" + t + r"\b", low) for t in terms)], default=0)


def hedges(text):
    low = text.lower()
    return sum(len(re.findall(p, low)) for p in HEDGES)


def unmatched_share(text, ground):
    pred = keyword_set(text, LABELS) - {"No finding"}
    return len(pred - ground) / len(pred) if pred else 0.0


def ground_truth(pairs):
    out = {}
    for row in pairs:
        if row.get("source_id") and "pathology_labels" in row:
            out[row["source_id"]] = {CATEGORIES[i] for i in row["pathology_labels"]
                                     if i in range(13)} - {"No finding"}
    return out


def secondary(per, truth):
    sev, hed, hal = [], [], []
    for pid, sid, sc, gc, st, gt in per:
        if "full_refusal" in (sc, gc):
            continue
        sev.append(abs(severity(st) - severity(gt)))
        hed.append(abs(hedges(st) - hedges(gt)))
        if sid in truth:
            hal.append(abs(unmatched_share(st, truth[sid]) - unmatched_share(gt, truth[sid])))
    return {"severity": float(np.mean(np.array(sev, dtype=float))), "severity_n": len(sev),
            "hedging": float(np.mean(np.array(hed, dtype=float))), "hedging_n": len(hed),
            "hallucination": float(np.mean(np.array(hal, dtype=float))),
            "hallucination_n": len(hal)}


def jaccard(a, b):
    if not a and not b:
        return 1.0
    return len(a & b) / len(a | b)


def boot_ci(values, ids, iterations=10000, seed=42):
    """SPEC 4: source-clustered percentile bootstrap with NumPy's PCG64."""
    by = {}
    for v, s in zip(values, ids):
        by.setdefault(s, []).append(float(v))
    clusters = sorted(by)
    sums = np.array([sum(by[c]) for c in clusters], dtype=float)
    counts = np.array([len(by[c]) for c in clusters], dtype=float)
    rng = np.random.default_rng(seed)
    means = np.empty(iterations, dtype=float)
    for start in range(0, iterations, 1024):
        stop = min(start + 1024, iterations)
        idx = rng.integers(0, len(clusters), size=(stop - start, len(clusters)))
        means[start:stop] = sums[idx].sum(axis=1) / counts[idx].sum(axis=1)
    lo, hi = np.percentile(means, [2.5, 97.5])
    return float(lo), float(hi)


def load(path):
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def pairs_of(rows, model, condition=None):
    src, gen = {}, {}
    for r in rows:
        if r.get("model") != model or r.get("condition") != condition:
            continue
        (src if r["image_role"] == "source" else gen)[r["pair_id"]] = r
    if set(src) != set(gen):
        problem(f"unpaired rows for {model} {condition}")
    out = []
    for pid in sorted(gen):
        s, g = src[pid], gen[pid]
        sid = None
        for row in (g, s):
            v = row.get("pair_source_id") or row.get("source_id")
            if v:
                sid = v
                break
        sid = sid or pid.split("__", 1)[0]
        for row in (s, g):
            declared = row.get("pair_source_id") or row.get("source_id")
            decls = [row[k] for k in ("pair_source_id", "source_id") if row.get(k)]
            if declared != sid or any(v != sid for v in decls) or not pid.startswith(sid + "__"):
                problem(f"Inconsistent source cluster identity: {model}: {pid}")
        out.append((pid, sid, s["response"], g["response"]))
    return out


def endpoint_stats(pairs):
    usable = full = partial = both_empty = 0
    changed, diag, sids, recj = [], [], [], []
    per = []
    for pid, sid, st, gt in pairs:
        sc, gc = response_class(st), response_class(gt)
        per.append((pid, sid, sc, gc, st, gt))
        if "full_refusal" in (sc, gc):
            full += 1
            continue
        if "partial_refusal" in (sc, gc):
            partial += 1
        sr, gr = keyword_set(st, RECS), keyword_set(gt, RECS)
        sl, gl = keyword_set(st, LABELS), keyword_set(gt, LABELS)
        changed.append(float(sr != gr))
        recj.append(jaccard(sr, gr))
        diag.append(jaccard(sl, gl))
        both_empty += not sl and not gl
        sids.append(sid)
        usable += 1
    matches = sum(1 for c in changed if c == 0.0)
    rci = boot_ci(changed, sids)
    dci = boot_ci(diag, sids)
    return {
        "n_pairs": len(pairs), "usable": usable, "full": full, "partial": partial,
        "both_empty": both_empty, "agreement_rate": matches / usable,
        "rec_change": 1.0 - matches / usable,
        "rec_change_ci": [rci[0], rci[1]],
        "agreement_ci": [1.0 - rci[1], 1.0 - rci[0]],
        "diag_mean": sum(diag) / len(diag), "diag_ci": [dci[0], dci[1]],
        "clusters": len(set(sids)),
    }, per


def followup(per):
    """T/F repeated-call excess per source, equal source weights."""
    by = {}
    for pid, sid, sc, gc, st, gt in per:
        by.setdefault(sid, []).append((sc, gc, st, gt))
    n = drop_edit = drop_src = 0
    tt = [[], []]
    ff = [[], []]
    diffs = [[], []]
    for sid in sorted(by):
        rows = by[sid]
        t = [[], []]
        for sc, gc, st, gt in rows:
            if "full_refusal" in (sc, gc):
                continue
            t[0].append(float(keyword_set(st, RECS) != keyword_set(gt, RECS)))
            t[1].append(1.0 - jaccard(keyword_set(st, LABELS), keyword_set(gt, LABELS)))
        srcs = [st for sc, gc, st, gt in rows if sc != "full_refusal"]
        f = [[], []]
        for a in range(len(srcs)):
            for b in range(a + 1, len(srcs)):
                f[0].append(float(keyword_set(srcs[a], RECS) != keyword_set(srcs[b], RECS)))
                f[1].append(1.0 - jaccard(keyword_set(srcs[a], LABELS), keyword_set(srcs[b], LABELS)))
        if not t[0]:
            drop_edit += 1
            continue
        if not f[0]:
            drop_src += 1
            continue
        n += 1
        for e in range(2):
            tv = sum(t[e]) / len(t[e])
            fv = sum(f[e]) / len(f[e])
            tt[e].append(tv)
            ff[e].append(fv)
            diffs[e].append((tv - fv, sid))
    out = {"n_sources": n, "dropped_no_usable_edited_comparison": drop_edit,
           "dropped_fewer_than_two_usable_source_reports": drop_src}
    for e, name in enumerate(("recommendation", "diagnostic")):
        T = sum(tt[e]) / n
        F = sum(ff[e]) / n
        ci = boot_ci([d for d, _ in diffs[e]], [s for _, s in diffs[e]])
        out[name] = {"T": T, "F": F, "excess": T - F,
                     "normalized_excess": (T - F) / (1 - F), "ci95": [ci[0], ci[1]]}
    return out


def clean_markdown(text):
    text = re.sub(r"[*_`#]+", "", text)
    text = re.sub(r"^\s*[-:]\s*", "", text.strip())
    return re.sub(r"\s+", " ", text).strip()


def stage1_primary(text):
    m = re.search(sfbref.STAGE1_LINE, text)
    if m:
        return clean_markdown(m.group(1)) or None
    m = re.search(sfbref.STAGE1_BLOCK, text)
    if not m:
        return None
    return clean_markdown(m.group(1)) or None


def stage1_ok(path):
    side = path.with_name(path.stem + ".validation.json")
    if not side.exists():
        return False
    try:
        p = load(side)
    except Exception:
        return False
    html = bool(p.get("html_garbage_detected", p.get("html_garbage", False)))
    if p.get("status") != "valid" or bool(p.get("prompt_echo_detected", False)) or html:
        return False
    return stage1_primary(path.read_text(encoding="utf-8", errors="replace")) is not None


def check_truth(truth_path, per_model):
    want = {}
    with open(truth_path, encoding="utf-8") as f:
        for line in f:
            t = json.loads(line)
            want[(t["model"], t["pair_id"])] = t
    bad = 0
    for model, per in per_model.items():
        for pid, sid, sc, gc, st, gt in per:
            t = want[(model, pid)]
            got = {
                "source_response_class": sc, "counterfactual_response_class": gc,
                "source_diagnostic_labels": sorted(keyword_set(st, LABELS)),
                "counterfactual_diagnostic_labels": sorted(keyword_set(gt, LABELS)),
                "source_recommendations": sorted(keyword_set(st, RECS)),
                "counterfactual_recommendations": sorted(keyword_set(gt, RECS)),
                "source_severity": severity(st), "counterfactual_severity": severity(gt),
                "source_hedges": hedges(st), "counterfactual_hedges": hedges(gt),
            }
            for k, v in got.items():
                if t[k] != v:
                    bad += 1
                    if bad <= 20:
                        text = st if k.startswith("source") else gt
                        print(f"TRUTH {model} {pid} {k}: built {t[k]} matched {v}\n  {text!r}",
                              file=sys.stderr)
    if bad:
        problem(f"{bad} report facts differ from the construction")


def sha256(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def structural(root, code):
    # checksum manifests
    for man in ("SHA256SUMS.txt", "radiologist_validation_SHA256SUMS.txt"):
        n = 0
        for line in (root / man).read_text(encoding="utf-8").splitlines():
            m = re.fullmatch(r"([0-9a-fA-F]{64}) [ *](.+)", line)
            if not m or sha256(root / m.group(2)) != m.group(1):
                problem(f"{man}: bad entry {line[:80]}")
            n += 1
        if man.startswith("radiologist") and n != 12:
            problem("radiologist manifest must have 12 entries")
    listed = {line.split("  ", 1)[1] for line in (root / "SHA256SUMS.txt").read_text().splitlines()}
    files = {str(p.relative_to(root)) for p in root.rglob("*") if p.is_file()}
    if files - listed != {"SHA256SUMS.txt"}:
        problem("SHA256SUMS.txt does not list every other file")
    # release identity and follow-up
    rel = load(code / "release_manifest.json")
    if rel["schema_version"] != "1.0" or len(rel["artifact_anchors"]) != 7:
        problem("release manifest shape")
    for name, h in rel["artifact_anchors"].items():
        if sha256(root / name) != h:
            problem(f"anchor {name}")
    frozen = load(root / rel["frozen_prompt_registry"])["prompt_registry"]
    public = load(code / "prompts/canonical_definitions.json")["prompt_registry"]
    if any(public.get(k) != v for k, v in frozen.items()):
        problem("prompt registry differs")
    sup = rel["supplemental_artifacts"]["retained_followup_audit"]
    if sha256(code / sup["path"]) != sup["sha256"]:
        problem("supplement hash")
    supj = load(code / sup["path"])["repeated_calls"]
    if set(supj["models"]) != set(MODELS):
        problem("follow-up membership")
    for model, row in supj["models"].items():
        if (row["n_sources"] + row["dropped_no_usable_edited_comparison"]
                + row["dropped_fewer_than_two_usable_source_reports"]) != supj["common_core_sources"]:
            problem(f"follow-up accounting {model}")
        for e in ("recommendation", "diagnostic"):
            it = row[e]
            vals = [it[k] for k in ("T", "F", "excess", "normalized_excess")] + it["ci95"]
            if (not all(type(v) in (int, float) and math.isfinite(v) for v in vals)
                    or not 0 <= it["T"] <= 1 or not 0 <= it["F"] < 1 or it["ci95"][0] > it["ci95"][1]
                    or abs(it["excess"] - (it["T"] - it["F"])) > 1e-12
                    or abs(it["normalized_excess"] - it["excess"] / (1 - it["F"])) > 1e-12):
                problem(f"follow-up arithmetic {model} {e}")
    # inspect: every file the reference requires
    for rel_path in ["README.md", "DATA_LICENSE.md", "SHA256SUMS.txt", "benchmark_card.md", "croissant.json",
                     "dataset/README.md", "dataset/release_manifest.json", "dataset/qc_metadata.jsonl",
                     "dataset/qc_passed_pair_manifest.jsonl", "dataset/pairs.json", "dataset/source_metadata.json",
                     "artifacts/freeze_runs/2026-04-09/canonical_definitions.json",
                     "artifacts/freeze_runs/2026-04-09/evaluation_source_subset.json",
                     "artifacts/freeze_runs/2026-04-09/evaluation_source_subset_core1000.json",
                     "artifacts/freeze_runs/2026-04-09/exclusion_evidence/gemini_baseline_backfill_canonical_2026-04-16.json",
                     "artifacts/freeze_runs/2026-04-09/exclusion_evidence/medgemma_baseline_canary_canonical.json",
                     ANALYSIS + "common_core_1000_summary.json", ANALYSIS + "generator_evaluation_overlap.json",
                     ANALYSIS + "mitigation_conditions_manifest.json", ANALYSIS + "mitigation_parsing_confidence.json",
                     ANALYSIS + "mitigation_stage1_trace_manifest.json", ANALYSIS + "mitigation_summary.json",
                     "artifacts/Results/final_inputs/all_model_intersection_2166_manifest.json",
                     "artifacts/Results/final_inputs/final_panel_freeze_manifest.json",
                     "protocol/binding_rule_2026-04-08.md",
                     "protocol/generator_artifact_controls_c1_c4_registration.json",
                     "validation_report_public_final_2026-04-28.json", "radiologist_validated_subset.json",
                     "radiologist_exclusion_list.json", "metrics/submission_schema.json",
                     "metrics/toy_submission.json"] + [
                     PANELS + p + "/" + f for p in ("full_pipeline_retained", "baseline_only_retained",
                                                    "full_pipeline_mitigation_retained")
                     for f in ("panel_manifest.json", "evaluation_results.json")]:
        if not (root / rel_path).exists():
            problem(f"missing {rel_path}")
    # mitigation: the gate and the binding rule as the reference checks them
    parsing = load(root / ANALYSIS / "mitigation_parsing_confidence.json")
    with open(root / ANALYSIS / "mitigation_table.csv", newline="", encoding="utf-8") as f:
        mrows = list(csv.DictReader(f))
    for model in ("gpt-5.4", "glm-4.6v"):
        a = next(r for r in mrows if r["model"] == model and r["condition"] == "condition_a")
        b = next(r for r in mrows if r["model"] == model and r["condition"] == "condition_b")
        dr, dd = float(b["delta_rec"]), float(b["delta_diag"])
        if (parsing[model]["decision"] != "included" or a["n_pairs"] != b["n_pairs"]
                or abs(dr - (float(b["rec_change"]) - float(a["rec_change"]))) > 1e-12
                or abs(dd - (float(b["diag_consistency"]) - float(a["diag_consistency"]))) > 1e-12
                or b["b_rule_pass"].strip().lower() != "false" or dr <= 0 or dd >= -0.05):
            problem(f"mitigation rule {model}")
    if sorted(m for m, p in parsing.items() if p["decision"] == "excluded_full") != [
            "claude-opus-4-6", "claude-sonnet-4-6", "kimi-k2.5"]:
        problem("Stage-1 exclusions")
    # dataset
    qc = [json.loads(l) for l in (root / "dataset/qc_metadata.jsonl").read_text().splitlines()]
    passed = [json.loads(l) for l in (root / "dataset/qc_passed_pair_manifest.jsonl").read_text().splitlines()]
    if passed != [r for r in qc if r["passed_qc"]]:
        problem("passed manifest differs from passed QC rows")
    for r in passed:
        p = root / r["counterfactual_image_path"]
        data = p.read_bytes()
        if len(data) != r["counterfactual_image_size_bytes"] or data[:8] != b"\x89PNG\r\n\x1a\n":
            problem(f"png {p}")
    import zlib
    for r in passed[:50]:
        data = (root / r["counterfactual_image_path"]).read_bytes()
        pos, idat, w, h = 8, b"", 0, 0
        while pos < len(data):
            ln = int.from_bytes(data[pos:pos + 4], "big")
            typ = data[pos + 4:pos + 8]
            body = data[pos + 8:pos + 8 + ln]
            crc = int.from_bytes(data[pos + 8 + ln:pos + 12 + ln], "big")
            if zlib.crc32(typ + body) != crc:
                problem("png crc")
            if typ == b"IHDR":
                w, h = int.from_bytes(body[:4], "big"), int.from_bytes(body[4:8], "big")
            if typ == b"IDAT":
                idat += body
            pos += 12 + ln
        if len(zlib.decompress(idat)) != h * (w + 1):
            problem("png data")
    images = {}
    for r in passed:
        images.setdefault(r["source_id"], {})[r["edit_label"]] = r["counterfactual_image_path"]
        if r["pair_id"] != f"{r['source_id']}__{r['edit_label']}":
            problem(f"pair identity {r['pair_id']}")
    for rel_path in ("dataset/pairs.json", "dataset/source_metadata.json"):
        srcs = {row["source_id"]: row for row in load(root / rel_path)}
        if set(srcs) != set(images):
            problem(f"source membership {rel_path}")
        for sid, row in srcs.items():
            if (row.get("counterfactual_images") != images[sid]
                    or sorted(row.get("qc_passed_counterfactuals", [])) != sorted(images[sid])):
                problem(f"source mapping {rel_path} {sid}")
    man = load(root / "dataset/release_manifest.json")
    if man["pair_manifests"]["source_level_rows"] != len(images):
        problem("source count")
    if (man["counterfactual_images"]["included_png_count"] != len(passed)
            or man["pair_manifests"]["attempted_qc_rows"] != len(qc)
            or len(list((root / "dataset").rglob("*.png"))) != len(passed)):
        problem("dataset counts")
    # radiologist
    vp = "validation_public/"
    with open(root / (vp + "validation_pair_results_public_2026-04-28.csv"), newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    votes = {}
    for r in rows:
        b = votes.setdefault(r["pair_id"], [0, 0, 0])
        b[0] += 1
        b[1] += r["q1_clinical_plausibility"] == "Yes"
        b[2] += r["q2_pathology_preservation"] == "Yes"
    maj = sorted(p for p, b in votes.items() if b[0] == 3 and b[1] >= 2 and b[2] >= 2)
    with open(root / (vp + "detectability_responses_public_2026-04-28.csv"), newline="", encoding="utf-8") as f:
        det = list(csv.DictReader(f))
    with open(root / (vp + "hidden_repeat_records_public_2026-04-28.csv"), newline="", encoding="utf-8") as f:
        hid = list(csv.DictReader(f))
    per_rev = 0
    for rel_path in load(root / (vp + "validation_public_manifest.json"))["files"]["per_reviewer_files"]:
        with open(root / rel_path, newline="", encoding="utf-8") as f:
            per_rev += sum(1 for _ in csv.DictReader(f))
    ct = sum(r["q4_detectability"] == "Cannot tell" for r in det)
    subset = load(root / "radiologist_validated_subset.json")["pair_ids"]
    if (len(maj), len(votes), len(det), ct, per_rev, len(hid), len(subset),
            len(load(root / "radiologist_exclusion_list.json")["excluded_pairs"])) != (
            443, 450, 1350, 1307, 1380, 30, 443, 7) or set(maj) != set(subset):
        problem("radiologist counts")


def main():
    root, code = Path(sys.argv[1]), Path(sys.argv[2])
    truth = sys.argv[3] if len(sys.argv) > 3 else None
    golden = {"models": {}, "followup": {}, "mitigation": {}, "stage1": {}, "secondary": {}}
    per_model = {}
    for panel in ("full_pipeline_retained", "baseline_only_retained"):
        rows = load(root / PANELS / panel / "evaluation_results.json")
        labels = ground_truth(load(root / PANELS / panel / "pairs.json"))
        dataset_truth = ground_truth(load(root / "dataset/pairs.json"))
        if labels != {k: v for k, v in dataset_truth.items() if k in labels}:
            problem(f"{panel} pairs.json labels differ from dataset/pairs.json")
        for model in load(root / PANELS / panel / "panel_manifest.json")["models"]:
            st, per = endpoint_stats(pairs_of(rows, model))
            per_model[model] = per
            golden["secondary"][model] = secondary(per, labels)
            golden["models"][model] = {
                "pair_usable": st["usable"], "pair_full_refusals": st["full"],
                "pair_partial_refusals": st["partial"],
                "agreement_rate": st["agreement_rate"],
                "agreement_ci": st["agreement_ci"],
                "diag_mean": st["diag_mean"], "diag_ci": st["diag_ci"],
            }
            golden["followup"][model] = followup(per)
    if sorted(golden["models"]) != sorted(MODELS):
        problem("panel membership")
    inter = set.intersection(*[
        {pid for pid, sid, sc, gc, st, gt in per if "full_refusal" not in (sc, gc)}
        for per in per_model.values()])
    golden["intersection"] = len(inter)
    rows = load(root / PANELS / "full_pipeline_mitigation_retained/evaluation_results.json")
    for model in ("gpt-5.4", "glm-4.6v"):
        for cond in ("condition_a", "condition_b"):
            st, _ = endpoint_stats(pairs_of(rows, model, cond))
            golden["mitigation"][f"{model} {cond}"] = {
                "n_pairs": st["n_pairs"], "rec_change": st["rec_change"],
                "rec_change_ci": st["rec_change_ci"], "diag": st["diag_mean"],
                "diag_ci": st["diag_ci"], "full": st["full"], "partial": st["partial"],
            }
        a, b = (golden["mitigation"][f"{model} {c}"] for c in ("condition_a", "condition_b"))
        golden["mitigation"][f"{model} delta"] = [b["rec_change"] - a["rec_change"], b["diag"] - a["diag"]]
    trace = load(root / ANALYSIS / "mitigation_stage1_trace_manifest.json")["models"]
    s1root = root / PANELS / "full_pipeline_mitigation_retained/stage1_outputs"
    for model in sorted(trace):
        names = [Path(p).name for p in trace[model]["sample_files_first_200"]]
        k = sum(stage1_ok(s1root / model / n) for n in names)
        rate = k / len(names)
        golden["stage1"][model] = {
            "sample_size": len(names), "stage1_diag_pass_count": k,
            "stage1_diag_pass_rate": rate,
            "decision": "excluded_full" if rate < 0.85 else
                        "excluded_diag_only" if rate < 0.95 else "included"}
    qc = (root / "dataset/qc_metadata.jsonl").read_text(encoding="utf-8").splitlines()
    passed = [json.loads(l) for l in
              (root / "dataset/qc_passed_pair_manifest.jsonl").read_text(encoding="utf-8").splitlines()]
    core = load(root / "artifacts/freeze_runs/2026-04-09/evaluation_source_subset_core1000.json")
    golden["counts"] = {
        "sources": len({r["source_id"] for r in passed}), "attempted_pairs": len(qc),
        "qc_pairs": len(passed), "core_sources": len(core["source_ids"]),
        "core_pairs": len(per_model["gpt-5.4"]), "intersection_pairs": len(inter),
    }
    if truth:
        check_truth(truth, per_model)
    structural(root, code)
    json.dump(golden, sys.stdout, indent=1, sort_keys=True)
    print()
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
