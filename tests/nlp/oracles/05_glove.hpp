// SPDX-License-Identifier: MIT
// The oracles of tests/nlp/05_glove.cpp, compiled once in oracles/05_glove.cpp (never with the
// learner's file): a seeded random corpus, a dense brute-force co-occurrence count that walks
// every pair of positions (independent of the sparse counter under test), seeded normal values
// for the parameters, the store gradient check, and the training corpus of the tests. Each
// returns plain containers, so the test file does no heavy work of its own.
#ifndef LLMLINGS_TESTS_NLP_ORACLES_05_GLOVE_HPP
#define LLMLINGS_TESTS_NLP_ORACLES_05_GLOVE_HPP

#include <cstddef>
#include <string>
#include <vector>

#include "common/oracles.hpp"

namespace oracles {

/// Documents of tokens.
using documents = std::vector<std::vector<std::string>>;

/// `count` documents of 0 to max_length tokens drawn from the words "w0" … "w{alphabet − 1}", word
/// k with probability ∝ 1/(k + 1) (Zipf-like, so that some words repeat within a window and some
/// fall below a min_count), from llmlings::rng(seed).
documents random_corpus(unsigned seed, std::size_t count, std::size_t max_length, std::size_t alphabet);

/// The dense co-occurrence matrix (V,V) by brute force: for each document, the positions of its
/// tokens in `words` (others removed); then for every pair of those positions p < q with
/// q − p ≤ window, X[id_q][id_p] and X[id_p][id_q] each gain 1/(q − p).
matrix dense_cooccurrence(const documents& corpus, const std::vector<std::string>& words, std::size_t window);

/// n seeded N(0, sd²) values (xtensor's generator, seed `seed`).
std::vector<double> seeded_values(unsigned seed, std::size_t n, double sd);

/// A corpus in which "cat" and "dog" occur in exactly the same contexts (each sentence with "cat"
/// has a twin with "dog" in its place, and the two never share a sentence), among other words.
documents twin_corpus();

}  // namespace oracles

#endif  // LLMLINGS_TESTS_NLP_ORACLES_05_GLOVE_HPP
