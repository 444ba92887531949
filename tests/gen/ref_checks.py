#!/usr/bin/python3
"""Independent Python implementation of the reference reviewer checks.

Written from SPEC sections 3, 5, 6, 7 and 12 with plain `re`, `json`, `csv`
and NumPy, never with sfb.  It has two uses:

  * run once by hand to write the golden outputs under tests/golden/checks/
    (tests/gen/ref_checks.py goldens BUNDLE CODEROOT OUTDIR);
  * the Python path of tests/bench/table2.sh.

Usage: ref_checks.py COMMAND [--artifacts DIR] [--code-root DIR] [options]
Prints what the reference command prints; a failed check prints its
message on standard error and exits 1.
"""

import argparse
import csv
import hashlib
import json
import math
import re
import statistics
import sys
from pathlib import Path, PurePosixPath

from sfbref import (CLINICAL, EDITS, HEDGED, LABELS, MODELS, RECS, REFUSAL,
                    STAGE1_BLOCK, STAGE1_LINE)


def _word_patterns(table):
    return [(name, [re.compile(r"\b" + re.escape(w) + r"\b") for w in words])
            for name, words in table.items()]


LABEL_RX = _word_patterns(LABELS)
REC_RX = _word_patterns(RECS)

REFUSAL_RX = [re.compile(p, re.I) for p in REFUSAL]
CLINICAL_RX = [re.compile(p, re.I) for p in CLINICAL]
HEDGED_RX = [re.compile(p, re.I) for p in HEDGED]

STAGE1_LINE_RX = re.compile(STAGE1_LINE)
STAGE1_BLOCK_RX = re.compile(STAGE1_BLOCK)


class Fail(Exception):
    """A failed check: the message goes to standard error, exit status 1."""


def categories(rx_table, text):
    low = text.lower()
    return {name for name, rxs in rx_table if any(rx.search(low) for rx in rxs)}


def response_class(text):
    if not text.strip():
        return "full_refusal"
    if not any(rx.search(text) for rx in REFUSAL_RX):
        return "genuine"
    if any(rx.search(text) for rx in CLINICAL_RX):
        return "genuine"
    if any(rx.search(text) for rx in HEDGED_RX):
        return "partial_refusal"
    return "full_refusal"


def jaccard(a, b):
    if not a and not b:
        return 1.0
    return len(a & b) / len(a | b)


def load(path):
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def need(root, rel, kind="artifact"):
    path = root / rel
    if not path.exists():
        raise Fail(f"Missing required {kind}: {rel}")
    return path


def safe_join(root, name):
    parts = PurePosixPath(name)
    if (not name or "\\" in name or ":" in name or parts.is_absolute()
            or ".." in parts.parts or str(parts) != name):
        raise Fail(f"Invalid release-relative path: {name!r}")
    path = root / name
    if not path.resolve().is_relative_to(root.resolve()):
        raise Fail(f"Release path escapes its root: {name!r}")
    return path


def index_rows(rows, key, label):
    if not isinstance(rows, list):
        raise Fail(f"{label} must contain a list")
    out = {}
    for n, row in enumerate(rows, 1):
        if not isinstance(row, dict) or not isinstance(row.get(key), str) or not row[key]:
            raise Fail(f"Invalid {key} in {label} row {n}")
        if row[key] in out:
            raise Fail(f"Duplicate {key} in {label}: {row[key]}")
        out[row[key]] = row
    return out


def jsonl(path):
    rows = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        try:
            rows.append(json.loads(line))
        except json.JSONDecodeError as exc:
            raise Fail(f"Invalid JSON in {path.name} line {n}: {exc.msg}") from exc
    return rows


def text_lines(path):
    with open(path, encoding="utf-8") as f:
        return sum(1 for _ in f)


def sha256(path):
    with open(path, "rb") as f:
        return hashlib.file_digest(f, "sha256").hexdigest()


PANELS = "artifacts/Results/final_inputs/panels"


def panel_files(root, panel):
    return [need(root, f"{PANELS}/{panel}/{name}")
            for name in ("panel_manifest.json", "pairs.json", "evaluation_results.json")]


# --- inspect ---------------------------------------------------------------

INSPECT_FILES = """README.md DATA_LICENSE.md SHA256SUMS.txt benchmark_card.md croissant.json
dataset/README.md dataset/release_manifest.json dataset/qc_metadata.jsonl
dataset/qc_passed_pair_manifest.jsonl dataset/pairs.json dataset/source_metadata.json
artifacts/freeze_runs/2026-04-09/canonical_definitions.json
artifacts/freeze_runs/2026-04-09/evaluation_source_subset.json
artifacts/freeze_runs/2026-04-09/evaluation_source_subset_core1000.json
artifacts/freeze_runs/2026-04-09/exclusion_evidence/gemini_baseline_backfill_canonical_2026-04-16.json
artifacts/freeze_runs/2026-04-09/exclusion_evidence/medgemma_baseline_canary_canonical.json
artifacts/Results/analysis/common_core_1000_summary.json
artifacts/Results/analysis/generator_evaluation_overlap.json
artifacts/Results/analysis/mitigation_conditions_manifest.json
artifacts/Results/analysis/mitigation_parsing_confidence.json
artifacts/Results/analysis/mitigation_stage1_trace_manifest.json
artifacts/Results/analysis/mitigation_summary.json
artifacts/Results/final_inputs/all_model_intersection_2166_manifest.json
artifacts/Results/final_inputs/final_panel_freeze_manifest.json
protocol/binding_rule_2026-04-08.md
protocol/generator_artifact_controls_c1_c4_registration.json
validation_report_public_final_2026-04-28.json
radiologist_validated_subset.json radiologist_exclusion_list.json""".split()


def cmd_inspect(a):
    root, code = a.root, a.code
    for rel in INSPECT_FILES:
        need(root, rel)
    for panel in ("full_pipeline_retained", "baseline_only_retained",
                  "full_pipeline_mitigation_retained"):
        need(root, f"{PANELS}/{panel}/panel_manifest.json")
        need(root, f"{PANELS}/{panel}/evaluation_results.json")
    prompts_rel = "prompts/canonical_definitions.json"
    need(code, prompts_rel, "code file")
    registry = load(code / prompts_rel).get("prompt_registry", {})
    system, primary = registry.get("system"), registry.get("primary")
    if not isinstance(system, str) or not isinstance(primary, str):
        raise Fail("Locked canonical prompt registry is missing system/primary prompts")
    common = load(root / "artifacts/Results/analysis/common_core_1000_summary.json").get("common_pairs", {})
    all9 = common.get("intersection_9_all_models") or common.get("all9", {}).get("count")
    inter = load(root / "artifacts/Results/final_inputs/all_model_intersection_2166_manifest.json")
    freeze = load(root / "artifacts/Results/final_inputs/final_panel_freeze_manifest.json")
    print("Package inventory: required files present (use identity, checksum, "
          "and result checks for content verification)")
    print("Artifact root:", root)
    print("Frozen manifests: present")
    print("Common-core source manifest: present")
    print("All-model intersection count:", all9)
    print("All-model intersection manifest rows:", inter["pair_count"])
    print("Panel freeze timestamp:", freeze.get("prepared_at_utc"))
    release = load(root / "dataset/release_manifest.json")
    print("Released counterfactual PNGs:", release["counterfactual_images"]["included_png_count"])
    print("QC-passed pair manifest rows:", release["pair_manifests"]["qc_passed_pair_rows"])
    print("Raw source PNGs in public bundle:",
          release["source_radiographs"]["source_png_files_in_public_bundle"])
    print("Panel manifests and retained output files: present")
    print("Dropped-model exclusion evidence: present")
    print("Public radiologist-validation artifacts: present")
    print("Benchmark card and Croissant metadata: present")
    print("Locked prompt file:", prompts_rel)
    print("Prompt excerpt:")
    print("System:", system)
    print("Primary:", primary)


# --- dataset ---------------------------------------------------------------

def cmd_dataset(a):
    root = a.root
    release = load(need(root, "dataset/release_manifest.json"))
    passed_path = need(root, "dataset/qc_passed_pair_manifest.jsonl")
    qc_path = need(root, "dataset/qc_metadata.jsonl")
    images = need(root, "dataset/counterfactual_images")
    n_png = sum(1 for _ in images.rglob("*.png"))
    n_source_png = sum(1 for _ in images.rglob("source.png"))
    n_passed, n_qc = text_lines(passed_path), text_lines(qc_path)
    want_png = release["counterfactual_images"]["included_png_count"]
    want_passed = release["pair_manifests"]["qc_passed_pair_rows"]
    want_qc = release["pair_manifests"]["attempted_qc_rows"]

    passed = index_rows(jsonl(passed_path), "pair_id", "QC-passed manifest")
    attempted = index_rows(jsonl(qc_path), "pair_id", "QC metadata")
    for pid, row in attempted.items():
        sid, edit = row.get("source_id"), row.get("edit_label")
        if (edit not in EDITS or not isinstance(sid, str) or pid != f"{sid}__{edit}"
                or type(row.get("passed_qc")) is not bool):
            raise Fail(f"Invalid QC pair identity or pass flag: {pid}")
    if passed != {k: r for k, r in attempted.items() if r["passed_qc"]}:
        raise Fail("QC-passed manifest does not equal the passed rows in QC metadata")

    expected, by_source = set(), {}
    for pid, row in passed.items():
        name = row.get("counterfactual_image_path")
        if not isinstance(name, str):
            raise Fail(f"Missing released image path: {pid}")
        if name != f"dataset/counterfactual_images/{row['source_id']}/{row['edit_label']}.png":
            raise Fail(f"Image path does not match pair identity: {pid}")
        path = safe_join(root, name)
        if not path.is_file() or path.stat().st_size != row.get("counterfactual_image_size_bytes"):
            raise Fail(f"Released image missing or size mismatch: {name}")
        expected.add(path)
        by_source.setdefault(row["source_id"], {})[row["edit_label"]] = name
    if set((root / "dataset").rglob("*.png")) != expected:
        raise Fail("Released PNG membership differs from QC-passed manifest")
    for rel in ("dataset/pairs.json", "dataset/source_metadata.json"):
        rows = index_rows(load(need(root, rel)), "source_id", rel)
        if set(rows) != set(by_source):
            raise Fail(f"Source membership differs from QC-passed manifest: {rel}")
        for sid, row in rows.items():
            if (row.get("counterfactual_images") != by_source[sid]
                    or sorted(row.get("qc_passed_counterfactuals", [])) != sorted(by_source[sid])):
                raise Fail(f"Source image mapping mismatch: {rel}: {sid}")
    if len(by_source) != release["pair_manifests"]["source_level_rows"]:
        raise Fail("Source count differs from release manifest")
    print("Counterfactual image root:", "dataset/counterfactual_images")
    print("Released QC-passed PNGs:", n_png)
    print("QC-passed pair manifest rows:", n_passed)
    print("Attempted QC metadata rows:", n_qc)
    print("Raw source PNGs in public bundle:", n_source_png)
    print("Source radiograph policy:", release["source_radiographs"]["release_status"])
    if n_png != want_png:
        raise Fail(f"Unexpected released PNG count: {n_png} != {want_png}")
    if n_passed != want_passed:
        raise Fail(f"Unexpected QC-passed manifest row count: {n_passed} != {want_passed}")
    if n_qc != want_qc:
        raise Fail(f"Unexpected QC metadata row count: {n_qc} != {want_qc}")
    if n_source_png:
        raise Fail("Raw source PNG files are present in the public dataset tree")
    print("Dataset release inspection: OK (unique pairs, QC membership, source mappings, "
          "PNG paths and sizes)")


# --- retained reports and endpoints ----------------------------------------

def panel_of(root, model):
    seen = {}
    for panel in ("full_pipeline_retained", "baseline_only_retained"):
        models = load(panel_files(root, panel)[0]).get("models")
        if isinstance(models, list):
            seen[panel] = [str(m) for m in models]
            if model in seen[panel]:
                return panel
    names = sorted({m for ms in seen.values() for m in ms})
    raise Fail(f"Model {model!r} is not in the retained full or baseline panels. "
               f"Available models: {', '.join(names)}")


def cluster_of(src, gen):
    for row in (gen, src):
        sid = row.get("pair_source_id") or row.get("source_id")
        if isinstance(sid, str) and sid:
            return sid
    pid = str(gen.get("pair_id") or src.get("pair_id") or "")
    return pid.split("__", 1)[0]


def retained_pairs(root, model):
    """Source rows by pair_id and generated rows in file order, checked."""
    rows = load(panel_files(root, panel_of(root, model))[2])
    if not isinstance(rows, list):
        raise Fail("evaluation_results.json must contain a list")
    src, gen = {}, []
    for row in rows:
        if not isinstance(row, dict):
            raise Fail("evaluation_results.json contains a non-object row")
        if row.get("model") != model:
            continue
        if row.get("error"):
            raise Fail(f"Unresolved evaluation error in retained export: {model}: {row.get('pair_id')}")
        pid = row.get("pair_id")
        if not isinstance(pid, str) or not pid:
            raise Fail(f"Missing pair_id in retained export: {model}")
        text = row.get("response")
        if not isinstance(text, str) or not text.strip():
            raise Fail(f"Missing report text in retained export: {model}: {pid}")
        role = row.get("image_role")
        if role == "source":
            if pid in src:
                raise Fail(f"Duplicate source report: {model}: {pid}")
            src[pid] = row
        elif role == "generated":
            gen.append(row)
        else:
            raise Fail(f"Unknown report role in retained export: {model}: {pid}: {role!r}")
    gen_by_id = index_rows(gen, "pair_id", f"{model} generated reports")
    if set(src) != set(gen_by_id):
        raise Fail(f"Unpaired retained reports: {model}")
    for pid, s in src.items():
        g = gen_by_id[pid]
        sid = cluster_of(s, g)
        for row in (s, g):
            declared = [row[k] for k in ("pair_source_id", "source_id") if row.get(k)]
            first = row.get("pair_source_id") or row.get("source_id")
            if first != sid or any(v != sid for v in declared) or not pid.startswith(sid + "__"):
                raise Fail(f"Inconsistent source cluster identity: {model}: {pid}")
    return src, gen


def endpoints(root, model):
    src, gen = retained_pairs(root, model)
    m = {"changed": [], "rec_j": [], "diag_j": [], "sources": [],
         "matches": 0, "both_empty": 0, "full": 0, "partial": 0}
    for g in sorted(gen, key=lambda r: r["pair_id"]):
        s = src[g["pair_id"]]
        a, b = s["response"], g["response"]
        ca, cb = response_class(a), response_class(b)
        if "full_refusal" in (ca, cb):
            m["full"] += 1
            continue
        if "partial_refusal" in (ca, cb):
            m["partial"] += 1
        ra, rb = categories(REC_RX, a), categories(REC_RX, b)
        la, lb = categories(LABEL_RX, a), categories(LABEL_RX, b)
        m["matches"] += ra == rb
        m["changed"].append(float(ra != rb))
        m["rec_j"].append(jaccard(ra, rb))
        m["diag_j"].append(jaccard(la, lb))
        m["both_empty"] += not la and not lb
        m["sources"].append(cluster_of(s, g))
    if not m["changed"]:
        raise Fail(f"No usable pairs found for model {model}")
    return m


def bootstrap_ci(values, clusters, iterations, seed):
    import numpy as np
    groups = {}
    for v, c in zip(values, clusters):
        groups.setdefault(c, []).append(float(v))
    keys = sorted(groups)
    sums = np.array([sum(groups[k]) for k in keys], dtype=float)
    counts = np.array([len(groups[k]) for k in keys], dtype=float)
    rng = np.random.default_rng(seed)
    means = np.empty(iterations, dtype=float)
    for lo in range(0, iterations, 1024):
        hi = min(lo + 1024, iterations)
        idx = rng.integers(0, len(keys), size=(hi - lo, len(keys)))
        means[lo:hi] = sums[idx].sum(axis=1) / counts[idx].sum(axis=1)
    lower, upper = np.percentile(means, [2.5, 97.5])
    return float(lower), float(upper)


def cmd_parse_sample(a):
    src, gen = retained_pairs(a.root, a.model)
    for g in gen:
        s = src.get(g["pair_id"])
        if not s:
            continue
        x, y = s.get("response", ""), g.get("response", "")
        if "full_refusal" in (response_class(x), response_class(y)):
            continue
        la, lb = categories(LABEL_RX, x), categories(LABEL_RX, y)
        print("Model:", a.model)
        print("Pair ID:", g["pair_id"])
        print("Source recommendation categories:", sorted(categories(REC_RX, x)))
        print("Generated recommendation categories:", sorted(categories(REC_RX, y)))
        print("Source diagnostic labels:", sorted(la))
        print("Generated diagnostic labels:", sorted(lb))
        print("Diagnostic-label Jaccard:", f"{jaccard(la, lb):.3f}")
        return
    raise Fail(f"No paired records found for model {a.model}")


def cmd_table2(a):
    for model in (MODELS if a.model == "all" else (a.model,)):
        table2_one(a, model)


def table2_one(a, model):
    root = a.root
    m = endpoints(root, model)
    n = len(m["changed"])
    rec = 1.0 - m["matches"] / n
    diag = sum(m["diag_j"]) / n
    summary = load(need(root, "artifacts/Results/analysis/common_core_1000_summary.json"))
    panel = "full" if model in summary["panels"]["full"]["models"] else "baseline"
    frozen = summary["panels"][panel]["models"][model]
    stats, quality = frozen["primary_secondary_stats"], frozen["data_quality"]
    f_rec = 1.0 - stats["recommendation"]["agreement_rate"]
    f_diag = stats["diagnostic_label"]["mean"]
    ci = stats["recommendation"]["bootstrap_ci"]
    f_rec_ci = (1.0 - ci["upper"], 1.0 - ci["lower"])
    dci = stats["diagnostic_label"]["bootstrap_ci"]
    f_diag_ci = (dci["lower"], dci["upper"])
    print("Model:", model)
    print("Usable pairs:", n)
    print("Full-refusal pairs excluded:", m["full"])
    print("Partial-refusal pairs included:", m["partial"])
    print("Frozen summary usable pairs:", quality["pair_usable"])
    print("Recomputed recommendation change:", f"{rec:.6f}", f"(rounded: {rec:.3f})")
    print("Frozen summary recommendation change:", f"{f_rec:.6f}", f"(rounded: {f_rec:.3f})")
    print("Frozen summary recommendation change 95% CI (read, not recomputed):",
          f"[{f_rec_ci[0]:.3f}, {f_rec_ci[1]:.3f}]")
    print("Recomputed diagnostic consistency:", f"{diag:.6f}", f"(rounded: {diag:.3f})")
    print("Frozen summary diagnostic consistency:", f"{f_diag:.6f}", f"(rounded: {f_diag:.3f})")
    print("Frozen summary diagnostic consistency 95% CI (read, not recomputed):",
          f"[{f_diag_ci[0]:.3f}, {f_diag_ci[1]:.3f}]")
    if a.recompute_ci:
        if a.bootstrap_iterations != summary["source_clustered_bootstrap"]["iterations"] or a.seed != 42:
            raise Fail("Frozen CI verification requires 10000 resamples and seed 42")
        r_ci = bootstrap_ci(m["changed"], m["sources"], a.bootstrap_iterations, a.seed)
        d_ci = bootstrap_ci(m["diag_j"], m["sources"], a.bootstrap_iterations, a.seed)
        print("Recomputed recommendation change 95% CI:", f"[{r_ci[0]:.3f}, {r_ci[1]:.3f}]")
        print("Recomputed diagnostic consistency 95% CI:", f"[{d_ci[0]:.3f}, {d_ci[1]:.3f}]")
        print("CI recomputation settings:",
              f"NumPy_PCG64 iterations={a.bootstrap_iterations} seed={a.seed}")
        for label, got, want in (("recommendation", r_ci, f_rec_ci), ("diagnosis", d_ci, f_diag_ci)):
            if abs(got[0] - want[0]) > 1e-12 or abs(got[1] - want[1]) > 1e-12:
                raise Fail(f"Recomputed {label} CI does not match frozen summary")
    else:
        print("CI mode: frozen summary read; pass --recompute-ci to run source-clustered bootstrap.")
    if n != quality["pair_usable"]:
        raise Fail("Recomputed usable-pair count does not match frozen summary")
    if m["full"] != quality["pair_full_refusals"]:
        raise Fail("Recomputed full_refusals does not match frozen summary")
    if m["partial"] != quality["pair_partial_refusals"]:
        raise Fail("Recomputed partial_refusals does not match frozen summary")
    if abs(rec - f_rec) > 1e-12:
        raise Fail("Recomputed recommendation change does not match frozen summary")
    if abs(diag - f_diag) > 1e-12:
        raise Fail("Recomputed diagnostic consistency does not match frozen summary")
    print("Frozen summary verification: OK")


def cmd_gap_sensitivity(a):
    exact, graded = [], []
    print("model,usable_pairs,rec_change,rec_exact_stability,rec_jaccard,diag_jaccard,gap_exact,gap_graded")
    for model in ([a.model] if a.model else MODELS):
        m = endpoints(a.root, model)
        n = len(m["changed"])
        rec = sum(m["changed"]) / n
        stable = 1.0 - rec
        rj, dj = sum(m["rec_j"]) / n, sum(m["diag_j"]) / n
        exact.append(dj - stable)
        graded.append(dj - rj)
        print(",".join([model, str(n)] + [f"{v:.6f}" for v in (rec, stable, rj, dj, dj - stable, dj - rj)]))
    print("median_gap_exact:", f"{statistics.median(exact):.6f}")
    print("median_gap_graded:", f"{statistics.median(graded):.6f}")
    print("gap_graded_negative_models:", f"{sum(v < 0 for v in graded)}/{len(graded)}")


def cmd_both_empty(a):
    total_k = total_n = 0
    print("model,usable_pairs,both_empty_diagnostic_label_pairs,rate")
    for model in ([a.model] if a.model else MODELS):
        m = endpoints(a.root, model)
        n, k = len(m["diag_j"]), m["both_empty"]
        total_k, total_n = total_k + k, total_n + n
        print(f"{model},{n},{k},{k / n:.4%}")
    print("pooled_both_empty:", f"{total_k}/{total_n}", f"({total_k / total_n:.4%})")


def cmd_diagnostic_scoring(a):
    print("Frozen Table 2 diagnostic scoring path:")
    print("  sfb-extract-labels (frozen 13-category synonym registry)")
    print("  sfb-jaccard (diagnostic_label_consistency)")
    print("Released diagnostic-label registry size:", len(LABELS))
    print("Released diagnostic-label categories:", ", ".join(sorted(LABELS)))
    print("Both-empty diagnostic-label Jaccard:", f"{jaccard(set(), set()):.1f}")


# --- radiologist -----------------------------------------------------------

def csv_rows(path):
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def cmd_radiologist(a):
    root = a.root
    report = load(need(root, "validation_report_public_final_2026-04-28.json"))
    subset = load(need(root, "radiologist_validated_subset.json"))
    excl = load(need(root, "radiologist_exclusion_list.json"))
    manifest = load(need(root, "validation_public/validation_public_manifest.json"))
    det = csv_rows(need(root, "validation_public/detectability_responses_public_2026-04-28.csv"))
    hidden = csv_rows(need(root, "validation_public/hidden_repeat_records_public_2026-04-28.csv"))
    pairs = csv_rows(need(root, "validation_public/validation_pair_results_public_2026-04-28.csv"))
    per_reviewer = sum(len(csv_rows(need(root, rel))) for rel in manifest["files"]["per_reviewer_files"])
    passing, excluded = subset.get("pair_ids", []), excl.get("excluded_pairs", [])
    votes = {}
    for row in pairs:
        v = votes.setdefault(row["pair_id"], [0, 0, 0])
        v[0] += 1
        v[1] += row["q1_clinical_plausibility"] == "Yes"
        v[2] += row["q2_pathology_preservation"] == "Yes"
    majority = sorted(p for p, (n, q1, q2) in votes.items() if n == 3 and q1 >= 2 and q2 >= 2)
    cannot = sum(row["q4_detectability"] == "Cannot tell" for row in det)
    print("Public validation report schema:", report.get("report_schema_version"))
    print("Validated subset count:", len(passing))
    print("Exclusion count:", len(excluded))
    print("Recomputed 2-of-3 majority pass:", f"{len(majority)}/{len(votes)}")
    print("Detectability response rows:", len(det))
    print("Recomputed detectability 'Cannot tell':", f"{cannot}/{len(det)}")
    print("Per-reviewer display-event rows:", per_reviewer)
    print("Hidden-repeat rows:", len(hidden))
    print("Expected validation result: 443 passing, 7 excluded")
    if len(passing) != 443 or len(excluded) != 7:
        raise Fail("Unexpected public radiologist-validation counts")
    if len(det) != 1350:
        raise Fail("Unexpected detectability response count")
    if per_reviewer != 1380:
        raise Fail("Unexpected per-reviewer display-event count")
    if len(hidden) != 30:
        raise Fail("Unexpected hidden-repeat record count")
    if len(majority) != 443 or len(votes) != 450:
        raise Fail("Unexpected 2-of-3 radiologist majority result")
    if set(majority) != set(passing):
        raise Fail("Recomputed majority-pass IDs do not match radiologist_validated_subset.json")
    if cannot != 1307:
        raise Fail("Unexpected 'Cannot tell' detectability count")


# --- stage-1 and mitigation ------------------------------------------------

def clean_markdown(text):
    text = re.sub(r"[*_`#]+", "", text).strip()
    text = re.sub(r"^\s*[-:]\s*", "", text)
    return re.sub(r"\s+", " ", text).strip()


def primary_diagnosis(text):
    hit = STAGE1_LINE_RX.search(text) or STAGE1_BLOCK_RX.search(text)
    if not hit:
        return None
    return clean_markdown(hit.group(1)) or None


def sidecar_clean(path):
    try:
        meta = load(path)
    except Exception:
        return False
    html = meta.get("html_garbage_detected", meta.get("html_garbage", False))
    return meta.get("status") == "valid" and not meta.get("prompt_echo_detected", False) and not html


def stage1_ok(txt):
    side = txt.with_name(txt.stem + ".validation.json")
    if not side.exists() or not sidecar_clean(side):
        return False
    return primary_diagnosis(txt.read_text(encoding="utf-8", errors="replace")) is not None


def cmd_stage1(a):
    root = a.root
    summary = load(need(root, "artifacts/Results/analysis/mitigation_parsing_confidence.json"))
    sample_path = root / "artifacts/Results/analysis/mitigation_stage1_confidence_sample_manifest.json"
    if sample_path.exists():
        samples = load(sample_path).get("models", {})
    else:
        trace = load(need(root, "artifacts/Results/analysis/mitigation_stage1_trace_manifest.json"))
        samples = {m: [PurePosixPath(str(p)).name for p in v.get("sample_files_first_200", [])]
                   for m, v in trace.get("models", {}).items()}
    s1 = need(root, f"{PANELS}/full_pipeline_mitigation_retained/stage1_outputs")
    if not isinstance(samples, dict):
        raise Fail("Stage-1 sample manifest must contain a models object")
    print("Stage-1 parse-confidence recomputation:")
    for model in sorted(summary):
        names = samples.get(model)
        if not isinstance(names, list) or not names:
            raise Fail(f"Stage-1 sample manifest is missing file list for {model}")
        files = [s1 / model / str(n) for n in names]
        missing = [f.name for f in files if not f.exists()]
        if missing:
            raise Fail(f"Stage-1 sample manifest references missing files for {model}: {missing[:5]}")
        ok = sum(stage1_ok(f) for f in files)
        rate = ok / len(files)
        decision = "excluded_full" if rate < 0.85 else "excluded_diag_only" if rate < 0.95 else "included"
        print(model, f"{ok}/{len(files)}", f"({rate:.3f})", "decision:", decision)
        want = summary[model]
        if (want["sample_size"] != len(files) or want["stage1_diag_pass_count"] != ok
                or abs(float(want["stage1_diag_pass_rate"]) - rate) > 1e-12
                or want["decision"] != decision):
            raise Fail(f"Stage-1 parse-confidence mismatch for {model}")


def cell(row, field):
    try:
        value = float(row[field])
    except (KeyError, TypeError, ValueError):
        value = math.nan
    if not math.isfinite(value):
        raise Fail(f"Invalid mitigation-table value for {field}: {row.get(field)!r}")
    return value


def cmd_mitigation(a):
    root = a.root
    gates = load(need(root, "artifacts/Results/analysis/mitigation_parsing_confidence.json"))
    rows = csv_rows(need(root, "artifacts/Results/analysis/mitigation_table.csv"))

    def row_for(model, cond):
        for row in rows:
            if row.get("model") == model and row.get("condition") == cond:
                return row
        raise Fail(f"Missing mitigation-table row for {model} {cond}")

    print("Mitigation Table 3 verification:")
    for model in ("gpt-5.4", "glm-4.6v"):
        gate = gates.get(model, {})
        if gate.get("decision") != "included":
            raise Fail(f"Mitigation model {model} was not included by the Stage-1 gate")
        ra, rb = row_for(model, "condition_a"), row_for(model, "condition_b")
        d_rec, d_diag = cell(rb, "delta_rec"), cell(rb, "delta_diag")
        if (ra.get("n_pairs") != rb.get("n_pairs")
                or abs(d_rec - (cell(rb, "rec_change") - cell(ra, "rec_change"))) > 1e-12
                or abs(d_diag - (cell(rb, "diag_consistency") - cell(ra, "diag_consistency"))) > 1e-12):
            raise Fail(f"Mitigation table accounting mismatch for {model}")
        flag = rb.get("b_rule_pass", "").strip().lower()
        if flag not in ("true", "false"):
            raise Fail(f"Missing or invalid mitigation binding-rule flag for {model}")
        if flag == "true" or d_rec <= 0 or d_diag >= -0.05:
            raise Fail(f"Unexpected mitigation binding-rule result for {model}")
        print(model, "stage1:", f"{gate.get('stage1_diag_pass_count')}/{gate.get('sample_size')}",
              f"({float(gate.get('stage1_diag_pass_rate', 0.0)):.3f})",
              "condition_a rec/diag:", f"{cell(ra, 'rec_change'):.3f}", f"{cell(ra, 'diag_consistency'):.3f}",
              "condition_b rec/diag:", f"{cell(rb, 'rec_change'):.3f}", f"{cell(rb, 'diag_consistency'):.3f}",
              "delta:", f"{d_rec:.3f}", f"{d_diag:.3f}", "b_rule_pass:", rb.get("b_rule_pass"))
    excluded = sorted(m for m, g in gates.items() if g.get("decision") == "excluded_full")
    if set(excluded) != {"claude-opus-4-6", "claude-sonnet-4-6", "kimi-k2.5"}:
        raise Fail(f"Unexpected mitigation Stage-1 exclusions: {excluded}")
    print("Stage-1 full exclusions:", ", ".join(excluded))
    print("Mitigation verification: OK")


# --- identity checks -------------------------------------------------------

MANIFEST_LINE = re.compile(r"([0-9a-fA-F]{64}) [ *](.+)")


def cmd_checksums(a):
    manifest = Path(a.manifest or a.code / "SHA256SUMS.txt").resolve()
    seen, ok = set(), 0
    for n, line in enumerate(manifest.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        hit = MANIFEST_LINE.fullmatch(line)
        if not hit:
            raise Fail(f"Malformed SHA-256 manifest entry at line {n}")
        want, name = hit.groups()
        path = safe_join(manifest.parent, name)
        if name.casefold() in seen:
            raise Fail(f"Duplicate checksum path: {name}")
        seen.add(name.casefold())
        if not path.is_file():
            raise Fail(f"Checksum file missing: {name}")
        if sha256(path) != want.lower():
            raise Fail(f"Checksum mismatch: {name}")
        ok += 1
    if not ok:
        raise Fail("Checksum manifest is empty")
    print(f"Checksum verification: {ok} files OK")


def archive_identity(release, variant):
    """The identity (anchors, archive) of an archive variant: the top level
    for the anonymous archive, archive_variants.personal for the personal
    one (newest reference, --archive-variant)."""
    if variant == "anonymous":
        return release
    if variant == "personal":
        personal = (release.get("archive_variants") or {}).get("personal")
        return personal if isinstance(personal, dict) else {}
    raise Fail(f"Unsupported archive variant: {variant}")


def cmd_release_identity(a):
    root, code = a.root, a.code
    release = load(code / "release_manifest.json")
    identity = archive_identity(release, a.archive_variant)
    anchors = identity.get("artifact_anchors")
    if release.get("schema_version") != "1.0" or not anchors:
        raise Fail("Unsupported or empty release identity manifest")
    for name, want in anchors.items():
        path = safe_join(root, name)
        if not path.is_file():
            raise Fail(f"Release identity file missing: {name}")
        if sha256(path) != want:
            raise Fail(f"Pinned release identity mismatch: {name}")
    frozen = load(root / release["frozen_prompt_registry"])["prompt_registry"]
    public = load(code / "prompts/canonical_definitions.json")["prompt_registry"]
    for key, value in frozen.items():
        if public.get(key) != value:
            raise Fail(f"Frozen prompt differs from public code: {key}")
    print(f"Pinned retained-release identity: OK ({len(anchors)} anchors)")
    print("Archive variant:", a.archive_variant)
    print("Archive revision:", identity["artifact_archive"]["revision"])
    print("Frozen prompt registry entries preserved:", len(frozen))
    print("Coverage: artifact identity and prompt preservation; full file integrity requires checksums.")


def cmd_followup(a):
    code = a.code
    meta = load(code / "release_manifest.json")["supplemental_artifacts"]["retained_followup_audit"]
    path = safe_join(code, meta["path"])
    if hashlib.sha256(path.read_bytes()).hexdigest() != meta["sha256"]:
        raise Fail("Retained follow-up supplement hash mismatch")
    supplement = load(path)
    rep = supplement["repeated_calls"]
    if set(rep["models"]) != set(MODELS):
        raise Fail("Retained follow-up model membership mismatch")
    print("Retained follow-up aggregate identity and arithmetic:")
    print(supplement["scope"])
    for model, row in sorted(rep["models"].items()):
        if (row["n_sources"] + row["dropped_no_usable_edited_comparison"]
                + row["dropped_fewer_than_two_usable_source_reports"]) != rep["common_core_sources"]:
            raise Fail(f"Repeated-call source accounting mismatch: {model}")
        for endpoint in ("recommendation", "diagnostic"):
            e = row[endpoint]
            nums = [e["T"], e["F"], e["excess"], e["normalized_excess"], *e["ci95"]]
            good = all(type(v) in (int, float) and math.isfinite(v) for v in nums)
            if (not good or not 0 <= e["T"] <= 1 or not 0 <= e["F"] < 1 or e["ci95"][0] > e["ci95"][1]
                    or abs(e["excess"] - (e["T"] - e["F"])) > 1e-12
                    or abs(e["normalized_excess"] - e["excess"] / (1 - e["F"])) > 1e-12):
                raise Fail(f"Repeated-call aggregate arithmetic mismatch: {model}: {endpoint}")
        print(model, "sources:", row["n_sources"], "recommendation/diagnostic excess:",
              f"{row['recommendation']['excess']:.6f}", f"{row['diagnostic']['excess']:.6f}")
    print("Retained follow-up aggregate checks: OK")
    print("Coverage: pinned aggregate bytes and repeated-call accounting/arithmetic; "
          "not raw-audit reproduction or new validation.")


COMMANDS = {
    "inspect": cmd_inspect, "dataset": cmd_dataset, "stage1-confidence": cmd_stage1,
    "mitigation": cmd_mitigation, "parse-sample": cmd_parse_sample,
    "diagnostic-scoring": cmd_diagnostic_scoring, "table2": cmd_table2,
    "gap-sensitivity": cmd_gap_sensitivity, "both-empty-diagnostic": cmd_both_empty,
    "radiologist": cmd_radiologist, "checksums": cmd_checksums,
    "release-identity": cmd_release_identity, "followup": cmd_followup,
}


def main(argv):
    p = argparse.ArgumentParser(description="Independent reviewer checks (golden generator).")
    p.add_argument("command", choices=sorted(COMMANDS))
    p.add_argument("manifest", nargs="?")
    p.add_argument("--artifacts", default="artifacts")
    p.add_argument("--code-root", default=".")
    p.add_argument("--model")
    p.add_argument("--recompute-ci", action="store_true")
    p.add_argument("--bootstrap-iterations", type=int, default=10000)
    p.add_argument("--seed", type=int, default=42)
    p.add_argument("--archive-variant", default="anonymous")
    a = p.parse_intermixed_args(argv)
    a.root, a.code = Path(a.artifacts).resolve(), Path(a.code_root).resolve()
    if a.command == "parse-sample" and not a.model:
        a.model = "gpt-5.4"
    if a.command == "table2" and not a.model:
        a.model = "all"
    try:
        COMMANDS[a.command](a)
    except Fail as exc:
        sys.stdout.flush()
        print(exc, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
