#!/bin/sh
# Benchmark sfb-qc against the reference's Pillow + NumPy path (SPEC 11:
# at least 10 times its pairs per second per core, scaling with -j) in the
# same run, on 512x512 8-bit gray PNG pairs that look like radiographs
# (smooth bands, a bright spine, noise): 2,000 pairs by default, drawn
# from a pool of distinct images.  As the generator release makes them,
# each source comes with its four counterfactuals (one per demographic),
# in consecutive records; sfb-qc reads such a source once.  A second sfb
# run has a different source on every record, the case with nothing to
# share.
#
# The Python side is the reference's compute_qc as tests/gen/
# gen_image_golden.py writes it (Image.open, convert("L"), resize, the
# float64 SSIM, the float32 edge maps, the 3x3 dilation), one process,
# timed over its loop on SFB_BENCH_PYPAIRS pairs (its pairs per second do
# not depend on how many).  The sfb side is the whole program, start to
# exit, on all the pairs with -j 1 and -j 2 (in both runs), writing to
# /dev/null; one more run, not timed, is compared with Python's values.
# Best of the repetitions; CPU time is the steadier figure on a busy
# machine.
#   SFB_BENCH_PAIRS    pairs in the sfb runs (default 2000)
#   SFB_BENCH_PYPAIRS  pairs in the Python loop (default 300)
#   SFB_BENCH_REPS     repetitions of each sfb run (default 3)
set -eu
cd "$(dirname "$0")/../.."
top=$(pwd)
dir="$top/build/bench-qc"
python=/usr/bin/python3

if ! [ -x "$python" ] || ! "$python" -c 'import numpy, PIL' 2>/dev/null; then
	echo "qc: skipped (needs $python with NumPy and Pillow for the reference side)"
	exit 0
fi
mkdir -p "$dir"

exec "$python" - "$top" "$dir" "${SFB_BENCH_PAIRS:-2000}" \
	"${SFB_BENCH_PYPAIRS:-300}" "${SFB_BENCH_REPS:-3}" <<'EOF'
import json, os, random, resource, subprocess, sys, time

import numpy as np
from PIL import Image

top, dir, npairs, pypairs, reps = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
sys.path.insert(0, os.path.join(top, "tests", "gen"))
import gen_image_golden as g   # the reference's QC path

# ------------------------------------------------------------ the images
POOL = 24
rng = np.random.default_rng(42)
y, x = np.mgrid[0:512, 0:512]
for i in range(POOL):
    for kind in ("src", "gen"):
        path = os.path.join(dir, "%s%02d.png" % (kind, i))
        if os.path.exists(path):
            continue
        base = 50 + 120 * y / 511 + 60 * np.exp(-((x - 256 - 8 * i) / 40.0) ** 2)
        base += 15 * np.sin(y / (9.0 + i)) * (np.abs(x - 256) < 60)
        noise = 6 if kind == "src" else 6 + i % 5
        arr = base + rng.normal(0, noise, base.shape)
        if kind == "gen":
            arr = np.roll(arr, i % 3, axis=1) + (i % 7)
        Image.fromarray(np.clip(arr, 0, 255).astype(np.uint8), "L").save(path)

pairs = [("src%02d.png" % (k // 4 % POOL), "gen%02d.png" % ((k * 7 + 3) % POOL))
         for k in range(npairs)]
mixed = [("src%02d.png" % (k % POOL), gn) for k, (s, gn) in enumerate(pairs)]
inp = os.path.join(dir, "pairs-%d.ndjson" % npairs)
inp_mixed = os.path.join(dir, "pairs-mixed-%d.ndjson" % npairs)
for path, ps in ((inp, pairs), (inp_mixed, mixed)):
    with open(path, "w") as f:
        for k, (s, gn) in enumerate(ps):
            f.write(json.dumps({"pair": k, "source_image": s, "generated_image": gn}) + "\n")

# ------------------------------------------------------------ Python
def cpu():
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime

py = {}
t0, c0 = time.perf_counter(), cpu()
for s, gn in pairs[:pypairs]:
    v = g.qc(os.path.join(dir, s), os.path.join(dir, gn))
    py[(s, gn)] = v
py_wall = (time.perf_counter() - t0) / pypairs
py_cpu = (cpu() - c0) / pypairs

# ------------------------------------------------------------ sfb
prog = os.path.join(os.environ.get("SFB_BIN", os.path.join(top, "bin")), "sfb-qc")

def child_cpu():
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime

def run(jobs, path=inp):
    best_wall = best_cpu = None
    for _ in range(reps):
        c0 = child_cpu()
        t0 = time.perf_counter()
        with open(os.devnull, "w") as out:
            subprocess.run([prog, "-j", str(jobs), "--root", dir, path], stdout=out, check=True)
        wall = time.perf_counter() - t0
        c = child_cpu() - c0
        best_wall = wall if best_wall is None else min(best_wall, wall)
        best_cpu = c if best_cpu is None else min(best_cpu, c)
    return best_wall / npairs, best_cpu / npairs

out = subprocess.run([prog, "-j", "2", "--root", dir, inp], capture_output=True, check=True, text=True).stdout.splitlines()
bad = 0
out += subprocess.run([prog, "-j", "2", "--root", dir, inp_mixed], capture_output=True, check=True, text=True).stdout.splitlines()
for line in out:
    r = json.loads(line)
    v = py.get((r["source_image"], r["generated_image"]))
    if v is None:
        continue
    if abs(r["ssim"] - v[0]) > 1e-12 or r["edge_preservation"] != v[1]:
        bad += 1
if len(out) != 2 * npairs or bad:
    sys.exit("qc: sfb-qc differs from the Python path on %d of %d pairs" % (bad, pypairs))

j1_wall, j1_cpu = run(1)
j2_wall, j2_cpu = run(2)
m1_wall, m1_cpu = run(1, inp_mixed)
m2_wall, m2_cpu = run(2, inp_mixed)
load = os.getloadavg()[0]
print("qc: %d pairs of 512x512 PNGs (Python: %d), load %.1f on %d cores" % (npairs, pypairs, load, os.cpu_count()))
print("  Python (Pillow + NumPy)  %7.2f ms/pair wall  %7.2f ms/pair CPU" % (py_wall * 1e3, py_cpu * 1e3))
print("  sfb-qc -j 1              %7.2f ms/pair wall  %7.2f ms/pair CPU  x%.1f (CPU x%.1f)" % (
    j1_wall * 1e3, j1_cpu * 1e3, py_wall / j1_wall, py_cpu / j1_cpu))
print("  sfb-qc -j 2              %7.2f ms/pair wall  %7.2f ms/pair CPU  x%.1f; -j 2 / -j 1 speed-up %.2f" % (
    j2_wall * 1e3, j2_cpu * 1e3, py_wall / j2_wall, j1_wall / j2_wall))
print("  sfb-qc -j 1, a new source every record  %7.2f ms/pair wall  %7.2f ms/pair CPU  x%.1f (CPU x%.1f)" % (
    m1_wall * 1e3, m1_cpu * 1e3, py_wall / m1_wall, py_cpu / m1_cpu))
print("  sfb-qc -j 2, a new source every record  %7.2f ms/pair wall  %7.2f ms/pair CPU  x%.1f; -j 2 / -j 1 speed-up %.2f" % (
    m2_wall * 1e3, m2_cpu * 1e3, py_wall / m2_wall, m1_wall / m2_wall))
print("  every pair Python computed equals it in both runs (SSIM within 1e-12, edge preservation exactly)")
EOF
