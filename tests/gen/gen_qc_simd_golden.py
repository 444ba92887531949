#!/usr/bin/python3
"""Write the fixtures and golden values that hold sfb-qc's vector paths
(AVX2 edge maps, sums, SSIM) to NumPy at their boundaries.

Run once by hand from the repository root with Debian's python3, Pillow 9.4
and NumPy 1.24: /usr/bin/python3 tests/gen/gen_qc_simd_golden.py
It computes QC as tests/gen/gen_image_golden.py does (the reference's
generator/qc.py, SPEC 14.1), on gray images of widths and heights around
the vector widths (8 floats, 32 bytes), around NumPy's 128-element pairwise
blocks and 8192-element buffers, with steps at the vector edges, flat
images (the 1e-6 threshold), every level 0..255, and 0/255 noise.

Outputs (under tests/golden/image/):
  simd/*.png       the pairs' images (8-bit gray, written by Pillow)
  simd_golden.h    C table for tests/unit/test_image.c
  simd.tsv         src, gen, ssim, edge_preservation for tests/sfb-qc.bats
"""

import os

import numpy as np
from PIL import Image

import gen_image_golden as g

OUT = "tests/golden/image"
DIR = os.path.join(OUT, "simd")

SIZES = [(1, 1), (1, 9), (9, 1), (2, 2), (3, 3), (7, 5), (8, 3), (9, 9),
         (10, 4), (15, 4), (16, 16), (17, 6), (24, 2), (31, 3), (32, 32),
         (33, 7), (40, 1), (63, 2), (64, 3), (65, 65), (127, 3), (128, 2),
         (129, 9), (91, 91), (256, 33), (257, 33), (300, 40)]


def image(rng, w, h, kind):
    y, x = np.mgrid[0:h, 0:w]
    if kind == "noise":
        a = rng.integers(0, 256, (h, w))
    elif kind == "smooth":
        a = 60 + 100 * y / max(h - 1, 1) + 40 * np.sin(x / 5.0) + rng.normal(0, 3, (h, w))
    elif kind == "steps":
        # edges just before, at and after multiples of 8 and 32
        a = np.where((x % 8 == 7) | (x % 32 == 0) | (y % 9 == 4), 220, 30) + rng.integers(0, 3, (h, w))
    elif kind == "levels":
        a = (x * 37 + y * 101) % 256
    elif kind == "binary":
        a = rng.integers(0, 2, (h, w)) * 255
    else:   # flat
        a = np.full((h, w), 77)
    return np.clip(a, 0, 255).astype(np.uint8)


def main():
    os.makedirs(DIR, exist_ok=True)
    rng = np.random.default_rng(20261206)
    kinds = ["noise", "smooth", "steps", "levels", "binary"]
    rows = []
    tsv = []
    for k, (w, h) in enumerate(SIZES):
        kind = kinds[k % len(kinds)]
        src = image(rng, w, h, kind)
        gens = [
            np.clip(src.astype(np.int16) + rng.integers(-20, 21, src.shape), 0, 255).astype(np.uint8),
            np.roll(src, 1, axis=1),
            image(rng, w, h, kinds[(k + 2) % len(kinds)]),
        ]
        if k % 4 == 0:
            gens.append(image(rng, w, h, "flat"))
        sname = "s%dx%d.png" % (w, h)
        Image.fromarray(src, "L").save(os.path.join(DIR, sname))
        for j, gen in enumerate(gens):
            gname = "g%dx%d_%d.png" % (w, h, j)
            Image.fromarray(gen, "L").save(os.path.join(DIR, gname))
            ssim, edge, n, kept, ts, tg = g.qc(os.path.join(DIR, sname), os.path.join(DIR, gname))
            rows.append('\t{"%s", "%s", %s, %s, %d, %d, %sf, %sf},\n' % (
                sname, gname, float(ssim).hex(), float(edge).hex(), n, kept,
                float(ts).hex(), float(tg).hex()))
            tsv.append("%s\t%s\t%r\t%r\n" % (sname, gname, float(ssim), float(edge)))
    # flat source: the threshold is 1e-6 and no pixel is an edge
    flat = image(rng, 33, 17, "flat")
    Image.fromarray(flat, "L").save(os.path.join(DIR, "flat.png"))
    Image.fromarray(image(rng, 33, 17, "noise"), "L").save(os.path.join(DIR, "flat_g.png"))
    ssim, edge, n, kept, ts, tg = g.qc(os.path.join(DIR, "flat.png"), os.path.join(DIR, "flat_g.png"))
    rows.append('\t{"flat.png", "flat_g.png", %s, %s, %d, %d, %sf, %sf},\n' % (
        float(ssim).hex(), float(edge).hex(), n, kept, float(ts).hex(), float(tg).hex()))
    tsv.append("flat.png\tflat_g.png\t%r\t%r\n" % (float(ssim), float(edge)))
    with open(os.path.join(OUT, "simd.tsv"), "w") as f:
        f.writelines(tsv)
    with open(os.path.join(OUT, "simd_golden.h"), "w") as f:
        f.write("/* simd_golden.h - written by tests/gen/gen_qc_simd_golden.py "
                "(NumPy 1.24, Pillow 9.4) */\n")
        f.write("static const struct qc_golden simd_golden[] = {\n%s};\n" % "".join(rows))


if __name__ == "__main__":
    main()
