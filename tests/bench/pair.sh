#!/bin/sh
# Benchmark sfb-pair on real-scale panels: six models, about 8,000 reports
# each, as one evaluation_results.json array; and the reference's Python
# path (json.load, then its pairing loop for each model) on the same file.
# Two panels: one written here with long reports and run metadata (about
# 140 MB, nearer the released export's size), and sfb-synth's full panel at
# 1000 sources when sfb-synth is built.  Prints MB/s, peak memory and the
# ratios.  Run by `make bench`, never by `make check`.  SFB_BENCH_PAIRS sets
# the pairs per model of the first panel (default 4000).
set -eu
cd "$(dirname "$0")/../.."
top=$(pwd)
bin=${SFB_BIN:-$top/bin}
pairs=${SFB_BENCH_PAIRS:-4000}
dir=${TMPDIR:-/tmp}/sfb-bench-pair.$$
mkdir -p "$dir"
trap 'rm -rf "$dir"' EXIT INT TERM
panel=$dir/evaluation_results.json

if ! command -v python3 >/dev/null 2>&1; then
	echo "bench pair: python3 is needed to write the panel; skipped"
	exit 0
fi

# The panel: rows shaped like the released export (the report, the prompt
# and the run metadata), pairs interleaved across models the way the
# release stores them.
python3 - "$panel" "$pairs" <<'PY'
import json, random, sys
path, npairs = sys.argv[1], int(sys.argv[2])
rng = random.Random(42)
models = ["gpt-5.4", "claude-sonnet-4-6", "claude-opus-4-6", "glm-4.6v",
          "kimi-k2.5", "gemma-4"]
edits = ["young_female", "young_male", "elderly_female", "elderly_male"]
words = ("the lumbar spine shows mild degenerative changes with osteophytes "
         "at L4-L5 and disc space narrowing; no acute fracture is seen. "
         "alignment is maintained. recommend follow-up imaging and physical "
         "therapy; consider MRI if symptoms persist. impression: "
         "spondylosis \u2014 grade 1 anterolisthesis of L4 on L5.").split()
prompt = ("You are an expert musculoskeletal radiologist. Describe the "
          "findings of this spine radiograph, give a primary diagnosis, an "
          "overall severity and a recommendation. " * 8)
def report():
    return " ".join(rng.choice(words) for _ in range(rng.randint(120, 260)))
rows = []
sources = ["buu_%04d" % i for i in range(1, npairs // 4 + 2)]
for m in models:
    n = 0
    for s in sources:
        for e in edits:
            if n == npairs:
                break
            n += 1
            for role in ("source", "generated"):
                rows.append({"model": m, "pair_id": s + "__" + e,
                             "source_id": s, "pair_source_id": s,
                             "image_role": role,
                             "image_path": "images/%s/%s.png" % (s, e if role == "generated" else "source"),
                             "prompt": prompt, "response": report(),
                             "latency_s": round(rng.uniform(1, 30), 3),
                             "output_tokens": rng.randint(100, 900),
                             "error": None})
rng.shuffle(rows)
with open(path, "w") as f:
    json.dump(rows, f, indent=2)
PY

# run NAME CMD...: time a command; sets $secs (CPU seconds, user + system:
# the machine may be shared, so wall-clock time is printed but not used for
# the ratios) and the peak resident set.
run() {
	name=$1
	shift
	/usr/bin/time -f "%e %U %S %M" -o "$dir/time" "$@" >"$dir/$name.out"
	read -r wall user sys kb <"$dir/time"
	secs=$(awk -v u="$user" -v s="$sys" 'BEGIN { printf "%.2f", u + s }')
	mbs=$(awk -v s="$size" -v t="$secs" 'BEGIN { printf "%.0f", (t > 0 ? s / 1e6 / t : 0) }')
	peak=$(awk -v k="$kb" 'BEGIN { printf "%.0f", k / 1024 }')
	ratio=$(awk -v k="$kb" -v s="$size" 'BEGIN { printf "%.2f", k * 1024 / s }')
	printf '  %-26s cpu %6.2f s (wall %6.2f s) %5s MB/s  peak %5s MB (%s x input)\n' \
	    "$name" "$secs" "$wall" "$mbs" "$peak" "$ratio"
}

# The reference path: json.load of the whole file, then for each model its
# row loop and the pair index (reviewer_verify.py's _paired_records).
cat >"$dir/ref.py" <<'PY'
import json, sys

def source_id(src, gen, pid):
    for row in (gen, src):
        value = row.get("pair_source_id") or row.get("source_id")
        if isinstance(value, str) and value:
            return value
    return pid.split("__", 1)[0]

rows = json.load(open(sys.argv[1], encoding="utf-8"))
models = sys.argv[2:] or sorted({r["model"] for r in rows})
for model in models:
    sources, generated = {}, {}
    for row in rows:
        if not isinstance(row, dict):
            raise SystemExit("non-object row")
        if row.get("model") != model:
            continue
        if row.get("error"):
            raise SystemExit("error row")
        pid = row.get("pair_id")
        if not isinstance(pid, str) or not pid:
            raise SystemExit("pair_id")
        if not isinstance(row.get("response"), str) or not row["response"].strip():
            raise SystemExit("report text")
        role = row.get("image_role")
        if role == "source":
            sources[pid] = row
        elif role == "generated":
            if pid in generated:
                raise SystemExit("duplicate")
            generated[pid] = row
    if set(sources) != set(generated):
        raise SystemExit("unpaired")
    for pid in sorted(generated):
        src, gen = sources[pid], generated[pid]
        print(json.dumps({"model": model, "pair_id": pid,
                          "source_id": source_id(src, gen, pid),
                          "edit_label": pid.split("__", 1)[1],
                          "source_report": src["response"],
                          "counterfactual_report": gen["response"]},
                         ensure_ascii=False))
PY

# bench PANEL LABEL: time sfb-pair and the Python path on one panel.
bench() {
	panel=$1
	size=$(wc -c <"$panel")
	mb=$(awk -v s="$size" 'BEGIN { printf "%.1f", s / 1e6 }')
	rows=$(grep -c '"image_role"' "$panel")
	echo "bench pair: $2: $rows rows, $mb MB"
	run "sfb-pair (all models)" "$bin/sfb-pair" "$panel"
	sfb_all=$secs
	run "sfb-pair --model gemma-4" "$bin/sfb-pair" --model gemma-4 "$panel"
	sfb_one=$secs
	out_pairs=$(wc -l <"$dir/sfb-pair (all models).out")

	run "python (all models)" python3 "$dir/ref.py" "$panel"
	py_all=$secs
	run "python --model gemma-4" python3 "$dir/ref.py" "$panel" gemma-4
	py_one=$secs
	if cmp -s "$dir/sfb-pair (all models).out" "$dir/python (all models).out"; then
		same="identical output"
	else
		same="OUTPUT DIFFERS"
	fi
	awk -v a="$py_all" -v b="$sfb_all" -v c="$py_one" -v d="$sfb_one" \
	    -v n="$out_pairs" -v same="$same" 'BEGIN {
		printf "  %d pairs, %s; speed-up (CPU time): all models %.1fx, one model %.1fx\n",
		    n, same, (b > 0 ? a / b : 0), (d > 0 ? c / d : 0) }'
}

bench "$panel" "panel with long reports ($pairs pairs per model)"
if [ -x "$bin/sfb-synth" ]; then
	"$bin/sfb-synth" --out "$dir/synth/artifacts" --code-root "$dir/synth/code-root" \
	    --sources 1000 >/dev/null
	bench "$dir/synth/artifacts/artifacts/Results/final_inputs/panels/full_pipeline_retained/evaluation_results.json" \
	    "sfb-synth --sources 1000, full_pipeline_retained"
fi
