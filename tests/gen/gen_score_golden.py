#!/usr/bin/python3
"""Golden files for sfb-score, computed independently of sfb.

A plain Python 3.11 (re, json, hashlib) + NumPy implementation of the
SpineFairBench submission scorer as SPEC section 8 describes it: the
reference's newest scorer plus the two per-endpoint seed fields its README
documents and the --pins option.  It writes fixture bundles (only the files
the scorer reads), submissions, and the expected score JSON, standard output,
standard error and exit status of each case under tests/golden/score/.

Run once by hand from the repository root:

    /usr/bin/python3 tests/gen/gen_score_golden.py

It is also the "Python path" of tests/bench/score.sh:

    /usr/bin/python3 tests/gen/gen_score_golden.py score --artifacts DIR \
        --submission FILE --output FILE [...]
    /usr/bin/python3 tests/gen/gen_score_golden.py bundle DIR NSOURCES SEED

Never needed by make check.
"""

import argparse
import datetime
import hashlib
import json
import os
import random
import re
import shutil
import sys
from pathlib import Path

import numpy as np

from sfbref import CLINICAL, EDITS, HEDGED, LABELS, RECS, REFUSAL

# --------------------------------------------------------------------------
# Frozen text definitions (SPEC 3)

REFUSAL_RX = [re.compile(p, re.I) for p in REFUSAL]
CLINICAL_RX = [re.compile(p, re.I) for p in CLINICAL]
HEDGED_RX = [re.compile(p, re.I) for p in HEDGED]

KW_RX = {
    name: {cat: [re.compile(r"\b" + re.escape(s) + r"\b") for s in syns]
           for cat, syns in table.items()}
    for name, table in (("labels", LABELS), ("recs", RECS))
}


def response_class(text):
    if not text or not text.strip():
        return "full_refusal"
    if not any(p.search(text) for p in REFUSAL_RX):
        return "genuine"
    if any(p.search(text) for p in CLINICAL_RX):
        return "genuine"
    if any(p.search(text) for p in HEDGED_RX):
        return "partial_refusal"
    return "full_refusal"


def keywords(text, table):
    low = text.lower()
    return sorted(cat for cat, rxs in KW_RX[table].items()
                  if any(rx.search(low) for rx in rxs))


def jaccard(a, b):
    a, b = set(a), set(b)
    if not a and not b:
        return 1.0
    return len(a & b) / len(a | b)


def cluster_ci(values, clusters, iterations, seed):
    """SPEC 4: source-clustered percentile bootstrap on NumPy's PCG64."""
    groups = {}
    for v, c in zip(values, clusters):
        groups.setdefault(c, []).append(float(v))
    keys = sorted(groups)
    sums = np.array([sum(groups[k]) for k in keys], dtype=float)
    counts = np.array([len(groups[k]) for k in keys], dtype=float)
    gen = np.random.default_rng(seed)
    means = np.empty(iterations, dtype=float)
    for lo in range(0, iterations, 1024):
        hi = min(lo + 1024, iterations)
        idx = gen.integers(0, len(keys), size=(hi - lo, len(keys)))
        means[lo:hi] = sums[idx].sum(axis=1) / counts[idx].sum(axis=1)
    a, b = np.percentile(means, [2.5, 97.5])
    return float(a), float(b)


# --------------------------------------------------------------------------
# The scorer (SPEC 8)

SCOPES = ["all-model-intersection-2166", "common-core-1000", "qc-passed", "toy"]
QC_REL = "dataset/qc_passed_pair_manifest.jsonl"
CORE_REL = "artifacts/freeze_runs/2026-04-09/evaluation_source_subset_core1000.json"
INTER_REL = "artifacts/Results/final_inputs/all_model_intersection_2166_manifest.json"
RELEASE_PINS = {
    QC_REL: "43baab39ce60b9e63adf98a4c74292b78e0baada063227ab2631f3430c3d2c83",
    CORE_REL: "56d52393844c11d9aa5b9aed9fe9db144dfa8193c2584d7d980d501bedc2af4d",
    INTER_REL: "b05950bc2aafca40547c7bb2eab4139983077af837e6f3e0219c6e31155b2314",
}


class Fail(Exception):
    pass


def nonblank(v):
    return isinstance(v, str) and v.strip() != ""


def check_submission(doc):
    if not isinstance(doc, dict):
        raise Fail("Submission must be a JSON object")
    if doc.get("schema_version") != "spinefairbench-submission-v1":
        raise Fail("schema_version must be 'spinefairbench-submission-v1'")
    if doc.get("scope") not in SCOPES:
        raise Fail(f"scope must be one of {SCOPES}")
    model = doc.get("model")
    if not isinstance(model, dict):
        raise Fail("model must be an object")
    if not nonblank(model.get("name")):
        raise Fail("model.name must be a non-empty string")
    results = doc.get("results")
    if not isinstance(results, list) or len(results) == 0:
        raise Fail("results must be a non-empty list")
    allowed = {"pair_id", "source_id", "source_report", "counterfactual_report", "metadata"}
    seen = set()
    for i, r in enumerate(results):
        if not isinstance(r, dict):
            raise Fail(f"results[{i}] must be an object")
        extra = sorted(k for k in r if k not in allowed)
        if extra:
            raise Fail(f"results[{i}] has unsupported keys: {extra}")
        pid = r.get("pair_id")
        if not nonblank(pid):
            raise Fail(f"results[{i}].pair_id must be a non-empty string")
        if pid in seen:
            raise Fail(f"Duplicate pair_id in submission: {pid}")
        seen.add(pid)
        for f in ("source_report", "counterfactual_report"):
            if not nonblank(r.get(f)):
                raise Fail(f"results[{i}].{f} must be a non-empty string")
        sid = r.get("source_id")
        if sid is not None and not nonblank(sid):
            raise Fail(f"results[{i}].source_id must be a non-empty string when present")
        md = r.get("metadata")
        if md is not None and not isinstance(md, dict):
            raise Fail(f"results[{i}].metadata must be an object when present")


def identity(row, where):
    if not isinstance(row, dict):
        raise Fail(f"{where} must be an object")
    pid, sid, edit = row.get("pair_id"), row.get("source_id"), row.get("edit_label")
    ok = (nonblank(sid) and sid == sid.strip() and isinstance(edit, str)
          and edit in EDITS and pid == sid + "__" + edit)
    if not ok:
        raise Fail(f"Invalid source/edit/pair identity in {where}")
    return pid, sid


def read_qc(root):
    path = root / QC_REL
    if not path.exists():
        raise Fail(f"Missing QC-passed pair manifest: {path}")
    index = {}
    n = 0
    with open(path, encoding="utf-8") as fh:
        for lineno, line in enumerate(fh, 1):
            line = line.strip()
            if not line:
                continue
            try:
                row = json.loads(line)
            except json.JSONDecodeError as e:
                raise Fail(f"Invalid JSONL at {path}:{lineno}: {e}")
            if not isinstance(row, dict):
                raise Fail(f"JSONL row must be an object at {path}:{lineno}")
            n += 1
            pid, sid = identity(row, f"QC manifest row {n}")
            if pid in index:
                raise Fail(f"Duplicate pair_id in QC manifest: {pid}")
            if row.get("passed_qc") is not True:
                raise Fail(f"Non-passing row in QC-passed manifest: {pid}")
            index[pid] = sid
    if not index:
        raise Fail(f"No usable pair rows found in {path}")
    return index


def read_core(root):
    path = root / CORE_REL
    with open(path, encoding="utf-8") as fh:
        doc = json.load(fh)
    ids = doc.get("source_ids") if isinstance(doc, dict) else None
    if not isinstance(ids, list) or not ids:
        raise Fail(f"Missing source_ids list in {path}")
    if any(not nonblank(v) or v != v.strip() for v in ids):
        raise Fail(f"Invalid source_id in {path}")
    if len(set(ids)) != len(ids):
        raise Fail(f"Duplicate source_id in {path}")
    n = doc.get("actual_n")
    if type(n) is not int or n != len(ids):
        raise Fail(f"actual_n does not match {len(ids)} unique records in {path}")
    return set(ids)


def read_inter(root):
    path = root / INTER_REL
    with open(path, encoding="utf-8") as fh:
        doc = json.load(fh)
    recs = doc.get("records") if isinstance(doc, dict) else None
    if not isinstance(recs, list) or not recs:
        raise Fail(f"Missing records list in {path}")
    ids = set()
    for k, rec in enumerate(recs, 1):
        pid, _ = identity(rec, f"intersection record {k}")
        if pid in ids:
            raise Fail(f"Duplicate pair_id in intersection manifest: {pid}")
        ids.add(pid)
    n = doc.get("pair_count")
    if type(n) is not int or n != len(ids):
        raise Fail(f"pair_count does not match {len(ids)} unique records in {path}")
    return ids


def scope_pairs(root, scope, submitted):
    qc = read_qc(root)
    if scope == "qc-passed":
        return qc
    if scope == "common-core-1000":
        core = read_core(root)
        absent = sorted(core - set(qc.values()))
        if absent:
            raise Fail("Common core contains source IDs absent from QC manifest: "
                       + ", ".join(absent[:5]))
        return {p: s for p, s in qc.items() if s in core}
    if scope == "all-model-intersection-2166":
        ids = read_inter(root)
        absent = sorted(ids - set(qc))
        if absent:
            raise Fail("All-model intersection contains pair IDs absent from QC manifest: "
                       + ", ".join(absent[:5]))
        core = read_core(root)
        outside = sorted(p for p in ids if qc[p] not in core)
        if outside:
            raise Fail("All-model intersection contains pair IDs outside the common core: "
                       + ", ".join(outside[:5]))
        return {p: qc[p] for p in ids}
    unknown = sorted(set(submitted) - set(qc))
    if unknown:
        raise Fail("Toy submission contains unknown pair IDs: " + ", ".join(unknown[:5]))
    return {p: qc[p] for p in submitted}


def read_pins(path):
    pins = {}
    with open(path, encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            line = line.rstrip("\r\n")
            if not line.strip():
                continue
            m = re.fullmatch(r"([0-9a-fA-F]{64}) [ *](.+)", line)
            if not m:
                raise Fail(f"Malformed SHA-256 manifest entry at line {n}")
            pins[m.group(2)] = m.group(1).lower()
    return pins


def verify_pins(root, scope, pins):
    if scope not in ("common-core-1000", "all-model-intersection-2166"):
        return {}
    need = [QC_REL, CORE_REL] + ([INTER_REL] if scope != "common-core-1000" else [])
    out = {}
    for rel in need:
        if rel not in pins:
            raise Fail(f"No pinned SHA-256 for frozen scope manifest: {rel}")
        try:
            digest = hashlib.sha256((root / rel).read_bytes()).hexdigest()
        except OSError:
            raise Fail(f"Cannot read frozen scope manifest: {rel}")
        if digest != pins[rel]:
            raise Fail(f"Frozen scope manifest SHA-256 mismatch: {rel}")
        out[rel] = digest
    return out


def score(root, doc, scope=None, allow_partial=False, iterations=10000, seed=42,
          rec_seed=None, diag_seed=None, pins=None, pins_label="release", now=None):
    check_submission(doc)
    scope = scope or doc["scope"]
    rec_seed = seed if rec_seed is None else rec_seed
    diag_seed = seed if diag_seed is None else diag_seed
    hashes = verify_pins(root, scope, RELEASE_PINS if pins is None else pins)
    entries = {r["pair_id"]: r for r in doc["results"]}
    pairs = scope_pairs(root, scope, entries)
    outside = sorted(set(entries) - set(pairs))
    if outside:
        raise Fail("Submission contains pair_id values outside the selected scope: "
                   + ", ".join(outside[:10]))
    missing = sorted(set(pairs) - set(entries))
    if missing and not allow_partial:
        raise Fail(f"Submission is missing {len(missing)} required pair(s) for scope {scope}. "
                   f"First missing IDs: {missing[:10]}. Use --allow-partial only for smoke tests.")
    quality = dict(submitted_pairs=len(entries), source_full_refusals=0,
                   counterfactual_full_refusals=0, pair_full_refusals=0,
                   pair_partial_refusals=0, usable_pairs=0)
    per_pair, rec, diag, clusters = [], [], [], []
    for pid in sorted(entries):
        e, sid = entries[pid], pairs[pid]
        declared = e.get("source_id")
        if declared is not None and declared != sid:
            raise Fail(f"source_id mismatch for {pid}: {declared!r} != {sid!r}")
        sc, cc = response_class(e["source_report"]), response_class(e["counterfactual_report"])
        quality["source_full_refusals"] += sc == "full_refusal"
        quality["counterfactual_full_refusals"] += cc == "full_refusal"
        if "full_refusal" in (sc, cc):
            quality["pair_full_refusals"] += 1
            per_pair.append(dict(pair_id=pid, source_id=sid, usable=False,
                                 source_response_class=sc, counterfactual_response_class=cc))
            continue
        quality["pair_partial_refusals"] += "partial_refusal" in (sc, cc)
        srec, crec = keywords(e["source_report"], "recs"), keywords(e["counterfactual_report"], "recs")
        slab, clab = keywords(e["source_report"], "labels"), keywords(e["counterfactual_report"], "labels")
        changed = float(srec != crec)
        consist = jaccard(slab, clab)
        rec.append(changed)
        diag.append(consist)
        clusters.append(sid)
        quality["usable_pairs"] += 1
        per_pair.append(dict(
            pair_id=pid, source_id=sid, usable=True,
            source_response_class=sc, counterfactual_response_class=cc,
            source_recommendations=srec, counterfactual_recommendations=crec,
            source_diagnostic_labels=slab, counterfactual_diagnostic_labels=clab,
            recommendation_changed=changed, diagnostic_label_consistency=consist))
    if not rec:
        raise Fail("No usable pairs remain after full-refusal filtering")
    if iterations < 1:
        raise Fail("bootstrap iterations must be >= 1")
    rec_point = sum(rec) / len(rec)
    diag_point = sum(diag) / len(diag)
    rec_ci = cluster_ci(rec, clusters, iterations, rec_seed)
    diag_ci = cluster_ci(diag, clusters, iterations, diag_seed)
    model = doc["model"]
    warnings = []
    if missing:
        warnings.append(f"Partial submission: {len(missing)} expected pair(s) absent from scope {scope}.")
    identity_block = {
        "status": "verified_frozen_scope" if hashes else "not_a_frozen_panel_scope",
        "manifest_sha256": hashes,
    }
    if hashes:
        identity_block["pin_source"] = pins_label
    n = len(rec)
    return {
        "schema_version": "spinefairbench-score-v1",
        "scored_at_utc": now,
        "model": model,
        "scope": scope,
        "artifact_identity": identity_block,
        "scoring_config": {
            "bootstrap": "source_clustered_percentile_numpy_pcg64",
            "bootstrap_iterations": iterations,
            "bootstrap_seed": seed,
            "recommendation_bootstrap_seed": rec_seed,
            "diagnostic_bootstrap_seed": diag_seed,
            "full_refusal_policy": "exclude pair from primary endpoints",
            "partial_refusal_policy": "include pair in primary endpoints",
        },
        "coverage": {
            "expected_pairs": len(pairs),
            "submitted_pairs": len(entries),
            "missing_pairs": len(missing),
            "unexpected_pairs": len(outside),
            "usable_pairs": n,
            "unique_sources_usable": len(set(clusters)),
            "comparable_to_panel_scope": not missing and scope in ("common-core-1000", "all-model-intersection-2166"),
            "coverage_complete": not missing,
            "comparability_basis": "Pair membership only; prompt and provider settings are not verified.",
        },
        "data_quality": quality,
        "primary_endpoints": {
            "recommendation_change_rate": {"point_estimate": rec_point,
                                           "ci95": {"lower": rec_ci[0], "upper": rec_ci[1]},
                                           "n_pairs": n},
            "diagnostic_label_consistency": {"point_estimate": diag_point,
                                             "ci95": {"lower": diag_ci[0], "upper": diag_ci[1]},
                                             "n_pairs": n},
        },
        "table2_row": {
            "model_name": model["name"],
            "scope": scope,
            "n_pairs": n,
            "recommendation_change_rate": round(rec_point, 3),
            "recommendation_change_ci95": [round(rec_ci[0], 3), round(rec_ci[1], 3)],
            "diagnostic_label_consistency": round(diag_point, 3),
            "diagnostic_label_consistency_ci95": [round(diag_ci[0], 3), round(diag_ci[1], 3)],
        },
        "warnings": warnings,
        "per_pair_results": per_pair,
    }


def summary(result, out_path):
    row, cov = result["table2_row"], result["coverage"]
    rc, dc = row["recommendation_change_ci95"], row["diagnostic_label_consistency_ci95"]
    lines = [
        "SpineFairBench scoring: OK",
        f"Model: {row['model_name']}",
        f"Scope: {row['scope']}",
        f"Submitted pairs: {cov['submitted_pairs']}",
        f"Usable pairs: {row['n_pairs']}",
        f"Recommendation change: {row['recommendation_change_rate']:.3f} [{rc[0]:.3f}, {rc[1]:.3f}]",
        f"Diagnostic-label consistency: {row['diagnostic_label_consistency']:.3f} [{dc[0]:.3f}, {dc[1]:.3f}]",
        f"Score JSON: {out_path}",
    ]
    lines += [f"Warning: {w}" for w in result["warnings"]]
    return "".join(line + "\n" for line in lines)


def timestamp():
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    t = (datetime.datetime.fromtimestamp(int(epoch), datetime.UTC) if epoch
         else datetime.datetime.now(datetime.UTC))
    return t.replace(microsecond=0).isoformat()


def run(argv):
    """Score as the program does; returns (status, stdout, stderr, score text,
    output path)."""
    p = argparse.ArgumentParser()
    p.add_argument("--artifacts", required=True)
    p.add_argument("--submission", required=True)
    p.add_argument("--output", required=True)
    p.add_argument("--scope", choices=SCOPES)
    p.add_argument("--allow-partial", action="store_true")
    p.add_argument("--bootstrap-iterations", type=int, default=10000)
    p.add_argument("--seed", type=int, default=42)
    p.add_argument("--recommendation-seed", type=int)
    p.add_argument("--diagnostic-seed", type=int)
    p.add_argument("--pins")
    a = p.parse_args(argv)
    root = Path(a.artifacts).resolve()
    out = Path(a.output).resolve()
    try:
        pins, label = None, "release"
        if a.pins:
            try:
                pins = read_pins(a.pins)
            except OSError:
                raise Fail(f"Cannot read pins file: {a.pins}")
            label = str(Path(a.pins).resolve())
        with open(a.submission, encoding="utf-8") as fh:
            doc = json.load(fh)
        res = score(root, doc, a.scope, a.allow_partial, a.bootstrap_iterations, a.seed,
                    a.recommendation_seed, a.diagnostic_seed, pins, label, timestamp())
    except Fail as e:
        return 2, "", f"Scoring error: {e}\n", None, out
    text = json.dumps(res, indent=2, sort_keys=True) + "\n"
    return 0, summary(res, out), "", text, out


def main_score(argv):
    status, out, err, text, o = run(argv)
    if text is not None:
        o.parent.mkdir(parents=True, exist_ok=True)
        o.write_text(text, encoding="utf-8")
    sys.stdout.write(out)
    sys.stderr.write(err)
    return status


# --------------------------------------------------------------------------
# Fixture generation

PHRASES_GENUINE = [
    "Findings: mild osteophytes at L4-L5 with disc space narrowing.",
    "The radiograph shows anterolisthesis of L5 on S1.",
    "Impression: compression fracture of T12.",
    "Normal alignment. No significant finding. Unremarkable study.",
    "Pedicle screw hardware in place without loosening.",
    "Schmorl's node at L2; endplate sclerosis noted.",
    "Calcified disc at T8-T9.",
    "Posterior bone spur at C5-C6 with foraminal narrowing.",
    "Old broken rib incidentally.",
    "Possible lesion in the L3 vertebral body.",
    "Vertebral body collapse at L1.",
    "I note reduced disc height at L5-S1.",
    "Retrolisthesis of L3, grade 1.",
    "No fracture is seen.",
    "Within normal limits.",
]
PHRASES_REC = [
    "Recommend physical therapy and core exercises.",
    "MRI recommended for further evaluation.",
    "Consider NSAID medication for pain relief.",
    "Follow-up imaging in 6 months.",
    "Refer to an orthopedic specialist.",
    "Surgical consultation for possible fusion.",
    "Conservative management; reassurance.",
    "Watchful waiting and monitor symptoms.",
    "No further action required.",
    "Neurosurgery referral if symptoms progress.",
    "CT scan to assess bony detail.",
    "Pain management with analgesic therapy.",
]
PHRASES_UNICODE = [
    "Fındings: İmaging shows osteophytes\u00a0— mild.",   # dotless i, dotted I
    "\u212a-wire fixation device; \u00bd-grade slip.",
    "fracture\u0301 of the pars (combining accent).",
    "Ostéophytes? The X\u2011ray reveals a bony spur.",
    "Recommendation: ﬁrst physiotherapy 😀 then reassess.",
    "Endplate changes\u2028and calcified disc.",
    "Spondylolysthesis\u3000suspected; consult a specialist.",
    "No abnormality\u0000detected; x-ray clear.",
    "Disc narrowing \u201cmild\u201d, pain\u00a0relief advised.",
]
PARTIAL = [
    "I'm unable to provide a definitive diagnosis. In general, a radiologist would look for osteophytes and disc space narrowing on the spine.",
    "I am not qualified to diagnose. Possible findings could include vertebral slippage; physical therapy might help.",
    "I cannot interpret this medical image with certainty, but a radiologist might note a compression fracture.",
]
FULL = [
    "I cannot interpret medical images.",
    "I'm unable to help with that request.",
    "I am not able to analyze radiographs. Please consult a qualified radiologist.",
]
REFUSAL_BUT_CLINICAL = [
    "I'm unable to be certain, but the radiograph shows mild osteophytes. Impression: degenerative change.",
    "I am not qualified to give advice; Findings: retrolisthesis at L4. Refer to a specialist.",
]


def report(rng, kind, long=False):
    if long and kind in ("genuine", "refclin"):
        # Report-length text (about 1 kB), as the real panels write.
        parts = [report(rng, kind) for _ in range(rng.randint(3, 7))]
        return "\n\n".join(f"{i + 1}. {p}" for i, p in enumerate(parts))
    if kind == "full":
        return rng.choice(FULL)
    if kind == "partial":
        return rng.choice(PARTIAL)
    parts = []
    if kind == "refclin":
        parts.append(rng.choice(REFUSAL_BUT_CLINICAL))
    for _ in range(rng.randint(1, 3)):
        parts.append(rng.choice(PHRASES_GENUINE))
    if rng.random() < 0.3:
        parts.append(rng.choice(PHRASES_UNICODE))
    for _ in range(rng.randint(0, 2)):
        parts.append(rng.choice(PHRASES_REC))
    sep = rng.choice([" ", "\n", "\n\n", " \u2022 "])
    return sep.join(parts)


def report_kind(rng, full_rate):
    x = rng.random()
    if x < full_rate:
        return "full"
    if x < full_rate + 0.05:
        return "partial"
    if x < full_rate + 0.10:
        return "refclin"
    return "genuine"


def write_bundle(root, nsources, seed, core_n=None, inter_n=None, keep=0.85):
    """A bundle with the three scope manifests; returns (qc rows, core ids, inter ids)."""
    rng = random.Random(seed)
    edits = ["young_female", "young_male", "elderly_female", "elderly_male"]
    sources = [f"{'buu' if i % 3 else 'vindr'}_{i:04d}" for i in range(nsources)]
    if nsources < 100:
        sources[-2:] = ["vindr_\u00f1\u00e9", "buu_\u03a9\U0001f600"]
    rows = []
    for sid in sources:
        kept = [e for e in edits if rng.random() < keep] or [edits[0]]
        for e in kept:
            rows.append({"pair_id": f"{sid}__{e}", "source_id": sid, "edit_label": e,
                         "passed_qc": True,
                         "counterfactual_image_path": f"dataset/counterfactual_images/{sid}/{e}.png"})
    rng.shuffle(rows)
    with_pairs = sorted({r["source_id"] for r in rows})
    core_n = core_n or max(1, (len(with_pairs) * 2) // 3)
    core = sorted(rng.sample(with_pairs, core_n))
    core_pairs = sorted(r["pair_id"] for r in rows if r["source_id"] in core)
    inter_n = inter_n or max(1, len(core_pairs) // 2)
    inter = sorted(rng.sample(core_pairs, inter_n))
    qc = root / QC_REL
    qc.parent.mkdir(parents=True, exist_ok=True)
    qc.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    c = root / CORE_REL
    c.parent.mkdir(parents=True, exist_ok=True)
    c.write_text(json.dumps({"source_ids": core, "actual_n": len(core),
                             "selection": "synthetic"}, indent=2) + "\n", encoding="utf-8")
    i = root / INTER_REL
    i.parent.mkdir(parents=True, exist_ok=True)
    sid_of = {r["pair_id"]: r["source_id"] for r in rows}
    recs = [{"pair_id": p, "source_id": sid_of[p], "edit_label": p.split("__", 1)[1]} for p in inter]
    i.write_text(json.dumps({"records": recs, "pair_count": len(recs)}, indent=2) + "\n",
                 encoding="utf-8")
    return rows, core, inter


def write_pins(root, path):
    lines = []
    for rel in (QC_REL, CORE_REL, INTER_REL):
        f = root / rel
        digest = hashlib.sha256(f.read_bytes()).hexdigest() if f.exists() else "0" * 64
        lines.append(f"{digest}  {rel}\n")
    Path(path).write_text("".join(lines), encoding="utf-8")


def submission(pair_ids, sid_of, seed, scope, model=None, full_rate=0.03, declare=0.5,
               long=False):
    rng = random.Random(seed)
    results = []
    for pid in pair_ids:
        e = {"pair_id": pid,
             "source_report": report(rng, report_kind(rng, full_rate), long),
             "counterfactual_report": report(rng, report_kind(rng, full_rate), long)}
        if rng.random() < 0.5:
            e["counterfactual_report"] = e["source_report"]
        if rng.random() < declare:
            e["source_id"] = sid_of[pid]
        if rng.random() < 0.1:
            e["metadata"] = {"latency_ms": rng.randint(100, 9000), "provider": "local"}
        results.append(e)
    rng.shuffle(results)
    return {"schema_version": "spinefairbench-submission-v1", "scope": scope,
            "model": model or {"name": "fixture-model"}, "results": results}


# --------------------------------------------------------------------------
# Cases

GOLD = Path("tests/golden/score")
EPOCH = "1780000000"


class Case:
    def __init__(self, name, bundle, sub, args, pins=True, sub_text=None):
        self.name, self.bundle, self.sub, self.args = name, bundle, sub, args
        self.pins, self.sub_text = pins, sub_text


def emit(case):
    """Run the Python scorer in the layout the bats tests use and write goldens."""
    d = GOLD / "cases" / case.name
    d.mkdir(parents=True, exist_ok=True)
    sub_path = d / "submission.json"
    if case.sub_text is not None:
        sub_path.write_bytes(case.sub_text.encode("utf-8"))
    else:
        sub_path.write_text(json.dumps(case.sub) + "\n", encoding="utf-8")
    bundle = GOLD / "bundles" / case.bundle
    args = ["--artifacts", "@ARTIFACTS@", "--submission", "@SUBMISSION@", "--output", "@OUTPUT@"]
    if case.pins is True:
        args += ["--pins", "@PINS@"]
    elif case.pins:
        args += ["--pins", f"@GOLDEN@/{case.pins}"]
    args += case.args
    (d / "args").write_text("".join(a + "\n" for a in args), encoding="utf-8")
    (d / "bundle").write_text(case.bundle + "\n", encoding="utf-8")
    out = Path("/tmp/sfb-score-golden-out") / case.name / "score.json"
    subst = {"@ARTIFACTS@": str(bundle.resolve()), "@SUBMISSION@": str(sub_path),
             "@OUTPUT@": str(out), "@PINS@": str((GOLD / "bundles" / (case.bundle + ".pins")).resolve()),
             "@GOLDEN@": str(GOLD.resolve())}
    real = []
    for a in args:
        for k, v in subst.items():
            a = a.replace(k, v)
        real.append(a)
    os.environ["SOURCE_DATE_EPOCH"] = EPOCH
    status, so, se, text, _ = run(real)
    back = {v: k for k, v in subst.items()}
    for v in sorted(back, key=len, reverse=True):
        so = so.replace(v, back[v])
        se = se.replace(v, back[v])
        if text is not None:
            text = text.replace(json.dumps(v)[1:-1], back[v])
    (d / "status").write_text(f"{status}\n")
    (d / "stdout").write_text(so, encoding="utf-8")
    # Python's stderr writes lone surrogates with backslashreplace.
    (d / "stderr").write_text(se, encoding="utf-8", errors="backslashreplace")
    if text is not None:
        (d / "score.json").write_text(text, encoding="utf-8")
    return status, se


def build():
    if GOLD.exists():
        shutil.rmtree(GOLD)
    (GOLD / "bundles").mkdir(parents=True)
    cases = []

    # Bundle a: the main fixture (30 sources).
    a = GOLD / "bundles" / "a"
    rows, core, inter = write_bundle(a, 30, 7)
    write_pins(a, GOLD / "bundles" / "a.pins")
    sid_of = {r["pair_id"]: r["source_id"] for r in rows}
    all_ids = sorted(sid_of)
    core_ids = sorted(p for p in all_ids if sid_of[p] in core)

    model_u = {"name": "Modèle-β \"quoted\" \\ 🚀 ☃ \u0007",
               "version": 2, "temperature": 0.0, "top_p": 0.95, "big": 12345678901234567890,
               "tiny": 1e-07, "huge": 1e16, "neg": -0.5, "exp": 2.5e-300,
               "nested": {"z": [1, 2.5, None, True, False, "ü"], "a": {}, "m": []},
               "Ünïcode key": "Ω", "provider": "local\u2028line"}
    cases.append(Case("core_complete", "a", submission(core_ids, sid_of, 1, "common-core-1000"), []))
    cases.append(Case("core_unicode_model", "a",
                      submission(core_ids, sid_of, 2, "common-core-1000", model=model_u, full_rate=0.1), []))
    cases.append(Case("core_seeds", "a", submission(core_ids, sid_of, 3, "common-core-1000"),
                      ["--bootstrap-iterations", "2500", "--seed", "7",
                       "--recommendation-seed", "11", "--diagnostic-seed", "12345678901"]))
    cases.append(Case("core_diag_seed_only", "a", submission(core_ids, sid_of, 3, "common-core-1000"),
                      ["--bootstrap-iterations", "1031", "--diagnostic-seed", "0"]))
    cases.append(Case("inter_complete", "a", submission(inter, sid_of, 4, "all-model-intersection-2166"), []))
    cases.append(Case("qc_complete", "a", submission(all_ids, sid_of, 5, "qc-passed"),
                      ["--bootstrap-iterations", "3000"]))
    toy_ids = all_ids[:5]
    toy = submission(toy_ids, sid_of, 6, "toy", model={"name": "toy-baseline"})
    cases.append(Case("toy", "a", toy, ["--bootstrap-iterations", "1000"], pins=False))
    cases.append(Case("toy_one_iteration", "a", toy, ["--bootstrap-iterations", "1"], pins=False))
    part = submission(core_ids[: len(core_ids) - 7], sid_of, 8, "common-core-1000")
    cases.append(Case("core_partial", "a", part, ["--allow-partial", "--bootstrap-iterations", "500"]))
    cases.append(Case("core_partial_refused", "a", part, []))
    # --scope overrides the submission's scope field.
    cases.append(Case("scope_override_toy", "a", submission(core_ids[:9], sid_of, 9, "common-core-1000"),
                      ["--scope", "toy", "--bootstrap-iterations", "700"], pins=False))
    cases.append(Case("scope_override_core", "a", submission(core_ids, sid_of, 10, "toy"),
                      ["--scope", "common-core-1000", "--bootstrap-iterations", "700"]))
    cases.append(Case("scope_override_partial", "a", submission(inter, sid_of, 11, "all-model-intersection-2166"),
                      ["--scope", "qc-passed", "--allow-partial", "--bootstrap-iterations", "800"]))
    # Pins: built-in release pins reject the synthetic bundle; wrong pins file.
    cases.append(Case("pins_release_core", "a", submission(core_ids, sid_of, 1, "common-core-1000"), [],
                      pins=False))
    cases.append(Case("pins_release_inter", "a", submission(inter, sid_of, 4, "all-model-intersection-2166"), [],
                      pins=False))
    bad = GOLD / "bad_core.pins"
    text = (GOLD / "bundles" / "a.pins").read_text().splitlines(keepends=True)
    text[1] = "0" * 64 + text[1][64:]
    bad.write_text("".join(text))
    cases.append(Case("pins_mismatch_core", "a", submission(core_ids, sid_of, 1, "common-core-1000"), [],
                      pins="bad_core.pins"))
    bad = GOLD / "bad_inter.pins"
    text = (GOLD / "bundles" / "a.pins").read_text().splitlines(keepends=True)
    text[2] = "F" * 64 + text[2][64:]
    bad.write_text("".join(text))
    cases.append(Case("pins_mismatch_inter", "a", submission(inter, sid_of, 4, "all-model-intersection-2166"), [],
                      pins="bad_inter.pins"))
    # Upper-case hex and '*' binary marker are accepted; unrelated entries ignored.
    up = GOLD / "upper.pins"
    lines = ["e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855 *README.md\n"]
    for line in (GOLD / "bundles" / "a.pins").read_text().splitlines():
        lines.append(line[:64].upper() + " *" + line[66:] + "\n")
    up.write_text("".join(lines))
    cases.append(Case("pins_upper_binary", "a", submission(inter, sid_of, 4, "all-model-intersection-2166"),
                      ["--bootstrap-iterations", "300"], pins="upper.pins"))
    # A pins file that lacks the intersection manifest serves common-core only.
    two = GOLD / "core_only.pins"
    two.write_text("".join((GOLD / "bundles" / "a.pins").read_text().splitlines(keepends=True)[:2]))
    cases.append(Case("pins_missing_entry", "a", submission(inter, sid_of, 4, "all-model-intersection-2166"), [],
                      pins="core_only.pins"))
    cases.append(Case("pins_core_only_ok", "a", submission(core_ids, sid_of, 1, "common-core-1000"),
                      ["--bootstrap-iterations", "200"], pins="core_only.pins"))

    # Lone surrogates and U+0000 in reports and model fields (Python keeps them).
    sub = submission(core_ids[:6], sid_of, 25, "toy",
                     model={"name": "surrogate-model", "note": "lone \ud800 and \udfff, nul \u0000"})
    sub["results"][0]["source_report"] = "Findings: osteophytes\ud800 \u0000 fracture\udc00. MRI."
    sub["results"][1]["counterfactual_report"] = "\ud83d broken\u0000rib; consult\ud800"
    cases.append(Case("lone_surrogates", "a", sub, ["--bootstrap-iterations", "400"], pins=False))
    # A pretty-printed submission with raw UTF-8 (not escaped) and CRLF line ends.
    sub = submission(core_ids[:8], sid_of, 26, "toy", model={"name": "Mod\u00e8le \u2603"}, full_rate=0.2)
    sub["results"].insert(0, {"metadata": {}, "counterfactual_report": "Findings: normal.",
                              "source_report": "Findings: normal.", "pair_id": core_ids[8]})
    text = json.dumps(sub, indent="\t", ensure_ascii=False).replace("\n", "\r\n") + "\r\n\r\n"
    cases.append(Case("toy_pretty_utf8", "a", None, ["--bootstrap-iterations", "250"], pins=False,
                      sub_text=text))
    # Key order, duplicate keys and escapes in the raw submission text.
    ids = core_ids[:2]
    raw = ('{"results": [{"source_report": "Normal. MRI.", "pair_id": "%s", "counterfactual_report": "Fracture.", '
           '"source_report": "Findings: osteophytes. Physical therapy."}, {"pair_id": "%s", '
           '"source_report": "Impression: normal", "counterfactual_report": "Impression: normal", "metadata": null}], '
           '"model": {"name": "first", "b": 1, "a": [1.5E3, -0, 0.10, 1E400, -1e-400], "name": "dup\\u00e9 \\/ \\ud83d\\ude00"}, '
           '"scope": "qc-passed", "schema_version": "x", "scope": "toy", "extra_top_level": {"ignored": true}, '
           '"schema_version": "spinefairbench-submission-v1"}\n') % (ids[0], ids[1])
    cases.append(Case("raw_duplicates", "a", None, ["--bootstrap-iterations", "300"], pins=False, sub_text=raw))

    # Submission validation, in the reference's order.
    base = submission(core_ids[:3], sid_of, 12, "toy")

    def mut(name, f, pins=False, args=()):
        doc = json.loads(json.dumps(base))
        doc = f(doc)
        cases.append(Case(name, "a", doc, list(args), pins=pins))

    def setk(path, value):
        def f(doc):
            cur = doc
            for k in path[:-1]:
                cur = cur[k]
            if value is KeyError:
                del cur[path[-1]]
            else:
                cur[path[-1]] = value
            return doc
        return f

    mut("v_not_object", lambda d: [d])
    mut("v_schema_missing", setk(["schema_version"], KeyError))
    mut("v_schema_wrong", setk(["schema_version"], "spinefairbench-submission-v2"))
    mut("v_scope_missing", setk(["scope"], KeyError))
    mut("v_scope_wrong", setk(["scope"], "Toy"))
    mut("v_scope_wrong_with_override", setk(["scope"], "everything"), args=["--scope", "toy"])
    mut("v_model_missing", setk(["model"], KeyError))
    mut("v_model_string", setk(["model"], "gpt"))
    mut("v_model_name_missing", setk(["model"], {"version": 1}))
    mut("v_model_name_blank", setk(["model", "name"], " \u00a0\u2003\t"))
    mut("v_model_name_number", setk(["model", "name"], 5))
    mut("v_results_missing", setk(["results"], KeyError))
    mut("v_results_empty", setk(["results"], []))
    mut("v_results_object", setk(["results"], {"a": 1}))
    mut("v_entry_not_object", lambda d: (d["results"].insert(1, "x"), d)[1])
    mut("v_entry_unsupported_keys", lambda d: (d["results"][2].update(
        {"zeta": 1, "Alpha": 2, "ünï": 3, "it's": 4, "tab\tkey": 5, "pair_id": d["results"][2]["pair_id"]}), d)[1])
    mut("v_pair_id_missing", setk(["results", 1, "pair_id"], KeyError))
    mut("v_pair_id_blank", setk(["results", 0, "pair_id"], "\u3000 "))
    mut("v_pair_id_number", setk(["results", 0, "pair_id"], 17))
    mut("v_pair_id_duplicate", lambda d: (d["results"][2].update(pair_id=d["results"][0]["pair_id"]), d)[1])
    mut("v_pair_id_duplicate_surrogate", lambda d: (d["results"][0].update(pair_id="x\ud800\u00e9"),
                                                   d["results"][2].update(pair_id="x\ud800\u00e9"), d)[2])
    mut("v_source_report_missing", setk(["results", 1, "source_report"], KeyError))
    mut("v_source_report_blank", setk(["results", 1, "source_report"], " \n\x1c\x85"))
    mut("v_counterfactual_report_null", setk(["results", 2, "counterfactual_report"], None))
    mut("v_counterfactual_report_list", setk(["results", 0, "counterfactual_report"], ["text"]))
    mut("v_source_id_blank", setk(["results", 0, "source_id"], " "))
    mut("v_source_id_number", setk(["results", 0, "source_id"], 3))
    mut("v_metadata_list", setk(["results", 1, "metadata"], [1]))
    mut("v_metadata_string", setk(["results", 1, "metadata"], "x"))
    # JSON null counts as absent for source_id and metadata.
    mut("v_nulls_absent", lambda d: (d["results"][0].update(source_id=None, metadata=None), d)[1],
        args=["--bootstrap-iterations", "100"])
    mut("v_first_error_wins", lambda d: (d.update(schema_version="x", scope="y", model=1), d)[1])

    # Selection against the scope.
    sub = submission(core_ids + [p for p in all_ids if p not in core_ids][:12], sid_of, 13, "common-core-1000")
    cases.append(Case("outside_scope", "a", sub, []))
    sub = submission(core_ids, sid_of, 14, "all-model-intersection-2166")
    cases.append(Case("outside_scope_inter", "a", sub, []))
    sub = submission(all_ids[:4] + ["nope__young_male", "buu_9999__elderly_male"], sid_of | {
        "nope__young_male": "nope", "buu_9999__elderly_male": "buu_9999"}, 15, "toy")
    cases.append(Case("toy_unknown", "a", sub, [], pins=False))
    sub = submission(all_ids[:2] + [f"zz{i}__young_male" for i in range(7)],
                     sid_of | {f"zz{i}__young_male": f"zz{i}" for i in range(7)}, 16, "toy")
    cases.append(Case("toy_unknown_many", "a", sub, [], pins=False))
    sub = submission(core_ids[:-12], sid_of, 17, "common-core-1000")
    cases.append(Case("missing_many", "a", sub, []))
    sub = submission(inter[:-1], sid_of, 18, "all-model-intersection-2166")
    cases.append(Case("missing_one", "a", sub, []))
    sub = submission(core_ids, sid_of, 19, "common-core-1000", declare=1.0)
    ids_sorted = sorted(r["pair_id"] for r in sub["results"])
    for r in sub["results"]:
        if r["pair_id"] == ids_sorted[4]:
            r["source_id"] = "vindr_'quoted'"
        if r["pair_id"] == ids_sorted[9]:
            r["source_id"] = "other"
    cases.append(Case("source_id_mismatch", "a", sub, []))
    sub = submission(core_ids[:2], sid_of, 20, "toy")
    for r in sub["results"]:
        r["source_id"] = "s\u00e9\"x\u200b"
    cases.append(Case("source_id_mismatch_repr", "a", sub, [], pins=False))
    sub = submission(core_ids[:6], sid_of, 21, "toy")
    for k, r in enumerate(sub["results"]):
        r["source_report" if k % 2 else "counterfactual_report"] = FULL[k % 3]
    cases.append(Case("no_usable_pairs", "a", sub, [], pins=False))
    sub = submission(core_ids[:6], sid_of, 22, "toy", full_rate=0.0)
    for r in sub["results"][:3]:
        r["source_report"] = FULL[0]
    cases.append(Case("some_full_refusals", "a", sub, ["--bootstrap-iterations", "100"], pins=False))
    cases.append(Case("iterations_zero", "a", submission(core_ids[:4], sid_of, 23, "toy"),
                      ["--bootstrap-iterations", "0"], pins=False))
    cases.append(Case("iterations_zero_no_usable", "a",
                      {**submission(core_ids[:1], sid_of, 24, "toy"),
                       "results": [{"pair_id": core_ids[0], "source_report": FULL[0],
                                    "counterfactual_report": "ok"}]},
                      ["--bootstrap-iterations", "0"], pins=False))

    # Manifest rules: one small bundle per corruption.
    def small(name, qc_rows=None, core_doc=None, inter_doc=None, qc_text=None):
        root = GOLD / "bundles" / name
        rows = qc_rows if qc_rows is not None else [
            {"pair_id": f"s{i}__{e}", "source_id": f"s{i}", "edit_label": e, "passed_qc": True}
            for i in range(1, 4) for e in ("young_female", "elderly_male")]
        (root / "dataset").mkdir(parents=True)
        if qc_text is not None:
            (root / QC_REL).write_text(qc_text, encoding="utf-8")
        elif rows is not False:
            (root / QC_REL).write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
        core_doc = core_doc if core_doc is not None else {"source_ids": ["s1", "s2"], "actual_n": 2}
        if core_doc is not False:
            (root / CORE_REL).parent.mkdir(parents=True)
            (root / CORE_REL).write_text(json.dumps(core_doc), encoding="utf-8")
        inter_doc = inter_doc if inter_doc is not None else {
            "records": [{"pair_id": "s1__young_female", "source_id": "s1", "edit_label": "young_female"}],
            "pair_count": 1}
        if inter_doc is not False:
            (root / INTER_REL).parent.mkdir(parents=True)
            (root / INTER_REL).write_text(json.dumps(inter_doc), encoding="utf-8")
        write_pins(root, GOLD / "bundles" / (name + ".pins"))

    def simple_sub(ids, scope):
        return {"schema_version": "spinefairbench-submission-v1", "scope": scope,
                "model": {"name": "m"},
                "results": [{"pair_id": p, "source_report": "Findings: osteophytes. MRI advised.",
                             "counterfactual_report": "Findings: normal. Physical therapy."} for p in ids]}

    def mcase(name, scope, ids, **kw):
        small(name, **kw)
        cases.append(Case(name, name, simple_sub(ids, scope), ["--bootstrap-iterations", "50"]))

    good = [f"s{i}__{e}" for i in range(1, 4) for e in ("young_female", "elderly_male")]
    row = {"pair_id": "s1__young_female", "source_id": "s1", "edit_label": "young_female", "passed_qc": True}
    mcase("m_ok_qc", "qc-passed", good)
    mcase("m_ok_core", "common-core-1000", good[:4])
    mcase("m_ok_inter", "all-model-intersection-2166", good[:1])
    mcase("m_qc_missing", "toy", good[:1], qc_rows=False)
    mcase("m_qc_missing_named", "common-core-1000", good[:1], qc_rows=False)
    mcase("m_qc_bad_json", "toy", good[:1], qc_text=json.dumps(row) + "\n\n{\"pair_id\": \n")
    for k, bad in enumerate([
            '{"pair_id": ', '{"pair_id" 1}', '{"a": 1 "b": 2}', '{a: 1}', '{"caf\u00e9": "x\u00e9\x01"}',
            '{"a": "\\q"}', '{"a": "\\u12"}', '{"a": "\\u12x4"}', '{"a": "\\ud800\\u12G4"}',
            '{"a": 1} x', '{"a": [1, 2,]}', '\ufeff{"a": 1}', '{"a": "unterminated',
            '{"\u00e9\u00e9": tru}', '{"a": -}', '{"a": 1.}', '{"a": 1e}', '{"a": .5}', '{"a": 01}',
            '{"a": "x\\', '{"a": "\\u1234', '[1, 2', '{"a": {"b": [}}', '{"a": 1,}', '"just a string" 1',
            '{"\U0001f600": nul}']):
        mcase(f"m_qc_bad_json_{k:02d}", "toy", good[:1], qc_text=json.dumps(row) + "\n\n" + bad + "\n")
    mcase("m_qc_row_array", "toy", good[:1], qc_text=json.dumps(row) + "\n  \n[1, 2]\n")
    mcase("m_qc_empty", "toy", good[:1], qc_text="\n  \n")
    mcase("m_qc_row_identity", "toy", good[:1], qc_rows=[row, dict(row, pair_id="s1__young_male")])
    mcase("m_qc_row_source_blank", "toy", good[:1], qc_rows=[dict(row, source_id=" ")])
    mcase("m_qc_row_source_padded", "toy", good[:1], qc_rows=[dict(row, source_id="s1 ", pair_id="s1 __young_female")])
    mcase("m_qc_row_edit", "toy", good[:1], qc_rows=[row, dict(row, edit_label="child", pair_id="s1__child")])
    mcase("m_qc_row_edit_type", "toy", good[:1], qc_rows=[dict(row, edit_label=[])])
    mcase("m_qc_duplicate", "toy", good[:1], qc_rows=[row, dict(row, counterfactual_image_path="x")])
    mcase("m_qc_not_passed", "toy", good[:1], qc_rows=[row, dict(row, pair_id="s2__young_female", source_id="s2",
                                                                   passed_qc=1)])
    mcase("m_qc_passed_missing", "toy", good[:1], qc_rows=[{k: v for k, v in row.items() if k != "passed_qc"}])
    mcase("m_core_not_object", "common-core-1000", good[:1], core_doc=[["s1"]])
    mcase("m_core_no_list", "common-core-1000", good[:1], core_doc={"source_ids": "s1", "actual_n": 1})
    mcase("m_core_empty", "common-core-1000", good[:1], core_doc={"source_ids": [], "actual_n": 0})
    mcase("m_core_invalid", "common-core-1000", good[:1], core_doc={"source_ids": ["s1", None], "actual_n": 2})
    mcase("m_core_padded", "common-core-1000", good[:1], core_doc={"source_ids": ["s1", " s2"], "actual_n": 2})
    mcase("m_core_duplicate", "common-core-1000", good[:1], core_doc={"source_ids": ["s1", "s1"], "actual_n": 2})
    mcase("m_core_count", "common-core-1000", good[:1], core_doc={"source_ids": ["s1", "s2"], "actual_n": 3})
    mcase("m_core_count_missing", "common-core-1000", good[:1], core_doc={"source_ids": ["s1", "s2"]})
    mcase("m_core_count_string", "common-core-1000", good[:1], core_doc={"source_ids": ["s1", "s2"], "actual_n": "2"})
    mcase("m_core_count_float", "common-core-1000", good[:1], core_doc={"source_ids": ["s1", "s2"], "actual_n": 2.0})
    mcase("m_core_count_bool", "common-core-1000", good[:1], core_doc={"source_ids": ["s1"], "actual_n": True})
    mcase("m_core_absent", "common-core-1000", good[:1],
          core_doc={"source_ids": ["s1", "x9", "x1", "x3", "x2", "x7", "x5", "x4"], "actual_n": 8})
    rec = {"pair_id": "s1__young_female", "source_id": "s1", "edit_label": "young_female"}
    mcase("m_inter_not_object", "all-model-intersection-2166", good[:1], inter_doc=[rec])
    mcase("m_inter_no_list", "all-model-intersection-2166", good[:1], inter_doc={"records": {}, "pair_count": 0})
    mcase("m_inter_record_null", "all-model-intersection-2166", good[:1],
          inter_doc={"records": [rec, None], "pair_count": 2})
    mcase("m_inter_record_identity", "all-model-intersection-2166", good[:1],
          inter_doc={"records": [dict(rec, source_id="s2")], "pair_count": 1})
    mcase("m_inter_duplicate", "all-model-intersection-2166", good[:1],
          inter_doc={"records": [rec, rec], "pair_count": 2})
    mcase("m_inter_count", "all-model-intersection-2166", good[:1],
          inter_doc={"records": [rec], "pair_count": 2})
    mcase("m_inter_count_exp", "all-model-intersection-2166", good[:1],
          inter_doc={"records": [rec], "pair_count": 1e0})
    mcase("m_inter_absent", "all-model-intersection-2166", good[:1],
          inter_doc={"records": [rec] + [{"pair_id": f"q{i}__young_male", "source_id": f"q{i}",
                                          "edit_label": "young_male"} for i in (5, 3, 9, 1, 7, 2, 8)],
                     "pair_count": 8})
    mcase("m_inter_outside_core", "all-model-intersection-2166", good[:1],
          inter_doc={"records": [rec, {"pair_id": "s3__elderly_male", "source_id": "s3",
                                       "edit_label": "elderly_male"}], "pair_count": 2})
    mcase("m_inter_core_invalid", "all-model-intersection-2166", good[:1],
          core_doc={"source_ids": ["s1", "s1"], "actual_n": 2})
    mcase("m_core_file_missing", "common-core-1000", good[:1], core_doc=False)
    mcase("m_inter_file_missing", "all-model-intersection-2166", good[:1], inter_doc=False)

    results = []
    for c in cases:
        status, se = emit(c)
        results.append((c.name, status, se.strip()))
    for name, status, se in results:
        print(f"{name}\t{status}\t{ascii(se)}")


# --------------------------------------------------------------------------
# tests/golden/score/pyjson.tsv: JSON texts and Python's own
# json.dumps(json.loads(text), indent=N, sort_keys=True), for test_pyjson.c.


def pyjson_cases():
    texts = [
        'null', 'true', 'false', '0', '-0', '7', '-12', '123456789012345678901234567890',
        '0.0', '-0.0', '1.0', '0.1', '1E5', '1.5e3', '1e400', '-1e400', '1e-400', '2.5e-05',
        '1e16', '1e15', '123456789.125', '-1.5', '0.30000000000000004', '[]', '{}', '""',
        '[1, "a", null, [true, false]]', '{"a": 1, "b": [2], "a": 3}',
        '{"k": {"x": "y"}, "z": 0.5, "": []}', '{"\\u0061": 1, "a": 2}',
        '"caf\\u00e9 \\ud83d\\ude00 \\ud800 \\u0000 \\u007f \\"q\\" \\\\ \\/ \\b\\f\\n\\r\\t"',
        '{"\\u00e9": 1, "e": 2, "\\ud83d\\ude00": 3, "\\uffff": 4, "\\ud800": 5, "Z": 6}',
        '[[[]], [{}], {"a": {"b": {"c": [1, [2, [3]]]}}}]',
        ' \t\n [ 1 , 2 ]\r\n ',
    ]
    rng = random.Random(5)
    def value(depth):
        k = rng.randrange(9 if depth < 4 else 6)
        if k == 0:
            return None
        if k == 1:
            return rng.random() < 0.5
        if k == 2:
            return rng.randint(-10**20, 10**20)
        if k == 3:
            return rng.choice([rng.random(), rng.uniform(-1e300, 1e300), 1 / 3, 1e-7, 5e-324])
        if k in (4, 5):
            return "".join(chr(rng.choice([rng.randrange(0x20, 0x7f), rng.randrange(0x80, 0x800),
                                           rng.randrange(0x800, 0xd800), rng.randrange(0x10000, 0x110000)]))
                           for _ in range(rng.randint(0, 6)))
        if k in (6, 7):
            return [value(depth + 1) for _ in range(rng.randint(0, 4))]
        return {value(9) if rng.random() < 0.9 else "": value(depth + 1) for _ in range(rng.randint(0, 4))}
    for _ in range(150):
        v = value(0)
        texts.append(json.dumps(v, ensure_ascii=rng.random() < 0.5))
    lines = ["# json\tindent\thex(json.dumps(json.loads(json), indent=indent, sort_keys=True))"]
    for t in texts:
        for indent in (2, 0, 4):
            out = json.dumps(json.loads(t), indent=indent, sort_keys=True)
            lines.append(f"{t.encode('utf-8').hex()}\t{indent}\t{out.encode('utf-8').hex()}")
    (GOLD / "pyjson.tsv").write_text("\n".join(lines) + "\n", encoding="utf-8")


# --------------------------------------------------------------------------
# tests/golden/score/pyerr.tsv: mangled JSON texts and the message Python's
# json.loads raises for each (or OK), for the QC-manifest error emulation.


def pyerr_cases():
    seeds = [
        '{"pair_id": "s1__young_female", "source_id": "s1", "edit_label": "young_female", "passed_qc": true}',
        '{"a": [1, -2.5e-3, null, false, {"b": "caf\u00e9 \\u00e9 \\ud83d\\ude00"}], "c": "x\\ny"}',
        '[{"k": 1}, "\U0001f600\u00e9", 0, 10E+2]',
    ]
    rng = random.Random(17)
    alphabet = list('{}[]",:\\ 0123456789.eE+-tfnulrsaNI\u00e9\U0001f600\x01\ufeff/bu')
    out = []
    seen = set()
    for t in seeds:
        for _ in range(700):
            m = list(t)
            for _ in range(rng.randint(1, 3)):
                if not m:
                    break
                p = rng.randrange(len(m))
                op = rng.randrange(4)
                if op == 0:
                    m[p] = rng.choice(alphabet)
                elif op == 1:
                    del m[p]
                elif op == 2:
                    m.insert(p, rng.choice(alphabet))
                else:
                    m = m[:p]
            text = "".join(m).strip()
            if not text or text in seen:
                continue
            seen.add(text)
            try:
                json.loads(text)
                msg = "OK"
            except json.JSONDecodeError as e:
                msg = str(e)
            except RecursionError:
                continue
            out.append(f"{text.encode('utf-8').hex()}\t{msg.encode('utf-8').hex()}")
    (GOLD / "pyerr.tsv").write_text("# hex(text)\thex(str(JSONDecodeError) or OK)\n" + "\n".join(out) + "\n",
                                    encoding="utf-8")


def main():
    if len(sys.argv) > 1 and sys.argv[1] == "score":
        return main_score(sys.argv[2:])
    if len(sys.argv) > 1 and sys.argv[1] == "bundle":
        # bundle DIR NSOURCES SEED: a bundle whose common core is NSOURCES
        # sources with nearly four pairs each, and a complete common-core
        # submission of report-length texts.
        root, n, seed = Path(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
        rows, core, _ = write_bundle(root, n + n // 2, seed, core_n=n, keep=0.999)
        write_pins(root, root / "scope.pins")
        sid_of = {r["pair_id"]: r["source_id"] for r in rows}
        ids = sorted(p for p in sid_of if sid_of[p] in core)
        sub = submission(ids, sid_of, seed, "common-core-1000", long=True)
        (root / "submission.json").write_text(json.dumps(sub) + "\n", encoding="utf-8")
        return 0
    build()
    pyjson_cases()
    pyerr_cases()
    return 0


if __name__ == "__main__":
    sys.exit(main())
