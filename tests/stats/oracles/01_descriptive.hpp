// SPDX-License-Identifier: MIT
// The oracles of tests/stats/01_descriptive.cpp, compiled once in oracles/01_descriptive.cpp (never
// with the learner's file): seeded random samples, sorted copies, prefixes and columns, and the
// covariance matrix by its definition Xcᵀ Xc / (n − 1) with xtensor's reductions and a BLAS
// product. Each returns plain containers, so the test file instantiates no expression of its own.
#ifndef LLMLINGS_TESTS_STATS_ORACLES_01_DESCRIPTIVE_HPP
#define LLMLINGS_TESTS_STATS_ORACLES_01_DESCRIPTIVE_HPP

#include <cstddef>
#include <vector>

#include <llmlings/core.hpp>

namespace oracles {

using llmlings::matrix;
using llmlings::vector;

/// mean + sd · (n standard normal numbers), after xt::random::seed(seed).
vector normal_sample(unsigned seed, std::size_t n, double mean = 0.0, double sd = 1.0);
/// mean + sd · (an n × d matrix of standard normal numbers), after xt::random::seed(seed).
matrix normal_matrix(unsigned seed, std::size_t n, std::size_t d, double mean, double sd);

/// n uniforms on [0, 10) after xt::random::seed(seed), shifted by 1e9, and the shifted values
/// minus 1e9 again (exact by Sterbenz's lemma).
struct offset_sample {
    vector shifted, recovered;
};
offset_sample offset_uniforms(unsigned seed, std::size_t n);

/// The values of x in increasing order.
std::vector<double> sorted_copy(const vector& x);
/// x₀ … x_{k−1}.
vector prefix(const vector& x, std::size_t k);
/// Column j of a matrix.
vector column(const matrix& data, std::size_t j);
/// Xcᵀ Xc / (n − 1) with Xc the data minus their column means (xt::mean and xt::linalg::dot).
matrix covariance_by_definition(const matrix& data);

/// One trial of the invariance test: x and noise of 30 standard normal numbers each (in that order
/// from xt::random's stream), y = 0.5 x + noise, and the transformed 3x − 7, 0.25y + 100 and −y.
struct correlation_trial {
    vector x, y, x_scaled, y_scaled, minus_y;
};
std::vector<correlation_trial> correlation_trials(unsigned seed, int count);

}  // namespace oracles

#endif  // LLMLINGS_TESTS_STATS_ORACLES_01_DESCRIPTIVE_HPP
