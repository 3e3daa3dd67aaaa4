"""fastText toxicity classifiers (Dolma-style Jigsaw models) through Sieve's fastText engine:
small toxic/clean classifiers are trained here with fasttext-numpy2 on a labelled set built from
glin-profanity's English list and UDHR texts (the real Dolma models are not on PyPI); `sieve
toxicity --classifier` must give fastText's predict probability of `__label__toxic` within 1e-6,
for the .bin and the quantized .ftz; and the `toxicity` pipeline stage with `classifier:` records
the same scores and drops the top documents, reusing the scores of its first phase."""
import json
import os
import pathlib
import random
import subprocess
import sys

import pytest

sys.path.insert(0, str(pathlib.Path(__file__).parent))
from conftest import run_jsonl  # noqa: E402
from filters_docs import udhr_samples  # noqa: E402

fasttext = pytest.importorskip("fasttext", reason="run scripts/setup.sh (installs fasttext-numpy2)")


def make_docs(assets, n, seed):
    lists = pathlib.Path(assets) / "filters" / "wordlists"
    if not (lists / "english.json").exists():
        pytest.fail(f"{lists} missing: run scripts/setup.sh (scripts/assets/filters.sh)")
    bad = json.loads((lists / "english.json").read_text(encoding="utf-8"))["words"]
    samples = udhr_samples(assets)
    clean = [w for t in samples.values() for w in t.split()]
    rng = random.Random(seed)
    rows = []
    for i in range(n):
        words = [rng.choice(clean) for _ in range(rng.randint(5, 40))]
        toxic = i % 2 == 0
        if toxic:
            for _ in range(rng.randint(1, 4)):
                words.insert(rng.randint(0, len(words)), rng.choice(bad))
        text = " ".join(words)
        if rng.random() < 0.2:
            text = text.replace(" ", "\n", 2)
        rows.append(("toxic" if toxic else "clean", text))
    return rows


def train(d, assets):
    rows = make_docs(assets, 1500, 1)
    tr = d / "train.txt"
    tr.write_text("".join(f"__label__{l} {t.replace(chr(10), ' ')}\n" for l, t in rows), encoding="utf-8")
    out = {}
    for name, kw in {"softmax": dict(loss="softmax", wordNgrams=2), "hs": dict(loss="hs")}.items():
        m = fasttext.train_supervised(input=str(tr), dim=16, epoch=25, lr=0.5, minCount=1, bucket=50000, minn=2, maxn=4,
                                      thread=1, verbose=0, seed=1, **kw)
        m.save_model(str(d / f"{name}.bin"))
        out[name] = str(d / f"{name}.bin")
        m.quantize(input=str(tr), qnorm=True, retrain=False, cutoff=3000, dsub=2)
        m.save_model(str(d / f"{name}.ftz"))
        out[name + "_q"] = str(d / f"{name}.ftz")
    (d / "models.json").write_text(json.dumps(out))


@pytest.fixture(scope="module")
def models(tmp_path_factory, assets):
    """Trained in a child process with MALLOC_PERTURB_ (see test_langid_trained.py)."""
    d = tmp_path_factory.mktemp("toxicity-models")
    env = {**os.environ, "MALLOC_PERTURB_": "255"}
    p = subprocess.run([sys.executable, __file__, str(d), str(assets)], env=env, capture_output=True, timeout=600)
    assert p.returncode == 0, p.stderr.decode(errors="replace")[-3000:]
    return json.loads((d / "models.json").read_text())


def test_classifier_scores_equal_fasttext(sieve_bin, assets, models):
    texts = [t for _, t in make_docs(assets, 400, 2)] + ["", " ", "a" * 5000, "Hello мир 世界", "😀 👍🏽", "x\n\ny"]
    report = []
    for name, path in sorted(models.items()):
        m = fasttext.load_model(path)
        assert set(m.labels) == {"__label__toxic", "__label__clean"}
        got = run_jsonl(sieve_bin, ["toxicity", "--classifier", path, "--label", "__label__toxic"],
                        [{"text": t} for t in texts])
        assert len(got) == len(texts)
        maxd = 0.0
        flagged = 0
        ps = []
        for t, g in zip(texts, got):
            labels, probs = m.predict(t.replace("\n", " "), k=-1)
            p = dict(zip(labels, probs)).get("__label__toxic", 0.0)
            maxd = max(maxd, abs(g["score"] - float(p)))
            flagged += p > 0.5
            ps.append(float(p))
        report.append(f"{name}: max |dp| {maxd:.2e}, {flagged}/{len(texts)} above 0.5")
        assert maxd <= 1e-6, (name, maxd)
        # The model learned something: toxic documents (even positions) score higher.
        assert sum(ps[0:400:2]) > sum(ps[1:400:2]) + 20, name
    print("\n" + "; ".join(report))


def test_classifier_in_pipeline(sieve_bin, assets, models, tmp_path):
    path = models["softmax_q"]
    m = fasttext.load_model(path)
    rows = make_docs(assets, 300, 3)
    with open(tmp_path / "in.jsonl", "w", encoding="utf-8") as f:
        for i, (_, t) in enumerate(rows):
            f.write(json.dumps({"id": f"d{i}", "text": t, "metadata": {"lang": "en" if i % 3 else "de"}}) + "\n")
    (tmp_path / "p.yaml").write_text(
        "inputs: [in.jsonl]\ntasks: 2\nstages:\n"
        f"  - toxicity: {{classifier: {{model: {path}, label: __label__toxic}}, drop_top_percent: 10}}\n")
    out = tmp_path / "run"
    p = subprocess.run([sieve_bin, "run", str(tmp_path / "p.yaml"), "--out", str(out)], capture_output=True, text=True)
    assert p.returncode == 0, p.stderr
    run = json.loads((out / "run.json").read_text())
    folder = out / next(s["folder"] for s in run["stages"] if s["name"] == "toxicity")
    kept = [json.loads(l) for f in sorted((folder / "data").rglob("*.jsonl.zst"))
            for l in subprocess.run(["zstd", "-dc", str(f)], capture_output=True, check=True).stdout.decode().splitlines()]
    probs = {}
    for i, (_, t) in enumerate(rows):
        labels, ps = m.predict(t.replace("\n", " "), k=-1)
        probs[f"d{i}"] = float(dict(zip(labels, ps))["__label__toxic"])
    for d in kept:
        assert d["metadata"]["toxicity"] == pytest.approx(round(probs[d["id"]] * 1e6) / 1e6, abs=1.1e-6)
    # The top 10% per language are dropped: 30 of 300 (20 en + 10 de), highest probabilities first.
    assert len(kept) == 270
    for lang, n in (("en", 200), ("de", 100)):
        ids = [f"d{i}" for i in range(300) if ("en" if i % 3 else "de") == lang]
        top = sorted(ids, key=lambda x: -probs[x])[: n // 10]
        assert not set(top) & {d["id"] for d in kept}
    done = [json.loads(f.read_text()) for f in sorted((folder / "done").glob("*.json"))]
    # The last phase took every score from the first phase instead of running the model again.
    assert sum(d["counters"]["scores_reused"] for d in done) == 300
    assert sum(d["counters"]["scores_recomputed"] for d in done) == 0
    assert sum(d["reasons"]["drop"]["toxic_classifier"]["documents"] for d in done if d["reasons"].get("drop")) == 30


if __name__ == "__main__":
    train(pathlib.Path(sys.argv[1]), sys.argv[2])
