#!/usr/bin/python3
"""Goldens of sfb-truth and sfb-hallucination, computed with plain Python.

Run by hand once, from the top of the tree:
    /usr/bin/python3 tests/gen/gen_truth_golden.py
Writes tests/golden/truth/
    pairs.json        a pairs.json with every rule of SPEC 13.3 in it:
                      indices as ints, floats, booleans, strings, lists,
                      out of range; repeated sources (the last wins);
                      empty and missing source_id; entries without the key;
                      non-object entries; escaped source ids
    records.ndjson.zst  pair records over those sources and unknown ones,
                      random label arrays (duplicates, "No finding"),
                      some unusable
    want.ndjson.zst   per record: ground_truth_labels as sfb-truth adds it,
                      then the three keys sfb-hallucination adds (or none
                      for an unusable record)
Ground truth follows the reference's verify_hallucination_provenance.py
comprehension ({categories[i] for i in row["pathology_labels"] if i in
range(len(categories))}, the last row of a source winning) with SPEC
13.3's null for a source without an entry; the fraction is its
lexical_score: len(P - G) / len(P) with "No finding" removed.  Nothing here
uses sfb.
"""
import json
import random
import subprocess

CATEGORIES = ["Osteophytes", "Foraminal stenosis", "Disc space narrowing",
              "Spondylolisthesis", "Surgical implant", "Vertebral collapse",
              "Other lesions", "No finding", "Posterior osteophyte",
              "Endplate sclerosis", "Schmorl's node", "Disc calcification", "Fracture"]
OUT = "tests/golden/truth/"


def rand_index(rng):
    return rng.choice([
        rng.randrange(13), rng.randrange(13), rng.randrange(13),
        float(rng.randrange(13)), True, False, -0.0, 13, -1, 12.5, "3", [3], {"i": 3},
        None, 1e300, 10 ** 30, 2.0000000000000001, 12.0])


def main():
    rng = random.Random(1303)
    ids = [f"vindr_{i:04d}" for i in range(60)] + [f"buu_{i:04d}" for i in range(30)]
    ids += ["vindr_\u00e9", "vindr_\U0001f600", "a\"b", "back\\slash"]
    pairs = []
    for sid in ids:
        for _ in range(rng.choice([1, 1, 1, 2, 3])):
            row = {"pair_id": sid + "__young_male", "source_id": sid}
            if sid.startswith("buu"):
                row["pathology_labels"] = []
            elif rng.random() < 0.05:
                pass                                  # no key: this row is ignored
            else:
                row["pathology_labels"] = [rand_index(rng)
                                           for _ in range(rng.randrange(0, 6))]
            pairs.append(row)
    pairs += [{"source_id": "", "pathology_labels": [1]},
              {"pathology_labels": [2]}, 7, "x", None, [1, 2],
              {"source_id": "ghost"}]
    rng.shuffle(pairs)
    with open(OUT + "pairs.json", "w") as f:
        json.dump(pairs, f, indent=2)
        f.write("\n")

    truth = {}
    for row in pairs:
        if isinstance(row, dict) and row.get("source_id") and "pathology_labels" in row:
            # int(i): the reference indexes a list with i, which a float
            # such as 3.0 cannot do; SPEC 13.3 counts it as 3
            truth[row["source_id"]] = sorted(
                {CATEGORIES[int(i)] for i in row["pathology_labels"] if i in range(13)})
    assert any(truth.values())

    names = CATEGORIES + ["No finding", "No finding", "Fracture", "Unknown", "fracture"]
    with open(OUT + "records.ndjson", "w") as fin, open(OUT + "want.ndjson", "w") as fw:
        for n in range(2000):
            sid = rng.choice(ids + ["unknown_1", "ghost", ""])
            rec = {"pair_id": f"{sid}__{n}", "source_id": sid}
            usable = rng.random() > 0.05
            if not usable:
                rec["usable"] = False
            elif rng.random() < 0.3:
                rec["usable"] = True
            rec["source_diagnostic_labels"] = [rng.choice(names)
                                               for _ in range(rng.randrange(0, 5))]
            rec["counterfactual_diagnostic_labels"] = [rng.choice(names)
                                                       for _ in range(rng.randrange(0, 5))]
            fin.write(json.dumps(rec, ensure_ascii=rng.random() < 0.5) + "\n")
            g = truth.get(sid)
            want = {"ground_truth_labels": g}
            if usable:
                if g is None:
                    want.update(source_hallucination_fraction=None,
                                counterfactual_hallucination_fraction=None,
                                hallucination_abs_diff=None)
                else:
                    ground = set(g) - {"No finding"}

                    def frac(labels):
                        p = set(labels) - {"No finding"}
                        return len(p - ground) / len(p) if p else 0.0
                    a = frac(rec["source_diagnostic_labels"])
                    b = frac(rec["counterfactual_diagnostic_labels"])
                    want.update(source_hallucination_fraction=a,
                                counterfactual_hallucination_fraction=b,
                                hallucination_abs_diff=abs(a - b))
            fw.write(json.dumps(want) + "\n")
    for name in ("records", "want"):
        subprocess.run(["zstd", "-q", "-19", "--rm", "-f", OUT + name + ".ndjson"], check=True)


if __name__ == "__main__":
    main()
