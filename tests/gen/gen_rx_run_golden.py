#!/usr/bin/python3
"""Write tests/golden/rx/runs.h: regex search results computed by
Python's own `re` (3.11) for tests/unit/test_rx.c, aimed at the engine
comparing a run of ASCII characters of a pattern eight bytes at a time
(lib/text/rx.c, struct run_words) where 16 bytes of text remain, and
one character at a time nearer the text's end.  Run once by hand from
the repository root:
    /usr/bin/python3 tests/gen/gen_rx_run_golden.py

Each pattern's characters are put with 12 to 20 bytes of text left from
the run's start (both sides of the 16-byte rule), whole, cut short,
changed in one place to another case, to a neighbouring letter, to
U+0130, U+0131, U+017F or U+212A (which IGNORECASE matches to i, i, s,
k), to U+0000 or a lone surrogate; runs longer than 16 characters, runs
entered by a jump (alternation, optional character), case-sensitive
runs and runs of non-letters.  Each case is written the way
tests/gen/gen_rx_golden.py writes its cases (same struct)."""

import re
import sys

from gen_rx_golden import I, case_table
from sfbref import CLINICAL, HEDGED, REFUSAL

PATTERNS = [
    (I, r"abcdefghijklmnopqrs"),            # longer than one run
    (I, r"xy(?:abcd|efgh)ijklmn"),          # runs entered after a jump
    (I, r"ki?ssing"),                       # an optional character inside
    (0, r"Hello, World"),                   # case-sensitive
    (I, r"n/?a\b"),
    (I, r"\bdiagnosis:\s*(?!n/?a\b)[^\s]"),
    (I, r"x[- ]?ray"),
    (0, r"12:34-56"),
]


def variants(phrase):
    """The phrase, cut short, and changed in one place each way."""
    out = [phrase, phrase.upper(), phrase.title(), phrase[:-1], phrase[1:]]
    subst = {"i": ["\u0130", "\u0131"], "s": ["\u017f"], "k": ["\u212a"]}
    for j, ch in enumerate(phrase):
        low = ch.lower()
        for rep in subst.get(low, []):
            out.append(phrase[:j] + rep + phrase[j + 1:])
        if j % 3 == 0:
            for rep in ["\x00", "\ud800", "\u00e9", chr(ord(ch) ^ 1) if ord(ch) < 128 else "x",
                        ch.swapcase()]:
                out.append(phrase[:j] + rep + phrase[j + 1:])
    return out


def phrases(pattern):
    """Texts the pattern matches or just misses."""
    fixed = {
        r"abcdefghijklmnopqrs": ["abcdefghijklmnopqrs"],
        r"xy(?:abcd|efgh)ijklmn": ["xyabcdijklmn", "xyefghijklmn"],
        r"ki?ssing": ["kissing", "kssing"],
        r"Hello, World": ["Hello, World"],
        r"n/?a\b": ["n/a.", "na b"],
        r"\bdiagnosis:\s*(?!n/?a\b)[^\s]": ["diagnosis: x", "diagnosis:  n/a"],
        r"x[- ]?ray": ["x-ray", "x ray", "xray"],
        r"12:34-56": ["12:34-56"],
    }
    return fixed[pattern]


FROZEN_PHRASES = [
    "i'm unable to", "i am not qualified", "i can't analyze the image", "cannot provide a diagnosis",
    "not able to interpret", "consult a radiologist", "i cannot give medical",
    "the x-ray shows", "this radiograph demonstrates", "i observe", "findings: x",
    "primary diagnosis: x", "diagnosis: n/a", "impression: see", "a radiologist might",
    "possible findings", "generally you look for", "could include", "in general the spine",
]


def main():
    cases = []
    for f, p in PATTERNS:
        for ph in phrases(p):
            for v in variants(ph):
                # From 12 to 20 bytes left at the run's start.
                for left in range(12, 21):
                    tail = max(0, left - len(v.encode("utf-8", "surrogatepass")))
                    cases.append((f, p, "_" * 5 + " " + v, "", 0, "." * tail))
    # Each frozen pattern on the phrases it matches, and their variants.
    for p in REFUSAL + CLINICAL + HEDGED:
        for ph in FROZEN_PHRASES:
            if not re.search(p, ph, re.IGNORECASE):
                continue
            for v in variants(ph):
                for tail in (0, 9, 15, 17):
                    cases.append((I, p, "x " + v, "", 0, " " * tail))
    out = case_table("gen_rx_run_golden.py", "rx_run_cases", cases)
    with open("tests/golden/rx/runs.h", "w") as fh:
        fh.write("\n".join(out) + "\n")
    print("%d cases" % len(cases), file=sys.stderr)


if __name__ == "__main__":
    main()
