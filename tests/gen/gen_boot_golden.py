#!/usr/bin/python3
"""Write the golden files of sfb-cluster-boot and lib/pcg64, lib/boot.

Run once by hand from the repository root with Debian's python3 and NumPy
(1.24): /usr/bin/python3 tests/gen/gen_boot_golden.py
Everything it writes goes to tests/golden/boot/ and is committed; neither
Python nor NumPy is needed to build or test sfb.

The expected numbers come from NumPy itself: the bootstrap is computed the
way the reference's spinefairbench/release/scoring.py does it
(np.random.default_rng, integers() in 1024-row chunks, sums[idx].sum(axis=1)
/ counts[idx].sum(axis=1), np.percentile), with a fresh generator per
endpoint; the PRNG, pairwise-sum and percentile vectors call NumPy directly.

Outputs:
  prng_golden.h      C tables for tests/unit/test_pcg64.c and test_boot.c
  boot_golden.h      small bootstrap vectors for tests/unit/test_boot.c
  data/*.ndjson[.zst]  inputs for tests/sfb-cluster-boot.bats
  cases.tsv          name, input, arguments of each command-line vector
  cases/NAME.out     its expected standard output
"""

import json
import math
import os
import random
import shutil
import subprocess
import sys

import numpy as np

from sfbref import EDITS

OUT = os.path.join("tests", "golden", "boot")
METHOD = "source_clustered_percentile_numpy_pcg64"


# --- the reference computation ---------------------------------------------

def reference_ci(values, source_ids, iterations, seed, percentiles):
    """scoring.py's source_clustered_bootstrap_ci, with the percentiles as a parameter."""
    by_source = {}
    for value, source_id in zip(values, source_ids, strict=True):
        by_source.setdefault(source_id, []).append(float(value))
    clusters = sorted(by_source)
    sums = np.array([sum(by_source[s]) for s in clusters], dtype=float)
    counts = np.array([len(by_source[s]) for s in clusters], dtype=float)
    rng = np.random.default_rng(seed)
    means = np.empty(iterations, dtype=float)
    for start in range(0, iterations, 1024):
        stop = min(start + 1024, iterations)
        idx = rng.integers(0, len(clusters), size=(stop - start, len(clusters)))
        means[start:stop] = sums[idx].sum(axis=1) / counts[idx].sum(axis=1)
    lower, upper = np.percentile(means, percentiles)
    return float(lower), float(upper)


def level_percentiles(level):
    lo = (100.0 - level) / 2.0
    return [lo, 100.0 - lo]


def level_key(level):
    text = repr(float(level))
    if text.endswith(".0"):
        text = text[:-2]
    return "ci" + text


def summaries(records, metrics, cluster_key, iterations, seed, level, by):
    """The objects sfb-cluster-boot prints for these records and options."""
    groups = {}
    for rec in records:
        g = rec[by] if by else None
        groups.setdefault(g, []).append(rec)
    out = []
    for g in sorted(groups, key=lambda x: "" if x is None else x):
        rows = groups[g]
        usable = [r for r in rows if r.get("usable", True) is not False]
        excluded = len(rows) - len(usable)
        ids = [r[cluster_key] for r in usable]
        for m in metrics:
            vals = [r[m] for r in usable]
            lo, hi = reference_ci(vals, ids, iterations, seed, level_percentiles(level))
            obj = {}
            if by:
                obj["group"] = g
            obj.update({
                "metric": m,
                "n": len(vals),
                "n_clusters": len(set(ids)),
                "excluded": excluded,
                "point_estimate": sum(vals) / len(vals),
                level_key(level): {"lower": lo, "upper": hi},
                "iterations": iterations,
                "seed": seed,
                "method": METHOD,
            })
            out.append(json.dumps(obj, ensure_ascii=False))
    return out


# --- data sets ---------------------------------------------------------------


def jaccard(rnd, universe):
    a = {c for c in range(universe) if rnd.random() < 0.25}
    b = {c for c in a if rnd.random() < 0.8} | {c for c in range(universe) if rnd.random() < 0.1}
    if not a and not b:
        return 1.0
    return len(a & b) / len(a | b)


def pairs_dataset(rnd, n_sources, models, drop, refusals):
    """Pair records shaped like the real ones: 4 edits per source, some missing or refused."""
    recs = []
    for model in models:
        for s in range(n_sources):
            sid = ("buu_%04d" if s % 3 else "vindr_%05d") % s
            for e in EDITS:
                if rnd.random() < drop:
                    continue
                rec = {"pair_id": f"{sid}__{e}", "source_id": sid, "model": model, "edit_label": e}
                if rnd.random() < refusals:
                    rec["usable"] = False
                else:
                    rec["usable"] = True
                    rec["recommendation_changed"] = float(rnd.random() < 0.7)
                    rec["diagnostic_label_consistency"] = jaccard(rnd, 13)
                recs.append(rec)
    recs.sort(key=lambda r: (r["model"], r["pair_id"]))
    return recs


def real_scale(rnd):
    """1000 sources, 3998 usable pairs (two pairs missing), as in the released panels."""
    recs = pairs_dataset(rnd, 1000, ["gpt-5.4"], 0.0, 0.0)
    del recs[1234]
    del recs[3001]
    return recs


def unequal_clusters(rnd, n_clusters, max_size, value):
    recs = []
    for c in range(n_clusters):
        cid = "s%05d" % rnd.randrange(10 ** 5)
        for _ in range(1 + int(rnd.random() ** 3 * max_size)):
            recs.append({"source_id": cid, "x": value(rnd)})
    rnd.shuffle(recs)
    return recs


def arbitrary_float(rnd):
    mant = rnd.uniform(-1, 1)
    return mant * 10.0 ** rnd.randint(-12, 12)


UNICODE_IDS = ["a", "ab", "B", "Z", "é", "e\u0301", "中", "😀", "\u00e9x", "Ω", "~", "a b", "", "ﬀ", "\u2028"]


def unicode_ids(rnd):
    recs = []
    for i in range(400):
        cid = rnd.choice(UNICODE_IDS)
        recs.append({"source_id": cid, "x": arbitrary_float(rnd), "y": rnd.choice([0.0, 1.0, 0.5, 1 / 3])})
    return recs


PUBLISHED = [{"source_id": c, "x": v} for v, c in zip(
    [0.0, 1.0, 0.2, 0.4, 0.8, 0.3, 0.7], ["a", "a", "b", "b", "b", "c", "d"])]


# --- writing ---------------------------------------------------------------

def write_ndjson(name, records, compress=None, escape_every=0):
    path = os.path.join(OUT, "data", name + ".ndjson")
    with open(path, "w", encoding="utf-8") as f:
        for i, rec in enumerate(records):
            # Some lines spell non-ASCII with \u escapes: ids are decoded strings.
            ascii_only = escape_every and i % escape_every == 0
            f.write(json.dumps(rec, ensure_ascii=bool(ascii_only)) + "\n")
    if compress is None:
        compress = os.path.getsize(path) > 50000
    if compress:
        subprocess.run(["zstd", "-q", "-f", "-19", "--rm", path], check=True)
        path += ".zst"
    return os.path.relpath(path, OUT)


class Cases:
    def __init__(self):
        self.rows = []
        self.count = 0

    def add(self, name, data_path, records, metrics=None, cluster="source_id",
            iterations=10000, seed=42, level=95, by=None, default_metrics=False):
        args = []
        if not default_metrics:
            for m in metrics:
                args += ["-v", m]
        else:
            metrics = ["recommendation_changed", "diagnostic_label_consistency"]
        if cluster != "source_id":
            args += ["-c", cluster]
        if iterations != 10000:
            args += ["-n", str(iterations)]
        if seed != 42:
            args += ["-s", str(seed)]
        if level != 95:
            args += ["--level", repr(level)]
        if by:
            args += ["--by", by]
        lines = summaries(records, metrics, cluster, iterations, seed, level, by)
        with open(os.path.join(OUT, "cases", name + ".out"), "w", encoding="utf-8") as f:
            f.write("".join(line + "\n" for line in lines))
        self.rows.append("\t".join([name, data_path, " ".join(args)]))
        self.count += len(lines)

    def write(self):
        with open(os.path.join(OUT, "cases.tsv"), "w", encoding="utf-8") as f:
            f.write("# name\tinput (relative to this directory)\tsfb-cluster-boot arguments\n")
            f.write("".join(row + "\n" for row in self.rows))


def bootstrap_cases():
    rnd = random.Random(20260411)
    cases = Cases()

    pub = write_ndjson("published", PUBLISHED)
    cases.add("published", pub, PUBLISHED, ["x"], iterations=1031, seed=42)
    for it in (1, 2, 1023, 1024, 1025, 2049, 10000):
        cases.add(f"published_n{it}", pub, PUBLISHED, ["x"], iterations=it)
    for seed in (0, 1, 2 ** 32, 2 ** 32 + 3, 2 ** 63 + 11, 2 ** 64 - 1, 2 ** 64 + 5, 2 ** 128 - 1):
        cases.add(f"published_s{seed}", pub, PUBLISHED, ["x"], iterations=1031, seed=seed)
    cases.add("published_l90", pub, PUBLISHED, ["x"], iterations=1031, level=90)
    cases.add("published_l99.5", pub, PUBLISHED, ["x"], iterations=2049, level=99.5)

    real = real_scale(rnd)
    rp = write_ndjson("real_scale", real)
    cases.add("real_default", rp, real, default_metrics=True)
    for it, seed in ((1, 42), (2, 7), (1023, 2 ** 63 + 1), (1024, 0), (1025, 2 ** 32 + 17),
                     (2049, 2 ** 64 - 1), (10000, 0), (10000, 2 ** 64 - 1)):
        cases.add(f"real_n{it}_s{seed}", rp, real, default_metrics=True, iterations=it, seed=seed)
    cases.add("real_l90", rp, real, default_metrics=True, level=90)
    cases.add("real_l50", rp, real, default_metrics=True, iterations=3000, seed=5, level=50)
    cases.add("real_diag_only", rp, real, ["diagnostic_label_consistency"], iterations=1500, seed=3)
    cases.add("real_by_edit", rp, real, default_metrics=True, by="edit_label")

    panel = pairs_dataset(rnd, 150, ["claude-opus-4-6", "gemma-4", "gpt-5.4"], 0.05, 0.1)
    pp = write_ndjson("two_panels", panel)
    cases.add("panel_by_model", pp, panel, default_metrics=True, by="model", iterations=2049)
    cases.add("panel_by_edit", pp, panel, ["diagnostic_label_consistency"], by="edit_label",
              iterations=1025, seed=2 ** 63 + 5)

    big = unequal_clusters(rnd, 5000, 6, lambda r: float(r.random() < 0.4))
    bp = write_ndjson("k5000", big)
    for it, seed in ((1, 0), (2, 2 ** 64 - 1), (1025, 42), (2049, 2 ** 32 + 1)):
        cases.add(f"k5000_n{it}_s{seed}", bp, big, ["x"], iterations=it, seed=seed)

    floats = unequal_clusters(rnd, 300, 20, arbitrary_float)
    fp = write_ndjson("floats", floats)
    for it, seed in ((1023, 1), (1024, 42), (1025, 2 ** 63 + 99), (10000, 2 ** 32 + 2)):
        cases.add(f"floats_n{it}_s{seed}", fp, floats, ["x"], iterations=it, seed=seed)

    jac = unequal_clusters(rnd, 777, 9, lambda r: jaccard(r, 13))
    jp = write_ndjson("jaccard", jac)
    for it, seed in ((2049, 42), (10000, 0), (1025, 2 ** 64 - 1)):
        cases.add(f"jaccard_n{it}_s{seed}", jp, jac, ["x"], iterations=it, seed=seed)

    uni = unicode_ids(rnd)
    up = write_ndjson("unicode_ids", uni, escape_every=3)
    cases.add("unicode_xy", up, uni, ["x", "y"], iterations=1031, seed=9)
    cases.add("unicode_yx", up, uni, ["y", "x"], iterations=1025, seed=2 ** 64 - 1)

    for k in (1, 2, 3, 8, 9, 127, 128, 129, 1000, 1023):
        recs = unequal_clusters(rnd, k, 4, lambda r: r.choice([0.0, 1.0, 0.25, 0.75, 1 / 7]))
        path = write_ndjson(f"k{k}", recs)
        kk = len({r["source_id"] for r in recs})
        cases.add(f"k{k}_n1025", path, recs, ["x"], iterations=1025, seed=k)
        cases.add(f"k{k}_n2", path, recs, ["x"], iterations=2, seed=2 ** 63 + kk)

    # Beyond 8192 clusters NumPy's row sum is taken in 8192-element blocks.
    huge = [{"source_id": "c%05d" % i, "x": arbitrary_float(rnd)} for i in range(9000)]
    hp = write_ndjson("k9000", huge)
    cases.add("k9000_n3", hp, huge, ["x"], iterations=3, seed=42)

    ckey = [{"src": r["source_id"], "val": r["x"], "usable": True} for r in PUBLISHED]
    ckey.insert(3, {"usable": False})
    cp = write_ndjson("cluster_key", ckey)
    cases.add("cluster_key", cp, ckey, ["val"], cluster="src", iterations=1031)

    cases.write()
    return len(cases.rows), cases.count


# --- C tables ----------------------------------------------------------------

def c_u32(vals):
    return "{" + ", ".join("0x%08xu" % v for v in vals) + "}"


def c_u64(vals):
    return "{" + ", ".join("0x%016xULL" % v for v in vals) + "}"


def c_dbl(x):
    return float(x).hex()


def seed_words(seed):
    words = []
    while True:
        words.append(seed & 0xFFFFFFFF)
        seed >>= 32
        if seed == 0:
            return words


SEEDS = [0, 1, 42, 2 ** 32 - 1, 2 ** 32, 2 ** 32 + 5, 2 ** 63 + 7, 2 ** 64 - 1,
         2 ** 64, 2 ** 96 + 3, 2 ** 128 - 1, 2 ** 200 + 9, 2 ** 256 - 1]


def stream_doubles(seed, n):
    """Test inputs built from the PCG64 stream, exact in C and Python."""
    raw = np.random.default_rng(seed).bit_generator.random_raw(n)
    out = []
    for i, r in enumerate(raw.tolist()):
        u = (r >> 11) * (1.0 / 9007199254740992.0)
        v = math.ldexp(u, (i * 7) % 41 - 20)
        out.append(-v if i % 3 == 2 else v)
    return out


def prng_header():
    lines = ["/* Generated by tests/gen/gen_boot_golden.py with NumPy %s; do not edit. */" % np.__version__,
             "", "struct seed_golden {", "\tconst char *text;", "\tuint32_t words[8];", "\tsize_t nwords;",
             "\tuint32_t state[12];\t/* SeedSequence.generate_state(12) */",
             "\tuint64_t raw[6];\t/* random_raw(6) of default_rng */", "};", "",
             "static const struct seed_golden seed_goldens[] = {"]
    for seed in SEEDS:
        w = seed_words(seed)
        state = np.random.SeedSequence(seed).generate_state(12).tolist()
        raw = np.random.default_rng(seed).bit_generator.random_raw(6).tolist()
        lines.append('\t{"%d", %s, %d, %s, %s},' % (seed, c_u32(w + [0] * (8 - len(w))), len(w),
                                                     c_u32(state), c_u64(raw)))
    lines.append("};")
    lines.append("")

    # Bounded draws: consecutive integers() calls on one generator.
    calls_sets = [
        (42, [(4, 10)]),
        (42, [(2, 7), (3, 5), (1000, 33), (1, 4), (7, 9)]),
        (0, [(2 ** 31 + 1, 64)]),               # about half the draws rejected
        (1, [(3 * 2 ** 30, 40), (5, 3)]),       # a quarter rejected
        (2 ** 64 - 1, [(2 ** 32, 11), (2 ** 32 - 1, 9), (1000, 5)]),
        (2 ** 32 + 5, [(4999, 101), (1, 1), (3998, 3)]),
        (7, [(1, 3), (10, 1), (1, 2), (10, 1)]),
    ]
    lines += ["struct bounded_call {", "\tuint64_t bound;", "\tsize_t n;", "};", "",
              "struct bounded_golden {", "\tuint64_t seed;", "\tsize_t ncalls;",
              "\tstruct bounded_call calls[8];", "\tsize_t ntotal;", "\tconst uint32_t *expect;", "};", ""]
    entries = []
    for i, (seed, calls) in enumerate(calls_sets):
        g = np.random.default_rng(seed)
        got = []
        for bound, n in calls:
            got += g.integers(0, bound, size=n).tolist()
        lines.append("static const uint32_t bounded_expect_%d[] = %s;" % (i, c_u32(got)))
        entries.append('\t{%dULL, %d, {%s}, %d, bounded_expect_%d},' % (
            seed, len(calls), ", ".join("{%dULL, %d}" % c for c in calls), len(got), i))
    lines += ["", "static const struct bounded_golden bounded_goldens[] = {"] + entries + ["};", ""]

    # PCG64.advance(): after some draws (one 32-bit half buffered), advance, draw.
    lines += ["struct advance_golden {", "\tuint64_t seed;", "\tsize_t before;\t/* random_raw() calls first */",
              "\tint half;\t/* then one integers(0, 2**32) draw */", "\tuint64_t delta;", "\tuint64_t raw[3];", "};", "",
              "static const struct advance_golden advance_goldens[] = {"]
    for seed, before, half, delta in ((42, 0, 0, 0), (42, 0, 0, 1), (42, 3, 1, 5), (7, 0, 0, 63), (7, 10, 0, 64),
                                      (7, 1, 1, 65), (2 ** 64 - 1, 5, 0, 16384), (0, 2, 1, 10 ** 12),
                                      (1, 0, 0, 2 ** 64 - 1), (123, 70, 1, 12345678901234567)):
        bg = np.random.PCG64(seed)
        g = np.random.Generator(bg)
        if before:
            bg.random_raw(before)
        if half:
            g.integers(0, 2 ** 32)
        bg.advance(delta)
        raw = bg.random_raw(3).tolist()
        lines.append("\t{%dULL, %d, %d, %dULL, %s}," % (seed, before, half, delta, c_u64(raw)))
    lines += ["};", ""]

    # Pairwise / reduce sums of stream_doubles(seed, n).
    lines += ["struct sum_golden {", "\tuint64_t seed;", "\tsize_t n;",
              "\tdouble reduce;\t/* np.add.reduce(a) */", "\tdouble row;\t/* a.reshape(1, n).sum(axis=1)[0] */",
              "};", "", "static const struct sum_golden sum_goldens[] = {"]
    for n in (0, 1, 2, 7, 8, 9, 15, 16, 17, 127, 128, 129, 130, 255, 256, 257, 1000, 1023, 1024,
              1025, 3998, 5000, 8191, 8192, 8193, 9000, 16384, 16385, 20000, 50001):
        seed = 1000 + n
        a = np.array(stream_doubles(seed, n), dtype=float)
        red = float(np.add.reduce(a)) if n else 0.0
        row = float(a.reshape(1, n).sum(axis=1)[0])
        lines.append("\t{%d, %d, %s, %s}," % (seed, n, c_dbl(red), c_dbl(row)))
    lines += ["};", ""]

    # Percentiles of stream data, some with ties.
    lines += ["struct pct_golden {", "\tuint64_t seed;", "\tsize_t n;", "\tint quantize;\t/* floor(8*|v|)/8 */",
              "\tdouble p;", "\tdouble expect;", "};", "", "static const struct pct_golden pct_goldens[] = {"]
    for n in (1, 2, 3, 10, 41, 1031, 10000):
        for quantize in (0, 1):
            seed = 5000 + n
            a = stream_doubles(seed, n)
            if quantize:
                a = [math.floor(8 * abs(v)) / 8 for v in a]
            for p in (0.0, 0.5, 2.5, 5.0, 25.0, 50.0, 95.0, 97.5, 99.5, 100.0):
                e = float(np.percentile(np.array(a), p))
                lines.append("\t{%d, %d, %d, %s, %s}," % (seed, n, quantize, c_dbl(p), c_dbl(e)))
    lines += ["};", ""]
    with open(os.path.join(OUT, "prng_golden.h"), "w") as f:
        f.write("\n".join(lines))


def boot_header():
    """Small bootstrap vectors for the library API test."""
    rnd = random.Random(77)
    lines = ["/* Generated by tests/gen/gen_boot_golden.py with NumPy %s; do not edit. */" % np.__version__,
             "", "struct boot_golden {", "\tsize_t n;", "\tconst char *const *ids;",
             "\tconst double *x;\t/* column 0 */", "\tconst double *y;\t/* column 1 */",
             "\tuint64_t iterations;", "\tuint64_t seed_x, seed_y;", "\tdouble level;",
             "\tdouble point_x, point_y;", "\tdouble lo_x, hi_x, lo_y, hi_y;", "};", ""]
    sets = []
    sets.append(([r["source_id"] for r in PUBLISHED], [r["x"] for r in PUBLISHED],
                 [1.0 - r["x"] for r in PUBLISHED]))
    for size, k in ((30, 5), (200, 40), (500, 499), (64, 1), (90, 2)):
        ids = ["k%d" % rnd.randrange(k) for _ in range(size)]
        xs = [rnd.choice([0.0, 1.0]) for _ in range(size)]
        ys = [arbitrary_float(rnd) for _ in range(size)]
        sets.append((ids, xs, ys))
    entries = []
    settings = [(1031, 42, 42, 95), (1, 0, 0, 95), (1025, 42, 43, 90), (2049, 2 ** 64 - 1, 2 ** 64 - 1, 95),
                (1024, 2 ** 32, 7, 99), (3000, 2 ** 63 + 1, 2 ** 63 + 1, 50)]
    for i, (ids, xs, ys) in enumerate(sets):
        lines.append("static const char *const boot_ids_%d[] = {%s};" % (i, ", ".join(json.dumps(s) for s in ids)))
        lines.append("static const double boot_x_%d[] = {%s};" % (i, ", ".join(c_dbl(v) for v in xs)))
        lines.append("static const double boot_y_%d[] = {%s};" % (i, ", ".join(c_dbl(v) for v in ys)))
        for it, sx, sy, level in settings:
            pct = level_percentiles(level)
            lx, hx = reference_ci(xs, ids, it, sx, pct)
            ly, hy = reference_ci(ys, ids, it, sy, pct)
            entries.append("\t{%d, boot_ids_%d, boot_x_%d, boot_y_%d, %d, %dULL, %dULL, %s, %s, %s, %s, %s, %s, %s}," % (
                len(ids), i, i, i, it, sx, sy, c_dbl(level), c_dbl(sum(xs) / len(xs)), c_dbl(sum(ys) / len(ys)),
                c_dbl(lx), c_dbl(hx), c_dbl(ly), c_dbl(hy)))
    lines += ["", "static const struct boot_golden boot_goldens[] = {"] + entries + ["};", ""]
    with open(os.path.join(OUT, "boot_golden.h"), "w") as f:
        f.write("\n".join(lines))
    return len(entries)


def main():
    if not os.path.isdir(os.path.join("tests", "gen")):
        sys.exit("run from the repository root")
    shutil.rmtree(OUT, ignore_errors=True)
    os.makedirs(os.path.join(OUT, "data"))
    os.makedirs(os.path.join(OUT, "cases"))
    # The reference's own published vector must come out of this computation.
    assert reference_ci([r["x"] for r in PUBLISHED], [r["source_id"] for r in PUBLISHED],
                        1031, 42, [2.5, 97.5]) == (0.3833333333333333, 0.605)
    prng_header()
    nlib = boot_header()
    ncases, nsummaries = bootstrap_cases()
    print(f"{ncases} command-line cases ({nsummaries} summaries), {nlib} library vectors")


if __name__ == "__main__":
    main()
