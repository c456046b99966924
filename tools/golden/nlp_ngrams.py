#!/usr/bin/python3
"""Golden values for nlp/02_ngrams from NLTK's language models (nltk.lm), independently of the C++ code.

    /usr/bin/python3 tools/golden/nlp_ngrams.py    # writes tests/golden/nlp/02_ngrams.txt

The corpora are TRAIN and TEST below (the test oracle, tests/nlp/oracles/02_ngrams.cpp, repeats
them word for word). NLTK is fed exactly the n-grams the C++ model counts, through its own
`fit`: each sentence padded with N-1 "<s>" and one "</s>" (Jurafsky & Martin; NLTK's own
padded_everygram_pipeline would pad N-1 "</s>" as well and also count the n-grams that end inside
the padding), and at every predicted position (each word and the "</s>") the 1- to N-grams that
end there. Its vocabulary is the C++ one: the training words seen at least min_count times,
"</s>", and "<unk>" as NLTK's unknown label; "<s>" is context only, never a word of V (NLTK
counts it when the vocabulary comes from its pipeline), so ContextVocabulary lets it look up as
itself without counting it in len(vocab).

For each configuration (order N, min_count) the file holds, with words written as indices into
SYMBOLS (sorted: every token of TRAIN and TEST, "<s>", "</s>", "<unk>"), the tables only where
CONFIGS lists them:

  N<n>_m<m>_vocab         (|V|)          V, sorted
  N<n>_m<m>_contexts      (C, N-1)       every context of N-1 symbols seen in training, sorted,
                                         then one never seen (where one exists)
  N<n>_m<m>_lidstone      (C, |V|)       nltk.lm.Lidstone(gamma=LIDSTONE_K).score(w, context)
  N<n>_m<m>_laplace       (C, |V|)       nltk.lm.Laplace
  N<n>_m<m>_kn            (C, |V|)       Kneser-Ney, d = DISCOUNT, textbook form (below); N >= 2
  N<n>_m<m>_kn_unigram    (|V|)          NLTK's own KneserNeyInterpolated unigram level,
                                         N1+(. w) / N1+(. .), unchanged; N >= 2
  N<n>_m<m>_kn_totals     (2)            N1+(. .) and |{w : N1+(. w) > 0}|; N >= 2
  N<n>_m<m>_perplexity    (5)            lm.perplexity of TEST: Lidstone, Laplace, textbook KN with
                                         d = 0.75 and d = 0.4, NLTK's own KN with d = 0.75 (NaN for
                                         N = 1, where NLTK's KN divides by zero)

Kneser-Ney: NLTK's KneserNeyInterpolated (nltk/lm/models.py, smoothing.py) computes the highest
order from counts and the lower orders from continuation counts, gives an unseen context's mass to
the order below, and its gamma is d * |{w : c(h w) > 0}| / total, the textbook lambda with the
n-grams fed here. Its recursion ends differently from Jurafsky & Martin's eq. 3.42: NLTK's
unigram level is the bare continuation unigram N1+(. w) / N1+(. .), neither discounted nor mixed
with the uniform 1/|V|, so a word never seen after another word ("<unk>" when min_count = 1: every
other word of V follows at least a "<s>") gets probability 0 at that level, and a test text with an unknown word has infinite perplexity.
TextbookKneserNey replaces NLTK's unigram_score, and nothing else, by eq. 3.42:
max(N1+(. w) - d, 0) / N1+(. .) + d * |{w : N1+(. w) > 0}| / N1+(. .) / |V|. With N = 1, NLTK's
KneserNey divides by zero (its unigram level always counts bigram continuations), so order 1
has no Kneser-Ney values here.
"""
import math
import pathlib
import sys

import nltk
import numpy as np
from nltk.lm import KneserNeyInterpolated, Laplace, Lidstone, Vocabulary
from nltk.lm.models import InterpolatedLanguageModel
from nltk.lm.smoothing import KneserNey

import goldenfile

TRAIN = [
    "the cat sat on the mat",
    "the dog sat on the log",
    "the cat saw the dog",
    "a dog saw a cat on the mat",
    "the cat ate the fish",
    "san francisco is foggy",
    "the dog likes san francisco",
    "my glasses are on the mat",
    "",
]
TEST = [
    "the cat sat on the log",
    "a dog ate the fish",
    "the bird saw san francisco",
    "",
]
# (order N, min_count, the tables of probabilities written): every table of every configuration
# would make a file of 80 kB; the perplexities of all five go through every test n-gram anyway.
CONFIGS = [
    (1, 1, ["lidstone", "laplace"]),
    (2, 1, ["lidstone", "kn"]),
    (3, 1, ["kn"]),
    (2, 2, ["laplace"]),
    (3, 2, ["lidstone", "kn"]),
]
LIDSTONE_K = 0.1
DISCOUNT = 0.75
OUT = pathlib.Path(__file__).resolve().parents[2] / "tests" / "golden" / "nlp" / "02_ngrams.txt"


class ContextVocabulary(Vocabulary):
    """NLTK's Vocabulary in which "<s>" looks up as itself; len() still counts only the words of V."""

    def __contains__(self, item):
        return item == "<s>" or super().__contains__(item)


class TextbookKneserNey(KneserNey):
    """NLTK's KneserNey smoothing whose unigram level is Jurafsky & Martin's eq. 3.42."""

    def unigram_score(self, word):
        count, total = self._continuation_counts(word)  # NLTK's own N1+(. w) and N1+(. .)
        types = len({w for context in self.counts[2].values() for w, c in context.items() if c > 0})
        return max(count - self.discount, 0.0) / total + self.discount * types / total / len(self.vocab)


class TextbookKneserNeyInterpolated(InterpolatedLanguageModel):
    def __init__(self, order, discount, **kwargs):
        super().__init__(TextbookKneserNey, order, params={"discount": discount, "order": order}, **kwargs)


def sentences(lines):
    return [line.split() for line in lines]


def padded(sentence, order):
    return ["<s>"] * (order - 1) + sentence + ["</s>"]


def training_ngrams(order):
    """Per sentence: at each predicted position, the 1- to N-grams that end there."""
    text = []
    for sentence in sentences(TRAIN):
        x = padded(sentence, order)
        text.append([tuple(x[i - k + 1:i + 1]) for i in range(order - 1, len(x)) for k in range(1, order + 1)])
    return text


def test_ngrams(order):
    """The N-gram ending at every predicted token of TEST: M = words + sentences of them."""
    return [tuple(x[i - order + 1:i + 1])
            for x in (padded(s, order) for s in sentences(TEST)) for i in range(order - 1, len(x))]


def vocabulary(min_count):
    vocab = ContextVocabulary(unk_cutoff=min_count, unk_label="<unk>")
    vocab.update(w for s in sentences(TRAIN) for w in s)
    vocab.update({"</s>": min_count})  # "</s>" is always a word of V
    return vocab


def fitted(model, order):
    """The model after NLTK's own fit() on the n-grams of training_ngrams(order)."""
    model.fit(training_ngrams(order))
    return model


def main():
    symbols = sorted({w for s in sentences(TRAIN + TEST) for w in s} | {"<s>", "</s>", "<unk>"})
    index = {w: i for i, w in enumerate(symbols)}
    arrays = {"symbol_count": [len(symbols)], "settings": [LIDSTONE_K, DISCOUNT]}
    for order, min_count, tables in CONFIGS:
        name = f"N{order}_m{min_count}"
        vocab = vocabulary(min_count)
        V = sorted(vocab)
        expected_v = sorted({w for w in vocab.counts if vocab.counts[w] >= min_count} | {"</s>", "<unk>"})
        assert V == expected_v and len(vocab) == len(V), (V, expected_v)
        lid = fitted(Lidstone(LIDSTONE_K, order, vocabulary=vocabulary(min_count)), order)
        lap = fitted(Laplace(order, vocabulary=vocabulary(min_count)), order)
        contexts = sorted(lid.counts[order].keys()) if order > 1 else [()]
        for candidate in [("<unk>",) * (order - 1), ("mat",) * (order - 1), ("fish", "cat")[:order - 1]]:
            if order > 1 and not lid.counts[order][vocab.lookup(candidate)]:
                contexts.append(candidate)
                break
        arrays[name + "_vocab"] = [index[w] for w in V]
        arrays[name + "_contexts"] = np.array([[index[w] for w in c] for c in contexts]).reshape(len(contexts), order - 1)
        if "lidstone" in tables:
            arrays[name + "_lidstone"] = [[lid.score(w, c) for w in V] for c in contexts]
        if "laplace" in tables:
            arrays[name + "_laplace"] = [[lap.score(w, c) for w in V] for c in contexts]
        perplexities = [lid.perplexity(test_ngrams(order)), lap.perplexity(test_ngrams(order))]
        if order >= 2:
            kn = fitted(TextbookKneserNeyInterpolated(order, DISCOUNT, vocabulary=vocabulary(min_count)), order)
            nltk_kn = fitted(KneserNeyInterpolated(order, discount=DISCOUNT, vocabulary=vocabulary(min_count)), order)
            if "kn" in tables:
                arrays[name + "_kn"] = [[kn.score(w, c) for w in V] for c in contexts]
            arrays[name + "_kn_unigram"] = [nltk_kn.estimator.unigram_score(w) for w in V]
            total = nltk_kn.estimator._continuation_counts("</s>")[1]  # N1+(. .): the same for every word
            types = sum(1 for w in V if nltk_kn.estimator._continuation_counts(w)[0] > 0)
            arrays[name + "_kn_totals"] = [total, types]
            kn4 = fitted(TextbookKneserNeyInterpolated(order, 0.4, vocabulary=vocabulary(min_count)), order)
            perplexities += [kn.perplexity(test_ngrams(order)), kn4.perplexity(test_ngrams(order)),
                             nltk_kn.perplexity(test_ngrams(order))]
        else:
            perplexities += [math.nan, math.nan, math.nan]
        arrays[name + "_perplexity"] = perplexities
    versions = f"nltk {nltk.__version__}, numpy {np.__version__}, python {sys.version.split()[0]}"
    goldenfile.write(OUT, "tools/golden/nlp_ngrams.py", versions, "none (no random numbers)", arrays)


if __name__ == "__main__":
    main()
