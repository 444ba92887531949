#!/usr/bin/python3
"""Golden corpus for the clinical patterns of a labelled line,
\\bLABEL\\s*(?!consult\\b|see\\b|follow\\s*up\\b|unknown\\b|n/?a\\b)[^\\s]
(LABEL: diagnosis:, primary diagnosis:, impression:), which sfb decides by
direct code instead of its regex engine (lib/text/refusal.c,
label_match), computed with plain Python re + json (the reference's
rules, through tests/gen/gen_text_golden.py).

Run by hand once, from the top of the tree:
    /usr/bin/python3 tests/gen/gen_labels_golden.py
Writes
    tests/golden/text/labels_pairs.ndjson.zst     input pair records
    tests/golden/text/labels_expected.ndjson.zst  per pair: every expected
                                                  field, as expected.ndjson
Each report is a refusal (so the clinical list is searched) and a label
in every case and glued to the word before it, then Unicode white space
or none (U+00A0, U+3000, U+2028, U+0085, U+001C, a zero-width space that
is none), then the lookahead's words and their near misses (each
followed by a word character, a combining mark, punctuation, the text's
end), U+0000 and lone surrogates.  Nothing here uses sfb.
"""

import random
import sys

import gen_dense_golden

LEADS = ["I cannot read x-rays. ", "I'm unable to help.\n", "Consult a radiologist "]
LABELS = ["Diagnosis:", "DIAGNOSIS:", "Primary diagnosis:", "PRIMARY DIAGNOSIS:", "Impression:",
          "impression:", "Primary  diagnosis:", "Diagnosis :", "xDiagnosis:", "_impression:",
          "1diagnosis:", "\u00e9diagnosis:", "-Diagnosis:", "\u2019Impression:", "Diagnosis\u00e9:",
          "primary\u00a0diagnosis:"]
SPACES = ["", " ", "  ", "\t", "\n", "\u00a0", "\u3000", "\u2028", "\x1c", "\x85", " \n ",
          "\u200b"]
CONTENT = ["consult", "Consult", "consultant", "consult_", "consult.", "consult\u00e9",
           "consult\u0301", "see", "SEE", "seen", "see\u0301", "see1", "follow up", "follow  up",
           "follow\nup", "followup", "follow up_", "follow upx", "follow-up", "follow\u00a0up",
           "unknown", "Unknown.", "unknownx", "n/a", "N/A", "na", "NA.", "n//a", "n/ a", "n/ab",
           "n/a\u00e9", "n", "nx", "n/", "osteopenia", "x", "\u00e9", "\u0000", "\ud800", "", "1",
           "-", "spondylosis"]
TAILS = ["", " ", ".", " end", "\u00e9"]


def main():
    assert sys.version_info[:2] == (3, 11)
    rng = random.Random(20261208)
    texts = []
    k = 0
    for lab in LABELS:
        for sp in SPACES:
            for c in CONTENT:
                k += 1
                texts.append(LEADS[k % 3] + lab + sp + c + TAILS[k % 5])
    # Several labelled lines in one report, the deciding one anywhere.
    for _ in range(200):
        parts = [rng.choice(LEADS)]
        for _ in range(rng.randint(1, 6)):
            parts.append(rng.choice(LABELS) + rng.choice(SPACES) + rng.choice(CONTENT))
        texts.append(rng.choice([" ", "\n", "\n- "]).join(parts))
    if len(texts) % 2:
        texts.append(rng.choice(LEADS))
    rng.shuffle(texts)
    gen_dense_golden.write_corpus(texts, rng, "labels")


if __name__ == "__main__":
    main()
