#!/usr/bin/env python3
"""Writes a FineWeb-shaped Parquet file of about TARGET_MB MB of text with pyarrow (deterministic
word salad over a multilingual vocabulary; ~2-8 KB documents; 20k-row row groups like FineWeb).
Usage: gen.py OUT.parquet TARGET_MB CODEC"""
import random
import sys

import pyarrow as pa
import pyarrow.parquet as pq

out, target_mb, codec = sys.argv[1], int(sys.argv[2]), sys.argv[3]
rng = random.Random(1234)
vocab = ("the of and to in is was for on that with as by at from this be are have it or an which were "
         "Gemeinde Straße über wälder Öffnungszeiten marché été français città perché año niño "
         "данные город время 東京 数据 ελληνικά données network river winter mountain library "
         "repair bicycle garden tomato concert council weather forecast").split()
texts, total, n = [], 0, 0
target = target_mb * 1_000_000
while total < target:
    k = rng.randint(300, 1400)
    t = " ".join(rng.choice(vocab) for _ in range(k))
    texts.append(t)
    total += len(t.encode())
    n += 1
table = pa.table({
    "text": texts,
    "id": [f"<urn:uuid:{i:032x}>" for i in range(n)],
    "dump": ["CC-MAIN-2024-10"] * n,
    "url": [f"https://example.org/{i}" for i in range(n)],
    "date": ["2024-02-20T10:00:00Z"] * n,
    "language": ["en"] * n,
    "language_score": [0.9] * n,
    "token_count": pa.array([len(t) // 4 for t in texts], pa.int64()),
})
pq.write_table(table, out, compression=codec, row_group_size=20_000)
print(f"{out}: {n} rows, {total / 1e6:.0f} MB of text", file=sys.stderr)
