"""Writes N JSON Lines documents over F files for the `sieve audit why` benchmark.
Document i has id doc-NNNNNNN; every tenth (i % 10 == 3) is on blocked.example.org (urlfilter drops
it); every twentieth (i % 20 == 7) is a list of numbers that gopher_quality drops; the rest are
~60-word English paragraphs that pass. Deterministic (seeded)."""
import json
import random
import sys

out, n, files = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
rng = random.Random(8)
words = ("the of and to in is that for it with as was on be by this are from at or have an they which one "
         "you were her all she there would their we him been has when who will more no if out so said what "
         "river garden market winter station museum library harbour mountain village kitchen journey "
         "weather letter morning evening bridge forest meadow castle island valley window painter teacher").split()
handles = [open(f"{out}/part-{k:03d}.jsonl", "w") for k in range(files)]
per_file = (n + files - 1) // files
for i in range(n):
    if i % 20 == 7:
        text = " ".join(str(rng.randrange(10**6)) for _ in range(60))
    else:
        sentences = []
        for _ in range(6):
            s = " ".join(rng.choice(words) for _ in range(10))
            sentences.append(s[0].upper() + s[1:] + ".")
        text = " ".join(sentences)
    host = "blocked.example.org" if i % 10 == 3 else f"site{i % 97}.example.com"
    row = {"id": f"doc-{i:07d}", "text": text, "source": "bench",
           "metadata": {"url": f"https://{host}/page/{i}"}}
    handles[i // per_file].write(json.dumps(row) + "\n")
for h in handles:
    h.close()
