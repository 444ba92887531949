#!/usr/bin/python3
"""Goldens of sfb-severity and sfb-hedging, computed with plain Python re.

Run by hand once, from the top of the tree:
    /usr/bin/python3 tests/gen/gen_secondary_golden.py
Writes tests/golden/secondary/
    text-in.ndjson.zst, text-want.ndjson.zst   a random corpus of reports
        built from the severity terms, the hedges and their look-alikes,
        perturbed with every Unicode case of SPEC 3.4; want holds, per
        record, what both stages add (with evidence)
    cases-in.ndjson.zst, cases-want.ndjson.zst  every term and pattern next to
        each case of SPEC 3.4, one record each, JSON-escaped (\\u) and,
        where the text has no lone surrogate, as raw UTF-8
The terms and patterns are those of SPEC 13.1 and 13.2 (the reference's
metrics/severity_language.py and metrics/confidence.py); the scoring is the
reference's: re.search(r"\\b" + term + r"\\b", text.lower()) for severity,
len(re.findall(p, text.lower())) per pattern for hedging.  Evidence offsets
are byte offsets (UTF-8, lone surrogates as three bytes) into the original
text, covering whole original code points.  Nothing here uses sfb.
"""
import json
import random
import re
import subprocess

SEVERITY = {
    1: ["minimal", "mild", "slight", "minor", "subtle"],
    2: ["moderate", "moderately", "intermediate"],
    3: ["severe", "significant", "marked", "pronounced", "advanced"],
    4: ["critical", "extreme", "extensive"],
}
HEDGES = [r"\bmay\b", r"\bmight\b", r"\bpossibly\b", r"\bpossible\b", r"\blikely\b",
          r"\bsuggests?\b", r"\bcannot exclude\b", r"\bcannot rule out\b",
          r"\buncertain\b", r"\bdifferential includes\b", r"\bconsider\b",
          r"\bcorrelate clinically\b", r"\bprobable\b", r"\bsuspected\b",
          r"\bapparent\b", r"\bquestionable\b", r"\bequivocal\b"]
OUT = "tests/golden/secondary/"


def wtf8(s):
    return s.encode("utf-8", "surrogatepass")


def lowered_map(text):
    """The original code point index of each code point of text.lower()."""
    idx = []
    for i, c in enumerate(text):
        idx.extend([i] * len(c.lower()))
    assert len(idx) == len(text.lower())
    return idx


def span(text, m_start, m_end):
    idx = lowered_map(text)
    a, b = idx[m_start], idx[m_end - 1] + 1
    return len(wtf8(text[:a])), len(wtf8(text[:b]))


def severity(text):
    low = text.lower()
    score = 0
    for s, terms in SEVERITY.items():
        if any(re.search(r"\b" + t + r"\b", low) for t in terms):
            score = s
    if score == 0:
        return 0, None
    best = None
    for t in SEVERITY[score]:
        m = re.search(r"\b" + t + r"\b", low)
        if m and (best is None or m.start() < best[0]):
            best = (m.start(), m.end(), t)
    a, b = span(text, best[0], best[1])
    return score, {"score": score, "term": best[2], "start": a, "end": b}


def hedging(text):
    low = text.lower()
    total, ev = 0, []
    for p in HEDGES:
        found = list(re.finditer(p, low))
        assert len(found) == len(re.findall(p, low))
        total += len(found)
        if found:
            a, b = span(text, found[0].start(), found[0].end())
            ev.append({"pattern": p[2:-2], "count": len(found), "start": a, "end": b})
    return total, ev


def expected(rec):
    s, c = rec["source_report"], rec["counterfactual_report"]
    ss, sev_s = severity(s)
    cs, sev_c = severity(c)
    sh, hev_s = hedging(s)
    ch, hev_c = hedging(c)
    if sh == 0 and ch == 0:
        ratio = 1.0
    elif sh == 0 or ch == 0:
        ratio = 0.0
    else:
        ratio = min(sh, ch) / max(sh, ch)
    return {
        "source_severity": ss, "source_severity_evidence": sev_s,
        "counterfactual_severity": cs, "counterfactual_severity_evidence": sev_c,
        "severity_shift": ss - cs, "severity_abs_diff": abs(ss - cs),
        "source_hedges": sh, "source_hedges_evidence": hev_s,
        "counterfactual_hedges": ch, "counterfactual_hedges_evidence": hev_c,
        "hedging_abs_diff": abs(sh - ch), "hedging_ratio": ratio,
    }


TERMS = [t for ts in SEVERITY.values() for t in ts] + [
    "may", "might", "possibly", "possible", "likely", "suggest", "suggests",
    "cannot exclude", "cannot rule out", "uncertain", "differential includes",
    "consider", "correlate clinically", "probable", "suspected", "apparent",
    "questionable", "equivocal"]
LOOKALIKES = ["markedly", "severely", "mildly", "suggested", "suggesting", "mayor",
              "considered", "non-significant", "moderate-to-severe", "no severe",
              "likelihood", "improbable", "cannot  exclude", "cannot\nexclude",
              "cannot\u00a0rule out", "differential  includes", "correlate\tclinically",
              "possibility", "criticality", "subtlety", "minority", "May", "MIGHT"]
# (prefix, suffix) of each case of SPEC 3.4
CONTEXTS = [
    ("", ""), (" ", " "), ("(", ")"), ("\u0301", ""), ("", "\u0301"), ("", "\u00b2"),
    ("\u00b2", ""), ("_", ""), ("", "_"), ("x\u0130", ""), ("\u0130", ""), ("", "\u0130"),
    ("\u0131", ""), ("", "\u0131"), ("\u212a", ""), ("", "\u212a"), ("\u017f", ""),
    ("\u00a0", "\u00a0"), ("\n", "\r\n"), ("\x00", "\x00"), ("\ud800", "\udfff"),
    ("\u200b", "\u200b"), ("\u00e9", ""), ("", "\u00e9"), ("2", ""), ("", "2"),
    ("\u0661", ""), ("", "\u00bd"), ("\u2013", "\u2014"), ("\U0001d400", ""),
    ("\u2028", "\u0085"), ("\x1c", "\x1f"), ("\u3000", ""), ("\\", "\""),
]


def mutate(term):
    """Spellings of a term that Python's lower() may or may not fold."""
    out = [term, term.upper(), term.title()]
    if "k" in term:
        out.append(term.replace("k", "\u212a"))
    if "i" in term:
        out.append(term.replace("i", "\u0130", 1))
        out.append(term.replace("i", "\u0131", 1))
    if "s" in term:
        out.append(term.replace("s", "\u017f", 1))
        out.append(term.replace("s", "S", 1))
    if " " in term:
        out.append(term.replace(" ", "  ", 1))
        out.append(term.replace(" ", "\n", 1))
        out.append(term.replace(" ", "\u00a0", 1))
        out.append(term.replace(" ", "\t", 1))
    out.append(term[:1] + "\u0301" + term[1:])
    return out


def cases():
    texts = []
    for t in TERMS + LOOKALIKES:
        for v in mutate(t):
            for pre, post in CONTEXTS:
                texts.append(pre + v + post)
    # SPEC 13.1's and 13.2's named examples
    texts += ["no severe stenosis", "moderate-to-severe", "non-significant",
              "markedly", "severely", "mildly", "May", "suggested",
              "mild mild moderate", "Mild. SEVERE. extreme?", "may may may",
              "cannot rule out cannot rule out", "suggests suggest suggested",
              "", " ", "\x00", "\ud800", "cannot exclude\ncannot exclude"]
    recs = []
    for i in range(0, len(texts), 2):
        s = texts[i]
        c = texts[i + 1] if i + 1 < len(texts) else ""
        recs.append({"pair_id": f"case_{i // 2:05d}__x", "source_report": s,
                     "counterfactual_report": c})
    return recs


FILLERS = ["The lumbar spine is shown.", "Alignment is normal.", "Findings:",
           "Impression:", "L4\u2013L5", "disc space narrowing", "Osteophytes", "\u2022",
           "No acute fracture.", "Recommend MRI.", "follow-up", "1.", "**Severity**",
           "Confidence \u2014 moderate (\u224870%)", "there", "is", "of", "the", "and"]


def corpus(rng, n):
    pieces = TERMS + LOOKALIKES + FILLERS
    seps = [" ", " ", " ", "  ", "\n", ". ", ", ", "; ", "-", "/", "\u00a0", "\t", ""]
    recs = []
    for i in range(n):
        pair = []
        for _ in range(2):
            k = rng.randrange(0, 40)
            words = []
            for _ in range(k):
                w = rng.choice(pieces)
                if rng.random() < 0.15:
                    w = rng.choice(mutate(w))
                if rng.random() < 0.08:
                    pre, post = rng.choice(CONTEXTS)
                    w = pre + w + post
                words.append(w)
                words.append(rng.choice(seps))
            pair.append("".join(words))
        recs.append({"pair_id": f"syn_{i:05d}__young_male", "source_id": f"syn_{i:05d}",
                     "source_report": pair[0], "counterfactual_report": pair[1]})
    return recs


def has_surrogate(s):
    return any(0xD800 <= ord(ch) <= 0xDFFF for ch in s)


def write_pair(path_in, path_want, recs, raw_too):
    with open(path_in, "wb") as fin, open(path_want, "wb") as fw:
        for r in recs:
            want = json.dumps(expected(r)).encode() + b"\n"
            fin.write(json.dumps(r).encode() + b"\n")
            fw.write(want)
            if raw_too and not has_surrogate(r["source_report"] + r["counterfactual_report"]):
                fin.write(json.dumps(r, ensure_ascii=False).encode() + b"\n")
                fw.write(want)


def main():
    rng = random.Random(1311)
    write_pair("/tmp/sfb-sec-cin", "/tmp/sfb-sec-cwant", cases(), True)
    write_pair("/tmp/sfb-sec-in", "/tmp/sfb-sec-want", corpus(rng, 6000), True)
    for src, dst in (("/tmp/sfb-sec-in", "text-in"), ("/tmp/sfb-sec-want", "text-want"),
                     ("/tmp/sfb-sec-cin", "cases-in"), ("/tmp/sfb-sec-cwant", "cases-want")):
        subprocess.run(["zstd", "-q", "-19", "-f", src, "-o", OUT + dst + ".ndjson.zst"],
                       check=True)


if __name__ == "__main__":
    main()
