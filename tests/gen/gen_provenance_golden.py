#!/usr/bin/python3
"""Goldens of examples/hallucination-provenance.sh and
examples/recovered-scoring.sh: fixture bundles and, for each, the receipt
the reference's two provenance scripts write (json.dumps(..., indent=2)),
their error lines and exit statuses.

Run by hand once, from the top of the tree:
    /usr/bin/python3 tests/gen/gen_provenance_golden.py
Writes tests/golden/provenance/bundles.tar.zst (one directory per case:
code/ with stand-in recorded source files, artifacts/ in the released
layout, hall.pins and rec.pins in SHA256SUMS format) and per case
CASE.hall.{out,err,rc} and CASE.rec.{out,err,rc}.

The two pairing recipes are written here from the reference scripts'
description (SPEC 13.5): labels and response classes with plain Python re
(tests/gen/gen_text_golden.py), sums with math.fsum.  Nothing here uses sfb.
"""

import hashlib
import io
import json
import math
import os
import random
import subprocess
import sys
import tarfile

sys.path.insert(0, os.path.dirname(__file__))
import gen_text_golden as T  # noqa: E402

OUT = "tests/golden/provenance"
MODELS = ["claude-opus-4-6", "claude-sonnet-4-6", "gemma-4", "glm-4.6v",
          "gpt-5.4", "kimi-k2.5", "llama-4-scout", "qwen2.5-vl", "radfm"]
FULL = ["claude-opus-4-6", "claude-sonnet-4-6", "gemma-4", "glm-4.6v",
        "gpt-5.4", "kimi-k2.5"]
EDITS = ["young_female", "young_male", "elderly_female", "elderly_male"]
CATS = ["Osteophytes", "Foraminal stenosis", "Disc space narrowing",
        "Spondylolisthesis", "Surgical implant", "Vertebral collapse",
        "Other lesions", "No finding", "Posterior osteophyte",
        "Endplate sclerosis", "Schmorl's node", "Disc calcification",
        "Fracture"]
P = "Results/final_inputs/panels"
INPUTS = ["Results/analysis/common_core_1000_summary.json",
          P + "/full_pipeline_retained/evaluation_results.json",
          P + "/baseline_only_retained/evaluation_results.json",
          P + "/full_pipeline_retained/pairs.json",
          P + "/baseline_only_retained/pairs.json"]
CORE = "freeze_runs/2026-04-09/evaluation_source_subset_core1000.json"
HALL_SOURCES = ["analyze.py", "metrics/hallucination.py",
                "metrics/diagnostic_label.py", "metrics/refusal_detector.py",
                "data/annotations.py"]
REC_SOURCES = ["analyze.py", "metrics/refusal_detector.py",
               "metrics/hallucination.py", "metrics/diagnostic_label.py",
               "data/annotations.py"]
HALL_ROOT = "code/provenance/historical_scoring_source/spinefairbench"
REC_ROOT = "code/provenance/later_scoring_source/spinefairbench"


def labels(text):
    return frozenset(T.match_registry(T.PATHOLOGY_SYNONYMS, text)[0])


def full_refusal(text):
    return T.response_class(text) == "full_refusal"


def score(text, ground):
    p = labels(text) - {"No finding"}
    return len(p - ground) / len(p) if p else 0.0


class ZeroDiv(Exception):
    pass


def mean(xs):
    if not xs:
        raise ZeroDiv()
    return math.fsum(xs) / len(xs)


# ------------------------------------------------------------ recipes

def hallucination(files, pins):
    """The receipt of verify_hallucination_provenance.py, or an error."""
    summary = json.loads(files[INPUTS[0]])
    result = {
        "schema_version": "1.0",
        "record_type": "saved_hallucination_arithmetic_verification",
        "scope": "Current arithmetic reconstruction from frozen reports; no model call, bootstrap, or authentication of the dirty historical runtime.",
        "recorded_base_commit": "889358c42a52f3406005f0939e1f20ad698d7be4",
        "recorded_runtime_git_dirty": True,
        "source_sha256": {n: pins[n] for n in HALL_SOURCES},
        "artifact_sha256": {n: pins[n] for n in INPUTS},
        "pair_id_recipe": "Join source/generated reports by model and pair_id, exclude errors and full refusals, compute mean absolute difference of unmatched-positive-prediction fractions relative to source labels.",
        "recorded_base_recipe": "Mirror analyze.py source_id-keyed last-surviving source reports and source_id::image_path-keyed generated reports, then retain generated rows with any surviving source report and source labels.",
        "models": {},
    }
    for panel, short in [("full_pipeline_retained", "full"),
                         ("baseline_only_retained", "baseline")]:
        rows = json.loads(files[P + "/" + panel + "/evaluation_results.json"])
        pairs = json.loads(files[P + "/" + panel + "/pairs.json"])
        truth = {}
        for entry in pairs:
            if "pathology_labels" not in entry:
                continue
            g = set()
            for i in entry["pathology_labels"]:
                if isinstance(i, bool) or (type(i) is int and 0 <= i < 13):
                    g.add(CATS[int(i)])
            truth[entry["source_id"]] = g - {"No finding"}
        byid, src, gen = {}, {}, {}
        for row in rows:
            text = row.get("response") or ""
            if row.get("error") or full_refusal(text):
                continue
            m, sid, role = row["model"], row["pair_source_id"], row["image_role"]
            pr = byid.setdefault(m, {}).setdefault(row["pair_id"], {"source_id": sid})
            if role in pr:
                raise ValueError("Duplicate surviving pair-role entry: %s/%s/%s"
                                 % (m, row["pair_id"], role))
            pr[role] = text
            if role == "source":
                src.setdefault(m, {})[sid] = text
            elif role == "generated":
                gen.setdefault(m, {})["%s::%s" % (sid, row["image_path"])] = (sid, text)
        for m, prs in byid.items():
            d, c = [], {}
            for pr in prs.values():
                if "source" in pr and "generated" in pr:
                    g = truth[pr["source_id"]]
                    d.append(abs(score(pr["source"], g) - score(pr["generated"], g)))
                    k = pr["source_id"].split("_")[0]
                    c[k] = c.get(k, 0) + 1
            bd, bc = [], {}
            for sid, text in gen.get(m, {}).values():
                if sid in src.get(m, {}) and sid in truth:
                    g = truth[sid]
                    bd.append(abs(score(src[m][sid], g) - score(text, g)))
                    k = sid.split("_")[0]
                    bc[k] = bc.get(k, 0) + 1
            saved = summary["panels"][short]["models"][m][
                "primary_secondary_stats"]["hallucination"]
            mu = mean(d)
            bmu = mean(bd)
            result["models"][m] = {
                "n_pairs": len(d),
                "source_dataset_pair_counts": dict(sorted(c.items())),
                "computed_mean_abs_difference": mu,
                "saved_mean_disparity": saved["mean_disparity"],
                "absolute_error": abs(mu - saved["mean_disparity"]),
                "denominator_matches": len(d) == saved["n_pairs"],
                "recorded_base_pairing": {
                    "n_pairs": len(bd),
                    "source_dataset_pair_counts": dict(sorted(bc.items())),
                    "mean_abs_difference": bmu,
                    "absolute_error_against_saved": abs(bmu - saved["mean_disparity"]),
                    "denominator_matches_saved": len(bd) == saved["n_pairs"],
                },
            }
    models = result["models"]
    result["model_count"] = len(models)
    result["all_denominators_match"] = all(
        v["denominator_matches"] for v in models.values())
    result["max_absolute_error"] = max(v["absolute_error"] for v in models.values())
    result["verified"] = (len(models) == 9 and result["all_denominators_match"]
                          and result["max_absolute_error"] <= 1e-12)
    result["limitations"] = [
        "Arithmetic agreement is not authentication of the exact dirty April runtime source.",
        "Recorded-base pairing is a faithful code-path reconstruction using the same frozen inputs, not a model rerun or a replacement result.",
        "The population includes BUU and VinDr; it is not an independently isolated VinDr-only estimate.",
        "This lexical fraction is neither a conventional false-positive rate nor a clinically adjudicated hallucination rate.",
    ]
    return result


def pair_key(row):
    pid = row.get("pair_id", "")
    if isinstance(pid, str) and pid.strip():
        return pid
    sid = source_of(row)
    if not sid:
        return ""
    path = row.get("image_path", "")
    if row.get("image_role", "") == "generated" and isinstance(path, str) and path.strip():
        return "%s::%s" % (sid, path)
    return sid


def source_of(row):
    for k in ("source_id", "pair_source_id"):
        v = row.get(k, "")
        if isinstance(v, str) and v.strip():
            return v
    return ""


def lookup_key(row):
    pid = row.get("pair_id", "")
    if isinstance(pid, str) and pid.strip():
        return pid
    return source_of(row)


def recovered(files, pins):
    """The receipt of verify_recovered_scoring_candidate.py, or an error."""
    summary = json.loads(files[INPUTS[0]])
    core = set(json.loads(files[CORE])["source_ids"])
    results = {}
    for panel, short in [("full_pipeline_retained", "full"),
                         ("baseline_only_retained", "baseline")]:
        rows = json.loads(files[P + "/" + panel + "/evaluation_results.json"])
        pairs = json.loads(files[P + "/" + panel + "/pairs.json"])
        truth, with_key, non_empty = {}, 0, 0
        for entry in pairs or []:
            sid = entry.get("source_id", "")
            if not sid or "pathology_labels" not in entry:
                continue
            with_key += 1
            idx = entry.get("pathology_labels", [])
            if isinstance(idx, list) and idx:
                non_empty += 1
            g = {CATS[int(i)] for i in idx
                 if not isinstance(i, str) and i in range(13) and i == int(i)}
            g.discard("No finding")
            truth[sid] = g
        if with_key > 0 and non_empty == 0:
            truth = {}
        src, gen, gkey, gsid = {}, {}, {}, {}
        for r in rows:
            m = r.get("model", "unknown")
            pk, sid, lk = pair_key(r), source_of(r), lookup_key(r)
            path = r.get("image_path", "")
            text = r.get("response", "") or ""
            role = r.get("image_role", "")
            if not pk or r.get("error"):
                continue
            if full_refusal(text):
                continue
            if role == "source" or (not role and "_source" in path):
                src.setdefault(m, {})[lk] = text
            elif role == "generated" or (not role and "_source" not in path):
                gen.setdefault(m, {})[pk] = text
                gkey.setdefault(m, {})[pk] = lk
                gsid.setdefault(m, {})[pk] = sid
        hp = {}
        for m in src:
            rp, hl = 0, []
            for pk, text in gen.get(m, {}).items():
                s = src[m].get(gkey[m].get(pk, ""))
                if s is not None:
                    rp += 1
                    if gsid[m].get(pk, "") in truth:
                        hl.append((s, text, truth[gsid[m][pk]]))
            if rp:
                hp[m] = hl
        for m, hl in hp.items():
            d = [abs(score(a, g) - score(b, g)) for a, b, g in hl]
            saved = summary["panels"][short]["models"][m][
                "primary_secondary_stats"]["hallucination"]
            sids = {r["pair_source_id"] for r in rows if r["model"] == m}
            results[m] = {
                "saved_n_pairs": saved["n_pairs"],
                "recovered_code_n_pairs": len(d),
                "mean_absolute_difference": mean(d),
                "saved_mean_disparity": saved["mean_disparity"],
                "absolute_error": abs(mean(d) - saved["mean_disparity"]),
                "input_source_count": len(sids),
                "input_sources_outside_core_count": len(sids - core),
                "denominator_matches": len(d) == saved["n_pairs"],
            }
    receipt = {
        "record_type": "later_recovered_source_pairing_verification",
        "source_commit": "0e114cdca9d522054308c6d74ce14b30c698503a",
        "source_commit_parent": "889358c42a52f3406005f0939e1f20ad698d7be4",
        "source_commit_recorded_date": "2026-04-27T02:01:58-04:00",
        "source_sha256": {n: pins[n] for n in REC_SOURCES},
        "input_sha256": {n: pins[n] for n in INPUTS + [CORE]},
        "method": "Exact AST-isolated _compute_fairness_metrics from recovered April27 source, original pure-Python refusal/lexical/hallucination modules, annotation category constants parsed without importing pandas; aggregate_metrics stub returns empty dictionary. No model, image generation, metric bootstrap or checkpoint execution. Computed means only to verify existing saved numbers.",
        "models": results,
        "all_denominators_match": all(v["denominator_matches"] for v in results.values()),
        "maximum_absolute_error": max(v["absolute_error"] for v in results.values()),
        "remaining_limitation": "April27 Git metadata and its source bytes do not authenticate the git_dirty=true April20 execution; exact executed source binding remains missing.",
    }
    receipt["verified"] = (
        len(results) == 9 and receipt["all_denominators_match"]
        and receipt["maximum_absolute_error"] <= 1e-12
        and all(v["input_source_count"] == 1000
                and v["input_sources_outside_core_count"] == 0
                for v in results.values()))
    return receipt


# ------------------------------------------------------------ bundles

def texts(rng):
    """A pool of reports: findings, partial refusals, full refusals."""
    kinds = ["genuine"] * 12 + ["partial"] * 3 + ["refusal"] * 2
    pool = []
    while len(pool) < 60:
        t = T.report(rng, rng.choice(kinds))
        if len(t) < 700:
            pool.append(t)
    pool.append("")
    return pool


def build(rng, nsrc, tweak=None):
    """files (name -> bytes) of one bundle: nsrc sources, nine models."""
    pool = texts(rng)
    genuine = [t for t in pool if T.response_class(t) != "full_refusal"
               and labels(t)]
    refusal = [t for t in pool if full_refusal(t) and t]
    sids = []
    for s in range(nsrc):
        sids.append("buu_%04d" % s if s % 3 else "vindr_%08x" % (s * 2654435761 % 2**32))
    pairs = []
    for s, sid in enumerate(sids):
        entry = {"source_id": sid, "counterfactual_images": {
            e: "dataset/counterfactual_images/%s/%s.png" % (sid, e) for e in EDITS}}
        if sid.startswith("vindr"):
            entry["pathology_labels"] = rng.sample(range(13), rng.randint(0, 3))
            if s % 5 == 1:
                entry["pathology_labels"] += [13, -1, "3", 2.5, True, 7]
        else:
            entry["pathology_labels"] = []
        pairs.append(entry)
    rows = {"full_pipeline_retained": [], "baseline_only_retained": []}
    for m in MODELS:
        panel = "full_pipeline_retained" if m in FULL else "baseline_only_retained"
        out = rows[panel]
        for s, sid in enumerate(sids):
            k = 1 + (s % 7 == 0) + (s % 11 == 0) * 2
            for e in EDITS[:k]:
                pid = sid + "__" + e
                base = {"model": m, "pair_id": pid, "pair_source_id": sid,
                        "source_id": sid}
                st = rng.choice(genuine)
                if rng.random() < 0.03:
                    st = rng.choice(refusal)
                gt = rng.choice(genuine)
                if rng.random() < 0.03 or (m == "gemma-4" and rng.random() < 0.3):
                    gt = rng.choice(refusal)
                out.append(dict(base, image_role="source", response=st,
                                image_path="dataset/source/%s.png" % sid,
                                error=None))
                out.append(dict(base, image_role="generated", response=gt,
                                image_path="dataset/counterfactual_images/%s/%s.png"
                                % (sid, e), error=None))
                if rng.random() < 0.02:
                    out.append(dict(base, image_role="generated",
                                    response=rng.choice(genuine),
                                    image_path="x.png", error="timeout"))
        # A generated image reused by a second pair id: one base row.
        out.append({"model": m, "pair_id": sids[2] + "__copy",
                    "pair_source_id": sids[2], "source_id": sids[2],
                    "image_role": "generated", "response": rng.choice(genuine),
                    "image_path": "dataset/counterfactual_images/%s/%s.png"
                    % (sids[2], EDITS[0]), "error": None})
        out.append({"model": m, "pair_id": sids[2] + "__copy",
                    "pair_source_id": sids[2], "source_id": sids[2],
                    "image_role": "source", "response": rng.choice(genuine),
                    "image_path": "dataset/source/%s.png" % sids[2],
                    "error": None})
        # A row of another role is paired by neither recipe.
        out.append({"model": m, "pair_id": sids[1] + "__young_female",
                    "pair_source_id": sids[1], "source_id": sids[1],
                    "image_role": "reference", "response": rng.choice(genuine),
                    "image_path": "r.png", "error": None})
    if tweak:
        tweak(rows, pairs, sids, rng)
    files = {}
    for panel, rs in rows.items():
        files[P + "/" + panel + "/evaluation_results.json"] = json.dumps(
            rs, indent=2, ensure_ascii=False).encode("utf-8")
        files[P + "/" + panel + "/pairs.json"] = json.dumps(pairs, indent=2).encode()
    files[CORE] = json.dumps({"source_ids": sids, "actual_n": len(sids)},
                             indent=2).encode()
    # The saved values: the pair_id recipe's count and np.mean.
    import numpy as np
    summary = {"panels": {"full": {"models": {}}, "baseline": {"models": {}}}}
    stub = dict(files)
    stub[INPUTS[0]] = json.dumps(summary).encode()
    for m in MODELS:
        short = "full" if m in FULL else "baseline"
        d = per_pair(files, m)
        summary["panels"][short]["models"][m] = {"primary_secondary_stats": {
            "hallucination": {"mean_disparity": float(np.mean(d)) if d else 0.0,
                              "n_pairs": len(d)}}}
    files[INPUTS[0]] = json.dumps(summary, indent=2).encode()
    return files


def per_pair(files, model):
    """The pair_id recipe's per-pair differences of one model, file order."""
    panel = "full_pipeline_retained" if model in FULL else "baseline_only_retained"
    rows = json.loads(files[P + "/" + panel + "/evaluation_results.json"])
    pairs = json.loads(files[P + "/" + panel + "/pairs.json"])
    truth = {}
    for e in pairs:
        if "pathology_labels" in e:
            truth[e["source_id"]] = {CATS[int(i)] for i in e["pathology_labels"]
                                     if isinstance(i, bool) or (type(i) is int and 0 <= i < 13)} - {"No finding"}
    byid = {}
    for r in rows:
        if r["model"] != model or r.get("error") or full_refusal(r.get("response") or ""):
            continue
        byid.setdefault(r["pair_id"], {"source_id": r["pair_source_id"]})[r["image_role"]] = r["response"]
    d = []
    for pr in byid.values():
        if "source" in pr and "generated" in pr and pr["source_id"] in truth:
            g = truth[pr["source_id"]]
            d.append(abs(score(pr["source"], g) - score(pr["generated"], g)))
    return d


def code_files():
    files = {}
    for root, names in ((HALL_ROOT, HALL_SOURCES), (REC_ROOT, REC_SOURCES)):
        for n in names:
            files[root + "/" + n] = (
                "# Synthetic stand-in for the recorded %s (%s); the real file\n"
                "# is pinned by the reference's SHA-256.\n"
                % (n, root.split("/")[2])).encode()
    return files


def sha(b):
    return hashlib.sha256(b).hexdigest()


def run(fn, files, pins, cls_errors):
    """(stdout, stderr, status) the reference script would give."""
    try:
        doc = fn(files, pins)
    except ZeroDiv:
        return "", "ZeroDivisionError: float division by zero\n", 1
    except (ValueError, KeyError) as exc:
        if cls_errors:
            return "", "%s: %s\n" % (type(exc).__name__, exc), 1
        return "", json.dumps({"verified": False, "error": str(exc)}) + "\n", 1
    text = json.dumps(doc, indent=2) + "\n"
    return text, "", 0 if doc["verified"] else 1


def write_fsum_cases():
    """math.fsum of lists like the receipts' per-pair differences (0 or
    |k1/n1 - k2/n2|, n <= 12), and of other doubles, one case a line."""
    rng = random.Random(1303)
    lines = []
    for t in range(60):
        n = rng.choice([1, 2, 3, 7, 100, 800])
        xs = []
        for _ in range(n):
            b, d = rng.randint(1, 12), rng.randint(1, 12)
            a, c = rng.randint(0, b), rng.randint(0, d)
            xs.append(abs(a / b - c / d) if rng.random() < 0.8 else 0.0)
        lines.append(json.dumps({"x": xs, "fsum": math.fsum(xs)}))
    for xs in ([1e-20, 1.0, -1e-20], [0.1] * 10, [1e16, 1.0, 1e-16],
               [0.001, 0.5, 0.003], [], [2.5, 0.25, 1e-300]):
        lines.append(json.dumps({"x": xs, "fsum": math.fsum(xs)}))
    with open(OUT + "/fsum.ndjson", "w") as f:
        f.write("\n".join(lines) + "\n")


def main():
    assert sys.version_info[:2] == (3, 11)
    write_fsum_cases()
    rng = random.Random(20260427)
    os.makedirs(OUT, exist_ok=True)

    def dup(rows, pairs, sids, rng):
        r = rows["baseline_only_retained"]
        g = next(x for x in r if x["model"] == "qwen2.5-vl" and x["image_role"] == "generated"
                 and not full_refusal(x["response"]) and not x["error"])
        r.append(dict(g))

    def missing_model(rows, pairs, sids, rng):
        pass

    def empty_model(rows, pairs, sids, rng):
        for x in rows["full_pipeline_retained"]:
            if x["model"] == "glm-4.6v" and x["image_role"] == "generated":
                x["response"] = ""

    def eight(rows, pairs, sids, rng):
        rows["baseline_only_retained"] = [
            x for x in rows["baseline_only_retained"] if x["model"] != "radfm"]

    def all_empty(rows, pairs, sids, rng):
        for e in pairs:
            e["pathology_labels"] = []

    def no_truth(rows, pairs, sids, rng):
        del pairs[4]["pathology_labels"]

    cases = [("ok", 1000, None), ("small", 13, None), ("dup", 13, dup),
             ("missing_model", 13, missing_model), ("empty_model", 13, empty_model),
             ("eight", 13, eight), ("all_empty", 13, all_empty),
             ("no_truth", 13, no_truth)]
    tar_buf = io.BytesIO()
    with tarfile.open(fileobj=tar_buf, mode="w", format=tarfile.PAX_FORMAT) as tar:
        code = code_files()
        for case, nsrc, tweak in cases:
            files = build(rng, nsrc, tweak)
            if case == "missing_model":
                s = json.loads(files[INPUTS[0]])
                del s["panels"]["baseline"]["models"]["radfm"]
                files[INPUTS[0]] = json.dumps(s, indent=2).encode()
            hall = {n: sha(code[HALL_ROOT + "/" + n]) for n in HALL_SOURCES}
            rec = {n: sha(code[REC_ROOT + "/" + n]) for n in REC_SOURCES}
            for n in INPUTS + [CORE]:
                hall[n] = rec[n] = sha(files[n])
            allfiles = dict(code)
            for n, b in files.items():
                allfiles["artifacts/artifacts/" + n] = b
            allfiles["hall.pins"] = "".join(
                "%s  %s\n" % (hall[n], n) for n in HALL_SOURCES + INPUTS).encode()
            allfiles["rec.pins"] = "".join(
                "%s  %s\n" % (rec[n], n) for n in INPUTS + [CORE] + REC_SOURCES).encode()
            for n, b in sorted(allfiles.items()):
                info = tarfile.TarInfo(case + "/" + n)
                info.size = len(b)
                info.mtime = 0
                tar.addfile(info, io.BytesIO(b))
            for tag, fn, pins, cls in (("hall", hallucination, hall, False),
                                       ("rec", recovered, rec, True)):
                out, err, rc = run(fn, files, pins, cls)
                for ext, v in (("out", out), ("err", err), ("rc", "%d\n" % rc)):
                    with open("%s/%s.%s.%s" % (OUT, case, tag, ext), "w") as f:
                        f.write(v)
            print(case, open("%s/%s.hall.rc" % (OUT, case)).read().strip(),
                  open("%s/%s.rec.rc" % (OUT, case)).read().strip())
        # Hash-mismatch messages, each pinned file in turn.
        with open(OUT + "/mismatch.hall", "w") as f:
            for n in HALL_SOURCES:
                f.write("%s\t%s\t%s\n" % ("code/provenance/historical_scoring_source/spinefairbench/" + n, n,
                        json.dumps({"verified": False, "error": "SHA-256 mismatch: " + n})))
            for n in INPUTS:
                f.write("%s\t%s\t%s\n" % ("artifacts/artifacts/" + n, n,
                        json.dumps({"verified": False, "error": "SHA-256 mismatch: " + n})))
        with open(OUT + "/mismatch.rec", "w") as f:
            for n in INPUTS + [CORE]:
                f.write("%s\t%s\t%s\n" % ("artifacts/artifacts/" + n, n,
                        "ValueError: Input SHA-256 mismatch: " + n))
            for n in REC_SOURCES:
                f.write("%s\t%s\t%s\n" % ("code/provenance/later_scoring_source/spinefairbench/" + n, n,
                        "ValueError: Source SHA-256 mismatch: " + n))
    subprocess.run(["zstd", "-q", "-19", "-f", "-o", OUT + "/bundles.tar.zst"],
                   input=tar_buf.getvalue(), check=True)


if __name__ == "__main__":
    main()
