// SPDX-License-Identifier: MIT
// The oracles of tests/ml/11_naive_bayes.cpp, compiled once in oracles/11_naive_bayes.cpp (never
// with the learner's file): Bayes' theorem evaluated with stats::normal_pdf and stats::posterior
// for the hand-worked two-class set, seeded random data, and the xtensor arithmetic the
// normalisation checks need. The helpers shared with other topics (seeded random draws, constant
// tensors, slices, reductions) are those of common/oracles.hpp. Each returns plain containers, so
// the test file instantiates no expression of its own.
#ifndef LLMLINGS_TESTS_ML_ORACLES_11_NAIVE_BAYES_HPP
#define LLMLINGS_TESTS_ML_ORACLES_11_NAIVE_BAYES_HPP

#include <cstddef>

#include "common/oracles.hpp"

namespace oracles {

/// For every row (x0, x1) of points, with the hand-worked model of the small set (class 0: means
/// (1,2), variances (1,1), prior 0.4; class 1: means (6,2), variances (2/3, 8/3), prior 0.6):
/// the likelihoods P(x | k) as a product of one stats::normal_pdf per feature, the posteriors
/// P(k | x) by stats::posterior, and log(P(k) P(x | k)).
matrix small_set_posteriors(const matrix& points);
matrix small_set_log_joint(const matrix& points);
/// The normal density N(x; μ, σ) of stats/02.
double normal_density(double x, double mu, double sigma);

/// xt::random::seed(51); x = N(0,1) (60,5); y = ⌊3 U(0,1)⌋ (60); test = 3 N(0,1) (10,5).
struct random_problem {
    matrix x, test;
    index_vector y;
};
random_problem random_three_classes();

/// The row sums of e^x; the column of the largest entry of each row.
vector row_sums_of_exp(const matrix& x);
index_vector row_argmax(const matrix& x);
/// True when no entry of x is positive.
bool all_nonpositive(const matrix& x);
/// True when a and b have the same length and entries.
bool identical(const index_vector& a, const index_vector& b);

}  // namespace oracles

#endif  // LLMLINGS_TESTS_ML_ORACLES_11_NAIVE_BAYES_HPP
