#!/usr/bin/python3
"""Write tests/golden/rx/windows.h: regex search results computed by
Python's own `re` (3.11) for tests/unit/test_rx.c, aimed at the search
that tries a pattern only at starts a few code points before an
occurrence of its required literal (lib/text/rx.c, sfb_rx_search and
sfb_rx_search_plain).  Run once by hand from the repository root:
    /usr/bin/python3 tests/gen/gen_rx_window_golden.py

The patterns put their literal at fixed and variable distances from the
match's start (alternations, counted repeats, classes, lookaheads); the
texts put 1- to 4-byte code points (and U+0130, U+0131, U+017F, U+212A,
which IGNORECASE matches to i, i, s, k) before and inside occurrences,
overlapping occurrences, occurrences at the text's two ends, near misses,
U+0000 and lone surrogates.  Each case is written the way
tests/gen/gen_rx_golden.py writes its cases (same struct)."""

import random
import sys

from gen_rx_golden import I, case_table
from sfbref import CLINICAL, HEDGED, REFUSAL

PATTERNS = [
    (I, r"\bi('m| am) unable to\b"),
    (I, r"(?:ab|cde)xyz"),
    (0, r"(?:ab|cde)xyz"),
    (I, r"(?:foo|barfoo)kis"),
    (I, r".{0,3}abc"),
    (0, r"[^x]{1,3}sik"),
    (I, r"(?:ab){2,3}cd"),
    (I, r"(?=k)kiss"),
    (I, r"\w?\w?sk\b"),
    (I, r"(a|bb|ccc)\s?(?:dd|e)kk"),
    (I, r"x?y?z?is"),
    (0, r"\bno(?:t| longer) able\b"),
    # Heads (the strings every match begins with) cut short, at a text's
    # end, and across the 16 bytes compared as two words.
    (I, r"\b(?:this|the) (?:x[- ]?ray|image)\b"),
    (I, r"(?:ab|abc)[de]?f"),
    (I, r"a[bc]{2}d"),
    (I, r"(?:x|y)?zz"),
    (I, r"(?:long|longer|longest)wordwordword"),
]
PIECES = ["abc", "xyz", "ab", "cde", "cd", "foo", "barfoo", "kis", "KIS", "sik", "SIK", "kiss",
          "k\u0131ss", "\u212aiss", "ki\u017fs", "\u0130", "\u0131", "\u212a", "\u017f",
          "i'm unable to", "I AM UNABLE TO", "\u0130'm unable to", "\u0131 am unable to",
          "i'm unable to_", "not able", "no longer able", "sk", "\u00e9", "\u20ac", "\U0001f600",
          "\U0001d7d8", "\x00", "\ud800", "\udfff", " ", "\n", "\u3000", "_", "a", "bb", "ccc",
          "dd", "e", "kk", "KK", "x", "y", "z", "is", "IS", "\u0301", "the x-ray", "THIS X RAY",
          "the xray", "this image", "th\u0130s image", "the x-r", "abf", "abcdf", "abcef", "abdf", "abcf",
          "abbd", "acbd", "zz", "yzz", "longestwordwordword", "longerwordwordwor", "LONGWORDWORDWORD"]


def main():
    rnd = random.Random(15)
    cases = []
    for f, p in PATTERNS:
        fixed = [
            "", "abcxyz", "cdexyz", "abxyz", "\U0001f600\U0001f600\U0001f600abc",
            "\U0001f600\U0001f600\U0001f600\U0001f600abc", "\u20ac\u20ac\u20acabc", "ababcd",
            "abababcd", "abababababcd", "xyzsik\U0001f600\U0001f600sik", "\u212aiss kiss",
            "barfookis", "foo\u212ai\u017f", "x\u0130\u0131s", "AAsk", "\u00e9\u00e9sk",
            "a dd\u212ak", "ccc\u3000ekk", "bbddkk", "\u0130'm unable to", "i am unable to!"]
        for t in fixed:
            cases.append((f, p, t, "", 0, ""))
        for _ in range(60):
            t = "".join(rnd.choice(PIECES) for _ in range(rnd.randint(1, 10)))
            cases.append((f, p, t, "", 0, ""))
        # Occurrences at 16- and 32-byte boundaries of a long text.
        for lead in range(28, 36):
            cases.append((f, p, "-" * lead, "", 0, rnd.choice(PIECES[:12])))
        cases.append((f, p, "", "ab cd xy kis \u0130 ", 60, "abcxyz"))
    # The frozen patterns, their literals in every other spot.
    words = ["I'm", "i am", "\u0130'm", "\u0131 am", "unable to", "unable", "not", "qualified", "can't",
             "cannot", "can not", "analyze", "image", "provide", "diagnosis", "consult a", "radiologist",
             "the", "this", "x-ray", "shows", "i", "see", "findings", "finding:", "impression:",
             "primary diagnosis:", "consult", "n/a", "might", "could", "include", "generally", "look for",
             "in general", "spine", "possible", "findings", "\u212a", "\u017f", "\x00", "\ud800", "\u00e9",
             "\U0001f600", "_", "\u0301"]
    seps = [" ", " ", "", "\n", "\u00a0", "\t"]
    for p in REFUSAL + CLINICAL + HEDGED:
        for _ in range(40):
            t = "".join(rnd.choice(words) + rnd.choice(seps) for _ in range(rnd.randint(1, 16)))
            cases.append((I, p, t, "", 0, ""))

    out = case_table("gen_rx_window_golden.py", "rx_window_cases", cases)
    with open("tests/golden/rx/windows.h", "w") as fh:
        fh.write("\n".join(out) + "\n")
    print("%d cases" % len(cases), file=sys.stderr)


if __name__ == "__main__":
    main()
