// SPDX-License-Identifier: MIT
// Oracles of tests/linalg/03_lu.cpp: xtensor and LAPACK (xtensor-blas), no llmlings code.
#include "03_lu.hpp"

#include <cmath>

#include <xtensor-blas/xlinalg.hpp>
#include <xtensor/xbuilder.hpp>

namespace oracles {

matrix permuted_rows(const matrix& a, const index_vector& perm) {
    const std::size_t n = a.shape()[0];
    matrix pa = xt::zeros<double>({n, n});
    for (std::size_t i = 0; i < n; ++i)
        for (std::size_t j = 0; j < n; ++j) pa(i, j) = a(perm(i), j);
    return pa;
}

vector lapack_solve(const matrix& a, const vector& b) {
    return xt::linalg::solve(a, b);
}

matrix lapack_solve(const matrix& a, const matrix& b) {
    return xt::linalg::solve(a, b);
}

matrix lower_plus_diagonal(const matrix& r, double d) {
    return xt::tril(r) + d * xt::eye<double>(r.shape()[0]);
}

matrix upper_plus_diagonal(const matrix& r, double d) {
    return xt::triu(r) + d * xt::eye<double>(r.shape()[0]);
}

double norm_inf(const matrix& a) {
    double m = 0.0;
    for (std::size_t i = 0; i < a.shape()[0]; ++i) {
        double row = 0.0;
        for (std::size_t j = 0; j < a.shape()[1]; ++j) row += std::fabs(a(i, j));
        m = std::fmax(m, row);
    }
    return m;
}

}  // namespace oracles
