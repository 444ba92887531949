#!/usr/bin/python3
"""Independent Python implementation of examples/per-pathology.sh (SPEC 13.4).

    /usr/bin/python3 tests/gen/ref_per_pathology.py --artifacts DIR [--model M|all]

Per model and per ground-truth pathology of the panel's pairs.json (No
finding left out, sorted by name), the usable pairs whose source shows it
and Python's sum() / n of each per-pair value.  The text rules come from
gen_synth_golden.py (plain Python re).  Nothing here uses sfb.
"""
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
import gen_synth_golden as g  # noqa: E402

PANELS = "artifacts/Results/final_inputs/panels/"


def main():
    args = sys.argv[1:]
    root, model = Path("./artifacts"), "all"
    while args:
        a = args.pop(0)
        if a == "--artifacts":
            root = Path(args.pop(0))
        elif a == "--model":
            model = args.pop(0)
    for m in (g.MODELS if model == "all" else [model]):
        panel = "full_pipeline_retained"
        if m not in g.load(root / PANELS / panel / "panel_manifest.json")["models"]:
            panel = "baseline_only_retained"
        rows = g.load(root / PANELS / panel / "evaluation_results.json")
        truth = g.ground_truth(g.load(root / PANELS / panel / "pairs.json"))
        by = {}
        for pid, sid, st, gt in g.pairs_of(rows, m):
            if "full_refusal" in (g.response_class(st), g.response_class(gt)):
                continue
            vals = (g.jaccard(g.keyword_set(st, g.LABELS), g.keyword_set(gt, g.LABELS)),
                    float(abs(g.severity(st) - g.severity(gt))),
                    1.0 - float(g.keyword_set(st, g.RECS) != g.keyword_set(gt, g.RECS)),
                    float(abs(g.hedges(st) - g.hedges(gt))))
            for p in truth.get(sid, ()):
                by.setdefault(p, []).append(vals)
        for p in sorted(by):
            v = by[p]
            n = len(v)
            print(json.dumps({"model": m, "pathology": p, "n_pairs": n,
                              "diagnostic_label_consistency": sum(x[0] for x in v) / n,
                              "severity_abs_diff": sum(x[1] for x in v) / n,
                              "recommendation_agreement": sum(x[2] for x in v) / n,
                              "hedging_abs_diff": sum(x[3] for x in v) / n}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
