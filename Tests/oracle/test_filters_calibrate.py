"""`sieve calibrate` on real multilingual text: UDHR excerpts of gflanguages (all sample fields of
each language), as documents labelled by language. The derived stop words are compared with
stopwordsiso's lists (fetched by scripts/assets/filters.sh); the thresholds with numpy's
quantiles of the same measures; and the written files are read back by `sieve quality`."""
import json
import pathlib
import random
import re
import subprocess

import numpy as np
import pytest

from conftest import run_jsonl

LANGS = ["en", "fr", "es", "it", "nl", "pl", "ru", "sv", "cs", "fi", "hu", "pt"]
FIELDS = r'(styles|tester|specimen_\d+|poster_\w+): "((?:[^"\\]|\\.)*)"'


def udhr_tokens(assets, lang):
    f = pathlib.Path(assets) / "filters" / "languages" / f"{lang}_{'Cyrl' if lang == 'ru' else 'Latn'}.textproto"
    if not f.exists():
        pytest.fail(f"{f} missing: run scripts/setup.sh (scripts/assets/filters.sh)")
    vals = [re.sub(r"\\(.)", lambda e: {"n": "\n"}.get(e.group(1), e.group(1)), v)
            for _, v in re.findall(FIELDS, f.read_text(encoding="utf-8"))]
    return [w for v in vals for w in v.split()]


def make_docs(assets, seed=3, per_lang=60):
    """Documents drawn from each language's UDHR token stream (word frequencies of real text):
    runs of 20–60 consecutive tokens from a random start, some lines broken."""
    rng = random.Random(seed)
    rows = []
    for lang in LANGS:
        toks = udhr_tokens(assets, lang)
        for _ in range(per_lang):
            n = rng.randint(20, 60)
            words = [toks[(rng.randrange(len(toks)) + k) % len(toks)] for k in range(n)]
            text = " ".join(words)
            if rng.random() < 0.5:
                text = text.replace(". ", ".\n")
            rows.append({"text": text, "metadata": {"lang": lang}})
    return rows


@pytest.fixture(scope="module")
def calibrated(sieve_bin, assets, tmp_path_factory):
    d = tmp_path_factory.mktemp("calibrate")
    rows = make_docs(assets)
    with open(d / "in.jsonl", "w", encoding="utf-8") as f:
        for r in rows:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")
    out = d / "quality"
    p = subprocess.run([sieve_bin, "calibrate", str(d / "in.jsonl"), "--out", str(out), "--max-stop-words", "16",
                        "--min-doc-fraction", "0.1"], capture_output=True, text=True)
    assert p.returncode == 0, p.stderr
    return d, out, rows


def test_stop_words_overlap_stopwordsiso(assets, calibrated):
    _, out, _ = calibrated
    iso_path = pathlib.Path(assets) / "filters" / "stopwords" / "stopwords-iso.json"
    if not iso_path.exists():
        pytest.fail(f"{iso_path} missing: run scripts/setup.sh (scripts/assets/filters.sh)")
    iso = json.loads(iso_path.read_text(encoding="utf-8"))
    report, fractions = [], {}
    for lang in LANGS:
        r = json.loads((out / f"{lang}.json").read_text(encoding="utf-8"))
        sw = r["stop_words"]
        assert 8 <= len(sw) <= 16, (lang, sw)
        ref = set(iso[lang])
        frac = sum(w.lower() in ref for w in sw) / len(sw)
        fractions[lang] = frac
        report.append(f"{lang} {frac:.2f}")
    print("\nstop words also in stopwordsiso: " + ", ".join(report) + f"; mean {np.mean(list(fractions.values())):.2f}")
    assert np.mean(list(fractions.values())) >= 0.6
    assert all(f >= 0.4 for f in fractions.values()), fractions


def test_thresholds_are_quantiles_of_the_sample(sieve_bin, calibrated):
    _, out, rows = calibrated
    for lang in ["en", "ru", "fi"]:
        r = json.loads((out / f"{lang}.json").read_text(encoding="utf-8"))
        texts = [x["text"] for x in rows if x["metadata"]["lang"] == lang]
        # The mean word length as the Gopher filter measures it, from `sieve quality` itself.
        got = run_jsonl(sieve_bin, ["quality", "--filters", "gopher_quality", "--language", lang, "--filters-dir",
                                    "/nonexistent"], [{"text": t} for t in texts])
        cal = r["calibration"]
        assert cal["documents"] == len(texts) and cal["tail"] == 0.05
        lengths = []
        for t in texts:
            words = re.findall(r"[\w'’.]+", t)
            lengths.append(sum(len(w) for w in words) / len(words))
        # Independent measure (a regex, close to the segmenter): the calibrated bound is near its 5% quantile.
        assert abs(r["min_avg_word_length"] - np.quantile(lengths, 0.05)) < 0.35, (lang, r["min_avg_word_length"])
        assert abs(r["max_avg_word_length"] - np.quantile(lengths, 0.95)) < 0.35, (lang, r["max_avg_word_length"])
        assert r["min_avg_word_length"] <= cal["avg_word_length"]["p50"] <= r["max_avg_word_length"]
        assert len(got) == len(texts)


def test_quality_reads_calibrated_files(sieve_bin, calibrated):
    d, out, rows = calibrated
    r = json.loads((out / "fi.json").read_text(encoding="utf-8"))
    texts = [x["text"] for x in rows if x["metadata"]["lang"] == "fi"]
    got = run_jsonl(sieve_bin, ["quality", "--filters", "gopher_quality", "--language", "fi", "--filters-dir", str(d)],
                    [{"text": t} for t in texts])
    reasons = {}
    for g in got:
        if not g["keep"]:
            reasons[g["reason"]] = reasons.get(g["reason"], 0) + 1
            if g["reason"] == "gopher_below_avg_threshold":
                assert g["detail"]["threshold"] == r["min_avg_word_length"]
    # About `tail` of the sample falls outside each calibrated bound (the documents are short:
    # some also fail the 50-word minimum).
    assert reasons.get("gopher_below_avg_threshold", 0) <= 0.1 * len(texts) + 1
    assert reasons.get("gopher_above_avg_threshold", 0) <= 0.1 * len(texts) + 1
    # A second run keeps the files unless --overwrite.
    p = subprocess.run([sieve_bin, "calibrate", str(d / "in.jsonl"), "--out", str(out)], capture_output=True, text=True)
    assert p.returncode == 0 and "exists: kept" in p.stdout
