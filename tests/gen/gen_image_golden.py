#!/usr/bin/python3
"""Write the fixtures and golden values of lib/image, sfb-qc and
sfb-mask-blend.

Run once by hand from the repository root with Debian's python3, Pillow 9.4
and NumPy 1.24: /usr/bin/python3 tests/gen/gen_image_golden.py
Everything it writes goes to tests/golden/image/ and is committed; neither
Python, Pillow nor NumPy is needed to build or test sfb.

The fixture PNGs are written here byte by byte (zlib + CRC-32), so every
colour type and bit depth is covered, including the ones Pillow cannot
write; JPEGs are written by Pillow.  The expected pixels come from Pillow
itself (Image.open(...).convert(mode), .resize(size)); the QC numbers and
blends are computed with NumPy as SPEC 14.1-14.2 and the reference's
generator/qc.py and generator/masks.py describe them.

Outputs (under tests/golden/image/):
  fx/*.png, fx/*.jpg, fx/bad_*   fixture images
  image_golden.h   C tables for tests/unit/test_image.c
  qc.tsv           pair, ssim, edge_preservation for tests/sfb-qc.bats
  blendN.txt       the bytes of blend case N (image_golden.h), for
                   tests/sfb-mask-blend.bats; spot.txt the spot values
"""

import os
import random
import struct
import zlib

import numpy as np
from PIL import Image

OUT = "tests/golden/image"
FX = os.path.join(OUT, "fx")


def chunk(tag, data):
    c = struct.pack(">I", len(data)) + tag + data
    return c + struct.pack(">I", zlib.crc32(tag + data) & 0xFFFFFFFF)


ADAM7 = ((0, 0, 8, 8), (4, 0, 8, 8), (0, 4, 4, 8), (2, 0, 4, 4),
         (0, 2, 2, 4), (1, 0, 2, 2), (0, 1, 1, 2))


def png_bytes(w, h, depth, ctype, rows, plte=None, trns=None, interlace=False):
    """rows: list of lists of samples (channels interleaved)."""
    if interlace:
        # the seven Adam7 passes, each its own small image; empty ones
        # have no rows at all
        n = CHANNELS[ctype]
        sub = []
        for x0, y0, dx, dy in ADAM7:
            for y in range(y0, h, dy):
                r = []
                for x in range(x0, w, dx):
                    r += rows[y][x * n:(x + 1) * n]
                if r:
                    sub.append(r)
        rows = sub
    raw = b""
    for r in rows:
        line = b""
        if depth < 8:
            bits = "".join(format(v, "0%db" % depth) for v in r)
            bits += "0" * (-len(bits) % 8)
            line = bytes(int(bits[i:i + 8], 2) for i in range(0, len(bits), 8))
        elif depth == 8:
            line = bytes(r)
        else:
            line = b"".join(struct.pack(">H", v) for v in r)
        raw += b"\x00" + line
    s = b"\x89PNG\r\n\x1a\n"
    s += chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, depth, ctype, 0, 0,
                                    1 if interlace else 0))
    if plte is not None:
        s += chunk(b"PLTE", bytes(c for rgb in plte for c in rgb))
    if trns is not None:
        s += chunk(b"tRNS", trns)
    s += chunk(b"IDAT", zlib.compress(raw, 9))
    s += chunk(b"IEND", b"")
    return s


CHANNELS = {0: 1, 2: 3, 3: 1, 4: 2, 6: 4}


def sample_rows(rng, w, h, depth, ctype, top=None):
    n = CHANNELS[ctype]
    hi = (1 << depth) - 1 if top is None else top
    rows = []
    for y in range(h):
        r = []
        for x in range(w * n):
            # the extremes and a few exact bytes, then random values
            k = y * w * n + x
            if k == 0:
                r.append(0)
            elif k == 1:
                r.append(hi)
            elif depth == 16 and k == 2:
                r.append(255)
            elif depth == 16 and k == 3:
                r.append(256)
            else:
                r.append(rng.randint(0, hi))
        rows.append(r)
    return rows


def write(path, data):
    with open(path, "wb") as f:
        f.write(data)


def c_bytes(name, data):
    body = ",".join(str(b) for b in data)
    return "static const unsigned char %s[%d] = {%s};\n" % (
        name, max(len(data), 1), body or "0")


def fixtures(rng):
    """Write the decoder fixtures; returns their names."""
    names = []

    def png(name, w, h, depth, ctype, **kw):
        top = kw.pop("top", None)
        rows = kw.pop("rows", None) or sample_rows(rng, w, h, depth, ctype, top)
        write(os.path.join(FX, name + ".png"),
              png_bytes(w, h, depth, ctype, rows, **kw))
        names.append(name + ".png")

    for d in (1, 2, 4, 8, 16):
        png("g%d" % d, 13, 5, d, 0)
    # 16-bit gray that stays mostly below 256, where clipping shows least
    png("g16low", 9, 4, 16, 0, top=300)
    for d in (8, 16):
        png("rgb%d" % d, 7, 5, d, 2)
        png("ga%d" % d, 7, 5, d, 4)
        png("rgba%d" % d, 7, 5, d, 6)
    pal = [(rng.randint(0, 255), rng.randint(0, 255), rng.randint(0, 255))
           for _ in range(256)]
    for d in (1, 2, 4, 8):
        png("p%d" % d, 13, 5, d, 3, plte=pal[:1 << d])
    # indices past a short palette read Pillow's initial gray ramp
    png("p8short", 11, 3, 8, 3, plte=pal[:5],
        rows=[[rng.randint(0, 9) for _ in range(11)] for _ in range(3)])
    png("p4trns", 13, 5, 4, 3, plte=pal[:16], trns=bytes(range(0, 256, 16)))
    png("g8trns", 7, 5, 8, 0, trns=b"\x00\x10")
    png("rgb8trns", 7, 5, 8, 2, trns=b"\x00\x10\x00\x20\x00\x30")
    png("one", 1, 1, 8, 2)
    png("two", 2, 1, 8, 0)
    # Pillow reads past a bad IDAT CRC (it checks only the chunks before)
    d = bytearray(png_bytes(7, 5, 8, 2, sample_rows(random.Random(7), 7, 5, 8, 2)))
    d[-12 - 4] ^= 0xFF
    write(os.path.join(FX, "idatcrc.png"), bytes(d))
    names.append("idatcrc.png")
    # Adam7 interlacing, sub-byte and 16-bit samples included
    irng = random.Random(8)
    for name, w, h, d, ct in (("i_rgb8", 11, 9, 8, 2), ("i_g2", 13, 6, 2, 0),
                              ("i_rgba16", 5, 3, 16, 6), ("i_p4", 3, 2, 4, 3)):
        plte = [(irng.randint(0, 255), irng.randint(0, 255), irng.randint(0, 255))
                for _ in range(16)] if ct == 3 else None
        write(os.path.join(FX, name + ".png"), png_bytes(
            w, h, d, ct, sample_rows(irng, w, h, d, ct), plte=plte, interlace=True))
        names.append(name + ".png")

    base = Image.frombytes("RGB", (24, 17), bytes(
        (x * 10 + y * 3 + rng.randint(0, 40)) % 256
        for y in range(17) for x in range(24) for _ in range(3)))
    base.save(os.path.join(FX, "rgb.jpg"), quality=90)
    base.save(os.path.join(FX, "rgb444.jpg"), quality=95, subsampling=0)
    base.save(os.path.join(FX, "rgbprog.jpg"), quality=80, progressive=True)
    base.convert("L").save(os.path.join(FX, "gray.jpg"), quality=90)
    names += ["rgb.jpg", "rgb444.jpg", "rgbprog.jpg", "gray.jpg"]
    return names


def bad_fixtures():
    """Files Pillow refuses, and sfb with them."""
    good = open(os.path.join(FX, "g8.png"), "rb").read()
    write(os.path.join(FX, "bad_truncated.png"), good[:len(good) // 2 + 10])
    write(os.path.join(FX, "bad_text.png"), b"not an image\n")
    ihdr = struct.pack(">IIBBBBB", 4, 4, 3, 0, 0, 0, 0)
    s = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr)
    s += chunk(b"IDAT", zlib.compress(b"\x00\x00" * 4)) + chunk(b"IEND", b"")
    write(os.path.join(FX, "bad_depth.png"), s)
    ihdr = struct.pack(">IIBBBBB", 4, 4, 16, 3, 0, 0, 0)
    s = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr)
    s += chunk(b"IDAT", zlib.compress(b"\x00" * 36)) + chunk(b"IEND", b"")
    write(os.path.join(FX, "bad_p16.png"), s)
    jpg = open(os.path.join(FX, "rgb.jpg"), "rb").read()
    write(os.path.join(FX, "bad_truncated.jpg"), jpg[:len(jpg) // 2])
    # but not past a bad Adler-32 at the end of the zlib stream
    rows = [[y * 16 + x for x in range(4)] for y in range(4)]
    z = bytearray(zlib.compress(b"".join(b"\x00" + bytes(r) for r in rows)))
    z[-1] ^= 0xFF
    s = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 4, 4, 8, 0, 0, 0, 0))
    s += chunk(b"IDAT", bytes(z)) + chunk(b"IEND", b"")
    write(os.path.join(FX, "bad_adler.png"), s)
    # a bad CRC in an ancillary chunk before the image data
    t = chunk(b"tEXt", b"Comment\x00spine")
    t = t[:-1] + bytes([t[-1] ^ 0xFF])
    s = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 4, 4, 8, 0, 0, 0, 0))
    s += t + chunk(b"IDAT", zlib.compress(b"\x00" * 20)) + chunk(b"IEND", b"")
    write(os.path.join(FX, "bad_textcrc.png"), s)
    bad = ["bad_truncated.png", "bad_text.png", "bad_depth.png",
           "bad_p16.png", "bad_truncated.jpg", "bad_adler.png",
           "bad_textcrc.png"]
    for b in bad:
        try:
            Image.open(os.path.join(FX, b)).convert("L")
        except Exception:  # noqa: BLE001 - any refusal is what we want
            continue
        raise SystemExit("Pillow opened %s" % b)
    return bad


def resize_cases(rng):
    """(name, mode, source size, target size)."""
    cases = []
    srcs = {}
    for mode in ("L", "RGB"):
        for (w, h) in ((13, 11), (1, 1), (2, 1), (1, 2), (37, 29)):
            n = w * h * len(mode)
            srcs[(mode, w, h)] = Image.frombytes(
                mode, (w, h), bytes(rng.randint(0, 255) for _ in range(n)))
    targets = {
        (13, 11): [(1, 1), (2, 2), (5, 4), (7, 11), (13, 3), (20, 17),
                   (31, 23), (13, 11), (6, 19), (26, 22)],
        (1, 1): [(5, 3), (1, 4), (2, 2)],
        (2, 1): [(7, 1), (1, 1), (3, 5)],
        (1, 2): [(1, 7), (4, 1)],
        (37, 29): [(10, 9), (16, 16), (101, 73), (36, 30)],
    }
    for (mode, w, h), im in sorted(srcs.items()):
        for t in targets[(w, h)]:
            cases.append((mode, im, t))
    return cases


# QC, written from SPEC 14.1 and the reference's generator/qc.py ---------

def ssim(a, b):
    a = a.astype("float64")
    b = b.astype("float64")
    c1, c2 = 0.01 ** 2, 0.03 ** 2
    ma, mb = a.mean(), b.mean()
    va, vb = a.var(), b.var()
    cab = ((a - ma) * (b - mb)).mean()
    return float(((2 * ma * mb + c1) * (2 * cab + c2)) /
                 ((ma ** 2 + mb ** 2 + c1) * (va + vb + c2)))


def edges(img):
    arr = img.astype("float32")
    gx = np.zeros_like(arr)
    gy = np.zeros_like(arr)
    gx[:, 1:-1] = arr[:, 2:] - arr[:, :-2]
    gy[1:-1, :] = arr[2:, :] - arr[:-2, :]
    mag = np.sqrt(gx * gx + gy * gy)
    thr = max(float(mag.mean() + mag.std()), 1e-6)
    return mag > thr, np.float32(thr)


def dilate(m):
    p = np.pad(m, 1, mode="constant", constant_values=False)
    out = np.zeros_like(m, dtype=bool)
    for r in range(3):
        for c in range(3):
            out |= p[r:r + m.shape[0], c:c + m.shape[1]]
    return out


def qc(src_path, gen_path):
    s = np.asarray(Image.open(src_path).convert("L"), dtype="float32") / 255.0
    g = np.asarray(Image.open(gen_path).convert("L").resize(
        (s.shape[1], s.shape[0])), dtype="float32") / 255.0
    es, ts = edges(s)
    eg, tg = edges(g)
    n = int(es.sum())
    kept = int((es & dilate(eg)).sum())
    edge = 1.0 if n == 0 else float(kept) / float(n)
    return ssim(s, g), edge, n, kept, ts, tg


def synthetic():
    """SPEC 14.3's dry-run source: 128x128 gray."""
    a = np.zeros((128, 128), dtype=np.uint8)
    for y in range(128):
        for x in range(128):
            a[y, x] = 40 + (120 * y) // 127 + (90 if abs(x - 64) < 10 else 0)
    return a


def qc_fixtures(rng):
    """Write the QC pairs; returns (name, source, generated) triples."""
    pairs = []
    syn = synthetic()
    Image.fromarray(syn, "L").save(os.path.join(FX, "syn.png"))
    variants = {
        "syn_same": syn,
        "syn_roll1": np.roll(syn, 1, axis=1),
        "syn_roll3": np.roll(syn, 3, axis=1),
        "syn_plus10": np.clip(syn.astype(np.int16) + 10, 0, 255).astype(np.uint8),
        "syn_inverted": 255 - syn,
        "syn_flat": np.full_like(syn, 128),
    }
    for name, arr in variants.items():
        Image.fromarray(arr, "L").save(os.path.join(FX, name + ".png"))
        pairs.append((name, "syn.png", name + ".png"))
    Image.fromarray(syn, "L").resize((512, 512), Image.BICUBIC).save(
        os.path.join(FX, "syn_up512.png"))
    pairs.append(("syn_up512", "syn.png", "syn_up512.png"))

    def smooth_noise(w, h, mode, amp):
        ch = len(mode)
        data = bytearray()
        for y in range(h):
            for x in range(w):
                for c in range(ch):
                    v = 128 + 60 * np.sin(x / 9.0 + c) * np.cos(y / 13.0)
                    data.append(int(min(255, max(0, v + rng.randint(-amp, amp)))))
        return Image.frombytes(mode, (w, h), bytes(data))

    # several float32 buffers of 8192 (256 x 256), and an odd count
    smooth_noise(256, 256, "L", 6).save(os.path.join(FX, "n256a.png"))
    smooth_noise(256, 256, "L", 25).save(os.path.join(FX, "n256b.png"))
    smooth_noise(200, 173, "RGB", 10).save(os.path.join(FX, "n200a.png"))
    smooth_noise(150, 90, "RGB", 30).save(os.path.join(FX, "n150b.png"))
    smooth_noise(3, 2, "L", 100).save(os.path.join(FX, "n3a.png"))
    smooth_noise(5, 7, "L", 100).save(os.path.join(FX, "n5b.png"))
    pairs += [("n256", "n256a.png", "n256b.png"),
              ("n200_resized", "n200a.png", "n150b.png"),
              ("n3_resized", "n3a.png", "n5b.png"),
              ("one_one", "one.png", "two.png"),
              ("g16_rgba16", "g16.png", "rgba16.png"),
              ("jpeg_p4", "rgb.jpg", "p4.png")]
    return pairs


def blend(src_path, gen_path, mask_path, b):
    """SPEC 14.2, from the reference's masks.py."""
    source = Image.open(src_path).convert("RGB")
    mask = Image.open(mask_path).convert("L").resize(source.size)
    mask = (np.asarray(mask, dtype="float32") / 255.0 > 0.5).astype("float32")
    generated = Image.open(gen_path).convert("RGB").resize(source.size)
    s = np.asarray(source, dtype="float32")
    g = np.asarray(generated, dtype="float32")
    m = mask[..., None].astype("float32")
    out = g * (1.0 - m * b) + s * (m * b)
    return out.clip(0, 255).astype("uint8")


def blend_fixtures(rng):
    src = Image.frombytes("RGB", (9, 7), bytes(rng.randint(0, 255) for _ in range(189)))
    gen = Image.frombytes("RGB", (6, 5), bytes(rng.randint(0, 255) for _ in range(90)))
    mask = Image.frombytes("L", (4, 3), bytes(rng.choice((0, 90, 130, 255)) for _ in range(12)))
    src.save(os.path.join(FX, "bl_src.png"))
    gen.save(os.path.join(FX, "bl_gen.png"))
    mask.save(os.path.join(FX, "bl_mask.png"))
    # the spot values of SPEC 14.2, one per pixel, mask all set
    # and (128, 64) again where the mask is 128 (set) and 127 (not set)
    spots = [(200, 100), (255, 0), (0, 255), (10, 20), (3, 7), (128, 64),
             (128, 64), (128, 64)]
    n = len(spots)
    Image.frombytes("L", (n, 1), bytes(s for s, _ in spots)).save(os.path.join(FX, "spot_src.png"))
    Image.frombytes("L", (n, 1), bytes(g for _, g in spots)).save(os.path.join(FX, "spot_gen.png"))
    Image.frombytes("L", (n, 1), b"\xff" * 6 + b"\x80\x7f").save(os.path.join(FX, "spot_mask.png"))


def main():
    rng = random.Random(20261205)
    os.makedirs(FX, exist_ok=True)
    h = ["/* Written by tests/gen/gen_image_golden.py with Pillow %s and NumPy %s;"
         " do not edit. */\n" % (Image.__version__, np.__version__)]

    names = fixtures(rng)
    h.append("struct conv_golden { const char *file; int w, h; "
             "const unsigned char *l, *rgb; };\n")
    rows = []
    for i, n in enumerate(names):
        im = Image.open(os.path.join(FX, n))
        im.load()
        l, rgb = im.convert("L"), im.convert("RGB")
        h.append(c_bytes("conv_l_%d" % i, l.tobytes()))
        h.append(c_bytes("conv_rgb_%d" % i, rgb.tobytes()))
        rows.append('\t{"%s", %d, %d, conv_l_%d, conv_rgb_%d},\n' % (
            n, im.size[0], im.size[1], i, i))
    h.append("static const struct conv_golden conv_golden[] = {\n%s};\n" % "".join(rows))

    bad = bad_fixtures()
    h.append("static const char *const bad_files[] = {\n%s};\n" % "".join(
        '\t"%s",\n' % b for b in bad))

    h.append("struct resize_golden { int ch, w, h, tw, th; "
             "const unsigned char *in, *out; };\n")
    rows = []
    for i, (mode, im, (tw, th)) in enumerate(resize_cases(rng)):
        out = im.resize((tw, th))
        assert out.size == (tw, th)
        h.append(c_bytes("rs_in_%d" % i, im.tobytes()))
        h.append(c_bytes("rs_out_%d" % i, out.tobytes()))
        rows.append("\t{%d, %d, %d, %d, %d, rs_in_%d, rs_out_%d},\n" % (
            len(mode), im.size[0], im.size[1], tw, th, i, i))
    h.append("static const struct resize_golden resize_golden[] = {\n%s};\n" % "".join(rows))

    pairs = qc_fixtures(rng)
    h.append("struct qc_golden { const char *src, *gen; double ssim, edge; "
             "unsigned long long n, kept; float ts, tg; };\n")
    rows = []
    tsv = []
    for name, s, g in pairs:
        v = qc(os.path.join(FX, s), os.path.join(FX, g))
        rows.append('\t{"%s", "%s", %s, %s, %d, %d, %sf, %sf},\n' % (
            s, g, float(v[0]).hex(), float(v[1]).hex(), v[2], v[3],
            float(v[4]).hex(), float(v[5]).hex()))
        tsv.append("%s\t%s\t%s\t%r\t%r\n" % (name, s, g, v[0], v[1]))
    h.append("static const struct qc_golden qc_golden[] = {\n%s};\n" % "".join(rows))
    with open(os.path.join(OUT, "qc.tsv"), "w") as f:
        f.writelines(tsv)

    blend_fixtures(rng)
    bl = [("bl_src.png", "bl_gen.png", "bl_mask.png", 0.7),
          ("bl_src.png", "bl_gen.png", "bl_mask.png", 0.25),
          ("spot_src.png", "spot_gen.png", "spot_mask.png", 0.7),
          ("syn.png", "syn_up512.png", "n3a.png", 0.7)]
    h.append("struct blend_golden { const char *src, *gen, *mask; double b; "
             "int w, h; const unsigned char *out; };\n")
    rows = []
    for i, (s, g, m, b) in enumerate(bl):
        out = blend(os.path.join(FX, s), os.path.join(FX, g), os.path.join(FX, m), b)
        h.append(c_bytes("bl_out_%d" % i, out.tobytes()))
        if out.size < 1000:
            with open(os.path.join(OUT, "blend%d.txt" % i), "w") as f:
                f.write(" ".join(str(v) for v in out.tobytes()) + "\n")
        rows.append('\t{"%s", "%s", "%s", %r, %d, %d, bl_out_%d},\n' % (
            s, g, m, b, out.shape[1], out.shape[0], i))
    h.append("static const struct blend_golden blend_golden[] = {\n%s};\n" % "".join(rows))
    spot = blend(os.path.join(FX, "spot_src.png"), os.path.join(FX, "spot_gen.png"),
                 os.path.join(FX, "spot_mask.png"), 0.7)
    with open(os.path.join(OUT, "spot.txt"), "w") as f:
        f.write(" ".join(str(int(v)) for v in spot[0, :, 0]) + "\n")

    with open(os.path.join(OUT, "image_golden.h"), "w") as f:
        f.writelines(h)


if __name__ == "__main__":
    main()
