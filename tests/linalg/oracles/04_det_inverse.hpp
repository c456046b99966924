// SPDX-License-Identifier: MIT
// The oracles of tests/linalg/04_det_inverse.cpp, compiled once in oracles/04_det_inverse.cpp
// (never with the learner's file): the closed forms (permutation parity, Vandermonde and Hilbert
// matrices), seeded uniform numbers and LAPACK's slogdet and inv; the seeded random matrices, the
// BLAS products and LAPACK's det are common/oracles.hpp's. Each returns plain containers, so the
// test file instantiates no expression of its own.
#ifndef LLMLINGS_TESTS_LINALG_ORACLES_04_DET_INVERSE_HPP
#define LLMLINGS_TESTS_LINALG_ORACLES_04_DET_INVERSE_HPP

#include <cstddef>
#include <vector>

#include "common/oracles.hpp"

namespace oracles {

/// P with P(i, perm[i]) = 1.
matrix permutation_of(const std::vector<std::size_t>& perm);
/// (-1)^(number of pairs i < j with perm[i] > perm[j]).
double parity(const std::vector<std::size_t>& perm);
/// V(i,j) = x_i^j, and its closed-form determinant Π_{i<j} (x_j − x_i).
matrix vandermonde(const vector& x);
double vandermonde_det(const vector& x);
/// The n×n Hilbert matrix H(i,j) = 1/(i+j+1).
matrix hilbert(std::size_t n);
/// A vector of the next n uniform numbers in [lo, hi) of xt::random's stream.
vector random_uniform(std::size_t n, double lo, double hi);
/// ln|det A| with its sign, and A⁻¹ by LAPACK (xt::linalg::slogdet, inv).
struct log_det {
    double sign = 0.0;
    double log_abs = 0.0;
};
log_det lapack_slogdet(const matrix& a);
matrix lapack_inv(const matrix& a);
/// The upper and lower triangles (diagonal included), and Π aᵢᵢ.
matrix upper_triangle(const matrix& a);
matrix lower_triangle(const matrix& a);
double diagonal_product(const matrix& a);

}  // namespace oracles

#endif  // LLMLINGS_TESTS_LINALG_ORACLES_04_DET_INVERSE_HPP
