"""Single-core tokenization speed of tiktoken and HF tokenizers on the benchmark JSONL with tekken.
Usage: bench.py TEKKEN_JSON DATA_JSONL CACHE_DIR → prints one JSON object per implementation."""
import base64
import json
import os
import sys
import time

os.environ["RAYON_NUM_THREADS"] = "1"
os.environ["TOKENIZERS_PARALLELISM"] = "false"
import tiktoken  # noqa: E402
import tokenizers  # noqa: E402

tekken_path, data_path, cache = sys.argv[1:4]
j = json.load(open(tekken_path))
cfg = j["config"]
inner = cfg["default_vocab_size"] - cfg["default_num_special_tokens"]
ranks = {base64.b64decode(v["token_bytes"]): v["rank"] for v in j["vocab"][:inner]}
texts = [json.loads(l)["text"] for l in open(data_path, encoding="utf-8")]
nbytes = sum(len(t.encode("utf-8")) for t in texts)


def report(name, seconds, ntokens):
    print(json.dumps({"impl": name, "seconds": seconds, "bytes": nbytes, "tokens": ntokens,
                      "mb_per_s": nbytes / 1e6 / seconds}), flush=True)


enc = tiktoken.Encoding("tekken", pat_str=cfg["pattern"], mergeable_ranks=ranks, special_tokens={})
enc.encode_ordinary("warm up")
t0 = time.perf_counter()
n = sum(len(enc.encode_ordinary(t)) for t in texts)
report("tiktoken", time.perf_counter() - t0, n)

# tekken as a Hugging Face tokenizer.json: ByteLevel vocab, merges derived from the ranks.
hf_path = os.path.join(cache, "tekken_hf_tokenizer.json")
if not os.path.exists(hf_path):
    bs = list(range(0x21, 0x7F)) + list(range(0xA1, 0xAD)) + list(range(0xAE, 0x100))
    cs, extra = {}, 0
    for b in range(256):
        if b in bs:
            cs[b] = chr(b)
        else:
            cs[b] = chr(256 + extra)
            extra += 1
    bl = lambda bt: "".join(cs[x] for x in bt)  # noqa: E731

    def split(token, rank):
        parts = [bytes([x]) for x in token]
        while True:
            best = None
            for i in range(len(parts) - 1):
                r = ranks.get(parts[i] + parts[i + 1])
                if r is not None and r < rank and (best is None or r < best[0]):
                    best = (r, i)
            if best is None:
                return parts
            i = best[1]
            parts[i:i + 2] = [parts[i] + parts[i + 1]]

    by_rank = sorted(ranks.items(), key=lambda kv: kv[1])
    merges = []
    for token, rank in by_rank:
        if len(token) > 1:
            a, b = split(token, rank)
            merges.append([bl(a), bl(b)])
    tj = {"version": "1.0", "added_tokens": [], "normalizer": None,
          "pre_tokenizer": {"type": "Sequence", "pretokenizers": [
              {"type": "Split", "pattern": {"Regex": cfg["pattern"]}, "behavior": "Isolated", "invert": False},
              {"type": "ByteLevel", "add_prefix_space": False, "trim_offsets": True, "use_regex": False}]},
          "post_processor": None, "decoder": {"type": "ByteLevel", "add_prefix_space": False, "trim_offsets": True,
                                              "use_regex": False},
          "model": {"type": "BPE", "dropout": None, "unk_token": None, "continuing_subword_prefix": None,
                    "end_of_word_suffix": None, "fuse_unk": False, "byte_fallback": False, "ignore_merges": True,
                    "vocab": {bl(t): r for t, r in by_rank}, "merges": merges}}
    os.makedirs(cache, exist_ok=True)
    with open(hf_path + ".tmp", "w") as f:
        json.dump(tj, f)
    os.replace(hf_path + ".tmp", hf_path)
hf = tokenizers.Tokenizer.from_file(hf_path)
hf.encode("warm up", add_special_tokens=False)
t0 = time.perf_counter()
n = sum(len(hf.encode(t, add_special_tokens=False).ids) for t in texts)
report("hf_tokenizers", time.perf_counter() - t0, n)
print(json.dumps({"hf_tokenizer_json": hf_path}))
