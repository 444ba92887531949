#!/usr/bin/python3
"""Write tests/golden/sha/refusals.ndjson: SHA-256 manifests that must be
refused before anything is hashed, each with the message Python gives.

Every case is run here, in a scratch directory holding a.txt, through the
semantics reviewer_verify.py's `checksums` command relies on (str
splitlines after universal-newline decoding, the entry regex, PurePosixPath
normal form, Path.resolve, str.casefold), written out below.  Each output
line: {"name": case, "manifest": text, "line": N or 0, "message": msg}.
Run once by hand with /usr/bin/python3 (3.11); the output is committed.
sfb is not involved.

Also prints the ranges of code points that str.isprintable() rejects and
Unicode assigns, which lib/bundle/sha_manifest.c embeds for repr()."""
import hashlib
import json
import os
import re
import tempfile
import unicodedata
from pathlib import Path, PurePosixPath

A_TXT = b"hello\n"
A_HEX = hashlib.sha256(A_TXT).hexdigest()
Z = "0" * 64


def refusal(manifest_text, root):
    """(line, message) of the first refusal, or None."""
    seen = set()
    entries = 0
    for number, line in enumerate(manifest_text.splitlines(), 1):
        if not line.strip():
            continue
        m = re.fullmatch(r"([0-9a-fA-F]{64}) [ *](.+)", line)
        if m is None:
            return number, f"Malformed SHA-256 manifest entry at line {number}"
        name = m.group(2)
        rel = PurePosixPath(name)
        if (not name or "\\" in name or ":" in name or rel.is_absolute()
                or ".." in rel.parts or str(rel) != name):
            return number, f"Invalid release-relative path: {name!r}"
        try:
            resolved = (root / name).resolve()
        except RuntimeError:
            return number, f"Symlink loop from {name!r}"
        if not resolved.is_relative_to(root.resolve()):
            return number, f"Release path escapes its root: {name!r}"
        key = name.casefold()
        if key in seen:
            return number, f"Duplicate checksum path: {name}"
        seen.add(key)
        entries += 1
    if not entries:
        return 0, "Checksum manifest is empty"
    return None


def ok_line():
    return f"{A_HEX}  a.txt\n"


cases = []


def case(label, text):
    cases.append((label, text))


unsafe = ["a\\b", "c:d", "/abs", "/", "..", "../x", "a/../b", "a/..",
          "./x", "a/./b", "a/.", "a//b", "//x", "sub/", "a/b/", "./",
          "it's/../x", 'say "hi"/../x', "both'\"/../x", "esc\x1b/../x",
          "tab\t/../x", "caf\u00e9/../x", "nbsp\u00a0/../x",
          "zw\u200b/../x", "\u3000/../x", "smile\U0001F600/../x",
          "tag\U000E0001/../x", "del\x7f/../x", "c1\x85x/../y"]
for n in unsafe:
    case("unsafe " + ascii(n), ok_line() + f"{Z}  {n}\n")

dups = [("A.txt", "a.TXT"), ("STRASSE", "stra\u00dfe"), ("file", "\ufb01le"),
        ("k", "\u212a"), ("\u03a3\u0391\u03a3", "\u03c3\u03b1\u03c2"),
        ("\u00c5", "\u212b"), ("x/Y", "X/y")]
for first, second in dups:
    case("duplicate " + ascii(second),
         ok_line() + f"{Z}  {first}\n{Z}  {second}\n")

malformed = [Z[:63] + "  a", Z + "0  a", Z + "\ta", Z + " a", Z + "  ",
             Z + " *", "g" * 64 + "  a", " " + Z + "  a", "\ufeff" + Z + "  a",
             Z + " -a", Z + "*  a", "sha256 " + Z]
for text in malformed:
    case("malformed " + ascii(text), ok_line() + text + "\n")

# Line numbering follows str.splitlines: every one of these breaks a line.
for brk in ["\r\n", "\r", "\n", "\x0b", "\x0c", "\x1c", "\x1d", "\x1e",
            "\x85", "\u2028", "\u2029"]:
    case("break " + ascii(brk), ok_line().rstrip("\n") + brk + "\n" + "bad\n")
case("blank lines counted", "\n \n\t\n" + ok_line() + "\u3000\n\nbad\n")

for text in ["", "\n", " \t\r\n\u3000\n\x0c\n"]:
    case("empty " + ascii(text), text)

out = Path(__file__).resolve().parent.parent / "golden" / "sha"
out.mkdir(parents=True, exist_ok=True)
with tempfile.TemporaryDirectory() as tmp:
    root = Path(tmp).resolve()
    (root / "a.txt").write_bytes(A_TXT)
    with open(out / "refusals.ndjson", "w", encoding="utf-8") as f:
        for label, text in cases:
            # Through a file, as the reference reads it (universal newlines).
            (root / "M").write_bytes(text.encode("utf-8"))
            r = refusal((root / "M").read_text(encoding="utf-8"), root)
            assert r is not None, label
            f.write(json.dumps({"name": label, "manifest": text,
                                "line": r[0], "message": r[1]},
                               ensure_ascii=False) + "\n")

ranges = []
for cp in range(0x110000):
    ch = chr(cp)
    if not ch.isprintable() and unicodedata.category(ch) != "Cn":
        if ranges and ranges[-1][1] == cp - 1:
            ranges[-1][1] = cp
        else:
            ranges.append([cp, cp])
print(" ".join(f"{a:X}-{b:X}" for a, b in ranges))
