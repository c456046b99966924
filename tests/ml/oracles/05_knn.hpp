// SPDX-License-Identifier: MIT
// The oracles of tests/ml/05_knn.cpp, compiled once in oracles/05_knn.cpp (never with the
// learner's file): seeded random points, two well-separated Gaussian clusters, and the three
// distances recomputed from their definitions with xtensor expressions. Each returns plain
// containers, so the test file instantiates no expression of its own.
#ifndef LLMLINGS_TESTS_ML_ORACLES_05_KNN_HPP
#define LLMLINGS_TESTS_ML_ORACLES_05_KNN_HPP

#include <cstddef>

#include <llmlings/core.hpp>

namespace oracles {

using llmlings::index_vector;
using llmlings::matrix;
using llmlings::vector;

/// xt::random::seed(seed): the draws below continue its stream.
void random_seed(unsigned seed);
/// The next n (or rows × cols) standard normal numbers of xt::random's stream.
vector random_normal(std::size_t n);
matrix random_normal(std::size_t rows, std::size_t cols);
/// The next n labels uniform in 0 … k−1 (xt::random::randint).
index_vector random_labels(std::size_t n, std::size_t k);
/// Two Gaussian clusters of n points each, standard deviation 0.5, centred at (−3,−3) → label 0
/// and (3,3) → label 1, from xt::random's stream. The centres are 8.5 apart, 17 standard
/// deviations: no point strays anywhere near the other cluster.
void two_clusters(std::size_t n, matrix& x, index_vector& y);
/// c·v and c·x.
vector times(double c, const vector& v);
matrix times(double c, const matrix& x);
/// The (m,n) distances between the rows of a and of b from their definitions: √Σ(a−b)²,
/// Σ|a−b| and 1 − a·b / (‖a‖ ‖b‖), by xtensor reductions.
matrix euclidean_by_definition(const matrix& a, const matrix& b);
matrix manhattan_by_definition(const matrix& a, const matrix& b);
matrix cosine_by_definition(const matrix& a, const matrix& b);
/// xᵀ, and row r of x.
matrix transposed(const matrix& x);
vector row(const matrix& x, std::size_t r);

}  // namespace oracles

#endif  // LLMLINGS_TESTS_ML_ORACLES_05_KNN_HPP
