#!/usr/bin/python3
"""Write the sfb-stage1 golden cases: Stage-1 texts, sidecars and the
expected output, decided by Python's re through tests/gen/ref_checks.py.

Run once by hand from the top of the tree:
    tests/gen/gen_stage1_golden.py tests/golden/stage1
"""
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
import ref_checks as R  # noqa: E402

CLEAN = {"status": "valid", "prompt_echo_detected": False, "html_garbage_detected": False}

TEXTS = [
    b"1. **Primary diagnosis:** Degenerative disc disease\n2. Overall severity: mild\n",
    b"Primary diagnosis: L4-L5 spondylolisthesis",
    b"PRIMARY DIAGNOSIS: osteophytes\n",
    b"  3.   Primary diagnosis  :   multilevel   spondylosis   \n",
    b"Primary diagnosis: ***\n",
    b"Primary diagnosis: __ ` # \nConfidence: low\n",
    b"Primary diagnosis\n- Spondylolisthesis at L4\n3. Confidence: high",
    b"**Primary diagnosis**\n  * Compression fracture of L1\n\n**Overall severity** moderate",
    b"Primary diagnosis\nScoliosis\nConfidence: 0.8",
    b"Primary diagnosis\nFirst line\nsecond line\n4. next item",
    b"Primary diagnosis - :  - value after dash",
    b"Primary diagnosis: - : leading dash",
    b"Primary diagnosis: : colon first",
    b"Findings: nothing\nImpression: normal",
    b"",
    b"Primary diagnosis:",
    b"Primary diagnosis:   \n   value on next line",
    b"Primary diagnosis:\r\nvalue after crlf\r\nConfidence: low",
    b"Primary diagnosis\rvalue after lone cr\rConfidence: high",
    b"Primary diagnosis: caf\xc3\xa9 \xff\xfe broken bytes \xed\xa0\x80 surrogate",
    b"Primary diagnosis: nbsp\xc2\xa0and\xe2\x80\x83em space\xc2\x85nel",
    b"pr\xc4\xb1mary d\xc4\xb1agnosis: dotless i",
    b"Primary diagno\xc5\xbfis: long s",
    b"\xd9\xa1. Primary diagnosis: arabic-indic digit",
    b"Primary diagnosis: with \x00 nul",
    b"Primary diagnosis \x1f: unit separator is space",
    b"text before\nPrimary diagnosis\n\n\n- after blank lines\n5.  next",
    b"Primary diagnosisX: not a label",
    b"The primary diagnosis is unclear\nprimary diagnosis: lower",
    b"# Report\n## Primary diagnosis:\n### Mild scoliosis",
    b"Primary diagnosis\n   \n",
    b"Primary diagnosis:\t\ttabs\t value\t",
    b"1.Primary diagnosis: no space after number",
    b"1. **Primary diagnosis**: **_Degenerative_ `changes`**\n2. Overall severity: mild",
    b"x\n**Primary diagnosis**\n\nLumbar spondylosis with\n  disc space narrowing\n**Confidence** 70%",
    b"Primary diagnosis\n- \n- second bullet\nOverall severity: x",
    b"Primary   diagnosis: two spaces do not match",
    b"Primary diagnosis:\xe2\x80\x8bzero width space",
]

SIDECARS = [
    CLEAN,
    None,
    b"{not json",
    {"status": "invalid", "prompt_echo_detected": False},
    {"status": "VALID"},
    {"status": "valid"},
    {"status": "valid", "prompt_echo_detected": True},
    {"status": "valid", "prompt_echo_detected": 0.0},
    {"status": "valid", "prompt_echo_detected": []},
    {"status": "valid", "prompt_echo_detected": "no"},
    {"status": "valid", "html_garbage_detected": False, "html_garbage": True},
    {"status": "valid", "html_garbage": 1},
    {"status": "valid", "html_garbage": ""},
    {"status": "valid", "html_garbage": {}},
    {"status": "valid", "html_garbage": {"a": 0}},
    {"status": "valid", "html_garbage_detected": None, "html_garbage": True},
    {"status": "valid", "status": "invalid"},
    {"status": "invalid", "status": "valid"},
    {"status": "val\\u0069d"},
    b"\xef\xbb\xbf{\"status\": \"valid\"}",
    b"  {\"status\": \"valid\"}\n\n",
    b"{\"status\": \"valid\"} x",
]


def main(out):
    cases = out / "cases"
    cases.mkdir(parents=True, exist_ok=True)
    names = []
    for i, text in enumerate(TEXTS):
        names.append((f"t{i:02d}.txt", text, CLEAN))
    for i, side in enumerate(SIDECARS):
        names.append((f"s{i:02d}.txt", TEXTS[0], side))
    names += [("a.b.txt", TEXTS[1], CLEAN), (".hidden", TEXTS[1], CLEAN),
              ("noext", TEXTS[1], CLEAN), ("trail.", TEXTS[1], CLEAN)]
    records, expected = [], []
    for name, text, side in names:
        path = cases / name
        path.write_bytes(text)
        sidecar = path.with_name(path.stem + ".validation.json")
        if isinstance(side, dict):
            raw = json.dumps(side).replace("val\\\\u0069d", "val\\u0069d")
            sidecar.write_text(raw)
        elif isinstance(side, bytes):
            sidecar.write_bytes(side)
        rec = {"path": name}
        clean = sidecar.exists() and R.sidecar_clean(sidecar)
        diag = R.primary_diagnosis(path.read_text(encoding="utf-8", errors="replace"))
        line = json.dumps(rec, separators=(",", ":"))
        records.append(line)
        added = {"primary_diagnosis": diag, "validation_clean": clean, "parse_ok": R.stage1_ok(path)}
        assert added["parse_ok"] == (clean and diag is not None)
        # Input members pass through as written; added ones follow as
        # json.dumps writes them.
        expected.append(line[:-1] + "".join(
            f", {json.dumps(k)}: {json.dumps(v, ensure_ascii=False)}" for k, v in added.items()) + "}")
    (out / "cases.ndjson").write_text("\n".join(records) + "\n")
    (out / "expected.ndjson").write_text("\n".join(expected) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
