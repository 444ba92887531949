"""negex_port.py - an independent Python port of GenNegEx v1.2's negCheck
(GeneralNegEx.Java.v.1.2.05092009/GenNegEx.java in chapmanbe/negex),
written from the Java, for sfb-context's goldens and its benchmark.

Java's regex semantics are spelled out with Python re: ASCII-only case
folding (re.ASCII), \\p{Punct} and \\s as ASCII classes, "." without the
five Java line terminators, Matcher.replaceAll replacing every match with
the replacement built from the first match, and appendReplacement's
reading of "\\" and "$" in it.  It is not the repository's negex.py.

Also the registry mode of SPEC 15: the frozen label synonyms as targets,
found as the reference finds them (re.search(r"\\b" + kw + r"\\b",
text.lower())), sentences split as sfb-context documents, the report-level
merge affirmed > possible > negated.
"""
import re

PUNCT = re.escape("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")
PRE = "[" + re.escape("!\"#$%&'()*+,-./:;<=>?@\\^_`{|}~") + " \t\n\x0b\f\r]"
POST = "[" + re.escape("!\"#$%&'()*+,-./:;<=>?@[\\]^`{|}~") + " \t\n\x0b\f\r]"
JSPACE = " \t\n\x0b\f\r"
TRIM = "".join(chr(i) for i in range(0x21))
TERMINATORS = "\n\r\u0085\u2028\u2029"


class JavaThrows(Exception):
    pass


def load_rules(path):
    """The rule lines, sorted as Sorter.sortRules sorts them."""
    with open(path, encoding="ascii") as f:
        rules = f.read().split("\n")
    rules = [r for r in rules if r != ""]
    for i in range(len(rules) - 1):
        for j in range(i + 1, len(rules)):
            if len(rules[i].strip(TRIM)) < len(rules[j].strip(TRIM)):
                rules[i], rules[j] = rules[j], rules[i]
    out = []
    for r in rules:
        words, tag = re.split("\t+", r.strip(TRIM))
        members = [w for w in words.strip(TRIM).split(" ") if w != ""]
        body = "[" + JSPACE + "]+"
        rx = body.join(re.escape(w) for w in members)
        out.append((re.compile(PRE + "(" + rx + ")" + POST,
                               re.IGNORECASE | re.ASCII), tag.strip(TRIM)))
    return out


def java_pattern(phrase):
    """Java's Pattern.compile(phrase, CASE_INSENSITIVE) for the subset
    sfb supports, as a Python pattern."""
    out = []
    i = 0
    while i < len(phrase):
        c = phrase[i]
        if c == ".":
            out.append("[^" + TERMINATORS + "]")
        elif c == "\\":
            i += 1
            out.append(re.escape(phrase[i]))
        elif c in "()|*+?":
            out.append(c)
        elif c in "[]{}^$":
            raise ValueError("unsupported")
        else:
            out.append(re.escape(c))
        i += 1
    return re.compile("".join(out), re.IGNORECASE | re.ASCII)


def append_replacement(repl, m):
    """Matcher.appendReplacement's reading of the replacement string."""
    out = []
    i = 0
    while i < len(repl):
        c = repl[i]
        if c == "\\":
            i += 1
            if i == len(repl):
                raise JavaThrows("character to be escaped is missing")
            out.append(repl[i])
            i += 1
        elif c == "$":
            i += 1
            if i == len(repl) or not repl[i].isdigit() or repl[i] > "9":
                raise JavaThrows("Illegal group reference")
            ref = int(repl[i])
            i += 1
            while i < len(repl) and "0" <= repl[i] <= "9" and \
                    ref * 10 + int(repl[i]) <= m.re.groups:
                ref = ref * 10 + int(repl[i])
                i += 1
            if ref > m.re.groups:
                raise JavaThrows("No group")
            out.append(m.group(ref) or "")
        else:
            out.append(c)
            i += 1
    return "".join(out)


def replace_all(rx, s, make):
    """while (m.find()) s = m.replaceAll(make(m.group())): one pass, every
    match replaced with the text built from the first."""
    first = rx.search(s)
    if first is None:
        return s
    repl = make(first.group(0))
    return rx.sub(lambda m: append_replacement(repl, m), s)


def jsplit(s):
    parts = re.split("[" + JSPACE + "+]", s)
    while parts and parts[-1] == "":
        parts.pop()
    return parts


def forward(sentence, tag, stops, mark):
    """A pre-trigger pass: sb.append(" " + token.trim()) for each token,
    the [PHRASE] tokens after each tag token turned into mark until a stop
    tag."""
    toks = jsplit(sentence)
    sb = []
    for i in range(len(toks)):
        sb.append(" " + toks[i].strip(TRIM))
        if toks[i].strip(TRIM).startswith(tag):
            for j in range(i + 1, len(toks)):
                t = toks[j].strip(TRIM)
                if t.startswith(stops):
                    break
                if t.startswith("[PHRASE]"):
                    toks[j] = t.replace("[PHRASE]", mark)
    return "".join(sb)


def backward(sentence, tag, stops, mark):
    """A post-trigger pass: tokens from the last down to index 1 (index 0
    is dropped, as in the Java), sb.insert(0, token + " ")."""
    toks = jsplit(sentence)
    sb = []
    for i in range(len(toks) - 1, 0, -1):
        sb.insert(0, toks[i] + " ")
        if toks[i].strip(TRIM).startswith(tag):
            for j in range(i - 1, 0, -1):
                t = toks[j].strip(TRIM)
                if t.startswith(stops):
                    break
                if t.startswith("[PHRASE]"):
                    toks[j] = t.replace("[PHRASE]", mark)
    return "".join(sb)


def walk(sentence, negpos):
    """The four token passes of negCheck and its classification."""
    sentence = forward(sentence, "[PREN]",
                       ("[CONJ]", "[PSEU]", "[POST]", "[PREP]", "[POSP]"), "[NEGATED]")
    sentence = backward(sentence, "[POST]",
                        ("[CONJ]", "[PSEU]", "[PREN]", "[PREP]", "[POSP]"), "[NEGATED]")
    if negpos:
        sentence = forward(sentence, "[PREP]",
                           ("[CONJ]", "[PSEU]", "[POST]", "[PREN]", "[POSP]"), "[POSSIBLE]")
        sentence = backward(sentence, "[POSP]",
                            ("[CONJ]", "[PSEU]", "[PREN]", "[PREP]", "[POST]"), "[POSSIBLE]")
    sentence = sentence.replace("_", " ")
    sentence = sentence[:sentence.strip(TRIM).rfind(".")]
    sentence = re.sub("[^" + TERMINATORS + "]", "", sentence, count=1)
    # (The scope printout that follows in the Java does not change the
    # decision; where its substring throws, the decision stands.)
    if "[NEGATED]" in sentence:
        return "negated"
    if "[POSSIBLE]" in sentence:
        return "possible"
    return "affirmed"


def apply_rules(sentence, rules):
    for rx, tag in rules:
        sentence = replace_all(
            rx, sentence,
            lambda g, tag=tag: " " + tag + g.strip(TRIM).replace(" ", "_") + tag + " ")
    return sentence


def neg_check(sentence, phrase, rules):
    """negCheck(sentence, phrase, rules, true)'s decision."""
    s = "." + sentence + "."
    rx = java_pattern(phrase.strip(TRIM))
    s = replace_all(rx, s, lambda g: " [PHRASE]" + g.strip(TRIM).replace(" ", "_") + "[PHRASE]")
    return walk(apply_rules(s, rules), True)


def neg_check_marks(sentence, marks, rules):
    """The same with the target's occurrences given as (start, end) in
    sentence, each tagged with its own text (registry mode)."""
    s = "." + sentence + "."
    out, last = [], 0
    for a, b in marks:
        a, b = a + 1, b + 1
        out.append(s[last:a])
        repl = " [PHRASE]" + s[a:b].strip(TRIM).replace(" ", "_") + "[PHRASE]"
        m = re.compile(re.escape(s[a:b])).match(s, a)
        out.append(append_replacement(repl, m))
        last = b
    out.append(s[last:])
    return walk(apply_rules("".join(out), rules), True)


# ------------------------------------------------------------ registry mode
LABELS = [
    ("Osteophytes", ["osteophyte", "osteophytes", "bone spur", "bone spurs", "bony spur"]),
    ("Foraminal stenosis", ["foraminal stenosis", "neural foraminal narrowing", "foraminal narrowing"]),
    ("Disc space narrowing", ["disc space narrowing", "disc height loss", "disc narrowing", "reduced disc height"]),
    ("Spondylolisthesis", ["spondylolisthesis", "spondylolysthesis", "vertebral slippage", "anterolisthesis", "retrolisthesis"]),
    ("Surgical implant", ["surgical implant", "hardware", "fixation device", "pedicle screw", "surgical hardware", "instrumentation"]),
    ("Vertebral collapse", ["vertebral collapse", "compression fracture", "vertebral body collapse", "collapsed vertebra"]),
    ("Other lesions", ["lesion", "other lesion", "abnormality"]),
    ("No finding", ["normal", "no finding", "no abnormality", "unremarkable", "within normal limits", "no significant finding"]),
    ("Posterior osteophyte", ["posterior osteophyte", "posterior bone spur", "dorsal osteophyte"]),
    ("Endplate sclerosis", ["endplate sclerosis", "sclerotic endplate", "endplate changes"]),
    ("Schmorl's node", ["schmorl", "schmorl's node", "schmorl node", "intravertebral herniation"]),
    ("Disc calcification", ["disc calcification", "calcified disc", "discal calcification"]),
    ("Fracture", ["fracture", "fx", "break", "broken"]),
]


def registry(strict):
    if not strict:
        return LABELS
    return [(c, ["fracture"] if c == "Fracture" else s) for c, s in LABELS]


def mentions(text, strict=False):
    """(category index, synonym index, start, end) of every whole-word
    match, in original code points (a match covers whole originals)."""
    low, owner = [], []
    for i, c in enumerate(text):
        lc = c.lower()
        low.append(lc)
        owner.extend([i] * len(lc))
    low = "".join(low)
    out = []
    for ci, (cat, syns) in enumerate(registry(strict)):
        for si, kw in enumerate(syns):
            rx = re.compile(r"\b" + re.escape(kw) + r"\b")
            pos = 0
            while True:
                m = rx.search(low, pos)
                if m is None:
                    break
                out.append((ci, si, owner[m.start()], owner[m.end() - 1] + 1))
                pos = m.start() + 1
    out.sort(key=lambda t: (t[2], -t[3], t[0]))
    return out


def sentences(text):
    """[start, end) of each sentence: ends after ".", "!" or "?" before
    ASCII white space or the end, or before "\\n" / "\\r"; leading ASCII
    white space skipped."""
    out, b, n = [], 0, len(text)
    while b < n:
        while b < n and text[b] in JSPACE:
            b += 1
        if b >= n:
            break
        e = b
        while e < n:
            c = text[e]
            if c in "\n\r":
                break
            if c in ".!?" and (e + 1 == n or text[e + 1] in JSPACE):
                e += 1
                break
            e += 1
        out.append((b, e))
        b = e + 1 if e < n and text[e] in "\n\r" else e
    return out


RANK = {"affirmed": 0, "possible": 1, "negated": 2}


def label_status(text, rules, strict=False):
    """{category: status} and the mentions with their statuses."""
    men = mentions(text, strict)
    cats = registry(strict)
    judged = []
    for b, e in sentences(text):
        inside = [m for m in men if b <= m[2] < e]
        seen = []
        for m in inside:
            if m[0] in seen:
                continue
            seen.append(m[0])
            marks, last = [], None
            for x in inside:
                if x[0] != m[0] or (last is not None and x[2] < last):
                    continue
                marks.append((x[2] - b, x[3] - b))
                last = x[3]
            st = neg_check_marks(text[b:e], marks, rules)
            for x in inside:
                if x[0] == m[0]:
                    judged.append((x, st))
    judged.sort(key=lambda j: (j[0][2], -j[0][3], j[0][0]))
    status = {}
    for (ci, si, a, z), st in judged:
        name = cats[ci][0]
        if name not in status or RANK[st] < RANK[status[name]]:
            status[name] = st
    return dict(sorted(status.items())), judged
