// SPDX-License-Identifier: MIT
// The oracles of tests/nlp/07_text_classification.cpp, compiled once in
// oracles/07_text_classification.cpp (never with the learner's file): scikit-learn's values on
// Reuters Grain from tests/golden/nlp/07_text_classification.txt, the malformed-ARFF corpus,
// seeded corruptions of a valid ARFF text, nlp/01's tokenize() and nlp/03's tfidf_vectors() of
// many texts, the real-data guard, and labels summed and compared. Each returns plain strings and
// containers.
#ifndef LLMLINGS_TESTS_NLP_ORACLES_07_TEXT_CLASSIFICATION_HPP
#define LLMLINGS_TESTS_NLP_ORACLES_07_TEXT_CLASSIFICATION_HPP

#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <string>
#include <vector>

#include <llmlings/nlp/03_tfidf.hpp>

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

/// llmlings::testing::have_real_data(files) (the real-data guard: fails, or skips where
/// LLMLINGS_ALLOW_MISSING_DATA=1, when a file is missing), compiled here once with its
/// std::filesystem calls.
bool have_data(std::initializer_list<const char*> files);

/// nlp/01's tokenize() of every text.
std::vector<std::vector<std::string>> tokenize_all(const std::vector<std::string>& texts);

/// nlp/03's tfidf_vectors(model, documents), compiled here once (in the test file it would compile
/// nlp/03's vectorizer there, on every save).
std::vector<llmlings::nlp::sparse_vector> tfidf_rows(const llmlings::nlp::tfidf_model& model,
                                                     const std::vector<std::vector<std::string>>& documents);

/// Positions of a seeded subset of `size` examples: every positive of `labels` (at most size / 2),
/// then negatives drawn without replacement (seeded) until `size`, in a seeded random order.
std::vector<std::size_t> seeded_subset(const index_vector& labels, std::size_t size, std::uint64_t seed);

/// Σ labels (the number of positives of 0/1 labels).
std::size_t label_sum(const index_vector& labels);
/// Whether a and b have the same length and the same labels.
bool same_labels(const index_vector& a, const index_vector& b);

}  // namespace oracles

#endif  // LLMLINGS_TESTS_NLP_ORACLES_07_TEXT_CLASSIFICATION_HPP
