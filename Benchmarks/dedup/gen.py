"""Writes a synthetic near-duplicate corpus for the dedup benchmark: gen.py OUT.jsonl BASES WORDS."""
import json
import pathlib
import sys

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[2] / "Tests" / "oracle"))
from dedup_corpus import clustered_corpus  # noqa: E402

docs, _ = clustered_corpus(seed=1, bases=int(sys.argv[2]), uniques=int(sys.argv[2]) // 2, length=int(sys.argv[3]))
with open(sys.argv[1], "w") as f:
    for d in docs:
        f.write(json.dumps(d) + "\n")
print(len(docs))
