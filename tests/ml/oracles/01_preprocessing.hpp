// SPDX-License-Identifier: MIT
// The oracles of tests/ml/01_preprocessing.cpp, compiled once in oracles/01_preprocessing.cpp
// (never with the learner's file): seeded random features, labels and codes, the properties of a
// split, and column statistics recomputed with xtensor's mean and stddev. The helpers shared with
// other topics (seeded random draws, constant tensors, slices, reductions) are those of
// common/oracles.hpp. Each returns plain containers, so the test file instantiates no expression of
// its own.
#ifndef LLMLINGS_TESTS_ML_ORACLES_01_PREPROCESSING_HPP
#define LLMLINGS_TESTS_ML_ORACLES_01_PREPROCESSING_HPP

#include <cstddef>

#include "common/oracles.hpp"

namespace oracles {

/// n rows of 3 columns on very different scales and offsets, as real features are (1000 + 250 N,
/// 0.01 N, −7 + 3 N), the next 3n standard normal numbers of xt::random's stream.
matrix features(std::size_t n);
/// n labels drawn from xt::random's stream: 0 with probability 0.6, 1 with 0.3, 2 with 0.1.
index_vector imbalanced_labels(std::size_t n);
/// n codes uniform in 0 … k−1, after xt::random::seed(seed).
index_vector random_codes(unsigned seed, std::size_t n, std::size_t k);
/// Labels 0, 0, 0, 0, 0, 1, 1, 1, 2, 2 repeated: n = 100 gives 50, 30 and 20 of the classes.
index_vector labels_50_30_20();
/// `zeros` zeros followed by `ones` ones.
index_vector two_blocks(std::size_t zeros, std::size_t ones);

/// True when train and test, sorted and concatenated, are 0 … n−1 exactly once.
bool disjoint_and_covering(const index_vector& train, const index_vector& test, std::size_t n);
/// How many of the listed rows have label c.
std::size_t count_label(const index_vector& labels, const index_vector& rows, std::size_t c);
/// How many labels are c.
std::size_t count_label(const index_vector& labels, std::size_t c);
/// True when a and b have the same length and entries.
bool identical(const index_vector& a, const index_vector& b);
/// True when the labels of the listed rows never decrease (the rows are sorted by class).
bool sorted_by_class(const index_vector& labels, const index_vector& rows);

/// The population standard deviation (ddof 0) of every column (xt::stddev).
vector column_stddevs(const matrix& x);
/// (test − μ) / σ with μ and σ the column means and population standard deviations of train.
matrix standardised_with(const matrix& train, const matrix& test);

}  // namespace oracles

#endif  // LLMLINGS_TESTS_ML_ORACLES_01_PREPROCESSING_HPP
