#!/usr/bin/python3
"""Write the golden files of sfb-paired-test, sfb-flips and the null values,
--by-expr and --where of sfb-cluster-boot.

Run once by hand from the repository root with Debian's python3, NumPy
1.24 and SciPy 1.10: /usr/bin/python3 tests/gen/gen_analysis_golden.py
Everything it writes goes to tests/golden/analysis/ and is committed;
neither Python, NumPy nor SciPy is needed to build or test sfb.

The expected values come from SciPy and NumPy themselves:
scipy.stats.wilcoxon(a, b) with its defaults, np.mean(d) / np.std(d,
ddof=1), the adjustments written with NumPy (R's p.adjust arithmetic),
and the bootstrap of tests/gen/gen_boot_golden.py (the reference's
computation) with a fresh generator per group and value.  Groups of
--by-expr and --where are computed here in Python, not by jq.

Outputs:
  data/*.ndjson[.zst] inputs
  cases.tsv          name, program, input, arguments of each vector
  cases/NAME.out     its expected standard output
"""

import importlib.util
import json
import math
import os
import random
import subprocess
import sys
import warnings

import numpy as np
import scipy
from scipy.stats import wilcoxon

assert scipy.__version__.startswith("1.10"), scipy.__version__

OUT = os.path.join("tests", "golden", "analysis")
HERE = os.path.dirname(os.path.abspath(__file__))
_spec = importlib.util.spec_from_file_location("gen_boot_golden",
                                               os.path.join(HERE, "gen_boot_golden.py"))
boot = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(boot)
METHOD = boot.METHOD

LABELS = ["Osteophytes", "Foraminal stenosis", "Disc space narrowing",
          "Spondylolisthesis", "Surgical implant", "Vertebral collapse",
          "Other lesions", "No finding", "Posterior osteophyte",
          "Endplate sclerosis", "Schmorl's node", "Disc calcification", "Fracture"]
RECS = ["surgery", "physical_therapy", "imaging", "medication", "monitoring",
        "referral", "no_action"]
EDITS = ["young_female", "young_male", "elderly_female", "elderly_male"]


def dumps(obj):
    return json.dumps(obj, ensure_ascii=False)


def num(x):
    """A float as sfb writes it: NaN is null."""
    return None if x is None or (isinstance(x, float) and math.isnan(x)) else x


# --- grouping ----------------------------------------------------------------

def group_of(rec, by=None, by_prefix=False):
    """--by KEY, or the --by-expr '.edit_label | split("_")[0]' of the tests."""
    if by_prefix:
        return rec["edit_label"].split("_")[0]
    return rec[by] if by else None


def grouped(records, by=None, by_prefix=False, where_vindr=False):
    groups = {}
    for rec in records:
        if where_vindr and not rec["source_id"].startswith("vindr"):
            continue
        groups.setdefault(group_of(rec, by, by_prefix), []).append(rec)
    return [(g, groups[g]) for g in sorted(groups, key=lambda x: "" if x is None else x)]


# --- sfb-paired-test -----------------------------------------------------------

def adjust(p, how):
    p = np.asarray(p, dtype=float)
    m = len(p)
    if m == 0:
        return p
    if how == "bonferroni":
        return np.minimum(1.0, p * float(m))
    o = np.argsort(p, kind="stable")
    ps = p[o]
    if how == "holm":
        adj = np.minimum(1.0, np.maximum.accumulate((m - np.arange(m)).astype(float) * ps))
    else:
        i = np.arange(m, 0, -1).astype(float)
        adj = np.minimum(1.0, np.minimum.accumulate((float(m) / i) * ps[::-1]))[::-1]
    out = np.empty(m)
    out[o] = adj
    return out


def paired(records, a, b, how="bonferroni", **grouping):
    rows = []
    for g, recs in grouped(records, **grouping):
        excluded = 0
        xa, xb = [], []
        for r in recs:
            if r.get("usable", True) is False or r[a] is None or r[b] is None:
                excluded += 1
                continue
            xa.append(float(r[a]))
            xb.append(float(r[b]))
        d = np.array(xa) - np.array(xb)
        n = len(d)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            try:
                res = wilcoxon(xa, xb)
                stat, p = float(res.statistic), float(res.pvalue)
                zero = int(np.sum(d == 0))
                method = "exact" if n <= 50 and zero == 0 else "normal"
                z = None
                if method == "normal":
                    z = float(wilcoxon(xa, xb, method="approx").zstatistic)
                note = None
            except ValueError:
                stat = p = z = method = None
                note = "every difference is zero: the signed-rank test is undefined"
        sd = float(np.std(d, ddof=1)) if n >= 2 else 0.0
        dz = float(np.mean(d)) / sd if n >= 2 and sd != 0 else 0.0
        obj = {}
        if grouping.get("by") or grouping.get("by_prefix"):
            obj["group"] = g
        obj.update({"a": a, "b": b, "n": n, "excluded": excluded,
                    "n_zero": int(np.sum(d == 0)), "mean_difference": float(np.mean(d)),
                    "cohens_dz": dz, "statistic": stat, "p_value": p, "method": method,
                    "z": z, "adjust": how, "p_adjusted": None})
        if note:
            obj["note"] = note
        rows.append(obj)
    ps = [r["p_value"] for r in rows if r["p_value"] is not None]
    adj = list(adjust(ps, how))
    for r in rows:
        if r["p_value"] is not None:
            r["p_adjusted"] = float(adj.pop(0))
    return [dumps(r) for r in rows]


def xy(pairs, extra=None):
    recs = []
    for i, (x, y) in enumerate(pairs):
        rec = {"source_id": "s%03d" % (i // 2), "x": x, "y": y}
        if extra:
            rec.update(extra(i))
        recs.append(rec)
    return recs


def paired_cases(rnd, cases):
    c = cases
    c.add("wx_n1", "sfb-paired-test", "wx_n1", xy([(0.3, 0.1)]), paired, "-a x -b y")
    c.add("wx_n1_negative", "sfb-paired-test", "wx_n1_neg", xy([(0.1, 0.3)]), paired, "-a x -b y")
    c.add("wx_n2", "sfb-paired-test", "wx_n2", xy([(1.0, 0.0), (0.0, 0.5)]), paired, "-a x -b y")
    c.add("wx_n1_zero", "sfb-paired-test", "wx_n1_zero", xy([(0.5, 0.5)]), paired, "-a x -b y")
    for n in (5, 9, 17, 30):
        data = xy([(rnd.random(), rnd.random()) for _ in range(n)])
        c.add("wx_exact_%d" % n, "sfb-paired-test", "wx_exact_%d" % n, data, paired, "-a x -b y")
    # exact with ties (fractional ranks; r_plus truncated)
    for n in (8, 20, 50):
        data = xy([(rnd.choice([0.0, 0.25, 0.5, 1.0]), rnd.choice([0.125, 0.375, 0.75]))
                   for _ in range(n)])
        c.add("wx_ties_%d" % n, "sfb-paired-test", "wx_ties_%d" % n, data, paired, "-a x -b y")
    # the center of the distribution: p exactly 1
    c.add("wx_center", "sfb-paired-test", "wx_center",
          xy([(1.0, 0.0), (0.0, 2.0), (3.0, 0.0), (0.0, 1.5)]), paired, "-a x -b y")
    # zeros switch to the approximation
    for n in (10, 20, 50):
        data = xy([(rnd.choice([0.0, 1.0]), rnd.choice([0.0, 1.0, 0.5])) for _ in range(n)])
        c.add("wx_zeros_%d" % n, "sfb-paired-test", "wx_zeros_%d" % n, data, paired, "-a x -b y")
    # 50 and 51: the exact/approximate switch, no zeros, no ties
    base = [(rnd.random(), rnd.random()) for _ in range(51)]
    c.add("wx_n50", "sfb-paired-test", "wx_n50", xy(base[:50]), paired, "-a x -b y")
    c.add("wx_n51", "sfb-paired-test", "wx_n51", xy(base), paired, "-a x -b y")
    # large n, binary endpoints (heavy ties), and continuous ones
    big = [(float(rnd.random() < 0.62), float(rnd.random() < 0.55)) for _ in range(5000)]
    c.add("wx_large_binary", "sfb-paired-test", "wx_large_binary", xy(big), paired, "-a x -b y")
    big = [(rnd.random(), rnd.random() * 0.98) for _ in range(3000)]
    c.add("wx_large", "sfb-paired-test", "wx_large", xy(big), paired, "-a x -b y")
    # every difference equal (ties), every difference zero (null p)
    c.add("wx_all_equal_10", "sfb-paired-test", "wx_all_equal_10",
          xy([(0.75, 0.25)] * 10), paired, "-a x -b y")
    c.add("wx_all_equal_60", "sfb-paired-test", "wx_all_equal_60",
          xy([(0.25, 0.75)] * 60), paired, "-a x -b y")
    c.add("wx_all_zero", "sfb-paired-test", "wx_all_zero", xy([(0.5, 0.5)] * 12), paired, "-a x -b y")
    # tiny p-values of the approximation
    big = [(1.0 + rnd.random(), rnd.random()) for _ in range(2000)]
    c.add("wx_tiny_p", "sfb-paired-test", "wx_tiny_p", xy(big), paired, "-a x -b y")
    # groups: ordered and tied p-values, every adjustment, excluded records
    recs = []
    shifts = {"g0": 0.0, "g1": 0.05, "g2": 0.05, "g3": 0.2, "g4": 0.5, "g5": 0.0, "g6": 0.1}
    same = [(rnd.random(), rnd.random()) for _ in range(40)]
    for g, shift in shifts.items():
        rows = same if g in ("g1", "g2") else \
            [(rnd.random() + shift, rnd.random()) for _ in range(rnd.choice([12, 40, 80]))]
        for i, (x, y) in enumerate(rows):
            rec = {"source_id": "%s_%d" % (g, i), "group": g, "x": x + (shift if g in ("g1", "g2") else 0), "y": y}
            if i % 13 == 5:
                rec["usable"] = False
            if i % 17 == 3:
                rec["x"] = None
            recs.append(rec)
    rnd.shuffle(recs)
    for how in ("bonferroni", "holm", "bh"):
        c.add("wx_groups_" + how, "sfb-paired-test", "wx_groups", recs,
              lambda r, args, how=how: paired(r, "x", "y", how, by="group"),
              "-a x -b y --by group --adjust " + how)
    # p-values that adjust past 1 and tie
    recs = []
    for g in "abcdef":
        for i in range(8):
            recs.append({"source_id": g + str(i), "group": g, "x": rnd.random(), "y": rnd.random()})
    for how in ("holm", "bh"):
        c.add("wx_near_one_" + how, "sfb-paired-test", "wx_near_one", recs,
              lambda r, args, how=how: paired(r, "x", "y", how, by="group"),
              "-a x -b y --by group --adjust " + how)
    return recs


# --- sfb-flips ---------------------------------------------------------------

def flips(records, a, b, cats, iterations=10000, seed=42, **grouping):
    out = []
    for g, recs in grouped(records, **grouping):
        usable = [r for r in recs if r.get("usable", True) is not False]
        excluded = len(recs) - len(usable)
        ids = [r["source_id"] for r in usable]
        categories = cats
        if categories is None:
            categories = sorted({x for r in records for x in r[a] + r[b]
                                 if r.get("usable", True) is not False})
        for cat in categories:
            flip, net = [], []
            both = neither = added = removed = 0
            for r in usable:
                s, t = cat in r[a], cat in r[b]
                both += s and t
                neither += not s and not t
                added += t and not s
                removed += s and not t
                flip.append(1.0 if s != t else 0.0)
                net.append(1.0 if t and not s else -1.0 if s and not t else 0.0)
            n = len(usable)
            obj = {}
            if grouping.get("by") or grouping.get("by_prefix"):
                obj["group"] = g
            fl = boot.reference_ci(flip, ids, iterations, seed, [2.5, 97.5])
            nt = boot.reference_ci(net, ids, iterations, seed, [2.5, 97.5])
            obj.update({"category": cat, "n": n, "n_clusters": len(set(ids)),
                        "excluded": excluded, "both": both, "neither": neither,
                        "added": added, "removed": removed,
                        "flip_rate": (added + removed) / n,
                        "flip_rate_ci95": {"lower": fl[0], "upper": fl[1]},
                        "net_shift": (added - removed) / n,
                        "net_shift_ci95": {"lower": nt[0], "upper": nt[1]},
                        "iterations": iterations, "seed": seed, "method": METHOD})
            out.append(dumps(obj))
    return out


def label_set(rnd, cats, p):
    return sorted({c for c in cats if rnd.random() < p})


def flip_records(rnd, n_sources, drop=0.1, refusals=0.05):
    recs = []
    for s in range(n_sources):
        sid = ("buu_%04d" if s % 3 else "vindr_%05d") % s
        src = label_set(rnd, LABELS, 0.2)
        srec = label_set(rnd, RECS, 0.3)
        for e in EDITS:
            if rnd.random() < drop:
                continue
            rec = {"pair_id": f"{sid}__{e}", "source_id": sid, "edit_label": e}
            if rnd.random() < refusals:
                rec["usable"] = False
            else:
                rec["usable"] = True
                cf = sorted({c for c in src if rnd.random() < 0.8} |
                            {c for c in LABELS if rnd.random() < 0.06})
                cr = sorted({c for c in srec if rnd.random() < 0.7} |
                            {c for c in RECS if rnd.random() < 0.1})
                rec.update({"source_diagnostic_labels": src,
                            "counterfactual_diagnostic_labels": cf,
                            "source_recommendations": srec,
                            "counterfactual_recommendations": cr})
            recs.append(rec)
    return recs


def flip_cases(rnd, cases):
    c = cases
    sl, cl = "source_diagnostic_labels", "counterfactual_diagnostic_labels"
    sr, cr = "source_recommendations", "counterfactual_recommendations"
    recs = flip_records(rnd, 150)
    c.add("flips_labels", "sfb-flips", "flips_panel", recs,
          lambda r, args: flips(r, sl, cl, LABELS), "")
    c.add("flips_recs", "sfb-flips", "flips_panel", recs,
          lambda r, args: flips(r, sr, cr, RECS, 2000, 7), "--recs -n 2000 -s 7")
    c.add("flips_by_edit", "sfb-flips", "flips_panel", recs,
          lambda r, args: flips(r, sl, cl, LABELS, 1500, 42, by="edit_label"),
          "--by edit_label -n 1500")
    c.add("flips_by_expr", "sfb-flips", "flips_panel", recs,
          lambda r, args: flips(r, sr, cr, RECS, 1200, 3, by_prefix=True),
          "--recs -n 1200 -s 3 --by-expr '.edit_label | split(\"_\")[0]'")
    c.add("flips_where", "sfb-flips", "flips_panel", recs,
          lambda r, args: flips(r, sl, cl, LABELS, 1000, 42, where_vindr=True),
          "-n 1000 --where '.source_id | startswith(\"vindr\")'")
    # -a/-b: any string arrays; categories are the observed strings in code-point order
    words = ["b", "a", "B", "é", "e\u0301", "中", "😀", "", "a b", "\u2028"]
    recs = []
    for i in range(300):
        sid = "c%02d" % rnd.randrange(60)
        recs.append({"source_id": sid, "x": label_set(rnd, words, 0.3),
                     "y": label_set(rnd, words, 0.3)})
    c.add("flips_any_arrays", "sfb-flips", "flips_words", recs,
          lambda r, args: flips(r, "x", "y", None, 800, 5), "-a x -b y -n 800 -s 5")
    # one source: no draw, the interval is the point
    recs = [{"source_id": "only", "source_recommendations": ["imaging"],
             "counterfactual_recommendations": x} for x in (["imaging"], [], ["surgery"])]
    c.add("flips_one_cluster", "sfb-flips", "flips_one", recs,
          lambda r, args: flips(r, sr, cr, RECS, 100, 42), "--recs -n 100")


# --- sfb-cluster-boot: null values, --by-expr, --where --------------------------

def boot_rows(records, metrics, iterations, seed, **grouping):
    out = []
    for g, recs in grouped(records, **grouping):
        usable = [r for r in recs if r.get("usable", True) is not False]
        dropped = len(recs) - len(usable)
        for m in metrics:
            keep = [r for r in usable if r[m] is not None]
            vals = [r[m] for r in keep]
            ids = [r["source_id"] for r in keep]
            lo, hi = boot.reference_ci(vals, ids, iterations, seed, [2.5, 97.5])
            obj = {}
            if grouping.get("by") or grouping.get("by_prefix"):
                obj["group"] = g
            obj.update({"metric": m, "n": len(vals), "n_clusters": len(set(ids)),
                        "excluded": dropped + len(usable) - len(keep),
                        "point_estimate": sum(vals) / len(vals),
                        "ci95": {"lower": lo, "upper": hi},
                        "iterations": iterations, "seed": seed, "method": METHOD})
            out.append(dumps(obj))
    return out


def boot_cases(rnd, cases):
    recs = boot.pairs_dataset(rnd, 300, ["m1"], 0.1, 0.05)
    for r in recs:
        if r["usable"]:
            r["hallucination_disparity"] = None if rnd.random() < 0.3 else rnd.random() - 0.5
            # whole clusters without the value
            if r["source_id"].endswith("7"):
                r["hallucination_disparity"] = None
    m3 = ["recommendation_changed", "hallucination_disparity", "diagnostic_label_consistency"]
    cases.add("boot_nulls", "sfb-cluster-boot", "boot_nulls", recs,
              lambda r, args: boot_rows(r, m3, 2000, 42),
              "-v recommendation_changed -v hallucination_disparity "
              "-v diagnostic_label_consistency -n 2000")
    cases.add("boot_nulls_by_expr", "sfb-cluster-boot", "boot_nulls", recs,
              lambda r, args: boot_rows(r, m3[:2], 1000, 9, by_prefix=True),
              "-v recommendation_changed -v hallucination_disparity -n 1000 -s 9 "
              "--by-expr '.edit_label | split(\"_\")[0]'")
    cases.add("boot_where", "sfb-cluster-boot", "boot_nulls", recs,
              lambda r, args: boot_rows(r, m3[::2], 1000, 42, where_vindr=True),
              "-v recommendation_changed -v diagnostic_label_consistency -n 1000 "
              "--where '.source_id | startswith(\"vindr\")'")
    cases.add("boot_where_by", "sfb-cluster-boot", "boot_nulls", recs,
              lambda r, args: boot_rows(r, m3[1:2], 500, 42, by="edit_label", where_vindr=True),
              "-v hallucination_disparity -n 500 --by edit_label "
              "--where '.source_id | startswith(\"vindr\")'")


# --- writing -------------------------------------------------------------------

class Cases:
    def __init__(self):
        self.rows = []
        self.written = {}

    def add(self, name, prog, data, records, fn, args):
        path = os.path.join("data", data + ".ndjson")
        if data in self.written:
            path = self.written[data]
        else:
            with open(os.path.join(OUT, path), "w", encoding="utf-8") as f:
                for rec in records:
                    f.write(dumps(rec) + "\n")
            # the larger inputs go compressed: zstd input is read everywhere
            if os.path.getsize(os.path.join(OUT, path)) > 50000:
                subprocess.run(["zstd", "-q", "-f", "-19", "--rm", os.path.join(OUT, path)],
                               check=True)
                path += ".zst"
            self.written[data] = path
        if fn is paired:
            lines = paired(records, "x", "y")
        else:
            lines = fn(records, args)
        with open(os.path.join(OUT, "cases", name + ".out"), "w", encoding="utf-8") as f:
            f.write("".join(line + "\n" for line in lines))
        self.rows.append("\t".join([name, prog, path, args]))


def main():
    for d in ("data", "cases"):
        os.makedirs(os.path.join(OUT, d), exist_ok=True)
    rnd = random.Random(20261205)
    cases = Cases()
    paired_cases(rnd, cases)
    flip_cases(rnd, cases)
    boot_cases(rnd, cases)
    with open(os.path.join(OUT, "cases.tsv"), "w", encoding="utf-8") as f:
        f.write("# name\tprogram\tinput (relative to this directory)\targuments\n")
        f.write("".join(r + "\n" for r in cases.rows))
    print("wrote %d cases under %s" % (len(cases.rows), OUT), file=sys.stderr)


if __name__ == "__main__":
    main()
