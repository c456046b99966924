#!/usr/bin/python3
"""The peer of nlp/04_word2vec: gensim's Word2Vec on the King James Bible, with the settings of
projects/word2vec_kjv (the C++ side), printing the same probes. A maintainer's comparison, not a
golden file: word vectors depend on every random draw, so only the kind of answer can agree.

    tools/fetch-data.sh kjv                              # builds .data/kjv.tsv
    /usr/bin/python3 tools/golden/nlp_word2vec_gensim.py  # gensim (Debian 12: python3-gensim 4.2)
    ./llmlings project word2vec_kjv                      # ours

Tokenisation is nlp/01's tokenize() rewritten for the KJV's ASCII text: lowercase, maximal runs
of letters and digits, an apostrophe kept between two letters ("brother's"); one document per
verse. The script prints the token and vocabulary counts, which must equal the C++ program's.

Settings (both the C code's skip-gram defaults): sg=1, negative=5, hs=0, vector_size=100, window=5,
min_count=5, sample=1e-3, alpha=0.025 decaying linearly (gensim to an absolute min_alpha=0.0001,
ours to 0.025·1e-4), epochs=5, workers=1, seed=1.
"""
import pathlib
import sys
import time

import gensim
from gensim.models import Word2Vec

ROOT = pathlib.Path(__file__).resolve().parents[2]
PROBES = ["god", "lord", "moses", "david", "jesus", "king", "water", "bread", "gold", "sin", "love", "egypt"]
ANALOGIES = [("king", "man", "woman"), ("father", "son", "daughter"), ("brother", "man", "woman"),
             ("husband", "man", "woman"), ("egypt", "pharaoh", "king"), ("abraham", "isaac", "jacob")]


def tokenize(text):
    """nlp/01's tokenize() on ASCII text."""
    s = text.lower()
    tokens, token = [], ""
    for i, c in enumerate(s):
        if c.isascii() and c.isalnum():
            token += c
        elif c == "'" and token and 0 < i < len(s) - 1 and s[i - 1].isalpha() and s[i + 1].isascii() and s[i + 1].isalpha():
            token += c
        else:
            if token:
                tokens.append(token)
            token = ""
    if token:
        tokens.append(token)
    return tokens


def main():
    path = ROOT / ".data" / "kjv.tsv"
    if not path.exists():
        sys.exit(f"{path} is missing: run tools/fetch-data.sh kjv")
    documents = [tokenize(line.rstrip("\n").split("\t", 3)[3]) for line in path.open(encoding="utf-8")]
    tokens = sum(len(d) for d in documents)
    model = Word2Vec(vector_size=100, window=5, min_count=5, sample=1e-3, sg=1, hs=0, negative=5,
                     alpha=0.025, min_alpha=0.0001, workers=1, seed=1)
    model.build_vocab(documents)
    kept = sum(model.wv.get_vecattr(w, "count") for w in model.wv.index_to_key)
    print(f"gensim {gensim.__version__}: {len(documents)} verses, {tokens} tokens, vocabulary "
          f"{len(model.wv)} words (min_count 5) covering {kept} tokens")
    # CPU time as well as wall time: on a shared machine the wall clock measures the neighbours too.
    start, cpu_start = time.perf_counter(), time.process_time()
    model.train(documents, total_examples=len(documents), epochs=5)
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu_start
    words = 5 * kept
    print(f"trained in {seconds:.1f} s wall, {cpu:.1f} s CPU: {words / cpu:.0f} words/s of CPU time, "
          f"{words / seconds:.0f} words/s of wall time (in-vocabulary tokens read)")
    for word in PROBES:
        if word in model.wv:
            print(f"nearest {word}:" + "".join(f" {w} {c:.3f}" for w, c in model.wv.most_similar(word, topn=5)))
    for a, b, c in ANALOGIES:
        result = model.wv.most_similar(positive=[a, c], negative=[b], topn=3)
        print(f"analogy {a} - {b} + {c}:" + "".join(f" {w} {s:.3f}" for w, s in result))


if __name__ == "__main__":
    main()
