// SPDX-License-Identifier: MIT
// The oracles of tests/ml/09_pca.cpp, compiled once in oracles/09_pca.cpp (never with the learner's
// file): seeded correlated data, the iris features, the covariance matrix (stats/01) and its
// eigen-decompositions by linalg/05 and by LAPACK's dsyevd, and the xtensor arithmetic the
// identities need. The helpers shared with other topics (seeded random draws, constant tensors,
// slices, reductions) are those of common/oracles.hpp. Each returns plain containers, so the test
// file instantiates no expression of its own.
#ifndef LLMLINGS_TESTS_ML_ORACLES_09_PCA_HPP
#define LLMLINGS_TESTS_ML_ORACLES_09_PCA_HPP

#include <cstddef>

#include "common/oracles.hpp"

namespace oracles {

/// Seeded correlated data (n,d): standard normals times a random mixing matrix, plus an offset of
/// 10 N(0, 1) per column, after xt::random::seed(seed).
matrix correlated_data(int seed, std::size_t n, std::size_t d);
/// The 150 × 4 iris measurements.
matrix iris_features();
/// The sample covariance matrix (ddof 1) of the columns of x (stats::covariance_matrix).
matrix sample_covariance(const matrix& x);
/// Eigenvalues in ascending order and the eigenvectors as columns.
struct eigen_pairs {
    vector values;
    matrix vectors;
};
/// Of a symmetric matrix, by linalg/05's symmetric_eigen and by LAPACK (xt::linalg::eigh, dsyevd).
eigen_pairs eigen_linalg(const matrix& a);
eigen_pairs eigen_lapack(const matrix& a);
/// |a · b|, where a is row i of p and b column j of q.
double abs_row_dot_column(const matrix& p, std::size_t i, const matrix& q, std::size_t j);
/// P Pᵀ; the diagonal matrix of v.
matrix gram_rows(const matrix& p);
matrix diagonal_matrix(const vector& v);
/// Σ of vᵢ for i ≥ from; Σ (a − b)² over all entries.
double tail_sum(const vector& v, std::size_t from);
double squared_distance(const matrix& a, const matrix& b);
/// True when the entry of largest magnitude of v is positive.
bool largest_entry_positive(const vector& v);

}  // namespace oracles

#endif  // LLMLINGS_TESTS_ML_ORACLES_09_PCA_HPP
