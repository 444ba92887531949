#!/usr/bin/python3
"""Write the goldens of examples/pictures.sh and examples/report.sh.

Run once by hand from the repository root after `make`, with Debian's
python3 and NumPy:  /usr/bin/python3 tests/gen/gen_views_golden.py [BUNDLE OUTDIR [--flips]]
It writes the default synthetic bundle (bin/sfb-synth, the input the tests
use too; or reads BUNDLE and writes to OUTDIR when given, which is how
tests/bench/views.sh runs it as the Python path, the flips and secondary
endpoints only with --flips), scores every model's retained reports with the independent
implementation of tests/gen/ref_checks.py (Python `re`, never sfb) and
bootstraps with NumPy as the reference does, a fresh generator per endpoint
and group.  Outputs, in tests/golden/views/, one line per model (Table 2
order) and endpoint, keys as the views' NDJSON carries them:
  counts.ndjson   usable, full-refusal and partial-refusal pairs
  primary.ndjson  both primary endpoints: n, clusters, excluded, point, CI
  by-edit.ndjson  the same per edit label (code-point order)
  flips.ndjson, flips-recs.ndjson
                  per model and category (registry order) the label and
                  recommendation transitions, as sfb-flips (SPEC 16) counts
                  them, flip rate and net shift with their bootstrap CIs
  secondary.ndjson
                  per model the severity and hedging mean absolute
                  differences (SPEC 13.1, 13.2) with their bootstrap CIs
"""

import json
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import ref_checks as r  # noqa: E402

METRICS = ("recommendation_changed", "diagnostic_label_consistency")
# SPEC 13.1 and 13.2: severity terms by score, and the hedging patterns.
SEVERITY = {1: "minimal mild slight minor subtle", 2: "moderate moderately intermediate",
            3: "severe significant marked pronounced advanced", 4: "critical extreme extensive"}
SEVERITY_RX = [(score, re.compile(r"\b" + re.escape(t) + r"\b"))
               for score, terms in SEVERITY.items() for t in terms.split()]
HEDGES = [re.compile(p) for p in (
    r"\bmay\b", r"\bmight\b", r"\bpossibly\b", r"\bpossible\b", r"\blikely\b", r"\bsuggests?\b",
    r"\bcannot exclude\b", r"\bcannot rule out\b", r"\buncertain\b", r"\bdifferential includes\b",
    r"\bconsider\b", r"\bcorrelate clinically\b", r"\bprobable\b", r"\bsuspected\b",
    r"\bapparent\b", r"\bquestionable\b", r"\bequivocal\b")]


def severity(text):
    low = text.lower()
    return max([score for score, rx in SEVERITY_RX if rx.search(low)], default=0)


def hedges(text):
    low = text.lower()
    return sum(len(rx.findall(low)) for rx in HEDGES)


def pairs(root, model):
    """(edit_label, source_id, usable, values) per pair in pair_id order."""
    src, gen = r.retained_pairs(root, model)
    out = []
    for g in sorted(gen, key=lambda row: row["pair_id"]):
        s = src[g["pair_id"]]
        a, b = s["response"], g["response"]
        ca, cb = r.response_class(a), r.response_class(b)
        edit = g["pair_id"].split("__", 1)[1]
        sid = r.cluster_of(s, g)
        partial = "partial_refusal" in (ca, cb)
        if "full_refusal" in (ca, cb):
            out.append((edit, sid, False, partial, None))
            continue
        ra, rb = r.categories(r.REC_RX, a), r.categories(r.REC_RX, b)
        la, lb = r.categories(r.LABEL_RX, a), r.categories(r.LABEL_RX, b)
        out.append((edit, sid, True, partial, {
            "recommendation_changed": float(ra != rb),
            "diagnostic_label_consistency": r.jaccard(la, lb),
            "labels": (la, lb), "recs": (ra, rb),
            "severity_abs_diff": abs(severity(a) - severity(b)),
            "hedging_abs_diff": abs(hedges(a) - hedges(b))}))
    return out


def summary(rows, extra, metrics=METRICS):
    used = [x for x in rows if x[2]]
    lines = []
    for metric in metrics:
        values = [float(x[4][metric]) for x in used]
        clusters = [x[1] for x in used]
        lo, hi = r.bootstrap_ci(values, clusters, 10000, 42)
        lines.append(dict(extra, metric=metric, n=len(values), n_clusters=len(set(clusters)),
                          excluded=len(rows) - len(used), point_estimate=sum(values) / len(values),
                          ci95={"lower": lo, "upper": hi}))
    return lines


def flips(rows, model, kind, names):
    """sfb-flips' objects of one model: per category, the transitions and
    the CIs of the per-pair flip (1 if in one set only) and shift (+1
    added, -1 removed), each bootstrapped with a fresh generator."""
    used = [x for x in rows if x[2]]
    clusters = [x[1] for x in used]
    lines = []
    for cat in names:
        both = neither = added = removed = 0
        flip, shift = [], []
        for x in used:
            a, b = cat in x[4][kind][0], cat in x[4][kind][1]
            both += a and b
            neither += not a and not b
            added += b and not a
            removed += a and not b
            flip.append(float(a != b))
            shift.append(float(b) - float(a))
        n = len(used)
        line = {"model": model, "category": cat, "n": n, "n_clusters": len(set(clusters)),
                "excluded": len(rows) - n, "both": both, "neither": neither, "added": added,
                "removed": removed, "flip_rate": (added + removed) / n}
        lo, hi = r.bootstrap_ci(flip, clusters, 10000, 42)
        line["flip_rate_ci95"] = {"lower": lo, "upper": hi}
        line["net_shift"] = (added - removed) / n
        lo, hi = r.bootstrap_ci(shift, clusters, 10000, 42)
        line["net_shift_ci95"] = {"lower": lo, "upper": hi}
        lines.append(line)
    return lines


def dump(path, lines):
    with open(path, "w", encoding="utf-8") as f:
        for line in lines:
            f.write(json.dumps(line, separators=(",", ":")) + "\n")


def views(root, out, with_flips=True):
    counts, primary, by_edit, label_flips, rec_flips, secondary = [], [], [], [], [], []
    for model in r.MODELS:
        rows = pairs(root, model)
        if with_flips:
            secondary += summary(rows, {"model": model}, ("severity_abs_diff", "hedging_abs_diff"))
            label_flips += flips(rows, model, "labels", list(r.LABELS))
            rec_flips += flips(rows, model, "recs", list(r.RECS))
        counts.append({"model": model, "usable_pairs": sum(x[2] for x in rows),
                       "full_refusal_pairs": sum(not x[2] for x in rows),
                       "partial_refusal_pairs": sum(x[2] and x[3] for x in rows)})
        primary += summary(rows, {"model": model})
        for edit in sorted({x[0] for x in rows}):
            by_edit += summary([x for x in rows if x[0] == edit], {"model": model, "group": edit})
    out.mkdir(parents=True, exist_ok=True)
    dump(out / "counts.ndjson", counts)
    dump(out / "primary.ndjson", primary)
    dump(out / "by-edit.ndjson", by_edit)
    if with_flips:
        dump(out / "flips.ndjson", label_flips)
        dump(out / "flips-recs.ndjson", rec_flips)
        dump(out / "secondary.ndjson", secondary)


def main(argv):
    if argv:
        views(Path(argv[0]).resolve(), Path(argv[1]), with_flips=argv[2:] == ["--flips"])
        return
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(["bin/sfb-synth", "--out", tmp + "/artifacts", "--code-root", tmp + "/code-root"],
                       check=True, stdout=subprocess.DEVNULL)
        views(Path(tmp + "/artifacts").resolve(), Path("tests/golden/views"))


if __name__ == "__main__":
    main(sys.argv[1:])
