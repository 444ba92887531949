#!/bin/sh
# Benchmark what every stage of a pipeline pays whatever its text work:
# reading the input, validating and splitting each record, writing it out
# again (issue 15).  sfb-jaccard does the least text work of the four
# stages, so it shows that cost; on records whose "usable" is false it
# does none, and the record loop is all there is.  Beside each line, the
# Python path of the same work in the same run (json.loads and json.dumps
# of every record, and the reference's set arithmetic); and "cat" of the
# same input, the floor of reading and writing it.
#
# The input is the realistic corpus of tests/bench/text-stages.sh after
# sfb-refusal | sfb-extract-labels | sfb-rec-bucket (about 36 MB of
# NDJSON at the default size), made here if it is not there yet.  Timed
# runs write to /dev/null (the Python side keeps its output in memory);
# the sfb outputs are compared with Python's once.  Best of the
# repetitions; CPU time is the steadier figure on a busy machine.
#   SFB_BENCH_MB     size of the corpus before the stages (default 32)
#   SFB_BENCH_REPS   repetitions of each sfb run (default 7)
set -eu
cd "$(dirname "$0")/../.."
top=$(pwd)
dir="$top/build/bench-text"
python=/usr/bin/python3

if ! [ -x "$python" ]; then
	echo "record-loop: skipped (needs $python for the reference side)"
	exit 0
fi
mkdir -p "$dir"

exec "$python" - "$top" "$dir" "${SFB_BENCH_MB:-32}" "${SFB_BENCH_REPS:-7}" <<'EOF'
import json, os, resource, subprocess, sys, time

top, dir, mb, reps = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
sys.path.insert(0, os.path.join(top, "tests", "gen"))
import gen_text_golden as g
sys.path.insert(0, os.path.join(top, "tests", "bench"))
import corpus
from pyside import py_jaccard, run_py

bin = os.path.join(top, "bin")
path = os.path.join(dir, "realistic-%dmb.ndjson" % mb)
tagged = os.path.join(dir, "realistic-%dmb.tagged.ndjson" % mb)
unusable = os.path.join(dir, "realistic-%dmb.unusable.ndjson" % mb)
corpus.pair_records(path, mb, g)
if not os.path.exists(tagged) or os.path.getmtime(tagged) < os.path.getmtime(path):
    with open(tagged, "wb") as out:
        p1 = subprocess.Popen([os.path.join(bin, "sfb-refusal"), path], stdout=subprocess.PIPE)
        p2 = subprocess.Popen([os.path.join(bin, "sfb-extract-labels")], stdin=p1.stdout,
                              stdout=subprocess.PIPE)
        p3 = subprocess.Popen([os.path.join(bin, "sfb-rec-bucket")], stdin=p2.stdout, stdout=out)
        p1.stdout.close()
        p2.stdout.close()
        if p3.wait() or p2.wait() or p1.wait():
            sys.exit("record-loop: could not tag the corpus")
if not os.path.exists(unusable) or os.path.getmtime(unusable) < os.path.getmtime(tagged):
    # The same records marked unusable: sfb-jaccard passes them through.
    with open(tagged, encoding="utf-8") as f, open(unusable, "w", encoding="utf-8") as out:
        for line in f:
            rec = json.loads(line)
            rec["usable"] = False
            out.write(json.dumps(rec) + "\n")

def run(argv, stdin_path=None, outpath=os.devnull):
    """Wall and CPU seconds of the command (with "cat FILE |" before it
    when stdin_path is set, both counted)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    with open(outpath, "wb") as sink:
        w = time.perf_counter()
        if stdin_path:
            cat = subprocess.Popen(["cat", stdin_path], stdout=subprocess.PIPE)
            p = subprocess.Popen(argv, stdin=cat.stdout, stdout=sink)
            cat.stdout.close()
            ok = p.wait() == 0 and cat.wait() == 0
        else:
            ok = subprocess.call(argv, stdout=sink) == 0
        wall = time.perf_counter() - w
    if not ok:
        sys.exit("record-loop: %s failed" % argv)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)

jac = os.path.join(bin, "sfb-jaccard")
CASES = [
    # name, command, its input file, piped through cat, Python function
    ("cat FILE", ["cat"], tagged, False, None),
    ("sfb-jaccard FILE", [jac], tagged, False, py_jaccard),
    ("cat FILE | sfb-jaccard", [jac], tagged, True, py_jaccard),
    ("sfb-jaccard, unusable", [jac], unusable, False, py_jaccard),
    ("cat | sfb-jaccard, unusable", [jac], unusable, True, py_jaccard),
]
print("record-loop: %s, %.1f MB of NDJSON; load average %s"
      % (tagged, os.path.getsize(tagged) / 1e6,
         " ".join("%.2f" % x for x in os.getloadavg())))
print("  %-28s %12s %12s %12s %12s %10s %9s" % ("", "sfb wall", "sfb CPU", "Python wall",
                                             "Python CPU", "wall ratio", "CPU ratio"))
py_done = {}
for name, argv, ipath, piped, fn in CASES:
    size = os.path.getsize(ipath)
    sw = sc = float("inf")
    args = argv + ([] if piped else [ipath])
    for _ in range(reps):
        a, b = run(args, ipath if piped else None)
        sw, sc = min(sw, a), min(sc, b)
    mbs = lambda t: size / t / 1e6
    if fn is None:
        print("  %-28s %7.0f MB/s %7.0f MB/s" % (name, mbs(sw), mbs(sc)))
        continue
    if ipath not in py_done:
        with open(ipath, encoding="utf-8") as f:
            lines = f.read().split("\n")[:-1]
        py_done[ipath] = run_py(fn, lines)
    pw, pc, pyout = py_done[ipath]
    outpath = os.path.join(dir, "out.ndjson")
    run(args, ipath if piped else None, outpath)
    with open(outpath, "rb") as f:
        got = [json.loads(l) for l in f.read().decode("utf-8", "surrogatepass").split("\n")[:-1]]
    if got != [json.loads(l) for l in pyout]:
        sys.exit("record-loop: %s output differs from the Python path" % name)
    print("  %-28s %7.0f MB/s %7.0f MB/s %7.1f MB/s %7.1f MB/s %9.0fx %8.0fx"
          % (name, mbs(sw), mbs(sc), mbs(pw), mbs(pc), pw / sw, pc / sc))
print("  (MB/s of NDJSON input; CPU sums both processes of a \"cat |\" line;")
print("   \"unusable\": every record passed through as it is, no text work)")
EOF
