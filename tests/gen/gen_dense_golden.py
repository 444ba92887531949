#!/usr/bin/python3
"""Golden corpus of refusal-dense reports, computed with plain Python re +
json (the reference's rules, through tests/gen/gen_text_golden.py).

Run by hand once, from the top of the tree:
    /usr/bin/python3 tests/gen/gen_dense_golden.py
Writes
    tests/golden/text/dense_pairs.ndjson.zst     input pair records
    tests/golden/text/dense_expected.ndjson.zst  per pair: every expected
                                                 field, as expected.ndjson
Reports are made of the frozen response-class patterns' own phrasings
(tests/bench/corpus.py: refusals, near misses that hold a pattern's literal
and fail it, hedges, clinical lines and their near misses), so that the
regex engine runs on nearly every report, and are put where sfb's fast
paths have edges: a phrase at every byte offset around 32- and 64-byte
blocks and the last 34 bytes of a text, texts of every length up to 80
bytes, U+0000, lone surrogates, non-ASCII letters next to the words, the
caseless equivalents U+0130, U+0131, U+017F and U+212A inside the words,
typographic apostrophes, case changes, and the Unicode mutations of
gen_text_golden.  Nothing here uses sfb.
"""

import json
import os
import random
import subprocess
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "bench"))
import corpus                   # noqa: E402  (the phrasings)
import gen_text_golden as g     # noqa: E402  (expected fields, mutate, dump_line)

FULL = corpus.REFUSING + corpus.NEAR + corpus.CLINICAL_NEAR
PARTIAL = FULL + corpus.HEDGING
PHRASES = PARTIAL + corpus.CLINICAL
FILLERS = ["x", " ", "-", "\u00e9", "\u2019", "\n", "a", "_", "\u0000", "\u3000"]
SWAPS = [("'", "\u2019"), ("i", "\u0130"), ("i", "\u0131"), ("s", "\u017f"), ("k", "\u212a"),
         (" ", "\u00a0"), (" ", "  "), ("a", "A"), ("I", "i"), ("o", "\u00f6")]


def phrase(rng, pool=PHRASES):
    p = rng.choice(pool)
    if rng.random() < 0.3:
        a, b = rng.choice(SWAPS)
        k = p.find(a)
        if k >= 0:
            p = p[:k] + b + p[k + len(a):]
    if rng.random() < 0.2:
        p = p.upper() if rng.random() < 0.5 else p.lower()
    return p


def dense(rng):
    """A report of refusal-dense lines, 20-2000 characters."""
    want = rng.choice([20, 60, 200, 600, 1500])
    pool = rng.choice([FULL, PARTIAL, PHRASES])
    lines = [phrase(rng, pool)]
    while sum(len(x) + 1 for x in lines) < want:
        lines.append(phrase(rng, pool if rng.random() < 0.97 else PHRASES))
    return rng.choice([" ", "\n", "\n\n", "\n- ", "\u2028"]).join(lines)


def at_offset(rng, off):
    """A phrase starting off characters into a filler, then more filler:
    its literal crosses each block edge as off goes by."""
    fill = rng.choice(FILLERS)
    t = fill * off + phrase(rng)
    return t + fill * rng.choice([0, 1, 2, 31, 32, 33, 40])


def short(rng, n):
    """A text of about n characters, phrases cut at a random place."""
    t = ""
    while len(t) < n:
        t += phrase(rng) + " "
    return t[:n] if rng.random() < 0.5 else t[len(t) - n:]


def write_corpus(texts, rng, name):
    """Pair records of the texts, two by two, and the fields Python
    expects of each, to tests/golden/text/NAME_pairs.ndjson.zst and
    NAME_expected.ndjson.zst, and how many of each class."""
    inputs, outputs = [], []
    edits = ["young_female", "young_male", "elderly_female", "elderly_male"]
    for k in range(0, len(texts), 2):
        sid = "%s_%04d" % (name, k // 8)
        pid = sid + "__" + edits[(k // 2) % 4]
        rec = {"pair_id": pid, "source_id": sid, "source_report": texts[k],
               "counterfactual_report": texts[k + 1]}
        line = g.dump_line(rec, rng)
        back = json.loads(line)
        inputs.append(line)
        outputs.append(json.dumps(g.expected(pid, back["source_report"], back["counterfactual_report"]),
                                  ensure_ascii=False, separators=(",", ":")))
    for part, lines in (("pairs", inputs), ("expected", outputs)):
        data = ("\n".join(lines) + "\n").encode("utf-8", "surrogatepass")
        subprocess.run(["zstd", "-q", "-19", "-f", "-o", "tests/golden/text/%s_%s.ndjson.zst" % (name, part)],
                       input=data, check=True)
    classes = {}
    for o in outputs:
        d = json.loads(o)
        for s in ("source", "counterfactual"):
            classes[d[s + "_response_class"]] = classes.get(d[s + "_response_class"], 0) + 1
    print("%d pairs, classes %s" % (len(inputs), classes))


def main():
    assert sys.version_info[:2] == (3, 11)
    rng = random.Random(20261206)
    texts = []
    for off in range(0, 100):
        texts.append(at_offset(rng, off))
    for n in range(0, 81):
        texts.append(short(rng, n))
    while len(texts) < 1600:
        t = dense(rng)
        r = rng.random()
        if r < 0.3:
            t = g.mutate(rng, t)
        elif r < 0.45:
            p = rng.randrange(len(t) + 1)
            t = t[:p] + rng.choice(["\u0000", "\ud800", "\udfff", "\u00e9", "\U0001f600", "\u0301"]) + t[p:]
        texts.append(t)
    rng.shuffle(texts)
    write_corpus(texts, rng, "dense")


if __name__ == "__main__":
    main()
