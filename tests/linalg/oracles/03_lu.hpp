// SPDX-License-Identifier: MIT
// The oracles of tests/linalg/03_lu.cpp, compiled once in oracles/03_lu.cpp (never with the
// learner's file): LAPACK's dgesv, PA from the definition, and the norm of residuals; the seeded
// random matrices, the BLAS products, LAPACK's det and max |vᵢ| are common/oracles.hpp's. Each
// returns plain containers, so the test file instantiates no expression of its own.
#ifndef LLMLINGS_TESTS_LINALG_ORACLES_03_LU_HPP
#define LLMLINGS_TESTS_LINALG_ORACLES_03_LU_HPP

#include <cstddef>

#include "common/oracles.hpp"

namespace oracles {

/// PA built directly from the definition "row i of PA is row perm(i) of A".
matrix permuted_rows(const matrix& a, const index_vector& perm);
/// The solution of AX = B by LAPACK's dgesv (xt::linalg::solve).
vector lapack_solve(const matrix& a, const vector& b);
matrix lapack_solve(const matrix& a, const matrix& b);
/// The lower (upper) triangle of R, diagonal included, plus d·I.
matrix lower_plus_diagonal(const matrix& r, double d);
matrix upper_plus_diagonal(const matrix& r, double d);
/// ‖A‖∞ = the largest row sum of |aᵢⱼ|.
double norm_inf(const matrix& a);

}  // namespace oracles

#endif  // LLMLINGS_TESTS_LINALG_ORACLES_03_LU_HPP
