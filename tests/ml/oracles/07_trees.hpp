// SPDX-License-Identifier: MIT
// The oracles of tests/ml/07_trees.cpp, compiled once in oracles/07_trees.cpp (never with the
// learner's file): the seeded synthetic data sets (llmlings::rng and the samplers of stats/03), the
// iris split (data loader and ml/01), accuracy counted by a loop, and the xtensor arithmetic the
// properties need. The helpers shared with other topics (seeded random draws, constant tensors,
// slices, reductions) are those of common/oracles.hpp. Each returns plain containers, so the test
// file instantiates no expression of its own.
#ifndef LLMLINGS_TESTS_ML_ORACLES_07_TREES_HPP
#define LLMLINGS_TESTS_ML_ORACLES_07_TREES_HPP

#include <cstddef>
#include <vector>

#include "common/oracles.hpp"

namespace oracles {

using llmlings::rng;

/// n distinct points uniform in the unit cube [0,1)^d (continuous, so no two coincide) and k
/// random labels, drawn row by row from gen.
void random_points(rng& gen, std::size_t n, std::size_t d, std::size_t k, matrix& x, index_vector& y);
/// Two classes split by the diagonal x0 + x1 > 0 in 5 standard-normal features (the other three are
/// noise), with a fraction `flip` of the labels flipped. A diagonal is the hardest boundary for one
/// tree (a staircase of axis-aligned steps) and the easiest win for an average of many.
void noisy_diagonal(rng& gen, std::size_t n, double flip, matrix& x, index_vector& y);
/// Two classes in two standard-normal features: inside the disc x0² + x1² < 1.4 (about half the
/// points) or outside, with a fraction `flip` of the labels flipped.
void noisy_disc(rng& gen, std::size_t n, double flip, matrix& x, index_vector& y);
/// x = 0 … 19 (20,1); y = [x ≥ 13]; target = 5 from x = 7 on, else 1 (a step at 6.5).
void stump_data(matrix& x, index_vector& y, vector& target);
/// y = 1e6 + N(0,1) (n draws of stats::sample_normal), then x (n,3) uniform in [0,1) row by row.
void offset_targets(rng& gen, std::size_t n, matrix& x, vector& y);
/// The labels [x(i, j) > t].
index_vector threshold_labels(const matrix& x, std::size_t j, double t);
/// n standard normal numbers from gen (stats::sample_normal).
vector sample_normal(std::size_t n, rng& gen);
/// The first r rows of x.
matrix first_rows(const matrix& x, std::size_t r);
/// The element-wise mean of equally shaped matrices (a zero matrix, each added, divided by the count).
matrix mean_of(const std::vector<matrix>& terms);
/// The fraction of equal entries, counted by a loop.
double fraction_equal(const index_vector& a, const index_vector& b);
/// True when a and b have the same length and entries.
bool identical(const index_vector& a, const index_vector& b);

/// The iris data set split by ml/01's stratified_split(labels, 0.3, gen) (45 test flowers, 15 per
/// species); gen goes on from there.
struct iris_split {
    matrix x_train, x_test;
    index_vector y_train, y_test;
};
iris_split split_iris(rng& gen);

}  // namespace oracles

#endif  // LLMLINGS_TESTS_ML_ORACLES_07_TREES_HPP
