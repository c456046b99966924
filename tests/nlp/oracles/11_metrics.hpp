// SPDX-License-Identifier: MIT
// The oracles of tests/nlp/11_metrics.cpp, compiled once in oracles/11_metrics.cpp (never with the
// learner's file): the segments of tools/golden/nlp_metrics.py, repeated word for word, with
// NLTK 3.8's BLEU values from tests/golden/nlp/11_metrics.txt; and brute-force definitions of the
// longest common subsequence, the clipped n-gram overlap and the multiset overlap, written
// straight from the definitions (exponential or quadratic, for short texts), on seeded random
// token sequences. Each returns plain strings and containers, so the test file does no heavy work.
#ifndef LLMLINGS_TESTS_NLP_ORACLES_11_METRICS_HPP
#define LLMLINGS_TESTS_NLP_ORACLES_11_METRICS_HPP

#include <cstddef>
#include <string>
#include <utility>
#include <vector>

#include "common/oracles.hpp"

namespace oracles {

/// A text: its tokens.
using text = std::vector<std::string>;

/// One hypothesis and its references.
struct metrics_segment {
    text hypothesis;
    std::vector<text> references;
};

/// SEGMENTS of tools/golden/nlp_metrics.py, each text split on spaces (19 segments).
const std::vector<metrics_segment>& bleu_segments();

/// NLTK 3.8's values for bleu_segments() (tests/golden/nlp/11_metrics.txt). Smoothing index m:
/// 0 none (NLTK's method0), 1 method1, 2 method2, 3 method3, 4 method4, NLTK's defaults
/// (ε = 0.1, k = 5).
struct bleu_golden {
    /// modified_precision[s][n − 1] = {numerator, denominator}, n = 1 … 5
    std::vector<std::vector<std::pair<std::size_t, std::size_t>>> modified_precision;
    std::vector<std::size_t> closest_ref_length;             ///< per segment
    std::vector<double> brevity_penalty;                     ///< per segment
    std::vector<std::vector<double>> weights;                ///< the weight sets (W of them)
    std::vector<std::vector<std::vector<double>>> sentence;  ///< [segment][weight set][smoothing]
    std::vector<double> sentence_eps;                        ///< BLEU-4, method1, ε = epsilon2, per segment
    std::vector<double> sentence_k;                          ///< BLEU-4, method4, k = k2, per segment
    std::vector<std::vector<std::size_t>> corpora;           ///< the segments of each corpus, in order
    std::vector<std::vector<std::vector<double>>> corpus;    ///< [corpus][weight set][smoothing]
    std::vector<double> corpus_eps;                          ///< BLEU-4, method1, ε = epsilon2, per corpus
    std::vector<double> corpus_k;                            ///< BLEU-4, method4, k = k2, per corpus
    double epsilon2 = 0.0, k2 = 0.0;
};

/// The golden file, read once; throws io_error when its segments differ from bleu_segments().
const bleu_golden& nltk_bleu();

/// `count` pairs (a, b) of seeded random texts over a small alphabet ("a" … "e", one two-byte
/// "é"), lengths 0 … max_length each: many repeats and ties, some empty.
std::vector<std::pair<text, text>> random_text_pairs(std::size_t count, std::size_t max_length, unsigned seed);

/// The longest common subsequence by definition: the longest subsequence of the shorter text
/// (every subset of its positions, longest first) that is a subsequence of the other. For texts
/// of at most 16 tokens.
std::size_t brute_force_lcs(const text& a, const text& b);

/// Σ over the distinct n-grams g of the hypothesis of min(count in hypothesis, count in
/// reference), by comparing every pair of positions.
std::size_t brute_force_overlap(const text& reference, const text& hypothesis, std::size_t n);

/// The multiset intersection size of two texts, by sorting both and merging.
std::size_t brute_force_common(const text& a, const text& b);

}  // namespace oracles

#endif  // LLMLINGS_TESTS_NLP_ORACLES_11_METRICS_HPP
