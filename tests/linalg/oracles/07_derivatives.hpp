// SPDX-License-Identifier: MIT
// The oracles of tests/linalg/07_derivatives.cpp, compiled once in oracles/07_derivatives.cpp
// (never with the learner's file): the observed error order of a difference, seeded random
// inputs, analytic gradients (sigmoid, Ax + b) and BLAS products. Each returns plain containers,
// so the test file instantiates no expression of its own.
#ifndef LLMLINGS_TESTS_LINALG_ORACLES_07_DERIVATIVES_HPP
#define LLMLINGS_TESTS_LINALG_ORACLES_07_DERIVATIVES_HPP

#include <cstddef>
#include <functional>

#include <llmlings/core.hpp>

namespace oracles {

using llmlings::matrix;
using llmlings::vector;

/// Least-squares slope of log|estimate(h) − exact| against log(h) for h = 1e-2 / 2^k, k = 0…6:
/// the observed order of the error.
double error_order(const std::function<double(double)>& estimate, double exact);
/// xt::random::seed(seed): the draws below continue from there, in call order.
void seed_random(unsigned seed);
/// An (m,n) matrix, or a vector, of the next standard normal numbers of xt::random's stream.
matrix random_matrix(std::size_t m, std::size_t n);
vector random_vector(std::size_t n);
/// c·v.
vector scaled(double c, const vector& v);
/// σ(xᵢ) = 1 / (1 + e^(−xᵢ)), element by element: the gradient of Σ softplus(xᵢ).
vector sigmoids(const vector& x);
/// M + Mᵀ.
matrix symmetrised(const matrix& m);
/// Ax (BLAS) and Ax + b.
vector blas_product(const matrix& a, const vector& x);
vector affine(const matrix& a, const vector& x, const vector& b);

}  // namespace oracles

#endif  // LLMLINGS_TESTS_LINALG_ORACLES_07_DERIVATIVES_HPP
