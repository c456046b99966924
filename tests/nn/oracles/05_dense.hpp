// SPDX-License-Identifier: MIT
// The oracles of tests/nn/05_dense.cpp, compiled once in oracles/05_dense.cpp (never with the
// learner's file): seeded random weights and inputs, the golden values of torch.nn.Linear, the
// central-difference gradient checks, sample moments and the element-wise arithmetic the tests
// compare with.
#ifndef LLMLINGS_TESTS_NN_ORACLES_05_DENSE_HPP
#define LLMLINGS_TESTS_NN_ORACLES_05_DENSE_HPP

#include <cstddef>
#include <functional>
#include <vector>

#include <llmlings/core.hpp>
#include <llmlings/core/parameters.hpp>
#include <llmlings/testing/gradcheck.hpp>

namespace oracles {

using llmlings::matrix;
using llmlings::matrix_of;
using llmlings::parameter;
using llmlings::parameter_store;
using llmlings::tensor3;
using llmlings::vector;
using llmlings::testing::gradient_report;
using llmlings::testing::tensor_gradient_report;

/// After xt::random::seed(seed): N(0,1) weights (out, in) then biases (out), rounded to T, written
/// into the parameters (xtensor's generator, independent of the code under test).
template <class T>
void seed_layer(unsigned seed, const parameter<T>& weight, const parameter<T>& bias);

/// rows × cols N(0,1) numbers after xt::random::seed(seed) when seed ≥ 0, else the next ones.
matrix seeded_normal(long seed, std::size_t rows, std::size_t cols);
/// b × t × c N(0,1) numbers after xt::random::seed(seed).
tensor3 seeded_normal3(unsigned seed, std::size_t b, std::size_t t, std::size_t c);
/// x rounded to T.
template <class T>
matrix_of<T> to_type(const matrix& x);

/// The scalar loss of the gradient checks, L = Σ c⊙y + ½ Σ y² (dL/dy = c + y), and that c + y.
double loss_of(const matrix& y, const matrix& c);
matrix loss_gradient(const matrix& y, const matrix& c);

/// Central differences (h = 1e-6) of the scalar loss at x against `analytic`.
gradient_report check_gradient(const std::function<double(const matrix&)>& loss, const matrix& x,
                               const matrix& analytic);
/// llmlings::testing::check_store_gradients: every tensor of the store against central differences.
std::vector<tensor_gradient_report> check_store(parameter_store<double>& store, const std::function<double()>& loss);

/// The parameter's values (or gradients) as a flat vector in double, times `factor`.
template <class T>
vector values_of(const parameter<T>& p, double factor = 1.0);
template <class T>
vector grads_of(const parameter<T>& p, double factor = 1.0);
/// Whether every value (or gradient) of p equals c; whether two parameters hold the same values.
template <class T>
bool values_all(const parameter<T>& p, double c);
template <class T>
bool grads_all(const parameter<T>& p, double c);
template <class T>
bool same_values(const parameter<T>& a, const parameter<T>& b);
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
