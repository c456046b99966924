// SPDX-License-Identifier: MIT
// The oracles of tests/linalg/07_derivatives.cpp, compiled once in oracles/07_derivatives.cpp
// (never with the learner's file): the observed error order of a difference and analytic gradients
// (sigmoid, Ax + b); the seeded random inputs and the BLAS product Ax are common/oracles.hpp's.
// Each returns plain containers, so the test file instantiates no expression of its own.
#ifndef LLMLINGS_TESTS_LINALG_ORACLES_07_DERIVATIVES_HPP
#define LLMLINGS_TESTS_LINALG_ORACLES_07_DERIVATIVES_HPP

#include <cstddef>
#include <functional>

#include "common/oracles.hpp"

namespace oracles {

/// Least-squares slope of log|estimate(h) − exact| against log(h) for h = 1e-2 / 2^k, k = 0…6:
/// the observed order of the error.
double error_order(const std::function<double(double)>& estimate, double exact);
/// σ(xᵢ) = 1 / (1 + e^(−xᵢ)), element by element: the gradient of Σ softplus(xᵢ).
vector sigmoids(const vector& x);
/// M + Mᵀ.
matrix symmetrised(const matrix& m);
/// Ax + b.
vector affine(const matrix& a, const vector& x, const vector& b);

}  // namespace oracles

#endif  // LLMLINGS_TESTS_LINALG_ORACLES_07_DERIVATIVES_HPP
