// SPDX-License-Identifier: MIT
// The oracles of tests/linalg/06_svd.cpp, compiled once in oracles/06_svd.cpp (never with the
// learner's file): LAPACK's dgesdd (xt::linalg::svd), the BLAS products of the identities A = UΣVᵀ,
// UᵀU = VVᵀ = I, and the golden file of NumPy singular values written by
// tools/golden/linalg_svd.py; the seeded random matrices, AB and the element-wise helpers are
// common/oracles.hpp's. Each returns plain containers, so the test file instantiates no expression
// of its own.
#ifndef LLMLINGS_TESTS_LINALG_ORACLES_06_SVD_HPP
#define LLMLINGS_TESTS_LINALG_ORACLES_06_SVD_HPP

#include <cstddef>
#include <string>

#include "common/oracles.hpp"

namespace oracles {

/// LAPACK's singular values (dgesdd), descending.
vector lapack_singular_values(const matrix& a);
/// The products that check a thin SVD (BLAS): UᵀU, VᵀV (as Vᵀ·V), and U diag(s) Vᵀ, multiplied
/// out independently of low_rank_approximation.
struct svd_products {
    matrix utu, vvt, rebuilt;
};
svd_products products_of(const matrix& u, const vector& s, const matrix& vt);
/// u vᵀ.
matrix outer_product(const vector& u, const vector& v);
/// True when every entry of v is exactly 0.
bool all_zero(const vector& v);
/// A + ε·N, N the next standard normal numbers of xt::random's stream, of A's shape.
matrix perturbed(const matrix& a, double epsilon);
/// tests/golden/linalg/06_svd.txt: a 5x4 Hilbert matrix and a 4x6 standard normal one, with
/// NumPy's singular values of each.
struct svd_golden {
    std::string generator;
    matrix hilbert, random;
    vector hilbert_s, random_s;
};
svd_golden load_svd_golden();

}  // namespace oracles

#endif  // LLMLINGS_TESTS_LINALG_ORACLES_06_SVD_HPP
