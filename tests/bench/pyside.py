"""The Python side the benchmarks share: the reference's per-pair set
arithmetic (SPEC 5) and the loop that times a per-record function over
NDJSON lines (json.loads, the function, json.dumps, output kept in
memory)."""
import json
import time


def jaccard(a, b):
    if not a and not b:
        return 1.0
    return len(a & b) / len(a | b)


def py_jaccard(rec):
    if rec.get("usable") is False:
        return
    sr, cr = set(rec["source_recommendations"]), set(rec["counterfactual_recommendations"])
    sl, cl = set(rec["source_diagnostic_labels"]), set(rec["counterfactual_diagnostic_labels"])
    rec["recommendation_changed"] = float(sr != cr)
    rec["recommendation_jaccard"] = jaccard(sr, cr)
    rec["diagnostic_label_consistency"] = jaccard(sl, cl)
    rec["diagnostic_labels_both_empty"] = not sl and not cl


def run_py(fn, lines):
    """Wall and CPU seconds of fn over the lines, and the output lines."""
    w, c = time.perf_counter(), time.process_time()
    out = []
    for line in lines:
        rec = json.loads(line)
        fn(rec)
        out.append(json.dumps(rec))
    return time.perf_counter() - w, time.process_time() - c, out
