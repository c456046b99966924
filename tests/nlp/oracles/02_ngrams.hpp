// SPDX-License-Identifier: MIT
// The oracles of tests/nlp/02_ngrams.cpp, compiled once in oracles/02_ngrams.cpp (never with the
// learner's file): the corpora of tools/golden/nlp_ngrams.py, repeated word for word, and NLTK's
// values from tests/golden/nlp/02_ngrams.txt with the words of its index arrays written out; and
// one categorical draw by stats/03, which the exact generation test replays. Each returns plain
// strings and containers, so the test file does no heavy work of its own.
#ifndef LLMLINGS_TESTS_NLP_ORACLES_02_NGRAMS_HPP
#define LLMLINGS_TESTS_NLP_ORACLES_02_NGRAMS_HPP

#include <cstddef>
#include <string>
#include <vector>

#include "common/oracles.hpp"

namespace oracles {

/// Sentences of tokens.
using corpus = std::vector<std::vector<std::string>>;

/// TRAIN of tools/golden/nlp_ngrams.py, each line split on spaces: 9 sentences, the last empty.
const corpus& golden_train_corpus();
/// TEST of tools/golden/nlp_ngrams.py: 4 sentences ("bird" is in no training sentence; the last
/// is empty).
const corpus& golden_test_corpus();

/// NLTK's values for one configuration (order N, min_count) of the golden file. A table is
/// [context][word], the words in the order of `vocabulary`; a table the file does not hold for
/// this configuration is empty.
struct ngram_golden {
    std::size_t order = 0, min_count = 0;
    std::vector<std::string> vocabulary;  ///< V, sorted
    /// N − 1 symbols each: every context training showed, then one it never showed (for
    /// (2, 1), (3, 1) and (3, 2); with N = 1 the one context is the empty one, with (2, 2) every
    /// context of V was seen)
    std::vector<std::vector<std::string>> contexts;
    std::vector<std::vector<double>> lidstone;  ///< nltk.lm.Lidstone, gamma = lidstone_k
    std::vector<std::vector<double>> laplace;   ///< nltk.lm.Laplace
    std::vector<std::vector<double>> kn;        ///< Kneser–Ney, d = discount, textbook unigram level
    std::vector<double> kn_unigram;             ///< NLTK's own KN unigram level N1+(• w)/N1+(• •)
    double kn_total = 0.0;                      ///< N1+(• •), the number of distinct bigrams
    double kn_types = 0.0;                      ///< |{w : N1+(• w) > 0}|
    /// lm.perplexity of the test corpus: Lidstone, Laplace, textbook KN with d = 0.75 and
    /// d = 0.4, NLTK's own KN with d = 0.75 (the last three NaN for N = 1)
    std::vector<double> perplexity;
    double lidstone_k = 0.0, discount = 0.0;
};

/// The five configurations of tests/golden/nlp/02_ngrams.txt, in its order: (N, min_count) =
/// (1, 1), (2, 1), (3, 1), (2, 2), (3, 2). Read once.
const std::vector<ngram_golden>& ngram_golden_configs();

/// One draw of stats::sample_categorical(p, gen), the reference of stats/03.
std::size_t categorical_draw(const std::vector<double>& p, llmlings::rng& gen);

}  // namespace oracles

#endif  // LLMLINGS_TESTS_NLP_ORACLES_02_NGRAMS_HPP
