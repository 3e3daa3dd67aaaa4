"""Runs datatrove's four MinHash stages (offline, one task) on a JSONL file and returns, per
document id, its cluster id (None for singletons) and whether it was removed."""
import json
import os
import pathlib
import sys


def run_datatrove(jsonl_path, work, ngrams=5, buckets=14, rows=8, seed=1, timings=None):
    from datatrove.executor import LocalPipelineExecutor
    from datatrove.pipeline.dedup.minhash import (MinhashConfig, MinhashDedupBuckets, MinhashDedupCluster,
                                                  MinhashDedupFilter, MinhashDedupSignature)
    from datatrove.pipeline.readers import JsonlReader
    from datatrove.pipeline.writers import JsonlWriter
    from datatrove.utils.hashing import HashConfig
    from datatrove.utils.word_tokenizers import WordTokenizer

    class Whitespace(WordTokenizer):
        """Whitespace words (spaCy is not installed; normalised text has single spaces)."""
        def word_tokenize(self, text):
            return text.split()

        def sent_tokenize(self, text):
            return [text]

        def span_tokenize(self, text):
            return [(0, len(text))]

    # datatrove 0.10.1 hands str to xxhash, which xxhash 4 (pinned project-wide) refuses; xxhash 3
    # hashed the UTF-8 bytes, so encode here exactly as it did.
    import datatrove.utils.hashes.xxhash as dt_xxhash
    import xxhash as _xxhash

    class _Encoding:
        @staticmethod
        def xxh64_intdigest(data):
            return _xxhash.xxh64_intdigest(data.encode() if isinstance(data, str) else data)

        @staticmethod
        def xxh32_intdigest(data):
            return _xxhash.xxh32_intdigest(data.encode() if isinstance(data, str) else data)

    dt_xxhash.xxhash = _Encoding

    work = pathlib.Path(work)
    cfg = MinhashConfig(hash_config=HashConfig(precision=64, hash_fc="xxhash"), n_grams=ngrams,
                        num_buckets=buckets, hashes_per_bucket=rows, seed=seed)
    data_dir = str(pathlib.Path(jsonl_path).parent)
    glob = pathlib.Path(jsonl_path).name

    def reader():
        return JsonlReader(data_dir, glob_pattern=glob, compression=None)

    import time
    common = dict(logging_dir=None, workers=1, skip_completed=False)
    t0, c0 = time.perf_counter(), time.process_time()
    LocalPipelineExecutor(pipeline=[reader(), MinhashDedupSignature(output_folder=str(work / "sigs"), config=cfg,
                                                                    language=Whitespace())],
                          tasks=1, **{**common, "logging_dir": str(work / "l1")}).run()
    t1, c1 = time.perf_counter(), time.process_time()
    LocalPipelineExecutor(pipeline=[MinhashDedupBuckets(input_folder=str(work / "sigs"),
                                                        output_folder=str(work / "buckets"), config=cfg)],
                          tasks=buckets, **{**common, "logging_dir": str(work / "l2")}).run()
    LocalPipelineExecutor(pipeline=[MinhashDedupCluster(input_folder=str(work / "buckets"),
                                                        output_folder=str(work / "remove"), config=cfg,
                                                        save_cluster_id=True, save_cluster_size=True)],
                          tasks=1, **{**common, "logging_dir": str(work / "l3")}).run()
    t2, c2 = time.perf_counter(), time.process_time()
    if timings is not None:
        # process_time: CPU seconds of this process (one worker, in-process), fair on a shared machine.
        timings.update(phase1=t1 - t0, phase23=t2 - t1, cpu1=c1 - c0, cpu23=c2 - c1)
    LocalPipelineExecutor(pipeline=[reader(),
                                    MinhashDedupFilter(input_folder=str(work / "remove"), load_cluster_ids=True,
                                                       load_cluster_sizes=True,
                                                       exclusion_writer=JsonlWriter(str(work / "removed"),
                                                                                    compression=None)),
                                    JsonlWriter(str(work / "kept"), compression=None)],
                          tasks=1, **{**common, "logging_dir": str(work / "l4")}).run()
    result = {}
    for kind in ("kept", "removed"):
        for f in sorted((work / kind).glob("*.jsonl")):
            for line in f.read_text().splitlines():
                d = json.loads(line)
                cid = d["metadata"].get("minhash_cluster_id", -1)
                result[d["id"]] = {"cluster": None if cid == -1 else cid, "removed": kind == "removed",
                                   "size": d["metadata"].get("minhash_cluster_size", 1)}
    return result


if __name__ == "__main__":
    # python dedup_datatrove.py FILE.jsonl WORKDIR  → prints a JSON summary (used by the benchmark)
    from loguru import logger
    logger.remove()
    t = {}
    r = run_datatrove(sys.argv[1], sys.argv[2], timings=t)
    print(json.dumps({"documents": len(r), "removed": sum(v["removed"] for v in r.values()), **t}))
