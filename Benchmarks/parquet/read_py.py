#!/usr/bin/env python3
"""pyarrow, single thread: decode the `text` column of FILE batch by batch.
Prints rows, text bytes and the CPU seconds of the reading loop alone (import excluded)."""
import sys
import time

import pyarrow.parquet as pq

t0 = time.process_time()
f = pq.ParquetFile(sys.argv[1])
rows = size = 0
for batch in f.iter_batches(columns=["text"], use_threads=False, batch_size=65536):
    col = batch.column(0)
    rows += len(col)
    size += col.buffers()[2].size if col.buffers()[2] is not None else 0
print(rows, size, time.process_time() - t0)
