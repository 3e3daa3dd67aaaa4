"""datatrove 0.10.1's equivalent of the benchmark pipeline, one task and one worker per step, offline.

  1. WarcReader → Trafilatura(favour_precision=True) → LanguageFilter(ft176, local lid.176.ftz)
     → GopherRepetitionFilter → GopherQualityFilter → FineWebQualityFilter (each with Sieve's
       per-language thresholds, Filters/quality/<lang>.json) → PIIFormatter
     → MinhashDedupSignature (+ JsonlWriter of the documents)
  2. MinhashDedupBuckets   3. MinhashDedupCluster
  4. JsonlReader → MinhashDedupFilter → DocumentTokenizer (tekken as a tokenizer.json)

Usage: datatrove_pipeline.py CORPUS_DIR WORK_DIR LID_MODEL TOKENIZER_JSON
Prints one JSON line: documents read, documents tokenized, tokens, the funnel, CPU seconds of this
process only (Trafilatura runs in a child process: time the whole tree from outside, as run.sh does).
Trafilatura's per-document timeout is raised from 1 s to 10 s so a busy machine does not drop pages.
"""
import json
import os
import resource
import sys
import time

os.environ["RAYON_NUM_THREADS"] = "1"
os.environ["TOKENIZERS_PARALLELISM"] = "false"
os.environ["HF_HUB_OFFLINE"] = "1"

corpus, work, lid_model, tokenizer_json = sys.argv[1:5]
ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
sys.path.insert(0, os.path.join(ROOT, "Tests", "oracle"))

# WarcReader imports cchardet and python-magic, which are not in the project's venv: magic is only
# used when a record has no WARC-Identified-Payload-Type (every generated record has one), and
# charset_normalizer's chardet-compatible detect() stands in for cchardet on non-UTF-8 pages.
import types  # noqa: E402
import charset_normalizer  # noqa: E402

sys.modules.setdefault("cchardet", types.SimpleNamespace(detect=charset_normalizer.detect))
sys.modules.setdefault("magic", types.SimpleNamespace(from_buffer=lambda b, mime=True: "text/html"))

from loguru import logger  # noqa: E402

logger.remove()

from datatrove.executor import LocalPipelineExecutor  # noqa: E402
from datatrove.pipeline.dedup.minhash import (MinhashConfig, MinhashDedupBuckets, MinhashDedupCluster,  # noqa: E402
                                              MinhashDedupFilter, MinhashDedupSignature)
from datatrove.pipeline.extractors import Trafilatura  # noqa: E402
from datatrove.pipeline.filters import (FineWebQualityFilter, GopherQualityFilter,  # noqa: E402
                                        GopherRepetitionFilter, LanguageFilter)
from datatrove.pipeline.formatters import PIIFormatter  # noqa: E402
from datatrove.pipeline.readers import JsonlReader, WarcReader  # noqa: E402
from datatrove.pipeline.tokens import DocumentTokenizer  # noqa: E402
from datatrove.pipeline.writers import JsonlWriter  # noqa: E402
from datatrove.utils.hashing import HashConfig  # noqa: E402
import datatrove.utils.lid as dt_lid  # noqa: E402

# Offline: datatrove downloads lid.176.bin on first use; point it at the local lid.176.ftz instead
# (same labels, the quantized file Sieve uses too).
def _local_model(self):
    if not self._model:
        from fasttext.FastText import _FastText
        self._model = _FastText(lid_model)
    return self._model


dt_lid.FastTextLID.model = property(_local_model)

# datatrove 0.10.1 hands str to xxhash, which xxhash 4 (pinned project-wide) refuses; xxhash 3
# hashed the UTF-8 bytes, so encode here exactly as it did (as Tests/oracle/dedup_datatrove.py does).
import datatrove.utils.hashes.xxhash as dt_xxhash  # noqa: E402
import xxhash as _xxhash  # noqa: E402


class _Encoding:
    @staticmethod
    def xxh64_intdigest(data):
        return _xxhash.xxh64_intdigest(data.encode() if isinstance(data, str) else data)

    @staticmethod
    def xxh32_intdigest(data):
        return _xxhash.xxh32_intdigest(data.encode() if isinstance(data, str) else data)


dt_xxhash.xxhash = _Encoding

from test_filters_quality import SieveRuleTokenizer  # noqa: E402


import datatrove.pipeline.base as dt_base  # noqa: E402

_check = dt_base.check_required_dependencies
dt_base.check_required_dependencies = lambda name, deps: _check(
    name, [d for d in deps if (d[0] if isinstance(d, tuple) else d) not in ("cchardet", "magic", "fasteners", "fasttext")])

# Word tokenizer: datatrove's English default (NLTK punkt) needs a download; like
# Benchmarks/filters, use the regex tokenizer implementing Sieve's word rule (faster than NLTK).
tok = SieveRuleTokenizer()

# Same thresholds per language as Sieve: Sieve's quality stage reads Filters/quality/<lang>.json
# (datatrove's argument names) over datatrove's defaults, and turns the stop-word check off for a
# language other than English without a stop-word list. Without this, GopherQualityFilter applies
# English stop words to every language and drops most of this multilingual corpus, so datatrove
# would run every later step on a quarter of the documents Sieve handles. PerLanguage builds one
# datatrove filter per language (doc.metadata["language"], set by LanguageFilter) with those values.
import inspect  # noqa: E402
from datatrove.pipeline.filters.base_filter import BaseFilter  # noqa: E402

QUALITY_DIR = os.path.join(ROOT, "Filters", "quality")


def language_arguments(lang):
    """Filters/quality/<lang>.json, as Sieve applies it (null = check disabled)."""
    path = os.path.join(QUALITY_DIR, f"{lang}.json")
    args = json.load(open(path)) if os.path.exists(path) else {}
    if "stop_words" not in args and lang != "en":
        args["stop_words"], args["min_stop_words"] = [], None
    if "line_punct_thr" in args and args["line_punct_thr"] is None:
        args["line_punct_thr"] = -1.0  # datatrove has no "off": a ratio is never below -1
    return args


class PerLanguage(BaseFilter):
    def __init__(self, cls, **common):
        self.name = cls.name  # before BaseFilter.__init__, which names the step's stats
        super().__init__()
        self.cls, self.common, self.filters = cls, common, {}
        self.params = set(inspect.signature(cls.__init__).parameters)

    def filter(self, doc):
        lang = doc.metadata.get("language", "en")
        f = self.filters.get(lang)
        if f is None:
            args = {k: v for k, v in language_arguments(lang).items() if k in self.params}
            f = self.filters[lang] = self.cls(**self.common, **args)
        return f.filter(doc)

cfg = MinhashConfig(hash_config=HashConfig(precision=64, hash_fc="xxhash"), n_grams=5, num_buckets=14,
                    hashes_per_bucket=8)
common = dict(tasks=1, workers=1, skip_completed=False)
t0, c0 = time.perf_counter(), resource.getrusage(resource.RUSAGE_SELF)
LocalPipelineExecutor(pipeline=[
    WarcReader(corpus, glob_pattern="*.warc.gz", compression="infer"),
    Trafilatura(favour_precision=True, timeout=10.0),
    LanguageFilter(backend="ft176", language_threshold=0.5),
    PerLanguage(GopherRepetitionFilter, language=tok),
    PerLanguage(GopherQualityFilter, language=tok),
    PerLanguage(FineWebQualityFilter, language=tok),
    PIIFormatter(),
    JsonlWriter(f"{work}/docs", compression=None),
    MinhashDedupSignature(output_folder=f"{work}/sigs", config=cfg, language=tok),
], logging_dir=f"{work}/l1", **common).run()
LocalPipelineExecutor(pipeline=[MinhashDedupBuckets(input_folder=f"{work}/sigs", output_folder=f"{work}/buckets",
                                                    config=cfg)],
                      logging_dir=f"{work}/l2", **{**common, "tasks": cfg.num_buckets}).run()
LocalPipelineExecutor(pipeline=[MinhashDedupCluster(input_folder=f"{work}/buckets", output_folder=f"{work}/remove",
                                                    config=cfg)],
                      logging_dir=f"{work}/l3", **common).run()
LocalPipelineExecutor(pipeline=[
    JsonlReader(f"{work}/docs", compression=None),
    MinhashDedupFilter(input_folder=f"{work}/remove"),
    DocumentTokenizer(output_folder=f"{work}/tokens", tokenizer_name_or_path=tokenizer_json, eos_token=None,
                      seed=1234),
], logging_dir=f"{work}/l4", **common).run()
t1, c1 = time.perf_counter(), resource.getrusage(resource.RUSAGE_SELF)


def steps(folder):
    path = os.path.join(folder, "stats.json")
    return [(x.get("name"), x.get("stats", {})) for x in json.load(open(path))] if os.path.exists(path) else []


def count(v):
    return v.get("total", 0) if isinstance(v, dict) else (v or 0)


s1, s4 = steps(f"{work}/l1"), steps(f"{work}/l4")
funnel = [(name.split(": ", 1)[-1], count(st.get("total", st.get("documents"))), count(st.get("forwarded")))
          for name, st in s1 + s4]
print(json.dumps({"documents_read": count(s1[0][1].get("documents")) if s1 else 0,
                  "documents_tokenized": count(s4[1][1].get("forwarded")) if len(s4) > 1 else 0,
                  "tokens": count(s4[-1][1].get("tokens")) if s4 else 0,
                  "cpu_seconds_self": (c1.ru_utime - c0.ru_utime) + (c1.ru_stime - c0.ru_stime),
                  "wall_seconds": t1 - t0, "funnel": funnel}, ensure_ascii=False))
