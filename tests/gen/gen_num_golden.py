#!/usr/bin/python3
"""Write tests/golden/num/format.tsv: doubles (as exact hex bit patterns) and
Python's own text for them: repr, format .3f/.6f, round(x, 3) and .4%.
Run once by hand; the output is committed.  sfb is not involved."""
import random
import struct
import os

def bits(x):
    return struct.unpack('<Q', struct.pack('<d', x))[0]

vals = [0.0, -0.0, 1.0, -1.0, 0.1, 0.2, 0.3, 0.4, 0.5, 1/3, 2/3, 0.605,
        0.3833333333333333, 1e-05, 1e-04, 1e16, 1e15, 123456789012345678.0,
        9999999999999998.0, 5e-324, 1.7976931348623157e308, 2.5e-05,
        0.0005, 0.0015, 0.0025, 2.675, 1.0005, 0.6938469234617308,
        0.6487172157507325, 0.26331320422115817, 100.0, 1e22, 1e-7, 0.001,
        0.9995, 0.12345, 509/34146, 1 - 0.2933966983491746]
rng = random.Random(7)
for _ in range(400):
    vals.append(rng.random())
    vals.append(rng.uniform(-1e6, 1e6))
    vals.append(struct.unpack('<d', struct.pack('<Q', rng.getrandbits(63)))[0])
    vals.append(rng.randint(0, 4000) / rng.randint(1, 4000))
    vals.append(rng.randint(0, 2000) / 1000 + rng.choice([0.0005, -0.0005, 0]))
out = os.path.join(os.path.dirname(__file__), '..', 'golden', 'num', 'format.tsv')
with open(out, 'w') as f:
    f.write('# bits\trepr\t.3f\t.6f\trepr(round(x,3))\t.4%\n')
    for x in vals:
        if x != x or x in (float('inf'), float('-inf')):
            continue
        f.write('%016x\t%r\t%s\t%s\t%r\t%s\n' % (bits(x), x, format(x, '.3f'),
                format(x, '.6f'), round(x, 3), format(x, '.4%')))
