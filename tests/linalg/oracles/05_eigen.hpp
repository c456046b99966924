// SPDX-License-Identifier: MIT
// The oracles of tests/linalg/05_eigen.cpp, compiled once in oracles/05_eigen.cpp (never with the
// learner's file): seeded random symmetric matrices, the closed forms of the second-difference
// matrix, BLAS products for the identities Av = λv, VᵀV = I, V diag(λ) Vᵀ = A, and LAPACK's dsyevd
// (xt::linalg::eigvalsh); the seeded random data, Ax and the element-wise helpers are
// common/oracles.hpp's. Each returns plain containers, so the test file instantiates no expression
// of its own.
#ifndef LLMLINGS_TESTS_LINALG_ORACLES_05_EIGEN_HPP
#define LLMLINGS_TESTS_LINALG_ORACLES_05_EIGEN_HPP

#include <cstddef>

#include "common/oracles.hpp"

namespace oracles {

/// A random symmetric matrix (B + Bᵀ)/2 with standard normal B, the next n² draws.
matrix random_symmetric(std::size_t n);
/// |cos| of the angle between two vectors: 1 when they are parallel, whatever their signs.
double abs_cosine(const vector& a, const vector& b);
/// The products that check an eigendecomposition (BLAS): VᵀV, AV, VΛ and VΛVᵀ.
struct eigen_products {
    matrix gram, av, v_lambda, rebuilt;
};
eigen_products products_of(const matrix& a, const vector& values, const matrix& vectors);
/// The eigenvalues of a symmetric matrix by LAPACK (xt::linalg::eigvalsh), ascending.
vector lapack_eigvalsh(const matrix& a);
/// JᵀAJ and B Bᵀ by BLAS.
matrix rotated(const matrix& a, const matrix& j);
matrix times_own_transpose(const matrix& b);
/// w − λv.
vector minus_scaled(const vector& w, double lambda, const vector& v);
/// The n×n second-difference matrix (2 on the diagonal, −1 beside it), its eigenvalues
/// λₖ = 2 − 2cos(kπ/(n+1)) in ascending order (k = 1…n) and its k-th eigenvector
/// (sin(jkπ/(n+1)))ⱼ, j = 1…n.
matrix second_difference(std::size_t n);
vector second_difference_eigenvalues(std::size_t n);
vector second_difference_eigenvector(std::size_t n, std::size_t k);
/// I + u uᵀ.
matrix identity_plus_outer(const vector& u);
/// |aᵢⱼ|.
matrix abs_entries(const matrix& a);

}  // namespace oracles

#endif  // LLMLINGS_TESTS_LINALG_ORACLES_05_EIGEN_HPP
