// SPDX-License-Identifier: MIT
// Oracles of tests/linalg/03_lu.cpp: xtensor and LAPACK (xtensor-blas), no llmlings code.
#include "03_lu.hpp"

#include <cmath>

#include <xtensor-blas/xlinalg.hpp>
#include <xtensor/xbuilder.hpp>
#include <xtensor/xrandom.hpp>

namespace oracles {

void seed_random(unsigned seed) {
    xt::random::seed(seed);
}

matrix random_matrix(std::size_t m, std::size_t n) {
    return xt::random::randn<double>({m, n});
}

vector random_vector(std::size_t n) {
    return xt::random::randn<double>({n});
}

matrix permuted_rows(const matrix& a, const index_vector& perm) {
    const std::size_t n = a.shape()[0];
    matrix pa = xt::zeros<double>({n, n});
    for (std::size_t i = 0; i < n; ++i)
        for (std::size_t j = 0; j < n; ++j) pa(i, j) = a(perm(i), j);
    return pa;
}

double lapack_det(const matrix& a) {
    return xt::linalg::det(a);
}

matrix blas_product(const matrix& a, const matrix& b) {
    return xt::linalg::dot(a, b);
}

vector blas_product(const matrix& a, const vector& x) {
    return xt::linalg::dot(a, x);
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

double max_abs(const vector& v) {
    double m = 0.0;
    for (std::size_t i = 0; i < v.size(); ++i) m = std::fmax(m, std::fabs(v(i)));
    return m;
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

vector minus(const vector& a, const vector& b) {
    return a - b;
}

matrix identity(std::size_t n) {
    return xt::eye<double>(n);
}

matrix filled_matrix(std::size_t m, std::size_t n, double c) {
    matrix out = xt::empty<double>({m, n});
    out.fill(c);
    return out;
}

}  // namespace oracles
