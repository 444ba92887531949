#!/usr/bin/python3
"""Write tests/golden/pair/repr.tsv: JSON values and Python's own repr() and
str() of what json.loads makes of them (str as Python writes it to stderr,
lone surrogates backslash-escaped).  Columns: the JSON text, hex of repr,
hex of str.  Run once by hand; the output is committed.  sfb is not
involved."""
import json
import os
import random

tokens = [
    'null', 'true', 'false', '0', '-0', '7', '-12', '123456789012345678901234567890',
    '0.0', '-0.0', '1.0', '0.1', '1E5', '1e400', '-1e400', '1e-400', '2.5e-05',
    '1e16', '-1.5', '[]', '{}', '[1, "a", null, [true, false]]',
    '{"a": 1, "b": [2], "a": 3}', '{"k": {"x": "y"}, "z": 0.5}',
    '{"\\u0061": 1, "a": 2}',
]
strings = [
    '', 'source', 'generated', 'Source', "it's", 'say "hi"', 'both \' and "',
    'back\\slash', 'tab\tnl\ncr\r', '\x00\x01\x1f\x7f', '\x80\x9f\xa0\xad\xff',
    'caf\u00e9', '\u0100\u0378\u200b\u2028\u2029\u3000', '\ud800', 'x\udfffy',
    '\U0001F600', '\U000E0001', '\U0010FFFF', '\U0001FFFF', 'e\u0301',
    '\ufeff', '\u061c\u180e', '\ue000', '\ufffd\ufffe',
]
rng = random.Random(11)
pools = [(0x20, 0x7f), (0x80, 0x800), (0x800, 0x10000), (0x10000, 0x110000),
         (0xd800, 0xe000), (0xe0000, 0xe0200)]
for _ in range(400):
    s = []
    for _ in range(rng.randint(1, 6)):
        lo, hi = rng.choice(pools)
        s.append(chr(rng.randrange(lo, hi)))
    strings.append(''.join(s))
for s in strings:
    tokens.append(json.dumps(s))
tokens.append(json.dumps(strings[:6]))
tokens.append(json.dumps({s: i for i, s in enumerate(strings[:8])}))

out = os.path.join(os.path.dirname(__file__), '..', 'golden', 'pair', 'repr.tsv')
os.makedirs(os.path.dirname(out), exist_ok=True)
with open(out, 'w') as f:
    f.write('# json\thex(repr)\thex(str)\n')
    for t in tokens:
        v = json.loads(t)
        r = repr(v).encode('utf-8', 'surrogatepass').hex()
        s = str(v).encode('utf-8', 'backslashreplace').hex()
        f.write('%s\t%s\t%s\n' % (t, r or '-', s or '-'))
