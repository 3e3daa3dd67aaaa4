"""Texts for the tokenizer oracle tests: UDHR samples (gflanguages), edge cases, seeded fuzz, and
raw byte strings with invalid UTF-8. Shared by test_tokenize*.py and Benchmarks/tokenize."""
import codecs
import pathlib
import random
import re

FIELD = re.compile(r'^\s+(\w+): "((?:[^"\\]|\\.)*)"\s*$')


def udhr_texts(languages_dir):
    """One text per gflanguages entry with a sample_text block: its fields joined by newlines."""
    texts = []
    for path in sorted(pathlib.Path(languages_dir).glob("*.textproto")):
        inside, fields = False, []
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.startswith("sample_text {"):
                inside = True
            elif inside and line.startswith("}"):
                break
            elif inside:
                m = FIELD.match(line)
                if m:
                    raw = m.group(2).encode("utf-8")
                    fields.append(codecs.escape_decode(raw)[0].decode("utf-8"))
        if fields:
            texts.append("\n".join(fields))
    return texts


EDGE = [
    "", " ", "  ", "\n", "\n\n", "\r\n", "Hello world!", "Hello world", "  hello", "a  b", "\n\n  x",
    "x  \n  y", "a\n  ", "tab\t\tx", " 12", "DON'T", "don't", "don'tcha", "it'ſx", "'S 'll 'VE 're 'M 'D 'T",
    "$100,000.50", "1234567", "😀😀 hi 👍🏽!", "日本語のテキストです", "a\u00a0b", "!\u0085!", "!\u001c!",
    "foo.bar/baz", "!\n/x", "HelloWorld", "HELLOworld", "\u0301A b", "e\u0301te\u0301", "aaaaaaa",
    "<s>", "</s>", "[INST]", "<|endoftext|>", "hi  <|endoftext|>", "ǅemal ǈubljana ʰello", "Ⅻ ½ ٣ ১ 𝟘𝟙",
    "\u200b\u200b", "\u3000\u3000x", "\u2028\u2029", "a\u000bb\u000cc", "\x00\x01\x7f", "\ue000\U000f0000\U0010fffd",
    "\U000e0041\U000e0042 tags", "𐍈𐌰𐌹", "👨‍👩‍👧‍👦 family", "ﾃｽﾄ ｱｲｳ", "Ünïcödé ÀÉÎÕÜ", "Straße STRASSE",
    "مرحبا بالعالم ١٢٣", "नमस्ते दुनिया १२३", "สวัสดีชาวโลก", "안녕하세요 세계", "Привет, мир! 2024",
    "    def f(x):\n        return x  # comment\n", "https://example.com/a/b?c=d&e=f#g", "a.b.c...!!!???",
    " " * 1000, "\n" * 500, "\r\n" * 200, "1" * 5000, "😀" * 300, "中" * 2000, "a" * 3000, "ab" * 1000,
    "x" + " " * 999 + "y", "\t" * 300 + "z", "ﷺ" * 50, "ᄀᄀᄀ" * 100, "!" * 2000, "é" * 1500,
]

POOL = [
    " ", "  ", "   ", "\n", "\r\n", "\r", "\t", "\u00a0", "\u3000", "\u0085", "\u2028", "\u202f", "\u200b",
    "\u001c", "\x0b", "0", "7", "42", "½", "٣", "১", "Ⅻ", "𝟘", "a", "z", "A", "Q", "é", "e\u0301", "\u0301",
    "\u0903", "ß", "ǅ", "ʰ", "ー", "中", "日本", "ﾃ", "'", "'s", "'S", "'ſ", "'ll", "'VE", "'re", "'d", "'t",
    "!", "?", ".", ",", "/", "//", "$", "€", "-", "_", "(", ")", "\"", "😀", "👍🏽", "🇨🇭", "👨‍👩‍👧", "ㅤ",
    "مرحبا", "नमस्ते", "हिन्दी", "สวัสดี", "한국어", "Привет", "ΑΒΓ", "αβγ", "hello", "World", "HTTP",
    "camelCase", "snake_case", "ǈubljana", "\U000e0041", "\ue000", "𐍈", "\uff21\uff42", "ﬁ", "㎏", "①", "™",
]


def fuzz_texts(n=400, seed=1234):
    rng = random.Random(seed)
    return ["".join(rng.choice(POOL) for _ in range(rng.randint(1, 60))) for _ in range(n)]


def codepoint_fuzz(n=1000, seed=7):
    """Texts of random code points over all planes (assigned or not), mixed with spaces, digits,
    letters and contractions: checks the category tables scalar by scalar (Unicode 16.0 references)."""
    rng = random.Random(seed)
    seps = [" ", "  ", "\n", "'s", "'T", "1", "a", "A"]

    def cp():
        while True:
            r = rng.random()
            c = rng.randint(0, 0x7F) if r < 0.3 else rng.randint(0x80, 0x2FFFF) if r < 0.97 else rng.randint(0x30000, 0x10FFFF)
            if not 0xD800 <= c < 0xE000:
                return chr(c)
    return ["".join(cp() if rng.random() < 0.7 else rng.choice(seps) for _ in range(rng.randint(1, 40)))
            for _ in range(n)]


# Raw byte strings (invalid UTF-8 included); Sieve repairs them, the oracle decodes with "replace".
RAW = [
    b"abc\xffdef", b"\xc3", b"\xc3(", b"\xe2\x82", b"\xe2\x82(", b"\xf0\x9f\x98", b"\xf0\x9f\x98 x",
    b"\xed\xa0\x80 surrogate", b"\xc0\xaf overlong", b"\xf4\x90\x80\x80 too big", b"\x80\x80\x80 cont",
    b"hello \xfe\xfe world", b"caf\xe9 na\xefve", b"\xe6\x97\xa5\xe6\x9c", b"mix \xf0\x9f\x98\x80\xf0\x9f abc",
]


def raw_jsonl_line(raw):
    """A JSON Lines row whose "text" string holds `raw` bytes verbatim (escaping only what JSON needs)."""
    out = bytearray(b'{"text":"')
    for b in raw:
        if b == 0x22:
            out += b'\\"'
        elif b == 0x5C:
            out += b"\\\\"
        elif b < 0x20:
            out += b"\\u%04x" % b
        else:
            out.append(b)
    out += b'"}\n'
    return bytes(out)


def all_texts(languages_dir):
    return udhr_texts(languages_dir) + EDGE + fuzz_texts()
