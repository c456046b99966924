// SPDX-License-Identifier: MIT
// The oracles of tests/ml/05_knn.cpp, compiled once in oracles/05_knn.cpp (never with the learner's
// file): seeded random points, two well-separated Gaussian clusters, and the three distances
// recomputed from their definitions with xtensor expressions. The helpers shared with other topics
// (seeded random draws, constant tensors, slices, reductions) are those of common/oracles.hpp. Each
// returns plain containers, so the test file instantiates no expression of its own.
#ifndef LLMLINGS_TESTS_ML_ORACLES_05_KNN_HPP
#define LLMLINGS_TESTS_ML_ORACLES_05_KNN_HPP

#include <cstddef>

#include "common/oracles.hpp"

namespace oracles {

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
/// xᵀ.
matrix transposed(const matrix& x);

}  // namespace oracles

#endif  // LLMLINGS_TESTS_ML_ORACLES_05_KNN_HPP
