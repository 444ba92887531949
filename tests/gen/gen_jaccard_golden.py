#!/usr/bin/python3
"""Write tests/golden/jaccard/: records for sfb-jaccard and the lines it must
print, computed with plain Python sets (SPEC 2.1 and 5).  Inputs are written
the way json.dumps writes them, so an output line is json.dumps of the record
with the added keys (a key already present is replaced in place).  Run once
by hand; the outputs are committed.  sfb is not involved.

  pairs.in / pairs.out        pair mode (the four arrays)
  pairs_x.out                 the same with -x source_id -x recommendation_jaccard
  generic.in / generic.out    -a left -b right -k overlap
  generic_x.out               the same with -x id
  layout.in / layout.out      -a left -b right -k overlap on arrays written
                              by hand: any white space between tokens, any
                              escape for any character, a quote or
                              backslash at every offset of 8-byte blocks
  keys.in / keys.out          -a left -b right -k overlap on strings that
                              share up to twelve first bytes (sfb's
                              eight-byte compare)
"""
import json
import os
import random

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'golden',
                   'jaccard')
LABELS = ["Disc calcification", "Disc space narrowing", "Endplate sclerosis",
          "Foraminal stenosis", "Fracture", "No finding", "Osteophytes",
          "Other lesions", "Posterior osteophyte", "Schmorl's node",
          "Spondylolisthesis", "Surgical implant", "Vertebral collapse"]
RECS = ["imaging", "medication", "monitoring", "no_action",
        "physical_therapy", "referral", "surgery"]
WORDS = ["a", "b", "A", "\u00e9", "e\u0301", "\U0001F600", "", "x y",
         "quote\"d", "back\\slash", "\u0000nul", "\u2028"]


def jaccard(a, b):
    if not a and not b:
        return 1.0
    return len(a & b) / len(a | b)


def pick(rng, pool, dup=True):
    s = rng.sample(pool, rng.randint(0, min(4, len(pool))))
    if dup and s and rng.random() < 0.2:
        s.append(rng.choice(s))
    return s


# -x: these members are left out of every record written, input or added.
PAIRS_X = ("source_id", "recommendation_jaccard")
GENERIC_X = ("id",)


def without(rec, keys):
    return {k: v for k, v in rec.items() if k not in keys}


rng = random.Random(5)
pairs_in, pairs_out, pairs_x = [], [], []
for i in range(300):
    rec = {"pair_id": "s%03d__young_male" % i, "source_id": "s%03d" % i}
    u = rng.random()
    if u < 0.15:
        rec["usable"] = False
    elif u < 0.6:
        rec["usable"] = True
    if rec.get("usable") is not False or rng.random() < 0.5:
        rec["source_diagnostic_labels"] = pick(rng, LABELS)
        rec["counterfactual_diagnostic_labels"] = (
            list(rec["source_diagnostic_labels"]) if rng.random() < 0.3
            else pick(rng, LABELS))
        rec["source_recommendations"] = pick(rng, RECS)
        rec["counterfactual_recommendations"] = (
            list(reversed(rec["source_recommendations"])) if rng.random() < 0.3
            else pick(rng, RECS))
    if rng.random() < 0.1:
        rec["recommendation_jaccard"] = "stale"
    line = json.dumps(rec, ensure_ascii=False)
    pairs_in.append(line)
    if rec.get("usable") is False:
        pairs_out.append(line)
        pairs_x.append(json.dumps(without(rec, PAIRS_X), ensure_ascii=False))
        continue
    sr, cr = set(rec["source_recommendations"]), set(rec["counterfactual_recommendations"])
    sl, cl = set(rec["source_diagnostic_labels"]), set(rec["counterfactual_diagnostic_labels"])
    rec["recommendation_changed"] = float(sr != cr)
    rec["recommendation_jaccard"] = jaccard(sr, cr)
    rec["diagnostic_label_consistency"] = jaccard(sl, cl)
    rec["diagnostic_labels_both_empty"] = not sl and not cl
    pairs_out.append(json.dumps(rec, ensure_ascii=False))
    pairs_x.append(json.dumps(without(rec, PAIRS_X), ensure_ascii=False))

gen_in, gen_out, gen_x = [], [], []
for i in range(200):
    rec = {"id": i, "left": pick(rng, WORDS), "right": pick(rng, WORDS)}
    if rng.random() < 0.1:
        rec["usable"] = False
    ascii = rng.random() < 0.5
    line = json.dumps(rec, ensure_ascii=ascii)
    gen_in.append(line)
    # With -x the members left are written as they came: the same escapes.
    line_x = json.dumps(without(rec, GENERIC_X), ensure_ascii=ascii)
    if rec.get("usable") is False:
        gen_out.append(line)
        gen_x.append(line_x)
        continue
    rec["overlap"] = jaccard(set(rec["left"]), set(rec["right"]))
    # The input text passes through as it is; only the new member is added.
    gen_out.append(line[:-1] + ", \"overlap\": " + repr(rec["overlap"]) + "}")
    gen_x.append(line_x[:-1] + ", \"overlap\": " + repr(rec["overlap"]) + "}")

# Arrays as JSON allows them, not as json.dumps writes them: the element
# walk must not lean on one layout.  Each character is written plainly or
# as one of its escapes at random; sets are compared by decoded text.
lrng = random.Random(15)
WS = ["", " ", "  ", "\t", "\r", " \t "]
CHARS = ["a", "b", "\"", "\\", "/", "\u00e9", "\u0000", "\ud800",
         "\U0001F600", "\u2028", "\n", " ", "z"]


def enc_char(c):
    forms = ["\\u%04x" % ord(c)] if ord(c) < 0x10000 else [
        "\\u%04x\\u%04x" % (0xD800 + ((ord(c) - 0x10000) >> 10),
                            0xDC00 + ((ord(c) - 0x10000) & 0x3FF))]
    short = {"\"": "\\\"", "\\": "\\\\", "/": "\\/", "\n": "\\n"}
    if c in short:
        forms.append(short[c])
    if c not in "\"\\\n" and 0xD800 > ord(c) >= 0x20 or ord(c) > 0xDFFF:
        forms += [c] * 3
    return lrng.choice(forms)


def element(rng):
    n = rng.randint(0, 20)
    s = "".join(rng.choice("abz") for _ in range(n))
    if n and rng.random() < 0.7:
        i = rng.randint(0, n - 1)
        s = s[:i] + rng.choice(CHARS) + s[i + 1:]
    return s


def write_array(items):
    toks = ['"' + "".join(enc_char(c) for c in s) + '"' for s in items]
    sep = [lrng.choice(WS) + "," + lrng.choice(WS) for _ in toks[1:]]
    body = toks[0] if toks else ""
    for a, b in zip(sep, toks[1:]):
        body += a + b
    return "[" + lrng.choice(WS) + body + lrng.choice(WS) + "]"


layout_in, layout_out = [], []
pool = [element(lrng) for _ in range(40)]
for i in range(400):
    left = [lrng.choice(pool) for _ in range(lrng.randint(0, 6))]
    right = [lrng.choice(pool) for _ in range(lrng.randint(0, 6))]
    line = ("{" + lrng.choice(WS) + '"id"' + lrng.choice(WS) + ":" + str(i) +
            "," + lrng.choice(WS) + '"left"' + lrng.choice(WS) + ":" +
            lrng.choice(WS) + write_array(left) + "," + lrng.choice(WS) +
            '"right":' + write_array(right) + lrng.choice(WS) + "}")
    rec = json.loads(line)
    assert rec["left"] == left and rec["right"] == right
    layout_in.append(line)
    overlap = jaccard(set(left), set(right))
    # Members pass through as they came; the new one goes before "}".
    layout_out.append(line.rstrip()[:-1].rstrip(" \t\r") +
                      ", \"overlap\": " + repr(overlap) + "}")

# Strings that share their first bytes up to and past eight (sfb orders
# them by their first eight bytes as a number first): prefixes of each
# other, a NUL or a byte >= 0x80 just before, at and after the eighth
# byte, lengths 0 to 12, short strings last in their array (near its
# end) and not; arrays sorted by their UTF-8 bytes (as the stages write
# them), shuffled, or with repeats, written plainly or with escapes.
krng = random.Random(25)
KALPHA = ["a", "b", "\u0000", "\u007f", "\u0080", "\u00e9", "\uffff",
          "\U0001F600", "\ud800", " ", "\""]


def utf8(s):
    return s.encode("utf-8", "surrogatepass")


kpool = set()
for _ in range(12):
    base = "".join(krng.choice("ab") for _ in range(12))
    for k in range(0, 13):
        kpool.add(base[:k])
        for c in KALPHA:
            kpool.add(base[:k] + c)
            kpool.add(base[:k] + c + base[k:k + 2])
kpool = sorted(kpool)
keys_in, keys_out = [], []
for i in range(600):
    left = krng.sample(kpool, krng.randint(0, 8))
    right = [krng.choice(left) for _ in range(krng.randint(0, len(left)))]
    right += krng.sample(kpool, krng.randint(0, 5))
    for arr in (left, right):
        u = krng.random()
        if u < 0.5:
            arr.sort(key=utf8)
        elif u < 0.6 and arr:
            arr.append(krng.choice(arr))
        else:
            krng.shuffle(arr)
    rec = {"id": i, "left": left, "right": right}
    # A lone surrogate has no UTF-8 form: written as its escape.
    ascii = krng.random() < 0.3 or "\ud800" in "".join(left + right)
    line = json.dumps(rec, ensure_ascii=ascii)
    keys_in.append(line)
    overlap = jaccard(set(left), set(right))
    keys_out.append(line[:-1] + ", \"overlap\": " + repr(overlap) + "}")

os.makedirs(OUT, exist_ok=True)
for name, lines in (("keys.in", keys_in), ("keys.out", keys_out),
                    ("pairs.in", pairs_in), ("pairs.out", pairs_out),
                    ("pairs_x.out", pairs_x), ("generic.in", gen_in),
                    ("generic.out", gen_out), ("generic_x.out", gen_x),
                    ("layout.in", layout_in), ("layout.out", layout_out)):
    with open(os.path.join(OUT, name), "w", encoding="utf-8") as f:
        f.write("".join(line + "\n" for line in lines))
