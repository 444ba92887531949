#!/usr/bin/python3
"""Write the sfb-csv golden: random tables written by Python's csv module
and what csv.DictReader reads back, as NDJSON.

Run once by hand from the top of the tree:
    tests/gen/gen_csv_golden.py tests/golden/csv
"""
import csv
import io
import json
import random
import sys
from pathlib import Path

ALPHABET = ['a', 'b', 'Z', '0', '9', ' ', ',', '"', '\n', '\r\n', '\t', "'", '\\',
            'é', 'ß', '€', '\u2028', '\x01', '😀', 'Yes', 'Cannot tell', '']


def field(rnd):
    return "".join(rnd.choice(ALPHABET) for _ in range(rnd.randrange(0, 8)))


def table(rnd, name, rows, quoting, terminator):
    header = [f"col{i}" if i else "pair_id" for i in range(rnd.randrange(1, 6))]
    buf = io.StringIO(newline="")
    w = csv.writer(buf, quoting=quoting, lineterminator=terminator)
    w.writerow(header)
    for _ in range(rows):
        row = [field(rnd) for _ in header]
        # csv.DictReader skips a row that reads back as no fields at all.
        if len(row) == 1 and row[0] == "":
            row[0] = "x"
        w.writerow(row)
    return buf.getvalue()


def main(out):
    rnd = random.Random(20260409)
    out.mkdir(parents=True, exist_ok=True)
    for i, (quoting, term) in enumerate([(csv.QUOTE_MINIMAL, "\r\n"), (csv.QUOTE_MINIMAL, "\n"),
                                         (csv.QUOTE_ALL, "\r\n"), (csv.QUOTE_NONNUMERIC, "\n")]):
        text = table(rnd, f"t{i}", 60, quoting, term)
        (out / f"t{i}.csv").write_bytes(text.encode("utf-8"))
        rows = csv.DictReader(io.StringIO(text, newline=""))
        with open(out / f"t{i}.ndjson", "w", encoding="utf-8") as f:
            for row in rows:
                f.write(json.dumps(row, ensure_ascii=False, separators=(",", ":")) + "\n")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
