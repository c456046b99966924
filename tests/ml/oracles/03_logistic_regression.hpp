// SPDX-License-Identifier: MIT
// The oracles of tests/ml/03_logistic_regression.cpp, compiled once in
// oracles/03_logistic_regression.cpp (never with the learner's file): seeded clusters and
// gradient-check problems, the golden gradient-descent steps of tools/golden/ml_logistic.py loaded
// as concrete arrays, a softmax-regression gradient written out by loops, and the xtensor
// reductions the properties need. The helpers shared with other topics (seeded random draws,
// constant tensors, slices, reductions) are those of common/oracles.hpp. Each returns plain
// containers, so the test file instantiates no expression of its own.
#ifndef LLMLINGS_TESTS_ML_ORACLES_03_LOGISTIC_REGRESSION_HPP
#define LLMLINGS_TESTS_ML_ORACLES_03_LOGISTIC_REGRESSION_HPP

#include <cstddef>
#include <functional>
#include <vector>

#include <xtensor/xarray.hpp>

#include <llmlings/ml/02_linear_regression.hpp>
#include <llmlings/testing/gradcheck.hpp>

#include "common/oracles.hpp"

namespace oracles {

/// Two or three well-separated clusters: centres at distance ≥ 5, points within ±1 of them
/// (uniform, after xt::random::seed(seed)), so a line (or three) separates them with a wide
/// margin. `labels` gets the cluster of every row.
matrix clusters(const matrix& centres, std::size_t per_cluster, unsigned seed, index_vector& labels);
/// scale · N(0, 1) of shape (rows, cols), after xt::random::seed(seed).
matrix scaled_randn(unsigned seed, std::size_t rows, std::size_t cols, double scale);
/// 4 · N(0, 1) of shape (5, 4) after xt::random::seed(seed), rounded to T.
template <class T>
matrix_of<T> random_logits(unsigned seed);

/// The data and the point of a central-difference gradient check.
struct gradient_problem {
    matrix x;
    index_vector y;
    xt::xarray<double> point;
};
/// xt::random::seed(32); X = N(0,1) (20,4); y = [U(0,1) > 0.5]; point = N(0,1) (5) = (b, w).
gradient_problem binary_gradient_problem();
/// xt::random::seed(33); X = N(0,1) (15,3); y = ⌊4 U(0,1)⌋; point = N(0,1) (16) = W (4,3) row by row, then b (4).
gradient_problem softmax_gradient_problem();
/// θ = (b, w) as a linear model, and back.
llmlings::ml::linear_model unpack_binary(const xt::xarray<double>& theta);
xt::xarray<double> pack_binary(const llmlings::ml::linear_model& model);
/// θ = (W row by row, b) of a softmax model with k classes and d features: W (k,d), b (k), and back.
matrix weights_part(const xt::xarray<double>& theta, std::size_t k, std::size_t d);
vector bias_part(const xt::xarray<double>& theta, std::size_t k, std::size_t d);
xt::xarray<double> pack_softmax(const matrix& weights, const vector& bias);
/// llmlings::testing::gradient_check of `loss` at `point` against `analytic` (central differences,
/// h = 1e-6), instantiated here once.
llmlings::testing::gradient_report central_difference_check(
    const std::function<double(const xt::xarray<double>&)>& loss, const xt::xarray<double>& point,
    const xt::xarray<double>& analytic);
/// (P − Y)ᵀX / n by three loops: the gradient of the mean cross-entropy with respect to W (K,d).
matrix softmax_weight_gradient(const matrix& p, const matrix& x, const index_vector& y);

/// The gradient-descent steps of the NumPy reference (tests/golden/ml/03_logistic_regression.txt).
struct binary_golden {
    matrix x;
    index_vector y;
    double learning_rate = 0.0, l2 = 0.0;
    std::size_t steps = 0;
    matrix w_steps;  ///< (steps + 1, d): w after 0 … steps steps
    vector b_steps;  ///< (steps + 1)
    vector losses;   ///< (steps + 1)
};
struct softmax_golden {
    matrix x;
    index_vector y;
    double learning_rate = 0.0, l2 = 0.0;
    std::size_t steps = 0;
    std::vector<matrix> w_steps;  ///< W (K,d) after each step: NumPy's (d,K) transposed to PyTorch's layout
    matrix b_steps;               ///< (steps + 1, K)
    vector losses;                ///< (steps + 1)
};
binary_golden load_binary_golden();
softmax_golden load_softmax_golden();

/// A zero vector.
vector zero_vector(std::size_t n);
/// ‖v‖₂ by xt::sum.
double euclidean_length(const vector& v);
/// Every entry of x is > 0; every entry of v lies in [lo, hi]; every label is c.
bool all_positive(const matrix& x);
bool all_within(const vector& v, double lo, double hi);
bool all_equal_to(const index_vector& labels, std::size_t c);
/// The largest entry of column j.
double column_max(const matrix& x, std::size_t j);
/// True when a and b have the same length and entries.
bool identical(const index_vector& a, const index_vector& b);
/// p(i, labels(i)) for every row i: the probability each row gives its own label.
vector label_probabilities(const matrix& p, const index_vector& labels);

}  // namespace oracles

#endif  // LLMLINGS_TESTS_ML_ORACLES_03_LOGISTIC_REGRESSION_HPP
