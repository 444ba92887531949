#!/usr/bin/python3
"""Independent Python implementation of examples/secondary.sh (SPEC 13.4).

    /usr/bin/python3 tests/gen/ref_secondary.py --artifacts DIR [--model M|all] [--no-ci]

Pairs, refusal classes, labels and the bootstrap come from
gen_synth_golden.py (plain Python re and NumPy); severity and hedging are
the reference's re loops, ground truth the reference's pairs.json
comprehension, the frozen means np.mean.  Nothing here uses sfb.
"""
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).parent))
import gen_synth_golden as g  # noqa: E402

PANELS = "artifacts/Results/final_inputs/panels/"
SUMMARY = "artifacts/Results/analysis/common_core_1000_summary.json"


def main():
    args = sys.argv[1:]
    root, model, ci = Path("./artifacts"), "all", True
    while args:
        a = args.pop(0)
        if a == "--artifacts":
            root = Path(args.pop(0))
        elif a == "--model":
            model = args.pop(0)
        elif a == "--no-ci":
            ci = False
    summary = g.load(root / SUMMARY)
    iters = summary.get("source_clustered_bootstrap", {}).get("iterations")
    for m in (g.MODELS if model == "all" else [model]):
        panel = "full_pipeline_retained"
        if m not in g.load(root / PANELS / panel / "panel_manifest.json")["models"]:
            panel = "baseline_only_retained"
        rows = g.load(root / PANELS / panel / "evaluation_results.json")
        truth = g.ground_truth(g.load(root / PANELS / panel / "pairs.json"))
        sev, hed, hal, sids, hsids = [], [], [], [], []
        for pid, sid, st, gt in g.pairs_of(rows, m):
            if "full_refusal" in (g.response_class(st), g.response_class(gt)):
                continue
            sev.append(abs(g.severity(st) - g.severity(gt)))
            hed.append(abs(g.hedges(st) - g.hedges(gt)))
            sids.append(sid)
            if sid in truth:
                hal.append(abs(g.unmatched_share(st, truth[sid]) -
                               g.unmatched_share(gt, truth[sid])))
                hsids.append(sid)
        sect = summary["panels"]["full" if panel.startswith("full") else "baseline"]
        s = sect["models"][m]["primary_secondary_stats"]

        def frozen(ep, key):
            v = s.get(ep, {}).get(key)
            return v if isinstance(v, (int, float)) else None
        fs, fsn = frozen("severity_language", "mean_abs_difference"), frozen("severity_language", "n_pairs")
        fh, fhn = frozen("confidence", "mean_abs_difference"), frozen("confidence", "n_pairs")
        fl, fln = frozen("hallucination", "mean_disparity"), frozen("hallucination", "n_pairs")
        n = len(sev)
        ms, mh = float(np.mean(sev)), float(np.mean(hed))
        ml = float(np.mean(hal)) if hal else 0.0

        def fz(v):
            return "(frozen summary: absent)" if v is None else f"(frozen summary: {v:.6f})"
        print(f"Model: {m}\nUsable pairs: {n}")
        print(f"Severity language mean absolute shift: {ms:.6f} {fz(fs)}")
        print(f"Hedging mean absolute difference: {mh:.6f} {fz(fh)}")
        tail = "(frozen summary: absent)" if fl is None else f"(frozen summary: {fl:.6f} over {fln} pairs)"
        print(f"Hallucination mean disparity: {ml:.6f} over {len(hal)} pairs {tail}")
        if ci and iters is not None:
            b = g.boot_ci(sev, sids, iters) + g.boot_ci(hed, sids, iters) + g.boot_ci(hal, hsids, iters)
            print(f"Secondary 95% CIs (source-clustered, NumPy_PCG64 seed 42, {iters} resamples): "
                  f"severity [{b[0]:.3f}, {b[1]:.3f}] hedging [{b[2]:.3f}, {b[3]:.3f}] "
                  f"hallucination [{b[4]:.3f}, {b[5]:.3f}]")
        sys.stdout.flush()
        for name, val, fv, cnt, fcnt in (("severity", ms, fs, n, fsn), ("hedging", mh, fh, n, fhn),
                                         ("hallucination", ml, fl, len(hal), fln)):
            if fcnt is not None and fcnt != cnt:
                print(f"Recomputed {name} pair count does not match frozen summary: {m}", file=sys.stderr)
                return 1
            if fv is not None and abs(val - fv) > 1e-12:
                print(f"Recomputed {name} does not match frozen summary: {m}", file=sys.stderr)
                return 1
    print("Secondary endpoint verification: OK")
    return 0


if __name__ == "__main__":
    sys.exit(main())
