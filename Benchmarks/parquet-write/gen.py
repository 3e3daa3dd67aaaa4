"""Synthetic Dolma rows for the Parquet writing benchmark: Zipf-distributed pseudo-words (so the text
compresses about like web text), a few languages, URLs and metadata. Seeded: the same file every time.
Usage: gen.py OUT.jsonl N"""
import json
import sys

import numpy as np

out, n = sys.argv[1], int(sys.argv[2])
rng = np.random.default_rng(1234)
syll = ["ka", "lo", "mi", "ten", "ra", "sch", "ung", "der", "an", "é", "ü", "ber", "ko", "na", "vi", "st", "or", "el", "qu", "ï"]
vocab = ["".join(rng.choice(syll, size=rng.integers(1, 5))) for _ in range(30000)]
vocab = np.array(vocab, dtype=object)
langs = ["eng_Latn", "deu_Latn", "fra_Latn", "ita_Latn", "spa_Latn"]
with open(out, "w", encoding="utf-8") as f:
    for i in range(n):
        words = int(rng.lognormal(5.4, 0.7)) + 5
        idx = np.minimum(rng.zipf(1.3, size=words) - 1, len(vocab) - 1)
        text = " ".join(vocab[idx])
        row = {"id": f"<urn:uuid:{i:08d}-bench>", "text": text, "source": "bench", "created": "2024-05-%02d" % (1 + i % 28),
               "metadata": {"url": f"https://site{i % 5000}.example/{i}.html", "lang": langs[i % 5],
                            "lang_score": round(0.5 + (i % 500) / 1000, 4), "warc_date": "2024-05-01T00:00:00Z"}}
        f.write(json.dumps(row, ensure_ascii=False) + "\n")
print(n)
