#!/usr/bin/python3
"""Goldens for sfb-context, computed with tests/gen/negex_port.py (a Python
port of GenNegEx v1.2 written from its Java) and plain Python re + json.

Run by hand once, from the top of the tree:
    /usr/bin/python3 tests/gen/gen_context_golden.py
Writes under tests/golden/context/
    kit-callkit.ndjson.zst the test kit read as CallKit reads it (each line
                         trimmed, fields split at runs of tabs and
                         trimmed, quotes kept), with the port's decision
    kit-csv.ndjson.zst   the kit read with Python's csv module (tab
                         delimiter, quotes removed), with the port's
                         decision
    target.ndjson.zst    {"t": target, "s": sentence, "want": decision}:
                         trigger words, targets and separators at random,
                         Java's white space, punctuation, "+", "_", "[",
                         "]", Unicode spaces and line breaks among them
    pairs.ndjson.zst     pair records: realistic reports with negations and
                         hedges, and the Unicode cases of SPEC 3.4
    expected.ndjson.zst  per pair: label statuses, affirmed labels and the
                         evidence without its trigger texts
The port's decisions on the kit are checked here against GenNegEx's own
(tests/kit/negex/*.decisions, from the Java) before anything is written.
Nothing here uses sfb.
"""
import csv
import re
import json
import os
import random
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import gen_text_golden as g  # noqa: E402  report templates and mutations
import negex_port as N  # noqa: E402

TOP = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
OUT = os.path.join(TOP, "tests", "golden", "context")
KIT = os.path.join(TOP, "tests", "kit", "negex")
RULES = N.load_rules(os.path.join(TOP, "lib", "text", "negex",
                                  "negex_triggers.txt"))
TRIM = N.TRIM


def kit_rows_callkit():
    with open(os.path.join(KIT, "Annotations-1-120.txt"), "rb") as f:
        lines = f.read().decode("ascii").split("\r\n")
    rows = []
    for line in lines[1:]:
        if line == "":
            continue
        c = re.split("\t+", line.strip(TRIM))
        rows.append({"report": c[0], "target": c[1].strip(TRIM),
                     "sentence": c[2].strip(TRIM), "gold": c[3]})
    return rows


def kit_rows_csv():
    with open(os.path.join(KIT, "Annotations-1-120.txt"), newline="",
              encoding="ascii") as f:
        rows = list(csv.reader(f, delimiter="\t"))
    return [{"report": r[0], "target": r[1], "sentence": r[2], "gold": r[3]}
            for r in rows[1:]]


def write_kit(name, rows, decisions):
    with open(os.path.join(KIT, decisions)) as f:
        java = f.read().split()
    assert len(java) == len(rows) == 2376, (len(java), len(rows))
    lines = []
    for r, j in zip(rows, java):
        d = N.neg_check(r["sentence"], r["target"], RULES)
        assert d == j, (r, d, j)
        r["want"] = d
        lines.append(json.dumps(r) + "\n")
    zwrite(name, lines)


TRIGGERS = [t for t, _ in (l.split("\t\t") for l in open(
    os.path.join(TOP, "lib", "text", "negex", "negex_triggers.txt"))
    .read().splitlines())]
WORDS = ["fracture", "edema", "pneumonia", "mass", "the", "of", "a", "L4",
         "normal", "no", "not", "evidence", "possible", "rule", "out",
         "free", "but", "however", "without", "which", "seen", "patient",
         "is", "ruled", "negative", "for", "denies", "Fracture", "NO", "No"]
TARGETS = ["fracture", "edema", "pneumonia", "mass", "no fracture",
           "evidence", "Fracture", "not", "rule out", "fx", "p.o.",
           "fr(a|e)cture", "ed+ema", "(no )?fracture", "mass(es)?",
           "staph   bacteremia"]
SEPS = [" ", " ", " ", " ", "  ", "\t", "\n", ", ", ". ", "; ", "+", "_",
        "(", ")", "[", "]", "-", "/", ":", "\u00a0", "\u2028", "\u0085",
        "\u00e9", "\x00", "\x01", '"', "'", "!", "?", "\u212a", "\u0130",
        "\u0301", "\ud800", "\U0001f600", "[NEGATED]", "[PREN]", "\\",
        "\\[", "$", "$1"]


def target_rows(rng, n):
    out = []
    while len(out) < n:
        parts = []
        for _ in range(rng.randint(0, 14)):
            r = rng.random()
            if r < 0.35:
                w = rng.choice(TRIGGERS)
            elif r < 0.45:
                w = rng.choice(TARGETS)
                for c in "()|?+":
                    w = w.replace(c, "")
            else:
                w = rng.choice(WORDS)
            if rng.random() < 0.2:
                w = w.upper()
            if rng.random() < 0.1:
                w = w.replace(" ", rng.choice(["  ", "\t", " \n "]))
            parts.append(w)
            parts.append(rng.choice(SEPS) if rng.random() < 0.5 else " ")
        s = "".join(parts)
        if rng.random() < 0.5:
            s = s.rstrip() + rng.choice([".", "", "!", " ."])
        t = rng.choice(TARGETS)
        try:
            d = N.neg_check(s, t, RULES)
        except N.JavaThrows:
            continue    # GenNegEx throws: the bats file tests such cases
        out.append({"t": t, "s": s, "want": d})
    return out


# Realistic report lines that negate and hedge the frozen labels.
NEG_LINES = [
    "No fracture.", "No acute fracture or dislocation.",
    "There is no evidence of fracture.", "Fracture is ruled out.",
    "No significant finding of fracture.", "No abnormality is seen.",
    "Without osteophytes or disc space narrowing.",
    "Possible compression fracture at L1.",
    "Possible findings might include osteophytes.",
    "Spondylolisthesis cannot be excluded.",
    "Osteophytes are not seen, but disc narrowing is present at L4-L5.",
    "No hardware; previous fixation device removed.",
    "Questionable schmorl node at L2; no fracture.",
    "Fracture unlikely, but endplate sclerosis is present.",
    "The vertebral bodies are normal, without collapse.",
    "Negative for fracture.", "Free of lesion.",
    "No change in the anterolisthesis.",
    "Not only osteophytes but also disc height loss.",
    "Suspicious for a lesion at T12.", "Rule out fracture.",
    "Within normal limits; no fracture. Fracture of L2 seen on the other view.",
    "No\u00a0fracture.", "No fracture\u2028 osteophytes.",
    "NO FRACTURE. Osteophytes.", "no\tfracture", "No fracture\u0301.",
    "No _fracture_.", "No [fracture].", "no fracture+osteophytes",
    "Evaluate for disc calcification.", "May represent a schmorl's node.",
]


def report(rng):
    if rng.random() < 0.5:
        t = g.report(rng, "genuine")
        lines = t.split("\n")
        for _ in range(rng.randint(1, 5)):
            lines.insert(rng.randrange(len(lines) + 1), rng.choice(NEG_LINES))
        t = rng.choice(["\n", " ", "\n- "]).join(lines)
    else:
        t = " ".join(rng.choice(NEG_LINES) for _ in range(rng.randint(0, 6)))
    if rng.random() < 0.3:
        t = g.mutate(rng, t)
    return t


def utf8_off(text, i):
    return len(text[:i].encode("utf-8", "surrogatepass"))


def expected(pid, src, cf):
    out = {"pair_id": pid}
    for side, text in (("source", src), ("counterfactual", cf)):
        status, judged = N.label_status(text, RULES)
        out[side + "_label_status"] = status
        out[side + "_affirmed_labels"] = sorted(
            k for k, v in status.items() if v == "affirmed")
        out[side + "_label_evidence"] = [
            {"category": N.LABELS[ci][0], "synonym": N.LABELS[ci][1][si],
             "start": utf8_off(text, a), "end": utf8_off(text, z),
             "status": st}
            for (ci, si, a, z), st in judged]
    return out


def zwrite(name, lines):
    path = os.path.join(OUT, name)
    data = "".join(lines).encode("utf-8", "surrogatepass")
    subprocess.run(["zstd", "-q", "-19", "-f", "-o", path], input=data,
                   check=True)


def main():
    os.makedirs(OUT, exist_ok=True)
    rng = random.Random(13)
    write_kit("kit-callkit.ndjson.zst", kit_rows_callkit(), "callkit.decisions")
    write_kit("kit-csv.ndjson.zst", kit_rows_csv(), "csv.decisions")
    zwrite("target.ndjson.zst", [g.dump_line(r, rng) + "\n"
                                 for r in target_rows(rng, 6000)])
    pairs, exp = [], []
    for i in range(3000):
        pid = "buu_%04d__young_male" % i
        src, cf = report(rng), report(rng)
        pairs.append(g.dump_line({"pair_id": pid, "source_id": pid[:8],
                                  "source_report": src,
                                  "counterfactual_report": cf}, rng) + "\n")
        exp.append(json.dumps(expected(pid, src, cf)) + "\n")
    zwrite("pairs.ndjson.zst", pairs)
    zwrite("expected.ndjson.zst", exp)


if __name__ == "__main__":
    main()
