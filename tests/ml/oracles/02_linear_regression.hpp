// SPDX-License-Identifier: MIT
// The oracles of tests/ml/02_linear_regression.cpp, compiled once in
// oracles/02_linear_regression.cpp (never with the learner's file): seeded random data, LAPACK
// least squares and the centred ridge closed form. The helpers shared with other topics (seeded
// random draws, constant tensors, slices, reductions) are those of common/oracles.hpp. Each returns
// plain containers, so the test file instantiates no expression of its own.
#ifndef LLMLINGS_TESTS_ML_ORACLES_02_LINEAR_REGRESSION_HPP
#define LLMLINGS_TESTS_ML_ORACLES_02_LINEAR_REGRESSION_HPP

#include <cstddef>
#include <vector>

#include "common/oracles.hpp"

namespace oracles {

/// Weights and bias of a linear fit, as the oracle computed them.
struct line_fit {
    vector weights;
    double bias = 0.0;
};

/// n examples of d standard normal features, after xt::random::seed(seed).
matrix random_features(unsigned seed, std::size_t n = 40, std::size_t d = 3);
/// Xw + b.
vector linear_targets(const matrix& x, const vector& w, double b = 0.0);
/// Xw + b + σ·noise, the noise the next n standard normal numbers of xt::random's stream.
vector noisy_linear_targets(const matrix& x, const vector& w, double b, double sigma);
/// A copy of X whose column `to` is `factor` times its column `from`.
matrix with_scaled_copy(const matrix& x, std::size_t from, std::size_t to, double factor);
/// The least-squares fit of y on [1 X] by LAPACK's dgelsd (SVD), independent of the normal equations.
line_fit lstsq(const matrix& x, const vector& y);
/// Ridge with an unpenalised intercept by centring: w = (XcᵀXc + λI)⁻¹ Xcᵀyc, b = ȳ − x̄·w (LAPACK solve).
line_fit centred_ridge(const matrix& x, const vector& y, double lambda);
/// Σ vᵢ², and v + c element by element.
double squared_norm(const vector& v);
vector plus(const vector& v, double c);

/// One trial of the overfitting experiment: 15 training and 200 test examples of 12 features,
/// y = Xw + noise with w ~ 0.3 N(0, I), drawn from xt::random's stream.
struct overfit_trial {
    matrix x_train, x_test;
    vector y_train, y_test;
};
std::vector<overfit_trial> overfit_trials(unsigned seed, int count);

}  // namespace oracles

#endif  // LLMLINGS_TESTS_ML_ORACLES_02_LINEAR_REGRESSION_HPP
