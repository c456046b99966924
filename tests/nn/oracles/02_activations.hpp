// SPDX-License-Identifier: MIT
// The oracles of tests/nn/02_activations.cpp, compiled once in oracles/02_activations.cpp (never
// with the learner's file): ml/03's softmax and log-softmax (an earlier topic) and the
// central-difference gradient checks of the losses built on them; the seeded random inputs and the
// conversions are those of common/oracles.hpp.
#ifndef LLMLINGS_TESTS_NN_ORACLES_02_ACTIVATIONS_HPP
#define LLMLINGS_TESTS_NN_ORACLES_02_ACTIVATIONS_HPP

#include <functional>

#include "common/oracles.hpp"

namespace oracles {

using llmlings::testing::gradient_report;

/// ml/03's row-wise softmax and log-softmax, in T (the tests' inputs to the backward passes).
template <class T>
matrix_of<T> softmax_rows(const matrix_of<T>& x);
template <class T>
matrix_of<T> log_softmax_rows(const matrix_of<T>& x);
/// Central differences (h = 1e-6) of the scalar f at x0 against `analytic`.
gradient_report check_scalar_derivative(const std::function<double(double)>& f, double x0, double analytic);
/// Central differences of L(x) = Σ w ⊙ softmax(x) (and of Σ w ⊙ log_softmax(x)) against `analytic`,
/// the backward pass's dL/dx for the upstream gradient w.
gradient_report check_softmax_loss_gradient(const matrix& x, const matrix& w, const matrix& analytic);
gradient_report check_log_softmax_loss_gradient(const matrix& x, const matrix& w, const matrix& analytic);

}  // namespace oracles

#endif  // LLMLINGS_TESTS_NN_ORACLES_02_ACTIVATIONS_HPP
