#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""The peer of bench/nlp_word2vec.cpp: one epoch of gensim's Word2Vec skip-gram with negative
sampling on the King James Bible, at the same settings, on one thread, in words/s.

A maintainer's tool, not a CI step (the project's tests never need Python):

    tools/fetch-data.sh kjv                                  # .data/kjv.tsv
    build/bench/bench/bench_nlp_word2vec                     # ours
    /usr/bin/python3 bench/peers/word2vec_gensim.py          # gensim (Debian 12: python3-gensim 4.2)

Tokenisation is tools/golden/nlp_word2vec_gensim.py's (nlp/01's tokenize() for the KJV's ASCII
text), one document per verse: the token and vocabulary counts it prints must equal the C++
program's. Settings: sg=1, hs=0, negative=5, vector_size=100, window=5, min_count=5, sample=1e-3,
alpha=0.025 decaying linearly to min_alpha=0.0001 over the one epoch, workers=1.

words/s: in-vocabulary tokens read (before subsampling) per second of model.train (the vocabulary
is built outside the timing), gensim's own measure and the C++ program's, by wall time and by CPU
time (time.process_time(): the whole process, gensim's job-producer thread and its one worker).
Each run is a fresh model (seed = run number); printed: the median of --repeats runs and their
range.
"""
import argparse
import pathlib
import platform
import statistics
import sys
import time

import gensim
from gensim.models import Word2Vec
from gensim.models.word2vec_inner import FAST_VERSION

ROOT = pathlib.Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tools" / "golden"))
from nlp_word2vec_gensim import tokenize  # noqa: E402  nlp/01's tokenize() on ASCII text, as the golden file has it


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeats", type=int, default=5, help="timed runs, each a fresh model (default 5)")
    args = parser.parse_args()
    path = ROOT / ".data" / "kjv.tsv"
    if not path.exists():
        sys.exit(f"{path} is missing: run tools/fetch-data.sh kjv")
    documents = [tokenize(line.rstrip("\n").split("\t", 3)[3]) for line in path.open(encoding="utf-8")]
    tokens = sum(len(d) for d in documents)
    rates, cpu_rates, kept, size = [], [], 0, 0
    for run in range(1, args.repeats + 1):
        model = Word2Vec(vector_size=100, window=5, min_count=5, sample=1e-3, sg=1, hs=0, negative=5,
                         alpha=0.025, min_alpha=0.0001, workers=1, seed=run)
        model.build_vocab(documents)
        kept = sum(model.wv.get_vecattr(w, "count") for w in model.wv.index_to_key)
        size = len(model.wv)
        start, cpu_start = time.perf_counter(), time.process_time()
        model.train(documents, total_examples=len(documents), epochs=1)
        rates.append(kept / (time.perf_counter() - start))
        cpu_rates.append(kept / (time.process_time() - cpu_start))
    print(f"gensim {gensim.__version__} (FAST_VERSION {FAST_VERSION}), Python {platform.python_version()}: "
          f"{len(documents)} verses, {tokens} tokens, vocabulary {size} words (min_count 5) covering {kept} tokens; "
          "D = 100, one epoch, workers=1")
    for name, r in (("wall", rates), ("CPU", cpu_rates)):
        print(f"gensim word2vec sgns epoch, {args.repeats} runs, {name} time: {statistics.median(r) / 1e3:.1f}k words/s "
              f"median ({min(r) / 1e3:.1f}k–{max(r) / 1e3:.1f}k)")


if __name__ == "__main__":
    main()
