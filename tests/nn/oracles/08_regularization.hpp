// SPDX-License-Identifier: MIT
// The oracles of tests/nn/08_regularization.cpp, compiled once in oracles/08_regularization.cpp
// (never with the learner's file): random data with a mean, the torch BatchNorm1d golden file,
// dropout's statistics and the element-wise helpers of this topic; the seeded random data, the test
// loss and its gradient, the gradient checks and the parameter helpers are those of
// common/oracles.hpp. Each returns plain containers, so the test file instantiates no expression of
// its own.
#ifndef LLMLINGS_TESTS_NN_ORACLES_08_REGULARIZATION_HPP
#define LLMLINGS_TESTS_NN_ORACLES_08_REGULARIZATION_HPP

#include <cstddef>
#include <functional>

#include "common/oracles.hpp"

namespace oracles {

/// mean + sd·N(0, 1) numbers, the next ones of xt::random's stream, row by row (mean 0 and sd 1
/// return the draws themselves). With two arguments (one for the vector), normal_matrix and
/// normal_vector are those of common/oracles.hpp, which draw the same numbers.
matrix normal_matrix(std::size_t rows, std::size_t cols, double mean, double sd);
vector normal_vector(std::size_t n, double mean, double sd);

/// A float or double tensor widened to double (exact: every float is a double).
template <class T>
matrix widened(const matrix_of<T>& m);
template <class T>
vector widened(const llmlings::vector_of<T>& v);
/// A double tensor rounded to T and back: the values a T computation starts from.
template <class T>
matrix round_trip(const matrix& m);
template <class T>
vector round_trip(const vector& v);
/// x ⊙ m element by element, in T.
template <class T>
matrix_of<T> times(const matrix_of<T>& x, const matrix_of<T>& m);
/// 1 where m is 0, 0 elsewhere: which units dropout dropped.
template <class T>
matrix zero_pattern(const matrix_of<T>& m);
/// How many elements of m are neither a nor b.
template <class T>
std::size_t count_other_than(const matrix_of<T>& m, double a, double b);

/// `steps` steps of nn/07's SGD (the reference, an earlier topic) with learning rate lr and
/// weight_decay on a whole store: make_sgd(store, options), then before_step() and step(sgd) each
/// time. Compiled here once: the test file then includes no optimizer.
template <class T>
void sgd_steps(const llmlings::parameter_store<T>& store, double lr, double weight_decay, int steps,
               const std::function<void()>& before_step);

/// Σ y⊙dy: a loss linear in y with gradient dy.
double linear_loss(const matrix& y, const matrix& dy);

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
