#!/usr/bin/python3
"""What examples/negation-audit.sh prints, computed independently: the
retained pairs, refusal classes, labels and Jaccard of tests/gen/ref_checks.py
(plain re + NumPy), the NegEx statuses of tests/gen/negex_port.py (a Python
port of GenNegEx v1.2), the source-clustered bootstrap with NumPy's PCG64.

Run once by hand from the top of the tree after make, on the default
synthetic bundle:
    bin/sfb-synth --out /tmp/nb/artifacts --code-root /tmp/nb/code-root
    /usr/bin/python3 tests/gen/gen_negation_golden.py /tmp/nb/artifacts \\
        > tests/golden/negation/audit.out
    /usr/bin/python3 tests/gen/gen_negation_golden.py /tmp/nb/artifacts \\
        gpt-5.4 > tests/golden/negation/audit-gpt-5.4.out
"""
import os
import sys
from pathlib import Path

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import negex_port as N  # noqa: E402
import ref_checks as R  # noqa: E402

RULES = N.load_rules(os.path.join(HERE, "..", "..", "lib", "text", "negex",
                                  "negex_triggers.txt"))


def audit(root, model):
    src, gen = R.retained_pairs(root, model)
    counts = {}
    diag, aff, clusters = [], [], []
    for g in sorted(gen, key=lambda r: r["pair_id"]):
        s = src[g["pair_id"]]
        a, b = s["response"], g["response"]
        if "full_refusal" in (R.response_class(a), R.response_class(b)):
            continue
        la, lb = R.categories(R.LABEL_RX, a), R.categories(R.LABEL_RX, b)
        sa, _ = N.label_status(a, RULES)
        sb, _ = N.label_status(b, RULES)
        assert set(sa) == la and set(sb) == lb
        for st in (sa, sb):
            for cat, v in st.items():
                c = counts.setdefault(cat, [0, 0, 0])
                c[0] += 1
                c[1] += v == "negated"
                c[2] += v == "possible"
        diag.append(R.jaccard(la, lb))
        aff.append(R.jaccard({k for k, v in sa.items() if v == "affirmed"},
                             {k for k, v in sb.items() if v == "affirmed"}))
        clusters.append(R.cluster_of(s, g))
    lines = ["%s,%s,%d,%d,%d,%.4f" % (model, cat, n, k, p, (k + p) / n)
             for cat, (n, k, p) in sorted(counts.items())]
    d_lo, d_hi = R.bootstrap_ci(diag, clusters, 10000, 42)
    a_lo, a_hi = R.bootstrap_ci(aff, clusters, 10000, 42)
    cons = "%s,%d,%.4f,%.4f,%.4f,%.4f,%.4f,%.4f" % (
        model, len(diag), sum(diag) / len(diag), d_lo, d_hi,
        sum(aff) / len(aff), a_lo, a_hi)
    return lines, cons


def main(argv):
    root = Path(argv[1]).resolve()
    models = argv[2:] or list(R.MODELS)
    print("model,category,label_mentions,negated,possible,"
          "negated_or_possible_share")
    cons = []
    for m in models:
        lines, c = audit(root, m)
        for line in lines:
            print(line)
        cons.append(c)
    print("model,usable_pairs,diagnostic_label_consistency,ci_lower,ci_upper,"
          "affirmed_label_consistency,ci_lower,ci_upper")
    for c in cons:
        print(c)


if __name__ == "__main__":
    main(sys.argv)
