// SPDX-License-Identifier: MIT
// The oracles of tests/linalg/03_lu.cpp, compiled once in oracles/03_lu.cpp (never with the
// learner's file): seeded random matrices, BLAS products, LAPACK's dgesv and det, PA from the
// definition, and the norms of residuals. Each returns plain containers, so the test file
// instantiates no expression of its own.
#ifndef LLMLINGS_TESTS_LINALG_ORACLES_03_LU_HPP
#define LLMLINGS_TESTS_LINALG_ORACLES_03_LU_HPP

#include <cstddef>

#include <llmlings/core.hpp>

namespace oracles {

using llmlings::index_vector;
using llmlings::matrix;
using llmlings::vector;

/// xt::random::seed(seed): the draws below continue from there, in call order.
void seed_random(unsigned seed);
/// An (m,n) matrix, or a vector, of the next standard normal numbers of xt::random's stream.
matrix random_matrix(std::size_t m, std::size_t n);
vector random_vector(std::size_t n);
/// PA built directly from the definition "row i of PA is row perm(i) of A".
matrix permuted_rows(const matrix& a, const index_vector& perm);
/// det(A) by LAPACK (xt::linalg::det).
double lapack_det(const matrix& a);
/// AB and Ax by BLAS.
matrix blas_product(const matrix& a, const matrix& b);
vector blas_product(const matrix& a, const vector& x);
/// The solution of AX = B by LAPACK's dgesv (xt::linalg::solve).
vector lapack_solve(const matrix& a, const vector& b);
matrix lapack_solve(const matrix& a, const matrix& b);
/// The lower (upper) triangle of R, diagonal included, plus d·I.
matrix lower_plus_diagonal(const matrix& r, double d);
matrix upper_plus_diagonal(const matrix& r, double d);
/// max |vᵢ|, and ‖A‖∞ = the largest row sum of |aᵢⱼ|.
double max_abs(const vector& v);
double norm_inf(const matrix& a);
/// a − b.
vector minus(const vector& a, const vector& b);
/// The (n,n) identity, and an (m,n) matrix filled with c.
matrix identity(std::size_t n);
matrix filled_matrix(std::size_t m, std::size_t n, double c);

}  // namespace oracles

#endif  // LLMLINGS_TESTS_LINALG_ORACLES_03_LU_HPP
