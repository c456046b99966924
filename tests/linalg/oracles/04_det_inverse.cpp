// SPDX-License-Identifier: MIT
// Oracles of tests/linalg/04_det_inverse.cpp: closed forms, xtensor and LAPACK (xtensor-blas), no
// llmlings code.
#include "04_det_inverse.hpp"

#include <cmath>
#include <tuple>

#include <xtensor-blas/xlinalg.hpp>
#include <xtensor/xbuilder.hpp>
#include <xtensor/xrandom.hpp>

namespace oracles {

matrix permutation_of(const std::vector<std::size_t>& perm) {
    const std::size_t n = perm.size();
    matrix p = xt::zeros<double>({n, n});
    for (std::size_t i = 0; i < n; ++i) p(i, perm[i]) = 1.0;
    return p;
}

double parity(const std::vector<std::size_t>& perm) {
    int inversions = 0;
    for (std::size_t i = 0; i < perm.size(); ++i)
        for (std::size_t j = i + 1; j < perm.size(); ++j)
            if (perm[i] > perm[j]) ++inversions;
    return inversions % 2 == 0 ? 1.0 : -1.0;
}

matrix vandermonde(const vector& x) {
    const std::size_t n = x.size();
    matrix v({n, n});
    for (std::size_t i = 0; i < n; ++i)
        for (std::size_t j = 0; j < n; ++j) v(i, j) = std::pow(x(i), static_cast<double>(j));
    return v;
}

double vandermonde_det(const vector& x) {
    double product = 1.0;
    for (std::size_t i = 0; i < x.size(); ++i)
        for (std::size_t j = i + 1; j < x.size(); ++j) product *= x(j) - x(i);
    return product;
}

matrix hilbert(std::size_t n) {
    matrix h({n, n});
    for (std::size_t i = 0; i < n; ++i)
        for (std::size_t j = 0; j < n; ++j) h(i, j) = 1.0 / static_cast<double>(i + j + 1);
    return h;
}

vector random_uniform(std::size_t n, double lo, double hi) {
    return xt::random::rand<double>({n}, lo, hi);
}

log_det lapack_slogdet(const matrix& a) {
    const auto result = xt::linalg::slogdet(a);
    return {static_cast<double>(std::get<0>(result)), static_cast<double>(std::get<1>(result))};
}

matrix lapack_inv(const matrix& a) {
    return xt::linalg::inv(a);
}

matrix upper_triangle(const matrix& a) {
    return xt::triu(a);
}

matrix lower_triangle(const matrix& a) {
    return xt::tril(a);
}

double diagonal_product(const matrix& a) {
    double product = 1.0;
    for (std::size_t i = 0; i < a.shape()[0]; ++i) product *= a(i, i);
    return product;
}

}  // namespace oracles
