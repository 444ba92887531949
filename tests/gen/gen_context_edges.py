#!/usr/bin/python3
"""Goldens for sfb-context's fast paths at their boundaries, computed with
tests/gen/negex_port.py (a Python port of GenNegEx v1.2) and plain Python,
as tests/gen/gen_context_golden.py computes the others.

Run by hand once, from the top of the tree:
    /usr/bin/python3 tests/gen/gen_context_edges.py
Writes under tests/golden/context/
    edges.ndjson.zst           pair records whose reports start with 0 to
                               139 bytes of filler, so that every sentence
                               end (".", "!", "?" before white space or the
                               end, line breaks, "." inside a word), every
                               trigger and every label synonym falls at
                               every offset around the 16- and 64-byte
                               blocks sfb reads; U+0000, lone surrogates,
                               non-ASCII letters, spaces, dashes and
                               bullets next to triggers and synonyms;
                               sentences with no trigger and with only a
                               pseudo-trigger
    edges-expected.ndjson.zst  per pair: label statuses, affirmed labels
                               and the evidence without its trigger texts
Nothing here uses sfb.
"""
import json
import os
import random
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import gen_context_golden as C  # noqa: E402  expected(), zwrite()
import gen_text_golden as g  # noqa: E402  dump_line()

SENTENCES = [
    "No fracture.", "Fracture is ruled out.", "No increase in fracture.",
    "Not only osteophytes.", "Osteophytes at L4.", "Mild scoliosis!",
    "Possible fracture?", "No\u00a0fracture.", "No \u0000 fracture \ud800.",
    "No fracture\u0301.", "\u2022 No osteophytes\u2014mild.",
    "Fracture of L2 (3.5 mm). No lesion.", "e.g. no fracture",
    "No fracture.\nOsteophytes.", "no\tfracture\r\nFracture",
    "Schmorl\u2019s node at L2; no fracture.", "Caf\u00e9fracture.",
    "fracture\u00e9 and no osteophytes.", "NO BRO\u212aEN.",
    "\u0130 no fracture.", "Without osteophytes or disc space narrowing.",
    "Spondylolisthesis cannot be excluded.", "Rule out fracture.",
    "No significant finding of fracture.", "No abnormality is seen.",
    "Fracture unlikely, but endplate sclerosis is present.",
    "L4\u2013L5 disc narrowing.", "\U0001f600 no fracture!",
    "Alignment is maintained.", "No compression fracture.",
    "There is no evidence of fracture at T12.",
]
FILLER = ["x", " ", "a", ".", "\u2022", "-"]


def report(rng, pad):
    head = "".join(rng.choice(FILLER) if rng.random() < 0.3 else "x"
                   for _ in range(pad))
    if pad > 0:
        head = head[:-1] + " "
    body = rng.choice(["", " ", "\n", "\t", "\r", "\x0c"]).join(
        rng.choice(SENTENCES) for _ in range(rng.randint(1, 5)))
    return head + body


def main():
    rng = random.Random(1315)
    pairs, exp = [], []
    for i in range(140 * 4):
        pid = "edge_%04d" % i
        src = report(rng, i % 140)
        cf = report(rng, rng.randrange(140))
        pairs.append(g.dump_line({"pair_id": pid, "source_report": src,
                                  "counterfactual_report": cf}, rng) + "\n")
        exp.append(json.dumps(C.expected(pid, src, cf)) + "\n")
    C.zwrite("edges.ndjson.zst", pairs)
    C.zwrite("edges-expected.ndjson.zst", exp)


if __name__ == "__main__":
    main()
