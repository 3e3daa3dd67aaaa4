"""Synthetic corpora for the dedup oracle tests (deterministic, seeded)."""
import random
import string


def random_words(rng, n, length=7):
    return ["".join(rng.choice(string.ascii_lowercase) for _ in range(length)) for _ in range(n)]


def shingles(words, n=5):
    if len(words) < n:
        return {" ".join(words)} if words else set()
    return {" ".join(words[i:i + n]) for i in range(len(words) - n + 1)}


def jaccard(a, b):
    return len(a & b) / len(a | b) if a or b else 0.0


def tail_edit_pair(rng, length, target, n=5):
    """Two word lists whose word-5-gram Jaccard is as close to `target` as a tail replacement allows:
    B = A with its last m words replaced by fresh words."""
    a = random_words(rng, length)
    total = length - n + 1
    best_m, best_err = 0, 9.0
    for m in range(0, length + 1):
        shared = max(0, length - m - n + 1)
        j = shared / (2 * total - shared)
        if abs(j - target) < best_err:
            best_m, best_err = m, abs(j - target)
    b = a[:length - best_m] + random_words(rng, best_m)
    return a, b


def clustered_corpus(seed=7, bases=120, uniques=60, length=150):
    """Planted clusters: each base document gets 0-4 variants with a few random word substitutions
    (a rate of 0-4%, i.e. shingle Jaccard from 1 down to ~0.68), plus unrelated documents."""
    rng = random.Random(seed)
    vocab = random_words(rng, 5000)
    docs = []
    truth = {}
    for c in range(bases):
        base = [rng.choice(vocab) for _ in range(length)]
        members = [base]
        for _ in range(rng.choice([0, 1, 1, 2, 3, 4])):
            rate = rng.choice([0.0, 0.005, 0.01, 0.02, 0.03, 0.04])
            v = [rng.choice(vocab) if rng.random() < rate else w for w in base]
            members.append(v)
        for words in members:
            did = f"d{len(docs):05d}"
            truth[did] = c
            docs.append({"id": did, "text": " ".join(words).capitalize() + "."})
    for _ in range(uniques):
        did = f"d{len(docs):05d}"
        truth[did] = None
        docs.append({"id": did, "text": " ".join(rng.choice(vocab) for _ in range(length))})
    order = list(range(len(docs)))
    rng.shuffle(order)
    return [docs[i] for i in order], truth
