#!/bin/sh
# Benchmark sfb-flips and sfb-paired-test on one real-scale panel (34,146
# pairs of 8,537 sources, as in the released panels) against the Python
# path in the same run: scipy.stats.wilcoxon and NumPy's d_z for the
# paired test, and for the flips the reference's NumPy bootstrap called
# once per value (flip rate and net shift of each category, a fresh
# generator each).  SPEC 11 asks for well under a second per model.
#
# The Python side is timed on its computation alone (not Python's start,
# imports or JSON reading) and, for the paired test, also with the reading
# of the NDJSON; the sfb side is the whole program, start to exit, reading
# the NDJSON.  Best of the repetitions, wall-clock and CPU,
# with the load average: on a busy machine the CPU ratio is the steadier
# one.  The NumPy flips run once (they take tens of seconds).
#   SFB_BENCH_REPS   repetitions of each sfb run and of the SciPy test (default 5)
set -eu
cd "$(dirname "$0")/../.."
top=$(pwd)
dir="$top/build/bench-analysis"
python=/usr/bin/python3

if ! [ -x "$python" ] || ! "$python" -c 'import numpy, scipy' 2>/dev/null; then
	echo "analysis: skipped (needs $python with NumPy and SciPy for the reference side)"
	exit 0
fi
mkdir -p "$dir"

exec "$python" - "$top/bin" "$dir/panel.ndjson" "${SFB_BENCH_REPS:-5}" <<'EOF'
import json, os, random, resource, subprocess, sys, time, warnings
import numpy as np
from scipy.stats import wilcoxon

RECS = ["surgery", "physical_therapy", "imaging", "medication", "monitoring",
        "referral", "no_action"]
EDITS = ["young_female", "young_male", "elderly_female", "elderly_male"]

def bootstrap_ci(values, source_ids, *, iterations=10000, seed=42):
    # The reference's source_clustered_bootstrap_ci, operation for operation.
    by_source = {}
    for value, source_id in zip(values, source_ids, strict=True):
        by_source.setdefault(source_id, []).append(float(value))
    clusters = sorted(by_source)
    sums = np.array([sum(by_source[s]) for s in clusters], dtype=float)
    counts = np.array([len(by_source[s]) for s in clusters], dtype=float)
    rng = np.random.default_rng(seed)
    means = np.empty(iterations, dtype=float)
    for start in range(0, iterations, 1024):
        stop = min(start + 1024, iterations)
        idx = rng.integers(0, len(clusters), size=(stop - start, len(clusters)))
        means[start:stop] = sums[idx].sum(axis=1) / counts[idx].sum(axis=1)
    lower, upper = np.percentile(means, [2.5, 97.5])
    return float(lower), float(upper)

bindir, path, reps = sys.argv[1], sys.argv[2], int(sys.argv[3])
rnd = random.Random(34146)
with open(path, "w") as f:
    n = 0
    for s in range(8537):
        sid = "buu_%04d" % s if s % 3 else "vindr_%05d" % s
        src = sorted(c for c in RECS if rnd.random() < 0.3)
        for e in EDITS:
            if n == 34146:
                break
            n += 1
            cf = sorted({c for c in src if rnd.random() < 0.7} | {c for c in RECS if rnd.random() < 0.1})
            f.write(json.dumps({"pair_id": f"{sid}__{e}", "source_id": sid, "edit_label": e,
                                "usable": True, "source_recommendations": src,
                                "counterfactual_recommendations": cf,
                                "x": float(len(src)), "y": float(len(cf))}) + "\n")
rows = [json.loads(line) for line in open(path)]
ids = [r["source_id"] for r in rows]

def run_sfb(args):
    wall = cpu = float("inf")
    for _ in range(reps):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        w = time.perf_counter()
        out = subprocess.run([os.path.join(bindir, args[0])] + args[1:] + [path],
                             check=True, capture_output=True).stdout
        wall = min(wall, time.perf_counter() - w)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = min(cpu, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime))
    return wall, cpu, [json.loads(line) for line in out.splitlines()]

def timed(fn, times):
    wall = cpu = float("inf")
    for _ in range(times):
        w, c = time.perf_counter(), time.process_time()
        res = fn()
        wall = min(wall, time.perf_counter() - w)
        cpu = min(cpu, time.process_time() - c)
    return wall, cpu, res

def scipy_test():
    a = [r["x"] for r in rows]
    b = [r["y"] for r in rows]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        res = wilcoxon(a, b)
    d = np.array(a) - np.array(b)
    return float(res.statistic), float(res.pvalue), float(np.mean(d) / np.std(d, ddof=1))

def scipy_path():
    # the whole Python path: read the NDJSON, then the test
    global rows
    rows = [json.loads(line) for line in open(path)]
    return scipy_test()

def numpy_flips():
    out = []
    for c in RECS:
        flip = [1.0 if (c in r["source_recommendations"]) != (c in r["counterfactual_recommendations"]) else 0.0 for r in rows]
        net = [(c in r["counterfactual_recommendations"]) - (c in r["source_recommendations"]) for r in rows]
        out.append((bootstrap_ci(flip, ids), bootstrap_ci([float(v) for v in net], ids)))
    return out

print(f"analysis: one panel, {len(rows)} pairs, {len(set(ids))} sources; "
      f"load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
print(f"  {'':44} {'wall':>9} {'CPU':>9}")
pw, pc, ref = timed(scipy_test, reps)
sw, sc, got = run_sfb(["sfb-paired-test", "-a", "x", "-b", "y"])
jw, jc, _ = timed(scipy_path, reps)
print(f"  {'SciPy wilcoxon + NumPy d_z (compute only)':44} {pw * 1e3:7.1f}ms {pc * 1e3:7.1f}ms")
print(f"  {'json.loads of the panel + the same':44} {jw * 1e3:7.1f}ms {jc * 1e3:7.1f}ms")
print(f"  {'sfb-paired-test (whole program)':44} {sw * 1e3:7.1f}ms {sc * 1e3:7.1f}ms")
print(f"  {'ratio sfb / Python compute only':44} {sw / pw:9.3f} {sc / pc:9.3f}")
print(f"  {'ratio sfb / Python reading the NDJSON too':44} {sw / jw:9.3f} {sc / jc:9.3f}")
g = got[0]
if g["statistic"] != ref[0] or abs(g["p_value"] - ref[1]) > 1e-12 or g["cohens_dz"] != ref[2]:
    sys.exit(f"analysis: paired test differs: sfb {g}, SciPy {ref}")
print(f"  statistic, p-value (within 1e-12), d_z as SciPy's")

fw, fc, fref = timed(numpy_flips, 1)
sw, sc, got = run_sfb(["sfb-flips", "--recs"])
print(f"  {'NumPy bootstrap, 7 categories x 2 values':44} {fw * 1e3:7.0f}ms {fc * 1e3:7.0f}ms")
print(f"  {'sfb-flips --recs (whole program)':44} {sw * 1e3:7.1f}ms {sc * 1e3:7.1f}ms")
print(f"  {'ratio sfb / NumPy':44} {sw / fw:9.4f} {sc / fc:9.4f}")
mine = [((o["flip_rate_ci95"]["lower"], o["flip_rate_ci95"]["upper"]),
         (o["net_shift_ci95"]["lower"], o["net_shift_ci95"]["upper"])) for o in got]
if mine != fref:
    sys.exit(f"analysis: flip intervals differ: sfb {mine}, NumPy {fref}")
print(f"  the 14 intervals identical")
