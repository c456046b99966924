// SPDX-License-Identifier: MIT
// Oracles of tests/linalg/05_eigen.cpp: closed forms, xtensor and LAPACK (xtensor-blas), no
// llmlings code.
#include "05_eigen.hpp"

#include <cmath>

#include <xtensor-blas/xlinalg.hpp>
#include <xtensor/xbuilder.hpp>
#include <xtensor/xmanipulation.hpp>
#include <xtensor/xrandom.hpp>
#include <xtensor/xview.hpp>

namespace oracles {

namespace {
const double pi = std::acos(-1.0);
}

matrix random_symmetric(std::size_t n) {
    const matrix b = xt::random::randn<double>({n, n});
    return 0.5 * (b + xt::transpose(b));
}

double abs_cosine(const vector& a, const vector& b) {
    return std::fabs(xt::sum(a * b)()) / std::sqrt(xt::sum(a * a)() * xt::sum(b * b)());
}

eigen_products products_of(const matrix& a, const vector& values, const matrix& vectors) {
    eigen_products p;
    p.gram = xt::linalg::dot(xt::transpose(vectors), vectors);
    p.av = xt::linalg::dot(a, vectors);
    p.v_lambda = vectors * xt::view(values, xt::newaxis(), xt::all());
    p.rebuilt = xt::linalg::dot(p.v_lambda, xt::transpose(vectors));
    return p;
}

vector lapack_eigvalsh(const matrix& a) {
    return xt::linalg::eigvalsh(a);
}

matrix rotated(const matrix& a, const matrix& j) {
    return xt::linalg::dot(xt::linalg::dot(xt::transpose(j), a), j);
}

matrix times_own_transpose(const matrix& b) {
    return xt::linalg::dot(b, xt::transpose(b));
}

vector minus_scaled(const vector& w, double lambda, const vector& v) {
    return w - lambda * v;
}

matrix second_difference(std::size_t n) {
    matrix a = xt::zeros<double>({n, n});
    for (std::size_t i = 0; i < n; ++i) {
        a(i, i) = 2.0;
        if (i + 1 < n) a(i, i + 1) = a(i + 1, i) = -1.0;
    }
    return a;
}

vector second_difference_eigenvalues(std::size_t n) {
    vector expected = xt::empty<double>({n});
    for (std::size_t k = 1; k <= n; ++k)
        expected(k - 1) = 2.0 - 2.0 * std::cos(static_cast<double>(k) * pi / static_cast<double>(n + 1));
    return expected;
}

vector second_difference_eigenvector(std::size_t n, std::size_t k) {
    vector u = xt::empty<double>({n});
    for (std::size_t j = 1; j <= n; ++j)
        u(j - 1) = std::sin(static_cast<double>(j * k) * pi / static_cast<double>(n + 1));
    return u;
}

matrix identity_plus_outer(const vector& u) {
    return xt::eye<double>(u.size()) + xt::linalg::outer(u, u);
}

matrix abs_entries(const matrix& a) {
    return xt::abs(a);
}

}  // namespace oracles
