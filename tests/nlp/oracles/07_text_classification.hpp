// SPDX-License-Identifier: MIT
// The oracles of tests/nlp/07_text_classification.cpp, compiled once in
// oracles/07_text_classification.cpp (never with the learner's file): scikit-learn's values on
// Reuters Grain from tests/golden/nlp/07_text_classification.txt, the malformed-ARFF corpus,
// seeded corruptions of a valid ARFF text, nlp/01's tokenize() of many texts, and the store's
// gradient check. Each returns plain strings and containers.
#ifndef LLMLINGS_TESTS_NLP_ORACLES_07_TEXT_CLASSIFICATION_HPP
#define LLMLINGS_TESTS_NLP_ORACLES_07_TEXT_CLASSIFICATION_HPP

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "common/oracles.hpp"

namespace oracles {

/// scikit-learn 1.2's numbers for Grain (tools/golden/nlp_text_classification.py).
struct grain_golden {
    std::size_t n_train = 0, positives_train = 0, n_test = 0, positives_test = 0;
    std::size_t training_tokens = 0, first_document_tokens = 0;
    std::size_t vocabulary = 0, nonzeros = 0;
    std::vector<double> class_weights;  ///< balanced {w0, w1}
    double objective_unweighted = 0.0, objective_balanced = 0.0;
    /// TP, FP, FN, TN, accuracy, precision, recall, F1 on the test set
    std::vector<double> report_unweighted, report_balanced;
};
const grain_golden& grain_golden_values();

/// One malformed ARFF text, the line the error must name and a fragment of the message.
struct malformed_arff {
    std::string name, text;
    std::size_t line = 0;
    std::string fragment;
};
/// The fuzz corpus: every way the reader must refuse a file, each with its line and reason.
const std::vector<malformed_arff>& malformed_arff_corpus();

/// A valid small ARFF text (string text, nominal class, numeric score; quotes, escapes, comments).
const std::string& valid_arff_text();
/// `count` seeded corruptions of valid_arff_text(): bytes flipped, deleted, duplicated, the text cut.
std::vector<std::string> corrupted_arff_texts(std::size_t count, std::uint64_t seed);

/// nlp/01's tokenize() of every text.
std::vector<std::vector<std::string>> tokenize_all(const std::vector<std::string>& texts);

/// Positions of a seeded subset of `size` examples: every positive of `labels` (at most size / 2),
/// then negatives drawn without replacement (seeded) until `size`, in a seeded random order.
std::vector<std::size_t> seeded_subset(const std::vector<std::size_t>& labels, std::size_t size, std::uint64_t seed);

}  // namespace oracles

#endif  // LLMLINGS_TESTS_NLP_ORACLES_07_TEXT_CLASSIFICATION_HPP
