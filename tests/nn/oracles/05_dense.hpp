// SPDX-License-Identifier: MIT
// The oracles of tests/nn/05_dense.cpp, compiled once in oracles/05_dense.cpp (never with the
// learner's file): seeded random weights and inputs, the golden values of torch.nn.Linear, sample
// moments and the element-wise arithmetic the tests compare with; the gradient checks, the
// conversions and the parameter helpers are those of common/oracles.hpp.
#ifndef LLMLINGS_TESTS_NN_ORACLES_05_DENSE_HPP
#define LLMLINGS_TESTS_NN_ORACLES_05_DENSE_HPP

#include <cstddef>
#include <functional>
#include <vector>

#include "common/oracles.hpp"

namespace oracles {

using llmlings::parameter;
using llmlings::parameter_store;
using llmlings::testing::gradient_report;
using llmlings::testing::tensor_gradient_report;

/// After xt::random::seed(seed): N(0,1) weights (out, in) then biases (out), rounded to T, written
/// into the parameters (xtensor's generator, independent of the code under test).
template <class T>
void seed_layer(unsigned seed, const parameter<T>& weight, const parameter<T>& bias);

/// b × t × c N(0,1) numbers after xt::random::seed(seed).
tensor3 seeded_normal3(unsigned seed, std::size_t b, std::size_t t, std::size_t c);

/// The scalar loss of the gradient checks, L = Σ c⊙y + ½ Σ y² (dL/dy = c + y), and that c + y:
/// common/oracles.hpp's quadratic_loss and quadratic_loss_grad.
double loss_of(const matrix& y, const matrix& c);
matrix loss_gradient(const matrix& y, const matrix& c);

/// common/oracles.hpp's store_gradient_check: every tensor of the store against central differences.
std::vector<tensor_gradient_report> check_store(parameter_store<double>& store, const std::function<double()>& loss);

/// Sample mean and (n−1) variance of the values, the largest |value|, and how many exceed `bound`.
template <class T>
void moments(const parameter<T>& p, double& mean, double& variance);
template <class T>
double max_abs(const parameter<T>& p);
std::size_t count_beyond(const parameter<double>& p, double bound);

/// The golden forward and backward of torch.nn.Linear(4, 3) (tests/golden/nn/05_dense.txt).
struct dense_golden {
    matrix weight, x, dy, y, dx, d_weight;
    vector bias, d_bias;
};
dense_golden load_dense_golden();

/// Row (b, t) of a (B,T,C) tensor: as a (1, C) matrix, and as a vector.
matrix example(const tensor3& x, std::size_t b, std::size_t t);
vector row_at(const tensor3& x, std::size_t b, std::size_t t);
/// Row i of a matrix.
vector row_of(const matrix& m, std::size_t i);
/// A b × t × c tensor filled with c.
tensor3 filled3(std::size_t b, std::size_t t, std::size_t c, double value);
/// max(x, 0) element by element, and the mean of x².
matrix relu_of(const matrix& x);
double mean_square(const matrix& x);

}  // namespace oracles

#endif  // LLMLINGS_TESTS_NN_ORACLES_05_DENSE_HPP
