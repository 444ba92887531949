#!/bin/sh
# Benchmark sfb-generate against the reference-equivalent Python path in
# the same run:
#   plan      --plan --demographic all over N source records: the jobs and
#             their metadata, as infer.py builds them with pathlib and
#             json.dumps (Python's loop over the records, not its start-up);
#             outputs compared record by record.
#   dry run   --dry-run and --release-info, whole processes against the
#             reference's two scripts' work in a fresh python3 (start-up
#             included, as a user runs them); files compared byte by byte.
# Best of the repetitions; CPU time is the steadier figure on a busy
# machine.
#   SFB_BENCH_SOURCES  source records for the plan (default 50000)
#   SFB_BENCH_REPS     repetitions (default 5)
set -eu
cd "$(dirname "$0")/../.."
top=$(pwd)
dir="$top/build/bench-generate"
python=/usr/bin/python3

if ! [ -x "$python" ]; then
	echo "generate: skipped (needs $python for the reference side)"
	exit 0
fi
rm -rf "$dir"
mkdir -p "$dir"

exec "$python" - "$top" "$dir" "${SFB_BENCH_SOURCES:-50000}" "${SFB_BENCH_REPS:-5}" <<'EOF2'
import json, os, resource, subprocess, sys, time
from pathlib import Path

top, dir, n, reps = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
gen = os.path.join(top, "bin", "sfb-generate")
os.chdir(dir)
subprocess.run([gen, "--dry-run", "--output", "smoke"], check=True,
               stdout=subprocess.DEVNULL)
src = "smoke/synthetic_test_input.png"
with open("sources.ndjson", "w") as f:
    for i in range(n):
        f.write(json.dumps({"source_id": "buu_%05d" % i, "source_image": src,
                            "output_dir": "runs/buu_%05d" % i}) + "\n")
with open("sources.ndjson") as f:
    lines = f.read().split("\n")[:-1]

PROMPTS = {
    "elderly_female": "Lumbar spine X-ray of a 75-year-old female patient",
    "elderly_male": "Lumbar spine X-ray of a 75-year-old male patient",
    "young_female": "Lumbar spine X-ray of a 25-year-old female patient",
    "young_male": "Lumbar spine X-ray of a 25-year-old male patient",
}
CFG = {"base_model": "runwayml/stable-diffusion-v1-5", "lora_rank": 64,
       "lora_alpha": 128, "inference_steps": 50, "guidance_scale": 5.0,
       "strength": 0.15, "seed": 42, "image_size": 512,
       "tsxr_mask_blend": 0.7, "checkpoint_path": "lora.safetensors",
       "device": "auto"}

def py_plan():
    out, ck = [], Path("lora.safetensors")
    for line in lines:
        rec = json.loads(line)
        source = Path(rec["source_image"])
        os.stat(source)
        for d, prompt in PROMPTS.items():
            output = Path(rec["output_dir"]) / f"{d}_counterfactual.png"
            meta = {"output_filename": output.name, "target_demographic": d,
                    "prompt": prompt, "seed": CFG["seed"],
                    "inference_steps": CFG["inference_steps"],
                    "guidance_scale": CFG["guidance_scale"],
                    "strength": CFG["strength"], "mask_applied": False,
                    "tsxr_mask_blend": None, "source_filename": source.name,
                    "checkpoint_filename": ck.name}
            job = dict(rec)
            job.update({"target_demographic": d, "prompt": prompt,
                        "negative_prompt": None, "seed": CFG["seed"]})
            for k in ("inference_steps", "guidance_scale", "strength",
                      "image_size", "base_model", "lora_rank", "lora_alpha",
                      "checkpoint_path", "device"):
                job[k] = CFG[k]
            job["generated_image"] = job["output_image"] = str(output)
            job["metadata_path"] = str(output.with_suffix(".json"))
            job["metadata"] = dict(sorted(meta.items()))
            out.append(json.dumps(job, ensure_ascii=False))
    return out

def child_time(argv, stdout=subprocess.DEVNULL):
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    w = time.perf_counter()
    subprocess.run(argv, check=True, stdout=stdout)
    wall = time.perf_counter() - w
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)

def best(fn):
    w = c = float("inf")
    for _ in range(reps):
        a, b = fn()
        w, c = min(w, a), min(c, b)
    return w, c

plan_argv = [gen, "--plan", "--demographic", "all", "--checkpoint",
             "lora.safetensors", "sources.ndjson"]
sw, sc = best(lambda: child_time(plan_argv))
with open("plan.ndjson", "wb") as f:
    subprocess.run(plan_argv, check=True, stdout=f)

def py_timed():
    w, c = time.perf_counter(), time.process_time()
    r = py_plan()
    py_timed.out = r
    return time.perf_counter() - w, time.process_time() - c
pw, pc = best(py_timed)
got = [json.loads(l) for l in open("plan.ndjson", encoding="utf-8")]
if got != [json.loads(l) for l in py_timed.out]:
    sys.exit("generate: --plan output differs from the Python path")

# The reference's dry-run and release-info work in a fresh interpreter.
PY_DRY = r'''
import json, struct, sys, zlib
from pathlib import Path
out = Path(sys.argv[1]); out.mkdir(parents=True, exist_ok=True)
size = 128
rows = [b"\0" + bytes(min(255, int(40 + 120 * (y / 127)) + (90 if abs(x - 64) < 10 else 0)) for x in range(size)) for y in range(size)]
def chunk(k, d): return struct.pack(">I", len(d)) + k + d + struct.pack(">I", zlib.crc32(k + d) & 0xFFFFFFFF)
(out / "synthetic_test_input.png").write_bytes(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", size, size, 8, 0, 0, 0, 0)) + chunk(b"IDAT", zlib.compress(b"".join(rows))) + chunk(b"IEND", b""))
(out / "dry_run_metadata.json").write_text(open(sys.argv[2]).read())
print(json.dumps({"status": "ok", "output": str(out), "metadata": "dry_run_metadata.json"}, sort_keys=True))
'''
with open("dry.py", "w") as f:
    f.write(PY_DRY)
dw, dc = best(lambda: child_time([gen, "--dry-run", "--output", "d_sfb"]))
qw, qc = best(lambda: child_time([sys.executable, "dry.py", "d_py",
                                  "d_sfb/dry_run_metadata.json"]))
for name in ("synthetic_test_input.png", "dry_run_metadata.json"):
    if open("d_sfb/" + name, "rb").read() != open("d_py/" + name, "rb").read():
        sys.exit("generate: dry run %s differs from the Python path" % name)

print("generate: --plan over %d sources x 4 demographics (%d jobs); load: %s"
      % (n, 4 * n, open("/proc/loadavg").read().split()[0]))
print("  %-22s %10s %10s %11s %11s %10s %9s" % ("", "sfb wall", "sfb CPU",
      "Python wall", "Python CPU", "wall ratio", "CPU ratio"))
print("  %-22s %9.3fs %9.3fs %10.3fs %10.3fs %9.0fx %8.0fx"
      % ("--plan (jobs)", sw, sc, pw, pc, pw / sw, pc / sc))
print("  %-22s %9.4fs %9.4fs %10.4fs %10.4fs %9.0fx %8.0fx"
      % ("--dry-run (process)", dw, dc, qw, qc, qw / dw, qc / max(dc, 1e-4)))
print("  (the plan: Python's loop only, sfb's whole process; the dry run:")
print("   both whole processes, python3 start-up included)")
EOF2
