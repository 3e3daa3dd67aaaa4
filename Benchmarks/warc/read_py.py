"""Iterates all records of a WARC with their decoded payloads: warcio or fastwarc."""
import sys
import time

impl, path = sys.argv[1], sys.argv[2]
t = time.perf_counter()
n = size = 0
if impl == "warcio":
    from warcio.archiveiterator import ArchiveIterator
    with open(path, "rb") as fh:
        for r in ArchiveIterator(fh):
            size += len(r.content_stream().read())
            n += 1
else:
    from fastwarc import ArchiveIterator
    for r in ArchiveIterator(path, auto_decode="all"):
        size += len(r.reader.read())
        n += 1
print(f"{time.perf_counter() - t:.3f} {n} {size}")
