"""The realistic pair records the text-stage benchmarks share: reports of
1-2 kB built from tests/gen/gen_text_golden.py's templates (17 of 19
genuine), a few typographic characters each, half of the lines written with
ensure_ascii.  Deterministic (seed 42); written once and reused."""
import json
import os
import random


def pair_records(path, mb, g):
    """Write about mb MB of pair records to path unless it exists; g is the
    gen_text_golden module (its report templates)."""
    if os.path.exists(path):
        return
    rng = random.Random(42)
    edits = ["young_female", "young_male", "elderly_female", "elderly_male"]
    touches = ["\u2019", "\u2014", "\u00b0", "\u2013", "\u00a0"]

    def report():
        kind = rng.choice(["genuine"] * 17 + ["partial", "refusal"])
        t = g.report(rng, kind)
        while len(t) < rng.randint(1000, 2000):
            t += "\n\n" + g.report(rng, "genuine")
        # Real model output: a few typographic characters per report.
        for _ in range(rng.randint(0, 4)):
            p = rng.randrange(len(t) + 1)
            t = t[:p] + rng.choice(touches) + t[p:]
        return t

    with open(path + ".tmp", "w", encoding="utf-8") as f:
        size, s = 0, 0
        while size < mb * 1000000:
            sid = "buu_%05d" % s
            for e in edits:
                line = json.dumps({"pair_id": sid + "__" + e, "source_id": sid,
                                   "source_report": report(),
                                   "counterfactual_report": report()},
                                  ensure_ascii=rng.random() < 0.5) + "\n"
                f.write(line)
                size += len(line.encode("utf-8"))
            s += 1
    os.rename(path + ".tmp", path)
