"""`sieve langid` against fastText itself (fasttext-numpy2) with the real lid.176.ftz model, on the
UDHR samples of gflanguages (755 language+script entries) plus hostile strings: same labels in the
same order, probabilities within 1e-4."""
import json
import pathlib
import re

import pytest

from conftest import run_jsonl

fasttext = pytest.importorskip("fasttext", reason="run scripts/setup.sh (installs fasttext-numpy2)")

TOL = 1e-4


def _unescape(s):
    """Decodes a protobuf text-format string literal body to str."""
    out = bytearray()
    i = 0
    simple = {"n": 10, "t": 9, "r": 13, '"': 34, "'": 39, "\\": 92, "a": 7, "b": 8, "f": 12, "v": 11}
    while i < len(s):
        c = s[i]
        if c != "\\":
            out += c.encode()
            i += 1
            continue
        n = s[i + 1]
        if n in simple:
            out.append(simple[n])
            i += 2
        elif n in "01234567":
            j = i + 1
            while j < len(s) and j < i + 4 and s[j] in "01234567":
                j += 1
            out.append(int(s[i + 1:j], 8))
            i = j
        elif n == "x":
            j = i + 2
            while j < len(s) and j < i + 4 and s[j] in "0123456789abcdefABCDEF":
                j += 1
            out.append(int(s[i + 2:j], 16))
            i = j
        else:
            out += n.encode()
            i += 2
    return out.decode("utf-8", errors="replace")


def udhr_texts(assets):
    d = pathlib.Path(assets) / "langid" / "udhr"
    files = sorted(d.glob("*.textproto"))
    if len(files) < 700:
        pytest.fail(f"UDHR samples missing in {d}: run scripts/setup.sh (scripts/assets/langid.sh)")
    texts = []
    field = re.compile(r'^\s*(tester|poster_md|specimen_16|styles): "((?:[^"\\]|\\.)*)"\s*$', re.M)
    for f in files:
        body = f.read_text(encoding="utf-8")
        if "sample_text" not in body:
            continue
        block = body[body.index("sample_text"):]
        for m in field.finditer(block):
            texts.append(_unescape(m.group(2)))
    return texts


def hostile_texts():
    bad = b"caf\xc3 na\xefve \xff\xfe r\xc3\xa9sum\xe9 \xe2\x82 end".decode("utf-8", errors="replace")
    return [
        "", " ", "   \t  \r ", "\u00a0", "a" * (1 << 20), "é" * 5000,
        "Hello мир 世界 مرحبا שלום नमस्ते สวัสดี 안녕하세요 こんにちは",
        bad, "😀😀 hi 👍🏽!", "__label__en is not a word here", "__label__de",
        "words before </s> and words after are ignored", "</s>", "a\x00b\x00c", "x\vy\fz\rw\tv",
        "1234567890 3.14159 42", "!!! ??? ... ---", "e\u0301te\u0301 cafe\u0301", "ǅemal ǈubljana",
        "日本語のテキストです。漢字とかなが混ざっています。", "這是繁體中文的句子，關於語言識別。", "这是简体中文的句子，关于语言识别。",
        "한국어 문장입니다. 漢字도 있습니다.", " ".join(["lorem", "ipsum"] * 5000),
        "line one\nline two\nline three", "\n\n\n",
    ]


def random_texts(n, seed=7):
    """Random strings over many scripts, ASCII whitespace/controls, combining marks and emoji."""
    import random
    rng = random.Random(seed)
    ranges = [(0x20, 0x7E), (0xA0, 0x24F), (0x300, 0x36F), (0x370, 0x3FF), (0x400, 0x4FF), (0x590, 0x6FF),
              (0x900, 0x97F), (0xE00, 0xE7F), (0x3040, 0x30FF), (0x4E00, 0x4FFF), (0xAC00, 0xAD00),
              (0x1F300, 0x1F64F), (0x2000, 0x206F)]
    seps = [" ", " ", " ", "\t", "\r", "\v", "\f", "\x00", "\u00a0", "\u3000"]
    out = []
    for _ in range(n):
        words = []
        for _ in range(rng.randint(0, 30)):
            lo, hi = rng.choice(ranges)
            words.append("".join(chr(rng.randint(lo, hi)) for _ in range(rng.randint(1, 12))))
            words.append(rng.choice(seps) * rng.randint(1, 2))
        out.append("".join(words))
    return out


def oracle(model, text, k, threshold=0.0):
    labels, probs = model.predict(text.replace("\n", " "), k=k, threshold=threshold)
    return list(labels), [float(p) for p in probs]


def compare(sieve_bin, model_path, texts, k, threshold=0.0):
    """Runs both; returns (mismatch descriptions, max |Δp|)."""
    model = fasttext.load_model(str(model_path))
    args = ["langid", "--model", str(model_path), "-k", str(k if k > 0 else 0)]
    if threshold:
        args += ["--threshold", repr(threshold)]
    got = run_jsonl(sieve_bin, args, [{"text": t} for t in texts])
    assert len(got) == len(texts)
    bad, maxd = [], 0.0
    for t, g in zip(texts, got):
        labels, probs = oracle(model, t, k, threshold)
        if g["labels"] != labels:
            bad.append((t[:60], g["labels"], labels))
            continue
        for a, b in zip(g["probs"], probs):
            maxd = max(maxd, abs(a - b))
    return bad, maxd


@pytest.fixture(scope="module")
def lid176(assets):
    p = pathlib.Path(assets) / "langid" / "lid.176.ftz"
    if not p.exists():
        pytest.fail(f"{p} missing: run scripts/setup.sh (scripts/assets/langid.sh)")
    return p


def test_lid176_udhr_top3(sieve_bin, assets, lid176):
    texts = udhr_texts(assets)
    assert len(texts) > 2000
    bad, maxd = compare(sieve_bin, lid176, texts, 3)
    print(f"lid.176 UDHR: {len(texts)} texts, {len(bad)} label mismatches, max |dp| {maxd:.3g}")
    assert not bad, bad[:5]
    assert maxd <= TOL


def test_lid176_hostile_all_labels(sieve_bin, lid176):
    texts = hostile_texts()
    bad, maxd = compare(sieve_bin, lid176, texts, -1)
    print(f"lid.176 hostile (k=all): {len(texts)} texts, {len(bad)} mismatches, max |dp| {maxd:.3g}")
    assert not bad, bad[:3]
    assert maxd <= TOL


def test_lid176_random_strings(sieve_bin, lid176):
    texts = random_texts(400)
    bad, maxd = compare(sieve_bin, lid176, texts, 5)
    print(f"lid.176 random strings: {len(texts)} texts, {len(bad)} mismatches, max |dp| {maxd:.3g}")
    assert not bad, bad[:3]
    assert maxd <= TOL


def test_lid176_threshold(sieve_bin, assets, lid176):
    texts = udhr_texts(assets)[::7] + hostile_texts()
    bad, maxd = compare(sieve_bin, lid176, texts, 5, threshold=0.02)
    assert not bad, bad[:5]
    assert maxd <= TOL


def test_identify_labels(sieve_bin, lid176):
    """With --filters, documents get GlotLID-style labels (ISO 639-3 + detected ISO 15924 script)."""
    filters = pathlib.Path(__file__).resolve().parents[2] / "Filters"
    cases = {
        "Alle Menschen sind frei und gleich an Würde und Rechten geboren.": "deu_Latn",
        "Все люди рождаются свободными и равными в своем достоинстве и правах.": "rus_Cyrl",
        "すべての人間は、生まれながらにして自由であり、かつ、尊厳と権利とについて平等である。": "jpn_Jpan",
        "모든 인간은 태어날 때부터 자유로우며 그 존엄과 권리에 있어 동등하다.": "kor_Kore",
        "人人生而自由，在尊严和权利上一律平等。他们赋有理性和良心，并应以兄弟关系的精神相对待。": "zho_Hans",
        "人人生而自由，在尊嚴和權利上一律平等。他們賦有理性和良心，並應以兄弟關係的精神相對待。": "zho_Hant",
        "Όλοι οι άνθρωποι γεννιούνται ελεύθεροι και ίσοι στην αξιοπρέπεια και τα δικαιώματα.": "ell_Grek",
        "Tous les êtres humains naissent libres et égaux en dignité et en droits.": "fra_Latn",
    }
    got = run_jsonl(sieve_bin, ["langid", "--model", str(lid176), "--filters", str(filters)],
                    [{"text": t} for t in cases])
    assert [g["language"] for g in got] == list(cases.values())
