"""Word-list toxicity (`sieve toxicity`) against an independent Python matcher on the same
glin-profanity lists: UDHR texts of the list languages with list entries (single words and
phrases) inserted at random word boundaries. Hits and word counts must agree exactly for
space-separated languages."""
import json
import pathlib
import random
import sys

import pytest
import regex

sys.path.insert(0, str(pathlib.Path(__file__).parent))
from conftest import run_jsonl  # noqa: E402
from filters_docs import udhr_samples  # noqa: E402
from test_filters_quality import SIEVE_RULE  # noqa: E402

LANGS = {"english": "en_Latn", "german": "de_Latn", "french": "fr_Latn", "spanish": "es_Latn", "italian": "it_Latn",
         "dutch": "nl_Latn", "polish": "pl_Latn", "portuguese": "pt_Latn", "russian": "ru_Cyrl", "turkish": "tr_Latn",
         "finnish": "fi_Latn", "hungarian": "hu_Latn", "czech": "cs_Latn", "swedish": "sv_Latn"}


def python_score(text, entries, max_len):
    toks = SIEVE_RULE.findall(text.lower())
    words = sum(1 for t in toks if regex.match(r"[\p{L}\p{M}\p{N}]", t))
    hits, i = 0, 0
    while i < len(toks):
        matched = 0
        for n in range(1, max_len + 1):
            if i + n <= len(toks) and tuple(toks[i:i + n]) in entries:
                matched = n
        if matched:
            hits += 1
            i += matched
        else:
            i += 1
    return hits, words


def test_toxicity_hits_match_independent_matcher(sieve_bin, assets):
    lists_dir = pathlib.Path(assets) / "filters" / "wordlists"
    if not (lists_dir / "english.json").exists():
        pytest.fail(f"{lists_dir} missing: run scripts/setup.sh (scripts/assets/filters.sh)")
    samples = udhr_samples(assets)
    rng = random.Random(9)
    rows, expected = [], []
    for stem, lang in sorted(LANGS.items()):
        words = json.loads((lists_dir / f"{stem}.json").read_text(encoding="utf-8"))["words"]
        entries = {tuple(SIEVE_RULE.findall(w.lower())) for w in words}
        entries.discard(())
        max_len = min(8, max(len(e) for e in entries))
        base = samples[lang].split()
        for _ in range(12):
            ws = list(base)
            for _ in range(rng.randint(0, 4)):
                ws.insert(rng.randint(0, len(ws)), rng.choice(words).upper() if rng.random() < 0.2 else rng.choice(words))
            text = " ".join(ws)
            rows.append({"text": text, "language": lang})
            expected.append(python_score(text, entries, max_len))
    out = run_jsonl(sieve_bin, ["toxicity", "--word-lists", str(lists_dir)], rows)
    got = [(o["hits"], o["words"]) for o in out]
    agree = sum(g == e for g, e in zip(got, expected))
    print(f"\ntoxicity hits/words identical on {agree}/{len(rows)} documents in {len(LANGS)} languages;"
          f" documents with hits: {sum(1 for e in expected if e[0])}")
    assert sum(1 for e in expected if e[0]) > len(rows) / 2
    assert agree == len(rows), [(r["text"][:80], g, e) for r, g, e in zip(rows, got, expected) if g != e][:5]
    for o, (h, w) in zip(out, expected):
        assert o["score"] == pytest.approx(h / w if w else 0.0)
