#!/bin/sh
# Benchmark sfb-cluster-boot against the reference's NumPy bootstrap
# (spinefairbench/release/scoring.py source_clustered_bootstrap_ci, called
# once per endpoint as the scorer and table2 do) in the same run, on the
# real-scale golden input: 1,000 sources, 3,998 pairs, 10,000 resamples,
# both endpoints.  SPEC 11 asks for at most a tenth of NumPy's time.
#
# The NumPy side counts only its two bootstrap calls (not Python's start,
# imports or JSON reading); the sfb side is the whole program, start to
# exit.  Both wall-clock and CPU time are shown, best of the repetitions,
# with the load average at the end: on a busy machine the CPU ratio is the
# steadier one, and the wall time (which counts on the second core) means
# little.
#   SFB_BENCH_REPS   repetitions of each side (default 15)
set -eu
cd "$(dirname "$0")/../.."
top=$(pwd)
dir="$top/build/bench-boot"
python=/usr/bin/python3

if ! [ -x "$python" ] || ! "$python" -c 'import numpy' 2>/dev/null; then
	echo "cluster-boot: skipped (needs $python with NumPy for the reference side)"
	exit 0
fi
mkdir -p "$dir"
zstd -dcqf "$top/tests/golden/boot/data/real_scale.ndjson.zst" -o "$dir/pairs.ndjson"

exec "$python" - "$top/bin/sfb-cluster-boot" "$dir/pairs.ndjson" "${SFB_BENCH_REPS:-15}" <<'EOF'
import json, os, resource, subprocess, sys, time
import numpy as np

def source_clustered_bootstrap_ci(values, source_ids, *, iterations=10000, seed=42):
    # The reference's function, operation for operation.
    by_source = {}
    for value, source_id in zip(values, source_ids, strict=True):
        by_source.setdefault(source_id, []).append(float(value))
    clusters = sorted(by_source)
    sums = np.array([sum(by_source[s]) for s in clusters], dtype=float)
    counts = np.array([len(by_source[s]) for s in clusters], dtype=float)
    rng = np.random.default_rng(seed)
    sampled_means = np.empty(iterations, dtype=float)
    for start in range(0, iterations, 1024):
        stop = min(start + 1024, iterations)
        indices = rng.integers(0, len(clusters), size=(stop - start, len(clusters)))
        sampled_means[start:stop] = sums[indices].sum(axis=1) / counts[indices].sum(axis=1)
    lower, upper = np.percentile(sampled_means, [2.5, 97.5])
    return float(lower), float(upper)

prog, path, reps = sys.argv[1], sys.argv[2], int(sys.argv[3])
rows = [json.loads(line) for line in open(path, encoding="utf-8")]
rows = [r for r in rows if r.get("usable", True) is not False]
ids = [r["source_id"] for r in rows]
cols = [[r[k] for r in rows] for k in ("recommendation_changed", "diagnostic_label_consistency")]

py_wall = py_cpu = sfb_wall = sfb_cpu = float("inf")
for _ in range(reps):
    w, c = time.perf_counter(), time.process_time()
    ref = [source_clustered_bootstrap_ci(v, ids) for v in cols]
    py_wall = min(py_wall, time.perf_counter() - w)
    py_cpu = min(py_cpu, time.process_time() - c)

    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    w = time.perf_counter()
    out = subprocess.run([prog, path], check=True, capture_output=True).stdout
    sfb_wall = min(sfb_wall, time.perf_counter() - w)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    sfb_cpu = min(sfb_cpu, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime))

got = [json.loads(line)["ci95"] for line in out.splitlines()]
got = [(g["lower"], g["upper"]) for g in got]
print(f"cluster-boot: {len(rows)} pairs, {len(set(ids))} clusters, 10000 resamples, both endpoints")
print(f"  best of {reps}; load average {' '.join(f'{x:.2f}' for x in os.getloadavg())} (wall needs a quiet machine)")
print(f"  {'':40} {'wall':>9} {'CPU':>9}")
print(f"  {'NumPy reference (two bootstrap calls)':40} {py_wall * 1e3:7.1f}ms {py_cpu * 1e3:7.1f}ms")
print(f"  {'sfb-cluster-boot (whole program)':40} {sfb_wall * 1e3:7.1f}ms {sfb_cpu * 1e3:7.1f}ms")
print(f"  {'ratio sfb / NumPy (target <= 0.100)':40} {sfb_wall / py_wall:9.3f} {sfb_cpu / py_cpu:9.3f}")
if got != ref:
    sys.exit(f"cluster-boot: intervals differ: sfb {got}, NumPy {ref}")
print(f"  intervals identical: {ref}")
EOF
