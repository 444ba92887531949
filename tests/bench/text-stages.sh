#!/bin/sh
# Benchmark the text stages against the reference-equivalent Python path
# (json.loads, the reference's re loop over the frozen registry, json.dumps
# of the record with the added keys) in the same run, on two corpora of
# pair records with 1-2 KB reports (about 64 MB of NDJSON each by default,
# tests/bench/corpus.py): realistic reports (17 of 19 genuine), and
# refusal-dense ones, where nearly every report carries refusal, near-miss,
# partial-refusal or hedged sentences (issue 15).  SPEC 11 asks for at
# least 300 MB/s of NDJSON per core for each stage, and the four-stage
# pipeline at least 200x the Python path.
#
# Each stage is one entry of STAGES in the Python below: a name, the sfb
# command lines and the Python function doing the same work on one record,
# and its input (the corpus, or the corpus after refusal|labels|recs, which
# sfb-jaccard needs); add an entry to benchmark another stage.  The sfb
# side is the whole program, start to exit, reading the file, on its
# default number of threads (one per processor, the pipeline's stages
# side by side, each starting its threads only once they pay: see
# sfb(7), Threads) unless the entry says -j 1; the Python side is its loop
# over the lines (not its start-up).  The timed sfb runs write
# to /dev/null, as the Python side keeps its output in memory (a file
# would add the file system's cost, and truncating the last run's output,
# to sfb's side only); one more run, not timed, writes the output that is
# compared with Python's.  Best of the repetitions, taken in rounds
# (each round runs every entry once) so that the machine's speed, which
# drifts from second to second, is shared by the entries rather than
# landing on one of them; CPU time is the steadier figure on a busy
# machine.  The load average is printed with each table.
#   SFB_BENCH_MB     size of each generated corpus in MB (default 64)
#   SFB_BENCH_REPS   repetitions of each sfb run (default 7; a run takes
#                    a fraction of a second, and the best of several is
#                    the one the machine's other load least disturbed)
#   SFB_BENCH_PYREPS repetitions of each Python loop (default 1; a loop
#                    takes about a minute and averages such disturbance)
#   SFB_BENCH_CORPUS realistic, dense or both (default both)
set -eu
cd "$(dirname "$0")/../.."
top=$(pwd)
dir="$top/build/bench-text"
python=/usr/bin/python3

if ! [ -x "$python" ]; then
	echo "text-stages: skipped (needs $python for the reference side)"
	exit 0
fi
mkdir -p "$dir"

exec "$python" - "$top" "$dir" "${SFB_BENCH_MB:-64}" "${SFB_BENCH_REPS:-7}" \
	"${SFB_BENCH_PYREPS:-1}" "${SFB_BENCH_CORPUS:-both}" <<'EOF'
import json, os, random, re, resource, subprocess, sys, time

top, dir, mb, reps, pyreps = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
which = sys.argv[6]
sys.path.insert(0, os.path.join(top, "tests", "gen"))
import gen_text_golden as g   # the registries and report templates

sys.path.insert(0, os.path.join(top, "tests", "bench"))
import corpus
from pyside import py_jaccard, run_py

# ------------------------------------------------ the reference's loops
def find(registry, text):
    text_lower = text.lower()
    found = set()
    for category, synonyms in registry.items():
        for synonym in synonyms:
            if re.search(r"\b" + re.escape(synonym) + r"\b", text_lower):
                found.add(category)
                break
    return found

def py_labels(rec):
    for side in ("source", "counterfactual"):
        rec[side + "_diagnostic_labels"] = sorted(find(g.PATHOLOGY_SYNONYMS, rec[side + "_report"]))

def py_recs(rec):
    for side in ("source", "counterfactual"):
        rec[side + "_recommendations"] = sorted(find(g.RECOMMENDATION_PATTERNS, rec[side + "_report"]))

def py_refusal(rec):
    for side in ("source", "counterfactual"):
        rec[side + "_response_class"] = g.response_class(rec[side + "_report"])
    rec["usable"] = (rec["source_response_class"] != "full_refusal"
                     and rec["counterfactual_response_class"] != "full_refusal")

def py_all(rec):
    py_refusal(rec)
    py_labels(rec)
    py_recs(rec)
    py_jaccard(rec)

bin = os.path.join(top, "bin")
THREE = [["sfb-refusal"], ["sfb-extract-labels"], ["sfb-rec-bucket"]]
STAGES = [
    # name, sfb pipeline (each a command line, piped in order), Python,
    # input ("corpus", or "tagged": the corpus after THREE).  A stage
    # alone runs on one thread, for SPEC 11's MB/s per core.
    ("sfb-extract-labels -j 1", [["sfb-extract-labels", "-j", "1"]], py_labels, "corpus"),
    ("sfb-rec-bucket -j 1", [["sfb-rec-bucket", "-j", "1"]], py_recs, "corpus"),
    ("sfb-refusal -j 1", [["sfb-refusal", "-j", "1"]], py_refusal, "corpus"),
    ("sfb-jaccard", [["sfb-jaccard"]], py_jaccard, "tagged"),   # one thread
    ("refusal|labels|recs|jacc", THREE + [["sfb-jaccard"]], py_all, "corpus"),
    ("the same, each -j 1", [c + ["-j", "1"] for c in THREE] + [["sfb-jaccard"]], py_all,
     "corpus"),
]

def run_sfb(cmds, path, outpath=os.devnull):
    """Wall and CPU seconds of the pipeline on the file, its last stage
    writing to outpath."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    with open(outpath, "wb") as sink:
        w = time.perf_counter()
        procs, src = [], None
        for i, c in enumerate(cmds):
            argv = [os.path.join(bin, c[0])] + c[1:] + ([path] if i == 0 else [])
            last = i == len(cmds) - 1
            p = subprocess.Popen(argv, stdin=src,
                                 stdout=sink if last else subprocess.PIPE)
            if src is not None:
                src.close()
            src = p.stdout
            procs.append(p)
        for p in procs:
            if p.wait() != 0:
                sys.exit("text-stages: %s failed" % cmds)
        wall = time.perf_counter() - w
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu

def bench(title, make):
    path = os.path.join(dir, "%s-%dmb.ndjson" % (title, mb))
    make(path, mb, g)
    tagged = os.path.join(dir, "%s-%dmb.tagged.ndjson" % (title, mb))
    if not os.path.exists(tagged) or os.path.getmtime(tagged) < os.path.getmtime(path):
        run_sfb(THREE, path, tagged)
    inputs = {}
    for kind, p in (("corpus", path), ("tagged", tagged)):
        with open(p, encoding="utf-8") as f:
            inputs[kind] = p, os.path.getsize(p), f.read().split("\n")[:-1]
    size = inputs["corpus"][1]
    print("text-stages, %s corpus: %d records, %.1f MB of NDJSON (%s); load average %s"
          % (title, len(inputs["corpus"][2]), size / 1e6, path,
             " ".join("%.2f" % x for x in os.getloadavg())))
    print("  %-24s %12s %12s %12s %12s %10s %9s" % ("", "sfb wall", "sfb CPU", "Python wall",
                                                 "Python CPU", "wall ratio", "CPU ratio"))
    py_done = {}
    best = {name: (float("inf"), float("inf")) for name, _, _, _ in STAGES}
    for _ in range(reps):
        for name, cmds, fn, kind in STAGES:
            a, b = run_sfb(cmds, inputs[kind][0])
            best[name] = min(best[name][0], a), min(best[name][1], b)
    for name, cmds, fn, kind in STAGES:
        ipath, isize, ilines = inputs[kind]
        pw = pc = float("inf")
        sw, sc = best[name]
        outpath = os.path.join(dir, "out.ndjson")
        run_sfb(cmds, ipath, outpath)
        with open(outpath, "rb") as f:
            out = f.read()
        if (fn, kind) not in py_done:       # each Python loop is measured once
            for _ in range(pyreps):
                a, b, pyout = run_py(fn, ilines)
                pw, pc = min(pw, a), min(pc, b)
            py_done[fn, kind] = pw, pc, pyout
        pw, pc, pyout = py_done[fn, kind]
        # Same answers: compare the records, added members included.
        got = [json.loads(l) for l in out.decode("utf-8", "surrogatepass").split("\n")[:-1]]
        want = [json.loads(l) for l in pyout]
        if got != want:
            sys.exit("text-stages: %s output differs from the Python path (%s corpus)"
                     % (name, title))
        mbs = lambda t: isize / t / 1e6
        print("  %-24s %7.0f MB/s %7.0f MB/s %7.1f MB/s %7.1f MB/s %9.0fx %8.0fx"
              % (name, mbs(sw), mbs(sc), mbs(pw), mbs(pc), pw / sw, pc / sc))
    print("  (MB/s of NDJSON input, sfb-jaccard's being the corpus with the three")
    print("   stages' keys; a pipeline's CPU is the sum over its processes, its wall")
    print("   time has the stages running side by side, as a shell runs them;")
    print("   target: each stage >= 300 MB/s per core, the pipeline >= 200x Python)")

for title, make in (("realistic", corpus.pair_records), ("dense", corpus.dense_records)):
    if which in ("both", title):
        bench(title, make)
