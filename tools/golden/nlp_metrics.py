#!/usr/bin/python3
"""Golden values for nlp/11_metrics from NLTK's BLEU (nltk.translate.bleu_score), independently of the C++ code.

    /usr/bin/python3 tools/golden/nlp_metrics.py    # writes tests/golden/nlp/11_metrics.txt

SEGMENTS below are (hypothesis, references) pairs, each text split on spaces; the test oracle,
tests/nlp/oracles/11_metrics.cpp, repeats them word for word and checks them against the array
`segment_shape`. They cover NLTK's docstring examples (segments 0-5), short hypotheses (the
brevity penalty, fewer tokens than the order), no overlap, one token, a hypothesis longer than
its reference, a tie in the closest reference length, an empty hypothesis, an empty reference,
UTF-8 tokens, an exact copy, a reordering and repeated n-grams (clipping).

Arrays (S segments, W = len(WEIGHTS) weight sets, M = len(METHODS) smoothings):

  segment_shape        (S, 3)     hypothesis length, number of references, their total length
  modified_precision   (S, 5, 2)  nltk modified_precision(refs, hyp, n), n = 1..5: numerator, denominator
  closest_ref_length   (S)        nltk closest_ref_length(refs, len(hyp))
  brevity_penalty      (S)        nltk brevity_penalty(closest, len(hyp))
  weights              (W, 5)     the weight sets, padded with NaN
  sentence_bleu        (S, W, M)  nltk sentence_bleu(refs, hyp, weights, smoothing_function)
  sentence_bleu_eps    (S)        BLEU-4, method1 with epsilon = EPSILON2
  sentence_bleu_k      (S)        BLEU-4, method4 with k = K2
  corpus_segments      (C, S)     which segments each corpus holds (1) or not (0), in segment order
  corpus_bleu          (C, W, M)  nltk corpus_bleu over those segments
  corpus_bleu_eps      (C)        BLEU-4, method1 with epsilon = EPSILON2
  corpus_bleu_k        (C)        BLEU-4, method4 with k = K2
  settings             (2)        EPSILON2, K2

METHODS: SmoothingFunction().method0 (no smoothing), method1, method2, method3, method4, with
NLTK's defaults epsilon = 0.1 and k = 5. NLTK's method0 replaces a zero precision of weight w by
the smallest double, so its "0" holds a factor DBL_MIN^w (1e-77 for w = 1/4, 1e-31 for w = 0.1);
nlp/11's none returns exactly 0 there. NLTK warns
about those zeros; the warnings are silenced here.
"""
import math
import pathlib
import sys
import warnings

import nltk
import numpy as np
from nltk.translate.bleu_score import (SmoothingFunction, brevity_penalty, closest_ref_length, corpus_bleu,
                                       modified_precision, sentence_bleu)

import goldenfile

R1 = "It is a guide to action that ensures that the military will forever heed Party commands"
R2 = "It is the guiding principle which guarantees the military forces always being under the command of the Party"
R3 = "It is the practical guide for the army always to heed the directions of the party"
H1 = "It is a guide to action which ensures that the military always obeys the commands of the party"
H2 = "It is to insure the troops forever hearing the activity guidebook that party direct"
SEGMENTS = [
    (H1, [R1, R2, R3]),  # 0: NLTK's sentence_bleu docstring, 0.5045...
    (H2, [R1, R2, R3]),  # 1: no 3-gram or 4-gram match; method1 0.0370...
    ("the the the the the the the", ["the cat is on the mat", "there is a cat on the mat"]),  # 2: 2/7
    ("of the", [R1, R2, R3]),  # 3: modified_precision docstring, p1 = p2 = 1
    (H1, [R1]),  # 4: SmoothingFunction docstring, 0.4118...
    ("he read the book because he was interested in world history",
     ["he was interested in world history because he read the book"]),  # 5: corpus_bleu docstring
    ("the cat", ["the cat is on the mat"]),  # 6: short, brevity penalty
    ("dogs bark loudly at night", ["the cat is on the mat"]),  # 7: no overlap
    ("cat", ["the cat sat"]),  # 8: one token
    ("the cat sat on the mat today in the warm sun", ["the cat sat on the mat"]),  # 9: longer than the reference
    ("a b c d e f g h i j k l", ["a b c d e f g h i j k l m", "a b c d e f x h i j k"]),  # 10: 13 and 11 tie
    ("", ["a b c"]),  # 11: empty hypothesis
    ("the cat sat", ["the cat sat on the mat"]),  # 12: 3 tokens, no 4-gram at all
    ("le chat est sûr , très sûr", ["le chat est très sûr", "un chat sûr"]),  # 13: UTF-8 tokens
    ("the cat is on the mat", ["the cat is on the mat"]),  # 14: exact copy
    ("a cat on the mat", ["", "the cat is on the mat"]),  # 15: an empty reference
    ("on the mat the cat is", ["the cat is on the mat"]),  # 16: reordered
    ("x y", [""]),  # 17: only an empty reference
    ("the cat the cat the cat the", ["the cat", "cat the cat"]),  # 18: repeated bigrams, clipped
]
WEIGHTS = [
    (1.0,),
    (0.5, 0.5),
    (1 / 3, 1 / 3, 1 / 3),
    (0.25, 0.25, 0.25, 0.25),
    (0.2, 0.2, 0.2, 0.2, 0.2),
    (0.1, 0.3, 0.5, 0.1),
    (0.5, 0.5, 0.0, 0.0),
]
CORPORA = [
    [0, 5],  # NLTK's corpus_bleu docstring, 0.5920...
    list(range(len(SEGMENTS))),
    [6, 8, 12, 17],  # short hypotheses: orders with no n-gram count 1 in the denominator
    [1, 7, 16],
]
EPSILON2 = 0.01
K2 = 3
OUT = pathlib.Path(__file__).resolve().parents[2] / "tests" / "golden" / "nlp" / "11_metrics.txt"


def main():
    warnings.simplefilter("ignore")
    chencherry = SmoothingFunction()
    methods = [chencherry.method0, chencherry.method1, chencherry.method2, chencherry.method3, chencherry.method4]
    eps2 = SmoothingFunction(epsilon=EPSILON2).method1
    k2 = SmoothingFunction(k=K2).method4
    segments = [(h.split(), [r.split() for r in refs]) for h, refs in SEGMENTS]

    shape, precision, closest, bp, sentence, sentence_eps, sentence_k = [], [], [], [], [], [], []
    for hyp, refs in segments:
        shape.append([len(hyp), len(refs), sum(len(r) for r in refs)])
        fractions = [modified_precision(refs, hyp, n) for n in range(1, 6)]
        precision.append([[f.numerator, f.denominator] for f in fractions])
        c = closest_ref_length(refs, len(hyp))
        closest.append(c)
        bp.append(brevity_penalty(c, len(hyp)))
        sentence.append([[sentence_bleu(refs, hyp, w, smoothing_function=m) for m in methods] for w in WEIGHTS])
        sentence_eps.append(sentence_bleu(refs, hyp, smoothing_function=eps2))
        sentence_k.append(sentence_bleu(refs, hyp, smoothing_function=k2))

    membership, corpus, corpus_eps, corpus_k = [], [], [], []
    for members in CORPORA:
        membership.append([1 if s in members else 0 for s in range(len(SEGMENTS))])
        refs = [segments[s][1] for s in members]
        hyps = [segments[s][0] for s in members]
        corpus.append([[corpus_bleu(refs, hyps, w, smoothing_function=m) for m in methods] for w in WEIGHTS])
        corpus_eps.append(corpus_bleu(refs, hyps, smoothing_function=eps2))
        corpus_k.append(corpus_bleu(refs, hyps, smoothing_function=k2))

    # NLTK's docstring values, checked here so that the golden file agrees with the documentation.
    assert f"{sentence[0][3][0]:.4f}" == "0.5046" and str(sentence[0][3][0]).startswith("0.5045")
    assert round(sentence[1][3][0], 4) == 0.0 and str(sentence[1][3][1]).startswith("0.0370")
    assert str(sentence[0][4][0]).startswith("0.3920")
    assert [str(sentence[0][i][0])[:6] for i in (1, 2)] == ["0.7453", "0.6240"]
    assert str(sentence[4][3][0]).startswith("0.4118") and str(sentence[4][3][2]).startswith("0.4452")
    assert all(str(sentence[4][3][i]).startswith("0.4118") for i in (1, 3, 4))
    assert str(corpus[0][3][0]).startswith("0.5920") and str(corpus[0][5][0]).startswith("0.5818")
    assert str((sentence[0][3][0] + sentence[5][3][0]) / 2).startswith("0.6223")
    assert precision[2][0] == [2, 7] and precision[3][0] == [2, 2] and precision[3][1] == [1, 1]
    assert str(precision[0][0][0] / precision[0][0][1]).startswith("0.9444")
    assert precision[0][1] == [10, 17] and str(precision[1][1][0] / precision[1][1][1]).startswith("0.07692")

    arrays = {
        "segment_shape": shape,
        "modified_precision": precision,
        "closest_ref_length": closest,
        "brevity_penalty": bp,
        "weights": [list(w) + [math.nan] * (5 - len(w)) for w in WEIGHTS],
        "sentence_bleu": sentence,
        "sentence_bleu_eps": sentence_eps,
        "sentence_bleu_k": sentence_k,
        "corpus_segments": membership,
        "corpus_bleu": corpus,
        "corpus_bleu_eps": corpus_eps,
        "corpus_bleu_k": corpus_k,
        "settings": [EPSILON2, K2],
    }
    versions = f"nltk {nltk.__version__}, numpy {np.__version__}, python {sys.version.split()[0]}"
    goldenfile.write(OUT, "tools/golden/nlp_metrics.py", versions, "none (no random numbers)", arrays)


if __name__ == "__main__":
    main()
