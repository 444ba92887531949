#!/usr/bin/python3
"""Golden corpus for the refusal classifier's patterns whose required
literal is shorter than its three-byte fingerprint ("th", "i ", "po"),
which sfb looks for by their heads instead (lib/text/refusal.c,
head_lits), computed with plain Python re + json (the reference's rules,
through tests/gen/gen_text_golden.py).

Run by hand once, from the top of the tree:
    /usr/bin/python3 tests/gen/gen_heads_golden.py
Writes
    tests/golden/text/heads_pairs.ndjson.zst     input pair records
    tests/golden/text/heads_expected.ndjson.zst  per pair: every expected
                                                 field, as expected.ndjson
Each report starts with a refusal (so the clinical and hedged lists are
searched) and then holds one of those patterns' phrases, matched or just
missed (a head cut short, a byte changed after it, glued to a word, a
letter in another case or turned into U+0130, U+0131, U+017F, U+212A),
at every byte offset around the 32-byte blocks and the last 34 bytes the
literal pass fingerprints in a padded copy, and around the ends of its
growing-prefix rounds (bytes 256 and 768); next to U+0000, lone
surrogates, non-ASCII letters and other heads' phrases.  Nothing here
uses sfb.
"""

import random
import sys

import gen_dense_golden

LEADS = ["I cannot read x-rays. ", "I'm unable to help. ", "Consult a radiologist. "]
MATCH = ["the x-ray shows", "This X RAY demonstrates", "the xray reveals", "this radiograph indicates",
         "The image shows", "this image reveals", "I observe", "i see", "I note", "I identify",
         "I detect", "possible findings", "Potential conditions", "possible diagnoses",
         "potential diagnosis", "The radiograph demonstrates"]
MISS = ["the x-rays shows", "the x-ray show", "the x-ray", "thex-ray shows", "then image shows",
        "the imagery reveals", "this images reveals", "the radiographs shows", "th image shows",
        "I seem", "i noted", "I sees", "Iobserve", "I detective", "possiblefindings",
        "possible finding", "potential conditionals", "possibly findings", "po", "th", "i ",
        "the \u0130mage shows", "th\u0131s image shows", "the x-ray \u017fhows", "I \u212anow",
        "\u00e9I note", "the x-ray shows\u00e9", "I note_"]
FILLERS = ["x", " ", "\n", "\u0000", "\u00e9", "\u2019", "the ", "is ", "i i "]


def main():
    assert sys.version_info[:2] == (3, 11)
    rng = random.Random(20261207)
    texts = []
    for ph in MATCH + MISS:
        for off in range(0, 70, 1 if ph in MATCH[:3] + MISS[:3] else 7):
            fill = rng.choice(FILLERS)
            lead = rng.choice(LEADS)
            body = (fill * off)[:off]
            t = lead + body + ph + fill * rng.choice([0, 1, 2, 31, 33])
            texts.append(t)
        for edge in (256, 768):
            for d in range(-20, 21, 5):
                lead = rng.choice(LEADS)
                at = edge + d - len(lead)
                texts.append(lead + "-" * at + ph + " " * rng.choice([0, 3, 300]))
    # Several heads' phrases together, and with surrogates and U+0000.
    for _ in range(300):
        parts = [rng.choice(LEADS)]
        for _ in range(rng.randint(1, 8)):
            parts.append(rng.choice(MATCH + MISS * 3 + FILLERS))
        t = rng.choice([" ", "", "\n"]).join(parts)
        if rng.random() < 0.3:
            p = rng.randrange(len(t) + 1)
            t = t[:p] + rng.choice(["\u0000", "\ud800", "\udfff", "\u00e9"]) + t[p:]
        texts.append(t)
    if len(texts) % 2:
        texts.append(rng.choice(LEADS))
    rng.shuffle(texts)
    gen_dense_golden.write_corpus(texts, rng, "heads")


if __name__ == "__main__":
    main()
