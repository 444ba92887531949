#!/usr/bin/python3
"""Write tests/golden/rx/cases.h: regex search results computed by Python's
own `re` (3.11), for tests/unit/test_rx.c.  Run once by hand from the
repository root:  /usr/bin/python3 tests/gen/gen_rx_golden.py

Each case is a pattern, compile flags and a text built as
prefix + unit * reps + suffix (so adversarial texts stay small in the file),
with the expected match: found or not, the match span and group 1's span,
as byte offsets into the WTF-8 encoding of the text (lone surrogates are
encoded as three bytes, the way decoded JSON \\ud800 is)."""

import random
import re
import sys
import time

from sfbref import CLINICAL, HEDGED, REFUSAL, STAGE1_BLOCK, STAGE1_LINE

I, M, S = 1, 2, 4
PYFLAGS = {I: re.IGNORECASE, M: re.MULTILINE, S: re.DOTALL}

STAGE1 = [STAGE1_LINE, STAGE1_BLOCK]

SPEC_TEXTS = [
    "", " ", "I cannot interpret medical images.",
    "I can't analyze this X-ray image.", "I can not analyse the xray",
    "I'm unable to provide a diagnosis.", "I am unable to view it",
    "I'm not qualified to read this. Please consult a qualified radiologist.",
    "i am not able to help", "I am not authorized",
    "Please consult a radiologist.", "consult a  radiologist", "consult a healthcare provider",
    "I cannot provide a medical diagnosis.", "I can't offer clinical advice", "i can not give diagnostic opinions",
    "We cannot provide interpretation", "not able to diagnose", "I'm not able to examine x ray images",
    "This X-ray shows mild degenerative change.", "The radiograph demonstrates", "the x ray reveals",
    "the image indicates a fracture", "I observe osteophytes", "I see nothing", "I note", "i detect",
    "Findings: mild osteophytes", "Finding:\n\nsclerosis", "findings:   ", "findings:\u00a0x",
    "Primary diagnosis: consult a specialist", "Primary diagnosis: Spondylosis",
    "Primary diagnosis: see below", "primary diagnosis: follow up", "Primary Diagnosis: followup",
    "primary diagnosis: follow-up", "Diagnosis: unknown", "diagnosis: unknowns", "Diagnosis: N/A",
    "Diagnosis: na", "diagnosis: n/ab", "Impression: normal", "impression:\tconsult\u00e9",
    "A radiologist might look for", "a radiologist would", "Possible findings include", "potential diagnoses",
    "potential diagnosis", "Generally, one would look for fractures", "In general a radiologist",
    "in general the spine", "Findings might include", "could include",
    "In general\nthe spine", "I can't\nanalyze the image",
    # caseless equivalents: dotted / dotless i, Kelvin sign, long s
    "\u0130 cannot interpret medical images.", "\u0131 can't analyze the \u017fcan",
    "I cannot interpret medical \u0130MAGES", "\u0130'm unable to", "I'm not qualified",
    "I'M NOT QUALİFİED", "con\u017fult a radiologi\u017ft", "I \u0131dent\u0131fy",
    "I cannot provide a clinical opinion", "I \u212aNOW", "the image \u017fhows", "Loo\u212a for",
    "generally we loo\u212a for", "I cannot provide medica\u006c", "Primary diagnosi\u017f: x",
    # word boundaries next to marks, superscripts, underscore, digits
    "I cannot interpret medical\u0301 images", "xI cannot interpret images", "_I cannot interpret scans",
    "2I can't read scans", "\u00b2I can't read scans", "I\u0301 can't read scans", "I can't\u0301 read scans",
    "I cannot review the image\u00b2", "I'm unable to_", "I'm unable to\u0301", "I'm unable to2",
    "I'm unable to\u00bd", "I'm unable to\u0660", "\u00e9I'm unable to", "I'm unable to\u00e9",
    # whitespace classes
    "findings:\u001c\u001d\u001e\u001fx", "findings:\u0085x", "findings:\u2028x", "findings:\u200bx",
    "findings:\u3000\u3000", "findings:\u3000y", "impression:\u2003\u2003ok", "diagnosis:\u200b",
    "diagnosis: \u00a0unknown", "diagnosis:\r\nconsult", "diagnosis:\r\nconsultant",
    # NUL, lone surrogates, CRLF
    "I can't\x00 read the x-ray", "I cannot\x00interpret scans", "I cannot interpret \ud800 images",
    "\udfff I cannot read the image", "findings:\x00", "findings:\ud800", "I can't read\r\nthe image",
    "I cannot read the\rimage", "I cannot read the\u2028image", "I cannot read the\u0085image",
]

STAGE1_TEXTS = [
    "Primary diagnosis: Lumbar spondylosis\nOverall severity: mild",
    "1. **Primary diagnosis:** Degenerative disc disease  \n2. Severity",
    "1. Primary diagnosis:\n- Osteophytes at L3\n2. Overall severity: mild",
    "**Primary diagnosis**\n   * Spondylolisthesis grade 1\n**Overall severity** moderate",
    "Findings: none\n\nPrimary Diagnosis : Fracture of L1\nConfidence: high",
    "primary diagnosis:   \nnext line", "PRIMARY DIAGNOSIS: x", "Primary diagnosis",
    "Primary diagnosis:\n\n\n", "Primary diagnosis: a\r\nb", "  2.  **Primary diagnosis**:  Scoliosis\u00a0\n",
    "Primary diagnosis: \u0130ntact\u2028more\nnext", "Intro\nPrimary diagnosis -> none\n3. Confidence",
    "x Primary diagnosis: inline", "Primary diagnosis: one\nPrimary diagnosis: two",
    "Primary diagnosis:\n  - \n3. Overall", "Primary diagnosis: text\n 12. Something",
    "Primary diagnosis: keep\n12.x no", "Primary diagnosis: z\n  Overall severity", "Primary diagnosis: z\n**Confidence",
    "Primary diagnosis: \x00nul\n", "Primary diagnosis: \ud800 sur\n", "Primary dıagnosis: dotless",
    "Primary diagno\u017fis: long s", "1.Primary diagnosis:x", "1 . Primary diagnosis: y",
    "\n\n1.\n Primary diagnosis:\n\n  Disc narrowing\n\n2. Next",
    "Primary diagnosis:\u3000ideographic\u3000\n", "Primary diagnosis: tail spaces \u2003 ",
    "Primary diagnosis: a\n\u0085b\n2. c", "prefix\rPrimary diagnosis: cr",
]

MICRO = [
    (r"a.c", 0), (r"a.c", S), (r"a\sb", 0), (r"a\Sb", 0), (r"\d+", 0), (r"\w+", 0), (r"\W+", 0), (r"\D+", 0),
    (r"\bk\b", I), (r"\bs", I), (r"I+", I), (r"[a-z]+", I), (r"[^a-z]+", I), (r"[ik]+", I), (r"[^\s]+", 0),
    (r"[\s\d]+", 0), (r"[-*]+", 0), (r"[]a]+", 0), (r"[\]]", 0), (r"x[- ]?y", I), (r"^\w+$", 0), (r"^\w+$", M),
    (r"\w+$", 0), (r"\w+\Z", 0), (r"^$", 0), (r"^$", M), (r"$", 0), (r"(a|ab)(c|bcd)", 0), (r"(a*)+b", 0),
    (r"(a+?)(b*)", 0), (r"(.*?)x", 0), (r"(.*)x", 0), (r"(.+?)\s*$", M), (r"(\w)+", 0), (r"(?:(a)|b)+", 0),
    (r"a(?=b)", 0), (r"a(?!b)", 0), (r"(?=.*k)\w+", I), (r"\B\w", 0), (r"\B", 0), (r"\b", 0), (r"x{2,3}", 0),
    (r"x{2,}?", 0), (r"x{,2}", 0), (r"a{1}b", 0), (r"a{", 0), (r"a{x}", 0), (r"a{2", 0), (r"\.\*", 0),
    (r"(?s).+", 0), (r"(?m)^.", 0), (r"(?ims)^a.b$", 0), (r"(a)|(b)", 0), (r"()", 0),
    (r"(a?)*?c", 0), (r"(?:a|)*b", 0), (r"[\w-]+", 0), (r"[^\W\d]+", 0), (r"\t\n\r\f\v", 0),
    (r"\\", 0), (r"[\\]", 0), (r"\0", 0), (r"a|b|", 0), (r"|a", 0), (r"(?:k|s|i)", I), (r"[^k]", I),
    (r"K", I), (r"S", I), (r"I", I), (r"[K-L]", I), (r"(a|b*)*c", 0), (r"(?:x?)*?y", 0), (r"(a*){2,3}", 0),
    (r"((a)|b)*", 0), (r"(a|)+?b", 0), (r"(x*){0,2}y", 0), (r"(?:(a)|(x))*b", 0), (r"(\s*)+$", 0),
]

ALPHABET = (list("aAbBcxX kKsSiI_ 0129.\n\r:*-'") +
            ["\u0130", "\u0131", "\u212a", "\u017f", "\u0301", "\u00b2", "\u00bd", "\u0660", "\u00e9",
             "\u00a0", "\u2028", "\u0085", "\u001f", "\u200b", "\u3000", "\x00", "\ud800", "\udc00",
             "\U0001d7d8", "\u00df", "\u2003"])

REJECT = [r"(?", r"a**", r"[a", r"(a", r"a)", r"*a", r"\q", r"a(?i)b", r"\1", r"\x"]


def enc(s):
    return s.encode("utf-8", "surrogatepass")


def cstr(b):
    out = []
    for x in b:
        ch = chr(x)
        if 32 <= x < 127 and ch not in '"\\?':
            out.append(ch)
        else:
            out.append("\\%03o" % x)
    return '"' + "".join(out) + '"'


def boff(text, i):
    return len(enc(text[:i]))


def case_line(f, p, pre, unit, reps, suf):
    """One case of struct rx_case: Python's answer for pattern p (flags
    f) on pre + unit * reps + suf."""
    text = pre + unit * reps + suf
    t0 = time.time()
    m = re.compile(p, flags_of(f)).search(text)
    if time.time() - t0 > 1:
        print("slow: %r %r x %d" % (p[:30], unit, reps), file=sys.stderr)
    if m:
        s, e = m.span()
        res = "1, %d, %d" % (boff(text, s), boff(text, e))
        if m.re.groups >= 1 and m.start(1) >= 0:
            res += ", %d, %d" % (boff(text, m.start(1)), boff(text, m.end(1)))
        else:
            res += ", -1, -1"
    else:
        res = "0, -1, -1, -1, -1"
    return "\t{%d, %s, %d, %s, %d, %s, %d, %d, %s, %d, %s}," % (
        f, cstr(p.encode()), len(p), cstr(enc(pre)), len(enc(pre)), cstr(enc(unit)),
        len(enc(unit)), reps, cstr(enc(suf)), len(enc(suf)), res)


def case_table(script, name, cases):
    """The lines of a golden header: its banner and the array name of
    struct rx_case, one case_line per (flags, pattern, prefix, unit,
    reps, suffix) of cases."""
    out = ["/* Generated by tests/gen/%s with Python %s; do not edit. */" %
           (script, sys.version.split()[0]),
           "/* flags, pattern, prefix, unit, reps, suffix, match, start, end, g1 start, g1 end */",
           "static const struct rx_case %s[] = {" % name]
    for f, p, pre, unit, reps, suf in cases:
        out.append(case_line(f, p, pre, unit, reps, suf))
    out.append("};")
    return out


def flags_of(f):
    r = 0
    for bit, pf in PYFLAGS.items():
        if f & bit:
            r |= pf
    return r


def main():
    rnd = random.Random(20260411)
    cases = []  # (flags, pattern, prefix, unit, reps, suffix)

    for p in REFUSAL + CLINICAL + HEDGED:
        for t in SPEC_TEXTS:
            cases.append((I, p, t, "", 0, ""))
    for p in STAGE1:
        for t in STAGE1_TEXTS + SPEC_TEXTS[:20]:
            cases.append((0, p, t, "", 0, ""))
    for p, f in MICRO:
        texts = ["", "abc", "aab", "a\nb", "ab\n", "a b", "a\u00a0b", "k\u212as\u017fi\u0130\u0131",
                 "x\u0301y", "12\u0660\u00b2", "_w\u00e9", "axxxxc", "xxyxxx", "abcd", "\ud800a\udc00b",
                 "a\x00c", "Stra\u00dfe STRASSE", "line1\nline2\n", "\n", "  trail  \n", "ǆ ǅ Ǆ"]
        for _ in range(12):
            texts.append("".join(rnd.choice(ALPHABET) for _ in range(rnd.randint(1, 14))))
        for t in texts:
            cases.append((f, p, t, "", 0, ""))

    # Random texts for the SPEC patterns, built from their own words.
    words = ["I", "i", "\u0130", "\u0131", "can't", "cannot", "can not", "am", "'m", "unable", "to", "not",
             "able", "analyze", "interpret", "image", "x-ray", "xray", "x ray", "scan", "medical", "provide",
             "diagnosis", "clinical", "consult", "a", "qualified", "radiologist", "findings:", "impression:",
             "primary", "diagnosis:", "see", "follow", "up", "n/a", "unknown", "might", "include", "generally",
             "look", "for", "in", "general", "spine", "\u212a", "\u017f", "\u0301", "\u00b2", "_", ".", "\n",
             "\u00a0", "\u2028", "\u001f", "\u200b", "\x00", "\ud800", "the", "this", "shows", "observe"]
    seps = [" ", " ", " ", "", "\n", "\u3000", "\t", "  "]
    for p in REFUSAL + CLINICAL + HEDGED:
        for _ in range(40):
            n = rnd.randint(1, 12)
            t = "".join(rnd.choice(words) + rnd.choice(seps) for _ in range(n))
            cases.append((I, p, t, "", 0, ""))

    # Adversarial: long lines for the `.*` patterns and long whitespace runs.
    adv = [
        ("I can't ", "analyze the spine ", 300, "and stop"),
        ("I can't ", "x", 60000, " image"),
        ("", "I cannot ", 400, ""),
        ("", "i can't interpret ", 200, "\n"),
        ("cannot provide ", "clinical? no ", 1000, "x"),
        ("", "not able to ", 500, "analyse"),
        ("generally ", "look fo ", 2000, "look for"),
        ("in general ", "sp ", 8000, "ine"),
        ("findings:", " ", 50000, ""),
        ("diagnosis:", "\u3000", 20000, "unknown"),
        ("", "consult a qualified ", 1000, "radiologist"),
    ]
    for pre, unit, reps, suf in adv:
        for p in REFUSAL + CLINICAL + HEDGED:
            cases.append((I, p, pre, unit, reps, suf))
    adv1 = [
        ("Primary diagnosis: ", "word ", 20000, "\n"),
        ("Primary diagnosis:", " ", 30000, "x"),
        ("1. Primary diagnosis:\n", "\n  ", 1000, "end"),
        ("Primary diagnosis: a", "\n 1", 10000, ". tail"),
        ("", "Primary diagnosis", 3000, ": x"),
        ("", "\n", 2000, "Primary diagnosis: y"),
    ]
    for pre, unit, reps, suf in adv1:
        for p in STAGE1:
            cases.append((0, p, pre, unit, reps, suf))

    out = case_table("gen_rx_golden.py", "rx_cases", cases)
    out.append("static const char *const rx_rejects[] = {")
    for p in REJECT:
        try:
            re.compile(p)
        except re.error:
            out.append("\t%s," % cstr(p.encode()))
            continue
        raise SystemExit("pattern %r compiles in Python" % p)
    out.append("};")
    with open("tests/golden/rx/cases.h", "w") as fh:
        fh.write("\n".join(out) + "\n")
    print("%d cases" % len(cases), file=sys.stderr)


if __name__ == "__main__":
    main()
