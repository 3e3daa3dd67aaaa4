"""`sieve tokenize` against the reference tokenizers on ~1,250 texts (UDHR in 755 language/script
entries, edge cases, seeded fuzz; + 1,000 random-code-point texts for the Unicode-16 references) plus
invalid UTF-8: mistral-common for tekken, tiktoken for
cl100k/o200k/p50k rank files, Hugging Face `tokenizers` for a tokenizer.json. Zero mismatches."""
import json
import os
import subprocess
import sys

import pytest

sys.path.insert(0, os.path.dirname(__file__))
from conftest import ROOT, run_jsonl  # noqa: E402
from tokenize_corpus import RAW, all_texts, codepoint_fuzz, raw_jsonl_line  # noqa: E402

T = ROOT / ".assets" / "tokenize"
MC_PYTHON = ROOT / ".venv-tokenize" / "bin" / "python"
SETUP = "run scripts/setup.sh (it runs scripts/assets/tokenize.sh)"


def need(path):
    if not path.exists():
        pytest.fail(f"missing {path}: {SETUP}")
    return path


@pytest.fixture(scope="module")
def texts():
    return all_texts(need(T / "languages"))


@pytest.fixture(scope="module")
def texts_and_codepoints(texts):
    """For references on Unicode 16.0 tables (tiktoken, mistral-common): + 1,000 random-code-point texts."""
    return texts + codepoint_fuzz()


def repaired():
    return [r.decode("utf-8", errors="replace") for r in RAW]


def sieve_ids(sieve_bin, tokenizer, texts, extra=()):
    rows = run_jsonl(sieve_bin, ["tokenize", "--tokenizer", str(tokenizer), *extra], [{"text": t} for t in texts])
    assert len(rows) == len(texts)
    data = b"".join(raw_jsonl_line(r) for r in RAW)
    p = subprocess.run([sieve_bin, "tokenize", "--tokenizer", str(tokenizer), *extra], input=data,
                       capture_output=True, timeout=600)
    assert p.returncode == 0, p.stderr.decode(errors="replace")
    raw_rows = [json.loads(l) for l in p.stdout.decode().splitlines()]
    assert len(raw_rows) == len(RAW)
    return [r["ids"] for r in rows + raw_rows]


def compare(name, texts, got, want):
    assert len(got) == len(want)
    bad = [(t, g, w) for t, g, w in zip(texts, got, want) if g != w]
    for t, g, w in bad[:5]:
        print(f"{name} mismatch on {t[:80]!r}:\n  sieve  {g[:40]}\n  oracle {w[:40]}")
    print(f"{name}: {len(texts) - len(bad)}/{len(texts)} texts identical")
    assert not bad, f"{name}: {len(bad)}/{len(texts)} texts differ from the reference"


MC_SCRIPT = """
import json, sys
from mistral_common.tokens.tokenizers.tekken import Tekkenizer
tok = Tekkenizer.from_file(sys.argv[1])
texts = json.load(sys.stdin)
print(json.dumps([tok.encode(t, bos=True, eos=False) for t in texts]))
"""


def test_tekken_matches_mistral_common(sieve_bin, texts_and_codepoints):
    texts = texts_and_codepoints
    path = need(T / "tekken_240718.json")
    if not MC_PYTHON.exists():
        pytest.fail(f"missing {MC_PYTHON} (mistral-common's venv): {SETUP}")
    allt = texts + repaired()
    p = subprocess.run([str(MC_PYTHON), "-c", MC_SCRIPT, str(path)], input=json.dumps(allt).encode(),
                       capture_output=True, timeout=600)
    assert p.returncode == 0, p.stderr.decode(errors="replace")
    want = json.loads(p.stdout)
    assert want[texts.index("Hello world!")] == [1, 22177, 4304, 1033]
    compare("tekken", allt, sieve_ids(sieve_bin, path, texts, ["--bos"]), want)


@pytest.mark.parametrize("name,sha1", [
    ("cl100k_base", "9b5ad71b2ce5302211f9c61530b329a4922fc6a4"),
    ("o200k_base", "fb374d419588a4632f3f557e76b4b70aebbca790"),
    ("p50k_base", "ec7223a39ce59f226a68acc30dc1af2788490e15"),
])
def test_tiktoken_rank_files_match_tiktoken(sieve_bin, texts_and_codepoints, name, sha1):
    texts = texts_and_codepoints
    need(T / "tiktoken_cache" / sha1)
    os.environ["TIKTOKEN_CACHE_DIR"] = str(T / "tiktoken_cache")
    import tiktoken
    enc = tiktoken.get_encoding(name)
    allt = texts + repaired()
    want = [enc.encode_ordinary(t) for t in allt]
    compare(name, allt, sieve_ids(sieve_bin, need(T / f"{name}.tiktoken"), texts), want)


def test_hf_tokenizer_json_matches_tokenizers(sieve_bin, texts):
    path = need(T / "anthropic_tokenizer.json")
    from tokenizers import Tokenizer
    tok = Tokenizer.from_file(str(path))
    allt = texts + repaired()
    want = [tok.encode(t, add_special_tokens=False).ids for t in allt]
    compare("anthropic tokenizer.json", allt, sieve_ids(sieve_bin, path, texts), want)


def test_unknown_formats_fail_clearly(sieve_bin, tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"config": {"pattern": "\\w+", "default_vocab_size": 300,
                                          "default_num_special_tokens": 3}, "vocab": []}))
    p = subprocess.run([sieve_bin, "tokenize", "--tokenizer", str(bad)], input=b"", capture_output=True)
    assert p.returncode == 2 and b"pattern" in p.stderr
    deepseek = need(T / "deepseek_tokenizer.json")
    p = subprocess.run([sieve_bin, "tokenize", "--tokenizer", str(deepseek)], input=b"", capture_output=True)
    assert p.returncode == 2 and b"pre_tokenizer" in p.stderr
