"""Megatron datasets written by `sieve tokenize --megatron` and `sieve shards`, read back by an
independent numpy reader (written from megatron-core's indexed_dataset.py layout) and compared
document by document with the reference tokenizer's ids."""
import base64
import json
import os
import struct
import subprocess
import sys

import numpy as np
import pytest

sys.path.insert(0, os.path.dirname(__file__))
from conftest import ROOT  # noqa: E402
from tokenize_corpus import EDGE, udhr_texts  # noqa: E402

T = ROOT / ".assets" / "tokenize"
DTYPES = {1: np.uint8, 2: np.int8, 3: np.int16, 4: np.int32, 5: np.int64, 6: np.float64, 7: np.float32, 8: np.uint16}


def need(path):
    if not path.exists():
        pytest.fail(f"missing {path}: run scripts/setup.sh (it runs scripts/assets/tokenize.sh)")
    return path


def read_megatron(prefix):
    """Returns (dtype, documents as lists of sequences) after checking the layout strictly."""
    idx = open(f"{prefix}.idx", "rb").read()
    assert idx[:9] == b"MMIDIDX\x00\x00"
    assert struct.unpack("<Q", idx[9:17])[0] == 1
    dtype = DTYPES[idx[17]]
    s, d = struct.unpack("<QQ", idx[18:34])
    assert len(idx) == 34 + 12 * s + 8 * d
    lengths = np.frombuffer(idx, np.int32, s, 34)
    pointers = np.frombuffer(idx, np.int64, s, 34 + 4 * s)
    doc_idx = np.frombuffer(idx, np.int64, d, 34 + 12 * s)
    item = np.dtype(dtype).itemsize
    assert list(pointers) == list(np.concatenate([[0], np.cumsum(lengths.astype(np.int64))[:-1] * item])) if s else True
    assert doc_idx[0] == 0 and doc_idx[-1] == s and np.all(np.diff(doc_idx) >= 0)
    data = np.fromfile(f"{prefix}.bin", dtype)
    assert data.size == int(lengths.sum())
    seqs = [data[p // item: p // item + n].tolist() for p, n in zip(pointers, lengths)]
    return dtype, [seqs[doc_idx[i]:doc_idx[i + 1]] for i in range(d - 1)]


def tekken_encoding():
    """tekken as a plain tiktoken Encoding (ids = rank + 1000), as mistral-common builds it."""
    import tiktoken
    j = json.loads(need(T / "tekken_240718.json").read_text())
    cfg = j["config"]
    inner = cfg["default_vocab_size"] - cfg["default_num_special_tokens"]
    ranks = {base64.b64decode(v["token_bytes"]): v["rank"] for v in j["vocab"][:inner]}
    return tiktoken.Encoding("tekken", pat_str=cfg["pattern"], mergeable_ranks=ranks, special_tokens={})


@pytest.fixture(scope="module")
def rows():
    texts = udhr_texts(need(T / "languages"))[:300] + EDGE
    return [{"id": f"doc-{i}", "text": t, "metadata": {"url": f"https://example.org/{i}"}, "source": "udhr"}
            for i, t in enumerate(texts)]


def tokenize(sieve_bin, rows, args):
    data = "".join(json.dumps(r) + "\n" for r in rows).encode()
    p = subprocess.run([sieve_bin, "tokenize", *args], input=data, capture_output=True, timeout=600)
    assert p.returncode == 0, p.stderr.decode(errors="replace")
    return [json.loads(l) for l in p.stdout.decode().splitlines()]


def test_tekken_dataset_matches_oracle(sieve_bin, rows, tmp_path):
    enc = tekken_encoding()
    want = [[1] + [t + 1000 for t in enc.encode_ordinary(r["text"])] + [2] for r in rows]
    prefix = tmp_path / "tekken_text_document"
    (summary,) = tokenize(sieve_bin, rows, ["--tokenizer", str(T / "tekken_240718.json"), "--bos", "--eos",
                                            "--megatron", str(prefix)])
    dtype, docs = read_megatron(prefix)
    assert dtype == np.int32  # 131,072 ids ≥ 65,500
    assert [d for (d,) in docs] == want
    assert summary["documents"] == len(rows) and summary["tokens"] == sum(map(len, want))
    assert summary["dtype"] == "int32" and summary["sequences"] == len(rows)
    assert os.path.getsize(f"{prefix}.idx") == 42 + 20 * len(rows)
    p = subprocess.run([sieve_bin, "shards", "inspect", str(prefix)], capture_output=True, check=True)
    assert json.loads(p.stdout) == summary


def test_uint16_shards_provenance_and_merge(sieve_bin, rows, tmp_path):
    need(T / "tiktoken_cache")
    os.environ["TIKTOKEN_CACHE_DIR"] = str(T / "tiktoken_cache")
    import tiktoken
    enc = tiktoken.get_encoding("p50k_base")
    want = [enc.encode_ordinary(r["text"]) + [50256] for r in rows]
    budget = 4000
    shards = tokenize(sieve_bin, rows, ["--tokenizer", str(T / "p50k_base.tiktoken"), "--eos",
                                        "--megatron", str(tmp_path / "shards" / "p50k"), "--shard-tokens", str(budget)])
    assert len(shards) > 3
    got, prov = [], []
    for s in shards:
        dtype, docs = read_megatron(s["prefix"])
        assert dtype == np.uint16  # 50,281 ids < 65,500
        assert s["tokens"] <= budget or s["documents"] == 1
        got += [d for (d,) in docs]
        lines = open(s["prefix"] + ".provenance.jsonl").read().splitlines()
        assert len(lines) == len(docs)
        prov += [json.loads(l) for l in lines]
    assert got == want
    assert prov == [{"id": r["id"], "url": r["metadata"]["url"], "source": "udhr"} for r in rows]
    whole = tmp_path / "whole"
    tokenize(sieve_bin, rows, ["--tokenizer", str(T / "p50k_base.tiktoken"), "--eos", "--megatron", str(whole)])
    merged = tmp_path / "merged"
    p = subprocess.run([sieve_bin, "shards", "merge", str(merged), *[s["prefix"] for s in shards]],
                       capture_output=True)
    assert p.returncode == 0, p.stderr.decode()
    assert json.loads(p.stdout)["documents"] == len(rows)
    for ext in (".bin", ".idx"):
        assert open(f"{merged}{ext}", "rb").read() == open(f"{whole}{ext}", "rb").read()


def test_inspect_rejects_a_corrupt_index(sieve_bin, tmp_path):
    (tmp_path / "x.idx").write_bytes(b"NOTMEGATRON" + bytes(40))
    (tmp_path / "x.bin").write_bytes(b"")
    p = subprocess.run([sieve_bin, "shards", "inspect", str(tmp_path / "x")], capture_output=True)
    assert p.returncode == 2 and b"MMIDIDX" in p.stderr
