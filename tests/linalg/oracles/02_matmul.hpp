// SPDX-License-Identifier: MIT
// The oracles of tests/linalg/02_matmul.cpp, compiled once in oracles/02_matmul.cpp (never with
// the learner's file): seeded random matrices, BLAS products (xt::linalg::dot through
// xtensor-blas), xtensor's own transpose and reshapes, and the constant matrices the identities
// need. Each returns plain containers, so the test file instantiates no expression of its own.
#ifndef LLMLINGS_TESTS_LINALG_ORACLES_02_MATMUL_HPP
#define LLMLINGS_TESTS_LINALG_ORACLES_02_MATMUL_HPP

#include <cstddef>

#include <llmlings/core.hpp>

namespace oracles {

using llmlings::matrix;
using llmlings::vector;

/// xt::random::seed(seed): the draws below continue from there, in call order.
void seed_random(unsigned seed);
/// An (m,n) matrix of the next m·n standard normal numbers of xt::random's stream.
matrix random_matrix(std::size_t m, std::size_t n);
/// A vector of the next n standard normal numbers of xt::random's stream.
vector random_vector(std::size_t n);
/// AB and Ax by BLAS (dgemm, dgemv).
matrix blas_product(const matrix& a, const matrix& b);
vector blas_product(const matrix& a, const vector& x);
/// xt::transpose(A), copied.
matrix xt_transposed(const matrix& a);
/// The (n,n) identity, an (m,n) matrix of zeros and one filled with c.
matrix identity(std::size_t n);
matrix zero_matrix(std::size_t m, std::size_t n);
matrix filled_matrix(std::size_t m, std::size_t n, double c);
/// x as an (n,1) column, and an (m,1) or (1,m) matrix flattened to (m).
matrix as_column(const vector& x);
vector flattened(const matrix& a);

}  // namespace oracles

#endif  // LLMLINGS_TESTS_LINALG_ORACLES_02_MATMUL_HPP
