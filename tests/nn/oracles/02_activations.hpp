// SPDX-License-Identifier: MIT
// The oracles of tests/nn/02_activations.cpp, compiled once in oracles/02_activations.cpp (never
// with the learner's file): seeded random inputs, ml/03's softmax and log-softmax (an earlier
// topic) and the central-difference gradient checks of the losses built on them.
#ifndef LLMLINGS_TESTS_NN_ORACLES_02_ACTIVATIONS_HPP
#define LLMLINGS_TESTS_NN_ORACLES_02_ACTIVATIONS_HPP

#include <cstddef>
#include <functional>

#include <llmlings/core.hpp>
#include <llmlings/testing/gradcheck.hpp>

namespace oracles {

using llmlings::matrix;
using llmlings::matrix_of;
using llmlings::testing::gradient_report;

/// rows × cols standard normal numbers times `scale`, after xt::random::seed(seed) when seed ≥ 0,
/// else the next ones of xt::random's stream.
matrix seeded_normal(long seed, std::size_t rows, std::size_t cols, double scale = 1.0);
/// A rows × cols matrix filled with c.
matrix filled(std::size_t rows, std::size_t cols, double c);

/// ml/03's row-wise softmax and log-softmax, in T (the tests' inputs to the backward passes).
template <class T>
matrix_of<T> softmax_rows(const matrix_of<T>& x);
template <class T>
matrix_of<T> log_softmax_rows(const matrix_of<T>& x);
/// x rounded to T, and back to double.
template <class T>
matrix_of<T> to_type(const matrix& x);
template <class T>
matrix to_double(const matrix_of<T>& x);

/// Central differences (h = 1e-6) of the scalar f at x0 against `analytic`.
gradient_report check_scalar_derivative(const std::function<double(double)>& f, double x0, double analytic);
/// Central differences of L(x) = Σ w ⊙ softmax(x) (and of Σ w ⊙ log_softmax(x)) against `analytic`,
/// the backward pass's dL/dx for the upstream gradient w.
gradient_report check_softmax_loss_gradient(const matrix& x, const matrix& w, const matrix& analytic);
gradient_report check_log_softmax_loss_gradient(const matrix& x, const matrix& w, const matrix& analytic);

}  // namespace oracles

#endif  // LLMLINGS_TESTS_NN_ORACLES_02_ACTIVATIONS_HPP
