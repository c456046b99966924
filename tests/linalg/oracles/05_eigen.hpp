// SPDX-License-Identifier: MIT
// The oracles of tests/linalg/05_eigen.cpp, compiled once in oracles/05_eigen.cpp (never with the
// learner's file): seeded random symmetric matrices, the closed forms of the second-difference
// matrix, BLAS products for the identities Av = λv, VᵀV = I, V diag(λ) Vᵀ = A, and LAPACK's
// dsyevd (xt::linalg::eigvalsh). Each returns plain containers, so the test file instantiates no
// expression of its own.
#ifndef LLMLINGS_TESTS_LINALG_ORACLES_05_EIGEN_HPP
#define LLMLINGS_TESTS_LINALG_ORACLES_05_EIGEN_HPP

#include <cstddef>

#include <llmlings/core.hpp>

namespace oracles {

using llmlings::matrix;
using llmlings::vector;

/// xt::random::seed(seed): the draws below continue from there, in call order.
void seed_random(unsigned seed);
/// An (m,n) matrix, or a vector, of the next standard normal numbers of xt::random's stream.
matrix random_matrix(std::size_t m, std::size_t n);
vector random_vector(std::size_t n);
/// A random symmetric matrix (B + Bᵀ)/2 with standard normal B, the next n² draws.
matrix random_symmetric(std::size_t n);
/// ‖A‖_F = √(Σ aᵢⱼ²).
double frobenius(const matrix& a);
/// |cos| of the angle between two vectors: 1 when they are parallel, whatever their signs.
double abs_cosine(const vector& a, const vector& b);
/// Column j of A.
vector column(const matrix& a, std::size_t j);
/// The products that check an eigendecomposition (BLAS): VᵀV, AV, VΛ and VΛVᵀ.
struct eigen_products {
    matrix gram, av, v_lambda, rebuilt;
};
eigen_products products_of(const matrix& a, const vector& values, const matrix& vectors);
/// The eigenvalues of a symmetric matrix by LAPACK (xt::linalg::eigvalsh), ascending.
vector lapack_eigvalsh(const matrix& a);
/// JᵀAJ, B Bᵀ and Ax by BLAS.
matrix rotated(const matrix& a, const matrix& j);
matrix times_own_transpose(const matrix& b);
vector blas_product(const matrix& a, const vector& x);
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
/// |aᵢⱼ|, sA and v/s, the (n,n) identity and an (m,n) matrix of zeros.
matrix abs_entries(const matrix& a);
matrix scaled(double s, const matrix& a);
vector divided(const vector& v, double s);
matrix identity(std::size_t n);
matrix zero_matrix(std::size_t m, std::size_t n);

}  // namespace oracles

#endif  // LLMLINGS_TESTS_LINALG_ORACLES_05_EIGEN_HPP
