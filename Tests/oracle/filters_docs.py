"""Test documents for the filters oracle tests: UDHR Article 1 in many languages (gflanguages,
fetched by scripts/assets/filters.sh) assembled into web-page-like documents with the features
the Gopher / FineWeb heuristics look at (bullets, hashes, ellipses, repeated lines and
paragraphs, short menu lines, lists), from a fixed seed."""
import pathlib
import random
import re

import pytest

SPACED_SCRIPTS = {"Latn", "Cyrl", "Grek", "Armn", "Geor", "Arab", "Hebr", "Deva", "Beng", "Taml", "Telu", "Knda",
                  "Mlym", "Gujr", "Guru", "Orya", "Sinh", "Ethi", "Hang", "Tfng", "Cher", "Cans"}


def udhr_samples(assets):
    d = pathlib.Path(assets) / "filters" / "languages"
    if not (d / "en_Latn.textproto").exists():
        pytest.fail(f"{d} missing: run scripts/setup.sh (scripts/assets/filters.sh)")
    out = {}
    for f in sorted(d.glob("*.textproto")):
        lang = f.stem
        if lang.split("_")[-1] not in SPACED_SCRIPTS:
            continue
        m = re.search(r'specimen_32: "((?:[^"\\]|\\.)*)"', f.read_text(encoding="utf-8"))
        if not m:
            continue
        text = re.sub(r"\\(.)", lambda e: {"n": "\n", "t": "\t"}.get(e.group(1), e.group(1)), m.group(1))
        if len(text.split()) >= 8:
            out[lang] = text
    return out


def sentences(text):
    parts = [s.strip() for s in re.split(r"(?<=[.!?।။።])\s+", text) if s.strip()]
    return parts or [text]


def prose(rng, sample, english):
    """Non-repetitive prose: sentences of words drawn from the sample (and English)."""
    words = [w.strip(".,;:!?\"'()") for w in sample.split()] + [w.strip(".,") for s in english for w in s.split()]
    words = [w for w in words if w]
    paras = []
    for _ in range(rng.randint(1, 6)):
        sents = []
        for _ in range(rng.randint(2, 7)):
            ws = [rng.choice(words) for _ in range(rng.randint(6, 22))]
            if rng.random() < 0.1:
                ws.insert(rng.randint(0, len(ws)), rng.choice(["#news", "...", "(2024)", "e-mail", "don't", "3.14", "1,000", "U.S."]))
            sents.append(" ".join(ws).capitalize() + rng.choice([".", ".", ".", "!", "?", "", ":"]))
        paras.append(" ".join(sents) if rng.random() < 0.7 else "\n".join(sents))
    return "\n\n".join(paras)


def make_docs(samples, n, seed, lang_filter=None):
    rng = random.Random(seed)
    langs = sorted(l for l in samples if lang_filter is None or l.split("_")[0] in lang_filter)
    english = sentences(samples["en_Latn"]) + [
        "The results of the study have been published with the help of the team.",
        "It is important to note that the data was collected over a period of two years.",
        "Click here to read more about the history of the town and its people.",
    ]
    docs = []
    for i in range(n):
        lang = langs[i % len(langs)]
        sents = sentences(samples[lang])
        mode = rng.random()
        if mode < 0.15:
            # Lists: bulleted lines, hashtag lines, or lines of two long words.
            longw = [w for w in samples[lang].split() if len(w) >= 8] or ["extraordinarily"]
            rows = []
            for _ in range(rng.randint(10, 40)):
                k = rng.random()
                if k < 0.33:
                    rows.append(rng.choice(["- ", "• "]) + rng.choice(sents))
                elif k < 0.5:
                    rows.append(" ".join(rng.choice(["#" + rng.choice(longw).strip(".,"), rng.choice(longw)]) for _ in range(4)) + ".")
                else:
                    rows.append(" ".join(rng.choice(longw).strip(".,") for _ in range(rng.randint(2, 3))) + ".")
            docs.append({"text": "\n".join(rows), "lang": lang})
            continue
        if mode < 0.45:
            docs.append({"text": prose(rng, samples[lang], english if rng.random() < 0.7 else []), "lang": lang})
            continue
        pool = sents + (english if rng.random() < 0.5 else [])
        lines = []
        for _ in range(rng.randint(1, 25)):
            kind = rng.random()
            if kind < 0.45:
                line = " ".join(rng.choice(pool) for _ in range(rng.randint(1, 4)))
            elif kind < 0.55:
                line = rng.choice(["- ", "• ", "  - ", "* "]) + rng.choice(pool)
            elif kind < 0.62:
                line = rng.choice(pool).rstrip(".") + rng.choice(["...", "…", " ...", "... "])
            elif kind < 0.70:
                line = " ".join(rng.choice(["Home", "About", "Contact", "#tag", "Login", "|", ">>", "2024", "#"]) for _ in range(rng.randint(1, 5)))
            elif kind < 0.76:
                line = lines[-1] if lines else rng.choice(pool)
            elif kind < 0.80:
                line = ""
            elif kind < 0.85:
                line = " ".join(str(rng.randint(0, 9999)) for _ in range(rng.randint(1, 8)))
            elif kind < 0.90:
                w = rng.choice(pool).split()
                line = " ".join(w[: rng.randint(1, min(5, len(w)))])
            else:
                line = rng.choice(pool) + " " + rng.choice(pool)
            lines.append(line)
        sep = rng.choice(["\n", "\n", "\n\n"])
        text = sep.join(lines)
        if rng.random() < 0.15:
            text = (text + "\n\n") * rng.randint(2, 3)
        if rng.random() < 0.1:
            text = "\n" + text + "\n"
        if text.strip():
            docs.append({"text": text, "lang": lang})
    if lang_filter is None:
        docs.extend(crafted_docs(samples, seed))
    return docs


def crafted_docs(samples, seed=7):
    """Documents aimed at single rules (bullets, ellipses, hashes, list-like pages)."""
    rng = random.Random(seed)
    longw = sorted({w.strip(".,;:!?\"'()") for t in samples.values() for w in t.split() if len(w) >= 9})
    en = prose(rng, samples["en_Latn"], sentences(samples["en_Latn"])).split(". ")
    out = []
    out.append("\n".join(f"{rng.choice(longw)} {rng.choice(longw)}." for _ in range(60)))  # list_ratio
    asc = [w for w in longw if w.isascii() and w.isalpha()]
    out.append("\n".join(f"{rng.choice(asc)}{rng.choice(asc)} {rng.choice(asc)}{rng.choice(asc)}." for _ in range(60)))
    out.append("\n".join("- " + s + "." for s in en))  # bullets
    out.append("\n".join("• " + s for s in en))
    out.append(" ... ".join(en))  # ellipses
    out.append(" … ".join(en))
    out.append(" ".join(s + " #" + rng.choice(longw) for s in en))  # hashes
    out.append("\n".join(s + "..." for s in en))  # end ellipsis
    return [{"text": t, "lang": "en_Latn"} for t in out if t.strip()]
