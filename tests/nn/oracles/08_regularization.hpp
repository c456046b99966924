// SPDX-License-Identifier: MIT
// The oracles of tests/nn/08_regularization.cpp, compiled once in oracles/08_regularization.cpp
// (never with the learner's file): seeded random data, the torch BatchNorm1d golden file, the test
// loss and its gradient, dropout's statistics and element-wise helpers. Each returns plain
// containers, so the test file instantiates no expression of its own.
#ifndef LLMLINGS_TESTS_NN_ORACLES_08_REGULARIZATION_HPP
#define LLMLINGS_TESTS_NN_ORACLES_08_REGULARIZATION_HPP

#include <cstddef>
#include <functional>
#include <vector>

#include <llmlings/core.hpp>
#include <llmlings/core/parameters.hpp>
#include <llmlings/testing/gradcheck.hpp>

namespace oracles {

using llmlings::matrix;
using llmlings::matrix_of;
using llmlings::vector;

/// xt::random::seed(seed).
void seed_random(unsigned seed);
/// mean + sd·N(0, 1) numbers, the next ones of xt::random's stream, row by row.
matrix normal_matrix(std::size_t rows, std::size_t cols, double mean = 0.0, double sd = 1.0);
vector normal_vector(std::size_t n, double mean = 0.0, double sd = 1.0);

/// A tensor rounded to T (float or double).
template <class T>
matrix_of<T> rounded(const matrix& m);
/// A float or double tensor widened to double.
template <class T>
matrix widened(const matrix_of<T>& m);
/// A double tensor rounded to T and back: the values a T computation starts from.
template <class T>
matrix round_trip(const matrix& m);
template <class T>
vector round_trip(const vector& v);
/// A parameter's values or gradients, widened to double, as a flat vector.
template <class T>
vector values_of(const llmlings::parameter<T>& p);
template <class T>
vector grads_of(const llmlings::parameter<T>& p);
/// c·v.
vector scaled(const vector& v, double c);
/// A (rows, cols) tensor of copies of c.
template <class T>
matrix_of<T> filled(std::size_t rows, std::size_t cols, double c);
/// x ⊙ m element by element, in T.
template <class T>
matrix_of<T> times(const matrix_of<T>& x, const matrix_of<T>& m);
/// 1 where m is 0, 0 elsewhere: which units dropout dropped.
template <class T>
matrix zero_pattern(const matrix_of<T>& m);
/// How many elements of m are neither a nor b.
template <class T>
std::size_t count_other_than(const matrix_of<T>& m, double a, double b);
/// max |mᵢ|.
template <class T>
double max_abs(const matrix_of<T>& m);

/// Writes m (or v), rounded to T, into a parameter's values or gradients in the store.
template <class T>
void set_values(const llmlings::parameter<T>& p, const matrix& m);
template <class T>
void set_values(const llmlings::parameter<T>& p, const vector& v);
template <class T>
void set_grads(const llmlings::parameter<T>& p, const matrix& m);
template <class T>
void set_grads(const llmlings::parameter<T>& p, const vector& v);

/// The test loss L = Σ c⊙y + ½ Σ y² and its gradient dL/dy = c + y (which depends on the output,
/// as in nn/05's tests).
double quadratic_loss(const matrix& y, const matrix& c);
matrix quadratic_loss_grad(const matrix& y, const matrix& c);
/// Σ y⊙dy: a loss linear in y with gradient dy.
double linear_loss(const matrix& y, const matrix& dy);
/// llmlings::testing::gradient_check of a loss of a matrix at x against `analytic`, and
/// check_store_gradients of a loss of the store's values, instantiated here once (the test file
/// passes its lambdas as std::function).
llmlings::testing::gradient_report matrix_gradient_check(const std::function<double(const matrix&)>& loss,
                                                         const matrix& x, const matrix& analytic);
std::vector<llmlings::testing::tensor_gradient_report> store_gradient_check(llmlings::parameter_store<double>& store,
                                                                            const std::function<double()>& loss);

/// What a dropout of x by p produced: entries of the mask that are neither 0 nor 1/(1−p) or where
/// y ≠ x·mask (`bad`), the number of kept units, and the mean of y.
struct dropout_summary {
    std::size_t bad = 0;
    double kept = 0.0;
    double mean = 0.0;
};
dropout_summary summarize_dropout(const matrix& x, const matrix& y, const matrix& mask, double p);

/// tests/golden/nn/08_regularization.txt, from torch.nn.BatchNorm1d(3) in float64
/// (tools/golden/nn_batchnorm.py): γ, β; a train-mode step on x (output y, dy, dx, dγ, dβ, running
/// statistics after it), a second step on x2, and an eval-mode output ye of xe.
struct batch_norm_golden {
    vector gamma, beta;
    matrix x, y, dy, dx;
    vector dgamma, dbeta, rmean1, rvar1;
    matrix x2;
    vector rmean2, rvar2;
    matrix xe, ye;
};
batch_norm_golden load_batch_norm_golden();

}  // namespace oracles

#endif  // LLMLINGS_TESTS_NN_ORACLES_08_REGULARIZATION_HPP
