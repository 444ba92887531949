#!/usr/bin/python3
"""Write the fixtures of lib/image's fast PNG path (sfb_img_png_fast).

Run once by hand from the repository root with Debian's python3 and Pillow
9.4: /usr/bin/python3 tests/gen/gen_png_fast.py
Writes tests/golden/image/fast/*.png and tests/golden/image/fast_golden.h
(committed).

The PNGs are written byte by byte, every row filtered (None, Sub, Up,
Average, Paeth in turn, so each filter meets the first row and the first
pixel), the zlib stream cut into several IDAT chunks, one of them empty:
every colour type and depth the fast path takes.  The expected pixels are
Pillow's (Image.open(...).convert("L") and ("RGB")).  The anomalies are
files the fast path must leave to libspng: the test checks that it does
and that sfb_img_decode then answers exactly as libspng does.
"""

import os
import random
import struct
import zlib

from PIL import Image

OUT = "tests/golden/image/fast"
CHANNELS = {0: 1, 2: 3, 4: 2, 6: 4}


def chunk(tag, data):
    c = struct.pack(">I", len(data)) + tag + data
    return c + struct.pack(">I", zlib.crc32(tag + data) & 0xFFFFFFFF)


def pack(r, depth):
    if depth < 8:
        bits = "".join(format(v, "0%db" % depth) for v in r)
        bits += "0" * (-len(bits) % 8)
        return bytes(int(bits[i:i + 8], 2) for i in range(0, len(bits), 8))
    if depth == 8:
        return bytes(r)
    return b"".join(struct.pack(">H", v) for v in r)


def paeth(a, b, c):
    p = a + b - c
    pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
    if pa <= pb and pa <= pc:
        return a
    return b if pb <= pc else c


def filt(ft, line, prev, bpp):
    out = bytearray()
    for i, x in enumerate(line):
        a = line[i - bpp] if i >= bpp else 0
        b = prev[i]
        c = prev[i - bpp] if i >= bpp else 0
        pred = (0, a, b, (a + b) // 2, paeth(a, b, c))[ft]
        out.append((x - pred) & 0xFF)
    return bytes([ft]) + bytes(out)


def png(w, h, depth, ctype, rng, first_filter=0, extra=b"", zmod=None,
        ftype=None, after=b"", tail=chunk(b"IEND", b""), before=b""):
    n = CHANNELS[ctype]
    hi = (1 << depth) - 1
    rows = [[0 if k == 0 else hi if k == 1 else rng.randint(0, hi)
             for k in range(w * n)] for _ in range(h)]
    bpp = max(1, n * depth // 8)
    raw = b""
    prev = bytes(len(pack(rows[0], depth)))
    for y, r in enumerate(rows):
        line = pack(r, depth)
        ft = (first_filter + y) % 5 if ftype is None else ftype
        raw += filt(ft, line, prev, bpp)
        prev = line
    z = zlib.compress(raw + extra, 6)
    if zmod:
        z = zmod(z)
    cut = [0, len(z) // 3, len(z) // 3, 2 * len(z) // 3, len(z)]
    s = b"\x89PNG\r\n\x1a\n"
    s += chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, depth, ctype, 0, 0, 0))
    s += before
    for i in range(4):
        s += chunk(b"IDAT", z[cut[i]:cut[i + 1]])
    return s + after + tail


def c_bytes(name, data):
    return "static const unsigned char %s[%d] = {%s};\n" % (
        name, max(len(data), 1), ",".join(str(b) for b in data) or "0")


def main():
    rng = random.Random(20261206)
    os.makedirs(OUT, exist_ok=True)
    good = []
    for ctype, depths in ((0, (1, 2, 4, 8, 16)), (2, (8, 16)), (4, (8, 16)),
                          (6, (8, 16))):
        for d in depths:
            for w, h, ff in ((13, 10, 0), (1, 6, 2), (40, 7, 4)):
                name = "c%dd%d_%dx%d.png" % (ctype, d, w, h)
                with open(os.path.join(OUT, name), "wb") as f:
                    f.write(png(w, h, d, ctype, rng, ff))
                good.append(name)
    base = dict(w=9, h=6, depth=8, ctype=2)

    def bad_crc_end(s):
        return s[:-1] + bytes([s[-1] ^ 1])

    anomalies = {
        "a_adler": dict(zmod=lambda z: z[:-1] + bytes([z[-1] ^ 0xFF])),
        "a_zextra": dict(zmod=lambda z: z + b"\x00\x01"),
        "a_zshort": dict(zmod=lambda z: zlib.compress(zlib.decompress(z)[:-5])),
        "a_zlong": dict(extra=b"\x00" * 28),
        "a_filter5": dict(ftype=5),
        "a_text": dict(before=chunk(b"tEXt", b"Comment\x00spine")),
        "a_after": dict(after=chunk(b"tEXt", b"Comment\x00spine")),
        "a_noiend": dict(tail=b""),
        "a_trailing": dict(tail=chunk(b"IEND", b"") + b"\x00"),
        "a_iendcrc": dict(tail=bad_crc_end(chunk(b"IEND", b""))),
    }
    anom = []
    for name, kw in anomalies.items():
        args = dict(base)
        ft = kw.pop("ftype", None)
        if ft == 5:
            # an unknown filter byte on the second row
            data = png(rng=random.Random(1), ftype=0, **args)
            rows_raw = bytearray(zlib.decompress(b"".join(
                data[p + 8:p + 8 + struct.unpack(">I", data[p:p + 4])[0]]
                for p in idat_offsets(data))))
            rows_raw[9 * 3 + 1] = 5
            s = data[:33] + chunk(b"IDAT", zlib.compress(bytes(rows_raw), 6))
            s += chunk(b"IEND", b"")
        else:
            s = png(rng=rng, **args, **kw)
        with open(os.path.join(OUT, name + ".png"), "wb") as f:
            f.write(s)
        anom.append(name + ".png")
    # a bad IHDR CRC, on a good file
    s = bytearray(open(os.path.join(OUT, good[0]), "rb").read())
    s[32] ^= 1
    with open(os.path.join(OUT, "a_ihdrcrc.png"), "wb") as f:
        f.write(bytes(s))
    anom.append("a_ihdrcrc.png")
    # a bad CRC on the first of several IDAT chunks (Pillow reads past it,
    # libspng refuses it: libspng's answer stands)
    s = bytearray(open(os.path.join(OUT, good[0]), "rb").read())
    s[33 + 8 + struct.unpack(">I", s[33:37])[0]] ^= 1
    with open(os.path.join(OUT, "a_idatcrc.png"), "wb") as f:
        f.write(bytes(s))
    anom.append("a_idatcrc.png")

    h = ["/* Written by tests/gen/gen_png_fast.py with Pillow %s; do not edit. */\n"
         % Image.__version__]
    h.append("struct fast_golden { const char *file; int w, h; "
             "const unsigned char *l, *rgb; };\n")
    rows = []
    for i, n in enumerate(good):
        im = Image.open(os.path.join(OUT, n))
        im.load()
        h.append(c_bytes("fast_l_%d" % i, im.convert("L").tobytes()))
        h.append(c_bytes("fast_rgb_%d" % i, im.convert("RGB").tobytes()))
        rows.append('\t{"%s", %d, %d, fast_l_%d, fast_rgb_%d},\n' % (
            n, im.size[0], im.size[1], i, i))
    h.append("static const struct fast_golden fast_golden[] = {\n%s};\n" % "".join(rows))
    h.append("static const char *const fast_anomalies[] = {\n%s};\n" % "".join(
        '\t"%s",\n' % a for a in anom))
    with open(os.path.join("tests/golden/image", "fast_golden.h"), "w") as f:
        f.writelines(h)


def idat_offsets(data):
    p = 8
    while p < len(data):
        n = struct.unpack(">I", data[p:p + 4])[0]
        if data[p + 4:p + 8] == b"IDAT":
            yield p
        p += 12 + n


if __name__ == "__main__":
    main()
