// SPDX-License-Identifier: MIT
// The oracles of tests/linalg/04_det_inverse.cpp, compiled once in oracles/04_det_inverse.cpp
// (never with the learner's file): the closed forms (permutation parity, Vandermonde and Hilbert
// matrices), seeded random matrices, BLAS products and LAPACK's det, slogdet and inv. Each returns
// plain containers, so the test file instantiates no expression of its own.
#ifndef LLMLINGS_TESTS_LINALG_ORACLES_04_DET_INVERSE_HPP
#define LLMLINGS_TESTS_LINALG_ORACLES_04_DET_INVERSE_HPP

#include <cstddef>
#include <vector>

#include <llmlings/core.hpp>

namespace oracles {

using llmlings::matrix;
using llmlings::vector;

/// P with P(i, perm[i]) = 1.
matrix permutation_of(const std::vector<std::size_t>& perm);
/// (-1)^(number of pairs i < j with perm[i] > perm[j]).
double parity(const std::vector<std::size_t>& perm);
/// V(i,j) = x_i^j, and its closed-form determinant Π_{i<j} (x_j − x_i).
matrix vandermonde(const vector& x);
double vandermonde_det(const vector& x);
/// The n×n Hilbert matrix H(i,j) = 1/(i+j+1).
matrix hilbert(std::size_t n);
/// xt::random::seed(seed): the draws below continue from there, in call order.
void seed_random(unsigned seed);
/// An (m,n) matrix of the next standard normal numbers of xt::random's stream.
matrix random_matrix(std::size_t m, std::size_t n);
/// A vector of the next n uniform numbers in [lo, hi) of xt::random's stream.
vector random_uniform(std::size_t n, double lo, double hi);
/// det(A), ln|det A| with its sign, and A⁻¹ by LAPACK (xt::linalg::det, slogdet, inv).
double lapack_det(const matrix& a);
struct log_det {
    double sign = 0.0;
    double log_abs = 0.0;
};
log_det lapack_slogdet(const matrix& a);
matrix lapack_inv(const matrix& a);
/// AB by BLAS.
matrix blas_product(const matrix& a, const matrix& b);
/// Aᵀ (xt::transpose), cA, the upper and lower triangles (diagonal included), and Π aᵢᵢ.
matrix xt_transposed(const matrix& a);
matrix scaled(double c, const matrix& a);
matrix upper_triangle(const matrix& a);
matrix lower_triangle(const matrix& a);
double diagonal_product(const matrix& a);
/// The (n,n) identity, and an (m,n) matrix filled with c.
matrix identity(std::size_t n);
matrix filled_matrix(std::size_t m, std::size_t n, double c);

}  // namespace oracles

#endif  // LLMLINGS_TESTS_LINALG_ORACLES_04_DET_INVERSE_HPP
