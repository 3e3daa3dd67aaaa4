"""Times pyarrow.parquet.write_table (single thread) on the rows Sieve wrote, built into the same
columns; prints JSON {seconds, bytes} per configuration. Also checks Sieve's file reads back equal.
Usage: pyarrow_write.py SIEVE.parquet INPUT.jsonl WORKDIR"""
import json
import os
import sys
import time

import pyarrow as pa
import pyarrow.parquet as pq

sieve_file, jsonl, work = sys.argv[1:4]
pa.set_cpu_count(1)
pa.set_io_thread_count(1)
table = pq.read_table(sieve_file, use_threads=False)
ids = [json.loads(l)["id"] for l in open(jsonl, encoding="utf-8")]
assert table.column("id").to_pylist() == ids, "Sieve's Parquet does not hold the input rows"
results = {}
for name, kw in [("pyarrow_zstd_default", {}), ("pyarrow_zstd3", {"compression_level": 3}),
                 ("pyarrow_zstd3_plain", {"compression_level": 3, "use_dictionary": False})]:
    path = os.path.join(work, name + ".parquet")
    best = None
    for _ in range(2):
        t = time.perf_counter()
        pq.write_table(table, path, compression="zstd", row_group_size=10000, **kw)
        dt = time.perf_counter() - t
        best = dt if best is None else min(best, dt)
    results[name] = {"seconds": best, "bytes": os.path.getsize(path)}
print(json.dumps(results))
